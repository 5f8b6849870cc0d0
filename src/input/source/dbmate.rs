//! dbmate: `db/migrations/<version>_<name>.sql`, applied in byte order of the
//! file names (dbmate sorts the names as strings; its timestamps all have the
//! same width). Each file holds both directions: the lines after
//! `-- migrate:up` are the up script, the lines after `-- migrate:down` the
//! down script. A SOURCE may be the project (with `db/migrations`) or the
//! migrations folder itself.
//!
//! The rules are those of dbmate's own reader (amacneil/dbmate,
//! `pkg/dbmate/migration.go` and `migrationFileRegexp` in `pkg/dbmate/db.go`):
//! - a migration file's name matches `^(\d+).*\.sql$`;
//! - a directive starts a line: `^--\s*migrate:up(\s*$|\s+\S+)` (the same for
//!   `down`), case-sensitive, with options such as `transaction:false` after it;
//! - a file without `-- migrate:up`, with SQL (not blank, not `--` comment
//!   lines) before it, or with a section lacking `-- migrate:down` or having
//!   two, is refused;
//! - a file may repeat `-- migrate:up` / `-- migrate:down` pairs: dbmate runs
//!   each section's up (and, to roll back, each section's down) in file order.
//!
//! dbmate sends each section as one string (the server splits it), so
//! rollcheck's own splitting reads it as PostgreSQL does. A file dbmate refuses
//! is left out, with an error note.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{file_name, read_dir_sorted, Found, Migration, Part, Script};
use crate::diagnostic::{Location, Severity};
use crate::error::{Error, Result};

/// How much of each file recognition looks at.
const RECOGNIZE_BYTES: u64 = 16 * 1024;

/// `db/migrations` under `path` when there is one (dbmate's default
/// `--migrations-dir`), else `path` itself.
fn migrations_dir(path: &Path) -> PathBuf {
    let nested = path.join("db").join("migrations");
    if nested.is_dir() {
        nested
    } else {
        path.to_owned()
    }
}

pub(super) fn recognizes(dir: &Path) -> Result<bool> {
    for entry in migration_files(&migrations_dir(dir))? {
        let mut head = Vec::new();
        let file = fs::File::open(&entry).map_err(|e| Error::io(&entry, e))?;
        file.take(RECOGNIZE_BYTES).read_to_end(&mut head).map_err(|e| Error::io(&entry, e))?;
        if String::from_utf8_lossy(&head).lines().any(|l| directive(l, "up").is_some()) {
            return Ok(true);
        }
    }
    Ok(false)
}

/// The files dbmate takes for migrations, in its order.
fn migration_files(dir: &Path) -> Result<Vec<PathBuf>> {
    Ok(read_dir_sorted(dir)?.into_iter().filter(|e| e.is_file() && is_migration_name(&file_name(e))).collect())
}

/// `^(\d+).*\.sql$`.
fn is_migration_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_digit()) && name.ends_with(".sql")
}

pub(super) fn read(path: &Path) -> Result<Found> {
    let mut found = Found::default();
    for file in migration_files(&migrations_dir(path))? {
        let text = String::from_utf8_lossy(&fs::read(&file).map_err(|e| Error::io(&file, e))?).into_owned();
        let name = file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        match sections(&text) {
            Ok(sections) => {
                for section in &sections {
                    for (line, direction) in [(section.up, "up"), (section.down, "down")] {
                        if section_option(&text, line, direction, "transaction") == Some("false") {
                            found.note(
                                at(&file, line),
                                Severity::Note,
                                format!(
                                    "dbmate runs this {direction} section outside a transaction \
                                     (`transaction:false`): if a statement fails, the ones before it stay applied"
                                ),
                            );
                        }
                    }
                }
                if let Some(second) = sections.get(1) {
                    found.note(
                        at(&file, second.up),
                        Severity::Warning,
                        "a second `-- migrate:up` section: dbmate records the version once per section, and with \
                         PostgreSQL the second record fails (duplicate key in schema_migrations), so only the first \
                         section is applied; rollcheck reads every section",
                    );
                }
                let lines = |pick: fn(&Section) -> (u64, u64)| {
                    Part::Lines(sections.iter().map(pick).filter(|(from, to)| from <= to).collect())
                };
                found.migrations.push(Migration {
                    name,
                    up: Script { path: file.clone(), part: lines(|s| (s.up + 1, s.down - 1)) },
                    down: Some(Script { path: file.clone(), part: lines(|s| (s.down + 1, s.end)) }),
                });
            }
            Err((line, message)) => {
                found.note(at(&file, line), Severity::Error, format!("dbmate refuses this file: {message}; left out"))
            }
        }
    }
    Ok(found)
}

fn at(path: &Path, line: u64) -> Location {
    Location::new(Arc::from(path.display().to_string()), line, 1, 0)
}

/// One `-- migrate:up` ... `-- migrate:down` ... section: the lines of its two
/// directives and its last line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Section {
    up: u64,
    down: u64,
    end: u64,
}

/// The sections of a dbmate file, or the line and reason dbmate refuses it.
fn sections(text: &str) -> std::result::Result<Vec<Section>, (u64, &'static str)> {
    let lines: Vec<&str> = text.lines().collect();
    let last = lines.len() as u64;
    let numbered = || lines.iter().enumerate().map(|(i, l)| (i as u64 + 1, *l));
    let ups: Vec<u64> = numbered().filter(|(_, l)| directive(l, "up").is_some()).map(|(n, _)| n).collect();
    let Some(&first) = ups.first() else { return Err((1, "no `-- migrate:up` directive")) };
    if let Some((n, _)) = numbered().take_while(|&(n, _)| n < first).find(|(_, l)| !is_blank_or_comment(l)) {
        return Err((n, "SQL before `-- migrate:up`"));
    }
    let mut sections = Vec::new();
    for (i, &up) in ups.iter().enumerate() {
        let end = ups.get(i + 1).map_or(last, |next| next - 1);
        let downs: Vec<u64> =
            numbered().filter(|&(n, l)| n > up && n <= end && directive(l, "down").is_some()).map(|(n, _)| n).collect();
        match downs.as_slice() {
            [down] => sections.push(Section { up, down: *down, end }),
            [] => return Err((up, "a `-- migrate:up` section without `-- migrate:down`")),
            [_, second, ..] => return Err((*second, "two `-- migrate:down` in one section")),
        }
    }
    Ok(sections)
}

/// The options after `-- migrate:<direction>` when `line` is that directive.
fn directive<'a>(line: &'a str, direction: &str) -> Option<&'a str> {
    let rest = line.strip_prefix("--")?.trim_start().strip_prefix("migrate:")?.strip_prefix(direction)?;
    (rest.is_empty() || rest.starts_with(char::is_whitespace)).then_some(rest)
}

/// The value of `key:value` among the options of the directive on line `line`
/// (dbmate keeps only words that split into exactly two parts at `:`).
fn section_option<'a>(text: &'a str, line: u64, direction: &str, key: &str) -> Option<&'a str> {
    let options = directive(text.lines().nth(line as usize - 1)?, direction)?;
    options
        .split_whitespace()
        .filter_map(|word| word.split_once(':'))
        .find_map(|(k, v)| (k == key && !v.contains(':')).then_some(v))
}

fn is_blank_or_comment(line: &str) -> bool {
    let trimmed = line.trim_start();
    trimmed.is_empty() || trimmed.starts_with("--")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directives_follow_dbmate_s_regex() {
        assert_eq!(directive("-- migrate:up", "up"), Some(""));
        assert_eq!(directive("--migrate:up transaction:false", "up"), Some(" transaction:false"));
        assert_eq!(directive("-- migrate:upgrade", "up"), None);
        assert_eq!(directive(" -- migrate:up", "up"), None);
        assert_eq!(directive("-- Migrate:up", "up"), None);
        assert_eq!(directive("-- migrate:down", "up"), None);
    }

    #[test]
    fn options_are_key_value_words() {
        let text = "-- migrate:up transaction:false\nSELECT 1;\n-- migrate:down  transaction:false:x\n";
        assert_eq!(section_option(text, 1, "up", "transaction"), Some("false"));
        assert_eq!(section_option(text, 3, "down", "transaction"), None);
    }

    #[test]
    fn sections_and_refusals() {
        let text = "-- a comment\n-- migrate:up\nCREATE TABLE a ();\n-- migrate:down\nDROP TABLE a;\n";
        assert_eq!(sections(text), Ok(vec![Section { up: 2, down: 4, end: 5 }]));
        assert_eq!(sections("SELECT 1;\n-- migrate:up\n-- migrate:down\n"), Err((1, "SQL before `-- migrate:up`")));
        assert!(sections("-- migrate:down\n").is_err());
        assert!(sections("-- migrate:up\nSELECT 1;\n").is_err());
        assert!(sections("-- migrate:up\n-- migrate:down\n-- migrate:down\n").is_err());
        let two = "-- migrate:up\n-- migrate:down\n-- migrate:up\n-- migrate:down\n";
        assert_eq!(sections(two).map(|s| s.len()), Ok(2));
    }

    #[test]
    fn names_follow_dbmate_s_file_pattern() {
        assert!(is_migration_name("20240101120000_create_users.sql"));
        assert!(is_migration_name("1.sql"));
        assert!(!is_migration_name("schema.sql"));
        assert!(!is_migration_name("20240101_x.sql.bak"));
    }
}
