//! Diesel: `migrations/<version>_<name>/up.sql` with an optional `down.sql`,
//! one folder per migration (what `diesel migration generate` writes, e.g.
//! `2024-01-15-103000_create_users`). The initial
//! `00000000000000_diesel_initial_setup` is a migration like any other.
//!
//! The rules follow diesel-rs/diesel's `diesel_migrations` and its
//! `migrations_internals` crate:
//!
//! - Migrations are the non-empty, non-hidden folders of the migrations folder;
//!   files beside them are ignored. A folder without `up.sql` makes Diesel refuse
//!   the whole folder (`UnknownMigrationFormat`); we report it as an error and go
//!   on without it.
//! - The version is the folder name up to the first `_`, with every `-` removed
//!   (`version_from_string`); migrations run in order of the version compared as
//!   text (`MigrationVersion` derives `Ord` on a string; `pending_migrations`
//!   sorts by it), so `2024-01-15-103000_x` and `20240115103000_x` are the same
//!   version.
//! - Two folders with the same version collide in Diesel's map of pending
//!   migrations, and only one of them would run; we report an error naming both
//!   and keep both, ordered by folder name.
//! - An empty `up.sql` fails when run (`EmptyMigration`); we warn.
//!
//! The SOURCE may be the migrations folder or the project: then the folder that
//! `diesel.toml` names in `[migrations_directory] dir` (relative to the file), or
//! else `migrations/`. Diesel CLI also looks in parent folders; rollcheck reads
//! only what it was pointed at. `metadata.toml` (`run_in_transaction`) changes
//! nothing for a replay.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{file_name, read_dir_sorted, Found, Migration, Script};
use crate::diagnostic::{Location, Severity};
use crate::error::Result;

pub(super) fn recognizes(dir: &Path) -> Result<bool> {
    let dir = migrations_dir(dir);
    Ok(dir.is_dir() && migration_dirs(&dir)?.iter().any(|d| d.join("up.sql").is_file()))
}

/// The migrations folder of `path`: the one `diesel.toml` names, `migrations/`,
/// or `path` itself.
fn migrations_dir(path: &Path) -> PathBuf {
    let configured = std::fs::read_to_string(path.join("diesel.toml")).ok().and_then(|text| {
        let table: toml::Table = text.parse().ok()?;
        let dir = table.get("migrations_directory")?.get("dir")?.as_str()?;
        Some(path.join(dir))
    });
    match configured {
        Some(dir) if dir.is_dir() => dir,
        _ if path.join("migrations").is_dir() => path.join("migrations"),
        _ => path.to_owned(),
    }
}

/// The folders Diesel takes for migrations: not hidden, not empty.
fn migration_dirs(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut dirs = Vec::new();
    for entry in read_dir_sorted(dir)? {
        if entry.is_dir() && !file_name(&entry).starts_with('.') && !read_dir_sorted(&entry)?.is_empty() {
            dirs.push(entry);
        }
    }
    Ok(dirs)
}

/// `2024-01-15-103000_create_users` → `20240115103000`.
fn version(folder: &str) -> String {
    folder.split('_').next().unwrap_or_default().replace('-', "")
}

pub(super) fn read(path: &Path) -> Result<Found> {
    let mut found = Found::default();
    let dir = migrations_dir(path);
    let mut migrations: Vec<(String, PathBuf)> = Vec::new();
    for folder in migration_dirs(&dir)? {
        let up = folder.join("up.sql");
        if !up.is_file() {
            found.note(
                at(&folder),
                Severity::Error,
                "Diesel refuses this migrations folder: this migration has no up.sql (skipped)",
            );
            continue;
        }
        if up.metadata().is_ok_and(|m| m.len() == 0) {
            found.note(at(&up), Severity::Warning, "empty up.sql: Diesel fails to run an empty migration");
        }
        migrations.push((version(&file_name(&folder)), folder));
    }
    migrations.sort();
    for pair in migrations.windows(2) {
        if pair[0].0 == pair[1].0 {
            found.note(
                at(&pair[1].1),
                Severity::Error,
                format!(
                    "two Diesel migrations with version {} ({} and {}): Diesel runs only one of them",
                    pair[0].0,
                    file_name(&pair[0].1),
                    file_name(&pair[1].1)
                ),
            );
        }
    }
    found.migrations = migrations
        .into_iter()
        .map(|(_, folder)| Migration {
            name: file_name(&folder),
            up: Script::whole(folder.join("up.sql")),
            down: Some(folder.join("down.sql")).filter(|d| d.is_file()).map(Script::whole),
        })
        .collect();
    Ok(found)
}

fn at(path: &Path) -> Location {
    Location::new(Arc::from(path.display().to_string()), 1, 1, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_version_is_the_name_before_the_first_underscore_without_dashes() {
        assert_eq!(version("2024-01-15-103000_create_users"), "20240115103000");
        assert_eq!(version("00000000000000_diesel_initial_setup"), "00000000000000");
        assert_eq!(version("20240115103000"), "20240115103000");
    }
}
