//! The words of a ticket as the near-duplicate test reads them: pairs of adjacent Chinese
//! characters, whole numbers with the character that names them (`15号`, `3栋`), and Latin
//! words; each as a 32-bit hash. Punctuation and spaces only separate.

use std::hash::{BuildHasher, Hasher};

use rustc_hash::FxBuildHasher;

/// Full-width digits and letters as their ASCII forms.
fn half_width(c: char) -> char {
    match c {
        '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}')
}

fn hash(parts: &[&[u8]]) -> u32 {
    let mut hasher = FxBuildHasher.build_hasher();
    for part in parts {
        hasher.write(part);
    }
    let h = hasher.finish();
    (h ^ (h >> 32)) as u32
}

/// Appends the tokens of `text` to `out` (with repeats; the caller dedups).
pub fn tokens(text: &str, out: &mut Vec<u32>) {
    let mut previous_han: Option<char> = None;
    let mut number = String::new();
    let mut word = String::new();
    let mut buffer = [0u8; 8];
    for c in text.chars().map(half_width) {
        if c.is_ascii_digit() {
            number.push(c);
            previous_han = None;
            continue;
        }
        if c.is_ascii_alphabetic() {
            word.push(c.to_ascii_lowercase());
            continue;
        }
        if !word.is_empty() {
            out.push(hash(&[b"w", word.as_bytes()]));
            word.clear();
        }
        if is_han(c) {
            let this = &*c.encode_utf8(&mut buffer);
            let this = this.as_bytes();
            if !number.is_empty() {
                // A number and what it counts: 15号, 3栋, 2个.
                out.push(hash(&[b"n", number.as_bytes(), this]));
                number.clear();
            }
            if let Some(before) = previous_han {
                let mut pair = [0u8; 8];
                let first = before.encode_utf8(&mut pair).len();
                out.push(hash(&[&pair[..first], this]));
            }
            previous_han = Some(c);
        } else {
            if !number.is_empty() {
                out.push(hash(&[b"n", number.as_bytes()]));
                number.clear();
            }
            previous_han = None;
        }
    }
    if !number.is_empty() {
        out.push(hash(&[b"n", number.as_bytes()]));
    }
    if !word.is_empty() {
        out.push(hash(&[b"w", word.as_bytes()]));
    }
}

/// The distinct tokens of `text`, sorted.
pub fn token_set(text: &str) -> Vec<u32> {
    let mut out = Vec::new();
    tokens(text, &mut out);
    out.sort_unstable();
    out.dedup();
    out
}

/// How many words two sets share (both sorted and distinct).
pub fn shared(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut shared) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    shared
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_reads_as_pairs_and_numbers_with_their_measure() {
        let a = token_set("康宁路15号，噪音扰民！");
        let b = token_set("康宁路１５号 噪音扰民");
        assert_eq!(a, b, "full-width digits and punctuation do not matter");
        assert_eq!(a.len(), 2 + 1 + 3, "康宁 宁路, 15号, 噪音 音扰 扰民");
        assert_ne!(token_set("康宁路15号"), token_set("康宁路16号"));
        assert_eq!(token_set("ABC"), token_set("abc"));
    }

    #[test]
    fn sorted_sets_count_what_they_share() {
        assert_eq!(shared(&[1, 2, 3], &[2, 3, 4]), 2);
        assert_eq!(shared(&[1], &[1]), 1);
        assert_eq!(shared(&[], &[5]), 0);
    }
}
