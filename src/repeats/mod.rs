//! Problems that come back. Tickets are linked when, within a window of days, they share
//! a caller, a place (the same address in the same town, and a neighbouring category), or
//! a problem told in near-identical words (most of the words specific to the shorter text
//! in the other, `near.rs`; in a neighbouring category, in the same town). Linked tickets form clusters, each of a
//! kind: one caller again about one problem (重复诉求), one caller about several (一人多诉),
//! several callers about one place or problem (多人同诉). A ticket closed as done whose
//! problem comes back within days is a suspected false closure (疑似虚假办结).
//!
//! Only the month and the window before it are read: a year's export costs what two
//! months cost.

pub mod facets;
pub mod keys;
pub mod near;
pub mod tokens;

use std::hash::BuildHasher;

use rustc_hash::{FxBuildHasher, FxHashMap};
use serde::Serialize;

use crate::period::Timestamp;
use crate::stats::View;
use crate::table::{Field, NO_TIME};

/// What links tickets, from the section's settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RepeatSettings {
    /// Linked tickets lie at most this many days apart.
    pub window_days: u32,
    /// A closed ticket whose problem comes back within this many days of its closing is a
    /// suspected false closure.
    pub closure_days: u32,
    /// Texts tell one problem when this share of the shorter's specific words is in the
    /// other (`near::overlap`).
    pub similarity: f64,
}

impl RepeatSettings {
    /// The defaults, which the sample's planted truth follows too.
    pub const DEFAULT_WINDOW_DAYS: u32 = 30;
    pub const DEFAULT_CLOSURE_DAYS: u32 = 15;
}

impl Default for RepeatSettings {
    fn default() -> Self {
        RepeatSettings {
            window_days: Self::DEFAULT_WINDOW_DAYS,
            closure_days: Self::DEFAULT_CLOSURE_DAYS,
            similarity: 0.6,
        }
    }
}

/// A caller number or an address shared by more tickets than this in the window is no
/// person or place (a switchboard, 不详, a city hall): it links nothing.
pub const MAX_SHARED: usize = 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ClusterKind {
    /// One caller, one problem, again.
    SameCallerAgain,
    /// One caller, several problems.
    OneCallerManyProblems,
    /// Several callers, one place or problem.
    ManyCallers,
}

impl ClusterKind {
    pub const ALL: [ClusterKind; 3] =
        [ClusterKind::SameCallerAgain, ClusterKind::OneCallerManyProblems, ClusterKind::ManyCallers];

    /// Its value in a selection (`Facet::RepeatKind`).
    pub fn key(self) -> &'static str {
        match self {
            ClusterKind::SameCallerAgain => "same_caller_again",
            ClusterKind::OneCallerManyProblems => "one_caller_many_problems",
            ClusterKind::ManyCallers => "many_callers",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ClusterKind::SameCallerAgain => "重复诉求",
            ClusterKind::OneCallerManyProblems => "一人多诉",
            ClusterKind::ManyCallers => "多人同诉",
        }
    }
}

/// What a link rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Signal {
    Caller,
    Place,
    Text,
}

/// Two tickets linked, the earlier first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Link {
    pub earlier: u32,
    pub later: u32,
    pub signal: Signal,
    /// The two are about one problem: a place or a text, or one caller in a neighbouring
    /// category.
    pub same_problem: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Cluster {
    pub kind: ClusterKind,
    /// Its tickets (table rows), oldest first.
    pub rows: Vec<u32>,
}

/// A closed ticket and the first ticket of its problem after its closing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FalseClosure {
    pub closed: u32,
    pub returned: u32,
}

/// The repeats of one month.
#[derive(Debug, Clone, Default)]
pub struct Repeats {
    /// Clusters holding at least one ticket of the month, largest first.
    pub clusters: Vec<Cluster>,
    pub links: Vec<Link>,
    /// Tickets of the month with an earlier ticket of the same problem in the window
    /// (重复来件), ascending: a caller's other problems are not repeats.
    pub again: Vec<u32>,
    /// The month's closed tickets whose problem came back within the closure days, each with
    /// the first ticket it came back as, in the order of their closing.
    pub false_closures: Vec<FalseClosure>,
}

impl Repeats {
    /// Whether each of a table's `rows` is a 重复来件 (`again`), as a mask.
    pub fn again_rows(&self, rows: usize) -> Vec<bool> {
        let mut mask = vec![false; rows];
        for &row in &self.again {
            mask[row as usize] = true;
        }
        mask
    }
}

/// Which analyses the data allows: linking needs a caller or an address column (or
/// content); false closures need closing times.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Signals {
    pub caller: bool,
    pub place: bool,
    pub text: bool,
}

impl Signals {
    pub fn of(view: &View) -> Signals {
        Signals { caller: view.has(Field::Caller), place: view.has(Field::Address), text: view.has(Field::Content) }
    }
}

/// A neighbouring category: the second level (the first where it is blank), as a key.
fn neighbourhood(view: &View, row: usize) -> u32 {
    let [top, middle, _] = &view.table.category;
    match middle.codes[row] {
        0 => top.codes[row] | 1 << 31,
        code => code,
    }
}

/// The town (the county where it is blank), as a key; 0 for neither.
fn locality(view: &View, row: usize) -> u32 {
    let t = view.table;
    match (t.town.codes[row], t.region.codes[row]) {
        (0, 0) => 0,
        (0, region) => region | 1 << 31,
        (town, _) => town,
    }
}

/// The text without the place names (a county, a town, and each without its 区 / 镇 / 街道).
fn without_names(text: &str, names: &[&str]) -> String {
    let mut text = text.to_string();
    for name in names.iter().filter(|n| !n.is_empty()) {
        let stem = ["街道", "镇", "乡", "区", "县", "市"].iter().find_map(|s| name.strip_suffix(s)).unwrap_or(name);
        let stem = if stem.chars().count() >= 2 { stem } else { name };
        // The stem is in the name: a text without it holds neither (most do not).
        if text.contains(stem) {
            text = text.replace(name, " ").replace(stem, " ");
        }
    }
    text
}

struct UnionFind(Vec<u32>);

impl UnionFind {
    fn find(&mut self, mut i: u32) -> u32 {
        while self.0[i as usize] != i {
            let parent = self.0[self.0[i as usize] as usize];
            self.0[i as usize] = parent;
            i = parent;
        }
        i
    }

    fn union(&mut self, a: u32, b: u32) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            self.0[a.max(b) as usize] = a.min(b);
        }
    }
}

/// The tickets of the month, of the window before it and of `after` after it (a closure
/// late in the month may come back then), in time order.
fn scope(view: &View, window: i64, after: i64) -> Vec<u32> {
    let (start, end) = (view.period.start_ts() - window, view.period.end_ts() + after);
    let t = view.table;
    let mut rows: Vec<u32> =
        (0..t.len() as u32).filter(|&r| (start..end).contains(&t.intake[r as usize]) && view.is_valid(r)).collect();
    rows.sort_by_key(|&r| (t.intake[r as usize], r));
    rows
}

/// Links every two tickets (indices into the scope, in time order) that share a key, within
/// `reach` of each other; a key more than `MAX_SHARED` tickets share links none. Sorting the
/// keys groups them without a list per key (most keys are one ticket's).
fn link_shared(mut keyed: Vec<(u64, u32)>, intake: &[Timestamp], reach: i64, mut link: impl FnMut(u32, u32)) {
    keyed.sort_unstable();
    for run in keyed.chunk_by(|a, b| a.0 == b.0).filter(|run| run.len() >= 2 && run.len() <= MAX_SHARED) {
        for (at, &(_, a)) in run.iter().enumerate() {
            for &(_, b) in &run[at + 1..] {
                if intake[b as usize] - intake[a as usize] > reach {
                    break;
                }
                link(a, b);
            }
        }
    }
}

/// The repeats of the view's month under `settings`.
pub fn find(view: &View, settings: &RepeatSettings) -> Repeats {
    let t = view.table;
    let window = i64::from(settings.window_days) * 86_400;
    let closure = i64::from(settings.closure_days) * 86_400;
    // Links reach as far as a cluster's window or a false closure needs (a ticket closed
    // up to a month after its intake, then back within the closure days); clusters join
    // only links within the window.
    let horizon = window.max(closure + 31 * 86_400);
    let rows = scope(view, window, closure);
    let intake: Vec<Timestamp> = rows.iter().map(|&r| t.intake[r as usize]).collect();
    let block: Vec<u32> = rows.iter().map(|&r| neighbourhood(view, r as usize)).collect();
    let place: Vec<u32> = rows.iter().map(|&r| locality(view, r as usize)).collect();
    let signals = Signals::of(view);
    let mut links: Vec<(u32, u32, Signal, bool)> = Vec::new();

    if signals.caller {
        // A masked number is one caller only within one town.
        let keyed: Vec<(u64, u32)> = (0..rows.len())
            .filter_map(|i| {
                let key = keys::caller(t.caller.get(rows[i] as usize))?;
                let town = if key.masked { u64::from(place[i]) } else { 0 };
                Some((key.hash ^ town.wrapping_mul(0x9E37_79B9_7F4A_7C15), i as u32))
            })
            .collect();
        link_shared(keyed, &intake, horizon, |a, b| {
            links.push((a, b, Signal::Caller, block[a as usize] == block[b as usize]))
        });
    }
    if signals.place {
        // A question many ask at one place is not one problem: consultations link by caller.
        let keyed: Vec<(u64, u32)> = (0..rows.len())
            .filter(|&i| !view.is_consultation(rows[i]))
            .filter_map(|i| {
                let r = rows[i] as usize;
                let address = keys::address(t.address.get(r), &[t.region.get(r), t.town.get(r)]);
                (!address.is_empty()).then(|| (FxBuildHasher.hash_one((place[i], block[i], address)), i as u32))
            })
            .collect();
        link_shared(keyed, &intake, horizon, |a, b| links.push((a, b, Signal::Place, true)));
    }
    if signals.text {
        let problems: Vec<u32> = (0..rows.len() as u32)
            .filter(|&i| !view.is_consultation(rows[i as usize]) && place[i as usize] != 0)
            .collect();
        // The town is the bucket's already: its name in a text says nothing more.
        let texts: Vec<String> = problems
            .iter()
            .map(|&i| {
                let r = rows[i as usize] as usize;
                without_names(t.content.get(r), &[t.region.get(r), t.town.get(r)])
            })
            .collect();
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        let blocks: Vec<u64> =
            problems.iter().map(|&i| u64::from(block[i as usize]) << 32 | u64::from(place[i as usize])).collect();
        let groups: Vec<u32> = problems.iter().map(|&i| block[i as usize]).collect();
        for (a, b) in near::near_duplicates(&texts, &groups, &blocks, settings.similarity, |a, b| {
            (intake[problems[b] as usize] - intake[problems[a] as usize]).abs() <= horizon
        }) {
            let (a, b) = (problems[a], problems[b]);
            links.push((a.min(b), a.max(b), Signal::Text, true));
        }
    }

    let within = |a: u32, b: u32| intake[b as usize] - intake[a as usize] <= window;
    let mut sets = UnionFind((0..rows.len() as u32).collect());
    for &(a, b, ..) in links.iter().filter(|(a, b, ..)| within(*a, *b)) {
        sets.union(a, b);
    }
    let mut members: FxHashMap<u32, Vec<u32>> = FxHashMap::default();
    for i in 0..rows.len() as u32 {
        members.entry(sets.find(i)).or_default().push(i);
    }
    let (start, end) = (view.period.start_ts(), view.period.end_ts());
    let in_month = |i: u32| (start..end).contains(&intake[i as usize]);
    let mut again: Vec<u32> = links
        .iter()
        .filter(|&&(a, b, _, same_problem)| {
            same_problem && within(a, b) && in_month(b) && intake[a as usize] < intake[b as usize]
        })
        .map(|&(_, b, ..)| rows[b as usize])
        .collect();
    again.sort_unstable();
    again.dedup();
    let caller_of = |i: u32| keys::caller(t.caller.get(rows[i as usize] as usize)).map(|k| (k.hash, k.masked));
    let mut clusters: Vec<Cluster> = members
        .into_values()
        .filter(|m| m.len() >= 2 && m.iter().any(|&i| in_month(i)))
        .map(|m| {
            let first = caller_of(m[0]);
            let one_caller = first.is_some() && m.iter().all(|&i| caller_of(i) == first);
            let one_problem = m.iter().all(|&i| block[i as usize] == block[m[0] as usize]);
            let kind = match (one_caller, one_problem) {
                (true, true) => ClusterKind::SameCallerAgain,
                (true, false) => ClusterKind::OneCallerManyProblems,
                (false, _) => ClusterKind::ManyCallers,
            };
            Cluster { kind, rows: m.iter().map(|&i| rows[i as usize]).collect() }
        })
        .collect();
    clusters.sort_by_key(|c| (std::cmp::Reverse(c.rows.len()), t.intake[c.rows[0] as usize], c.rows[0]));

    let mut returns: FxHashMap<u32, u32> = FxHashMap::default();
    for &(a, b, _, same_problem) in &links {
        let (closed_row, back) = (rows[a as usize], b);
        let closed = t.closed[closed_row as usize];
        let after = intake[back as usize] - closed;
        let returned = same_problem
            && in_month(a)
            && closed != NO_TIME
            && view.is_transferred(closed_row)
            && view.is_closed(closed_row)
            && after > 0
            && after <= closure;
        if returned {
            let first = returns.entry(a).or_insert(back);
            if intake[back as usize] < intake[*first as usize] {
                *first = back;
            }
        }
    }
    let mut false_closures: Vec<FalseClosure> = returns
        .into_iter()
        .map(|(a, b)| FalseClosure { closed: rows[a as usize], returned: rows[b as usize] })
        .collect();
    false_closures.sort_by_key(|f| (t.closed[f.closed as usize], f.closed));
    let links = links
        .into_iter()
        .map(|(a, b, signal, same_problem)| Link {
            earlier: rows[a as usize],
            later: rows[b as usize],
            signal,
            same_problem,
        })
        .collect();
    Repeats { clusters, links, again, false_closures }
}
