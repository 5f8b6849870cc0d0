//! The bundled sample `samples/party-migration` is real: every Prisma migration in it
//! applies, in order, to a real PostgreSQL server, and the last one leaves the schema
//! the rollback-posture document describes (18 legacy columns gone, `Party.type`
//! renamed to `Party.kind`).

mod support;

use std::fs;
use std::path::{Path, PathBuf};

/// The 18 columns that Phase 4 drops, as (table, column).
const LEGACY_COLUMNS: [(&str, &str); 18] = [
    ("WaitlistEntry", "contactId"),
    ("WaitlistEntry", "organizationId"),
    ("AnimalOwner", "contactId"),
    ("AnimalOwner", "organizationId"),
    ("AnimalOwner", "partyType"),
    ("BreedingAttempt", "studOwnerContactId"),
    ("Offspring", "buyerContactId"),
    ("Offspring", "buyerOrganizationId"),
    ("Animal", "buyerContactId"),
    ("Animal", "buyerOrganizationId"),
    ("Animal", "buyerPartyType"),
    ("User", "contactId"),
    ("Invoice", "contactId"),
    ("Invoice", "organizationId"),
    ("ContractParty", "contactId"),
    ("ContractParty", "organizationId"),
    ("OffspringContract", "buyerContactId"),
    ("OffspringContract", "buyerOrganizationId"),
];

const PHASE4: &str = "20250714091938_party_phase4_drop_legacy_columns";

fn migrations_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/party-migration/prisma/migrations")
}

/// Migration folders in the order Prisma applies them (by name, i.e. by timestamp).
fn migration_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = fs::read_dir(migrations_dir())
        .expect("samples/party-migration/prisma/migrations exists")
        .map(|e| e.expect("readable dir entry").path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

fn dir_name(p: &Path) -> &str {
    p.file_name().and_then(|n| n.to_str()).expect("utf-8 folder name")
}

/// A query whose rows carry a fixed marker, so that the assertions do not depend on how
/// the harness formats its output (headers, separators, alignment).
fn present_legacy_columns_sql() -> String {
    let pairs: Vec<String> = LEGACY_COLUMNS.iter().map(|(t, c)| format!("('{t}', '{c}')")).collect();
    format!(
        "SELECT 'present:' || table_name || '.' || column_name FROM information_schema.columns \
         WHERE table_schema = current_schema() AND (table_name, column_name) IN ({}) \
         ORDER BY 1",
        pairs.join(", ")
    )
}

fn present_markers(out: &str) -> Vec<String> {
    out.split_whitespace().filter(|w| w.starts_with("present:")).map(str::to_owned).collect()
}

fn party_column_sql(column: &str) -> String {
    format!(
        "SELECT 'party-{column}:' || count(*) FROM information_schema.columns \
         WHERE table_schema = current_schema() AND table_name = 'Party' AND column_name = '{column}'"
    )
}

#[test]
fn sample_has_prisma_layout() {
    let lock = fs::read_to_string(migrations_dir().join("migration_lock.toml")).expect("migration_lock.toml");
    assert!(lock.contains("provider = \"postgresql\""), "{lock}");

    let dirs = migration_dirs();
    assert!(dirs.len() >= 5, "expected init, feature and phase 1-4 migrations, got {dirs:?}");
    for d in &dirs {
        let name = dir_name(d);
        let (stamp, rest) = name.split_at(14.min(name.len()));
        assert!(stamp.len() == 14 && stamp.bytes().all(|b| b.is_ascii_digit()), "bad timestamp: {name}");
        assert!(
            rest.starts_with('_')
                && rest[1..].bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
            "bad migration name: {name}"
        );
        assert!(d.join("migration.sql").is_file(), "{name} has no migration.sql");
    }
    assert_eq!(dirs.last().map(|d| dir_name(d)), Some(PHASE4));

    // The trap stays in place: Prisma's stale warning says `Party.type` is dropped,
    // while the statement really renames it.
    let phase4 = fs::read_to_string(migrations_dir().join(PHASE4).join("migration.sql")).unwrap();
    assert!(phase4.contains("You are about to drop the column `type` on the `Party` table."));
    let statements = strip_sql_comments(&phase4);
    assert!(statements.contains(r#"ALTER TABLE "Party" RENAME COLUMN "type" TO "kind";"#));
    assert!(!statements.contains(r#"DROP COLUMN "type""#));
}

/// The SQL without `/* */` and `--` comments (good enough for the sample: no comment
/// markers inside string literals).
fn strip_sql_comments(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut rest = sql;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        rest = rest[start..].find("*/").map_or("", |end| &rest[start + end + 2..]);
    }
    out.push_str(rest);
    out.lines().map(|l| l.split("--").next().unwrap_or("")).collect::<Vec<_>>().join("\n")
}

#[test]
fn sample_migrations_apply_in_order_on_postgres() {
    let Some(server) = support::server() else {
        if std::env::var_os("CI").is_some() {
            panic!("no PostgreSQL server for the tests on CI: scripts/setup should have installed postgresql-15");
        }
        eprintln!("skipped: no PostgreSQL server available (run scripts/setup)");
        return;
    };
    let db = server.create_database("sample_party_migration");

    let dirs = migration_dirs();
    let (last, before) = dirs.split_last().expect("at least one migration");
    assert_eq!(dir_name(last), PHASE4);

    for d in before {
        let file = d.join("migration.sql");
        db.apply_file(&file).unwrap_or_else(|e| panic!("{} does not apply: {e}", dir_name(d)));
    }

    // Before Phase 4: every legacy column exists, and Party still has `type`.
    let out = db.query(&present_legacy_columns_sql()).expect("information_schema query");
    let present = present_markers(&out);
    assert_eq!(present.len(), LEGACY_COLUMNS.len(), "legacy columns before Phase 4: {present:?}");
    let out = db.query(&party_column_sql("type")).unwrap();
    assert!(out.contains("party-type:1"), "Party.type before Phase 4: {out}");
    let out = db.query(&party_column_sql("kind")).unwrap();
    assert!(out.contains("party-kind:0"), "Party.kind before Phase 4: {out}");

    db.apply_file(&last.join("migration.sql")).unwrap_or_else(|e| panic!("{PHASE4} does not apply: {e}"));

    // After Phase 4: the 18 legacy columns are gone, `type` was renamed to `kind`.
    let out = db.query(&present_legacy_columns_sql()).unwrap();
    assert_eq!(present_markers(&out), Vec::<String>::new(), "legacy columns left after Phase 4");
    let out = db.query(&party_column_sql("kind")).unwrap();
    assert!(out.contains("party-kind:1"), "Party.kind after Phase 4: {out}");
    let out = db.query(&party_column_sql("type")).unwrap();
    assert!(out.contains("party-type:0"), "Party.type after Phase 4: {out}");
}

/// The CLI's `diff` against the real dump: the replayed sample equals it (exit 0), even
/// with Prisma's own `_prisma_migrations` table in the database; the sample replayed only
/// to Phase 3 differs from it (exit 1) and the output names what Phase 4 changed.
#[test]
fn diff_of_replay_and_real_dump_exits_0_when_equal_and_1_naming_the_difference() {
    let Some(server) = support::server() else {
        eprintln!("skipped: no PostgreSQL server available (run scripts/setup)");
        return;
    };
    let db = server.create_database("sample_diff_cli");
    for d in migration_dirs() {
        db.apply_file(&d.join("migration.sql")).unwrap_or_else(|e| panic!("{} does not apply: {e}", dir_name(&d)));
    }
    db.apply_sql(
        r#"CREATE TABLE "_prisma_migrations" (id varchar(36) PRIMARY KEY, checksum varchar(64) NOT NULL,
           finished_at timestamptz, migration_name varchar(255) NOT NULL, logs text,
           rolled_back_at timestamptz, started_at timestamptz NOT NULL DEFAULT now(),
           applied_steps_count integer NOT NULL DEFAULT 0);"#,
    )
    .expect("bookkeeping table");
    let tmp = tempfile::tempdir().expect("tempdir");
    let dump = tmp.path().join("party.sql");
    fs::write(&dump, db.dump_schema()).expect("write dump");
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/party-migration");
    let diff = |extra: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_rollcheck"))
            .arg("diff")
            .arg(&sample)
            .arg(&dump)
            .args(extra)
            .output()
            .expect("run rollcheck");
        (out.status.code(), String::from_utf8_lossy(&out.stdout).into_owned())
    };

    let (code, out) = diff(&[]);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("schemas are equal"), "{out}");
    assert!(out.contains("public._prisma_migrations"), "bookkeeping is shown apart: {out}");

    let phase3 = migration_dirs().iter().rev().nth(1).map(|d| dir_name(d).to_owned()).expect("a Phase 3");
    let (code, out) = diff(&["--at-a", &phase3]);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("+ column public.Party.kind"), "{out}");
    assert!(out.contains("- column public.Party.type"), "{out}");
    assert!(out.contains("- column public.WaitlistEntry.contactId"), "{out}");
}
