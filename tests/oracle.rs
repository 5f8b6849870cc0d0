//! The oracle: replaying migration scripts with rollcheck must give the same schema model as reading the
//! real `pg_dump --schema-only` of a database where PostgreSQL 15 applied the same scripts — after every
//! step of every scenario in `tests/fixtures/oracle/`.
//!
//! For each scenario: a fresh database; for each step i, the steps 1..=i are the files `NNN_name.sql` of a
//! migrations folder, psql applies step i, pg_dump writes the schema, and
//! `compare(load(folder, at step i), load(dump))` must be empty, with no error diagnostics on either
//! side (a `would-fail` error about a step that PostgreSQL accepted is one). A scenario whose name does not
//! contain `noop` must also end with a schema that differs from the replay of its first step, so that a
//! model that sees nothing cannot pass.
//!
//! For each case in `tests/fixtures/oracle/must_fail/`: replaying all its steps must report `would-fail` on
//! the last step's file, and the model must equal the real dump taken before that step (PostgreSQL
//! rejected it and changed nothing). `tests/oracle_scenarios_apply.rs` checks the PostgreSQL side of every
//! fixture on its own, without rollcheck.
//!
//! Set `ROLLCHECK_ORACLE_KEEP=1` to keep the migrations folder and the dumps of a failing scenario.

mod support;

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use rollcheck::analysis::diff::compare;
use rollcheck::catalog::{load, Loaded};
use rollcheck::diagnostic::{DiagnosticKind, Severity};
use support::scenario::{self, Scenario};

/// Loads a source with rollcheck; a failure to read it at all fails the test with `context`.
fn load_source(path: &Path, at: Option<&str>, context: &str) -> Loaded {
    load(path, at).unwrap_or_else(|e| panic!("{context}: rollcheck could not load {}: {e}", path.display()))
}

/// The diagnostics of `loaded` that are errors, one a line.
fn errors(loaded: &Loaded) -> Vec<String> {
    loaded.diagnostics.iter().filter(|d| d.severity == Severity::Error).map(|d| d.to_string()).collect()
}

/// Every diagnostic of `loaded`, for failure messages.
fn all_diagnostics(loaded: &Loaded) -> String {
    if loaded.diagnostics.is_empty() {
        return "    (none)\n".to_string();
    }
    loaded.diagnostics.iter().map(|d| format!("    {d:?}\n")).collect()
}

/// The temporary folders of one scenario run; kept on failure when `ROLLCHECK_ORACLE_KEEP` is set.
struct Workspace {
    migrations: tempfile::TempDir,
    dumps: tempfile::TempDir,
}

impl Workspace {
    fn new() -> Workspace {
        Workspace {
            migrations: tempfile::Builder::new().prefix("rollcheck-oracle-migrations-").tempdir().unwrap(),
            dumps: tempfile::Builder::new().prefix("rollcheck-oracle-dumps-").tempdir().unwrap(),
        }
    }

    /// Panics with `message`, first keeping the folders if asked to.
    fn fail(self, mut message: String) -> ! {
        if std::env::var_os("ROLLCHECK_ORACLE_KEEP").is_some() {
            let migrations = self.migrations.keep();
            let dumps = self.dumps.keep();
            let _ = write!(message, "\nkept: migrations in {}, dumps in {}", migrations.display(), dumps.display());
        } else {
            message.push_str("\n(set ROLLCHECK_ORACLE_KEEP=1 to keep the migrations folder and the dumps)");
        }
        panic!("{message}");
    }

    /// Writes a dump as `<step>.dump.sql` (outside the migrations folder) and returns its path.
    fn write_dump(&self, step: &str, dump: &str) -> PathBuf {
        let path = self.dumps.path().join(format!("{step}.dump.sql"));
        fs::write(&path, dump).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
        path
    }
}

fn run_scenario(name: &str) {
    let Some(pg) = support::server() else { return };
    let s = Scenario::named(name);
    let db = pg.create_database(name);
    let work = Workspace::new();
    let mut first_replay = None;
    let mut last_dump = None;

    for (i, step) in s.steps.iter().enumerate() {
        let file = s.write_step(i, work.migrations.path());
        if let Err(e) = db.apply_file(&file) {
            work.fail(format!(
                "{}: psql failed (the fixture is wrong, see oracle_scenarios_apply):\n{e}",
                s.describe(i)
            ));
        }
        let dump = work.write_dump(&step.name, &db.dump_schema());
        let context = s.describe(i);
        let replay = load_source(work.migrations.path(), Some(&step.name), &context);
        let real = load_source(&dump, None, &context);

        let diff = compare(&replay.catalog, &real.catalog);
        let replay_errors = errors(&replay);
        let dump_errors = errors(&real);
        if !diff.is_empty() || !replay_errors.is_empty() || !dump_errors.is_empty() {
            let mut message = format!("{context}: the replay does not match PostgreSQL\n");
            if !diff.is_empty() {
                let _ = write!(message, "\n--- schema difference, compare(replay, dump):\n{diff}\n");
            }
            if !replay_errors.is_empty() {
                let _ = write!(message, "\n--- the replay has errors:\n    {}\n", replay_errors.join("\n    "));
            }
            if !dump_errors.is_empty() {
                let _ = write!(message, "\n--- reading the dump has errors:\n    {}\n", dump_errors.join("\n    "));
            }
            let _ =
                write!(message, "\n--- the step:\n{}\n--- replay diagnostics:\n{}", step.sql, all_diagnostics(&replay));
            work.fail(message);
        }
        if i == 0 {
            first_replay = Some(replay);
        }
        last_dump = Some(real);
    }

    // Guard against a model that sees nothing: the schema changed after the first step, so the replay of
    // the first step must differ from the last dump.
    if !s.name.contains("noop") {
        let (first, last) = (first_replay.unwrap(), last_dump.unwrap());
        if compare(&first.catalog, &last.catalog).is_empty() {
            work.fail(format!(
                "scenario {}: the replay of the first step ({}) equals the dump after the last step ({}), but the \
                 schema changed in between; the model does not see the change (name the scenario `..._noop` \
                 if it truly changes nothing)",
                s.name,
                s.steps[0].name,
                s.steps.last().unwrap().name
            ));
        }
    }
}

fn run_must_fail(name: &str) {
    let Some(pg) = support::server() else { return };
    let s = Scenario::must_fail_named(name);
    let last = s.steps.len() - 1;
    let db = pg.create_database(&format!("must_fail_{name}"));
    let work = Workspace::new();
    for i in 0..last {
        let file = s.write_step(i, work.migrations.path());
        if let Err(e) = db.apply_file(&file) {
            work.fail(format!(
                "{}: psql failed (the fixture is wrong, see oracle_scenarios_apply):\n{e}",
                s.describe(i)
            ));
        }
    }
    // PostgreSQL rejects the last step and changes nothing, so the dump before it is the expected model.
    let dump = work.write_dump(&s.steps[last - 1].name, &db.dump_schema());
    let last_file = s.write_step(last, work.migrations.path());
    let last_file_name = last_file.file_name().unwrap().to_owned();
    let context = s.describe(last);
    let replay = load_source(work.migrations.path(), None, &context);
    let real = load_source(&dump, None, &context);

    let on_last_step = replay.diagnostics.iter().any(|d| {
        d.kind == DiagnosticKind::WouldFail
            && Path::new(&*d.location.file).file_name() == Some(last_file_name.as_os_str())
    });
    let diff = compare(&replay.catalog, &real.catalog);
    if !on_last_step || !diff.is_empty() {
        let mut message =
            format!("{context}: PostgreSQL rejects this step ({:?})\n", s.expect_error.as_deref().unwrap_or("?"));
        if !on_last_step {
            let _ = write!(message, "\n--- but the replay reports no would-fail diagnostic on {last_file_name:?}\n");
        }
        if !diff.is_empty() {
            let _ = write!(
                message,
                "\n--- and the model after it differs from the dump taken before it, compare(replay, dump):\n{diff}\n"
            );
        }
        let _ = write!(
            message,
            "\n--- the step:\n{}\n--- replay diagnostics:\n{}",
            s.steps[last].sql,
            all_diagnostics(&replay)
        );
        work.fail(message);
    }
}

/// One test per scenario, named after its file, and the list of them. A name may carry attributes, e.g.
/// `#[ignore = "not modeled yet: ..."] some_scenario,` for a known gap that should not block a landing.
macro_rules! oracle_scenarios {
    ($($(#[$attr:meta])* $name:ident),* $(,)?) => {
        $(
            #[test]
            $(#[$attr])*
            fn $name() {
                run_scenario(stringify!($name));
            }
        )*
        const SCENARIOS: &[&str] = &[$(stringify!($name)),*];
    };
}

/// One test per must_fail case, named after its file, and the list of them (attributes as above).
macro_rules! must_fail_cases {
    ($($(#[$attr:meta])* $name:ident),* $(,)?) => {
        mod must_fail {
            $(
                #[test]
                $(#[$attr])*
                fn $name() {
                    super::run_must_fail(stringify!($name));
                }
            )*
        }
        const MUST_FAIL: &[&str] = &[$(stringify!($name)),*];
    };
}

oracle_scenarios! {
    alter_column_type_using_and_widening,
    alter_index_rename_and_drop,
    alter_table_with_many_subcommands,
    cascade_drop_removes_views_and_foreign_fks,
    check_constraints_and_generated_names,
    collate_c_columns_and_indexes,
    column_defaults_and_not_null,
    column_types_with_modifiers_and_arrays,
    comments_on_everything,
    composite_types_add_drop_rename_attribute,
    constraint_using_existing_index,
    constraints_not_valid_then_validate,
    create_index_concurrently_in_own_steps,
    create_table_as_and_select_into,
    create_table_like_including_all,
    data_changes_do_blocks_grants_and_roles,
    domains_with_checks_and_defaults,
    drop_column_cascade_removes_views_and_foreign_fks,
    drop_column_silently_removes_indexes_and_checks,
    drop_function_cascade_removes_defaults_checks_triggers,
    drop_type_cascade_removes_columns,
    enum_add_value_before_after_and_rename,
    exclusion_constraints_using_gist,
    extension_in_own_schema,
    extensions_with_typed_columns_and_cascade_drop,
    file_rollback_undoes_its_own_ddl,
    foreign_keys_actions_deferrable_match_full,
    function_begin_atomic_body_depends_on_table,
    functions_and_procedures_rename_set_schema_drop,
    functions_sql_plpgsql_and_overloads,
    generated_stored_columns,
    identity_columns_always_and_by_default,
    if_exists_and_if_not_exists_noop,
    indexes_unique_partial_expression_include,
    inheritance_inherits_and_no_inherit,
    lexical_edge_cases_comments_strings_dollar_quotes,
    maintenance_vacuum_analyze_reindex_noop,
    partition_attach_and_detach_keep_indexes,
    partitioned_tables_range_list_hash,
    primary_keys_and_unique_constraints,
    prisma_migration_with_enums_and_relations,
    quoted_mixed_case_identifiers_prisma_style,
    rename_and_drop_constraints_and_their_indexes,
    rename_table_keeps_dependent_object_names,
    renames_of_tables_columns_indexes_sequences_views_types,
    row_level_security_and_policies,
    same_table_name_in_two_schemas,
    savepoints_roll_back_part_of_a_transaction,
    schema_create_rename_drop_cascade,
    search_path_set_and_reset_moves_unqualified_objects,
    search_path_set_local_and_set_config,
    sequences_options_owned_by_restart_drop,
    serial_columns_own_their_sequences,
    set_schema_moves_tables_types_functions_sequences,
    table_storage_parameters_and_replica_identity,
    transactions_commit_and_rollback_in_one_file,
    triggers_before_after_when_update_of,
    typed_table_of_composite_type,
    unlogged_tables_and_set_logged,
    view_keeps_old_column_name_after_source_rename,
    view_select_star_does_not_see_new_columns,
    views_over_views_and_materialized_views,
}

must_fail_cases! {
    add_column_that_already_exists,
    alter_attribute_type_of_composite_in_use,
    alter_column_type_used_by_policy,
    alter_column_type_used_by_view,
    create_index_concurrently_inside_transaction,
    create_table_that_already_exists,
    drop_column_referenced_by_foreign_key,
    drop_column_used_by_generated_column,
    drop_column_used_by_view,
    drop_function_used_by_trigger,
    drop_index_that_backs_a_constraint,
    drop_schema_that_is_not_empty,
    drop_table_referenced_by_foreign_key,
    drop_table_used_by_view,
    drop_type_still_used_by_column,
    enum_value_used_in_the_transaction_that_added_it,
    rename_to_a_taken_name,
    search_path_does_not_carry_over_to_the_next_file,
}

/// The file names (without `.sql`) of the fixtures in `dir`.
fn fixture_names(dir: &Path) -> BTreeSet<String> {
    scenario::files(dir).iter().map(|p| p.file_stem().unwrap().to_string_lossy().into_owned()).collect()
}

/// A fixture without a test would never be checked: every file must be in the lists above, and every
/// name in the lists must have its file.
#[test]
fn every_fixture_has_a_test() {
    for (dir, listed, list) in [
        (scenario::oracle_dir(), SCENARIOS, "oracle_scenarios!"),
        (scenario::must_fail_dir(), MUST_FAIL, "must_fail_cases!"),
    ] {
        let files = fixture_names(&dir);
        let listed: BTreeSet<String> = listed.iter().map(|s| s.to_string()).collect();
        let missing: Vec<&String> = files.difference(&listed).collect();
        let stale: Vec<&String> = listed.difference(&files).collect();
        assert!(
            missing.is_empty(),
            "fixtures in {} missing from {list} in tests/oracle.rs: {missing:?}",
            dir.display()
        );
        assert!(
            stale.is_empty(),
            "{list} in tests/oracle.rs names fixtures that {} does not have: {stale:?}",
            dir.display()
        );
    }
}
