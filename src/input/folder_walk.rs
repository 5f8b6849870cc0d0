//! A migrations folder through a repository's history, commit by commit, read
//! the cheap way: a commit whose folder is the same tree as the one before is
//! not read at all, and the commits whose folder changed have their files
//! listed, and their new blobs read, [`BATCH`] commits at a time (each through
//! one `git cat-file --batch`, not two git processes per commit).
//!
//! `rollcheck history` and `rollcheck posture` both walk the history this way.

use std::collections::HashMap;
use std::path::Path;

use super::git::{History, TreeFile};
use crate::error::Result;

/// How many changed commits have their files listed and their new blobs read together.
const BATCH: usize = 64;

/// One commit's migrations folder, as [`FolderWalk::folder`] gives it.
pub enum Folder {
    /// The same tree as the commit before's.
    Unchanged,
    /// The commit has no such folder.
    Absent,
    /// The folder's files; their contents are in [`FolderWalk::blobs`].
    Files(Vec<TreeFile>),
}

/// The folder of each commit of a list, in order. See the module documentation.
pub struct FolderWalk<'a> {
    repo: &'a dyn History,
    folder: &'a Path,
    shas: Vec<String>,
    /// Each commit's folder tree id; None where it has no folder.
    trees: Vec<Option<String>>,
    /// The indexes of the commits whose folder differs from the one before, in batches.
    changed: Vec<Vec<usize>>,
    next_batch: usize,
    listed: HashMap<usize, Vec<TreeFile>>,
    blobs: HashMap<String, Vec<u8>>,
}

impl<'a> FolderWalk<'a> {
    /// A walk over `folder` in the commits `shas`, oldest first.
    pub fn new(repo: &'a dyn History, folder: &'a Path, shas: Vec<String>) -> Result<Self> {
        let trees = repo.folder_trees(&shas, folder)?;
        let changed: Vec<usize> =
            (0..trees.len()).filter(|&i| trees[i].is_some() && (i == 0 || trees[i] != trees[i - 1])).collect();
        Ok(FolderWalk {
            repo,
            folder,
            shas,
            trees,
            changed: changed.chunks(BATCH).map(<[usize]>::to_vec).collect(),
            next_batch: 0,
            listed: HashMap::new(),
            blobs: HashMap::new(),
        })
    }

    /// The folder of commit `i`; called for every commit in order.
    pub fn folder(&mut self, i: usize) -> Result<Folder> {
        if i > 0 && self.trees.get(i) == self.trees.get(i - 1) {
            return Ok(Folder::Unchanged);
        }
        if self.trees.get(i).is_none_or(Option::is_none) {
            return Ok(Folder::Absent);
        }
        if !self.listed.contains_key(&i) {
            self.list_next_batch()?;
        }
        Ok(self.listed.remove(&i).map_or(Folder::Absent, Folder::Files))
    }

    /// The contents of the files handed out so far, by blob id.
    pub fn blobs(&self) -> &HashMap<String, Vec<u8>> {
        &self.blobs
    }

    fn list_next_batch(&mut self) -> Result<()> {
        let Some(batch) = self.changed.get(self.next_batch) else { return Ok(()) };
        self.next_batch += 1;
        let wanted: Vec<(&str, &str)> =
            batch.iter().filter_map(|&j| self.trees[j].as_deref().map(|tree| (self.shas[j].as_str(), tree))).collect();
        let files = self.repo.files_of_trees(&wanted, self.folder)?;
        let mut missing: Vec<String> =
            files.iter().flatten().map(|f| f.blob.clone()).filter(|b| !self.blobs.contains_key(b)).collect();
        missing.sort();
        missing.dedup();
        for (id, content) in missing.iter().zip(self.repo.blobs(&missing)?) {
            self.blobs.insert(id.clone(), content);
        }
        self.listed = batch.iter().copied().zip(files).collect();
        Ok(())
    }
}
