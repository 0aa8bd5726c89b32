//! The report as plain text: what the CLI prints and what the golden test pins.

use super::{Block, Document};

pub fn render(doc: &Document) -> String {
    let mut out = String::new();
    let table = |out: &mut String, table: &super::TableSpec| {
        out.push_str(&table.caption);
        out.push('\n');
        out.push_str(&table.header.join("\t"));
        for row in &table.rows {
            out.push('\n');
            for (i, cell) in row.iter().enumerate() {
                if i > 0 {
                    out.push('\t');
                }
                out.push_str(&cell.display());
            }
        }
    };
    out.push_str(&doc.title);
    out.push('\n');
    out.push_str(&doc.addressees);
    out.push('\n');
    for block in &doc.blocks {
        match block {
            Block::Heading { text, .. } | Block::Paragraph { text, .. } => out.push_str(text),
            Block::Chart(chart) => out.push_str(&format!("［图］{}", chart.caption)),
            Block::Table(t) => table(&mut out, t),
        }
        out.push('\n');
    }
    out.push_str(&doc.signature);
    out.push('\n');
    if !doc.date.is_empty() {
        out.push_str(&doc.date);
        out.push('\n');
    }
    for t in &doc.attachments {
        out.push('\n');
        table(&mut out, t);
        out.push('\n');
    }
    out
}
