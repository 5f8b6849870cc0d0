//! Expressions (defaults, CHECKs, index keys, generated columns, policies) in a
//! normalized form, so that what a migration wrote and what pg_dump prints back
//! compare equal.
//!
//! PostgreSQL stores expressions as analyzed trees and pg_dump deparses them with
//! implicit casts made explicit (`(price > (0)::numeric)`), `IN` lists turned into
//! `= ANY (ARRAY[...])`, `BETWEEN` expanded, and every user object qualified.
//! [`Expr`] drops casts, spells those forms one way, and keeps the references
//! (columns, sequences) the dependency graph needs.

use std::collections::BTreeSet;
use std::fmt;

use super::names::{quote_ident, quote_literal, ObjName, QualifiedName};

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Expr {
    /// A column reference; qualified references keep their qualifier.
    Column(Vec<String>),
    /// A numeric literal as written (`0`, `-1`, `1.5`).
    Number(String),
    String(String),
    Bool(bool),
    Null,
    /// `CURRENT_TIMESTAMP`, `CURRENT_USER`, ...
    Keyword(String),
    /// A function call; the schema is dropped from the name (pg_dump qualifies,
    /// migrations usually do not).
    Call {
        name: String,
        args: Vec<Expr>,
        star: bool,
        distinct: bool,
    },
    /// `nextval('seq')` and friends, with the sequence resolved during replay.
    SequenceCall {
        function: String,
        sequence: SequenceRef,
    },
    /// A binary or prefix operator.
    Op {
        op: String,
        left: Option<Box<Expr>>,
        right: Box<Expr>,
    },
    And(Vec<Expr>),
    Or(Vec<Expr>),
    Not(Box<Expr>),
    IsNull {
        arg: Box<Expr>,
        negated: bool,
    },
    /// `IS [NOT] TRUE/FALSE/UNKNOWN`.
    BoolTest {
        arg: Box<Expr>,
        test: String,
    },
    Array(Vec<Expr>),
    Row(Vec<Expr>),
    Case {
        arg: Option<Box<Expr>>,
        whens: Vec<(Expr, Expr)>,
        default: Option<Box<Expr>>,
    },
    /// `x = ANY (ARRAY[...])`, also what `x IN (...)` becomes.
    Any {
        left: Box<Expr>,
        op: String,
        right: Box<Expr>,
    },
    All {
        left: Box<Expr>,
        op: String,
        right: Box<Expr>,
    },
    /// `a IS [NOT] DISTINCT FROM b`.
    Distinct {
        left: Box<Expr>,
        right: Box<Expr>,
        negated: bool,
    },
    Collate {
        arg: Box<Expr>,
        collation: String,
    },
    Indirection {
        arg: Box<Expr>,
        path: Vec<String>,
    },
    Param(i32),
    /// Anything else (sub-queries, window functions, ...), kept as deparsed text.
    Raw(String),
}

/// The sequence a `nextval()` call names: as written until replay resolves it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SequenceRef {
    Written(ObjName),
    Resolved(QualifiedName),
}

impl Expr {
    /// Visits every sub-expression, parents before children.
    pub fn walk<'a>(&'a self, f: &mut dyn FnMut(&'a Expr)) {
        f(self);
        match self {
            Expr::Call { args, .. } | Expr::And(args) | Expr::Or(args) | Expr::Array(args) | Expr::Row(args) => {
                args.iter().for_each(|a| a.walk(f))
            }
            Expr::Op { left, right, .. } => {
                if let Some(l) = left {
                    l.walk(f);
                }
                right.walk(f);
            }
            Expr::Not(a) | Expr::IsNull { arg: a, .. } | Expr::BoolTest { arg: a, .. } => a.walk(f),
            Expr::Collate { arg, .. } | Expr::Indirection { arg, .. } => arg.walk(f),
            Expr::Any { left, right, .. } | Expr::All { left, right, .. } | Expr::Distinct { left, right, .. } => {
                left.walk(f);
                right.walk(f);
            }
            Expr::Case { arg, whens, default } => {
                if let Some(a) = arg {
                    a.walk(f);
                }
                for (w, t) in whens {
                    w.walk(f);
                    t.walk(f);
                }
                if let Some(d) = default {
                    d.walk(f);
                }
            }
            _ => {}
        }
    }

    /// Rewrites every sub-expression in place, children first.
    pub fn rewrite(&mut self, f: &mut dyn FnMut(&mut Expr)) {
        match self {
            Expr::Call { args, .. } | Expr::And(args) | Expr::Or(args) | Expr::Array(args) | Expr::Row(args) => {
                args.iter_mut().for_each(|a| a.rewrite(f))
            }
            Expr::Op { left, right, .. } => {
                if let Some(l) = left {
                    l.rewrite(f);
                }
                right.rewrite(f);
            }
            Expr::Not(a) | Expr::IsNull { arg: a, .. } | Expr::BoolTest { arg: a, .. } => a.rewrite(f),
            Expr::Collate { arg, .. } | Expr::Indirection { arg, .. } => arg.rewrite(f),
            Expr::Any { left, right, .. } | Expr::All { left, right, .. } | Expr::Distinct { left, right, .. } => {
                left.rewrite(f);
                right.rewrite(f);
            }
            Expr::Case { arg, whens, default } => {
                if let Some(a) = arg {
                    a.rewrite(f);
                }
                for (w, t) in whens {
                    w.rewrite(f);
                    t.rewrite(f);
                }
                if let Some(d) = default {
                    d.rewrite(f);
                }
            }
            _ => {}
        }
        f(self);
    }

    /// The unqualified column names the expression reads (the last part of each reference).
    pub fn columns(&self) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        self.walk(&mut |e| {
            if let Expr::Column(parts) = e {
                if let Some(last) = parts.last() {
                    out.insert(last.clone());
                }
            }
        });
        out
    }

    /// The sequences the expression calls `nextval()`/`currval()` on, once resolved.
    pub fn sequences(&self) -> BTreeSet<QualifiedName> {
        let mut out = BTreeSet::new();
        self.walk(&mut |e| {
            if let Expr::SequenceCall { sequence: SequenceRef::Resolved(q), .. } = e {
                out.insert(q.clone());
            }
        });
        out
    }

    /// Renames a column everywhere the expression reads it.
    pub fn rename_column(&mut self, from: &str, to: &str) {
        self.rewrite(&mut |e| {
            if let Expr::Column(parts) = e {
                if let Some(last) = parts.last_mut() {
                    if last == from {
                        *last = to.to_owned();
                    }
                }
            }
        });
    }
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expr::Column(parts) => {
                let quoted: Vec<String> = parts.iter().map(|p| quote_ident(p)).collect();
                f.write_str(&quoted.join("."))
            }
            Expr::Number(n) => f.write_str(n),
            Expr::String(s) => f.write_str(&quote_literal(s)),
            Expr::Bool(b) => f.write_str(if *b { "true" } else { "false" }),
            Expr::Null => f.write_str("NULL"),
            Expr::Keyword(k) => f.write_str(k),
            Expr::Call { name, args, star, distinct } => {
                write!(f, "{}(", name)?;
                if *star {
                    f.write_str("*")?;
                }
                if *distinct {
                    f.write_str("DISTINCT ")?;
                }
                write_list(f, args, ", ")?;
                f.write_str(")")
            }
            Expr::SequenceCall { function, sequence } => {
                let name = match sequence {
                    SequenceRef::Written(n) => n.to_string(),
                    SequenceRef::Resolved(q) => q.to_string(),
                };
                write!(f, "{}({})", function, quote_literal(&name))
            }
            Expr::Op { op, left: Some(l), right } => write!(f, "({} {} {})", l, op, right),
            Expr::Op { op, left: None, right } => write!(f, "({} {})", op, right),
            Expr::And(args) => {
                f.write_str("(")?;
                write_list(f, args, " AND ")?;
                f.write_str(")")
            }
            Expr::Or(args) => {
                f.write_str("(")?;
                write_list(f, args, " OR ")?;
                f.write_str(")")
            }
            Expr::Not(a) => write!(f, "(NOT {})", a),
            Expr::IsNull { arg, negated } => write!(f, "({} IS {}NULL)", arg, if *negated { "NOT " } else { "" }),
            Expr::BoolTest { arg, test } => write!(f, "({} IS {})", arg, test),
            Expr::Array(items) => {
                f.write_str("ARRAY[")?;
                write_list(f, items, ", ")?;
                f.write_str("]")
            }
            Expr::Row(items) => {
                f.write_str("ROW(")?;
                write_list(f, items, ", ")?;
                f.write_str(")")
            }
            Expr::Case { arg, whens, default } => {
                f.write_str("CASE")?;
                if let Some(a) = arg {
                    write!(f, " {}", a)?;
                }
                for (w, t) in whens {
                    write!(f, " WHEN {} THEN {}", w, t)?;
                }
                if let Some(d) = default {
                    write!(f, " ELSE {}", d)?;
                }
                f.write_str(" END")
            }
            Expr::Any { left, op, right } => write!(f, "({} {} ANY ({}))", left, op, right),
            Expr::All { left, op, right } => write!(f, "({} {} ALL ({}))", left, op, right),
            Expr::Distinct { left, right, negated } => {
                write!(f, "({} IS {}DISTINCT FROM {})", left, if *negated { "NOT " } else { "" }, right)
            }
            Expr::Collate { arg, collation } => write!(f, "({} COLLATE {})", arg, quote_ident(collation)),
            Expr::Indirection { arg, path } => {
                write!(f, "({})", arg)?;
                for p in path {
                    write!(f, ".{}", quote_ident(p))?;
                }
                Ok(())
            }
            Expr::Param(n) => write!(f, "${}", n),
            Expr::Raw(text) => f.write_str(text),
        }
    }
}

fn write_list(f: &mut fmt::Formatter<'_>, items: &[Expr], sep: &str) -> fmt::Result {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            f.write_str(sep)?;
        }
        write!(f, "{}", item)?;
    }
    Ok(())
}
