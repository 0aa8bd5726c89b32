//! One pass over a line of CSV: where it ends, where its delimiters are, and whether it
//! holds a quote or a NUL byte (then the general reader takes it). Thirty-two bytes are
//! compared with the structural bytes at once (simd128 in wasm, SSE2 natively), so a line
//! costs one scan instead of a search for its end, another for a quote and a third for
//! delimiters. A line ends at a line feed or a carriage return, whichever comes first:
//! exports mix `\n`, `\r\n` and a lone `\r`, and each is a line end wherever it appears.

use super::cells::Span;

/// What the scan of the bytes from a line's start found.
#[derive(Debug, PartialEq, Eq)]
pub enum Scan {
    /// The line's content is `rest[..len]` (terminator excluded); its cells are in the
    /// spans. `terminated` is false when the bytes ran out first.
    Line { len: usize, terminated: bool },
    /// A quote (or a NUL byte) comes before the line's end.
    Quoted,
}

/// Bytes looked at per step: two sixteen-byte vectors.
const BLOCK: usize = 32;

/// Scans `rest` from a line's start, filling `spans` with the cells of a plain line. The
/// line's end is its first `\n` or `\r` (the caller takes a `\n` after a `\r` with it).
pub fn scan_line(rest: &[u8], delimiter: u8, spans: &mut Vec<Span>) -> Scan {
    spans.clear();
    let mut cell_start = 0u32;
    let take = |offset, delimiters, stops| take_block(rest, offset, delimiters, stops, &mut cell_start, spans);
    if let Some(scan) = for_each_block(rest, delimiter, take) {
        return scan;
    }
    spans.push((cell_start, rest.len() as u32));
    Scan::Line { len: rest.len(), terminated: false }
}

/// Hands `take` each block of `rest` as (its offset, its delimiter mask, its stop mask)
/// until `take` gives a result. Whole blocks need no masking; the last bytes are padded and
/// the padding's bits masked off.
#[inline(always)]
fn for_each_block(rest: &[u8], delimiter: u8, mut take: impl FnMut(usize, u32, u32) -> Option<Scan>) -> Option<Scan> {
    let mut offset = 0;
    while offset + BLOCK <= rest.len() {
        let block: &[u8; BLOCK] = rest[offset..offset + BLOCK].try_into().expect("a whole block");
        let (delimiters, stops) = masks(block, delimiter);
        if let Some(scan) = take(offset, delimiters, stops) {
            return Some(scan);
        }
        offset += BLOCK;
    }
    let tail = &rest[offset..];
    let mut block = [b' '; BLOCK];
    block[..tail.len()].copy_from_slice(tail);
    let (delimiters, stops) = masks(&block, delimiter);
    let valid = (1u32 << tail.len()) - 1; // the tail is shorter than a block
    take(offset, delimiters & valid, stops & valid)
}

/// Scans a line whose quotes all open and close whole cells (`"a","b,c",d`, as exports
/// that quote every field write nearly every row) with no quote, line end or NUL inside
/// them: its cells are the quotes' insides, cut in place like a plain line's. Any other
/// quote (doubled, inside a cell, text after a closing one), a line end inside quotes or a
/// NUL gives `Quoted`, for the general reader, which reads such lines the same way.
pub fn scan_quoted_line(rest: &[u8], delimiter: u8, spans: &mut Vec<Span>) -> Scan {
    spans.clear();
    let mut cells = QuotedCells { cell_start: 0, open: false, closed_at: None };
    let take = |offset: usize, delimiters: u32, stops: u32| {
        let mut events = delimiters | stops;
        while events != 0 {
            let at = offset + events.trailing_zeros() as usize;
            events &= events - 1;
            if let Some(scan) = cells.event(rest[at], at, delimiter, spans) {
                return Some(scan);
            }
        }
        None
    };
    if let Some(scan) = for_each_block(rest, delimiter, take) {
        return scan;
    }
    if cells.open {
        return Scan::Quoted;
    }
    match cells.event(delimiter, rest.len(), delimiter, spans) {
        Some(scan) => scan,
        None => Scan::Line { len: rest.len(), terminated: false },
    }
}

/// The state of `scan_quoted_line` between its structural bytes.
struct QuotedCells {
    cell_start: usize,
    /// Inside a quoted cell.
    open: bool,
    /// Where the current cell's closing quote is.
    closed_at: Option<usize>,
}

impl QuotedCells {
    /// Takes the structural `byte` at `at`; the scan's result when it ends the line or
    /// leaves it to the general reader.
    #[inline(always)]
    fn event(&mut self, byte: u8, at: usize, delimiter: u8, spans: &mut Vec<Span>) -> Option<Scan> {
        if self.open {
            return match byte {
                b'"' => {
                    self.open = false;
                    self.closed_at = Some(at);
                    None
                }
                _ if byte == delimiter => None,
                _ => Some(Scan::Quoted),
            };
        }
        if byte == b'"' {
            if at != self.cell_start || self.closed_at.is_some() {
                return Some(Scan::Quoted);
            }
            self.open = true;
            return None;
        }
        if byte == 0 {
            return Some(Scan::Quoted);
        }
        // A delimiter or a line end ends the cell.
        let span = match self.closed_at {
            None => (self.cell_start as u32, at as u32),
            Some(close) if close + 1 == at => ((self.cell_start + 1) as u32, close as u32),
            Some(_) => return Some(Scan::Quoted),
        };
        spans.push(span);
        if byte == delimiter {
            self.cell_start = at + 1;
            self.closed_at = None;
            return None;
        }
        Some(Scan::Line { len: at, terminated: true })
    }
}

/// Takes the cells a block at `offset` ends (its delimiter and stop masks given); the
/// scan's result when the line ends in it.
#[inline(always)]
fn take_block(
    rest: &[u8],
    offset: usize,
    delimiters: u32,
    stops: u32,
    cell_start: &mut u32,
    spans: &mut Vec<Span>,
) -> Option<Scan> {
    let (mut hits, end) = match stops {
        0 => (delimiters, None),
        _ => {
            let first = stops.trailing_zeros() as usize;
            if matches!(rest[offset + first], b'"' | 0) {
                return Some(Scan::Quoted);
            }
            (delimiters & ((1u32 << first) - 1), Some(offset + first))
        }
    };
    while hits != 0 {
        let at = (offset + hits.trailing_zeros() as usize) as u32;
        spans.push((*cell_start, at));
        *cell_start = at + 1;
        hits &= hits - 1;
    }
    let len = end?;
    spans.push((*cell_start, len as u32));
    Some(Scan::Line { len, terminated: true })
}

/// Bit i set where byte i is the delimiter; and where it is a line end, a quote or NUL.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
#[inline(always)]
fn masks(block: &[u8; BLOCK], delimiter: u8) -> (u32, u32) {
    use core::arch::wasm32::*;
    let half = |at: usize| {
        // SAFETY: `block` has sixteen readable bytes from `at` (0 or 16); v128_load has no
        // alignment requirement.
        let bytes = unsafe { v128_load(block.as_ptr().add(at) as *const v128) };
        let delimiters = u8x16_bitmask(u8x16_eq(bytes, u8x16_splat(delimiter)));
        // The four stop bytes have four different low nibbles: one table lookup by the low
        // nibble gives the stop byte a byte would have to be, and one compare tells (three
        // operations, where comparing with each would take seven). Entries of no stop hold
        // a byte whose low nibble differs from their index, so they never match.
        let table =
            u8x16(0x00, 0xff, b'"', 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, b'\n', 0xff, 0xff, b'\r', 0xff, 0x00);
        let expected = u8x16_swizzle(table, v128_and(bytes, u8x16_splat(0x0f)));
        let stops = u8x16_eq(bytes, expected);
        (delimiters as u32, u8x16_bitmask(stops) as u32)
    };
    let ((d0, s0), (d1, s1)) = (half(0), half(16));
    (d0 | d1 << 16, s0 | s1 << 16)
}

#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn masks(block: &[u8; BLOCK], delimiter: u8) -> (u32, u32) {
    use core::arch::x86_64::*;
    let half = |at: usize| {
        // SAFETY: SSE2 is part of x86_64; `block` has sixteen readable bytes from `at`
        // (0 or 16) and the load is the unaligned one.
        unsafe {
            let bytes = _mm_loadu_si128(block.as_ptr().add(at) as *const __m128i);
            let delimiters = _mm_movemask_epi8(_mm_cmpeq_epi8(bytes, _mm_set1_epi8(delimiter as i8)));
            let eq = |byte: u8| _mm_cmpeq_epi8(bytes, _mm_set1_epi8(byte as i8));
            let stops = _mm_or_si128(_mm_or_si128(eq(b'\n'), eq(b'\r')), _mm_or_si128(eq(b'"'), eq(0)));
            (delimiters as u32 & 0xffff, _mm_movemask_epi8(stops) as u32 & 0xffff)
        }
    };
    let ((d0, s0), (d1, s1)) = (half(0), half(16));
    (d0 | d1 << 16, s0 | s1 << 16)
}

#[cfg(not(any(all(target_arch = "wasm32", target_feature = "simd128"), target_arch = "x86_64")))]
fn masks(block: &[u8; BLOCK], delimiter: u8) -> (u32, u32) {
    let (mut delimiters, mut stops) = (0u32, 0u32);
    for (i, &b) in block.iter().enumerate() {
        delimiters |= ((b == delimiter) as u32) << i;
        stops |= (matches!(b, b'\n' | b'\r' | b'"' | 0) as u32) << i;
    }
    (delimiters, stops)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_quoted_whole_are_cut_in_place_and_any_other_quote_goes_to_the_general_reader() {
        let mut spans = Vec::new();
        let line = "\"1\",\"a,b\",,\"\",x,\"末\"\r\nnext";
        assert_eq!(
            scan_quoted_line(line.as_bytes(), b',', &mut spans),
            Scan::Line { len: line.len() - 6, terminated: true }
        );
        assert_eq!(cells(line, &spans), ["1", "a,b", "", "", "x", "末"]);
        let long = format!("\"{}\",\"{}\"", "字".repeat(20), "b,".repeat(30));
        assert_eq!(
            scan_quoted_line(long.as_bytes(), b',', &mut spans),
            Scan::Line { len: long.len(), terminated: false }
        );
        assert_eq!(cells(&long, &spans), ["字".repeat(20), "b,".repeat(30)]);
        for general in ["\"a\"\"b\",c", "a\"b,c", "\"a\"b,c", "\"a\nb\",c", "\"a,c", "\"a\0\",c", "a,\0"] {
            assert_eq!(scan_quoted_line(general.as_bytes(), b',', &mut spans), Scan::Quoted, "{general:?}");
        }
    }

    fn cells<'a>(line: &'a str, spans: &[Span]) -> Vec<&'a str> {
        spans.iter().map(|&(a, b)| &line[a as usize..b as usize]).collect()
    }

    #[test]
    fn a_line_splits_at_every_delimiter_whatever_its_length() {
        // Lengths around the block size, delimiters on and across block edges.
        for len in 0..80 {
            let line: String =
                (0..len).map(|i| if i % 3 == 2 || [15, 16, 31, 32].contains(&i) { ',' } else { '字' }).collect();
            for ending in ["\n", "\r\n", "\r", ""] {
                let text = format!("{line}{ending}after,the\"line");
                let bytes = &text.as_bytes()[..line.len() + ending.len()];
                let mut spans = Vec::new();
                let scan = scan_line(bytes, b',', &mut spans);
                // The scan stops at the first '\r' or '\n'; taking a '\n' after a '\r' with
                // it is the reader's job.
                let terminated = !ending.is_empty();
                let expected_len = line.len();
                assert_eq!(scan, Scan::Line { len: expected_len, terminated }, "{len} {ending:?}");
                let expected: Vec<&str> = text[..expected_len].split(',').collect();
                assert_eq!(cells(&text, &spans), expected, "{len} {ending:?}");
            }
        }
    }

    #[test]
    fn a_quote_before_the_end_sends_the_line_to_the_general_reader() {
        let mut spans = Vec::new();
        for at in [0, 5, 15, 16, 17, 31, 32, 33, 40, 63, 64, 70] {
            let mut line = "a".repeat(80);
            line.replace_range(at..at + 1, "\"");
            assert_eq!(scan_line(line.as_bytes(), b',', &mut spans), Scan::Quoted, "quote at {at}");
            line.replace_range(at..at + 1, "\0");
            assert_eq!(scan_line(line.as_bytes(), b',', &mut spans), Scan::Quoted, "NUL at {at}");
        }
        // A quote on the next line does not count.
        let text = "1,2,3\n\"4\"";
        assert_eq!(scan_line(text.as_bytes(), b',', &mut spans), Scan::Line { len: 5, terminated: true });
        assert_eq!(cells(text, &spans), ["1", "2", "3"]);
    }

    #[test]
    fn tabs_and_lone_carriage_returns() {
        let mut spans = Vec::new();
        let text = "a\tb,c\rd\te\n";
        assert_eq!(scan_line(text.as_bytes(), b'\t', &mut spans), Scan::Line { len: 5, terminated: true });
        assert_eq!(cells(text, &spans), ["a", "b,c"]);
    }
}
