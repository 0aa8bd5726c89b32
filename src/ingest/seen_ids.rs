//! The ticket ids seen so far, to count duplicates. Most ids are digits only
//! (`201121000001`); they are kept as numbers, which spares an allocation per row. And
//! most exports list them in ascending order: an id above every one before it is new
//! without a lookup, so those are kept in a sorted list and only the others are hashed.
//! Other ids (`ZJ201121000001`, `GD-4408-20201121-000001`) are kept the same way, as
//! text in one string: an allocation and a hash per row made them a third slower per
//! row in the page than digit ids (BENCHMARKS.md, the dialect table).

use std::hash::BuildHasher;

use hashbrown::HashTable;
use rustc_hash::{FxBuildHasher, FxHashSet};

use super::values::ascii_digits;

#[derive(Default)]
pub struct SeenIds {
    /// Digit-only ids as value × 64 + length, so `007` and `7` differ: up to 17 digits
    /// (nearly all) in 64 bits, which hash and compare faster, up to 30 in 128.
    ascending: Vec<u64>,
    /// Short ids that came out of order (a second, overlapping file, say).
    short: FxHashSet<u64>,
    numeric: FxHashSet<u128>,
    text: TextIds,
}

/// Ids that are not digits only, one after another in `text`: those that came in
/// ascending byte order listed in `ascending`, the others in `others`.
#[derive(Default)]
struct TextIds {
    text: String,
    ascending: Vec<(usize, usize)>,
    others: HashTable<(usize, usize)>,
}

impl TextIds {
    fn get(&self, (start, end): (usize, usize)) -> &str {
        &self.text[start..end]
    }

    fn keep(&mut self, id: &str) -> (usize, usize) {
        let start = self.text.len();
        self.text.push_str(id);
        (start, self.text.len())
    }

    /// Records `id`; false when it was seen before.
    fn insert(&mut self, id: &str) -> bool {
        let hash = || FxBuildHasher.hash_one(id);
        if self.ascending.last().is_none_or(|&last| id > self.get(last)) {
            if !self.others.is_empty() && self.others.find(hash(), |&at| self.get(at) == id).is_some() {
                return false;
            }
            let at = self.keep(id);
            self.ascending.push(at);
            return true;
        }
        let hash = hash();
        if self.ascending.binary_search_by(|&at| self.get(at).cmp(id)).is_ok()
            || self.others.find(hash, |&at| self.get(at) == id).is_some()
        {
            return false;
        }
        let at = self.keep(id);
        let text = &self.text;
        self.others.insert_unique(hash, at, |&(start, end)| FxBuildHasher.hash_one(&text[start..end]));
        true
    }
}

impl SeenIds {
    /// Records `id`; false when it was seen before.
    pub fn insert(&mut self, id: &str) -> bool {
        if let Some(value) = short_number(id) {
            self.insert_short(value * 64 + id.len() as u64)
        } else if id.len() <= 30 && id.bytes().all(|b| b.is_ascii_digit()) {
            let value = id.bytes().fold(0u128, |v, b| v * 10 + u128::from(b - b'0'));
            self.numeric.insert(value * 64 + id.len() as u128)
        } else {
            self.text.insert(id)
        }
    }
}

/// The value of an id of up to 17 digits; None for anything else. Eight digits at a time
/// (ids are a dozen digits, and every row has one), the rest one by one.
fn short_number(id: &str) -> Option<u64> {
    let bytes = id.as_bytes();
    if bytes.len() > 17 {
        return None;
    }
    let mut chunks = bytes.chunks_exact(8);
    let mut value = 0u64;
    for chunk in &mut chunks {
        value = value * 100_000_000 + eight_digits(chunk.try_into().expect("eight bytes"))?;
    }
    chunks.remainder().iter().try_fold(value, |value, &b| {
        let digit = b.wrapping_sub(b'0');
        (digit <= 9).then(|| value * 10 + u64::from(digit))
    })
}

/// The value of eight ASCII digits, combined pairwise in one word (SWAR).
fn eight_digits(bytes: &[u8; 8]) -> Option<u64> {
    const LOW: u64 = 0x0f0f_0f0f_0f0f_0f0f;
    let word = u64::from_le_bytes(*bytes);
    if !ascii_digits(word, u64::MAX) {
        return None;
    }
    // The first digit is the lowest byte: fold neighbours into 2, 4, then 8 digits.
    let digits = word & LOW;
    let pairs = (digits * 10 + (digits >> 8)) & 0x00ff_00ff_00ff_00ff;
    let quads = (pairs * 100 + (pairs >> 16)) & 0x0000_ffff_0000_ffff;
    Some((quads * 10_000 + (quads >> 32)) & 0xffff_ffff)
}

impl SeenIds {
    fn insert_short(&mut self, key: u64) -> bool {
        if self.ascending.last().is_none_or(|&last| key > last) {
            if !self.short.is_empty() && self.short.contains(&key) {
                return false;
            }
            self.ascending.push(key);
            true
        } else {
            self.ascending.binary_search(&key).is_err() && self.short.insert(key)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_read_as_numbers_exactly_as_the_plain_fold_reads_them() {
        let plain = |id: &str| {
            (id.len() <= 17 && id.bytes().all(|b| b.is_ascii_digit()))
                .then(|| id.bytes().fold(0u64, |v, b| v * 10 + u64::from(b - b'0')))
        };
        let mut ids: Vec<String> = vec!["".into(), "0".into(), "99999999999999999".into(), "999999999999999999".into()];
        for len in 1..=18 {
            let digits: String = (0..len).map(|i| char::from(b'0' + ((i * 7 + len) % 10) as u8)).collect();
            ids.push(digits.clone());
            // One byte off at each place: just outside the digits, or not ASCII at all.
            for at in 0..len {
                for bad in ["/", ":", "a", " ", "\u{7f}"] {
                    let mut id = digits.clone();
                    id.replace_range(at..at + 1, bad);
                    ids.push(id);
                }
            }
        }
        ids.push("2011210000０1".into());
        for id in &ids {
            assert_eq!(short_number(id), plain(id), "{id:?}");
        }
    }

    #[test]
    fn duplicates_are_found_in_either_form_and_leading_zeros_count() {
        let mut seen = SeenIds::default();
        assert!(seen.insert("201121000001"));
        assert!(!seen.insert("201121000001"));
        assert!(seen.insert("0201121000001"), "a leading zero makes another id");
        assert!(seen.insert("250101000020109-01"));
        assert!(!seen.insert("250101000020109-01"));
        assert!(seen.insert("12345678901234567890"), "18 to 30 digits: 128 bits");
        assert!(!seen.insert("12345678901234567890"));
        assert!(seen.insert("99999999999999999"));
        assert!(!seen.insert("99999999999999999"));
        assert!(seen.insert("123456789012345678901234567890123"), "longer than 30 digits: kept as text");
        assert!(!seen.insert("123456789012345678901234567890123"));
    }

    #[test]
    fn ids_out_of_order_are_checked_against_the_ascending_ones_and_the_others() {
        // Digit ids (kept as numbers) and ids with a prefix (kept as text) alike.
        for prefix in ["", "ZJ"] {
            let id = |n: u32| format!("{prefix}{n}");
            let mut seen = SeenIds::default();
            for n in [101, 102, 105, 110] {
                assert!(seen.insert(&id(n)));
            }
            // A second file overlapping the first, then the first going on.
            assert!(!seen.insert(&id(102)), "{prefix}");
            assert!(seen.insert(&id(103)));
            assert!(seen.insert(&id(120)));
            assert!(!seen.insert(&id(103)));
            assert!(!seen.insert(&id(120)));
            assert!(seen.insert(&id(130)));
            assert!(!seen.insert(&id(110)), "{prefix}");
        }
        let mut seen = SeenIds::default();
        for text in ["ZJ105", "ZJ110", "GD-1", "ZJ1"] {
            assert!(seen.insert(text), "{text}: below every id before it, or a prefix of one");
            assert!(!seen.insert(text), "{text}");
        }
    }
}
