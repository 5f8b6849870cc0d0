//! `rollcheck history` on real git repositories built in a temp dir (fixed dates, a merged branch
//! with an out-of-order version, an edited and a deleted migration), and on the sample's history made
//! by `samples/party-migration/make-git-history`: commits oldest first, migrations added per commit,
//! the point of no return, and the integrity findings. Each commit's expected schema (the replay of
//! the migrations its tree holds, read from git objects) is checked against the real PostgreSQL given
//! the same migrations from a `git archive` of that commit. And `--repo`, and the one-line errors for
//! a repository or folder that is missing or holds no migrations.

mod binary;
mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use rollcheck::analysis::diff::compare;
use rollcheck::analysis::history::expected_schema;
use rollcheck::input::git::GitCli;

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

/// The golang-migrate history of the tests below: `(repo, [c0, c1, c2, c4, merge, c6, c7])`, the
/// first-parent commits oldest first (c3 is the branch's commit).
fn golang_migrate_history() -> (Repo, Vec<String>) {
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
    (repo, vec![c0, c1, c2, c4, merge, c6, c7])
}

#[test]
fn a_golang_migrate_history_with_a_merge_an_edit_and_a_deletion() {
    if !git_available() {
        return;
    }
    let (repo, shas) = golang_migrate_history();
    let [c0, c1, c2, c4, merge, c6, c7] = <[String; 7]>::try_from(shas).unwrap();

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

/// The sample's history, made by `samples/party-migration/make-git-history` in a temp dir.
fn sample_repository() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dest = tmp.path().join("party");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/party-migration/make-git-history");
    let out = Command::new(script).arg(&dest).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    (tmp, dest)
}

#[test]
fn the_sample_history_has_its_point_of_no_return_at_phase_4() {
    if !git_available() {
        return;
    }
    let (_tmp, dest) = sample_repository();
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

/// `rollcheck history samples/party-migration` reads the sample's bundled history
/// (`app-history.bundle`), not the history of the repository the sample sits in, and
/// gives the same report as the repository `make-git-history` builds.
#[test]
fn the_sample_folder_is_read_through_its_bundle() {
    if !git_available() {
        return;
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let (_tmp, dest) = sample_repository();
    let from_bundle = history_json(&root.join("samples/party-migration"), &[]);
    let from_repo = history_json(&dest, &[]);
    assert_eq!(from_bundle["commits"], from_repo["commits"]);
    assert_eq!(from_bundle["point_of_no_return"], from_repo["point_of_no_return"]);
    assert!(from_bundle["point_of_no_return"].is_string());
    let bundle = root.join("samples/party-migration/app-history.bundle");
    let given =
        history_json(&root.join("samples/party-migration/prisma/migrations"), &["--repo", bundle.to_str().unwrap()]);
    assert_eq!(given["commits"], from_repo["commits"]);
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

/// `git archive COMMIT FOLDER` unpacked into `dest`; false when the commit has no such folder.
fn archive(repo: &Repo, commit: &str, folder: &str, dest: &Path) -> bool {
    let has = Command::new("git")
        .args(["cat-file", "-e", &format!("{commit}:{folder}")])
        .current_dir(repo.path())
        .stderr(Stdio::null())
        .status()
        .unwrap()
        .success();
    if !has {
        return false;
    }
    std::fs::create_dir_all(dest).unwrap();
    let mut archive = Command::new("git")
        .args(["archive", "--format=tar", commit, folder])
        .current_dir(repo.path())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let tar = archive.stdout.take().unwrap();
    let status = Command::new("tar").arg("-x").arg("-C").arg(dest).stdin(tar).status().unwrap();
    assert!(status.success() && archive.wait().unwrap().success(), "unpacking {commit}:{folder}");
    true
}

#[test]
fn each_commit_expected_schema_is_what_postgres_makes_of_its_migrations() {
    if !git_available() {
        return;
    }
    let Some(server) = support::server() else { return };
    let (repo, shas) = golang_migrate_history();
    let (git, folder) = GitCli::discover(&repo.path().join("db")).unwrap();
    assert_eq!(folder, Path::new("db"));
    let tmp = tempfile::tempdir().unwrap();
    let mut schemas = Vec::new();
    for (i, sha) in shas.iter().enumerate() {
        let expected = expected_schema(&git, sha, &folder, None).unwrap();
        assert!(expected.diagnostics.is_empty(), "{sha}: {:?}", expected.diagnostics);
        // The oracle: the same commit's migrations, unpacked from git, applied in order to PostgreSQL.
        let checkout = tmp.path().join(format!("commit-{i}"));
        let db = server.create_database(&format!("history_commit_{i}"));
        let mut applied = Vec::new();
        if archive(&repo, sha, "db", &checkout) {
            let source = rollcheck::input::detect(&checkout.join("db")).unwrap();
            for m in &source.migrations {
                db.apply_file(&m.up.path).unwrap_or_else(|e| panic!("{sha} {}: {e}", m.name));
                applied.push(m.name.clone());
            }
        }
        assert_eq!(expected.migrations, applied, "commit {i}: the migrations replayed");
        let dump = tmp.path().join(format!("commit-{i}.sql"));
        std::fs::write(&dump, db.dump_schema()).unwrap();
        let real = rollcheck::catalog::load(&dump, None).unwrap().catalog;
        let diff = compare(&expected.catalog, &real);
        assert!(diff.is_empty(), "commit {i} ({sha}): expected schema vs PostgreSQL: {diff:?}");
        schemas.push(rollcheck::report::sql::render(&expected.catalog));
    }
    // What each commit's schema shows, in words: no table before the first migration, the column
    // dropped at c4, the out-of-order table merged in, the edited id type, the deleted migration.
    let has = |i: usize, text: &str| schemas[i].contains(text);
    assert!(!has(0, "CREATE TABLE"), "{}", schemas[0]);
    assert!(has(1, "fax text") && has(2, "fax text"), "{}", schemas[1]);
    assert!(!has(3, "fax") && !has(3, "orders"), "{}", schemas[3]);
    assert!(has(4, "CREATE TABLE public.orders"), "{}", schemas[4]);
    assert!(has(4, "id integer") && has(5, "id bigint"), "{}\n{}", schemas[4], schemas[5]);
    assert!(!has(6, "orders") && has(6, "id bigint"), "{}", schemas[6]);
}

fn history_run(args: &[&std::ffi::OsStr]) -> binary::Run {
    let mut all = vec!["history".into(), "--format".into(), "json".into()];
    all.extend(args.iter().map(|a| a.to_os_string()));
    binary::checked(all, &[("GIT_CEILING_DIRECTORIES", "/")], TIMEOUT)
}

#[test]
fn repo_takes_a_relative_source_from_its_root_and_refuses_one_outside_it() {
    if !git_available() {
        return;
    }
    let (repo, shas) = golang_migrate_history();
    let path = repo.path().as_os_str();
    let absolute = repo.path().join("db");
    let by_default = history_run(&[absolute.as_os_str()]);
    assert_eq!(by_default.code(), 0, "{}", by_default.stderr);
    let commits = |run: &binary::Run| -> Vec<String> {
        let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        report["commits"].as_array().unwrap().iter().map(|c| c["sha"].as_str().unwrap().to_owned()).collect()
    };
    assert_eq!(commits(&by_default), shas);
    for source in ["db".as_ref(), absolute.as_os_str()] {
        let run = history_run(&[source, "--repo".as_ref(), path]);
        assert_eq!(run.code(), 0, "{source:?}: {}", run.stderr);
        assert_eq!(run.stdout, by_default.stdout, "{source:?} with --repo");
    }
    // A folder of another repository is refused, in one line naming both.
    let other = Repo::new();
    other.write("db/1_x.up.sql", "CREATE TABLE x ();\n");
    let run = history_run(&[other.path().join("db").as_os_str(), "--repo".as_ref(), path]);
    assert_eq!(run.code(), 2, "{}", run.stdout);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(run.stderr.contains("not inside the repository"), "{}", run.stderr);
    assert!(run.stderr.contains(&other.path().join("db").display().to_string()), "{}", run.stderr);
}

#[test]
fn a_missing_repository_or_a_folder_without_migrations_is_a_one_line_error_naming_it() {
    if !git_available() {
        return;
    }
    let (repo, _) = golang_migrate_history();
    let before = repo.git(&["rev-parse", "HEAD"]);
    let missing = repo.path().join("no-such-repo");
    let code_folder = repo.path().join("src");
    let no_folder = repo.path().join("no-such-folder");
    let cases: Vec<(Vec<&std::ffi::OsStr>, &Path)> = vec![
        (vec!["db".as_ref(), "--repo".as_ref(), missing.as_os_str()], &missing),
        (vec![no_folder.as_os_str()], &no_folder),
        (vec![code_folder.as_os_str()], &code_folder),
    ];
    for (args, named) in cases {
        let run = history_run(&args);
        assert_eq!(run.code(), 2, "{args:?}: {}", run.stdout);
        assert_eq!(run.stderr.lines().count(), 1, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(&named.display().to_string()), "{args:?}: {}", run.stderr);
    }
    assert_eq!(repo.git(&["status", "--porcelain"]), "", "nothing is written to the repository");
    assert_eq!(repo.git(&["rev-parse", "HEAD"]), before);
}

#[test]
fn files_from_trees_equal_the_ls_tree_listing_of_every_commit() {
    use rollcheck::input::git::History;
    if !git_available() {
        return;
    }
    let mut repo = Repo::new();
    repo.write("db/20240101_a/migration.sql", "CREATE TABLE a ();\n");
    repo.write("db/migration_lock.toml", "provider = \"postgresql\"\n");
    repo.commit("a");
    repo.write("db/20240102_b/migration.sql", "CREATE TABLE b ();\n");
    repo.write("db/20240102_b/deep/er/notes.txt", "nested\n");
    repo.write("db/run.sh", "#!/bin/sh\n");
    let executable = <std::fs::Permissions as std::os::unix::fs::PermissionsExt>::from_mode(0o755);
    std::fs::set_permissions(repo.path().join("db/run.sh"), executable).unwrap();
    std::os::unix::fs::symlink("20240101_a", repo.path().join("db/link")).unwrap();
    repo.commit("b, nested files, a symlink");
    repo.write("db/20240101_a/migration.sql", "CREATE TABLE a (id int);\n");
    repo.commit("edit a");
    let (git, folder) = GitCli::discover(&repo.path().join("db")).unwrap();
    let commits: Vec<String> = git.commits(false).unwrap().into_iter().map(|c| c.sha).collect();
    let trees: Vec<String> = git.folder_trees(&commits, &folder).unwrap().into_iter().map(Option::unwrap).collect();
    let pairs: Vec<(&str, &str)> = commits.iter().map(String::as_str).zip(trees.iter().map(String::as_str)).collect();
    let batched = git.files_of_trees(&pairs, &folder).unwrap();
    for (commit, from_trees) in commits.iter().zip(&batched) {
        assert_eq!(from_trees, &git.files(commit, &folder).unwrap(), "{commit}");
    }
    let paths: Vec<String> = batched[1].iter().map(|f| f.path.display().to_string()).collect();
    assert_eq!(
        paths,
        [
            "20240101_a/migration.sql",
            "20240102_b/deep/er/notes.txt",
            "20240102_b/migration.sql",
            "migration_lock.toml",
            "run.sh"
        ],
        "no symlink"
    );
}
