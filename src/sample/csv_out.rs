//! The sample's rows as CSV, written as the csv crate's writer writes them with its
//! defaults (a field quoted only when it holds a comma, a quote or a line end, its quotes
//! doubled; rows end in `\n`), each field copied whole into one buffer. The csv writer's
//! byte-by-byte state machine was a sixth of generating the sample (458 M of 2.59 G
//! instructions for the two months; written here, 2.27 G in all), and the page waits for
//! the sample when it opens. Tests pin the bytes equal to the csv crate's.

use std::io::{self, Write};

/// Bytes gathered before they go to the writer.
const FLUSH_AT: usize = 1 << 16;

pub struct CsvOut<W: Write> {
    out: W,
    buf: Vec<u8>,
}

impl<W: Write> CsvOut<W> {
    pub fn new(out: W) -> CsvOut<W> {
        CsvOut { out, buf: Vec::with_capacity(FLUSH_AT + 4096) }
    }

    pub fn row<'a>(&mut self, fields: impl IntoIterator<Item = &'a [u8]>) -> io::Result<()> {
        for (i, field) in fields.into_iter().enumerate() {
            if i > 0 {
                self.buf.push(b',');
            }
            if needs_quotes(field) {
                self.buf.push(b'"');
                for piece in field.split_inclusive(|&b| b == b'"') {
                    self.buf.extend_from_slice(piece);
                    if piece.ends_with(b"\"") {
                        self.buf.push(b'"');
                    }
                }
                self.buf.push(b'"');
            } else {
                self.buf.extend_from_slice(field);
            }
        }
        self.buf.push(b'\n');
        if self.buf.len() >= FLUSH_AT {
            self.out.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }

    /// Writes what is left and gives the writer back.
    pub fn finish(mut self) -> io::Result<W> {
        self.out.write_all(&self.buf)?;
        self.out.flush()?;
        Ok(self.out)
    }
}

/// Whether a field holds a comma, quote or line break. Fields are a few to a few hundred
/// bytes, where memchr's set-up per call cost more than it saved; so eight bytes at a time
/// by hand (a word holds a byte iff some byte of the word XOR it is zero), which took 6% off
/// making the sample against a byte-by-byte loop.
fn needs_quotes(field: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let holds = |word: u64, byte: u8| {
        let x = word ^ (ONES * u64::from(byte));
        x.wrapping_sub(ONES) & !x & HIGHS != 0
    };
    let mut words = field.chunks_exact(8);
    for word in &mut words {
        let word = u64::from_le_bytes(word.try_into().expect("eight bytes"));
        if holds(word, b',') | holds(word, b'"') | holds(word, b'\n') | holds(word, b'\r') {
            return true;
        }
    }
    words.remainder().iter().any(|&b| matches!(b, b',' | b'"' | b'\n' | b'\r'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_needs_quotes_wherever_its_special_byte_sits() {
        let filler = "诉求a".as_bytes();
        for len in 0..40 {
            let plain: Vec<u8> = filler.iter().copied().cycle().take(len).collect();
            assert!(!needs_quotes(&plain), "{len} bytes of plain text");
            for at in 0..len {
                for special in [b',', b'"', b'\n', b'\r'] {
                    let mut field = plain.clone();
                    field[at] = special;
                    assert!(needs_quotes(&field), "{special} at {at} of {len}");
                }
            }
        }
    }

    #[test]
    fn writes_what_the_csv_crate_writes() {
        let rows: [&[&str]; 4] = [
            &["工单编号", "内容", ""],
            &["1", "他说\"好\"，然后走了", "a,b"],
            &["2", "两行\r\n文字", "\"\""],
            &["", "x\ny", "末"],
        ];
        let mut ours = CsvOut::new(Vec::new());
        let mut theirs = csv::Writer::from_writer(Vec::new());
        for row in rows {
            ours.row(row.iter().map(|f| f.as_bytes())).unwrap();
            theirs.write_record(row).unwrap();
        }
        assert_eq!(
            String::from_utf8(ours.finish().unwrap()).unwrap(),
            String::from_utf8(theirs.into_inner().unwrap()).unwrap()
        );
    }
}
