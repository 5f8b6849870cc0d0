//! sqitch: a project folder with `sqitch.plan` (and usually `sqitch.conf`), and
//! one script per change in each of `deploy/`, `revert/` and `verify/`:
//! `deploy/<change>.sql` is the migration, `revert/<change>.sql` its down
//! script. `verify/` scripts test a deployed change and leave nothing behind
//! (sqitch runs them in a transaction it rolls back), so they are not read.
//!
//! The rules, from App::Sqitch 1.3 (`sqitch-plan`, `lib/App/Sqitch/Plan.pm`,
//! `Plan/Change.pm`, `Target.pm`):
//!
//! - The plan starts with pragmas (`%syntax-version=1.0.0`, `%project=shop`,
//!   `%uri=...`) that end at the first empty line. Then each line is a change
//!   (`name [deps] timestamp planner <email> # note`), a tag that marks the
//!   change before it (`@tag timestamp planner <email> # note`), an empty line,
//!   or a `#` comment. sqitch deploys the changes in the order of the plan.
//! - A dependency is `change`, `change@tag`, `@tag`, a change id, any of them
//!   after `project:`, or `!` before it for a conflict. A required change of
//!   this project must come earlier in the plan; otherwise sqitch refuses the
//!   plan, and so a note with severity error says so. A conflict is checked
//!   against the database when deploying, so only one that names no change of
//!   the plan is an error here (sqitch's deploy stops on it). Other projects'
//!   changes are not in this source (a note says so).
//! - A change name may come back after a tag (`sqitch rework`). Each earlier
//!   instance then reads `<change>@<tag>.sql`; the tag is the first of the
//!   tags between it and its next instance, nearest first, then its own tags,
//!   whose deploy script exists, and without one the first of them (what
//!   `sqitch rework` names the copy: the latest tag before the rework). The
//!   migration is named `<change>@<tag>` too; the last instance reads
//!   `<change>.sql` and keeps the plain name.
//! - A change name with `/` names a script in a subfolder (`deploy/a/b.sql`).
//! - `sqitch.conf` (git-config syntax) may move things: `top_dir`,
//!   `plan_file`, `deploy_dir`, `revert_dir`, `reworked_dir`,
//!   `reworked_deploy_dir`, `reworked_revert_dir` and `extension`, looked up
//!   in `[target "<name>"]` for the engine's default target, then
//!   `[engine "<core.engine>"]`, then `[core]`, relative to the project folder.
//!   User and system configuration files, `--plan-file` and other targets are
//!   not read. A project that keeps one plan per engine is read for
//!   `core.engine` only.
//!
//! A missing deploy script is an error (the change is left out); a missing
//! revert script only means the change has no down script. A line sqitch
//! would refuse is an error and is skipped. A folder is recognized by its own
//! `sqitch.plan`; a project whose `sqitch.conf` moves the plan elsewhere is
//! read with `--layout sqitch`.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{Found, Migration, Script};
use crate::diagnostic::{Location, Severity};
use crate::error::{Error, Result};

const PLAN: &str = "sqitch.plan";
const CONFIG: &str = "sqitch.conf";

pub(super) fn recognizes(dir: &Path) -> Result<bool> {
    Ok(dir.join(PLAN).is_file())
}

pub(super) fn read(dir: &Path) -> Result<Found> {
    let mut found = Found::default();
    let config_path = dir.join(CONFIG);
    let config = match fs::read(&config_path) {
        Ok(bytes) => Config::parse(&String::from_utf8_lossy(&bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Config::default(),
        Err(e) => return Err(Error::io(config_path, e)),
    };
    if let Some(engine) = config.get("core.engine").filter(|e| *e != "pg") {
        let at = Location::new(config_path.display().to_string().into(), 1, 1, 0);
        found.note(
            at,
            Severity::Warning,
            format!("the project's engine is `{engine}`; its scripts are read as PostgreSQL"),
        );
    }
    let dirs = Dirs::new(dir, &config);
    let bytes = fs::read(&dirs.plan).map_err(|e| Error::io(&dirs.plan, e))?;
    let text = String::from_utf8_lossy(&bytes);
    let plan = Plan::parse(&text);
    let file: Arc<str> = dirs.plan.display().to_string().into();
    let at = |line: usize| Location::new(file.clone(), line as u64, 1, plan.offsets[line - 1] as u64);

    for problem in &plan.problems {
        found.note(at(problem.line), problem.severity, problem.message.clone());
    }
    for problem in check_dependencies(&plan) {
        found.note(at(problem.line), problem.severity, problem.message);
    }
    for (i, change) in plan.entries.iter().enumerate() {
        let Kind::Change { .. } = change.kind else { continue };
        let (name, file) = match rework_tags(&plan.entries, i) {
            None => (change.name.clone(), format!("{}.{}", change.name, dirs.extension)),
            Some(tags) => {
                let file_for = |tag: &str| format!("{}@{tag}.{}", change.name, dirs.extension);
                let tag = tags.iter().find(|t| dirs.reworked_deploy.join(file_for(t)).is_file()).unwrap_or(&tags[0]);
                (format!("{}@{tag}", change.name), file_for(tag))
            }
        };
        let reworked = name != change.name;
        let (deploy_dir, revert_dir) =
            if reworked { (&dirs.reworked_deploy, &dirs.reworked_revert) } else { (&dirs.deploy, &dirs.revert) };
        let (deploy, revert) = (deploy_dir.join(&file), revert_dir.join(&file));
        if !deploy.is_file() {
            let message = format!("change `{name}` has no deploy script: {} is missing", deploy.display());
            found.note(at(change.line), Severity::Error, message);
            continue;
        }
        let down = revert.is_file().then(|| Script::whole(revert));
        found.migrations.push(Migration { name, up: Script::whole(deploy), down });
    }
    Ok(found)
}

/// Where the plan and the scripts are, after `sqitch.conf`.
struct Dirs {
    plan: PathBuf,
    deploy: PathBuf,
    revert: PathBuf,
    reworked_deploy: PathBuf,
    reworked_revert: PathBuf,
    extension: String,
}

impl Dirs {
    fn new(dir: &Path, config: &Config) -> Self {
        let setting = |key: &str| config.setting(key).map(|value| dir.join(value));
        let top = setting("top_dir").unwrap_or_else(|| dir.to_owned());
        let reworked = setting("reworked_dir").unwrap_or_else(|| top.clone());
        Dirs {
            plan: setting("plan_file").unwrap_or_else(|| top.join(PLAN)),
            deploy: setting("deploy_dir").unwrap_or_else(|| top.join("deploy")),
            revert: setting("revert_dir").unwrap_or_else(|| top.join("revert")),
            reworked_deploy: setting("reworked_deploy_dir").unwrap_or_else(|| reworked.join("deploy")),
            reworked_revert: setting("reworked_revert_dir").unwrap_or_else(|| reworked.join("revert")),
            extension: config.setting("extension").unwrap_or("sql").to_owned(),
        }
    }
}

/// `sqitch.conf`: git-config sections and keys, as `section.key` or
/// `section.subsection.key` (section and key names lowercased).
#[derive(Debug, Default)]
struct Config {
    values: HashMap<String, String>,
}

impl Config {
    fn parse(text: &str) -> Self {
        let mut values = HashMap::new();
        let mut section = String::new();
        for line in text.lines() {
            let line = line.trim();
            if let Some(header) = line.strip_prefix('[') {
                let header = header.split(']').next().unwrap_or_default().trim();
                section = match header.split_once(char::is_whitespace) {
                    Some((name, sub)) => format!("{}.{}", name.to_lowercase(), unquote(sub.trim())),
                    None => header.to_lowercase(),
                };
                continue;
            }
            if line.is_empty() || line.starts_with(['#', ';']) || section.is_empty() {
                continue;
            }
            let (key, value) = line.split_once('=').unwrap_or((line, "true"));
            values.insert(format!("{section}.{}", key.trim().to_lowercase()), unquote(value.trim()));
        }
        Config { values }
    }

    fn get(&self, key: &str) -> Option<&str> {
        self.values.get(key).map(String::as_str).filter(|v| !v.is_empty())
    }

    /// A target setting as sqitch's `Target::_fetch` looks it up: the
    /// engine's default target, then the engine, then `core`.
    fn setting(&self, key: &str) -> Option<&str> {
        let engine = self.get("core.engine");
        let target = engine.and_then(|e| self.get(&format!("engine.{e}.target"))).or_else(|| self.get("core.target"));
        target
            .and_then(|t| self.get(&format!("target.{t}.{key}")))
            .or_else(|| engine.and_then(|e| self.get(&format!("engine.{e}.{key}"))))
            .or_else(|| self.get(&format!("core.{key}")))
    }
}

/// A git-config value without its trailing comment and its double quotes.
fn unquote(value: &str) -> String {
    let mut out = String::new();
    let (mut quoted, mut chars) = (false, value.chars());
    while let Some(c) = chars.next() {
        match c {
            '"' => quoted = !quoted,
            '\\' => out.extend(chars.next()),
            '#' | ';' if !quoted => break,
            c => out.push(c),
        }
    }
    out.trim_end().to_owned()
}

/// A parsed plan: its entries in order, what could not be read, and where
/// each line starts (for locations).
#[derive(Debug, Default)]
struct Plan {
    project: Option<String>,
    entries: Vec<Entry>,
    problems: Vec<Problem>,
    offsets: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    /// 1-based line in the plan.
    line: usize,
    name: String,
    kind: Kind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    /// Its dependencies, conflicts included.
    Change {
        dependencies: Vec<Dependency>,
    },
    Tag,
}

/// A required or conflicting change.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Dependency {
    conflict: bool,
    project: Option<String>,
    change: Option<String>,
    tag: Option<String>,
    /// A change id (SHA-1) instead of a name.
    id: bool,
}

#[derive(Debug)]
struct Problem {
    line: usize,
    severity: Severity,
    message: String,
}

impl Plan {
    fn parse(text: &str) -> Self {
        let mut plan = Plan::default();
        let mut offset = 0;
        let mut in_header = true;
        // Change names since the last tag, and every tag: (name, line).
        let mut since_tag: HashMap<String, usize> = HashMap::new();
        let mut tags: HashMap<String, usize> = HashMap::new();
        for (i, raw) in text.split_inclusive('\n').enumerate() {
            plan.offsets.push(offset);
            offset += raw.len();
            let line = i + 1;
            let content = raw.trim_end_matches(['\n', '\r']);
            let body = content.split('#').next().unwrap_or_default().trim();
            if body.is_empty() {
                // Pragmas end at the first line with neither text nor comment.
                in_header &= !content.trim().is_empty();
                continue;
            }
            if in_header {
                if let Some(pragma) = body.strip_prefix('%') {
                    let (name, value) = pragma.split_once('=').unwrap_or((pragma, ""));
                    if name.trim() == "project" {
                        plan.project = Some(value.trim().to_owned());
                    }
                    continue;
                }
                in_header = false;
                plan.problem(line, "invalid pragma; an empty line must come between the pragmas and the changes");
            }
            let entry = match parse_entry(body) {
                Ok((name, kind)) => Entry { line, name, kind },
                Err(message) => {
                    plan.problem(line, format!("{message}; the line is skipped"));
                    continue;
                }
            };
            match entry.kind {
                Kind::Tag => {
                    if !plan.entries.iter().any(|e| matches!(e.kind, Kind::Change { .. })) {
                        plan.problem(line, format!("tag `@{}` comes before any change", entry.name));
                        continue;
                    }
                    if let Some(first) = tags.get(&entry.name) {
                        plan.problem(line, format!("tag `@{}` is declared again (first on line {first})", entry.name));
                        continue;
                    }
                    tags.insert(entry.name.clone(), line);
                    since_tag.clear();
                }
                Kind::Change { .. } => {
                    if let Some(first) = since_tag.get(&entry.name) {
                        let message = format!(
                            "change `{}` is planned again without a tag in between (first on line {first}); \
                             sqitch refuses the plan, and this line is skipped",
                            entry.name
                        );
                        plan.problems.push(Problem { line, severity: Severity::Error, message });
                        continue;
                    }
                    since_tag.insert(entry.name.clone(), line);
                }
            }
            plan.entries.push(entry);
        }
        plan.offsets.push(offset);
        if plan.project.is_none() {
            plan.problems.push(Problem {
                line: 1,
                severity: Severity::Warning,
                message: "the plan has no %project pragma, which sqitch requires".into(),
            });
        }
        plan
    }

    fn problem(&mut self, line: usize, message: impl Into<String>) {
        self.problems.push(Problem { line, severity: Severity::Error, message: message.into() });
    }
}

/// A change or tag line without its note: `[@]name [deps] timestamp planner <email>`.
fn parse_entry(body: &str) -> std::result::Result<(String, Kind), String> {
    let (tag, rest) = match body.strip_prefix('@') {
        Some(rest) => (true, rest),
        // `+` and `-` before a change are an old syntax that sqitch still reads and ignores.
        None => (false, body.strip_prefix(['+', '-']).map(str::trim_start).unwrap_or(body)),
    };
    let end = rest.find(|c: char| c.is_whitespace() || c == '[').unwrap_or(rest.len());
    let (name, mut rest) = (&rest[..end], rest[end..].trim_start());
    if !is_name(name) || (tag && name.contains('/')) {
        return Err(format!("invalid {} name `{name}`", if tag { "tag" } else { "change" }));
    }
    let mut dependencies = Vec::new();
    if let Some(list) = rest.strip_prefix('[') {
        let (deps, after) = list.split_once(']').ok_or("a dependency list has no closing `]`")?;
        if tag {
            return Err("tags may not have dependencies".into());
        }
        for spec in deps.split_whitespace() {
            dependencies.push(parse_dependency(spec).ok_or(format!("`{spec}` is not a valid dependency"))?);
        }
        rest = after.trim_start();
    }
    let planner = match rest.get(..20).filter(|ts| is_timestamp(ts)) {
        Some(_) => rest[20..].trim(),
        None => return Err("missing timestamp (YYYY-MM-DDTHH:MM:SSZ)".into()),
    };
    let has_planner = planner
        .strip_suffix('>')
        .and_then(|p| p.split_once('<'))
        .is_some_and(|(name, email)| name.ends_with([' ', '\t']) && !name.trim().is_empty() && !email.contains('>'));
    if !has_planner {
        return Err("missing planner name and email".into());
    }
    Ok((name.to_owned(), if tag { Kind::Tag } else { Kind::Change { dependencies } }))
}

/// `[!][project:](change[@tag] | @tag | id)`.
fn parse_dependency(spec: &str) -> Option<Dependency> {
    let (conflict, spec) = match spec.strip_prefix('!') {
        Some(rest) => (true, rest),
        None => (false, spec),
    };
    let (project, target) = match spec.split_once(':') {
        Some((project, target)) => (Some(project), target),
        None => (None, spec),
    };
    if project.is_some_and(|p| !is_name(p)) {
        return None;
    }
    let is_id = target.len() == 40 && target.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    let (change, tag) = match target.split_once('@') {
        _ if is_id => (None, None),
        Some((change, tag)) => ((!change.is_empty()).then_some(change), Some(tag)),
        None => (Some(target), None),
    };
    if change.is_some_and(|c| !is_name(c))
        || tag.is_some_and(|t| !is_name(t))
        || (!is_id && change.is_none() && tag.is_none())
    {
        return None;
    }
    let own = |s: Option<&str>| s.map(str::to_owned);
    Some(Dependency { conflict, project: own(project), change: own(change), tag: own(tag), id: is_id })
}

/// A change, tag or project name as sqitch's `name_regex` allows it: no
/// blanks, `:`, `@`, `#` or `\`; no punctuation but `_` first or last; no
/// `~`, `/`, `=`, `%` or `^` followed only by digits at the end; not `HEAD`
/// or `ROOT`; not something that looks like a change id.
fn is_name(name: &str) -> bool {
    let punct = |c: char| c.is_ascii_punctuation() && c != '_';
    let (Some(first), Some(last)) = (name.chars().next(), name.chars().last()) else { return false };
    let digits = name.trim_end_matches(|c: char| c.is_ascii_digit());
    let symbolic = digits.len() < name.len() && digits.ends_with(['~', '/', '=', '%', '^']);
    let looks_like_id =
        name.len() >= 40 && name.bytes().take(40).all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    !name.contains(|c: char| c.is_whitespace() || matches!(c, ':' | '@' | '#' | '\\'))
        && !punct(first)
        && !punct(last)
        && !symbolic
        && !looks_like_id
        && name != "HEAD"
        && name != "ROOT"
}

/// `2024-01-08T10:00:00Z`.
fn is_timestamp(ts: &str) -> bool {
    ts.len() == 20
        && ts.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            10 => b == b'T',
            13 | 16 => b == b':',
            19 => b == b'Z',
            _ => b.is_ascii_digit(),
        })
}

/// The tags whose names an earlier instance of a reworked change may carry,
/// in the order sqitch tries them (`Plan.pm`, `_parse`): the tags of the
/// changes between it and the next instance, the nearest first, then its own.
/// `None` when the change at `index` is not reworked.
fn rework_tags(entries: &[Entry], index: usize) -> Option<Vec<&str>> {
    let name = &entries[index].name;
    let is_change = |e: &Entry| matches!(e.kind, Kind::Change { .. });
    let next = entries[index + 1..].iter().position(|e| is_change(e) && e.name == *name)? + index + 1;
    // Each change's tags are the tag lines right after it, in plan order.
    let tags_of = |change: usize| -> Vec<&str> {
        entries[change + 1..].iter().take_while(|e| e.kind == Kind::Tag).map(|e| e.name.as_str()).collect()
    };
    let mut tags = Vec::new();
    for between in (index + 1..next).rev().filter(|&i| is_change(&entries[i])) {
        tags.extend(tags_of(between));
    }
    tags.extend(tags_of(index));
    (!tags.is_empty()).then_some(tags)
}

/// Required changes of this project that the plan does not deploy before
/// the change that needs them (sqitch's `check_changes`).
fn check_dependencies(plan: &Plan) -> Vec<Problem> {
    let mut problems = Vec::new();
    let line_of = |name: &str, kind_is_tag: bool, before: Option<usize>| {
        plan.entries
            .iter()
            .filter(|e| e.name == name && (e.kind == Kind::Tag) == kind_is_tag)
            .map(|e| e.line)
            .find(|&line| before.is_none_or(|b| line < b))
    };
    for entry in &plan.entries {
        let Kind::Change { dependencies } = &entry.kind else { continue };
        for dep in dependencies {
            let here = Some(entry.line);
            let spelled = match (&dep.change, &dep.tag) {
                (Some(c), Some(t)) => format!("{c}@{t}"),
                (Some(c), None) => c.clone(),
                (None, Some(t)) => format!("@{t}"),
                (None, None) => "a change id".to_owned(),
            };
            let name = &entry.name;
            match (&dep.project, &plan.project) {
                (Some(other), own) if Some(other) != own.as_ref() => {
                    if !dep.conflict {
                        let message = format!(
                            "change `{name}` requires `{other}:{spelled}` from another sqitch project, which this \
                             source does not replay"
                        );
                        problems.push(Problem { line: entry.line, severity: Severity::Note, message });
                    }
                    continue;
                }
                _ if dep.id => continue,
                _ => {}
            }
            if dep.conflict {
                let known = dep.change.as_deref().is_none_or(|c| line_of(c, false, None).is_some())
                    && dep.tag.as_deref().is_none_or(|t| line_of(t, true, None).is_some());
                if !known {
                    let message = format!(
                        "change `{name}` conflicts with `{spelled}`, which is not in the plan; sqitch stops \
                         deploying on it"
                    );
                    problems.push(Problem { line: entry.line, severity: Severity::Error, message });
                }
                continue;
            }
            let ok = match (&dep.change, &dep.tag) {
                (Some(change), Some(tag)) => {
                    line_of(tag, true, here).is_some_and(|tag_line| line_of(change, false, Some(tag_line)).is_some())
                }
                (Some(change), None) => line_of(change, false, here).is_some(),
                (None, Some(tag)) => line_of(tag, true, here).is_some(),
                (None, None) => true,
            };
            if ok {
                continue;
            }
            let message = if dep.change.as_ref() == Some(name) && dep.tag.is_none() {
                format!("change `{name}` requires itself; sqitch refuses the plan")
            } else if let Some(later) =
                dep.change.as_deref().filter(|_| dep.tag.is_none()).and_then(|c| line_of(c, false, None))
            {
                format!(
                    "change `{name}` requires `{spelled}`, which the plan deploys later (line {later}); sqitch \
                     refuses the plan: move `{name}` below it"
                )
            } else {
                format!("change `{name}` requires `{spelled}`, which the plan does not have before it; sqitch refuses the plan")
            };
            problems.push(Problem { line: entry.line, severity: Severity::Error, message });
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "%syntax-version=1.0.0\n%project=shop\n\n";

    fn plan(body: &str) -> Plan {
        Plan::parse(&format!("{HEADER}{body}"))
    }

    fn names(plan: &Plan) -> Vec<String> {
        plan.entries.iter().map(|e| if e.kind == Kind::Tag { format!("@{}", e.name) } else { e.name.clone() }).collect()
    }

    fn messages(problems: &[Problem]) -> Vec<String> {
        problems.iter().map(|p| format!("{}: {}", p.line, p.message)).collect()
    }

    const BY: &str = "2024-01-08T10:00:00Z Ana Lima <ana@example.com>";

    #[test]
    fn change_and_tag_lines_with_dependencies_and_notes() {
        let p = plan(&format!(
            "# a comment\nschema {BY} # Add a schema.\nusers [schema !old other:base @v0] {BY}\n@v1.0 {BY} # v1\n\n+ x {BY}\n"
        ));
        assert_eq!(names(&p), ["schema", "users", "@v1.0", "x"]);
        assert_eq!(p.project.as_deref(), Some("shop"));
        let Kind::Change { dependencies } = &p.entries[1].kind else { panic!() };
        let spelled: Vec<_> = dependencies
            .iter()
            .map(|d| (d.conflict, d.project.as_deref(), d.change.as_deref(), d.tag.as_deref()))
            .collect();
        assert_eq!(
            spelled,
            [
                (false, None, Some("schema"), None),
                (true, None, Some("old"), None),
                (false, Some("other"), Some("base"), None),
                (false, None, None, Some("v0"))
            ]
        );
        assert_eq!(p.entries[1].line, 6);
        assert!(p.problems.is_empty(), "{:?}", messages(&p.problems));
    }

    #[test]
    fn lines_sqitch_refuses_are_skipped_with_an_error() {
        let p = plan(&format!("a {BY}\nb 2024-01-08 Ana <a@b>\nc [a\n@t [a] {BY}\nd-\n%e {BY}\na {BY}\nf Ana Lima\n"));
        assert_eq!(names(&p), ["a"]);
        assert_eq!(
            messages(&p.problems),
            [
                "5: missing timestamp (YYYY-MM-DDTHH:MM:SSZ); the line is skipped",
                "6: a dependency list has no closing `]`; the line is skipped",
                "7: tags may not have dependencies; the line is skipped",
                "8: invalid change name `d-`; the line is skipped",
                "9: invalid change name `%e`; the line is skipped",
                "10: change `a` is planned again without a tag in between (first on line 4); sqitch refuses the \
                 plan, and this line is skipped",
                "11: missing timestamp (YYYY-MM-DDTHH:MM:SSZ); the line is skipped",
            ]
        );
    }

    #[test]
    fn names_follow_sqitch_s_name_regex() {
        for good in ["users", "a/b", "v1.0", "x_", "_x", "add-users", "a^b", "rel-2"] {
            assert!(is_name(good), "{good}");
        }
        for bad in ["", "-x", "x.", "a b", "a:b", "a@b", "a#b", "a\\b", "x^2", "x~10", "HEAD", "ROOT"] {
            assert!(!is_name(bad), "{bad}");
        }
        assert!(!is_name(&"a".repeat(40)));
    }

    #[test]
    fn a_reworked_change_tries_the_nearest_tag_first_then_its_own() {
        let p = plan(&format!(
            "a {BY}\n@t1 {BY}\n@t1b {BY}\nb {BY}\n@t2 {BY}\nc {BY}\na [a@t2] {BY}\n@t3 {BY}\na [a@t3] {BY}\n"
        ));
        assert_eq!(rework_tags(&p.entries, 0), Some(vec!["t2", "t1", "t1b"]));
        assert_eq!(rework_tags(&p.entries, 6), Some(vec!["t3"]));
        assert_eq!(rework_tags(&p.entries, 8), None);
        assert_eq!(rework_tags(&p.entries, 3), None);
    }

    #[test]
    fn dependencies_must_come_earlier_in_the_plan() {
        let p = plan(&format!(
            "a [b] {BY}\nb [b] {BY}\n@t {BY}\nc [a@t @t a@u @u zz other:zz shop:a !d !x !y:z] {BY}\nd [c@t] {BY}\n"
        ));
        assert_eq!(
            messages(&check_dependencies(&p)),
            [
                "4: change `a` requires `b`, which the plan deploys later (line 5); sqitch refuses the plan: move \
                 `a` below it",
                "5: change `b` requires itself; sqitch refuses the plan",
                "7: change `c` requires `a@u`, which the plan does not have before it; sqitch refuses the plan",
                "7: change `c` requires `@u`, which the plan does not have before it; sqitch refuses the plan",
                "7: change `c` requires `zz`, which the plan does not have before it; sqitch refuses the plan",
                "7: change `c` requires `other:zz` from another sqitch project, which this source does not replay",
                "7: change `c` conflicts with `x`, which is not in the plan; sqitch stops deploying on it",
                "8: change `d` requires `c@t`, which the plan does not have before it; sqitch refuses the plan",
            ]
        );
    }

    #[test]
    fn config_settings_come_from_the_target_then_the_engine_then_core() {
        let config = Config::parse(
            "[core]\n\tengine = pg\n\ttop_dir = db # here\n\textension = psql\n[engine \"pg\"]\n\t\
             target = prod\n\tdeploy_dir = \"up scripts\"\n[target \"prod\"]\n\trevert_dir = down\n",
        );
        let dirs = Dirs::new(Path::new("p"), &config);
        assert_eq!(dirs.plan, Path::new("p/db/sqitch.plan"));
        assert_eq!(dirs.deploy, Path::new("p/up scripts"));
        assert_eq!(dirs.revert, Path::new("p/down"));
        assert_eq!(dirs.reworked_deploy, Path::new("p/db/deploy"));
        assert_eq!(dirs.extension, "psql");
    }
}
