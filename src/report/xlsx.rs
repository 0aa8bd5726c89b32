//! The attachment tables as an Excel workbook, one sheet each, numbers as numbers and
//! percentages as percentages (from the cells' types) so analysts can keep calculating. Text from tickets (unit and
//! category names) is written as plain strings, never as formulas; text that Excel would
//! take for a formula once the cell is edited (`=…`, `+…`, `-…`, `@…`) is marked as typed
//! with a leading apostrophe, so editing it keeps it text.

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use super::{Cell, TableSpec};

/// Whether Excel takes text typed so for a formula (or a DDE command such as
/// `+1+cmd|' /C calc'!A0`): it starts with = + - @, or with a tab or carriage return.
fn looks_like_formula(text: &str) -> bool {
    matches!(text.chars().next(), Some('=' | '+' | '-' | '@' | '\t' | '\r'))
}

/// A text cell's format: `plain`, or `quoted` (the same with Excel's quote prefix) for text
/// that looks like a formula.
fn text_format<'f>(text: &str, plain: &'f Format, quoted: &'f Format) -> &'f Format {
    if looks_like_formula(text) {
        quoted
    } else {
        plain
    }
}

/// Sheet names: at most 31 characters, none of []:*?/\.
fn sheet_name(index: usize, caption: &str) -> String {
    let cleaned: String = caption.chars().filter(|c| !"[]:*?/\\".contains(*c)).collect();
    let short = cleaned.split('（').next().unwrap_or(&cleaned);
    let name = format!(
        "附件{} {}",
        index + 1,
        short.trim_start_matches(|c: char| c != '县' && c != '市' && c != '工' && c != '单')
    );
    name.chars().take(31).collect()
}

fn write_table(sheet: &mut Worksheet, spec: &TableSpec) -> Result<(), XlsxError> {
    let columns = spec.header.len().max(1) as u16;
    let border = Format::new()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    let title = Format::new().set_bold().set_font_size(14).set_align(FormatAlign::Center);
    let header = border.clone().set_bold().set_background_color("#F2F2F2");
    let integer = border.clone().set_num_format("0");
    let percent = border.clone().set_num_format("0.00%");
    let decimal = border.clone().set_num_format("0.0");
    let [quoted_title, quoted_header, quoted_border] = [&title, &header, &border].map(|f| f.clone().set_quote_prefix());
    sheet.merge_range(0, 0, 0, columns - 1, &spec.caption, text_format(&spec.caption, &title, &quoted_title))?;
    for (c, text) in spec.header.iter().enumerate() {
        sheet.write_string_with_format(1, c as u16, text, text_format(text, &header, &quoted_header))?;
        let width = if c == 1 { 28.0 } else { 12.0 };
        sheet.set_column_width(c as u16, width)?;
    }
    for (r, row) in spec.rows.iter().enumerate() {
        let r = r as u32 + 2;
        for (c, cell) in row.iter().enumerate() {
            let c = c as u16;
            match *cell {
                Cell::Count { value: Some(n), .. } | Cell::Ordinal { value: n } => {
                    sheet.write_number_with_format(r, c, n as f64, &integer)?
                }
                Cell::Decimal { tenths, .. } => sheet.write_number_with_format(r, c, tenths as f64 / 10.0, &decimal)?,
                // Whole basis points over 10,000: 94.79% is the nearest double to 0.9479.
                Cell::Percent { bp: Some(bp), .. } => {
                    sheet.write_number_with_format(r, c, bp as f64 / 10_000.0, &percent)?
                }
                // Names, and absent figures as their "—".
                Cell::Text { .. } | Cell::Count { value: None, .. } | Cell::Percent { bp: None, .. } => {
                    let text = cell.display();
                    sheet.write_string_with_format(r, c, &*text, text_format(&text, &border, &quoted_border))?
                }
            };
        }
    }
    sheet.set_freeze_panes(2, 0)?;
    // Printed on A4 landscape, one page wide, the header row repeated on every page.
    sheet.set_paper_size(9);
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(1, 1)?;
    Ok(())
}

/// The workbook's bytes.
pub fn render(tables: &[TableSpec]) -> Result<Vec<u8>, String> {
    let mut workbook = Workbook::new();
    for (index, spec) in tables.iter().enumerate() {
        let sheet = workbook.add_worksheet();
        sheet.set_name(sheet_name(index, &spec.caption)).map_err(|e| e.to_string())?;
        write_table(sheet, spec).map_err(|e| format!("Excel 文件生成失败：{e}"))?;
    }
    workbook.save_to_buffer().map_err(|e| format!("Excel 文件生成失败：{e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_that_looks_like_a_formula_stays_text_when_its_cell_is_edited() {
        let risky =
            ["=HYPERLINK(\"http://x\",\"点我\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)", "\t=1+1", "\r=1"];
        let mut rows: Vec<Vec<Cell>> = risky.iter().map(|t| vec![Cell::ordinal(1), Cell::text(*t)]).collect();
        rows.push(vec![Cell::ordinal(2), Cell::text("廉江市")]);
        let table = TableSpec {
            id: "a".into(),
            caption: "单位工单量统计表".into(),
            header: vec!["排名".into(), "=单位".into()],
            rows,
        };
        let bytes = render(&[table]).unwrap();
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut part = |name: &str| {
            let mut text = String::new();
            std::io::Read::read_to_string(&mut archive.by_name(name).unwrap(), &mut text).unwrap();
            text
        };
        // Which cell formats (cellXfs, in order) carry the quote prefix.
        let styles = part("xl/styles.xml");
        let xfs = &styles[styles.find("<cellXfs").unwrap()..styles.find("</cellXfs>").unwrap()];
        let quoted: Vec<bool> = xfs.split("<xf ").skip(1).map(|xf| xf.contains("quotePrefix=\"1\"")).collect();
        let sheet = part("xl/worksheets/sheet1.xml");
        let quoted_cell = |reference: &str| {
            let at = sheet.find(&format!("<c r=\"{reference}\"")).unwrap_or_else(|| panic!("{reference}"));
            let tag = &sheet[at..at + sheet[at..].find('>').unwrap()];
            let style: usize = tag.split(" s=\"").nth(1).map_or(0, |s| s[..s.find('"').unwrap()].parse().unwrap());
            quoted[style]
        };
        for row in 3..3 + risky.len() {
            assert!(quoted_cell(&format!("B{row}")), "B{row} looks like a formula: quote-prefixed");
        }
        assert!(quoted_cell("B2"), "a header that looks like a formula too");
        let plain = 3 + risky.len();
        assert!(
            !quoted_cell(&format!("B{plain}")) && !quoted_cell("A3") && !quoted_cell("A2"),
            "other cells as they were"
        );
        assert!(!sheet.contains("<f>"), "no formula cells");
    }

    /// The number format of a cell (`reference`, e.g. "D3") of sheet 1: its style's
    /// `numFmtId`, resolved through the workbook's own formats or Excel's built-in ones.
    fn number_format(bytes: &[u8], reference: &str) -> String {
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut part = |name: &str| {
            let mut text = String::new();
            std::io::Read::read_to_string(&mut archive.by_name(name).unwrap(), &mut text).unwrap();
            text
        };
        let attribute = |tag: &str, name: &str| -> Option<String> {
            let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
            Some(tag[at..at + tag[at..].find('"').unwrap()].to_string())
        };
        let sheet = part("xl/worksheets/sheet1.xml");
        let at = sheet.find(&format!("<c r=\"{reference}\"")).unwrap_or_else(|| panic!("no cell {reference}"));
        let tag = &sheet[at..at + sheet[at..].find('>').unwrap()];
        let style: usize = attribute(tag, "s").map_or(0, |s| s.parse().unwrap());
        let styles = part("xl/styles.xml");
        let xfs = &styles[styles.find("<cellXfs").unwrap()..styles.find("</cellXfs>").unwrap()];
        let xf = xfs.split("<xf ").nth(style + 1).unwrap();
        let id = attribute(&format!(" {xf}"), "numFmtId").unwrap_or_else(|| "0".into());
        let custom = styles
            .split("<numFmt ")
            .skip(1)
            .map(|f| format!(" {f}"))
            .find(|f| attribute(f, "numFmtId") == Some(id.clone()));
        match (custom, id.as_str()) {
            (Some(f), _) => attribute(&f, "formatCode").unwrap(),
            (None, "0") => "General".into(),
            (None, "1") => "0".into(),
            (None, "10") => "0.00%".into(),
            (None, other) => panic!("built-in format {other}"),
        }
    }

    #[test]
    fn counts_and_percentages_are_numbers_formatted_from_their_type() {
        use calamine::{Data, Reader};
        let table = TableSpec {
            id: "attachment-counties".into(),
            caption: "湛江市12345市民服务热线县（市、区）办理情况统计表（2021年1月）".into(),
            header: ["序号", "县（市、区）", "转办工单", "办结率", "按时办结率", "满意率"].map(String::from).to_vec(),
            rows: vec![
                vec![
                    Cell::ordinal(1),
                    Cell::text("赤坎区"),
                    Cell::count(570),
                    Cell::percent(Some(9479)),
                    Cell::percent(Some(10_000)),
                    Cell::percent(None),
                ],
                // A name of digits is a name: text, not the number 12345.
                vec![
                    Cell::ordinal(2),
                    Cell::text("12345"),
                    Cell::count(3),
                    Cell::percent(Some(0)),
                    Cell::percent(None),
                    Cell::percent(None),
                ],
            ],
        };
        let bytes = render(&[table]).unwrap();
        let mut book: calamine::Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.clone())).unwrap();
        let range = book.worksheet_range_at(0).unwrap().unwrap();
        let value = |column: u32| range.get_value((2, column)).cloned();
        assert_eq!(value(0), Some(Data::Float(1.0)));
        assert_eq!(value(1), Some(Data::String("赤坎区".into())));
        assert_eq!(value(2), Some(Data::Float(570.0)));
        assert_eq!(value(3), Some(Data::Float(0.9479)), "94.79% is the number 0.9479");
        assert_eq!(value(4), Some(Data::Float(1.0)));
        assert_eq!(value(5), Some(Data::String("—".into())), "an absent rate stays the dash it prints as");
        assert_eq!(range.get_value((3, 1)), Some(&Data::String("12345".into())));
        assert_eq!(range.get_value((3, 3)), Some(&Data::Float(0.0)));
        assert_eq!(number_format(&bytes, "D3"), "0.00%");
        assert_eq!(number_format(&bytes, "E3"), "0.00%");
        assert_eq!(number_format(&bytes, "C3"), "0");
        assert_eq!(number_format(&bytes, "A3"), "0");
        assert_eq!(number_format(&bytes, "B3"), "General");
    }

    #[test]
    fn the_workbook_has_one_sheet_per_table_with_its_cells() {
        let tables = vec![
            TableSpec {
                id: "a".into(),
                caption: "湛江市12345市民服务热线县（市、区）办理情况统计表（2021年1月）".into(),
                header: vec!["序号".into(), "县（市、区）".into(), "办结率".into()],
                rows: vec![vec![Cell::ordinal(1), Cell::text("廉江市"), Cell::percent(Some(10_000))]],
            },
            TableSpec {
                id: "b".into(),
                caption: "湛江市12345市民服务热线单位工单量前十统计表（2021年1月）".into(),
                header: vec!["排名".into(), "单位".into()],
                rows: vec![vec![Cell::ordinal(1), Cell::text("=cmd")]],
            },
        ];
        let bytes = render(&tables).unwrap();
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut workbook = String::new();
        std::io::Read::read_to_string(&mut archive.by_name("xl/workbook.xml").unwrap(), &mut workbook).unwrap();
        assert!(workbook.contains("附件1") && workbook.contains("附件2"), "{workbook}");
        let mut strings = String::new();
        std::io::Read::read_to_string(&mut archive.by_name("xl/sharedStrings.xml").unwrap(), &mut strings).unwrap();
        assert!(strings.contains("廉江市") && strings.contains("=cmd"));
        let mut sheet = String::new();
        std::io::Read::read_to_string(&mut archive.by_name("xl/worksheets/sheet2.xml").unwrap(), &mut sheet).unwrap();
        assert!(!sheet.contains("<f>"), "no formula cells");
    }
}
