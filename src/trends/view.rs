//! The page's trends view, made from one `Series`: per dimension a line chart of its
//! leading values over the months and a bar chart of this month's leading values beside the
//! month before and the same month a year earlier; the service rates as lines. Every point
//! carries the selection of its tickets, as the letter's charts do.

use serde::Serialize;

use super::{DimensionSeries, Series, ValueSeries};
use crate::period::MonthId;
use crate::query::Selection;
use crate::report::wording::year_month;
use crate::report::{ChartKind, ChartSpec, Series as ChartSeries, NO_VALUE};

/// Lines on a dimension's chart, and bars on its month chart.
const LINES: usize = 6;
const BARS: usize = 10;

#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct TrendsView {
    /// The report's month.
    #[serde(serialize_with = "as_text")]
    pub month: MonthId,
    pub months: Vec<String>,
    /// Months whose counts come from this machine's memory: no tickets behind them.
    pub remembered: Vec<String>,
    pub dimensions: Vec<DimensionView>,
    /// The service rates over the months, when the data gives any.
    pub rates: Option<ChartSpec>,
}

#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct DimensionView {
    pub label: String,
    /// Values with tickets in any month.
    pub values: usize,
    pub line: ChartSpec,
    pub bar: ChartSpec,
}

fn as_text<S: serde::Serializer>(month: &MonthId, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&month.to_string())
}

pub fn trends_view(series: &Series, month: MonthId) -> TrendsView {
    let at = series.at(month);
    // A month neither in the data nor remembered is a gap in a line, never a zero.
    let present = series.present();
    let dimensions = series
        .dimensions
        .iter()
        .enumerate()
        .filter(|(_, d)| !d.values.is_empty())
        .map(|(i, d)| DimensionView {
            label: d.label.clone(),
            values: d.values.len(),
            line: line(i, d, &series.months, &present),
            bar: bar(i, d, &series.months, &present, month, at),
        })
        .collect();
    TrendsView {
        month,
        months: series.months.iter().map(|m| m.to_string()).collect(),
        remembered: series.remembered.iter().map(|m| m.to_string()).collect(),
        dimensions,
        rates: rates(series),
    }
}

/// The values with the most tickets by `weight`, most first (ties by name).
fn leading(d: &DimensionSeries, n: usize, weight: impl Fn(&ValueSeries) -> u64) -> Vec<&ValueSeries> {
    let mut values: Vec<&ValueSeries> = d.values.iter().collect();
    values.sort_by(|a, b| weight(b).cmp(&weight(a)).then(a.value.cmp(&b.value)));
    values.truncate(n);
    values
}

fn line(i: usize, d: &DimensionSeries, months: &[MonthId], present: &[bool]) -> ChartSpec {
    let values = leading(d, LINES, |v| v.counts.iter().map(|&n| n as u64).sum());
    ChartSpec {
        id: format!("trend-line-{i}"),
        caption: format!("各月{}有效工单量（前{}位）", d.label, values.len()),
        kind: ChartKind::Line,
        categories: months.iter().map(|m| m.to_string()).collect(),
        series: values
            .iter()
            .map(|v| {
                let points = months.iter().enumerate().map(|(at, &m)| {
                    (if present[at] { v.counts[at] as u64 } else { NO_VALUE }, v.selection(&d.facet, m))
                });
                ChartSeries::of(v.label.clone(), points)
            })
            .collect(),
        unit: "宗".into(),
    }
}

fn bar(
    i: usize,
    d: &DimensionSeries,
    months: &[MonthId],
    present: &[bool],
    month: MonthId,
    at: Option<usize>,
) -> ChartSpec {
    let values = leading(d, BARS, |v| at.map_or(0, |at| v.counts[at] as u64));
    let place = |m: MonthId| months.iter().position(|x| *x == m).filter(|&at| present[at]);
    let compared =
        [("去年同期", MonthId { year: month.year - 1, ..month }), ("上月", month.previous()), ("本月", month)];
    let series = compared
        .into_iter()
        .filter_map(|(name, m)| Some((name, m, place(m)?)))
        .map(|(name, m, at)| {
            ChartSeries::of(name, values.iter().map(|v| (v.counts[at] as u64, v.selection(&d.facet, m))))
        })
        .collect();
    ChartSpec {
        id: format!("trend-bar-{i}"),
        caption: format!("{}{}有效工单量前{}位", year_month(month), d.label, values.len()),
        kind: ChartKind::Bar,
        categories: values.iter().map(|v| v.label.clone()).collect(),
        series,
        unit: "宗".into(),
    }
}

fn rates(series: &Series) -> Option<ChartSpec> {
    if series.rates.is_empty() {
        return None;
    }
    let present = series.present();
    let lines = series
        .rates
        .iter()
        .map(|r| {
            let points = series.months.iter().enumerate().map(|(at, &m)| {
                let selection = Selection { month: Some(m), ..r.part_selection.clone() };
                (r.basis_points(at).filter(|_| present[at]).unwrap_or(NO_VALUE), selection)
            });
            ChartSeries::of(r.label.clone(), points)
        })
        .collect();
    Some(ChartSpec {
        id: "trend-rates".into(),
        caption: "各月服务指标".into(),
        kind: ChartKind::RateLine,
        categories: series.months.iter().map(|m| m.to_string()).collect(),
        series: lines,
        unit: "%".into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::Facet;

    fn m(year: i32, month: u32) -> MonthId {
        MonthId { year, month }
    }

    fn m_prev() -> MonthId {
        m(2020, 12)
    }

    #[test]
    fn the_month_chart_shows_last_year_and_last_month_when_the_data_has_them() {
        let months: Vec<MonthId> = std::iter::successors(Some(m(2020, 1)), |x| Some(x.next())).take(13).collect();
        let counts: Vec<u32> = (0..13).map(|i| 10 + i).collect();
        let town = ValueSeries { value: "石城镇".into(), label: "石城镇".into(), counts };
        let series = Series {
            months: months.clone(),
            dimensions: vec![DimensionSeries { facet: Facet::Town, label: "镇街".into(), values: vec![town] }],
            rates: Vec::new(),
            remembered: vec![m(2020, 1)],
            held: months[1..].to_vec(),
        };
        let view = trends_view(&series, m(2021, 1));
        let bar = &view.dimensions[0].bar;
        let names: Vec<&str> = bar.series.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["去年同期", "上月", "本月"]);
        assert_eq!(bar.series.iter().map(|s| s.values[0]).collect::<Vec<_>>(), [10, 21, 22]);
        assert_eq!(bar.series[0].selections[0].month, Some(m(2020, 1)));
        assert_eq!(view.remembered, ["2020-01"]);
        assert_eq!(view.dimensions[0].line.series[0].values.len(), 13);
        // A month with no data is a gap in the line and no bar.
        let mut gap = series.clone();
        gap.held.retain(|m| *m != m_prev());
        let view = trends_view(&gap, m(2021, 1));
        assert_eq!(view.dimensions[0].line.series[0].values[11], NO_VALUE);
        let names: Vec<&str> = view.dimensions[0].bar.series.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["去年同期", "本月"]);
        // Without the month a year earlier, the chart compares with last month only.
        let view = trends_view(&series, m(2020, 6));
        let names: Vec<&str> = view.dimensions[0].bar.series.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["上月", "本月"]);
    }
}
