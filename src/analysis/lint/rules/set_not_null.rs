use super::plain_column;
use crate::analysis::lint::{Effect, Hit, Rule, RuleMeta, StatementContext};

crate::declare_rule! {
    /// ## What it detects
    /// `ALTER COLUMN ... SET NOT NULL` on a table that existed before the migration.
    ///
    /// ## Why it matters for rollback
    /// The application version still running may insert rows without the column
    /// (it was optional when that version was built): those inserts now fail. The
    /// statement also scans the whole table under an exclusive lock.
    ///
    /// ## Example
    /// ```sql
    /// ALTER TABLE "WaitlistEntry" ALTER COLUMN "clientPartyId" SET NOT NULL;
    /// ```
    ///
    /// ## How to make it reversible
    /// Deploy code that always writes the column first, and check no deployed
    /// version omits it; add `CHECK ("clientPartyId" IS NOT NULL) NOT VALID`,
    /// `VALIDATE` it, then `SET NOT NULL` (PostgreSQL 12+ skips the scan). `DROP NOT NULL`
    /// undoes it.
    pub struct SetNotNull {
        code: "RC204",
        name: "set-not-null",
        category: BreaksOldCode,
        summary: "a column becomes NOT NULL: inserts by code that omits it fail",
    }
}

impl Rule for SetNotNull {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &StatementContext) -> Vec<Hit> {
        cx.effects
            .iter()
            .filter_map(|e| match e {
                Effect::NotNullSet { table, column } if cx.existing.relation(table) => {
                    let name = plain_column(table, column);
                    Some(
                        Hit::new(vec![name.clone()], format!("makes {name} NOT NULL: inserts that omit it fail"))
                            .focus(column.clone()),
                    )
                }
                _ => None,
            })
            .collect()
    }
}
