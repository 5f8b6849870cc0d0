//! Liquibase formatted SQL: `.sql` changelogs whose first non-blank line is
//! `--liquibase formatted sql`, each holding changesets that start at a
//! `--changeset author:id [attributes]` line. Each changeset is one
//! [`Migration`], named `<file>::<author>:<id>` (Liquibase identifies a
//! changeset by file, author and id, so the file keeps names unique).
//!
//! A folder is read the way a master changelog's `includeAll` reads it: every
//! `.sql` file below it, in alphabetical order of the relative path (the
//! standard `resourceComparator`); a `.sql` file without the header is one raw
//! changeset, as Liquibase's plain SQL parser makes it. Master changelogs in
//! XML, YAML or JSON are not read (a note says so when one is there).
//!
//! The syntax follows Liquibase's parser (liquibase/liquibase,
//! `AbstractFormattedChangeLogParser.java`, whose regexes are case-insensitive):
//! - header: `^\s*--\s*liquibase\s*formatted.*`;
//! - changeset: `\s*--[\s]*changeset\s+("[^"]+"|[^:]+):\s*("[^"]+"|\S+).*`,
//!   with `author:id` written without a space (other `--changeset` lines are
//!   refused); attributes are `name:value` anywhere on that line;
//! - `--rollback <sql>` lines (`\s*--[\s]*rollback (.*)`) and
//!   `/* liquibase rollback` ... `*/` blocks form the rollback; a rollback that
//!   starts with `not required` or `empty` is empty, one naming `changesetId:`
//!   / `changesetAuthor:` [`changesetPath:`] is that changeset's SQL;
//! - `--ignoreLines:start` ... `--ignoreLines:end` and `--ignoreLines:<n>`
//!   lines are not read; `--property` lines define `${name}` values, which
//!   rollcheck does not substitute;
//! - `dbms:` (`[^,][\w!,]+`) selects databases as `DatabaseList` does: `all`,
//!   `none`, `!postgresql`, or a list that must name `postgresql`.
//!
//! Rollback text keeps the file's lines (Liquibase joins the lines of a
//! `/* liquibase rollback */` block without line breaks; a note says where that
//! changes the SQL). Statements are split on `;` by rollcheck's splitter: an
//! `endDelimiter` other than `;` gets a warning, and so does a dollar-quoted
//! body with `;` in a changeset Liquibase splits itself (its splitter does not
//! read dollar quotes; `splitStatements:false` avoids the question).

use std::collections::HashMap;
use std::fs;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{file_name, read_dir_sorted, Found, Migration, Part, Script};
use crate::diagnostic::{Location, Severity};
use crate::error::{Error, Result};
use crate::input::script::{split_str, Piece};

/// How many lines recognition reads looking for the header.
const RECOGNIZE_LINES: usize = 64;

/// A formatted-SQL changelog in `dir` or in a folder directly below it (a
/// changelog folder often holds the master changelog and a `changes/` folder).
pub(super) fn recognizes(dir: &Path) -> Result<bool> {
    let entries = read_dir_sorted(dir)?;
    for entry in &entries {
        if is_sql(entry) && has_header(entry)? {
            return Ok(true);
        }
    }
    for sub in entries.iter().filter(|e| e.is_dir()) {
        for entry in read_dir_sorted(sub)?.iter().filter(|e| is_sql(e)) {
            if has_header(entry)? {
                return Ok(true);
            }
        }
    }
    Ok(false)
}

fn is_sql(path: &Path) -> bool {
    path.is_file() && path.extension().is_some_and(|x| x.eq_ignore_ascii_case("sql"))
}

/// Whether the first non-blank line of `path` is the formatted-SQL header.
fn has_header(path: &Path) -> Result<bool> {
    let file = fs::File::open(path).map_err(|e| Error::io(path, e))?;
    for line in BufReader::new(file.take(64 * 1024)).split(b'\n').take(RECOGNIZE_LINES) {
        let line = line.map_err(|e| Error::io(path, e))?;
        let line = String::from_utf8_lossy(&line);
        if !line.trim().is_empty() {
            return Ok(is_header(&line));
        }
    }
    Ok(false)
}

/// `^\s*--\s*liquibase\s*formatted.*`.
fn is_header(line: &str) -> bool {
    line.trim_start()
        .strip_prefix("--")
        .and_then(|r| strip_word(r.trim_start(), "liquibase"))
        .is_some_and(|r| strip_word(r.trim_start(), "formatted").is_some())
}

/// `text` without its case-insensitive prefix `word`.
fn strip_word<'a>(text: &'a str, word: &str) -> Option<&'a str> {
    let head = text.get(..word.len())?;
    head.eq_ignore_ascii_case(word).then(|| &text[word.len()..])
}

pub(super) fn read(dir: &Path) -> Result<Found> {
    let mut found = Found::default();
    for entry in read_dir_sorted(dir)? {
        let name = file_name(&entry).to_ascii_lowercase();
        if entry.is_file() && [".xml", ".yaml", ".yml", ".json"].iter().any(|x| name.ends_with(x)) {
            found.note(
                at(&entry, 1),
                Severity::Note,
                "Liquibase master changelogs are not read: rollcheck applies the folder's .sql changelogs in \
                 alphabetical order, as `includeAll` does",
            );
        }
    }
    let mut files = Vec::new();
    collect_sql(dir, dir, &mut files)?;
    files.sort();
    let mut known: HashMap<(String, String, String), Script> = HashMap::new();
    for (relative, path) in files {
        if has_header(&path)? {
            let text = String::from_utf8_lossy(&fs::read(&path).map_err(|e| Error::io(&path, e))?).into_owned();
            read_changelog(&path, &relative, &text, &mut known, &mut found);
        } else {
            found.note(
                at(&path, 1),
                Severity::Note,
                "no `--liquibase formatted sql` header: Liquibase runs this file as one raw changeset",
            );
            found.migrations.push(Migration { name: relative, up: Script::whole(path), down: None });
        }
    }
    Ok(found)
}

/// Every `.sql` file below `dir`, with its path relative to `root` (with `/`).
fn collect_sql(root: &Path, dir: &Path, files: &mut Vec<(String, PathBuf)>) -> Result<()> {
    for entry in read_dir_sorted(dir)? {
        if entry.is_dir() {
            collect_sql(root, &entry, files)?;
        } else if is_sql(&entry) {
            let relative = entry.strip_prefix(root).unwrap_or(&entry);
            let parts: Vec<String> = relative.iter().map(|p| p.to_string_lossy().into_owned()).collect();
            files.push((parts.join("/"), entry));
        }
    }
    Ok(())
}

fn at(path: &Path, line: u64) -> Location {
    Location::new(Arc::from(path.display().to_string()), line, 1, 0)
}

/// One changeset while its lines are read.
struct Changeset {
    line: u64,
    author: String,
    id: String,
    attributes: String,
    /// File lines that are its SQL.
    sql: Vec<u64>,
    /// Whether any of them is not blank.
    has_sql: bool,
    /// Rollback text, each piece with the file line it starts on.
    rollback: Vec<(u64, String)>,
}

fn read_changelog(
    path: &Path,
    relative: &str,
    text: &str,
    known: &mut HashMap<(String, String, String), Script>,
    found: &mut Found,
) {
    let lines: Vec<&str> = text.lines().collect();
    let mut changesets: Vec<Changeset> = Vec::new();
    let mut i = 0;
    let mut properties = false;
    while i < lines.len() {
        let line = lines[i];
        let n = i as u64 + 1;
        i += 1;
        if is_directive(line, "property") && line.contains(':') {
            properties = true;
            continue;
        }
        if let Some(rest) = directive_rest(line, "ignoreLines:") {
            let word: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            if word == "start" {
                while i < lines.len() && directive_rest(lines[i], "ignoreLines:").is_none_or(|r| !r.starts_with("end"))
                {
                    i += 1;
                }
                i += 1;
            } else if let Ok(count) = word.parse::<usize>() {
                i += count;
            }
            continue;
        }
        if is_directive(line, "changeset") {
            match changeset(line) {
                Some((author, id)) => changesets.push(Changeset {
                    line: n,
                    author,
                    id,
                    attributes: line.to_owned(),
                    sql: Vec::new(),
                    has_sql: false,
                    rollback: Vec::new(),
                }),
                None => found.note(
                    at(path, n),
                    Severity::Error,
                    "Liquibase refuses this line: write `--changeset <author>:<id>` (no space after the `:`)",
                ),
            }
            continue;
        }
        let Some(current) = changesets.last_mut() else {
            if !line.trim().is_empty() && !line.trim_start().starts_with("--") && !is_header(line) {
                found.note(at(path, n), Severity::Warning, "SQL before the first `--changeset`: Liquibase ignores it");
            }
            continue;
        };
        if let Some(rollback) = rollback_line(line) {
            current.rollback.push((n, rollback.to_owned()));
        } else if is_rollback_block_start(line) {
            let start = n + 1;
            let mut block = Vec::new();
            let mut closed = false;
            while i < lines.len() {
                let inner = lines[i];
                i += 1;
                if let Some(body) = inner.trim_end().strip_suffix("*/") {
                    block.push(body);
                    closed = true;
                    break;
                }
                block.push(inner);
            }
            if !closed {
                found.note(at(path, n), Severity::Error, "`/* liquibase rollback` block is not closed with `*/`");
            }
            joined_lines(path, start, &block, found);
            current.rollback.push((start, block.join("\n")));
        } else {
            current.sql.push(n);
            current.has_sql |= !line.trim().is_empty();
        }
    }
    if properties {
        found.note(
            at(path, 1),
            Severity::Note,
            "`--property` values: rollcheck reads `${name}` placeholders as written",
        );
    }
    let mut seen: HashMap<(String, String), u64> = HashMap::new();
    for changeset in changesets {
        let key = (changeset.author.clone(), changeset.id.clone());
        if let Some(first) = seen.get(&key) {
            found.note(
                at(path, changeset.line),
                Severity::Error,
                format!(
                    "changeset {}:{} is already defined on line {first}: Liquibase refuses duplicate identifiers; \
                     left out",
                    changeset.author, changeset.id
                ),
            );
            continue;
        }
        seen.insert(key, changeset.line);
        if let Some(migration) = changeset_migration(path, relative, &changeset, known, found) {
            known.insert((relative.to_owned(), changeset.author.clone(), changeset.id.clone()), migration.up.clone());
            found.migrations.push(migration);
        }
    }
}

fn changeset_migration(
    path: &Path,
    relative: &str,
    changeset: &Changeset,
    known: &HashMap<(String, String, String), Script>,
    found: &mut Found,
) -> Option<Migration> {
    let here = at(path, changeset.line);
    let attributes = changeset.attributes.as_str();
    let name = format!("{relative}::{}:{}", changeset.author, changeset.id);
    if let Some(dbms) = attribute(attributes, "dbms:", Value::Dbms) {
        if !dbms_matches(dbms, "postgresql") {
            found.note(here, Severity::Note, format!("`dbms:{dbms}` excludes PostgreSQL: Liquibase skips {name}"));
            return None;
        }
    }
    if boolean(attributes, "ignore:") == Some(true) {
        found.note(here, Severity::Note, format!("`ignore:true`: Liquibase skips {name}"));
        return None;
    }
    if !changeset.has_sql {
        found.note(here, Severity::Error, format!("no SQL in changeset {name}: Liquibase refuses it; left out"));
        return None;
    }
    let mut attribute_notes = Vec::new();
    if boolean(attributes, "runOnChange:") == Some(true) {
        attribute_notes.push("`runOnChange:true`: Liquibase runs it again whenever its text changes");
    }
    if boolean(attributes, "runAlways:") == Some(true) {
        attribute_notes.push("`runAlways:true`: Liquibase runs it on every update");
    }
    if boolean(attributes, "runInTransaction:") == Some(false) {
        attribute_notes.push("`runInTransaction:false`: if a statement fails, the ones before it stay applied");
    }
    if attribute(attributes, "context:", Value::Filter)
        .or(attribute(attributes, "contextFilter:", Value::Filter))
        .is_some()
        || attribute(attributes, "labels:", Value::Filter).is_some()
    {
        attribute_notes.push("contexts/labels select it at run time: rollcheck applies it whatever they are");
    }
    for note in attribute_notes {
        found.note(here.clone(), Severity::Note, note);
    }
    let split = boolean(attributes, "splitStatements:") != Some(false);
    for (key, what) in [("endDelimiter:", "its SQL"), ("rollbackEndDelimiter:", "its rollback")] {
        if let Some(delimiter) = attribute(attributes, key, Value::Delimiter).filter(|d| !d.is_empty() && *d != ";") {
            found.note(
                here.clone(),
                Severity::Warning,
                format!("`{key}{delimiter}`: rollcheck splits {what} on `;`, not on `{delimiter}`, and may misread it"),
            );
        }
    }
    let up = Script { path: path.to_owned(), part: Part::Lines(runs(&changeset.sql)) };
    if split {
        dollar_quoted_semicolons(&up, &here, found);
    }
    let down = rollback_script(path, relative, changeset, known, found);
    Some(Migration { name, up, down })
}

/// Warns when Liquibase's own splitter, which does not read dollar quotes, is
/// given a dollar-quoted body with `;` in it.
fn dollar_quoted_semicolons(script: &Script, here: &Location, found: &mut Found) {
    let mut sql = String::new();
    if script.open().and_then(|mut r| r.read_to_string(&mut sql)).is_err() {
        return;
    }
    for piece in split_str(&sql) {
        if let Piece::Statement { sql, line, .. } = piece {
            if let Some(tag) = dollar_tag(&sql) {
                let body = sql.split(tag).nth(1).unwrap_or("");
                if body.contains(';') {
                    found.note(
                        Location { line, ..here.clone() },
                        Severity::Warning,
                        "a dollar-quoted body with `;` in a changeset Liquibase splits itself: its splitter does not \
                         read dollar quotes (it only keeps BEGIN ... END together); add `splitStatements:false` to \
                         the `--changeset` line",
                    );
                }
            }
        }
    }
}

/// The first dollar-quote tag (`$$`, `$body$`) in `sql`.
fn dollar_tag(sql: &str) -> Option<&str> {
    let bytes = sql.as_bytes();
    for (start, _) in sql.match_indices('$') {
        if start > 0 && (bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'_') {
            continue;
        }
        let rest = &sql[start + 1..];
        let len = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(rest.len());
        if rest[len..].starts_with('$') && !rest[..len].starts_with(|c: char| c.is_ascii_digit()) {
            return Some(&sql[start..start + len + 2]);
        }
    }
    None
}

fn rollback_script(
    path: &Path,
    relative: &str,
    changeset: &Changeset,
    known: &HashMap<(String, String, String), Script>,
    found: &mut Found,
) -> Option<Script> {
    let (first, _) = changeset.rollback.first()?;
    let joined: String = changeset.rollback.iter().map(|(_, t)| t.as_str()).collect::<Vec<_>>().join("\n");
    let lower = joined.trim().to_ascii_lowercase();
    if lower.is_empty() {
        return None;
    }
    if lower.starts_with("not required") || lower.starts_with("empty") {
        return Some(Script { path: path.to_owned(), part: Part::Text { text: String::new(), line: *first } });
    }
    if lower.contains("changesetid") {
        let flat = joined.replace(['\n', '\r'], "");
        let id = attribute(&flat, "changeSetId:", Value::Word);
        let author = attribute(&flat, "changesetAuthor:", Value::Word);
        let file = attribute(&flat, "changesetPath:", Value::Word).unwrap_or(relative);
        let target = id.zip(author).and_then(|(id, author)| known.get(&(file.to_owned(), author.into(), id.into())));
        if target.is_none() {
            found.note(
                at(path, *first),
                Severity::Error,
                "the rollback names a changeset (`changesetId:` / `changesetAuthor:`) that is not defined before it",
            );
        }
        return target.cloned();
    }
    // Each piece on its own file line, so positions stay the file's.
    let mut text = String::new();
    let mut line = *first;
    for (start, piece) in &changeset.rollback {
        while line < *start {
            text.push('\n');
            line += 1;
        }
        text.push_str(piece);
        line += piece.matches('\n').count() as u64;
    }
    Some(Script { path: path.to_owned(), part: Part::Text { text, line: *first } })
}

/// Notes where joining a rollback block's lines without line breaks, as
/// Liquibase does, reads differently from the lines.
fn joined_lines(path: &Path, start: u64, block: &[&str], found: &mut Found) {
    let word = |c: char| c.is_alphanumeric() || c == '_' || c == '"' || c == '\'';
    for (k, line) in block.iter().enumerate() {
        let n = start + k as u64;
        if line.contains("--") {
            found.note(
                at(path, n),
                Severity::Warning,
                "Liquibase joins the lines of a `/* liquibase rollback */` block without line breaks: this `--` comment \
                 comments out the rest of the rollback",
            );
        }
        if let Some(next) = block.get(k + 1) {
            if line.ends_with(word) && next.starts_with(word) {
                found.note(
                    at(path, n),
                    Severity::Warning,
                    "Liquibase joins the lines of a `/* liquibase rollback */` block without line breaks: the last \
                     word of this line runs into the first of the next",
                );
            }
        }
    }
}

/// Sorted line numbers as inclusive ranges of consecutive lines.
fn runs(lines: &[u64]) -> Vec<(u64, u64)> {
    let mut ranges: Vec<(u64, u64)> = Vec::new();
    for &n in lines {
        match ranges.last_mut() {
            Some((_, to)) if *to + 1 == n => *to = n,
            _ => ranges.push((n, n)),
        }
    }
    ranges
}

/// `\s*--[\s]*<word>...`, case-insensitive.
fn is_directive(line: &str, word: &str) -> bool {
    directive_rest(line, word).is_some()
}

fn directive_rest<'a>(line: &'a str, word: &str) -> Option<&'a str> {
    strip_word(line.trim_start().strip_prefix("--")?.trim_start(), word)
}

/// `author` and `id` of a `--changeset author:id ...` line, quotes stripped;
/// `None` when Liquibase refuses it.
fn changeset(line: &str) -> Option<(String, String)> {
    let rest = directive_rest(line, "changeset")?;
    if !rest.starts_with(char::is_whitespace) {
        return None;
    }
    let rest = rest.trim_start();
    let quoted = |text: &str| -> Option<usize> { text.strip_prefix('"')?.find('"').filter(|&e| e > 0).map(|e| e + 2) };
    let author_len =
        quoted(rest).filter(|&l| rest[l..].starts_with(':')).or_else(|| rest.find(':').filter(|&l| l > 0))?;
    let author = &rest[..author_len];
    let after = &rest[author_len + 1..];
    // `author:id` must be written together: no space before the id.
    let id_len = quoted(after).unwrap_or_else(|| after.find(char::is_whitespace).unwrap_or(after.len()));
    let id = &after[..id_len];
    let strip = |s: &str| s.strip_prefix('"').and_then(|s| s.strip_suffix('"')).unwrap_or(s).to_owned();
    let id = strip(id);
    (!id.replace([':', ' '], "").is_empty()).then(|| (strip(author), id))
}

/// The text of a `--rollback <sql>` line (`\s*--[\s]*rollback (.*)`).
fn rollback_line(line: &str) -> Option<&str> {
    directive_rest(line, "rollback")?.strip_prefix(' ')
}

/// `\s*/\*\s*liquibase\s*rollback\s*$`.
fn is_rollback_block_start(line: &str) -> bool {
    line.trim_start()
        .strip_prefix("/*")
        .and_then(|r| strip_word(r.trim_start(), "liquibase"))
        .and_then(|r| strip_word(r.trim_start(), "rollback"))
        .is_some_and(|r| r.trim().is_empty())
}

/// What an attribute's value may be, as the attribute's regex says.
#[derive(Clone, Copy)]
enum Value {
    /// `\w+`
    Word,
    /// `\S*`
    Delimiter,
    /// `".*?"|\S*`
    Filter,
    /// `[^,][\w!,]+`
    Dbms,
}

/// The value of attribute `key` (with its `:`) on `line`: the last match, as
/// Liquibase's greedy `.*key:(value).*` finds it.
fn attribute<'a>(line: &'a str, key: &str, value: Value) -> Option<&'a str> {
    let lower = line.to_ascii_lowercase();
    let key = key.to_ascii_lowercase();
    let start = lower.rmatch_indices(&key).map(|(i, _)| i).find(|&i| {
        // `\bendDelimiter`: `rollbackEndDelimiter:` is another attribute.
        !matches!(value, Value::Delimiter) || !lower[..i].ends_with(|c: char| c.is_alphanumeric() || c == '_')
    })? + key.len();
    let rest = &line[start..];
    let word = |c: char| c.is_alphanumeric() || c == '_';
    let len = match value {
        Value::Word => rest.find(|c: char| !word(c)).unwrap_or(rest.len()),
        Value::Delimiter => rest.find(char::is_whitespace).unwrap_or(rest.len()),
        Value::Filter if rest.starts_with('"') => rest[1..].find('"').map_or(0, |e| e + 2),
        Value::Filter => rest.find(char::is_whitespace).unwrap_or(rest.len()),
        Value::Dbms => {
            let first = rest.chars().next().filter(|&c| c != ',')?;
            let tail = &rest[first.len_utf8()..];
            first.len_utf8() + tail.find(|c: char| !(word(c) || c == '!' || c == ',')).unwrap_or(tail.len())
        }
    };
    let found = &rest[..len];
    (!found.is_empty() || matches!(value, Value::Delimiter | Value::Filter)).then_some(found)
}

fn boolean(line: &str, key: &str) -> Option<bool> {
    attribute(line, key, Value::Word).map(|v| v.eq_ignore_ascii_case("true"))
}

/// Liquibase's `DatabaseList.definitionMatches`.
fn dbms_matches(list: &str, database: &str) -> bool {
    let names: Vec<String> = list.to_ascii_lowercase().split(',').map(|s| s.trim().to_owned()).collect();
    if names.is_empty() || names.iter().any(|n| n == "all") {
        return true;
    }
    if names.iter().any(|n| n == "none") || names.iter().any(|n| *n == format!("!{database}")) {
        return false;
    }
    let wanted: Vec<&String> = names.iter().filter(|n| !n.starts_with('!')).collect();
    wanted.is_empty() || wanted.iter().any(|n| *n == database)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_is_liquibase_s_first_line_pattern() {
        assert!(is_header("--liquibase formatted sql"));
        assert!(is_header("  -- Liquibase Formatted SQL"));
        assert!(is_header("--liquibaseformatted"));
        assert!(!is_header("-- liquibase changelog"));
        assert!(!is_header("CREATE TABLE a ();"));
    }

    #[test]
    fn changeset_lines() {
        assert_eq!(changeset("--changeset alice:1"), Some(("alice".into(), "1".into())));
        assert_eq!(
            changeset("-- changeset alice:create-users runOnChange:true"),
            Some(("alice".into(), "create-users".into()))
        );
        assert_eq!(changeset("--changeset \"Alice B\":\"id 1\""), Some(("Alice B".into(), "id 1".into())));
        assert_eq!(changeset("--changeset alice: 1"), None);
        assert_eq!(changeset("--changeset alice"), None);
        assert_eq!(changeset("--changesetalice:1"), None);
    }

    #[test]
    fn attributes_follow_the_regexes() {
        let line = "--changeset a:1 splitStatements:false endDelimiter:/ rollbackEndDelimiter:GO dbms:postgresql,h2";
        assert_eq!(boolean(line, "splitStatements:"), Some(false));
        assert_eq!(attribute(line, "endDelimiter:", Value::Delimiter), Some("/"));
        assert_eq!(attribute(line, "rollbackEndDelimiter:", Value::Delimiter), Some("GO"));
        assert_eq!(attribute(line, "dbms:", Value::Dbms), Some("postgresql,h2"));
        assert_eq!(
            attribute("--changeset a:1 context:\"dev and test\"", "context:", Value::Filter),
            Some("\"dev and test\"")
        );
        assert_eq!(attribute("--changeset a:1", "runAlways:", Value::Word), None);
    }

    #[test]
    fn dbms_lists_match_as_liquibase_matches_them() {
        assert!(dbms_matches("postgresql", "postgresql"));
        assert!(dbms_matches("h2,postgresql", "postgresql"));
        assert!(dbms_matches("all", "postgresql"));
        assert!(dbms_matches("!oracle", "postgresql"));
        assert!(!dbms_matches("oracle", "postgresql"));
        assert!(!dbms_matches("!postgresql", "postgresql"));
        assert!(!dbms_matches("none", "postgresql"));
    }

    #[test]
    fn rollback_lines_need_the_space() {
        assert_eq!(rollback_line("--rollback DROP TABLE a;"), Some("DROP TABLE a;"));
        assert_eq!(rollback_line("-- ROLLBACK DROP TABLE a;"), Some("DROP TABLE a;"));
        assert_eq!(rollback_line("--rollbackDROP"), None);
        assert!(is_rollback_block_start("/* liquibase rollback"));
        assert!(is_rollback_block_start("/*liquibase rollback  "));
        assert!(!is_rollback_block_start("/* liquibase rollback DROP TABLE a; */"));
    }

    #[test]
    fn dollar_tags() {
        assert_eq!(dollar_tag("CREATE FUNCTION f() AS $$ SELECT 1; $$"), Some("$$"));
        assert_eq!(dollar_tag("AS $body$ x $body$"), Some("$body$"));
        assert_eq!(dollar_tag("SELECT $1"), None);
    }
}
