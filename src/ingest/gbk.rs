//! GBK/GB18030 to UTF-8 for what a Chinese export is made of: ASCII runs and two-byte
//! characters, the latter by one lookup each in a table built from encoding_rs (and so
//! identical to it). Anything else (a four-byte GB18030 sequence, a malformed byte) hands
//! the rest of the file to encoding_rs's own decoder. In the page this decoding was a
//! third of a GBK file's time; the table makes it several times faster.

use std::sync::OnceLock;

use encoding_rs::{Decoder, GB18030};

use super::decode::DecodeStop;

const LEADS: std::ops::RangeInclusive<u8> = 0x81..=0xfe;
const TRAILS: std::ops::RangeInclusive<u8> = 0x40..=0xfe;

/// One entry per pair of bytes (lead byte high): the UTF-8 of the character the pair is,
/// first byte lowest, and its length in the top byte; 0 when the pair is not one
/// character on its own. Indexing every pair, not only lead × trail, leaves the decoding
/// loop one lookup and one test.
type Table = [u32; 1 << 16];

fn table() -> &'static Table {
    static TABLE: OnceLock<Box<Table>> = OnceLock::new();
    TABLE.get_or_init(|| {
        // Every pair after a line feed, decoded in one call (pair by pair it took a fifth of
        // a second in the page): a pair that is one character on its own comes back as
        // that character between line feeds. A bad pair comes back as U+FFFD (and its
        // trail, when that is ASCII), never eating the line feed after it.
        let pairs: Vec<(u8, u8)> = LEADS.flat_map(|lead| TRAILS.map(move |trail| (lead, trail))).collect();
        let all: Vec<u8> = pairs.iter().flat_map(|&(lead, trail)| [b'\n', lead, trail]).collect();
        let (decoded, _) = GB18030.decode_without_bom_handling(&all);
        let mut table = Box::new([0u32; 1 << 16]);
        for (&(lead, trail), text) in pairs.iter().zip(decoded.split('\n').skip(1)) {
            let entry = entry_for(text);
            table[index(lead, trail)] = if entry != 0 && is_unusual(lead, trail) { entry | UNUSUAL } else { entry };
        }
        table
    })
}

/// A table entry for the text one pair decodes to (0 when it is not one character,
/// malformed pairs included).
/// Set in the entry of an unusual pair (see `is_unusual`), so the decoding loop counts
/// them with one OR; the length below it takes four bits.
const UNUSUAL: u32 = 1 << 31;

/// A lead byte of UTF-8's three-byte characters (0xE0-0xEF) with a trail in 0x80-0xA0. In
/// GBK those are traditional and rare characters (鋪錄鍋…) that a simplified-Chinese export
/// hardly holds; UTF-8 Chinese read as GBK gives one for about one character in four, and
/// for most of its punctuation (，。、“”).
fn is_unusual(lead: u8, trail: u8) -> bool {
    lead & 0xf0 == 0xe0 && (0x80..=0xa0).contains(&trail)
}

fn entry_for(text: &str) -> u32 {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if c != char::REPLACEMENT_CHARACTER => {
            let mut bytes = [0u8; 4];
            let len = c.encode_utf8(&mut bytes).len();
            u32::from_le_bytes([bytes[0], bytes[1], bytes[2], 0]) | (len as u32) << 24
        }
        _ => 0,
    }
}

fn index(lead: u8, trail: u8) -> usize {
    usize::from(lead) << 8 | usize::from(trail)
}

/// A streaming decoder: chunks in, UTF-8 out.
#[derive(Default)]
pub struct GbkDecoder {
    /// A lead byte that ended the last chunk, waiting for its trail.
    pending: Option<u8>,
    /// Set at the first sequence the table does not know: encoding_rs decodes the rest.
    fallback: Option<Decoder>,
    /// The bytes of the line the last chunk left unfinished (up to `MAX_TAIL`), so a line
    /// cut by the chunks is judged whole.
    tail: Vec<u8>,
    /// Whether that line may hold pairs UTF-8 gives (see `decode`).
    suspect_tail: bool,
}

/// A line's unfinished start kept beyond this is dropped (it is judged by its rest).
const MAX_TAIL: usize = 64 << 10;

impl GbkDecoder {
    /// Room `decode` needs for a chunk of `len` bytes: up to three bytes of UTF-8 for each
    /// byte in (a held-over lead byte included), as after a fallback to encoding_rs, plus
    /// the overshoot of the table's four-byte writes.
    pub fn max_output(len: usize) -> usize {
        (len + 1) * 3 + 16
    }

    /// Whether encoding_rs has taken over (a sequence the table does not know was met).
    pub fn in_fallback(&self) -> bool {
        self.fallback.is_some()
    }

    /// Decodes `chunk` into `out` (at least `max_output(chunk.len())` long, so the text can
    /// be written straight into the reader's buffer); gives the bytes written, and why it
    /// stopped if it did: before a line that is UTF-8 text, or at bytes that are no GBK
    /// (called UTF-8 too when the line they are in reads as UTF-8 so far).
    pub fn decode(&mut self, chunk: &[u8], out: &mut [u8], last: bool) -> (usize, Option<DecodeStop>) {
        assert!(out.len() >= Self::max_output(chunk.len()), "room for the worst case");
        let joined;
        let mut input = chunk;
        if let Some(lead) = self.pending.take() {
            joined = [&[lead], chunk].concat();
            input = &joined;
        }
        let on_table = self.fallback.is_none();
        let (read, written, unusual) = if on_table { decode_common(input, out) } else { (0, 0, false) };
        let rest = &input[read..];
        let whole = on_table && (rest.is_empty() || (rest.len() == 1 && LEADS.contains(&rest[0]) && !last));
        // UTF-8 Chinese decodes as (mojibake) GBK mostly without a bad pair, but not
        // without unusual ones: lines are tested for UTF-8 only where those were met (in
        // this chunk or the unfinished line before it), or the table gave up.
        if !whole || unusual || self.suspect_tail {
            if let Some(at) = self.utf8_line(input) {
                let (written, _) = self.decode_from(&input[..at], out, true);
                return (written, Some(DecodeStop::Utf8Line));
            }
        }
        self.suspect_tail =
            unusual || !on_table || (self.suspect_tail && memchr::memchr2(b'\n', b'\r', input).is_none());
        let (written, malformed_at) = if whole {
            self.pending = rest.first().copied();
            (written, None)
        } else {
            self.fall_back(input, read, written, out, last)
        };
        if let Some(at) = malformed_at {
            let start = memchr::memrchr2(b'\n', b'\r', &input[..at]).map_or(0, |p| p + 1);
            let end = memchr::memchr2(b'\n', b'\r', &input[at..]).map(|p| at + p);
            let body = &input[start..end.unwrap_or(input.len())];
            let line = if start == 0 { [&self.tail[..], body].concat() } else { body.to_vec() };
            let utf8 = is_utf8_line(&line, end.is_some() || last);
            return (written, Some(if utf8 { DecodeStop::Utf8Line } else { DecodeStop::Malformed }));
        }
        let consumed = &input[..input.len() - usize::from(self.pending.is_some())];
        match memchr::memrchr2(b'\n', b'\r', consumed) {
            Some(at) => {
                self.tail.clear();
                self.tail.extend_from_slice(&consumed[at + 1..consumed.len().min(at + 1 + MAX_TAIL)]);
            }
            None if self.tail.len() + consumed.len() <= MAX_TAIL => self.tail.extend_from_slice(consumed),
            None => self.tail.clear(),
        }
        (written, None)
    }

    /// The start of the first line ending in `input` that is UTF-8 text (0 for the line
    /// the last chunk left unfinished).
    fn utf8_line(&self, input: &[u8]) -> Option<usize> {
        let mut start = 0;
        for end in memchr::memchr2_iter(b'\n', b'\r', input) {
            let utf8 = if start == 0 && !self.tail.is_empty() {
                is_utf8_line(&[&self.tail[..], &input[..end]].concat(), true)
            } else {
                is_utf8_line(&input[start..end], true)
            };
            if utf8 {
                return Some(start);
            }
            start = end + 1;
        }
        None
    }

    /// Decodes `input` (a lead byte pending already joined to it), by the table as far as
    /// it goes and then by encoding_rs; gives the bytes written and, when a sequence is
    /// malformed, where in `input` it is.
    fn decode_from(&mut self, input: &[u8], out: &mut [u8], last: bool) -> (usize, Option<usize>) {
        let (read, written, _) = if self.fallback.is_none() { decode_common(input, out) } else { (0, 0, false) };
        self.fall_back(input, read, written, out, last)
    }

    /// Decodes `input[read..]` into `out[written..]` where the table stopped: a lead byte
    /// left for the next chunk, or the rest handed to encoding_rs (for good).
    fn fall_back(
        &mut self,
        input: &[u8],
        read: usize,
        written: usize,
        out: &mut [u8],
        last: bool,
    ) -> (usize, Option<usize>) {
        let rest = &input[read..];
        if self.fallback.is_none() {
            match rest {
                [] => return (written, None),
                [lead] if LEADS.contains(lead) && !last => {
                    self.pending = Some(*lead);
                    return (written, None);
                }
                _ => self.fallback = Some(GB18030.new_decoder_without_bom_handling()),
            }
        }
        let decoder = self.fallback.as_mut().expect("set above");
        let (result, more_read, more) = decoder.decode_to_utf8_without_replacement(rest, &mut out[written..], last);
        match result {
            encoding_rs::DecoderResult::InputEmpty => (written + more, None),
            encoding_rs::DecoderResult::Malformed(..) => (written + more, Some(read + more_read.saturating_sub(1))),
            encoding_rs::DecoderResult::OutputFull => unreachable!("max_output is the worst case"),
        }
    }
}

/// Whether a line of a GBK file is UTF-8 Chinese text instead: valid UTF-8 (so far, when
/// the line is not `whole`) with three-byte characters in it. A GBK line of Chinese text
/// is almost never valid UTF-8 as well (each of its pairs would have to be a sequence).
fn is_utf8_line(line: &[u8], whole: bool) -> bool {
    let valid = match std::str::from_utf8(line) {
        Ok(_) => true,
        Err(e) => !whole && e.error_len().is_none(),
    };
    valid && line.iter().filter(|&&b| (0xe0..0xf0).contains(&b)).count() >= if whole { 2 } else { 1 }
}

/// Decodes ASCII and two-byte characters from the start of `input` into `out`, up to the
/// first byte that is neither (or a lead byte with no trail yet); gives the bytes read,
/// the bytes written, and whether an unusual pair was met (`is_unusual`). `out` has room
/// for 3 bytes per 2 read, plus 8.
fn decode_common(input: &[u8], out: &mut [u8]) -> (usize, usize, bool) {
    let table = table();
    let (mut i, mut o, mut flags) = (0, 0, 0);
    while let Some(&byte) = input.get(i) {
        if byte < 0x80 {
            // ASCII comes in runs (numbers, times, delimiters): eight bytes at a time.
            match input.get(i..i + 8) {
                Some(word)
                    if u64::from_le_bytes(word.try_into().expect("eight bytes")) & 0x8080_8080_8080_8080 == 0 =>
                {
                    out[o..o + 8].copy_from_slice(word);
                    i += 8;
                    o += 8;
                }
                _ => {
                    out[o] = byte;
                    i += 1;
                    o += 1;
                }
            }
            continue;
        }
        // Chinese text is runs of pairs: tried first, without the ASCII test.
        let Some(&trail) = input.get(i + 1) else { break };
        let entry = table[index(byte, trail)];
        if entry == 0 {
            break;
        }
        // Always four bytes; those past the character's length are overwritten next.
        out[o..o + 4].copy_from_slice(&entry.to_le_bytes());
        o += (entry >> 24 & 0xf) as usize;
        flags |= entry;
        i += 2;
    }
    (i, o, flags & UNUSUAL != 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text and why decoding stopped, the bytes handed over `step` at a time.
    fn decoded_in_chunks(bytes: &[u8], step: usize) -> (String, Option<DecodeStop>) {
        let mut decoder = GbkDecoder::default();
        let mut out = Vec::new();
        let mut stop = None;
        let chunks: Vec<&[u8]> = bytes.chunks(step.max(1)).collect();
        let mut decode = |chunk: &[u8], last: bool| {
            // Exactly the room promised, so the bound is tested too.
            let mut room = vec![0; GbkDecoder::max_output(chunk.len())];
            let (written, stopped) = decoder.decode(chunk, &mut room, last);
            out.extend_from_slice(&room[..written]);
            stop = stop.or(stopped);
        };
        for (i, chunk) in chunks.iter().enumerate() {
            decode(chunk, i + 1 == chunks.len());
        }
        if chunks.is_empty() {
            decode(&[], true);
        }
        (String::from_utf8(out).expect("the decoder writes UTF-8"), stop)
    }

    #[test]
    fn the_table_built_in_one_call_is_the_table_built_pair_by_pair() {
        for lead in 0..=u8::MAX {
            for trail in 0..=u8::MAX {
                // Pairs outside the lead and trail ranges are no character of their own.
                let expected = if LEADS.contains(&lead) && TRAILS.contains(&trail) {
                    let pair = [lead, trail];
                    let alone = GB18030.decode_without_bom_handling_and_without_replacement(&pair);
                    let entry = entry_for(alone.as_deref().unwrap_or(""));
                    if entry != 0 && is_unusual(lead, trail) {
                        entry | UNUSUAL
                    } else {
                        entry
                    }
                } else {
                    0
                };
                assert_eq!(table()[index(lead, trail)], expected, "{lead:02x} {trail:02x}");
            }
        }
    }

    #[test]
    fn every_two_byte_character_decodes_as_encoding_rs_decodes_it() {
        let mut all = Vec::new();
        for lead in LEADS {
            for trail in TRAILS.filter(|&trail| table()[index(lead, trail)] != 0) {
                all.extend_from_slice(&[b'a', lead, trail]);
            }
        }
        let (expected, _) = GB18030.decode_without_bom_handling(&all);
        assert_eq!(decoded_in_chunks(&all, all.len()), (expected.into_owned(), None));
        // Everyday text stays on the table: no fallback.
        let (text, _, _) =
            GB18030.encode("工单编号,受理时间,诉求内容\n1,2021-01-05 10:00:00,“反映”噪音扰民（夜间）。\n");
        let mut decoder = GbkDecoder::default();
        let mut out = vec![0; GbkDecoder::max_output(text.len())];
        decoder.decode(&text, &mut out, true);
        assert!(!decoder.in_fallback());
    }

    #[test]
    fn split_characters_and_four_byte_sequences_decode_as_encoding_rs_does() {
        let (text, _, _) = GB18030.encode("工单编号,受理时间\n1,反映噪音扰民，𠮷野家€\n2,末行");
        let mut samples = vec![text.to_vec()];
        samples.push([b"ab\x81", &text[..]].concat()); // lead before ASCII: a four-byte start
        samples.push(b"\xb9\xa4".repeat(5000)); // 工 × 5000
        samples.push([&b"\x81\x30\x81\x30"[..], &text[..]].concat()); // a four-byte character first
        for bytes in &samples {
            let (expected, malformed) = GB18030
                .decode_without_bom_handling_and_without_replacement(bytes)
                .map_or((String::new(), true), |text| (text.into_owned(), false));
            for step in [1, 2, 3, 5, 8, 13, 4096, bytes.len()] {
                let (decoded, stop) = decoded_in_chunks(bytes, step);
                if malformed {
                    assert_eq!(stop, Some(DecodeStop::Malformed), "chunks of {step}");
                } else {
                    assert_eq!((decoded, stop), (expected.clone(), None), "chunks of {step}");
                }
            }
        }
    }

    #[test]
    fn bad_bytes_stop_the_decoding_never_replaced() {
        let (text, _, _) = GB18030.encode("工单编号,受理时间\n1,反映噪音扰民\n");
        for tail in [&b"2,\x81\x30\xff\x80\x81\n"[..], b"2,\xb9\x7f\n", b"2,\xff\n"] {
            let bytes = [&text[..], tail].concat();
            for step in [1, 3, 4096] {
                let (decoded, stop) = decoded_in_chunks(&bytes, step);
                assert_eq!(stop, Some(DecodeStop::Malformed), "{tail:?} in chunks of {step}");
                assert!(!decoded.contains('\u{fffd}'), "{decoded:?}");
                assert!(decoded.starts_with("工单编号,受理时间\n1,反映噪音扰民"), "{decoded:?}");
            }
        }
    }
}
