//! 附件: the four attachment tables, and the list of them printed above the signature.

use super::wording::{numeral, rate, share};
use super::TableSpec;
use crate::period::MonthId;
use crate::settings::Settings;
use crate::stats::ratio::Ratio;
use crate::stats::units::Handling;
use crate::stats::Figures;

const NONE: &str = "—";

fn optional(ratio: &Option<Ratio>) -> String {
    ratio.as_ref().and_then(rate).unwrap_or_else(|| NONE.into())
}

fn handling_row(index: Option<usize>, h: &Handling) -> Vec<String> {
    vec![
        index.map(|i| i.to_string()).unwrap_or_default(),
        h.name.clone(),
        h.transferred.to_string(),
        h.closed.map(|c| c.num.to_string()).unwrap_or_else(|| NONE.into()),
        optional(&h.closed),
        optional(&h.on_time),
        optional(&h.reply),
        optional(&h.satisfaction),
        h.overdue.map(|n| n.to_string()).unwrap_or_else(|| NONE.into()),
    ]
}

fn handling_table(id: &str, caption: String, first: &str, lines: &[Handling], total: &Handling) -> TableSpec {
    let header = ["序号", first, "转办工单", "已办结", "办结率", "按时办结率", "回复率", "满意率", "超期工单"];
    let mut rows: Vec<Vec<String>> = lines.iter().enumerate().map(|(i, h)| handling_row(Some(i + 1), h)).collect();
    if !lines.is_empty() {
        rows.push(handling_row(None, total));
    }
    TableSpec { id: id.into(), caption, header: header.iter().map(|s| s.to_string()).collect(), rows }
}

/// The attachment tables that have rows, titled as the reference names its attachment
/// files (an export without units or counties has fewer attachments, renumbered).
pub fn tables(figures: &Figures, settings: &Settings) -> Vec<TableSpec> {
    let mut tables = all_tables(figures, settings);
    tables.retain(|t| t.rows.iter().any(|row| !row.first().is_some_and(|c| c.is_empty())));
    for table in &mut tables {
        drop_unknown_columns(table);
    }
    tables
}

/// A column the export cannot fill (every cell "—", e.g. 满意率 without a satisfaction
/// column) is left out rather than printed empty.
fn drop_unknown_columns(table: &mut TableSpec) {
    let unknown: Vec<usize> = (0..table.header.len())
        .filter(|&column| {
            !table.rows.is_empty() && table.rows.iter().all(|row| row.get(column).is_some_and(|c| c == NONE))
        })
        .collect();
    for &column in unknown.iter().rev() {
        table.header.remove(column);
        for row in &mut table.rows {
            row.remove(column);
        }
    }
}

fn all_tables(figures: &Figures, settings: &Settings) -> Vec<TableSpec> {
    let MonthId { year, month } = figures.period.month;
    let title = |what: &str| format!("{}{}{}（{}年{}月）", settings.city, settings.hotline, what, year, month);
    let u = &figures.units;
    let c = &u.classification;
    let mut classification_header = vec!["序号".to_string(), "分类".to_string()];
    classification_header.extend(c.types.iter().cloned());
    classification_header.push("合计".into());
    let mut classification_rows: Vec<Vec<String>> = c
        .rows
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let mut cells = vec![(i + 1).to_string(), row.category.clone()];
            cells.extend(row.counts.iter().map(u64::to_string));
            cells.push(row.total.to_string());
            cells
        })
        .collect();
    let mut totals = vec![String::new(), "合计".to_string()];
    totals.extend(c.type_totals.iter().map(u64::to_string));
    totals.push(c.total.to_string());
    classification_rows.push(totals);
    let top_rows = u
        .top_units
        .iter()
        .enumerate()
        .map(|(i, t)| {
            vec![
                (i + 1).to_string(),
                t.share.name.clone(),
                t.share.count.to_string(),
                share(&t.share),
                optional(&t.handling.closed),
                optional(&t.handling.satisfaction),
            ]
        })
        .collect();
    vec![
        handling_table(
            "attachment-counties",
            title("县（市、区）办理情况统计表"),
            "县（市、区）",
            &u.counties,
            &u.counties_total,
        ),
        handling_table(
            "attachment-departments",
            title("市直属单位办理情况统计表"),
            "单位",
            &u.departments,
            &u.departments_total,
        ),
        TableSpec {
            id: "attachment-classification".into(),
            caption: title("工单分类统计表"),
            header: classification_header,
            rows: classification_rows,
        },
        TableSpec {
            id: "attachment-top-units".into(),
            caption: title(&format!("单位工单量前{}统计表", numeral(10))),
            header: ["排名", "单位", "工单量", "占转办工单", "办结率", "满意率"]
                .iter()
                .map(|s| s.to_string())
                .collect(),
            rows: top_rows,
        },
    ]
}

/// 附件：1.…统计表（2021年1月）\n2.…
pub fn list(tables: &[TableSpec]) -> String {
    let names: Vec<String> = tables.iter().enumerate().map(|(i, t)| format!("{}.{}", i + 1, t.caption)).collect();
    format!("附件：{}", names.join("\n"))
}
