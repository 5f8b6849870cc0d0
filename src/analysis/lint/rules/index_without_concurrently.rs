use super::plain;
use crate::analysis::lint::{Effect, Hit, Rule, RuleMeta, StatementContext};

crate::declare_rule! {
    /// ## What it detects
    /// `CREATE INDEX` without `CONCURRENTLY` on a table that existed before the
    /// migration, and `ADD CONSTRAINT ... UNIQUE`, `PRIMARY KEY` or `EXCLUDE`, which build
    /// their index the same way. An index on a table created in the same migration, and a
    /// constraint that adopts an existing index (`USING INDEX`), are not reported.
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
    /// For a constraint, build its unique index concurrently first, then
    /// `ADD CONSTRAINT ... UNIQUE USING INDEX ...`.
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
            .filter_map(|e| {
                let (table, what, focus) = match e {
                    Effect::IndexCreated { table, index, concurrently: false, .. } => {
                        let what = if index.is_empty() { "an index".to_owned() } else { format!("index {index}") };
                        (table, what, table.name.clone())
                    }
                    Effect::ConstraintAdded { table, name, builds_index: true, .. } => {
                        (table, format!("the index of constraint {name}"), name.clone())
                    }
                    _ => return None,
                };
                cx.existing.relation(table).then(|| {
                    Hit::new(
                        vec![plain(table)],
                        format!(
                            "builds {what} on {} without CONCURRENTLY: writes block until it is done",
                            plain(table)
                        ),
                    )
                    .focus(focus)
                })
            })
            .collect()
    }
}
