//! The report's statistics as SQL (`src/sql/`, run by `scripts/figures_sql.py`) on DuckDB
//! and on Spark in local mode, over what `hotline export --parquet` writes, equal the
//! core's figures field by field: on the reference months, over thirteen months (with a
//! month a year earlier), and on the planted histories whose early warning lists alerts
//! of every kind (a rise and a fall, on last year's basis and on the trailing months', in
//! a category, a town, a unit and a topic, more than are listed) and a new phrase.
//! Each engine's figures alone give the core's letter word for word (the golden report on
//! the reference months). Selections (which tickets a figure opens) stay with the core.
//!
//! Needs python3 with duckdb and pyspark, and Java: `bash scripts/setup.sh --test`.

use std::path::{Path, PathBuf};
use std::process::Command;

use hotline_analyzer::imported::report_from_figures;
use hotline_analyzer::ingest::{read_file, Loader};
use hotline_analyzer::sample::{csv_by_month, csv_bytes, SampleOptions};
use hotline_analyzer::{analyze, Input, Settings};
use serde_json::Value;

mod figures_json;
use figures_json::as_the_report_reads_them;

/// The sections whose SQL is written, and those not yet. Every section is in one list or
/// the other.
const IN_SQL: &[&str] = &[
    "intake",
    "secondary",
    "leader_duty",
    "tickets",
    "transferred",
    "consultation",
    "livelihood",
    "consumer",
    "economic",
    "admin_efficiency",
    "units",
    "quality",
    "warning",
];
const NOT_YET_IN_SQL: &[&str] = &[];

/// One data set: the sample under some options (as one file, or a file per month with
/// some months' files left out), analysed under some settings.
struct DataSet {
    name: &'static str,
    options: SampleOptions,
    settings: String,
    left_out: &'static [&'static str],
    /// What the core's warning part must hold, so the comparison covers it: `rise`,
    /// `fall`, `last_year`, `trailing` (the bases), `topic` (a topic's alert), `more`
    /// (more alerts than listed), `phrase` (a new phrase).
    warns: &'static [&'static str],
}

/// What a warning part holds, in `DataSet::warns`' words.
fn warned(warning: &Value) -> Vec<&'static str> {
    let alerts = warning["alerts"].as_array().cloned().unwrap_or_default();
    let any = |f: &dyn Fn(&Value) -> bool| alerts.iter().any(f);
    let mut found = Vec::new();
    for (word, held) in [
        ("rise", any(&|a| a["direction"] == "rise")),
        ("fall", any(&|a| a["direction"] == "fall")),
        ("last_year", any(&|a| a["basis"]["kind"] == "last_year")),
        ("trailing", any(&|a| a["basis"]["kind"] == "trailing")),
        ("topic", any(&|a| a["dimension"].as_str().is_some_and(|d| d.starts_with("热点")))),
        ("more", warning["more_alerts"].as_u64().is_some_and(|n| n > 0)),
        ("phrase", warning["emerging"].as_array().is_some_and(|e| !e.is_empty())),
    ] {
        if held {
            found.push(word);
        }
    }
    found
}

/// The data set's files.
fn files(set: &DataSet) -> Vec<(String, Vec<u8>)> {
    if set.left_out.is_empty() {
        return vec![("示例.csv".into(), csv_bytes(&set.options))];
    }
    csv_by_month(&set.options)
        .into_iter()
        .filter(|(month, _)| !set.left_out.contains(&month.to_string().as_str()))
        .map(|(month, bytes)| (format!("工单-{month}.csv"), bytes))
        .collect()
}

/// The data set exported as Parquet under a fresh directory, with the core's figures and
/// its letter.
fn exported(engine: &str, set: &DataSet, settings: &Settings) -> (PathBuf, Value, String) {
    let files = files(set);
    let dir = std::env::temp_dir().join(format!("hotline-sql-{engine}-{}-{}", set.name, std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let mut loader = Loader::new(settings);
    for (name, bytes) in &files {
        read_file(name, &bytes[..], None, &mut loader, &mut |_, _| {}).unwrap();
    }
    hotline_analyzer::parquet_export::write(&loader.finish(), settings, &dir).unwrap();
    let inputs = files.iter().map(|(name, bytes)| Input::new(name, &bytes[..])).collect();
    let analysis = analyze(inputs, settings, &mut |_, _, _| {}).unwrap();
    // Through text, as the SQL's figures come: a float then parses the same on both sides
    // (serde_json's default parsing may land one unit in the last place off).
    let figures = serde_json::from_str(&serde_json::to_string(&analysis.figures).unwrap()).unwrap();
    (dir, figures, hotline_analyzer::report::text::render(&analysis.document))
}

/// The figures the SQL gives on `engine` over the exported directory.
fn figures_by_sql(engine: &str, dir: &Path) -> Value {
    let out = dir.join(format!("figures-{engine}.json"));
    let run = Command::new("python3")
        .args(["scripts/figures_sql.py", "--engine", engine])
        .arg(dir)
        .arg("--out")
        .arg(&out)
        .output()
        .expect("python3 runs (bash scripts/setup.sh --test installs what the SQL needs)");
    assert!(
        run.status.success(),
        "{engine} failed (bash scripts/setup.sh --test installs duckdb and pyspark):\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    serde_json::from_str(&std::fs::read_to_string(out).unwrap()).unwrap()
}

/// Every field where `a` and `b` differ, by its path.
fn differences(a: &Value, b: &Value, path: &str, out: &mut Vec<String>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let mut keys: Vec<&String> = x.keys().chain(y.keys()).collect();
            keys.sort();
            keys.dedup();
            for key in keys {
                let null = Value::Null;
                differences(x.get(key).unwrap_or(&null), y.get(key).unwrap_or(&null), &format!("{path}.{key}"), out);
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (a, b)) in x.iter().zip(y).enumerate() {
                differences(a, b, &format!("{path}[{i}]"), out);
            }
        }
        // A float field holding a whole number reads 100.0 from the core and 100 from JSON
        // written elsewhere: the same number.
        (Value::Number(x), Value::Number(y)) if x.as_f64() == y.as_f64() => {}
        _ if a != b => out.push(format!("{path}: core {a}, SQL {b}")),
        _ => {}
    }
}

/// Compares every section in SQL, on `engine`, for each exported data set.
fn sql_equals_core(engine: &str, sets: &[DataSet]) {
    for set in sets {
        let settings = Settings::from_json(&set.settings).unwrap();
        let (dir, core, letter) = exported(engine, set, &settings);
        let sql = figures_by_sql(engine, &dir);
        let (core, sql) = (as_the_report_reads_them(&core), as_the_report_reads_them(&sql));
        let mut out = Vec::new();
        for section in IN_SQL {
            differences(&core[*section], &sql[*section], section, &mut out);
        }
        let fields = |v: &Value| v.to_string().matches(':').count();
        let warning = &core["warning"];
        let summary = match warning["alerts"].as_array() {
            Some(alerts) => format!(
                "{} alerts listed and {} more, {} new phrases",
                alerts.len(),
                warning["more_alerts"],
                warning["emerging"].as_array().map_or(0, Vec::len)
            ),
            None => "no warning part".into(),
        };
        println!(
            "{engine}, {}: {} sections equal the core's ({} values; {summary})",
            set.name,
            IN_SQL.len(),
            IN_SQL.iter().map(|s| fields(&sql[*s])).sum::<usize>(),
        );
        let held = warned(&core["warning"]);
        for word in set.warns {
            assert!(held.contains(word), "{}: the core's warning part holds no {word} (it holds {held:?})", set.name);
        }
        differences(&core["period"], &sql["period"], "period", &mut out);
        differences(&core["previous"], &sql["previous"], "previous", &mut out);
        assert!(out.is_empty(), "{engine}, {}: {} differences:\n{}", set.name, out.len(), out.join("\n"));
        // Nothing is missing for the letter: the engine's figures alone give the core's
        // letter, word for word, and on the reference months the golden report.
        let json = std::fs::read_to_string(dir.join(format!("figures-{engine}.json"))).unwrap();
        let (_, document, _) = report_from_figures(&json, &settings).unwrap();
        let from_sql = hotline_analyzer::report::text::render(&document);
        assert_eq!(from_sql, letter, "{engine}, {}: the letter from the engine's figures", set.name);
        if set.name == "reference-months" {
            let golden = std::fs::read_to_string("tests/reference/golden-report.txt").unwrap();
            assert_eq!(from_sql, golden, "{engine}'s figures give the golden report");
            // And so does the command line a data office runs on them.
            let rendered = Command::new(env!("CARGO_BIN_EXE_hotline"))
                .args(["render", "--figures"])
                .arg(dir.join(format!("figures-{engine}.json")))
                .output()
                .unwrap();
            assert!(rendered.status.success(), "{}", String::from_utf8_lossy(&rendered.stderr));
            assert_eq!(String::from_utf8_lossy(&rendered.stdout), golden, "hotline render --figures");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// Loose thresholds, so a month's warning lists many alerts of every kind and more.
const LOOSE: &str = r#""warning": {"sigmas": 2, "variation_percent": 0, "rise_percent": 110, "fall_percent": 90, "min_count": 1, "shown": 20}"#;

fn data_sets() -> Vec<DataSet> {
    let planted = |months, scale| SampleOptions { months, scale, planted: true, ..SampleOptions::default() };
    let loose_in_september = format!(r#"{{"period": {{"month": "2020-09"}}, "sections": {{{LOOSE}}}}}"#);
    vec![
        DataSet {
            name: "reference-months",
            options: SampleOptions::default(),
            settings: "{}".into(),
            left_out: &[],
            warns: &[],
        },
        DataSet {
            name: "thirteen-months",
            options: SampleOptions { months: 13, scale: 0.2, ..SampleOptions::default() },
            settings: "{}".into(),
            left_out: &[],
            warns: &[],
        },
        // Two years with planted anomalies; in September 2020 shared e-bikes crowd a town's
        // pavements (a new phrase), and a livelihood topic made of them rises.
        DataSet {
            name: "two-years-with-a-topic-spike",
            options: planted(25, 0.1),
            settings: format!(
                r#"{{"period": {{"month": "2020-09"}}, "sections": {{{LOOSE}, "livelihood": {{"topic_category": "市容城管",
                "topic": {{"name": "共享单车", "keywords": ["共享电单车", "单车"],
                "subtopics": [{{"name": "乱停放", "keywords": ["乱停乱放"]}}], "other": "其他单车问题"}}}}}}}}"#
            ),
            left_out: &[],
            warns: &["rise", "fall", "last_year", "topic", "more", "phrase"],
        },
        // Nine months before September 2020: expectations from the trailing months.
        DataSet {
            name: "trailing-months",
            options: planted(13, 0.2),
            settings: loose_in_september.clone(),
            left_out: &[],
            warns: &["rise", "trailing", "more", "phrase"],
        },
        // A file per month, June's and September's missing: the letter of September, a month
        // without tickets, with a gap in its history.
        DataSet {
            name: "a-month-without-tickets",
            options: planted(13, 0.2),
            settings: loose_in_september,
            left_out: &["2020-06", "2020-09"],
            warns: &["fall", "trailing", "more"],
        },
    ]
}

#[test]
fn every_section_has_its_sql_or_is_named_as_not_yet() {
    let mut files: Vec<String> = std::fs::read_dir("src/sql")
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().trim_end_matches(".sql").to_string())
        .filter(|name| name != "common")
        .collect();
    files.sort();
    let mut listed: Vec<String> = IN_SQL.iter().map(|s| s.to_string()).collect();
    listed.sort();
    assert_eq!(files, listed, "src/sql holds a file per section in IN_SQL");
    let mut all: Vec<&str> = hotline_analyzer::sections::describe().iter().map(|s| s.key).collect();
    all.push("units");
    all.sort();
    // warning.sql counts each topic within its section's scope, written out for these
    // sections: a new section with a topic needs its scope there.
    let topics: Vec<&str> =
        hotline_analyzer::sections::topics(&Settings::default().sections).into_iter().map(|(key, _)| key).collect();
    assert_eq!(topics, ["consultation", "livelihood", "economic"], "topic scopes in src/sql/warning.sql");
    let mut named: Vec<&str> = IN_SQL.iter().chain(NOT_YET_IN_SQL).copied().collect();
    named.sort();
    assert_eq!(all, named);
}

#[test]
fn duckdb_gives_the_cores_figures() {
    sql_equals_core("duckdb", &data_sets());
}

/// Spark in local mode on two cores, with the views held as `scripts/figures_sql.py` says
/// (about a minute of SQL per data set here).
#[test]
fn spark_gives_the_cores_figures() {
    sql_equals_core("spark", &data_sets());
}
