use super::{plain, plain_column};
use crate::analysis::lint::{Effect, Hit, MigrationContext, Rule, RuleMeta};

crate::declare_rule! {
    /// ## What it detects
    /// A down script that puts back the shape of what the migration dropped
    /// (re-creates the dropped tables or columns) and so looks like a rollback, while
    /// the data those objects held is gone.
    ///
    /// ## Why it matters for rollback
    /// This is the trap of "ALTER TABLE ADD COLUMN to restore legacy fields": the
    /// down migration runs cleanly, the old application starts, and every restored
    /// column is NULL. The rollback that was promised is a backup restore.
    ///
    /// ## Example
    /// ```sql
    /// -- migration.sql
    /// ALTER TABLE "Contact" DROP COLUMN "email";
    /// -- down.sql
    /// ALTER TABLE "Contact" ADD COLUMN "email" TEXT;
    /// ```
    ///
    /// ## How to make it reversible
    /// Copy the data aside in the up migration (an archive table) and copy it back in
    /// the down script; or do not drop in the same release that may be rolled back.
    pub struct DownDoesNotRestoreData {
        code: "RC113",
        name: "down-does-not-restore-data",
        category: DataLoss,
        summary: "the down script re-creates dropped tables or columns, but not their data",
    }
}

impl Rule for DownDoesNotRestoreData {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_migration(&self, cx: &MigrationContext) -> Vec<Hit> {
        let Some(down) = cx.down else { return Vec::new() };
        let still_missing: Vec<&str> = down.diff.removed.iter().map(|k| k.name.as_str()).collect();
        let restored: Vec<String> = cx
            .statements
            .iter()
            .flat_map(|s| &s.effects)
            .filter_map(|e| match e {
                Effect::TableDropped { table } => Some(plain(table)),
                Effect::ColumnDropped { table, column, .. } => Some(plain_column(table, column)),
                Effect::MaterializedViewDropped { view } => Some(plain(view)),
                _ => None,
            })
            .filter(|name| !still_missing.contains(&name.as_str()))
            .collect();
        if restored.is_empty() {
            return Vec::new();
        }
        let message = format!(
            "{} re-creates {} dropped by this migration, but not the data: after rolling back, they are empty",
            down.script.display(),
            restored.join(", ")
        );
        let mut hit = Hit::new(restored, message);
        hit.at = Some(crate::diagnostic::Location::new(down.script.display().to_string().into(), down.line, 1, 0));
        vec![hit]
    }
}
