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
//! Tables are read in parallel (rayon), each streamed row by row and read once:
//! its pass counts columns, finds duplicates, collects the keys that foreign keys
//! reference, and looks up its own foreign keys' keys, which is why a table is
//! read only after the tables its foreign keys reference (`schedule.rs`). Foreign
//! keys in a cycle of references (a table referencing itself, too) are looked up
//! in a second pass over their table. Keys are kept as 128-bit XXH3 hashes of
//! their fields, not their bytes, so memory for a foreign key is 16 bytes per
//! distinct referenced key (one bit for a key written as a small integer, see
//! `keys.rs`), and for a unique key 24 bytes per row; examples are kept exactly,
//! the first ones in data order. A hash collision could hide an orphan or invent a duplicate; at
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

mod keys;
mod scan;
mod schedule;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::OnceLock;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::catalog::{Catalog, ConstraintKind, KeyExpr, QualifiedName};
use crate::input::copy::DumpEncoding;
use crate::input::table_data::TableDataEntry;
use keys::{key_hash, KeySet};
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

    // Each table is read once, checking the foreign keys whose referenced tables were read
    // before it; the others (cycles, a table referencing itself) wait for a second pass.
    let ref_holders: Vec<Vec<usize>> = fks.iter().map(|fk| holders(&fk.ref_table)).collect();
    let plan = Plan::new(&referencing, &ref_holders);
    progress.start((tables.len() + plan.deferred.iter().filter(|d| !d.is_empty()).count()) as u64);
    let examples = options.examples;
    let first: Vec<FirstRound> = schedule::in_dependency_order(&plan.deps, |t, done: &[OnceLock<FirstRound>]| {
        let sets = |f: usize| ref_holders[f].iter().filter_map(|&h| done[h].get()?.key_set(f)).collect();
        let inline: Vec<(usize, Vec<&KeySet>)> = plan.inline[t].iter().map(|&f| (f, sets(f))).collect();
        let work = RoundWork { referenced: &referenced[t], unique_at: &unique_at[t], uniques: &uniques, fks: &fks };
        let round = first_round(&sources, &tables[t], &work, &inline, examples);
        progress.scanned();
        round
    });
    let second: Vec<(usize, Vec<FkTally>, Vec<DataProblem>)> = plan
        .deferred
        .par_iter()
        .enumerate()
        .filter(|(_, f)| !f.is_empty())
        .map(|(t, deferred)| {
            let sets = |f: usize| ref_holders[f].iter().filter_map(|&h| first[h].key_set(f)).collect();
            let lookups: Vec<(usize, Vec<&KeySet>)> = deferred.iter().map(|&f| (f, sets(f))).collect();
            let (tallies, problems) = second_round(&sources, &tables[t], &lookups, &fks, examples);
            progress.scanned();
            (t, tallies, problems)
        })
        .collect();
    progress.finish();
    // Every foreign key's tallies, in table order.
    let mut fk_tallies: Vec<&FkTally> = Vec::new();
    let mut late: Vec<&[FkTally]> = vec![&[]; tables.len()];
    for (t, tallies, _) in &second {
        late[*t] = tallies;
    }
    for (round, late) in first.iter().zip(&late) {
        fk_tallies.extend(round.fk_tallies.iter().chain(late.iter()));
    }

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
        for tally in fk_tallies.iter().filter(|x| x.fk == f) {
            out.has_data = true;
            out.rows_checked += tally.checked;
            out.rows_null_key += tally.null_key;
            out.orphan_rows += tally.orphans;
            let room = examples.saturating_sub(out.example_keys.len());
            out.example_keys.extend(tally.examples.iter().take(room).cloned());
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
    // A second pass over a table meets its problems again: keep the new ones.
    for (_, _, problems) in second {
        for p in problems {
            if !report.problems.contains(&p) {
                report.problems.push(p);
            }
        }
    }
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

/// What one table's pass found.
struct FirstRound {
    rows: u64,
    wanted: Vec<String>,
    columns: Vec<ColumnTally>,
    /// Per foreign key referencing this table: the keys it holds.
    referenced: Vec<(usize, KeySet)>,
    unique: Vec<UniqueTally>,
    /// The foreign keys of this table checked in the same pass.
    fk_tallies: Vec<FkTally>,
    problems: Vec<DataProblem>,
}

impl FirstRound {
    fn key_set(&self, fk: usize) -> Option<&KeySet> {
        self.referenced.iter().find(|(f, _)| *f == fk).map(|(_, set)| set)
    }
}

/// In which pass each table checks each of its foreign keys.
struct Plan {
    /// Per table, the tables read before it: those holding the keys of its `inline` foreign keys.
    deps: Vec<Vec<usize>>,
    /// Per table, the foreign keys checked while it is read.
    inline: Vec<Vec<usize>>,
    /// Per table, the foreign keys checked in a second pass over it.
    deferred: Vec<Vec<usize>>,
}

impl Plan {
    /// `referencing[t]`: the foreign keys table `t` holds rows of; `ref_holders[f]`: the tables
    /// holding the keys foreign key `f` references. Tables are ordered so that referenced tables
    /// come first (Kahn's algorithm, the lowest index first); where references form a cycle, the
    /// lowest-indexed table of it goes first and its references into the cycle are deferred.
    fn new(referencing: &[Vec<usize>], ref_holders: &[Vec<usize>]) -> Plan {
        let n = referencing.len();
        let wants = |t: usize| -> BTreeSet<usize> {
            referencing[t].iter().flat_map(|&f| ref_holders[f].iter().copied()).filter(|&h| h != t).collect()
        };
        let wanted: Vec<BTreeSet<usize>> = (0..n).map(wants).collect();
        let mut users: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (t, on) in wanted.iter().enumerate() {
            for &h in on {
                users[h].push(t);
            }
        }
        let mut missing: Vec<usize> = wanted.iter().map(BTreeSet::len).collect();
        let mut ready: BTreeSet<usize> = (0..n).filter(|&t| missing[t] == 0).collect();
        let mut position = vec![usize::MAX; n];
        let mut placed = 0;
        let mut lowest_unplaced = 0;
        while placed < n {
            let t = match ready.pop_first() {
                Some(t) => t,
                None => {
                    while position[lowest_unplaced] != usize::MAX {
                        lowest_unplaced += 1;
                    }
                    lowest_unplaced
                }
            };
            if position[t] != usize::MAX {
                continue;
            }
            position[t] = placed;
            placed += 1;
            for &u in &users[t] {
                missing[u] -= 1;
                if missing[u] == 0 && position[u] == usize::MAX {
                    ready.insert(u);
                }
            }
        }
        let mut plan = Plan { deps: vec![Vec::new(); n], inline: vec![Vec::new(); n], deferred: vec![Vec::new(); n] };
        for (t, fks) in referencing.iter().enumerate() {
            for &f in fks {
                if ref_holders[f].iter().all(|&h| h != t && position[h] < position[t]) {
                    plan.inline[t].push(f);
                    plan.deps[t].extend(ref_holders[f].iter().copied());
                } else {
                    plan.deferred[t].push(f);
                }
            }
            plan.deps[t].sort_unstable();
            plan.deps[t].dedup();
        }
        plan
    }
}

/// What a table's pass works on besides its rows.
struct RoundWork<'a> {
    /// The foreign keys referencing this table, with the columns they reference.
    referenced: &'a [(usize, Vec<String>)],
    /// The unique keys of this table (indexes into `uniques`).
    unique_at: &'a [usize],
    uniques: &'a [UniqueKey],
    fks: &'a [Fk],
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
    work: &RoundWork<'_>,
    inline: &[(usize, Vec<&KeySet>)],
    examples: usize,
) -> FirstRound {
    let RoundWork { referenced, unique_at, uniques, fks } = *work;
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
    let mut lookups = References::new(inline, fks, &mut wanted);
    let mut columns = vec![ColumnTally::default(); counted];
    let mut sets: Vec<KeySet> = vec![KeySet::default(); referenced.len()];
    let mut seen: Vec<FxHashMap<u128, u64>> = vec![FxHashMap::default(); unique_at.len()];
    let mut tallies: Vec<UniqueTally> = unique_at
        .iter()
        .map(|&u| UniqueTally { unique: u, checked: 0, groups: 0, rows: 0, examples: Vec::new() })
        .collect();
    let mut example_hashes: Vec<Vec<u128>> = vec![Vec::new(); unique_at.len()];
    let mut rows = 0u64;
    let mut scratch = Vec::new();
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
            set.insert(cells, at, &mut scratch);
        }
        for (k, at) in uniq_at.iter().enumerate() {
            let Some(h) = key_hash(cells, at, uniques[unique_at[k]].nulls_not_distinct, &mut scratch) else {
                continue;
            };
            let tally = &mut tallies[k];
            tally.checked += 1;
            let count = seen[k].entry(h).or_insert(0);
            *count += 1;
            if *count == 2 && example_hashes[k].len() < examples {
                example_hashes[k].push(h);
                tally.examples.push((shown(cells, at, encoding), 0));
            }
        }
        lookups.row(cells, encoding, examples);
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
        fk_tallies: lookups.tallies,
        problems,
    }
}

/// A table's foreign keys looked up row by row in the keys of the tables they reference.
struct References<'a> {
    fks: &'a [Fk],
    /// Per foreign key: the sets holding its referenced keys (one per table holding rows of the
    /// referenced table), and where its columns are among the wanted ones.
    lookups: Vec<(&'a [&'a KeySet], Vec<usize>)>,
    tallies: Vec<FkTally>,
    scratch: Vec<u8>,
}

impl<'a> References<'a> {
    /// Adds the foreign keys' columns to `wanted`.
    fn new(keys: &'a [(usize, Vec<&'a KeySet>)], fks: &'a [Fk], wanted: &mut Vec<String>) -> Self {
        References {
            fks,
            lookups: keys.iter().map(|(f, sets)| (sets.as_slice(), key_positions(wanted, &fks[*f].columns))).collect(),
            tallies: keys
                .iter()
                .map(|&(fk, _)| FkTally { fk, checked: 0, null_key: 0, orphans: 0, examples: Vec::new() })
                .collect(),
            scratch: Vec::new(),
        }
    }

    fn row(&mut self, cells: &[Cell<'_>], encoding: DumpEncoding, examples: usize) {
        for (tally, (sets, at)) in self.tallies.iter_mut().zip(&self.lookups) {
            let nulls = at.iter().filter(|&&i| !matches!(cells[i], Cell::Value(_))).count();
            let orphan = if nulls == at.len() || (nulls > 0 && !self.fks[tally.fk].match_full) {
                tally.null_key += 1;
                false
            } else {
                tally.checked += 1;
                nulls > 0 || !sets.iter().any(|set| set.contains(cells, at, &mut self.scratch))
            };
            if orphan {
                tally.orphans += 1;
                if tally.examples.len() < examples {
                    tally.examples.push(shown(cells, at, encoding));
                }
            }
        }
    }
}

struct FkTally {
    fk: usize,
    checked: u64,
    null_key: u64,
    orphans: u64,
    examples: Vec<Key>,
}

/// The second pass over a table, for the foreign keys it could not check in its first.
fn second_round(
    sources: &DataSources<'_>,
    table: &DataTable<'_>,
    keys: &[(usize, Vec<&KeySet>)],
    fks: &[Fk],
    examples: usize,
) -> (Vec<FkTally>, Vec<DataProblem>) {
    let mut wanted = Vec::new();
    let mut lookups = References::new(keys, fks, &mut wanted);
    let problems = scan::scan(sources, table, &wanted, &mut |cells, encoding| lookups.row(cells, encoding, examples));
    (lookups.tallies, problems)
}
