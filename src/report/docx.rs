//! The report as a Word document in the conventions of Chinese official documents
//! (GB/T 9704): A4 with 37/35/28/26 mm margins, title in 小标宋 二号, body in 仿宋_GB2312
//! 三号 at a fixed 28.95 pt line, headings in 黑体 / 楷体, page numbers "— n —" at the foot,
//! charts as images, attachments as Word tables each on a new page.

use docx_rs::{
    AlignmentType, BreakType, Docx, Footer, LineSpacing, LineSpacingType, PageMargin, PageNum, PageOrientationType,
    PageSize, Paragraph, Pic, Run, RunFonts, Section, SpecialIndentType, Table, TableCell, TableRow, VAlignType,
    WidthType,
};

use super::{Block, Cell, ChartSpec, Document, TableSpec};

/// A chart drawn by the page, as PNG (pixel size), for the block with the same id.
#[derive(Debug, Clone)]
pub struct ChartImage {
    pub id: String,
    pub png: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

const TITLE_FONT: &str = "方正小标宋简体";
const BODY_FONT: &str = "仿宋_GB2312";
const HEADING_FONT: &str = "黑体";
const SUBHEADING_FONT: &str = "楷体_GB2312";
const LATIN_FONT: &str = "Times New Roman";

/// Half-points: 二号 22pt, 三号 16pt, 四号 14pt, 小四 12pt, 五号 10.5pt.
const SIZE_2: usize = 44;
const SIZE_3: usize = 32;
const SIZE_4: usize = 28;
const SIZE_5: usize = 21;

/// 28.95 pt in twips: 22 lines on the type area, as GB/T 9704 asks.
const LINE: i32 = 579;
/// Text width: 210 mm − 28 mm − 26 mm = 156 mm, in twips.
const TEXT_WIDTH_TWIPS: usize = 8844;
/// The same on a landscape page (297 mm wide), for attachments too wide for portrait.
const LANDSCAPE_TEXT_WIDTH_TWIPS: usize = 13776;
/// A half-width character of 五号 (10.5 pt) in twips, as `text_width` counts.
const HALF_CHAR_5: usize = 105;
/// Charts are placed 150 mm wide.
const CHART_WIDTH_EMU: u32 = 5_400_000;

fn mm(v: f64) -> i32 {
    (v * 1440.0 / 25.4).round() as i32
}

fn fonts(east_asia: &str) -> RunFonts {
    RunFonts::new().east_asia(east_asia).ascii(LATIN_FONT).hi_ansi(LATIN_FONT).cs(LATIN_FONT)
}

fn run(text: &str, font: &str, size: usize) -> Run {
    Run::new().add_text(text).fonts(fonts(font)).size(size)
}

fn exact_line(p: Paragraph) -> Paragraph {
    p.line_spacing(LineSpacing::new().line_rule(LineSpacingType::Exact).line(LINE))
}

/// One character of 三号 (16 pt) in twips.
const CHAR: i32 = 320;

/// A body paragraph: 仿宋 三号, first line indented two characters (in twips as well as
/// characters: LibreOffice reads only the former).
fn body(text: &str, font: &str) -> Paragraph {
    exact_line(
        Paragraph::new()
            .add_run(run(text, font, SIZE_3))
            .align(AlignmentType::Both)
            .indent(None, Some(SpecialIndentType::FirstLine(2 * CHAR)), None, None)
            .first_line_chars(200),
    )
}

/// A multi-line paragraph (附件：1.… / 2.…): continuation lines align after the label.
fn body_lines(text: &str) -> Vec<Paragraph> {
    let mut lines = text.split('\n');
    let first = lines.next().unwrap_or_default();
    let label = first.find('：').map(|at| first[..at].chars().count() as i32 + 1).unwrap_or(0);
    let mut paragraphs = vec![body(first, BODY_FONT)];
    paragraphs.extend(lines.map(|line| {
        exact_line(Paragraph::new().add_run(run(line, BODY_FONT, SIZE_3)).align(AlignmentType::Both).indent(
            Some((2 + label) * CHAR),
            None,
            None,
            None,
        ))
    }));
    paragraphs
}

/// Display width of a cell's text in half-width units (CJK counts two).
fn text_width(text: &str) -> usize {
    text.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

fn centered(text: &str, font: &str, size: usize) -> Paragraph {
    Paragraph::new().add_run(run(text, font, size)).align(AlignmentType::Center)
}

/// A table cell's left and right margins together, in twips (2 × 0.19 cm).
const CELL_MARGINS_TWIPS: usize = 216;

/// Each column's width in twips. Columns share the text width in proportion to their
/// widest cell (headers wrap, so they count at half), so 94.79% never breaks while names
/// get room. Each cell's left and right margins (Word's and LibreOffice's default, 0.19 cm
/// each) come first, so a short column is not left narrower than its text: shared in
/// proportion alone, 100% broke over two lines in the rate columns of 附件2 (its unit
/// names took the room).
fn column_widths(spec: &TableSpec) -> Vec<usize> {
    let need = column_needs(spec);
    let columns = need.len();
    let total: usize = need.iter().sum::<usize>().max(1);
    let text_room = text_width_of(spec).saturating_sub(columns * CELL_MARGINS_TWIPS);
    let shared: Vec<usize> = need.iter().map(|n| CELL_MARGINS_TWIPS + text_room * n / total).collect();
    let least = least_widths(spec);
    if shared.iter().zip(&least).all(|(s, l)| s >= l) {
        return shared;
    }
    // Too many columns to share in proportion: each gets room for its numbers on one line,
    // and the names (which wrap) share what is left.
    let left = text_width_of(spec).saturating_sub(least.iter().sum());
    let extra: Vec<usize> =
        need.iter().zip(&least).map(|(n, l)| (CELL_MARGINS_TWIPS + n * HALF_CHAR_5).saturating_sub(*l)).collect();
    let extra_total = extra.iter().sum::<usize>().max(1);
    least.iter().zip(&extra).map(|(l, e)| l + left * e / extra_total).collect()
}

/// The width a column needs for its widest number (a cell of ASCII only) on one line: at
/// 五号 a digit or point about 105 twips, any other character 210.
fn least_widths(spec: &TableSpec) -> Vec<usize> {
    let twips =
        |text: &str| -> usize { text.chars().map(|c| if c.is_ascii_digit() || c == '.' { 105 } else { 210 }).sum() };
    (0..spec.header.len().max(1))
        .map(|c| {
            let widest = spec.rows.iter().filter_map(|r| r.get(c)).map(|t| t.display()).filter(|t| t.is_ascii());
            CELL_MARGINS_TWIPS + widest.map(|t| twips(&t)).max().unwrap_or(0).max(4 * HALF_CHAR_5)
        })
        .collect()
}

/// Each column's widest cell (headers wrap, so at half), in half-width characters.
fn column_needs(spec: &TableSpec) -> Vec<usize> {
    let columns = spec.header.len().max(1);
    (0..columns)
        .map(|c| {
            let cells = spec.rows.iter().filter_map(|r| r.get(c)).map(|t| text_width(&t.display())).max().unwrap_or(0);
            let header = spec.header.get(c).map_or(0, |h| text_width(h));
            cells.max(header.div_ceil(2)).max(4) + 2
        })
        .collect()
}

/// Whether the table's numbers cannot stand on one line across a portrait page: it is
/// then printed on a landscape one (the scorecard's fifteen columns).
fn landscape(spec: &TableSpec) -> bool {
    least_widths(spec).iter().sum::<usize>() > TEXT_WIDTH_TWIPS
}

fn text_width_of(spec: &TableSpec) -> usize {
    if landscape(spec) {
        LANDSCAPE_TEXT_WIDTH_TWIPS
    } else {
        TEXT_WIDTH_TWIPS
    }
}

fn table(spec: &TableSpec, size: usize) -> Table {
    let widths = column_widths(spec);
    let cell = |text: &str, width: usize, font: &str| {
        TableCell::new()
            .add_paragraph(Paragraph::new().add_run(run(text, font, size)).align(AlignmentType::Center))
            .vertical_align(VAlignType::Center)
            .width(width, WidthType::Dxa)
    };
    let mut rows =
        vec![TableRow::new(spec.header.iter().zip(&widths).map(|(h, &w)| cell(h, w, HEADING_FONT)).collect())];
    for row in &spec.rows {
        rows.push(TableRow::new(row.iter().zip(&widths).map(|(c, &w)| cell(&c.display(), w, BODY_FONT)).collect()));
    }
    Table::new(rows).set_grid(widths).width(text_width_of(spec), WidthType::Dxa)
}

/// What goes on the pages of one orientation, in order: a Word section.
#[derive(Default)]
struct Pages {
    landscape: bool,
    items: Vec<Item>,
}

enum Item {
    Paragraph(Box<Paragraph>),
    Table(Box<Table>),
}

fn para(paragraph: Paragraph) -> Item {
    Item::Paragraph(Box::new(paragraph))
}

/// The Word document without the page's drawings (the command line has no browser to draw
/// them): each chart is printed as the table of its values, under its caption.
pub fn render_charts_as_tables(doc: &Document) -> Result<Vec<u8>, String> {
    let mut doc = doc.clone();
    for block in &mut doc.blocks {
        if let Block::Chart(chart) = block {
            *block = Block::Table(chart_table(chart));
        }
    }
    render(&doc, &[])
}

/// A chart's values as a table: a row per category, a column per series.
fn chart_table(chart: &ChartSpec) -> TableSpec {
    let mut header = vec![String::new()];
    header.extend(chart.series.iter().map(|s| format!("{}（{}）", s.name, chart.unit)));
    let rows = chart
        .categories
        .iter()
        .enumerate()
        .map(|(i, category)| {
            let mut row = vec![Cell::Text { value: category.clone() }];
            row.extend(chart.series.iter().map(|s| Cell::count(s.values.get(i).copied().unwrap_or(0))));
            row
        })
        .collect();
    TableSpec { id: chart.id.clone(), caption: chart.caption.clone(), header, rows }
}

/// The Word document's bytes.
pub fn render(doc: &Document, images: &[ChartImage]) -> Result<Vec<u8>, String> {
    let footer = Footer::new().add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Center)
            .add_run(run("— ", "宋体", SIZE_4))
            .add_page_num(PageNum::new())
            .add_run(run(" —", "宋体", SIZE_4)),
    );
    let margins = || {
        PageMargin::new()
            .top(mm(37.0))
            .bottom(mm(35.0))
            .left(mm(28.0))
            .right(mm(26.0))
            .header(mm(15.0))
            .footer(mm(25.0))
    };
    let mut parts = vec![Pages::default()];
    let mut add = |item: Item| parts.last_mut().expect("one part at least").items.push(item);
    add(para(centered(&doc.title, TITLE_FONT, SIZE_2).line_spacing(LineSpacing::new().after(600))));
    add(para(exact_line(Paragraph::new().add_run(run(&doc.addressees, BODY_FONT, SIZE_3)))));
    for block in &doc.blocks {
        match block {
            Block::Heading { level, text } => {
                add(para(body(text, if *level == 1 { HEADING_FONT } else { SUBHEADING_FONT }).keep_next(true)))
            }
            Block::Paragraph { text, .. } => {
                for paragraph in body_lines(text) {
                    add(para(paragraph));
                }
            }
            Block::Chart(chart) => {
                let Some(image) = images.iter().find(|i| i.id == chart.id) else {
                    return Err(format!("缺少图表“{}”的图片，无法导出。", chart.caption));
                };
                let height = (CHART_WIDTH_EMU as u64 * image.height as u64 / image.width.max(1) as u64) as u32;
                let pic = Pic::new_with_dimensions(image.png.clone(), image.width, image.height)
                    .size(CHART_WIDTH_EMU, height);
                add(para(
                    Paragraph::new().add_run(Run::new().add_image(pic)).align(AlignmentType::Center).keep_next(true),
                ));
                add(para(centered(&chart.caption, BODY_FONT, SIZE_4)));
            }
            Block::Table(spec) => {
                add(para(centered(&spec.caption, HEADING_FONT, SIZE_4)));
                add(Item::Table(Box::new(table(spec, SIZE_5))));
            }
        }
    }
    let right =
        |text: &str| exact_line(Paragraph::new().add_run(run(text, BODY_FONT, SIZE_3)).align(AlignmentType::Right));
    add(para(Paragraph::new()));
    add(para(right(&doc.signature)));
    if !doc.date.is_empty() {
        add(para(right(&doc.date)));
    }
    for (index, attachment) in doc.attachments.iter().enumerate() {
        // Each attachment on a new page: a page break, or a new section when it turns the
        // page (a section starts on a new page).
        let wide = landscape(attachment);
        if parts.last().is_some_and(|p| p.landscape == wide) {
            parts
                .last_mut()
                .expect("one part")
                .items
                .push(para(Paragraph::new().add_run(Run::new().add_break(BreakType::Page))));
        } else {
            parts.push(Pages { landscape: wide, items: Vec::new() });
        }
        let items = &mut parts.last_mut().expect("one part").items;
        items.push(para(exact_line(Paragraph::new().add_run(run(
            &format!("附件{}", index + 1),
            HEADING_FONT,
            SIZE_3,
        )))));
        items.push(para(
            centered(&attachment.caption, TITLE_FONT, SIZE_3).line_spacing(LineSpacing::new().before(200).after(200)),
        ));
        items.push(Item::Table(Box::new(table(attachment, SIZE_5))));
    }
    let (portrait, wide) = ((11906, 16838), (16838, 11906));
    let orient =
        |landscape: bool| if landscape { PageOrientationType::Landscape } else { PageOrientationType::Portrait };
    let size = |landscape: bool| if landscape { wide } else { portrait };
    let last = parts.pop().expect("one part at least");
    let mut docx = Docx::new()
        .page_size(size(last.landscape).0, size(last.landscape).1)
        .page_orient(orient(last.landscape))
        .page_margin(margins())
        .default_fonts(fonts(BODY_FONT))
        .default_size(SIZE_3)
        .footer(footer.clone());
    // Every part but the last is a section of its own; the last is the document's.
    for part in parts {
        let (w, h) = size(part.landscape);
        let mut section = Section::new()
            .page_size(PageSize::new().size(w, h).orient(orient(part.landscape)))
            .page_margin(margins())
            .footer(footer.clone());
        for item in part.items {
            section = match item {
                Item::Paragraph(p) => section.add_paragraph(*p),
                Item::Table(t) => section.add_table(*t),
            };
        }
        docx = docx.add_section(section);
    }
    for item in last.items {
        docx = match item {
            Item::Paragraph(p) => docx.add_paragraph(*p),
            Item::Table(t) => docx.add_table(*t),
        };
    }
    let mut bytes = std::io::Cursor::new(Vec::new());
    docx.build().pack(&mut bytes).map_err(|e| format!("Word 文件生成失败：{e}"))?;
    Ok(bytes.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Cell, ChartKind, ChartSpec, Series};

    /// The smallest valid PNG (1×1, transparent).
    const PNG: [u8; 67] = [
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00,
        0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00,
        0x0a, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x00, 0x01, 0x00, 0x00, 0x05, 0x00, 0x01, 0x0d, 0x0a, 0x2d,
        0xb4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
    ];

    #[test]
    fn every_attachment_column_holds_its_widest_cell_on_one_line() {
        // The sample's attachments, whose 附件2 puts long unit names beside 100% columns.
        let options = crate::sample::SampleOptions { scale: 0.05, ..Default::default() };
        let analysis = crate::analyze_sample(&options, &crate::Settings::default(), &mut |_, _, _| {}).unwrap();
        // At 五号 (10.5 pt) a digit is about 105 twips wide, % and CJK characters 210.
        let twips = |text: &str| -> usize {
            text.chars().map(|c| if c.is_ascii_digit() || c == '.' { 105 } else { 210 }).sum()
        };
        let turned: Vec<&str> =
            analysis.document.attachments.iter().filter(|s| landscape(s)).map(|s| s.caption.as_str()).collect();
        assert_eq!(turned.len(), 1, "only the scorecard is too wide for portrait: {turned:?}");
        assert!(turned[0].contains("考核表"));
        for spec in &analysis.document.attachments {
            let widths = column_widths(spec);
            assert!(widths.iter().sum::<usize>() <= text_width_of(spec), "{}", spec.caption);
            for (column, width) in widths.iter().enumerate() {
                let widest =
                    spec.rows.iter().filter_map(|r| r.get(column)).map(|c| c.display()).filter(|t| t.is_ascii());
                for text in widest {
                    assert!(CELL_MARGINS_TWIPS + twips(&text) <= *width, "{}: “{text}” in {width} twips", spec.caption);
                }
            }
        }
    }

    fn document() -> Document {
        Document {
            title: "关于2021年1月份群众诉求分析研判情况的通报".into(),
            addressees: "各有关单位：".into(),
            blocks: vec![
                Block::Heading { level: 1, text: "一、诉求量情况".into() },
                Block::Paragraph { id: "p".into(), text: "共收到群众诉求63470宗。".into(), links: vec![] },
                Block::Chart(ChartSpec {
                    id: "c".into(),
                    caption: "2021年1月份群众诉求数据图分布".into(),
                    kind: ChartKind::Bar,
                    categories: vec!["群众来电".into()],
                    series: vec![Series { name: "本月".into(), values: vec![60311], selections: vec![] }],
                    unit: "宗".into(),
                }),
            ],
            signature: "湛江市12345市民服务热线领导小组办公室".into(),
            date: "2021年2月8日".into(),
            attachments: vec![TableSpec {
                id: "t".into(),
                caption: "单位工单量前十统计表".into(),
                header: vec!["排名".into(), "单位".into(), "办结率".into(), "满意率".into()],
                rows: vec![vec![
                    Cell::ordinal(1),
                    Cell::text("廉江市人民政府"),
                    Cell::percent(Some(9479)),
                    Cell::percent(None),
                ]],
            }],
        }
    }

    fn unzip_document_xml(bytes: &[u8]) -> String {
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut archive.by_name("word/document.xml").unwrap(), &mut xml).unwrap();
        xml
    }

    #[test]
    fn the_docx_holds_the_text_the_image_and_the_attachment_table() {
        let image = ChartImage { id: "c".into(), png: PNG.to_vec(), width: 1, height: 1 };
        let bytes = render(&document(), &[image]).unwrap();
        assert_eq!(&bytes[..2], b"PK");
        let xml = unzip_document_xml(&bytes);
        for text in [
            "关于2021年1月份群众诉求分析研判情况的通报",
            "共收到群众诉求63470宗。",
            "2021年1月份群众诉求数据图分布",
            "廉江市人民政府",
            ">94.79%<",
            ">—<",
            "2021年2月8日",
            "附件1",
        ] {
            assert!(xml.contains(text), "document.xml lacks {text}");
        }
        assert!(xml.contains("<w:drawing>"), "the chart is embedded as a drawing");
        assert!(xml.contains("<w:tbl>"), "the attachment is a table");
        assert!(xml.contains("仿宋_GB2312") && xml.contains("黑体"));
    }

    #[test]
    fn a_missing_chart_image_is_an_error_naming_the_chart() {
        let error = render(&document(), &[]).unwrap_err();
        assert!(error.contains("2021年1月份群众诉求数据图分布"), "{error}");
    }
}
