use super::{also_dropped, plain};
use crate::analysis::lint::{Effect, Hit, Rule, RuleMeta, StatementContext};

crate::declare_rule! {
    /// ## What it detects
    /// A table that existed before the migration and is gone after the statement:
    /// `DROP TABLE`, and every table a `CASCADE` took with it (`DROP TABLE parent CASCADE`
    /// drops its inheritance children, `DROP TYPE ... CASCADE` the tables typed `OF` it).
    /// Everything else the statement dropped is listed with the finding. The tables of a
    /// dropped schema are [`drop-schema`](drop-schema.md)'s finding, and a table created
    /// in the same migration (a scratch table) held no rows from before it: neither is
    /// reported here.
    ///
    /// ## Why it matters for rollback
    /// The rows are gone. Re-creating the table in a down migration gives back an
    /// empty table: only a backup taken before the drop has the data.
    ///
    /// ## Example
    /// ```sql
    /// DROP TABLE "Contact";
    /// ```
    ///
    /// ## How to make it reversible
    /// Stop writing to the table first and keep it for a release (rename it to
    /// `_Contact_retired` instead of dropping it); or copy it into an archive
    /// schema (`CREATE TABLE archive."Contact" AS TABLE "Contact"`) and drop only
    /// after the next release no longer needs a rollback.
    pub struct DropTable {
        code: "RC101",
        name: "drop-table",
        category: DataLoss,
        summary: "a table and its rows are dropped",
    }
}

impl Rule for DropTable {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &StatementContext) -> Vec<Hit> {
        let dropped_schemas: Vec<&str> = cx
            .effects
            .iter()
            .filter_map(|e| match e {
                Effect::SchemaDropped { schema } => Some(schema.as_str()),
                _ => None,
            })
            .collect();
        cx.effects
            .iter()
            .filter_map(|e| match e {
                Effect::TableDropped { table }
                    if !dropped_schemas.contains(&table.schema.as_str()) && cx.existing.relation(table) =>
                {
                    let name = plain(table);
                    let mut hit = Hit::new(vec![name.clone()], format!("drops table {name} and all its rows"))
                        .focus(table.name.clone());
                    hit.detail = also_dropped(cx.effects);
                    Some(hit)
                }
                _ => None,
            })
            .collect()
    }
}
