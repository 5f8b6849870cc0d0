//! Reverse indexes over a catalog for the look-ups replay makes on every
//! statement: which table owns a constraint name, an identity sequence, which
//! tables inherit from a table. Without them, reading a dump of N tables costs
//! O(N²) (each new name is checked against every table).
//!
//! The index is derived data: [`super::Replay`] keeps it fresh for the changes
//! that pg_dump output consists of, and drops it (to be rebuilt on next use)
//! after any other change.

use std::collections::{BTreeMap, BTreeSet};

use super::{Catalog, QualifiedName, Table};

#[derive(Debug, Clone, Default)]
pub(crate) struct NameIndex {
    /// (schema, constraint name) → tables with a constraint of that name.
    constraints: BTreeMap<QualifiedName, BTreeSet<QualifiedName>>,
    /// Identity sequence → (table, column).
    identities: BTreeMap<QualifiedName, (QualifiedName, String)>,
    /// Parent → inheritance children and partitions.
    children: BTreeMap<QualifiedName, BTreeSet<QualifiedName>>,
    /// What was recorded for each table, to take it out again.
    recorded: BTreeMap<QualifiedName, Recorded>,
}

#[derive(Debug, Clone, Default)]
struct Recorded {
    constraints: Vec<QualifiedName>,
    identities: Vec<QualifiedName>,
    parents: Vec<QualifiedName>,
}

impl NameIndex {
    pub(crate) fn build(catalog: &Catalog) -> Self {
        let mut index = NameIndex::default();
        for t in catalog.tables.values() {
            index.add(t);
        }
        index
    }

    /// Brings the entries of one table up to date (it may be gone).
    pub(crate) fn refresh(&mut self, catalog: &Catalog, table: &QualifiedName) {
        self.remove(table);
        if let Some(t) = catalog.tables.get(table) {
            self.add(t);
        }
    }

    fn add(&mut self, t: &Table) {
        let mut rec = Recorded::default();
        for name in t.constraints.keys() {
            let key = QualifiedName::new(&t.name.schema, name);
            self.constraints.entry(key.clone()).or_default().insert(t.name.clone());
            rec.constraints.push(key);
        }
        for col in &t.columns {
            if let Some(id) = &col.identity {
                self.identities.insert(id.sequence.clone(), (t.name.clone(), col.name.clone()));
                rec.identities.push(id.sequence.clone());
            }
        }
        let parents = t.inherits.iter().chain(t.partition_of.as_ref().map(|(p, _)| p));
        for p in parents {
            self.children.entry(p.clone()).or_default().insert(t.name.clone());
            rec.parents.push(p.clone());
        }
        self.recorded.insert(t.name.clone(), rec);
    }

    fn remove(&mut self, table: &QualifiedName) {
        let Some(rec) = self.recorded.remove(table) else { return };
        for key in rec.constraints {
            if let Some(owners) = self.constraints.get_mut(&key) {
                owners.remove(table);
                if owners.is_empty() {
                    self.constraints.remove(&key);
                }
            }
        }
        for seq in rec.identities {
            if self.identities.get(&seq).is_some_and(|(t, _)| t == table) {
                self.identities.remove(&seq);
            }
        }
        for p in rec.parents {
            if let Some(children) = self.children.get_mut(&p) {
                children.remove(table);
            }
        }
    }

    /// Tables in the name's schema with a constraint of that name.
    pub(crate) fn constraint_owners(&self, name: &QualifiedName) -> impl Iterator<Item = &QualifiedName> {
        self.constraints.get(name).into_iter().flatten()
    }

    pub(crate) fn identity_owner(&self, sequence: &QualifiedName) -> Option<&(QualifiedName, String)> {
        self.identities.get(sequence)
    }

    pub(crate) fn children(&self, table: &QualifiedName) -> Vec<QualifiedName> {
        self.children.get(table).map(|c| c.iter().cloned().collect()).unwrap_or_default()
    }
}
