//! What went wrong with an input file, and where: every message names the file and, where
//! it applies, the row and column, in Chinese for the analyst.

use serde::Serialize;

use super::columns::MappedColumn;

/// An error reading a file: its details boxed, as `csv::Error` boxes its kind, so a
/// `Result` of the readers stays a word wide on the hot path (the details are 150 bytes).
/// Its fields are read and set through `Deref` as if it were the details themselves.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub struct IngestError(Box<Details>);

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Details {
    pub file: String,
    /// 1-based row as a spreadsheet program shows it.
    pub row: Option<u64>,
    pub column: Option<String>,
    pub kind: ErrorKind,
    /// For workbooks without a ticket sheet: the sheets that were searched.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sheets: Vec<String>,
    /// For a header that lacks a required field: its columns as mapped, so the page can
    /// offer to map one of them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub columns: Vec<MappedColumn>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", content = "detail", rename_all = "snake_case")]
pub enum ErrorKind {
    /// The file holds no bytes at all.
    Empty,
    /// No row within the first rows names enough ticket fields.
    NoHeader { searched_rows: u64 },
    /// The header was found but a field the report cannot do without is absent.
    MissingField { field: String },
    /// A header row but not a single data row.
    NoRows,
    /// Bytes that are not text in a supported encoding.
    Encoding,
    /// A row still without its end after `limit_mb` MB: no export's row, a damaged file.
    RowTooLong { limit_mb: u64 },
    /// From this row on the text is not in the file's encoding: bytes it cannot decode,
    /// or (`utf8_follows`) UTF-8 lines after GBK ones.
    BadText { encoding: String, utf8_follows: bool },
    /// The CSV reader itself failed (e.g. an I/O error while reading).
    Read { detail: String },
    /// A known kind of file that is no export (a PDF, a picture, an archive).
    NotAnExport { what: String },
    /// A workbook that cannot be opened (password, damage).
    Workbook { detail: String },
    /// More rows than the memory of one analysis holds (see `Loader::check_memory`).
    TooLarge { held_bytes: u64 },
    /// A workbook part that inflates beyond what it may (boxed: errors stay small).
    WorkbookTooLarge(Box<PartTooLarge>),
    /// A workbook cell (or shared string) longer than a cell may be.
    CellTooLong { max_chars: u64 },
    /// A workbook whose contents are damaged (compressed data or checksums wrong, XML
    /// broken off): what and where.
    Damaged { detail: String },
}

/// A workbook part that inflates past `limit_bytes`: from `compressed_bytes` in the zip (a
/// zip bomb, or damage) or, when that is None, past what the memory of one analysis holds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartTooLarge {
    /// The part as the message names it (工作表“明细”).
    pub part: String,
    pub limit_bytes: u64,
    pub compressed_bytes: Option<u64>,
}

impl std::ops::Deref for IngestError {
    type Target = Details;
    fn deref(&self) -> &Details {
        &self.0
    }
}

impl std::ops::DerefMut for IngestError {
    fn deref_mut(&mut self) -> &mut Details {
        &mut self.0
    }
}

impl IngestError {
    pub fn new(file: &str, kind: ErrorKind) -> IngestError {
        let details =
            Details { file: file.to_string(), row: None, column: None, kind, sheets: Vec::new(), columns: Vec::new() };
        IngestError(Box::new(details))
    }

    pub fn at_row(mut self, row: u64) -> IngestError {
        self.row = Some(row);
        self
    }

    pub fn in_sheets(mut self, sheets: Vec<String>) -> IngestError {
        self.sheets = sheets;
        self
    }

    pub fn with_columns(mut self, columns: Vec<MappedColumn>) -> IngestError {
        self.columns = columns;
        self
    }

    pub fn message(&self) -> String {
        let mut place = format!("文件「{}」", self.file);
        if let Some(row) = self.row {
            place.push_str(&format!("第{row}行"));
        }
        if let Some(column) = &self.column {
            place.push_str(&format!("「{column}」列"));
        }
        let what = match &self.kind {
            ErrorKind::Empty => "是空文件，没有任何内容。".to_string(),
            ErrorKind::NoHeader { searched_rows } if !self.sheets.is_empty() => format!(
                "：工作表{}的前{searched_rows}行中都找不到工单表头（例如“受理时间”“诉求类型”“诉求渠道”）。请确认这是12345工单明细导出文件。",
                self.sheets.iter().map(|s| format!("“{s}”")).collect::<Vec<_>>().join("、")
            ),
            ErrorKind::NoHeader { searched_rows } => format!(
                "：前{searched_rows}行中找不到工单表头（例如“受理时间”“诉求类型”“诉求渠道”）。请确认这是12345工单明细导出文件。"
            ),
            ErrorKind::MissingField { field } => format!("：缺少“{field}”列，无法统计。请在“文件与列对应”中（命令行用 --mapping）指定哪一列是“{field}”。"),
            ErrorKind::NoRows => "：只有表头，没有工单数据行。".to_string(),
            ErrorKind::Encoding => "：内容不是可识别的文本或表格（支持 Excel 工作簿 .xlsx/.xls，以及 UTF-8、GBK、UTF-16 编码的 CSV/TSV）。".to_string(),
            ErrorKind::RowTooLong { limit_mb } => format!(
                "：这一行超过 {limit_mb} MB 仍没有结束（没有换行），不像是工单导出文件的一行，文件可能已损坏或不是表格，没有继续读取。请重新从热线系统导出。"
            ),
            ErrorKind::BadText { encoding, utf8_follows: true } => format!(
                "：从这一行起文字是 UTF-8 编码，而前面的行是 {encoding} 编码，像是两个不同编码的文件被拼在了一起。为免把文字读成乱码，没有继续读取。请把整个文件另存为同一种编码（如 Excel/WPS 的“CSV UTF-8”）后再分析。"
            ),
            ErrorKind::BadText { encoding, utf8_follows: false } => format!(
                "：这一行含有不是 {encoding} 编码的字节，而前面的行是 {encoding} 编码，可能混入了其他编码的内容或文件已损坏。为免把文字读成乱码，没有继续读取。请把整个文件另存为同一种编码（如 Excel/WPS 的“CSV UTF-8”）后再分析。"
            ),
            ErrorKind::NotAnExport { what } => format!("是{what}，不是工单导出表格。请选择从热线系统导出的 Excel 或 CSV 文件。"),
            ErrorKind::Workbook { detail } => format!("无法打开：{detail}。"),
            ErrorKind::Read { detail } => format!("：读取失败（{detail}）。"),
            ErrorKind::TooLarge { held_bytes } => format!(
                "：文件太大，读到这一行时工单表已占用约 {}，再读下去将超出浏览器中一次分析所能使用的内存，无法继续。请把文件按时间拆成几个较小的文件（例如每次一年的工单）分别分析。",
                size_text(*held_bytes)
            ),
            ErrorKind::WorkbookTooLarge(too_large) => match too_large.as_ref() {
                PartTooLarge { part, limit_bytes, compressed_bytes: Some(compressed) } => format!(
                    "：文件太大，其中的{part}解压后超过 {}，而它在压缩包里只有 {}。正常导出的工作簿压缩不到这种程度，这个文件可能已损坏或是被刻意构造的，无法读取。请从热线系统重新导出。",
                    exact_size_text(*limit_bytes),
                    exact_size_text(*compressed)
                ),
                PartTooLarge { part, limit_bytes, compressed_bytes: None } => format!(
                    "：文件太大，其中的{part}解压后超过 {}，超出浏览器中一次分析所能使用的内存，无法继续。请把文件按时间拆成几个较小的文件（例如每次一年的工单）分别分析。",
                    exact_size_text(*limit_bytes)
                ),
            },
            ErrorKind::CellTooLong { max_chars } => format!(
                "：有一格文字超过 {max_chars} 个字符（Excel 的一格最多容纳 32767 个字符），文件可能已损坏或不是用 Excel 保存的，无法读取。请在 Excel 中打开检查这一行，另存后再试。"
            ),
            ErrorKind::Damaged { detail } => format!(
                "已损坏（{detail}），无法读取。请重新从热线系统导出，或重新下载、复制这个文件后再试。"
            ),
        };
        format!("{place}{what}")
    }
}

/// A size as the message says it: `1.5 GB`, `300 MB`.
fn size_text(bytes: u64) -> String {
    const MB: f64 = (1u64 << 20) as f64;
    let mb = bytes as f64 / MB;
    if mb >= 1024.0 {
        format!("{:.1} GB", mb / 1024.0)
    } else {
        format!("{} MB", mb.round())
    }
}

/// A size as a message says it, small ones too: `512 KB`, `64 MB`, `1.5 GB`.
fn exact_size_text(bytes: u64) -> String {
    if bytes < 1 << 20 {
        format!("{} KB", bytes.div_ceil(1024))
    } else {
        size_text(bytes)
    }
}

impl std::fmt::Display for IngestError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for IngestError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_in_megabytes_or_gigabytes() {
        assert_eq!(size_text(300 << 20), "300 MB");
        assert_eq!(size_text(3 << 30), "3.0 GB");
        assert_eq!(size_text((5 << 29) + (1 << 20)), "2.5 GB");
    }

    #[test]
    fn messages_name_file_row_and_column() {
        let mut error = IngestError::new("一月.csv", ErrorKind::MissingField { field: "受理时间".into() }).at_row(2);
        assert_eq!(
            error.message(),
            "文件「一月.csv」第2行：缺少“受理时间”列，无法统计。请在“文件与列对应”中（命令行用 --mapping）指定哪一列是“受理时间”。"
        );
        error.column = Some("受理时间".into());
        assert!(error.message().starts_with("文件「一月.csv」第2行「受理时间」列"));
    }
}
