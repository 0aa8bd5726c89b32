//! 三 行政效能投诉类: regions, problems, and one detail item.

use serde::{Deserialize, Serialize};

use super::fields::{FieldKind, FieldSpec, SectionSettings};
use super::parts::{bar, joined, open_section, recommend, transferred_in};
use crate::notice::Notice;
use crate::report::links;
use crate::report::numbering::Numbering;
use crate::report::wording::{month, numeral, share, year_month};
use crate::report::Writer;
use crate::settings::Settings;
use crate::query::Facet;
use crate::stats::ratio::{Count, Ratio, Share};
use crate::stats::{top, Figures, View};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct AdminEfficiencySection {
    /// The drafted 意见建议 paragraph; empty leaves it out. `{topic}` and `{total}` are
    /// filled from the section's figures.
    pub recommendation: String,
    pub transfer_category: String,
    pub region_top_n: usize,
    pub top_n: usize,
    /// First-level problem whose second level holds the detail (对工作作风不满意).
    pub detail_category: String,
    /// Second-level name counted within it (上班时间不在岗).
    pub detail_item: String,
}

impl Default for AdminEfficiencySection {
    fn default() -> Self {
        AdminEfficiencySection {
            recommendation: "各有关单位增强工作责任意识，加强作风建设，不断提高服务群众和企业水平和质量，对于群众反映个别单位上班时间无人在岗或工作人员外出却没有安排人员顶岗，造成无法办理群众事项，相关部门要整顿工作作风和纪律，严格执行上下班时间，更好服务群众和企业。加强一线工作人员的岗位培训，强化一线工作人员业务能力，进一步改进工作作风，改善服务态度，提高服务效率。".into(),
            transfer_category: "行政效能投诉".into(),
            region_top_n: 3,
            top_n: 3,
            detail_category: "对工作作风不满意".into(),
            detail_item: "上班时间不在岗".into(),
        }
    }
}

impl SectionSettings for AdminEfficiencySection {
    fn fields() -> Vec<FieldSpec> {
        vec![
            FieldSpec::recommendation(),
            FieldSpec::new("transfer_category", "转办类别", FieldKind::Name).hint("导出文件中“转办类别”的写法"),
            FieldSpec::top_n("region_top_n", "地区前几位"),
            FieldSpec::top_n("top_n", "排名前几位"),
            FieldSpec::new("detail_category", "细分类别", FieldKind::Name).hint("一级问题分类，如“对工作作风不满意”"),
            FieldSpec::new("detail_item", "细分项", FieldKind::Name).hint("其下计数的二级分类，如“上班时间不在岗”"),
        ]
    }
}

#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct AdminEfficiencyFigures {
    pub total: Count,
    pub share_of_transferred: Ratio,
    pub regions: Vec<Share>,
    pub problems: Vec<Share>,
    /// The detail item (上班时间不在岗) as a share of its problem (对工作作风不满意).
    pub detail: Option<Share>,
}

pub fn compute(view: &View, settings: &AdminEfficiencySection) -> AdminEfficiencyFigures {
    let (rows, total, transferred) = transferred_in(view, &settings.transfer_category);
    let (in_problem, problem) = view.narrow(Facet::Category1, &rows, &total.selection, &settings.detail_category);
    let (_, detail) = view.narrow(Facet::Category2, &in_problem, &problem.selection, &settings.detail_item);
    AdminEfficiencyFigures {
        share_of_transferred: Ratio::of(total.count, total.selection.clone(), transferred.count, transferred.selection),
        regions: top(view.shares(Facet::Region, &rows, &total.selection, &total), settings.region_top_n),
        problems: top(view.shares(Facet::Category1, &rows, &total.selection, &total), settings.top_n),
        detail: (detail.count > 0).then(|| {
            Share::of(settings.detail_item.clone(), detail.count, detail.selection, problem.count, problem.selection)
        }),
        total,
    }
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

pub fn write(
    w: &mut Writer,
    n: &mut Numbering,
    figures: &Figures,
    settings: &Settings,
    notices: &mut Vec<Notice>,
) {
    let a = &figures.admin_efficiency;
    let section = &settings.sections.admin_efficiency;
    let name = &section.transfer_category;
    if !open_section(w, n, name, a.total.count, notices) {
        return;
    }
    let mut text = format!("{}{name}工单{}宗", month(figures.period.month), links::count(&a.total));
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
            links::share_count(detail),
            short_problem(&section.detail_category),
            share(detail)
        ));
    }
    w.paragraph("hotspots.admin_efficiency", text);
    recommend(w, "hotspots.admin_efficiency.recommendation", &section.recommendation, name, &links::count(&a.total));
    let caption = format!("{}{name}工单前{}位数据图分布", year_month(figures.period.month), numeral(a.regions.len()));
    w.chart(bar("admin-efficiency-regions", caption, &a.regions, &format!("{name}工单")));
}
