use super::{plain, plain_column};
use crate::analysis::lint::{Effect, Hit, Rule, RuleMeta, StatementContext};

crate::declare_rule! {
    /// ## What it detects
    /// `ALTER TYPE ... DROP ATTRIBUTE` on a composite type that table columns hold: as
    /// their type, as an array of it, or inside another composite type or a domain. An
    /// attribute of a type no column holds has no data and is not reported; the columns
    /// of typed tables (`CREATE TABLE ... OF type`) an attribute drop removes are
    /// [`drop-column`](drop-column.md)'s finding.
    ///
    /// ## Why it matters for rollback
    /// The attribute's value is removed from every stored value of every column of
    /// that type; adding the attribute back restores NULLs.
    ///
    /// ## Example
    /// ```sql
    /// CREATE TYPE address AS (street text, city text, zip text);
    /// CREATE TABLE customer (id int, home address);
    /// ALTER TYPE address DROP ATTRIBUTE zip;
    /// ```
    ///
    /// ## How to make it reversible
    /// Copy the attribute out first
    /// (`CREATE TABLE archive.customer_zip AS SELECT id, (home).zip FROM customer`),
    /// or leave the attribute in place until no release reads it.
    pub struct DropCompositeAttribute {
        code: "RC105",
        name: "drop-composite-attribute",
        category: DataLoss,
        summary: "an attribute of a composite type that columns use is dropped",
    }
}

impl Rule for DropCompositeAttribute {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &StatementContext) -> Vec<Hit> {
        cx.effects
            .iter()
            .filter_map(|e| match e {
                Effect::AttributeDropped { ty, attribute, used_by } if !used_by.is_empty() => {
                    let columns: Vec<String> = used_by.iter().map(|(t, c)| plain_column(t, c)).collect();
                    let message = format!(
                        "drops attribute {attribute} of {}, removing it from the values of {}",
                        plain(ty),
                        columns.join(", ")
                    );
                    Some(Hit::new(columns, message).focus(attribute.clone()))
                }
                _ => None,
            })
            .collect()
    }
}
