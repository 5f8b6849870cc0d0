//! Replay: applying typed changes to a catalog the way PostgreSQL would,
//! within sessions (search path) and transactions (a rolled-back statement does
//! not change the schema).
//!
//! A change that would fail on a real server in the modeled state leaves the
//! catalog unchanged and becomes a [`DiagnosticKind::WouldFail`] diagnostic.

use std::collections::{BTreeMap, BTreeSet};

use std::cell::{Ref, RefCell};

use super::graph::{DependencyGraph, ObjectId};
use super::lookup::NameIndex;
use super::naming::{choose_name, column_addition};
use super::*;
use crate::diagnostic::{Diagnostic, DiagnosticKind, Location, Severity};
use crate::sql::change::{
    self as ch, AttributeAction, Change, ColumnDef, ConstraintDef, DomainAction, ObjectRef, OwnedBy, TableAction,
    Target, Transaction,
};
use crate::sql::expr::SequenceRef;
use crate::sql::names::ObjName;

type Outcome = Result<(), String>;

/// Per-session settings: each migration file runs in a session of its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub search_path: Vec<String>,
    /// `SET LOCAL` value, in force until the transaction ends.
    pub local_search_path: Option<Vec<String>>,
}

impl Default for Session {
    fn default() -> Self {
        Session { search_path: vec!["$user".into(), "public".into()], local_search_path: None }
    }
}

impl Session {
    fn path(&self) -> &[String] {
        self.local_search_path.as_deref().unwrap_or(&self.search_path)
    }
}

/// A catalog being replayed.
#[derive(Debug, Clone)]
pub struct Replay {
    pub catalog: Catalog,
    pub session: Session,
    /// Open transaction and savepoints: the name (None for the transaction
    /// itself) and the catalog as it was when it began.
    transaction: Vec<(Option<String>, Catalog, Session)>,
    /// Enum labels added in the open transaction: PostgreSQL refuses to use them
    /// before it commits.
    new_enum_values: Vec<(QualifiedName, String)>,
    /// A statement failed inside the open transaction: PostgreSQL ignores everything
    /// until the transaction ends, and its COMMIT rolls back.
    aborted: bool,
    /// Reverse look-ups, rebuilt on demand when `None` (see `lookup.rs`).
    names: RefCell<Option<NameIndex>>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Default for Replay {
    fn default() -> Self {
        Self::new()
    }
}

impl Replay {
    /// A fresh database: only the `public` schema.
    pub fn new() -> Self {
        let mut catalog = Catalog::default();
        catalog.schemas.insert("public".into(), Schema { name: "public".into(), comment: None });
        Replay {
            catalog,
            session: Session::default(),
            transaction: Vec::new(),
            new_enum_values: Vec::new(),
            aborted: false,
            names: RefCell::new(None),
            diagnostics: Vec::new(),
        }
    }

    /// Starts a new session (a new psql run): settings go back to their defaults.
    pub fn begin_session(&mut self) {
        self.session = Session::default();
    }

    /// Ends a session: a transaction still open is rolled back, as the server does
    /// when the connection closes.
    pub fn end_session(&mut self, location: &Location) {
        self.aborted = false;
        *self.names.get_mut() = None;
        if let Some((_, snapshot, _)) = self.transaction.first().cloned() {
            self.catalog = snapshot;
            self.transaction.clear();
            self.diagnostics.push(Diagnostic::new(
                location.clone(),
                Severity::Warning,
                DiagnosticKind::WouldFail,
                "transaction still open at the end of the file: the server rolls it back",
            ));
        }
        self.begin_session();
    }

    pub fn apply(&mut self, change: &Change, location: &Location) {
        if self.aborted {
            match change {
                Change::Transaction(Transaction::Commit | Transaction::Rollback) => {
                    self.aborted = false;
                    let _ = self.apply_change(&Change::Transaction(Transaction::Rollback));
                    *self.names.get_mut() = None;
                }
                Change::Transaction(Transaction::RollbackTo(_)) => {
                    self.aborted = false;
                    if let Err(message) = self.apply_change(change) {
                        self.fail(location, message);
                    }
                    *self.names.get_mut() = None;
                }
                _ => {}
            }
            return;
        }
        let touched = self.tables_touched(change);
        let result = self.apply_change(change);
        match touched {
            Some(tables) => {
                if let Some(index) = self.names.get_mut().as_mut() {
                    for t in &tables {
                        index.refresh(&self.catalog, t);
                    }
                }
            }
            None => *self.names.get_mut() = None,
        }
        if let Err(message) = result {
            if self.transaction.is_empty() {
                self.fail(location, message);
            } else {
                self.aborted = true;
                self.fail(
                    location,
                    format!("{message} (the transaction is aborted: what follows up to its end is ignored, and COMMIT rolls back)"),
                );
            }
        }
    }

    fn fail(&mut self, location: &Location, message: String) {
        self.diagnostics.push(Diagnostic::new(location.clone(), Severity::Error, DiagnosticKind::WouldFail, message));
    }

    /// The tables whose index entries a change can alter, when the index can be
    /// kept by refreshing them; `None` when the index must be rebuilt.
    fn tables_touched(&self, change: &Change) -> Option<Vec<QualifiedName>> {
        let with_children = |q: QualifiedName| {
            let mut out = self.children_of(&q);
            out.push(q);
            out
        };
        match change {
            Change::CreateTable(t) => {
                let q = self.creation_name(&t.name).ok()?;
                Some(vec![q])
            }
            Change::AlterTable { table, actions, .. } => {
                let only_additive = actions.iter().all(|a| {
                    matches!(
                        a,
                        TableAction::AddColumn { .. }
                            | TableAction::AddConstraint(_)
                            | TableAction::SetDefault { .. }
                            | TableAction::SetNotNull { .. }
                            | TableAction::DropNotNull { .. }
                            | TableAction::AddIdentity { .. }
                            | TableAction::SetIdentity { .. }
                            | TableAction::ValidateConstraint { .. }
                            | TableAction::AlterColumnType { .. }
                            | TableAction::RowSecurity { .. }
                            | TableAction::SetLogged(_)
                            | TableAction::Unmodeled { .. }
                    )
                });
                let q = self.find_relation(table);
                match q {
                    Some(q) if only_additive => Some(with_children(q)),
                    None => Some(Vec::new()),
                    _ => None,
                }
            }
            Change::CreateIndex(def) => Some(self.find_relation(&def.table).map(with_children).unwrap_or_default()),
            Change::CreateSequence { .. }
            | Change::AlterSequence { .. }
            | Change::CreateView(_)
            | Change::RefreshMaterializedView { .. }
            | Change::CreateEnum { .. }
            | Change::AddEnumValue { .. }
            | Change::CreateDomain(_)
            | Change::CreateCompositeType { .. }
            | Change::CreateFunction(_)
            | Change::AlterFunction { .. }
            | Change::CreateTrigger(_)
            | Change::CreatePolicy(_)
            | Change::AlterPolicy { .. }
            | Change::CreateExtension { .. }
            | Change::Comment { .. }
            | Change::SetSearchPath { .. }
            | Change::Data(_)
            | Change::Unmodeled { .. } => Some(Vec::new()),
            _ => None,
        }
    }

    fn index(&self) -> Ref<'_, NameIndex> {
        loop {
            if let Ok(index) = Ref::filter_map(self.names.borrow(), Option::as_ref) {
                return index;
            }
            *self.names.borrow_mut() = Some(NameIndex::build(&self.catalog));
        }
    }

    /// Whether a relation-like object (table, view, sequence, index, a
    /// constraint's index, an identity sequence) has this name.
    fn relation_taken(&self, q: &QualifiedName) -> bool {
        let c = &self.catalog;
        c.tables.contains_key(q)
            || c.views.contains_key(q)
            || c.sequences.contains_key(q)
            || c.indexes.contains_key(q)
            || self.constraint_index_owner(q).is_some()
            || self.identity_owner(q).is_some()
    }

    /// The table whose PK/UNIQUE/EXCLUDE constraint owns an index of this name.
    fn constraint_index_owner(&self, q: &QualifiedName) -> Option<QualifiedName> {
        let index = self.index();
        let owner = index.constraint_owners(q).find(|t| {
            self.catalog.tables.get(*t).and_then(|t| t.constraints.get(&q.name)).is_some_and(|c| c.kind.has_index())
        });
        owner.cloned()
    }

    fn identity_owner(&self, q: &QualifiedName) -> Option<(QualifiedName, String)> {
        let owner = self.index().identity_owner(q).cloned()?;
        let current = self
            .catalog
            .tables
            .get(&owner.0)
            .and_then(|t| t.column(&owner.1))
            .and_then(|c| c.identity.as_ref())
            .is_some_and(|i| &i.sequence == q);
        current.then_some(owner)
    }

    fn apply_change(&mut self, change: &Change) -> Outcome {
        match change {
            Change::Transaction(t) => self.transaction(t),
            Change::SetSearchPath { schemas, local } => {
                let value = schemas.clone().unwrap_or_else(|| Session::default().search_path);
                if *local {
                    if !self.transaction.is_empty() {
                        self.session.local_search_path = Some(value);
                    }
                } else {
                    self.session.search_path = value;
                }
                Ok(())
            }
            Change::InSchema { schema, changes } => {
                let saved = self.session.clone();
                self.session.local_search_path = Some(vec![schema.clone()]);
                let result = changes.iter().try_for_each(|c| self.apply_change(c));
                self.session = saved;
                result
            }
            Change::Unmodeled { .. } | Change::Data(_) | Change::RefreshMaterializedView { .. } => Ok(()),
            other => self.apply_ddl(other),
        }
    }

    fn transaction(&mut self, t: &Transaction) -> Outcome {
        if matches!(t, Transaction::Commit | Transaction::Rollback) {
            self.new_enum_values.clear();
        }
        match t {
            Transaction::Begin => {
                if self.transaction.is_empty() {
                    self.transaction.push((None, self.catalog.clone(), self.session.clone()));
                }
                Ok(())
            }
            Transaction::Commit => {
                self.transaction.clear();
                self.session.local_search_path = None;
                Ok(())
            }
            Transaction::Rollback => {
                if let Some((_, snapshot, session)) = self.transaction.first().cloned() {
                    self.catalog = snapshot;
                    self.session = session;
                }
                self.transaction.clear();
                self.session.local_search_path = None;
                Ok(())
            }
            Transaction::Savepoint(name) => {
                if self.transaction.is_empty() {
                    return Err("SAVEPOINT can only be used in transaction blocks".into());
                }
                self.transaction.push((Some(name.clone()), self.catalog.clone(), self.session.clone()));
                Ok(())
            }
            Transaction::Release(name) | Transaction::RollbackTo(name) => {
                let position = self
                    .transaction
                    .iter()
                    .rposition(|(n, _, _)| n.as_deref() == Some(name.as_str()))
                    .ok_or_else(|| format!("savepoint \"{name}\" does not exist"))?;
                if matches!(t, Transaction::RollbackTo(_)) {
                    let (_, snapshot, session) = self.transaction[position].clone();
                    self.catalog = snapshot;
                    self.session = session;
                    self.transaction.truncate(position + 1);
                } else {
                    self.transaction.truncate(position);
                }
                Ok(())
            }
        }
    }

    // ----- name resolution -------------------------------------------------

    fn search_path(&self) -> Vec<String> {
        self.session.path().iter().filter(|s| self.catalog.schemas.contains_key(*s)).cloned().collect()
    }

    /// Where a new object goes: its schema, or the first existing schema on the path.
    fn creation_name(&self, name: &ObjName) -> Result<QualifiedName, String> {
        match &name.schema {
            Some(schema) if self.catalog.schemas.contains_key(schema) => Ok(QualifiedName::new(schema, &name.name)),
            Some(schema) => Err(format!("schema \"{schema}\" does not exist")),
            None => self
                .search_path()
                .first()
                .map(|s| QualifiedName::new(s, &name.name))
                .ok_or_else(|| "no schema has been selected to create in".into()),
        }
    }

    /// Finds an existing object: qualified names as they are, unqualified ones by the
    /// first schema on the path where `exists` holds.
    fn find(&self, name: &ObjName, exists: impl Fn(&QualifiedName) -> bool) -> Option<QualifiedName> {
        match &name.schema {
            Some(schema) => Some(QualifiedName::new(schema, &name.name)).filter(|q| exists(q)),
            None => self.search_path().iter().map(|s| QualifiedName::new(s, &name.name)).find(|q| exists(q)),
        }
    }

    /// The relation (table, view, sequence, index...) a name written in the
    /// current session means, if it exists.
    pub fn resolve_relation(&self, name: &ObjName) -> Option<QualifiedName> {
        self.find_relation(name)
    }

    fn find_relation(&self, name: &ObjName) -> Option<QualifiedName> {
        self.find(name, |q| self.relation_taken(q))
    }

    fn table_name(&self, name: &ObjName) -> Result<QualifiedName, String> {
        match self.find_relation(name) {
            Some(q) if self.catalog.tables.contains_key(&q) => Ok(q),
            Some(q) => Err(format!("\"{}\" is not a table", q.name)),
            None => Err(format!("relation \"{}\" does not exist", name)),
        }
    }

    fn table_mut(&mut self, name: &QualifiedName) -> Result<&mut Table, String> {
        self.catalog.tables.get_mut(name).ok_or_else(|| format!("relation \"{}\" does not exist", name.name))
    }

    /// Resolves a written type: built-in, user-defined (on the path), or from an extension.
    fn resolve_type(&self, ty: &TypeName) -> Result<TypeName, String> {
        let builtin = ty.schema.is_none() && (ty.name.contains(' ') || is_builtin(&ty.name));
        if builtin {
            return Ok(ty.clone());
        }
        let written = ObjName::new(ty.schema.clone(), &ty.name);
        let found = self.find(&written, |q| {
            self.catalog.types.contains_key(q)
                || self.catalog.tables.contains_key(q)
                || self.catalog.views.contains_key(q)
                || self.extension_type(q).is_some()
        });
        match found {
            Some(q) => Ok(TypeName { schema: Some(q.schema), name: q.name, ..ty.clone() }),
            None if ty.schema.is_none() => Ok(ty.clone()),
            None => Err(format!("type \"{}\" does not exist", written)),
        }
    }

    fn extension_type(&self, q: &QualifiedName) -> Option<&str> {
        self.catalog
            .extensions
            .values()
            .find(|e| e.schema == q.schema && extension_types(&e.name).contains(&q.name.as_str()))
            .map(|e| e.name.as_str())
    }

    fn resolve_expr(&self, expr: &Expr) -> Expr {
        let mut e = expr.clone();
        e.rewrite(&mut |node| {
            if let Expr::SequenceCall { sequence: SequenceRef::Written(name), .. } = node {
                let resolved = self
                    .find(name, |q| self.catalog.sequences.contains_key(q) || self.identity_owner(q).is_some())
                    .unwrap_or_else(|| name.qualified(self.search_path().first().map_or("public", String::as_str)));
                if let Expr::SequenceCall { sequence, .. } = node {
                    *sequence = SequenceRef::Resolved(resolved);
                }
            }
        });
        e
    }

    // ----- DDL -------------------------------------------------------------

    fn apply_ddl(&mut self, change: &Change) -> Outcome {
        match change {
            Change::CreateSchema { name, if_not_exists } => {
                if self.catalog.schemas.contains_key(name) {
                    return if *if_not_exists { Ok(()) } else { Err(format!("schema \"{name}\" already exists")) };
                }
                self.catalog.schemas.insert(name.clone(), Schema { name: name.clone(), comment: None });
                Ok(())
            }
            Change::CreateTable(t) => self.create_table(t),
            Change::AlterTable { table, if_exists, actions } => {
                let name = match self.find_relation(table) {
                    Some(q) => q,
                    None if *if_exists => return Ok(()),
                    None => return Err(format!("relation \"{table}\" does not exist")),
                };
                if let Some(view) = self.catalog.views.get(&name) {
                    // ALTER TABLE on a view accepts only a few actions (owner, options, rename).
                    let _ = view;
                    return Ok(());
                }
                if !self.catalog.tables.contains_key(&name) {
                    // ALTER TABLE on an index or a sequence: owner/options only.
                    return Ok(());
                }
                actions.iter().try_for_each(|a| self.table_action(&name, a))
            }
            Change::CreateIndex(def) => self.create_index(def),
            Change::CreateSequence { def, if_not_exists } => self.create_sequence(def, *if_not_exists),
            Change::AlterSequence { name, if_exists, options, owned_by } => {
                let Some(q) = self.find(name, |q| self.catalog.sequences.contains_key(q)) else {
                    if let Some(q) = self.find(name, |q| self.identity_owner(q).is_some()) {
                        let (table, column) = self
                            .catalog
                            .identity_sequence_owner(&q)
                            .map(|(t, c)| (t.clone(), c.to_owned()))
                            .ok_or("")?;
                        if let Some(identity) =
                            self.table_mut(&table)?.column_mut(&column).and_then(|c| c.identity.as_mut())
                        {
                            merge_sequence_options(&mut identity.options, options);
                        }
                        return Ok(());
                    }
                    return if *if_exists { Ok(()) } else { Err(format!("relation \"{name}\" does not exist")) };
                };
                if let Some(owner) = owned_by {
                    let owner = self.owner_column(owner)?;
                    if let Some(s) = self.catalog.sequences.get_mut(&q) {
                        s.owned_by = owner;
                    }
                }
                let seq = self.catalog.sequences.get_mut(&q).ok_or("sequence vanished")?;
                apply_sequence_options(seq, options, false);
                Ok(())
            }
            Change::CreateView(def) => self.create_view(def),
            Change::CreateEnum { name, values } => {
                let q = self.creation_name(name)?;
                self.ensure_type_name_free(&q)?;
                self.catalog.types.insert(
                    q.clone(),
                    UserType { name: q, kind: TypeKind::Enum { values: values.clone() }, comment: None },
                );
                Ok(())
            }
            Change::AddEnumValue { name, value, position, if_not_exists } => {
                let values = self.enum_values(name)?;
                if values.contains(value) {
                    return if *if_not_exists { Ok(()) } else { Err(format!("enum label \"{value}\" already exists")) };
                }
                let at = match position {
                    None => values.len(),
                    Some((after, neighbor)) => {
                        let i = values
                            .iter()
                            .position(|v| v == neighbor)
                            .ok_or_else(|| format!("\"{neighbor}\" is not an existing enum label"))?;
                        if *after {
                            i + 1
                        } else {
                            i
                        }
                    }
                };
                values.insert(at, value.clone());
                if !self.transaction.is_empty() {
                    let q = self.find(name, |q| self.catalog.types.contains_key(q)).ok_or("type vanished")?;
                    self.new_enum_values.push((q, value.clone()));
                }
                Ok(())
            }
            Change::RenameEnumValue { name, from, to } => {
                let values = self.enum_values(name)?;
                if values.contains(to) {
                    return Err(format!("enum label \"{to}\" already exists"));
                }
                let v = values
                    .iter_mut()
                    .find(|v| *v == from)
                    .ok_or_else(|| format!("\"{from}\" is not an existing enum label"))?;
                *v = to.clone();
                // Defaults store the label by identity, so they show the new name.
                let ty = self.find(name, |q| self.catalog.types.contains_key(q)).ok_or("type vanished")?;
                for t in self.catalog.tables.values_mut() {
                    for col in t
                        .columns
                        .iter_mut()
                        .filter(|c| c.ty.schema.as_deref() == Some(ty.schema.as_str()) && c.ty.name == ty.name)
                    {
                        if col.default == Some(Expr::String(from.clone())) {
                            col.default = Some(Expr::String(to.clone()));
                        }
                    }
                }
                Ok(())
            }
            Change::CreateDomain(d) => {
                let q = self.creation_name(&d.name)?;
                self.ensure_type_name_free(&q)?;
                let base = self.resolve_type(&d.base)?;
                let mut checks = BTreeMap::new();
                for (name, expr) in &d.checks {
                    let name =
                        name.clone().unwrap_or_else(|| choose_name(&q.name, None, "check", |n| checks.contains_key(n)));
                    checks.insert(name, expr.clone());
                }
                let kind = TypeKind::Domain {
                    base,
                    not_null: d.not_null,
                    default: d.default.as_ref().map(|e| self.resolve_expr(e)),
                    collation: d.collation.clone(),
                    checks,
                };
                self.catalog.types.insert(q.clone(), UserType { name: q, kind, comment: None });
                Ok(())
            }
            Change::AlterDomain { name, action } => self.alter_domain(name, action),
            Change::CreateCompositeType { name, attributes } => {
                let q = self.creation_name(name)?;
                self.ensure_type_name_free(&q)?;
                let attributes = attributes
                    .iter()
                    .map(|(n, t)| Ok((n.clone(), self.resolve_type(t)?)))
                    .collect::<Result<Vec<_>, String>>()?;
                self.catalog
                    .types
                    .insert(q.clone(), UserType { name: q, kind: TypeKind::Composite { attributes }, comment: None });
                Ok(())
            }
            Change::AlterCompositeType { name, actions } => {
                let q = self
                    .find(name, |q| self.catalog.types.contains_key(q))
                    .ok_or_else(|| format!("type \"{name}\" does not exist"))?;
                for action in actions {
                    self.attribute_action(&q, action)?;
                }
                Ok(())
            }
            Change::CreateFunction(f) => self.create_function(f),
            Change::AlterFunction { target, volatility, strict, security_definer } => {
                let Some(ObjectId::Function(id)) = self.object_id(target)? else {
                    return Err(format!("function {} does not exist", describe_ref(target)));
                };
                let f = self.catalog.functions.get_mut(&id).ok_or("function vanished")?;
                if let Some(v) = volatility {
                    f.volatility = v.clone();
                }
                if let Some(s) = strict {
                    f.strict = *s;
                }
                if let Some(s) = security_definer {
                    f.security_definer = *s;
                }
                Ok(())
            }
            Change::CreateTrigger(t) => self.create_trigger(t),
            Change::CreatePolicy(p) => {
                let table = self.table_name(&p.table)?;
                let t = self.table_mut(&table)?;
                if t.policies.contains_key(&p.name) {
                    return Err(format!("policy \"{}\" for table \"{}\" already exists", p.name, table.name));
                }
                t.policies.insert(
                    p.name.clone(),
                    Policy {
                        name: p.name.clone(),
                        permissive: p.permissive,
                        command: if p.command.is_empty() { "ALL".into() } else { p.command.clone() },
                        roles: if p.roles.is_empty() { vec!["PUBLIC".into()] } else { p.roles.clone() },
                        using: p.using.clone(),
                        check: p.check.clone(),
                        comment: None,
                    },
                );
                Ok(())
            }
            Change::AlterPolicy { table, name, roles, using, check } => {
                let table = self.table_name(table)?;
                let t = self.table_mut(&table)?;
                let p = t
                    .policies
                    .get_mut(name)
                    .ok_or_else(|| format!("policy \"{name}\" for table \"{}\" does not exist", table.name))?;
                if let Some(r) = roles {
                    p.roles = r.clone();
                }
                if using.is_some() {
                    p.using = using.clone();
                }
                if check.is_some() {
                    p.check = check.clone();
                }
                Ok(())
            }
            Change::CreateExtension { name, schema, if_not_exists } => {
                if self.catalog.extensions.contains_key(name) {
                    return if *if_not_exists { Ok(()) } else { Err(format!("extension \"{name}\" already exists")) };
                }
                let schema = match schema {
                    Some(s) => self.creation_name(&ObjName::new(Some(s.clone()), ""))?.schema,
                    None => self.creation_name(&ObjName::new(None, ""))?.schema,
                };
                self.catalog.extensions.insert(name.clone(), Extension { name: name.clone(), schema, comment: None });
                Ok(())
            }
            Change::Comment { target, text } => self.comment(target, text.clone()),
            Change::Drop { targets, if_exists, cascade } => self.drop(targets, *if_exists, *cascade),
            Change::Rename { target, new_name, if_exists } => self.rename(target, new_name, *if_exists),
            Change::SetSchema { target, new_schema, if_exists } => self.set_schema(target, new_schema, *if_exists),
            Change::Transaction(_)
            | Change::SetSearchPath { .. }
            | Change::InSchema { .. }
            | Change::Unmodeled { .. }
            | Change::Data(_)
            | Change::RefreshMaterializedView { .. } => Ok(()),
        }
    }

    fn ensure_type_name_free(&self, q: &QualifiedName) -> Outcome {
        if self.catalog.types.contains_key(q)
            || self.catalog.tables.contains_key(q)
            || self.catalog.views.contains_key(q)
        {
            return Err(format!("type \"{}\" already exists", q.name));
        }
        Ok(())
    }

    fn enum_values(&mut self, name: &ObjName) -> Result<&mut Vec<String>, String> {
        let q = self
            .find(name, |q| self.catalog.types.contains_key(q))
            .ok_or_else(|| format!("type \"{name}\" does not exist"))?;
        match self.catalog.types.get_mut(&q).map(|t| &mut t.kind) {
            Some(TypeKind::Enum { values }) => Ok(values),
            _ => Err(format!("\"{}\" is not an enum", q.name)),
        }
    }

    fn owner_column(&self, owner: &OwnedBy) -> Result<Option<(QualifiedName, String)>, String> {
        match owner {
            OwnedBy::None => Ok(None),
            OwnedBy::Column { table, column } => {
                let q = self.table_name(table)?;
                if self.catalog.tables.get(&q).and_then(|t| t.column(column)).is_none() {
                    return Err(format!("column \"{column}\" of relation \"{}\" does not exist", q.name));
                }
                Ok(Some((q, column.clone())))
            }
        }
    }

    // ----- tables ----------------------------------------------------------

    fn create_table(&mut self, def: &ch::CreateTable) -> Outcome {
        let name = self.creation_name(&def.name)?;
        if self.relation_taken(&name) {
            return if def.if_not_exists { Ok(()) } else { Err(format!("relation \"{}\" already exists", name.name)) };
        }
        let mut table = Table {
            name: name.clone(),
            unlogged: def.unlogged,
            columns: Vec::new(),
            constraints: BTreeMap::new(),
            inherits: Vec::new(),
            partition_of: None,
            partition_key: def.partition_by.clone(),
            of_type: None,
            row_security: false,
            force_row_security: false,
            triggers: BTreeMap::new(),
            policies: BTreeMap::new(),
            comment: None,
        };
        // Columns that come from elsewhere first: parents, the partitioned table, the type.
        let mut parents = Vec::new();
        if let Some((parent, bound)) = &def.partition_of {
            let parent = self.table_name(parent)?;
            table.partition_of = Some((parent.clone(), bound.clone()));
            parents.push(parent);
        }
        for p in &def.inherits {
            let parent = self.table_name(p)?;
            table.inherits.push(parent.clone());
            parents.push(parent);
        }
        for parent in &parents {
            let p = self.catalog.tables.get(parent).ok_or("parent vanished")?;
            for col in &p.columns {
                if table.column(&col.name).is_none() {
                    let mut c = col.clone();
                    c.comment = None;
                    c.identity = None;
                    c.inherited = true;
                    table.columns.push(c);
                }
            }
            for con in p.constraints.values() {
                if let ConstraintKind::Check { .. } = con.kind {
                    if !con.no_inherit {
                        let mut c = con.clone();
                        c.inherited = true;
                        c.comment = None;
                        table.constraints.insert(c.name.clone(), c);
                    }
                }
            }
        }
        if let Some(of_type) = &def.of_type {
            let ty = self.resolve_type(of_type)?;
            let q = QualifiedName::new(ty.schema.as_deref().unwrap_or("public"), &ty.name);
            match self.catalog.types.get(&q).map(|t| &t.kind) {
                Some(TypeKind::Composite { attributes }) => {
                    for (n, t) in attributes {
                        table.columns.push(Column {
                            name: n.clone(),
                            ty: t.clone(),
                            not_null: false,
                            default: None,
                            identity: None,
                            generated: None,
                            collation: None,
                            comment: None,
                            inherited: false,
                        });
                    }
                }
                _ => return Err(format!("type {} is not a composite type", of_type)),
            }
            table.of_type = Some(q);
        }
        for (source, options) in &def.likes {
            const DEFAULTS: u32 = 1 << 3;
            const GENERATED: u32 = 1 << 4;
            const IDENTITY: u32 = 1 << 5;
            const COMMENTS: u32 = 1 << 0;
            let src = self.table_name(source)?;
            for col in &self.catalog.tables[&src].columns {
                let mut c = col.clone();
                if options & DEFAULTS == 0 || c.default.as_ref().is_some_and(|d| !d.sequences().is_empty()) {
                    c.default = None;
                }
                if options & GENERATED == 0 {
                    c.generated = None;
                }
                if options & IDENTITY == 0 {
                    c.identity = None;
                } else if let Some(id) = &mut c.identity {
                    id.sequence = QualifiedName::new(
                        &name.schema,
                        &choose_name(&name.name, Some(&c.name), "seq", |n| {
                            self.relation_taken(&QualifiedName::new(&name.schema, n))
                        }),
                    );
                }
                if options & COMMENTS == 0 {
                    c.comment = None;
                }
                table.columns.push(c);
            }
        }
        if let Some(query) = &def.as_query {
            let names = self.query_columns(query, &def.columns.iter().map(|c| c.name.clone()).collect::<Vec<_>>())?;
            for n in names {
                table.columns.push(Column {
                    name: n,
                    ty: TypeName::builtin("unknown"),
                    not_null: false,
                    default: None,
                    identity: None,
                    generated: None,
                    collation: None,
                    comment: None,
                    inherited: false,
                });
            }
            self.catalog.tables.insert(name, table);
            return Ok(());
        }
        self.catalog.tables.insert(name.clone(), table);
        self.note_table(&name);
        // A statement is atomic: if a column or constraint fails, the table is not created.
        let result = self.fill_table(&name, def);
        if result.is_err() {
            self.catalog.tables.remove(&name);
            self.catalog.sequences.retain(|_, s| s.owned_by.as_ref().is_none_or(|(t, _)| t != &name));
            self.catalog.indexes.retain(|_, i| i.table != name);
        }
        self.note_table(&name);
        result
    }

    fn fill_table(&mut self, name: &QualifiedName, def: &ch::CreateTable) -> Outcome {
        let name = name.clone();
        let mut pending = Vec::new();
        for col in &def.columns {
            if self.catalog.tables[&name].column(&col.name).is_some() {
                // A column redeclared in a child or partition merges with the inherited one.
                let resolved_default = col.default.as_ref().map(|e| self.resolve_expr(e));
                let t = self.table_mut(&name)?;
                if let Some(existing) = t.column_mut(&col.name) {
                    existing.inherited = false;
                    existing.not_null |= col.not_null;
                    if resolved_default.is_some() {
                        existing.default = resolved_default;
                    }
                }
                pending.extend(col.constraints.iter().cloned());
                continue;
            }
            pending.extend(self.add_column(&name, col)?);
        }
        pending.extend(def.constraints.iter().cloned());
        for con in pending {
            self.add_constraint(&name, &con)?;
        }
        for (source, options) in &def.likes {
            self.copy_like(source, &name, *options)?;
        }
        if let Some((parent, _)) = self.catalog.tables[&name].partition_of.clone() {
            self.clone_partition_indexes(&parent, &name)?;
        }
        Ok(())
    }

    /// `LIKE source INCLUDING CONSTRAINTS / INDEXES`: CHECK constraints keep their
    /// names, indexes (and PK/UNIQUE constraints, as indexes) get generated ones.
    fn copy_like_unnoted(&mut self, source: &ObjName, table: &QualifiedName, options: u32) -> Outcome {
        const CONSTRAINTS: u32 = 1 << 2;
        const INDEXES: u32 = 1 << 6;
        const COMMENTS: u32 = 1 << 0;
        let src = self.table_name(source)?;
        let source_table = self.catalog.tables[&src].clone();
        if options & CONSTRAINTS != 0 {
            for con in source_table.constraints.values() {
                if let ConstraintKind::Check { .. } = con.kind {
                    let mut c = con.clone();
                    c.inherited = false;
                    if options & COMMENTS == 0 {
                        c.comment = None;
                    }
                    self.table_mut(table)?.constraints.insert(c.name.clone(), c);
                }
            }
        }
        if options & INDEXES != 0 {
            for con in source_table.constraints.values().filter(|c| c.kind.has_index()) {
                let name = match &con.kind {
                    ConstraintKind::PrimaryKey { .. } => {
                        self.choose_relation_name(&table.schema, &table.name, None, "pkey")
                    }
                    ConstraintKind::Exclude { .. } => self.choose_relation_name(
                        &table.schema,
                        &table.name,
                        Some(&column_addition(&con.kind.columns())),
                        "excl",
                    ),
                    other => self.choose_relation_name(
                        &table.schema,
                        &table.name,
                        Some(&column_addition(&other.columns())),
                        "key",
                    ),
                };
                let c = Constraint { name: name.clone(), inherited: false, comment: None, ..con.clone() };
                self.table_mut(table)?.constraints.insert(name, c);
            }
            let indexes: Vec<Index> = self.catalog.indexes.values().filter(|i| i.table == src).cloned().collect();
            for idx in indexes {
                let name =
                    self.choose_relation_name(&table.schema, &table.name, Some(&index_name_addition(&idx.keys)), "idx");
                let q = QualifiedName::new(&table.schema, &name);
                self.catalog.indexes.insert(q.clone(), Index { name: q, table: table.clone(), comment: None, ..idx });
            }
        }
        Ok(())
    }

    /// Adds a column and returns the constraints written on it, to add once all
    /// columns exist.
    fn add_column_unnoted(&mut self, table: &QualifiedName, def: &ColumnDef) -> Result<Vec<ConstraintDef>, String> {
        let written = def.ty.clone().ok_or_else(|| format!("column \"{}\" has no type", def.name))?;
        let mut column = Column {
            name: def.name.clone(),
            ty: written.clone(),
            not_null: def.not_null,
            default: def.default.as_ref().filter(|e| **e != Expr::Null).map(|e| self.resolve_expr(e)),
            identity: None,
            generated: def.generated.clone(),
            collation: def.collation.clone(),
            comment: None,
            inherited: false,
        };
        let mut constraints = def.constraints.clone();
        // A column-level PRIMARY KEY implies NOT NULL.
        if constraints.iter().any(|c| matches!(c.kind, ch::ConstraintKind::PrimaryKey { .. })) {
            column.not_null = true;
        }
        constraints.retain(|c| !matches!(c.kind, ch::ConstraintKind::NotNull));
        if let Some(base) = written.serial_base() {
            column.ty = TypeName::builtin(base);
            column.not_null = true;
            let seq_name = self.choose_relation_name(&table.schema, &table.name, Some(&def.name), "seq");
            let seq = QualifiedName::new(&table.schema, &seq_name);
            self.catalog.sequences.insert(
                seq.clone(),
                new_sequence(seq.clone(), TypeName::builtin(base), Some((table.clone(), def.name.clone()))),
            );
            column.default =
                Some(Expr::SequenceCall { function: "nextval".into(), sequence: SequenceRef::Resolved(seq) });
        } else {
            column.ty = self.resolve_type(&written)?;
        }
        if let Some(identity) = &def.identity {
            column.not_null = true;
            column.identity = Some(self.new_identity(table, &def.name, identity, &column.ty)?);
        }
        let t = self.table_mut(table)?;
        if t.column(&def.name).is_some() {
            return Err(format!("column \"{}\" of relation \"{}\" already exists", def.name, table.name));
        }
        t.columns.push(column.clone());
        // Children and partitions get the column too.
        for child in self.children_of(table) {
            if let Some(c) = self.catalog.tables.get_mut(&child) {
                if c.column(&def.name).is_none() {
                    let mut inherited = column.clone();
                    inherited.identity = None;
                    inherited.inherited = true;
                    c.columns.push(inherited);
                }
            }
        }
        Ok(constraints)
    }

    fn new_identity(
        &mut self,
        table: &QualifiedName,
        column: &str,
        def: &ch::IdentityDef,
        ty: &TypeName,
    ) -> Result<Identity, String> {
        let sequence = match &def.options.sequence_name {
            Some(n) => self.creation_name(n)?,
            None => QualifiedName::new(
                &table.schema,
                &self.choose_relation_name(&table.schema, &table.name, Some(column), "seq"),
            ),
        };
        let mut options = def.options.clone();
        options.sequence_name = None;
        if options.data_type.as_ref() == Some(ty) {
            options.data_type = None;
        }
        let _ = ty;
        Ok(Identity { always: def.always, sequence, options })
    }

    fn children_of(&self, table: &QualifiedName) -> Vec<QualifiedName> {
        let candidates = self.index().children(table);
        candidates
            .into_iter()
            .filter(|c| {
                self.catalog.tables.get(c).is_some_and(|t| {
                    t.inherits.contains(table) || t.partition_of.as_ref().is_some_and(|(p, _)| p == table)
                })
            })
            .collect()
    }

    // The wrappers below keep the name index in step with the changes that add
    // constraints, identities or children, so look-ups later in the same
    // statement see them.

    fn copy_like(&mut self, source: &ObjName, table: &QualifiedName, options: u32) -> Outcome {
        let result = self.copy_like_unnoted(source, table, options);
        self.note_family(table);
        result
    }

    fn add_column(&mut self, table: &QualifiedName, def: &ColumnDef) -> Result<Vec<ConstraintDef>, String> {
        let result = self.add_column_unnoted(table, def);
        self.note_family(table);
        result
    }

    fn add_constraint(&mut self, table: &QualifiedName, def: &ConstraintDef) -> Outcome {
        let result = self.add_constraint_unnoted(table, def);
        self.note_family(table);
        result
    }

    fn table_action(&mut self, table: &QualifiedName, action: &TableAction) -> Outcome {
        let result = self.table_action_unnoted(table, action);
        self.note_family(table);
        if let TableAction::AttachPartition { partition, .. } | TableAction::DetachPartition { partition, .. } = action
        {
            if let Some(child) = self.find_relation(partition) {
                self.note_family(&child);
            }
        }
        result
    }

    fn note_family(&mut self, table: &QualifiedName) {
        self.note_table(table);
        for child in self.children_of(table) {
            self.note_table(&child);
        }
    }

    /// Records a table's current constraints, identities and parents in the index.
    fn note_table(&mut self, table: &QualifiedName) {
        if let Some(index) = self.names.get_mut().as_mut() {
            index.refresh(&self.catalog, table);
        }
    }

    fn choose_relation_name(&self, schema: &str, name1: &str, name2: Option<&str>, label: &str) -> String {
        choose_name(name1, name2, label, |n| self.relation_taken(&QualifiedName::new(schema, n)))
    }

    fn add_constraint_unnoted(&mut self, table: &QualifiedName, def: &ConstraintDef) -> Outcome {
        let kind = match &def.kind {
            ch::ConstraintKind::NotNull => return Ok(()),
            ch::ConstraintKind::PrimaryKey { columns, include, using_index } => {
                let columns = match using_index {
                    Some(index) => self.take_index_for_constraint(table, index)?,
                    None => columns.clone(),
                };
                ConstraintKind::PrimaryKey { columns, include: include.clone() }
            }
            ch::ConstraintKind::Unique { columns, include, nulls_not_distinct, using_index } => {
                let columns = match using_index {
                    Some(index) => self.take_index_for_constraint(table, index)?,
                    None => columns.clone(),
                };
                ConstraintKind::Unique { columns, include: include.clone(), nulls_not_distinct: *nulls_not_distinct }
            }
            ch::ConstraintKind::Check { expr } => ConstraintKind::Check { expr: expr.clone() },
            ch::ConstraintKind::ForeignKey(fk) => {
                let ref_table = self.table_name(&fk.ref_table)?;
                let target = self.catalog.tables.get(&ref_table).ok_or("referenced table vanished")?;
                let ref_columns = if fk.ref_columns.is_empty() {
                    match target.primary_key().map(|c| &c.kind) {
                        Some(ConstraintKind::PrimaryKey { columns, .. }) => columns.clone(),
                        _ => {
                            return Err(format!("there is no primary key for referenced table \"{}\"", ref_table.name))
                        }
                    }
                } else {
                    fk.ref_columns.clone()
                };
                for c in &ref_columns {
                    if target.column(c).is_none() {
                        return Err(format!("column \"{c}\" referenced in foreign key constraint does not exist"));
                    }
                }
                ConstraintKind::ForeignKey {
                    columns: fk.columns.clone(),
                    ref_table,
                    ref_columns,
                    on_delete: fk.on_delete,
                    on_update: fk.on_update,
                    match_full: fk.match_full,
                }
            }
            ch::ConstraintKind::Exclude { method, elements, predicate } => ConstraintKind::Exclude {
                method: method.clone(),
                elements: elements.clone(),
                predicate: predicate.clone(),
            },
        };
        let t = self.catalog.tables.get(table).ok_or("table vanished")?;
        // The same key added again by name (pg_dump adds a partition's own key after
        // the partitioned table's ONLY key) is the one already there.
        if let Some(name) = &def.name {
            if kind.has_index() && t.constraints.get(name).is_some_and(|c| c.kind == kind) {
                return Ok(());
            }
        }
        for c in kind.columns() {
            if t.column(&c).is_none() {
                return Err(format!("column \"{c}\" named in key does not exist"));
            }
        }
        if matches!(kind, ConstraintKind::PrimaryKey { .. }) && t.primary_key().is_some() {
            return Err(format!("multiple primary keys for table \"{}\" are not allowed", table.name));
        }
        let name = match &def.name {
            Some(n) => n.clone(),
            None => self.choose_constraint_name(table, &kind),
        };
        if let Some(existing) = t.constraints.get(&name) {
            if existing.inherited && existing.kind == kind {
                // A local definition merges with the inherited one.
                if let Some(c) = self.table_mut(table)?.constraints.get_mut(&name) {
                    c.inherited = false;
                }
                return Ok(());
            }
            return Err(format!("constraint \"{name}\" for relation \"{}\" already exists", table.name));
        }
        if kind.has_index() && def.name.is_some() && self.relation_taken(&QualifiedName::new(&table.schema, &name)) {
            return Err(format!("relation \"{name}\" already exists"));
        }
        let t = self.table_mut(table)?;
        if let ConstraintKind::PrimaryKey { columns, .. } = &kind {
            for c in columns {
                if let Some(col) = t.column_mut(c) {
                    col.not_null = true;
                }
            }
        }
        let is_check = matches!(kind, ConstraintKind::Check { .. });
        let constraint = Constraint {
            name: name.clone(),
            kind,
            deferrable: def.deferrable,
            initially_deferred: def.initially_deferred,
            validated: !def.not_valid,
            no_inherit: def.no_inherit,
            inherited: false,
            comment: None,
        };
        let has_index = constraint.kind.has_index();
        t.constraints.insert(name, constraint.clone());
        if has_index && self.catalog.tables[table].partition_key.is_some() {
            for child in self.children_of(table) {
                if self.catalog.tables[&child].partition_of.is_some() {
                    self.clone_partition_indexes(table, &child)?;
                }
            }
        }
        if is_check && !def.no_inherit {
            for child in self.children_of(table) {
                if let Some(c) = self.catalog.tables.get_mut(&child) {
                    let mut inherited = constraint.clone();
                    inherited.inherited = true;
                    c.constraints.entry(inherited.name.clone()).or_insert(inherited);
                }
            }
        }
        Ok(())
    }

    /// `ADD CONSTRAINT ... USING INDEX idx`: the index becomes the constraint's and
    /// takes the constraint's name.
    fn take_index_for_constraint(&mut self, table: &QualifiedName, index: &str) -> Result<Vec<String>, String> {
        let q = QualifiedName::new(&table.schema, index);
        let idx = self.catalog.indexes.remove(&q).ok_or_else(|| format!("index \"{index}\" does not exist"))?;
        Ok(idx.keys.iter().flat_map(key_columns).collect())
    }

    fn choose_constraint_name(&self, table: &QualifiedName, kind: &ConstraintKind) -> String {
        let t = &self.catalog.tables[table];
        // Generated constraint names avoid every constraint name in the schema.
        let constraint_taken = |n: &str| {
            let key = QualifiedName::new(&table.schema, n);
            let index = self.index();
            let taken = index
                .constraint_owners(&key)
                .any(|owner| self.catalog.tables.get(owner).is_some_and(|t| t.constraints.contains_key(n)));
            taken
        };
        match kind {
            ConstraintKind::PrimaryKey { .. } => self.choose_relation_name(&table.schema, &table.name, None, "pkey"),
            ConstraintKind::Unique { columns, .. } => {
                self.choose_relation_name(&table.schema, &table.name, Some(&column_addition(columns)), "key")
            }
            ConstraintKind::Exclude { elements, .. } => {
                let cols: Vec<String> = elements
                    .iter()
                    .map(|(k, _)| match &k.key {
                        KeyExpr::Column(c) => c.clone(),
                        KeyExpr::Expression(_) => "expr".into(),
                    })
                    .collect();
                self.choose_relation_name(&table.schema, &table.name, Some(&column_addition(&cols)), "excl")
            }
            ConstraintKind::ForeignKey { columns, .. } => {
                choose_name(&table.name, Some(&column_addition(columns)), "fkey", |n| {
                    constraint_taken(n) || t.constraints.contains_key(n)
                })
            }
            ConstraintKind::Check { expr } => {
                let cols = expr.columns();
                let col = if cols.len() == 1 { cols.iter().next().map(String::as_str) } else { None };
                choose_name(&table.name, col, "check", |n| constraint_taken(n) || t.constraints.contains_key(n))
            }
        }
    }

    fn table_action_unnoted(&mut self, table: &QualifiedName, action: &TableAction) -> Outcome {
        match action {
            TableAction::AddColumn { column, if_not_exists } => {
                if self.catalog.tables[table].column(&column.name).is_some() && *if_not_exists {
                    return Ok(());
                }
                let constraints = self.add_column(table, column)?;
                constraints.iter().try_for_each(|c| self.add_constraint(table, c))
            }
            TableAction::DropColumn { name, if_exists, cascade } => {
                if self.catalog.tables[table].column(name).is_none() {
                    return if *if_exists {
                        Ok(())
                    } else {
                        Err(format!("column \"{name}\" of relation \"{}\" does not exist", table.name))
                    };
                }
                let mut targets = vec![ObjectId::Column(table.clone(), name.clone())];
                for child in self.children_of(table) {
                    if self.catalog.tables[&child].column(name).is_some_and(|c| c.inherited) {
                        targets.push(ObjectId::Column(child, name.clone()));
                    }
                }
                self.drop_objects(targets, *cascade)
            }
            TableAction::AlterColumnType { column, ty, collation, .. } => {
                let resolved = self.resolve_type(ty)?;
                let target = ObjectId::Column(table.clone(), column.clone());
                let graph = DependencyGraph::build_for(&self.catalog, std::slice::from_ref(&target));
                let dependents = graph.dependents(&target);
                if let Some(view) = dependents.iter().find(|d| matches!(d, ObjectId::View(_))) {
                    return Err(format!(
                        "cannot alter type of a column used by a view or rule: {} depends on column \"{column}\"",
                        view.describe()
                    ));
                }
                if let Some(policy) = dependents.iter().find(|d| matches!(d, ObjectId::Policy(..))) {
                    return Err(format!(
                        "cannot alter type of a column used in a policy definition: {}",
                        policy.describe()
                    ));
                }
                let mut affected = vec![table.clone()];
                affected.extend(self.children_of(table));
                for t in affected {
                    let col = self
                        .table_mut(&t)?
                        .column_mut(column)
                        .ok_or_else(|| format!("column \"{column}\" of relation \"{}\" does not exist", t.name))?;
                    col.ty = resolved.clone();
                    col.collation = collation.clone();
                }
                Ok(())
            }
            TableAction::SetDefault { column, default } => {
                let resolved = default.as_ref().filter(|e| **e != Expr::Null).map(|e| self.resolve_expr(e));
                if let Some(Expr::String(label)) = &resolved {
                    let ty = self.column_mut(table, column)?.ty.clone();
                    let unsafe_use = self.new_enum_values.iter().any(|(q, v)| {
                        v == label && ty.schema.as_deref() == Some(q.schema.as_str()) && ty.name == q.name
                    });
                    if unsafe_use {
                        return Err(format!("unsafe use of new value \"{label}\" of enum type {}", ty.name));
                    }
                }
                let col = self.column_mut(table, column)?;
                if col.generated.is_some() && resolved.is_some() {
                    return Err(format!("column \"{column}\" of relation \"{}\" is a generated column", table.name));
                }
                col.default = resolved;
                Ok(())
            }
            TableAction::SetNotNull { column } => {
                self.column_mut(table, column)?.not_null = true;
                for child in self.children_of(table) {
                    if let Ok(c) = self.column_mut(&child, column) {
                        c.not_null = true;
                    }
                }
                Ok(())
            }
            TableAction::DropNotNull { column } => {
                let t = &self.catalog.tables[table];
                let in_pk = t.primary_key().is_some_and(|pk| pk.kind.columns().contains(column));
                if in_pk {
                    return Err(format!("column \"{column}\" is in a primary key"));
                }
                let col = self.column_mut(table, column)?;
                if col.identity.is_some() {
                    return Err(format!("column \"{column}\" of relation \"{}\" is an identity column", table.name));
                }
                col.not_null = false;
                for child in self.children_of(table) {
                    if let Ok(c) = self.column_mut(&child, column) {
                        c.not_null = false;
                    }
                }
                Ok(())
            }
            TableAction::DropExpression { column, if_exists } => {
                let col = self.column_mut(table, column)?;
                if col.generated.is_none() {
                    return if *if_exists {
                        Ok(())
                    } else {
                        Err(format!(
                            "column \"{column}\" of relation \"{}\" is not a stored generated column",
                            table.name
                        ))
                    };
                }
                col.generated = None;
                Ok(())
            }
            TableAction::AddIdentity { column, identity } => {
                let ty = self.column_mut(table, column)?.ty.clone();
                if self.column_mut(table, column)?.identity.is_some() {
                    return Err(format!(
                        "column \"{column}\" of relation \"{}\" is already an identity column",
                        table.name
                    ));
                }
                let id = self.new_identity(table, column, identity, &ty)?;
                let col = self.column_mut(table, column)?;
                if !col.not_null {
                    return Err(format!(
                        "column \"{column}\" of relation \"{}\" must be declared NOT NULL before identity can be added",
                        table.name
                    ));
                }
                col.identity = Some(id);
                Ok(())
            }
            TableAction::SetIdentity { column, always, options } => {
                let col = self.column_mut(table, column)?;
                let identity = col.identity.as_mut().ok_or_else(|| {
                    format!("column \"{column}\" of relation \"{}\" is not an identity column", table.name)
                })?;
                if let Some(a) = always {
                    identity.always = *a;
                }
                merge_sequence_options(&mut identity.options, options);
                Ok(())
            }
            TableAction::DropIdentity { column, if_exists } => {
                let col = self.column_mut(table, column)?;
                if col.identity.is_none() {
                    return if *if_exists {
                        Ok(())
                    } else {
                        Err(format!("column \"{column}\" of relation \"{}\" is not an identity column", table.name))
                    };
                }
                col.identity = None;
                Ok(())
            }
            TableAction::AddConstraint(def) => self.add_constraint(table, def),
            TableAction::DropConstraint { name, if_exists, cascade } => {
                let t = &self.catalog.tables[table];
                match t.constraints.get(name) {
                    None if *if_exists => Ok(()),
                    None => Err(format!("constraint \"{name}\" of relation \"{}\" does not exist", table.name)),
                    Some(c) if c.inherited => {
                        Err(format!("cannot drop inherited constraint \"{name}\" of relation \"{}\"", table.name))
                    }
                    Some(_) => {
                        let mut targets = vec![ObjectId::Constraint(table.clone(), name.clone())];
                        for child in self.children_of(table) {
                            if self.catalog.tables[&child].constraints.get(name).is_some_and(|c| c.inherited) {
                                targets.push(ObjectId::Constraint(child, name.clone()));
                            }
                        }
                        self.drop_objects(targets, *cascade)
                    }
                }
            }
            TableAction::ValidateConstraint { name } => {
                let t = self.table_mut(table)?;
                let c = t
                    .constraints
                    .get_mut(name)
                    .ok_or_else(|| format!("constraint \"{name}\" of relation \"{}\" does not exist", table.name))?;
                c.validated = true;
                Ok(())
            }
            TableAction::AlterConstraint { name, deferrable, initially_deferred } => {
                let t = self.table_mut(table)?;
                let c = t
                    .constraints
                    .get_mut(name)
                    .ok_or_else(|| format!("constraint \"{name}\" of relation \"{}\" does not exist", table.name))?;
                c.deferrable = *deferrable;
                c.initially_deferred = *initially_deferred;
                Ok(())
            }
            TableAction::SetLogged(logged) => {
                self.table_mut(table)?.unlogged = !logged;
                Ok(())
            }
            TableAction::RowSecurity { enable, force } => {
                let t = self.table_mut(table)?;
                if let Some(e) = enable {
                    t.row_security = *e;
                }
                if let Some(f) = force {
                    t.force_row_security = *f;
                }
                Ok(())
            }
            TableAction::AttachPartition { partition, bound } => {
                let child = self.table_name(partition)?;
                if self.catalog.tables[&child].partition_of.is_some() {
                    return Err(format!("\"{}\" is already a partition", child.name));
                }
                self.table_mut(&child)?.partition_of = Some((table.clone(), bound.clone()));
                let parent = self.catalog.tables[table].clone();
                for con in parent.constraints.values() {
                    if let ConstraintKind::Check { .. } = con.kind {
                        let mut c = con.clone();
                        c.inherited = true;
                        let child_t = self.table_mut(&child)?;
                        // A matching local constraint becomes the inherited one.
                        child_t.constraints.insert(c.name.clone(), c);
                    }
                }
                for col in &parent.columns {
                    if col.not_null {
                        if let Ok(c) = self.column_mut(&child, &col.name) {
                            c.not_null = true;
                        }
                    }
                }
                self.clone_partition_indexes(table, &child)
            }
            TableAction::DetachPartition { partition, concurrently } => {
                let child = self.table_name(partition)?;
                let key = self.catalog.tables[table].partition_key.clone();
                let t = self.table_mut(&child)?;
                let Some((parent, bound)) = t.partition_of.clone().filter(|(p, _)| p == table) else {
                    return Err(format!(
                        "relation \"{}\" is not a partition of relation \"{}\"",
                        child.name, table.name
                    ));
                };
                let _ = parent;
                t.partition_of = None;
                if *concurrently {
                    if let Some(check) = key.as_ref().and_then(|k| partition_constraint(k, &bound)) {
                        let name = choose_name(&child.name, k_first(&key), "check", |n| t.constraints.contains_key(n));
                        t.constraints.insert(
                            name.clone(),
                            Constraint {
                                name,
                                kind: ConstraintKind::Check { expr: check },
                                deferrable: false,
                                initially_deferred: false,
                                validated: true,
                                no_inherit: false,
                                inherited: false,
                                comment: None,
                            },
                        );
                    }
                }
                for c in t.constraints.values_mut() {
                    c.inherited = false;
                }
                Ok(())
            }
            TableAction::Inherit { parent } => {
                let parent = self.table_name(parent)?;
                let p = self.catalog.tables[&parent].clone();
                let t = self.table_mut(table)?;
                for col in &p.columns {
                    if t.column(&col.name).is_none() {
                        return Err(format!("child table is missing column \"{}\"", col.name));
                    }
                }
                t.inherits.push(parent);
                for con in p.constraints.values() {
                    if matches!(con.kind, ConstraintKind::Check { .. }) && !con.no_inherit {
                        let mut c = con.clone();
                        c.inherited = true;
                        t.constraints.insert(c.name.clone(), c);
                    }
                }
                Ok(())
            }
            TableAction::NoInherit { parent } => {
                let parent = self.table_name(parent)?;
                let t = self.table_mut(table)?;
                let before = t.inherits.len();
                t.inherits.retain(|p| p != &parent);
                if t.inherits.len() == before {
                    return Err(format!("relation \"{}\" is not a parent of relation \"{}\"", parent.name, table.name));
                }
                for c in t.constraints.values_mut() {
                    c.inherited = false;
                }
                Ok(())
            }
            TableAction::NotOf => {
                self.table_mut(table)?.of_type = None;
                Ok(())
            }
            TableAction::Attribute(_) => Err("ALTER TABLE cannot change attributes of a table".into()),
            TableAction::Unmodeled { .. } => Ok(()),
        }
    }

    fn column_mut(&mut self, table: &QualifiedName, column: &str) -> Result<&mut Column, String> {
        let t = self.table_mut(table)?;
        let name = t.name.name.clone();
        t.column_mut(column).ok_or_else(|| format!("column \"{column}\" of relation \"{name}\" does not exist"))
    }

    /// A partition gets a copy of each index of its partitioned table, named as
    /// PostgreSQL names them, unless an equivalent index already exists.
    fn clone_partition_indexes(&mut self, parent: &QualifiedName, child: &QualifiedName) -> Outcome {
        let parent_indexes: Vec<Index> =
            self.catalog.indexes.values().filter(|i| &i.table == parent).cloned().collect();
        for idx in parent_indexes {
            let exists = self.catalog.indexes.values().any(|i| {
                &i.table == child
                    && i.keys == idx.keys
                    && i.unique == idx.unique
                    && i.predicate == idx.predicate
                    && i.include == idx.include
            });
            if exists {
                continue;
            }
            let name =
                self.choose_relation_name(&child.schema, &child.name, Some(&index_name_addition(&idx.keys)), "idx");
            let q = QualifiedName::new(&child.schema, &name);
            self.catalog
                .indexes
                .insert(q.clone(), Index { name: q, table: child.clone(), only: false, comment: None, ..idx });
        }
        // Partitions of a partition get the copies too.
        for grandchild in self.children_of(child) {
            if self.catalog.tables[&grandchild].partition_of.is_some() {
                self.clone_partition_indexes(child, &grandchild)?;
            }
        }
        let pk = self.catalog.tables[parent]
            .constraints
            .values()
            .filter(|c| c.kind.has_index())
            .cloned()
            .collect::<Vec<_>>();
        for con in pk {
            let already = self.catalog.tables[child].constraints.values().any(|c| c.kind == con.kind);
            if already {
                continue;
            }
            let name = match &con.kind {
                ConstraintKind::PrimaryKey { .. } => {
                    self.choose_relation_name(&child.schema, &child.name, None, "pkey")
                }
                other => self.choose_relation_name(
                    &child.schema,
                    &child.name,
                    Some(&column_addition(&other.columns())),
                    "key",
                ),
            };
            let t = self.table_mut(child)?;
            t.constraints.insert(name.clone(), Constraint { name, inherited: false, comment: None, ..con });
        }
        self.note_table(child);
        Ok(())
    }

    fn create_index(&mut self, def: &ch::IndexDef) -> Outcome {
        if def.concurrently && !self.transaction.is_empty() {
            return Err("CREATE INDEX CONCURRENTLY cannot run inside a transaction block".into());
        }
        let table =
            self.find_relation(&def.table).ok_or_else(|| format!("relation \"{}\" does not exist", def.table))?;
        if !self.catalog.tables.contains_key(&table) && !self.catalog.views.get(&table).is_some_and(|v| v.materialized)
        {
            return Err(format!("cannot create index on relation \"{}\"", table.name));
        }
        let name = match &def.name {
            Some(n) => n.clone(),
            None => self.choose_relation_name(&table.schema, &table.name, Some(&index_name_addition(&def.keys)), "idx"),
        };
        let q = QualifiedName::new(&table.schema, &name);
        if self.relation_taken(&q) {
            return if def.if_not_exists { Ok(()) } else { Err(format!("relation \"{name}\" already exists")) };
        }
        if let Some(t) = self.catalog.tables.get(&table) {
            for key in &def.keys {
                for c in key_columns(key) {
                    if t.column(&c).is_none() {
                        return Err(format!("column \"{c}\" does not exist"));
                    }
                }
            }
        }
        let index = Index {
            name: q.clone(),
            table: table.clone(),
            unique: def.unique,
            method: def.method.clone(),
            keys: def.keys.clone(),
            include: def.include.clone(),
            predicate: def.predicate.clone(),
            nulls_not_distinct: def.nulls_not_distinct,
            only: false,
            comment: None,
        };
        self.catalog.indexes.insert(q, index);
        if !def.only {
            for child in self.children_of(&table) {
                if self.catalog.tables[&child].partition_of.is_some() {
                    self.clone_partition_indexes(&table, &child)?;
                }
            }
        }
        Ok(())
    }

    fn create_sequence(&mut self, def: &ch::SequenceDef, if_not_exists: bool) -> Outcome {
        let q = self.creation_name(&def.name)?;
        if self.relation_taken(&q) {
            return if if_not_exists { Ok(()) } else { Err(format!("relation \"{}\" already exists", q.name)) };
        }
        let ty = def.options.data_type.clone().unwrap_or_else(|| TypeName::builtin("bigint"));
        let mut seq = new_sequence(q.clone(), ty, None);
        apply_sequence_options(&mut seq, &def.options, true);
        seq.unlogged = def.unlogged;
        if let Some(owner) = &def.owned_by {
            seq.owned_by = self.owner_column(owner)?;
        }
        self.catalog.sequences.insert(q, seq);
        Ok(())
    }

    // ----- views -----------------------------------------------------------

    /// Output column names of a query, expanding `*` against the relations as they are now.
    fn query_columns(&self, query: &ch::Query, aliases: &[String]) -> Result<Vec<String>, String> {
        let mut names = Vec::new();
        for target in &query.targets {
            match target {
                Target::Named(n) => names.push(n.clone()),
                Target::Star(qualifier) => {
                    for rel in &query.relations {
                        let matches = match qualifier {
                            None => true,
                            Some(q) => {
                                rel.alias.as_deref() == Some(q.as_str()) || (rel.alias.is_none() && &rel.name.name == q)
                            }
                        };
                        if !matches {
                            continue;
                        }
                        names.extend(self.relation_columns(&rel.name)?);
                    }
                }
            }
        }
        for (i, alias) in aliases.iter().enumerate() {
            if let Some(n) = names.get_mut(i) {
                *n = alias.clone();
            }
        }
        Ok(names)
    }

    fn relation_columns(&self, name: &ObjName) -> Result<Vec<String>, String> {
        let q = self.find_relation(name).ok_or_else(|| format!("relation \"{name}\" does not exist"))?;
        if let Some(t) = self.catalog.tables.get(&q) {
            return Ok(t.columns.iter().map(|c| c.name.clone()).collect());
        }
        if let Some(v) = self.catalog.views.get(&q) {
            return Ok(v.columns.clone());
        }
        Err(format!("relation \"{name}\" does not exist"))
    }

    /// Which columns of which relations a query reads.
    fn query_reads(&self, query: &ch::Query) -> Result<BTreeMap<QualifiedName, Vec<String>>, String> {
        let mut reads: BTreeMap<QualifiedName, BTreeSet<String>> = BTreeMap::new();
        let mut scope: Vec<(Option<String>, String, QualifiedName, Vec<String>)> = Vec::new();
        for rel in &query.relations {
            let Some(q) = self.find_relation(&rel.name) else {
                return Err(format!("relation \"{}\" does not exist", rel.name));
            };
            let cols = self.relation_columns(&rel.name)?;
            reads.entry(q.clone()).or_default();
            scope.push((rel.alias.clone(), rel.name.name.clone(), q, cols));
        }
        for (qualifier, column) in &query.column_refs {
            let found = scope.iter().find(|(alias, name, _, cols)| {
                let named = match qualifier {
                    None => true,
                    Some(qual) => alias.as_deref() == Some(qual.as_str()) || (alias.is_none() && name == qual),
                };
                named && cols.contains(column)
            });
            if let Some((_, _, q, _)) = found {
                reads.entry(q.clone()).or_default().insert(column.clone());
            }
        }
        for qualifier in &query.star_refs {
            for (alias, name, q, cols) in &scope {
                let named = match qualifier {
                    None => true,
                    Some(qual) => alias.as_deref() == Some(qual.as_str()) || (alias.is_none() && name == qual),
                };
                if named {
                    reads.entry(q.clone()).or_default().extend(cols.iter().cloned());
                }
            }
        }
        Ok(reads.into_iter().map(|(k, v)| (k, v.into_iter().collect())).collect())
    }

    fn create_view(&mut self, def: &ch::ViewDef) -> Outcome {
        let q = self.creation_name(&def.name)?;
        let columns = self.query_columns(&def.query, &def.column_names)?;
        let reads = self.query_reads(&def.query)?;
        if let Some(existing) = self.catalog.views.get(&q) {
            if def.if_not_exists {
                return Ok(());
            }
            if !def.replace {
                return Err(format!("relation \"{}\" already exists", q.name));
            }
            // CREATE OR REPLACE VIEW may only add columns at the end.
            if existing.columns.len() > columns.len() || existing.columns.iter().zip(&columns).any(|(a, b)| a != b) {
                return Err(format!("cannot drop columns from view or change their names: \"{}\"", q.name));
            }
        } else if self.relation_taken(&q) {
            return Err(format!("relation \"{}\" already exists", q.name));
        }
        let comment = self.catalog.views.get(&q).and_then(|v| v.comment.clone());
        self.catalog.views.insert(
            q.clone(),
            View {
                name: q,
                materialized: def.materialized,
                columns,
                reads,
                functions: def.query.functions.iter().map(|f| f.name.clone()).collect(),
                check_option: def.check_option.clone(),
                comment,
            },
        );
        Ok(())
    }

    // ----- types, functions, triggers ---------------------------------------

    fn alter_domain(&mut self, name: &ObjName, action: &DomainAction) -> Outcome {
        let q = self
            .find(name, |q| self.catalog.types.contains_key(q))
            .ok_or_else(|| format!("type \"{name}\" does not exist"))?;
        let resolved_default = match action {
            DomainAction::SetDefault(Some(e)) => Some(self.resolve_expr(e)),
            _ => None,
        };
        let Some(TypeKind::Domain { not_null, default, checks, .. }) =
            self.catalog.types.get_mut(&q).map(|t| &mut t.kind)
        else {
            return Err(format!("\"{}\" is not a domain", q.name));
        };
        match action {
            DomainAction::SetDefault(_) => *default = resolved_default,
            DomainAction::SetNotNull(v) => *not_null = *v,
            DomainAction::AddCheck { name, expr, .. } => {
                let name =
                    name.clone().unwrap_or_else(|| choose_name(&q.name, None, "check", |n| checks.contains_key(n)));
                if checks.contains_key(&name) {
                    return Err(format!("constraint \"{name}\" for domain \"{}\" already exists", q.name));
                }
                checks.insert(name, expr.clone());
            }
            DomainAction::DropConstraint { name, if_exists } => {
                if checks.remove(name).is_none() && !if_exists {
                    return Err(format!("constraint \"{name}\" of domain \"{}\" does not exist", q.name));
                }
            }
            DomainAction::ValidateConstraint { .. } => {}
        }
        Ok(())
    }

    fn attribute_action(&mut self, q: &QualifiedName, action: &AttributeAction) -> Outcome {
        let resolved = match action {
            AttributeAction::Add { ty, .. } | AttributeAction::AlterType { ty, .. } => Some(self.resolve_type(ty)?),
            AttributeAction::Drop { .. } => None,
        };
        let cascade = match action {
            AttributeAction::Add { cascade, .. }
            | AttributeAction::AlterType { cascade, .. }
            | AttributeAction::Drop { cascade, .. } => *cascade,
        };
        if let AttributeAction::AlterType { .. } = action {
            let user = self.catalog.tables.values().find_map(|t| {
                t.columns
                    .iter()
                    .find(|c| c.ty.schema.as_deref() == Some(q.schema.as_str()) && c.ty.name == q.name)
                    .map(|c| format!("{}.{}", t.name.name, c.name))
            });
            if let Some(column) = user {
                return Err(format!("cannot alter type \"{}\" because column \"{column}\" uses it", q.name));
            }
        }
        if !cascade && self.catalog.tables.values().any(|t| t.of_type.as_ref() == Some(q)) {
            return Err(format!("cannot alter type \"{}\" because it is the type of a typed table", q.name));
        }
        let Some(TypeKind::Composite { attributes }) = self.catalog.types.get_mut(q).map(|t| &mut t.kind) else {
            return Err(format!("\"{}\" is not a composite type", q.name));
        };
        match action {
            AttributeAction::Add { name, if_not_exists, .. } => {
                if attributes.iter().any(|(n, _)| n == name) {
                    return if *if_not_exists {
                        Ok(())
                    } else {
                        Err(format!("column \"{name}\" of relation \"{}\" already exists", q.name))
                    };
                }
                attributes.push((name.clone(), resolved.ok_or("no type")?));
            }
            AttributeAction::Drop { name, if_exists, .. } => {
                let before = attributes.len();
                attributes.retain(|(n, _)| n != name);
                if before == attributes.len() && !if_exists {
                    return Err(format!("column \"{name}\" of relation \"{}\" does not exist", q.name));
                }
            }
            AttributeAction::AlterType { name, .. } => {
                let attr = attributes
                    .iter_mut()
                    .find(|(n, _)| n == name)
                    .ok_or_else(|| format!("column \"{name}\" of relation \"{}\" does not exist", q.name))?;
                attr.1 = resolved.ok_or("no type")?;
            }
        }
        // Typed tables follow their type.
        let typed: Vec<QualifiedName> =
            self.catalog.tables.values().filter(|t| t.of_type.as_ref() == Some(q)).map(|t| t.name.clone()).collect();
        if !typed.is_empty() {
            let attributes = match &self.catalog.types[q].kind {
                TypeKind::Composite { attributes } => attributes.clone(),
                _ => Vec::new(),
            };
            for t in typed {
                let table = self.table_mut(&t)?;
                table.columns.retain(|c| attributes.iter().any(|(n, _)| n == &c.name));
                for (n, ty) in &attributes {
                    match table.column_mut(n) {
                        Some(c) => c.ty = ty.clone(),
                        None => table.columns.push(Column {
                            name: n.clone(),
                            ty: ty.clone(),
                            not_null: false,
                            default: None,
                            identity: None,
                            generated: None,
                            collation: None,
                            comment: None,
                            inherited: false,
                        }),
                    }
                }
            }
        }
        Ok(())
    }

    fn signature_types(&self, params: &[ch::FunctionParam]) -> Result<Vec<TypeName>, String> {
        params
            .iter()
            .filter(|p| matches!(p.mode, ParamMode::In | ParamMode::InOut | ParamMode::Variadic))
            .map(|p| self.resolve_type(&p.ty).map(|t| t.without_modifiers()))
            .collect()
    }

    fn create_function(&mut self, f: &ch::FunctionDef) -> Outcome {
        let name = self.creation_name(&f.name)?;
        let arg_types = self.signature_types(&f.params)?;
        let id = FunctionId { name: name.clone(), args: arg_types.iter().map(ToString::to_string).collect() };
        if self.catalog.functions.contains_key(&id) && !f.replace {
            return Err(format!("function \"{}\" already exists with same argument types", id));
        }
        let mut uses_types = Vec::new();
        let mut params = Vec::new();
        for p in &f.params {
            let ty = self.resolve_type(&p.ty)?.without_modifiers();
            if let Some(s) = &ty.schema {
                uses_types.push(QualifiedName::new(s, &ty.name));
            }
            let mode = match p.mode {
                ParamMode::In => "",
                ParamMode::Out => "OUT ",
                ParamMode::InOut => "INOUT ",
                ParamMode::Variadic => "VARIADIC ",
                ParamMode::Table => "",
            };
            let mut text = format!(
                "{mode}{}{ty}",
                p.name.as_ref().map(|n| format!("{} ", crate::sql::names::quote_ident(n))).unwrap_or_default()
            );
            if let Some(d) = &p.default {
                text.push_str(&format!(" DEFAULT {d}"));
            }
            params.push(text);
        }
        let returns = if !f.returns_table.is_empty() {
            let cols: Vec<String> = f
                .returns_table
                .iter()
                .map(|(n, t)| {
                    Ok(format!("{} {}", crate::sql::names::quote_ident(n), self.resolve_type(t)?.without_modifiers()))
                })
                .collect::<Result<_, String>>()?;
            Some(format!("TABLE({})", cols.join(", ")))
        } else {
            match &f.returns {
                Some(t) => {
                    let ty = self.resolve_type(t)?.without_modifiers();
                    if let Some(s) = &ty.schema {
                        uses_types.push(QualifiedName::new(s, &ty.name));
                    }
                    Some(format!("{}{}", if f.returns_set { "SETOF " } else { "" }, ty))
                }
                None if f.procedure => None,
                None => {
                    // OUT parameters only: the result is their type or a record.
                    let outs: Vec<&ch::FunctionParam> =
                        f.params.iter().filter(|p| matches!(p.mode, ParamMode::Out | ParamMode::InOut)).collect();
                    match outs.as_slice() {
                        [one] => Some(self.resolve_type(&one.ty)?.without_modifiers().to_string()),
                        [] => Some("void".into()),
                        _ => Some("record".into()),
                    }
                }
            }
        };
        let reads = match &f.atomic_body {
            Some(q) => self.query_reads(q)?,
            None => BTreeMap::new(),
        };
        let comment = self.catalog.functions.get(&id).and_then(|old| old.comment.clone());
        self.catalog.functions.insert(
            id.clone(),
            Function {
                id,
                procedure: f.procedure,
                params,
                returns,
                language: f.language.clone(),
                body: if f.atomic_body.is_some() { None } else { f.body.clone() },
                reads,
                volatility: f.volatility.clone(),
                strict: f.strict,
                security_definer: f.security_definer,
                uses_types,
                comment,
            },
        );
        Ok(())
    }

    fn find_function(&self, name: &ObjName, args: Option<&[TypeName]>) -> Result<Option<FunctionId>, String> {
        let resolved_args = match args {
            Some(a) => {
                Some(a.iter().map(|t| self.resolve_type(t).map(|t| t.to_string())).collect::<Result<Vec<_>, _>>()?)
            }
            None => None,
        };
        let candidates: Vec<&FunctionId> = self
            .catalog
            .functions
            .keys()
            .filter(|id| id.name.name == name.name)
            .filter(|id| match &name.schema {
                Some(s) => &id.name.schema == s,
                None => self.search_path().contains(&id.name.schema),
            })
            .filter(|id| resolved_args.as_ref().is_none_or(|a| &id.args == a))
            .collect();
        match candidates.as_slice() {
            [] => Ok(None),
            [one] => Ok(Some((*one).clone())),
            many => {
                // Unqualified: the first schema on the path wins.
                for schema in self.search_path() {
                    let in_schema: Vec<_> = many.iter().filter(|id| id.name.schema == schema).collect();
                    match in_schema.as_slice() {
                        [] => continue,
                        [one] => return Ok(Some((**one).clone())),
                        _ => return Err(format!("function name \"{}\" is not unique", name)),
                    }
                }
                Err(format!("function name \"{}\" is not unique", name))
            }
        }
    }

    fn create_trigger(&mut self, t: &ch::TriggerDef) -> Outcome {
        let table = self.table_name(&t.table).or_else(|e| {
            self.find_relation(&t.table)
                .filter(|q| self.catalog.views.contains_key(q))
                .map(|_| QualifiedName::new("", ""))
                .ok_or(e)
        })?;
        if table.name.is_empty() {
            return Ok(()); // INSTEAD OF triggers on views are not modeled.
        }
        let function = self
            .find_function(&t.function, Some(&[]))?
            .ok_or_else(|| format!("function {}() does not exist", t.function))?;
        let tbl = self.table_mut(&table)?;
        if tbl.triggers.contains_key(&t.name) && !t.replace {
            return Err(format!("trigger \"{}\" for relation \"{}\" already exists", t.name, table.name));
        }
        tbl.triggers.insert(
            t.name.clone(),
            Trigger {
                name: t.name.clone(),
                timing: t.timing.clone(),
                events: t.events.clone(),
                update_columns: t.update_columns.clone(),
                for_each_row: t.for_each_row,
                when: t.when.clone(),
                function,
                args: t.args.clone(),
                constraint: t.constraint,
                comment: None,
            },
        );
        Ok(())
    }

    // ----- comments --------------------------------------------------------

    fn comment(&mut self, target: &ObjectRef, text: Option<String>) -> Outcome {
        let id = self.object_id(target)?.ok_or_else(|| format!("{} does not exist", target.kind()))?;
        let c = &mut self.catalog;
        let slot: Option<&mut Option<String>> = match &id {
            ObjectId::Schema(s) => c.schemas.get_mut(s).map(|s| &mut s.comment),
            ObjectId::Table(q) => c.tables.get_mut(q).map(|t| &mut t.comment),
            ObjectId::View(q) => c.views.get_mut(q).map(|v| &mut v.comment),
            ObjectId::Sequence(q) => c.sequences.get_mut(q).map(|s| &mut s.comment),
            ObjectId::Index(q) => c.indexes.get_mut(q).map(|i| &mut i.comment),
            ObjectId::Type(q) => c.types.get_mut(q).map(|t| &mut t.comment),
            ObjectId::Function(f) => c.functions.get_mut(f).map(|f| &mut f.comment),
            ObjectId::Extension(e) => c.extensions.get_mut(e).map(|e| &mut e.comment),
            ObjectId::Column(t, col) => c.tables.get_mut(t).and_then(|t| t.column_mut(col)).map(|c| &mut c.comment),
            ObjectId::Constraint(t, n) => {
                c.tables.get_mut(t).and_then(|t| t.constraints.get_mut(n)).map(|c| &mut c.comment)
            }
            ObjectId::Trigger(t, n) => c.tables.get_mut(t).and_then(|t| t.triggers.get_mut(n)).map(|t| &mut t.comment),
            ObjectId::Policy(t, n) => c.tables.get_mut(t).and_then(|t| t.policies.get_mut(n)).map(|p| &mut p.comment),
            ObjectId::Default(..) => None,
        };
        match slot {
            Some(slot) => {
                *slot = text;
                Ok(())
            }
            None => Err(format!("{} does not exist", id.describe())),
        }
    }

    // ----- object lookup ---------------------------------------------------

    /// The catalog object a statement names, `None` when it does not exist.
    fn object_id(&self, target: &ObjectRef) -> Result<Option<ObjectId>, String> {
        let c = &self.catalog;
        Ok(match target {
            ObjectRef::Schema(s) => c.schemas.contains_key(s).then(|| ObjectId::Schema(s.clone())),
            ObjectRef::Extension(e) => c.extensions.contains_key(e).then(|| ObjectId::Extension(e.clone())),
            ObjectRef::Table(n) => match self.find_relation(n) {
                Some(q) if c.tables.contains_key(&q) => Some(ObjectId::Table(q)),
                Some(q) => return Err(format!("\"{}\" is not a table", q.name)),
                None => None,
            },
            ObjectRef::View(n) => match self.find_relation(n) {
                Some(q) if c.views.get(&q).is_some_and(|v| !v.materialized) => Some(ObjectId::View(q)),
                Some(q) => return Err(format!("\"{}\" is not a view", q.name)),
                None => None,
            },
            ObjectRef::MaterializedView(n) => match self.find_relation(n) {
                Some(q) if c.views.get(&q).is_some_and(|v| v.materialized) => Some(ObjectId::View(q)),
                Some(q) => return Err(format!("\"{}\" is not a materialized view", q.name)),
                None => None,
            },
            ObjectRef::Sequence(n) => match self.find_relation(n) {
                Some(q) if c.sequences.contains_key(&q) => Some(ObjectId::Sequence(q)),
                Some(q) => return Err(format!("\"{}\" is not a sequence", q.name)),
                None => None,
            },
            ObjectRef::Index(n) => match self.find_relation(n) {
                Some(q) if c.indexes.contains_key(&q) => Some(ObjectId::Index(q)),
                Some(q) => match c.constraint_index_owner(&q) {
                    Some(table) => Some(ObjectId::Constraint(table.clone(), q.name.clone())),
                    None => return Err(format!("\"{}\" is not an index", q.name)),
                },
                None => None,
            },
            ObjectRef::Type(n) | ObjectRef::Domain(n) => {
                let q = self.find(n, |q| c.types.contains_key(q));
                match (&q, target) {
                    (Some(q), ObjectRef::Domain(_)) if !matches!(c.types[q].kind, TypeKind::Domain { .. }) => {
                        return Err(format!("\"{}\" is not a domain", q.name))
                    }
                    _ => q.map(ObjectId::Type),
                }
            }
            ObjectRef::Column { table, column } => {
                let q = self.find_relation(table).ok_or_else(|| format!("relation \"{table}\" does not exist"))?;
                let exists = c.tables.get(&q).is_some_and(|t| t.column(column).is_some())
                    || c.views.get(&q).is_some_and(|v| v.columns.contains(column));
                exists.then(|| ObjectId::Column(q, column.clone()))
            }
            ObjectRef::Attribute { type_name, name } => {
                let q = self
                    .find(type_name, |q| c.types.contains_key(q))
                    .ok_or_else(|| format!("type \"{type_name}\" does not exist"))?;
                Some(ObjectId::Column(q, name.clone()))
            }
            ObjectRef::Constraint { table, name } => {
                let q = self.table_name(table)?;
                c.tables[&q].constraints.contains_key(name).then(|| ObjectId::Constraint(q, name.clone()))
            }
            ObjectRef::DomainConstraint { domain, .. } => {
                let q = self
                    .find(domain, |q| c.types.contains_key(q))
                    .ok_or_else(|| format!("type \"{domain}\" does not exist"))?;
                Some(ObjectId::Type(q))
            }
            ObjectRef::Trigger { table, name } => {
                let q = self.table_name(table)?;
                c.tables[&q].triggers.contains_key(name).then(|| ObjectId::Trigger(q, name.clone()))
            }
            ObjectRef::Policy { table, name } => {
                let q = self.table_name(table)?;
                c.tables[&q].policies.contains_key(name).then(|| ObjectId::Policy(q, name.clone()))
            }
            ObjectRef::Function { name, args, .. } => {
                self.find_function(name, args.as_deref())?.map(ObjectId::Function)
            }
        })
    }

    // ----- DROP ------------------------------------------------------------

    fn drop(&mut self, targets: &[ObjectRef], if_exists: bool, cascade: bool) -> Outcome {
        let mut ids = Vec::new();
        for target in targets {
            match self.object_id(target)? {
                Some(id) => ids.push(id),
                None if if_exists => {}
                None => return Err(format!("{} \"{}\" does not exist", target.kind(), describe_ref(target))),
            }
        }
        if ids.is_empty() {
            return Ok(());
        }
        // DROP INDEX on a constraint's index is refused.
        if let Some(ObjectId::Constraint(t, n)) = ids.iter().find(|i| matches!(i, ObjectId::Constraint(..))) {
            if targets.iter().any(|t| matches!(t, ObjectRef::Index(_))) {
                return Err(format!("cannot drop index {n} because constraint {n} on table {} requires it", t.name));
            }
        }
        self.drop_objects(ids, cascade)
    }

    /// Drops objects and everything that depends on them, the way PostgreSQL's
    /// dependency machinery does: automatic dependents go silently, normal ones only
    /// with CASCADE.
    fn drop_objects(&mut self, targets: Vec<ObjectId>, cascade: bool) -> Outcome {
        let graph = DependencyGraph::build_for(&self.catalog, &targets);
        let plan = graph.drop_plan(&targets);
        if !cascade {
            if let Some((dependent, on)) = plan.blockers.first() {
                let first = targets.first().map(ObjectId::describe).unwrap_or_default();
                return Err(format!(
                    "cannot drop {first} because other objects depend on it: {} depends on {}",
                    dependent.describe(),
                    on.describe()
                ));
            }
        }
        for id in &plan.objects {
            self.remove(id);
        }
        Ok(())
    }

    fn remove(&mut self, id: &ObjectId) {
        let c = &mut self.catalog;
        match id {
            ObjectId::Schema(s) => {
                c.schemas.remove(s);
            }
            ObjectId::Table(q) => {
                c.tables.remove(q);
            }
            ObjectId::View(q) => {
                c.views.remove(q);
            }
            ObjectId::Sequence(q) => {
                c.sequences.remove(q);
            }
            ObjectId::Index(q) => {
                c.indexes.remove(q);
            }
            ObjectId::Type(q) => {
                if c.types.remove(q).is_none() {
                    // DROP TYPE of a table's row type is refused by the server; nothing to do here.
                }
            }
            ObjectId::Function(f) => {
                c.functions.remove(f);
            }
            ObjectId::Extension(e) => {
                c.extensions.remove(e);
            }
            ObjectId::Column(t, col) => {
                if let Some(t) = c.tables.get_mut(t) {
                    t.columns.retain(|x| &x.name != col);
                } else if let Some(TypeKind::Composite { attributes }) = c.types.get_mut(t).map(|x| &mut x.kind) {
                    attributes.retain(|(n, _)| n != col);
                }
            }
            ObjectId::Constraint(t, n) => {
                if let Some(t) = c.tables.get_mut(t) {
                    t.constraints.remove(n);
                }
            }
            ObjectId::Trigger(t, n) => {
                if let Some(t) = c.tables.get_mut(t) {
                    t.triggers.remove(n);
                }
            }
            ObjectId::Policy(t, n) => {
                if let Some(t) = c.tables.get_mut(t) {
                    t.policies.remove(n);
                }
            }
            ObjectId::Default(t, col) => {
                if let Some(col) = c.tables.get_mut(t).and_then(|t| t.column_mut(col)) {
                    col.default = None;
                }
            }
        }
    }

    // ----- RENAME / SET SCHEMA ---------------------------------------------

    fn rename(&mut self, target: &ObjectRef, new_name: &str, if_exists: bool) -> Outcome {
        if let ObjectRef::DomainConstraint { domain, name } = target {
            return self.rename_domain_constraint(domain, name, new_name);
        }
        let relation = match target {
            ObjectRef::Table(n)
            | ObjectRef::View(n)
            | ObjectRef::MaterializedView(n)
            | ObjectRef::Sequence(n)
            | ObjectRef::Index(n) => self.find_relation(n),
            _ => None,
        };
        let id = match relation {
            Some(q) if self.constraint_index_owner(&q).is_some() => {
                self.object_id(&ObjectRef::Index(ObjName::new(Some(q.schema.clone()), &q.name)))?
            }
            Some(q) => Some(ObjectId::Table(q)),
            None => self.object_id(target)?,
        };
        let Some(id) = id else {
            return if if_exists {
                Ok(())
            } else {
                Err(format!("{} \"{}\" does not exist", target.kind(), describe_ref(target)))
            };
        };
        let new_taken = match &id {
            ObjectId::Table(q) | ObjectId::View(q) | ObjectId::Sequence(q) | ObjectId::Index(q) | ObjectId::Type(q) => {
                self.relation_taken(&QualifiedName::new(&q.schema, new_name))
            }
            _ => false,
        };
        let c = &mut self.catalog;
        match id {
            ObjectId::Schema(old) => {
                if c.schemas.contains_key(new_name) {
                    return Err(format!("schema \"{new_name}\" already exists"));
                }
                let mut moved = c.clone();
                rename_schema(&mut moved, &old, new_name);
                *c = moved;
            }
            ObjectId::Table(q) | ObjectId::View(q) | ObjectId::Sequence(q) | ObjectId::Index(q) => {
                let new = QualifiedName::new(&q.schema, new_name);
                if new_taken {
                    return Err(format!("relation \"{new_name}\" already exists"));
                }
                move_relation(c, &q, &new);
            }
            ObjectId::Type(q) => {
                let new = QualifiedName::new(&q.schema, new_name);
                if c.types.contains_key(&new) || new_taken {
                    return Err(format!("type \"{new_name}\" already exists"));
                }
                move_type(c, &q, &new);
            }
            ObjectId::Column(t, old) => {
                if let Some(table) = c.tables.get(&t) {
                    if table.column(new_name).is_some() {
                        return Err(format!("column \"{new_name}\" of relation \"{}\" already exists", t.name));
                    }
                    let mut affected = vec![t.clone()];
                    affected.extend(
                        c.tables
                            .values()
                            .filter(|x| {
                                x.inherits.contains(&t) || x.partition_of.as_ref().is_some_and(|(p, _)| p == &t)
                            })
                            .map(|x| x.name.clone()),
                    );
                    for name in affected {
                        rename_column(c, &name, &old, new_name);
                    }
                } else if let Some(v) = c.views.get_mut(&t) {
                    if let Some(col) = v.columns.iter_mut().find(|x| **x == old) {
                        *col = new_name.to_owned();
                    }
                    rename_reads(c, &t, &old, new_name);
                } else if let Some(TypeKind::Composite { attributes }) = c.types.get_mut(&t).map(|x| &mut x.kind) {
                    if let Some(a) = attributes.iter_mut().find(|(n, _)| *n == old) {
                        a.0 = new_name.to_owned();
                    }
                    let typed: Vec<QualifiedName> =
                        c.tables.values().filter(|x| x.of_type.as_ref() == Some(&t)).map(|x| x.name.clone()).collect();
                    for name in typed {
                        rename_column(c, &name, &old, new_name);
                    }
                }
            }
            ObjectId::Constraint(t, old) => {
                let table = c.tables.get_mut(&t).ok_or("table vanished")?;
                if table.constraints.contains_key(new_name) {
                    return Err(format!("constraint \"{new_name}\" for relation \"{}\" already exists", t.name));
                }
                if let Some(mut con) = table.constraints.remove(&old) {
                    con.name = new_name.to_owned();
                    table.constraints.insert(new_name.to_owned(), con);
                }
            }
            ObjectId::Trigger(t, old) => {
                let table = c.tables.get_mut(&t).ok_or("table vanished")?;
                if let Some(mut trg) = table.triggers.remove(&old) {
                    trg.name = new_name.to_owned();
                    table.triggers.insert(new_name.to_owned(), trg);
                }
            }
            ObjectId::Policy(t, old) => {
                let table = c.tables.get_mut(&t).ok_or("table vanished")?;
                if let Some(mut p) = table.policies.remove(&old) {
                    p.name = new_name.to_owned();
                    table.policies.insert(new_name.to_owned(), p);
                }
            }
            ObjectId::Function(f) => {
                let new = FunctionId { name: QualifiedName::new(&f.name.schema, new_name), args: f.args.clone() };
                if c.functions.contains_key(&new) {
                    return Err(format!("function {new} already exists"));
                }
                move_function(c, &f, new);
            }
            ObjectId::Extension(_) | ObjectId::Default(..) => return Err("cannot rename this object".into()),
        }
        Ok(())
    }

    fn rename_domain_constraint(&mut self, domain: &ObjName, old: &str, new: &str) -> Outcome {
        let q = self
            .find(domain, |q| self.catalog.types.contains_key(q))
            .ok_or_else(|| format!("type \"{domain}\" does not exist"))?;
        let Some(TypeKind::Domain { checks, .. }) = self.catalog.types.get_mut(&q).map(|t| &mut t.kind) else {
            return Err(format!("\"{}\" is not a domain", q.name));
        };
        if checks.contains_key(new) {
            return Err(format!("constraint \"{new}\" for domain \"{}\" already exists", q.name));
        }
        let expr = checks
            .remove(old)
            .ok_or_else(|| format!("constraint \"{old}\" for domain \"{}\" does not exist", q.name))?;
        checks.insert(new.to_owned(), expr);
        Ok(())
    }

    fn set_schema(&mut self, target: &ObjectRef, new_schema: &str, if_exists: bool) -> Outcome {
        let Some(id) = self.object_id(target)? else {
            return if if_exists {
                Ok(())
            } else {
                Err(format!("{} \"{}\" does not exist", target.kind(), describe_ref(target)))
            };
        };
        if !self.catalog.schemas.contains_key(new_schema) {
            return Err(format!("schema \"{new_schema}\" does not exist"));
        }
        let new_taken = match &id {
            ObjectId::Table(q) | ObjectId::View(q) | ObjectId::Sequence(q) => {
                self.relation_taken(&QualifiedName::new(new_schema, &q.name))
            }
            _ => false,
        };
        let c = &mut self.catalog;
        match id {
            ObjectId::Table(q) | ObjectId::View(q) | ObjectId::Sequence(q) => {
                let new = QualifiedName::new(new_schema, &q.name);
                if new_taken {
                    return Err(format!("relation \"{}\" already exists in schema \"{new_schema}\"", q.name));
                }
                // Indexes, constraints' indexes and owned sequences move with a table.
                let indexes: Vec<QualifiedName> =
                    c.indexes.values().filter(|i| i.table == q).map(|i| i.name.clone()).collect();
                let owned: Vec<QualifiedName> = c
                    .sequences
                    .values()
                    .filter(|s| s.owned_by.as_ref().is_some_and(|(t, _)| t == &q))
                    .map(|s| s.name.clone())
                    .collect();
                move_relation(c, &q, &new);
                for i in indexes {
                    move_relation(c, &i, &QualifiedName::new(new_schema, &i.name));
                }
                for s in owned {
                    move_relation(c, &s, &QualifiedName::new(new_schema, &s.name));
                }
                if let Some(t) = c.tables.get_mut(&new) {
                    for col in &mut t.columns {
                        if let Some(id) = &mut col.identity {
                            id.sequence.schema = new_schema.to_owned();
                        }
                    }
                }
            }
            ObjectId::Type(q) => {
                let new = QualifiedName::new(new_schema, &q.name);
                if c.types.contains_key(&new) {
                    return Err(format!("type \"{}\" already exists in schema \"{new_schema}\"", q.name));
                }
                move_type(c, &q, &new);
            }
            ObjectId::Function(f) => {
                let new = FunctionId { name: QualifiedName::new(new_schema, &f.name.name), args: f.args.clone() };
                move_function(c, &f, new);
            }
            ObjectId::Extension(e) => {
                let Some(ext) = c.extensions.get_mut(&e) else { return Ok(()) };
                let old_schema = std::mem::replace(&mut ext.schema, new_schema.to_owned());
                let types = extension_types(&e);
                for t in c.tables.values_mut() {
                    for col in &mut t.columns {
                        if col.ty.schema.as_deref() == Some(old_schema.as_str())
                            && types.contains(&col.ty.name.as_str())
                        {
                            col.ty.schema = Some(new_schema.to_owned());
                        }
                    }
                }
            }
            other => return Err(format!("cannot move {} to another schema", other.describe())),
        }
        Ok(())
    }
}

fn k_first(key: &Option<PartitionKey>) -> Option<&str> {
    key.as_ref().and_then(|k| k.elements.first()).map(String::as_str)
}

/// The partition constraint of a single-column RANGE or LIST bound, as
/// `DETACH PARTITION ... CONCURRENTLY` leaves it behind.
fn partition_constraint(key: &PartitionKey, bound: &str) -> Option<Expr> {
    let [column] = key.elements.as_slice() else { return None };
    let col = || Box::new(Expr::Column(vec![column.clone()]));
    let literal = |s: &str| -> Option<Expr> {
        let s = s.trim();
        let inner = s.strip_prefix('\'')?.strip_suffix('\'')?;
        Some(Expr::String(inner.replace("''", "'")))
    };
    let not_null = Expr::IsNull { arg: col(), negated: true };
    if let Some(rest) = bound.strip_prefix("FOR VALUES FROM (") {
        let (lo, rest) = rest.split_once(") TO (")?;
        let hi = rest.strip_suffix(')')?;
        if lo.contains(',') || hi.contains(',') {
            return None;
        }
        let mut parts = vec![not_null];
        if lo != "MINVALUE" {
            parts.push(Expr::Op { op: ">=".into(), left: Some(col()), right: Box::new(literal(lo)?) });
        }
        if hi != "MAXVALUE" {
            parts.push(Expr::Op { op: "<".into(), left: Some(col()), right: Box::new(literal(hi)?) });
        }
        return Some(Expr::And(parts));
    }
    None
}

/// `ChooseIndexColumnNames`: a column's name, a function call's name, else `expr`.
fn index_name_addition(keys: &[IndexKey]) -> String {
    let names: Vec<String> = keys
        .iter()
        .map(|k| match &k.key {
            KeyExpr::Column(c) => c.clone(),
            KeyExpr::Expression(Expr::Call { name, .. }) => name.clone(),
            KeyExpr::Expression(_) => "expr".into(),
        })
        .collect();
    column_addition(&names)
}

fn describe_ref(target: &ObjectRef) -> String {
    match target {
        ObjectRef::Schema(s) | ObjectRef::Extension(s) => s.clone(),
        ObjectRef::Table(n)
        | ObjectRef::View(n)
        | ObjectRef::MaterializedView(n)
        | ObjectRef::Sequence(n)
        | ObjectRef::Index(n)
        | ObjectRef::Type(n)
        | ObjectRef::Domain(n) => n.to_string(),
        ObjectRef::Column { table, column } => format!("{table}.{column}"),
        ObjectRef::Attribute { type_name, name } => format!("{type_name}.{name}"),
        ObjectRef::Constraint { table, name }
        | ObjectRef::Trigger { table, name }
        | ObjectRef::Policy { table, name } => {
            format!("{name}\" on \"{table}")
        }
        ObjectRef::DomainConstraint { domain, name } => format!("{name}\" on \"{domain}"),
        ObjectRef::Function { name, .. } => name.to_string(),
    }
}

fn is_builtin(name: &str) -> bool {
    TypeName::from_parts(&[name.to_owned()], Vec::new(), 0).name != name || BUILTIN_TYPES.contains(&name)
}

/// Built-in types whose canonical name equals their written name.
const BUILTIN_TYPES: &[&str] = &[
    "text",
    "date",
    "interval",
    "bit",
    "bytea",
    "uuid",
    "json",
    "jsonb",
    "xml",
    "inet",
    "cidr",
    "macaddr",
    "macaddr8",
    "money",
    "oid",
    "regclass",
    "regtype",
    "name",
    "tsvector",
    "tsquery",
    "point",
    "line",
    "lseg",
    "box",
    "path",
    "polygon",
    "circle",
    "int4range",
    "int8range",
    "numrange",
    "tsrange",
    "tstzrange",
    "daterange",
    "int4multirange",
    "datemultirange",
    "tstzmultirange",
    "record",
    "trigger",
    "void",
    "anyelement",
    "anyarray",
    "anyenum",
    "cstring",
    "internal",
    "event_trigger",
    "pg_lsn",
    "txid_snapshot",
    "pg_snapshot",
    "regproc",
    "regprocedure",
    "regnamespace",
    "regrole",
    "xid",
    "xid8",
    "tid",
    "cid",
    "integer",
    "bigint",
    "smallint",
    "numeric",
    "real",
    "boolean",
    "character",
    "serial",
    "bigserial",
    "smallserial",
    "serial4",
    "serial8",
    "serial2",
    "anynonarray",
    "anycompatible",
    "anycompatiblearray",
    "language_handler",
    "fdw_handler",
    "index_am_handler",
    "tsm_handler",
    "table_am_handler",
    "unknown",
    "refcursor",
    "aclitem",
    "gtsvector",
    "int2vector",
    "oidvector",
    "regconfig",
    "regdictionary",
];

fn new_sequence(name: QualifiedName, data_type: TypeName, owned_by: Option<(QualifiedName, String)>) -> Sequence {
    let max = match data_type.name.as_str() {
        "integer" => i32::MAX as i64,
        "smallint" => i16::MAX as i64,
        _ => i64::MAX,
    };
    Sequence {
        name,
        data_type,
        start: 1,
        increment: 1,
        min_value: 1,
        max_value: max,
        cache: 1,
        cycle: false,
        owned_by,
        unlogged: false,
        comment: None,
    }
}

fn type_bounds(ty: &TypeName) -> (i64, i64) {
    match ty.name.as_str() {
        "integer" => (i32::MIN as i64, i32::MAX as i64),
        "smallint" => (i16::MIN as i64, i16::MAX as i64),
        _ => (i64::MIN, i64::MAX),
    }
}

/// Applies written sequence options (`init_params` in the server). On CREATE, what
/// is not written takes its default from the type and direction; on ALTER, a new
/// type moves the bounds that sat at the old type's limits, and nothing else changes.
fn apply_sequence_options(seq: &mut Sequence, o: &SequenceOptions, creating: bool) {
    let (old_min, old_max) = type_bounds(&seq.data_type);
    if let Some(t) = &o.data_type {
        seq.data_type = t.clone();
    }
    if let Some(i) = o.increment {
        seq.increment = i;
    }
    let (type_min, type_max) = type_bounds(&seq.data_type);
    let ascending = seq.increment > 0;
    let default_max = if ascending { type_max } else { -1 };
    let default_min = if ascending { 1 } else { type_min };
    match o.max_value {
        Some(Some(v)) => seq.max_value = v,
        Some(None) => seq.max_value = default_max,
        None if creating => seq.max_value = default_max,
        None if o.data_type.is_some() && seq.max_value == old_max => seq.max_value = type_max,
        None => {}
    }
    match o.min_value {
        Some(Some(v)) => seq.min_value = v,
        Some(None) => seq.min_value = default_min,
        None if creating => seq.min_value = default_min,
        None if o.data_type.is_some() && seq.min_value == old_min => seq.min_value = type_min,
        None => {}
    }
    match o.start {
        Some(s) => seq.start = s,
        None if creating => seq.start = if ascending { seq.min_value } else { seq.max_value },
        None => {}
    }
    if let Some(c) = o.cache {
        seq.cache = c;
    }
    if let Some(c) = o.cycle {
        seq.cycle = c;
    }
}

fn merge_sequence_options(into: &mut SequenceOptions, from: &SequenceOptions) {
    macro_rules! take {
        ($($f:ident),*) => {$( if from.$f.is_some() { into.$f = from.$f.clone(); } )*};
    }
    take!(data_type, start, increment, min_value, max_value, cache, cycle);
}

/// Renames a column and carries the rename into everything that refers to it by
/// definition (constraints, indexes, views' reads, sequences' ownership), as the
/// server does. Generated names (of constraints, indexes) do not change.
fn rename_column(c: &mut Catalog, table: &QualifiedName, old: &str, new: &str) {
    let rename_list = |cols: &mut Vec<String>| {
        for x in cols.iter_mut() {
            if x == old {
                *x = new.to_owned();
            }
        }
    };
    if let Some(t) = c.tables.get_mut(table) {
        if let Some(col) = t.column_mut(old) {
            col.name = new.to_owned();
        }
        for col in &mut t.columns {
            if let Some(g) = &mut col.generated {
                g.rename_column(old, new);
            }
        }
        for con in t.constraints.values_mut() {
            match &mut con.kind {
                ConstraintKind::PrimaryKey { columns, include } | ConstraintKind::Unique { columns, include, .. } => {
                    rename_list(columns);
                    rename_list(include);
                }
                ConstraintKind::ForeignKey { columns, .. } => rename_list(columns),
                ConstraintKind::Check { expr } => expr.rename_column(old, new),
                ConstraintKind::Exclude { elements, predicate, .. } => {
                    for (k, _) in elements.iter_mut() {
                        rename_key(k, old, new);
                    }
                    if let Some(p) = predicate {
                        p.rename_column(old, new);
                    }
                }
            }
        }
        for trg in t.triggers.values_mut() {
            rename_list(&mut trg.update_columns);
            if let Some(w) = &mut trg.when {
                w.rename_column(old, new);
            }
        }
        for p in t.policies.values_mut() {
            for e in [&mut p.using, &mut p.check].into_iter().flatten() {
                e.rename_column(old, new);
            }
        }
        if let Some(key) = &mut t.partition_key {
            rename_list(&mut key.elements);
        }
    }
    for other in c.tables.values_mut() {
        for con in other.constraints.values_mut() {
            if let ConstraintKind::ForeignKey { ref_table, ref_columns, .. } = &mut con.kind {
                if ref_table == table {
                    rename_list(ref_columns);
                }
            }
        }
    }
    for idx in c.indexes.values_mut().filter(|i| &i.table == table) {
        for k in &mut idx.keys {
            rename_key(k, old, new);
        }
        rename_list(&mut idx.include);
        if let Some(p) = &mut idx.predicate {
            p.rename_column(old, new);
        }
    }
    rename_reads(c, table, old, new);
    for s in c.sequences.values_mut() {
        if let Some((t, col)) = &mut s.owned_by {
            if t == table && col == old {
                *col = new.to_owned();
            }
        }
    }
}

/// Views and function bodies that read a renamed column read it under the new name.
fn rename_reads(c: &mut Catalog, relation: &QualifiedName, old: &str, new: &str) {
    let fix = |reads: &mut BTreeMap<QualifiedName, Vec<String>>| {
        if let Some(cols) = reads.get_mut(relation) {
            for x in cols.iter_mut() {
                if x == old {
                    *x = new.to_owned();
                }
            }
            cols.sort();
        }
    };
    c.views.values_mut().for_each(|v| fix(&mut v.reads));
    c.functions.values_mut().for_each(|f| fix(&mut f.reads));
}

fn rename_key(k: &mut IndexKey, old: &str, new: &str) {
    match &mut k.key {
        KeyExpr::Column(c) if c == old => *c = new.to_owned(),
        KeyExpr::Expression(e) => e.rename_column(old, new),
        _ => {}
    }
}

/// Moves a relation to a new name and points every reference at the new name.
fn move_relation(c: &mut Catalog, old: &QualifiedName, new: &QualifiedName) {
    if let Some(mut t) = c.tables.remove(old) {
        t.name = new.clone();
        c.tables.insert(new.clone(), t);
    } else if let Some(mut v) = c.views.remove(old) {
        v.name = new.clone();
        c.views.insert(new.clone(), v);
    } else if let Some(mut s) = c.sequences.remove(old) {
        s.name = new.clone();
        c.sequences.insert(new.clone(), s);
    } else if let Some(mut i) = c.indexes.remove(old) {
        i.name = new.clone();
        c.indexes.insert(new.clone(), i);
    } else if let Some(table) = c.constraint_index_owner(old).cloned() {
        // Renaming a constraint's index renames the constraint.
        if let Some(t) = c.tables.get_mut(&table) {
            if let Some(mut con) = t.constraints.remove(&old.name) {
                con.name = new.name.clone();
                t.constraints.insert(new.name.clone(), con);
            }
        }
        return;
    } else if let Some((table, column)) = c.identity_sequence_owner(old).map(|(t, c)| (t.clone(), c.to_owned())) {
        if let Some(id) = c.tables.get_mut(&table).and_then(|t| t.column_mut(&column)).and_then(|c| c.identity.as_mut())
        {
            id.sequence = new.clone();
        }
        return;
    }
    let fix = |q: &mut QualifiedName| {
        if q == old {
            *q = new.clone();
        }
    };
    for t in c.tables.values_mut() {
        t.inherits.iter_mut().for_each(fix);
        if let Some((p, _)) = &mut t.partition_of {
            fix(p);
        }
        for con in t.constraints.values_mut() {
            if let ConstraintKind::ForeignKey { ref_table, .. } = &mut con.kind {
                fix(ref_table);
            }
        }
        for col in &mut t.columns {
            if let Some(d) = &mut col.default {
                rename_sequence_refs(d, old, new);
            }
        }
    }
    for i in c.indexes.values_mut() {
        fix(&mut i.table);
    }
    for s in c.sequences.values_mut() {
        if let Some((t, _)) = &mut s.owned_by {
            fix(t);
        }
    }
    for v in c.views.values_mut() {
        if let Some(cols) = v.reads.remove(old) {
            v.reads.insert(new.clone(), cols);
        }
    }
    for f in c.functions.values_mut() {
        if let Some(cols) = f.reads.remove(old) {
            f.reads.insert(new.clone(), cols);
        }
    }
}

fn rename_sequence_refs(e: &mut Expr, old: &QualifiedName, new: &QualifiedName) {
    e.rewrite(&mut |node| {
        if let Expr::SequenceCall { sequence: SequenceRef::Resolved(q), .. } = node {
            if q == old {
                *q = new.clone();
            }
        }
    });
}

fn move_type(c: &mut Catalog, old: &QualifiedName, new: &QualifiedName) {
    if let Some(mut t) = c.types.remove(old) {
        t.name = new.clone();
        c.types.insert(new.clone(), t);
    }
    let fix_ty = |ty: &mut TypeName| {
        if ty.schema.as_deref() == Some(old.schema.as_str()) && ty.name == old.name {
            ty.schema = Some(new.schema.clone());
            ty.name = new.name.clone();
        }
    };
    for t in c.tables.values_mut() {
        for col in &mut t.columns {
            fix_ty(&mut col.ty);
        }
        if t.of_type.as_ref() == Some(old) {
            t.of_type = Some(new.clone());
        }
    }
    for ty in c.types.values_mut() {
        match &mut ty.kind {
            TypeKind::Composite { attributes } => attributes.iter_mut().for_each(|(_, t)| fix_ty(t)),
            TypeKind::Domain { base, .. } => fix_ty(base),
            TypeKind::Enum { .. } => {}
        }
    }
    let old_text =
        TypeName { schema: Some(old.schema.clone()), name: old.name.clone(), modifiers: Vec::new(), array_dims: 0 }
            .to_string();
    let new_text =
        TypeName { schema: Some(new.schema.clone()), name: new.name.clone(), modifiers: Vec::new(), array_dims: 0 }
            .to_string();
    let functions: Vec<Function> = std::mem::take(&mut c.functions).into_values().collect();
    for mut f in functions {
        for a in &mut f.id.args {
            if a.starts_with(&old_text) {
                *a = a.replacen(&old_text, &new_text, 1);
            }
        }
        for p in &mut f.params {
            *p = p.replace(&old_text, &new_text);
        }
        if let Some(r) = &mut f.returns {
            *r = r.replace(&old_text, &new_text);
        }
        f.uses_types.iter_mut().for_each(|q| {
            if q == old {
                *q = new.clone();
            }
        });
        c.functions.insert(f.id.clone(), f);
    }
}

fn move_function(c: &mut Catalog, old: &FunctionId, new: FunctionId) {
    if let Some(mut f) = c.functions.remove(old) {
        f.id = new.clone();
        c.functions.insert(new.clone(), f);
    }
    for t in c.tables.values_mut() {
        for trg in t.triggers.values_mut() {
            if &trg.function == old {
                trg.function = new.clone();
            }
        }
    }
}

fn rename_schema(c: &mut Catalog, old: &str, new: &str) {
    let mv = |q: &QualifiedName| if q.schema == old { QualifiedName::new(new, &q.name) } else { q.clone() };
    if let Some(mut s) = c.schemas.remove(old) {
        s.name = new.to_owned();
        c.schemas.insert(new.to_owned(), s);
    }
    let tables: Vec<QualifiedName> = c
        .tables
        .keys()
        .chain(c.views.keys())
        .chain(c.sequences.keys())
        .chain(c.indexes.keys())
        .filter(|q| q.schema == old)
        .cloned()
        .collect();
    for q in tables {
        move_relation(c, &q, &mv(&q));
    }
    let types: Vec<QualifiedName> = c.types.keys().filter(|q| q.schema == old).cloned().collect();
    for q in types {
        move_type(c, &q, &mv(&q));
    }
    let functions: Vec<FunctionId> = c.functions.keys().filter(|f| f.name.schema == old).cloned().collect();
    for f in functions {
        let new_id = FunctionId { name: mv(&f.name), args: f.args.clone() };
        move_function(c, &f, new_id);
    }
    for t in c.tables.values_mut() {
        for col in &mut t.columns {
            if let Some(id) = &mut col.identity {
                id.sequence = mv(&id.sequence);
            }
        }
    }
    for e in c.extensions.values_mut() {
        if e.schema == old {
            e.schema = new.to_owned();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sql::parse_statement;

    fn replay(sql: &str) -> Replay {
        let mut r = Replay::new();
        let file: std::sync::Arc<str> = std::sync::Arc::from("test.sql");
        for piece in crate::input::script::split_str(sql) {
            if let crate::input::Piece::Statement { sql, line, column, offset } = piece {
                let stmt = parse_statement(sql, Location::new(file.clone(), line, column, offset));
                for change in &stmt.changes {
                    r.apply(change, &stmt.location);
                }
            }
        }
        r
    }

    fn constraint_names(r: &Replay, table: &str) -> Vec<String> {
        r.catalog.tables[&QualifiedName::new("public", table)].constraints.keys().cloned().collect()
    }

    #[test]
    fn generated_names_see_earlier_constraints_of_the_same_statement() {
        let r = replay("CREATE TABLE t (a int, UNIQUE (a), UNIQUE (a));");
        assert_eq!(constraint_names(&r, "t"), vec!["t_a_key", "t_a_key1"]);
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    }

    #[test]
    fn generated_names_avoid_names_of_a_renamed_table() {
        let r = replay(
            "CREATE TABLE orders (id int PRIMARY KEY, total int CHECK (total > 0));
             ALTER TABLE orders RENAME TO old_orders;
             CREATE TABLE orders (id int PRIMARY KEY, total int CHECK (total > 0));",
        );
        assert_eq!(constraint_names(&r, "orders"), vec!["orders_pkey1", "orders_total_check1"]);
    }

    #[test]
    fn identity_sequences_are_taken_names() {
        let r = replay(
            "CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY);
             CREATE SEQUENCE t_id_seq;",
        );
        assert_eq!(r.diagnostics.len(), 1);
        assert!(r.diagnostics[0].message.contains("already exists"), "{}", r.diagnostics[0].message);
    }

    #[test]
    fn a_failed_statement_aborts_its_transaction_and_commit_rolls_back() {
        let r = replay(
            "CREATE TABLE kept (id int);
             BEGIN;
             CREATE TABLE lost (id int);
             ALTER TABLE missing ADD COLUMN x int;
             CREATE TABLE ignored (id int);
             COMMIT;
             CREATE TABLE after (id int);",
        );
        let tables: Vec<&str> = r.catalog.tables.keys().map(|q| q.name.as_str()).collect();
        assert_eq!(tables, vec!["after", "kept"]);
        assert_eq!(r.diagnostics.len(), 1, "only the failing statement is reported: {:?}", r.diagnostics);
    }
}
