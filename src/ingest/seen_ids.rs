//! The ticket ids seen so far, to count duplicates. Most ids are digits only
//! (`201121000001`); they are kept as numbers, which spares an allocation per row. And
//! most exports list them in ascending order: an id above every one before it is new
//! without a lookup, so those are kept in a sorted list and only the others are hashed.

use rustc_hash::FxHashSet;

#[derive(Default)]
pub struct SeenIds {
    /// Digit-only ids as value × 64 + length, so `007` and `7` differ: up to 17 digits
    /// (nearly all) in 64 bits, which hash and compare faster, up to 30 in 128.
    ascending: Vec<u64>,
    /// Short ids that came out of order (a second, overlapping file, say).
    short: FxHashSet<u64>,
    numeric: FxHashSet<u128>,
    text: FxHashSet<Box<str>>,
}

impl SeenIds {
    /// Records `id`; false when it was seen before.
    pub fn insert(&mut self, id: &str) -> bool {
        if id.len() <= 17 && id.bytes().all(|b| b.is_ascii_digit()) {
            let value = id.bytes().fold(0u64, |v, b| v * 10 + u64::from(b - b'0'));
            self.insert_short(value * 64 + id.len() as u64)
        } else if id.len() <= 30 && id.bytes().all(|b| b.is_ascii_digit()) {
            let value = id.bytes().fold(0u128, |v, b| v * 10 + u128::from(b - b'0'));
            self.numeric.insert(value * 64 + id.len() as u128)
        } else {
            self.text.insert(Box::from(id))
        }
    }
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
        let mut seen = SeenIds::default();
        for id in ["101", "102", "105", "110"] {
            assert!(seen.insert(id));
        }
        // A second file overlapping the first, then the first going on.
        assert!(!seen.insert("102"));
        assert!(seen.insert("103"));
        assert!(seen.insert("120"));
        assert!(!seen.insert("103"));
        assert!(!seen.insert("120"));
        assert!(seen.insert("130"));
        assert!(!seen.insert("110"));
    }
}
