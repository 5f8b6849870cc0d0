//! goose: `<version>_<name>.sql` files in one folder, applied in order of the
//! version (a sequence number or a timestamp, compared as integers). Each file
//! holds both directions: the lines after `-- +goose Up` are the up script, the
//! lines after `-- +goose Down` the down script.
//!
//! The rules are those of goose's own reader (pressly/goose,
//! `internal/sqlparser/parser.go` and `NumericComponent` in `migration.go`):
//! - an annotation is a line that, trimmed, starts with `--` and contains
//!   `+goose`; it must not be indented, and the rest (all `--` and the first
//!   `+goose` removed, trimmed) is one of `Up`, `Down`, `StatementBegin`,
//!   `StatementEnd`, `NO TRANSACTION`, `ENVSUB ON`, `ENVSUB OFF`, in any case;
//! - `Up` comes first and once; `Down` after it; SQL before `Up` is refused;
//! - outside `StatementBegin` / `StatementEnd`, goose ends a statement at every
//!   line whose last word (before a `--` comment) ends in `;`, and sends the
//!   lines since the previous end as one statement; inside, it sends the whole
//!   block at `StatementEnd`; text left without a `;` at `Down` or at the end of
//!   the file is refused ("missing semicolon");
//! - the version is the integer before the first `_` (at least 1); other `.sql`
//!   names are skipped (the goose CLI refuses them).
//!
//! rollcheck splits each section with its own psql-aware splitter, which reads
//! dollar quotes, so `StatementBegin` / `StatementEnd` change nothing for it.
//! Where goose's line-based split would cut a statement in two (a `;` ending a
//! line inside a dollar-quoted body, a string or a comment, with no
//! `StatementBegin`), the reader says so: goose would send a broken statement.
//! A file goose refuses is left out, with an error note. `${VAR}` placeholders
//! after `ENVSUB ON` are read as written (goose substitutes them from its
//! environment).

use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use super::{file_name, plain::is_sql_file, read_dir_sorted, Found, Migration, Part, Script};
use crate::diagnostic::{Location, Severity};
use crate::error::{Error, Result};
use crate::input::script::{split_str, Piece};

/// How much of each file recognition looks at.
const RECOGNIZE_BYTES: u64 = 16 * 1024;

pub(super) fn recognizes(dir: &Path) -> Result<bool> {
    for entry in read_dir_sorted(dir)?.iter().filter(|e| is_sql_file(e)) {
        let mut head = Vec::new();
        let file = fs::File::open(entry).map_err(|e| Error::io(entry, e))?;
        file.take(RECOGNIZE_BYTES).read_to_end(&mut head).map_err(|e| Error::io(entry, e))?;
        if String::from_utf8_lossy(&head).lines().any(|l| is_annotation(l) && annotation(l) == Ok(Annotation::Up)) {
            return Ok(true);
        }
    }
    Ok(false)
}

pub(super) fn read(dir: &Path) -> Result<Found> {
    let mut found = Found::default();
    let mut versions: BTreeMap<i64, Vec<std::path::PathBuf>> = BTreeMap::new();
    for entry in read_dir_sorted(dir)? {
        let name = file_name(&entry);
        let is_go = entry.is_file() && name.ends_with(".go") && !name.ends_with("_test.go");
        if !is_sql_file(&entry) && !is_go {
            continue;
        }
        match version(&name) {
            Some(v) if is_go => found.note(
                at(&entry, 1, 0),
                Severity::Warning,
                format!("goose Go migration (version {v}) not read: its changes are missing from the model"),
            ),
            Some(v) => versions.entry(v).or_default().push(entry),
            None if is_go => {}
            None => found.note(
                at(&entry, 1, 0),
                Severity::Warning,
                "not named <version>_<name>.sql: goose skips this file (the goose command refuses it); left out",
            ),
        }
    }
    for (v, files) in versions {
        if files.len() > 1 {
            let names: Vec<String> = files.iter().map(|f| file_name(f)).collect();
            found.note(
                at(&files[1], 1, 0),
                Severity::Error,
                format!("goose version {v} is used by {}: goose refuses duplicate versions", names.join(" and ")),
            );
        }
        for file in files {
            read_file(&file, &mut found)?;
        }
    }
    Ok(found)
}

/// `20240101120000_add_users.sql` → 20240101120000, as goose's `NumericComponent`.
fn version(file: &str) -> Option<i64> {
    let (before, _) = file.split_once('_')?;
    before.parse::<i64>().ok().filter(|&v| v >= 1)
}

fn read_file(path: &Path, found: &mut Found) -> Result<()> {
    let text = String::from_utf8_lossy(&fs::read(path).map_err(|e| Error::io(path, e))?).into_owned();
    let scan = scan(&text);
    for note in &scan.notes {
        found.note(at(path, note.line, note.offset), note.severity, note.message.clone());
    }
    if scan.notes.iter().any(|n| n.severity == Severity::Error) {
        return Ok(());
    }
    let Some(up) = scan.up else { return Ok(()) };
    let last = scan.lines.len() as u64;
    let up_end = scan.down.map_or(last, |d| d - 1);
    let up = Script { path: path.to_owned(), part: Part::Lines(range(up + 1, up_end)) };
    let down = scan.down.map(|d| Script { path: path.to_owned(), part: Part::Lines(range(d + 1, last)) });
    for script in std::iter::once(&up).chain(down.as_ref()) {
        misread_statements(script, &scan, found);
    }
    let name = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    found.migrations.push(Migration { name, up, down });
    Ok(())
}

fn range(from: u64, to: u64) -> Vec<(u64, u64)> {
    if from <= to {
        vec![(from, to)]
    } else {
        Vec::new()
    }
}

/// Warns where goose ends a statement at a line that, read as PostgreSQL reads
/// it, is in the middle of one.
fn misread_statements(script: &Script, scan: &Scan, found: &mut Found) {
    let Part::Lines(ranges) = &script.part else { return };
    let Some(&(from, to)) = ranges.first() else { return };
    let mut sql = String::new();
    if script.open().and_then(|mut r| r.read_to_string(&mut sql)).is_err() {
        return;
    }
    let spans: Vec<(u64, u64)> = split_str(&sql)
        .into_iter()
        .filter_map(|piece| match piece {
            Piece::Statement { sql, line, .. } => Some((line, line + sql.matches('\n').count() as u64)),
            _ => None,
        })
        .collect();
    for &end in scan.goose_ends.iter().filter(|&&end| (from..=to).contains(&end)) {
        if let Some(&(start, last)) = spans.iter().find(|&&(start, last)| start <= end && end < last) {
            found.note(
                at(&script.path, end, scan.offsets[end as usize - 1]),
                Severity::Warning,
                format!(
                    "goose ends a statement at this line's `;`, but the statement that starts on line {start} goes on \
                     to line {last} (the `;` is inside a dollar quote, string or comment): goose would send it cut \
                     in two; wrap it in `-- +goose StatementBegin` / `-- +goose StatementEnd`"
                ),
            );
        }
    }
}

fn at(path: &Path, line: u64, offset: u64) -> Location {
    Location::new(Arc::from(path.display().to_string()), line, 1, offset)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Annotation {
    Up,
    Down,
    StatementBegin,
    StatementEnd,
    NoTransaction,
    EnvsubOn,
    EnvsubOff,
}

const ANNOTATIONS: &[(&str, Annotation)] = &[
    ("Up", Annotation::Up),
    ("Down", Annotation::Down),
    ("StatementBegin", Annotation::StatementBegin),
    ("StatementEnd", Annotation::StatementEnd),
    ("NO TRANSACTION", Annotation::NoTransaction),
    ("ENVSUB ON", Annotation::EnvsubOn),
    ("ENVSUB OFF", Annotation::EnvsubOff),
];

/// Whether goose reads `line` as an annotation (and fails on it if it is not a valid one).
fn is_annotation(line: &str) -> bool {
    line.trim().starts_with("--") && line.contains("+goose")
}

/// goose's `extractAnnotation`.
fn annotation(line: &str) -> std::result::Result<Annotation, String> {
    if line.starts_with([' ', '\t']) {
        return Err("a goose annotation must not be indented".into());
    }
    let command = line.replace("--", "").replacen("+goose", "", 1);
    if command.contains("+goose") {
        return Err("more than one `+goose` on the line".into());
    }
    let command = command.trim();
    if command.is_empty() {
        return Err("empty goose annotation".into());
    }
    ANNOTATIONS
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(command))
        .map(|&(_, a)| a)
        .ok_or_else(|| format!("unknown goose annotation `{command}`"))
}

/// goose's `endsWithSemicolon`: the last word before a `--` word ends in `;`.
fn ends_with_semicolon(line: &str) -> bool {
    line.split_whitespace().take_while(|w| !w.starts_with("--")).last().is_some_and(|w| w.ends_with(';'))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Start,
    Up,
    BeginUp,
    EndUp,
    Down,
    BeginDown,
    EndDown,
}

#[derive(Debug)]
struct ScanNote {
    line: u64,
    offset: u64,
    severity: Severity,
    message: String,
}

/// What goose's parser sees in one file.
#[derive(Debug, Default)]
struct Scan<'a> {
    lines: Vec<&'a str>,
    /// Byte offset of each line's start.
    offsets: Vec<u64>,
    up: Option<u64>,
    down: Option<u64>,
    /// Lines at which goose ends a statement outside `StatementBegin` / `StatementEnd`.
    goose_ends: Vec<u64>,
    notes: Vec<ScanNote>,
}

/// Runs goose's state machine over `text` (both directions in one pass: they
/// differ only in which statements are kept).
fn scan(text: &str) -> Scan<'_> {
    let mut scan = Scan::default();
    let mut offset = 0u64;
    for line in text.split_inclusive('\n') {
        scan.offsets.push(offset);
        offset += line.len() as u64;
        scan.lines.push(line.trim_end_matches('\n').trim_end_matches('\r'));
    }
    let mut state = State::Start;
    let mut buffered = false;
    let mut envsub: Option<u64> = None;
    let mut envsub_used = false;
    let lines = scan.lines.clone();
    for (i, &line) in lines.iter().enumerate() {
        let n = i as u64 + 1;
        let fail = |scan: &mut Scan, message: String| {
            scan.notes.push(ScanNote {
                line: n,
                offset: scan.offsets[i],
                severity: Severity::Error,
                message: format!("goose refuses this file: {message}; left out"),
            });
        };
        if state == State::Start && line.trim().is_empty() {
            continue;
        }
        if is_annotation(line) {
            let annotation = match annotation(line) {
                Ok(a) => a,
                Err(message) => return failed(scan, fail, message),
            };
            match (annotation, state) {
                (Annotation::Up, State::Start) => {
                    scan.up = Some(n);
                    state = State::Up;
                    continue;
                }
                (Annotation::Up, _) => return failed(scan, fail, "a second `-- +goose Up`".into()),
                (Annotation::Down, State::Up | State::EndUp) => {
                    if buffered {
                        return failed(scan, fail, "the up section ends in a statement without `;`".into());
                    }
                    scan.down = Some(n);
                    state = State::Down;
                    continue;
                }
                (Annotation::Down, _) => {
                    return failed(scan, fail, "`-- +goose Down` before `-- +goose Up`".into());
                }
                (Annotation::StatementBegin, State::Up | State::EndUp) => {
                    state = State::BeginUp;
                    continue;
                }
                (Annotation::StatementBegin, State::Down | State::EndDown) => {
                    state = State::BeginDown;
                    continue;
                }
                (Annotation::StatementBegin, _) => {
                    return failed(scan, fail, "`StatementBegin` outside an Up or Down section".into());
                }
                (Annotation::StatementEnd, State::BeginUp) => state = State::EndUp,
                (Annotation::StatementEnd, State::BeginDown) => state = State::EndDown,
                (Annotation::StatementEnd, _) => {
                    return failed(scan, fail, "`StatementEnd` without `StatementBegin`".into());
                }
                (Annotation::NoTransaction, _) => {
                    scan.notes.push(ScanNote {
                        line: n,
                        offset: scan.offsets[i],
                        severity: Severity::Note,
                        message: "goose runs this migration outside a transaction (`NO TRANSACTION`): if a statement \
                                  fails, the ones before it stay applied"
                            .into(),
                    });
                    continue;
                }
                (Annotation::EnvsubOn, _) => {
                    envsub = Some(n);
                    continue;
                }
                (Annotation::EnvsubOff, _) => {
                    if let Some(on) = envsub.take().filter(|_| envsub_used) {
                        envsub_note(&mut scan, on);
                    }
                    envsub_used = false;
                    continue;
                }
            }
        }
        if !buffered && (line.trim().starts_with("--") || line.is_empty()) {
            continue;
        }
        if state == State::Start {
            return failed(scan, fail, "SQL before `-- +goose Up`".into());
        }
        if !matches!(state, State::EndUp | State::EndDown) {
            buffered = true;
            envsub_used |= envsub.is_some() && line.contains("${");
        }
        match state {
            State::Up | State::Down if ends_with_semicolon(line) => {
                scan.goose_ends.push(n);
                buffered = false;
            }
            State::EndUp => {
                buffered = false;
                state = State::Up;
            }
            State::EndDown => {
                buffered = false;
                state = State::Down;
            }
            _ => {}
        }
    }
    if let Some(on) = envsub.filter(|_| envsub_used) {
        envsub_note(&mut scan, on);
    }
    let last = scan.lines.len().max(1);
    let end_offset = scan.offsets.get(last - 1).copied().unwrap_or(0);
    let fail = |scan: &mut Scan, message: String| {
        scan.notes.push(ScanNote {
            line: last as u64,
            offset: end_offset,
            severity: Severity::Error,
            message: format!("goose refuses this file: {message}; left out"),
        });
    };
    match state {
        State::Start => fail(&mut scan, "no `-- +goose Up` annotation".into()),
        State::BeginUp | State::BeginDown => fail(&mut scan, "`StatementBegin` without `StatementEnd`".into()),
        _ if buffered => fail(&mut scan, "the last statement has no `;`".into()),
        _ => {}
    }
    scan
}

fn failed<'a>(mut scan: Scan<'a>, fail: impl Fn(&mut Scan<'a>, String), message: String) -> Scan<'a> {
    fail(&mut scan, message);
    scan
}

fn envsub_note(scan: &mut Scan, on: u64) {
    scan.notes.push(ScanNote {
        line: on,
        offset: scan.offsets[on as usize - 1],
        severity: Severity::Note,
        message: "`ENVSUB ON`: goose replaces `${VAR}` placeholders from its environment; rollcheck reads them as \
                  written"
            .into(),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(text: &str) -> Vec<String> {
        scan(text).notes.into_iter().filter(|n| n.severity == Severity::Error).map(|n| n.message).collect()
    }

    #[test]
    fn annotations_read_as_goose_reads_them() {
        assert_eq!(annotation("-- +goose Up"), Ok(Annotation::Up));
        assert_eq!(annotation("--+goose up"), Ok(Annotation::Up));
        assert_eq!(annotation("-- +goose no transaction"), Ok(Annotation::NoTransaction));
        assert_eq!(annotation("-- +goose statementbegin"), Ok(Annotation::StatementBegin));
        assert!(annotation("  -- +goose Up").is_err());
        assert!(annotation("-- +goose Sideways").is_err());
        assert!(annotation("-- +goose").is_err());
    }

    #[test]
    fn versions_are_the_integer_before_the_first_underscore() {
        assert_eq!(version("00010_x.sql"), Some(10));
        assert_eq!(version("20240101120000_add_users.sql"), Some(20240101120000));
        assert_eq!(version("0_x.sql"), None);
        assert_eq!(version("x_1.sql"), None);
        assert_eq!(version("12.sql"), None);
    }

    #[test]
    fn statement_ends_follow_the_last_word() {
        assert!(ends_with_semicolon("SELECT 1; -- done"));
        assert!(!ends_with_semicolon("SELECT 1 -- not yet;"));
        assert!(!ends_with_semicolon("SELECT 1;-- glued"));
        assert!(!ends_with_semicolon(""));
    }

    #[test]
    fn sections_and_refusals() {
        let s = scan("-- +goose Up\nCREATE TABLE a ();\n\n-- +goose Down\nDROP TABLE a;\n");
        assert_eq!((s.up, s.down, s.goose_ends.clone()), (Some(1), Some(4), vec![2, 5]));
        assert!(s.notes.is_empty());
        assert_eq!(
            errors("CREATE TABLE a ();\n"),
            vec!["goose refuses this file: SQL before `-- +goose Up`; left out"]
        );
        assert_eq!(errors("-- just a comment\n").len(), 1);
        assert_eq!(errors("-- +goose Up\nSELECT 1\n").len(), 1);
        assert_eq!(errors("-- +goose Up\nSELECT 1\n-- +goose Down\n").len(), 1);
        assert_eq!(errors("-- +goose Down\n-- +goose Up\n").len(), 1);
        assert_eq!(errors("-- +goose Up\n-- +goose StatementBegin\nSELECT 1;\n").len(), 1);
    }

    #[test]
    fn statement_blocks_are_not_cut() {
        let text = "-- +goose Up\n-- +goose StatementBegin\nDO $$ BEGIN\nPERFORM 1;\nEND $$;\n-- +goose StatementEnd\n";
        let s = scan(text);
        assert!(s.notes.is_empty(), "{:?}", s.notes);
        assert!(s.goose_ends.is_empty());
    }
}
