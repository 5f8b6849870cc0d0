//! Every lint rule fires on its own fixtures and stays quiet on their near-misses.
//!
//! `tests/fixtures/rules/<rule-name>/` holds two folders of migrations, read as a source
//! the way `rollcheck lint <folder>` reads it (plain `.sql` files applied in natural order;
//! `<name>.up.sql` with `<name>.down.sql` for a migration with a down script):
//!
//! - `fires/`: the rule fires, and `expected.txt` lists the objects its findings name,
//!   one per line, sorted; an object named by two findings is listed twice. A finding
//!   that names no object (`unmodeled-statement`, `suppression-without-reason`) is listed
//!   as `<file>:<line>` of where it points.
//! - `passes/`: near-misses; the rule does not fire.
//!
//! Either folder may also hold `quiet.txt`, more rules (name or code) or categories
//! (`data-loss`) that must not fire there either, and `suppressed.txt`, how many findings
//! `rollcheck:allow` comments suppress there (0 when there is no such file). Lines of
//! `expected.txt` and `quiet.txt` that start with `#` are comments.
//!
//! A fixture must replay cleanly: a statement that would fail on a real server, or that
//! does not parse, means the fixture does not test what it says. Only the
//! `unmodeled-statement` fixtures may hold statements the model does not represent.
//!
//! Every rule has both folders, every folder is a rule's, and all problems are reported
//! together.

use std::fs;
use std::path::{Path, PathBuf};

use rollcheck::analysis::lint::{all_rules, lint, Finding, LintOptions, LintReport, RuleMeta};
use rollcheck::diagnostic::DiagnosticKind;

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules")
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Case {
    Fires,
    Passes,
}

impl Case {
    fn folder(self) -> &'static str {
        match self {
            Case::Fires => "fires",
            Case::Passes => "passes",
        }
    }
}

#[test]
fn every_rule_fires_on_its_fixtures_and_not_on_their_near_misses() {
    let mut problems = Vec::new();
    for rule in all_rules() {
        let meta = rule.meta();
        for case in [Case::Fires, Case::Passes] {
            let dir = fixtures_dir().join(meta.name).join(case.folder());
            let prefix = format!("{} {}/{}", meta.code, meta.name, case.folder());
            problems.extend(check(meta, &dir, case).into_iter().map(|p| format!("{prefix}: {p}")));
        }
    }
    problems.extend(stray_fixtures());
    assert!(
        problems.is_empty(),
        "{} problem(s) with the rule fixtures:\n\n{}\n",
        problems.len(),
        problems.join("\n\n")
    );
}

/// Lints one fixture folder and returns what is wrong with the outcome.
fn check(meta: &RuleMeta, dir: &Path, case: Case) -> Vec<String> {
    if !dir.is_dir() {
        return vec![format!(
            "missing: create {} with migrations that {}",
            dir.display(),
            match case {
                Case::Fires => "make the rule fire, and an expected.txt",
                Case::Passes => "must not make the rule fire",
            }
        )];
    }
    let report = match rollcheck::input::detect(dir).and_then(|source| lint(source, &LintOptions::default())) {
        Ok(report) => report,
        Err(e) => return vec![format!("cannot lint: {e}")],
    };
    let mut problems = replay_problems(meta, &report);
    let own: Vec<&Finding> = report.findings.iter().filter(|f| f.code == meta.code).collect();
    match case {
        Case::Fires => match read_lines(&dir.join("expected.txt")) {
            Ok(expected) => problems.extend(compare_objects(&expected, &own)),
            Err(e) => problems.push(e),
        },
        Case::Passes => {
            if !own.is_empty() {
                problems.push(format!("the rule fires on a near-miss:\n{}", describe(&own)));
            }
        }
    }
    problems.extend(check_quiet(dir, &report));
    problems.extend(check_suppressed(dir, &report));
    problems
}

/// Diagnostics mean a statement did not replay as a real server would run it.
fn replay_problems(meta: &RuleMeta, report: &LintReport) -> Vec<String> {
    report
        .diagnostics
        .iter()
        .filter(|d| !(d.kind == DiagnosticKind::Unmodeled && meta.name == "unmodeled-statement"))
        .map(|d| format!("the fixture does not replay cleanly: {d}"))
        .collect()
}

/// What a finding names: its objects, or where it points when it names none.
fn named(finding: &Finding) -> Vec<String> {
    if finding.objects.is_empty() {
        let file = Path::new(&finding.file).file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        vec![format!("{file}:{}", finding.line)]
    } else {
        finding.objects.clone()
    }
}

fn compare_objects(expected: &[String], findings: &[&Finding]) -> Vec<String> {
    let mut problems = Vec::new();
    if expected.is_empty() {
        problems.push("expected.txt lists nothing: a fires/ fixture must name what the rule reports".to_owned());
    }
    if !expected.windows(2).all(|w| w[0] <= w[1]) {
        problems.push("expected.txt is not sorted".to_owned());
    }
    let mut actual: Vec<String> = findings.iter().flat_map(|f| named(f)).collect();
    actual.sort();
    let mut expected = expected.to_vec();
    expected.sort();
    if actual != expected {
        let missing = difference(&expected, &actual);
        let unexpected = difference(&actual, &expected);
        let mut message = String::from("the findings do not name the expected objects");
        if !missing.is_empty() {
            message += &format!("\n  expected, not reported: {}", missing.join(", "));
        }
        if !unexpected.is_empty() {
            message += &format!("\n  reported, not expected: {}", unexpected.join(", "));
        }
        if findings.is_empty() {
            message += "\n  (the rule did not fire at all)";
        } else {
            message += &format!("\n{}", describe(findings));
        }
        problems.push(message);
    }
    problems
}

/// The elements of `a` not matched one for one in `b` (both sorted).
fn difference(a: &[String], b: &[String]) -> Vec<String> {
    let mut rest = b.to_vec();
    a.iter()
        .filter(|x| match rest.iter().position(|y| y == *x) {
            Some(i) => {
                rest.remove(i);
                false
            }
            None => true,
        })
        .cloned()
        .collect()
}

/// `quiet.txt`: rules or categories that must not fire in this folder.
fn check_quiet(dir: &Path, report: &LintReport) -> Vec<String> {
    let path = dir.join("quiet.txt");
    if !path.exists() {
        return Vec::new();
    }
    let entries = match read_lines(&path) {
        Ok(entries) => entries,
        Err(e) => return vec![e],
    };
    let mut problems = Vec::new();
    for entry in entries {
        let known = all_rules().iter().any(|r| matches(r.meta(), &entry));
        if !known {
            problems.push(format!("quiet.txt: `{entry}` is neither a rule nor a category"));
            continue;
        }
        let loud: Vec<&Finding> = report.findings.iter().filter(|f| finding_matches(f, &entry)).collect();
        if !loud.is_empty() {
            problems.push(format!("quiet.txt says `{entry}` must not fire here, but:\n{}", describe(&loud)));
        }
    }
    problems
}

fn matches(meta: &RuleMeta, entry: &str) -> bool {
    meta.name == entry || meta.code == entry || meta.category.as_str() == entry
}

fn finding_matches(finding: &Finding, entry: &str) -> bool {
    finding.name == entry || finding.code == entry || finding.category.as_str() == entry
}

/// `suppressed.txt`: how many findings suppressions silence here (none by default, so a
/// stray `rollcheck:allow` cannot hide what a fixture is meant to show).
fn check_suppressed(dir: &Path, report: &LintReport) -> Vec<String> {
    let path = dir.join("suppressed.txt");
    let expected = if path.exists() {
        match fs::read_to_string(&path)
            .map_err(|e| e.to_string())
            .and_then(|t| t.trim().parse::<usize>().map_err(|e| e.to_string()))
        {
            Ok(n) => n,
            Err(e) => return vec![format!("suppressed.txt: {e}")],
        }
    } else {
        0
    };
    if report.suppressed == expected {
        Vec::new()
    } else {
        vec![format!("{} finding(s) suppressed, expected {expected}", report.suppressed)]
    }
}

/// The lines of a list file, without blank lines and `#` comments.
fn read_lines(path: &Path) -> Result<Vec<String>, String> {
    let text = fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    Ok(text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).map(str::to_owned).collect())
}

fn describe(findings: &[&Finding]) -> String {
    findings
        .iter()
        .map(|f| {
            let file = Path::new(&f.file).file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            format!("  {file}:{}: {} [{}] {}", f.line, f.code, f.objects.join(", "), f.message)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Folders under `tests/fixtures/rules` that belong to no rule, or hold something other
/// than `fires/` and `passes/`.
fn stray_fixtures() -> Vec<String> {
    let mut problems = Vec::new();
    let Ok(entries) = fs::read_dir(fixtures_dir()) else {
        return vec![format!("{} does not exist", fixtures_dir().display())];
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !all_rules().iter().any(|r| r.meta().name == name) {
            problems.push(format!("tests/fixtures/rules/{name}: no rule has this name"));
            continue;
        }
        for inner in fs::read_dir(entry.path()).into_iter().flatten().flatten() {
            let inner = inner.file_name().to_string_lossy().into_owned();
            if inner != "fires" && inner != "passes" {
                problems.push(format!("tests/fixtures/rules/{name}/{inner}: only fires/ and passes/ belong here"));
            }
        }
    }
    problems
}
