use super::plain;
use crate::analysis::lint::{Effect, Hit, Rule, RuleMeta, StatementContext};

crate::declare_rule! {
    /// ## What it detects
    /// `ALTER SEQUENCE ... RESTART`, and a sequence dropped on its own (`DROP SEQUENCE`;
    /// a sequence that goes with its table or column is part of that finding), when the
    /// sequence existed before the migration.
    ///
    /// ## Why it matters for rollback
    /// A sequence's position is state: after a restart (or a drop and re-create)
    /// new rows get ids that old rows, backups and other systems already use, and
    /// the previous position is not recorded anywhere.
    ///
    /// ## Example
    /// ```sql
    /// ALTER SEQUENCE "Invoice_id_seq" RESTART WITH 1;
    /// ```
    ///
    /// ## How to make it reversible
    /// Record the current value first (`SELECT last_value FROM "Invoice_id_seq"`) and
    /// restore it with `setval` in the down migration; never restart a sequence that
    /// backs a live key.
    pub struct SequenceReset {
        code: "RC111",
        name: "sequence-reset",
        category: DataLoss,
        summary: "a sequence is restarted or dropped, losing its position",
    }
}

impl Rule for SequenceReset {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, cx: &StatementContext) -> Vec<Hit> {
        let owner_gone = |owner: &Option<(crate::catalog::QualifiedName, String)>| {
            owner.as_ref().is_some_and(|(table, column)| {
                cx.effects.iter().any(|e| match e {
                    Effect::TableDropped { table: t } => t == table,
                    Effect::ColumnDropped { table: t, column: c, .. } => t == table && c == column,
                    Effect::SchemaDropped { schema } => &table.schema == schema,
                    _ => false,
                })
            })
        };
        cx.effects
            .iter()
            .filter_map(|e| match e {
                Effect::SequenceRestarted { sequence } if cx.existing.relation(sequence) => Some(
                    Hit::new(
                        vec![plain(sequence)],
                        format!("restarts sequence {}; its position is lost", plain(sequence)),
                    )
                    .focus(sequence.name.clone()),
                ),
                Effect::SequenceDropped { sequence, owner } if !owner_gone(owner) && cx.existing.relation(sequence) => {
                    Some(
                        Hit::new(vec![plain(sequence)], format!("drops sequence {} and its position", plain(sequence)))
                            .focus(sequence.name.clone()),
                    )
                }
                _ => None,
            })
            .collect()
    }
}
