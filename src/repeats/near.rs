//! Tickets telling one problem in near-identical words. Hotline texts are mostly the
//! words every ticket of their kind uses (来电反映、要求处理、噪音扰民); what tells one problem
//! from another is the few words specific to it: the place, the shop, the number. So a
//! ticket is read as its specific words (those few other tickets use, in the city and in
//! its category), and two tickets tell one problem when most specific words of the shorter
//! are in the other. A caller telling the problem again adds words (再次反映) but keeps the
//! specific ones, so the share of the shorter is measured, not of both.

use rustc_hash::FxHashMap;

/// A text needs this many specific words to be compared at all: a text with fewer says
/// too little to tell its problem from another's.
pub const MIN_SPECIFIC: usize = 3;

/// A word is specific when at most this share of the texts use it (and at most
/// `MIN_COMMON` texts, whichever is more) …
const CITY_SHARE: usize = 200;
/// … and at most this share of its category's texts.
const CATEGORY_SHARE: usize = 20;
const MIN_COMMON: usize = 20;

/// The texts to compare: each one's category (`groups`, whose words' use decides what is
/// specific), its bucket (`buckets`: only texts of one bucket are compared) and its time
/// (`times`, ascending with the index).
pub struct Texts<'a> {
    pub groups: &'a [u32],
    pub buckets: &'a [u64],
    pub times: &'a [i64],
}

/// The specific words of each text: its words that few texts use in the city and in its
/// category. Kept bucket by bucket (one flat list, no list per text), as they are compared.
pub struct SpecificWords {
    /// The texts (indices) by category, bucket and index.
    order: Vec<u32>,
    /// Each text's place in `order`.
    position: Vec<u32>,
    /// The words of `order[p]` are `words[offsets[p]..offsets[p + 1]]`, each once.
    offsets: Vec<u32>,
    words: Vec<u32>,
}

impl SpecificWords {
    /// `tokens_of(i, out)` appends the words of text `i`, each once
    /// (`tokens::keep_distinct`).
    pub fn find(texts: &Texts, mut tokens_of: impl FnMut(usize, &mut Vec<u32>)) -> SpecificWords {
        let n = texts.groups.len();
        let mut order: Vec<u32> = (0..n as u32).collect();
        order.sort_unstable_by_key(|&i| (texts.groups[i as usize], texts.buckets[i as usize], i));
        // Read in the texts' order (the table's, near enough).
        let mut offsets = Vec::with_capacity(n + 1);
        offsets.push(0u32);
        let mut words: Vec<u32> = Vec::new();
        for i in 0..n {
            tokens_of(i, &mut words);
            offsets.push(words.len() as u32);
        }
        let text = |i: u32| &words[offsets[i as usize] as usize..offsets[i as usize + 1] as usize];
        // Category by category (a small map, cleared between them, stays in cache): each
        // text keeps the words few of its category use. The city's count of a word is the
        // sum of its categories', kept in a table of counters by the word's hash: a word
        // sharing its counter with a common one is taken as common too, which a table four
        // times the words makes rare (and costs a text one word at most).
        let mut city = CityCounts::new(words.len() / 8);
        let mut category: FxHashMap<u32, u32> = FxHashMap::default();
        let (mut kept, mut kept_offsets) = (Vec::with_capacity(words.len() / 2), Vec::with_capacity(n + 1));
        kept_offsets.push(0u32);
        for members in order.chunk_by(|&a, &b| texts.groups[a as usize] == texts.groups[b as usize]) {
            category.clear();
            for &word in members.iter().flat_map(|&i| text(i)) {
                *category.entry(word).or_default() += 1;
            }
            for (&word, &n) in &category {
                city.add(word, n);
            }
            let limit = (members.len() / CATEGORY_SHARE).max(MIN_COMMON) as u32;
            for &i in members {
                kept.extend(text(i).iter().filter(|w| category[*w] <= limit));
                kept_offsets.push(kept.len() as u32);
            }
        }
        let city_limit = (n / CITY_SHARE).max(MIN_COMMON) as u32;
        let mut end = 0;
        for p in 0..n {
            let range = kept_offsets[p] as usize..kept_offsets[p + 1] as usize;
            kept_offsets[p] = end as u32;
            for at in range {
                if city.get(kept[at]) <= city_limit {
                    kept[end] = kept[at];
                    end += 1;
                }
            }
        }
        kept_offsets[n] = end as u32;
        kept.truncate(end);
        let mut position = vec![0u32; n];
        for (p, &i) in order.iter().enumerate() {
            position[i as usize] = p as u32;
        }
        SpecificWords { order, position, offsets: kept_offsets, words: kept }
    }

    /// The specific words of text `i`.
    pub fn of(&self, i: usize) -> &[u32] {
        self.at(self.position[i] as usize)
    }

    fn at(&self, p: usize) -> &[u32] {
        &self.words[self.offsets[p] as usize..self.offsets[p + 1] as usize]
    }
}

/// How many texts use each word, at least: counters by the word's hash (a count past
/// `u16::MAX` stays there, above any limit of a city's month).
struct CityCounts {
    counters: Vec<u16>,
    shift: u32,
}

impl CityCounts {
    /// Room for about `words` distinct words, four counters each.
    fn new(words: usize) -> CityCounts {
        let bits = (words.max(1) * 4).next_power_of_two().trailing_zeros().clamp(10, 26);
        CityCounts { counters: vec![0; 1 << bits], shift: 64 - bits }
    }

    fn slot(&self, word: u32) -> usize {
        (u64::from(word).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    fn add(&mut self, word: u32, n: u32) {
        let slot = self.slot(word);
        self.counters[slot] = self.counters[slot].saturating_add(n.min(u32::from(u16::MAX)) as u16);
    }

    fn get(&self, word: u32) -> u32 {
        u32::from(self.counters[self.slot(word)])
    }
}

/// The share of the shorter text's specific words the two share.
fn share(shared: usize, a: usize, b: usize) -> f64 {
    let shorter = a.min(b);
    if shorter == 0 {
        0.0
    } else {
        shared as f64 / shorter as f64
    }
}

/// Pairs `(a, b)`, `a < b`, of texts in one bucket, at most `reach` apart in time, whose
/// specific words overlap by `threshold` or more (`share`). Bucket by bucket, each text
/// counts the words it shares with the later texts that hold any of its words (a word is
/// specific only when few texts use it, so these stay few).
pub fn near_duplicates(texts: &Texts, words: &SpecificWords, threshold: f64, reach: i64) -> Vec<(usize, usize)> {
    let order = &words.order;
    let mut pairs = Vec::new();
    let (mut entries, mut counts, mut touched): (Vec<(u32, u32)>, Vec<u32>, Vec<u32>) = Default::default();
    let mut start = 0;
    for bucket in order.chunk_by(|&a, &b| {
        (texts.groups[a as usize], texts.buckets[a as usize]) == (texts.groups[b as usize], texts.buckets[b as usize])
    }) {
        let (from, len) = (start, bucket.len());
        start += len;
        if len < 2 {
            continue;
        }
        let compared = |local: usize| words.at(from + local).len() >= MIN_SPECIFIC;
        entries.clear();
        for local in (0..len).filter(|&l| compared(l)) {
            entries.extend(words.at(from + local).iter().map(|&w| (w, local as u32)));
        }
        entries.sort_unstable();
        counts.clear();
        counts.resize(len, 0);
        for a in (0..len).filter(|&l| compared(l)) {
            let time = texts.times[bucket[a] as usize];
            for &word in words.at(from + a) {
                let after = entries.partition_point(|e| *e <= (word, a as u32));
                for &(w, b) in &entries[after..] {
                    if w != word || texts.times[bucket[b as usize] as usize] - time > reach {
                        break;
                    }
                    if counts[b as usize] == 0 {
                        touched.push(b);
                    }
                    counts[b as usize] += 1;
                }
            }
            let a_len = words.at(from + a).len();
            for b in touched.drain(..) {
                let shared = std::mem::take(&mut counts[b as usize]) as usize;
                let b_len = words.at(from + b as usize).len();
                if shared >= MIN_SPECIFIC && share(shared, a_len, b_len) >= threshold {
                    pairs.push((bucket[a] as usize, bucket[b as usize] as usize));
                }
            }
        }
    }
    pairs.sort_unstable();
    pairs
}

#[cfg(test)]
mod tests {
    use super::super::tokens::token_set;
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
        let (groups, mut buckets, mut times) = (vec![1; texts.len()], vec![7; texts.len()], vec![0; texts.len()]);
        let pairs = |buckets: &[u64], times: &[i64]| {
            let texts_ = Texts { groups: &groups, buckets, times };
            let words = SpecificWords::find(&texts_, |i, out| out.extend(token_set(&texts[i])));
            near_duplicates(&texts_, &words, 0.75, 10)
        };
        assert_eq!(pairs(&buckets, &times), [(200, 201)], "the two about 柏桂花园9栋 only");
        times[201] = 11;
        assert!(pairs(&buckets, &times).is_empty(), "outside the window");
        times[201] = 10;
        buckets[201] = 8;
        assert!(pairs(&buckets, &times).is_empty(), "another town");
    }

    #[test]
    fn words_every_ticket_of_a_kind_uses_are_not_specific() {
        let texts = texts();
        let (groups, buckets, times) = (vec![1; texts.len()], vec![7; texts.len()], vec![0; texts.len()]);
        let texts_ = Texts { groups: &groups, buckets: &buckets, times: &times };
        let words = SpecificWords::find(&texts_, |i, out| out.extend(token_set(&texts[i])));
        let common = token_set("烧烤店油烟扰民");
        assert!((0..texts.len()).all(|i| words.of(i).iter().all(|t| !common.contains(t))));
        assert!(words.of(201).len() >= 3, "柏桂花园 and 9栋 are specific");
    }
}
