//! The ticket ids seen so far, to count duplicates. Most ids are digits only
//! (`201121000001`); they are kept as numbers, which spares an allocation per row.

use rustc_hash::FxHashSet;

#[derive(Default)]
pub struct SeenIds {
    /// Digit-only ids as value × 64 + length, so `007` and `7` differ: up to 17 digits
    /// (nearly all) in 64 bits, which hash and compare faster, up to 30 in 128.
    short: FxHashSet<u64>,
    numeric: FxHashSet<u128>,
    text: FxHashSet<Box<str>>,
}

impl SeenIds {
    /// Records `id`; false when it was seen before.
    pub fn insert(&mut self, id: &str) -> bool {
        if id.len() <= 17 && id.bytes().all(|b| b.is_ascii_digit()) {
            let value = id.bytes().fold(0u64, |v, b| v * 10 + u64::from(b - b'0'));
            self.short.insert(value * 64 + id.len() as u64)
        } else if id.len() <= 30 && id.bytes().all(|b| b.is_ascii_digit()) {
            let value = id.bytes().fold(0u128, |v, b| v * 10 + u128::from(b - b'0'));
            self.numeric.insert(value * 64 + id.len() as u128)
        } else {
            self.text.insert(Box::from(id))
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
}
