//! Reports of `rollcheck history`: a timeline of commits and the migrations they
//! add, the point of no return marked; as text, JSON or Markdown.

use crate::analysis::history::{short, HistoryReport};

/// One line per commit: `  abc1234  2025-06-09  subject  + migration`, with `!` on
/// commits that add an irreversible migration and the point of no return marked.
pub fn text(report: &HistoryReport) -> String {
    let mut out = String::new();
    for c in &report.commits {
        let mark = if c.irreversible { '!' } else { ' ' };
        let date = c.date.get(..10).unwrap_or(&c.date);
        out.push_str(&format!("{mark} {}  {date}  {}\n", short(&c.sha), c.subject));
        for m in &c.migrations_added {
            out.push_str(&format!("      + {m}\n"));
        }
        if !c.data_loss.is_empty() {
            out.push_str(&format!("        destroys: {}\n", c.data_loss.join(", ")));
        }
        if report.point_of_no_return.as_deref() == Some(c.sha.as_str()) {
            out.push_str("      ^ point of no return: rolling back past this commit needs a backup\n");
        }
    }
    for f in &report.integrity {
        out.push_str(&format!("{} {}: {}\n", short(&f.commit), f.kind, f.message));
    }
    let migrations: usize = report.commits.iter().map(|c| c.migrations_added.len()).sum();
    out.push_str(&format!(
        "{} commits, {migrations} migrations added; point of no return: {}\n",
        report.commits.len(),
        report.point_of_no_return.as_deref().map_or("none", short)
    ));
    out
}

/// `{"version": 1, "folder", "commits": [...], "point_of_no_return", "integrity"}`.
pub fn json(report: &HistoryReport) -> String {
    #[derive(serde::Serialize)]
    struct Versioned<'a> {
        version: u32,
        #[serde(flatten)]
        report: &'a HistoryReport,
    }
    crate::report::json::to_string(&Versioned { version: 1, report })
}

/// A table of the commits that add migrations, and the integrity findings.
pub fn markdown(report: &HistoryReport) -> String {
    let mut out = String::from("## rollcheck history\n\n");
    out.push_str(&format!(
        "Point of no return: {}.\n\n| Commit | Date | Subject | Migrations added | Irreversible |\n|---|---|---|---|---|\n",
        report.point_of_no_return.as_deref().map_or("none".to_owned(), |s| format!("`{}`", short(s)))
    ));
    for c in &report.commits {
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} |\n",
            short(&c.sha),
            c.date.get(..10).unwrap_or(&c.date),
            c.subject.replace('|', "\\|"),
            c.migrations_added.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", "),
            if c.irreversible { "**yes**" } else { "" }
        ));
    }
    if !report.integrity.is_empty() {
        out.push_str("\n### Integrity\n\n");
        for f in &report.integrity {
            out.push_str(&format!("- `{}` {}: {}\n", short(&f.commit), f.kind, f.message.replace('|', "\\|")));
        }
    }
    out
}
