//! `rollcheck posture` on a generated application full of traps, with the truth computed by a
//! real PostgreSQL 15. A git repository (golang-migrate `N_name.up.sql`/`.down.sql`) holds a
//! column dropped by a migration whose down script re-adds it empty, a rename done as DROP +
//! ADD COLUMN, and commits that only change code. The migrations are applied step by step to
//! real databases with rows in them, and backups are taken at their states: valid (right
//! before the drop), older (two migrations earlier), after the drop, a drifted replica (a column
//! and an index added by hand), a custom archive truncated inside its data (`pg_restore --list`
//! still reads it) and a plain dump cut mid-COPY. Each backup is restored into a fresh database
//! and queried (exit status, rows, the dropped column's values, the schema against the replay
//! of each migration prefix); each verdict rollcheck gives must agree with what the server shows.

mod binary;
mod support;

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::Duration;

use serde_json::Value;

/// (name, up, down), in applied order.
const MIGRATIONS: [(&str, &str, &str); 6] = [
    (
        "1_users",
        "CREATE TABLE users (id int PRIMARY KEY, name text NOT NULL, nickname text, legacy_code text);\n",
        "DROP TABLE users;\n",
    ),
    (
        "2_orders",
        "CREATE TABLE orders (id int PRIMARY KEY, user_id int NOT NULL REFERENCES users (id), total int NOT NULL);\n",
        "DROP TABLE orders;\n",
    ),
    ("3_email", "ALTER TABLE users ADD COLUMN email text;\n", "ALTER TABLE users DROP COLUMN email;\n"),
    ("4_orders_index", "CREATE INDEX orders_user_id_idx ON orders (user_id);\n", "DROP INDEX orders_user_id_idx;\n"),
    // The trap: the down script "restores" the column, empty.
    (
        "5_drop_legacy_code",
        "ALTER TABLE users DROP COLUMN legacy_code;\n",
        "ALTER TABLE users ADD COLUMN legacy_code text;\n",
    ),
    // A rename written as DROP + ADD: the values do not move.
    (
        "6_nickname_to_display_name",
        "ALTER TABLE users DROP COLUMN nickname, ADD COLUMN display_name text;\n",
        "ALTER TABLE users DROP COLUMN display_name, ADD COLUMN nickname text;\n",
    ),
];
/// Indexes into MIGRATIONS: the drop and the rename.
const DROP: usize = 4;
const RENAME: usize = 5;
const USERS: u64 = 3000;
/// Every tenth user has no legacy code.
const LEGACY: u64 = USERS - USERS / 10;

fn name(i: usize) -> &'static str {
    MIGRATIONS[i].0
}

/// What a restore into a fresh database showed.
#[derive(Debug)]
struct Restored {
    /// The restore tool exited 0.
    ok: bool,
    /// Rows in `users` and `orders`; None when the table is not there.
    users: Option<u64>,
    orders: Option<u64>,
    /// Non-null values of `users.legacy_code` / `users.nickname`; None when the column is not there.
    legacy: Option<u64>,
    nickname: Option<u64>,
    schema: String,
}

struct Scene {
    dir: tempfile::TempDir,
    /// `pg_dump -s` of the replay of the first k migrations, k = 0..=6 (normalised).
    replayed: Vec<String>,
    /// `public.table.column` of the replay of the first k migrations.
    columns: Vec<BTreeSet<String>>,
    /// By backup file name.
    restored: Vec<(&'static str, Restored)>,
    truncated_list_ok: bool,
    /// Production right before the drop: rows of users, non-null legacy_code values.
    original: (u64, u64),
    /// Non-null nickname values before the rename, display_name values after it, and whether nickname is left.
    rename: (u64, u64, bool),
    /// legacy_code after 5 up then 5 down: (column exists, non-null values); and before the up.
    down: (bool, u64, u64),
    json: Value,
}

impl Scene {
    fn repo(&self) -> PathBuf {
        self.dir.path().join("app")
    }
    fn restored(&self, file: &str) -> &Restored {
        &self.restored.iter().find(|(f, _)| *f == file).unwrap().1
    }
}

fn count(db: &support::Database, sql: &str) -> u64 {
    let out = db.query(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
    out.trim().parse().unwrap_or_else(|_| panic!("{sql}: not a count: {out:?}"))
}

fn has_column(db: &support::Database, table: &str, column: &str) -> bool {
    count(
        db,
        &format!(
            "SELECT count(*) FROM information_schema.columns \
             WHERE table_schema = 'public' AND table_name = '{table}' AND column_name = '{column}'"
        ),
    ) == 1
}

fn non_null(db: &support::Database, column: &str) -> Option<u64> {
    has_column(db, "users", column).then(|| count(db, &format!("SELECT count({column}) FROM users")))
}

/// `pg_dump -s` without what differs between two dumps of one schema (comments, blank lines,
/// the `\restrict` key).
fn schema(db: &support::Database) -> String {
    let dump = String::from_utf8(db.pg_dump(&["--schema-only"])).unwrap();
    support::scenario::stable_dump(&dump)
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with("--"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn columns(db: &support::Database) -> BTreeSet<String> {
    let sql = "SELECT table_schema || '.' || table_name || '.' || column_name FROM information_schema.columns \
               WHERE table_schema = 'public'";
    db.query(sql).unwrap().lines().map(str::to_owned).collect()
}

/// A new database with the first `k` migrations applied (see [`migrate`]).
fn migrated(pg: &support::PgServer, hint: &str, k: usize, data: bool) -> support::Database {
    let db = pg.create_database(hint);
    migrate(&db, 0..k, data);
    db
}

/// Applies the migrations `range`; with rows when `data`: users and orders inserted after
/// 2_orders, emails after 3_email.
fn migrate(db: &support::Database, range: std::ops::Range<usize>, data: bool) {
    for (i, (name, up, _)) in MIGRATIONS.iter().enumerate().take(range.end).skip(range.start) {
        db.apply_sql(up).unwrap_or_else(|e| panic!("{name}: {e}"));
        match i {
            1 if data => db
                .apply_sql(&format!(
                    "INSERT INTO users SELECT g, 'user ' || g, 'nick ' || md5(g::text), \
                       CASE WHEN g % 10 = 0 THEN NULL ELSE md5('legacy' || g) END FROM generate_series(1, {USERS}) g;
                     INSERT INTO orders SELECT g, 1 + g % {USERS}, g * 7 FROM generate_series(1, {USERS}) g;"
                ))
                .unwrap(),
            2 if data => {
                db.apply_sql("UPDATE users SET email = 'u' || id || '@example.com' WHERE id % 2 = 0;").unwrap()
            }
            _ => {}
        }
    }
}

/// Restores a backup into a fresh database (`psql -f` with ON_ERROR_STOP for plain,
/// `pg_restore -d` for custom) and queries it.
fn restore(pg: &support::PgServer, path: &Path) -> Restored {
    let db = pg.create_database("restored");
    let ok = if path.extension().is_some_and(|e| e == "sql") {
        db.apply_file(path).is_ok()
    } else {
        let out = Command::new(pg.bin("pg_restore"))
            .arg("-h")
            .arg(pg.socket_dir())
            .args(["-p", &pg.port().to_string(), "-U", "postgres", "-d", db.name()])
            .arg(path)
            .env_remove("PGHOST")
            .env_remove("PGPORT")
            .env_remove("PGUSER")
            .env_remove("PGDATABASE")
            .output()
            .expect("running pg_restore");
        out.status.success()
    };
    let has = |table: &str| {
        count(&db, &format!("SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename = '{table}'"))
            == 1
    };
    let has_users = has("users");
    Restored {
        ok,
        users: has_users.then(|| count(&db, "SELECT count(*) FROM users")),
        orders: has("orders").then(|| count(&db, "SELECT count(*) FROM orders")),
        legacy: if has_users { non_null(&db, "legacy_code") } else { None },
        nickname: if has_users { non_null(&db, "nickname") } else { None },
        schema: schema(&db),
    }
}

fn git(dir: &Path, day: u32, args: &[&str]) -> String {
    let date = format!("2025-03-{day:02}T12:00:00+00:00");
    let out = Command::new("git")
        .args(["-c", "user.name=Dev", "-c", "user.email=dev@example.com", "-c", "commit.gpgsign=false"])
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_DATE", &date)
        .env("GIT_COMMITTER_DATE", &date)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

/// The application's history: a skeleton, one commit per migration, and code-only commits
/// after 3_email and after the drop.
fn make_repository(repo: &Path) {
    std::fs::create_dir_all(repo.join("db/migrations")).unwrap();
    git(repo, 1, &["init", "-q", "-b", "main"]);
    let commit = |day: u32, files: &[(String, &str)], message: &str| {
        for (path, text) in files {
            std::fs::create_dir_all(repo.join(path).parent().unwrap()).unwrap();
            std::fs::write(repo.join(path), text).unwrap();
        }
        git(repo, day, &["add", "-A"]);
        git(repo, day, &["commit", "-q", "-m", message]);
    };
    commit(1, &[("README".into(), "app\n")], "skeleton");
    let mut day = 2;
    for (i, (name, up, down)) in MIGRATIONS.iter().enumerate() {
        let files = [(format!("db/migrations/{name}.up.sql"), *up), (format!("db/migrations/{name}.down.sql"), *down)];
        commit(day, &files, &format!("migration {name}"));
        day += 1;
        if i == 2 || i == DROP {
            let code = format!("fn main() {{ println!(\"release {day}\"); }}\n");
            commit(day, &[("src/main.rs".into(), code.as_str())], "code only");
            day += 1;
        }
    }
}

fn scene() -> Option<&'static Scene> {
    static SCENE: OnceLock<Option<Scene>> = OnceLock::new();
    SCENE
        .get_or_init(|| {
            if Command::new("git").arg("--version").output().is_err() {
                return None;
            }
            let pg = support::server()?;
            let dir = tempfile::tempdir().unwrap();
            let backups = dir.path().join("backups");
            std::fs::create_dir(&backups).unwrap();
            make_repository(&dir.path().join("app"));

            let replay: Vec<support::Database> =
                (0..=MIGRATIONS.len()).map(|k| migrated(pg, &format!("replay{k}"), k, false)).collect();
            let replayed = replay.iter().map(schema).collect();
            let columns = replay.iter().map(columns).collect();

            // Production, migrated step by step, with backups along the way.
            let custom = |db: &support::Database, file: &str| {
                let path = backups.join(file);
                db.pg_dump(&["-Fc", "-f", path.to_str().unwrap()]);
                path
            };
            let prod = migrated(pg, "prod", 2, true);
            std::fs::write(backups.join("older.sql"), prod.pg_dump(&[])).unwrap();
            migrate(&prod, 2..DROP, true);
            custom(&prod, "valid.dump");
            // Cut in the middle of a row of users' COPY.
            let plain = String::from_utf8(prod.pg_dump(&[])).unwrap();
            let copy = plain.find("COPY public.users ").expect("users' COPY");
            let cut = copy + plain[copy..].find("\n1500\t").expect("row 1500") + 4;
            std::fs::write(backups.join("cut.sql"), &plain.as_bytes()[..cut]).unwrap();
            // Truncated inside the data, well after the TOC.
            let whole = std::fs::read(custom(&prod, "truncated.dump")).unwrap();
            std::fs::write(backups.join("truncated.dump"), &whole[..whole.len() * 7 / 10]).unwrap();
            let listed = Command::new(pg.bin("pg_restore")).arg("--list").arg(backups.join("truncated.dump")).output();
            let truncated_list_ok = listed.unwrap().status.success();

            // The replica, drifted by hand.
            let replica = migrated(pg, "replica", DROP, true);
            replica
                .apply_sql(
                    "ALTER TABLE users ADD COLUMN hotfix_note text; CREATE INDEX users_name_idx ON users (name);",
                )
                .unwrap();
            std::fs::write(backups.join("drifted.sql"), replica.pg_dump(&[])).unwrap();

            // The down script's trap, on a copy of production.
            let downed = migrated(pg, "downed", DROP, true);
            let before_down = count(&downed, "SELECT count(legacy_code) FROM users");
            migrate(&downed, DROP..DROP + 1, true);
            downed.apply_sql(MIGRATIONS[DROP].2).unwrap();
            let down = (
                has_column(&downed, "users", "legacy_code"),
                non_null(&downed, "legacy_code").unwrap_or(0),
                before_down,
            );

            let original =
                (count(&prod, "SELECT count(*) FROM users"), count(&prod, "SELECT count(legacy_code) FROM users"));
            migrate(&prod, DROP..DROP + 1, true);
            custom(&prod, "after-drop.dump");
            let nickname_before = count(&prod, "SELECT count(nickname) FROM users");
            migrate(&prod, RENAME..RENAME + 1, true);
            let rename = (
                nickname_before,
                count(&prod, "SELECT count(display_name) FROM users"),
                has_column(&prod, "users", "nickname"),
            );

            let files = ["older.sql", "valid.dump", "cut.sql", "truncated.dump", "drifted.sql", "after-drop.dump"];
            let restored = files.iter().map(|f| (*f, restore(pg, &backups.join(f)))).collect();

            let repo = dir.path().join("app");
            let args: Vec<OsString> = vec![
                "posture".into(),
                repo.join("db/migrations").into(),
                "--repo".into(),
                repo.clone().into(),
                "--backups".into(),
                backups.into(),
                "--format".into(),
                "json".into(),
            ];
            let done = binary::run(&args, &[], Duration::from_secs(120));
            let stderr = String::from_utf8_lossy(&done.stderr);
            assert_eq!(done.status.and_then(|s| s.code()), Some(0), "{stderr}");
            let json = serde_json::from_slice(&done.stdout).unwrap();
            Some(Scene { dir, replayed, columns, restored, truncated_list_ok, original, rename, down, json })
        })
        .as_ref()
}

/// rollcheck's judgement of a backup for the migration at `index`.
fn judgement<'a>(s: &'a Scene, index: usize, file: &str) -> &'a Value {
    let undo = s.json["undo"].as_array().unwrap();
    let entry = undo.iter().find(|u| u["migration"] == name(index)).unwrap_or_else(|| panic!("no undo for {index}"));
    entry["backups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["file"].as_str().unwrap().ends_with(&format!("/{file}")))
        .unwrap_or_else(|| panic!("no backup {file}"))
}

fn strings(v: &Value) -> Vec<&str> {
    v.as_array().unwrap().iter().map(|s| s.as_str().unwrap()).collect()
}

/// The state (number of migrations applied) whose replayed schema equals the restored one.
fn equal_states(s: &Scene, r: &Restored) -> Vec<usize> {
    (0..s.replayed.len()).filter(|&k| s.replayed[k] == r.schema).collect()
}

#[test]
fn the_points_of_no_return_are_the_drop_and_the_rename_done_as_drop_add() {
    let Some(s) = scene() else { return };
    let points = s.json["points_of_no_return"].as_array().unwrap();
    let names: Vec<&str> = points.iter().map(|p| p["migration"].as_str().unwrap()).collect();
    assert_eq!(names, [name(DROP), name(RENAME)], "{points:#?}");
    assert_eq!(strings(&points[0]["destroys"]), ["public.users.legacy_code"]);
    // Truth: the rename moved no value; only the old column held data, and it is gone.
    let (before, after, nickname_left) = s.rename;
    assert_eq!((before, after, nickname_left), (USERS, 0, false));
    assert_eq!(strings(&points[1]["destroys"]), ["public.users.nickname"], "{:#}", points[1]);
    assert!(strings(&points[1]["why"]).iter().any(|w| w.contains("write RENAME COLUMN")), "{:#}", points[1]);
}

#[test]
fn a_down_script_that_re_adds_the_column_does_not_make_the_drop_reversible() {
    let Some(s) = scene() else { return };
    // Truth: after up then down the column is back, every value NULL.
    let (exists, values, before) = s.down;
    assert!(exists);
    assert_eq!((values, before), (0, s.original.1));
    let point = &s.json["points_of_no_return"][0];
    assert_eq!(point["migration"], name(DROP));
    let why = strings(&point["why"]);
    assert!(
        why.iter().any(|w| w.contains("5_drop_legacy_code.down.sql re-creates public.users.legacy_code")),
        "{why:?}"
    );
}

#[test]
fn the_valid_backup_restores_the_state_before_the_drop_with_every_value() {
    let Some(s) = scene() else { return };
    let r = s.restored("valid.dump");
    assert!(r.ok, "{r:?}");
    assert_eq!(equal_states(s, r), [DROP]);
    assert_eq!(s.original, (USERS, LEGACY));
    assert_eq!((r.users, r.legacy), (Some(s.original.0), Some(s.original.1)));
    let j = judgement(s, DROP, "valid.dump");
    assert_eq!(j["verdict"], "valid", "{j:#}");
    assert_eq!(j["state"]["after"], name(DROP - 1));
    assert_eq!(strings(&j["rerun_migrations"]), [name(DROP), name(RENAME)]);
    // The backups are newer than the last commit: the window runs to the newest backup, never backwards.
    let window = &j["data_loss_window"];
    let time = |field: &str| window[field].as_str().unwrap().parse::<jiff::Timestamp>().unwrap();
    assert!(time("from") <= time("to"), "{window:#}");
    assert!(!window["length"].as_str().unwrap().starts_with('-'), "{window:#}");
}

#[test]
fn the_older_backup_restores_an_earlier_prefix_and_the_migrations_between_must_rerun() {
    let Some(s) = scene() else { return };
    let r = s.restored("older.sql");
    assert!(r.ok, "{r:?}");
    assert_eq!(equal_states(s, r), [2]);
    assert_eq!(r.legacy, Some(s.original.1));
    let j = judgement(s, DROP, "older.sql");
    assert_eq!(j["verdict"], "older-state", "{j:#}");
    assert_eq!(j["state"]["after"], name(1));
    let rerun: Vec<&str> = MIGRATIONS[2..].iter().map(|m| m.0).collect();
    assert_eq!(strings(&j["rerun_migrations"]), rerun);
}

#[test]
fn the_backup_after_the_drop_lacks_the_column_yet_undoes_the_rename() {
    let Some(s) = scene() else { return };
    let r = s.restored("after-drop.dump");
    assert!(r.ok, "{r:?}");
    assert_eq!(equal_states(s, r), [DROP + 1]);
    assert_eq!((r.legacy, r.nickname), (None, Some(s.rename.0)));
    let j = judgement(s, DROP, "after-drop.dump");
    assert_eq!(j["verdict"], "after-the-drop", "{j:#}");
    // For the rename it is the state right before, and it holds the old column's values.
    let j = judgement(s, RENAME, "after-drop.dump");
    assert_eq!(j["verdict"], "valid", "{j:#}");
    assert_eq!(strings(&j["rerun_migrations"]), [name(RENAME)]);
}

#[test]
fn the_drifted_replica_is_no_replayed_state_but_holds_the_data() {
    let Some(s) = scene() else { return };
    let r = s.restored("drifted.sql");
    assert!(r.ok, "{r:?}");
    assert_eq!(equal_states(s, r), Vec::<usize>::new());
    assert_eq!(r.legacy, Some(s.original.1));
    let j = judgement(s, DROP, "drifted.sql");
    assert_eq!(j["verdict"], "drifted", "{j:#}");
    assert_eq!(j["drift"]["closest"]["after"], name(DROP - 1));
    let differences = strings(&j["drift"]["differences"]);
    assert!(differences.contains(&"+ column public.users.hotfix_note"), "{differences:?}");
    assert!(differences.iter().any(|d| d.contains("users_name_idx")), "{differences:?}");
}

#[test]
fn the_truncated_archive_lists_but_does_not_restore_and_is_incomplete() {
    let Some(s) = scene() else { return };
    assert!(s.truncated_list_ok, "pg_restore --list must still read the truncated archive");
    // Truth: the restore fails and loses the rows of users, the table cut; orders is whole.
    let r = s.restored("truncated.dump");
    assert!(!r.ok && r.users.unwrap_or(0) < s.original.0 && r.orders == Some(USERS), "{r:?}");
    let len = std::fs::metadata(s.dir.path().join("backups/truncated.dump")).unwrap().len();
    for index in [DROP, RENAME] {
        let j = judgement(s, index, "truncated.dump");
        assert_eq!(j["verdict"], "incomplete", "{j:#}");
        let problems = j["problems"].as_array().unwrap();
        assert!(!problems.is_empty());
        assert!(problems.iter().all(|p| p["offset"].as_u64().is_some_and(|o| o <= len)), "{problems:#?}");
        assert!(problems.iter().any(|p| p["message"].as_str().unwrap().contains("public.users ")), "{problems:#?}");
    }
}

#[test]
fn the_plain_dump_cut_mid_copy_loses_rows_and_is_incomplete() {
    let Some(s) = scene() else { return };
    // Truth: psql stops at the cut row; users' COPY is lost whole, orders (dumped before it) is in.
    let r = s.restored("cut.sql");
    assert!(!r.ok && r.users.unwrap_or(0) < s.original.0 && r.orders == Some(USERS), "{r:?}");
    let j = judgement(s, DROP, "cut.sql");
    assert_eq!(j["verdict"], "incomplete", "{j:#}");
    let kinds: Vec<&str> = j["problems"].as_array().unwrap().iter().map(|p| p["kind"].as_str().unwrap()).collect();
    assert!(kinds.contains(&"copy-unterminated"), "{kinds:?}");
    assert!(j["problems"].as_array().unwrap().iter().all(|p| p["offset"].is_u64()));
}

#[test]
fn each_commit_is_incompatible_exactly_for_the_columns_the_server_no_longer_has() {
    let Some(s) = scene() else { return };
    let targets = s.json["code_targets"].as_array().unwrap();
    assert_eq!(targets.len(), 1 + MIGRATIONS.len() + 2);
    let latest = &s.columns[MIGRATIONS.len()];
    for t in targets {
        let k = match t["expects"]["after"].as_str() {
            None => 0,
            Some(m) => 1 + MIGRATIONS.iter().position(|x| x.0 == m).unwrap(),
        };
        assert_eq!(t["in_history"], true);
        let gone: Vec<&str> = s.columns[k].difference(latest).map(String::as_str).collect();
        let mut incompatible: Vec<&str> = t["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["verdict"] == "incompatible")
            .map(|r| r["object"].as_str().unwrap())
            .collect();
        incompatible.sort();
        assert_eq!(incompatible, gone, "{t:#}");
        assert_eq!(t["verdict"] == "incompatible", !gone.is_empty(), "{t:#}");
    }
}

#[test]
fn a_code_only_commit_is_judged_like_the_commit_before_it() {
    let Some(s) = scene() else { return };
    let targets = s.json["code_targets"].as_array().unwrap();
    let points: Vec<&str> =
        s.json["points_of_no_return"].as_array().unwrap().iter().map(|p| p["commit"].as_str().unwrap()).collect();
    let code_only: Vec<usize> = (0..targets.len()).filter(|&i| targets[i]["subject"] == "code only").collect();
    assert_eq!(code_only.len(), 2);
    for i in code_only {
        let (this, before) = (&targets[i], &targets[i - 1]);
        // Truth: the migrations folder is the same tree as in its parent.
        let sha = this["sha"].as_str().unwrap();
        let tree = |rev: &str| git(&s.repo(), 1, &["rev-parse", &format!("{rev}:db/migrations")]);
        assert_eq!(tree(sha), tree(&format!("{sha}~1")));
        assert_eq!(this["expects"], before["expects"]);
        assert_eq!((&this["verdict"], &this["reasons"]), (&before["verdict"], &before["reasons"]));
        assert!(!points.contains(&sha));
    }
}
