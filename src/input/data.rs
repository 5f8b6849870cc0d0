//! The data of a plain dump (text or gzip): [`PlainDump`] finds its
//! `COPY ... FROM stdin` blocks and its `INSERT` statements (`pg_dump --inserts`,
//! `--column-inserts`) and hands each table's data out through [`TableData`];
//! [`count_table_data`] counts rows and non-null values per column of any
//! backup's table data (for `lint --data` and `posture`).
//!
//! Two passes: the statement reader finds each block (table, columns, byte
//! range) and notes `SET client_encoding`; each reader then opens the file again
//! and skips to its block (a seek, or decompressing up to it for gzip), so
//! tables can be read in parallel. Memory stays flat: no COPY data is buffered
//! beyond one row, no size is taken from the input.
//!
//! INSERT statements are handed out as statements, not decoded here: reading
//! their values is SQL parsing, which belongs to `crate::sql`. A dump whose
//! client encoding is not UTF-8 is read a second time through a decoder to
//! find its INSERTs (the statement reader wants UTF-8); their offsets are then
//! positions in the decoded text.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use super::copy::{decode_row, CopyRows, DumpEncoding};
use super::script::{Piece, ProblemKind, ScriptReader};
use super::table_data::{TableData, TableDataEntry};
use crate::error::{Error, Result};

/// What one table's COPY data holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TableCounts {
    pub rows: u64,
    /// Non-null values by column name (as stored, unquoted).
    pub non_null: BTreeMap<String, u64>,
}

/// Counts by table: `(schema, table)` as stored, unquoted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DataCounts {
    pub tables: BTreeMap<(String, String), TableCounts>,
}

/// Rows and non-null values per column of any backup's table data, as far as
/// it can be read: a table whose data is damaged is counted up to the damage,
/// one whose data cannot be opened is left out (the backup's own problems say
/// what is wrong).
pub fn count_table_data(data: &dyn TableData) -> DataCounts {
    let mut counts = DataCounts::default();
    for entry in data.entries() {
        let Ok(reader) = data.open(entry) else { continue };
        let table = counts.tables.entry((entry.schema.clone(), entry.table.clone())).or_default();
        let _ = count_rows(reader, &entry.columns, table);
    }
    counts
}

/// Counts one table's COPY rows into `table`, up to the first row that cannot be read.
fn count_rows(reader: impl Read, columns: &[String], table: &mut TableCounts) -> io::Result<()> {
    let mut rows = CopyRows::new(reader);
    while let Some(row) = rows.next_row()? {
        let Ok(row) = row else { break };
        let Ok(fields) = decode_row(row.text) else { break };
        table.rows += 1;
        for (column, field) in columns.iter().zip(fields) {
            if field.is_some() {
                *table.non_null.entry(column.clone()).or_default() += 1;
            }
        }
    }
    Ok(())
}

/// A plain-format dump's table data: its COPY blocks, and its INSERT statements.
#[derive(Debug, Clone)]
pub struct PlainDump {
    path: PathBuf,
    gzip: bool,
    encoding_name: String,
    encoding: DumpEncoding,
    copies: Vec<TableDataEntry>,
    /// Per COPY block: data bytes, and whether its `\.` was found.
    spans: Vec<(u64, bool)>,
    inserts: Vec<TableDataEntry>,
    /// Per run of INSERTs: bytes from the first statement's start to the last one's `;`.
    insert_bytes: Vec<u64>,
    inserts_decoded: bool,
}

/// Builds a [`PlainDump`] from the pieces of a pass over it, so that a reader
/// that makes its own pass (the backup reader) needs no second one.
pub struct PlainDumpReader {
    dump: PlainDump,
    /// The table and columns of the last `COPY ... FROM stdin` statement.
    pending: Option<((String, String), Vec<String>)>,
    encoding_problems: bool,
}

impl PlainDumpReader {
    pub fn new(path: &Path, gzip: bool) -> Self {
        let dump = PlainDump {
            path: path.to_owned(),
            gzip,
            encoding_name: "UTF8".into(),
            encoding: DumpEncoding::Utf8,
            copies: Vec::new(),
            spans: Vec::new(),
            inserts: Vec::new(),
            insert_bytes: Vec::new(),
            inserts_decoded: false,
        };
        PlainDumpReader { dump, pending: None, encoding_problems: false }
    }

    /// Takes in the next piece of the dump. Fails when the file is not SQL text
    /// at all (not valid at its very first line, in UTF-8).
    pub fn piece(&mut self, piece: &Piece) -> Result<()> {
        let dump = &mut self.dump;
        match piece {
            Piece::Statement { sql, offset, .. } => {
                if let Some(name) = client_encoding(sql) {
                    dump.encoding = DumpEncoding::from_postgres(&name).unwrap_or(DumpEncoding::Utf8);
                    dump.encoding_name = name;
                }
                dump.note_insert(sql, *offset);
                self.pending = copy_target(sql);
            }
            Piece::CopyData { offset, bytes, terminated, .. } => {
                if let Some(((schema, table), columns)) = self.pending.take() {
                    let index = dump.copies.len();
                    dump.copies.push(TableDataEntry { schema, table, columns, offset: *offset, index });
                    dump.spans.push((*bytes, *terminated));
                }
            }
            Piece::Problem { kind: ProblemKind::Encoding, message, line, .. } => {
                if dump.copies.is_empty() && *line <= 1 && dump.encoding == DumpEncoding::Utf8 {
                    return Err(Error::Unreadable { path: dump.path.clone(), message: message.clone() });
                }
                self.encoding_problems = true;
            }
            _ => {}
        }
        Ok(())
    }

    /// The dump's table data. A dump in another encoding than UTF-8 is read once
    /// more, decoded, to find its INSERTs.
    pub fn finish(self) -> Result<PlainDump> {
        let mut dump = self.dump;
        if self.encoding_problems && dump.encoding != DumpEncoding::Utf8 {
            dump.inserts.clear();
            dump.insert_bytes.clear();
            dump.inserts_decoded = true;
            let decoded = Decoded::new(dump.decompressed()?, dump.encoding);
            for piece in ScriptReader::new(decoded) {
                if let Piece::Statement { sql, offset, .. } = piece {
                    dump.note_insert(&sql, offset);
                }
            }
        }
        Ok(dump)
    }
}

impl PlainDump {
    /// Finds the table data of the plain dump at `path`. Fails when the file
    /// cannot be read or is not SQL text at all.
    pub fn open(path: &Path) -> Result<PlainDump> {
        let mut reader = PlainDumpReader::new(path, is_gzip(path)?);
        for piece in ScriptReader::new(reader.dump.decompressed()?) {
            if let Piece::Problem { kind: ProblemKind::Io, message, .. } = piece {
                return Err(Error::Unreadable { path: path.to_owned(), message });
            }
            reader.piece(&piece)?;
        }
        reader.finish()
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The dump's client encoding as PostgreSQL names it (`UTF8` when not set).
    pub fn encoding_name(&self) -> &str {
        &self.encoding_name
    }

    /// How to show the bytes of its COPY data.
    pub fn encoding(&self) -> DumpEncoding {
        self.encoding
    }

    /// Runs of INSERT statements, one entry per run of the same table, in dump
    /// order; `columns` is empty (each statement names its own, or none).
    pub fn inserts(&self) -> &[TableDataEntry] {
        &self.inserts
    }

    /// The INSERT statements of one entry, as UTF-8 SQL text (decoded from the
    /// dump's encoding when that is not UTF-8), with their offsets.
    pub fn open_inserts(&self, entry: &TableDataEntry) -> Result<impl Iterator<Item = Piece> + Send + '_> {
        let bytes = self.insert_bytes.get(entry.index).copied().unwrap_or(0);
        let mut stream: Box<dyn Read + Send> = if self.inserts_decoded {
            Box::new(Decoded::new(self.decompressed()?, self.encoding))
        } else {
            self.decompressed()?
        };
        io::copy(&mut (&mut stream).take(entry.offset), &mut io::sink()).map_err(|e| Error::io(&self.path, e))?;
        let base = entry.offset;
        Ok(ScriptReader::new(stream.take(bytes)).map(move |piece| match piece {
            Piece::Statement { sql, line, column, offset } => {
                Piece::Statement { sql, line, column, offset: offset + base }
            }
            other => other,
        }))
    }

    fn note_insert(&mut self, sql: &str, offset: u64) {
        let Some((schema, table)) = insert_target(sql) else { return };
        let end = offset + sql.len() as u64 + 1;
        if let Some(last) = self.inserts.last() {
            if last.schema == schema && last.table == table {
                let i = last.index;
                self.insert_bytes[i] = end - last.offset;
                return;
            }
        }
        let index = self.inserts.len();
        self.inserts.push(TableDataEntry { schema, table, columns: Vec::new(), offset, index });
        self.insert_bytes.push(end - offset);
    }

    /// The whole dump, decompressed.
    fn decompressed(&self) -> Result<Box<dyn Read + Send>> {
        let file = File::open(&self.path).map_err(|e| Error::io(&self.path, e))?;
        Ok(if self.gzip { Box::new(flate2::read::MultiGzDecoder::new(file)) } else { Box::new(file) })
    }
}

impl TableData for PlainDump {
    fn entries(&self) -> &[TableDataEntry] {
        &self.copies
    }

    fn open(&self, entry: &TableDataEntry) -> Result<Box<dyn Read + Send + '_>> {
        let (bytes, terminated) = self.spans.get(entry.index).copied().unwrap_or((0, true));
        let stream: Box<dyn Read + Send> = if self.gzip {
            let mut stream = self.decompressed()?;
            let skipped = io::copy(&mut (&mut stream).take(entry.offset), &mut io::sink())
                .map_err(|e| Error::io(&self.path, e))?;
            if skipped < entry.offset {
                return Err(Error::Unreadable {
                    path: self.path.clone(),
                    message: format!("the data of {}.{} is past the end of the file", entry.schema, entry.table),
                });
            }
            stream
        } else {
            let mut file = File::open(&self.path).map_err(|e| Error::io(&self.path, e))?;
            file.seek(SeekFrom::Start(entry.offset)).map_err(|e| Error::io(&self.path, e))?;
            Box::new(file)
        };
        let data = stream.take(bytes);
        if terminated {
            return Ok(Box::new(data));
        }
        let message =
            format!("the COPY data of {}.{} runs to the end of the file (no `\\.`)", entry.schema, entry.table);
        Ok(Box::new(data.chain(Cut(message))))
    }
}

/// The end of a COPY block that has no `\.`: reading it is an error.
struct Cut(String);

impl Read for Cut {
    fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
        Err(io::Error::new(io::ErrorKind::UnexpectedEof, self.0.clone()))
    }
}

fn is_gzip(path: &Path) -> Result<bool> {
    let mut magic = [0u8; 2];
    let mut file = File::open(path).map_err(|e| Error::io(path, e))?;
    let mut n = 0;
    while n < 2 {
        match file.read(&mut magic[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(Error::io(path, e)),
        }
    }
    Ok(n == 2 && magic == [0x1f, 0x8b])
}

/// A stream decoded from a dump's encoding to UTF-8.
struct Decoded<R> {
    inner: R,
    encoding: DumpEncoding,
    decoder: Option<encoding_rs::Decoder>,
    input: Vec<u8>,
    output: Vec<u8>,
    at: usize,
    eof: bool,
}

impl<R: Read> Decoded<R> {
    fn new(inner: R, encoding: DumpEncoding) -> Self {
        let decoder = match encoding {
            DumpEncoding::Other(e) => Some(e.new_decoder_without_bom_handling()),
            _ => None,
        };
        Decoded { inner, encoding, decoder, input: vec![0; 32 * 1024], output: Vec::new(), at: 0, eof: false }
    }
}

impl<R: Read> Read for Decoded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.at == self.output.len() {
            if self.eof {
                return Ok(0);
            }
            let n = self.inner.read(&mut self.input)?;
            self.eof = n == 0;
            self.output.clear();
            self.at = 0;
            let input = &self.input[..n];
            match (&mut self.decoder, self.encoding) {
                (Some(decoder), _) => {
                    let mut text =
                        String::with_capacity(decoder.max_utf8_buffer_length(n).unwrap_or(n.saturating_mul(4)).max(16));
                    let _ = decoder.decode_to_string(input, &mut text, self.eof);
                    self.output = text.into_bytes();
                }
                (None, DumpEncoding::Latin1) => {
                    self.output.extend(input.iter().map(|&b| char::from(b)).collect::<String>().bytes())
                }
                (None, _) => self.output.extend_from_slice(input),
            }
        }
        let n = buf.len().min(self.output.len() - self.at);
        buf[..n].copy_from_slice(&self.output[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// `SET client_encoding = 'LATIN1'` → `LATIN1`.
fn client_encoding(sql: &str) -> Option<String> {
    let rest = strip_keyword(sql.trim_start(), "SET")?.trim_start();
    let rest = strip_keyword(rest, "client_encoding")?.trim_start();
    let rest = rest.strip_prefix('=').or_else(|| strip_keyword(rest, "TO"))?.trim();
    let value = rest.trim_matches('\'').trim_matches('"');
    (!value.is_empty() && value.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .then(|| value.to_owned())
}

/// `INSERT INTO public."T" ...` → the table.
fn insert_target(sql: &str) -> Option<(String, String)> {
    let rest = strip_keyword(sql.trim_start(), "INSERT")?;
    let rest = strip_keyword(rest.trim_start(), "INTO")?;
    let (first, rest) = identifier(rest)?;
    Some(match rest.strip_prefix('.') {
        Some(r) => (first, identifier(r)?.0),
        None => ("public".to_owned(), first),
    })
}

/// `COPY schema.table (a, "B") FROM stdin` → the table and its columns.
pub(crate) fn copy_target(sql: &str) -> Option<((String, String), Vec<String>)> {
    let rest = strip_keyword(sql.trim_start(), "COPY")?;
    let (first, rest) = identifier(rest)?;
    let (table, rest) = match rest.strip_prefix('.') {
        Some(r) => {
            let (name, r) = identifier(r)?;
            ((first, name), r)
        }
        None => (("public".to_owned(), first), rest),
    };
    let mut rest = rest.trim_start().strip_prefix('(')?;
    let mut columns = Vec::new();
    loop {
        let (column, r) = identifier(rest)?;
        columns.push(column);
        let r = r.trim_start();
        if let Some(r) = r.strip_prefix(',') {
            rest = r;
        } else {
            rest = r.strip_prefix(')')?;
            break;
        }
    }
    let rest = strip_keyword(rest.trim_start(), "FROM")?;
    strip_keyword(rest.trim_start(), "stdin")?;
    Some((table, columns))
}

fn strip_keyword<'a>(text: &'a str, keyword: &str) -> Option<&'a str> {
    let head = text.get(..keyword.len())?;
    head.eq_ignore_ascii_case(keyword).then(|| &text[keyword.len()..])
}

/// A bare (folded to lower case) or double-quoted identifier.
fn identifier(text: &str) -> Option<(String, &str)> {
    let text = text.trim_start();
    if let Some(mut rest) = text.strip_prefix('"') {
        let mut out = String::new();
        loop {
            let end = rest.find('"')?;
            out.push_str(&rest[..end]);
            rest = &rest[end + 1..];
            match rest.strip_prefix('"') {
                Some(r) => {
                    out.push('"');
                    rest = r;
                }
                None => return Some((out, rest)),
            }
        }
    }
    let end = text.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '$')).unwrap_or(text.len());
    (end > 0).then(|| (text[..end].to_lowercase(), &text[end..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_pg_dump_copy_lines() {
        let (table, columns) =
            copy_target("COPY public.\"WaitlistEntry\" (id, \"contactId\", \"a\"\"b\") FROM stdin").unwrap();
        assert_eq!(table, ("public".to_owned(), "WaitlistEntry".to_owned()));
        assert_eq!(columns, vec!["id", "contactId", "a\"b"]);
        assert!(copy_target("COPY t TO stdout").is_none());
    }

    #[test]
    fn reads_insert_targets_and_the_client_encoding() {
        assert_eq!(
            insert_target("INSERT INTO public.\"Order\" (id) VALUES (1)"),
            Some(("public".into(), "Order".into()))
        );
        assert_eq!(insert_target("INSERT INTO t VALUES (1)"), Some(("public".into(), "t".into())));
        assert_eq!(insert_target("INSERTED"), None);
        assert_eq!(client_encoding("SET client_encoding = 'LATIN1'").as_deref(), Some("LATIN1"));
        assert_eq!(client_encoding("SET client_encoding TO 'UTF8'").as_deref(), Some("UTF8"));
        assert_eq!(client_encoding("SET standard_conforming_strings = on"), None);
    }

    #[test]
    fn decodes_latin1_to_utf8() {
        let mut out = String::new();
        Decoded::new(&b"caf\xe9"[..], DumpEncoding::Latin1).read_to_string(&mut out).unwrap();
        assert_eq!(out, "café");
        let win = DumpEncoding::from_postgres("WIN1252").unwrap();
        out.clear();
        Decoded::new(&b"\x80 caf\xe9"[..], win).read_to_string(&mut out).unwrap();
        assert_eq!(out, "€ café");
    }
}
