use super::plain_column;
use crate::analysis::lint::{Effect, Hit, Rule, RuleMeta, StatementContext};

crate::declare_rule! {
    /// ## What it detects
    /// An `UPDATE` that assigns columns whose current values may be non-null: the
    /// old values are overwritten. A column the statement only writes where it is
    /// NULL (`WHERE "partyId" IS NULL` as a top-level condition, the usual backfill
    /// guard) holds nothing to lose and is not reported.
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

    fn check(&self, cx: &StatementContext) -> Vec<Hit> {
        cx.effects
            .iter()
            .filter_map(|e| match e {
                Effect::RowsUpdated { table, columns, guarded } => {
                    let overwritten: Vec<&String> = columns.iter().filter(|c| !guarded.contains(c)).collect();
                    if overwritten.is_empty() {
                        return None;
                    }
                    let objects: Vec<String> = overwritten.iter().map(|c| plain_column(table, c)).collect();
                    let message = format!("overwrites the current values of {}", objects.join(", "));
                    Some(Hit::new(objects, message).focus(overwritten[0].clone()))
                }
                _ => None,
            })
            .collect()
    }
}
