//! The service rates month by month: 按时办结率, 满意率, 即时解答率. Each is the report's own
//! ratio (`sections::intake`) with its month taken off, so a point of the series and the
//! letter's rate for that month are one definition.

use serde::{Deserialize, Serialize};

use crate::period::MonthId;
use crate::query::{Facet, Query, Selection};
use crate::sections::fields::NoSettings;
use crate::stats::ratio::Ratio;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rate {
    OnTime,
    Satisfaction,
    InstantAnswer,
}

impl Rate {
    pub const ALL: [Rate; 3] = [Rate::OnTime, Rate::Satisfaction, Rate::InstantAnswer];

    pub fn label(self) -> &'static str {
        match self {
            Rate::OnTime => "按时办结率",
            Rate::Satisfaction => "服务满意率",
            Rate::InstantAnswer => "即时解答率",
        }
    }
}

/// A rate's part and whole per month, in `Series::months` order.
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq)]
pub struct RateSeries {
    pub rate: Rate,
    pub label: String,
    pub part: Vec<u32>,
    pub whole: Vec<u32>,
    /// The tickets of the part and of the whole, in every month (a month narrows them).
    #[serde(default)]
    pub part_selection: Selection,
    #[serde(default)]
    pub whole_selection: Selection,
}

impl RateSeries {
    /// The rate in month `at` in basis points (9_750 is 97.50%), when it has a whole.
    pub fn basis_points(&self, at: usize) -> Option<u64> {
        let (part, whole) = (self.part[at] as u64, self.whole[at] as u64);
        (whole > 0).then(|| (part * 10_000 + whole / 2) / whole)
    }
}

/// Each rate the data can give (a rate without its column is left out), per month of `months`.
pub fn rates(query: &Query, months: &[MonthId]) -> Result<Vec<RateSeries>, String> {
    let intake = crate::sections::intake::compute(query.view(), &NoSettings);
    let ratios = [
        (Rate::OnTime, intake.on_time),
        (Rate::Satisfaction, intake.satisfaction),
        (Rate::InstantAnswer, Some(intake.instant_answer)),
    ];
    let mut series = Vec::new();
    for (rate, ratio) in ratios {
        let Some(Ratio { num_selection, den_selection, .. }) = ratio else { continue };
        let every_month = |s: Selection| Selection { month: None, ..s };
        let (part_selection, whole_selection) = (every_month(num_selection), every_month(den_selection));
        series.push(RateSeries {
            rate,
            label: rate.label().to_string(),
            part: monthly(query, &part_selection, months)?,
            whole: monthly(query, &whole_selection, months)?,
            part_selection,
            whole_selection,
        });
    }
    Ok(series)
}

/// The selection's tickets in each of `months`, in one pass.
fn monthly(query: &Query, selection: &Selection, months: &[MonthId]) -> Result<Vec<u32>, String> {
    let counted = query.facets(selection, &[Facet::Month], usize::MAX)?;
    let mut counts = vec![0; months.len()];
    for value in counted.iter().flat_map(|facet| &facet.values) {
        let Some(month) = MonthId::parse(&value.value) else { continue };
        if let Some(at) = months.iter().position(|m| *m == month) {
            counts[at] = value.count as u32;
        }
    }
    Ok(counts)
}
