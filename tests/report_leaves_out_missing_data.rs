//! An export that lacks columns or months gets a report without the parts it cannot
//! support: never a 0, NaN or empty figure in their place, and a notice saying what was
//! left out and why.

use hotline_analyzer::notice::{Indicator, NoticeKind};
use hotline_analyzer::report::{text, Block};
use hotline_analyzer::{analyze, Analysis, Input, Settings};

fn run(csv: &str) -> Analysis {
    let input = Input::new("最简导出.csv", csv.as_bytes());
    analyze(vec![input], &Settings::default(), &mut |_, _, _| {}).unwrap()
}

/// One month, no previous month, and only id, time, type, channel, handling.
const MINIMAL: &str = "工单编号,受理时间,诉求类型,诉求渠道,办理方式
A1,2021-01-05 09:00,咨询,电话,直接答复
A2,2021-01-06 10:00,咨询,电话,转办
A3,2021-01-07 11:00,投诉,网站,转办
A4,2021-01-08 15:00,无效,电话,
";

#[test]
fn without_a_previous_month_no_change_is_printed_and_the_page_is_told() {
    let analysis = run(MINIMAL);
    let report = text::render(&analysis.document);
    assert!(!report.contains("比上月"), "{report}");
    assert!(!report.contains("与上月持平"));
    let notice = analysis
        .notices
        .iter()
        .find(|n| n.kind == NoticeKind::NoPreviousMonth { year: 2020, month: 12 })
        .expect("a notice for the missing month");
    assert!(notice.text.contains("没有上一统计月（2020年12月）"), "{notice}");
}

#[test]
fn missing_columns_leave_their_sections_and_clauses_out() {
    let analysis = run(MINIMAL);
    let report = text::render(&analysis.document);
    for absent in ["二级处理平台", "领导值班", "按时办结", "满意率", "回复率", "已办结", "办结率", "前零位"]
    {
        assert!(!report.contains(absent), "“{absent}” printed without its data:\n{report}");
    }
    let left_out = [
        NoticeKind::NoSecondaryPlatforms,
        NoticeKind::NoLeaderDuty,
        NoticeKind::IndicatorLeftOut { indicator: Indicator::OnTime },
        NoticeKind::IndicatorLeftOut { indicator: Indicator::Satisfaction },
    ];
    for kind in left_out {
        assert!(analysis.notices.iter().any(|n| n.kind == kind), "no notice {kind:?}: {:?}", analysis.notices);
    }
    assert!(report.contains("共收到群众诉求4宗"), "{report}");
    assert!(report.contains("即时解答率50.00%"), "{report}");
    assert!(report.contains("（一）诉求总体情况\n"), "sections renumber: {report}");
}

#[test]
fn no_figure_is_ever_nan_empty_or_a_dangling_percent() {
    let analysis = run(MINIMAL);
    let report = text::render(&analysis.document);
    for bad in ["NaN", "占%", "率%", "占，", "（）", "undefined", "inf"] {
        assert!(!report.contains(bad), "found “{bad}”:\n{report}");
    }
    for block in &analysis.document.blocks {
        if let Block::Paragraph { text, .. } = block {
            assert!(!text.trim().is_empty());
        }
    }
}

#[test]
fn hotspot_sections_without_tickets_are_left_out_with_a_notice() {
    let analysis = run(MINIMAL);
    let report = text::render(&analysis.document);
    for section in ["民生诉求类", "消费维权投诉类", "经济违法行为举报类", "行政效能投诉类"]
    {
        assert!(!report.contains(&format!("）{section}")), "{section} printed without tickets");
        let category = section.trim_end_matches('类');
        let notice = NoticeKind::NoTicketsOfCategory { category: category.into() };
        assert!(analysis.notices.iter().any(|n| n.kind == notice), "{section}: {:?}", analysis.notices);
    }
    // Consultations exist but no category column: the section states totals only.
    assert!(report.contains("（一）咨询类"));
}

#[test]
fn attachment_columns_the_export_cannot_fill_are_left_out() {
    let csv = "工单编号,受理时间,诉求类型,诉求渠道,办理方式,所属区域,承办单位,工单状态
B1,2021-01-05 09:00,投诉,电话,转办,赤坎区,赤坎区人民政府,已办结
B2,2021-01-06 10:00,投诉,电话,转办,霞山区,霞山区人民政府,办理中
";
    let analysis = run(csv);
    let counties = analysis.document.attachments.iter().find(|t| t.caption.contains("县（市、区）办理情况")).unwrap();
    assert_eq!(counties.header, ["序号", "县（市、区）", "转办工单", "已办结", "办结率"]);
    assert!(counties.rows.iter().all(|row| row.len() == counties.header.len()));
    assert!(analysis.document.attachments.iter().all(|t| !t.header.iter().any(|h| h == "满意率")));
}

#[test]
fn a_topic_without_tickets_is_left_out_with_a_notice_naming_how_it_is_found() {
    let notice = |settings: &Settings| {
        let input = Input::new("最简导出.csv", MINIMAL.as_bytes());
        let analysis = analyze(vec![input], settings, &mut |_, _, _| {}).unwrap();
        analysis
            .notices
            .into_iter()
            .find(|n| matches!(n.kind, NoticeKind::NoTopicTickets { .. }))
            .expect("a notice for the topic")
    };
    let searched_by_both = notice(&Settings::default());
    assert_eq!(
        searched_by_both.kind,
        NoticeKind::NoTopicTickets {
            searched: "咨询工单".into(), topic: "新冠肺炎疫情".into(), by_category: true
        }
    );
    assert_eq!(searched_by_both.text, "咨询工单中没有匹配“新冠肺炎疫情”分类或关键词的工单，该热点从略。");
    let mut keywords_only = Settings::default();
    keywords_only.sections.consultation.topic.categories.clear();
    assert_eq!(notice(&keywords_only).text, "咨询工单中没有匹配“新冠肺炎疫情”关键词的工单，该热点从略。");
}
