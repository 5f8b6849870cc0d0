use super::{also_dropped, plain_column};
use crate::analysis::lint::{Effect, Hit, Rule, RuleMeta, StatementContext};

crate::declare_rule! {
    /// ## What it detects
    /// A column that is gone after the statement: `ALTER TABLE ... DROP COLUMN`, the
    /// columns a `DROP TYPE ... CASCADE` or `DROP DOMAIN ... CASCADE` removes, the columns
    /// of typed tables an `ALTER TYPE ... DROP ATTRIBUTE ... CASCADE` removes, and a column
    /// dropped and added again under the same name (`DROP COLUMN "x", ADD COLUMN "x" ...`,
    /// what Prisma writes for a type change it cannot cast: the new column is empty).
    /// The columns of a dropped table are that table's finding; a column of a table
    /// created in the same migration held nothing from before it and is not reported.
    ///
    /// ## Why it matters for rollback
    /// The values are gone. `ALTER TABLE ... ADD COLUMN` in a down migration
    /// restores the column's shape, not its values: every row comes back NULL (or
    /// with the default). This is the trap of phase 4 of an expand/contract
    /// migration: after the drop, "roll back" means "restore a backup".
    ///
    /// ## Example
    /// ```sql
    /// ALTER TABLE "WaitlistEntry" DROP COLUMN "contactId";
    /// ```
    ///
    /// ## How to make it reversible
    /// Copy the column out before dropping it
    /// (`CREATE TABLE archive.waitlist_contact AS SELECT id, "contactId" FROM "WaitlistEntry"`),
    /// or keep the column (unused, nullable) for one release after the code stops
    /// reading it and drop it only when no rollback to that release is planned.
    pub struct DropColumn {
        code: "RC102",
        name: "drop-column",
        category: DataLoss,
        summary: "a column and its values are dropped",
    }
}

impl Rule for DropColumn {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &StatementContext) -> Vec<Hit> {
        let dropped_tables: Vec<_> = cx
            .effects
            .iter()
            .filter_map(|e| match e {
                Effect::TableDropped { table } => Some(table),
                _ => None,
            })
            .collect();
        cx.effects
            .iter()
            .filter_map(|e| match e {
                Effect::ColumnDropped { table, column, ty }
                    if !dropped_tables.contains(&table) && cx.existing.relation(table) =>
                {
                    let name = plain_column(table, column);
                    let mut hit = Hit::new(vec![name.clone()], format!("drops column {name} ({ty}) and its values"))
                        .focus(column);
                    hit.detail = also_dropped(cx.effects);
                    Some(hit)
                }
                _ => None,
            })
            .collect()
    }
}
