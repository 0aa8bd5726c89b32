//! 一（三）领导值班情况: calls answered by leaders on duty, and the roster.

use serde::Serialize;

use super::fields::NoSettings;
use crate::notice::{Notice, NoticeKind};
use crate::report::links;
use crate::report::numbering::Numbering;
use crate::report::wording::{month, rate};
use crate::report::Writer;
use crate::settings::Settings;
use crate::query::{Facet, NO, YES};
use crate::stats::ratio::Count;
use crate::stats::ratio::Ratio;
use crate::stats::{Figures, View};
use crate::period::Timestamp;
use crate::table::Field;

#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct LeaderDutyFigures {
    pub leaders: usize,
    pub calls: Count,
    pub direct_answers: Count,
    /// Replied ÷ calls.
    pub reply: Ratio,
    pub transferred: Count,
    /// Closed ÷ transferred calls; None when closing is unknown.
    pub closed: Option<Ratio>,
    pub satisfaction: Option<Ratio>,
    /// Units with their leaders, both in order of first duty.
    pub roster: Vec<RosterUnit>,
}

#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq)]
pub struct RosterUnit {
    pub unit: String,
    pub leaders: Vec<String>,
}

/// Calls answered by leaders on duty; None when the export has no duty-leader column or no
/// leader was on duty.
pub fn compute(view: &View, _: &NoSettings) -> Option<LeaderDutyFigures> {
    if !view.has(Field::DutyLeader) {
        return None;
    }
    let table = view.table;
    let calls = view.current(|r| table.leader.codes[r as usize] != 0);
    if calls.is_empty() {
        return None;
    }
    // First duty time per leader, then group by unit in that order.
    let mut first: Vec<(Timestamp, u32, u32)> = Vec::new(); // (time, leader, unit)
    for &row in &calls {
        let (leader, unit, at) =
            (table.leader.codes[row as usize], table.leader_unit.codes[row as usize], table.intake[row as usize]);
        match first.iter_mut().find(|(_, l, _)| *l == leader) {
            Some(entry) if at < entry.0 => *entry = (at, leader, unit),
            Some(_) => {}
            None => first.push((at, leader, unit)),
        }
    }
    first.sort();
    let mut roster: Vec<RosterUnit> = Vec::new();
    for (_, leader, unit) in &first {
        let unit = table.leader_unit.symbols.name(*unit).to_string();
        let leader = table.leader.symbols.name(*leader).to_string();
        match roster.iter_mut().find(|u| u.unit == unit) {
            Some(entry) => entry.leaders.push(leader),
            None => roster.push(RosterUnit { unit, leaders: vec![leader] }),
        }
    }
    let on_duty = view.this_month().and_present(Facet::DutyLeader);
    let transferred: Vec<u32> = calls.iter().copied().filter(|&r| view.is_transferred(r)).collect();
    let transferred_selection = on_duty.and(Facet::Transferred, YES);
    let n = calls.len() as u64;
    Some(LeaderDutyFigures {
        leaders: first.len(),
        calls: Count::of(n, on_duty.clone()),
        direct_answers: Count::of(n - transferred.len() as u64, on_duty.and(Facet::Transferred, NO)),
        reply: view.part(&calls, &on_duty, Facet::Replied, YES, |r| table.replied[r as usize] == Some(true)),
        closed: view.closed(&transferred, &transferred_selection),
        transferred: Count::of(transferred.len() as u64, transferred_selection),
        satisfaction: view.has(Field::Satisfaction).then(|| view.satisfaction(calls.iter().copied(), &on_duty)),
        roster,
    })
}

pub fn write(
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
    let mut details = vec![format!("直接答复群众{}宗", links::count(&duty.direct_answers))];
    if let Some(r) = rate(&duty.reply) {
        details.push(format!("回复率{r}"));
    }
    if duty.transferred.count > 0 {
        details.push(format!("转派相关部门办理{}宗", links::count(&duty.transferred)));
        if let Some(closed) = &duty.closed {
            details.push(format!("已办结{}宗", links::numerator(closed)));
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
            links::derived(&duty.leaders.to_string(), &duty.calls),
            rank,
            links::count(&duty.calls),
            details.join("，"),
            roster.join("；"),
        ),
    );
}
