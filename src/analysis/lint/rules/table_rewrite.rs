use super::plain_column;
use crate::analysis::lint::cast::{conversion, Conversion};
use crate::analysis::lint::{Effect, Hit, Rule, RuleMeta, StatementContext};

crate::declare_rule! {
    /// ## What it detects
    /// `ALTER COLUMN ... TYPE` that makes PostgreSQL rewrite the whole table (every
    /// change except the binary-compatible ones: longer `varchar`, `varchar` → `text`,
    /// more `numeric` precision at the same scale, `cidr` → `inet`), on a table that
    /// existed before the migration.
    ///
    /// ## Why it matters for rollback
    /// The rewrite holds an `ACCESS EXCLUSIVE` lock for as long as it takes to copy
    /// the table and rebuild its indexes; the way back is a second rewrite. Advisory.
    ///
    /// ## Example
    /// ```sql
    /// ALTER TABLE "Animal" ALTER COLUMN "id" TYPE bigint;
    /// ```
    ///
    /// ## How to make it reversible
    /// Add a new column, backfill it in batches, and swap (expand/contract); plan
    /// the rewrite in a maintenance window if it must happen.
    pub struct TableRewrite {
        code: "RC301",
        name: "table-rewrite",
        category: LockRisk,
        summary: "a type change rewrites the table under an exclusive lock",
    }
}

impl Rule for TableRewrite {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &StatementContext) -> Vec<Hit> {
        cx.effects
            .iter()
            .filter_map(|e| match e {
                Effect::ColumnTypeChanged { table, column, from, to, using } if cx.existing.relation(table) => {
                    let rewrites = using.is_some()
                        || matches!(
                            conversion(from, to, None, cx.before),
                            Conversion::Lossless { rewrite: true } | Conversion::Lossy { .. }
                        );
                    rewrites.then(|| {
                        let name = plain_column(table, column);
                        Hit::new(
                            vec![name.clone()],
                            format!(
                                "changing {name} from {from} to {to} rewrites the table under an ACCESS EXCLUSIVE lock"
                            ),
                        )
                        .focus(column.clone())
                    })
                }
                _ => None,
            })
            .collect()
    }
}
