//! 重复诉求与办理质量 on the sample: written when the files have a caller or an address
//! column, every number opens exactly its tickets, the scorecard's composite is the
//! weighted mean of its indicators' points, and a file without those columns keeps the
//! rest of the letter as it was, with a notice naming what was left out.

use std::collections::HashSet;

use hotline_analyzer::notice::NoticeKind;
use hotline_analyzer::query::sort::Sort;
use hotline_analyzer::query::{Facet, Selection};
use hotline_analyzer::report::text;
use hotline_analyzer::sample::{csv_bytes, SampleOptions};
use hotline_analyzer::scorecard::{Indicator, Measure};
use hotline_analyzer::stats::ratio::Count;
use hotline_analyzer::{analyze, Analysis, Input, Settings};

fn with_quality() -> Settings {
    Settings::default()
}

fn run(bytes: &[u8], settings: &Settings) -> Analysis {
    analyze(vec![Input::new("示例.csv", bytes).with_size(bytes.len() as u64)], settings, &mut |_, _, _| {})
        .expect("the sample is analysed")
}

fn opens(analysis: &Analysis, what: &str, count: &Count) {
    let found = analysis.tickets.count(&count.selection).expect("the selection opens");
    assert_eq!(found, count.count, "{what}: {:?}", count.selection);
}

#[test]
fn the_section_is_written_and_every_number_opens_its_tickets() {
    let bytes = csv_bytes(&SampleOptions::default());
    let analysis = run(&bytes, &with_quality());
    let letter = text::render(&analysis.document);
    assert!(letter.contains("重复诉求与办理质量"), "{letter}");
    assert!(letter.contains("疑似虚假办结"));
    let f = analysis.figures.quality.figures().expect("written");
    assert!(f.clusters > 300, "{} clusters", f.clusters);
    opens(&analysis, "in clusters", &f.in_clusters);
    opens(&analysis, "again", &Count::of(f.again.num, f.again.num_selection.clone()));
    for (kind, _, tickets) in &f.kinds {
        opens(&analysis, kind.label(), tickets);
    }
    assert!(!f.repeat_towns.is_empty() && !f.repeat_categories.is_empty());
    for (name, rate) in f.repeat_towns.iter().chain(&f.repeat_categories) {
        opens(&analysis, name, &Count::of(rate.num, rate.num_selection.clone()));
        opens(&analysis, name, &Count::of(rate.den, rate.den_selection.clone()));
    }
    for cluster in f.top.iter().chain(&f.repeated) {
        opens(&analysis, "a cluster", &cluster.tickets);
    }
    assert!(f.false_closures.count > 100);
    opens(&analysis, "false closures", &f.false_closures);
    for (unit, count) in &f.closure_units {
        opens(&analysis, unit, count);
    }
    let card = &f.scorecard;
    assert!(card.units.len() >= 10, "{} units ranked", card.units.len());
    for unit in card.units.iter().chain([&card.average]) {
        opens(&analysis, &unit.unit, &unit.tickets);
        for m in &unit.measures {
            opens(&analysis, &format!("{} {}", unit.unit, m.indicator.label()), &m.part);
            opens(&analysis, &format!("{} {} of", unit.unit, m.indicator.label()), &m.whole);
        }
    }
}

/// Points between the bad (0) and the good (100) threshold, by hand.
#[test]
fn the_explorers_false_closure_filters_find_each_closed_ticket_and_each_return() {
    let bytes = csv_bytes(&SampleOptions::default());
    let analysis = run(&bytes, &with_quality());
    let f = analysis.figures.quality.figures().expect("written");
    let closed: HashSet<&str> = f.closure_pairs.iter().map(|p| p.closed_id.as_str()).collect();
    let returned: HashSet<&str> = f.closure_pairs.iter().map(|p| p.returned_id.as_str()).collect();
    // A return closed again that came back again is both: each filter finds it.
    let both = closed.intersection(&returned).count();
    assert!(both > 0, "the sample has a return that was closed and came back again");
    let asked = |value: &str| {
        let selection = Selection::default().and(Facet::FalseClosure, value);
        analysis.tickets.count(&selection).expect("the filter opens")
    };
    assert_eq!(asked("closed"), closed.len() as u64, "办结后问题复现");
    assert_eq!(asked("returned"), returned.len() as u64, "复现来件");
    // The explorer lists the two (each counting the tickets that are both), and its
    // conditions name only what was chosen.
    let chosen = Selection::default().and(Facet::FalseClosure, "returned");
    let page = analysis.tickets.page(&chosen, Sort::default(), 0, 10, true).expect("the page opens");
    assert_eq!(page.total, returned.len() as u64);
    let facets = page.facets.expect("facets asked for");
    let facet = facets.iter().find(|f| f.facet == Facet::FalseClosure).expect("offered");
    let listed: Vec<(&str, u64)> = facet.values.iter().map(|v| (v.value.as_str(), v.count)).collect();
    assert!(listed.contains(&("returned", returned.len() as u64)), "{listed:?}");
    assert!(listed.iter().all(|(v, _)| ["", "closed", "returned"].contains(v)), "{listed:?}");
    assert_eq!(page.conditions, ["疑似虚假办结：复现来件"]);
}

fn points_by_hand(m: &Measure) -> f64 {
    let (good, bad) = match m.indicator {
        Indicator::OnTime | Indicator::Satisfaction => (100.0, 80.0),
        Indicator::RepeatRate => (0.0, 10.0),
        Indicator::FalseClosureRate => (0.0, 5.0),
        Indicator::OverdueOpen | Indicator::ReturnRate | Indicator::RedispatchRate => (0.0, 10.0),
    };
    let value =
        if m.indicator.is_rate() { 100.0 * m.part.count as f64 / m.whole.count as f64 } else { m.part.count as f64 };
    (100.0 * (value - bad) / (good - bad)).clamp(0.0, 100.0)
}

#[test]
fn the_composite_of_three_units_is_their_weighted_points_by_hand() {
    let bytes = csv_bytes(&SampleOptions::default());
    let analysis = run(&bytes, &with_quality());
    let card = &analysis.figures.quality.figures().expect("written").scorecard;
    let weight = |i: Indicator| match i {
        Indicator::OnTime | Indicator::Satisfaction => 30.0,
        Indicator::RepeatRate => 15.0,
        Indicator::FalseClosureRate => 10.0,
        _ => 5.0,
    };
    let (first, middle, last) = (&card.units[0], &card.units[card.units.len() / 2], card.units.last().unwrap());
    for unit in [first, middle, last] {
        assert!(unit.measures.len() >= 5, "{}: {} indicators", unit.unit, unit.measures.len());
        let (mut sum, mut weights) = (0.0, 0.0);
        for m in &unit.measures {
            let points = points_by_hand(m);
            assert!((points - m.points).abs() < 1e-9, "{} {}", unit.unit, m.indicator.label());
            sum += weight(m.indicator) * points;
            weights += weight(m.indicator);
        }
        let by_hand = sum / weights;
        println!("{}: composite {:.2} (by hand {by_hand:.2}), rank {}", unit.unit, unit.score, unit.rank);
        assert!((unit.score - by_hand).abs() < 1e-9, "{}", unit.unit);
    }
    assert!(first.score >= middle.score && middle.score >= last.score);
    assert_eq!(card.red.first(), Some(&first.unit));
    assert_eq!(card.black.first(), Some(&last.unit));
}

/// The sample without its caller and address columns.
fn without_caller_and_address(bytes: &[u8]) -> Vec<u8> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(&bytes[3..]);
    let mut out = "\u{feff}".as_bytes().to_vec();
    {
        let mut writer = csv::Writer::from_writer(&mut out);
        let mut dropped = Vec::new();
        for (at, record) in reader.records().enumerate() {
            let record = record.unwrap();
            if at == 0 {
                dropped = record
                    .iter()
                    .enumerate()
                    .filter(|(_, h)| ["来电号码", "诉求地址"].contains(h))
                    .map(|(i, _)| i)
                    .collect();
            }
            writer
                .write_record(record.iter().enumerate().filter(|(i, _)| !dropped.contains(i)).map(|(_, c)| c))
                .unwrap();
        }
    }
    out
}

#[test]
fn a_file_without_caller_and_address_says_what_it_left_out_and_keeps_the_rest() {
    let bytes = csv_bytes(&SampleOptions::default());
    let lacking = without_caller_and_address(&bytes);
    let with = run(&lacking, &with_quality());
    let mut quality_off = Settings::default();
    quality_off.sections.quality.enabled = false;
    let off = run(&bytes, &quality_off);
    assert_eq!(text::render(&with.document), text::render(&off.document), "the rest of the letter is unchanged");
    let notice = with
        .notices
        .iter()
        .find(|n| matches!(n.kind, NoticeKind::RepeatsNeedColumns { .. }))
        .expect("a notice says what was left out");
    assert!(notice.text.contains("来电号码") && notice.text.contains("疑似虚假办结"), "{}", notice.text);
}

fn analyse_remembering(
    name: &str,
    bytes: &[u8],
    remembered: Vec<hotline_analyzer::trends::memory::MonthSummary>,
) -> Analysis {
    let mut session = hotline_analyzer::Session::new(Settings::default());
    session.remember(remembered);
    session.begin_file(name, None, Some(bytes.len() as u64));
    session.push(bytes, &mut |_, _| {}).unwrap();
    session.end_file(&mut |_, _| {}).unwrap();
    session.finish().unwrap()
}

#[test]
fn a_units_change_since_last_month_comes_from_the_month_remembered_when_the_file_lacks_it() {
    let months = hotline_analyzer::sample::csv_by_month(&SampleOptions::default());
    let [(_, december), (_, january)] = [months[0].clone(), months[1].clone()];
    let both = run(&csv_bytes(&SampleOptions::default()), &Settings::default());
    let alone = analyse_remembering("2020-12.csv", &december, Vec::new());
    let kept = alone.tickets.summaries().unwrap();
    let december_kept = kept.iter().find(|m| m.month.to_string() == "2020-12").expect("December is remembered");
    assert!(december_kept.scores.as_ref().is_some_and(|s| s.units.len() >= 10), "its units' scores too");
    let remembered: Vec<(String, f64)> = december_kept.scores.clone().unwrap().units;
    let later = analyse_remembering("2021-01.csv", &january, kept);
    let card = |a: &Analysis| a.figures.quality.figures().expect("written").scorecard.clone();
    // With both months' tickets, the change comes from December's tickets.
    assert!(card(&both).units.iter().all(|u| u.change.is_some()));
    // January alone (its repeats that began in December unseen) changes from them.
    let from_memory = card(&later);
    for unit in &from_memory.units {
        let before = remembered.iter().find(|(name, _)| *name == unit.unit).map(|(_, score)| *score);
        match (before, unit.change) {
            (Some(before), Some(change)) => assert!((unit.score - before - change).abs() < 1e-9, "{}", unit.unit),
            (None, None) => {}
            other => panic!("{}: {other:?}", unit.unit),
        }
    }
    assert!(from_memory.units.iter().filter(|u| u.change.is_some()).count() >= 10);
}
