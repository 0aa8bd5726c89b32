//! Figures computed elsewhere (a province's Spark or DuckDB running `src/sql/`, or another
//! copy of this tool) turned into the report: the same `report::build` the tickets' figures
//! go through, so the letter cannot differ from one made here from the same numbers.

use serde::Serialize;

use crate::notice::{Notice, NoticeKind};
use crate::period::Period;
use crate::report::{self, Document};
use crate::settings::Settings;
use crate::stats::Figures;

/// What the page shows for imported figures: an analysis without tickets, files or
/// accounting (`imported` tells the page so).
#[derive(Debug, Clone, Serialize)]
pub struct Imported {
    pub imported: bool,
    pub period: Period,
    pub previous: Option<Period>,
    pub figures: Figures,
    pub document: Document,
    pub notices: Vec<Notice>,
    pub period_label: String,
    pub previous_label: Option<String>,
}

/// The page's import of a figures file named `file`: the report and its notices, the first
/// saying where the numbers came from.
pub fn import(file: &str, json: &str, settings: &Settings) -> Result<Imported, String> {
    let (figures, document, mut notices) =
        report_from_figures(json, settings).map_err(|e| format!("「{file}」：{e}"))?;
    let document = document.without_links();
    notices.insert(0, NoticeKind::ImportedFigures { file: file.to_string() }.into());
    Ok(Imported {
        imported: true,
        period: figures.period,
        previous: figures.previous,
        period_label: crate::analysis::period_label(&figures.period),
        previous_label: figures.previous.as_ref().map(crate::analysis::period_dates),
        figures,
        document,
        notices,
    })
}

/// The report from figures JSON: a bare `Figures` object (what `scripts/figures_sql.py`
/// writes) or a whole analysis (`hotline report --json`), whose `figures` are taken.
pub fn report_from_figures(json: &str, settings: &Settings) -> Result<(Figures, Document, Vec<Notice>), String> {
    let figures = parse(json)?;
    let mut notices = Vec::new();
    let document = report::build(&figures, settings, &mut notices);
    Ok((figures, document, notices))
}

/// Figures from JSON, with a message saying where and what is wrong.
pub fn parse(json: &str) -> Result<Figures, String> {
    let value: serde_json::Value = serde_json::from_str(json)
        .map_err(|e| format!("统计结果文件不是有效的 JSON：第 {} 行第 {} 列（{e}）。", e.line(), e.column()))?;
    let value = match value.get("figures") {
        Some(inner) if value.get("intake").is_none() => inner.clone(),
        _ => value,
    };
    serde_path_to_error::deserialize(value).map_err(|e| {
        let detail = e.inner().to_string();
        let place = match e.path().to_string() {
            path if path == "." => "最外层".to_string(),
            path => format!("“{path}”处"),
        };
        let what = match detail.strip_prefix("missing field `").and_then(|d| d.split('`').next()) {
            Some(field) => format!("缺少字段“{field}”"),
            None => format!("取值不符（{detail}）"),
        };
        format!("统计结果文件{place}{what}。它应是本工具或随附 SQL 算出的统计结果（figures.json）。")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_broken_or_foreign_file_is_named_for_what_is_wrong() {
        let settings = Settings::default();
        let bad = report_from_figures("{\"period\": 3", &settings).unwrap_err();
        assert!(bad.starts_with("统计结果文件不是有效的 JSON：第 1 行"), "{bad}");
        let foreign =
            report_from_figures(r#"{"period": {"month": {"year": 2021, "month": 1}}}"#, &settings).unwrap_err();
        assert!(foreign.starts_with("统计结果文件“period”处缺少字段“start”"), "{foreign}");
        let empty = report_from_figures("{}", &settings).unwrap_err();
        assert!(empty.starts_with("统计结果文件最外层缺少字段“period”"), "{empty}");
        let wrong = report_from_figures(r#"{"period": 3}"#, &settings).unwrap_err();
        assert!(wrong.starts_with("统计结果文件“period”处取值不符"), "{wrong}");
    }
}
