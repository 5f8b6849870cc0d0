//! Oracle scenarios: the SQL files under `tests/fixtures/oracle/`.
//!
//! A scenario is one file cut into steps by header lines `-- step: NNN_name`; each step is one migration
//! (applied by psql in a session of its own, and written to a migrations folder as `NNN_name.sql`, so its
//! migration name is `NNN_name`). Comment lines before the first step describe the scenario. The cases
//! under `must_fail/` have the same shape; their last step is one statement that PostgreSQL rejects, and a
//! header line `-- expect-error: <text>` holds a substring of PostgreSQL's error message.

use std::fs;
use std::path::{Path, PathBuf};

/// One scenario file, cut into its steps.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// The file name without `.sql`.
    pub name: String,
    pub path: PathBuf,
    pub steps: Vec<Step>,
    /// From `-- expect-error:` (must_fail cases only).
    pub expect_error: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Step {
    /// `NNN_name`: the migration name, and the file name without `.sql`.
    pub name: String,
    /// The SQL of the step: every line after its header up to the next header.
    pub sql: String,
    /// The 1-based line of the header in the scenario file.
    pub line: usize,
}

/// `tests/fixtures/oracle`
pub fn oracle_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/oracle")
}

/// `tests/fixtures/oracle/must_fail`
pub fn must_fail_dir() -> PathBuf {
    oracle_dir().join("must_fail")
}

/// The `.sql` files directly in `dir`, sorted by name.
pub fn files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .map(|entry| entry.expect("a readable directory entry").path())
        .filter(|path| path.is_file() && path.extension().is_some_and(|ext| ext == "sql"))
        .collect();
    files.sort();
    files
}

/// Every scenario in `tests/fixtures/oracle/`.
pub fn all() -> Vec<Scenario> {
    files(&oracle_dir()).iter().map(|path| Scenario::read(path)).collect()
}

/// Every case in `tests/fixtures/oracle/must_fail/`.
pub fn all_must_fail() -> Vec<Scenario> {
    files(&must_fail_dir()).iter().map(|path| Scenario::read(path)).collect()
}

impl Scenario {
    /// The scenario `name` in `tests/fixtures/oracle/`.
    pub fn named(name: &str) -> Scenario {
        Scenario::read(&oracle_dir().join(format!("{name}.sql")))
    }

    /// The case `name` in `tests/fixtures/oracle/must_fail/`.
    pub fn must_fail_named(name: &str) -> Scenario {
        Scenario::read(&must_fail_dir().join(format!("{name}.sql")))
    }

    /// Reads and checks a scenario file; panics with the file and line on a malformed one.
    pub fn read(path: &Path) -> Scenario {
        let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
        Scenario::parse(path, &text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    pub fn parse(path: &Path, text: &str) -> Result<Scenario, String> {
        let name = path.file_stem().and_then(|s| s.to_str()).ok_or("the file name is not UTF-8")?.to_string();
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_') {
            return Err(format!("the name {name:?} must be lowercase snake case (it names a test)"));
        }
        let mut steps: Vec<Step> = Vec::new();
        let mut expect_error = None;
        for (index, line) in text.split_inclusive('\n').enumerate() {
            let number = index + 1;
            if let Some(step) = line.strip_prefix("-- step:") {
                let step = step.trim().to_string();
                let n = steps.len() + 1;
                let prefix = format!("{n:03}_");
                let rest = step.strip_prefix(&prefix).ok_or(format!(
                    "line {number}: step {n} must be named `{prefix}<what it does>` (numbered in order), not {step:?}"
                ))?;
                if rest.is_empty() || !rest.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_') {
                    return Err(format!("line {number}: the step name {step:?} must be lowercase snake case"));
                }
                steps.push(Step { name: step, sql: String::new(), line: number });
            } else if let Some(step) = steps.last_mut() {
                step.sql.push_str(line);
            } else if let Some(expected) = line.strip_prefix("-- expect-error:") {
                expect_error = Some(expected.trim().to_string());
            } else if !line.trim().is_empty() && !line.starts_with("--") {
                return Err(format!("line {number}: only comments may come before the first `-- step:` line"));
            }
        }
        if steps.is_empty() {
            return Err("no `-- step: NNN_name` line".to_string());
        }
        for step in &steps {
            if step.sql.trim().is_empty() {
                return Err(format!("line {}: step {} is empty", step.line, step.name));
            }
        }
        if expect_error.as_deref() == Some("") {
            return Err("`-- expect-error:` is empty".to_string());
        }
        Ok(Scenario { name, path: path.to_owned(), steps, expect_error })
    }

    /// Writes step `index` (0-based) into `dir` as `NNN_name.sql` and returns its path.
    pub fn write_step(&self, index: usize, dir: &Path) -> PathBuf {
        let step = &self.steps[index];
        let path = dir.join(format!("{}.sql", step.name));
        fs::write(&path, &step.sql).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
        path
    }

    /// Where a step is, for messages: `scenario name, step NNN_name (file.sql:line)`.
    pub fn describe(&self, index: usize) -> String {
        let step = &self.steps[index];
        let file = self.path.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
        format!("scenario {}, step {} ({file}:{})", self.name, step.name, step.line)
    }
}

/// A schema dump without the lines that differ between two dumps of the same schema: pg_dump ≥ 15.14
/// wraps its output in `\restrict <random key>` / `\unrestrict <random key>`.
pub fn stable_dump(dump: &str) -> String {
    dump.lines()
        .filter(|line| !line.starts_with("\\restrict ") && !line.starts_with("\\unrestrict "))
        .collect::<Vec<_>>()
        .join("\n")
}
