//! CSV and TSV exports, read as a stream of bytes so a file need never be held whole:
//! the browser hands slices of the File, the CLI a file handle. Text that is not UTF-8
//! (GBK from Chinese Windows, UTF-16) is transcoded on the fly.

use std::cell::Cell;
use std::io::Read;
use std::rc::Rc;

use encoding_rs::{Encoding, UTF_8};

use super::csv_rows::{AtRow, CsvRows, RowTooLong, CHUNK, MAX_ROW};
use super::decode::{DecodeStop, DecodingReader};
use super::error::{ErrorKind, IngestError};
use super::rows::{Next, RowFeeder};
use super::source::{Seek, SeekPoint, SEEK_EVERY};
use super::Loader;

/// Called with (bytes read, rows read) every few thousand rows.
pub type Progress<'a> = &'a mut dyn FnMut(u64, u64);

/// Counts the raw bytes read, so progress is in file bytes even when transcoding.
struct Counting<R> {
    inner: R,
    count: Rc<Cell<u64>>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.set(self.count.get() + n as u64);
        Ok(n)
    }
}

/// An encoding as the analyst knows it.
fn encoding_label(encoding: &'static Encoding) -> &'static str {
    match encoding.name() {
        "UTF-8" => "UTF-8",
        "gb18030" | "GBK" => "GBK/GB18030",
        "UTF-16LE" | "UTF-16BE" => "UTF-16",
        other => other,
    }
}

fn format_name(encoding: &'static Encoding, delimiter: u8) -> String {
    let kind = if delimiter == b'\t' { "TSV" } else { "CSV" };
    format!("{kind}（{}）", encoding_label(encoding))
}

/// Reads one CSV/TSV file in `encoding` into the loader, pulling its bytes from `source`.
pub fn read_csv<R: Read>(
    name: &str,
    source: R,
    encoding: &'static Encoding,
    loader: &mut Loader,
    progress: Progress,
) -> Result<(), IngestError> {
    let count = Rc::new(Cell::new(0));
    let counted = Counting { inner: source, count: count.clone() };
    // The decoder reads the source a chunk at a time (each read of a browser File is a
    // call into JavaScript and a trip to the browser's file thread).
    let text: Box<dyn Read> =
        if encoding == UTF_8 { Box::new(counted) } else { Box::new(DecodingReader::new(counted, encoding, CHUNK)) };
    let mut reading = CsvReading::new(name, text, encoding, count);
    reading.pump(loader, progress)?;
    reading.finish(loader, progress)
}

/// A CSV file being read: resumable, so the rows of bytes pushed so far can be read while
/// the rest is still on its way (`pump` stops when the source says `WouldBlock`).
pub struct CsvReading<R> {
    name: String,
    encoding: &'static Encoding,
    rows: CsvRows<R>,
    feeder: RowFeeder,
    /// File bytes read so far, for progress (shared with whatever counts them).
    bytes: Rc<Cell<u64>>,
    sniffed: bool,
    done: bool,
    last_row: u64,
    /// Where rows begin, for reading one again (UTF-8 text only: see `source::Seek`).
    seek: Option<(u8, Vec<SeekPoint>)>,
    next_seek_point: u64,
}

impl<R: Read> CsvReading<R> {
    /// `source` yields UTF-8 text (already transcoded).
    pub fn new(name: &str, source: R, encoding: &'static Encoding, bytes: Rc<Cell<u64>>) -> CsvReading<R> {
        let mut rows = CsvRows::new(source);
        if encoding != UTF_8 {
            rows.mark_transcoded();
        }
        CsvReading {
            name: name.to_string(),
            encoding,
            rows,
            feeder: RowFeeder::new(name, ""),
            bytes,
            sniffed: false,
            done: false,
            last_row: 0,
            seek: None,
            next_seek_point: 0,
        }
    }

    pub fn source_mut(&mut self) -> &mut R {
        self.rows.source_mut()
    }

    /// Adds text pushed rather than pulled from the source (see `CsvRows::append`).
    pub fn append(&mut self, text: &[u8]) {
        self.rows.append(text);
    }

    /// Room to write pushed text into in place (see `CsvRows::room`).
    pub fn room(&mut self, len: usize) -> &mut [u8] {
        self.rows.room(len)
    }

    pub fn appended(&mut self, len: usize) {
        self.rows.appended(len);
    }

    /// Reads and feeds rows until the source is done (true) or would block (false).
    pub fn pump(&mut self, loader: &mut Loader, progress: Progress) -> Result<bool, IngestError> {
        let name = self.name.as_str();
        let encoding = encoding_label(self.encoding);
        let read_error = |e: std::io::Error, row: u64| {
            let (row, e) = AtRow::split(e, row);
            let kind = match DecodeStop::of_io(&e) {
                Some(stop) => {
                    ErrorKind::BadText { encoding: encoding.into(), utf8_follows: stop == DecodeStop::Utf8Line }
                }
                None if e.get_ref().is_some_and(|inner| inner.is::<RowTooLong>()) => {
                    ErrorKind::RowTooLong { limit_mb: (MAX_ROW >> 20) as u64 }
                }
                None => ErrorKind::Read { detail: e.to_string() },
            };
            IngestError::new(name, kind).at_row(row)
        };
        if self.done {
            return Ok(true);
        }
        if !self.sniffed {
            let head = match self.rows.head() {
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => return Ok(false),
                other => other.map_err(|e| read_error(e, 1))?,
            };
            if head.is_empty() {
                return Err(IngestError::new(name, ErrorKind::Empty));
            }
            let delimiter = sniff_delimiter(head);
            // How many lines the first bytes hold tells how many the file will (old Mac
            // exports end them in a carriage return alone).
            let lines = match memchr::memchr_iter(b'\n', head).count() {
                0 => memchr::memchr_iter(b'\r', head).count(),
                lines => lines,
            };
            loader.expect_lines(lines, length_in(self.encoding, head));
            self.rows.set_delimiter(delimiter);
            if self.encoding == UTF_8 {
                self.seek = Some((delimiter, Vec::new()));
            }
            self.feeder = RowFeeder::new(name, &format_name(self.encoding, delimiter));
            self.sniffed = true;
        }
        loop {
            if let Some((_, points)) = &mut self.seek {
                let (rows_before, offset) = self.rows.next_row_at();
                if rows_before >= self.next_seek_point {
                    points.push(SeekPoint { rows_before, offset });
                    self.next_seek_point = rows_before + SEEK_EVERY;
                }
            }
            let record = match self.rows.next_record() {
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                    progress(self.bytes.get(), self.last_row);
                    return Ok(false);
                }
                other => other.map_err(|e| read_error(e, self.last_row + 1))?,
            };
            let Some(record) = record else { break };
            self.last_row = record.row;
            let Some(cells) = record.cells else {
                let kind = ErrorKind::BadText { encoding: encoding.into(), utf8_follows: false };
                return Err(IngestError::new(name, kind).at_row(record.row));
            };
            let next = match record.problem {
                None => self.feeder.feed(loader, record.row, cells)?,
                Some(problem) => self.feeder.feed_refused(loader, record.row, cells, problem),
            };
            if next == Next::GiveUp {
                break;
            }
            if record.row % 8192 == 0 {
                progress(self.bytes.get(), record.row);
            }
        }
        self.done = true;
        Ok(true)
    }

    /// Ends the file (after `pump` said it is done): an error when it held no header or rows.
    pub fn finish(self, loader: &mut Loader, progress: Progress) -> Result<(), IngestError> {
        progress(self.bytes.get(), self.last_row);
        if let (Some((delimiter, points)), true) = (self.seek, self.feeder.has_header()) {
            loader.note_seek(Seek::Text { delimiter, points });
        }
        self.feeder.finish(loader)
    }
}

/// How many bytes `text` (UTF-8) took in the file's own `encoding`, near enough to scale
/// a line count by: GBK and UTF-16 store a Chinese character in two bytes, not three.
fn length_in(encoding: &'static Encoding, text: &[u8]) -> usize {
    if encoding == UTF_8 {
        return text.len();
    }
    let ascii = text.iter().filter(|b| b.is_ascii()).count();
    let others = text.iter().filter(|&&b| b >= 0xc0).count(); // first bytes of the rest
    if encoding.name().starts_with("UTF-16") {
        2 * (ascii + others)
    } else {
        ascii + 2 * others
    }
}

/// The most frequent of comma, tab and semicolon in the first lines, outside quotes.
fn sniff_delimiter(head: &[u8]) -> u8 {
    let mut counts = [0usize; 3];
    let mut in_quotes = false;
    let mut lines = 0;
    for &b in head {
        match b {
            b'"' => in_quotes = !in_quotes,
            b'\n' if !in_quotes => {
                lines += 1;
                if lines == 20 {
                    break;
                }
            }
            b',' if !in_quotes => counts[0] += 1,
            b'\t' if !in_quotes => counts[1] += 1,
            b';' if !in_quotes => counts[2] += 1,
            _ => {}
        }
    }
    let candidates = [b',', b'\t', b';'];
    let best = (0..3).max_by_key(|&i| (counts[i], 3 - i)).unwrap_or(0);
    candidates[best]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::Settings;
    use encoding_rs::GB18030;

    fn load(name: &str, text: &str) -> Result<crate::ingest::Loaded, IngestError> {
        let settings = Settings::default();
        let mut loader = Loader::new(&settings);
        read_csv(name, text.as_bytes(), UTF_8, &mut loader, &mut |_, _| {})?;
        Ok(loader.finish())
    }

    #[test]
    fn title_rows_above_the_header_are_skipped() {
        let text = "\u{feff}湛江市12345工单明细表,,\n工单编号,受理时间,诉求类型\nA1,2021-01-05 10:00,咨询\n";
        let loaded = load("t.csv", text).unwrap();
        assert_eq!(loaded.files[0].header_row, 2);
        assert_eq!(loaded.table.len(), 1);
        assert_eq!(loaded.accounting.input_rows, 1);
    }

    #[test]
    fn tab_separated_files_are_detected() {
        let loaded = load("t.tsv", "工单编号\t受理时间\t诉求类型\nA1\t2021-01-05\t投诉\n").unwrap();
        assert_eq!(loaded.files[0].format, "TSV（UTF-8）");
        assert_eq!(loaded.table.ticket_type.get(0), "投诉");
    }

    #[test]
    fn gbk_text_is_transcoded_as_it_is_read() {
        let (gbk, _, _) = GB18030
            .encode("湛江市12345工单明细表\n工单编号,受理时间,诉求类型,诉求内容\nA1,2021-01-05,投诉,反映噪音扰民\n");
        let settings = Settings::default();
        let mut loader = Loader::new(&settings);
        let mut last = 0;
        read_csv("g.csv", &gbk[..], GB18030, &mut loader, &mut |bytes, _| last = bytes).unwrap();
        let loaded = loader.finish();
        assert_eq!(loaded.files[0].format, "CSV（GBK/GB18030）");
        assert_eq!(loaded.table.content.get(0), "反映噪音扰民");
        assert_eq!(last, gbk.len() as u64, "progress counts file bytes");
    }

    #[test]
    fn bad_files_say_what_is_wrong() {
        assert_eq!(load("e.csv", "").err().unwrap().kind, ErrorKind::Empty);
        let no_header = load("n.csv", "a,b,c\n1,2,3\n").err().unwrap();
        assert!(matches!(no_header.kind, ErrorKind::NoHeader { .. }));
        assert_eq!(load("h.csv", "工单编号,受理时间,诉求类型\n").err().unwrap().kind, ErrorKind::NoRows);
    }

    #[test]
    fn text_lengths_are_counted_in_the_files_own_encoding() {
        let text = "工单,a\n";
        assert_eq!(length_in(UTF_8, text.as_bytes()), 9);
        assert_eq!(length_in(GB18030, text.as_bytes()), GB18030.encode(text).0.len());
        assert_eq!(length_in(encoding_rs::UTF_16LE, text.as_bytes()), 2 * text.chars().count());
    }

    #[test]
    fn a_known_file_size_makes_the_tables_room_at_once() {
        let mut text = String::from("工单编号,受理时间,诉求类型,诉求内容\n");
        for i in 0..5000 {
            text.push_str(&format!("A{i:05},2021-01-05 10:00:00,投诉,反映小区噪音扰民问题{i}\n"));
        }
        let settings = Settings::default();
        let mut loader = Loader::new(&settings);
        loader.expect_file_bytes(Some(text.len() as u64));
        read_csv("大.csv", text.as_bytes(), UTF_8, &mut loader, &mut |_, _| {}).unwrap();
        let loaded = loader.finish();
        let (rows, bytes) = loaded.table.content.capacity();
        // Room was made once, after the first rows, for about the rows and text to come:
        // neither short of them (no doubling) nor far beyond.
        assert!((5000..6000).contains(&rows), "room for {rows} rows");
        let content = loaded.table.content.text_len();
        assert!(bytes >= content && bytes < content * 6 / 5, "room for {bytes} bytes of {content}");
    }

    #[test]
    fn progress_reports_the_bytes_read() {
        let settings = Settings::default();
        let mut loader = Loader::new(&settings);
        let text = "受理时间,诉求类型,工单编号\n2021-01-05,咨询,1\n";
        let mut last = (0, 0);
        read_csv("p.csv", text.as_bytes(), UTF_8, &mut loader, &mut |bytes, rows| last = (bytes, rows)).unwrap();
        assert_eq!(last, (text.len() as u64, 2));
    }
}
