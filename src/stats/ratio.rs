//! Shares, rates and month-over-month changes, computed exactly in integers. Percentages
//! are kept in basis points (hundredths of a percent), rounded half up as the report does.

use serde::Serialize;

use crate::query::Selection;

/// A number of tickets, with the selection that holds exactly them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Count {
    pub count: u64,
    #[serde(default)]
    pub selection: Selection,
}

impl Count {
    pub fn of(count: u64, selection: Selection) -> Count {
        Count { count, selection }
    }
}

/// A count prints as its number.
impl std::fmt::Display for Count {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.count)
    }
}

/// `num / den` as a percentage. `bp` is None when the denominator is zero (the rate is
/// undefined and the report leaves it out rather than print 0 or NaN). Each side carries
/// the selection of its tickets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Ratio {
    pub num: u64,
    pub den: u64,
    pub bp: Option<u64>,
    #[serde(default)]
    pub num_selection: Selection,
    #[serde(default)]
    pub den_selection: Selection,
}

impl Ratio {
    pub fn of(num: u64, num_selection: Selection, den: u64, den_selection: Selection) -> Ratio {
        Ratio { num, den, bp: percent_bp(num, den), num_selection, den_selection }
    }

    /// A ratio without selections, for tests of the arithmetic; figures use `of`.
    #[cfg(test)]
    pub fn new(num: u64, den: u64) -> Ratio {
        Ratio::of(num, Selection::default(), den, Selection::default())
    }
}

/// A named count and its share of a stated parent, each with its selection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Share {
    pub name: String,
    pub count: u64,
    pub of: u64,
    pub bp: Option<u64>,
    #[serde(default)]
    pub selection: Selection,
    #[serde(default)]
    pub of_selection: Selection,
}

impl Share {
    pub fn of(name: impl Into<String>, count: u64, selection: Selection, of: u64, of_selection: Selection) -> Share {
        Share { name: name.into(), count, of, bp: percent_bp(count, of), selection, of_selection }
    }

    /// A share without selections, for tests of the arithmetic; figures use `of`.
    #[cfg(test)]
    pub fn new(name: impl Into<String>, count: u64, of: u64) -> Share {
        Share::of(name, count, Selection::default(), of, Selection::default())
    }

    /// The share as a ratio (what a rate of it prints).
    pub fn ratio(&self) -> Ratio {
        Ratio::of(self.count, self.selection.clone(), self.of, self.of_selection.clone())
    }
}

/// A count this month and, when the previous month is in the data, last month. The
/// selection is this month's; last month's is the same a month earlier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Change {
    pub current: u64,
    pub previous: Option<u64>,
    /// (current − previous) / previous in basis points; None without a usable previous.
    pub bp: Option<i64>,
    #[serde(default)]
    pub selection: Selection,
    /// The same month a year earlier, when the data holds it (its selection is this one a
    /// year earlier), and the change against it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year_ago: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year_ago_bp: Option<i64>,
}

/// (current − base) / base in basis points, rounded half away from zero; None for no base.
fn change_bp(current: u64, base: Option<u64>) -> Option<i64> {
    base.filter(|&p| p > 0).map(|p| {
        let diff = current as i128 - p as i128;
        let magnitude = (diff.unsigned_abs() * 20_000 + p as u128) / (2 * p as u128);
        (magnitude as i64) * diff.signum() as i64
    })
}

impl Change {
    pub fn of(current: u64, previous: Option<u64>, selection: Selection) -> Change {
        let bp = change_bp(current, previous);
        Change { current, previous, bp, selection, year_ago: None, year_ago_bp: None }
    }

    /// The change with the same month a year earlier (同比), when the data holds it.
    pub fn with_year_ago(self, year_ago: Option<u64>) -> Change {
        Change { year_ago_bp: change_bp(self.current, year_ago), year_ago, ..self }
    }

    /// A change without a selection, for tests of the arithmetic; figures use `of`.
    #[cfg(test)]
    pub fn new(current: u64, previous: Option<u64>) -> Change {
        Change::of(current, previous, Selection::default())
    }
}

/// Hundredths of a percent, rounded half up: 23/159 → 1447 (14.47%).
pub fn percent_bp(num: u64, den: u64) -> Option<u64> {
    if den == 0 {
        return None;
    }
    let (num, den) = (num as u128, den as u128);
    Some(((num * 20_000 + den) / (2 * den)) as u64)
}

/// `n / d` rounded half up to a whole number (the daily average).
pub fn divide_rounded(n: u64, d: u64) -> Option<u64> {
    (d > 0).then(|| (2 * n + d) / (2 * d))
}

/// Orders by count, largest first; ties keep `rank_of` order, then name.
pub fn rank(items: &mut [Share], rank_of: impl Fn(&str) -> usize) {
    items.sort_by(|a, b| b.count.cmp(&a.count).then(rank_of(&a.name).cmp(&rank_of(&b.name))).then(a.name.cmp(&b.name)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_round_half_up_to_two_decimals() {
        assert_eq!(percent_bp(23, 159), Some(1447)); // the reference truncated this to 14.46
        assert_eq!(percent_bp(60, 304), Some(1974));
        assert_eq!(percent_bp(5875, 7939), Some(7400));
        assert_eq!(percent_bp(1, 8), Some(1250)); // 12.5 exactly
        assert_eq!(percent_bp(1, 20_000), Some(1)); // 0.005% → 0.01 half up
        assert_eq!(percent_bp(1, 80_000), Some(0));
        assert_eq!(percent_bp(3, 0), None);
    }

    #[test]
    fn month_over_month_is_signed_and_rounded_half_away_from_zero() {
        assert_eq!(Change::new(2843, Some(2985)).bp, Some(-476));
        assert_eq!(Change::new(261, Some(130)).bp, Some(10077));
        assert_eq!(Change::new(63470, Some(62123)).bp, Some(217));
        assert_eq!(Change::new(5, Some(5)).bp, Some(0));
        assert_eq!(Change::new(5, Some(0)).bp, None);
        assert_eq!(Change::new(5, None).bp, None);
    }

    #[test]
    fn daily_average_rounds() {
        assert_eq!(divide_rounded(60311, 31), Some(1946));
        assert_eq!(divide_rounded(3, 2), Some(2));
        assert_eq!(divide_rounded(1, 0), None);
    }

    #[test]
    fn ties_keep_the_given_order() {
        let mut items = vec![Share::new("乙", 5, 10), Share::new("甲", 5, 10), Share::new("丙", 7, 10)];
        rank(&mut items, |name| ["甲", "乙", "丙"].iter().position(|n| *n == name).unwrap());
        let names: Vec<&str> = items.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["丙", "甲", "乙"]);
    }
}
