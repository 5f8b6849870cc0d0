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
    /// writes the new and changed ones, removes the ones gone.
    pub fn update<'a>(&mut self, files: impl IntoIterator<Item = (&'a Path, &'a str, &'a [u8])>) -> Result<()> {
        let mut wanted: HashMap<PathBuf, String> = HashMap::new();
        for (relative, id, content) in files {
            if self.held.get(relative).map(String::as_str) != Some(id) {
                let path = self.dir.join(relative);
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
                }
                std::fs::write(&path, content).map_err(|e| Error::io(&path, e))?;
            }
            wanted.insert(relative.to_owned(), id.to_owned());
        }
        for gone in self.held.keys().filter(|p| !wanted.contains_key(*p)) {
            let path = self.dir.join(gone);
            std::fs::remove_file(&path).map_err(|e| Error::io(&path, e))?;
        }
        self.held = wanted;
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
