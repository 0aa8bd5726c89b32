//! 三 经济违法行为举报类: the top categories, the topic and its focus sub-topic's regions.

use serde::{Deserialize, Serialize};

use super::fields::{FieldKind, FieldSpec, SectionSettings};
use super::parts::{bar, joined, open_section, recommend, transferred_in};
use crate::notice::{Notice, NoticeKind};
use crate::report::links;
use crate::report::numbering::Numbering;
use crate::report::wording::{month, numeral, rate, share, year_month};
use crate::report::Writer;
use crate::settings::{topic, Settings, Topic};
use crate::query::Facet;
use crate::stats::ratio::{Count, Ratio, Share};
use crate::stats::topic::{self as topics, TopicFigures};
use crate::stats::{top, Figures, View};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct EconomicSection {
    /// The drafted 意见建议 paragraph; empty leaves it out. `{topic}` and `{total}` are
    /// filled from the section's figures.
    pub recommendation: String,
    pub transfer_category: String,
    pub top_n: usize,
    pub topic: Topic,
    /// The sub-topic whose regions are ranked (售卖假烟).
    pub focus_subtopic: String,
    pub region_top_n: usize,
}

impl Default for EconomicSection {
    fn default() -> Self {
        let mut tobacco = topic(
            "烟类相关商品",
            &["烟草专卖品"],
            &["烟草", "香烟", "卷烟", "假烟", "烟酒"],
            &[("售卖假烟", &["假冒卷烟"], &["假烟", "假冒香烟", "假冒卷烟"])],
            "其他烟类",
        );
        tobacco.description = "被举报主题一般为便利店、街边小店等小型店铺".into();
        EconomicSection {
            recommendation: "相关部门要加大烟草非法经营行为打击力度，要开展专项烟草检查行动，定期对便利店、街边小店等小型店铺售卖假冒烟草进行巡查监管，促进市场规范有序。".into(),
            transfer_category: "经济违法行为举报".into(),
            top_n: 3,
            topic: tobacco,
            focus_subtopic: "售卖假烟".into(),
            region_top_n: 3,
        }
    }
}

impl SectionSettings for EconomicSection {
    fn fields() -> Vec<FieldSpec> {
        vec![
            FieldSpec::recommendation(),
            FieldSpec::new("transfer_category", "转办类别", FieldKind::Name).hint("导出文件中“转办类别”的写法"),
            FieldSpec::top_n("top_n", "排名前几位"),
            FieldSpec::new("topic", "热点", FieldKind::Topic),
            FieldSpec::new("focus_subtopic", "重点子类", FieldKind::Name).hint("列出其地区排名的子类"),
            FieldSpec::top_n("region_top_n", "地区前几位"),
        ]
    }

    /// The section's tickets.
    fn topic_scope(&self, view: &View) -> Option<crate::query::Selection> {
        let (_, total, _) = transferred_in(view, &self.transfer_category);
        Some(crate::query::Selection { month: None, ..total.selection })
    }
}

#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct EconomicFigures {
    pub total: Count,
    pub share_of_transferred: Ratio,
    pub top: Vec<Share>,
    /// The topic's share is of the section's tickets.
    pub topic: TopicFigures,
    /// The focus sub-topic (售卖假烟) as a share of the topic.
    pub focus: Option<Share>,
    pub focus_regions: Vec<Share>,
}

pub fn compute(view: &View, settings: &EconomicSection) -> EconomicFigures {
    let (rows, total, transferred) = transferred_in(view, &settings.transfer_category);
    let (topic, topic_rows) = topics::find(view, &settings.topic, "economic", &rows, &total.selection, &total);
    let focus_index = settings.topic.subtopics.iter().position(|s| s.name == settings.focus_subtopic);
    let focus_rows: &[u32] = focus_index.map(|i| topic_rows[i].as_slice()).unwrap_or(&[]);
    let focus_selection = total.selection.and(Facet::Topic("economic".into()), settings.focus_subtopic.as_str());
    let focus = Count::of(focus_rows.len() as u64, focus_selection);
    let in_topic = (topic.share.num, topic.share.num_selection.clone());
    EconomicFigures {
        share_of_transferred: Ratio::of(total.count, total.selection.clone(), transferred.count, transferred.selection),
        top: top(view.shares(Facet::Category1, &rows, &total.selection, &total), settings.top_n),
        focus_regions: top(view.shares(Facet::Region, focus_rows, &focus.selection, &focus), settings.region_top_n),
        focus: (focus.count > 0)
            .then(|| Share::of(settings.focus_subtopic.clone(), focus.count, focus.selection, in_topic.0, in_topic.1)),
        total,
        topic,
    }
}

pub fn write(w: &mut Writer, n: &mut Numbering, figures: &Figures, settings: &Settings, notices: &mut Vec<Notice>) {
    let e = &figures.economic;
    let section = &settings.sections.economic;
    let name = &section.transfer_category;
    if !open_section(w, n, name, e.total.count, notices) {
        return;
    }
    let mut text = format!(
        "{}，{name}工单{}宗，占转办工单{}。",
        month(figures.period.month),
        links::count(&e.total),
        rate(&e.share_of_transferred).unwrap_or_default()
    );
    if !e.top.is_empty() {
        text.push_str(&format!("{name}排名前{}位的问题依次是：{}。", numeral(e.top.len()), joined(&e.top, "、")));
    }
    w.paragraph("hotspots.economic", text);
    let topic = &e.topic;
    if topic.total > 0 {
        let mut text = format!(
            "{}涉嫌存在违法行为举报工单{}宗，占{name}工单{}。",
            topic.name,
            links::numerator(&topic.share),
            rate(&topic.share).unwrap_or_default()
        );
        let description = section.topic.description.trim();
        match &e.focus {
            Some(focus) => {
                text.push_str(&format!(
                    "举报内容主要涉嫌{}（{}宗，占{}举报工单{}）",
                    focus.name,
                    links::share_count(focus),
                    topic.name,
                    share(focus)
                ));
                if !description.is_empty() {
                    text.push_str(&format!("，{description}"));
                }
                text.push('。');
                if !e.focus_regions.is_empty() {
                    text.push_str(&format!(
                        "涉嫌{}违法行为举报量前{}位的地区分别为：{}。",
                        focus.name,
                        numeral(e.focus_regions.len()),
                        joined(&e.focus_regions, "、")
                    ));
                }
            }
            None if !description.is_empty() => text.push_str(&format!("{description}。")),
            None => {}
        }
        w.paragraph("hotspots.economic.topic", text);
    } else {
        let by_category = !section.topic.categories.is_empty();
        notices.push(
            NoticeKind::NoTopicTickets { searched: format!("{name}工单"), topic: topic.name.clone(), by_category }.into(),
        );
    }
    recommend(w, "hotspots.economic.recommendation", &section.recommendation, &topic.name, &links::numerator(&topic.share));
    w.chart(bar(
        "economic-top",
        format!("{}{name}工单数据分布", year_month(figures.period.month)),
        &e.top,
        &format!("{name}工单"),
    ));
}
