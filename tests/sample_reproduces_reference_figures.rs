//! The built-in sample, written as CSV and read back through the normal pipeline, gives
//! every figure of the reference report (tests/reference/figures.toml, a copy of
//! shared/reference/figures.toml; the corrected figure where [deviations] says so).

use std::sync::OnceLock;

use hotline_analyzer::sample::SampleOptions;
use hotline_analyzer::stats::ratio::{Ratio, Share};
use hotline_analyzer::{analyze_sample, Analysis, Settings};
use toml::Value;

fn reference() -> &'static Value {
    static FIGURES: OnceLock<Value> = OnceLock::new();
    FIGURES.get_or_init(|| include_str!("reference/figures.toml").parse().expect("figures.toml parses"))
}

fn analysis() -> &'static Analysis {
    static ANALYSIS: OnceLock<Analysis> = OnceLock::new();
    ANALYSIS.get_or_init(|| analyze_sample(&SampleOptions::default(), &Settings::default(), &mut |_, _, _| {}).unwrap())
}

fn int(path: &str) -> u64 {
    lookup(path).as_integer().unwrap_or_else(|| panic!("{path} is not an integer")) as u64
}

fn lookup(path: &str) -> &'static Value {
    path.split('.').fold(reference(), |v, key| v.get(key).unwrap_or_else(|| panic!("figures.toml has no {path}")))
}

/// A percentage from figures.toml in basis points.
fn bp(path: &str) -> u64 {
    let value = lookup(path);
    let pct = value.as_float().or_else(|| value.as_integer().map(|i| i as f64)).unwrap();
    (pct * 100.0).round() as u64
}

fn ratio_bp(ratio: &Ratio) -> u64 {
    ratio.bp.expect("ratio is defined")
}

/// figures.toml's [name, count, percent] triples.
fn triples(path: &str) -> Vec<(String, u64, u64)> {
    lookup(path)
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            let t = t.as_array().unwrap();
            (
                t[0].as_str().unwrap().to_string(),
                t[1].as_integer().unwrap() as u64,
                (t[2].as_float().unwrap() * 100.0).round() as u64,
            )
        })
        .collect()
}

fn of(shares: &[Share]) -> Vec<(String, u64, u64)> {
    shares.iter().map(|s| (s.name.clone(), s.count, s.bp.unwrap())).collect()
}

#[test]
fn period_is_detected_from_the_data() {
    let a = analysis();
    assert_eq!(a.period.start.to_string(), lookup("period.start").as_str().unwrap());
    assert_eq!(a.period.end.to_string(), lookup("period.end").as_str().unwrap());
    assert_eq!(a.period.days() as u64, int("period.days"));
    let previous = a.previous.expect("previous month present");
    assert_eq!(previous.start.to_string(), lookup("period.prev_start").as_str().unwrap());
    assert_eq!(previous.end.to_string(), lookup("period.prev_end").as_str().unwrap());
}

#[test]
fn intake_by_channel_group() {
    let intake = &analysis().figures.intake;
    assert_eq!(intake.total.current, int("intake.total"));
    assert_eq!(intake.total.previous, Some(int("intake.total_prev")));
    let keys = ["phone", "online", "city_site", "province_platform"];
    for (group, key) in intake.groups.iter().zip(keys) {
        assert_eq!(group.count.current, int(&format!("intake.{key}")), "{key}");
        assert_eq!(group.count.previous, Some(int(&format!("intake.{key}_prev"))), "{key}_prev");
    }
    assert_eq!(intake.phone_daily_average, Some(int("intake.phone_daily_avg")));
    assert!(intake.unassigned_channels.is_empty());
    assert_eq!(ratio_bp(&intake.instant_answer), bp("intake.instant_answer_rate"));
    assert_eq!(ratio_bp(intake.on_time.as_ref().unwrap()), bp("intake.on_time_rate"));
    assert_eq!(ratio_bp(intake.satisfaction.as_ref().unwrap()), bp("intake.satisfaction_rate"));
}

#[test]
fn secondary_platforms_by_county() {
    let secondary = analysis().figures.secondary.as_ref().unwrap();
    assert_eq!(secondary.total.count, int("secondary_platforms.total"));
    assert_eq!(of(&secondary.by_county), triples("secondary_platforms.by_county"));
}

#[test]
fn leaders_on_duty_and_their_roster() {
    let duty = analysis().figures.leader_duty.as_ref().unwrap();
    assert_eq!(duty.leaders as u64, int("leader_duty.leaders"));
    assert_eq!(duty.calls.count, int("leader_duty.calls"));
    assert_eq!(duty.direct_answers.count, int("leader_duty.direct_answers"));
    assert_eq!(ratio_bp(&duty.reply), bp("leader_duty.reply_rate"));
    assert_eq!(duty.transferred.count, int("leader_duty.transferred"));
    let closed = duty.closed.as_ref().expect("closing is known");
    assert_eq!(closed.num, int("leader_duty.closed"));
    assert_eq!(ratio_bp(closed), bp("leader_duty.close_rate"));
    assert_eq!(ratio_bp(duty.satisfaction.as_ref().unwrap()), bp("leader_duty.satisfaction_rate"));
    let roster: Vec<(String, Vec<String>)> = lookup("leader_duty.roster")
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            let u = u.as_array().unwrap();
            let names = u[1].as_array().unwrap().iter().map(|n| n.as_str().unwrap().to_string()).collect();
            (u[0].as_str().unwrap().to_string(), names)
        })
        .collect();
    let got: Vec<(String, Vec<String>)> = duty.roster.iter().map(|u| (u.unit.clone(), u.leaders.clone())).collect();
    assert_eq!(got, roster);
}

#[test]
fn valid_tickets_by_type_and_transferred() {
    let f = &analysis().figures;
    assert_eq!(f.tickets.valid.current, int("tickets.valid"));
    assert_eq!(f.tickets.valid.previous, Some(int("tickets.valid_prev")));
    let by_type: Vec<Share> = f.tickets.by_type.iter().map(|t| t.share.clone()).collect();
    assert_eq!(of(&by_type), triples("tickets.by_type"));
    assert_eq!(f.tickets.transferred.count, int("tickets.transferred"));
    assert_eq!(f.tickets.transferred.bp, Some(bp("tickets.transferred_share")));

    let t = &f.transferred;
    let closed = t.closed.as_ref().expect("closing is known");
    assert_eq!((t.total.count, closed.num), (int("transferred.total"), int("transferred.closed")));
    assert_eq!(ratio_bp(t.reply.as_ref().unwrap()), bp("transferred.reply_rate"));
    assert_eq!(ratio_bp(closed), bp("transferred.close_rate"));
    assert_eq!(ratio_bp(t.satisfaction.as_ref().unwrap()), bp("transferred.satisfaction_rate"));
    assert_eq!(of(&t.by_category), triples("transferred.by_category"));
}

#[test]
fn consultations_and_the_covid_topic() {
    let c = &analysis().figures.consultation;
    assert_eq!(c.total.current, int("consultation.total"));
    assert_eq!(c.total.previous, Some(int("consultation.total_prev")));
    let top: Vec<Share> = c.top.iter().map(|t| t.share.clone()).collect();
    assert_eq!(of(&top), triples("consultation.top5"));
    assert_eq!(c.topic.total, int("consultation.covid.total"));
    assert_eq!(ratio_bp(&c.topic.share), bp("consultation.covid.share_of_consultations"));
    assert_eq!(of(&c.topic_top), triples("consultation.covid.top3"));
}

#[test]
fn livelihood_and_illegal_mining() {
    let l = &analysis().figures.livelihood;
    assert_eq!(l.total.count, int("livelihood.total"));
    assert_eq!(of(&l.top), triples("livelihood.top3"));
    assert_eq!(l.topic.total, int("livelihood.illegal_mining.total"));
    assert_eq!(ratio_bp(&l.topic.share), bp("livelihood.illegal_mining.share_of_parent"));
    assert_eq!(of(&l.topic_regions), triples("livelihood.illegal_mining.top3_regions"));
    let town = l.topic_top_town.as_ref().unwrap();
    let expected = lookup("livelihood.illegal_mining.top_town").as_array().unwrap();
    assert_eq!(town.region, expected[0].as_str().unwrap());
    assert_eq!(town.town, expected[1].as_str().unwrap());
    assert_eq!(town.share.num, expected[2].as_integer().unwrap() as u64);
    assert_eq!(ratio_bp(&town.share), (expected[3].as_float().unwrap() * 100.0).round() as u64);
}

#[test]
fn consumer_complaints() {
    let c = &analysis().figures.consumer;
    assert_eq!(c.total.count, int("consumer.total"));
    assert_eq!(ratio_bp(&c.share_of_transferred), bp("consumer.share_of_transferred"));
    assert_eq!((c.goods.count, c.services.count), (int("consumer.goods"), int("consumer.services")));
    assert_eq!((c.goods.bp, c.services.bp), (Some(4786), Some(5214)));
    assert_eq!(of(&c.goods_top), triples("consumer.goods_top3"));
    assert_eq!(of(&c.services_top), triples("consumer.services_top3"));
    assert_eq!(of(&c.detail.as_ref().unwrap().items), triples("consumer.after_sales"));
}

#[test]
fn economic_violations_and_tobacco() {
    let e = &analysis().figures.economic;
    assert_eq!(e.total.count, int("economic.total"));
    assert_eq!(ratio_bp(&e.share_of_transferred), bp("economic.share_of_transferred"));
    assert_eq!(of(&e.top), triples("economic.top3"));
    assert_eq!(e.topic.total, int("economic.tobacco.total"));
    assert_eq!(ratio_bp(&e.topic.share), bp("economic.tobacco.share"));
    let focus = e.focus.as_ref().unwrap();
    assert_eq!((focus.count, focus.bp), (int("economic.tobacco.counterfeit"), Some(9756)));
    assert_eq!(of(&e.focus_regions), triples("economic.tobacco.counterfeit_top3_regions"));
}

#[test]
fn administrative_efficiency() {
    let a = &analysis().figures.admin_efficiency;
    assert_eq!(a.total.count, int("admin_efficiency.total"));
    assert_eq!(of(&a.regions), triples("admin_efficiency.top3_regions"));
    assert_eq!(of(&a.problems), triples("admin_efficiency.top3_problems"));
    let detail = a.detail.as_ref().unwrap();
    assert_eq!((detail.count, detail.bp), (int("admin_efficiency.absent_from_post"), Some(7000)));
}

#[test]
fn every_row_is_accounted_for() {
    let a = &analysis().accounting;
    assert_eq!(a.input_rows, int("intake.total") + int("intake.total_prev"));
    assert_eq!((a.rejected, a.duplicates, a.outside_period), (0, 0, 0));
    assert!(a.balances());
}
