//! Behind every number: each figure the core computes carries the selection that produced
//! it, and the query engine, opening that selection, finds exactly that many tickets. A
//! share's or rate's denominator is checked as well as its numerator, and a month-over-month
//! figure's previous month too. Every figure of the sample's report is walked, none skipped.

use hotline_analyzer::analysis::{detect_month, months_in};
use hotline_analyzer::ingest::{read_file, Loader};
use hotline_analyzer::period::Period;
use hotline_analyzer::query::{Facet, Query, Selection, YES};
use hotline_analyzer::report::links::{Link, Target};
use hotline_analyzer::report::{Block, Cell};
use hotline_analyzer::sample::{self, SampleOptions};
use hotline_analyzer::stats::{self, View};
use hotline_analyzer::table::TicketTable;
use hotline_analyzer::{analyze, Input, Settings};
use serde_json::Value;

/// What the walk checked: figures by kind, and any that disagreed or had no selection.
#[derive(Default, Debug)]
struct Walk {
    counts: usize,
    shares: usize,
    ratios: usize,
    changes: usize,
    previous: usize,
    wrong: Vec<String>,
}

fn selection(value: &Value) -> Selection {
    serde_json::from_value(value.clone()).expect("a figure's selection reads back")
}

fn check(query: &Query, walk: &mut Walk, path: &str, what: &str, selection_json: &Value, expected: &Value) {
    let expected = expected.as_u64().unwrap_or_else(|| panic!("{path}.{what} is not a count: {expected}"));
    let found = query.count(&selection(selection_json)).unwrap_or_else(|e| panic!("{path}: {e}"));
    if found != expected {
        walk.wrong.push(format!("{path}.{what}: figure {expected}, selection {found}: {selection_json}"));
    }
}

fn visit(query: &Query, walk: &mut Walk, path: &str, value: &Value) {
    match value {
        Value::Object(map) => {
            if let (Some(sel), Some(count)) = (map.get("selection"), map.get("count")) {
                check(query, walk, path, "count", sel, count);
                match (map.get("of_selection"), map.get("of")) {
                    (Some(of_sel), Some(of)) => {
                        check(query, walk, path, "of", of_sel, of);
                        walk.shares += 1;
                    }
                    _ => walk.counts += 1,
                }
            } else if let (Some(num_sel), Some(den_sel)) = (map.get("num_selection"), map.get("den_selection")) {
                check(query, walk, path, "num", num_sel, &map["num"]);
                check(query, walk, path, "den", den_sel, &map["den"]);
                walk.ratios += 1;
            } else if let (Some(sel), Some(current)) = (map.get("selection"), map.get("current")) {
                check(query, walk, path, "current", sel, current);
                walk.changes += 1;
                if !map["previous"].is_null() {
                    let previous = serde_json::to_value(selection(sel).previous_month()).unwrap();
                    check(query, walk, path, "previous", &previous, &map["previous"]);
                    walk.previous += 1;
                }
                // 同比, when the data holds the month a year earlier.
                if let Some(year_ago) = map.get("year_ago") {
                    let earlier = serde_json::to_value(selection(sel).year_ago()).unwrap();
                    check(query, walk, path, "year_ago", &earlier, year_ago);
                }
            } else {
                for key in ["count", "num", "den", "current", "of"] {
                    if map.get(key).is_some_and(Value::is_number) {
                        walk.wrong.push(format!("{path}: a figure ({key}) without its selection"));
                    }
                }
            }
            for (key, child) in map {
                if !key.ends_with("selection") {
                    visit(query, walk, &format!("{path}.{key}"), child);
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                visit(query, walk, &format!("{path}[{i}]"), item);
            }
        }
        _ => {}
    }
}

/// The sample's ticket table, as the analysis reads it.
fn sample_table(settings: &Settings) -> (Vec<u8>, TicketTable) {
    let bytes = sample::csv_bytes(&SampleOptions::default());
    let mut loader = Loader::new(settings);
    read_file("sample.csv", bytes.as_slice(), None, &mut loader, &mut |_, _| {}).unwrap();
    (bytes, loader.finish().table)
}

#[test]
fn every_figure_of_the_sample_report_opens_exactly_its_tickets() {
    let settings = Settings::default();
    let (_, table) = sample_table(&settings);
    let start_day = settings.period.start_day;
    let month = detect_month(&months_in(&table, start_day)).unwrap();
    let period = Period::of_month(month, start_day);
    let previous = period.previous(start_day);
    let figures = stats::compute(&table, &settings, period, Some(previous));
    let view = View::new(&table, &settings, period, Some(previous));
    let query = Query::new(&view);

    let mut walk = Walk::default();
    visit(&query, &mut walk, "figures", &serde_json::to_value(&figures).unwrap());
    println!(
        "figures checked: {} counts, {} shares, {} rates, {} month-over-month ({} with last month)",
        walk.counts, walk.shares, walk.ratios, walk.changes, walk.previous
    );
    assert!(
        walk.wrong.is_empty(),
        "{} figures disagree with their selections:\n{}",
        walk.wrong.len(),
        walk.wrong.join("\n")
    );
    // The walk saw the whole report: every section's figures and the attachments.
    assert!(walk.counts > 200 && walk.shares > 60 && walk.ratios > 100 && walk.previous > 15, "{walk:?}");
}

/// The places of the digits in `text` that are not part of a date or a name the settings
/// give (the hotline's name holds 12345).
fn figure_digits(text: &str, settings: &Settings) -> Vec<usize> {
    let chars: Vec<char> = text.chars().collect();
    let mut masked = chars.clone();
    // The hotline's name and number (湛江市12345市民服务热线, 12345平台) are not figures, nor
    // is an attachment's number (见附件6).
    let attachments: Vec<String> = (1..=20).rev().map(|n| format!("附件{n}")).collect();
    for name in [settings.hotline.as_str(), "12345"].into_iter().chain(attachments.iter().map(String::as_str)) {
        let name: Vec<char> = name.chars().collect();
        for at in 0..chars.len() {
            if chars[at..].starts_with(&name) {
                masked[at..at + name.len()].iter_mut().for_each(|c| *c = '·');
            }
        }
    }
    let mut digits = Vec::new();
    let mut at = 0;
    while at < masked.len() {
        if masked[at].is_ascii_digit() {
            let start = at;
            while at < masked.len() && (masked[at].is_ascii_digit() || masked[at] == '.') {
                at += 1;
            }
            // 2021年, 1月份, 21日: dates and months are not figures; nor is a list's 1. or 1．
            let numbering = masked[at - 1] == '.' || masked.get(at) == Some(&'．');
            if !numbering && !matches!(masked.get(at), Some('年' | '月' | '日')) {
                digits.extend(start..at);
            }
        } else {
            at += 1;
        }
    }
    digits
}

#[test]
fn every_number_of_the_report_text_charts_and_tables_opens_exactly_its_tickets() {
    let settings = Settings::default();
    let (bytes, table) = sample_table(&settings);
    let analysis = analyze(vec![Input::new("sample.csv", bytes.as_slice())], &settings, &mut |_, _, _| {}).unwrap();
    let view = View::new(&table, &settings, analysis.period, analysis.previous);
    let query = Query::new(&view);
    let count = |selection: &Selection| query.count(selection).unwrap();
    let (mut links, mut wrong) = (0, Vec::new());
    for block in &analysis.document.blocks {
        let Block::Paragraph { id, text, links: paragraph_links } = block else { continue };
        let linked = |at: usize| paragraph_links.iter().any(|l: &Link| (l.start..l.end).contains(&at));
        let chars: Vec<char> = text.chars().collect();
        for at in figure_digits(text, &settings) {
            if !linked(at) {
                wrong.push(format!("{id}: “{}” at {at} is not linked: {text}", chars[at]));
            }
        }
        for Link { start, end, target: Target { count: n, selection, of, derived } } in paragraph_links {
            links += 1;
            let shown: String = chars[*start..*end].iter().collect();
            if count(selection) != *n {
                wrong.push(format!("{id}: “{shown}” says {n} tickets, its selection holds {}", count(selection)));
            }
            if let Some(of) = of {
                if count(&of.selection) != of.count {
                    wrong.push(format!(
                        "{id}: “{shown}” is of {}, its selection holds {}",
                        of.count,
                        count(&of.selection)
                    ));
                }
            }
            if of.is_none() && !derived && shown != n.to_string() {
                wrong.push(format!("{id}: “{shown}” is linked as a count of {n}"));
            }
        }
    }
    // Every bar and slice of every chart.
    let mut points = 0;
    for chart in analysis.document.charts() {
        for series in &chart.series {
            if series.selections.len() != series.values.len() {
                wrong.push(format!(
                    "chart {} “{}”: {} values, {} selections",
                    chart.id,
                    series.name,
                    series.values.len(),
                    series.selections.len()
                ));
                continue;
            }
            for ((value, selection), category) in series.values.iter().zip(&series.selections).zip(&chart.categories) {
                points += 1;
                if count(selection) != *value {
                    wrong.push(format!(
                        "chart {} “{}” {category}: {value}, its selection holds {}",
                        chart.id,
                        series.name,
                        count(selection)
                    ));
                }
            }
        }
    }
    // Every count and rate cell of every attachment table.
    let mut cells = 0;
    for table in &analysis.document.attachments {
        for (r, row) in table.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let place = format!("{} row {} column {}", table.id, r + 1, table.header[c]);
                let shows_figure =
                    matches!(cell, Cell::Count { value: Some(_), .. } | Cell::Percent { bp: Some(_), .. });
                match (shows_figure, cell.link()) {
                    (false, _) => {}
                    (true, None) => wrong.push(format!("{place}: “{}” opens no tickets", cell.display())),
                    (true, Some(target)) => {
                        cells += 1;
                        if count(&target.selection) != target.count {
                            wrong.push(format!(
                                "{place}: {} tickets, its selection holds {}",
                                target.count,
                                count(&target.selection)
                            ));
                        }
                        if let Cell::Count { value: Some(n), .. } = cell {
                            if *n != target.count {
                                wrong.push(format!("{place}: shows {n}, links {}", target.count));
                            }
                        }
                        if let Some(of) = &target.of {
                            if count(&of.selection) != of.count {
                                wrong.push(format!(
                                    "{place}: of {}, its selection holds {}",
                                    of.count,
                                    count(&of.selection)
                                ));
                            }
                        }
                    }
                }
            }
        }
    }
    println!("report: {links} numbers in the text, {points} chart points, {cells} table cells linked");
    let document = serde_json::to_string(&analysis.document).unwrap();
    assert!(!document.contains(['\u{F8F0}', '\u{F8F1}', '\u{F8F2}']), "a link's mark left in the document");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert!(links > 100 && points > 40 && cells > 200, "{links} links, {points} points, {cells} cells");

    // The page's way: the analysis's own tickets, with keys kept between queries, give the
    // same counts on the first and on a later question.
    let targets: Vec<&Target> = analysis
        .document
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph { links, .. } => Some(links.iter().map(|l| &l.target)),
            _ => None,
        })
        .flatten()
        .collect();
    for round in 0..2 {
        for target in &targets {
            let page = analysis.tickets.page(&target.selection, Default::default(), 0, 5, true).unwrap();
            assert_eq!(page.total, target.count, "round {round}: {:?}", page.conditions);
            assert_eq!(page.rows.len() as u64, target.count.min(5));
        }
    }
}

#[test]
fn facet_counts_are_what_checking_each_value_would_select() {
    let settings = Settings::default();
    let (_, table) = sample_table(&settings);
    let start_day = settings.period.start_day;
    let month = detect_month(&months_in(&table, start_day)).unwrap();
    let period = Period::of_month(month, start_day);
    let view = View::new(&table, &settings, period, Some(period.previous(start_day)));
    let query = Query::new(&view);
    // 民生诉求 transferred tickets in two counties whose content mentions 反映, in the month.
    let selection = Selection::month(month)
        .and(Facet::Transferred, YES)
        .and(Facet::TransferCategory, "民生诉求")
        .and_any(Facet::Region, ["廉江市".to_string(), "雷州市".to_string()]);
    let selection = Selection { words: vec!["反映".into()], ..selection };
    let facets = [Facet::Month, Facet::Region, Facet::Category1, Facet::Transferred, Facet::Topic("livelihood".into())];
    let counted = query.facets(&selection, &facets, usize::MAX).unwrap();
    let mut checked = 0;
    for (facet, counts) in facets.iter().zip(&counted) {
        // The selection without this facet's own filters, narrowed to each value in turn.
        let mut others = selection.clone();
        others.filters.retain(|f| &f.facet != facet);
        if *facet == Facet::Month {
            others.month = None;
        }
        for value in &counts.values {
            let alone = others.and(facet.clone(), value.value.as_str());
            assert_eq!(query.count(&alone).unwrap(), value.count, "{} = {}", counts.label, value.label);
            checked += 1;
        }
        let mut selected: Vec<&str> = counts.values.iter().filter(|v| v.selected).map(|v| v.value.as_str()).collect();
        selected.sort_unstable();
        // Every row has one value of a facet: an unfiltered facet's counts add up to the
        // selection, so no value can be missing or counted short.
        if !selection.filters.iter().any(|f| &f.facet == facet) && *facet != Facet::Month {
            let sum: u64 = counts.values.iter().map(|v| v.count).sum();
            assert_eq!(sum, query.count(&selection).unwrap(), "{} adds up", counts.label);
        }
        match facet {
            Facet::Region => assert_eq!(selected, ["廉江市", "雷州市"]),
            Facet::Transferred => assert_eq!(selected, [YES]),
            Facet::Month => assert_eq!(selected, [month.to_string()]),
            _ => assert!(selected.is_empty()),
        }
    }
    assert!(checked > 20, "{checked} values checked");
    // Checking a value of an unfiltered facet narrows to exactly its count.
    let region_total: u64 = counted[1].values.iter().filter(|v| v.selected).map(|v| v.count).sum();
    assert_eq!(region_total, query.count(&selection).unwrap());
}

/// A section's topic is looked for among the section's tickets, in its figures and in the
/// topic's facet alike: a complaint mentioning 疫苗 is no 新冠肺炎疫情 consultation, so the
/// explorer's facet and the trends count only the consultation.
#[test]
fn a_topic_facet_holds_only_the_tickets_of_its_sections_scope() {
    let csv = "工单编号,受理时间,诉求类型,诉求渠道,诉求内容\n\
               1,2021-01-05 10:00:00,咨询,电话,请问新冠疫苗在哪里接种\n\
               2,2021-01-05 11:00:00,投诉,电话,投诉某诊所违规收取疫苗费用\n\
               3,2021-01-06 09:00:00,咨询,电话,咨询社保卡补办\n";
    let analysis =
        analyze(vec![Input::new("疫苗.csv", csv.as_bytes())], &Settings::default(), &mut |_, _, _| {}).unwrap();
    let topic = Facet::Topic("consultation".into());
    let in_topic = Selection::default().and_present(topic.clone());
    let rows = analysis.tickets.selected(&in_topic).unwrap();
    assert_eq!(rows.iter().map(|&r| analysis.tickets.ticket(r).id).collect::<Vec<_>>(), ["1"]);
    assert_eq!(analysis.figures.consultation.topic.total, 1);
}
