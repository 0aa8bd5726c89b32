//! Section 一: intake by channel, service indicators, secondary platforms, leaders on duty.

use serde::Serialize;

use super::ratio::{divide_rounded, rank, Change, Ratio, Share};
use super::{Evaluation, View};
use crate::period::Timestamp;
use crate::table::Field;

#[derive(Debug, Clone, Serialize)]
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

#[derive(Debug, Clone, Serialize)]
pub struct ChannelGroupCount {
    pub label: String,
    pub is_phone: bool,
    pub count: Change,
}

pub fn intake(view: &View) -> IntakeFigures {
    let table = view.table;
    let settings = view.settings;
    let current = View::counts(&table.channel, &view.current_rows);
    let previous = View::counts(&table.channel, &view.previous_rows);
    let has_previous = view.previous.is_some();
    let mut assigned = vec![false; table.channel.symbols.len()];
    let groups: Vec<ChannelGroupCount> = settings
        .channel_groups
        .iter()
        .map(|group| {
            let codes = table.channel.codes_of(&group.channels);
            for &code in &codes {
                assigned[code as usize] = true;
            }
            let sum = |counts: &[u64]| codes.iter().map(|&c| counts[c as usize]).sum::<u64>();
            ChannelGroupCount {
                label: group.label.clone(),
                is_phone: group.is_phone,
                count: Change::new(sum(&current), has_previous.then(|| sum(&previous))),
            }
        })
        .collect();
    let mut unassigned_channels: Vec<Share> = (0..current.len())
        .filter(|&code| !assigned[code] && current[code] > 0)
        .map(|code| Share::new(table.channel.symbols.name(code as u32), current[code], view.current_rows.len() as u64))
        .collect();
    rank(&mut unassigned_channels, |_| 0);
    let satisfaction_counts = View::counts(&table.satisfaction, &view.current_rows);
    let mut unknown_satisfaction: Vec<Share> = (0..satisfaction_counts.len())
        .filter(|&code| satisfaction_counts[code] > 0 && view.evaluation_of(code as u32) == Evaluation::Unknown)
        .map(|code| {
            Share::new(
                table.satisfaction.symbols.name(code as u32),
                satisfaction_counts[code],
                view.current_rows.len() as u64,
            )
        })
        .collect();
    rank(&mut unknown_satisfaction, |_| 0);

    let days = view.period.days();
    let phone = groups.iter().find(|g| g.is_phone).map(|g| g.count.current);
    let consultations = view.current(|r| view.is_consultation(r));
    let answered = consultations.iter().filter(|&&r| !view.is_transferred(r)).count() as u64;
    let transferred = view.current(|r| view.is_valid(r) && view.is_transferred(r));
    let on_time = view.has(Field::Deadline).then(|| {
        let on_time = transferred.iter().filter(|&&r| view.closed_on_time(r)).count() as u64;
        Ratio::new(on_time, transferred.len() as u64)
    });
    let satisfaction = view
        .has(Field::Satisfaction)
        .then(|| view.satisfaction(view.current_rows.iter().copied().filter(|&r| view.is_valid(r))));
    IntakeFigures {
        total: Change::new(view.current_rows.len() as u64, has_previous.then_some(view.previous_rows.len() as u64)),
        groups,
        unassigned_channels,
        unknown_satisfaction,
        days,
        phone_daily_average: phone.and_then(|p| divide_rounded(p, days as u64)),
        instant_answer: Ratio::new(answered, consultations.len() as u64),
        on_time,
        satisfaction,
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct SecondaryFigures {
    pub total: u64,
    pub by_county: Vec<Share>,
}

/// Calls taken by county secondary platforms; None when the export has no platform column
/// or no such calls.
pub fn secondary_platforms(view: &View) -> Option<SecondaryFigures> {
    if !view.has(Field::Platform) {
        return None;
    }
    let suffix = view.settings.secondary_platform_suffix.as_str();
    let platform = &view.table.platform;
    let counts = View::counts(platform, &view.current_rows);
    let mut by_county: Vec<(String, u64)> = Vec::new();
    for (code, &n) in counts.iter().enumerate() {
        let name = platform.symbols.name(code as u32);
        if let (Some(county), true) = (name.strip_suffix(suffix), n > 0) {
            match by_county.iter_mut().find(|(c, _)| c == county) {
                Some((_, total)) => *total += n,
                None => by_county.push((county.to_string(), n)),
            }
        }
    }
    let total: u64 = by_county.iter().map(|(_, n)| n).sum();
    if total == 0 {
        return None;
    }
    let mut by_county: Vec<Share> = by_county.into_iter().map(|(c, n)| Share::new(c, n, total)).collect();
    rank(&mut by_county, |_| 0);
    Some(SecondaryFigures { total, by_county })
}

#[derive(Debug, Clone, Serialize)]
pub struct LeaderDutyFigures {
    pub leaders: usize,
    pub calls: u64,
    pub direct_answers: u64,
    /// Replied ÷ calls.
    pub reply: Ratio,
    pub transferred: u64,
    /// Closed ÷ transferred calls; None when closing is unknown.
    pub closed: Option<Ratio>,
    pub satisfaction: Option<Ratio>,
    /// Units with their leaders, both in order of first duty.
    pub roster: Vec<RosterUnit>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RosterUnit {
    pub unit: String,
    pub leaders: Vec<String>,
}

/// Calls answered by leaders on duty; None when the export has no duty-leader column or no
/// leader was on duty.
pub fn leader_duty(view: &View) -> Option<LeaderDutyFigures> {
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
    let transferred: Vec<u32> = calls.iter().copied().filter(|&r| view.is_transferred(r)).collect();
    let replied = calls.iter().filter(|&&r| table.replied[r as usize] == Some(true)).count() as u64;
    let n = calls.len() as u64;
    Some(LeaderDutyFigures {
        leaders: first.len(),
        calls: n,
        direct_answers: n - transferred.len() as u64,
        reply: Ratio::new(replied, n),
        transferred: transferred.len() as u64,
        closed: view.closed(&transferred),
        satisfaction: view.has(Field::Satisfaction).then(|| view.satisfaction(calls.iter().copied())),
        roster,
    })
}
