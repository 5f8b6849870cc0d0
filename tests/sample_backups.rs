//! The sample's backups are real: `samples/party-migration/make-backups` writes the committed
//! files again, byte for byte; each custom backup restores with the real `pg_restore`; and what
//! SQL on the restored databases returns is what the sample's README states: the instants in the
//! headers, the legacy columns and their non-null values before Phase 4 and their absence after,
//! the orphaned party references (which make the restore of their foreign keys fail) and the
//! missing party ids. `app-history.bundle` holds make-git-history's commits.
//!
//! Needs PostgreSQL 15, libfaketime (for make-backups) and git: a developer's run without them
//! skips with a loud warning, a CI run (env `CI`) fails.

mod support;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The three backups: file stem, the instant pg_dump ran (its header), and whether Phase 4 had run.
const BACKUPS: [(&str, &str); 3] = [
    ("2025-06-09T0200Z-before-phase1", "2025-06-09 02:00:00 UTC"),
    ("2025-07-14T0200Z-before-phase4", "2025-07-14 02:00:00 UTC"),
    ("2025-07-21T0200Z-after-phase4", "2025-07-21 02:00:00 UTC"),
];

/// The 18 columns Phase 4 drops, with the non-null values each holds in the before-Phase-4 backup.
const LEGACY_NON_NULL: [(&str, &str, u32); 18] = [
    ("WaitlistEntry", "contactId", 56),
    ("WaitlistEntry", "organizationId", 0),
    ("AnimalOwner", "contactId", 22),
    ("AnimalOwner", "organizationId", 3),
    ("AnimalOwner", "partyType", 25),
    ("BreedingAttempt", "studOwnerContactId", 4),
    ("Offspring", "buyerContactId", 11),
    ("Offspring", "buyerOrganizationId", 0),
    ("Animal", "buyerContactId", 5),
    ("Animal", "buyerOrganizationId", 0),
    ("Animal", "buyerPartyType", 5),
    ("User", "contactId", 3),
    ("Invoice", "contactId", 13),
    ("Invoice", "organizationId", 1),
    ("ContractParty", "contactId", 22),
    ("ContractParty", "organizationId", 0),
    ("OffspringContract", "buyerContactId", 10),
    ("OffspringContract", "buyerOrganizationId", 0),
];

/// Every party reference Phase 3 puts a foreign key on: (table, column, constraint, ids of the rows
/// whose party id points at no Party, the same in both backups after Phase 3).
const PARTY_FKS: [(&str, &str, &str, &str); 11] = [
    ("Contact", "partyId", "Contact_partyId_fkey", "9004,9007"),
    ("Organization", "partyId", "Organization_partyId_fkey", "9003"),
    ("User", "partyId", "User_partyId_fkey", ""),
    ("Animal", "buyerPartyId", "Animal_buyerPartyId_fkey", ""),
    ("AnimalOwner", "partyId", "AnimalOwner_partyId_fkey", ""),
    ("BreedingAttempt", "studOwnerPartyId", "BreedingAttempt_studOwnerPartyId_fkey", ""),
    ("Offspring", "buyerPartyId", "Offspring_buyerPartyId_fkey", ""),
    ("WaitlistEntry", "clientPartyId", "WaitlistEntry_clientPartyId_fkey", "9003,9005"),
    ("Invoice", "clientPartyId", "Invoice_clientPartyId_fkey", "9003"),
    ("ContractParty", "partyId", "ContractParty_partyId_fkey", "9002"),
    ("OffspringContract", "buyerPartyId", "OffspringContract_buyerPartyId_fkey", ""),
];

/// Every reference with legacy ids, in the before-Phase-4 backup: (table, party column, legacy
/// columns, ids of the rows with a legacy id but no party id).
const MISSING: [(&str, &str, &[&str], &str); 9] = [
    ("User", "partyId", &["contactId"], ""),
    ("Animal", "buyerPartyId", &["buyerContactId", "buyerOrganizationId"], "6,12"),
    ("AnimalOwner", "partyId", &["contactId", "organizationId"], ""),
    ("BreedingAttempt", "studOwnerPartyId", &["studOwnerContactId"], "10"),
    ("Offspring", "buyerPartyId", &["buyerContactId", "buyerOrganizationId"], "10,11,16,17"),
    ("WaitlistEntry", "clientPartyId", &["contactId", "organizationId"], ""),
    ("Invoice", "clientPartyId", &["contactId", "organizationId"], ""),
    ("ContractParty", "partyId", &["contactId", "organizationId"], ""),
    ("OffspringContract", "buyerPartyId", &["buyerContactId", "buyerOrganizationId"], ""),
];

/// The \restrict key make-backups gives pg_dump, so that the plain backups are deterministic.
const RESTRICT_KEY: &str = "KennelworksNightlyBackup";

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/party-migration")
}

fn backup(stem: &str, ext: &str) -> PathBuf {
    sample().join("backups").join(format!("{stem}.{ext}"))
}

fn readme() -> String {
    fs::read_to_string(sample().join("README.md")).expect("reading the sample's README.md")
}

/// `CI` is set to anything but an empty string, `0` or `false`.
fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !matches!(v.trim().to_ascii_lowercase().as_str(), "" | "0" | "false"))
}

/// A missing tool: a failure under CI, a loud skip otherwise (returns false).
fn require(present: bool, what: &str) -> bool {
    if present {
        return true;
    }
    assert!(!in_ci(), "{what} is required under CI but was not found; run scripts/setup");
    eprintln!(
        "\n==================================================================\n\
         SKIPPED: {what} not found (scripts/setup installs it).\n\
         A test of samples/party-migration's backups did NOT run.\n\
         ==================================================================\n"
    );
    false
}

/// Where make-backups looks for libfaketime.
fn have_libfaketime() -> bool {
    let dirs = ["/usr/lib/faketime", "/usr/local/lib/faketime"];
    let multiarch = fs::read_dir("/usr/lib")
        .map(|rd| rd.filter_map(|e| e.ok()).map(|e| e.path().join("faketime")).collect::<Vec<_>>())
        .unwrap_or_default();
    dirs.iter().map(PathBuf::from).chain(multiarch).any(|d| d.join("libfaketime.so.1").is_file())
}

/// A client program of the test server, without the caller's libpq environment.
fn client(pg: &support::PgServer, tool: &str) -> Command {
    let mut cmd = Command::new(pg.bin(tool));
    for var in ["PGHOST", "PGPORT", "PGUSER", "PGDATABASE", "PGPASSWORD", "PGSERVICE", "PGOPTIONS", "PGSSLMODE"] {
        cmd.env_remove(var);
    }
    cmd
}

/// `pg_restore -d` of a committed custom backup into a fresh database: the database and the outcome.
fn restore(pg: &support::PgServer, stem: &str) -> (support::Database, Output) {
    let db = pg.create_database(stem);
    let out = client(pg, "pg_restore")
        .arg("-h")
        .arg(pg.socket_dir())
        .args(["-p", &pg.port().to_string(), "-U", "postgres", "-d", db.name()])
        .arg(backup(stem, "dump"))
        .output()
        .expect("running pg_restore");
    (db, out)
}

fn count(db: &support::Database, sql: &str) -> u32 {
    let out = db.query(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
    out.trim().parse().unwrap_or_else(|_| panic!("{sql}: not a count: {out:?}"))
}

/// The ids of the rows `condition` selects, in order, comma-separated.
fn ids(db: &support::Database, table: &str, condition: &str) -> String {
    let sql =
        format!("SELECT coalesce(string_agg(x.id::text, ',' ORDER BY x.id), '') FROM \"{table}\" x WHERE {condition}");
    db.query(&sql).unwrap_or_else(|e| panic!("{sql}: {e}"))
}

fn orphans_condition(column: &str) -> String {
    format!("x.\"{column}\" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM \"Party\" p WHERE p.id = x.\"{column}\")")
}

fn columns(db: &support::Database, table: &str) -> Vec<String> {
    let sql = format!(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = '{table}' \
         ORDER BY ordinal_position"
    );
    db.query(&sql).unwrap_or_else(|e| panic!("{sql}: {e}")).lines().map(str::to_string).collect()
}

/// The foreign keys pg_restore could not create, from its error messages.
fn failed_constraints(stderr: &str) -> Vec<String> {
    let mut failed: Vec<String> = stderr
        .lines()
        .filter_map(|line| line.split_once("violates foreign key constraint \"").map(|(_, rest)| rest))
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_string)
        .collect();
    failed.sort();
    failed
}

/// The line `-- Dumped by pg_dump version ...` of a plain backup.
fn pg_dump_version_line(plain: &[u8]) -> String {
    String::from_utf8_lossy(plain)
        .lines()
        .find(|l| l.starts_with("-- Dumped by pg_dump version"))
        .map(str::to_string)
        .expect("a plain backup names its pg_dump version")
}

/// A plain dump without the two lines naming the server's and pg_dump's exact versions.
fn without_versions(text: &str) -> String {
    text.lines()
        .filter(|l| !l.contains("Dumped from database version") && !l.contains("Dumped by pg_dump version"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn make_backups_writes_the_committed_backups_again() {
    let Some(pg) = support::server() else { return };
    if !require(have_libfaketime(), "libfaketime (Debian package faketime)") {
        return;
    }
    let tmp = tempfile::tempdir().expect("tempdir");
    let out_dir = tmp.path().join("backups");
    let bindir = pg.bin("postgres").parent().expect("bindir").to_path_buf();
    let out = Command::new(sample().join("make-backups"))
        .arg(&out_dir)
        .env("ROLLCHECK_PG_BINDIR", &bindir)
        .output()
        .expect("running make-backups");
    assert!(out.status.success(), "make-backups failed:\n{}", String::from_utf8_lossy(&out.stderr));
    let mut made: Vec<String> =
        fs::read_dir(&out_dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    made.sort();
    let mut expected: Vec<String> =
        BACKUPS.iter().flat_map(|(stem, _)| [format!("{stem}.dump"), format!("{stem}.sql")]).collect();
    expected.sort();
    assert_eq!(made, expected);

    for (stem, _) in BACKUPS {
        let committed_plain = fs::read(backup(stem, "sql")).unwrap();
        let new_plain = fs::read(out_dir.join(format!("{stem}.sql"))).unwrap();
        let committed_custom = fs::read(backup(stem, "dump")).unwrap();
        let new_custom = fs::read(out_dir.join(format!("{stem}.dump"))).unwrap();
        if pg_dump_version_line(&committed_plain) == pg_dump_version_line(&new_plain) {
            // The same PostgreSQL 15 minor version: every byte is deterministic.
            assert!(committed_plain == new_plain, "{stem}.sql differs from make-backups' output");
            assert!(committed_custom == new_custom, "{stem}.dump differs from make-backups' output");
        } else {
            // Another minor version names itself in both headers; all the rest must be the same.
            eprintln!(
                "{stem}: pg_dump here is not the one that made the committed backups; comparing without versions"
            );
            let text = |bytes: &[u8]| without_versions(&String::from_utf8_lossy(bytes));
            assert_eq!(text(&committed_plain), text(&new_plain), "{stem}.sql");
            let as_text = |path: &Path| {
                let out = client(pg, "pg_restore")
                    .args(["--restrict-key", RESTRICT_KEY, "-f", "-"])
                    .arg(path)
                    .output()
                    .expect("running pg_restore");
                assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
                text(&out.stdout)
            };
            assert_eq!(as_text(&backup(stem, "dump")), as_text(&out_dir.join(format!("{stem}.dump"))), "{stem}.dump");
        }
    }
}

#[test]
fn each_backup_carries_the_instant_it_was_taken() {
    let Some(pg) = support::server() else { return };
    for (stem, instant) in BACKUPS {
        let plain = fs::read_to_string(backup(stem, "sql")).unwrap();
        assert!(plain.contains(&format!("\n-- Started on {instant}\n")), "{stem}.sql: no 'Started on {instant}'");
        assert!(plain.contains(&format!("\n-- Completed on {instant}\n")), "{stem}.sql: no 'Completed on {instant}'");
        let out = client(pg, "pg_restore").arg("-l").arg(backup(stem, "dump")).output().expect("pg_restore -l");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let list = String::from_utf8_lossy(&out.stdout);
        assert!(list.contains(&format!("; Archive created at {instant}\n")), "{stem}.dump:\n{list}");
        assert!(list.contains(";     dbname: kennelworks\n"), "{stem}.dump:\n{list}");
        // the file name says the same instant, in the basic ISO 8601 form
        let (date, time) = instant.split_once(' ').unwrap();
        assert!(stem.starts_with(&format!("{date}T{}Z", time[..5].replace(':', ""))), "{stem} vs {instant}");
    }
}

/// The statements and data of a plain dump: its lines but the comments and the empty ones.
fn statements(text: &str) -> Vec<&str> {
    text.lines().filter(|line| !line.is_empty() && !line.starts_with("--")).collect()
}

#[test]
fn the_plain_and_the_custom_backup_of_a_night_hold_the_same_statements_and_data() {
    let Some(pg) = support::server() else { return };
    for (stem, _) in BACKUPS {
        // Only the comments differ: pg_dump --verbose's TOC entries, dependencies and instants.
        let out = client(pg, "pg_restore")
            .args(["--restrict-key", RESTRICT_KEY, "-f", "-"])
            .arg(backup(stem, "dump"))
            .output()
            .expect("running pg_restore");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let from_custom = String::from_utf8(out.stdout).expect("UTF-8");
        let plain = fs::read_to_string(backup(stem, "sql")).unwrap();
        assert!(statements(&from_custom) == statements(&plain), "{stem}: the .dump and the .sql differ");
        assert!(statements(&plain).len() > 1000, "{stem}: {} lines", statements(&plain).len());
    }
}

#[test]
fn the_backup_before_phase1_restores_cleanly_with_the_legacy_model_only() {
    let Some(pg) = support::server() else { return };
    let (db, out) = restore(pg, BACKUPS[0].0);
    assert!(out.status.success(), "pg_restore failed:\n{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    assert_eq!(db.query("SELECT to_regclass('public.\"Party\"') IS NULL").unwrap(), "t");
    assert_eq!(count(&db, "SELECT count(*) FROM \"_prisma_migrations\" WHERE finished_at IS NOT NULL"), 4);
    for (table, column, _) in LEGACY_NON_NULL {
        assert!(columns(&db, table).iter().any(|c| c == column), "{table}.{column} missing before phase 1");
    }
    assert_eq!(count(&db, "SELECT count(*) FROM \"Contact\""), 49);
    assert_eq!(count(&db, "SELECT count(*) FROM \"Organization\""), 12);
}

#[test]
fn the_backup_before_phase4_holds_the_legacy_values_the_readme_counts() {
    let Some(pg) = support::server() else { return };
    let (db, _) = restore(pg, BACKUPS[1].0);
    let readme = readme();
    assert_eq!(count(&db, "SELECT count(*) FROM \"_prisma_migrations\" WHERE finished_at IS NOT NULL"), 7);
    for (table, column, expected) in LEGACY_NON_NULL {
        let n = count(&db, &format!("SELECT count(\"{column}\") FROM \"{table}\""));
        assert_eq!(n, expected, "non-null values in {table}.{column}");
        let line = format!("| `{table}.{column}` | {expected} |");
        assert!(readme.contains(&line), "README.md lacks the line {line}");
    }
    assert!(columns(&db, "Party").iter().any(|c| c == "type"), "Party.type before phase 4");
}

#[test]
fn the_backup_after_phase4_lacks_the_legacy_columns() {
    let Some(pg) = support::server() else { return };
    let (db, _) = restore(pg, BACKUPS[2].0);
    assert_eq!(count(&db, "SELECT count(*) FROM \"_prisma_migrations\" WHERE finished_at IS NOT NULL"), 8);
    for (table, column, _) in LEGACY_NON_NULL {
        assert!(!columns(&db, table).iter().any(|c| c == column), "{table}.{column} still there after phase 4");
    }
    let party = columns(&db, "Party");
    assert!(party.iter().any(|c| c == "kind") && !party.iter().any(|c| c == "type"), "{party:?}");
    // the offspring sold with a legacy buyer id only: after phase 4 nothing says who bought them
    assert_eq!(count(&db, "SELECT count(*) FROM \"Offspring\" WHERE status = 'SOLD' AND \"buyerPartyId\" IS NULL"), 4);
}

#[test]
fn orphaned_party_references_are_the_readme_counts_and_fail_their_foreign_keys_on_restore() {
    let Some(pg) = support::server() else { return };
    let readme = readme();
    let expected_failed: Vec<String> = {
        let mut v: Vec<String> =
            PARTY_FKS.iter().filter(|(.., ids)| !ids.is_empty()).map(|(_, _, fk, _)| fk.to_string()).collect();
        v.sort();
        v
    };
    let mut found = BTreeMap::new();
    for (stem, _) in &BACKUPS[1..] {
        let (db, out) = restore(pg, stem);
        let stderr = String::from_utf8_lossy(&out.stderr);
        // Everything restores but the foreign keys the orphans violate: pg_restore goes on and says so.
        assert_eq!(out.status.code(), Some(1), "{stem}: pg_restore:\n{stderr}");
        assert_eq!(failed_constraints(&stderr), expected_failed, "{stem}: pg_restore:\n{stderr}");
        assert!(stderr.contains(&format!("errors ignored on restore: {}", expected_failed.len())), "{stderr}");
        for (table, column, fk, expected_ids) in PARTY_FKS {
            let got = ids(&db, table, &orphans_condition(column));
            assert_eq!(got, expected_ids, "{stem}: rows of {table} whose {column} points at no Party");
            found
                .entry((table, column, fk))
                .or_insert_with(Vec::new)
                .push(got.split(',').filter(|s| !s.is_empty()).count());
            let has_fk = count(&db, &format!("SELECT count(*) FROM pg_constraint WHERE conname = '{fk}'"));
            assert_eq!(has_fk, u32::from(expected_ids.is_empty()), "{stem}: {fk} restored?");
        }
    }
    for ((table, column, fk), counts) in found {
        let line = format!("| `{table}.{column}` | `{fk}` | {} | {} |", counts[0], counts[1]);
        assert!(readme.contains(&line), "README.md lacks the line {line}");
    }
}

#[test]
fn missing_party_ids_before_phase4_are_the_readme_counts() {
    let Some(pg) = support::server() else { return };
    let (db, _) = restore(pg, BACKUPS[1].0);
    let readme = readme();
    for (table, party, legacy, expected_ids) in MISSING {
        let any_legacy = legacy.iter().map(|c| format!("x.\"{c}\" IS NOT NULL")).collect::<Vec<_>>().join(" OR ");
        let got = ids(&db, table, &format!("x.\"{party}\" IS NULL AND ({any_legacy})"));
        assert_eq!(got, expected_ids, "rows of {table} with a legacy id but no {party}");
        let n = got.split(',').filter(|s| !s.is_empty()).count();
        let line = format!("| `{table}.{party}` | {n} |");
        assert!(readme.contains(&line), "README.md lacks the line {line}");
    }
}

#[test]
fn the_bundle_holds_the_commits_of_make_git_history() {
    let git_ok = Command::new("git").arg("--version").output().is_ok_and(|o| o.status.success());
    if !require(git_ok, "git") {
        return;
    }
    let git = |dir: &Path, args: &[&str]| -> String {
        let mut cmd = Command::new("git");
        cmd.current_dir(dir).env("GIT_CONFIG_NOSYSTEM", "1").env("GIT_CONFIG_GLOBAL", "/dev/null");
        for var in ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_CONFIG_PARAMETERS"] {
            cmd.env_remove(var);
        }
        let out = cmd.args(args).output().expect("running git");
        assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).expect("git prints UTF-8")
    };
    let tmp = tempfile::tempdir().expect("tempdir");
    let made = tmp.path().join("made");
    let out = Command::new(sample().join("make-git-history")).arg(&made).output().expect("running make-git-history");
    assert!(out.status.success(), "make-git-history: {}", String::from_utf8_lossy(&out.stderr));

    let bundle = sample().join("app-history.bundle");
    let bundle_str = bundle.to_str().expect("a UTF-8 path");
    git(&made, &["bundle", "verify", "-q", bundle_str]);
    let heads: Vec<String> = git(tmp.path(), &["bundle", "list-heads", bundle_str])
        .lines()
        .filter(|l| l.contains(" refs/"))
        .map(str::to_string)
        .collect();
    let refs: Vec<String> = git(&made, &["for-each-ref", "--format=%(objectname) %(refname)", "refs/heads"])
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(heads, refs, "the bundle's branches and make-git-history's");

    let cloned = tmp.path().join("cloned");
    git(tmp.path(), &["clone", "-q", "--mirror", bundle_str, cloned.to_str().unwrap()]);
    let all = |dir: &Path| git(dir, &["rev-list", "--all", "--topo-order"]);
    assert_eq!(all(&cloned), all(&made), "every commit of the bundle is make-git-history's, and only those");
    assert_eq!(all(&made).lines().count(), 23);
}
