//! Behind every number: each figure the core computes carries the selection that produced
//! it, and the query engine, opening that selection, finds exactly that many tickets. A
//! share's or rate's denominator is checked as well as its numerator, and a month-over-month
//! figure's previous month too. Every figure of the sample's report is walked, none skipped.

use hotline_analyzer::analysis::{detect_month, months_in};
use hotline_analyzer::ingest::{read_file, Loader};
use hotline_analyzer::period::Period;
use hotline_analyzer::query::{Query, Selection};
use hotline_analyzer::sample::{self, SampleOptions};
use hotline_analyzer::stats::{self, View};
use hotline_analyzer::Settings;
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

#[test]
fn every_figure_of_the_sample_report_opens_exactly_its_tickets() {
    let settings = Settings::default();
    let bytes = sample::csv_bytes(&SampleOptions::default());
    let mut loader = Loader::new(&settings);
    read_file("sample.csv", bytes.as_slice(), None, &mut loader, &mut |_, _| {}).unwrap();
    let table = loader.finish().table;
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
