//! Walks the repository's first-parent history, oldest first, and gives each
//! commit the schema state its migrations describe. A commit whose migrations
//! folder did not change shares its predecessor's state without being read;
//! otherwise the folder is read from git objects into a scratch folder (only
//! changed files written) and its migrations keyed by content, so a state is
//! replayed once however many commits hold it.

use std::collections::HashMap;
use std::path::Path;

use super::states::{MigrationKey, StateId, States};
use crate::error::{Error, Result};
use crate::input::folder_walk::{Folder, FolderWalk};
use crate::input::git::{Commit, History, TreeFile};
use crate::input::scratch::Scratch;
use crate::input::{detect_as, Layout, Migration};

/// A commit and the state it expects.
#[derive(Debug, Clone)]
pub struct CommitState {
    pub commit: Commit,
    /// The migrations it holds, in order.
    pub migrations: Vec<String>,
    pub state: StateId,
}

pub fn walk(
    repo: &dyn History,
    folder: &Path,
    layout: Option<Layout>,
    states: &mut States,
) -> Result<Vec<CommitState>> {
    let commits = repo.commits(false)?;
    let mut folders = FolderWalk::new(repo, folder, commits.iter().map(|c| c.sha.clone()).collect())?;
    let mut scratch = Scratch::new("posture")?;
    // Key of an up script by (blob, which part of it): files are hashed once.
    let mut keys: HashMap<(String, String), MigrationKey> = HashMap::new();
    let mut out: Vec<CommitState> = Vec::with_capacity(commits.len());
    for (i, commit) in commits.into_iter().enumerate() {
        let (migrations, state) = match folders.folder(i)? {
            Folder::Unchanged => match out.last() {
                Some(last) => (last.migrations.clone(), last.state),
                None => (Vec::new(), 0),
            },
            Folder::Absent => (Vec::new(), 0),
            Folder::Files(files) => read(&files, layout, folders.blobs(), &mut keys, &mut scratch, states)?,
        };
        out.push(CommitState { commit, migrations, state });
    }
    Ok(out)
}

/// Puts a commit's migrations folder (its `files`, whose blobs are in `blobs`) in the
/// scratch folder, writing only the files that changed, reads it with its layout and
/// gives the state its migrations describe.
fn read(
    files: &[TreeFile],
    layout: Option<Layout>,
    blobs: &HashMap<String, Vec<u8>>,
    keys: &mut HashMap<(String, String), MigrationKey>,
    scratch: &mut Scratch,
    states: &mut States,
) -> Result<(Vec<String>, StateId)> {
    let content = |f: &TreeFile| blobs.get(&f.blob).map(Vec::as_slice).unwrap_or_default();
    scratch.update(files.iter().map(|f| (f.path.as_path(), f.blob.as_str(), content(f))))?;
    let source = match detect_as(scratch, layout) {
        Ok(source) => source,
        Err(Error::NotASource { .. }) => return Ok((Vec::new(), 0)),
        Err(e) => return Err(e),
    };
    let blob_of: HashMap<std::path::PathBuf, &str> =
        files.iter().map(|f| (scratch.join(&f.path), f.blob.as_str())).collect();
    let migrations: Vec<Migration> = source.migrations;
    let mut migration_keys = Vec::with_capacity(migrations.len());
    for m in &migrations {
        let key = match blob_of.get(&m.up.path) {
            Some(blob) => {
                let id = ((*blob).to_owned(), format!("{}\0{:?}", m.name, m.up.part));
                match keys.get(&id) {
                    Some(k) => k.clone(),
                    None => {
                        let k = MigrationKey::of(m)?;
                        keys.insert(id, k.clone());
                        k
                    }
                }
            }
            None => MigrationKey::of(m)?,
        };
        migration_keys.push(key);
    }
    let state = states.state_of(&migration_keys, &migrations)?;
    Ok((migrations.into_iter().map(|m| m.name).collect(), state))
}
