//! A legacy .xls is checked before calamine reads it. calamine trusts the sizes a file
//! states: a damaged header or sheet-dimension record makes it reserve tens of gigabytes,
//! which aborts the page's worker instead of giving a message. The `cfb` crate validates
//! the container; the sheet dimensions are checked against BIFF8's limits here.

use std::io::{Cursor, Read};

pub const PASSWORD: &str = "工作簿设置了打开密码，请在 Excel 中取消密码后另存再试";

/// BIFF8 sheets hold at most 65,536 rows and 256 columns.
const MAX_ROWS: u32 = 65_536;
const MAX_COLUMNS: u32 = 256;

/// Why the workbook cannot be read safely, in the words the page shows.
pub fn check(bytes: &[u8]) -> Result<(), String> {
    // The cfb crate's reasons are in English: the page says only what failed.
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes))
        .map_err(|_| "文件已损坏（Excel 97–2003 容器无法读取）".to_string())?;
    // An encrypted .xlsx is a compound file holding the encrypted zip.
    if file.is_stream("/EncryptedPackage") || file.is_stream("/EncryptionInfo") {
        return Err(PASSWORD.into());
    }
    let name = ["/Workbook", "/Book", "/WORKBOOK", "/BOOK"].into_iter().find(|n| file.is_stream(n));
    let Some(name) = name else {
        return Ok(()); // not a workbook (an encrypted OOXML, say): calamine says what it is
    };
    let mut stream = Vec::new();
    file.open_stream(name)
        .and_then(|mut s| s.read_to_end(&mut stream))
        .map_err(|_| "文件已损坏（工作簿数据无法读取）".to_string())?;
    check_records(&stream)
}

fn u16_at(data: &[u8], at: usize) -> u32 {
    u16::from_le_bytes([data[at], data[at + 1]]) as u32
}

fn u32_at(data: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([data[at], data[at + 1], data[at + 2], data[at + 3]])
}

/// Walks the BIFF records and checks every sheet-dimension record.
fn check_records(stream: &[u8]) -> Result<(), String> {
    let mut at = 0;
    while at + 4 <= stream.len() {
        let kind = u16_at(stream, at);
        let len = u16_at(stream, at + 2) as usize;
        let data = &stream[at + 4..(at + 4 + len).min(stream.len())];
        if kind == 0x0200 {
            let (first_row, end_row, first_column, end_column) = match data.len() {
                10 => (u16_at(data, 0), u16_at(data, 2), u16_at(data, 4), u16_at(data, 6)),
                14 => (u32_at(data, 0), u32_at(data, 4), u16_at(data, 8), u16_at(data, 10)),
                _ => return Err("文件已损坏（工作表尺寸记录长度不对）".into()),
            };
            let sane = end_row <= MAX_ROWS
                && end_column <= MAX_COLUMNS
                && (end_row == 0 || first_row < end_row)
                && (end_column == 0 || first_column < end_column);
            if !sane {
                return Err(format!(
                    "文件已损坏（工作表尺寸记录异常：第{}–{}行、第{}–{}列）",
                    first_row, end_row, first_column, end_column
                ));
            }
        }
        // A cell's column beyond the last makes calamine's dense sheet 65,536 × 65,536.
        let last_column = match kind {
            0x0006 | 0x0201 | 0x0203 | 0x0204 | 0x0205 | 0x027E | 0x00D6 | 0x00FD if data.len() >= 4 => {
                Some(u16_at(data, 2))
            }
            0x00BD | 0x00BE if data.len() >= 6 => Some(u16_at(data, data.len() - 2).max(u16_at(data, 2))),
            _ => None,
        };
        if let Some(column) = last_column.filter(|&c| c >= MAX_COLUMNS) {
            return Err(format!("文件已损坏（单元格位于第{}列，超出 Excel 97–2003 的 256 列）", column + 1));
        }
        at += 4 + len;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dimensions(first_row: u32, end_row: u32, first_column: u16, end_column: u16) -> Vec<u8> {
        let mut record = vec![0x00, 0x02, 14, 0];
        record.extend(first_row.to_le_bytes());
        record.extend(end_row.to_le_bytes());
        record.extend(first_column.to_le_bytes());
        record.extend(end_column.to_le_bytes());
        record.extend([0, 0]);
        record
    }

    #[test]
    fn sheet_sizes_beyond_biff8_are_refused() {
        assert!(check_records(&dimensions(0, 63_000, 0, 23)).is_ok());
        assert!(check_records(&dimensions(0, 0, 0, 0)).is_ok(), "an empty sheet");
        let huge = check_records(&dimensions(0, 0x0fff_ffff, 0, 23)).unwrap_err();
        assert!(huge.starts_with("文件已损坏（工作表尺寸记录异常"), "{huge}");
        assert!(check_records(&dimensions(70, 12, 0, 23)).is_err(), "first row after the last");
    }

    #[test]
    fn cells_beyond_the_last_column_are_refused() {
        let label = |column: u16| {
            let mut record = vec![0x04, 0x02, 9, 0, 5, 0];
            record.extend(column.to_le_bytes());
            record.extend([0, 0, 1, 0, 1, b'A']);
            record
        };
        assert!(check_records(&label(22)).is_ok());
        let message = check_records(&label(40_000)).unwrap_err();
        assert_eq!(message, "文件已损坏（单元格位于第40001列，超出 Excel 97–2003 的 256 列）");
    }

    #[test]
    fn bytes_that_are_no_container_are_refused() {
        let message = check(&[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]).unwrap_err();
        assert!(message.starts_with("文件已损坏（Excel 97–2003 容器无法读取"), "{message}");
    }
}
