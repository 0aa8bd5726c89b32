//! Bytes of a text file in its encoding into UTF-8, for both front ends: the page pushes
//! slices (`TextDecoder::decode` writes straight into the reader's buffer) and the CLI
//! pulls a stream (`DecodingReader`). One choice of decoder per encoding, made here.
//!
//! Nothing is ever replaced silently: at a byte sequence the encoding cannot decode, or
//! at a line of a GBK file that is really UTF-8 (two files of different encodings joined,
//! whose UTF-8 would otherwise decode as GBK mojibake), the decoder stops at the start of
//! that line. The reader then reads every row before it and refuses the file at that row.

use std::io::{self, Read};

use encoding_rs::{Decoder, DecoderResult, Encoding, GB18030, GBK, UTF_8};

use super::gbk::GbkDecoder;

/// Why decoding stopped before the end of the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecodeStop {
    /// Bytes that are not text in the file's encoding.
    Malformed,
    /// A line of a GBK file that is UTF-8 text.
    Utf8Line,
}

impl std::fmt::Display for DecodeStop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            DecodeStop::Malformed => "bytes not in the file's encoding",
            DecodeStop::Utf8Line => "a UTF-8 line in a GBK file",
        })
    }
}

impl std::error::Error for DecodeStop {}

impl DecodeStop {
    /// The error a reading source gives once decoding has stopped.
    pub fn to_io(self) -> io::Error {
        io::Error::new(io::ErrorKind::InvalidData, self)
    }

    /// The stop behind an I/O error, when it is one.
    pub fn of_io(error: &io::Error) -> Option<DecodeStop> {
        error.get_ref().and_then(|inner| inner.downcast_ref::<DecodeStop>()).copied()
    }
}

enum Kind {
    /// UTF-8 is checked by the row reader itself (in long SIMD stretches).
    Utf8,
    Gbk(GbkDecoder),
    Other(Decoder),
}

/// A streaming decoder for one file: chunks in, UTF-8 out, until it stops.
pub struct TextDecoder {
    kind: Kind,
    stop: Option<DecodeStop>,
}

impl TextDecoder {
    pub fn new(encoding: &'static Encoding) -> TextDecoder {
        let kind = if encoding == UTF_8 {
            Kind::Utf8
        } else if encoding == GB18030 || encoding == GBK {
            Kind::Gbk(GbkDecoder::default())
        } else {
            Kind::Other(encoding.new_decoder())
        };
        TextDecoder { kind, stop: None }
    }

    /// Whether the bytes are UTF-8 already (then they need no decoding).
    pub fn is_utf8(&self) -> bool {
        matches!(self.kind, Kind::Utf8)
    }

    /// Why decoding stopped, once it has.
    pub fn stop(&self) -> Option<DecodeStop> {
        self.stop
    }

    /// Room `decode` needs for a chunk of `len` bytes.
    pub fn max_output(&self, len: usize) -> usize {
        match &self.kind {
            Kind::Utf8 => len,
            Kind::Gbk(_) => GbkDecoder::max_output(len),
            Kind::Other(decoder) => decoder.max_utf8_buffer_length(len).unwrap_or(len * 3 + 16),
        }
    }

    /// Decodes `chunk` into `out` (at least `max_output(chunk.len())` long); gives the
    /// bytes written. After a stop the text ends at the start of the line that holds it
    /// (a line begun in an earlier chunk is left to end there) and later chunks give none.
    pub fn decode(&mut self, chunk: &[u8], out: &mut [u8], last: bool) -> usize {
        if self.stop.is_some() {
            return 0;
        }
        let written = match &mut self.kind {
            Kind::Utf8 => {
                out[..chunk.len()].copy_from_slice(chunk);
                return chunk.len();
            }
            Kind::Gbk(decoder) => {
                let (written, stop) = decoder.decode(chunk, out, last);
                self.stop = stop;
                written
            }
            Kind::Other(decoder) => {
                let (result, _, written) = decoder.decode_to_utf8_without_replacement(chunk, out, last);
                match result {
                    DecoderResult::InputEmpty => written,
                    DecoderResult::Malformed(..) => {
                        self.stop = Some(DecodeStop::Malformed);
                        written
                    }
                    DecoderResult::OutputFull => unreachable!("max_output is the worst case"),
                }
            }
        };
        match self.stop {
            // The text of the line that holds the bad bytes is not handed on.
            Some(_) => memchr::memrchr2(b'\n', b'\r', &out[..written]).map_or(0, |at| at + 1),
            None => written,
        }
    }
}

/// The text of a file read from `source` in its encoding, for the pull reader (files read
/// natively, the built-in sample): the same decoder as the page's pushed slices. Once the
/// decoder stops, every read is the stop's error.
pub struct DecodingReader<R> {
    source: R,
    decoder: TextDecoder,
    input: Vec<u8>,
    /// Decoded text, `text[at..len]` not yet read.
    text: Vec<u8>,
    at: usize,
    len: usize,
    ended: bool,
}

impl<R: Read> DecodingReader<R> {
    /// Reads `source` `chunk` bytes at a time.
    pub fn new(source: R, encoding: &'static Encoding, chunk: usize) -> DecodingReader<R> {
        let decoder = TextDecoder::new(encoding);
        let text = vec![0; decoder.max_output(chunk.max(1))];
        DecodingReader { source, decoder, input: vec![0; chunk.max(1)], text, at: 0, len: 0, ended: false }
    }
}

impl<R: Read> Read for DecodingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.at == self.len {
            if let Some(stop) = self.decoder.stop() {
                return Err(stop.to_io());
            }
            if self.ended {
                return Ok(0);
            }
            // An error (a browser File that would block, say) leaves the state as it was.
            let read = self.source.read(&mut self.input)?;
            self.ended = read == 0;
            self.len = self.decoder.decode(&self.input[..read], &mut self.text, self.ended);
            self.at = 0;
        }
        let n = buf.len().min(self.len - self.at);
        buf[..n].copy_from_slice(&self.text[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use encoding_rs::UTF_16LE;

    /// Decodes `bytes` in chunks of `step`: the text and why it stopped.
    fn decode(encoding: &'static Encoding, bytes: &[u8], step: usize) -> (String, Option<DecodeStop>) {
        let mut decoder = TextDecoder::new(encoding);
        let mut text = Vec::new();
        let chunks: Vec<&[u8]> = bytes.chunks(step).collect();
        for (i, chunk) in chunks.iter().enumerate() {
            let mut out = vec![0; decoder.max_output(chunk.len())];
            let n = decoder.decode(chunk, &mut out, i + 1 == chunks.len());
            text.extend_from_slice(&out[..n]);
        }
        (String::from_utf8(text).unwrap(), decoder.stop())
    }

    #[test]
    fn gbk_then_utf8_stops_at_the_first_utf8_line() {
        let gbk_part = "工单编号,受理时间,诉求类型\n1,2021-01-05,咨询\n2,2021-01-06,投诉\n";
        let mut bytes = GB18030.encode(gbk_part).0.into_owned();
        bytes.extend_from_slice("3,2021-01-07,咨询类诉求\n4,2021-01-08,投诉\n".as_bytes());
        for step in [1, 2, 7, 64, 1 << 20] {
            let (text, stop) = decode(GB18030, &bytes, step);
            assert_eq!(stop, Some(DecodeStop::Utf8Line), "chunks of {step}");
            // The lines before are whole; of the UTF-8 line at most an unfinished start
            // was handed on, which the row reader never takes as a row.
            let (before, unfinished) = text.split_at(gbk_part.len());
            assert_eq!(before, gbk_part, "chunks of {step}");
            assert!(!unfinished.contains('\n'), "chunks of {step}: {unfinished:?}");
        }
        assert_eq!(decode(GB18030, &bytes, 1 << 20).0, gbk_part);
    }

    #[test]
    fn every_utf8_row_of_a_real_export_after_gbk_rows_is_caught_at_its_own_line() {
        let options = crate::sample::SampleOptions { months: 1, scale: 0.03, ..Default::default() };
        let sample = String::from_utf8(crate::sample::csv_bytes(&options)).unwrap();
        let mut lines = sample.lines();
        let head = GB18030.encode(&format!("{}\n", lines.next().unwrap())).0.into_owned();
        let mut missed = 0;
        let mut rows = 0;
        for line in lines.filter(|line| !line.is_ascii()) {
            rows += 1;
            let bytes = [&head[..], line.as_bytes(), b"\n"].concat();
            let (text, stop) = decode(GB18030, &bytes, 1 << 20);
            if stop != Some(DecodeStop::Utf8Line) || text.len() != GB18030.decode(&head).0.len() {
                missed += 1;
            }
        }
        assert!(rows > 1000, "{rows} rows");
        assert_eq!(missed, 0, "UTF-8 rows read as GBK unnoticed, of {rows}");
    }

    #[test]
    fn plain_gbk_with_rare_characters_reads_whole() {
        // Characters of GBK's extensions, which a UTF-8 line decoded as GBK also gives (the
        // traditional ones make the decoder test lines), in a file that is GBK throughout.
        let text = "工单编号,诉求内容\n1,张喆反映堃园小区犇牛广场噪音\n2,鍜ㄨ\n3,鋪錄鍋菉\n".repeat(50);
        let (gbk, _, unmappable) = GB18030.encode(&text);
        assert!(!unmappable);
        assert_eq!(decode(GB18030, &gbk, 100), (text, None));
    }

    #[test]
    fn malformed_bytes_stop_at_their_line_never_replaced() {
        let mut bytes = GB18030.encode("工单编号,诉求类型\n1,咨询\n").0.into_owned();
        bytes.extend_from_slice(b"2,\xff\xff\n3,x\n");
        let (text, stop) = decode(GB18030, &bytes, 1 << 20);
        assert_eq!((text.as_str(), stop), ("工单编号,诉求类型\n1,咨询\n", Some(DecodeStop::Malformed)));

        let mut utf16: Vec<u8> = "a,b\n1,2\n".encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        utf16.extend_from_slice(&[0x00, 0xdc, b'x', 0]); // a lone low surrogate
        let (text, stop) = decode(UTF_16LE, &utf16, 3);
        assert_eq!((text.as_str(), stop), ("a,b\n1,2\n", Some(DecodeStop::Malformed)));
    }

    #[test]
    fn the_pull_reader_reads_up_to_the_stop_then_fails_every_time() {
        let mut bytes = GB18030.encode("甲,乙\n1,2\n").0.into_owned();
        bytes.extend_from_slice("3,反映路灯不亮，请尽快维修。\n".as_bytes());
        let mut reader = DecodingReader::new(&bytes[..], GB18030, 4);
        let mut text = Vec::new();
        let error = reader.read_to_end(&mut text).unwrap_err();
        assert_eq!(DecodeStop::of_io(&error), Some(DecodeStop::Utf8Line));
        let mut rest = [0u8; 8];
        assert_eq!(DecodeStop::of_io(&reader.read(&mut rest).unwrap_err()), Some(DecodeStop::Utf8Line));
    }
}
