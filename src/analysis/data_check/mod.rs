//! Data checks from a backup's own data, the questions a pre-migration
//! validation asks the live database, answered from the backup alone:
//!
//! - every foreign key (NOT VALID ones too, and whatever was loaded with triggers
//!   off): rows whose key points at no row of the referenced table (MATCH SIMPLE:
//!   a key with a NULL is not checked; MATCH FULL: an all-NULL key is not checked,
//!   a partly NULL one is a violation);
//! - every column: rows, NULLs and non-NULL values (what SET NOT NULL trips on,
//!   what DROP COLUMN destroys);
//! - every UNIQUE constraint and unique index on plain columns without a
//!   predicate, and the keys asked for ([`UniqueRequest`], a UNIQUE about to be
//!   added): groups of rows with the same key (NULLs distinct unless NULLS NOT
//!   DISTINCT).
//!
//! Tables are read in parallel (rayon), each streamed row by row, in two rounds:
//! the first counts columns, finds duplicates and collects the keys that foreign
//! keys reference; the second reads the referencing tables and looks their keys
//! up. Keys are kept as 128-bit XXH3 hashes of their fields, not their bytes, so
//! memory for a foreign key is 16 bytes per distinct referenced key (and for a
//! unique key 24 bytes per row); examples are kept exactly, the first ones in
//! data order. A hash collision could hide an orphan or invent a duplicate; at
//! 128 bits that takes around 2^64 keys. Results are merged in catalog order, so
//! the report is the same whatever the number of threads.
//!
//! Values compare as the text COPY writes, byte for byte. That is what the server
//! compares for same-typed columns with deterministic collations, which foreign
//! keys almost always are. It misses: `numeric` values equal with different
//! scales (`1.0` and `1.00`) in columns of different typmods, keys of different
//! types (`int4` referencing `int8` is fine as text, `numeric` referencing
//! `float8` is not), nondeterministic (case-insensitive) collations and `citext`,
//! and types whose equality is not textual (floating point `-0` and `0`). A table
//! whose rows live in partitions is read through its partitions; inheritance
//! children are not part of their parent's keys (as for the server's checks).

mod scan;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Mutex;

use rayon::prelude::*;
use xxhash_rust::xxh3::Xxh3;

use crate::catalog::{Catalog, ConstraintKind, KeyExpr, QualifiedName};
use crate::input::copy::DumpEncoding;
use crate::input::table_data::TableDataEntry;
pub use scan::{Cell, DataProblem, DataSources, DataTable};

/// A key the caller wants checked for duplicates (a UNIQUE about to be added).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UniqueRequest {
    pub table: QualifiedName,
    pub columns: Vec<String>,
    pub nulls_not_distinct: bool,
}

#[derive(Debug, Clone, Default)]
pub struct DataCheckOptions {
    /// How many example keys to keep per finding.
    pub examples: usize,
    pub unique: Vec<UniqueRequest>,
}

/// Told how the scan goes; the binary draws a progress bar with it.
pub trait Progress: Sync {
    /// The number of table scans to come.
    fn start(&self, _scans: u64) {}
    fn scanned(&self) {}
    fn finish(&self) {}
}

/// A [`Progress`] that shows nothing.
pub struct Quiet;
impl Progress for Quiet {}

/// A key as shown: one entry per column, `None` for NULL.
pub type Key = Vec<Option<String>>;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForeignKeyCheck {
    pub table: QualifiedName,
    pub name: String,
    pub columns: Vec<String>,
    pub ref_table: QualifiedName,
    pub ref_columns: Vec<String>,
    pub match_full: bool,
    /// Added NOT VALID and not validated since: the server never checked existing rows.
    pub not_valid: bool,
    /// Rows whose key was looked up (or, MATCH FULL, found partly NULL).
    pub rows_checked: u64,
    /// Rows not checked because of NULLs in the key.
    pub rows_null_key: u64,
    pub orphan_rows: u64,
    pub example_keys: Vec<Key>,
    /// Whether the backup holds data for both tables; without, nothing was checked (a
    /// referenced table whose data is not in the backup would make every row an orphan).
    pub has_data: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnCount {
    pub table: QualifiedName,
    pub column: String,
    pub rows: u64,
    pub nulls: u64,
    pub non_null: u64,
}

/// Where a checked unique key comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UniqueSource {
    Constraint,
    Index,
    Requested,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UniqueCheck {
    pub table: QualifiedName,
    /// The constraint or index name; empty for a requested key.
    pub name: String,
    pub source: UniqueSource,
    pub columns: Vec<String>,
    pub nulls_not_distinct: bool,
    /// Rows whose key takes part (NULLs distinct: rows without NULL in the key).
    pub rows_checked: u64,
    pub duplicate_groups: u64,
    /// Rows in those groups.
    pub duplicate_rows: u64,
    /// The first duplicated keys in data order, with the number of rows holding each.
    pub examples: Vec<(Key, u64)>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DataReport {
    pub foreign_keys: Vec<ForeignKeyCheck>,
    pub columns: Vec<ColumnCount>,
    pub unique: Vec<UniqueCheck>,
    pub problems: Vec<DataProblem>,
    pub tables: usize,
}

impl DataReport {
    pub fn orphan_rows(&self) -> u64 {
        self.foreign_keys.iter().map(|f| f.orphan_rows).sum()
    }

    pub fn duplicate_groups(&self) -> u64 {
        self.unique.iter().map(|u| u.duplicate_groups).sum()
    }
}

/// Runs every check over the backup's data.
pub fn check(
    catalog: &Catalog,
    sources: DataSources<'_>,
    options: &DataCheckOptions,
    progress: &dyn Progress,
) -> DataReport {
    let tables = data_tables(catalog, &sources);
    let fks = foreign_keys(catalog);
    let uniques = unique_keys(catalog, options);
    let by_name: HashMap<(&str, &str), usize> =
        tables.iter().enumerate().map(|(i, t)| ((t.schema.as_str(), t.table.as_str()), i)).collect();
    let find = |name: &QualifiedName| by_name.get(&(name.schema.as_str(), name.name.as_str())).copied();

    // The data tables holding a table's rows: itself and its partitions, recursively.
    let holders = |name: &QualifiedName| -> Vec<usize> {
        let mut names = vec![name.clone()];
        let mut i = 0;
        while i < names.len() {
            let parent = names[i].clone();
            names.extend(
                catalog
                    .tables
                    .values()
                    .filter(|t| t.partition_of.as_ref().is_some_and(|(p, _)| *p == parent))
                    .map(|t| t.name.clone()),
            );
            i += 1;
        }
        names.iter().filter_map(find).collect()
    };

    // Round 1 work per data table: the referenced keys to collect, the unique keys to count.
    let mut referenced: Vec<Vec<(usize, Vec<String>)>> = vec![Vec::new(); tables.len()];
    let mut has_ref_data = vec![false; fks.len()];
    for (f, fk) in fks.iter().enumerate() {
        for t in holders(&fk.ref_table) {
            referenced[t].push((f, fk.ref_columns.clone()));
            has_ref_data[f] = true;
        }
    }
    let mut unique_at: Vec<Vec<usize>> = vec![Vec::new(); tables.len()];
    for (u, key) in uniques.iter().enumerate() {
        for t in holders(&key.table) {
            unique_at[t].push(u);
        }
    }
    let mut referencing: Vec<Vec<usize>> = vec![Vec::new(); tables.len()];
    // A key whose referenced table has no data in the backup cannot be checked: no row would match.
    for (f, fk) in fks.iter().enumerate().filter(|(f, _)| has_ref_data[*f]) {
        for t in holders(&fk.table) {
            referencing[t].push(f);
        }
    }

    progress.start((tables.len() + referencing.iter().filter(|r| !r.is_empty()).count()) as u64);
    let examples = options.examples;
    let first: Vec<FirstRound> = tables
        .par_iter()
        .enumerate()
        .map(|(t, table)| {
            let done = first_round(&sources, table, &referenced[t], &unique_at[t], &uniques, examples);
            progress.scanned();
            done
        })
        .collect();

    // Merge the referenced keys of each foreign key (over partitions).
    let mut key_sets: Vec<HashSet<u128>> = vec![HashSet::new(); fks.len()];
    for round in &first {
        for (f, set) in &round.referenced {
            let target = &mut key_sets[*f];
            if target.is_empty() {
                target.clone_from(set);
            } else {
                target.extend(set.iter().copied());
            }
        }
    }
    let problems = Mutex::new(Vec::new());
    let second: Vec<(usize, Vec<FkTally>)> = referencing
        .par_iter()
        .enumerate()
        .filter(|(_, f)| !f.is_empty())
        .map(|(t, f)| {
            let (tallies, found) = second_round(&sources, &tables[t], f, &fks, &key_sets, examples);
            if let Ok(mut p) = problems.lock() {
                p.extend(found.into_iter().map(|p| (t, p)));
            }
            progress.scanned();
            (t, tallies)
        })
        .collect();
    progress.finish();

    let mut report = DataReport { tables: tables.len(), ..DataReport::default() };
    for (f, fk) in fks.iter().enumerate() {
        let mut out = ForeignKeyCheck {
            table: fk.table.clone(),
            name: fk.name.clone(),
            columns: fk.columns.clone(),
            ref_table: fk.ref_table.clone(),
            ref_columns: fk.ref_columns.clone(),
            match_full: fk.match_full,
            not_valid: fk.not_valid,
            rows_checked: 0,
            rows_null_key: 0,
            orphan_rows: 0,
            example_keys: Vec::new(),
            has_data: false,
        };
        for (_, tallies) in &second {
            for tally in tallies.iter().filter(|x| x.fk == f) {
                out.has_data = true;
                out.rows_checked += tally.checked;
                out.rows_null_key += tally.null_key;
                out.orphan_rows += tally.orphans;
                let room = examples.saturating_sub(out.example_keys.len());
                out.example_keys.extend(tally.examples.iter().take(room).cloned());
            }
        }
        report.foreign_keys.push(out);
    }
    for (u, key) in uniques.iter().enumerate() {
        let mut out = UniqueCheck {
            table: key.table.clone(),
            name: key.name.clone(),
            source: key.source,
            columns: key.columns.clone(),
            nulls_not_distinct: key.nulls_not_distinct,
            rows_checked: 0,
            duplicate_groups: 0,
            duplicate_rows: 0,
            examples: Vec::new(),
        };
        for tally in first.iter().flat_map(|r| &r.unique).filter(|x| x.unique == u) {
            out.rows_checked += tally.checked;
            out.duplicate_groups += tally.groups;
            out.duplicate_rows += tally.rows;
            let room = examples.saturating_sub(out.examples.len());
            out.examples.extend(tally.examples.iter().take(room).cloned());
        }
        report.unique.push(out);
    }
    for (table, round) in tables.iter().zip(&first) {
        let name = QualifiedName::new(&table.schema, &table.table);
        for (column, c) in round.wanted.iter().zip(&round.columns) {
            if c.present > 0 || round.rows == 0 {
                report.columns.push(ColumnCount {
                    table: name.clone(),
                    column: column.clone(),
                    rows: c.present,
                    nulls: c.nulls,
                    non_null: c.present - c.nulls,
                });
            }
        }
        report.problems.extend(round.problems.iter().cloned());
    }
    let mut late = problems.into_inner().unwrap_or_default();
    late.sort_by_key(|(t, p)| (*t, p.offset));
    report.problems.extend(late.into_iter().map(|(_, p)| p));
    report
}

/// One foreign key, its columns resolved.
struct Fk {
    table: QualifiedName,
    name: String,
    columns: Vec<String>,
    ref_table: QualifiedName,
    ref_columns: Vec<String>,
    match_full: bool,
    not_valid: bool,
}

/// One key checked for duplicates.
struct UniqueKey {
    table: QualifiedName,
    name: String,
    source: UniqueSource,
    columns: Vec<String>,
    nulls_not_distinct: bool,
}

fn foreign_keys(catalog: &Catalog) -> Vec<Fk> {
    let mut out = Vec::new();
    for table in catalog.tables.values() {
        for c in table.constraints.values().filter(|c| !c.inherited) {
            let ConstraintKind::ForeignKey { columns, ref_table, ref_columns, match_full, .. } = &c.kind else {
                continue;
            };
            let ref_columns = if ref_columns.is_empty() {
                match catalog.tables.get(ref_table).and_then(|t| t.primary_key()).map(|pk| &pk.kind) {
                    Some(ConstraintKind::PrimaryKey { columns, .. }) => columns.clone(),
                    _ => continue,
                }
            } else {
                ref_columns.clone()
            };
            out.push(Fk {
                table: table.name.clone(),
                name: c.name.clone(),
                columns: columns.clone(),
                ref_table: ref_table.clone(),
                ref_columns,
                match_full: *match_full,
                not_valid: !c.validated,
            });
        }
    }
    out
}

fn unique_keys(catalog: &Catalog, options: &DataCheckOptions) -> Vec<UniqueKey> {
    let mut out = Vec::new();
    for table in catalog.tables.values() {
        for c in table.constraints.values().filter(|c| !c.inherited) {
            if let ConstraintKind::Unique { columns, nulls_not_distinct, .. } = &c.kind {
                out.push(UniqueKey {
                    table: table.name.clone(),
                    name: c.name.clone(),
                    source: UniqueSource::Constraint,
                    columns: columns.clone(),
                    nulls_not_distinct: *nulls_not_distinct,
                });
            }
        }
    }
    for index in catalog.indexes.values().filter(|i| i.unique && i.predicate.is_none()) {
        let columns: Option<Vec<String>> = index
            .keys
            .iter()
            .map(|k| match &k.key {
                KeyExpr::Column(c) => Some(c.clone()),
                KeyExpr::Expression(_) => None,
            })
            .collect();
        if let Some(columns) = columns {
            out.push(UniqueKey {
                table: index.table.clone(),
                name: index.name.name.clone(),
                source: UniqueSource::Index,
                columns,
                nulls_not_distinct: index.nulls_not_distinct,
            });
        }
    }
    out.extend(options.unique.iter().map(|u| UniqueKey {
        table: u.table.clone(),
        name: String::new(),
        source: UniqueSource::Requested,
        columns: u.columns.clone(),
        nulls_not_distinct: u.nulls_not_distinct,
    }));
    out
}

/// The tables with data, in catalog order, then those the catalog does not know.
fn data_tables<'a>(catalog: &Catalog, sources: &DataSources<'a>) -> Vec<DataTable<'a>> {
    let mut found: BTreeMap<(String, String), DataTable<'a>> = BTreeMap::new();
    let mut add = |entry: &'a TableDataEntry, insert: bool| {
        let table = found.entry((entry.schema.clone(), entry.table.clone())).or_insert_with(|| DataTable {
            schema: entry.schema.clone(),
            table: entry.table.clone(),
            copies: Vec::new(),
            inserts: Vec::new(),
            columns: Vec::new(),
        });
        if insert {
            table.inserts.push(entry);
        } else {
            table.copies.push(entry);
        }
    };
    for entry in sources.copy.entries() {
        add(entry, false);
    }
    if let Some(dump) = sources.inserts {
        for entry in dump.inserts() {
            add(entry, true);
        }
    }
    for table in found.values_mut() {
        let name = QualifiedName::new(&table.schema, &table.table);
        table.columns = match catalog.tables.get(&name) {
            Some(t) => t.columns.iter().map(|c| c.name.clone()).collect(),
            None => table.copies.first().map(|e| e.columns.clone()).unwrap_or_default(),
        };
    }
    found.into_values().collect()
}

/// Per column of a table: rows holding it, and NULLs among them.
#[derive(Debug, Clone, Default)]
struct ColumnTally {
    present: u64,
    nulls: u64,
}

struct UniqueTally {
    unique: usize,
    checked: u64,
    groups: u64,
    rows: u64,
    examples: Vec<(Key, u64)>,
}

struct FirstRound {
    rows: u64,
    wanted: Vec<String>,
    columns: Vec<ColumnTally>,
    referenced: Vec<(usize, HashSet<u128>)>,
    unique: Vec<UniqueTally>,
    problems: Vec<DataProblem>,
}

/// Where each key column is among the wanted columns (adding the ones missing).
fn key_positions(wanted: &mut Vec<String>, columns: &[String]) -> Vec<usize> {
    columns
        .iter()
        .map(|c| match wanted.iter().position(|w| w == c) {
            Some(i) => i,
            None => {
                wanted.push(c.clone());
                wanted.len() - 1
            }
        })
        .collect()
}

/// The hash of a key's cells; `None` for a key with a NULL (or a missing column), unless
/// NULLs count as values.
fn key_hash(cells: &[Cell<'_>], at: &[usize], nulls_are_values: bool) -> Option<u128> {
    let mut hasher = Xxh3::new();
    for &i in at {
        match cells[i] {
            Cell::Value(bytes) => {
                hasher.update(&[1]);
                hasher.update(&(bytes.len() as u64).to_le_bytes());
                hasher.update(bytes);
            }
            Cell::Null if nulls_are_values => hasher.update(&[0]),
            _ => return None,
        }
    }
    Some(hasher.digest128())
}

fn shown(cells: &[Cell<'_>], at: &[usize], encoding: DumpEncoding) -> Key {
    at.iter()
        .map(|&i| match cells[i] {
            Cell::Value(bytes) => Some(encoding.display(bytes).into_owned()),
            _ => None,
        })
        .collect()
}

fn first_round(
    sources: &DataSources<'_>,
    table: &DataTable<'_>,
    referenced: &[(usize, Vec<String>)],
    unique_at: &[usize],
    uniques: &[UniqueKey],
    examples: usize,
) -> FirstRound {
    let mut wanted: Vec<String> = table.columns.clone();
    for entry in &table.copies {
        for c in &entry.columns {
            if !wanted.contains(c) {
                wanted.push(c.clone());
            }
        }
    }
    let counted = wanted.len();
    let ref_at: Vec<Vec<usize>> = referenced.iter().map(|(_, cols)| key_positions(&mut wanted, cols)).collect();
    let uniq_at: Vec<Vec<usize>> = unique_at.iter().map(|&u| key_positions(&mut wanted, &uniques[u].columns)).collect();
    let mut columns = vec![ColumnTally::default(); counted];
    let mut sets: Vec<HashSet<u128>> = vec![HashSet::new(); referenced.len()];
    let mut seen: Vec<HashMap<u128, u64>> = vec![HashMap::new(); unique_at.len()];
    let mut tallies: Vec<UniqueTally> = unique_at
        .iter()
        .map(|&u| UniqueTally { unique: u, checked: 0, groups: 0, rows: 0, examples: Vec::new() })
        .collect();
    let mut example_hashes: Vec<Vec<u128>> = vec![Vec::new(); unique_at.len()];
    let mut rows = 0u64;
    let problems = scan::scan(sources, table, &wanted, &mut |cells, encoding| {
        rows += 1;
        for (tally, cell) in columns.iter_mut().zip(cells) {
            match cell {
                Cell::Absent => {}
                Cell::Null => {
                    tally.present += 1;
                    tally.nulls += 1;
                }
                Cell::Value(_) => tally.present += 1,
            }
        }
        for (set, at) in sets.iter_mut().zip(&ref_at) {
            if let Some(h) = key_hash(cells, at, false) {
                set.insert(h);
            }
        }
        for (k, at) in uniq_at.iter().enumerate() {
            let Some(h) = key_hash(cells, at, uniques[unique_at[k]].nulls_not_distinct) else { continue };
            let tally = &mut tallies[k];
            tally.checked += 1;
            let count = seen[k].entry(h).or_insert(0);
            *count += 1;
            if *count == 2 && example_hashes[k].len() < examples {
                example_hashes[k].push(h);
                tally.examples.push((shown(cells, at, encoding), 0));
            }
        }
    });
    for (k, tally) in tallies.iter_mut().enumerate() {
        for &count in seen[k].values().filter(|&&c| c > 1) {
            tally.groups += 1;
            tally.rows += count;
        }
        for (example, h) in tally.examples.iter_mut().zip(&example_hashes[k]) {
            example.1 = seen[k].get(h).copied().unwrap_or(0);
        }
    }
    wanted.truncate(counted);
    FirstRound {
        rows,
        wanted,
        columns,
        referenced: referenced.iter().map(|(f, _)| *f).zip(sets).collect(),
        unique: tallies,
        problems,
    }
}

struct FkTally {
    fk: usize,
    checked: u64,
    null_key: u64,
    orphans: u64,
    examples: Vec<Key>,
}

fn second_round(
    sources: &DataSources<'_>,
    table: &DataTable<'_>,
    fk_ids: &[usize],
    fks: &[Fk],
    key_sets: &[HashSet<u128>],
    examples: usize,
) -> (Vec<FkTally>, Vec<DataProblem>) {
    let mut wanted = Vec::new();
    let at: Vec<Vec<usize>> = fk_ids.iter().map(|&f| key_positions(&mut wanted, &fks[f].columns)).collect();
    let mut tallies: Vec<FkTally> =
        fk_ids.iter().map(|&fk| FkTally { fk, checked: 0, null_key: 0, orphans: 0, examples: Vec::new() }).collect();
    let problems = scan::scan(sources, table, &wanted, &mut |cells, encoding| {
        for ((tally, at), &f) in tallies.iter_mut().zip(&at).zip(fk_ids) {
            let nulls = at.iter().filter(|&&i| !matches!(cells[i], Cell::Value(_))).count();
            let orphan = if nulls == at.len() || (nulls > 0 && !fks[f].match_full) {
                tally.null_key += 1;
                false
            } else {
                tally.checked += 1;
                nulls > 0 || key_hash(cells, at, false).is_none_or(|h| !key_sets[f].contains(&h))
            };
            if orphan {
                tally.orphans += 1;
                if tally.examples.len() < examples {
                    tally.examples.push(shown(cells, at, encoding));
                }
            }
        }
    });
    (tallies, problems)
}
