//! Irreversibility analysis: replay a source migration by migration and, for
//! every statement, judge against the schema just before it what it destroys
//! (`data-loss`), what it breaks for the application version still running
//! (`breaks-old-code`), what it locks (`lock-risk`) and what rollcheck cannot
//! tell (`unknown`).
//!
//! The flow: [`effect`] turns a statement into resolved [`Effect`]s (by
//! comparing the catalog before and after it); each [`Rule`] (one per file in
//! `rules/`) turns effects into findings; [`suppress`] and [`config`] decide
//! which are kept; [`down`] replays down scripts and compares.

pub mod cast;
pub mod config;
mod down;
pub mod effect;
mod rule;
pub mod rules;
mod snapshot;
pub mod suppress;

use std::path::{Path, PathBuf};

use serde::Serialize;

pub use config::Config;
pub use effect::Effect;
pub use rule::{Category, Existing, Hit, Level, MigrationContext, Rule, RuleMeta, StatementContext};

use crate::catalog::{replay_script, Catalog, Loaded, Observer, Replay};
use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::error::Result;
use crate::input::data::DataCounts;
use crate::input::{Migration, Source};
use crate::sql::{fingerprint, Statement};
use suppress::Suppressions;

/// One finding: a rule that fired on a statement (or a migration).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Finding {
    /// The rule's stable code (`RC101`).
    pub code: &'static str,
    /// The rule's stable kebab-case name (`drop-column`).
    pub name: &'static str,
    pub category: Category,
    pub level: Level,
    /// The migration's name (its folder or file name).
    pub migration: String,
    /// The file that holds the statement, as given on the command line.
    pub file: String,
    /// 1-based line and column of the statement (or of what the rule points at).
    pub line: u64,
    pub column: u32,
    /// 0-based byte offsets of the marked text in the file.
    pub offset: u64,
    pub end_offset: u64,
    /// Tables and columns affected, as PostgreSQL stores them: schema-qualified,
    /// unquoted (`public.WaitlistEntry.contactId`, `public.CompanyMember`).
    pub objects: Vec<String>,
    pub message: String,
    /// Longer evidence: a schema diff, everything a CASCADE took with it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The statement's SQL text (empty for findings about a whole file).
    pub sql: String,
    /// Line and byte offset where `sql` starts in the file.
    #[serde(skip)]
    #[schemars(skip)]
    pub statement_start: (u64, u64),
    /// libpg_query's fingerprint of the statement: the same across reformatting.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fingerprint: Option<String>,
    /// Rows and values at risk, from the `--data` dump.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub data_at_risk: Vec<DataAtRisk>,
}

/// How much data a finding puts at risk, counted in a data-bearing dump.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct DataAtRisk {
    /// A table (rows) or a column (non-null values).
    pub object: String,
    /// Rows of a table, or non-null values of a column.
    pub count: u64,
    /// `rows` or `non-null values`.
    pub unit: &'static str,
}

/// Everything `rollcheck lint` found.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct LintReport {
    /// The source linted, as given.
    pub source: String,
    pub migrations: usize,
    pub statements: usize,
    pub findings: Vec<Finding>,
    /// Findings silenced by `-- rollcheck:allow` or `rollcheck.toml`.
    pub suppressed: usize,
    /// Problems reading the input (syntax errors, statements that would fail).
    pub diagnostics: Vec<Diagnostic>,
}

impl LintReport {
    /// The highest level among the findings.
    pub fn max_level(&self) -> Option<Level> {
        self.findings.iter().map(|f| f.level).max()
    }
}

/// What a lint run reads besides the source.
#[derive(Debug, Default)]
pub struct LintOptions {
    pub config: Config,
    /// Row and non-null counts from a data-bearing dump (`--data`).
    pub data: Option<DataCounts>,
}

/// All rules, in code order.
pub fn all_rules() -> &'static [&'static dyn Rule] {
    rules::ALL
}

/// A rule's documentation as Markdown: its doc comment without the one space
/// `///` leaves at the start of each line.
pub fn doc_text(meta: &RuleMeta) -> String {
    meta.doc.lines().map(|l| l.strip_prefix(' ').unwrap_or(l)).collect::<Vec<_>>().join("\n")
}

/// The rule with this code or name.
pub fn rule(code_or_name: &str) -> Option<&'static dyn Rule> {
    rules::ALL
        .iter()
        .copied()
        .find(|r| r.meta().code.eq_ignore_ascii_case(code_or_name) || r.meta().name == code_or_name)
}

/// Lints every migration of `source`.
pub fn lint(source: Source, options: &LintOptions) -> Result<LintReport> {
    let migrations = source.migrations.clone();
    let mut linter = Linter::new(source);
    for migration in &migrations {
        linter.migration(migration, options)?;
    }
    Ok(linter.finish())
}

/// A lint in progress, one migration at a time: what `rollcheck history` keeps
/// between commits (cloned), so a history that only appends migrations is linted
/// once, not once per commit.
#[derive(Clone)]
pub struct Linter {
    replay: Replay,
    loaded: Loaded,
    findings: Vec<Finding>,
    suppressed: usize,
    migrations: usize,
}

impl Linter {
    pub fn new(source: Source) -> Self {
        let mut loaded = Loaded::new(source);
        loaded.diagnostics.extend(loaded.source.notes.iter().cloned());
        Linter { replay: Replay::new(), loaded, findings: Vec::new(), suppressed: 0, migrations: 0 }
    }

    /// Replays and lints the next migration; returns how many findings it added.
    pub fn migration(&mut self, migration: &Migration, options: &LintOptions) -> Result<usize> {
        let before = self.findings.len();
        self.migrations += 1;
        let ignored = options.config.is_ignored(migration.path());
        let start = down::Start::new(&self.replay, migration);
        let mut watch = Watch {
            suppressions: Suppressions::read(&migration.up)?,
            migration,
            existing: Existing::of(&self.replay.catalog),
            snapshot: None,
            declared: Vec::new(),
            statements: Vec::new(),
            hits: Vec::new(),
        };
        replay_script(&migration.up, &mut self.replay, &mut self.loaded, &mut watch)?;
        let Watch { statements, mut hits, suppressions, .. } = watch;
        let down = start.verify(&self.replay, &mut self.loaded)?;
        let cx = MigrationContext { migration, statements: &statements, down: down.as_ref() };
        for rule in rules::ALL {
            for hit in rule.check_migration(&cx) {
                let statement = hit.at.as_ref().and_then(|at| statements.iter().find(|s| &s.location == at));
                hits.push((rule.meta(), hit, statement.map(|s| (s.location.clone(), s.sql.clone()))));
            }
        }
        if ignored {
            self.suppressed += hits.len();
            return Ok(0);
        }
        for (meta, hit, statement) in hits {
            let Some(level) = options.config.level(meta) else {
                self.suppressed += 1;
                continue;
            };
            let lines = statement.as_ref().map(|(at, sql)| (at.line, at.line + sql.matches('\n').count() as u64));
            if lines.is_some_and(|(first, last)| suppressions.allows(meta, first, last)) {
                self.suppressed += 1;
                continue;
            }
            self.findings.push(finding(meta, level, migration, hit, statement, options.data.as_ref()));
        }
        for problem in suppressions.problems() {
            let meta = &rules::suppression_without_reason::SuppressionWithoutReason::META;
            if let Some(level) = options.config.level(meta) {
                let at = Location::new(migration.path().display().to_string().into(), problem.line, 1, problem.offset);
                let hit = Hit::new(Vec::new(), problem.message.clone());
                let mut f = finding(meta, level, migration, hit, Some((at, String::new())), None);
                f.end_offset = problem.offset + problem.len;
                self.findings.push(f);
            }
        }
        Ok(self.findings.len() - before)
    }

    /// The findings so far.
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    pub fn finish(self) -> LintReport {
        let Linter { replay, mut loaded, findings, suppressed, migrations } = self;
        loaded.diagnostics.extend(replay.diagnostics);
        let mut diagnostics: Vec<Diagnostic> =
            loaded.diagnostics.into_iter().filter(|d| d.severity != Severity::Note).collect();
        diagnostics.sort();
        LintReport {
            source: loaded.source.path.display().to_string(),
            migrations,
            statements: loaded.statements,
            findings,
            suppressed,
            diagnostics,
        }
    }
}

/// One statement with its effects, as migration-level rules see it.
#[derive(Debug, Clone)]
pub struct StatementEffects {
    pub location: Location,
    pub sql: String,
    pub effects: Vec<Effect>,
}

/// The outcome of replaying a migration's down script.
#[derive(Debug, Clone)]
pub struct DownOutcome {
    pub script: PathBuf,
    /// The down script's first line in its file: 1 for a whole file, the line
    /// after the section's marker (goose, dbmate) for a section.
    pub line: u64,
    /// The schema after up + down compared with the schema before up.
    pub diff: crate::analysis::diff::SchemaDiff,
}

/// A rule's hit waiting for config and suppressions, with the statement it is on.
type PendingHit = (&'static RuleMeta, Hit, Option<(Location, String)>);

/// Watches the replay of one migration and runs the statement rules.
struct Watch<'a> {
    migration: &'a Migration,
    suppressions: Suppressions,
    existing: Existing,
    snapshot: Option<Catalog>,
    declared: Vec<Effect>,
    statements: Vec<StatementEffects>,
    hits: Vec<PendingHit>,
}

impl Observer for Watch<'_> {
    fn before(&mut self, statement: &Statement, replay: &Replay) {
        self.declared = effect::declared(statement, replay);
        self.snapshot = effect::needs_snapshot(statement).then(|| snapshot::before(statement, replay));
    }

    fn after(&mut self, statement: &Statement, replay: &Replay) {
        let lines = statement.sql.matches('\n').count() as u64;
        self.suppressions.statement_ended(statement.location.line + lines);
        let mut effects = std::mem::take(&mut self.declared);
        let snapshot = self.snapshot.take();
        if let Some(before) = &snapshot {
            effects.extend(effect::changes(statement, before, &replay.catalog));
        }
        if effects.is_empty() {
            return;
        }
        let cx = StatementContext {
            migration: self.migration,
            statement,
            before: snapshot.as_ref().unwrap_or(&replay.catalog),
            after: &replay.catalog,
            effects: &effects,
            existing: &self.existing,
        };
        for rule in rules::ALL {
            for hit in rule.check(&cx) {
                self.hits.push((rule.meta(), hit, Some((statement.location.clone(), statement.sql.clone()))));
            }
        }
        self.statements.push(StatementEffects {
            location: statement.location.clone(),
            sql: statement.sql.clone(),
            effects,
        });
    }
}

fn finding(
    meta: &'static RuleMeta,
    level: Level,
    migration: &Migration,
    hit: Hit,
    statement: Option<(Location, String)>,
    data: Option<&DataCounts>,
) -> Finding {
    let (location, sql) = statement.unwrap_or_else(|| {
        let at = hit.at.as_ref().map(|l| (l.file.clone(), l.line.max(1)));
        let (file, line) = at.unwrap_or_else(|| (migration.path().display().to_string().into(), 1));
        (Location::new(file, line, 1, 0), String::new())
    });
    let (line, column, offset, end_offset) = span(&location, &sql, hit.focus.as_deref());
    let data_at_risk = data.map(|d| at_risk(d, &hit.objects, meta.category)).unwrap_or_default();
    Finding {
        code: meta.code,
        name: meta.name,
        category: meta.category,
        level,
        migration: migration.name.clone(),
        file: location.file.to_string(),
        line,
        column,
        offset,
        end_offset,
        objects: hit.objects,
        message: hit.message,
        detail: hit.detail,
        fingerprint: if sql.is_empty() { None } else { fingerprint(&sql) },
        sql,
        statement_start: (location.line, location.offset),
        data_at_risk,
    }
}

/// Where to point: the first occurrence of `focus` in the statement (quoted or
/// not), else the whole statement.
fn span(location: &Location, sql: &str, focus: Option<&str>) -> (u64, u32, u64, u64) {
    let whole = (location.line, location.column, location.offset, location.offset + sql.len() as u64);
    let Some(focus) = focus else { return whole };
    let quoted = format!("\"{}\"", focus.replace('"', "\"\""));
    let found = sql.find(&quoted).map(|i| (i, quoted.len())).or_else(|| {
        let lower = sql.to_lowercase();
        lower.find(&focus.to_lowercase()).map(|i| (i, focus.len()))
    });
    let Some((at, len)) = found else { return whole };
    let before = &sql[..at];
    let newlines = before.matches('\n').count() as u64;
    let column = match before.rfind('\n') {
        Some(nl) => (before[nl + 1..].chars().count() + 1) as u32,
        None => location.column + before.chars().count() as u32,
    };
    (location.line + newlines, column, location.offset + at as u64, location.offset + (at + len) as u64)
}

fn at_risk(data: &DataCounts, objects: &[String], category: Category) -> Vec<DataAtRisk> {
    if category != Category::DataLoss {
        return Vec::new();
    }
    let mut out = Vec::new();
    for object in objects {
        let parts: Vec<&str> = object.splitn(3, '.').collect();
        let table = |schema: &str, table: &str| data.tables.get(&(schema.to_owned(), table.to_owned()));
        match parts.as_slice() {
            [schema, name] => {
                if let Some(t) = table(schema, name) {
                    out.push(DataAtRisk { object: object.clone(), count: t.rows, unit: "rows" });
                }
            }
            [schema, name, column] => {
                if let Some(t) = table(schema, name) {
                    let count = t.non_null.get(*column).copied().unwrap_or(0);
                    out.push(DataAtRisk { object: object.clone(), count, unit: "non-null values" });
                }
            }
            _ => {}
        }
    }
    out
}

/// Finds `rollcheck.toml` for a source: in its folder or the nearest parent.
pub fn find_config(source: &Path) -> Option<PathBuf> {
    let start = if source.is_dir() { source.to_owned() } else { source.parent()?.to_owned() };
    let start = start.canonicalize().unwrap_or(start);
    start.ancestors().map(|d| d.join("rollcheck.toml")).find(|p| p.is_file())
}
