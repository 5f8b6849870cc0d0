use super::plain_column;
use crate::analysis::lint::{Effect, Hit, Rule, RuleMeta, StatementContext};
use crate::catalog::{QualifiedName, TypeKind, TypeName};

crate::declare_rule! {
    /// ## What it detects
    /// A column moved from one enum type to another that lacks some of the old
    /// labels: how enum values are removed, since PostgreSQL cannot drop a label
    /// (`ALTER TYPE "Role" RENAME TO "Role_old"; CREATE TYPE "Role" AS ENUM (...);
    /// ALTER TABLE ... TYPE "Role" USING ...::text::"Role"; DROP TYPE "Role_old"`,
    /// what Prisma generates).
    ///
    /// ## Why it matters for rollback
    /// Rows holding a removed label either make the migration fail or were
    /// rewritten before it; either way the old values cannot come back by
    /// re-creating the old type.
    ///
    /// ## Example
    /// ```sql
    /// ALTER TYPE "PartyType" RENAME TO "PartyType_old";
    /// CREATE TYPE "PartyType" AS ENUM ('CONTACT', 'ORGANIZATION');
    /// ALTER TABLE "Party" ALTER COLUMN "kind" TYPE "PartyType" USING ("kind"::text::"PartyType");
    /// ```
    ///
    /// ## How to make it reversible
    /// Keep the label and stop writing it (enforce with a CHECK constraint added
    /// `NOT VALID`), and remove it only when no release you may roll back to uses it.
    pub struct EnumValuesRemoved {
        code: "RC110",
        name: "enum-values-removed",
        category: DataLoss,
        summary: "a column moves to an enum that lacks some of the old labels",
    }
}

/// The labels of enum `from` missing from enum `to`, when both are enums and some are.
pub(super) fn removed_labels(cx: &StatementContext, from: &TypeName, to: &TypeName) -> Option<Vec<String>> {
    let labels = |ty: &TypeName| {
        let name = QualifiedName::new(ty.schema.as_deref()?, &ty.name);
        let found = cx.before.types.get(&name).or_else(|| cx.after.types.get(&name))?;
        match &found.kind {
            TypeKind::Enum { values } => Some(values.clone()),
            _ => None,
        }
    };
    let (old, new) = (labels(from)?, labels(to)?);
    let missing: Vec<String> = old.into_iter().filter(|l| !new.contains(l)).collect();
    (!missing.is_empty()).then_some(missing)
}

impl Rule for EnumValuesRemoved {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &StatementContext) -> Vec<Hit> {
        cx.effects
            .iter()
            .filter_map(|e| match e {
                Effect::ColumnTypeChanged { table, column, from, to, .. } => {
                    let missing = removed_labels(cx, from, to)?;
                    let name = plain_column(table, column);
                    Some(
                        Hit::new(
                            vec![name.clone()],
                            format!(
                                "changes {name} from {from} to {to}, which lacks the labels {}",
                                missing.join(", ")
                            ),
                        )
                        .focus(column.clone()),
                    )
                }
                _ => None,
            })
            .collect()
    }
}
