//! The new phrases the core finds, as a table beside the tickets (`DIR/warning/`), for the
//! warning section's SQL. Finding them reads every ticket's text as runs of two to four
//! characters and joins overlapping fragments back into a phrase; portable SQL has no such
//! tokeniser, so the core finds them once here, and the SQL takes them as found. The
//! alerts, which are arithmetic on monthly counts, are the SQL's own (`src/sql/warning.sql`).
//!
//! For each statistical month a letter could warn in (at least the section's `min_months`
//! held months up to it), that month's emerging phrases in the core's order:
//!
//! | table | columns |
//! |---|---|
//! | `emerging_phrases` | report_month, position (0 = first), phrase, tickets, earlier, per_10k, per_10k_earlier, earlier_months, town, town_tickets, unit, unit_tickets |
//!
//! Empty when the warning section is off.

use super::small_table::{text, Kind, SmallTable, Value};
use crate::ingest::Loaded;
use crate::period::{MonthId, Period};
use crate::query::Query;
use crate::settings::Settings;
use crate::stats::View;
use crate::trends::phrases;

/// The emerging phrases of every month in `months` (the months the data holds, with their
/// records) that a letter could warn in.
pub fn tables(loaded: &Loaded, settings: &Settings, months: &[(MonthId, u64)]) -> Vec<SmallTable> {
    use Kind::*;
    let warning = &settings.sections.warning;
    let held = crate::analysis::held_months(months);
    let mut rows = Vec::new();
    let start_day = settings.period.start_day;
    for &(month, _) in months {
        let enough = held.iter().filter(|m| **m <= month).count() >= warning.min_months.max(3);
        if !warning.enabled || !enough {
            continue;
        }
        let period = Period::of_month(month, start_day);
        let view = View::new(&loaded.table, settings, period, Some(period.previous(start_day)));
        let found = phrases::emerging_in(&Query::new(&view), month, &warning.phrase_settings()).unwrap_or_default();
        for (position, e) in found.into_iter().enumerate() {
            let (town, town_tickets) = named(e.town);
            let (unit, unit_tickets) = named(e.unit);
            rows.push(vec![
                text(month.to_string()),
                Value::Int(position as i32),
                text(e.phrase),
                Value::Int(e.tickets.count as i32),
                Value::Int(e.earlier as i32),
                Value::Float(e.per_10k),
                Value::Float(e.per_10k_earlier),
                Value::Int(e.earlier_months as i32),
                town,
                town_tickets,
                unit,
                unit_tickets,
            ]);
        }
    }
    vec![SmallTable {
        name: "emerging_phrases",
        columns: &[
            ("report_month", Text),
            ("position", Int),
            ("phrase", Text),
            ("tickets", Int),
            ("earlier", Int),
            ("per_10k", Float),
            ("per_10k_earlier", Float),
            ("earlier_months", Int),
            ("town", Text),
            ("town_tickets", Int),
            ("unit", Text),
            ("unit_tickets", Int),
        ],
        rows,
    }]
}

/// A place and its count, or two nulls.
fn named(place: Option<(String, u32)>) -> (Value, Value) {
    match place {
        Some((name, n)) => (text(name), Value::Int(n as i32)),
        None => (Value::Null, Value::Null),
    }
}
