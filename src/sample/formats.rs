//! The sample in the other shapes real exports come in: GBK CSV with a title row (Chinese
//! Windows Excel) and XLSX with real date cells, for tests and benchmarks.

use std::io::{self, Write};

use encoding_rs::GB18030;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

use super::{csv_bytes, SampleOptions};

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SampleFormat {
    /// UTF-8 with BOM, the reference format.
    Csv,
    /// GBK (GB18030) with a title row above the header, as Chinese Windows exports.
    GbkCsv,
    /// XLSX, title row, times as Excel date cells.
    Xlsx,
}

impl SampleFormat {
    pub fn parse(name: &str) -> Option<SampleFormat> {
        match name {
            "csv" => Some(SampleFormat::Csv),
            "gbk" => Some(SampleFormat::GbkCsv),
            "xlsx" => Some(SampleFormat::Xlsx),
            _ => None,
        }
    }
}

pub const TITLE: &str = "湛江市12345工单明细表";

pub fn write<W: Write>(options: &SampleOptions, format: SampleFormat, mut out: W) -> io::Result<()> {
    match format {
        SampleFormat::Csv => super::write_csv(options, out),
        SampleFormat::GbkCsv => {
            let utf8 = csv_bytes(options);
            let text = std::str::from_utf8(&utf8[3..]).map_err(io::Error::other)?;
            out.write_all(&GB18030.encode(&format!("{TITLE}\n")).0)?;
            out.write_all(&GB18030.encode(text).0)
        }
        SampleFormat::Xlsx => out.write_all(&xlsx(options).map_err(io::Error::other)?),
    }
}

fn xlsx(options: &SampleOptions) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let utf8 = csv_bytes(options);
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(&utf8[3..]);
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet().set_name("工单明细")?;
    let date = Format::new().set_num_format("yyyy-mm-dd hh:mm:ss");
    sheet.write_string(0, 0, TITLE)?;
    let mut time_columns = Vec::new();
    for (r, record) in reader.records().enumerate() {
        let record = record.map_err(|e| rust_xlsxwriter::XlsxError::ParameterError(e.to_string()))?;
        let row = r as u32 + 1;
        for (c, cell) in record.iter().enumerate() {
            if r == 0 && ["受理时间", "办结期限", "办结时间"].contains(&cell) {
                time_columns.push(c);
            }
            if r > 0 && time_columns.contains(&c) && !cell.is_empty() {
                sheet.write_datetime_with_format(row, c as u16, &ExcelDateTime::parse_from_str(cell)?, &date)?;
            } else {
                sheet.write_string(row, c as u16, cell)?;
            }
        }
    }
    workbook.save_to_buffer()
}
