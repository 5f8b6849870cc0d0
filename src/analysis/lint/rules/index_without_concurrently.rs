use super::plain;
use crate::analysis::lint::{Effect, Hit, Rule, RuleMeta, StatementContext};

crate::declare_rule! {
    /// ## What it detects
    /// `CREATE INDEX` without `CONCURRENTLY` on a table that existed before the
    /// migration. An index on a table created in the same migration is not reported.
    ///
    /// ## Why it matters for rollback
    /// The build blocks every write to the table until it finishes. Advisory: the
    /// index itself is dropped without loss.
    ///
    /// ## Example
    /// ```sql
    /// CREATE INDEX "Animal_buyerPartyId_idx" ON "Animal"("buyerPartyId");
    /// ```
    ///
    /// ## How to make it reversible
    /// `CREATE INDEX CONCURRENTLY` (outside a transaction; Prisma needs the migration
    /// to hold only that statement), and `DROP INDEX CONCURRENTLY` in the down script.
    pub struct IndexWithoutConcurrently {
        code: "RC302",
        name: "index-without-concurrently",
        category: LockRisk,
        summary: "an index is built on an existing table without CONCURRENTLY, blocking writes",
    }
}

impl Rule for IndexWithoutConcurrently {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &StatementContext) -> Vec<Hit> {
        cx.effects
            .iter()
            .filter_map(|e| match e {
                Effect::IndexCreated { table, index, concurrently: false } if (cx.existed_before_migration)(table) => {
                    let index = if index.is_empty() { "an index".to_owned() } else { format!("index {index}") };
                    Some(
                        Hit::new(vec![plain(table)], format!("builds {index} on {} without CONCURRENTLY: writes block until it is done", plain(table)))
                            .focus(table.name.clone()),
                    )
                }
                _ => None,
            })
            .collect()
    }
}
