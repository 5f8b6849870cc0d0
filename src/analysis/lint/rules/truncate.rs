use super::plain;
use crate::analysis::lint::{Effect, Hit, Rule, RuleMeta, StatementContext};

crate::declare_rule! {
    /// ## What it detects
    /// `TRUNCATE` of a table that existed before the migration: each table listed and,
    /// with `CASCADE`, every table that references them through foreign keys, directly
    /// or through other tables, since those are emptied too. A table created in the same
    /// migration held no rows from before it.
    ///
    /// ## Why it matters for rollback
    /// Every row is gone, and `TRUNCATE` is not even visible to row-level triggers
    /// or logical audit tables. Only a backup brings the rows back.
    ///
    /// ## Example
    /// ```sql
    /// TRUNCATE "WaitlistEntry";
    /// ```
    ///
    /// ## How to make it reversible
    /// Copy the rows first (`CREATE TABLE archive."WaitlistEntry" AS TABLE "WaitlistEntry"`)
    /// or keep data clean-ups out of schema migrations: run them as a separate,
    /// reviewed job once the release is settled.
    pub struct Truncate {
        code: "RC106",
        name: "truncate",
        category: DataLoss,
        summary: "a table's rows are all deleted by TRUNCATE",
    }
}

impl Rule for Truncate {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &StatementContext) -> Vec<Hit> {
        cx.effects
            .iter()
            .filter_map(|e| match e {
                Effect::Truncated { table, through: None, .. } if cx.existing.relation(table) => Some(
                    Hit::new(vec![plain(table)], format!("deletes every row of {}", plain(table)))
                        .focus(table.name.clone()),
                ),
                Effect::Truncated { table, through: Some(named), .. } if cx.existing.relation(table) => Some(
                    Hit::new(
                        vec![plain(table)],
                        format!(
                            "deletes every row of {}: it references {}, and CASCADE empties it too",
                            plain(table),
                            plain(named)
                        ),
                    )
                    .focus("CASCADE"),
                ),
                _ => None,
            })
            .collect()
    }
}
