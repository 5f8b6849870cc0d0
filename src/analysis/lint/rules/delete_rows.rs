use super::plain;
use crate::analysis::lint::{Effect, Hit, Rule, RuleMeta, StatementContext};

crate::declare_rule! {
    /// ## What it detects
    /// `DELETE FROM` a table that existed before the migration, with or without a
    /// `WHERE` clause. A table created in the same migration held no rows from before it.
    ///
    /// ## Why it matters for rollback
    /// Deleted rows are gone; no down migration can know what they held. A data
    /// clean-up hidden in a schema migration also runs again on every fresh
    /// environment.
    ///
    /// ## Example
    /// ```sql
    /// DELETE FROM "Contact" WHERE "archived" = true;
    /// ```
    ///
    /// ## How to make it reversible
    /// Move the rows instead of deleting them
    /// (`WITH gone AS (DELETE FROM "Contact" WHERE ... RETURNING *) INSERT INTO archive."Contact" SELECT * FROM gone`),
    /// or soft-delete with a flag the application filters on.
    pub struct DeleteRows {
        code: "RC107",
        name: "delete-rows",
        category: DataLoss,
        summary: "rows are deleted by DELETE",
    }
}

impl Rule for DeleteRows {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &StatementContext) -> Vec<Hit> {
        cx.effects
            .iter()
            .filter_map(|e| match e {
                Effect::RowsDeleted { table, filtered } if cx.existing.relation(table) => {
                    let which = if *filtered { "rows matching the WHERE clause" } else { "every row" };
                    Some(
                        Hit::new(vec![plain(table)], format!("deletes {which} from {}", plain(table)))
                            .focus(table.name.clone()),
                    )
                }
                _ => None,
            })
            .collect()
    }
}
