use super::plain;
use crate::analysis::lint::{Effect, Hit, Rule, RuleMeta, StatementContext};
use crate::catalog::ConstraintKind;

crate::declare_rule! {
    /// ## What it detects
    /// A FOREIGN KEY or CHECK constraint added to a table that existed before the
    /// migration without `NOT VALID`.
    ///
    /// ## Why it matters for rollback
    /// Adding it checks every existing row while holding a lock that blocks writes
    /// (a foreign key also locks the referenced table). Advisory.
    ///
    /// ## Example
    /// ```sql
    /// ALTER TABLE "AnimalOwner" ADD CONSTRAINT "AnimalOwner_partyId_fkey"
    ///   FOREIGN KEY ("partyId") REFERENCES "Party"("id");
    /// ```
    ///
    /// ## How to make it reversible
    /// Add it `NOT VALID` (only new rows are checked, the lock is brief), then
    /// `ALTER TABLE ... VALIDATE CONSTRAINT` in a later statement, which does not
    /// block writes.
    pub struct ConstraintWithoutNotValid {
        code: "RC303",
        name: "constraint-without-not-valid",
        category: LockRisk,
        summary: "a foreign key or check is added without NOT VALID, checking all rows under lock",
    }
}

impl Rule for ConstraintWithoutNotValid {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &StatementContext) -> Vec<Hit> {
        cx.effects
            .iter()
            .filter_map(|e| match e {
                Effect::ConstraintAdded { table, name, kind, validated: true, .. }
                    if cx.existing.relation(table)
                        && matches!(kind, ConstraintKind::ForeignKey { .. } | ConstraintKind::Check { .. }) =>
                {
                    Some(
                        Hit::new(
                            vec![plain(table)],
                            format!(
                                "adds {name} without NOT VALID: every row of {} is checked under lock",
                                plain(table)
                            ),
                        )
                        .focus(name.clone()),
                    )
                }
                _ => None,
            })
            .collect()
    }
}
