//! SQL to typed changes. The only layer that knows pg_query (libpg_query, the
//! PostgreSQL grammar); everything after it sees [`Change`]s.

pub mod change;
pub mod expr;
pub mod insert;
mod lower;
mod lower_expr;
mod lower_query;
pub mod names;
mod parser;

use rayon::prelude::*;

pub use change::{Change, DataChange};
pub use lower::split_search_path;

use crate::diagnostic::{Diagnostic, DiagnosticKind, Location, Severity};
use parser::ParseError;

/// One statement with what it does to the schema.
#[derive(Debug, Clone)]
pub struct Statement {
    pub location: Location,
    pub sql: String,
    pub changes: Vec<Change>,
    /// Set when the statement could not be parsed or is not modeled.
    pub diagnostic: Option<Diagnostic>,
}

/// Parses one statement (as the splitter cut it) into changes.
pub fn parse_statement(sql: String, location: Location) -> Statement {
    match parser::parse(&sql) {
        Ok(parsed) => {
            let mut changes = Vec::new();
            for raw in &parsed.stmts {
                if let Some(node) = raw.stmt.as_deref() {
                    changes.extend(lower::statement(node));
                }
            }
            let diagnostic = changes.iter().find_map(|c| match c {
                Change::Unmodeled { what, schema_relevant } => Some(Diagnostic::new(
                    location.clone(),
                    if *schema_relevant { Severity::Warning } else { Severity::Note },
                    DiagnosticKind::Unmodeled,
                    if *schema_relevant {
                        format!("{what}: not modeled; its effect on the schema, if any, is not known")
                    } else {
                        format!("{what}: does not change the schema model")
                    },
                )),
                Change::Data(data) => Some(Diagnostic::new(
                    location.clone(),
                    Severity::Note,
                    DiagnosticKind::Unmodeled,
                    format!("{}: does not change the schema model", data.kind()),
                )),
                _ => None,
            });
            Statement { location, sql, changes, diagnostic }
        }
        Err(error) => {
            let (kind, message, at) = match error {
                ParseError::TooDeep => (
                    DiagnosticKind::TooDeep,
                    "statement is nested too deeply to analyze; it is skipped".to_owned(),
                    None,
                ),
                ParseError::Nul => (DiagnosticKind::Encoding, "statement contains a NUL byte".to_owned(), None),
                ParseError::Syntax { message, position } => {
                    let kind =
                        if message.contains("stack depth") { DiagnosticKind::TooDeep } else { DiagnosticKind::Syntax };
                    (kind, message, position)
                }
            };
            let error_location = match at {
                Some(p) => location_within(&location, &sql, p),
                None => location.clone(),
            };
            let d = Diagnostic::new(error_location, Severity::Error, kind, message);
            Statement { location, sql, changes: Vec::new(), diagnostic: Some(d) }
        }
    }
}

/// The location of byte `offset` of a statement that starts at `start`.
fn location_within(start: &Location, sql: &str, offset: usize) -> Location {
    let before = &sql[..offset.min(sql.len())];
    let newlines = before.matches('\n').count() as u64;
    let column = match before.rfind('\n') {
        Some(nl) => (before.len() - nl) as u32,
        None => start.column + before.len() as u32,
    };
    Location::new(start.file.clone(), start.line + newlines, column, start.offset + offset as u64)
}

/// A fingerprint of a statement's parse tree (libpg_query's): the same for the
/// same statement whatever its layout, comments or constant values.
pub fn fingerprint(sql: &str) -> Option<String> {
    pg_query::fingerprint(sql, 0, 0).ok().map(|f| f.hex)
}

/// Parses statements in parallel; the result keeps the input order.
pub fn parse_statements(statements: Vec<(String, Location)>) -> Vec<Statement> {
    statements.into_par_iter().map(|(sql, location)| parse_statement(sql, location)).collect()
}
