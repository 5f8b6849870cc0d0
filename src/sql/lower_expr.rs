//! pg_query expression trees to normalized [`Expr`]s.

use pg_query::protobuf::{self as pb, a_const::Val, node::Node as N};

use super::expr::{Expr, SequenceRef};
use super::names::{ObjName, TypeName};

/// Converts a parsed expression. Casts are dropped (see the module doc of `expr`).
pub fn expr(node: &pb::Node) -> Expr {
    match node.node.as_ref() {
        Some(n) => lower(n),
        None => Expr::Null,
    }
}

pub fn opt_expr(node: &Option<Box<pb::Node>>) -> Option<Expr> {
    node.as_deref().map(expr)
}

fn lower(n: &N) -> Expr {
    match n {
        N::ColumnRef(c) => Expr::Column(c.fields.iter().map(|f| string_of(f).unwrap_or_else(|| "*".into())).collect()),
        N::AConst(c) => constant(c),
        N::TypeCast(tc) => {
            let inner = opt_expr(&tc.arg).unwrap_or(Expr::Null);
            // A string literal cast to a number type is how pg_dump writes negative
            // numbers ('-1'::integer): read it back as the number.
            match inner {
                Expr::String(s) if is_numeric_literal(&s) && tc.type_name.as_ref().is_some_and(is_numeric_type) => {
                    Expr::Number(s)
                }
                // `'t'::boolean`
                Expr::String(s) if tc.type_name.as_ref().is_some_and(|t| type_of(t).name == "boolean") => {
                    match s.as_str() {
                        "t" | "true" => Expr::Bool(true),
                        "f" | "false" => Expr::Bool(false),
                        _ => Expr::String(s),
                    }
                }
                other => other,
            }
        }
        N::FuncCall(fc) => func_call(fc),
        N::AExpr(a) => a_expr(a),
        N::BoolExpr(b) => {
            let args: Vec<Expr> = b.args.iter().map(expr).collect();
            match b.boolop() {
                pb::BoolExprType::AndExpr => Expr::And(flatten_and(args)),
                pb::BoolExprType::OrExpr => Expr::Or(args),
                _ => Expr::Not(Box::new(args.into_iter().next().unwrap_or(Expr::Null))),
            }
        }
        N::NullTest(t) => Expr::IsNull {
            arg: Box::new(opt_expr(&t.arg).unwrap_or(Expr::Null)),
            negated: t.nulltesttype() == pb::NullTestType::IsNotNull,
        },
        N::BooleanTest(t) => {
            let test = match t.booltesttype {
                1 => "TRUE",
                2 => "NOT TRUE",
                3 => "FALSE",
                4 => "NOT FALSE",
                5 => "UNKNOWN",
                _ => "NOT UNKNOWN",
            };
            Expr::BoolTest { arg: Box::new(opt_expr(&t.arg).unwrap_or(Expr::Null)), test: test.into() }
        }
        N::SqlvalueFunction(s) => Expr::Keyword(sql_value_keyword(s.op()).into()),
        N::AArrayExpr(a) => Expr::Array(a.elements.iter().map(expr).collect()),
        N::RowExpr(r) => Expr::Row(r.args.iter().map(expr).collect()),
        N::CoalesceExpr(c) => Expr::Call {
            name: "COALESCE".into(),
            args: c.args.iter().map(expr).collect(),
            star: false,
            distinct: false,
        },
        N::MinMaxExpr(m) => {
            let name = if m.op == 1 { "GREATEST" } else { "LEAST" };
            Expr::Call { name: name.into(), args: m.args.iter().map(expr).collect(), star: false, distinct: false }
        }
        N::CaseExpr(c) => Expr::Case {
            arg: c.arg.as_deref().map(|a| Box::new(expr(a))),
            whens: c
                .args
                .iter()
                .filter_map(|w| match w.node.as_ref() {
                    Some(N::CaseWhen(w)) => {
                        Some((opt_expr(&w.expr).unwrap_or(Expr::Null), opt_expr(&w.result).unwrap_or(Expr::Null)))
                    }
                    _ => None,
                })
                .collect(),
            default: c.defresult.as_deref().map(|d| Box::new(expr(d))),
        },
        N::CollateClause(c) => Expr::Collate {
            arg: Box::new(opt_expr(&c.arg).unwrap_or(Expr::Null)),
            collation: c.collname.iter().filter_map(string_of).next_back().unwrap_or_default(),
        },
        N::AIndirection(i) => Expr::Indirection {
            arg: Box::new(opt_expr(&i.arg).unwrap_or(Expr::Null)),
            path: i.indirection.iter().map(|p| string_of(p).unwrap_or_else(|| "[]".into())).collect(),
        },
        N::ParamRef(p) => Expr::Param(p.number),
        other => Expr::Raw(raw_text(other)),
    }
}

fn raw_text(n: &N) -> String {
    // Deparse through a SELECT wrapper; the text is only used for equality and display.
    let target = pb::Node {
        node: Some(N::ResTarget(Box::new(pb::ResTarget {
            val: Some(Box::new(pb::Node { node: Some(n.clone()) })),
            ..Default::default()
        }))),
    };
    let select = pb::SelectStmt { target_list: vec![target], ..Default::default() };
    let result = pb::ParseResult {
        version: 0,
        stmts: vec![pb::RawStmt {
            stmt: Some(Box::new(pb::Node { node: Some(N::SelectStmt(Box::new(select))) })),
            stmt_location: 0,
            stmt_len: 0,
        }],
    };
    match pg_query::deparse(&result, Default::default()) {
        Ok(text) => text.strip_prefix("SELECT ").unwrap_or(&text).to_owned(),
        Err(_) => "?".into(),
    }
}

fn flatten_and(args: Vec<Expr>) -> Vec<Expr> {
    let mut out = Vec::with_capacity(args.len());
    for a in args {
        match a {
            Expr::And(inner) => out.extend(inner),
            other => out.push(other),
        }
    }
    out
}

fn constant(c: &pb::AConst) -> Expr {
    if c.isnull {
        return Expr::Null;
    }
    match &c.val {
        Some(Val::Ival(i)) => Expr::Number(i.ival.to_string()),
        Some(Val::Fval(f)) => Expr::Number(f.fval.clone()),
        Some(Val::Boolval(b)) => Expr::Bool(b.boolval),
        Some(Val::Sval(s)) => Expr::String(normalize_datetime_literal(&s.sval)),
        Some(Val::Bsval(b)) => Expr::Raw(format!("B'{}'", b.bsval.trim_start_matches('b'))),
        None => Expr::Null,
    }
}

/// `'2025-01-01'` compared with a timestamp is stored as `'2025-01-01 00:00:00+00'`;
/// spell midnight datetimes as the bare date so both readings agree.
fn normalize_datetime_literal(s: &str) -> String {
    let b = s.as_bytes();
    let is_date = b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit);
    if !is_date {
        return s.to_owned();
    }
    let rest = &s[10..];
    match rest {
        " 00:00:00" | " 00:00:00+00" | "T00:00:00" | " 00:00:00Z" | " 00:00:00+00:00" => s[..10].to_owned(),
        _ => s.to_owned(),
    }
}

fn is_numeric_literal(s: &str) -> bool {
    let body = s.strip_prefix('-').unwrap_or(s);
    !body.is_empty()
        && body.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && body.bytes().any(|b| b.is_ascii_digit())
}

fn is_numeric_type(t: &pb::TypeName) -> bool {
    matches!(type_of(t).name.as_str(), "integer" | "bigint" | "smallint" | "numeric" | "real" | "double precision")
}

fn func_call(fc: &pb::FuncCall) -> Expr {
    let parts: Vec<String> = fc.funcname.iter().filter_map(string_of).collect();
    let name = parts.last().cloned().unwrap_or_default();
    let args: Vec<Expr> = fc.args.iter().map(expr).collect();
    if matches!(name.as_str(), "nextval" | "currval" | "setval") && !args.is_empty() {
        if let Some(Expr::String(seq)) = args.first() {
            if let Some(written) = parse_regclass_literal(seq) {
                if args.len() == 1 {
                    return Expr::SequenceCall { function: name, sequence: SequenceRef::Written(written) };
                }
            }
        }
    }
    if fc.over.is_some() || fc.agg_filter.is_some() || !fc.agg_order.is_empty() {
        return Expr::Raw(raw_text(&N::FuncCall(Box::new(fc.clone()))));
    }
    Expr::Call { name, args, star: fc.agg_star, distinct: fc.agg_distinct }
}

/// Reads a `regclass` literal such as `'public."Order_id_seq"'` into a name, with
/// the same identifier rules as SQL (unquoted parts fold to lower case).
pub fn parse_regclass_literal(text: &str) -> Option<ObjName> {
    let mut parts = Vec::new();
    let mut chars = text.chars().peekable();
    while chars.peek().is_some() {
        let mut part = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            loop {
                match chars.next()? {
                    '"' if chars.peek() == Some(&'"') => {
                        chars.next();
                        part.push('"');
                    }
                    '"' => break,
                    c => part.push(c),
                }
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c == '.' {
                    break;
                }
                part.extend(c.to_lowercase());
                chars.next();
            }
        }
        parts.push(part);
        match chars.next() {
            Some('.') => continue,
            None => break,
            Some(_) => return None,
        }
    }
    match parts.len() {
        1 => Some(ObjName::new(None, parts.pop()?)),
        2 => {
            let name = parts.pop()?;
            Some(ObjName::new(parts.pop(), name))
        }
        3 => {
            let name = parts.pop()?;
            Some(ObjName::new(parts.pop(), name))
        }
        _ => None,
    }
}

fn a_expr(a: &pb::AExpr) -> Expr {
    let op = a.name.iter().filter_map(string_of).next_back().unwrap_or_default();
    let left = || Box::new(opt_expr(&a.lexpr).unwrap_or(Expr::Null));
    let right = || Box::new(opt_expr(&a.rexpr).unwrap_or(Expr::Null));
    match a.kind() {
        pb::AExprKind::AexprOp => Expr::Op { op, left: a.lexpr.as_ref().map(|_| left()), right: right() },
        pb::AExprKind::AexprOpAny => Expr::Any { left: left(), op, right: right() },
        pb::AExprKind::AexprOpAll => Expr::All { left: left(), op, right: right() },
        pb::AExprKind::AexprDistinct => Expr::Distinct { left: left(), right: right(), negated: false },
        pb::AExprKind::AexprNotDistinct => Expr::Distinct { left: left(), right: right(), negated: true },
        pb::AExprKind::AexprNullif => {
            Expr::Call { name: "NULLIF".into(), args: vec![*left(), *right()], star: false, distinct: false }
        }
        pb::AExprKind::AexprIn => {
            // `x IN (a, b)` is stored as `x = ANY (ARRAY[a, b])`, `NOT IN` as `<> ALL`.
            let items = match a.rexpr.as_deref().and_then(|r| r.node.as_ref()) {
                Some(N::List(l)) => l.items.iter().map(expr).collect(),
                _ => vec![*right()],
            };
            let array = Box::new(Expr::Array(items));
            if op == "<>" {
                Expr::All { left: left(), op, right: array }
            } else {
                Expr::Any { left: left(), op, right: array }
            }
        }
        pb::AExprKind::AexprLike | pb::AExprKind::AexprIlike | pb::AExprKind::AexprSimilar => {
            Expr::Op { op, left: Some(left()), right: right() }
        }
        kind @ (pb::AExprKind::AexprBetween
        | pb::AExprKind::AexprNotBetween
        | pb::AExprKind::AexprBetweenSym
        | pb::AExprKind::AexprNotBetweenSym) => {
            let bounds: Vec<Expr> = match a.rexpr.as_deref().and_then(|r| r.node.as_ref()) {
                Some(N::List(l)) => l.items.iter().map(expr).collect(),
                _ => Vec::new(),
            };
            if bounds.len() != 2 || !matches!(kind, pb::AExprKind::AexprBetween | pb::AExprKind::AexprNotBetween) {
                return Expr::Raw(raw_text(&N::AExpr(Box::new(a.clone()))));
            }
            let mut bounds = bounds.into_iter();
            let (low, high) = (bounds.next().unwrap_or(Expr::Null), bounds.next().unwrap_or(Expr::Null));
            if kind == pb::AExprKind::AexprBetween {
                Expr::And(vec![
                    Expr::Op { op: ">=".into(), left: Some(left()), right: Box::new(low) },
                    Expr::Op { op: "<=".into(), left: Some(left()), right: Box::new(high) },
                ])
            } else {
                Expr::Or(vec![
                    Expr::Op { op: "<".into(), left: Some(left()), right: Box::new(low) },
                    Expr::Op { op: ">".into(), left: Some(left()), right: Box::new(high) },
                ])
            }
        }
        _ => Expr::Raw(raw_text(&N::AExpr(Box::new(a.clone())))),
    }
}

fn sql_value_keyword(op: pb::SqlValueFunctionOp) -> &'static str {
    use pb::SqlValueFunctionOp as S;
    match op {
        S::SvfopCurrentDate => "CURRENT_DATE",
        S::SvfopCurrentTime | S::SvfopCurrentTimeN => "CURRENT_TIME",
        S::SvfopCurrentTimestamp | S::SvfopCurrentTimestampN => "CURRENT_TIMESTAMP",
        S::SvfopLocaltime | S::SvfopLocaltimeN => "LOCALTIME",
        S::SvfopLocaltimestamp | S::SvfopLocaltimestampN => "LOCALTIMESTAMP",
        S::SvfopCurrentRole => "CURRENT_ROLE",
        S::SvfopCurrentUser => "CURRENT_USER",
        S::SvfopUser => "USER",
        S::SvfopSessionUser => "SESSION_USER",
        S::SvfopCurrentCatalog => "CURRENT_CATALOG",
        S::SvfopCurrentSchema => "CURRENT_SCHEMA",
        _ => "?",
    }
}

/// The string value of a `String` node (identifiers in name lists).
pub fn string_of(node: &pb::Node) -> Option<String> {
    match node.node.as_ref() {
        Some(N::String(s)) => Some(s.sval.clone()),
        _ => None,
    }
}

/// A parsed type name in canonical form (`serial` stays `serial`: the caller expands it).
pub fn type_of(t: &pb::TypeName) -> TypeName {
    let parts: Vec<String> = t.names.iter().filter_map(string_of).collect();
    let modifiers: Vec<String> = t
        .typmods
        .iter()
        .map(|m| match m.node.as_ref() {
            Some(N::AConst(c)) => match &c.val {
                Some(Val::Ival(i)) => i.ival.to_string(),
                Some(Val::Sval(s)) => s.sval.clone(),
                Some(Val::Fval(f)) => f.fval.clone(),
                _ => String::new(),
            },
            Some(N::ColumnRef(c)) => c.fields.iter().filter_map(string_of).collect::<Vec<_>>().join("."),
            _ => String::new(),
        })
        .collect();
    let dims = t.array_bounds.len() as u32;
    let parts_ref: &[String] = &parts;
    // `interval` stores its field restriction as a bit mask in typmods; keep the
    // spelling simple: an interval with fields is still an interval.
    if parts_ref.last().map(String::as_str) == Some("interval") {
        return TypeName::from_parts(parts_ref, Vec::new(), dims);
    }
    // `timestamp with time zone` etc. arrive as `pg_catalog.timestamptz`.
    TypeName::from_parts(parts_ref, modifiers, dims)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_expr(sql: &str) -> String {
        let parsed = pg_query::parse(&format!("SELECT {sql}"), 0).expect("parses");
        let stmt = parsed.protobuf.stmts[0].stmt.as_ref().expect("stmt");
        let Some(N::SelectStmt(select)) = stmt.node.as_ref() else { panic!("not a select") };
        let Some(N::ResTarget(target)) = select.target_list[0].node.as_ref() else { panic!("no target") };
        opt_expr(&target.val).expect("expr").to_string()
    }

    #[test]
    fn what_pg_dump_prints_equals_what_was_written() {
        let pairs = [
            ("price > 0", "(price > (0)::numeric)"),
            ("status IN ('a', 'b')", "(status = ANY (ARRAY['a'::text, 'b'::text]))"),
            ("x BETWEEN 1 AND 5", "((x >= 1) AND (x <= 5))"),
            ("x > -1", "(x > '-1'::integer)"),
            ("name <> ''", "((name)::text <> ''::text)"),
            ("nextval('t_id_seq'::regclass)", "nextval('t_id_seq'::regclass)"),
            ("a AND b AND c", "((a) AND (b) AND (c))"),
            ("flag = true", "(flag = true)"),
            ("x != 1", "(x <> 1)"),
        ];
        for (written, dumped) in pairs {
            assert_eq!(check_expr(written), check_expr(dumped), "{written} vs {dumped}");
        }
    }

    #[test]
    fn regclass_literals_fold_unquoted_parts() {
        assert_eq!(
            parse_regclass_literal("public.\"Order_id_seq\""),
            Some(ObjName::new(Some("public".into()), "Order_id_seq"))
        );
        assert_eq!(parse_regclass_literal("Foo_Seq"), Some(ObjName::new(None, "foo_seq")));
        assert_eq!(parse_regclass_literal("\"unterminated"), None);
    }
}
