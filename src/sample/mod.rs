//! The calibrated sample dataset: ticket-level records for the reference month (January
//! 2021) and the month before, whose aggregates reproduce every count of the reference
//! report, written in the reference export format (one row per intake record). It is
//! deterministic from a seed and scales (more months, a volume factor) for benchmarks.

pub mod catalogue;
mod csv_out;
pub mod formats;
pub mod history;
pub mod places;
pub mod plan;
pub mod repeats;

use std::borrow::Cow;
use std::io::{self, Write};

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use rand::seq::SliceRandom;
use rand::{Rng, RngExt, SeedableRng};
use rand_pcg::Pcg64Mcg;

use crate::period::{datetime, midnight, MonthId, Period, Timestamp};
use csv_out::CsvOut;
use plan::{Content, Leaf, MonthPlan};

/// The columns of the reference export format, in order.
pub const HEADERS: [&str; 30] = [
    "工单编号",
    "受理时间",
    "来电号码",
    "诉求渠道",
    "受理平台",
    "诉求类型",
    "办理方式",
    "转办类别",
    "一级分类",
    "二级分类",
    "三级分类",
    "所属区域",
    "所属镇街",
    "承办单位",
    "单位类型",
    "办结期限",
    "办结时间",
    "工单状态",
    "是否回复",
    "满意度",
    "诉求内容",
    "值班领导",
    "值班领导单位",
    "诉求地址",
    "标题",
    "答复内容",
    "退回次数",
    "重派次数",
    "延期次数",
    "催办次数",
];

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SampleOptions {
    pub seed: u64,
    /// Months ending with January 2021 (2 = the reference month and its previous month).
    pub months: u32,
    /// Volume factor; 1.0 reproduces the reference figures exactly.
    pub scale: f64,
    /// The months before the reference pair follow the seasons and a slow growth and carry
    /// planted anomalies (`history`); otherwise a gentle wave around the reference.
    pub planted: bool,
}

impl Default for SampleOptions {
    fn default() -> Self {
        SampleOptions { seed: 20210120, months: 2, scale: 1.0, planted: false }
    }
}

/// One generated intake record.
#[derive(Debug, Clone, Default)]
pub struct Record {
    pub id: String,
    pub intake: Timestamp,
    pub phone: String,
    pub channel: &'static str,
    /// The city's platform (most tickets) borrowed; a county's secondary platform made.
    pub platform: Cow<'static, str>,
    pub kind: &'static str,
    pub transfer: &'static str,
    pub path: [&'static str; 3],
    pub region: &'static str,
    pub town: &'static str,
    pub unit: &'static str,
    pub unit_kind: &'static str,
    pub deadline: Timestamp,
    pub closed: Timestamp,
    pub satisfaction: &'static str,
    pub content: String,
    pub leader: &'static str,
    pub leader_unit: &'static str,
    /// The address column as written (blank when the export has none for the ticket).
    pub address: String,
    /// The place the problem is at, as the generator knows it (not written).
    pub place: String,
    pub title: String,
    pub reply: &'static str,
    /// Times returned, re-dispatched, extended, urged.
    pub markers: [u8; 4],
    /// The content comes from the one template of its type and category, so another
    /// ticket's of the same type and category may replace it without moving a topic count.
    pub retellable: bool,
}

impl Record {
    fn method(&self) -> &'static str {
        match (self.transfer.is_empty(), self.kind) {
            (false, _) => "转办",
            (true, "无效") => "无效来电",
            (true, "咨询") => "直接答复",
            (true, _) => "即时办结",
        }
    }
}

/// The plans of the months to generate, oldest first.
pub fn plans(options: &SampleOptions) -> Vec<MonthPlan> {
    let reference = plan::reference();
    let last = reference.month;
    let mut months = vec![last];
    while (months.len() as u32) < options.months.max(1) {
        months.insert(0, months[0].previous());
    }
    months
        .into_iter()
        .map(|month| {
            let base = if month == last {
                reference.clone()
            } else if month == last.previous() {
                plan::reference_previous()
            } else if options.planted {
                history::month_plan(&reference, month, options.seed)
            } else {
                // A gentle seasonal wave around the reference volume.
                let phase = (month.month as f64) / 12.0 * std::f64::consts::TAU;
                reference.scaled(0.93 + 0.06 * phase.cos(), month)
            };
            if options.scale == 1.0 {
                base
            } else {
                base.scaled(options.scale, month)
            }
        })
        .collect()
}

/// Writes the sample as CSV (UTF-8 with BOM, as Chinese Excel expects), month by month so
/// a large sample never sits in memory whole.
pub fn write_csv<W: Write>(options: &SampleOptions, out: W) -> io::Result<()> {
    let mut out = out;
    out.write_all("\u{feff}".as_bytes())?;
    let mut writer = CsvOut::new(out);
    writer.row(HEADERS.iter().map(|h| h.as_bytes()))?;
    for_each_month(options, |records| {
        for r in records {
            write_row(&mut writer, r)?;
        }
        Ok(())
    })?;
    writer.finish().map(drop)
}

/// Generates the sample month by month, oldest first, handing each month's records to
/// `each`; gives the anomalies planted (none unless `options.planted`).
pub fn for_each_month(
    options: &SampleOptions,
    each: impl FnMut(&[Record]) -> io::Result<()>,
) -> io::Result<Vec<history::Anomaly>> {
    generate(options, each).map(|truth| truth.anomalies)
}

/// What a sample plants, for tests to measure against.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Truth {
    pub anomalies: Vec<history::Anomaly>,
    pub repeats: repeats::RepeatTruth,
}

fn generate(options: &SampleOptions, mut each: impl FnMut(&[Record]) -> io::Result<()>) -> io::Result<Truth> {
    let mut truth = Truth::default();
    for plan in plans(options) {
        each(&month_records(options, &plan, &mut truth))?;
    }
    Ok(truth)
}

/// One month's records, what it plants added to `truth`. A month draws only from its own
/// seeds, so the months can be made apart (and at once, in two of the page's workers).
fn month_records(options: &SampleOptions, plan: &MonthPlan, truth: &mut Truth) -> Vec<Record> {
    let before = truth.anomalies.len();
    let mut records = match options.planted {
        true => history::generate(plan, options.seed, plan::reference().month, &mut truth.anomalies),
        false => generate_month(plan, options.seed),
    };
    let keep: Vec<&str> = truth.anomalies[before..].iter().flat_map(|a| a.ids.iter().map(String::as_str)).collect();
    repeats::plant(&mut records, plan.month, options.seed, &keep, &mut truth.repeats);
    records
}

/// How many parts `csv_part` cuts the sample into: one per month.
pub fn csv_part_count(options: &SampleOptions) -> usize {
    options.months.max(1) as usize
}

/// Part `index` of the sample's CSV: the first carries the byte-order mark and the header
/// row, each its month's rows; the parts in order are `csv_bytes`, byte for byte.
pub fn csv_part(options: &SampleOptions, index: usize) -> Vec<u8> {
    match plans(options).into_iter().nth(index) {
        Some(plan) => rows_csv(&month_records(options, &plan, &mut Truth::default()), index == 0),
        None => Vec::new(),
    }
}

/// `records` as CSV rows, after the byte-order mark and the header row if `headed`.
fn rows_csv(records: &[Record], headed: bool) -> Vec<u8> {
    let mut bytes = Vec::new();
    if headed {
        bytes.extend_from_slice("\u{feff}".as_bytes());
    }
    let write = |mut writer: CsvOut<&mut Vec<u8>>| -> io::Result<()> {
        if headed {
            writer.row(HEADERS.iter().map(|h| h.as_bytes()))?;
        }
        for r in records {
            write_row(&mut writer, r)?;
        }
        writer.finish().map(drop)
    };
    write(CsvOut::new(&mut bytes)).expect("writing to memory cannot fail");
    bytes
}

/// The sample as CSV bytes with everything it plants.
pub fn csv_with_all_truth(options: &SampleOptions) -> (Vec<u8>, Truth) {
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    let truth = {
        let mut writer = CsvOut::new(&mut bytes);
        let _ = writer.row(HEADERS.iter().map(|h| h.as_bytes()));
        let truth = generate(options, |records| {
            for r in records {
                write_row(&mut writer, r)?;
            }
            Ok(())
        });
        let _ = writer.finish();
        truth.unwrap_or_default()
    };
    (bytes, truth)
}

/// The repeats a sample plants (`repeats`), without writing it.
pub fn repeat_truth(options: &SampleOptions) -> repeats::RepeatTruth {
    generate(options, |_| Ok(())).map(|t| t.repeats).unwrap_or_default()
}

/// The sample as CSV bytes with the anomalies it holds (none unless planted).
pub fn csv_with_truth(options: &SampleOptions) -> (Vec<u8>, Vec<history::Anomaly>) {
    let (bytes, truth) = csv_with_all_truth(options);
    (bytes, truth.anomalies)
}

/// The sample as one CSV per statistical month, oldest first, as a hotline exports month
/// by month.
pub fn csv_by_month(options: &SampleOptions) -> Vec<(crate::period::MonthId, Vec<u8>)> {
    let months: Vec<crate::period::MonthId> = plans(options).iter().map(|p| p.month).collect();
    let mut files = Vec::new();
    let _ = for_each_month(options, |records| {
        files.push((months[files.len()], rows_csv(records, true)));
        Ok(())
    });
    files
}

/// The anomalies a planted sample holds, with the ids of the tickets each added.
pub fn ground_truth(options: &SampleOptions) -> Vec<history::Anomaly> {
    for_each_month(options, |_| Ok(())).unwrap_or_default()
}

/// The whole sample as CSV bytes.
pub fn csv_bytes(options: &SampleOptions) -> Vec<u8> {
    let mut bytes = Vec::new();
    write_csv(options, &mut bytes).expect("writing to memory cannot fail");
    bytes
}

/// `YYYY-MM-DD HH:MM:SS` without going through a format string (three per row).
fn time_text(ts: Timestamp) -> [u8; 19] {
    let at = datetime(ts);
    let (date, seconds) = (at.date(), ts.rem_euclid(86_400) as u32);
    let mut out = *b"0000-00-00 00:00:00";
    let mut put = |at: usize, value: u32, width: usize| {
        let mut v = value;
        for i in (0..width).rev() {
            out[at + i] = b'0' + (v % 10) as u8;
            v /= 10;
        }
    };
    put(0, date.year() as u32, 4);
    put(5, date.month(), 2);
    put(8, date.day(), 2);
    put(11, seconds / 3600, 2);
    put(14, seconds / 60 % 60, 2);
    put(17, seconds % 60, 2);
    out
}

fn write_row<W: Write>(writer: &mut CsvOut<W>, r: &Record) -> io::Result<()> {
    let valid = r.kind != "无效";
    let (intake, deadline, closed) = (time_text(r.intake), time_text(r.deadline), time_text(r.closed));
    // Counts of a few at most, blank for none: no allocation per count.
    const COUNTS: [&str; 10] = ["", "1", "2", "3", "4", "5", "6", "7", "8", "9"];
    let markers = r.markers.map(|n| match COUNTS.get(usize::from(n)) {
        Some(&text) => Cow::Borrowed(text),
        None => Cow::Owned(n.to_string()),
    });
    let fields: [&[u8]; 30] = [
        r.id.as_bytes(),
        &intake,
        r.phone.as_bytes(),
        r.channel.as_bytes(),
        r.platform.as_bytes(),
        r.kind.as_bytes(),
        r.method().as_bytes(),
        r.transfer.as_bytes(),
        r.path[0].as_bytes(),
        r.path[1].as_bytes(),
        r.path[2].as_bytes(),
        r.region.as_bytes(),
        r.town.as_bytes(),
        r.unit.as_bytes(),
        r.unit_kind.as_bytes(),
        if valid { &deadline } else { b"" },
        &closed,
        "已办结".as_bytes(),
        if valid { "是" } else { "否" }.as_bytes(),
        r.satisfaction.as_bytes(),
        r.content.as_bytes(),
        r.leader.as_bytes(),
        r.leader_unit.as_bytes(),
        r.address.as_bytes(),
        r.title.as_bytes(),
        r.reply.as_bytes(),
        markers[0].as_bytes(),
        markers[1].as_bytes(),
        markers[2].as_bytes(),
        markers[3].as_bytes(),
    ];
    writer.row(fields)
}

/// A ticket being built: its leaf and what has been decided so far.
struct Draft<'p> {
    leaf: &'p Leaf,
    region: &'static str,
    town: &'static str,
    leader: Option<usize>,
    channel: &'static str,
    secondary: bool,
    evaluation: Evaluation,
    overdue: bool,
}

#[derive(Clone, Copy, PartialEq)]
enum Evaluation {
    None,
    Satisfied,
    Unsatisfied,
}

fn pick<T: Copy>(rng: &mut impl Rng, items: &[T]) -> T {
    items[rng.random_range(0..items.len())]
}

/// Index drawn with probability proportional to its weight.
fn weighted(rng: &mut impl Rng, cumulative: &[f64]) -> usize {
    let x = rng.random::<f64>() * cumulative.last().copied().unwrap_or(1.0);
    cumulative.partition_point(|&c| c <= x).min(cumulative.len() - 1)
}

fn cumulative(weights: impl IntoIterator<Item = f64>) -> Vec<f64> {
    let mut sum = 0.0;
    weights
        .into_iter()
        .map(|w| {
            sum += w;
            sum
        })
        .collect()
}

/// Calls per hour of the day: quiet nights, morning and afternoon peaks.
const HOUR_WEIGHTS: [f64; 24] = [
    0.3, 0.2, 0.1, 0.1, 0.1, 0.2, 0.5, 1.5, 4.0, 8.0, 9.0, 8.0, 5.0, 4.0, 6.0, 8.0, 8.0, 7.0, 5.0, 4.0, 3.5, 3.0, 2.0,
    0.8,
];

fn day_weight(date: NaiveDate) -> f64 {
    let holiday = (date.month(), date.day()) == (1, 1) || (date.month() == 10 && date.day() <= 3);
    match (holiday, date.weekday()) {
        (true, _) => 0.6,
        (_, Weekday::Sat) => 0.75,
        (_, Weekday::Sun) => 0.65,
        _ => 1.0,
    }
}

/// Working days after `from` (weekends skipped), at the same time of day.
fn add_working_days(from: Timestamp, days: u32) -> Timestamp {
    let mut date = datetime(from).date();
    let mut left = days;
    while left > 0 {
        date += Duration::days(1);
        if !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
            left -= 1;
        }
    }
    midnight(date) + (from - midnight(datetime(from).date()))
}

/// Guangdong's time limits in working days by ticket type.
fn time_limit_days(kind: &str) -> u32 {
    match kind {
        "咨询" => 2,
        "投诉" | "举报" => 15,
        _ => 10,
    }
}

fn city_unit(leaf: &Leaf) -> &'static str {
    match (leaf.transfer, leaf.path[0], leaf.content) {
        (_, _, Content::Mining) => "市自然资源局",
        (_, _, Content::Counterfeit | Content::OtherTobacco) => "市烟草专卖局",
        (Some("消费维权投诉" | "经济违法行为举报"), _, _) => "市市场监督管理局",
        (Some("行政效能投诉"), _, _) => "市政务服务数据管理局",
        (_, "市容城管", _) => "市城市管理和综合执法局",
        (_, "城市建设" | "房产管理", _) => "市住房和城乡建设局",
        (_, "市场管理", _) => "市市场监督管理局",
        (_, "交通运输", _) => "市交通运输局",
        (_, "环境保护", _) => "市生态环境局",
        (_, "水电气", _) => "市水务局",
        (_, "人力资源", _) => "市人力资源和社会保障局",
        (_, "治安消防", _) => "市公安局",
        _ => "市政府办公室",
    }
}

fn fill(template: &str, rng: &mut impl Rng, town: &str) -> String {
    let town = if town.is_empty() {
        let region = pick(rng, &places::REGIONS).0;
        pick(rng, places::towns_of(region))
    } else {
        town
    };
    // Every slot's value is drawn, used or not, in this order: the sample is the random
    // sequence, and the reference figures depend on it.
    let road = pick(rng, &places::ROADS);
    let village = pick(rng, &places::VILLAGES);
    let estate = pick(rng, &places::ESTATES);
    let n = rng.random_range(2..=9i32) as usize;
    let digit = &"0123456789"[n..=n];
    // One pass over the template (replacing slot after slot copied it five times over; a
    // sixth of generating the sample went on that).
    let mut text = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(at) = rest.find('{') {
        text.push_str(&rest[..at]);
        rest = &rest[at..];
        let slot = [("{town}", town), ("{road}", road), ("{village}", village), ("{estate}", estate), ("{n}", digit)]
            .into_iter()
            .find(|(slot, _)| rest.starts_with(slot));
        match slot {
            Some((slot, value)) => {
                text.push_str(value);
                rest = &rest[slot.len()..];
            }
            None => {
                text.push('{');
                rest = &rest[1..];
            }
        }
    }
    text.push_str(rest);
    text
}

/// `parts` joined, in one allocation.
pub(crate) fn joined(parts: &[&str]) -> String {
    let mut text = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for part in parts {
        text.push_str(part);
    }
    text
}

/// The ticket's categories below the first level, and its wording.
fn categories_and_text(leaf: &Leaf, rng: &mut impl Rng, town: &str) -> ([&'static str; 3], String) {
    use catalogue::*;
    let mut path = leaf.path;
    let ask = leaf.kind == "咨询";
    let (template, framed) = match leaf.content {
        Content::Invalid => return (path, pick(rng, &INVALID).to_string()),
        Content::Covid(i) => (COVID[i], false),
        Content::Mining => (pick(rng, &MINING), false),
        Content::Counterfeit => (pick(rng, &COUNTERFEIT_TOBACCO), false),
        Content::OtherTobacco => (OTHER_TOBACCO[0], false),
        Content::General => match leaf.transfer {
            Some("消费维权投诉") => {
                let entry = CONSUMER.iter().find(|c| c.1 == path[1] && (path[2].is_empty() || c.2 == path[2]));
                (entry.map(|c| c.3).unwrap_or(CONSUMER[19].3), false)
            }
            Some("经济违法行为举报") => (economic(path[0]), false),
            Some("行政效能投诉") => (admin_efficiency(path[0], path[1]), false),
            _ if leaf.kind == "表扬" => {
                path[0] = "其他";
                (pick(rng, &PRAISE), false)
            }
            _ => {
                if path[0].is_empty() {
                    path[0] = pick(rng, &GENERAL_CATEGORIES);
                }
                let entries = general(path[0]);
                let entry = &entries[rng.random_range(0..entries.len())];
                path[1] = entry.cat2;
                path[2] = entry.cat3;
                (if ask { entry.ask } else { entry.report }, true)
            }
        },
    };
    let body = fill(template, rng, town);
    if !framed {
        return (path, body);
    }
    let (prefix, suffix) = if ask {
        (pick(rng, &ASK_PREFIX), pick(rng, &ASK_SUFFIX))
    } else {
        (pick(rng, &REPORT_PREFIX), pick(rng, &REPORT_SUFFIX))
    };
    (path, joined(&[prefix, &body, suffix]))
}

/// A mobile number with its middle hidden, `1XY****NNNN`, built by hand (one per call).
pub(crate) fn masked_phone(rng: &mut impl Rng) -> String {
    let (second, third, last): (i32, i32, i32) =
        (rng.random_range(3..=9), rng.random_range(0..10), rng.random_range(0..10_000));
    let mut phone = String::with_capacity(11);
    phone.push('1');
    push_digits(&mut phone, second as u64, 1);
    push_digits(&mut phone, third as u64, 1);
    phone.push_str("****");
    push_digits(&mut phone, last as u64, 4);
    phone
}

/// Every record of one month, sorted by intake time, with ids numbered per day.
pub fn generate_month(plan: &MonthPlan, seed: u64) -> Vec<Record> {
    let month_key = (plan.month.year as u64) * 100 + plan.month.month as u64;
    let mut rng = Pcg64Mcg::seed_from_u64(seed ^ month_key.wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let period = Period::of_month(plan.month, 21);
    let region_weights = cumulative(places::REGIONS.iter().map(|r| r.1 as f64));

    // 1. Expand leaves, with places from the cohort's quota or by population.
    let mut drafts: Vec<Draft> = Vec::with_capacity(plan.total() as usize);
    for cohort in &plan.cohorts {
        let mut specs: Vec<&Leaf> =
            cohort.leaves.iter().flat_map(|l| std::iter::repeat_n(l, l.count as usize)).collect();
        specs.shuffle(&mut rng);
        let mut quota: Vec<(&'static str, &'static str)> =
            cohort.places.iter().flat_map(|&(r, t, n)| std::iter::repeat_n((r, t), n as usize)).collect();
        quota.shuffle(&mut rng);
        for (i, leaf) in specs.into_iter().enumerate() {
            let (region, town) = if leaf.content == Content::Invalid {
                ("", "")
            } else {
                let (region, town) = quota
                    .get(i)
                    .copied()
                    .unwrap_or_else(|| (places::REGIONS[weighted(&mut rng, &region_weights)].0, ""));
                let town = if town.is_empty() { pick(&mut rng, places::towns_of(region)) } else { town };
                (region, town)
            };
            drafts.push(Draft {
                leaf,
                region,
                town,
                leader: None,
                channel: "",
                secondary: false,
                evaluation: Evaluation::None,
                overdue: false,
            });
        }
    }

    // 2. Leaders on duty answer general HR consultations directly and transfer
    //    general city-appearance complaints.
    let mut direct: Vec<usize> = (0..drafts.len())
        .filter(|&i| {
            let l = drafts[i].leaf;
            l.kind == "咨询" && l.transfer.is_none() && l.content == Content::General && l.path[0] == "人力资源"
        })
        .collect();
    let mut transferred: Vec<usize> = (0..drafts.len())
        .filter(|&i| {
            let l = drafts[i].leaf;
            l.transfer == Some("民生诉求") && l.content == Content::General && l.path[0] == "市容城管"
        })
        .collect();
    direct.shuffle(&mut rng);
    transferred.shuffle(&mut rng);
    for (index, leader) in plan.leaders.iter().enumerate() {
        for _ in 0..leader.calls - leader.transferred {
            if let Some(i) = direct.pop() {
                drafts[i].leader = Some(index);
            }
        }
        for _ in 0..leader.transferred {
            if let Some(i) = transferred.pop() {
                drafts[i].leader = Some(index);
            }
        }
    }

    // 3. Channels: invalid records and leader calls are phone calls.
    let forced: Vec<bool> = drafts.iter().map(|d| d.leader.is_some() || d.leaf.content == Content::Invalid).collect();
    let forced_count = forced.iter().filter(|&&f| f).count() as u32;
    let mut tokens: Vec<&'static str> = Vec::with_capacity(drafts.len());
    for &(channel, count) in &plan.channels {
        let count = if channel == "电话" { count.saturating_sub(forced_count) } else { count };
        tokens.extend(std::iter::repeat_n(channel, count as usize));
    }
    tokens.shuffle(&mut rng);
    let mut tokens = tokens.into_iter();
    for (draft, forced) in drafts.iter_mut().zip(forced) {
        draft.channel = if forced { "电话" } else { tokens.next().unwrap_or("电话") };
    }

    // 4. County secondary platforms take some of their county's calls.
    for &(county, count) in &plan.secondary {
        let mut candidates: Vec<usize> = (0..drafts.len())
            .filter(|&i| drafts[i].channel == "电话" && drafts[i].leader.is_none() && drafts[i].region == county)
            .collect();
        candidates.shuffle(&mut rng);
        for &i in candidates.iter().take(count as usize) {
            drafts[i].secondary = true;
        }
    }

    // 5. Satisfaction: leader calls are evaluated and satisfied; the rest by quota.
    for (want_transferred, (evaluated, satisfied)) in
        [(true, plan.evaluated_transferred), (false, plan.evaluated_direct)]
    {
        let pool: Vec<usize> = (0..drafts.len())
            .filter(|&i| drafts[i].leaf.kind != "无效" && drafts[i].leaf.transfer.is_some() == want_transferred)
            .collect();
        let (leaders, mut others): (Vec<usize>, Vec<usize>) =
            pool.into_iter().partition(|&i| drafts[i].leader.is_some());
        others.shuffle(&mut rng);
        let unsatisfied = evaluated.saturating_sub(satisfied) as usize;
        for &i in &leaders {
            drafts[i].evaluation = Evaluation::Satisfied;
        }
        let rest = (evaluated as usize).saturating_sub(leaders.len());
        for (k, &i) in others.iter().take(rest).enumerate() {
            drafts[i].evaluation = if k < unsatisfied { Evaluation::Unsatisfied } else { Evaluation::Satisfied };
        }
    }

    // 6. Overdue transferred tickets (never a leader's).
    let mut late: Vec<usize> =
        (0..drafts.len()).filter(|&i| drafts[i].leaf.transfer.is_some() && drafts[i].leader.is_none()).collect();
    late.shuffle(&mut rng);
    for &i in late.iter().take(plan.overdue as usize) {
        drafts[i].overdue = true;
    }

    // 7. Times, units, deadlines, wording.
    let days: Vec<NaiveDate> = (0..period.days()).map(|d| period.start + Duration::days(d)).collect();
    let day_weights = cumulative(days.iter().map(|&d| day_weight(d)));
    let hour_weights = cumulative(HOUR_WEIGHTS);
    let mut records: Vec<Record> = drafts
        .iter()
        .map(|d| {
            let leaf = d.leaf;
            let intake = match d.leader {
                // Leader i is on duty on the (2i+1)-th day, answering between 9:00 and 17:00.
                Some(i) => midnight(days[(2 * i + 1).min(days.len() - 1)]) + rng.random_range(9 * 3600..17 * 3600),
                None => {
                    let day = days[weighted(&mut rng, &day_weights)];
                    midnight(day) + weighted(&mut rng, &hour_weights) as i64 * 3600 + rng.random_range(0..3600)
                }
            };
            let (path, content) = categories_and_text(leaf, &mut rng, d.town);
            let is_transferred = leaf.transfer.is_some();
            let deadline = add_working_days(intake, time_limit_days(leaf.kind));
            let closed = if !is_transferred {
                intake + rng.random_range(60..900)
            } else if d.overdue {
                deadline + rng.random_range(3600..5 * 86_400)
            } else {
                intake + 3600 + rng.random_range(0..(deadline - intake - 3600).max(1))
            };
            let (unit, unit_kind) = if !is_transferred {
                ("", "")
            } else if rng.random_range(0..100) < 65 {
                (places::county_unit(d.region), "县区")
            } else {
                (city_unit(leaf), "市直")
            };
            let satisfaction = match d.evaluation {
                Evaluation::None => "",
                Evaluation::Unsatisfied => "不满意",
                Evaluation::Satisfied if rng.random_range(0..100) < 82 => "满意",
                Evaluation::Satisfied => "基本满意",
            };
            let leader = d.leader.map(|i| &plan.leaders[i]);
            Record {
                id: String::new(),
                intake,
                phone: if d.channel == "电话" { masked_phone(&mut rng) } else { String::new() },
                channel: d.channel,
                platform: if d.secondary {
                    Cow::Owned(joined(&[d.region, "二级平台"]))
                } else {
                    Cow::Borrowed("市级平台")
                },
                kind: leaf.kind,
                transfer: leaf.transfer.unwrap_or(""),
                path,
                region: d.region,
                town: d.town,
                unit,
                unit_kind,
                deadline,
                closed,
                satisfaction,
                content,
                leader: leader.map(|l| l.name).unwrap_or(""),
                leader_unit: leader.map(|l| l.unit).unwrap_or(""),
                retellable: !matches!(leaf.content, Content::Mining | Content::Counterfeit | Content::Invalid)
                    && leaf.kind != "表扬",
                ..Record::default()
            }
        })
        .collect();

    // 8. In time order, numbered per day: YYMMDD + sequence.
    sort_by_intake(&mut records);
    number_ids(&mut records);
    records
}

/// Sorts records by intake time, keeping equal times in their order, as `sort_by_key`
/// would: by sorting (time, index) pairs and moving each record once. A record is a few
/// hundred bytes; sorting them in place moved the two months' 60 MB of records a dozen
/// times over (a sixth of generating the sample).
pub(crate) fn sort_by_intake(records: &mut Vec<Record>) {
    let mut order: Vec<(Timestamp, u32)> = records.iter().enumerate().map(|(i, r)| (r.intake, i as u32)).collect();
    order.sort_unstable();
    let mut slots: Vec<Option<Record>> = records.drain(..).map(Some).collect();
    records.extend(order.into_iter().map(|(_, i)| slots[i as usize].take().expect("each index once")));
}

/// Ids for records in time order: YYMMDD + their sequence that day.
fn number_ids(records: &mut [Record]) {
    // Timestamps count seconds from a midnight: the day is a division, and the calendar
    // date is worked out once a day, not once a ticket.
    let mut day = None;
    let mut date = chrono::NaiveDate::default();
    let mut seq = 0u64;
    for record in records {
        let day_number = record.intake.div_euclid(86_400);
        if day != Some(day_number) {
            day = Some(day_number);
            date = datetime(record.intake).date();
            seq = 0;
        }
        seq += 1;
        record.id = day_id(date, seq);
    }
}

/// `YYMMDD` and a six-digit sequence (more digits past 999,999), written without `format!`:
/// one per ticket, it was a twelfth of generating the sample.
pub(crate) fn day_id(date: chrono::NaiveDate, seq: u64) -> String {
    use chrono::Datelike;
    let mut id = String::with_capacity(12);
    for (value, width) in
        [(date.year().rem_euclid(100) as u64, 2), (u64::from(date.month()), 2), (u64::from(date.day()), 2)]
    {
        push_digits(&mut id, value, width);
    }
    push_digits(&mut id, seq, 6);
    id
}

/// `value` in decimal, zero-padded to `width` digits.
pub(crate) fn push_digits(out: &mut String, value: u64, width: usize) {
    let mut digits = [b'0'; 20];
    let (mut rest, mut at) = (value, digits.len());
    while rest > 0 || digits.len() - at < width {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
    }
    // Digit by digit: a UTF-8 check of the few bytes cost more than the digits themselves.
    out.extend(digits[at..].iter().map(|&digit| char::from(digit)));
}

/// The month the reference figures describe.
pub fn reference_month() -> MonthId {
    plan::reference().month
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_samples_rows_are_written_as_the_csv_crate_writes_them() {
        let options = SampleOptions { months: 3, scale: 0.05, ..SampleOptions::default() };
        let whole = csv_bytes(&options);
        // The csv crate reads every row back and writes the same bytes.
        let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(&whole[3..]);
        let mut writer = csv::Writer::from_writer(Vec::new());
        for record in reader.records() {
            writer.write_record(&record.unwrap()).unwrap();
        }
        assert!(writer.into_inner().unwrap() == whole[3..], "as the csv crate writes them");
    }

    #[test]
    fn the_samples_parts_in_order_are_the_whole_sample() {
        for options in [
            SampleOptions { months: 3, scale: 0.05, ..SampleOptions::default() },
            SampleOptions { months: 4, scale: 0.05, planted: true, ..SampleOptions::default() },
        ] {
            let parts: Vec<Vec<u8>> = (0..csv_part_count(&options)).map(|i| csv_part(&options, i)).collect();
            assert_eq!(parts.len(), options.months as usize);
            assert!(parts.iter().all(|part| part.len() > 1000), "every month has rows");
            assert!(parts.concat() == csv_bytes(&options), "the parts are the whole, byte for byte");
        }
        assert!(csv_part(&SampleOptions::default(), 2).is_empty(), "no part past the last month");
    }

    #[test]
    fn day_ids_are_the_date_and_a_six_digit_sequence() {
        let date = chrono::NaiveDate::from_ymd_opt(2021, 1, 5).unwrap();
        assert_eq!(day_id(date, 1), "210105000001");
        assert_eq!(day_id(date, 1_234_567), "2101051234567");
    }

    #[test]
    fn records_sorted_by_intake_keep_equal_times_in_order() {
        let record = |intake, id: &str| Record { intake, id: id.into(), ..Record::default() };
        let mut records = vec![record(3, "a"), record(1, "b"), record(3, "c"), record(1, "d"), record(2, "e")];
        sort_by_intake(&mut records);
        let ids: Vec<&str> = records.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["b", "d", "e", "a", "c"]);
    }
}
