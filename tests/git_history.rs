//! `input::git`: the history of a real repository, built here with `git` and fixed
//! dates, read back through `GitCli` — first-parent and full commit lists, a
//! folder's tree and files at each commit, blob contents, `discover` from inside,
//! and the repository left exactly as it was.
//!
//! The repository (`main` branch, oldest first):
//!
//! 1. `init`: a README, no migrations folder yet;
//! 2. `first migrations`: `prisma/migrations/` with `0001_init`, `0002 with space`
//!    (a path with a space), `old.sql` and `migration_lock.toml`;
//! 3. on branch `feature`: `feature migration` adds `0003_feature`;
//! 4. `edit and delete` on main: edits `0001_init`, deletes `old.sql`, adds a
//!    file whose name holds a newline, one whose name is not UTF-8, a symlink and
//!    a submodule entry (both skipped by `files`);
//! 5. `Merge branch 'feature'`, with `--no-ff`.

#![cfg(unix)]

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

use rollcheck::error::Error;
use rollcheck::input::git::{GitCli, History, TreeFile};

const DATES: [&str; 5] = [
    "2024-01-01T10:00:00Z",
    "2024-01-02T11:30:00+02:00",
    "2024-01-03T09:15:42-05:00",
    "2024-01-04T23:59:59+05:30",
    "2024-01-05T00:00:01+00:00",
];

/// What `%cI` prints for each of `DATES`: the same text, except that git 2.47
/// writes UTC as `Z` (older versions as `+00:00`); see `utc`.
const ISO: [&str; 5] = [
    "2024-01-01T10:00:00Z",
    "2024-01-02T11:30:00+02:00",
    "2024-01-03T09:15:42-05:00",
    "2024-01-04T23:59:59+05:30",
    "2024-01-05T00:00:01Z",
];

/// `date` with UTC spelled `Z` whichever way this git spells it.
fn utc(date: &str) -> String {
    date.strip_suffix("+00:00").map_or_else(|| date.to_owned(), |d| format!("{d}Z"))
}

const INIT_SQL: &str = "CREATE TABLE t (id int PRIMARY KEY);\n";
const INIT_SQL_EDITED: &str = "CREATE TABLE t (id bigint PRIMARY KEY);\n-- edited\n";
const SPACE_SQL: &str = "ALTER TABLE t ADD COLUMN name text;\n";
const FEATURE_SQL: &str = "CREATE INDEX t_name ON t (name);\n";
const LOCK: &str = "provider = \"postgresql\"\n";

/// Runs the repository-building `git` in `dir`, isolated from the caller's
/// configuration and environment, with `date` as author and committer date.
fn git_at(dir: &Path, date: &str, args: &[&OsStr]) -> Vec<u8> {
    let out = Command::new("git")
        .current_dir(dir)
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .env_remove("GIT_OBJECT_DIRECTORY")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .args(["-c", "user.name=Roll Check", "-c", "user.email=roll@check.test", "-c", "commit.gpgsign=false"])
        .args(["-c", "init.defaultBranch=main"])
        .args(args)
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

fn git(dir: &Path, args: &[&str]) -> Vec<u8> {
    git_at(dir, DATES[0], &args.iter().map(OsStr::new).collect::<Vec<_>>())
}

fn text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap().trim_end().to_owned()
}

/// `git rev-parse <rev>` for a rev that may hold any bytes.
fn rev_parse(dir: &Path, rev: &[u8]) -> String {
    text(git_at(dir, DATES[0], &[OsStr::new("rev-parse"), OsStr::new("--verify"), OsStr::from_bytes(rev)]))
}

fn write(dir: &Path, path: &[u8], contents: &str) {
    let path = dir.join(OsStr::from_bytes(path));
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, contents).unwrap();
}

fn commit(dir: &Path, n: usize, subject: &str) -> String {
    git(dir, &["add", "-A"]);
    git_at(dir, DATES[n], &["commit", "-q", "-m", subject].map(OsStr::new));
    text(git(dir, &["rev-parse", "HEAD"]))
}

const NEWLINE_NAME: &[u8] = b"prisma/migrations/new\nline.sql";
const BYTES_NAME: &[u8] = b"prisma/migrations/bytes_\xff.sql";

/// The repository of the module comment and its five commits' ids, in order.
fn build() -> (tempfile::TempDir, [String; 5]) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    git(dir, &["init", "-q"]);
    write(dir, b"README.md", "# app\n");
    let c1 = commit(dir, 0, "init");

    write(dir, b"prisma/migrations/0001_init/migration.sql", INIT_SQL);
    write(dir, b"prisma/migrations/0002 with space/migration.sql", SPACE_SQL);
    write(dir, b"prisma/migrations/old.sql", "DROP TABLE gone;\n");
    write(dir, b"prisma/migrations/migration_lock.toml", LOCK);
    let c2 = commit(dir, 1, "first migrations");

    git(dir, &["checkout", "-q", "-b", "feature"]);
    write(dir, b"prisma/migrations/0003_feature/migration.sql", FEATURE_SQL);
    let c3 = commit(dir, 2, "feature migration");

    git(dir, &["checkout", "-q", "main"]);
    write(dir, b"prisma/migrations/0001_init/migration.sql", INIT_SQL_EDITED);
    fs::remove_file(dir.join("prisma/migrations/old.sql")).unwrap();
    write(dir, NEWLINE_NAME, "-- newline\n");
    write(dir, BYTES_NAME, "-- bytes\n");
    std::os::unix::fs::symlink("0001_init/migration.sql", dir.join("prisma/migrations/link.sql")).unwrap();
    // An empty folder is how an unpopulated submodule looks: `git status` stays clean.
    fs::create_dir(dir.join("prisma/migrations/sub")).unwrap();
    git(dir, &["add", "-A"]);
    let gitlink = format!("160000,{c1},prisma/migrations/sub");
    git(dir, &["update-index", "--add", "--cacheinfo", &gitlink]);
    git_at(dir, DATES[3], &["commit", "-q", "-m", "edit and delete"].map(OsStr::new));
    let c4 = text(git(dir, &["rev-parse", "HEAD"]));

    git_at(dir, DATES[4], &["merge", "-q", "--no-ff", "-m", "Merge branch 'feature'", "feature"].map(OsStr::new));
    let c5 = text(git(dir, &["rev-parse", "HEAD"]));
    (tmp, [c1, c2, c3, c4, c5])
}

fn open(dir: &Path) -> GitCli {
    GitCli::discover(dir).unwrap().0
}

fn migrations() -> &'static Path {
    Path::new("prisma/migrations")
}

#[test]
fn first_parent_commits_oldest_first_with_exact_dates() {
    let (tmp, [c1, c2, _, c4, c5]) = build();
    let commits = open(tmp.path()).commits(false).unwrap();
    let got: Vec<(&str, String, &str)> =
        commits.iter().map(|c| (c.sha.as_str(), utc(&c.date), c.subject.as_str())).collect();
    assert_eq!(
        got,
        vec![
            (c1.as_str(), ISO[0].to_owned(), "init"),
            (c2.as_str(), ISO[1].to_owned(), "first migrations"),
            (c4.as_str(), ISO[3].to_owned(), "edit and delete"),
            (c5.as_str(), ISO[4].to_owned(), "Merge branch 'feature'"),
        ]
    );
    assert!(commits[0].parents.is_empty());
    assert_eq!(commits[1].parents, vec![c1.clone()]);
    assert_eq!(commits[2].parents, vec![c2.clone()]);
}

#[test]
fn all_commits_include_the_merged_branch_parents_first() {
    let (tmp, [c1, c2, c3, c4, c5]) = build();
    let commits = open(tmp.path()).commits(true).unwrap();
    let shas: Vec<&str> = commits.iter().map(|c| c.sha.as_str()).collect();
    assert_eq!(shas.len(), 5);
    assert_eq!((shas[0], shas[1], shas[4]), (c1.as_str(), c2.as_str(), c5.as_str()));
    assert!(shas.contains(&c3.as_str()) && shas.contains(&c4.as_str()));
    let merge = &commits[4];
    assert_eq!(merge.parents, vec![c4.clone(), c3.clone()], "first parent first");
    let feature = commits.iter().find(|c| c.sha == c3).unwrap();
    assert_eq!((feature.date.as_str(), feature.subject.as_str()), (ISO[2], "feature migration"));
    // Topological: every parent is listed before its child.
    for (i, c) in commits.iter().enumerate() {
        for p in &c.parents {
            assert!(shas[..i].contains(&p.as_str()), "{} listed before its parent {p}", c.sha);
        }
    }
}

#[test]
fn folder_tree_is_none_before_the_folder_exists() {
    let (tmp, [c1, c2, _, _, c5]) = build();
    let (dir, git) = (tmp.path(), open(tmp.path()));
    assert_eq!(git.folder_tree(&c1, migrations()).unwrap(), None);
    assert_eq!(
        git.folder_tree(&c2, migrations()).unwrap(),
        Some(rev_parse(dir, format!("{c2}:prisma/migrations").as_bytes()))
    );
    assert_eq!(
        git.folder_tree(&c5, Path::new("./prisma/migrations/")).unwrap(),
        Some(rev_parse(dir, format!("{c5}:prisma/migrations").as_bytes()))
    );
    assert_eq!(git.folder_tree(&c1, Path::new("")).unwrap(), Some(rev_parse(dir, format!("{c1}^{{tree}}").as_bytes())));
    // A file is not a folder; a name that only starts like the folder is not it.
    assert_eq!(git.folder_tree(&c5, Path::new("README.md")).unwrap(), None);
    assert_eq!(git.folder_tree(&c5, Path::new("prisma/migration")).unwrap(), None);
    // A glob is a name, not a pattern.
    assert_eq!(git.folder_tree(&c5, Path::new("prisma/*")).unwrap(), None);
}

#[test]
fn an_unknown_commit_is_an_error_not_an_absent_folder() {
    let (tmp, _) = build();
    let git = open(tmp.path());
    let unknown = "0123456789012345678901234567890123456789";
    assert!(matches!(git.folder_tree(unknown, migrations()), Err(Error::Unreadable { .. })));
    assert!(git.files(unknown, migrations()).is_err());
    assert!(git.files("--output=/tmp/x", migrations()).is_err());
    assert!(git.folder_tree("HEAD", Path::new("../outside")).is_err());
}

#[test]
fn files_list_blobs_under_the_folder_sorted_by_path() {
    let (tmp, [c1, c2, _, _, c5]) = build();
    let (dir, git) = (tmp.path(), open(tmp.path()));
    assert_eq!(git.files(&c1, migrations()).unwrap(), Vec::new());

    let names: Vec<&[u8]> = vec![
        b"0001_init/migration.sql",
        b"0002 with space/migration.sql",
        b"0003_feature/migration.sql",
        b"bytes_\xff.sql",
        b"migration_lock.toml",
        b"new\nline.sql",
    ];
    let expected: Vec<TreeFile> = names
        .iter()
        .map(|name| TreeFile {
            path: PathBuf::from(OsStr::from_bytes(name)),
            blob: rev_parse(dir, &[format!("{c5}:prisma/migrations/").as_bytes(), name].concat()),
        })
        .collect();
    // Without old.sql (deleted), link.sql (a symlink) and sub (a submodule).
    assert_eq!(git.files(&c5, migrations()).unwrap(), expected);

    let at_c2: Vec<PathBuf> = git.files(&c2, Path::new("prisma")).unwrap().into_iter().map(|f| f.path).collect();
    let want: Vec<PathBuf> = [
        "migrations/0001_init/migration.sql",
        "migrations/0002 with space/migration.sql",
        "migrations/migration_lock.toml",
        "migrations/old.sql",
    ]
    .iter()
    .map(PathBuf::from)
    .collect();
    assert_eq!(at_c2, want);

    let everything = git.files(&c1, Path::new("")).unwrap();
    assert_eq!(everything.iter().map(|f| f.path.clone()).collect::<Vec<_>>(), vec![PathBuf::from("README.md")]);
}

#[test]
fn blobs_come_back_exactly_in_the_order_asked() {
    let (tmp, [_, c2, _, _, c5]) = build();
    let git = open(tmp.path());
    let files: BTreeMap<PathBuf, String> =
        git.files(&c5, migrations()).unwrap().into_iter().map(|f| (f.path, f.blob)).collect();
    let old_init = git.files(&c2, migrations()).unwrap().remove(0);
    assert_eq!(old_init.path, Path::new("0001_init/migration.sql"));
    let ids = vec![
        files[Path::new("0003_feature/migration.sql")].clone(),
        files[Path::new("0001_init/migration.sql")].clone(),
        old_init.blob,
        files[Path::new("0002 with space/migration.sql")].clone(),
        files[Path::new("migration_lock.toml")].clone(),
        files[Path::new("0003_feature/migration.sql")].clone(),
    ];
    let contents: Vec<String> = git.blobs(&ids).unwrap().into_iter().map(|b| String::from_utf8(b).unwrap()).collect();
    assert_eq!(contents, [FEATURE_SQL, INIT_SQL_EDITED, INIT_SQL, SPACE_SQL, LOCK, FEATURE_SQL]);
    assert_eq!(git.blobs(&[]).unwrap(), Vec::<Vec<u8>>::new());
}

#[test]
fn a_missing_or_non_blob_id_is_an_error_naming_it() {
    let (tmp, [c1, ..]) = build();
    let git = open(tmp.path());
    let missing = "0123456789012345678901234567890123456789".to_owned();
    let err = git.blobs(std::slice::from_ref(&missing)).unwrap_err().to_string();
    assert!(err.contains(&missing), "{err}");
    assert!(git.blobs(std::slice::from_ref(&c1)).unwrap_err().to_string().contains("not a blob"));
    assert!(git.blobs(&["HEAD".to_owned()]).is_err());
}

#[test]
fn discover_returns_the_path_relative_to_the_root() {
    let (tmp, _) = build();
    let dir = tmp.path();
    let (git, rel) = GitCli::discover(&dir.join("prisma/migrations")).unwrap();
    assert_eq!(rel, Path::new("prisma/migrations"));
    assert_eq!(git.root(), dir.canonicalize().unwrap());
    let (_, rel) = GitCli::discover(&dir.join("prisma/migrations/0002 with space/migration.sql")).unwrap();
    assert_eq!(rel, Path::new("prisma/migrations/0002 with space/migration.sql"));
    let (_, rel) = GitCli::discover(dir).unwrap();
    assert_eq!(rel, Path::new(""));
}

#[test]
fn outside_a_repository_is_not_a_source() {
    let tmp = tempfile::tempdir().unwrap();
    let inside = Command::new("git")
        .current_dir(tmp.path())
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .args(["rev-parse", "--git-dir"])
        .output()
        .unwrap();
    if inside.status.success() {
        return; // The temp folder itself is inside a repository here.
    }
    match GitCli::discover(tmp.path()) {
        Err(Error::NotASource { path, reason }) => {
            assert_eq!(path, tmp.path());
            assert!(reason.contains("not in a git work tree"), "{reason}");
        }
        other => panic!("expected NotASource, got {:?}", other.map(|(_, p)| p)),
    }
    assert!(matches!(GitCli::discover(&tmp.path().join("nope")), Err(Error::Io { .. })));
}

#[test]
fn a_repository_without_commits_has_none() {
    let tmp = tempfile::tempdir().unwrap();
    git(tmp.path(), &["init", "-q"]);
    assert_eq!(open(tmp.path()).commits(true).unwrap(), Vec::new());
}

/// Every file under `.git` with its length and modification time.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, (u64, SystemTime)> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.join(".git")];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let entry = entry.unwrap();
            let meta = entry.metadata().unwrap();
            if meta.is_dir() {
                stack.push(entry.path());
            } else {
                files.insert(entry.path(), (meta.len(), meta.modified().unwrap()));
            }
        }
    }
    files
}

#[test]
fn reading_leaves_the_repository_unchanged() {
    let (tmp, [c1, _, _, _, c5]) = build();
    let dir = tmp.path();
    let before = snapshot(dir);
    let index = fs::metadata(dir.join(".git/index")).unwrap().modified().unwrap();

    let (git, folder) = GitCli::discover(&dir.join("prisma/migrations")).unwrap();
    git.commits(false).unwrap();
    git.commits(true).unwrap();
    assert_eq!(git.folder_tree(&c1, &folder).unwrap(), None);
    git.folder_tree(&c5, &folder).unwrap();
    let ids: Vec<String> = git.files(&c5, &folder).unwrap().into_iter().map(|f| f.blob).collect();
    git.blobs(&ids).unwrap();

    assert_eq!(fs::metadata(dir.join(".git/index")).unwrap().modified().unwrap(), index);
    assert_eq!(snapshot(dir), before, "nothing under .git was created, changed or removed");
    assert_eq!(text(git_at(dir, DATES[0], &[OsStr::new("status"), OsStr::new("--porcelain")])), "");
}

#[test]
fn the_callers_git_environment_is_ignored() {
    let (tmp, [.., c5]) = build();
    // Every other test's own `git` removes these too, so setting them here is safe.
    for name in ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY"] {
        std::env::set_var(name, "/nonexistent");
    }
    let result = GitCli::discover(tmp.path()).and_then(|(git, _)| {
        let commits = git.commits(false)?;
        let files = git.files(&c5, migrations())?;
        git.blobs(&files.iter().map(|f| f.blob.clone()).collect::<Vec<_>>())?;
        Ok(commits.len())
    });
    for name in ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY"] {
        std::env::remove_var(name);
    }
    assert_eq!(result.unwrap(), 4);
}

#[test]
fn a_partial_clone_never_fetches_a_missing_blob() {
    let (tmp, [.., c5]) = build();
    let origin = tmp.path();
    git(origin, &["config", "uploadpack.allowFilter", "true"]);
    let clone = tempfile::tempdir().unwrap();
    let url = format!("file://{}", origin.display());
    git(clone.path(), &["clone", "-q", "--no-checkout", "--filter=blob:none", &url, "c"]);
    let git = open(&clone.path().join("c"));
    // Trees and commits came with the clone; blobs did not, and must not be fetched.
    assert_eq!(git.commits(false).unwrap().len(), 4);
    let files = git.files(&c5, migrations()).unwrap();
    assert_eq!(files.len(), 6);
    let err = git.blobs(&[files[0].blob.clone()]).unwrap_err().to_string();
    assert!(err.contains("no such object"), "{err}");
    assert!(git.blobs(&[files[0].blob.clone()]).is_err(), "still missing: nothing was fetched");
}
