//! Early warning on two years of generated data: the generator plants spikes (a category, a
//! town, a unit, a topic) in months it records, with the ids of the tickets it added. The
//! alerts must find the planted spikes of three times or more, and raise few others: an
//! alert counts as explained when the planted tickets make most of its excess (a town's spike
//! lifts its county too).

use std::collections::HashSet;

use hotline_analyzer::query::Facet;
use hotline_analyzer::report::Block;
use hotline_analyzer::sample::history::Dimension;
use hotline_analyzer::sample::{csv_with_truth, SampleOptions};
use hotline_analyzer::trends::alerts::{alerts, AlertSettings, Direction};
use hotline_analyzer::trends::watched;
use hotline_analyzer::{analyze, Input, Settings};

#[test]
fn alerts_find_the_planted_spikes_and_few_others() {
    let options = SampleOptions { months: 25, planted: true, ..Default::default() };
    let (bytes, truth) = csv_with_truth(&options);
    let analysis = analyze(
        vec![Input::new("两年.csv", &bytes[..]).with_size(bytes.len() as u64)],
        &Settings::default(),
        &mut |_, _, _| {},
    )
    .expect("two years are analysed");
    drop(bytes);
    let tickets = analysis.tickets;
    let series = tickets.series(&watched(tickets.topic_facets())).unwrap();
    assert_eq!(series.months.len(), 25);
    let planted: HashSet<&str> = truth.iter().flat_map(|a| a.ids.iter().map(String::as_str)).collect();
    let settings = AlertSettings::default();

    let spikes: Vec<_> = truth.iter().filter(|a| a.dimension != Dimension::Phrase && a.factor >= 3.0).collect();
    assert!(spikes.len() >= 5, "{} spikes planted", spikes.len());
    let (mut found, mut unexplained, mut raised) = (0, Vec::new(), 0);
    let evaluated = 2..series.months.len();
    for at in evaluated.clone() {
        let month = series.months[at];
        let raised_here = alerts(&series, at, &settings);
        raised += raised_here.len();
        for spike in spikes.iter().filter(|a| a.month == month.to_string()) {
            let hit = raised_here.iter().any(|alert| {
                alert.direction == Direction::Rise
                    && match spike.dimension {
                        Dimension::Category => alert.facet == Facet::Category3 && spike.value.ends_with(&alert.value),
                        Dimension::Town => alert.facet == Facet::Town && alert.value == spike.value,
                        Dimension::Unit => alert.facet == Facet::Unit && alert.value == spike.value,
                        // The topic's sub-topic the planted tickets fall in.
                        Dimension::Topic => matches!(alert.facet, Facet::Topic(_)),
                        Dimension::Phrase => false,
                    }
            });
            if hit {
                found += 1;
            } else {
                println!(
                    "missed: {} {:?} {} (base {}, added {})",
                    spike.month, spike.dimension, spike.value, spike.base, spike.added
                );
                for alert in &raised_here {
                    println!("    raised: {:?} {} {} {:?}", alert.facet, alert.value, alert.observed, alert.direction);
                }
            }
        }
        for alert in &raised_here {
            let rows = tickets.selected(&alert.selection).unwrap();
            assert_eq!(rows.len() as u32, alert.observed, "an alert's tickets are its count");
            let from_planted = rows.iter().filter(|&&r| planted.contains(tickets.ticket(r).id.as_str())).count() as f64;
            let excess = (alert.observed as f64 - alert.expected).abs();
            if alert.direction == Direction::Fall || from_planted < 0.5 * excess {
                unexplained.push(format!(
                    "{month} {}：{} {:?} {} (expected {:.0}, score {:.1})",
                    alert.dimension, alert.label, alert.direction, alert.observed, alert.expected, alert.score
                ));
            }
        }
    }
    let months = evaluated.len() as f64;
    let recall = found as f64 / spikes.len() as f64;
    let unplanted_per_month = unexplained.len() as f64 / months;
    println!(
        "planted spikes of 3× or more: {}, found {found} (recall {:.0}%); alerts raised {raised} in {months} months, {} unplanted = {unplanted_per_month:.2} a month",
        spikes.len(),
        100.0 * recall,
        unexplained.len()
    );
    for line in &unexplained {
        println!("  unplanted: {line}");
    }
    assert!(recall >= 0.9, "recall {recall:.2}");
    assert!(unplanted_per_month <= 2.0, "{unplanted_per_month:.2} unplanted alerts a month");

    // The new phrase is among the top five emerging problems of its month.
    let phrase = truth.iter().find(|a| a.dimension == Dimension::Phrase).expect("a phrase is planted");
    let month = *series.months.iter().find(|m| m.to_string() == phrase.month).unwrap();
    let emerging = tickets.emerging(month, &Default::default()).unwrap();
    for (place, problem) in emerging.iter().enumerate() {
        println!(
            "emerging in {month} #{}: {} — {} tickets ({:.1} per 10,000; before {:.1}), most in {:?}, {:?}",
            place + 1,
            problem.phrase,
            problem.tickets.count,
            problem.per_10k,
            problem.per_10k_earlier,
            problem.town,
            problem.unit
        );
    }
    let place = emerging.iter().take(5).position(|p| p.phrase.contains(&phrase.value));
    assert!(place.is_some(), "“{}” not in the top five of {month}", phrase.value);
    let found = &emerging[place.unwrap()];
    assert_eq!(
        tickets.selected(&found.tickets.selection).unwrap().len() as u64,
        found.tickets.count,
        "it opens its tickets"
    );
}

#[test]
fn the_letter_of_a_month_with_a_spike_warns_of_it_and_a_two_month_letter_has_no_warning_part() {
    let options = SampleOptions { months: 25, planted: true, scale: 0.3, ..Default::default() };
    let (bytes, truth) = csv_with_truth(&options);
    let spike = truth.iter().find(|a| a.dimension == Dimension::Category && a.month == "2020-10").expect("planted");
    let mut settings = Settings::default();
    settings.period.month = spike.month.clone();
    let analysis = analyze(vec![Input::new("两年.csv", &bytes[..])], &settings, &mut |_, _, _| {}).unwrap();
    let blocks = &analysis.document.blocks;
    let text = |b: &Block| match b {
        Block::Heading { text, .. } | Block::Paragraph { text, .. } => Some(text.clone()),
        _ => None,
    };
    let lines: Vec<String> = blocks.iter().filter_map(text).collect();
    // After 四、重复诉求与办理质量 (the planted data has callers and addresses).
    let part = lines.iter().position(|l| l == "五、预警提示").expect("the warning part is written");
    let warned = lines[part..].iter().find(|l| l.contains("油烟污染") && l.contains("异常增多"));
    println!("{}", lines[part..].join("\n"));
    assert!(warned.is_some(), "the 油烟污染 spike is in the letter");
    // The letter counts only the months its alerts read; its alerts are those of every month.
    let letter: Vec<(String, u64)> = analysis
        .figures
        .warning
        .as_ref()
        .expect("a warning part")
        .alerts
        .iter()
        .map(|a| (a.label.clone(), a.observed.count))
        .collect();
    let series = analysis.tickets.series(&watched(analysis.tickets.topic_facets())).unwrap();
    let at = series.months.iter().position(|m| m.to_string() == spike.month).unwrap();
    let whole: Vec<(String, u64)> = alerts(&series, at, &AlertSettings::default())
        .into_iter()
        .take(letter.len())
        .map(|a| (a.label, a.observed as u64))
        .collect();
    assert!(!letter.is_empty());
    assert_eq!(letter, whole);
    // Each count in it opens exactly its tickets.
    for block in blocks {
        if let Block::Paragraph { id, links, .. } = block {
            if id.starts_with("warning.") {
                for link in links {
                    let found = analysis.tickets.selected(&link.target.selection).unwrap().len() as u64;
                    assert_eq!(found, link.target.count, "{id}");
                }
            }
        }
    }

    // The attachments list the same, and the Excel workbook carries them.
    let table = analysis.document.attachments.iter().find(|t| t.id == "attachment-warning").expect("an attachment");
    assert!(table.caption.contains("预警提示明细表"));
    assert!(table.rows.iter().any(|row| row.iter().any(|c| c.display() == "油烟污染")));
    let workbook = hotline_analyzer::report::xlsx::render(&analysis.document.attachments).unwrap();
    assert_eq!(&workbook[..2], b"PK");

    // The reference pair alone: the letter is as it was, without the part.
    let two = SampleOptions { months: 2, planted: true, ..Default::default() };
    let (bytes, _) = csv_with_truth(&two);
    let analysis =
        analyze(vec![Input::new("两个月.csv", &bytes[..])], &Settings::default(), &mut |_, _, _| {}).unwrap();
    assert!(analysis.document.blocks.iter().filter_map(text).all(|l| !l.contains("预警提示")));
}
