use super::{plain, plain_column};
use crate::analysis::lint::{Effect, Hit, Rule, RuleMeta, StatementContext};
use crate::catalog::{Catalog, ConstraintKind, KeyExpr, QualifiedName};

crate::declare_rule! {
    /// ## What it detects
    /// A new CHECK, UNIQUE, PRIMARY KEY, EXCLUDE or FOREIGN KEY constraint on a
    /// table that existed before the migration, and a new unique index there
    /// (`CREATE UNIQUE INDEX`, what Prisma writes for `@unique`), which rejects
    /// duplicates the same way. A UNIQUE or PRIMARY KEY constraint over columns a unique
    /// index already covered (`ADD CONSTRAINT ... UNIQUE USING INDEX`) rejects nothing new
    /// and is not reported.
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
                Effect::ConstraintAdded { table, name, kind, .. }
                    if cx.existing.relation(table) && !already_unique(cx.before, table, kind) =>
                {
                    let what = match kind {
                        ConstraintKind::PrimaryKey { .. } => "primary key",
                        ConstraintKind::Unique { .. } => "unique constraint",
                        ConstraintKind::Check { .. } => "check constraint",
                        ConstraintKind::ForeignKey { .. } => "foreign key",
                        ConstraintKind::Exclude { .. } => "exclusion constraint",
                    };
                    Some(hit(table, &kind.columns(), what, name))
                }
                Effect::IndexCreated { table, index, unique: true, columns, .. } if cx.existing.relation(table) => {
                    Some(hit(table, columns, "unique index", index))
                }
                _ => None,
            })
            .collect()
    }
}

fn hit(table: &QualifiedName, columns: &[String], what: &str, name: &str) -> Hit {
    let mut objects: Vec<String> = columns.iter().map(|c| plain_column(table, c)).collect();
    objects.dedup();
    if objects.is_empty() {
        objects.push(plain(table));
    }
    let named = if name.is_empty() { String::new() } else { format!(" {name}") };
    let message = format!("adds {what}{named} on {}: writes the running code makes may now fail", plain(table));
    let hit = Hit::new(objects, message);
    if name.is_empty() {
        hit
    } else {
        hit.focus(name)
    }
}

/// Whether a unique index of `before` (without a predicate) already made the columns
/// of a new UNIQUE or PRIMARY KEY constraint unique.
fn already_unique(before: &Catalog, table: &QualifiedName, kind: &ConstraintKind) -> bool {
    let columns = match kind {
        ConstraintKind::PrimaryKey { columns, .. } | ConstraintKind::Unique { columns, .. } => columns,
        _ => return false,
    };
    let mut wanted: Vec<&String> = columns.iter().collect();
    wanted.sort();
    before.indexes.values().any(|index| {
        let keys: Option<Vec<&String>> = index
            .keys
            .iter()
            .map(|k| match &k.key {
                KeyExpr::Column(c) => Some(c),
                KeyExpr::Expression(_) => None,
            })
            .collect();
        let Some(mut keys) = keys else { return false };
        keys.sort();
        &index.table == table && index.unique && index.predicate.is_none() && keys == wanted
    })
}
