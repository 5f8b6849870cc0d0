//! `rollcheck lint` checked against a real PostgreSQL 15:
//!
//! - `--data`: the rows and non-null values a finding puts at risk, counted from a real `pg_dump` of the
//!   sample with data in it, equal what `count(column)` says on the server.
//! - Down scripts: history B's migrations and down scripts apply on the server, and what
//!   `down-does-not-restore-schema` reports is exactly the difference between the schema before the
//!   migration and the real dump taken after up + down.

mod support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use rollcheck::analysis::diff::compare;
use rollcheck::analysis::lint::{lint, LintOptions};
use rollcheck::catalog::load;
use rollcheck::input::backup::Backup;
use rollcheck::input::{data, detect};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn server() -> Option<&'static support::PgServer> {
    let server = support::server();
    if server.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "no PostgreSQL server for the tests on CI: scripts/setup should have installed postgresql-15"
        );
        eprintln!("skipped: no PostgreSQL server available (run scripts/setup)");
    }
    server
}

/// The migration folders of a Prisma history, in order.
fn migrations(history: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(history.join("prisma/migrations"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("migration.sql").is_file())
        .collect();
    dirs.sort();
    dirs
}

const PHASE2: &str = "20250616083017_party_phase2_backfill";
const PHASE4: &str = "20250714091938_party_phase4_drop_legacy_columns";

/// Rows entered before the Party migration: contacts and organizations, waitlist entries pointing at
/// either, one user linked to a contact.
const LEGACY_ROWS: &str = r#"
INSERT INTO "Tenant" ("name", "slug", "updatedAt") VALUES ('Hollow Oak Kennels', 'hollow-oak', now());
INSERT INTO "Contact" ("tenantId", "firstName", "lastName", "email", "updatedAt")
  VALUES (1, 'Ada', 'Moss', 'ada@example.com', now()), (1, 'Ben', 'Reyes', NULL, now()), (1, 'Cleo', 'Hart', NULL, now());
INSERT INTO "Organization" ("tenantId", "name", "updatedAt") VALUES (1, 'Riverside Rescue', now()), (1, 'Northfield Farm', now());
INSERT INTO "WaitlistEntry" ("tenantId", "contactId", "organizationId", "position", "updatedAt")
  VALUES (1, 1, NULL, 1, now()), (1, 2, NULL, 2, now()), (1, 3, NULL, 3, now()), (1, NULL, 1, 4, now()), (1, NULL, 2, 5, now());
INSERT INTO "User" ("tenantId", "email", "passwordHash", "contactId", "updatedAt")
  VALUES (1, 'ada@example.com', 'x', 1, now()), (1, 'staff@example.com', 'x', NULL, now());
"#;

#[test]
fn data_at_risk_matches_the_server_counts() {
    let Some(server) = server() else { return };
    let history = root().join("samples/party-migration");
    let db = server.create_database("lint_data");
    for dir in migrations(&history).iter().filter(|d| !d.ends_with(PHASE4)) {
        if dir.ends_with(PHASE2) {
            db.apply_sql(LEGACY_ROWS).expect("legacy rows");
        }
        db.apply_file(&dir.join("migration.sql")).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    }
    let tmp = tempfile::tempdir().unwrap();
    let dump = tmp.path().join("before_phase4.sql");
    std::fs::write(&dump, db.pg_dump(&["--format=plain"])).unwrap();

    let backup = Backup::open(&dump).unwrap();
    let options = LintOptions { data: Some(data::count_table_data(&backup)), ..LintOptions::default() };
    let report = lint(detect(&history).unwrap(), &options).unwrap();
    let drops: Vec<_> = report.findings.iter().filter(|f| f.name == "drop-column").collect();
    assert_eq!(drops.len(), 18);
    let mut nonzero = 0;
    for finding in drops {
        let object = &finding.objects[0];
        let [_, table, column] = object.splitn(3, '.').collect::<Vec<_>>()[..] else { panic!("{object}") };
        let truth: u64 = db.query(&format!("SELECT count(\"{column}\") FROM \"{table}\"")).unwrap().parse().unwrap();
        let at_risk: Vec<_> = finding.data_at_risk.iter().map(|r| (r.object.as_str(), r.count, r.unit)).collect();
        assert_eq!(at_risk, vec![(object.as_str(), truth, "non-null values")], "{object}");
        nonzero += usize::from(truth > 0);
    }
    assert_eq!(nonzero, 3, "the test data fills WaitlistEntry.contactId, .organizationId and User.contactId");
}

#[test]
fn down_script_differences_are_what_the_server_shows() {
    let Some(server) = server() else { return };
    let history = root().join("samples/party-migration/history-b");
    let report = lint(detect(&history).unwrap(), &LintOptions::default()).unwrap();
    let dirs = migrations(&history);
    for (i, dir) in dirs.iter().enumerate() {
        let Some(down) = Some(dir.join("down.sql")).filter(|d| d.is_file()) else { continue };
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let db = server.create_database(&format!("lint_down_{i}"));
        for d in &dirs[..=i] {
            db.apply_file(&d.join("migration.sql")).unwrap_or_else(|e| panic!("{}: {e}", d.display()));
        }
        db.apply_file(&down).unwrap_or_else(|e| panic!("{}: {e}", down.display()));
        let tmp = tempfile::tempdir().unwrap();
        let dump = tmp.path().join("after_down.sql");
        std::fs::write(&dump, db.dump_schema()).unwrap();

        let previous = dirs[i - 1].file_name().unwrap().to_string_lossy().into_owned();
        let before = load(&history, Some(&previous)).unwrap();
        let real = load(&dump, None).unwrap();
        let diff = compare(&before.catalog, &real.catalog);
        assert!(!diff.is_empty(), "{name}: the down script does not restore the schema on the server either");
        let server_says: BTreeSet<String> = diff
            .removed
            .iter()
            .chain(&diff.added)
            .map(|k| k.name.clone())
            .chain(diff.changed.iter().map(|c| c.object.name.clone()))
            .collect();

        let finding = report
            .findings
            .iter()
            .find(|f| f.name == "down-does-not-restore-schema" && f.migration == name)
            .unwrap_or_else(|| panic!("{name}: no down-does-not-restore-schema finding"));
        let rollcheck_says: BTreeSet<String> = finding.objects.iter().cloned().collect();
        assert_eq!(rollcheck_says, server_says, "{name}");
    }
}
