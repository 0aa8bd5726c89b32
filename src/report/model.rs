//! The report as plain data: headings, paragraphs, charts and tables in reading order.
//! Renderers (the page, plain text, Word and Excel) walk this; none computes figures.

use std::borrow::Cow;

use serde::ser::SerializeStruct;
use serde::{Deserialize, Serialize, Serializer};

use super::links::{Base, Target};
use super::wording;
use crate::stats::ratio::{Count, Ratio};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub title: String,
    pub addressees: String,
    pub blocks: Vec<Block>,
    pub signature: String,
    pub date: String,
    /// Attachment tables, printed after the signature (each on its own page in Word).
    pub attachments: Vec<TableSpec>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
// Tagged `block`, not `kind`: a chart's own `kind` (bar, pie) sits beside the tag.
#[serde(tag = "block", rename_all = "snake_case")]
pub enum Block {
    /// Level 1: 一、诉求量情况; level 2: （一）诉求总体情况.
    Heading {
        level: u8,
        text: String,
    },
    /// `id` names the paragraph so an edit can be kept across recomputation; `links` are
    /// the numbers in it that open their tickets.
    Paragraph {
        id: String,
        text: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        links: Vec<super::links::Link>,
    },
    Chart(ChartSpec),
    Table(TableSpec),
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChartKind {
    Bar,
    Pie,
    /// Counts over months, one line per series.
    Line,
    /// Rates over months: values are basis points (9_750 is 97.50%), `NO_VALUE` where a
    /// month has no whole to divide by.
    RateLine,
}

/// A point with no value (a rate of a month without any ticket to rate).
pub const NO_VALUE: u64 = u64::MAX;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChartSpec {
    pub id: String,
    /// Printed under the chart, as in the reference (2021年1月份群众诉求数据图分布).
    pub caption: String,
    pub kind: ChartKind,
    pub categories: Vec<String>,
    pub series: Vec<Series>,
    /// Unit of the values, for labels (宗).
    pub unit: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Series {
    pub name: String,
    pub values: Vec<u64>,
    /// The tickets behind each value, in the same order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub selections: Vec<crate::query::Selection>,
}

impl Series {
    /// A series whose every value opens its tickets.
    pub fn of(name: impl Into<String>, points: impl IntoIterator<Item = (u64, crate::query::Selection)>) -> Series {
        let (values, selections) = points.into_iter().unzip();
        Series { name: name.into(), values, selections }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TableSpec {
    pub id: String,
    pub caption: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// One cell of a table, typed: Excel writes counts and percentages as numbers from this,
/// and every renderer prints [`Cell::text`], the one wording of a cell.
///
/// It reaches the page as `{"kind": "count", "value": 12, "text": "12"}`,
/// `{"kind": "percent", "bp": 9479, "text": "94.79%"}` (`"bp": null, "text": "—"` when
/// there is nothing to divide by or the export lacks the column),
/// `{"kind": "ordinal", "value": 1, "text": "1"}`, `{"kind": "decimal", "tenths": 781,
/// "text": "78.1"}` or `{"kind": "text", "value": "赤坎区", "text": "赤坎区"}`; the page
/// shows `text`. `text` is derived, so a document the page
/// sends back is read without it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Cell {
    /// A number of tickets; None when the export cannot tell (no status column for 已办结).
    /// `link`: the tickets behind it.
    Count {
        value: Option<u64>,
        #[serde(default)]
        link: Option<Box<Target>>,
    },
    /// A rate in basis points, exact as `stats` computes it; None when undefined. `link`:
    /// its numerator's tickets, of its denominator's.
    Percent {
        bp: Option<u64>,
        #[serde(default)]
        link: Option<Box<Target>>,
    },
    /// A row's place: 序号, 排名.
    Ordinal { value: u64 },
    /// A number with one decimal derived from tickets (a score, days to close); `link`:
    /// the tickets it is derived from. Tenths, so it stays exact.
    Decimal {
        tenths: i64,
        #[serde(default)]
        link: Option<Box<Target>>,
    },
    /// Names, and the blank first cell of a totals row.
    Text { value: String },
}

impl Cell {
    pub fn count(value: u64) -> Cell {
        Cell::Count { value: Some(value), link: None }
    }

    pub fn percent(bp: Option<u64>) -> Cell {
        Cell::Percent { bp, link: None }
    }

    /// A count that opens its tickets; absent when the export cannot tell.
    pub fn tickets(count: Option<&Count>) -> Cell {
        let link = count
            .map(|c| Box::new(Target { count: c.count, selection: c.selection.clone(), of: None, derived: false }));
        Cell::Count { value: count.map(|c| c.count), link }
    }

    /// A ratio's numerator as a count that opens its tickets.
    pub fn numerator(ratio: Option<&Ratio>) -> Cell {
        Cell::tickets(ratio.map(|r| Count::of(r.num, r.num_selection.clone())).as_ref())
    }

    /// A rate that opens its numerator's tickets; absent when undefined or unknown.
    pub fn rate(ratio: Option<&Ratio>) -> Cell {
        let link = ratio.filter(|r| r.bp.is_some()).map(|r| {
            let of = Base { count: r.den, selection: r.den_selection.clone() };
            Box::new(Target { count: r.num, selection: r.num_selection.clone(), of: Some(of), derived: false })
        });
        Cell::Percent { bp: ratio.and_then(|r| r.bp), link }
    }

    /// A number to one decimal, derived from the tickets of `from`; absent as None.
    pub fn decimal(value: Option<f64>, from: &Count) -> Cell {
        match value {
            Some(value) => Cell::Decimal {
                tenths: (value * 10.0).round() as i64,
                link: Some(Box::new(Target {
                    count: from.count,
                    selection: from.selection.clone(),
                    of: None,
                    derived: true,
                })),
            },
            None => Cell::Count { value: None, link: None },
        }
    }

    /// The tickets behind the cell, when it has them.
    pub fn link(&self) -> Option<&Target> {
        match self {
            Cell::Count { link, .. } | Cell::Percent { link, .. } | Cell::Decimal { link, .. } => link.as_deref(),
            _ => None,
        }
    }

    pub fn ordinal(value: usize) -> Cell {
        Cell::Ordinal { value: value as u64 }
    }

    pub fn text(value: impl Into<String>) -> Cell {
        Cell::Text { value: value.into() }
    }

    /// A count or percentage the data cannot give.
    pub fn is_absent(&self) -> bool {
        matches!(self, Cell::Count { value: None, .. } | Cell::Percent { bp: None, .. })
    }

    /// The cell as every renderer prints it: 570, 94.79%, 100%, — (absent), 赤坎区.
    pub fn display(&self) -> Cow<'_, str> {
        match self {
            Cell::Count { value: Some(n), .. } | Cell::Ordinal { value: n } => Cow::Owned(n.to_string()),
            Cell::Percent { bp: Some(bp), .. } => Cow::Owned(wording::percent(*bp)),
            Cell::Count { value: None, .. } | Cell::Percent { bp: None, .. } => Cow::Borrowed(wording::ABSENT),
            Cell::Text { value } => Cow::Borrowed(value),
            Cell::Decimal { tenths, .. } => {
                let sign = if *tenths < 0 { "-" } else { "" };
                Cow::Owned(format!("{sign}{}.{}", tenths.abs() / 10, tenths.abs() % 10))
            }
        }
    }
}

/// The tagged fields and, beside them, the display text (see [`Cell`]).
impl Serialize for Cell {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Cell", 4)?;
        match self {
            Cell::Count { value, .. } => {
                s.serialize_field("kind", "count")?;
                s.serialize_field("value", value)?;
            }
            Cell::Percent { bp, .. } => {
                s.serialize_field("kind", "percent")?;
                s.serialize_field("bp", bp)?;
            }
            Cell::Ordinal { value } => {
                s.serialize_field("kind", "ordinal")?;
                s.serialize_field("value", value)?;
            }
            Cell::Text { value } => {
                s.serialize_field("kind", "text")?;
                s.serialize_field("value", value)?;
            }
            Cell::Decimal { tenths, .. } => {
                s.serialize_field("kind", "decimal")?;
                s.serialize_field("tenths", tenths)?;
            }
        }
        s.serialize_field("text", &self.display())?;
        if let Some(link) = self.link() {
            s.serialize_field("link", link)?;
        }
        s.end()
    }
}

impl Document {
    /// The document without its ways to open tickets (links in the text and the tables,
    /// the charts' selections): for figures whose tickets are elsewhere.
    pub fn without_links(mut self) -> Document {
        let unlink = |cell: &mut Cell| match cell {
            Cell::Count { link, .. } | Cell::Percent { link, .. } | Cell::Decimal { link, .. } => *link = None,
            Cell::Ordinal { .. } | Cell::Text { .. } => {}
        };
        for block in &mut self.blocks {
            match block {
                Block::Paragraph { links, .. } => links.clear(),
                Block::Chart(chart) => chart.series.iter_mut().for_each(|s| s.selections.clear()),
                Block::Table(table) => table.rows.iter_mut().flatten().for_each(unlink),
                Block::Heading { .. } => {}
            }
        }
        self.attachments.iter_mut().flat_map(|t| t.rows.iter_mut().flatten()).for_each(unlink);
        self
    }

    pub fn charts(&self) -> impl Iterator<Item = &ChartSpec> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Chart(c) => Some(c),
            _ => None,
        })
    }

    pub fn paragraph(&self, id: &str) -> Option<&str> {
        self.blocks.iter().find_map(|b| match b {
            Block::Paragraph { id: i, text, .. } if i == id => Some(text.as_str()),
            _ => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_print_through_the_one_percentage_wording() {
        assert_eq!(Cell::count(570).display(), "570");
        assert_eq!(Cell::percent(Some(9479)).display(), "94.79%");
        assert_eq!(Cell::percent(Some(10_000)).display(), "100%");
        assert_eq!(Cell::percent(Some(7)).display(), "0.07%");
        assert_eq!(Cell::percent(None).display(), "—");
        assert_eq!(Cell::Count { value: None, link: None }.display(), "—");
        assert_eq!(Cell::ordinal(3).display(), "3");
        assert_eq!(Cell::text("赤坎区").display(), "赤坎区");
        assert!(Cell::percent(None).is_absent() && Cell::Count { value: None, link: None }.is_absent());
        assert!(!Cell::text("—").is_absent(), "a name is never absent, whatever it reads");
    }

    #[test]
    fn cells_reach_the_page_as_tagged_data_with_their_text_and_come_back_without_it() {
        let score = Cell::Decimal { tenths: -101, link: None };
        let cells = [
            Cell::count(12),
            Cell::percent(Some(9479)),
            Cell::percent(None),
            Cell::ordinal(1),
            Cell::text("赤坎区"),
            score,
        ];
        let json = serde_json::to_value(&cells).unwrap();
        assert_eq!(
            json,
            serde_json::json!([
                {"kind": "count", "value": 12, "text": "12"},
                {"kind": "percent", "bp": 9479, "text": "94.79%"},
                {"kind": "percent", "bp": null, "text": "—"},
                {"kind": "ordinal", "value": 1, "text": "1"},
                {"kind": "text", "value": "赤坎区", "text": "赤坎区"},
                {"kind": "decimal", "tenths": -101, "text": "-10.1"},
            ])
        );
        let back: Vec<Cell> = serde_json::from_value(json).unwrap();
        assert_eq!(back, cells);
        // The text is derived: a stale one sent back does not change the cell.
        let edited: Cell = serde_json::from_str(r#"{"kind":"percent","bp":5000,"text":"99%"}"#).unwrap();
        assert_eq!(edited.display(), "50.00%");
    }
}
