//! Pieces several sections share.

use crate::notice::{Notice, NoticeKind};
use crate::query::{Facet, Query};
use crate::report::numbering::Numbering;
use crate::report::wording::{counted, fill_template};
use crate::report::{ChartKind, ChartSpec, Series, Writer};
use crate::stats::ratio::{Change, Count, Share};
use crate::stats::View;

/// Valid transferred tickets of one transfer category in the current month, counted, and
/// all valid transferred tickets.
pub(super) fn transferred_in(view: &View, category: &str) -> (Vec<u32>, Count, Count) {
    let (all, selection) = view.valid_transferred();
    let every = Count::of(all.len() as u64, selection.clone());
    let (rows, count) = view.narrow(Facet::TransferCategory, &all, &selection, category);
    (rows, count, every)
}

/// Last month's valid transferred tickets of one transfer category (as `transferred_in`).
pub(super) fn transferred_in_previous(view: &View, category: &str) -> Vec<u32> {
    let column = &view.table.transfer_category;
    let Some(code) = column.symbols.code(category) else { return Vec::new() };
    view.previous(|r| view.is_valid(r) && view.is_transferred(r) && column.codes[r as usize] == code)
}

pub(super) fn bar(id: &str, caption: String, items: &[Share], series: &str) -> ChartSpec {
    ChartSpec {
        id: id.into(),
        caption,
        kind: ChartKind::Bar,
        categories: items.iter().map(|s| s.name.clone()).collect(),
        series: vec![Series::of(series, items.iter().map(|s| (s.count, s.selection.clone())))],
        unit: "宗".into(),
    }
}

/// 意见建议：… from the section's template; nothing when the template is empty.
pub(super) fn recommend(w: &mut Writer, id: &str, template: &str, topic: &str, total: &str) {
    let text = fill_template(template.trim(), topic, total);
    if !text.is_empty() {
        w.paragraph(id, format!("意见建议：{text}"));
    }
}

pub(super) fn joined(items: &[Share], separator: &str) -> String {
    items.iter().map(counted).collect::<Vec<_>>().join(separator)
}

/// Opens the section of a transfer category: its numbered heading, or, when the month
/// has no such tickets, a notice and `false` (the section is left out).
pub(super) fn open_section(
    w: &mut Writer,
    n: &mut Numbering,
    name: &str,
    total: u64,
    notices: &mut Vec<Notice>,
) -> bool {
    if total == 0 {
        notices.push(NoticeKind::NoTicketsOfCategory { category: name.to_string() }.into());
        return false;
    }
    w.heading(2, n.section(&format!("{name}类")));
    true
}

/// Counts a figure's selection a year earlier (同比), when the data holds that month.
pub(super) struct YearAgo<'q> {
    /// The query and the rows of the month a year earlier (every count lies among them).
    query: Option<(Query<'q>, Vec<u32>)>,
}

impl<'q> YearAgo<'q> {
    pub(super) fn new(view: &'q View<'q>) -> YearAgo<'q> {
        // Whether the data holds that month at all, before any facet keys are made.
        let start_day = view.settings.period.start_day;
        let month = view.period.month;
        let period =
            crate::period::Period::of_month(crate::period::MonthId { year: month.year - 1, ..month }, start_day);
        let rows: Vec<u32> = view
            .table
            .intake
            .iter()
            .enumerate()
            .filter(|(_, &ts)| period.contains(ts))
            .map(|(r, _)| r as u32)
            .collect();
        YearAgo { query: (!rows.is_empty()).then(|| (Query::new(view), rows)) }
    }

    /// The change with its 同比 added, when the month a year earlier is in the data.
    pub(super) fn add(&self, change: Change) -> Change {
        match &self.query {
            Some((query, rows)) => {
                let year_ago = query.count_among(&change.selection.year_ago(), rows).ok();
                change.with_year_ago(year_ago)
            }
            None => change,
        }
    }
}
