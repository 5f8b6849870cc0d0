use super::plain_column;
use crate::analysis::lint::{Effect, Hit, Rule, RuleMeta, StatementContext};

crate::declare_rule! {
    /// ## What it detects
    /// `ADD COLUMN ... NOT NULL` without a default, on a table that existed before
    /// the migration.
    ///
    /// ## Why it matters for rollback
    /// On a table with rows the statement fails; on an empty one it succeeds, and
    /// then every `INSERT` of the application version still running (which does not
    /// know the column) fails with a not-null violation.
    ///
    /// ## Example
    /// ```sql
    /// ALTER TABLE "Animal" ADD COLUMN "ownerPartyId" INTEGER NOT NULL;
    /// ```
    ///
    /// ## How to make it reversible
    /// Add the column nullable (or with a default), backfill, deploy code that
    /// writes it, and only then `SET NOT NULL` (after a `CHECK (... IS NOT NULL) NOT VALID`
    /// and `VALIDATE` to avoid a long lock).
    pub struct AddColumnNotNull {
        code: "RC203",
        name: "add-column-not-null",
        category: BreaksOldCode,
        summary: "a NOT NULL column without a default is added to an existing table",
    }
}

impl Rule for AddColumnNotNull {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &StatementContext) -> Vec<Hit> {
        cx.effects
            .iter()
            .filter_map(|e| match e {
                Effect::ColumnAdded { table, column, not_null: true, has_default: false, .. }
                    if cx.existing.relation(table) =>
                {
                    let name = plain_column(table, column);
                    Some(
                        Hit::new(
                            vec![name.clone()],
                            format!("adds {name} NOT NULL without a default: inserts by the running code fail"),
                        )
                        .focus(column.clone()),
                    )
                }
                _ => None,
            })
            .collect()
    }
}
