//! Every figure of the report, computed once from the ticket table. Wording and charts
//! read these; nothing is computed twice.

pub mod packed_keywords;
pub mod ratio;
pub mod topic;
pub mod units;

use crate::period::Period;
use crate::query::facet::{SATISFIED, UNSATISFIED};
use crate::query::{Facet, Selection, YES};
use crate::settings::Settings;
use crate::table::{Field, SymbolColumn, TicketTable, NO_TIME};
use ratio::{rank, Count, Share};

pub use crate::sections::Figures;

pub fn compute(table: &TicketTable, settings: &Settings, period: Period, previous: Option<Period>) -> Figures {
    crate::sections::compute(&View::new(table, settings, period, previous))
}

/// What an analysis brings to its figures besides the table: the facet keys it keeps for
/// the explorer (made once, for the figures and the explorer alike) and the months this
/// machine remembers.
#[derive(Default, Clone, Copy)]
pub struct Context<'a> {
    pub keys: Option<&'a crate::query::KeyCache>,
    pub remembered: &'a [crate::trends::memory::MonthSummary],
    /// Records per statistical month, as the analysis counted them (empty: not counted).
    pub months: &'a [(crate::period::MonthId, u64)],
}

/// How a satisfaction value counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Evaluation {
    NotEvaluated,
    Satisfied,
    Unsatisfied,
    /// A value in none of the settings' lists: left out of the rate and listed for the
    /// user to assign (a numeric scale's meaning is not guessed).
    Unknown,
}

/// The table seen through the settings, with the rows of each period picked out once.
pub struct View<'a> {
    pub table: &'a TicketTable,
    pub settings: &'a Settings,
    pub period: Period,
    /// The previous month, only when the data holds records in it.
    pub previous: Option<Period>,
    pub current_rows: Vec<u32>,
    pub previous_rows: Vec<u32>,
    invalid_type: Option<u32>,
    consultation_type: Option<u32>,
    closed_status: Vec<bool>,
    evaluation: Vec<Evaluation>,
    pub context: Context<'a>,
}

impl<'a> View<'a> {
    pub fn new(table: &'a TicketTable, settings: &'a Settings, period: Period, previous: Option<Period>) -> View<'a> {
        let (start, end) = (period.start_ts(), period.end_ts());
        let mut current_rows = Vec::new();
        let mut previous_rows = Vec::new();
        let (prev_start, prev_end) = previous.map(|p| (p.start_ts(), p.end_ts())).unwrap_or((0, 0));
        for (row, &ts) in table.intake.iter().enumerate() {
            if ts >= start && ts < end {
                current_rows.push(row as u32);
            } else if ts >= prev_start && ts < prev_end {
                previous_rows.push(row as u32);
            }
        }
        let previous = previous.filter(|_| !previous_rows.is_empty());
        let types = &table.ticket_type.symbols;
        let closed_status = (0..table.status.symbols.len())
            .map(|code| settings.closed_statuses.iter().any(|s| s == table.status.symbols.name(code as u32)))
            .collect();
        let evaluation = (0..table.satisfaction.symbols.len())
            .map(|code| {
                let name = table.satisfaction.symbols.name(code as u32);
                if name.is_empty() || settings.satisfaction.not_evaluated.iter().any(|n| n == name) {
                    Evaluation::NotEvaluated
                } else if settings.satisfaction.satisfied.iter().any(|n| n == name) {
                    Evaluation::Satisfied
                } else if settings.satisfaction.unsatisfied.iter().any(|n| n == name) {
                    Evaluation::Unsatisfied
                } else {
                    Evaluation::Unknown
                }
            })
            .collect();
        View {
            table,
            settings,
            period,
            previous,
            current_rows,
            previous_rows,
            invalid_type: types.code(&settings.ticket_types.invalid),
            consultation_type: types.code(&settings.ticket_types.consultation),
            closed_status,
            evaluation,
            context: Context::default(),
        }
    }

    /// Records per statistical month, oldest first: the analysis's count when it gave one
    /// (a pass over every row saved), else counted now.
    pub fn months(&self) -> std::borrow::Cow<'a, [(crate::period::MonthId, u64)]> {
        if self.context.months.is_empty() {
            std::borrow::Cow::Owned(crate::analysis::months_in(self.table, self.settings.period.start_day))
        } else {
            std::borrow::Cow::Borrowed(self.context.months)
        }
    }

    /// The statistical months up to this one the letter can compare over: those the data
    /// holds a real share of (`analysis::held_months`) and those this machine remembers.
    pub fn months_compared(&self) -> Vec<crate::period::MonthId> {
        let month = self.period.month;
        let mut months: Vec<_> = crate::analysis::held_months(&self.months())
            .into_iter()
            .chain(self.context.remembered.iter().map(|r| r.month))
            .filter(|m| *m <= month)
            .collect();
        months.sort();
        months.dedup();
        months
    }

    /// The same view with an analysis's keys and remembered months.
    pub fn within(self, context: Context<'a>) -> View<'a> {
        View { context, ..self }
    }

    pub fn has(&self, field: Field) -> bool {
        self.table.has(field)
    }

    pub fn is_valid(&self, row: u32) -> bool {
        Some(self.table.ticket_type.codes[row as usize]) != self.invalid_type
    }

    pub fn is_consultation(&self, row: u32) -> bool {
        Some(self.table.ticket_type.codes[row as usize]) == self.consultation_type
    }

    pub fn is_transferred(&self, row: u32) -> bool {
        self.table.transferred[row as usize]
    }

    /// Closed by status; without a status column, by having a closing time.
    pub fn is_closed(&self, row: u32) -> bool {
        if self.has(Field::Status) {
            self.closed_status[self.table.status.codes[row as usize] as usize]
        } else {
            self.table.closed[row as usize] != NO_TIME
        }
    }

    /// Closed ÷ rows (the tickets of `base`); None when the export has neither a status nor
    /// a closing time, so closing is unknown (not zero).
    pub fn closed(&self, rows: &[u32], base: &Selection) -> Option<ratio::Ratio> {
        if !self.has(Field::Status) && !self.has(Field::ClosedTime) {
            return None;
        }
        let closed = rows.iter().filter(|&&r| self.is_closed(r)).count() as u64;
        Some(ratio::Ratio::of(closed, base.and(Facet::Closed, YES), rows.len() as u64, base.clone()))
    }

    /// The rows of `rows` (the tickets of `base`) that pass `keep`, as a ratio of all; `keep`
    /// is what `facet` = `value` selects.
    pub fn part(
        &self,
        rows: &[u32],
        base: &Selection,
        facet: Facet,
        value: &str,
        keep: impl Fn(u32) -> bool,
    ) -> ratio::Ratio {
        let n = rows.iter().filter(|&&r| keep(r)).count() as u64;
        ratio::Ratio::of(n, base.and(facet, value), rows.len() as u64, base.clone())
    }

    pub fn closed_on_time(&self, row: u32) -> bool {
        let (closed, deadline) = (self.table.closed[row as usize], self.table.deadline[row as usize]);
        closed != NO_TIME && deadline != NO_TIME && closed <= deadline && self.is_closed(row)
    }

    /// Not closed by its deadline: closed late, or still open after it at the period's end.
    pub fn is_overdue(&self, row: u32) -> bool {
        let deadline = self.table.deadline[row as usize];
        deadline != NO_TIME && !self.closed_on_time(row) && (self.is_closed(row) || deadline < self.period.end_ts())
    }

    /// How the satisfaction value with this symbol code counts.
    pub fn evaluation_of(&self, code: u32) -> Evaluation {
        self.evaluation[code as usize]
    }

    pub fn evaluation(&self, row: u32) -> Evaluation {
        self.evaluation[self.table.satisfaction.codes[row as usize] as usize]
    }

    /// Satisfied ÷ evaluated over the rows (the tickets of `base`).
    pub fn satisfaction(&self, rows: impl Iterator<Item = u32>, base: &Selection) -> ratio::Ratio {
        let (mut satisfied, mut evaluated) = (0, 0);
        for row in rows {
            match self.evaluation(row) {
                Evaluation::NotEvaluated | Evaluation::Unknown => {}
                Evaluation::Satisfied => {
                    satisfied += 1;
                    evaluated += 1
                }
                Evaluation::Unsatisfied => evaluated += 1,
            }
        }
        let num = base.and(Facet::Satisfaction, SATISFIED);
        let den = base.and_any(Facet::Satisfaction, [SATISFIED.to_string(), UNSATISFIED.to_string()]);
        ratio::Ratio::of(satisfied, num, evaluated, den)
    }

    /// Every ticket of the statistical month.
    pub fn this_month(&self) -> Selection {
        Selection::month(self.period.month)
    }

    /// The valid tickets of the month: their rows and selection.
    pub fn valid(&self) -> (Vec<u32>, Selection) {
        (self.current(|r| self.is_valid(r)), self.this_month().and(Facet::Valid, YES))
    }

    /// The valid transferred tickets of the month.
    pub fn valid_transferred(&self) -> (Vec<u32>, Selection) {
        let rows = self.current(|r| self.is_valid(r) && self.is_transferred(r));
        (rows, self.this_month().and(Facet::Valid, YES).and(Facet::Transferred, YES))
    }

    /// The consultations of the month (of the settings' consultation type).
    pub fn consultations(&self) -> (Vec<u32>, Selection) {
        let rows = self.current(|r| self.is_consultation(r));
        let types = &self.table.ticket_type.symbols;
        let name = self.consultation_type.map_or(self.settings.ticket_types.consultation.as_str(), |c| types.name(c));
        (rows, self.this_month().and(Facet::Type, name))
    }

    /// Rows of the current period that pass `keep`.
    pub fn current(&self, keep: impl Fn(u32) -> bool) -> Vec<u32> {
        self.current_rows.iter().copied().filter(|&r| keep(r)).collect()
    }

    pub fn previous(&self, keep: impl Fn(u32) -> bool) -> Vec<u32> {
        self.previous_rows.iter().copied().filter(|&r| keep(r)).collect()
    }

    /// Counts per value of `column` over `rows`, indexed by symbol code.
    pub fn counts(column: &SymbolColumn, rows: &[u32]) -> Vec<u64> {
        let mut counts = vec![0u64; column.symbols.len()];
        for &row in rows {
            counts[column.codes[row as usize] as usize] += 1;
        }
        counts
    }

    /// Shares of every non-empty value of `facet` (an interned column) over `rows`, the
    /// tickets of `parent`, each of `of`, largest first. A share selects `parent` narrowed
    /// to its value.
    pub fn shares(&self, facet: Facet, rows: &[u32], parent: &Selection, of: &Count) -> Vec<Share> {
        let column = facet.column(self.table).expect("shares are counted over an interned column");
        let counts = View::counts(column, rows);
        let mut shares: Vec<Share> = counts
            .iter()
            .enumerate()
            .skip(1)
            .filter(|(_, &n)| n > 0)
            .map(|(code, &n)| {
                let name = column.symbols.name(code as u32);
                Share::of(name, n, parent.and(facet.clone(), name), of.count, of.selection.clone())
            })
            .collect();
        rank(&mut shares, |_| 0);
        shares
    }

    /// The rows of `rows` (the tickets of `base`) whose interned `facet` is `name`, counted
    /// with their selection.
    pub fn narrow(&self, facet: Facet, rows: &[u32], base: &Selection, name: &str) -> (Vec<u32>, Count) {
        let column = facet.column(self.table).expect("narrowed by an interned column");
        let rows: Vec<u32> = match column.symbols.code(name) {
            Some(code) => rows.iter().copied().filter(|&r| column.codes[r as usize] == code).collect(),
            None => Vec::new(),
        };
        let count = Count::of(rows.len() as u64, base.and(facet, name));
        (rows, count)
    }
}

/// The first `n` items.
pub fn top(mut items: Vec<Share>, n: usize) -> Vec<Share> {
    items.truncate(n);
    items
}
