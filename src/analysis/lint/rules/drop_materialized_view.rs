use super::plain;
use crate::analysis::lint::{Effect, Hit, Rule, RuleMeta, StatementContext};

crate::declare_rule! {
    /// ## What it detects
    /// A materialized view that is gone after the statement (`DROP MATERIALIZED VIEW`,
    /// or a `CASCADE` from what it reads), when it existed before the migration.
    ///
    /// ## Why it matters for rollback
    /// A materialized view holds a snapshot of data. Re-creating it gives the data of
    /// *now*, not the snapshot the application was reading: if the base data changed
    /// or is gone (dropped in the same release), the old contents cannot be rebuilt.
    ///
    /// ## Example
    /// ```sql
    /// DROP MATERIALIZED VIEW monthly_revenue;
    /// ```
    ///
    /// ## How to make it reversible
    /// Keep the materialized view until the code that reads it is gone from every
    /// release you may roll back to, or copy it into a table first
    /// (`CREATE TABLE archive.monthly_revenue AS TABLE monthly_revenue`).
    pub struct DropMaterializedView {
        code: "RC104",
        name: "drop-materialized-view",
        category: DataLoss,
        summary: "a materialized view and its stored rows are dropped",
    }
}

impl Rule for DropMaterializedView {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &StatementContext) -> Vec<Hit> {
        cx.effects
            .iter()
            .filter_map(|e| match e {
                Effect::MaterializedViewDropped { view } if cx.existing.relation(view) => Some(
                    Hit::new(vec![plain(view)], format!("drops materialized view {} and its stored rows", plain(view)))
                        .focus(view.name.clone()),
                ),
                _ => None,
            })
            .collect()
    }
}
