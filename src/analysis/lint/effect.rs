//! What one statement did, in resolved names: found by comparing the catalog
//! before and after it was replayed (so `CASCADE`, `search_path` and
//! `IF EXISTS` are already accounted for), plus what the statement itself says
//! for the changes replay does not keep (row changes, `CONCURRENTLY`, `USING`).
//!
//! Rules read effects, never SQL text: a comment is not evidence.

use std::collections::BTreeSet;

use crate::catalog::{Catalog, ConstraintKind, Expr, FunctionId, QualifiedName, Replay, TypeKind, TypeName};
use crate::sql::change::{DataChange, ObjectRef, TableAction};
use crate::sql::{Change, Statement};

/// One thing a statement did to the schema or the data.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// A table (with its rows) is gone.
    TableDropped { table: QualifiedName },
    MaterializedViewDropped { view: QualifiedName },
    ColumnDropped { table: QualifiedName, column: String, ty: TypeName },
    SchemaDropped { schema: String },
    SequenceDropped { sequence: QualifiedName, owner: Option<(QualifiedName, String)> },
    SequenceRestarted { sequence: QualifiedName },
    ViewDropped { view: QualifiedName },
    FunctionDropped { function: FunctionId, procedure: bool },
    /// An attribute of a composite type is gone; `used_by` are the columns of that type.
    AttributeDropped { ty: QualifiedName, attribute: String, used_by: Vec<(QualifiedName, String)> },
    ColumnTypeChanged { table: QualifiedName, column: String, from: TypeName, to: TypeName, using: Option<Expr> },
    ColumnRenamed { table: QualifiedName, from: String, to: String },
    /// A table, view or sequence renamed or moved to another schema.
    RelationRenamed { kind: &'static str, from: QualifiedName, to: QualifiedName },
    ColumnAdded { table: QualifiedName, column: String, ty: TypeName, not_null: bool, has_default: bool },
    NotNullSet { table: QualifiedName, column: String },
    /// A NOT NULL column lost its default: inserts that leave it out now fail.
    DefaultDropped { table: QualifiedName, column: String },
    ConstraintAdded { table: QualifiedName, name: String, kind: ConstraintKind, validated: bool },
    EnumValueRenamed { ty: QualifiedName, from: String, to: String },
    IndexCreated { table: QualifiedName, index: String, concurrently: bool },
    Truncated { table: QualifiedName, cascade: bool },
    RowsDeleted { table: QualifiedName, filtered: bool },
    /// An UPDATE; `guarded` are the assigned columns it only writes where they are NULL
    /// (`WHERE col IS NULL` as a top-level condition).
    RowsUpdated { table: QualifiedName, columns: Vec<String>, guarded: Vec<String> },
    /// Something dropped along with the statement's target (an index, constraint,
    /// view, trigger...), described for the reader.
    AlsoDropped { description: String },
    /// A statement whose effect on the schema is not modeled.
    Unknown { what: String },
}

/// Whether a statement can change what [`changes`] compares: those are the
/// statements whose catalog is kept from before they run.
pub fn needs_snapshot(statement: &Statement) -> bool {
    statement.changes.iter().any(|c| match c {
        Change::AlterTable { .. }
        | Change::Drop { .. }
        | Change::Rename { .. }
        | Change::SetSchema { .. }
        | Change::AlterCompositeType { .. }
        | Change::RenameEnumValue { .. }
        | Change::AlterDomain { .. } => true,
        Change::InSchema { changes, .. } => changes.iter().any(|c| matches!(c, Change::AlterTable { .. })),
        _ => false,
    })
}

/// What a statement says about itself, resolved in the session it runs in
/// (called before it is replayed).
pub fn declared(statement: &Statement, replay: &Replay) -> Vec<Effect> {
    let mut out = Vec::new();
    for change in &statement.changes {
        match change {
            Change::Data(data) => match data {
                DataChange::Truncate { tables, cascade } => {
                    for t in tables {
                        if let Some(table) = replay.resolve_relation(t) {
                            out.push(Effect::Truncated { table, cascade: *cascade });
                        }
                    }
                }
                DataChange::Delete { table, filtered } => {
                    if let Some(table) = replay.resolve_relation(table) {
                        out.push(Effect::RowsDeleted { table, filtered: *filtered });
                    }
                }
                DataChange::Update { table, columns, filter } => {
                    if let Some(table) = replay.resolve_relation(table) {
                        let null_tested = filter.as_ref().map(null_guards).unwrap_or_default();
                        let guarded = columns.iter().filter(|c| null_tested.contains(*c)).cloned().collect();
                        out.push(Effect::RowsUpdated { table, columns: columns.clone(), guarded });
                    }
                }
            },
            Change::CreateIndex(def) => {
                if let Some(table) = replay.resolve_relation(&def.table) {
                    if replay.catalog.tables.contains_key(&table) {
                        let index = def.name.clone().unwrap_or_default();
                        out.push(Effect::IndexCreated { table, index, concurrently: def.concurrently });
                    }
                }
            }
            Change::AlterSequence { name, options, .. } if options.restart.is_some() => {
                if let Some(sequence) = replay.resolve_relation(name) {
                    out.push(Effect::SequenceRestarted { sequence });
                }
            }
            Change::Unmodeled { what, schema_relevant: true } => out.push(Effect::Unknown { what: what.clone() }),
            Change::AlterTable { actions, .. } => {
                for a in actions {
                    if let TableAction::Unmodeled { what, schema_relevant: true } = a {
                        out.push(Effect::Unknown { what: format!("ALTER TABLE ... {what}") });
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// The columns `filter` requires to be NULL: `col IS NULL` alone or as one of
/// the top-level `AND` terms.
fn null_guards(filter: &Expr) -> BTreeSet<String> {
    let terms: Vec<&Expr> = match filter {
        Expr::And(terms) => terms.iter().collect(),
        other => vec![other],
    };
    terms
        .into_iter()
        .filter_map(|t| match t {
            Expr::IsNull { arg, negated: false } => match arg.as_ref() {
                Expr::Column(parts) => parts.last().cloned(),
                _ => None,
            },
            _ => None,
        })
        .collect()
}

/// What changed between `before` and `after`, the catalogs around one statement.
pub fn changes(statement: &Statement, before: &Catalog, after: &Catalog) -> Vec<Effect> {
    let renamed_columns = renamed_columns(statement);
    let usings = usings(statement);
    let mut out = Vec::new();
    let mut gone_relations = Vec::new();
    for (name, table) in &before.tables {
        let Some(now) = after.tables.get(name) else {
            gone_relations.push(("table", name));
            continue;
        };
        for column in &table.columns {
            match now.column(&column.name) {
                None => match renamed_columns.iter().find(|(from, to)| from == &column.name && now.column(to).is_some()) {
                    Some((from, to)) => {
                        out.push(Effect::ColumnRenamed { table: name.clone(), from: from.clone(), to: to.clone() })
                    }
                    None if column.inherited => {}
                    None => out.push(Effect::ColumnDropped {
                        table: name.clone(),
                        column: column.name.clone(),
                        ty: column.ty.clone(),
                    }),
                },
                Some(c) => {
                    if c.ty != column.ty && !c.inherited {
                        out.push(Effect::ColumnTypeChanged {
                            table: name.clone(),
                            column: c.name.clone(),
                            from: column.ty.clone(),
                            to: c.ty.clone(),
                            using: usings.iter().find(|(col, _)| col == &c.name).and_then(|(_, u)| u.clone()),
                        });
                    }
                    if c.not_null && !column.not_null && !c.inherited {
                        out.push(Effect::NotNullSet { table: name.clone(), column: c.name.clone() });
                    }
                    if c.not_null && column.default.is_some() && c.default.is_none() && c.identity.is_none() {
                        out.push(Effect::DefaultDropped { table: name.clone(), column: c.name.clone() });
                    }
                }
            }
        }
        for c in &now.columns {
            let renamed_here = renamed_columns.iter().any(|(_, to)| to == &c.name);
            if table.column(&c.name).is_none() && !renamed_here && !c.inherited {
                out.push(Effect::ColumnAdded {
                    table: name.clone(),
                    column: c.name.clone(),
                    ty: c.ty.clone(),
                    not_null: c.not_null,
                    has_default: c.default.is_some() || c.identity.is_some() || c.generated.is_some(),
                });
            }
        }
        for (cname, constraint) in &now.constraints {
            if constraint.inherited || table.constraints.contains_key(cname) {
                continue;
            }
            // A renamed constraint is not a new one.
            if table.constraints.values().any(|old| old.kind == constraint.kind) {
                continue;
            }
            out.push(Effect::ConstraintAdded {
                table: name.clone(),
                name: cname.clone(),
                kind: constraint.kind.clone(),
                validated: constraint.validated,
            });
        }
        for (cname, constraint) in &table.constraints {
            if !now.constraints.contains_key(cname) && !constraint.inherited {
                out.push(Effect::AlsoDropped { description: format!("constraint {cname} on {}", plain(name)) });
            }
        }
    }
    for (name, view) in &before.views {
        if !after.views.contains_key(name) {
            gone_relations.push((if view.materialized { "materialized view" } else { "view" }, name));
        }
    }
    for (name, _) in &before.sequences {
        if !after.sequences.contains_key(name) {
            gone_relations.push(("sequence", name));
        }
    }
    let new_relations: Vec<(&'static str, &QualifiedName)> = after
        .tables
        .keys()
        .filter(|n| !before.tables.contains_key(*n))
        .map(|n| ("table", n))
        .chain(after.views.iter().filter(|(n, _)| !before.views.contains_key(*n)).map(|(n, v)| {
            (if v.materialized { "materialized view" } else { "view" }, n)
        }))
        .chain(after.sequences.keys().filter(|n| !before.sequences.contains_key(*n)).map(|n| ("sequence", n)))
        .collect();
    let renames = relation_renames(statement);
    for (kind, name) in gone_relations {
        let renamed_to = renames
            .then(|| new_relations.iter().find(|(k, n)| *k == kind && same_relation(before, after, kind, name, n)))
            .flatten();
        if let Some((_, to)) = renamed_to {
            out.push(Effect::RelationRenamed { kind, from: name.clone(), to: (*to).clone() });
            continue;
        }
        out.push(match kind {
            "table" => Effect::TableDropped { table: name.clone() },
            "materialized view" => Effect::MaterializedViewDropped { view: name.clone() },
            "view" => Effect::ViewDropped { view: name.clone() },
            _ => Effect::SequenceDropped {
                sequence: name.clone(),
                owner: before.sequences.get(name).and_then(|s| s.owned_by.clone()),
            },
        });
    }
    for schema in before.schemas.keys() {
        if !after.schemas.contains_key(schema) && !renames {
            out.push(Effect::SchemaDropped { schema: schema.clone() });
        }
    }
    for (id, f) in &before.functions {
        if !after.functions.contains_key(id) && !renames {
            out.push(Effect::FunctionDropped { function: id.clone(), procedure: f.procedure });
        }
    }
    for (name, ty) in &before.types {
        match (&ty.kind, after.types.get(name).map(|t| &t.kind)) {
            (TypeKind::Composite { attributes }, Some(TypeKind::Composite { attributes: now })) => {
                for (attribute, _) in attributes {
                    if !now.iter().any(|(a, _)| a == attribute) {
                        out.push(Effect::AttributeDropped {
                            ty: name.clone(),
                            attribute: attribute.clone(),
                            used_by: columns_of_type(after, name),
                        });
                    }
                }
            }
            (TypeKind::Enum { values }, Some(TypeKind::Enum { values: now })) => {
                if let Some((from, to)) = statement.changes.iter().find_map(|c| match c {
                    Change::RenameEnumValue { from, to, .. } => Some((from, to)),
                    _ => None,
                }) {
                    if values.contains(from) && now.contains(to) {
                        out.push(Effect::EnumValueRenamed { ty: name.clone(), from: from.clone(), to: to.clone() });
                    }
                }
            }
            (_, None) if !renames => {
                out.push(Effect::AlsoDropped { description: format!("{} {}", ty.kind.word(), plain(name)) })
            }
            _ => {}
        }
    }
    for name in before.indexes.keys() {
        if !after.indexes.contains_key(name) && !renames && !index_of_constraint(before, name) {
            out.push(Effect::AlsoDropped { description: format!("index {}", plain(name)) });
        }
    }
    out
}

fn index_of_constraint(catalog: &Catalog, index: &QualifiedName) -> bool {
    catalog.constraint_index_owner(index).is_some()
}

/// Two relations are the same object under two names when their shape matches.
fn same_relation(before: &Catalog, after: &Catalog, kind: &str, a: &QualifiedName, b: &QualifiedName) -> bool {
    match kind {
        "table" => match (before.tables.get(a), after.tables.get(b)) {
            (Some(x), Some(y)) => {
                x.columns.iter().map(|c| (&c.name, &c.ty)).eq(y.columns.iter().map(|c| (&c.name, &c.ty)))
            }
            _ => false,
        },
        "view" | "materialized view" => match (before.views.get(a), after.views.get(b)) {
            (Some(x), Some(y)) => x.columns == y.columns,
            _ => false,
        },
        _ => true,
    }
}

/// The columns of `catalog` whose type is `ty`.
fn columns_of_type(catalog: &Catalog, ty: &QualifiedName) -> Vec<(QualifiedName, String)> {
    catalog
        .tables
        .values()
        .flat_map(|t| {
            t.columns
                .iter()
                .filter(|c| c.ty.schema.as_deref() == Some(ty.schema.as_str()) && c.ty.name == ty.name)
                .map(|c| (t.name.clone(), c.name.clone()))
        })
        .collect()
}

/// `RENAME COLUMN a TO b` pairs of the statement (table left to the catalog
/// comparison: a column that vanished and whose new name appeared).
fn renamed_columns(statement: &Statement) -> Vec<(String, String)> {
    statement
        .changes
        .iter()
        .filter_map(|c| match c {
            Change::Rename { target: ObjectRef::Column { column, .. }, new_name, .. } => {
                Some((column.clone(), new_name.clone()))
            }
            _ => None,
        })
        .collect()
}

/// Whether the statement renames or moves a relation, schema or function.
fn relation_renames(statement: &Statement) -> bool {
    statement.changes.iter().any(|c| match c {
        Change::Rename { target, .. } => !matches!(target, ObjectRef::Column { .. }),
        Change::SetSchema { .. } => true,
        _ => false,
    })
}

/// `ALTER COLUMN ... TYPE ... USING` expressions of the statement, by column.
fn usings(statement: &Statement) -> Vec<(String, Option<Expr>)> {
    statement
        .changes
        .iter()
        .flat_map(|c| match c {
            Change::AlterTable { actions, .. } => actions.as_slice(),
            _ => &[],
        })
        .filter_map(|a| match a {
            TableAction::AlterColumnType { column, using, .. } => Some((column.clone(), using.clone())),
            _ => None,
        })
        .collect()
}

/// A name as PostgreSQL stores it: schema-qualified, unquoted.
pub fn plain(name: &QualifiedName) -> String {
    format!("{}.{}", name.schema, name.name)
}

/// A column as PostgreSQL stores it: `schema.table.column`, unquoted.
pub fn plain_column(table: &QualifiedName, column: &str) -> String {
    format!("{}.{}.{column}", table.schema, table.name)
}
