//! A table's COPY text as [`TableData`](crate::input::table_data::TableData)
//! hands it out: rows as lines, up to (not including) the `\.` line pg_dump
//! writes after them, and the counting inspect needs (rows, fields per row).
//!
//! Rows are read one line at a time, so memory is bounded by the longest row.
//! Fields are counted by tabs only: escapes are decoded elsewhere.

use std::io::{self, BufRead, Read};

/// The longest row read: PostgreSQL builds a COPY row in one buffer of at most 1 GiB.
const MAX_ROW: u64 = 1 << 30;

/// Reads COPY text lines from `inner` until a line that is exactly `\.`.
pub(super) struct CopyText<R> {
    inner: R,
    line: Vec<u8>,
    pos: usize,
    /// The `\.` line was met.
    pub terminated: bool,
    done: bool,
}

impl<R: BufRead> CopyText<R> {
    pub fn new(inner: R) -> Self {
        CopyText { inner, line: Vec::new(), pos: 0, terminated: false, done: false }
    }
}

impl<R: BufRead> CopyText<R> {
    /// Reads what follows the `\.` line to the end of the stream (pg_dump's
    /// blank lines), so the codec reaches its checksum; returns how many bytes.
    pub fn finish(&mut self) -> io::Result<u64> {
        io::copy(&mut self.inner, &mut io::sink())
    }
}

impl<R: BufRead> Read for CopyText<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(buf.len());
        buf[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for CopyText<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.pos >= self.line.len() && !self.done {
            self.line.clear();
            self.pos = 0;
            let n = (&mut self.inner).take(MAX_ROW + 1).read_until(b'\n', &mut self.line)?;
            if n as u64 > MAX_ROW {
                return Err(io::Error::new(io::ErrorKind::InvalidData, "a row longer than 1 GiB: not COPY text"));
            }
            let body = self.line.strip_suffix(b"\n").unwrap_or(&self.line);
            let body = body.strip_suffix(b"\r").unwrap_or(body);
            if n == 0 || body == b"\\." {
                self.terminated = n != 0;
                self.done = true;
                self.line.clear();
            }
        }
        Ok(&self.line[self.pos..])
    }

    fn consume(&mut self, amount: usize) {
        self.pos = (self.pos + amount).min(self.line.len());
    }
}

/// What counting one table's COPY text found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Counted {
    pub rows: u64,
    pub bytes: u64,
    /// The first row whose number of fields differs from the columns': (row, fields,
    /// bytes before it in the text).
    pub wrong_fields: Option<(u64, usize, u64)>,
    pub terminated: bool,
}

/// Counts the rows of `text` and checks each has `columns` fields (when `columns` > 0).
pub(super) fn count<R: BufRead>(text: R, columns: usize) -> io::Result<Counted> {
    let mut copy = CopyText::new(text);
    let mut counted = Counted::default();
    loop {
        let line = copy.fill_buf()?;
        if line.is_empty() {
            break;
        }
        counted.rows += 1;
        if columns > 0 && counted.wrong_fields.is_none() {
            let fields = memchr::memchr_iter(b'\t', line).count() + 1;
            if fields != columns {
                counted.wrong_fields = Some((counted.rows, fields, counted.bytes));
            }
        }
        counted.bytes += line.len() as u64;
        let n = line.len();
        copy.consume(n);
    }
    counted.terminated = copy.terminated;
    copy.finish()?;
    Ok(counted)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stops_at_the_terminator_and_counts_fields() {
        let text = b"1\ta\\tb\n2\t\\N\n\\.\n\n\n".as_slice();
        let mut out = String::new();
        CopyText::new(text).read_to_string(&mut out).unwrap();
        assert_eq!(out, "1\ta\\tb\n2\t\\N\n");
        let c = count(text, 2).unwrap();
        assert_eq!((c.rows, c.terminated, c.wrong_fields), (2, true, None));
        let c = count(b"1\ta\n2\n".as_slice(), 2).unwrap();
        assert_eq!((c.rows, c.terminated, c.wrong_fields), (2, false, Some((2, 1, 4))));
    }
}
