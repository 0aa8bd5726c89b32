//! Where each file's rows lie, so that a ticket's original row (every column the export
//! had, the report's or not) can be read again from the file when the analyst asks for it,
//! rather than every cell of every row being kept in memory.

use super::cells::Cells;
use super::csv_rows::CsvRows;

/// A place is kept every this many rows of a UTF-8 text file: reading a row again reads at
/// most this many rows' bytes (about 20 KB for an export's rows).
pub const SEEK_EVERY: u64 = 64;

/// One file as read: enough to find and read any of its rows again.
#[derive(Debug, Clone, Default)]
pub struct SourceFile {
    pub name: String,
    /// The sheet read, for a workbook.
    pub sheet: Option<String>,
    /// The header's cells, as the file has them.
    pub headers: Vec<String>,
    pub seek: Seek,
}

impl SourceFile {
    /// Bytes the places take.
    pub fn memory(&self) -> usize {
        match &self.seek {
            Seek::FromStart => 0,
            Seek::Text { points, .. } => points.capacity() * std::mem::size_of::<SeekPoint>(),
        }
    }
}

/// How to get back to a row of the file.
#[derive(Debug, Clone, Default)]
pub enum Seek {
    /// Read the file again from its start: a workbook (its sheet is compressed as a whole)
    /// or text in an encoding other than UTF-8 (the reader sees decoded text, whose places
    /// are not the file's).
    #[default]
    FromStart,
    /// UTF-8 text: where rows begin, every `SEEK_EVERY` rows.
    Text { delimiter: u8, points: Vec<SeekPoint> },
}

/// The byte where a row begins, and how many rows (blank lines and the header included)
/// come before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeekPoint {
    pub rows_before: u64,
    pub offset: u64,
}

/// Rows of a file as read again: each row's number and its cells.
pub type RowsRead = Vec<(u64, Vec<String>)>;

/// Where to start reading for `row` (1-based): the last point before it.
pub fn seek_point(points: &[SeekPoint], row: u64) -> Option<SeekPoint> {
    let after = points.partition_point(|p| p.rows_before < row);
    after.checked_sub(1).map(|at| points[at])
}

/// The text read so far of a file that goes on: past its end the reader is told to wait,
/// as when the page's slices are still on their way, so a row cut short by the end of the
/// text is never taken as whole (nor what follows a cut quoted cell as rows of their own).
struct TextSoFar<'a> {
    text: &'a [u8],
    at_end: bool,
}

impl std::io::Read for TextSoFar<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.text.is_empty() && !self.at_end {
            return Err(std::io::ErrorKind::WouldBlock.into());
        }
        let n = buf.len().min(self.text.len());
        buf[..n].copy_from_slice(&self.text[..n]);
        self.text = &self.text[n..];
        Ok(n)
    }
}

/// Reads the rows `wanted` (1-based, ascending) from text that begins after `from`'s rows:
/// each as its cells. None when the text ends before the last of them does and `at_end`
/// says more of the file follows (the caller then reads further).
pub fn rows_at(
    text: &[u8],
    delimiter: u8,
    from: SeekPoint,
    wanted: &[u64],
    at_end: bool,
) -> std::io::Result<Option<RowsRead>> {
    let mut rows = CsvRows::new(TextSoFar { text, at_end });
    rows.set_delimiter(delimiter);
    rows.start_after_row(from.rows_before);
    let mut found = Vec::with_capacity(wanted.len());
    let mut next = 0;
    while next < wanted.len() {
        let record = match rows.next_record() {
            Ok(Some(record)) => record,
            Ok(None) => return Ok(None),
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => return Ok(None),
            Err(e) => return Err(e),
        };
        if record.row == wanted[next] {
            found.push((record.row, record.cells.map(|cells| cells.to_strings()).unwrap_or_default()));
            next += 1;
        }
    }
    Ok(Some(found))
}

/// Collects the rows of a file: kept when wanted, others read past.
#[derive(Debug, Default)]
pub struct Catch {
    /// 1-based row numbers, ascending.
    wanted: Vec<u64>,
    next: usize,
    pub caught: RowsRead,
}

impl Catch {
    pub fn new(mut wanted: Vec<u64>) -> Catch {
        wanted.sort_unstable();
        wanted.dedup();
        Catch { wanted, next: 0, caught: Vec::new() }
    }

    /// Whether every row wanted has been seen.
    pub fn is_complete(&self) -> bool {
        self.next >= self.wanted.len()
    }

    /// Keeps the row when wanted; true once every wanted row is kept.
    pub fn offer(&mut self, row: u64, cells: Cells) -> bool {
        while self.next < self.wanted.len() && self.wanted[self.next] < row {
            self.next += 1; // not in the file as read now (it changed since)
        }
        if self.wanted.get(self.next) == Some(&row) {
            self.caught.push((row, cells.to_strings()));
            self.next += 1;
        }
        self.next >= self.wanted.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_point_before_a_row_is_where_reading_starts() {
        let points = [SeekPoint { rows_before: 1, offset: 10 }, SeekPoint { rows_before: 65, offset: 900 }];
        assert_eq!(seek_point(&points, 1), None);
        assert_eq!(seek_point(&points, 2), Some(points[0]));
        assert_eq!(seek_point(&points, 65), Some(points[0]));
        assert_eq!(seek_point(&points, 66), Some(points[1]));
    }

    #[test]
    fn a_row_cut_by_the_end_of_the_text_read_asks_for_more() {
        let text = "1,\"两行\n内容\",a\n2,b,c\n3,d,e\n";
        let from = SeekPoint { rows_before: 1, offset: 0 };
        let whole = rows_at(text.as_bytes(), b',', from, &[3], true).unwrap().unwrap();
        assert_eq!(whole, vec![(3, vec!["2".to_string(), "b".into(), "c".into()])]);
        // Row 2's quoted cell runs over two lines: still row 2, and row 3 is the next.
        let first = rows_at(text.as_bytes(), b',', from, &[2], false).unwrap().unwrap();
        assert_eq!(first[0].1[1], "两行\n内容");
        let cut = &text.as_bytes()[..text.find("d,e").unwrap() + 1];
        assert_eq!(rows_at(cut, b',', from, &[4], false).unwrap(), None, "row 4 may go on");
        assert_eq!(rows_at(&cut[..5], b',', from, &[2], false).unwrap(), None, "row 2 cut inside its quote");
        // Cut inside an earlier row's quoted cell: its lines are not rows of their own.
        let earlier = "A,\"x\ny\nz\nw\n";
        assert_eq!(rows_at(earlier.as_bytes(), b',', from, &[4], false).unwrap(), None);
        // A row ends where its line end is known whole: a CR at the end may be a CRLF's.
        assert_eq!(rows_at(b"1,a\r", b',', from, &[2], false).unwrap(), None);
        assert_eq!(rows_at(b"1,a\r\n", b',', from, &[2], false).unwrap().unwrap()[0].1, ["1", "a"]);
    }
}
