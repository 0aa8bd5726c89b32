//! 三 消费维权投诉类: goods and services, their top categories, and one breakdown.

use serde::{Deserialize, Serialize};

use super::fields::{FieldKind, FieldSpec, SectionSettings};
use super::parts::{bar, joined, open_section, recommend, transferred_in};
use crate::notice::Notice;
use crate::report::links;
use crate::report::numbering::Numbering;
use crate::report::wording::{month, numeral, rate, share, year_month};
use crate::report::Writer;
use crate::settings::Settings;
use crate::query::Facet;
use crate::stats::ratio::{Count, Ratio, Share};
use crate::stats::{top, Figures, View};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct ConsumerSection {
    /// The drafted 意见建议 paragraph; empty leaves it out. `{topic}` and `{total}` are
    /// filled from the section's figures.
    pub recommendation: String,
    pub transfer_category: String,
    /// First-level names of the two halves (商品类, 服务类).
    pub goods: String,
    pub services: String,
    pub top_n: usize,
    /// Second-level category whose third level is broken down (售后服务).
    pub detail_category: String,
    pub detail_top_n: usize,
}

impl Default for ConsumerSection {
    fn default() -> Self {
        ConsumerSection {
            recommendation: "相关部门要加强对商家及售后服务机构的监管，督促商家及售后服务机构加强售后服务质量管理。"
                .into(),
            transfer_category: "消费维权投诉".into(),
            goods: "商品类".into(),
            services: "服务类".into(),
            top_n: 3,
            detail_category: "售后服务".into(),
            detail_top_n: 3,
        }
    }
}

impl SectionSettings for ConsumerSection {
    fn fields() -> Vec<FieldSpec> {
        vec![
            FieldSpec::recommendation(),
            FieldSpec::new("transfer_category", "转办类别", FieldKind::Name).hint("导出文件中“转办类别”的写法"),
            FieldSpec::new("goods", "商品类名称", FieldKind::Name).hint("一级分类中商品类的写法"),
            FieldSpec::new("services", "服务类名称", FieldKind::Name).hint("一级分类中服务类的写法"),
            FieldSpec::top_n("top_n", "排名前几位"),
            FieldSpec::new("detail_category", "细分类别", FieldKind::Name).hint("细分到三级分类的二级分类"),
            FieldSpec::top_n("detail_top_n", "细分前几位"),
        ]
    }
}

#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct ConsumerFigures {
    pub total: Count,
    pub share_of_transferred: Ratio,
    pub goods: Share,
    pub services: Share,
    pub goods_top: Vec<Share>,
    pub services_top: Vec<Share>,
    /// Third-level breakdown of one second-level category (售后服务).
    pub detail: Option<Breakdown>,
}

#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct Breakdown {
    pub name: String,
    pub total: Count,
    pub items: Vec<Share>,
}

pub fn compute(view: &View, settings: &ConsumerSection) -> ConsumerFigures {
    let (rows, total, transferred) = transferred_in(view, &settings.transfer_category);
    let (goods_rows, goods) = view.narrow(Facet::Category1, &rows, &total.selection, &settings.goods);
    let (services_rows, services) = view.narrow(Facet::Category1, &rows, &total.selection, &settings.services);
    let (detail_rows, detail) = view.narrow(Facet::Category2, &rows, &total.selection, &settings.detail_category);
    let detail = (!detail_rows.is_empty()).then(|| Breakdown {
        name: settings.detail_category.clone(),
        items: top(view.shares(Facet::Category3, &detail_rows, &detail.selection, &detail), settings.detail_top_n),
        total: detail,
    });
    let share_of_total = |name: &str, part: &Count| {
        Share::of(name, part.count, part.selection.clone(), total.count, total.selection.clone())
    };
    ConsumerFigures {
        share_of_transferred: Ratio::of(total.count, total.selection.clone(), transferred.count, transferred.selection),
        goods: share_of_total(&settings.goods, &goods),
        services: share_of_total(&settings.services, &services),
        goods_top: top(view.shares(Facet::Category2, &goods_rows, &goods.selection, &goods), settings.top_n),
        services_top: top(view.shares(Facet::Category2, &services_rows, &services.selection, &services), settings.top_n),
        detail,
        total,
    }
}

pub fn write(w: &mut Writer, n: &mut Numbering, figures: &Figures, settings: &Settings, notices: &mut Vec<Notice>) {
    let c = &figures.consumer;
    let section = &settings.sections.consumer;
    let name = &section.transfer_category;
    if !open_section(w, n, name, c.total.count, notices) {
        return;
    }
    let mut text = format!(
        "{}，{name}工单{}宗，占转办工单{}。",
        month(figures.period.month),
        links::count(&c.total),
        rate(&c.share_of_transferred).unwrap_or_default()
    );
    let halves: Vec<String> = [&c.goods, &c.services]
        .iter()
        .filter(|h| h.count > 0)
        .map(|h| format!("{}投诉{}宗，占{}", h.name, links::share_count(h), share(h)))
        .collect();
    if !halves.is_empty() {
        text.push_str(&format!("其中，{}。", halves.join("；")));
    }
    for (half, items) in [(&c.goods, &c.goods_top), (&c.services, &c.services_top)] {
        if !items.is_empty() {
            text.push_str(&format!("{}投诉排名前{}位依次为{}。", half.name, numeral(items.len()), joined(items, "、")));
        }
    }
    if let Some(detail) = &c.detail {
        let names: Vec<&str> = detail.items.iter().map(|s| s.name.as_str()).collect();
        let listed = match names.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{}以及{}", rest.join("、"), last),
            _ => names.join(""),
        };
        text.push_str(&format!("{}类投诉工单共{}宗，主要涉及{}。", detail.name, links::count(&detail.total), listed));
        let items: Vec<String> =
            detail.items.iter().map(|s| format!("{}投诉工单{}宗，占{}", s.name, links::share_count(s), share(s))).collect();
        text.push_str(&format!("其中{}。", items.join("；")));
    }
    w.paragraph("hotspots.consumer", text);
    let topic = c.detail.as_ref().map(|d| d.name.as_str()).unwrap_or(name);
    recommend(w, "hotspots.consumer.recommendation", &section.recommendation, topic, &links::count(&c.total));
    let items: Vec<Share> = c.goods_top.iter().chain(&c.services_top).cloned().collect();
    w.chart(bar(
        "consumer-categories",
        format!("{}{name}类别分布", year_month(figures.period.month)),
        &items,
        &format!("{name}工单"),
    ));
}
