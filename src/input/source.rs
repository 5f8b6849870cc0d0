//! What a SOURCE argument is, and the migrations it holds in the order its tool
//! applies them.
//!
//! Supported now: a single SQL file or plain dump (gzip or not), a Prisma Migrate
//! folder (`migrations/<timestamp>_<name>/migration.sql`), and a plain folder of
//! `.sql` files applied in natural order (`2_x.sql` before `10_x.sql`). Other
//! layouts add a [`SourceKind`] and a branch in [`detect`].

use std::cmp::Ordering;
use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceKind {
    /// One SQL file: a script or a plain-format pg_dump / pg_dumpall output.
    SqlFile,
    /// A Prisma Migrate `migrations` folder.
    Prisma,
    /// A folder of `.sql` files, applied in natural order.
    SqlFolder,
}

/// One migration: a name, the file that holds its SQL, and the script that
/// undoes it when the layout has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Migration {
    pub name: String,
    pub path: PathBuf,
    /// The down (undo) script: `down.sql` beside a Prisma `migration.sql` (what
    /// Prisma's docs recommend), or `<name>.down.sql` beside `<name>.up.sql`.
    pub down: Option<PathBuf>,
}

#[derive(Debug, Clone)]
pub struct Source {
    pub path: PathBuf,
    pub kind: SourceKind,
    /// In the order they are applied. A single file is one migration.
    pub migrations: Vec<Migration>,
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

/// Works out what kind of source a path is.
pub fn detect(path: &Path) -> Result<Source> {
    let meta = fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if meta.is_file() {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        return Ok(Source {
            path: path.to_owned(),
            kind: SourceKind::SqlFile,
            migrations: vec![Migration { name, path: path.to_owned(), down: None }],
        });
    }
    if !meta.is_dir() {
        return Err(Error::NotASource { path: path.to_owned(), reason: "not a file or a folder".into() });
    }
    // A Prisma project, its `prisma` folder, or the `migrations` folder itself.
    for candidate in [path.join("prisma").join("migrations"), path.join("migrations"), path.to_owned()] {
        if candidate.join("migration_lock.toml").is_file() || has_prisma_migrations(&candidate) {
            return prisma(&candidate);
        }
    }
    let files = sql_files(path)?;
    if files.is_empty() {
        return Err(Error::NotASource {
            path: path.to_owned(),
            reason:
                "not a migrations folder: no migration_lock.toml, no <timestamp>_<name>/migration.sql, no .sql files"
                    .into(),
        });
    }
    Ok(Source { path: path.to_owned(), kind: SourceKind::SqlFolder, migrations: files })
}

fn read_dir_sorted(path: &Path) -> Result<Vec<PathBuf>> {
    let mut entries: Vec<PathBuf> = fs::read_dir(path)
        .map_err(|e| Error::io(path, e))?
        .map(|e| e.map(|e| e.path()).map_err(|err| Error::io(path, err)))
        .collect::<Result<_>>()?;
    entries.sort();
    Ok(entries)
}

fn has_prisma_migrations(dir: &Path) -> bool {
    read_dir_sorted(dir)
        .map(|entries| entries.iter().any(|e| e.join("migration.sql").is_file() && is_prisma_dir_name(e)))
        .unwrap_or(false)
}

fn is_prisma_dir_name(path: &Path) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    name.len() > 15 && name.as_bytes()[..14].iter().all(u8::is_ascii_digit) && name.as_bytes()[14] == b'_'
}

/// Prisma applies migration folders in lexicographic order of their names.
fn prisma(dir: &Path) -> Result<Source> {
    let migrations = read_dir_sorted(dir)?
        .into_iter()
        .filter(|e| e.join("migration.sql").is_file())
        .map(|e| Migration {
            name: e.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
            path: e.join("migration.sql"),
            down: Some(e.join("down.sql")).filter(|d| d.is_file()),
        })
        .collect();
    Ok(Source { path: dir.to_owned(), kind: SourceKind::Prisma, migrations })
}

/// The `.sql` files of a folder; `<name>.down.sql` is the down script of
/// `<name>.up.sql`, not a migration of its own.
fn sql_files(dir: &Path) -> Result<Vec<Migration>> {
    let entries = read_dir_sorted(dir)?;
    let file_name = |e: &PathBuf| e.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let mut files: Vec<Migration> = entries
        .iter()
        .filter(|e| e.is_file() && e.extension().is_some_and(|x| x == "sql") && !file_name(e).ends_with(".down.sql"))
        .map(|e| {
            let stem = e.file_stem().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            match stem.strip_suffix(".up") {
                Some(name) => Migration {
                    name: name.to_owned(),
                    path: e.clone(),
                    down: Some(dir.join(format!("{name}.down.sql"))).filter(|d| d.is_file()),
                },
                None => Migration { name: stem, path: e.clone(), down: None },
            }
        })
        .collect();
    files.sort_by(|a, b| natural_cmp(&a.name, &b.name));
    Ok(files)
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
    fn natural_order_compares_numbers_by_value() {
        let mut names = vec!["10_x", "2_x", "1_a", "001_b", "1_b"];
        names.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(names, vec!["1_a", "1_b", "001_b", "2_x", "10_x"]);
    }
}
