//! Diagnostics: problems found in the input that are reported, not fatal.
//!
//! Reading never fails as a whole because of one bad statement: every stage
//! returns what it could read together with a list of [`Diagnostic`]s.

use std::fmt;
use std::sync::Arc;

use serde::Serialize;

/// Where something is in an input file. Lines and columns are 1-based,
/// `offset` is the 0-based byte offset from the start of the file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, schemars::JsonSchema)]
pub struct Location {
    pub file: Arc<str>,
    pub line: u64,
    pub column: u32,
    pub offset: u64,
}

impl Location {
    pub fn new(file: Arc<str>, line: u64, column: u32, offset: u64) -> Self {
        Location { file, line, column, offset }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// The input could not be read at this point; what follows may be wrong.
    Error,
    /// The input was read, but something in it is suspicious or was not modeled.
    Warning,
    /// Worth knowing, changes nothing.
    Note,
}

/// What kind of problem a diagnostic reports. Stable, kebab-case in JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum DiagnosticKind {
    /// Bytes that cannot be read as SQL text (invalid UTF-8, UTF-16, NUL bytes).
    Encoding,
    /// A string, quoted identifier, dollar quote, comment or COPY block runs to end of file.
    Unterminated,
    /// PostgreSQL's grammar rejects the statement.
    Syntax,
    /// The statement parses, but the schema model does not represent its effect.
    Unmodeled,
    /// The statement would fail on a real server in the state the model holds
    /// (object missing, already exists, dependents block a RESTRICT drop, ...).
    WouldFail,
    /// The statement is nested too deeply for analysis.
    TooDeep,
    /// A psql meta-command that is not understood.
    MetaCommand,
    /// Something about a migration tool's layout: a directive, a checksum file, a version.
    Layout,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, schemars::JsonSchema)]
pub struct Diagnostic {
    pub location: Location,
    pub severity: Severity,
    pub kind: DiagnosticKind,
    pub message: String,
}

impl Diagnostic {
    pub fn new(location: Location, severity: Severity, kind: DiagnosticKind, message: impl Into<String>) -> Self {
        Diagnostic { location, severity, kind, message: message.into() }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        };
        write!(f, "{}: {}: {}", self.location, severity, self.message)
    }
}
