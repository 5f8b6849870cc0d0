use crate::analysis::lint::{Hit, MigrationContext, Rule, RuleMeta};

crate::declare_rule! {
    /// ## What it detects
    /// A down script that, replayed after its migration, does not give back the
    /// schema the migration started from. The finding carries the difference.
    ///
    /// ## Why it matters for rollback
    /// A rollback that leaves the schema different from what the previous
    /// application version was built and tested against is a new, untested state:
    /// a missing index is slow, a missing constraint lets bad data in, a leftover
    /// NOT NULL column breaks inserts.
    ///
    /// ## Example
    /// ```sql
    /// -- migration.sql
    /// CREATE INDEX "Party_email_idx" ON "Party"("email");
    /// ALTER TABLE "Party" ADD COLUMN "nickname" TEXT;
    /// -- down.sql
    /// DROP INDEX "Party_email_idx";
    /// ```
    ///
    /// ## How to make it reversible
    /// Generate the down script from the schema diff (`prisma migrate diff --from-migrations ... --to-schema-datamodel ... --script`)
    /// and check it with `rollcheck lint`: the reported difference is what is missing.
    pub struct DownDoesNotRestoreSchema {
        code: "RC210",
        name: "down-does-not-restore-schema",
        category: BreaksOldCode,
        summary: "the down script does not give back the schema the migration started from",
    }
}

impl Rule for DownDoesNotRestoreSchema {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_migration(&self, cx: &MigrationContext) -> Vec<Hit> {
        let Some(down) = cx.down else { return Vec::new() };
        if down.diff.is_empty() {
            return Vec::new();
        }
        let d = &down.diff;
        let objects: Vec<String> = d
            .removed
            .iter()
            .chain(&d.added)
            .map(|k| k.name.clone())
            .chain(d.changed.iter().map(|c| c.object.name.clone()))
            .collect();
        let message = format!(
            "{} does not restore the schema: {} missing, {} left over, {} different",
            down.script.display(),
            d.removed.len(),
            d.added.len(),
            d.changed.len()
        );
        let mut hit = Hit::new(objects, message);
        hit.detail = Some(format!("before the migration → after up and down:\n{}", d.to_string().trim_end()));
        hit.at = Some(crate::diagnostic::Location::new(down.script.display().to_string().into(), down.line, 1, 0));
        vec![hit]
    }
}
