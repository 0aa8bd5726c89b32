//! CSV bytes into rows of cells, read incrementally a chunk at a time. Most rows of an
//! export hold no quote: their line is found with one SIMD search for the line end and cut
//! at the delimiters in place, with no copy and one UTF-8 check per row. Rows with quotes
//! take the general path (RFC 4180, lenient as the `csv` crate: text after a closing quote
//! is kept, a quote inside an unquoted cell is literal, a quote that never closes runs to
//! the end of the file), which unescapes them into a scratch buffer.

use std::io::{self, Read};

use super::cells::{Cells, Span};

/// Bytes asked of the source at a time; a row longer than this grows the buffer. Large
/// enough that reads are few (a synchronous read of a browser File is a trip to its file
/// thread: 1 MiB reads took the two-month file 180 ms, 8 MiB 75 ms), small enough that the
/// buffers stay a small part of the memory (the page pushes 4 MiB slices).
pub const CHUNK: usize = 4 << 20;

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
            row: 0,
        }
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
            Found::InPlace { start, end } => {
                simdutf8::basic::from_utf8(&self.buf[start..end]).ok().map(|text| Cells::of_line(text, &self.spans))
            }
            Found::Unescaped => {
                simdutf8::basic::from_utf8(&self.scratch).ok().and_then(|text| Cells::new(text, &self.spans))
            }
            _ => return Ok(None),
        };
        Ok(Some(Record { row: self.row, cells }))
    }

    /// The next row when its line holds no quote; None sends it to `find_quoted`.
    fn find_plain(&mut self) -> Option<Found> {
        let rest = &self.buf[self.pos..self.end];
        if rest.is_empty() {
            return Some(if self.eof { Found::End } else { Found::NeedMore });
        }
        let (line_len, next) = match memchr::memchr(self.terminator, rest) {
            Some(at) => (at, self.pos + at + 1),
            None if self.eof => (rest.len(), self.end),
            None => return Some(Found::NeedMore),
        };
        let mut line = &rest[..line_len];
        if self.terminator == b'\n' {
            line = line.strip_suffix(b"\r").unwrap_or(line);
        }
        if memchr::memchr(b'"', line).is_some() {
            return None;
        }
        let start = self.pos;
        self.pos = next;
        if line.is_empty() {
            return Some(Found::Blank);
        }
        split_line(line, self.delimiter, &mut self.spans);
        Some(Found::InPlace { start, end: start + line.len() })
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

    /// Keeps the unread bytes and reads more after them (growing the buffer when one row
    /// fills it). Sets `eof` when the source is done. A source that would block ends the
    /// fill early (an error only when it gave nothing), leaving every row where it was.
    fn fill(&mut self) -> io::Result<()> {
        self.buf.copy_within(self.pos..self.end, 0);
        self.end -= self.pos;
        self.pos = 0;
        if self.end == self.buf.len() {
            self.buf.resize(self.buf.len() * 2, 0);
        }
        let start = self.end;
        while self.end < self.buf.len() {
            match self.source.read(&mut self.buf[self.end..]) {
                Ok(0) => {
                    self.eof = true;
                    break;
                }
                Ok(n) => self.end += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) if e.kind() == io::ErrorKind::WouldBlock && self.end > start => break,
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }
}

/// Cuts a line without quotes at its delimiters, eight bytes at a time (SWAR): cells are
/// short, so a search per cell would spend more on starting than on searching.
fn split_line(line: &[u8], delimiter: u8, spans: &mut Vec<Span>) {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let pattern = u64::from_ne_bytes([delimiter; 8]);
    spans.clear();
    let mut cell_start = 0u32;
    let mut push = |at: usize| {
        spans.push((cell_start, at as u32));
        cell_start = at as u32 + 1;
    };
    let mut words = line.chunks_exact(8);
    let mut offset = 0;
    for word in &mut words {
        let x = u64::from_le_bytes(word.try_into().expect("eight bytes")) ^ pattern;
        // The high bit of each byte that equals the delimiter (exact: no carry between bytes).
        let mut hits = !(((x & LOW7) + LOW7) | x | LOW7);
        while hits != 0 {
            push(offset + hits.trailing_zeros() as usize / 8);
            hits &= hits - 1;
        }
        offset += 8;
    }
    for (i, &b) in words.remainder().iter().enumerate() {
        if b == delimiter {
            push(offset + i);
        }
    }
    spans.push((cell_start, line.len() as u32));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every row as (row number, cells), read through a source that hands out `step`
    /// bytes at a time, so rows and quotes straddle the reads.
    fn rows(text: &[u8], delimiter: u8, step: usize) -> Vec<(u64, Option<Vec<String>>)> {
        struct Trickle<'a>(&'a [u8], usize);
        impl Read for Trickle<'_> {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                let n = self.0.len().min(self.1).min(buf.len());
                buf[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
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
    fn lines_split_at_every_delimiter_whatever_the_word_alignment() {
        for line in ["", ",", "a,b", ",,,,,,,,,,,,,,,,,", "1234567,9", "12345678,0,", "长,短\t,,"] {
            let mut spans = Vec::new();
            split_line(line.as_bytes(), b',', &mut spans);
            let cells: Vec<&str> = spans.iter().map(|&(a, b)| &line[a as usize..b as usize]).collect();
            assert_eq!(cells, line.split(',').collect::<Vec<_>>(), "{line:?}");
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
    fn tabs_and_lone_carriage_returns() {
        assert_eq!(rows(b"a\tb\r\nc\t\"d\"\r\n", b'\t', 5), [(1, cells(&["a", "b"])), (2, cells(&["c", "d"]))]);
        let mut reader = CsvRows::new(&b"a,b\rc,d\r"[..]);
        reader.set_dialect(b',', b'\r');
        let first = reader.next_record().unwrap().unwrap().cells.unwrap().to_strings();
        assert_eq!(first, ["a", "b"]);
    }
}
