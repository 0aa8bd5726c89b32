//! Keyword topics (新冠肺炎疫情, 涉嫌非法开采, 烟类相关商品 …): a ticket is in a topic when
//! its content holds any of the topic's keywords; sub-topics are tried in order and the
//! first match wins, so sub-topic counts partition the topic.

use aho_corasick::AhoCorasick;
use memchr::memmem::Finder;
use serde::Serialize;

use super::packed_keywords::PackedKeywords;
use super::ratio::{rank, Ratio, Share};
use super::View;
use crate::settings::Topic;

pub struct TopicMatcher {
    topic: Keywords,
    subtopics: Vec<Keywords>,
}

/// Up to this many keywords are searched for one by one (memchr's SIMD substring search);
/// more go into one Aho-Corasick automaton. A topic's keywords are a few Chinese words:
/// with the default eight, searching for each took a fifth less of the statistics' time
/// in wasm than the automaton, which walks every byte once whatever the number of
/// keywords (natively its one pass cost about as much as fifteen searches).
const ONE_BY_ONE_MAX: usize = 10;

/// The packed search's one pass beats a substring search per keyword in wasm (the
/// statistics of the two-month file 20 -> 15 ms); natively, with AVX2 substring searches and
/// no byte shuffle in baseline x86-64, it took twice the instructions.
const PACKED_PAYS: bool = cfg!(all(target_arch = "wasm32", target_feature = "simd128"));

/// A set of keywords to find in a text.
enum Keywords {
    /// Up to eight keywords of two bytes or more, in one pass.
    Packed(PackedKeywords),
    OneByOne(Vec<Finder<'static>>),
    Automaton(AhoCorasick),
}

impl Keywords {
    fn new(keywords: &[String]) -> Keywords {
        let keywords: Vec<&str> = keywords.iter().map(|k| k.trim()).filter(|k| !k.is_empty()).collect();
        if let Some(packed) = PACKED_PAYS.then(|| PackedKeywords::new(&keywords)).flatten() {
            Keywords::Packed(packed)
        } else if keywords.len() <= ONE_BY_ONE_MAX {
            Keywords::OneByOne(keywords.iter().map(|k| Finder::new(k).into_owned()).collect())
        } else {
            Keywords::Automaton(AhoCorasick::new(keywords).expect("keyword automaton builds"))
        }
    }

    fn is_match(&self, text: &str) -> bool {
        match self {
            Keywords::Packed(packed) => packed.is_match(text),
            Keywords::OneByOne(finders) => finders.iter().any(|f| f.find(text.as_bytes()).is_some()),
            Keywords::Automaton(automaton) => automaton.is_match(text),
        }
    }
}

impl TopicMatcher {
    pub fn new(topic: &Topic) -> TopicMatcher {
        TopicMatcher {
            topic: Keywords::new(&topic.keywords),
            subtopics: topic.subtopics.iter().map(|s| Keywords::new(&s.keywords)).collect(),
        }
    }

    /// None when the text is outside the topic; otherwise the index of its sub-topic,
    /// where `subtopics.len()` means "other".
    pub fn classify(&self, text: &str) -> Option<usize> {
        if !self.topic.is_match(text) {
            return None;
        }
        Some(self.subtopics.iter().position(|s| s.is_match(text)).unwrap_or(self.subtopics.len()))
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct TopicFigures {
    pub name: String,
    pub total: u64,
    /// The topic's share of the set it was searched in (or of a stated parent).
    pub share: Ratio,
    /// Every sub-topic with tickets, ranked, as shares of the topic ("other" included).
    pub subtopics: Vec<Share>,
}

/// The topic over `scope`, its share of `parent`, and the rows of each sub-topic (by the
/// settings' order, "other" last).
pub fn find(view: &View, topic: &Topic, scope: &[u32], parent: u64) -> (TopicFigures, Vec<Vec<u32>>) {
    let matcher = TopicMatcher::new(topic);
    let mut rows: Vec<Vec<u32>> = vec![Vec::new(); topic.subtopics.len() + 1];
    for &row in scope {
        if let Some(sub) = matcher.classify(view.table.content.get(row as usize)) {
            rows[sub].push(row);
        }
    }
    let total: u64 = rows.iter().map(|r| r.len() as u64).sum();
    let names = topic.subtopics.iter().map(|s| s.name.as_str()).chain(std::iter::once(topic.other.as_str()));
    let mut subtopics: Vec<Share> = names
        .zip(&rows)
        .filter(|(_, r)| !r.is_empty())
        .map(|(name, r)| Share::new(name, r.len() as u64, total))
        .collect();
    let order: Vec<&str> = topic.subtopics.iter().map(|s| s.name.as_str()).collect();
    rank(&mut subtopics, |name| order.iter().position(|n| *n == name).unwrap_or(order.len()));
    (TopicFigures { name: topic.name.clone(), total, share: Ratio::new(total, parent), subtopics }, rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::SubTopic;
    use crate::stats::packed_keywords::MAX_KEYWORDS;

    fn covid() -> Topic {
        Topic {
            name: "疫情".into(),
            description: String::new(),
            keywords: vec!["疫情".into(), "返湛".into(), "疫苗".into()],
            subtopics: vec![
                SubTopic { name: "返湛".into(), keywords: vec!["返湛".into()] },
                SubTopic { name: "疫苗".into(), keywords: vec!["疫苗".into()] },
            ],
            other: "其他".into(),
        }
    }

    #[test]
    fn first_matching_subtopic_wins_and_the_rest_is_other() {
        let matcher = TopicMatcher::new(&covid());
        assert_eq!(matcher.classify("春节返湛需要打疫苗吗"), Some(0));
        assert_eq!(matcher.classify("哪里可以打疫苗"), Some(1));
        assert_eq!(matcher.classify("疫情期间营业时间"), Some(2));
        assert_eq!(matcher.classify("社保卡补办"), None);
    }

    #[test]
    fn few_and_many_keywords_find_what_contains_finds() {
        let words: Vec<String> = "疫情 返湛 疫苗 核酸 隔离 防疫 新冠 到湛 喜宴 酒席 聚集 聚餐 烟草 假烟 采砂 抽沙"
            .split(' ')
            .map(String::from)
            .collect();
        let texts =
            ["春节返湛需要打疫苗吗", "社保卡补办", "", "疫", "举报有人售卖假烟", "河道里有人抽沙", "聚餐", "B超"];
        let one_byte = vec!["B".to_string(), "疫苗".to_string()];
        let sets = [1, 3, MAX_KEYWORDS, MAX_KEYWORDS + 1, ONE_BY_ONE_MAX, ONE_BY_ONE_MAX + 1, words.len()]
            .map(|count| words[..count].to_vec())
            .into_iter()
            .chain([one_byte]);
        for set in sets {
            let keywords = Keywords::new(&set);
            let kind = match keywords {
                Keywords::Packed(_) => "packed",
                Keywords::OneByOne(_) => "one by one",
                Keywords::Automaton(_) => "automaton",
            };
            let short = set.iter().any(|w| w.len() < 2);
            let expected_kind = match set.len() {
                n if n <= MAX_KEYWORDS && !short && PACKED_PAYS => "packed",
                n if n <= ONE_BY_ONE_MAX => "one by one",
                _ => "automaton",
            };
            assert_eq!(kind, expected_kind, "{set:?}");
            for text in texts {
                let expected = set.iter().any(|w| text.contains(w.as_str()));
                assert_eq!(keywords.is_match(text), expected, "{set:?}, {text:?}");
            }
        }
    }

    #[test]
    fn blank_keywords_match_nothing() {
        let topic = Topic {
            name: "空".into(),
            description: String::new(),
            keywords: vec![" ".into()],
            subtopics: vec![],
            other: "其他".into(),
        };
        assert_eq!(TopicMatcher::new(&topic).classify("任何内容"), None);
    }
}
