//! The report document built from the figures, in the reference report's structure and
//! wording. Each section is its own file; this one assembles the letter.

pub mod attachments;
pub mod charts;
pub mod docx;
pub mod links;
pub mod model;
pub mod numbering;
pub mod text;
pub mod wording;
pub mod xlsx;

pub use model::{Block, Cell, ChartKind, ChartSpec, Document, Series, TableSpec, NO_VALUE};

use crate::notice::Notice;
use crate::settings::Settings;
use crate::stats::Figures;

/// Collects blocks in reading order.
#[derive(Default)]
pub struct Writer {
    pub blocks: Vec<Block>,
}

impl Writer {
    pub fn heading(&mut self, level: u8, text: impl Into<String>) {
        self.blocks.push(Block::Heading { level, text: links::plain(&text.into()) });
    }

    /// A paragraph from text whose numbers may be marked (`links`): the marks become links.
    pub fn paragraph(&mut self, id: &str, text: impl Into<String>) {
        let (text, links) = links::unmark(&text.into());
        self.blocks.push(Block::Paragraph { id: id.to_string(), text, links });
    }

    /// Adds a chart; one with nothing to draw is left out.
    pub fn chart(&mut self, chart: ChartSpec) {
        if !chart.categories.is_empty() && chart.series.iter().any(|s| s.values.iter().any(|&v| v > 0)) {
            self.blocks.push(Block::Chart(chart));
        }
    }
}

pub fn build(figures: &Figures, settings: &Settings, notices: &mut Vec<Notice>) -> Document {
    let month = figures.period.month;
    let mut w = Writer::default();
    w.paragraph(
        "opening",
        format!(
            "{}（统计时间为{}至{}，以下统称“{}”），{}在各单位的大力支持和配合下，总体运行情况良好。现将情况通报如下：",
            wording::year_month(month),
            wording::date(figures.period.start),
            wording::date(figures.period.end),
            wording::month(month),
            settings.hotline,
        ),
    );
    let mut n = numbering::Numbering::default();
    crate::sections::write(&mut w, &mut n, figures, settings, notices);
    let attachments = attachments::tables(figures, settings);
    if !attachments.is_empty() {
        w.paragraph("attachments", attachments::list(&attachments));
    }
    Document {
        title: format!("关于{}群众诉求分析研判情况的通报", wording::year_month(month)),
        addressees: settings.letter.addressees.clone(),
        blocks: w.blocks,
        signature: settings.letter.signature.clone(),
        date: settings.letter.date.clone(),
        attachments,
    }
}
