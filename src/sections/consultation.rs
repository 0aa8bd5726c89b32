//! 三（一）咨询类: the top consultation categories and the consultation topic.

use serde::{Deserialize, Serialize};

use super::fields::{FieldKind, FieldSpec, SectionSettings};
use super::parts::{joined, recommend, YearAgo};
use crate::notice::{Notice, NoticeKind};
use crate::report::links;
use crate::report::numbering::Numbering;
use crate::report::wording::{change, month, numeral, rate, share, year_month};
use crate::report::{ChartKind, ChartSpec, Series, Writer};
use crate::settings::{topic, Settings, Topic};
use crate::query::Facet;
use crate::stats::ratio::{Count, Change, Share};
use crate::stats::topic::{self as topics, TopicFigures};
use crate::stats::{top, Figures, View};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct ConsultationSection {
    /// The drafted 意见建议 paragraph; empty leaves it out. `{topic}` and `{total}` are
    /// filled from the section's figures.
    pub recommendation: String,
    pub top_n: usize,
    pub topic: Topic,
    pub topic_top_n: usize,
}

impl Default for ConsultationSection {
    fn default() -> Self {
        ConsultationSection {
            recommendation: String::new(),
            top_n: 5,
            topic: topic(
                "新冠肺炎疫情",
                &["疫情防控"],
                &["新冠", "疫情", "核酸", "隔离", "疫苗", "防疫", "返湛", "到湛"],
                &[
                    ("外地返湛、到湛防控条件", &["返湛人员防控"], &["返湛", "到湛", "来湛"]),
                    ("摆喜宴等聚集活动", &["聚集性活动"], &["喜宴", "酒席", "聚集", "聚餐"]),
                    ("新冠肺炎疫苗", &["新冠疫苗接种"], &["疫苗"]),
                    ("核酸检测", &["核酸检测"], &["核酸"]),
                ],
                "其他疫情防控",
            ),
            topic_top_n: 3,
        }
    }
}

impl SectionSettings for ConsultationSection {
    fn fields() -> Vec<FieldSpec> {
        vec![
            FieldSpec::recommendation(),
            FieldSpec::top_n("top_n", "排名前几位"),
            FieldSpec::new("topic", "热点", FieldKind::Topic),
            FieldSpec::top_n("topic_top_n", "热点子类前几位"),
        ]
    }

    /// The consultations.
    fn topic_scope(&self, view: &View) -> Option<crate::query::Selection> {
        Some(crate::query::Selection { month: None, ..view.consultations().1 })
    }
}

#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct ConsultationFigures {
    pub total: Change,
    /// First-level categories of consultations, top N, with last month's counts.
    pub top: Vec<super::tickets::TypeCount>,
    /// The topic's share is of all consultations.
    pub topic: TopicFigures,
    /// Named sub-topics, top N (the "other" bucket is not ranked).
    pub topic_top: Vec<Share>,
    /// How the top categories moved since last month (when the letter compares over time).
    pub moves: Option<super::rank_shifts::Moves>,
}

pub fn compute(view: &View, settings: &ConsultationSection) -> ConsultationFigures {
    let table = view.table;
    let (rows, selection) = view.consultations();
    let previous_rows = view.previous(|r| view.is_consultation(r));
    let has_previous = view.previous.is_some();
    let previous_counts = View::counts(&table.category[0], &previous_rows);
    let of = Count::of(rows.len() as u64, selection.clone());
    let year_ago = YearAgo::new(view);
    let top: Vec<super::tickets::TypeCount> = top(view.shares(Facet::Category1, &rows, &selection, &of), settings.top_n)
        .into_iter()
        .map(|share| {
            let previous =
                table.category[0].symbols.code(&share.name).map(|c| previous_counts[c as usize]).unwrap_or(0);
            let change = year_ago.add(Change::of(share.count, has_previous.then_some(previous), share.selection.clone()));
            super::tickets::TypeCount { change, share }
        })
        .collect();
    let shares: Vec<Share> = top.iter().map(|t| t.share.clone()).collect();
    let moves = super::rank_shifts::Moves::of(view, &shares, &table.category[0], &previous_counts);
    let (topic, _) = topics::find(view, &settings.topic, "consultation", &rows, &selection, &of);
    let topic_top = named_top(&topic, &settings.topic.other, settings.topic_top_n);
    ConsultationFigures {
        total: year_ago.add(Change::of(of.count, has_previous.then_some(previous_rows.len() as u64), selection)),
        top,
        topic,
        topic_top,
        moves,
    }
}

fn named_top(topic: &TopicFigures, other: &str, n: usize) -> Vec<Share> {
    topic.subtopics.iter().filter(|s| s.name != other).take(n).cloned().collect()
}

pub fn write(
    w: &mut Writer,
    n: &mut Numbering,
    figures: &Figures,
    settings: &Settings,
    notices: &mut Vec<Notice>,
) {
    let c = &figures.consultation;
    let section = &settings.sections.consultation;
    if c.total.current == 0 {
        notices.push(NoticeKind::NoConsultations.into());
        return;
    }
    let m = month(figures.period.month);
    w.heading(2, n.section("咨询类"));
    let mut text = format!("{m}，咨询工单共计{}宗", links::current(&c.total));
    if let Some(ch) = change(&c.total) {
        text.push_str(&format!("，{ch}"));
    }
    text.push('。');
    let top: Vec<Share> = c.top.iter().map(|t| t.share.clone()).collect();
    if !top.is_empty() {
        text.push_str(&format!("咨询工单排名前{}位的问题是{}。", numeral(top.len()), joined(&top, "，")));
        // Rank shifts when the letter compares over time (see `rank_shifts`).
        if let Some(moves) = c.moves.as_ref().and_then(|m| m.sentence("问题")) {
            text.push_str(&moves);
        }
    }
    let topic = &c.topic;
    if topic.total > 0 {
        text.push_str(&format!(
            "群众关注热点工单涉及{}咨询工单{}宗，占咨询工单{}。",
            topic.name,
            links::numerator(&topic.share),
            rate(&topic.share).unwrap_or_default()
        ));
        if !section.topic.description.trim().is_empty() {
            text.push_str(&format!("{}咨询工单主要涉及{}。", topic.name, section.topic.description.trim()));
        }
        if !c.topic_top.is_empty() {
            let items: Vec<String> = c
                .topic_top
                .iter()
                .map(|s| format!("{}{}宗，占{}咨询工单{}", s.name, links::share_count(s), topic.name, share(s)))
                .collect();
            text.push_str(&format!("排名前{}位的分别为：{}。", numeral(items.len()), items.join("；")));
        }
    } else {
        let by_category = !section.topic.categories.is_empty();
        notices.push(NoticeKind::NoTopicTickets { searched: "咨询工单".into(), topic: topic.name.clone(), by_category }.into());
    }
    w.paragraph("hotspots.consultation", text);
    recommend(w, "hotspots.consultation.recommendation", &section.recommendation, &topic.name, &links::numerator(&topic.share));
    let mut series = vec![Series::of("本月", c.top.iter().map(|t| (t.share.count, t.share.selection.clone())))];
    if figures.previous.is_some() {
        series.insert(
            0,
            Series::of(
                "上月",
                c.top.iter().map(|t| (t.change.previous.unwrap_or(0), t.change.selection.previous_month())),
            ),
        );
    }
    // The same month a year earlier beside them, when the data holds it.
    if !c.top.is_empty() && c.top.iter().all(|t| t.change.year_ago.is_some()) {
        let points = c.top.iter().map(|t| (t.change.year_ago.unwrap_or(0), t.change.selection.year_ago()));
        series.insert(0, Series::of("去年同期", points));
    }
    w.chart(ChartSpec {
        id: "consultation-top".into(),
        caption: format!("{}咨询工单前{}位数据分布", year_month(figures.period.month), numeral(top.len())),
        kind: ChartKind::Bar,
        categories: top.iter().map(|s| s.name.clone()).collect(),
        series,
        unit: "宗".into(),
    });
}
