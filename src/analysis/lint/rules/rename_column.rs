use super::plain_column;
use crate::analysis::lint::{Effect, Hit, Rule, RuleMeta, StatementContext};

crate::declare_rule! {
    /// ## What it detects
    /// `ALTER TABLE ... RENAME COLUMN` (and `ALTER TYPE ... RENAME ATTRIBUTE ... CASCADE`,
    /// which renames the columns of typed tables) on a table that existed before the
    /// migration: no running code uses a table created in the same one.
    ///
    /// ## Why it matters for rollback
    /// No data is lost (renaming back restores everything), but the application
    /// version still deployed reads and writes the old name and fails from the
    /// moment the rename commits: the seed's `Party.type` → `Party.kind`. A
    /// rollback of the code alone does not help; the schema must be renamed back too.
    ///
    /// ## Example
    /// ```sql
    /// ALTER TABLE "Party" RENAME COLUMN "type" TO "kind";
    /// ```
    ///
    /// ## How to make it reversible
    /// Expand/contract: add the new column, write both (trigger or application),
    /// backfill, move readers, then drop the old column in a later release. Or ship
    /// code that reads either name before renaming.
    pub struct RenameColumn {
        code: "RC201",
        name: "rename-column",
        category: BreaksOldCode,
        summary: "a column is renamed: code using the old name fails",
    }
}

impl Rule for RenameColumn {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &StatementContext) -> Vec<Hit> {
        cx.effects
            .iter()
            .filter_map(|e| match e {
                Effect::ColumnRenamed { table, from, to } if cx.existing.relation(table) => {
                    let (old, new) = (plain_column(table, from), plain_column(table, to));
                    Some(
                        Hit::new(
                            vec![old.clone(), new.clone()],
                            format!("renames {old} to {new}: code that uses \"{from}\" fails"),
                        )
                        .focus(from.clone()),
                    )
                }
                _ => None,
            })
            .collect()
    }
}
