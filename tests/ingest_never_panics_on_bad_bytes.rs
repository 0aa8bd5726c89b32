//! Whatever bytes arrive — random noise, a real export cut or corrupted at random places,
//! a workbook with flipped bytes — reading them gives a report or a Chinese error naming the
//! file, never a panic. A bounded, seeded property test (the same cases every run).

mod xls_writer;

use hotline_analyzer::ingest::accounting::RejectReason;
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
        Ok(Err(Error::Ingest(e))) => {
            assert!(e.message().starts_with(&format!("文件「{name}」")), "{}", e.message());
            if name.ends_with(".xlsx") || name.ends_with(".xls") {
                assert_no_english(name, &e.message());
            }
        }
        Ok(Err(Error::Analysis(message))) => assert!(!message.is_empty()),
        Ok(Err(error @ Error::NothingToCount { .. })) => {
            assert!(error.to_string().starts_with(&format!("文件「{name}」")), "{error}")
        }
        Err(_) => panic!("{name} panicked on {} bytes starting {:?}", bytes.len(), &bytes[..bytes.len().min(16)]),
    }
}

/// A workbook's message holds no English words (a library's error text) beyond the names
/// of formats and of the workbook's parts.
fn assert_no_english(name: &str, message: &str) {
    let allowed =
        ["Excel", "CSV", "TSV", "UTF", "GBK", "XML", "HTML", "PDF", "Word", "PowerPoint", "zip", "KB", "MB", "GB"];
    let rest = message.replacen(name, "", 1);
    for word in rest.split(|c: char| !(c.is_ascii_alphanumeric() || "./_".contains(c))) {
        let letters = word.chars().filter(char::is_ascii_alphabetic).count();
        let path = word.contains(['.', '/']);
        assert!(path || letters < 3 || allowed.contains(&word), "English “{word}” in: {message}");
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
                assert!(a.rejected_rows.iter().all(|r| r.reason == RejectReason::NulByte), "{name}");
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
                let message = read(&name, &text, None).expect_err("GBK after UTF-8 is refused").to_string();
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
    assert_eq!(quote.reason, RejectReason::UnclosedQuote);
    assert!(quote.reason.text().starts_with("引号没有闭合：这一格以英文双引号开头"));
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

/// The parts of a zip, by name, in order.
fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut part = archive.by_index(i).unwrap();
            let mut data = Vec::new();
            std::io::Read::read_to_end(&mut part, &mut data).unwrap();
            (part.name().to_string(), data)
        })
        .collect()
}

fn rezip(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data) in parts {
        zip.start_file(name.as_str(), zip::write::SimpleFileOptions::default()).unwrap();
        std::io::Write::write_all(&mut zip, data).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// Every row number in a sheet's XML (`<row r="N"`, `<c r="AB N"`) mapped by `f`.
fn renumber(xml: &str, f: impl Fn(u64) -> u64) -> String {
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(at) = rest.find(" r=\"") {
        let (head, tail) = rest.split_at(at + 4);
        out.push_str(head);
        let end = tail.find('"').unwrap();
        let (reference, after) = tail.split_at(end);
        let digits = reference.trim_start_matches(|c: char| c.is_ascii_alphabetic());
        let letters = &reference[..reference.len() - digits.len()];
        match digits.parse::<u64>() {
            Ok(n) => out.push_str(&format!("{letters}{}", f(n))),
            Err(_) => out.push_str(reference),
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// A part with its first `<tag ` attribute `name="…"` set to `value`.
fn with_attribute(xml: &str, tag: &str, name: &str, value: &str) -> String {
    let Some(at) = xml.find(&format!("<{tag} ")) else { return xml.to_string() };
    let close = at + xml[at..].find('>').unwrap();
    let key = format!(" {name}=\"");
    match xml[at..close].find(&key) {
        Some(k) => {
            let start = at + k + key.len();
            let end = start + xml[start..].find('"').unwrap();
            format!("{}{value}{}", &xml[..start], &xml[end..])
        }
        None => format!("{}{key}{value}\"{}", &xml[..at + tag.len() + 1], &xml[at + tag.len() + 1..]),
    }
}

#[test]
fn workbooks_lying_about_their_size_finish_quickly_with_a_report_or_a_message() {
    let mut rng = Pcg64Mcg::seed_from_u64(5);
    let parts = unzip(&small(SampleFormat::Xlsx));
    let read = |name: &str, bytes: &[u8]| {
        let analysis = analyze(vec![Input::new(name, bytes)], &Settings::default(), &mut |_, _, _| {});
        analysis.map(|a| a.accounting).map_err(|e| e.to_string())
    };
    let truth = read("原样.xlsx", &rezip(&parts)).unwrap();
    for case in 0..cases() / 5 {
        let mut lying = parts.clone();
        for (name, data) in lying.iter_mut() {
            let xml = String::from_utf8(data.clone()).unwrap();
            let xml = match name.as_str() {
                "xl/worksheets/sheet1.xml" => {
                    // Row numbers spread out (the last one still within u32) or moved towards
                    // u32::MAX; the declared range
                    // as large as Excel's, or larger than any sheet.
                    let (spread, offset) = (rng.random_range(1..4_000_000u64), rng.random_range(0..4_000_000_000u64));
                    let xml = match rng.random_range(0..3) {
                        0 => renumber(&xml, |n| n * spread),
                        1 => renumber(&xml, |n| (n + offset).min(u64::from(u32::MAX))),
                        _ => xml,
                    };
                    let dimension = ["A1:XFD1048576", "A1:XFD4294967295", "XFD1:A1", "A1:ZZZZZZ99999999999"];
                    with_attribute(&xml, "dimension", "ref", dimension[rng.random_range(0..dimension.len())])
                }
                "xl/sharedStrings.xml" => {
                    let count = ["4294967295", "18446744073709551615", "999999999999", "0"][rng.random_range(0..4)];
                    with_attribute(&with_attribute(&xml, "sst", "uniqueCount", count), "sst", "count", count)
                }
                _ => xml,
            };
            *data = xml.into_bytes();
        }
        // Sometimes a run of spaces (up to 48 MB, a few KB zipped) between two rows or strings.
        if rng.random_bool(0.5) {
            let (target, after) = match rng.random_bool(0.5) {
                true => ("xl/worksheets/sheet1.xml", &b"</row>"[..]),
                false => ("xl/sharedStrings.xml", &b"</si>"[..]),
            };
            let (_, data) = lying.iter_mut().find(|(name, _)| name == target).unwrap();
            let ends: Vec<usize> =
                (0..data.len()).filter(|&i| data[i..].starts_with(after)).map(|i| i + after.len()).collect();
            let at = ends[rng.random_range(0..ends.len())];
            let run = vec![b' '; rng.random_range(1..48usize) << 20];
            data.splice(at..at, run);
        }
        let bytes = rezip(&lying);
        let name = format!("说谎{case}.xlsx");
        let start = std::time::Instant::now();
        check(&name, &bytes);
        let elapsed = start.elapsed();
        assert!(elapsed < std::time::Duration::from_secs(5), "case {case} took {elapsed:?}");
        // Lies about sizes change nothing read: the rows a sheet skips are not rows.
        let a = read(&name, &bytes).unwrap_or_else(|e| panic!("case {case}: {e}"));
        let counts = |a: &hotline_analyzer::ingest::accounting::Accounting| (a.input_rows, a.accepted, a.rejected);
        assert_eq!(counts(&a), counts(&truth), "case {case}");
    }
}
