//! Early warning: a value whose count this month is far from what its own history leads one
//! to expect. The expectation is explainable: with a year of history, the same month last
//! year scaled by how the last three months compare with the same three a year earlier (so
//! the seasons are expected); with less, the median of the trailing months. The normal
//! range around it is a Poisson band widened by a relative variation, and an alert needs a
//! minimum count and a minimum ratio besides, so a 1 → 3 jump is not one.

use serde::{Deserialize, Serialize};

use super::{DimensionSeries, Series, ValueSeries};
use crate::period::MonthId;
use crate::query::{Facet, Selection};

/// The thresholds, with the defaults documented in the README.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct AlertSettings {
    /// How many standard deviations from the expected count make an alert.
    pub z: f64,
    /// Variation beyond Poisson's, as a share of the expected count (months differ by more
    /// than chance: holidays, weather, campaigns).
    pub variation: f64,
    /// A rise must reach this many times the expected count …
    pub rise_ratio: f64,
    /// … and a fall go below this share of it.
    pub fall_ratio: f64,
    /// Counts below this (the observed for a rise, the expected for a fall) never alert.
    pub min_count: u32,
    /// Months of history needed before any expectation (fewer: no alert).
    pub min_months: usize,
}

impl Default for AlertSettings {
    fn default() -> Self {
        AlertSettings { z: 4.0, variation: 0.15, rise_ratio: 1.6, fall_ratio: 0.5, min_count: 10, min_months: 2 }
    }
}

/// How the expected count was found.
#[derive(Debug, Clone, Copy, Serialize, serde::Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Basis {
    /// The same month a year earlier, scaled by the recent level.
    LastYear { count: u32 },
    /// The median of the trailing months.
    Trailing { months: usize },
}

#[derive(Debug, Clone, Copy, Serialize, serde::Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Rise,
    Fall,
}

#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq)]
pub struct Alert {
    pub facet: Facet,
    pub dimension: String,
    pub value: String,
    pub label: String,
    pub month: MonthId,
    pub direction: Direction,
    pub observed: u32,
    pub expected: f64,
    /// The normal range: counts inside it raise no alert.
    pub low: f64,
    pub high: f64,
    pub basis: Basis,
    /// Standard deviations from the expected count (signed).
    pub score: f64,
    /// The month's tickets of the value (what the alert opens).
    #[serde(default)]
    pub selection: Selection,
}

impl Alert {
    /// How many times the expected count the observed is.
    pub fn ratio(&self) -> f64 {
        self.observed as f64 / self.expected.max(0.5)
    }
}

/// What a value's history leads one to expect in month `at` (an index of the series' months),
/// or None when there is too little history. Months with no data at all (`present` false: a
/// gap between files) are no history: they are skipped, never read as zero.
pub fn expected(counts: &[u32], present: &[bool], at: usize, settings: &AlertSettings) -> Option<(f64, Basis)> {
    let c = |i: usize| counts[i] as f64;
    let all = |months: &[usize]| months.iter().all(|&i| present[i]);
    if at >= 15 && all(&[at - 12, at - 1, at - 2, at - 3, at - 13, at - 14, at - 15]) {
        // The same month last year (a season's peak, 双十一 say, comes back), scaled by the
        // recent level against a year earlier (medians: one odd month moves neither).
        let year_ago = at - 12;
        let base = c(year_ago);
        let recent = median(&[c(at - 1), c(at - 2), c(at - 3)]);
        let then = median(&[c(year_ago - 1), c(year_ago - 2), c(year_ago - 3)]);
        let level = if then >= 5.0 && recent >= 5.0 { (recent / then).clamp(0.5, 2.0) } else { 1.0 };
        return Some((base * level, Basis::LastYear { count: counts[year_ago] }));
    }
    let trailing: Vec<f64> = (0..at).rev().filter(|&i| present[i]).take(6).map(c).collect();
    if trailing.len() < settings.min_months {
        return None;
    }
    Some((median(&trailing), Basis::Trailing { months: trailing.len() }))
}

fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(|a, b| a.total_cmp(b));
    let middle = sorted.len() / 2;
    match sorted.len() {
        0 => 0.0,
        n if n % 2 == 1 => sorted[middle],
        _ => (sorted[middle - 1] + sorted[middle]) / 2.0,
    }
}

/// The alert, if any, for one value's count in month `at`.
pub fn judge(
    dimension: &DimensionSeries,
    series: &ValueSeries,
    months: &[MonthId],
    present: &[bool],
    at: usize,
    settings: &AlertSettings,
) -> Option<Alert> {
    let (expected, basis) = expected(&series.counts, present, at, settings)?;
    let observed = series.counts[at];
    let spread = (expected + (settings.variation * expected).powi(2)).sqrt().max(1.0);
    let (low, high) = ((expected - settings.z * spread).max(0.0), expected + settings.z * spread);
    let o = observed as f64;
    let direction = if o > high && o >= settings.rise_ratio * expected && observed >= settings.min_count {
        Direction::Rise
    } else if o < low && o <= settings.fall_ratio * expected && expected >= settings.min_count as f64 {
        Direction::Fall
    } else {
        return None;
    };
    Some(Alert {
        facet: dimension.facet.clone(),
        dimension: dimension.label.clone(),
        value: series.value.clone(),
        label: series.label.clone(),
        month: months[at],
        direction,
        observed,
        expected,
        low,
        high,
        basis,
        score: (o - expected) / spread,
        selection: series.selection(&dimension.facet, months[at]),
    })
}

/// Every alert of month `at`, the most unusual first.
pub fn alerts(series: &Series, at: usize, settings: &AlertSettings) -> Vec<Alert> {
    let present = series.present();
    let present = &present;
    let alerts: Vec<Alert> = series
        .dimensions
        .iter()
        .flat_map(|d| d.values.iter().filter_map(move |v| judge(d, v, &series.months, present, at, settings)))
        .collect();
    // A category whose every ticket lies in one sub-category says the same as it: the
    // most specific level is kept.
    let level = |facet: &Facet| match facet {
        Facet::Category1 => 1,
        Facet::Category2 => 2,
        Facet::Category3 => 3,
        _ => 0,
    };
    let same = |a: &Alert, b: &Alert| a.observed == b.observed && a.expected == b.expected;
    let kept: Vec<bool> = alerts
        .iter()
        .map(|a| level(&a.facet) == 0 || !alerts.iter().any(|b| level(&b.facet) > level(&a.facet) && same(a, b)))
        .collect();
    let mut alerts: Vec<Alert> = alerts.into_iter().zip(kept).filter_map(|(a, keep)| keep.then_some(a)).collect();
    // Equal scores (two towns new this month with as many tickets, say) in the watched
    // dimensions' order, then by value: an order any engine can reproduce.
    let dimension = |a: &Alert| series.dimensions.iter().position(|d| d.facet == a.facet);
    alerts.sort_by(|a, b| {
        b.score.abs().total_cmp(&a.score.abs()).then(dimension(a).cmp(&dimension(b))).then(a.value.cmp(&b.value))
    });
    alerts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(counts: &[u32]) -> (DimensionSeries, Vec<MonthId>) {
        let mut month = MonthId { year: 2019, month: 1 };
        let months = counts
            .iter()
            .map(|_| {
                let this = month;
                month = month.next();
                this
            })
            .collect();
        let series = ValueSeries { value: "石城镇".into(), label: "石城镇".into(), counts: counts.to_vec() };
        (DimensionSeries { facet: Facet::Town, label: "镇街".into(), values: vec![series] }, months)
    }

    fn judged(counts: &[u32]) -> Option<Alert> {
        let (dimension, months) = value(counts);
        let present = vec![true; counts.len()];
        judge(&dimension, &dimension.values[0], &months, &present, counts.len() - 1, &AlertSettings::default())
    }

    #[test]
    fn a_tripled_month_rises_and_an_ordinary_one_does_not() {
        let alert = judged(&[100, 96, 104, 99, 101, 300]).expect("a spike");
        assert_eq!((alert.direction, alert.observed, alert.expected), (Direction::Rise, 300, 100.0));
        assert_eq!(alert.basis, Basis::Trailing { months: 5 });
        assert!(judged(&[100, 96, 104, 99, 101, 125]).is_none());
    }

    #[test]
    fn small_counts_never_alert_and_too_little_history_gives_no_expectation() {
        assert!(judged(&[1, 1, 1, 1, 3]).is_none(), "1 → 3 is no alert");
        assert!(judged(&[100, 300]).is_none(), "one month of history is too little");
        assert!(judged(&[100, 104, 300]).is_some(), "two are enough");
        let fall = judged(&[80, 84, 78, 82, 20]).expect("a fall");
        assert_eq!(fall.direction, Direction::Fall);
    }

    #[test]
    fn a_month_without_data_is_no_history() {
        let (dimension, months) = value(&[100, 0, 0, 104, 98, 300]);
        let present = [true, false, false, true, true, true];
        let alert = judge(&dimension, &dimension.values[0], &months, &present, 5, &AlertSettings::default());
        let alert = alert.expect("a spike against the months with data");
        assert_eq!((alert.expected, alert.basis), (100.0, Basis::Trailing { months: 3 }));
    }

    #[test]
    fn equal_scores_go_in_the_dimensions_order_then_by_value() {
        let (mut towns, months) = value(&[10, 10, 10, 40]);
        let same = |name: &str| ValueSeries { value: name.into(), label: name.into(), counts: vec![10, 10, 10, 40] };
        towns.values = vec![same("甲镇"), same("乙镇")];
        let units = DimensionSeries { facet: Facet::Unit, label: "承办单位".into(), values: vec![same("A局")] };
        let series = Series {
            months: months.clone(),
            dimensions: vec![units, towns],
            rates: Vec::new(),
            remembered: Vec::new(),
            held: months,
        };
        let order: Vec<String> = alerts(&series, 3, &AlertSettings::default()).into_iter().map(|a| a.value).collect();
        assert_eq!(order, ["A局", "乙镇", "甲镇"], "units come first here, and 乙 (U+4E59) sorts before 甲 (U+7532)");
    }

    #[test]
    fn a_seasonal_peak_seen_last_year_is_expected() {
        // Summer doubles the count every year; a year later the same doubling is no alert,
        // but tripling it is.
        let year: Vec<u32> = vec![100, 100, 100, 100, 100, 100, 200, 200, 100, 100, 100, 100];
        let mut counts = year.clone();
        counts.extend(&year[..6]);
        counts.push(200);
        assert!(judged(&counts).is_none(), "{:?}", judged(&counts));
        counts.pop();
        counts.push(600);
        let alert = judged(&counts).expect("tripled summer");
        assert_eq!(alert.basis, Basis::LastYear { count: 200 });
    }
}
