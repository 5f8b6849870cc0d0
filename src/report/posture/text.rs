//! `rollcheck posture` as plain text: the current state, the points of no
//! return, the code rollback targets, the backups for each irreversible
//! migration, and the recovery options.

use super::short;
use crate::analysis::compat::Verdict;
use crate::analysis::posture::{describe, Posture};

pub fn report(p: &Posture) -> String {
    let mut out = String::new();
    let mut line = |s: String| {
        out.push_str(&s);
        out.push('\n');
    };
    line(format!("Rollback posture of {} ({}, {} migrations)", p.source, p.layout, p.migrations.len()));
    let current = match (&p.current.state, &p.current.drift) {
        (Some(state), _) => describe(state),
        (None, Some(d)) => format!("drifted: no state of the history (closest: {})", describe(&d.closest)),
        (None, None) => "unknown".into(),
    };
    let from = p.current.file.as_deref().map(|f| format!(" ({f})")).unwrap_or_default();
    let time = p.current.time.as_deref().map(|t| format!(", at {t}")).unwrap_or_default();
    line(format!("Current state{from}: {current}{time}"));
    if let Some(d) = &p.current.drift {
        for difference in &d.differences {
            line(format!("    {difference}"));
        }
    }

    line(String::new());
    line("Points of no return".into());
    if p.points_of_no_return.is_empty() {
        line("  none: no migration destroys data".into());
    }
    for x in &p.points_of_no_return {
        line(format!("  {}  (commit {})", x.migration, short(x.commit.as_deref())));
        line(format!("    destroys {}: {}", x.destroys.len(), x.destroys.join(", ")));
    }

    line(String::new());
    line("Code rollback targets (oldest first)".into());
    if let Some(note) = &p.code_targets_note {
        line(format!("  none: {note}"));
    }
    for t in &p.code_targets {
        let date = t.date.get(..10).unwrap_or(&t.date);
        line(format!("  {:<20}  {}  {date}  {}", t.verdict.word(), short(Some(&t.sha)), t.subject));
        let deciding: Vec<_> =
            t.reasons.iter().filter(|r| r.verdict == t.verdict && t.verdict != Verdict::Compatible).collect();
        for r in deciding.iter().take(5) {
            line(format!("      {}: {}", r.object, r.message));
        }
        if deciding.len() > 5 {
            line(format!("      ... and {} more", deciding.len() - 5));
        }
    }

    for undo in &p.undo {
        line(String::new());
        line(format!("Backups that can undo {}", undo.migration));
        if undo.backups.is_empty() {
            line("  none given".into());
        }
        for b in &undo.backups {
            line(format!("  {:<15} {}", b.verdict.word(), b.file));
            for r in &b.reasons {
                line(format!("      {r}"));
            }
            if let Some(w) = &b.data_loss_window {
                line(format!("      data-loss window: {} → {} ({})", w.from, w.to, w.length));
            }
            if let Some(c) = &b.deploy_commit {
                line(format!("      deploy commit: {}", short(Some(c))));
            }
            if !b.rerun_migrations.is_empty() {
                line(format!("      re-run: {}", b.rerun_migrations.join(", ")));
            }
            if let Some(d) = &b.drift {
                for difference in &d.differences {
                    line(format!("      {difference}"));
                }
            }
        }
    }

    line(String::new());
    line("Recovery options".into());
    for o in &p.recovery {
        line(format!("  [{}] {}: {}", o.can_roll_back, o.issue, o.strategy));
    }
    out
}
