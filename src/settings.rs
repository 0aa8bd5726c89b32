//! Everything a city may word or count differently, as data. The defaults reproduce the
//! reference report (Zhanjiang, January 2021); the page edits and saves these as JSON.
//! The default topics (`sections/`) name both the categories the sample files their
//! tickets under and their keywords.

pub mod check;

use serde::{Deserialize, Serialize};

pub use crate::sections::Sections;
use crate::table::Field;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct Settings {
    /// City name as printed in the report, e.g. 湛江市.
    pub city: String,
    /// The hotline's name as printed after the city, e.g. 12345市民服务热线.
    pub hotline: String,
    /// The rank of leaders whose duty calls section 一(三) reports (副处级以上).
    pub leader_rank: String,
    pub period: PeriodRule,
    /// The user's own header → field rules; they win over the built-in synonyms.
    pub column_rules: Vec<ColumnRule>,
    pub channel_groups: Vec<ChannelGroup>,
    pub ticket_types: TicketTypes,
    /// Handling-method values that mean the ticket was transferred to a unit (转办).
    pub transfer_methods: Vec<String>,
    /// Transfer categories the report names, in their canonical order (ties in ranking).
    pub transfer_categories: Vec<String>,
    pub satisfaction: SatisfactionLevels,
    /// Spellings of yes and no in yes/no columns (是否回复 …).
    pub yes_no: YesNo,
    /// Status values that mean the ticket is closed (办结).
    pub closed_statuses: Vec<String>,
    /// The counties (县、市、区) in official order: attachment 1 lists them so, and values
    /// naming one another way (廉江 → 廉江市) are read as it.
    pub regions: Vec<String>,
    /// Other names of a region (湛江经开区 → 经开区).
    pub region_aliases: Vec<(String, String)>,
    /// A receiving platform ending with this is a county secondary platform; the rest of
    /// the value names the county (廉江市二级平台 → 廉江市).
    pub secondary_platform_suffix: String,
    pub sections: Sections,
    pub letter: Letter,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct PeriodRule {
    /// A statistical month runs from this day of the previous month to the day before it
    /// in the named month (21 → 21 Dec .. 20 Jan is "January"). 1 means calendar months.
    pub start_day: u32,
    /// Force the statistical month (YYYY-MM); empty means detect from the data.
    pub month: String,
}

/// One header and the field it feeds; `field: null` means "do not use this column".
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ColumnRule {
    pub header: String,
    pub field: Option<Field>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ChannelGroup {
    /// Words used in the report for this group.
    pub label: String,
    /// A short name for chart axes; empty means the label.
    #[serde(default)]
    pub short_label: String,
    /// Channel values (after trimming) that belong to this group.
    pub channels: Vec<String>,
    /// The phone group gets the daily average and is what secondary platforms count.
    #[serde(default)]
    pub is_phone: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct TicketTypes {
    /// Canonical type names in report order (ties in ranking keep this order).
    pub order: Vec<String>,
    /// Spelling → canonical name (咨询类 → 咨询, 意见建议 → 建议, 感谢 → 表扬 …).
    pub aliases: Vec<(String, String)>,
    /// Canonical name of invalid records: counted in intake, not in valid tickets.
    pub invalid: String,
    /// Canonical name of consultations (即时解答率, section 三(一)).
    pub consultation: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct SatisfactionLevels {
    /// Levels that count as satisfied (满意 + 基本满意 by default).
    pub satisfied: Vec<String>,
    /// Levels that count as evaluated but not satisfied.
    pub unsatisfied: Vec<String>,
    /// Values meaning "no evaluation" (the ticket is left out of the denominator).
    pub not_evaluated: Vec<String>,
}

/// Yes/no spellings, compared without ASCII case.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct YesNo {
    pub yes: Vec<String>,
    pub no: Vec<String>,
}

/// A hot topic: a ticket belongs to it when its category is one of the topic's categories
/// or its content contains one of the keywords (and none of the exclusion words); either
/// way it counts once. Its sub-topics are tried in order, each the same way, and the first
/// match wins, so their counts partition it.
///
/// Exclusion words remove keyword matches only: a category is the call-taker's reading of
/// the whole request, while a keyword is one word that may stand in another sense (开采 in
/// a question about a mining licence), which is what exclusion words are there to correct.
/// A category that is too wide is narrowed by naming a deeper level, not by words.
///
/// `categories` and `exclusion_words` came after settings files were first saved: they
/// default to empty, so such a file still loads and finds what it found.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Topic {
    pub name: String,
    /// What the topic's tickets mainly concern, as printed after the count
    /// (抽取河沙、海沙，开采石头); empty leaves the sentence out.
    #[serde(default)]
    pub description: String,
    /// Each a name at any level (疫情防控), levels from the top (城市建设/非法开采) or a
    /// DB44/T 2479 code prefix (020406); see `category::category_rule`.
    #[serde(default)]
    pub categories: Vec<String>,
    pub keywords: Vec<String>,
    /// A ticket found by keyword only is left out when its content holds one of these.
    #[serde(default)]
    pub exclusion_words: Vec<String>,
    pub subtopics: Vec<SubTopic>,
    /// Name of the bucket for topic tickets no sub-topic matches.
    pub other: String,
}

/// A part of a topic, matched as the topic is (categories, keywords, exclusion words).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SubTopic {
    pub name: String,
    #[serde(default)]
    pub categories: Vec<String>,
    pub keywords: Vec<String>,
    #[serde(default)]
    pub exclusion_words: Vec<String>,
}

/// The letter's frame: addressees, signature and the date it is issued.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct Letter {
    pub addressees: String,
    pub signature: String,
    /// Issue date as printed (2021年2月8日); empty leaves a blank to fill in.
    pub date: String,
}

pub(crate) fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// A sub-topic of the defaults: its name, categories and keywords.
pub(crate) type DefaultSubTopic<'a> = (&'a str, &'a [&'a str], &'a [&'a str]);

pub(crate) fn topic(
    name: &str,
    categories: &[&str],
    keywords: &[&str],
    subtopics: &[DefaultSubTopic],
    other: &str,
) -> Topic {
    Topic {
        name: name.into(),
        description: String::new(),
        categories: strings(categories),
        keywords: strings(keywords),
        exclusion_words: Vec::new(),
        subtopics: subtopics
            .iter()
            .map(|(name, categories, keywords)| SubTopic {
                name: name.to_string(),
                categories: strings(categories),
                keywords: strings(keywords),
                exclusion_words: Vec::new(),
            })
            .collect(),
        other: other.into(),
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            city: "湛江市".into(),
            hotline: "12345市民服务热线".into(),
            leader_rank: "副处级以上".into(),
            period: PeriodRule::default(),
            column_rules: Vec::new(),
            channel_groups: vec![
                ChannelGroup {
                    label: "群众来电".into(),
                    short_label: "群众来电".into(),
                    channels: strings(&["电话", "来电", "热线电话", "12345电话"]),
                    is_phone: true,
                },
                ChannelGroup {
                    label: "微信公众号、网站和安卓版手机app等".into(),
                    short_label: "微信、网站、APP等".into(),
                    channels: strings(&["微信公众号", "微信", "网站", "手机APP", "APP", "短信", "邮件"]),
                    is_phone: false,
                },
                ChannelGroup {
                    label: "湛江市政府网留言中心".into(),
                    short_label: "市政府网留言".into(),
                    channels: strings(&["市政府网留言", "政府网站留言", "市长信箱"]),
                    is_phone: false,
                },
                ChannelGroup {
                    label: "广东省政务服务咨询投诉平台".into(),
                    short_label: "省咨询投诉平台".into(),
                    channels: strings(&["省政务服务咨询投诉平台", "省平台", "粤省心"]),
                    is_phone: false,
                },
            ],
            ticket_types: TicketTypes::default(),
            transfer_methods: strings(&["转办", "转派", "督办", "派单"]),
            transfer_categories: strings(&["民生诉求", "消费维权投诉", "经济违法行为举报", "行政效能投诉"]),
            satisfaction: SatisfactionLevels::default(),
            yes_no: YesNo::default(),
            closed_statuses: strings(&["已办结", "办结", "已结案", "结案", "已完成", "已归档"]),
            secondary_platform_suffix: "二级平台".into(),
            regions: strings(&[
                "赤坎区",
                "霞山区",
                "麻章区",
                "坡头区",
                "经开区",
                "廉江市",
                "雷州市",
                "吴川市",
                "遂溪县",
                "徐闻县",
            ]),
            region_aliases: [
                ("湛江经开区", "经开区"),
                ("湛江经济技术开发区", "经开区"),
                ("经济技术开发区", "经开区"),
                ("开发区", "经开区"),
            ]
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect(),
            sections: Sections::default(),
            letter: Letter::default(),
        }
    }
}

impl Default for PeriodRule {
    fn default() -> Self {
        PeriodRule { start_day: 21, month: String::new() }
    }
}

impl Default for TicketTypes {
    fn default() -> Self {
        let aliases = [
            ("咨询类", "咨询"),
            ("政策咨询", "咨询"),
            ("投诉类", "投诉"),
            ("举报类", "举报"),
            ("建议类", "建议"),
            ("意见建议", "建议"),
            ("意见", "建议"),
            ("表扬类", "表扬"),
            ("感谢", "表扬"),
            ("表扬感谢", "表扬"),
            ("求助类", "求助"),
            ("无效来电", "无效"),
            ("无效工单", "无效"),
            ("骚扰", "无效"),
            ("骚扰电话", "无效"),
        ];
        TicketTypes {
            order: strings(&["咨询", "投诉", "举报", "建议", "求助", "表扬", "其他"]),
            aliases: aliases.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect(),
            invalid: "无效".into(),
            consultation: "咨询".into(),
        }
    }
}

impl Default for SatisfactionLevels {
    fn default() -> Self {
        SatisfactionLevels {
            satisfied: strings(&["满意", "基本满意", "非常满意", "比较满意"]),
            unsatisfied: strings(&["不满意", "非常不满意", "比较不满意"]),
            not_evaluated: strings(&["未评价", "未回访", "无", "-"]),
        }
    }
}

impl Default for YesNo {
    fn default() -> Self {
        YesNo {
            yes: strings(&["是", "Y", "yes", "1", "√", "✓", "true", "已回复", "已回访", "有", "对", "T"]),
            no: strings(&["否", "N", "no", "0", "×", "✗", "false", "未回复", "未回访", "无", "F"]),
        }
    }
}

impl Default for Letter {
    fn default() -> Self {
        Letter {
            addressees: "各县（市、区）人民政府（管委会），市直有关单位，中央、省驻湛有关单位：".into(),
            signature: "湛江市12345市民服务热线领导小组办公室".into(),
            date: String::new(),
        }
    }
}

impl Settings {
    /// Canonical ticket type for a raw value: trimmed, alias applied.
    pub fn canonical_type<'a>(&'a self, raw: &'a str) -> &'a str {
        let raw = crate::table::clean(raw);
        self.ticket_types
            .aliases
            .iter()
            .find(|(alias, _)| alias == raw)
            .map(|(_, canonical)| canonical.as_str())
            .unwrap_or(raw)
    }

    /// The region a value names: itself if listed, by alias, or the listed region with the
    /// same stem (廉江 / 廉江市); anything else is kept as written.
    pub fn canonical_region<'a>(&'a self, raw: &'a str) -> &'a str {
        if raw.is_empty() || self.regions.iter().any(|r| r == raw) {
            return raw;
        }
        if let Some((_, region)) = self.region_aliases.iter().find(|(alias, _)| alias == raw) {
            return region;
        }
        let stem = |name: &'a str| name.trim_end_matches(['市', '区', '县']);
        let wanted = stem(raw);
        self.regions.iter().find(|r| !wanted.is_empty() && stem(r) == wanted).map(String::as_str).unwrap_or(raw)
    }

    /// Reads a yes/no cell by the settings' spellings; None when it is neither.
    pub fn yes_no(&self, raw: &str) -> Option<bool> {
        let raw = crate::table::clean(raw);
        let matches = |list: &[String]| list.iter().any(|word| word.eq_ignore_ascii_case(raw));
        if raw.is_empty() {
            None
        } else if matches(&self.yes_no.yes) {
            Some(true)
        } else if matches(&self.yes_no.no) {
            Some(false)
        } else {
            None
        }
    }

    /// Settings from JSON (fields left out take their defaults), checked as a whole and
    /// normalised; or a Chinese message naming each field that is wrong (`check`).
    pub fn from_json(json: &str) -> Result<Settings, String> {
        check::from_json(json)
    }

    /// Whether these settings can be used: every value in range and every list and text
    /// within its bound; else a Chinese message naming the fields.
    pub fn validate(&self) -> Result<(), String> {
        let problems = check::problems(self);
        if problems.is_empty() {
            Ok(())
        } else {
            Err(check::message(&problems))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_round_trip_through_json() {
        let settings = Settings::default();
        let json = serde_json::to_string(&settings).unwrap();
        assert_eq!(Settings::from_json(&json).unwrap(), settings);
    }

    #[test]
    fn a_topic_saved_before_categories_existed_loads_as_the_same_topic() {
        // The shape the settings files of the previous version hold: no categories, no
        // exclusion words.
        let json = r#"{"sections":{"economic":{"topic":{
            "name":"烟类相关商品",
            "keywords":["烟草","香烟","卷烟","假烟","烟酒"],
            "subtopics":[{"name":"售卖假烟","keywords":["假烟","假冒香烟","假冒卷烟"]}],
            "other":"其他烟类"}}}}"#;
        let topic = Settings::from_json(json).unwrap().sections.economic.topic;
        let expected = Topic {
            name: "烟类相关商品".into(),
            description: String::new(),
            categories: Vec::new(),
            keywords: strings(&["烟草", "香烟", "卷烟", "假烟", "烟酒"]),
            exclusion_words: Vec::new(),
            subtopics: vec![SubTopic {
                name: "售卖假烟".into(),
                categories: Vec::new(),
                keywords: strings(&["假烟", "假冒香烟", "假冒卷烟"]),
                exclusion_words: Vec::new(),
            }],
            other: "其他烟类".into(),
        };
        assert_eq!(topic, expected);
    }

    #[test]
    fn partial_json_keeps_defaults_for_missing_fields() {
        let settings = Settings::from_json(r#"{"city":"茂名市"}"#).unwrap();
        assert_eq!(settings.city, "茂名市");
        assert_eq!(settings.period.start_day, 21);
    }

    #[test]
    fn regions_are_read_in_their_listed_spelling() {
        let settings = Settings::default();
        assert_eq!(settings.canonical_region("廉江"), "廉江市");
        assert_eq!(settings.canonical_region("霞山"), "霞山区");
        assert_eq!(settings.canonical_region("湛江经开区"), "经开区");
        assert_eq!(settings.canonical_region("遂溪县"), "遂溪县");
        assert_eq!(settings.canonical_region("茂名市"), "茂名市");
    }

    #[test]
    fn yes_no_spellings_are_data() {
        let mut settings = Settings::default();
        for yes in ["是", "Y", "y", "1", "√", "TRUE", "已回复"] {
            assert_eq!(settings.yes_no(yes), Some(true), "{yes}");
        }
        for no in ["否", "n", "0", "×", "未回复"] {
            assert_eq!(settings.yes_no(no), Some(false), "{no}");
        }
        assert_eq!(settings.yes_no("也许"), None);
        settings.yes_no.yes.push("已答复".into());
        assert_eq!(settings.yes_no("已答复"), Some(true));
    }

    #[test]
    fn type_aliases_map_to_canonical_names() {
        let settings = Settings::default();
        assert_eq!(settings.canonical_type(" 意见建议 "), "建议");
        assert_eq!(settings.canonical_type("无效来电"), "无效");
        assert_eq!(settings.canonical_type("咨询"), "咨询");
    }
}
