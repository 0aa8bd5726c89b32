//! The typed ticket table: one row per intake record, stored by column. Repeated values
//! (channels, categories, regions …) are interned to small integer codes so a year of
//! tickets stays compact and group-bys are integer work.

use std::hash::BuildHasher;

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;
use serde::{Deserialize, Serialize};

use crate::period::Timestamp;

/// The fields the report reads. Exports name them in many ways; `ingest::columns` maps
/// headers to these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Id,
    IntakeTime,
    Channel,
    Platform,
    TicketType,
    HandlingMethod,
    TransferCategory,
    Category1,
    Category2,
    Category3,
    /// All levels in one column, joined by `/`, `-`, `>` …
    CategoryPath,
    /// A DB44/T 2479 code naming the levels.
    CategoryCode,
    Region,
    Town,
    Unit,
    UnitKind,
    Deadline,
    ClosedTime,
    Status,
    Replied,
    Satisfaction,
    Content,
    DutyLeader,
    DutyLeaderUnit,
    /// The caller's number, masked (`138****5678`) or not.
    Caller,
    /// Where the problem is: the address or place of the event.
    Address,
    Title,
    /// The unit's reply: what it says it did (答复内容、办理结果).
    Reply,
    /// How many times the ticket was sent back, sent again, given more time, urged (a
    /// count, or yes / no).
    Returns,
    Redispatches,
    Extensions,
    Urges,
}

impl Field {
    pub const ALL: [Field; 32] = [
        Field::Id,
        Field::IntakeTime,
        Field::Channel,
        Field::Platform,
        Field::TicketType,
        Field::HandlingMethod,
        Field::TransferCategory,
        Field::Category1,
        Field::Category2,
        Field::Category3,
        Field::CategoryPath,
        Field::CategoryCode,
        Field::Region,
        Field::Town,
        Field::Unit,
        Field::UnitKind,
        Field::Deadline,
        Field::ClosedTime,
        Field::Status,
        Field::Replied,
        Field::Satisfaction,
        Field::Content,
        Field::DutyLeader,
        Field::DutyLeaderUnit,
        Field::Caller,
        Field::Address,
        Field::Title,
        Field::Reply,
        Field::Returns,
        Field::Redispatches,
        Field::Extensions,
        Field::Urges,
    ];

    /// The field's name as the page shows it.
    pub fn label(self) -> &'static str {
        match self {
            Field::Id => "工单编号",
            Field::IntakeTime => "受理时间",
            Field::Channel => "诉求渠道",
            Field::Platform => "受理平台",
            Field::TicketType => "诉求类型",
            Field::HandlingMethod => "办理方式",
            Field::TransferCategory => "转办类别",
            Field::Category1 => "一级分类",
            Field::Category2 => "二级分类",
            Field::Category3 => "三级分类",
            Field::CategoryPath => "分类（多级合一列）",
            Field::CategoryCode => "分类编码（DB44/T 2479）",
            Field::Region => "所属区域",
            Field::Town => "所属镇街",
            Field::Unit => "承办单位",
            Field::UnitKind => "单位类型",
            Field::Deadline => "办结期限",
            Field::ClosedTime => "办结时间",
            Field::Status => "工单状态",
            Field::Replied => "是否回复",
            Field::Satisfaction => "满意度",
            Field::Content => "诉求内容",
            Field::DutyLeader => "值班领导",
            Field::DutyLeaderUnit => "值班领导单位",
            Field::Caller => "来电号码",
            Field::Address => "诉求地址",
            Field::Title => "标题",
            Field::Reply => "答复内容",
            Field::Returns => "退回次数",
            Field::Redispatches => "重派次数",
            Field::Extensions => "延期次数",
            Field::Urges => "催办次数",
        }
    }
}

/// The count fields, in the order of `TicketTable::markers`.
pub const MARKERS: [Field; 4] = [Field::Returns, Field::Redispatches, Field::Extensions, Field::Urges];

/// Marks a missing time in a time column.
pub const NO_TIME: Timestamp = i64::MIN;

/// Interned strings; code 0 is always the empty string (a missing value).
#[derive(Debug, Clone)]
pub struct Symbols {
    /// Codes, found by their names' hash; each name is stored once, in `names`.
    codes: HashTable<u32>,
    names: Vec<Box<str>>,
}

impl Default for Symbols {
    fn default() -> Self {
        let mut codes = HashTable::new();
        codes.insert_unique(hash(""), 0, |_| hash(""));
        Symbols { codes, names: vec![Box::from("")] }
    }
}

fn hash(name: &str) -> u64 {
    FxBuildHasher.hash_one(name)
}

impl Symbols {
    pub fn intern(&mut self, name: &str) -> u32 {
        let Symbols { codes, names } = self;
        let hash = hash(name);
        match codes.find(hash, |&code| same_text(&names[code as usize], name)) {
            Some(&code) => code,
            None => {
                let code = names.len() as u32;
                names.push(Box::from(name));
                codes.insert_unique(hash, code, |&code| self::hash(&names[code as usize]));
                code
            }
        }
    }

    pub fn code(&self, name: &str) -> Option<u32> {
        self.codes.find(hash(name), |&code| same_text(&self.names[code as usize], name)).copied()
    }

    pub fn name(&self, code: u32) -> &str {
        &self.names[code as usize]
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.len() <= 1
    }
}

/// String equality eight bytes at a time. Cells are short, and in wasm `==` on strings
/// calls a `memcmp` that compares byte by byte (it was a twentieth of reading a file).
/// The last eight bytes (or four, or each of fewer) are compared as one overlapping
/// word, so a length that is no multiple of eight (most Chinese text) has no byte loop.
#[inline]
pub fn same_text(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let len = a.len();
    if len != b.len() {
        return false;
    }
    let word = |bytes: &[u8], at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().expect("eight bytes"));
    let half = |bytes: &[u8], at: usize| u32::from_le_bytes(bytes[at..at + 4].try_into().expect("four bytes"));
    match len {
        0..=3 => a == b,
        4..=8 => half(a, 0) == half(b, 0) && half(a, len - 4) == half(b, len - 4),
        _ => {
            let mut at = 0;
            while at + 8 < len {
                if word(a, at) != word(b, at) {
                    return false;
                }
                at += 8;
            }
            word(a, len - 8) == word(b, len - 8)
        }
    }
}

/// A column of interned values.
#[derive(Debug, Clone, Default)]
pub struct SymbolColumn {
    pub symbols: Symbols,
    pub codes: Vec<u32>,
    /// The code pushed last: exports list a day's tickets together, so a value often
    /// repeats the one above it, and comparing is cheaper than hashing.
    last: u32,
}

impl SymbolColumn {
    /// Adds a value that the caller has already trimmed (`ingest::clean`).
    pub fn push(&mut self, value: &str) {
        let code = if value.is_empty() {
            0
        } else if same_text(self.symbols.name(self.last), value) {
            self.last
        } else {
            self.last = self.symbols.intern(value);
            self.last
        };
        self.codes.push(code);
    }

    /// Adds a value that is likely the one coded `hint` (see `ingest::parent_hints`),
    /// comparing with it before anything else; returns the value's code.
    pub fn push_hinted(&mut self, value: &str, hint: u32) -> u32 {
        if hint != 0 && same_text(self.symbols.name(hint), value) {
            self.last = hint;
            self.codes.push(hint);
            hint
        } else {
            self.push(value);
            self.codes[self.codes.len() - 1]
        }
    }

    /// The code of the value pushed last.
    pub fn last_code(&self) -> u32 {
        self.codes.last().copied().unwrap_or(0)
    }

    pub fn get(&self, row: usize) -> &str {
        self.symbols.name(self.codes[row])
    }

    /// Replaces every value by `f(value)`, working once per distinct value rather than
    /// per row. Codes stay in order of first appearance.
    pub fn map_values(&mut self, f: impl Fn(&str) -> String) {
        let mut mapped = Symbols::default();
        let remap: Vec<u32> =
            (0..self.symbols.len()).map(|code| mapped.intern(&f(self.symbols.name(code as u32)))).collect();
        for code in &mut self.codes {
            *code = remap[*code as usize];
        }
        self.symbols = mapped;
        self.last = 0;
    }

    /// Codes of every value in `names` that occurs in the column.
    pub fn codes_of<'a>(&self, names: impl IntoIterator<Item = &'a String>) -> Vec<u32> {
        names.into_iter().filter_map(|n| self.symbols.code(n.trim())).collect()
    }
}

/// Bytes a column holds room for, and what it adds when `rows` more rows come: its room
/// again when they do not fit (it doubles).
fn vec_memory<T>(column: &Vec<T>, rows: usize) -> (usize, usize) {
    let held = column.capacity() * std::mem::size_of::<T>();
    (held, if column.capacity() - column.len() < rows { doubling(held) } else { 0 })
}

/// What doubling a buffer of `held` bytes adds: all of it again, or (as `usize::MAX`,
/// beyond any budget) more than can be had when the doubled buffer would pass `isize::MAX`
/// bytes, which no allocation may (in wasm, a column past 1 GiB cannot double).
fn doubling(held: usize) -> usize {
    if held > isize::MAX as usize / 2 {
        usize::MAX
    } else {
        held
    }
}

/// A column of free text kept in one buffer (no allocation per row). A column whose every
/// value so far is blank (a field the files lack) holds only its row count.
#[derive(Debug, Clone, Default)]
pub struct TextColumn {
    text: String,
    ends: Vec<usize>,
    rows: usize,
}

impl TextColumn {
    /// Room for `rows` more rows of `bytes` in all, when it can be had (see
    /// `TicketTable::reserve`).
    pub fn reserve(&mut self, rows: usize, bytes: usize) {
        let _ = self.ends.try_reserve(rows);
        let _ = self.text.try_reserve(bytes);
    }

    /// Bytes of text held.
    pub fn text_len(&self) -> usize {
        self.text.len()
    }

    /// Bytes the column holds room for (its text and row ends), and the bytes that
    /// growing would add if `rows` more rows came.
    pub fn memory(&self, rows: usize) -> (usize, usize) {
        let ends = vec_memory(&self.ends, rows);
        let per_row = self.text.len().div_ceil(self.ends.len().max(1));
        let text_growth = if self.text.capacity() - self.text.len() < rows.saturating_mul(per_row) {
            doubling(self.text.capacity())
        } else {
            0
        };
        (self.text.capacity() + ends.0, text_growth.saturating_add(ends.1))
    }

    /// Rows and bytes of text the column has room for without growing.
    pub fn capacity(&self) -> (usize, usize) {
        (self.ends.capacity(), self.text.capacity())
    }

    pub fn push(&mut self, value: &str) {
        self.rows += 1;
        if self.ends.is_empty() {
            // Blank so far: nothing is kept until a value comes.
            if value.is_empty() {
                return;
            }
            self.ends.resize(self.rows - 1, 0);
        }
        self.text.push_str(value);
        self.ends.push(self.text.len());
    }

    pub fn get(&self, row: usize) -> &str {
        if self.ends.is_empty() {
            return "";
        }
        let start = if row == 0 { 0 } else { self.ends[row - 1] };
        &self.text[start..self.ends[row]]
    }

    pub fn len(&self) -> usize {
        self.rows
    }

    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// Whether any row holds a value (a column mapped but blank throughout holds none).
    pub fn has_values(&self) -> bool {
        !self.ends.is_empty()
    }
}

/// Small counts per row (times returned, urged …; 255 and more read as 255), kept only
/// once a row has one: a field the files lack costs nothing.
#[derive(Debug, Clone, Default)]
pub struct CountColumn {
    counts: Vec<u8>,
    rows: usize,
}

impl CountColumn {
    pub fn push(&mut self, count: u8) {
        self.rows += 1;
        if self.counts.is_empty() {
            if count == 0 {
                return;
            }
            self.counts.resize(self.rows - 1, 0);
        }
        self.counts.push(count);
    }

    pub fn get(&self, row: usize) -> u8 {
        self.counts.get(row).copied().unwrap_or(0)
    }

    pub fn len(&self) -> usize {
        self.rows
    }

    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    fn memory(&self, rows: usize) -> (usize, usize) {
        match self.counts.is_empty() {
            true => (0, 0),
            false => vec_memory(&self.counts, rows),
        }
    }
}

/// A table's interned columns, borrowed as `&` or `&mut`: one list for both.
macro_rules! symbol_columns {
    ($table:expr, $($borrow:tt)+) => {{
        let [top, middle, lowest] = $($borrow)+ $table.category;
        [
            $($borrow)+ $table.channel,
            $($borrow)+ $table.platform,
            $($borrow)+ $table.ticket_type,
            $($borrow)+ $table.transfer_category,
            $($borrow)+ $table.region,
            $($borrow)+ $table.town,
            $($borrow)+ $table.unit,
            $($borrow)+ $table.unit_kind,
            $($borrow)+ $table.status,
            $($borrow)+ $table.satisfaction,
            $($borrow)+ $table.leader,
            $($borrow)+ $table.leader_unit,
            top,
            middle,
            lowest,
        ]
    }};
}

/// Every accepted intake record, by column.
#[derive(Debug, Clone, Default)]
pub struct TicketTable {
    /// Fields that some loaded file supplied; statistics that need a missing one are left out.
    pub present: Vec<Field>,
    pub id: TextColumn,
    pub intake: Vec<Timestamp>,
    pub channel: SymbolColumn,
    pub platform: SymbolColumn,
    /// Canonical type names (aliases already applied).
    pub ticket_type: SymbolColumn,
    pub transferred: Vec<bool>,
    pub transfer_category: SymbolColumn,
    pub category: [SymbolColumn; 3],
    pub region: SymbolColumn,
    pub town: SymbolColumn,
    pub unit: SymbolColumn,
    pub unit_kind: SymbolColumn,
    pub deadline: Vec<Timestamp>,
    pub closed: Vec<Timestamp>,
    pub status: SymbolColumn,
    pub replied: Vec<Option<bool>>,
    pub satisfaction: SymbolColumn,
    pub content: TextColumn,
    pub leader: SymbolColumn,
    pub leader_unit: SymbolColumn,
    pub caller: TextColumn,
    pub address: TextColumn,
    pub title: TextColumn,
    pub reply: TextColumn,
    /// Times sent back, sent again, given more time, urged (`Field::Returns` …).
    pub markers: [CountColumn; 4],
    /// Where each row came from: its file and its row number there (`Origin`).
    pub origin: Vec<Origin>,
}

/// A row's file (its index among the files read) and 1-based row number in that file, as
/// a spreadsheet numbers it, packed in one word: the ticket's original row can then be read
/// again from the file instead of being kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Origin(u64);

impl Origin {
    /// Row numbers take the low 44 bits (a sheet may number rows up to 4 × 10⁹).
    const ROW_BITS: u32 = 44;

    pub fn new(file: usize, row: u64) -> Origin {
        Origin(((file as u64) << Self::ROW_BITS) | (row & ((1 << Self::ROW_BITS) - 1)))
    }

    pub fn file(self) -> usize {
        (self.0 >> Self::ROW_BITS) as usize
    }

    pub fn row(self) -> u64 {
        self.0 & ((1 << Self::ROW_BITS) - 1)
    }
}

impl TicketTable {
    /// Makes room for `rows` more rows whose ids and contents take about `id_bytes` and
    /// `content_bytes` of text, so the columns grow once rather than doubling as they fill.
    ///
    /// Room made ahead is an estimate: where it cannot be had (more than one buffer may
    /// hold, `isize::MAX` bytes, which in wasm is 2 GiB of content), none is made and the
    /// column grows as rows come, the memory check stopping it in time. `reserve` would
    /// panic ("capacity overflow").
    pub fn reserve(&mut self, rows: usize, id_bytes: usize, content_bytes: usize) {
        self.id.reserve(rows, id_bytes);
        self.content.reserve(rows, content_bytes);
        for times in [&mut self.intake, &mut self.deadline, &mut self.closed] {
            let _ = times.try_reserve(rows);
        }
        let _ = self.transferred.try_reserve(rows);
        let _ = self.replied.try_reserve(rows);
        let _ = self.origin.try_reserve(rows);
        for column in self.symbol_columns_mut() {
            let _ = column.codes.try_reserve(rows);
        }
    }

    /// Bytes a row takes in the columns besides its texts (codes, times, flags, and where
    /// its id and content end).
    pub const ROW_BYTES: usize = 15 * std::mem::size_of::<u32>()
        + 3 * std::mem::size_of::<Timestamp>()
        + std::mem::size_of::<bool>()
        + std::mem::size_of::<Option<bool>>()
        + std::mem::size_of::<Origin>()
        + 2 * std::mem::size_of::<usize>();

    /// The bytes the columns hold room for (their codes, times and texts; the distinct
    /// names are few); the bytes their growth would add if `rows` more rows came; and the
    /// most that growing holds for a moment besides (a column that grows is copied into
    /// room twice its size before its old room goes). The columns are given room for the
    /// same rows, so they fill, and grow, together.
    pub fn memory(&self, rows: usize) -> (usize, usize, usize) {
        let mut parts = vec![self.id.memory(rows), self.content.memory(rows)];
        // Columns the files lack hold no room (`TextColumn::push`).
        for text in [&self.caller, &self.address, &self.title, &self.reply] {
            parts.push(if text.ends.is_empty() { (0, 0) } else { text.memory(rows) });
        }
        parts.extend(self.markers.iter().map(|counts| counts.memory(rows)));
        parts.extend([&self.intake, &self.deadline, &self.closed].map(|times| vec_memory(times, rows)));
        parts.push(vec_memory(&self.transferred, rows));
        parts.push(vec_memory(&self.replied, rows));
        parts.push(vec_memory(&self.origin, rows));
        parts.extend(self.symbol_columns().map(|column| vec_memory(&column.codes, rows)));
        let copied = parts.iter().map(|part| part.1).max().unwrap_or(0);
        let (held, growth) =
            parts.iter().fold((0, 0usize), |(held, growth), part| (held + part.0, growth.saturating_add(part.1)));
        (held, growth, copied)
    }

    fn symbol_columns(&self) -> [&SymbolColumn; 15] {
        symbol_columns!(self, &)
    }

    fn symbol_columns_mut(&mut self) -> [&mut SymbolColumn; 15] {
        symbol_columns!(self, &mut)
    }

    pub fn len(&self) -> usize {
        self.intake.len()
    }

    pub fn is_empty(&self) -> bool {
        self.intake.is_empty()
    }

    pub fn has(&self, field: Field) -> bool {
        self.present.contains(&field)
    }
}

/// A cell without the spaces exports pad it with: ASCII white space and the full-width
/// space (U+3000). Cheaper than `str::trim` on the hot path, and done once per cell.
pub fn clean(cell: &str) -> &str {
    // Most cells have no padding: a printable first byte and a last one that cannot end
    // U+3000 (E3 80 80) settle it.
    if let (Some(&first), Some(&last)) = (cell.as_bytes().first(), cell.as_bytes().last()) {
        if first > b' ' && first != 0xe3 && last > b' ' && last != 0x80 {
            return cell;
        }
    }
    let mut text = cell.trim_ascii();
    while let Some(rest) = text.strip_prefix('\u{3000}') {
        text = rest.trim_ascii_start();
    }
    while let Some(rest) = text.strip_suffix('\u{3000}') {
        text = rest.trim_ascii_end();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_lose_ascii_and_full_width_padding_only() {
        assert_eq!(clean("  廉江市\u{3000} "), "廉江市");
        assert_eq!(clean("\u{3000}\t咨询"), "咨询");
        assert_eq!(clean("中 间"), "中 间");
        assert_eq!(clean(""), "");
    }

    #[test]
    fn room_that_no_buffer_can_hold_is_not_made_and_does_not_panic() {
        // In wasm, room for 120,000 rows of 30 KB is past isize::MAX: `reserve` panicked.
        let mut table = TicketTable::default();
        table.reserve(isize::MAX as usize, isize::MAX as usize, isize::MAX as usize / 2 + 1);
        assert_eq!(table.content.capacity(), (0, 0));
        table.content.push("可以照常增长");
        assert_eq!(table.content.get(0), "可以照常增长");
    }

    #[test]
    fn a_column_that_could_not_double_counts_as_growing_beyond_any_budget() {
        assert_eq!(doubling(1 << 20), 1 << 20);
        assert_eq!(doubling(isize::MAX as usize / 2), isize::MAX as usize / 2);
        // In wasm a column of 1 GiB cannot double: growing it would panic ("capacity overflow").
        assert_eq!(doubling(isize::MAX as usize / 2 + 1), usize::MAX);
    }

    #[test]
    fn symbols_intern_once_and_reserve_zero_for_empty() {
        let mut column = SymbolColumn::default();
        for value in ["电话", "电话", "", "网站"] {
            column.push(value);
        }
        assert_eq!(column.codes, vec![1, 1, 0, 2]);
        assert_eq!(column.get(3), "网站");
        assert_eq!(column.symbols.code("电话"), Some(1));
    }

    #[test]
    fn reserving_gives_every_column_room_at_once() {
        let mut table = TicketTable::default();
        table.reserve(1000, 20_000, 300_000);
        assert!(table.intake.capacity() >= 1000 && table.closed.capacity() >= 1000);
        assert!(table.category[2].codes.capacity() >= 1000 && table.leader_unit.codes.capacity() >= 1000);
        let (rows, bytes) = table.content.capacity();
        assert!(rows >= 1000 && bytes >= 300_000);
        assert!(table.id.capacity().1 >= 20_000);
    }

    #[test]
    fn memory_counts_the_room_held_and_the_doubling_ahead() {
        let mut table = TicketTable::default();
        table.reserve(1000, 12_000, 90_000);
        for row in 0..990 {
            table.id.push(&format!("{row:012}"));
            table.content.push(&"诉".repeat(30)); // 90 bytes
            for times in [&mut table.intake, &mut table.deadline, &mut table.closed] {
                times.push(0);
            }
            table.transferred.push(false);
            table.replied.push(None);
            table.origin.push(Origin::new(0, row + 2));
            for column in table.symbol_columns_mut() {
                column.push("电话");
            }
        }
        let (held, growth, copied) = table.memory(5);
        // Room made for exactly 1000 rows: every column's row bytes, and the texts.
        assert_eq!(held, 1000 * TicketTable::ROW_BYTES + 12_000 + 90_000);
        assert_eq!((growth, copied), (0, 0), "room for 5 more rows");
        let content = table.content.memory(0).0;
        assert_eq!(table.memory(20), (held, held, content), "20 more rows: every column doubles, the contents largest");
    }

    #[test]
    fn values_mapped_per_symbol_keep_rows_and_order() {
        let mut column = SymbolColumn::default();
        for value in ["廉江", "", "霞山区", "廉江市", "廉江"] {
            column.push(value);
        }
        column.map_values(|v| if v == "廉江" { "廉江市".into() } else { v.into() });
        let rows: Vec<&str> = (0..5).map(|row| column.get(row)).collect();
        assert_eq!(rows, ["廉江市", "", "霞山区", "廉江市", "廉江市"]);
        assert_eq!(column.codes, vec![1, 0, 2, 1, 1], "codes by first appearance, as pushing would give");
    }

    #[test]
    fn texts_compare_equal_exactly_when_their_bytes_do() {
        let texts = ["", "a", "市级平台", "市级平台甲", "市级平台乙", "12345678", "12345679", "123456789"];
        for a in texts {
            for b in texts {
                assert_eq!(same_text(a, b), a == b, "{a:?} {b:?}");
            }
        }
        // Every length up to a few words, a difference at every place.
        for len in 0..40 {
            let text: String = (0..len).map(|i| char::from(b'a' + (i % 26) as u8)).collect();
            assert!(same_text(&text, &text.clone()), "{len}");
            for at in 0..len {
                let mut other = text.clone().into_bytes();
                other[at] = b'#';
                let other = String::from_utf8(other).expect("ASCII");
                assert!(!same_text(&text, &other), "{len} {at}");
            }
        }
    }

    #[test]
    fn many_symbols_keep_their_codes_as_the_table_grows() {
        let mut symbols = Symbols::default();
        let codes: Vec<u32> = (0..5000).map(|i| symbols.intern(&format!("单位{i}"))).collect();
        assert_eq!(codes, (1..=5000).collect::<Vec<u32>>());
        assert_eq!(symbols.intern("单位4321"), 4322);
        assert_eq!((symbols.code("单位0"), symbols.code("单位5000"), symbols.code("")), (Some(1), None, Some(0)));
    }

    #[test]
    fn a_column_the_files_lack_holds_nothing_until_a_value_comes() {
        let mut column = TextColumn::default();
        for _ in 0..1000 {
            column.push("");
        }
        assert_eq!((column.len(), column.memory(0)), (1000, (0, 0)));
        column.push("环城路8号");
        column.push("");
        assert_eq!((column.len(), column.get(999), column.get(1000), column.get(1001)), (1002, "", "环城路8号", ""));
        let mut counts = CountColumn::default();
        for count in [0, 0, 3, 0] {
            counts.push(count);
        }
        assert_eq!((counts.len(), counts.get(1), counts.get(2), counts.get(3)), (4, 0, 3, 0));
    }

    #[test]
    fn text_column_returns_each_row() {
        let mut column = TextColumn::default();
        for value in ["甲", "", "乙丙"] {
            column.push(value);
        }
        assert_eq!((column.get(0), column.get(1), column.get(2)), ("甲", "", "乙丙"));
    }
}
