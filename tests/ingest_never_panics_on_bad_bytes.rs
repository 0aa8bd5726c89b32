//! Whatever bytes arrive — random noise, a real export cut or corrupted at random places,
//! a workbook with flipped bytes — reading them gives a report or a Chinese error naming the
//! file, never a panic. A bounded, seeded property test (the same cases every run).

mod xls_writer;

use hotline_analyzer::sample::formats::{self, SampleFormat};
use hotline_analyzer::sample::SampleOptions;
use hotline_analyzer::{analyze, Error, Input, Settings};
use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg64Mcg;

/// Cases per format: 150 in CI; `FUZZ_CASES=5000` for a deeper run by hand.
fn cases() -> usize {
    std::env::var("FUZZ_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(150)
}

fn check(name: &str, bytes: &[u8]) {
    let settings = Settings::default();
    let result = std::panic::catch_unwind(|| analyze(vec![Input::new(name, bytes)], &settings, &mut |_, _, _| {}));
    match result {
        Ok(Ok(analysis)) => assert!(analysis.accounting.balances(), "{name}: rows do not add up"),
        Ok(Err(Error::Ingest(e))) => assert!(e.message().starts_with(&format!("文件「{name}」")), "{}", e.message()),
        Ok(Err(Error::Analysis(message))) => assert!(!message.is_empty()),
        Ok(Err(error @ Error::NothingToCount { .. })) => {
            assert!(error.to_string().starts_with(&format!("文件「{name}」")), "{error}")
        }
        Err(_) => panic!("{name} panicked on {} bytes starting {:?}", bytes.len(), &bytes[..bytes.len().min(16)]),
    }
}

/// A small real export (a few hundred rows) in a format, to mutate.
fn small(format: SampleFormat) -> Vec<u8> {
    let mut bytes = Vec::new();
    formats::write(&SampleOptions { scale: 0.004, ..SampleOptions::default() }, format, &mut bytes).unwrap();
    bytes
}

fn mutate(rng: &mut Pcg64Mcg, base: &[u8]) -> Vec<u8> {
    let mut bytes = base.to_vec();
    match rng.random_range(0..4) {
        0 => bytes.truncate(rng.random_range(0..bytes.len())),
        1 => {
            for _ in 0..rng.random_range(1..20) {
                let at = rng.random_range(0..bytes.len());
                bytes[at] = rng.random();
            }
        }
        2 => {
            for _ in 0..rng.random_range(1..10) {
                let at = rng.random_range(0..bytes.len());
                let special = [b'"', b',', b'\n', b'\r', b'\t', 0, 0xff, 0xfe][rng.random_range(0..8)];
                bytes.insert(at, special);
            }
        }
        _ => {
            let at = rng.random_range(0..bytes.len());
            let len = rng.random_range(0..(bytes.len() - at).min(5000));
            bytes.drain(at..at + len);
        }
    }
    bytes
}

#[test]
fn random_noise_never_panics() {
    let mut rng = Pcg64Mcg::seed_from_u64(1);
    for case in 0..300 {
        let len = rng.random_range(0..2000);
        let bytes: Vec<u8> = (0..len).map(|_| rng.random()).collect();
        check(&format!("噪声{case}.csv"), &bytes);
    }
}

#[test]
fn damaged_csv_exports_never_panic() {
    let mut rng = Pcg64Mcg::seed_from_u64(2);
    for format in [SampleFormat::Csv, SampleFormat::GbkCsv] {
        let base = small(format);
        for case in 0..cases() {
            check(&format!("损坏{case}.csv"), &mutate(&mut rng, &base));
        }
    }
}

/// The accounting of `bytes` read as the CLI reads a file, said to be `size` bytes long.
fn read(name: &str, bytes: &[u8], size: Option<u64>) -> Result<hotline_analyzer::Analysis, Error> {
    let input = Input::new(name, bytes);
    let input = match size {
        Some(size) => input.with_size(size),
        None => input,
    };
    analyze(vec![input], &Settings::default(), &mut |_, _, _| {})
}

/// Structural attacks on a real export: any mix of line ends (every row still read, none
/// lost), NUL bytes (only their rows refused), GBK spliced into UTF-8 (refused at the row
/// where it starts), and sizes that lie (the same rows whatever the file claims).
#[test]
fn structural_attacks_on_text_exports_keep_every_row_or_name_the_row() {
    let base = small(SampleFormat::Csv);
    let truth = read("完好.csv", &base, None).unwrap();
    let rows = truth.accounting.input_rows;
    let lines: Vec<&[u8]> = base.split(|&b| b == b'\n').collect();
    let mut rng = Pcg64Mcg::seed_from_u64(5);
    for case in 0..cases() {
        let name = format!("结构{case}.csv");
        match case % 4 {
            0 => {
                let ends: [&[u8]; 3] = [b"\n", b"\r\n", b"\r"];
                let mixed: Vec<u8> = lines
                    .iter()
                    .enumerate()
                    .flat_map(|(i, line)| {
                        let end = if i + 1 < lines.len() { ends[rng.random_range(0..3)] } else { b"" };
                        [*line, end].concat()
                    })
                    .collect();
                let a = read(&name, &mixed, None).unwrap().accounting;
                assert_eq!((a.input_rows, a.rejected), (rows, 0), "{name}: line ends mixed");
            }
            1 => {
                let mut bytes = base.clone();
                let nuls = rng.random_range(1..5);
                for _ in 0..nuls {
                    // Past the BOM and header, so the header still reads.
                    let at = rng.random_range(lines[0].len() + 1..bytes.len());
                    bytes.insert(at, 0);
                }
                let a = read(&name, &bytes, None).unwrap().accounting;
                assert!(a.balances() && a.input_rows == rows, "{name}: {a:?}");
                assert!((1..=nuls).contains(&a.rejected), "{name}: {} rows refused for {nuls} NULs", a.rejected);
                assert!(a.rejected_rows.iter().all(|r| r.reason.starts_with("含有空字符")), "{name}");
            }
            2 => {
                let from = rng.random_range(2..lines.len() - 1);
                let text: Vec<u8> = lines
                    .iter()
                    .enumerate()
                    .flat_map(|(i, line)| {
                        let line = match std::str::from_utf8(line) {
                            Ok(text) if i >= from => encoding_rs::GB18030.encode(text).0.into_owned(),
                            _ => line.to_vec(),
                        };
                        [line, b"\n".to_vec()].concat()
                    })
                    .collect();
                let message = read(&name, &text, None).err().expect("GBK after UTF-8 is refused").to_string();
                let row = from + 1;
                assert!(
                    message.starts_with(&format!("文件「{name}」第{row}行：这一行含有不是 UTF-8 编码的字节")),
                    "{message}"
                );
            }
            _ => {
                let lie = [0, 1, 1 << 20, 1 << 40, u64::MAX][rng.random_range(0..5)];
                let a = read(&name, &base, Some(lie)).unwrap().accounting;
                assert_eq!(
                    (a.input_rows, a.accepted),
                    (rows, truth.accounting.accepted),
                    "{name}: said to be {lie} bytes"
                );
            }
        }
    }
}

#[test]
fn damaged_workbooks_never_panic() {
    let mut rng = Pcg64Mcg::seed_from_u64(3);
    let base = small(SampleFormat::Xlsx);
    for case in 0..cases() {
        check(&format!("损坏{case}.xlsx"), &mutate(&mut rng, &base));
    }
}

#[test]
fn unterminated_quotes_and_ragged_rows_are_read_without_loss() {
    // A3's quote never closes: A3 alone is refused, and A4 after it is read as its own row.
    let text = "工单编号,受理时间,诉求类型,诉求内容\nA1,2021-01-05,咨询,\"正常\"\nA2,2021-01-06,投诉\nA3,2021-01-07,投诉,\"没有结束的引号\nA4,2021-01-08,咨询,后面的行\n";
    let analysis =
        analyze(vec![Input::new("引号.csv", text.as_bytes())], &Settings::default(), &mut |_, _, _| {}).unwrap();
    let a = &analysis.accounting;
    assert!(a.balances());
    assert_eq!(a.input_rows, a.accepted + a.rejected + a.duplicates + a.outside_period);
    assert_eq!((a.accepted, a.rejected), (3, 1), "the short row A2 keeps its time and is read, A4 too: {a:?}");
    let quote = &a.rejected_rows[0];
    assert_eq!((quote.row, quote.column.as_str()), (4, "诉求内容"));
    assert!(quote.reason.starts_with("引号没有闭合：这一格以英文双引号开头"), "{}", quote.reason);
    assert_eq!(quote.cells, ["A3", "2021-01-07", "投诉", "\"没有结束的引号"]);
}

#[test]
fn damaged_legacy_xls_never_panics() {
    use xls_writer::{xls_bytes, XlsCell};
    let csv_bytes = small(SampleFormat::Csv);
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(&csv_bytes[3..]);
    let records: Vec<Vec<String>> = reader.records().map(|r| r.unwrap().iter().map(str::to_string).collect()).collect();
    let intake = records[0].iter().position(|h| h == "受理时间").unwrap();
    // Intake times as date cells (late December 2020 onwards), the rest as text.
    let rows: Vec<Vec<XlsCell>> = records
        .iter()
        .enumerate()
        .map(|(r, row)| {
            row.iter()
                .enumerate()
                .map(|(c, text)| match (r, c) {
                    (r, c) if r > 0 && c == intake => XlsCell::DateTime(44_186.0 + r as f64 / 100.0),
                    _ => XlsCell::Text(text),
                })
                .collect()
        })
        .collect();
    let base = xls_bytes("Sheet1", &rows);
    check("完好.xls", &base);
    let mut rng = Pcg64Mcg::seed_from_u64(4);
    for case in 0..cases() {
        check(&format!("损坏{case}.xls"), &mutate(&mut rng, &base));
    }
}
