//! A single SQL file (a script or a plain dump), and a plain folder of `.sql`
//! files applied in natural order (`2_x.sql` before `10_x.sql`).

use std::path::Path;

use super::{file_name, natural_cmp, read_dir_sorted, Migration, Script};
use crate::error::Result;

pub(super) fn single_file(path: &Path) -> Migration {
    Migration { name: file_name(path), up: Script::whole(path), down: None }
}

pub(super) fn recognizes(dir: &Path) -> Result<bool> {
    Ok(read_dir_sorted(dir)?.iter().any(|e| is_sql_file(e)))
}

pub(super) fn is_sql_file(path: &Path) -> bool {
    path.is_file() && path.extension().is_some_and(|x| x == "sql")
}

pub(super) fn read(dir: &Path) -> Result<Vec<Migration>> {
    let mut files: Vec<Migration> = read_dir_sorted(dir)?
        .into_iter()
        .filter(|e| is_sql_file(e))
        .map(|e| Migration {
            name: e.file_stem().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
            up: Script::whole(e),
            down: None,
        })
        .collect();
    files.sort_by(|a, b| natural_cmp(&a.name, &b.name));
    Ok(files)
}
