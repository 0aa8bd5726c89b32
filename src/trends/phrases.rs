//! Emerging problems without a keyword list: runs of 2–4 Chinese characters that many of this
//! month's tickets hold and few of the earlier months' did. Common hotline wording (stop
//! phrases) and the settings' own topic keywords are left out; fragments that come from the
//! same tickets are one problem, their overlapping pieces joined back into the phrase
//! (共享电单 + 享电单车 → 共享电单车).

use std::collections::HashMap;

use aho_corasick::AhoCorasick;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::period::MonthId;
use crate::query::{Facet, Query, Selection, YES};
use crate::stats::ratio::Count;
use crate::table::TicketTable;

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct PhraseSettings {
    /// A phrase must be in at least this many of the month's tickets …
    pub min_tickets: u32,
    /// … and in this many times the share of tickets it had before.
    pub min_ratio: f64,
    /// How many problems to list.
    pub shown: usize,
}

impl Default for PhraseSettings {
    fn default() -> Self {
        PhraseSettings { min_tickets: 15, min_ratio: 8.0, shown: 5 }
    }
}

/// Wording every month holds, whatever the problem: never a new one.
const STOP: &[&str] = &[
    "反映", "市民", "来电", "来人", "咨询", "请问", "投诉", "举报", "希望", "要求", "相关", "部门", "有关", "处理",
    "解决", "问题", "情况", "请求", "尽快", "协调", "核实", "查处", "谢谢", "你好", "我们", "我的", "他们", "一个",
    "没有", "已经", "目前", "现在", "多次", "严重", "影响", "进行", "可以", "需要", "什么", "怎么", "如何", "是否",
    "一下", "予以", "以上", "工作", "人员", "单位", "地址", "附近", "位于", "所在", "居民", "群众",
];

/// The months before this one an emerging phrase is compared with.
pub const BASELINE_MONTHS: usize = 12;

/// One emerging problem.
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq)]
pub struct Emerging {
    /// The phrase, joined from its fragments.
    pub phrase: String,
    /// This month's tickets holding it (what the explorer opens), and the earlier months'
    /// (and per 10,000 tickets of each).
    pub tickets: Count,
    pub earlier: u32,
    pub per_10k: f64,
    pub per_10k_earlier: f64,
    /// How many months before this one the earlier figures cover.
    pub earlier_months: usize,
    /// Where its tickets concentrate: the town and unit with most of them, and how many.
    pub town: Option<(String, u32)>,
    pub unit: Option<(String, u32)>,
}

/// The emerging problems of `month` in the data a query reads: against the earlier months'
/// valid tickets, the settings' topic keywords left out. The baseline is the year before the month (at most `BASELINE_MONTHS`): what was common
/// then is no new problem, and older months would only cost time (every earlier ticket's
/// text is searched for the candidates).
pub fn emerging_in(query: &Query, month: MonthId, settings: &PhraseSettings) -> Result<Vec<Emerging>, String> {
    let view = query.view();
    let months = view.months();
    let mut before: Vec<String> = months.iter().filter(|(m, _)| *m < month).map(|(m, _)| m.to_string()).collect();
    before.drain(..before.len().saturating_sub(BASELINE_MONTHS));
    if before.is_empty() {
        return Ok(Vec::new());
    }
    let baseline = before.len();
    // The month's, last month's and the baseline's valid tickets, in one pass.
    let (months_keyed, valid_keyed) = (query.keyed(&Facet::Month)?, query.keyed(&Facet::Valid)?);
    let key = |m: &str| months_keyed.values.iter().position(|v| v == m).map(|k| k as u32);
    let (this_key, last_key) = (key(&month.to_string()), key(&month.previous().to_string()));
    let mut in_baseline = vec![false; months_keyed.values.len()];
    for m in &before {
        if let Some(k) = key(m) {
            in_baseline[k as usize] = true;
        }
    }
    let yes = valid_keyed.values.iter().position(|v| v == YES).map(|k| k as u32);
    let (mut now, mut last, mut earlier) = (Vec::new(), Vec::new(), Vec::new());
    for row in 0..query.rows_in_table() {
        if Some(valid_keyed.keys.of(row)) != yes {
            continue;
        }
        let k = months_keyed.keys.of(row);
        if Some(k) == this_key {
            now.push(row);
        } else if in_baseline[k as usize] {
            earlier.push(row);
            if Some(k) == last_key {
                last.push(row);
            }
        }
    }
    let keywords: Vec<String> = crate::sections::topics(&view.settings.sections)
        .into_iter()
        .flat_map(|(_, topic)| {
            let mut words = topic.keywords.clone();
            words.extend(topic.subtopics.iter().flat_map(|s| s.keywords.iter().cloned()));
            words
        })
        .collect();
    let mut found = emerging(view.table, month, &now, Some(&last), &earlier, &keywords, settings);
    for problem in &mut found {
        problem.earlier_months = baseline;
    }
    Ok(found)
}

fn unpack(mut key: u64) -> String {
    let mut chars = Vec::new();
    while key != 0 {
        chars.push(char::from_u32((key & 0xFFFF) as u32).unwrap_or('?'));
        key >>= 16;
    }
    chars.iter().rev().collect()
}

fn is_han(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

/// Each run of 2–4 Chinese characters of `text`, in the order met, as one number: its
/// characters 16 bits each (never 0, so runs of different lengths never meet); `chars` is
/// scratch room.
fn each_run(text: &str, chars: &mut Vec<char>, mut found: impl FnMut(u64)) {
    chars.clear();
    chars.extend(text.chars());
    for start in 0..chars.len() {
        let mut key = 0u64;
        for (len, &c) in chars[start..].iter().take(4).enumerate() {
            if !is_han(c) {
                break;
            }
            key = key << 16 | c as u64;
            if len >= 1 {
                found(key);
            }
        }
    }
}

/// How many of `texts` hold each run of 2–4 Chinese characters (a text counts once per
/// run: the map keeps the last text that counted it, so no text's runs need sorting).
fn tickets_per_run<'t>(texts: impl Iterator<Item = &'t str>) -> FxHashMap<u64, u32> {
    let mut counts: FxHashMap<u64, (u32, u32)> = FxHashMap::default();
    let mut chars = Vec::new();
    for (i, text) in texts.enumerate() {
        let i = i as u32;
        each_run(text, &mut chars, |key| {
            let entry = counts.entry(key).or_insert((0, u32::MAX));
            if entry.1 != i {
                *entry = (entry.0 + 1, i);
            }
        });
    }
    counts.into_iter().map(|(key, (n, _))| (key, n)).collect()
}

/// This month's emerging problems: `month_rows` are its valid tickets, `earlier_rows` those of
/// the months before (`last_month_rows` those of the month just before, when held);
/// `excluded` the settings' topic keywords.
pub fn emerging(
    table: &TicketTable,
    month: MonthId,
    month_rows: &[u32],
    last_month_rows: Option<&[u32]>,
    earlier_rows: &[u32],
    excluded: &[String],
    settings: &PhraseSettings,
) -> Vec<Emerging> {
    if month_rows.is_empty() || earlier_rows.is_empty() {
        return Vec::new();
    }
    let stop: Vec<String> = STOP.iter().map(|s| s.to_string()).chain(excluded.iter().cloned()).collect();
    let stopped = |phrase: &str| stop.iter().any(|s| phrase.contains(s.as_str()) || s.contains(phrase));
    // 1. Runs many of this month's tickets hold.
    let counts = tickets_per_run(month_rows.iter().map(|&row| table.content.get(row as usize)));
    let mut candidates: Vec<(u64, String, u32)> = counts
        .into_iter()
        .filter(|&(_, n)| n >= settings.min_tickets)
        .map(|(key, n)| (key, unpack(key), n))
        .filter(|(_, phrase, _)| !stopped(phrase))
        .collect();
    if candidates.is_empty() {
        return Vec::new();
    }
    candidates.sort_by(|a, b| a.1.cmp(&b.1));
    let n = month_rows.len() as f64;
    let rises = |count: u32, before: u32, rows: usize| {
        count as f64 / n >= settings.min_ratio * (before as f64 + 1.0) / rows.max(1) as f64
    };
    // 2. A phrase as common last month is not new: the last month's tickets (a month's worth
    //    of text) leave the few that rose, and only those are sought in every earlier month.
    if let Some(last) = last_month_rows.filter(|rows| !rows.is_empty()) {
        let before = tickets_holding(table, &candidates, last);
        candidates =
            candidates.into_iter().zip(before).filter(|(c, b)| rises(c.2, *b, last.len())).map(|(c, _)| c).collect();
    }
    if candidates.is_empty() {
        return Vec::new();
    }
    let earlier = tickets_holding(table, &candidates, earlier_rows);
    // 3. Rising: a share of this month's tickets many times the earlier share.
    let m = earlier_rows.len() as f64;
    let mut rising: Vec<(usize, f64)> = candidates
        .iter()
        .enumerate()
        .filter_map(|(at, (_, _, count))| {
            let ratio = (*count as f64 / n) / ((earlier[at] as f64 + 1.0) / m);
            (ratio >= settings.min_ratio).then(|| (at, *count as f64 * ratio.ln()))
        })
        .collect();
    rising.sort_by(|a, b| b.1.total_cmp(&a.1));
    // Enough to fill the list with problems and gather their fragments.
    rising.truncate(12 * settings.shown.max(1));
    // 4. Fragments from the same tickets are one problem.
    let holding = |phrase: &str| -> Vec<u32> {
        let finder = memchr::memmem::Finder::new(phrase);
        month_rows
            .iter()
            .copied()
            .filter(|&r| finder.find(table.content.get(r as usize).as_bytes()).is_some())
            .collect()
    };
    let mut groups: Vec<(Vec<String>, Vec<u32>, usize)> = Vec::new();
    for (at, _) in rising {
        let phrase = &candidates[at].1;
        let rows = holding(phrase);
        match groups.iter_mut().find(|(_, held, _)| overlap(held, &rows) >= 0.6) {
            Some(group) => group.0.push(phrase.clone()),
            None => {
                if groups.len() < settings.shown {
                    groups.push((vec![phrase.clone()], rows, at));
                }
            }
        }
    }
    groups
        .into_iter()
        .map(|(fragments, rows, at)| {
            let phrase = joined(&fragments);
            let most = |column: &crate::table::SymbolColumn| {
                let mut by: HashMap<u32, u32> = HashMap::new();
                for &r in &rows {
                    *by.entry(column.codes[r as usize]).or_default() += 1;
                }
                by.into_iter()
                    .filter(|(code, _)| !column.symbols.name(*code).is_empty())
                    .max_by_key(|&(code, count)| (count, std::cmp::Reverse(code)))
                    .map(|(code, count)| (column.symbols.name(code).to_string(), count))
            };
            let selection =
                Selection { words: vec![candidates[at].1.clone()], ..Selection::month(month).and(Facet::Valid, YES) };
            Emerging {
                tickets: Count { count: rows.len() as u64, selection },
                earlier: earlier[at],
                per_10k: rows.len() as f64 / n * 10_000.0,
                per_10k_earlier: earlier[at] as f64 / m * 10_000.0,
                earlier_months: 0,
                town: most(&table.town),
                unit: most(&table.unit),
                phrase,
            }
        })
        .collect()
}

/// How many of `rows`' tickets hold each candidate phrase (one pass over their texts).
fn tickets_holding(table: &TicketTable, candidates: &[(u64, String, u32)], rows: &[u32]) -> Vec<u32> {
    let patterns: Vec<&str> = candidates.iter().map(|c| c.1.as_str()).collect();
    let Ok(finder) = AhoCorasick::new(&patterns) else { return vec![0; candidates.len()] };
    let mut holding = vec![0u32; candidates.len()];
    let mut last_row = vec![u32::MAX; candidates.len()];
    for &row in rows {
        for found in finder.find_overlapping_iter(table.content.get(row as usize)) {
            let at = found.pattern().as_usize();
            if last_row[at] != row {
                last_row[at] = row;
                holding[at] += 1;
            }
        }
    }
    holding
}

/// The share of the smaller set of rows the other holds (both ascending).
fn overlap(a: &[u32], b: &[u32]) -> f64 {
    let (mut i, mut j, mut both) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                both += 1;
                i += 1;
                j += 1;
            }
        }
    }
    both as f64 / a.len().min(b.len()).max(1) as f64
}

/// Fragments joined where one ends as another begins (共享电单 + 享电单车 → 共享电单车);
/// fragments inside another dropped; the three longest pieces that stay apart are listed
/// with “、”, longest first.
fn joined(fragments: &[String]) -> String {
    let mut pieces: Vec<String> = Vec::new();
    for fragment in fragments {
        if pieces.iter().any(|p| p.contains(fragment.as_str())) {
            continue;
        }
        pieces.retain(|p| !fragment.contains(p.as_str()));
        pieces.push(fragment.clone());
        // Join any two pieces that overlap at their ends, until none do.
        loop {
            let mut merged = None;
            'pairs: for a in 0..pieces.len() {
                for b in 0..pieces.len() {
                    if a == b {
                        continue;
                    }
                    let (x, y): (Vec<char>, Vec<char>) = (pieces[a].chars().collect(), pieces[b].chars().collect());
                    for k in (2..x.len().min(y.len())).rev() {
                        if x[x.len() - k..] == y[..k] {
                            merged = Some((a, b, x.iter().chain(&y[k..]).collect::<String>()));
                            break 'pairs;
                        }
                    }
                }
            }
            let Some((a, b, long)) = merged else { break };
            let (first, second) = (a.max(b), a.min(b));
            pieces.remove(first);
            pieces.remove(second);
            pieces.push(long);
        }
    }
    pieces.sort_by_key(|p| std::cmp::Reverse(p.chars().count()));
    pieces.truncate(3);
    pieces.join("、")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragments_of_one_phrase_join_back_into_it() {
        let fragments = ["共享电单", "享电单车", "电单车", "乱停乱放"].map(String::from);
        assert_eq!(joined(&fragments), "共享电单车、乱停乱放");
        let many = ["一二三", "四五六七", "八九", "十百千万亿"].map(String::from);
        assert_eq!(joined(&many), "十百千万亿、四五六七、一二三", "the three longest");
    }

    #[test]
    fn runs_are_chinese_only_and_counted_once_per_text() {
        let counts = tickets_per_run(["电单车A电单车", "共享电单车"].into_iter());
        let mut runs: Vec<(String, u32)> = counts.into_iter().map(|(k, n)| (unpack(k), n)).collect();
        runs.sort();
        let expected = [
            ("享电", 1),
            ("享电单", 1),
            ("享电单车", 1),
            ("共享", 1),
            ("共享电", 1),
            ("共享电单", 1),
            ("单车", 2),
            ("电单", 2),
            ("电单车", 2),
        ];
        assert_eq!(runs, expected.map(|(s, n)| (s.to_string(), n)));
    }
}
