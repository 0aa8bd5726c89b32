//! The ticket table as the core builds it (columns mapped, values normalised, regions and
//! categories resolved), written as Parquet partitioned by statistical month
//! (`DIR/month=2021-01/tickets.parquet`), each row with its source file and row, and the
//! rows' accounting beside it (`DIR/accounting.json`). Engines that run the report's SQL
//! on a province's cluster read these files (issue 22). Native only: the page never
//! writes Parquet.

use std::fs::File;
use std::path::Path;
use std::sync::Arc;

use arrow_array::builder::{BooleanBuilder, Int32Builder, StringBuilder, TimestampMicrosecondBuilder};
use arrow_array::{ArrayRef, Int64Array, RecordBatch, StringArray};
use arrow_schema::{DataType, Field as ParquetColumn, Schema, TimeUnit};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use serde::Serialize;

use crate::ingest::accounting::Accounting;
use crate::ingest::Loaded;
use crate::period::{date_of, MonthId, Period};
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

/// The Parquet columns, in order, each with its type. Times are wall-clock times of the
/// city (no zone), in microseconds; a field no file supplied is null throughout.
pub fn schema() -> Schema {
    let text = |name: &str| ParquetColumn::new(name, DataType::Utf8, true);
    let time = |name: &str| ParquetColumn::new(name, DataType::Timestamp(TimeUnit::Microsecond, None), true);
    let count = |name: &str| ParquetColumn::new(name, DataType::Int32, true);
    Schema::new(vec![
        text("id"),
        time("intake_time"),
        text("channel"),
        text("platform"),
        text("ticket_type"),
        ParquetColumn::new("transferred", DataType::Boolean, true),
        text("transfer_category"),
        text("category1"),
        text("category2"),
        text("category3"),
        text("region"),
        text("town"),
        text("unit"),
        text("unit_kind"),
        time("deadline"),
        time("closed_time"),
        text("status"),
        ParquetColumn::new("replied", DataType::Boolean, true),
        text("satisfaction"),
        text("content"),
        text("duty_leader"),
        text("duty_leader_unit"),
        text("caller"),
        text("address"),
        text("title"),
        text("reply"),
        count("returns"),
        count("redispatches"),
        count("extensions"),
        count("urges"),
        ParquetColumn::new("source_file", DataType::Utf8, false),
        ParquetColumn::new("source_row", DataType::Int64, false),
    ])
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

/// The table's rows of one month as a batch of `schema()`.
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
    let columns: Vec<ArrayRef> = vec![
        text(Field::Id, &t.id),
        time(Field::IntakeTime, &t.intake),
        text(Field::Channel, &t.channel),
        text(Field::Platform, &t.platform),
        text(Field::TicketType, &t.ticket_type),
        Arc::new(transferred.finish()),
        text(Field::TransferCategory, &t.transfer_category),
        level(c1),
        level(c2),
        level(c3),
        text(Field::Region, &t.region),
        text(Field::Town, &t.town),
        text(Field::Unit, &t.unit),
        text(Field::UnitKind, &t.unit_kind),
        time(Field::Deadline, &t.deadline),
        time(Field::ClosedTime, &t.closed),
        text(Field::Status, &t.status),
        Arc::new(replied.finish()),
        text(Field::Satisfaction, &t.satisfaction),
        text(Field::Content, &t.content),
        text(Field::DutyLeader, &t.leader),
        text(Field::DutyLeaderUnit, &t.leader_unit),
        text(Field::Caller, &t.caller),
        text(Field::Address, &t.address),
        text(Field::Title, &t.title),
        text(Field::Reply, &t.reply),
        count(Field::Returns, 0),
        count(Field::Redispatches, 1),
        count(Field::Extensions, 2),
        count(Field::Urges, 3),
        Arc::new(rows.iter().map(|&r| files.get(t.origin[r].file()).map(String::as_str)).collect::<StringArray>()),
        Arc::new(rows.iter().map(|&r| t.origin[r].row() as i64).collect::<Int64Array>()),
    ];
    RecordBatch::try_new(Arc::new(schema()), columns).map_err(|e| format!("内部错误：无法组成 Parquet 数据：{e}"))
}

/// Writes the loaded tickets under `dir`, a directory per statistical month (months begin
/// on `start_day`), and the accounting beside them.
pub fn write(loaded: &Loaded, start_day: u32, dir: &Path) -> Result<Written, String> {
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
        let folder = dir.join(format!("month={month}"));
        std::fs::create_dir_all(&folder).map_err(|e| failed(&folder.display().to_string(), &e))?;
        let path = folder.join("tickets.parquet");
        let shown = path.display().to_string();
        let file = File::create(&path).map_err(|e| failed(&shown, &e))?;
        let mut writer =
            ArrowWriter::try_new(file, Arc::new(schema()), Some(properties.clone())).map_err(|e| failed(&shown, &e))?;
        // Batches of a bounded size keep the memory of a large month in check.
        for chunk in rows.chunks(64 * 1024) {
            writer.write(&batch(table, &files, chunk)?).map_err(|e| failed(&shown, &e))?;
        }
        writer.close().map_err(|e| failed(&shown, &e))?;
    }
    let months: Vec<(MonthId, u64)> = by_month.iter().map(|(m, rows)| (*m, rows.len() as u64)).collect();
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
