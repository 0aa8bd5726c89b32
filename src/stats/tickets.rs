//! Section 二: valid tickets by type, and transferred tickets with their rates and categories.

use serde::Serialize;

use super::ratio::{rank, Change, Ratio, Share};
use super::View;
use crate::table::Field;

#[derive(Debug, Clone, Serialize)]
pub struct TicketFigures {
    pub valid: Change,
    /// Shares of valid tickets, largest first; each with its previous-month count.
    pub by_type: Vec<TypeCount>,
    /// Transferred tickets as a share of valid ones (cuts across the types).
    pub transferred: Share,
}

#[derive(Debug, Clone, Serialize)]
pub struct TypeCount {
    pub share: Share,
    pub change: Change,
}

pub fn tickets(view: &View) -> TicketFigures {
    let table = view.table;
    let valid = view.current(|r| view.is_valid(r));
    let valid_previous = view.previous(|r| view.is_valid(r));
    let has_previous = view.previous.is_some();
    let of = valid.len() as u64;
    let previous_counts = View::counts(&table.ticket_type, &valid_previous);
    let order = &view.settings.ticket_types.order;
    let mut shares = View::shares(&table.ticket_type, &valid, of);
    rank(&mut shares, |name| order.iter().position(|o| o == name).unwrap_or(order.len()));
    let by_type = shares
        .into_iter()
        .map(|share| {
            let previous =
                table.ticket_type.symbols.code(&share.name).map(|c| previous_counts[c as usize]).unwrap_or(0);
            let change = Change::new(share.count, has_previous.then_some(previous));
            TypeCount { share, change }
        })
        .collect();
    let transferred = valid.iter().filter(|&&r| view.is_transferred(r)).count() as u64;
    TicketFigures {
        valid: Change::new(of, has_previous.then_some(valid_previous.len() as u64)),
        by_type,
        transferred: Share::new("转办", transferred, of),
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct TransferredFigures {
    pub total: u64,
    /// Closed ÷ transferred (its `num` is the closed count); None when closing is unknown.
    pub closed: Option<Ratio>,
    /// None when the export has no reply column.
    pub reply: Option<Ratio>,
    pub satisfaction: Option<Ratio>,
    /// The report's transfer categories, ranked by count, as shares of all transferred.
    pub by_category: Vec<Share>,
}

pub fn transferred(view: &View) -> TransferredFigures {
    let table = view.table;
    let rows = view.current(|r| view.is_valid(r) && view.is_transferred(r));
    let total = rows.len() as u64;
    let reply = view.has(Field::Replied).then(|| {
        let replied = rows.iter().filter(|&&r| table.replied[r as usize] == Some(true)).count() as u64;
        Ratio::new(replied, total)
    });
    let named = &view.settings.transfer_categories;
    let counts = View::counts(&table.transfer_category, &rows);
    let mut by_category: Vec<Share> = named
        .iter()
        .map(|name| {
            let count = table.transfer_category.symbols.code(name).map(|c| counts[c as usize]).unwrap_or(0);
            Share::new(name.clone(), count, total)
        })
        .filter(|s| s.count > 0)
        .collect();
    rank(&mut by_category, |name| named.iter().position(|n| n == name).unwrap_or(named.len()));
    TransferredFigures {
        total,
        closed: view.closed(&rows),
        reply,
        satisfaction: view.has(Field::Satisfaction).then(|| view.satisfaction(rows.iter().copied())),
        by_category,
    }
}
