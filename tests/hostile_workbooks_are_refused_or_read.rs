//! Workbooks made to hurt the reader — a few kilobytes of zip that inflate to gigabytes,
//! row numbers and dimensions that lie about the sheet's size, damaged compressed data, web
//! pages under a workbook's name — are read at the cost of what they really hold, or refused
//! at once with a true message in Chinese naming the file. Never a panic, never minutes.

use std::io::{Cursor, Write};
use std::time::{Duration, Instant};

use hotline_analyzer::ingest::error::{ErrorKind, PartTooLarge};
use hotline_analyzer::ingest::excel::read_excel_within;
use hotline_analyzer::ingest::xlsx_cells::Limits;
use hotline_analyzer::ingest::Loader;
use hotline_analyzer::sample::formats::{self, SampleFormat};
use hotline_analyzer::sample::SampleOptions;
use hotline_analyzer::{analyze, Analysis, Error, IngestError, Input, Session, Settings};
use zip::write::SimpleFileOptions;

/// What a hostile file may take to be read or refused (both ways, pulled and pushed).
const QUICKLY: Duration = Duration::from_secs(10);

type Writes<'a> = Box<dyn FnOnce(&mut dyn Write) + 'a>;

fn zip_of(parts: Vec<(&str, Writes)>) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (path, write) in parts {
        zip.start_file(path, SimpleFileOptions::default()).unwrap();
        write(&mut zip);
    }
    zip.finish().unwrap().into_inner()
}

fn text(part: &str) -> Writes<'_> {
    Box::new(move |w: &mut dyn Write| w.write_all(part.as_bytes()).unwrap())
}

/// A one-sheet workbook ("明细") whose sheet and shared strings are written by the given
/// functions (streamed into the zip, so a part of a hundred megabytes costs no memory).
fn workbook<'a>(sheet: Writes<'a>, shared: Writes<'a>) -> Vec<u8> {
    zip_of(vec![
        ("[Content_Types].xml", text("<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/></Types>")),
        ("_rels/.rels", text("<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>")),
        ("xl/workbook.xml", text("<?xml version=\"1.0\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"明细\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>")),
        ("xl/_rels/workbook.xml.rels", text("<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>")),
        ("xl/worksheets/sheet1.xml", sheet),
        ("xl/sharedStrings.xml", shared),
    ])
}

const HEADER: [&str; 5] = ["工单编号", "受理时间", "诉求类型", "诉求渠道", "诉求内容"];

fn column_name(index: usize) -> String {
    let mut name = String::new();
    let mut n = index + 1;
    while n > 0 {
        name.insert(0, (b'A' + ((n - 1) % 26) as u8) as char);
        n = (n - 1) / 26;
    }
    name
}

/// A row of inline-string cells numbered `number`.
fn row(number: u64, cells: &[&str]) -> String {
    let mut xml = format!("<row r=\"{number}\">");
    for (i, cell) in cells.iter().enumerate() {
        let escaped = cell.replace('&', "&amp;").replace('<', "&lt;");
        xml.push_str(&format!("<c r=\"{}{number}\" t=\"inlineStr\"><is><t>{escaped}</t></is></c>", column_name(i)));
    }
    xml + "</row>"
}

/// The cells of the i-th ticket.
fn ticket(i: u64) -> Vec<String> {
    let time = format!("2021-01-{:02} 10:00:00", i % 20 + 1);
    vec![format!("W{i}"), time, "咨询".into(), "电话".into(), format!("第{i}件诉求")]
}

fn ticket_row(number: u64, i: u64) -> String {
    let cells = ticket(i);
    row(number, &cells.iter().map(String::as_str).collect::<Vec<_>>())
}

fn sheet_xml(dimension: Option<&str>, rows: &str) -> String {
    let dimension = dimension.map(|d| format!("<dimension ref=\"{d}\"/>")).unwrap_or_default();
    format!("<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">{dimension}<sheetData>{rows}</sheetData></worksheet>")
}

/// The header in row 1 and `n` tickets below it.
fn plain_rows(n: u64) -> String {
    let mut rows = row(1, &HEADER);
    for i in 0..n {
        rows.push_str(&ticket_row(i + 2, i));
    }
    rows
}

/// Writes `mib` MiB of spaces.
fn spaces(w: &mut dyn Write, mib: usize) {
    let block = vec![b' '; 1 << 20];
    for _ in 0..mib {
        w.write_all(&block).unwrap();
    }
}

/// Reads the file as the CLI does (pulled) and as the page does (pushed in chunks), within
/// `QUICKLY`; both must agree. The analysis, or the error's message.
fn read(name: &str, bytes: &[u8]) -> Result<Analysis, String> {
    let start = Instant::now();
    let settings = Settings::default();
    let pulled = analyze(vec![Input::new(name, bytes).with_size(bytes.len() as u64)], &settings, &mut |_, _, _| {});
    let mut session = Session::new(settings);
    session.begin_file(name, None, Some(bytes.len() as u64));
    let mut pushed = Ok(());
    for chunk in bytes.chunks(1 << 20) {
        pushed = session.push(chunk, &mut |_, _| {});
        if pushed.is_err() {
            break;
        }
    }
    let pushed = match pushed {
        Ok(()) => match session.end_file(&mut |_, _| {}) {
            Ok(()) => session.finish(),
            Err(e) => Err(e),
        },
        Err(e) => Err(e),
    };
    let elapsed = start.elapsed();
    assert!(elapsed < QUICKLY, "{name} took {elapsed:?}");
    match (pulled, pushed) {
        (Ok(pulled), Ok(pushed)) => {
            assert_eq!(pulled.accounting.input_rows, pushed.accounting.input_rows);
            assert!(pulled.accounting.balances());
            Ok(pulled)
        }
        (Err(pulled), Err(pushed)) => {
            let message = pulled.to_string();
            assert_eq!(message, pushed.to_string(), "pulled and pushed say the same");
            if let Error::Ingest(_) = pulled {
                assert_chinese(name, &message);
            }
            Err(message)
        }
        (pulled, pushed) => panic!("{name}: pulled {:?}, pushed {:?}", pulled.err(), pushed.err()),
    }
}

/// The message names the file and holds no English words (a library's error text) beyond
/// names of formats and of the workbook's parts.
fn assert_chinese(name: &str, message: &str) {
    assert!(message.starts_with(&format!("文件「{name}」")), "{message}");
    let allowed =
        ["Excel", "CSV", "TSV", "UTF", "GBK", "XML", "HTML", "PDF", "Word", "PowerPoint", "zip", "KB", "MB", "GB"];
    let rest = message.replacen(name, "", 1);
    for word in rest.split(|c: char| !(c.is_ascii_alphanumeric() || "./_".contains(c))) {
        // Paths of parts (xl/sharedStrings.xml) are names, not prose.
        if word.contains(['.', '/']) {
            continue;
        }
        let letters: String = word.chars().filter(char::is_ascii_alphabetic).collect();
        assert!(letters.len() < 3 || allowed.contains(&word), "English “{word}” in: {message}");
    }
}

/// Reads within the given limits (small ones stand for the page's with a file a thousand
/// times larger): the error, if the file is refused.
fn read_within(name: &str, bytes: Vec<u8>, limits: Limits, loader: &mut Loader) -> Option<IngestError> {
    let start = Instant::now();
    let error = read_excel_within(name, bytes, None, loader, &mut |_, _| {}, limits).err();
    assert!(start.elapsed() < QUICKLY, "{name} took {:?}", start.elapsed());
    if let Some(e) = &error {
        assert_chinese(name, &e.message());
    }
    error
}

fn small_limits() -> Limits {
    Limits { inflate_floor: 1 << 20, inflate_ratio: 100, ..Limits::default() }
}

// 1. Decompression bombs.

#[test]
fn a_sheet_inflating_to_hundreds_of_megabytes_of_spaces_is_refused_as_too_large_at_once() {
    let rows = plain_rows(10);
    let bytes = workbook(
        Box::new(|w: &mut dyn Write| {
            let xml = sheet_xml(None, &rows);
            let (head, tail) = xml.split_at(xml.find("</sheetData>").unwrap());
            w.write_all(head.as_bytes()).unwrap();
            spaces(w, 160);
            w.write_all(tail.as_bytes()).unwrap();
        }),
        text("<sst/>"),
    );
    assert!(bytes.len() < 1 << 20, "a small file: {} bytes", bytes.len());
    let message = read("空白.xlsx", &bytes).unwrap_err();
    assert!(message.starts_with("文件「空白.xlsx」：文件太大，其中的工作表“明细”解压后超过"), "{message}");
    assert!(message.contains("而它在压缩包里只有") && message.contains("KB"), "{message}");
}

#[test]
fn shared_strings_inflating_to_hundreds_of_megabytes_of_spaces_are_refused_as_too_large() {
    let bytes = workbook(
        text(&sheet_xml(None, &plain_rows(10))),
        Box::new(|w: &mut dyn Write| {
            w.write_all(b"<sst><si><t>a</t></si>").unwrap();
            spaces(w, 160);
            w.write_all(b"</sst>").unwrap();
        }),
    );
    let message = read("字符串.xlsx", &bytes).unwrap_err();
    assert!(
        message.starts_with("文件「字符串.xlsx」：文件太大，其中的共享字符串表（xl/sharedStrings.xml）解压后超过"),
        "{message}"
    );
}

#[test]
fn a_part_is_refused_once_it_inflates_past_its_allowance_not_when_it_ends() {
    // 8 MB of spaces in a few KB of zip against an allowance of 1 MB + 100 times that.
    let bytes = workbook(
        Box::new(|w: &mut dyn Write| {
            w.write_all(b"<worksheet><sheetData>").unwrap();
            spaces(w, 8);
            w.write_all(b"</sheetData></worksheet>").unwrap();
        }),
        text("<sst/>"),
    );
    let error = read_within("小.xlsx", bytes, small_limits(), &mut Loader::new(&Settings::default())).expect("refused");
    let ErrorKind::WorkbookTooLarge(too_large) = &error.kind else { panic!("{error:?}") };
    let PartTooLarge { part, limit_bytes, compressed_bytes: Some(compressed) } = (**too_large).clone() else {
        panic!()
    };
    assert_eq!(part, "工作表“明细”");
    assert_eq!(limit_bytes, (1 << 20) + 100 * compressed);
    assert!(compressed < 64 << 10, "{compressed}");
}

#[test]
fn a_cell_longer_than_excel_allows_is_refused_at_its_row_before_it_is_held() {
    let long = "a".repeat(8 << 20);
    let rows = format!("{}{}", plain_rows(3), row(7, &["W9", "2021-01-05 10:00:00", "咨询", "电话", &long]));
    let message = read("长格.xlsx", &workbook(text(&sheet_xml(None, &rows)), text("<sst/>"))).unwrap_err();
    assert!(message.starts_with("文件「长格.xlsx」第7行：有一格文字超过 32767 个字符"), "{message}");

    // In the shared strings, a string is refused as soon as it passes the limit.
    let shared = format!("<sst><si><t>{long}</t></si></sst>");
    let message = read("长串.xlsx", &workbook(text(&sheet_xml(None, &plain_rows(3))), text(&shared))).unwrap_err();
    assert!(message.starts_with("文件「长串.xlsx」：有一格文字超过 32767 个字符"), "{message}");
}

#[test]
fn a_cell_as_long_as_excel_allows_is_read_whole() {
    let longest = "诉".repeat(32_767);
    let rows = format!("{}{}", row(1, &HEADER), row(2, &["W1", "2021-01-05 10:00:00", "咨询", "电话", &longest]));
    let analysis = read("满格.xlsx", &workbook(text(&sheet_xml(None, &rows)), text("<sst/>"))).unwrap();
    assert_eq!(analysis.accounting.accepted, 1);
}

#[test]
fn shared_strings_beyond_their_memory_budget_are_refused_as_too_large() {
    let shared: String = (0..2000).map(|i| format!("<si><t>第{i}个共享字符串，写得长一些好占地方</t></si>")).collect();
    let bytes = workbook(text(&sheet_xml(None, &plain_rows(3))), text(&format!("<sst>{shared}</sst>")));
    let limits = Limits { strings_bytes: 64 << 10, ..Limits::default() };
    let error = read_within("共享.xlsx", bytes, limits, &mut Loader::new(&Settings::default())).expect("refused");
    let message = error.message();
    assert!(
        message.starts_with("文件「共享.xlsx」：文件太大，其中的共享字符串表（xl/sharedStrings.xml）解压后超过 64 KB，超出浏览器中一次分析所能使用的内存"),
        "{message}"
    );
}

#[test]
fn rows_of_thirty_kilobytes_stop_at_the_memory_budget_long_before_65536_rows() {
    // One 30 KB string shared by every row: a small file whose rows take 90 MB. The memory
    // is checked every 65,536 rows or 64 MB of rows, whichever comes first.
    let content = "停水".repeat(5_000);
    let shared = format!("<sst><si><t>{content}</t></si></sst>");
    let mut rows = row(1, &HEADER);
    for i in 0..3_000u64 {
        let [id, time, kind, channel, _] = <[String; 5]>::try_from(ticket(i)).unwrap();
        rows.push_str(&format!(
            "<row r=\"{n}\"><c r=\"A{n}\" t=\"inlineStr\"><is><t>{id}</t></is></c><c r=\"B{n}\" t=\"inlineStr\"><is><t>{time}</t></is></c><c r=\"C{n}\" t=\"inlineStr\"><is><t>{kind}</t></is></c><c r=\"D{n}\" t=\"inlineStr\"><is><t>{channel}</t></is></c><c r=\"E{n}\" t=\"s\"><v>0</v></c></row>",
            n = i + 2
        ));
    }
    let bytes = workbook(text(&sheet_xml(None, &rows)), text(&shared));
    assert!(bytes.len() < 256 << 10, "{}", bytes.len());
    let mut loader = Loader::new(&Settings::default()).with_memory_budget(8 << 20);
    let error = read_within("大格.xlsx", bytes, Limits::default(), &mut loader).expect("refused");
    assert!(matches!(error.kind, ErrorKind::TooLarge { .. }), "{error:?}");
    assert!(error.row.is_some_and(|row| row < 3_000), "stopped at {:?}", error.row);
    assert!(error.message().contains("：文件太大，读到这一行时工单表已占用约"), "{}", error.message());
}

// 2. Lying sizes.

#[test]
fn rows_numbered_from_a_hundred_million_cost_nothing_and_are_not_counted() {
    let mut rows = row(1, &HEADER);
    for i in 0..18u64 {
        rows.push_str(&ticket_row(100_000_000 + i, i));
    }
    rows.push_str(&row(100_000_020, &["W99", "明天", "咨询", "电话", "时间写错了"]));
    let bytes = workbook(text(&sheet_xml(Some("A1:E100000020"), &rows)), text("<sst/>"));
    assert!(bytes.len() < 8 << 10);
    let analysis = read("远行.xlsx", &bytes).unwrap();
    let a = &analysis.accounting;
    assert_eq!((a.input_rows, a.accepted, a.rejected), (19, 18, 1), "absent rows are not input rows");
    assert_eq!(a.rejected_rows[0].row, 100_000_020, "the sheet's own row number");
}

#[test]
fn row_numbers_near_four_billion_are_read_at_once_with_their_own_numbers() {
    // A title in row 1 and the header four billion rows below: still within the first rows
    // the sheet holds.
    let mut rows = row(1, &["湛江市12345工单明细"]);
    rows.push_str(&row(4_000_000_000, &HEADER));
    for i in 0..18u64 {
        rows.push_str(&ticket_row(4_000_000_001 + i, i));
    }
    // The last row number a reference can hold.
    rows.push_str(&row(u64::from(u32::MAX), &["W99", "明天", "咨询", "电话", "时间写错了"]));
    let analysis = read("四十亿.xlsx", &workbook(text(&sheet_xml(None, &rows)), text("<sst/>"))).unwrap();
    assert_eq!(analysis.files[0].header_row, 4_000_000_000);
    let a = &analysis.accounting;
    assert_eq!((a.input_rows, a.accepted), (19, 18));
    assert_eq!(a.rejected_rows[0].row, u64::from(u32::MAX));

    // Beyond what a reference can hold: damage, said so.
    let rows = format!("{}{}", plain_rows(2), ticket_row(u64::from(u32::MAX) + 1, 9));
    let message = read("溢出.xlsx", &workbook(text(&sheet_xml(None, &rows)), text("<sst/>"))).unwrap_err();
    assert!(message.starts_with("文件「溢出.xlsx」已损坏（工作表第"), "{message}");
}

#[test]
fn a_dimension_as_wide_as_excel_gives_only_the_columns_the_header_has() {
    let bytes = workbook(text(&sheet_xml(Some("A1:XFD1500"), &plain_rows(1_499))), text("<sst/>"));
    let analysis = read("宽.xlsx", &bytes).unwrap();
    assert_eq!(analysis.files[0].columns.len(), HEADER.len());
    assert_eq!(analysis.accounting.accepted, 1_499);
}

#[test]
fn a_dimension_that_starts_right_of_the_cells_loses_none_of_them() {
    for dimension in ["C1:E20", "XFD1:A1"] {
        let analysis = read("偏右.xlsx", &workbook(text(&sheet_xml(Some(dimension), &plain_rows(19))), text("<sst/>")));
        let analysis = analysis.unwrap_or_else(|message| panic!("{dimension}: {message}"));
        assert_eq!(analysis.files[0].columns.len(), HEADER.len(), "{dimension}");
        assert_eq!(analysis.accounting.accepted, 19, "{dimension}");
    }
}

#[test]
fn a_cell_beyond_the_last_column_excel_has_is_damage() {
    let rows = format!("{}<row r=\"3\"><c r=\"ZZZZZZ3\" t=\"inlineStr\"><is><t>远</t></is></c></row>", plain_rows(1));
    let message = read("远列.xlsx", &workbook(text(&sheet_xml(None, &rows)), text("<sst/>"))).unwrap_err();
    assert!(message.contains("超出 Excel 的 16384 列"), "{message}");
}

// 3. Damage and files that are no workbook, said in Chinese.

fn sample_workbook() -> Vec<u8> {
    let mut bytes = Vec::new();
    let options = SampleOptions { scale: 0.004, ..SampleOptions::default() };
    formats::write(&options, SampleFormat::Xlsx, &mut bytes).unwrap();
    bytes
}

/// Where the sheet's compressed data starts and how long it is.
fn sheet_data(bytes: &[u8]) -> (usize, usize) {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let sheet = archive.by_name("xl/worksheets/sheet1.xml").unwrap();
    (sheet.data_start().unwrap() as usize, sheet.compressed_size() as usize)
}

#[test]
fn damaged_deflate_data_is_called_damage_not_a_missing_header() {
    let mut bytes = sample_workbook();
    let (start, len) = sheet_data(&bytes);
    for byte in &mut bytes[start + len / 3..start + len / 3 + 64] {
        *byte ^= 0x5a;
    }
    let message = read("损坏.xlsx", &bytes).unwrap_err();
    assert!(message.starts_with("文件「损坏.xlsx」已损坏（工作表“"), "{message}");
    assert!(message.contains("压缩数据解压或校验失败"), "{message}");
}

#[test]
fn a_bad_checksum_is_called_damage() {
    let mut bytes = sample_workbook();
    let name = b"xl/worksheets/sheet1.xml";
    // The sheet's CRC-32, in its local header and in the central directory.
    for signature in [&b"PK\x03\x04"[..], b"PK\x01\x02"] {
        let (crc, name_at) = if signature[2] == 3 { (14, 30) } else { (16, 46) };
        let at = (0..bytes.len() - name.len())
            .find(|&i| bytes[i..].starts_with(signature) && bytes[i + name_at..].starts_with(name))
            .unwrap();
        bytes[at + crc] ^= 0xff;
    }
    let message = read("校验.xlsx", &bytes).unwrap_err();
    assert!(message.starts_with("文件「校验.xlsx」已损坏（工作表“"), "{message}");
}

#[test]
fn a_truncated_zip_is_called_incomplete() {
    let bytes = sample_workbook();
    let message = read("截断.xlsx", &bytes[..bytes.len() / 2]).unwrap_err();
    assert_eq!(
        message,
        "文件「截断.xlsx」无法打开：文件已损坏或不是 Excel 工作簿（压缩包不完整或目录已损坏，可能没有下载或复制完整）。"
    );
}

#[test]
fn web_pages_and_xml_saved_as_workbooks_are_named_not_read() {
    let page = "<!DOCTYPE html>\n<html><body><table><tr><td>工单编号</td><td>受理时间</td><td>诉求类型</td></tr></table></body></html>";
    for name in ["网页.xls", "网页.xlsx", "网页.csv"] {
        let message = read(name, page.as_bytes()).unwrap_err();
        assert_eq!(
            message,
            format!("文件「{name}」是网页（HTML）文件，不是工单导出表格。请选择从热线系统导出的 Excel 或 CSV 文件。")
        );
    }
    let xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE Workbook>\n<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\"/>";
    let message = read("表格2003.xls", xml.as_bytes()).unwrap_err();
    assert!(message.starts_with("文件「表格2003.xls」是XML 文件，不是工单导出表格"), "{message}");
}

#[test]
fn a_word_document_or_an_archive_renamed_to_xlsx_is_named_as_such() {
    let docx = zip_of(vec![("[Content_Types].xml", text("<Types/>")), ("word/document.xml", text("<w:document/>"))]);
    let message = read("通报.xlsx", &docx).unwrap_err();
    assert!(message.starts_with("文件「通报.xlsx」是Word 文档，不是工单导出表格"), "{message}");
    let archive = zip_of(vec![("一月.csv", text("工单编号,受理时间\n"))]);
    let message = read("打包.xlsx", &archive).unwrap_err();
    assert!(message.starts_with("文件「打包.xlsx」是zip 压缩包（里面没有 Excel 工作表）"), "{message}");
}

// 4. A workbook cell is whole by construction: it cannot be an unclosed quote.

#[test]
fn a_cell_holding_a_line_break_and_many_commas_is_read_intact() {
    let content = "反映以下楼栋停水：\n1,2,3,4,5,6,7,8,9,10,11,12栋均无水";
    let rows = format!("{}{}", row(1, &HEADER), row(2, &["W1", "2021-01-05 10:00:00", "咨询", "电话", content]));
    let bytes = workbook(text(&sheet_xml(None, &rows)), text("<sst/>"));
    let analysis = read("停水.xlsx", &bytes).unwrap_or_else(|message| panic!("{message}"));
    let a = &analysis.accounting;
    assert_eq!((a.accepted, a.rejected), (1, 0), "{:?}", a.rejected_rows);

    // The text as read, through the loader.
    let mut loader = Loader::new(&Settings::default());
    assert_eq!(read_within("停水.xlsx", bytes, Limits::default(), &mut loader), None);
    assert_eq!(loader.finish().table.content.get(0), content);
}
