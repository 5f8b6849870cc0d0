//! Reports of `rollcheck data`: orphaned foreign-key rows, duplicate unique keys,
//! NULL counts per column, and rows that could not be read; as text or JSON.
//!
//! Wire format (JSON, `"version": 1`), documented in docs/JSON.md: tables as
//! `schema.table` and columns as `schema.table.column`, unquoted; keys as arrays
//! of strings, `null` for NULL, values as the text COPY writes.

use serde::Serialize;

use crate::analysis::data_check::{DataReport, Key, UniqueSource};
use crate::catalog::QualifiedName;

fn table_name(name: &QualifiedName) -> String {
    format!("{}.{}", name.schema, name.name)
}

#[derive(Serialize)]
struct Json<'a> {
    version: u32,
    /// Tables whose data the backup holds.
    tables: usize,
    orphan_rows: u64,
    duplicate_groups: u64,
    foreign_keys: Vec<ForeignKey<'a>>,
    unique: Vec<Unique<'a>>,
    columns: Vec<Column>,
    problems: Vec<Problem<'a>>,
}

#[derive(Serialize)]
struct ForeignKey<'a> {
    name: &'a str,
    table: String,
    columns: &'a [String],
    referenced_table: String,
    referenced_columns: &'a [String],
    #[serde(rename = "match")]
    match_kind: &'static str,
    not_valid: bool,
    checked: bool,
    rows_checked: u64,
    rows_null_key: u64,
    orphan_rows: u64,
    example_keys: &'a [Key],
}

#[derive(Serialize)]
struct Unique<'a> {
    name: Option<&'a str>,
    source: &'static str,
    table: String,
    columns: &'a [String],
    nulls_not_distinct: bool,
    rows_checked: u64,
    duplicate_groups: u64,
    duplicate_rows: u64,
    examples: Vec<Duplicate<'a>>,
}

#[derive(Serialize)]
struct Duplicate<'a> {
    key: &'a Key,
    rows: u64,
}

#[derive(Serialize)]
struct Column {
    column: String,
    rows: u64,
    nulls: u64,
    non_null: u64,
}

#[derive(Serialize)]
struct Problem<'a> {
    table: &'a str,
    offset: u64,
    line: u64,
    message: &'a str,
}

fn source_word(source: UniqueSource) -> &'static str {
    match source {
        UniqueSource::Constraint => "constraint",
        UniqueSource::Index => "index",
        UniqueSource::Requested => "requested",
    }
}

/// The report as pretty-printed JSON (see the module documentation).
pub fn json(report: &DataReport) -> String {
    let out = Json {
        version: 1,
        tables: report.tables,
        orphan_rows: report.orphan_rows(),
        duplicate_groups: report.duplicate_groups(),
        foreign_keys: report
            .foreign_keys
            .iter()
            .map(|f| ForeignKey {
                name: &f.name,
                table: table_name(&f.table),
                columns: &f.columns,
                referenced_table: table_name(&f.ref_table),
                referenced_columns: &f.ref_columns,
                match_kind: if f.match_full { "full" } else { "simple" },
                not_valid: f.not_valid,
                checked: f.has_data,
                rows_checked: f.rows_checked,
                rows_null_key: f.rows_null_key,
                orphan_rows: f.orphan_rows,
                example_keys: &f.example_keys,
            })
            .collect(),
        unique: report
            .unique
            .iter()
            .map(|u| Unique {
                name: (!u.name.is_empty()).then_some(u.name.as_str()),
                source: source_word(u.source),
                table: table_name(&u.table),
                columns: &u.columns,
                nulls_not_distinct: u.nulls_not_distinct,
                rows_checked: u.rows_checked,
                duplicate_groups: u.duplicate_groups,
                duplicate_rows: u.duplicate_rows,
                examples: u.examples.iter().map(|(key, rows)| Duplicate { key, rows: *rows }).collect(),
            })
            .collect(),
        columns: report
            .columns
            .iter()
            .map(|c| Column {
                column: format!("{}.{}", table_name(&c.table), c.column),
                rows: c.rows,
                nulls: c.nulls,
                non_null: c.non_null,
            })
            .collect(),
        problems: report
            .problems
            .iter()
            .map(|p| Problem { table: &p.table, offset: p.offset, line: p.line, message: &p.message })
            .collect(),
    };
    crate::report::json::to_string(&out)
}

/// A key as `(12, NULL, 'a b')`: numbers-looking values bare, others quoted.
fn key_text(key: &Key) -> String {
    let parts: Vec<String> = key
        .iter()
        .map(|v| match v {
            None => "NULL".to_owned(),
            Some(v) => format!("{v:?}"),
        })
        .collect();
    format!("({})", parts.join(", "))
}

/// The findings first (orphans, duplicates, unreadable rows), then the NULL counts per column.
pub fn text(report: &DataReport) -> String {
    let mut out = String::new();
    out.push_str("Foreign keys\n");
    if report.foreign_keys.is_empty() {
        out.push_str("  none\n");
    }
    for f in &report.foreign_keys {
        let flags = match (f.not_valid, f.match_full) {
            (true, true) => " [NOT VALID, MATCH FULL]",
            (true, false) => " [NOT VALID]",
            (false, true) => " [MATCH FULL]",
            (false, false) => "",
        };
        let status = if !f.has_data {
            "not checked: the backup holds no data for one of the tables".to_owned()
        } else if f.orphan_rows == 0 {
            format!("ok, {} rows checked", f.rows_checked)
        } else {
            format!("{} orphan rows of {} checked", f.orphan_rows, f.rows_checked)
        };
        out.push_str(&format!(
            "  {} {}  {}({}) -> {}({}){flags}: {status}\n",
            if f.orphan_rows > 0 { '!' } else { ' ' },
            f.name,
            table_name(&f.table),
            f.columns.join(", "),
            table_name(&f.ref_table),
            f.ref_columns.join(", "),
        ));
        if !f.example_keys.is_empty() {
            let keys: Vec<String> = f.example_keys.iter().map(key_text).collect();
            out.push_str(&format!("      e.g. {}\n", keys.join(" ")));
        }
    }
    if !report.unique.is_empty() {
        out.push_str("Unique keys\n");
    }
    for u in &report.unique {
        let name = if u.name.is_empty() { "(requested)".to_owned() } else { u.name.clone() };
        let status = if u.duplicate_groups == 0 {
            format!("ok, {} rows checked", u.rows_checked)
        } else {
            format!("{} duplicated keys over {} rows", u.duplicate_groups, u.duplicate_rows)
        };
        out.push_str(&format!(
            "  {} {name}  {}({}): {status}\n",
            if u.duplicate_groups > 0 { '!' } else { ' ' },
            table_name(&u.table),
            u.columns.join(", ")
        ));
        for (key, rows) in &u.examples {
            out.push_str(&format!("      {} x{rows}\n", key_text(key)));
        }
    }
    if !report.problems.is_empty() {
        out.push_str("Unreadable data\n");
        for p in &report.problems {
            out.push_str(&format!("  {} (byte {}, line {}): {}\n", p.table, p.offset, p.line, p.message));
        }
    }
    out.push_str("Columns (rows, NULL, non-NULL)\n");
    let width = report.columns.iter().map(|c| table_name(&c.table).len() + c.column.len() + 1).max().unwrap_or(0);
    for c in &report.columns {
        let name = format!("{}.{}", table_name(&c.table), c.column);
        out.push_str(&format!("  {name:<width$}  {:>10} {:>10} {:>10}\n", c.rows, c.nulls, c.non_null));
    }
    out.push_str(&format!(
        "{} tables; {} orphan rows; {} duplicated keys\n",
        report.tables,
        report.orphan_rows(),
        report.duplicate_groups()
    ));
    out
}
