//! `samples/party-migration/make-git-history DEST` builds the sample's application as a
//! git repository: the eight migrations committed one by one, shortly after their
//! timestamps, with code-only commits between them. The history is the same on every
//! run (same commit ids), and the migrations at HEAD are the sample's files, byte for byte.
//!
//! Needs `git`: without it a developer's run skips with a warning, a CI run fails.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Commits on `main` following first parents (the merge of the one feature branch counts once).
const FIRST_PARENT_COMMITS: usize = 21;
/// All commits: the first-parent line plus the two commits of the feature branch.
const ALL_COMMITS: usize = 23;

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/party-migration")
}

/// `git` without the user's or the system's configuration, and outside any enclosing repository's
/// environment (a test run from a git hook has GIT_DIR set).
fn git_cmd(dir: &Path) -> Command {
    let mut cmd = Command::new("git");
    cmd.current_dir(dir).env("GIT_CONFIG_NOSYSTEM", "1").env("GIT_CONFIG_GLOBAL", "/dev/null").env("TZ", "UTC");
    for var in ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_CONFIG_PARAMETERS"] {
        cmd.env_remove(var);
    }
    cmd
}

/// Runs git in `dir`; its standard output, which must be UTF-8.
fn git(dir: &Path, args: &[&str]) -> String {
    String::from_utf8(git_bytes(dir, args)).expect("git prints UTF-8")
}

fn git_bytes(dir: &Path, args: &[&str]) -> Vec<u8> {
    let out = git_cmd(dir).args(args).output().expect("running git");
    assert!(out.status.success(), "git {args:?} failed:\n{}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

/// `CI` is set to anything but an empty string, `0` or `false`.
fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !matches!(v.trim().to_ascii_lowercase().as_str(), "" | "0" | "false"))
}

/// Whether git is installed; a loud skip outside CI, a failure under CI.
fn have_git() -> bool {
    if Command::new("git").arg("--version").output().is_ok_and(|o| o.status.success()) {
        return true;
    }
    assert!(!in_ci(), "git is required under CI but was not found on PATH");
    eprintln!(
        "\n==================================================================\n\
         SKIPPED: git not found on PATH.\n\
         The tests of samples/party-migration/make-git-history did NOT run.\n\
         ==================================================================\n"
    );
    false
}

/// Runs the script into `dest`; its exit status and standard error.
fn run_script(dest: &Path) -> (bool, String) {
    let out = Command::new(sample().join("make-git-history")).arg(dest).output().expect("running make-git-history");
    (out.status.success(), String::from_utf8_lossy(&out.stderr).into_owned())
}

/// A fresh history in a temporary directory (kept alive by the returned guard).
fn make_history() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let repo = tmp.path().join("app");
    let (ok, stderr) = run_script(&repo);
    assert!(ok, "make-git-history failed:\n{stderr}");
    (tmp, repo)
}

/// Seconds since the epoch of a Prisma migration timestamp `YYYYMMDDHHMMSS` (UTC).
fn prisma_timestamp(folder: &str) -> i64 {
    let n = |r: std::ops::Range<usize>| -> i64 { folder[r].parse().expect("a numeric timestamp") };
    let (y, m, d) = (n(0..4), n(4..6), n(6..8));
    // Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (H. Hinnant's days_from_civil).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    days * 86_400 + n(8..10) * 3600 + n(10..12) * 60 + n(12..14)
}

/// The sample's migration folders, sorted (= Prisma's order).
fn migration_folders() -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(sample().join("prisma/migrations"))
        .expect("the sample's migrations")
        .map(|e| e.expect("dir entry"))
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().into_string().expect("UTF-8 name"))
        .collect();
    names.sort();
    names
}

/// Every file under `dir`, by its path relative to `root` with `/` separators, with its bytes.
fn files_under(root: &Path, dir: &Path, into: &mut BTreeMap<String, Vec<u8>>) {
    for entry in fs::read_dir(dir).expect("readable dir") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            files_under(root, &path, into);
        } else {
            let rel = path.strip_prefix(root).expect("under root").to_str().expect("UTF-8 path").replace('\\', "/");
            into.insert(rel, fs::read(&path).expect("readable file"));
        }
    }
}

#[test]
fn the_same_history_on_every_run() {
    if !have_git() {
        return;
    }
    let (_a, first) = make_history();
    let (_b, second) = make_history();
    let head = |repo: &Path| git(repo, &["rev-parse", "HEAD"]).trim().to_string();
    assert_eq!(head(&first), head(&second), "two runs of make-git-history gave different commits");
}

#[test]
fn migrations_committed_after_their_timestamps_with_code_between() {
    if !have_git() {
        return;
    }
    let (_tmp, repo) = make_history();

    assert_eq!(git(&repo, &["branch", "--show-current"]).trim(), "main");
    let subjects = git(&repo, &["log", "--first-parent", "--format=%s"]);
    assert_eq!(subjects.lines().count(), FIRST_PARENT_COMMITS, "first-parent subjects:\n{subjects}");
    assert_eq!(git(&repo, &["rev-list", "--count", "HEAD"]).trim(), ALL_COMMITS.to_string());
    assert!(git(&repo, &["status", "--porcelain", "--untracked-files=all"]).is_empty(), "the work tree is not clean");

    // Each migration folder is added by exactly one commit, authored and committed
    // after the migration's timestamp and within the hour.
    for folder in migration_folders() {
        let path = format!("prisma/migrations/{folder}");
        let added = git(&repo, &["log", "--diff-filter=A", "--format=%H %at %ct", "--", &path]);
        let lines: Vec<&str> = added.lines().collect();
        assert_eq!(lines.len(), 1, "{folder} added by {} commits:\n{added}", lines.len());
        let fields: Vec<&str> = lines[0].split(' ').collect();
        let stamp = prisma_timestamp(&folder);
        for date in &fields[1..] {
            let after = date.parse::<i64>().expect("a unix time") - stamp;
            assert!((1..=3600).contains(&after), "{folder} committed {after} s after its timestamp");
        }
        // On the main line, not only on a side branch.
        let first_parent = git(&repo, &["rev-list", "--first-parent", "HEAD"]);
        assert!(first_parent.lines().any(|c| c == fields[0]), "{folder} is not added on main's first-parent line");
    }

    // Between the migration commits, only code changes: a commit that touches prisma/
    // adds a migration folder.
    let log = git(&repo, &["log", "--first-parent", "--no-merges", "--format=>%s", "--name-status"]);
    for commit in log.split('>').filter(|c| !c.is_empty()) {
        let (subject, changes) = commit.split_once('\n').expect("subject line");
        let touches_prisma = changes.lines().any(|l| l.contains("\tprisma/"));
        let adds_migration =
            changes.lines().any(|l| l.starts_with("A\tprisma/migrations/") && l.ends_with("/migration.sql"));
        assert_eq!(touches_prisma, adds_migration, "{subject}:\n{changes}");
    }

    // The one feature branch, merged with a merge commit, touches only code.
    let merges = git(&repo, &["rev-list", "--merges", "HEAD"]);
    let merges: Vec<&str> = merges.lines().collect();
    assert_eq!(merges.len(), 1, "merge commits: {merges:?}");
    let range = format!("{0}^1..{0}^2", merges[0]);
    let branch_files = git(&repo, &["log", "--format=", "--name-only", &range]);
    assert!(!branch_files.trim().is_empty());
    assert!(branch_files.lines().filter(|l| !l.is_empty()).all(|f| f.starts_with("src/")), "{branch_files}");

    // The point of no return: the Phase 4 migration and the final schema arrive together.
    let phase4 = git(&repo, &["log", "--format=%s", "--diff-filter=A", "--", "prisma/schema.prisma"]);
    assert!(phase4.trim().starts_with("Party phase 4 (contract)"), "{phase4}");
}

#[test]
fn migrations_at_head_are_the_samples_files_byte_for_byte() {
    if !have_git() {
        return;
    }
    let (_tmp, repo) = make_history();

    let mut expected = BTreeMap::new();
    files_under(&sample(), &sample().join("prisma/migrations"), &mut expected);
    let listed = git(&repo, &["ls-tree", "-r", "--name-only", "HEAD", "prisma/migrations"]);
    let at_head: Vec<&str> = listed.lines().collect();
    assert_eq!(at_head, expected.keys().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(at_head.len(), 9, "eight migration.sql and migration_lock.toml");
    for (path, bytes) in &expected {
        let committed = git_bytes(&repo, &["show", &format!("HEAD:{path}")]);
        assert!(committed == *bytes, "{path} at HEAD differs from the sample's file");
    }
    let schema = git_bytes(&repo, &["show", "HEAD:prisma/schema.prisma"]);
    assert!(schema == fs::read(sample().join("prisma/schema.prisma")).expect("the sample's schema"));

    // And rollcheck reads the repository as it reads the sample.
    let out = Command::new(env!("CARGO_BIN_EXE_rollcheck"))
        .args(["diff".as_ref(), repo.as_os_str(), sample().as_os_str()])
        .output()
        .expect("running rollcheck");
    assert!(out.status.success(), "rollcheck diff: {}", String::from_utf8_lossy(&out.stdout));
}

#[test]
fn refuses_a_destination_that_is_not_empty() {
    if !have_git() {
        return;
    }
    let tmp = tempfile::tempdir().expect("tempdir");
    fs::write(tmp.path().join("keep.txt"), "mine").expect("writing a file");
    let (ok, stderr) = run_script(tmp.path());
    assert!(!ok, "make-git-history wrote into a non-empty directory");
    assert!(stderr.contains("not an empty directory"), "{stderr}");
    assert!(!tmp.path().join(".git").exists());
    assert_eq!(fs::read_to_string(tmp.path().join("keep.txt")).expect("still there"), "mine");

    // An empty directory is fine.
    let empty = tempfile::tempdir().expect("tempdir");
    let (ok, stderr) = run_script(empty.path());
    assert!(ok, "{stderr}");
}
