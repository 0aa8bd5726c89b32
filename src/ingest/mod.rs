//! From input files to the ticket table: sniff → decode → parse → map columns → normalise
//! values. Readers (CSV today) find the header and hand rows of cells to the `Loader`,
//! which validates, de-duplicates and accounts for every row.

pub mod accounting;
pub mod cells;
pub mod columns;
pub mod csv;
pub mod csv_rows;
pub mod decode;
pub mod error;
pub mod excel;
pub mod gbk;
pub mod line_scan;
pub mod parent_hints;
pub mod push;
pub mod reading_place;
pub mod refill;
pub mod rows;
pub mod seen_ids;
pub mod sniff;
pub mod source;
pub mod values;
pub mod xls_guard;
pub mod xlsx_cells;
pub mod xml_tokens;

use std::hash::Hasher;
use std::io::{BufRead, BufReader, Read};

use serde::Serialize;

use crate::notice::CellProblem;
use crate::settings::Settings;
pub use crate::table::clean;
use crate::table::{Field, TicketTable, NO_TIME};
use accounting::{Accounting, RejectReason, RejectedRow};
use cells::Cells;
use columns::{ColumnMap, MappedColumn};
use error::{ErrorKind, IngestError};
use parent_hints::ParentHints;

/// Reads any supported file into the loader: sniffs what it is from its first bytes and
/// hands it to the CSV reader (streamed) or the Excel reader (held in memory).
pub fn read_file<R: Read>(
    name: &str,
    source: R,
    sheet: Option<&str>,
    loader: &mut Loader,
    progress: csv::Progress,
) -> Result<(), IngestError> {
    reading_place::set_file(name);
    let mut buffered = BufReader::with_capacity(sniff::HEAD, source);
    let head = buffered.fill_buf().map_err(|e| IngestError::new(name, ErrorKind::Read { detail: e.to_string() }))?;
    if head.is_empty() {
        return Err(IngestError::new(name, ErrorKind::Empty));
    }
    match sniff::reader_for(name, head)? {
        sniff::Reader::Text(encoding) => csv::read_csv(name, buffered, encoding, loader, progress),
        sniff::Reader::Workbook => {
            let mut bytes = Vec::new();
            buffered
                .read_to_end(&mut bytes)
                .map_err(|e| IngestError::new(name, ErrorKind::Read { detail: e.to_string() }))?;
            excel::read_excel(name, bytes, sheet, loader, progress)
        }
    }
}

/// A rejected row keeps its cells up to its last that holds text, at most this many past
/// the header's width (a damaged workbook's row may reach column 16,384).
const KEPT_CELLS_BEYOND_HEADER: usize = 16;
/// And each cell at most as long as Excel allows, so the download opens in Excel.
const KEPT_CELL_CHARS: usize = 32_767;

/// A rejected row's cells as the download keeps them (see the two limits above).
fn kept_cells(cells: Cells, widest: usize) -> Vec<String> {
    let filled = (0..cells.len()).rev().find(|&at| cells.get(at).is_some_and(|c| !c.is_empty())).map_or(0, |at| at + 1);
    cells
        .iter()
        .take(filled.min(widest))
        .map(|cell| match cell.char_indices().nth(KEPT_CELL_CHARS) {
            Some((cut, _)) => format!("{}…", &cell[..cut]),
            None => cell.to_string(),
        })
        .collect()
}

/// What the page shows about one loaded file.
#[derive(Debug, Clone, Serialize)]
pub struct FileSummary {
    pub name: String,
    pub format: String,
    /// 1-based row of the header (rows above it are titles).
    pub header_row: u64,
    pub columns: Vec<MappedColumn>,
    pub rows: u64,
    /// Optional cells that could not be read (a bad deadline, say), per column.
    pub warnings: Vec<CellWarning>,
    /// For a workbook: the sheet read, and every sheet holding a header (to choose from).
    pub sheet: Option<String>,
    pub ticket_sheets: Vec<String>,
    /// An earlier file of this analysis holding exactly the same rows, when neither has an
    /// id column (rows are then de-duplicated by id only, so both were counted).
    pub same_rows_as: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CellWarning {
    pub column: String,
    pub problem: CellProblem,
    pub count: u64,
    pub first_row: u64,
    pub example: String,
}

/// A file whose header has been read; rows are added through `Loader::add_row`.
pub struct OpenFile {
    index: usize,
    map: ColumnMap,
    /// The column of each field (indexed by `Field as usize`), looked up once per file.
    columns: [Option<usize>; Field::ALL.len()],
}

/// Collects rows from any number of files into one ticket table.
pub struct Loader {
    /// A copy, so a loader can outlive the caller's settings (the page's session).
    settings: Settings,
    table: TicketTable,
    seen_ids: seen_ids::SeenIds,
    accounting: Accounting,
    files: Vec<FileSummary>,
    /// One per time column (intake, deadline, closed): each remembers its own last date.
    times: [values::TimeReader; 3],
    replied: values::YesNoReader,
    /// Category levels above the lowest, by its code; district by town; kind by unit.
    category_hints: ParentHints<2>,
    region_hints: ParentHints<1>,
    unit_kind_hints: ParentHints<1>,
    /// How large the file being read is, and how many rows it should hold.
    expected: Expected,
    /// Bytes the table may take (see `check_memory`).
    memory_budget: usize,
    /// Per file, a hash of all its rows' cells when it has no id column (to tell when the
    /// same rows were loaded twice).
    fingerprints: Vec<Option<rustc_hash::FxHasher>>,
    /// Per file, how to read its rows again.
    sources: Vec<source::SourceFile>,
    /// When reading a file again for some of its rows (`Loader::catching`): those rows.
    catch: Option<source::Catch>,
}

/// In wasm the core has 4 GiB of memory in all: the table may take this much (growth
/// included), the rest is left to reading and the report. Natively the machine's memory
/// is the limit.
pub const MEMORY_BUDGET: usize = if cfg!(target_pointer_width = "32") { 7 << 29 } else { usize::MAX };

/// What is known ahead of a file's rows, so the table's room is made once: the columns
/// then grow a single time instead of doubling as they fill (each doubling copies the
/// column and for a moment holds it twice, which is most of a small file's peak memory).
struct Expected {
    /// The file's size in bytes, when its reader knows it.
    bytes: Option<u64>,
    /// Rows the file should hold, once estimated.
    rows: usize,
    /// The table's length and text bytes (ids, contents) when the file's rows began.
    start: (usize, usize, usize),
    /// The table length at which enough rows are in to measure their texts' length.
    reserve_at: usize,
}

impl Default for Expected {
    /// Nothing known yet: no room is made.
    fn default() -> Self {
        Expected { bytes: None, rows: 0, start: (0, 0, 0), reserve_at: usize::MAX }
    }
}

/// Rows read before the table's room is made from their average lengths.
const SAMPLE_ROWS: usize = 1024;
/// No room is made for more rows than this at once (an estimate gone wrong must not
/// claim the whole of wasm's 4 GiB).
const MAX_RESERVED_ROWS: usize = 32_000_000;

/// The result of loading: the table, where each row went, and what each file held.
pub struct Loaded {
    pub table: TicketTable,
    pub accounting: Accounting,
    pub files: Vec<FileSummary>,
    /// Per file, how to read a row of it again (`TicketTable::origin` names file and row).
    pub sources: Vec<source::SourceFile>,
}

impl Loader {
    pub fn new(settings: &Settings) -> Loader {
        Loader {
            settings: settings.clone(),
            table: TicketTable::default(),
            seen_ids: seen_ids::SeenIds::default(),
            accounting: Accounting::default(),
            files: Vec::new(),
            times: Default::default(),
            replied: Default::default(),
            category_hints: Default::default(),
            region_hints: Default::default(),
            unit_kind_hints: Default::default(),
            expected: Expected::default(),
            memory_budget: MEMORY_BUDGET,
            fingerprints: Vec::new(),
            sources: Vec::new(),
            catch: None,
        }
    }

    /// A loader that reads a file again only to keep its rows numbered `rows` (1-based),
    /// as cells: nothing is counted or checked (`into_caught` gives them).
    pub fn catching(settings: &Settings, rows: Vec<u64>) -> Loader {
        Loader { catch: Some(source::Catch::new(rows)), ..Loader::new(settings) }
    }

    pub fn is_catching(&self) -> bool {
        self.catch.is_some()
    }

    /// Whether a catching loader has seen every row it wants (the rest of the file can go
    /// unread).
    pub fn has_caught_all(&self) -> bool {
        self.catch.as_ref().is_some_and(|catch| catch.is_complete())
    }

    /// Offers a data row to the catch; true once every row wanted is caught.
    pub fn catch(&mut self, file: &OpenFile, row: u64, cells: Cells) -> bool {
        self.files[file.index].rows += 1;
        self.catch.as_mut().is_none_or(|catch| catch.offer(row, cells))
    }

    /// The rows caught, in the file's order, with the header of the file they came from.
    pub fn into_caught(self) -> (Vec<String>, source::RowsRead) {
        let headers = self.sources.into_iter().next().map(|s| s.headers).unwrap_or_default();
        (headers, self.catch.map(|c| c.caught).unwrap_or_default())
    }

    /// A loader whose table may take only `bytes` (for tests of a file too large).
    pub fn with_memory_budget(self, bytes: usize) -> Loader {
        Loader { memory_budget: bytes, ..self }
    }

    /// An error when the table, given `rows_ahead` more rows, would outgrow its budget,
    /// so a file too large for the page stops with a message saying so, at the row
    /// reached, rather than with the page's memory running out.
    pub fn check_memory(&self, name: &str, row: u64, rows_ahead: usize) -> Result<(), IngestError> {
        let (held, growth, copied) = self.table.memory(rows_ahead);
        if held.saturating_add(growth).saturating_add(copied) <= self.memory_budget {
            return Ok(());
        }
        Err(IngestError::new(name, ErrorKind::TooLarge { held_bytes: held as u64 }).at_row(row))
    }

    /// The size of the file about to be read, when known (for `expect_lines`).
    pub fn expect_file_bytes(&mut self, bytes: Option<u64>) {
        self.expected = Expected { bytes, ..Expected::default() };
    }

    /// The size of the file being read, when its reader said.
    pub fn file_bytes(&self) -> Option<u64> {
        self.expected.bytes
    }

    /// The first `sample_bytes` of the file (as in the file, before any transcoding) hold
    /// `lines` lines: the whole file then holds about as many per byte.
    pub fn expect_lines(&mut self, lines: usize, sample_bytes: usize) {
        if let Some(bytes) = self.expected.bytes.filter(|_| sample_bytes > 0) {
            let rows = (lines as f64 * bytes as f64 / sample_bytes as f64).ceil();
            self.expect_rows(rows as u64); // clamped there; `as` saturates
        }
    }

    /// The file about to be read holds about `rows` rows.
    pub fn expect_rows(&mut self, rows: u64) {
        let t = &self.table;
        let rows = rows.min(MAX_RESERVED_ROWS as u64) as usize;
        self.expected.rows = rows;
        self.expected.start = (t.len(), t.id.text_len(), t.content.text_len());
        // Small files are measured whole: their columns never grow far.
        self.expected.reserve_at = if rows > 2 * SAMPLE_ROWS { t.len() + SAMPLE_ROWS } else { usize::MAX };
    }

    /// Makes room for the rest of the file, its texts as long as those of its first rows.
    fn reserve_rest_of_file(&mut self, file: &OpenFile) {
        let e = std::mem::take(&mut self.expected);
        let t = &mut self.table;
        let accepted = t.len() - e.start.0;
        let rest = e.rows.saturating_sub(self.files[file.index].rows as usize);
        // A little over the estimate: spare room is address space only until written.
        let rest = rest + rest / 16;
        let per_row = |bytes: usize| bytes.div_ceil(accepted.max(1));
        let (id_bytes, content_bytes) =
            (per_row(t.id.text_len() - e.start.1), per_row(t.content.text_len() - e.start.2));
        // No more room than the memory budget holds: a file too large for it then stops
        // with a message at the budget (`check_memory`), not for want of its room.
        let (held, ..) = t.memory(0);
        let row_bytes = TicketTable::ROW_BYTES + id_bytes + content_bytes;
        let rest = rest.min(self.memory_budget.saturating_sub(held) / row_bytes);
        t.reserve(rest, id_bytes * rest, content_bytes * rest);
    }

    /// Starts a file whose header row has been found. Fails when a field the report
    /// cannot do without is missing.
    pub fn open_file(
        &mut self,
        name: &str,
        format: &str,
        headers: Vec<String>,
        header_row: u64,
    ) -> Result<OpenFile, IngestError> {
        let map = ColumnMap::from_headers(&headers, &self.settings.column_rules);
        for required in [Field::IntakeTime, Field::TicketType] {
            if map.column(required).is_none() {
                return Err(IngestError::new(name, ErrorKind::MissingField { field: required.label().into() })
                    .at_row(header_row)
                    .with_columns(map.describe()));
            }
        }
        let mut present: Vec<Field> = map.fields.iter().map(|(field, _)| *field).collect();
        if present.iter().any(|f| matches!(f, Field::CategoryPath | Field::CategoryCode)) {
            present.extend([Field::Category1, Field::Category2, Field::Category3]);
        }
        for field in present {
            if !self.table.present.contains(&field) {
                self.table.present.push(field);
            }
        }
        self.files.push(FileSummary {
            name: name.to_string(),
            format: format.to_string(),
            header_row,
            columns: map.describe(),
            rows: 0,
            warnings: Vec::new(),
            sheet: None,
            ticket_sheets: Vec::new(),
            same_rows_as: None,
        });
        self.fingerprints.push(map.column(Field::Id).is_none().then(rustc_hash::FxHasher::default));
        self.sources.push(source::SourceFile {
            name: name.to_string(),
            headers: map.headers.clone(),
            ..Default::default()
        });
        let columns = Field::ALL.map(|field| map.column(field));
        Ok(OpenFile { index: self.files.len() - 1, map, columns })
    }

    /// Adds one data row (`row` is its 1-based number in the file).
    pub fn add_row(&mut self, file: &OpenFile, row: u64, cells: Cells) {
        self.count_row(file, cells);
        let map = &file.map;
        let column = |field: Field| file.columns[field as usize];
        let cell = |field: Field| column(field).and_then(|i| cells.get(i)).map(clean).unwrap_or("");

        let Some(first) = cells.iter().map(clean).find(|c| !c.is_empty()) else {
            self.reject(file, row, "", RejectReason::BlankRow, cells);
            return;
        };
        if first.starts_with("合计") || first.starts_with("总计") {
            self.reject(file, row, "", RejectReason::TotalRow, cells);
            return;
        }
        let time_column = column(Field::IntakeTime).expect("checked in open_file");
        let Some(time_text) = cells.get(time_column) else {
            let reason = RejectReason::TooFewColumns { cells: cells.len(), header_columns: map.headers.len() };
            self.reject(file, row, &map.headers[time_column].clone(), reason, cells);
            return;
        };
        let Some(intake) = self.times[0].read(time_text) else {
            let reason = RejectReason::UnreadableIntakeTime { text: time_text.trim().to_string() };
            self.reject(file, row, &map.headers[time_column].clone(), reason, cells);
            return;
        };
        let id = cell(Field::Id);
        if !id.is_empty() && !self.seen_ids.insert(id) {
            self.accounting.duplicates += 1;
            return;
        }

        let mut levels = [cell(Field::Category1), cell(Field::Category2), cell(Field::Category3)];
        if levels.iter().any(|l| l.is_empty()) {
            // Level columns win; a path or a code fills the levels they leave blank.
            let path = crate::category::split_path(cell(Field::CategoryPath));
            let code = cell(Field::CategoryCode);
            let coded = crate::category::levels_of_code(code).unwrap_or_else(|| {
                if !code.is_empty() {
                    self.warn(file, row, Field::CategoryCode, code);
                }
                Default::default()
            });
            for (level, slot) in levels.iter_mut().enumerate() {
                if slot.is_empty() {
                    *slot = if path[level].is_empty() { coded[level] } else { path[level] };
                }
            }
        }

        let settings = &self.settings;
        let t = &mut self.table;
        t.id.push(id);
        t.origin.push(crate::table::Origin::new(file.index, row));
        t.intake.push(intake);
        t.channel.push(cell(Field::Channel));
        t.platform.push(cell(Field::Platform));
        t.ticket_type.push(cell(Field::TicketType)); // named canonically in `finish`
        let method = cell(Field::HandlingMethod);
        let transfer_category = cell(Field::TransferCategory);
        let transferred = if column(Field::HandlingMethod).is_some() {
            settings.transfer_methods.iter().any(|m| crate::table::same_text(m, method))
        } else {
            !transfer_category.is_empty()
        };
        t.transferred.push(transferred);
        t.transfer_category.push(transfer_category);
        let [top, middle, lowest] = &mut t.category;
        lowest.push(levels[2]);
        let code = lowest.last_code();
        let [top_hint, middle_hint] = self.category_hints.get(code);
        let parents = [top.push_hinted(levels[0], top_hint), middle.push_hinted(levels[1], middle_hint)];
        self.category_hints.set(code, parents);
        t.town.push(cell(Field::Town));
        // Named canonically in `finish`.
        self.region_hints.push(t.town.last_code(), &mut t.region, cell(Field::Region));
        t.unit.push(cell(Field::Unit));
        self.unit_kind_hints.push(t.unit.last_code(), &mut t.unit_kind, cell(Field::UnitKind));
        t.status.push(cell(Field::Status));
        t.satisfaction.push(cell(Field::Satisfaction));
        t.content.push(cell(Field::Content));
        t.leader.push(cell(Field::DutyLeader));
        t.leader_unit.push(cell(Field::DutyLeaderUnit));
        t.caller.push(cell(Field::Caller));
        t.address.push(cell(Field::Address));
        t.title.push(cell(Field::Title));
        t.reply.push(cell(Field::Reply));
        let replied = cell(Field::Replied);
        t.replied.push(self.replied.read(settings, replied));
        let deadline = self.optional_time(file, row, Field::Deadline, cell(Field::Deadline));
        let closed = self.optional_time(file, row, Field::ClosedTime, cell(Field::ClosedTime));
        self.table.deadline.push(deadline);
        self.table.closed.push(closed);
        for (at, field) in crate::table::MARKERS.into_iter().enumerate() {
            let text = cell(field);
            let count = values::count(&self.settings, text).unwrap_or_else(|| {
                self.warn(file, row, field, text);
                0
            });
            self.table.markers[at].push(count);
        }
        if self.table.len() == self.expected.reserve_at {
            self.reserve_rest_of_file(file);
        }
    }

    /// Counts a data row read, and adds it to the file's fingerprint when the file has no
    /// ids to find duplicates by.
    fn count_row(&mut self, file: &OpenFile, cells: Cells) {
        self.accounting.input_rows += 1;
        self.files[file.index].rows += 1;
        if let Some(fingerprint) = &mut self.fingerprints[file.index] {
            for cell in cells.iter() {
                fingerprint.write(cell.as_bytes());
                fingerprint.write_u8(0xff); // cells end here: "ab","c" is not "a","bc"
            }
        }
    }

    /// A row its reader refused (an unclosed quote, a NUL byte), with the reason.
    pub fn refuse_row(&mut self, file: &OpenFile, row: u64, cells: Cells, problem: csv_rows::RowProblem) {
        self.count_row(file, cells);
        let column_name = |at: usize| file.map.headers.get(at).cloned().unwrap_or_else(|| format!("第{}列", at + 1));
        let (column, reason) = match problem {
            csv_rows::RowProblem::UnclosedQuote { column } => (column_name(column), RejectReason::UnclosedQuote),
            csv_rows::RowProblem::Nul { column } => (column_name(column), RejectReason::NulByte),
        };
        self.reject(file, row, &column, reason, cells);
    }

    fn optional_time(&mut self, file: &OpenFile, row: u64, field: Field, text: &str) -> i64 {
        if text.is_empty() {
            return NO_TIME;
        }
        let reader = &mut self.times[if field == Field::Deadline { 1 } else { 2 }];
        match reader.read(text) {
            Some(ts) => ts,
            None => {
                self.warn(file, row, field, text);
                NO_TIME
            }
        }
    }

    /// Counts an optional cell that could not be read, per column, keeping the first.
    fn warn(&mut self, file: &OpenFile, row: u64, field: Field, text: &str) {
        let column = file.map.column(field).map(|i| file.map.headers[i].clone()).unwrap_or_default();
        let warnings = &mut self.files[file.index].warnings;
        match warnings.iter_mut().find(|w| w.column == column) {
            Some(w) => w.count += 1,
            None => {
                let problem = match field {
                    Field::CategoryCode => CellProblem::NotACategoryCode,
                    Field::Returns | Field::Redispatches | Field::Extensions | Field::Urges => CellProblem::NotACount,
                    _ => CellProblem::NotATime,
                };
                warnings.push(CellWarning { column, problem, count: 1, first_row: row, example: text.to_string() })
            }
        }
    }

    fn reject(&mut self, file: &OpenFile, row: u64, column: &str, reason: RejectReason, cells: Cells) {
        let name = &self.files[file.index].name;
        let widest = file.map.headers.len() + KEPT_CELLS_BEYOND_HEADER;
        self.accounting.reject_with(|| RejectedRow {
            file: name.clone(),
            row,
            column: column.to_string(),
            reason,
            cells: kept_cells(cells, widest),
        });
    }

    /// Marks each file without ids whose rows are exactly an earlier such file's.
    fn note_files_read_twice(&mut self) {
        let prints: Vec<Option<(u64, u64)>> = (self.fingerprints.iter().zip(&self.files))
            .map(|(print, file)| print.as_ref().filter(|_| file.rows > 0).map(|p| (p.finish(), file.rows)))
            .collect();
        for later in 0..self.files.len() {
            let Some(print) = prints[later] else { continue };
            if let Some(earlier) = (0..later).find(|&i| prints[i] == Some(print)) {
                self.files[later].same_rows_as = Some(self.files[earlier].name.clone());
            }
        }
    }

    pub fn column_rules(&self) -> &[crate::settings::ColumnRule] {
        &self.settings.column_rules
    }

    /// Records which sheet of a workbook the last opened file came from, and the others.
    pub fn note_sheets(&mut self, sheet: &str, ticket_sheets: Vec<String>) {
        if let Some(file) = self.files.last_mut() {
            file.sheet = Some(sheet.to_string());
            file.ticket_sheets = ticket_sheets;
        }
        if let Some(source) = self.sources.last_mut() {
            source.sheet = Some(sheet.to_string());
        }
    }

    /// Records where the rows of the last opened file begin (UTF-8 text only).
    pub fn note_seek(&mut self, seek: source::Seek) {
        if let Some(source) = self.sources.last_mut() {
            source.seek = seek;
        }
    }

    pub fn file_rows(&self, file: &OpenFile) -> u64 {
        self.files[file.index].rows
    }

    pub fn finish(mut self) -> Loaded {
        reading_place::clear();
        self.note_files_read_twice();
        // Types and regions are read as written and named canonically here, once per
        // distinct value (a lookup per row was a tenth of the loader's time).
        let settings = &self.settings;
        self.table.ticket_type.map_values(|raw| settings.canonical_type(raw).to_string());
        self.table.region.map_values(|raw| settings.canonical_region(raw).to_string());
        Loaded { table: self.table, accounting: self.accounting, files: self.files, sources: self.sources }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_file_too_large_for_the_memory_stops_with_a_message_at_its_row() {
        let mut text = String::from("工单编号,受理时间,诉求类型,诉求内容\n");
        for i in 0..70_000 {
            text.push_str(&format!("{i},2021-01-{:02} 10:00:00,咨询,第{i}件诉求的内容\n", i % 28 + 1));
        }
        let settings = Settings::default();
        let read = |budget: usize| {
            let mut loader = Loader::new(&settings).with_memory_budget(budget);
            read_file("全省五年.csv", text.as_bytes(), None, &mut loader, &mut |_, _| {})
                .map(|_| loader.finish().table.len())
        };
        let error = read(1 << 20).expect_err("over the budget");
        // Checked every 65,536 data rows: the header is row 1.
        assert_eq!(error.row, Some(65_537));
        assert!(matches!(error.kind, ErrorKind::TooLarge { held_bytes } if held_bytes > 1 << 19));
        let message = error.message();
        assert!(message.starts_with("文件「全省五年.csv」第65537行：文件太大"), "{message}");
        assert!(message.contains("按时间拆成几个较小的文件"), "{message}");
        assert_eq!(read(64 << 20), Ok(70_000), "within the budget");
        assert_eq!(read(MEMORY_BUDGET), Ok(70_000));

        // A file said to be a terabyte: its room is made only as far as the budget goes.
        let mut loader = Loader::new(&settings).with_memory_budget(64 << 20);
        loader.expect_file_bytes(Some(1 << 40));
        read_file("全省五年.csv", text.as_bytes(), None, &mut loader, &mut |_, _| {}).unwrap();
        let (held, ..) = loader.finish().table.memory(0);
        assert!((32 << 20..=64 << 20).contains(&held), "room for {held} bytes");
    }

    #[test]
    fn rows_are_accepted_rejected_or_duplicates_and_add_up() {
        let settings = Settings::default();
        let mut loader = Loader::new(&settings);
        let file =
            loader.open_file("a.csv", "CSV", headers(&["工单编号", "受理时间", "诉求类型", "办理方式"]), 1).unwrap();
        loader.add_row(&file, 2, cells::RowBuf::of(&["1", "2021-01-05 10:00:00", "咨询类", "直接答复"]).cells());
        loader.add_row(&file, 3, cells::RowBuf::of(&["1", "2021-01-05 10:00:00", "咨询", "直接答复"]).cells());
        loader.add_row(&file, 4, cells::RowBuf::of(&["2", "明天", "投诉", "转办"]).cells());
        loader.add_row(&file, 5, cells::RowBuf::of(&["", "", "", ""]).cells());
        loader.add_row(&file, 6, cells::RowBuf::of(&["合计", "", "", ""]).cells());
        loader.add_row(&file, 7, cells::RowBuf::of(&["3"]).cells());
        loader.add_row(&file, 8, cells::RowBuf::of(&["4", "2021/1/6 9:00", "投诉", "转办"]).cells());
        // A cell over lines that look like rows is a cell: unclosed quotes are the CSV
        // reader's to find, and a workbook's cell has none.
        loader.add_row(
            &file,
            9,
            cells::RowBuf::of(&["5", "2021/1/6 9:00", "投诉\n6,2021/1/6,咨询\n7,2021/1/7,咨询"]).cells(),
        );
        let loaded = loader.finish();
        let a = &loaded.accounting;
        assert_eq!((a.input_rows, a.rejected, a.duplicates, loaded.table.len()), (8, 4, 1, 3));
        let reasons: Vec<&RejectReason> = a.rejected_rows.iter().map(|r| &r.reason).collect();
        assert_eq!(
            reasons,
            [
                &RejectReason::UnreadableIntakeTime { text: "明天".into() },
                &RejectReason::BlankRow,
                &RejectReason::TotalRow,
                &RejectReason::TooFewColumns { cells: 1, header_columns: 4 },
            ]
        );
        assert_eq!(reasons[0].text(), "受理时间无法识别：“明天”");
        assert_eq!(reasons[3].text(), "本行只有1列（表头有4列），缺少“受理时间”");
        assert_eq!(a.rejected_rows[0].row, 4);
        assert_eq!(a.rejected_rows[0].column, "受理时间");
        assert_eq!(loaded.table.ticket_type.get(0), "咨询");
        assert_eq!(loaded.table.transferred, vec![false, true, false]);
    }

    #[test]
    fn a_rejected_row_keeps_its_cells_to_its_last_filled_one_within_bounds() {
        let settings = Settings::default();
        let mut loader = Loader::new(&settings);
        let file = loader.open_file("w.xlsx", "Excel", headers(&["工单编号", "受理时间", "诉求类型"]), 1).unwrap();
        let mut wide = vec![""; 16_384];
        wide[0] = "1";
        wide[1] = "明天";
        wide[16_383] = "远";
        loader.add_row(&file, 2, cells::RowBuf::of(&wide).cells());
        let long = "长".repeat(40_000);
        loader.add_row(&file, 3, cells::RowBuf::of(&["2", "后天", "投诉", &long, "", ""]).cells());
        let a = loader.finish().accounting;
        assert_eq!(a.rejected, 2);
        assert_eq!(a.rejected_rows[0].cells.len(), 3 + KEPT_CELLS_BEYOND_HEADER);
        assert_eq!(a.rejected_rows[0].cells[..2], ["1", "明天"]);
        assert_eq!(a.rejected_rows[1].cells.len(), 4, "trailing blank cells are dropped");
        assert_eq!(a.rejected_rows[1].cells[3].chars().count(), KEPT_CELL_CHARS + 1);
        assert!(a.rejected_rows[1].cells[3].ends_with('…'));
    }

    #[test]
    fn a_file_without_intake_time_is_refused_with_its_header_row() {
        let settings = Settings::default();
        let mut loader = Loader::new(&settings);
        let error = loader.open_file("b.csv", "CSV", headers(&["工单编号", "诉求类型", "诉求渠道"]), 2).err().unwrap();
        assert_eq!(error.kind, ErrorKind::MissingField { field: "受理时间".into() });
        assert_eq!(error.row, Some(2));
    }

    #[test]
    fn unreadable_optional_dates_become_warnings_not_rejections() {
        let settings = Settings::default();
        let mut loader = Loader::new(&settings);
        let file = loader.open_file("c.csv", "CSV", headers(&["受理时间", "诉求类型", "办结期限"]), 1).unwrap();
        loader.add_row(&file, 2, cells::RowBuf::of(&["2021-01-05", "投诉", "下周"]).cells());
        loader.add_row(&file, 3, cells::RowBuf::of(&["2021-01-05", "投诉", "2021-02-30"]).cells());
        let loaded = loader.finish();
        assert_eq!(loaded.table.len(), 2);
        assert_eq!(
            loaded.files[0].warnings,
            vec![CellWarning {
                column: "办结期限".into(),
                problem: CellProblem::NotATime,
                count: 2,
                first_row: 2,
                example: "下周".into()
            }]
        );
    }
}
