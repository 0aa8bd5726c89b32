//! The sample in the shapes real exports come in, for tests and the dialect benchmark:
//! each format rewrites the reference export (UTF-8 CSV with the reference headers) into
//! one trait real systems have — other ids, time forms, quoting, headers, category
//! columns, encodings, workbooks. The tickets stay the same; `keeps_the_figures` says
//! whether the reference report comes out unchanged. `make bench` times every format.

use std::io::{self, Write};

use encoding_rs::GB18030;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

use super::{csv_bytes, SampleOptions};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SampleFormat {
    /// UTF-8 with BOM, the reference format.
    Csv,
    /// Ids with a letter prefix (`ZJ201121000001`).
    LetterIds,
    /// Ids in dash-separated parts (`GD-4408-20201121-000001`).
    DashedIds,
    /// Times as `2020/11/21 0:07`, without seconds.
    SlashTimes,
    /// Times as `2020年11月21日 0时07分`.
    ChineseTimes,
    /// Times as Excel serial day numbers in the CSV (`44156.00489583333`).
    SerialTimes,
    /// Every field quoted, CRLF line ends, content with commas, quotes and line breaks.
    QuotedCrlf,
    /// 12345-prefixed and other synonym headers, and twelve columns the analysis does not
    /// read (42 in all).
    WideHeaders,
    /// One category-path column (`人力资源/社会保险/养老保险`, with five separators) instead
    /// of three level columns.
    CategoryPath,
    /// One DB44/T 2479 code column instead of three level columns.
    Db44Codes,
    /// GBK (GB18030) with a title row above the header, as Chinese Windows exports.
    GbkCsv,
    /// UTF-16 (little-endian, BOM) tab-separated, as Excel's "Unicode text".
    Utf16Tsv,
    /// XLSX with a title row, times as Excel date cells, text in the shared-string table.
    Xlsx,
    /// The same workbook with every text written inline in the sheet (`inlineStr`), as
    /// streaming writers do.
    XlsxInline,
}

impl SampleFormat {
    pub const ALL: [SampleFormat; 14] = [
        SampleFormat::Csv,
        SampleFormat::LetterIds,
        SampleFormat::DashedIds,
        SampleFormat::SlashTimes,
        SampleFormat::ChineseTimes,
        SampleFormat::SerialTimes,
        SampleFormat::QuotedCrlf,
        SampleFormat::WideHeaders,
        SampleFormat::CategoryPath,
        SampleFormat::Db44Codes,
        SampleFormat::GbkCsv,
        SampleFormat::Utf16Tsv,
        SampleFormat::Xlsx,
        SampleFormat::XlsxInline,
    ];

    /// The name `hotline sample --format` takes.
    pub fn name(self) -> &'static str {
        match self {
            SampleFormat::Csv => "csv",
            SampleFormat::LetterIds => "letter-ids",
            SampleFormat::DashedIds => "dashed-ids",
            SampleFormat::SlashTimes => "slash-times",
            SampleFormat::ChineseTimes => "chinese-times",
            SampleFormat::SerialTimes => "serial-times",
            SampleFormat::QuotedCrlf => "quoted-crlf",
            SampleFormat::WideHeaders => "wide-headers",
            SampleFormat::CategoryPath => "category-path",
            SampleFormat::Db44Codes => "db44-codes",
            SampleFormat::GbkCsv => "gbk",
            SampleFormat::Utf16Tsv => "utf16-tsv",
            SampleFormat::Xlsx => "xlsx",
            SampleFormat::XlsxInline => "xlsx-inline",
        }
    }

    /// What the format stands for, as BENCHMARKS.md's dialect table names it.
    pub fn label(self) -> &'static str {
        match self {
            SampleFormat::Csv => "参考格式（UTF-8 CSV）",
            SampleFormat::LetterIds => "字母前缀编号 ZJ…",
            SampleFormat::DashedIds => "分段编号 GD-4408-…",
            SampleFormat::SlashTimes => "时间 2021/1/5 10:23",
            SampleFormat::ChineseTimes => "时间 2021年1月5日 10时23分",
            SampleFormat::SerialTimes => "CSV 中的 Excel 序列日期",
            SampleFormat::QuotedCrlf => "全部加引号、CRLF、内容含逗号引号换行",
            SampleFormat::WideHeaders => "12345前缀等同义表头，另有12列不用的列（共42列）",
            SampleFormat::CategoryPath => "分类路径一列",
            SampleFormat::Db44Codes => "DB44/T 2479 分类编码一列",
            SampleFormat::GbkCsv => "GBK，带标题行",
            SampleFormat::Utf16Tsv => "UTF-16 制表符分隔",
            SampleFormat::Xlsx => "XLSX，共享字符串",
            SampleFormat::XlsxInline => "XLSX，内联字符串",
        }
    }

    pub fn parse(name: &str) -> Option<SampleFormat> {
        SampleFormat::ALL.into_iter().find(|f| f.name() == name)
    }

    /// The file name's ending.
    pub fn extension(self) -> &'static str {
        match self {
            SampleFormat::Utf16Tsv => "tsv",
            SampleFormat::Xlsx | SampleFormat::XlsxInline => "xlsx",
            _ => "csv",
        }
    }

    pub fn is_workbook(self) -> bool {
        matches!(self, SampleFormat::Xlsx | SampleFormat::XlsxInline)
    }

    /// Whether the analysis gives the reference report (with the ids as this format writes
    /// them). Only DB44 codes change it: they name the standard's categories, not the
    /// sample's. (Times without seconds could move a ticket closed within the minute of
    /// its deadline; the sample has none.)
    pub fn keeps_the_figures(self) -> bool {
        self != SampleFormat::Db44Codes
    }
}

pub const TITLE: &str = "湛江市12345工单明细表";

pub fn write<W: Write>(options: &SampleOptions, format: SampleFormat, mut out: W) -> io::Result<()> {
    if format == SampleFormat::Csv {
        return super::write_csv(options, out);
    }
    let reference = csv_bytes(options);
    let rows = Rewriter::rows(format, &reference[3..]);
    match format {
        SampleFormat::GbkCsv => {
            let text = csv_text(rows, b',', false)?;
            out.write_all(&GB18030.encode(&format!("{TITLE}\n")).0)?;
            out.write_all(&GB18030.encode(&text).0)
        }
        SampleFormat::Utf16Tsv => {
            let text = csv_text(rows, b'\t', false)?;
            let mut bytes = Vec::with_capacity(2 + 2 * text.len());
            bytes.extend_from_slice(&[0xff, 0xfe]);
            bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
            out.write_all(&bytes)
        }
        SampleFormat::Xlsx | SampleFormat::XlsxInline => {
            out.write_all(&xlsx(rows, format == SampleFormat::XlsxInline).map_err(io::Error::other)?)
        }
        _ => {
            out.write_all("\u{feff}".as_bytes())?;
            out.write_all(csv_text(rows, b',', format == SampleFormat::QuotedCrlf)?.as_bytes())
        }
    }
}

fn csv_text(rows: impl Iterator<Item = Vec<String>>, delimiter: u8, quoted_crlf: bool) -> io::Result<String> {
    let mut builder = csv::WriterBuilder::new();
    builder.delimiter(delimiter);
    if quoted_crlf {
        builder.quote_style(csv::QuoteStyle::Always).terminator(csv::Terminator::CRLF);
    }
    let mut writer = builder.from_writer(Vec::new());
    for row in rows {
        writer.write_record(&row)?;
    }
    String::from_utf8(writer.into_inner().map_err(|e| io::Error::other(e.to_string()))?).map_err(io::Error::other)
}

fn xlsx(rows: impl Iterator<Item = Vec<String>>, inline: bool) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let sheet = new_sheet(&mut workbook, inline)?;
    let date = Format::new().set_num_format("yyyy-mm-dd hh:mm:ss");
    sheet.write_string(0, 0, TITLE)?;
    let mut time_columns = Vec::new();
    for (r, record) in rows.enumerate() {
        let row = r as u32 + 1;
        for (c, cell) in record.iter().enumerate() {
            if r == 0 && TIME_HEADERS.contains(&cell.as_str()) {
                time_columns.push(c);
            }
            if r > 0 && time_columns.contains(&c) && !cell.is_empty() {
                sheet.write_datetime_with_format(row, c as u16, &ExcelDateTime::parse_from_str(cell)?, &date)?;
            } else if !cell.is_empty() {
                sheet.write_string(row, c as u16, cell)?;
            }
        }
    }
    workbook.save_to_buffer()
}

#[cfg(not(target_arch = "wasm32"))]
fn new_sheet(workbook: &mut Workbook, inline: bool) -> Result<&mut Worksheet, XlsxError> {
    let sheet = if inline { workbook.add_worksheet_with_constant_memory() } else { workbook.add_worksheet() };
    sheet.set_name("工单明细")
}

/// The page only ever writes the reference sample; inline strings need the native writer's
/// temporary files.
#[cfg(target_arch = "wasm32")]
fn new_sheet(workbook: &mut Workbook, _inline: bool) -> Result<&mut Worksheet, XlsxError> {
    workbook.add_worksheet().set_name("工单明细")
}

const TIME_HEADERS: [&str; 3] = ["受理时间", "办结期限", "办结时间"];

/// The reference headers this module rewrites.
const LEVELS: [&str; 3] = ["一级分类", "二级分类", "三级分类"];

/// 12345-prefixed and other synonym headers for the reference ones (DOMAIN.md).
const SYNONYMS: [(&str, &str); 13] = [
    ("工单编号", "12345工单编号"),
    ("受理时间", "12345受理时间"),
    ("诉求渠道", "12345工单来源"),
    ("诉求类型", "来电类别"),
    ("办理方式", "处理方式"),
    ("所属区域", "事发区域名称"),
    ("所属镇街", "镇街"),
    ("承办单位", "主办单位"),
    ("办结期限", "办理截止时间"),
    ("办结时间", "结案时间"),
    ("工单状态", "办理状态"),
    ("满意度", "回访满意度"),
    ("诉求内容", "内容描述"),
];

/// A column real exports carry that the analysis does not read, with its value for a row
/// (the row's number in the file).
type UnusedColumn = (&'static str, fn(usize) -> String);

const UNUSED: [UnusedColumn; 12] = [
    ("话务员工号", |n| format!("HW{:04}", n % 317)),
    ("话务员姓名", |n| ["李敏", "陈晓红", "黄伟", "林静", "吴海燕"][n % 5].to_string()),
    ("通话时长（秒）", |n| (45 + n * 37 % 600).to_string()),
    ("录音编号", |n| format!("REC-{:012}", n * 7919)),
    ("来电人姓名", |n| ["张先生", "王女士", "匿名", "刘先生"][n % 4].to_string()),
    ("来电人性别", |n| ["男", "女", "未知"][n % 3].to_string()),
    ("是否保密", |n| if n % 9 == 0 { "是" } else { "否" }.to_string()),
    ("是否公开", |n| if n % 4 == 0 { "否" } else { "是" }.to_string()),
    ("紧急程度", |n| ["一般", "一般", "一般", "紧急"][n % 4].to_string()),
    ("附件数量", |n| (n % 3).to_string()),
    ("回访方式", |n| ["电话回访", "短信回访", ""][n % 3].to_string()),
    ("备注", |n| if n % 11 == 0 { "已电话联系市民" } else { "" }.to_string()),
];

/// Separators category paths are written with, one per row in turn.
const PATH_SEPARATORS: [&str; 5] = ["/", " - ", ">", "＞", "→"];

/// Rewrites the reference export's rows (header first) into one format's.
struct Rewriter {
    format: SampleFormat,
    id: Option<usize>,
    times: Vec<usize>,
    content: Option<usize>,
    levels: Vec<usize>,
    codes: std::collections::HashMap<[String; 3], String>,
    every_code: Vec<String>,
}

impl Rewriter {
    fn rows(format: SampleFormat, reference: &[u8]) -> impl Iterator<Item = Vec<String>> + '_ {
        let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(reference);
        let mut rewriter: Option<Rewriter> = None;
        let mut number = 0;
        std::iter::from_fn(move || {
            let record = reader.records().next()?.expect("the generator writes valid CSV");
            let cells: Vec<String> = record.iter().map(str::to_string).collect();
            number += 1;
            Some(match &mut rewriter {
                None => {
                    let r = Rewriter::new(format, &cells);
                    let header = r.header(cells);
                    rewriter = Some(r);
                    header
                }
                Some(r) => r.row(cells, number),
            })
        })
    }

    fn new(format: SampleFormat, header: &[String]) -> Rewriter {
        let at = |name: &str| header.iter().position(|h| h == name);
        Rewriter {
            format,
            id: at("工单编号"),
            times: TIME_HEADERS.iter().filter_map(|h| at(h)).collect(),
            content: at("诉求内容"),
            levels: LEVELS.iter().filter_map(|h| at(h)).collect(),
            codes: Default::default(),
            every_code: crate::category::every_code()
                .into_iter()
                .map(|(code, _)| code)
                .filter(|c| c.len() == 6)
                .collect(),
        }
    }

    fn header(&self, mut header: Vec<String>) -> Vec<String> {
        match self.format {
            SampleFormat::WideHeaders => {
                for cell in header.iter_mut() {
                    if let Some((_, to)) = SYNONYMS.iter().find(|(from, _)| from == cell) {
                        *cell = to.to_string();
                    }
                }
                self.widened(header, |(name, _)| name.to_string())
            }
            SampleFormat::CategoryPath => self.levels_as_one(header, "问题分类名称".into()),
            SampleFormat::Db44Codes => self.levels_as_one(header, "问题分类编码".into()),
            _ => header,
        }
    }

    /// One data row; `number` is its line in the file (the header is 1).
    fn row(&mut self, mut row: Vec<String>, number: usize) -> Vec<String> {
        match self.format {
            SampleFormat::LetterIds | SampleFormat::DashedIds => {
                if let Some(id) = self.id.map(|i| &mut row[i]) {
                    *id = match self.format {
                        SampleFormat::LetterIds => format!("ZJ{id}"),
                        _ if id.len() == 12 => format!("GD-4408-20{}-{}", &id[..6], &id[6..]),
                        _ => format!("GD-4408-{id}"),
                    };
                }
            }
            SampleFormat::SlashTimes | SampleFormat::ChineseTimes | SampleFormat::SerialTimes => {
                for &i in &self.times {
                    if let Some(time) = Time::read(&row[i]) {
                        row[i] = time.written(self.format);
                    }
                }
            }
            SampleFormat::QuotedCrlf => {
                if let Some(content) = self.content.filter(|_| number.is_multiple_of(7)).map(|i| &mut row[i]) {
                    content.push_str(if number.is_multiple_of(2) {
                        "\r\n补充说明：市民称\"已多次反映\",希望尽快回复。"
                    } else {
                        "\n（联系人：\"王先生\"，白天可联系, 晚上勿扰）"
                    });
                }
            }
            SampleFormat::WideHeaders => row = self.widened(row, |(_, value)| value(number)),
            SampleFormat::CategoryPath => {
                let names: Vec<&str> =
                    self.levels.iter().map(|&i| row[i].as_str()).filter(|name| !name.is_empty()).collect();
                let path = names.join(PATH_SEPARATORS[number % PATH_SEPARATORS.len()]);
                row = self.levels_as_one(row, path);
            }
            SampleFormat::Db44Codes => {
                let levels: [String; 3] = std::array::from_fn(|k| row[self.levels[k]].clone());
                let code = if levels[0].is_empty() { String::new() } else { self.code_for(levels) };
                row = self.levels_as_one(row, code);
            }
            _ => {}
        }
        row
    }

    /// The row with the unused columns spread through it, one after every third cell.
    fn widened(&self, row: Vec<String>, cell: impl Fn(&UnusedColumn) -> String) -> Vec<String> {
        let mut out = Vec::with_capacity(row.len() + UNUSED.len());
        let mut unused = UNUSED.iter();
        for (i, value) in row.into_iter().enumerate() {
            out.push(value);
            if i % 3 == 2 {
                if let Some(column) = unused.next() {
                    out.push(cell(column));
                }
            }
        }
        out.extend(unused.map(cell));
        out
    }

    /// The row with the three level cells replaced by `one` where the first was.
    fn levels_as_one(&self, row: Vec<String>, one: String) -> Vec<String> {
        let mut one = Some(one);
        row.into_iter()
            .enumerate()
            .filter_map(|(i, cell)| match self.levels.iter().position(|&l| l == i) {
                Some(0) => one.take(),
                Some(_) => None,
                None => Some(cell),
            })
            .collect()
    }

    /// A level-3 code of the standard for the sample's category, the same for the same
    /// category: the sample's names are the reference city's, not the standard's, so the
    /// code is picked by the names' hash.
    fn code_for(&mut self, levels: [String; 3]) -> String {
        let every = &self.every_code;
        self.codes
            .entry(levels)
            .or_insert_with_key(|levels| {
                let hash = levels
                    .iter()
                    .flat_map(|l| l.bytes())
                    .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
                every[(hash % every.len() as u64) as usize].clone()
            })
            .clone()
    }
}

/// A time as the generator writes it, `YYYY-MM-DD HH:MM:SS`.
struct Time {
    date: chrono::NaiveDate,
    hour: u32,
    minute: u32,
    second: u32,
}

impl Time {
    fn read(text: &str) -> Option<Time> {
        let at = chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S").ok()?;
        use chrono::Timelike;
        Some(Time { date: at.date(), hour: at.hour(), minute: at.minute(), second: at.second() })
    }

    fn written(&self, format: SampleFormat) -> String {
        use chrono::Datelike;
        let (y, m, d) = (self.date.year(), self.date.month(), self.date.day());
        match format {
            SampleFormat::SlashTimes => format!("{y}/{m}/{d} {}:{:02}", self.hour, self.minute),
            SampleFormat::ChineseTimes => format!("{y}年{m}月{d}日 {}时{:02}分", self.hour, self.minute),
            _ => {
                let origin = chrono::NaiveDate::from_ymd_opt(1899, 12, 30).expect("a date");
                let days = (self.date - origin).num_days() as f64;
                let seconds = f64::from(self.hour * 3600 + self.minute * 60 + self.second);
                (days + seconds / 86_400.0).to_string()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_has_its_own_name_and_is_found_by_it() {
        for format in SampleFormat::ALL {
            assert_eq!(SampleFormat::parse(format.name()), Some(format));
        }
    }

    #[test]
    fn times_are_written_in_each_form() {
        let time = Time::read("2021-01-05 09:03:07").unwrap();
        assert_eq!(time.written(SampleFormat::SlashTimes), "2021/1/5 9:03");
        assert_eq!(time.written(SampleFormat::ChineseTimes), "2021年1月5日 9时03分");
        let serial: f64 = time.written(SampleFormat::SerialTimes).parse().unwrap();
        assert_eq!(
            crate::ingest::values::excel_serial(serial),
            crate::ingest::values::parse_time("2021-01-05 09:03:07")
        );
    }
}
