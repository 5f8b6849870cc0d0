//! What of the catalog to keep from before a statement, so that [`effect::changes`]
//! can compare it with the catalog after.
//!
//! Most migration statements are `ALTER TABLE`s of one table (or renames of a
//! column or constraint); without `CASCADE` such a statement changes only that
//! table, its inheritance children and partitions, their indexes and the
//! sequences they own (anything else that depends on what it drops makes it
//! fail; what a rename changes elsewhere, references to the name, has no effect
//! of its own). For those, the snapshot holds just
//! that part (and the types, which rules read); for everything else, the whole
//! catalog. Cloning a whole catalog per statement made linting long histories
//! slow (docs/PERFORMANCE.md).
//!
//! [`effect::changes`]: super::effect::changes

use std::collections::BTreeSet;

use crate::catalog::{Catalog, QualifiedName, Replay};
use crate::sql::change::{AttributeAction, ObjectRef, TableAction};
use crate::sql::{Change, Statement};

/// The part of `replay`'s catalog `statement` can change, taken before it runs.
pub fn before(statement: &Statement, replay: &Replay) -> Catalog {
    match single_tables(statement, replay) {
        Some(tables) => part(&replay.catalog, &tables),
        None => replay.catalog.clone(),
    }
}

/// The tables of a statement made only of `ALTER TABLE`s without `CASCADE` and
/// renames of columns and constraints, or `None`.
fn single_tables(statement: &Statement, replay: &Replay) -> Option<BTreeSet<QualifiedName>> {
    let mut tables = BTreeSet::new();
    for change in &statement.changes {
        let table = match change {
            Change::AlterTable { table, actions, .. } if !actions.iter().any(cascades) => table,
            Change::Rename {
                target: ObjectRef::Column { table, .. } | ObjectRef::Constraint { table, .. }, ..
            } => table,
            _ => return None,
        };
        if let Some(q) = replay.resolve_relation(table) {
            tables.insert(q);
        }
    }
    Some(tables)
}

fn cascades(action: &TableAction) -> bool {
    match action {
        TableAction::DropColumn { cascade, .. } | TableAction::DropConstraint { cascade, .. } => *cascade,
        TableAction::Attribute(
            AttributeAction::Add { cascade, .. }
            | AttributeAction::Drop { cascade, .. }
            | AttributeAction::AlterType { cascade, .. },
        ) => *cascade,
        _ => false,
    }
}

/// `tables`, the tables that inherit from them or are their partitions, their
/// indexes and the sequences they own, and all types.
fn part(catalog: &Catalog, tables: &BTreeSet<QualifiedName>) -> Catalog {
    let wanted = |t: &QualifiedName| {
        tables.contains(t)
            || catalog.tables.get(t).is_some_and(|table| {
                table.inherits.iter().any(|p| tables.contains(p))
                    || table.partition_of.as_ref().is_some_and(|(p, _)| tables.contains(p))
            })
    };
    Catalog {
        tables: catalog.tables.iter().filter(|(n, _)| wanted(n)).map(|(n, t)| (n.clone(), t.clone())).collect(),
        indexes: catalog
            .indexes
            .iter()
            .filter(|(_, i)| wanted(&i.table))
            .map(|(n, i)| (n.clone(), i.clone()))
            .collect(),
        sequences: catalog
            .sequences
            .iter()
            .filter(|(_, s)| s.owned_by.as_ref().is_some_and(|(t, _)| wanted(t)))
            .map(|(n, s)| (n.clone(), s.clone()))
            .collect(),
        types: catalog.types.clone(),
        ..Catalog::default()
    }
}
