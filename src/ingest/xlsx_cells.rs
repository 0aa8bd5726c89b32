//! XLSX workbooks read directly from the zip: the sheet list, shared strings and cell
//! styles once, then the chosen sheet's cells streamed as it inflates. Cells come out as
//! calamine's do (the same text for the same cell, checked on every workbook the tests
//! hold), at several times its speed: a worksheet is tens of MB of small tags, and reading
//! them with a few byte searches beats a general XML parser's events and attribute parsing.
//! What reading may cost is bounded by `Limits`, from the bytes at hand and never from the
//! sizes a workbook declares: a few kilobytes of zip may inflate to gigabytes.

use std::io::{Cursor, Read};

use zip::read::ZipFile;
use zip::ZipArchive;

use rustc_hash::FxHashMap;
use zip::result::ZipError;

use super::xml_tokens::{attr, decode_text, for_each_attr, Token, TooLong, XmlTokens, MAX_TOKEN};

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
    limits: Limits,
    /// The workbook's size: no part's compressed data can be larger, whatever it says.
    file_bytes: u64,
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

    /// Bytes held for the strings (their text and where each ends).
    fn bytes(&self) -> u64 {
        (self.text.len() + self.ends.len() * std::mem::size_of::<usize>()) as u64
    }
}

/// Room reserved for shared strings at most, whatever the part says it holds.
const MAX_RESERVED_TEXT: u64 = 1 << 28;

/// The most characters Excel holds in one cell.
pub const EXCEL_CELL_CHARS: usize = 32_767;

/// What reading a workbook may cost. Every size comes from the bytes at hand, never from
/// what the workbook says of itself: a few kilobytes of zip can inflate to gigabytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// A part may inflate to `inflate_floor` plus `inflate_ratio` times its compressed
    /// size. Exports compress about tenfold; a part of spaces or repeats compresses a
    /// thousandfold and is refused here, long before it is read whole.
    pub inflate_floor: u64,
    pub inflate_ratio: u64,
    /// Parts read whole (the sheet list, relationships) may inflate to this much.
    pub whole_part_bytes: u64,
    /// The shared strings are held while the sheet is read: their text (and index) may
    /// take this many bytes.
    pub strings_bytes: u64,
    /// Characters one cell or shared string may hold.
    pub cell_chars: usize,
    /// Bytes one XML tag may take (see `xml_tokens::MAX_TOKEN`).
    pub max_token: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            inflate_floor: 64 << 20,
            inflate_ratio: 100,
            whole_part_bytes: 16 << 20,
            // A quarter of the page's budget (the table takes the rest), and never so much
            // that its one buffer could not double in wasm's 32-bit address space.
            strings_bytes: (super::MEMORY_BUDGET / 4).min(isize::MAX as usize / 2) as u64,
            cell_chars: EXCEL_CELL_CHARS,
            max_token: MAX_TOKEN,
        }
    }
}

impl Limits {
    /// Bytes a part stored in `compressed` bytes may inflate to.
    fn allowance(&self, compressed: u64) -> u64 {
        self.inflate_floor.saturating_add(self.inflate_ratio.saturating_mul(compressed))
    }

    /// Bytes the UTF-8 text of a cell may take before its characters are counted: four
    /// per character at most.
    fn cell_bytes(&self) -> usize {
        self.cell_chars.saturating_mul(4)
    }
}

/// Why a workbook, or one of its sheets, cannot be read (details in Chinese, for the page).
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// Not laid out as this reader expects (a part missing, XML it cannot follow): another
    /// reader may still manage it.
    Unreadable(String),
    /// A zip that holds no workbook at all (a Word document, an archive of files).
    NotWorkbook(&'static str),
    /// A zip that cannot be opened at all (cut off, its directory damaged).
    Unopenable(String),
    /// Damaged bytes within: compressed data or checksums that do not match.
    Damaged(String),
    /// A part that inflates beyond what it may. `compressed_bytes` when the limit came
    /// from its compressed size (a zip bomb), None when from the memory budget.
    TooLarge { part: String, limit_bytes: u64, compressed_bytes: Option<u64> },
    /// A cell or shared string longer than `max_chars`; the sheet's 1-based row if known.
    CellTooLong { row: Option<u64>, max_chars: usize },
}

/// A failure found while inflating a part, carried through the XML reader's I/O errors.
#[derive(Debug)]
struct PartFailure(Failure);

impl std::fmt::Display for PartFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self.0)
    }
}

impl std::error::Error for PartFailure {}

/// A failure from an I/O error of the XML reader over a part: the part's own (damage,
/// too large), a cell too long, or else the reader's own complaint (in Chinese), placed
/// by `at`.
fn failure_of(error: std::io::Error, cell: (Option<u64>, usize), at: impl FnOnce(&str) -> String) -> Failure {
    if let Some(PartFailure(failure)) = error.get_ref().and_then(|e| e.downcast_ref::<PartFailure>()) {
        return failure.clone();
    }
    match TooLong::of(&error) {
        Some(TooLong::Text(_)) => Failure::CellTooLong { row: cell.0, max_chars: cell.1 },
        Some(TooLong::Token(_)) => Failure::Damaged(at(&error.to_string())),
        None => Failure::Unreadable(at(&error.to_string())),
    }
}

/// A part of the zip as it inflates, stopped once it gives more than it may.
pub struct Inflating<R> {
    inner: R,
    /// The part as the message names it.
    label: String,
    read: u64,
    limit: u64,
    compressed: Option<u64>,
}

impl<R: Read> Read for Inflating<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let failed = |failure| std::io::Error::new(std::io::ErrorKind::InvalidData, PartFailure(failure));
        // The zip's own errors (bad deflate data, a checksum) are in English: the page
        // says what they mean instead.
        let n = self
            .inner
            .read(buf)
            .map_err(|_| failed(Failure::Damaged(format!("{}的压缩数据解压或校验失败", self.label))))?;
        self.read += n as u64;
        if self.read > self.limit {
            let (part, limit_bytes, compressed_bytes) = (self.label.clone(), self.limit, self.compressed);
            return Err(failed(Failure::TooLarge { part, limit_bytes, compressed_bytes }));
        }
        Ok(n)
    }
}

/// Why a zip cannot be opened, nearly always.
const ZIP_CUT_OFF: &str = "压缩包不完整或目录已损坏，可能没有下载或复制完整";

/// A zip error (English) as what it means for the workbook.
fn zip_failure(error: ZipError, path: &str) -> Failure {
    match error {
        ZipError::FileNotFound => Failure::Unreadable(format!("缺少 {path}")),
        ZipError::UnsupportedArchive(_) | ZipError::CompressionMethodNotSupported(_) | ZipError::InvalidPassword => {
            Failure::Unreadable(format!("{path} 的压缩方式或加密方式不受支持"))
        }
        _ => Failure::Damaged(format!("{path} 在压缩包中的记录已损坏")),
    }
}

/// What a zip that is no workbook holds, for the message.
fn what_zip_holds(zip: &ZipArchive<Cursor<&[u8]>>) -> Option<&'static str> {
    let names: Vec<String> = zip.file_names().map(str::to_ascii_lowercase).collect();
    let has = |name: &str| names.iter().any(|n| n == name);
    // Workbook parts by any path (calamine finds some this reader does not), or an ODS.
    if names.iter().any(|n| n.contains("workbook")) || has("content.xml") {
        return None;
    }
    Some(if has("word/document.xml") {
        "Word 文档"
    } else if has("ppt/presentation.xml") {
        "PowerPoint 演示文稿"
    } else {
        "zip 压缩包（里面没有 Excel 工作表）"
    })
}

impl<'b> Workbook<'b> {
    /// Opens the workbook's parts (not yet any sheet's cells).
    pub fn open(bytes: &'b [u8], limits: Limits) -> Result<Workbook<'b>, Failure> {
        let mut zip = ZipArchive::new(Cursor::new(bytes)).map_err(|e| match e {
            ZipError::UnsupportedArchive(_) => Failure::Unreadable("压缩包的格式不受支持".into()),
            _ => Failure::Unopenable(ZIP_CUT_OFF.into()),
        })?;
        if let Some(what) = what_zip_holds(&zip) {
            return Err(Failure::NotWorkbook(what));
        }
        let file_bytes = bytes.len() as u64;
        let z = &mut zip;
        let relations = "xl/_rels/workbook.xml.rels";
        let relations = read_whole(open_part(z, relations, relations, file_bytes, &limits)?, relations, &limits)?;
        let targets = relationship_targets(&relations)?;
        let list = "xl/workbook.xml";
        let list = read_whole(open_part(z, list, list, file_bytes, &limits)?, list, &limits)?;
        let (sheets, date1904) = sheet_list(&list, &targets)?;
        let styles = match open_part(z, "xl/styles.xml", "样式表（xl/styles.xml）", file_bytes, &limits)? {
            Some(part) => cell_styles(part, &limits)?,
            None => Vec::new(),
        };
        let label = "共享字符串表（xl/sharedStrings.xml）";
        let strings = match open_part(z, "xl/sharedStrings.xml", label, file_bytes, &limits)? {
            Some(part) => {
                // Room for the text at once (rather than doubling megabytes as it fills):
                // as much as the part says it inflates to, but no more than its
                // compressed bytes could plausibly hold.
                let compressed = part.compressed.unwrap_or(0);
                let room = part.inner.size().min(compressed.saturating_mul(16)).min(MAX_RESERVED_TEXT);
                shared_strings(part, room as usize, &limits)?
            }
            None => SharedStrings::default(),
        };
        Ok(Workbook { zip, sheets, strings, styles, date1904, limits, file_bytes })
    }

    pub fn sheet_names(&self) -> Vec<String> {
        self.sheets.iter().map(|(name, _)| name.clone()).collect()
    }

    /// The cells of the sheet named `sheet`, read as the zip inflates them.
    pub fn cells(&mut self, sheet: &str) -> Result<SheetCells<'_, 'b>, Failure> {
        let Workbook { zip, sheets, strings, styles, date1904, limits, file_bytes } = self;
        let path = &sheets
            .iter()
            .find(|(name, _)| name == sheet)
            .ok_or_else(|| Failure::Unreadable(format!("没有名为“{sheet}”的工作表")))?
            .1;
        let label = format!("工作表“{sheet}”");
        let part = open_part(zip, path, &label, *file_bytes, limits)?;
        let part = part.ok_or_else(|| Failure::Damaged(format!("{label}的数据（{path}）不在压缩包中")))?;
        let mut cells = SheetCells {
            tokens: XmlTokens::new(part).with_max_token(limits.max_token),
            done: false,
            strings,
            styles,
            date1904: *date1904,
            dimensions: ((0, 0), (0, 0)),
            row: 0,
            column: 0,
            scratch: String::new(),
            cell_chars: limits.cell_chars,
        };
        cells.read_to_sheet_data()?;
        Ok(cells)
    }
}

/// The part at `path` as it inflates, within its allowance; None when it is absent.
fn open_part<'a, 'b>(
    zip: &'a mut ZipArchive<Cursor<&'b [u8]>>,
    path: &str,
    label: &str,
    file_bytes: u64,
    limits: &Limits,
) -> Result<Option<Part<'a, 'b>>, Failure> {
    match zip.by_name(path) {
        Ok(part) => {
            // No part's compressed data can be larger than the file, whatever it says.
            let compressed = part.compressed_size().min(file_bytes);
            let limit = limits.allowance(compressed);
            Ok(Some(Inflating { inner: part, label: label.to_string(), read: 0, limit, compressed: Some(compressed) }))
        }
        Err(ZipError::FileNotFound) => Ok(None),
        Err(e) => Err(zip_failure(e, path)),
    }
}

/// A small part read whole (at most `limits.whole_part_bytes`); `path` names it if absent.
fn read_whole(part: Option<Part>, path: &str, limits: &Limits) -> Result<Vec<u8>, Failure> {
    let whole = limits.whole_part_bytes;
    let mut part = part.ok_or_else(|| Failure::Unreadable(format!("缺少 {path}")))?;
    if part.limit > whole {
        (part.limit, part.compressed) = (whole, None);
    }
    let label = part.label.clone();
    let mut bytes = Vec::new();
    part.read_to_end(&mut bytes).map_err(|e| failure_of(e, (None, 0), |what| format!("{label}：{what}")))?;
    Ok(bytes)
}

/// Inflates every part of the zip within `limits`, keeping nothing: a zip another reader
/// (calamine) is to read, which would inflate its parts without limits.
pub fn check_parts(bytes: &[u8], limits: Limits) -> Result<(), Failure> {
    let mut zip = ZipArchive::new(Cursor::new(bytes)).map_err(|_| Failure::Unopenable(ZIP_CUT_OFF.into()))?;
    for index in 0..zip.len() {
        let part = zip.by_index(index).map_err(|e| zip_failure(e, &format!("第 {} 个部件", index + 1)))?;
        let compressed = part.compressed_size().min(bytes.len() as u64);
        let (label, limit) = (part.name().to_string(), limits.allowance(compressed));
        let mut part = Inflating { inner: part, label, read: 0, limit, compressed: Some(compressed) };
        std::io::copy(&mut part, &mut std::io::sink())
            .map_err(|e| failure_of(e, (None, 0), |what| what.to_string()))?;
    }
    Ok(())
}

/// A part of the workbook's zip as it inflates.
type Part<'a, 'b> = Inflating<ZipFile<'a, Cursor<&'b [u8]>>>;

fn text_of(raw: &[u8]) -> Result<String, Failure> {
    let mut out = String::new();
    decode_text(raw, &mut out).map_err(|e| Failure::Unreadable(e.to_string()))?;
    Ok(out)
}

/// The failure of reading `part`'s XML.
fn xml_failure(part: &'static str) -> impl Fn(std::io::Error) -> Failure {
    move |e| failure_of(e, (None, 0), |what| format!("{part}：{what}"))
}

/// Relationship ids and their targets' paths in the zip.
fn relationship_targets(xml: &[u8]) -> Result<FxHashMap<String, String>, Failure> {
    let mut tokens = XmlTokens::new(xml);
    let mut targets = FxHashMap::default();
    while let Some(token) = tokens.next_token().map_err(xml_failure("workbook.xml.rels"))? {
        if let Token::Start { name: b"Relationship", attrs, .. } = token {
            if let (Some(id), Some(target)) = (attr(attrs, b"Id"), attr(attrs, b"Target")) {
                let target = text_of(target)?;
                // Targets are relative to xl/, or absolute from the zip's root.
                let path = match target.strip_prefix('/') {
                    Some(absolute) => absolute.to_string(),
                    None => format!("xl/{}", target.trim_start_matches("./")),
                };
                // The first of an id counts, as a list searched in order would find it.
                targets.entry(text_of(id)?).or_insert(path);
            }
        }
    }
    Ok(targets)
}

type SheetList = (Vec<(String, String)>, bool);

fn sheet_list(xml: &[u8], targets: &FxHashMap<String, String>) -> Result<SheetList, Failure> {
    let mut tokens = XmlTokens::new(xml);
    let (mut sheets, mut date1904) = (Vec::new(), false);
    while let Some(token) = tokens.next_token().map_err(xml_failure("workbook.xml"))? {
        match token {
            Token::Start { name: b"sheet", attrs, .. } => {
                let (Some(name), Some(id)) = (attr(attrs, b"name"), attr(attrs, b"r:id")) else { continue };
                if let Some(path) = targets.get(&text_of(id)?) {
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
fn cell_styles(part: impl Read, limits: &Limits) -> Result<Vec<NumberKind>, Failure> {
    let mut tokens = XmlTokens::new(part).with_max_token(limits.max_token);
    // By id: a styles part may list many formats, and each style looks its own up.
    let mut custom: FxHashMap<Vec<u8>, NumberKind> = FxHashMap::default();
    let mut styles = Vec::new();
    let mut in_cell_xfs = false;
    while let Some(token) = tokens.next_token().map_err(xml_failure("styles.xml"))? {
        match token {
            Token::Start { name: b"numFmt", attrs, .. } => {
                if let (Some(id), Some(code)) = (attr(attrs, b"numFmtId"), attr(attrs, b"formatCode")) {
                    let kind = custom_format_kind(&text_of(code)?);
                    custom.entry(id.to_vec()).or_insert(kind);
                }
            }
            Token::Start { name: b"cellXfs", empty: false, .. } => in_cell_xfs = true,
            Token::End { name: b"cellXfs" } => in_cell_xfs = false,
            Token::Start { name: b"xf", attrs, .. } if in_cell_xfs => {
                let id = attr(attrs, b"numFmtId").unwrap_or(b"0");
                styles.push(custom.get(id).copied().unwrap_or_else(|| builtin_format_kind(id)));
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

/// The shared strings, with `room` bytes made for their text at once (rather than
/// doubling, and copying, a buffer of megabytes as it fills). They may hold
/// `limits.strings_bytes` in all, each at most `limits.cell_chars` characters.
fn shared_strings(part: Part, room: usize, limits: &Limits) -> Result<SharedStrings, Failure> {
    let label = part.label.clone();
    let mut tokens = XmlTokens::new(part).with_max_token(limits.max_token);
    let failed = |e| failure_of(e, (None, limits.cell_chars), |what| format!("{label}：{what}"));
    let mut strings = SharedStrings::default();
    let room = room.min(limits.strings_bytes.min(usize::MAX as u64) as usize);
    strings.text.reserve(room);
    let whole = |strings: &SharedStrings, start: usize| -> Result<(), Failure> {
        if too_many_chars(&strings.text[start..], limits.cell_chars) {
            return Err(Failure::CellTooLong { row: None, max_chars: limits.cell_chars });
        }
        if strings.bytes() > limits.strings_bytes {
            let (part, limit_bytes) = (label.clone(), limits.strings_bytes);
            return Err(Failure::TooLarge { part, limit_bytes, compressed_bytes: None });
        }
        Ok(())
    };
    loop {
        if let Some(text) = tokens.simple_text_item(b"si", b"t", limits.cell_bytes()) {
            let start = strings.text.len();
            push_run(text, false, &mut strings.text);
            strings.ends.push(strings.text.len());
            whole(&strings, start)?;
            continue;
        }
        let Some(token) = tokens.next_token().map_err(failed)? else { break };
        match token {
            Token::Start { name: b"sst", attrs, .. } => {
                // A count the part states is a hint, capped by the room its text has.
                let count = attr(attrs, b"uniqueCount").and_then(|c| std::str::from_utf8(c).ok()?.parse().ok());
                strings.ends.reserve(count.unwrap_or(0).min(room / 16));
            }
            Token::Start { name: b"si", empty, .. } => {
                let start = strings.text.len();
                if !empty {
                    read_rich_text(&mut tokens, &mut strings.text, limits.cell_bytes()).map_err(failed)?;
                }
                strings.ends.push(strings.text.len());
                whole(&strings, start)?;
            }
            _ => {}
        }
    }
    Ok(strings)
}

/// Whether a cell's text holds more than `max` characters (counted only when its bytes
/// could).
fn too_many_chars(text: &str, max: usize) -> bool {
    text.len() > max && text.chars().count() > max
}

/// The text of a string item (`<si>`, `<is>`) just started: its `<t>` runs joined, the
/// phonetic guides (`<rPh>`) left out, each run trimmed unless it preserves its spaces,
/// and Excel's `_xHHHH_` escapes undone. An error (`TooLong::Text`) once it has added
/// more than `limit` bytes.
fn read_rich_text<R: Read>(tokens: &mut XmlTokens<R>, out: &mut String, limit: usize) -> std::io::Result<()> {
    let mut depth = 0usize;
    let mut phonetic = false;
    let mut run = String::new();
    let start = out.len();
    loop {
        match tokens.next_token()? {
            None => return Err(std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "字符串没有结束")),
            Some(Token::Start { name: b"t", attrs, empty: false }) if !phonetic => {
                let preserve = attr(attrs, b"xml:space") == Some(b"preserve");
                run.clear();
                tokens.read_text(&mut run, limit)?;
                push_run(&run, preserve, out);
                if out.len() - start > limit {
                    return Err(std::io::Error::new(std::io::ErrorKind::InvalidData, TooLong::Text(limit)));
                }
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

/// Appends a text run's text as the cell holds it: trimmed unless it preserves its spaces,
/// Excel's escapes undone.
fn push_run(text: &str, preserve: bool, out: &mut String) {
    let text = if preserve { text } else { text.trim_matches([' ', '\t', '\r', '\n']) };
    unescape_excel(text, out);
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
    tokens: XmlTokens<Part<'a, 'b>>,
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
    /// Characters one cell may hold.
    cell_chars: usize,
}

/// Excel's last column is XFD: a cell beyond it is damage (and padding a row out to a
/// column given as `ZZZZZZ` would take gigabytes).
const EXCEL_COLUMNS: u32 = 16_384;

impl SheetCells<'_, '_> {
    /// The sheet's declared range: (first row, first column), (last row, last column).
    pub fn dimensions(&self) -> ((u32, u32), (u32, u32)) {
        self.dimensions
    }

    fn broken(&self, what: &str) -> Failure {
        Failure::Unreadable(broken_at(self.row, what))
    }

    /// The failure of reading the sheet's XML near `row` (0-based).
    fn failed(row: u32, cell_chars: usize) -> impl FnOnce(std::io::Error) -> Failure {
        move |e| failure_of(e, (Some(u64::from(row) + 1), cell_chars), |what| broken_at(row, what))
    }

    fn read_to_sheet_data(&mut self) -> Result<(), Failure> {
        loop {
            match self.tokens.next_token().map_err(Self::failed(0, self.cell_chars))? {
                None => return Err(Failure::Unreadable("工作表没有 sheetData".into())),
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
                None => match self.tokens.next_token().map_err(Self::failed(row, self.cell_chars))? {
                    None => return Ok(None),
                    // An empty element counts as its start and its end (as calamine reads it).
                    Some(Token::Start { name: b"row", attrs, empty }) => {
                        if let Some(reference) = attr(attrs, b"r") {
                            self.row = position(reference).ok_or_else(|| self.broken("行号无法识别"))?.0;
                        }
                        if empty {
                            self.row = self.row.saturating_add(1);
                            self.column = 0;
                        }
                        continue;
                    }
                    Some(Token::End { name: b"row" }) => {
                        self.row = self.row.saturating_add(1);
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
                if matches!(found, Found::Scratch) && too_many_chars(&self.scratch, self.cell_chars) {
                    return Err(Failure::CellTooLong { row: Some(u64::from(row) + 1), max_chars: self.cell_chars });
                }
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
    /// reader.) Inlined: it runs for every cell, and inlined a workbook takes 2% fewer
    /// instructions to read (two months: 5,166 → 5,068 M).
    #[inline(always)]
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
                _ => return Err(Failure::Unreadable(broken_at(row, "单元格位置无法识别"))),
            },
            None => (row, *column),
        };
        if at.1 >= EXCEL_COLUMNS {
            let what = format!("单元格在第 {} 列，超出 Excel 的 {EXCEL_COLUMNS} 列", u64::from(at.1) + 1);
            return Err(Failure::Unreadable(broken_at(row, &what)));
        }
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
        let row = self.row;
        // Most cells are `<v>…</v></c>` exactly: read straight from the buffer.
        if let Some(raw) = self.tokens.simple_element(b"v") {
            // A shared string's number (most cells) is read in place: no copy, no check.
            let index = if kind == CellType::Shared { plain_index(raw) } else { None };
            value = match index {
                Some(index) if index < self.strings.len() => Some(Found::Shared(index)),
                _ => {
                    let text =
                        std::str::from_utf8(raw).map_err(|_| Failure::Unreadable(broken_at(row, "文本不是 UTF-8")))?;
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
        let limit = self.cell_chars.saturating_mul(4);
        loop {
            if let Some(text) = self.tokens.simple_text_item(b"is", b"t", limit) {
                // An inline string written plainly, as most are.
                self.scratch.clear();
                push_run(text, false, &mut self.scratch);
                value = Some(Found::Scratch);
                continue;
            }
            let row = self.row;
            let failed = Self::failed(row, self.cell_chars);
            let token = self.tokens.next_token().map_err(failed)?;
            match token {
                None => return Err(self.broken("单元格没有结束")),
                Some(Token::End { name: b"c" }) => return Ok(value),
                // An empty element is read as a start and an end, as calamine reads it.
                Some(Token::Start { name: b"is", empty, .. }) => {
                    self.scratch.clear();
                    if !empty {
                        read_rich_text(&mut self.tokens, &mut self.scratch, limit)
                            .map_err(Self::failed(row, self.cell_chars))?;
                    }
                    value = Some(Found::Scratch);
                }
                Some(Token::Start { name: b"v", empty, .. }) => {
                    self.scratch.clear();
                    if !empty {
                        self.tokens.read_text(&mut self.scratch, limit).map_err(Self::failed(row, self.cell_chars))?;
                    }
                    value = if kind == CellType::InlineString { None } else { self.value_of(kind, number_kind)? };
                }
                Some(Token::Start { name: b"f", empty, .. }) => {
                    if !empty {
                        self.tokens.skip_element().map_err(Self::failed(row, self.cell_chars))?;
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

fn broken_at(row: u32, what: &str) -> String {
    format!("工作表第 {} 行附近：{what}", u64::from(row) + 1)
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
        type Reference = Option<(u32, Option<u32>)>;
        let cases: [(&[u8], Reference); 9] = [
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
