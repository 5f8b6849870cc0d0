//! `rollcheck data` as a command: exit statuses, the JSON shape (snapshot), text output, bad rows
//! reported with their byte offset, and the same output whatever the number of threads.
//!
//! The fixtures in `tests/fixtures/data/` are real pg_dump output; `ROLLCHECK_BLESS=1 cargo test
//! --test data_check_cli regenerate` makes them again from the throwaway server.

mod binary;
mod support;

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::Duration;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/data").join(name)
}

/// Orders pointing at missing customers (a NOT VALID key), a line loaded with FK triggers off, a
/// nullable column, an email about to be made unique with duplicates.
const ORDERS: &str = r#"
CREATE TABLE customer (id int PRIMARY KEY, name text NOT NULL, email text);
INSERT INTO customer VALUES (1, 'Ada', 'ada@example.com'), (2, 'Ben', NULL), (3, E'Cleo\tHart', 'ada@example.com');
CREATE TABLE "Order" (id int PRIMARY KEY, "customerId" int, "partyId" int);
INSERT INTO "Order" VALUES (1, 1, NULL), (2, 42, NULL), (3, NULL, 7);
ALTER TABLE "Order" ADD CONSTRAINT "Order_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES customer (id) NOT VALID;
CREATE TABLE line (id int PRIMARY KEY, order_id int REFERENCES "Order" (id));
SET session_replication_role = replica;
INSERT INTO line VALUES (1, 1), (2, 9);
"#;

const CLEAN: &str = r#"
CREATE TABLE customer (id int PRIMARY KEY, email text UNIQUE);
INSERT INTO customer VALUES (1, 'a@example.com'), (2, NULL), (3, NULL);
CREATE TABLE "Order" (id int PRIMARY KEY, "customerId" int REFERENCES customer (id));
INSERT INTO "Order" VALUES (1, 1), (2, NULL);
"#;

#[test]
fn regenerate() {
    if std::env::var_os("ROLLCHECK_BLESS").is_none() {
        return;
    }
    let Some(pg) = support::server() else { return };
    for (name, sql) in [("orders.sql", ORDERS), ("clean.sql", CLEAN)] {
        let db = pg.create_database("data_fixture");
        db.apply_sql(sql).unwrap();
        // pg_dump writes the database name and version in comments only; strip the version lines
        // so regenerating on another minor version changes nothing.
        let dump = String::from_utf8(db.pg_dump(&["--no-owner"])).unwrap();
        let dump: String = dump.lines().filter(|l| !l.starts_with("-- Dumped ")).map(|l| format!("{l}\n")).collect();
        std::fs::write(fixture(name), dump).unwrap();
    }
}

fn run(args: &[&str], envs: &[(&str, &str)]) -> (Option<i32>, String, String) {
    let args: Vec<OsString> = args.iter().map(OsString::from).collect();
    let done = binary::run(&args, envs, Duration::from_secs(60));
    let code = done.status.and_then(|s| s.code());
    (code, String::from_utf8(done.stdout).unwrap(), String::from_utf8(done.stderr).unwrap())
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn json_names_every_orphan_and_duplicate() {
    let orders = fixture("orders.sql");
    let (code, out, err) = run(&["data", path(&orders), "--format", "json", "--unique", "public.customer(email)"], &[]);
    assert_eq!(code, Some(1), "orphans and duplicates exit 1: {err}");
    insta::assert_snapshot!("data_orders_json", out);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["orphan_rows"], 2);
    assert_eq!(json["foreign_keys"][0]["table"], "public.Order");
    assert_eq!(json["foreign_keys"][0]["example_keys"], serde_json::json!([["42"]]));
    assert_eq!(json["columns"][0]["column"], "public.Order.id");
}

#[test]
fn text_is_readable_and_exit_statuses_follow_the_findings() {
    let (code, out, err) = run(&["data", path(&fixture("orders.sql"))], &[]);
    assert_eq!(code, Some(1), "{err}");
    assert!(out.contains("! Order_customerId_fkey  public.Order(customerId) -> public.customer(id) [NOT VALID]: 1 orphan rows of 2 checked"), "{out}");
    assert!(out.contains("e.g. (\"42\")"), "{out}");
    assert!(out.contains("! line_order_id_fkey"), "{out}");

    let (code, out, err) = run(&["data", path(&fixture("clean.sql"))], &[]);
    assert_eq!(code, Some(0), "{out}{err}");
    assert!(out.contains("0 orphan rows; 0 duplicated keys"), "{out}");

    let (code, _, err) = run(&["data", "/nonexistent/dump.sql"], &[]);
    assert_eq!(code, Some(2), "{err}");
    let (code, _, err) = run(&["data", path(&fixture("clean.sql")), "--unique", "customer"], &[]);
    assert_eq!((code, err.contains("--unique `customer`")), (Some(2), true), "{err}");
}

#[test]
fn a_malformed_row_is_named_by_its_offset() {
    let clean = std::fs::read_to_string(fixture("clean.sql")).unwrap();
    let row = "1\ta@example.com\n";
    let at = clean.find(row).expect("the customer rows");
    let broken = clean.replacen(row, "1\ta@example.com\textra\n", 1);
    let tmp = tempfile::tempdir().unwrap();
    let dump = tmp.path().join("broken.sql");
    std::fs::write(&dump, &broken).unwrap();
    let (code, out, err) = run(&["data", path(&dump), "--format", "json"], &[]);
    assert_eq!(code, Some(2), "{out}{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let problem = &json["problems"][0];
    assert_eq!(problem["table"], "public.customer");
    assert_eq!(problem["offset"], at as u64);
    assert_eq!(problem["line"], 1);
    assert_eq!(problem["message"], "extra data after last expected column");
}

#[test]
fn output_does_not_depend_on_the_thread_count() {
    let orders = fixture("orders.sql");
    let args = ["data", path(&orders), "--format", "json", "--unique", "public.customer(email)"];
    let (_, one, _) = run(&args, &[("RAYON_NUM_THREADS", "1")]);
    let (_, two, _) = run(&args, &[("RAYON_NUM_THREADS", "2")]);
    let (_, four, _) = run(&args, &[("RAYON_NUM_THREADS", "4")]);
    assert_eq!(one, two);
    assert_eq!(one, four);
}

#[test]
fn cut_and_garbled_dumps_exit_2_without_a_panic() {
    let orders = std::fs::read(fixture("orders.sql")).unwrap();
    let copy = orders.windows(11).position(|w| w == b"COPY public").unwrap();
    let cut_at = copy + orders[copy..].iter().position(|&b| b == b'\n').unwrap() + 4;
    let tmp = tempfile::tempdir().unwrap();
    let cut = tmp.path().join("cut.sql");
    std::fs::write(&cut, &orders[..cut_at]).unwrap();
    let (code, out, err) = run(&["data", path(&cut), "--format", "json"], &[]);
    assert_eq!(code, Some(2), "{out}{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let message = json["problems"][0]["message"].as_str().unwrap();
    assert!(message.contains("runs to the end of the file"), "{message}");

    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    std::io::Write::write_all(&mut gz, &orders).unwrap();
    let gz = gz.finish().unwrap();
    let truncated = tmp.path().join("truncated.sql.gz");
    std::fs::write(&truncated, &gz[..gz.len() / 2]).unwrap();
    let (code, _, err) = run(&["data", path(&truncated)], &[]);
    assert_eq!(code, Some(2), "{err}");
    assert!(!err.contains("panicked"), "{err}");

    let garbage = tmp.path().join("garbage.sql");
    std::fs::write(&garbage, (0..4096u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).collect::<Vec<u8>>())
        .unwrap();
    let (code, _, err) = run(&["data", path(&garbage)], &[]);
    assert_eq!(code, Some(2), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}
