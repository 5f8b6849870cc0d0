//! What one statement did, in resolved names: found by comparing the catalog
//! before and after it was replayed (so `CASCADE`, `search_path` and
//! `IF EXISTS` are already accounted for), plus what the statement itself says
//! for the changes replay does not keep (row changes, `CONCURRENTLY`, `USING`).
//!
//! Rules read effects, never SQL text: a comment is not evidence.

use std::collections::BTreeSet;

use crate::catalog::{
    key_columns, Catalog, ConstraintKind, Expr, FunctionId, QualifiedName, Replay, TypeKind, TypeName,
};
use crate::sql::change::{DataChange, ObjectRef, TableAction};
use crate::sql::names::ObjName;
use crate::sql::{Change, Statement};

/// One thing a statement did to the schema or the data.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// A table was created (its name as the statement resolves it).
    TableCreated {
        table: QualifiedName,
    },
    /// A table (with its rows) is gone.
    TableDropped {
        table: QualifiedName,
    },
    MaterializedViewDropped {
        view: QualifiedName,
    },
    ColumnDropped {
        table: QualifiedName,
        column: String,
        ty: TypeName,
    },
    SchemaDropped {
        schema: String,
    },
    SequenceDropped {
        sequence: QualifiedName,
        owner: Option<(QualifiedName, String)>,
    },
    SequenceRestarted {
        sequence: QualifiedName,
    },
    ViewDropped {
        view: QualifiedName,
    },
    FunctionDropped {
        function: FunctionId,
        procedure: bool,
    },
    /// An attribute of a composite type is gone; `used_by` are the columns whose values
    /// hold the type: of the type itself, an array of it, or a composite type or domain
    /// that holds it.
    AttributeDropped {
        ty: QualifiedName,
        attribute: String,
        used_by: Vec<(QualifiedName, String)>,
    },
    ColumnTypeChanged {
        table: QualifiedName,
        column: String,
        from: TypeName,
        to: TypeName,
        using: Option<Expr>,
    },
    ColumnRenamed {
        table: QualifiedName,
        from: String,
        to: String,
    },
    /// A table, view or sequence renamed or moved to another schema.
    RelationRenamed {
        kind: &'static str,
        from: QualifiedName,
        to: QualifiedName,
    },
    ColumnAdded {
        table: QualifiedName,
        column: String,
        ty: TypeName,
        not_null: bool,
        has_default: bool,
    },
    NotNullSet {
        table: QualifiedName,
        column: String,
    },
    /// A NOT NULL column lost its default or identity: inserts that leave it out now fail.
    DefaultDropped {
        table: QualifiedName,
        column: String,
    },
    /// `builds_index`: the constraint builds an index of its own (a UNIQUE, PRIMARY KEY or
    /// EXCLUDE constraint not adopting an existing index with `USING INDEX`).
    ConstraintAdded {
        table: QualifiedName,
        name: String,
        kind: ConstraintKind,
        validated: bool,
        builds_index: bool,
    },
    EnumValueRenamed {
        ty: QualifiedName,
        from: String,
        to: String,
    },
    /// `columns` are those of the index keys and `INCLUDE`.
    IndexCreated {
        table: QualifiedName,
        index: String,
        concurrently: bool,
        unique: bool,
        columns: Vec<String>,
    },
    /// A table emptied by `TRUNCATE`: one it names, or (`through` set) one that
    /// references, directly or not, the named table `through` and is emptied by `CASCADE`.
    Truncated {
        table: QualifiedName,
        cascade: bool,
        through: Option<QualifiedName>,
    },
    RowsDeleted {
        table: QualifiedName,
        filtered: bool,
    },
    /// An UPDATE; `guarded` are the assigned columns it only writes where they are NULL
    /// (`WHERE col IS NULL` as a top-level condition).
    RowsUpdated {
        table: QualifiedName,
        columns: Vec<String>,
        guarded: Vec<String>,
    },
    /// Something dropped along with the statement's target (an index, constraint,
    /// view, trigger...), described for the reader.
    AlsoDropped {
        description: String,
    },
    /// A statement whose effect on the schema is not modeled.
    Unknown {
        what: String,
    },
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
        declared_by(change, None, replay, &mut out);
    }
    out
}

/// The effects [`declared`] finds in one change; `in_schema` is the schema of
/// `CREATE SCHEMA s CREATE TABLE ...`.
fn declared_by(change: &Change, in_schema: Option<&str>, replay: &Replay, out: &mut Vec<Effect>) {
    match change {
        Change::CreateTable(def) => {
            if let Some(table) = created_table(&def.name, in_schema, replay) {
                out.push(Effect::TableCreated { table });
            }
        }
        Change::InSchema { schema, changes } => {
            for c in changes {
                declared_by(c, Some(schema), replay, out);
            }
        }
        Change::Data(data) => match data {
            DataChange::Truncate { tables, cascade } => {
                let named: Vec<QualifiedName> = tables.iter().filter_map(|t| replay.resolve_relation(t)).collect();
                for table in &named {
                    out.push(Effect::Truncated { table: table.clone(), cascade: *cascade, through: None });
                }
                if *cascade {
                    for (table, through) in referencing(&replay.catalog, &named) {
                        out.push(Effect::Truncated { table, cascade: true, through: Some(through) });
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
                // `IF NOT EXISTS` naming an existing relation builds nothing.
                let exists = def.name.as_ref().is_some_and(|n| {
                    replay.resolve_relation(&ObjName::new(Some(table.schema.clone()), n.clone())).is_some()
                });
                if replay.catalog.tables.contains_key(&table) && !(def.if_not_exists && exists) {
                    let mut columns: Vec<String> = def.keys.iter().flat_map(key_columns).collect();
                    columns.extend(def.include.iter().cloned());
                    columns.dedup();
                    out.push(Effect::IndexCreated {
                        table,
                        index: def.name.clone().unwrap_or_default(),
                        concurrently: def.concurrently,
                        unique: def.unique,
                        columns,
                    });
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
                    let what =
                        if what.starts_with("ALTER TABLE") { what.clone() } else { format!("ALTER TABLE ... {what}") };
                    out.push(Effect::Unknown { what });
                }
            }
        }
        _ => {}
    }
}

/// The table `CREATE TABLE name` creates, when it succeeds: in the schema written (or
/// of `CREATE SCHEMA`), else in the first existing schema on the search path, as
/// replay resolves it; `None` when that name is taken.
fn created_table(name: &ObjName, in_schema: Option<&str>, replay: &Replay) -> Option<QualifiedName> {
    let session = &replay.session;
    let path = session.local_search_path.as_deref().unwrap_or(&session.search_path);
    let schema = match in_schema.or(name.schema.as_deref()) {
        Some(schema) => schema,
        None => path.iter().find(|s| replay.catalog.schemas.contains_key(*s))?,
    };
    let written = ObjName::new(Some(schema.to_owned()), name.name.clone());
    let free = replay.catalog.schemas.contains_key(schema) && replay.resolve_relation(&written).is_none();
    free.then(|| QualifiedName::new(schema, &name.name))
}

/// The tables that reference one of `tables` through foreign keys, directly or
/// through others (what `TRUNCATE ... CASCADE` empties too), each with the named
/// table it leads to.
fn referencing(catalog: &Catalog, tables: &[QualifiedName]) -> Vec<(QualifiedName, QualifiedName)> {
    let mut reached: Vec<(QualifiedName, QualifiedName)> = tables.iter().map(|t| (t.clone(), t.clone())).collect();
    let mut next = 0;
    while next < reached.len() {
        let (target, origin) = reached[next].clone();
        next += 1;
        for (name, table) in &catalog.tables {
            let references = table
                .constraints
                .values()
                .any(|c| matches!(&c.kind, ConstraintKind::ForeignKey { ref_table, .. } if ref_table == &target));
            if references && !reached.iter().any(|(t, _)| t == name) {
                reached.push((name.clone(), origin.clone()));
            }
        }
    }
    reached.split_off(tables.len())
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
    let recreated_columns = recreated_columns(statement);
    let renamed_types = renamed_types(statement, before, after);
    let adopted_indexes = adopted_indexes(statement);
    let usings = usings(statement);
    let mut out = Vec::new();
    let mut gone_relations = Vec::new();
    for (name, table) in &before.tables {
        let Some(now) = after.tables.get(name) else {
            gone_relations.push(("table", name));
            continue;
        };
        // `DROP COLUMN x, ADD COLUMN x`: the same name, a new column without the values.
        let recreated = |column: &str| {
            recreated_columns.iter().any(|(t, c)| c == column && altered_table(t, name, before))
                && table.column(column).is_some_and(|c| !c.inherited)
        };
        for column in &table.columns {
            match now.column(&column.name) {
                None => {
                    match renamed_columns.iter().find(|(from, to)| from == &column.name && now.column(to).is_some()) {
                        Some((from, to)) => {
                            out.push(Effect::ColumnRenamed { table: name.clone(), from: from.clone(), to: to.clone() })
                        }
                        None if column.inherited => {}
                        None => out.push(Effect::ColumnDropped {
                            table: name.clone(),
                            column: column.name.clone(),
                            ty: column.ty.clone(),
                        }),
                    }
                }
                Some(_) if recreated(&column.name) => out.push(Effect::ColumnDropped {
                    table: name.clone(),
                    column: column.name.clone(),
                    ty: column.ty.clone(),
                }),
                Some(c) => {
                    if c.ty != column.ty && !c.inherited && !is_renamed_type(&column.ty, &c.ty, &renamed_types) {
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
                    let filled = |c: &crate::catalog::Column| c.default.is_some() || c.identity.is_some();
                    if c.not_null && filled(column) && !filled(c) && c.generated.is_none() {
                        out.push(Effect::DefaultDropped { table: name.clone(), column: c.name.clone() });
                    }
                }
            }
        }
        for c in &now.columns {
            let renamed_here = renamed_columns.iter().any(|(_, to)| to == &c.name);
            let new = table.column(&c.name).is_none() && !renamed_here;
            if (new || recreated(&c.name)) && !c.inherited {
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
                builds_index: constraint.kind.has_index() && !adopted_indexes.contains(cname),
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
    for name in before.sequences.keys() {
        if !after.sequences.contains_key(name) {
            gone_relations.push(("sequence", name));
        }
    }
    let new_relations: Vec<(&'static str, &QualifiedName)> = after
        .tables
        .keys()
        .filter(|n| !before.tables.contains_key(*n))
        .map(|n| ("table", n))
        .chain(
            after
                .views
                .iter()
                .filter(|(n, _)| !before.views.contains_key(*n))
                .map(|(n, v)| (if v.materialized { "materialized view" } else { "view" }, n)),
        )
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
                    let renamed =
                        renamed_columns.iter().any(|(from, to)| from == attribute && now.iter().any(|(a, _)| a == to));
                    if !now.iter().any(|(a, _)| a == attribute) && !renamed {
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

/// The columns of `catalog` whose values hold the type `ty`: of `ty` itself or an
/// array of it, or of a composite type or domain that holds it (at any depth).
fn columns_of_type(catalog: &Catalog, ty: &QualifiedName) -> Vec<(QualifiedName, String)> {
    let is = |t: &TypeName, names: &[QualifiedName]| {
        names.iter().any(|n| t.schema.as_deref() == Some(n.schema.as_str()) && t.name == n.name)
    };
    let mut holders = vec![ty.clone()];
    loop {
        let found: Vec<QualifiedName> = catalog
            .types
            .iter()
            .filter(|(name, _)| !holders.contains(name))
            .filter(|(_, t)| match &t.kind {
                TypeKind::Composite { attributes } => attributes.iter().any(|(_, a)| is(a, &holders)),
                TypeKind::Domain { base, .. } => is(base, &holders),
                TypeKind::Enum { .. } => false,
            })
            .map(|(name, _)| name.clone())
            .collect();
        if found.is_empty() {
            break;
        }
        holders.extend(found);
    }
    catalog
        .tables
        .values()
        .flat_map(|t| t.columns.iter().filter(|c| is(&c.ty, &holders)).map(|c| (t.name.clone(), c.name.clone())))
        .collect()
}

/// `RENAME COLUMN a TO b` and `RENAME ATTRIBUTE a TO b` pairs of the statement (an
/// attribute rename also renames the columns of typed tables; table or type left to
/// the catalog comparison: a column that vanished and whose new name appeared).
fn renamed_columns(statement: &Statement) -> Vec<(String, String)> {
    statement
        .changes
        .iter()
        .filter_map(|c| match c {
            Change::Rename {
                target: ObjectRef::Column { column: from, .. } | ObjectRef::Attribute { name: from, .. },
                new_name,
                ..
            } => Some((from.clone(), new_name.clone())),
            _ => None,
        })
        .collect()
}

/// Columns an `ALTER TABLE` of the statement drops and adds again under the same name.
fn recreated_columns(statement: &Statement) -> Vec<(ObjName, String)> {
    let mut out = Vec::new();
    for change in &statement.changes {
        let Change::AlterTable { table, actions, .. } = change else { continue };
        for (i, action) in actions.iter().enumerate() {
            let TableAction::DropColumn { name, .. } = action else { continue };
            let added_again = actions[i + 1..]
                .iter()
                .any(|a| matches!(a, TableAction::AddColumn { column, .. } if &column.name == name));
            if added_again {
                out.push((table.clone(), name.clone()));
            }
        }
    }
    out
}

/// Whether `written` (as an `ALTER TABLE` names it) is the table `name` of `before`: an
/// unqualified name is taken only when one table of `before` has it.
fn altered_table(written: &ObjName, name: &QualifiedName, before: &Catalog) -> bool {
    if written.name != name.name {
        return false;
    }
    match &written.schema {
        Some(schema) => schema == &name.schema,
        None => before.tables.keys().filter(|q| q.name == written.name).count() == 1,
    }
}

/// A type or domain the statement renames or moves: (old name, new name).
fn renamed_types(statement: &Statement, before: &Catalog, after: &Catalog) -> Vec<(QualifiedName, QualifiedName)> {
    let renames_a_type = statement.changes.iter().any(|c| {
        matches!(
            c,
            Change::Rename { target: ObjectRef::Type(_) | ObjectRef::Domain(_), .. }
                | Change::SetSchema { target: ObjectRef::Type(_) | ObjectRef::Domain(_), .. }
        )
    });
    if !renames_a_type {
        return Vec::new();
    }
    let gone: Vec<&QualifiedName> = before.types.keys().filter(|n| !after.types.contains_key(*n)).collect();
    let new: Vec<&QualifiedName> = after.types.keys().filter(|n| !before.types.contains_key(*n)).collect();
    match (gone.as_slice(), new.as_slice()) {
        ([from], [to]) => vec![((*from).clone(), (*to).clone())],
        _ => Vec::new(),
    }
}

/// Whether a column's type changed from `from` to `to` only because its type was renamed.
fn is_renamed_type(from: &TypeName, to: &TypeName, renamed: &[(QualifiedName, QualifiedName)]) -> bool {
    let named = |t: &TypeName, q: &QualifiedName| t.schema.as_deref() == Some(q.schema.as_str()) && t.name == q.name;
    renamed.iter().any(|(old, new)| {
        named(from, old) && named(to, new) && from.modifiers == to.modifiers && from.array_dims == to.array_dims
    })
}

/// Names of the constraints the statement makes from existing indexes
/// (`ADD CONSTRAINT name UNIQUE USING INDEX index`; unnamed, it takes the index's name).
fn adopted_indexes(statement: &Statement) -> Vec<String> {
    use crate::sql::change::ConstraintKind as Written;
    table_actions(statement)
        .filter_map(|a| match a {
            TableAction::AddConstraint(def) => match &def.kind {
                Written::PrimaryKey { using_index: Some(index), .. }
                | Written::Unique { using_index: Some(index), .. } => {
                    Some(def.name.clone().unwrap_or_else(|| index.clone()))
                }
                _ => None,
            },
            _ => None,
        })
        .collect()
}

/// The `ALTER TABLE` actions of a statement.
fn table_actions(statement: &Statement) -> impl Iterator<Item = &TableAction> {
    statement.changes.iter().flat_map(|c| match c {
        Change::AlterTable { actions, .. } => actions.as_slice(),
        _ => &[],
    })
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
    table_actions(statement)
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
