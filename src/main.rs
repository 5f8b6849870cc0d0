//! The `rollcheck` command: argument parsing, and the one place where library
//! errors become messages and exit statuses.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use rollcheck::analysis::data_check::{self, DataCheckOptions, DataSources};
use rollcheck::analysis::diff::{compare_with, DiffOptions};
use rollcheck::analysis::history::{history, HistoryOptions};
use rollcheck::analysis::lint;
use rollcheck::catalog::graph::{DependencyGraph, ObjectId};
use rollcheck::catalog::{load_migrations, Loaded};
use rollcheck::diagnostic::{Diagnostic, Severity};
use rollcheck::error::Error;
use rollcheck::input::git::GitCli;
use rollcheck::input::{detect_as, Layout};
use rollcheck::report;

#[derive(Parser)]
#[command(name = "rollcheck", version, about = "Offline rollback-safety analysis for PostgreSQL schema migrations")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print the canonical schema of a SOURCE (a SQL file or plain dump, or a migrations folder replayed).
    Schema {
        source: PathBuf,
        /// The migration tool's layout, when detection cannot tell or guesses wrong: sql-file,
        /// prisma, flyway, golang-migrate, goose, dbmate, sqitch, liquibase, diesel, atlas, sql-folder, pg-archive.
        #[arg(long)]
        layout: Option<Layout>,
        /// Stop after this migration (exact name or unique prefix).
        #[arg(long)]
        at: Option<String>,
        #[arg(long, value_enum, default_value_t = SchemaFormat::Sql)]
        format: SchemaFormat,
        /// Include migration-tool bookkeeping tables (`_prisma_migrations`, ...).
        #[arg(long)]
        include_bookkeeping: bool,
    },
    /// Compare two sources structurally. Exit status: 0 equal, 1 different, 2 error.
    Diff {
        a: PathBuf,
        b: PathBuf,
        /// Replay A only up to this migration.
        #[arg(long)]
        at_a: Option<String>,
        /// Replay B only up to this migration.
        #[arg(long)]
        at_b: Option<String>,
        #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
        format: DiffFormat,
        /// Also show a unified diff of the canonical DDL.
        #[arg(long)]
        unified: bool,
        /// Compare migration-tool bookkeeping tables too.
        #[arg(long)]
        include_bookkeeping: bool,
    },
    /// Find what each migration destroys, breaks for the running code, or locks.
    /// Exit status: 0 clean, 1 findings at or above --fail-on, 2 usage or input error.
    Lint {
        source: PathBuf,
        /// The migration tool's layout, when detection cannot tell or guesses wrong: sql-file,
        /// prisma, flyway, golang-migrate, goose, dbmate, sqitch, liquibase, diesel, atlas, sql-folder, pg-archive.
        #[arg(long)]
        layout: Option<Layout>,
        #[arg(long, value_enum, default_value_t = LintFormat::Text)]
        format: LintFormat,
        /// Exit 1 when a finding is at or above this level: error, warning, note, never, or a
        /// category (data-loss = error, breaks-old-code and unknown = warning, lock-risk = note).
        /// Default: `fail-on` from rollcheck.toml, else data-loss.
        #[arg(long)]
        fail_on: Option<String>,
        /// rollcheck.toml to use (default: the nearest one in SOURCE's folder or above).
        #[arg(long)]
        config: Option<PathBuf>,
        /// Ignore any rollcheck.toml.
        #[arg(long, conflicts_with = "config")]
        no_config: bool,
        /// A data-bearing plain pg_dump: count the rows and non-null values at risk.
        #[arg(long)]
        data: Option<PathBuf>,
        /// Colour in text output (auto: on a terminal, honouring NO_COLOR and CLICOLOR_FORCE).
        #[arg(long, value_enum, default_value_t = ColorWhen::Auto)]
        color: ColorWhen,
    },
    /// The application's git history: each commit (first parent), the migrations it adds, whether
    /// they destroy data, the point of no return, and migrations edited, deleted or out of order.
    History {
        /// The migrations folder (or project) in a git work tree.
        #[arg(default_value = ".")]
        source: PathBuf,
        /// The repository (default: the one that contains SOURCE). A relative SOURCE is then
        /// taken relative to REPO; an absolute one must lie inside it.
        #[arg(long)]
        repo: Option<PathBuf>,
        /// Every commit reachable from HEAD, not only the first-parent chain.
        #[arg(long)]
        all: bool,
        /// The migration tool's layout, when detection cannot tell or guesses wrong.
        #[arg(long)]
        layout: Option<Layout>,
        #[arg(long, value_enum, default_value_t = HistoryFormat::Text)]
        format: HistoryFormat,
    },
    /// The rollback posture: points of no return, the commits whose code the current schema serves,
    /// the backups that can undo each irreversible migration, and the recovery options.
    /// Exit status: 0 when computed, 1 when the current state (--current) is drifted, 2 on
    /// unreadable input or usage errors.
    Posture {
        /// A migrations folder, or a repository or project folder that contains one.
        #[arg(default_value = ".")]
        path: PathBuf,
        /// The application's repository: a git work tree, or a git bundle file (`*.bundle`).
        /// Default: the one `*.bundle` in PATH, else the repository containing PATH.
        #[arg(long)]
        repo: Option<PathBuf>,
        /// Backup files, or folders of them, in any pg_dump format (plain, gzip or not, custom, directory, tar).
        /// Default: the `backups` folder in PATH, when there is one.
        #[arg(long, num_args = 1..)]
        backups: Vec<PathBuf>,
        /// A dump of the database as it is now (default: every migration applied).
        #[arg(long, conflicts_with = "applied")]
        current: Option<PathBuf>,
        /// The last migration applied to the database (exact name or unique prefix).
        #[arg(long)]
        applied: Option<String>,
        /// The migration tool's layout, when detection cannot tell or guesses wrong.
        #[arg(long)]
        layout: Option<Layout>,
        #[arg(long, value_enum, default_value_t = PostureFormat::Text)]
        format: PostureFormat,
        /// Write the report to this file instead of stdout.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Check a backup's own data: rows whose foreign key points at no row (NOT VALID keys too),
    /// duplicate keys of unique constraints and indexes, NULLs per column. Exit status: 0 none
    /// found, 1 orphans or duplicates, 2 unreadable input.
    Data {
        /// A backup: a plain dump (gzip or not, COPY or INSERT data) or a custom, directory or tar archive.
        backup: PathBuf,
        #[arg(long, value_enum, default_value_t = DataFormat::Text)]
        format: DataFormat,
        /// Example keys shown per foreign key or unique key.
        #[arg(long, default_value_t = 5)]
        examples: usize,
        /// Also look for duplicates of a key about to be made UNIQUE: `public.Party(tenantId,email)`
        /// (names as stored, unquoted; repeatable).
        #[arg(long, value_name = "TABLE(COLUMNS)")]
        unique: Vec<String>,
    },
    /// What a backup is and holds: format, versions, when it was taken, objects, every table with
    /// its rows, whether it is whole, and with --migrations the migration state its schema is.
    /// Exit status: 0 complete, 1 readable but incomplete or damaged, 2 not readable as a backup.
    Inspect {
        /// A plain dump (gzip or not), or a custom, directory or tar archive.
        backup: PathBuf,
        /// The migrations (a folder, or a project that holds one) to match its schema against.
        #[arg(long)]
        migrations: Option<PathBuf>,
        /// The migration tool's layout of --migrations, when detection cannot tell.
        #[arg(long)]
        layout: Option<Layout>,
        #[arg(long, value_enum, default_value_t = DataFormat::Text)]
        format: DataFormat,
    },
    /// List the lint rules, or explain one (by code or name).
    Rules {
        rule: Option<String>,
        #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
        format: RulesFormat,
    },
    /// Print the dependency graph, or with --impact what depends on one object.
    Graph {
        source: PathBuf,
        /// The migration tool's layout, when detection cannot tell or guesses wrong: sql-file,
        /// prisma, flyway, golang-migrate, goose, dbmate, sqitch, liquibase, diesel, atlas, sql-folder, pg-archive.
        #[arg(long)]
        layout: Option<Layout>,
        #[arg(long)]
        at: Option<String>,
        #[arg(long, value_enum, default_value_t = GraphFormat::Dot)]
        format: GraphFormat,
        /// An object (`public.Contact`, `public.Contact.email`, `public.Contact_pkey`): list what dropping it takes along.
        #[arg(long)]
        impact: Option<String>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum SchemaFormat {
    Sql,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum DiffFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum LintFormat {
    Text,
    Json,
    Sarif,
    /// GitHub Actions annotations (and a Markdown summary to $GITHUB_STEP_SUMMARY when set).
    Github,
    Markdown,
}

#[derive(Clone, Copy, ValueEnum)]
enum HistoryFormat {
    Text,
    Json,
    Markdown,
}

#[derive(Clone, Copy, ValueEnum)]
enum PostureFormat {
    Text,
    Json,
    Markdown,
    /// One self-contained page (no script, no network) with a timeline.
    Html,
}

#[derive(Clone, Copy, ValueEnum)]
enum DataFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum RulesFormat {
    Text,
    Markdown,
}

#[derive(Clone, Copy, ValueEnum)]
enum ColorWhen {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, ValueEnum)]
enum GraphFormat {
    Dot,
    Mermaid,
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(Failure::Error(e)) => {
            eprintln!("rollcheck: {e}");
            ExitCode::from(2)
        }
        Err(Failure::BrokenPipe) => ExitCode::SUCCESS,
    }
}

enum Failure {
    Error(Error),
    BrokenPipe,
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Error(e)
    }
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        if e.kind() == io::ErrorKind::BrokenPipe {
            Failure::BrokenPipe
        } else {
            Failure::Error(Error::Io { path: PathBuf::from("<stdout>"), source: e })
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn lint_command(
    source: &std::path::Path,
    layout: Option<Layout>,
    format: LintFormat,
    fail_on: Option<String>,
    config: Option<PathBuf>,
    no_config: bool,
    data: Option<PathBuf>,
    color: ColorWhen,
) -> Result<ExitCode, Failure> {
    let config_path = if no_config { None } else { config.or_else(|| lint::find_config(source)) };
    let config = match &config_path {
        Some(path) => lint::Config::read(path)?,
        None => lint::Config::default(),
    };
    let fail_on = fail_on.or_else(|| config.fail_on.clone()).unwrap_or_else(|| "data-loss".into());
    let threshold = threshold(&fail_on).map_err(|message| match &config_path {
        Some(path) if config.fail_on.as_deref() == Some(fail_on.as_str()) => {
            Error::Config { path: path.clone(), line: 1, message }
        }
        _ => Error::Usage(message),
    })?;
    let data = match data {
        Some(dump) => {
            let backup = rollcheck::input::backup::Backup::open(&dump)?;
            Some(rollcheck::input::data::count_table_data(&backup))
        }
        None => None,
    };
    let report = lint::lint(detect_as(source, layout)?, &lint::LintOptions { config, data })?;
    if report.statements == 0 {
        let problem = report.diagnostics.iter().find(|d| d.severity == Severity::Error);
        let message = match problem {
            Some(d) => format!("no SQL statement could be read (first problem: {})", d.message),
            None => "contains no SQL statements".into(),
        };
        return Err(Error::Unreadable { path: source.to_owned(), message }.into());
    }
    let text = match format {
        LintFormat::Text => {
            let styled = match color {
                ColorWhen::Always => true,
                ColorWhen::Never => false,
                ColorWhen::Auto => anstream::AutoStream::choice(&io::stdout()) != anstream::ColorChoice::Never,
            };
            report::lint::text(&report, styled)
        }
        LintFormat::Json => report::lint::json(&report),
        LintFormat::Sarif => report::lint::sarif(&report),
        LintFormat::Markdown => report::lint::markdown(&report),
        LintFormat::Github => {
            if let Some(summary) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|s| !s.is_empty()) {
                let path = PathBuf::from(summary);
                let mut file = std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(&path)
                    .map_err(|e| Error::io(&path, e))?;
                file.write_all(report::lint::markdown(&report).as_bytes()).map_err(|e| Error::io(&path, e))?;
            }
            report::lint::github(&report)
        }
    };
    if !matches!(format, LintFormat::Text | LintFormat::Json) {
        report_diagnostics(&report.diagnostics);
    }
    print(&text)?;
    let failing = threshold.is_some_and(|t| report.max_level().is_some_and(|l| l >= t));
    Ok(if failing { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// Opens a git bundle (cloned into a scratch folder) and finds, at its HEAD, the
/// folder that `source` (found at or under `path`) is: relative to the bundle's
/// folder, or to `path`.
fn open_bundle(
    bundle: &std::path::Path,
    path: &std::path::Path,
    source: &std::path::Path,
) -> Result<(rollcheck::input::bundle::BundleRepository, PathBuf), Failure> {
    let cloned = rollcheck::input::bundle::open(bundle)?;
    let base = bundle.parent().map(|p| p.to_path_buf()).unwrap_or_default();
    let history: &dyn rollcheck::input::git::History = &cloned.git;
    for root in [base.as_path(), path] {
        let (Ok(root), Ok(source)) = (root.canonicalize(), source.canonicalize()) else { continue };
        let Ok(folder) = source.strip_prefix(&root) else { continue };
        if history.folder_tree("HEAD", folder)?.is_some() {
            let folder = folder.to_path_buf();
            return Ok((cloned, folder));
        }
    }
    Err(Error::Usage(format!(
        "{}: the bundle has no folder at the place of {} at HEAD",
        bundle.display(),
        source.display()
    ))
    .into())
}

#[allow(clippy::too_many_arguments)]
fn posture_command(
    path: &std::path::Path,
    repo: Option<PathBuf>,
    backups: &[PathBuf],
    current: Option<PathBuf>,
    applied: Option<String>,
    layout: Option<Layout>,
    format: PostureFormat,
    output: Option<PathBuf>,
) -> Result<ExitCode, Failure> {
    use rollcheck::analysis::posture::{self, CurrentState, PostureInputs, Repository};
    use rollcheck::input::bundle;
    let source = detect_as(path, layout)?;
    // The repository: --repo (a work tree or a bundle), else the one bundle in PATH (a
    // history shipped beside its migrations, as the sample's is, is theirs rather than the
    // work tree's that PATH happens to sit in), else the work tree around PATH.
    let bundle_path = match &repo {
        Some(r) if bundle::is_bundle(r) => Some(r.clone()),
        Some(_) => None,
        None if path.is_dir() && !path.join(".git").exists() => bundle::single_bundle(path)?,
        None => None,
    };
    let mut no_repository = None;
    let opened: Option<(GitCli, PathBuf, String, Option<bundle::BundleRepository>)> = match (&bundle_path, &repo) {
        (Some(b), _) => {
            let (cloned, folder) = open_bundle(b, path, &source.path)?;
            Some((cloned.git.clone(), folder, b.display().to_string(), Some(cloned)))
        }
        (None, Some(r)) => {
            let (git, _) = GitCli::discover(r)?;
            let root = git.root().to_path_buf();
            let folder = source.path.canonicalize().map_err(|e| Error::io(&source.path, e))?;
            let folder = folder.strip_prefix(root.canonicalize().map_err(|e| Error::io(&root, e))?).map_err(|_| {
                Error::Usage(format!("{} is not inside the repository {}", source.path.display(), r.display()))
            })?;
            Some((git, folder.to_path_buf(), r.display().to_string(), None))
        }
        (None, None) => match GitCli::discover(&source.path) {
            Ok((git, folder)) => {
                let name = git.root().display().to_string();
                Some((git, folder, name, None))
            }
            Err(e) => {
                no_repository = Some(format!("no git repository ({e})"));
                None
            }
        },
    };
    // Without --backups, a `backups` folder in PATH (the sample's) is where they are.
    let found = path.join("backups");
    let backups = if backups.is_empty() && found.is_dir() { std::slice::from_ref(&found) } else { backups };
    let mut files = Vec::new();
    for given in backups {
        if given.is_dir() && !given.join("toc.dat").is_file() {
            files.extend(
                rollcheck::input::backup::files_in(given)?.into_iter().map(|f| (f.clone(), f.display().to_string())),
            );
        } else {
            files.push((given.clone(), given.display().to_string()));
        }
    }
    let evidence = posture::read_backups(&files);
    let current = match (current, applied) {
        (Some(dump), _) => CurrentState::Dump(Box::new(posture::read_backup(&dump, dump.display().to_string()))),
        (None, Some(name)) => CurrentState::Applied(name),
        (None, None) => CurrentState::Latest,
    };
    let inputs = PostureInputs {
        repository: opened.as_ref().map(|(git, folder, name, _)| Repository {
            history: git,
            folder: folder.as_path(),
            name: name.clone(),
        }),
        no_repository,
        source,
        current,
        backups: evidence,
        layout,
    };
    let result = posture::posture(inputs)?;
    let text = match format {
        PostureFormat::Text => report::posture::text(&result),
        PostureFormat::Json => report::posture::json(&result),
        PostureFormat::Markdown => report::posture::markdown(&result),
        PostureFormat::Html => report::posture::html(&result),
    };
    match output {
        Some(file) => std::fs::write(&file, text.as_bytes()).map_err(|e| Error::io(&file, e))?,
        None => print(&text)?,
    }
    Ok(if result.current.drift.is_some() { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// `rollcheck inspect`: the backup read first (unreadable: exit 2), then its schema as a source.
fn inspect_command(
    path: &std::path::Path,
    migrations: Option<PathBuf>,
    layout: Option<Layout>,
    format: DataFormat,
) -> Result<ExitCode, Failure> {
    use rollcheck::analysis::inspect::inspect;
    use rollcheck::input::backup::Backup;
    let mut backup = Backup::open(path)?;
    let source = match &migrations {
        Some(m) => Some(detect_as(m, layout)?),
        None => None,
    };
    // A backup whose schema cannot be read is still inspected (its problems say why).
    let loaded = match backup_schema(&mut backup) {
        Ok(l) => Some(l),
        Err(Failure::Error(e)) => {
            eprintln!("rollcheck: its schema could not be read: {e}");
            None
        }
        Err(other) => return Err(other),
    };
    let result =
        inspect(&backup, loaded.as_ref().map(|l| &l.catalog), source.as_ref().map(|s| s.migrations.as_slice()))?;
    print(&match format {
        DataFormat::Text => report::inspect::text(&result),
        DataFormat::Json => report::inspect::json(&result),
    })?;
    Ok(if result.complete { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// `rollcheck data` over any backup's table data.
fn data_command(
    catalog: &rollcheck::catalog::Catalog,
    sources: DataSources<'_>,
    format: DataFormat,
    options: DataCheckOptions,
) -> Result<ExitCode, Failure> {
    let bar = ScanProgress::new();
    let report = data_check::check(catalog, sources, &options, &bar);
    print(&match format {
        DataFormat::Text => report::data::text(&report),
        DataFormat::Json => report::data::json(&report),
    })?;
    Ok(if !report.problems.is_empty() {
        ExitCode::from(2)
    } else if report.orphan_rows() > 0 || report.duplicate_groups() > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// `public.Party(tenantId,email)` → the table and its columns (a bare table is in `public`).
fn unique_request(text: &str) -> Result<data_check::UniqueRequest, Error> {
    let bad =
        || Error::Usage(format!("--unique `{text}`: expected TABLE(COLUMN, ...), e.g. public.Party(tenantId,email)"));
    let (table, rest) = text.split_once('(').ok_or_else(bad)?;
    let columns: Vec<String> =
        rest.strip_suffix(')').ok_or_else(bad)?.split(',').map(|c| c.trim().to_owned()).collect();
    let (schema, name) = table.trim().split_once('.').unwrap_or(("public", table.trim()));
    if name.is_empty() || columns.iter().any(String::is_empty) {
        return Err(bad());
    }
    let table = rollcheck::catalog::QualifiedName::new(schema, name);
    Ok(data_check::UniqueRequest { table, columns, nulls_not_distinct: false })
}

/// A progress bar on stderr for scans that run over two seconds, when stderr is a terminal.
struct ScanProgress {
    started: std::time::Instant,
    total: std::sync::atomic::AtomicU64,
    done: std::sync::atomic::AtomicU64,
    bar: std::sync::OnceLock<indicatif::ProgressBar>,
}

impl ScanProgress {
    fn new() -> Self {
        ScanProgress {
            started: std::time::Instant::now(),
            total: Default::default(),
            done: Default::default(),
            bar: std::sync::OnceLock::new(),
        }
    }
}

impl data_check::Progress for ScanProgress {
    fn start(&self, scans: u64) {
        self.total.store(scans, std::sync::atomic::Ordering::Relaxed);
    }

    fn scanned(&self) {
        use std::io::IsTerminal;
        let done = self.done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        if self.bar.get().is_none() && (self.started.elapsed().as_secs() < 2 || !io::stderr().is_terminal()) {
            return;
        }
        let bar = self.bar.get_or_init(|| {
            let bar = indicatif::ProgressBar::with_draw_target(
                Some(self.total.load(std::sync::atomic::Ordering::Relaxed)),
                indicatif::ProgressDrawTarget::stderr(),
            );
            bar.set_style(
                indicatif::ProgressStyle::with_template("{elapsed} [{bar:30}] {pos}/{len} table scans")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            bar
        });
        bar.set_position(done);
    }

    fn finish(&self) {
        if let Some(bar) = self.bar.get() {
            bar.finish_and_clear();
        }
    }
}

/// The level `--fail-on` names; `None` for `never`.
fn threshold(name: &str) -> Result<Option<lint::Level>, String> {
    use lint::{Category, Level};
    Ok(Some(match name {
        "never" => return Ok(None),
        "error" => Level::Error,
        "warning" => Level::Warning,
        "note" => Level::Note,
        "data-loss" => Category::DataLoss.default_level(),
        "breaks-old-code" => Category::BreaksOldCode.default_level(),
        "unknown" => Category::Unknown.default_level(),
        "lock-risk" => Category::LockRisk.default_level(),
        other => {
            return Err(format!(
                "--fail-on `{other}`: expected error, warning, note, never, data-loss, breaks-old-code, unknown or lock-risk"
            ))
        }
    }))
}

fn print(text: &str) -> Result<(), Failure> {
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}

/// Loads a source and reports its diagnostics on stderr; a source from which
/// no SQL statement could be read is an error.
fn load_reported(path: &std::path::Path, layout: Option<Layout>, at: Option<&str>) -> Result<Loaded, Failure> {
    let source = detect_as(path, layout)?;
    let applied = source.up_to(at)?.to_vec();
    let loaded = load_migrations(source, applied)?;
    checked(path, loaded)
}

/// Reports what loading found; no statement read at all is an error.
fn checked(path: &std::path::Path, loaded: Loaded) -> Result<Loaded, Failure> {
    report_diagnostics(&loaded.diagnostics);
    if loaded.statements == 0 {
        let problem = loaded.diagnostics.iter().find(|d| d.severity == Severity::Error);
        let message = match problem {
            Some(d) => format!("no SQL statement could be read (first problem: {})", d.message),
            None => "contains no SQL statements".into(),
        };
        return Err(Error::Unreadable { path: path.to_owned(), message }.into());
    }
    Ok(loaded)
}

/// A backup's schema, its diagnostics reported (see [`load_reported`]).
fn backup_schema(backup: &mut rollcheck::input::backup::Backup) -> Result<Loaded, Failure> {
    let path = backup.path.clone();
    let loaded = rollcheck::catalog::load_backup(backup)?;
    checked(&path, loaded)
}

fn report_diagnostics(diagnostics: &[Diagnostic]) {
    let mut notes = 0usize;
    let mut stderr = io::stderr().lock();
    for d in diagnostics {
        if d.severity == Severity::Note {
            notes += 1;
            continue;
        }
        let _ = writeln!(stderr, "{d}");
    }
    if notes > 0 {
        let (statements, verb) = if notes == 1 { ("statement", "does") } else { ("statements", "do") };
        let _ = writeln!(
            stderr,
            "note: {notes} {statements} {verb} not change the schema model (data changes, ownership, privileges, settings)"
        );
    }
}

fn run(cli: Cli) -> Result<ExitCode, Failure> {
    match cli.command {
        Command::Schema { source, layout, at, format, include_bookkeeping } => {
            let loaded = load_reported(&source, layout, at.as_deref())?;
            let options = DiffOptions { include_bookkeeping };
            match format {
                SchemaFormat::Sql => print(&report::sql::render(&loaded.catalog))?,
                SchemaFormat::Json => print(&report::json::schema(&loaded.catalog, &loaded.diagnostics, options))?,
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Diff { a, b, at_a, at_b, format, unified, include_bookkeeping } => {
            let left = load_reported(&a, None, at_a.as_deref())?;
            let right = load_reported(&b, None, at_b.as_deref())?;
            let diff = compare_with(&left.catalog, &right.catalog, DiffOptions { include_bookkeeping });
            match format {
                DiffFormat::Json => print(&report::json::diff(&diff))?,
                DiffFormat::Text => {
                    let mut text = String::new();
                    if diff.is_empty() {
                        text.push_str("schemas are equal\n");
                    } else {
                        text.push_str(&diff.to_string());
                    }
                    if !diff.bookkeeping.is_empty() {
                        text.push_str(&format!("(bookkeeping tables not compared: {})\n", diff.bookkeeping.join(", ")));
                    }
                    if unified && !diff.is_empty() {
                        let sql_a = report::sql::render(&left.catalog);
                        let sql_b = report::sql::render(&right.catalog);
                        let udiff = similar::TextDiff::from_lines(&sql_a, &sql_b);
                        text.push_str(
                            &udiff
                                .unified_diff()
                                .header(&a.display().to_string(), &b.display().to_string())
                                .to_string(),
                        );
                    }
                    print(&text)?;
                }
            }
            Ok(if diff.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
        Command::Lint { source, layout, format, fail_on, config, no_config, data, color } => {
            lint_command(&source, layout, format, fail_on, config, no_config, data, color)
        }
        Command::History { source, repo, all, layout, format } => {
            let given_bundle = repo.as_deref().is_some_and(rollcheck::input::bundle::is_bundle);
            let source = match &repo {
                Some(repo) if source.is_relative() && !given_bundle => repo.join(source),
                _ => source,
            };
            if let Some(repo) = repo.as_deref().filter(|_| !given_bundle) {
                // The repository first, so that a missing one is named as such.
                GitCli::discover_in(repo, repo)?;
            }
            let found = detect_as(&source, layout)?;
            // As for posture: a bundle given, or the one bundle in SOURCE, is the history.
            let bundle = match &repo {
                Some(r) if rollcheck::input::bundle::is_bundle(r) => Some(r.clone()),
                Some(_) => None,
                None if source.is_dir() && !source.join(".git").exists() => {
                    rollcheck::input::bundle::single_bundle(&source)?
                }
                None => None,
            };
            let options = HistoryOptions { all, layout: Some(found.layout), lint: Default::default() };
            let report = match (&bundle, &repo) {
                (Some(b), _) => {
                    let (cloned, folder) = open_bundle(b, &source, &found.path)?;
                    history(&cloned.git, &folder, &options)?
                }
                (None, Some(repo)) => {
                    let (git, folder) = GitCli::discover_in(repo, &found.path)?;
                    history(&git, &folder, &options)?
                }
                (None, None) => {
                    let (git, folder) = GitCli::discover(&found.path)?;
                    history(&git, &folder, &options)?
                }
            };
            print(&match format {
                HistoryFormat::Text => report::history::text(&report),
                HistoryFormat::Json => report::history::json(&report),
                HistoryFormat::Markdown => report::history::markdown(&report),
            })?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Posture { path, repo, backups, current, applied, layout, format, output } => {
            posture_command(&path, repo, &backups, current, applied, layout, format, output)
        }
        Command::Data { backup, format, examples, unique } => {
            let unique = unique.iter().map(|u| unique_request(u)).collect::<Result<Vec<_>, _>>()?;
            use rollcheck::input::backup::{is_archive, Backup, ProblemKind};
            // An archive's data is read by the checks, not counted first.
            let mut backup = if is_archive(&backup) { Backup::open_toc(&backup)? } else { Backup::open(&backup)? };
            // A plain dump that cannot be read to its end (a cut gzip stream) is not checked in part.
            if let Some(p) = backup.problems.iter().find(|p| p.kind == ProblemKind::ReadFailed) {
                let at = p.offset.map(|o| format!(" (at byte {o})")).unwrap_or_default();
                return Err(
                    Error::Unreadable { path: backup.path.clone(), message: format!("{}{at}", p.message) }.into()
                );
            }
            let loaded = backup_schema(&mut backup)?;
            let options = DataCheckOptions { examples, unique };
            let sources = DataSources { copy: &backup, encoding: backup.encoding(), inserts: backup.plain_dump() };
            data_command(&loaded.catalog, sources, format, options)
        }
        Command::Inspect { backup, migrations, layout, format } => inspect_command(&backup, migrations, layout, format),
        Command::Rules { rule, format } => {
            let text = match (rule, format) {
                (None, RulesFormat::Text) => report::rules::listing(),
                (None, RulesFormat::Markdown) => report::rules::index(),
                (Some(id), format) => {
                    let Some(rule) = lint::rule(&id) else {
                        return Err(Error::Usage(format!("no rule `{id}`; `rollcheck rules` lists them")).into());
                    };
                    match format {
                        RulesFormat::Text => report::rules::explain(rule.meta()),
                        RulesFormat::Markdown => report::rules::page(rule.meta()),
                    }
                }
            };
            print(&text)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Graph { source, layout, at, format, impact } => {
            let loaded = load_reported(&source, layout, at.as_deref())?;
            let graph = DependencyGraph::build(&loaded.catalog);
            if let Some(object) = impact {
                let matches: Vec<&ObjectId> = graph.objects().into_iter().filter(|o| o.path() == object).collect();
                let Some(target) = matches.iter().find(|o| !matches!(o, ObjectId::Default(..))).or(matches.first())
                else {
                    return Err(Error::Usage(format!("no object named `{object}` in {}", source.display())).into());
                };
                let plan = graph.drop_plan(std::slice::from_ref(*target));
                if matches!(format, GraphFormat::Json) {
                    print(&report::json::impact(target, &plan))?;
                    return Ok(ExitCode::SUCCESS);
                }
                let mut text = format!("dropping {} also drops:\n", target.describe());
                let others: Vec<&ObjectId> = plan
                    .objects
                    .iter()
                    .skip(1)
                    .filter(|o| !matches!(o, ObjectId::Column(..)) || !matches!(target, ObjectId::Table(_)))
                    .collect();
                if others.is_empty() {
                    text.push_str("  nothing else\n");
                }
                for o in others {
                    let needs_cascade = plan.blockers.iter().any(|(d, _)| d == o);
                    text.push_str(&format!(
                        "  {}{}\n",
                        o.describe(),
                        if needs_cascade { "  (needs CASCADE)" } else { "" }
                    ));
                }
                print(&text)?;
                return Ok(ExitCode::SUCCESS);
            }
            let text = match format {
                GraphFormat::Dot => report::graph::dot(&graph),
                GraphFormat::Mermaid => report::graph::mermaid(&graph),
                GraphFormat::Json => report::json::graph(&graph),
            };
            print(&text)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}
