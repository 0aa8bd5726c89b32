//! Whether a short text holds any of a few keywords, in one pass (a hand-made "Teddy", the
//! packed search that aho-corasick has on x86 and ARM but not in wasm). Each keyword gets
//! one bit; two neighbouring bytes of it (its fingerprint) are looked up by their nibbles in
//! four sixteen-entry tables, sixteen text positions at a time, and only positions whose
//! bytes could start some keyword's fingerprint are compared with that keyword. Topic
//! contents are short Chinese texts: one pass over each instead of a substring search per
//! keyword.

/// At most this many keywords: one bit each in a byte.
pub const MAX_KEYWORDS: usize = 8;

/// Sixteen bytes at a time.
const LANES: usize = 16;

pub struct PackedKeywords {
    /// Each keyword, and where its fingerprint starts in it.
    keywords: Vec<(Box<[u8]>, usize)>,
    /// Bit k of `first_low[n]`: keyword k's first fingerprint byte has low nibble n; and so
    /// on for the high nibble and the second byte.
    first_low: [u8; 16],
    first_high: [u8; 16],
    second_low: [u8; 16],
    second_high: [u8; 16],
}

impl PackedKeywords {
    /// None when there are too many keywords or one is shorter than two bytes.
    pub fn new(keywords: &[&str]) -> Option<PackedKeywords> {
        if keywords.is_empty() || keywords.len() > MAX_KEYWORDS || keywords.iter().any(|k| k.len() < 2) {
            return None;
        }
        let mut packed = PackedKeywords {
            keywords: Vec::new(),
            first_low: [0; 16],
            first_high: [0; 16],
            second_low: [0; 16],
            second_high: [0; 16],
        };
        for (k, keyword) in keywords.iter().enumerate() {
            let bytes = keyword.as_bytes();
            // Past a Chinese character's lead byte (one of a handful of values), its two
            // trailing bytes tell characters apart better.
            let offset = if bytes.len() >= 3 && bytes[0] >= 0xe0 { 1 } else { 0 };
            let (first, second) = (bytes[offset], bytes[offset + 1]);
            let bit = 1u8 << k;
            packed.first_low[usize::from(first & 15)] |= bit;
            packed.first_high[usize::from(first >> 4)] |= bit;
            packed.second_low[usize::from(second & 15)] |= bit;
            packed.second_high[usize::from(second >> 4)] |= bit;
            packed.keywords.push((Box::from(bytes), offset));
        }
        Some(packed)
    }

    pub fn is_match(&self, text: &str) -> bool {
        let text = text.as_bytes();
        let mut at = 0;
        // Whole blocks: sixteen positions, each with the byte after it.
        while at + LANES < text.len() {
            let block: &[u8; LANES + 1] = text[at..at + LANES + 1].try_into().expect("a block and one");
            if self.block_matches(text, at, block) {
                return true;
            }
            at += LANES;
        }
        // The last positions, zero-padded: a padded position only makes a candidate that
        // the comparison with the real text then turns down.
        let mut block = [0u8; LANES + 1];
        let tail = &text[at..];
        block[..tail.len()].copy_from_slice(tail);
        self.block_matches(text, at, &block)
    }

    /// Whether a keyword's fingerprint starts at one of the positions `at..at + 16`, whose
    /// bytes (and the one after) are `block`.
    #[inline(always)]
    fn block_matches(&self, text: &[u8], at: usize, block: &[u8; LANES + 1]) -> bool {
        let candidates = lanes::candidates(self, block);
        if candidates == [0; LANES] {
            return false;
        }
        candidates.iter().enumerate().filter(|(_, &bits)| bits != 0).any(|(lane, &bits)| {
            self.keywords.iter().enumerate().filter(|(k, _)| bits & (1 << k) != 0).any(|(_, (keyword, offset))| {
                let start = (at + lane).checked_sub(*offset);
                start.and_then(|start| text.get(start..)).is_some_and(|rest| rest.starts_with(keyword))
            })
        })
    }
}

/// For each of sixteen positions, the keywords whose fingerprint could start there.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod lanes {
    use core::arch::wasm32::*;

    use super::{PackedKeywords, LANES};

    #[inline(always)]
    pub fn candidates(packed: &PackedKeywords, block: &[u8; LANES + 1]) -> [u8; LANES] {
        let load = |bytes: &[u8; 16]| {
            // SAFETY: sixteen readable bytes; v128_load has no alignment requirement.
            unsafe { v128_load(bytes.as_ptr() as *const v128) }
        };
        let first = load(block[..16].try_into().expect("sixteen bytes"));
        let second = load(block[1..].try_into().expect("sixteen bytes"));
        let low_nibbles = u8x16_splat(15);
        let look = |table: &[u8; 16], nibbles: v128| u8x16_swizzle(load(table), nibbles);
        let hits = v128_and(
            v128_and(
                look(&packed.first_low, v128_and(first, low_nibbles)),
                look(&packed.first_high, u8x16_shr(first, 4)),
            ),
            v128_and(
                look(&packed.second_low, v128_and(second, low_nibbles)),
                look(&packed.second_high, u8x16_shr(second, 4)),
            ),
        );
        let mut out = [0u8; LANES];
        if v128_any_true(hits) {
            // SAFETY: `out` has sixteen writable bytes; v128_store has no alignment requirement.
            unsafe { v128_store(out.as_mut_ptr() as *mut v128, hits) };
        }
        out
    }
}

/// The same, a byte at a time (tests, and builds without simd128).
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
mod lanes {
    use super::{PackedKeywords, LANES};

    #[inline(always)]
    pub fn candidates(packed: &PackedKeywords, block: &[u8; LANES + 1]) -> [u8; LANES] {
        std::array::from_fn(|lane| {
            let (first, second) = (block[lane], block[lane + 1]);
            packed.first_low[usize::from(first & 15)]
                & packed.first_high[usize::from(first >> 4)]
                & packed.second_low[usize::from(second & 15)]
                & packed.second_high[usize::from(second >> 4)]
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_what_contains_finds_at_every_place_and_near_every_edge() {
        let keywords = ["新冠", "疫情", "核酸", "ab", "返湛", "x疫", "到湛", "防疫"];
        let packed = PackedKeywords::new(&keywords).expect("eight keywords of two bytes or more");
        let fillers = ["", "a", "咨询", "来电人反映：", "一二三四五六七八九十一二三四五六七八九十"];
        let mut texts: Vec<String> = Vec::new();
        for keyword in keywords.iter().chain(["新", "疫", "冠疫", "a", "b", "湛", "x"].iter()) {
            for before in fillers {
                for after in fillers {
                    for pad in 0..18 {
                        texts.push(format!("{}{before}{keyword}{after}", "-".repeat(pad)));
                    }
                }
            }
        }
        texts.extend(["".into(), "b".into(), "ba".into(), "新 冠".into(), "疫苗".into()]);
        for text in &texts {
            let expected = keywords.iter().any(|k| text.contains(k));
            assert_eq!(packed.is_match(text), expected, "{text:?}");
        }
    }

    #[test]
    fn too_many_or_too_short_keywords_are_left_to_other_searches() {
        assert!(PackedKeywords::new(&["新冠"; MAX_KEYWORDS]).is_some());
        assert!(PackedKeywords::new(&["新冠"; MAX_KEYWORDS + 1]).is_none());
        assert!(PackedKeywords::new(&["新冠", "a"]).is_none());
        assert!(PackedKeywords::new(&[]).is_none());
    }
}
