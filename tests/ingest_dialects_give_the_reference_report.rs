//! The same tickets exported the ways real systems export them give the same report:
//! every dialect of the benchmark corpus (`sample::formats`: other ids, time forms,
//! quoting, headers, category columns, encodings, workbooks), other header sets
//! (DOMAIN.md), XLSX with Excel-serial dates on a second sheet, legacy XLS, a month split
//! over two files that overlap, content that never uses the topics' keywords (their
//! categories find them). Each fixture is built from the sample generator and must
//! reproduce the golden report text exactly, with every row accounted for.

mod xls_writer;

use std::sync::OnceLock;

use hotline_analyzer::notice::{CellProblem, NoticeKind, Severity};
use hotline_analyzer::report::text;
use hotline_analyzer::sample::formats::{self, SampleFormat};
use hotline_analyzer::sample::{self, SampleOptions};
use hotline_analyzer::{analyze, Analysis, Input, Session, Settings};

fn golden() -> String {
    std::fs::read_to_string("tests/reference/golden-report.txt").unwrap()
}

/// The sample as parsed records (header first), from the reference export format.
fn records() -> &'static Vec<Vec<String>> {
    static RECORDS: OnceLock<Vec<Vec<String>>> = OnceLock::new();
    RECORDS.get_or_init(|| {
        let bytes = sample::csv_bytes(&SampleOptions::default());
        let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(&bytes[3..]);
        reader.records().map(|r| r.unwrap().iter().map(str::to_string).collect()).collect()
    })
}

fn to_csv(rows: &[Vec<String>], delimiter: u8) -> String {
    let mut writer = csv::WriterBuilder::new().delimiter(delimiter).from_writer(Vec::new());
    for row in rows {
        writer.write_record(row).unwrap();
    }
    String::from_utf8(writer.into_inner().unwrap()).unwrap()
}

fn renamed(names: &[(&str, &str)]) -> Vec<Vec<String>> {
    let mut rows = records().clone();
    for cell in rows[0].iter_mut() {
        if let Some((_, to)) = names.iter().find(|(from, _)| from == cell) {
            *cell = to.to_string();
        }
    }
    rows
}

/// Analyses the files as the CLI does (pulled from readers) and as the page does (pushed
/// chunk by chunk into a session, here in chunks of an odd size); both must agree.
fn run(files: Vec<(&str, Vec<u8>)>) -> Analysis {
    let inputs =
        files.iter().map(|(name, bytes)| Input::new(*name, bytes.as_slice()).with_size(bytes.len() as u64)).collect();
    let pulled = analyze(inputs, &Settings::default(), &mut |_, _, _| {}).unwrap();
    let mut session = Session::new(Settings::default());
    for (name, bytes) in &files {
        session.begin_file(name, None, Some(bytes.len() as u64));
        for chunk in bytes.chunks(1_000_003) {
            session.push(chunk, &mut |_, _| {}).unwrap();
        }
        session.end_file(&mut |_, _| {}).unwrap();
    }
    let pushed = session.finish().unwrap();
    let json = |a: &Analysis| serde_json::to_string(a).unwrap();
    let (pushed, pulled_json) = (json(&pushed), json(&pulled));
    if pushed != pulled_json {
        let at = pushed.bytes().zip(pulled_json.bytes()).position(|(a, b)| a != b).unwrap_or(0);
        let around =
            |s: &str| s[s.floor_char_boundary(at.saturating_sub(200))..s.floor_char_boundary(at + 200)].to_string();
        panic!(
            "pushed in chunks, {:?} give another analysis:\npushed …{}…\npulled …{}…",
            files.iter().map(|(name, _)| *name).collect::<Vec<_>>(),
            around(&pushed),
            around(&pulled_json)
        );
    }
    pulled
}

fn assert_reference_report(analysis: &Analysis) {
    assert_eq!(text::render(&analysis.document), golden());
    assert!(analysis.accounting.balances());
}

fn mapped(analysis: &Analysis, header: &str) -> Option<&'static str> {
    analysis.files[0].columns.iter().find(|c| c.header == header).and_then(|c| c.field_label)
}

/// The sample written in `format` (the benchmark corpus's dialects, src/sample/formats.rs).
fn written(format: SampleFormat) -> Vec<u8> {
    let mut bytes = Vec::new();
    formats::write(&SampleOptions::default(), format, &mut bytes).unwrap();
    bytes
}

/// The report with each ticket id as the reference export writes it, for formats that
/// write ids their own way (`ZJ201121000001`, `GD-4408-20201121-000001`).
fn with_reference_ids(report: &str, format: SampleFormat) -> String {
    match format {
        SampleFormat::LetterIds => report.replace("\tZJ", "\t"),
        SampleFormat::DashedIds => report
            .split('\t')
            .map(|cell| match cell.strip_prefix("GD-4408-20") {
                Some(rest) if rest.len() == 13 && rest.as_bytes()[6] == b'-' => format!("{}{}", &rest[..6], &rest[7..]),
                _ => cell.to_string(),
            })
            .collect::<Vec<_>>()
            .join("\t"),
        _ => report.to_string(),
    }
}

#[test]
fn every_dialect_of_the_benchmark_corpus_gives_the_reference_report() {
    for format in SampleFormat::ALL.into_iter().filter(|f| f.keeps_the_figures()) {
        let name = format!("{}.{}", format.name(), format.extension());
        let analysis = run(vec![(name.as_str(), written(format))]);
        let report = with_reference_ids(&text::render(&analysis.document), format);
        assert!(report == golden(), "{name} gives another report");
        assert!(analysis.accounting.balances(), "{name}");
        assert_eq!((analysis.accounting.accepted, analysis.accounting.duplicates), (125_593, 0), "{name}");
    }
}

#[test]
fn db44_codes_instead_of_levels_give_the_standards_categories() {
    let analysis = run(vec![("db44-codes.csv", written(SampleFormat::Db44Codes))]);
    assert_eq!(mapped(&analysis, "问题分类编码"), Some("分类编码（DB44/T 2479）"));
    assert!(analysis.accounting.balances());
    assert_eq!(analysis.accounting.accepted, 125_593);
    let standard: Vec<&str> =
        hotline_analyzer::category::every_code().into_iter().map(|(_, levels)| levels[0]).collect();
    let top = &analysis.figures.consultation.top;
    assert!(!top.is_empty() && top.iter().all(|t| standard.contains(&t.share.name.as_str())), "{top:?}");
    assert!(analysis.notices.iter().all(|n| !matches!(n.kind, NoticeKind::UnreadableCells { .. })));
}

#[test]
fn the_12345_prefixed_header_set_with_unused_columns() {
    let analysis = run(vec![("导出A.csv", written(SampleFormat::WideHeaders))]);
    assert_reference_report(&analysis);
    assert_eq!(analysis.files[0].columns.len(), 42);
    assert_eq!(mapped(&analysis, "12345受理时间"), Some("受理时间"));
    assert_eq!(mapped(&analysis, "内容描述"), Some("诉求内容"));
    for unused in ["话务员工号", "通话时长（秒）", "录音编号", "来电人姓名", "回访方式", "备注"]
    {
        assert_eq!(mapped(&analysis, unused), None, "{unused}");
    }
}

#[test]
fn the_hotline_number_header_set_with_short_region_names() {
    let mut rows = renamed(&[
        ("工单编号", "热线单号"),
        ("受理时间", "来电时间"),
        ("诉求渠道", "受理渠道"),
        ("诉求类型", "工单类型"),
        ("所属区域", "区县"),
        ("所属镇街", "街道"),
        ("承办单位", "受理部门名称"),
        ("办结期限", "处理时限"),
        ("办结时间", "处理完成时间"),
        ("工单状态", "案件状态"),
        ("满意度", "最终满意度"),
        ("诉求内容", "问题描述"),
    ]);
    // This system writes 廉江 for 廉江市, 赤坎 for 赤坎区.
    let region = rows[0].iter().position(|h| h == "区县").unwrap();
    for row in rows.iter_mut().skip(1) {
        row[region] = row[region].trim_end_matches(['市', '区', '县']).to_string();
    }
    assert!(rows.iter().any(|r| r[region] == "廉江"));
    let analysis = run(vec![("导出B.csv", to_csv(&rows, b',').into_bytes())]);
    assert_reference_report(&analysis);
    assert_eq!(mapped(&analysis, "来电时间"), Some("受理时间"));
    assert_eq!(mapped(&analysis, "来电号码"), Some("来电号码"), "kept to find repeat callers");
}

#[test]
fn gbk_csv_with_a_title_row() {
    let analysis = run(vec![("一月GBK.csv", written(SampleFormat::GbkCsv))]);
    assert_reference_report(&analysis);
    assert_eq!(analysis.files[0].header_row, 2);
    assert_eq!(analysis.files[0].format, "CSV（GBK/GB18030）");
}

#[test]
fn utf16_tab_separated_with_bom() {
    let analysis = run(vec![("导出.tsv", written(SampleFormat::Utf16Tsv))]);
    assert_reference_report(&analysis);
    assert_eq!(analysis.files[0].format, "TSV（UTF-16）");
}

#[test]
fn xlsx_with_excel_serial_dates_on_a_second_sheet() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let rows = records();
    let time_columns: Vec<usize> = rows[0]
        .iter()
        .enumerate()
        .filter(|(_, h)| ["受理时间", "办结期限", "办结时间"].contains(&h.as_str()))
        .map(|(i, _)| i)
        .collect();
    let mut workbook = Workbook::new();
    workbook.add_worksheet().set_name("说明").unwrap().write_string(0, 0, "本工作簿由热线系统导出").unwrap();
    let sheet = workbook.add_worksheet().set_name("工单明细").unwrap();
    let date = Format::new().set_num_format("yyyy-mm-dd hh:mm:ss");
    sheet.write_string(0, 0, "湛江市12345工单明细表").unwrap();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32 + 1, c as u16);
            if r > 1 && time_columns.contains(&(c as usize)) && !cell.is_empty() {
                let at = ExcelDateTime::parse_from_str(cell).unwrap();
                sheet.write_datetime_with_format(r, c, &at, &date).unwrap();
            } else {
                sheet.write_string(r, c, cell).unwrap();
            }
        }
    }
    let bytes = workbook.save_to_buffer().unwrap();
    let analysis = run(vec![("工单明细.xlsx", bytes)]);
    assert_reference_report(&analysis);
    assert_eq!(analysis.files[0].format, "Excel（工作表“工单明细”）");
    assert_eq!(analysis.files[0].header_row, 2);
}

#[test]
fn a_month_split_over_two_overlapping_files() {
    let rows = records();
    let header = &rows[..1];
    let first: Vec<Vec<String>> = header.iter().chain(&rows[1..80_001]).cloned().collect();
    let second: Vec<Vec<String>> = header.iter().chain(&rows[70_001..]).cloned().collect();
    let analysis =
        run(vec![("上半.csv", to_csv(&first, b',').into_bytes()), ("下半.csv", to_csv(&second, b',').into_bytes())]);
    assert_reference_report(&analysis);
    let a = &analysis.accounting;
    assert_eq!((a.input_rows, a.duplicates, a.accepted), (135_593, 10_000, 125_593));
}

#[test]
fn files_that_are_no_export_are_named_for_what_they_are() {
    let settings = Settings::default();
    let cases: [(&str, &[u8], &str); 4] = [
        ("通报.pdf", b"%PDF-1.7\n1 0 obj", "是PDF 文档，不是工单导出表格"),
        ("现场.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF", "是JPEG 图片"),
        ("坏的.xlsx", b"PK\x03\x04not really a zip", "无法打开"),
        ("加密.xlsx", &[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0], "无法打开"),
    ];
    let encrypted = std::fs::read("tests/fixtures/加密工作簿.xlsx").unwrap();
    let cases = cases.into_iter().chain([("加密工作簿.xlsx", encrypted.as_slice(), "工作簿设置了打开密码")]);
    for (name, bytes, expected) in cases {
        let error = analyze(vec![Input::new(name, bytes)], &settings, &mut |_, _, _| {}).unwrap_err();
        let message = error.to_string();
        assert!(message.starts_with(&format!("文件「{name}」")), "{message}");
        assert!(message.contains(expected), "{name}: {message}");
    }
}

#[test]
fn headers_no_synonym_knows_are_mapped_by_the_users_rules() {
    use hotline_analyzer::settings::ColumnRule;
    use hotline_analyzer::table::Field;
    let rows = renamed(&[("受理时间", "派单时间"), ("诉求类型", "问题性质"), ("所属区域", "片区")]);
    let bytes = to_csv(&rows, b',').into_bytes();
    let without = analyze(vec![Input::new("新系统.csv", bytes.as_slice())], &Settings::default(), &mut |_, _, _| {});
    let message = without.unwrap_err().to_string();
    assert!(message.contains("缺少“受理时间”列") && message.contains("列对应"), "{message}");

    let settings = Settings {
        column_rules: vec![
            ColumnRule { header: "派单时间".into(), field: Some(Field::IntakeTime) },
            ColumnRule { header: "问题性质".into(), field: Some(Field::TicketType) },
            ColumnRule { header: "片区".into(), field: Some(Field::Region) },
        ],
        ..Settings::default()
    };
    let analysis = analyze(vec![Input::new("新系统.csv", bytes.as_slice())], &settings, &mut |_, _, _| {}).unwrap();
    assert_reference_report(&analysis);
    assert_eq!(mapped(&analysis, "派单时间"), Some("受理时间"));
}

#[test]
fn category_levels_in_one_path_column() {
    let bytes = written(SampleFormat::CategoryPath);
    assert!(String::from_utf8_lossy(&bytes).contains("＞"));
    let analysis = run(vec![("分类合一列.csv", bytes)]);
    assert_reference_report(&analysis);
    assert_eq!(mapped(&analysis, "问题分类名称"), Some("分类（多级合一列）"));
}

#[test]
fn a_numeric_satisfaction_scale_counts_once_its_levels_are_set() {
    let mut rows = records().clone();
    let column = rows[0].iter().position(|h| h == "满意度").unwrap();
    for row in rows.iter_mut().skip(1) {
        let numeric = match row[column].as_str() {
            "满意" => "3",
            "基本满意" => "2",
            "不满意" => "0",
            other => other,
        };
        row[column] = numeric.to_string();
    }
    let bytes = to_csv(&rows, b',').into_bytes();

    // Not guessed: the values are listed for the user and kept out of the rate.
    let unset = run(vec![("数字满意度.csv", bytes.clone())]);
    let notice = unset
        .notices
        .iter()
        .find(|n| matches!(&n.kind, NoticeKind::UnknownSatisfaction { value, .. } if value == "3"))
        .expect("a notice for the unknown level");
    assert_eq!(notice.severity, Severity::Decision);
    assert!(notice.text.contains("满意度取值“3”") && notice.text.contains("请在设置的“满意度”中指定"), "{notice}");
    assert!(unset.figures.intake.satisfaction.unwrap().den == 0);

    let mut settings = Settings::default();
    settings.satisfaction.satisfied = vec!["3".into(), "2".into()];
    settings.satisfaction.unsatisfied = vec!["1".into(), "0".into()];
    let input = Input::new("数字满意度.csv", bytes.as_slice());
    let analysis = analyze(vec![input], &settings, &mut |_, _, _| {}).unwrap();
    assert_reference_report(&analysis);
    assert!(analysis.notices.iter().all(|n| !matches!(n.kind, NoticeKind::UnknownSatisfaction { .. })));
}

#[test]
fn db44_codes_name_the_categories_of_the_standard() {
    let csv = "工单编号,受理时间,诉求类型,办理方式,问题分类编码
1,2021-01-05 09:00,咨询,直接答复,020406
2,2021-01-05 09:10,咨询,直接答复,020406
3,2021-01-06 10:00,咨询,直接答复,40603
4,2021-01-07 10:00,咨询,直接答复,0801
5,2021-01-07 11:00,咨询,直接答复,777777
";
    let analysis = run(vec![("编码.csv", csv.as_bytes().to_vec())]);
    let top: Vec<(&str, u64)> =
        analysis.figures.consultation.top.iter().map(|t| (t.share.name.as_str(), t.share.count)).collect();
    assert_eq!(top, [("公卫医疗", 2), ("人力资源社会保障", 1), ("自然资源与环境保护", 1)]);
    let notice = analysis.notices.iter().find(|n| matches!(n.kind, NoticeKind::UnreadableCells { .. })).unwrap();
    let expected = NoticeKind::UnreadableCells {
        file: "编码.csv".into(),
        column: "问题分类编码".into(),
        problem: CellProblem::NotACategoryCode,
        count: 1,
        first_row: 6,
        example: "777777".into(),
    };
    assert_eq!(notice.kind, expected);
    assert!(
        notice.text.contains("1个值不是 DB44/T 2479 分类编码") && notice.text.contains("第6行：“777777”"),
        "{notice}"
    );
}

#[test]
fn a_workbook_with_two_ticket_sheets_reads_the_one_chosen() {
    use rust_xlsxwriter::Workbook;
    let rows = records();
    let mut workbook = Workbook::new();
    // A small summary sheet that also looks like tickets comes first.
    let summary = workbook.add_worksheet().set_name("抽样").unwrap();
    for (r, row) in rows.iter().take(50).enumerate() {
        for (c, cell) in row.iter().enumerate() {
            summary.write_string(r as u32, c as u16, cell).unwrap();
        }
    }
    let full = workbook.add_worksheet().set_name("全部工单").unwrap();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            full.write_string(r as u32, c as u16, cell).unwrap();
        }
    }
    let bytes = workbook.save_to_buffer().unwrap();

    let first = run(vec![("两张表.xlsx", bytes.clone())]);
    assert_eq!(first.files[0].sheet.as_deref(), Some("抽样"));
    assert_eq!(first.files[0].ticket_sheets, ["抽样", "全部工单"]);
    assert_eq!(first.accounting.input_rows, 49);

    let mut input = Input::new("两张表.xlsx", bytes.as_slice());
    input.sheet = Some("全部工单".into());
    let chosen = analyze(vec![input], &Settings::default(), &mut |_, _, _| {}).unwrap();
    assert_reference_report(&chosen);
    assert_eq!(chosen.files[0].sheet.as_deref(), Some("全部工单"));

    let mut input = Input::new("两张表.xlsx", bytes.as_slice());
    input.sheet = Some("二月".into());
    let message = analyze(vec![input], &Settings::default(), &mut |_, _, _| {}).unwrap_err().to_string();
    assert!(message.contains("没有名为“二月”的工作表（有：抽样、全部工单）"), "{message}");
}

#[test]
fn legacy_xls_workbooks_one_per_month() {
    use xls_writer::{xls_bytes, XlsCell};
    let rows = records();
    let intake = rows[0].iter().position(|h| h == "受理时间").unwrap();
    let origin = chrono::NaiveDate::from_ymd_opt(1899, 12, 30).unwrap().and_hms_opt(0, 0, 0).unwrap();
    let serial = |text: &str| {
        let at = chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S").unwrap();
        (at - origin).num_seconds() as f64 / 86_400.0
    };
    // An .xls sheet stops at 65,536 rows, so the two months' rows come as two files.
    let split = rows.len() / 2;
    let workbook = |data: &[Vec<String>]| {
        let sheet: Vec<Vec<XlsCell>> = rows[..1]
            .iter()
            .chain(data)
            .enumerate()
            .map(|(r, row)| {
                row.iter()
                    .enumerate()
                    .map(|(c, cell)| match (r, c) {
                        (r, c) if r > 0 && c == intake => XlsCell::DateTime(serial(cell)),
                        _ => XlsCell::Text(cell),
                    })
                    .collect()
            })
            .collect();
        xls_bytes("Sheet1", &sheet)
    };
    let first = workbook(&rows[1..split]);
    let second = workbook(&rows[split..]);
    assert_eq!(&first[..4], &[0xd0, 0xcf, 0x11, 0xe0], "an OLE compound file, as Excel 97–2003 writes");
    let analysis = run(vec![("工单一.xls", first), ("工单二.xls", second)]);
    assert_reference_report(&analysis);
    assert_eq!(analysis.files[0].format, "Excel（工作表“Sheet1”）");
    assert_eq!(analysis.accounting.input_rows, rows.len() as u64 - 1);
}

/// The default settings with each topic and sub-topic changed by `change`.
fn with_topics(change: impl Fn(&mut Vec<String>, &mut Vec<String>)) -> Settings {
    let mut settings = Settings::default();
    let sections = &mut settings.sections;
    for topic in [&mut sections.consultation.topic, &mut sections.livelihood.topic, &mut sections.economic.topic] {
        change(&mut topic.categories, &mut topic.keywords);
        for sub in &mut topic.subtopics {
            change(&mut sub.categories, &mut sub.keywords);
        }
    }
    settings
}

fn analyze_with(settings: &Settings, name: &str, bytes: &[u8]) -> Analysis {
    analyze(vec![Input::new(name, bytes).with_size(bytes.len() as u64)], settings, &mut |_, _, _| {}).unwrap()
}

#[test]
fn the_samples_topics_are_the_same_found_by_category_alone_or_by_keywords_alone() {
    // So the sample files every topic ticket under the topic's categories and no other
    // ticket there: the defaults' two ways agree, and each alone gives the reference.
    let bytes = to_csv(records(), b',').into_bytes();
    let by_category = with_topics(|_, keywords| keywords.clear());
    let by_keywords = with_topics(|categories, _| categories.clear());
    assert_reference_report(&analyze_with(&by_category, "示例.csv", &bytes));
    assert_reference_report(&analyze_with(&by_keywords, "示例.csv", &bytes));
}

/// What citizens might say instead of the default topics' keywords (none of these is a
/// keyword), longer keywords first so that a shorter one inside them is not met first.
const OTHER_WORDS: [(&str, &str); 16] = [
    ("非法开采", "私自挖掘"),
    ("开采", "挖掘"),
    ("偷采", "私挖"),
    ("抽沙", "吸沙"),
    ("假冒香烟", "冒牌烟"),
    ("假烟", "冒牌烟"),
    ("香烟", "纸烟"),
    ("卷烟", "纸烟"),
    ("烟草", "烟叶"),
    ("返湛", "回湛江"),
    ("核酸", "咽拭子"),
    ("隔离", "居家观察"),
    ("疫情", "病毒流行"),
    ("新冠", "新型病毒"),
    ("疫苗", "预防针"),
    ("喜宴", "婚宴"),
];

#[test]
fn topics_are_found_by_category_when_citizens_use_other_words() {
    let settings = Settings::default();
    let sections = &settings.sections;
    let keywords: Vec<&String> = [&sections.consultation.topic, &sections.livelihood.topic, &sections.economic.topic]
        .into_iter()
        .flat_map(|topic| topic.keywords.iter().chain(topic.subtopics.iter().flat_map(|s| &s.keywords)))
        .collect();
    let mut rows = records().clone();
    let content = rows[0].iter().position(|h| h == "诉求内容").unwrap();
    let mut reworded = 0;
    for row in rows.iter_mut().skip(1) {
        let text = &mut row[content];
        if keywords.iter().any(|k| text.contains(k.as_str())) {
            reworded += 1;
            for (keyword, other) in OTHER_WORDS {
                *text = text.replace(keyword, other);
            }
        }
        assert!(!keywords.iter().any(|k| text.contains(k.as_str())), "a keyword is left in “{text}”");
    }
    // Every topic ticket of the two months (the reference month's 1589 + 159 + 82, and
    // December's) was reworded.
    assert!(reworded > 2 * (1589 + 159 + 82) * 9 / 10, "{reworded}");
    let bytes = to_csv(&rows, b',').into_bytes();

    assert_reference_report(&run(vec![("换了说法.csv", bytes.clone())]));

    // It is the categories that find them: without, the topics are empty.
    let keywords_only = analyze_with(&with_topics(|categories, _| categories.clear()), "换了说法.csv", &bytes);
    let figures = &keywords_only.figures;
    let totals = [figures.consultation.topic.total, figures.livelihood.topic.total, figures.economic.topic.total];
    assert_eq!(totals, [0, 0, 0]);
}
