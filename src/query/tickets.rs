//! An analysis's tickets, kept after the report is made so that any figure's selection can
//! be opened: how many tickets it holds and a page of them, each as the table holds it.

use serde::Serialize;

use super::export::Sheet;
use super::original::OriginalRow;
use super::sort::Sort;
use super::{Facet, FacetCounts, KeyCache, Query, Selection};
use crate::ingest::source::SourceFile;
use crate::period::{datetime, Period};
use crate::settings::Settings;
use crate::stats::View;
use crate::table::TicketTable;
use std::sync::{Arc, Mutex};

/// The ticket table with the settings and months it was analysed under.
pub struct Tickets {
    pub(super) table: TicketTable,
    /// How to read each file's rows again (`original`).
    pub(super) sources: Vec<SourceFile>,
    pub(super) settings: Settings,
    period: Period,
    previous: Option<Period>,
    /// Facet keys computed by earlier queries (a topic's take a text search of every row).
    keys: KeyCache,
    /// The facets the explorer offers: `FACETS`, then the sections' topics.
    offered: Vec<Facet>,
    /// The last selection listed, in its order: scrolling asks for its pages one by one.
    listed: Mutex<Option<Listed>>,
    /// The earlier months this machine remembers that the analysis used (`trends::memory`).
    remembered: Vec<crate::trends::memory::MonthSummary>,
    /// The units' scores of the month reported, to remember with its summary.
    scores: Option<crate::trends::memory::UnitScores>,
}

struct Listed {
    selection: Selection,
    sort: Sort,
    rows: Arc<Vec<u32>>,
}

/// Part of a selection's tickets, in the table's order.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TicketPage {
    /// The selection in words (`Selection::describe`).
    pub conditions: Vec<String>,
    /// Every ticket the selection holds.
    pub total: u64,
    /// The explorer's facets, counted among the tickets the other facets select (when
    /// asked: a page further down the same list needs none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub facets: Option<Vec<FacetCounts>>,
    pub offset: usize,
    pub rows: Vec<TicketRow>,
}

/// Bytes held by the table (its own columns) and by what the explorer adds to it.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub struct ExplorerMemory {
    pub table: usize,
    pub explorer: usize,
}

/// Values listed per facet (the rest are counted in `more`).
pub const FACET_VALUES: usize = 12;

/// The facets the explorer offers, in its order; the topics of the sections that have one
/// follow.
const FACETS: [Facet; 17] = [
    Facet::Month,
    Facet::Type,
    Facet::ChannelGroup,
    Facet::Channel,
    Facet::Region,
    Facet::Town,
    Facet::Category1,
    Facet::Category2,
    Facet::Category3,
    Facet::Transferred,
    Facet::TransferCategory,
    Facet::Unit,
    Facet::Closed,
    Facet::OnTime,
    Facet::Overdue,
    Facet::Replied,
    Facet::Satisfaction,
];

/// One ticket as the explorer lists it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TicketRow {
    /// Its place in the table (0-based).
    pub row: u32,
    pub id: String,
    /// 2021-01-05 10:23
    pub time: String,
    pub ticket_type: String,
    pub channel: String,
    /// 城市建设 / 国土资源 / 非法开采
    pub category: String,
    pub region: String,
    pub town: String,
    pub unit: String,
    pub status: String,
    pub content: String,
}

/// At most this many tickets in one page (the explorer asks for a screenful at a time).
pub const MAX_PAGE: usize = 1_000;

fn write_export(sheet: &Sheet, selection: &Selection, format: &str) -> Result<Vec<u8>, String> {
    match format {
        "csv" => Ok(super::export::csv(sheet)),
        _ => super::export::xlsx(sheet, &selection.describe()),
    }
}

impl std::fmt::Debug for Tickets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Tickets({} rows)", self.table.len())
    }
}

impl Tickets {
    pub fn new(
        table: TicketTable,
        sources: Vec<SourceFile>,
        settings: Settings,
        period: Period,
        previous: Option<Period>,
    ) -> Tickets {
        let mut offered: Vec<Facet> = FACETS.to_vec();
        // Repeats, when the data has what links them and the section is on.
        let links = table.has(crate::table::Field::Caller) || table.has(crate::table::Field::Address);
        if links && settings.sections.quality.enabled {
            offered.extend([Facet::RepeatKind, Facet::FalseClosure]);
        }
        let topics = crate::sections::topics(&settings.sections);
        offered.extend(topics.into_iter().map(|(section, _)| Facet::Topic(section.to_string())));
        Tickets {
            table,
            sources,
            settings,
            period,
            previous,
            keys: KeyCache::default(),
            offered,
            listed: Mutex::new(None),
            remembered: Vec::new(),
            scores: None,
        }
    }

    /// The same tickets with the units' scores of the month reported, kept with its summary.
    pub fn with_scores(self, scores: Option<crate::trends::memory::UnitScores>) -> Tickets {
        Tickets { scores, ..self }
    }

    /// The same tickets with the keys the figures made and the months the analysis used
    /// from memory.
    pub fn with(self, keys: KeyCache, remembered: Vec<crate::trends::memory::MonthSummary>) -> Tickets {
        Tickets { keys, remembered, ..self }
    }

    fn answer<T>(&self, ask: impl FnOnce(&Query) -> Result<T, String>) -> Result<T, String> {
        let view = View::new(&self.table, &self.settings, self.period, self.previous);
        ask(&Query::cached(&view, &self.keys))
    }

    /// How many tickets the selection holds.
    pub fn count(&self, selection: &Selection) -> Result<u64, String> {
        self.answer(|query| query.count(selection))
    }

    /// The selection's tickets in `sort`'s order, `offset ..` (at most `limit`, at most
    /// `MAX_PAGE`), with the explorer's facets when `with_facets`.
    pub fn page(
        &self,
        selection: &Selection,
        sort: Sort,
        offset: usize,
        limit: usize,
        with_facets: bool,
    ) -> Result<TicketPage, String> {
        let rows = self.listed(selection, sort)?;
        let facets = match with_facets {
            true => Some(self.answer(|query| query.facets(selection, &self.offered, FACET_VALUES))?),
            false => None,
        };
        let shown = rows.iter().skip(offset).take(limit.min(MAX_PAGE)).map(|&row| self.ticket(row)).collect();
        Ok(TicketPage { conditions: selection.describe(), total: rows.len() as u64, facets, offset, rows: shown })
    }

    /// The valid tickets of each value of `facets`, month by month (`trends::series`).
    pub fn series(&self, facets: &[Facet]) -> Result<crate::trends::Series, String> {
        self.answer(|query| crate::trends::series(query, facets))
    }

    /// The trends view: every shown dimension and rate over the data's and the remembered
    /// months, with its charts.
    pub fn trends(&self) -> Result<crate::trends::view::TrendsView, String> {
        self.answer(|query| {
            let mut series =
                crate::trends::series(query, &crate::trends::shown(self.topic_facets()))?.with_rates(query)?;
            series.remember(&self.remembered);
            Ok(crate::trends::view::trends_view(&series, self.period.month))
        })
    }

    /// What this machine keeps of the analysis: each full month's counts (never a ticket),
    /// under the settings' fingerprint.
    pub fn summaries(&self) -> Result<Vec<crate::trends::memory::MonthSummary>, String> {
        use crate::trends::memory;
        self.answer(|query| {
            let series = crate::trends::series(query, &crate::trends::shown(self.topic_facets()))?.with_rates(query)?;
            let start_day = self.settings.period.start_day;
            let records = crate::analysis::months_in(&self.table, start_day);
            let complete = |month| self.covers(Period::of_month(month, start_day));
            // Each month's own files: those with rows in it.
            let months = query.keyed(&Facet::Month)?;
            let mut in_month = vec![vec![false; self.sources.len()]; months.values.len()];
            for (row, origin) in self.table.origin.iter().enumerate() {
                if let Some(file) = in_month[months.keys.of(row as u32) as usize].get_mut(origin.file()) {
                    *file = true;
                }
            }
            let files_of = |month: crate::period::MonthId| -> Vec<String> {
                let key = months.values.iter().position(|v| *v == month.to_string()).unwrap_or(0);
                self.sources.iter().zip(&in_month[key]).filter(|(_, &has)| has).map(|(s, _)| s.name.clone()).collect()
            };
            let mut kept =
                memory::summaries(&series, &records, complete, files_of, &memory::fingerprint(&self.settings));
            if let Some(scores) = &self.scores {
                for summary in kept.iter_mut().filter(|s| s.month == self.period.month) {
                    summary.scores = Some(scores.clone());
                }
            }
            Ok(kept)
        })
    }

    /// Whether the tickets cover the whole period: some taken in on its first three days and
    /// some on its last three (an export cut mid-month does not).
    fn covers(&self, period: Period) -> bool {
        const EDGE: i64 = 3 * 86_400;
        let (start, end) = (period.start_ts(), period.end_ts());
        let at = |from: i64, to: i64| self.table.intake.iter().any(|&ts| ts >= from && ts < to);
        at(start, start + EDGE) && at(end - EDGE, end)
    }

    /// The month's emerging problems against every earlier month (`trends::phrases`).
    pub fn emerging(
        &self,
        month: crate::period::MonthId,
        settings: &crate::trends::phrases::PhraseSettings,
    ) -> Result<Vec<crate::trends::phrases::Emerging>, String> {
        self.answer(|query| crate::trends::phrases::emerging_in(query, month, settings))
    }

    /// The sections' topics, as facets.
    pub fn topic_facets(&self) -> Vec<String> {
        crate::sections::topics(&self.settings.sections).into_iter().map(|(key, _)| key.to_string()).collect()
    }

    /// Makes the keys of the `index`-th facet the explorer offers, so that its first query
    /// does not wait for them (the page asks for them one by one once the report is shown,
    /// between other work). False when there is no such facet: all are made.
    pub fn warm(&self, index: usize) -> Result<bool, String> {
        let Some(facet) = self.offered.get(index) else { return Ok(false) };
        self.answer(|query| query.keyed(facet).map(|_| true))
    }

    /// What the explorer adds to the table's memory: each row's origin, the places kept to
    /// read rows again, the facets' computed keys and the last list's order.
    pub fn memory(&self) -> ExplorerMemory {
        let (table, ..) = self.table.memory(0);
        let origin = self.table.origin.capacity() * std::mem::size_of::<crate::table::Origin>();
        let places: usize = self.sources.iter().map(|s| s.memory()).sum();
        let keys: usize = self.keys.lock().map_or(0, |keys| keys.values().map(|k| k.keys.memory()).sum());
        let listed = self.listed.lock().map_or(0, |l| l.as_ref().map_or(0, |l| l.rows.capacity() * 4));
        ExplorerMemory { table: table - origin, explorer: origin + places + keys + listed }
    }

    /// The selection's tickets (their places in the table) in `sort`'s order.
    pub fn sorted(&self, selection: &Selection, sort: Sort) -> Result<Vec<u32>, String> {
        Ok(self.listed(selection, sort)?.to_vec())
    }

    /// The selection's tickets in `sort`'s order, kept for the pages that follow.
    fn listed(&self, selection: &Selection, sort: Sort) -> Result<Arc<Vec<u32>>, String> {
        let mut listed = self.listed.lock().map_err(|_| "内部错误：工单列表不可用。".to_string())?;
        if let Some(last) = listed.as_ref().filter(|l| l.selection == *selection && l.sort == sort) {
            return Ok(last.rows.clone());
        }
        let mut rows = self.selected(selection)?;
        super::sort::sort(&self.table, &mut rows, sort);
        let rows = Arc::new(rows);
        *listed = Some(Listed { selection: selection.clone(), sort, rows: rows.clone() });
        Ok(rows)
    }

    /// The selection's tickets (their places in the table), in the table's order.
    pub fn selected(&self, selection: &Selection) -> Result<Vec<u32>, String> {
        self.answer(|query| query.rows(selection))
    }

    /// Every ticket of the selection as a file, `xlsx` or `csv`, with the columns the table
    /// holds (for when their files cannot be read again: see `export_originals`).
    pub fn export(&self, selection: &Selection, format: &str) -> Result<Vec<u8>, String> {
        let rows = self.selected(selection)?.into_iter().map(|r| self.ticket(r)).collect();
        write_export(&Sheet::of_tickets(rows), selection, format)
    }

    /// The selection's tickets as their files had them (`Reread`), as a file.
    pub fn export_originals(
        &self,
        rows: &[OriginalRow],
        selection: &Selection,
        format: &str,
    ) -> Result<Vec<u8>, String> {
        write_export(&Sheet::of_originals(rows), selection, format)
    }

    /// One ticket as the explorer lists it (`row`: its place in the table).
    pub fn ticket(&self, row: u32) -> TicketRow {
        let t = &self.table;
        let at = row as usize;
        let name = |column: &crate::table::SymbolColumn| column.symbols.name(column.codes[at]).to_string();
        let levels: Vec<String> = t.category.iter().map(name).filter(|l| !l.is_empty()).collect();
        TicketRow {
            row,
            id: t.id.get(at).to_string(),
            time: datetime(t.intake[at]).format("%Y-%m-%d %H:%M").to_string(),
            ticket_type: name(&t.ticket_type),
            channel: name(&t.channel),
            category: levels.join(" / "),
            region: name(&t.region),
            town: name(&t.town),
            unit: name(&t.unit),
            status: name(&t.status),
            content: t.content.get(at).to_string(),
        }
    }
}
