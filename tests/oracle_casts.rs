//! The cast oracle: every lossy/lossless claim of rollcheck's cast table
//! (`src/analysis/lint/cast.rs`, function `conversion`) must match what PostgreSQL 15 does to real values.
//!
//! What it proves. For each case of [`CASES`] (a type change `from → to`, an optional `USING` expression,
//! and sample values of the `from` type), PostgreSQL's verdict is:
//! - *lossy* when `ALTER TABLE t ALTER COLUMN c TYPE to [USING ...]` fails on the samples (a value out
//!   of range, too long, not parseable);
//! - *lossy* when it succeeds but converting back (`ALTER COLUMN c TYPE from USING c::from`, the direct
//!   cast a rollback migration would use) gives some value whose text form differs from the original's
//!   (rounded, truncated, re-ordered, shifted). Text forms, because `json` has no equality, and because a
//!   rollback must put back the value as it was, not one that merely compares equal (`1.5` vs `1.50`);
//! - *lossless* otherwise.
//!
//! `conversion(...).is_lossy()` must say the same for every case; all disagreements are listed before the
//! test fails. PostgreSQL can only show loss, never prove its absence, so each lossy case carries samples
//! that expose the loss, and the lossless cases carry the edge values of their type (extremes, empty and
//! padded strings, infinities, fractional seconds), except the two limits `cast.rs` documents and leaves
//! out on purpose (dates beyond `timestamp`'s range, and the daylight-saving gap described below).
//!
//! How. One database; each case works in a schema of its own (`case_NN`), in parallel sessions. Before the
//! real table is touched, both `ALTER`s must succeed on an empty copy of it, so that a case that fails for
//! a reason other than its values (a missing cast, a typo) is reported as broken instead of as lossy.
//! The `TypeName`s given to `conversion` are the ones rollcheck's replay produces: one SQL file declares
//! the enums and a table `case_NN (f from, t to)` per case, and `rollcheck::catalog::load` reads it, so
//! spellings (`character varying`, `timestamp with time zone`, numeric modifiers) and the schema of an enum
//! (`public.mood`) are canonical; the `USING` expression is lowered from the case's own `ALTER` statement
//! by `rollcheck::sql::parse_statement`.
//!
//! Time zone. Every session sets `TimeZone` explicitly, so that the verdicts do not depend on the zone
//! initdb picked on this machine: `UTC` unless the case says otherwise. `timestamptz → timestamp` runs in
//! `America/New_York`, whose fall-back hour maps two instants to one local time: that is how dropping the
//! zone loses values (in UTC the round trip would happen to be exact). `timestamp → timestamptz` and
//! `date → timestamptz` run in `UTC`, the fixed server zone the cast table's lossless claim assumes (in a
//! zone with daylight saving, local times in the spring-forward gap would move by an hour).

mod support;

use std::fmt::Write as _;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use rollcheck::analysis::lint::cast::{conversion, Conversion};
use rollcheck::catalog::{load, Catalog, Expr, QualifiedName, TypeName};
use rollcheck::diagnostic::{Location, Severity};
use rollcheck::sql::change::TableAction;
use rollcheck::sql::{parse_statement, Change};
use support::Database;

/// One type change and the values it is tried on.
struct Case {
    from: &'static str,
    to: &'static str,
    using: Option<&'static str>,
    /// SQL literals of the `from` type.
    samples: &'static [&'static str],
    /// The session's `TimeZone` for every step of the case.
    time_zone: &'static str,
}

const fn case(from: &'static str, to: &'static str, samples: &'static [&'static str]) -> Case {
    Case { from, to, using: None, samples, time_zone: "UTC" }
}

const fn case_using(
    from: &'static str,
    to: &'static str,
    using: &'static str,
    samples: &'static [&'static str],
) -> Case {
    Case { from, to, using: Some(using), samples, time_zone: "UTC" }
}

const fn case_in_zone(
    from: &'static str,
    to: &'static str,
    time_zone: &'static str,
    samples: &'static [&'static str],
) -> Case {
    Case { from, to, using: None, samples, time_zone }
}

/// The enums the cases use, created in `public` on both sides.
const ENUMS: &str = "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');\n";

const LONG_TEXT: &str = "'0123456789012345678901234567890123456789012345678901234567890123456789'";

const CASES: &[Case] = &[
    // Expected lossless.
    case("integer", "bigint", &["-2147483648", "0", "2147483647"]),
    case("smallint", "integer", &["-32768", "0", "32767"]),
    case("smallint", "bigint", &["-32768", "32767"]),
    case("integer", "numeric", &["-2147483648", "0", "2147483647"]),
    case("bigint", "numeric(19,0)", &["-9223372036854775808", "9223372036854775807"]),
    case("numeric(10,2)", "numeric(12,2)", &["-99999999.99", "0.01", "12345678.90", "1.50"]),
    case("numeric(10,2)", "numeric(11,3)", &["-99999999.99", "0.01", "1.50"]),
    case("numeric(10,2)", "numeric", &["-99999999.99", "0.01", "1.50"]),
    case(
        "varchar(50)",
        "varchar(255)",
        &["''", "'a'", "' padded  '", "'01234567890123456789012345678901234567890123456789'"],
    ),
    case("varchar(50)", "text", &["''", "' padded  '", "'01234567890123456789012345678901234567890123456789'"]),
    case("text", "varchar", &["''", "' padded  '", LONG_TEXT]),
    case("char(4)", "text", &["''", "'ab'", "'abcd'", "' a'"]),
    case("char(4)", "varchar(4)", &["''", "'ab'", "'abcd'", "' a'"]),
    case("char(4)", "char(10)", &["''", "'ab'", "'abcd'", "' a'"]),
    case("date", "timestamp", &["'2024-02-29'", "'1970-01-01'", "'4713-11-24 BC'", "'infinity'", "'-infinity'"]),
    case("date", "timestamptz", &["'2024-02-29'", "'1970-01-01'", "'infinity'", "'-infinity'"]),
    case("timestamp", "timestamptz", &["'2024-03-10 02:30:00'", "'2024-11-03 01:30:00.123456'", "'infinity'"]),
    case("timestamp(0)", "timestamp(3)", &["'2024-01-01 12:34:56'", "'1999-12-31 23:59:59'"]),
    case("jsonb", "json", &[r#"'{"b": 1, "a": [1, 2.50, null]}'"#, "'\"x\"'", "'[]'"]),
    case("real", "double precision", &["0.1", "3.4028235e38", "-1.17549435e-38", "'NaN'", "'-Infinity'"]),
    case("integer", "double precision", &["-2147483648", "2147483647", "16777217"]),
    case("smallint", "real", &["-32768", "32767"]),
    case("mood", "text", &["'sad'", "'happy'"]),
    case("double precision", "text", &["0.1", "1e308", "5e-324", "'NaN'"]),
    case("timestamptz", "text", &["'2024-11-03 05:30:00.5+00'", "'2024-11-03 06:30:00+00'"]),
    case_using("integer", "bigint", "c::bigint + 0", &["-2147483648", "2147483647"]),
    // Expected lossy; the samples show how.
    case("bigint", "integer", &["1", "3000000000"]),
    case("integer", "smallint", &["1", "40000"]),
    case("integer", "numeric(5,0)", &["1", "2147483647"]),
    case("numeric(10,2)", "numeric(10,1)", &["1.25", "1.20"]),
    case("numeric(10,2)", "numeric(9,2)", &["1.25", "12345678.90"]),
    case("numeric", "numeric(20,5)", &["1.5", "0.123456789"]),
    case("numeric", "integer", &["1", "1.5"]),
    case("numeric", "double precision", &["1", "0.1234567890123456789"]),
    case("double precision", "integer", &["1", "1.5"]),
    case("double precision", "numeric(10,2)", &["1", "0.125"]),
    case("double precision", "real", &["1", "0.1"]),
    case("real", "integer", &["1", "2.5"]),
    case("bigint", "double precision", &["1", "9007199254740993"]),
    case("integer", "real", &["1", "16777217"]),
    case_using("text", "integer", "c::integer", &["'1'", "'abc'"]),
    case_using("text", "date", "c::date", &["'2024-01-01'", "'tomorrow-ish'"]),
    case("varchar(255)", "varchar(50)", &["'short'", LONG_TEXT]),
    case("text", "char(3)", &["'abc'", "'abcd'"]),
    case("varchar(10)", "char(10)", &["'ab'", "'ab  '"]),
    case("text", "char(10)", &["'ab'", "'ab '"]),
    case("char(10)", "char(4)", &["'ab'", "'abcdefgh'"]),
    case("timestamptz", "date", &["'2024-01-01 00:00:00+00'", "'2024-01-01 12:34:56+00'"]),
    case_in_zone(
        "timestamptz",
        "timestamp",
        "America/New_York",
        &["'2024-11-03 05:30:00+00'", "'2024-11-03 06:30:00+00'"],
    ),
    case("timestamp", "date", &["'2024-01-01 00:00:00'", "'2024-01-01 12:34:56'"]),
    case("timestamp(6)", "timestamp(0)", &["'2024-01-01 12:00:00'", "'2024-01-01 12:00:00.5'"]),
    case("time(6)", "time(0)", &["'12:00:00'", "'12:00:00.25'"]),
    case("json", "jsonb", &[r#"'{"a": 1}'"#, r#"'{"b":1,"a":2, "a":3}'"#]),
    case_using("text", "text", "left(c, 3)", &["'abc'", "'abcdef'"]),
    case_using("varchar(10)", "varchar(10)", "substr(c, 1, 3)", &["'abc'", "'abcdef'"]),
    case_using("text", "mood", "c::mood", &["'sad'", "'angry'"]),
];

/// What PostgreSQL did with a case's samples.
enum Observed {
    /// The `ALTER` failed: PostgreSQL's message.
    Failed(String),
    /// The round trip changed these values: (original, after converting back).
    Changed(Vec<(String, String)>),
    /// Every value came back as it was.
    Kept,
}

impl Observed {
    fn is_lossy(&self) -> bool {
        !matches!(self, Observed::Kept)
    }

    fn describe(&self) -> String {
        match self {
            Observed::Failed(message) => format!("lossy: the ALTER failed: {message}"),
            Observed::Changed(changes) => {
                let shown: Vec<String> =
                    changes.iter().map(|(old, new)| format!("{old:?} came back as {new:?}")).collect();
                format!("lossy: {}", shown.join(", "))
            }
            Observed::Kept => "lossless: every sample came back as it was".to_string(),
        }
    }
}

impl Case {
    fn title(&self) -> String {
        match self.using {
            Some(using) => format!("{} → {} USING {using}", self.from, self.to),
            None => format!("{} → {}", self.from, self.to),
        }
    }

    fn alter(&self, table: &str) -> String {
        let using = self.using.map(|u| format!(" USING {u}")).unwrap_or_default();
        format!("ALTER TABLE {table} ALTER COLUMN c TYPE {}{using}", self.to)
    }

    fn alter_back(&self, table: &str) -> String {
        format!("ALTER TABLE {table} ALTER COLUMN c TYPE {0} USING c::{0}", self.from)
    }

    /// The settings every session of case `i` starts with.
    fn session(&self, i: usize) -> String {
        format!("SET TimeZone = '{}'; SET search_path = case_{i:02}, public;\n", self.time_zone)
    }

    /// Runs the case in its schema; Err when the case itself is broken.
    fn observe(&self, i: usize, db: &Database) -> Result<Observed, String> {
        let session = self.session(i);
        let values = self.samples.iter().map(|s| format!("({s})")).collect::<Vec<_>>().join(", ");
        let setup = format!(
            "{session}CREATE SCHEMA case_{i:02};\n\
             CREATE TABLE t (id serial PRIMARY KEY, c {from});\n\
             INSERT INTO t (c) VALUES {values};\n\
             CREATE TABLE orig AS SELECT id, c::text AS v FROM t;\n\
             CREATE TABLE empty (LIKE t);\n\
             {forward};\n{back};\n",
            from = self.from,
            forward = self.alter("empty"),
            back = self.alter_back("empty"),
        );
        db.apply_sql(&setup).map_err(|e| format!("setting up, or converting an empty table, failed: {e}"))?;
        if let Err(e) = db.apply_sql(&format!("{session}{};\n", self.alter("t"))) {
            let message = e.lines().find(|l| l.contains("ERROR")).unwrap_or(&e).trim();
            return Ok(Observed::Failed(message.to_string()));
        }
        let compare = format!(
            "{session}{};\n\
             SELECT o.v, coalesce(t.c::text, '(null)') FROM orig o LEFT JOIN t USING (id)\n\
             WHERE t.c::text IS DISTINCT FROM o.v ORDER BY o.id",
            self.alter_back("t")
        );
        let out = db.query(&compare).map_err(|e| format!("converting back failed: {e}"))?;
        if out.is_empty() {
            return Ok(Observed::Kept);
        }
        let changed = out
            .lines()
            .map(|line| {
                let (old, new) = line.split_once('|').unwrap_or((line, ""));
                (old.to_string(), new.to_string())
            })
            .collect();
        Ok(Observed::Changed(changed))
    }

    /// The `USING` expression as rollcheck lowers it from the case's `ALTER` statement.
    fn lowered_using(&self) -> Option<Expr> {
        self.using?;
        let location = Location::new(Arc::from("oracle_casts"), 1, 1, 0);
        let statement = parse_statement(self.alter("t"), location);
        statement.changes.into_iter().find_map(|change| match change {
            Change::AlterTable { actions, .. } => actions.into_iter().find_map(|action| match action {
                TableAction::AlterColumnType { using, .. } => using,
                _ => None,
            }),
            _ => None,
        })
    }
}

/// rollcheck's catalog of the cases: the enums, and a table `case_NN (f from, t to)` per case, replayed
/// from a SQL file so that every type is spelled and resolved as replay does it.
fn replayed_types() -> Catalog {
    let mut sql = ENUMS.to_string();
    for (i, case) in CASES.iter().enumerate() {
        writeln!(sql, "CREATE TABLE case_{i:02} (f {}, t {});", case.from, case.to).unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cases.sql");
    std::fs::write(&path, &sql).unwrap();
    let loaded = load(&path, None).unwrap_or_else(|e| panic!("rollcheck could not load the cases: {e}"));
    let errors: Vec<String> =
        loaded.diagnostics.iter().filter(|d| d.severity == Severity::Error).map(|d| d.to_string()).collect();
    assert!(errors.is_empty(), "replaying the cases:\n{}\n{sql}", errors.join("\n"));
    loaded.catalog
}

/// The replayed types of case `i`'s columns `f` and `t`.
fn column_types(catalog: &Catalog, i: usize) -> (TypeName, TypeName) {
    let table = &catalog.tables[&QualifiedName::new("public", &format!("case_{i:02}"))];
    let ty = |name: &str| table.columns.iter().find(|c| c.name == name).expect("replayed column").ty.clone();
    (ty("f"), ty("t"))
}

fn claim(c: &Conversion) -> String {
    match c {
        Conversion::Lossless { rewrite } => format!("lossless (rewrite: {rewrite})"),
        Conversion::Lossy { reason } => format!("lossy ({reason})"),
    }
}

#[test]
fn cast_table_matches_postgresql() {
    let Some(pg) = support::server() else { return };
    let db = pg.create_database("oracle casts");
    db.apply_sql(ENUMS).unwrap();

    let next = AtomicUsize::new(0);
    let mut observed: Vec<(usize, Result<Observed, String>)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..8)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(case) = CASES.get(i) else { return done };
                        done.push((i, case.observe(i, &db)));
                    }
                })
            })
            .collect();
        workers.into_iter().flat_map(|w| w.join().unwrap()).collect()
    });
    observed.sort_by_key(|(i, _)| *i);

    let catalog = replayed_types();
    let mut problems = Vec::new();
    for (i, result) in observed {
        let case = &CASES[i];
        let seen = match result {
            Ok(seen) => seen,
            Err(why) => {
                problems.push(format!("case {i:02} {}: broken case: {why}", case.title()));
                continue;
            }
        };
        let (from, to) = column_types(&catalog, i);
        let using = case.lowered_using();
        if case.using.is_some() && using.is_none() {
            problems.push(format!("case {i:02} {}: rollcheck lowered no USING expression", case.title()));
            continue;
        }
        let said = conversion(&from, &to, using.as_ref(), &catalog);
        if said.is_lossy() != seen.is_lossy() {
            problems.push(format!(
                "case {i:02} {} (rollcheck types: {from} → {to}):\n    PostgreSQL: {}\n    rollcheck:  {}",
                case.title(),
                seen.describe(),
                claim(&said)
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "{} of {} cases disagree with src/analysis/lint/cast.rs:\n{}",
        problems.len(),
        CASES.len(),
        problems.join("\n")
    );
}
