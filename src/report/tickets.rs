//! 二、工单量总体情况: valid tickets by type; transferred tickets and their categories.

use super::wording::{change, month, rate, share, year_month};
use super::{ChartKind, ChartSpec, Series, Writer};
use crate::notice::{Notice, NoticeKind};
use crate::stats::Figures;

pub fn overall(w: &mut Writer, figures: &Figures) {
    let tickets = &figures.tickets;
    let mut text = format!("{}，共形成有效工单{}宗", month(figures.period.month), tickets.valid.current);
    if let Some(c) = change(&tickets.valid) {
        text.push_str(&format!("，{c}"));
    }
    let mut parts: Vec<String> = tickets
        .by_type
        .iter()
        .map(|t| format!("{}工单{}宗，占{}", t.share.name, t.share.count, share(&t.share)))
        .collect();
    if tickets.transferred.count > 0 {
        parts.push(format!("转办工单{}宗，占{}", tickets.transferred.count, share(&tickets.transferred)));
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
        series: vec![Series {
            name: "有效工单".into(),
            values: tickets.by_type.iter().map(|t| t.share.count).collect(),
        }],
        unit: "宗".into(),
    });
}

pub fn transferred(w: &mut Writer, figures: &Figures, notices: &mut Vec<Notice>) {
    let t = &figures.transferred;
    if t.total == 0 {
        notices.push(NoticeKind::NoTransferredTickets.into());
        return;
    }
    let mut text = format!("转办工单{}宗", t.total);
    if let Some(closed) = &t.closed {
        text.push_str(&format!("，已办结{}宗", closed.num));
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
            t.by_category.iter().map(|c| format!("{}工单{}宗，占{}", c.name, c.count, share(c))).collect();
        text.push_str(&format!("转办工单量排名依次为：{}。其中：{}。", ranking.join("、"), items.join("；")));
    }
    w.paragraph("tickets.transferred", text);
    if !t.by_category.is_empty() {
        w.chart(ChartSpec {
            id: "transferred-by-category".into(),
            caption: format!("{}有效工单数据分布", year_month(figures.period.month)),
            kind: ChartKind::Bar,
            categories: t.by_category.iter().map(|c| c.name.clone()).collect(),
            series: vec![Series {
                name: "转办工单".into(), values: t.by_category.iter().map(|c| c.count).collect()
            }],
            unit: "宗".into(),
        });
    }
}
