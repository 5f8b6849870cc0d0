//! Prisma Migrate: `migrations/<timestamp>_<name>/migration.sql`, applied in
//! lexicographic order of the folder names, with `migration_lock.toml` beside
//! them. A `down.sql` in a migration's folder is its down script (what Prisma's
//! docs recommend generating with `prisma migrate diff --script`).

use std::path::{Path, PathBuf};

use super::{file_name, read_dir_sorted, Migration, Script};
use crate::error::Result;

/// The `migrations` folder of a Prisma project, its `prisma` folder, or the
/// `migrations` folder itself.
pub(super) fn migrations_dir(path: &Path) -> Option<PathBuf> {
    [path.join("prisma").join("migrations"), path.join("migrations"), path.to_owned()]
        .into_iter()
        .find(|candidate| candidate.join("migration_lock.toml").is_file() || has_prisma_migrations(candidate))
}

fn has_prisma_migrations(dir: &Path) -> bool {
    read_dir_sorted(dir)
        .map(|entries| entries.iter().any(|e| e.join("migration.sql").is_file() && is_prisma_dir_name(e)))
        .unwrap_or(false)
}

fn is_prisma_dir_name(path: &Path) -> bool {
    let name = file_name(path);
    name.len() > 15 && name.as_bytes()[..14].iter().all(u8::is_ascii_digit) && name.as_bytes()[14] == b'_'
}

pub(super) fn read(dir: &Path) -> Result<Vec<Migration>> {
    Ok(read_dir_sorted(dir)?
        .into_iter()
        .filter(|e| e.join("migration.sql").is_file())
        .map(|e| Migration {
            name: file_name(&e),
            up: Script::whole(e.join("migration.sql")),
            down: Some(e.join("down.sql")).filter(|d| d.is_file()).map(Script::whole),
        })
        .collect())
}
