//! A selection's tickets as a file the analyst opens in Excel or WPS: XLSX (text kept as
//! text; what Excel would run as a formula is marked as typed) or CSV (UTF-8 with BOM,
//! formula-like cells prefixed with an apostrophe).

use rust_xlsxwriter::{Format, Workbook};

use super::TicketRow;
use crate::ingest::accounting::safe_cell;

/// The columns of an export, as the explorer lists a ticket.
const HEADER: [&str; 10] =
    ["工单编号", "受理时间", "诉求类型", "诉求渠道", "问题分类", "区县", "镇街", "承办单位", "办理状态", "诉求内容"];

fn cells(row: &TicketRow) -> [&str; 10] {
    [
        &row.id,
        &row.time,
        &row.ticket_type,
        &row.channel,
        &row.category,
        &row.region,
        &row.town,
        &row.unit,
        &row.status,
        &row.content,
    ]
}

/// The tickets as CSV (UTF-8 with BOM so Excel reads the Chinese), one row each.
pub fn csv(rows: &[TicketRow]) -> Vec<u8> {
    let mut writer = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    let _ = writer.write_record(HEADER);
    for row in rows {
        let _ = writer.write_record(cells(row).map(safe_cell));
    }
    writer.into_inner().unwrap_or_default()
}

/// The tickets as a workbook of one sheet, `conditions` (the selection in words) above them.
pub fn xlsx(rows: &[TicketRow], conditions: &[String]) -> Result<Vec<u8>, String> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let failed = |e: rust_xlsxwriter::XlsxError| format!("工单明细无法写成 Excel 文件（{e}）");
    sheet.set_name("工单明细").map_err(failed)?;
    let bold = Format::new().set_bold();
    let quoted = Format::new().set_quote_prefix();
    sheet.write_string_with_format(0, 0, format!("筛选条件：{}", conditions.join("；")), &bold).map_err(failed)?;
    for (c, title) in HEADER.iter().enumerate() {
        sheet.write_string_with_format(1, c as u16, *title, &bold).map_err(failed)?;
        let width = match c {
            0 | 1 => 18.0,
            4 | 7 => 24.0,
            9 => 60.0,
            _ => 10.0,
        };
        sheet.set_column_width(c as u16, width).map_err(failed)?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in cells(row).iter().enumerate() {
            let (r, c) = (r as u32 + 2, c as u16);
            let formula_like = matches!(text.chars().next(), Some('=' | '+' | '-' | '@' | '\t' | '\r'));
            if formula_like {
                sheet.write_string_with_format(r, c, *text, &quoted).map_err(failed)?;
            } else {
                sheet.write_string(r, c, *text).map_err(failed)?;
            }
        }
    }
    sheet.set_freeze_panes(2, 0).map_err(failed)?;
    workbook.save_to_buffer().map_err(failed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ticket(id: &str, content: &str) -> TicketRow {
        TicketRow {
            row: 0,
            id: id.into(),
            time: "2021-01-05 10:23".into(),
            ticket_type: "投诉".into(),
            channel: "电话".into(),
            category: "城市建设 / 市政设施".into(),
            region: "赤坎区".into(),
            town: "中华街道".into(),
            unit: "赤坎区人民政府".into(),
            status: "已办结".into(),
            content: content.into(),
        }
    }

    #[test]
    fn a_csv_export_opens_in_excel_and_runs_no_formula() {
        let bytes = csv(&[ticket("A1", "=HYPERLINK(\"x\")"), ticket("A2", "路灯不亮，\"急\"")]);
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.starts_with("\u{feff}工单编号,受理时间,"));
        assert!(text.contains("'=HYPERLINK"), "{text}");
        assert!(text.contains("\"路灯不亮，\"\"急\"\"\""), "{text}");
        assert_eq!(text.lines().count(), 3);
    }

    #[test]
    fn an_xlsx_export_is_a_workbook() {
        let bytes = xlsx(&[ticket("A1", "-1+1")], &["区县：赤坎区".into()]).unwrap();
        assert_eq!(&bytes[..2], b"PK");
    }
}
