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
use crate::input::git::{Commit, History};
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
    let shas: Vec<String> = commits.iter().map(|c| c.sha.clone()).collect();
    let trees = repo.folder_trees(&shas, folder)?;
    let mut scratch = Scratch::new("posture")?;
    let mut blobs: HashMap<String, Vec<u8>> = HashMap::new();
    // Key of an up script by (blob, which part of it): files are hashed once.
    let mut keys: HashMap<(String, String), MigrationKey> = HashMap::new();
    let mut out: Vec<CommitState> = Vec::with_capacity(commits.len());
    let mut previous: Option<(Option<String>, Vec<String>, StateId)> = None;
    for (commit, tree) in commits.into_iter().zip(trees) {
        if let Some((t, migrations, state)) = &previous {
            if *t == tree {
                out.push(CommitState { commit, migrations: migrations.clone(), state: *state });
                continue;
            }
        }
        let (migrations, state) = match &tree {
            None => (Vec::new(), 0),
            Some(_) => read(repo, &commit.sha, folder, layout, &mut blobs, &mut keys, &mut scratch, states)?,
        };
        previous = Some((tree, migrations.clone(), state));
        out.push(CommitState { commit, migrations, state });
    }
    Ok(out)
}

#[allow(clippy::too_many_arguments)]
fn read(
    repo: &dyn History,
    sha: &str,
    folder: &Path,
    layout: Option<Layout>,
    blobs: &mut HashMap<String, Vec<u8>>,
    keys: &mut HashMap<(String, String), MigrationKey>,
    scratch: &mut Scratch,
    states: &mut States,
) -> Result<(Vec<String>, StateId)> {
    let files = repo.files(sha, folder)?;
    let missing: Vec<String> = files.iter().map(|f| f.blob.clone()).filter(|b| !blobs.contains_key(b)).collect();
    for (id, content) in missing.iter().zip(repo.blobs(&missing)?) {
        blobs.insert(id.clone(), content);
    }
    scratch.update(files.iter().map(|f| (f.path.as_path(), f.blob.as_str(), blobs[&f.blob].as_slice())))?;
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
