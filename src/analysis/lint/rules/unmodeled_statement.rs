use crate::analysis::lint::{Effect, Hit, Rule, RuleMeta, StatementContext};

crate::declare_rule! {
    /// ## What it detects
    /// A statement that may change the schema but that rollcheck's model does not
    /// represent: a `DO` block, `CALL`, `ALTER EXTENSION`, an `ALTER TABLE` form the
    /// model does not know. Statements that cannot change the schema (`GRANT`,
    /// `INSERT`, `ALTER ... OWNER TO`) are not reported.
    ///
    /// ## Why it matters for rollback
    /// rollcheck cannot tell what such a statement destroys, so it does not call the
    /// migration safe: it reports the statement as unknown for a human to judge.
    ///
    /// ## Example
    /// ```sql
    /// DO $$ BEGIN EXECUTE 'DROP TABLE ' || quote_ident('Contact'); END $$;
    /// ```
    ///
    /// ## How to make it reversible
    /// Write the change as plain DDL, or review it and add
    /// `-- rollcheck:allow unmodeled-statement <why it is safe>` above it.
    pub struct UnmodeledStatement {
        code: "RC401",
        name: "unmodeled-statement",
        category: Unknown,
        summary: "a statement whose effect on the schema rollcheck cannot tell",
    }
}

impl Rule for UnmodeledStatement {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &StatementContext) -> Vec<Hit> {
        cx.effects
            .iter()
            .filter_map(|e| match e {
                Effect::Unknown { what } => Some(Hit::new(
                    Vec::new(),
                    format!("{what}: rollcheck does not model its effect; review it by hand"),
                )),
                _ => None,
            })
            .collect()
    }
}
