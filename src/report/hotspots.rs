//! 三、热点诉求分析研判: consultations and each transfer category, with their topics,
//! regions, towns and the drafted 意见建议.

use super::numbering::Numbering;
use super::wording::{change, counted, fill_template, month, numeral, rate, share, year_month};
use super::{ChartKind, ChartSpec, Series, Writer};
use crate::notice::{Notice, NoticeKind};
use crate::settings::Settings;
use crate::stats::ratio::Share;
use crate::stats::Figures;

fn bar(id: &str, caption: String, items: &[Share], series: &str) -> ChartSpec {
    ChartSpec {
        id: id.into(),
        caption,
        kind: ChartKind::Bar,
        categories: items.iter().map(|s| s.name.clone()).collect(),
        series: vec![Series { name: series.into(), values: items.iter().map(|s| s.count).collect() }],
        unit: "宗".into(),
    }
}

/// 意见建议：… from the section's template; nothing when the template is empty.
fn recommend(w: &mut Writer, id: &str, template: &str, topic: &str, total: u64) {
    let text = fill_template(template.trim(), topic, total);
    if !text.is_empty() {
        w.paragraph(id, format!("意见建议：{text}"));
    }
}

fn joined(items: &[Share], separator: &str) -> String {
    items.iter().map(counted).collect::<Vec<_>>().join(separator)
}

/// 对工作作风不满意 → 工作作风 (how the report names the parent of a detail item).
fn short_problem(name: &str) -> &str {
    let short = name.trim_start_matches('对').trim_end_matches("不满意");
    if short.is_empty() {
        name
    } else {
        short
    }
}

/// Opens the section of a transfer category: its numbered heading, or, when the month
/// has no such tickets, a notice and `false` (the section is left out).
fn open_section(w: &mut Writer, n: &mut Numbering, name: &str, total: u64, notices: &mut Vec<Notice>) -> bool {
    if total == 0 {
        notices.push(NoticeKind::NoTicketsOfCategory { category: name.to_string() }.into());
        return false;
    }
    w.heading(2, n.section(&format!("{name}类")));
    true
}

pub fn consultation(
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
    let mut text = format!("{m}，咨询工单共计{}宗", c.total.current);
    if let Some(ch) = change(&c.total) {
        text.push_str(&format!("，{ch}"));
    }
    text.push('。');
    let top: Vec<Share> = c.top.iter().map(|t| t.share.clone()).collect();
    if !top.is_empty() {
        text.push_str(&format!("咨询工单排名前{}位的问题是{}。", numeral(top.len()), joined(&top, "，")));
    }
    let topic = &c.topic;
    if topic.total > 0 {
        text.push_str(&format!(
            "群众关注热点工单涉及{}咨询工单{}宗，占咨询工单{}。",
            topic.name,
            topic.total,
            rate(&topic.share).unwrap_or_default()
        ));
        if !section.topic.description.trim().is_empty() {
            text.push_str(&format!("{}咨询工单主要涉及{}。", topic.name, section.topic.description.trim()));
        }
        if !c.topic_top.is_empty() {
            let items: Vec<String> = c
                .topic_top
                .iter()
                .map(|s| format!("{}{}宗，占{}咨询工单{}", s.name, s.count, topic.name, share(s)))
                .collect();
            text.push_str(&format!("排名前{}位的分别为：{}。", numeral(items.len()), items.join("；")));
        }
    } else {
        notices.push(NoticeKind::NoTopicTickets { searched: "咨询工单".into(), topic: topic.name.clone() }.into());
    }
    w.paragraph("hotspots.consultation", text);
    recommend(w, "hotspots.consultation.recommendation", &section.recommendation, &topic.name, topic.total);
    let mut series = vec![Series { name: "本月".into(), values: c.top.iter().map(|t| t.share.count).collect() }];
    if figures.previous.is_some() {
        series.insert(
            0,
            Series { name: "上月".into(), values: c.top.iter().map(|t| t.change.previous.unwrap_or(0)).collect() },
        );
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

pub fn livelihood(
    w: &mut Writer,
    n: &mut Numbering,
    figures: &Figures,
    settings: &Settings,
    notices: &mut Vec<Notice>,
) {
    let l = &figures.livelihood;
    let section = &settings.sections.livelihood;
    let name = &section.transfer_category;
    if !open_section(w, n, name, l.total, notices) {
        return;
    }
    let mut text = format!("{}，{name}工单{}宗", month(figures.period.month), l.total);
    if !l.top.is_empty() {
        text.push_str(&format!("，{name}工单排名前{}位的诉求热点是：{}", numeral(l.top.len()), joined(&l.top, "、")));
    }
    text.push('。');
    let topic = &l.topic;
    if topic.total > 0 {
        text.push_str(&format!(
            "群众关注热点问题涉及{}类工单{}宗，占{}类工单{}。",
            topic.name,
            topic.total,
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
                town.share.num,
                town.region,
                rate(&town.share).unwrap_or_default()
            ));
        }
    } else {
        notices.push(
            NoticeKind::NoTopicTickets {
                searched: format!("{}类工单", section.topic_category),
                topic: topic.name.clone(),
            }
            .into(),
        );
    }
    w.paragraph("hotspots.livelihood", text);
    recommend(w, "hotspots.livelihood.recommendation", &section.recommendation, &topic.name, topic.total);
    let caption = format!("{}{name}热点前{}位数据分布", year_month(figures.period.month), numeral(l.top.len()));
    w.chart(bar("livelihood-top", caption, &l.top, &format!("{name}工单")));
}

pub fn consumer(w: &mut Writer, n: &mut Numbering, figures: &Figures, settings: &Settings, notices: &mut Vec<Notice>) {
    let c = &figures.consumer;
    let section = &settings.sections.consumer;
    let name = &section.transfer_category;
    if !open_section(w, n, name, c.total, notices) {
        return;
    }
    let mut text = format!(
        "{}，{name}工单{}宗，占转办工单{}。",
        month(figures.period.month),
        c.total,
        rate(&c.share_of_transferred).unwrap_or_default()
    );
    let halves: Vec<String> = [&c.goods, &c.services]
        .iter()
        .filter(|h| h.count > 0)
        .map(|h| format!("{}投诉{}宗，占{}", h.name, h.count, share(h)))
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
        text.push_str(&format!("{}类投诉工单共{}宗，主要涉及{}。", detail.name, detail.total, listed));
        let items: Vec<String> =
            detail.items.iter().map(|s| format!("{}投诉工单{}宗，占{}", s.name, s.count, share(s))).collect();
        text.push_str(&format!("其中{}。", items.join("；")));
    }
    w.paragraph("hotspots.consumer", text);
    let topic = c.detail.as_ref().map(|d| d.name.as_str()).unwrap_or(name);
    recommend(w, "hotspots.consumer.recommendation", &section.recommendation, topic, c.total);
    let items: Vec<Share> = c.goods_top.iter().chain(&c.services_top).cloned().collect();
    w.chart(bar(
        "consumer-categories",
        format!("{}{name}类别分布", year_month(figures.period.month)),
        &items,
        &format!("{name}工单"),
    ));
}

pub fn economic(w: &mut Writer, n: &mut Numbering, figures: &Figures, settings: &Settings, notices: &mut Vec<Notice>) {
    let e = &figures.economic;
    let section = &settings.sections.economic;
    let name = &section.transfer_category;
    if !open_section(w, n, name, e.total, notices) {
        return;
    }
    let mut text = format!(
        "{}，{name}工单{}宗，占转办工单{}。",
        month(figures.period.month),
        e.total,
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
            topic.total,
            rate(&topic.share).unwrap_or_default()
        );
        let description = section.topic.description.trim();
        match &e.focus {
            Some(focus) => {
                text.push_str(&format!(
                    "举报内容主要涉嫌{}（{}宗，占{}举报工单{}）",
                    focus.name,
                    focus.count,
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
        notices.push(NoticeKind::NoTopicTickets { searched: format!("{name}工单"), topic: topic.name.clone() }.into());
    }
    recommend(w, "hotspots.economic.recommendation", &section.recommendation, &topic.name, topic.total);
    w.chart(bar(
        "economic-top",
        format!("{}{name}工单数据分布", year_month(figures.period.month)),
        &e.top,
        &format!("{name}工单"),
    ));
}

pub fn admin_efficiency(
    w: &mut Writer,
    n: &mut Numbering,
    figures: &Figures,
    settings: &Settings,
    notices: &mut Vec<Notice>,
) {
    let a = &figures.admin_efficiency;
    let section = &settings.sections.admin_efficiency;
    let name = &section.transfer_category;
    if !open_section(w, n, name, a.total, notices) {
        return;
    }
    let mut text = format!("{}{name}工单{}宗", month(figures.period.month), a.total);
    if !a.regions.is_empty() {
        text.push_str(&format!(
            "，投诉量排名前{}位的地区分别为：{}",
            numeral(a.regions.len()),
            joined(&a.regions, "，")
        ));
    }
    text.push('。');
    if !a.problems.is_empty() {
        text.push_str(&format!("排名前{}位的问题是{}。", numeral(a.problems.len()), joined(&a.problems, "、")));
    }
    if let Some(detail) = &a.detail {
        text.push_str(&format!(
            "其中，{}投诉工单{}宗，占{}投诉工单{}。",
            detail.name,
            detail.count,
            short_problem(&section.detail_category),
            share(detail)
        ));
    }
    w.paragraph("hotspots.admin_efficiency", text);
    recommend(w, "hotspots.admin_efficiency.recommendation", &section.recommendation, name, a.total);
    let caption = format!("{}{name}工单前{}位数据图分布", year_month(figures.period.month), numeral(a.regions.len()));
    w.chart(bar("admin-efficiency-regions", caption, &a.regions, &format!("{name}工单")));
}
