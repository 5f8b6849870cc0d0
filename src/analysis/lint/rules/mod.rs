//! The rules, one per file. Each declares its code, name and category with
//! [`declare_rule!`](crate::declare_rule) under a doc comment that is its
//! documentation (`rollcheck rules CODE`, `docs/rules/`), and has fixtures in
//! `tests/fixtures/rules/<name>/` that show it firing and not firing.
//!
//! Codes: `RC1xx` data-loss, `RC2xx` breaks-old-code, `RC3xx` lock-risk,
//! `RC4xx` unknown. A code is never reused.

use super::effect::{plain, plain_column};
use super::{Effect, Rule};

pub mod add_column_not_null;
pub mod add_constraint;
pub mod change_column_type;
pub mod constraint_without_not_valid;
pub mod delete_rows;
pub mod down_does_not_restore_data;
pub mod down_does_not_restore_schema;
pub mod drop_column;
pub mod drop_composite_attribute;
pub mod drop_default;
pub mod drop_materialized_view;
pub mod drop_schema;
pub mod drop_table;
pub mod drop_view_or_function;
pub mod enum_values_removed;
pub mod index_without_concurrently;
pub mod lossy_type_change;
pub mod rename_as_drop_add;
pub mod rename_column;
pub mod rename_enum_value;
pub mod rename_table;
pub mod sequence_reset;
pub mod set_not_null;
pub mod suppression_without_reason;
pub mod table_rewrite;
pub mod truncate;
pub mod unmodeled_statement;
pub mod update_overwrites;

/// Every rule, in code order.
pub static ALL: &[&dyn Rule] = &[
    &drop_table::DropTable,
    &drop_column::DropColumn,
    &drop_schema::DropSchema,
    &drop_materialized_view::DropMaterializedView,
    &drop_composite_attribute::DropCompositeAttribute,
    &truncate::Truncate,
    &delete_rows::DeleteRows,
    &update_overwrites::UpdateOverwrites,
    &lossy_type_change::LossyTypeChange,
    &enum_values_removed::EnumValuesRemoved,
    &sequence_reset::SequenceReset,
    &rename_as_drop_add::RenameAsDropAdd,
    &down_does_not_restore_data::DownDoesNotRestoreData,
    &rename_column::RenameColumn,
    &rename_table::RenameTable,
    &add_column_not_null::AddColumnNotNull,
    &set_not_null::SetNotNull,
    &add_constraint::AddConstraint,
    &change_column_type::ChangeColumnType,
    &drop_default::DropDefault,
    &drop_view_or_function::DropViewOrFunction,
    &rename_enum_value::RenameEnumValue,
    &down_does_not_restore_schema::DownDoesNotRestoreSchema,
    &table_rewrite::TableRewrite,
    &index_without_concurrently::IndexWithoutConcurrently,
    &constraint_without_not_valid::ConstraintWithoutNotValid,
    &unmodeled_statement::UnmodeledStatement,
    &suppression_without_reason::SuppressionWithoutReason,
];

/// What else the statement dropped that has no finding of its own (indexes,
/// constraints, views, sequences, types), for the detail of a drop finding.
fn also_dropped(effects: &[Effect]) -> Option<String> {
    let mut out: Vec<String> = effects
        .iter()
        .filter_map(|e| match e {
            Effect::AlsoDropped { description } => Some(description.clone()),
            Effect::ViewDropped { view } => Some(format!("view {}", plain(view))),
            Effect::SequenceDropped { sequence, .. } => Some(format!("sequence {}", plain(sequence))),
            Effect::FunctionDropped { function, .. } => Some(format!("function {function}")),
            _ => None,
        })
        .collect();
    out.sort();
    out.dedup();
    (!out.is_empty()).then(|| format!("also dropped by this statement: {}", out.join(", ")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn codes_and_names_are_unique_and_well_formed() {
        let mut seen = BTreeSet::new();
        for r in ALL {
            let m = r.meta();
            assert!(seen.insert(m.code), "duplicate code {}", m.code);
            assert!(seen.insert(m.name), "duplicate name {}", m.name);
            assert!(m.code.starts_with("RC") && m.code.len() == 5, "{}", m.code);
            assert!(m.name.chars().all(|c| c.is_ascii_lowercase() || c == '-'), "{}", m.name);
            let first = match m.category {
                super::super::Category::DataLoss => '1',
                super::super::Category::BreaksOldCode => '2',
                super::super::Category::LockRisk => '3',
                super::super::Category::Unknown => '4',
            };
            assert_eq!(m.code.chars().nth(2), Some(first), "{} is in the wrong range for its category", m.code);
            for section in
                ["## What it detects", "## Why it matters for rollback", "## Example", "## How to make it reversible"]
            {
                assert!(m.doc.contains(section), "{} lacks `{section}`", m.name);
            }
        }
    }

    #[test]
    fn rules_are_in_code_order() {
        let codes: Vec<&str> = ALL.iter().map(|r| r.meta().code).collect();
        let mut sorted = codes.clone();
        sorted.sort();
        assert_eq!(codes, sorted);
    }
}
