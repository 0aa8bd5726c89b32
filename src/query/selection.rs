//! A selection of tickets, as data: the statistical month, a value set per facet, words the
//! content must hold. Every figure carries the selection that produced it; the page's
//! explorer opens and edits one. It crosses to the page and into the URL hash as JSON, so
//! it holds names and codes, never ticket text beyond the analyst's own search words.

use serde::{Deserialize, Serialize};

use super::facet::Facet;
use chrono::NaiveDate;

use crate::period::{midnight, MonthId, Timestamp};

/// Tickets in `month` (all months when absent) whose value of each filter's facet is one of
/// its values, and whose content holds every word.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Selection {
    #[serde(skip_serializing_if = "Option::is_none", with = "month_text")]
    pub month: Option<MonthId>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub filters: Vec<Filter>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub words: Vec<String>,
    /// Tickets taken in on these days (intake date, both ends included).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dates: Option<DateRange>,
}

/// Days from `from` to `to`, both included; an end left out is open.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateRange {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<NaiveDate>,
}

impl DateRange {
    /// The times it holds: `[start, end)`.
    pub fn bounds(&self) -> (Timestamp, Timestamp) {
        let start = self.from.map_or(Timestamp::MIN, midnight);
        let end = self.to.and_then(|to| to.succ_opt()).map_or(Timestamp::MAX, midnight);
        (start, end)
    }
}

/// One facet's accepted values (any of them); `any` accepts every non-blank value besides
/// (a flag, not a value: a data value may read anything).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Filter {
    pub facet: Facet,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub any: bool,
}

impl Selection {
    /// Every ticket of a statistical month.
    pub fn month(month: MonthId) -> Selection {
        Selection { month: Some(month), ..Selection::default() }
    }

    /// This selection narrowed to `facet` = `value`.
    pub fn and(&self, facet: Facet, value: impl Into<String>) -> Selection {
        self.and_any(facet, [value.into()])
    }

    /// This selection narrowed to `facet` ∈ `values`.
    pub fn and_any(&self, facet: Facet, values: impl IntoIterator<Item = String>) -> Selection {
        let mut narrowed = self.clone();
        narrowed.filters.push(Filter { facet, values: values.into_iter().collect(), any: false });
        narrowed
    }

    /// This selection narrowed to tickets with any non-blank value of `facet`.
    pub fn and_present(&self, facet: Facet) -> Selection {
        let mut narrowed = self.clone();
        narrowed.filters.push(Filter { facet, values: Vec::new(), any: true });
        narrowed
    }

    /// The selection in words, one condition each: 统计月份：2021-01, 区县：廉江市、雷州市.
    pub fn describe(&self) -> Vec<String> {
        let mut conditions: Vec<String> = self.month.iter().map(|m| format!("统计月份：{m}")).collect();
        for filter in &self.filters {
            let mut values: Vec<String> = filter.values.iter().map(|v| filter.facet.value_label(v)).collect();
            if filter.any {
                values.push("全部".into());
            }
            conditions.push(format!("{}：{}", filter.facet.label(), values.join("、")));
        }
        if let Some(range) = self.dates.filter(|r| r.from.is_some() || r.to.is_some()) {
            let day = |d: Option<NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string());
            conditions.push(match (day(range.from), day(range.to)) {
                (Some(from), Some(to)) => format!("受理日期：{from} 至 {to}"),
                (Some(from), None) => format!("受理日期：{from} 起"),
                (None, Some(to)) => format!("受理日期：{to} 止"),
                (None, None) => unreachable!("filtered above"),
            });
        }
        if !self.words.is_empty() {
            conditions.push(format!("内容含：{}", self.words.join(" ")));
        }
        conditions
    }

    /// The same selection a month earlier (what a 比上月 figure compares with).
    pub fn previous_month(&self) -> Selection {
        Selection { month: self.month.map(MonthId::previous), ..self.clone() }
    }

    /// The same selection a year earlier (what a 比去年同期 figure compares with).
    pub fn year_ago(&self) -> Selection {
        Selection { month: self.month.map(|m| MonthId { year: m.year - 1, ..m }), ..self.clone() }
    }
}

/// A month as the page writes it: `2021-01`.
mod month_text {
    use serde::{Deserialize, Deserializer, Serializer};

    use crate::period::MonthId;

    pub fn serialize<S: Serializer>(month: &Option<MonthId>, serializer: S) -> Result<S::Ok, S::Error> {
        match month {
            Some(month) => serializer.serialize_str(&month.to_string()),
            None => serializer.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<MonthId>, D::Error> {
        match Option::<String>::deserialize(deserializer)? {
            None => Ok(None),
            Some(text) => MonthId::parse(&text)
                .map(Some)
                .ok_or_else(|| serde::de::Error::custom(format!("月份“{text}”无法识别，应写作 2021-01"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_selection_crosses_as_compact_json_and_back() {
        let january = MonthId { year: 2021, month: 1 };
        let selection =
            Selection::month(january).and(Facet::Valid, "yes").and_present(Facet::Topic("livelihood".into()));
        let json = serde_json::to_string(&selection).unwrap();
        assert_eq!(
            json,
            r#"{"month":"2021-01","filters":[{"facet":"valid","values":["yes"]},{"facet":{"topic":"livelihood"},"any":true}]}"#
        );
        assert_eq!(serde_json::from_str::<Selection>(&json).unwrap(), selection);
        assert_eq!(selection.previous_month().month, Some(MonthId { year: 2020, month: 12 }));
        assert_eq!(serde_json::from_str::<Selection>("{}").unwrap(), Selection::default());
        let days = r#"{"dates":{"from":"2021-01-05","to":"2021-01-06"}}"#;
        let ranged: Selection = serde_json::from_str(days).unwrap();
        assert_eq!(serde_json::to_string(&ranged).unwrap(), days);
        assert_eq!(ranged.describe(), ["受理日期：2021-01-05 至 2021-01-06"]);
        let (start, end) = ranged.dates.unwrap().bounds();
        assert_eq!((start, end - start), (midnight(NaiveDate::from_ymd_opt(2021, 1, 5).unwrap()), 2 * 86_400));
    }
}
