//! A git bundle (`git bundle create app.bundle --all`) read as a repository:
//! cloned without a checkout into a scratch folder that is removed when the
//! [`BundleRepository`] is dropped. The bundle itself is only read.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::git::GitCli;
use super::scratch::Scratch;
use crate::error::{Error, Result};

/// A bundle's clone; reads go through [`BundleRepository::git`].
#[derive(Debug)]
pub struct BundleRepository {
    pub git: GitCli,
    _scratch: Scratch,
}

/// Whether a path names a bundle file (`*.bundle`).
pub fn is_bundle(path: &Path) -> bool {
    path.is_file() && path.extension().is_some_and(|e| e == "bundle")
}

/// The one `*.bundle` file directly in `dir`, when there is exactly one.
pub fn single_bundle(dir: &Path) -> Result<Option<PathBuf>> {
    let bundles: Vec<PathBuf> = super::source::read_dir_sorted(dir)?.into_iter().filter(|p| is_bundle(p)).collect();
    Ok(if bundles.len() == 1 { bundles.into_iter().next() } else { None })
}

/// Clones `bundle` (no checkout, no hooks, no user or system git configuration
/// taking part beyond `safe.directory`) and opens the clone.
pub fn open(bundle: &Path) -> Result<BundleRepository> {
    let unreadable = |message: String| Error::Unreadable { path: bundle.to_owned(), message };
    let real = bundle.canonicalize().map_err(|e| Error::io(bundle, e))?;
    let scratch = Scratch::new(&format!("bundle-{}", std::process::id()))?;
    let dest = scratch.join("repo");
    let mut cmd = Command::new("git");
    for (name, _) in std::env::vars_os() {
        if name.as_encoded_bytes().starts_with(b"GIT_") {
            cmd.env_remove(name);
        }
    }
    let out = cmd
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("LC_ALL", "C")
        .stdin(Stdio::null())
        .args(["-c", "core.hooksPath=/dev/null", "clone", "--quiet", "--no-checkout", "--template="])
        .arg("--")
        .arg(&real)
        .arg(&dest)
        .output()
        .map_err(|e| unreadable(format!("cannot run git: {e}")))?;
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        return Err(unreadable(format!(
            "not a readable git bundle: {}",
            stderr.lines().next().unwrap_or("git clone failed")
        )));
    }
    let (git, _) = GitCli::discover(&dest)?;
    Ok(BundleRepository { git, _scratch: scratch })
}
