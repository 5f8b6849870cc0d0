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

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::lint::{Category, LintOptions, Linter};
use crate::error::{Error, Result};
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
    let mut blobs: HashMap<String, Vec<u8>> = HashMap::new();
    let mut previous_tree: Option<String> = None;
    let mut previous: Vec<Tracked> = Vec::new();
    let mut first_seen: BTreeMap<String, (Vec<String>, String)> = BTreeMap::new();
    let mut state: Option<LintState> = None;
    let mut scratch = Scratch::new("history")?;
    let commits = repo.commits(options.all)?;
    let shas: Vec<String> = commits.iter().map(|c| c.sha.clone()).collect();
    let trees = repo.folder_trees(&shas, folder)?;
    for (commit, tree) in commits.into_iter().zip(trees) {
        let mut entry = CommitEntry {
            sha: commit.sha.clone(),
            date: commit.date.clone(),
            subject: commit.subject.clone(),
            migrations_added: Vec::new(),
            irreversible: false,
            data_loss: Vec::new(),
        };
        if tree == previous_tree {
            report.commits.push(entry);
            continue;
        }
        previous_tree = tree.clone();
        let (tracked, migrations) = match tree {
            None => (Vec::new(), Vec::new()),
            Some(_) => read_commit(repo, &commit.sha, folder, options.layout, &mut blobs, &mut scratch)?,
        };
        check_integrity(&commit.sha, &previous, &tracked, &mut first_seen, &mut report.integrity);
        let added: Vec<usize> =
            (0..tracked.len()).filter(|&i| !previous.iter().any(|p| p.name == tracked[i].name)).collect();
        if !added.is_empty() {
            let lint = lint_commit(&mut state, &tracked, &migrations, &scratch, options)?;
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

/// Puts the migrations folder of `commit` in the scratch folder (writing only
/// the files that changed) and reads it with its layout.
fn read_commit(
    repo: &dyn History,
    commit: &str,
    folder: &Path,
    layout: Option<Layout>,
    blobs: &mut HashMap<String, Vec<u8>>,
    scratch: &mut Scratch,
) -> Result<(Vec<Tracked>, Vec<Migration>)> {
    let files: Vec<TreeFile> = repo.files(commit, folder)?;
    let missing: Vec<String> = files.iter().map(|f| f.blob.clone()).filter(|b| !blobs.contains_key(b)).collect();
    for (id, content) in missing.iter().zip(repo.blobs(&missing)?) {
        blobs.insert(id.clone(), content);
    }
    scratch.update(files.iter().map(|f| (f.path.as_path(), f.blob.as_str(), blobs[&f.blob].as_slice())))?;
    let source = match detect_as(scratch, layout) {
        Ok(source) => source,
        // A commit whose folder holds no migrations yet (only a lock file, say).
        Err(Error::NotASource { .. }) => return Ok((Vec::new(), Vec::new())),
        Err(e) => return Err(e),
    };
    let blob_of: HashMap<PathBuf, &str> = files.iter().map(|f| (scratch.join(&f.path), f.blob.as_str())).collect();
    let tracked = source
        .migrations
        .iter()
        .map(|m| Tracked {
            name: m.name.clone(),
            content: std::iter::once(&m.up)
                .chain(m.down.as_ref())
                .map(|s| blob_of.get(&s.path).map_or_else(String::new, |b| b.to_string()))
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
    options: &HistoryOptions,
) -> Result<&'s LintState> {
    if !state.as_ref().is_some_and(|s| tracked.starts_with(&s.linted)) {
        *state = None;
    }
    let s = match state {
        Some(s) => s,
        None => {
            let source = detect_as(scratch, options.layout)?;
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
    for p in previous.iter().filter(|p| !current.iter().any(|c| c.name == p.name)) {
        match current.iter().find(|c| c.content == p.content && !previous.iter().any(|q| q.name == c.name)) {
            Some(renamed) => push(
                "renamed",
                &p.name,
                format!("{} was renamed to {}: the tool sees a new migration", p.name, renamed.name),
            ),
            None => push("deleted", &p.name, format!("{} was deleted: databases that ran it keep its changes", p.name)),
        }
    }
    let last_known = current.iter().rposition(|c| previous.iter().any(|p| p.name == c.name));
    let downs = current.iter().any(|c| c.has_down);
    for (i, t) in current.iter().enumerate() {
        if previous.iter().any(|p| p.name == t.name) {
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

/// The first 7 characters of a sha.
pub fn short(sha: &str) -> &str {
    &sha[..sha.len().min(7)]
}
