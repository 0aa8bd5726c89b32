//! The facets a selection filters by and the explorer counts by. Each facet gives every row
//! a small key (0 = blank, unknown or none) from the same `View` predicates the figures are
//! computed with, so a figure and its selection cannot disagree.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::stats::{Evaluation, View};
use crate::table::{Field, SymbolColumn, TicketTable};

/// The value of `Facet::FalseClosure` for a ticket both closed and come back and itself the
/// return of an earlier closure.
pub const BOTH_CLOSED_AND_RETURNED: &str = "closed_and_returned";

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Facet {
    /// The statistical month (`2021-01`).
    Month,
    /// The ticket type, canonically named (咨询, 投诉 …).
    Type,
    /// Valid (`yes`: not the invalid type) or not.
    Valid,
    Channel,
    /// The channel group's label; blank for a channel in no group. A channel the settings
    /// list in two groups is keyed to the first (the figures select groups by their
    /// channels, so each group's figure holds such a channel's tickets).
    ChannelGroup,
    Category1,
    Category2,
    Category3,
    Region,
    Town,
    Unit,
    /// The unit's kind (县区, 市直).
    UnitKind,
    Transferred,
    TransferCategory,
    /// Closed by status, or by having a closing time without a status column.
    Closed,
    /// Closed by its deadline.
    OnTime,
    /// Not closed by its deadline: closed late, or still open after it at the period's end.
    Overdue,
    Replied,
    /// satisfied / unsatisfied / not_evaluated / unknown, as the settings class the value.
    Satisfaction,
    /// The platform that took the call (a county's secondary platform …).
    Platform,
    /// The leader on duty who answered.
    DutyLeader,
    /// The satisfaction value as the export wrote it.
    SatisfactionValue,
    /// Sent back by the unit at least once (`Field::Returns`).
    Returned,
    /// Dispatched again at least once (`Field::Redispatches`).
    Redispatched,
    /// Repeat appeals (`repeats`): `again` for a ticket of the month repeating an earlier
    /// ticket's problem (重复来件), `first` for the cluster's other tickets; blank outside
    /// every cluster of the month.
    Repeat,
    /// The kind of the ticket's cluster (`ClusterKind`, snake_case).
    RepeatKind,
    /// The ticket's cluster: its place among the month's, largest first (`1`, `2` …).
    Cluster,
    /// `closed`: closed as done, its problem back within days; `returned`: the ticket it
    /// came back as.
    FalseClosure,
    /// The topic of the section with this key: the sub-topic's name (the "other" bucket's
    /// included); blank outside the topic.
    Topic(String),
}

pub const YES: &str = "yes";
pub const NO: &str = "no";
pub const SATISFIED: &str = "satisfied";
pub const UNSATISFIED: &str = "unsatisfied";

/// A facet as rows see it: each row's key, and each key's value as a selection writes it.
pub struct Keyed<'v> {
    pub keys: Keys<'v>,
    /// The value of each key (index); "" for key 0.
    pub values: Vec<String>,
}

/// Where a row's key comes from.
pub enum Keys<'v> {
    /// An interned column: the key is the value's code.
    Column(&'v SymbolColumn),
    /// Computed once for every row (shared: an analysis keeps them between queries).
    Computed(Arc<Vec<u32>>),
    /// The same, for facets of fewer than 256 values (most of them: yes/no, classes, months,
    /// channel groups, a topic's sub-topics): a byte a row instead of four.
    Small(Arc<Vec<u8>>),
}

impl Keys<'_> {
    /// The same keys, for another query: computed ones are shared, a column is read again.
    pub fn shared<'b>(&self) -> Keys<'b>
    where
        Self: 'b,
    {
        match self {
            Keys::Column(column) => Keys::Column(column),
            Keys::Computed(keys) => Keys::Computed(keys.clone()),
            Keys::Small(keys) => Keys::Small(keys.clone()),
        }
    }

    /// Bytes the keys hold of their own (a column's are the table's).
    pub fn memory(&self) -> usize {
        match self {
            Keys::Column(_) => 0,
            Keys::Computed(keys) => keys.capacity() * std::mem::size_of::<u32>(),
            Keys::Small(keys) => keys.capacity(),
        }
    }

    pub fn of(&self, row: u32) -> u32 {
        match self {
            Keys::Column(column) => column.codes[row as usize],
            Keys::Computed(keys) => keys[row as usize],
            Keys::Small(keys) => u32::from(keys[row as usize]),
        }
    }
}

fn yes_no(view: &View, test: impl Fn(u32) -> bool) -> Keys<'static> {
    computed((0..view.table.len() as u32).map(|r| if test(r) { 1 } else { 2 }))
}

pub(crate) fn computed(keys: impl Iterator<Item = u32>) -> Keys<'static> {
    let keys: Vec<u32> = keys.collect();
    match keys.iter().all(|&key| key <= u32::from(u8::MAX)) {
        true => Keys::Small(Arc::new(keys.into_iter().map(|key| key as u8).collect())),
        false => Keys::Computed(Arc::new(keys)),
    }
}

fn booleans() -> Vec<String> {
    vec![String::new(), YES.into(), NO.into()]
}

fn column<'v>(column: &'v SymbolColumn) -> Keyed<'v> {
    let values = (0..column.symbols.len() as u32).map(|c| column.symbols.name(c).to_string()).collect();
    Keyed { keys: Keys::Column(column), values }
}

impl Facet {
    /// What the explorer calls the facet.
    pub fn label(&self) -> String {
        match self {
            Facet::Month => "统计月份",
            Facet::Type => "诉求类型",
            Facet::Valid => "有效工单",
            Facet::Channel => "诉求渠道",
            Facet::ChannelGroup => "渠道分组",
            Facet::Category1 => "一级分类",
            Facet::Category2 => "二级分类",
            Facet::Category3 => "三级分类",
            Facet::Region => "区县",
            Facet::Town => "镇街",
            Facet::Unit => "承办单位",
            Facet::UnitKind => "单位类别",
            Facet::Transferred => "转办",
            Facet::TransferCategory => "转办类别",
            Facet::Closed => "已办结",
            Facet::OnTime => "按时办结",
            Facet::Overdue => "超期",
            Facet::Replied => "已回复",
            Facet::Satisfaction => "满意度",
            Facet::Platform => "受理平台",
            Facet::DutyLeader => "值班领导",
            Facet::SatisfactionValue => "满意度取值",
            Facet::Returned => "退回",
            Facet::Redispatched => "重派",
            Facet::Repeat => "重复诉求",
            Facet::RepeatKind => "重复类型",
            Facet::Cluster => "重复诉求组",
            Facet::FalseClosure => "疑似虚假办结",
            Facet::Topic(section) => {
                let title = crate::sections::find(section).map_or(section.as_str(), |s| s.title);
                return format!("热点（{title}）");
            }
        }
        .to_string()
    }

    /// Whether a row with the facet's `value` is one a filter asking for `wanted` takes: the
    /// same value, or a value that stands for both of two (`taken_also_by`).
    pub fn takes(&self, value: &str, wanted: &str) -> bool {
        value == wanted || self.taken_also_by(value).contains(&wanted)
    }

    /// The other values whose filters take rows of `value`: a ticket that is both a closure
    /// that came back and the return of an earlier one is found by each. The explorer
    /// counts such rows under each of those values and does not list `value` itself.
    pub fn taken_also_by(&self, value: &str) -> &'static [&'static str] {
        match (self, value) {
            (Facet::FalseClosure, BOTH_CLOSED_AND_RETURNED) => &["closed", "returned"],
            _ => &[],
        }
    }

    /// A value of the facet as the explorer shows it.
    pub fn value_label(&self, value: &str) -> String {
        let named = match (self, value) {
            (_, YES) => "是",
            (_, NO) => "否",
            (Facet::Satisfaction, SATISFIED) => "满意",
            (Facet::Satisfaction, UNSATISFIED) => "不满意",
            (Facet::Satisfaction, "not_evaluated") => "未评价",
            (Facet::Satisfaction, "unknown") => "未设定",
            (Facet::Topic(_), "") => "不属于此热点",
            (Facet::Repeat, "first") => "同组其他来件",
            (Facet::Repeat, "again") => "重复来件",
            (Facet::RepeatKind, "same_caller_again") => "重复诉求",
            (Facet::RepeatKind, "one_caller_many_problems") => "一人多诉",
            (Facet::RepeatKind, "many_callers") => "多人同诉",
            (Facet::FalseClosure, "closed") => "办结后问题复现",
            (Facet::FalseClosure, "returned") => "复现来件",
            (Facet::FalseClosure, BOTH_CLOSED_AND_RETURNED) => "复现来件，办结后又复现",
            (Facet::Cluster, number) if !number.is_empty() => return format!("第{number}组"),
            (Facet::Repeat | Facet::RepeatKind | Facet::Cluster | Facet::FalseClosure, "") => "否",
            (_, "") => "（空白）",
            (_, other) => other,
        };
        named.to_string()
    }

    /// The interned column whose code is this facet's key, for the facets that are one.
    pub fn column<'t>(&self, table: &'t TicketTable) -> Option<&'t SymbolColumn> {
        Some(match self {
            Facet::Type => &table.ticket_type,
            Facet::Channel => &table.channel,
            Facet::Category1 => &table.category[0],
            Facet::Category2 => &table.category[1],
            Facet::Category3 => &table.category[2],
            Facet::Region => &table.region,
            Facet::Town => &table.town,
            Facet::Unit => &table.unit,
            Facet::UnitKind => &table.unit_kind,
            Facet::TransferCategory => &table.transfer_category,
            Facet::Platform => &table.platform,
            Facet::DutyLeader => &table.leader,
            Facet::SatisfactionValue => &table.satisfaction,
            _ => return None,
        })
    }

    /// Every row's key for this facet, with the values the keys stand for. `topics` gives a
    /// section's topic classification (`None` when the section has no topic).
    pub fn keyed<'v>(&self, view: &'v View, topic: impl FnOnce(&str) -> Option<Keyed<'v>>) -> Option<Keyed<'v>> {
        let table = view.table;
        let settings = view.settings;
        if let Some(interned) = self.column(table) {
            return Some(column(interned));
        }
        Some(match self {
            Facet::Month => {
                let months = view.months();
                let mut values = vec![String::new()];
                values.extend(months.iter().map(|(m, _)| m.to_string()));
                let start_day = settings.period.start_day;
                let mut last: Option<(i64, u32)> = None;
                let keys: Vec<u32> = table
                    .intake
                    .iter()
                    .map(|&ts| {
                        let day = ts.div_euclid(86_400);
                        match last {
                            Some((d, k)) if d == day => k,
                            _ => {
                                let month = crate::period::Period::month_of(crate::period::date_of(ts), start_day);
                                let k = months.iter().position(|(m, _)| *m == month).map_or(0, |i| i as u32 + 1);
                                last = Some((day, k));
                                k
                            }
                        }
                    })
                    .collect();
                Keyed { keys: computed(keys.into_iter()), values }
            }
            Facet::Valid => Keyed { keys: yes_no(view, |r| view.is_valid(r)), values: booleans() },
            Facet::ChannelGroup => {
                let groups = &settings.channel_groups;
                let mut group_of = vec![0u32; table.channel.symbols.len()];
                for (i, group) in groups.iter().enumerate().rev() {
                    for code in table.channel.codes_of(&group.channels) {
                        group_of[code as usize] = i as u32 + 1;
                    }
                }
                let keys = computed(table.channel.codes.iter().map(|&c| group_of[c as usize]));
                let mut values = vec![String::new()];
                values.extend(groups.iter().map(|g| g.label.clone()));
                Keyed { keys, values }
            }
            Facet::Transferred => Keyed { keys: yes_no(view, |r| view.is_transferred(r)), values: booleans() },
            Facet::Closed => {
                let known = view.has(Field::Status) || view.has(Field::ClosedTime);
                let keys = (0..table.len() as u32).map(|r| {
                    if !known {
                        0
                    } else if view.is_closed(r) {
                        1
                    } else {
                        2
                    }
                });
                Keyed { keys: computed(keys), values: booleans() }
            }
            Facet::OnTime => Keyed { keys: yes_no(view, |r| view.closed_on_time(r)), values: booleans() },
            Facet::Overdue => Keyed { keys: yes_no(view, |r| view.is_overdue(r)), values: booleans() },
            Facet::Replied => {
                let keys = table.replied.iter().map(|r| match r {
                    None => 0,
                    Some(true) => 1,
                    Some(false) => 2,
                });
                Keyed { keys: computed(keys), values: booleans() }
            }
            Facet::Satisfaction => {
                let keys = (0..table.len() as u32).map(|r| match view.evaluation(r) {
                    Evaluation::Unknown => 0,
                    Evaluation::Satisfied => 1,
                    Evaluation::Unsatisfied => 2,
                    Evaluation::NotEvaluated => 3,
                });
                let values = ["unknown", SATISFIED, UNSATISFIED, "not_evaluated"].map(String::from).to_vec();
                Keyed { keys: computed(keys), values }
            }
            Facet::Returned | Facet::Redispatched => {
                let counts = &table.markers[if *self == Facet::Returned { 0 } else { 1 }];
                let field = if *self == Facet::Returned { Field::Returns } else { Field::Redispatches };
                let known = view.has(field);
                let keys = (0..table.len()).map(|r| match (known, counts.get(r) > 0) {
                    (false, _) => 0,
                    (true, true) => 1,
                    (true, false) => 2,
                });
                Keyed { keys: computed(keys), values: booleans() }
            }
            Facet::Repeat | Facet::RepeatKind | Facet::Cluster | Facet::FalseClosure => {
                let settings = settings.sections.quality.repeat_settings();
                let repeats = crate::repeats::find(view, &settings);
                crate::repeats::facets::keyed(self, &repeats, table.len())
            }
            Facet::Topic(section) => return topic(section),
            _ => unreachable!("the interned facets are read above"),
        })
    }
}
