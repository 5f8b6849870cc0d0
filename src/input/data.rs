//! Counting what a data-bearing plain dump holds: rows per table and non-null
//! values per column, from its `COPY ... FROM stdin` blocks (text format, as
//! pg_dump writes them). Used to say how much data a finding puts at risk.
//!
//! Two passes: the statement reader finds each COPY block (table, columns,
//! byte range); a second read streams those ranges line by line. Memory stays
//! flat: one line at a time, no size taken from the input.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

use super::script::{open_maybe_gzip, Piece, ScriptReader};
use crate::error::{Error, Result};

/// What one table's COPY data holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TableData {
    pub rows: u64,
    /// Non-null values by column name (as stored, unquoted).
    pub non_null: BTreeMap<String, u64>,
}

/// Counts by table: `(schema, table)` as stored, unquoted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DataCounts {
    pub tables: BTreeMap<(String, String), TableData>,
}

struct Block {
    table: (String, String),
    columns: Vec<String>,
    offset: u64,
    bytes: u64,
}

/// Reads a plain dump (gzip or not) and counts its COPY data.
pub fn count(path: &Path) -> Result<DataCounts> {
    let open = || -> Result<Box<dyn Read>> {
        let file = File::open(path).map_err(|e| Error::io(path, e))?;
        open_maybe_gzip(file).map_err(|e| Error::io(path, e))
    };
    let mut blocks = Vec::new();
    let mut pending: Option<((String, String), Vec<String>)> = None;
    for piece in ScriptReader::new(open()?) {
        match piece {
            Piece::Statement { sql, .. } => pending = copy_target(&sql),
            Piece::CopyData { offset, bytes, .. } => {
                if let Some((table, columns)) = pending.take() {
                    blocks.push(Block { table, columns, offset, bytes });
                }
            }
            Piece::Problem { message, line, .. } if blocks.is_empty() && line <= 1 => {
                return Err(Error::Unreadable { path: path.to_owned(), message });
            }
            _ => {}
        }
    }
    let mut counts = DataCounts::default();
    let mut reader = BufReader::new(open()?);
    let mut position = 0u64;
    let mut line = Vec::new();
    for block in blocks {
        let skip = block.offset.saturating_sub(position);
        position += io::copy(&mut (&mut reader).take(skip), &mut io::sink()).map_err(|e| Error::io(path, e))?;
        let data = counts.tables.entry(block.table).or_default();
        let mut left = block.bytes;
        let mut limited = (&mut reader).take(left);
        while left > 0 {
            line.clear();
            let n = limited.read_until(b'\n', &mut line).map_err(|e| Error::io(path, e))? as u64;
            if n == 0 {
                break;
            }
            left -= n.min(left);
            position += n;
            data.rows += 1;
            let body = line.strip_suffix(b"\n").unwrap_or(&line);
            for (column, field) in block.columns.iter().zip(body.split(|&b| b == b'\t')) {
                if field != b"\\N" {
                    *data.non_null.entry(column.clone()).or_default() += 1;
                }
            }
        }
    }
    Ok(counts)
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
}
