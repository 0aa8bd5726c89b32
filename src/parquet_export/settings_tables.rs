//! The settings the report's SQL needs, as small tables beside the tickets
//! (`DIR/settings/<table>.parquet`): the SQL joins them instead of holding literals, so one
//! SQL text serves every city's settings. Aliases (ticket types, regions, yes/no) are not
//! among them: the core applied them when it built the table, so the tickets already hold
//! the canonical names.
//!
//! | table | columns |
//! |---|---|
//! | `period_rule` | start_day, month ('' = the latest month the data holds) |
//! | `periods` | month, start_date, end_date, days, previous_month, year_ago_month (every month of the data and the one before each) |
//! | `channel_groups` | group_no, label, short_label, is_phone, channel (a row per spelling) |
//! | `ticket_types` | position, name, is_invalid, is_consultation |
//! | `satisfaction_classes` | value, class (satisfied / unsatisfied / not_evaluated) |
//! | `closed_statuses` | status |
//! | `regions`, `transfer_categories` | position, name |
//! | `topics` | section, subtopic_no (0: the topic itself), name, description, other |
//! | `topic_terms` | section, subtopic_no, kind (category / keyword / exclusion), term |
//! | `scalars` | key, value: city, hotline, …, and every section's own settings (`consultation.top_n`) |
//! | `category_codes` | code, l1, l2, l3: DB44/T 2479—2024's codes (2, 4 or 6 digits) and the levels each names (null below its depth), the standard the core compiles in |
//! | `watched_dimensions` | position, facet (category1 … unit, topic), section (a topic's section), label: what the warning watches, in order |

use super::small_table::{text, Kind, SmallTable as SettingsTable, Value};
use crate::period::{MonthId, Period};
use crate::settings::{Settings, Topic};

/// Every settings table, for data holding `months` (statistical months).
pub fn tables(settings: &Settings, months: &[MonthId]) -> Vec<SettingsTable> {
    use Kind::*;
    let start_day = settings.period.start_day;
    let mut all_months: Vec<MonthId> = months.iter().flat_map(|&m| [m.previous(), m]).collect();
    all_months.sort();
    all_months.dedup();
    let periods = all_months
        .iter()
        .map(|&month| {
            let period = Period::of_month(month, start_day);
            let year_ago = MonthId { year: month.year - 1, ..month };
            vec![
                text(month.to_string()),
                text(period.start.to_string()),
                text(period.end.to_string()),
                Value::Int(period.days() as i32),
                text(month.previous().to_string()),
                text(year_ago.to_string()),
            ]
        })
        .collect();
    let channel_groups = settings
        .channel_groups
        .iter()
        .enumerate()
        .flat_map(|(i, g)| {
            g.channels.iter().map(move |c| {
                vec![
                    Value::Int(i as i32),
                    text(&g.label),
                    text(&g.short_label),
                    Value::Bool(g.is_phone),
                    text(c.trim()),
                ]
            })
        })
        .collect();
    let types = &settings.ticket_types;
    let mut ticket_types: Vec<Vec<Value>> = types
        .order
        .iter()
        .enumerate()
        .map(|(i, name)| {
            vec![
                Value::Int(i as i32),
                text(name),
                Value::Bool(*name == types.invalid),
                Value::Bool(*name == types.consultation),
            ]
        })
        .collect();
    for (name, invalid) in [(&types.invalid, true), (&types.consultation, false)] {
        if !types.order.contains(name) {
            ticket_types.push(vec![Value::Int(-1), text(name), Value::Bool(invalid), Value::Bool(!invalid)]);
        }
    }
    let s = &settings.satisfaction;
    let satisfaction =
        [("satisfied", &s.satisfied), ("unsatisfied", &s.unsatisfied), ("not_evaluated", &s.not_evaluated)]
            .into_iter()
            .flat_map(|(class, values)| values.iter().map(move |v| vec![text(v), text(class)]))
            .collect();
    let listed =
        |names: &[String]| names.iter().enumerate().map(|(i, n)| vec![Value::Int(i as i32), text(n)]).collect();
    let (topics, topic_terms) = topic_tables(settings);
    vec![
        SettingsTable {
            name: "period_rule",
            columns: &[("start_day", Int), ("month", Text)],
            rows: vec![vec![Value::Int(start_day as i32), text(settings.period.month.trim())]],
        },
        SettingsTable {
            name: "periods",
            columns: &[
                ("month", Text),
                ("start_date", Text),
                ("end_date", Text),
                ("days", Int),
                ("previous_month", Text),
                ("year_ago_month", Text),
            ],
            rows: periods,
        },
        SettingsTable {
            name: "channel_groups",
            columns: &[
                ("group_no", Int),
                ("label", Text),
                ("short_label", Text),
                ("is_phone", Bool),
                ("channel", Text),
            ],
            rows: channel_groups,
        },
        SettingsTable {
            name: "ticket_types",
            columns: &[("position", Int), ("name", Text), ("is_invalid", Bool), ("is_consultation", Bool)],
            rows: ticket_types,
        },
        SettingsTable {
            name: "satisfaction_classes",
            columns: &[("value", Text), ("class", Text)],
            rows: satisfaction,
        },
        SettingsTable {
            name: "closed_statuses",
            columns: &[("status", Text)],
            rows: settings.closed_statuses.iter().map(|s| vec![text(s)]).collect(),
        },
        SettingsTable {
            name: "regions",
            columns: &[("position", Int), ("name", Text)],
            rows: listed(&settings.regions),
        },
        SettingsTable {
            name: "transfer_categories",
            columns: &[("position", Int), ("name", Text)],
            rows: listed(&settings.transfer_categories),
        },
        SettingsTable {
            name: "topics",
            columns: &[("section", Text), ("subtopic_no", Int), ("name", Text), ("description", Text), ("other", Text)],
            rows: topics,
        },
        SettingsTable {
            name: "topic_terms",
            columns: &[("section", Text), ("subtopic_no", Int), ("kind", Text), ("term", Text)],
            rows: topic_terms,
        },
        SettingsTable { name: "scalars", columns: &[("key", Text), ("value", Text)], rows: scalars(settings) },
        SettingsTable {
            name: "category_codes",
            columns: &[("code", Text), ("l1", Text), ("l2", Text), ("l3", Text)],
            rows: crate::category::every_code()
                .into_iter()
                .map(|(code, levels)| {
                    let mut row = vec![text(code)];
                    row.extend(levels.map(|l| if l.is_empty() { Value::Null } else { text(l) }));
                    row
                })
                .collect(),
        },
        SettingsTable {
            name: "watched_dimensions",
            columns: &[("position", Int), ("facet", Text), ("section", Text), ("label", Text)],
            rows: watched_dimensions(settings),
        },
    ]
}

/// The dimensions early warning watches (`trends::watched`), in its order, each with the
/// label the letter names it by.
fn watched_dimensions(settings: &Settings) -> Vec<Vec<Value>> {
    use crate::query::Facet;
    let topics = crate::sections::topics(&settings.sections).into_iter().map(|(key, _)| key.to_string());
    crate::trends::watched(topics)
        .into_iter()
        .enumerate()
        .map(|(i, facet)| {
            let (key, section) = match &facet {
                Facet::Category1 => ("category1", ""),
                Facet::Category2 => ("category2", ""),
                Facet::Category3 => ("category3", ""),
                Facet::Region => ("region", ""),
                Facet::Town => ("town", ""),
                Facet::Unit => ("unit", ""),
                Facet::Topic(section) => ("topic", section.as_str()),
                other => unreachable!("early warning watches no {other:?}"),
            };
            vec![Value::Int(i as i32), text(key), text(section), text(facet.label())]
        })
        .collect()
}

/// Each section's topic and sub-topics, and their terms.
fn topic_tables(settings: &Settings) -> (Vec<Vec<Value>>, Vec<Vec<Value>>) {
    let (mut topics, mut terms) = (Vec::new(), Vec::new());
    for (section, topic) in crate::sections::topics(&settings.sections) {
        let Topic { name, description, other, .. } = &topic;
        topics.push(vec![text(section), Value::Int(0), text(name), text(description), text(other)]);
        let mut add = |no: i32, categories: &[String], keywords: &[String], exclusions: &[String]| {
            for (kind, list) in [("category", categories), ("keyword", keywords), ("exclusion", exclusions)] {
                for term in list {
                    terms.push(vec![text(section), Value::Int(no), text(kind), text(term)]);
                }
            }
        };
        add(0, &topic.categories, &topic.keywords, &topic.exclusion_words);
        for (i, sub) in topic.subtopics.iter().enumerate() {
            let no = i as i32 + 1;
            add(no, &sub.categories, &sub.keywords, &sub.exclusion_words);
            topics.push(vec![text(section), Value::Int(no), text(&sub.name), text(""), text("")]);
        }
    }
    (topics, terms)
}

/// The settings' single values, each as text under its key: the letter's names, the
/// types' roles, and every section's own values (`quality.window_days`).
fn scalars(settings: &Settings) -> Vec<Vec<Value>> {
    let mut rows = vec![
        vec![text("city"), text(&settings.city)],
        vec![text("hotline"), text(&settings.hotline)],
        vec![text("leader_rank"), text(&settings.leader_rank)],
        vec![text("secondary_platform_suffix"), text(&settings.secondary_platform_suffix)],
        vec![text("invalid_type"), text(&settings.ticket_types.invalid)],
        vec![text("consultation_type"), text(&settings.ticket_types.consultation)],
    ];
    if let Ok(serde_json::Value::Object(sections)) = serde_json::to_value(&settings.sections) {
        for (section, fields) in sections {
            let serde_json::Value::Object(fields) = fields else { continue };
            for (field, value) in fields {
                let value = match value {
                    serde_json::Value::String(s) => s,
                    serde_json::Value::Number(n) => n.to_string(),
                    serde_json::Value::Bool(b) => b.to_string(),
                    _ => continue,
                };
                rows.push(vec![text(format!("{section}.{field}")), text(value)]);
            }
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table<'a>(tables: &'a [SettingsTable], name: &str) -> &'a SettingsTable {
        tables.iter().find(|t| t.name == name).unwrap()
    }

    #[test]
    fn the_default_settings_become_tables_the_sql_can_join() {
        let settings = Settings::default();
        let tables = tables(&settings, &[MonthId { year: 2021, month: 1 }]);
        let periods = &table(&tables, "periods").rows;
        assert_eq!(periods.len(), 2);
        assert_eq!(periods[1][..4], [text("2021-01"), text("2020-12-21"), text("2021-01-20"), Value::Int(31)]);
        let phone: Vec<&Value> =
            table(&tables, "channel_groups").rows.iter().filter(|r| r[3] == Value::Bool(true)).map(|r| &r[4]).collect();
        assert_eq!(phone, [&text("电话"), &text("来电"), &text("热线电话"), &text("12345电话")]);
        let scalars = &table(&tables, "scalars").rows;
        assert!(scalars.contains(&vec![text("consultation.top_n"), text("5")]));
        assert!(scalars.contains(&vec![text("quality.window_days"), text("30")]));
        let terms = &table(&tables, "topic_terms").rows;
        assert!(terms.contains(&vec![text("economic"), Value::Int(1), text("keyword"), text("假烟")]));
        // The standard's codes, each level named as the core reads the code.
        let codes = &table(&tables, "category_codes").rows;
        let levels = |code: &str| codes.iter().find(|r| r[0] == text(code)).map(|r| r[1..].to_vec());
        assert_eq!(levels("040603"), Some(vec![text("自然资源与环境保护"), text("矿产能源"), text("矿产资源管理")]));
        assert_eq!(levels("13"), Some(vec![text("政风行风党风"), Value::Null, Value::Null]));
        assert!(codes.len() > 600, "{} codes", codes.len());
        let watched = &table(&tables, "watched_dimensions").rows;
        assert_eq!(watched[0], [Value::Int(0), text("category1"), text(""), text("一级分类")]);
        assert_eq!(watched[6], [Value::Int(6), text("topic"), text("consultation"), text("热点（咨询类）")]);
        for t in &tables {
            let batch = t.batch().unwrap();
            assert_eq!(batch.num_rows(), t.rows.len(), "{}", t.name);
        }
    }
}
