//! One pass over a line of CSV: where it ends, where its delimiters are, and whether it
//! holds a quote (then the general reader takes it). Sixteen bytes are compared with the
//! three structural bytes at once (simd128 in wasm, SSE2 natively), so a line costs one
//! scan instead of a search for its end, another for a quote and a third for delimiters.

use super::cells::Span;

/// What the scan of the bytes from a line's start found.
#[derive(Debug, PartialEq, Eq)]
pub enum Scan {
    /// The line's content is `rest[..len]` (terminator excluded); its cells are in the
    /// spans. `terminated` is false when the bytes ran out first.
    Line { len: usize, terminated: bool },
    /// A quote comes before the line's end.
    Quoted,
}

const BLOCK: usize = 16;

/// Scans `rest` from a line's start, filling `spans` with the cells of a plain line.
pub fn scan_line(rest: &[u8], delimiter: u8, terminator: u8, spans: &mut Vec<Span>) -> Scan {
    spans.clear();
    let mut cell_start = 0u32;
    let mut offset = 0;
    while offset < rest.len() {
        let (block, bytes) = block_at(rest, offset);
        let (delimiters, stops) = masks(&block, delimiter, terminator);
        let stops = stops & valid_bits(bytes);
        let (delimiters, end) = match stops {
            0 => (delimiters & valid_bits(bytes), None),
            _ => {
                let first = stops.trailing_zeros() as usize;
                if rest[offset + first] == b'"' {
                    return Scan::Quoted;
                }
                (delimiters & ((1u32 << first) - 1), Some(offset + first))
            }
        };
        let mut hits = delimiters;
        while hits != 0 {
            let at = (offset + hits.trailing_zeros() as usize) as u32;
            spans.push((cell_start, at));
            cell_start = at + 1;
            hits &= hits - 1;
        }
        if let Some(len) = end {
            spans.push((cell_start, len as u32));
            return Scan::Line { len, terminated: true };
        }
        offset += BLOCK;
    }
    spans.push((cell_start, rest.len() as u32));
    Scan::Line { len: rest.len(), terminated: false }
}

/// Sixteen bytes from `offset` (zero-padded past the end: zero is never structural), and
/// how many are real.
#[inline(always)]
fn block_at(rest: &[u8], offset: usize) -> ([u8; BLOCK], usize) {
    match rest.get(offset..offset + BLOCK) {
        Some(bytes) => (bytes.try_into().expect("sixteen bytes"), BLOCK),
        None => {
            let tail = &rest[offset..];
            let mut block = [0u8; BLOCK];
            block[..tail.len()].copy_from_slice(tail);
            (block, tail.len())
        }
    }
}

#[inline(always)]
fn valid_bits(bytes: usize) -> u32 {
    (1u32 << bytes) - 1
}

/// Bit i set where byte i is the delimiter; and where it is the terminator or a quote.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
#[inline(always)]
fn masks(block: &[u8; BLOCK], delimiter: u8, terminator: u8) -> (u32, u32) {
    use core::arch::wasm32::*;
    // SAFETY: `block` is sixteen readable bytes; v128_load has no alignment requirement.
    let bytes = unsafe { v128_load(block.as_ptr() as *const v128) };
    let delimiters = u8x16_bitmask(u8x16_eq(bytes, u8x16_splat(delimiter)));
    let stops = v128_or(u8x16_eq(bytes, u8x16_splat(terminator)), u8x16_eq(bytes, u8x16_splat(b'"')));
    (delimiters as u32, u8x16_bitmask(stops) as u32)
}

#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn masks(block: &[u8; BLOCK], delimiter: u8, terminator: u8) -> (u32, u32) {
    use core::arch::x86_64::*;
    // SAFETY: SSE2 is part of x86_64; `block` is sixteen readable bytes and the load is
    // the unaligned one.
    unsafe {
        let bytes = _mm_loadu_si128(block.as_ptr() as *const __m128i);
        let delimiters = _mm_movemask_epi8(_mm_cmpeq_epi8(bytes, _mm_set1_epi8(delimiter as i8)));
        let quotes = _mm_cmpeq_epi8(bytes, _mm_set1_epi8(b'"' as i8));
        let stops = _mm_or_si128(_mm_cmpeq_epi8(bytes, _mm_set1_epi8(terminator as i8)), quotes);
        (delimiters as u32, _mm_movemask_epi8(stops) as u32)
    }
}

#[cfg(not(any(all(target_arch = "wasm32", target_feature = "simd128"), target_arch = "x86_64")))]
fn masks(block: &[u8; BLOCK], delimiter: u8, terminator: u8) -> (u32, u32) {
    let (mut delimiters, mut stops) = (0u32, 0u32);
    for (i, &b) in block.iter().enumerate() {
        delimiters |= ((b == delimiter) as u32) << i;
        stops |= ((b == terminator || b == b'"') as u32) << i;
    }
    (delimiters, stops)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells<'a>(line: &'a str, spans: &[Span]) -> Vec<&'a str> {
        spans.iter().map(|&(a, b)| &line[a as usize..b as usize]).collect()
    }

    #[test]
    fn a_line_splits_at_every_delimiter_whatever_its_length() {
        // Lengths around the block size, delimiters on and across block edges.
        for len in 0..50 {
            let line: String = (0..len).map(|i| if i % 3 == 2 || i == 15 || i == 16 { ',' } else { '字' }).collect();
            for ending in ["\n", "\r\n", ""] {
                let text = format!("{line}{ending}after,the\"line");
                let bytes = &text.as_bytes()[..line.len() + ending.len()];
                let mut spans = Vec::new();
                let scan = scan_line(bytes, b',', b'\n', &mut spans);
                // The scan stops at '\n'; stripping a '\r' before it is the reader's job.
                let terminated = !ending.is_empty();
                let expected_len = if ending == "\r\n" { line.len() + 1 } else { line.len() };
                assert_eq!(scan, Scan::Line { len: expected_len, terminated }, "{len} {ending:?}");
                let expected: Vec<&str> = text[..expected_len].split(',').collect();
                assert_eq!(cells(&text, &spans), expected, "{len} {ending:?}");
            }
        }
    }

    #[test]
    fn a_quote_before_the_end_sends_the_line_to_the_general_reader() {
        let mut spans = Vec::new();
        for at in [0, 5, 15, 16, 17, 40] {
            let mut line = "a".repeat(50);
            line.replace_range(at..at + 1, "\"");
            assert_eq!(scan_line(line.as_bytes(), b',', b'\n', &mut spans), Scan::Quoted, "quote at {at}");
        }
        // A quote on the next line does not count.
        let text = "1,2,3\n\"4\"";
        assert_eq!(scan_line(text.as_bytes(), b',', b'\n', &mut spans), Scan::Line { len: 5, terminated: true });
        assert_eq!(cells(text, &spans), ["1", "2", "3"]);
    }

    #[test]
    fn tabs_and_other_terminators() {
        let mut spans = Vec::new();
        let text = "a\tb,c\rd\te\r";
        assert_eq!(scan_line(text.as_bytes(), b'\t', b'\r', &mut spans), Scan::Line { len: 5, terminated: true });
        assert_eq!(cells(text, &spans), ["a", "b,c"]);
    }
}
