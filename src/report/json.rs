//! JSON output. The shapes here are the wire format, documented field by field in
//! `docs/JSON.md`; they are built from the model, so the model can change
//! without changing them.
//!
//! Wire format:
//! - `schema --format json`: `{"objects": [{"kind", "name", "attributes": {..}}], "bookkeeping": [..], "diagnostics": [..]}`
//! - `diff --format json`: `{"equal", "added": [{"kind","name"}], "removed": [..], "changed": [{"kind","name","attributes": [{"name","a","b"}]}], "bookkeeping": [..]}`
//! - `graph --format json`: `{"nodes": [{"id","kind"}], "edges": [{"from","to","kind"}]}`

use std::collections::BTreeMap;

use serde::Serialize;

use crate::analysis::diff::{flatten, DiffOptions, SchemaDiff};
use crate::catalog::graph::DependencyGraph;
use crate::catalog::Catalog;
use crate::diagnostic::Diagnostic;

#[derive(Serialize)]
struct SchemaObject<'a> {
    kind: &'a str,
    name: &'a str,
    attributes: &'a BTreeMap<&'static str, String>,
}

#[derive(Serialize)]
struct SchemaReport<'a> {
    objects: Vec<SchemaObject<'a>>,
    bookkeeping: Vec<String>,
    diagnostics: &'a [Diagnostic],
}

pub fn schema(catalog: &Catalog, diagnostics: &[Diagnostic], options: DiffOptions) -> String {
    let (flat, bookkeeping) = flatten(catalog, options);
    let objects = flat.iter().map(|(k, a)| SchemaObject { kind: k.kind, name: &k.name, attributes: a }).collect();
    to_string(&SchemaReport { objects, bookkeeping, diagnostics })
}

#[derive(Serialize)]
struct ChangedAttribute<'a> {
    name: &'a str,
    a: &'a str,
    b: &'a str,
}

#[derive(Serialize)]
struct ChangedObject<'a> {
    kind: &'a str,
    name: &'a str,
    attributes: Vec<ChangedAttribute<'a>>,
}

#[derive(Serialize)]
struct DiffReport<'a> {
    equal: bool,
    added: &'a [crate::analysis::diff::ObjectKey],
    removed: &'a [crate::analysis::diff::ObjectKey],
    changed: Vec<ChangedObject<'a>>,
    bookkeeping: &'a [String],
}

pub fn diff(d: &SchemaDiff) -> String {
    let changed = d
        .changed
        .iter()
        .map(|c| ChangedObject {
            kind: c.object.kind,
            name: &c.object.name,
            attributes: c.attributes.iter().map(|(n, a, b)| ChangedAttribute { name: n, a, b }).collect(),
        })
        .collect();
    to_string(&DiffReport {
        equal: d.is_empty(),
        added: &d.added,
        removed: &d.removed,
        changed,
        bookkeeping: &d.bookkeeping,
    })
}

#[derive(Serialize)]
struct Node {
    id: String,
    kind: &'static str,
}

#[derive(Serialize)]
struct Edge {
    from: String,
    to: String,
    kind: crate::catalog::graph::DepKind,
}

#[derive(Serialize)]
struct GraphReport {
    nodes: Vec<Node>,
    edges: Vec<Edge>,
}

pub fn graph(g: &DependencyGraph) -> String {
    let nodes = g.objects().into_iter().map(|o| Node { id: o.path(), kind: o.kind() }).collect();
    let mut edges = Vec::new();
    for o in g.objects() {
        for (to, kind) in g.dependencies_of(o) {
            edges.push(Edge { from: o.path(), to: to.path(), kind });
        }
    }
    to_string(&GraphReport { nodes, edges })
}

/// Every JSON report's text: pretty, with a final newline; a value that cannot be
/// serialized (it cannot happen with these shapes) becomes `{"error": ...}`.
pub(crate) fn to_string(value: &impl Serialize) -> String {
    let mut s = serde_json::to_string_pretty(value).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}

/// The JSON Schema of a report shape, as published under `docs/`.
pub(crate) fn schema_of<T: schemars::JsonSchema>() -> String {
    to_string(&schemars::schema_for!(T))
}

#[derive(Serialize)]
struct Dropped {
    id: String,
    kind: &'static str,
    needs_cascade: bool,
}

#[derive(Serialize)]
struct ImpactReport {
    object: String,
    kind: &'static str,
    drops: Vec<Dropped>,
}

/// `graph --impact OBJECT --format json`: `{"object", "kind", "drops": [{"id", "kind", "needs_cascade"}]}`.
pub fn impact(target: &crate::catalog::graph::ObjectId, plan: &crate::catalog::graph::DropPlan) -> String {
    let drops = plan
        .objects
        .iter()
        .skip(1)
        .map(|o| Dropped { id: o.path(), kind: o.kind(), needs_cascade: plan.blockers.iter().any(|(d, _)| d == o) })
        .collect();
    to_string(&ImpactReport { object: target.path(), kind: target.kind(), drops })
}
