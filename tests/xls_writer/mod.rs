//! A minimal legacy Excel (BIFF8 .xls) writer for test fixtures: one sheet of text cells
//! and date-time cells, inside a compound file. Only what calamine needs to read it back;
//! no Rust crate writes .xls, and real systems still export it.

use std::io::{Cursor, Write};

/// A cell of the fixture sheet.
pub enum XlsCell<'a> {
    Text(&'a str),
    /// An Excel serial date-time (days since 1899-12-30), shown with a date format.
    DateTime(f64),
}

fn record(out: &mut Vec<u8>, kind: u16, data: &[u8]) {
    assert!(data.len() <= 8224, "a BIFF8 record holds at most 8224 bytes");
    out.extend_from_slice(&kind.to_le_bytes());
    out.extend_from_slice(&(data.len() as u16).to_le_bytes());
    out.extend_from_slice(data);
}

fn bof(kind: u16) -> Vec<u8> {
    let mut data = Vec::new();
    data.extend_from_slice(&0x0600u16.to_le_bytes()); // BIFF8
    data.extend_from_slice(&kind.to_le_bytes()); // 0x0005 globals, 0x0010 worksheet
    data.extend_from_slice(&[0; 12]);
    data
}

/// XLUnicodeString: character count, then UTF-16LE (the high-byte flag set).
fn unicode_string(text: &str, wide_count: bool) -> Vec<u8> {
    let units: Vec<u16> = text.encode_utf16().collect();
    let mut data = Vec::new();
    if wide_count {
        data.extend_from_slice(&(units.len() as u16).to_le_bytes());
    } else {
        data.push(units.len() as u8);
    }
    data.push(1);
    data.extend(units.iter().flat_map(|u| u.to_le_bytes()));
    data
}

fn xf(format: u16) -> Vec<u8> {
    let mut data = vec![0u8; 20];
    data[2..4].copy_from_slice(&format.to_le_bytes());
    data
}

/// The workbook with one sheet named `sheet` holding `rows`.
pub fn xls_bytes(sheet: &str, rows: &[Vec<XlsCell>]) -> Vec<u8> {
    assert!(rows.len() <= 65_536, "an .xls sheet holds at most 65,536 rows");
    const GENERAL: u16 = 0;
    const DATE_TIME: u16 = 1;

    let mut cells = Vec::new();
    record(&mut cells, 0x0809, &bof(0x0010));
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut dimensions = Vec::new();
    dimensions.extend_from_slice(&0u32.to_le_bytes());
    dimensions.extend_from_slice(&(rows.len() as u32).to_le_bytes());
    dimensions.extend_from_slice(&0u16.to_le_bytes());
    dimensions.extend_from_slice(&(width as u16).to_le_bytes());
    dimensions.extend_from_slice(&0u16.to_le_bytes());
    record(&mut cells, 0x0200, &dimensions);
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let mut data = Vec::new();
            data.extend_from_slice(&(r as u16).to_le_bytes());
            data.extend_from_slice(&(c as u16).to_le_bytes());
            match cell {
                XlsCell::Text("") => continue,
                XlsCell::Text(text) => {
                    data.extend_from_slice(&GENERAL.to_le_bytes());
                    data.extend(unicode_string(text, true));
                    record(&mut cells, 0x0204, &data); // Label
                }
                XlsCell::DateTime(serial) => {
                    data.extend_from_slice(&DATE_TIME.to_le_bytes());
                    data.extend_from_slice(&serial.to_le_bytes());
                    record(&mut cells, 0x0203, &data); // Number
                }
            }
        }
    }
    record(&mut cells, 0x000A, &[]);

    // Globals: BOF, the two cell formats (General; built-in 22 "m/d/yy h:mm"), the sheet's
    // name and where its records start, EOF.
    let mut globals = Vec::new();
    record(&mut globals, 0x0809, &bof(0x0005));
    record(&mut globals, 0x00E0, &xf(0));
    record(&mut globals, 0x00E0, &xf(22));
    let offset_at = globals.len() + 4;
    let mut bound = vec![0u8; 4]; // the sheet's offset, patched below
    bound.extend_from_slice(&[0, 0]); // a visible worksheet
    bound.extend(unicode_string(sheet, false));
    record(&mut globals, 0x0085, &bound);
    record(&mut globals, 0x000A, &[]);
    let sheet_offset = globals.len() as u32;
    globals[offset_at..offset_at + 4].copy_from_slice(&sheet_offset.to_le_bytes());

    let mut stream = globals;
    stream.extend(cells);
    // Version 3 (512-byte sectors) is what Excel 97–2003 writes and what calamine reads.
    let mut file = cfb::CompoundFile::create_with_version(cfb::Version::V3, Cursor::new(Vec::new())).unwrap();
    file.create_stream("/Workbook").unwrap().write_all(&stream).unwrap();
    file.flush().unwrap();
    file.into_inner().into_inner()
}
