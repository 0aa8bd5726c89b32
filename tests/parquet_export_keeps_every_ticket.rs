//! `hotline export --parquet`: the ticket table the core builds, by statistical month, read
//! back from the Parquet files: every ticket in its month's directory with its fields and
//! its source row, a field no file had null throughout, and the accounting beside them.

use std::collections::HashMap;
use std::fs::File;

use arrow_array::{Array, Int64Array, StringArray, TimestampMicrosecondArray};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

use hotline_analyzer::ingest::{read_file, Loaded, Loader};
use hotline_analyzer::parquet_export::write;
use hotline_analyzer::sample::{csv_bytes, SampleOptions};
use hotline_analyzer::Settings;

fn load(name: &str, bytes: &[u8]) -> Loaded {
    let settings = Settings::default();
    let mut loader = Loader::new(&settings);
    read_file(name, bytes, None, &mut loader, &mut |_, _| {}).expect("the sample reads");
    loader.finish()
}

fn out_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("hotline-parquet-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// Every row of a month's file, as (id, intake in seconds, category path, source row).
fn rows_of(path: &std::path::Path) -> Vec<(String, i64, String, i64, Option<String>)> {
    let reader = ParquetRecordBatchReaderBuilder::try_new(File::open(path).unwrap()).unwrap().build().unwrap();
    let mut rows = Vec::new();
    for batch in reader {
        let batch = batch.unwrap();
        let text =
            |name: &str| batch.column_by_name(name).unwrap().as_any().downcast_ref::<StringArray>().unwrap().clone();
        let (id, c1, c2, c3, title) =
            (text("id"), text("category1"), text("category2"), text("category3"), text("title"));
        let intake = batch.column_by_name("intake_time").unwrap();
        let intake = intake.as_any().downcast_ref::<TimestampMicrosecondArray>().unwrap();
        let source = batch.column_by_name("source_row").unwrap();
        let source = source.as_any().downcast_ref::<Int64Array>().unwrap();
        for i in 0..batch.num_rows() {
            let path = format!("{}/{}/{}", c1.value(i), c2.value(i), c3.value(i));
            let title = (!title.is_null(i)).then(|| title.value(i).to_string());
            rows.push((id.value(i).to_string(), intake.value(i) / 1_000_000, path, source.value(i), title));
        }
    }
    rows
}

#[test]
fn every_ticket_is_written_in_its_month_with_its_fields_and_source_row() {
    let bytes = csv_bytes(&SampleOptions::default());
    let loaded = load("示例.csv", &bytes);
    let dir = out_dir("sample");
    let written = write(&loaded, &Settings::default(), &dir).expect("written");
    let months: Vec<String> = written.months.iter().map(|(m, _)| m.to_string()).collect();
    assert_eq!(months, ["2020-12", "2021-01"]);
    let t = &loaded.table;
    let row_of: HashMap<&str, usize> = (0..t.len()).map(|r| (t.id.get(r), r)).collect();
    let mut total = 0;
    for (month, count) in &written.months {
        let rows = rows_of(&dir.join("tickets").join(format!("month={month}")).join("tickets.parquet"));
        assert_eq!(rows.len() as u64, *count, "{month}");
        for (id, intake, path, source, title) in &rows {
            let r = row_of[id.as_str()];
            assert_eq!(*intake, t.intake[r], "{id}: intake");
            let [a, b, c] = &t.category;
            assert_eq!(path, &format!("{}/{}/{}", a.get(r), b.get(r), c.get(r)));
            assert_eq!(*source as u64, t.origin[r].row(), "{id}: its row in the file");
            assert_eq!(title.as_deref(), Some(t.title.get(r)));
        }
        total += rows.len();
    }
    assert_eq!(total, t.len(), "every ticket, once");
    let accounting: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("accounting.json")).unwrap()).unwrap();
    assert_eq!(accounting["accounting"]["input_rows"], t.len() as u64);
    assert_eq!(accounting["accounting"]["accepted"], t.len() as u64);
    assert_eq!(accounting["months"][1][0], "2021-01");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_field_no_file_supplied_is_null_throughout() {
    // The sample without its 标题 column.
    let text = String::from_utf8(csv_bytes(&SampleOptions::default())).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let at = header.iter().position(|h| *h == "标题").expect("the sample has 标题");
    let without = |line: &str| {
        let mut cells: Vec<&str> = line.split(',').collect();
        cells.remove(at);
        cells.join(",")
    };
    let mut csv = without(text.lines().next().unwrap());
    for line in lines.take(2000) {
        csv.push('\n');
        csv.push_str(&without(line));
    }
    let loaded = load("无标题.csv", csv.as_bytes());
    let dir = out_dir("untitled");
    let written = write(&loaded, &Settings::default(), &dir).expect("written");
    let (month, _) = written.months[0];
    let rows = rows_of(&dir.join("tickets").join(format!("month={month}")).join("tickets.parquet"));
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|r| r.4.is_none()), "no title anywhere");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The rows of a small table's file where `report_month` and `of_month` are as given,
/// with the text of column `column` (or its number, as text).
fn small_rows(path: &std::path::Path, report: &str, of: &str, column: &str) -> Vec<String> {
    let reader = ParquetRecordBatchReaderBuilder::try_new(File::open(path).unwrap()).unwrap().build().unwrap();
    let mut out = Vec::new();
    for batch in reader {
        let batch = batch.unwrap();
        let text =
            |name: &str| batch.column_by_name(name).unwrap().as_any().downcast_ref::<StringArray>().unwrap().clone();
        let (r, o) = (text("report_month"), text("of_month"));
        let values = batch.column_by_name(column).unwrap();
        for i in 0..batch.num_rows() {
            if r.value(i) == report && o.value(i) == of {
                out.push(match values.as_any().downcast_ref::<StringArray>() {
                    Some(s) => s.value(i).to_string(),
                    None => values.as_any().downcast_ref::<arrow_array::Int32Array>().unwrap().value(i).to_string(),
                });
            }
        }
    }
    out
}

#[test]
fn the_repeats_the_core_found_are_written_beside_the_tickets() {
    let settings = Settings::default();
    let bytes = csv_bytes(&SampleOptions::default());
    let loaded = load("示例.csv", &bytes);
    let dir = out_dir("repeats");
    write(&loaded, &settings, &dir).expect("written");
    let analysis = hotline_analyzer::analyze(
        vec![hotline_analyzer::Input::new("示例.csv", &bytes[..])],
        &settings,
        &mut |_, _, _| {},
    )
    .unwrap();
    let quality = analysis.figures.quality.figures().expect("the sample has callers and addresses");
    let repeats = dir.join("repeats");
    let table =
        |name: &str, column: &str| small_rows(&repeats.join(format!("{name}.parquet")), "2021-01", "2021-01", column);
    // The month's clusters, numbered as the letter numbers them, with its figures.
    let kinds = table("repeat_clusters", "kind");
    assert_eq!(kinds.len(), quality.clusters);
    let places = table("repeat_clusters", "place");
    for (at, cluster) in quality.top.iter().enumerate() {
        assert_eq!((kinds[at].as_str(), places[at].as_str()), (cluster.kind.key(), cluster.place.as_str()));
    }
    assert_eq!(table("repeat_again", "source_row").len() as u64, quality.again.num);
    assert_eq!(table("repeat_false_closures", "closed_row").len() as u64, quality.false_closures.count);
    // Each member is a ticket of the table, by its file and row.
    let rows: std::collections::HashSet<String> = table("repeat_cluster_tickets", "source_row").into_iter().collect();
    let t = &loaded.table;
    let source_rows: std::collections::HashSet<String> = (0..t.len()).map(|r| t.origin[r].row().to_string()).collect();
    assert!(rows.is_subset(&source_rows));
    // Last month's repeats as this month's report reads them are there too.
    assert!(!small_rows(&repeats.join("repeat_clusters.parquet"), "2021-01", "2020-12", "kind").is_empty());
    std::fs::remove_dir_all(&dir).unwrap();
}
