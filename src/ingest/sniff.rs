//! What a file is, from its first bytes: a spreadsheet (XLSX, XLS), text in some encoding
//! (UTF-8, UTF-16, GBK/GB18030 from Chinese Windows), or something that is no export at all.

use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE, UTF_8};

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Format {
    /// Delimited text in this encoding.
    Text(&'static Encoding),
    /// A zip container: XLSX (calamine says if it is not a workbook).
    Xlsx,
    /// An OLE compound file: legacy XLS, or an XLSX encrypted with a password.
    Xls,
    /// Known non-spreadsheet files, named for the message.
    Other(&'static str),
    /// Binary bytes of no known kind.
    Binary,
}

/// How a file is read, as both front ends (pulled and pushed) decide it from its first
/// bytes: the one place that maps what a file is to its reader, or refuses it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Reader {
    /// The CSV/TSV reader, decoding this encoding.
    Text(&'static Encoding),
    /// The workbook reader (XLSX directly, XLS and what it cannot open through calamine),
    /// given the whole file.
    Workbook,
}

/// The reader for a file whose first bytes are `head`, or why it cannot be read.
pub fn reader_for(name: &str, head: &[u8]) -> Result<Reader, super::error::IngestError> {
    use super::error::{ErrorKind, IngestError};
    match sniff(head) {
        Format::Text(encoding) => Ok(Reader::Text(encoding)),
        Format::Xlsx | Format::Xls => Ok(Reader::Workbook),
        Format::Other(what) => Err(IngestError::new(name, ErrorKind::NotAnExport { what: what.to_string() })),
        Format::Binary => Err(IngestError::new(name, ErrorKind::Encoding)),
    }
}

/// How many bytes sniffing wants to see; it looks at no more, however much it is given
/// (the page pushes 4 MiB slices: decoding all of one as GBK to test it took longer than
/// reading it, and a bad byte deep in the file is the row reader's to report).
pub const HEAD: usize = 64 * 1024;

pub fn sniff(head: &[u8]) -> Format {
    let head = &head[..head.len().min(HEAD)];
    const MAGIC: [(&[u8], &str); 8] = [
        (b"%PDF", "PDF 文档"),
        (b"\x89PNG", "PNG 图片"),
        (b"\xff\xd8\xff", "JPEG 图片"),
        (b"GIF8", "GIF 图片"),
        (b"Rar!", "RAR 压缩包"),
        (b"7z\xbc\xaf", "7z 压缩包"),
        (b"\x1f\x8b", "gzip 压缩包"),
        (b"{\\rtf", "RTF 文档"),
    ];
    if let Some((_, name)) = MAGIC.iter().find(|(magic, _)| head.starts_with(magic)) {
        return Format::Other(name);
    }
    if head.starts_with(b"PK\x03\x04") {
        return Format::Xlsx;
    }
    if head.starts_with(&[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]) {
        return Format::Xls;
    }
    if let Some(what) = markup(head) {
        return Format::Other(what);
    }
    if let Some((encoding, _)) = Encoding::for_bom(head) {
        return Format::Text(encoding);
    }
    if looks_like_utf16(head) {
        return Format::Text(if head[0] == 0 { UTF_16BE } else { UTF_16LE });
    }
    // Binary files are full of NUL bytes; a text file damaged by some (a zeroed block)
    // stays text, and its rows that hold one are refused, each with its reason.
    if memchr::memchr_iter(0, head).count() * 4 > head.len() {
        return Format::Binary;
    }
    if is_utf8_prefix(head) {
        return Format::Text(UTF_8);
    }
    let gbk_text = gb18030_prefix(head);
    if gbk_text == head.len() {
        return Format::Text(GB18030);
    }
    // Text in one encoding that turns into another, or breaks, within the head: the
    // encoding of its first lines, whose row reader then refuses the file at the row
    // where the text breaks (rather than calling all of it unreadable).
    let utf8_text = std::str::from_utf8(head).map_or_else(|e| e.valid_up_to(), |_| head.len());
    let (encoding, text) = if utf8_text >= gbk_text { (UTF_8, utf8_text) } else { (GB18030, gbk_text) };
    if starts_with_lines_of_text(&head[..text]) {
        return Format::Text(encoding);
    }
    Format::Binary
}

/// Whether these bytes (text in some encoding) start like a table's text: at least 64
/// bytes, and a first line that holds no control byte but a tab.
fn starts_with_lines_of_text(text: &[u8]) -> bool {
    let Some(end) = memchr::memchr2(b'\n', b'\r', text) else { return false };
    text.len() >= 64 && text[..end].iter().all(|&b| b >= b' ' || b == b'\t')
}

/// A web page or XML document (often saved under an .xls or .xlsx name, as some systems
/// "export to Excel"): named for the message. Judged by the first tag, in UTF-8 (with or
/// without a BOM) or UTF-16 with a BOM.
fn markup(head: &[u8]) -> Option<&'static str> {
    let start: Vec<u8> = match head {
        [0xff, 0xfe, rest @ ..] => rest.iter().step_by(2).take(512).copied().collect(),
        [0xfe, 0xff, rest @ ..] => rest.iter().skip(1).step_by(2).take(512).copied().collect(),
        _ => head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head).iter().take(1024).copied().collect(),
    };
    let text = start.trim_ascii_start().to_ascii_lowercase();
    let html = [&b"<!doctype html"[..], b"<html", b"<head", b"<meta", b"<table", b"<body"];
    if html.iter().any(|tag| text.starts_with(tag)) {
        return Some("网页（HTML）文件");
    }
    if text.starts_with(b"<?xml") || text.starts_with(b"<!doctype") {
        // An XML declaration before a web page's own tag is still a web page.
        let page = memchr::memmem::find(&text, b"<html").is_some();
        return Some(if page { "网页（HTML）文件" } else { "XML 文件" });
    }
    None
}

/// UTF-8, allowing the last character to be cut off by the end of the sample.
/// A NUL byte written over part of a character breaks that one character: those are
/// forgiven too (the rows holding them are refused when read).
fn is_utf8_prefix(head: &[u8]) -> bool {
    match std::str::from_utf8(head) {
        Ok(_) => true,
        Err(e) if e.error_len().is_none() => head.len() - e.valid_up_to() < 4,
        Err(_) => {
            let nuls = memchr::memchr_iter(0, head).count();
            let broken = head.utf8_chunks().filter(|chunk| !chunk.invalid().is_empty()).count();
            // The last chunk's invalid bytes may be a character cut by the sample's end.
            nuls > 0 && broken <= nuls + 1
        }
    }
}

/// UTF-16 without a BOM: every other byte zero in the ASCII-heavy header line.
fn looks_like_utf16(head: &[u8]) -> bool {
    let sample = &head[..head.len().min(200)];
    if sample.len() < 8 {
        return false;
    }
    let zeros_even = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let zeros_odd = sample.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    let half = sample.len() / 2;
    (zeros_even * 10 > half * 4 && zeros_odd == 0) || (zeros_odd * 10 > half * 4 && zeros_even == 0)
}

/// How many bytes from the start decode as GB18030 without a malformed sequence (all of
/// them when it decodes cleanly). The sample is decoded as the start of a stream, so a
/// character cut off by the end of the sample is not an error.
fn gb18030_prefix(head: &[u8]) -> usize {
    let mut decoder = GB18030.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(decoder.max_utf8_buffer_length(head.len()).unwrap_or(head.len() * 3));
    match decoder.decode_to_string_without_replacement(head, &mut out, false) {
        (encoding_rs::DecoderResult::InputEmpty, _) => head.len(),
        // Up to the start of the malformed sequence (at most a few bytes before `read`).
        (_, read) => read.saturating_sub(4),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spreadsheets_and_other_files_are_told_apart() {
        assert_eq!(sniff(b"PK\x03\x04\x14\x00"), Format::Xlsx);
        assert_eq!(sniff(&[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]), Format::Xls);
        assert_eq!(sniff(b"%PDF-1.7\n"), Format::Other("PDF 文档"));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n"), Format::Other("PNG 图片"));
        assert_eq!(sniff(&[0x00, 0x01, 0x02, 0xff, 0x00]), Format::Binary);
    }

    #[test]
    fn a_few_nul_bytes_leave_text_as_text() {
        let mut text = "工单编号,受理时间,诉求类型\n".repeat(2000).into_bytes();
        text[1000] = 0;
        text[2000] = 0;
        assert_eq!(sniff(&text), Format::Text(UTF_8));
        text[3000..3000 + 4096].fill(0); // a zeroed block
        assert_eq!(sniff(&text), Format::Text(UTF_8));
        let mut mostly_nul = vec![0u8; 4000];
        let start = "工单编号,受理时间\n1,".as_bytes();
        mostly_nul[..start.len()].copy_from_slice(start);
        assert_eq!(sniff(&mostly_nul), Format::Binary);
    }

    #[test]
    fn text_encodings_are_detected_not_asked() {
        assert_eq!(sniff("工单编号,受理时间\n".as_bytes()), Format::Text(UTF_8));
        assert_eq!(sniff(b"\xef\xbb\xbfa,b"), Format::Text(UTF_8));
        let (gbk, _, _) = GB18030.encode("工单编号,受理时间,诉求类型\n1,2021-01-05,咨询\n");
        assert_eq!(sniff(&gbk), Format::Text(GB18030));
        let utf16: Vec<u8> =
            [0xff, 0xfe].into_iter().chain("工单编号\t受理时间".encode_utf16().flat_map(|u| u.to_le_bytes())).collect();
        assert_eq!(sniff(&utf16), Format::Text(UTF_16LE));
        let no_bom: Vec<u8> = "id,time,type,channel\n".encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        assert_eq!(sniff(&no_bom), Format::Text(UTF_16LE));
    }

    #[test]
    fn a_cut_multibyte_character_at_the_end_of_the_sample_is_forgiven() {
        let text = "受理时间".as_bytes();
        assert_eq!(sniff(&text[..text.len() - 1]), Format::Text(UTF_8));
        let (gbk, _, _) = GB18030.encode("工单编号,受理时间,诉求类型,诉求内容");
        assert_eq!(sniff(&gbk[..gbk.len() - 1]), Format::Text(GB18030));
    }

    #[test]
    fn web_pages_and_xml_under_any_name_are_named_not_read_as_text() {
        let page = "\u{feff}\r\n<!DOCTYPE html>\n<html><body><table><tr><td>受理时间</td></tr></table>";
        assert_eq!(sniff(page.as_bytes()), Format::Other("网页（HTML）文件"));
        assert_eq!(
            sniff(b"<html xmlns:x=\"urn:schemas-microsoft-com:office:excel\">"),
            Format::Other("网页（HTML）文件")
        );
        assert_eq!(sniff(b"<?xml version=\"1.0\"?>\n<html>"), Format::Other("网页（HTML）文件"));
        let sheet_2003 = "<?xml version=\"1.0\"?><?mso-application progid=\"Excel.Sheet\"?><Workbook>";
        assert_eq!(sniff(sheet_2003.as_bytes()), Format::Other("XML 文件"));
        let utf16: Vec<u8> =
            [0xff, 0xfe].into_iter().chain("<!DOCTYPE html>".encode_utf16().flat_map(|u| u.to_le_bytes())).collect();
        assert_eq!(sniff(&utf16), Format::Other("网页（HTML）文件"));
        // A CSV whose first cell merely holds a bracket stays text.
        assert_eq!(sniff("<备注>,受理时间\n".as_bytes()), Format::Text(UTF_8));
    }

    #[test]
    fn only_the_head_is_judged_however_much_is_given() {
        // A bad byte past the head is the row reader's to report, not a reason to take
        // the whole file for GBK or for binary.
        let mut bytes = "工单编号,受理时间\n".repeat(HEAD / 10).into_bytes();
        bytes.extend_from_slice(b"1,\xff\xfe\n");
        assert!(bytes.len() > HEAD);
        assert_eq!(sniff(&bytes), Format::Text(UTF_8));
    }
}
