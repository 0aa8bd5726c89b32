//! Rows of cells from any reader (CSV, Excel) into the loader: titles above the header
//! are skipped, the header row is found by the ticket fields it names, the rest are data.

use super::cells::Cells;
use super::columns::{field_with_rules, HEADER_MIN_FIELDS};
use super::csv_rows::RowProblem;
use super::error::{ErrorKind, IngestError};
use super::reading_place;
use super::{Loader, OpenFile};
use crate::settings::ColumnRule;

/// How many rows from the top may be titles before the header must have appeared.
pub const HEADER_SEARCH_ROWS: u64 = 30;

pub struct RowFeeder {
    name: String,
    format: String,
    open: Option<OpenFile>,
    /// Rows seen so far (the 1-based number of the last row fed).
    row: u64,
    /// Data rows fed to the loader, to check its memory every so many.
    fed: u64,
    /// Bytes of the rows fed since the memory was last checked.
    fed_bytes: u64,
    /// Rows fed so far, header and titles included.
    seen: u64,
    /// The header is looked for in the first rows fed rather than the first row numbers:
    /// a sheet gives only the rows it holds, and may number them from 100,000,000.
    window_by_rows_fed: bool,
}

/// Data rows between two checks of the loader's memory.
const MEMORY_CHECK_ROWS: u64 = 1 << 16;
/// Bytes of rows between two checks, whatever their number: 65,536 rows of 30 KB each
/// would take 2 GB before the first check.
const MEMORY_CHECK_BYTES: u64 = 64 << 20;

/// What the reader should do after a row.
#[derive(Debug, PartialEq)]
pub enum Next {
    More,
    /// No header within the search window: stop reading this file (or sheet).
    GiveUp,
}

/// Whether a row looks like a header: enough cells naming ticket fields (by the user's
/// rules or the built-in synonyms).
pub fn is_header(cells: Cells, rules: &[ColumnRule]) -> bool {
    cells.iter().filter(|c| field_with_rules(c, rules).is_some()).count() >= HEADER_MIN_FIELDS
}

impl RowFeeder {
    pub fn new(name: &str, format: &str) -> RowFeeder {
        RowFeeder {
            name: name.to_string(),
            format: format.to_string(),
            open: None,
            row: 0,
            fed: 0,
            fed_bytes: 0,
            seen: 0,
            window_by_rows_fed: false,
        }
    }

    /// A feeder for a workbook's sheet, which gives only its rows holding a value: the
    /// header must come within the first `HEADER_SEARCH_ROWS` of those.
    pub fn for_sheet(name: &str, format: &str) -> RowFeeder {
        RowFeeder { window_by_rows_fed: true, ..RowFeeder::new(name, format) }
    }

    /// How far into the header's search window the last row fed is.
    fn searched(&self) -> u64 {
        if self.window_by_rows_fed {
            self.seen
        } else {
            self.row
        }
    }

    /// Feeds the row numbered `row` (1-based, as a spreadsheet shows it).
    pub fn feed(&mut self, loader: &mut Loader, row: u64, cells: Cells) -> Result<Next, IngestError> {
        self.row = row;
        self.seen += 1;
        reading_place::set_row(row);
        match &self.open {
            // Read again for some rows: stop once they are all caught.
            Some(file) if loader.is_catching() && loader.catch(file, row, cells) => return Ok(Next::GiveUp),
            Some(_) if loader.is_catching() => {}
            Some(file) => {
                loader.add_row(file, row, cells);
                self.fed += 1;
                self.fed_bytes += cells.text_len() as u64;
                if self.fed.is_multiple_of(MEMORY_CHECK_ROWS) || self.fed_bytes >= MEMORY_CHECK_BYTES {
                    self.fed_bytes = 0;
                    loader.check_memory(&self.name, row, MEMORY_CHECK_ROWS as usize)?;
                }
            }
            None if is_header(cells, loader.column_rules()) => {
                let headers = cells.iter().map(|c| c.trim().trim_start_matches('\u{feff}').to_string()).collect();
                self.open = Some(loader.open_file(&self.name, &self.format, headers, row)?);
            }
            None if self.searched() >= HEADER_SEARCH_ROWS => return Ok(Next::GiveUp),
            None => {}
        }
        Ok(Next::More)
    }

    /// Feeds a row its reader could not read as cells (`problem` says why): below the
    /// header it is refused with its reason; above, it is no header.
    pub fn feed_refused(&mut self, loader: &mut Loader, row: u64, cells: Cells, problem: RowProblem) -> Next {
        self.row = row;
        self.seen += 1;
        reading_place::set_row(row);
        match &self.open {
            Some(file) => {
                loader.refuse_row(file, row, cells, problem);
                Next::More
            }
            None if self.searched() >= HEADER_SEARCH_ROWS => Next::GiveUp,
            None => Next::More,
        }
    }

    pub fn has_header(&self) -> bool {
        self.open.is_some()
    }

    /// Ends the file: an error when no header or no data row was found.
    pub fn finish(self, loader: &Loader) -> Result<(), IngestError> {
        match self.open {
            None => Err(IngestError::new(
                &self.name,
                ErrorKind::NoHeader { searched_rows: self.searched().min(HEADER_SEARCH_ROWS) },
            )),
            Some(file) if loader.file_rows(&file) == 0 => Err(IngestError::new(&self.name, ErrorKind::NoRows)),
            Some(_) => Ok(()),
        }
    }
}
