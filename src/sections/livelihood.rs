//! 三 民生诉求类: the category's hotspots, its topic with regions and the top town.

use serde::{Deserialize, Serialize};

use super::fields::{FieldKind, FieldSpec, SectionSettings};
use super::parts::{bar, joined, open_section, recommend, transferred_in};
use crate::notice::{Notice, NoticeKind};
use crate::report::links;
use crate::report::numbering::Numbering;
use crate::report::wording::{month, numeral, rate, year_month};
use crate::report::Writer;
use crate::settings::{topic, Settings, Topic};
use crate::query::{Facet, Selection};
use crate::stats::ratio::{Count, Ratio, Share};
use crate::stats::topic::{self as topics, TopicFigures};
use crate::stats::{top, Figures, View};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct LivelihoodSection {
    /// The drafted 意见建议 paragraph; empty leaves it out. `{topic}` and `{total}` are
    /// filled from the section's figures.
    pub recommendation: String,
    pub transfer_category: String,
    pub top_n: usize,
    /// The topic reads tickets of this first-level category only (城市建设).
    pub topic_category: String,
    pub topic: Topic,
    pub region_top_n: usize,
}

impl Default for LivelihoodSection {
    fn default() -> Self {
        let mut mining =
            topic("涉嫌非法开采", &["非法开采"], &["非法开采", "盗采", "偷采", "抽沙", "采砂", "挖沙", "采石", "开采"], &[], "其他");
        mining.description = "抽取河沙、海沙，开采石头".into();
        LivelihoodSection {
            recommendation: "针对非法开采毁坏林木、河道和农田等，造成水土流失、破坏生态环境，开采时的噪音、烟尘扰民，运输车辆压坏附近村庄村道等问题。相关部门要加强对非法开采行为监督和打击力度，对非法开采较为严重的区域进行定时巡查；做好开采区域恢复原状或者采取其他补救措施工作。".into(),
            transfer_category: "民生诉求".into(),
            top_n: 3,
            topic_category: "城市建设".into(),
            topic: mining,
            region_top_n: 3,
        }
    }
}

impl SectionSettings for LivelihoodSection {
    fn fields() -> Vec<FieldSpec> {
        vec![
            FieldSpec::recommendation(),
            FieldSpec::new("transfer_category", "转办类别", FieldKind::Name).hint("导出文件中“转办类别”的写法"),
            FieldSpec::top_n("top_n", "排名前几位"),
            FieldSpec::new("topic_category", "热点所属一级分类", FieldKind::Name),
            FieldSpec::new("topic", "热点", FieldKind::Topic),
            FieldSpec::top_n("region_top_n", "地区前几位"),
        ]
    }

    /// The section's tickets of the topic's first-level category, as `compute` narrows them.
    fn topic_scope(&self, view: &View) -> Option<crate::query::Selection> {
        let (_, total, _) = transferred_in(view, &self.transfer_category);
        Some(crate::query::Selection { month: None, ..total.selection.and(Facet::Category1, self.topic_category.clone()) })
    }
}

#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct LivelihoodFigures {
    pub total: Count,
    pub share_of_transferred: Ratio,
    pub top: Vec<Share>,
    /// The topic's share is of its first-level category (城市建设) within the section.
    pub topic: TopicFigures,
    pub topic_regions: Vec<Share>,
    pub topic_top_town: Option<TownShare>,
    /// How the top categories moved since last month (when the letter compares over time).
    pub moves: Option<super::rank_shifts::Moves>,
}

#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct TownShare {
    pub region: String,
    pub town: String,
    /// Share of the region's count within the topic.
    pub share: Ratio,
}

pub fn compute(view: &View, settings: &LivelihoodSection) -> LivelihoodFigures {
    let (rows, total, transferred) = transferred_in(view, &settings.transfer_category);
    let (in_category, category) = view.narrow(Facet::Category1, &rows, &total.selection, &settings.topic_category);
    let (topic, topic_rows) = topics::find(view, &settings.topic, "livelihood", &in_category, &category.selection, &category);
    let topic_rows: Vec<u32> = topic_rows.concat();
    let in_topic = Count::of(topic.share.num, topic.share.num_selection.clone());
    let leading = top(view.shares(Facet::Category1, &rows, &total.selection, &total), settings.top_n);
    let previous_rows = super::parts::transferred_in_previous(view, &settings.transfer_category);
    let categories = &view.table.category[0];
    let moves = super::rank_shifts::Moves::of(view, &leading, categories, &View::counts(categories, &previous_rows));
    LivelihoodFigures {
        share_of_transferred: Ratio::of(total.count, total.selection.clone(), transferred.count, transferred.selection),
        top: leading,
        moves,
        topic_regions: top(view.shares(Facet::Region, &topic_rows, &in_topic.selection, &in_topic), settings.region_top_n),
        topic_top_town: top_town(view, &topic_rows, &in_topic.selection),
        total,
        topic,
    }
}

/// The most frequent (region, town) among `rows`, with its share of that region's rows.
fn top_town(view: &View, rows: &[u32], selection: &Selection) -> Option<TownShare> {
    let table = view.table;
    let mut pairs: Vec<((u32, u32), u64)> = Vec::new();
    for &row in rows {
        let key = (table.region.codes[row as usize], table.town.codes[row as usize]);
        if key.1 == 0 {
            continue;
        }
        match pairs.iter_mut().find(|(k, _)| *k == key) {
            Some((_, n)) => *n += 1,
            None => pairs.push((key, 1)),
        }
    }
    let ((region, town), count) = pairs.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))?;
    let in_region = rows.iter().filter(|&&r| table.region.codes[r as usize] == region).count() as u64;
    let (region, town) = (table.region.symbols.name(region), table.town.symbols.name(town));
    let in_region_selection = selection.and(Facet::Region, region);
    let in_town = in_region_selection.and(Facet::Town, town);
    Some(TownShare {
        region: region.to_string(),
        town: town.to_string(),
        share: Ratio::of(count, in_town, in_region, in_region_selection),
    })
}

pub fn write(
    w: &mut Writer,
    n: &mut Numbering,
    figures: &Figures,
    settings: &Settings,
    notices: &mut Vec<Notice>,
) {
    let l = &figures.livelihood;
    let section = &settings.sections.livelihood;
    let name = &section.transfer_category;
    if !open_section(w, n, name, l.total.count, notices) {
        return;
    }
    let mut text = format!("{}，{name}工单{}宗", month(figures.period.month), links::count(&l.total));
    if !l.top.is_empty() {
        text.push_str(&format!("，{name}工单排名前{}位的诉求热点是：{}", numeral(l.top.len()), joined(&l.top, "、")));
    }
    text.push('。');
    // Rank shifts when the letter compares over time (see `rank_shifts`).
    if let Some(moves) = l.moves.as_ref().and_then(|m| m.sentence("热点")) {
        text.push_str(&moves);
    }
    let topic = &l.topic;
    if topic.total > 0 {
        text.push_str(&format!(
            "群众关注热点问题涉及{}类工单{}宗，占{}类工单{}。",
            topic.name,
            links::numerator(&topic.share),
            section.topic_category,
            rate(&topic.share).unwrap_or_default()
        ));
        if !section.topic.description.trim().is_empty() {
            text.push_str(&format!("{}类工单主要涉及{}。", topic.name, section.topic.description.trim()));
        }
        if !l.topic_regions.is_empty() {
            text.push_str(&format!(
                "排名前{}位的地区分别为：{}。",
                numeral(l.topic_regions.len()),
                joined(&l.topic_regions, "、")
            ));
        }
        if let Some(town) = &l.topic_top_town {
            text.push_str(&format!(
                "反映最多的地方为{}{}{}宗，占{}{}。",
                town.region,
                town.town,
                links::numerator(&town.share),
                town.region,
                rate(&town.share).unwrap_or_default()
            ));
        }
    } else {
        notices.push(
            NoticeKind::NoTopicTickets {
                searched: format!("{}类工单", section.topic_category),
                topic: topic.name.clone(),
                by_category: !section.topic.categories.is_empty(),
            }
            .into(),
        );
    }
    w.paragraph("hotspots.livelihood", text);
    recommend(w, "hotspots.livelihood.recommendation", &section.recommendation, &topic.name, &links::numerator(&topic.share));
    let caption = format!("{}{name}热点前{}位数据分布", year_month(figures.period.month), numeral(l.top.len()));
    w.chart(bar("livelihood-top", caption, &l.top, &format!("{name}工单")));
}
