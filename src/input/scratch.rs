//! A scratch folder holding files taken out of git objects, so the layout
//! readers can read a commit's migrations like any folder. Removed when dropped;
//! the repository is never touched.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// A folder under the system's temp dir, removed when dropped.
#[derive(Debug)]
pub struct Scratch(PathBuf);

impl Scratch {
    /// Writes `files` (relative path, content) into a new scratch folder named after `label`.
    pub fn write<'a>(label: &str, files: impl IntoIterator<Item = (&'a Path, &'a [u8])>) -> Result<Scratch> {
        let scratch = Scratch(std::env::temp_dir().join(format!("rollcheck-{}-{label}", std::process::id())));
        for (relative, content) in files {
            let path = scratch.0.join(relative);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
            }
            std::fs::write(&path, content).map_err(|e| Error::io(&path, e))?;
        }
        Ok(scratch)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

impl std::ops::Deref for Scratch {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}
