//! Every figure of the report, computed once from the ticket table. Wording and charts
//! read these; nothing is computed twice.

pub mod packed_keywords;
pub mod ratio;
pub mod topic;
pub mod units;

use crate::period::Period;
use crate::settings::Settings;
use crate::table::{Field, SymbolColumn, TicketTable, NO_TIME};
use ratio::{rank, Share};

pub use crate::sections::Figures;

pub fn compute(table: &TicketTable, settings: &Settings, period: Period, previous: Option<Period>) -> Figures {
    crate::sections::compute(&View::new(table, settings, period, previous))
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
        }
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

    /// Closed ÷ rows; None when the export has neither a status nor a closing time, so
    /// closing is unknown (not zero).
    pub fn closed(&self, rows: &[u32]) -> Option<ratio::Ratio> {
        if !self.has(Field::Status) && !self.has(Field::ClosedTime) {
            return None;
        }
        let closed = rows.iter().filter(|&&r| self.is_closed(r)).count() as u64;
        Some(ratio::Ratio::new(closed, rows.len() as u64))
    }

    pub fn closed_on_time(&self, row: u32) -> bool {
        let (closed, deadline) = (self.table.closed[row as usize], self.table.deadline[row as usize]);
        closed != NO_TIME && deadline != NO_TIME && closed <= deadline && self.is_closed(row)
    }

    /// How the satisfaction value with this symbol code counts.
    pub fn evaluation_of(&self, code: u32) -> Evaluation {
        self.evaluation[code as usize]
    }

    pub fn evaluation(&self, row: u32) -> Evaluation {
        self.evaluation[self.table.satisfaction.codes[row as usize] as usize]
    }

    /// Satisfied ÷ evaluated over the rows.
    pub fn satisfaction(&self, rows: impl Iterator<Item = u32>) -> ratio::Ratio {
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
        ratio::Ratio::new(satisfied, evaluated)
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

    /// Shares of every non-empty value of `column` over `rows`, of `of`, largest first.
    pub fn shares(column: &SymbolColumn, rows: &[u32], of: u64) -> Vec<Share> {
        let counts = View::counts(column, rows);
        let mut shares: Vec<Share> = counts
            .iter()
            .enumerate()
            .skip(1)
            .filter(|(_, &n)| n > 0)
            .map(|(code, &n)| Share::new(column.symbols.name(code as u32), n, of))
            .collect();
        rank(&mut shares, |_| 0);
        shares
    }

    /// Rows whose `column` value is `name`.
    pub fn with_value(column: &SymbolColumn, rows: &[u32], name: &str) -> Vec<u32> {
        match column.symbols.code(name) {
            Some(code) => rows.iter().copied().filter(|&r| column.codes[r as usize] == code).collect(),
            None => Vec::new(),
        }
    }
}

/// The first `n` items.
pub fn top(mut items: Vec<Share>, n: usize) -> Vec<Share> {
    items.truncate(n);
    items
}
