//! The repeats the core finds, as tables beside the tickets (`DIR/repeats/`), for the
//! quality section's SQL. Linking tickets as one problem reads their texts word by word
//! against each city's vocabulary and joins the links into clusters; portable SQL has
//! neither (no tokeniser, and no recursive query on Spark before 4.1 to join the links), so
//! the core links once here, and the SQL counts what it found under the same settings.
//!
//! For each statistical month of the data (`report_month`), the repeats of that month and
//! of the month before it (`of_month`), as the month's report reads them (the scorecard's
//! change compares with last month's):
//!
//! | table | columns |
//! |---|---|
//! | `repeat_clusters` | report_month, of_month, cluster_no (1 = largest), kind, tickets, callers, place, category, unit |
//! | `repeat_cluster_tickets` | report_month, of_month, cluster_no, source_file, source_row |
//! | `repeat_again` | report_month, of_month, source_file, source_row (重复来件) |
//! | `repeat_false_closures` | report_month, of_month, position, closed_file, closed_row, returned_file, returned_row |
//!
//! Empty when the quality section is off or the data has neither a caller nor an address.

use super::small_table::{text, Kind, SmallTable, Value};
use crate::ingest::Loaded;
use crate::period::{MonthId, Period};
use crate::repeats::{self, Repeats};
use crate::sections::quality;
use crate::settings::Settings;
use crate::stats::View;
use crate::table::Field;

/// The repeats of every month in `months`.
pub fn tables(loaded: &Loaded, settings: &Settings, months: &[MonthId]) -> Vec<SmallTable> {
    use Kind::*;
    let (mut clusters, mut members, mut again, mut closures) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let table = &loaded.table;
    let files: Vec<&str> = loaded.files.iter().map(|f| f.name.as_str()).collect();
    let at = |row: u32| {
        let origin = table.origin[row as usize];
        (text(files.get(origin.file()).copied().unwrap_or("")), Value::Int(origin.row() as i32))
    };
    let quality_settings = &settings.sections.quality;
    let start_day = settings.period.start_day;
    for &month in months {
        let period = Period::of_month(month, start_day);
        let view = View::new(table, settings, period, Some(period.previous(start_day)));
        let linkable = quality::holds(&view, Field::Caller) || quality::holds(&view, Field::Address);
        if !quality_settings.enabled || !linkable {
            break;
        }
        let linked = repeats::link(&view, &quality_settings.repeat_settings());
        let before = View::new(table, settings, period.previous(start_day), None);
        for (of, view) in [(month, &view), (month.previous(), &before)] {
            let found: Repeats = linked.repeats(view);
            let key = || vec![text(month.to_string()), text(of.to_string())];
            for (i, cluster) in found.clusters.iter().enumerate() {
                let figure = quality::cluster_figure(view, i + 1, cluster);
                let mut row = key();
                row.extend([
                    Value::Int(figure.number as i32),
                    text(figure.kind.key()),
                    Value::Int(figure.tickets.count as i32),
                    Value::Int(figure.callers as i32),
                    text(figure.place),
                    text(figure.category),
                    text(figure.unit),
                ]);
                clusters.push(row);
                for &r in &cluster.rows {
                    let (file, source_row) = at(r);
                    let mut row = key();
                    row.extend([Value::Int(figure.number as i32), file, source_row]);
                    members.push(row);
                }
            }
            for &r in &found.again {
                let (file, source_row) = at(r);
                let mut row = key();
                row.extend([file, source_row]);
                again.push(row);
            }
            for (position, pair) in found.false_closures.iter().enumerate() {
                let ((closed_file, closed_row), (returned_file, returned_row)) = (at(pair.closed), at(pair.returned));
                let mut row = key();
                row.extend([Value::Int(position as i32), closed_file, closed_row, returned_file, returned_row]);
                closures.push(row);
            }
        }
    }
    vec![
        SmallTable {
            name: "repeat_clusters",
            columns: &[
                ("report_month", Text),
                ("of_month", Text),
                ("cluster_no", Int),
                ("kind", Text),
                ("tickets", Int),
                ("callers", Int),
                ("place", Text),
                ("category", Text),
                ("unit", Text),
            ],
            rows: clusters,
        },
        SmallTable {
            name: "repeat_cluster_tickets",
            columns: &[
                ("report_month", Text),
                ("of_month", Text),
                ("cluster_no", Int),
                ("source_file", Text),
                ("source_row", Int),
            ],
            rows: members,
        },
        SmallTable {
            name: "repeat_again",
            columns: &[("report_month", Text), ("of_month", Text), ("source_file", Text), ("source_row", Int)],
            rows: again,
        },
        SmallTable {
            name: "repeat_false_closures",
            columns: &[
                ("report_month", Text),
                ("of_month", Text),
                ("position", Int),
                ("closed_file", Text),
                ("closed_row", Int),
                ("returned_file", Text),
                ("returned_row", Int),
            ],
            rows: closures,
        },
    ]
}
