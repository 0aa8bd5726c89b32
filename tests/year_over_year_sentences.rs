//! 同比 beside 环比: a month whose same month a year earlier is in the data gets 比去年同期
//! wherever the letter says 比上月, with percentages checked against counts made here by
//! hand from the CSV itself; a letter without that month says nothing of it.

use chrono::NaiveDateTime;
use hotline_analyzer::report::Block;
use hotline_analyzer::sample::{csv_with_truth, SampleOptions};
use hotline_analyzer::{analyze, Input, Settings};

/// Tickets (all, and valid) taken in from the 21st of the month before `month` to the 20th
/// of `month`, counted straight from the file's 受理时间 and 诉求类型 columns.
fn counted_by_hand(bytes: &[u8], year: i32, month: u32) -> (u64, u64) {
    let (start_year, start_month) = if month == 1 { (year - 1, 12) } else { (year, month - 1) };
    let start = format!("{start_year}-{start_month:02}-21 00:00:00");
    let end = format!("{year}-{month:02}-21 00:00:00");
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let headers = reader.headers().unwrap().clone();
    let time = headers.iter().position(|h| h == "受理时间").unwrap();
    let kind = headers.iter().position(|h| h == "诉求类型").unwrap();
    let (mut all, mut valid) = (0, 0);
    for record in reader.records() {
        let record = record.unwrap();
        let at = NaiveDateTime::parse_from_str(&record[time], "%Y-%m-%d %H:%M:%S").unwrap();
        let at = at.format("%Y-%m-%d %H:%M:%S").to_string();
        if at >= start && at < end {
            all += 1;
            if &record[kind] != "无效" {
                valid += 1;
            }
        }
    }
    (all, valid)
}

/// (now − then) / then as the letter words it: 增长12.34% / 减少5.00%.
fn worded(now: u64, then: u64) -> String {
    let diff = now as i128 - then as i128;
    let bp = (diff.unsigned_abs() * 20_000 + then as u128) / (2 * then as u128);
    let way = if diff >= 0 { "增长" } else { "减少" };
    format!("比去年同期{way}{}.{:02}%", bp / 100, bp % 100)
}

fn paragraphs(blocks: &[Block]) -> Vec<String> {
    blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph { text, .. } => Some(text.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn a_month_with_last_years_month_in_the_data_says_how_it_compares_with_it() {
    let options = SampleOptions { months: 14, planted: true, scale: 0.3, ..Default::default() };
    let (bytes, _) = csv_with_truth(&options);
    let analysis =
        analyze(vec![Input::new("十四个月.csv", &bytes[..])], &Settings::default(), &mut |_, _, _| {}).unwrap();
    let text = paragraphs(&analysis.document.blocks).join("\n");
    let (all_now, valid_now) = counted_by_hand(&bytes, 2021, 1);
    let (all_then, valid_then) = counted_by_hand(&bytes, 2020, 1);
    println!("January 2021: {all_now} tickets ({valid_now} valid); January 2020: {all_then} ({valid_then} valid)");
    for line in text.lines().filter(|l| l.contains("去年同期")) {
        println!("{line}");
    }
    for (what, now, then) in [("受理诉求", all_now, all_then), ("有效工单", valid_now, valid_then)] {
        let expected = worded(now, then);
        let sentence = text.lines().find(|l| l.contains(&now.to_string()) && l.contains("去年同期"));
        let sentence = sentence.unwrap_or_else(|| panic!("no 同比 for {what}:\n{text}"));
        assert!(sentence.contains(&expected), "{what}: expected “{expected}” in {sentence}");
        assert!(sentence.contains("比上月"), "环比 stays beside it: {sentence}");
    }

    // Without the month a year earlier, not a word of it.
    let two = SampleOptions { months: 2, planted: true, scale: 0.3, ..Default::default() };
    let (bytes, _) = csv_with_truth(&two);
    let analysis =
        analyze(vec![Input::new("两个月.csv", &bytes[..])], &Settings::default(), &mut |_, _, _| {}).unwrap();
    assert!(paragraphs(&analysis.document.blocks).iter().all(|p| !p.contains("去年同期")));
}
