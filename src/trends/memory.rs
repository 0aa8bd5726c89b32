//! Memory across analyses, on this machine only: each analysed month's counts (never its
//! tickets) with the fingerprint of the settings they were counted under. The page keeps
//! them in the browser (IndexedDB); a later analysis of one month borrows the earlier months
//! from them, so its trends and early warning have a history. Counts made under other
//! settings are not mixed in: the analysis names them instead.

use serde::{Deserialize, Serialize};

use super::rates::{Rate, RateSeries};
use super::{every_month, DimensionSeries, Series, ValueSeries};
use crate::period::MonthId;
use crate::query::Facet;
use crate::sections::FieldKind;
use crate::settings::Settings;

/// The shape of a month's summary; a summary of another version is not read.
pub const VERSION: u32 = 1;

/// One statistical month's counts as an analysis left them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MonthSummary {
    pub version: u32,
    #[serde(with = "month_text")]
    pub month: MonthId,
    /// Of the settings the counts depend on (`fingerprint`).
    pub fingerprint: String,
    /// The files the month was read from.
    pub files: Vec<String>,
    /// Every record of the month, valid or not.
    pub records: u64,
    /// Valid tickets per value of each dimension.
    pub dimensions: Vec<DimensionCounts>,
    pub rates: Vec<RateCounts>,
    /// The units' scorecard of the month, when it was the month reported and had one: next
    /// month's letter tells each unit's change from it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scores: Option<UnitScores>,
}

/// Each ranked unit's composite score, under the scoring settings it was made with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitScores {
    /// Of the scorecard's settings (`scoring_fingerprint`): scores made under other weights
    /// are no base for a change.
    pub fingerprint: String,
    pub units: Vec<(String, f64)>,
}

/// The settings a unit's score depends on besides the counting ones: the repeats' window
/// and similarity, the closure days, the weights and thresholds, the least tickets ranked.
pub fn scoring_fingerprint(settings: &Settings) -> String {
    let quality = serde_json::to_value(&settings.sections.quality).unwrap_or_default();
    let mut scoring = quality.as_object().cloned().unwrap_or_default();
    for wording in ["recommendation", "enabled", "clusters_shown", "units_listed", "repeated_min"] {
        scoring.remove(wording);
    }
    let text = serde_json::json!([fingerprint(settings), scoring]).to_string();
    let hash =
        text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |hash, byte| (hash ^ byte as u64).wrapping_mul(0x0100_0000_01b3));
    format!("{hash:016x}")
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DimensionCounts {
    pub facet: Facet,
    /// (value as a selection writes it, valid tickets)
    pub values: Vec<(String, u32)>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RateCounts {
    pub rate: Rate,
    pub part: u32,
    pub whole: u32,
}

/// The settings the remembered counts depend on, hashed: the month rule, how columns and
/// values are read, the channel groups, regions, and each section's topic and names (the
/// transfer category and first-level category a topic is looked for in). Wording, rankings'
/// lengths, switches and the letter's other choices are left out, so editing a
/// recommendation keeps the memory usable.
pub fn fingerprint(settings: &Settings) -> String {
    let sections = serde_json::to_value(&settings.sections).unwrap_or_default();
    let topics: Vec<serde_json::Value> = crate::sections::describe()
        .into_iter()
        .flat_map(|section| {
            let values = sections.get(section.key).cloned().unwrap_or_default();
            section
                .fields
                .into_iter()
                .filter(|f| matches!(f.kind, FieldKind::Topic | FieldKind::Name))
                .map(move |f| serde_json::json!([section.key, f.key, values.get(f.key)]))
        })
        .collect();
    let counted = serde_json::json!({
        "start_day": settings.period.start_day,
        "column_rules": settings.column_rules,
        "channel_groups": settings.channel_groups,
        "ticket_types": settings.ticket_types,
        "transfer_methods": settings.transfer_methods,
        "transfer_categories": settings.transfer_categories,
        "satisfaction": settings.satisfaction,
        "yes_no": settings.yes_no,
        "closed_statuses": settings.closed_statuses,
        "regions": settings.regions,
        "region_aliases": settings.region_aliases,
        "secondary_platform_suffix": settings.secondary_platform_suffix,
        "topics": topics,
    });
    // FNV-1a: a stable hash with no crate, the same in the browser and natively.
    let hash = counted
        .to_string()
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325u64, |hash, byte| (hash ^ byte as u64).wrapping_mul(0x0100_0000_01b3));
    format!("{hash:016x}")
}

/// The months of `series` worth remembering: those the data covers whole (`complete`: a
/// file cut mid-month, or read under another month rule, would otherwise stand for the whole
/// month later) and holds a real share of, with `records` per month as the analysis counted
/// them.
pub fn summaries(
    series: &Series,
    records: &[(MonthId, u64)],
    complete: impl Fn(MonthId) -> bool,
    files_of: impl Fn(MonthId) -> Vec<String>,
    fingerprint: &str,
) -> Vec<MonthSummary> {
    let held = crate::analysis::held_months(records);
    records
        .iter()
        .filter(|(month, _)| held.contains(month) && series.held.contains(month) && complete(*month))
        .filter_map(|&(month, records)| {
            let at = series.at(month)?;
            Some(MonthSummary {
                version: VERSION,
                month,
                fingerprint: fingerprint.to_string(),
                files: files_of(month),
                records,
                dimensions: series
                    .dimensions
                    .iter()
                    .map(|d| DimensionCounts {
                        facet: d.facet.clone(),
                        values: d
                            .values
                            .iter()
                            .filter(|v| v.counts[at] > 0)
                            .map(|v| (v.value.clone(), v.counts[at]))
                            .collect(),
                    })
                    .collect(),
                rates: series
                    .rates
                    .iter()
                    .map(|r| RateCounts { rate: r.rate, part: r.part[at], whole: r.whole[at] })
                    .collect(),
                scores: None,
            })
        })
        .collect()
}

/// The remembered months an analysis may use (made under the same settings), and the
/// months left out because their settings differ.
pub fn usable(remembered: &[MonthSummary], fingerprint: &str) -> (Vec<MonthSummary>, Vec<MonthId>) {
    let (same, other): (Vec<&MonthSummary>, Vec<&MonthSummary>) =
        remembered.iter().filter(|m| m.version == VERSION).partition(|m| m.fingerprint == fingerprint);
    let mut other: Vec<MonthId> = other.iter().map(|m| m.month).collect();
    other.sort();
    other.dedup();
    (same.into_iter().cloned().collect(), other)
}

impl Series {
    /// The series with the remembered months the data does not hold added (the data's own
    /// count of a month always wins). Values only memory knows are added too.
    pub fn remember(&mut self, remembered: &[MonthSummary]) {
        let mut borrowed: Vec<&MonthSummary> = remembered.iter().filter(|m| !self.held.contains(&m.month)).collect();
        borrowed.sort_by_key(|m| m.month);
        borrowed.dedup_by_key(|m| m.month);
        if borrowed.is_empty() {
            return;
        }
        // Every month shown so far (stray ones included) and the borrowed ones.
        let mut all: Vec<MonthId> = self.months.clone();
        all.extend(borrowed.iter().map(|m| m.month));
        let months = every_month(&all);
        let place: Vec<usize> =
            self.months.iter().map(|m| months.iter().position(|x| x == m).expect("every month kept")).collect();
        let widen = |counts: &[u32]| {
            let mut wide = vec![0; months.len()];
            for (i, &n) in counts.iter().enumerate() {
                wide[place[i]] = n;
            }
            wide
        };
        for dimension in &mut self.dimensions {
            for value in &mut dimension.values {
                value.counts = widen(&value.counts);
            }
        }
        for rate in &mut self.rates {
            rate.part = widen(&rate.part);
            rate.whole = widen(&rate.whole);
        }
        for summary in &borrowed {
            let at = months.iter().position(|m| *m == summary.month).expect("every month kept");
            // A few stray records the data has of the month give way to memory's whole month.
            for dimension in &mut self.dimensions {
                for value in &mut dimension.values {
                    value.counts[at] = 0;
                }
            }
            for rate in &mut self.rates {
                rate.part[at] = 0;
                rate.whole[at] = 0;
            }
            for counts in &summary.dimensions {
                let Some(dimension) = self.dimensions.iter_mut().find(|d| d.facet == counts.facet) else { continue };
                for (value, count) in &counts.values {
                    add(dimension, value, at, *count, months.len());
                }
            }
            for counts in &summary.rates {
                if let Some(rate) = self.rates.iter_mut().find(|r: &&mut RateSeries| r.rate == counts.rate) {
                    rate.part[at] = counts.part;
                    rate.whole[at] = counts.whole;
                }
            }
        }
        self.months = months;
        self.remembered = borrowed.iter().map(|m| m.month).collect();
    }
}

fn add(dimension: &mut DimensionSeries, value: &str, at: usize, count: u32, width: usize) {
    match dimension.values.iter_mut().find(|v| v.value == value) {
        Some(series) => series.counts[at] = count,
        None => {
            let mut counts = vec![0; width];
            counts[at] = count;
            let label = dimension.facet.value_label(value);
            dimension.values.push(ValueSeries { value: value.to_string(), label, counts });
        }
    }
}

/// One remembered month as the page keeps it, with when it was kept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct KeptMonth {
    /// When the analysis kept it (ISO 8601, the browser's clock).
    pub saved_at: String,
    pub summary: MonthSummary,
}

/// What 导出 writes and 导入 reads: every kept month in one JSON file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct MemoryFile {
    kind: String,
    version: u32,
    months: Vec<KeptMonth>,
}

const FILE_KIND: &str = "12345-hotline-memory";

/// The file `导出` writes.
pub fn write_file(months: Vec<KeptMonth>) -> String {
    let file = MemoryFile { kind: FILE_KIND.into(), version: VERSION, months };
    serde_json::to_string_pretty(&file).expect("plain data serialises")
}

/// The months of a file `导出` wrote, or what is wrong with it, in words.
pub fn read_file(text: &str) -> Result<Vec<KeptMonth>, String> {
    let value: serde_json::Value = serde_json::from_str(text)
        .map_err(|e| format!("文件不是有效的 JSON（第{}行第{}列）。", e.line(), e.column()))?;
    if value.get("kind").and_then(|k| k.as_str()) != Some(FILE_KIND) {
        return Err("这不是本工具导出的“本机记住的月份”文件。".into());
    }
    let file: MemoryFile = serde_json::from_value(value).map_err(|e| format!("文件内容无法读取：{e}。"))?;
    if let Some(other) = file.months.iter().find(|m| m.summary.version != VERSION) {
        return Err(format!(
            "{}的汇总是另一版本（{}）的格式，本版本（{VERSION}）无法读取。",
            other.summary.month, other.summary.version
        ));
    }
    Ok(file.months)
}

/// A month as the page and the exported file write it: `2021-01`.
mod month_text {
    use serde::{Deserialize, Deserializer, Serializer};

    use crate::period::MonthId;

    pub fn serialize<S: Serializer>(month: &MonthId, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&month.to_string())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<MonthId, D::Error> {
        let text = String::deserialize(deserializer)?;
        MonthId::parse(&text).ok_or_else(|| serde::de::Error::custom(format!("月份“{text}”无法识别，应写作 2021-01")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(month: u32) -> MonthId {
        MonthId { year: 2021, month }
    }

    fn series(months: &[MonthId], town: &[u32]) -> Series {
        let values = vec![ValueSeries { value: "石城镇".into(), label: "石城镇".into(), counts: town.to_vec() }];
        Series {
            months: months.to_vec(),
            dimensions: vec![DimensionSeries { facet: Facet::Town, label: "镇街".into(), values }],
            rates: Vec::new(),
            remembered: Vec::new(),
            held: months.to_vec(),
        }
    }

    fn summary(month: MonthId, fingerprint: &str, towns: &[(&str, u32)]) -> MonthSummary {
        MonthSummary {
            version: VERSION,
            month,
            fingerprint: fingerprint.into(),
            files: vec!["a.csv".into()],
            records: 100,
            dimensions: vec![DimensionCounts {
                facet: Facet::Town,
                values: towns.iter().map(|(v, n)| (v.to_string(), *n)).collect(),
            }],
            rates: Vec::new(),
            scores: None,
        }
    }

    #[test]
    fn remembered_months_come_before_the_data_and_the_data_wins_its_own_month() {
        let mut s = series(&[m(3)], &[30]);
        s.remember(&[summary(m(1), "f", &[("石城镇", 10), ("雷城街道", 4)]), summary(m(3), "f", &[("石城镇", 99)])]);
        assert_eq!(s.months, [m(1), m(2), m(3)]);
        assert_eq!(s.remembered, [m(1)]);
        let towns = &s.dimensions[0].values;
        assert_eq!(towns[0].counts, [10, 0, 30], "the data's March, not memory's");
        assert_eq!((towns[1].value.as_str(), towns[1].counts.as_slice()), ("雷城街道", &[4, 0, 0][..]));
    }

    #[test]
    fn a_few_stray_records_outside_the_remembered_months_neither_crash_nor_hide_memory() {
        // March with three stray records of April, January and February remembered; and a
        // stray record of February, which memory holds whole.
        let mut s = series(&[m(2), m(3), m(4)], &[1, 300, 3]);
        s.held = vec![m(3)];
        s.remember(&[summary(m(1), "f", &[("石城镇", 250)]), summary(m(2), "f", &[("石城镇", 280)])]);
        assert_eq!(s.months, [m(1), m(2), m(3), m(4)]);
        assert_eq!(s.dimensions[0].values[0].counts, [250, 280, 300, 3]);
        assert_eq!(s.present(), [true, true, true, false]);
    }

    #[test]
    fn a_summary_round_trips_through_json_and_other_settings_are_set_aside() {
        let kept = summary(m(1), "f", &[("石城镇", 10)]);
        let json = serde_json::to_string(&kept).unwrap();
        assert!(json.contains("\"month\":\"2021-01\""), "{json}");
        assert_eq!(serde_json::from_str::<MonthSummary>(&json).unwrap(), kept);
        let (same, other) = usable(&[kept.clone(), summary(m(2), "g", &[])], "f");
        assert_eq!((same, other), (vec![kept], vec![m(2)]));
    }

    #[test]
    fn the_exported_file_reads_back_and_a_foreign_file_is_named_as_such() {
        let kept = vec![KeptMonth {
            saved_at: "2021-02-01T08:00:00Z".into(),
            summary: summary(m(1), "f", &[("石城镇", 3)]),
        }];
        assert_eq!(read_file(&write_file(kept.clone())), Ok(kept));
        assert_eq!(read_file("{\"months\":[]}"), Err("这不是本工具导出的“本机记住的月份”文件。".into()));
        assert!(read_file("{").unwrap_err().starts_with("文件不是有效的 JSON"));
    }

    #[test]
    fn only_changes_to_counting_change_the_fingerprint() {
        let settings = Settings::default();
        let mut worded = settings.clone();
        worded.city = "茂名市".into();
        assert_eq!(fingerprint(&settings), fingerprint(&worded));
        worded.sections.consultation.recommendation = "加强宣传".into();
        worded.sections.consultation.top_n = 3;
        assert_eq!(fingerprint(&settings), fingerprint(&worded));
        let mut counted = settings.clone();
        counted.period.start_day = 1;
        assert_ne!(fingerprint(&settings), fingerprint(&counted));
        let mut scoped = settings.clone();
        scoped.sections.livelihood.topic_category = "市容城管".into();
        assert_ne!(fingerprint(&settings), fingerprint(&scoped), "where a topic is looked for counts");
    }

    #[test]
    fn stray_records_of_a_neighbouring_month_are_not_remembered() {
        let s = series(&[m(1), m(2)], &[3, 60]);
        let kept = summaries(&s, &[(m(1), 12), (m(2), 6_000)], |_| true, |_| vec!["a.csv".into()], "f");
        assert_eq!(kept.iter().map(|k| k.month).collect::<Vec<_>>(), [m(2)]);
        assert_eq!(kept[0].dimensions[0].values, [("石城镇".to_string(), 60)]);
        assert!(
            summaries(&s, &[(m(2), 6_000)], |_| false, |_| Vec::new(), "f").is_empty(),
            "a month cut short is not kept"
        );
    }
}
