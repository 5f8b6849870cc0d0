//! The real migration tools apply the layout fixtures to PostgreSQL, up and back
//! down, and after every step the database's schema (its `pg_dump`, without the
//! tool's bookkeeping table) equals rollcheck's replay of the same fixture up to
//! the migration the tool stands at.
//!
//! - dbmate 2.36 from the npm registry (`npm install -g dbmate`; the package ships
//!   the Linux binary through its optional dependency `@dbmate/linux-x64`).
//! - diesel_cli 2.3 from crates.io (`cargo install diesel_cli --no-default-features
//!   --features postgres`): about 3 CPU-minutes to build, paid once per machine by
//!   scripts/setup, well inside CI's budget.
//!
//! sqlx-cli is not built: sqlx has no fixture of its own (its `<version>_<desc>` files
//! are read by the golang-migrate reader, whose order and pairing tests cover them),
//! and its build (tokio, a TLS stack, several drivers) was not worth CI's minutes for
//! that; its build time was not measured.
//! sqitch, from Debian, has its own test in `tests/layouts_sqitch.rs`. goose is not
//! here: no registry this machine reaches ships its binary (the npm package
//! `goose-cli` downloads it from GitHub at run time, and the Go module proxy is
//! out of reach). Under CI a missing tool fails its test; elsewhere it is skipped
//! with a loud notice. Every tool runs in a temporary working directory, and
//! Diesel on a copy of its fixture, so no fixture file is ever written.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use rollcheck::analysis::diff::compare;
use rollcheck::catalog::{load, Catalog};
use support::tools::{copy_tree, dumped_schema, libpq_url, require, succeeded};

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/layouts").join(path)
}

/// rollcheck's replay of none of `path`'s migrations: a new database's schema.
fn replayed_none(path: &Path) -> Catalog {
    let source = rollcheck::input::detect(path).expect("the fixture reads");
    rollcheck::catalog::load_migrations(source, Vec::new()).expect("an empty replay").catalog
}

/// rollcheck's replay of `path` up to the migration `at` (all of them for `None`).
fn replayed(path: &Path, at: Option<&str>) -> Catalog {
    let loaded = load(path, at).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let errors: Vec<_> =
        loaded.diagnostics.iter().filter(|d| d.severity == rollcheck::diagnostic::Severity::Error).collect();
    assert!(errors.is_empty(), "{errors:?}");
    loaded.catalog
}

#[test]
fn real_dbmate_migrates_and_rolls_back_to_the_schema_rollcheck_replays() {
    let Some(dbmate) = require("dbmate", "npm install -g dbmate") else { return };
    let Some(server) = support::server() else { return };
    let db = server.create_database("layouts_dbmate");
    let project = fixture("dbmate/project");
    let work = tempfile::tempdir().expect("tempdir");
    let run = |args: &[&str]| {
        let out = Command::new(&dbmate)
            .current_dir(work.path())
            .arg("--url")
            .arg(format!(
                "postgres://postgres@/{}?socket={}&port={}",
                db.name(),
                server.socket_dir().display(),
                server.port()
            ))
            .arg("--migrations-dir")
            .arg(project.join("db/migrations"))
            .arg("--no-dump-schema")
            .args(args)
            .env_remove("DATABASE_URL")
            .output();
        succeeded(&format!("dbmate {args:?}"), out)
    };
    let real = |file: &str| dumped_schema(&db, &["--exclude-table=public.schema_migrations"], work.path(), file);

    run(&["migrate"]);
    let diff = compare(&replayed(&project, None), &real("up.sql"));
    assert!(diff.is_empty(), "migrated by dbmate vs replayed by rollcheck: {diff:?}");

    // Each rollback runs the newest migration's down section (the last one outside a transaction).
    for (file, at) in [("back1.sql", "20240102100000_user_status"), ("back2.sql", "20240101100000_create_users")] {
        run(&["rollback"]);
        let diff = compare(&replayed(&project, Some(at)), &real(file));
        assert!(diff.is_empty(), "rolled back by dbmate to {at} vs replayed: {diff:?}");
    }
    run(&["rollback"]);
    let diff = compare(&replayed_none(&project), &real("empty.sql"));
    assert!(diff.is_empty(), "every migration rolled back leaves a new database's schema: {diff:?}");
    let status = run(&["status"]);
    assert!(status.contains("Pending: 3"), "{status}");

    run(&["migrate"]);
    let diff = compare(&replayed(&project, None), &real("again.sql"));
    assert!(diff.is_empty(), "migrated again: {diff:?}");
}

/// Equal but for the trigger that Diesel's `diesel_manage_updated_at('users')` creates
/// with `EXECUTE format(...)`: SQL built at run time is beyond a replay.
#[test]
fn real_diesel_runs_and_reverts_to_the_schema_rollcheck_replays() {
    let Some(diesel) = require("diesel", "cargo install diesel_cli --no-default-features --features postgres") else {
        return;
    };
    let Some(server) = support::server() else { return };
    let db = server.create_database("layouts_diesel_cli");
    let work = tempfile::tempdir().expect("tempdir");
    let project = work.path().join("blog");
    copy_tree(&fixture("diesel/blog"), &project);
    let run = |args: &[&str]| {
        let out = Command::new(&diesel)
            .current_dir(&project)
            .args(args)
            .arg("--database-url")
            .arg(libpq_url(server, &db))
            .env_remove("DATABASE_URL")
            .output();
        succeeded(&format!("diesel {args:?}"), out)
    };
    let real =
        |file: &str| dumped_schema(&db, &["--exclude-table=public.__diesel_schema_migrations"], work.path(), file);
    let only_the_trigger = |diff: rollcheck::analysis::diff::SchemaDiff| {
        let added: Vec<String> = diff.added.iter().map(|k| format!("{} {}", k.kind, k.name)).collect();
        assert_eq!(added, ["trigger public.users.set_updated_at"], "{diff:?}");
        assert!(diff.removed.is_empty() && diff.changed.is_empty(), "{diff:?}");
    };

    run(&["migration", "run"]);
    only_the_trigger(compare(&replayed(&project, None), &real("run.sql")));

    // `revert` runs the newest down.sql; two of them take the blog back to its users.
    run(&["migration", "revert"]);
    run(&["migration", "revert"]);
    only_the_trigger(compare(&replayed(&project, Some("2024-01-15-103000_create_users")), &real("users.sql")));

    // `redo` reverts and re-runs the newest migration: the same schema again.
    run(&["migration", "redo"]);
    only_the_trigger(compare(&replayed(&project, Some("2024-01-15-103000_create_users")), &real("redo.sql")));

    run(&["migration", "revert", "--all"]);
    let diff = compare(&replayed_none(&project), &real("empty.sql"));
    assert!(diff.is_empty(), "every migration reverted leaves a new database's schema: {diff:?}");

    run(&["migration", "run"]);
    only_the_trigger(compare(&replayed(&project, None), &real("again.sql")));
    let pending = run(&["migration", "pending"]);
    assert!(pending.trim() == "false", "{pending}");
}
