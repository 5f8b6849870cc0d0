//! `rollcheck inspect` on real backups: the sample's nightly backups (plain and custom) each match
//! the migration state the README says, their `_prisma_migrations` rows agree (4, 7, 8 applied, as
//! SQL on the restored database counts them), and every table's row count is what `count(*)`
//! returns after the real `pg_restore`; a truncated archive exits 1 with a problem and its offset,
//! garbage exits 2; a gzip custom archive is verified, a `-Z0` one complete but not verified; the
//! JSON of one backup is snapshotted; the output does not depend on the number of threads.
//!
//! The restores need PostgreSQL 15 (tests/support); without it those checks are skipped.

mod binary;
mod support;

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use serde_json::Value;

const TIMEOUT: Duration = Duration::from_secs(60);

/// Each backup's file stem, the migration its schema equals, and the migrations `_prisma_migrations` holds.
const BACKUPS: [(&str, &str, usize); 3] = [
    ("2025-06-09T0200Z-before-phase1", "20250407142210_waitlist_deposits", 4),
    ("2025-07-14T0200Z-before-phase4", "20250623140512_party_phase3_constraints", 7),
    ("2025-07-21T0200Z-after-phase4", "20250714091938_party_phase4_drop_legacy_columns", 8),
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn sample() -> PathBuf {
    root().join("samples/party-migration")
}

fn backup(stem: &str, ext: &str) -> PathBuf {
    sample().join("backups").join(format!("{stem}.{ext}"))
}

fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures/archives/dumps").join(name)
}

/// `rollcheck inspect FILE ARGS`: exit code, stdout, stderr.
fn inspect(file: &Path, args: &[&str], envs: &[(&str, &str)]) -> (i32, String, String) {
    let mut all: Vec<OsString> = vec!["inspect".into(), file.into()];
    all.extend(args.iter().map(OsString::from));
    let done = binary::run(&all, envs, TIMEOUT);
    let status = done.status.expect("rollcheck inspect finished before the timeout");
    let code = status.code().expect("rollcheck exited, not killed by a signal");
    (code, String::from_utf8_lossy(&done.stdout).into_owned(), String::from_utf8_lossy(&done.stderr).into_owned())
}

fn inspect_json(file: &Path, args: &[&str]) -> (i32, Value) {
    let mut with_json = args.to_vec();
    with_json.extend(["--format", "json"]);
    let (code, out, err) = inspect(file, &with_json, &[]);
    let json =
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{}: not JSON ({e}): {out}\n{err}", file.display()));
    (code, json)
}

/// A client program of the test server, without the caller's libpq environment.
fn client(pg: &support::PgServer, tool: &str) -> Command {
    let mut cmd = Command::new(pg.bin(tool));
    for var in ["PGHOST", "PGPORT", "PGUSER", "PGDATABASE", "PGPASSWORD", "PGSERVICE", "PGOPTIONS", "PGSSLMODE"] {
        cmd.env_remove(var);
    }
    cmd
}

/// The real pg_restore of a committed custom backup into a fresh database (the foreign keys whose
/// rows are orphaned fail to restore, as the sample's README says; the data loads).
fn restored(pg: &support::PgServer, stem: &str) -> support::Database {
    let db = pg.create_database(stem);
    client(pg, "pg_restore")
        .arg("-h")
        .arg(pg.socket_dir())
        .args(["-p", &pg.port().to_string(), "-U", "postgres", "-d", db.name()])
        .arg(backup(stem, "dump"))
        .output()
        .expect("running pg_restore");
    db
}

fn count(db: &support::Database, sql: &str) -> u64 {
    let out = db.query(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
    out.trim().parse().unwrap_or_else(|_| panic!("{sql}: not a count: {out:?}"))
}

#[test]
fn each_sample_backup_equals_its_migration_and_its_bookkeeping_agrees() {
    let migrations = sample();
    let migrations = migrations.to_str().unwrap();
    for (stem, expected, applied) in BACKUPS {
        for ext in ["sql", "dump"] {
            let file = backup(stem, ext);
            let (code, json) = inspect_json(&file, &["--migrations", migrations]);
            let what = format!("{stem}.{ext}");
            assert_eq!(code, 0, "{what}: {json}");
            assert_eq!(json["format"], if ext == "sql" { "plain" } else { "custom" }, "{what}");
            assert_eq!(json["complete"], true, "{what}");
            assert_eq!(json["problems"], Value::Array(vec![]), "{what}");
            assert_eq!(json["matches_migration"], expected, "{what}");
            assert_eq!(json["closest_migration"], Value::Null, "{what}");
            if ext == "dump" {
                // A plain dump made without --create does not name its database.
                assert_eq!(json["database"], "kennelworks", "{what}");
            }
            let tool = &json["applied_by_tool"];
            assert_eq!(tool["tool"], "prisma", "{what}");
            assert_eq!(tool["table"], "public._prisma_migrations", "{what}");
            assert_eq!(tool["applied"], applied, "{what}");
            assert_eq!(tool["state"], expected, "{what}");
            assert_eq!(tool["agrees"], true, "{what}: {}", tool["agreement"]);
        }
    }
}

#[test]
fn row_counts_and_applied_migrations_are_what_the_restored_database_holds() {
    let Some(pg) = support::server() else { return };
    for (stem, _, applied) in BACKUPS {
        let db = restored(pg, stem);
        let in_db = count(
            &db,
            "SELECT count(*) FROM public._prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL",
        );
        assert_eq!(in_db, applied as u64, "{stem}: the README's count");
        let tables = db
            .query(
                "SELECT schemaname || '.' || tablename FROM pg_tables \
                 WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY schemaname || '.' || tablename COLLATE \"C\"",
            )
            .expect("listing tables");
        let tables: Vec<&str> = tables.lines().collect();
        for ext in ["sql", "dump"] {
            let (code, json) = inspect_json(&backup(stem, ext), &[]);
            assert_eq!(code, 0, "{stem}.{ext}");
            assert_eq!(json["applied_by_tool"]["applied"], applied, "{stem}.{ext}");
            let listed = json["tables"].as_array().expect("tables");
            let names: Vec<&str> = listed.iter().map(|t| t["name"].as_str().expect("name")).collect();
            assert_eq!(names, tables, "{stem}.{ext}: every table, schema-qualified and unquoted");
            for t in listed {
                let name = t["name"].as_str().unwrap();
                let (schema, table) = name.split_once('.').unwrap();
                let rows = count(&db, &format!("SELECT count(*) FROM \"{schema}\".\"{table}\""));
                assert_eq!(t["data_present"], true, "{stem}.{ext}: {name}");
                assert_eq!(t["rows"], rows, "{stem}.{ext}: {name}");
            }
        }
    }
}

#[test]
fn a_truncated_archive_exits_1_with_a_problem_and_its_offset() {
    let whole = std::fs::read(backup(BACKUPS[1].0, "dump")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    for keep in [whole.len() * 2 / 3, whole.len() - 10] {
        let cut = dir.path().join(format!("cut-{keep}.dump"));
        std::fs::write(&cut, &whole[..keep]).unwrap();
        let (code, json) = inspect_json(&cut, &[]);
        assert_eq!(code, 1, "{keep}: {json}");
        assert_eq!(json["complete"], false);
        assert_eq!(json["integrity"], "damaged");
        let problems = json["problems"].as_array().unwrap();
        assert!(!problems.is_empty(), "{keep}: {json}");
        for p in problems {
            let offset = p["offset"].as_u64().unwrap_or_else(|| panic!("{keep}: a problem without offset: {p}"));
            assert!(offset <= keep as u64, "{keep}: offset {offset} past the end");
            assert!(p["kind"].is_string() && p["message"].is_string());
        }
        let (code, text, _) = inspect(&cut, &[], &[]);
        assert_eq!(code, 1);
        assert!(text.starts_with(&format!("{}: INCOMPLETE", cut.display())), "verdict first: {text}");
    }
}

#[test]
fn garbage_and_a_missing_file_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let garbage = dir.path().join("garbage.dump");
    let bytes: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).collect();
    std::fs::write(&garbage, bytes).unwrap();
    let (code, out, err) = inspect(&garbage, &[], &[]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("garbage.dump"), "names the file: {err}");
    let (code, _, err) = inspect(&dir.path().join("absent.dump"), &[], &[]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn a_gzip_archive_is_verified_and_an_uncompressed_one_is_not() {
    let (code, json) = inspect_json(&fixture("custom.dump"), &[]);
    assert_eq!(code, 0);
    assert_eq!(json["compression"], "gzip");
    assert_eq!(json["integrity"], "verified", "{json}");
    let (code, json) = inspect_json(&fixture("custom-z0.dump"), &[]);
    assert_eq!(code, 0);
    assert_eq!(json["compression"], "none");
    assert_eq!(json["complete"], true);
    assert_eq!(json["integrity"], "complete-structure-only", "{json}");
    assert!(json["integrity_note"].as_str().unwrap().contains("not verified"));
    let (code, json) = inspect_json(&fixture("plain.sql"), &[]);
    assert_eq!(code, 0);
    assert_eq!(json["integrity"], "complete-structure-only", "a plain dump carries no checksum: {json}");
}

#[test]
fn a_fresh_gzip_and_z0_archive_of_the_real_pg_dump() {
    let Some(pg) = support::server() else { return };
    let db = pg.create_database("inspect_codecs");
    db.apply_sql("CREATE TABLE t (id int PRIMARY KEY, v text); INSERT INTO t SELECT g, 'row ' || g FROM generate_series(1, 500) g;")
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    for (args, integrity) in [(&["-Fc", "-Z5"][..], "verified"), (&["-Fc", "-Z0"][..], "complete-structure-only")] {
        let file = dir.path().join("t.dump");
        std::fs::write(&file, db.pg_dump(args)).unwrap();
        let (code, json) = inspect_json(&file, &[]);
        assert_eq!(code, 0, "{args:?}");
        assert_eq!(json["integrity"], integrity, "{args:?}");
        assert_eq!(json["tables"][0]["name"], "public.t");
        assert_eq!(json["tables"][0]["rows"], 500);
    }
}

#[test]
fn the_json_of_one_backup() {
    let file = backup(BACKUPS[1].0, "dump");
    let (code, out, _) = inspect(&file, &["--migrations", sample().to_str().unwrap(), "--format", "json"], &[]);
    assert_eq!(code, 0);
    let out = out.replace(root().to_str().unwrap(), "[ROOT]");
    insta::assert_snapshot!(out);
}

#[test]
fn output_does_not_depend_on_threads() {
    let migrations = sample();
    for file in [backup(BACKUPS[2].0, "dump"), backup(BACKUPS[0].0, "sql")] {
        let mut outputs = Vec::new();
        for threads in ["1", "4"] {
            for format in ["json", "text"] {
                let args = ["--migrations", migrations.to_str().unwrap(), "--format", format];
                let (code, out, _) = inspect(&file, &args, &[("RAYON_NUM_THREADS", threads)]);
                assert_eq!(code, 0);
                outputs.push(out);
            }
        }
        assert_eq!(outputs[0], outputs[2], "json, 1 vs 4 threads");
        assert_eq!(outputs[1], outputs[3], "text, 1 vs 4 threads");
    }
}

#[test]
fn a_drifted_schema_names_the_closest_migration_and_the_difference() {
    let Some(pg) = support::server() else { return };
    let db = restored(pg, BACKUPS[1].0);
    db.apply_sql("ALTER TABLE \"Contact\" ADD COLUMN \"nickname\" text;").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("drifted.dump");
    std::fs::write(&file, db.pg_dump(&["-Fc"])).unwrap();
    let (code, json) = inspect_json(&file, &["--migrations", sample().to_str().unwrap()]);
    assert_eq!(code, 0, "complete, though drifted: {json}");
    assert_eq!(json["matches_migration"], Value::Null);
    assert_eq!(json["closest_migration"], BACKUPS[1].1);
    let drift = json["drift"].to_string();
    assert!(drift.contains("nickname"), "the added column is the drift: {drift}");
    let tool = &json["applied_by_tool"];
    assert_eq!(tool["applied"], 7);
    assert_eq!(tool["agrees"], Value::Null, "no state is equal, so nothing to agree with");
}

#[test]
fn a_plain_dump_cut_short_exits_1() {
    let whole = std::fs::read(backup(BACKUPS[0].0, "sql")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let cut = dir.path().join("cut.sql");
    std::fs::write(&cut, &whole[..whole.len() / 2]).unwrap();
    let (code, json) = inspect_json(&cut, &[]);
    assert_eq!(code, 1, "{json}");
    let problems = json["problems"].as_array().unwrap();
    assert!(problems.iter().any(|p| p["offset"].is_u64()), "{json}");
}

/// A real plain dump of 500 rows of `t (id int, v text)`.
fn plain_dump_of_500_rows(pg: &support::PgServer, hint: &str) -> Vec<u8> {
    let db = pg.create_database(hint);
    db.apply_sql("CREATE TABLE t (id int PRIMARY KEY, v text); INSERT INTO t SELECT g, 'row ' || g FROM generate_series(1, 500) g;")
        .unwrap();
    db.pg_dump(&[])
}

#[test]
fn a_plain_row_with_a_field_missing_is_damaged_at_that_row_as_psql_says() {
    let Some(pg) = support::server() else { return };
    let whole = plain_dump_of_500_rows(pg, "inspect_fields");
    let row = b"\n321\trow 321\n";
    let at = whole.windows(row.len()).position(|w| w == row).expect("row 321 in the dump") + 1;
    let mut damaged = whole.clone();
    damaged[at + 3] = b' ';
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("fields.sql");
    std::fs::write(&file, &damaged).unwrap();

    let (code, json) = inspect_json(&file, &[]);
    assert_eq!(code, 1, "{json}");
    let problem = &json["problems"][0];
    assert_eq!(problem["kind"], "field-count", "{json}");
    assert_eq!(problem["offset"], at as u64, "the offset of the row: {json}");
    assert!(problem["message"].as_str().unwrap().contains("row 321 of public.t has 1 fields"), "{json}");
    assert_eq!(json["tables"][0]["rows"], 500);

    // The truth: psql stops at that row, on COPY's line 321.
    let err = pg.create_database("inspect_fields_restore").apply_sql(&String::from_utf8(damaged).unwrap()).unwrap_err();
    assert!(err.contains("COPY t, line 321"), "{err}");
    // The same dump undamaged is complete.
    std::fs::write(&file, &whole).unwrap();
    assert_eq!(inspect_json(&file, &[]).0, 0);
}

#[test]
fn a_gzip_plain_dump_is_verified_by_its_crc_and_a_flipped_byte_is_caught() {
    use std::io::Write as _;
    let Some(pg) = support::server() else { return };
    let whole = plain_dump_of_500_rows(pg, "inspect_gzip");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&whole).unwrap();
    let gz = gz.finish().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("plain.sql.gz");
    std::fs::write(&file, &gz).unwrap();
    let (code, json) = inspect_json(&file, &[]);
    assert_eq!(code, 0, "{json}");
    assert_eq!(json["compression"], "gzip");
    assert_eq!(json["integrity"], "verified", "gzip's CRC-32 covers the whole dump: {json}");

    // The gzip trailer's CRC-32, changed: every byte decompresses, the check fails.
    let mut flipped = gz.clone();
    let crc = flipped.len() - 8;
    flipped[crc] ^= 0x01;
    std::fs::write(&file, &flipped).unwrap();
    let (code, json) = inspect_json(&file, &[]);
    assert_eq!(code, 1, "{json}");
    assert_ne!(json["integrity"], "verified", "{json}");
    // The truth: gzip itself refuses it.
    let status = Command::new("gzip").arg("-t").arg(&file).stderr(std::process::Stdio::null()).status().unwrap();
    assert!(!status.success(), "gzip -t accepts the changed CRC");
}

#[test]
fn the_json_schema_is_published_and_every_kind_of_report_validates() {
    let published = root().join("docs/inspect.schema.json");
    let generated = rollcheck::report::inspect::json_schema();
    if std::env::var_os("ROLLCHECK_BLESS").is_some() {
        std::fs::write(&published, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&published).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/inspect.schema.json is stale: run `ROLLCHECK_BLESS=1 cargo test --test inspect`"
    );
    let schema: Value = serde_json::from_str(&generated).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    // A matching archive with bookkeeping rows, a plain dump, and a damaged archive.
    let dir = tempfile::tempdir().unwrap();
    let whole = std::fs::read(backup(BACKUPS[1].0, "dump")).unwrap();
    let cut = dir.path().join("cut.dump");
    std::fs::write(&cut, &whole[..whole.len() * 2 / 3]).unwrap();
    let migrations = sample();
    for (file, args) in [
        (backup(BACKUPS[1].0, "dump"), vec!["--migrations", migrations.to_str().unwrap()]),
        (backup(BACKUPS[0].0, "sql"), vec![]),
        (cut, vec![]),
    ] {
        let (_, json) = inspect_json(&file, &args);
        let errors: Vec<String> = validator.iter_errors(&json).map(|e| format!("{e} at {}", e.instance_path)).collect();
        assert!(errors.is_empty(), "{}: {}", file.display(), errors.join("\n"));
    }
}
