//! A selection's tickets as a file the analyst opens in Excel or WPS: XLSX (text kept as
//! text; what Excel would run as a formula is marked as typed) or CSV (UTF-8 with BOM,
//! formula-like cells prefixed with an apostrophe).

use super::original::OriginalRow;
use super::TicketRow;
use crate::ingest::accounting::safe_cell;

/// Rows under a header, as the export writes them.
#[derive(Debug, Default)]
pub struct Sheet {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// The columns of the table's own view of a ticket, as the explorer lists it.
const TABLE_HEADER: [&str; 10] =
    ["工单编号", "受理时间", "诉求类型", "诉求渠道", "问题分类", "区县", "镇街", "承办单位", "办理状态", "诉求内容"];

impl Sheet {
    /// The tickets as the table holds them (when their files cannot be read again).
    pub fn of_tickets(rows: Vec<TicketRow>) -> Sheet {
        let rows = rows
            .into_iter()
            .map(|r| {
                vec![r.id, r.time, r.ticket_type, r.channel, r.category, r.region, r.town, r.unit, r.status, r.content]
            })
            .collect();
        Sheet { headers: TABLE_HEADER.map(String::from).to_vec(), rows }
    }

    /// The tickets' original rows: every column of their files, those of several files
    /// side by side under one header (a header two files share is one column), then the
    /// file and row each came from.
    pub fn of_originals(originals: &[OriginalRow]) -> Sheet {
        let mut headers: Vec<String> = Vec::new();
        // A file may name two columns alike: the n-th of a name is a column of its own.
        let mut place: std::collections::HashMap<(String, usize), usize> = Default::default();
        let mut layouts: Vec<Vec<usize>> = Vec::with_capacity(originals.len());
        for original in originals {
            let mut seen: std::collections::HashMap<&str, usize> = Default::default();
            let layout = original
                .cells
                .iter()
                .map(|cell| {
                    let nth = seen.entry(cell.header.as_str()).or_default();
                    *nth += 1;
                    *place.entry((cell.header.clone(), *nth)).or_insert_with(|| {
                        headers.push(cell.header.clone());
                        headers.len() - 1
                    })
                })
                .collect();
            layouts.push(layout);
        }
        let width = headers.len();
        headers.extend(["来源文件".to_string(), "来源行号".to_string()]);
        let rows = originals
            .iter()
            .zip(layouts)
            .map(|(original, layout)| {
                let mut row = vec![String::new(); width + 2];
                for (cell, at) in original.cells.iter().zip(layout) {
                    row[at] = cell.value.clone();
                }
                row[width] = match &original.sheet {
                    Some(sheet) => format!("{}（{sheet}）", original.file),
                    None => original.file.clone(),
                };
                row[width + 1] = original.row.to_string();
                row
            })
            .collect();
        Sheet { headers, rows }
    }
}

/// The rows as CSV (UTF-8 with BOM so Excel reads the Chinese), formula-like cells prefixed.
pub fn csv(sheet: &Sheet) -> Vec<u8> {
    let mut writer = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    let _ = writer.write_record(&sheet.headers);
    for row in &sheet.rows {
        let _ = writer.write_record(row.iter().map(|cell| safe_cell(cell)));
    }
    writer.into_inner().unwrap_or_default()
}

/// A column wide enough for what its header says it holds.
fn width_for(header: &str) -> f64 {
    if ["内容", "描述", "答复", "结果", "意见", "回复"].iter().any(|w| header.contains(w)) {
        60.0
    } else if ["时间", "日期", "编号", "单位", "分类", "地址", "来源"].iter().any(|w| header.contains(w))
    {
        20.0
    } else {
        12.0
    }
}

/// The rows as a workbook of one sheet, `conditions` (the selection in words) above them.
pub fn xlsx(sheet: &Sheet, conditions: &[String]) -> Result<Vec<u8>, String> {
    super::sheet_xlsx::write(sheet, "工单明细", &format!("筛选条件：{}", conditions.join("；")), width_for)
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
        let bytes = csv(&Sheet::of_tickets(vec![ticket("A1", "=HYPERLINK(\"x\")"), ticket("A2", "路灯不亮，\"急\"")]));
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.starts_with("\u{feff}工单编号,受理时间,"));
        assert!(text.contains("'=HYPERLINK"), "{text}");
        assert!(text.contains("\"路灯不亮，\"\"急\"\"\""), "{text}");
        assert_eq!(text.lines().count(), 3);
    }

    #[test]
    fn an_xlsx_export_reads_back_cell_for_cell_with_formulas_kept_as_text() {
        let tickets = vec![ticket("A1", "-1+1"), ticket("A2", "两行\n<内容> & \"引号\""), ticket("A3", "")];
        let sheet = Sheet::of_tickets(tickets);
        let bytes = xlsx(&sheet, &["区县：赤坎区".into()]).unwrap();
        let settings = crate::settings::Settings::default();
        let mut loader = crate::ingest::Loader::catching(&settings, vec![3, 4, 5]);
        crate::ingest::read_file("导出.xlsx", &bytes[..], None, &mut loader, &mut |_, _| {}).unwrap();
        let (headers, rows) = loader.into_caught();
        assert_eq!(headers, sheet.headers);
        let read: Vec<Vec<String>> = rows.into_iter().map(|(_, cells)| cells).collect();
        assert_eq!(read, sheet.rows);
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(), &mut xml).unwrap();
        assert!(xml.contains(r#"s="2"><is><t xml:space="preserve">-1+1</t>"#), "typed as text: {xml}");
    }
}
