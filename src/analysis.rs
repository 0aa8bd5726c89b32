//! From loaded files to the finished analysis: pick the statistical month, account for
//! rows outside it, compute the figures and build the report.

use serde::Serialize;

use crate::ingest::accounting::Accounting;
use crate::ingest::{FileSummary, Loaded};
use std::sync::Arc;

use crate::notice::{Notice, NoticeKind};
use crate::period::{date_of, MonthId, Period};
use crate::query::KeyCache;
use crate::query::Tickets;
use crate::report::{self, wording, Document};
use crate::settings::Settings;
use crate::stats::{Context, Figures, View};
use crate::table::TicketTable;
use crate::trends::memory::{self, MonthSummary};

#[derive(Debug, Clone, Serialize)]
pub struct Analysis {
    pub period: Period,
    pub previous: Option<Period>,
    /// Every statistical month found in the data with its record count, oldest first.
    pub months: Vec<(MonthId, u64)>,
    pub accounting: Accounting,
    pub files: Vec<FileSummary>,
    pub figures: Figures,
    pub document: Document,
    /// Things the analyst should know (what was left out and why), as data with their
    /// sentences.
    pub notices: Vec<Notice>,
    /// The statistical month as the page shows it: 2021年1月（2020年12月21日至2021年1月20日，31天）.
    pub period_label: String,
    /// The previous month's dates (2020年11月21日至2020年12月20日), when its data is present.
    pub previous_label: Option<String>,
    /// The tickets behind the figures, kept to open any figure's selection.
    #[serde(skip)]
    pub tickets: Arc<Tickets>,
}

/// A statistical month as the page's summary names it, with its dates and length.
pub fn period_label(period: &Period) -> String {
    let (month, start, end) = (period.month, wording::date(period.start), wording::date(period.end));
    format!("{}年{}月（{start}至{end}，{}天）", month.year, month.month, period.days())
}

/// A statistical month's dates: 2020年11月21日至2020年12月20日.
pub fn period_dates(period: &Period) -> String {
    format!("{}至{}", wording::date(period.start), wording::date(period.end))
}

/// Records per statistical month, oldest first.
pub fn months_in(table: &TicketTable, start_day: u32) -> Vec<(MonthId, u64)> {
    let mut months: Vec<(MonthId, u64)> = Vec::new();
    let mut last: Option<(i64, MonthId)> = None;
    for &ts in &table.intake {
        let day = ts.div_euclid(86_400);
        let month = match last {
            Some((d, m)) if d == day => m,
            _ => {
                let m = Period::month_of(date_of(ts), start_day);
                last = Some((day, m));
                m
            }
        };
        match months.iter_mut().find(|(m, _)| *m == month) {
            Some((_, n)) => *n += 1,
            None => months.push((month, 1)),
        }
    }
    months.sort();
    months
}

/// The months holding a real share of the data (at least 5% of the largest): a few stray
/// records of a neighbouring month are no month of data (`detect_month`, the warning's
/// history, the months remembered and borrowed all read months so).
pub fn held_months(months: &[(MonthId, u64)]) -> Vec<MonthId> {
    let largest = months.iter().map(|(_, n)| *n).max().unwrap_or(0);
    months.iter().filter(|(_, n)| *n > 0 && n * 20 >= largest).map(|(m, _)| *m).collect()
}

/// The latest month holding a real share of the data: a few stray future-dated records
/// must not become "this month".
pub fn detect_month(months: &[(MonthId, u64)]) -> Option<MonthId> {
    held_months(months).last().copied()
}

/// The analysis of what was read, with the months this machine remembers (`trends::memory`;
/// those made under other settings are set aside and named).
pub fn analyze(loaded: Loaded, settings: &Settings, remembered: &[MonthSummary]) -> Result<Analysis, String> {
    let Loaded { table, mut accounting, files, sources } = loaded;
    let start_day = settings.period.start_day;
    let months = months_in(&table, start_day);
    let month = if settings.period.month.trim().is_empty() {
        detect_month(&months).ok_or_else(|| "没有可统计的工单：所有行都被拒收了（原因见“拒收行”）。".to_string())?
    } else {
        MonthId::parse(&settings.period.month)
            .ok_or_else(|| format!("统计月份“{}”无法识别，应写作 2021-01。", settings.period.month))?
    };
    let period = Period::of_month(month, start_day);
    let previous = period.previous(start_day);
    let (remembered, other_settings) = memory::usable(remembered, &memory::fingerprint(settings));
    // Months the data holds need no memory (a few stray records of one do not hold it).
    let held = held_months(&months);
    let remembered: Vec<MonthSummary> = remembered.into_iter().filter(|m| !held.contains(&m.month)).collect();
    let keys = KeyCache::default();
    let view = View::new(&table, settings, period, Some(previous)).within(Context {
        keys: Some(&keys),
        remembered: &remembered,
        months: &months,
    });
    let figures = crate::sections::compute(&view);
    drop(view);
    let used = figures_rows(&months, month);
    accounting.outside_period = table.len() as u64 - used;
    accounting.accepted = used;

    let mut notices: Vec<Notice> = Vec::new();
    let mut notice = |kind: NoticeKind| notices.push(kind.into());
    if figures.previous.is_none() {
        notice(NoticeKind::NoPreviousMonth { year: previous.month.year, month: previous.month.month });
    }
    let named = |months: Vec<MonthId>| months.iter().map(|m| m.to_string()).collect::<Vec<_>>();
    let mut used: Vec<MonthId> = remembered.iter().map(|m| m.month).filter(|m| *m <= month).collect();
    used.sort();
    used.dedup();
    if !used.is_empty() {
        notice(NoticeKind::RememberedMonths { months: named(used), in_warning: figures.warning.is_some() });
    }
    if !other_settings.is_empty() {
        notice(NoticeKind::RememberedUnderOtherSettings { months: named(other_settings) });
    }
    if accounting.outside_period > 0 {
        notice(NoticeKind::RowsOutsidePeriod { rows: accounting.outside_period });
    }
    for channel in &figures.intake.unassigned_channels {
        notice(NoticeKind::UnassignedChannel {
            channel: channel.name.clone(),
            blank: channel.name.is_empty(),
            count: channel.count,
        });
    }
    for value in &figures.intake.unknown_satisfaction {
        notice(NoticeKind::UnknownSatisfaction { value: value.name.clone(), count: value.count });
    }
    for file in &files {
        if let Some(earlier) = &file.same_rows_as {
            notice(NoticeKind::FileReadTwice { file: file.name.clone(), earlier: earlier.clone() });
        }
        for warning in &file.warnings {
            notice(NoticeKind::UnreadableCells {
                file: file.name.clone(),
                column: warning.column.clone(),
                problem: warning.problem,
                count: warning.count,
                first_row: warning.first_row,
                example: warning.example.clone(),
            });
        }
    }
    let document = report::build(&figures, settings, &mut notices);
    let (period_label, previous_label) = (period_label(&period), figures.previous.as_ref().map(period_dates));
    let previous = figures.previous;
    let scores = figures.quality.figures().map(|f| memory::UnitScores {
        fingerprint: memory::scoring_fingerprint(settings),
        units: f.scorecard.units.iter().map(|u| (u.unit.clone(), u.score)).collect(),
    });
    let tickets = Arc::new(
        Tickets::new(table, sources, settings.clone(), period, previous).with(keys, remembered).with_scores(scores),
    );
    Ok(Analysis {
        period,
        previous,
        months,
        accounting,
        files,
        figures,
        document,
        notices,
        period_label,
        previous_label,
        tickets,
    })
}

fn figures_rows(months: &[(MonthId, u64)], month: MonthId) -> u64 {
    months.iter().filter(|(m, _)| *m == month || *m == month.previous()).map(|(_, n)| n).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(year: i32, month: u32) -> MonthId {
        MonthId { year, month }
    }

    #[test]
    fn the_month_is_labelled_with_its_dates_and_length() {
        let period = Period::of_month(m(2021, 1), 21);
        assert_eq!(period_label(&period), "2021年1月（2020年12月21日至2021年1月20日，31天）");
        assert_eq!(period_dates(&period.previous(21)), "2020年11月21日至2020年12月20日");
        assert_eq!(period_label(&Period::of_month(m(2021, 2), 1)), "2021年2月（2021年2月1日至2021年2月28日，28天）");
    }

    #[test]
    fn stray_future_records_do_not_become_the_month() {
        let months = [(m(2020, 12), 62_000), (m(2021, 1), 63_000), (m(2021, 2), 12)];
        assert_eq!(detect_month(&months), Some(m(2021, 1)));
    }

    #[test]
    fn a_partial_latest_month_with_a_real_share_is_taken() {
        let months = [(m(2021, 1), 63_000), (m(2021, 2), 9_000)];
        assert_eq!(detect_month(&months), Some(m(2021, 2)));
        assert_eq!(detect_month(&[]), None);
    }
}
