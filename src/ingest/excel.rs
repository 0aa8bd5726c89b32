//! XLSX and legacy XLS workbooks (calamine). The ticket sheet is the first whose top rows
//! hold a header; cells become text as an export's CSV would hold them (dates as
//! `YYYY-MM-DD HH:MM:SS`, whole numbers without `.0`).

use std::io::{Cursor, Read, Seek};

use calamine::{open_workbook_auto_from_rs, DataType, Reader, Sheets};

use super::cells::{Cells, RowBuf};
use super::error::{ErrorKind, IngestError};
use super::rows::{is_header, Next, RowFeeder, HEADER_SEARCH_ROWS};
use super::values::{excel_serial, write_time};
use super::xls_guard;
use super::Loader;

/// Writes a cell's text into the row (no String per cell).
fn write_cell(text: &mut String, cell: &impl DataType) {
    use std::fmt::Write;
    let _ = if let Some(s) = cell.get_string().or(cell.get_datetime_iso()).or(cell.get_duration_iso()) {
        text.write_str(s)
    } else if let Some(i) = cell.get_int() {
        write!(text, "{i}")
    } else if let Some(f) = cell.get_float() {
        if f.fract() == 0.0 && f.abs() < 1e15 {
            write!(text, "{}", f as i64)
        } else {
            write!(text, "{f}")
        }
    } else if let Some(b) = cell.get_bool() {
        text.write_str(if b { "是" } else { "否" })
    } else if let Some(dt) = cell.get_datetime() {
        match excel_serial(dt.as_f64()).filter(|_| !dt.is_duration()) {
            Some(ts) => {
                write_time(text, ts);
                Ok(())
            }
            None => write!(text, "{}", dt.as_f64()),
        }
    } else {
        Ok(()) // empty or an error value
    };
}

/// What to do with each row of a sheet: its 1-based number and cells.
type OnRow<'f> = dyn FnMut(u64, Cells) -> Result<Next, IngestError> + 'f;

/// Hands the rows of `sheet` to `on_row` until it gives up or `limit` rows have gone.
/// XLSX sheets are streamed cell by cell from the zip (a year's sheet is never held
/// whole); XLS and others go through calamine's in-memory range.
fn for_each_row<RS: Read + Seek>(
    name: &str,
    workbook: &mut Sheets<RS>,
    sheet: &str,
    limit: Option<u64>,
    on_row: &mut OnRow,
) -> Result<(), IngestError> {
    let broken = |e: &dyn std::fmt::Display| {
        IngestError::new(name, ErrorKind::Workbook { detail: format!("文件已损坏或不是 Excel 工作簿：{e}") })
    };
    let limit = limit.unwrap_or(u64::MAX);
    let mut row = RowBuf::default();
    if let Sheets::Xlsx(xlsx) = workbook {
        let mut cells = xlsx.worksheet_cells_reader(sheet).map_err(|e| broken(&e))?;
        let dimensions = cells.dimensions();
        let first_column = dimensions.start.1;
        // Rows are as wide as the sheet (as a range would be), so a blank last cell is
        // an empty value, not a missing column.
        let mut width = (dimensions.end.1 + 1).saturating_sub(first_column);
        let mut current: Option<u32> = None;
        let mut emitted = 0u64;
        let mut emit = |number: u32, row: &mut RowBuf, width: u32| -> Result<bool, IngestError> {
            row.pad_to(width as usize);
            emitted += 1;
            Ok(emitted < limit && on_row(u64::from(number) + 1, row.cells())? == Next::More)
        };
        while let Some(cell) = cells.next_cell().map_err(|e| broken(&e))? {
            let ((r, c), value) = (cell.get_position(), cell.get_value());
            if value.is_empty() || c < first_column {
                continue;
            }
            if current != Some(r) {
                if let Some(previous) = current {
                    if !emit(previous, &mut row, width)? {
                        return Ok(());
                    }
                    // Rows with no value between two that have one: blank rows.
                    for blank in previous + 1..r {
                        row.clear();
                        if !emit(blank, &mut row, width)? {
                            return Ok(());
                        }
                    }
                }
                row.clear();
                current = Some(r);
            }
            row.pad_to((c - first_column) as usize);
            row.push_with(|text| write_cell(text, value));
            width = width.max(c - first_column + 1);
        }
        if let Some(last) = current {
            emit(last, &mut row, width)?;
        }
        return Ok(());
    }
    let range = workbook.worksheet_range(sheet).map_err(|e| broken(&e))?;
    let (first_row, _) = range.start().unwrap_or((0, 0));
    for (index, cells) in range.rows().enumerate().take(limit.min(usize::MAX as u64) as usize) {
        row.clear();
        for cell in cells {
            row.push_with(|text| write_cell(text, cell));
        }
        if on_row(u64::from(first_row) + index as u64 + 1, row.cells())? == Next::GiveUp {
            break;
        }
    }
    Ok(())
}

/// Reads the ticket sheet of a workbook held in memory (zip and OLE need random access):
/// the `chosen` one, else the first whose top rows hold a header.
pub fn read_excel(
    name: &str,
    bytes: Vec<u8>,
    chosen: Option<&str>,
    loader: &mut Loader,
    progress: super::csv::Progress,
) -> Result<(), IngestError> {
    let size = bytes.len() as u64;
    if bytes.starts_with(&[0xd0, 0xcf, 0x11, 0xe0]) {
        xls_guard::check(&bytes).map_err(|detail| IngestError::new(name, ErrorKind::Workbook { detail }))?;
    }
    let mut workbook = open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| {
        let detail = e.to_string();
        let hint = if detail.to_lowercase().contains("password") || detail.contains("Encrypt") {
            xls_guard::PASSWORD.to_string()
        } else {
            format!("文件已损坏或不是 Excel 工作簿：{detail}")
        };
        IngestError::new(name, ErrorKind::Workbook { detail: hint })
    })?;
    let sheets = workbook.sheet_names();
    if let Some(chosen) = chosen.filter(|c| !sheets.iter().any(|s| s == c)) {
        let detail = format!("没有名为“{chosen}”的工作表（有：{}）", sheets.join("、"));
        return Err(IngestError::new(name, ErrorKind::Workbook { detail }));
    }
    // Every sheet with a header is offered to the user; the chosen (or first) is read.
    let rules = loader.column_rules().to_vec();
    let mut ticket_sheets = Vec::new();
    for sheet in &sheets {
        let mut has_header = false;
        let mut look = |_: u64, cells: Cells| {
            has_header = is_header(cells, &rules);
            Ok(if has_header { Next::GiveUp } else { Next::More })
        };
        // A sheet that cannot be read is simply not offered (as before: skipped).
        if for_each_row(name, &mut workbook, sheet, Some(HEADER_SEARCH_ROWS), &mut look).is_ok() && has_header {
            ticket_sheets.push(sheet.clone());
        }
    }
    let picked = match chosen {
        Some(c) => Some(c.to_string()),
        None => ticket_sheets.first().cloned(),
    };
    let Some(sheet) = picked else {
        return Err(IngestError::new(name, ErrorKind::NoHeader { searched_rows: HEADER_SEARCH_ROWS }).in_sheets(sheets));
    };
    let label = format!("Excel（工作表“{sheet}”）");
    let mut feeder = RowFeeder::new(name, &label);
    // Progress by rows against the sheet's declared height (the zip gives no byte count).
    let height = match &mut workbook {
        Sheets::Xlsx(xlsx) => {
            xlsx.worksheet_cells_reader(&sheet).map(|r| u64::from(r.dimensions().end.0) + 1).unwrap_or(0)
        }
        _ => 0,
    };
    if height > 0 {
        loader.expect_rows(height);
    }
    let mut rows = 0u64;
    let mut read = |number: u64, cells: Cells| {
        rows += 1;
        if rows.is_multiple_of(8192) {
            progress((size * number.min(height)).checked_div(height).unwrap_or(0), rows);
        }
        feeder.feed(loader, number, cells)
    };
    for_each_row(name, &mut workbook, &sheet, None, &mut read)?;
    progress(size, rows);
    if feeder.has_header() {
        loader.note_sheets(&sheet, ticket_sheets);
    }
    feeder.finish(loader)
}
