//! The rollback posture: from the migrations, the application's git history,
//! the current state and the backups, the facts a hand-written rollback
//! document states: which migrations are points of no return (they destroy
//! data), which commits' code the current schema can serve (code rollback
//! targets), which backups can undo each irreversible migration and at what
//! cost, drift, and a summary of the recovery options derived from those facts.
//!
//! Each commit's expected schema is the replay of the migrations it holds;
//! states are replayed once per distinct migration prefix (`states.rs`), and
//! compatibility is judged once per state (`compat.rs`).

pub mod backup;
mod recovery;
pub mod states;
mod timeline;

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::Serialize;

use super::compat::{compatibility, Compatibility, Reason, Verdict};
use super::diff::SchemaDiff;
use super::lint::{lint, Category, LintOptions};
use crate::catalog::Catalog;
use crate::error::Result;
use crate::input::git::History;
use crate::input::{Layout, Source};
use backup::{match_state, missing_data, Signatures, StateMatch};
pub use backup::{read_backup, BackupEvidence, BackupProblem, BackupVerdict};
pub use recovery::RecoveryOption;
use states::{StateId, States};

/// What the current state of the database is taken to be.
#[derive(Debug, Clone)]
pub enum CurrentState {
    /// Every migration applied (the default).
    Latest,
    /// The migrations up to and including this one (`--applied NAME`).
    Applied(String),
    /// A dump of the database (`--current DUMP`).
    Dump(Box<BackupEvidence>),
}

/// The application's repository and the migrations folder in it.
pub struct Repository<'a> {
    pub history: &'a dyn History,
    /// Relative to the repository root.
    pub folder: &'a Path,
    /// How it was found, for the report (`/path/to/repo`, `app.bundle`).
    pub name: String,
}

/// Everything `posture` reads.
pub struct PostureInputs<'a> {
    pub source: Source,
    /// None: no repository (code targets are left empty, and `repository_note` says why).
    pub repository: Option<Repository<'a>>,
    /// Why there is no repository, when there is none.
    pub no_repository: Option<String>,
    pub current: CurrentState,
    pub backups: Vec<BackupEvidence>,
    pub layout: Option<Layout>,
}

/// A state of the history, by the last migration applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct StateName {
    /// The last migration applied; null for the empty schema before the first.
    pub after: Option<String>,
}

/// A schema that is no state of the history: the closest state and the differences.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Drift {
    pub closest: StateName,
    /// One line per difference, from the closest state to this schema (`+ column public.T.x`).
    pub differences: Vec<String>,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Current {
    /// `latest` (every migration applied), `applied` (`--applied`) or `dump` (`--current`).
    pub kind: &'static str,
    /// The dump, as given (`dump` only).
    pub file: Option<String>,
    /// The state it is; null when drifted.
    pub state: Option<StateName>,
    pub drift: Option<Drift>,
    /// When it was observed (RFC 3339): the dump's time; else the later of the last commit's date and
    /// the newest backup's time (the database was live then); null when unknown.
    pub time: Option<String>,
    /// Where `time` comes from.
    pub time_source: Option<String>,
}

/// A migration that destroys data.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct PointOfNoReturn {
    pub migration: String,
    /// The commit that added it (full id); null without a repository or when no commit has it.
    pub commit: Option<String>,
    pub commit_date: Option<String>,
    /// What it destroys: `schema.table` or `schema.table.column`, as the lint's data-loss findings name them
    /// (of a rename done as DROP + ADD, the old column, not the new, empty one).
    pub destroys: Vec<String>,
    /// The lint findings' messages.
    pub why: Vec<String>,
}

/// One commit judged as a code rollback target.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct CodeTarget {
    pub sha: String,
    pub date: String,
    pub subject: String,
    /// The schema its migrations describe; `after` null for a commit without migrations.
    pub expects: StateName,
    /// False when its migrations are not a prefix of the judged ones (edited, reordered).
    pub in_history: bool,
    pub verdict: Verdict,
    pub reasons: Vec<Reason>,
}

/// From when to when data written to the database is lost by restoring a backup.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Window {
    pub from: String,
    pub to: String,
    /// `7 days 7 h`.
    pub length: String,
}

/// One backup judged for one irreversible migration.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct BackupJudgement {
    /// As given on the command line or found in the folder.
    pub file: String,
    pub verdict: BackupVerdict,
    pub reasons: Vec<String>,
    /// The state its schema is, when it is one.
    pub state: Option<StateName>,
    pub taken_at: Option<String>,
    pub data_loss_window: Option<Window>,
    /// The commit whose code to deploy with it: the latest one compatible with its state.
    pub deploy_commit: Option<String>,
    /// The migrations to run after restoring it to be back at the current state.
    pub rerun_migrations: Vec<String>,
    pub problems: Vec<BackupProblem>,
    pub drift: Option<Drift>,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Undo {
    pub migration: String,
    /// Best first (valid, older-state, drifted, ...), then by file.
    pub backups: Vec<BackupJudgement>,
}

/// The whole posture.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Posture {
    /// The migrations folder, as given.
    pub source: String,
    pub layout: String,
    pub migrations: Vec<String>,
    /// The repository read, or null.
    pub repository: Option<String>,
    /// Why there are no code targets, when there are none.
    pub code_targets_note: Option<String>,
    pub current: Current,
    pub points_of_no_return: Vec<PointOfNoReturn>,
    /// Oldest first.
    pub code_targets: Vec<CodeTarget>,
    /// One entry per point of no return that the current state has applied.
    pub undo: Vec<Undo>,
    pub recovery: Vec<RecoveryOption>,
}

fn state_name(migrations: &[String], id: StateId) -> StateName {
    StateName { after: id.checked_sub(1).and_then(|i| migrations.get(i)).cloned() }
}

fn drift(migrations: &[String], closest: StateId, diff: &SchemaDiff) -> Drift {
    Drift {
        closest: state_name(migrations, closest),
        differences: diff.to_string().lines().map(str::to_owned).collect(),
    }
}

/// Computes the posture.
pub fn posture(inputs: PostureInputs<'_>) -> Result<Posture> {
    let source = inputs.source;
    let names: Vec<String> = source.migrations.iter().map(|m| m.name.clone()).collect();
    // The base states and the lint replay the same migrations: one on each core.
    let (states, report) =
        rayon::join(|| States::new(&source.migrations), || lint(source.clone(), &LintOptions::default()));
    let (mut states, report) = (states?, report?);

    // Points of no return: the lint's data-loss findings, by migration.
    let mut destroys: BTreeMap<String, (Vec<String>, Vec<String>)> = BTreeMap::new();
    for f in report.findings.iter().filter(|f| f.category == Category::DataLoss) {
        let entry = destroys.entry(f.migration.clone()).or_default();
        entry.0.extend(f.objects.iter().cloned());
        entry.1.push(f.message.clone());
    }

    // The history: each commit's expected state.
    let commits = match &inputs.repository {
        Some(repo) => timeline::walk(repo.history, repo.folder, inputs.layout.or(Some(source.layout)), &mut states)?,
        None => Vec::new(),
    };

    // The current state.
    let signatures = Signatures::new(&states);
    let (current, current_id, current_catalog) =
        current_state(&inputs.current, &source, &states, &signatures, &names, &commits, &inputs.backups)?;

    let added_by: HashMap<&str, &timeline::CommitState> = {
        let mut map = HashMap::new();
        for c in &commits {
            for m in &c.migrations {
                map.entry(m.as_str()).or_insert(c);
            }
        }
        map
    };
    let points_of_no_return: Vec<PointOfNoReturn> = names
        .iter()
        .filter_map(|name| {
            let (objects, why) = destroys.get(name)?;
            let mut objects = objects.clone();
            objects.sort();
            objects.dedup();
            let commit = added_by.get(name.as_str());
            Some(PointOfNoReturn {
                migration: name.clone(),
                commit: commit.map(|c| c.commit.sha.clone()),
                commit_date: commit.map(|c| c.commit.date.clone()),
                destroys: objects,
                why: why.clone(),
            })
        })
        .collect();

    // Code targets, judged once per state.
    let mut judged: HashMap<StateId, Compatibility> = HashMap::new();
    let mut code_targets = Vec::new();
    for c in &commits {
        let compat =
            judged.entry(c.state).or_insert_with(|| compatibility(states.catalog(c.state), &current_catalog)).clone();
        let expects = if states.is_base(c.state) {
            state_name(&names, c.state)
        } else {
            StateName { after: c.migrations.last().cloned() }
        };
        code_targets.push(CodeTarget {
            sha: c.commit.sha.clone(),
            date: c.commit.date.clone(),
            subject: c.commit.subject.clone(),
            expects,
            in_history: states.is_base(c.state),
            verdict: compat.verdict,
            reasons: compat.reasons,
        });
    }

    // Backups.
    let matches: Vec<Option<StateMatch>> = inputs
        .backups
        .iter()
        .map(|b| (b.unreadable.is_none()).then(|| match_state(&b.catalog, &states, &signatures)))
        .collect();
    let current_time = current.time.as_deref().and_then(|t| t.parse::<jiff::Timestamp>().ok());
    // The deploy commit of a state is the same whichever migration a backup is judged for.
    let deploy_commits = RefCell::new(HashMap::new());
    let mut undo = Vec::new();
    for (index, name) in names.iter().enumerate().take(current_id) {
        let Some((objects, _)) = destroys.get(name) else { continue };
        let before = states.catalog(index);
        let mut backups: Vec<BackupJudgement> = inputs
            .backups
            .iter()
            .zip(&matches)
            .map(|(evidence, matched)| {
                let context = Judging {
                    states: &states,
                    names: &names,
                    commits: &commits,
                    current: current_id,
                    current_time,
                    migration: index,
                    deploy_commits: &deploy_commits,
                };
                context.judge(evidence, matched.as_ref(), objects, before)
            })
            .collect();
        backups.sort_by(|a, b| (a.verdict, &a.file).cmp(&(b.verdict, &b.file)));
        undo.push(Undo { migration: name.clone(), backups });
    }

    let code_targets_note = match (&inputs.repository, &inputs.no_repository) {
        (None, Some(why)) => Some(why.clone()),
        (None, None) => Some("no git repository: code rollback targets need the application's history".into()),
        (Some(_), _) if commits.is_empty() => Some("the repository has no commits".into()),
        _ => None,
    };
    let mut posture = Posture {
        source: source.path.display().to_string(),
        layout: source.layout.name().to_owned(),
        migrations: names,
        repository: inputs.repository.as_ref().map(|r| r.name.clone()),
        code_targets_note,
        current,
        points_of_no_return,
        code_targets,
        undo,
        recovery: Vec::new(),
    };
    posture.recovery = recovery::options(&posture);
    Ok(posture)
}

/// Reads backups (any format) in parallel, in the order given: `(path, file as given)`.
pub fn read_backups(files: &[(std::path::PathBuf, String)]) -> Vec<BackupEvidence> {
    use rayon::prelude::*;
    files.par_iter().map(|(path, given)| read_backup(path, given.clone())).collect()
}

/// The current state: its description, its base state id (the closest one when
/// drifted) and its catalog.
fn current_state(
    current: &CurrentState,
    source: &Source,
    states: &States,
    signatures: &Signatures,
    names: &[String],
    commits: &[timeline::CommitState],
    backups: &[BackupEvidence],
) -> Result<(Current, StateId, Catalog)> {
    // The database was live at least until its last commit and its newest backup.
    let last_commit = commits.last().and_then(|c| c.commit.date.parse::<jiff::Timestamp>().ok());
    let newest_backup = backups.iter().filter_map(|b| b.taken_at.map(|(t, _)| t)).max();
    let commit_time = |c: &mut Current| {
        let (time, source) = match (last_commit, newest_backup) {
            (Some(commit), Some(backup)) if backup > commit => {
                (backup, "the newest backup's time (after the last commit)")
            }
            (Some(commit), _) => (commit, "the last commit's date"),
            (None, Some(backup)) => (backup, "the newest backup's time"),
            (None, None) => return,
        };
        c.time = Some(time.to_string());
        c.time_source = Some(source.into());
    };
    Ok(match current {
        CurrentState::Latest | CurrentState::Applied(_) => {
            let (kind, id) = match current {
                CurrentState::Applied(name) => ("applied", source.up_to(Some(name))?.len()),
                _ => ("latest", states.base_len()),
            };
            let mut c = Current {
                kind,
                file: None,
                state: Some(state_name(names, id)),
                drift: None,
                time: None,
                time_source: None,
            };
            commit_time(&mut c);
            (c, id, states.catalog(id).clone())
        }
        CurrentState::Dump(evidence) => {
            let mut c = Current {
                kind: "dump",
                file: Some(evidence.file.clone()),
                state: None,
                drift: None,
                time: evidence.taken_at.map(|(t, _)| t.to_string()),
                time_source: evidence.taken_at.map(|(_, s)| s.to_owned()),
            };
            if let Some(why) = &evidence.unreadable {
                return Err(crate::error::Error::Unreadable {
                    path: evidence.file.clone().into(),
                    message: why.clone(),
                });
            }
            let id = match match_state(&evidence.catalog, states, signatures) {
                StateMatch::Equal(ids) => {
                    let id = ids.last().copied().unwrap_or(0);
                    c.state = Some(state_name(names, id));
                    id
                }
                StateMatch::Drifted { closest, diff } => {
                    c.drift = Some(drift(names, closest, &diff));
                    closest
                }
            };
            (c, id, evidence.catalog.clone())
        }
    })
}

/// What judging a backup for one irreversible migration needs.
struct Judging<'a> {
    states: &'a States,
    names: &'a [String],
    commits: &'a [timeline::CommitState],
    current: StateId,
    current_time: Option<jiff::Timestamp>,
    /// The migration's index: the state right before it has this id.
    migration: usize,
    /// [`Judging::deploy_commit`]'s answers so far, by state.
    deploy_commits: &'a RefCell<HashMap<StateId, Option<String>>>,
}

impl Judging<'_> {
    fn judge(
        &self,
        evidence: &BackupEvidence,
        matched: Option<&StateMatch>,
        destroyed: &[String],
        before: &Catalog,
    ) -> BackupJudgement {
        let mut j = BackupJudgement {
            file: evidence.file.clone(),
            verdict: BackupVerdict::Unreadable,
            reasons: Vec::new(),
            state: None,
            taken_at: evidence.taken_at.map(|(t, _)| t.to_string()),
            data_loss_window: None,
            deploy_commit: None,
            rerun_migrations: Vec::new(),
            problems: evidence.problems.clone(),
            drift: None,
        };
        if let Some(why) = &evidence.unreadable {
            j.reasons.push(format!("cannot be read: {why}"));
            return j;
        }
        if !evidence.complete {
            j.verdict = BackupVerdict::Incomplete;
            j.reasons.extend(evidence.problems.iter().map(|p| match p.offset {
                Some(o) => format!("{} at byte {o}: {}", p.kind, p.message),
                None => format!("{}: {}", p.kind, p.message),
            }));
            return j;
        }
        let missing = missing_data(evidence, destroyed, before);
        let holds = missing.is_empty();
        let migration = &self.names[self.migration];
        match matched {
            Some(StateMatch::Drifted { closest, diff }) => {
                j.verdict = if holds { BackupVerdict::Drifted } else { BackupVerdict::NoData };
                j.drift = Some(drift(self.names, *closest, diff));
                j.reasons.push(format!(
                    "its schema is no state of the history (closest: {}, {} differences): restoring it needs manual reconciliation",
                    describe(&state_name(self.names, *closest)),
                    diff.added.len() + diff.removed.len() + diff.changed.len()
                ));
                if holds {
                    j.reasons.push(format!("it holds the data {migration} destroyed"));
                }
                j.reasons.extend(missing);
            }
            Some(StateMatch::Equal(ids)) => {
                let at = if ids.contains(&self.migration) {
                    self.migration
                } else {
                    ids.iter().copied().find(|&i| i > self.migration).unwrap_or(ids[0])
                };
                j.state = Some(state_name(self.names, at));
                if ids.len() > 1 {
                    j.reasons.push(format!(
                        "its schema is also the state {}: the migrations between change no schema, so it cannot tell whether they ran",
                        ids.iter()
                            .filter(|&&i| i != at)
                            .map(|&i| describe(&state_name(self.names, i)))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ));
                }
                if at > self.migration {
                    j.verdict = BackupVerdict::AfterTheDrop;
                    j.reasons.push(format!("taken after {migration} ran: the data it destroyed is not in it"));
                    return j;
                }
                if !holds {
                    j.verdict = BackupVerdict::NoData;
                    if evidence.has_data() {
                        j.reasons.push(format!("does not hold the data {migration} destroyed"));
                        j.reasons.extend(missing);
                    } else {
                        j.reasons.push(format!(
                            "schema only: it holds no table data, so not the data {migration} destroyed"
                        ));
                    }
                    return j;
                }
                let earliest = ids.iter().copied().filter(|&i| i <= at).min().unwrap_or(at);
                j.rerun_migrations = self.names[earliest..self.current].to_vec();
                if at == self.migration {
                    j.verdict = BackupVerdict::Valid;
                    j.reasons
                        .push(format!("complete, the state right before {migration}, holds the data it destroyed"));
                } else {
                    j.verdict = BackupVerdict::OlderState;
                    j.reasons.push(format!(
                        "complete and holds the data, but from {}: restoring it also loses what the migrations since changed, and {} must be re-run",
                        describe(&state_name(self.names, at)),
                        self.names[at..self.migration].join(", ")
                    ));
                }
                j.deploy_commit = self.deploy_commit(at);
                match &j.deploy_commit {
                    Some(_) => {}
                    None if self.commits.is_empty() => {}
                    None => j.reasons.push("no commit's code is compatible with its state".into()),
                }
                j.data_loss_window = match (evidence.taken_at, self.current_time) {
                    (Some((from, _)), Some(to)) => Some(window(from, to)),
                    _ => None,
                };
            }
            None => {}
        }
        j
    }

    /// The latest commit compatible with state `id`, else the latest compatible with risk;
    /// worked out once per state.
    fn deploy_commit(&self, id: StateId) -> Option<String> {
        if let Some(known) = self.deploy_commits.borrow().get(&id) {
            return known.clone();
        }
        let commit = self.find_deploy_commit(id);
        self.deploy_commits.borrow_mut().insert(id, commit.clone());
        commit
    }

    fn find_deploy_commit(&self, id: StateId) -> Option<String> {
        let catalog = self.states.catalog(id);
        let mut memo: HashMap<StateId, Verdict> = HashMap::new();
        let mut risky = None;
        for c in self.commits.iter().rev() {
            let verdict =
                *memo.entry(c.state).or_insert_with(|| compatibility(self.states.catalog(c.state), catalog).verdict);
            match verdict {
                Verdict::Compatible if !c.migrations.is_empty() => return Some(c.commit.sha.clone()),
                Verdict::CompatibleWithRisk if risky.is_none() && !c.migrations.is_empty() => {
                    risky = Some(c.commit.sha.clone())
                }
                _ => {}
            }
        }
        risky
    }
}

/// `after 2025..._init`, or `the empty schema`.
pub fn describe(state: &StateName) -> String {
    match &state.after {
        Some(m) => format!("the state after {m}"),
        None => "the empty schema".into(),
    }
}

fn window(from: jiff::Timestamp, to: jiff::Timestamp) -> Window {
    let seconds = to.as_second() - from.as_second();
    let (sign, s) = if seconds < 0 { ("-", -seconds) } else { ("", seconds) };
    let (days, hours, minutes) = (s / 86_400, s % 86_400 / 3_600, s % 3_600 / 60);
    let mut parts = Vec::new();
    if days > 0 {
        parts.push(format!("{days} day{}", if days == 1 { "" } else { "s" }));
    }
    if hours > 0 {
        parts.push(format!("{hours} h"));
    }
    if minutes > 0 && days == 0 {
        parts.push(format!("{minutes} min"));
    }
    if parts.is_empty() {
        parts.push("0 min".into());
    }
    Window { from: from.to_string(), to: to.to_string(), length: format!("{sign}{}", parts.join(" ")) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_read_in_days_and_hours() {
        let t = |s: &str| s.parse::<jiff::Timestamp>().unwrap();
        let w = window(t("2025-07-13T02:00:00Z"), t("2025-07-20T09:00:00Z"));
        assert_eq!(
            (w.from.as_str(), w.to.as_str(), w.length.as_str()),
            ("2025-07-13T02:00:00Z", "2025-07-20T09:00:00Z", "7 days 7 h")
        );
        assert_eq!(window(t("2025-07-13T02:00:00Z"), t("2025-07-13T02:45:00Z")).length, "45 min");
    }
}
