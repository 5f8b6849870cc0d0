//! The same input gives the same bytes: `schema --format sql|json`, `graph --format json|dot` and
//! `diff --format json`, run four times with `RAYON_NUM_THREADS` 2, 1, 8 and 2 (statements are parsed in
//! parallel), produce identical stdout, stderr and exit status. Over the bundled sample and over a
//! generated plain SQL file of 300 tables with foreign keys, indexes, views and a few diagnostics.

mod binary;

use std::ffi::OsString;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

const TIMEOUT: Duration = Duration::from_secs(20);

/// Thread counts, one run each: four runs in all, two with 2 threads, one with 1 and one with 8.
const THREADS: [&str; 4] = ["2", "1", "8", "2"];

#[derive(PartialEq, Eq)]
struct Output {
    code: i32,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
}

/// Runs the binary with `RAYON_NUM_THREADS=threads` under a watchdog thread (kill after [`TIMEOUT`]).
fn rollcheck(args: &[OsString], threads: &str) -> Output {
    let binary::Finished { status, stdout, stderr } = binary::run(args, &[("RAYON_NUM_THREADS", threads)], TIMEOUT);
    let status = status.unwrap_or_else(|| panic!("rollcheck {args:?} did not finish within {TIMEOUT:?}; killed"));
    let code = status.code().unwrap_or_else(|| panic!("rollcheck {args:?} was killed by a signal: {status:?}"));
    let text = String::from_utf8_lossy(&stderr);
    assert!(code != 101 && !text.contains("panicked"), "rollcheck {args:?} panicked:\n{text}");
    Output { code, stdout, stderr }
}

/// Runs `args` once per entry of [`THREADS`] and checks every run against the first; returns it.
fn assert_deterministic(args: &[OsString], want_code: i32) -> Output {
    let first = rollcheck(args, THREADS[0]);
    assert_eq!(
        first.code,
        want_code,
        "rollcheck {args:?}: exit status\nstderr:\n{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(!first.stdout.is_empty(), "rollcheck {args:?} printed nothing");
    for (i, threads) in THREADS.iter().enumerate().skip(1) {
        let again = rollcheck(args, threads);
        assert_eq!(
            again.code, first.code,
            "rollcheck {args:?}, run {i} (RAYON_NUM_THREADS={threads}): exit status differs"
        );
        if again.stdout != first.stdout {
            panic!(
                "rollcheck {args:?}, run {i} (RAYON_NUM_THREADS={threads}): stdout differs from run 0 (RAYON_NUM_THREADS={}) {}",
                THREADS[0],
                first_difference(&first.stdout, &again.stdout)
            );
        }
        if again.stderr != first.stderr {
            panic!(
                "rollcheck {args:?}, run {i} (RAYON_NUM_THREADS={threads}): stderr differs {}",
                first_difference(&first.stderr, &again.stderr)
            );
        }
    }
    first
}

fn first_difference(a: &[u8], b: &[u8]) -> String {
    let at = a.iter().zip(b).position(|(x, y)| x != y).unwrap_or(a.len().min(b.len()));
    let line = a[..at].iter().filter(|&&c| c == b'\n').count() + 1;
    let show = |v: &[u8]| {
        let start = v[..at.min(v.len())].iter().rposition(|&c| c == b'\n').map_or(0, |i| i + 1);
        let end = v[start..].iter().position(|&c| c == b'\n').map_or(v.len(), |i| start + i);
        String::from_utf8_lossy(&v[start..end]).into_owned()
    };
    format!("at line {line} ({} vs {} bytes):\n  {}\n  {}", a.len(), b.len(), show(a), show(b))
}

fn os(parts: &[&dyn AsRefOs]) -> Vec<OsString> {
    parts.iter().map(|p| p.os()).collect()
}

trait AsRefOs {
    fn os(&self) -> OsString;
}
impl AsRefOs for &str {
    fn os(&self) -> OsString {
        (*self).into()
    }
}
impl AsRefOs for PathBuf {
    fn os(&self) -> OsString {
        self.as_os_str().to_owned()
    }
}

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/party-migration")
}

// ---------------------------------------------------------------------------------------------------------
// The sample
// ---------------------------------------------------------------------------------------------------------

#[test]
fn sample_schema_sql_is_deterministic() {
    assert_deterministic(&os(&[&"schema", &sample(), &"--format", &"sql"]), 0);
}

#[test]
fn sample_schema_json_is_deterministic() {
    assert_deterministic(&os(&[&"schema", &sample(), &"--format", &"json"]), 0);
}

#[test]
fn sample_graph_json_is_deterministic() {
    assert_deterministic(&os(&[&"graph", &sample(), &"--format", &"json"]), 0);
}

#[test]
fn sample_graph_dot_is_deterministic() {
    assert_deterministic(&os(&[&"graph", &sample(), &"--format", &"dot"]), 0);
}

#[test]
fn sample_diff_json_is_deterministic() {
    let out = assert_deterministic(
        &os(&[&"diff", &sample(), &sample(), &"--at-a", &"20250114093012_init", &"--format", &"json"]),
        1,
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["equal"], false);
}

// ---------------------------------------------------------------------------------------------------------
// A generated input: 300 tables
// ---------------------------------------------------------------------------------------------------------

const TABLES: usize = 300;

/// A plain SQL file: enums, 300 tables with defaults, CHECKs and foreign keys (to earlier tables, to later
/// tables and to themselves), plain, unique, partial and expression indexes, 100 views, comments, data,
/// grants, and a few statements that yield diagnostics. `variant` 1 changes some of it, for `diff`.
fn generated_sql(variant: u8) -> String {
    let mut s = String::new();
    s.push_str("-- generated by tests/determinism.rs\nSET statement_timeout = 0;\n");
    s.push_str("CREATE TYPE status AS ENUM ('new', 'active', 'closed');\n");
    s.push_str("CREATE TYPE \"Kind\" AS ENUM ('A', 'B');\n");
    for i in 0..TABLES {
        let extra = if variant == 1 && i % 10 == 0 { ",\n  \"addedLater\" boolean DEFAULT false NOT NULL" } else { "" };
        writeln!(
            s,
            "CREATE TABLE \"Table{i}\" (\n  id serial PRIMARY KEY,\n  \"parentId\" integer,\n  \"otherId\" integer,\n  \
             name text NOT NULL DEFAULT 'row {i}',\n  state status NOT NULL DEFAULT 'new',\n  kind \"Kind\",\n  \
             amount numeric(12,2) CHECK (amount >= 0),\n  \"createdAt\" timestamp(3) DEFAULT CURRENT_TIMESTAMP NOT NULL{extra}\n);"
        )
        .unwrap();
    }
    for i in 0..TABLES {
        let parent = (i * 7 + 3) % TABLES;
        let other = (i * 13 + 1) % TABLES;
        writeln!(
            s,
            "ALTER TABLE \"Table{i}\" ADD CONSTRAINT \"Table{i}_parentId_fkey\" FOREIGN KEY (\"parentId\") REFERENCES \"Table{parent}\"(id) ON DELETE SET NULL;"
        )
        .unwrap();
        if i % 3 == 0 {
            writeln!(
                s,
                "ALTER TABLE \"Table{i}\" ADD CONSTRAINT \"Table{i}_otherId_fkey\" FOREIGN KEY (\"otherId\") REFERENCES \"Table{other}\"(id) ON DELETE CASCADE;"
            )
            .unwrap();
        }
        writeln!(s, "CREATE INDEX \"Table{i}_parentId_idx\" ON \"Table{i}\" (\"parentId\");").unwrap();
        writeln!(s, "CREATE UNIQUE INDEX \"Table{i}_name_key\" ON \"Table{i}\" (lower(name)) WHERE state <> 'closed';")
            .unwrap();
        if i % 5 == 0 {
            writeln!(s, "CREATE INDEX \"Table{i}_state_createdAt_idx\" ON \"Table{i}\" (state, \"createdAt\" DESC);")
                .unwrap();
            writeln!(s, "COMMENT ON TABLE \"Table{i}\" IS 'table number {i}';").unwrap();
            writeln!(s, "INSERT INTO \"Table{i}\" (name) VALUES ('seed');").unwrap();
        }
    }
    for i in (0..TABLES).step_by(3) {
        let parent = (i * 7 + 3) % TABLES;
        writeln!(
            s,
            "CREATE VIEW \"View{i}\" AS SELECT t.id, t.name, p.name AS \"parentName\", count(*) OVER () AS total \
             FROM \"Table{i}\" t LEFT JOIN \"Table{parent}\" p ON p.id = t.\"parentId\" WHERE t.state <> 'closed';"
        )
        .unwrap();
    }
    for i in (0..TABLES).step_by(30) {
        writeln!(s, "CREATE VIEW \"Summary{i}\" AS SELECT v.id, v.total FROM \"View{i}\" v;").unwrap();
    }
    if variant == 1 {
        for i in (1..TABLES).step_by(50) {
            writeln!(s, "DROP INDEX \"Table{i}_parentId_idx\";").unwrap();
        }
        s.push_str("ALTER TYPE status ADD VALUE 'archived';\n");
    }
    // Diagnostics, spread over the file: a syntax error, a statement that would fail, data and grants.
    s.push_str("GRANT SELECT ON ALL TABLES IN SCHEMA public TO PUBLIC;\n");
    s.push_str("CREATE TABEL broken (id int);\n");
    s.push_str("ALTER TABLE \"NoSuchTable\" ADD COLUMN x int;\n");
    s.push_str("UPDATE \"Table1\" SET name = 'x' WHERE id = 1;\n");
    s
}

struct Generated {
    _tmp: tempfile::TempDir,
    a: PathBuf,
    b: PathBuf,
}

fn generated() -> Generated {
    let tmp = tempfile::tempdir().unwrap();
    let a = tmp.path().join("generated-a.sql");
    let b = tmp.path().join("generated-b.sql");
    std::fs::write(&a, generated_sql(0)).unwrap();
    std::fs::write(&b, generated_sql(1)).unwrap();
    Generated { _tmp: tmp, a, b }
}

#[test]
fn generated_input_is_what_it_claims() {
    let g = generated();
    let out = rollcheck(&os(&[&"schema", &g.a, &"--format", &"json"]), "2");
    assert_eq!(out.code, 0, "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let objects = v["objects"].as_array().unwrap();
    let count = |kind: &str| objects.iter().filter(|o| o["kind"] == kind).count();
    assert_eq!(count("table"), TABLES);
    assert_eq!(
        count("constraint"),
        TABLES /* pkey */ + TABLES /* parent fk */ + TABLES / 3 /* other fk */ + TABLES /* check */
    );
    assert_eq!(count("index"), TABLES * 2 + TABLES / 5);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let path = g.a.display().to_string();
    assert!(stderr.lines().any(|l| l.starts_with(&path) && l.contains("syntax error")), "{stderr}");
    assert!(stderr.contains("NoSuchTable"), "{stderr}");
}

#[test]
fn generated_schema_sql_is_deterministic() {
    let g = generated();
    assert_deterministic(&os(&[&"schema", &g.a, &"--format", &"sql"]), 0);
}

#[test]
fn generated_schema_json_is_deterministic() {
    let g = generated();
    assert_deterministic(&os(&[&"schema", &g.a, &"--format", &"json"]), 0);
}

#[test]
fn generated_graph_json_is_deterministic() {
    let g = generated();
    assert_deterministic(&os(&[&"graph", &g.a, &"--format", &"json"]), 0);
}

#[test]
fn generated_graph_dot_is_deterministic() {
    let g = generated();
    assert_deterministic(&os(&[&"graph", &g.a, &"--format", &"dot"]), 0);
}

#[test]
fn generated_diff_json_is_deterministic() {
    let g = generated();
    let out = assert_deterministic(&os(&[&"diff", &g.a, &g.b, &"--format", &"json"]), 1);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["equal"], false);
    assert!(v["added"].as_array().unwrap().iter().any(|o| o["name"] == "public.Table10.addedLater"), "{v}");
    assert!(v["removed"].as_array().unwrap().iter().any(|o| o["name"] == "public.Table51_parentId_idx"), "{v}");
}
