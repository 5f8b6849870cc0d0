use super::plain;
use crate::analysis::lint::{Effect, Hit, Rule, RuleMeta, StatementContext};

crate::declare_rule! {
    /// ## What it detects
    /// `ALTER TYPE ... RENAME VALUE` of an enum that existed before the migration.
    ///
    /// ## Why it matters for rollback
    /// Stored values follow the rename, but the running application still writes
    /// and compares the old label: its writes fail and its filters match nothing.
    ///
    /// ## Example
    /// ```sql
    /// ALTER TYPE "PartyType" RENAME VALUE 'COMPANY' TO 'ORGANIZATION';
    /// ```
    ///
    /// ## How to make it reversible
    /// Add the new label (`ADD VALUE`), move rows and code to it, and retire the old
    /// label later; a `RENAME VALUE` back undoes the rename itself.
    pub struct RenameEnumValue {
        code: "RC209",
        name: "rename-enum-value",
        category: BreaksOldCode,
        summary: "an enum label is renamed: code using the old label fails",
    }
}

impl Rule for RenameEnumValue {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &StatementContext) -> Vec<Hit> {
        cx.effects
            .iter()
            .filter_map(|e| match e {
                Effect::EnumValueRenamed { ty, from, to } if cx.existing.ty(ty) => Some(
                    Hit::new(
                        vec![plain(ty)],
                        format!("renames label '{from}' of {} to '{to}': code that uses '{from}' fails", plain(ty)),
                    )
                    .focus(from.clone()),
                ),
                _ => None,
            })
            .collect()
    }
}
