use super::{plain, plain_column};
use crate::analysis::lint::{Effect, Hit, Rule, RuleMeta, StatementContext};
use crate::catalog::ConstraintKind;

crate::declare_rule! {
    /// ## What it detects
    /// A new CHECK, UNIQUE, PRIMARY KEY, EXCLUDE or FOREIGN KEY constraint on a
    /// table that existed before the migration.
    ///
    /// ## Why it matters for rollback
    /// The application version still running was not written for the constraint:
    /// writes it used to make (a duplicate, a dangling reference, a value outside the
    /// new CHECK) now fail. Dropping the constraint undoes it, but only once someone
    /// knows that is what broke.
    ///
    /// ## Example
    /// ```sql
    /// ALTER TABLE "Offspring" ADD CONSTRAINT "Offspring_buyerPartyId_fkey"
    ///   FOREIGN KEY ("buyerPartyId") REFERENCES "Party"("id");
    /// ```
    ///
    /// ## How to make it reversible
    /// Ship code that respects the constraint first; add it `NOT VALID` (CHECK,
    /// FOREIGN KEY) so existing rows are not checked, then `VALIDATE`. Keep the
    /// `DROP CONSTRAINT` ready in the down script.
    pub struct AddConstraint {
        code: "RC205",
        name: "add-constraint",
        category: BreaksOldCode,
        summary: "a new constraint on an existing table rejects writes the running code makes",
    }
}

impl Rule for AddConstraint {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &StatementContext) -> Vec<Hit> {
        cx.effects
            .iter()
            .filter_map(|e| match e {
                Effect::ConstraintAdded { table, name, kind, .. } if (cx.existed_before_migration)(table) => {
                    let what = match kind {
                        ConstraintKind::PrimaryKey { .. } => "primary key",
                        ConstraintKind::Unique { .. } => "unique constraint",
                        ConstraintKind::Check { .. } => "check constraint",
                        ConstraintKind::ForeignKey { .. } => "foreign key",
                        ConstraintKind::Exclude { .. } => "exclusion constraint",
                    };
                    let mut objects: Vec<String> = kind.columns().iter().map(|c| plain_column(table, c)).collect();
                    if objects.is_empty() {
                        objects.push(plain(table));
                    }
                    Some(
                        Hit::new(objects, format!("adds {what} {name} on {}: writes the running code makes may now fail", plain(table)))
                            .focus(name.clone()),
                    )
                }
                _ => None,
            })
            .collect()
    }
}
