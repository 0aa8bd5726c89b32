//! 四 预警提示: what rose or fell far beyond what its own history leads one to expect
//! (`trends::alerts`), and problems the earlier months did not have (`trends::phrases`).
//! Written only when the data holds enough months (three by default) and the analyst has
//! not switched it off, so a one- or two-month report prints what it always printed.

use serde::{Deserialize, Serialize};

use super::fields::{FieldKind, FieldSpec, SectionSettings};
use crate::notice::Notice;
use crate::query::Query;
use crate::report::links;
use crate::report::numbering::Numbering;
use crate::report::wording::month;
use crate::report::Writer;
use crate::settings::Settings;
use crate::stats::ratio::Count;
use crate::stats::{Figures, View};
use crate::trends::alerts::{self, AlertSettings, Basis, Direction};
use crate::trends::phrases::{self, Emerging, PhraseSettings};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct WarningSection {
    /// Written at all (when the data holds `min_months` months).
    pub enabled: bool,
    pub min_months: usize,
    /// An alert lies this many standard deviations beyond the expected count …
    pub sigmas: u32,
    /// … the deviation counting this share of the expected count on top of chance …
    pub variation_percent: u32,
    /// … a rise reaching this share of the expected count, a fall going below this one …
    pub rise_percent: u32,
    pub fall_percent: u32,
    /// … and the count at least this (the expected, for a fall).
    pub min_count: u32,
    /// How many alerts the letter lists (the most unusual first).
    pub shown: usize,
    /// A new problem's phrase in at least this many of the month's tickets, and in this
    /// many times its earlier share of tickets.
    pub phrase_min_tickets: u32,
    pub phrase_ratio: u32,
    pub phrases_shown: usize,
}

impl Default for WarningSection {
    fn default() -> Self {
        let a = AlertSettings::default();
        let p = PhraseSettings::default();
        WarningSection {
            enabled: true,
            min_months: 3,
            sigmas: a.z as u32,
            variation_percent: (a.variation * 100.0).round() as u32,
            rise_percent: (a.rise_ratio * 100.0).round() as u32,
            fall_percent: (a.fall_ratio * 100.0).round() as u32,
            min_count: a.min_count,
            shown: 8,
            phrase_min_tickets: p.min_tickets,
            phrase_ratio: p.min_ratio as u32,
            phrases_shown: p.shown,
        }
    }
}

impl WarningSection {
    fn alert_settings(&self) -> AlertSettings {
        AlertSettings {
            z: self.sigmas as f64,
            variation: self.variation_percent as f64 / 100.0,
            rise_ratio: self.rise_percent as f64 / 100.0,
            fall_ratio: self.fall_percent as f64 / 100.0,
            min_count: self.min_count,
            min_months: AlertSettings::default().min_months,
        }
    }

    pub(crate) fn phrase_settings(&self) -> PhraseSettings {
        PhraseSettings {
            min_tickets: self.phrase_min_tickets,
            min_ratio: self.phrase_ratio as f64,
            shown: self.phrases_shown,
        }
    }
}

impl SectionSettings for WarningSection {
    fn fields() -> Vec<FieldSpec> {
        let count = |min, max| FieldKind::Count { min, max };
        vec![
            FieldSpec::new("enabled", "写入预警提示", FieldKind::Switch).hint("数据含足够月份时写入“预警提示”一节"),
            FieldSpec::new("min_months", "至少几个月", count(3, 36)).hint("数据所含统计月份少于此数时不写"),
            FieldSpec::new("sigmas", "偏离几个标准差", count(2, 10)).hint("本月数偏离预计值超过几个标准差才算异常，默认 4"),
            FieldSpec::new("variation_percent", "正常波动（%）", count(0, 100))
                .hint("在随机波动之外，各月之间正常的起伏占预计值的百分比，默认 15"),
            FieldSpec::new("rise_percent", "增多至预计的（%）", count(110, 1000)).hint("本月数至少为预计值的百分之几才算异常增多，默认 160"),
            FieldSpec::new("fall_percent", "减少至预计的（%）", count(1, 90)).hint("本月数低于预计值的百分之几才算异常减少，默认 50"),
            FieldSpec::new("min_count", "最少宗数", count(1, 1000)).hint("增多时本月、减少时预计不足此数的不提示，默认 10"),
            FieldSpec::top_n("shown", "列出几条异常"),
            FieldSpec::new("phrase_min_tickets", "新问题至少几宗", count(3, 1000)).hint("新出现的说法至少出现在本月几宗工单中，默认 15"),
            FieldSpec::new("phrase_ratio", "新问题高出几倍", count(2, 100)).hint("占本月工单的比例至少是此前（至多一年）各月的几倍，默认 8"),
            FieldSpec::top_n("phrases_shown", "列出几个新问题"),
        ]
    }
}

/// One alert as the letter states it.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct AlertFigure {
    pub dimension: String,
    pub label: String,
    pub direction: Direction,
    /// This month's tickets (opens them).
    pub observed: Count,
    pub expected: f64,
    pub low: f64,
    pub high: f64,
    pub basis: Basis,
    pub score: f64,
}

#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct WarningFigures {
    /// Statistical months with data the expectations drew on (this one included; a gap
    /// between files is not counted).
    pub months: usize,
    pub alerts: Vec<AlertFigure>,
    /// Alerts beyond those listed.
    pub more_alerts: usize,
    /// None when the file holds no earlier month's tickets to compare texts with (the
    /// months remembered have no texts).
    pub emerging: Option<Vec<Emerging>>,
}

pub fn compute(view: &View, settings: &WarningSection) -> Option<WarningFigures> {
    if !settings.enabled {
        return None;
    }
    // Too few months: nothing to compute (a one- or two-month analysis pays nothing).
    // Months this machine remembers count as history.
    let month = view.period.month;
    if view.months_compared().len() < settings.min_months.max(3) {
        return None;
    }
    let query = Query::new(view);
    let topics: Vec<String> =
        crate::sections::topics(&view.settings.sections).into_iter().map(|(key, _)| key.to_string()).collect();
    // An alert reads this month, the same month a year before and the three before each
    // (the trailing median, at most six months back, lies inside too).
    let mut from = month;
    for _ in 0..ALERT_HISTORY_MONTHS {
        from = from.previous();
    }
    let mut series = crate::trends::series_within(&query, &crate::trends::watched(topics), from, month).ok()?;
    series.remember(view.context.remembered);
    let at = series.at(month)?;
    if at + 1 < settings.min_months.max(3) {
        return None;
    }
    let found = alerts::alerts(&series, at, &settings.alert_settings());
    let more_alerts = found.len().saturating_sub(settings.shown);
    let alerts = found
        .into_iter()
        .take(settings.shown)
        .map(|a| AlertFigure {
            dimension: a.dimension,
            label: a.label,
            direction: a.direction,
            observed: Count { count: a.observed as u64, selection: a.selection },
            expected: a.expected,
            low: a.low,
            high: a.high,
            basis: a.basis,
            score: a.score,
        })
        .collect();
    let earlier_tickets = crate::analysis::held_months(&view.months()).iter().any(|m| *m < month);
    let emerging = earlier_tickets
        .then(|| phrases::emerging_in(&query, month, &settings.phrase_settings()).unwrap_or_default());
    let with_data = series.present()[..=at].iter().filter(|&&p| p).count();
    Some(WarningFigures { months: with_data, alerts, more_alerts, emerging })
}

/// The months before this one an alert can read (`trends::alerts::expected`).
const ALERT_HISTORY_MONTHS: usize = 15;

/// About `x`, as a count is said: a whole number.
fn about(x: f64) -> String {
    format!("{}", x.round() as i64)
}

pub fn write(w: &mut Writer, n: &mut Numbering, figures: &Figures, _settings: &Settings, notices: &mut Vec<Notice>) {
    let Some(f) = &figures.warning else { return };
    let this = month(figures.period.month);
    w.heading(2, n.section("异常变化"));
    if f.alerts.is_empty() {
        w.paragraph(
            "warning.alerts",
            format!("按前{}个月的数据比对，{this}各类别、热点、地区和承办单位的有效工单量均在正常范围内，未发现异常增多或减少。", f.months - 1),
        );
    }
    for (i, a) in f.alerts.iter().enumerate() {
        let basis = match a.basis {
            Basis::LastYear { count } => format!("按去年同期（{count}宗）和近三个月走势"),
            Basis::Trailing { months } => format!("按前{months}个月的中位数"),
        };
        let (change, how) = match a.direction {
            Direction::Rise => ("增多", format!("是预计的{:.1}倍", a.observed.count as f64 / a.expected.max(0.5))),
            Direction::Fall => ("减少", format!("只有预计的{:.0}%", 100.0 * a.observed.count as f64 / a.expected.max(0.5))),
        };
        w.paragraph(
            &format!("warning.alert.{i}"),
            format!(
                "{}．{}“{}”{this}有效工单{}宗，{basis}预计约{}宗（正常范围{}至{}宗），{how}，属异常{change}。",
                i + 1,
                a.dimension,
                a.label,
                links::count(&a.observed),
                about(a.expected),
                about(a.low),
                about(a.high),
            ),
        );
    }
    if f.more_alerts > 0 {
        w.paragraph("warning.alerts.more", format!("另有{}项异常变化未列出。", f.more_alerts));
    }
    let Some(emerging) = &f.emerging else {
        notices.push(crate::notice::NoticeKind::EmergingNeedsEarlierTickets.into());
        return;
    };
    w.heading(2, n.section("新出现的问题"));
    if emerging.is_empty() {
        w.paragraph("warning.emerging", format!("{this}工单内容中未发现此前少见、本月集中出现的新说法。"));
    }
    for (i, e) in emerging.iter().enumerate() {
        let mut text = format!(
            "{}．“{}”：{this}有{}宗工单提到，每万宗{:.1}宗，此前{}个月每万宗{:.1}宗",
            i + 1,
            e.phrase,
            links::count(&e.tickets),
            e.per_10k,
            e.earlier_months,
            e.per_10k_earlier
        );
        if let Some((town, count)) = &e.town {
            text.push_str(&format!("；较集中于{town}（{count}宗）"));
        }
        if let Some((unit, count)) = &e.unit {
            text.push_str(&format!("，承办单位以{unit}为多（{count}宗）"));
        }
        text.push('。');
        w.paragraph(&format!("warning.emerging.{i}"), text);
    }
}
