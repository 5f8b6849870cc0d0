use super::plain_column;
use crate::analysis::lint::cast::{conversion, Conversion};
use crate::analysis::lint::{Effect, Hit, Rule, RuleMeta, StatementContext};

crate::declare_rule! {
    /// ## What it detects
    /// `ALTER COLUMN ... TYPE` to a type that cannot hold every old value: narrowing
    /// `varchar`/`char`/`numeric` precision or scale, `text` → `integer`,
    /// `timestamptz` → `date` or `timestamp`, float → integer, `json` → `jsonb`, a
    /// `USING` expression that truncates. Widening (`int` → `bigint`,
    /// `varchar(50)` → `varchar(255)` or `text`) is not reported. The full table is
    /// in `src/analysis/lint/cast.rs` and checked against PostgreSQL by
    /// `tests/oracle_casts.rs`. Changes between enums are
    /// [`enum-values-removed`](enum-values-removed.md).
    ///
    /// ## Why it matters for rollback
    /// The conversion rounds, truncates or normalizes values, or fails on the
    /// values that do not fit. Converting back gives the rounded values, not the
    /// originals.
    ///
    /// ## Example
    /// ```sql
    /// ALTER TABLE "Invoice" ALTER COLUMN "amount" TYPE integer;  -- was numeric(12,2)
    /// ```
    ///
    /// ## How to make it reversible
    /// Add a new column of the new type, backfill it, move readers and writers to
    /// it, and drop the old column only when no rollback needs it (expand/contract).
    pub struct LossyTypeChange {
        code: "RC109",
        name: "lossy-type-change",
        category: DataLoss,
        summary: "a column's type changes to one that cannot hold every old value",
    }
}

impl Rule for LossyTypeChange {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &StatementContext) -> Vec<Hit> {
        cx.effects
            .iter()
            .filter_map(|e| match e {
                Effect::ColumnTypeChanged { table, column, from, to, using } => {
                    if super::enum_values_removed::removed_labels(cx, from, to).is_some() {
                        return None;
                    }
                    match conversion(from, to, using.as_ref(), cx.before) {
                        Conversion::Lossy { reason } => {
                            let name = plain_column(table, column);
                            Some(
                                Hit::new(vec![name.clone()], format!("changes {name} from {from} to {to}: {reason}"))
                                    .focus(column.clone()),
                            )
                        }
                        Conversion::Lossless { .. } => None,
                    }
                }
                _ => None,
            })
            .collect()
    }
}
