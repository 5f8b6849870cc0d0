//! `rollcheck posture` on small repositories built in a temp dir: a commit before the migrations
//! folder exists, a migration edited after a commit had it (that commit's expected schema is no
//! prefix of today's migrations), a column renamed, then dropped; each commit's verdict and
//! reasons follow from the schema its own files describe.

mod binary;

use std::ffi::OsString;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use serde_json::Value;

fn git(dir: &Path, day: u32, args: &[&str]) {
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
}

fn commit(dir: &Path, day: u32, files: &[(&str, &str)], message: &str) {
    for (path, text) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    git(dir, day, &["add", "-A"]);
    git(dir, day, &["commit", "-q", "--allow-empty", "-m", message]);
}

#[test]
fn each_commit_is_judged_by_the_schema_its_own_files_describe() {
    if Command::new("git").arg("--version").output().is_err() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    git(repo, 1, &["init", "-q", "-b", "main"]);
    commit(repo, 1, &[("README", "app\n")], "skeleton");
    commit(repo, 2, &[("db/1_users.sql", "CREATE TABLE users (id int PRIMARY KEY, name text);\n")], "users");
    // The migration is edited after a commit had it: databases migrated at day 2 have no email.
    commit(
        repo,
        3,
        &[("db/1_users.sql", "CREATE TABLE users (id int PRIMARY KEY, name text, email text);\n")],
        "users: email (edited)",
    );
    commit(repo, 4, &[("db/2_rename.sql", "ALTER TABLE users RENAME COLUMN name TO full_name;\n")], "rename");
    commit(repo, 5, &[("src/app.txt", "code\n")], "code only");
    commit(repo, 6, &[("db/3_drop.sql", "ALTER TABLE users DROP COLUMN email;\n")], "drop email");

    let args: Vec<OsString> = vec!["posture".into(), repo.join("db").into(), "--format".into(), "json".into()];
    let done = binary::run(&args, &[], Duration::from_secs(60));
    assert_eq!(done.status.and_then(|s| s.code()), Some(0), "{}", String::from_utf8_lossy(&done.stderr));
    let json: Value = serde_json::from_slice(&done.stdout).unwrap();
    let targets = json["code_targets"].as_array().unwrap();
    let summary: Vec<(&str, &str, bool)> = targets
        .iter()
        .map(|t| (t["subject"].as_str().unwrap(), t["verdict"].as_str().unwrap(), t["in_history"].as_bool().unwrap()))
        .collect();
    assert_eq!(
        summary,
        [
            ("skeleton", "compatible", true),
            ("users", "incompatible", false),
            ("users: email (edited)", "incompatible", true),
            ("rename", "incompatible", true),
            ("code only", "incompatible", true),
            ("drop email", "compatible", true),
        ]
    );
    let objects = |i: usize| -> Vec<String> {
        targets[i]["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["verdict"] == "incompatible")
            .map(|r| format!("{}: {}", r["object"].as_str().unwrap(), r["message"].as_str().unwrap()))
            .collect()
    };
    // The edited commit's own file had no email: only the rename makes it incompatible.
    assert_eq!(
        objects(1),
        ["public.users.name: column is gone (renamed to full_name?): the old code reads and writes it"]
    );
    assert_eq!(objects(3), ["public.users.email: column is gone: the old code reads and writes it"]);
    let points = json["points_of_no_return"].as_array().unwrap();
    assert_eq!(points.len(), 1);
    assert_eq!(points[0]["migration"], "3_drop");
    assert_eq!(points[0]["destroys"], serde_json::json!(["public.users.email"]));
    assert_eq!(points[0]["commit"], targets[5]["sha"]);
}
