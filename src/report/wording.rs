//! The official sentence patterns' small parts: percentages, changes, dates, lists.

use chrono::{Datelike, NaiveDate};

use crate::period::MonthId;
use crate::stats::ratio::{Change, Ratio, Share};

/// Basis points as the report prints them: `74.00%`; a full `100%` without decimals.
pub fn percent(bp: u64) -> String {
    if bp == 10_000 {
        "100%".to_string()
    } else {
        format!("{}.{:02}%", bp / 100, bp % 100)
    }
}

/// The ratio as a percentage, or None when it is undefined (nothing to divide by).
pub fn rate(ratio: &Ratio) -> Option<String> {
    ratio.bp.map(percent)
}

pub fn share(share: &Share) -> String {
    share.bp.map(percent).unwrap_or_default()
}

/// 比上月增长2.28% / 比上月减少4.76% / 与上月持平; None without a previous month.
pub fn change(change: &Change) -> Option<String> {
    let bp = change.bp?;
    Some(match bp {
        0 => "与上月持平".to_string(),
        b if b > 0 => format!("比上月增长{}", percent(b as u64)),
        b => format!("比上月减少{}", percent(b.unsigned_abs())),
    })
}

/// 1月份
pub fn month(month: MonthId) -> String {
    format!("{}月份", month.month)
}

/// 2021年1月份
pub fn year_month(month: MonthId) -> String {
    format!("{}年{}月份", month.year, month.month)
}

/// 2020年12月21日
pub fn date(date: NaiveDate) -> String {
    format!("{}年{}月{}日", date.year(), date.month(), date.day())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_print_two_decimals_except_a_full_hundred() {
        assert_eq!(percent(7400), "74.00%");
        assert_eq!(percent(11), "0.11%");
        assert_eq!(percent(10_000), "100%");
        assert_eq!(percent(10_077), "100.77%");
    }

    #[test]
    fn changes_read_as_the_report_writes_them() {
        assert_eq!(change(&Change::new(60311, Some(58967))).unwrap(), "比上月增长2.28%");
        assert_eq!(change(&Change::new(2843, Some(2985))).unwrap(), "比上月减少4.76%");
        assert_eq!(change(&Change::new(5, Some(5))).unwrap(), "与上月持平");
        assert_eq!(change(&Change::new(5, None)), None);
    }
}
