//! Section 三: hotspots in consultations and in each transfer category, with their topics,
//! regions and towns. What each part reads is in `Settings::sections`.

use serde::Serialize;

use super::ratio::{Change, Ratio, Share};
use super::tickets::TypeCount;
use super::topic::{self, TopicFigures};
use super::{top, View};

#[derive(Debug, Clone, Serialize)]
pub struct ConsultationFigures {
    pub total: Change,
    /// First-level categories of consultations, top N, with last month's counts.
    pub top: Vec<TypeCount>,
    /// The topic's share is of all consultations.
    pub topic: TopicFigures,
    /// Named sub-topics, top N (the "other" bucket is not ranked).
    pub topic_top: Vec<Share>,
}

pub fn consultation(view: &View) -> ConsultationFigures {
    let settings = &view.settings.sections.consultation;
    let table = view.table;
    let rows = view.current(|r| view.is_consultation(r));
    let previous_rows = view.previous(|r| view.is_consultation(r));
    let has_previous = view.previous.is_some();
    let previous_counts = View::counts(&table.category[0], &previous_rows);
    let of = rows.len() as u64;
    let top = top(View::shares(&table.category[0], &rows, of), settings.top_n)
        .into_iter()
        .map(|share| {
            let previous =
                table.category[0].symbols.code(&share.name).map(|c| previous_counts[c as usize]).unwrap_or(0);
            TypeCount { change: Change::new(share.count, has_previous.then_some(previous)), share }
        })
        .collect();
    let (topic, _) = topic::find(view, &settings.topic, &rows, of);
    let topic_top = named_top(&topic, &settings.topic.other, settings.topic_top_n);
    ConsultationFigures {
        total: Change::new(of, has_previous.then_some(previous_rows.len() as u64)),
        top,
        topic,
        topic_top,
    }
}

fn named_top(topic: &TopicFigures, other: &str, n: usize) -> Vec<Share> {
    topic.subtopics.iter().filter(|s| s.name != other).take(n).cloned().collect()
}

/// Valid transferred tickets of one transfer category in the current month.
fn transferred_in(view: &View, category: &str) -> (Vec<u32>, u64) {
    let all = view.current(|r| view.is_valid(r) && view.is_transferred(r));
    let total_transferred = all.len() as u64;
    (View::with_value(&view.table.transfer_category, &all, category), total_transferred)
}

#[derive(Debug, Clone, Serialize)]
pub struct LivelihoodFigures {
    pub total: u64,
    pub share_of_transferred: Ratio,
    pub top: Vec<Share>,
    /// The topic's share is of its first-level category (城市建设) within the section.
    pub topic: TopicFigures,
    pub topic_regions: Vec<Share>,
    pub topic_top_town: Option<TownShare>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TownShare {
    pub region: String,
    pub town: String,
    /// Share of the region's count within the topic.
    pub share: Ratio,
}

pub fn livelihood(view: &View) -> LivelihoodFigures {
    let settings = &view.settings.sections.livelihood;
    let table = view.table;
    let (rows, transferred) = transferred_in(view, &settings.transfer_category);
    let total = rows.len() as u64;
    let in_category = View::with_value(&table.category[0], &rows, &settings.topic_category);
    let (topic, topic_rows) = topic::find(view, &settings.topic, &in_category, in_category.len() as u64);
    let topic_rows: Vec<u32> = topic_rows.concat();
    LivelihoodFigures {
        total,
        share_of_transferred: Ratio::new(total, transferred),
        top: top(View::shares(&table.category[0], &rows, total), settings.top_n),
        topic_regions: top(View::shares(&table.region, &topic_rows, topic.total), settings.region_top_n),
        topic_top_town: top_town(view, &topic_rows),
        topic,
    }
}

/// The most frequent (region, town) among `rows`, with its share of that region's rows.
fn top_town(view: &View, rows: &[u32]) -> Option<TownShare> {
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
    Some(TownShare {
        region: table.region.symbols.name(region).to_string(),
        town: table.town.symbols.name(town).to_string(),
        share: Ratio::new(count, in_region),
    })
}

#[derive(Debug, Clone, Serialize)]
pub struct ConsumerFigures {
    pub total: u64,
    pub share_of_transferred: Ratio,
    pub goods: Share,
    pub services: Share,
    pub goods_top: Vec<Share>,
    pub services_top: Vec<Share>,
    /// Third-level breakdown of one second-level category (售后服务).
    pub detail: Option<Breakdown>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Breakdown {
    pub name: String,
    pub total: u64,
    pub items: Vec<Share>,
}

pub fn consumer(view: &View) -> ConsumerFigures {
    let settings = &view.settings.sections.consumer;
    let table = view.table;
    let (rows, transferred) = transferred_in(view, &settings.transfer_category);
    let total = rows.len() as u64;
    let goods = View::with_value(&table.category[0], &rows, &settings.goods);
    let services = View::with_value(&table.category[0], &rows, &settings.services);
    let detail_rows = View::with_value(&table.category[1], &rows, &settings.detail_category);
    let detail = (!detail_rows.is_empty()).then(|| Breakdown {
        name: settings.detail_category.clone(),
        total: detail_rows.len() as u64,
        items: top(View::shares(&table.category[2], &detail_rows, detail_rows.len() as u64), settings.detail_top_n),
    });
    ConsumerFigures {
        total,
        share_of_transferred: Ratio::new(total, transferred),
        goods: Share::new(settings.goods.clone(), goods.len() as u64, total),
        services: Share::new(settings.services.clone(), services.len() as u64, total),
        goods_top: top(View::shares(&table.category[1], &goods, goods.len() as u64), settings.top_n),
        services_top: top(View::shares(&table.category[1], &services, services.len() as u64), settings.top_n),
        detail,
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct EconomicFigures {
    pub total: u64,
    pub share_of_transferred: Ratio,
    pub top: Vec<Share>,
    /// The topic's share is of the section's tickets.
    pub topic: TopicFigures,
    /// The focus sub-topic (售卖假烟) as a share of the topic.
    pub focus: Option<Share>,
    pub focus_regions: Vec<Share>,
}

pub fn economic(view: &View) -> EconomicFigures {
    let settings = &view.settings.sections.economic;
    let table = view.table;
    let (rows, transferred) = transferred_in(view, &settings.transfer_category);
    let total = rows.len() as u64;
    let (topic, topic_rows) = topic::find(view, &settings.topic, &rows, total);
    let focus_index = settings.topic.subtopics.iter().position(|s| s.name == settings.focus_subtopic);
    let focus_rows: &[u32] = focus_index.map(|i| topic_rows[i].as_slice()).unwrap_or(&[]);
    let focus = (!focus_rows.is_empty())
        .then(|| Share::new(settings.focus_subtopic.clone(), focus_rows.len() as u64, topic.total));
    EconomicFigures {
        total,
        share_of_transferred: Ratio::new(total, transferred),
        top: top(View::shares(&table.category[0], &rows, total), settings.top_n),
        focus_regions: top(View::shares(&table.region, focus_rows, focus_rows.len() as u64), settings.region_top_n),
        focus,
        topic,
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct AdminEfficiencyFigures {
    pub total: u64,
    pub share_of_transferred: Ratio,
    pub regions: Vec<Share>,
    pub problems: Vec<Share>,
    /// The detail item (上班时间不在岗) as a share of its problem (对工作作风不满意).
    pub detail: Option<Share>,
}

pub fn admin_efficiency(view: &View) -> AdminEfficiencyFigures {
    let settings = &view.settings.sections.admin_efficiency;
    let table = view.table;
    let (rows, transferred) = transferred_in(view, &settings.transfer_category);
    let total = rows.len() as u64;
    let in_problem = View::with_value(&table.category[0], &rows, &settings.detail_category);
    let detail_count = View::with_value(&table.category[1], &in_problem, &settings.detail_item).len() as u64;
    AdminEfficiencyFigures {
        total,
        share_of_transferred: Ratio::new(total, transferred),
        regions: top(View::shares(&table.region, &rows, total), settings.region_top_n),
        problems: top(View::shares(&table.category[0], &rows, total), settings.top_n),
        detail: (detail_count > 0)
            .then(|| Share::new(settings.detail_item.clone(), detail_count, in_problem.len() as u64)),
    }
}
