//! Bad input: the binary never panics, never hangs, never touches its input, refuses (exit 2) what it
//! cannot read at all, and otherwise reads what it can and says where the problem is (`FILE:LINE:COL:`).
//!
//! Every input is run through `schema --format json`, `schema --format sql`, `graph --format json` and
//! `diff X X --format json`, each under a watchdog that kills it after 20 s. Small inputs live in
//! `tests/fixtures/bad_input/` and are copied into a temporary directory first (the test sets their mtime
//! to check it does not change); big and binary ones are generated there.

mod binary;

use binary::{head, Run};

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const TIMEOUT: Duration = Duration::from_secs(20);

// ---------------------------------------------------------------------------------------------------------
// Running the binary
// ---------------------------------------------------------------------------------------------------------

/// Runs the binary under the watchdog (kill after [`TIMEOUT`], then fail): no panic, no signal, exit 0..=2.
fn rollcheck(args: Vec<OsString>) -> Run {
    binary::checked(args, &[], TIMEOUT)
}

// ---------------------------------------------------------------------------------------------------------
// Inputs and their before/after state
// ---------------------------------------------------------------------------------------------------------

struct Input {
    _tmp: tempfile::TempDir,
    path: PathBuf,
}

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad_input")
}

/// A copy of `tests/fixtures/bad_input/NAME` in a fresh temporary directory.
fn fixture(name: &str) -> Input {
    let bytes = std::fs::read(fixture_dir().join(name)).unwrap_or_else(|e| panic!("fixture {name}: {e}"));
    generated(name, &bytes)
}

fn generated(name: &str, bytes: &[u8]) -> Input {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    Input { _tmp: tmp, path }
}

/// A fixed mtime in the past, so that any write shows even on file systems with coarse timestamps.
fn old_mtime() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_600_000_000)
}

/// Every file and directory under `path` (itself included): its path, its bytes (files) or sorted entry
/// names (directories), and its mtime.
fn tree_state(path: &Path) -> Vec<(PathBuf, Vec<u8>, SystemTime)> {
    let mut out = Vec::new();
    let md = std::fs::metadata(path).unwrap();
    if md.is_dir() {
        let mut names: Vec<PathBuf> = std::fs::read_dir(path).unwrap().map(|e| e.unwrap().path()).collect();
        names.sort();
        let listing = names.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join("\n");
        out.push((path.to_owned(), listing.into_bytes(), md.modified().unwrap()));
        for p in names {
            out.extend(tree_state(&p));
        }
    } else {
        out.push((path.to_owned(), std::fs::read(path).unwrap(), md.modified().unwrap()));
    }
    out
}

fn set_old_mtimes(path: &Path) {
    if path.is_dir() {
        for e in std::fs::read_dir(path).unwrap() {
            set_old_mtimes(&e.unwrap().path());
        }
    }
    let f = std::fs::File::open(path).unwrap();
    f.set_modified(old_mtime()).unwrap();
}

/// The four commands' runs over one input.
struct Outcome {
    path: PathBuf,
    schema_json: Run,
    schema_sql: Run,
    graph_json: Run,
    diff_self: Run,
}

impl Outcome {
    fn runs(&self) -> [&Run; 4] {
        [&self.schema_json, &self.schema_sql, &self.graph_json, &self.diff_self]
    }

    fn path_str(&self) -> String {
        self.path.display().to_string()
    }

    /// Stderr lines that start with `PATH:LINE:` (a diagnostic located in the input).
    fn located_diagnostics(&self) -> Vec<(u64, String)> {
        let prefix = format!("{}:", self.path_str());
        self.schema_json
            .stderr
            .lines()
            .filter_map(|l| {
                let rest = l.strip_prefix(&prefix)?;
                let (line, after) = rest.split_once(':')?;
                let line: u64 = line.parse().ok()?;
                let (col, _) = after.split_once(':')?;
                col.parse::<u64>().ok()?;
                Some((line, l.to_owned()))
            })
            .collect()
    }

    /// Object names from `schema --format json` (which must have succeeded).
    fn objects(&self) -> Vec<String> {
        assert_ne!(self.schema_json.code(), 2, "schema failed:\n{}", head(&self.schema_json.stderr));
        let v: serde_json::Value = serde_json::from_str(&self.schema_json.stdout)
            .unwrap_or_else(|e| panic!("schema --format json is not JSON ({e}):\n{}", head(&self.schema_json.stdout)));
        v["objects"].as_array().expect("objects").iter().map(|o| o["name"].as_str().unwrap().to_owned()).collect()
    }

    fn object_json(&self, name: &str) -> serde_json::Value {
        let v: serde_json::Value = serde_json::from_str(&self.schema_json.stdout).unwrap();
        v["objects"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["name"] == name)
            .cloned()
            .unwrap_or_else(|| panic!("no object {name}"))
    }

    fn assert_has(&self, names: &[&str]) {
        let objects = self.objects();
        for n in names {
            assert!(
                objects.iter().any(|o| o == n),
                "{n} is missing from the schema: {objects:?}\nstderr:\n{}",
                head(&self.schema_json.stderr)
            );
        }
    }

    fn assert_lacks(&self, names: &[&str]) {
        let objects = self.objects();
        for n in names {
            assert!(!objects.iter().any(|o| o == n), "{n} should not be in the schema: {objects:?}");
        }
    }

    /// Nothing usable: every command exits 2, prints nothing on stdout, names the input on stderr.
    fn assert_unreadable(&self) {
        for run in self.runs() {
            assert_eq!(
                run.code(),
                2,
                "rollcheck {:?} should refuse this input\nstdout:\n{}\nstderr:\n{}",
                run.args,
                head(&run.stdout),
                head(&run.stderr)
            );
            assert_eq!(run.stdout, "", "rollcheck {:?}: nothing on stdout", run.args);
            assert!(
                run.stderr.contains(&self.path_str()),
                "rollcheck {:?}: stderr does not name the input:\n{}",
                run.args,
                head(&run.stderr)
            );
        }
    }

    /// Something was read, and a diagnostic on stderr says `PATH:LINE:COL: ...` for the given line.
    fn assert_diagnostic_at(&self, line: u64) {
        let found = self.located_diagnostics();
        assert!(
            found.iter().any(|(l, _)| *l == line),
            "no diagnostic at {}:{line}: in stderr:\n{}",
            self.path_str(),
            head(&self.schema_json.stderr)
        );
        assert_ne!(self.schema_json.code(), 2, "this input has usable statements:\n{}", head(&self.schema_json.stderr));
    }
}

/// Runs the four commands over `input` and checks what holds for every input: no panic, no hang, no
/// signal, the input left as it was (bytes and mtime), the commands agreeing on whether the input can be
/// read, and `diff X X` finding X equal to itself.
fn check(input: &Input) -> Outcome {
    let path = input.path.clone();
    set_old_mtimes(&path);
    let before = tree_state(&path);
    let p = path.as_os_str().to_owned();
    let o = Outcome {
        schema_json: rollcheck(vec!["schema".into(), p.clone(), "--format".into(), "json".into()]),
        schema_sql: rollcheck(vec!["schema".into(), p.clone(), "--format".into(), "sql".into()]),
        graph_json: rollcheck(vec!["graph".into(), p.clone(), "--format".into(), "json".into()]),
        diff_self: rollcheck(vec!["diff".into(), p.clone(), p.clone(), "--format".into(), "json".into()]),
        path: path.clone(),
    };
    let after = tree_state(&path);
    assert_eq!(before.len(), after.len(), "files appeared or vanished under {}", path.display());
    for ((p1, b1, t1), (p2, b2, t2)) in before.iter().zip(&after) {
        assert_eq!(p1, p2);
        assert!(b1 == b2, "{} was modified", p1.display());
        assert_eq!(t1, t2, "mtime of {} changed", p1.display());
    }
    let readable = o.schema_json.code() != 2;
    for run in o.runs() {
        assert_eq!(
            run.code() != 2,
            readable,
            "commands disagree on whether the input is readable: {:?} exit {}\n{}",
            run.args,
            run.code(),
            head(&run.stderr)
        );
    }
    if readable {
        assert_eq!(o.schema_sql.code(), 0);
        assert_eq!(o.graph_json.code(), 0);
        assert_eq!(o.diff_self.code(), 0, "an input is equal to itself:\n{}", head(&o.diff_self.stdout));
        let d: serde_json::Value = serde_json::from_str(&o.diff_self.stdout).expect("diff --format json is JSON");
        assert_eq!(d["equal"], true);
        serde_json::from_str::<serde_json::Value>(&o.graph_json.stdout).expect("graph --format json is JSON");
    }
    o
}

// ---------------------------------------------------------------------------------------------------------
// Nothing usable: exit 2
// ---------------------------------------------------------------------------------------------------------

#[test]
fn empty_file_is_refused() {
    let o = check(&fixture("empty.sql"));
    o.assert_unreadable();
}

fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
    let mut v = Vec::new();
    if bom {
        v.extend_from_slice(if big_endian { &[0xFE, 0xFF] } else { &[0xFF, 0xFE] });
    }
    for u in text.encode_utf16() {
        v.extend_from_slice(&if big_endian { u.to_be_bytes() } else { u.to_le_bytes() });
    }
    v
}

const SMALL_SCHEMA: &str = "CREATE TABLE a (id int PRIMARY KEY);\nCREATE TABLE b (id int REFERENCES a);\n";

#[test]
fn utf16_le_with_bom_is_refused_and_named_as_utf16() {
    let o = check(&generated("utf16le_bom.sql", &utf16(SMALL_SCHEMA, false, true)));
    o.assert_unreadable();
    assert!(o.schema_json.stderr.contains("UTF-16"), "{}", o.schema_json.stderr);
}

#[test]
fn utf16_le_without_bom_is_refused_and_named_as_utf16() {
    let o = check(&generated("utf16le.sql", &utf16(SMALL_SCHEMA, false, false)));
    o.assert_unreadable();
    assert!(o.schema_json.stderr.contains("UTF-16"), "{}", o.schema_json.stderr);
}

#[test]
fn utf16_be_with_bom_is_refused_and_named_as_utf16() {
    let o = check(&generated("utf16be_bom.sql", &utf16(SMALL_SCHEMA, true, true)));
    o.assert_unreadable();
    assert!(o.schema_json.stderr.contains("UTF-16"), "{}", o.schema_json.stderr);
}

/// A small deterministic generator (xorshift64*), so the "random" bytes are the same on every run.
fn random_bytes(seed: u64, n: usize) -> Vec<u8> {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..n)
        .map(|_| {
            x ^= x >> 12;
            x ^= x << 25;
            x ^= x >> 27;
            (x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 56) as u8
        })
        .collect()
}

const BINARY_SEEDS: std::ops::Range<u64> = 0..12;

/// Binary garbage: never a panic or a hang, and never silence: either refused, or located diagnostics.
#[test]
fn binary_file_is_survived() {
    for seed in BINARY_SEEDS {
        let o = check(&generated(&format!("random-{seed}.bin"), &random_bytes(seed, 64 * 1024)));
        if o.schema_json.code() != 2 {
            assert!(
                !o.located_diagnostics().is_empty(),
                "seed {seed}: read as SQL without a word:\n{}",
                head(&o.schema_json.stderr)
            );
        }
    }
}

/// Binary garbage is nothing usable: exit 2.
#[test]
fn binary_file_is_refused() {
    let mut accepted = Vec::new();
    for seed in BINARY_SEEDS {
        let o = check(&generated(&format!("random-{seed}.bin"), &random_bytes(seed, 64 * 1024)));
        if o.schema_json.code() != 2 {
            accepted.push((seed, o.schema_json.code(), o.objects()));
        } else {
            o.assert_unreadable();
        }
    }
    assert!(accepted.is_empty(), "binary files accepted, (seed, exit, objects): {accepted:?}");
}

#[test]
fn directory_that_is_not_a_migrations_folder_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("not-migrations");
    std::fs::create_dir_all(dir.join("assets")).unwrap();
    std::fs::write(dir.join("README.md"), "# notes\n").unwrap();
    std::fs::write(dir.join("assets/logo.svg"), "<svg/>\n").unwrap();
    std::fs::write(dir.join("schema.prisma"), "model A { id Int @id }\n").unwrap();
    let o = check(&Input { path: dir, _tmp: tmp });
    o.assert_unreadable();
}

#[test]
fn gzip_truncated_inside_its_header_is_refused() {
    let full = gzip(b"CREATE TABLE a (id int);\n");
    let o = check(&generated("tiny.sql.gz", &full[..6]));
    o.assert_unreadable();
}

// ---------------------------------------------------------------------------------------------------------
// Comment-only input
// ---------------------------------------------------------------------------------------------------------

#[test]
fn comment_only_file_is_survived() {
    let o = check(&fixture("comment_only.sql"));
    if o.schema_json.code() != 2 {
        o.assert_lacks(&["public.a"]);
    }
}

/// A file of whitespace and comments has no statement, just like an empty file (which is refused with
/// "contains no SQL statements"): it must not pass silently as an empty schema.
#[test]
fn comment_only_file_is_reported() {
    let o = check(&fixture("comment_only.sql"));
    let refused = o.schema_json.code() == 2 && o.schema_json.stderr.contains(&o.path_str());
    assert!(
        refused || !o.located_diagnostics().is_empty(),
        "exit {}, stderr {:?}",
        o.schema_json.code(),
        o.schema_json.stderr
    );
}

// ---------------------------------------------------------------------------------------------------------
// Read what can be read, say where the problem is
// ---------------------------------------------------------------------------------------------------------

#[test]
fn truncated_statement_is_located() {
    let o = check(&fixture("truncated.sql"));
    o.assert_diagnostic_at(2);
    o.assert_has(&["public.a"]);
    o.assert_lacks(&["public.b"]);
}

#[test]
fn unterminated_dollar_quote_is_located() {
    let o = check(&fixture("unterminated_dollar_quote.sql"));
    o.assert_diagnostic_at(2);
    o.assert_has(&["public.a"]);
    // Everything after $body$ is inside the quote.
    o.assert_lacks(&["public.b"]);
}

#[test]
fn unterminated_string_is_located() {
    let o = check(&fixture("unterminated_string.sql"));
    o.assert_diagnostic_at(2);
    o.assert_has(&["public.a"]);
    o.assert_lacks(&["public.b"]);
}

#[test]
fn unterminated_block_comment_is_located() {
    let o = check(&fixture("unterminated_block_comment.sql"));
    o.assert_diagnostic_at(2);
    o.assert_has(&["public.a"]);
    o.assert_lacks(&["public.b"]);
}

#[test]
fn unterminated_copy_block_is_located() {
    let o = check(&fixture("unterminated_copy.sql"));
    o.assert_diagnostic_at(2);
    o.assert_has(&["public.a", "public.a.id", "public.a.label"]);
    // The rows are data, not statements.
    assert!(!o.schema_json.stderr.contains("syntax error"), "{}", o.schema_json.stderr);
}

#[test]
fn invalid_utf8_in_the_middle_is_located_and_the_rest_is_read() {
    let mut bytes = b"CREATE TABLE a (id int);\nCOMMENT ON TABLE a IS 'caf".to_vec();
    bytes.extend_from_slice(&[0xE9, 0xFF]); // Latin-1 'é' and a byte that is never UTF-8
    bytes.extend_from_slice(b"';\nCREATE TABLE b (id int);\n");
    let o = check(&generated("latin1.sql", &bytes));
    o.assert_diagnostic_at(2);
    o.assert_has(&["public.a", "public.b"]);
}

#[test]
fn nul_bytes_are_located_and_the_rest_is_read() {
    let o = check(&generated(
        "nul.sql",
        b"CREATE TABLE a (id int);\nCREATE TABLE b\0 (id int);\nCREATE TABLE c (id int);\n",
    ));
    o.assert_diagnostic_at(2);
    o.assert_has(&["public.a", "public.c"]);
    o.assert_lacks(&["public.b"]);
}

#[test]
fn syntax_error_between_good_statements_keeps_both() {
    let o = check(&fixture("syntax_error_between.sql"));
    o.assert_diagnostic_at(2);
    o.assert_has(&["public.a", "public.a.id", "public.b", "public.b.id"]);
    o.assert_lacks(&["public.oops"]);
    // The SQL rendering has both tables too.
    assert!(
        o.schema_sql.stdout.contains("CREATE TABLE public.a (")
            && o.schema_sql.stdout.contains("CREATE TABLE public.b (")
    );
}

fn sandwich(middle: &str) -> String {
    format!("CREATE TABLE a (id int);\n{middle}\nCREATE TABLE b (id int);\n")
}

/// 5,000 parentheses around a CHECK expression: valid SQL that PostgreSQL accepts. Either it is modeled
/// (as `CHECK (c > 0)`) or it is reported at its line; the statements around it are read either way.
#[test]
fn expression_nested_5000_deep_is_handled() {
    let n = 5000;
    let sql = sandwich(&format!(
        "CREATE TABLE t (c int CONSTRAINT t_c_check CHECK ({}c > 0{}));",
        "(".repeat(n),
        ")".repeat(n)
    ));
    let o = check(&generated("deep_check.sql", sql.as_bytes()));
    o.assert_has(&["public.a", "public.b"]);
    if o.objects().iter().any(|n| n == "public.t.t_c_check") {
        assert_eq!(o.object_json("public.t.t_c_check")["attributes"]["definition"], "CHECK ((c > 0))");
    } else {
        o.assert_diagnostic_at(2);
    }
}

/// The same, with a bare column inside the 5,000 parentheses (not boolean, so PostgreSQL would reject it
/// when it checks types; the parser accepts it). The statements around it are read.
#[test]
fn bare_column_nested_5000_deep_is_handled() {
    let n = 5000;
    let sql =
        sandwich(&format!("CREATE TABLE t (c int CONSTRAINT t_c_check CHECK ({}c{}));", "(".repeat(n), ")".repeat(n)));
    let o = check(&generated("deep_bare.sql", sql.as_bytes()));
    o.assert_has(&["public.a", "public.b"]);
    if !o.objects().iter().any(|n| n == "public.t.t_c_check") {
        o.assert_diagnostic_at(2);
    }
}

/// A view over a `SELECT` nested 5,000 subqueries deep.
#[test]
fn select_nested_5000_deep_in_a_view_is_handled() {
    let n = 5000;
    let sql = sandwich(&format!("CREATE VIEW v AS {}SELECT 1 AS x{};", "SELECT x FROM (".repeat(n), ") s".repeat(n)));
    let o = check(&generated("deep_view.sql", sql.as_bytes()));
    o.assert_has(&["public.a", "public.b"]);
    if !o.objects().iter().any(|n| n == "public.v") {
        o.assert_diagnostic_at(2);
    }
}

/// A left-deep expression tree (`1 + 1 + ... + 1`, 5,000 terms): deep after parsing, not just in the text.
#[test]
fn left_deep_expression_of_5000_terms_is_handled() {
    let sql = sandwich(&format!("CREATE TABLE t (c int DEFAULT 1{});", " + 1".repeat(5000)));
    let o = check(&generated("deep_sum.sql", sql.as_bytes()));
    o.assert_has(&["public.a", "public.b"]);
    if !o.objects().iter().any(|n| n == "public.t") {
        o.assert_diagnostic_at(2);
    }
}

/// One line of 1 MiB: a good statement, a CHECK with a huge IN list, a misspelled statement, a good one.
#[test]
fn one_megabyte_single_line_is_read_and_located() {
    let mut list = String::new();
    let mut i = 0u32;
    while list.len() < (1 << 20) {
        if i > 0 {
            list.push_str(", ");
        }
        list.push_str(&i.to_string());
        i += 1;
    }
    let line = format!(
        "CREATE TABLE a (id int); CREATE TABLE big (c int CONSTRAINT big_c_check CHECK (c IN ({list}))); CREATE TABEL broken (id int); CREATE TABLE b (id int);"
    );
    assert!(line.len() > 1 << 20 && !line.contains('\n'));
    let o = check(&generated("one_line.sql", line.as_bytes()));
    o.assert_diagnostic_at(1);
    o.assert_has(&["public.a", "public.big", "public.big.big_c_check", "public.b"]);
    o.assert_lacks(&["public.broken"]);
    let def = o.object_json("public.big.big_c_check")["attributes"]["definition"].as_str().unwrap().to_owned();
    assert!(
        def.contains(&format!(", {})", i - 1)) || def.contains(&format!(", {}]", i - 1)),
        "the whole list is kept: ...{}",
        &def[def.len() - 60..]
    );
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

/// A dump compressed with gzip and cut in the middle: what was decompressed is read, and the read error
/// is located at the line where the data stops.
#[test]
fn truncated_gzip_is_read_up_to_the_cut_and_located() {
    let n = 3000;
    let text: String = (0..n).map(|i| format!("CREATE TABLE t{i} (id int, name text);\n")).collect();
    let gz = gzip(text.as_bytes());
    let o = check(&generated("dump.sql.gz", &gz[..gz.len() / 2]));
    let found = o.located_diagnostics();
    assert!(!found.is_empty(), "no located diagnostic:\n{}", head(&o.schema_json.stderr));
    let (line, _) = found[0].clone();
    assert!(line > 1 && line < n as u64, "the cut is somewhere in the middle, not at line {line}");
    let objects = o.objects();
    // Table t{i} is on line i+1: every statement that ended before the cut is there.
    for i in 0..(line - 1) {
        let t = format!("public.t{i}");
        assert!(objects.contains(&t), "{t} (line {}) is before the cut at line {line} but missing", i + 1);
    }
    assert!(!objects.contains(&format!("public.t{}", n - 1)), "the last table is after the cut");
}
