//! The compatibility verdict against PostgreSQL 15: for pairs of schemas (the one old code was
//! written for, and the one the database has now), rollcheck's verdict is computed from the SQL,
//! then the old code's statements run on a real database holding the new schema. Statements the
//! verdict says will fail (gone objects: incompatible; writes that violate what the old code does
//! not know: risk) must fail there, and the ones it says are fine must succeed.

mod support;

use rollcheck::analysis::compat::{compatibility, Verdict};
use rollcheck::catalog::{load, Catalog};

fn catalog(sql: &str) -> Catalog {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("schema.sql");
    std::fs::write(&path, sql).unwrap();
    let loaded = load(&path, None).unwrap();
    assert!(loaded.diagnostics.iter().all(|d| d.severity != rollcheck::diagnostic::Severity::Error));
    loaded.catalog
}

struct Case {
    name: &'static str,
    old_schema: &'static str,
    new_schema: &'static str,
    verdict: Verdict,
    /// Statements of the old code, each with whether it runs on the new schema.
    old_code: &'static [(&'static str, bool)],
}

const BASE: &str = "CREATE TABLE account (id bigint PRIMARY KEY, name varchar(100), email text);";

const CASES: &[Case] = &[
    Case {
        name: "dropped column",
        old_schema: BASE,
        new_schema: "CREATE TABLE account (id bigint PRIMARY KEY, name varchar(100));",
        verdict: Verdict::Incompatible,
        old_code: &[
            ("INSERT INTO account (id, name, email) VALUES (1, 'a', 'a@x')", false),
            ("SELECT id, name, email FROM account", false),
            ("SELECT id, name FROM account", true),
        ],
    },
    Case {
        name: "renamed column",
        old_schema: BASE,
        new_schema: "CREATE TABLE account (id bigint PRIMARY KEY, name varchar(100), mail text);",
        verdict: Verdict::Incompatible,
        old_code: &[("UPDATE account SET email = 'b@x' WHERE id = 1", false)],
    },
    Case {
        name: "dropped enum value",
        old_schema: "CREATE TYPE state AS ENUM ('open', 'closed', 'archived'); CREATE TABLE t (s state);",
        new_schema: "CREATE TYPE state AS ENUM ('open', 'closed'); CREATE TABLE t (s state);",
        verdict: Verdict::Incompatible,
        old_code: &[("INSERT INTO t VALUES ('archived')", false), ("INSERT INTO t VALUES ('open')", true)],
    },
    Case {
        name: "new nullable column and a column with a default",
        old_schema: BASE,
        new_schema: "CREATE TABLE account (id bigint PRIMARY KEY, name varchar(100), email text, note text, \
                     active boolean NOT NULL DEFAULT true);",
        verdict: Verdict::Compatible,
        old_code: &[
            ("INSERT INTO account (id, name, email) VALUES (1, 'a', 'a@x')", true),
            ("SELECT id, name, email FROM account", true),
        ],
    },
    Case {
        name: "new NOT NULL column without a default",
        old_schema: BASE,
        new_schema: "CREATE TABLE account (id bigint PRIMARY KEY, name varchar(100), email text, tenant int NOT NULL);",
        verdict: Verdict::CompatibleWithRisk,
        old_code: &[
            ("INSERT INTO account (id, name, email) VALUES (1, 'a', 'a@x')", false),
            ("SELECT id, name, email FROM account", true),
        ],
    },
    Case {
        name: "narrowed varchar",
        old_schema: BASE,
        new_schema: "CREATE TABLE account (id bigint PRIMARY KEY, name varchar(5), email text);",
        verdict: Verdict::CompatibleWithRisk,
        old_code: &[
            ("INSERT INTO account (id, name) VALUES (1, 'a name longer than five')", false),
            ("INSERT INTO account (id, name) VALUES (2, 'ok')", true),
        ],
    },
    Case {
        name: "widened varchar",
        old_schema: BASE,
        new_schema: "CREATE TABLE account (id bigint PRIMARY KEY, name text, email text);",
        verdict: Verdict::Compatible,
        old_code: &[("INSERT INTO account (id, name) VALUES (1, repeat('n', 100))", true)],
    },
    Case {
        name: "bigint narrowed to integer",
        old_schema: "CREATE TABLE counter (n bigint);",
        new_schema: "CREATE TABLE counter (n integer);",
        verdict: Verdict::CompatibleWithRisk,
        old_code: &[("INSERT INTO counter VALUES (5000000000)", false), ("INSERT INTO counter VALUES (5)", true)],
    },
    Case {
        name: "new CHECK and UNIQUE",
        old_schema: BASE,
        new_schema: "CREATE TABLE account (id bigint PRIMARY KEY, name varchar(100) CHECK (name <> ''), \
                     email text UNIQUE);",
        verdict: Verdict::CompatibleWithRisk,
        old_code: &[
            ("INSERT INTO account (id, name, email) VALUES (1, '', 'a@x')", false),
            ("INSERT INTO account (id, name, email) VALUES (2, 'b', 'b@x'), (3, 'c', 'b@x')", false),
            ("INSERT INTO account (id, name, email) VALUES (4, 'd', 'd@x')", true),
        ],
    },
    Case {
        name: "new foreign key",
        old_schema: "CREATE TABLE tenant (id int PRIMARY KEY); CREATE TABLE account (id int PRIMARY KEY, tenant int);",
        new_schema: "CREATE TABLE tenant (id int PRIMARY KEY); \
                     CREATE TABLE account (id int PRIMARY KEY, tenant int REFERENCES tenant);",
        verdict: Verdict::CompatibleWithRisk,
        old_code: &[("INSERT INTO account VALUES (1, 42)", false)],
    },
    Case {
        name: "a foreign key on a new column old code leaves NULL",
        old_schema: "CREATE TABLE tenant (id int PRIMARY KEY); CREATE TABLE account (id int PRIMARY KEY);",
        new_schema: "CREATE TABLE tenant (id int PRIMARY KEY); \
                     CREATE TABLE account (id int PRIMARY KEY, tenant int REFERENCES tenant);",
        verdict: Verdict::Compatible,
        old_code: &[("INSERT INTO account (id) VALUES (1)", true)],
    },
    Case {
        name: "dropped view",
        old_schema: "CREATE TABLE account (id int); CREATE VIEW active AS SELECT id FROM account;",
        new_schema: "CREATE TABLE account (id int);",
        verdict: Verdict::Incompatible,
        old_code: &[("SELECT id FROM active", false), ("SELECT id FROM account", true)],
    },
];

#[test]
fn verdicts_predict_what_old_code_meets_on_postgres() {
    for case in CASES {
        let judged = compatibility(&catalog(case.old_schema), &catalog(case.new_schema));
        assert_eq!(judged.verdict, case.verdict, "{}: {:#?}", case.name, judged.reasons);
    }
    let Some(pg) = support::server() else { return };
    for case in CASES {
        // The old schema accepts all of the old code's statements: they are valid old code.
        let old = pg.create_database("compat_old");
        old.apply_sql(case.old_schema).unwrap();
        for (statement, _) in case.old_code {
            old.apply_sql(&format!("BEGIN; {statement}; ROLLBACK;"))
                .unwrap_or_else(|e| panic!("{}: not valid old code: {statement}: {e}", case.name));
        }
        let new = pg.create_database("compat_new");
        new.apply_sql(case.new_schema).unwrap();
        for (statement, runs) in case.old_code {
            let outcome = new.apply_sql(&format!("BEGIN; {statement}; ROLLBACK;"));
            assert_eq!(outcome.is_ok(), *runs, "{}: {statement}: {outcome:?}", case.name);
        }
        let fails = case.old_code.iter().any(|(_, runs)| !runs);
        assert_eq!(
            fails,
            case.verdict != Verdict::Compatible,
            "{}: a failure iff the verdict is not compatible",
            case.name
        );
    }
}
