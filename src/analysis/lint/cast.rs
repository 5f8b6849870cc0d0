//! The cast table: whether `ALTER COLUMN ... TYPE` from one type to another can
//! lose values, and whether PostgreSQL rewrites the table to do it.
//!
//! A conversion is *lossless* when every value of the old type survives the
//! change and converts back to the value it was; *lossy* when some value is
//! changed (rounded, truncated, reordered) or makes the `ALTER` fail (out of
//! range, not parseable, too long): either way a rollback cannot put the old
//! values back. `tests/oracle_casts.rs` checks each claim below against
//! PostgreSQL 15 by converting sample values there and back.
//!
//! | from → to | verdict |
//! |---|---|
//! | `smallint` → `integer` → `bigint` | lossless (widening) |
//! | `bigint` → `integer` → `smallint` | lossy: out of range |
//! | integers → `numeric` (unconstrained, or enough integer digits) | lossless |
//! | `numeric(p,s)` → `numeric(p2,s2)` | lossless when `s2 ≥ s` and `p2 − s2 ≥ p − s`, else lossy (rounding, overflow) |
//! | `numeric` → integers, `real`/`double precision` → integers or `numeric` | lossy: fractions rounded |
//! | `smallint` → `real`, `integer` → `double precision`, `real` → `double precision` | lossless |
//! | `integer`/`bigint` → `real`, `bigint`/`numeric` → `double precision`, `double precision` → `real` | lossy: precision |
//! | `varchar(n)` → `varchar(m ≥ n)`, `char(n)` → `char`/`varchar(m ≥ n)`, `varchar`/`char(n)` → `text`, `text` → unbounded `varchar` | lossless |
//! | `text`/`varchar` → `varchar(n)` of fewer characters, `char(n)` → `char(m < n)` | lossy: too long values |
//! | `text`/`varchar` → `char(n)` | lossy: trailing spaces are dropped (and too long values fail) |
//! | any built-in type → `text`/unbounded `varchar` | lossless (text form casts back) |
//! | `text` → `integer`, `date`, `uuid`, ... | lossy: values that do not parse |
//! | `timestamptz` → `timestamp`/`date`, `timestamp` → `date` | lossy: time zone / time of day |
//! | `date` → `timestamp`/`timestamptz`, `timestamp` → `timestamptz` | lossless with a fixed `TimeZone` without daylight saving, such as `UTC` (see below) |
//! | `timestamp(p)`/`time(p)` to a smaller precision | lossy: fractional seconds rounded |
//! | `json` → `jsonb` | lossy: key order, duplicate keys and whitespace |
//! | `jsonb` → `json` | lossless |
//! | enum → `text` | lossless; `text` → enum: lossy |
//! | enum → another enum | lossy when a label of the old enum is missing from the new |
//! | a `USING` expression that calls a truncating function (`left`, `substr`, `round`, `trunc`, `date_trunc`, ...) | lossy |
//! | anything else | lossy (no entry: rollcheck does not claim it is safe) |
//!
//! Two limits of the lossless date and time entries, left out because they are
//! rare and rollcheck cannot see them from files: dates after 294276 AD are out
//! of `timestamp`'s range and make the `ALTER` fail; and in a `TimeZone` with
//! daylight saving, `timestamp` → `timestamptz` moves local times that fall in
//! the spring-forward gap by an hour (`2024-03-10 02:30` in `America/New_York`
//! comes back as `03:30`).

use crate::catalog::{Catalog, Expr, QualifiedName, TypeKind, TypeName};

/// What converting a column's values from one type to another does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Conversion {
    /// Every value survives; `rewrite` is whether PostgreSQL rewrites the table.
    Lossless { rewrite: bool },
    /// Some values change or make the `ALTER` fail: why.
    Lossy { reason: String },
}

impl Conversion {
    pub fn is_lossy(&self) -> bool {
        matches!(self, Conversion::Lossy { .. })
    }
}

/// Functions that throw part of a value away when a `USING` expression calls them.
const TRUNCATING_FUNCTIONS: &[&str] = &[
    "left",
    "right",
    "substr",
    "substring",
    "round",
    "trunc",
    "floor",
    "ceil",
    "ceiling",
    "date_trunc",
    "split_part",
    "date",
    "to_date",
];

/// Decides a type change; `catalog` holds the enums the types may name.
pub fn conversion(from: &TypeName, to: &TypeName, using: Option<&Expr>, catalog: &Catalog) -> Conversion {
    if let Some(function) = using.and_then(truncating_call) {
        return Conversion::Lossy {
            reason: format!("the USING expression calls {function}(), which drops part of each value"),
        };
    }
    if from.array_dims != to.array_dims {
        return lossy("arrays and single values do not convert into each other");
    }
    if from == to {
        return Conversion::Lossless { rewrite: false };
    }
    if from.schema.is_some() || to.schema.is_some() {
        return user_types(from, to, catalog);
    }
    builtin(from, to)
}

fn truncating_call(expr: &Expr) -> Option<String> {
    let mut found = None;
    expr.walk(&mut |e| {
        if let Expr::Call { name, .. } = e {
            if found.is_none() && TRUNCATING_FUNCTIONS.contains(&name.to_lowercase().as_str()) {
                found = Some(name.clone());
            }
        }
    });
    found
}

fn lossy(why: &str) -> Conversion {
    Conversion::Lossy { reason: why.to_owned() }
}

fn enum_labels<'a>(ty: &TypeName, catalog: &'a Catalog) -> Option<&'a [String]> {
    let name = QualifiedName::new(ty.schema.as_deref()?, &ty.name);
    match &catalog.types.get(&name)?.kind {
        TypeKind::Enum { values } => Some(values),
        _ => None,
    }
}

fn user_types(from: &TypeName, to: &TypeName, catalog: &Catalog) -> Conversion {
    match (enum_labels(from, catalog), enum_labels(to, catalog)) {
        (Some(old), Some(new)) => {
            let missing: Vec<&str> = old.iter().filter(|l| !new.contains(l)).map(String::as_str).collect();
            if missing.is_empty() {
                Conversion::Lossless { rewrite: true }
            } else {
                lossy(&format!("enum labels {} are not in the new type", missing.join(", ")))
            }
        }
        (Some(_), None) if is_unbounded_text(to) => Conversion::Lossless { rewrite: true },
        (None, Some(_)) => lossy("values that are not labels of the enum fail"),
        _ => lossy("no entry in the cast table"),
    }
}

fn is_unbounded_text(t: &TypeName) -> bool {
    t.schema.is_none() && (t.name == "text" || (t.name == "character varying" && t.modifiers.is_empty()))
}

fn modifier(t: &TypeName, i: usize) -> Option<u32> {
    t.modifiers.get(i).and_then(|m| m.parse().ok())
}

/// Decimal digits each integer type needs.
fn integer_digits(name: &str) -> Option<u32> {
    match name {
        "smallint" => Some(5),
        "integer" => Some(10),
        "bigint" => Some(19),
        _ => None,
    }
}

fn builtin(from: &TypeName, to: &TypeName) -> Conversion {
    use Conversion::Lossless;
    let (f, t) = (from.name.as_str(), to.name.as_str());
    // Integers and numeric.
    if let (Some(a), Some(b)) = (integer_digits(f), integer_digits(t)) {
        return if b >= a { Lossless { rewrite: true } } else { lossy("values out of range fail") };
    }
    if let (Some(digits), "numeric") = (integer_digits(f), t) {
        return match (modifier(to, 0), modifier(to, 1)) {
            (None, _) => Lossless { rewrite: true },
            (Some(p), s) if p.saturating_sub(s.unwrap_or(0)) >= digits => Lossless { rewrite: true },
            _ => lossy("large values overflow the precision"),
        };
    }
    if f == "numeric" && t == "numeric" {
        return match (modifier(from, 0), modifier(from, 1), modifier(to, 0), modifier(to, 1)) {
            (_, _, None, _) => Lossless { rewrite: false },
            (None, _, Some(_), _) => lossy("values are rounded to the new scale or overflow"),
            (Some(p), s, Some(p2), s2) => {
                let (s, s2) = (s.unwrap_or(0), s2.unwrap_or(0));
                if s2 >= s && p2.saturating_sub(s2) >= p.saturating_sub(s) {
                    Lossless { rewrite: s2 != s }
                } else {
                    lossy("values are rounded to the new scale or overflow")
                }
            }
        };
    }
    if f == "numeric" && integer_digits(t).is_some() {
        return lossy("fractions are rounded and large values fail");
    }
    // Floating point.
    match (f, t) {
        ("smallint", "real") | ("smallint" | "integer" | "real", "double precision") => {
            return Lossless { rewrite: true }
        }
        ("integer" | "bigint", "real") | ("bigint" | "numeric", "double precision") | ("numeric", "real") => {
            return lossy("digits beyond the float's precision are lost")
        }
        ("double precision", "real") => return lossy("double precision is rounded to 6 digits"),
        ("real" | "double precision", _) if integer_digits(t).is_some() || t == "numeric" => {
            return lossy("fractions are rounded")
        }
        _ => {}
    }
    // Character types.
    let is_char = |n: &str| matches!(n, "text" | "character varying" | "character");
    if is_char(f) && is_char(t) {
        let old_len = if f == "text" { None } else { modifier(from, 0).or((f == "character").then_some(1)) };
        let new_len = if t == "text" { None } else { modifier(to, 0).or((t == "character").then_some(1)) };
        if t == "character" && f != "character" {
            return lossy("trailing spaces are dropped (character pads values and ignores them)");
        }
        return match (old_len, new_len) {
            (_, None) => Lossless { rewrite: f == "character" },
            (Some(a), Some(b)) if b >= a => Lossless { rewrite: f == "character" },
            _ => lossy("longer values fail"),
        };
    }
    if is_unbounded_text(to) {
        return Lossless { rewrite: true };
    }
    if is_char(f) {
        return lossy("values that do not parse as the new type fail");
    }
    // Date and time.
    let precision = |t: &TypeName| modifier(t, 0).unwrap_or(6);
    match (f, t) {
        ("timestamp with time zone", "timestamp without time zone") => {
            return lossy("the time zone offset of each value is dropped")
        }
        ("timestamp with time zone" | "timestamp without time zone", "date") => {
            return lossy("the time of day is dropped")
        }
        ("date", "timestamp without time zone" | "timestamp with time zone") => return Lossless { rewrite: true },
        ("timestamp without time zone", "timestamp with time zone")
        | ("timestamp without time zone", "timestamp without time zone")
        | ("timestamp with time zone", "timestamp with time zone")
        | ("time without time zone", "time without time zone") => {
            return if precision(to) >= precision(from) {
                Lossless { rewrite: f != t }
            } else {
                lossy("fractional seconds are rounded")
            }
        }
        _ => {}
    }
    match (f, t) {
        ("json", "jsonb") => lossy("key order, duplicate keys and whitespace are not kept"),
        ("jsonb", "json") => Lossless { rewrite: true },
        ("cidr", "inet") => Lossless { rewrite: false },
        _ => lossy("no entry in the cast table"),
    }
}

/// A type change that old code reads the same way: longer strings, more digits.
pub fn is_widening_for_readers(from: &TypeName, to: &TypeName) -> bool {
    if from.array_dims != to.array_dims || from.schema.is_some() || to.schema.is_some() {
        return false;
    }
    match (from.name.as_str(), to.name.as_str()) {
        ("character varying", "character varying") | ("character varying", "text") => {
            matches!(builtin(from, to), Conversion::Lossless { .. })
        }
        ("numeric", "numeric") => matches!(builtin(from, to), Conversion::Lossless { .. }),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ty(name: &str, mods: &[&str]) -> TypeName {
        TypeName {
            schema: None,
            name: name.into(),
            modifiers: mods.iter().map(|m| m.to_string()).collect(),
            array_dims: 0,
        }
    }

    fn lossy_(a: TypeName, b: TypeName) -> bool {
        conversion(&a, &b, None, &Catalog::default()).is_lossy()
    }

    #[test]
    fn widening_is_lossless() {
        assert!(!lossy_(ty("integer", &[]), ty("bigint", &[])));
        assert!(!lossy_(ty("character varying", &["50"]), ty("character varying", &["255"])));
        assert!(!lossy_(ty("character varying", &["50"]), ty("text", &[])));
        assert!(!lossy_(ty("numeric", &["10", "2"]), ty("numeric", &["12", "2"])));
    }

    #[test]
    fn narrowing_is_lossy() {
        assert!(lossy_(ty("bigint", &[]), ty("integer", &[])));
        assert!(lossy_(ty("character varying", &["255"]), ty("character varying", &["50"])));
        assert!(lossy_(ty("text", &[]), ty("integer", &[])));
        assert!(lossy_(ty("numeric", &["10", "2"]), ty("numeric", &["10", "1"])));
        assert!(lossy_(ty("timestamp with time zone", &[]), ty("date", &[])));
        assert!(lossy_(ty("json", &[]), ty("jsonb", &[])));
        assert!(lossy_(ty("double precision", &[]), ty("integer", &[])));
    }

    #[test]
    fn converting_to_character_drops_trailing_spaces() {
        // char(n) pads and ignores trailing spaces: 'ab  ' comes back from char(10) as 'ab'.
        assert!(lossy_(ty("character varying", &["10"]), ty("character", &["10"])));
        assert!(lossy_(ty("text", &[]), ty("character", &["10"])));
        assert!(!lossy_(ty("character", &["4"]), ty("character", &["10"])));
        // Stripping the padding (rtrim) rewrites the table, unlike varchar → text.
        let c = conversion(&ty("character", &["4"]), &ty("text", &[]), None, &Catalog::default());
        assert_eq!(c, Conversion::Lossless { rewrite: true });
    }

    #[test]
    fn a_truncating_using_expression_is_lossy() {
        let using = Expr::Call {
            name: "left".into(),
            args: vec![Expr::Column(vec!["name".into()]), Expr::Number("3".into())],
            star: false,
            distinct: false,
        };
        let c = conversion(&ty("text", &[]), &ty("text", &[]), Some(&using), &Catalog::default());
        assert!(c.is_lossy());
    }
}
