//! Dependency graphs as Graphviz DOT and Mermaid text.

use std::fmt::Write;

use crate::catalog::graph::{DepKind, DependencyGraph, ObjectId};

/// Objects drawn: columns and defaults are folded into their tables to keep
/// pictures readable.
fn drawn(o: &ObjectId) -> Option<String> {
    match o {
        ObjectId::Column(t, _) | ObjectId::Default(t, _) => Some(t.plain()),
        ObjectId::Schema(_) => None,
        other => Some(other.path()),
    }
}

fn edges(g: &DependencyGraph) -> Vec<(String, String, DepKind)> {
    let mut out = Vec::new();
    for o in g.objects() {
        let Some(from) = drawn(o) else { continue };
        for (to, kind) in g.dependencies_of(o) {
            let Some(to) = drawn(to) else { continue };
            if from != to {
                out.push((from.clone(), to, kind));
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

fn nodes(g: &DependencyGraph) -> Vec<(String, &'static str)> {
    let mut out: Vec<(String, &'static str)> = g
        .objects()
        .into_iter()
        .filter(|o| !matches!(o, ObjectId::Column(..) | ObjectId::Default(..) | ObjectId::Schema(_)))
        .map(|o| (o.path(), o.kind()))
        .collect();
    out.sort();
    out
}

pub fn dot(g: &DependencyGraph) -> String {
    let mut s = String::from("digraph schema {\n  rankdir=LR;\n  node [shape=box, fontname=\"monospace\"];\n");
    for (id, kind) in nodes(g) {
        let _ = writeln!(s, "  \"{}\" [label=\"{}\\n{}\"];", esc(&id), kind, esc(&id));
    }
    for (from, to, kind) in edges(g) {
        let style = match kind {
            DepKind::Normal => "solid",
            DepKind::Auto => "dashed",
            DepKind::Internal => "dotted",
        };
        let _ = writeln!(s, "  \"{}\" -> \"{}\" [style={style}];", esc(&from), esc(&to));
    }
    s.push_str("}\n");
    s
}

pub fn mermaid(g: &DependencyGraph) -> String {
    let mut s = String::from("flowchart LR\n");
    let ids: Vec<(String, &'static str)> = nodes(g);
    let number =
        |name: &str| ids.iter().position(|(n, _)| n == name).map(|i| format!("n{i}")).unwrap_or_else(|| "n".into());
    for (i, (id, kind)) in ids.iter().enumerate() {
        let _ = writeln!(s, "  n{i}[\"{kind}: {}\"]", id.replace('"', "#quot;"));
    }
    for (from, to, kind) in edges(g) {
        let arrow = if kind == DepKind::Normal { "-->" } else { "-.->" };
        let _ = writeln!(s, "  {} {arrow} {}", number(&from), number(&to));
    }
    s
}

fn esc(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}
