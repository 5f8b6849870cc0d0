//! Markdown for a pull-request comment or `$GITHUB_STEP_SUMMARY`.

use crate::analysis::lint::LintReport;

/// A heading, the summary, and a table of findings, the most severe first.
pub fn report(report: &LintReport) -> String {
    let mut out = String::from("## rollcheck lint\n\n");
    out.push_str(&format!("{}.\n", super::summary(report)));
    if report.findings.is_empty() {
        return out;
    }
    out.push_str("\n| Level | Category | Rule | Where | Objects | Finding |\n|---|---|---|---|---|---|\n");
    let mut findings: Vec<_> = report.findings.iter().collect();
    findings.sort_by_key(|f| std::cmp::Reverse(f.level));
    for f in findings {
        out.push_str(&format!(
            "| {} | {} | `{}` {} | `{}:{}` | {} | {} |\n",
            f.level.as_str(),
            f.category.as_str(),
            f.code,
            f.name,
            cell(&f.file),
            f.line,
            f.objects.iter().map(|o| format!("`{}`", cell(o))).collect::<Vec<_>>().join(", "),
            cell(&f.message)
        ));
    }
    out
}

/// Text safe inside a table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}
