//! golang-migrate: `<version>_<title>.up.sql` and `<version>_<title>.down.sql`,
//! applied in order of the numeric version (a timestamp or a sequence number).
//! sqlx's reversible migrations use the same names and order.

use std::path::Path;

use super::{file_name, plain::is_sql_file, read_dir_sorted, Migration, Script};
use crate::error::Result;

pub(super) fn recognizes(dir: &Path) -> Result<bool> {
    Ok(read_dir_sorted(dir)?.iter().any(|e| is_sql_file(e) && split(&file_name(e)).is_some()))
}

/// `12_add_users.up.sql` → (12, "add_users", "up").
fn split(file: &str) -> Option<(u64, &str, &str)> {
    let stem = file.strip_suffix(".sql")?;
    let (rest, direction) = stem.rsplit_once('.')?;
    if direction != "up" && direction != "down" {
        return None;
    }
    let (version, title) = rest.split_once('_').unwrap_or((rest, ""));
    Some((version.parse().ok()?, title, direction))
}

pub(super) fn read(dir: &Path) -> Result<Vec<Migration>> {
    let entries = read_dir_sorted(dir)?;
    let mut ups: Vec<(u64, Migration)> = Vec::new();
    for e in entries.iter().filter(|e| is_sql_file(e)) {
        let file = file_name(e);
        let Some((version, _, "up")) = split(&file) else { continue };
        let down = e.with_file_name(file.replace(".up.sql", ".down.sql"));
        let name = file.trim_end_matches(".up.sql").to_owned();
        ups.push((
            version,
            Migration { name, up: Script::whole(e.clone()), down: down.is_file().then(|| Script::whole(down)) },
        ));
    }
    ups.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.name.cmp(&b.1.name)));
    Ok(ups.into_iter().map(|(_, m)| m).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_split_into_version_title_direction() {
        assert_eq!(split("12_add_users.up.sql"), Some((12, "add_users", "up")));
        assert_eq!(split("20240101120000_x.down.sql"), Some((20240101120000, "x", "down")));
        assert_eq!(split("V1__x.sql"), None);
        assert_eq!(split("12_add.sideways.sql"), None);
    }
}
