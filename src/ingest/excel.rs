//! XLSX and legacy XLS workbooks (calamine). The ticket sheet is the first whose top rows
//! hold a header; cells become text as an export's CSV would hold them (dates as
//! `YYYY-MM-DD HH:MM:SS`, whole numbers without `.0`).

use std::io::Cursor;

use calamine::{open_workbook_auto_from_rs, DataType, Reader, Sheets};

use super::cells::{Cells, RowBuf};
use super::error::{ErrorKind, IngestError};
use super::rows::{is_header, Next, RowFeeder, HEADER_SEARCH_ROWS};
use super::values::{excel_serial, write_time};
use super::xls_guard;
use super::xlsx_cells::{NumberKind, Value, Workbook};
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

    /// The sheet's height by its declared range (0 when unknown).
    fn height(&mut self, sheet: &str) -> u64 {
        match self {
            Book::Direct(book) => book.cells(sheet).map(|c| u64::from(c.dimensions().1 .0) + 1).unwrap_or(0),
            Book::Calamine(Sheets::Xlsx(xlsx)) => {
                xlsx.worksheet_cells_reader(sheet).map(|r| u64::from(r.dimensions().end.0) + 1).unwrap_or(0)
            }
            Book::Calamine(_) => 0,
        }
    }
}

/// Hands the rows of `sheet` to `on_row` until it gives up or `limit` rows have gone.
/// XLSX sheets are streamed cell by cell from the zip (a year's sheet is never held
/// whole); XLS and others go through calamine's in-memory range.
fn for_each_row(
    name: &str,
    book: &mut Book,
    sheet: &str,
    limit: Option<u64>,
    on_row: &mut OnRow,
) -> Result<(), IngestError> {
    let broken = |e: &dyn std::fmt::Display| {
        IngestError::new(name, ErrorKind::Workbook { detail: format!("文件已损坏或不是 Excel 工作簿：{e}") })
    };
    let limit = limit.unwrap_or(u64::MAX);
    match book {
        Book::Direct(book) => {
            let mut cells = book.cells(sheet).map_err(|e| broken(&e))?;
            let ((_, first_column), (_, last_column)) = cells.dimensions();
            let mut next = |text: &mut String| match cells.next_cell().map_err(|e| broken(&e))? {
                None => Ok(None),
                Some((row, column, value)) => {
                    write_value(text, &value);
                    Ok(Some((row, column)))
                }
            };
            rows_of_cells(first_column, last_column, limit, &mut next, on_row)
        }
        Book::Calamine(Sheets::Xlsx(xlsx)) => {
            let mut cells = xlsx.worksheet_cells_reader(sheet).map_err(|e| broken(&e))?;
            let dimensions = cells.dimensions();
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
            rows_of_cells(dimensions.start.1, dimensions.end.1, limit, &mut next, on_row)
        }
        Book::Calamine(book) => {
            let range = book.worksheet_range(sheet).map_err(|e| broken(&e))?;
            let (first_row, _) = range.start().unwrap_or((0, 0));
            let mut row = RowBuf::default();
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
    }
}

/// Writes the next cell holding a value into the text and gives its (row, column).
type NextCell<'f> = dyn FnMut(&mut String) -> Result<Option<(u32, u32)>, IngestError> + 'f;

/// Rows from a sheet's cells in order: rows as wide as the sheet (as a range would be,
/// so a blank last cell is an empty value, not a missing column), blank rows between
/// rows with values, cells left of the declared range dropped.
fn rows_of_cells(
    first_column: u32,
    last_column: u32,
    limit: u64,
    next: &mut NextCell,
    on_row: &mut OnRow,
) -> Result<(), IngestError> {
    let mut row = RowBuf::default();
    let mut width = (last_column + 1).saturating_sub(first_column);
    let mut current: Option<u32> = None;
    let mut emitted = 0u64;
    let mut emit = |number: u32, row: &mut RowBuf, width: u32| -> Result<bool, IngestError> {
        row.pad_to(width as usize);
        emitted += 1;
        Ok(emitted < limit && on_row(u64::from(number) + 1, row.cells())? == Next::More)
    };
    let mut text = String::new();
    loop {
        text.clear();
        let Some((r, c)) = next(&mut text)? else { break };
        if c < first_column {
            continue;
        }
        if current != Some(r) {
            if let Some(previous) = current {
                if !emit(previous, &mut row, width)? {
                    return Ok(());
                }
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
        row.push(&text);
        width = width.max(c - first_column + 1);
    }
    if let Some(last) = current {
        emit(last, &mut row, width)?;
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
    let direct = bytes.starts_with(b"PK").then(|| Workbook::open(&bytes).ok()).flatten();
    let mut workbook = match direct {
        Some(book) => Book::Direct(book),
        None => Book::Calamine(open_workbook_auto_from_rs(Cursor::new(&bytes[..])).map_err(|e| {
            let detail = e.to_string();
            let hint = if detail.to_lowercase().contains("password") || detail.contains("Encrypt") {
                xls_guard::PASSWORD.to_string()
            } else {
                format!("文件已损坏或不是 Excel 工作簿：{detail}")
            };
            IngestError::new(name, ErrorKind::Workbook { detail: hint })
        })?),
    };
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
    let height = workbook.height(&sheet);
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

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    type Rows = Vec<(u64, Vec<String>)>;

    /// Every sheet's rows as each reader gives them: (direct, calamine).
    fn both_readers(bytes: &[u8]) -> Vec<(String, Rows, Rows)> {
        let mut direct = Book::Direct(Workbook::open(bytes).expect("direct reader opens it"));
        let mut calamine = Book::Calamine(open_workbook_auto_from_rs(Cursor::new(bytes)).unwrap());
        assert_eq!(direct.sheet_names(), calamine.sheet_names());
        let rows_of = |book: &mut Book, sheet: &str| {
            let mut rows = Vec::new();
            let mut collect = |number: u64, cells: Cells| {
                rows.push((number, cells.to_strings()));
                Ok(Next::More)
            };
            for_each_row("测试.xlsx", book, sheet, None, &mut collect).unwrap();
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
        assert_eq!(rows[4].1[..4], ["是", "否", "市级", "2"]);
        assert_eq!(
            (rows.len(), rows[5].1[0].as_str(), rows[6].1[2].as_str()),
            (7, "", "_x000D_回车"),
            "blank rows between; escapes undone"
        );
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
        assert_eq!(rows[3].1[1..], ["2021-01-05T10:00:00", "12.5", "", "文字"]);
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
        let mut book = Book::Direct(Workbook::open(&bytes).unwrap());
        let mut rows = Vec::new();
        let mut collect = |_: u64, cells: Cells| {
            rows.push(cells.to_strings());
            Ok(Next::More)
        };
        for_each_row("1904.xlsx", &mut book, "明细", None, &mut collect).unwrap();
        // 42735.5 days after 1904-01-01 (Excel's 1904 origin) is 2021-01-01 noon.
        assert_eq!(rows, [["2021-01-01 12:00:00", "42735.5"]]);
    }

    #[test]
    fn the_sample_export_as_a_workbook_reads_as_calamine_reads_it() {
        let mut bytes = Vec::new();
        let options = crate::sample::SampleOptions::default();
        crate::sample::formats::write(&options, crate::sample::formats::SampleFormat::Xlsx, &mut bytes).unwrap();
        let sheets = assert_same(&bytes);
        assert!(sheets[0].1.len() > 50_000);
    }
}
