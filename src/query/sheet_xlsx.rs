//! One sheet of text as an XLSX workbook, written straight out: every cell an inline string,
//! a bold title and header, formula-like text marked as typed (quotePrefix), the header
//! frozen. A selection's export is hundreds of thousands of rows of text; rust_xlsxwriter
//! (which the report's attachments use) took 3.6 s natively for 131,000 rows × 27 columns,
//! most of it in per-cell strings, the shared-string table and deflate at its default level.
//! Written here as one stream of XML and deflated at level 1 it takes a fraction of that
//! (README "Decisions").

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use super::export::Sheet;

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>"#;

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;

const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;

/// Styles: 0 plain, 1 bold (title and header), 2 text typed with a leading apostrophe
/// (Excel shows `=1+1` as text and never runs it).
const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="2"><font><sz val="11"/><name val="等线"/><family val="2"/><scheme val="minor"/></font><font><b/><sz val="11"/><name val="等线"/><family val="2"/><scheme val="minor"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/></cellXfs><cellStyles count="1"><cellStyle name="常规" xfId="0" builtinId="0"/></cellStyles></styleSheet>"#;

/// Excel's limits for one sheet: rows, columns, and characters in a cell.
const MAX_ROWS: usize = 1_048_576;
const MAX_COLUMNS: usize = 16_384;
const MAX_CELL_CHARS: usize = 32_767;

/// The workbook: one sheet named `name`, `title` in its first row, then the sheet's header
/// and rows. More rows or columns than a sheet holds is an error saying so; a cell longer
/// than Excel allows is cut, ending in "…".
pub fn write(sheet: &Sheet, name: &str, title: &str, width_of: impl Fn(&str) -> f64) -> Result<Vec<u8>, String> {
    if sheet.rows.len() + 2 > MAX_ROWS {
        return Err(format!(
            "所选工单有 {} 宗，超过 Excel 一张工作表最多 {MAX_ROWS} 行的上限；请缩小筛选范围，或导出 CSV。",
            sheet.rows.len()
        ));
    }
    if sheet.headers.len() > MAX_COLUMNS {
        return Err(format!(
            "原始文件共有 {} 列，超过 Excel 一张工作表最多 {MAX_COLUMNS} 列的上限；请导出 CSV。",
            sheet.headers.len()
        ));
    }
    let failed = |e: std::io::Error| format!("工单明细无法写成 Excel 文件（{e}）");
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    // Level 1: the sheet's XML is repetitive, so it still shrinks some tenfold, at several
    // times the speed of the default level.
    let options =
        SimpleFileOptions::default().compression_method(CompressionMethod::Deflated).compression_level(Some(1));
    let mut part = |path: &str, text: &[u8]| -> std::io::Result<()> {
        zip.start_file(path, options).map_err(std::io::Error::other)?;
        zip.write_all(text)
    };
    part("[Content_Types].xml", CONTENT_TYPES.as_bytes()).map_err(failed)?;
    part("_rels/.rels", ROOT_RELS.as_bytes()).map_err(failed)?;
    part("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes()).map_err(failed)?;
    part("xl/styles.xml", STYLES.as_bytes()).map_err(failed)?;
    let mut workbook = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name=""#,
    );
    escape_into(&mut workbook, name);
    workbook.push_str(r#"" sheetId="1" r:id="rId1"/></sheets></workbook>"#);
    part("xl/workbook.xml", workbook.as_bytes()).map_err(failed)?;
    zip.start_file("xl/worksheets/sheet1.xml", options).map_err(|e| failed(std::io::Error::other(e)))?;
    let mut out = std::io::BufWriter::with_capacity(1 << 16, &mut zip);
    write_sheet(&mut out, sheet, title, width_of).map_err(failed)?;
    out.flush().map_err(failed)?;
    drop(out);
    let cursor = zip.finish().map_err(|e| failed(std::io::Error::other(e)))?;
    Ok(cursor.into_inner())
}

fn write_sheet(
    out: &mut impl Write,
    sheet: &Sheet,
    title: &str,
    width_of: impl Fn(&str) -> f64,
) -> std::io::Result<()> {
    out.write_all(
        br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetViews><sheetView workbookViewId="0"><pane ySplit="2" topLeftCell="A3" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><cols>"#,
    )?;
    for (at, header) in sheet.headers.iter().enumerate() {
        write!(out, r#"<col min="{0}" max="{0}" width="{1}" customWidth="1"/>"#, at + 1, width_of(header))?;
    }
    out.write_all(b"</cols><sheetData>")?;
    let mut text = String::new();
    let mut row = |out: &mut dyn Write, number: usize, cells: &mut dyn Iterator<Item = &str>, bold: bool| {
        write!(out, r#"<row r="{number}">"#)?;
        for (column, cell) in cells.take(MAX_COLUMNS).enumerate() {
            if cell.is_empty() {
                continue;
            }
            let style = if bold {
                1
            } else if matches!(cell.chars().next(), Some('=' | '+' | '-' | '@' | '\t' | '\r')) {
                2
            } else {
                0
            };
            text.clear();
            escape_into(&mut text, cell);
            out.write_all(b"<c r=\"")?;
            column_name(out, column)?;
            write!(out, "{number}\" t=\"inlineStr\" s=\"{style}\"><is><t xml:space=\"preserve\">")?;
            out.write_all(text.as_bytes())?;
            out.write_all(b"</t></is></c>")?;
        }
        out.write_all(b"</row>")
    };
    row(out, 1, &mut std::iter::once(title), true)?;
    row(out, 2, &mut sheet.headers.iter().map(String::as_str), true)?;
    for (at, cells) in sheet.rows.iter().enumerate() {
        row(out, at + 3, &mut cells.iter().map(String::as_str), false)?;
    }
    out.write_all(b"</sheetData></worksheet>")
}

/// A column's letters: 0 → A, 26 → AA.
fn column_name(out: &mut dyn Write, column: usize) -> std::io::Result<()> {
    let mut letters = [0u8; 4];
    let mut at = letters.len();
    let mut n = column + 1;
    while n > 0 {
        at -= 1;
        letters[at] = b'A' + ((n - 1) % 26) as u8;
        n = (n - 1) / 26;
    }
    out.write_all(&letters[at..])
}

/// Text as a cell's XML character data: markup escaped; a carriage return, which XML would
/// read as a line feed, and text Excel would read as an escape (`_x0041_`) written as
/// Excel's own escapes; characters XML 1.0 cannot hold (other control characters) left
/// out, as Excel would refuse the file; at most Excel's 32,767 characters (UTF-16 units),
/// a longer text cut and ending in "…".
fn escape_into(out: &mut String, text: &str) {
    let mut units = 0;
    for (at, c) in text.char_indices() {
        units += c.len_utf16();
        if units > MAX_CELL_CHARS - 1 && at + c.len_utf8() < text.len() {
            out.push('…');
            return;
        }
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\r' => out.push_str("_x000D_"),
            '_' if looks_escaped(&text[at..]) => out.push_str("_x005F_"),
            '\t' | '\n' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
}

/// Whether text starts as Excel's escape of a character does: `_x` four hex digits `_`.
fn looks_escaped(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() >= 7 && bytes[1] == b'x' && bytes[2..6].iter().all(u8::is_ascii_hexdigit) && bytes[6] == b'_'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_named_as_excel_names_them() {
        let name = |c| {
            let mut out = Vec::new();
            column_name(&mut out, c).unwrap();
            String::from_utf8(out).unwrap()
        };
        assert_eq!([name(0), name(25), name(26), name(701), name(702)], ["A", "Z", "AA", "ZZ", "AAA"]);
    }

    #[test]
    fn text_is_escaped_and_what_xml_cannot_hold_is_left_out() {
        let escaped = |text: &str| {
            let mut out = String::new();
            escape_into(&mut out, text);
            out
        };
        assert_eq!(escaped("a<b>&\"c\"\u{1}\td\n"), "a&lt;b&gt;&amp;&quot;c&quot;\td\n");
        assert_eq!(escaped("x\r\ny _x0041_ _x12_"), "x_x000D_\ny _x005F_x0041_ _x12_");
        let long = "诉".repeat(40_000);
        let cut = escaped(&long);
        assert_eq!(cut.chars().count(), MAX_CELL_CHARS);
        assert!(cut.ends_with('…'));
        assert_eq!(escaped(&"诉".repeat(MAX_CELL_CHARS)).chars().count(), MAX_CELL_CHARS, "as long as allowed: kept");
    }

    #[test]
    fn more_rows_or_columns_than_a_sheet_holds_are_refused_in_chinese() {
        let rows = Sheet { headers: vec!["工单编号".into()], rows: vec![vec![]; MAX_ROWS - 1] };
        let error = write(&rows, "工单明细", "", |_| 10.0).unwrap_err();
        assert!(error.contains("1048576 行") && error.contains("导出 CSV"), "{error}");
        let columns = Sheet { headers: vec!["列".into(); MAX_COLUMNS + 1], rows: vec![] };
        assert!(write(&columns, "工单明细", "", |_| 10.0).unwrap_err().contains("16384 列"));
    }
}
