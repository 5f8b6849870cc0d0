//! Reading one table's rows, whatever holds them: COPY text through
//! [`TableData`] (decoded by `input::copy`), or INSERT statements of a plain
//! dump (values read by `sql::insert`). Each row is handed out as the cells of
//! the columns the caller asked for, in that order.

use std::io;

use crate::input::copy::{check_width, decode_row, CopyRows, DumpEncoding};
use crate::input::data::PlainDump;
use crate::input::table_data::{TableData, TableDataEntry};
use crate::input::Piece;
use crate::sql::insert::{insert_rows, Value};

/// Where a backup's table data comes from.
#[derive(Clone, Copy)]
pub struct DataSources<'a> {
    /// COPY text, from any backup format.
    pub copy: &'a dyn TableData,
    /// The encoding of the COPY text (pg_dump's `client_encoding`), for showing values.
    pub encoding: DumpEncoding,
    /// INSERT statements, when the backup is a plain dump (`pg_dump --inserts`).
    pub inserts: Option<&'a PlainDump>,
}

/// One column's value in a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell<'a> {
    /// The data does not hold this column (a generated column, a column the COPY does not name).
    Absent,
    Null,
    Value(&'a [u8]),
}

/// A row that could not be read: where, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataProblem {
    /// `schema.table`, unquoted.
    pub table: String,
    /// Byte offset in the backup of the row or statement (for INSERTs of a dump not in UTF-8:
    /// in its text decoded to UTF-8).
    pub offset: u64,
    /// The row's line within the table's COPY data (1-based), or the statement's line in the dump.
    pub line: u64,
    pub message: String,
}

/// One table's data: its COPY entries and its runs of INSERTs, in backup order.
#[derive(Debug, Clone)]
pub struct DataTable<'a> {
    pub schema: String,
    pub table: String,
    pub copies: Vec<&'a TableDataEntry>,
    pub inserts: Vec<&'a TableDataEntry>,
    /// The table's columns in order, for INSERTs without a column list (from the catalog).
    pub columns: Vec<String>,
}

impl DataTable<'_> {
    pub fn display_name(&self) -> String {
        format!("{}.{}", self.schema, self.table)
    }
}

/// Calls `each` with every row of `table`, its cells in the order of `wanted`, and how to show
/// its bytes. A row that cannot be read ends that entry (the server stops a COPY at its first bad
/// row) and is returned as a problem.
pub fn scan(
    sources: &DataSources<'_>,
    table: &DataTable<'_>,
    wanted: &[String],
    each: &mut dyn FnMut(&[Cell<'_>], DumpEncoding),
) -> Vec<DataProblem> {
    let mut problems = Vec::new();
    for entry in &table.copies {
        if let Err(p) = scan_copy(sources, table, entry, wanted, each) {
            problems.push(p);
        }
    }
    if let Some(dump) = sources.inserts {
        for entry in &table.inserts {
            scan_inserts(dump, table, entry, wanted, each, &mut problems);
        }
    }
    problems
}

fn positions(columns: &[String], wanted: &[String]) -> Vec<Option<usize>> {
    wanted.iter().map(|w| columns.iter().position(|c| c == w)).collect()
}

fn scan_copy(
    sources: &DataSources<'_>,
    table: &DataTable<'_>,
    entry: &TableDataEntry,
    wanted: &[String],
    each: &mut dyn FnMut(&[Cell<'_>], DumpEncoding),
) -> Result<(), DataProblem> {
    let problem = |offset: u64, line: u64, message: String| DataProblem {
        table: table.display_name(),
        offset: entry.offset + offset,
        line,
        message,
    };
    let reader = sources.copy.open(entry).map_err(|e| problem(0, 0, e.to_string()))?;
    let at = positions(&entry.columns, wanted);
    let mut rows = CopyRows::new(reader);
    let mut last = (0, 0);
    // A row whose only backslashes are those of its NULLs (`\N`) needs no decoding: its
    // fields are the text between tabs.
    let mut bounds: Vec<(usize, usize)> = Vec::with_capacity(entry.columns.len());
    let mut cells: Vec<Cell<'static>> = Vec::with_capacity(at.len());
    loop {
        let row = match rows.next_row() {
            Ok(Some(Ok(row))) => row,
            Ok(Some(Err(e))) => return Err(problem(e.offset, e.line, e.message)),
            Ok(None) => return Ok(()),
            Err(e) => return Err(problem(last.0, last.1, io_message(e))),
        };
        last = (row.offset, row.line);
        let text = row.text;
        let backslashes = memchr::memchr_iter(b'\\', text).count();
        bounds.clear();
        let mut start = 0;
        for tab in memchr::memchr_iter(b'\t', text) {
            bounds.push((start, tab));
            start = tab + 1;
        }
        bounds.push((start, text.len()));
        let is_null = |&(from, to): &(usize, usize)| &text[from..to] == b"\\N";
        if backslashes == 0 || backslashes == bounds.iter().filter(|b| is_null(b)).count() {
            check_width(bounds.len(), &entry.columns).map_err(|m| problem(row.offset, row.line, m))?;
            let mut cells = reuse(std::mem::take(&mut cells));
            cells.extend(at.iter().map(|p| match p.map(|i| bounds[i]) {
                None => Cell::Absent,
                Some(b) if is_null(&b) => Cell::Null,
                Some((from, to)) => Cell::Value(&text[from..to]),
            }));
            each(&cells, sources.encoding);
            cells = reuse(cells);
            continue;
        }
        let fields = decode_row(text).map_err(|m| problem(row.offset, row.line, m))?;
        check_width(fields.len(), &entry.columns).map_err(|m| problem(row.offset, row.line, m))?;
        let decoded: Vec<Cell<'_>> = at
            .iter()
            .map(|p| match p.map(|i| &fields[i]) {
                None => Cell::Absent,
                Some(None) => Cell::Null,
                Some(Some(bytes)) => Cell::Value(bytes),
            })
            .collect();
        each(&decoded, sources.encoding);
    }
}

/// An empty vector of cells with the allocation of `cells`, for cells of another lifetime:
/// a row's cells are built in the same memory each time.
fn reuse<'b>(mut cells: Vec<Cell<'_>>) -> Vec<Cell<'b>> {
    cells.clear();
    cells.into_iter().map(|_| Cell::Absent).collect()
}

fn io_message(e: io::Error) -> String {
    format!("the data cannot be read: {e}")
}

fn scan_inserts(
    dump: &PlainDump,
    table: &DataTable<'_>,
    entry: &TableDataEntry,
    wanted: &[String],
    each: &mut dyn FnMut(&[Cell<'_>], DumpEncoding),
    problems: &mut Vec<DataProblem>,
) {
    let problem =
        |offset: u64, line: u64, message: String| DataProblem { table: table.display_name(), offset, line, message };
    let pieces = match dump.open_inserts(entry) {
        Ok(p) => p,
        Err(e) => return problems.push(problem(entry.offset, 0, e.to_string())),
    };
    for piece in pieces {
        let (sql, line, offset) = match piece {
            Piece::Statement { sql, line, offset, .. } => (sql, line, offset),
            Piece::Problem { message, line, offset, .. } => {
                problems.push(problem(offset, line, message));
                continue;
            }
            _ => continue,
        };
        let insert = match insert_rows(&sql) {
            Ok(i) => i,
            Err(m) => {
                problems.push(problem(offset, line, m));
                continue;
            }
        };
        let columns = insert.columns.as_ref().unwrap_or(&table.columns);
        let at = positions(columns, wanted);
        for (r, values) in insert.rows.iter().enumerate() {
            if values.len() != columns.len() {
                let m = format!("row {}: {} values for {} columns", r + 1, values.len(), columns.len());
                problems.push(problem(offset, line, m));
                continue;
            }
            let cells: Vec<Cell<'_>> = at
                .iter()
                .map(|p| match p.map(|i| &values[i]) {
                    None | Some(Value::Default) => Cell::Absent,
                    Some(Value::Null) => Cell::Null,
                    Some(Value::Text(t)) => Cell::Value(t.as_bytes()),
                })
                .collect();
            each(&cells, DumpEncoding::Utf8);
        }
    }
}
