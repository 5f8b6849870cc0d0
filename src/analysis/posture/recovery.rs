//! The recovery options summary: one row per situation the posture's facts
//! describe (issue × can it be rolled back × how to recover), derived from the
//! points of no return, the code targets, the backups and drift, never
//! templated: a row is there only when its facts are.

use serde::Serialize;

use super::{describe, BackupVerdict, Posture};
use crate::analysis::compat::Verdict;
use crate::analysis::history::short;

/// One row of the summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct RecoveryOption {
    pub issue: String,
    /// `yes`, `partial` or `no`.
    pub can_roll_back: &'static str,
    pub strategy: String,
}

pub fn options(p: &Posture) -> Vec<RecoveryOption> {
    let mut rows = Vec::new();
    let mut row = |issue: String, can: &'static str, strategy: String| {
        rows.push(RecoveryOption { issue, can_roll_back: can, strategy })
    };
    if let Some(drift) = &p.current.drift {
        row(
            "The current schema is no state of the history".into(),
            "no",
            format!(
                "Reconcile by hand first: {} difference(s) from {}",
                drift.differences.len(),
                describe(&drift.closest)
            ),
        );
    }
    let last_ponr = p.points_of_no_return.iter().filter_map(|x| x.commit.as_deref()).next_back();
    let position = |sha: &str| p.code_targets.iter().position(|t| t.sha == sha);
    let after = last_ponr.and_then(position).unwrap_or(0);
    let compatible: Vec<&super::CodeTarget> =
        p.code_targets.iter().skip(after).filter(|t| t.verdict == Verdict::Compatible).collect();
    if let (Some(first), Some(last)) = (compatible.first(), compatible.last()) {
        let range = if first.sha == last.sha {
            format!("`{}`", short(&first.sha))
        } else {
            format!("any of {} commits from `{}` to `{}`", compatible.len(), short(&first.sha), short(&last.sha))
        };
        row(
            "A code bug with the schema intact".into(),
            "yes",
            format!("Deploy the code of {range}: the current schema serves it"),
        );
    }
    let risky: Vec<&super::CodeTarget> =
        p.code_targets.iter().filter(|t| t.verdict == Verdict::CompatibleWithRisk).collect();
    if let Some(last) = risky.last() {
        row(
            format!("Code older than the last schema change ({} commit(s) compatible with risk)", risky.len()),
            "partial",
            format!(
                "Deploy `{}` or older only after checking its writes: {}",
                short(&last.sha),
                last.reasons
                    .iter()
                    .filter(|r| r.verdict == Verdict::CompatibleWithRisk)
                    .map(|r| r.object.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        );
    }
    let incompatible = p.code_targets.iter().filter(|t| t.verdict == Verdict::Incompatible).count();
    if incompatible > 0 {
        row(
            format!("Code from before the schema it needs was removed ({incompatible} commit(s))"),
            "no",
            "It needs tables or columns that are gone: restore a backup with it, or fix forward".into(),
        );
    }
    for point in &p.points_of_no_return {
        let undo = p.undo.iter().find(|u| u.migration == point.migration);
        let issue = format!("Data destroyed by {} ({} object(s))", point.migration, point.destroys.len());
        let Some(undo) = undo else { continue };
        let valid: Vec<_> = undo.backups.iter().filter(|b| b.verdict == BackupVerdict::Valid).collect();
        let older: Vec<_> = undo.backups.iter().filter(|b| b.verdict == BackupVerdict::OlderState).collect();
        if let Some(b) = valid.first() {
            let deploy = b.deploy_commit.as_deref().map(|s| format!(", deploy `{}`", short(s))).unwrap_or_default();
            let window = b.data_loss_window.as_ref().map(|w| format!(" (loses {})", w.length)).unwrap_or_default();
            row(
                issue,
                "no",
                format!(
                    "Restore {}{deploy}{window}; re-run {} to resume; or fix forward",
                    b.file,
                    b.rerun_migrations.join(", ")
                ),
            );
        } else if let Some(b) = older.first() {
            row(
                issue,
                "no",
                format!(
                    "Only an older backup: restore {} (loses everything since), re-run {}; or fix forward",
                    b.file,
                    b.rerun_migrations.join(", ")
                ),
            );
        } else {
            let drifted = undo.backups.iter().find(|b| b.verdict == BackupVerdict::Drifted);
            let strategy = match drifted {
                Some(b) => {
                    format!("Only a drifted backup holds the data: {} (reconcile by hand); or fix forward", b.file)
                }
                None if undo.backups.is_empty() => "No backup given: fix forward, the data is lost".into(),
                None => "No backup holds the data: fix forward, the data is lost".into(),
            };
            row(issue, "no", strategy);
        }
    }
    rows
}
