//! Hot topics (新冠肺炎疫情, 涉嫌非法开采, 烟类相关商品 …): a ticket is in a topic when its
//! category is one of the topic's, or its content holds one of the keywords and none of the
//! exclusion words; either way it counts once. Sub-topics are tried in order, each the same
//! way, and the first match wins, so sub-topic counts partition the topic. (Why exclusion
//! words leave category matches alone: `settings::Topic`.)

use aho_corasick::AhoCorasick;
use memchr::memmem::Finder;
use serde::Serialize;

use super::packed_keywords::PackedKeywords;
use super::ratio::{rank, Count, Ratio, Share};
use super::View;
use crate::category::{category_rule, CategoryRule};
use crate::query::{Facet, Selection};
use crate::settings::Topic;
use crate::table::SymbolColumn;

pub struct TopicMatcher {
    topic: Rule,
    subtopics: Vec<Rule>,
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
    /// None when no keyword is left after trimming: there is nothing to search for.
    fn new(keywords: &[String]) -> Option<Keywords> {
        let keywords: Vec<&str> = keywords.iter().map(|k| k.trim()).filter(|k| !k.is_empty()).collect();
        if keywords.is_empty() {
            None
        } else if let Some(packed) = PACKED_PAYS.then(|| PackedKeywords::new(&keywords)).flatten() {
            Some(Keywords::Packed(packed))
        } else if keywords.len() <= ONE_BY_ONE_MAX {
            Some(Keywords::OneByOne(keywords.iter().map(|k| Finder::new(k).into_owned()).collect()))
        } else {
            Some(Keywords::Automaton(AhoCorasick::new(keywords).expect("keyword automaton builds")))
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

/// A topic's categories resolved once against the names the table's three category
/// columns hold, so that a ticket is tested by its three codes, never by its text.
///
/// Each entry becomes requirements: a code at each level, or any value there (a name at
/// any level becomes one requirement per level holding that name; a path, one requiring
/// its levels from the top). For every level, each symbol has a bit set of the
/// requirements its value meets at that level, and a ticket is in when one requirement is
/// met at all three levels: three loads and two ANDs for the usual one word.
struct CategorySet {
    /// 64-bit words per symbol: one per 64 requirements.
    words: usize,
    /// Per level, `words` words for each symbol code.
    levels: [Vec<u64>; 3],
}

impl CategorySet {
    /// None when no entry names a category the table holds (or there are no entries):
    /// then no ticket is tested at all.
    fn new(entries: &[String], columns: &[SymbolColumn; 3]) -> Option<CategorySet> {
        let mut requirements: Vec<[Option<u32>; 3]> = Vec::new();
        for entry in entries {
            // Entries that cover nothing are refused by the settings check before any run.
            match category_rule(entry) {
                Ok(CategoryRule::Named(name)) => {
                    for (level, column) in columns.iter().enumerate() {
                        if let Some(code) = column.symbols.code(name) {
                            let mut requirement = [None; 3];
                            requirement[level] = Some(code);
                            requirements.push(requirement);
                        }
                    }
                }
                Ok(CategoryRule::Path(names)) => {
                    let mut requirement = [None; 3];
                    let mut held = true;
                    for ((slot, name), column) in requirement.iter_mut().zip(&names).zip(columns) {
                        *slot = column.symbols.code(name);
                        held &= slot.is_some();
                    }
                    if held {
                        requirements.push(requirement);
                    }
                }
                Err(_) => {}
            }
        }
        requirements.sort_unstable();
        requirements.dedup();
        if requirements.is_empty() {
            return None;
        }
        let words = requirements.len().div_ceil(64);
        let levels = std::array::from_fn(|level| {
            let symbols = columns[level].symbols.len();
            let mut bits = vec![0u64; symbols * words];
            for (i, requirement) in requirements.iter().enumerate() {
                let (word, bit) = (i / 64, 1u64 << (i % 64));
                match requirement[level] {
                    Some(code) => bits[code as usize * words + word] |= bit,
                    None => bits.iter_mut().skip(word).step_by(words).for_each(|w| *w |= bit),
                }
            }
            bits
        });
        Some(CategorySet { words, levels })
    }

    /// Whether a ticket with these category codes (top level first) is in.
    #[inline]
    fn contains(&self, codes: [u32; 3]) -> bool {
        let [top, middle, lowest] = &self.levels;
        let words = self.words;
        let [a, b, c] = codes.map(|code| code as usize * words);
        (0..words).any(|w| top[a + w] & middle[b + w] & lowest[c + w] != 0)
    }
}

/// How one topic or sub-topic is recognised.
struct Rule {
    categories: Option<CategorySet>,
    keywords: Option<Keywords>,
    exclusion_words: Option<Keywords>,
}

impl Rule {
    fn new(
        categories: &[String],
        keywords: &[String],
        exclusion_words: &[String],
        columns: &[SymbolColumn; 3],
    ) -> Rule {
        Rule {
            categories: CategorySet::new(categories, columns),
            keywords: Keywords::new(keywords),
            exclusion_words: Keywords::new(exclusion_words),
        }
    }

    /// The category first: a lookup by code, which spares the text search for every
    /// ticket it settles.
    #[inline]
    fn matches(&self, categories: [u32; 3], text: &str) -> bool {
        if self.categories.as_ref().is_some_and(|set| set.contains(categories)) {
            return true;
        }
        self.keywords.as_ref().is_some_and(|keywords| keywords.is_match(text))
            && !self.exclusion_words.as_ref().is_some_and(|words| words.is_match(text))
    }
}

impl TopicMatcher {
    /// The topic's rules, its categories resolved against the table's category columns
    /// (top level first).
    pub fn new(topic: &Topic, columns: &[SymbolColumn; 3]) -> TopicMatcher {
        TopicMatcher {
            topic: Rule::new(&topic.categories, &topic.keywords, &topic.exclusion_words, columns),
            subtopics: topic
                .subtopics
                .iter()
                .map(|s| Rule::new(&s.categories, &s.keywords, &s.exclusion_words, columns))
                .collect(),
        }
    }

    /// None when the ticket (its category codes, top level first, and its content) is
    /// outside the topic; otherwise the index of its sub-topic, where `subtopics.len()`
    /// means "other".
    pub fn classify(&self, categories: [u32; 3], text: &str) -> Option<usize> {
        if !self.topic.matches(categories, text) {
            return None;
        }
        Some(self.subtopics.iter().position(|s| s.matches(categories, text)).unwrap_or(self.subtopics.len()))
    }
}

#[derive(Debug, Clone, Serialize, serde::Deserialize)]
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
/// The topic of the section `section` over `scope` (the tickets of `scope_selection`), its
/// share of `parent`, and the rows of each sub-topic (by the settings' order, "other" last).
pub fn find(
    view: &View,
    topic: &Topic,
    section: &str,
    scope: &[u32],
    scope_selection: &Selection,
    parent: &Count,
) -> (TopicFigures, Vec<Vec<u32>>) {
    let table = view.table;
    let matcher = TopicMatcher::new(topic, &table.category);
    let [top, middle, lowest] = &table.category;
    let mut rows: Vec<Vec<u32>> = vec![Vec::new(); topic.subtopics.len() + 1];
    for &row in scope {
        let at = row as usize;
        let categories = [top.codes[at], middle.codes[at], lowest.codes[at]];
        if let Some(sub) = matcher.classify(categories, table.content.get(at)) {
            rows[sub].push(row);
        }
    }
    let total: u64 = rows.iter().map(|r| r.len() as u64).sum();
    let facet = Facet::Topic(section.to_string());
    let in_topic = scope_selection.and_present(facet.clone());
    let names = topic.subtopics.iter().map(|s| s.name.as_str()).chain(std::iter::once(topic.other.as_str()));
    let mut subtopics: Vec<Share> = names
        .zip(&rows)
        .filter(|(_, r)| !r.is_empty())
        .map(|(name, r)| {
            Share::of(name, r.len() as u64, scope_selection.and(facet.clone(), name), total, in_topic.clone())
        })
        .collect();
    let order: Vec<&str> = topic.subtopics.iter().map(|s| s.name.as_str()).collect();
    rank(&mut subtopics, |name| order.iter().position(|n| *n == name).unwrap_or(order.len()));
    let share = Ratio::of(total, in_topic, parent.count, parent.selection.clone());
    (TopicFigures { name: topic.name.clone(), total, share, subtopics }, rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::period::{MonthId, Period};
    use crate::settings::{Settings, SubTopic};
    use crate::stats::packed_keywords::MAX_KEYWORDS;
    use crate::table::TicketTable;

    fn words(list: &[&str]) -> Vec<String> {
        list.iter().map(|w| w.to_string()).collect()
    }

    fn sub(name: &str, categories: &[&str], keywords: &[&str], exclusion_words: &[&str]) -> SubTopic {
        SubTopic {
            name: name.into(),
            categories: words(categories),
            keywords: words(keywords),
            exclusion_words: words(exclusion_words),
        }
    }

    fn topic(categories: &[&str], keywords: &[&str], exclusion_words: &[&str], subtopics: Vec<SubTopic>) -> Topic {
        Topic {
            name: "热点".into(),
            description: String::new(),
            categories: words(categories),
            keywords: words(keywords),
            exclusion_words: words(exclusion_words),
            subtopics,
            other: "其他".into(),
        }
    }

    /// Tickets as (category path, content), all in January 2021, in a table as ingest
    /// builds it (levels split from the path).
    fn table(tickets: &[(&str, &str)]) -> TicketTable {
        let mut table = TicketTable::default();
        let start = Period::of_month(MonthId { year: 2021, month: 1 }, 21).start_ts();
        for (path, content) in tickets {
            table.intake.push(start);
            table.content.push(content);
            for (column, level) in table.category.iter_mut().zip(crate::category::split_path(path)) {
                column.push(level);
            }
        }
        table
    }

    /// Each ticket's sub-topic index as `classify` gives it (None: outside the topic).
    fn classified(topic: &Topic, tickets: &[(&str, &str)]) -> Vec<Option<usize>> {
        let table = table(tickets);
        let matcher = TopicMatcher::new(topic, &table.category);
        let [top, middle, lowest] = &table.category;
        (0..table.len())
            .map(|at| matcher.classify([top.codes[at], middle.codes[at], lowest.codes[at]], table.content.get(at)))
            .collect()
    }

    #[test]
    fn first_matching_subtopic_wins_and_the_rest_is_other() {
        let covid = topic(
            &[],
            &["疫情", "返湛", "疫苗"],
            &[],
            vec![sub("返湛", &[], &["返湛"], &[]), sub("疫苗", &[], &["疫苗"], &[])],
        );
        let texts = ["春节返湛需要打疫苗吗", "哪里可以打疫苗", "疫情期间营业时间", "社保卡补办"];
        let tickets: Vec<(&str, &str)> = texts.iter().map(|text| ("", *text)).collect();
        assert_eq!(classified(&covid, &tickets), [Some(0), Some(1), Some(2), None]);
    }

    #[test]
    fn a_category_name_matches_at_any_level() {
        let mining = topic(&["非法开采"], &[], &[], vec![]);
        let tickets = [
            ("非法开采", "反映有人挖山"),
            ("城市建设/非法开采", "反映有人挖山"),
            ("城市建设/国土资源/非法开采", "反映有人挖山"),
            ("城市建设/国土资源/土地执法", "反映有人挖山"),
            ("", "反映有人非法开采"),
        ];
        assert_eq!(classified(&mining, &tickets), [Some(0), Some(0), Some(0), None, None]);
    }

    #[test]
    fn a_category_path_matches_its_levels_from_the_top() {
        let mining = topic(&["城市建设 > 国土资源"], &[], &[], vec![]);
        let tickets = [
            ("城市建设/国土资源/非法开采", ""),
            ("城市建设/国土资源", ""),
            ("城市建设/市政设施/国土资源", ""),
            ("国土资源", ""),
            ("城市建设", ""),
            ("农业农村/国土资源", ""),
        ];
        assert_eq!(classified(&mining, &tickets), [Some(0), Some(0), None, None, None, None]);
    }

    #[test]
    fn a_code_prefix_matches_the_levels_the_standard_names_for_it() {
        // 0406: 自然资源与环境保护 › 矿产能源 (DB44/T 2479—2024).
        let mining = topic(&["0406"], &[], &[], vec![]);
        let tickets = [
            ("自然资源与环境保护/矿产能源/矿产资源管理", ""),
            ("自然资源与环境保护/矿产能源", ""),
            ("自然资源与环境保护/生态环境", ""),
            ("矿产能源", ""),
        ];
        assert_eq!(classified(&mining, &tickets), [Some(0), Some(0), None, None]);
    }

    #[test]
    fn a_ticket_found_by_category_and_by_keyword_is_counted_once() {
        let mining = topic(&["非法开采"], &["开采"], &[], vec![]);
        let table = table(&[
            ("城市建设/国土资源/非法开采", "反映有人夜里挖山"),
            ("城市建设/市政设施", "反映有人夜里开采石头"),
            ("城市建设/国土资源/非法开采", "反映有人夜里开采石头"),
            ("城市建设/市政设施", "反映路灯不亮"),
        ]);
        let settings = Settings::default();
        let period = Period::of_month(MonthId { year: 2021, month: 1 }, 21);
        let view = View::new(&table, &settings, period, None);
        let all = Count::of(4, view.this_month());
        let (figures, rows) = find(&view, &mining, "livelihood", &view.current_rows, &all.selection, &all);
        assert_eq!(figures.total, 3);
        assert_eq!(rows, [vec![0, 1, 2]], "no sub-topics: each ticket once, in “other”");
    }

    #[test]
    fn exclusion_words_remove_keyword_matches_but_not_category_matches() {
        let mining = topic(
            &["非法开采"],
            &["开采"],
            &["许可证"],
            vec![sub("采砂", &[], &["采砂", "抽沙"], &["许可证"]), sub("采石", &[], &["石"], &[])],
        );
        let tickets = [
            ("城市建设/市政设施", "请问开采许可证怎么办理"),
            ("城市建设/国土资源/非法开采", "开采许可证已过期仍在开采石头"),
            ("城市建设/市政设施", "反映有人夜里开采石头"),
            ("城市建设/国土资源/非法开采", "反映河道采砂许可证过期仍在抽沙"),
        ];
        // The first is a licence question; the second's category keeps it in the topic despite
        // the exclusion word. The last is in by its category, but the exclusion word keeps it
        // out of 采砂, which only its keywords would give, and it has no 石: “other”.
        assert_eq!(classified(&mining, &tickets), [None, Some(1), Some(1), Some(2)]);
    }

    #[test]
    fn the_first_matching_subtopic_wins_whether_found_by_category_or_keyword() {
        let covid = topic(
            &["疫情防控"],
            &["疫情"],
            &[],
            vec![
                sub("返湛", &[], &["返湛"], &[]),
                sub("疫苗", &["文教卫体/疫情防控/疫苗接种"], &[], &[]),
                sub("核酸", &["核酸检测"], &["核酸"], &[]),
            ],
        );
        let tickets = [
            ("文教卫体/疫情防控/疫苗接种", "春节返湛前要先打针吗"),
            ("文教卫体/疫情防控/疫苗接种", "哪里可以做核酸"),
            ("文教卫体/疫情防控/核酸检测", "哪里可以打针"),
            ("文教卫体/卫生健康", "疫情期间哪里可以做核酸"),
            ("文教卫体/疫情防控", "农贸市场还开吗"),
            ("文教卫体/卫生健康/疫苗接种", "宝宝打针要预约吗"),
        ];
        assert_eq!(classified(&covid, &tickets), [Some(0), Some(1), Some(2), Some(2), Some(3), None]);
    }

    #[test]
    fn a_category_the_file_does_not_hold_leaves_the_topic_to_its_keywords() {
        let tobacco = topic(&["烟草专卖品", "1002"], &["假烟"], &[], vec![]);
        let table = table(&[("涉嫌产品质量违法行为", "举报售卖假烟"), ("涉嫌产品质量违法行为", "举报劣质电线")]);
        let matcher = TopicMatcher::new(&tobacco, &table.category);
        assert!(matcher.topic.categories.is_none(), "nothing to look up per ticket");
        assert_eq!(
            classified(&tobacco, &[("涉嫌产品质量违法行为", "举报售卖假烟"), ("", "劣质电线")]),
            [Some(0), None]
        );
    }

    #[test]
    fn more_categories_than_one_word_of_bits_are_all_found() {
        let names: Vec<String> = (0..150).map(|i| format!("类{i}")).collect();
        let paths: Vec<String> = names.iter().enumerate().map(|(i, n)| format!("大类{}/{n}", i % 3)).collect();
        let mut wide = topic(&[], &[], &[], vec![]);
        wide.categories = names.iter().step_by(2).cloned().collect();
        let tickets: Vec<(&str, &str)> = paths.iter().map(|p| (p.as_str(), "")).collect();
        let table = table(&tickets);
        let matcher = TopicMatcher::new(&wide, &table.category);
        assert_eq!(matcher.topic.categories.as_ref().map(|c| c.words), Some(2));
        let expected: Vec<Option<usize>> = (0..150).map(|i| (i % 2 == 0).then_some(0)).collect();
        assert_eq!(classified(&wide, &tickets), expected);
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
            let keywords = Keywords::new(&set).expect("keywords to search for");
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
        let blank = topic(&[], &[" "], &[], vec![]);
        assert_eq!(classified(&blank, &[("", "任何内容")]), [None]);
    }
}
