use super::plain_column;
use crate::analysis::lint::{Effect, Hit, MigrationContext, Rule, RuleMeta};
use crate::catalog::QualifiedName;

crate::declare_rule! {
    /// ## What it detects
    /// An `UPDATE` that assigns columns whose current values may be non-null: the
    /// old values are overwritten. A column the statement only writes where it is
    /// NULL (`WHERE "partyId" IS NULL` as a top-level condition, the usual backfill
    /// guard) holds nothing to lose and is not reported; neither is a column added, or
    /// a table created, earlier in the same migration (the backfill of a new column):
    /// its values are the migration's own.
    ///
    /// ## Why it matters for rollback
    /// The previous values are gone; a down migration cannot compute them back.
    ///
    /// ## Example
    /// ```sql
    /// UPDATE "Party" SET "displayName" = upper("displayName");
    /// ```
    /// is reported; the backfill
    /// ```sql
    /// UPDATE "Contact" SET "partyId" = nextval('party_id_seq') WHERE "partyId" IS NULL;
    /// ```
    /// is not.
    ///
    /// ## How to make it reversible
    /// Write into a new column and switch readers over (expand/contract), or save
    /// the old values first (`CREATE TABLE archive.party_names AS SELECT id, "displayName" FROM "Party"`).
    pub struct UpdateOverwrites {
        code: "RC108",
        name: "update-overwrites",
        category: DataLoss,
        summary: "an UPDATE overwrites values that may be non-null",
    }
}

impl Rule for UpdateOverwrites {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_migration(&self, cx: &MigrationContext) -> Vec<Hit> {
        // Tables and columns this migration made: what it writes there, it wrote.
        let mut new_tables: Vec<&QualifiedName> = Vec::new();
        let mut new_columns: Vec<(&QualifiedName, &str)> = Vec::new();
        let mut hits = Vec::new();
        for s in cx.statements {
            for e in &s.effects {
                match e {
                    Effect::TableCreated { table } => new_tables.push(table),
                    Effect::ColumnAdded { table, column, .. } => new_columns.push((table, column)),
                    Effect::ColumnRenamed { table, from, to } if new_columns.contains(&(table, from.as_str())) => {
                        new_columns.push((table, to))
                    }
                    Effect::RowsUpdated { table, columns, guarded } if !new_tables.contains(&table) => {
                        let overwritten: Vec<&String> = columns
                            .iter()
                            .filter(|c| !guarded.contains(c) && !new_columns.contains(&(table, c.as_str())))
                            .collect();
                        let Some(first) = overwritten.first() else { continue };
                        let objects: Vec<String> = overwritten.iter().map(|c| plain_column(table, c)).collect();
                        let message = format!("overwrites the current values of {}", objects.join(", "));
                        let mut hit = Hit::new(objects, message).focus(first.as_str());
                        hit.at = Some(s.location.clone());
                        hits.push(hit);
                    }
                    _ => {}
                }
            }
        }
        hits
    }
}
