//! `rollcheck data` checked against a real PostgreSQL 15: a database with foreign keys whose
//! existing rows the server never checked (NOT VALID, rows loaded with `session_replication_role =
//! replica`), composite keys with NULLs under MATCH SIMPLE and MATCH FULL, a partitioned referenced
//! table, nullable columns, a key with duplicates about to be made UNIQUE, and text with tabs,
//! newlines, backslashes, `\N`, carriage returns and non-ASCII. It is dumped by the real pg_dump
//! (COPY, `--inserts`, `--column-inserts`, `--rows-per-insert=3`, gzip) and every count the check
//! reports is asked of the server in SQL; decoded values are compared with what the server returns.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use rollcheck::analysis::data_check::{check, DataCheckOptions, DataReport, DataSources, Quiet, UniqueRequest};
use rollcheck::catalog::{load, QualifiedName};
use rollcheck::input::copy::{decode_row, CopyRows};
use rollcheck::input::data::PlainDump;
use rollcheck::input::table_data::TableData;

const DATABASE: &str = r#"
CREATE TABLE customer (id int PRIMARY KEY, name text, email text, note text);
INSERT INTO customer VALUES
  (1, 'Ada', 'ada@example.com', E'tab\there'),
  (2, 'Ben', NULL, E'line\nbreak and \r return'),
  (3, 'Cleo', 'ada@example.com', E'back\\slash \\N and \\.'),
  (4, '\N', 'dee@example.com', 'non-ASCII: café ü 日本 🦀'),
  (5, NULL, NULL, E'\\N'),
  (6, '', 'ben@example.com', E'trailing backslash\\'),
  (7, 'Ed', 'ben@example.com', E'\x01\x7f ctrl');
CREATE UNIQUE INDEX customer_name_key ON customer (name) NULLS NOT DISTINCT;

CREATE TABLE "Order" (id int PRIMARY KEY, "customerId" int, "partyId" int, amount numeric(10,2), memo text);
INSERT INTO "Order" VALUES (1, 1, NULL, 10.50, 'a'), (2, 99, NULL, -1, NULL), (3, 98, 7, 2, E'b\tc'),
  (4, NULL, NULL, 0, 'c'), (5, 99, NULL, NULL, NULL);
ALTER TABLE "Order" ADD CONSTRAINT "Order_customerId_fkey"
  FOREIGN KEY ("customerId") REFERENCES customer (id) NOT VALID;

CREATE TABLE line (id int PRIMARY KEY, order_id int REFERENCES "Order" (id), qty int NOT NULL);
SET session_replication_role = replica;
INSERT INTO line VALUES (1, 1, 1), (2, 500, 1), (3, NULL, 2), (4, 501, 3), (5, 500, 4);
SET session_replication_role = origin;

CREATE TABLE region (country text, code text, PRIMARY KEY (country, code));
INSERT INTO region VALUES ('FR', '75'), ('DE', 'BE'), ('a	b', 'x\y');
CREATE TABLE site (id int, country text, code text, country2 text, code2 text);
INSERT INTO site VALUES (1, 'FR', '75', 'FR', '75'), (2, 'FR', NULL, 'FR', NULL), (3, 'XX', '1', NULL, NULL),
  (4, NULL, NULL, 'DE', 'XX'), (5, 'DE', 'BE', NULL, 'BE'), (6, 'a	b', 'x\y', 'a	b', 'x\y'), (7, 'a	b', 'xy', 'DE', 'BE');
ALTER TABLE site ADD CONSTRAINT site_region FOREIGN KEY (country, code) REFERENCES region NOT VALID;
ALTER TABLE site ADD CONSTRAINT site_region_full FOREIGN KEY (country2, code2) REFERENCES region MATCH FULL NOT VALID;

CREATE TABLE event (id int, kind text, PRIMARY KEY (id, kind)) PARTITION BY LIST (kind);
CREATE TABLE event_a PARTITION OF event FOR VALUES IN ('a');
CREATE TABLE event_b PARTITION OF event FOR VALUES IN ('b');
INSERT INTO event VALUES (1, 'a'), (2, 'b'), (3, 'a');
CREATE TABLE attendee (id int, event_id int, event_kind text,
  FOREIGN KEY (event_id, event_kind) REFERENCES event (id, kind));
SET session_replication_role = replica;
INSERT INTO attendee VALUES (1, 1, 'a'), (2, 2, 'b'), (3, 2, 'a'), (4, 9, 'b'), (5, 3, 'a');
SET session_replication_role = origin;
"#;

fn requested() -> Vec<UniqueRequest> {
    vec![
        UniqueRequest {
            table: QualifiedName::new("public", "customer"),
            columns: vec!["email".into()],
            nulls_not_distinct: false,
        },
        UniqueRequest {
            table: QualifiedName::new("public", "Order"),
            columns: vec!["customerId".into(), "partyId".into()],
            nulls_not_distinct: true,
        },
    ]
}

fn run_check(dump: &Path) -> DataReport {
    check_with(dump, requested())
}

fn check_with(dump: &Path, unique: Vec<UniqueRequest>) -> DataReport {
    let catalog = load(dump, None).expect("the dump's schema loads").catalog;
    let data = PlainDump::open(dump).unwrap();
    let sources = DataSources { copy: &data, encoding: data.encoding(), inserts: Some(&data) };
    check(&catalog, sources, &DataCheckOptions { examples: 3, unique }, &Quiet)
}

fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn table(name: &QualifiedName) -> String {
    format!("{}.{}", quote(&name.schema), quote(&name.name))
}

fn count(db: &support::Database, sql: &str) -> u64 {
    db.query(sql).unwrap_or_else(|e| panic!("{sql}: {e}")).trim().parse().unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// Every count of the report, asked of the server.
fn assert_matches_server(report: &DataReport, db: &support::Database, what: &str) {
    assert!(report.problems.is_empty(), "{what}: {:?}", report.problems);
    assert_eq!(report.foreign_keys.len(), 5, "{what}");
    for fk in &report.foreign_keys {
        assert!(fk.has_data, "{what}: {}", fk.name);
        let pairs: Vec<String> =
            fk.columns.iter().zip(&fk.ref_columns).map(|(c, r)| format!("p.{} = c.{}", quote(r), quote(c))).collect();
        let nulls: Vec<String> = fk.columns.iter().map(|c| format!("c.{} IS NULL", quote(c))).collect();
        let skipped = if fk.match_full { nulls.join(" AND ") } else { nulls.join(" OR ") };
        let from = format!("FROM {} c WHERE NOT ({skipped})", table(&fk.table));
        let orphans = format!(
            "SELECT count(*) {from} AND NOT EXISTS (SELECT 1 FROM {} p WHERE {})",
            table(&fk.ref_table),
            pairs.join(" AND ")
        );
        assert_eq!(fk.orphan_rows, count(db, &orphans), "{what}: orphans of {}", fk.name);
        assert_eq!(fk.rows_checked, count(db, &format!("SELECT count(*) {from}")), "{what}: {}", fk.name);
        assert_eq!(fk.example_keys.len() as u64, fk.orphan_rows.min(3), "{what}: {}", fk.name);
    }
    let orphans: Vec<(&str, u64)> = report.foreign_keys.iter().map(|f| (f.name.as_str(), f.orphan_rows)).collect();
    assert_eq!(
        orphans,
        vec![
            ("Order_customerId_fkey", 3),
            ("attendee_event_id_event_kind_fkey", 2),
            ("line_order_id_fkey", 3),
            ("site_region", 2),
            ("site_region_full", 3)
        ],
        "{what}"
    );
    for c in &report.columns {
        let sql = format!("SELECT count(*) || ' ' || count({}) FROM ONLY {}", quote(&c.column), table(&c.table));
        let truth = db.query(&sql).unwrap();
        assert_eq!(format!("{} {}", c.rows, c.non_null), truth, "{what}: {}.{}", c.table, c.column);
        assert_eq!(c.rows, c.nulls + c.non_null);
    }
    assert_eq!(report.columns.len(), 4 + 5 + 3 + 2 + 5 + 2 + 2 + 3, "{what}: every column of every table with data");
    assert_eq!(report.unique.len(), 3, "{what}: the index and the two requested keys");
    for u in &report.unique {
        let cols: Vec<String> = u.columns.iter().map(|c| quote(c)).collect();
        let filter = if u.nulls_not_distinct {
            "true".to_owned()
        } else {
            cols.iter().map(|c| format!("{c} IS NOT NULL")).collect::<Vec<_>>().join(" AND ")
        };
        let groups = format!(
            "SELECT count(*) || ' ' || coalesce(sum(n), 0) FROM (SELECT count(*) n FROM {} WHERE {filter} \
             GROUP BY {} HAVING count(*) > 1) g",
            table(&u.table),
            cols.join(", ")
        );
        assert_eq!(
            format!("{} {}", u.duplicate_groups, u.duplicate_rows),
            db.query(&groups).unwrap(),
            "{what}: {:?}",
            u.columns
        );
        assert_eq!(u.examples.iter().map(|e| e.1).sum::<u64>(), u.duplicate_rows, "{what}");
    }
    let email = report.unique.iter().find(|u| u.columns == ["email"]).unwrap();
    assert_eq!(
        email.examples,
        vec![(vec![Some("ada@example.com".into())], 2), (vec![Some("ben@example.com".into())], 2)]
    );
    let order = report.unique.iter().find(|u| u.table.name == "Order").unwrap();
    assert_eq!(order.examples, vec![(vec![Some("99".into()), None], 2)], "NULLS NOT DISTINCT: (99, NULL) twice");
    let site = report.foreign_keys.iter().find(|f| f.name == "site_region").unwrap();
    assert_eq!(
        site.example_keys,
        vec![vec![Some("XX".into()), Some("1".into())], vec![Some("a\tb".into()), Some("xy".into())]]
    );
    let full = report.foreign_keys.iter().find(|f| f.name == "site_region_full").unwrap();
    assert!(full.match_full && full.not_valid);
    assert_eq!(full.example_keys[0], vec![Some("FR".into()), None], "a partly NULL key is a MATCH FULL violation");
}

fn dump_to(db: &support::Database, dir: &Path, name: &str, args: &[&str]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, db.pg_dump(args)).unwrap();
    path
}

#[test]
fn counts_equal_the_servers_for_copy_and_insert_dumps() {
    let Some(pg) = support::server() else { return };
    let db = pg.create_database("data_check");
    db.apply_sql(DATABASE).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let plain = dump_to(&db, tmp.path(), "plain.sql", &[]);
    let copy_report = run_check(&plain);
    assert_matches_server(&copy_report, &db, "COPY");

    let gz = tmp.path().join("plain.sql.gz");
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    std::io::Write::write_all(&mut encoder, &std::fs::read(&plain).unwrap()).unwrap();
    std::fs::write(&gz, encoder.finish().unwrap()).unwrap();
    assert_eq!(run_check(&gz), copy_report, "gzip");

    for threads in [1, 2, 3] {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
        assert_eq!(pool.install(|| run_check(&plain)), copy_report, "{threads} threads");
    }

    // Without the referenced table's data nothing can be compared: not checked, not orphans.
    let partial = dump_to(&db, tmp.path(), "partial.sql", &["--exclude-table-data=customer"]);
    let report = run_check(&partial);
    let fk = report.foreign_keys.iter().find(|f| f.name == "Order_customerId_fkey").unwrap();
    assert_eq!((fk.has_data, fk.rows_checked, fk.orphan_rows), (false, 0, 0));
    assert_eq!(report.orphan_rows(), copy_report.orphan_rows() - 3);

    for args in [
        &["--inserts"][..],
        &["--column-inserts"],
        &["--rows-per-insert=3"],
        &["--column-inserts", "--rows-per-insert=2"],
    ] {
        let dump = dump_to(&db, tmp.path(), "inserts.sql", args);
        let report = run_check(&dump);
        assert_matches_server(&report, &db, &format!("{args:?}"));
        assert_eq!(report, copy_report, "{args:?} says what COPY says");
    }
}

/// The decoded values of one column, in data order.
fn decoded(dump: &PlainDump, table: &str, column: &str) -> Vec<Option<Vec<u8>>> {
    let entry = dump.entries().iter().find(|e| e.table == table).unwrap();
    let at = entry.columns.iter().position(|c| c == column).unwrap();
    let mut rows = CopyRows::new(dump.open(entry).unwrap());
    let mut out = Vec::new();
    while let Some(row) = rows.next_row().unwrap() {
        let fields = decode_row(row.unwrap().text).unwrap();
        out.push(fields[at].as_ref().map(|f| f.to_vec()));
    }
    out
}

/// The server's values of a text column in `id` order, as hex of their bytes in `encoding`.
fn server_values(query: &dyn Fn(&str) -> String, table: &str, column: &str, encoding: &str) -> Vec<Option<Vec<u8>>> {
    let sql = format!(
        "SELECT string_agg(coalesce(encode(convert_to({column}, '{encoding}'), 'hex'), 'NULL'), ',' ORDER BY id) FROM {table}"
    );
    query(&sql)
        .split(',')
        .map(|h| {
            (h != "NULL")
                .then(|| (0..h.len()).step_by(2).map(|i| u8::from_str_radix(&h[i..i + 2], 16).unwrap()).collect())
        })
        .collect()
}

#[test]
fn decoded_values_are_the_servers() {
    let Some(pg) = support::server() else { return };
    let db = pg.create_database("data_values");
    db.apply_sql(DATABASE).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let plain = dump_to(&db, tmp.path(), "plain.sql", &[]);
    let dump = PlainDump::open(&plain).unwrap();
    let query = |sql: &str| db.query(sql).unwrap();
    for column in ["name", "email", "note"] {
        let got = decoded(&dump, "customer", column);
        assert_eq!(got, server_values(&query, "customer", column, "UTF8"), "customer.{column}");
    }
    assert_eq!(decoded(&dump, "Order", "memo"), server_values(&query, "\"Order\"", "memo", "UTF8"));
    assert_eq!(decoded(&dump, "customer", "note")[4], Some(b"\\N".to_vec()), "the text \\N is not NULL");
}

/// psql or pg_dump against a database the support module did not create.
fn client(pg: &support::PgServer, tool: &str, database: &str) -> Command {
    let mut cmd = Command::new(pg.bin(tool));
    cmd.arg("-h").arg(pg.socket_dir()).args(["-p", &pg.port().to_string(), "-U", "postgres", "-d", database]);
    cmd
}

#[test]
fn latin1_dumps_keep_their_bytes_and_show_as_utf8() {
    let Some(pg) = support::server() else { return };
    let admin = pg.create_database("latin1_admin");
    let name = format!("{}_latin1", admin.name());
    admin
        .query(&format!("CREATE DATABASE {name} TEMPLATE template0 ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C'"))
        .unwrap();
    let psql = |args: &[&str]| {
        let out = client(pg, "psql", &name).env("PGCLIENTENCODING", "UTF8").args(args).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap().trim_end().to_owned()
    };
    psql(&[
        "-X",
        "-q",
        "-v",
        "ON_ERROR_STOP=1",
        "-c",
        "CREATE TABLE person (id int PRIMARY KEY, name text UNIQUE);\n\
         INSERT INTO person VALUES (1, 'Zoë'), (2, 'François'), (3, 'Ærøskøbing ÿ'), (4, NULL);\n\
         CREATE TABLE pet (id int, owner int, owner_name text);\n\
         INSERT INTO pet VALUES (1, 1, 'Zoë'), (2, 9, 'Ørn'), (3, 1, 'Ørn');\n\
         ALTER TABLE pet ADD FOREIGN KEY (owner) REFERENCES person (id) NOT VALID;\n",
    ]);
    let query = |sql: &str| psql(&["-X", "-A", "-t", "-c", sql]);
    let tmp = tempfile::tempdir().unwrap();
    let wanted = vec![UniqueRequest {
        table: QualifiedName::new("public", "pet"),
        columns: vec!["owner_name".into()],
        nulls_not_distinct: false,
    }];
    for args in [&[][..], &["--inserts"]] {
        let out = client(pg, "pg_dump", &name).args(args).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert!(out.stdout.windows(3).any(|w| w == b"Zo\xeb"), "the dump holds LATIN1 bytes");
        let path = tmp.path().join("latin1.sql");
        std::fs::write(&path, &out.stdout).unwrap();
        let dump = PlainDump::open(&path).unwrap();
        assert_eq!(dump.encoding_name(), "LATIN1");
        if args.is_empty() {
            assert_eq!(decoded(&dump, "person", "name"), server_values(&query, "person", "name", "LATIN1"));
        }
        let report = check_with(&path, wanted.clone());
        assert!(report.problems.is_empty(), "{args:?}: {:?}", report.problems);
        let fk = &report.foreign_keys[0];
        assert_eq!(fk.orphan_rows, 1, "{args:?}");
        assert_eq!(fk.example_keys, vec![vec![Some("9".to_owned())]]);
        let names = report.columns.iter().find(|c| c.column == "owner_name").unwrap();
        assert_eq!((names.rows, names.non_null), (3, 3));
        let requested = report.unique.iter().find(|u| u.columns == ["owner_name"]).unwrap();
        assert_eq!(requested.examples, vec![(vec![Some("Ørn".to_owned())], 2)], "{args:?}: shown as UTF-8");
        let person = report.unique.iter().find(|u| u.table.name == "person").unwrap();
        assert_eq!((person.rows_checked, person.duplicate_groups), (3, 0), "{args:?}");
    }
    drop(admin);
}

/// Rows with every escape and some malformed ones, fed to the server's COPY one at a time: where
/// the server takes the row, the decoder gives its value; where the server refuses it, so does
/// the decoder.
#[test]
fn the_decoder_reads_rows_as_the_server_does() {
    let Some(pg) = support::server() else { return };
    let db = pg.create_database("copy_rows");
    db.apply_sql("CREATE TABLE t (v text)").unwrap();
    let rows: &[&[u8]] = &[
        b"plain",
        b"\\N",
        b"\\\\N",
        b"\\NN",
        b"a\\tb\\nc\\rd\\\\e\\bf\\fg\\vh",
        b"\\101\\1012\\7\\77x",
        b"\\x41\\x4g\\xg\\x7e7",
        b"\\q\\'\\\"\\ \\z",
        b"trailing\\",
        b"caf\\303\\251 \\xe6\\x97\\xa5",
        b"escaped tab\\\tinside",
        b"two\tfields",
        b"a\\.b",
        b"a\\\\.b",
        b"end\\.",
        b"",
    ];
    for row in rows {
        db.apply_sql("TRUNCATE t").unwrap();
        let mut script = b"COPY t FROM stdin;\n".to_vec();
        script.extend_from_slice(row);
        script.extend_from_slice(b"\n\\.\n");
        let file = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(file.path(), &script).unwrap();
        let server = db.apply_file(file.path()).map(|()| {
            let out = db.query("SELECT coalesce(encode(convert_to(v, 'UTF8'), 'hex'), 'NULL') FROM t").unwrap();
            (out != "NULL").then(|| {
                (0..out.len()).step_by(2).map(|i| u8::from_str_radix(&out[i..i + 2], 16).unwrap()).collect::<Vec<u8>>()
            })
        });
        let mut reader = CopyRows::new(&script[b"COPY t FROM stdin;\n".len()..]);
        let ours = match reader.next_row().unwrap() {
            None => Ok(None),
            Some(Err(e)) => Err(e.message),
            Some(Ok(r)) => decode_row(r.text).and_then(|fields| {
                rollcheck::input::copy::check_width(fields.len(), &["v".to_owned()])?;
                Ok(fields[0].as_ref().map(|f| f.to_vec()))
            }),
        };
        match (&server, &ours) {
            (Ok(s), Ok(o)) => assert_eq!(o, s, "{}", String::from_utf8_lossy(row)),
            (Err(s), Err(o)) => {
                assert!(s.contains(o.as_str()), "{}: server {s}, ours {o}", String::from_utf8_lossy(row))
            }
            _ => panic!("{}: server {server:?}, ours {ours:?}", String::from_utf8_lossy(row)),
        }
    }
}
