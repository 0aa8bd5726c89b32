//! The order the explorer lists a selection's tickets in: by any column it shows, either
//! way; ties keep the table's order (the files' order), so a listing is always the same.

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};

use crate::table::{SymbolColumn, TicketTable};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SortColumn {
    /// As the files had them.
    #[default]
    File,
    Time,
    Id,
    Type,
    Region,
    Town,
    Category,
    Unit,
    Content,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct Sort {
    pub column: SortColumn,
    pub descending: bool,
}

/// Each code's place when the column's names are sorted (Unicode order; blank first).
fn ranks(column: &SymbolColumn) -> Vec<u32> {
    let mut codes: Vec<u32> = (0..column.symbols.len() as u32).collect();
    codes.sort_by(|&a, &b| column.symbols.name(a).cmp(column.symbols.name(b)));
    let mut rank = vec![0; codes.len()];
    for (place, code) in codes.into_iter().enumerate() {
        rank[code as usize] = place as u32;
    }
    rank
}

/// Puts `rows` in the order `sort` asks.
pub fn sort(table: &TicketTable, rows: &mut [u32], sort: Sort) {
    let by_rank = |rows: &mut [u32], column: &SymbolColumn| {
        let rank = ranks(column);
        let key = |row: &u32| rank[column.codes[*row as usize] as usize];
        ordered(rows, sort.descending, |a, b| key(a).cmp(&key(b)));
    };
    match sort.column {
        SortColumn::File => {
            if sort.descending {
                rows.reverse();
            }
        }
        SortColumn::Time => {
            ordered(rows, sort.descending, |a, b| table.intake[*a as usize].cmp(&table.intake[*b as usize]))
        }
        SortColumn::Id => {
            ordered(rows, sort.descending, |a, b| table.id.get(*a as usize).cmp(table.id.get(*b as usize)))
        }
        SortColumn::Content => {
            ordered(rows, sort.descending, |a, b| table.content.get(*a as usize).cmp(table.content.get(*b as usize)))
        }
        SortColumn::Type => by_rank(rows, &table.ticket_type),
        SortColumn::Region => by_rank(rows, &table.region),
        SortColumn::Town => by_rank(rows, &table.town),
        SortColumn::Unit => by_rank(rows, &table.unit),
        SortColumn::Category => {
            let ranks = table.category.each_ref().map(ranks);
            let key = |row: &u32| {
                let at = *row as usize;
                [0, 1, 2].map(|level| ranks[level][table.category[level].codes[at] as usize])
            };
            ordered(rows, sort.descending, |a, b| key(a).cmp(&key(b)));
        }
    }
}

/// A stable sort, descending or not: equal rows keep their order either way.
fn ordered(rows: &mut [u32], descending: bool, compare: impl Fn(&u32, &u32) -> Ordering) {
    if descending {
        rows.sort_by(|a, b| compare(b, a));
    } else {
        rows.sort_by(compare);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> TicketTable {
        let mut t = TicketTable::default();
        for (id, time, town) in [("B", 3, "乙镇"), ("A", 1, "甲镇"), ("C", 3, "甲镇"), ("D", 2, "")] {
            t.id.push(id);
            t.intake.push(time);
            t.town.push(town);
        }
        t
    }

    fn ids(table: &TicketTable, rows: &[u32]) -> String {
        rows.iter().map(|&r| table.id.get(r as usize)).collect()
    }

    #[test]
    fn tickets_sort_by_a_column_either_way_and_ties_keep_the_files_order() {
        let t = table();
        let all = [0, 1, 2, 3];
        let sorted = |column, descending| {
            let mut rows = all;
            sort(&t, &mut rows, Sort { column, descending });
            ids(&t, &rows)
        };
        assert_eq!(sorted(SortColumn::File, false), "BACD");
        assert_eq!(sorted(SortColumn::File, true), "DCAB");
        assert_eq!(sorted(SortColumn::Time, false), "ADBC");
        assert_eq!(sorted(SortColumn::Time, true), "BCDA", "B before C: tied, in the files' order");
        assert_eq!(sorted(SortColumn::Id, true), "DCBA");
        assert_eq!(sorted(SortColumn::Town, false), "DBAC", "blank first, then 乙 (U+4E59) before 甲 (U+7532)");
    }
}
