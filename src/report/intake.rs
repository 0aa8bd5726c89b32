//! 一、诉求量情况: （一）诉求总体情况.

use super::wording::{change, month, rate, year_month};
use super::{ChartKind, ChartSpec, Series, Writer};
use crate::settings::Settings;
use crate::stats::Figures;

pub fn overall(w: &mut Writer, figures: &Figures, settings: &Settings, notices: &mut Vec<String>) {
    let intake = &figures.intake;
    w.heading(2, "（一）诉求总体情况");
    let groups: Vec<String> = intake
        .groups
        .iter()
        .filter(|g| g.count.current > 0 || g.count.previous.unwrap_or(0) > 0)
        .map(|g| {
            let mut clause = format!("{}{}宗", g.label, g.count.current);
            if let Some(c) = change(&g.count) {
                clause.push_str(&format!("，{c}"));
            }
            if let (true, Some(avg)) = (g.is_phone, intake.phone_daily_average) {
                clause.push_str(&format!("，日均话务量{avg}宗"));
            }
            clause
        })
        .collect();
    let mut text = format!(
        "{}，{}{}共收到群众诉求{}宗",
        month(figures.period.month),
        settings.city,
        settings.hotline,
        intake.total.current
    );
    if !groups.is_empty() {
        text.push_str(&format!("（其中{}）", groups.join("；")));
    }
    if let Some(c) = change(&intake.total) {
        text.push_str(&format!("，{c}"));
    }
    let mut indicators = Vec::new();
    match rate(&intake.instant_answer) {
        Some(r) => indicators.push(format!("即时解答率{r}")),
        None => notices.push("本月没有咨询工单，即时解答率从略。".into()),
    }
    match intake.on_time.as_ref().and_then(rate) {
        Some(r) => indicators.push(format!("按时办结{r}")),
        None => notices.push("缺少办结期限或没有转办工单，按时办结率从略。".into()),
    }
    match intake.satisfaction.as_ref().and_then(rate) {
        Some(r) => indicators.push(format!("服务满意率{r}")),
        None => notices.push("缺少满意度或没有评价，服务满意率从略。".into()),
    }
    for indicator in indicators {
        text.push_str(&format!("，{indicator}"));
    }
    text.push('。');
    w.paragraph("intake.overall", text);

    let shown: Vec<_> =
        intake.groups.iter().filter(|g| g.count.current > 0 || g.count.previous.unwrap_or(0) > 0).collect();
    let label = |g: &crate::stats::intake::ChannelGroupCount| {
        let short =
            settings.channel_groups.iter().find(|c| c.label == g.label).map(|c| c.short_label.as_str()).unwrap_or("");
        if short.is_empty() {
            g.label.clone()
        } else {
            short.to_string()
        }
    };
    let mut series = vec![Series { name: "本月".into(), values: shown.iter().map(|g| g.count.current).collect() }];
    if figures.previous.is_some() {
        series.insert(
            0,
            Series { name: "上月".into(), values: shown.iter().map(|g| g.count.previous.unwrap_or(0)).collect() },
        );
    }
    w.chart(ChartSpec {
        id: "intake-by-channel".into(),
        caption: format!("{}群众诉求数据图分布", year_month(figures.period.month)),
        kind: ChartKind::Bar,
        categories: shown.iter().map(|g| label(g)).collect(),
        series,
        unit: "宗".into(),
    });
}
