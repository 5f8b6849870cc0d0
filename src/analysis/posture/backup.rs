//! Backups as the posture sees them: the evidence a verdict needs
//! ([`BackupEvidence`], filled by [`read_backup`]), which state
//! of the history a backup's schema is ([`match_state`]), and whether it can
//! undo one irreversible migration ([`BackupVerdict`]).

use std::path::Path;

use serde::Serialize;

use super::states::{StateId, States};
use crate::analysis::diff::{compare, SchemaDiff};
use crate::catalog::{is_bookkeeping_table, load_backup, Catalog};
use crate::input::backup::{Backup, Format, Integrity};
use crate::input::data::{count_table_data, DataCounts};

/// Something that makes a backup incomplete, with where it shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct BackupProblem {
    /// The backup reader's kind (`copy-unterminated`, `no-dump-complete`, `block-cut`, ...; docs/JSON.md lists them).
    pub kind: String,
    pub message: String,
    /// Byte offset in the (decompressed) file, where known.
    pub offset: Option<u64>,
}

/// Everything the verdicts need to know about one backup file, whatever its format.
#[derive(Debug, Clone)]
pub struct BackupEvidence {
    /// As given on the command line or found in the folder.
    pub file: String,
    /// Why it could not be read at all; None when it was read.
    pub unreadable: Option<String>,
    pub complete: bool,
    pub problems: Vec<BackupProblem>,
    /// Its integrity was checked against a checksum or manifest.
    pub verified: bool,
    /// When it was taken, RFC 3339, and where that came from.
    pub taken_at: Option<(jiff::Timestamp, &'static str)>,
    pub catalog: Catalog,
    /// Rows and non-null values per table (a table is present when its data block is).
    pub data: DataCounts,
}

impl BackupEvidence {
    fn unreadable(file: String, why: String) -> BackupEvidence {
        BackupEvidence {
            file,
            unreadable: Some(why),
            complete: false,
            problems: Vec::new(),
            verified: false,
            taken_at: None,
            catalog: Catalog::default(),
            data: DataCounts::default(),
        }
    }

    /// Whether it holds any table data at all.
    pub fn has_data(&self) -> bool {
        !self.data.tables.is_empty()
    }
}

/// Reads a backup in any format pg_dump writes (plain, gzip or not, custom,
/// directory, tar): its catalog, its data counts (as far as the data can be
/// read), whether it is complete (the reader's problems, with their offsets)
/// and verified (every table's checksum passed), and when it was taken.
pub fn read_backup(path: &Path, file: String) -> BackupEvidence {
    let mut backup = match Backup::open(path) {
        Ok(b) => b,
        Err(e) => return BackupEvidence::unreadable(file, e.to_string()),
    };
    let loaded = match load_backup(&mut backup) {
        Ok(l) if l.statements > 0 => l,
        Ok(_) => return BackupEvidence::unreadable(file, "no SQL statement in it".into()),
        Err(e) => return BackupEvidence::unreadable(file, e.to_string()),
    };
    let data = count_table_data(&backup);
    let problems: Vec<BackupProblem> = backup
        .problems
        .iter()
        .map(|p| BackupProblem { kind: p.kind.name(), message: p.message.clone(), offset: p.offset })
        .collect();
    let taken_at = match (backup.format, backup.created.as_deref()) {
        (Format::Plain, Some(text)) => started_on(text).map(|t| (t, "the dump's `-- Started on` line")),
        (_, Some(text)) => started_on(&format!("{text} UTC"))
            .map(|t| (t, "the archive header's time (pg_dump's local time, taken as UTC)")),
        (_, None) => None,
    }
    .or_else(|| {
        let modified = std::fs::metadata(path).and_then(|m| m.modified()).ok()?;
        jiff::Timestamp::try_from(modified).ok().map(|t| (t, "the file's modification time"))
    });
    let integrity = backup.integrity();
    BackupEvidence {
        file,
        unreadable: None,
        complete: integrity != Integrity::Damaged,
        problems,
        verified: integrity == Integrity::Verified,
        taken_at,
        catalog: loaded.catalog,
        data,
    }
}

/// `2025-07-13 02:00:00 UTC` (pg_dump's `%Y-%m-%d %H:%M:%S %Z`); only UTC/GMT
/// and numeric zones can be read without a time zone database.
fn started_on(text: &str) -> Option<jiff::Timestamp> {
    let (datetime, zone) = text.rsplit_once(' ')?;
    let offset = match zone {
        "UTC" | "GMT" | "Z" => "+00:00".to_owned(),
        z if (z.starts_with('+') || z.starts_with('-')) && z.len() == 3 => format!("{z}:00"),
        z if (z.starts_with('+') || z.starts_with('-')) && z.len() == 5 => format!("{}:{}", &z[..3], &z[3..]),
        _ => return None,
    };
    format!("{}{offset}", datetime.replace(' ', "T")).parse().ok()
}

/// Which base state a schema is.
#[derive(Debug, Clone)]
pub enum StateMatch {
    /// Equal to these base states (several when migrations between them change no schema), oldest first.
    Equal(Vec<StateId>),
    /// Equal to none: the closest base state and how they differ.
    Drifted { closest: StateId, diff: SchemaDiff },
}

/// Compares a schema with every base state (bookkeeping tables aside). A cheap
/// distance (columns and their types, indexes, constraints) picks candidates; the
/// full comparison decides.
pub fn match_state(catalog: &Catalog, states: &States, signatures: &Signatures) -> StateMatch {
    let mine = signature(catalog);
    let distances: Vec<usize> = signatures.0.iter().map(|theirs| distance(&mine, theirs)).collect();
    let equal: Vec<StateId> = (0..distances.len())
        .filter(|&id| distances[id] == 0 && compare(catalog, states.catalog(id)).is_empty())
        .collect();
    if !equal.is_empty() {
        return StateMatch::Equal(equal);
    }
    let mut best: Option<(usize, StateId, SchemaDiff)> = None;
    let min = distances.iter().copied().min().unwrap_or(0);
    // Full comparison of the few closest by the cheap distance; the latest wins a tie.
    for id in (0..distances.len()).filter(|&id| distances[id] <= min + 2) {
        let diff = compare(states.catalog(id), catalog);
        let size = diff.added.len() + diff.removed.len() + diff.changed.len();
        if best.as_ref().is_none_or(|(s, _, _)| size <= *s) {
            best = Some((size, id, diff));
        }
    }
    match best {
        Some((_, closest, diff)) => StateMatch::Drifted { closest, diff },
        None => StateMatch::Drifted { closest: 0, diff: compare(states.catalog(0), catalog) },
    }
}

/// The cheap distance's view of every base state, computed once.
pub struct Signatures(Vec<Vec<u64>>);

impl Signatures {
    pub fn new(states: &States) -> Signatures {
        Signatures((0..=states.base_len()).map(|id| signature(states.catalog(id))).collect())
    }
}

/// A schema as a sorted list of hashed facts (tables, columns with type and
/// nullability, constraint and index names, views, types): the number of facts in
/// one list and not the other is the cheap distance.
fn signature(catalog: &Catalog) -> Vec<u64> {
    use std::hash::{DefaultHasher, Hash, Hasher};
    let hash = |parts: &[&dyn Fn(&mut DefaultHasher)]| {
        let mut h = DefaultHasher::new();
        for p in parts {
            p(&mut h);
        }
        h.finish()
    };
    let mut out = Vec::new();
    for (name, table) in catalog.tables.iter().filter(|(n, _)| !is_bookkeeping_table(n)) {
        out.push(hash(&[&|h| 't'.hash(h), &|h| name.hash(h)]));
        for c in &table.columns {
            out.push(hash(&[&|h| 'c'.hash(h), &|h| name.hash(h), &|h| c.name.hash(h), &|h| c.ty.hash(h), &|h| {
                c.not_null.hash(h)
            }]));
        }
        for k in table.constraints.keys() {
            out.push(hash(&[&|h| 'k'.hash(h), &|h| name.hash(h), &|h| k.hash(h)]));
        }
    }
    out.extend(
        catalog.indexes.keys().filter(|i| !is_bookkeeping_table(i)).map(|i| hash(&[&|h| 'i'.hash(h), &|h| i.hash(h)])),
    );
    out.extend(catalog.views.keys().map(|v| hash(&[&|h| 'v'.hash(h), &|h| v.hash(h)])));
    out.extend(catalog.types.keys().map(|t| hash(&[&|h| 'y'.hash(h), &|h| t.hash(h)])));
    out.sort_unstable();
    out
}

/// How many items of two sorted lists are in one only.
fn distance(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut d) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => (d, i) = (d + 1, i + 1),
            std::cmp::Ordering::Greater => (d, j) = (d + 1, j + 1),
            std::cmp::Ordering::Equal => (i, j) = (i + 1, j + 1),
        }
    }
    d + (a.len() - i) + (b.len() - j)
}

/// Whether a backup can undo an irreversible migration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum BackupVerdict {
    /// Complete, the state right before the migration, and holds the data it destroyed.
    Valid,
    /// Complete and holds the data, but from an earlier state: restoring it also
    /// loses everything since, and the migrations in between must be re-run.
    OlderState,
    /// Holds the data but its schema is no state of the history.
    Drifted,
    /// A state of the history, but without the destroyed data (schema only).
    NoData,
    /// Taken after the migration: the data is gone from it too.
    AfterTheDrop,
    /// Truncated, cut, missing files.
    Incomplete,
    Unreadable,
}

impl BackupVerdict {
    pub fn word(self) -> &'static str {
        match self {
            BackupVerdict::Valid => "valid",
            BackupVerdict::OlderState => "older-state",
            BackupVerdict::Drifted => "drifted",
            BackupVerdict::NoData => "no-data",
            BackupVerdict::AfterTheDrop => "after-the-drop",
            BackupVerdict::Incomplete => "incomplete",
            BackupVerdict::Unreadable => "unreadable",
        }
    }
}

/// Which of the destroyed objects (`schema.table` or `schema.table.column`) the
/// backup holds: present in its schema with its table's data block present.
/// Returns the objects it does not hold, each with why.
pub fn missing_data(evidence: &BackupEvidence, destroyed: &[String], before: &Catalog) -> Vec<String> {
    // Without any table data it holds nothing, also where the migration destroys only what it
    // created itself (nothing of the state before to look for).
    if !evidence.has_data() {
        return vec!["schema only: it holds no table data".into()];
    }
    let mut missing = Vec::new();
    for object in destroyed {
        let Some((table, column)) = split_object(object, before) else { continue };
        let in_schema = evidence
            .catalog
            .tables
            .iter()
            .find(|(n, _)| format!("{}.{}", n.schema, n.name) == table)
            .is_some_and(|(_, t)| column.as_ref().is_none_or(|c| t.column(c).is_some()));
        let key = table.split_once('.').map(|(s, t)| (s.to_owned(), t.to_owned()));
        let has_block = key.is_some_and(|k| evidence.data.tables.contains_key(&k));
        if !in_schema {
            missing.push(format!("{object}: not in its schema"));
        } else if !has_block {
            missing.push(format!("{object}: no data for table {table} (schema only)"));
        }
    }
    missing
}

/// `public.T.c` → (`public.T`, Some(`c`)), `public.T` → (`public.T`, None), as
/// the state before the migration knows them; None for other objects.
fn split_object(object: &str, before: &Catalog) -> Option<(String, Option<String>)> {
    let is_table = |name: &str| before.tables.keys().any(|n| format!("{}.{}", n.schema, n.name) == name);
    if is_table(object) {
        return Some((object.to_owned(), None));
    }
    let (table, column) = object.rsplit_once('.')?;
    is_table(table).then(|| (table.to_owned(), Some(column.to_owned())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_pg_dump_start_times() {
        let t = started_on("2025-07-13 02:00:00 UTC").unwrap();
        assert_eq!(t.to_string(), "2025-07-13T02:00:00Z");
        assert_eq!(started_on("2025-07-13 04:00:00 +02").unwrap(), t);
        assert!(started_on("2025-07-13 04:00:00 CEST").is_none());
    }

    #[test]
    fn a_backup_without_data_holds_nothing_even_of_a_table_the_migration_made() {
        let before = Catalog::default();
        let mut evidence = BackupEvidence::unreadable("b.sql".into(), String::new());
        evidence.unreadable = None;
        // `public.t.b` was created and dropped by the same migration: nothing of the state before to look for.
        let destroyed = ["public.t.b".to_owned()];
        assert_eq!(missing_data(&evidence, &destroyed, &before), ["schema only: it holds no table data"]);
        evidence.data.tables.insert(("public".into(), "u".into()), Default::default());
        assert!(missing_data(&evidence, &destroyed, &before).is_empty());
    }
}
