use super::plain_column;
use crate::analysis::lint::{Effect, Hit, Rule, RuleMeta, StatementContext};

crate::declare_rule! {
    /// ## What it detects
    /// A NOT NULL column of a table that existed before the migration left without a
    /// default or identity: `ALTER COLUMN ... DROP DEFAULT`, `DROP IDENTITY`, or the
    /// `DROP SEQUENCE ... CASCADE` of the sequence its default called.
    ///
    /// ## Why it matters for rollback
    /// The running application may rely on the default and leave the column out
    /// of its inserts; with the default gone and NOT NULL in force, those inserts fail.
    ///
    /// ## Example
    /// ```sql
    /// ALTER TABLE "Party" ALTER COLUMN "updatedAt" DROP DEFAULT;
    /// ```
    ///
    /// ## How to make it reversible
    /// Drop the default only once no deployed version omits the column; the down
    /// script sets it back (`SET DEFAULT ...`), which restores behaviour fully.
    pub struct DropDefault {
        code: "RC207",
        name: "drop-default",
        category: BreaksOldCode,
        summary: "a NOT NULL column loses its default: inserts that omit it fail",
    }
}

impl Rule for DropDefault {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &StatementContext) -> Vec<Hit> {
        cx.effects
            .iter()
            .filter_map(|e| match e {
                Effect::DefaultDropped { table, column } if cx.existing.relation(table) => {
                    let name = plain_column(table, column);
                    Some(
                        Hit::new(
                            vec![name.clone()],
                            format!("drops the default of NOT NULL column {name}: inserts that omit it fail"),
                        )
                        .focus(column.clone()),
                    )
                }
                _ => None,
            })
            .collect()
    }
}
