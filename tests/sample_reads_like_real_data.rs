//! The sample must read like a real export, not only add up: calls follow the working day,
//! deadlines follow the ticket type, units belong to the ticket's county, ids follow the
//! YYMMDD+sequence pattern, and it scales to more months and larger volumes.

use std::collections::HashSet;

use chrono::{Datelike, Duration, Timelike, Weekday};
use hotline_analyzer::period::datetime;
use hotline_analyzer::sample::{generate_month, places, plan, plans, Record, SampleOptions};

fn reference_month() -> Vec<Record> {
    generate_month(&plan::reference(), SampleOptions::default().seed)
}

#[test]
fn calls_follow_the_hours_and_days_of_the_week() {
    let records = reference_month();
    let mut by_hour = [0usize; 24];
    let (mut weekday, mut weekend) = (0usize, 0usize);
    for r in &records {
        let at = datetime(r.intake);
        by_hour[at.hour() as usize] += 1;
        match at.weekday() {
            Weekday::Sat | Weekday::Sun => weekend += 1,
            _ => weekday += 1,
        }
    }
    assert!(by_hour[10] > 20 * by_hour[3], "morning peak {} vs night {}", by_hour[10], by_hour[3]);
    assert!(by_hour[15] > by_hour[12], "afternoon peak above lunch");
    // 31 days from 2020-12-21: 23 weekdays, 8 weekend days.
    assert!(weekday as f64 / 23.0 > 1.2 * weekend as f64 / 8.0, "weekdays busier than weekends");
}

#[test]
fn deadlines_follow_the_ticket_type_in_working_days() {
    for r in reference_month().iter().filter(|r| r.kind != "无效") {
        let limit = match r.kind {
            "咨询" => 2,
            "投诉" | "举报" => 15,
            _ => 10,
        };
        let (from, to) = (datetime(r.intake).date(), datetime(r.deadline).date());
        let mut working = 0;
        let mut day = from;
        while day < to {
            day += Duration::days(1);
            if !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
                working += 1;
            }
        }
        assert_eq!(working, limit, "{} {} → {}", r.kind, from, to);
        assert_eq!(datetime(r.intake).time(), datetime(r.deadline).time());
    }
}

#[test]
fn transferred_tickets_go_to_their_countys_unit_or_a_city_department() {
    let records = reference_month();
    let transferred: Vec<&Record> = records.iter().filter(|r| !r.transfer.is_empty()).collect();
    assert!(transferred.iter().all(|r| !r.unit.is_empty()));
    for r in &transferred {
        match r.unit_kind {
            "县区" => assert_eq!(r.unit, places::county_unit(r.region)),
            "市直" => assert!(r.unit.starts_with('市'), "{}", r.unit),
            other => panic!("unit kind {other}"),
        }
    }
    let county_share = transferred.iter().filter(|r| r.unit_kind == "县区").count() as f64 / transferred.len() as f64;
    assert!((0.55..0.75).contains(&county_share), "{county_share}");
    assert!(records.iter().filter(|r| r.transfer.is_empty()).all(|r| r.unit.is_empty()));
}

#[test]
fn towns_belong_to_their_regions_and_content_reads_as_chinese() {
    for r in reference_month() {
        if r.kind == "无效" {
            assert!(r.region.is_empty() && r.town.is_empty());
            continue;
        }
        assert!(places::towns_of(r.region).contains(&r.town), "{} {}", r.region, r.town);
        assert!(r.content.chars().filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c)).count() >= 8, "{}", r.content);
        assert!(!r.content.contains('{'), "unfilled slot: {}", r.content);
    }
}

#[test]
fn ids_are_unique_and_start_with_the_intake_date() {
    let mut seen = HashSet::new();
    for plan in plans(&SampleOptions::default()) {
        for r in generate_month(&plan, 7) {
            assert!(seen.insert(r.id.clone()), "duplicate id {}", r.id);
            assert_eq!(&r.id[..6], datetime(r.intake).format("%y%m%d").to_string());
        }
    }
}

#[test]
fn phones_are_masked_and_only_phone_records_have_one() {
    for r in reference_month() {
        if r.channel == "电话" {
            assert_eq!(r.phone.chars().filter(|&c| c == '*').count(), 4, "{}", r.phone);
        } else {
            assert!(r.phone.is_empty());
        }
    }
}

#[test]
fn the_same_seed_gives_the_same_data_and_another_seed_other_data() {
    let a = generate_month(&plan::reference(), 1);
    let b = generate_month(&plan::reference(), 1);
    let c = generate_month(&plan::reference(), 2);
    assert_eq!(a.iter().map(|r| &r.content).collect::<Vec<_>>(), b.iter().map(|r| &r.content).collect::<Vec<_>>());
    assert_ne!(a.iter().map(|r| r.intake).collect::<Vec<_>>(), c.iter().map(|r| r.intake).collect::<Vec<_>>());
}

#[test]
fn it_scales_to_more_months_and_larger_volumes() {
    let year = plans(&SampleOptions { months: 12, ..SampleOptions::default() });
    assert_eq!(year.len(), 12);
    assert_eq!((year[0].month.year, year[0].month.month), (2020, 2));
    assert_eq!(year[11].total(), 63470);
    assert_eq!(year[10].total(), 62123);
    for month in &year[..10] {
        let ratio = month.total() as f64 / 63470.0;
        assert!((0.85..1.0).contains(&ratio), "{ratio}");
        assert_eq!(month.channels.iter().map(|c| c.1).sum::<u32>(), month.total());
    }
    let doubled = plans(&SampleOptions { scale: 2.0, ..SampleOptions::default() });
    let ratio = doubled[1].total() as f64 / 63470.0;
    assert!((1.99..2.01).contains(&ratio), "{ratio}");
    let records = generate_month(&doubled[1], 3);
    assert_eq!(records.len() as u32, doubled[1].total());
}
