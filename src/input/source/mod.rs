//! What a SOURCE argument is, and the migrations it holds in the order its tool
//! applies them, with their down scripts.
//!
//! A single SQL file or plain dump (gzip or not), or a folder in one migration
//! tool's [`Layout`]: one module per layout, each with `recognizes` (a cheap look at
//! names and marker files) and `read` (the migrations in the tool's order, following
//! the tool's own source, and notes on what rollcheck reads differently). A new
//! layout adds a variant, its module, and its lines in the `match`es below.

use std::cmp::Ordering;
use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, DiagnosticKind, Location, Severity};
use crate::error::{Error, Result};
use crate::input::script::open_maybe_gzip;

mod archive;
mod atlas;
mod dbmate;
mod diesel;
mod flyway;
mod golang_migrate;
mod goose;
mod liquibase;
mod plain;
mod prisma;
mod sqitch;

/// How a source lays out its migrations: the tool that wrote it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Layout {
    /// One SQL file: a script or a plain-format pg_dump / pg_dumpall output.
    SqlFile,
    /// A Prisma Migrate `migrations` folder (`<timestamp>_<name>/migration.sql`, optional `down.sql`).
    Prisma,
    /// Flyway: `V<version>__<desc>.sql`, `U<version>__` undo, `R__` repeatable.
    Flyway,
    /// golang-migrate (and sqlx's reversible form): `<version>_<title>.up.sql` / `.down.sql`.
    GolangMigrate,
    /// goose: one file per migration with `-- +goose Up` / `-- +goose Down` sections.
    Goose,
    /// dbmate: one file per migration with `-- migrate:up` / `-- migrate:down` sections.
    Dbmate,
    /// sqitch: `sqitch.plan` with `deploy/`, `revert/`, `verify/` scripts.
    Sqitch,
    /// Liquibase formatted SQL: `--liquibase formatted sql`, `--changeset author:id`, `--rollback`.
    Liquibase,
    /// Diesel: `migrations/<timestamp>_<name>/up.sql` and `down.sql`.
    Diesel,
    /// Atlas versioned directory: `<version>_<name>.sql` with `atlas.sum`.
    Atlas,
    /// A folder of `.sql` files, applied in natural order.
    SqlFolder,
    /// A pg_dump archive (custom, directory or tar format): its schema, as one migration.
    Archive,
}

impl Layout {
    /// Every layout, in the order `--layout` lists them.
    pub const ALL: &'static [Layout] = &[
        Layout::SqlFile,
        Layout::Prisma,
        Layout::Flyway,
        Layout::GolangMigrate,
        Layout::Goose,
        Layout::Dbmate,
        Layout::Sqitch,
        Layout::Liquibase,
        Layout::Diesel,
        Layout::Atlas,
        Layout::SqlFolder,
        Layout::Archive,
    ];

    /// The name `--layout` takes and messages use.
    pub fn name(self) -> &'static str {
        match self {
            Layout::SqlFile => "sql-file",
            Layout::Prisma => "prisma",
            Layout::Flyway => "flyway",
            Layout::GolangMigrate => "golang-migrate",
            Layout::Goose => "goose",
            Layout::Dbmate => "dbmate",
            Layout::Sqitch => "sqitch",
            Layout::Liquibase => "liquibase",
            Layout::Diesel => "diesel",
            Layout::Atlas => "atlas",
            Layout::SqlFolder => "sql-folder",
            Layout::Archive => "pg-archive",
        }
    }

    /// Folder layouts detection tries: every one is asked, and more than one
    /// answer is an ambiguity, except the plain folder (any `.sql` file), which
    /// only counts when nothing else fits.
    const FOLDERS: &'static [Layout] = &[
        Layout::Prisma,
        Layout::Sqitch,
        Layout::Atlas,
        Layout::Diesel,
        Layout::Liquibase,
        Layout::Goose,
        Layout::Dbmate,
        Layout::Flyway,
        Layout::GolangMigrate,
        Layout::SqlFolder,
    ];

    /// Whether `dir` looks like this layout (a cheap look at names and markers).
    fn recognizes(self, dir: &Path) -> Result<bool> {
        match self {
            Layout::SqlFile => Ok(dir.is_file()),
            Layout::Prisma => Ok(prisma::migrations_dir(dir).is_some()),
            Layout::Flyway => flyway::recognizes(dir),
            Layout::GolangMigrate => golang_migrate::recognizes(dir),
            Layout::Goose => goose::recognizes(dir),
            Layout::Dbmate => dbmate::recognizes(dir),
            Layout::Sqitch => sqitch::recognizes(dir),
            Layout::Liquibase => liquibase::recognizes(dir),
            Layout::Diesel => diesel::recognizes(dir),
            Layout::Atlas => atlas::recognizes(dir),
            Layout::SqlFolder => plain::recognizes(dir),
            Layout::Archive => Ok(archive::recognizes(dir)),
        }
    }

    /// The migrations of `path` in the order this layout's tool applies them,
    /// and the folder they were read from.
    fn read(self, path: &Path) -> Result<(PathBuf, Found)> {
        let found = |migrations| Found { migrations, notes: Vec::new() };
        match self {
            Layout::SqlFile => Ok((path.to_owned(), found(vec![plain::single_file(path)]))),
            Layout::Prisma => {
                let dir = prisma::migrations_dir(path).unwrap_or_else(|| path.to_owned());
                Ok((dir.clone(), found(prisma::read(&dir)?)))
            }
            Layout::Flyway => Ok((path.to_owned(), flyway::read(path)?)),
            Layout::GolangMigrate => Ok((path.to_owned(), found(golang_migrate::read(path)?))),
            Layout::Goose => Ok((path.to_owned(), goose::read(path)?)),
            Layout::Dbmate => Ok((path.to_owned(), dbmate::read(path)?)),
            Layout::Sqitch => Ok((path.to_owned(), sqitch::read(path)?)),
            Layout::Liquibase => Ok((path.to_owned(), liquibase::read(path)?)),
            Layout::Diesel => Ok((path.to_owned(), diesel::read(path)?)),
            Layout::Atlas => Ok((path.to_owned(), atlas::read(path)?)),
            Layout::SqlFolder => Ok((path.to_owned(), found(plain::read(path)?))),
            Layout::Archive => Ok((path.to_owned(), found(archive::read(path)?))),
        }
    }
}

/// What reading a layout found: its migrations in order, and what the reader
/// has to say about them (a directive it handles differently, a checksum file
/// that does not match, a version used twice).
#[derive(Debug, Default)]
pub(crate) struct Found {
    pub migrations: Vec<Migration>,
    pub notes: Vec<Diagnostic>,
}

impl Found {
    pub fn note(&mut self, location: Location, severity: Severity, message: impl Into<String>) {
        self.notes.push(Diagnostic::new(location, severity, DiagnosticKind::Layout, message));
    }
}

impl std::str::FromStr for Layout {
    type Err = String;

    fn from_str(name: &str) -> std::result::Result<Self, String> {
        Layout::ALL.iter().copied().find(|l| l.name() == name).ok_or_else(|| {
            let names: Vec<&str> = Layout::ALL.iter().map(|l| l.name()).collect();
            format!("unknown layout `{name}` (known: {})", names.join(", "))
        })
    }
}

/// Where a migration's SQL is: a whole file, some of its lines (a section of a
/// file that holds both up and down), or text taken out of a file (a rollback
/// written in comments).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    Whole,
    /// 1-based, inclusive line ranges of the file; everything else is blanked
    /// (newlines kept, so lines and columns stay those of the file).
    Lines(Vec<(u64, u64)>),
    /// SQL that starts on line `line` of the file.
    Text {
        text: String,
        line: u64,
    },
}

/// One script: a file, and which part of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Script {
    pub path: PathBuf,
    pub part: Part,
}

impl Script {
    pub fn whole(path: impl Into<PathBuf>) -> Self {
        Script { path: path.into(), part: Part::Whole }
    }

    /// The script's SQL, as a stream in which line numbers are the file's.
    pub fn open(&self) -> io::Result<Box<dyn Read>> {
        match &self.part {
            Part::Whole => open_maybe_gzip(File::open(&self.path)?),
            Part::Lines(ranges) => {
                let text = fs::read(&self.path)?;
                Ok(Box::new(io::Cursor::new(keep_lines(&text, ranges))))
            }
            Part::Text { text, line } => {
                let mut padded = "\n".repeat(line.saturating_sub(1) as usize);
                padded.push_str(text);
                Ok(Box::new(io::Cursor::new(padded.into_bytes())))
            }
        }
    }
}

/// `text` with every line outside `ranges` blanked (its bytes removed, its newline kept).
fn keep_lines(text: &[u8], ranges: &[(u64, u64)]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    for (i, line) in text.split_inclusive(|&b| b == b'\n').enumerate() {
        let n = i as u64 + 1;
        if ranges.iter().any(|&(from, to)| (from..=to).contains(&n)) {
            out.extend_from_slice(line);
        } else if line.ends_with(b"\n") {
            out.push(b'\n');
        }
    }
    out
}

/// One migration: a name, its script, and the script that undoes it when the
/// layout has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Migration {
    pub name: String,
    pub up: Script,
    /// The down (undo, revert) script: Prisma's `down.sql`, golang-migrate's `.down.sql`, ...
    pub down: Option<Script>,
}

impl Migration {
    /// The file that holds the migration's SQL.
    pub fn path(&self) -> &Path {
        &self.up.path
    }
}

#[derive(Debug, Clone)]
pub struct Source {
    pub path: PathBuf,
    pub layout: Layout,
    /// In the order they are applied. A single file is one migration.
    pub migrations: Vec<Migration>,
    /// What the layout's reader reported (kind `layout`).
    pub notes: Vec<Diagnostic>,
}

impl Source {
    /// The migrations up to and including `at` (by exact name, or a unique prefix).
    pub fn up_to(&self, at: Option<&str>) -> Result<&[Migration]> {
        let Some(at) = at else { return Ok(&self.migrations) };
        let exact = self.migrations.iter().position(|m| m.name == at);
        let position = match exact {
            Some(p) => Some(p),
            None => {
                let matching: Vec<usize> =
                    (0..self.migrations.len()).filter(|&i| self.migrations[i].name.starts_with(at)).collect();
                if matching.len() == 1 {
                    Some(matching[0])
                } else {
                    None
                }
            }
        };
        let prefixed: Vec<&str> =
            self.migrations.iter().filter(|m| m.name.starts_with(at)).map(|m| m.name.as_str()).collect();
        if position.is_none() && prefixed.len() > 1 {
            return Err(Error::Usage(format!(
                "{}: `{at}` is ambiguous: it begins {}; give more of the name",
                self.path.display(),
                prefixed.join(", ")
            )));
        }
        match position {
            Some(p) => Ok(&self.migrations[..=p]),
            None => Err(Error::UnknownMigration {
                path: self.path.clone(),
                name: at.to_owned(),
                known: self.migrations.iter().map(|m| m.name.as_str()).collect::<Vec<_>>().join(", "),
            }),
        }
    }
}

/// Works out what kind of source a path is and reads its migrations.
pub fn detect(path: &Path) -> Result<Source> {
    detect_as(path, None)
}

/// Like [`detect`], with the layout forced when `layout` is given (`--layout`).
pub fn detect_as(path: &Path, layout: Option<Layout>) -> Result<Source> {
    let meta = fs::metadata(path).map_err(|e| Error::io(path, e))?;
    let layout = match layout {
        Some(forced) => forced,
        None if archive::recognizes(path) => Layout::Archive,
        None if meta.is_file() => Layout::SqlFile,
        None if !meta.is_dir() => {
            return Err(Error::NotASource { path: path.to_owned(), reason: "not a file or a folder".into() })
        }
        None => folder_layout(path)?,
    };
    let (root, Found { migrations, notes }) = layout.read(path)?;
    if migrations.is_empty() {
        return Err(Error::NotASource {
            path: path.to_owned(),
            reason: format!("no {} migrations in it", layout.name()),
        });
    }
    Ok(Source { path: root, layout, migrations, notes })
}

/// The one folder layout `dir` is in; several that fit equally is an error.
fn folder_layout(dir: &Path) -> Result<Layout> {
    let mut fits = Vec::new();
    for &layout in Layout::FOLDERS {
        if layout.recognizes(dir)? {
            fits.push(layout);
        }
    }
    // The plain folder fits anything with a `.sql` file: a fallback, never a rival.
    if fits.len() > 1 {
        fits.retain(|l| *l != Layout::SqlFolder);
    }
    match fits.as_slice() {
        [one] => Ok(*one),
        [] => Err(Error::NotASource {
            path: dir.to_owned(),
            reason: "not a migrations folder: no migration tool's layout recognized and no .sql files".into(),
        }),
        several => Err(Error::Usage(format!(
            "{}: ambiguous migrations folder: it fits {}; choose one with --layout",
            dir.display(),
            several.iter().map(|l| l.name()).collect::<Vec<_>>().join(" and ")
        ))),
    }
}

/// The entries of a folder, sorted by name.
pub(crate) fn read_dir_sorted(path: &Path) -> Result<Vec<PathBuf>> {
    let mut entries: Vec<PathBuf> = fs::read_dir(path)
        .map_err(|e| Error::io(path, e))?
        .map(|e| e.map(|e| e.path()).map_err(|err| Error::io(path, err)))
        .collect::<Result<_>>()?;
    entries.sort();
    Ok(entries)
}

/// A path's last component, as text.
pub(crate) fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

/// Natural order: runs of digits compare by value (`2_x` < `10_x`).
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (mut a, mut b) = (a.as_bytes(), b.as_bytes());
    loop {
        match (a.first(), b.first()) {
            (None, None) => return Ordering::Equal,
            (None, _) => return Ordering::Less,
            (_, None) => return Ordering::Greater,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let da = a.iter().take_while(|c| c.is_ascii_digit()).count();
                let db = b.iter().take_while(|c| c.is_ascii_digit()).count();
                let (na, nb) = (trim_zeros(&a[..da]), trim_zeros(&b[..db]));
                let ord = na.len().cmp(&nb.len()).then_with(|| na.cmp(nb)).then_with(|| da.cmp(&db));
                if ord != Ordering::Equal {
                    return ord;
                }
                a = &a[da..];
                b = &b[db..];
            }
            (Some(x), Some(y)) => {
                if x != y {
                    return x.cmp(y);
                }
                a = &a[1..];
                b = &b[1..];
            }
        }
    }
}

fn trim_zeros(digits: &[u8]) -> &[u8] {
    let start = digits.iter().position(|&d| d != b'0').unwrap_or(digits.len());
    &digits[start..]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_part_keeps_the_file_s_line_numbers() {
        let text = b"-- +goose Up\nCREATE TABLE a ();\n-- +goose Down\nDROP TABLE a;\n";
        assert_eq!(keep_lines(text, &[(2, 2)]), b"\nCREATE TABLE a ();\n\n\n".to_vec());
        assert_eq!(keep_lines(text, &[(4, 4)]), b"\n\n\nDROP TABLE a;\n".to_vec());
        let script =
            Script { path: PathBuf::from("x.sql"), part: Part::Text { text: "DROP TABLE a;".into(), line: 3 } };
        let mut read = String::new();
        script.open().unwrap().read_to_string(&mut read).unwrap();
        assert_eq!(read, "\n\nDROP TABLE a;");
    }

    #[test]
    fn natural_order_compares_numbers_by_value() {
        let mut names = vec!["10_x", "2_x", "1_a", "001_b", "1_b"];
        names.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(names, vec!["1_a", "1_b", "001_b", "2_x", "10_x"]);
    }
}
