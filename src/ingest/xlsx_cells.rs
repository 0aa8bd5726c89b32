//! XLSX workbooks read directly from the zip: the sheet list, shared strings and cell
//! styles once, then the chosen sheet's cells streamed as it inflates. Cells come out as
//! calamine's do (the same text for the same cell, checked on every workbook the tests
//! hold), at several times its speed: a worksheet is tens of MB of small tags, and reading
//! them with a few byte searches beats a general XML parser's events and attribute parsing.

use std::io::{Cursor, Read};

use zip::read::ZipFile;
use zip::ZipArchive;

use super::xml_tokens::{attr, decode_text, for_each_attr, Token, XmlTokens};

/// How a number in a cell of some style is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberKind {
    Plain,
    Date,
    /// Elapsed time (`[h]:mm`): not a point in time.
    Duration,
}

/// A cell's value, borrowed from the workbook or the reader's scratch text.
#[derive(Debug, PartialEq)]
pub enum Value<'a> {
    Text(&'a str),
    Number(f64, NumberKind),
    Bool(bool),
    /// An error value (`#N/A` …): present, but no text.
    Error,
}

pub struct Workbook<'b> {
    zip: ZipArchive<Cursor<&'b [u8]>>,
    /// Sheet names and their parts' paths in the zip, in workbook order.
    sheets: Vec<(String, String)>,
    strings: SharedStrings,
    /// Per cell style (`s`), how its numbers are shown.
    styles: Vec<NumberKind>,
    date1904: bool,
}

/// Every shared string in one buffer.
#[derive(Default)]
struct SharedStrings {
    text: String,
    ends: Vec<usize>,
}

impl SharedStrings {
    fn len(&self) -> usize {
        self.ends.len()
    }

    fn get(&self, index: usize) -> Option<&str> {
        let end = *self.ends.get(index)?;
        let start = if index == 0 { 0 } else { self.ends[index - 1] };
        Some(&self.text[start..end])
    }
}

type Failure = String;

/// Sizes a workbook states beyond this are not trusted for reserving room.
const MAX_RESERVED_TEXT: u64 = 1 << 28;

fn io_failure(part: &str) -> impl Fn(std::io::Error) -> Failure + '_ {
    move |e| format!("{part}：{e}")
}

impl<'b> Workbook<'b> {
    /// Opens the workbook's parts (not yet any sheet's cells).
    pub fn open(bytes: &'b [u8]) -> Result<Workbook<'b>, Failure> {
        let mut zip = ZipArchive::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
        let relations = read_part(&mut zip, "xl/_rels/workbook.xml.rels")?;
        let targets = relationship_targets(&relations)?;
        let (sheets, date1904) = sheet_list(&read_part(&mut zip, "xl/workbook.xml")?, &targets)?;
        let styles = match zip.by_name("xl/styles.xml") {
            Ok(part) => cell_styles(part)?,
            Err(_) => Vec::new(),
        };
        let strings = match zip.by_name("xl/sharedStrings.xml") {
            Ok(part) => {
                let size = part.size();
                shared_strings(part, size)?
            }
            Err(_) => SharedStrings::default(),
        };
        Ok(Workbook { zip, sheets, strings, styles, date1904 })
    }

    pub fn sheet_names(&self) -> Vec<String> {
        self.sheets.iter().map(|(name, _)| name.clone()).collect()
    }

    /// The cells of the sheet named `sheet`, read as the zip inflates them.
    pub fn cells(&mut self, sheet: &str) -> Result<SheetCells<'_, 'b>, Failure> {
        let Workbook { zip, sheets, strings, styles, date1904 } = self;
        let path = &sheets.iter().find(|(name, _)| name == sheet).ok_or("没有这个工作表")?.1;
        let part = zip.by_name(path).map_err(|e| format!("{path}：{e}"))?;
        let mut cells = SheetCells {
            tokens: XmlTokens::new(part),
            done: false,
            strings,
            styles,
            date1904: *date1904,
            dimensions: ((0, 0), (0, 0)),
            row: 0,
            column: 0,
            scratch: String::new(),
        };
        cells.read_to_sheet_data()?;
        Ok(cells)
    }
}

fn read_part(zip: &mut ZipArchive<Cursor<&[u8]>>, path: &str) -> Result<Vec<u8>, Failure> {
    let mut part = zip.by_name(path).map_err(|e| format!("{path}：{e}"))?;
    let mut bytes = Vec::new();
    part.read_to_end(&mut bytes).map_err(io_failure(path))?;
    Ok(bytes)
}

fn text_of(raw: &[u8]) -> Result<String, Failure> {
    let mut out = String::new();
    decode_text(raw, &mut out).map_err(|e| e.to_string())?;
    Ok(out)
}

/// Relationship ids and their targets' paths in the zip.
fn relationship_targets(xml: &[u8]) -> Result<Vec<(String, String)>, Failure> {
    let mut tokens = XmlTokens::new(xml);
    let mut targets = Vec::new();
    while let Some(token) = tokens.next_token().map_err(io_failure("workbook.xml.rels"))? {
        if let Token::Start { name: b"Relationship", attrs, .. } = token {
            if let (Some(id), Some(target)) = (attr(attrs, b"Id"), attr(attrs, b"Target")) {
                let target = text_of(target)?;
                // Targets are relative to xl/, or absolute from the zip's root.
                let path = match target.strip_prefix('/') {
                    Some(absolute) => absolute.to_string(),
                    None => format!("xl/{}", target.trim_start_matches("./")),
                };
                targets.push((text_of(id)?, path));
            }
        }
    }
    Ok(targets)
}

type SheetList = (Vec<(String, String)>, bool);

fn sheet_list(xml: &[u8], targets: &[(String, String)]) -> Result<SheetList, Failure> {
    let mut tokens = XmlTokens::new(xml);
    let (mut sheets, mut date1904) = (Vec::new(), false);
    while let Some(token) = tokens.next_token().map_err(io_failure("workbook.xml"))? {
        match token {
            Token::Start { name: b"sheet", attrs, .. } => {
                let (Some(name), Some(id)) = (attr(attrs, b"name"), attr(attrs, b"r:id")) else { continue };
                let id = text_of(id)?;
                if let Some((_, path)) = targets.iter().find(|(rid, _)| *rid == id) {
                    sheets.push((text_of(name)?, path.clone()));
                }
            }
            Token::Start { name: b"workbookPr", attrs, .. } => {
                date1904 = matches!(attr(attrs, b"date1904"), Some(b"1" | b"true"));
            }
            _ => {}
        }
    }
    Ok((sheets, date1904))
}

/// How each cell style (`cellXfs`, in order) shows numbers.
fn cell_styles(part: impl Read) -> Result<Vec<NumberKind>, Failure> {
    let mut tokens = XmlTokens::new(part);
    let mut custom: Vec<(Vec<u8>, NumberKind)> = Vec::new();
    let mut styles = Vec::new();
    let mut in_cell_xfs = false;
    while let Some(token) = tokens.next_token().map_err(io_failure("styles.xml"))? {
        match token {
            Token::Start { name: b"numFmt", attrs, .. } => {
                if let (Some(id), Some(code)) = (attr(attrs, b"numFmtId"), attr(attrs, b"formatCode")) {
                    custom.push((id.to_vec(), custom_format_kind(&text_of(code)?)));
                }
            }
            Token::Start { name: b"cellXfs", empty: false, .. } => in_cell_xfs = true,
            Token::End { name: b"cellXfs" } => in_cell_xfs = false,
            Token::Start { name: b"xf", attrs, .. } if in_cell_xfs => {
                let id = attr(attrs, b"numFmtId").unwrap_or(b"0");
                let kind = match custom.iter().find(|(custom_id, _)| custom_id == id) {
                    Some((_, kind)) => *kind,
                    None => builtin_format_kind(id),
                };
                styles.push(kind);
            }
            _ => {}
        }
    }
    Ok(styles)
}

/// Excel's built-in formats that show dates and times (as calamine counts them).
fn builtin_format_kind(id: &[u8]) -> NumberKind {
    match id {
        b"14" | b"15" | b"16" | b"17" | b"18" | b"19" | b"20" | b"21" | b"22" | b"45" | b"47" => NumberKind::Date,
        b"46" => NumberKind::Duration,
        _ => NumberKind::Plain,
    }
}

/// Whether a format code's first section shows a date or an elapsed time: a date letter
/// outside quotes, brackets and escapes; `[h]`, `[mm]`, `[ss]` for elapsed time.
fn custom_format_kind(code: &str) -> NumberKind {
    let (mut escaped, mut quoted, mut brackets, mut am_pm, mut elapsed) = (false, false, 0u8, false, false);
    let mut previous = ' ';
    for c in code.chars() {
        if escaped {
            escaped = false;
        } else if quoted {
            quoted = c != '"';
        } else {
            match c {
                '_' | '\\' | '*' => escaped = true,
                '"' => quoted = true,
                ';' => return NumberKind::Plain,
                '[' => brackets += 1,
                ']' if brackets == 1 && elapsed => return NumberKind::Duration,
                ']' => brackets = brackets.saturating_sub(1),
                'a' | 'A' if !am_pm && brackets == 0 => am_pm = true,
                'p' | 'm' | '/' | 'P' | 'M' if am_pm && brackets == 0 => return NumberKind::Date,
                'd' | 'm' | 'h' | 'y' | 's' | 'D' | 'M' | 'H' | 'Y' | 'S' if !am_pm && brackets == 0 => {
                    return NumberKind::Date
                }
                _ => {
                    if !(elapsed && c.eq_ignore_ascii_case(&previous)) {
                        elapsed = previous == '[' && matches!(c, 'm' | 'h' | 's' | 'M' | 'H' | 'S');
                    }
                }
            }
        }
        previous = c;
    }
    NumberKind::Plain
}

/// The shared strings of a part whose XML is `xml_bytes` long.
fn shared_strings(part: impl Read, xml_bytes: u64) -> Result<SharedStrings, Failure> {
    let mut tokens = XmlTokens::new(part);
    let mut strings = SharedStrings::default();
    // The text is shorter than its XML: room for it at once, rather than doubling (and
    // copying) a buffer of megabytes as it fills. Unwritten room is address space only.
    strings.text.reserve(xml_bytes.min(MAX_RESERVED_TEXT) as usize);
    while let Some(token) = tokens.next_token().map_err(io_failure("sharedStrings.xml"))? {
        match token {
            Token::Start { name: b"sst", attrs, .. } => {
                let count = attr(attrs, b"uniqueCount").and_then(|c| std::str::from_utf8(c).ok()?.parse().ok());
                strings.ends.reserve(count.unwrap_or(0).min(MAX_RESERVED_TEXT as usize));
            }
            Token::Start { name: b"si", empty: false, .. } => {
                read_rich_text(&mut tokens, &mut strings.text).map_err(io_failure("sharedStrings.xml"))?;
                strings.ends.push(strings.text.len());
            }
            Token::Start { name: b"si", empty: true, .. } => strings.ends.push(strings.text.len()),
            _ => {}
        }
    }
    Ok(strings)
}

/// The text of a string item (`<si>`, `<is>`) just started: its `<t>` runs joined, the
/// phonetic guides (`<rPh>`) left out, each run trimmed unless it preserves its spaces,
/// and Excel's `_xHHHH_` escapes undone.
fn read_rich_text<R: Read>(tokens: &mut XmlTokens<R>, out: &mut String) -> std::io::Result<()> {
    let mut depth = 0usize;
    let mut phonetic = false;
    let mut run = String::new();
    loop {
        match tokens.next_token()? {
            None => return Err(std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "字符串没有结束")),
            Some(Token::Start { name: b"t", attrs, empty: false }) if !phonetic => {
                let preserve = attr(attrs, b"xml:space") == Some(b"preserve");
                run.clear();
                tokens.read_text(&mut run)?;
                let text = if preserve { run.as_str() } else { run.trim_matches([' ', '\t', '\r', '\n']) };
                unescape_excel(text, out);
            }
            Some(Token::Start { name, empty: false, .. }) => {
                phonetic |= name == b"rPh";
                depth += 1;
            }
            Some(Token::End { name }) if depth > 0 => {
                phonetic &= name != b"rPh";
                depth -= 1;
            }
            Some(Token::End { .. }) => return Ok(()),
            _ => {}
        }
    }
}

/// Excel writes control characters as `_x000D_` (and a literal such text as `_x005F_x000D_`).
fn unescape_excel(text: &str, out: &mut String) {
    // Most strings have no `_` at all: a byte search settles them before a substring
    // search is set up (once per shared string, a hundred thousand in a month).
    if !text.as_bytes().contains(&b'_') || !text.contains("_x00") {
        out.push_str(text);
        return;
    }
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i..].starts_with(b"_x00") && bytes.get(i + 6) == Some(&b'_') {
            let hex = std::str::from_utf8(&bytes[i + 4..i + 6]).ok();
            if let Some(value) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(value as char);
                i += 7;
                continue;
            }
        }
        let c = text[i..].chars().next().expect("on a character boundary");
        out.push(c);
        i += c.len_utf8();
    }
}

/// A cell reference's 0-based (row, column); a reference without a row is an error.
fn position(reference: &[u8]) -> Option<(u32, Option<u32>)> {
    // Letters then digits, in two tight loops (a cell's reference is read per cell).
    let (mut at, mut column, mut row) = (0, 0u32, 0u32);
    while let Some(letter) = reference.get(at).map(|b| (b | 0x20).wrapping_sub(b'a')).filter(|&l| l < 26) {
        column = column.checked_mul(26)?.checked_add(u32::from(letter) + 1)?;
        at += 1;
    }
    let letters = at;
    while let Some(digit) = reference.get(at).map(|b| b.wrapping_sub(b'0')).filter(|&d| d < 10) {
        row = row.checked_mul(10)?.checked_add(u32::from(digit))?;
        at += 1;
    }
    if at == letters || at < reference.len() {
        return None;
    }
    Some((row.checked_sub(1)?, column.checked_sub(1)))
}

pub struct SheetCells<'a, 'b> {
    tokens: XmlTokens<ZipFile<'a, Cursor<&'b [u8]>>>,
    /// Past the end of the sheet's cells.
    done: bool,
    strings: &'a SharedStrings,
    styles: &'a [NumberKind],
    date1904: bool,
    dimensions: ((u32, u32), (u32, u32)),
    /// Where a cell without a reference is: after the one before it.
    row: u32,
    column: u32,
    scratch: String,
}

impl SheetCells<'_, '_> {
    /// The sheet's declared range: (first row, first column), (last row, last column).
    pub fn dimensions(&self) -> ((u32, u32), (u32, u32)) {
        self.dimensions
    }

    fn broken(&self, what: &str) -> Failure {
        broken_at(self.row, what)
    }

    fn read_to_sheet_data(&mut self) -> Result<(), Failure> {
        loop {
            match self.tokens.next_token().map_err(|e| e.to_string())? {
                None => return Err("工作表没有 sheetData".into()),
                Some(Token::Start { name: b"dimension", attrs, .. }) => {
                    if let Some(reference) = attr(attrs, b"ref") {
                        let mut corners = reference.split(|&b| b == b':').map(position);
                        let start = corners.next().flatten();
                        let end = corners.next().flatten().or(start);
                        if let (Some((r0, Some(c0))), Some((r1, Some(c1)))) = (start, end) {
                            self.dimensions = ((r0, c0), (r1, c1));
                        }
                    }
                }
                Some(Token::Start { name: b"sheetData", empty, .. }) => {
                    self.done = empty;
                    return Ok(());
                }
                Some(_) => {}
            }
        }
    }

    /// The next cell holding a value, as (row, column, value); None after the last.
    pub fn next_cell(&mut self) -> Result<Option<(u32, u32, Value<'_>)>, Failure> {
        while !self.done {
            let row = self.row;
            let (kind, style, (row, column)) = match self.tokens.cell_start() {
                Some(cell) => {
                    let text = |range: Option<std::ops::Range<usize>>| range.map(|r| self.tokens.text_at(r));
                    let (reference, kind, style) = (text(cell.reference), text(cell.kind), text(cell.style));
                    match Self::cell_found((row, &mut self.column), reference, kind, style, cell.empty)? {
                        Some(found) => found,
                        None => continue,
                    }
                }
                None => match self.tokens.next_token().map_err(|e| broken_at(row, &e.to_string()))? {
                    None => return Ok(None),
                    // An empty element counts as its start and its end (as calamine reads it).
                    Some(Token::Start { name: b"row", attrs, empty }) => {
                        if let Some(reference) = attr(attrs, b"r") {
                            self.row = position(reference).ok_or_else(|| self.broken("行号无法识别"))?.0;
                        }
                        if empty {
                            self.row += 1;
                            self.column = 0;
                        }
                        continue;
                    }
                    Some(Token::End { name: b"row" }) => {
                        self.row += 1;
                        self.column = 0;
                        continue;
                    }
                    Some(Token::End { name: b"sheetData" }) => {
                        self.done = true;
                        continue;
                    }
                    Some(Token::Start { name: b"c", attrs, empty }) => {
                        let (mut reference, mut kind, mut style) = (None, None, None);
                        for_each_attr(attrs, |name, value| match name {
                            b"r" => reference = Some(value),
                            b"t" => kind = Some(value),
                            b"s" => style = Some(value),
                            _ => {}
                        });
                        match Self::cell_found((row, &mut self.column), reference, kind, style, empty)? {
                            Some(found) => found,
                            None => continue,
                        }
                    }
                    Some(_) => continue,
                },
            };
            self.column += 1;
            let number_kind = match style {
                Some(index) => self.styles.get(index).copied().unwrap_or(NumberKind::Plain),
                None => NumberKind::Plain,
            };
            if let Some(found) = self.read_value(kind, number_kind)? {
                let value = match found {
                    Found::Shared(index) => Value::Text(self.strings.get(index).expect("checked")),
                    Found::Scratch => Value::Text(&self.scratch),
                    Found::Number(n, kind) => Value::Number(n, kind),
                    Found::Bool(b) => Value::Bool(b),
                    Found::Error => Value::Error,
                };
                return Ok(Some((row, column, value)));
            }
        }
        Ok(None)
    }

    /// A cell tag's type, style and position from its attributes; None for an empty tag
    /// (`<c …/>`), which only moves the column on.
    /// (A function of the fields it needs, so the attributes can stay borrowed from the
    /// reader.)
    fn cell_found(
        (row, column): (u32, &mut u32),
        reference: Option<&[u8]>,
        kind: Option<&[u8]>,
        style: Option<&[u8]>,
        empty: bool,
    ) -> Result<Option<CellTag>, Failure> {
        let at = match reference {
            Some(reference) => match position(reference) {
                Some((row, Some(column))) => (row, column),
                _ => return Err(broken_at(row, "单元格位置无法识别")),
            },
            None => (row, *column),
        };
        *column = at.1;
        let kind = CellType::of(kind);
        // An unreadable style number counts as style 0, as calamine reads it.
        let style = style.map(|s| {
            plain_index(s).unwrap_or_else(|| std::str::from_utf8(s).ok().and_then(|s| s.parse().ok()).unwrap_or(0))
        });
        if empty {
            *column += 1;
            return Ok(None);
        }
        Ok(Some((kind, style, at)))
    }

    /// Reads a cell's content up to `</c>`; None when it holds no value.
    fn read_value(&mut self, kind: CellType, number_kind: NumberKind) -> Result<Option<Found>, Failure> {
        let mut value = None;
        // Most cells are `<v>…</v></c>` exactly: read straight from the buffer.
        if let Some(raw) = self.tokens.simple_element(b"v") {
            // A shared string's number (most cells) is read in place: no copy, no check.
            let index = if kind == CellType::Shared { plain_index(raw) } else { None };
            value = match index {
                Some(index) if index < self.strings.len() => Some(Found::Shared(index)),
                _ => {
                    let text = std::str::from_utf8(raw).map_err(|_| broken_at(self.row, "文本不是 UTF-8"))?;
                    self.scratch.clear();
                    self.scratch.push_str(text);
                    if kind == CellType::InlineString {
                        None
                    } else {
                        self.value_of(kind, number_kind)?
                    }
                }
            };
            if self.tokens.skip_end_tag(b"c") {
                return Ok(value);
            }
        }
        loop {
            let row = self.row;
            let token = self.tokens.next_token().map_err(|e| broken_at(row, &e.to_string()))?;
            match token {
                None => return Err(self.broken("单元格没有结束")),
                Some(Token::End { name: b"c" }) => return Ok(value),
                // An empty element is read as a start and an end, as calamine reads it.
                Some(Token::Start { name: b"is", empty, .. }) => {
                    self.scratch.clear();
                    if !empty {
                        read_rich_text(&mut self.tokens, &mut self.scratch)
                            .map_err(|e| broken_at(row, &e.to_string()))?;
                    }
                    value = Some(Found::Scratch);
                }
                Some(Token::Start { name: b"v", empty, .. }) => {
                    self.scratch.clear();
                    if !empty {
                        self.tokens.read_text(&mut self.scratch).map_err(|e| broken_at(row, &e.to_string()))?;
                    }
                    value = if kind == CellType::InlineString { None } else { self.value_of(kind, number_kind)? };
                }
                Some(Token::Start { name: b"f", empty, .. }) => {
                    if !empty {
                        self.tokens.skip_element().map_err(|e| broken_at(row, &e.to_string()))?;
                    }
                    value = None;
                }
                Some(Token::Start { .. }) => return Err(self.broken("单元格里有无法识别的内容")),
                Some(_) => {}
            }
        }
    }

    /// The value of `<v>` text (in `scratch`) for a cell of type `kind`.
    fn value_of(&self, kind: CellType, number_kind: NumberKind) -> Result<Option<Found>, Failure> {
        let text = self.scratch.as_str();
        // Only text types keep an empty value.
        if text.is_empty() && kind != CellType::Text {
            return Ok(None);
        }
        Ok(Some(match kind {
            CellType::Shared => {
                if text.is_empty() {
                    return Ok(None);
                }
                let index: usize = text.trim().parse().unwrap_or(0);
                if self.strings.get(index).is_none() {
                    return Err(self.broken("共享字符串编号超出范围"));
                }
                Found::Shared(index)
            }
            CellType::Bool => Found::Bool(text != "0"),
            CellType::Error => Found::Error,
            CellType::Text => Found::Scratch,
            CellType::Number | CellType::Unstated => {
                if text.is_empty() {
                    return Ok(None);
                }
                match text.parse::<f64>() {
                    Ok(n) if number_kind == NumberKind::Date && self.date1904 => Found::Number(n + 1462.0, number_kind),
                    Ok(n) => Found::Number(n, number_kind),
                    // Without a stated type, what is not a number is text.
                    Err(_) if kind == CellType::Unstated => Found::Scratch,
                    Err(_) => return Err(self.broken("数值无法识别")),
                }
            }
            CellType::InlineString => return Ok(None),
            CellType::Unknown => return Err(self.broken("单元格类型无法识别")),
        }))
    }
}

/// A cell's `t` attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CellType {
    Shared,
    Bool,
    Error,
    /// A formula's string (`str`) or an ISO date (`d`): the text as written.
    Text,
    Number,
    InlineString,
    Unstated,
    Unknown,
}

impl CellType {
    fn of(t: Option<&[u8]>) -> CellType {
        match t {
            None => CellType::Unstated,
            Some(b"s") => CellType::Shared,
            Some(b"b") => CellType::Bool,
            Some(b"e") => CellType::Error,
            Some(b"str" | b"d") => CellType::Text,
            Some(b"n") => CellType::Number,
            Some(b"inlineStr" | b"is") => CellType::InlineString,
            Some(_) => CellType::Unknown,
        }
    }
}

/// A number written as plain digits (up to nine, so it cannot overflow); None for
/// anything else, which the general path reads.
fn plain_index(raw: &[u8]) -> Option<usize> {
    if raw.is_empty() || raw.len() > 9 {
        return None;
    }
    raw.iter().try_fold(0usize, |n, &b| b.is_ascii_digit().then(|| n * 10 + usize::from(b - b'0')))
}

fn broken_at(row: u32, what: &str) -> Failure {
    format!("工作表第 {} 行附近：{what}", row + 1)
}

/// A cell tag read: its type, style number and (row, column).
type CellTag = (CellType, Option<usize>, (u32, u32));

/// Where a cell's value lies, before it is lent out.
enum Found {
    Shared(usize),
    Scratch,
    Number(f64, NumberKind),
    Bool(bool),
    Error,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_read_the_same_short_or_long() {
        let cases: [(&[u8], Option<(u32, Option<u32>)>); 9] = [
            (b"A1", Some((0, Some(0)))),
            (b"b3", Some((2, Some(1)))),
            (b"XFD1048576", Some((1_048_575, Some(16_383)))),
            (b"AA10", Some((9, Some(26)))),
            (b"12", Some((11, None))),
            (b"A0", None),
            (b"A", None),
            (b"A1B", None),
            (b"A-1", None),
        ];
        for (reference, expected) in cases {
            assert_eq!(position(reference), expected, "{}", String::from_utf8_lossy(reference));
        }
    }

    #[test]
    fn plain_indexes_are_digits_only_and_short_enough_not_to_overflow() {
        assert_eq!(plain_index(b"0"), Some(0));
        assert_eq!(plain_index(b"123456789"), Some(123_456_789));
        for other in [&b""[..], b" 12", b"12 ", b"+1", b"1e3", b"1234567890", b"\xef\xbc\x91"] {
            assert_eq!(plain_index(other), None, "{other:?} goes the general way");
        }
    }
}
