//! The words of a ticket as the near-duplicate test reads them: pairs of adjacent Chinese
//! characters, whole numbers with the character that names them (`15号`, `3栋`), and Latin
//! words; each as a 32-bit number. Punctuation and spaces only separate.
//!
//! A pair of Chinese characters is the two
//! characters' code points side by side (exact, and above `0x3400_0000` since every Chinese
//! character is at or above U+3400); numbers and Latin words are hashed below that, each in
//! a range of its own.

/// The text's characters as code points, full-width digits and letters as their ASCII
/// forms. Read from the bytes: the text is UTF-8, so a first byte tells the length (and
/// only Chinese characters, three bytes each, need their value).
fn code_points(text: &str) -> impl Iterator<Item = u32> + '_ {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        let &first = bytes.get(at)?;
        Some(match first {
            0..0x80 => {
                at += 1;
                u32::from(first)
            }
            0xE0..0xF0 => {
                let &[_, second, third] = bytes.get(at..at + 3)? else { return None };
                at += 3;
                let c = u32::from(first & 0x0F) << 12 | u32::from(second & 0x3F) << 6 | u32::from(third & 0x3F);
                // Only the block led by EF (U+F000 on) holds the full-width forms: the
                // Chinese characters (E3 to E9) skip the test.
                if first == 0xEF && matches!(c, 0xFF10..=0xFF19 | 0xFF21..=0xFF3A | 0xFF41..=0xFF5A) {
                    c - 0xFEE0
                } else {
                    c
                }
            }
            // Two or four bytes: no Chinese character, no digit; any such mark separates.
            0xF0.. => {
                at += 4;
                0x1_0000
            }
            _ => {
                at += 2;
                0x80
            }
        })
    })
}

fn is_han(c: u32) -> bool {
    matches!(c, 0x4E00..=0x9FFF | 0x3400..=0x4DBF)
}

/// Numbers (with or without their measure) hash into `[0, NUMBERS)`, Latin words into
/// `[NUMBERS, 2 * NUMBERS)`; both lie below every pair of Chinese characters.
const NUMBERS: u32 = 0x1800_0000;

fn mix(h: u64, v: u64) -> u64 {
    (h.rotate_left(5) ^ v).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95)
}

fn fold(h: u64, range: u32, base: u32) -> u32 {
    base + ((h ^ (h >> 29) ^ (h >> 47)) % u64::from(range)) as u32
}

/// A whole number read so far: its value (wrapping) and its digits, so `015` is not `15`.
#[derive(Default)]
struct Number {
    hash: u64,
    digits: u32,
}

impl Number {
    fn push(&mut self, digit: u8) {
        self.hash = mix(self.hash, u64::from(digit));
        self.digits += 1;
    }

    /// The number's token, with the character that names it (`号`) or none (0).
    fn take(&mut self, measure: u32) -> u32 {
        let h = mix(mix(self.hash, u64::from(self.digits) << 32), u64::from(measure));
        *self = Number::default();
        fold(h, NUMBERS, 0)
    }
}

/// Appends the tokens of `text` to `out` (with repeats; the caller dedups).
pub fn tokens(text: &str, out: &mut Vec<u32>) {
    let mut previous_han: Option<u32> = None;
    let mut number = Number::default();
    let mut word: Option<u64> = None;
    for c in code_points(text) {
        if (0x30..=0x39).contains(&c) {
            number.push(c as u8 - b'0');
            previous_han = None;
            continue;
        }
        if (c as u8).is_ascii_alphabetic() && c < 0x80 {
            word = Some(mix(word.unwrap_or(1), u64::from((c as u8).to_ascii_lowercase())));
            continue;
        }
        if let Some(h) = word.take() {
            out.push(fold(h, NUMBERS, NUMBERS));
        }
        if is_han(c) {
            let this = c;
            if number.digits > 0 {
                // A number and what it counts: 15号, 3栋, 2个.
                out.push(number.take(this));
            }
            if let Some(before) = previous_han {
                out.push(before << 16 | this);
            }
            previous_han = Some(this);
        } else {
            if number.digits > 0 {
                out.push(number.take(0));
            }
            previous_han = None;
        }
    }
    if number.digits > 0 {
        out.push(number.take(0));
    }
    if let Some(h) = word {
        out.push(fold(h, NUMBERS, NUMBERS));
    }
}

/// The distinct tokens of `text`, sorted.
pub fn token_set(text: &str) -> Vec<u32> {
    let mut out = Vec::new();
    tokens(text, &mut out);
    sort_distinct(&mut out, 0, &[]);
    out
}

/// Sorts `out[from..]` and keeps each token once, without those in `dropped` (sorted).
pub fn sort_distinct(out: &mut Vec<u32>, from: usize, dropped: &[u32]) {
    out[from..].sort_unstable();
    let (mut end, mut skip) = (from, 0);
    for at in from..out.len() {
        let token = out[at];
        if end > from && out[end - 1] == token {
            continue;
        }
        while skip < dropped.len() && dropped[skip] < token {
            skip += 1;
        }
        if skip < dropped.len() && dropped[skip] == token {
            continue;
        }
        out[end] = token;
        end += 1;
    }
    out.truncate(end);
}

/// Keeps each token of `out[from..]` once, in the order first met, without those in
/// `dropped`. Where the order does not matter (the near-duplicate test counts words), this
/// replaces `sort_distinct`: a text's tens of tokens go through a small table (`seen`,
/// reused) at a few instructions each, where sorting them cost about 70 per token.
pub fn keep_distinct(out: &mut Vec<u32>, from: usize, dropped: &[u32], seen: &mut Vec<u32>) {
    // No token is u32::MAX: pairs of Chinese characters lie below 0xA000_0000.
    const EMPTY: u32 = u32::MAX;
    let bits = ((out.len() - from + dropped.len()) * 2).next_power_of_two().trailing_zeros().max(4);
    seen.clear();
    seen.resize(1 << bits, EMPTY);
    // Whether `token` was in the table, which then holds it.
    let mut met = |token: u32| {
        let mask = (1usize << bits) - 1;
        let mut slot = (token.wrapping_mul(0x9E37_79B1) >> (32 - bits)) as usize;
        loop {
            match seen[slot] {
                EMPTY => {
                    seen[slot] = token;
                    return false;
                }
                held if held == token => return true,
                _ => slot = (slot + 1) & mask,
            }
        }
    };
    // The dropped tokens count as met already.
    for &token in dropped {
        met(token);
    }
    let mut end = from;
    for at in from..out.len() {
        let token = out[at];
        if !met(token) {
            out[end] = token;
            end += 1;
        }
    }
    out.truncate(end);
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
        assert_ne!(token_set("15号"), token_set("015号"));
        let mut out = vec![9, 5, 3, 5, 1, 3];
        sort_distinct(&mut out, 1, &[3, 4]);
        assert_eq!(out, [9, 1, 5], "sorted from the second on, once each, without 3");
        let mut out = vec![9, 5, 3, 5, 1, 3, 0, 0];
        keep_distinct(&mut out, 1, &[3, 4], &mut Vec::new());
        assert_eq!(out, [9, 5, 1, 0], "from the second on, once each in the order met, without 3");
        let many: Vec<u32> = (0..1000).map(|i| i % 300 * 7919).collect();
        let mut out = many.clone();
        keep_distinct(&mut out, 0, &[], &mut Vec::new());
        assert_eq!(out, many[..300], "a long text's tokens, each once");
        assert_eq!(token_set("噪音"), ['噪' as u32 * 0x1_0000 + '音' as u32], "a pair is its two characters");
        assert!(token_set("15号 abc").iter().all(|&t| t < 0x3400_0000), "numbers and words lie below every pair");
    }
}
