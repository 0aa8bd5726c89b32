//! The columns repeat appeals need (caller, place, title, reply, returns …) and the repeats
//! themselves: the same caller again, several callers about one place or problem, and a
//! closed ticket whose problem comes back. A pass after a month is generated, on its own
//! random stream, so the figures the reference fixes stay exactly as they were: planted
//! tickets keep their time, type, category, place and unit; only callers, addresses and
//! wording change, and wording only between tickets of one category, whose texts come from
//! one template (so topic keywords stay where they were).
//!
//! The ground truth lists each planted cluster with its tickets, and each closed ticket
//! whose problem came back within the days a false closure is looked for.

use rand::seq::{IndexedRandom, SliceRandom};
use rand::{Rng, RngExt, SeedableRng};
use rand_pcg::Pcg64Mcg;
use serde::Serialize;

use rustc_hash::FxHashMap as HashMap;

use super::{catalogue, joined, masked_phone, push_digits, Record};
use crate::period::MonthId;
use crate::repeats::RepeatSettings;

/// How the tickets of a planted cluster are tied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PlantedKind {
    /// One caller, one problem, again (重复诉求).
    SameCallerAgain,
    /// One caller, several problems (一人多诉).
    OneCallerManyProblems,
    /// Several callers, one place: the same address, written in different ways (多人同诉).
    ManyCallersOnePlace,
    /// Several callers, one problem told in their own words, no address given (多人同诉).
    ManyCallersOneText,
    /// A closed ticket, and the same problem back within days (疑似虚假办结).
    ReturnedAfterClosure,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlantedCluster {
    pub kind: PlantedKind,
    /// Its tickets' ids, oldest first.
    pub ids: Vec<String>,
}

/// A closed ticket and a ticket of the same problem that came after its closing.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ReturnedPair {
    pub closed: String,
    pub returned: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct RepeatTruth {
    pub clusters: Vec<PlantedCluster>,
    /// Every closed (transferred) ticket of a planted problem cluster followed by another
    /// of the cluster within `FALSE_CLOSURE_DAYS` of its closing: planted ones and those the
    /// clusters happen to make.
    pub false_closures: Vec<ReturnedPair>,
}

/// The days after closing within which a returning problem marks a false closure: the
/// analysis's default.
pub const FALSE_CLOSURE_DAYS: i64 = RepeatSettings::DEFAULT_CLOSURE_DAYS as i64;
/// The days within which tickets of a cluster fall: the analysis's default window.
pub const WINDOW_DAYS: i64 = RepeatSettings::DEFAULT_WINDOW_DAYS as i64;

/// Planted clusters per 10,000 tickets of a month, by kind.
const PER_TEN_THOUSAND: [(PlantedKind, usize); 5] = [
    (PlantedKind::SameCallerAgain, 20),
    (PlantedKind::OneCallerManyProblems, 10),
    (PlantedKind::ManyCallersOnePlace, 8),
    (PlantedKind::ManyCallersOneText, 8),
    (PlantedKind::ReturnedAfterClosure, 15),
];

/// Types whose tickets are problems at a place (a question is not).
const PROBLEM_TYPES: [&str; 3] = ["投诉", "求助", "举报"];

/// Place names are many, as in a city: two of these characters, then a kind of road,
/// estate or village.
pub const NAME_CHARS: [char; 40] = [
    '安', '康', '宁', '和', '丰', '泰', '兴', '盛', '华', '荣', '昌', '祥', '福', '瑞', '嘉', '禾', '柏', '桂', '林',
    '竹', '松', '梅', '兰', '菊', '荷', '榕', '椰', '樟', '桃', '李', '杏', '湖', '泉', '溪', '岭', '峰', '岗', '坡',
    '滨', '翠',
];
pub const ROAD_KINDS: [&str; 6] = ["路", "街", "大道", "东路", "西路", "二路"];
pub const ESTATE_KINDS: [&str; 4] = ["花园", "小区", "苑", "新村"];
/// What a caller says when the problem is not new, and what a ticket that came back says.
pub const AGAIN: [&str; 4] = ["此前已反映过，至今未解决。", "再次反映：", "之前来电反映过此事，", "多次反映无果，"];
pub const RETURNED: [&str; 3] =
    ["此前反映的问题已回复办结，但实际并未解决，", "上次工单答复已处理，现场问题依旧，", "办结后问题再次出现，"];
/// Words a caller swaps in telling the same problem again.
pub const SYNONYMS: [(&str, &str); 6] =
    [("反映", "投诉"), ("附近", "周边"), ("居民", "住户"), ("严重影响", "影响"), ("尽快", "及时"), ("多次", "几次")];
pub const PLACE_SENTENCE: &str = "事发地点：";
pub const REPLIES: [&str; 4] = [
    "经核查，来电反映情况属实，已责令整改，现已处理完毕。",
    "已联系来电人说明情况，相关问题已按规定处理。",
    "经现场核实，已协调有关单位处理，群众诉求已解决。",
    "已转交属地落实，处理结果已告知来电人。",
];
/// The reply of a ticket closed as done whose problem comes back.
pub const DONE_REPLY: &str = "已处理完毕，问题已解决，来电人无异议。";

/// Adds the columns and plants the repeats of one month's records, in place. Tickets whose
/// ids are in `keep` (another planted truth's) are left as they are.
pub fn plant(records: &mut [Record], month: MonthId, seed: u64, keep: &[&str], truth: &mut RepeatTruth) {
    let month_key = (month.year as u64) * 100 + month.month as u64;
    let mut rng = Pcg64Mcg::seed_from_u64(seed ^ 0x2E9E_47C1_u64.wrapping_mul(month_key + 7));
    for record in records.iter_mut() {
        fill_columns(record, &mut rng);
    }
    let planted = Planting::new(records, keep).plant(records, &mut rng);
    for cluster in &planted {
        returned_after_closure(records, cluster, &mut truth.false_closures);
    }
    truth.clusters.extend(
        planted
            .into_iter()
            .map(|c| PlantedCluster { kind: c.kind, ids: c.rows.iter().map(|&i| records[i].id.clone()).collect() }),
    );
}

fn is_problem(record: &Record) -> bool {
    PROBLEM_TYPES.contains(&record.kind)
}

/// An address in the town: a road and number, an estate's building and flat, or a village
/// house.
fn address(rng: &mut impl Rng) -> String {
    // Built by hand, not with format!: one per located ticket, and the numbers' formatting
    // was a tenth of generating the sample.
    let mut text = String::with_capacity(32);
    text.push(pick(rng, &NAME_CHARS));
    text.push(pick(rng, &NAME_CHARS));
    let number = |text: &mut String, value: i32| push_digits(text, value as u64, 1);
    match rng.random_range(0..4) {
        0 | 1 => {
            text.push_str(pick(rng, &ROAD_KINDS));
            number(&mut text, rng.random_range(1..=400));
            text.push('号');
        }
        2 => {
            text.push_str(pick(rng, &ESTATE_KINDS));
            number(&mut text, rng.random_range(1..=30));
            text.push('栋');
            number(&mut text, rng.random_range(1..=18));
            push_digits(&mut text, rng.random_range(1..=6i32) as u64, 2);
            text.push('房');
        }
        _ => {
            text.push('村');
            number(&mut text, rng.random_range(1..=300));
            text.push('号');
        }
    }
    text
}

fn pick<T: Copy>(rng: &mut impl Rng, items: &[T]) -> T {
    items[rng.random_range(0..items.len())]
}

/// The same address as another system or caller writes it: with the county and town in
/// front, spaces, full-width digits, 号楼 for 栋.
fn address_variant(address: &str, record: &Record, rng: &mut impl Rng) -> String {
    let mut text = match rng.random_range(0..5) {
        0 => joined(&[record.region, record.town, address]),
        1 => joined(&[record.town, " ", address]),
        2 => address
            .chars()
            .map(|c| if c.is_ascii_digit() { char::from_u32(c as u32 + 0xFEE0).unwrap_or(c) } else { c })
            .collect(),
        _ => address.to_string(),
    };
    if rng.random_range(0..3) == 0 {
        text = text.replace('栋', "号楼");
    }
    text
}

/// Caller, address, title, reply and counts for a ticket as it came; the place is also told
/// in the content of most problems, as callers do.
fn fill_columns(record: &mut Record, rng: &mut impl Rng) {
    let valid = record.kind != "无效";
    if record.phone.is_empty() && valid && rng.random_range(0..10) < 7 {
        record.phone = masked_phone(rng); // online channels: the account's number
    }
    if !valid {
        return;
    }
    let located = is_problem(record) || rng.random_range(0..10) < 3;
    if located && !record.town.is_empty() {
        let place = address(rng);
        if is_problem(record) && rng.random_range(0..10) < 9 {
            record.content.reserve(PLACE_SENTENCE.len() + place.len() + 3);
            record.content.push_str(PLACE_SENTENCE);
            record.content.push_str(&place);
            record.content.push('。');
        }
        if rng.random_range(0..10) < 8 {
            record.address = address_variant(&place, record, rng);
        }
        record.place = place;
    }
    let topic = if record.path[2].is_empty() { record.path[1] } else { record.path[2] };
    record.title = joined(&["关于", if topic.is_empty() { record.path[0] } else { topic }, "的", record.kind]);
    if !record.transfer.is_empty() {
        record.reply = pick(rng, &REPLIES);
        // Some units send back, ask for time or get urged more than others.
        let hard = unit_weight(record.unit);
        for (at, percent) in [3u32, 2, 4, 5].into_iter().enumerate() {
            if rng.random_range(0..1000) < percent * hard {
                record.markers[at] = rng.random_range(1..=2);
            }
        }
    }
}

/// A unit's propensity (in tenths of a percent per point) for returns and delays: most 10,
/// a few 25, from its name so it holds every month.
fn unit_weight(unit: &str) -> u32 {
    let hash = unit.bytes().fold(0u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)));
    if hash % 7 == 0 {
        25
    } else {
        10
    }
}

/// The words of a ticket without the frame around them: the caller's opening, the closing
/// request, the place sentence.
fn body(content: &str) -> &str {
    let mut text = content;
    if let Some(at) = text.find(PLACE_SENTENCE) {
        text = &text[..at];
    }
    for prefix in catalogue::REPORT_PREFIX.iter().chain(&catalogue::ASK_PREFIX).filter(|p| !p.is_empty()) {
        if let Some(rest) = text.strip_prefix(prefix) {
            text = rest;
        }
    }
    for suffix in catalogue::REPORT_SUFFIX.iter().chain(&catalogue::ASK_SUFFIX).filter(|s| !s.is_empty()) {
        if let Some(rest) = text.strip_suffix(suffix) {
            text = rest;
        }
    }
    text
}

/// The seed's problem told again: another opening and closing, a few words swapped, the
/// place in the caller's own words, and `lead` (再次反映 …) before it.
fn retold(seed: &Record, lead: &str, rng: &mut impl Rng) -> String {
    let mut words = body(&seed.content).to_string();
    for (from, to) in SYNONYMS {
        if rng.random_range(0..2) == 0 {
            words = words.replace(from, to);
        }
    }
    let prefix = pick(rng, &catalogue::REPORT_PREFIX);
    let suffix = pick(rng, &catalogue::REPORT_SUFFIX);
    let place = match (seed.place.is_empty(), rng.random_range(0..2)) {
        (true, _) => String::new(),
        (false, 0) => format!("{PLACE_SENTENCE}{}。", seed.place),
        (false, _) => format!("地点在{}附近。", seed.place),
    };
    format!("{prefix}{lead}{words}{place}{suffix}")
}

struct Cluster {
    kind: PlantedKind,
    /// Indices into the month's records, oldest first.
    rows: Vec<usize>,
}

/// Which tickets can be planted on, grouped by what must not change.
struct Planting {
    /// Problems that may be retold, by type, category and town, oldest first.
    problems: HashMap<(&'static str, [&'static str; 3], &'static str), Vec<usize>>,
    /// Any ticket a caller may be tied to, by town.
    by_town: HashMap<&'static str, Vec<usize>>,
    used: Vec<bool>,
    total: usize,
}

impl Planting {
    fn new(records: &[Record], keep: &[&str]) -> Planting {
        let mut problems: HashMap<_, Vec<usize>> = HashMap::default();
        let mut by_town: HashMap<_, Vec<usize>> = HashMap::default();
        let mut used = vec![false; records.len()];
        for (i, r) in records.iter().enumerate() {
            if keep.contains(&r.id.as_str()) || r.kind == "无效" || r.town.is_empty() {
                used[i] = true;
                continue;
            }
            by_town.entry(r.town).or_default().push(i);
            if is_problem(r) && r.retellable {
                problems.entry((r.kind, r.path, r.town)).or_default().push(i);
            }
        }
        Planting { problems, by_town, used, total: records.len() }
    }

    fn plant(mut self, records: &mut [Record], rng: &mut impl Rng) -> Vec<Cluster> {
        let mut clusters = Vec::new();
        let mut groups: Vec<Vec<usize>> = self.problems.values().filter(|g| g.len() >= 2).cloned().collect();
        groups.sort(); // the map's order is not the seed's
        for (kind, per) in PER_TEN_THOUSAND {
            let wanted = (self.total * per).div_ceil(10_000);
            let mut made = 0;
            for _ in 0..wanted * 20 {
                if made == wanted {
                    break;
                }
                let cluster = match kind {
                    PlantedKind::OneCallerManyProblems => self.one_caller(records, rng),
                    _ => {
                        let Some(group) = groups.choose(rng) else { break };
                        self.one_problem(kind, group, records, rng)
                    }
                };
                if let Some(cluster) = cluster {
                    for &i in &cluster.rows {
                        self.used[i] = true;
                    }
                    clusters.push(cluster);
                    made += 1;
                }
            }
        }
        clusters
    }

    /// One caller's tickets about different problems in their town within the window.
    fn one_caller(&self, records: &mut [Record], rng: &mut impl Rng) -> Option<Cluster> {
        let towns: Vec<&&str> = {
            let mut towns: Vec<&&str> = self.by_town.keys().collect();
            towns.sort();
            towns
        };
        let rows = &self.by_town[*towns.choose(rng)?];
        let seed = *rows.choose(rng)?;
        if self.used[seed] {
            return None;
        }
        let size = rng.random_range(2..=3);
        let mut members = vec![seed];
        for &i in rows {
            let r = &records[i];
            let apart = (r.intake - records[seed].intake).abs();
            let new_problem = members.iter().all(|&m| records[m].path[..2] != r.path[..2]);
            if !self.used[i] && apart < (WINDOW_DAYS - 1) * 86_400 && new_problem && members.len() < size {
                members.push(i);
            }
        }
        if members.len() < 2 {
            return None;
        }
        let caller = if records[seed].phone.is_empty() { masked_phone(rng) } else { records[seed].phone.clone() };
        for &i in &members {
            records[i].phone = caller.clone();
        }
        members.sort_by_key(|&i| records[i].intake);
        Some(Cluster { kind: PlantedKind::OneCallerManyProblems, rows: members })
    }

    /// Tickets of one problem: the same caller again, several callers at one place or in
    /// their own words, or a closed ticket's problem back after its closing.
    fn one_problem(
        &self,
        kind: PlantedKind,
        group: &[usize],
        records: &mut [Record],
        rng: &mut impl Rng,
    ) -> Option<Cluster> {
        let free: Vec<usize> = group.iter().copied().filter(|&i| !self.used[i]).collect();
        let seed = *free.choose(rng)?;
        let start = records[seed].intake;
        let within = |i: usize, from: i64, days: i64| {
            let at = records[i].intake;
            at > from && at - from < days * 86_400 && i != seed
        };
        let members: Vec<usize> = match kind {
            PlantedKind::ReturnedAfterClosure => {
                let closed = records[seed].closed;
                if records[seed].transfer.is_empty() {
                    return None;
                }
                let back: Vec<usize> = free
                    .iter()
                    .copied()
                    .filter(|&i| within(i, closed, FALSE_CLOSURE_DAYS) && within(i, start, WINDOW_DAYS - 1))
                    .collect();
                vec![*back.choose(rng)?]
            }
            _ => {
                let size = match kind {
                    PlantedKind::SameCallerAgain => rng.random_range(1..=2),
                    _ => rng.random_range(2..=5),
                };
                let mut later: Vec<usize> =
                    free.iter().copied().filter(|&i| within(i, start, WINDOW_DAYS - 1)).collect();
                later.shuffle(rng);
                later.truncate(size);
                later
            }
        };
        if members.is_empty()
            || (kind != PlantedKind::SameCallerAgain && kind != PlantedKind::ReturnedAfterClosure && members.len() < 2)
        {
            return None;
        }
        let seed_record = records[seed].clone();
        let same_caller = match kind {
            PlantedKind::SameCallerAgain => true,
            PlantedKind::ReturnedAfterClosure => rng.random_range(0..2) == 0,
            _ => false,
        };
        let caller = if seed_record.phone.is_empty() { masked_phone(rng) } else { seed_record.phone.clone() };
        if same_caller {
            records[seed].phone = caller.clone();
        }
        if kind == PlantedKind::ReturnedAfterClosure {
            records[seed].reply = DONE_REPLY;
        }
        if kind == PlantedKind::ManyCallersOneText {
            records[seed].address.clear();
        }
        for &i in &members {
            let lead = match kind {
                PlantedKind::ReturnedAfterClosure => pick(rng, &RETURNED),
                PlantedKind::SameCallerAgain => pick(rng, &AGAIN),
                _ => "",
            };
            let text = retold(&seed_record, lead, rng);
            let address = match kind {
                PlantedKind::ManyCallersOneText => String::new(),
                _ if seed_record.place.is_empty() => String::new(),
                _ => address_variant(&seed_record.place, &records[i], rng),
            };
            let r = &mut records[i];
            r.content = text;
            r.address = address;
            r.place = seed_record.place.clone();
            if same_caller {
                r.phone = caller.clone();
            } else if r.phone.is_empty() || r.phone == caller {
                r.phone = masked_phone(rng);
            }
        }
        let mut rows = vec![seed];
        rows.extend(members);
        rows.sort_by_key(|&i| records[i].intake);
        Some(Cluster { kind, rows })
    }
}

/// Every closed, transferred ticket of a problem cluster followed by another of the
/// cluster within `FALSE_CLOSURE_DAYS` of its closing.
fn returned_after_closure(records: &[Record], cluster: &Cluster, pairs: &mut Vec<ReturnedPair>) {
    if cluster.kind == PlantedKind::OneCallerManyProblems {
        return;
    }
    for &a in &cluster.rows {
        let closed = &records[a];
        if closed.transfer.is_empty() {
            continue;
        }
        for &b in &cluster.rows {
            let back = records[b].intake - closed.closed;
            if back > 0 && back <= FALSE_CLOSURE_DAYS * 86_400 {
                pairs.push(ReturnedPair { closed: closed.id.clone(), returned: records[b].id.clone() });
            }
        }
    }
}
