//! Refilling a reader's buffer from its source: the unread bytes slide to the front and as
//! many new ones as fit come after them, in as few reads as the source allows, so a chunk
//! is parsed in one go rather than a read at a time.

use std::io::{self, Read};

use super::decode::DecodeStop;

/// Reads into `buf` until it is full or the source ends; gives the bytes read and whether
/// the source ended. A source that would block (or a decoder that stopped) ends the
/// filling early, and is an error only when it gave nothing (the caller then waits for
/// more, or fails there).
fn refill(source: &mut impl Read, buf: &mut [u8]) -> io::Result<(usize, bool)> {
    let mut filled = 0;
    while filled < buf.len() {
        match source.read(&mut buf[filled..]) {
            Ok(0) => return Ok((filled, true)),
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            // What was read before is kept where the error comes again at the next read:
            // a source that would block, a decoder that stopped at a bad line (its rows
            // before that line are read first). Any other error (a zip's failed checksum)
            // is given at once: a later read might just say the stream ended.
            Err(e) if filled > 0 && (e.kind() == io::ErrorKind::WouldBlock || DecodeStop::of_io(&e).is_some()) => break,
            Err(e) => return Err(e),
        }
    }
    Ok((filled, false))
}

/// Moves the unread `buf[*pos..*end]` to the front (doubling the buffer when they fill
/// it: one row or tag longer than the buffer) and reads after them; true when the source
/// ended. On an error the unread bytes have moved and `pos`/`end` say where.
pub fn slide_and_refill(
    source: &mut impl Read,
    buf: &mut Vec<u8>,
    pos: &mut usize,
    end: &mut usize,
) -> io::Result<bool> {
    buf.copy_within(*pos..*end, 0);
    *end -= *pos;
    *pos = 0;
    if *end == buf.len() {
        buf.resize(buf.len() * 2, 0);
    }
    let (read, ended) = refill(source, &mut buf[*end..])?;
    *end += read;
    Ok(ended)
}

/// A source that hands out `step` bytes a read, so what is read straddles the reads.
#[cfg(test)]
pub struct Trickle<'a>(pub &'a [u8], pub usize);

/// A source that hands out `step` bytes and then says it would block, by turns, as the
/// page's pushed slices do: each refill then takes only `step` bytes, so rows, quotes and
/// line ends straddle what the reader holds (with `Trickle` a refill reads on until its
/// buffer is full).
#[cfg(test)]
pub struct Dribble<'a> {
    pub text: &'a [u8],
    pub step: usize,
    pub blocked: bool,
}

#[cfg(test)]
impl Read for Dribble<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.blocked = !self.blocked;
        if !self.blocked {
            return Err(io::ErrorKind::WouldBlock.into());
        }
        let n = self.text.len().min(self.step).min(buf.len());
        buf[..n].copy_from_slice(&self.text[..n]);
        self.text = &self.text[n..];
        Ok(n)
    }
}

#[cfg(test)]
impl Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.0.len().min(self.1).min(buf.len());
        buf[..n].copy_from_slice(&self.0[..n]);
        self.0 = &self.0[n..];
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Gives `step` bytes a read, then would block once before going on.
    struct Stuttering<'a> {
        bytes: &'a [u8],
        step: usize,
        blocked: bool,
    }

    impl Read for Stuttering<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            if !self.blocked && self.bytes.len() == 3 {
                self.blocked = true;
                return Err(io::ErrorKind::WouldBlock.into());
            }
            let n = self.bytes.len().min(self.step).min(buf.len());
            buf[..n].copy_from_slice(&self.bytes[..n]);
            self.bytes = &self.bytes[n..];
            Ok(n)
        }
    }

    #[test]
    fn fills_across_reads_stops_at_a_block_and_says_when_the_source_ended() {
        let mut source = Stuttering { bytes: b"abcdefghi", step: 2, blocked: false };
        let mut buf = [0u8; 16];
        assert_eq!(refill(&mut source, &mut buf).unwrap(), (6, false), "stopped where the source would block");
        assert_eq!(&buf[..6], b"abcdef");
        assert_eq!(refill(&mut source, &mut buf).unwrap(), (3, true));
        let mut small = [0u8; 2];
        let mut source = Stuttering { bytes: b"xyz9", step: 8, blocked: true };
        assert_eq!(refill(&mut source, &mut small).unwrap(), (2, false), "a full buffer is not the end");
        let mut blocked = Stuttering { bytes: b"abc", step: 1, blocked: false };
        assert_eq!(refill(&mut blocked, &mut buf).unwrap_err().kind(), io::ErrorKind::WouldBlock);
    }
}
