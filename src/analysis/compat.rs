//! Whether code written for one schema runs on another: the old code of a commit
//! expects the schema its migrations describe (`expected`); can the database's
//! schema (`current`) serve it?
//!
//! - **incompatible**: the old code needs something that is gone: a table, a
//!   column (a renamed column is gone for old code), a view or one of its
//!   columns, an enum type or one of its values.
//! - **compatible-with-risk**: everything the old code needs is there, but the
//!   current schema has something the old code does not know that can make its
//!   writes fail: a new `NOT NULL` column without a default, a column made
//!   `NOT NULL` or that lost the default of a `NOT NULL` column, a new
//!   CHECK/UNIQUE/FOREIGN KEY/EXCLUDE constraint or unique index, a narrowed type
//!   (`varchar(100)` → `varchar(50)`, `bigint` → `integer`, `text` →
//!   `varchar(n)`: any change the cast table calls lossy in the old → new
//!   direction).
//! - **compatible**: the rest; a new nullable column, a column with a default,
//!   a widened type, new tables.
//!
//! Constraints are compared by what they enforce, not by name, so a renamed
//! constraint is no risk. A constraint only on new columns that old code leaves
//! NULL (nullable, no default) is no risk either: NULL passes a foreign key,
//! a UNIQUE and (nearly always) a CHECK. Bookkeeping tables are ignored.
//! Functions, triggers and sequences are not judged: whether old code calls
//! them cannot be read from a schema.

use std::collections::BTreeMap;

use serde::Serialize;

use super::lint::cast::conversion;
use crate::catalog::{is_bookkeeping_table, Catalog, Column, ConstraintKind, Index, QualifiedName, Table, TypeKind};

/// How well a schema serves code written for another, from best to worst.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    Compatible,
    CompatibleWithRisk,
    Incompatible,
}

impl Verdict {
    pub fn word(self) -> &'static str {
        match self {
            Verdict::Compatible => "compatible",
            Verdict::CompatibleWithRisk => "compatible-with-risk",
            Verdict::Incompatible => "incompatible",
        }
    }
}

/// One difference that matters to old code, by object.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, schemars::JsonSchema)]
pub struct Reason {
    /// Schema-qualified, unquoted (`public.Party.type`, `public.Invoice`).
    pub object: String,
    /// What this difference alone makes of the verdict.
    pub verdict: Verdict,
    pub message: String,
}

/// The verdict and every reason for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Compatibility {
    pub verdict: Verdict,
    /// Sorted by object; the ones that decide the verdict are among them.
    pub reasons: Vec<Reason>,
}

/// Judges whether `current` can serve code written for `expected`.
pub fn compatibility(expected: &Catalog, current: &Catalog) -> Compatibility {
    let mut reasons = Vec::new();
    let indexes = (unique_indexes(expected), unique_indexes(current));
    for (name, old) in expected.tables.iter().filter(|(n, _)| !is_bookkeeping_table(n)) {
        let object = format!("{}.{}", name.schema, name.name);
        match current.tables.get(name) {
            None => reasons.push(Reason {
                object,
                verdict: Verdict::Incompatible,
                message: "table is gone: the old code reads and writes it".into(),
            }),
            Some(new) => table(&object, old, new, &indexes, current, &mut reasons),
        }
    }
    for (name, old) in &expected.views {
        let object = format!("{}.{}", name.schema, name.name);
        let kind = if old.materialized { "materialized view" } else { "view" };
        match current.views.get(name) {
            None => reasons.push(Reason {
                object,
                verdict: Verdict::Incompatible,
                message: format!("{kind} is gone: the old code may read it"),
            }),
            Some(new) => {
                for column in old.columns.iter().filter(|c| !new.columns.contains(c)) {
                    reasons.push(Reason {
                        object: format!("{object}.{column}"),
                        verdict: Verdict::Incompatible,
                        message: format!("{kind} column is gone"),
                    });
                }
            }
        }
    }
    for (name, old) in &expected.types {
        let object = format!("{}.{}", name.schema, name.name);
        let TypeKind::Enum { values } = &old.kind else { continue };
        match current.types.get(name).map(|t| &t.kind) {
            Some(TypeKind::Enum { values: now }) => {
                let gone: Vec<&String> = values.iter().filter(|v| !now.contains(v)).collect();
                if !gone.is_empty() {
                    let list = gone.iter().map(|v| format!("'{v}'")).collect::<Vec<_>>().join(", ");
                    reasons.push(Reason {
                        object,
                        verdict: Verdict::Incompatible,
                        message: format!("enum values gone: {list}: the old code may write them"),
                    });
                }
            }
            _ => reasons.push(Reason { object, verdict: Verdict::Incompatible, message: "enum type is gone".into() }),
        }
    }
    reasons.sort();
    reasons.dedup();
    let verdict = reasons.iter().map(|r| r.verdict).max().unwrap_or(Verdict::Compatible);
    Compatibility { verdict, reasons }
}

/// Whether old code writing a row leaves the column NULL when it does not know it.
fn left_null(column: &Column) -> bool {
    !column.not_null && column.default.is_none() && column.identity.is_none() && column.generated.is_none()
}

fn has_value_source(column: &Column) -> bool {
    column.default.is_some() || column.identity.is_some() || column.generated.is_some()
}

type UniqueIndexes<'a> = BTreeMap<&'a QualifiedName, Vec<&'a Index>>;

fn unique_indexes(catalog: &Catalog) -> UniqueIndexes<'_> {
    let mut map: UniqueIndexes = BTreeMap::new();
    for index in catalog.indexes.values().filter(|i| i.unique) {
        map.entry(&index.table).or_default().push(index);
    }
    map
}

fn table(
    object: &str,
    old: &Table,
    new: &Table,
    indexes: &(UniqueIndexes, UniqueIndexes),
    current: &Catalog,
    out: &mut Vec<Reason>,
) {
    let mut push = |column: Option<&str>, verdict: Verdict, message: String| {
        let object = match column {
            Some(c) => format!("{object}.{c}"),
            None => object.to_owned(),
        };
        out.push(Reason { object, verdict, message });
    };
    let added: Vec<&Column> = new.columns.iter().filter(|c| old.column(&c.name).is_none()).collect();
    let gone = old.columns.iter().filter(|c| new.column(&c.name).is_none()).count();
    for was in &old.columns {
        let Some(now) = new.column(&was.name) else {
            // A rename shows as one column gone and one alike added; only then is it hinted.
            let alike: Vec<&&Column> = added.iter().filter(|c| c.ty == was.ty && c.not_null == was.not_null).collect();
            let successor = match alike.as_slice() {
                [one] if gone == 1 => Some(one.name.as_str()),
                _ => None,
            };
            let message = match successor {
                Some(s) => format!("column is gone (renamed to {s}?): the old code reads and writes it"),
                None => "column is gone: the old code reads and writes it".to_owned(),
            };
            push(Some(&was.name), Verdict::Incompatible, message);
            continue;
        };
        if was.ty != now.ty && was.ty.name != "unknown" && now.ty.name != "unknown" {
            let change = conversion(&was.ty, &now.ty, None, current);
            if change.is_lossy() {
                push(
                    Some(&was.name),
                    Verdict::CompatibleWithRisk,
                    format!("type narrowed from {} to {}: values the old code writes may not fit", was.ty, now.ty),
                );
            } else {
                push(
                    Some(&was.name),
                    Verdict::Compatible,
                    format!("type widened from {} to {}: old values still fit", was.ty, now.ty),
                );
            }
        }
        if now.not_null && !was.not_null {
            push(
                Some(&was.name),
                Verdict::CompatibleWithRisk,
                "made NOT NULL: the old code may write NULL to it".into(),
            );
        } else if now.not_null && has_value_source(was) && !has_value_source(now) {
            push(
                Some(&was.name),
                Verdict::CompatibleWithRisk,
                "NOT NULL and its default is gone: the old code may leave it out".into(),
            );
        }
    }
    for column in &added {
        if column.not_null && !has_value_source(column) {
            push(
                Some(&column.name),
                Verdict::CompatibleWithRisk,
                "new NOT NULL column without a default: the old code's INSERTs leave it out and fail".into(),
            );
        } else {
            let how = if left_null(column) { "nullable" } else { "with a default" };
            push(Some(&column.name), Verdict::Compatible, format!("new column, {how}: the old code does not need it"));
        }
    }
    let null_for_old_code = |c: &String| added.iter().any(|a| &a.name == c && left_null(a));
    for constraint in new.constraints.values() {
        if old.constraints.values().any(|o| same_rule(&o.kind, &constraint.kind)) {
            continue;
        }
        let columns = constraint.kind.columns();
        if !columns.is_empty() && columns.iter().all(null_for_old_code) {
            continue;
        }
        let what = match &constraint.kind {
            ConstraintKind::PrimaryKey { .. } => "primary key",
            ConstraintKind::Unique { .. } => "UNIQUE constraint",
            ConstraintKind::Check { .. } => "CHECK constraint",
            ConstraintKind::ForeignKey { .. } => "foreign key",
            ConstraintKind::Exclude { .. } => "exclusion constraint",
        };
        push(
            None,
            Verdict::CompatibleWithRisk,
            format!(
                "new {what} {} on ({}): rows the old code writes may violate it",
                constraint.name,
                columns.join(", ")
            ),
        );
    }
    // Unique indexes that no constraint owns (a constraint's index has the constraint's name).
    let unique_indexes = |indexes: &UniqueIndexes, table: &Table| -> Vec<(Vec<String>, String)> {
        indexes
            .get(&table.name)
            .into_iter()
            .flatten()
            .filter(|i| !table.constraints.contains_key(&i.name.name))
            .map(|i| (i.columns(), i.name.name.clone()))
            .collect()
    };
    let before = unique_indexes(&indexes.0, old);
    for (columns, name) in unique_indexes(&indexes.1, new) {
        if before.iter().any(|(c, _)| *c == columns) || columns.iter().all(null_for_old_code) {
            continue;
        }
        push(
            None,
            Verdict::CompatibleWithRisk,
            format!("new unique index {name} on ({}): rows the old code writes may collide", columns.join(", ")),
        );
    }
}

/// Two constraints that enforce the same rule (names aside; a foreign key's
/// referenced table compared by name).
fn same_rule(a: &ConstraintKind, b: &ConstraintKind) -> bool {
    match (a, b) {
        (
            ConstraintKind::ForeignKey { columns, ref_table, ref_columns, .. },
            ConstraintKind::ForeignKey { columns: c2, ref_table: t2, ref_columns: r2, .. },
        ) => columns == c2 && ref_table == t2 && ref_columns == r2,
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{replay_script, Loaded, Replay};
    use crate::input::{Layout, Script, Source};

    fn catalog(sql: &str) -> Catalog {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("schema.sql");
        std::fs::write(&path, sql).unwrap();
        let source = Source { path: path.clone(), layout: Layout::SqlFile, migrations: Vec::new(), notes: Vec::new() };
        let mut loaded = Loaded::new(source);
        let mut replay = Replay::new();
        replay_script(&Script::whole(&path), &mut replay, &mut loaded, &mut ()).unwrap();
        assert!(replay.diagnostics.is_empty(), "{:?}", replay.diagnostics);
        replay.catalog
    }

    /// The verdict of `after` for code written for `before`, and the reasons as `object: message`.
    fn judge(before: &str, after: &str) -> (Verdict, Vec<String>) {
        let c = compatibility(&catalog(before), &catalog(after));
        (c.verdict, c.reasons.iter().filter(|r| r.verdict == c.verdict).map(|r| r.object.clone()).collect())
    }

    const BASE: &str = "CREATE TABLE t (id bigint PRIMARY KEY, name varchar(100), n bigint NOT NULL DEFAULT 0);";

    #[test]
    fn the_same_schema_serves_its_code() {
        assert_eq!(judge(BASE, BASE), (Verdict::Compatible, vec![]));
    }

    #[test]
    fn a_dropped_or_renamed_column_is_gone_for_old_code() {
        let (v, objects) = judge(BASE, "CREATE TABLE t (id bigint PRIMARY KEY, n bigint NOT NULL DEFAULT 0);");
        assert_eq!((v, objects), (Verdict::Incompatible, vec!["public.t.name".to_owned()]));
        let renamed = format!("{BASE} ALTER TABLE t RENAME COLUMN name TO title;");
        let c = compatibility(&catalog(BASE), &catalog(&renamed));
        assert_eq!(c.verdict, Verdict::Incompatible);
        assert!(c.reasons.iter().any(|r| r.object == "public.t.name" && r.message.contains("renamed to title?")));
    }

    #[test]
    fn a_dropped_table_view_or_enum_value_is_incompatible() {
        assert_eq!(judge(BASE, "CREATE TABLE u (id int);"), (Verdict::Incompatible, vec!["public.t".to_owned()]));
        let view = format!("{BASE} CREATE VIEW v AS SELECT id, name FROM t;");
        assert_eq!(judge(&view, BASE), (Verdict::Incompatible, vec!["public.v".to_owned()]));
        let narrower = format!("{BASE} CREATE VIEW v AS SELECT id FROM t;");
        assert_eq!(judge(&view, &narrower), (Verdict::Incompatible, vec!["public.v.name".to_owned()]));
        let (v, objects) = judge("CREATE TYPE s AS ENUM ('a', 'b', 'c');", "CREATE TYPE s AS ENUM ('a', 'c', 'd');");
        assert_eq!((v, objects), (Verdict::Incompatible, vec!["public.s".to_owned()]));
        assert_eq!(
            judge("CREATE TYPE s AS ENUM ('a');", "CREATE TYPE s AS ENUM ('a', 'b');"),
            (Verdict::Compatible, vec![])
        );
    }

    #[test]
    fn new_columns_are_fine_unless_not_null_without_default() {
        let nullable = format!("{BASE} ALTER TABLE t ADD COLUMN note text;");
        assert_eq!(judge(BASE, &nullable), (Verdict::Compatible, vec!["public.t.note".to_owned()]));
        let defaulted = format!("{BASE} ALTER TABLE t ADD COLUMN flag boolean NOT NULL DEFAULT false;");
        assert_eq!(judge(BASE, &defaulted).0, Verdict::Compatible);
        let identity = format!("{BASE} ALTER TABLE t ADD COLUMN seq int GENERATED ALWAYS AS IDENTITY;");
        assert_eq!(judge(BASE, &identity).0, Verdict::Compatible);
        let required = "CREATE TABLE t (id bigint PRIMARY KEY, name varchar(100), n bigint NOT NULL DEFAULT 0, \
                        kind text NOT NULL);";
        assert_eq!(judge(BASE, required), (Verdict::CompatibleWithRisk, vec!["public.t.kind".to_owned()]));
    }

    #[test]
    fn not_null_and_lost_defaults_are_risk() {
        let set = format!("{BASE} ALTER TABLE t ALTER COLUMN name SET NOT NULL;");
        assert_eq!(judge(BASE, &set), (Verdict::CompatibleWithRisk, vec!["public.t.name".to_owned()]));
        let undefaulted = format!("{BASE} ALTER TABLE t ALTER COLUMN n DROP DEFAULT;");
        assert_eq!(judge(BASE, &undefaulted), (Verdict::CompatibleWithRisk, vec!["public.t.n".to_owned()]));
        let relaxed = format!("{BASE} ALTER TABLE t ALTER COLUMN n DROP NOT NULL;");
        assert_eq!(judge(BASE, &relaxed), (Verdict::Compatible, vec![]));
    }

    #[test]
    fn narrowed_types_are_risk_widened_ones_fine() {
        for narrower in ["name TYPE varchar(50)", "n TYPE integer", "name TYPE char(100)"] {
            let sql = format!("{BASE} ALTER TABLE t ALTER COLUMN {narrower};");
            assert_eq!(judge(BASE, &sql).0, Verdict::CompatibleWithRisk, "{narrower}");
        }
        let text = "CREATE TABLE t (s text);";
        assert_eq!(judge(text, "CREATE TABLE t (s varchar(20));").0, Verdict::CompatibleWithRisk);
        for wider in ["name TYPE varchar(200)", "name TYPE text", "n TYPE numeric"] {
            let sql = format!("{BASE} ALTER TABLE t ALTER COLUMN {wider};");
            assert_eq!(judge(BASE, &sql).0, Verdict::Compatible, "{wider}");
        }
    }

    #[test]
    fn new_constraints_are_risk_renamed_ones_not() {
        let check = format!("{BASE} ALTER TABLE t ADD CONSTRAINT positive CHECK (n > 0);");
        assert_eq!(judge(BASE, &check), (Verdict::CompatibleWithRisk, vec!["public.t".to_owned()]));
        let unique = format!("{BASE} ALTER TABLE t ADD UNIQUE (name);");
        assert_eq!(judge(BASE, &unique).0, Verdict::CompatibleWithRisk);
        let index = format!("{BASE} CREATE UNIQUE INDEX t_name ON t (name);");
        assert_eq!(judge(BASE, &index).0, Verdict::CompatibleWithRisk);
        let fk =
            format!("{BASE} CREATE TABLE p (id bigint PRIMARY KEY); ALTER TABLE t ADD FOREIGN KEY (n) REFERENCES p;");
        assert_eq!(judge(BASE, &fk), (Verdict::CompatibleWithRisk, vec!["public.t".to_owned()]));
        let with = format!("{BASE} ALTER TABLE t ADD CONSTRAINT positive CHECK (n > 0);");
        let renamed = format!("{with} ALTER TABLE t RENAME CONSTRAINT positive TO n_positive;");
        assert_eq!(judge(&with, &renamed), (Verdict::Compatible, vec![]));
    }

    #[test]
    fn constraints_on_columns_old_code_leaves_null_are_no_risk() {
        let sql = format!(
            "{BASE} CREATE TABLE p (id bigint PRIMARY KEY); ALTER TABLE t ADD COLUMN p_id bigint REFERENCES p, \
             ADD CONSTRAINT p_id_positive CHECK (p_id > 0); CREATE UNIQUE INDEX t_p ON t (p_id);"
        );
        assert_eq!(judge(BASE, &sql).0, Verdict::Compatible);
    }

    #[test]
    fn bookkeeping_tables_are_ignored() {
        let with = format!("{BASE} CREATE TABLE _prisma_migrations (id text);");
        assert_eq!(judge(&with, BASE), (Verdict::Compatible, vec![]));
    }
}
