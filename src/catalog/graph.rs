//! The dependency graph of a catalog (petgraph): objects are nodes, and an edge
//! `a → b` says that `a` depends on `b`, with PostgreSQL's dependency kinds
//! (`pg_depend.deptype`): a *normal* dependent blocks a RESTRICT drop and goes
//! with CASCADE; an *automatic* or *internal* one goes silently.

use std::collections::{BTreeSet, VecDeque};
use std::fmt;

use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;
use petgraph::Direction;
use rustc_hash::FxHashMap;
use serde::Serialize;

use super::*;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ObjectId {
    Schema(String),
    Table(QualifiedName),
    Column(QualifiedName, String),
    /// A column's DEFAULT expression (an object of its own, as in `pg_attrdef`).
    Default(QualifiedName, String),
    Constraint(QualifiedName, String),
    Index(QualifiedName),
    Sequence(QualifiedName),
    View(QualifiedName),
    Type(QualifiedName),
    Function(FunctionId),
    Trigger(QualifiedName, String),
    Policy(QualifiedName, String),
    Extension(String),
}

impl ObjectId {
    /// PostgreSQL's own wording: `column "a" of table "t"`, `view v`.
    pub fn describe(&self) -> String {
        match self {
            ObjectId::Schema(s) => format!("schema {s}"),
            ObjectId::Table(q) => format!("table {}", q.plain()),
            ObjectId::Column(t, c) => format!("column {c} of {}", t.plain()),
            ObjectId::Default(t, c) => format!("default value for column {c} of {}", t.plain()),
            ObjectId::Constraint(t, n) => format!("constraint {n} on {}", t.plain()),
            ObjectId::Index(q) => format!("index {}", q.plain()),
            ObjectId::Sequence(q) => format!("sequence {}", q.plain()),
            ObjectId::View(q) => format!("view {}", q.plain()),
            ObjectId::Type(q) => format!("type {}", q.plain()),
            ObjectId::Function(f) => format!("function {}({})", f.name.plain(), f.args.join(", ")),
            ObjectId::Trigger(t, n) => format!("trigger {n} on {}", t.plain()),
            ObjectId::Policy(t, n) => format!("policy {n} on {}", t.plain()),
            ObjectId::Extension(e) => format!("extension {e}"),
        }
    }

    /// A short unquoted name (`public.t.col`), as accepted by `--impact`.
    pub fn path(&self) -> String {
        match self {
            ObjectId::Schema(s) | ObjectId::Extension(s) => s.clone(),
            ObjectId::Table(q) | ObjectId::Index(q) | ObjectId::Sequence(q) | ObjectId::View(q) | ObjectId::Type(q) => {
                q.plain()
            }
            ObjectId::Column(t, c) => format!("{}.{c}", t.plain()),
            ObjectId::Default(t, c) => format!("{}.{c}#default", t.plain()),
            ObjectId::Constraint(t, n) | ObjectId::Trigger(t, n) | ObjectId::Policy(t, n) => {
                format!("{}.{n}", t.plain())
            }
            ObjectId::Function(f) => format!("{}({})", f.name.plain(), f.args.join(", ")),
        }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            ObjectId::Schema(_) => "schema",
            ObjectId::Table(_) => "table",
            ObjectId::Column(..) => "column",
            ObjectId::Default(..) => "default",
            ObjectId::Constraint(..) => "constraint",
            ObjectId::Index(_) => "index",
            ObjectId::Sequence(_) => "sequence",
            ObjectId::View(_) => "view",
            ObjectId::Type(_) => "type",
            ObjectId::Function(_) => "function",
            ObjectId::Trigger(..) => "trigger",
            ObjectId::Policy(..) => "policy",
            ObjectId::Extension(_) => "extension",
        }
    }
}

impl fmt::Display for ObjectId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DepKind {
    /// Needs CASCADE to be dropped along (`DEPENDENCY_NORMAL`).
    Normal,
    /// Dropped along silently (`DEPENDENCY_AUTO`).
    Auto,
    /// Part of the referenced object (`DEPENDENCY_INTERNAL`): a table's columns.
    Internal,
}

pub struct DependencyGraph {
    pub graph: DiGraph<ObjectId, DepKind>,
    /// Look-up only, never iterated unsorted. Replay builds a graph for every DROP, and hashing
    /// (FxHash) beats comparing names; crafted collisions could slow a build, not change it.
    index: FxHashMap<ObjectId, NodeIndex>,
}

/// What a DROP takes: every object (targets first), and the normal dependencies
/// that make a RESTRICT drop fail.
#[derive(Debug, Default)]
pub struct DropPlan {
    pub objects: Vec<ObjectId>,
    pub blockers: Vec<(ObjectId, ObjectId)>,
}

impl DependencyGraph {
    pub fn build(catalog: &Catalog) -> Self {
        let mut g = DependencyGraph { graph: DiGraph::new(), index: FxHashMap::default() };
        g.populate(catalog, &|_| true);
        g
    }

    /// A graph that holds every dependent of `targets` (what a drop plan needs),
    /// built faster when all targets belong to tables: then only those tables and the
    /// tables that reference them (foreign keys, inheritance, partitions, row types),
    /// transitively, are taken in, with every view, function and type. Replay drops
    /// a column in a one-table migration many times; it need not build the whole graph.
    pub fn build_for(catalog: &Catalog, targets: &[ObjectId]) -> Self {
        let Some(tables) = targets.iter().map(|t| owning_table(catalog, t)).collect::<Option<BTreeSet<_>>>() else {
            return Self::build(catalog);
        };
        let relevant = referencing_closure(catalog, tables);
        let mut g = DependencyGraph { graph: DiGraph::new(), index: FxHashMap::default() };
        // Names that are not tables (a materialized view's indexes) are always kept.
        g.populate(catalog, &|t| relevant.contains(t) || !catalog.tables.contains_key(t));
        g
    }

    fn node(&mut self, id: ObjectId) -> NodeIndex {
        if let Some(&i) = self.index.get(&id) {
            return i;
        }
        let i = self.graph.add_node(id.clone());
        self.index.insert(id, i);
        i
    }

    fn edge(&mut self, from: ObjectId, to: ObjectId, kind: DepKind) {
        if from == to {
            return;
        }
        let a = self.node(from);
        let b = self.node(to);
        if !self.graph.edges_connecting(a, b).any(|e| *e.weight() == kind) {
            self.graph.add_edge(a, b, kind);
        }
    }

    fn type_dependency(&mut self, catalog: &Catalog, from: ObjectId, ty: &TypeName) {
        if let Some(schema) = &ty.schema {
            let q = QualifiedName::new(schema, &ty.name);
            if catalog.types.contains_key(&q) {
                self.edge(from, ObjectId::Type(q), DepKind::Normal);
            } else if catalog.tables.contains_key(&q) {
                self.edge(from, ObjectId::Table(q), DepKind::Normal);
            } else if let Some(ext) = catalog
                .extensions
                .values()
                .find(|e| &e.schema == schema && extension_types(&e.name).contains(&ty.name.as_str()))
            {
                self.edge(from, ObjectId::Extension(ext.name.clone()), DepKind::Normal);
            }
        }
    }

    /// Adds the catalog's objects and dependencies; objects of tables `keep` refuses
    /// (their columns, constraints, indexes, owned sequences...) are left out.
    fn populate(&mut self, c: &Catalog, keep: &dyn Fn(&QualifiedName) -> bool) {
        use DepKind::*;
        for s in c.schemas.keys() {
            self.node(ObjectId::Schema(s.clone()));
        }
        for e in c.extensions.values() {
            self.edge(ObjectId::Extension(e.name.clone()), ObjectId::Schema(e.schema.clone()), Normal);
        }
        for t in c.types.values() {
            let id = ObjectId::Type(t.name.clone());
            self.edge(id.clone(), ObjectId::Schema(t.name.schema.clone()), Normal);
            match &t.kind {
                TypeKind::Domain { base, .. } => self.type_dependency(c, id, base),
                TypeKind::Composite { attributes } => {
                    for (n, ty) in attributes {
                        let attr = ObjectId::Column(t.name.clone(), n.clone());
                        self.edge(attr.clone(), id.clone(), Internal);
                        self.type_dependency(c, attr, ty);
                    }
                }
                TypeKind::Enum { .. } => {}
            }
        }
        for t in c.tables.values().filter(|t| keep(&t.name)) {
            let table = ObjectId::Table(t.name.clone());
            self.edge(table.clone(), ObjectId::Schema(t.name.schema.clone()), Normal);
            let col = |name: &str| ObjectId::Column(t.name.clone(), name.to_owned());
            for column in &t.columns {
                self.edge(col(&column.name), table.clone(), Internal);
                self.type_dependency(c, col(&column.name), &column.ty);
                if let Some(d) = &column.default {
                    let def = ObjectId::Default(t.name.clone(), column.name.clone());
                    self.edge(def.clone(), col(&column.name), Auto);
                    for s in d.sequences() {
                        self.edge(def.clone(), ObjectId::Sequence(s), Normal);
                    }
                }
                if let Some(g) = &column.generated {
                    // Dropping a column a generated column reads needs CASCADE.
                    for other in g.columns() {
                        self.edge(col(&column.name), col(&other), Normal);
                    }
                }
            }
            if let Some((parent, _)) = &t.partition_of {
                self.edge(table.clone(), ObjectId::Table(parent.clone()), Auto);
            }
            for parent in &t.inherits {
                self.edge(table.clone(), ObjectId::Table(parent.clone()), Normal);
            }
            if let Some(ty) = &t.of_type {
                self.edge(table.clone(), ObjectId::Type(ty.clone()), Normal);
            }
            for con in t.constraints.values() {
                let id = ObjectId::Constraint(t.name.clone(), con.name.clone());
                self.edge(id.clone(), table.clone(), Auto);
                for column in con.kind.columns() {
                    self.edge(id.clone(), col(&column), Auto);
                }
                if let ConstraintKind::ForeignKey { ref_table, ref_columns, .. } = &con.kind {
                    for rc in ref_columns {
                        self.edge(id.clone(), ObjectId::Column(ref_table.clone(), rc.clone()), Normal);
                    }
                    // The referenced key's unique index.
                    if let Some(target) = c.tables.get(ref_table) {
                        let key = target.constraints.values().find(|k| match &k.kind {
                            ConstraintKind::PrimaryKey { columns, .. } | ConstraintKind::Unique { columns, .. } => {
                                same_set(columns, ref_columns)
                            }
                            _ => false,
                        });
                        if let Some(key) = key {
                            self.edge(id.clone(), ObjectId::Constraint(ref_table.clone(), key.name.clone()), Normal);
                        } else if let Some(idx) = c.indexes.values().find(|i| {
                            &i.table == ref_table
                                && i.unique
                                && i.predicate.is_none()
                                && same_set(&i.columns(), ref_columns)
                        }) {
                            self.edge(id.clone(), ObjectId::Index(idx.name.clone()), Normal);
                        }
                    }
                }
            }
            for trg in t.triggers.values() {
                let id = ObjectId::Trigger(t.name.clone(), trg.name.clone());
                self.edge(id.clone(), table.clone(), Auto);
                self.edge(id.clone(), ObjectId::Function(trg.function.clone()), Normal);
                for column in &trg.update_columns {
                    self.edge(id.clone(), col(column), Auto);
                }
                if let Some(w) = &trg.when {
                    for column in w.columns() {
                        self.edge(id.clone(), col(&column), Auto);
                    }
                }
            }
            for p in t.policies.values() {
                let id = ObjectId::Policy(t.name.clone(), p.name.clone());
                self.edge(id.clone(), table.clone(), Auto);
                for e in [&p.using, &p.check].into_iter().flatten() {
                    for column in e.columns() {
                        if t.column(&column).is_some() {
                            self.edge(id.clone(), col(&column), Normal);
                        }
                    }
                }
            }
        }
        for i in c.indexes.values().filter(|i| keep(&i.table)) {
            let id = ObjectId::Index(i.name.clone());
            let on = if c.tables.contains_key(&i.table) {
                ObjectId::Table(i.table.clone())
            } else {
                ObjectId::View(i.table.clone())
            };
            self.edge(id.clone(), on, Auto);
            for column in i.columns() {
                self.edge(id.clone(), ObjectId::Column(i.table.clone(), column), Auto);
            }
        }
        for s in c.sequences.values().filter(|s| s.owned_by.as_ref().is_none_or(|(t, _)| keep(t))) {
            let id = ObjectId::Sequence(s.name.clone());
            self.edge(id.clone(), ObjectId::Schema(s.name.schema.clone()), Normal);
            if let Some((t, column)) = &s.owned_by {
                self.edge(id, ObjectId::Column(t.clone(), column.clone()), Auto);
            }
        }
        for v in c.views.values() {
            let id = ObjectId::View(v.name.clone());
            self.edge(id.clone(), ObjectId::Schema(v.name.schema.clone()), Normal);
            for (rel, cols) in &v.reads {
                let target =
                    if c.tables.contains_key(rel) { ObjectId::Table(rel.clone()) } else { ObjectId::View(rel.clone()) };
                self.edge(id.clone(), target, Normal);
                for column in cols {
                    self.edge(id.clone(), ObjectId::Column(rel.clone(), column.clone()), Normal);
                }
            }
        }
        for f in c.functions.values() {
            let id = ObjectId::Function(f.id.clone());
            self.edge(id.clone(), ObjectId::Schema(f.id.name.schema.clone()), Normal);
            for t in &f.uses_types {
                if c.types.contains_key(t) {
                    self.edge(id.clone(), ObjectId::Type(t.clone()), Normal);
                } else if c.tables.contains_key(t) {
                    self.edge(id.clone(), ObjectId::Table(t.clone()), Normal);
                }
            }
            for (rel, cols) in &f.reads {
                let target =
                    if c.tables.contains_key(rel) { ObjectId::Table(rel.clone()) } else { ObjectId::View(rel.clone()) };
                self.edge(id.clone(), target, Normal);
                for column in cols {
                    self.edge(id.clone(), ObjectId::Column(rel.clone(), column.clone()), Normal);
                }
            }
        }
        // Expressions that call user functions depend on them; those that call an
        // extension's functions or use its operator classes, on the extension.
        for t in c.tables.values().filter(|t| keep(&t.name)) {
            for column in &t.columns {
                for (e, owner) in [
                    (&column.default, ObjectId::Default(t.name.clone(), column.name.clone())),
                    (&column.generated, ObjectId::Column(t.name.clone(), column.name.clone())),
                ] {
                    if let Some(e) = e {
                        self.expression_dependencies(c, owner, e);
                    }
                }
            }
            for con in t.constraints.values() {
                if let ConstraintKind::Check { expr } = &con.kind {
                    self.expression_dependencies(c, ObjectId::Constraint(t.name.clone(), con.name.clone()), expr);
                }
            }
        }
        for i in c.indexes.values().filter(|i| keep(&i.table)) {
            let id = ObjectId::Index(i.name.clone());
            for k in &i.keys {
                if let KeyExpr::Expression(e) = &k.key {
                    self.expression_dependencies(c, id.clone(), e);
                }
                if let Some(opclass) = &k.opclass {
                    if let Some(ext) =
                        c.extensions.values().find(|e| extension_opclasses(&e.name).contains(&opclass.as_str()))
                    {
                        self.edge(id.clone(), ObjectId::Extension(ext.name.clone()), DepKind::Normal);
                    }
                }
            }
            if let Some(p) = &i.predicate {
                self.expression_dependencies(c, id.clone(), p);
            }
        }
        for v in c.views.values() {
            for f in &v.functions {
                self.function_dependency(c, ObjectId::View(v.name.clone()), f, None);
            }
        }
    }

    fn expression_dependencies(&mut self, c: &Catalog, owner: ObjectId, e: &Expr) {
        e.walk(&mut |node| {
            if let Expr::Call { name, args, .. } = node {
                self.function_dependency(c, owner.clone(), name, Some(args.len()));
            }
        });
    }

    fn function_dependency(&mut self, c: &Catalog, owner: ObjectId, name: &str, arity: Option<usize>) {
        let targets: Vec<FunctionId> = c
            .functions
            .values()
            .filter(|f| f.id.name.name == name && arity.is_none_or(|n| n == f.id.args.len()))
            .map(|f| f.id.clone())
            .collect();
        if targets.is_empty() {
            if let Some(ext) = c.extensions.values().find(|e| extension_functions(&e.name).contains(&name)) {
                self.edge(owner.clone(), ObjectId::Extension(ext.name.clone()), DepKind::Normal);
            }
        }
        for f in targets {
            self.edge(owner.clone(), ObjectId::Function(f), DepKind::Normal);
        }
    }

    pub fn get(&self, id: &ObjectId) -> Option<NodeIndex> {
        self.index.get(id).copied()
    }

    /// Objects that depend on `id` directly or through others, in a stable order.
    pub fn dependents(&self, id: &ObjectId) -> Vec<ObjectId> {
        self.drop_plan(std::slice::from_ref(id)).objects.into_iter().filter(|o| o != id).collect()
    }

    /// What dropping `targets` removes, following `findDependentObjects`: every
    /// dependent of a dropped object goes too; normal dependencies are recorded
    /// as blockers for a RESTRICT drop.
    pub fn drop_plan(&self, targets: &[ObjectId]) -> DropPlan {
        let mut plan = DropPlan::default();
        let mut seen: BTreeSet<ObjectId> = BTreeSet::new();
        let mut queue: VecDeque<ObjectId> = VecDeque::new();
        for t in targets {
            if seen.insert(t.clone()) {
                queue.push_back(t.clone());
                plan.objects.push(t.clone());
            }
        }
        // Sub-objects of a dropped object that belong to the same table (its
        // columns, constraints, indexes) never block the drop.
        let owner = |o: &ObjectId| -> Option<QualifiedName> {
            match o {
                ObjectId::Table(q) | ObjectId::Index(q) => Some(q.clone()),
                ObjectId::Column(t, _)
                | ObjectId::Default(t, _)
                | ObjectId::Constraint(t, _)
                | ObjectId::Trigger(t, _)
                | ObjectId::Policy(t, _) => Some(t.clone()),
                _ => None,
            }
        };
        while let Some(current) = queue.pop_front() {
            let Some(node) = self.get(&current) else { continue };
            let mut dependents: Vec<(ObjectId, DepKind)> = self
                .graph
                .edges_directed(node, Direction::Incoming)
                .map(|e| (self.graph[e.source()].clone(), *e.weight()))
                .collect();
            dependents.sort();
            for (dependent, kind) in dependents {
                if seen.contains(&dependent) {
                    continue;
                }
                if kind == DepKind::Normal {
                    let same_table = owner(&dependent).is_some()
                        && owner(&dependent) == owner(&current)
                        && !matches!(dependent, ObjectId::Policy(..) | ObjectId::Column(..));
                    if !same_table {
                        plan.blockers.push((dependent.clone(), current.clone()));
                    }
                }
                seen.insert(dependent.clone());
                plan.objects.push(dependent.clone());
                queue.push_back(dependent);
            }
        }
        plan
    }

    /// All objects, in a stable order.
    pub fn objects(&self) -> Vec<&ObjectId> {
        let mut objects: Vec<&ObjectId> = self.index.keys().collect();
        objects.sort();
        objects
    }

    /// Direct dependencies of an object, with their kinds.
    pub fn dependencies_of(&self, id: &ObjectId) -> Vec<(&ObjectId, DepKind)> {
        let Some(node) = self.get(id) else { return Vec::new() };
        let mut out: Vec<(&ObjectId, DepKind)> = self
            .graph
            .edges_directed(node, Direction::Outgoing)
            .map(|e| (&self.graph[e.target()], *e.weight()))
            .collect();
        out.sort();
        out
    }
}

/// The table an object belongs to, when it is a table or part of one.
fn owning_table(catalog: &Catalog, id: &ObjectId) -> Option<QualifiedName> {
    let table = match id {
        ObjectId::Table(q)
        | ObjectId::Column(q, _)
        | ObjectId::Default(q, _)
        | ObjectId::Constraint(q, _)
        | ObjectId::Trigger(q, _)
        | ObjectId::Policy(q, _) => q.clone(),
        ObjectId::Index(i) => catalog.indexes.get(i)?.table.clone(),
        _ => return None,
    };
    catalog.tables.contains_key(&table).then_some(table)
}

/// `tables` and every table that references one of them (foreign key, inheritance,
/// partition, a column of its row type), transitively.
fn referencing_closure(catalog: &Catalog, mut tables: BTreeSet<QualifiedName>) -> BTreeSet<QualifiedName> {
    loop {
        let found: Vec<QualifiedName> = catalog
            .tables
            .values()
            .filter(|t| !tables.contains(&t.name))
            .filter(|t| {
                t.inherits.iter().any(|p| tables.contains(p))
                    || t.partition_of.as_ref().is_some_and(|(p, _)| tables.contains(p))
                    || t.constraints.values().any(|c| match &c.kind {
                        ConstraintKind::ForeignKey { ref_table, .. } => tables.contains(ref_table),
                        _ => false,
                    })
                    || t.columns.iter().any(|c| {
                        c.ty.schema.as_ref().is_some_and(|s| tables.contains(&QualifiedName::new(s, &c.ty.name)))
                    })
            })
            .map(|t| t.name.clone())
            .collect();
        if found.is_empty() {
            return tables;
        }
        tables.extend(found);
    }
}

fn same_set(a: &[String], b: &[String]) -> bool {
    let a: BTreeSet<&String> = a.iter().collect();
    let b: BTreeSet<&String> = b.iter().collect();
    a == b
}
