//! Rank shifts: a letter whose data holds the months the early warning needs says how the
//! leading consultation problems moved since last month (前五类问题四增一减；…升至第二位
//! （上月第三位）), with ranks checked against counts made here by hand from the CSV. A
//! two-month letter (the reference) says nothing of it, as the golden test pins.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use hotline_analyzer::report::Block;
use hotline_analyzer::sample::{csv_by_month, SampleOptions};
use hotline_analyzer::{analyze, Input, Settings};

/// Consultations per first-level category in one file, counted from its own columns.
fn consultations_by_hand(bytes: &[u8]) -> Vec<(String, u64)> {
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let headers = reader.headers().unwrap().clone();
    let at = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (kind, category, time) = (at("诉求类型"), at("一级分类"), at("受理时间"));
    let mut counts: HashMap<String, u64> = HashMap::new();
    for record in reader.records() {
        let record = record.unwrap();
        NaiveDateTime::parse_from_str(&record[time], "%Y-%m-%d %H:%M:%S").expect("a time");
        if &record[kind] == "咨询" {
            *counts.entry(record[category].to_string()).or_default() += 1;
        }
    }
    let mut counts: Vec<(String, u64)> = counts.into_iter().collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    counts
}

const PLACES: [&str; 11] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

#[test]
fn a_letter_over_three_months_says_how_the_leading_problems_moved() {
    let options = SampleOptions { months: 25, planted: true, scale: 0.3, ..Default::default() };
    let months: Vec<(String, Vec<u8>)> = csv_by_month(&options)
        .into_iter()
        .filter(|(m, _)| m.year == 2020 && (6..=8).contains(&m.month))
        .map(|(m, bytes)| (m.to_string(), bytes))
        .collect();
    let inputs = months.iter().map(|(m, b)| Input::new(format!("{m}.csv"), &b[..])).collect();
    let analysis = analyze(inputs, &Settings::default(), &mut |_, _, _| {}).unwrap();
    let text = analysis
        .document
        .blocks
        .iter()
        .find_map(|b| match b {
            Block::Paragraph { id, text, .. } if id == "hotspots.consultation" => Some(text.clone()),
            _ => None,
        })
        .expect("the consultation paragraph");

    let (then, now) = (consultations_by_hand(&months[1].1), consultations_by_hand(&months[2].1));
    let top: Vec<&(String, u64)> = now.iter().take(5).collect();
    let previous_rank = |name: &str| {
        let count = then.iter().find(|(n, _)| n == name).map_or(0, |(_, c)| *c);
        1 + then.iter().filter(|(_, c)| *c > count).count()
    };
    let before = |name: &str| then.iter().find(|(n, _)| n == name).map_or(0, |(_, c)| *c);
    let up = top.iter().filter(|(n, c)| *c > before(n)).count();
    let down = top.iter().filter(|(n, c)| *c < before(n)).count();
    let mut expected = "与上月相比，前五类问题".to_string();
    if up > 0 {
        expected.push_str(&format!("{}增", PLACES[up]));
    }
    if down > 0 {
        expected.push_str(&format!("{}减", PLACES[down]));
    }
    assert!(text.contains(&expected), "expected “{expected}” in\n{text}");
    let mut moved = 0;
    for (rank, (name, _)) in top.iter().enumerate() {
        let (now, then) = (rank + 1, previous_rank(name));
        let said = match then.cmp(&now) {
            std::cmp::Ordering::Greater => {
                format!("{name}升至第{}位（上月第{}位）", PLACES[now], PLACES.get(then).unwrap_or(&"?"))
            }
            std::cmp::Ordering::Less => {
                format!("{name}降至第{}位（上月第{}位）", PLACES[now], PLACES.get(then).unwrap_or(&"?"))
            }
            std::cmp::Ordering::Equal => continue,
        };
        moved += 1;
        assert!(text.contains(&said), "expected “{said}” in\n{text}");
    }
    if moved == 0 {
        assert!(text.contains("排名与上月相同"), "{text}");
    }
    println!("{}", text.split('。').find(|s| s.starts_with("与上月相比")).unwrap_or_default());

    // 民生诉求 says how its leading hot spots moved too; and the comparison does not hang on
    // the warning part (switched off, the ranks still move).
    let paragraph = |analysis: &hotline_analyzer::Analysis, id: &str| {
        analysis.document.blocks.iter().find_map(|b| match b {
            Block::Paragraph { id: found, text, .. } if found == id => Some(text.clone()),
            _ => None,
        })
    };
    let livelihood = paragraph(&analysis, "hotspots.livelihood").expect("the livelihood paragraph");
    assert!(livelihood.contains("与上月相比，前三类热点"), "{livelihood}");
    let mut off = Settings::default();
    off.sections.warning.enabled = false;
    let inputs = months.iter().map(|(m, b)| Input::new(format!("{m}.csv"), &b[..])).collect();
    let quiet = analyze(inputs, &off, &mut |_, _, _| {}).unwrap();
    assert!(quiet.figures.warning.is_none());
    assert_eq!(paragraph(&quiet, "hotspots.consultation").as_deref(), Some(text.as_str()));
}
