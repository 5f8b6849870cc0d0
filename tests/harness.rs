//! Checks of the test harness itself (`tests/support`): the throwaway server, its databases, the client
//! wrappers, and that the server does not outlive the test process.

mod support;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Two databases on the shared server are separate: DDL in one is invisible in the other.
#[test]
fn databases_are_isolated_and_dumps_show_their_own_schema() {
    let Some(pg) = support::server() else { return };
    let a = pg.create_database("isolation a");
    let b = pg.create_database("isolation a");
    assert_ne!(a.name(), b.name(), "the same hint must still give unique names");
    assert!(a.name().starts_with("isolation_a_"), "name derived from the hint: {}", a.name());

    a.apply_sql("CREATE TABLE only_in_a (id int PRIMARY KEY, email varchar(255) NOT NULL);").unwrap();
    b.apply_sql("CREATE TABLE only_in_b (id bigint GENERATED ALWAYS AS IDENTITY);").unwrap();

    assert_eq!(
        a.query("SELECT string_agg(tablename, ',') FROM pg_tables WHERE schemaname = 'public'").unwrap(),
        "only_in_a"
    );
    assert_eq!(
        b.query("SELECT string_agg(tablename, ',') FROM pg_tables WHERE schemaname = 'public'").unwrap(),
        "only_in_b"
    );

    let dump_a = a.dump_schema();
    let dump_b = b.dump_schema();
    assert!(dump_a.contains("CREATE TABLE public.only_in_a"), "{dump_a}");
    assert!(dump_a.contains("email character varying(255) NOT NULL"), "{dump_a}");
    assert!(!dump_a.contains("only_in_b"), "{dump_a}");
    assert!(dump_b.contains("CREATE TABLE public.only_in_b"), "{dump_b}");
    assert!(dump_b.contains("GENERATED ALWAYS AS IDENTITY"), "{dump_b}");
    assert!(dump_a.starts_with("--\n-- PostgreSQL database dump"), "{dump_a}");
}

/// `query` returns unaligned tuples; `apply_sql` stops at the first error and returns psql's message.
#[test]
fn query_is_unaligned_and_errors_stop_the_script() {
    let Some(pg) = support::server() else { return };
    let db = pg.create_database("errors");
    db.apply_sql("CREATE TABLE t (id int, label text);\nINSERT INTO t VALUES (1, 'one'), (2, 'two');").unwrap();
    assert_eq!(db.query("SELECT id, label FROM t ORDER BY id").unwrap(), "1|one\n2|two");
    assert_eq!(db.query("SELECT count(*) FROM t WHERE false").unwrap(), "0");
    assert_eq!(db.query("SELECT 1 WHERE false").unwrap(), "");

    let err = db
        .apply_sql(
            "CREATE TABLE before_error (id int);\nCREATE TABLE t (id int);\nCREATE TABLE after_error (id int);\n",
        )
        .unwrap_err();
    assert!(err.contains(r#"ERROR:  relation "t" already exists"#), "{err}");
    assert!(err.contains(":2:"), "psql names the failing line: {err}");
    // Without a transaction, what ran before the error stays; ON_ERROR_STOP means nothing after it ran.
    assert_eq!(
        db.query("SELECT to_regclass('before_error') IS NOT NULL, to_regclass('after_error') IS NULL").unwrap(),
        "t|t"
    );

    let err = db.query("SELECT * FROM no_such_table").unwrap_err();
    assert!(err.contains(r#"relation "no_such_table" does not exist"#), "{err}");
}

/// Each file runs in its own session, outside a transaction block unless it opens one: so
/// `CREATE INDEX CONCURRENTLY` works, `SET` does not leak into the next file, and a transaction the file
/// leaves open is rolled back.
#[test]
fn each_file_is_its_own_session() {
    let Some(pg) = support::server() else { return };
    let db = pg.create_database("sessions");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("001_schema.sql");
    std::fs::write(&file, "CREATE SCHEMA app;\nSET search_path = app;\nCREATE TABLE users (email text);\n").unwrap();
    db.apply_file(&file).unwrap();
    db.apply_sql("CREATE INDEX CONCURRENTLY users_email ON app.users (lower(email));").unwrap();
    db.apply_sql("CREATE TABLE users (id int);").unwrap(); // search_path is back to public
    db.apply_sql("BEGIN;\nCREATE TABLE never_committed (id int);\n").unwrap();
    assert_eq!(
        db.query(
            "SELECT string_agg(n.nspname || '.' || c.relname, ',' ORDER BY 1) FROM pg_class c \
             JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname IN ('public', 'app')"
        )
        .unwrap(),
        "app.users,app.users_email,public.users"
    );
    let err = db.apply_file(&dir.path().join("missing.sql")).unwrap_err();
    assert!(err.contains("No such file or directory"), "{err}");
}

/// `pg_dump` with other arguments returns the raw bytes, e.g. the custom archive format.
#[test]
fn pg_dump_passes_arguments_and_returns_bytes() {
    let Some(pg) = support::server() else { return };
    let db = pg.create_database("custom format");
    db.apply_sql("CREATE TABLE t (id int); INSERT INTO t VALUES (42);").unwrap();
    let archive = db.pg_dump(&["--format=custom"]);
    assert!(archive.starts_with(b"PGDMP"), "custom archives start with PGDMP");
    let data = String::from_utf8(db.pg_dump(&["--data-only", "--table=t"])).unwrap();
    assert!(data.contains("COPY public.t (id) FROM stdin;\n42\n"), "{data}");
    assert!(pg.bin("pg_restore").is_file());
}

/// The server is private: its directory is mode 0700 and nothing listens on TCP.
#[test]
fn server_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let Some(pg) = support::server() else { return };
    let mode = std::fs::metadata(pg.root_dir()).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o700, "{}", pg.root_dir().display());
    assert!(pg.socket_dir().join(format!(".s.PGSQL.{}", pg.port())).exists());
    let db = pg.create_database("private");
    assert_eq!(db.query("SHOW listen_addresses").unwrap(), "");
    assert_eq!(db.query("SHOW fsync").unwrap(), "off");
    assert_eq!(db.query("SELECT current_user").unwrap(), "postgres");
    assert_eq!(db.query("SHOW server_version_num").unwrap().get(..2), Some("15"));
}

/// Many tests on parallel threads share one server; creating databases concurrently works.
#[test]
fn concurrent_databases() {
    let Some(pg) = support::server() else { return };
    std::thread::scope(|scope| {
        for i in 0..6 {
            scope.spawn(move || {
                let db = pg.create_database("concurrent");
                db.apply_sql(&format!("CREATE TABLE t{i} (id int);")).unwrap();
                assert_eq!(db.query("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").unwrap(), "1");
            });
        }
    });
}

/// Run by `server_does_not_outlive_the_test_process` in a child process: start the server, report where
/// it lives, and wait to be told how to end.
#[test]
#[ignore = "helper, run by server_does_not_outlive_the_test_process"]
fn helper_start_server_and_report() {
    let Some(pg) = support::server() else { return };
    let db = pg.create_database("helper");
    db.apply_sql("CREATE TABLE t (id int);").unwrap();
    println!("ROOT={}", pg.root_dir().display());
    println!("PID={}", pg.postmaster_pid());
    // Hold until the parent closes our stdin (then exit normally) or kills us.
    let mut line = String::new();
    let _ = std::io::stdin().read_line(&mut line);
    std::mem::forget(db); // do not even drop the database: the watchdog must clean up regardless
}

/// After a test process ends — normally, or killed with SIGKILL — its server is stopped and its directory
/// removed by the watchdog.
#[test]
fn server_does_not_outlive_the_test_process() {
    if support::server().is_none() {
        return;
    }
    for kill in [false, true] {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args(["--ignored", "--exact", "helper_start_server_and_report", "--nocapture", "--test-threads=1"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut root = None;
        let mut pid = None;
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        while root.is_none() || pid.is_none() {
            let line = lines.next().expect("the helper reports ROOT= and PID=").unwrap();
            // libtest prints "test helper_start_server_and_report ... " before the first line.
            if let Some((_, r)) = line.split_once("ROOT=") {
                root = Some(std::path::PathBuf::from(r));
            } else if let Some((_, p)) = line.split_once("PID=") {
                pid = Some(p.parse::<u32>().unwrap());
            }
        }
        let (root, pid) = (root.unwrap(), pid.unwrap());
        assert!(root.is_dir() && support::process_alive(pid), "the helper's server runs");
        if kill {
            child.kill().unwrap();
        } else {
            drop(child.stdin.take());
        }
        child.wait().unwrap();
        drop(lines);

        let deadline = Instant::now() + Duration::from_secs(30);
        while (support::process_alive(pid) || root.exists()) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(50));
        }
        let how = if kill { "killed" } else { "exited" };
        assert!(!support::process_alive(pid), "postmaster {pid} still runs after its test process {how}");
        assert!(!root.exists(), "{} still exists after its test process {how}", root.display());
    }
}

/// Without PostgreSQL 15, a developer's run skips the server tests with a loud warning, and a CI run fails.
#[test]
fn missing_postgres_skips_loudly_but_fails_under_ci() {
    if support::server().is_none() {
        return; // this machine is the first case already
    }
    let run = |ci: bool| {
        let mut cmd = Command::new(std::env::current_exe().unwrap());
        cmd.args(["--ignored", "--exact", "helper_start_server_and_report", "--test-threads=1"])
            .env("ROLLCHECK_PG_BINDIR", "/nonexistent/rollcheck/pg/bin")
            .stdin(Stdio::null());
        if ci {
            cmd.env("CI", "true");
        } else {
            cmd.env_remove("CI");
        }
        let out = cmd.output().unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
        )
    };
    let (ok, output) = run(false);
    assert!(ok, "a missing server is a skip outside CI:\n{output}");
    assert!(output.contains("SKIPPED: PostgreSQL 15 not found"), "the skip is announced:\n{output}");
    assert!(output.contains("/nonexistent/rollcheck/pg/bin"), "the warning says where it looked:\n{output}");
    let (ok, output) = run(true);
    assert!(!ok, "a missing server fails under CI:\n{output}");
    assert!(output.contains("PostgreSQL 15 is required under CI"), "{output}");
}
