//! CSV and TSV exports, read as a stream of bytes so a file need never be held whole:
//! the browser hands slices of the File, the CLI a file handle.

use std::io::{BufRead, BufReader, Read};

use super::columns::{field_for_header, HEADER_MIN_FIELDS};
use super::error::{ErrorKind, IngestError};
use super::Loader;

/// How many rows from the top may be titles before the header must have appeared.
pub const HEADER_SEARCH_ROWS: u64 = 30;

/// Called with (bytes read, rows read) every few thousand rows.
pub type Progress<'a> = &'a mut dyn FnMut(u64, u64);

/// Reads one CSV/TSV file into the loader.
pub fn read_csv<R: Read>(name: &str, source: R, loader: &mut Loader, progress: Progress) -> Result<(), IngestError> {
    let mut buffered = BufReader::with_capacity(1 << 20, source);
    let head = buffered.fill_buf().map_err(|e| IngestError::new(name, ErrorKind::Read { detail: e.to_string() }))?;
    if head.is_empty() {
        return Err(IngestError::new(name, ErrorKind::Empty));
    }
    if !looks_like_utf8(head) {
        return Err(IngestError::new(name, ErrorKind::Encoding));
    }
    let delimiter = sniff_delimiter(head);
    let format = if delimiter == b'\t' { "TSV" } else { "CSV" };

    let mut reader =
        ::csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(buffered);
    let mut record = ::csv::ByteRecord::new();
    let mut row: u64 = 0;
    let mut open = None;
    loop {
        let more = reader
            .read_byte_record(&mut record)
            .map_err(|e| IngestError::new(name, ErrorKind::Read { detail: e.to_string() }).at_row(row + 1))?;
        if !more {
            break;
        }
        row += 1;
        let cells: Vec<&str> = match record.iter().map(std::str::from_utf8).collect::<Result<Vec<_>, _>>() {
            Ok(cells) => cells,
            Err(_) => return Err(IngestError::new(name, ErrorKind::Encoding).at_row(row)),
        };
        let cells: Vec<&str> = match (row, cells.first()) {
            (1, Some(first)) => {
                std::iter::once(first.trim_start_matches('\u{feff}')).chain(cells[1..].iter().copied()).collect()
            }
            _ => cells,
        };
        match &open {
            Some(file) => loader.add_row(file, row, &cells),
            None => {
                let mapped = cells.iter().filter(|c| field_for_header(c).is_some()).count();
                if mapped >= HEADER_MIN_FIELDS {
                    let headers = cells.iter().map(|c| c.trim().to_string()).collect();
                    open = Some(loader.open_file(name, format, headers, row)?);
                } else if row >= HEADER_SEARCH_ROWS {
                    break;
                }
            }
        }
        if row % 8192 == 0 {
            progress(reader.position().byte(), row);
        }
    }
    progress(reader.position().byte(), row);
    match open {
        None => Err(IngestError::new(name, ErrorKind::NoHeader { searched_rows: row.min(HEADER_SEARCH_ROWS) })),
        Some(file) if loader.file_rows(&file) == 0 => Err(IngestError::new(name, ErrorKind::NoRows)),
        Some(_) => Ok(()),
    }
}

/// UTF-8 with a possibly cut last character (the head is a prefix of the file).
fn looks_like_utf8(head: &[u8]) -> bool {
    match std::str::from_utf8(head) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none() && head.len() - e.valid_up_to() < 4,
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

    fn load(name: &str, text: &str) -> Result<crate::ingest::Loaded, IngestError> {
        let settings = Settings::default();
        let mut loader = Loader::new(&settings);
        read_csv(name, text.as_bytes(), &mut loader, &mut |_, _| {})?;
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
        assert_eq!(loaded.files[0].format, "TSV");
        assert_eq!(loaded.table.ticket_type.get(0), "投诉");
    }

    #[test]
    fn bad_files_say_what_is_wrong() {
        assert_eq!(load("e.csv", "").err().unwrap().kind, ErrorKind::Empty);
        let no_header = load("n.csv", "a,b,c\n1,2,3\n").err().unwrap();
        assert!(matches!(no_header.kind, ErrorKind::NoHeader { .. }));
        assert_eq!(load("h.csv", "工单编号,受理时间,诉求类型\n").err().unwrap().kind, ErrorKind::NoRows);
        let binary = [0x89u8, b'P', b'N', b'G', 0xff, 0xfe, 0x00, 0x9c];
        let settings = Settings::default();
        let mut loader = Loader::new(&settings);
        let error = read_csv("x.png", &binary[..], &mut loader, &mut |_, _| {}).err().unwrap();
        assert_eq!(error.kind, ErrorKind::Encoding);
    }

    #[test]
    fn progress_reports_the_bytes_read() {
        let settings = Settings::default();
        let mut loader = Loader::new(&settings);
        let text = "受理时间,诉求类型,工单编号\n2021-01-05,咨询,1\n";
        let mut last = (0, 0);
        read_csv("p.csv", text.as_bytes(), &mut loader, &mut |bytes, rows| last = (bytes, rows)).unwrap();
        assert_eq!(last, (text.len() as u64, 2));
    }
}
