use super::plain_column;
use crate::analysis::lint::{Effect, Hit, MigrationContext, Rule, RuleMeta};

crate::declare_rule! {
    /// ## What it detects
    /// A migration that drops a column and adds another of the same type to the
    /// same table: a rename done as `DROP COLUMN` + `ADD COLUMN`. Prisma writes this
    /// when it cannot tell a rename from a removal, under a warning comment that
    /// says a column will be dropped; rollcheck reads the SQL, not the comment.
    /// When several columns of one type are dropped and added (two renames at once),
    /// each dropped column is reported with every added column it may have become. A
    /// column dropped and added again under its own name is not a rename. Reported in
    /// addition to the [`drop-column`](drop-column.md) data loss; the finding's object is
    /// the dropped column (what is destroyed), its message names the added ones.
    ///
    /// ## Why it matters for rollback
    /// Everyone reading the change believes the data moved to the new name; it did
    /// not: the new column is empty and the old values are gone.
    ///
    /// ## Example
    /// ```sql
    /// ALTER TABLE "Party" DROP COLUMN "type",
    /// ADD COLUMN "kind" "PartyType" NOT NULL;
    /// ```
    ///
    /// ## How to make it reversible
    /// Write the rename: `ALTER TABLE "Party" RENAME COLUMN "type" TO "kind";` (edit the
    /// generated migration), or add the new column, copy the values over
    /// (`UPDATE ... SET "kind" = "type"`) and drop the old one in a later release.
    pub struct RenameAsDropAdd {
        code: "RC112",
        name: "rename-as-drop-add",
        category: DataLoss,
        summary: "a rename done as DROP COLUMN + ADD COLUMN: the values are lost",
    }
}

impl Rule for RenameAsDropAdd {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_migration(&self, cx: &MigrationContext) -> Vec<Hit> {
        let mut dropped = Vec::new();
        let mut added = Vec::new();
        for s in cx.statements {
            for e in &s.effects {
                match e {
                    Effect::ColumnDropped { table, column, ty } => dropped.push((s, table, column, ty)),
                    Effect::ColumnAdded { table, column, ty, .. } => added.push((s, table, column, ty)),
                    _ => {}
                }
            }
        }
        let mut hits = Vec::new();
        for (s, table, column, ty) in &dropped {
            let became: Vec<String> = added
                .iter()
                .filter(|(_, t, new, ty2)| t == table && ty2 == ty && new != column)
                .map(|(_, _, new, _)| plain_column(table, new))
                .collect();
            if became.is_empty() {
                continue;
            }
            let old = plain_column(table, column);
            let message = match became.as_slice() {
                [new] => format!(
                    "{old} is dropped and {new} ({ty}) is added in the same migration: if this is a rename, the values are lost; write RENAME COLUMN"
                ),
                _ => format!(
                    "{old} is dropped and {} ({ty}) are added in the same migration: if it was renamed to one of them, the values are lost; write RENAME COLUMN",
                    became.join(", ")
                ),
            };
            // The finding's object is what is destroyed: the old column. The new one starts
            // empty, nothing of it is lost; the message names it.
            let mut hit = Hit::new(vec![old], message).focus(column.to_string());
            hit.at = Some(s.location.clone());
            hits.push(hit);
        }
        hits
    }
}
