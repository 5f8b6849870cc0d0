//! Reading a git repository's history offline, through the `git` CLI.
//!
//! rollcheck reads commits, trees and blobs straight from the object database:
//! it never checks anything out, never takes the index lock and never writes to
//! the repository. [`History`] is what the rest of the crate needs; [`GitCli`]
//! implements it by running `git` with a hardened environment (see [`GitCli`]).
//!
//! Every listing is read in a `-z` format and parsed as bytes, so paths with
//! newlines, quotes or bytes that are not UTF-8 come back exactly (on Unix; on
//! other systems a path that is not UTF-8 is an error naming it).

use std::collections::HashMap;
use std::ffi::{OsStr, OsString};
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::{Component, Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Output, Stdio};

use crate::error::{Error, Result};

/// A commit as `rollcheck history` lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    /// The full commit id: 40 hex digits (64 in a SHA-256 repository).
    pub sha: String,
    /// The committer date in strict ISO 8601 (`%cI`) exactly as git prints it, e.g.
    /// `2024-01-02T03:04:05+02:00`: the commit's own offset is kept; git 2.47
    /// writes a UTC offset as `Z`, older versions as `+00:00`.
    pub date: String,
    /// The subject (`%s`): the message's first paragraph on one line. Bytes that
    /// are not UTF-8 are replaced by U+FFFD: the subject is for display only.
    pub subject: String,
    /// The parents' full ids, first parent first; empty for a root commit.
    pub parents: Vec<String>,
}

/// One file of a commit's tree under a folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeFile {
    /// Relative to the folder asked for.
    pub path: PathBuf,
    /// The blob id.
    pub blob: String,
}

/// What rollcheck needs from a repository; the git CLI is one implementation.
pub trait History {
    /// The commits reachable from HEAD, oldest first: first-parent only unless `all`.
    fn commits(&self, all: bool) -> Result<Vec<Commit>>;
    /// The tree id of `folder` (relative to the repository root) at `commit`, or None when absent.
    fn folder_tree(&self, commit: &str, folder: &Path) -> Result<Option<String>>;
    /// Every file under `folder` at `commit`, recursively, sorted by path.
    fn files(&self, commit: &str, folder: &Path) -> Result<Vec<TreeFile>>;
    /// The contents of blobs, in the order asked (one long-running `git cat-file --batch`).
    fn blobs(&self, ids: &[String]) -> Result<Vec<Vec<u8>>>;
    /// [`History::folder_tree`] for many commits at once.
    fn folder_trees(&self, commits: &[String], folder: &Path) -> Result<Vec<Option<String>>> {
        commits.iter().map(|c| self.folder_tree(c, folder)).collect()
    }
    /// [`History::files`] for many commits at once, each given with the id of its
    /// `folder` tree (from [`History::folder_trees`]), so that a backend can read
    /// each distinct tree once instead of listing every commit anew.
    fn files_of_trees(&self, commits: &[(&str, &str)], folder: &Path) -> Result<Vec<Vec<TreeFile>>> {
        commits.iter().map(|(commit, _)| self.files(commit, folder)).collect()
    }
}

/// A repository read through the `git` command.
///
/// Every `git` runs in the repository's root with stdin closed and this
/// environment: every inherited `GIT_*` variable removed (so a caller's
/// `GIT_DIR`, `GIT_WORK_TREE`, `GIT_INDEX_FILE`, `GIT_OBJECT_DIRECTORY`,
/// `GIT_CONFIG_PARAMETERS`, ... cannot redirect or reconfigure it), then
/// `GIT_TERMINAL_PROMPT=0`, `GIT_PAGER=cat`, `GIT_OPTIONAL_LOCKS=0`,
/// `GIT_NO_LAZY_FETCH=1` (a partial clone never fetches a missing object: it is
/// reported missing), `GIT_LITERAL_PATHSPECS=1` (a folder name is never a glob)
/// and `LC_ALL=C`, with `--no-pager`. The user's and the system's git
/// configuration are still read (`safe.directory` lives there); options that
/// could change what `git log` prints (`log.showSignature`, colour) are
/// overridden on its command line.
///
/// A bare repository is not supported: [`GitCli::discover`] needs a work tree to
/// find the path's place in it (the work tree itself is never read).
#[derive(Debug, Clone)]
pub struct GitCli {
    root: PathBuf,
}

impl GitCli {
    /// Opens the repository that contains `path` (a file or folder inside it); returns it and
    /// `path` relative to the repository root.
    pub fn discover(path: &Path) -> Result<(GitCli, PathBuf)> {
        let not_a_source = |reason: String| Error::NotASource { path: path.to_owned(), reason };
        let real = path.canonicalize().map_err(|e| Error::io(path, e))?;
        let (dir, file) = if real.is_dir() {
            (real.as_path(), None)
        } else {
            match (real.parent(), real.file_name()) {
                (Some(dir), Some(name)) => (dir, Some(name)),
                _ => return Err(not_a_source("not a file or a folder".into())),
            }
        };
        let run = |arg: &str| -> Result<Vec<u8>> {
            let out = hardened(dir)
                .args(["rev-parse", arg])
                .output()
                .map_err(|e| not_a_source(format!("cannot run git: {e}")))?;
            if !out.status.success() {
                return Err(not_a_source(format!("not in a git work tree: {}", first_line(&out.stderr))));
            }
            Ok(strip_newline(out.stdout))
        };
        let root = path_from_bytes(&run("--show-toplevel")?)
            .map_err(|_| not_a_source("repository root is not UTF-8".into()))?;
        // `--show-prefix` is `dir` relative to the root with a trailing `/`, and
        // empty at the root; it is computed by git, so symlinks cannot confuse it.
        let prefix = path_from_bytes(&run("--show-prefix")?).map_err(|_| not_a_source("path is not UTF-8".into()))?;
        let relative = match file {
            Some(name) => prefix.join(name),
            None => prefix.components().collect(),
        };
        Ok((GitCli { root }, relative))
    }

    /// Opens the repository that contains the folder `repo` and returns it with `path`
    /// relative to its root; `path` must lie in that repository's work tree (not in
    /// another repository, nor in a submodule or a repository nested inside it).
    pub fn discover_in(repo: &Path, path: &Path) -> Result<(GitCli, PathBuf)> {
        if !repo.is_dir() {
            let reason = if repo.exists() { "not a folder" } else { "no such folder" };
            return Err(Error::NotASource { path: repo.to_owned(), reason: format!("repository: {reason}") });
        }
        let (git, _) = GitCli::discover(repo)?;
        let (inner, relative) = GitCli::discover(path)?;
        let same = |a: &Path, b: &Path| a.canonicalize().ok().zip(b.canonicalize().ok()).is_some_and(|(a, b)| a == b);
        if !same(&inner.root, &git.root) {
            return Err(Error::NotASource {
                path: path.to_owned(),
                reason: format!("not inside the repository {} (it is in {})", git.root.display(), inner.root.display()),
            });
        }
        Ok((git, relative))
    }

    /// The repository's root (its work tree's top folder).
    pub fn root(&self) -> &Path {
        &self.root
    }

    fn git(&self) -> Command {
        hardened(&self.root)
    }

    /// Runs `git` to completion; a failure is an error quoting git's first line.
    fn run(&self, args: &[&OsStr]) -> Result<Output> {
        let out = self.git().args(args).output().map_err(|e| self.error(format!("cannot run git: {e}")))?;
        if !out.status.success() {
            return Err(self.error(format!("{}: {}", describe(args), first_line(&out.stderr))));
        }
        Ok(out)
    }

    fn error(&self, message: String) -> Error {
        Error::Unreadable { path: self.root.clone(), message }
    }

    /// `commit`, refused when git would read it as an option (`ls-tree` takes
    /// `--end-of-options` as a path, so refusing is the only guard) or it holds
    /// a NUL or a newline.
    fn rev<'a>(&self, commit: &'a str) -> Result<&'a OsStr> {
        if commit.is_empty() || commit.starts_with('-') || commit.contains(['\0', '\n']) {
            return Err(self.error(format!("not a commit: {commit:?}")));
        }
        Ok(OsStr::new(commit))
    }
}

impl History for GitCli {
    /// `git log --topo-order --reverse` from HEAD: parents always come before
    /// their children. With `all`, every commit reachable from HEAD (the merged
    /// branches' commits too, interleaved in topological order); without it,
    /// `--first-parent`, the chain a branch's history is made of. An unborn HEAD
    /// (a repository without commits) has no commits.
    fn commits(&self, all: bool) -> Result<Vec<Commit>> {
        let head = self.git().args(["rev-parse", "--verify", "--quiet", "HEAD^{commit}"]).output();
        let head = head.map_err(|e| self.error(format!("cannot run git: {e}")))?;
        if !head.status.success() {
            return Ok(Vec::new());
        }
        let mut args: Vec<&OsStr> = [
            "log",
            "-z",
            "--format=%H%x00%P%x00%cI%x00%s",
            "--topo-order",
            "--reverse",
            "--encoding=UTF-8",
            "--no-show-signature",
            "--no-color",
            "--no-mailmap",
        ]
        .iter()
        .map(OsStr::new)
        .collect();
        if !all {
            args.push(OsStr::new("--first-parent"));
        }
        args.extend([OsStr::new("HEAD"), OsStr::new("--")]);
        let out = self.run(&args)?;
        parse_log(&out.stdout).map_err(|m| self.error(format!("unexpected `git log` output: {m}")))
    }

    /// The tree entry named `folder` at `commit` (`git ls-tree`); None when there
    /// is none or it is not a folder. An unknown commit is an error.
    fn folder_tree(&self, commit: &str, folder: &Path) -> Result<Option<String>> {
        let rev = self.rev(commit)?;
        let folder = self.git_path(folder)?;
        if folder.is_empty() {
            let mut spec = rev.to_owned();
            spec.push("^{tree}");
            let out =
                self.run(&[OsStr::new("rev-parse"), OsStr::new("--verify"), OsStr::new("--end-of-options"), &spec])?;
            let id = String::from_utf8_lossy(&strip_newline(out.stdout)).into_owned();
            return if is_object_id(&id) { Ok(Some(id)) } else { Err(self.error(format!("not a tree id: {id:?}"))) };
        }
        let out = self.run(&[
            OsStr::new("ls-tree"),
            OsStr::new("-z"),
            OsStr::new("--full-tree"),
            rev,
            OsStr::new("--"),
            &bytes_to_os(&folder),
        ])?;
        for entry in parse_ls_tree(&out.stdout) {
            let entry = entry.map_err(|m| self.error(format!("unexpected `git ls-tree` output: {m}")))?;
            if entry.path == folder.as_slice() && entry.kind == b"tree" {
                return Ok(Some(entry.id));
            }
        }
        Ok(None)
    }

    /// `git ls-tree -r` of `folder` at `commit`: the blobs under it, sorted by
    /// [`Path`]'s order (component by component). Submodules (gitlinks) are
    /// skipped: their commits live in another repository. Symlinks (mode 120000)
    /// are skipped too: their blob is the link's target path, not a migration's
    /// text, and what it points to may not be in the tree at all. A folder that
    /// does not exist at `commit` has no files.
    fn files(&self, commit: &str, folder: &Path) -> Result<Vec<TreeFile>> {
        let rev = self.rev(commit)?;
        let folder = self.git_path(folder)?;
        let mut args = vec![OsStr::new("ls-tree"), OsStr::new("-r"), OsStr::new("-z"), OsStr::new("--full-tree")];
        args.extend([rev, OsStr::new("--")]);
        let spec = bytes_to_os(&folder);
        if !folder.is_empty() {
            args.push(&spec);
        }
        let out = self.run(&args)?;
        let mut files = Vec::new();
        for entry in parse_ls_tree(&out.stdout) {
            let entry = entry.map_err(|m| self.error(format!("unexpected `git ls-tree` output: {m}")))?;
            if entry.kind != b"blob" || entry.mode == b"120000" {
                continue;
            }
            let relative = if folder.is_empty() {
                entry.path
            } else {
                match entry.path.strip_prefix(folder.as_slice()).and_then(|p| p.strip_prefix(b"/")) {
                    Some(rest) => rest,
                    // The folder itself is a file: nothing under it.
                    None => continue,
                }
            };
            let path = path_from_bytes(relative).map_err(|m| self.error(m))?;
            files.push(TreeFile { path, blob: entry.id });
        }
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(files)
    }

    /// Runs one `git cat-file --batch`, writing the ids from a second thread while
    /// this one reads the frames, so neither side's pipe can fill up and block.
    /// Every id must name a blob; a missing one (in a partial clone, say) is an
    /// error naming it.
    fn folder_trees(&self, commits: &[String], folder: &Path) -> Result<Vec<Option<String>>> {
        let path = self.git_path(folder)?;
        // The batch reads lines: a folder name with a newline, or the root, goes one by one.
        if path.is_empty() || path.contains(&b'\n') || commits.iter().any(|c| !is_object_id(c)) {
            return commits.iter().map(|c| self.folder_tree(c, folder)).collect();
        }
        self.batch_folder_trees(commits, &path)
    }

    fn blobs(&self, ids: &[String]) -> Result<Vec<Vec<u8>>> {
        self.objects(ids, "blob")
    }

    /// The files under each commit's folder tree, from the trees themselves read through
    /// `git cat-file --batch`, level by level: one process per level of folders for all
    /// the commits, and each distinct tree read once, where `ls-tree -r` would take a
    /// process per commit. Symlinks and submodules are left out, as by [`History::files`].
    fn files_of_trees(&self, commits: &[(&str, &str)], _folder: &Path) -> Result<Vec<Vec<TreeFile>>> {
        let mut trees: HashMap<String, Vec<TreeEntry>> = HashMap::new();
        let mut wanted: Vec<String> = commits.iter().map(|(_, tree)| tree.to_string()).collect();
        while !wanted.is_empty() {
            wanted.sort();
            wanted.dedup();
            wanted.retain(|id| !trees.contains_key(id));
            let read = self.objects(&wanted, "tree")?;
            let mut next = Vec::new();
            for (id, raw) in wanted.iter().zip(read) {
                let entries = parse_tree(&raw, id.len() / 2).map_err(|m| self.error(format!("tree {id}: {m}")))?;
                next.extend(entries.iter().filter(|e| e.mode == TREE_MODE).map(|e| e.id.clone()));
                trees.insert(id.clone(), entries);
            }
            wanted = next;
        }
        let mut out = Vec::with_capacity(commits.len());
        for (_, tree) in commits {
            let mut files = Vec::new();
            let mut stack: Vec<(PathBuf, &str)> = vec![(PathBuf::new(), *tree)];
            while let Some((prefix, id)) = stack.pop() {
                let Some(entries) = trees.get(id) else { continue };
                for entry in entries {
                    let name = path_from_bytes(&entry.name).map_err(|m| self.error(m))?;
                    match entry.mode.as_str() {
                        TREE_MODE => stack.push((prefix.join(name), &entry.id)),
                        // Regular and executable files; not symlinks (120000) nor submodules (160000).
                        "100644" | "100755" | "100664" => {
                            files.push(TreeFile { path: prefix.join(name), blob: entry.id.clone() })
                        }
                        _ => {}
                    }
                }
            }
            files.sort_by(|a, b| a.path.cmp(&b.path));
            out.push(files);
        }
        Ok(out)
    }
}

/// The mode of a folder in a tree object.
const TREE_MODE: &str = "40000";

/// One entry of a tree object.
#[derive(Debug)]
struct TreeEntry {
    mode: String,
    name: Vec<u8>,
    id: String,
}

/// The entries of a raw tree object: `<mode> <name>\0<binary id>` after one another;
/// `id_len` is the binary id's length (20 for SHA-1, 32 for SHA-256).
fn parse_tree(mut raw: &[u8], id_len: usize) -> Result<Vec<TreeEntry>, String> {
    let mut entries = Vec::new();
    while !raw.is_empty() {
        let space = memchr::memchr(b' ', raw).ok_or("entry without a mode")?;
        let nul = memchr::memchr(0, &raw[space..]).map(|i| space + i).ok_or("entry without a name")?;
        let id = raw.get(nul + 1..nul + 1 + id_len).ok_or("truncated entry")?;
        let mode = std::str::from_utf8(&raw[..space]).map_err(|_| "mode is not ASCII")?.to_owned();
        let name = raw[space + 1..nul].to_vec();
        if name.is_empty() || name.contains(&b'/') || name == b"." || name == b".." {
            return Err(format!("bad entry name {:?}", String::from_utf8_lossy(&name)));
        }
        let id = id.iter().map(|b| format!("{b:02x}")).collect();
        entries.push(TreeEntry { mode, name, id });
        raw = &raw[nul + 1 + id_len..];
    }
    Ok(entries)
}

impl GitCli {
    /// The contents of objects of one `kind`, in the order asked, through one `git cat-file --batch`.
    fn objects(&self, ids: &[String], kind: &str) -> Result<Vec<Vec<u8>>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        if let Some(bad) = ids.iter().find(|id| !is_object_id(id)) {
            return Err(self.error(format!("not a {kind} id: {bad:?}")));
        }
        let (mut child, mut stdin, stdout) = self.cat_file("--batch")?;
        let input: Vec<u8> = ids.iter().flat_map(|id| [id.as_bytes(), b"\n"].concat()).collect();
        let mut killed = false;
        let read = std::thread::scope(|scope| {
            let writer = scope.spawn(move || stdin.write_all(&input));
            let read = read_batch(&mut BufReader::new(stdout), ids, kind);
            // Stopped reading early: a git still writing would block on a full
            // pipe, and the writer with it. Its exit is no news then.
            if read.is_err() && !matches!(child.try_wait(), Ok(Some(_))) {
                killed = child.kill().is_ok();
            }
            let wrote = writer.join().unwrap_or_else(|_| Err(io::Error::other("writer thread panicked")));
            // A write error only matters when reading succeeded: a git that
            // stopped reading its input has already made reading fail.
            read.and_then(|blobs| wrote.map(|()| blobs).map_err(|e| format!("writing ids: {e}")))
        });
        let status = finish(&mut child);
        let message = match (read, status) {
            (Ok(blobs), Ok(())) => return Ok(blobs),
            (Err(message), Err(status)) if !killed => format!("{message} ({status})"),
            (Err(message), _) | (Ok(_), Err(message)) => message,
        };
        Err(self.error(format!("git cat-file --batch: {message}")))
    }

    /// A `git cat-file <mode> --buffer` with its input and output piped.
    fn cat_file(&self, mode: &str) -> Result<(Child, ChildStdin, ChildStdout)> {
        let mut child = self
            .git()
            .args(["cat-file", mode, "--buffer"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| self.error(format!("cannot run git: {e}")))?;
        match (child.stdin.take(), child.stdout.take()) {
            (Some(stdin), Some(stdout)) => Ok((child, stdin, stdout)),
            _ => Err(self.error("git cat-file: no pipes".into())),
        }
    }

    /// The tree ids of `folder` at many commits through one `git cat-file --batch-check`
    /// (a process per commit costs more than reading the history).
    fn batch_folder_trees(&self, commits: &[String], folder: &[u8]) -> Result<Vec<Option<String>>> {
        let (mut child, mut stdin, stdout) = self.cat_file("--batch-check=%(objectname) %(objecttype)")?;
        let mut input = Vec::new();
        for c in commits {
            input.extend_from_slice(c.as_bytes());
            input.push(b':');
            input.extend_from_slice(folder);
            input.push(b'\n');
        }
        let read = std::thread::scope(|scope| {
            let writer = scope.spawn(move || stdin.write_all(&input));
            let mut out = Vec::with_capacity(commits.len());
            let mut lines = BufReader::new(stdout).lines();
            for _ in commits {
                let line = match lines.next() {
                    Some(Ok(line)) => line,
                    Some(Err(e)) => return Err(e.to_string()),
                    None => return Err("output ended early".to_owned()),
                };
                out.push(match line.split_once(' ') {
                    Some((id, "tree")) if is_object_id(id) => Some(id.to_owned()),
                    _ => None,
                });
            }
            writer
                .join()
                .unwrap_or_else(|_| Err(io::Error::other("writer thread panicked")))
                .map_err(|e| e.to_string())?;
            Ok(out)
        });
        let status = finish(&mut child);
        match (read, status) {
            (Ok(trees), Ok(())) => Ok(trees),
            (Err(message), _) | (Ok(_), Err(message)) => {
                Err(self.error(format!("git cat-file --batch-check: {message}")))
            }
        }
    }

    /// `folder` as git spells it: `/`-separated, relative to the root, without
    /// `.` components; empty for the root. Absolute paths and `..` are refused.
    fn git_path(&self, folder: &Path) -> Result<Vec<u8>> {
        let mut out = Vec::new();
        for part in folder.components() {
            match part {
                Component::CurDir => {}
                Component::Normal(name) => {
                    if !out.is_empty() {
                        out.push(b'/');
                    }
                    out.extend_from_slice(&os_to_bytes(name).map_err(|m| self.error(m))?);
                }
                _ => {
                    return Err(self.error(format!("{}: not a path relative to the repository root", folder.display())))
                }
            }
        }
        Ok(out)
    }
}

/// A `git` command that reads nothing from the caller's git environment.
fn hardened(dir: &Path) -> Command {
    let mut cmd = Command::new("git");
    for (name, _) in std::env::vars_os() {
        if name.as_encoded_bytes().starts_with(b"GIT_") {
            cmd.env_remove(name);
        }
    }
    cmd.current_dir(dir)
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_PAGER", "cat")
        .env("GIT_OPTIONAL_LOCKS", "0")
        .env("GIT_NO_LAZY_FETCH", "1")
        .env("GIT_LITERAL_PATHSPECS", "1")
        .env("LC_ALL", "C")
        .stdin(Stdio::null())
        .arg("--no-pager");
    cmd
}

/// Waits for `child`; an unsuccessful exit is its stderr's first line.
fn finish(child: &mut Child) -> Result<(), String> {
    let mut stderr = Vec::new();
    if let Some(mut err) = child.stderr.take() {
        // Bounded: a runaway stderr must not exhaust memory.
        let _ = err.by_ref().take(64 * 1024).read_to_end(&mut stderr);
        let _ = io::copy(&mut err, &mut io::sink());
    }
    match child.wait() {
        Ok(status) if status.success() => Ok(()),
        Ok(status) => Err(format!("{status}: {}", first_line(&stderr))),
        Err(e) => Err(e.to_string()),
    }
}

/// Reads one `cat-file --batch` frame per id: `<id> <type> <size>\n<content>\n`.
fn read_batch(out: &mut impl BufRead, ids: &[String], kind: &str) -> Result<Vec<Vec<u8>>, String> {
    let mut blobs = Vec::with_capacity(ids.len());
    for id in ids {
        let mut header = Vec::new();
        // A header is an id, a type and a number: 256 bytes is plenty.
        out.by_ref().take(256).read_until(b'\n', &mut header).map_err(|e| e.to_string())?;
        if header.pop() != Some(b'\n') {
            return Err(format!("{id}: truncated or overlong header"));
        }
        let header = String::from_utf8_lossy(&header);
        let fields: Vec<&str> = header.split(' ').collect();
        let size = match fields.as_slice() {
            [_, "missing"] => return Err(format!("{id}: no such object (missing from a partial clone?)")),
            [_, "ambiguous"] => return Err(format!("{id}: ambiguous object id")),
            [got, _, _] if !got.eq_ignore_ascii_case(id) => return Err(format!("{id}: git answered for {got}")),
            [_, got, size] if *got == kind => size.parse::<u64>().map_err(|_| format!("{id}: bad size {size:?}"))?,
            [_, got, _] => return Err(format!("{id}: a {got}, not a {kind}")),
            _ => return Err(format!("{id}: unexpected header {header:?}")),
        };
        // Grows as it reads: the size is git's word, not an allocation to trust.
        let mut content = Vec::new();
        out.by_ref().take(size).read_to_end(&mut content).map_err(|e| e.to_string())?;
        let mut newline = [0u8; 1];
        if content.len() as u64 != size || out.read_exact(&mut newline).is_err() || newline != *b"\n" {
            return Err(format!("{id}: truncated contents"));
        }
        blobs.push(content);
    }
    Ok(blobs)
}

/// Parses `git log -z --format=%H%x00%P%x00%cI%x00%s`: four NUL-separated
/// fields per commit, and a NUL after each commit.
fn parse_log(out: &[u8]) -> Result<Vec<Commit>, String> {
    let out = out.strip_suffix(b"\0").unwrap_or(out);
    if out.is_empty() {
        return Ok(Vec::new());
    }
    let fields: Vec<&[u8]> = out.split(|&b| b == 0).collect();
    if fields.len() % 4 != 0 {
        return Err(format!("{} fields, not a multiple of 4", fields.len()));
    }
    fields
        .chunks_exact(4)
        .map(|f| {
            let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
            let sha = text(f[0]);
            let parents: Vec<String> = text(f[1]).split(' ').filter(|p| !p.is_empty()).map(str::to_owned).collect();
            if !is_object_id(&sha) || !parents.iter().all(|p| is_object_id(p)) {
                return Err(format!("bad commit id in {:?}", text(f[0])));
            }
            Ok(Commit { sha, date: text(f[2]), subject: text(f[3]), parents })
        })
        .collect()
}

/// One `git ls-tree -z` entry: `<mode> SP <type> SP <id> TAB <path>`.
struct Entry<'a> {
    mode: &'a [u8],
    kind: &'a [u8],
    id: String,
    path: &'a [u8],
}

fn parse_ls_tree(out: &[u8]) -> impl Iterator<Item = Result<Entry<'_>, String>> {
    out.split(|&b| b == 0).filter(|e| !e.is_empty()).map(|entry| {
        let bad = || format!("bad entry {:?}", String::from_utf8_lossy(entry));
        let tab = memchr::memchr(b'\t', entry).ok_or_else(bad)?;
        let (meta, path) = (&entry[..tab], &entry[tab + 1..]);
        let mut meta = meta.split(|&b| b == b' ');
        let (Some(mode), Some(kind), Some(id), None) = (meta.next(), meta.next(), meta.next(), meta.next()) else {
            return Err(bad());
        };
        let id = String::from_utf8_lossy(id).into_owned();
        if !is_object_id(&id) {
            return Err(bad());
        }
        Ok(Entry { mode, kind, id, path })
    })
}

/// A full object id: 40 hex digits, or 64 in a SHA-256 repository.
fn is_object_id(id: &str) -> bool {
    matches!(id.len(), 40 | 64) && id.bytes().all(|b| b.is_ascii_hexdigit())
}

fn strip_newline(mut bytes: Vec<u8>) -> Vec<u8> {
    if bytes.last() == Some(&b'\n') {
        bytes.pop();
    }
    bytes
}

fn first_line(stderr: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr);
    let line = text.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("failed without a message");
    line.strip_prefix("fatal: ").unwrap_or(line).to_owned()
}

fn describe(args: &[&OsStr]) -> String {
    let name = args.first().map(|a| a.to_string_lossy().into_owned()).unwrap_or_default();
    format!("git {name}")
}

#[cfg(unix)]
fn path_from_bytes(bytes: &[u8]) -> Result<PathBuf, String> {
    use std::os::unix::ffi::OsStrExt;
    Ok(PathBuf::from(OsStr::from_bytes(bytes)))
}

#[cfg(not(unix))]
fn path_from_bytes(bytes: &[u8]) -> Result<PathBuf, String> {
    String::from_utf8(bytes.to_vec())
        .map(PathBuf::from)
        .map_err(|_| format!("{}: path is not UTF-8", String::from_utf8_lossy(bytes)))
}

#[cfg(unix)]
fn os_to_bytes(name: &OsStr) -> Result<Vec<u8>, String> {
    use std::os::unix::ffi::OsStrExt;
    Ok(name.as_bytes().to_vec())
}

#[cfg(not(unix))]
fn os_to_bytes(name: &OsStr) -> Result<Vec<u8>, String> {
    name.to_str().map(|s| s.as_bytes().to_vec()).ok_or_else(|| format!("{}: path is not UTF-8", name.to_string_lossy()))
}

#[cfg(unix)]
fn bytes_to_os(bytes: &[u8]) -> OsString {
    use std::os::unix::ffi::OsStrExt;
    OsStr::from_bytes(bytes).to_owned()
}

#[cfg(not(unix))]
fn bytes_to_os(bytes: &[u8]) -> OsString {
    // `git_path` only builds UTF-8 on these systems.
    OsString::from(String::from_utf8_lossy(bytes).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "1111111111111111111111111111111111111111";
    const B: &str = "2222222222222222222222222222222222222222";

    #[test]
    fn log_records_split_on_nul() {
        let out = format!("{A}\0\02024-01-02T03:04:05+02:00\0first\0{B}\0{A}\02024-01-03T00:00:00Z\0sec\nond\0");
        let commits = parse_log(out.as_bytes()).unwrap();
        assert_eq!(commits.len(), 2);
        assert!(commits[0].parents.is_empty());
        assert_eq!(commits[1].parents, vec![A.to_owned()]);
        assert_eq!(commits[1].subject, "sec\nond");
    }

    #[test]
    fn misaligned_log_is_an_error_not_a_panic() {
        assert!(parse_log(b"abc\0def\0").is_err());
        assert!(parse_log(format!("{A}\0\0d\0s\0x\0").as_bytes()).is_err());
        assert_eq!(parse_log(b"").unwrap(), Vec::new());
    }

    #[test]
    fn batch_frames_and_their_failures() {
        let frame = format!("{A} blob 3\nabc\n{B} blob 0\n\n");
        let ids = [A.to_owned(), B.to_owned()];
        let blobs = read_batch(&mut frame.as_bytes(), &ids, "blob").unwrap();
        assert_eq!(blobs, vec![b"abc".to_vec(), Vec::new()]);
        // A huge claimed size allocates nothing up front; the short read is an error.
        let lying = format!("{A} blob 99999999999999\nabc\n");
        assert!(read_batch(&mut lying.as_bytes(), &ids[..1], "blob").unwrap_err().contains("truncated"));
        let missing = format!("{A} missing\n");
        assert!(read_batch(&mut missing.as_bytes(), &ids[..1], "blob").unwrap_err().contains("no such object"));
        let tree = format!("{A} tree 3\nabc\n");
        assert!(read_batch(&mut tree.as_bytes(), &ids[..1], "blob").unwrap_err().contains("not a blob"));
    }

    #[test]
    fn tree_objects_parse_and_their_damage_is_an_error() {
        let mut raw = b"100644 a.sql\0".to_vec();
        raw.extend([0x11; 20]);
        raw.extend(b"40000 sub\0");
        raw.extend([0xab; 20]);
        let entries = parse_tree(&raw, 20).unwrap();
        let got: Vec<(&str, &[u8], &str)> =
            entries.iter().map(|e| (e.mode.as_str(), e.name.as_slice(), e.id.as_str())).collect();
        assert_eq!(got, [("100644", &b"a.sql"[..], "11".repeat(20).as_str()), ("40000", b"sub", &"ab".repeat(20))]);
        assert!(parse_tree(&raw[..raw.len() - 1], 20).unwrap_err().contains("truncated"));
        assert!(parse_tree(b"100644 ../x\0", 20).is_err());
        assert!(parse_tree(b"100644", 20).is_err());
    }

    #[test]
    fn ls_tree_entries_keep_path_bytes() {
        let out = format!("100644 blob {A}\ta/b\nc\0160000 commit {B}\tsub\0");
        let entries: Vec<_> = parse_ls_tree(out.as_bytes()).collect::<Result<_, _>>().unwrap();
        assert_eq!(entries[0].path, b"a/b\nc");
        assert_eq!(entries[1].kind, b"commit");
        assert!(parse_ls_tree(b"garbage\0").next().unwrap().is_err());
    }
}
