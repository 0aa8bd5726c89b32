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
    let (mut returned_right, mut returned_found) = (0usize, 0usize);
    for month in [MonthId { year: 2020, month: 12 }, MonthId { year: 2021, month: 1 }] {
        let period = Period::of_month(month, 21);
        let view = View::new(&table, &settings, period, None);
        let repeats = find(&view, &repeat_settings);
        let in_month = |id: &str| (period.start_ts()..period.end_ts()).contains(&table.intake[rows_of[id]]);
        let mut kind_of: HashMap<String, ClusterKind> = HashMap::new();
        for cluster in &repeats.clusters {
            // Several callers' problem is one problem: a member's calls about other things
            // (a consultation, another complaint) stay out of it.
            if cluster.kind == ClusterKind::ManyCallers {
                let category = |r: &u32| (table.category[0].get(*r as usize), table.category[1].get(*r as usize));
                let first = category(&cluster.rows[0]);
                assert!(cluster.rows.iter().all(|r| category(r) == first), "one problem: {:?}", cluster.rows);
            }
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
        // Counted in the month of the closed ticket.
        truth_closed.extend(truth.false_closures.iter().filter(|p| in_month(&p.closed)).map(|p| p.closed.clone()));
        for f in &repeats.false_closures {
            let pair = (table.id.get(f.closed as usize).to_string(), table.id.get(f.returned as usize).to_string());
            returned_right +=
                usize::from(truth.false_closures.iter().any(|p| (&p.closed, &p.returned) == (&pair.0, &pair.1)));
            returned_found += 1;
        }
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
    let pairs_right = returned_right as f64 / returned_found.max(1) as f64;
    println!("false closures' returns: {pairs_right:.3} of the tickets found as the return are a planted return of it");
    assert!(pairs_right >= 0.85, "{pairs_right:.3}");
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

/// Tickets joined by `links` (pairs of ids), as the pairs each group holds.
fn closed_pairs(links: &[(String, String)]) -> HashSet<(String, String)> {
    let mut parent: HashMap<String, String> = HashMap::new();
    fn root(parent: &mut HashMap<String, String>, id: &str) -> String {
        let mut at = id.to_string();
        while let Some(up) = parent.get(&at).filter(|up| **up != at) {
            at = up.clone();
        }
        at
    }
    for (a, b) in links {
        parent.entry(a.clone()).or_insert_with(|| a.clone());
        parent.entry(b.clone()).or_insert_with(|| b.clone());
        let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
        if ra != rb {
            parent.insert(ra, rb);
        }
    }
    let mut groups: HashMap<String, Vec<String>> = HashMap::new();
    let ids: Vec<String> = parent.keys().cloned().collect();
    for id in ids {
        let r = root(&mut parent, &id);
        groups.entry(r).or_default().push(id);
    }
    groups.values().flat_map(|g| pairs_of(g)).collect()
}

/// The comparator the issue names: MinHash (64 functions) over each text's character
/// 3-shingles, banded 16 × 4, pairs in one category and town within the window whose
/// estimated Jaccard similarity reaches `threshold`.
fn minhash_links(table: &TicketTable, view: &View, threshold: f64) -> Vec<(String, String)> {
    const K: usize = 64;
    const BANDS: usize = 16;
    let window = 30 * 86_400;
    let (start, end) = (view.period.start_ts() - window, view.period.end_ts());
    let rows: Vec<usize> = (0..table.len())
        .filter(|&r| (start..end).contains(&table.intake[r]))
        .filter(|&r| view.is_valid(r as u32) && !view.is_consultation(r as u32))
        .filter(|&r| table.town.codes[r] != 0)
        .collect();
    let mix = |x: u64| {
        let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    let signatures: Vec<[u64; K]> = rows
        .iter()
        .map(|&r| {
            // The town's name is the bucket's already, as for ours.
            let mut text = table.content.get(r).to_string();
            for name in [table.region.get(r), table.town.get(r)].into_iter().filter(|n| !n.is_empty()) {
                text = text.replace(name, " ");
            }
            let chars: Vec<char> = text.chars().filter(|c| c.is_alphanumeric()).collect();
            let mut signature = [u64::MAX; K];
            for shingle in chars.windows(3) {
                let h =
                    shingle.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &c| (h ^ c as u64).wrapping_mul(0x100_0000_01b3));
                for (i, slot) in signature.iter_mut().enumerate() {
                    *slot = (*slot).min(mix(h ^ (i as u64).wrapping_mul(0xA24B_AED4_963E_E407)));
                }
            }
            signature
        })
        .collect();
    let bucket = |r: usize| (table.category[1].codes[r], table.town.codes[r]);
    let mut bands: HashMap<((u32, u32), usize, u64), Vec<usize>> = HashMap::new();
    for (i, signature) in signatures.iter().enumerate() {
        for band in 0..BANDS {
            let key = signature[band * 4..band * 4 + 4].iter().fold(0u64, |h, &x| mix(h ^ x));
            bands.entry((bucket(rows[i]), band, key)).or_default().push(i);
        }
    }
    let mut seen = HashSet::new();
    let mut links = Vec::new();
    for members in bands.values() {
        for (at, &a) in members.iter().enumerate() {
            for &b in &members[at + 1..] {
                if !seen.insert((a, b)) || (table.intake[rows[a]] - table.intake[rows[b]]).abs() > window {
                    continue;
                }
                let same = signatures[a].iter().zip(&signatures[b]).filter(|(x, y)| x == y).count();
                if same as f64 / K as f64 >= threshold {
                    links.push((table.id.get(rows[a]).to_string(), table.id.get(rows[b]).to_string()));
                }
            }
        }
    }
    links
}

#[test]
fn specific_words_find_retold_problems_that_minhash_over_whole_texts_confuses() {
    let (bytes, truth) = csv_with_all_truth(&SampleOptions::default());
    let truth = truth.repeats;
    let settings = Settings::default();
    let table = load(&bytes, &settings);
    let period = Period::of_month(MonthId { year: 2021, month: 1 }, 21);
    let view = View::new(&table, &settings, period, None);
    // January and the thirty days before it: the whole file, so every planted cluster.
    assert!(period.start_ts() - 30 * 86_400 <= *table.intake.iter().min().unwrap());
    let planted: Vec<_> = truth.clusters.iter().collect();
    let all: HashSet<(String, String)> = planted.iter().flat_map(|c| pairs_of(&c.ids)).collect();
    // Only their words tie these: several callers, no address.
    let told: HashSet<(String, String)> =
        planted.iter().filter(|c| c.kind == PlantedKind::ManyCallersOneText).flat_map(|c| pairs_of(&c.ids)).collect();
    let measure = |links: &[(String, String)]| {
        let pairs = closed_pairs(links);
        let precision = pairs.intersection(&all).count() as f64 / pairs.len().max(1) as f64;
        let recall = pairs.intersection(&told).count() as f64 / told.len().max(1) as f64;
        (precision, recall, pairs.len())
    };
    let ours: Vec<(String, String)> = find(&view, &RepeatSettings::default())
        .links
        .iter()
        .filter(|l| l.signal == hotline_analyzer::repeats::Signal::Text)
        .map(|l| (table.id.get(l.earlier as usize).to_string(), table.id.get(l.later as usize).to_string()))
        .collect();
    let (precision, recall, found) = measure(&ours);
    println!("text links, specific words (overlap 0.6): precision {precision:.3}, recall of text-only clusters {recall:.3} ({found} pairs)");
    let mut best_minhash = 0.0f64;
    for threshold in [0.5, 0.6, 0.7, 0.8] {
        let (p, r, n) = measure(&minhash_links(&table, &view, threshold));
        println!("text links, MinHash 3-shingles (Jaccard ≥ {threshold}): precision {p:.3}, recall of text-only clusters {r:.3} ({n} pairs)");
        best_minhash = best_minhash.max(2.0 * p * r / (p + r).max(f64::EPSILON));
    }
    let ours_f1 = 2.0 * precision * recall / (precision + recall);
    // Texts alone: a first caller who named no place (one in ten) cannot be tied by words.
    assert!(precision >= 0.9 && recall >= 0.8, "ours: precision {precision:.3}, recall {recall:.3}");
    assert!(ours_f1 > best_minhash, "specific words F1 {ours_f1:.3}, MinHash at best {best_minhash:.3}");
}
