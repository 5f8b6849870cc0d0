//! A scratch folder holding files taken out of git objects, so the layout
//! readers can read a commit's migrations like any folder. Removed when dropped;
//! the repository is never touched.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// A folder under the system's temp dir, removed when dropped, that holds one set
/// of files at a time: [`Scratch::update`] writes only what changed.
#[derive(Debug)]
pub struct Scratch {
    dir: PathBuf,
    /// What each file holds now, by an id of its content (a blob id).
    held: HashMap<PathBuf, String>,
}

impl Scratch {
    pub fn new(label: &str) -> Result<Scratch> {
        // Numbered, so that two scratch folders of one process (threads, or a history
        // read while another is) never share a folder.
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("rollcheck-{}-{label}-{n}", std::process::id()));
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        Ok(Scratch { dir, held: HashMap::new() })
    }

    /// Makes the folder hold exactly `files` (relative path, content id, content):
    /// writes the new and changed ones, removes the ones gone. Files that did not
    /// change cost a look-up, nothing more.
    pub fn update<'a>(&mut self, files: impl IntoIterator<Item = (&'a Path, &'a str, &'a [u8])>) -> Result<()> {
        let files: Vec<(&Path, &str, &[u8])> = files.into_iter().collect();
        let mut kept = 0;
        let mut written: Vec<(PathBuf, String)> = Vec::new();
        for &(relative, id, content) in &files {
            match self.held.get(relative) {
                Some(held) if held == id => kept += 1,
                before => {
                    kept += usize::from(before.is_some());
                    let path = self.dir.join(relative);
                    if let Some(parent) = path.parent() {
                        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
                    }
                    std::fs::write(&path, content).map_err(|e| Error::io(&path, e))?;
                    written.push((relative.to_owned(), id.to_owned()));
                }
            }
        }
        if kept < self.held.len() {
            let wanted: std::collections::HashSet<&Path> = files.iter().map(|f| f.0).collect();
            let gone: Vec<PathBuf> = self.held.keys().filter(|p| !wanted.contains(p.as_path())).cloned().collect();
            for relative in gone {
                let path = self.dir.join(&relative);
                std::fs::remove_file(&path).map_err(|e| Error::io(&path, e))?;
                self.held.remove(&relative);
            }
        }
        self.held.extend(written);
        Ok(())
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl std::ops::Deref for Scratch {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.dir
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn on_disk(scratch: &Scratch) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut stack = vec![scratch.dir.clone()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else {
                    let relative = path.strip_prefix(&scratch.dir).unwrap().display().to_string();
                    out.push((relative, std::fs::read_to_string(&path).unwrap()));
                }
            }
        }
        out.sort();
        out
    }

    #[test]
    fn update_writes_the_changed_files_and_removes_the_gone_ones() {
        let mut scratch = Scratch::new("test").unwrap();
        let (a, b, c) = (Path::new("1/a.sql"), Path::new("2/b.sql"), Path::new("c.sql"));
        scratch.update([(a, "a1", &b"A1"[..]), (b, "b1", b"B1")]).unwrap();
        assert_eq!(on_disk(&scratch), [("1/a.sql".into(), "A1".into()), ("2/b.sql".into(), "B1".into())]);
        // a unchanged, b changed, c new.
        scratch.update([(a, "a1", &b"ignored: same id"[..]), (b, "b2", b"B2"), (c, "c1", b"C1")]).unwrap();
        let expected: Vec<(String, String)> =
            vec![("1/a.sql".into(), "A1".into()), ("2/b.sql".into(), "B2".into()), ("c.sql".into(), "C1".into())];
        assert_eq!(on_disk(&scratch), expected);
        // b gone, c changed.
        scratch.update([(a, "a1", &b"A1"[..]), (c, "c2", b"C2")]).unwrap();
        assert_eq!(on_disk(&scratch), [("1/a.sql".into(), "A1".into()), ("c.sql".into(), "C2".into())]);
        assert_eq!(scratch.held.len(), 2);
        let other = Scratch::new("test").unwrap();
        assert_ne!(other.dir, scratch.dir, "two scratch folders of one process never share a folder");
    }
}
