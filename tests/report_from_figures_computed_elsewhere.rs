//! A province computes the figures on its own engine and brings them back: the JSON alone,
//! without the tickets or their selections, gives the same letter, Word file and workbook.

use hotline_analyzer::imported::report_from_figures;
use hotline_analyzer::report::{docx, text, xlsx};
use hotline_analyzer::sample::SampleOptions;
use hotline_analyzer::{analyze_sample, Settings};

mod figures_json;
use figures_json::without_selections;

#[test]
fn figures_without_their_tickets_give_the_golden_report() {
    let settings = Settings::default();
    let analysis = analyze_sample(&SampleOptions::default(), &settings, &mut |_, _, _| {}).unwrap();
    let json = without_selections(&serde_json::to_value(&analysis.figures).unwrap());
    assert!(!json.to_string().contains("selection"));

    let (_, document, _) = report_from_figures(&json.to_string(), &settings).unwrap();
    let golden = std::fs::read_to_string("tests/reference/golden-report.txt").unwrap();
    assert_eq!(text::render(&document), golden);
    // The attachment tables print the same cells, only without links to open.
    let printed = |tables: &[hotline_analyzer::report::TableSpec]| -> Vec<(String, Vec<String>, Vec<Vec<String>>)> {
        tables
            .iter()
            .map(|t| {
                (
                    t.caption.clone(),
                    t.header.clone(),
                    t.rows.iter().map(|r| r.iter().map(|c| c.display().into_owned()).collect()).collect(),
                )
            })
            .collect()
    };
    assert!(document.attachments.len() >= 5);
    assert_eq!(printed(&document.attachments), printed(&analysis.document.attachments));
    let workbook = xlsx::render(&document.attachments).unwrap();
    assert_eq!(&workbook[..2], b"PK");
}

#[test]
fn the_command_lines_word_file_prints_each_chart_as_its_table() {
    let settings = Settings::default();
    let analysis = analyze_sample(&SampleOptions::default(), &settings, &mut |_, _, _| {}).unwrap();
    let (_, document, _) = report_from_figures(&serde_json::to_string(&analysis.figures).unwrap(), &settings).unwrap();
    let bytes = docx::render_charts_as_tables(&document).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut body = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("word/document.xml").unwrap(), &mut body).unwrap();
    // The first chart's caption, and its values as table cells: 群众来电 with 60311.
    assert!(body.contains("2021年1月份群众诉求数据图分布"));
    assert!(body.contains("群众来电") && body.contains(">60311<"), "the chart's values are not in a table");
    assert!(!body.contains("<pic:pic"), "no drawings without a browser");
    // The same document with the page's drawings refuses to go without them.
    assert!(docx::render(&document, &[]).unwrap_err().contains("缺少图表"));
}
