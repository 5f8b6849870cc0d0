//! What a query (a view body, `CREATE TABLE AS`, a `BEGIN ATOMIC` function body)
//! reads and returns: the relations, the column references, the output columns.
//!
//! The top level is read from the typed tree; nested parts (sub-queries, CTEs,
//! expressions) are found by a generic walk over the tree's serialized form,
//! which sees every node kind without listing them all.

use pg_query::protobuf::{self as pb, node::Node as N};
use serde_json::Value;

use super::change::{Query, QueryRelation, Target};
use super::lower_expr::string_of;
use super::names::ObjName;

pub fn query(node: &pb::Node) -> Query {
    let mut out = Query::default();
    if let Some(N::SelectStmt(select)) = node.node.as_ref() {
        out.targets = targets(select);
    }
    if let Ok(value) = serde_json::to_value(node) {
        let mut ctes = Vec::new();
        collect_cte_names(&value, &mut ctes);
        walk(&value, &ctes, &mut out);
    }
    out
}

/// Output columns of a SELECT; for set operations, those of the left-most branch.
fn targets(select: &pb::SelectStmt) -> Vec<Target> {
    if let Some(left) = select.larg.as_deref() {
        if select.target_list.is_empty() {
            return targets(left);
        }
    }
    if !select.values_lists.is_empty() {
        let width = match select.values_lists[0].node.as_ref() {
            Some(N::List(l)) => l.items.len(),
            _ => 0,
        };
        return (1..=width).map(|i| Target::Named(format!("column{i}"))).collect();
    }
    select
        .target_list
        .iter()
        .filter_map(|t| match t.node.as_ref() {
            Some(N::ResTarget(rt)) => Some(target_name(rt)),
            _ => None,
        })
        .collect()
}

fn target_name(rt: &pb::ResTarget) -> Target {
    if !rt.name.is_empty() {
        return Target::Named(rt.name.clone());
    }
    match rt.val.as_deref().and_then(|v| v.node.as_ref()) {
        Some(N::ColumnRef(c)) => {
            let is_star = c.fields.last().is_some_and(|f| matches!(f.node, Some(N::AStar(_))));
            let names: Vec<String> = c.fields.iter().filter_map(string_of).collect();
            if is_star {
                Target::Star(names.last().cloned())
            } else {
                Target::Named(names.last().cloned().unwrap_or_else(|| "?column?".into()))
            }
        }
        Some(N::FuncCall(f)) => Target::Named(f.funcname.iter().filter_map(string_of).next_back().unwrap_or_default()),
        Some(N::TypeCast(tc)) => match tc.arg.as_deref().and_then(|a| a.node.as_ref()) {
            Some(N::ColumnRef(c)) => {
                Target::Named(c.fields.iter().filter_map(string_of).next_back().unwrap_or_default())
            }
            _ => Target::Named(
                tc.type_name
                    .as_ref()
                    .and_then(|t| t.names.iter().filter_map(string_of).next_back())
                    .unwrap_or_else(|| "?column?".into()),
            ),
        },
        Some(N::CoalesceExpr(_)) => Target::Named("coalesce".into()),
        Some(N::CaseExpr(_)) => Target::Named("case".into()),
        Some(N::AIndirection(i)) => {
            Target::Named(i.indirection.iter().filter_map(string_of).next_back().unwrap_or_else(|| "?column?".into()))
        }
        _ => Target::Named("?column?".into()),
    }
}

fn collect_cte_names(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::Object(cte)) = map.get("CommonTableExpr") {
                if let Some(Value::String(name)) = cte.get("ctename") {
                    out.push(name.clone());
                }
            }
            map.values().for_each(|v| collect_cte_names(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_cte_names(v, out)),
        _ => {}
    }
}

fn walk(value: &Value, ctes: &[String], out: &mut Query) {
    match value {
        Value::Object(map) => {
            if let Some(Value::Object(rv)) = map.get("RangeVar") {
                let name = rv.get("relname").and_then(Value::as_str).unwrap_or_default().to_owned();
                let schema = rv.get("schemaname").and_then(Value::as_str).filter(|s| !s.is_empty()).map(str::to_owned);
                if schema.is_some() || !ctes.contains(&name) {
                    let alias =
                        rv.get("alias").and_then(|a| a.get("aliasname")).and_then(Value::as_str).map(str::to_owned);
                    out.relations.push(QueryRelation { name: ObjName::new(schema, name), alias });
                }
            }
            if let Some(Value::Object(cr)) = map.get("ColumnRef") {
                let fields: Vec<Option<String>> = cr
                    .get("fields")
                    .and_then(Value::as_array)
                    .map(|fs| {
                        fs.iter()
                            .map(|f| f.pointer("/node/String/sval").and_then(Value::as_str).map(str::to_owned))
                            .collect()
                    })
                    .unwrap_or_default();
                match fields.as_slice() {
                    [Some(col)] => out.column_refs.push((None, col.clone())),
                    [.., Some(qual), Some(col)] => out.column_refs.push((Some(qual.clone()), col.clone())),
                    [None] => out.star_refs.push(None),
                    [.., Some(qual), None] => out.star_refs.push(Some(qual.clone())),
                    _ => {}
                }
            }
            if let Some(Value::Object(fc)) = map.get("FuncCall") {
                let parts: Vec<String> = fc
                    .get("funcname")
                    .and_then(Value::as_array)
                    .map(|fs| {
                        fs.iter()
                            .filter_map(|f| f.pointer("/node/String/sval").and_then(Value::as_str).map(str::to_owned))
                            .collect()
                    })
                    .unwrap_or_default();
                match parts.as_slice() {
                    [name] => out.functions.push(ObjName::new(None, name.clone())),
                    [.., schema, name] => out.functions.push(ObjName::new(Some(schema.clone()), name.clone())),
                    [] => {}
                }
            }
            map.values().for_each(|v| walk(v, ctes, out));
        }
        Value::Array(items) => items.iter().for_each(|v| walk(v, ctes, out)),
        _ => {}
    }
}
