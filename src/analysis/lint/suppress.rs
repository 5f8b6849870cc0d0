//! Inline suppressions: `-- rollcheck:allow <rule> <reason>` on the line of a
//! statement or on the lines just before it (after the previous statement).
//! `<rule>` is a code or a name; the reason is required: a suppression without
//! one is reported and suppresses nothing.

use std::io::{BufRead, BufReader};

use super::RuleMeta;
use crate::error::{Error, Result};
use crate::input::Script;

const MARKER: &str = "rollcheck:allow";

/// One `rollcheck:allow` comment.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Allow {
    line: u64,
    rule: String,
    has_reason: bool,
}

/// A suppression comment that is itself wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: u64,
    pub offset: u64,
    pub len: u64,
    pub message: String,
}

/// The suppressions of one file.
#[derive(Debug, Default)]
pub struct Suppressions {
    allows: Vec<Allow>,
    problems: Vec<Problem>,
    /// End lines of the statements seen, to bound "the lines just before".
    statement_ends: Vec<u64>,
}

impl Suppressions {
    /// Scans a migration script for `rollcheck:allow` comments.
    pub fn read(script: &Script) -> Result<Suppressions> {
        let path = script.path.as_path();
        let reader = BufReader::new(script.open().map_err(|e| Error::io(path, e))?);
        let mut out = Suppressions::default();
        let mut offset = 0u64;
        for (i, line) in reader.split(b'\n').enumerate() {
            let line = line.map_err(|e| Error::io(path, e))?;
            let len = line.len() as u64 + 1;
            if let Some(text) = std::str::from_utf8(&line).ok().filter(|l| l.contains(MARKER)) {
                out.scan_line(text, i as u64 + 1, offset);
            }
            offset += len;
        }
        Ok(out)
    }

    fn scan_line(&mut self, text: &str, line: u64, offset: u64) {
        let Some(comment) = text.find("--") else { return };
        let Some(at) = text[comment..].find(MARKER).map(|i| i + comment) else { return };
        let mut words = text[at + MARKER.len()..].split_whitespace();
        let problem =
            |message: String| Problem { line, offset: offset + at as u64, len: (text.len() - at) as u64, message };
        match words.next() {
            None => self.problems.push(problem("`rollcheck:allow` names no rule".into())),
            Some(rule) => {
                let has_reason = words.next().is_some();
                if super::rule(rule).is_none() {
                    self.problems
                        .push(problem(format!("`rollcheck:allow {rule}`: no such rule (see `rollcheck rules`)")));
                } else if !has_reason {
                    self.problems.push(problem(format!(
                        "`rollcheck:allow {rule}` gives no reason; it suppresses nothing until it says why"
                    )));
                }
                self.allows.push(Allow { line, rule: rule.to_owned(), has_reason });
            }
        }
    }

    /// Whether a finding of `meta` on the statement spanning `first..=last` lines
    /// is allowed: a comment with a reason on those lines, or after the end of the
    /// statement before (all statements' ends recorded first).
    pub fn allows(&self, meta: &RuleMeta, first: u64, last: u64) -> bool {
        self.allows.iter().any(|a| {
            a.has_reason
                && (a.rule == meta.name || a.rule.eq_ignore_ascii_case(meta.code))
                && a.line <= last
                && self.previous_end(first).is_none_or(|end| a.line > end)
        })
    }

    /// Records where statements end, so a comment only covers the next statement.
    pub fn statement_ended(&mut self, line: u64) {
        self.statement_ends.push(line);
    }

    fn previous_end(&self, first: u64) -> Option<u64> {
        self.statement_ends.iter().copied().filter(|&end| end < first).max()
    }

    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }
}
