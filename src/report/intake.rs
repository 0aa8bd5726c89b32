//! 一、诉求量情况: 诉求总体情况, 二级处理平台话务量, 领导值班情况.

use super::numbering::Numbering;
use super::wording::{change, counted_inline, month, rate, year_month};
use super::{ChartKind, ChartSpec, Series, Writer};
use crate::notice::{Indicator, Notice, NoticeKind};
use crate::settings::Settings;
use crate::stats::Figures;

pub fn overall(w: &mut Writer, n: &mut Numbering, figures: &Figures, settings: &Settings, notices: &mut Vec<Notice>) {
    let intake = &figures.intake;
    w.heading(2, n.section("诉求总体情况"));
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
        None => notices.push(NoticeKind::IndicatorLeftOut { indicator: Indicator::InstantAnswer }.into()),
    }
    match intake.on_time.as_ref().and_then(rate) {
        Some(r) => indicators.push(format!("按时办结{r}")),
        None => notices.push(NoticeKind::IndicatorLeftOut { indicator: Indicator::OnTime }.into()),
    }
    match intake.satisfaction.as_ref().and_then(rate) {
        Some(r) => indicators.push(format!("服务满意率{r}")),
        None => notices.push(NoticeKind::IndicatorLeftOut { indicator: Indicator::Satisfaction }.into()),
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

pub fn secondary_platforms(w: &mut Writer, n: &mut Numbering, figures: &Figures, notices: &mut Vec<Notice>) {
    let Some(secondary) = &figures.secondary else {
        notices.push(NoticeKind::NoSecondaryPlatforms.into());
        return;
    };
    w.heading(2, n.section("二级处理平台话务量"));
    let items: Vec<String> = secondary.by_county.iter().map(counted_inline).collect();
    w.paragraph(
        "intake.secondary",
        format!(
            "{}，二级处理平台共接市民来电{}宗，分别为：{}。",
            month(figures.period.month),
            secondary.total,
            items.join("；")
        ),
    );
    w.chart(ChartSpec {
        id: "secondary-platforms".into(),
        caption: format!("{}二级处理平台话务量总体情况数据图分布", year_month(figures.period.month)),
        kind: ChartKind::Pie,
        categories: secondary.by_county.iter().map(|c| c.name.clone()).collect(),
        series: vec![Series {
            name: "二级平台话务量".into(),
            values: secondary.by_county.iter().map(|c| c.count).collect(),
        }],
        unit: "宗".into(),
    });
}

pub fn leader_duty(
    w: &mut Writer,
    n: &mut Numbering,
    figures: &Figures,
    settings: &Settings,
    notices: &mut Vec<Notice>,
) {
    let Some(duty) = &figures.leader_duty else {
        notices.push(NoticeKind::NoLeaderDuty.into());
        return;
    };
    let rank = &settings.leader_rank;
    w.heading(2, n.section(&format!("{rank}领导值班情况")));
    let mut details = vec![format!("直接答复群众{}宗", duty.direct_answers)];
    if let Some(r) = rate(&duty.reply) {
        details.push(format!("回复率{r}"));
    }
    if duty.transferred > 0 {
        details.push(format!("转派相关部门办理{}宗", duty.transferred));
        if let Some(closed) = &duty.closed {
            details.push(format!("已办结{}宗", closed.num));
            if let Some(r) = rate(closed) {
                details.push(format!("办结率{r}"));
            }
        }
    }
    if let Some(r) = duty.satisfaction.as_ref().and_then(rate) {
        details.push(format!("群众满意率{r}"));
    }
    let roster: Vec<String> = duty.roster.iter().map(|u| format!("{}{}", u.unit, u.leaders.join("、"))).collect();
    w.paragraph(
        "intake.leader_duty",
        format!(
            "{}，有{}名{}领导到12345平台值班，共接听电话{}宗（其中，{}）。值班领导名单：{}。（排名按值班时间先后顺序）",
            month(figures.period.month),
            duty.leaders,
            rank,
            duty.calls,
            details.join("，"),
            roster.join("；"),
        ),
    );
}
