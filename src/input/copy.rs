//! Decoding COPY text format, the way the server reads it: PostgreSQL's
//! `src/backend/commands/copyfromparse.c` (`CopyReadLineText` for rows,
//! `CopyReadAttributesText` for fields), default options (tab delimiter, `\N`
//! for NULL), as pg_dump writes the data of every table.
//!
//! - A row ends at an unescaped newline. The first row decides the line ending:
//!   `\n`, or `\r\n` (then every row must end so). A carriage return in data
//!   outside that is an error, as on the server ("literal carriage return found
//!   in data"); so is a lone `\r` line ending, which COPY accepts but psql (and
//!   so a plain dump) cannot carry.
//! - A backslash escapes the next byte, also a newline (which then belongs to the
//!   field). `\.` ends the data: alone on its line, or after the last row's data;
//!   followed by anything else it is "end-of-copy marker corrupt".
//! - Fields are split on tab. A field whose raw text is exactly `\N` is NULL
//!   (`\\N` is the text `\N`). Escapes: `\b \f \n \r \t \v \\`, octal `\NNN`
//!   (1-3 digits, the value taken mod 256), hex `\xH` or `\xHH`; a `\x` without a
//!   hex digit is `x`; any other `\c` is `c`; a backslash at the very end of a
//!   row is dropped.
//!
//! Fields are raw bytes in the dump's client encoding; a field without escapes is
//! borrowed from the row, not copied. [`DumpEncoding`] converts to UTF-8 for
//! display only. The server also checks that a de-escaped non-ASCII byte forms
//! valid text in the database encoding; that check is not repeated here.

use std::borrow::Cow;
use std::io::{self, Read};

use memchr::{memchr2, memchr_iter};

/// One decoded field: `None` for NULL, else its bytes.
pub type Field<'a> = Option<Cow<'a, [u8]>>;

/// A row that cannot be read. `line` counts rows' lines from 1 in this block of
/// data; `offset` is the byte offset of the row from the block's start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopyError {
    pub line: u64,
    pub offset: u64,
    pub message: String,
}

/// Splits one row (without its line ending) into decoded fields.
///
/// Errors only on `\.` inside the row (see the module documentation); field
/// counts are the caller's to check ([`check_width`]).
pub fn decode_row(row: &[u8]) -> Result<Vec<Field<'_>>, String> {
    let mut fields = Vec::new();
    let mut start = 0;
    loop {
        let (field, end, more) = decode_field(row, start)?;
        fields.push(field);
        if !more {
            return Ok(fields);
        }
        start = end + 1;
    }
}

/// Whether a row has the columns the COPY names; the server's own messages.
pub fn check_width(fields: usize, columns: &[String]) -> Result<(), String> {
    match fields.cmp(&columns.len()) {
        std::cmp::Ordering::Equal => Ok(()),
        std::cmp::Ordering::Greater => Err("extra data after last expected column".into()),
        std::cmp::Ordering::Less => Err(format!("missing data for column \"{}\"", columns[fields])),
    }
}

/// Decodes the field starting at `start`: the field, where its raw text ends,
/// and whether a tab follows.
fn decode_field(row: &[u8], start: usize) -> Result<(Field<'_>, usize, bool), String> {
    let Some(first) = memchr2(b'\t', b'\\', &row[start..]).map(|i| start + i) else {
        return Ok((Some(Cow::Borrowed(&row[start..])), row.len(), false));
    };
    if row[first] == b'\t' {
        return Ok((Some(Cow::Borrowed(&row[start..first])), first, true));
    }
    // At least one backslash: decode into an owned buffer.
    let mut out = row[start..first].to_vec();
    let mut i = first;
    let mut more = false;
    while i < row.len() {
        let c = row[i];
        i += 1;
        if c == b'\t' {
            more = true;
            break;
        }
        if c != b'\\' {
            out.push(c);
            continue;
        }
        let Some(&e) = row.get(i) else { break };
        i += 1;
        let byte = match e {
            b'0'..=b'7' => {
                let mut value = u32::from(e - b'0');
                for _ in 0..2 {
                    match row.get(i) {
                        Some(&d @ b'0'..=b'7') => {
                            value = (value << 3) + u32::from(d - b'0');
                            i += 1;
                        }
                        _ => break,
                    }
                }
                (value & 0xff) as u8
            }
            b'x' => match row.get(i).and_then(|&d| hex(d)) {
                Some(h) => {
                    i += 1;
                    let mut value = h;
                    if let Some(l) = row.get(i).and_then(|&d| hex(d)) {
                        value = (value << 4) + l;
                        i += 1;
                    }
                    value
                }
                None => b'x',
            },
            b'b' => 0x08,
            b'f' => 0x0c,
            b'n' => b'\n',
            b'r' => b'\r',
            b't' => b'\t',
            b'v' => 0x0b,
            b'.' => return Err("end-of-copy marker corrupt".into()),
            other => other,
        };
        out.push(byte);
    }
    let end = if more { i - 1 } else { row.len() };
    if &row[start..end] == b"\\N" {
        return Ok((None, end, more));
    }
    Ok((Some(Cow::Owned(out)), end, more))
}

fn hex(d: u8) -> Option<u8> {
    (d as char).to_digit(16).map(|v| v as u8)
}

/// Line endings, as the first row shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Eol {
    Nl,
    CrNl,
}

/// The rows of one block of COPY text, read one at a time from any [`Read`]
/// (a file, a decompressor) through a buffer of its own: rows are handed out
/// as slices of that buffer, never copied, and only a row cut by the end of the
/// buffer is moved to its start. Reading stops at the `\.` line.
pub struct CopyRows<R> {
    reader: R,
    buf: Vec<u8>,
    /// The unread bytes are `buf[start..end]`.
    start: usize,
    end: usize,
    eof: bool,
    /// The line number of the next row's first line (1-based).
    next_line: u64,
    /// The byte offset of the next row in the block.
    next_offset: u64,
    eol: Option<Eol>,
    done: bool,
}

/// One row: where it is, and its raw text without the line ending.
pub struct RawRow<'a> {
    pub line: u64,
    pub offset: u64,
    pub text: &'a [u8],
}

/// The read size; the buffer grows past it only for a longer row.
const CHUNK: usize = 256 * 1024;
/// The longest row: the server builds a COPY row in one buffer of at most 1 GiB.
const MAX_ROW: usize = 1 << 30;

impl<R: Read> CopyRows<R> {
    pub fn new(reader: R) -> Self {
        CopyRows {
            reader,
            buf: Vec::new(),
            start: 0,
            end: 0,
            eof: false,
            next_line: 1,
            next_offset: 0,
            eol: None,
            done: false,
        }
    }

    /// Reads more bytes behind the unread ones, moving those to the front and
    /// growing the buffer when they fill it. False at the end of the input.
    fn fill(&mut self) -> io::Result<bool> {
        if self.start > 0 {
            self.buf.copy_within(self.start..self.end, 0);
            self.end -= self.start;
            self.start = 0;
        }
        if self.end == self.buf.len() {
            if self.buf.len() > MAX_ROW {
                return Err(io::Error::new(io::ErrorKind::InvalidData, "a row longer than 1 GiB: not COPY text"));
            }
            let grown = (self.buf.len() * 2).max(CHUNK);
            self.buf.resize(grown, 0);
        }
        loop {
            match self.reader.read(&mut self.buf[self.end..]) {
                Ok(0) => {
                    self.eof = true;
                    return Ok(false);
                }
                Ok(n) => {
                    self.end += n;
                    return Ok(true);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }

    /// The next row, `Ok(None)` at the end of the data. After an error the
    /// reader is done: the server stops the COPY at its first bad row.
    pub fn next_row(&mut self) -> io::Result<Option<Result<RawRow<'_>, CopyError>>> {
        if self.done {
            return Ok(None);
        }
        let line = self.next_line;
        let offset = self.next_offset;
        let mut lines = 0u64;
        // Up to an unescaped `\n`: a newline after an odd run of backslashes is data.
        // `searched` counts the bytes of the row already looked at.
        let mut searched = 0;
        let mut ends_line = false;
        loop {
            let from = self.start + searched;
            if let Some(i) = memchr::memchr(b'\n', &self.buf[from..self.end]) {
                let nl = from + i;
                lines += 1;
                searched = nl + 1 - self.start;
                // The run cannot reach into the previous line: that ended in a newline.
                if self.buf[self.start..nl].iter().rev().take_while(|&&b| b == b'\\').count() % 2 == 0 {
                    ends_line = true;
                    break;
                }
                continue;
            }
            searched = self.end - self.start;
            if self.eof || !self.fill()? {
                break;
            }
        }
        let (row_start, row_end) = (self.start, self.start + searched);
        if row_end > row_start && !ends_line {
            lines += 1;
        }
        self.start = row_end;
        self.next_line += lines;
        self.next_offset += (row_end - row_start) as u64;
        if row_end == row_start {
            self.done = true;
            return Ok(None);
        }
        let fail = |this: &mut Self, message: &str| {
            this.done = true;
            Ok(Some(Err(CopyError { line, offset, message: message.to_owned() })))
        };
        let row = &self.buf[row_start..row_end];
        let mut text_len = row.len();
        if ends_line {
            text_len -= 1;
            let cr = text_len > 0 && row[text_len - 1] == b'\r' && !escaped_at(row, text_len - 1);
            let eol = *self.eol.get_or_insert(if cr { Eol::CrNl } else { Eol::Nl });
            match (eol, cr) {
                (Eol::CrNl, true) => text_len -= 1,
                (Eol::CrNl, false) => return fail(self, "literal newline found in data"),
                _ => {}
            }
        }
        let row = &self.buf[row_start..row_end];
        if memchr_iter(b'\r', &row[..text_len]).any(|cr| !escaped_at(row, cr)) {
            return fail(self, "literal carriage return found in data");
        }
        let text = &self.buf[row_start..row_start + text_len];
        if text == b"\\." {
            self.done = true;
            return Ok(None);
        }
        // `\.` after data ends the COPY with this last row.
        if text.len() >= 2 && text.ends_with(b"\\.") && !escaped_at(text, text.len() - 2) {
            self.done = true;
            return Ok(Some(Ok(RawRow { line, offset, text: &self.buf[row_start..row_start + text_len - 2] })));
        }
        Ok(Some(Ok(RawRow { line, offset, text })))
    }
}

/// Whether the byte at `at` is escaped: preceded by an odd run of backslashes.
fn escaped_at(text: &[u8], at: usize) -> bool {
    text[..at].iter().rev().take_while(|&&b| b == b'\\').count() % 2 == 1
}

/// A dump's client encoding, for showing its bytes as UTF-8.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DumpEncoding {
    /// UTF8 and SQL_ASCII (shown as UTF-8, invalid bytes replaced).
    Utf8,
    /// LATIN1 is ISO 8859-1: every byte is the code point of the same number
    /// (WHATWG's `latin1` label means windows-1252, which differs at 0x80-0x9F).
    Latin1,
    Other(&'static encoding_rs::Encoding),
}

impl DumpEncoding {
    /// The encoding of PostgreSQL's name (`SET client_encoding = 'WIN1252'`);
    /// `None` for a name without a decoder here.
    pub fn from_postgres(name: &str) -> Option<Self> {
        let upper = name.trim().to_ascii_uppercase().replace(['-', '_'], "");
        let label = match upper.as_str() {
            "UTF8" | "UNICODE" | "SQLASCII" => return Some(DumpEncoding::Utf8),
            "LATIN1" | "ISO88591" => return Some(DumpEncoding::Latin1),
            "WIN1252" => "windows-1252",
            "WIN1250" => "windows-1250",
            "WIN1251" => "windows-1251",
            "WIN1253" => "windows-1253",
            "WIN1254" => "windows-1254",
            "WIN1255" => "windows-1255",
            "WIN1256" => "windows-1256",
            "WIN1257" => "windows-1257",
            "WIN1258" => "windows-1258",
            "WIN866" => "ibm866",
            "WIN874" => "windows-874",
            "LATIN2" => "iso-8859-2",
            "LATIN3" => "iso-8859-3",
            "LATIN4" => "iso-8859-4",
            "LATIN5" => "windows-1254",
            "LATIN6" => "iso-8859-10",
            "LATIN7" => "iso-8859-13",
            "LATIN8" => "iso-8859-14",
            "LATIN9" => "iso-8859-15",
            "LATIN10" => "iso-8859-16",
            "ISO88595" => "iso-8859-5",
            "ISO88596" => "iso-8859-6",
            "ISO88597" => "iso-8859-7",
            "ISO88598" => "iso-8859-8",
            "KOI8R" | "KOI8" => "koi8-r",
            "KOI8U" => "koi8-u",
            "EUCJP" => "euc-jp",
            "SJIS" => "shift_jis",
            "EUCKR" => "euc-kr",
            "BIG5" => "big5",
            "GBK" | "GB18030" | "EUCCN" => "gb18030",
            _ => return None,
        };
        encoding_rs::Encoding::for_label(label.as_bytes()).map(DumpEncoding::Other)
    }

    /// The bytes as text, for display.
    pub fn display<'a>(&self, bytes: &'a [u8]) -> Cow<'a, str> {
        match self {
            DumpEncoding::Utf8 => String::from_utf8_lossy(bytes),
            DumpEncoding::Latin1 => match std::str::from_utf8(bytes) {
                Ok(ascii) if bytes.is_ascii() => Cow::Borrowed(ascii),
                _ => Cow::Owned(bytes.iter().map(|&b| char::from(b)).collect()),
            },
            DumpEncoding::Other(encoding) => encoding.decode_without_bom_handling(bytes).0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(row: &[u8]) -> Vec<Option<Vec<u8>>> {
        decode_row(row).unwrap().into_iter().map(|f| f.map(Cow::into_owned)).collect()
    }

    fn some(b: &[u8]) -> Option<Vec<u8>> {
        Some(b.to_vec())
    }

    type Rows = Vec<Result<(u64, u64, Vec<u8>), CopyError>>;

    fn rows(data: &[u8]) -> Rows {
        let mut reader = CopyRows::new(data);
        let mut out = Vec::new();
        while let Some(row) = reader.next_row().unwrap() {
            out.push(row.map(|r| (r.line, r.offset, r.text.to_vec())));
        }
        out
    }

    #[test]
    fn splits_on_tabs_and_reads_nulls() {
        assert_eq!(fields(b"1\t\\N\t\tx"), vec![some(b"1"), None, some(b""), some(b"x")]);
        assert_eq!(fields(b""), vec![some(b"")]);
        assert_eq!(fields(b"\\\\N\t\\N\\N\t\\NN"), vec![some(b"\\N"), some(b"NN"), some(b"NN")]);
    }

    #[test]
    fn decodes_every_escape() {
        assert_eq!(fields(b"a\\tb\\nc\\rd\\\\e\\bf\\fg\\vh"), vec![some(b"a\tb\nc\rd\\e\x08f\x0cg\x0bh")]);
        assert_eq!(fields(b"\\101\\0\\7\\1234\\777"), vec![some(b"A\0\x07S4\xff")]);
        assert_eq!(fields(b"\\x41\\x4g\\xg\\xFFF"), vec![some(b"A\x04gxg\xffF")]);
        assert_eq!(fields(b"\\q\\'\\\""), vec![some(b"q'\"")]);
        assert_eq!(fields(b"\\\t"), vec![some(b"\t")], "an escaped tab is data");
        assert_eq!(fields(b"ab\\"), vec![some(b"ab")], "a trailing backslash is dropped");
    }

    #[test]
    fn borrows_fields_without_escapes() {
        let row = decode_row(b"plain\twith\\tescape").unwrap();
        assert!(matches!(row[0], Some(Cow::Borrowed(_))));
        assert!(matches!(row[1], Some(Cow::Owned(_))));
    }

    #[test]
    fn end_marker_inside_a_field_is_corrupt() {
        assert_eq!(decode_row(b"a\\.b").unwrap_err(), "end-of-copy marker corrupt");
        assert_eq!(fields(b"a\\\\.b"), vec![some(b"a\\.b")]);
    }

    #[test]
    fn counts_fields_like_the_server() {
        let columns = vec!["a".to_owned(), "b".to_owned()];
        assert!(check_width(2, &columns).is_ok());
        assert_eq!(check_width(1, &columns).unwrap_err(), "missing data for column \"b\"");
        assert_eq!(check_width(3, &columns).unwrap_err(), "extra data after last expected column");
    }

    #[test]
    fn reads_rows_with_positions() {
        let got = rows(b"1\ta\n2\tb\\\nc\n3\n\\.\nignored\n");
        assert_eq!(
            got,
            vec![Ok((1, 0, b"1\ta".to_vec())), Ok((2, 4, b"2\tb\\\nc".to_vec())), Ok((4, 11, b"3".to_vec()))]
        );
        assert_eq!(rows(b"x\\\\\ny\n"), vec![Ok((1, 0, b"x\\\\".to_vec())), Ok((2, 4, b"y".to_vec()))]);
        assert_eq!(rows(b"last\\.\nmore\n"), vec![Ok((1, 0, b"last".to_vec()))]);
        assert_eq!(rows(b"no newline"), vec![Ok((1, 0, b"no newline".to_vec()))]);
        assert_eq!(rows(b"cut\\\n"), vec![Ok((1, 0, b"cut\\\n".to_vec()))], "an escaped newline at the end is data");
    }

    #[test]
    fn carriage_returns_follow_the_first_row() {
        assert_eq!(rows(b"a\r\nb\r\n"), vec![Ok((1, 0, b"a".to_vec())), Ok((2, 3, b"b".to_vec()))]);
        let mixed = rows(b"a\r\nb\n");
        assert_eq!(mixed[1].as_ref().unwrap_err().message, "literal newline found in data");
        let bare = rows(b"a\nb\rc\n");
        assert_eq!(
            bare[1],
            Err(CopyError { line: 2, offset: 2, message: "literal carriage return found in data".into() })
        );
        assert_eq!(rows(b"a\\\rb\n"), vec![Ok((1, 0, b"a\\\rb".to_vec()))]);
        assert_eq!(rows(b"a\\\rb\rc\n")[0].as_ref().unwrap_err().message, "literal carriage return found in data");
    }

    #[test]
    fn shows_latin1_and_win1252() {
        let latin1 = DumpEncoding::from_postgres("LATIN1").unwrap();
        assert_eq!(latin1.display(b"caf\xe9 \x80"), "café \u{80}");
        let win = DumpEncoding::from_postgres("WIN1252").unwrap();
        assert_eq!(win.display(b"caf\xe9 \x80"), "café €");
        assert_eq!(DumpEncoding::from_postgres("utf8"), Some(DumpEncoding::Utf8));
        assert_eq!(DumpEncoding::from_postgres("MULE_INTERNAL"), None);
    }
}
