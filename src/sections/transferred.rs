//! 二、转办工单: transferred tickets with their closing, reply and satisfaction rates and categories.

use serde::Serialize;

use super::fields::NoSettings;
use crate::notice::{Notice, NoticeKind};
use crate::report::links;
use crate::report::numbering::Numbering;
use crate::report::wording::{rate, share, year_month};
use crate::report::{ChartKind, ChartSpec, Series, Writer};
use crate::settings::Settings;
use crate::query::{Facet, YES};
use crate::stats::ratio::Count;
use crate::stats::ratio::{Ratio, Share, rank};
use crate::stats::{Figures, View};
use crate::table::Field;

#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct TransferredFigures {
    pub total: Count,
    /// Closed ÷ transferred (its `num` is the closed count); None when closing is unknown.
    pub closed: Option<Ratio>,
    /// None when the export has no reply column.
    pub reply: Option<Ratio>,
    pub satisfaction: Option<Ratio>,
    /// The report's transfer categories, ranked by count, as shares of all transferred.
    pub by_category: Vec<Share>,
}

pub fn compute(view: &View, _: &NoSettings) -> TransferredFigures {
    let table = view.table;
    let (rows, selection) = view.valid_transferred();
    let total = Count::of(rows.len() as u64, selection.clone());
    let reply = view
        .has(Field::Replied)
        .then(|| view.part(&rows, &selection, Facet::Replied, YES, |r| table.replied[r as usize] == Some(true)));
    let named = &view.settings.transfer_categories;
    let counts = View::counts(&table.transfer_category, &rows);
    let mut by_category: Vec<Share> = named
        .iter()
        .map(|name| {
            let count = table.transfer_category.symbols.code(name).map(|c| counts[c as usize]).unwrap_or(0);
            let value = table.transfer_category.symbols.code(name).map_or(name.as_str(), |c| table.transfer_category.symbols.name(c));
            Share::of(name.clone(), count, selection.and(Facet::TransferCategory, value), total.count, selection.clone())
        })
        .filter(|s| s.count > 0)
        .collect();
    rank(&mut by_category, |name| named.iter().position(|n| n == name).unwrap_or(named.len()));
    TransferredFigures {
        closed: view.closed(&rows, &selection),
        reply,
        satisfaction: view.has(Field::Satisfaction).then(|| view.satisfaction(rows.iter().copied(), &selection)),
        total,
        by_category,
    }
}

pub fn write(w: &mut Writer, _: &mut Numbering, figures: &Figures, _: &Settings, notices: &mut Vec<Notice>) {
    let t = &figures.transferred;
    if t.total.count == 0 {
        notices.push(NoticeKind::NoTransferredTickets.into());
        return;
    }
    let mut text = format!("转办工单{}宗", links::count(&t.total));
    if let Some(closed) = &t.closed {
        text.push_str(&format!("，已办结{}宗", links::numerator(closed)));
    }
    if let Some(r) = t.reply.as_ref().and_then(rate) {
        text.push_str(&format!("，回复率{r}"));
    }
    if let Some(r) = t.closed.as_ref().and_then(rate) {
        text.push_str(&format!("，办结率{r}"));
    }
    if let Some(r) = t.satisfaction.as_ref().and_then(rate) {
        text.push_str(&format!("，群众满意率{r}"));
    }
    text.push('。');
    if !t.by_category.is_empty() {
        let ranking: Vec<String> = t.by_category.iter().map(|c| format!("{}类", c.name)).collect();
        let items: Vec<String> =
            t.by_category.iter().map(|c| format!("{}工单{}宗，占{}", c.name, links::share_count(c), share(c))).collect();
        text.push_str(&format!("转办工单量排名依次为：{}。其中：{}。", ranking.join("、"), items.join("；")));
    }
    w.paragraph("tickets.transferred", text);
    if !t.by_category.is_empty() {
        w.chart(ChartSpec {
            id: "transferred-by-category".into(),
            caption: format!("{}有效工单数据分布", year_month(figures.period.month)),
            kind: ChartKind::Bar,
            categories: t.by_category.iter().map(|c| c.name.clone()).collect(),
            series: vec![Series::of("转办工单", t.by_category.iter().map(|c| (c.count, c.selection.clone())))],
            unit: "宗".into(),
        });
    }
}
