//! 二、工单量总体情况: valid tickets by type, with the share transferred.

use serde::Serialize;

use super::fields::NoSettings;
use super::parts::YearAgo;
use crate::notice::Notice;
use crate::report::links;
use crate::report::numbering::Numbering;
use crate::report::wording::{change, month, share, year_month};
use crate::report::{ChartKind, ChartSpec, Series, Writer};
use crate::settings::Settings;
use crate::query::{Facet, YES};
use crate::stats::ratio::Count;
use crate::stats::ratio::{Change, Share, rank};
use crate::stats::{Figures, View};

#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct TicketFigures {
    pub valid: Change,
    /// Shares of valid tickets, largest first; each with its previous-month count.
    pub by_type: Vec<TypeCount>,
    /// Transferred tickets as a share of valid ones (cuts across the types).
    pub transferred: Share,
}

#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct TypeCount {
    pub share: Share,
    pub change: Change,
}

pub fn compute(view: &View, _: &NoSettings) -> TicketFigures {
    let table = view.table;
    let (valid, valid_selection) = view.valid();
    let valid_previous = view.previous(|r| view.is_valid(r));
    let has_previous = view.previous.is_some();
    let of = Count::of(valid.len() as u64, valid_selection.clone());
    let previous_counts = View::counts(&table.ticket_type, &valid_previous);
    let order = &view.settings.ticket_types.order;
    let mut shares = view.shares(Facet::Type, &valid, &valid_selection, &of);
    rank(&mut shares, |name| order.iter().position(|o| o == name).unwrap_or(order.len()));
    let by_type = shares
        .into_iter()
        .map(|share| {
            let previous =
                table.ticket_type.symbols.code(&share.name).map(|c| previous_counts[c as usize]).unwrap_or(0);
            let change = Change::of(share.count, has_previous.then_some(previous), share.selection.clone());
            TypeCount { share, change }
        })
        .collect();
    let transferred = view.part(&valid, &valid_selection, Facet::Transferred, YES, |r| view.is_transferred(r));
    TicketFigures {
        valid: YearAgo::new(view).add(Change::of(
            of.count,
            has_previous.then_some(valid_previous.len() as u64),
            valid_selection,
        )),
        by_type,
        transferred: Share::of("转办", transferred.num, transferred.num_selection, of.count, of.selection),
    }
}

pub fn write(w: &mut Writer, _: &mut Numbering, figures: &Figures, _: &Settings, _: &mut Vec<Notice>) {
    let tickets = &figures.tickets;
    let mut text = format!("{}，共形成有效工单{}宗", month(figures.period.month), links::current(&tickets.valid));
    if let Some(c) = change(&tickets.valid) {
        text.push_str(&format!("，{c}"));
    }
    let mut parts: Vec<String> = tickets
        .by_type
        .iter()
        .map(|t| format!("{}工单{}宗，占{}", t.share.name, links::share_count(&t.share), share(&t.share)))
        .collect();
    if tickets.transferred.count > 0 {
        parts.push(format!("转办工单{}宗，占{}", links::share_count(&tickets.transferred), share(&tickets.transferred)));
    }
    if !parts.is_empty() {
        text.push_str(&format!("，其中：{}", parts.join("；")));
    }
    text.push('。');
    w.paragraph("tickets.overall", text);
    w.chart(ChartSpec {
        id: "tickets-by-type".into(),
        caption: format!("{}工单量总体情况数据图分布", year_month(figures.period.month)),
        kind: ChartKind::Pie,
        categories: tickets.by_type.iter().map(|t| format!("{}工单", t.share.name)).collect(),
        series: vec![Series::of("有效工单", tickets.by_type.iter().map(|t| (t.share.count, t.share.selection.clone())))],
        unit: "宗".into(),
    });
}
