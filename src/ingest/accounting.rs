//! Where every input row went: accepted, rejected (with its reason and place), a duplicate,
//! or outside the statistical months. The four always add up to the rows read.

use serde::Serialize;

/// Rejected rows kept in full for the download; beyond this only the count grows.
pub const MAX_REJECTED_DETAILS: usize = 20_000;
/// And no more than this much of their text: a damaged file's rows can be very wide.
pub const MAX_REJECTED_BYTES: usize = 32 << 20;
/// What a kept row's reason and place hold besides its cells, about.
const REASON_BYTES: usize = 64;

#[derive(Debug, Clone, Default, Serialize)]
pub struct Accounting {
    /// Data rows read below the header rows, blank and total rows included.
    pub input_rows: u64,
    /// Rows in the current or previous statistical month, used by the report.
    pub accepted: u64,
    pub rejected: u64,
    pub duplicates: u64,
    pub outside_period: u64,
    pub rejected_rows: Vec<RejectedRow>,
    /// Text held by `rejected_rows`.
    #[serde(skip)]
    rejected_bytes: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RejectedRow {
    pub file: String,
    pub row: u64,
    pub column: String,
    pub reason: RejectReason,
    /// The row's cells as read, so the analyst can fix and reload it.
    pub cells: Vec<String>,
}

/// Why a row was refused, as a code with its parameters; the sentence and the short kind
/// the page counts rows by are written here, once.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(tag = "code", content = "params", rename_all = "snake_case")]
pub enum RejectReason {
    BlankRow,
    /// A 合计/总计 row under the data.
    TotalRow,
    /// The row ends before the intake-time column.
    TooFewColumns {
        cells: usize,
        header_columns: usize,
    },
    UnreadableIntakeTime {
        text: String,
    },
    /// A cell opens a quote that never closes as a cell does.
    UnclosedQuote,
    /// A NUL byte: the file is probably damaged here.
    NulByte,
}

impl RejectReason {
    /// The reason as the analyst reads it, with its details.
    pub fn text(&self) -> String {
        match self {
            RejectReason::BlankRow => "空行".into(),
            RejectReason::TotalRow => "合计行（不是工单）".into(),
            RejectReason::TooFewColumns { cells, header_columns } => {
                format!("本行只有{cells}列（表头有{header_columns}列），缺少“受理时间”")
            }
            RejectReason::UnreadableIntakeTime { text } => format!("受理时间无法识别：“{text}”"),
            RejectReason::UnclosedQuote => "引号没有闭合：这一格以英文双引号开头，却没有相应的结束引号，本行按原样拒收，下一行照常读取（请检查原文件此处的英文双引号）".into(),
            RejectReason::NulByte => "含有空字符（NUL，字节 0）：文件此处可能已损坏，本行拒收".into(),
        }
    }

    /// The kind of reason without its details, as the page's summary counts rows by it.
    pub fn kind(&self) -> &'static str {
        match self {
            RejectReason::BlankRow => "空行",
            RejectReason::TotalRow => "合计行",
            RejectReason::TooFewColumns { .. } => "列数不足",
            RejectReason::UnreadableIntakeTime { .. } => "受理时间无法识别",
            RejectReason::UnclosedQuote => "引号没有闭合",
            RejectReason::NulByte => "含有空字符",
        }
    }
}

/// A rejected row as it crosses to the page: its reason as data (`reason.code`,
/// `reason.params`), with the kind and the sentence to show.
impl Serialize for RejectedRow {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Shown<'a> {
            file: &'a str,
            row: u64,
            column: &'a str,
            reason: &'a RejectReason,
            kind: &'static str,
            text: String,
            cells: &'a [String],
        }
        let RejectedRow { file, row, column, reason, cells } = self;
        Shown { file, row: *row, column, reason, kind: reason.kind(), text: reason.text(), cells }.serialize(serializer)
    }
}

impl Accounting {
    pub fn reject(&mut self, row: RejectedRow) {
        self.reject_with(|| row);
    }

    /// Counts a rejected row, made by `row` only while the list has room for it.
    pub fn reject_with(&mut self, row: impl FnOnce() -> RejectedRow) {
        self.rejected += 1;
        if self.rejected_rows.len() < MAX_REJECTED_DETAILS && self.rejected_bytes < MAX_REJECTED_BYTES {
            let row = row();
            self.rejected_bytes += REASON_BYTES + row.cells.iter().map(String::len).sum::<usize>();
            self.rejected_rows.push(row);
        }
    }

    pub fn balances(&self) -> bool {
        self.input_rows == self.accepted + self.rejected + self.duplicates + self.outside_period
    }

    /// The rejected rows as CSV (UTF-8 with BOM so Excel opens it in Chinese): where, why,
    /// then the row's own cells one per column so it can be fixed and loaded again. Cells
    /// that a spreadsheet would run as formulas are neutralised.
    pub fn rejected_csv(&self) -> String {
        let widest = self.rejected_rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
        let mut header: Vec<String> = ["文件", "行号", "列", "原因"].iter().map(|s| s.to_string()).collect();
        header.extend((1..=widest).map(|i| format!("原第{i}列")));
        let mut writer = csv::WriterBuilder::new().flexible(true).from_writer(Vec::new());
        let _ = writer.write_record(&header);
        for row in &self.rejected_rows {
            let mut record =
                vec![safe_cell(&row.file), row.row.to_string(), safe_cell(&row.column), safe_cell(&row.reason.text())];
            record.extend(row.cells.iter().map(|c| safe_cell(c)));
            let _ = writer.write_record(&record);
        }
        let left_out = self.rejected - self.rejected_rows.len() as u64;
        if left_out > 0 {
            let note = format!(
                "（本清单只列出前{}行拒收行，另有{left_out}行拒收行未列出；共拒收{}行）",
                self.rejected_rows.len(),
                self.rejected
            );
            let _ = writer.write_record([note.as_str()]);
        }
        let bytes = writer.into_inner().unwrap_or_default();
        format!("\u{feff}{}", String::from_utf8_lossy(&bytes))
    }
}

/// A cell starting with = + - @ would run as a formula in Excel: prefix it with a quote.
pub fn safe_cell(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised() {
        assert_eq!(safe_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(safe_cell("+86"), "'+86");
        assert_eq!(safe_cell("正常"), "正常");
    }

    #[test]
    fn a_capped_rejected_list_says_how_many_it_left_out() {
        let mut accounting = Accounting::default();
        for row in 0..MAX_REJECTED_DETAILS as u64 + 5_000 {
            let reason = RejectReason::BlankRow;
            accounting.reject(RejectedRow { file: "a.csv".into(), row, column: String::new(), reason, cells: vec![] });
        }
        let csv = accounting.rejected_csv();
        assert_eq!(csv.lines().count(), 1 + MAX_REJECTED_DETAILS + 1);
        let last = csv.lines().last().unwrap();
        assert_eq!(last, "（本清单只列出前20000行拒收行，另有5000行拒收行未列出；共拒收25000行）");
        let mut small = Accounting::default();
        small.reject(RejectedRow {
            file: "a.csv".into(),
            row: 2,
            column: String::new(),
            reason: RejectReason::BlankRow,
            cells: vec![],
        });
        assert!(!small.rejected_csv().contains("未列出"));
    }

    #[test]
    fn wide_rejected_rows_are_kept_only_within_their_byte_budget() {
        let mut accounting = Accounting::default();
        let cell = "x".repeat(1 << 20);
        for row in 0..100 {
            let reason = RejectReason::UnreadableIntakeTime { text: "?".into() };
            accounting.reject(RejectedRow {
                file: "a".into(),
                row,
                column: String::new(),
                reason,
                cells: vec![cell.clone()],
            });
        }
        assert_eq!(accounting.rejected, 100);
        assert_eq!(accounting.rejected_rows.len(), MAX_REJECTED_BYTES >> 20);
        assert!(accounting.rejected_csv().trim_end().ends_with("另有68行拒收行未列出；共拒收100行）"));
    }

    #[test]
    fn rejected_csv_lists_each_row_with_its_reason() {
        let mut accounting = Accounting::default();
        accounting.reject(RejectedRow {
            file: "a.csv".into(),
            row: 7,
            column: "受理时间".into(),
            reason: RejectReason::UnreadableIntakeTime { text: "明天".into() },
            cells: vec!["=1+1".into(), "明天".into()],
        });
        let csv = accounting.rejected_csv();
        assert!(csv.starts_with('\u{feff}'));
        assert!(csv.starts_with("\u{feff}文件,行号,列,原因,原第1列,原第2列\n"), "{csv}");
        assert!(csv.contains("a.csv,7,受理时间,受理时间无法识别：“明天”,'=1+1,明天"), "{csv}");
        assert_eq!(accounting.rejected, 1);
    }

    #[test]
    fn a_rejected_row_crosses_with_its_reason_code_kind_and_sentence() {
        let row = RejectedRow {
            file: "a.csv".into(),
            row: 9,
            column: "受理时间".into(),
            reason: RejectReason::TooFewColumns { cells: 3, header_columns: 12 },
            cells: vec!["1".into()],
        };
        let json = serde_json::to_value(&row).unwrap();
        assert_eq!(
            json["reason"],
            serde_json::json!({ "code": "too_few_columns", "params": { "cells": 3, "header_columns": 12 } })
        );
        assert_eq!(json["kind"], "列数不足");
        assert_eq!(json["text"], "本行只有3列（表头有12列），缺少“受理时间”");
        assert_eq!(json["row"], 9);
        assert_eq!(json["cells"], serde_json::json!(["1"]));
    }
}
