//! Time: each dimension's valid tickets month by month (statistical months, under the
//! settings' rule), and the early warning read from them (`alerts`). The counts come from the
//! explorer's facet keys, so a point of a series and the tickets it opens are one selection.

pub mod alerts;
pub mod memory;
pub mod phrases;
pub mod rates;
pub mod view;

use serde::Serialize;

use crate::period::MonthId;
use crate::query::{Facet, Query, Selection, YES};

/// Monthly counts of every value of some dimensions.
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq)]
pub struct Series {
    /// Every statistical month the data or the remembered months hold, oldest first (gaps
    /// included as zero months).
    pub months: Vec<MonthId>,
    pub dimensions: Vec<DimensionSeries>,
    /// The service rates, when asked for (`with_rates`).
    pub rates: Vec<rates::RateSeries>,
    /// The months whose counts come from this machine's memory of earlier analyses
    /// (`memory`): they have no tickets to open.
    pub remembered: Vec<MonthId>,
    /// The months the data holds records of.
    #[serde(skip)]
    pub held: Vec<MonthId>,
}

#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq)]
pub struct DimensionSeries {
    pub facet: Facet,
    pub label: String,
    pub values: Vec<ValueSeries>,
}

#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq)]
pub struct ValueSeries {
    /// As a selection writes it.
    pub value: String,
    pub label: String,
    /// Valid tickets per month, in `Series::months` order.
    pub counts: Vec<u32>,
}

impl ValueSeries {
    /// The selection of the value's valid tickets in `month`.
    pub fn selection(&self, facet: &Facet, month: MonthId) -> Selection {
        Selection::month(month).and(Facet::Valid, YES).and(facet.clone(), self.value.clone())
    }
}

/// The dimensions early warning watches: every category level, the topics, county, town, unit.
pub fn watched(topics: impl IntoIterator<Item = String>) -> Vec<Facet> {
    let mut facets =
        vec![Facet::Category1, Facet::Category2, Facet::Category3, Facet::Region, Facet::Town, Facet::Unit];
    facets.extend(topics.into_iter().map(Facet::Topic));
    facets
}

/// Every dimension the trends view shows: how tickets came and of what kind, then the
/// watched ones.
pub fn shown(topics: impl IntoIterator<Item = String>) -> Vec<Facet> {
    let mut facets = vec![Facet::ChannelGroup, Facet::Type, Facet::TransferCategory];
    facets.extend(watched(topics));
    facets
}

/// The valid tickets of each value of `facets`, month by month, in one pass over the rows.
/// Blank values (no town, outside a topic) are left out.
pub fn series(query: &Query, facets: &[Facet]) -> Result<Series, String> {
    counted(query, facets, None)
}

/// The same, counted over the months `from ..= to` only (the others have no data in it):
/// what one month's alerts read, for less than classifying every month's texts into the
/// topics. Its topics' keys are not kept for the explorer.
pub fn series_within(query: &Query, facets: &[Facet], from: MonthId, to: MonthId) -> Result<Series, String> {
    counted(query, facets, Some((from, to)))
}

fn counted(query: &Query, facets: &[Facet], window: Option<(MonthId, MonthId)>) -> Result<Series, String> {
    let month_keys = query.keyed(&Facet::Month)?;
    let valid = query.keyed(&Facet::Valid)?;
    let valid_key = valid.values.iter().position(|v| v == YES).map(|k| k as u32);
    // Month keys are 1 + the month's place among the months the data holds (0: none).
    let held: Vec<MonthId> = month_keys.values[1..].iter().filter_map(|m| MonthId::parse(m)).collect();
    let months = every_month(&held);
    let place: Vec<usize> = std::iter::once(usize::MAX)
        .chain(held.iter().map(|m| months.iter().position(|x| x == m).unwrap_or(usize::MAX)))
        .collect();
    let inside = |month: usize| window.is_none_or(|(from, to)| (from..=to).contains(&months[month]));
    let keyed: Vec<_> = match window {
        None => {
            query.key_topics(facets);
            facets.iter().map(|f| query.keyed(f)).collect::<Result<_, _>>()?
        }
        Some(_) => {
            // Only the window's valid tickets need their topics.
            let wanted: Vec<bool> = (0..query.rows_in_table())
                .map(|row| {
                    let month = place[month_keys.keys.of(row) as usize];
                    month != usize::MAX && inside(month) && Some(valid.keys.of(row)) == valid_key
                })
                .collect();
            let topics = query.topic_keys_among(facets, &wanted)?;
            facets
                .iter()
                .map(|f| match topics.iter().find(|(t, _)| t == f) {
                    Some((_, keyed)) => Ok(keyed.clone()),
                    None => query.keyed(f),
                })
                .collect::<Result<_, _>>()?
        }
    };
    let width = months.len();
    let mut counts: Vec<Vec<u32>> = keyed.iter().map(|k| vec![0; k.values.len() * width]).collect();
    let mut records = vec![0u64; width];
    for row in 0..query.rows_in_table() {
        let month = place[month_keys.keys.of(row) as usize];
        if month == usize::MAX {
            continue;
        }
        records[month] += 1;
        if Some(valid.keys.of(row)) != valid_key || !inside(month) {
            continue;
        }
        for (facet, keys) in keyed.iter().enumerate() {
            counts[facet][keys.keys.of(row) as usize * width + month] += 1;
        }
    }
    // A month of a few stray records is no month of data (as `analysis::held_months` reads it).
    let per_month: Vec<(MonthId, u64)> = months.iter().copied().zip(records.iter().copied()).collect();
    let mut held = crate::analysis::held_months(&per_month);
    // Months outside the window were not counted: they are no data here.
    held.retain(|&m| window.is_none_or(|(from, to)| (from..=to).contains(&m)));
    let dimensions = facets
        .iter()
        .zip(&keyed)
        .zip(counts)
        .map(|((facet, keys), counts)| DimensionSeries {
            facet: facet.clone(),
            label: facet.label(),
            values: keys
                .values
                .iter()
                .enumerate()
                .filter(|(_, value)| !value.is_empty())
                .map(|(key, value)| ValueSeries {
                    value: value.clone(),
                    label: facet.value_label(value),
                    counts: counts[key * width..(key + 1) * width].to_vec(),
                })
                .filter(|series| series.counts.iter().any(|&n| n > 0))
                .collect(),
        })
        .collect();
    Ok(Series { months, dimensions, rates: Vec::new(), remembered: Vec::new(), held })
}

impl Series {
    /// The same series with the service rates added.
    pub fn with_rates(mut self, query: &Query) -> Result<Series, String> {
        self.rates = rates::rates(query, &self.months)?;
        Ok(self)
    }

    /// Whether each month has data, held or remembered (false: a gap between them).
    pub fn present(&self) -> Vec<bool> {
        self.months.iter().map(|m| self.held.contains(m) || self.remembered.contains(m)).collect()
    }

    /// Where `month` is among the months, if it is.
    pub fn at(&self, month: MonthId) -> Option<usize> {
        self.months.iter().position(|m| *m == month)
    }
}

/// The months from the first to the last held, none skipped.
fn every_month(held: &[MonthId]) -> Vec<MonthId> {
    let (Some(&first), Some(&last)) = (held.iter().min(), held.iter().max()) else { return Vec::new() };
    let mut months = vec![first];
    while *months.last().expect("one at least") < last {
        months.push(months.last().expect("one at least").next());
    }
    months
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_run_from_the_first_to_the_last_without_gaps() {
        let m = |year, month| MonthId { year, month };
        assert_eq!(every_month(&[m(2020, 11), m(2021, 2)]), [m(2020, 11), m(2020, 12), m(2021, 1), m(2021, 2)]);
        assert_eq!(every_month(&[]), []);
    }
}
