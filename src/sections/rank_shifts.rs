//! How a section's leading items moved since last month: each one's rank last month, and
//! the sentence that sums them up (前五类问题四增一减；文教卫体升至第二位（上月第三位）).
//! Written only when the letter compares over time (`MIN_MONTHS`, counting the months this
//! machine remembers), so a one- or two-month letter prints what it always printed.

use serde::Serialize;

use crate::report::wording::numeral;
use crate::stats::ratio::{Change, Share};
use crate::stats::View;
use crate::table::SymbolColumn;

/// Months (this one included) the letter needs before it says how ranks moved: as many as
/// the early warning needs by default, so the golden two-month letter is unchanged.
pub const MIN_MONTHS: usize = 3;

/// The leading items' changes since last month and their ranks then, when the letter
/// compares over time and the data holds last month.
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq)]
pub struct Moves {
    pub changes: Vec<Change>,
    pub ranks: Vec<Ranked>,
}

impl Moves {
    /// `top`: this month's leading items of `column`; `counts`: last month's tickets of the
    /// same scope per code of `column` (`View::counts`).
    pub fn of(view: &View, top: &[Share], column: &SymbolColumn, counts: &[u64]) -> Option<Moves> {
        if view.previous.is_none() || view.months_compared().len() < MIN_MONTHS {
            return None;
        }
        let previous: Vec<(&str, u64)> =
            counts.iter().enumerate().map(|(code, &n)| (column.symbols.name(code as u32), n)).collect();
        let changes = top
            .iter()
            .map(|s| {
                let then = previous.iter().find(|(n, _)| *n == s.name).map_or(0, |(_, c)| *c);
                Change::of(s.count, Some(then), s.selection.clone())
            })
            .collect();
        Some(Moves { changes, ranks: ranked(top.iter().map(|s| s.name.as_str()), &previous) })
    }

    /// The sentence (`sentence`).
    pub fn sentence(&self, what: &str) -> Option<String> {
        sentence(what, &self.changes.iter().collect::<Vec<_>>(), &self.ranks)
    }
}

/// One leading item this month with its rank last month.
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq)]
pub struct Ranked {
    pub name: String,
    /// 1-based: 1 is first.
    pub rank: usize,
    /// Among last month's items (competition ranking: ties share a rank); None when it had
    /// no tickets then.
    pub previous_rank: Option<usize>,
}

/// The ranks last month of `names` (this month's leading items, in order), from every
/// item's count last month.
pub fn ranked<'a>(names: impl IntoIterator<Item = &'a str>, previous: &[(&str, u64)]) -> Vec<Ranked> {
    names
        .into_iter()
        .enumerate()
        .map(|(i, name)| {
            let count = previous.iter().find(|(n, _)| *n == name).map_or(0, |(_, c)| *c);
            let previous_rank = (count > 0).then(|| 1 + previous.iter().filter(|(_, c)| *c > count).count());
            Ranked { name: name.to_string(), rank: i + 1, previous_rank }
        })
        .collect()
}

/// 前五类问题四增一减；文教卫体升至第二位（上月第三位），城市建设降至第三位（上月第二位）
/// — or None without last month's counts. `what` names the items (问题, 热点).
pub fn sentence(what: &str, changes: &[&Change], ranks: &[Ranked]) -> Option<String> {
    let previous: Vec<(u64, u64)> = changes.iter().map(|c| Some((c.current, c.previous?))).collect::<Option<_>>()?;
    if previous.is_empty() {
        return None;
    }
    let up = previous.iter().filter(|(now, then)| now > then).count();
    let down = previous.iter().filter(|(now, then)| now < then).count();
    let flat = previous.len() - up - down;
    let mut directions = String::new();
    for (n, word) in [(up, "增"), (down, "减"), (flat, "平")] {
        if n > 0 {
            directions.push_str(&format!("{}{word}", numeral(n)));
        }
    }
    let leading = if previous.len() == 2 { "两".to_string() } else { numeral(previous.len()) };
    let mut text = format!("与上月相比，前{leading}类{what}{directions}");
    let moves: Vec<String> = ranks
        .iter()
        .filter_map(|r| {
            let place = format!("第{}位", numeral(r.rank));
            Some(match r.previous_rank {
                None => format!("{}新进前{}位（上月没有）", r.name, numeral(ranks.len())),
                Some(p) if p > r.rank => format!("{}升至{place}（上月第{}位）", r.name, numeral(p)),
                Some(p) if p < r.rank => format!("{}降至{place}（上月第{}位）", r.name, numeral(p)),
                Some(_) => return None,
            })
        })
        .collect();
    if moves.is_empty() {
        text.push_str("，排名与上月相同");
    } else {
        text.push('；');
        text.push_str(&moves.join("，"));
    }
    text.push('。');
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::Selection;

    fn change(current: u64, previous: u64) -> Change {
        Change::of(current, Some(previous), Selection::default())
    }

    #[test]
    fn the_leaders_moves_and_directions_are_summed_up() {
        let previous = [("人力资源", 40_000), ("城市建设", 2_000), ("文教卫体", 1_900), ("房产管理", 1_100)];
        let ranks = ranked(["人力资源", "文教卫体", "城市建设", "治安消防"], &previous);
        assert_eq!(ranks.iter().map(|r| r.previous_rank).collect::<Vec<_>>(), [Some(1), Some(3), Some(2), None]);
        let changes = [change(39_243, 40_000), change(2_223, 1_900), change(1_591, 2_000), change(329, 0)];
        let refs: Vec<&Change> = changes.iter().collect();
        assert_eq!(
            sentence("问题", &refs, &ranks).unwrap(),
            "与上月相比，前四类问题二增二减；文教卫体升至第二位（上月第三位），城市建设降至第三位（上月第二位），治安消防新进前四位（上月没有）。"
        );
    }

    #[test]
    fn without_last_month_nothing_is_said_and_an_unchanged_order_is_said_so() {
        let without = Change::of(5, None, Selection::default());
        assert_eq!(sentence("问题", &[&without], &ranked(["甲"], &[])), None);
        let same = [change(5, 5), change(3, 2)];
        let refs: Vec<&Change> = same.iter().collect();
        let ranks = ranked(["甲", "乙"], &[("甲", 5), ("乙", 2)]);
        assert_eq!(sentence("问题", &refs, &ranks).unwrap(), "与上月相比，前两类问题一增一平，排名与上月相同。");
    }
}
