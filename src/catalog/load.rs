//! Loading a source into a catalog: read each migration's statements, parse them
//! in parallel batches, and replay them in order.

use std::path::Path;
use std::sync::Arc;

use super::{Catalog, Replay};
use crate::diagnostic::{Diagnostic, DiagnosticKind, Location, Severity};
use crate::error::{Error, Result};
use crate::input::backup::Backup;
use crate::input::script::{Piece, ProblemKind, ScriptReader};
use crate::input::{detect, Migration, Script, Source};
use crate::sql::{parse_statements, Statement};

/// Statements parsed together before they are replayed: large enough to keep
/// both cores busy, small enough to keep memory flat on large dumps.
const BATCH: usize = 2048;

#[derive(Debug, Clone)]
pub struct Loaded {
    pub source: Source,
    /// The migrations replayed (all, or up to `--at`).
    pub applied: Vec<Migration>,
    pub catalog: Catalog,
    pub diagnostics: Vec<Diagnostic>,
    /// psql meta-commands seen (`\connect`, `\restrict`, ...), with their lines.
    pub meta_commands: Vec<(String, String, Location)>,
    /// COPY blocks seen: statement location and row count.
    pub copy_blocks: Vec<(Location, u64)>,
    /// SQL statements read, over all migrations.
    pub statements: usize,
}

/// Watches a replay statement by statement: called before and after each
/// parsed statement is applied (the irreversibility analysis is one).
pub trait Observer {
    fn before(&mut self, _statement: &Statement, _replay: &Replay) {}
    fn after(&mut self, _statement: &Statement, _replay: &Replay) {}
}

/// Replays without watching.
impl Observer for () {}

impl Loaded {
    /// Nothing replayed yet.
    pub fn new(source: Source) -> Self {
        Loaded {
            source,
            applied: Vec::new(),
            catalog: Catalog::default(),
            diagnostics: Vec::new(),
            meta_commands: Vec::new(),
            copy_blocks: Vec::new(),
            statements: 0,
        }
    }
}

/// Loads a SOURCE (see [`crate::input::source`]) into a catalog, replaying its
/// migrations up to and including `at`.
pub fn load(path: &Path, at: Option<&str>) -> Result<Loaded> {
    let source = detect(path)?;
    let applied = source.up_to(at)?.to_vec();
    load_migrations(source, applied)
}

/// Replays the given migrations, each in a session of its own.
pub fn load_migrations(source: Source, applied: Vec<Migration>) -> Result<Loaded> {
    load_each(source, applied, |migration, replay, loaded| replay_script(&migration.up, replay, loaded, &mut ()))
}

/// Replays each migration with `replay_one`, and gathers what the replay found.
fn load_each(
    source: Source,
    applied: Vec<Migration>,
    mut replay_one: impl FnMut(&Migration, &mut Replay, &mut Loaded) -> Result<()>,
) -> Result<Loaded> {
    let mut replay = Replay::new();
    let mut loaded = Loaded::new(source);
    loaded.diagnostics.extend(loaded.source.notes.iter().cloned());
    for migration in &applied {
        replay_one(migration, &mut replay, &mut loaded)?;
    }
    loaded.applied = applied;
    loaded.catalog = replay.catalog;
    loaded.diagnostics.extend(replay.diagnostics);
    loaded.diagnostics.sort();
    Ok(loaded)
}

/// Replays one script in a session of its own, adding what it read to `loaded`
/// (diagnostics, meta-commands, COPY blocks) and telling `observer` about each
/// statement.
pub fn replay_script(
    script: &Script,
    replay: &mut Replay,
    loaded: &mut Loaded,
    observer: &mut dyn Observer,
) -> Result<()> {
    let path = script.path.as_path();
    let reader = script.open().map_err(|e| Error::io(path, e))?;
    replay_pieces(path, ScriptReader::new(reader), replay, loaded, observer)
}

/// Loads a plain-dump backup's schema from the pieces the backup reader kept
/// ([`Backup::take_script`]), without reading the file again; an archive's from
/// its file, as a source.
pub fn load_backup(backup: &mut Backup) -> Result<Loaded> {
    let script = backup.take_script();
    if script.is_empty() {
        return load(&backup.path, None);
    }
    let source = detect(&backup.path)?;
    let applied = source.migrations.clone();
    let mut script = Some(script);
    load_each(source, applied, |migration, replay, loaded| match script.take() {
        Some(pieces) => replay_pieces(&migration.up.path, pieces.into_iter(), replay, loaded, &mut ()),
        None => replay_script(&migration.up, replay, loaded, &mut ()),
    })
}

/// Replays one script's pieces in a session of its own (see [`replay_script`]).
fn replay_pieces(
    path: &Path,
    pieces: impl Iterator<Item = Piece>,
    replay: &mut Replay,
    loaded: &mut Loaded,
    observer: &mut dyn Observer,
) -> Result<()> {
    let name: Arc<str> = Arc::from(path.display().to_string());
    let at = |line: u64, column: u32, offset: u64| Location::new(name.clone(), line, column, offset);
    replay.begin_session();
    let mut batch: Vec<(String, Location)> = Vec::new();
    let mut last = at(1, 1, 0);
    let mut readable = false;
    let mut fatal: Option<String> = None;
    for piece in pieces {
        match piece {
            Piece::Statement { sql, line, column, offset } => {
                readable = true;
                loaded.statements += 1;
                last = at(line, column, offset);
                batch.push((sql, last.clone()));
                if batch.len() >= BATCH {
                    apply_batch(std::mem::take(&mut batch), replay, loaded, observer);
                }
            }
            Piece::Meta { command, argument, line, offset } => {
                apply_batch(std::mem::take(&mut batch), replay, loaded, observer);
                let location = at(line, 1, offset);
                if !matches!(command.as_str(), "connect" | "c" | "restrict" | "unrestrict" | "set" | "encoding" | ".") {
                    loaded.diagnostics.push(Diagnostic::new(
                        location.clone(),
                        Severity::Warning,
                        DiagnosticKind::MetaCommand,
                        format!("psql meta-command \\{command} is not modeled"),
                    ));
                }
                if command == "connect" || command == "c" {
                    replay.begin_session();
                }
                loaded.meta_commands.push((command, argument, location));
            }
            Piece::CopyData { rows, .. } => {
                loaded.copy_blocks.push((last.clone(), rows));
            }
            Piece::Problem { kind, message, line, column, offset } => {
                let kind = match kind {
                    ProblemKind::Encoding => DiagnosticKind::Encoding,
                    ProblemKind::Unterminated => DiagnosticKind::Unterminated,
                    ProblemKind::Io => DiagnosticKind::Unterminated,
                };
                if matches!(kind, DiagnosticKind::Encoding) && offset == 0 && !readable {
                    fatal = Some(message.clone());
                }
                loaded.diagnostics.push(Diagnostic::new(at(line, column, offset), Severity::Error, kind, message));
            }
        }
    }
    apply_batch(batch, replay, loaded, observer);
    if let Some(message) = fatal {
        return Err(Error::Unreadable { path: path.to_owned(), message });
    }
    replay.end_session(&last);
    Ok(())
}

fn apply_batch(batch: Vec<(String, Location)>, replay: &mut Replay, loaded: &mut Loaded, observer: &mut dyn Observer) {
    if batch.is_empty() {
        return;
    }
    for statement in parse_statements(batch) {
        observer.before(&statement, replay);
        for change in &statement.changes {
            replay.apply(change, &statement.location);
        }
        observer.after(&statement, replay);
        if let Some(d) = statement.diagnostic {
            loaded.diagnostics.push(d);
        }
    }
}
