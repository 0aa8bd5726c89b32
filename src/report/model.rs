//! The report as plain data: headings, paragraphs, charts and tables in reading order.
//! Renderers (the page, plain text, later Word and Excel) walk this; none computes figures.

use serde::{Deserialize, Serialize};

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
    /// `id` names the paragraph so an edit can be kept across recomputation.
    Paragraph {
        id: String,
        text: String,
    },
    Chart(ChartSpec),
    Table(TableSpec),
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChartKind {
    Bar,
    Pie,
}

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
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TableSpec {
    pub id: String,
    pub caption: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Document {
    pub fn charts(&self) -> impl Iterator<Item = &ChartSpec> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Chart(c) => Some(c),
            _ => None,
        })
    }

    pub fn paragraph(&self, id: &str) -> Option<&str> {
        self.blocks.iter().find_map(|b| match b {
            Block::Paragraph { id: i, text } if i == id => Some(text.as_str()),
            _ => None,
        })
    }
}
