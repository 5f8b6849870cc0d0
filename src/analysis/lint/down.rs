//! Down-script verification: replay a migration, then its down script, and
//! compare with the schema before the migration.

use super::DownOutcome;
use crate::analysis::diff::compare;
use crate::catalog::{replay_file, Catalog, Loaded, Replay};
use crate::error::Result;
use crate::input::Migration;

/// The state a migration started from, kept only when it has a down script.
pub(super) struct Start<'a> {
    migration: &'a Migration,
    catalog: Option<Catalog>,
}

impl<'a> Start<'a> {
    pub(super) fn new(replay: &Replay, migration: &'a Migration) -> Self {
        Start { migration, catalog: migration.down.is_some().then(|| replay.catalog.clone()) }
    }

    /// Replays the down script on a copy of `replay` (the state after the
    /// migration) and compares the result with the start.
    pub(super) fn verify(self, replay: &Replay, loaded: &mut Loaded) -> Result<Option<DownOutcome>> {
        let (Some(script), Some(before)) = (&self.migration.down, self.catalog) else { return Ok(None) };
        let mut undone = replay.clone();
        undone.diagnostics.clear();
        let statements = loaded.statements;
        replay_file(script, &mut undone, loaded, &mut ())?;
        loaded.statements = statements;
        loaded.diagnostics.extend(std::mem::take(&mut undone.diagnostics));
        Ok(Some(DownOutcome { script: script.clone(), diff: compare(&before, &undone.catalog) }))
    }
}
