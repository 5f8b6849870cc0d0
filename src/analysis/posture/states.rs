//! The schema states of a history: the catalog after each prefix of a list of
//! migrations, replayed once and kept by the content of the prefix.
//!
//! A prefix is identified by a chained digest of its migrations' names and up
//! scripts, so two commits that hold the same migrations share one catalog, and
//! a commit that adds migrations to a known prefix replays only the new ones.
//! The *base* states are the prefixes of the migrations being judged (state `k`:
//! the first `k` applied); commits whose migrations differ (an edited or
//! reordered migration) get states of their own.

use std::collections::HashMap;
use std::io::Read;
use std::sync::Arc;

use sha2::{Digest, Sha256};

use crate::catalog::{replay_script, Catalog, Loaded, Replay};
use crate::error::{Error, Result};
use crate::input::{Migration, Source};

pub type StateId = usize;

/// What identifies a migration's effect: its name and its up script's text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MigrationKey {
    pub name: String,
    pub digest: [u8; 32],
}

impl MigrationKey {
    /// Reads the up script (through the input layer's reader).
    pub fn of(migration: &Migration) -> Result<MigrationKey> {
        let path = migration.up.path.as_path();
        let mut reader = migration.up.open().map_err(|e| Error::io(path, e))?;
        let mut hasher = Sha256::new();
        let mut chunk = [0u8; 16 * 1024];
        loop {
            match reader.read(&mut chunk) {
                Ok(0) => break,
                Ok(n) => hasher.update(&chunk[..n]),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(Error::io(path, e)),
            }
        }
        Ok(MigrationKey { name: migration.name.clone(), digest: hasher.finalize().into() })
    }
}

/// Every schema state met so far.
pub struct States {
    catalogs: Vec<Arc<Catalog>>,
    by_prefix: HashMap<[u8; 32], StateId>,
    base: Vec<MigrationKey>,
}

fn chain(previous: &[u8; 32], key: &MigrationKey) -> [u8; 32] {
    let mut hasher = Sha256::new();
    hasher.update(previous);
    hasher.update((key.name.len() as u64).to_le_bytes());
    hasher.update(key.name.as_bytes());
    hasher.update(key.digest);
    hasher.finalize().into()
}

impl States {
    /// The base states of `migrations`: ids `0..=migrations.len()`, state `k`
    /// being the first `k` replayed.
    pub fn new(migrations: &[Migration]) -> Result<States> {
        let mut states = States { catalogs: Vec::new(), by_prefix: HashMap::new(), base: Vec::new() };
        states.catalogs.push(Arc::new(Replay::new().catalog));
        states.by_prefix.insert([0; 32], 0);
        let keys = migrations.iter().map(MigrationKey::of).collect::<Result<Vec<_>>>()?;
        states.state_of(&keys, migrations)?;
        states.base = keys;
        Ok(states)
    }

    /// The number of base migrations: the last base state's id.
    pub fn base_len(&self) -> usize {
        self.base.len()
    }

    pub fn catalog(&self, id: StateId) -> &Catalog {
        &self.catalogs[id]
    }

    /// Whether `id` is a base state (a prefix of the judged migrations).
    pub fn is_base(&self, id: StateId) -> bool {
        id <= self.base.len()
    }

    /// The state after `migrations` (whose keys are `keys`), replaying only the
    /// migrations past the longest prefix already known. The migrations' files
    /// must be readable now.
    pub fn state_of(&mut self, keys: &[MigrationKey], migrations: &[Migration]) -> Result<StateId> {
        let mut digests = Vec::with_capacity(keys.len() + 1);
        digests.push([0u8; 32]);
        for key in keys {
            let next = chain(digests.last().unwrap_or(&[0; 32]), key);
            digests.push(next);
        }
        let known = digests.iter().rposition(|d| self.by_prefix.contains_key(d)).unwrap_or(0);
        let mut id = self.by_prefix.get(&digests[known]).copied().unwrap_or(0);
        if known == keys.len() {
            return Ok(id);
        }
        let mut replay = Replay::new();
        replay.catalog = (*self.catalogs[id]).clone();
        let source = Source {
            path: migrations[known].up.path.clone(),
            layout: crate::input::Layout::SqlFolder,
            migrations: Vec::new(),
            notes: Vec::new(),
        };
        let mut loaded = Loaded::new(source);
        for (i, migration) in migrations.iter().enumerate().skip(known) {
            replay_script(&migration.up, &mut replay, &mut loaded, &mut ())?;
            id = self.catalogs.len();
            self.catalogs.push(Arc::new(replay.catalog.clone()));
            self.by_prefix.insert(digests[i + 1], id);
        }
        Ok(id)
    }
}
