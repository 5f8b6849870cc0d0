use super::plain_column;
use crate::analysis::lint::cast::is_widening_for_readers;
use crate::analysis::lint::{Effect, Hit, Rule, RuleMeta, StatementContext};

crate::declare_rule! {
    /// ## What it detects
    /// `ALTER COLUMN ... TYPE` on a table that existed before the migration, unless
    /// the change only widens a string or decimal (`varchar(50)` → `varchar(255)` or
    /// `text`, `numeric(10,2)` → `numeric(12,2)`), which code reads the same way.
    /// Whether values are lost is [`lossy-type-change`](lossy-type-change.md)'s question.
    ///
    /// ## Why it matters for rollback
    /// The running application maps the column to a type in its language; a new
    /// type changes what the driver returns (`bigint` arrives as a string in
    /// node-postgres, `timestamptz` as a different instant) and breaks parsing,
    /// comparisons and ORM schemas.
    ///
    /// ## Example
    /// ```sql
    /// ALTER TABLE "Invoice" ALTER COLUMN "id" TYPE bigint;
    /// ```
    ///
    /// ## How to make it reversible
    /// Add a column of the new type, keep both in sync while both code versions
    /// run, then switch and drop the old one (expand/contract).
    pub struct ChangeColumnType {
        code: "RC206",
        name: "change-column-type",
        category: BreaksOldCode,
        summary: "a column's type changes under code that reads the old type",
    }
}

impl Rule for ChangeColumnType {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &StatementContext) -> Vec<Hit> {
        cx.effects
            .iter()
            .filter_map(|e| match e {
                Effect::ColumnTypeChanged { table, column, from, to, .. }
                    if cx.existing.relation(table) && !is_widening_for_readers(from, to) =>
                {
                    let name = plain_column(table, column);
                    Some(
                        Hit::new(vec![name.clone()], format!("changes the type of {name} from {from} to {to}"))
                            .focus(column.clone()),
                    )
                }
                _ => None,
            })
            .collect()
    }
}
