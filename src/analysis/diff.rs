//! Structural comparison of two catalogs: objects added, removed and changed,
//! with the attributes that changed.
//!
//! Each object is flattened into a key (kind and name) and a list of named
//! attributes in a canonical spelling; two schemas are equal when these maps are.
//! Tables that migration tools keep for their own bookkeeping are set apart.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

use crate::catalog::{is_bookkeeping_table, Catalog, ConstraintKind, IndexKey, KeyExpr, TypeKind};
use crate::sql::names::quote_ident;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, schemars::JsonSchema)]
pub struct ObjectKey {
    pub kind: &'static str,
    /// Unquoted, schema-qualified (`public.Order`, `public.Order.id`).
    pub name: String,
}

impl fmt::Display for ObjectKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.kind, self.name)
    }
}

pub type Attributes = BTreeMap<&'static str, String>;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Changed {
    pub object: ObjectKey,
    /// (attribute, value in A, value in B); a missing value is empty.
    pub attributes: Vec<(&'static str, String, String)>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct SchemaDiff {
    pub added: Vec<ObjectKey>,
    pub removed: Vec<ObjectKey>,
    pub changed: Vec<Changed>,
    /// Bookkeeping tables (`_prisma_migrations`, ...) found in either side, not compared.
    pub bookkeeping: Vec<String>,
}

impl SchemaDiff {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

#[derive(Debug, Clone, Copy, Default)]
pub struct DiffOptions {
    /// Compare migration-tool bookkeeping tables too.
    pub include_bookkeeping: bool,
}

/// Compares with default options: bookkeeping tables set apart.
pub fn compare(a: &Catalog, b: &Catalog) -> SchemaDiff {
    compare_with(a, b, DiffOptions::default())
}

pub fn compare_with(a: &Catalog, b: &Catalog, options: DiffOptions) -> SchemaDiff {
    let (fa, ba) = flatten(a, options);
    let (fb, bb) = flatten(b, options);
    let mut diff = SchemaDiff::default();
    for (key, attrs) in &fa {
        match fb.get(key) {
            None => diff.removed.push(key.clone()),
            Some(other) if !same_attributes(attrs, other) => {
                let mut names: Vec<&&'static str> = attrs.keys().chain(other.keys()).collect();
                names.sort();
                names.dedup();
                let attributes = names
                    .into_iter()
                    .filter(|n| {
                        let (x, y) = (attrs.get(**n), other.get(**n));
                        x != y
                            && !(**n == "type"
                                && (x.is_some_and(|v| v == "unknown") || y.is_some_and(|v| v == "unknown")))
                    })
                    .map(|n| {
                        (*n, attrs.get(*n).cloned().unwrap_or_default(), other.get(*n).cloned().unwrap_or_default())
                    })
                    .collect();
                diff.changed.push(Changed { object: key.clone(), attributes });
            }
            Some(_) => {}
        }
    }
    diff.added = fb.keys().filter(|k| !fa.contains_key(*k)).cloned().collect();
    let mut bookkeeping: Vec<String> = ba.into_iter().chain(bb).collect();
    bookkeeping.sort();
    bookkeeping.dedup();
    diff.bookkeeping = bookkeeping;
    diff
}

/// Equal attributes; a column type the model could not know (`unknown`, from
/// `CREATE TABLE AS`) matches any type.
fn same_attributes(a: &Attributes, b: &Attributes) -> bool {
    a.len() == b.len()
        && a.iter().all(|(k, v)| match b.get(k) {
            Some(w) if *k == "type" && (v == "unknown" || w == "unknown") => true,
            Some(w) => v == w,
            None => false,
        })
}

fn key(kind: &'static str, name: String) -> ObjectKey {
    ObjectKey { kind, name }
}

fn opt(value: &Option<impl ToString>) -> String {
    value.as_ref().map(ToString::to_string).unwrap_or_default()
}

fn flag(b: bool) -> String {
    if b {
        "true".into()
    } else {
        "false".into()
    }
}

fn key_text(k: &IndexKey) -> String {
    let mut s = match &k.key {
        KeyExpr::Column(c) => c.clone(),
        KeyExpr::Expression(e) => format!("({e})"),
    };
    if let Some(c) = &k.collation {
        s.push_str(&format!(" COLLATE {c}"));
    }
    if let Some(o) = &k.opclass {
        s.push_str(&format!(" {o}"));
    }
    if k.descending {
        s.push_str(" DESC");
    }
    match k.nulls_first {
        Some(true) if !k.descending => s.push_str(" NULLS FIRST"),
        Some(false) if k.descending => s.push_str(" NULLS LAST"),
        _ => {}
    }
    s
}

/// Describes a constraint in one line, as the attribute `definition`.
pub fn constraint_definition(kind: &ConstraintKind) -> String {
    let cols = |c: &[String]| c.iter().map(|x| quote_ident(x)).collect::<Vec<_>>().join(", ");
    match kind {
        ConstraintKind::PrimaryKey { columns, include } => {
            with_include(format!("PRIMARY KEY ({})", cols(columns)), include)
        }
        ConstraintKind::Unique { columns, include, nulls_not_distinct } => with_include(
            format!("UNIQUE{} ({})", if *nulls_not_distinct { " NULLS NOT DISTINCT" } else { "" }, cols(columns)),
            include,
        ),
        ConstraintKind::Check { expr } => format!("CHECK ({expr})"),
        ConstraintKind::ForeignKey { columns, ref_table, ref_columns, on_delete, on_update, match_full } => format!(
            "FOREIGN KEY ({}) REFERENCES {}({}){} ON UPDATE {} ON DELETE {}",
            cols(columns),
            ref_table,
            cols(ref_columns),
            if *match_full { " MATCH FULL" } else { "" },
            on_update.sql(),
            on_delete.sql()
        ),
        ConstraintKind::Exclude { method, elements, predicate } => {
            let els: Vec<String> = elements.iter().map(|(k, op)| format!("{} WITH {op}", key_text(k))).collect();
            let mut s = format!("EXCLUDE USING {method} ({})", els.join(", "));
            if let Some(p) = predicate {
                s.push_str(&format!(" WHERE {p}"));
            }
            s
        }
    }
}

fn with_include(mut s: String, include: &[String]) -> String {
    if !include.is_empty() {
        s.push_str(&format!(" INCLUDE ({})", include.iter().map(|x| quote_ident(x)).collect::<Vec<_>>().join(", ")));
    }
    s
}

/// Flattens a catalog into comparable objects; returns the bookkeeping tables apart.
pub fn flatten(c: &Catalog, options: DiffOptions) -> (BTreeMap<ObjectKey, Attributes>, Vec<String>) {
    let mut out: BTreeMap<ObjectKey, Attributes> = BTreeMap::new();
    let mut bookkeeping = Vec::new();
    for s in c.schemas.values() {
        out.insert(key("schema", s.name.clone()), Attributes::from([("comment", opt(&s.comment))]));
    }
    for e in c.extensions.values() {
        // An extension's comment comes from its control file, not from the schema's author.
        out.insert(key("extension", e.name.clone()), Attributes::from([("schema", e.schema.clone())]));
    }
    for t in c.tables.values() {
        if !options.include_bookkeeping && is_bookkeeping_table(&t.name) {
            bookkeeping.push(t.name.plain());
            continue;
        }
        let name = t.name.plain();
        let mut columns: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
        // pg_dump writes an inheritance child's local columns after the inherited
        // ones, whatever their order was; the order is not part of what it keeps.
        if !t.inherits.is_empty() {
            columns.sort_unstable();
        }
        let mut attrs = Attributes::new();
        attrs.insert("columns", columns.join(", "));
        attrs.insert("unlogged", flag(t.unlogged));
        attrs.insert("inherits", t.inherits.iter().map(|q| q.plain()).collect::<Vec<_>>().join(", "));
        attrs.insert(
            "partition_of",
            t.partition_of.as_ref().map(|(p, b)| format!("{} {b}", p.plain())).unwrap_or_default(),
        );
        attrs.insert(
            "partition_by",
            t.partition_key.as_ref().map(|k| format!("{} ({})", k.strategy, k.elements.join(", "))).unwrap_or_default(),
        );
        attrs.insert("of_type", t.of_type.as_ref().map(|q| q.plain()).unwrap_or_default());
        attrs.insert("row_security", flag(t.row_security));
        attrs.insert("force_row_security", flag(t.force_row_security));
        attrs.insert("comment", opt(&t.comment));
        out.insert(key("table", name.clone()), attrs);
        for col in &t.columns {
            let mut a = Attributes::new();
            a.insert("type", col.ty.to_string());
            a.insert("not_null", flag(col.not_null));
            a.insert("default", opt(&col.default));
            a.insert(
                "identity",
                col.identity
                    .as_ref()
                    .map(|i| format!("{} {}", if i.always { "ALWAYS" } else { "BY DEFAULT" }, i.sequence.plain()))
                    .unwrap_or_default(),
            );
            a.insert("generated", opt(&col.generated));
            a.insert("collation", opt(&col.collation));
            a.insert("comment", opt(&col.comment));
            out.insert(key("column", format!("{name}.{}", col.name)), a);
        }
        for con in t.constraints.values() {
            let mut a = Attributes::new();
            a.insert("definition", constraint_definition(&con.kind));
            a.insert("deferrable", flag(con.deferrable));
            a.insert("initially_deferred", flag(con.initially_deferred));
            a.insert("validated", flag(con.validated));
            a.insert("no_inherit", flag(con.no_inherit));
            a.insert("comment", opt(&con.comment));
            out.insert(key("constraint", format!("{name}.{}", con.name)), a);
        }
        for trg in t.triggers.values() {
            let mut a = Attributes::new();
            a.insert("timing", trg.timing.clone());
            a.insert("events", trg.events.join(" OR "));
            a.insert("update_columns", trg.update_columns.join(", "));
            a.insert("for_each_row", flag(trg.for_each_row));
            a.insert("when", opt(&trg.when));
            a.insert("function", trg.function.to_string());
            a.insert("args", trg.args.join(", "));
            a.insert("comment", opt(&trg.comment));
            out.insert(key("trigger", format!("{name}.{}", trg.name)), a);
        }
        for p in t.policies.values() {
            let mut a = Attributes::new();
            a.insert("permissive", flag(p.permissive));
            a.insert("command", p.command.clone());
            a.insert("roles", p.roles.join(", "));
            a.insert("using", opt(&p.using));
            a.insert("check", opt(&p.check));
            a.insert("comment", opt(&p.comment));
            out.insert(key("policy", format!("{name}.{}", p.name)), a);
        }
    }
    for i in c.indexes.values() {
        if !options.include_bookkeeping && is_bookkeeping_table(&i.table) {
            continue;
        }
        let mut a = Attributes::new();
        a.insert("table", i.table.plain());
        a.insert("unique", flag(i.unique));
        a.insert("method", i.method.clone());
        a.insert("keys", i.keys.iter().map(key_text).collect::<Vec<_>>().join(", "));
        a.insert("include", i.include.join(", "));
        a.insert("predicate", opt(&i.predicate));
        a.insert("nulls_not_distinct", flag(i.nulls_not_distinct));
        a.insert("comment", opt(&i.comment));
        out.insert(key("index", i.name.plain()), a);
    }
    for s in c.sequences.values() {
        if !options.include_bookkeeping && s.owned_by.as_ref().is_some_and(|(t, _)| is_bookkeeping_table(t)) {
            continue;
        }
        let mut a = Attributes::new();
        a.insert("type", s.data_type.to_string());
        a.insert("start", s.start.to_string());
        a.insert("increment", s.increment.to_string());
        a.insert("min", s.min_value.to_string());
        a.insert("max", s.max_value.to_string());
        a.insert("cache", s.cache.to_string());
        a.insert("cycle", flag(s.cycle));
        a.insert("owned_by", s.owned_by.as_ref().map(|(t, c)| format!("{}.{c}", t.plain())).unwrap_or_default());
        a.insert("comment", opt(&s.comment));
        out.insert(key("sequence", s.name.plain()), a);
    }
    for v in c.views.values() {
        let mut a = Attributes::new();
        a.insert("columns", v.columns.join(", "));
        a.insert(
            "reads",
            v.reads.iter().map(|(r, cols)| format!("{}({})", r.plain(), cols.join(", "))).collect::<Vec<_>>().join(" "),
        );
        a.insert("check_option", opt(&v.check_option));
        a.insert("comment", opt(&v.comment));
        out.insert(key(if v.materialized { "materialized view" } else { "view" }, v.name.plain()), a);
    }
    for t in c.types.values() {
        let mut a = Attributes::new();
        match &t.kind {
            TypeKind::Enum { values } => {
                a.insert("values", values.join(", "));
            }
            TypeKind::Composite { attributes } => {
                a.insert(
                    "attributes",
                    attributes.iter().map(|(n, t)| format!("{n} {t}")).collect::<Vec<_>>().join(", "),
                );
            }
            TypeKind::Domain { base, not_null, default, collation, checks } => {
                a.insert("base", base.to_string());
                a.insert("not_null", flag(*not_null));
                a.insert("default", opt(default));
                a.insert("collation", opt(collation));
                a.insert("checks", checks.iter().map(|(n, e)| format!("{n}: {e}")).collect::<Vec<_>>().join("; "));
            }
        }
        a.insert("comment", opt(&t.comment));
        out.insert(key(t.kind.word(), t.name.plain()), a);
    }
    for f in c.functions.values() {
        let mut a = Attributes::new();
        a.insert("params", f.params.join(", "));
        a.insert("returns", opt(&f.returns));
        a.insert("language", f.language.clone());
        a.insert("body", opt(&f.body));
        a.insert("volatility", f.volatility.clone());
        a.insert("strict", flag(f.strict));
        a.insert("security_definer", flag(f.security_definer));
        a.insert(
            "reads",
            f.reads.iter().map(|(r, cols)| format!("{}({})", r.plain(), cols.join(", "))).collect::<Vec<_>>().join(" "),
        );
        a.insert("comment", opt(&f.comment));
        out.insert(key(if f.procedure { "procedure" } else { "function" }, f.id.to_string()), a);
    }
    (out, bookkeeping)
}

impl fmt::Display for SchemaDiff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for k in &self.removed {
            writeln!(f, "- {k}")?;
        }
        for k in &self.added {
            writeln!(f, "+ {k}")?;
        }
        for c in &self.changed {
            writeln!(f, "~ {}", c.object)?;
            for (attr, a, b) in &c.attributes {
                writeln!(f, "    {attr}: {} -> {}", show(a), show(b))?;
            }
        }
        Ok(())
    }
}

fn show(v: &str) -> String {
    if v.is_empty() {
        "(none)".into()
    } else {
        v.to_owned()
    }
}
