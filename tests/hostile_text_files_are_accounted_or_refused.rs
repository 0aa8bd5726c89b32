//! The hostile-input report's cases for text files, each read through the page's own entry
//! (a `Session` fed slices, at several slice sizes) and the CLI's (`analyze`): no crash,
//! every row accepted, rejected with its reason, or a duplicate, and a Chinese message
//! naming file and row for every refusal.

use encoding_rs::GB18030;
use hotline_analyzer::ingest::accounting::RejectReason;
use hotline_analyzer::notice::NoticeKind;
use hotline_analyzer::{analyze, Analysis, Error, Input, Session, Settings};

/// The analysis of `files` pushed `step` bytes at a time, as the page's worker does.
fn pushed(files: &[(&str, &[u8])], step: usize) -> Result<Analysis, Error> {
    let mut session = Session::new(Settings::default());
    for (name, bytes) in files {
        session.begin_file(name, None, Some(bytes.len() as u64));
        for chunk in bytes.chunks(step) {
            session.push(chunk, &mut |_, _| {})?;
        }
        session.end_file(&mut |_, _| {})?;
    }
    session.finish()
}

/// The analysis at every slice size, and pulled: all must agree on where each row went.
fn read_every_way(files: &[(&str, &[u8])]) -> Result<Analysis, Error> {
    let pulled = analyze(
        files.iter().map(|(name, bytes)| Input::new(*name, *bytes)).collect(),
        &Settings::default(),
        &mut |_, _, _| {},
    );
    for step in [1, 3, 64, 4096, 1 << 22] {
        let result = pushed(files, step);
        match (&pulled, &result) {
            (Ok(a), Ok(b)) => {
                let (a, b) = (&a.accounting, &b.accounting);
                assert_eq!(
                    (a.input_rows, a.accepted, a.rejected, a.duplicates, a.outside_period),
                    (b.input_rows, b.accepted, b.rejected, b.duplicates, b.outside_period),
                    "slices of {step}"
                );
                assert_eq!(a.rejected_rows, b.rejected_rows, "slices of {step}");
            }
            (Err(a), Err(b)) => assert_eq!(a, b, "slices of {step}"),
            _ => panic!("slices of {step}: pulled {:?}, pushed {:?}", pulled.is_ok(), result.is_ok()),
        }
    }
    pulled
}

fn accounting(analysis: &Analysis) -> (u64, u64, u64, u64) {
    let a = &analysis.accounting;
    assert!(a.balances(), "rows must add up: {a:?}");
    (a.input_rows, a.accepted, a.rejected, a.duplicates)
}

fn message(result: Result<Analysis, Error>) -> String {
    match result {
        Err(error) => error.to_string(),
        Ok(_) => panic!("the file should be refused"),
    }
}

const HEADER: &str = "工单编号,受理时间,诉求渠道,诉求类型,诉求内容\n";

fn rows(first: usize, count: usize) -> String {
    (first..first + count)
        .map(|i| format!("{i},2021-01-{:02} 10:00:00,电话,咨询,反映第{i}件事\n", i % 20 + 1))
        .collect()
}

#[test]
fn case_1_an_unclosed_quote_past_the_last_header_column_rejects_that_row_only() {
    let text = "工单编号,受理时间,诉求渠道,诉求类型\n1001,2021-01-05 10:00:00,电话,咨询,\"\n1002,2021-01-06 10:00:00,电话,咨询\n1003,2021-01-07 10:00:00,电话,咨询\n";
    let analysis = read_every_way(&[("引号.csv", text.as_bytes())]).unwrap();
    assert_eq!(accounting(&analysis), (3, 2, 1, 0));
    let rejected = &analysis.accounting.rejected_rows[0];
    assert_eq!((rejected.row, rejected.column.as_str()), (2, "第5列"));
    assert_eq!(rejected.reason, RejectReason::UnclosedQuote);
}

#[test]
fn case_2_a_lone_carriage_return_ends_a_row_and_mixed_line_ends_lose_none() {
    let text =
        format!("{HEADER}1,2021-01-05 10:00:00,电话,咨询,甲\r2,2021-01-05 10:00:00,电话,咨询,乙\n{}", rows(3, 3));
    let analysis = read_every_way(&[("回车.csv", text.as_bytes())]).unwrap();
    assert_eq!(accounting(&analysis), (5, 5, 0, 0));

    let ends = ["\n", "\r\n", "\r"];
    let mixed: String = (0..1000)
        .map(|i| format!("{i},2021-01-{:02} 10:00:00,电话,咨询,内容{i}{}", i % 20 + 1, ends[i * 7 % 3]))
        .collect();
    let analysis = read_every_way(&[("混合换行.csv", format!("{HEADER}{mixed}").as_bytes())]).unwrap();
    assert_eq!(accounting(&analysis), (1000, 1000, 0, 0));
}

#[test]
fn case_3_gbk_rows_followed_by_utf8_rows_are_refused_at_the_first_utf8_row() {
    let mut bytes = GB18030.encode(&format!("{HEADER}{}", rows(1, 360))).0.into_owned();
    bytes.extend_from_slice(rows(361, 40).as_bytes());
    let refused = message(read_every_way(&[("拼接.csv", &bytes)]));
    assert!(
        refused.starts_with("文件「拼接.csv」第362行：从这一行起文字是 UTF-8 编码，而前面的行是 GBK/GB18030 编码"),
        "{refused}"
    );
    assert!(!refused.contains('\u{fffd}') && !refused.contains("鍜"), "{refused}");

    // And the other way round, as before: UTF-8 rows, then GBK ones.
    let mut bytes = format!("{HEADER}{}", rows(1, 360)).into_bytes();
    bytes.extend_from_slice(&GB18030.encode(&rows(361, 40)).0);
    let refused = message(read_every_way(&[("拼接2.csv", &bytes)]));
    assert!(refused.starts_with("文件「拼接2.csv」第362行：这一行含有不是 UTF-8 编码的字节"), "{refused}");
}

#[test]
fn case_3_bytes_that_are_no_gbk_are_refused_at_their_row_never_replaced() {
    let mut bytes = GB18030.encode(&format!("{HEADER}{}", rows(1, 10))).0.into_owned();
    bytes.extend_from_slice(b"11,2021-01-05 10:00:00,\xff\xfe,\xd7\xc9\xd1\xaf,x\n");
    let refused = message(read_every_way(&[("坏字节.csv", &bytes)]));
    assert!(refused.starts_with("文件「坏字节.csv」第12行：这一行含有不是 GBK/GB18030 编码的字节"), "{refused}");
}

#[test]
fn case_4_a_quoted_cell_over_lines_full_of_commas_is_accepted_whole() {
    let content = "反映以下楼栋停水：\n1,2,3,4,5,6,7,8,9,10,11,12栋均无水";
    let text = format!("{HEADER}1,2021-01-05 10:00:00,电话,咨询,\"{content}\"\n{}", rows(2, 3));
    let analysis = read_every_way(&[("停水.csv", text.as_bytes())]).unwrap();
    assert_eq!(accounting(&analysis), (4, 4, 0, 0));
}

#[test]
fn case_11_the_rejected_rows_download_says_it_is_capped() {
    let bad: String = (0..25_000).map(|i| format!("{i},明天,电话,咨询,x\n")).collect();
    let text = format!("{HEADER}{bad}{}", rows(25_000, 5));
    let analysis =
        analyze(vec![Input::new("拒收多.csv", text.as_bytes())], &Settings::default(), &mut |_, _, _| {}).unwrap();
    assert_eq!(accounting(&analysis), (25_005, 5, 25_000, 0));
    let csv = analysis.accounting.rejected_csv();
    assert!(
        csv.trim_end().ends_with("（本清单只列出前20000行拒收行，另有5000行拒收行未列出；共拒收25000行）"),
        "{}",
        &csv[csv.len() - 200..]
    );
}

#[test]
fn case_12_nul_bytes_reject_their_rows_wherever_they_are() {
    let mut lines: Vec<String> = rows(1, 400).lines().map(str::to_string).collect();
    for at in [100, 200, 300] {
        lines[at] = lines[at].replacen("反映", "反\0映", 1);
    }
    lines[350] = "\0".repeat(5000);
    let text = format!("{HEADER}{}\n", lines.join("\n"));
    let analysis = read_every_way(&[("空字符.csv", text.as_bytes())]).unwrap();
    assert_eq!(accounting(&analysis), (400, 396, 4, 0));
    let rejected: Vec<(u64, &str)> =
        analysis.accounting.rejected_rows.iter().map(|r| (r.row, r.column.as_str())).collect();
    assert_eq!(rejected, [(102, "诉求内容"), (202, "诉求内容"), (302, "诉求内容"), (352, "工单编号")]);
    assert!(analysis.accounting.rejected_rows.iter().all(|r| r.reason == RejectReason::NulByte));
}

#[test]
fn case_13_the_same_file_twice_without_ids_gets_a_notice() {
    let text = "受理时间,诉求渠道,诉求类型,诉求内容\n".to_string()
        + &(0..50).map(|i| format!("2021-01-{:02} 10:00:00,电话,咨询,内容{i}\n", i % 20 + 1)).collect::<String>();
    let twice = read_every_way(&[("一月.csv", text.as_bytes()), ("一月 - 副本.csv", text.as_bytes())]).unwrap();
    assert_eq!(accounting(&twice), (100, 100, 0, 0));
    let read_twice = NoticeKind::FileReadTwice { file: "一月 - 副本.csv".into(), earlier: "一月.csv".into() };
    let notice = twice.notices.iter().find(|n| n.kind == read_twice).expect("a notice for the file read twice");
    assert!(notice.text.starts_with("文件「一月 - 副本.csv」与「一月.csv」的每一行都相同，又都没有“工单编号”列"));
    // Different files, or the same file once, say nothing of it.
    let other = text.replace("内容1\n", "内容一\n");
    let two = read_every_way(&[("一月.csv", text.as_bytes()), ("二月.csv", other.as_bytes())]).unwrap();
    assert!(!two.notices.iter().any(|n| matches!(n.kind, NoticeKind::FileReadTwice { .. })));
    // With ids, the second copy's rows are duplicates, as before.
    let with_ids = format!("{HEADER}{}", rows(1, 50));
    let twice = read_every_way(&[("a.csv", with_ids.as_bytes()), ("b.csv", with_ids.as_bytes())]).unwrap();
    assert_eq!(accounting(&twice), (100, 50, 0, 50));
    assert!(!twice.notices.iter().any(|n| matches!(n.kind, NoticeKind::FileReadTwice { .. })));
}

#[test]
fn a_bad_gbk_row_after_blank_lines_or_lone_carriage_returns_is_named_by_its_own_number() {
    // Past the sniffed head, so the file is taken for clean GBK first.
    let body = rows(1, 2000);
    let mut bytes = GB18030.encode(&format!("{HEADER}{body}\r\n\r\n")).0.into_owned();
    bytes.extend_from_slice(b"9999,2021-01-05 10:00:00,\xff\xff,x,y\n");
    let refused = message(read_every_way(&[("空行后.csv", &bytes)]));
    assert!(refused.starts_with("文件「空行后.csv」第2004行：这一行含有不是 GBK/GB18030 编码的字节"), "{refused}");

    let cr_only = format!("{HEADER}{body}").replace('\n', "\r");
    let mut bytes = GB18030.encode(&cr_only).0.into_owned();
    bytes.extend_from_slice(b"9999,2021-01-05 10:00:00,\xff\xff,x,y\r");
    let refused = message(read_every_way(&[("回车.csv", &bytes)]));
    assert!(refused.starts_with("文件「回车.csv」第2002行："), "{refused}");
}

#[test]
fn an_endless_line_is_refused_at_its_row_in_chinese() {
    let mut bytes = format!("{HEADER}{}", rows(1, 3)).into_bytes();
    bytes.extend(std::iter::repeat_n(b'x', 17 << 20));
    // In the page's 4 MiB slices and pulled (slices of a few bytes would rescan the row).
    let pulled = analyze(vec![Input::new("一行.csv", &bytes[..])], &Settings::default(), &mut |_, _, _| {});
    for refused in [message(pulled), message(pushed(&[("一行.csv", &bytes)], 4 << 20))] {
        assert!(refused.starts_with("文件「一行.csv」第5行：这一行超过 16 MB 仍没有结束"), "{refused}");
    }
}
