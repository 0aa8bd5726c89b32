//! A sample of several years that behaves like one over time, for trends and early warning:
//! the months before the reference pair follow the seasons (the Spring Festival dip, the
//! summer and typhoon peak, 双十一's complaints) and a slow growth, and some carry planted
//! anomalies — a spike in a category, a town, a unit or a topic, and a phrase never seen
//! before. The ground truth lists each with the ids of the tickets it added, so a test can
//! tell an alert it explains from one it does not. The reference pair (December 2020 and
//! January 2021) stays exactly as the reference plan makes it.

use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg64Mcg;
use serde::Serialize;

use super::plan::{Cohort, Content, Leaf, MonthPlan};
use super::{catalogue, generate_month, number_ids, Record};
use crate::period::MonthId;

/// What an anomaly is planted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    /// A third-level category (its path: 一级 / 二级 / 三级).
    Category,
    Town,
    Unit,
    /// A hot topic of the report (the 非法开采 sub-topic of 民生诉求).
    Topic,
    /// A phrase of the content no earlier month holds.
    Phrase,
}

/// One planted anomaly.
#[derive(Debug, Clone, Serialize)]
pub struct Anomaly {
    /// `2020-03`
    pub month: String,
    pub dimension: Dimension,
    /// The category path, town, unit, topic or phrase.
    pub value: String,
    /// This month's count over what it would have been (a spike of 3 triples it).
    pub factor: f64,
    /// The count it would have been, and the tickets added.
    pub base: u32,
    pub added: u32,
    /// The added tickets' ids.
    pub ids: Vec<String>,
}

/// The plan of each anomaly: (months before January 2021, dimension, factor or count).
struct Planted {
    months_before: u32,
    dimension: Dimension,
    /// A spike's factor; a phrase's ticket count.
    size: f64,
}

const PLANTED: [Planted; 7] = [
    Planted { months_before: 10, dimension: Dimension::Category, size: 3.0 }, // 2020-03
    Planted { months_before: 8, dimension: Dimension::Town, size: 3.0 },      // 2020-05
    Planted { months_before: 7, dimension: Dimension::Unit, size: 3.0 },      // 2020-06
    Planted { months_before: 5, dimension: Dimension::Topic, size: 4.0 },     // 2020-08
    Planted { months_before: 4, dimension: Dimension::Phrase, size: 60.0 },   // 2020-09
    Planted { months_before: 3, dimension: Dimension::Category, size: 3.5 },  // 2020-10
    Planted { months_before: 9, dimension: Dimension::Town, size: 3.0 },      // 2020-04
];

/// The categories spiked, in the order of the category anomalies above.
const SPIKED_CATEGORIES: [[&str; 3]; 2] = [["水电气", "供水", "停水"], ["环境保护", "大气污染", "油烟污染"]];
/// The towns spiked (in their county), in order.
const SPIKED_TOWNS: [(&str, &str); 2] = [("廉江市", "石城镇"), ("雷州市", "雷城街道")];
const SPIKED_UNIT: &str = "市交通运输局";
/// The new phrase, and the text that carries it.
pub const NEW_PHRASE: &str = "共享电单车";
const NEW_PHRASE_TEXT: &str =
    "反映{town}{road}一带大量共享电单车乱停乱放，占用人行道和盲道，行人通行困难，请有关部门清理。";

/// A month's share of the year's tickets against an average month: the Spring Festival
/// dip, the summer rains and typhoons, 双十一.
fn season(month: u32) -> f64 {
    [0.97, 0.80, 0.95, 0.98, 1.00, 1.04, 1.10, 1.10, 1.08, 0.99, 1.03, 0.98][month as usize - 1]
}

/// Slow growth: each year 6% more tickets than the one before (January 2021 = 1).
fn trend(months_before: u32) -> f64 {
    1.0 - 0.06 * months_before as f64 / 12.0
}

fn months_before(month: MonthId, last: MonthId) -> u32 {
    ((last.year - month.year) * 12 + last.month as i32 - month.month as i32).max(0) as u32
}

/// The plan of a month before the reference pair: the reference, shaped by season and trend,
/// each kind of ticket varying by up to 15% from month to month as real ones do.
pub fn month_plan(reference: &MonthPlan, month: MonthId, seed: u64) -> MonthPlan {
    let before = months_before(month, reference.month);
    let mut plan = reference.scaled(season(month.month) * trend(before), month);
    let mut rng = Pcg64Mcg::seed_from_u64(seed ^ 0x5EA5_0A11 ^ ((month.year as u64) << 8 | month.month as u64));
    for leaf in plan.cohorts.iter_mut().flat_map(|c| c.leaves.iter_mut()) {
        let factor: f64 = rng.random_range(0.85..1.15);
        leaf.count = (leaf.count as f64 * factor).round() as u32;
    }
    plan
}

/// Tickets that come every year in their season, so a year's baseline expects them:
/// express-delivery complaints around 双十一, burst pipes and flooded roads in the typhoon
/// months.
fn seasonal_extras(month: MonthId) -> Vec<(Leaf, u32)> {
    let leaf =
        |kind, transfer, path: [&'static str; 3]| Leaf { count: 0, kind, transfer, path, content: Content::General };
    match month.month {
        11 => vec![(leaf("投诉", Some("消费维权投诉"), ["商品类", "生活用品", ""]), 180)],
        7..=9 => vec![(leaf("投诉", Some("民生诉求"), ["城市建设", "", ""]), 220)],
        _ => Vec::new(),
    }
}

/// A month of the history: its planned tickets, the season's extras and any anomaly planted
/// in it (whose tickets are listed in `truth`).
pub fn generate(plan: &MonthPlan, seed: u64, last: MonthId, truth: &mut Vec<Anomaly>) -> Vec<Record> {
    let mut records = generate_month(plan, seed);
    if plan.month >= last.previous() {
        return records; // the reference pair stays as it is
    }
    let month = plan.month;
    let mut rng = Pcg64Mcg::seed_from_u64(seed ^ 0xA11E_57ED ^ ((month.year as u64) << 8 | month.month as u64));
    for (leaf, count) in seasonal_extras(month) {
        records.extend(extra(&leaf, count, None, month, rng.random()));
    }
    let before = months_before(month, last);
    let mut categories = SPIKED_CATEGORIES.iter();
    let mut towns = SPIKED_TOWNS.iter();
    for planted in &PLANTED {
        // Anomalies of the same kind take their values in order, whether planted or not.
        let category = if planted.dimension == Dimension::Category { categories.next() } else { None };
        let town = if planted.dimension == Dimension::Town { towns.next() } else { None };
        if planted.months_before != before {
            continue;
        }
        let (value, base, mut added) = match planted.dimension {
            Dimension::Category => {
                let path = category.expect("one per category anomaly");
                let base = records.iter().filter(|r| r.path == *path).count() as u32;
                let leaf = general_leaf(path[0]);
                let mut added = extra(&leaf, spike(base, planted.size), None, month, rng.random());
                for r in &mut added {
                    r.path = *path;
                    r.content = entry_text(path, &mut rng, r.town);
                }
                (path.join(" / "), base, added)
            }
            Dimension::Town => {
                let &(region, town) = town.expect("one per town anomaly");
                let base = records.iter().filter(|r| r.town == town).count() as u32;
                let added =
                    extra(&general_leaf(""), spike(base, planted.size), Some((region, town)), month, rng.random());
                (town.to_string(), base, added)
            }
            Dimension::Unit => {
                let base = records.iter().filter(|r| r.unit == SPIKED_UNIT).count() as u32;
                let mut added = extra(&general_leaf("交通运输"), spike(base, planted.size), None, month, rng.random());
                for r in &mut added {
                    r.unit = SPIKED_UNIT;
                    r.unit_kind = "市直";
                }
                (SPIKED_UNIT.to_string(), base, added)
            }
            Dimension::Topic => {
                let mining = Leaf {
                    count: 0,
                    kind: "举报",
                    transfer: Some("民生诉求"),
                    path: ["城市建设", "国土资源", "非法开采"],
                    content: Content::Mining,
                };
                let base = records.iter().filter(|r| r.path[2] == "非法开采").count() as u32;
                let added = extra(&mining, spike(base, planted.size), None, month, rng.random());
                ("非法开采".to_string(), base, added)
            }
            Dimension::Phrase => {
                let mut added = extra(&general_leaf("市容城管"), planted.size as u32, None, month, rng.random());
                for r in &mut added {
                    r.path = ["市容城管", "市容环境", "占道经营"];
                    r.content = super::fill(NEW_PHRASE_TEXT, &mut rng, r.town);
                }
                (NEW_PHRASE.to_string(), 0, added)
            }
        };
        // Ids are given below; the added tickets are told apart by a mark until then.
        for r in &mut added {
            r.id = format!("planted-{}", truth.len());
        }
        truth.push(Anomaly {
            month: month.to_string(),
            dimension: planted.dimension,
            value,
            factor: planted.size,
            base,
            added: added.len() as u32,
            ids: Vec::new(),
        });
        records.extend(added);
    }
    super::sort_by_intake(&mut records);
    number_ids_keeping_marks(&mut records, truth);
    records
}

/// Tickets to add for a spike of `factor` over `base`.
fn spike(base: u32, factor: f64) -> u32 {
    ((factor - 1.0) * base as f64).round() as u32
}

fn general_leaf(cat1: &'static str) -> Leaf {
    Leaf { count: 0, kind: "投诉", transfer: Some("民生诉求"), path: [cat1, "", ""], content: Content::General }
}

/// The wording of a category's catalogue entry, as a complaint.
fn entry_text(path: &[&'static str; 3], rng: &mut Pcg64Mcg, town: &str) -> String {
    let entry = catalogue::general(path[0]).iter().find(|e| e.cat2 == path[1] && e.cat3 == path[2]);
    super::fill(entry.map_or("反映{town}相关问题，请尽快处理。", |e| e.report), rng, town)
}

/// `count` tickets of `leaf` in `month` (in `place` when given, else drawn by population),
/// generated as a month of their own.
fn extra(
    leaf: &Leaf,
    count: u32,
    place: Option<(&'static str, &'static str)>,
    month: MonthId,
    seed: u64,
) -> Vec<Record> {
    if count == 0 {
        return Vec::new();
    }
    let places = place.map(|(region, town)| vec![(region, town, count)]).unwrap_or_default();
    let plan = MonthPlan {
        month,
        cohorts: vec![Cohort { leaves: vec![Leaf { count, ..leaf.clone() }], places }],
        channels: vec![("电话", count)],
        secondary: Vec::new(),
        leaders: Vec::new(),
        evaluated_transferred: (0, 0),
        evaluated_direct: (0, 0),
        overdue: 0,
    };
    generate_month(&plan, seed)
}

/// Numbers the month's tickets per day, as `generate_month` does, and lists the ids the
/// planted tickets (marked `planted-N`) were given under their anomaly.
fn number_ids_keeping_marks(records: &mut [Record], truth: &mut [Anomaly]) {
    let marks: Vec<Option<usize>> =
        records.iter().map(|r| r.id.strip_prefix("planted-").and_then(|n| n.parse().ok())).collect();
    number_ids(records);
    for (record, mark) in records.iter().zip(marks) {
        if let Some(anomaly) = mark.and_then(|n| truth.get_mut(n)) {
            anomaly.ids.push(record.id.clone());
        }
    }
}
