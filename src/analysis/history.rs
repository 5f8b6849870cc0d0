//! The application's history: for every commit (first parent by default), the
//! migrations it holds and the ones it adds, whether any of those destroys data,
//! and the point of no return, the first commit whose migrations cannot be
//! rolled back without a backup. Plus the history's integrity: migrations edited
//! after a commit already had them, deleted or renamed, added out of order, or
//! added without a down script where the layout has them.
//!
//! Each commit's migrations folder is read from git objects (never checked out)
//! into a scratch folder that the layout readers read like any other; only the
//! files that changed since the previous commit are written. A folder tree that
//! did not change is not read again, and a history that only appends
//! migrations is linted once: the lint state after the previous commit is kept
//! and extended with the new migrations.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use serde::Serialize;

use super::lint::{Category, LintOptions, Linter};
use crate::catalog::{load_migrations, Catalog, Replay};
use crate::diagnostic::Diagnostic;
use crate::error::{Error, Result};
use crate::input::folder_walk::{Folder, FolderWalk};
use crate::input::git::{History, TreeFile};
use crate::input::scratch::Scratch;
use crate::input::{detect_as, Layout, Migration};

/// One commit in the timeline.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct CommitEntry {
    pub sha: String,
    /// Committer date, ISO 8601.
    pub date: String,
    pub subject: String,
    /// Migrations this commit adds, in the order the tool applies them.
    pub migrations_added: Vec<String>,
    /// Whether one of the added migrations destroys data (a lint `data-loss` finding).
    pub irreversible: bool,
    /// The objects those data-loss findings name.
    pub data_loss: Vec<String>,
}

/// Something wrong with how the history treats its migrations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct IntegrityFinding {
    /// `edited`, `deleted`, `renamed`, `out-of-order` or `missing-down`.
    pub kind: &'static str,
    /// The commit where it happened.
    pub commit: String,
    pub migration: String,
    pub message: String,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct HistoryReport {
    /// The migrations folder, relative to the repository root.
    pub folder: String,
    /// Oldest first.
    pub commits: Vec<CommitEntry>,
    /// The first commit that adds an irreversible migration, or null.
    pub point_of_no_return: Option<String>,
    pub integrity: Vec<IntegrityFinding>,
}

/// How to read the history.
#[derive(Debug, Default)]
pub struct HistoryOptions {
    /// Every commit reachable, not only the first-parent chain.
    pub all: bool,
    pub layout: Option<Layout>,
    pub lint: LintOptions,
}

/// A migration as the history tracks it: its name and what its files hold.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Tracked {
    name: String,
    /// Blob ids of its up and down scripts.
    content: Vec<String>,
    has_down: bool,
}

/// The lint state after the migrations of the last commit read.
struct LintState {
    linted: Vec<Tracked>,
    linter: Linter,
    /// Data-loss objects of each linted migration.
    data_loss: Vec<Vec<String>>,
}

/// Reads the history of the migrations in `folder` (relative to the repository root).
pub fn history(repo: &dyn History, folder: &Path, options: &HistoryOptions) -> Result<HistoryReport> {
    let mut report = HistoryReport {
        folder: folder.display().to_string(),
        commits: Vec::new(),
        point_of_no_return: None,
        integrity: Vec::new(),
    };
    let mut previous: Vec<Tracked> = Vec::new();
    let mut first_seen: BTreeMap<String, (Vec<String>, String)> = BTreeMap::new();
    let mut state: Option<LintState> = None;
    let mut scratch = Scratch::new("history")?;
    let commits = repo.commits(options.all)?;
    let mut walk = FolderWalk::new(repo, folder, commits.iter().map(|c| c.sha.clone()).collect())?;
    // The layout, when not given: the one the first commit with migrations is read as,
    // kept for the later commits (as the CLI keeps the one HEAD's folder is read as).
    let mut layout = options.layout;
    for (i, commit) in commits.into_iter().enumerate() {
        let mut entry = CommitEntry {
            sha: commit.sha.clone(),
            date: commit.date.clone(),
            subject: commit.subject.clone(),
            migrations_added: Vec::new(),
            irreversible: false,
            data_loss: Vec::new(),
        };
        let (tracked, migrations) = match walk.folder(i)? {
            Folder::Unchanged => {
                report.commits.push(entry);
                continue;
            }
            Folder::Absent => (Vec::new(), Vec::new()),
            Folder::Files(files) => read_commit(&files, &mut layout, walk.blobs(), &mut scratch)?,
        };
        check_integrity(&commit.sha, &previous, &tracked, &mut first_seen, &mut report.integrity);
        let known: HashSet<&str> = previous.iter().map(|p| p.name.as_str()).collect();
        let added: Vec<usize> = (0..tracked.len()).filter(|&i| !known.contains(tracked[i].name.as_str())).collect();
        if !added.is_empty() {
            let lint = lint_commit(&mut state, &tracked, &migrations, &scratch, layout, options)?;
            for &i in &added {
                entry.migrations_added.push(tracked[i].name.clone());
                entry.data_loss.extend(lint.data_loss[i].iter().cloned());
            }
            entry.irreversible = !entry.data_loss.is_empty();
        }
        if entry.irreversible && report.point_of_no_return.is_none() {
            report.point_of_no_return = Some(commit.sha.clone());
        }
        report.commits.push(entry);
        previous = tracked;
    }
    Ok(report)
}

/// Reads the blobs of `files` that `blobs` does not hold yet, in one batch.
/// Puts a commit's migrations folder (its `files`, whose blobs are in `blobs`) in
/// the scratch folder, writing only the files that changed, and reads it with its layout.
fn read_commit(
    files: &[TreeFile],
    layout: &mut Option<Layout>,
    blobs: &HashMap<String, Vec<u8>>,
    scratch: &mut Scratch,
) -> Result<(Vec<Tracked>, Vec<Migration>)> {
    let content = |f: &TreeFile| blobs.get(&f.blob).map(Vec::as_slice).unwrap_or_default();
    scratch.update(files.iter().map(|f| (f.path.as_path(), f.blob.as_str(), content(f))))?;
    let source = match detect_as(scratch, *layout) {
        Ok(source) => source,
        // A commit whose folder holds no migrations yet (only a lock file, say).
        Err(Error::NotASource { .. }) => return Ok((Vec::new(), Vec::new())),
        Err(e) => return Err(e),
    };
    layout.get_or_insert(source.layout);
    let blob_of: HashMap<&Path, &str> = files.iter().map(|f| (f.path.as_path(), f.blob.as_str())).collect();
    let blob = |path: &Path| path.strip_prefix(&**scratch).ok().and_then(|p| blob_of.get(p)).copied();
    let tracked = source
        .migrations
        .iter()
        .map(|m| Tracked {
            name: m.name.clone(),
            content: std::iter::once(&m.up)
                .chain(m.down.as_ref())
                .map(|s| blob(&s.path).map_or_else(String::new, str::to_owned))
                .collect(),
            has_down: m.down.is_some(),
        })
        .collect();
    Ok((tracked, source.migrations))
}

/// Lints the migrations of a commit, continuing from the previous commit's state
/// when its migrations are a prefix of these, from scratch otherwise.
fn lint_commit<'s>(
    state: &'s mut Option<LintState>,
    tracked: &[Tracked],
    migrations: &[Migration],
    scratch: &Path,
    layout: Option<Layout>,
    options: &HistoryOptions,
) -> Result<&'s LintState> {
    if !state.as_ref().is_some_and(|s| tracked.starts_with(&s.linted)) {
        *state = None;
    }
    let s = match state {
        Some(s) => s,
        None => {
            let source = detect_as(scratch, layout)?;
            state.insert(LintState { linted: Vec::new(), linter: Linter::new(source), data_loss: Vec::new() })
        }
    };
    for (t, m) in tracked.iter().zip(migrations).skip(s.linted.len()) {
        let added = s.linter.migration(m, &options.lint)?;
        let findings = s.linter.findings();
        let objects: Vec<String> = findings[findings.len() - added..]
            .iter()
            .filter(|f| f.category == Category::DataLoss)
            .flat_map(|f| f.objects.iter().cloned())
            .collect();
        s.data_loss.push(objects);
        s.linted.push(t.clone());
    }
    Ok(s)
}

fn check_integrity(
    commit: &str,
    previous: &[Tracked],
    current: &[Tracked],
    first_seen: &mut BTreeMap<String, (Vec<String>, String)>,
    out: &mut Vec<IntegrityFinding>,
) {
    let mut push = |kind: &'static str, migration: &str, message: String| {
        out.push(IntegrityFinding { kind, commit: commit.to_owned(), migration: migration.to_owned(), message })
    };
    for t in current {
        match first_seen.get(&t.name) {
            Some((content, since)) if content != &t.content => {
                let message = format!(
                    "{} was edited after commit {} had it: databases migrated since then ran the old text",
                    t.name,
                    short(since)
                );
                push("edited", &t.name, message);
            }
            Some(_) => continue,
            None => {}
        }
        first_seen.insert(t.name.clone(), (t.content.clone(), commit.to_owned()));
    }
    let before: HashSet<&str> = previous.iter().map(|p| p.name.as_str()).collect();
    let now: HashSet<&str> = current.iter().map(|c| c.name.as_str()).collect();
    for p in previous.iter().filter(|p| !now.contains(p.name.as_str())) {
        match current.iter().find(|c| c.content == p.content && !before.contains(c.name.as_str())) {
            Some(renamed) => push(
                "renamed",
                &p.name,
                format!("{} was renamed to {}: the tool sees a new migration", p.name, renamed.name),
            ),
            None => push("deleted", &p.name, format!("{} was deleted: databases that ran it keep its changes", p.name)),
        }
    }
    let last_known = current.iter().rposition(|c| before.contains(c.name.as_str()));
    let downs = current.iter().any(|c| c.has_down);
    for (i, t) in current.iter().enumerate() {
        if before.contains(t.name.as_str()) {
            continue;
        }
        if last_known.is_some_and(|last| i < last) {
            push(
                "out-of-order",
                &t.name,
                format!("{} is added before migrations already applied: databases past them never run it", t.name),
            );
        }
        if downs && !t.has_down {
            push("missing-down", &t.name, format!("{} has no down script, unlike others in this history", t.name));
        }
    }
}

/// A commit's expected schema: the replay of the migrations its tree holds.
#[derive(Debug, Clone)]
pub struct ExpectedSchema {
    /// The migrations replayed, in the order the tool applies them; empty when the
    /// commit has no migrations folder or no migration in it yet.
    pub migrations: Vec<String>,
    pub catalog: Catalog,
    /// The replay's diagnostics, their files named relative to the repository root.
    pub diagnostics: Vec<Diagnostic>,
}

/// The expected schema of `commit`: its migrations in `folder` (relative to the
/// repository root) read from git objects and replayed, as `rollcheck schema` would
/// replay a checkout of that commit.
pub fn expected_schema(
    repo: &dyn History,
    commit: &str,
    folder: &Path,
    layout: Option<Layout>,
) -> Result<ExpectedSchema> {
    // Before any migration: a new database's schema (`public`), as a replay starts from.
    let catalog = Replay::new().catalog;
    let mut expected = ExpectedSchema { migrations: Vec::new(), catalog, diagnostics: Vec::new() };
    let mut walk = FolderWalk::new(repo, folder, vec![commit.to_owned()])?;
    let Folder::Files(files) = walk.folder(0)? else { return Ok(expected) };
    let mut scratch = Scratch::new("expected")?;
    let mut layout = layout;
    let (_, migrations) = read_commit(&files, &mut layout, walk.blobs(), &mut scratch)?;
    if migrations.is_empty() {
        return Ok(expected);
    }
    let source = detect_as(&scratch, layout)?;
    let loaded = load_migrations(source, migrations)?;
    let inside = format!("{}/", scratch.display());
    let outside = if folder.as_os_str().is_empty() { String::new() } else { format!("{}/", folder.display()) };
    expected.migrations = loaded.applied.iter().map(|m| m.name.clone()).collect();
    expected.catalog = loaded.catalog;
    expected.diagnostics = loaded
        .diagnostics
        .into_iter()
        .map(|mut d| {
            if let Some(rest) = d.location.file.strip_prefix(&inside) {
                d.location.file = format!("{outside}{rest}").into();
            }
            d
        })
        .collect();
    Ok(expected)
}

/// The first 7 characters of a sha.
pub fn short(sha: &str) -> &str {
    &sha[..sha.len().min(7)]
}
