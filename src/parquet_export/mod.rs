//! The ticket table as the core builds it (columns mapped, values normalised, regions and
//! categories resolved), written as Parquet partitioned by statistical month
//! (`DIR/tickets/month=2021-01/tickets.parquet`), each row with its source file and row;
//! the settings as small tables (`DIR/settings/<table>.parquet`, `settings_tables`); what
//! the core finds by reading texts, which portable SQL cannot (the repeats,
//! `DIR/repeats/`, `repeats_tables`; the new phrases, `DIR/warning/`, `warning_tables`); and
//! the rows' accounting (`DIR/accounting.json`). Engines that run the report's SQL
//! (`src/sql/`) on a province's cluster read these files (issue 22). Native only: the
//! page never writes Parquet.

pub mod repeats_tables;
pub mod settings_tables;
pub mod small_table;
pub mod warning_tables;

use std::fs::File;
use std::path::Path;
use std::sync::Arc;

use arrow_array::builder::{BooleanBuilder, Int32Builder, StringBuilder, TimestampMicrosecondBuilder};
use arrow_array::{ArrayRef, Int64Array, RecordBatch, StringArray};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use serde::Serialize;

use crate::ingest::accounting::Accounting;
use crate::ingest::Loaded;
use crate::period::{date_of, MonthId, Period};
use crate::settings::Settings;
use crate::table::{Field, TicketTable, NO_TIME};

/// What `write` wrote: each month's directory and rows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Written {
    pub months: Vec<(MonthId, u64)>,
}

/// The accounting file beside the months: every row read has its place, as in the page
/// (every ticket kept is written, so all are counted as accepted).
#[derive(Serialize)]
struct AccountingFile<'a> {
    files: Vec<&'a str>,
    accounting: Accounting,
    /// Rows per month directory, by its name (`2021-01`).
    months: Vec<(String, u64)>,
}

/// A text column's cells by row.
trait Column {
    fn cell(&self, row: usize) -> &str;
}

impl Column for crate::table::TextColumn {
    fn cell(&self, row: usize) -> &str {
        self.get(row)
    }
}

impl Column for crate::table::SymbolColumn {
    fn cell(&self, row: usize) -> &str {
        self.get(row)
    }
}

/// The rows' cells of a column, or nulls for a field no file supplied.
fn strings(rows: &[usize], present: bool, column: &dyn Column) -> ArrayRef {
    let mut b = StringBuilder::new();
    for &r in rows {
        if present {
            b.append_value(column.cell(r));
        } else {
            b.append_null();
        }
    }
    Arc::new(b.finish())
}

/// The table's rows of one month as a batch: each column named once, beside its values
/// (the schema follows from them). Times are wall-clock times of the city (no zone), in
/// microseconds; a field no file supplied is null throughout.
fn batch(table: &TicketTable, files: &[String], rows: &[usize]) -> Result<RecordBatch, String> {
    let has = |field: Field| table.present.contains(&field);
    let text = |field: Field, column: &dyn Column| strings(rows, has(field), column);
    let time = |field: Field, times: &[i64]| -> ArrayRef {
        let mut b = TimestampMicrosecondBuilder::new();
        for &r in rows {
            match times[r] {
                t if t == NO_TIME || !has(field) => b.append_null(),
                t => b.append_value(t * 1_000_000),
            }
        }
        Arc::new(b.finish())
    };
    let count = |field: Field, at: usize| -> ArrayRef {
        let mut b = Int32Builder::new();
        for &r in rows {
            if has(field) {
                b.append_value(i32::from(table.markers[at].get(r)));
            } else {
                b.append_null();
            }
        }
        Arc::new(b.finish())
    };
    let t = table;
    let [c1, c2, c3] = &t.category;
    let category = has(Field::Category1) || has(Field::CategoryPath) || has(Field::CategoryCode);
    let level = |column: &crate::table::SymbolColumn| strings(rows, category, column);
    let mut transferred = BooleanBuilder::new();
    let mut replied = BooleanBuilder::new();
    for &r in rows {
        transferred.append_value(t.transferred[r]);
        replied.append_option(t.replied[r]);
    }
    let columns: Vec<(&str, ArrayRef)> = vec![
        ("id", text(Field::Id, &t.id)),
        ("intake_time", time(Field::IntakeTime, &t.intake)),
        ("channel", text(Field::Channel, &t.channel)),
        ("platform", text(Field::Platform, &t.platform)),
        ("ticket_type", text(Field::TicketType, &t.ticket_type)),
        ("transferred", Arc::new(transferred.finish())),
        ("transfer_category", text(Field::TransferCategory, &t.transfer_category)),
        ("category1", level(c1)),
        ("category2", level(c2)),
        ("category3", level(c3)),
        ("region", text(Field::Region, &t.region)),
        ("town", text(Field::Town, &t.town)),
        ("unit", text(Field::Unit, &t.unit)),
        ("unit_kind", text(Field::UnitKind, &t.unit_kind)),
        ("deadline", time(Field::Deadline, &t.deadline)),
        ("closed_time", time(Field::ClosedTime, &t.closed)),
        ("status", text(Field::Status, &t.status)),
        ("replied", Arc::new(replied.finish())),
        ("satisfaction", text(Field::Satisfaction, &t.satisfaction)),
        ("content", text(Field::Content, &t.content)),
        ("duty_leader", text(Field::DutyLeader, &t.leader)),
        ("duty_leader_unit", text(Field::DutyLeaderUnit, &t.leader_unit)),
        ("caller", text(Field::Caller, &t.caller)),
        ("address", text(Field::Address, &t.address)),
        ("title", text(Field::Title, &t.title)),
        ("reply", text(Field::Reply, &t.reply)),
        ("returns", count(Field::Returns, 0)),
        ("redispatches", count(Field::Redispatches, 1)),
        ("extensions", count(Field::Extensions, 2)),
        ("urges", count(Field::Urges, 3)),
        (
            "source_file",
            Arc::new(rows.iter().map(|&r| files.get(t.origin[r].file()).map(String::as_str)).collect::<StringArray>()),
        ),
        ("source_row", Arc::new(rows.iter().map(|&r| t.origin[r].row() as i64).collect::<Int64Array>())),
    ];
    // Every column may be null (a field no file had), whatever this batch holds.
    RecordBatch::try_from_iter_with_nullable(columns.into_iter().map(|(name, values)| (name, values, true)))
        .map_err(|e| format!("内部错误：无法组成 Parquet 数据：{e}"))
}

/// Writes the loaded tickets under `dir/tickets`, a directory per statistical month (under
/// the settings' period rule), the settings' tables under `dir/settings`, and the
/// accounting beside them.
pub fn write(loaded: &Loaded, settings: &Settings, dir: &Path) -> Result<Written, String> {
    let start_day = settings.period.start_day;
    let table = &loaded.table;
    let files: Vec<String> = loaded.files.iter().map(|f| f.name.clone()).collect();
    let mut by_month: Vec<(MonthId, Vec<usize>)> = Vec::new();
    for (row, &ts) in table.intake.iter().enumerate() {
        let month = Period::month_of(date_of(ts), start_day);
        match by_month.iter_mut().find(|(m, _)| *m == month) {
            Some((_, rows)) => rows.push(row),
            None => by_month.push((month, vec![row])),
        }
    }
    by_month.sort_by_key(|(m, _)| *m);
    let failed = |what: &str, e: &dyn std::fmt::Display| format!("无法写入“{what}”：{e}");
    let properties = WriterProperties::builder().set_compression(Compression::SNAPPY).build();
    for (month, rows) in &by_month {
        let folder = dir.join("tickets").join(format!("month={month}"));
        std::fs::create_dir_all(&folder).map_err(|e| failed(&folder.display().to_string(), &e))?;
        let path = folder.join("tickets.parquet");
        let shown = path.display().to_string();
        let file = File::create(&path).map_err(|e| failed(&shown, &e))?;
        // Batches of a bounded size keep the memory of a large month in check; the first
        // one's schema is every one's (the same columns, in order).
        let mut batches = rows.chunks(64 * 1024).map(|chunk| batch(table, &files, chunk));
        let first = batches.next().expect("a month holds rows")?;
        let mut writer =
            ArrowWriter::try_new(file, first.schema(), Some(properties.clone())).map_err(|e| failed(&shown, &e))?;
        writer.write(&first).map_err(|e| failed(&shown, &e))?;
        for next in batches {
            writer.write(&next?).map_err(|e| failed(&shown, &e))?;
        }
        writer.close().map_err(|e| failed(&shown, &e))?;
    }
    let months: Vec<(MonthId, u64)> = by_month.iter().map(|(m, rows)| (*m, rows.len() as u64)).collect();
    let folder = dir.join("settings");
    std::fs::create_dir_all(&folder).map_err(|e| failed(&folder.display().to_string(), &e))?;
    let held: Vec<MonthId> = months.iter().map(|(m, _)| *m).collect();
    for table in settings_tables::tables(settings, &held) {
        table.write(&folder, &properties)?;
    }
    let folder = dir.join("repeats");
    std::fs::create_dir_all(&folder).map_err(|e| failed(&folder.display().to_string(), &e))?;
    for table in repeats_tables::tables(loaded, settings, &held) {
        table.write(&folder, &properties)?;
    }
    let folder = dir.join("warning");
    std::fs::create_dir_all(&folder).map_err(|e| failed(&folder.display().to_string(), &e))?;
    for table in warning_tables::tables(loaded, settings, &months) {
        table.write(&folder, &properties)?;
    }
    let mut kept = loaded.accounting.clone();
    kept.accepted = table.len() as u64;
    kept.outside_period = 0;
    let accounting = AccountingFile {
        files: files.iter().map(String::as_str).collect(),
        accounting: kept,
        months: months.iter().map(|(m, n)| (m.to_string(), *n)).collect(),
    };
    let path = dir.join("accounting.json");
    let json = serde_json::to_vec_pretty(&accounting).map_err(|e| failed("accounting.json", &e))?;
    std::fs::write(&path, json).map_err(|e| failed(&path.display().to_string(), &e))?;
    Ok(Written { months })
}
