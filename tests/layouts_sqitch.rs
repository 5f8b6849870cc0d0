//! The sqitch layout: `sqitch.plan` read in plan order, each change's deploy and
//! revert scripts (a reworked change's earlier instance from `<change>@<tag>.sql`),
//! plan problems as layout notes, detection, and the real sqitch deploying and
//! reverting the fixture on PostgreSQL with the same schema as rollcheck's replay.
//!
//! The fixtures under `tests/fixtures/layouts/sqitch/` were made with sqitch 1.3
//! (`sqitch init`, `add`, `tag`, `rework`), their SQL then written in place of the
//! templates' placeholders. `plan-errors` had its plan edited by hand afterwards:
//! `books` moved above the `authors` it requires, `deploy/members.sql` and
//! `revert/loans.sql` removed.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use rollcheck::analysis::diff::compare;
use rollcheck::catalog::load;
use rollcheck::diagnostic::Severity;
use rollcheck::input::{detect, Layout, Source};
use support::tools::{dumped_schema, require, succeeded};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/layouts/sqitch").join(name)
}

/// Each migration as `name: up path | down path`, the paths relative to `root`.
fn pairs(source: &Source, root: &Path) -> Vec<String> {
    let rel = |p: &Path| p.strip_prefix(root).unwrap_or(p).display().to_string();
    source
        .migrations
        .iter()
        .map(|m| {
            let down = m.down.as_ref().map(|d| rel(&d.path)).unwrap_or_else(|| "-".into());
            format!("{}: {} | {down}", m.name, rel(&m.up.path))
        })
        .collect()
}

#[test]
fn changes_in_plan_order_with_their_deploy_and_revert_scripts() {
    let root = fixture("shop");
    let source = detect(&root).expect("the shop project reads");
    assert_eq!(source.layout, Layout::Sqitch);
    assert_eq!(
        pairs(&source, &root),
        [
            "appschema: deploy/appschema.sql | revert/appschema.sql",
            "customers: deploy/customers.sql | revert/customers.sql",
            "orders: deploy/orders.sql | revert/orders.sql",
            "order_total@v1.0: deploy/order_total@v1.0.sql | revert/order_total@v1.0.sql",
            "order_status: deploy/order_status.sql | revert/order_status.sql",
            "order_total: deploy/order_total.sql | revert/order_total.sql",
            "reports/order_summary: deploy/reports/order_summary.sql | revert/reports/order_summary.sql",
        ]
    );
    assert!(source.notes.is_empty(), "{:?}", source.notes);
}

#[test]
fn the_reworked_change_replays_its_old_version_then_its_new_one() {
    let root = fixture("shop");
    let body = |at: &str| {
        let loaded = load(&root, Some(at)).expect("the shop project replays");
        assert!(loaded.diagnostics.is_empty(), "{at}: {:?}", loaded.diagnostics);
        let function = loaded.catalog.functions.values().find(|f| f.id.name.name == "order_total");
        function.and_then(|f| f.body.clone()).expect("shop.order_total has a body")
    };
    assert!(!body("order_total@v1.0").contains("cancelled"), "v1.0 sums every line");
    assert!(!body("order_status").contains("cancelled"), "order_status leaves the function alone");
    assert!(body("order_total").contains("o.status <> 'cancelled'"), "the rework leaves cancelled orders out");
    assert!(body("reports/order_summary").contains("o.status <> 'cancelled'"));
}

#[test]
fn plan_problems_are_layout_notes_and_a_change_without_deploy_script_is_left_out() {
    let root = fixture("plan-errors");
    let source = detect(&root).expect("the plan-errors project reads");
    assert_eq!(source.layout, Layout::Sqitch);
    assert_eq!(
        pairs(&source, &root),
        [
            "books: deploy/books.sql | revert/books.sql",
            "authors: deploy/authors.sql | revert/authors.sql",
            "loans: deploy/loans.sql | -",
        ]
    );
    let notes: Vec<(u64, Severity, String)> =
        source.notes.iter().map(|n| (n.location.line, n.severity, n.message.clone())).collect();
    let members = root.join("deploy/members.sql");
    assert_eq!(
        notes,
        [
            (
                4,
                Severity::Error,
                "change `books` requires `authors`, which the plan deploys later (line 5); sqitch refuses the plan: \
                 move `books` below it"
                    .to_owned()
            ),
            (6, Severity::Error, format!("change `members` has no deploy script: {} is missing", members.display())),
        ]
    );
    assert!(source.notes.iter().all(|n| n.location.file.ends_with("sqitch.plan")));
}

#[test]
fn detection_needs_sqitch_plan_in_the_folder_itself() {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/party-migration");
    assert_eq!(detect(&sample).expect("the sample reads").layout, Layout::Prisma);
    assert_eq!(detect(&fixture("shop")).expect("shop reads").layout, Layout::Sqitch);
    // The scripts folder alone, or the folder above the project, is not a sqitch project.
    for path in [fixture("shop").join("deploy"), fixture("")] {
        let layout = detect(&path).map(|s| s.layout);
        assert!(!matches!(layout, Ok(Layout::Sqitch)), "{}: {layout:?}", path.display());
    }
}

/// Runs `sqitch <args>` in the shop project against `db`, through the test server's socket.
fn run_sqitch(sqitch: &Path, server: &support::PgServer, db: &support::Database, args: &[&str]) {
    let home = tempfile::tempdir().expect("tempdir");
    let out = Command::new(sqitch)
        .current_dir(fixture("shop"))
        .args(args)
        .arg("--target")
        .arg(format!("db:pg:{}", db.name()))
        .arg("--client")
        .arg(server.bin("psql"))
        .env("HOME", home.path())
        .env("SQITCH_USER_CONFIG", home.path().join("none.conf"))
        .env("SQITCH_FULLNAME", "rollcheck tests")
        .env("SQITCH_EMAIL", "tests@rollcheck.invalid")
        .env("PGHOST", server.socket_dir())
        .env("PGPORT", server.port().to_string())
        .env("PGUSER", "postgres")
        .env("LC_ALL", "C")
        .output();
    succeeded(&format!("sqitch {args:?}"), out);
}

/// The schema of `db` without sqitch's registry, replayed by rollcheck from a pg_dump.
fn real_schema(db: &support::Database, dir: &Path, file: &str) -> rollcheck::catalog::Catalog {
    dumped_schema(db, &["--exclude-schema=sqitch"], dir, file)
}

#[test]
fn real_sqitch_deploys_and_reverts_to_the_schema_rollcheck_replays() {
    let Some(sqitch) = require("sqitch", "Debian: sqitch libdbd-pg-perl") else { return };
    let Some(server) = support::server() else { return };
    let db = server.create_database("layouts_sqitch");
    let tmp = tempfile::tempdir().expect("tempdir");
    let replayed = |at: &str| load(&fixture("shop"), Some(at)).expect("the shop project replays").catalog;

    run_sqitch(&sqitch, server, &db, &["deploy", "--verify"]);
    let diff = compare(&replayed("reports/order_summary"), &real_schema(&db, tmp.path(), "deployed.sql"));
    assert!(diff.is_empty(), "deployed by sqitch vs replayed by rollcheck: {diff:?}");

    // Reverting to @v1.0 runs revert/reports/order_summary.sql, revert/order_total.sql (which puts the
    // v1.0 function back) and revert/order_status.sql.
    run_sqitch(&sqitch, server, &db, &["revert", "-y", "--to", "@v1.0"]);
    let diff = compare(&replayed("order_total@v1.0"), &real_schema(&db, tmp.path(), "v1.0.sql"));
    assert!(diff.is_empty(), "reverted to @v1.0 by sqitch vs replayed to order_total@v1.0: {diff:?}");

    // And back: deploying again runs the reworked change's new version after order_status.
    run_sqitch(&sqitch, server, &db, &["deploy"]);
    let diff = compare(&replayed("reports/order_summary"), &real_schema(&db, tmp.path(), "again.sql"));
    assert!(diff.is_empty(), "deployed again: {diff:?}");
}
