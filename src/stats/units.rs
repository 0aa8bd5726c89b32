//! The attachments' figures: handling by county and by city department, the classification
//! table (category × ticket type) and the ten units with most tickets.

use serde::Serialize;

use super::ratio::{Count, Ratio, Share};
use super::View;
use crate::query::{Facet, Selection, YES};
use crate::table::Field;

/// One line of a handling table (a county or a unit).
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct Handling {
    pub name: String,
    pub transferred: Count,
    /// Closed ÷ transferred; None when closing is unknown.
    pub closed: Option<Ratio>,
    pub on_time: Option<Ratio>,
    pub reply: Option<Ratio>,
    pub satisfaction: Option<Ratio>,
    /// Not closed by the deadline: closed late, or still open after it.
    pub overdue: Option<Count>,
}

#[derive(Debug, Clone, Serialize, serde::Deserialize)]
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

#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct Classification {
    /// Ticket types in report order (the columns).
    pub types: Vec<String>,
    /// Categories by total, largest first, each with a count per type.
    pub rows: Vec<ClassificationRow>,
    pub type_totals: Vec<Count>,
    pub total: Count,
}

#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct ClassificationRow {
    pub category: String,
    pub counts: Vec<Count>,
    pub total: Count,
}

#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct TopUnit {
    pub share: Share,
    pub handling: Handling,
}

/// The label for tickets without a category.
pub const UNCLASSIFIED: &str = "未分类";

/// The handling line of `rows`, the tickets of `base`.
fn handling(view: &View, name: String, rows: &[u32], base: &Selection) -> Handling {
    let table = view.table;
    let has_deadline = view.has(Field::Deadline);
    let overdue = view.part(rows, base, Facet::Overdue, YES, |r| view.is_overdue(r));
    Handling {
        name,
        transferred: Count::of(rows.len() as u64, base.clone()),
        closed: view.closed(rows, base),
        on_time: has_deadline.then(|| view.part(rows, base, Facet::OnTime, YES, |r| view.closed_on_time(r))),
        reply: view
            .has(Field::Replied)
            .then(|| view.part(rows, base, Facet::Replied, YES, |r| table.replied[r as usize] == Some(true))),
        satisfaction: view.has(Field::Satisfaction).then(|| view.satisfaction(rows.iter().copied(), base)),
        overdue: has_deadline.then(|| Count::of(overdue.num, overdue.num_selection)),
    }
}

/// Groups `rows` (the tickets of `base`) by an interned facet's value and builds a handling
/// line per group, largest first.
fn by_group(view: &View, rows: &[u32], base: &Selection, facet: Facet) -> Vec<Handling> {
    let column = facet.column(view.table).expect("grouped by an interned column");
    let key = |row: u32| column.codes[row as usize];
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
    let mut lines: Vec<Handling> = groups
        .into_iter()
        .map(|(k, members)| {
            let name = column.symbols.name(k);
            handling(view, name.to_string(), &members, &base.and(facet.clone(), name))
        })
        .collect();
    lines.sort_by(|a, b| b.transferred.count.cmp(&a.transferred.count).then(a.name.cmp(&b.name)));
    lines
}

pub fn units(view: &View) -> UnitFigures {
    let table = view.table;
    let (transferred, transferred_selection) = view.valid_transferred();
    let kind = |name: &str| table.unit_kind.symbols.code(name);
    let (county_kind, city_kind) = (kind("县区"), kind("市直"));
    let has_kinds = view.has(Field::UnitKind);
    let counties_selection =
        if has_kinds { transferred_selection.and(Facet::UnitKind, "县区") } else { transferred_selection.clone() };
    let departments_selection = transferred_selection.and(Facet::UnitKind, "市直");
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
    let mut counties = by_group(view, &counties_rows, &counties_selection, Facet::Region);
    // Listed counties in their official order, then any others by volume.
    let listed = &view.settings.regions;
    counties.sort_by_key(|h| listed.iter().position(|r| *r == h.name).unwrap_or(listed.len()));
    let departments = by_group(view, &departments_rows, &departments_selection, Facet::Unit);
    let total_transferred = transferred.len() as u64;
    let top_units = by_group(view, &transferred, &transferred_selection, Facet::Unit)
        .into_iter()
        .take(10)
        .map(|h| {
            let (count, selection) = (h.transferred.count, h.transferred.selection.clone());
            let share = Share::of(h.name.clone(), count, selection, total_transferred, transferred_selection.clone());
            TopUnit { share, handling: h }
        })
        .collect();
    UnitFigures {
        counties,
        counties_total: handling(view, "合计".into(), &counties_rows, &counties_selection),
        departments,
        departments_total: handling(view, "合计".into(), &departments_rows, &departments_selection),
        classification: classification(view),
        top_units,
    }
}

fn classification(view: &View) -> Classification {
    let table = view.table;
    let (valid, valid_selection) = view.valid();
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
    // Only the types shown are counted: the classification's selections name them.
    let shown = valid_selection.and_any(Facet::Type, types.iter().map(|(name, _)| name.clone()));
    let of_type = |base: &Selection, column: usize| base.and(Facet::Type, types[column].0.as_str());
    let mut rows: Vec<ClassificationRow> = cells
        .into_iter()
        .enumerate()
        .map(|(code, counts)| {
            let name = table.category[0].symbols.name(code as u32);
            let category = if name.is_empty() { UNCLASSIFIED.to_string() } else { name.to_string() };
            let in_category = shown.and(Facet::Category1, name);
            let total = Count::of(counts.iter().sum(), in_category.clone());
            let counts = counts.iter().enumerate().map(|(c, &n)| Count::of(n, of_type(&in_category, c))).collect();
            ClassificationRow { category, total, counts }
        })
        .filter(|row| row.total.count > 0)
        .collect();
    rows.sort_by(|a, b| b.total.count.cmp(&a.total.count).then(a.category.cmp(&b.category)));
    let type_totals = (0..types.len())
        .map(|c| Count::of(rows.iter().map(|r| r.counts[c].count).sum(), of_type(&valid_selection, c)))
        .collect();
    let total = Count::of(valid.len() as u64, valid_selection);
    Classification { types: types.into_iter().map(|(n, _)| n).collect(), type_totals, total, rows }
}
