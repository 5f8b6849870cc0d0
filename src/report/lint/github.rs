//! GitHub Actions workflow commands (`::error file=...,line=...::message`):
//! annotations on the pull request's diff.

use crate::analysis::lint::{Level, LintReport};

/// One workflow command per finding.
pub fn annotations(report: &LintReport) -> String {
    let mut out = String::new();
    for f in &report.findings {
        let command = match f.level {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Note => "notice",
        };
        out.push_str(&format!(
            "::{command} file={},line={},col={},title={}::{}\n",
            property(&f.file),
            f.line,
            f.column,
            property(&format!("{} {} ({})", f.code, f.name, f.category.as_str())),
            data(&f.message)
        ));
    }
    out
}

/// Escapes a workflow command's message.
fn data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a workflow command's property value.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn properties_escape_separators() {
        assert_eq!(property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
        assert_eq!(data("50% done\nnext"), "50%25 done%0Anext");
    }
}
