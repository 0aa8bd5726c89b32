//! The units' scorecard (考核): each unit's indicators over its transferred tickets of the
//! month, each scored from 0 to 100 between a bad and a good threshold, and weighted into
//! one composite, as a city's 考核办法 does. The defaults follow the common pattern of
//! published ones (Yulin, Gaoan): timeliness and satisfaction weigh most, then repeats and
//! false closures, then overdue, returned and re-dispatched tickets.

use serde::{Deserialize, Serialize};

use crate::query::{Facet, Selection, YES};
use crate::repeats::Repeats;
use crate::stats::ratio::Count;
use crate::stats::View;
use crate::table::{Field, NO_TIME};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Indicator {
    OnTime,
    Satisfaction,
    RepeatRate,
    FalseClosureRate,
    OverdueOpen,
    ReturnRate,
    RedispatchRate,
}

impl Indicator {
    pub const ALL: [Indicator; 7] = [
        Indicator::OnTime,
        Indicator::Satisfaction,
        Indicator::RepeatRate,
        Indicator::FalseClosureRate,
        Indicator::OverdueOpen,
        Indicator::ReturnRate,
        Indicator::RedispatchRate,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Indicator::OnTime => "按时办结率",
            Indicator::Satisfaction => "满意率",
            Indicator::RepeatRate => "重复诉求率",
            Indicator::FalseClosureRate => "疑似虚假办结率",
            Indicator::OverdueOpen => "超期未办结",
            Indicator::ReturnRate => "退回率",
            Indicator::RedispatchRate => "重派率",
        }
    }

    /// A rate in percent; otherwise a count of tickets.
    pub fn is_rate(self) -> bool {
        self != Indicator::OverdueOpen
    }

    /// More is better (a rate of tickets closed in time, of satisfied callers); otherwise
    /// less is.
    pub fn higher_is_better(self) -> bool {
        matches!(self, Indicator::OnTime | Indicator::Satisfaction)
    }

    /// The default weight and thresholds: full points at `good`, none at `bad`.
    pub fn default_rule(self) -> Rule {
        let (weight, good, bad) = match self {
            Indicator::OnTime => (30, 100, 80),
            Indicator::Satisfaction => (30, 100, 80),
            Indicator::RepeatRate => (15, 0, 10),
            Indicator::FalseClosureRate => (10, 0, 5),
            Indicator::OverdueOpen => (5, 0, 10),
            Indicator::ReturnRate => (5, 0, 10),
            Indicator::RedispatchRate => (5, 0, 10),
        };
        Rule { weight, good, bad }
    }
}

/// An indicator's weight and thresholds: full points at `good`, none at `bad`, in a
/// straight line between; `good` below `bad` means lower is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rule {
    pub weight: u32,
    pub good: u32,
    pub bad: u32,
}

impl Rule {
    /// Points from 0 to 100 for `value` (percent, or a count) of an indicator whose better
    /// side `higher_is_better` says; with both lines equal, full points on the better side of
    /// the line (0 / 0 for false closures: none allowed) and none beyond it.
    pub fn points(&self, value: f64, higher_is_better: bool) -> f64 {
        let (good, bad) = (f64::from(self.good), f64::from(self.bad));
        if good == bad {
            let fine = if higher_is_better { value >= good } else { value <= good };
            return if fine { 100.0 } else { 0.0 };
        }
        (100.0 * (value - bad) / (good - bad)).clamp(0.0, 100.0)
    }
}

/// One indicator of one unit: its value (percent or count), the tickets it counts out of
/// the tickets it is a share of (both open), and its points.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct Measure {
    pub indicator: Indicator,
    pub value: f64,
    pub part: Count,
    pub whole: Count,
    pub points: f64,
}

impl Measure {
    /// The rate as a ratio (its percentage opens the part of the whole); None for a count.
    pub fn ratio(&self) -> Option<crate::stats::ratio::Ratio> {
        self.indicator.is_rate().then(|| {
            crate::stats::ratio::Ratio::of(
                self.part.count,
                self.part.selection.clone(),
                self.whole.count,
                self.whole.selection.clone(),
            )
        })
    }
}

#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct UnitScore {
    pub unit: String,
    /// Its transferred tickets of the month.
    pub tickets: Count,
    pub measures: Vec<Measure>,
    /// The weighted mean of the measures' points (for 全市平均, the units' mean score).
    pub score: f64,
    /// 1 = best.
    pub rank: usize,
    /// The score's change since last month, when the data holds last month.
    pub change: Option<f64>,
    /// Days from intake to closing, median and 90th percentile, over its closed tickets.
    pub close_days_p50: Option<f64>,
    pub close_days_p90: Option<f64>,
}

#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct Scorecard {
    /// The indicators the data allows, in order.
    pub indicators: Vec<Indicator>,
    /// Units with enough tickets, best first.
    pub units: Vec<UnitScore>,
    /// All ranked units' tickets together (全市平均): their rates, and the mean of the
    /// units' scores.
    pub average: UnitScore,
    /// The best and worst units (红榜 / 黑榜), at most half the units each.
    pub red: Vec<String>,
    pub black: Vec<String>,
}

/// The rules the scorecard applies, by indicator.
pub type Rules = [(Indicator, Rule); 7];

pub fn default_rules() -> Rules {
    Indicator::ALL.map(|i| (i, i.default_rule()))
}

/// The weighted mean of the measures' points, over the indicators with a weight.
pub fn composite(measures: &[Measure], rules: &Rules) -> f64 {
    let (mut sum, mut weights) = (0.0, 0.0);
    for m in measures {
        let weight = rules.iter().find(|(i, _)| *i == m.indicator).map_or(0, |(_, r)| r.weight);
        sum += f64::from(weight) * m.points;
        weights += f64::from(weight);
    }
    if weights == 0.0 {
        0.0
    } else {
        sum / weights
    }
}

/// Which indicators the data allows.
pub fn indicators(view: &View, repeats_known: bool) -> Vec<Indicator> {
    Indicator::ALL
        .into_iter()
        .filter(|i| match i {
            Indicator::OnTime => view.has(Field::Deadline) && view.has(Field::ClosedTime),
            Indicator::Satisfaction => view.has(Field::Satisfaction),
            Indicator::RepeatRate => repeats_known,
            Indicator::FalseClosureRate => repeats_known && view.has(Field::ClosedTime),
            Indicator::OverdueOpen => view.has(Field::Deadline) && view.has(Field::Status),
            Indicator::ReturnRate => view.has(Field::Returns),
            Indicator::RedispatchRate => view.has(Field::Redispatches),
        })
        .collect()
}

/// Marks of each row: a later ticket of a cluster, a closed ticket whose problem returned.
struct Marks {
    again: Vec<bool>,
    false_closure: Vec<bool>,
}

impl Marks {
    fn of(repeats: &Repeats, rows: usize) -> Marks {
        let again = repeats.again_rows(rows);
        let mut false_closure = vec![false; rows];
        for pair in &repeats.false_closures {
            false_closure[pair.closed as usize] = true;
        }
        Marks { again, false_closure }
    }
}

fn percentile(sorted: &[f64], share: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let at = ((sorted.len() - 1) as f64 * share).round() as usize;
    Some(sorted[at])
}

/// One unit's (or all units') measures over `rows`, the tickets of `base`.
struct Scoring<'a> {
    view: &'a View<'a>,
    marks: Marks,
    indicators: Vec<Indicator>,
    rules: &'a Rules,
}

fn score(scoring: &Scoring, name: &str, rows: &[u32], base: &Selection) -> UnitScore {
    let Scoring { view, marks, indicators, rules } = scoring;
    let (view, rules) = (*view, *rules);
    let t = view.table;
    let rule = |i: Indicator| rules.iter().find(|(r, _)| *r == i).map_or(i.default_rule(), |(_, r)| *r);
    let all = Count::of(rows.len() as u64, base.clone());
    let mut measures = Vec::new();
    for &indicator in indicators.iter() {
        let count = |keep: &dyn Fn(u32) -> bool| rows.iter().filter(|&&r| keep(r)).count() as u64;
        let (part, whole) = match indicator {
            Indicator::OnTime => {
                (Count::of(count(&|r| view.closed_on_time(r)), base.and(Facet::OnTime, YES)), all.clone())
            }
            Indicator::Satisfaction => {
                let ratio = view.satisfaction(rows.iter().copied(), base);
                if ratio.den == 0 {
                    continue;
                }
                (Count::of(ratio.num, ratio.num_selection), Count::of(ratio.den, ratio.den_selection))
            }
            Indicator::RepeatRate => {
                (Count::of(count(&|r| marks.again[r as usize]), base.and(Facet::Repeat, "again")), all.clone())
            }
            Indicator::FalseClosureRate => {
                // Of the month's closed tickets, those whose problem came back.
                let closed = count(&|r| view.is_closed(r));
                let flagged = count(&|r| marks.false_closure[r as usize]);
                (
                    Count::of(flagged, base.and(Facet::FalseClosure, "closed")),
                    Count::of(closed, base.and(Facet::Closed, YES)),
                )
            }
            Indicator::OverdueOpen => {
                let open_late = count(&|r| !view.is_closed(r) && view.is_overdue(r));
                let late = base.and(Facet::Closed, crate::query::NO).and(Facet::Overdue, YES);
                (Count::of(open_late, late), all.clone())
            }
            Indicator::ReturnRate => {
                (Count::of(count(&|r| t.markers[0].get(r as usize) > 0), base.and(Facet::Returned, YES)), all.clone())
            }
            Indicator::RedispatchRate => {
                let redispatched = base.and(Facet::Redispatched, YES);
                (Count::of(count(&|r| t.markers[1].get(r as usize) > 0), redispatched), all.clone())
            }
        };
        let value = match (indicator.is_rate(), whole.count) {
            (false, _) => part.count as f64,
            (true, 0) => continue,
            (true, whole) => 100.0 * part.count as f64 / whole as f64,
        };
        let points = rule(indicator).points(value, indicator.higher_is_better());
        measures.push(Measure { indicator, value, points, part, whole });
    }
    let mut days: Vec<f64> = rows
        .iter()
        .map(|&r| (t.intake[r as usize], t.closed[r as usize]))
        .filter(|&(_, closed)| closed != NO_TIME)
        .map(|(intake, closed)| (closed - intake).max(0) as f64 / 86_400.0)
        .collect();
    days.sort_by(f64::total_cmp);
    UnitScore {
        unit: name.to_string(),
        tickets: all,
        score: composite(&measures, rules),
        measures,
        rank: 0,
        change: None,
        close_days_p50: percentile(&days, 0.5),
        close_days_p90: percentile(&days, 0.9),
    }
}

/// The scorecard of the view's month: units with at least `min_tickets` transferred
/// tickets, ranked; `listed` best and worst named (at most half the units each);
/// `previous`, last month's scores by unit (from its data or remembered), gives each
/// unit's change.
pub fn scorecard(
    view: &View,
    repeats: Option<&Repeats>,
    rules: &Rules,
    min_tickets: usize,
    listed: usize,
    previous: Option<&[(String, f64)]>,
) -> Scorecard {
    let t = view.table;
    let empty = Repeats::default();
    let scoring = Scoring {
        view,
        marks: Marks::of(repeats.unwrap_or(&empty), t.len()),
        indicators: indicators(view, repeats.is_some()),
        rules,
    };
    let (rows, base) = view.valid_transferred();
    let mut by_unit: Vec<Vec<u32>> = vec![Vec::new(); t.unit.symbols.len()];
    for &r in &rows {
        by_unit[t.unit.codes[r as usize] as usize].push(r);
    }
    let mut ranked_rows: Vec<u32> = Vec::new();
    let mut units: Vec<UnitScore> = by_unit
        .iter()
        .enumerate()
        .skip(1)
        .filter(|(_, rows)| rows.len() >= min_tickets.max(1))
        .map(|(code, rows)| {
            ranked_rows.extend(rows);
            let name = t.unit.symbols.name(code as u32);
            score(&scoring, name, rows, &base.and(Facet::Unit, name))
        })
        .collect();
    units.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.unit.cmp(&b.unit)));
    for (at, unit) in units.iter_mut().enumerate() {
        unit.rank = at + 1;
        unit.change =
            previous.and_then(|p| p.iter().find(|(name, _)| *name == unit.unit)).map(|(_, before)| unit.score - before);
    }
    ranked_rows.sort_unstable();
    let names: Vec<String> = units.iter().map(|u| u.unit.clone()).collect();
    let all = base.and_any(Facet::Unit, names);
    // 全市平均: the rates over all ranked units' tickets; its score is the mean of theirs (a
    // count such as 超期未办结 has no city-wide line to score against, and is left out).
    let mut average = score(&scoring, "全市平均", &ranked_rows, &all);
    average.measures.retain(|m| m.indicator.is_rate());
    average.score =
        if units.is_empty() { 0.0 } else { units.iter().map(|u| u.score).sum::<f64>() / units.len() as f64 };
    let listed = listed.min(units.len() / 2);
    let red = units.iter().take(listed).map(|u| u.unit.clone()).collect();
    let black = units.iter().rev().take(listed).map(|u| u.unit.clone()).collect();
    Scorecard { indicators: scoring.indicators, units, average, red, black }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_run_from_the_bad_line_to_the_good_one_either_way() {
        let on_time = Rule { weight: 30, good: 100, bad: 80 };
        assert_eq!(on_time.points(90.0, true), 50.0);
        assert_eq!(on_time.points(70.0, true), 0.0);
        assert_eq!(on_time.points(100.0, true), 100.0);
        let repeats = Rule { weight: 15, good: 0, bad: 10 };
        assert_eq!(repeats.points(2.5, false), 75.0);
        assert_eq!(repeats.points(12.0, false), 0.0);
    }

    #[test]
    fn equal_lines_allow_nothing_beyond_them() {
        // 0 / 0 for false closures: none allowed.
        let none = Rule { weight: 10, good: 0, bad: 0 };
        assert_eq!(none.points(0.0, false), 100.0);
        assert_eq!(none.points(0.5, false), 0.0);
        let all = Rule { weight: 30, good: 95, bad: 95 };
        assert_eq!(all.points(96.0, true), 100.0);
        assert_eq!(all.points(94.0, true), 0.0);
    }
}
