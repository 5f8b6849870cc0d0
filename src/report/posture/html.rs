//! `rollcheck posture` as one self-contained HTML page: the verdict summary,
//! the timeline (inline SVG drawn in `html/timeline.rs`), then the posture's
//! sections as tables. No script, no font, no request: a Content-Security-Policy
//! forbids them, CSS is inline. Every text from the inputs (file, migration,
//! table and commit names, subjects) goes through [`esc`]. Same posture, same bytes.

mod timeline;

use std::fmt::Write;

use timeline::{verdict_colours, Drawing};

use super::short;
use crate::analysis::compat::{Reason, Verdict};
use crate::analysis::posture::{describe, BackupJudgement, BackupVerdict, Drift, Posture};

/// Escapes text for HTML element content and quoted attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The first 7 characters of a commit id, escaped.
fn short_sha(sha: &str) -> String {
    esc(&short(Some(sha)))
}

const STYLE: &str = r#"
:root{--ink:#1f2933;--muted:#5f6b7a;--line:#d9dee5;--bg:#f4f6f9}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:14px/1.45 "DejaVu Sans",system-ui,sans-serif}
main{max-width:1264px;margin:0 auto;padding:20px}
h1{font-size:24px;margin:0 0 4px}
h2{font-size:18px;margin:28px 0 8px}
p.meta{color:var(--muted);margin:0 0 14px}
code{font:12.5px "DejaVu Sans Mono",monospace;background:#eef1f5;padding:0 3px;border-radius:3px;word-break:break-all}
.cards{display:flex;flex-wrap:wrap;gap:12px}
.card{flex:1 1 260px;background:#fff;border:1px solid var(--line);border-radius:8px;padding:12px 14px}
.card h3{margin:0 0 6px;font-size:12px;text-transform:uppercase;letter-spacing:.05em;color:var(--muted)}
.card h3 code{text-transform:none;letter-spacing:0}
.card .big{font-size:20px;font-weight:bold}
.card.bad{border-left:5px solid #b2182b}.card.ok{border-left:5px solid #1a9850}.card.warn{border-left:5px solid #d98e04}
.figure{background:#fff;border:1px solid var(--line);border-radius:8px;padding:10px;overflow-x:auto}
svg.timeline{display:block;max-width:none}
.legend{display:flex;flex-wrap:wrap;gap:6px 18px;margin:10px 4px 2px;font-size:12.5px;color:var(--muted)}
.legend span.sw{display:inline-block;width:14px;height:10px;margin-right:6px;vertical-align:middle;border-radius:2px}
.legend span.tick{width:3px;height:14px}.legend span.line{width:3px;height:16px}
.legend span.dia{width:9px;height:9px;transform:rotate(45deg);border-radius:0}
.legend span.dot{width:10px;height:10px;border-radius:50%}
ul.notes{color:var(--muted);font-size:12.5px;margin:8px 0 0}
table{border-collapse:collapse;width:100%;background:#fff;border:1px solid var(--line);font-size:13px}
th,td{text-align:left;vertical-align:top;padding:6px 8px;border-bottom:1px solid var(--line)}
th{background:#eef1f5;font-weight:bold}
td ul{margin:0;padding-left:16px}
.badge{display:inline-block;padding:0 7px;border-radius:10px;font-size:12px;font-weight:bold;white-space:nowrap;border:1px solid}
.c-compatible{background:#e3f3e8;color:#145c33;border-color:#8cc9a0}
.c-compatible-with-risk{background:#fdf1d8;color:#7a5200;border-color:#e8c27a}
.c-incompatible{background:#f9e0e3;color:#8a1424;border-color:#e49aa5}
.c-yes{background:#e3f3e8;color:#145c33;border-color:#8cc9a0}
.c-partial{background:#fdf1d8;color:#7a5200;border-color:#e8c27a}
.c-no{background:#f9e0e3;color:#8a1424;border-color:#e49aa5}
.muted{color:var(--muted)}
.nw{white-space:nowrap}
details summary{cursor:pointer;color:var(--muted)}
pre.drift{background:#fff;border:1px solid var(--line);padding:8px;font-size:12.5px;white-space:pre-wrap;margin:4px 0 12px}
"#;

pub fn report(p: &Posture) -> String {
    let mut out = String::new();
    let drawing = timeline::draw(p);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Rollback posture of {}</title>\n<style>{}</style>\n</head>\n<body>\n<main>\n",
        esc(&p.source),
        STYLE,
    );
    let _ = writeln!(out, "<h1>Rollback posture</h1>");
    let repository = match (&p.repository, &p.code_targets_note) {
        (Some(r), _) => format!(", repository <code>{}</code>", esc(r)),
        (None, _) => ", no repository".into(),
    };
    let _ = writeln!(
        out,
        "<p class=\"meta\">Migrations <code>{}</code> ({}, {} migrations){repository}.</p>",
        esc(&p.source),
        esc(&p.layout),
        p.migrations.len()
    );
    summary(&mut out, p);
    figure(&mut out, &drawing);
    points_of_no_return(&mut out, p);
    code_targets(&mut out, p);
    backups(&mut out, p);
    drift(&mut out, p);
    recovery(&mut out, p);
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

fn summary(out: &mut String, p: &Posture) {
    out.push_str("<section class=\"cards\" id=\"summary\">\n");
    let (class, current) = match (&p.current.state, &p.current.drift) {
        (Some(state), _) => ("ok", esc(&describe(state))),
        (None, Some(d)) => {
            ("bad", format!("drifted: no state of the history (closest: {})", esc(&describe(&d.closest))))
        }
        (None, None) => ("warn", "unknown".into()),
    };
    let time = p
        .current
        .time
        .as_deref()
        .map(|t| format!("<br><span class=\"muted\">at {}</span>", esc(t)))
        .unwrap_or_default();
    let _ = writeln!(out, "<div class=\"card {class}\"><h3>Current state</h3>{current}{time}</div>");

    let n = p.points_of_no_return.len();
    let names: Vec<String> =
        p.points_of_no_return.iter().map(|x| format!("<code>{}</code>", esc(&x.migration))).collect();
    let _ = writeln!(
        out,
        "<div class=\"card {}\"><h3>Points of no return</h3><span class=\"big\">{n}</span> {}<br>{}</div>",
        if n == 0 { "ok" } else { "bad" },
        if n == 1 { "migration destroys data" } else { "migrations destroy data" },
        names.join(", ")
    );

    let compatible = p.code_targets.iter().filter(|t| t.verdict == Verdict::Compatible).count();
    match &p.code_targets_note {
        Some(note) => {
            let _ = writeln!(out, "<div class=\"card warn\"><h3>Code rollback</h3>No targets: {}.</div>", esc(note));
        }
        None => {
            let _ = writeln!(
                out,
                "<div class=\"card {}\"><h3>Code rollback</h3><span class=\"big\">{compatible}</span> of {} commits serve the current schema</div>",
                if compatible > 0 { "ok" } else { "bad" },
                p.code_targets.len()
            );
        }
    }
    for undo in &p.undo {
        let best = undo.backups.first();
        let (class, text) = match best {
            Some(b) if b.verdict == BackupVerdict::Valid => (
                "ok",
                format!(
                    "{} <code>{}</code>{}",
                    badge(b.verdict),
                    esc(&b.file),
                    b.data_loss_window.as_ref().map(|w| format!(", loses {}", esc(&w.length))).unwrap_or_default()
                ),
            ),
            Some(b) => ("warn", format!("best: {} <code>{}</code>", badge(b.verdict), esc(&b.file))),
            None => ("bad", "no backup given".into()),
        };
        let _ = writeln!(
            out,
            "<div class=\"card {class}\"><h3>Undo <code>{}</code></h3>{text}</div>",
            esc(&undo.migration)
        );
    }
    out.push_str("</section>\n");
}

fn badge(v: BackupVerdict) -> String {
    let (strong, pale) = verdict_colours(v);
    format!("<span class=\"badge\" style=\"background:{pale};border-color:{strong};color:#1f2933\">{}</span>", v.word())
}

fn word_badge(word: &str) -> String {
    format!("<span class=\"badge c-{word}\">{word}</span>")
}

fn figure(out: &mut String, d: &Drawing) {
    out.push_str("<h2 id=\"timeline\">Timeline</h2>\n<div class=\"figure\">\n");
    if let Some(svg) = &d.svg {
        out.push_str(svg);
        out.push('\n');
        let mut legend = Vec::new();
        let mut item = |class: &str, colour: &str, text: &str| {
            legend.push(format!("<span><span class=\"sw {class}\" style=\"background:{colour}\"></span>{text}</span>"))
        };
        if d.commits_with_migrations {
            item("tick", timeline::COMMIT_MIGRATIONS, "commit with migrations");
        }
        if d.commits {
            item("tick", timeline::COMMIT_CODE, "code-only commit");
        }
        if d.migrations {
            item("dot", timeline::MIGRATION, "migration");
        }
        if d.ponr {
            item("line", timeline::PONR, "point of no return");
        }
        if d.targets {
            item("", timeline::TARGETS, "code rollback targets (compatible)");
        }
        if d.targets_risk {
            item("", timeline::TARGETS_RISK, "compatible with risk");
        }
        if d.current {
            item("line", timeline::CURRENT, "current state");
        }
        for v in &d.backups {
            item("dia", verdict_colours(*v).0, &format!("backup: {}", v.word()));
        }
        if d.windows {
            item("", verdict_colours(BackupVerdict::Valid).1, "data-loss window (backup → current state)");
        }
        let _ = writeln!(out, "<div class=\"legend\">{}</div>", legend.join(""));
    }
    if !d.notes.is_empty() {
        out.push_str("<ul class=\"notes\">\n");
        for n in &d.notes {
            let _ = writeln!(out, "<li>{}</li>", esc(n));
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</div>\n");
}

fn list(items: &[String]) -> String {
    if items.is_empty() {
        return String::new();
    }
    format!("<ul>{}</ul>", items.iter().map(|i| format!("<li>{i}</li>")).collect::<String>())
}

fn points_of_no_return(out: &mut String, p: &Posture) {
    out.push_str("<h2 id=\"points-of-no-return\">Points of no return</h2>\n");
    if p.points_of_no_return.is_empty() {
        out.push_str("<p>None: no migration destroys data.</p>\n");
        return;
    }
    out.push_str("<table><thead><tr><th>Migration</th><th>Commit</th><th>Date</th><th>Destroys</th><th>Why</th></tr></thead><tbody>\n");
    for x in &p.points_of_no_return {
        let destroys: Vec<String> = x.destroys.iter().map(|o| format!("<code>{}</code>", esc(o))).collect();
        let why: Vec<String> = x.why.iter().map(|w| esc(w)).collect();
        let _ = writeln!(
            out,
            "<tr><td><code>{}</code></td><td class=\"nw\"><code>{}</code></td><td class=\"nw\">{}</td><td>{} {}</td><td>{}</td></tr>",
            esc(&x.migration),
            esc(&short(x.commit.as_deref())),
            esc(x.commit_date.as_deref().unwrap_or("")),
            x.destroys.len(),
            list(&destroys),
            list(&why)
        );
    }
    out.push_str("</tbody></table>\n");
}

fn reasons_cell(t_verdict: Verdict, reasons: &[Reason]) -> String {
    let deciding: Vec<String> = reasons
        .iter()
        .filter(|r| r.verdict == t_verdict && t_verdict != Verdict::Compatible)
        .map(|r| format!("<code>{}</code>: {}", esc(&r.object), esc(&r.message)))
        .collect();
    if deciding.len() <= 5 {
        return list(&deciding);
    }
    format!(
        "{}<details><summary>and {} more</summary>{}</details>",
        list(&deciding[..5]),
        deciding.len() - 5,
        list(&deciding[5..])
    )
}

fn code_targets(out: &mut String, p: &Posture) {
    out.push_str("<h2 id=\"code-targets\">Code rollback targets</h2>\n");
    if let Some(note) = &p.code_targets_note {
        let _ = writeln!(out, "<p>None: {}.</p>", esc(note));
        return;
    }
    out.push_str("<p class=\"muted\">Oldest first: whether the current schema serves each commit's code.</p>\n");
    out.push_str("<table><thead><tr><th>Commit</th><th>Date</th><th>Subject</th><th>Expects</th><th>Verdict</th><th>Reasons</th></tr></thead><tbody>\n");
    let mut previous: Option<(Verdict, &[Reason], &str)> = None;
    for t in &p.code_targets {
        let reasons = match previous {
            Some((v, r, sha)) if v == t.verdict && r == t.reasons.as_slice() && t.verdict != Verdict::Compatible => {
                format!("<span class=\"muted\">as for <code>{}</code></span>", short_sha(sha))
            }
            _ => reasons_cell(t.verdict, &t.reasons),
        };
        if !(previous.is_some_and(|(v, r, _)| v == t.verdict && r == t.reasons.as_slice())) {
            previous = Some((t.verdict, &t.reasons, &t.sha));
        }
        let expects = match (&t.expects.after, t.in_history) {
            (Some(m), true) => format!("<code>{}</code>", esc(m)),
            (Some(m), false) => {
                format!("<code>{}</code> <span class=\"muted\">(not in the judged history)</span>", esc(m))
            }
            (None, _) => "<span class=\"muted\">no migrations</span>".into(),
        };
        let _ = writeln!(
            out,
            "<tr><td class=\"nw\"><code>{}</code></td><td class=\"nw\">{}</td><td>{}</td><td>{expects}</td><td>{}</td><td>{reasons}</td></tr>",
            short_sha(&t.sha),
            esc(t.date.get(..10).unwrap_or(&t.date)),
            esc(&t.subject),
            word_badge(t.verdict.word())
        );
    }
    out.push_str("</tbody></table>\n");
}

fn backup_row(b: &BackupJudgement) -> String {
    let mut why: Vec<String> = b.reasons.iter().map(|r| esc(r)).collect();
    if let Some(state) = &b.state {
        why.push(format!("<span class=\"muted\">its schema: {}</span>", esc(&describe(state))));
    }
    format!(
        "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        esc(&b.file),
        badge(b.verdict),
        esc(b.taken_at.as_deref().unwrap_or("")),
        list(&why),
        b.data_loss_window
            .as_ref()
            .map(|w| format!("{} → {}<br><b>{}</b>", esc(&w.from), esc(&w.to), esc(&w.length)))
            .unwrap_or_default(),
        b.deploy_commit.as_deref().map(|c| format!("<code>{}</code>", short_sha(c))).unwrap_or_default(),
        b.rerun_migrations.iter().map(|m| format!("<code>{}</code>", esc(m))).collect::<Vec<_>>().join(" ")
    )
}

fn backups(out: &mut String, p: &Posture) {
    for undo in &p.undo {
        let _ = writeln!(out, "<h2 class=\"undo\">Backups that can undo <code>{}</code></h2>", esc(&undo.migration));
        if undo.backups.is_empty() {
            out.push_str("<p>None given.</p>\n");
            continue;
        }
        out.push_str("<table><thead><tr><th>Backup</th><th>Verdict</th><th>Taken at</th><th>Why</th><th>Data-loss window</th><th>Deploy</th><th>Re-run</th></tr></thead><tbody>\n");
        for b in &undo.backups {
            out.push_str(&backup_row(b));
            out.push('\n');
        }
        out.push_str("</tbody></table>\n");
    }
}

fn drift_block(out: &mut String, what: &str, d: &Drift) {
    let _ = writeln!(
        out,
        "<p>{what}: closest to {}, {} difference(s):</p>\n<pre class=\"drift\">{}</pre>",
        esc(&describe(&d.closest)),
        d.differences.len(),
        esc(&d.differences.join("\n"))
    );
}

fn drift(out: &mut String, p: &Posture) {
    out.push_str("<h2 id=\"drift\">Drift</h2>\n");
    let mut any = false;
    if let Some(d) = &p.current.drift {
        any = true;
        let what = match &p.current.file {
            Some(f) => format!("The current state (<code>{}</code>)", esc(f)),
            None => "The current state".into(),
        };
        drift_block(out, &what, d);
    }
    let mut seen: Vec<&str> = Vec::new();
    for b in p.undo.iter().flat_map(|u| &u.backups) {
        if let Some(d) = &b.drift {
            if !seen.contains(&b.file.as_str()) {
                seen.push(&b.file);
                any = true;
                drift_block(out, &format!("Backup <code>{}</code>", esc(&b.file)), d);
            }
        }
    }
    if !any {
        out.push_str("<p>None found: the current state and every backup matched are states of the history.</p>\n");
    }
}

fn recovery(out: &mut String, p: &Posture) {
    out.push_str("<h2 id=\"recovery\">Recovery options</h2>\n");
    out.push_str(
        "<table><thead><tr><th>Issue</th><th>Can roll back?</th><th>Recovery strategy</th></tr></thead><tbody>\n",
    );
    for o in &p.recovery {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&o.issue),
            word_badge(o.can_roll_back),
            backticks(&o.strategy)
        );
    }
    out.push_str("</tbody></table>\n");
}

/// Escapes, then shows `quoted` spans as code (the recovery strategies quote commits that way).
fn backticks(s: &str) -> String {
    let mut out = String::new();
    for (i, part) in s.split('`').enumerate() {
        if i % 2 == 1 {
            let _ = write!(out, "<code>{}</code>", esc(part));
        } else {
            out.push_str(&esc(part));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(esc(r#"<script>a&"b'</script>"#), "&lt;script&gt;a&amp;&quot;b&#39;&lt;/script&gt;");
        assert_eq!(backticks("deploy `<x>` & go"), "deploy <code>&lt;x&gt;</code> &amp; go");
    }
}
