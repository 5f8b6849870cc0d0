//! `rollcheck history` on real git repositories built in a temp dir (fixed dates, a merged branch
//! with an out-of-order version, an edited and a deleted migration), and on the sample's history made
//! by `samples/party-migration/make-git-history`: commits oldest first, migrations added per commit,
//! the point of no return, and the integrity findings.

mod binary;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

const TIMEOUT: Duration = Duration::from_secs(60);

fn git_available() -> bool {
    let ok = Command::new("git").arg("--version").output().is_ok_and(|o| o.status.success());
    if !ok {
        assert!(std::env::var_os("CI").is_none(), "git is missing on CI");
        eprintln!("skipped: git is not installed");
    }
    ok
}

/// A repository in a temp dir, committed to with fixed identities and dates.
struct Repo {
    dir: tempfile::TempDir,
    day: u32,
}

impl Repo {
    fn new() -> Repo {
        let repo = Repo { dir: tempfile::tempdir().unwrap(), day: 0 };
        repo.git(&["init", "-q", "-b", "main"]);
        repo
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn git(&self, args: &[&str]) -> String {
        let date = format!("2025-01-{:02}T12:00:00+00:00", self.day + 1);
        let out = Command::new("git")
            .args(["-c", "user.name=Dev", "-c", "user.email=dev@example.com", "-c", "commit.gpgsign=false"])
            .args(args)
            .current_dir(self.path())
            .env("GIT_AUTHOR_DATE", &date)
            .env("GIT_COMMITTER_DATE", &date)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .output()
            .unwrap();
        assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    }

    fn write(&self, path: &str, text: &str) {
        let path = self.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    fn commit(&mut self, subject: &str) -> String {
        self.day += 1;
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "--allow-empty", "-m", subject]);
        self.git(&["rev-parse", "HEAD"])
    }
}

fn history_json(source: &Path, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["history".into(), source.as_os_str().to_owned(), "--format".into(), "json".into()];
    args.extend(extra.iter().map(|a| a.into()));
    let run = binary::checked(args, &[], TIMEOUT);
    assert_eq!(run.code(), 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout))
}

fn integrity(report: &serde_json::Value) -> Vec<(String, String)> {
    report["integrity"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["kind"].as_str().unwrap().to_owned(), f["migration"].as_str().unwrap().to_owned()))
        .collect()
}

#[test]
fn a_golang_migrate_history_with_a_merge_an_edit_and_a_deletion() {
    if !git_available() {
        return;
    }
    let mut repo = Repo::new();
    repo.write("README.md", "app\n");
    let c0 = repo.commit("Start");
    repo.write("db/1_users.up.sql", "CREATE TABLE users (id int PRIMARY KEY, email text, fax text);\n");
    repo.write("db/1_users.down.sql", "DROP TABLE users;\n");
    let c1 = repo.commit("Users");
    repo.write("src/app.txt", "code\n");
    let c2 = repo.commit("Code only");
    // A branch adds version 2 while main adds version 3; the merge brings 2 in after 3.
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.write("db/2_orders.up.sql", "CREATE TABLE orders (id int PRIMARY KEY);\n");
    repo.write("db/2_orders.down.sql", "DROP TABLE orders;\n");
    repo.commit("Orders (branch)");
    repo.git(&["checkout", "-q", "main"]);
    repo.write("db/3_drop_fax.up.sql", "ALTER TABLE users DROP COLUMN fax;\n");
    let c4 = repo.commit("Drop fax");
    repo.day += 1;
    repo.git(&["merge", "-q", "--no-ff", "feature", "-m", "Merge feature"]);
    let merge = repo.git(&["rev-parse", "HEAD"]);
    // Edit an applied migration, then delete one.
    repo.write("db/1_users.up.sql", "CREATE TABLE users (id bigint PRIMARY KEY, email text, fax text);\n");
    let c6 = repo.commit("Edit users");
    std::fs::remove_file(repo.path().join("db/2_orders.up.sql")).unwrap();
    std::fs::remove_file(repo.path().join("db/2_orders.down.sql")).unwrap();
    let c7 = repo.commit("Remove orders");

    let report = history_json(&repo.path().join("db"), &[]);
    let commits = report["commits"].as_array().unwrap();
    let shas: Vec<&str> = commits.iter().map(|c| c["sha"].as_str().unwrap()).collect();
    assert_eq!(shas, vec![&c0, &c1, &c2, &c4, &merge, &c6, &c7], "first parent, oldest first");
    assert_eq!(commits[0]["date"], "2025-01-02T12:00:00Z");
    assert_eq!(commits[3]["subject"], "Drop fax");
    let added: Vec<Vec<&str>> = commits
        .iter()
        .map(|c| c["migrations_added"].as_array().unwrap().iter().map(|m| m.as_str().unwrap()).collect())
        .collect();
    assert_eq!(added, vec![vec![], vec!["1_users"], vec![], vec!["3_drop_fax"], vec!["2_orders"], vec![], vec![]]);
    assert_eq!(commits[3]["irreversible"], true);
    assert_eq!(commits[3]["data_loss"][0], "public.users.fax");
    assert_eq!(report["point_of_no_return"], c4.as_str());
    assert_eq!(
        integrity(&report),
        vec![
            ("missing-down".to_owned(), "3_drop_fax".to_owned()),
            ("out-of-order".to_owned(), "2_orders".to_owned()),
            ("edited".to_owned(), "1_users".to_owned()),
            ("deleted".to_owned(), "2_orders".to_owned()),
        ]
    );
    let commit_of = |kind: &str| {
        report["integrity"].as_array().unwrap().iter().find(|f| f["kind"] == kind).unwrap()["commit"].clone()
    };
    assert_eq!(commit_of("out-of-order"), merge.as_str());
    assert_eq!(commit_of("edited"), c6.as_str());

    // --all also lists the branch commit.
    let all = history_json(&repo.path().join("db"), &["--all"]);
    assert_eq!(all["commits"].as_array().unwrap().len(), 8);
    let status = repo.git(&["status", "--porcelain"]);
    assert_eq!(status, "", "the repository is left as it was");
}

#[test]
fn the_sample_history_has_its_point_of_no_return_at_phase_4() {
    if !git_available() {
        return;
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let dest = tmp.path().join("party");
    let out = Command::new(root.join("samples/party-migration/make-git-history")).arg(&dest).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report = history_json(&dest, &[]);
    let commits = report["commits"].as_array().unwrap();
    let phase4 = commits
        .iter()
        .find(|c| {
            c["migrations_added"]
                .as_array()
                .unwrap()
                .iter()
                .any(|m| m.as_str().unwrap().ends_with("phase4_drop_legacy_columns"))
        })
        .expect("a commit adds Phase 4");
    assert_eq!(report["point_of_no_return"], phase4["sha"]);
    assert_eq!(phase4["data_loss"].as_array().unwrap().len(), 18);
    let irreversible = commits.iter().filter(|c| c["irreversible"] == true).count();
    assert_eq!(irreversible, 1, "only Phase 4 destroys data");
    let code_only = commits.iter().filter(|c| c["migrations_added"].as_array().unwrap().is_empty()).count();
    assert!(code_only > 5, "code commits between the phases are listed too");
    assert_eq!(report["integrity"], serde_json::json!([]));
}

#[test]
fn a_folder_outside_a_repository_is_a_one_line_error() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("1_x.sql"), "CREATE TABLE x ();\n").unwrap();
    let run = binary::checked(
        vec!["history".into(), tmp.path().as_os_str().to_owned()],
        &[("GIT_CEILING_DIRECTORIES", "/")],
        TIMEOUT,
    );
    assert_eq!(run.code(), 2);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(run.stderr.contains(&tmp.path().display().to_string()), "{}", run.stderr);
}
