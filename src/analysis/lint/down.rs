//! Down-script verification: replay a migration, then its down script, and
//! compare with the schema before the migration.

use std::collections::BTreeMap;

use super::DownOutcome;
use crate::analysis::diff::compare;
use crate::catalog::{replay_script, Catalog, Loaded, Replay};
use crate::error::Result;
use crate::input::{Migration, Part};

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
        replay_script(script, &mut undone, loaded, &mut ())?;
        loaded.statements = statements;
        loaded.diagnostics.extend(std::mem::take(&mut undone.diagnostics));
        let (before, after) = differing_parts(&before, &undone.catalog);
        let line = match &script.part {
            Part::Whole => 1,
            Part::Lines(ranges) => ranges.first().map_or(1, |r| r.0),
            Part::Text { line, .. } => *line,
        };
        Ok(Some(DownOutcome { script: script.path.clone(), line, diff: compare(&before, &after) }))
    }
}

/// The objects that differ between two catalogs, as two smaller catalogs: a
/// comparison of these gives the comparison of the whole (each object is
/// compared on its own), without flattening what did not change.
fn differing_parts(a: &Catalog, b: &Catalog) -> (Catalog, Catalog) {
    fn split<K: Ord + Clone, V: PartialEq + Clone>(
        a: &BTreeMap<K, V>,
        b: &BTreeMap<K, V>,
    ) -> (BTreeMap<K, V>, BTreeMap<K, V>) {
        let differs = |k: &K| a.get(k) != b.get(k);
        let keep =
            |m: &BTreeMap<K, V>| m.iter().filter(|(k, _)| differs(k)).map(|(k, v)| (k.clone(), v.clone())).collect();
        (keep(a), keep(b))
    }
    let (schemas, schemas_b) = split(&a.schemas, &b.schemas);
    let (tables, tables_b) = split(&a.tables, &b.tables);
    let (views, views_b) = split(&a.views, &b.views);
    let (sequences, sequences_b) = split(&a.sequences, &b.sequences);
    let (indexes, indexes_b) = split(&a.indexes, &b.indexes);
    let (types, types_b) = split(&a.types, &b.types);
    let (functions, functions_b) = split(&a.functions, &b.functions);
    let (extensions, extensions_b) = split(&a.extensions, &b.extensions);
    (
        Catalog { schemas, tables, views, sequences, indexes, types, functions, extensions },
        Catalog {
            schemas: schemas_b,
            tables: tables_b,
            views: views_b,
            sequences: sequences_b,
            indexes: indexes_b,
            types: types_b,
            functions: functions_b,
            extensions: extensions_b,
        },
    )
}
