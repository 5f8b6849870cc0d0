use super::plain;
use crate::analysis::lint::{Effect, Hit, Rule, RuleMeta, StatementContext};

crate::declare_rule! {
    /// ## What it detects
    /// A view, function or procedure that is gone after the statement (dropped
    /// directly or by a `CASCADE`), when it existed before the migration (one the
    /// migration created and drops again was never used).
    ///
    /// ## Why it matters for rollback
    /// Views and functions hold no data, so nothing is lost, but the application
    /// version still running may query the view or call the function and now fails.
    ///
    /// ## Example
    /// ```sql
    /// DROP VIEW "ContactDirectory";
    /// ```
    ///
    /// ## How to make it reversible
    /// Keep the definition in the down script (`pg_get_viewdef` / `pg_get_functiondef`
    /// output), and drop only after no deployed version uses it.
    pub struct DropViewOrFunction {
        code: "RC208",
        name: "drop-view-or-function",
        category: BreaksOldCode,
        summary: "a view or function the running code may use is dropped",
    }
}

impl Rule for DropViewOrFunction {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &StatementContext) -> Vec<Hit> {
        cx.effects
            .iter()
            .filter_map(|e| match e {
                Effect::ViewDropped { view } if cx.existing.relation(view) => Some(
                    Hit::new(vec![plain(view)], format!("drops view {}: queries that use it fail", plain(view)))
                        .focus(view.name.clone()),
                ),
                Effect::FunctionDropped { function, procedure } if cx.existing.function(function) => {
                    let kind = if *procedure { "procedure" } else { "function" };
                    let name = plain(&function.name);
                    Some(
                        Hit::new(
                            vec![name.clone()],
                            format!("drops {kind} {name}({}): calls to it fail", function.args.join(", ")),
                        )
                        .focus(function.name.name.clone()),
                    )
                }
                _ => None,
            })
            .collect()
    }
}
