//! The few XML tokens a workbook's parts are made of (start and end tags, text), read from
//! a stream a buffer at a time. No tree, no namespaces beyond dropping a tag's prefix, no
//! validation: a worksheet is tens of MB of `<c r="B3" s="1"><v>44156.0048</v></c>`, and
//! reading those tags with two searches each is most of what makes a workbook fast to read.

use std::io::{self, Read};
use std::ops::Range;

use super::refill::slide_and_refill;

/// One token; names and attributes borrow the reader's buffer.
#[derive(Debug, PartialEq, Eq)]
pub enum Token<'a> {
    /// `<name attrs>` or, when `empty`, `<name attrs/>`; `name` without its prefix.
    Start {
        name: &'a [u8],
        attrs: &'a [u8],
        empty: bool,
    },
    End {
        name: &'a [u8],
    },
    /// Raw text between tags (entities still escaped: see `decode_text`).
    Text(&'a [u8]),
    /// The content of `<![CDATA[…]]>`, taken literally.
    CData(&'a [u8]),
}

/// Where a cell tag's attributes lie in the reader's buffer (see `XmlTokens::cell_start`).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct CellStart {
    pub reference: Option<Range<usize>>,
    pub kind: Option<Range<usize>>,
    pub style: Option<Range<usize>>,
    pub empty: bool,
}

pub struct XmlTokens<R> {
    source: R,
    buf: Vec<u8>,
    pos: usize,
    end: usize,
    eof: bool,
    /// The buffer grows for one tag longer than it, up to this.
    max_token: usize,
}

const CHUNK: usize = 1 << 20;

/// No tag (or comment, CDATA section) of a workbook is longer than this: a cell holds at
/// most 32,767 characters, which take under 400 KB even written as `&#x…;` entities. A
/// longer one is damage or a bomb, and the buffer must not grow after it without bound.
pub const MAX_TOKEN: usize = 8 << 20;

/// Why the reader stopped, beyond the source's own errors: a limit of the reader (the
/// caller says what it means for the file).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TooLong {
    /// One tag, comment or CDATA section longer than `MAX_TOKEN` bytes.
    Token(usize),
    /// An element's text longer than the bytes `read_text` was allowed.
    Text(usize),
}

impl std::fmt::Display for TooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TooLong::Token(limit) => write!(f, "XML 中有一个标记长于 {} MB", limit >> 20),
            TooLong::Text(limit) => write!(f, "XML 中有一段文字长于 {limit} 字节"),
        }
    }
}

impl std::error::Error for TooLong {}

impl TooLong {
    /// The limit an I/O error reports, when it is one of these.
    pub fn of(error: &io::Error) -> Option<TooLong> {
        error.get_ref().and_then(|e| e.downcast_ref::<TooLong>()).copied()
    }

    fn error(self) -> io::Error {
        io::Error::new(io::ErrorKind::InvalidData, self)
    }
}

enum Found {
    /// A token of this kind at `buf[start..end]`, the reader moving on to `next`.
    Tag {
        start: usize,
        end: usize,
        next: usize,
    },
    Text {
        start: usize,
        end: usize,
    },
    CData {
        start: usize,
        end: usize,
        next: usize,
    },
    Skip {
        next: usize,
    },
    NeedMore,
    End,
}

impl<R: Read> XmlTokens<R> {
    pub fn new(source: R) -> XmlTokens<R> {
        XmlTokens { source, buf: vec![0; CHUNK], pos: 0, end: 0, eof: false, max_token: MAX_TOKEN }
    }

    /// A reader whose tags may be at most `bytes` long (tests use a small one).
    pub fn with_max_token(self, bytes: usize) -> XmlTokens<R> {
        XmlTokens { max_token: bytes, ..self }
    }

    /// The next token, or None at the end of the text. A tag cut off by the end of the
    /// text is an error.
    pub fn next_token(&mut self) -> io::Result<Option<Token<'_>>> {
        loop {
            match self.find() {
                Found::NeedMore if self.eof => {
                    return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "XML 在标记中间结束"))
                }
                Found::NeedMore => self.fill()?,
                Found::End => return Ok(None),
                Found::Skip { next } => self.pos = next,
                Found::Text { start, end } => {
                    self.pos = end;
                    return Ok(Some(Token::Text(&self.buf[start..end])));
                }
                Found::CData { start, end, next } => {
                    self.pos = next;
                    return Ok(Some(Token::CData(&self.buf[start..end])));
                }
                Found::Tag { start, end, next } => {
                    self.pos = next;
                    return Ok(Some(tag(&self.buf[start..end])));
                }
            }
        }
    }

    /// The text up to the end tag of the element just started (nested tags dropped,
    /// CDATA kept), decoded into `out`; an error (`TooLong::Text`) once it would add more
    /// than `limit` bytes, so one huge cell is refused before it is held.
    pub fn read_text(&mut self, out: &mut String, limit: usize) -> io::Result<()> {
        let mut depth = 0usize;
        let start = out.len();
        loop {
            if out.len() - start > limit {
                return Err(TooLong::Text(limit).error());
            }
            match self.next_token()? {
                None => return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "XML 元素没有结束")),
                Some(Token::Text(raw)) => decode_text(raw, out)?,
                Some(Token::CData(raw)) => out.push_str(utf8(raw)?),
                Some(Token::Start { empty: false, .. }) => depth += 1,
                Some(Token::Start { empty: true, .. }) => {}
                Some(Token::End { .. }) if depth == 0 => return Ok(()),
                Some(Token::End { .. }) => depth -= 1,
            }
        }
    }

    /// The text of an element `<name>text</name>` next in the buffer, when it is written
    /// exactly so (no prefix, attributes, entities or line ends) and lies there whole; the
    /// reader moves past it. None leaves the reader where it was: read the tokens then.
    /// A worksheet's cell values are nearly all written so.
    pub fn simple_element(&mut self, name: &[u8]) -> Option<&[u8]> {
        let rest = &self.buf[self.pos..self.end];
        let open_len = name.len() + 2;
        if rest.len() < 2 * open_len + 1
            || rest[0] != b'<'
            || &rest[1..open_len - 1] != name
            || rest[open_len - 1] != b'>'
        {
            return None;
        }
        let text_len = rest[open_len..].iter().position(|&b| matches!(b, b'<' | b'&' | b'\r'))?;
        let close = &rest[open_len + text_len..];
        if close.len() < open_len + 1 || close[1] != b'/' || &close[2..open_len] != name || close[open_len] != b'>' {
            return None;
        }
        let start = self.pos + open_len;
        self.pos = start + text_len + open_len + 1;
        Some(&self.buf[start..start + text_len])
    }

    /// The text of a string item written exactly `<item><run>text</run></item>` (a shared
    /// string `<si><t>…</t></si>`, an inline one `<is><t>…</t></is>`) next in the buffer:
    /// no prefix, attributes, entities or carriage returns, valid UTF-8, and at most
    /// `max_text` bytes (a longer one goes through the tokens, which refuse it as they
    /// refuse any run that long). The reader moves past it; None leaves it where it was,
    /// for the tokens. Nearly every string an export holds is written so, and reading it
    /// as tokens (start, text, end, twice over) took most of the shared strings' time.
    pub fn simple_text_item(&mut self, item: &[u8], run: &[u8], max_text: usize) -> Option<&str> {
        let rest = &self.buf[self.pos..self.end];
        let tag = |at: usize, closing: bool, name: &[u8]| {
            let open = usize::from(closing) + 1;
            let len = name.len() + open + 1;
            let written = rest.len() >= at + len
                && rest[at] == b'<'
                && (!closing || rest[at + 1] == b'/')
                && &rest[at + open..at + len - 1] == name
                && rest[at + len - 1] == b'>';
            written.then_some(at + len)
        };
        let text_start = tag(tag(0, false, item)?, false, run)?;
        let text_len = memchr::memchr3(b'<', b'&', b'\r', &rest[text_start..]).filter(|&len| len <= max_text)?;
        let end = tag(tag(text_start + text_len, true, run)?, true, item)?;
        let start = self.pos + text_start;
        let text = utf8(&self.buf[start..start + text_len]).ok()?;
        self.pos += end;
        Some(text)
    }

    /// A worksheet cell's start tag `<c r="B3" s="1" t="s">` (or `…/>`) when it is next in
    /// the buffer, whole, without a prefix and with its attributes in double quotes
    /// separated by single spaces: the `r`, `t` and `s` values (positions in the buffer,
    /// see `text_at`; other attributes passed over) and whether it is empty. One pass over
    /// the tag where `next_token` and `for_each_attr` take several; None leaves the reader
    /// where it was, for `next_token`.
    pub fn cell_start(&mut self) -> Option<CellStart> {
        let rest = &self.buf[self.pos..self.end];
        if rest.len() < 3 || rest[0] != b'<' || rest[1] != b'c' {
            return None;
        }
        let mut cell = CellStart::default();
        let mut at = 2;
        loop {
            match *rest.get(at)? {
                b'>' => {
                    self.pos += at + 1;
                    return Some(cell);
                }
                b'/' if rest.get(at + 1) == Some(&b'>') => {
                    cell.empty = true;
                    self.pos += at + 2;
                    return Some(cell);
                }
                b' ' => {
                    let name_start = at + 1;
                    let name_len = rest.get(name_start..)?.iter().position(|&b| b == b'=')?;
                    let value_start = name_start + name_len + 2;
                    if rest.get(value_start - 1) != Some(&b'"') {
                        return None;
                    }
                    let value_len = rest.get(value_start..)?.iter().position(|&b| b == b'"')?;
                    let value = self.pos + value_start..self.pos + value_start + value_len;
                    match &rest[name_start..name_start + name_len] {
                        [b'r'] => cell.reference = Some(value),
                        [b't'] => cell.kind = Some(value),
                        [b's'] => cell.style = Some(value),
                        name if name.iter().any(|&b| matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'>' | b'<')) => {
                            return None
                        }
                        _ => {}
                    }
                    at = value_start + value_len + 1;
                }
                _ => return None,
            }
        }
    }

    /// Bytes of the buffer a `CellStart` points at (valid until the next read).
    pub fn text_at(&self, range: Range<usize>) -> &[u8] {
        &self.buf[range]
    }

    /// Moves past the end tag `</name>` when it is next in the buffer, written so.
    pub fn skip_end_tag(&mut self, name: &[u8]) -> bool {
        let rest = &self.buf[self.pos..self.end];
        let len = name.len() + 3;
        let written = rest.len() >= len && rest[0] == b'<' && rest[1] == b'/' && &rest[2..len - 1] == name;
        if written && rest[len - 1] == b'>' {
            self.pos += len;
            return true;
        }
        false
    }

    /// Skips to the end tag of the element just started.
    pub fn skip_element(&mut self) -> io::Result<()> {
        let mut depth = 0usize;
        loop {
            match self.next_token()? {
                None => return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "XML 元素没有结束")),
                Some(Token::Start { empty: false, .. }) => depth += 1,
                Some(Token::End { .. }) if depth == 0 => return Ok(()),
                Some(Token::End { .. }) => depth -= 1,
                _ => {}
            }
        }
    }

    fn find(&self) -> Found {
        let rest = &self.buf[self.pos..self.end];
        let Some(&first) = rest.first() else {
            return if self.eof { Found::End } else { Found::NeedMore };
        };
        if first != b'<' {
            return match find_byte(b'<', rest) {
                Some(at) => Found::Text { start: self.pos, end: self.pos + at },
                None if self.eof => Found::Text { start: self.pos, end: self.end },
                // Text filling the whole buffer is given in pieces rather than growing it:
                // a run of text may be gigabytes (of spaces, say) in a hostile file.
                None if rest.len() == self.buf.len() => match text_cut(rest) {
                    0 => Found::NeedMore,
                    cut => Found::Text { start: self.pos, end: self.pos + cut },
                },
                None => Found::NeedMore,
            };
        }
        if rest.starts_with(b"<!--") {
            return match memchr::memmem::find(&rest[4..], b"-->") {
                Some(at) => Found::Skip { next: self.pos + 4 + at + 3 },
                None => Found::NeedMore,
            };
        }
        if rest.starts_with(b"<![CDATA[") {
            return match memchr::memmem::find(&rest[9..], b"]]>") {
                Some(at) => Found::CData { start: self.pos + 9, end: self.pos + 9 + at, next: self.pos + 9 + at + 3 },
                None => Found::NeedMore,
            };
        }
        if rest.len() < 2 {
            return Found::NeedMore;
        }
        // The tag's `>`, passing over quoted attribute values (which may hold one).
        let mut at = 1;
        while at < rest.len() {
            match rest[at] {
                b'>' => {
                    let next = self.pos + at + 1;
                    return match rest[1] {
                        b'?' | b'!' => Found::Skip { next },
                        _ => Found::Tag { start: self.pos + 1, end: self.pos + at, next },
                    };
                }
                quote @ (b'"' | b'\'') => match find_byte(quote, &rest[at + 1..]) {
                    Some(close) => at += close + 2,
                    None => return Found::NeedMore,
                },
                _ => at += 1,
            }
        }
        Found::NeedMore
    }

    fn fill(&mut self) -> io::Result<()> {
        // A full buffer holding one unfinished token would have to double.
        if self.end - self.pos == self.buf.len() && self.buf.len() >= self.max_token {
            return Err(TooLong::Token(self.max_token).error());
        }
        self.eof |= slide_and_refill(&mut self.source, &mut self.buf, &mut self.pos, &mut self.end)?;
        Ok(())
    }
}

/// Where a run of text may be cut so that each piece decodes alone: not inside a character,
/// an entity or a CR LF pair (0 when there is no such place).
fn text_cut(text: &[u8]) -> usize {
    // Back to the start of the last character (UTF-8 continuation bytes are 10xxxxxx).
    let mut cut = text.len().saturating_sub(1);
    while cut > 0 && text[cut] & 0xc0 == 0x80 {
        cut -= 1;
    }
    if cut > 0 && text[cut - 1] == b'\r' {
        cut -= 1;
    }
    match memchr::memrchr(b'&', &text[..cut]) {
        Some(amp) if !text[amp..cut].contains(&b';') => amp,
        _ => cut,
    }
}

/// A tag's inside (between `<` and `>`) as a token.
fn tag(inside: &[u8]) -> Token<'_> {
    if let Some(name) = inside.strip_prefix(b"/") {
        return Token::End { name: local(name.trim_ascii_end()) };
    }
    let (inside, empty) = match inside.strip_suffix(b"/") {
        Some(inside) => (inside, true),
        None => (inside, false),
    };
    let name_end = inside.iter().position(|b| b.is_ascii_whitespace()).unwrap_or(inside.len());
    Token::Start { name: local(&inside[..name_end]), attrs: &inside[name_end..], empty }
}

/// A name without its namespace prefix (`x:c` is `c`).
fn local(name: &[u8]) -> &[u8] {
    match name.iter().position(|&b| b == b':') {
        Some(at) => &name[at + 1..],
        None => name,
    }
}

/// The raw (still escaped) value of the attribute named exactly `key`.
pub fn attr<'a>(attrs: &'a [u8], key: &[u8]) -> Option<&'a [u8]> {
    let mut found = None;
    for_each_attr(attrs, |name, value| {
        if found.is_none() && name == key {
            found = Some(value);
        }
    });
    found
}

/// Calls `f` with each attribute's name and raw value, in one pass of plain byte loops:
/// attributes are a few bytes long, shorter than a SIMD search takes to start.
pub fn for_each_attr<'a>(attrs: &'a [u8], mut f: impl FnMut(&'a [u8], &'a [u8])) {
    let n = attrs.len();
    let mut i = 0;
    loop {
        while i < n && attrs[i].is_ascii_whitespace() {
            i += 1;
        }
        let name_start = i;
        while i < n && attrs[i] != b'=' && !attrs[i].is_ascii_whitespace() {
            i += 1;
        }
        let name = &attrs[name_start..i];
        while i < n && attrs[i] != b'=' {
            i += 1;
        }
        i += 1;
        while i < n && attrs[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= n || !matches!(attrs[i], b'"' | b'\'') {
            return;
        }
        let quote = attrs[i];
        let value_start = i + 1;
        i = value_start;
        while i < n && attrs[i] != quote {
            i += 1;
        }
        if i >= n {
            return;
        }
        f(name, &attrs[value_start..i]);
        i += 1;
    }
}

/// Where `byte` first is: a plain loop over the first bytes (tags and cell values are
/// short), a SIMD search beyond.
#[inline]
fn find_byte(byte: u8, haystack: &[u8]) -> Option<usize> {
    const NEAR: usize = 32;
    let near = &haystack[..haystack.len().min(NEAR)];
    match near.iter().position(|&b| b == byte) {
        Some(at) => Some(at),
        None if haystack.len() > NEAR => memchr::memchr(byte, &haystack[NEAR..]).map(|at| at + NEAR),
        None => None,
    }
}

fn utf8(raw: &[u8]) -> io::Result<&str> {
    // simdutf8: shared strings are megabytes of Chinese text, where the standard check
    // goes a byte at a time.
    simdutf8::basic::from_utf8(raw).map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "XML 文本不是 UTF-8"))
}

/// Appends `raw` text with its entities decoded and its line ends made `\n`, as an XML
/// reader must.
pub fn decode_text(raw: &[u8], out: &mut String) -> io::Result<()> {
    let text = utf8(raw)?;
    if memchr::memchr2(b'&', b'\r', raw).is_none() {
        out.push_str(text);
        return Ok(());
    }
    let mut rest = text;
    while let Some(at) = rest.find(['&', '\r']) {
        out.push_str(&rest[..at]);
        if rest.as_bytes()[at] == b'\r' {
            out.push('\n');
            rest = rest[at + 1..].strip_prefix('\n').unwrap_or(&rest[at + 1..]);
            continue;
        }
        let Some(semicolon) = rest[at..].find(';') else {
            return Err(io::Error::new(io::ErrorKind::InvalidData, "XML 实体没有以分号结束"));
        };
        let entity = &rest[at + 1..at + semicolon];
        let decoded = match entity {
            "lt" => Some('<'),
            "gt" => Some('>'),
            "amp" => Some('&'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => match entity.strip_prefix("#x").or(entity.strip_prefix("#X")) {
                Some(hex) => u32::from_str_radix(hex, 16).ok().and_then(char::from_u32),
                None => entity.strip_prefix('#').and_then(|d| d.parse().ok()).and_then(char::from_u32),
            },
        };
        match decoded {
            Some(c) => out.push(c),
            None => return Err(io::Error::new(io::ErrorKind::InvalidData, format!("无法识别的 XML 实体 &{entity};"))),
        }
        rest = &rest[at + semicolon + 1..];
    }
    out.push_str(rest);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::refill::Trickle;

    /// Every token, read through a source giving `step` bytes at a time.
    fn tokens(xml: &str, step: usize) -> Vec<String> {
        let mut reader = XmlTokens::new(Trickle(xml.as_bytes(), step));
        let mut out = Vec::new();
        while let Some(token) = reader.next_token().unwrap() {
            out.push(match token {
                Token::Start { name, attrs, empty } => {
                    format!(
                        "<{}{}{}>",
                        String::from_utf8_lossy(name),
                        String::from_utf8_lossy(attrs),
                        if empty { "/" } else { "" }
                    )
                }
                Token::End { name } => format!("</{}>", String::from_utf8_lossy(name)),
                Token::Text(t) => format!("text:{}", String::from_utf8_lossy(t)),
                Token::CData(t) => format!("cdata:{}", String::from_utf8_lossy(t)),
            });
        }
        out
    }

    #[test]
    fn tags_text_and_prefixes_at_any_read_size() {
        let xml = "<?xml version=\"1.0\"?><!-- c --><x:row r=\"3\"><x:c r=\"B3\" t=\"s\"><v>12</v></x:c><c r=\"C3\"/>\
                   <numFmt formatCode=\"[&gt;0]0;a>b\"/><t><![CDATA[<原样>]]></t></x:row>";
        let expected = [
            "<row r=\"3\">",
            "<c r=\"B3\" t=\"s\">",
            "<v>",
            "text:12",
            "</v>",
            "</c>",
            "<c r=\"C3\"/>",
            "<numFmt formatCode=\"[&gt;0]0;a>b\"/>",
            "<t>",
            "cdata:<原样>",
            "</t>",
            "</row>",
        ];
        for step in [1, 2, 5, 4096] {
            assert_eq!(tokens(xml, step), expected, "read {step} bytes at a time");
        }
    }

    #[test]
    fn attributes_are_found_by_exact_name_in_either_quotes() {
        let attrs = b" r=\"B3\" s='1' xml:space=\"preserve\" t=\"s\"";
        assert_eq!(attr(attrs, b"r"), Some(&b"B3"[..]));
        assert_eq!(attr(attrs, b"s"), Some(&b"1"[..]));
        assert_eq!(attr(attrs, b"xml:space"), Some(&b"preserve"[..]));
        assert_eq!(attr(attrs, b"space"), None);
        assert_eq!(attr(b"", b"r"), None);
    }

    #[test]
    fn entities_and_line_ends_are_decoded() {
        let mut out = String::new();
        decode_text("a&lt;b&amp;c&#x4E2D;&#25991;\r\nd\re".as_bytes(), &mut out).unwrap();
        assert_eq!(out, "a<b&c中文\nd\ne");
        assert!(decode_text(b"&nope;", &mut String::new()).is_err());
    }

    #[test]
    fn simple_elements_are_taken_whole_or_not_at_all() {
        let mut reader = XmlTokens::new(&b"<v>12</v></c><v>a&amp;b</v><x:v>1</x:v><v>3</v"[..]);
        reader.fill().unwrap();
        assert_eq!(reader.simple_element(b"v"), Some(&b"12"[..]));
        assert!(!reader.skip_end_tag(b"row"));
        assert!(reader.skip_end_tag(b"c"));
        assert_eq!(reader.simple_element(b"v"), None, "an entity: read as tokens");
        assert_eq!(reader.next_token().unwrap(), Some(Token::Start { name: b"v", attrs: b"", empty: false }));
        reader.next_token().unwrap();
        reader.next_token().unwrap();
        assert_eq!(reader.simple_element(b"v"), None, "a prefix: read as tokens");
        reader.next_token().unwrap();
        reader.next_token().unwrap();
        reader.next_token().unwrap();
        assert_eq!(reader.simple_element(b"v"), None, "cut off: read as tokens");
    }

    #[test]
    fn plain_string_items_read_as_their_tokens_do_and_others_are_left_to_them() {
        // Read as tokens: the item's start, its run's text decoded, the ends.
        fn as_tokens(xml: &[u8]) -> Option<(String, usize)> {
            let mut reader = XmlTokens::new(xml);
            let Some(Token::Start { name: b"si", empty: false, .. }) = reader.next_token().ok()? else { return None };
            let Some(Token::Start { name: b"t", empty: false, .. }) = reader.next_token().ok()? else { return None };
            let mut text = String::new();
            reader.read_text(&mut text, usize::MAX).ok()?;
            let Some(Token::End { name: b"si" }) = reader.next_token().ok()? else { return None };
            Some((text, reader.pos))
        }
        let plain: [&[u8]; 4] = [
            b"<si><t>abc</t></si>",
            "<si><t>  噪音 扰民 </t></si>".as_bytes(),
            b"<si><t></t></si><si>",
            "<si><t>第一行\n第二行_x000D_</t></si>".as_bytes(),
        ];
        for xml in plain {
            let mut fast = XmlTokens::new(xml);
            fast.fill().unwrap();
            let text = fast.simple_text_item(b"si", b"t", 64).map(str::to_string);
            assert_eq!(text.map(|t| (t, fast.pos)), as_tokens(xml), "{}", String::from_utf8_lossy(xml));
        }
        // An inline string likewise, and a run longer than allowed left to the tokens.
        let mut inline = XmlTokens::new(&b"<is><t>abc</t></is></c>"[..]);
        inline.fill().unwrap();
        assert_eq!(inline.simple_text_item(b"is", b"t", 3), Some("abc"));
        assert_eq!(inline.pos, 19, "just past </is>");
        let mut long = XmlTokens::new(&b"<si><t>abcd</t></si>"[..]);
        long.fill().unwrap();
        assert_eq!(long.simple_text_item(b"si", b"t", 3), None);
        assert_eq!(long.pos, 0, "left where it was");
        let others: [&[u8]; 9] = [
            b"<si><t>a&amp;b</t></si>",
            b"<si><t>a\r\nb</t></si>",
            b"<si><t xml:space=\"preserve\"> a </t></si>",
            b"<si><t/></si>",
            b"<si><r><t>a</t></r></si>",
            b"<x:si><x:t>a</x:t></x:si>",
            b"<si><t>abc</t></s",
            b"<si><t>\xff\xfe</t></si>",
            b"<is><t>a</t></is>",
        ];
        left_to_the_tokens(&others, |reader| reader.simple_text_item(b"si", b"t", 64).is_some());
    }

    /// Each input, in a filled reader, is not taken by the fast path `takes` and leaves
    /// the reader where it was.
    fn left_to_the_tokens(inputs: &[&[u8]], takes: impl Fn(&mut XmlTokens<&[u8]>) -> bool) {
        for &input in inputs {
            let mut reader = XmlTokens::new(input);
            reader.fill().unwrap();
            assert!(!takes(&mut reader), "{}", String::from_utf8_lossy(input));
            assert_eq!(reader.pos, 0, "left where it was");
        }
    }

    #[test]
    fn cell_start_tags_read_as_tokens_and_attributes_do() {
        let tags: [&[u8]; 7] = [
            b"<c>",
            b"<c/>",
            b"<c r=\"A1\">",
            b"<c r=\"B3\" s=\"1\" t=\"s\">",
            b"<c r=\"H3\" s=\"2\"/>",
            b"<c r=\"A1\" cm=\"1\" t=\"str\">",
            b"<c t=\"s\" r=\"a>b\">",
        ];
        for tag in tags {
            let mut fast = XmlTokens::new(tag);
            fast.fill().unwrap();
            let cell = fast.cell_start().expect("a plain cell tag");
            assert_eq!(fast.pos, tag.len(), "moved past {}", String::from_utf8_lossy(tag));
            let text = |r: &Option<Range<usize>>| r.clone().map(|r| fast.text_at(r).to_vec());
            let found = (text(&cell.reference), text(&cell.kind), text(&cell.style), cell.empty);
            let mut general = XmlTokens::new(tag);
            let Some(Token::Start { name: b"c", attrs, empty }) = general.next_token().unwrap() else { panic!() };
            let get = |key: &[u8]| attr(attrs, key).map(<[u8]>::to_vec);
            assert_eq!(found, (get(b"r"), get(b"t"), get(b"s"), empty), "{}", String::from_utf8_lossy(tag));
        }
        let others: [&[u8]; 8] = [
            b"<x:c r=\"A1\">",
            b"<col>",
            b"<c\tr=\"A1\">",
            b"<c r='A1'>",
            b"<c r = \"A1\">",
            b"<c r=\"A1",
            b"</c>",
            b"<c",
        ];
        left_to_the_tokens(&others, |reader| reader.cell_start().is_some());
    }

    #[test]
    fn long_text_is_cut_only_where_each_piece_decodes_alone() {
        assert_eq!(text_cut(b"abc"), 2);
        assert_eq!(text_cut("ab中文".as_bytes()), 5, "before the last character's first byte");
        assert_eq!(text_cut(b"ab\r\n"), 2, "not between CR and LF");
        assert_eq!(text_cut(b"a&amp"), 1, "not inside an entity");
        assert_eq!(text_cut(b"a&amp;b"), 6);
        assert_eq!(text_cut(b"&"), 0, "nowhere");
    }

    #[test]
    fn a_run_of_text_longer_than_the_buffer_comes_in_pieces_that_decode_alike() {
        // Gigabytes of spaces between tags must not grow the buffer: neither may megabytes
        // of text, whatever characters fall where the buffer ends.
        let unit = "中&amp;文\r\n a&#x4E2D;b";
        let text = unit.repeat(3 * CHUNK / unit.len());
        let xml = format!("<t>{text}</t><after/>");
        let mut reader = XmlTokens::new(Trickle(xml.as_bytes(), 4093));
        assert!(matches!(reader.next_token().unwrap(), Some(Token::Start { name: b"t", .. })));
        let mut out = String::new();
        reader.read_text(&mut out, usize::MAX).unwrap();
        let mut expected = String::new();
        decode_text(text.as_bytes(), &mut expected).unwrap();
        assert!(out == expected, "the same text");
        assert_eq!(reader.next_token().unwrap(), Some(Token::Start { name: b"after", attrs: b"", empty: true }));
        assert_eq!(reader.buf.len(), CHUNK, "the buffer never grew");
    }

    #[test]
    fn a_tag_longer_than_the_limit_is_an_error_not_a_growing_buffer() {
        for xml in [format!("<c r=\"{}\"/>", "A".repeat(3 << 20)), format!("<!--{}-->", "-".repeat(3 << 20))] {
            let mut reader = XmlTokens::new(xml.as_bytes()).with_max_token(2 << 20);
            let error = reader.next_token().unwrap_err();
            assert_eq!(TooLong::of(&error), Some(TooLong::Token(2 << 20)));
            assert!(reader.buf.len() <= 2 << 20);
        }
    }

    #[test]
    fn text_beyond_its_limit_is_refused_as_it_is_read() {
        let xml = format!("<v>{}</v><v>{}</v>", "a".repeat(100), "b".repeat(10));
        let mut reader = XmlTokens::new(xml.as_bytes());
        reader.next_token().unwrap();
        let error = reader.read_text(&mut String::new(), 10).unwrap_err();
        assert_eq!(TooLong::of(&error), Some(TooLong::Text(10)));
        let mut reader = XmlTokens::new(&xml.as_bytes()[107..]);
        reader.next_token().unwrap();
        let mut out = String::new();
        reader.read_text(&mut out, 10).unwrap();
        assert_eq!(out, "b".repeat(10), "as long as the limit is allowed");
    }

    #[test]
    fn a_tag_cut_off_by_the_end_is_an_error() {
        let mut reader = XmlTokens::new(&b"<row><c r=\"A1"[..]);
        assert!(matches!(reader.next_token(), Ok(Some(Token::Start { .. }))));
        assert!(reader.next_token().is_err());
    }
}
