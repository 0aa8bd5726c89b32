//! CSV bytes into rows of cells, read incrementally a chunk at a time. Most rows of an
//! export hold no quote: one SIMD pass (`line_scan`) finds the line's end and its
//! delimiters, and the cells are cut in place, with no copy; UTF-8 is checked in long
//! stretches ahead of the lines. Rows with quotes
//! take the general path (RFC 4180, lenient as the `csv` crate where that cannot move a
//! row's end: text after a closing quote on the same line is kept, a quote inside an
//! unquoted cell is literal), which unescapes them into a scratch buffer.
//!
//! A quoted cell may hold line breaks, so a quote that never closes would swallow the rest
//! of the file into one cell. A quote is taken as unclosed when the cell it opens spans a
//! line end and then does not close as a cell does (its closing quote followed by a
//! delimiter or a line end), or runs to the end of the file, or stays open for more than
//! `MAX_OPEN_QUOTE` bytes: that row is then its first line only, flagged, and the lines
//! after it are read as rows of their own. Every line end is one: `\n`, `\r\n` or a lone
//! `\r`.

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

/// A quoted cell still open after this many bytes is taken as a quote that never closes
/// (Excel holds at most 32,767 characters in a cell; this bounds what is held waiting).
pub const MAX_OPEN_QUOTE: usize = 1 << 20;

/// A row still without its end after this many bytes refuses the file: no export's row
/// is near it (Excel holds 32,767 characters a cell), and a file of one endless line
/// must not take the page's memory (nor its spans pass `u32`).
pub const MAX_ROW: usize = 16 << 20;

const BOM: &[u8] = b"\xef\xbb\xbf";

/// An error of the source (or `RowTooLong`) met reading row `row`.
#[derive(Debug)]
pub struct AtRow {
    pub row: u64,
    pub error: io::Error,
}

impl std::fmt::Display for AtRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "row {}: {}", self.row, self.error)
    }
}

impl std::error::Error for AtRow {}

impl AtRow {
    /// The row an error of `next_record` names (`otherwise` when it names none) and the
    /// error itself.
    pub fn split(error: io::Error, otherwise: u64) -> (u64, io::Error) {
        if error.get_ref().is_some_and(|inner| inner.is::<AtRow>()) {
            let inner = error.into_inner().expect("checked").downcast::<AtRow>().expect("checked");
            return (inner.row, inner.error);
        }
        (otherwise, error)
    }
}

/// The error of a row longer than `MAX_ROW`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowTooLong;

impl std::fmt::Display for RowTooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "a row longer than {MAX_ROW} bytes")
    }
}

impl std::error::Error for RowTooLong {}

impl From<RowTooLong> for io::Error {
    fn from(error: RowTooLong) -> io::Error {
        io::Error::new(io::ErrorKind::InvalidData, error)
    }
}

pub struct CsvRows<R> {
    source: R,
    buf: Vec<u8>,
    /// Start of the unread rows in `buf`, and the end of the bytes read.
    pos: usize,
    end: usize,
    eof: bool,
    delimiter: u8,
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
    /// The source's failure, given once the rows before it are read.
    failed: Option<io::Error>,
    /// Bytes of the text moved out of `buf` before its start: `shifted + pos` is where the
    /// next row begins in the text.
    shifted: u64,
    /// The text's first bytes are still to come: a UTF-8 BOM there is skipped, so that a
    /// quote opening the first header cell (`\u{feff}"工单编号",…`, as Excel writes every
    /// field quoted) opens a quoted cell.
    at_start: bool,
}

/// One row of the file.
pub struct Record<'a> {
    pub row: u64,
    /// None when the row's bytes are not UTF-8 text.
    pub cells: Option<Cells<'a>>,
    /// Set when the row cannot be read as the export's cells; its cells are then the
    /// line as it stands, for the rejected-rows list.
    pub problem: Option<RowProblem>,
}

/// Why a row is refused by the reader itself, with the 0-based column where it happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowProblem {
    /// The quote opening this cell never closes as a cell's quote does.
    UnclosedQuote { column: usize },
    /// A NUL byte: the file is damaged here.
    Nul { column: usize },
}

/// Where the next row lies, once found.
enum Found {
    /// In `buf[start..end]`, cells at `spans`.
    InPlace {
        start: usize,
        end: usize,
    },
    /// Unescaped (or, when flagged, copied as it stands) into `scratch`.
    Unescaped(Option<RowProblem>),
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
            spans: Vec::new(),
            scratch: Vec::new(),
            valid_to: 0,
            transcoded: false,
            row: 0,
            failed: None,
            shifted: 0,
            at_start: true,
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

    /// An error met reading the next row, with that row's number (blank lines counted),
    /// keeping its kind (a source that would block is no failure).
    fn at_next_row(&self, error: io::Error) -> io::Error {
        io::Error::new(error.kind(), AtRow { row: self.row + 1, error })
    }

    pub fn set_delimiter(&mut self, delimiter: u8) {
        self.delimiter = delimiter;
    }

    /// The rows read so far and where in the text the next one begins (a place to read
    /// the file again from: see `ingest::source`).
    pub fn next_row_at(&self) -> (u64, u64) {
        (self.row, self.shifted + self.pos as u64)
    }

    /// Reads text that begins after `rows` rows of its file, numbering the rows on from there.
    pub fn start_after_row(&mut self, rows: u64) {
        self.row = rows;
        self.at_start = rows == 0;
    }

    pub fn next_record(&mut self) -> io::Result<Option<Record<'_>>> {
        let found = loop {
            let found = match self.find_plain() {
                Some(found) => found,
                None => self.find_quoted(),
            };
            match found {
                Found::NeedMore if self.end - self.pos > MAX_ROW => return Err(self.at_next_row(RowTooLong.into())),
                Found::NeedMore => match self.fill() {
                    Ok(()) => {}
                    // A source that failed for good (a decoder stopped at a bad line) has
                    // ended the text: a `\r` waiting at its end for a possible `\n` is a
                    // whole line end, and its row is read before the failure is given.
                    Err(e)
                        if e.kind() != io::ErrorKind::WouldBlock
                            && !self.eof
                            && self.buf[self.pos..self.end].last() == Some(&b'\r') =>
                    {
                        self.failed = Some(e);
                        self.eof = true;
                    }
                    Err(e) => return Err(self.at_next_row(e)),
                },
                Found::End if self.failed.is_some() => {
                    let error = self.failed.take().expect("checked");
                    return Err(self.at_next_row(error));
                }
                Found::Blank => self.row += 1,
                found => break found,
            }
        };
        let length = match found {
            Found::InPlace { start, end } => end - start,
            _ => self.scratch.len(),
        };
        if length > MAX_ROW {
            return Err(self.at_next_row(RowTooLong.into()));
        }
        self.row += 1;
        let (cells, problem) = match found {
            // The cells of a plain line lie between delimiters in that same text.
            Found::InPlace { start, end } => (
                self.is_text(start, end).then(|| {
                    // SAFETY: `is_text` has just checked these bytes are UTF-8.
                    let text = unsafe { std::str::from_utf8_unchecked(&self.buf[start..end]) };
                    Cells::of_line(text, &self.spans)
                }),
                None,
            ),
            Found::Unescaped(problem) => {
                let problem = problem.or_else(|| nul_in(&self.scratch, &self.spans));
                if problem.is_some()
                    && memchr::memchr(0, &self.scratch).is_some()
                    && simdutf8::basic::from_utf8(&self.scratch).is_err()
                {
                    // A NUL written into a character breaks its UTF-8 too: the row is
                    // refused for the NUL, and shown with the broken bytes marked.
                    self.mark_broken_bytes();
                }
                (simdutf8::basic::from_utf8(&self.scratch).ok().and_then(|text| Cells::new(text, &self.spans)), problem)
            }
            _ => return Ok(None),
        };
        Ok(Some(Record { row: self.row, cells, problem }))
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
        let mut scan = line_scan::scan_line(rest, self.delimiter, &mut self.spans);
        if scan == Scan::Quoted {
            scan = line_scan::scan_quoted_line(rest, self.delimiter, &mut self.spans);
        }
        let (len, next) = match scan {
            Scan::Quoted => return None,
            Scan::Line { len, terminated: true } => match line_end(rest, len, self.eof) {
                Some(end_len) => (len, self.pos + len + end_len),
                None => return Some(Found::NeedMore),
            },
            Scan::Line { len, terminated: false } if self.eof => (len, self.end),
            Scan::Line { .. } => return Some(Found::NeedMore),
        };
        let start = self.pos;
        self.pos = next;
        if len == 0 {
            return Some(Found::Blank);
        }
        Some(Found::InPlace { start, end: start + len })
    }

    /// The next row when it holds quotes (and so may run over several lines).
    fn find_quoted(&mut self) -> Found {
        let (delimiter, eof) = (self.delimiter, self.eof);
        let buf = &self.buf[..self.end];
        let scratch = &mut self.scratch;
        let spans = &mut self.spans;
        scratch.clear();
        spans.clear();
        let mut p = self.pos;
        loop {
            let cell_start = scratch.len() as u32;
            if buf.get(p) == Some(&b'"') {
                let open = p;
                p += 1;
                loop {
                    match memchr::memchr(b'"', &buf[p..]) {
                        Some(at) => {
                            scratch.extend_from_slice(&buf[p..p + at]);
                            p += at + 1;
                            if p == buf.len() && !eof {
                                // Cannot yet tell a closing quote from the first of `""`.
                                if open_too_long(&buf[open..]) {
                                    let column = spans.len();
                                    return self.line_as_it_stands(column);
                                }
                                return Found::NeedMore;
                            }
                            if buf.get(p) == Some(&b'"') {
                                scratch.push(b'"');
                                p += 1;
                                continue;
                            }
                            // Closed. Over several lines it must close as a cell does, or
                            // it was a stray quote that some later quote happened to match.
                            let closes_a_cell =
                                matches!(buf.get(p), None | Some(b'\n' | b'\r')) || buf.get(p) == Some(&delimiter);
                            // Judged by position, not by where the bytes read so far end,
                            // so every way of reading the file agrees.
                            let quoted = &buf[open..p];
                            if spans_lines(quoted) && (!closes_a_cell || open_too_long(quoted)) {
                                let column = spans.len();
                                return self.line_as_it_stands(column);
                            }
                        }
                        None if !eof => {
                            if open_too_long(&buf[open..]) {
                                let column = spans.len();
                                return self.line_as_it_stands(column);
                            }
                            return Found::NeedMore;
                        }
                        None => {
                            // Open to the end of the file: on one line that is only the
                            // last cell lacking its quote; over several, a quote never closed.
                            if spans_lines(without_last_line_end(&buf[open..])) {
                                let column = spans.len();
                                return self.line_as_it_stands(column);
                            }
                            scratch.extend_from_slice(&buf[p..]);
                            p = buf.len();
                        }
                    }
                    break;
                }
            }
            // An unquoted cell, or what follows a closing quote, up to the delimiter.
            let rest = &buf[p..];
            match memchr::memchr3(delimiter, b'\n', b'\r', rest) {
                Some(at) if rest[at] == delimiter => {
                    scratch.extend_from_slice(&rest[..at]);
                    spans.push((cell_start, scratch.len() as u32));
                    p += at + 1;
                }
                Some(at) => {
                    let Some(end_len) = line_end(rest, at, eof) else { return Found::NeedMore };
                    scratch.extend_from_slice(&rest[..at]);
                    spans.push((cell_start, scratch.len() as u32));
                    p += at + end_len;
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
        Found::Unescaped(None)
    }

    /// Replaces the bytes of the row in `scratch` that are not UTF-8 by U+FFFD, cell by cell.
    fn mark_broken_bytes(&mut self) {
        let mut text = Vec::with_capacity(self.scratch.len() + 16);
        for span in &mut self.spans {
            let cell = String::from_utf8_lossy(&self.scratch[span.0 as usize..span.1 as usize]);
            let start = text.len() as u32;
            text.extend_from_slice(cell.as_bytes());
            *span = (start, text.len() as u32);
        }
        self.scratch = text;
    }

    /// The row from `pos` as its first line only, cut at every delimiter with quotes kept
    /// as they stand, flagged as a quote opened in `column` that never closes. The lines
    /// after it are read as rows of their own.
    fn line_as_it_stands(&mut self, column: usize) -> Found {
        let rest = &self.buf[self.pos..self.end];
        let (len, next) = match memchr::memchr2(b'\n', b'\r', rest) {
            Some(at) => match line_end(rest, at, self.eof) {
                Some(end_len) => (at, at + end_len),
                None => return Found::NeedMore,
            },
            None if self.eof => (rest.len(), rest.len()),
            None => return Found::NeedMore,
        };
        let line = &rest[..len];
        self.scratch.clear();
        self.scratch.extend_from_slice(line);
        self.spans.clear();
        let mut start = 0u32;
        for at in memchr::memchr_iter(self.delimiter, line) {
            self.spans.push((start, at as u32));
            start = at as u32 + 1;
        }
        self.spans.push((start, len as u32));
        self.pos += next;
        Found::Unescaped(Some(RowProblem::UnclosedQuote { column }))
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
        self.skip_bom();
    }

    /// Skips a UTF-8 BOM at the text's start, once its first bytes are in (`at_start`).
    fn skip_bom(&mut self) {
        if self.at_start && (self.end - self.pos >= BOM.len() || self.eof) {
            self.at_start = false;
            if self.buf[self.pos..self.end].starts_with(BOM) {
                self.pos += BOM.len();
            }
        }
    }

    /// Moves the unread bytes to the buffer's start.
    fn compact(&mut self) {
        self.shifted += self.pos as u64;
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
        self.shifted += self.pos as u64;
        self.eof |= slide_and_refill(&mut self.source, &mut self.buf, &mut self.pos, &mut self.end)?;
        self.skip_bom();
        Ok(())
    }
}

/// The length of the line end at `rest[at]` (a `\n` or `\r`): 2 for `\r\n`, else 1; None
/// when a `\r` ends the bytes read so far and the next one may be its `\n`.
#[inline]
fn line_end(rest: &[u8], at: usize, eof: bool) -> Option<usize> {
    if rest[at] == b'\n' {
        return Some(1);
    }
    match rest.get(at + 1) {
        Some(b'\n') => Some(2),
        Some(_) => Some(1),
        None if eof => Some(1),
        None => None,
    }
}

/// Whether quoted text holds a line end.
fn spans_lines(text: &[u8]) -> bool {
    memchr::memchr2(b'\n', b'\r', text).is_some()
}

/// Whether a quoted cell (from its opening quote) over lines has been open for more than
/// `MAX_OPEN_QUOTE` bytes: then it is taken as a quote that never closes, wherever the
/// bytes read so far end. A long cell on one line waits (`MAX_ROW` bounds it).
fn open_too_long(quoted: &[u8]) -> bool {
    quoted.len() > MAX_OPEN_QUOTE && spans_lines(quoted)
}

/// The text without one line end at its end (the file's last line end ends the row).
fn without_last_line_end(text: &[u8]) -> &[u8] {
    let text = text.strip_suffix(b"\n").unwrap_or(text);
    text.strip_suffix(b"\r").unwrap_or(text)
}

/// The first cell holding a NUL byte, if any (rows with one take the general path).
fn nul_in(text: &[u8], spans: &[Span]) -> Option<RowProblem> {
    let at = memchr::memchr(0, text)? as u32;
    let column = spans.iter().position(|&(_, end)| at < end).unwrap_or(spans.len().saturating_sub(1));
    Some(RowProblem::Nul { column })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::refill::{Dribble, Trickle};

    /// Every row as (row number, cells), read through a source that hands out `step`
    /// bytes at a time, so rows and quotes straddle the reads.
    fn rows(text: &[u8], delimiter: u8, step: usize) -> Vec<(u64, Option<Vec<String>>)> {
        let whole: Vec<_> =
            records_of(CsvRows::new(Trickle(text, step)), delimiter).into_iter().map(|r| (r.0, r.1)).collect();
        // Held only `step` bytes at a time (the page's way), the reader reads the same rows.
        let dribbled = records_of(CsvRows::new(Dribble { text, step, blocked: false }), delimiter);
        assert_eq!(
            whole,
            dribbled.into_iter().map(|r| (r.0, r.1)).collect::<Vec<_>>(),
            "dribbled {step} bytes at a time"
        );
        whole
    }

    type Read = (u64, Option<Vec<String>>, Option<RowProblem>);

    /// Every record of `reader`, reading on where the source would block.
    fn records_of<R: std::io::Read>(mut reader: CsvRows<R>, delimiter: u8) -> Vec<Read> {
        reader.set_delimiter(delimiter);
        let mut out = Vec::new();
        loop {
            match reader.next_record() {
                Ok(Some(record)) => out.push((record.row, record.cells.map(|c| c.to_strings()), record.problem)),
                Ok(None) => return out,
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => continue,
                Err(e) => panic!("{e}"),
            }
        }
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
    fn rows_quoted_every_way_read_as_the_csv_crate_reads_them() {
        // Cells quoted whole (the in-place path) beside doubled quotes, quoted commas and
        // line breaks, empty and unquoted cells, over lengths around the scan's blocks.
        let cells = ["1", "", "a,b", "他说\"好\"", "两行\r\n文字", "字".repeat(12).as_str(), "x\ny", ",", "\"\""]
            .map(str::to_string);
        let mut writer =
            csv::WriterBuilder::new().flexible(true).terminator(csv::Terminator::CRLF).from_writer(Vec::new());
        let mut quoted =
            csv::WriterBuilder::new().flexible(true).quote_style(csv::QuoteStyle::Always).from_writer(Vec::new());
        for row in 0..300 {
            let record: Vec<&str> = (0..1 + row % 7).map(|k| cells[(row * 5 + k * 3) % cells.len()].as_str()).collect();
            writer.write_record(&record).unwrap();
            quoted.write_record(&record).unwrap();
        }
        for text in [writer.into_inner().unwrap(), quoted.into_inner().unwrap()] {
            let mut oracle = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(&text[..]);
            let expected: Vec<Option<Vec<String>>> =
                oracle.records().map(|r| Some(r.unwrap().iter().map(str::to_string).collect())).collect();
            for step in [1, 7, 1 << 20] {
                let read: Vec<Option<Vec<String>>> = rows(&text, b',', step).into_iter().map(|r| r.1).collect();
                assert_eq!(read, expected, "read {step} bytes at a time");
            }
        }
    }

    #[test]
    fn a_bom_before_a_quoted_first_cell_leaves_the_cell_quoted() {
        // Excel's "CSV UTF-8" with every field quoted: the BOM is no part of the first cell.
        let text = "\u{feff}\"工单编号\",\"受理时间\"\r\n\"A1\",\"2021-01-05 10:00\"\r\n";
        for step in [1, 2, 3, 4, 1 << 20] {
            assert_eq!(
                rows(text.as_bytes(), b',', step),
                [(1, cells(&["工单编号", "受理时间"])), (2, cells(&["A1", "2021-01-05 10:00"]))],
                "read {step} bytes at a time"
            );
        }
        assert_eq!(rows("\u{feff}".as_bytes(), b',', 1), []);
    }

    /// Every row as (row number, cells, problem), read `step` bytes at a time.
    fn records(text: &[u8], step: usize) -> Vec<(u64, Vec<String>, Option<RowProblem>)> {
        let whole = records_of(CsvRows::new(Trickle(text, step)), b',');
        let dribbled = records_of(CsvRows::new(Dribble { text, step, blocked: false }), b',');
        assert_eq!(whole, dribbled, "dribbled {step} bytes at a time");
        whole.into_iter().map(|(row, cells, problem)| (row, cells.unwrap_or_default(), problem)).collect()
    }

    fn strings(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_quote_that_never_closes_is_its_own_line_and_the_lines_after_it_are_rows() {
        let text = "a,\"open\nb,c\nd,e\n";
        let unclosed = Some(RowProblem::UnclosedQuote { column: 1 });
        for step in [1, 4, 1 << 20] {
            assert_eq!(
                records(text.as_bytes(), step),
                [
                    (1, strings(&["a", "\"open"]), unclosed),
                    (2, strings(&["b", "c"]), None),
                    (3, strings(&["d", "e"]), None)
                ],
                "read {step} bytes at a time"
            );
        }
        // The crash of the hostile-input report: the open quote is past the header's columns.
        let text = "工单编号,受理时间,诉求渠道,诉求类型\n1001,2021-01-05 10:00:00,电话,咨询,\"\n1002,2021-01-06 10:00:00,电话,咨询\n";
        let read = records(text.as_bytes(), 7);
        assert_eq!(read.len(), 3);
        assert_eq!(read[1].2, Some(RowProblem::UnclosedQuote { column: 4 }));
        assert_eq!(read[2], (3, strings(&["1002", "2021-01-06 10:00:00", "电话", "咨询"]), None));
    }

    #[test]
    fn a_stray_quote_matched_by_a_later_one_does_not_swallow_the_lines_between() {
        let text = "1,\"abc\n2,x,\"y\",z\n3,q\n";
        for step in [1, 3, 1 << 20] {
            assert_eq!(
                records(text.as_bytes(), step),
                [
                    (1, strings(&["1", "\"abc"]), Some(RowProblem::UnclosedQuote { column: 1 })),
                    (2, strings(&["2", "x", "y", "z"]), None),
                    (3, strings(&["3", "q"]), None)
                ],
                "read {step} bytes at a time"
            );
        }
    }

    #[test]
    fn a_quoted_cell_over_lines_full_of_commas_is_one_cell() {
        let content = "反映以下楼栋停水：\n1,2,3,4,5,6,7,8,9,10,11,12栋均无水";
        let text = format!("编号,内容,类型\n1,\"{content}\",咨询\r\n2,\"{content}\"\n3,\"{content}\"");
        for step in [1, 5, 1 << 20] {
            assert_eq!(
                records(text.as_bytes(), step),
                [
                    (1, strings(&["编号", "内容", "类型"]), None),
                    (2, strings(&["1", content, "咨询"]), None),
                    (3, strings(&["2", content]), None),
                    (4, strings(&["3", content]), None),
                ],
                "read {step} bytes at a time"
            );
        }
    }

    #[test]
    fn a_quote_open_for_more_than_a_megabyte_is_taken_as_never_closed_wherever_the_reads_end() {
        // The quote closes as a cell does, but 1.5 MiB and many lines later.
        let mut text = String::from("1,\"开始\n");
        while text.len() <= MAX_OPEN_QUOTE * 3 / 2 {
            text.push_str("2,普通的一行\n");
        }
        text.push_str("3,结束\",x\n4,后面\n");
        for step in [1 << 16, 1 << 20, 1 << 23] {
            let read = records(text.as_bytes(), step);
            assert_eq!(read[0].2, Some(RowProblem::UnclosedQuote { column: 1 }), "reads of {step}");
            assert_eq!(read[1], (2, strings(&["2", "普通的一行"]), None));
            assert_eq!(read.last().unwrap(), &(read.len() as u64, strings(&["4", "后面"]), None));
        }
    }

    #[test]
    fn a_row_without_an_end_past_sixteen_megabytes_is_an_error_naming_it() {
        let mut text = b"a,b\n\n".to_vec();
        text.extend(std::iter::repeat_n(b'x', MAX_ROW + (1 << 20)));
        let mut reader = CsvRows::new(Trickle(&text[..], 1 << 22));
        assert!(reader.next_record().unwrap().is_some());
        let error = reader.next_record().err().expect("too long");
        let (row, error) = AtRow::split(error, 0);
        assert_eq!(row, 3, "the blank line is counted");
        assert!(error.get_ref().is_some_and(|e| e.is::<RowTooLong>()), "{error}");
    }

    #[test]
    fn a_nul_byte_flags_its_row_and_cell() {
        let text = b"a,b\n1,x\0y\n2,z\n\0\0\0\n";
        for step in [1, 1 << 20] {
            let read = records(text, step);
            assert_eq!(
                read.iter().map(|r| r.2).collect::<Vec<_>>(),
                [None, Some(RowProblem::Nul { column: 1 }), None, Some(RowProblem::Nul { column: 0 })]
            );
            assert_eq!(read[1].1, strings(&["1", "x\0y"]));
        }
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
    fn every_line_end_is_one_whether_lf_crlf_or_a_lone_cr() {
        assert_eq!(rows(b"a\tb\r\nc\t\"d\"\r\n", b'\t', 5), [(1, cells(&["a", "b"])), (2, cells(&["c", "d"]))]);
        let text = b"a,b\rc,d\r\ne,f\ng,\"h\ri\"\rj,\"k\"\r\r\nl,m\r";
        for step in [1, 2, 3, 1 << 20] {
            assert_eq!(
                rows(text, b',', step),
                [
                    (1, cells(&["a", "b"])),
                    (2, cells(&["c", "d"])),
                    (3, cells(&["e", "f"])),
                    (4, cells(&["g", "h\ri"])),
                    (5, cells(&["j", "k"])),
                    (7, cells(&["l", "m"])),
                ],
                "read {step} bytes at a time"
            );
        }
    }
}
