use super::plain;
use crate::analysis::lint::{Effect, Hit, Rule, RuleMeta, StatementContext};

crate::declare_rule! {
    /// ## What it detects
    /// A table, view or sequence renamed or moved to another schema
    /// (`ALTER TABLE ... RENAME TO`, `ALTER ... SET SCHEMA`, `ALTER SCHEMA ... RENAME`).
    /// A table created in the same migration is not reported: no running code uses it.
    ///
    /// ## Why it matters for rollback
    /// No data is lost, but every query of the running application version that
    /// names the old relation fails until the rename is undone.
    ///
    /// ## Example
    /// ```sql
    /// ALTER TABLE "Contact" RENAME TO "Person";
    /// ```
    ///
    /// ## How to make it reversible
    /// Rename, then leave a view under the old name (`CREATE VIEW "Contact" AS SELECT * FROM "Person"`;
    /// simple views are updatable) until no deployed version uses it.
    pub struct RenameTable {
        code: "RC202",
        name: "rename-table",
        category: BreaksOldCode,
        summary: "a table, view or sequence is renamed or moved: code using the old name fails",
    }
}

impl Rule for RenameTable {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &StatementContext) -> Vec<Hit> {
        cx.effects
            .iter()
            .filter_map(|e| match e {
                // No running code uses a table created in the same migration.
                Effect::RelationRenamed { kind, from, .. } if *kind == "table" && !cx.existing.relation(from) => None,
                Effect::RelationRenamed { kind, from, to } => Some(
                    Hit::new(
                        vec![plain(from), plain(to)],
                        format!("renames {kind} {} to {}: code that uses the old name fails", plain(from), plain(to)),
                    )
                    .focus(from.name.clone()),
                ),
                _ => None,
            })
            .collect()
    }
}
