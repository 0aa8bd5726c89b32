//! CSV bytes into rows of cells, read incrementally a chunk at a time. Most rows of an
//! export hold no quote: one SIMD pass (`line_scan`) finds the line's end and its
//! delimiters, and the cells are cut in place, with no copy; UTF-8 is checked in long
//! stretches ahead of the lines. Rows with quotes
//! take the general path (RFC 4180, lenient as the `csv` crate: text after a closing quote
//! is kept, a quote inside an unquoted cell is literal, a quote that never closes runs to
//! the end of the file), which unescapes them into a scratch buffer.

use std::io::{self, Read};

use super::cells::{Cells, Span};
use super::line_scan::{self, Scan};
use super::refill::slide_and_refill;

/// Bytes asked of the source at a time; a row longer than this grows the buffer. Large
/// enough that reads are few (a synchronous read of a browser File is a trip to its file
/// thread: 1 MiB reads took the two-month file 180 ms, 8 MiB 75 ms), small enough that the
/// buffers stay a small part of the memory (the page pushes 4 MiB slices).
pub const CHUNK: usize = 4 << 20;

/// Bytes checked for UTF-8 at once, ahead of the lines: long enough that the checks'
/// start-up cost vanishes, short enough that a file with many bad rows is not checked
/// over and over far ahead of each.
const UTF8_STRETCH: usize = 64 << 10;

pub struct CsvRows<R> {
    source: R,
    buf: Vec<u8>,
    /// Start of the unread rows in `buf`, and the end of the bytes read.
    pos: usize,
    end: usize,
    eof: bool,
    delimiter: u8,
    terminator: u8,
    spans: Vec<Span>,
    scratch: Vec<u8>,
    /// `buf[..valid_to]` from the current line on is known to be UTF-8: it is checked in
    /// long stretches ahead of the lines (one SIMD pass per stretch, not one per line).
    valid_to: usize,
    /// The source is a decoder's output (GBK, UTF-16 …), which is UTF-8 by construction:
    /// its lines need no check (it was a twentieth of reading a GBK file).
    transcoded: bool,
    /// Number of the last row returned: 1-based, blank lines counted, a multi-line quoted
    /// record one row, as a spreadsheet numbers them.
    row: u64,
}

/// One row of the file.
pub struct Record<'a> {
    pub row: u64,
    /// None when the row's bytes are not UTF-8 text.
    pub cells: Option<Cells<'a>>,
}

/// Where the next row lies, once found.
enum Found {
    /// In `buf[start..end]`, cells at `spans`.
    InPlace {
        start: usize,
        end: usize,
    },
    /// Unescaped into `scratch`.
    Unescaped,
    Blank,
    NeedMore,
    End,
}

impl<R: Read> CsvRows<R> {
    pub fn new(source: R) -> CsvRows<R> {
        CsvRows {
            source,
            buf: vec![0; CHUNK],
            pos: 0,
            end: 0,
            eof: false,
            delimiter: b',',
            terminator: b'\n',
            spans: Vec::new(),
            scratch: Vec::new(),
            valid_to: 0,
            transcoded: false,
            row: 0,
        }
    }

    /// Says that the source's text comes from a decoder (see `transcoded`).
    pub fn mark_transcoded(&mut self) {
        self.transcoded = true;
    }

    /// The first bytes of the file (up to a chunk), to sniff the dialect from.
    pub fn head(&mut self) -> io::Result<&[u8]> {
        if self.end == 0 && !self.eof {
            self.fill()?;
        }
        Ok(&self.buf[self.pos..self.end])
    }

    pub fn source_mut(&mut self) -> &mut R {
        &mut self.source
    }

    pub fn set_dialect(&mut self, delimiter: u8, terminator: u8) {
        self.delimiter = delimiter;
        self.terminator = terminator;
    }

    pub fn next_record(&mut self) -> io::Result<Option<Record<'_>>> {
        let found = loop {
            let found = match self.find_plain() {
                Some(found) => found,
                None => self.find_quoted(),
            };
            match found {
                Found::NeedMore => self.fill()?,
                Found::Blank => self.row += 1,
                found => break found,
            }
        };
        self.row += 1;
        let cells = match found {
            // The cells of a plain line lie between delimiters in that same text.
            Found::InPlace { start, end } => self.is_text(start, end).then(|| {
                // SAFETY: `is_text` has just checked these bytes are UTF-8.
                let text = unsafe { std::str::from_utf8_unchecked(&self.buf[start..end]) };
                Cells::of_line(text, &self.spans)
            }),
            Found::Unescaped => {
                simdutf8::basic::from_utf8(&self.scratch).ok().and_then(|text| Cells::new(text, &self.spans))
            }
            _ => return Ok(None),
        };
        Ok(Some(Record { row: self.row, cells }))
    }

    /// Whether the line `buf[start..end]` is UTF-8. Checks up to `UTF8_STRETCH` bytes
    /// ahead when the line is past what is known: a line starts after an ASCII byte and
    /// ends at one, so it is text exactly when it lies in a stretch of text from its start.
    fn is_text(&mut self, start: usize, end: usize) -> bool {
        if self.transcoded {
            debug_assert!(
                std::str::from_utf8(&self.buf[start..end]).is_ok(),
                "a decoder wrote bytes that are not UTF-8"
            );
            return true;
        }
        if end <= self.valid_to {
            return true;
        }
        let mut stretch = &self.buf[start..self.end.min(start + UTF8_STRETCH.max(end - start))];
        // Ending the stretch after an ASCII byte keeps characters whole, so the faster
        // check (which only says yes or no) nearly always settles it.
        if let Some(last_ascii) = stretch.iter().rposition(|b| b.is_ascii()).filter(|&at| at + 1 >= end - start) {
            stretch = &stretch[..last_ascii + 1];
        }
        self.valid_to = start
            + match simdutf8::basic::from_utf8(stretch) {
                Ok(_) => stretch.len(),
                // Up to the first bad byte (or a character cut by the stretch's end).
                Err(_) => simdutf8::compat::from_utf8(stretch).map_or_else(|e| e.valid_up_to(), |_| stretch.len()),
            };
        end <= self.valid_to
    }

    /// The next row when its line holds no quote; None sends it to `find_quoted`.
    fn find_plain(&mut self) -> Option<Found> {
        let rest = &self.buf[self.pos..self.end];
        if rest.is_empty() {
            return Some(if self.eof { Found::End } else { Found::NeedMore });
        }
        let (mut len, next) = match line_scan::scan_line(rest, self.delimiter, self.terminator, &mut self.spans) {
            Scan::Quoted => return None,
            Scan::Line { len, terminated: true } => (len, self.pos + len + 1),
            Scan::Line { len, terminated: false } if self.eof => (len, self.end),
            Scan::Line { .. } => return Some(Found::NeedMore),
        };
        if self.terminator == b'\n' && len > 0 && rest[len - 1] == b'\r' {
            len -= 1;
            if let Some(last) = self.spans.last_mut() {
                last.1 -= 1;
            }
        }
        let start = self.pos;
        self.pos = next;
        if len == 0 {
            return Some(Found::Blank);
        }
        Some(Found::InPlace { start, end: start + len })
    }

    /// The next row when it holds quotes (and so may run over several lines).
    fn find_quoted(&mut self) -> Found {
        let (delimiter, terminator, eof) = (self.delimiter, self.terminator, self.eof);
        let buf = &self.buf[..self.end];
        let scratch = &mut self.scratch;
        let spans = &mut self.spans;
        scratch.clear();
        spans.clear();
        let mut p = self.pos;
        loop {
            let cell_start = scratch.len() as u32;
            if buf.get(p) == Some(&b'"') {
                p += 1;
                loop {
                    match memchr::memchr(b'"', &buf[p..]) {
                        Some(at) => {
                            scratch.extend_from_slice(&buf[p..p + at]);
                            p += at + 1;
                            if p == buf.len() && !eof {
                                // Cannot yet tell a closing quote from the first of `""`.
                                return Found::NeedMore;
                            }
                            if buf.get(p) == Some(&b'"') {
                                scratch.push(b'"');
                                p += 1;
                                continue;
                            }
                        }
                        None if !eof => return Found::NeedMore,
                        None => {
                            scratch.extend_from_slice(&buf[p..]);
                            p = buf.len();
                        }
                    }
                    break;
                }
            }
            // An unquoted cell, or what follows a closing quote, up to the delimiter.
            let rest = &buf[p..];
            match memchr::memchr2(delimiter, terminator, rest) {
                Some(at) if rest[at] == delimiter => {
                    scratch.extend_from_slice(&rest[..at]);
                    spans.push((cell_start, scratch.len() as u32));
                    p += at + 1;
                }
                Some(at) => {
                    let before_cr = if terminator == b'\n' && at > 0 && rest[at - 1] == b'\r' { at - 1 } else { at };
                    scratch.extend_from_slice(&rest[..before_cr]);
                    spans.push((cell_start, scratch.len() as u32));
                    p += at + 1;
                    break;
                }
                None if !eof => return Found::NeedMore,
                None => {
                    scratch.extend_from_slice(rest);
                    spans.push((cell_start, scratch.len() as u32));
                    p = buf.len();
                    break;
                }
            }
        }
        self.pos = p;
        Found::Unescaped
    }

    /// Puts `text` after the unread bytes: for a source that pushes its text rather than
    /// being read (the page's slices go straight here, with no copy in between).
    pub fn append(&mut self, text: &[u8]) {
        self.room(text.len()).copy_from_slice(text);
        self.appended(text.len());
    }

    /// Room for `len` more bytes after the unread ones, to be written in place (the page
    /// copies a slice of the File straight here) and then announced with `appended`.
    pub fn room(&mut self, len: usize) -> &mut [u8] {
        self.compact();
        let end = self.end + len;
        if end > self.buf.len() {
            // With room to spare, so a slightly longer remainder next time does not grow it again.
            self.buf.resize((end + end / 8).max(CHUNK), 0);
        }
        &mut self.buf[self.end..end]
    }

    /// Takes in the `len` bytes written into `room`.
    pub fn appended(&mut self, len: usize) {
        self.end += len;
        debug_assert!(self.end <= self.buf.len(), "more than the room given");
    }

    /// Moves the unread bytes to the buffer's start.
    fn compact(&mut self) {
        self.buf.copy_within(self.pos..self.end, 0);
        self.valid_to = self.valid_to.saturating_sub(self.pos);
        self.end -= self.pos;
        self.pos = 0;
    }

    /// Keeps the unread bytes and reads more after them (growing the buffer when one row
    /// fills it). Sets `eof` when the source is done. A source that would block ends the
    /// fill early (an error only when it gave nothing), leaving every row where it was.
    fn fill(&mut self) -> io::Result<()> {
        self.valid_to = self.valid_to.saturating_sub(self.pos);
        self.eof |= slide_and_refill(&mut self.source, &mut self.buf, &mut self.pos, &mut self.end)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::refill::Trickle;

    /// Every row as (row number, cells), read through a source that hands out `step`
    /// bytes at a time, so rows and quotes straddle the reads.
    fn rows(text: &[u8], delimiter: u8, step: usize) -> Vec<(u64, Option<Vec<String>>)> {
        let mut reader = CsvRows::new(Trickle(text, step));
        reader.set_dialect(delimiter, b'\n');
        let mut out = Vec::new();
        while let Some(record) = reader.next_record().unwrap() {
            out.push((record.row, record.cells.map(|c| c.to_strings())));
        }
        out
    }

    fn cells(list: &[&str]) -> Option<Vec<String>> {
        Some(list.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn plain_and_quoted_rows_split_alike_at_any_read_size() {
        let text = "编号,内容,类型\r\n1,\"他说\"\"你好\"\"，\n第二行\",咨询\r\n\n2,,投诉\n\"3\"x,a\"b,\"\"\n4,末行";
        for step in [1, 2, 3, 7, 64, 1 << 20] {
            assert_eq!(
                rows(text.as_bytes(), b',', step),
                [
                    (1, cells(&["编号", "内容", "类型"])),
                    (2, cells(&["1", "他说\"你好\"，\n第二行", "咨询"])),
                    (4, cells(&["2", "", "投诉"])),
                    (5, cells(&["3x", "a\"b", ""])),
                    (6, cells(&["4", "末行"])),
                ],
                "read {step} bytes at a time"
            );
        }
    }

    #[test]
    fn a_quote_that_never_closes_runs_to_the_end() {
        let text = "a,\"open\nb,c\nd,e\n";
        assert_eq!(rows(text.as_bytes(), b',', 4), [(1, cells(&["a", "open\nb,c\nd,e\n"]))]);
    }

    #[test]
    fn a_row_longer_than_the_buffer_grows_it() {
        let long = "长".repeat(CHUNK);
        let text = format!("1,{long}\n2,\"{long}\"\n");
        let read = rows(text.as_bytes(), b',', CHUNK);
        assert_eq!(read.len(), 2);
        assert_eq!(read[1].1.as_ref().unwrap()[1].len(), long.len());
    }

    #[test]
    fn rows_that_are_not_utf8_are_flagged_where_they_are() {
        let text = b"a,b\n\xff,c\n\xe5\xb7,\xa5\n";
        let read = rows(text, b',', 1 << 20);
        assert_eq!(read, [(1, cells(&["a", "b"])), (2, None), (3, None)]);
    }

    #[test]
    fn text_checked_in_stretches_flags_exactly_the_bad_rows() {
        // Long enough that stretches end inside characters and inside bad rows.
        let bad = [3usize, 4, 977, 5000, 19_999];
        let mut text = Vec::new();
        for i in 0..20_000 {
            text.extend_from_slice(format!("{i},诉求内容第{i}行").as_bytes());
            if bad.contains(&i) {
                text.extend_from_slice(b"\xe5\xb7");
            }
            text.push(b'\n');
        }
        for step in [1 << 20, 100_003] {
            let read = rows(&text, b',', step);
            assert_eq!(read.len(), 20_000);
            let flagged: Vec<usize> = read.iter().enumerate().filter(|(_, r)| r.1.is_none()).map(|(i, _)| i).collect();
            assert_eq!(flagged, bad, "read {step} bytes at a time");
            assert_eq!(read[19_998].1, cells(&["19998", "诉求内容第19998行"]));
        }
    }

    #[test]
    fn tabs_and_lone_carriage_returns() {
        assert_eq!(rows(b"a\tb\r\nc\t\"d\"\r\n", b'\t', 5), [(1, cells(&["a", "b"])), (2, cells(&["c", "d"]))]);
        let mut reader = CsvRows::new(&b"a,b\rc,d\r"[..]);
        reader.set_dialect(b',', b'\r');
        let first = reader.next_record().unwrap().unwrap().cells.unwrap().to_strings();
        assert_eq!(first, ["a", "b"]);
    }
}
