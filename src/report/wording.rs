//! The official sentence patterns' small parts: percentages, changes, dates, lists.

use chrono::{Datelike, NaiveDate};

use super::links;
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

/// A count or percentage the data cannot give, in a table cell (a sentence leaves it out).
pub const ABSENT: &str = "—";

/// The ratio as a percentage (linked to its tickets), or None when it is undefined
/// (nothing to divide by).
pub fn rate(ratio: &Ratio) -> Option<String> {
    ratio.bp.map(|bp| links::percent_of(&percent(bp), ratio))
}

/// The share as a percentage, linked to its tickets.
pub fn share(share: &Share) -> String {
    share.bp.map(|bp| links::percent_of(&percent(bp), &share.ratio())).unwrap_or_default()
}

/// 比上月增长2.28% / 比上月减少4.76% / 与上月持平 (the percentage linked to this month's
/// tickets of last month's), then 比去年同期… when the data holds the month a year earlier;
/// None with neither.
pub fn change(change: &Change) -> Option<String> {
    let against = |bp: i64, when: &str| match bp {
        0 => format!("与{when}持平"),
        b if b > 0 => format!("比{when}增长{}", links::change_of(&percent(b as u64), change)),
        b => format!("比{when}减少{}", links::change_of(&percent(b.unsigned_abs()), change)),
    };
    let parts: Vec<String> =
        [change.bp.map(|bp| against(bp, "上月")), change.year_ago_bp.map(|bp| against(bp, "去年同期"))]
            .into_iter()
            .flatten()
            .collect();
    (!parts.is_empty()).then(|| parts.join("，"))
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

/// 一 … 九十九, as in 排名前五位, section numbers and 三十天 (larger numbers stay in digits).
pub fn numeral(n: usize) -> String {
    const DIGITS: [&str; 11] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
    match n {
        0..=10 => DIGITS[n].to_string(),
        11..=19 => format!("十{}", DIGITS[n - 10]),
        20..=99 if n.is_multiple_of(10) => format!("{}十", DIGITS[n / 10]),
        20..=99 => format!("{}十{}", DIGITS[n / 10], DIGITS[n % 10]),
        _ => n.to_string(),
    }
}

/// 人力资源（39243宗，占82.42%）
pub fn counted(item: &Share) -> String {
    format!("{}（{}宗，占{}）", item.name, links::share_count(item), share(item))
}

/// 廉江市1359宗，占49.63%
pub fn counted_inline(item: &Share) -> String {
    format!("{}{}宗，占{}", item.name, links::share_count(item), share(item))
}

/// Fills `{topic}` and `{total}` (as printed, linked) in a recommendation template.
pub fn fill_template(template: &str, topic: &str, total: &str) -> String {
    template.replace("{topic}", topic).replace("{total}", total)
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
    fn numerals_for_rankings_and_sections() {
        assert_eq!(numeral(3), "三");
        assert_eq!(numeral(10), "十");
        assert_eq!(numeral(12), "十二");
    }

    #[test]
    fn counted_items_in_both_patterns() {
        let item = Share::new("人力资源", 39243, 47614);
        assert_eq!(links::plain(&counted(&item)), "人力资源（39243宗，占82.42%）");
        assert_eq!(links::plain(&counted_inline(&item)), "人力资源39243宗，占82.42%");
    }

    #[test]
    fn changes_read_as_the_report_writes_them() {
        let plain = |c: Change| links::plain(&change(&c).unwrap());
        assert_eq!(plain(Change::new(60311, Some(58967))), "比上月增长2.28%");
        assert_eq!(plain(Change::new(2843, Some(2985))), "比上月减少4.76%");
        assert_eq!(plain(Change::new(5, Some(5))), "与上月持平");
        assert_eq!(change(&Change::new(5, None)), None);
        // 同比 beside 环比, when the month a year earlier is in the data.
        let both = Change::new(60311, Some(58967)).with_year_ago(Some(50000));
        assert_eq!(links::plain(&change(&both).unwrap()), "比上月增长2.28%，比去年同期增长20.62%");
        let year_only = Change::new(45, None).with_year_ago(Some(50));
        assert_eq!(links::plain(&change(&year_only).unwrap()), "比去年同期减少10.00%");
    }
}
