use super::{also_dropped, plain};
use crate::analysis::lint::{Effect, Hit, Rule, RuleMeta, StatementContext};

crate::declare_rule! {
    /// ## What it detects
    /// `DROP SCHEMA` of a schema that holds tables: the schema and, with `CASCADE`, every
    /// table, view, type and function in it. The tables dropped are the finding's
    /// objects (they have no [`drop-table`](drop-table.md) finding of their own). A
    /// schema without tables holds no rows, and is not reported: the views, functions,
    /// sequences and materialized views it held have their own rules.
    ///
    /// ## Why it matters for rollback
    /// Every row of every table in the schema is gone; re-creating the schema gives
    /// back empty tables at best.
    ///
    /// ## Example
    /// ```sql
    /// DROP SCHEMA legacy CASCADE;
    /// ```
    ///
    /// ## How to make it reversible
    /// Rename the schema (`ALTER SCHEMA legacy RENAME TO legacy_retired`) and drop it
    /// a release later, or dump it first (`pg_dump -n legacy`) and keep the dump with
    /// the release.
    pub struct DropSchema {
        code: "RC103",
        name: "drop-schema",
        category: DataLoss,
        summary: "a schema and everything in it are dropped",
    }
}

impl Rule for DropSchema {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &StatementContext) -> Vec<Hit> {
        cx.effects
            .iter()
            .filter_map(|e| match e {
                Effect::SchemaDropped { schema } => {
                    let tables: Vec<String> = cx
                        .effects
                        .iter()
                        .filter_map(|e| match e {
                            Effect::TableDropped { table } if &table.schema == schema => Some(plain(table)),
                            _ => None,
                        })
                        .collect();
                    if tables.is_empty() {
                        return None;
                    }
                    let message = format!("drops schema {schema} with {} table(s) and their rows", tables.len());
                    let mut hit = Hit::new(tables, message).focus(schema.clone());
                    hit.detail = also_dropped(cx.effects);
                    Some(hit)
                }
                _ => None,
            })
            .collect()
    }
}
