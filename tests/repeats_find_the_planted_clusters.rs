//! Repeat appeals on the generator's two reference months: it plants clusters of each kind
//! (one caller again, one caller about several problems, several callers at one place,
//! several callers telling one problem in their own words with no address) and closed
//! tickets whose problem came back, with their ids. The callers' numbers are masked, the
//! addresses written in several forms, the retold texts reworded: each signal is needed.
//! Precision and recall are printed and held to the targets.

use std::collections::{HashMap, HashSet};

use hotline_analyzer::ingest::{read_file, Loader};
use hotline_analyzer::period::{MonthId, Period};
use hotline_analyzer::repeats::{find, ClusterKind, RepeatSettings};
use hotline_analyzer::sample::repeats::PlantedKind;
use hotline_analyzer::sample::{csv_with_all_truth, SampleOptions};
use hotline_analyzer::stats::View;
use hotline_analyzer::table::TicketTable;
use hotline_analyzer::Settings;

fn load(bytes: &[u8], settings: &Settings) -> TicketTable {
    let mut loader = Loader::new(settings);
    read_file("两个月.csv", bytes, None, &mut loader, &mut |_, _| {}).expect("the sample reads");
    loader.finish().table
}

fn pairs_of(ids: &[String]) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    for (at, a) in ids.iter().enumerate() {
        for b in &ids[at + 1..] {
            pairs.push(if a < b { (a.clone(), b.clone()) } else { (b.clone(), a.clone()) });
        }
    }
    pairs
}

fn score(found: &HashSet<(String, String)>, truth: &HashSet<(String, String)>) -> (f64, f64) {
    let hits = found.intersection(truth).count() as f64;
    (hits / found.len().max(1) as f64, hits / truth.len().max(1) as f64)
}

#[test]
fn repeat_clusters_and_false_closures_are_found_as_planted() {
    let (bytes, truth) = csv_with_all_truth(&SampleOptions::default());
    let truth = truth.repeats;
    let settings = Settings::default();
    let table = load(&bytes, &settings);
    let rows_of: HashMap<&str, usize> = (0..table.len()).map(|r| (table.id.get(r), r)).collect();
    let repeat_settings = RepeatSettings::default();

    let (mut found_pairs, mut truth_pairs) = (HashSet::new(), HashSet::new());
    let (mut found_closed, mut truth_closed) = (HashSet::new(), HashSet::new());
    let mut kinds: HashMap<(PlantedKind, ClusterKind), usize> = HashMap::new();
    for month in [MonthId { year: 2020, month: 12 }, MonthId { year: 2021, month: 1 }] {
        let period = Period::of_month(month, 21);
        let view = View::new(&table, &settings, period, None);
        let repeats = find(&view, &repeat_settings);
        let in_month = |id: &str| (period.start_ts()..period.end_ts()).contains(&table.intake[rows_of[id]]);
        let mut kind_of: HashMap<String, ClusterKind> = HashMap::new();
        for cluster in &repeats.clusters {
            let ids: Vec<String> = cluster.rows.iter().map(|&r| table.id.get(r as usize).to_string()).collect();
            for id in &ids {
                kind_of.insert(id.clone(), cluster.kind);
            }
            found_pairs.extend(pairs_of(&ids));
        }
        for planted in truth.clusters.iter().filter(|c| c.ids.iter().any(|id| in_month(id))) {
            truth_pairs.extend(pairs_of(&planted.ids));
            if let Some(kind) = kind_of.get(&planted.ids[0]) {
                *kinds.entry((planted.kind, *kind)).or_default() += 1;
            }
        }
        found_closed.extend(repeats.false_closures.iter().map(|f| table.id.get(f.closed as usize).to_string()));
        truth_closed.extend(truth.false_closures.iter().filter(|p| in_month(&p.returned)).map(|p| p.closed.clone()));
    }

    let (precision, recall) = score(&found_pairs, &truth_pairs);
    println!(
        "repeat clusters (pairs): precision {precision:.3}, recall {recall:.3} ({} found, {} planted)",
        found_pairs.len(),
        truth_pairs.len()
    );
    let closed_found: HashSet<(String, String)> = found_closed.iter().map(|id| (id.clone(), String::new())).collect();
    let closed_truth: HashSet<(String, String)> = truth_closed.iter().map(|id| (id.clone(), String::new())).collect();
    let (closure_precision, closure_recall) = score(&closed_found, &closed_truth);
    println!(
        "false closures: precision {closure_precision:.3}, recall {closure_recall:.3} ({} found, {} planted)",
        found_closed.len(),
        truth_closed.len()
    );
    let mut kinds: Vec<_> = kinds.into_iter().collect();
    kinds.sort_by_key(|((p, f), _)| (format!("{p:?}"), f.label()));
    for ((planted, found), n) in &kinds {
        println!("planted {planted:?} found as {}: {n}", found.label());
    }
    assert!(truth_pairs.len() > 1000, "enough planted to measure: {}", truth_pairs.len());
    assert!(precision >= 0.9 && recall >= 0.9, "clusters: precision {precision:.3}, recall {recall:.3}");
    assert!(truth_closed.len() > 200, "enough closures planted: {}", truth_closed.len());
    assert!(
        closure_precision >= 0.85 && closure_recall >= 0.85,
        "false closures: precision {closure_precision:.3}, recall {closure_recall:.3}"
    );
}
