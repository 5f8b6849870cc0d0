//! What a plain-format dump (pg_dump or pg_dumpall output, gzip or not) says
//! about itself: the versions and start time in its header comments, the rows
//! of each COPY block, and whether it ends the way pg_dump ends a dump.
//!
//! One streaming pass with [`ScriptReader`]; the first and last few KiB are
//! kept aside to read the header and closing comments.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;
use std::sync::{Arc, Mutex};

use super::{copy_text, Backup, Compression, Format, Integrity, Problem, ProblemKind, TableRows};
use crate::error::{Error, Result};
use crate::input::data::{copy_target, PlainDumpReader};
use crate::input::script::{open_maybe_gzip, Piece, ScriptReader};

/// The most statement text kept for the schema replay ([`Backup::take_script`]); a
/// dump with more (`pg_dump --inserts` of much data) keeps none, and its schema is read
/// from the file again, streaming, instead of holding its data in memory.
const SCRIPT_LIMIT: usize = 64 << 20;

const HEAD: usize = 16 * 1024;
const TAIL: usize = 4 * 1024;

/// The first [`HEAD`] and last [`TAIL`] bytes that went through a reader.
#[derive(Default)]
struct Ends {
    head: Vec<u8>,
    tail: Vec<u8>,
    total: u64,
}

struct Keeping<R> {
    inner: R,
    ends: Arc<Mutex<Ends>>,
}

impl<R: Read> Read for Keeping<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let Ok(mut ends) = self.ends.lock() {
            let new = &buf[..n];
            let room = HEAD.saturating_sub(ends.head.len());
            ends.head.extend_from_slice(&new[..room.min(n)]);
            ends.tail.extend_from_slice(&new[n.saturating_sub(TAIL)..]);
            let excess = ends.tail.len().saturating_sub(TAIL);
            ends.tail.drain(..excess);
            ends.total += n as u64;
        }
        Ok(n)
    }
}

/// Whether the start of a file looks like text (no NUL, UTF-8 apart from a cut last character).
pub(super) fn looks_like_text(start: &[u8]) -> bool {
    if start.is_empty() || start.contains(&0) {
        return false;
    }
    match std::str::from_utf8(start) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none(),
    }
}

/// The minor releases from which pg_dump writes `\restrict` / `\unrestrict`
/// (CVE-2025-8714): 13.22, 14.19, 15.14, 16.10, 17.6, and 18 on.
fn writes_restrict(version: &str) -> bool {
    let mut parts = version.split(|c: char| !c.is_ascii_digit()).filter(|p| !p.is_empty());
    let major: u32 = parts.next().and_then(|p| p.parse().ok()).unwrap_or(0);
    let minor: u32 = parts.next().and_then(|p| p.parse().ok()).unwrap_or(0);
    match major {
        13 => minor >= 22,
        14 => minor >= 19,
        15 => minor >= 14,
        16 => minor >= 10,
        17 => minor >= 6,
        m => m >= 18,
    }
}

pub(super) fn read(path: &Path, gzip: bool) -> Result<Backup> {
    read_keeping(path, gzip, SCRIPT_LIMIT)
}

/// [`read`], keeping at most `script_limit` bytes of statements for the schema replay.
fn read_keeping(path: &Path, gzip: bool, script_limit: usize) -> Result<Backup> {
    let file = File::open(path).map_err(|e| Error::io(path, e))?;
    let ends = Arc::new(Mutex::new(Ends::default()));
    let stream = open_maybe_gzip(file).map_err(|e| Error::io(path, e))?;
    let reader = Keeping { inner: stream, ends: ends.clone() };
    let mut backup = Backup::empty(path, Format::Plain);
    backup.compression = if gzip { Compression::Gzip } else { Compression::None };
    let mut pending: Option<(String, String, usize)> = None;
    let (mut restrict, mut unrestrict) = (false, false);
    let mut data = Some(PlainDumpReader::new(path, gzip));
    let mut script_bytes = Some(0usize);
    for piece in ScriptReader::new(reader) {
        // Its table data is found in the same pass; a file that is no SQL text has none.
        if data.as_mut().is_some_and(|d| d.piece(&piece).is_err()) {
            data = None;
        }
        match &piece {
            Piece::Statement { sql, .. } => {
                pending = copy_target(sql).map(|((schema, table), columns)| (schema, table, columns.len()));
            }
            &Piece::CopyData { offset, rows, bytes, tabs, terminated, .. } => {
                if let Some((schema, table, columns)) = pending.take() {
                    let mut integrity = Integrity::Complete;
                    if !terminated {
                        integrity = Integrity::Damaged;
                        backup.problems.push(Problem::new(
                            ProblemKind::CopyUnterminated,
                            format!("the COPY data of {schema}.{table} ends without its \\. line"),
                            Some(offset),
                        ));
                    } else if columns > 0 && tabs != rows.saturating_mul(columns as u64 - 1) {
                        integrity = Integrity::Damaged;
                        let name = format!("{schema}.{table}");
                        backup.problems.push(wrong_fields(path, &name, offset, columns, rows, tabs));
                    }
                    backup.tables.push(TableRows { schema, table, dump_id: None, rows, bytes, integrity, offset });
                }
            }
            Piece::Meta { command, argument, .. } => match command.as_str() {
                "restrict" => restrict = true,
                "unrestrict" => unrestrict = true,
                "connect" | "c" if backup.database.is_none() && !argument.starts_with('-') => {
                    backup.database = argument.split_whitespace().next().map(|d| d.trim_matches('"').to_owned());
                }
                _ => {}
            },
            Piece::Problem { kind: crate::input::ProblemKind::Io, message, offset, .. } => {
                backup.problems.push(Problem::new(ProblemKind::ReadFailed, message.clone(), Some(*offset)));
            }
            Piece::Problem { .. } => {}
        }
        if let Some(kept) = script_bytes {
            let size = match &piece {
                Piece::Statement { sql, .. } => sql.len(),
                Piece::Meta { argument, .. } => argument.len(),
                _ => 0,
            };
            if kept + size > script_limit {
                script_bytes = None;
                backup.script = Vec::new();
            } else {
                script_bytes = Some(kept + size);
                backup.script.push(piece);
            }
        }
    }
    backup.plain = data.and_then(|d| d.finish().ok());
    // gzip's CRC-32 over the whole stream was checked when the decoder reached its end.
    if gzip && !backup.problems.iter().any(|p| p.kind == ProblemKind::ReadFailed) {
        for table in backup.tables.iter_mut().filter(|t| t.integrity == Integrity::Complete) {
            table.integrity = Integrity::Verified;
        }
    }
    let ends = ends.lock().map(|mut e| std::mem::take(&mut *e)).unwrap_or_default();
    let head = String::from_utf8_lossy(&ends.head);
    let mut is_dump = false;
    for line in head.lines() {
        if line.starts_with("-- PostgreSQL database cluster dump") {
            backup.cluster = true;
            is_dump = true;
        } else if line.starts_with("-- PostgreSQL database dump") {
            is_dump = true;
        } else if let Some(v) = line.strip_prefix("-- Dumped from database version ") {
            backup.server_version.get_or_insert_with(|| v.trim().to_owned());
        } else if let Some(v) = line.strip_prefix("-- Dumped by pg_dump version ") {
            backup.pg_dump_version.get_or_insert_with(|| v.trim().to_owned());
        } else if let Some(v) = line.strip_prefix("-- Started on ") {
            backup.created.get_or_insert_with(|| v.trim().to_owned());
        }
    }
    if is_dump {
        let tail = String::from_utf8_lossy(&ends.tail);
        let closing = if backup.cluster {
            "-- PostgreSQL database cluster dump complete"
        } else {
            "-- PostgreSQL database dump complete"
        };
        if !tail.lines().any(|l| l.trim_end() == closing) {
            backup.problems.push(Problem::new(
                ProblemKind::NoDumpComplete,
                format!("the dump does not end with pg_dump's `{closing}` line: it was cut short"),
                Some(ends.total),
            ));
        }
        let expected = backup.pg_dump_version.as_deref().is_some_and(writes_restrict);
        if (restrict || expected) && !unrestrict {
            backup.problems.push(Problem::new(
                ProblemKind::NoUnrestrict,
                "the dump has no closing \\unrestrict line (pg_dump writes one since 13.22, 14.19, 15.14, 16.10, 17.6)",
                Some(ends.total),
            ));
        }
    }
    backup.problems.sort_by_key(|p| p.offset);
    Ok(backup)
}

/// The problem of a COPY block whose tab count says some row has the wrong
/// number of fields: the block is read again to name the first such row.
fn wrong_fields(path: &Path, name: &str, offset: u64, columns: usize, rows: u64, tabs: u64) -> Problem {
    let first = || -> io::Result<Option<(u64, usize, u64)>> {
        let mut stream = open_maybe_gzip(File::open(path)?)?;
        let skipped = io::copy(&mut (&mut stream).take(offset), &mut io::sink())?;
        if skipped < offset {
            return Ok(None);
        }
        Ok(copy_text::count(io::BufReader::new(stream), columns)?.wrong_fields)
    };
    match first() {
        Ok(Some((row, fields, at))) => Problem::new(
            ProblemKind::FieldCount,
            format!("row {row} of {name} has {fields} fields, the COPY names {columns} columns"),
            Some(offset + at),
        ),
        _ => Problem::new(
            ProblemKind::FieldCount,
            format!(
                "the COPY data of {name} holds {tabs} field separators where {rows} rows of {columns} columns have {}",
                rows.saturating_mul(columns as u64 - 1)
            ),
            Some(offset),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_are_kept_for_the_schema_only_up_to_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("inserts.sql");
        let mut sql = String::from("CREATE TABLE t (a int);\n");
        for i in 0..100 {
            sql.push_str(&format!("INSERT INTO public.t VALUES ({i});\n"));
        }
        std::fs::write(&path, &sql).unwrap();
        let mut kept = read_keeping(&path, false, 1 << 20).unwrap();
        assert_eq!(kept.take_script().len(), 101);
        // Past the limit nothing is kept (the schema is read from the file again); the data still is found.
        let mut over = read_keeping(&path, false, 1000).unwrap();
        assert!(over.take_script().is_empty());
        assert_eq!(over.plain_dump().map(|d| d.inserts().len()), Some(1));
    }

    #[test]
    fn restrict_releases() {
        for (v, yes) in [("15.18 (Debian 15.18-0+deb12u1)", true), ("15.13", false), ("17.6", true), ("18.0", true)] {
            assert_eq!(writes_restrict(v), yes, "{v}");
        }
        assert!(!writes_restrict("12.22"));
    }
}
