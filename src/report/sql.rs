//! The canonical, deterministic DDL of a catalog: one statement per object, in a
//! fixed order (schemas, extensions, types, sequences, tables, constraints,
//! indexes, views, functions, triggers, policies, comments), names quoted as
//! `quote_ident` does. Two equal catalogs print the same text.

use std::fmt::Write;

use crate::analysis::diff::constraint_definition;
use crate::catalog::{Catalog, ConstraintKind, KeyExpr, TypeKind};
use crate::sql::names::{quote_ident, quote_literal};

pub fn render(c: &Catalog) -> String {
    let mut out = String::new();
    let w = &mut out;
    for s in c.schemas.values() {
        if s.name != "public" {
            let _ = writeln!(w, "CREATE SCHEMA {};", quote_ident(&s.name));
        }
    }
    for e in c.extensions.values() {
        let _ = writeln!(w, "CREATE EXTENSION {} WITH SCHEMA {};", quote_ident(&e.name), quote_ident(&e.schema));
    }
    for t in c.types.values() {
        match &t.kind {
            TypeKind::Enum { values } => {
                let vals: Vec<String> = values.iter().map(|v| quote_literal(v)).collect();
                let _ = writeln!(w, "CREATE TYPE {} AS ENUM ({});", t.name, vals.join(", "));
            }
            TypeKind::Composite { attributes } => {
                let attrs: Vec<String> = attributes.iter().map(|(n, ty)| format!("{} {ty}", quote_ident(n))).collect();
                let _ = writeln!(w, "CREATE TYPE {} AS ({});", t.name, attrs.join(", "));
            }
            TypeKind::Domain { base, not_null, default, collation, checks } => {
                let _ = write!(w, "CREATE DOMAIN {} AS {base}", t.name);
                if let Some(c) = collation {
                    let _ = write!(w, " COLLATE {}", quote_ident(c));
                }
                if let Some(d) = default {
                    let _ = write!(w, " DEFAULT {d}");
                }
                if *not_null {
                    let _ = write!(w, " NOT NULL");
                }
                for (n, e) in checks {
                    let _ = write!(w, " CONSTRAINT {} CHECK {e}", quote_ident(n));
                }
                let _ = writeln!(w, ";");
            }
        }
    }
    for s in c.sequences.values() {
        let _ = writeln!(
            w,
            "CREATE {}SEQUENCE {} AS {} START WITH {} INCREMENT BY {} MINVALUE {} MAXVALUE {} CACHE {}{};",
            if s.unlogged { "UNLOGGED " } else { "" },
            s.name,
            s.data_type,
            s.start,
            s.increment,
            s.min_value,
            s.max_value,
            s.cache,
            if s.cycle { " CYCLE" } else { "" }
        );
    }
    for t in c.tables.values() {
        let _ = write!(w, "CREATE {}TABLE {}", if t.unlogged { "UNLOGGED " } else { "" }, t.name);
        if let Some((parent, bound)) = &t.partition_of {
            let _ = write!(w, " PARTITION OF {parent}");
            let _ = write!(w, " {bound}");
        }
        let _ = writeln!(w, " (");
        let cols: Vec<String> = t
            .columns
            .iter()
            .map(|col| {
                let mut s = format!("    {} {}", quote_ident(&col.name), col.ty);
                if let Some(c) = &col.collation {
                    let _ = write!(s, " COLLATE {}", quote_ident(c));
                }
                if let Some(id) = &col.identity {
                    let _ = write!(
                        s,
                        " GENERATED {} AS IDENTITY (SEQUENCE NAME {})",
                        if id.always { "ALWAYS" } else { "BY DEFAULT" },
                        id.sequence
                    );
                }
                if let Some(g) = &col.generated {
                    let _ = write!(s, " GENERATED ALWAYS AS ({g}) STORED");
                }
                if let Some(d) = &col.default {
                    let _ = write!(s, " DEFAULT {d}");
                }
                if col.not_null {
                    s.push_str(" NOT NULL");
                }
                s
            })
            .collect();
        let _ = write!(w, "{}", cols.join(",\n"));
        let _ = write!(w, "\n)");
        if !t.inherits.is_empty() {
            let parents: Vec<String> = t.inherits.iter().map(ToString::to_string).collect();
            let _ = write!(w, " INHERITS ({})", parents.join(", "));
        }
        if let Some(k) = &t.partition_key {
            let _ = write!(w, " PARTITION BY {} ({})", k.strategy, k.elements.join(", "));
        }
        if let Some(ty) = &t.of_type {
            let _ = write!(w, " /* OF {ty} */");
        }
        let _ = writeln!(w, ";");
        if t.row_security {
            let _ = writeln!(w, "ALTER TABLE {} ENABLE ROW LEVEL SECURITY;", t.name);
        }
        if t.force_row_security {
            let _ = writeln!(w, "ALTER TABLE {} FORCE ROW LEVEL SECURITY;", t.name);
        }
    }
    for s in c.sequences.values() {
        if let Some((t, col)) = &s.owned_by {
            let _ = writeln!(w, "ALTER SEQUENCE {} OWNED BY {t}.{};", s.name, quote_ident(col));
        }
    }
    render_constraints(c, w, false);
    for i in c.indexes.values() {
        let keys: Vec<String> = i
            .keys
            .iter()
            .map(|k| {
                let mut s = match &k.key {
                    KeyExpr::Column(c) => quote_ident(c),
                    KeyExpr::Expression(e) => format!("({e})"),
                };
                if let Some(c) = &k.collation {
                    let _ = write!(s, " COLLATE {}", quote_ident(c));
                }
                if let Some(o) = &k.opclass {
                    let _ = write!(s, " {o}");
                }
                if k.descending {
                    s.push_str(" DESC");
                }
                s
            })
            .collect();
        let _ = write!(
            w,
            "CREATE {}INDEX {} ON {} USING {} ({})",
            if i.unique { "UNIQUE " } else { "" },
            quote_ident(&i.name.name),
            i.table,
            i.method,
            keys.join(", ")
        );
        if !i.include.is_empty() {
            let inc: Vec<String> = i.include.iter().map(|c| quote_ident(c)).collect();
            let _ = write!(w, " INCLUDE ({})", inc.join(", "));
        }
        if i.nulls_not_distinct {
            let _ = write!(w, " NULLS NOT DISTINCT");
        }
        if let Some(p) = &i.predicate {
            let _ = write!(w, " WHERE {p}");
        }
        let _ = writeln!(w, ";");
    }
    // Foreign keys last, after every key and index they may rely on, as pg_dump orders them.
    render_constraints(c, w, true);
    for v in c.views.values() {
        let reads: Vec<String> = v.reads.iter().map(|(r, cols)| format!("{}({})", r, cols.join(", "))).collect();
        let cols: Vec<String> = v.columns.iter().map(|c| quote_ident(c)).collect();
        let _ = writeln!(
            w,
            "CREATE {}VIEW {} ({}) /* reads {} */;",
            if v.materialized { "MATERIALIZED " } else { "" },
            v.name,
            cols.join(", "),
            reads.join(" ")
        );
    }
    for f in c.functions.values() {
        let _ = write!(
            w,
            "CREATE {} {}({})",
            if f.procedure { "PROCEDURE" } else { "FUNCTION" },
            f.id.name,
            f.params.join(", ")
        );
        if let Some(r) = &f.returns {
            let _ = write!(w, " RETURNS {r}");
        }
        let _ = write!(w, " LANGUAGE {} {}", f.language, f.volatility);
        if f.strict {
            let _ = write!(w, " STRICT");
        }
        if f.security_definer {
            let _ = write!(w, " SECURITY DEFINER");
        }
        match &f.body {
            Some(body) => {
                let _ = write!(w, " AS {}", dollar_quote(body));
            }
            None => {
                let reads: Vec<String> =
                    f.reads.iter().map(|(r, cols)| format!("{}({})", r, cols.join(", "))).collect();
                let _ = write!(w, " BEGIN ATOMIC /* reads {} */ END", reads.join(" "));
            }
        }
        let _ = writeln!(w, ";");
    }
    for t in c.tables.values() {
        for trg in t.triggers.values() {
            let _ = write!(
                w,
                "CREATE {}TRIGGER {} {} ",
                if trg.constraint { "CONSTRAINT " } else { "" },
                quote_ident(&trg.name),
                trg.timing
            );
            let events: Vec<String> = trg
                .events
                .iter()
                .map(|e| {
                    if e == "UPDATE" && !trg.update_columns.is_empty() {
                        format!(
                            "UPDATE OF {}",
                            trg.update_columns.iter().map(|c| quote_ident(c)).collect::<Vec<_>>().join(", ")
                        )
                    } else {
                        e.clone()
                    }
                })
                .collect();
            let _ = write!(
                w,
                "{} ON {} FOR EACH {}",
                events.join(" OR "),
                t.name,
                if trg.for_each_row { "ROW" } else { "STATEMENT" }
            );
            if let Some(cond) = &trg.when {
                let _ = write!(w, " WHEN {cond}");
            }
            let args: Vec<String> = trg.args.iter().map(|a| quote_literal(a)).collect();
            let _ = writeln!(w, " EXECUTE FUNCTION {}({});", trg.function.name, args.join(", "));
        }
        for p in t.policies.values() {
            let _ = write!(
                w,
                "CREATE POLICY {} ON {} AS {} FOR {} TO {}",
                quote_ident(&p.name),
                t.name,
                if p.permissive { "PERMISSIVE" } else { "RESTRICTIVE" },
                p.command,
                p.roles.join(", ")
            );
            if let Some(u) = &p.using {
                let _ = write!(w, " USING {u}");
            }
            if let Some(ch) = &p.check {
                let _ = write!(w, " WITH CHECK {ch}");
            }
            let _ = writeln!(w, ";");
        }
    }
    render_comments(c, w);
    out
}

fn render_constraints(c: &Catalog, w: &mut String, foreign_keys: bool) {
    for t in c.tables.values() {
        let mut cons: Vec<_> = t
            .constraints
            .values()
            .filter(|c| !c.inherited && matches!(c.kind, ConstraintKind::ForeignKey { .. }) == foreign_keys)
            .collect();
        cons.sort_by_key(|c| c.name.clone());
        for con in cons {
            let _ = write!(
                w,
                "ALTER TABLE {} ADD CONSTRAINT {} {}",
                t.name,
                quote_ident(&con.name),
                constraint_definition(&con.kind)
            );
            if con.no_inherit {
                let _ = write!(w, " NO INHERIT");
            }
            if con.deferrable {
                let _ = write!(w, " DEFERRABLE");
                if con.initially_deferred {
                    let _ = write!(w, " INITIALLY DEFERRED");
                }
            }
            if !con.validated {
                let _ = write!(w, " NOT VALID");
            }
            let _ = writeln!(w, ";");
        }
    }
}

fn render_comments(c: &Catalog, w: &mut String) {
    let mut line = |what: String, text: &Option<String>| {
        if let Some(t) = text {
            let _ = writeln!(w, "COMMENT ON {what} IS {};", quote_literal(t));
        }
    };
    for s in c.schemas.values() {
        line(format!("SCHEMA {}", quote_ident(&s.name)), &s.comment);
    }
    for e in c.extensions.values() {
        line(format!("EXTENSION {}", quote_ident(&e.name)), &e.comment);
    }
    for t in c.types.values() {
        line(format!("TYPE {}", t.name), &t.comment);
    }
    for t in c.tables.values() {
        line(format!("TABLE {}", t.name), &t.comment);
        for col in &t.columns {
            line(format!("COLUMN {}.{}", t.name, quote_ident(&col.name)), &col.comment);
        }
        for con in t.constraints.values() {
            line(format!("CONSTRAINT {} ON {}", quote_ident(&con.name), t.name), &con.comment);
        }
        for trg in t.triggers.values() {
            line(format!("TRIGGER {} ON {}", quote_ident(&trg.name), t.name), &trg.comment);
        }
        for p in t.policies.values() {
            line(format!("POLICY {} ON {}", quote_ident(&p.name), t.name), &p.comment);
        }
    }
    for s in c.sequences.values() {
        line(format!("SEQUENCE {}", s.name), &s.comment);
    }
    for i in c.indexes.values() {
        line(format!("INDEX {}", i.name), &i.comment);
    }
    for v in c.views.values() {
        line(format!("{}VIEW {}", if v.materialized { "MATERIALIZED " } else { "" }, v.name), &v.comment);
    }
    for f in c.functions.values() {
        line(format!("FUNCTION {}", f.id), &f.comment);
    }
}

/// A dollar quote whose tag does not occur in the body.
fn dollar_quote(body: &str) -> String {
    let mut tag = String::new();
    let mut n = 0;
    while body.contains(&format!("${tag}$")) {
        n += 1;
        tag = format!("q{n}");
    }
    format!("${tag}${body}${tag}$")
}
