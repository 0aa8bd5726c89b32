//! 重复诉求与办理质量: the problems that came back (`repeats`), the closures they suggest
//! were not real, and the units' scorecard (`scorecard`). Written when the files carry a
//! caller or an address column; otherwise a notice says what was left out and why, and the
//! letter is what it was.

use serde::{Deserialize, Serialize};

use super::fields::{FieldKind, FieldSpec, SectionSettings};
use crate::notice::{Notice, NoticeKind};
use crate::query::{Facet, Selection};
use crate::repeats::{self, ClusterKind, RepeatSettings, Repeats};
use crate::report::links;
use crate::report::numbering::Numbering;
use crate::report::wording::{self, month, numeral};
use crate::report::Writer;
use crate::scorecard::{self, Indicator, Rule, Rules, Scorecard};
use crate::settings::Settings;
use crate::stats::ratio::{Count, Ratio};
use crate::stats::{Figures, View};
use crate::table::Field;

/// Each indicator's weight and thresholds, as the settings keep them (`on_time_weight` …),
/// with their labels in the form.
const RULE_KEYS: [(Indicator, [(&str, &str); 3]); 7] = [
    (Indicator::OnTime, [("on_time_weight", "按时办结率权重"), ("on_time_good", "按时办结率满分线"), ("on_time_bad", "按时办结率零分线")]),
    (
        Indicator::Satisfaction,
        [("satisfaction_weight", "满意率权重"), ("satisfaction_good", "满意率满分线"), ("satisfaction_bad", "满意率零分线")],
    ),
    (Indicator::RepeatRate, [("repeat_weight", "重复诉求率权重"), ("repeat_good", "重复诉求率满分线"), ("repeat_bad", "重复诉求率零分线")]),
    (
        Indicator::FalseClosureRate,
        [
            ("false_closure_weight", "疑似虚假办结率权重"),
            ("false_closure_good", "疑似虚假办结率满分线"),
            ("false_closure_bad", "疑似虚假办结率零分线"),
        ],
    ),
    (
        Indicator::OverdueOpen,
        [
            ("overdue_open_weight", "超期未办结权重"),
            ("overdue_open_good", "超期未办结满分线（宗）"),
            ("overdue_open_bad", "超期未办结零分线（宗）"),
        ],
    ),
    (Indicator::ReturnRate, [("return_weight", "退回率权重"), ("return_good", "退回率满分线"), ("return_bad", "退回率零分线")]),
    (
        Indicator::RedispatchRate,
        [("redispatch_weight", "重派率权重"), ("redispatch_good", "重派率满分线"), ("redispatch_bad", "重派率零分线")],
    ),
];

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct QualitySection {
    pub enabled: bool,
    pub window_days: u32,
    pub closure_days: u32,
    pub similarity_percent: u32,
    /// A problem raised this many times or more is listed.
    pub repeated_min: usize,
    pub clusters_shown: usize,
    /// Units on the red and the black list, each.
    pub units_listed: usize,
    /// Units with fewer transferred tickets in the month are not ranked.
    pub min_unit_tickets: usize,
    pub on_time_weight: u32,
    pub on_time_good: u32,
    pub on_time_bad: u32,
    pub satisfaction_weight: u32,
    pub satisfaction_good: u32,
    pub satisfaction_bad: u32,
    pub repeat_weight: u32,
    pub repeat_good: u32,
    pub repeat_bad: u32,
    pub false_closure_weight: u32,
    pub false_closure_good: u32,
    pub false_closure_bad: u32,
    pub overdue_open_weight: u32,
    pub overdue_open_good: u32,
    pub overdue_open_bad: u32,
    pub return_weight: u32,
    pub return_good: u32,
    pub return_bad: u32,
    pub redispatch_weight: u32,
    pub redispatch_good: u32,
    pub redispatch_bad: u32,
    pub recommendation: String,
}

impl Default for QualitySection {
    fn default() -> Self {
        let r = |i: Indicator| i.default_rule();
        let d = RepeatSettings::default();
        QualitySection {
            enabled: true,
            window_days: d.window_days,
            closure_days: d.closure_days,
            similarity_percent: (d.similarity * 100.0).round() as u32,
            repeated_min: 3,
            clusters_shown: 5,
            units_listed: 5,
            min_unit_tickets: 20,
            on_time_weight: r(Indicator::OnTime).weight,
            on_time_good: r(Indicator::OnTime).good,
            on_time_bad: r(Indicator::OnTime).bad,
            satisfaction_weight: r(Indicator::Satisfaction).weight,
            satisfaction_good: r(Indicator::Satisfaction).good,
            satisfaction_bad: r(Indicator::Satisfaction).bad,
            repeat_weight: r(Indicator::RepeatRate).weight,
            repeat_good: r(Indicator::RepeatRate).good,
            repeat_bad: r(Indicator::RepeatRate).bad,
            false_closure_weight: r(Indicator::FalseClosureRate).weight,
            false_closure_good: r(Indicator::FalseClosureRate).good,
            false_closure_bad: r(Indicator::FalseClosureRate).bad,
            overdue_open_weight: r(Indicator::OverdueOpen).weight,
            overdue_open_good: r(Indicator::OverdueOpen).good,
            overdue_open_bad: r(Indicator::OverdueOpen).bad,
            return_weight: r(Indicator::ReturnRate).weight,
            return_good: r(Indicator::ReturnRate).good,
            return_bad: r(Indicator::ReturnRate).bad,
            redispatch_weight: r(Indicator::RedispatchRate).weight,
            redispatch_good: r(Indicator::RedispatchRate).good,
            redispatch_bad: r(Indicator::RedispatchRate).bad,
            recommendation: "对反复来电、多人反映的问题，承办单位要从根源上解决，不能一办了之；对办结后问题复现的工单，\
                由热线中心回访核实，确属未解决的退回重办，并纳入考核。"
                .to_string(),
        }
    }
}

impl QualitySection {
    pub fn repeat_settings(&self) -> RepeatSettings {
        RepeatSettings {
            window_days: self.window_days.max(1),
            closure_days: self.closure_days.max(1),
            similarity: f64::from(self.similarity_percent.clamp(1, 100)) / 100.0,
        }
    }

    pub fn rules(&self) -> Rules {
        let s = self;
        [
            (Indicator::OnTime, Rule { weight: s.on_time_weight, good: s.on_time_good, bad: s.on_time_bad }),
            (
                Indicator::Satisfaction,
                Rule { weight: s.satisfaction_weight, good: s.satisfaction_good, bad: s.satisfaction_bad },
            ),
            (Indicator::RepeatRate, Rule { weight: s.repeat_weight, good: s.repeat_good, bad: s.repeat_bad }),
            (
                Indicator::FalseClosureRate,
                Rule { weight: s.false_closure_weight, good: s.false_closure_good, bad: s.false_closure_bad },
            ),
            (
                Indicator::OverdueOpen,
                Rule { weight: s.overdue_open_weight, good: s.overdue_open_good, bad: s.overdue_open_bad },
            ),
            (Indicator::ReturnRate, Rule { weight: s.return_weight, good: s.return_good, bad: s.return_bad }),
            (
                Indicator::RedispatchRate,
                Rule { weight: s.redispatch_weight, good: s.redispatch_good, bad: s.redispatch_bad },
            ),
        ]
    }
}

impl SectionSettings for QualitySection {
    fn fields() -> Vec<FieldSpec> {
        let count = |min, max| FieldKind::Count { min, max };
        let mut fields = vec![
            FieldSpec::new("enabled", "写入重复诉求与办理质量", FieldKind::Switch)
                .hint("文件含“来电号码”或“诉求地址”列时写入这一节"),
            FieldSpec::new("window_days", "重复诉求时间窗（天）", count(1, 180)).hint("相隔不超过几天的工单才可能是同一诉求，默认 30"),
            FieldSpec::new("closure_days", "办结后几天内复现", count(1, 90))
                .hint("办结后几天内同一问题再次来件，算疑似虚假办结，默认 15"),
            FieldSpec::new("similarity_percent", "内容相近（%）", count(30, 100))
                .hint("较短一宗工单的特有词语，至少百分之几也出现在另一宗中，才算内容相近，默认 60"),
            FieldSpec::new("repeated_min", "同一问题反映几次以上列出", count(2, 20)).hint("默认 3"),
            FieldSpec::top_n("clusters_shown", "列出几组重复诉求"),
            FieldSpec::top_n("units_listed", "红榜、黑榜各几个单位"),
            FieldSpec::new("min_unit_tickets", "参与考核的最少工单数", count(1, 10_000)).hint("本月转办工单少于此数的单位不排名，默认 20"),
        ];
        for (indicator, [weight, good, bad]) in RULE_KEYS {
            let max = if indicator.is_rate() { 100 } else { 10_000 };
            fields.push(FieldSpec::new(weight.0, weight.1, count(0, 100)).hint("0 即不计入"));
            fields.push(FieldSpec::new(good.0, good.1, count(0, max)).hint("达到此值得满分"));
            fields.push(FieldSpec::new(bad.0, bad.1, count(0, max)).hint("达到此值不得分，其间按比例"));
        }
        fields.push(FieldSpec::recommendation());
        fields
    }
}

/// One cluster as the letter and the page state it.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct ClusterFigure {
    /// Its place among the month's, largest first (opens as `Facet::Cluster`).
    pub number: usize,
    pub kind: ClusterKind,
    pub tickets: Count,
    pub callers: usize,
    /// The most common address, category and unit among its tickets.
    pub place: String,
    pub category: String,
    pub unit: String,
}

/// A closed ticket whose problem came back.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct ClosurePair {
    pub closed_id: String,
    pub unit: String,
    pub reply: String,
    pub returned_id: String,
    /// Days from the closing to the return.
    pub days: f64,
}

#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct QualityFigures {
    pub window_days: u32,
    pub closure_days: u32,
    /// Clusters of the month, by kind (in `ClusterKind::ALL`'s order): clusters and tickets.
    pub kinds: Vec<(ClusterKind, usize, Count)>,
    pub clusters: usize,
    /// Tickets of the month in a cluster, and those after their cluster's first.
    pub in_clusters: Count,
    /// Tickets after their cluster's first, of the month's valid tickets.
    pub again: Ratio,
    pub top: Vec<ClusterFigure>,
    /// Problems (not one caller's several) raised `repeated_min` times or more, and their
    /// tickets.
    pub repeated: Vec<ClusterFigure>,
    pub repeated_tickets: Count,
    /// Towns and categories (third level) where repeats make the largest share of the
    /// month's valid tickets (at least `RATE_MIN_TICKETS` of them), highest first.
    pub repeat_towns: Vec<(String, Ratio)>,
    pub repeat_categories: Vec<(String, Ratio)>,
    pub false_closures: Count,
    pub closure_pairs: Vec<ClosurePair>,
    /// Units with most suspected false closures, with their count.
    pub closure_units: Vec<(String, Count)>,
    pub scorecard: Scorecard,
    /// Whether closing times are known (false closures need them).
    pub closure_known: bool,
    /// Columns missing and what was not done for want of them, though the part is written.
    pub partial: Option<(Vec<String>, Vec<String>)>,
}

/// What the section could do with the data.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Quality {
    /// Switched off in the settings.
    Off,
    /// The files lack the columns it needs.
    MissingColumns { missing: Vec<String>, left_out: Vec<String> },
    Written(Box<QualityFigures>),
}

impl Quality {
    pub fn figures(&self) -> Option<&QualityFigures> {
        match self {
            Quality::Written(figures) => Some(figures),
            _ => None,
        }
    }
}

/// A town or category needs this many valid tickets in the month for its repeat rate to
/// be compared (a handful make any rate).
pub const RATE_MIN_TICKETS: u64 = 50;

/// The values of `facet` (an interned column) whose share of repeated tickets among the
/// month's valid ones is highest, with that share.
fn highest_rates(view: &View, facet: Facet, again: &[bool], shown: usize) -> Vec<(String, Ratio)> {
    let column = facet.column(view.table).expect("an interned facet");
    let (rows, valid) = view.valid();
    let mut counts = vec![(0u64, 0u64); column.symbols.len()];
    for &r in &rows {
        let entry = &mut counts[column.codes[r as usize] as usize];
        entry.1 += 1;
        entry.0 += u64::from(again[r as usize]);
    }
    let mut rates: Vec<(String, Ratio)> = counts
        .iter()
        .enumerate()
        .skip(1)
        .filter(|(_, (repeated, all))| *all >= RATE_MIN_TICKETS && *repeated > 0)
        .map(|(code, &(repeated, all))| {
            let name = column.symbols.name(code as u32).to_string();
            let base = valid.and(facet.clone(), name.clone());
            (name, Ratio::of(repeated, base.and(Facet::Repeat, "again"), all, base))
        })
        .collect();
    rates.sort_by(|a, b| b.1.bp.cmp(&a.1.bp).then(b.1.num.cmp(&a.1.num)).then(a.0.cmp(&b.0)));
    rates.truncate(shown);
    rates
}

fn most_common<'a>(values: impl Iterator<Item = &'a str>) -> String {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for value in values.filter(|v| !v.is_empty()) {
        match counts.iter_mut().find(|(v, _)| *v == value) {
            Some((_, n)) => *n += 1,
            None => counts.push((value, 1)),
        }
    }
    counts.into_iter().max_by_key(|(_, n)| *n).map(|(v, _)| v.to_string()).unwrap_or_default()
}

pub(crate) fn cluster_figure(view: &View, number: usize, cluster: &repeats::Cluster) -> ClusterFigure {
    let t = view.table;
    let rows = || cluster.rows.iter().map(|&r| r as usize);
    // Callers by their numbers; a ticket without one is a caller of its own.
    let known: std::collections::HashSet<(u64, bool)> =
        rows().filter_map(|r| repeats::keys::caller(t.caller.get(r)).map(|k| (k.hash, k.masked))).collect();
    let unknown = rows().filter(|&r| repeats::keys::caller(t.caller.get(r)).is_none()).count();
    let category = |r: usize| {
        let [a, b, c] = &t.category;
        [a.get(r), b.get(r), c.get(r)].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join("/")
    };
    let categories: Vec<String> = rows().map(category).collect();
    // The address as one form: the town, then the rest without what varies in writing it.
    let places: Vec<String> = rows()
        .filter_map(|r| {
            let place = repeats::keys::address(t.address.get(r), &[t.region.get(r), t.town.get(r)]);
            (!place.is_empty()).then(|| format!("{}{place}", t.town.get(r)))
        })
        .collect();
    ClusterFigure {
        number,
        kind: cluster.kind,
        tickets: Count::of(
            cluster.rows.len() as u64,
            Selection::default().and(Facet::Cluster, number.to_string()),
        ),
        callers: known.len() + unknown,
        place: most_common(places.iter().map(String::as_str)),
        category: most_common(categories.iter().map(String::as_str)),
        unit: most_common(rows().map(|r| t.unit.get(r))),
    }
}

/// Whether the data has a column with values in it (mapped but blank throughout is none).
pub(crate) fn holds(view: &View, field: Field) -> bool {
    let t = view.table;
    view.has(field)
        && match field {
            Field::Caller => t.caller.has_values(),
            Field::Address => t.address.has_values(),
            _ => true,
        }
}

/// The columns the data lacks and the analyses left out for want of them: the whole part
/// without a caller and an address, a part of it without one of them or the closing times.
fn missing(view: &View) -> (Vec<String>, Vec<String>) {
    let (caller, address) = (holds(view, Field::Caller), holds(view, Field::Address));
    let mut missing = Vec::new();
    let mut left_out = Vec::new();
    if !caller {
        missing.push(Field::Caller.label().to_string());
        left_out.push(if address { "按来电人归组（一人多诉、同一人重复来电）" } else { "重复诉求（一人多诉、多人同诉）" }.to_string());
    }
    if !address {
        missing.push(Field::Address.label().to_string());
        left_out.push(if caller { "按诉求地址归组" } else { "疑似虚假办结" }.to_string());
    }
    if !caller && !address {
        left_out.push("承办单位考核".to_string());
    } else if !view.has(Field::ClosedTime) {
        missing.push(Field::ClosedTime.label().to_string());
        left_out.push("疑似虚假办结".to_string());
    }
    (missing, left_out)
}

pub fn compute(view: &View, settings: &QualitySection) -> Quality {
    if !settings.enabled {
        return Quality::Off;
    }
    let (missing, left_out) = missing(view);
    if !holds(view, Field::Caller) && !holds(view, Field::Address) {
        return Quality::MissingColumns { missing, left_out };
    }
    let partial = (!missing.is_empty()).then_some((missing, left_out));
    let repeat_settings = settings.repeat_settings();
    // This month's and last month's repeats from one pass over both.
    let linked = repeats::link(view, &repeat_settings);
    let repeats = linked.repeats(view);
    keep_keys(view, &repeats);
    let t = view.table;
    let (start, end) = (view.period.start_ts(), view.period.end_ts());
    let in_month = |r: u32| (start..end).contains(&t.intake[r as usize]);
    let month = view.this_month();
    let kinds = ClusterKind::ALL
        .iter()
        .map(|&kind| {
            let of_kind: Vec<&repeats::Cluster> = repeats.clusters.iter().filter(|c| c.kind == kind).collect();
            let tickets = of_kind.iter().flat_map(|c| c.rows.iter()).filter(|&&r| in_month(r)).count();
            (kind, of_kind.len(), Count::of(tickets as u64, month.and(Facet::RepeatKind, kind.key())))
        })
        .collect();
    let in_clusters = repeats.clusters.iter().flat_map(|c| c.rows.iter()).filter(|&&r| in_month(r)).count();
    let again = repeats.again.len();
    let figures: Vec<ClusterFigure> =
        repeats.clusters.iter().enumerate().map(|(at, c)| cluster_figure(view, at + 1, c)).collect();
    let top = figures.iter().take(settings.clusters_shown).cloned().collect();
    let repeated: Vec<ClusterFigure> = figures
        .iter()
        .filter(|f| f.kind != ClusterKind::OneCallerManyProblems && f.tickets.count as usize >= settings.repeated_min)
        .cloned()
        .collect();
    let repeated_tickets = Count::of(
        repeated.iter().map(|f| f.tickets.count).sum(),
        Selection::default().and_any(Facet::Cluster, repeated.iter().map(|f| f.number.to_string())),
    );
    let again_rows = repeats.again_rows(t.len());
    let repeat_towns = highest_rates(view, Facet::Town, &again_rows, 3);
    let repeat_categories = highest_rates(view, Facet::Category3, &again_rows, 3);
    let closure_pairs: Vec<ClosurePair> = repeats
        .false_closures
        .iter()
        .map(|pair| {
            let (a, b) = (pair.closed as usize, pair.returned as usize);
            ClosurePair {
                closed_id: t.id.get(a).to_string(),
                unit: t.unit.get(a).to_string(),
                reply: t.reply.get(a).to_string(),
                returned_id: t.id.get(b).to_string(),
                days: (t.intake[b] - t.closed[a]) as f64 / 86_400.0,
            }
        })
        .collect();
    let mut by_unit: Vec<(String, u64)> = Vec::new();
    for pair in &closure_pairs {
        match by_unit.iter_mut().find(|(u, _)| *u == pair.unit) {
            Some((_, n)) => *n += 1,
            None => by_unit.push((pair.unit.clone(), 1)),
        }
    }
    by_unit.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let closed = Selection::default().and(Facet::FalseClosure, "closed");
    let closure_units = by_unit
        .into_iter()
        .filter(|(u, _)| !u.is_empty())
        .take(3)
        .map(|(unit, n)| (unit.clone(), Count::of(n, closed.and(Facet::Unit, unit))))
        .collect();
    let rules = settings.rules();
    // Last month's scores: from its tickets when the data holds them, else as this machine
    // remembers them (made under the same scoring settings).
    let previous: Option<Vec<(String, f64)>> = match view.previous {
        Some(p) => {
            let before = View::new(t, view.settings, p, None);
            let repeats = linked.repeats(&before);
            let card = scorecard::scorecard(&before, Some(&repeats), &rules, settings.min_unit_tickets, 0, None);
            Some(card.units.into_iter().map(|u| (u.unit, u.score)).collect())
        }
        None => {
            let scoring = crate::trends::memory::scoring_fingerprint(view.settings);
            let last = view.period.month.previous();
            (view.context.remembered.iter())
                .filter(|m| m.month == last)
                .find_map(|m| m.scores.as_ref().filter(|s| s.fingerprint == scoring))
                .map(|s| s.units.clone())
        }
    };
    let scorecard = scorecard::scorecard(
        view,
        Some(&repeats),
        &rules,
        settings.min_unit_tickets,
        settings.units_listed,
        previous.as_deref(),
    );
    Quality::Written(Box::new(QualityFigures {
        window_days: repeat_settings.window_days,
        closure_days: repeat_settings.closure_days,
        kinds,
        clusters: repeats.clusters.len(),
        in_clusters: Count::of(in_clusters as u64, month.and_present(Facet::Repeat)),
        again: Ratio::of(
            again as u64,
            month.and(Facet::Repeat, "again"),
            view.valid().0.len() as u64,
            view.valid().1,
        ),
        top,
        repeated,
        repeated_tickets,
        repeat_towns,
        repeat_categories,
        false_closures: Count::of(closure_pairs.len() as u64, closed),
        closure_pairs,
        closure_units,
        scorecard,
        closure_known: view.has(Field::ClosedTime),
        partial,
    }))
}

/// Leaves the repeat facets' keys in the analysis's cache: the explorer opens the figures'
/// selections from the same clusters.
fn keep_keys(view: &View, repeats: &Repeats) {
    let Some(cache) = view.context.keys else { return };
    if let Ok(mut cache) = cache.lock() {
        for facet in [Facet::Repeat, Facet::RepeatKind, Facet::Cluster, Facet::FalseClosure] {
            let keyed = repeats::facets::keyed(&facet, repeats, view.table.len());
            cache.insert(facet, std::sync::Arc::new(keyed));
        }
    }
}

/// The letter's names of its attachments (附件6), by their tables' ids.
fn attachments(figures: &Figures, settings: &Settings) -> Vec<(String, String)> {
    let tables = crate::report::attachments::tables(figures, settings);
    tables.into_iter().enumerate().map(|(at, t)| (t.id, format!("附件{}", at + 1))).collect()
}

/// A category path's last level, as prose names it (物业服务, not 房产管理/物业管理/物业服务).
fn last_level(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

pub fn write(w: &mut Writer, n: &mut Numbering, figures: &Figures, settings: &Settings, notices: &mut Vec<Notice>) {
    let section = &settings.sections.quality;
    let f = match &figures.quality {
        Quality::Off => return,
        Quality::MissingColumns { missing, left_out } => {
            notices.push(NoticeKind::RepeatsNeedColumns { missing: missing.clone(), left_out: left_out.clone() }.into());
            return;
        }
        Quality::Written(f) => f,
    };
    if let Some((missing, left_out)) = &f.partial {
        notices.push(NoticeKind::RepeatsWithoutColumns { missing: missing.clone(), left_out: left_out.clone() }.into());
    }
    let attachments = attachments(figures, settings);
    let attachment = |id: &str| attachments.iter().find(|(i, _)| i == id).map(|(_, name)| name.as_str());
    let see = |id: &str, how: &str| attachment(id).map(|a| format!("（{how}{a}）")).unwrap_or_default();
    let this = month(figures.period.month);
    let (window, closure) = (numeral(f.window_days as usize), numeral(f.closure_days as usize));
    w.heading(2, n.section("重复来件"));
    let kinds: Vec<String> = f
        .kinds
        .iter()
        .filter(|(_, clusters, _)| *clusters > 0)
        .map(|(kind, clusters, tickets)| {
            format!("{}{}组（{}宗）", kind.label(), links::derived(&clusters.to_string(), tickets), links::count(tickets))
        })
        .collect();
    if f.clusters == 0 {
        w.paragraph(
            "quality.repeats",
            format!("{this}未发现{window}天内来自同一来电人、涉及同一地点或同一问题的重复来件。"),
        );
    } else {
        w.paragraph(
            "quality.repeats",
            format!(
                "{this}，{}宗有效工单与{window}天内的其他工单来自同一来电人、涉及同一地点或同一问题，共{}组，其中{}；同一问题再次来件{}宗，占有效工单的{}。",
                links::count(&f.in_clusters),
                links::derived(&f.clusters.to_string(), &f.in_clusters),
                kinds.join("、"),
                links::numerator(&f.again),
                wording::rate(&f.again).unwrap_or_default(),
            ),
        );
    }
    if !f.top.is_empty() {
        let items: Vec<String> = f
            .top
            .iter()
            .enumerate()
            .map(|(i, c)| {
                // The place opens the cluster's tickets too: its house numbers are no figures.
                let place =
                    if c.place.is_empty() { String::new() } else { format!("{}，", links::derived(&c.place, &c.tickets)) };
                let unit = if c.unit.is_empty() { String::new() } else { format!("，承办单位{}", c.unit) };
                format!(
                    "{}．{}：{place}{}，{}宗（来电人{}名{unit}）",
                    i + 1,
                    c.kind.label(),
                    last_level(&c.category),
                    links::count(&c.tickets),
                    links::derived(&c.callers.to_string(), &c.tickets)
                )
            })
            .collect();
        w.paragraph("quality.top", format!("涉及工单最多的{}组：{}。", numeral(items.len()), items.join("；")));
    }
    let listed = |rates: &[(String, Ratio)], of: &str| -> Vec<String> {
        rates
            .iter()
            .map(|(name, r)| {
                format!("{}（{}宗，占{of}有效工单的{}）", last_level(name), links::numerator(r), wording::rate(r).unwrap_or_default())
            })
            .collect()
    };
    let (towns, categories) = (listed(&f.repeat_towns, "该镇街"), listed(&f.repeat_categories, "该类"));
    if !towns.is_empty() || !categories.is_empty() {
        let mut parts = Vec::new();
        if !towns.is_empty() {
            parts.push(format!("镇街是{}", towns.join("、")));
        }
        if !categories.is_empty() {
            parts.push(format!("问题分类是{}", categories.join("、")));
        }
        w.paragraph("quality.rates", format!("重复来件占比较高的{}。", parts.join("；")));
    }
    if !f.repeated.is_empty() {
        w.paragraph(
            "quality.repeated",
            format!(
                "同一问题反映{}次及以上的有{}个，涉及工单{}宗{}。",
                numeral(section.repeated_min),
                links::derived(&f.repeated.len().to_string(), &f.repeated_tickets),
                links::count(&f.repeated_tickets),
                see("attachment-repeated", "见")
            ),
        );
    }
    w.heading(2, n.section("疑似虚假办结"));
    if !f.closure_known {
        w.paragraph("quality.false_closures", "文件中没有办结时间，无法判断办结后问题是否复现，此项从略。".to_string());
    } else if f.false_closures.count == 0 {
        w.paragraph(
            "quality.false_closures",
            format!("{this}办结的转办工单中，未发现办结后{closure}天内同一问题再次来件的。"),
        );
    } else {
        let units: Vec<String> =
            f.closure_units.iter().map(|(unit, n)| format!("{unit}（{}宗）", links::count(n))).collect();
        let most = if units.is_empty() { String::new() } else { format!("，较多的是{}", units.join("、")) };
        w.paragraph(
            "quality.false_closures",
            format!(
                "{this}办结的转办工单中，有{}宗在办结后{closure}天内同一问题再次来件，属疑似虚假办结{most}{}。",
                links::count(&f.false_closures),
                attachment("attachment-false-closures").map(|a| format!("，明细见{a}")).unwrap_or_default()
            ),
        );
    }
    let card = &f.scorecard;
    if !card.units.is_empty() {
        w.heading(2, n.section("承办单位考核"));
        let indicators: Vec<&str> = card.indicators.iter().map(|i| i.label()).collect();
        let mut text = format!(
            "以{}{}项指标综合评分（百分制），{}个承办单位平均{}分",
            indicators.join("、"),
            numeral(indicators.len()),
            links::derived(&card.units.len().to_string(), &card.average.tickets),
            links::derived(&format!("{:.1}", card.average.score), &card.average.tickets),
        );
        if !card.red.is_empty() {
            text.push_str(&format!("；得分较高的是{}，得分较低的是{}", card.red.join("、"), card.black.join("、")));
        }
        text.push_str(&format!("{}。", see("attachment-scorecard", "详见")));
        w.paragraph("quality.scorecard", text);
    }
    if !section.recommendation.trim().is_empty() {
        w.heading(2, n.section("意见建议"));
        w.paragraph("quality.recommendation", section.recommendation.clone());
    }
}
