//! XLSX and legacy XLS workbooks (calamine). The ticket sheet is the first whose top rows
//! hold a header; cells become text as an export's CSV would hold them (dates as
//! `YYYY-MM-DD HH:MM:SS`, whole numbers without `.0`).

use std::cell::Cell;
use std::io::Cursor;

use calamine::{open_workbook_auto_from_rs, DataType, Reader, Sheets};

use super::cells::{Cells, RowBuf};
use super::error::{ErrorKind, IngestError, PartTooLarge};
use super::rows::{is_header, Next, RowFeeder, HEADER_SEARCH_ROWS};
use super::values::{excel_serial, write_time};
use super::xls_guard;
use super::xlsx_cells::{check_parts, Failure, Limits, NumberKind, Value, Workbook};
use super::Loader;

/// Writes a calamine cell's text into the row (no String per cell), as the direct
/// reader's cells are written.
fn write_cell(text: &mut String, cell: &impl DataType) {
    use std::fmt::Write;
    let value = if let Some(s) = cell.get_string().or(cell.get_datetime_iso()).or(cell.get_duration_iso()) {
        Value::Text(s)
    } else if let Some(i) = cell.get_int() {
        let _ = write!(text, "{i}"); // exactly, beyond a float's 53 bits
        return;
    } else if let Some(f) = cell.get_float() {
        Value::Number(f, NumberKind::Plain)
    } else if let Some(b) = cell.get_bool() {
        Value::Bool(b)
    } else if let Some(dt) = cell.get_datetime() {
        Value::Number(dt.as_f64(), if dt.is_duration() { NumberKind::Duration } else { NumberKind::Date })
    } else {
        Value::Error // empty or an error value: no text
    };
    write_value(text, &value);
}

/// Writes a cell's value as an export's CSV would hold it: dates as
/// `YYYY-MM-DD HH:MM:SS`, whole numbers without `.0`, booleans as 是/否.
fn write_value(text: &mut String, value: &Value) {
    use std::fmt::Write;
    let _ = match *value {
        Value::Text(s) => text.write_str(s),
        Value::Number(f, NumberKind::Plain) if f.fract() == 0.0 && f.abs() < 1e15 => write!(text, "{}", f as i64),
        Value::Number(f, NumberKind::Date) => match excel_serial(f) {
            Some(ts) => {
                write_time(text, ts);
                Ok(())
            }
            None => write!(text, "{f}"),
        },
        Value::Number(f, _) => write!(text, "{f}"),
        Value::Bool(b) => text.write_str(if b { "是" } else { "否" }),
        Value::Error => Ok(()),
    };
}

/// What to do with each row of a sheet: its 1-based number and cells.
type OnRow<'f> = dyn FnMut(u64, Cells) -> Result<Next, IngestError> + 'f;

/// An open workbook: XLSX read directly, or by calamine (XLS, and any XLSX the direct
/// reader cannot open).
enum Book<'b> {
    Direct(Workbook<'b>),
    Calamine(Sheets<Cursor<&'b [u8]>>),
}

impl Book<'_> {
    fn sheet_names(&self) -> Vec<String> {
        match self {
            Book::Direct(book) => book.sheet_names(),
            Book::Calamine(book) => book.sheet_names(),
        }
    }

    /// The sheet's height by its declared range (0 when unknown): a hint only, for
    /// progress and the table's room, so no more than `cap`.
    fn height(&mut self, sheet: &str, cap: u64) -> u64 {
        let declared = match self {
            Book::Direct(book) => book.cells(sheet).map(|c| u64::from(c.dimensions().1 .0) + 1).unwrap_or(0),
            Book::Calamine(Sheets::Xlsx(xlsx)) => {
                xlsx.worksheet_cells_reader(sheet).map(|r| u64::from(r.dimensions().end.0) + 1).unwrap_or(0)
            }
            Book::Calamine(_) => 0,
        };
        declared.min(cap)
    }
}

/// Why a workbook cannot be read, as the page says it.
fn refusal(name: &str, failure: Failure) -> IngestError {
    match failure {
        Failure::Unreadable(detail) | Failure::Damaged(detail) => IngestError::new(name, ErrorKind::Damaged { detail }),
        Failure::Unopenable(detail) => {
            IngestError::new(name, ErrorKind::Workbook { detail: format!("文件已损坏或不是 Excel 工作簿（{detail}）") })
        }
        Failure::NotWorkbook(what) => IngestError::new(name, ErrorKind::NotAnExport { what: what.to_string() }),
        Failure::TooLarge { part, limit_bytes, compressed_bytes } => {
            let too_large = PartTooLarge { part, limit_bytes, compressed_bytes };
            IngestError::new(name, ErrorKind::WorkbookTooLarge(Box::new(too_large)))
        }
        Failure::CellTooLong { row, max_chars } => {
            let error = IngestError::new(name, ErrorKind::CellTooLong { max_chars: max_chars as u64 });
            match row {
                Some(row) => error.at_row(row),
                None => error,
            }
        }
    }
}

/// A calamine error (English, so not shown) as what it means: a password, or damage.
fn calamine_refusal(name: &str, error: &dyn std::fmt::Display, sheet: Option<&str>) -> IngestError {
    let text = error.to_string();
    if text.to_lowercase().contains("password") || text.contains("Encrypt") {
        return IngestError::new(name, ErrorKind::Workbook { detail: xls_guard::PASSWORD.to_string() });
    }
    match sheet {
        Some(sheet) => IngestError::new(name, ErrorKind::Damaged { detail: format!("工作表“{sheet}”的数据无法读取") }),
        None => IngestError::new(name, ErrorKind::Workbook { detail: "文件已损坏或不是 Excel 工作簿".into() }),
    }
}

/// Hands the rows of `sheet` that hold a value to `on_row` until it gives up or `limit`
/// rows have gone. Once `pad` is set, each row is padded to that many cells. XLSX sheets
/// are streamed cell by cell from the zip (a year's sheet is never held whole); XLS and
/// others go through calamine's in-memory range.
fn for_each_row(
    name: &str,
    book: &mut Book,
    sheet: &str,
    limit: Option<u64>,
    pad: &Cell<usize>,
    on_row: &mut OnRow,
) -> Result<(), IngestError> {
    let broken = |e: &dyn std::fmt::Display| calamine_refusal(name, e, Some(sheet));
    let limit = limit.unwrap_or(u64::MAX);
    match book {
        Book::Direct(book) => {
            let mut cells = book.cells(sheet).map_err(|f| refusal(name, f))?;
            let ((_, first_column), _) = cells.dimensions();
            let mut next = |text: &mut String| match cells.next_cell().map_err(|f| refusal(name, f))? {
                None => Ok(None),
                Some((row, column, value)) => {
                    write_value(text, &value);
                    Ok(Some((row, column)))
                }
            };
            rows_of_cells(first_column, limit, pad, &mut next, on_row)
        }
        Book::Calamine(Sheets::Xlsx(xlsx)) => {
            let mut cells = xlsx.worksheet_cells_reader(sheet).map_err(|e| broken(&e))?;
            let first_column = cells.dimensions().start.1;
            let mut next = |text: &mut String| loop {
                match cells.next_cell().map_err(|e| broken(&e))? {
                    None => return Ok(None),
                    Some(cell) if cell.get_value().is_empty() => continue,
                    Some(cell) => {
                        write_cell(text, cell.get_value());
                        return Ok(Some(cell.get_position()));
                    }
                }
            };
            rows_of_cells(first_column, limit, pad, &mut next, on_row)
        }
        Book::Calamine(book) => {
            let range = book.worksheet_range(sheet).map_err(|e| broken(&e))?;
            let (first_row, _) = range.start().unwrap_or((0, 0));
            let mut row = RowBuf::default();
            let mut emitted = 0;
            for (index, cells) in range.rows().enumerate() {
                // A row without a value is no row, as in a sheet read from XML.
                if cells.iter().all(|cell| cell.is_empty()) {
                    continue;
                }
                row.clear();
                for cell in cells {
                    row.push_with(|text| write_cell(text, cell));
                }
                emitted += 1;
                if on_row(u64::from(first_row) + index as u64 + 1, row.cells())? == Next::GiveUp || emitted >= limit {
                    break;
                }
            }
            Ok(())
        }
    }
}

/// Writes the next cell holding a value into the text and gives its (row, column).
type NextCell<'f> = dyn FnMut(&mut String) -> Result<Option<(u32, u32)>, IngestError> + 'f;

/// Rows from a sheet's cells in order: only rows holding a value, numbered as the sheet
/// numbers them (the row numbers a sheet skips cost nothing), each as wide as its last
/// value or `pad`, whichever is more (so a blank last cell is an empty value, not a
/// missing column); cells left of the declared range are dropped, unless the first cell
/// shows the range a lie. Widths come from the cells, never from the range the sheet
/// declares.
fn rows_of_cells(
    mut first_column: u32,
    limit: u64,
    pad: &Cell<usize>,
    next: &mut NextCell,
    on_row: &mut OnRow,
) -> Result<(), IngestError> {
    let mut row = RowBuf::default();
    let mut current: Option<u32> = None;
    let mut emitted = 0u64;
    let mut text = String::new();
    let mut first_cell = true;
    loop {
        text.clear();
        let cell = next(&mut text)?;
        if let Some((_, c)) = cell.filter(|_| first_cell) {
            first_column = first_column.min(c);
            first_cell = false;
        }
        // A row ends where the next row's first cell, or the sheet, begins.
        if let Some(number) = current.filter(|&r| cell.is_none_or(|(next_row, _)| next_row != r)) {
            row.pad_to(pad.get());
            emitted += 1;
            if on_row(u64::from(number) + 1, row.cells())? == Next::GiveUp || emitted >= limit {
                return Ok(());
            }
            row.clear();
            current = None;
        }
        let Some((r, c)) = cell else { return Ok(()) };
        if c < first_column {
            continue;
        }
        current = Some(r);
        row.pad_to((c - first_column) as usize);
        row.push(&text);
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
    read_excel_within(name, bytes, chosen, loader, progress, Limits::default())
}

/// `read_excel` within the given limits on what reading may cost (tests set small ones).
pub fn read_excel_within(
    name: &str,
    bytes: Vec<u8>,
    chosen: Option<&str>,
    loader: &mut Loader,
    progress: super::csv::Progress,
    limits: Limits,
) -> Result<(), IngestError> {
    let size = bytes.len() as u64;
    // XLSX is read directly; XLS, and zips the direct reader cannot follow (XLSB, ODS,
    // parts at other paths), by calamine.
    if bytes.starts_with(&[0xd0, 0xcf, 0x11, 0xe0]) {
        xls_guard::check(&bytes).map_err(|detail| IngestError::new(name, ErrorKind::Workbook { detail }))?;
    }
    let mut unreadable = None;
    let direct = if bytes.starts_with(b"PK") {
        match Workbook::open(&bytes, limits) {
            Ok(book) => Some(book),
            // calamine inflates parts without limits: they are inflated here first.
            Err(Failure::Unreadable(detail)) => {
                check_parts(&bytes, limits).map_err(|f| refusal(name, f))?;
                unreadable = Some(detail);
                None
            }
            Err(failure) => return Err(refusal(name, failure)),
        }
    } else {
        None
    };
    let mut workbook = match direct {
        Some(book) => Book::Direct(book),
        None => match open_workbook_auto_from_rs(Cursor::new(&bytes[..])) {
            Ok(book) => Book::Calamine(book),
            // The direct reader's reason, when it had one, is the more precise.
            Err(e) => {
                return Err(match unreadable {
                    Some(detail) => IngestError::new(name, ErrorKind::Damaged { detail }),
                    None => calamine_refusal(name, &e, None),
                })
            }
        },
    };
    let sheets = workbook.sheet_names();
    if let Some(chosen) = chosen.filter(|c| !sheets.iter().any(|s| s == c)) {
        let detail = format!("没有名为“{chosen}”的工作表（有：{}）", sheets.join("、"));
        return Err(IngestError::new(name, ErrorKind::Workbook { detail }));
    }
    // Every sheet with a header is offered to the user; the chosen (or first) is read.
    let rules = loader.column_rules().to_vec();
    let mut ticket_sheets = Vec::new();
    let mut unreadable = None;
    for sheet in &sheets {
        let mut has_header = false;
        let mut look = |_: u64, cells: Cells| {
            has_header = is_header(cells, &rules);
            Ok(if has_header { Next::GiveUp } else { Next::More })
        };
        // A sheet that cannot be read is not offered; if none can be, why is the message.
        match for_each_row(name, &mut workbook, sheet, Some(HEADER_SEARCH_ROWS), &Cell::new(0), &mut look) {
            Ok(()) if has_header => ticket_sheets.push(sheet.clone()),
            Ok(()) => {}
            Err(error) => {
                unreadable.get_or_insert(error);
            }
        }
    }
    let picked = match chosen {
        Some(c) => Some(c.to_string()),
        None => ticket_sheets.first().cloned(),
    };
    let Some(sheet) = picked else {
        return Err(match unreadable {
            Some(error) => error,
            None => IngestError::new(name, ErrorKind::NoHeader { searched_rows: HEADER_SEARCH_ROWS }).in_sheets(sheets),
        });
    };
    let label = format!("Excel（工作表“{sheet}”）");
    let mut feeder = RowFeeder::for_sheet(name, &label);
    // Progress by rows against the sheet's declared height (the zip gives no byte count);
    // no sheet holds more rows than its file has bytes, whatever it declares.
    let height = workbook.height(&sheet, size);
    if height > 0 {
        loader.expect_rows(height);
    }
    let mut rows = 0u64;
    // Rows below the header are padded to its width (not to the widest row above it).
    let pad = Cell::new(0);
    let mut read = |number: u64, cells: Cells| {
        rows += 1;
        if rows.is_multiple_of(8192) {
            progress(size.saturating_mul(number.min(height)).checked_div(height).unwrap_or(0), rows);
        }
        let had_header = feeder.has_header();
        let next = feeder.feed(loader, number, cells)?;
        if !had_header && feeder.has_header() {
            pad.set(cells.len());
        }
        Ok(next)
    };
    for_each_row(name, &mut workbook, &sheet, None, &pad, &mut read)?;
    progress(size, rows);
    if feeder.has_header() {
        loader.note_sheets(&sheet, ticket_sheets);
    }
    feeder.finish(loader)
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    type Rows = Vec<(u64, Vec<String>)>;

    /// Every sheet's rows as each reader gives them: (direct, calamine).
    fn both_readers(bytes: &[u8]) -> Vec<(String, Rows, Rows)> {
        let mut direct = Book::Direct(Workbook::open(bytes, Limits::default()).expect("direct reader opens it"));
        let mut calamine = Book::Calamine(open_workbook_auto_from_rs(Cursor::new(bytes)).unwrap());
        assert_eq!(direct.sheet_names(), calamine.sheet_names());
        let rows_of = |book: &mut Book, sheet: &str| {
            let mut rows = Vec::new();
            let mut collect = |number: u64, cells: Cells| {
                rows.push((number, cells.to_strings()));
                Ok(Next::More)
            };
            for_each_row("测试.xlsx", book, sheet, None, &Cell::new(0), &mut collect).unwrap();
            rows
        };
        let sheets = direct.sheet_names();
        sheets.into_iter().map(|s| (s.clone(), rows_of(&mut direct, &s), rows_of(&mut calamine, &s))).collect()
    }

    fn assert_same(bytes: &[u8]) -> Vec<(String, Rows, Rows)> {
        let sheets = both_readers(bytes);
        for (sheet, direct, calamine) in &sheets {
            assert_eq!(direct, calamine, "sheet {sheet}");
        }
        sheets
    }

    #[test]
    fn cells_of_every_kind_read_as_calamine_reads_them() {
        use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook as Writer};
        let mut writer = Writer::new();
        let sheet = writer.add_worksheet().set_name("工单").unwrap();
        let when = ExcelDateTime::parse_from_str("2021-01-05 10:30:00").unwrap();
        let day = ExcelDateTime::parse_from_str("2021-01-06").unwrap();
        sheet.write_string(0, 0, "工单编号").unwrap();
        sheet.write_string(0, 1, "  前后有空格  ").unwrap();
        sheet.write_string(0, 3, "a&b<c>\"d\"\r\n第二行").unwrap();
        sheet.write_string(1, 0, "").unwrap();
        sheet.write_number(1, 1, 42.0).unwrap();
        sheet.write_number(1, 2, 3.25).unwrap();
        sheet.write_number(1, 3, 1e16).unwrap();
        sheet.write_number(1, 4, -7.0).unwrap();
        sheet.write_datetime_with_format(2, 0, &when, &Format::new().set_num_format("yyyy-mm-dd hh:mm:ss")).unwrap();
        sheet.write_datetime_with_format(2, 1, &day, &Format::new().set_num_format_index(14)).unwrap();
        sheet.write_number_with_format(2, 2, 1.5, &Format::new().set_num_format("[h]:mm")).unwrap();
        sheet.write_number_with_format(2, 3, 44197.5, &Format::new().set_num_format("0.00")).unwrap();
        sheet.write_boolean(4, 0, true).unwrap();
        sheet.write_boolean(4, 1, false).unwrap();
        sheet.write_formula(4, 2, Formula::new("=\"市\"&\"级\"").set_result("市级")).unwrap();
        sheet.write_formula(4, 3, Formula::new("=1+1").set_result("2")).unwrap();
        sheet.write_blank(4, 5, &Format::new().set_bold()).unwrap();
        sheet.write_string(6, 2, "_x000D_回车").unwrap();
        writer.add_worksheet().set_name("空表").unwrap();
        let other = writer.add_worksheet().set_name("第三张").unwrap();
        other.write_string(3, 2, "只有一格").unwrap();
        let bytes = writer.save_to_buffer().unwrap();
        let sheets = assert_same(&bytes);
        let (_, rows, _) = &sheets[0];
        assert_eq!(rows[1].1[..5], ["", "42", "3.25", "10000000000000000", "-7"]);
        assert_eq!(rows[2].1[..4], ["2021-01-05 10:30:00", "2021-01-06 00:00:00", "1.5", "44197.5"]);
        assert_eq!(rows[3].1[..4], ["是", "否", "市级", "2"]);
        let numbers: Vec<u64> = rows.iter().map(|(number, _)| *number).collect();
        assert_eq!(numbers, [1, 2, 3, 5, 7], "rows without a value are no rows; numbers are the sheet's");
        assert_eq!(rows[4].1[2], "_x000D_回车", "escapes undone");
    }

    /// A workbook written by hand, with what other writers produce: inline strings,
    /// cells and rows without references, prefixed tags, phonetic runs, error values.
    fn handwritten(sheet_xml: &str, shared: &str) -> Vec<u8> {
        let parts = [
            ("[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/><Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/><Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/></Types>".to_string()),
            ("_rels/.rels", "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>".to_string()),
            ("xl/workbook.xml", "<?xml version=\"1.0\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"明细\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>".to_string()),
            ("xl/_rels/workbook.xml.rels", "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"/xl/worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>".to_string()),
            ("xl/worksheets/sheet1.xml", sheet_xml.to_string()),
            ("xl/sharedStrings.xml", shared.to_string()),
        ];
        zip_of(&parts)
    }

    fn zip_of(parts: &[(&str, String)]) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (path, text) in parts {
            zip.start_file(path, zip::write::SimpleFileOptions::default()).unwrap();
            zip.write_all(text.as_bytes()).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    #[test]
    fn strings_written_plainly_read_as_the_same_strings_written_in_runs() {
        // Written plainly (`<si><t>…`, read in one look at the buffer) and as a rich-text
        // run (`<si><r><t>…`, read as tokens): the same cells, or the same refusal.
        let limits = Limits { cell_chars: 300, ..Limits::default() };
        let texts = [" 前后空格 ", "_x000D_回车", "\n换行\n", &"_x000A_".repeat(200), &"长".repeat(400)];
        let read = |text: &str, in_run: bool, inline: bool| -> Result<Vec<Vec<String>>, String> {
            let string = if in_run { format!("<r><t>{text}</t></r>") } else { format!("<t>{text}</t>") };
            let (cell, shared) = if inline {
                (format!("<c r=\"A1\" t=\"inlineStr\"><is>{string}</is></c>"), "<sst/>".to_string())
            } else {
                ("<c r=\"A1\" t=\"s\"><v>0</v></c>".to_string(), format!("<sst><si>{string}</si></sst>"))
            };
            let sheet = format!("<worksheet><sheetData><row r=\"1\">{cell}</row></sheetData></worksheet>");
            let bytes = handwritten(&sheet, &shared);
            let book = Workbook::open(&bytes, limits).map_err(|f| format!("{f:?}"))?;
            let mut rows = Vec::new();
            let mut collect = |_: u64, cells: Cells| {
                rows.push(cells.to_strings());
                Ok(Next::More)
            };
            for_each_row("串.xlsx", &mut Book::Direct(book), "明细", None, &Cell::new(0), &mut collect)
                .map_err(|e| e.message())?;
            Ok(rows)
        };
        let mut outcomes = (0, 0);
        for text in texts {
            for inline in [false, true] {
                let plain = read(text, false, inline);
                assert_eq!(plain, read(text, true, inline), "{text:?}, inline {inline}");
                if plain.is_ok() {
                    outcomes.0 += 1
                } else {
                    outcomes.1 += 1
                }
            }
        }
        assert_eq!(outcomes, (6, 4), "three read, two too long, each shared and inline");
    }

    #[test]
    fn what_other_writers_produce_reads_as_calamine_reads_it() {
        let shared = "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><si><t>编号</t></si>\
            <si><r><t xml:space=\"preserve\">富 </t></r><r><rPr><b/></rPr><t> 文本 </t></r><rPh><t>ふりがな</t></rPh></si>\
            <si/><si><t>&#x4E2D;&amp;_x0041_</t></si></sst>";
        let sheet = "<x:worksheet xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><x:dimension ref=\"A1:E4\"/><x:sheetData>\
            <x:row r=\"1\"><x:c r=\"A1\" t=\"s\"><x:v>0</x:v></x:c><x:c r=\"B1\" t=\"s\"><x:v>1</x:v></x:c><x:c r=\"C1\" t=\"s\"><x:v>3</x:v></x:c></x:row>\
            <x:row><x:c t=\"inlineStr\"><x:is><x:t>行内</x:t></x:is></x:c><x:c t=\"e\"><x:v>#N/A</x:v></x:c><x:c t=\"s\"><x:v>2</x:v></x:c><x:c/><x:c t=\"str\"><x:f>A1</x:f><x:v>公式</x:v></x:c></x:row>\
            <x:row r=\"4\"><x:c r=\"B4\" t=\"d\"><x:v>2021-01-05T10:00:00</x:v></x:c><x:c r=\"C4\"><x:v>12.5</x:v></x:c><x:c r=\"D4\"><x:v/></x:c><x:c r=\"E4\"><x:v>文字</x:v></x:c></x:row>\
            </x:sheetData></x:worksheet>";
        let sheets = assert_same(&handwritten(sheet, shared));
        let (_, rows, _) = &sheets[0];
        assert_eq!(rows[0].1[..3], ["编号", "富 文本", "中&A"]);
        assert_eq!(rows[1].1, ["行内", "", "", "", "公式"]);
        assert_eq!(
            (rows[2].0, &rows[2].1[1..]),
            (4, &["2021-01-05T10:00:00", "12.5", "", "文字"].map(String::from)[..])
        );
    }

    #[test]
    fn dates_of_a_1904_workbook_count_from_1904() {
        let book = handwritten(
            "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" s=\"1\"><v>42735.5</v></c><c r=\"B1\"><v>42735.5</v></c></row></sheetData></worksheet>",
            "<sst/>",
        );
        let mut archive = zip::ZipArchive::new(Cursor::new(book)).unwrap();
        let mut parts: Vec<(&str, String)> = Vec::new();
        let names: Vec<String> = archive.file_names().map(str::to_string).collect();
        for name in &names {
            let mut text = String::new();
            std::io::Read::read_to_string(&mut archive.by_name(name).unwrap(), &mut text).unwrap();
            parts.push((name.as_str(), text.replace("<sheets>", "<workbookPr date1904=\"1\"/><sheets>")));
        }
        let styles =
            "<styleSheet><cellXfs count=\"2\"><xf numFmtId=\"0\"/><xf numFmtId=\"22\"/></cellXfs></styleSheet>";
        parts.push(("xl/styles.xml", styles.to_string()));
        let bytes = zip_of(&parts);
        let mut book = Book::Direct(Workbook::open(&bytes, Limits::default()).unwrap());
        let mut rows = Vec::new();
        let mut collect = |_: u64, cells: Cells| {
            rows.push(cells.to_strings());
            Ok(Next::More)
        };
        for_each_row("1904.xlsx", &mut book, "明细", None, &Cell::new(0), &mut collect).unwrap();
        // 42735.5 days after 1904-01-01 (Excel's 1904 origin) is 2021-01-01 noon.
        assert_eq!(rows, [["2021-01-01 12:00:00", "42735.5"]]);
    }

    #[test]
    fn the_sample_export_as_a_workbook_reads_as_calamine_reads_it() {
        use crate::sample::formats::SampleFormat;
        // With shared strings, and with every text inline in its cell.
        for (format, scale) in [(SampleFormat::Xlsx, 1.0), (SampleFormat::XlsxInline, 0.2)] {
            let mut bytes = Vec::new();
            let options = crate::sample::SampleOptions { scale, ..Default::default() };
            crate::sample::formats::write(&options, format, &mut bytes).unwrap();
            let sheets = assert_same(&bytes);
            assert!(sheets[0].1.len() > (50_000.0 * scale) as usize, "{format:?}");
        }
    }
}
