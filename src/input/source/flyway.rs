//! Flyway SQL migrations: `V<version>__<description>.sql` (versioned),
//! `U<version>__<description>.sql` (undo: the down script of the versioned
//! migration with the same version) and `R__<description>.sql` (repeatable).
//!
//! The rules follow Flyway's own source (flyway/flyway, `flyway-core`):
//!
//! - Names (`ResourceNameParser`): the suffix `.sql` matches in any case; the
//!   prefix is `V`, `U` or `R`; the name is split at the first `__` into version
//!   and description (`V1.sql` is version 1 with an empty description). A
//!   repeatable must have nothing before the `__`. Names that do not parse are
//!   skipped, as Flyway skips them (`SqlMigrationResolver`); we say so in a note.
//! - Versions (`MigrationVersion`): `_` is read as `.`, the version is split at
//!   each `.` followed by a digit, every part is a whole number compared by value
//!   (`1.10` comes after `1.9`), and trailing zero parts are dropped, so `1.2`
//!   and `1.2.0` are the same version.
//! - Order (`ResolvedMigrationComparator`): versioned migrations by version, then
//!   repeatables by description (the part after `__` with `_` read as a space),
//!   after all versioned ones. On an empty database each repeatable runs once.
//! - Two migrations with the same version, or two repeatables with the same
//!   description, make Flyway refuse to run (`CompositeMigrationResolver`:
//!   "Found more than one migration with version ..."); we report it as an error
//!   naming both files and keep both, ordered by path.
//! - Locations are scanned recursively, skipping hidden folders
//!   (`FileSystemScanner`): migrations may sit in subfolders of the folder given.
//!   Point rollcheck at the location itself (`src/main/resources/db/migration`),
//!   not the project, or build output such as `target/classes` is read too.
//!
//! Not read: configuration (`flyway.conf`, `flyway.toml`), so only the default
//! prefixes, separator and suffix are known (a custom `sqlMigrationPrefix`,
//! `sqlMigrationSeparator` or `sqlMigrationSuffixes` is not honoured);
//! `${placeholder}` replacement; SQL callbacks (`beforeMigrate.sql`, ...);
//! baseline (`B`) and Java migrations.

use std::cmp::Ordering;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{file_name, read_dir_sorted, Found, Migration, Script};
use crate::diagnostic::{Location, Severity};
use crate::error::Result;

/// A folder is Flyway's when it or a subfolder holds a versioned migration.
pub(super) fn recognizes(dir: &Path) -> Result<bool> {
    Ok(sql_files(dir)?.iter().any(|f| matches!(parse(&file_name(f)), Some(Ok(Name { kind: Kind::Versioned, .. })))))
}

pub(super) fn read(dir: &Path) -> Result<Found> {
    let mut found = Found::default();
    let mut versioned: Vec<(Version, PathBuf)> = Vec::new();
    let mut undos: Vec<(Version, PathBuf)> = Vec::new();
    let mut repeatables: Vec<(String, PathBuf)> = Vec::new();
    for path in sql_files(dir)? {
        match parse(&file_name(&path)) {
            Some(Ok(Name { kind: Kind::Versioned, version: Some(v), .. })) => versioned.push((v, path)),
            Some(Ok(Name { kind: Kind::Undo, version: Some(v), .. })) => undos.push((v, path)),
            Some(Ok(Name { kind: Kind::Repeatable, description, .. })) => repeatables.push((description, path)),
            Some(Ok(_)) => {}
            Some(Err(why)) => found.note(at(&path), Severity::Warning, format!("skipped, as Flyway skips it: {why}")),
            None => found.note(
                at(&path),
                Severity::Note,
                "skipped: not a Flyway migration name (V<version>__<description>.sql, U..., R__...)",
            ),
        }
    }
    versioned.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
    undos.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
    repeatables.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)));

    for pair in versioned.windows(2).chain(undos.windows(2)) {
        if pair[0].0 == pair[1].0 {
            found.note(
                at(&pair[1].1),
                Severity::Error,
                format!(
                    "Flyway refuses to run: more than one migration with version {} ({} and {})",
                    pair[0].0,
                    pair[0].1.display(),
                    pair[1].1.display()
                ),
            );
        }
    }
    for pair in repeatables.windows(2) {
        if pair[0].0 == pair[1].0 {
            found.note(
                at(&pair[1].1),
                Severity::Error,
                format!(
                    "Flyway refuses to run: more than one repeatable migration with description `{}` ({} and {})",
                    pair[0].0,
                    pair[0].1.display(),
                    pair[1].1.display()
                ),
            );
        }
    }

    let mut undos = undos.into_iter().peekable();
    for (version, path) in &versioned {
        // Undos without a migration of their version come before it in this order.
        while let Some((orphan, undo)) = undos.next_if(|(v, _)| v < version) {
            found.note(at(&undo), Severity::Warning, format!("undo for version {orphan}, which has no migration"));
        }
        let down = undos.next_if(|(v, _)| v == version).map(|(_, undo)| Script::whole(undo));
        found.migrations.push(Migration { name: stem(path), up: Script::whole(path), down });
    }
    for (orphan, undo) in undos {
        found.note(at(&undo), Severity::Warning, format!("undo for version {orphan}, which has no migration"));
    }
    found.migrations.extend(repeatables.into_iter().map(|(_, path)| Migration {
        name: stem(&path),
        up: Script::whole(&path),
        down: None,
    }));
    Ok(found)
}

/// Every `.sql` file (in any case) in `dir` and its subfolders, hidden folders skipped.
fn sql_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in read_dir_sorted(dir)? {
        if entry.is_dir() {
            if !file_name(&entry).starts_with('.') {
                files.extend(sql_files(&entry)?);
            }
        } else if entry.is_file() && file_name(&entry).to_ascii_lowercase().ends_with(".sql") {
            files.push(entry);
        }
    }
    Ok(files)
}

/// The file name without its `.sql` suffix: the migration's name.
fn stem(path: &Path) -> String {
    let name = file_name(path);
    name[..name.len() - ".sql".len()].to_owned()
}

fn at(path: &Path) -> Location {
    Location::new(Arc::from(path.display().to_string()), 1, 1, 0)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Versioned,
    Undo,
    Repeatable,
}

#[derive(Debug, PartialEq, Eq)]
struct Name {
    kind: Kind,
    version: Option<Version>,
    /// With `_` read as a space, as Flyway shows and orders it.
    description: String,
}

/// A file name as Flyway's `ResourceNameParser` reads it: `None` when it has no
/// migration prefix, an error when it has one but is malformed.
fn parse(file: &str) -> Option<std::result::Result<Name, String>> {
    let stem =
        file.get(..file.len().checked_sub(".sql".len())?).filter(|_| file.to_ascii_lowercase().ends_with(".sql"))?;
    let kind = match stem.as_bytes().first()? {
        b'V' => Kind::Versioned,
        b'U' => Kind::Undo,
        b'R' => Kind::Repeatable,
        _ => return None,
    };
    let rest = &stem[1..];
    let (version, description) = rest.split_once("__").unwrap_or((rest, ""));
    let description = description.replace('_', " ");
    Some(match kind {
        Kind::Repeatable if !version.is_empty() => {
            Err(format!("a repeatable migration has no version (R__{})", description.replace(' ', "_")))
        }
        Kind::Repeatable => Ok(Name { kind, version: None, description }),
        _ if version.is_empty() => Err("a versioned migration needs a version (V1.2__description.sql)".into()),
        _ => match Version::parse(version) {
            Some(v) => Ok(Name { kind, version: Some(v), description }),
            None => Err(format!("could not recognise version number {version}")),
        },
    })
}

/// A Flyway version: whole numbers (digits, leading zeros dropped), trailing
/// zero parts dropped, compared part by part with missing parts read as zero.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Version(Vec<String>);

impl Version {
    fn parse(text: &str) -> Option<Version> {
        let text = text.replace('_', ".");
        let bytes = text.as_bytes();
        let mut parts = Vec::new();
        let mut start = 0;
        for i in 0..bytes.len() {
            if bytes[i] == b'.' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit) {
                parts.push(&text[start..i]);
                start = i + 1;
            }
        }
        parts.push(&text[start..]);
        let mut numbers = parts
            .into_iter()
            .map(|p| {
                (!p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())).then(|| p.trim_start_matches('0').to_owned())
            })
            .collect::<Option<Vec<String>>>()?;
        while numbers.len() > 1 && numbers.last().is_some_and(String::is_empty) {
            numbers.pop();
        }
        Some(Version(numbers))
    }
}

impl Ord for Version {
    fn cmp(&self, other: &Self) -> Ordering {
        let zero = String::new();
        (0..self.0.len().max(other.0.len()))
            .map(|i| {
                let (a, b) = (self.0.get(i).unwrap_or(&zero), other.0.get(i).unwrap_or(&zero));
                a.len().cmp(&b.len()).then_with(|| a.cmp(b))
            })
            .find(|o| o.is_ne())
            .unwrap_or(Ordering::Equal)
    }
}

impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl std::fmt::Display for Version {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<&str> = self.0.iter().map(|p| if p.is_empty() { "0" } else { p.as_str() }).collect();
        write!(f, "{}", parts.join("."))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> Version {
        Version::parse(text).unwrap()
    }

    #[test]
    fn versions_compare_part_by_part_by_value() {
        assert!(v("1.9") < v("1.10"));
        assert!(v("1.10") < v("2"));
        assert_eq!(v("1.2"), v("1.2.0"));
        assert_eq!(v("1_2"), v("1.2"));
        assert_eq!(v("01.02"), v("1.2"));
        assert!(v("1") < v("1.0.1"));
        assert_eq!(v("0"), v("0.0"));
        assert_eq!(v("1.2.0").to_string(), "1.2");
        assert_eq!(Version::parse("1.x"), None);
        assert_eq!(Version::parse("1."), None);
        assert_eq!(Version::parse("1..2"), None);
    }

    #[test]
    fn names_parse_as_flyway_s_resource_name_parser() {
        let name = parse("V1.1__add_email.sql").unwrap().unwrap();
        assert_eq!(
            (name.kind, name.version, name.description.as_str()),
            (Kind::Versioned, Some(v("1.1")), "add email")
        );
        assert_eq!(parse("V2.SQL").unwrap().unwrap().version, Some(v("2")));
        assert_eq!(parse("U1__undo.sql").unwrap().unwrap().kind, Kind::Undo);
        assert_eq!(parse("R__views.sql").unwrap().unwrap().description, "views");
        assert!(parse("R1__x.sql").unwrap().is_err());
        assert!(parse("V__x.sql").unwrap().is_err());
        assert!(parse("Vx__y.sql").unwrap().is_err());
        assert_eq!(parse("afterMigrate.sql"), None);
        assert_eq!(parse("V1__x.txt"), None);
    }
}
