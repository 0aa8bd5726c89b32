//! 附件: the four attachment tables, and the list of them printed above the signature.

use super::wording::numeral;
use super::{Cell, TableSpec};
use crate::period::MonthId;
use crate::settings::Settings;
use crate::stats::ratio::{Count, Ratio};
use crate::stats::units::Handling;
use crate::stats::Figures;

/// A rate as a cell: absent when the export cannot tell (no ratio) or there is nothing to
/// divide by.
fn rate(ratio: &Option<Ratio>) -> Cell {
    Cell::rate(ratio.as_ref())
}

/// A county's or unit's line; the totals line has no 序号.
fn handling_row(index: Option<usize>, h: &Handling) -> Vec<Cell> {
    vec![
        index.map(Cell::ordinal).unwrap_or_else(|| Cell::text("")),
        Cell::text(h.name.clone()),
        Cell::tickets(Some(&h.transferred)),
        Cell::numerator(h.closed.as_ref()),
        rate(&h.closed),
        rate(&h.on_time),
        rate(&h.reply),
        rate(&h.satisfaction),
        Cell::tickets(h.overdue.as_ref()),
    ]
}

fn handling_table(id: &str, caption: String, first: &str, lines: &[Handling], total: &Handling) -> TableSpec {
    let header = ["序号", first, "转办工单", "已办结", "办结率", "按时办结率", "回复率", "满意率", "超期工单"];
    let mut rows: Vec<Vec<Cell>> = lines.iter().enumerate().map(|(i, h)| handling_row(Some(i + 1), h)).collect();
    if !lines.is_empty() {
        rows.push(handling_row(None, total));
    }
    TableSpec { id: id.into(), caption, header: header.iter().map(|s| s.to_string()).collect(), rows }
}

/// The attachment tables that have rows, titled as the reference names its attachment
/// files (an export without units or counties has fewer attachments, renumbered).
pub fn tables(figures: &Figures, settings: &Settings) -> Vec<TableSpec> {
    let mut tables = all_tables(figures, settings);
    // A table is kept for its numbered lines: a totals line alone says nothing.
    tables.retain(|t| t.rows.iter().any(|row| matches!(row.first(), Some(Cell::Ordinal { .. }))));
    for table in &mut tables {
        drop_unknown_columns(table);
    }
    tables
}

/// A column the export cannot fill (every cell absent, e.g. 满意率 without a satisfaction
/// column) is left out rather than printed empty.
fn drop_unknown_columns(table: &mut TableSpec) {
    let unknown: Vec<usize> = (0..table.header.len())
        .filter(|&column| {
            !table.rows.is_empty() && table.rows.iter().all(|row| row.get(column).is_some_and(Cell::is_absent))
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
    let mut classification_rows: Vec<Vec<Cell>> = c
        .rows
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let mut cells = vec![Cell::ordinal(i + 1), Cell::text(row.category.clone())];
            cells.extend(row.counts.iter().map(|c| Cell::tickets(Some(c))));
            cells.push(Cell::tickets(Some(&row.total)));
            cells
        })
        .collect();
    let mut totals = vec![Cell::text(""), Cell::text("合计")];
    totals.extend(c.type_totals.iter().map(|c| Cell::tickets(Some(c))));
    totals.push(Cell::tickets(Some(&c.total)));
    classification_rows.push(totals);
    let top_rows = u
        .top_units
        .iter()
        .enumerate()
        .map(|(i, t)| {
            vec![
                Cell::ordinal(i + 1),
                Cell::text(t.share.name.clone()),
                Cell::tickets(Some(&Count::of(t.share.count, t.share.selection.clone()))),
                Cell::rate(Some(&t.share.ratio())),
                rate(&t.handling.closed),
                rate(&t.handling.satisfaction),
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
        scorecard_table(figures, &title),
        TableSpec {
            id: "attachment-repeated".into(),
            caption: title("重复诉求明细表"),
            header: ["序号", "类型", "地点", "分类", "承办单位", "来电人数", "工单数"]
                .iter()
                .map(|s| s.to_string())
                .collect(),
            rows: repeated_rows(figures),
        },
        TableSpec {
            id: "attachment-false-closures".into(),
            caption: title("疑似虚假办结明细表"),
            header: ["序号", "承办单位", "办结工单编号", "答复内容", "再次来件编号", "办结后天数"]
                .iter()
                .map(|s| s.to_string())
                .collect(),
            rows: closure_rows(figures),
        },
        TableSpec {
            id: "attachment-warning".into(),
            caption: title("预警提示明细表"),
            header: ["序号", "提示", "维度", "名称", "本月工单", "预计", "正常范围", "倍数"]
                .iter()
                .map(|s| s.to_string())
                .collect(),
            rows: warning_rows(figures.warning.as_ref()),
        },
    ]
}

/// 附件 承办单位办理质量考核表: each ranked unit's indicators, score and list, then the
/// city's average (no place).
fn scorecard_table(figures: &Figures, title: &dyn Fn(&str) -> String) -> TableSpec {
    use crate::scorecard::UnitScore;
    let Some(card) = figures.quality.figures().map(|f| &f.scorecard) else {
        return TableSpec {
            id: "attachment-scorecard".into(),
            caption: title("承办单位办理质量考核表"),
            header: Vec::new(),
            rows: Vec::new(),
        };
    };
    let mut header: Vec<String> = ["排名", "单位", "转办工单"].map(String::from).to_vec();
    header.extend(card.indicators.iter().map(|i| i.label().to_string()));
    header.extend(["综合得分", "较上月", "办结用时中位数（天）", "90%工单办结用时（天）", "榜单"].map(String::from));
    let row = |place: Option<usize>, u: &UnitScore| {
        let mut cells = vec![
            place.map_or_else(|| Cell::text(""), Cell::ordinal),
            Cell::text(u.unit.clone()),
            Cell::tickets(Some(&u.tickets)),
        ];
        for indicator in &card.indicators {
            cells.push(match u.measures.iter().find(|m| m.indicator == *indicator) {
                Some(m) if indicator.is_rate() => Cell::rate(m.ratio().as_ref()),
                Some(m) => Cell::tickets(Some(&m.part)),
                None => Cell::tickets(None),
            });
        }
        let list = if card.red.contains(&u.unit) && place.is_some() {
            "红榜"
        } else if card.black.contains(&u.unit) && place.is_some() {
            "黑榜"
        } else {
            ""
        };
        cells.extend([
            Cell::decimal(Some(u.score), &u.tickets),
            Cell::decimal(u.change, &u.tickets),
            Cell::decimal(u.close_days_p50, &u.tickets),
            Cell::decimal(u.close_days_p90, &u.tickets),
            Cell::text(list),
        ]);
        cells
    };
    let mut rows: Vec<Vec<Cell>> = card.units.iter().map(|u| row(Some(u.rank), u)).collect();
    if !rows.is_empty() {
        rows.push(row(None, &card.average));
    }
    TableSpec { id: "attachment-scorecard".into(), caption: title("承办单位办理质量考核表"), header, rows }
}

/// 附件 重复诉求明细: the problems raised the settings' number of times or more.
fn repeated_rows(figures: &Figures) -> Vec<Vec<Cell>> {
    let Some(f) = figures.quality.figures() else { return Vec::new() };
    f.repeated
        .iter()
        .enumerate()
        .map(|(i, c)| {
            vec![
                Cell::ordinal(i + 1),
                Cell::text(c.kind.label()),
                Cell::text(c.place.clone()),
                Cell::text(c.category.clone()),
                Cell::text(c.unit.clone()),
                Cell::text(format!("{}", c.callers)),
                Cell::tickets(Some(&c.tickets)),
            ]
        })
        .collect()
}

/// 附件 疑似虚假办结明细: each closed ticket whose problem came back, with the unit's reply.
fn closure_rows(figures: &Figures) -> Vec<Vec<Cell>> {
    let Some(f) = figures.quality.figures() else { return Vec::new() };
    f.closure_pairs
        .iter()
        .enumerate()
        .map(|(i, p)| {
            vec![
                Cell::ordinal(i + 1),
                Cell::text(p.unit.clone()),
                Cell::text(p.closed_id.clone()),
                Cell::text(p.reply.clone()),
                Cell::text(p.returned_id.clone()),
                Cell::text(format!("{:.1}", p.days)),
            ]
        })
        .collect()
}

/// 附件 预警提示: each alert, then each new problem (none when the part is not written).
fn warning_rows(warning: Option<&crate::sections::warning::WarningFigures>) -> Vec<Vec<Cell>> {
    use crate::trends::alerts::Direction;
    let Some(w) = warning else { return Vec::new() };
    let whole = |x: f64| format!("{}", x.round() as i64);
    let alerts = w.alerts.iter().map(|a| {
        let kind = match a.direction {
            Direction::Rise => "异常增多",
            Direction::Fall => "异常减少",
        };
        vec![
            Cell::text(kind),
            Cell::text(a.dimension.clone()),
            Cell::text(a.label.clone()),
            Cell::tickets(Some(&a.observed)),
            Cell::text(whole(a.expected)),
            Cell::text(format!("{}–{}", whole(a.low), whole(a.high))),
            Cell::text(format!("{:.1}", a.observed.count as f64 / a.expected.max(0.5))),
        ]
    });
    let emerging = w.emerging.iter().flatten().map(|e| {
        vec![
            Cell::text("新出现的问题"),
            Cell::text("诉求内容"),
            Cell::text(e.phrase.clone()),
            Cell::tickets(Some(&e.tickets)),
            Cell::text("—"),
            Cell::text("—"),
            Cell::text(format!("每万宗 {:.1}（此前{}个月 {:.1}）", e.per_10k, e.earlier_months, e.per_10k_earlier)),
        ]
    });
    alerts
        .chain(emerging)
        .enumerate()
        .map(|(i, mut row)| {
            row.insert(0, Cell::ordinal(i + 1));
            row
        })
        .collect()
}

/// 附件：1.…统计表（2021年1月）\n2.…
pub fn list(tables: &[TableSpec]) -> String {
    let names: Vec<String> = tables.iter().enumerate().map(|(i, t)| format!("{}.{}", i + 1, t.caption)).collect();
    format!("附件：{}", names.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::Selection;
    use crate::stats::ratio::Count;

    fn county(name: &str, transferred: u64, closed: u64, on_time: u64) -> Handling {
        Handling {
            name: name.into(),
            transferred: Count::of(transferred, Selection::default()),
            closed: Some(Ratio::new(closed, transferred)),
            on_time: Some(Ratio::new(on_time, closed)),
            reply: None,
            satisfaction: Some(Ratio::new(0, 0)),
            overdue: Some(Count::of(transferred - on_time, Selection::default())),
        }
    }

    /// The cells without the tickets behind them (which `every_figure_opens_exactly_its_tickets` checks).
    fn unlinked(cells: &[Cell]) -> Vec<Cell> {
        cells
            .iter()
            .map(|cell| match cell.clone() {
                Cell::Count { value, .. } => Cell::Count { value, link: None },
                Cell::Percent { bp, .. } => Cell::Percent { bp, link: None },
                other => other,
            })
            .collect()
    }

    #[test]
    fn a_county_line_holds_counts_exact_percentages_and_absent_rates() {
        let lines = [county("赤坎区", 570, 541, 541), county("霞山区", 3, 0, 0)];
        let total = county("合计", 573, 541, 541);
        let table = handling_table("t", "表".into(), "县（市、区）", &lines, &total);
        assert_eq!(
            unlinked(&table.rows[0]),
            [
                Cell::ordinal(1),
                Cell::text("赤坎区"),
                Cell::count(570),
                Cell::count(541),
                Cell::percent(Some(9491)),
                Cell::percent(Some(10_000)),
                Cell::percent(None), // no reply column
                Cell::percent(None), // nobody rated
                Cell::count(29),
            ]
        );
        // Nothing closed: no on-time rate to give, which is not 0%.
        assert_eq!(unlinked(&table.rows[1])[5], Cell::percent(None));
        assert_eq!(table.rows[2][0], Cell::text(""), "the totals line has no 序号");
        let shown: Vec<_> = table.rows[0].iter().map(Cell::display).collect();
        assert_eq!(shown, ["1", "赤坎区", "570", "541", "94.91%", "100%", "—", "—", "29"]);
    }

    #[test]
    fn columns_are_dropped_by_their_cells_types_not_by_their_text() {
        let mut unknown = county("赤坎区", 2, 1, 1);
        unknown.closed = None;
        unknown.overdue = None;
        let mut named_dash = unknown.clone();
        named_dash.name = "—".into();
        let mut table = handling_table("t", "表".into(), "单位", &[named_dash], &unknown);
        drop_unknown_columns(&mut table);
        // 已办结 and 办结率 (no status), 回复率 and 满意率 (absent), 超期工单 go; 按时办结率 stays,
        // and so does the name column though a name reads "—".
        assert_eq!(table.header, ["序号", "单位", "转办工单", "按时办结率"]);
        assert_eq!(
            unlinked(&table.rows[0]),
            [Cell::ordinal(1), Cell::text("—"), Cell::count(2), Cell::percent(Some(10_000))]
        );
        assert_eq!(table.rows[0][2].link().map(|l| l.count), Some(2), "a count opens its tickets");
    }
}
