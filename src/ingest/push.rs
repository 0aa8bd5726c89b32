//! A file handed over in chunks as they arrive, rather than pulled: the page reads the
//! next slice of the File (asynchronously, on the browser's file thread) while the rows of
//! this one are read, so reading and parsing overlap. Text is parsed as it comes; a
//! workbook is gathered whole (zip and OLE need random access) and read at the end.

use std::cell::Cell;
use std::io::{self, Read};
use std::rc::Rc;

use super::csv::{CsvReading, Progress};
use super::decode::{DecodeStop, TextDecoder};
use super::error::{ErrorKind, IngestError};
use super::{excel, sniff, Loader};

/// The source of a pushed file's reader: the text is put straight into the reader's
/// buffer (`CsvReading::append`), so reading it only says whether more is to come, or
/// why decoding stopped.
#[derive(Default)]
pub struct Pushed {
    ended: bool,
    stop: Option<DecodeStop>,
}

impl Read for Pushed {
    fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
        match (self.stop, self.ended) {
            (Some(stop), _) => Err(stop.to_io()),
            (None, true) => Ok(0),
            (None, false) => Err(io::ErrorKind::WouldBlock.into()),
        }
    }
}

/// Hands the text of `bytes` to `reading`: UTF-8 untouched, other encodings decoded
/// straight into the reader's buffer, given room for the worst case.
fn push_text(decoder: &mut TextDecoder, bytes: &[u8], last: bool, reading: &mut CsvReading<Pushed>) {
    if decoder.is_utf8() {
        reading.append(bytes);
    } else {
        let written = decoder.decode(bytes, reading.room(decoder.max_output(bytes.len())), last);
        reading.appended(written);
        reading.source_mut().stop = decoder.stop();
    }
    if last {
        reading.source_mut().ended = true;
    }
}

/// A stated size beyond this is not trusted for reserving room (wasm has 4 GiB).
const MAX_RESERVED_WORKBOOK: u64 = 1 << 30;

enum State {
    /// The first bytes, until there are enough to tell what the file is.
    Head(Vec<u8>),
    Text(Box<CsvReading<Pushed>>, TextDecoder),
    Workbook(Vec<u8>),
}

pub struct PushedFile {
    name: String,
    sheet: Option<String>,
    state: State,
    bytes: Rc<Cell<u64>>,
    /// Where bytes written in place wait when they cannot go straight to the reader.
    staging: Vec<u8>,
}

impl PushedFile {
    pub fn new(name: &str, sheet: Option<&str>) -> PushedFile {
        super::reading_place::set_file(name);
        PushedFile {
            name: name.to_string(),
            sheet: sheet.map(str::to_string),
            state: State::Head(Vec::new()),
            bytes: Rc::new(Cell::new(0)),
            staging: Vec::new(),
        }
    }

    /// Room for the next `len` bytes of the file, for the caller to write in place and
    /// hand over with `push_written`: UTF-8 text is written straight into the reader's
    /// buffer and a workbook onto its bytes, which saves `push`'s copy of every slice.
    pub fn room(&mut self, len: usize) -> &mut [u8] {
        match &mut self.state {
            State::Text(reading, decoder) if decoder.is_utf8() => reading.room(len),
            State::Workbook(bytes) => {
                let start = bytes.len();
                bytes.resize(start + len, 0);
                &mut bytes[start..]
            }
            _ => {
                self.staging.clear();
                self.staging.resize(len, 0);
                &mut self.staging
            }
        }
    }

    /// Takes the `len` bytes written into `room` as the next chunk, as `push` would.
    pub fn push_written(&mut self, loader: &mut Loader, len: usize, progress: Progress) -> Result<(), IngestError> {
        match &mut self.state {
            State::Text(reading, decoder) if decoder.is_utf8() => {
                reading.appended(len);
                self.bytes.set(self.bytes.get() + len as u64);
                reading.pump(loader, progress)?;
                Ok(())
            }
            State::Workbook(_) => {
                self.bytes.set(self.bytes.get() + len as u64);
                Ok(())
            }
            _ => {
                let staging = std::mem::take(&mut self.staging);
                let taken = self.push(loader, &staging[..len], progress);
                self.staging = staging;
                taken
            }
        }
    }

    /// Takes the next chunk of the file and reads the rows it completes.
    pub fn push(&mut self, loader: &mut Loader, chunk: &[u8], progress: Progress) -> Result<(), IngestError> {
        self.bytes.set(self.bytes.get() + chunk.len() as u64);
        self.take(loader, chunk, false, progress)
    }

    /// Ends the file: reads what is left (the whole workbook, for Excel).
    pub fn finish(mut self, loader: &mut Loader, progress: Progress) -> Result<(), IngestError> {
        self.take(loader, &[], true, progress)?;
        match self.state {
            State::Head(_) => Err(IngestError::new(&self.name, ErrorKind::Empty)),
            State::Text(reading, _) => reading.finish(loader, progress),
            State::Workbook(bytes) => excel::read_excel(&self.name, bytes, self.sheet.as_deref(), loader, progress),
        }
    }

    fn take(&mut self, loader: &mut Loader, chunk: &[u8], last: bool, progress: Progress) -> Result<(), IngestError> {
        if let State::Head(head) = &mut self.state {
            head.extend_from_slice(chunk);
            if head.len() < sniff::HEAD && !last {
                return Ok(());
            }
            if head.is_empty() {
                return Ok(()); // an empty file: `finish` says so
            }
            let head = std::mem::take(head);
            self.state = match sniff::reader_for(&self.name, &head)? {
                sniff::Reader::Text(encoding) => {
                    let mut reading =
                        Box::new(CsvReading::new(&self.name, Pushed::default(), encoding, self.bytes.clone()));
                    let mut decoder = TextDecoder::new(encoding);
                    push_text(&mut decoder, &head, last, &mut reading);
                    State::Text(reading, decoder)
                }
                sniff::Reader::Workbook => {
                    // Room for the whole workbook at once, rather than doubling (and
                    // copying) as its slices come.
                    let mut bytes = head;
                    let size = loader.file_bytes().unwrap_or(0).min(MAX_RESERVED_WORKBOOK) as usize;
                    bytes.reserve_exact(size.saturating_sub(bytes.len()));
                    State::Workbook(bytes)
                }
            };
        } else {
            match &mut self.state {
                State::Text(reading, decoder) => push_text(decoder, chunk, last, reading),
                State::Workbook(bytes) => bytes.extend_from_slice(chunk),
                State::Head(_) => unreachable!("handled above"),
            }
        }
        if let State::Text(reading, _) = &mut self.state {
            reading.pump(loader, progress)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::Settings;
    use encoding_rs::GB18030;

    /// Loads `bytes` pushed `step` bytes at a time.
    fn pushed(bytes: &[u8], step: usize) -> Result<crate::ingest::Loaded, IngestError> {
        let settings = Settings::default();
        let mut loader = Loader::new(&settings);
        let mut file = PushedFile::new("推送.csv", None);
        for chunk in bytes.chunks(step) {
            file.push(&mut loader, chunk, &mut |_, _| {})?;
        }
        file.finish(&mut loader, &mut |_, _| {})?;
        Ok(loader.finish())
    }

    /// Loads `bytes` written `step` bytes at a time into the room the file gives.
    fn written_in_place(name: &str, bytes: &[u8], step: usize) -> Result<crate::ingest::Loaded, IngestError> {
        let settings = Settings::default();
        let mut loader = Loader::new(&settings);
        loader.expect_file_bytes(Some(bytes.len() as u64));
        let mut file = PushedFile::new(name, None);
        for chunk in bytes.chunks(step) {
            file.room(chunk.len()).copy_from_slice(chunk);
            file.push_written(&mut loader, chunk.len(), &mut |_, _| {})?;
        }
        file.finish(&mut loader, &mut |_, _| {})?;
        Ok(loader.finish())
    }

    fn pulled(bytes: &[u8]) -> crate::ingest::Loaded {
        let settings = Settings::default();
        let mut loader = Loader::new(&settings);
        crate::ingest::read_file("推送.csv", bytes, None, &mut loader, &mut |_, _| {}).unwrap();
        loader.finish()
    }

    fn summary(loaded: &crate::ingest::Loaded) -> (usize, u64, u64, String, String) {
        let t = &loaded.table;
        let a = &loaded.accounting;
        (t.len(), a.rejected, a.duplicates, t.content.get(t.len() - 1).to_string(), loaded.files[0].format.clone())
    }

    #[test]
    fn pushing_in_any_chunk_size_reads_what_pulling_reads() {
        let mut text = String::from("\u{feff}工单编号,受理时间,诉求类型,诉求内容\n");
        for i in 0..3000 {
            text.push_str(&format!(
                "{},2021-01-{:02} 10:00:00,投诉,\"第{i}件，“噪音”\"\"扰民\"\"\n跨行\"\n",
                i % 2900,
                i % 28 + 1
            ));
        }
        text.push_str("x,明天,投诉,坏行\n");
        let utf8 = text.as_bytes();
        let (gbk, _, _) = GB18030.encode(&text);
        for bytes in [utf8, &gbk[..]] {
            let expected = summary(&pulled(bytes));
            assert_eq!((expected.0, expected.1, expected.2), (2900, 1, 100));
            for step in [1 << 20, 65_536, 4093, 777] {
                assert_eq!(summary(&pushed(bytes, step).unwrap()), expected, "chunks of {step}");
                let in_place = written_in_place("推送.csv", bytes, step).unwrap();
                assert_eq!(summary(&in_place), expected, "written in place, chunks of {step}");
            }
        }
    }

    #[test]
    fn a_bom_before_a_quoted_header_is_skipped_in_any_chunk_size() {
        let text = "\u{feff}\"工单编号\",\"受理时间\",\"诉求类型\"\r\n\"A1\",\"2021-01-05 10:00:00\",\"投诉\"\r\n";
        for step in [1, 2, 3, 4, 1 << 20] {
            for loaded in
                [pushed(text.as_bytes(), step).unwrap(), written_in_place("推送.csv", text.as_bytes(), step).unwrap()]
            {
                assert_eq!(loaded.files[0].columns[0].header, "工单编号", "chunks of {step}");
                assert_eq!(loaded.table.id.get(0), "A1", "chunks of {step}");
            }
        }
    }

    #[test]
    fn a_workbook_written_in_place_reads_as_one_read_whole() {
        let options = crate::sample::SampleOptions { months: 1, scale: 0.05, ..Default::default() };
        let mut bytes = Vec::new();
        crate::sample::formats::write(&options, crate::sample::formats::SampleFormat::Xlsx, &mut bytes).unwrap();
        let whole = {
            let settings = Settings::default();
            let mut loader = Loader::new(&settings);
            crate::ingest::read_file("推送.xlsx", &bytes[..], None, &mut loader, &mut |_, _| {}).unwrap();
            loader.finish()
        };
        assert!(whole.table.len() > 1000);
        for step in [1 << 20, 4093] {
            let in_place = written_in_place("推送.xlsx", &bytes, step).unwrap();
            assert_eq!(summary(&in_place), summary(&whole), "chunks of {step}");
        }
    }

    #[test]
    fn bad_files_pushed_fail_as_they_do_pulled() {
        assert_eq!(pushed(b"", 10).err().unwrap().kind, ErrorKind::Empty);
        assert!(matches!(pushed(b"%PDF-1.4 ...", 10).err().unwrap().kind, ErrorKind::NotAnExport { .. }));
        let bad_utf8 = b"\xe5\xb7\xa5\xe5\x8d\x95\xe7\xbc\x96\xe5\x8f\xb7,\xe5\x8f\x97\xe7\x90\x86\xe6\x97\xb6\xe9\x97\xb4\n1,\xff\xfe\n";
        let pull = {
            let settings = Settings::default();
            let mut loader = Loader::new(&settings);
            crate::ingest::read_file("推送.csv", &bad_utf8[..], None, &mut loader, &mut |_, _| {}).err()
        };
        assert_eq!(pushed(bad_utf8, 7).err(), pull);
        assert_eq!(written_in_place("推送.csv", bad_utf8, 7).err(), pull);
        assert_eq!(written_in_place("推送.csv", b"", 7).err().unwrap().kind, ErrorKind::Empty);
    }
}
