//! Tickets telling one problem in near-identical words. Hotline texts are mostly the
//! words every ticket of their kind uses (来电反映、要求处理、噪音扰民); what tells one problem
//! from another is the few words specific to it: the place, the shop, the number. So a
//! ticket is read as its specific words (those few other tickets use, in the city and in
//! its category), and two tickets tell one problem when most specific words of the shorter
//! are in the other. A caller telling the problem again adds words (再次反映) but keeps the
//! specific ones, so the share of the shorter is measured, not of both.

use rustc_hash::{FxHashMap, FxHashSet};

use super::tokens::{shared, token_set};

/// A text needs this many specific words to be compared at all: a text with fewer says
/// too little to tell its problem from another's.
pub const MIN_SPECIFIC: usize = 3;

/// A word is specific when at most this share of the texts use it (and at most
/// `MIN_COMMON` texts, whichever is more) …
const CITY_SHARE: usize = 200;
/// … and at most this share of its category's texts.
const CATEGORY_SHARE: usize = 20;
const MIN_COMMON: usize = 20;

/// The specific words of each text: its words that few texts use in the city and in its
/// category (`groups`: each text's category key).
pub fn specific_words(texts: &[&str], groups: &[u32]) -> Vec<Vec<u32>> {
    let mut sets: Vec<Vec<u32>> = texts.iter().map(|text| token_set(text)).collect();
    // Category by category (a small map, cleared between them, stays in cache): each text
    // keeps the words few of its category use; the city's count of a word is the sum of
    // its categories'.
    let mut order: Vec<usize> = (0..texts.len()).collect();
    order.sort_by_key(|&i| groups[i]);
    let mut city: FxHashMap<u32, u32> = FxHashMap::default();
    let mut category: FxHashMap<u32, u32> = FxHashMap::default();
    for members in order.chunk_by(|&a, &b| groups[a] == groups[b]) {
        category.clear();
        for &i in members {
            for &token in &sets[i] {
                *category.entry(token).or_default() += 1;
            }
        }
        for (&token, &n) in &category {
            *city.entry(token).or_default() += n;
        }
        let limit = (members.len() / CATEGORY_SHARE).max(MIN_COMMON) as u32;
        for &i in members {
            sets[i].retain(|t| category[t] <= limit);
        }
    }
    let city_limit = (texts.len() / CITY_SHARE).max(MIN_COMMON) as u32;
    for set in &mut sets {
        set.retain(|t| city[t] <= city_limit);
    }
    sets
}

/// The share of the shorter set's words the other holds (both sorted, distinct), and the
/// count shared.
pub fn overlap(a: &[u32], b: &[u32]) -> (f64, usize) {
    let shared = shared(a, b);
    let shorter = a.len().min(b.len());
    (if shorter == 0 { 0.0 } else { shared as f64 / shorter as f64 }, shared)
}

/// Pairs `(a, b)`, `a < b`, of texts in one bucket (`buckets`: category and town) whose
/// specific words overlap by `threshold` or more, among pairs `near` accepts (the window).
/// Candidates are the texts sharing a specific word in a bucket; a word is specific only
/// when few texts use it, so the candidates stay few.
pub fn near_duplicates(
    texts: &[&str],
    groups: &[u32],
    buckets: &[u64],
    threshold: f64,
    near: impl Fn(usize, usize) -> bool,
) -> Vec<(usize, usize)> {
    let words = specific_words(texts, groups);
    let mut postings: FxHashMap<(u64, u32), Vec<u32>> = FxHashMap::default();
    for (i, set) in words.iter().enumerate().filter(|(_, set)| set.len() >= MIN_SPECIFIC) {
        for &word in set {
            postings.entry((buckets[i], word)).or_default().push(i as u32);
        }
    }
    let mut seen: FxHashSet<(u32, u32)> = FxHashSet::default();
    let mut pairs = Vec::new();
    for list in postings.values().filter(|list| list.len() >= 2) {
        for (at, &a) in list.iter().enumerate() {
            for &b in &list[at + 1..] {
                if !seen.insert((a, b)) || !near(a as usize, b as usize) {
                    continue;
                }
                let (share, shared) = overlap(&words[a as usize], &words[b as usize]);
                if share >= threshold && shared >= MIN_SPECIFIC {
                    pairs.push((a as usize, b as usize));
                }
            }
        }
    }
    pairs.sort_unstable();
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Many tickets of one kind, each at its own place and in the usual words, and two about
    /// one place: the second caller says it again, in words of their own.
    fn texts() -> Vec<String> {
        let openings = ["市民来电反映：", "群众反映：", ""];
        let closings = ["请相关部门处理。", "希望有关部门尽快处理。", "请予以处理并回复。"];
        let mut texts: Vec<String> = (0..200)
            .map(|i| {
                let (open, close) = (openings[i % 3], closings[i / 3 % 3]);
                let road = ["康宁", "民安", "兴华", "福瑞"][i % 4];
                format!("{open}小区楼下烧烤店油烟扰民，{close}事发地点：{road}路{i}号。")
            })
            .collect();
        texts.push("群众反映：小区楼下烧烤店油烟扰民，请予以处理并回复。事发地点：柏桂花园9栋。".into());
        texts.push("再次反映：小区楼下烧烤店油烟严重扰民，希望有关部门尽快处理。地点在柏桂花园9栋附近。".into());
        texts
    }

    #[test]
    fn the_same_problem_retold_is_found_and_the_same_kind_elsewhere_is_not() {
        let texts = texts();
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let groups = vec![1; refs.len()];
        let buckets = vec![7; refs.len()];
        let pairs = near_duplicates(&refs, &groups, &buckets, 0.75, |_, _| true);
        assert_eq!(pairs, [(200, 201)], "the two about 柏桂花园9栋 only");
        let other_town = {
            let mut b = buckets.clone();
            b[201] = 8;
            b
        };
        assert!(near_duplicates(&refs, &groups, &other_town, 0.75, |_, _| true).is_empty(), "another town");
        assert!(near_duplicates(&refs, &groups, &buckets, 0.75, |_, _| false).is_empty(), "outside the window");
    }

    #[test]
    fn words_every_ticket_of_a_kind_uses_are_not_specific() {
        let texts = texts();
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let words = specific_words(&refs, &vec![1; refs.len()]);
        let common = token_set("烧烤店油烟扰民");
        assert!(words.iter().all(|w| w.iter().all(|t| !common.contains(t))));
        assert!(words[201].len() >= 3, "柏桂花园 and 9栋 are specific");
    }
}
