//! Chart specs as ECharts options, built with charming. Plain data in, a `Chart` out: the
//! page renders it on the main thread, exports draw it without animation.

use charming::component::{Axis, Grid, Legend};
use charming::element::{AxisLabel, AxisType, Formatter, Label, LabelPosition, Tooltip, Trigger};
use charming::series::{Bar, Line, Pie};
use charming::Chart;

use super::{ChartKind, ChartSpec};

pub fn chart(spec: &ChartSpec) -> Chart {
    let chart = Chart::new().animation(false);
    match spec.kind {
        ChartKind::Bar => bar(chart, spec),
        ChartKind::Pie => pie(chart, spec),
        ChartKind::Line | ChartKind::RateLine => line(chart, spec),
    }
}

/// Months along the bottom, a line per series; a rate's points in percent.
fn line(mut chart: Chart, spec: &ChartSpec) -> Chart {
    let rate = spec.kind == ChartKind::RateLine;
    let mut y = Axis::new().type_(AxisType::Value).name(spec.unit.clone());
    // Rates sit near 100%: the axis starts near the lowest, so a fall of a point shows.
    y = if rate { y.scale(true) } else { y.min_interval(1) };
    chart = chart
        .tooltip(Tooltip::new().trigger(Trigger::Axis))
        .legend(Legend::new().top("0"))
        .grid(Grid::new().left("3%").right("4%").bottom("3%").top("16%").contain_label(true))
        .x_axis(
            Axis::new()
                .type_(AxisType::Category)
                .boundary_gap(charming::element::BoundaryGap::CategoryAxis(false))
                .data(spec.categories.clone()),
        )
        .y_axis(y);
    for series in &spec.series {
        let data: Vec<Option<f64>> = series
            .values
            .iter()
            .map(|&v| match (rate, v) {
                (_, crate::report::NO_VALUE) => None,
                (true, v) => Some(v as f64 / 100.0),
                (false, v) => Some(v as f64),
            })
            .collect();
        chart = chart.series(Line::new().name(series.name.clone()).data(data).connect_nulls(false));
    }
    chart
}

fn bar(mut chart: Chart, spec: &ChartSpec) -> Chart {
    chart = chart
        .tooltip(Tooltip::new().trigger(Trigger::Axis))
        .grid(
            Grid::new()
                .left("3%")
                .right("4%")
                .bottom("3%")
                .top(if spec.series.len() > 1 { "14%" } else { "8%" })
                .contain_label(true),
        )
        .x_axis(
            Axis::new()
                .type_(AxisType::Category)
                .data(spec.categories.clone())
                .axis_label(AxisLabel::new().interval(0).font_size(12)),
        )
        // Counts are whole: no 0.5 ticks on a small month.
        .y_axis(Axis::new().type_(AxisType::Value).name(spec.unit.clone()).min_interval(1));
    if spec.series.len() > 1 {
        chart = chart.legend(Legend::new().top("0"));
    }
    for series in &spec.series {
        chart = chart.series(
            Bar::new()
                .name(series.name.clone())
                .bar_width("32%")
                .label(Label::new().show(true).position(LabelPosition::Top))
                .data(series.values.iter().map(|&v| v as i64).collect()),
        );
    }
    chart
}

fn pie(chart: Chart, spec: &ChartSpec) -> Chart {
    let values = spec.series.first().map(|s| s.values.clone()).unwrap_or_default();
    let data: Vec<(i64, String)> =
        values.iter().zip(&spec.categories).map(|(&v, name)| (v as i64, name.clone())).collect();
    chart
        .tooltip(
            Tooltip::new()
                .trigger(Trigger::Item)
                .formatter(Formatter::String(format!("{{b}}：{{c}}{}（{{d}}%）", spec.unit))),
        )
        .legend(Legend::new().bottom("0"))
        .series(
            Pie::new()
                .name(spec.series.first().map(|s| s.name.clone()).unwrap_or_default())
                .radius(vec!["0%", "62%"])
                .center(vec!["50%", "46%"])
                .label(
                    Label::new()
                        .show(true)
                        .formatter(Formatter::String(format!("{{b}}\n{{c}}{}（{{d}}%）", spec.unit))),
                )
                .data(data),
        )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Series;

    fn spec(kind: ChartKind) -> ChartSpec {
        ChartSpec {
            id: "c".into(),
            caption: "图".into(),
            kind,
            categories: vec!["咨询工单".into(), "投诉工单".into()],
            series: vec![Series { name: "有效工单".into(), values: vec![47614, 8475], selections: vec![] }],
            unit: "宗".into(),
        }
    }

    #[test]
    fn bar_option_carries_categories_values_and_no_animation() {
        let option: serde_json::Value = serde_json::from_str(&chart(&spec(ChartKind::Bar)).to_string()).unwrap();
        assert_eq!(option["animation"], false);
        assert_eq!(option["xAxis"]["data"][1], "投诉工单");
        assert_eq!(option["series"][0]["data"][0], 47614);
        assert_eq!(option["series"][0]["type"], "bar");
    }

    #[test]
    fn a_rate_line_draws_percent_and_leaves_a_month_without_whole_empty() {
        let mut spec = spec(ChartKind::RateLine);
        spec.series[0].values = vec![9_750, crate::report::NO_VALUE];
        let option: serde_json::Value = serde_json::from_str(&chart(&spec).to_string()).unwrap();
        assert_eq!(option["series"][0]["type"], "line");
        assert_eq!(option["series"][0]["data"][0], 97.5);
        assert!(option["series"][0]["data"][1].is_null());
    }

    /// The page bundles only some of ECharts (scripts/echarts-bundle.mjs): an option that
    /// needs a chart type or component left out would draw nothing, silently.
    #[test]
    fn charts_use_only_what_the_page_bundles() {
        let bundle = include_str!("../../scripts/echarts-bundle.mjs");
        let bundled = |name: &str| bundle.contains(&format!("{name},")) || bundle.contains(&format!("{name} }}"));
        for kind in [ChartKind::Bar, ChartKind::Pie, ChartKind::Line, ChartKind::RateLine] {
            let mut two_series = spec(kind);
            two_series.series.push(two_series.series[0].clone());
            for spec in [spec(kind), two_series] {
                let option: serde_json::Value = serde_json::from_str(&chart(&spec).to_string()).unwrap();
                for (key, value) in option.as_object().unwrap() {
                    let needs = match key.as_str() {
                        "animation" => continue,
                        // Axes are drawn by the grid component.
                        "grid" | "xAxis" | "yAxis" => "GridComponent".to_string(),
                        "legend" => "LegendComponent".to_string(),
                        "tooltip" => "TooltipComponent".to_string(),
                        "series" => {
                            for series in value.as_array().unwrap() {
                                let kind = series["type"].as_str().unwrap();
                                let chart = format!("{}{}Chart", kind[..1].to_uppercase(), &kind[1..]);
                                assert!(bundled(&chart), "{kind} series need {chart} in scripts/echarts-bundle.mjs");
                            }
                            continue;
                        }
                        other => panic!("option key {other} may need a component scripts/echarts-bundle.mjs lacks"),
                    };
                    assert!(bundled(&needs), "{key} needs {needs} in scripts/echarts-bundle.mjs");
                }
            }
        }
    }

    #[test]
    fn pie_option_pairs_names_with_values() {
        let option: serde_json::Value = serde_json::from_str(&chart(&spec(ChartKind::Pie)).to_string()).unwrap();
        assert_eq!(option["series"][0]["type"], "pie");
        assert_eq!(option["series"][0]["data"][0]["name"], "咨询工单");
        assert_eq!(option["series"][0]["data"][0]["value"], 47614);
    }
}
