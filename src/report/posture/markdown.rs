//! `rollcheck posture` as Markdown: the same sections as the text report, with
//! tables where they read better, and the recovery options table of a
//! hand-written rollback document.

use super::short;
use crate::analysis::compat::Verdict;
use crate::analysis::posture::{describe, Posture};

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

pub fn report(p: &Posture) -> String {
    let mut out = String::from("## Rollback posture\n\n");
    let current = match (&p.current.state, &p.current.drift) {
        (Some(state), _) => describe(state),
        (None, Some(d)) => format!("**drifted**: no state of the history (closest: {})", describe(&d.closest)),
        (None, None) => "unknown".into(),
    };
    out.push_str(&format!(
        "Migrations: `{}` ({}, {}). Current state: {current}.\n\n",
        p.source,
        p.layout,
        p.migrations.len()
    ));

    out.push_str("### Points of no return\n\n");
    if p.points_of_no_return.is_empty() {
        out.push_str("None: no migration destroys data.\n\n");
    } else {
        out.push_str("| Migration | Commit | Destroys |\n|---|---|---|\n");
        for x in &p.points_of_no_return {
            let objects = x.destroys.iter().map(|o| format!("`{o}`")).collect::<Vec<_>>().join(", ");
            out.push_str(&format!("| `{}` | `{}` | {objects} |\n", x.migration, short(x.commit.as_deref())));
        }
        out.push('\n');
    }

    out.push_str("### Code rollback targets\n\n");
    if let Some(note) = &p.code_targets_note {
        out.push_str(&format!("None: {note}.\n\n"));
    } else {
        out.push_str("| Commit | Date | Subject | Verdict | Reasons |\n|---|---|---|---|---|\n");
        for t in &p.code_targets {
            let reasons: Vec<String> = t
                .reasons
                .iter()
                .filter(|r| r.verdict == t.verdict && t.verdict != Verdict::Compatible)
                .map(|r| format!("`{}`", r.object))
                .collect();
            let reasons = if reasons.len() > 6 {
                format!("{} and {} more", reasons[..6].join(", "), reasons.len() - 6)
            } else {
                reasons.join(", ")
            };
            out.push_str(&format!(
                "| `{}` | {} | {} | {} | {} |\n",
                short(Some(&t.sha)),
                t.date.get(..10).unwrap_or(&t.date),
                cell(&t.subject),
                t.verdict.word(),
                reasons
            ));
        }
        out.push('\n');
    }

    for undo in &p.undo {
        out.push_str(&format!("### Backups that can undo `{}`\n\n", undo.migration));
        if undo.backups.is_empty() {
            out.push_str("None given.\n\n");
            continue;
        }
        out.push_str("| Backup | Verdict | Why | Data-loss window | Deploy | Re-run |\n|---|---|---|---|---|---|\n");
        for b in &undo.backups {
            out.push_str(&format!(
                "| `{}` | {} | {} | {} | {} | {} |\n",
                cell(&b.file),
                b.verdict.word(),
                cell(&b.reasons.join("; ")),
                b.data_loss_window
                    .as_ref()
                    .map(|w| format!("{} → {} ({})", w.from, w.to, w.length))
                    .unwrap_or_default(),
                b.deploy_commit.as_deref().map(|c| format!("`{}`", short(Some(c)))).unwrap_or_default(),
                b.rerun_migrations.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", ")
            ));
        }
        out.push('\n');
    }

    out.push_str("### Recovery options\n\n| Issue | Can roll back? | Recovery strategy |\n|---|---|---|\n");
    for o in &p.recovery {
        out.push_str(&format!("| {} | {} | {} |\n", cell(&o.issue), o.can_roll_back, cell(&o.strategy)));
    }
    out
}
