//! Atlas versioned migrations: a folder of `<version>_<name>.sql` files with
//! the integrity file `atlas.sum` beside them.
//!
//! The rules follow ariga/atlas, `sql/migrate/dir.go` and `migrate.go`:
//!
//! - The migrations are the folder's own `*.sql` files (no subfolders), applied
//!   in lexicographic order of their names (`LocalDir.Files`); the version is the
//!   name up to the first `_`.
//! - `atlas.sum` (`NewHashFile`, `HashFile.MarshalText`): one SHA-256 runs over
//!   the files in order, taking each file's name and then its bytes; after each
//!   file the line `<name> h1:<base64 of the running hash so far>` is written, so
//!   a file's hash covers every file before it. A file whose first line holds
//!   `atlas:sum ignore` adds its name but not its bytes, and gets no line. The
//!   first line is `h1:<base64 of SHA-256 over every name and hash text>`.
//! - Like `atlas migrate validate` (`Validate`), a folder that does not match
//!   its `atlas.sum` is reported as an error naming the first file that was
//!   edited, added or removed (after it, every running hash differs too); so is a
//!   missing or malformed `atlas.sum`, or a first line that does not match the
//!   lines below it (`ErrChecksumMismatch` from `UnmarshalText`).
//! - On a clean database Atlas starts at the last checkpoint file (one whose
//!   header holds `-- atlas:checkpoint`), which stands for everything before it
//!   (`FilesFromLastCheckpoint`); we do the same and say which files it skips.
//!
//! A versioned folder has no down files: Atlas computes the down changes itself
//! (`atlas migrate down` plans them against the database), so every migration
//! here has no down script. The SOURCE may be the folder or a project with it
//! in `migrations/` (Atlas's default `file://migrations`). Not read: `atlas.hcl`
//! (a custom dir or format such as golang-migrate or Flyway files, which have
//! their own layouts here) and the `atlas:delimiter` directive, which we warn
//! about.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use sha2::{Digest, Sha256};

use super::{file_name, read_dir_sorted, Found, Migration, Script};
use crate::diagnostic::{Location, Severity};
use crate::error::{Error, Result};

const SUM_FILE: &str = "atlas.sum";

pub(super) fn recognizes(dir: &Path) -> Result<bool> {
    Ok(migrations_dir(dir).join(SUM_FILE).is_file())
}

/// The folder itself, or its `migrations/` when that holds `atlas.sum`.
fn migrations_dir(path: &Path) -> PathBuf {
    let nested = path.join("migrations");
    if !path.join(SUM_FILE).is_file() && nested.join(SUM_FILE).is_file() {
        nested
    } else {
        path.to_owned()
    }
}

/// `(name, hash text)` lines of an `atlas.sum`, in order.
type Sums = Vec<(String, String)>;

pub(super) fn read(path: &Path) -> Result<Found> {
    let dir = migrations_dir(path);
    let mut found = Found::default();
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for entry in read_dir_sorted(&dir)? {
        let name = file_name(&entry);
        if entry.is_file() && name.ends_with(".sql") {
            let bytes = std::fs::read(&entry).map_err(|e| Error::io(&entry, e))?;
            files.push((name, bytes));
        }
    }
    // Go compares strings by bytes; so does `str`'s `Ord`.
    files.sort_by(|a, b| a.0.cmp(&b.0));

    check_sum(&dir, &files, &mut found)?;

    let start = files.iter().rposition(|(_, bytes)| is_checkpoint(bytes)).unwrap_or(0);
    if start > 0 {
        found.note(
            at(&dir.join(&files[start].0), 1),
            Severity::Note,
            format!(
                "checkpoint: Atlas starts a clean database here, so the {start} file(s) before it ({} to {}) are not replayed",
                files[0].0,
                files[start - 1].0
            ),
        );
    }
    for (name, bytes) in &files[start..] {
        if header_comments(&String::from_utf8_lossy(bytes))
            .iter()
            .any(|c| directive(c).is_some_and(|d| d.0 == "delimiter"))
        {
            found.note(
                at(&dir.join(name), 1),
                Severity::Warning,
                "atlas:delimiter is not honoured: statements are split as PostgreSQL splits them",
            );
        }
        found.migrations.push(Migration {
            name: name.trim_end_matches(".sql").to_owned(),
            up: Script::whole(dir.join(name)),
            down: None,
        });
    }
    Ok(found)
}

/// Compares the folder with its `atlas.sum` as `atlas migrate validate` does.
fn check_sum(dir: &Path, files: &[(String, Vec<u8>)], found: &mut Found) -> Result<()> {
    let sum_path = dir.join(SUM_FILE);
    let refuses = "`atlas migrate validate` refuses it";
    let text = match std::fs::read(&sum_path) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if !files.is_empty() {
                found.note(at(&sum_path, 1), Severity::Error, format!("no atlas.sum beside the migrations: {refuses}"));
            }
            return Ok(());
        }
        Err(e) => return Err(Error::io(&sum_path, e)),
    };
    let recorded = match parse_sum(&text) {
        Ok(recorded) => recorded,
        Err((line, why)) => {
            found.note(at(&sum_path, line), Severity::Error, format!("{why}: {refuses}"));
            return Ok(());
        }
    };
    let computed = hash_files(files);
    if total(&recorded) == total(&computed) {
        return Ok(());
    }
    // The first line that differs; every running hash after it differs as well.
    let first = recorded.iter().enumerate().find(|(i, line)| computed.get(*i) != Some(line));
    let (line, file, how) = match first {
        Some((i, (name, _))) => match computed.iter().position(|(n, _)| n == name) {
            None => (i + 2, name.as_str(), "removed"),
            Some(p) if p == i => (i + 2, name.as_str(), "edited"),
            Some(_) => (i + 2, computed[i].0.as_str(), "added"),
        },
        None => (recorded.len() + 2, computed[recorded.len()].0.as_str(), "added"),
    };
    found.note(
        at(&sum_path, line as u64),
        Severity::Error,
        format!(
            "atlas.sum does not match the migrations: {file} was {how} after atlas.sum was written; {refuses} \
             (`atlas migrate hash` rewrites atlas.sum if the change is meant)"
        ),
    );
    Ok(())
}

/// The lines of an `atlas.sum` after its first, checked against the first
/// (`HashFile.UnmarshalText`); an error gives the line and what is wrong.
fn parse_sum(text: &str) -> std::result::Result<Sums, (u64, String)> {
    let mut lines = text.lines();
    let first = lines.next().unwrap_or_default();
    let mut sums = Sums::new();
    for (i, line) in lines.enumerate() {
        let Some((name, hash)) = line.split_once("h1:") else {
            return Err((i as u64 + 2, "atlas.sum is malformed (a line without h1:)".into()));
        };
        sums.push((name.trim().to_owned(), hash.to_owned()));
    }
    if first.strip_prefix("h1:").unwrap_or(first) != total(&sums) {
        return Err((1, "atlas.sum was edited: its first line does not match the lines below it".into()));
    }
    Ok(sums)
}

/// The lines Atlas would write for `files` (`NewHashFile`).
fn hash_files(files: &[(String, Vec<u8>)]) -> Sums {
    let mut running = Sha256::new();
    let mut sums = Sums::new();
    for (name, bytes) in files {
        running.update(name.as_bytes());
        if directive(&String::from_utf8_lossy(bytes)).is_some_and(|(name, arg)| name == "sum" && arg == "ignore") {
            continue;
        }
        running.update(bytes);
        sums.push((name.clone(), STANDARD.encode(running.clone().finalize())));
    }
    sums
}

/// The first line of `atlas.sum` for these lines (`HashFile.Sum`).
fn total(sums: &Sums) -> String {
    let mut sha = Sha256::new();
    for (name, hash) in sums {
        sha.update(name.as_bytes());
        sha.update(hash.as_bytes());
    }
    STANDARD.encode(sha.finalize())
}

/// Whether a file's header declares it a checkpoint (`LocalFile.IsCheckpoint`).
fn is_checkpoint(bytes: &[u8]) -> bool {
    header_comments(&String::from_utf8_lossy(bytes)).iter().any(|c| directive(c).is_some_and(|d| d.0 == "checkpoint"))
}

/// The file's header comments: leading `--` or `#` lines, counted only when a
/// blank line (or nothing) follows them (`LocalFile.comments`).
fn header_comments(content: &str) -> Vec<&str> {
    let mut comments = Vec::new();
    let mut rest = content;
    while rest.starts_with('#') || rest.starts_with("--") {
        match rest.find('\n') {
            Some(end) => {
                comments.push(rest[..end].trim());
                rest = &rest[end + 1..];
            }
            None => {
                comments.push(rest);
                break;
            }
        }
    }
    if !rest.trim_start_matches([' ', '\t']).starts_with('\n') && !rest.is_empty() {
        return Vec::new();
    }
    comments
}

/// The directive on the first line of `text`, as Atlas's pattern
/// `^([ -~]*)atlas:(\w+)(?: +(.+))*` finds it: its name and argument.
fn directive(text: &str) -> Option<(&str, &str)> {
    let line = text.split('\n').next().unwrap_or_default();
    let printable = line.bytes().position(|b| !(b' '..=b'~').contains(&b)).unwrap_or(line.len());
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    // The prefix is greedy: the last `atlas:<word>` wins.
    let (start, _) = line[..printable]
        .match_indices("atlas:")
        .filter(|(p, _)| line.as_bytes().get(p + 6).is_some_and(|&b| is_word(b)))
        .last()?;
    let after = &line[start + 6..];
    let name_len = after.bytes().take_while(|&b| is_word(b)).count();
    let (name, rest) = after.split_at(name_len);
    let arg = match rest.trim_start_matches(' ') {
        _ if !rest.starts_with(' ') => "",
        // Only spaces: ` +` gives one back to `.+`, which needs a character.
        "" if rest.len() > 1 => " ",
        "" => "",
        arg => arg,
    };
    Some((name, arg))
}

fn at(path: &Path, line: u64) -> Location {
    Location::new(Arc::from(path.display().to_string()), line, 1, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_running_hash_covers_every_file_before() {
        let files = vec![("1_a.sql".to_owned(), b"A".to_vec()), ("2_b.sql".to_owned(), b"B".to_vec())];
        let sums = hash_files(&files);
        let first = STANDARD.encode(Sha256::digest(b"1_a.sqlA"));
        let second = STANDARD.encode(Sha256::digest(b"1_a.sqlA2_b.sqlB"));
        assert_eq!(sums, vec![("1_a.sql".to_owned(), first.clone()), ("2_b.sql".to_owned(), second.clone())]);
        let total_input = format!("1_a.sql{first}2_b.sql{second}");
        assert_eq!(total(&sums), STANDARD.encode(Sha256::digest(total_input.as_bytes())));
    }

    #[test]
    fn an_ignored_file_adds_its_name_only() {
        let files =
            vec![("1_a.sql".to_owned(), b"-- atlas:sum ignore\nA".to_vec()), ("2_b.sql".to_owned(), b"B".to_vec())];
        let sums = hash_files(&files);
        assert_eq!(sums, vec![("2_b.sql".to_owned(), STANDARD.encode(Sha256::digest(b"1_a.sql2_b.sqlB")))]);
    }

    #[test]
    fn directives_read_as_atlas_s_pattern() {
        assert_eq!(directive("-- atlas:sum ignore\nx"), Some(("sum", "ignore")));
        assert_eq!(directive("-- atlas:checkpoint"), Some(("checkpoint", "")));
        assert_eq!(directive("-- atlas:checkpoint v1"), Some(("checkpoint", "v1")));
        assert_eq!(directive("-- atlas:sum-x ignore"), Some(("sum", "")));
        assert_eq!(directive("CREATE TABLE t ();\n-- atlas:sum ignore"), None);
        assert_eq!(header_comments("-- atlas:checkpoint\n\nCREATE TABLE t ();"), vec!["-- atlas:checkpoint"]);
        assert!(header_comments("-- atlas:checkpoint\nCREATE TABLE t ();").is_empty());
    }

    #[test]
    fn a_sum_file_round_trips() {
        let files = vec![("1_a.sql".to_owned(), b"A".to_vec())];
        let sums = hash_files(&files);
        let text = format!("h1:{}\n1_a.sql h1:{}\n", total(&sums), sums[0].1);
        assert_eq!(parse_sum(&text), Ok(sums));
        assert!(parse_sum("h1:x\n1_a.sql h1:y\n").is_err());
    }
}
