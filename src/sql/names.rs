//! Names as PostgreSQL understands them: object names (schema-qualified or not),
//! and type names in the canonical spelling `format_type()` and pg_dump use.

use std::fmt;

use serde::Serialize;

/// A name as written in a statement: the schema is only known if it was written.
/// Resolution against the `search_path` happens during replay.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ObjName {
    pub schema: Option<String>,
    pub name: String,
}

impl ObjName {
    pub fn new(schema: Option<String>, name: impl Into<String>) -> Self {
        ObjName { schema, name: name.into() }
    }

    pub fn qualified(&self, schema: &str) -> QualifiedName {
        QualifiedName::new(self.schema.as_deref().unwrap_or(schema), &self.name)
    }
}

impl fmt::Display for ObjName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.schema {
            Some(schema) => write!(f, "{}.{}", quote_ident(schema), quote_ident(&self.name)),
            None => f.write_str(&quote_ident(&self.name)),
        }
    }
}

/// A resolved, schema-qualified name of an object in the catalog.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct QualifiedName {
    pub schema: String,
    pub name: String,
}

impl QualifiedName {
    pub fn new(schema: &str, name: &str) -> Self {
        QualifiedName { schema: schema.to_owned(), name: name.to_owned() }
    }

    /// `schema.name` unquoted, the spelling used in JSON output and `--impact`.
    pub fn plain(&self) -> String {
        format!("{}.{}", self.schema, self.name)
    }
}

impl fmt::Display for QualifiedName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", quote_ident(&self.schema), quote_ident(&self.name))
    }
}

/// A column or attribute type in canonical form.
///
/// `name` is `format_type()`'s spelling for built-in types (`integer`,
/// `character varying`, `timestamp without time zone`); user-defined types carry
/// their schema once resolved. Modifiers are kept as written numbers.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeName {
    pub schema: Option<String>,
    pub name: String,
    pub modifiers: Vec<String>,
    pub array_dims: u32,
}

impl TypeName {
    pub fn builtin(name: &str) -> Self {
        TypeName { schema: None, name: name.to_owned(), modifiers: Vec::new(), array_dims: 0 }
    }

    /// Builds the canonical type from the name parts as parsed (`pg_catalog.int4`, `varchar`, `"Role"`).
    pub fn from_parts(parts: &[String], modifiers: Vec<String>, array_dims: u32) -> Self {
        let (schema, raw) = match parts {
            [.., schema, name] => (Some(schema.as_str()), name.as_str()),
            [name] => (None, name.as_str()),
            [] => (None, ""),
        };
        // PostgreSQL keeps no array dimensions in the catalog: int[][] is int[].
        let array_dims = array_dims.min(1);
        if schema.is_none() || schema == Some("pg_catalog") {
            if let Some(canonical) = canonical_builtin(raw) {
                let mut modifiers = modifiers;
                if canonical == "numeric" && modifiers.len() == 1 {
                    modifiers.push("0".into());
                }
                return TypeName { schema: None, name: canonical.to_owned(), modifiers, array_dims };
            }
        }
        let schema = schema.filter(|s| *s != "pg_catalog").map(str::to_owned);
        TypeName { schema, name: raw.to_owned(), modifiers, array_dims }
    }

    /// `serial`, `bigserial` and `smallserial` are not types but shorthands for a
    /// sequence-backed integer column. Returns the integer type they stand for.
    /// The type without modifiers, as function signatures keep it.
    pub fn without_modifiers(&self) -> TypeName {
        TypeName { modifiers: Vec::new(), ..self.clone() }
    }

    pub fn serial_base(&self) -> Option<&'static str> {
        if self.schema.is_some() || self.array_dims > 0 {
            return None;
        }
        match self.name.as_str() {
            "serial" | "serial4" => Some("integer"),
            "bigserial" | "serial8" => Some("bigint"),
            "smallserial" | "serial2" => Some("smallint"),
            _ => None,
        }
    }
}

impl fmt::Display for TypeName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(schema) = &self.schema {
            write!(f, "{}.{}", quote_ident(schema), quote_ident(&self.name))?;
        } else {
            // Time types put the precision before the zone: `timestamp(3) without time zone`.
            let mods =
                if self.modifiers.is_empty() { String::new() } else { format!("({})", self.modifiers.join(",")) };
            match self.name.split_once(" with") {
                Some((head, zone)) if head.starts_with("time") => write!(f, "{head}{mods} with{zone}")?,
                _ if self.name.starts_with("interval") && !mods.is_empty() => write!(f, "{}{}", self.name, mods)?,
                _ => {
                    if is_builtin_spelling(&self.name) {
                        write!(f, "{}{}", self.name, mods)?
                    } else {
                        write!(f, "{}{}", quote_ident(&self.name), mods)?
                    }
                }
            }
            for _ in 0..self.array_dims {
                f.write_str("[]")?;
            }
            return Ok(());
        }
        if !self.modifiers.is_empty() {
            write!(f, "({})", self.modifiers.join(","))?;
        }
        for _ in 0..self.array_dims {
            f.write_str("[]")?;
        }
        Ok(())
    }
}

fn is_builtin_spelling(name: &str) -> bool {
    name.contains(' ') || canonical_builtin(name) == Some(name)
}

/// Maps the internal and SQL-standard spellings of built-in types to `format_type()`'s.
fn canonical_builtin(raw: &str) -> Option<&'static str> {
    Some(match raw {
        "int4" | "integer" | "int" => "integer",
        "int8" | "bigint" => "bigint",
        "int2" | "smallint" => "smallint",
        "float8" | "double precision" => "double precision",
        "float4" | "real" => "real",
        "bool" | "boolean" => "boolean",
        "varchar" | "character varying" => "character varying",
        "bpchar" | "char" | "character" => "character",
        "numeric" | "decimal" => "numeric",
        "text" => "text",
        "timestamp" => "timestamp without time zone",
        "timestamptz" => "timestamp with time zone",
        "time" => "time without time zone",
        "timetz" => "time with time zone",
        "date" => "date",
        "interval" => "interval",
        "bit" => "bit",
        "varbit" => "bit varying",
        "bytea" => "bytea",
        "uuid" => "uuid",
        "json" => "json",
        "jsonb" => "jsonb",
        "xml" => "xml",
        "inet" => "inet",
        "cidr" => "cidr",
        "macaddr" => "macaddr",
        "macaddr8" => "macaddr8",
        "money" => "money",
        "oid" => "oid",
        "regclass" => "regclass",
        "regtype" => "regtype",
        "name" => "name",
        "tsvector" => "tsvector",
        "tsquery" => "tsquery",
        "point" => "point",
        "line" => "line",
        "lseg" => "lseg",
        "box" => "box",
        "path" => "path",
        "polygon" => "polygon",
        "circle" => "circle",
        "int4range" => "int4range",
        "int8range" => "int8range",
        "numrange" => "numrange",
        "tsrange" => "tsrange",
        "tstzrange" => "tstzrange",
        "daterange" => "daterange",
        "int4multirange" => "int4multirange",
        "datemultirange" => "datemultirange",
        "tstzmultirange" => "tstzmultirange",
        "record" => "record",
        "trigger" => "trigger",
        "void" => "void",
        "anyelement" => "anyelement",
        "anyarray" => "anyarray",
        "anyenum" => "anyenum",
        "cstring" => "cstring",
        "internal" => "internal",
        "event_trigger" => "event_trigger",
        "pg_lsn" => "pg_lsn",
        "txid_snapshot" => "txid_snapshot",
        "pg_snapshot" => "pg_snapshot",
        "regproc" => "regproc",
        "regprocedure" => "regprocedure",
        "regnamespace" => "regnamespace",
        "regrole" => "regrole",
        "xid" => "xid",
        "xid8" => "xid8",
        "tid" => "tid",
        "cid" => "cid",
        "\"char\"" => "\"char\"",
        _ => return None,
    })
}

/// Quotes an identifier the way `quote_ident()` does: only when it is not a plain
/// lower-case name or when it is a keyword that needs quoting.
pub fn quote_ident(ident: &str) -> String {
    let plain = !ident.is_empty()
        && ident.bytes().next().is_some_and(|b| b.is_ascii_lowercase() || b == b'_')
        && ident.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'$')
        && !is_reserved_keyword(ident);
    if plain {
        ident.to_owned()
    } else {
        format!("\"{}\"", ident.replace('"', "\"\""))
    }
}

/// Keywords that `quote_ident()` quotes: every keyword category except unreserved.
fn is_reserved_keyword(word: &str) -> bool {
    // A match compiles to a jump on the length and a few comparisons; this runs for
    // every identifier printed.
    matches!(
        word,
        "all"
            | "analyse"
            | "analyze"
            | "and"
            | "any"
            | "array"
            | "as"
            | "asc"
            | "asymmetric"
            | "authorization"
            | "between"
            | "bigint"
            | "binary"
            | "bit"
            | "boolean"
            | "both"
            | "case"
            | "cast"
            | "char"
            | "character"
            | "check"
            | "coalesce"
            | "collate"
            | "collation"
            | "column"
            | "concurrently"
            | "constraint"
            | "create"
            | "cross"
            | "current_catalog"
            | "current_date"
            | "current_role"
            | "current_schema"
            | "current_time"
            | "current_timestamp"
            | "current_user"
            | "dec"
            | "decimal"
            | "default"
            | "deferrable"
            | "desc"
            | "distinct"
            | "do"
            | "else"
            | "end"
            | "except"
            | "exists"
            | "extract"
            | "false"
            | "fetch"
            | "float"
            | "for"
            | "foreign"
            | "freeze"
            | "from"
            | "full"
            | "grant"
            | "greatest"
            | "group"
            | "grouping"
            | "having"
            | "ilike"
            | "in"
            | "initially"
            | "inner"
            | "inout"
            | "int"
            | "integer"
            | "intersect"
            | "interval"
            | "into"
            | "is"
            | "isnull"
            | "join"
            | "json"
            | "json_array"
            | "json_arrayagg"
            | "json_object"
            | "json_objectagg"
            | "lateral"
            | "leading"
            | "least"
            | "left"
            | "like"
            | "limit"
            | "localtime"
            | "localtimestamp"
            | "national"
            | "natural"
            | "nchar"
            | "none"
            | "normalize"
            | "not"
            | "notnull"
            | "null"
            | "nullif"
            | "numeric"
            | "offset"
            | "on"
            | "only"
            | "or"
            | "order"
            | "out"
            | "outer"
            | "overlaps"
            | "overlay"
            | "placing"
            | "position"
            | "precision"
            | "primary"
            | "real"
            | "references"
            | "returning"
            | "right"
            | "row"
            | "select"
            | "session_user"
            | "setof"
            | "similar"
            | "smallint"
            | "some"
            | "substring"
            | "symmetric"
            | "system_user"
            | "table"
            | "tablesample"
            | "then"
            | "time"
            | "timestamp"
            | "to"
            | "trailing"
            | "treat"
            | "trim"
            | "true"
            | "union"
            | "unique"
            | "user"
            | "using"
            | "values"
            | "varchar"
            | "variadic"
            | "verbose"
            | "when"
            | "where"
            | "window"
            | "with"
            | "xmlattributes"
            | "xmlconcat"
            | "xmlelement"
            | "xmlexists"
            | "xmlforest"
            | "xmlnamespaces"
            | "xmlparse"
            | "xmlpi"
            | "xmlroot"
            | "xmlserialize"
            | "xmltable"
    )
}

/// Quotes a string literal the way pg_dump does with standard_conforming_strings on.
pub fn quote_literal(value: &str) -> String {
    if value.contains('\\') {
        format!("E'{}'", value.replace('\\', "\\\\").replace('\'', "''"))
    } else {
        format!("'{}'", value.replace('\'', "''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ty(parts: &[&str], mods: &[&str], dims: u32) -> String {
        let parts: Vec<String> = parts.iter().map(|s| s.to_string()).collect();
        TypeName::from_parts(&parts, mods.iter().map(|s| s.to_string()).collect(), dims).to_string()
    }

    #[test]
    fn builtin_types_take_format_type_spelling() {
        assert_eq!(ty(&["pg_catalog", "int4"], &[], 0), "integer");
        assert_eq!(ty(&["pg_catalog", "varchar"], &["255"], 0), "character varying(255)");
        assert_eq!(ty(&["pg_catalog", "timestamp"], &["3"], 0), "timestamp(3) without time zone");
        assert_eq!(ty(&["pg_catalog", "timestamptz"], &[], 0), "timestamp with time zone");
        assert_eq!(ty(&["pg_catalog", "numeric"], &["10", "2"], 0), "numeric(10,2)");
        assert_eq!(ty(&["text"], &[], 2), "text[]", "the catalog keeps no array dimensions");
        assert_eq!(ty(&["pg_catalog", "bpchar"], &["2"], 0), "character(2)");
    }

    #[test]
    fn user_types_keep_their_case_and_schema() {
        assert_eq!(ty(&["public", "Role"], &[], 0), "public.\"Role\"");
        assert_eq!(ty(&["Role"], &[], 1), "\"Role\"[]");
    }

    #[test]
    fn identifiers_are_quoted_like_quote_ident() {
        assert!(is_reserved_keyword("user"));
        assert!(is_reserved_keyword("order"));
        assert!(!is_reserved_keyword("type"));
        assert_eq!(quote_ident("User"), "\"User\"");
        assert_eq!(quote_ident("order"), "\"order\"");
        assert_eq!(quote_ident("kind"), "kind");
    }
}
