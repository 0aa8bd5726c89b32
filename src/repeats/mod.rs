//! Problems that come back. Tickets are linked when, within a window of days, they share
//! a caller, a place (the same address in the same town, and a neighbouring category), or
//! a problem told in near-identical words (most of the words specific to the shorter text
//! in the other, `near.rs`; in a neighbouring category, in the same town). Linked tickets form clusters, each of a
//! kind: one caller again about one problem (重复诉求), one caller about several (一人多诉),
//! several callers about one place or problem (多人同诉). A ticket closed as done whose
//! problem comes back within days is a suspected false closure (疑似虚假办结).
//!
//! Only the report's two months and the days around them are read, once for both: a
//! year's export costs what two months cost.

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
    /// other (`near::near_duplicates`).
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
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

/// The valid tickets taken from `start` to `end`, in time order.
fn scope(view: &View, start: Timestamp, end: Timestamp) -> Vec<u32> {
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

/// The links among the tickets around a report's month and the month before it, found
/// once for both: each month's repeats (`Linked::repeats`) are read from them. The tickets
/// read are those from the window before last month to the closure days after this month,
/// whether or not last month is in the data, so a month's repeats do not depend on it.
pub struct Linked {
    /// The tickets read (table rows), in time order; links hold indices into it.
    rows: Vec<u32>,
    intake: Vec<Timestamp>,
    block: Vec<u32>,
    links: Vec<(u32, u32, Signal, bool)>,
    window: i64,
    closure: i64,
}

/// The links around the view's month under `settings`.
pub fn link(view: &View, settings: &RepeatSettings) -> Linked {
    let t = view.table;
    let window = i64::from(settings.window_days) * 86_400;
    let closure = i64::from(settings.closure_days) * 86_400;
    // Links reach as far as a cluster's window or a false closure needs (a ticket closed
    // up to a month after its intake, then back within the closure days); clusters join
    // only links within the window.
    let horizon = window.max(closure + 31 * 86_400);
    let last_month = view.period.previous(view.settings.period.start_day);
    let rows = scope(view, last_month.start_ts() - window, view.period.end_ts() + closure);
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
        let mut plain = String::new();
        let keyed: Vec<(u64, u32)> = (0..rows.len())
            .filter(|&i| !view.is_consultation(rows[i]))
            .filter_map(|i| {
                let r = rows[i] as usize;
                let from = keys::address_into(t.address.get(r), &[t.region.get(r), t.town.get(r)], &mut plain);
                let address = &plain[from..];
                (!address.is_empty()).then(|| (FxBuildHasher.hash_one((place[i], block[i], address)), i as u32))
            })
            .collect();
        link_shared(keyed, &intake, horizon, |a, b| links.push((a, b, Signal::Place, true)));
    }
    if signals.text {
        let problems: Vec<u32> = (0..rows.len() as u32)
            .filter(|&i| !view.is_consultation(rows[i as usize]) && place[i as usize] != 0)
            .collect();
        let groups: Vec<u32> = problems.iter().map(|&i| block[i as usize]).collect();
        let buckets: Vec<u64> = problems.iter().map(|&i| u64::from(place[i as usize])).collect();
        let times: Vec<i64> = problems.iter().map(|&i| intake[i as usize]).collect();
        let texts = near::Texts { groups: &groups, buckets: &buckets, times: &times };
        // The town is the bucket's already: its name (and its county's) in a text says
        // nothing more, so their words are dropped.
        let mut names: FxHashMap<(u32, u32), Vec<u32>> = FxHashMap::default();
        let mut seen = Vec::new();
        let words = near::SpecificWords::find(&texts, |i, out| {
            let r = rows[problems[i] as usize] as usize;
            let names = names.entry((t.region.codes[r], t.town.codes[r])).or_insert_with(|| {
                let mut words = tokens::token_set(t.region.get(r));
                words.extend(tokens::token_set(t.town.get(r)));
                words.sort_unstable();
                words
            });
            let from = out.len();
            tokens::tokens(t.content.get(r), out);
            tokens::keep_distinct(out, from, names, &mut seen);
        });
        for (a, b) in near::near_duplicates(&texts, &words, settings.similarity, horizon) {
            links.push((problems[a], problems[b], Signal::Text, true));
        }
    }
    Linked { rows, intake, block, links, window, closure }
}

/// The repeats of the view's month under `settings`.
pub fn find(view: &View, settings: &RepeatSettings) -> Repeats {
    link(view, settings).repeats(view)
}

impl Linked {
    /// The repeats of the view's month (this month or the one before it): from the links
    /// among the tickets from the window before it to the closure days after it.
    pub fn repeats(&self, view: &View) -> Repeats {
        let t = view.table;
        let (rows, intake, block) = (&self.rows, &self.intake, &self.block);
        let (window, closure) = (self.window, self.closure);
        let (start, end) = (view.period.start_ts(), view.period.end_ts());
        let in_scope = |i: u32| (start - window..end + closure).contains(&intake[i as usize]);
        let in_month = |i: u32| (start..end).contains(&intake[i as usize]);
        let links: Vec<(u32, u32, Signal, bool)> =
            self.links.iter().copied().filter(|&(a, b, ..)| in_scope(a) && in_scope(b)).collect();
        let within = |a: u32, b: u32| intake[b as usize] - intake[a as usize] <= window;

        // Clusters: the linked tickets (few) joined by their links within the window, those
        // of one problem first. A caller's tickets about other problems then join only a
        // set of that caller's alone: several callers' problem does not take in one
        // caller's other questions.
        let mut linked: Vec<u32> = links.iter().flat_map(|&(a, b, ..)| [a, b]).collect();
        linked.sort_unstable();
        linked.dedup();
        let at = |i: u32| linked.binary_search(&i).unwrap_or_default() as u32;
        let caller_of = |i: u32| keys::caller(t.caller.get(rows[i as usize] as usize)).map(|k| (k.hash, k.masked));
        let mut sets = UnionFind((0..linked.len() as u32).collect());
        for &(a, b, ..) in links.iter().filter(|&&(a, b, _, same_problem)| same_problem && within(a, b)) {
            sets.union(at(a), at(b));
        }
        // Each set's one caller, or None when its tickets have several (or one has none).
        let mut caller: Vec<Option<(u64, bool)>> = linked.iter().map(|&i| caller_of(i)).collect();
        for k in 0..linked.len() as u32 {
            let root = sets.find(k) as usize;
            if caller[root] != caller[k as usize] {
                caller[root] = None;
            }
        }
        for &(a, b, ..) in links.iter().filter(|&&(a, b, _, same_problem)| !same_problem && within(a, b)) {
            let (ra, rb) = (sets.find(at(a)), sets.find(at(b)));
            let one = caller[ra as usize];
            if ra != rb && one.is_some() && one == caller[rb as usize] {
                sets.union(ra, rb);
                caller[sets.find(ra) as usize] = one;
            }
        }
        let mut members: Vec<(u32, u32)> =
            (0..linked.len() as u32).map(|k| (sets.find(k), linked[k as usize])).collect();
        members.sort_unstable();
        let mut clusters: Vec<Cluster> = members
            .chunk_by(|a, b| a.0 == b.0)
            .filter(|m| m.len() >= 2 && m.iter().any(|&(_, i)| in_month(i)))
            .map(|m| {
                let first = caller_of(m[0].1);
                let one_caller = first.is_some() && m.iter().all(|&(_, i)| caller_of(i) == first);
                let one_problem = m.iter().all(|&(_, i)| block[i as usize] == block[m[0].1 as usize]);
                let kind = match (one_caller, one_problem) {
                    (true, true) => ClusterKind::SameCallerAgain,
                    (true, false) => ClusterKind::OneCallerManyProblems,
                    (false, _) => ClusterKind::ManyCallers,
                };
                Cluster { kind, rows: m.iter().map(|&(_, i)| rows[i as usize]).collect() }
            })
            .collect();
        clusters.sort_by_key(|c| (std::cmp::Reverse(c.rows.len()), t.intake[c.rows[0] as usize], c.rows[0]));

        let mut again: Vec<u32> = links
            .iter()
            .filter(|&&(a, b, _, same_problem)| {
                same_problem && within(a, b) && in_month(b) && intake[a as usize] < intake[b as usize]
            })
            .map(|&(_, b, ..)| rows[b as usize])
            .collect();
        again.sort_unstable();
        again.dedup();

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
}
