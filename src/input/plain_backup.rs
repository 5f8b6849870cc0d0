//! The file-level facts of a plain-format `pg_dump` backup (gzip or not) that
//! its statements do not carry: whether pg_dump's closing comment is there,
//! when the dump was taken (the `-- Started on` line `pg_dump --verbose`
//! writes, else the file's modification time), and the backup files of a
//! folder. The full archive reader (custom, directory, tar) is
//! `src/input/backup/`; this is the plain-dump minimum the posture needs.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::script::open_maybe_gzip;
use crate::error::{Error, Result};

/// The line pg_dump writes last (before `\unrestrict`) when the dump finished.
pub const COMPLETE_MARKER: &str = "-- PostgreSQL database dump complete";

/// What a plain dump's bytes say about the dump as a whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlainDumpFile {
    /// pg_dump's closing comment is present.
    pub complete_marker: bool,
    /// Bytes read (after gzip).
    pub bytes: u64,
    /// The text after `-- Started on ` in the first lines, as written
    /// (`2025-07-13 02:00:00 UTC`).
    pub started_on: Option<String>,
    /// The file's modification time.
    pub modified: Option<SystemTime>,
    /// It starts with `PGDMP`: a custom-format archive, not a plain dump.
    pub custom_archive: bool,
}

/// Reads a plain dump through once, in fixed-size chunks.
pub fn inspect(path: &Path) -> Result<PlainDumpFile> {
    let file = File::open(path).map_err(|e| Error::io(path, e))?;
    let modified = file.metadata().and_then(|m| m.modified()).ok();
    let mut reader = open_maybe_gzip(file).map_err(|e| Error::io(path, e))?;
    let marker = format!("\n{COMPLETE_MARKER}\n");
    let finder = memchr::memmem::Finder::new(marker.as_bytes());
    let mut head: Vec<u8> = Vec::new();
    let mut window: Vec<u8> = Vec::new();
    let mut chunk = vec![0u8; 64 * 1024];
    let mut found = false;
    let mut bytes = 0u64;
    loop {
        let n = match reader.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(Error::io(path, e)),
        };
        bytes += n as u64;
        if head.len() < 4096 {
            head.extend_from_slice(&chunk[..n.min(4096 - head.len())]);
        }
        // Keep the tail of the previous chunk so a marker across two chunks is found.
        let keep = window.len().min(marker.len());
        window.drain(..window.len() - keep);
        window.extend_from_slice(&chunk[..n]);
        found |= finder.find(&window).is_some();
    }
    let started_on = String::from_utf8_lossy(&head)
        .lines()
        .find_map(|l| l.strip_prefix("-- Started on ").map(|s| s.trim().to_owned()));
    let custom_archive = head.starts_with(b"PGDMP");
    Ok(PlainDumpFile { complete_marker: found, bytes, started_on, modified, custom_archive })
}

/// The files of a backups folder, sorted by name (hidden files skipped).
pub fn backup_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = super::source::read_dir_sorted(dir)?
        .into_iter()
        .filter(|p| !super::source::file_name(p).starts_with('.'))
        .filter(|p| p.is_file() || p.join("toc.dat").is_file())
        .collect();
    files.sort();
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_closing_comment_and_the_start_time() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("d.sql");
        let body = format!(
            "--\n-- Started on 2025-07-13 02:00:00 UTC\n\nSELECT 1;\n{}\n--\n{COMPLETE_MARKER}\n--\n",
            "x".repeat(200_000)
        );
        std::fs::write(&path, &body).unwrap();
        let facts = inspect(&path).unwrap();
        assert!(facts.complete_marker);
        assert_eq!(facts.started_on.as_deref(), Some("2025-07-13 02:00:00 UTC"));
        std::fs::write(&path, &body[..body.len() - 20]).unwrap();
        assert!(!inspect(&path).unwrap().complete_marker);
    }
}
