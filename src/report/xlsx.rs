//! The attachment tables as an Excel workbook, one sheet each, numbers as numbers and
//! percentages as percentages so analysts can keep calculating. Text from tickets (unit and
//! category names) is written as plain strings, never as formulas.

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use super::TableSpec;

/// A cell as Excel should hold it.
#[derive(Debug, PartialEq)]
enum Cell<'a> {
    Number(f64),
    Percent(f64),
    Text(&'a str),
}

fn cell(text: &str) -> Cell<'_> {
    if let Some(number) = text.strip_suffix('%').and_then(|n| n.parse::<f64>().ok()) {
        // Via whole basis points, so 94.79% is the nearest double to 0.9479.
        return Cell::Percent((number * 100.0).round() / 10_000.0);
    }
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) && text.len() < 15 {
        if let Ok(number) = text.parse::<f64>() {
            return Cell::Number(number);
        }
    }
    Cell::Text(text)
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
    let percent = border.clone().set_num_format("0.00%");
    sheet.merge_range(0, 0, 0, columns - 1, &spec.caption, &title)?;
    for (c, text) in spec.header.iter().enumerate() {
        sheet.write_string_with_format(1, c as u16, text, &header)?;
        let width = if c == 1 { 28.0 } else { 12.0 };
        sheet.set_column_width(c as u16, width)?;
    }
    for (r, row) in spec.rows.iter().enumerate() {
        let r = r as u32 + 2;
        for (c, text) in row.iter().enumerate() {
            match cell(text) {
                Cell::Number(n) => sheet.write_number_with_format(r, c as u16, n, &border)?,
                Cell::Percent(p) => sheet.write_number_with_format(r, c as u16, p, &percent)?,
                Cell::Text(t) => sheet.write_string_with_format(r, c as u16, t, &border)?,
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
    fn cells_keep_numbers_and_percentages_typed_and_text_inert() {
        assert_eq!(cell("827"), Cell::Number(827.0));
        assert_eq!(cell("94.79%"), Cell::Percent(0.9479));
        assert_eq!(cell("100%"), Cell::Percent(1.0));
        assert_eq!(cell("—"), Cell::Text("—"));
        assert_eq!(cell("=HYPERLINK(\"x\")"), Cell::Text("=HYPERLINK(\"x\")"));
        assert_eq!(cell("250101000020109"), Cell::Text("250101000020109"));
    }

    #[test]
    fn the_workbook_has_one_sheet_per_table_with_its_cells() {
        let tables = vec![
            TableSpec {
                id: "a".into(),
                caption: "湛江市12345市民服务热线县（市、区）办理情况统计表（2021年1月）".into(),
                header: vec!["序号".into(), "县（市、区）".into(), "办结率".into()],
                rows: vec![vec!["1".into(), "廉江市".into(), "100%".into()]],
            },
            TableSpec {
                id: "b".into(),
                caption: "湛江市12345市民服务热线单位工单量前十统计表（2021年1月）".into(),
                header: vec!["排名".into(), "单位".into()],
                rows: vec![vec!["1".into(), "=cmd".into()]],
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
