//! 一（一）诉求总体情况: intake by channel group, the phone daily average and the service rates.

use serde::Serialize;

use super::fields::NoSettings;
use super::parts::YearAgo;
use crate::notice::{Indicator, Notice, NoticeKind};
use crate::report::links;
use crate::report::numbering::Numbering;
use crate::report::wording::{change, month, rate, year_month};
use crate::report::{ChartKind, ChartSpec, Series, Writer};
use crate::settings::Settings;
use crate::query::{Facet, NO, YES};
use crate::stats::ratio::{divide_rounded, rank, Change, Count, Ratio, Share};
use crate::stats::{Evaluation, Figures, View};
use crate::table::Field;

#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct IntakeFigures {
    /// Every record in the period, valid or not.
    pub total: Change,
    pub groups: Vec<ChannelGroupCount>,
    /// Channel values in no group: counted in the total, listed for the user to assign.
    /// The blank value is named "" (it cannot be assigned).
    pub unassigned_channels: Vec<Share>,
    /// Satisfaction values in none of the settings' lists: left out of the rate, listed
    /// for the user to assign.
    pub unknown_satisfaction: Vec<Share>,
    pub days: i64,
    pub phone_daily_average: Option<u64>,
    /// Consultations answered without transfer ÷ consultations.
    pub instant_answer: Ratio,
    /// Transferred tickets closed by their deadline ÷ transferred tickets; None without deadlines.
    pub on_time: Option<Ratio>,
    /// Satisfied ÷ evaluated valid tickets; None without a satisfaction column.
    pub satisfaction: Option<Ratio>,
}

#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct ChannelGroupCount {
    pub label: String,
    pub is_phone: bool,
    pub count: Change,
}

pub fn compute(view: &View, _: &NoSettings) -> IntakeFigures {
    let table = view.table;
    let settings = view.settings;
    let current = View::counts(&table.channel, &view.current_rows);
    let previous = View::counts(&table.channel, &view.previous_rows);
    let has_previous = view.previous.is_some();
    let year_ago = YearAgo::new(view);
    let month = view.this_month();
    let all = Count::of(view.current_rows.len() as u64, month.clone());
    let mut assigned = vec![false; table.channel.symbols.len()];
    let groups: Vec<ChannelGroupCount> = settings
        .channel_groups
        .iter()
        .map(|group| {
            // A spelling listed twice ("电话", " 电话") is one channel, counted once.
            let mut codes = table.channel.codes_of(&group.channels);
            codes.sort_unstable();
            codes.dedup();
            for &code in &codes {
                assigned[code as usize] = true;
            }
            let sum = |counts: &[u64]| codes.iter().map(|&c| counts[c as usize]).sum::<u64>();
            let spellings = codes.iter().map(|&c| table.channel.symbols.name(c).to_string());
            ChannelGroupCount {
                label: group.label.clone(),
                is_phone: group.is_phone,
                count: year_ago.add(Change::of(
                    sum(&current),
                    has_previous.then(|| sum(&previous)),
                    month.and_any(Facet::Channel, spellings),
                )),
            }
        })
        .collect();
    let share_of_all = |facet: Facet, name: &str, count: u64| {
        Share::of(name, count, month.and(facet, name), all.count, all.selection.clone())
    };
    let mut unassigned_channels: Vec<Share> = (0..current.len())
        .filter(|&code| !assigned[code] && current[code] > 0)
        .map(|code| share_of_all(Facet::Channel, table.channel.symbols.name(code as u32), current[code]))
        .collect();
    rank(&mut unassigned_channels, |_| 0);
    let satisfaction_counts = View::counts(&table.satisfaction, &view.current_rows);
    let mut unknown_satisfaction: Vec<Share> = (0..satisfaction_counts.len())
        .filter(|&code| satisfaction_counts[code] > 0 && view.evaluation_of(code as u32) == Evaluation::Unknown)
        .map(|code| {
            let name = table.satisfaction.symbols.name(code as u32);
            share_of_all(Facet::SatisfactionValue, name, satisfaction_counts[code])
        })
        .collect();
    rank(&mut unknown_satisfaction, |_| 0);

    let days = view.period.days();
    let phone = groups.iter().find(|g| g.is_phone).map(|g| g.count.current);
    let (consultations, consultation) = view.consultations();
    let (transferred, valid_transferred) = view.valid_transferred();
    let on_time = view.has(Field::Deadline).then(|| {
        view.part(&transferred, &valid_transferred, Facet::OnTime, YES, |r| view.closed_on_time(r))
    });
    let (valid, valid_selection) = view.valid();
    let satisfaction = view.has(Field::Satisfaction).then(|| view.satisfaction(valid.iter().copied(), &valid_selection));
    IntakeFigures {
        total: year_ago.add(Change::of(all.count, has_previous.then_some(view.previous_rows.len() as u64), month)),
        groups,
        unassigned_channels,
        unknown_satisfaction,
        days,
        phone_daily_average: phone.and_then(|p| divide_rounded(p, days as u64)),
        instant_answer: view.part(&consultations, &consultation, Facet::Transferred, NO, |r| !view.is_transferred(r)),
        on_time,
        satisfaction,
    }
}

pub fn write(w: &mut Writer, n: &mut Numbering, figures: &Figures, settings: &Settings, notices: &mut Vec<Notice>) {
    let intake = &figures.intake;
    w.heading(2, n.section("诉求总体情况"));
    let groups: Vec<String> = intake
        .groups
        .iter()
        .filter(|g| g.count.current > 0 || g.count.previous.unwrap_or(0) > 0)
        .map(|g| {
            let mut clause = format!("{}{}宗", g.label, links::current(&g.count));
            if let Some(c) = change(&g.count) {
                clause.push_str(&format!("，{c}"));
            }
            if let (true, Some(avg)) = (g.is_phone, intake.phone_daily_average) {
                let calls = Count::of(g.count.current, g.count.selection.clone());
                clause.push_str(&format!("，日均话务量{}宗", links::derived(&avg.to_string(), &calls)));
            }
            clause
        })
        .collect();
    let mut text = format!(
        "{}，{}{}共收到群众诉求{}宗",
        month(figures.period.month),
        settings.city,
        settings.hotline,
        links::current(&intake.total)
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
    let label = |g: &ChannelGroupCount| {
        let short =
            settings.channel_groups.iter().find(|c| c.label == g.label).map(|c| c.short_label.as_str()).unwrap_or("");
        if short.is_empty() {
            g.label.clone()
        } else {
            short.to_string()
        }
    };
    let mut series = vec![Series::of("本月", shown.iter().map(|g| (g.count.current, g.count.selection.clone())))];
    if figures.previous.is_some() {
        series.insert(
            0,
            Series::of(
                "上月",
                shown.iter().map(|g| (g.count.previous.unwrap_or(0), g.count.selection.previous_month())),
            ),
        );
    }
    // The same month a year earlier beside them, when the data holds it.
    if !shown.is_empty() && shown.iter().all(|g| g.count.year_ago.is_some()) {
        let points = shown.iter().map(|g| (g.count.year_ago.unwrap_or(0), g.count.selection.year_ago()));
        series.insert(0, Series::of("去年同期", points));
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
