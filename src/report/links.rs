//! Numbers in the report's text that open their tickets. The wording helpers wrap each
//! number they print in invisible marks carrying its figure's selection; `Writer::paragraph`
//! takes the marks out again, leaving the paragraph's plain text and where each number sits
//! in it. Renderers that only print (text, Word) never see a mark.

use serde::{Deserialize, Serialize};

use crate::query::Selection;
use crate::stats::ratio::{Change, Count, Ratio, Share};

/// Private-use characters no export or setting holds: a mark is OPEN json MID shown CLOSE.
const OPEN: char = '\u{F8F0}';
const MID: char = '\u{F8F1}';
const CLOSE: char = '\u{F8F2}';

/// A number in a paragraph: characters `start..end` (Unicode scalar values, as
/// `Array.from(text)` counts them), the tickets behind it and, for a percentage or a change,
/// what it is taken of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    pub start: usize,
    pub end: usize,
    #[serde(flatten)]
    pub target: Target,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    /// How many tickets the selection holds.
    pub count: u64,
    pub selection: Selection,
    /// The denominator of a percentage (the previous month of a change), with its count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub of: Option<Base>,
    /// The number shown is not the count but derived from these tickets: a daily average
    /// of them, the leaders who answered them.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub derived: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Base {
    pub count: u64,
    pub selection: Selection,
}

/// `shown`, marked as opening `target`. The mark characters are escaped inside the JSON
/// (a name in the data may hold one), so only real marks delimit it.
pub fn mark(shown: &str, target: &Target) -> String {
    let json = serde_json::to_string(target)
        .unwrap_or_default()
        .replace(OPEN, "\\uf8f0")
        .replace(MID, "\\uf8f1")
        .replace(CLOSE, "\\uf8f2");
    format!("{OPEN}{json}{MID}{shown}{CLOSE}")
}

fn counted(count: u64, selection: &Selection) -> String {
    mark(&count.to_string(), &Target { count, selection: selection.clone(), of: None, derived: false })
}

/// A count, marked.
pub fn count(count: &Count) -> String {
    counted(count.count, &count.selection)
}

/// A share's count, marked.
pub fn share_count(share: &Share) -> String {
    counted(share.count, &share.selection)
}

/// A ratio's numerator, marked.
pub fn numerator(ratio: &Ratio) -> String {
    counted(ratio.num, &ratio.num_selection)
}

/// This month's count of a change, marked.
pub fn current(change: &Change) -> String {
    counted(change.current, &change.selection)
}

/// A number `shown` that is derived from the tickets of `from` (not their count), marked.
pub fn derived(shown: &str, from: &Count) -> String {
    mark(shown, &Target { count: from.count, selection: from.selection.clone(), of: None, derived: true })
}

/// A percentage `shown` of a ratio, marked as its numerator of its denominator.
pub fn percent_of(shown: &str, ratio: &Ratio) -> String {
    let of = Base { count: ratio.den, selection: ratio.den_selection.clone() };
    mark(shown, &Target { count: ratio.num, selection: ratio.num_selection.clone(), of: Some(of), derived: false })
}

/// A change's percentage `shown`, marked as this month's tickets of last month's.
pub fn change_of(shown: &str, change: &Change) -> String {
    let of = change.previous.map(|count| Base { count, selection: change.selection.previous_month() });
    mark(shown, &Target { count: change.current, selection: change.selection.clone(), of, derived: false })
}

/// The text without marks, and where each marked number sits in it.
pub fn unmark(marked: &str) -> (String, Vec<Link>) {
    if !marked.contains(OPEN) {
        return (marked.to_string(), Vec::new());
    }
    let mut text = String::with_capacity(marked.len());
    let mut links = Vec::new();
    let mut chars = 0;
    let mut rest = marked;
    while let Some(open) = rest.find(OPEN) {
        let before = &rest[..open];
        text.push_str(before);
        chars += before.chars().count();
        let after = &rest[open + OPEN.len_utf8()..];
        // A mark is OPEN json MID shown CLOSE, in that order; a mark character that starts
        // none (one in the data) is kept as written.
        let parts = after.find(MID).and_then(|mid| {
            let close = mid + after[mid..].find(CLOSE)?;
            let target = serde_json::from_str::<Target>(&after[..mid]).ok()?;
            Some((target, &after[mid + MID.len_utf8()..close], close))
        });
        let Some((target, shown, close)) = parts else {
            text.push(OPEN);
            chars += 1;
            rest = after;
            continue;
        };
        let len = shown.chars().count();
        links.push(Link { start: chars, end: chars + len, target });
        text.push_str(shown);
        chars += len;
        rest = &after[close + CLOSE.len_utf8()..];
    }
    text.push_str(rest);
    (text, links)
}

/// The text without marks (a heading or caption, which holds no links).
pub fn plain(marked: &str) -> String {
    unmark(marked).0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::Facet;

    #[test]
    fn marks_come_out_as_plain_text_and_places() {
        let selection = Selection::default().and(Facet::Region, "廉江市");
        let share = Share::of("廉江市", 72, selection.clone(), 159, Selection::default());
        let marked = format!("{}（{}宗，占{}）", share.name, share_count(&share), percent_of("45.28%", &share.ratio()));
        let (text, links) = unmark(&marked);
        assert_eq!(text, "廉江市（72宗，占45.28%）");
        assert_eq!(links.len(), 2);
        let chars: Vec<char> = text.chars().collect();
        let shown = |l: &Link| chars[l.start..l.end].iter().collect::<String>();
        assert_eq!(shown(&links[0]), "72");
        assert_eq!(shown(&links[1]), "45.28%");
        assert_eq!(links[0].target.selection, selection);
        assert_eq!(links[1].target.of.as_ref().map(|o| o.count), Some(159));
        assert_eq!(unmark("没有数字"), ("没有数字".to_string(), vec![]));
    }

    #[test]
    fn mark_characters_in_the_data_neither_crash_nor_lose_text() {
        let odd = format!("区{CLOSE}县{MID}名{OPEN}");
        let selection = Selection::default().and(Facet::Region, odd.as_str());
        let marked = format!(
            "abc{OPEN}def {}（{}宗）{odd}",
            odd,
            mark("7", &Target { count: 7, selection: selection.clone(), of: None, derived: false })
        );
        let (text, links) = unmark(&marked);
        assert_eq!(text, format!("abc{OPEN}def {odd}（7宗）{odd}"));
        assert_eq!(links.len(), 1);
        assert_eq!(links[0].target.selection, selection, "the name comes back whole");
        let chars: Vec<char> = text.chars().collect();
        assert_eq!(chars[links[0].start..links[0].end].iter().collect::<String>(), "7");
    }
}
