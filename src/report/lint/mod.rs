//! Reports of `rollcheck lint`: human text with the statement marked, JSON
//! (schema in `docs/lint.schema.json`), SARIF 2.1.0, GitHub workflow
//! annotations and Markdown.

mod github;
mod markdown;
mod sarif;
mod text;

pub use github::annotations as github;
pub use markdown::report as markdown;
pub use sarif::report as sarif;
pub use text::report as text;

use crate::analysis::lint::{Category, LintReport};

/// Version of the JSON shape; bumped only on a breaking change.
pub const JSON_VERSION: u32 = 1;

/// The JSON output of `rollcheck lint --format json`.
#[derive(serde::Serialize, schemars::JsonSchema)]
#[schemars(title = "rollcheck lint report", description = "Output of `rollcheck lint --format json`.")]
struct JsonReport<'a> {
    /// Version of this shape; bumped only on a breaking change.
    version: u32,
    #[serde(flatten)]
    report: &'a LintReport,
}

/// The JSON report: `{"version": 1, "source", "findings": [...], ...}`.
pub fn json(report: &LintReport) -> String {
    crate::report::json::to_string(&JsonReport { version: JSON_VERSION, report })
}

/// The JSON Schema of [`json`]'s output (published as `docs/lint.schema.json`).
pub fn json_schema() -> String {
    crate::report::json::schema_of::<JsonReport<'static>>()
}

/// "3 findings: 2 data-loss, 1 breaks-old-code (1 suppressed)".
pub fn summary(report: &LintReport) -> String {
    let mut counts = Vec::new();
    for category in [Category::DataLoss, Category::BreaksOldCode, Category::Unknown, Category::LockRisk] {
        let n = report.findings.iter().filter(|f| f.category == category).count();
        if n > 0 {
            counts.push(format!("{n} {}", category.as_str()));
        }
    }
    let n = report.findings.len();
    let mut out = match n {
        0 => "no findings".to_owned(),
        1 => format!("1 finding: {}", counts.join(", ")),
        _ => format!("{n} findings: {}", counts.join(", ")),
    };
    if report.suppressed > 0 {
        out.push_str(&format!(" ({} suppressed)", report.suppressed));
    }
    let migrations = if report.migrations == 1 { "migration" } else { "migrations" };
    let statements = if report.statements == 1 { "statement" } else { "statements" };
    out.push_str(&format!(" in {} {migrations}, {} {statements}", report.migrations, report.statements));
    out
}
