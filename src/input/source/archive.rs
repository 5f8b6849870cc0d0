//! A pg_dump archive (custom, directory or tar format) as a source: one
//! migration whose script is the archive's schema, the `defn`s of its TOC in
//! order, as `pg_restore --schema-only` would print them. Line numbers in
//! messages are those of that generated SQL.

use std::path::Path;

use super::{file_name, Migration, Part, Script};
use crate::error::{Error, Result};
use crate::input::backup::{self, Backup};

/// A custom-format file, a tar file with `toc.dat`, or a folder with `toc.dat`.
pub(super) fn recognizes(path: &Path) -> bool {
    backup::is_archive(path)
}

pub(super) fn read(path: &Path) -> Result<Vec<Migration>> {
    let backup = Backup::open_toc(path)?;
    if backup.format == backup::Format::Plain {
        return Err(Error::Unreadable {
            path: path.to_owned(),
            message: "not a pg_dump archive (custom, directory or tar format)".into(),
        });
    }
    if !backup.toc_complete {
        let why = backup.problems.first().map(|p| p.message.clone()).unwrap_or_default();
        return Err(Error::Unreadable {
            path: path.to_owned(),
            message: format!("the archive's table of contents cannot be read whole: {why}"),
        });
    }
    let text = backup.schema_sql();
    Ok(vec![Migration {
        name: file_name(path),
        up: Script { path: path.to_owned(), part: Part::Text { text, line: 1 } },
        down: None,
    }])
}
