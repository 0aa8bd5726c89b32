//! 一（二）二级处理平台话务量: calls taken by the counties' secondary platforms.

use serde::Serialize;

use super::fields::NoSettings;
use crate::notice::{Notice, NoticeKind};
use crate::report::links;
use crate::report::numbering::Numbering;
use crate::report::wording::{counted_inline, month, year_month};
use crate::report::{ChartKind, ChartSpec, Series, Writer};
use crate::settings::Settings;
use crate::query::Facet;
use crate::stats::ratio::{Count, Share, rank};
use crate::stats::{Figures, View};
use crate::table::Field;

#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct SecondaryFigures {
    pub total: Count,
    pub by_county: Vec<Share>,
}

/// Calls taken by county secondary platforms; None when the export has no platform column
/// or no such calls.
pub fn compute(view: &View, _: &NoSettings) -> Option<SecondaryFigures> {
    if !view.has(Field::Platform) {
        return None;
    }
    let suffix = view.settings.secondary_platform_suffix.as_str();
    let platform = &view.table.platform;
    let counts = View::counts(platform, &view.current_rows);
    // A county's calls, and the platform names that are its (廉江市二级平台 …).
    let mut by_county: Vec<(String, u64, Vec<String>)> = Vec::new();
    for (code, &n) in counts.iter().enumerate() {
        let name = platform.symbols.name(code as u32);
        if let (Some(county), true) = (name.strip_suffix(suffix), n > 0) {
            match by_county.iter_mut().find(|(c, _, _)| c == county) {
                Some((_, total, names)) => {
                    *total += n;
                    names.push(name.to_string());
                }
                None => by_county.push((county.to_string(), n, vec![name.to_string()])),
            }
        }
    }
    let month = view.this_month();
    let names = by_county.iter().flat_map(|(_, _, names)| names.iter().cloned());
    let total = Count::of(by_county.iter().map(|(_, n, _)| n).sum(), month.and_any(Facet::Platform, names));
    if total.count == 0 {
        return None;
    }
    let mut by_county: Vec<Share> = by_county
        .into_iter()
        .map(|(county, n, names)| {
            Share::of(county, n, month.and_any(Facet::Platform, names), total.count, total.selection.clone())
        })
        .collect();
    rank(&mut by_county, |_| 0);
    Some(SecondaryFigures { total, by_county })
}

pub fn write(
    w: &mut Writer,
    n: &mut Numbering,
    figures: &Figures,
    _: &Settings,
    notices: &mut Vec<Notice>,
) {
    let Some(secondary) = &figures.secondary else {
        notices.push(NoticeKind::NoSecondaryPlatforms.into());
        return;
    };
    w.heading(2, n.section("二级处理平台话务量"));
    let items: Vec<String> = secondary.by_county.iter().map(counted_inline).collect();
    w.paragraph(
        "intake.secondary",
        format!(
            "{}，二级处理平台共接市民来电{}宗，分别为：{}。",
            month(figures.period.month),
            links::count(&secondary.total),
            items.join("；")
        ),
    );
    w.chart(ChartSpec {
        id: "secondary-platforms".into(),
        caption: format!("{}二级处理平台话务量总体情况数据图分布", year_month(figures.period.month)),
        kind: ChartKind::Pie,
        categories: secondary.by_county.iter().map(|c| c.name.clone()).collect(),
        series: vec![Series::of("二级平台话务量", secondary.by_county.iter().map(|c| (c.count, c.selection.clone())))],
        unit: "宗".into(),
    });
}
