//! An analyst who drops only this month's export still gets trends and early warning: each
//! earlier analysis left its months' counts (never its tickets) on the machine, and the new
//! analysis borrows them. Warnings drawn from remembered months equal those drawn from the
//! same months' tickets; counts made under other settings are set aside and named.

use hotline_analyzer::notice::NoticeKind;
use hotline_analyzer::sample::{csv_by_month, SampleOptions};
use hotline_analyzer::trends::memory::MonthSummary;
use hotline_analyzer::{Analysis, Session, Settings};

fn analyse(files: &[(String, &[u8])], settings: &Settings, remembered: Vec<MonthSummary>) -> Analysis {
    let mut session = Session::new(settings.clone());
    for (name, bytes) in files {
        session.begin_file(name, None, Some(bytes.len() as u64));
        session.push(bytes, &mut |_, _| {}).unwrap();
        session.end_file(&mut |_, _| {}).unwrap();
    }
    session.remember(remembered);
    session.finish().expect("analysed")
}

/// What the page keeps after an analysis: its summaries, through JSON as IndexedDB holds them.
fn kept(analysis: &Analysis, file: &str) -> Vec<MonthSummary> {
    let summaries = analysis.tickets.summaries().unwrap();
    assert!(summaries.iter().all(|s| s.files == [file]), "each month names its own file");
    serde_json::from_str(&serde_json::to_string(&summaries).unwrap()).unwrap()
}

fn alerts(analysis: &Analysis) -> Vec<String> {
    let warning = analysis.figures.warning.as_ref().expect("a warning part");
    warning
        .alerts
        .iter()
        .map(|a| format!("{} {} {} {:.1}", a.dimension, a.label, a.observed.count, a.expected))
        .collect()
}

#[test]
fn one_month_after_two_remembered_ones_warns_as_the_three_months_together_do() {
    let options = SampleOptions { months: 25, planted: true, scale: 0.3, ..Default::default() };
    let files: Vec<(String, Vec<u8>)> = csv_by_month(&options)
        .into_iter()
        .filter(|(m, _)| (2..=4).contains(&m.month) && m.year == 2020)
        .map(|(m, bytes)| (format!("工单-{m}.csv"), bytes))
        .collect();
    assert_eq!(files.len(), 3);
    let settings = Settings::default();
    let file = |i: usize| vec![(files[i].0.clone(), files[i].1.as_slice())];

    // February, then March, each analysed alone: neither has a warning part yet.
    let february = analyse(&file(0), &settings, Vec::new());
    assert!(february.figures.warning.is_none());
    let mut memory = kept(&february, &files[0].0);
    let march = analyse(&file(1), &settings, memory.clone());
    assert!(march.figures.warning.is_none(), "two months are too few");
    memory.extend(kept(&march, &files[1].0));
    assert_eq!(memory.iter().map(|m| m.month.to_string()).collect::<Vec<_>>(), ["2020-02", "2020-03"]);

    // April alone, with the two remembered months, warns as the three files together do.
    let april = analyse(&file(2), &settings, memory.clone());
    let together: Vec<(String, &[u8])> = files.iter().map(|(n, b)| (n.clone(), b.as_slice())).collect();
    let all = analyse(&together, &settings, Vec::new());
    // Three files dropped together: each month names its own file.
    let named: Vec<(String, Vec<String>)> =
        all.tickets.summaries().unwrap().into_iter().map(|s| (s.month.to_string(), s.files)).collect();
    let expected: Vec<(String, Vec<String>)> = files
        .iter()
        .map(|(n, _)| (n.trim_start_matches("工单-").trim_end_matches(".csv").to_string(), vec![n.clone()]))
        .collect();
    assert_eq!(named, expected);
    assert_eq!(alerts(&april), alerts(&all));
    println!("April's alerts from two remembered months:\n  {}", alerts(&april).join("\n  "));
    assert!(
        alerts(&april).iter().any(|a| a.starts_with("镇街 雷城街道")),
        "the planted town spike: {:?}",
        alerts(&april)
    );
    let used = april.notices.iter().find_map(|n| match &n.kind {
        NoticeKind::RememberedMonths { months, .. } => Some(months.clone()),
        _ => None,
    });
    assert_eq!(used, Some(vec!["2020-02".to_string(), "2020-03".to_string()]));

    // The trends view runs over the three months, two of them remembered.
    let view = april.tickets.trends().unwrap();
    assert_eq!(view.months, ["2020-02", "2020-03", "2020-04"]);
    assert_eq!(view.remembered, ["2020-02", "2020-03"]);
    let towns = view.dimensions.iter().find(|d| d.label == "镇街").expect("towns");
    let line = towns.line.series.iter().find(|s| s.name == "雷城街道").expect("雷城街道's line");
    let from_tickets = all.tickets.trends().unwrap();
    let whole = from_tickets.dimensions.iter().find(|d| d.label == "镇街").unwrap();
    assert_eq!(Some(&line.values), whole.line.series.iter().find(|s| s.name == "雷城街道").map(|s| &s.values));
    assert!(view.rates.is_some(), "the rates over the months");

    // Counts made under other settings are set aside, named, and not mixed in.
    let mut other = settings.clone();
    other.period.start_day = 1;
    let set_aside = analyse(&file(2), &other, memory);
    assert!(set_aside.figures.warning.is_none());
    assert!(set_aside.notices.iter().any(|n| matches!(
        &n.kind,
        NoticeKind::RememberedUnderOtherSettings { months } if months.len() == 2
    )));
}
