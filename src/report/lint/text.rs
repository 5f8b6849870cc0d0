//! Human-readable findings, rustc style: the statement with the marked span,
//! the evidence below it. Colour is the caller's choice (styled or plain).

use annotate_snippets::{AnnotationKind, Group, Level as Snippet, Renderer, Snippet as Source};

use crate::analysis::lint::{Finding, Level, LintReport};

/// Renders every finding, the reading problems, and a summary line.
pub fn report(report: &LintReport, styled: bool) -> String {
    let renderer = if styled { Renderer::styled() } else { Renderer::plain() };
    let mut out = String::new();
    for finding in &report.findings {
        out.push_str(&renderer.render(&finding_groups(finding)));
        out.push_str("\n\n");
    }
    for d in &report.diagnostics {
        out.push_str(&format!("{d}\n"));
    }
    if !report.diagnostics.is_empty() {
        out.push('\n');
    }
    out.push_str(&super::summary(report));
    out.push('\n');
    out
}

fn level(l: Level) -> Snippet<'static> {
    match l {
        Level::Error => Snippet::ERROR,
        Level::Warning => Snippet::WARNING,
        Level::Note => Snippet::NOTE,
    }
}

fn finding_groups(f: &Finding) -> Vec<Group<'_>> {
    let title = level(f.level).primary_title(f.message.as_str()).id(f.code);
    let head = if f.sql.is_empty() {
        Group::with_title(title).element(Snippet::NOTE.message(format!("{}:{}:{}", f.file, f.line, f.column)))
    } else {
        let (line, start) = f.statement_start;
        let from = (f.offset.saturating_sub(start) as usize).min(f.sql.len());
        let to = (f.end_offset.saturating_sub(start) as usize).clamp(from, f.sql.len());
        let label = format!("{} ({})", f.category.as_str(), f.name);
        title.element(
            Source::source(f.sql.as_str())
                .line_start(line as usize)
                .path(f.file.as_str())
                .annotation(AnnotationKind::Primary.span(from..to).label(label)),
        )
    };
    let mut groups = vec![head];
    if let Some(detail) = &f.detail {
        groups.push(Group::with_title(Snippet::NOTE.secondary_title(detail.as_str())));
    }
    for risk in &f.data_at_risk {
        groups.push(Group::with_title(
            Snippet::NOTE.secondary_title(format!("{}: {} {} at risk", risk.object, risk.count, risk.unit)),
        ));
    }
    groups.push(Group::with_title(
        Snippet::HELP
            .secondary_title(format!("migration {}; `rollcheck rules {}` explains the rule", f.migration, f.code)),
    ));
    groups
}
