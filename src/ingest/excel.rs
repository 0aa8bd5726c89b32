//! XLSX and legacy XLS workbooks (calamine). The ticket sheet is the first whose top rows
//! hold a header; cells become text as an export's CSV would hold them (dates as
//! `YYYY-MM-DD HH:MM:SS`, whole numbers without `.0`).

use std::io::Cursor;

use calamine::{open_workbook_auto_from_rs, Data, Reader};

use super::error::{ErrorKind, IngestError};
use super::rows::{is_header, Next, RowFeeder, HEADER_SEARCH_ROWS};
use super::values::excel_serial;
use super::xls_guard;
use super::Loader;
use crate::period::datetime;

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => if *b { "是" } else { "否" }.to_string(),
        Data::DateTime(dt) if dt.is_duration() => dt.as_f64().to_string(),
        Data::DateTime(dt) => excel_serial(dt.as_f64())
            .map(|ts| datetime(ts).format("%Y-%m-%d %H:%M:%S").to_string())
            .unwrap_or_else(|| dt.as_f64().to_string()),
    }
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
    let mut ticket_sheets = Vec::new();
    let mut picked = None;
    for sheet in &sheets {
        let Ok(range) = workbook.worksheet_range(sheet) else { continue };
        let has_header = range.rows().take(HEADER_SEARCH_ROWS as usize).any(|row| {
            let cells: Vec<String> = row.iter().map(cell_text).collect();
            is_header(&cells.iter().map(String::as_str).collect::<Vec<_>>(), loader.column_rules())
        });
        if has_header {
            ticket_sheets.push(sheet.clone());
        }
        let wanted = match chosen {
            Some(c) => c == sheet,
            None => has_header && picked.is_none(),
        };
        if wanted {
            picked = Some((sheet.clone(), range));
        }
    }
    let Some((sheet, range)) = picked else {
        return Err(IngestError::new(name, ErrorKind::NoHeader { searched_rows: HEADER_SEARCH_ROWS })
            .in_sheets(chosen.map(|c| vec![c.to_string()]).unwrap_or(sheets)));
    };
    let (first_row, _) = range.start().unwrap_or((0, 0));
    let label = format!("Excel（工作表“{sheet}”）");
    let mut feeder = RowFeeder::new(name, &label);
    let total = range.height() as u64;
    for (index, row) in range.rows().enumerate() {
        let cells: Vec<String> = row.iter().map(cell_text).collect();
        let cells: Vec<&str> = cells.iter().map(String::as_str).collect();
        let number = first_row as u64 + index as u64 + 1;
        if feeder.feed(loader, number, &cells)? == Next::GiveUp {
            break;
        }
        if index % 8192 == 0 {
            progress(size * index as u64 / total.max(1), index as u64);
        }
    }
    progress(size, total);
    if feeder.has_header() {
        loader.note_sheets(&sheet, ticket_sheets);
    }
    feeder.finish(loader)
}
