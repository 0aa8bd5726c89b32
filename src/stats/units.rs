//! The attachments' figures: handling by county and by city department, the classification
//! table (category × ticket type) and the ten units with most tickets.

use serde::Serialize;

use super::ratio::{Ratio, Share};
use super::View;
use crate::table::{Field, NO_TIME};

/// One line of a handling table (a county or a unit).
#[derive(Debug, Clone, Serialize)]
pub struct Handling {
    pub name: String,
    pub transferred: u64,
    /// Closed ÷ transferred; None when closing is unknown.
    pub closed: Option<Ratio>,
    pub on_time: Option<Ratio>,
    pub reply: Option<Ratio>,
    pub satisfaction: Option<Ratio>,
    /// Not closed by the deadline: closed late, or still open after it.
    pub overdue: Option<u64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct UnitFigures {
    /// Attachment 1: tickets handled by county-level units, per county, and their total.
    pub counties: Vec<Handling>,
    pub counties_total: Handling,
    /// Attachment 2: tickets handled by city departments, per department, and their total.
    pub departments: Vec<Handling>,
    pub departments_total: Handling,
    /// Attachment 3: valid tickets by first-level category and type.
    pub classification: Classification,
    /// Attachment 4: the ten units with most transferred tickets.
    pub top_units: Vec<TopUnit>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Classification {
    /// Ticket types in report order (the columns).
    pub types: Vec<String>,
    /// Categories by total, largest first, each with a count per type.
    pub rows: Vec<ClassificationRow>,
    pub type_totals: Vec<u64>,
    pub total: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct ClassificationRow {
    pub category: String,
    pub counts: Vec<u64>,
    pub total: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct TopUnit {
    pub share: Share,
    pub handling: Handling,
}

/// The label for tickets without a category.
pub const UNCLASSIFIED: &str = "未分类";

fn handling(view: &View, name: String, rows: &[u32]) -> Handling {
    let table = view.table;
    let n = rows.len() as u64;
    let has_deadline = view.has(Field::Deadline);
    let on_time = rows.iter().filter(|&&r| view.closed_on_time(r)).count() as u64;
    let period_end = view.period.end_ts();
    let overdue = rows
        .iter()
        .filter(|&&r| {
            let deadline = table.deadline[r as usize];
            deadline != NO_TIME && !view.closed_on_time(r) && (view.is_closed(r) || deadline < period_end)
        })
        .count() as u64;
    Handling {
        name,
        transferred: n,
        closed: view.closed(rows),
        on_time: has_deadline.then(|| Ratio::new(on_time, n)),
        reply: view
            .has(Field::Replied)
            .then(|| Ratio::new(rows.iter().filter(|&&r| table.replied[r as usize] == Some(true)).count() as u64, n)),
        satisfaction: view.has(Field::Satisfaction).then(|| view.satisfaction(rows.iter().copied())),
        overdue: has_deadline.then_some(overdue),
    }
}

/// Groups `rows` by a column's value and builds a handling line per group, largest first.
fn by_group(view: &View, rows: &[u32], key: impl Fn(u32) -> u32, name: impl Fn(u32) -> String) -> Vec<Handling> {
    let mut groups: Vec<(u32, Vec<u32>)> = Vec::new();
    for &row in rows {
        let k = key(row);
        if k == 0 {
            continue;
        }
        match groups.iter_mut().find(|(g, _)| *g == k) {
            Some((_, members)) => members.push(row),
            None => groups.push((k, vec![row])),
        }
    }
    let mut lines: Vec<Handling> = groups.into_iter().map(|(k, members)| handling(view, name(k), &members)).collect();
    lines.sort_by(|a, b| b.transferred.cmp(&a.transferred).then(a.name.cmp(&b.name)));
    lines
}

pub fn units(view: &View) -> UnitFigures {
    let table = view.table;
    let transferred = view.current(|r| view.is_valid(r) && view.is_transferred(r));
    let kind = |name: &str| table.unit_kind.symbols.code(name);
    let (county_kind, city_kind) = (kind("县区"), kind("市直"));
    let has_kinds = view.has(Field::UnitKind);
    let counties_rows: Vec<u32> = transferred
        .iter()
        .copied()
        .filter(|&r| !has_kinds || Some(table.unit_kind.codes[r as usize]) == county_kind)
        .collect();
    let departments_rows: Vec<u32> = transferred
        .iter()
        .copied()
        .filter(|&r| has_kinds && Some(table.unit_kind.codes[r as usize]) == city_kind)
        .collect();
    let region_name = |k: u32| table.region.symbols.name(k).to_string();
    let unit_name = |k: u32| table.unit.symbols.name(k).to_string();
    let mut counties = by_group(view, &counties_rows, |r| table.region.codes[r as usize], region_name);
    // Listed counties in their official order, then any others by volume.
    let listed = &view.settings.regions;
    counties.sort_by_key(|h| listed.iter().position(|r| *r == h.name).unwrap_or(listed.len()));
    let departments = by_group(view, &departments_rows, |r| table.unit.codes[r as usize], unit_name);
    let total_transferred = transferred.len() as u64;
    let top_units = by_group(view, &transferred, |r| table.unit.codes[r as usize], unit_name)
        .into_iter()
        .take(10)
        .map(|h| TopUnit { share: Share::new(h.name.clone(), h.transferred, total_transferred), handling: h })
        .collect();
    UnitFigures {
        counties,
        counties_total: handling(view, "合计".into(), &counties_rows),
        departments,
        departments_total: handling(view, "合计".into(), &departments_rows),
        classification: classification(view),
        top_units,
    }
}

fn classification(view: &View) -> Classification {
    let table = view.table;
    let valid = view.current(|r| view.is_valid(r));
    let order = &view.settings.ticket_types.order;
    let type_counts = View::counts(&table.ticket_type, &valid);
    let mut types: Vec<(String, u32)> = (1..table.ticket_type.symbols.len() as u32)
        .filter(|&c| type_counts[c as usize] > 0)
        .map(|c| (table.ticket_type.symbols.name(c).to_string(), c))
        .collect();
    types.sort_by_key(|(name, _)| (order.iter().position(|o| o == name).unwrap_or(order.len()), name.clone()));
    let column_of: Vec<Option<usize>> =
        (0..table.ticket_type.symbols.len() as u32).map(|code| types.iter().position(|(_, c)| *c == code)).collect();
    let mut cells = vec![vec![0u64; types.len()]; table.category[0].symbols.len()];
    for &row in &valid {
        if let Some(column) = column_of[table.ticket_type.codes[row as usize] as usize] {
            cells[table.category[0].codes[row as usize] as usize][column] += 1;
        }
    }
    let mut rows: Vec<ClassificationRow> = cells
        .into_iter()
        .enumerate()
        .map(|(code, counts)| {
            let name = table.category[0].symbols.name(code as u32);
            let category = if name.is_empty() { UNCLASSIFIED.to_string() } else { name.to_string() };
            ClassificationRow { category, total: counts.iter().sum(), counts }
        })
        .filter(|row| row.total > 0)
        .collect();
    rows.sort_by(|a, b| b.total.cmp(&a.total).then(a.category.cmp(&b.category)));
    let type_totals = (0..types.len()).map(|c| rows.iter().map(|r| r.counts[c]).sum()).collect();
    Classification { types: types.into_iter().map(|(n, _)| n).collect(), type_totals, total: valid.len() as u64, rows }
}
