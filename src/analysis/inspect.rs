//! `rollcheck inspect`: what one backup is and holds, whether it is whole, and
//! which migration state its schema is.
//!
//! [`inspect`] gathers the facts of a [`Backup`] (format, versions, sections,
//! object counts, every table with its rows), the completeness verdict with
//! what was and was not verified, and, given the migrations, the state its
//! schema equals (or the closest one and the drift), beside what the migration
//! tool's own bookkeeping table says was applied.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::diff::SchemaDiff;
use super::posture::backup::{match_state, Signatures, StateMatch};
use super::posture::states::States;
use crate::catalog::{is_bookkeeping_table, Catalog};
use crate::error::Result;
use crate::input::backup::{ArchiveVersion, Backup, Compression, Format, Integrity, Problem, Section};
use crate::input::copy::{decode_row, CopyRows};
use crate::input::table_data::TableData;
use crate::input::Migration;

/// How far a backup can be trusted to be whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Completeness {
    /// Whole, and a checksum over every table's data was verified.
    Verified,
    /// Whole as far as its structure shows; no checksum covers its bytes.
    CompleteStructureOnly,
    /// A problem was found: readable, but not whole.
    Damaged,
}

/// One table of the backup's schema.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct InspectedTable {
    /// Schema-qualified and unquoted: `public.Order`.
    pub name: String,
    pub data_present: bool,
    /// Rows of its data; None when the data is absent.
    pub rows: Option<u64>,
    /// The data's integrity; None when absent.
    pub integrity: Option<Integrity>,
    /// A migration tool's bookkeeping table (`_prisma_migrations`, ...).
    pub bookkeeping: bool,
}

/// One row of a migration tool's bookkeeping table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct AppliedMigration {
    /// The migration's name or version as the tool records it.
    pub migration: String,
    /// Whether the row says it is applied now (finished and not rolled back, a success, ...).
    pub applied: bool,
    /// What else the row says (`rolled back`, `failed`, `dirty`, `not finished`), if anything.
    pub note: Option<String>,
}

/// What the migration tool's bookkeeping table says was applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct AppliedByTool {
    /// `prisma`, `flyway`, `golang-migrate or dbmate`, `goose`.
    pub tool: String,
    /// The table, `public._prisma_migrations`.
    pub table: String,
    /// Its rows, in the backup's order.
    pub rows: Vec<AppliedMigration>,
    /// How many migrations it says are applied.
    pub applied: usize,
    /// With migrations: the migration whose state the tool's rows say the database was in
    /// (its applied set is exactly the first migrations up to it); None when it is no prefix.
    pub state: Option<String>,
    /// With migrations: whether that state is one the schema equals; None when either is unknown.
    pub agrees: Option<bool>,
    /// A sentence on the agreement (or why it cannot be told).
    pub agreement: String,
    /// A row that could not be read, with its offset in the table's data.
    pub unreadable: Option<String>,
}

/// Everything `rollcheck inspect` reports about one backup.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Inspection {
    pub file: String,
    pub format: Format,
    /// A plain dump of a whole cluster (pg_dumpall).
    pub cluster: bool,
    /// `1.14`
    #[schemars(with = "Option<String>")]
    pub archive_version: Option<ArchiveVersion>,
    pub compression: Compression,
    pub created: Option<String>,
    pub database: Option<String>,
    pub server_version: Option<String>,
    pub pg_dump_version: Option<String>,
    /// `pre-data`, `data`, `post-data`, in that order, those present.
    pub sections: Vec<String>,
    /// Objects by kind, in TOC spelling (`TABLE`, `INDEX`, ...).
    pub object_counts: BTreeMap<String, usize>,
    pub complete: bool,
    pub integrity: Completeness,
    /// What was and was not verified.
    pub integrity_note: String,
    pub problems: Vec<Problem>,
    pub tables: Vec<InspectedTable>,
    /// The migration whose state the schema equals (`"(none applied)"` for the empty state).
    pub matches_migration: Option<String>,
    /// Every migration whose state the schema equals (several when migrations between them
    /// change no schema), oldest first.
    pub equal_migrations: Vec<String>,
    /// When the schema equals no state: the closest one.
    pub closest_migration: Option<String>,
    /// When the schema equals no state: how the closest state (A) and the backup (B) differ.
    pub drift: Option<SchemaDiff>,
    pub applied_by_tool: Option<AppliedByTool>,
}

/// The name of state `k` (the first `k` migrations applied).
const NONE_APPLIED: &str = "(none applied)";

fn state_name(migrations: &[Migration], k: usize) -> String {
    match k {
        0 => NONE_APPLIED.to_owned(),
        k => migrations.get(k - 1).map(|m| m.name.clone()).unwrap_or_default(),
    }
}

/// Inspects a backup. `catalog` is its schema as loaded (`catalog::load_backup`);
/// its table data (the bookkeeping table's rows) is read through the backup;
/// `migrations`, when given, are replayed to find the state the schema is.
pub fn inspect(backup: &Backup, catalog: Option<&Catalog>, migrations: Option<&[Migration]>) -> Result<Inspection> {
    let integrity = backup.integrity();
    let completeness = match integrity {
        Integrity::Verified => Completeness::Verified,
        Integrity::Complete => Completeness::CompleteStructureOnly,
        Integrity::Damaged => Completeness::Damaged,
    };
    let tables = tables(backup, catalog);
    let mut inspection = Inspection {
        file: backup.path.display().to_string(),
        format: backup.format,
        cluster: backup.cluster,
        archive_version: backup.version,
        compression: backup.compression,
        created: backup.created.clone(),
        database: backup.database.clone(),
        server_version: backup.server_version.clone(),
        pg_dump_version: backup.pg_dump_version.clone(),
        sections: sections(backup, catalog),
        object_counts: object_counts(backup, catalog),
        complete: completeness != Completeness::Damaged,
        integrity: completeness,
        integrity_note: integrity_note(backup, completeness),
        problems: backup.problems.clone(),
        tables,
        matches_migration: None,
        equal_migrations: Vec::new(),
        closest_migration: None,
        drift: None,
        applied_by_tool: applied_by_tool(backup),
    };
    let (Some(migrations), Some(catalog)) = (migrations, catalog) else {
        return Ok(inspection);
    };
    let states = States::new(migrations)?;
    let signatures = Signatures::new(&states);
    let tool_state = inspection.applied_by_tool.as_ref().and_then(|t| tool_state(t, migrations));
    match match_state(catalog, &states, &signatures) {
        StateMatch::Equal(ids) => {
            let chosen = tool_state.filter(|k| ids.contains(k)).or(ids.last().copied());
            inspection.matches_migration = chosen.map(|k| state_name(migrations, k));
            inspection.equal_migrations = ids.iter().map(|&k| state_name(migrations, k)).collect();
            if let Some(tool) = inspection.applied_by_tool.as_mut() {
                judge_agreement(tool, tool_state, Some(ids.as_slice()), migrations);
            }
        }
        StateMatch::Drifted { closest, diff } => {
            inspection.closest_migration = Some(state_name(migrations, closest));
            inspection.drift = Some(diff);
            if let Some(tool) = inspection.applied_by_tool.as_mut() {
                judge_agreement(tool, tool_state, None, migrations);
            }
        }
    }
    Ok(inspection)
}

fn sections(backup: &Backup, catalog: Option<&Catalog>) -> Vec<String> {
    let mut present = BTreeSet::new();
    if backup.format == Format::Plain {
        if catalog.is_some_and(|c| !c.tables.is_empty()) {
            present.insert(0);
        }
        if !backup.tables.is_empty() {
            present.insert(1);
        }
        if catalog.is_some_and(|c| !c.indexes.is_empty() || c.tables.values().any(|t| !t.constraints.is_empty())) {
            present.insert(2);
        }
    }
    for e in &backup.entries {
        match e.section {
            Section::PreData => present.insert(0),
            Section::Data => present.insert(1),
            Section::PostData => present.insert(2),
            Section::None => false,
        };
    }
    present.into_iter().map(|s| ["pre-data", "data", "post-data"][s].to_owned()).collect()
}

/// An archive's TOC entries by kind; a plain dump's schema objects by the same names.
fn object_counts(backup: &Backup, catalog: Option<&Catalog>) -> BTreeMap<String, usize> {
    if backup.format != Format::Plain {
        return backup.object_counts();
    }
    let mut counts = BTreeMap::new();
    if let Some(c) = catalog {
        let kinds = [
            ("SCHEMA", c.schemas.keys().filter(|s| s.as_str() != "public").count()),
            ("TABLE", c.tables.len()),
            ("VIEW", c.views.len()),
            ("SEQUENCE", c.sequences.len()),
            ("INDEX", c.indexes.len()),
            ("TYPE", c.types.len()),
            ("FUNCTION", c.functions.len()),
            ("EXTENSION", c.extensions.len()),
            ("CONSTRAINT", c.tables.values().map(|t| t.constraints.len()).sum()),
        ];
        for (kind, n) in kinds.into_iter().filter(|(_, n)| *n > 0) {
            counts.insert(kind.to_owned(), n);
        }
    }
    if !backup.tables.is_empty() {
        counts.insert("TABLE DATA".to_owned(), backup.tables.len());
    }
    counts
}

fn integrity_note(backup: &Backup, completeness: Completeness) -> String {
    match completeness {
        Completeness::Damaged => format!(
            "damaged: {} problem(s) found; the tables whose data is listed as present were read to their end",
            backup.problems.len()
        ),
        Completeness::Verified if backup.format == Format::Plain => {
            "verified: the whole dump is one gzip stream and its CRC-32 passed at its end; pg_dump's closing lines \
             are there and every COPY block ends"
                .to_owned()
        }
        Completeness::Verified => {
            "verified: every table's data decompressed and its codec's checksum passed; the header and table of \
             contents carry no checksum and were checked for structure only"
                .to_owned()
        }
        Completeness::CompleteStructureOnly => match (backup.format, backup.compression) {
            (Format::Plain, Compression::Gzip) => "complete as far as its structure shows: pg_dump's closing lines \
                                                   are there; it holds no table data, and only table data read \
                                                   under a checksum counts as verified"
                .to_owned(),
            (Format::Plain, _) => "complete as far as its structure shows: pg_dump's closing lines are there and \
                                   every COPY block ends; a plain dump carries no checksum, so its bytes are not \
                                   verified"
                .to_owned(),
            (_, Compression::None) => "complete as far as its structure shows: the header, table of contents and \
                                       every data block read to their ends; the archive is uncompressed and \
                                       carries no checksum, so its bytes are not verified"
                .to_owned(),
            _ if backup.tables.is_empty() => "complete as far as its structure shows: it holds no table data, and \
                                              nothing checksums a table of contents"
                .to_owned(),
            _ => "complete as far as its structure shows: every data block read to its end, but not every codec \
                  frame carried a checksum, so not all bytes are verified"
                .to_owned(),
        },
    }
}

/// Every table of the schema (the catalog's, else the TOC's TABLE entries) and
/// every table with data, by name.
fn tables(backup: &Backup, catalog: Option<&Catalog>) -> Vec<InspectedTable> {
    let mut names: BTreeMap<(String, String), bool> = BTreeMap::new();
    match catalog {
        Some(c) => {
            for name in c.tables.keys() {
                names.insert((name.schema.clone(), name.name.clone()), is_bookkeeping_table(name));
            }
        }
        None => {
            for e in backup.entries.iter().filter(|e| e.desc == "TABLE") {
                let schema = e.namespace.clone().unwrap_or_default();
                let bookkeeping = is_bookkeeping(&e.tag);
                names.insert((schema, e.tag.clone()), bookkeeping);
            }
        }
    }
    for t in &backup.tables {
        names.entry((t.schema.clone(), t.table.clone())).or_insert_with(|| is_bookkeeping(&t.table));
    }
    names
        .into_iter()
        .map(|((schema, table), bookkeeping)| {
            let data = backup.tables.iter().find(|t| t.schema == schema && t.table == table);
            InspectedTable {
                name: format!("{schema}.{table}"),
                data_present: data.is_some(),
                rows: data.map(|d| d.rows),
                integrity: data.map(|d| d.integrity),
                bookkeeping,
            }
        })
        .collect()
}

fn is_bookkeeping(table: &str) -> bool {
    is_bookkeeping_table(&crate::sql::names::QualifiedName { schema: String::new(), name: table.to_owned() })
}

/// The bookkeeping tables whose rows are read, the tool's name, and how a row is read.
const TOOLS: [(&str, &str); 4] = [
    ("_prisma_migrations", "prisma"),
    ("flyway_schema_history", "flyway"),
    ("schema_migrations", "golang-migrate or dbmate"),
    ("goose_db_version", "goose"),
];

/// Reads the first bookkeeping table found in the data with the COPY decoder.
fn applied_by_tool(data: &dyn TableData) -> Option<AppliedByTool> {
    let (entry, tool) = data.entries().iter().find_map(|e| {
        TOOLS.iter().find(|(table, _)| e.table.eq_ignore_ascii_case(table)).map(|(table, tool)| (e, (*table, *tool)))
    })?;
    let column = |name: &str| entry.columns.iter().position(|c| c == name);
    let mut rows: Vec<AppliedMigration> = Vec::new();
    let mut unreadable = None;
    // goose: the latest row of a version decides.
    let mut goose: BTreeMap<String, usize> = BTreeMap::new();
    match data.open(entry) {
        Err(e) => unreadable = Some(e.to_string()),
        Ok(reader) => {
            let mut copy = CopyRows::new(reader);
            loop {
                let row = match copy.next_row() {
                    Ok(Some(Ok(row))) => row,
                    Ok(None) => break,
                    Ok(Some(Err(e))) => {
                        unreadable = Some(format!("row {} (offset {} in its data): {}", e.line, e.offset, e.message));
                        break;
                    }
                    Err(e) => {
                        unreadable = Some(e.to_string());
                        break;
                    }
                };
                let (line, offset) = (row.line, row.offset);
                let fields = match decode_row(row.text) {
                    Ok(f) => f,
                    Err(message) => {
                        unreadable = Some(format!("row {line} (offset {offset} in its data): {message}"));
                        break;
                    }
                };
                let text = |name: &str| -> Option<String> {
                    let i = column(name)?;
                    fields.get(i)?.as_ref().map(|b| String::from_utf8_lossy(b).into_owned())
                };
                let is_true = |name: &str| text(name).is_some_and(|v| v == "t" || v == "true");
                let read = match tool.0 {
                    "_prisma_migrations" => text("migration_name").map(|name| {
                        let rolled_back = text("rolled_back_at").is_some();
                        let finished = text("finished_at").is_some();
                        let note = match (finished, rolled_back) {
                            (_, true) => Some("rolled back".to_owned()),
                            (false, false) => Some("not finished".to_owned()),
                            _ => None,
                        };
                        AppliedMigration { migration: name, applied: finished && !rolled_back, note }
                    }),
                    "flyway_schema_history" => {
                        let success = is_true("success");
                        text("version").or_else(|| text("script")).map(|version| AppliedMigration {
                            migration: version,
                            applied: success,
                            note: (!success).then(|| "failed".to_owned()),
                        })
                    }
                    "schema_migrations" => text("version").map(|version| {
                        let dirty = is_true("dirty");
                        AppliedMigration {
                            migration: version,
                            applied: !dirty,
                            note: dirty.then(|| "dirty".to_owned()),
                        }
                    }),
                    _ => text("version_id").filter(|v| v != "0").map(|version| {
                        let applied = is_true("is_applied");
                        AppliedMigration {
                            migration: version,
                            applied,
                            note: (!applied).then(|| "rolled back".to_owned()),
                        }
                    }),
                };
                if let Some(r) = read {
                    if tool.0 == "goose_db_version" {
                        if let Some(&earlier) = goose.get(&r.migration) {
                            rows[earlier] = AppliedMigration {
                                applied: false,
                                note: Some("superseded by a later row".to_owned()),
                                ..rows[earlier].clone()
                            };
                        }
                        goose.insert(r.migration.clone(), rows.len());
                    }
                    rows.push(r);
                }
            }
        }
    }
    let applied = rows.iter().filter(|r| r.applied).count();
    Some(AppliedByTool {
        tool: tool.1.to_owned(),
        table: format!("{}.{}", entry.schema, entry.table),
        rows,
        applied,
        state: None,
        agrees: None,
        agreement: "no migrations given (--migrations) to compare with".to_owned(),
        unreadable,
    })
}

/// Whether a migration is the one a tool's row records: the same name, or a
/// name starting with the recorded version (`20250114093012_init`, `V3__x` for
/// flyway's `3`) followed by no further digit.
fn records(migration: &Migration, recorded: &str) -> bool {
    let name = migration.name.strip_prefix('V').filter(|_| recorded.starts_with(|c: char| c.is_ascii_digit()));
    [Some(migration.name.as_str()), name].into_iter().flatten().any(|name| {
        name == recorded
            || name.strip_prefix(recorded).is_some_and(|rest| !rest.starts_with(|c: char| c.is_ascii_digit()))
    })
}

/// The state the tool's rows describe: `k` when the applied rows are exactly the first `k` migrations.
fn tool_state(tool: &AppliedByTool, migrations: &[Migration]) -> Option<usize> {
    let applied: Vec<&str> = tool.rows.iter().filter(|r| r.applied).map(|r| r.migration.as_str()).collect();
    let mut covered = vec![false; migrations.len()];
    for recorded in &applied {
        let i = migrations.iter().position(|m| records(m, recorded))?;
        covered[i] = true;
    }
    let k = covered.iter().take_while(|c| **c).count();
    (covered.iter().filter(|c| **c).count() == k).then_some(k)
}

fn judge_agreement(tool: &mut AppliedByTool, state: Option<usize>, equal: Option<&[usize]>, migrations: &[Migration]) {
    tool.state = state.map(|k| state_name(migrations, k));
    let said = tool.state.clone().unwrap_or_default();
    match (state, equal) {
        (None, _) => {
            tool.agreement = format!(
                "its {} applied rows are not the first migrations of the folder in order (unknown, missing or \
                 skipped migrations), so they name no state",
                tool.applied
            );
        }
        (Some(k), Some(equal)) => {
            let agrees = equal.contains(&k);
            tool.agrees = Some(agrees);
            tool.agreement = if agrees {
                format!("agrees: {} migrations applied, up to {said}, the state the schema equals", tool.applied)
            } else {
                format!(
                    "disagrees: {} migrations applied, up to {said}, but the schema equals another state",
                    tool.applied
                )
            };
        }
        (Some(_), None) => {
            tool.agreement = format!(
                "{} migrations applied, up to {said}; the schema equals no state, so they cannot be confirmed",
                tool.applied
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::table_data::TableDataEntry;
    use std::io::Read;

    /// One table's COPY text, in memory.
    struct OneTable(Vec<TableDataEntry>, &'static str);

    impl OneTable {
        fn new(table: &str, columns: &[&str], text: &'static str) -> OneTable {
            let entry = TableDataEntry {
                schema: "public".into(),
                table: table.into(),
                columns: columns.iter().map(|c| c.to_string()).collect(),
                offset: 0,
                index: 0,
            };
            OneTable(vec![entry], text)
        }
    }

    impl TableData for OneTable {
        fn entries(&self) -> &[TableDataEntry] {
            &self.0
        }
        fn open(&self, _: &TableDataEntry) -> Result<Box<dyn Read + Send + '_>> {
            Ok(Box::new(self.1.as_bytes()))
        }
    }

    fn read(data: &OneTable) -> Vec<(String, bool)> {
        let tool = applied_by_tool(data).expect("a bookkeeping table");
        tool.rows.into_iter().map(|r| (r.migration, r.applied)).collect()
    }

    #[test]
    fn prisma_rows_rolled_back_or_unfinished_are_not_applied() {
        let data = OneTable::new(
            "_prisma_migrations",
            &[
                "id",
                "checksum",
                "finished_at",
                "migration_name",
                "logs",
                "rolled_back_at",
                "started_at",
                "applied_steps_count",
            ],
            "a\tx\t2025-01-01 00:00:00+00\t1_init\t\\N\t\\N\t2025-01-01 00:00:00+00\t1\n\
             b\tx\t\\N\t2_half\tboom\t\\N\t2025-01-02 00:00:00+00\t0\n\
             c\tx\t2025-01-03 00:00:00+00\t3_back\t\\N\t2025-01-04 00:00:00+00\t2025-01-03 00:00:00+00\t1\n",
        );
        assert_eq!(read(&data), [("1_init".into(), true), ("2_half".into(), false), ("3_back".into(), false)]);
    }

    #[test]
    fn flyway_golang_migrate_and_goose_rows() {
        let flyway = OneTable::new(
            "flyway_schema_history",
            &["installed_rank", "version", "description", "type", "script", "success"],
            "1\t1\tinit\tSQL\tV1__init.sql\tt\n2\t2\tbad\tSQL\tV2__bad.sql\tf\n3\t\\N\tviews\tSQL\tR__views.sql\tt\n",
        );
        assert_eq!(read(&flyway), [("1".into(), true), ("2".into(), false), ("R__views.sql".into(), true)]);
        let golang = OneTable::new("schema_migrations", &["version", "dirty"], "20250101\tt\n");
        assert_eq!(read(&golang), [("20250101".into(), false)]);
        let goose = OneTable::new(
            "goose_db_version",
            &["id", "version_id", "is_applied", "tstamp"],
            "1\t0\tt\tx\n2\t1\tt\tx\n3\t2\tt\tx\n4\t2\tf\tx\n",
        );
        assert_eq!(read(&goose), [("1".into(), true), ("2".into(), false), ("2".into(), false)]);
    }
}
