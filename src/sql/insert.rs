//! The values of an `INSERT INTO t [(cols)] VALUES (...), (...)` statement, as
//! `pg_dump --inserts`, `--column-inserts` and `--rows-per-insert` write them:
//! each value as the text the server would store for a same-typed column, so
//! rows from INSERTs compare with rows from COPY text.
//!
//! Constants only: NULL, strings (`'...'`, `E'...'`, `U&'...'`, already
//! unescaped by the grammar), numbers (negative ones too, which the grammar
//! folds), booleans (`t`/`f`, as COPY writes them), bit strings, and any of
//! these under casts (`'2024-01-01'::date` is its string). `DEFAULT` (pg_dump
//! writes it for generated columns) is [`Value::Default`]. Anything else (a
//! function call, an expression) is an error naming the row and column.

use pg_query::protobuf::{self as pb, node::Node as N};

use super::parser::{parse, ParseError};

/// One value of a VALUES row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Null,
    Text(String),
    /// `DEFAULT`: the value is computed by the server, not in the statement.
    Default,
}

/// What one INSERT statement inserts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InsertRows {
    /// The table's schema as written (unquoted), empty when unqualified.
    pub schema: String,
    pub table: String,
    /// The column list, when the statement has one.
    pub columns: Option<Vec<String>>,
    pub rows: Vec<Vec<Value>>,
}

/// Reads the values of one INSERT statement; an error says why they cannot be read.
pub fn insert_rows(sql: &str) -> Result<InsertRows, String> {
    let parsed = parse(sql).map_err(|e| match e {
        ParseError::Syntax { message, .. } => message,
        ParseError::TooDeep => "statement is nested too deeply".into(),
        ParseError::Nul => "statement contains a NUL byte".into(),
    })?;
    let [raw] = &parsed.stmts[..] else { return Err("not a single statement".into()) };
    let Some(N::InsertStmt(insert)) = raw.stmt.as_ref().and_then(|s| s.node.as_ref()) else {
        return Err("not an INSERT statement".into());
    };
    if insert.on_conflict_clause.is_some() || insert.returning_clause.is_some() || insert.with_clause.is_some() {
        return Err("an INSERT with ON CONFLICT, RETURNING or WITH is not read".into());
    }
    let relation = insert.relation.as_ref().ok_or("INSERT without a table")?;
    let columns = (!insert.cols.is_empty()).then(|| {
        insert.cols.iter().filter_map(|c| match &c.node {
            Some(N::ResTarget(t)) => Some(t.name.clone()),
            _ => None,
        })
    });
    let columns: Option<Vec<String>> = columns.map(Iterator::collect);
    let Some(N::SelectStmt(select)) = insert.select_stmt.as_ref().and_then(|s| s.node.as_ref()) else {
        return Err("INSERT without VALUES".into());
    };
    if select.values_lists.is_empty() {
        return Err("INSERT ... SELECT is not read; only VALUES".into());
    }
    let mut rows = Vec::with_capacity(select.values_lists.len());
    for (r, list) in select.values_lists.iter().enumerate() {
        let Some(N::List(list)) = &list.node else { return Err(format!("row {}: not a list of values", r + 1)) };
        let row = list
            .items
            .iter()
            .enumerate()
            .map(|(c, item)| value(item).ok_or_else(|| format!("row {}, value {}: not a constant", r + 1, c + 1)))
            .collect::<Result<Vec<_>, _>>()?;
        rows.push(row);
    }
    Ok(InsertRows { schema: relation.schemaname.clone(), table: relation.relname.clone(), columns, rows })
}

fn value(node: &pb::Node) -> Option<Value> {
    match node.node.as_ref()? {
        N::AConst(c) if c.isnull => Some(Value::Null),
        N::AConst(c) => Some(Value::Text(match c.val.as_ref()? {
            pb::a_const::Val::Ival(i) => i.ival.to_string(),
            pb::a_const::Val::Fval(f) => f.fval.clone(),
            pb::a_const::Val::Boolval(b) => if b.boolval { "t" } else { "f" }.to_owned(),
            pb::a_const::Val::Sval(s) => s.sval.clone(),
            pb::a_const::Val::Bsval(b) => bits(&b.bsval)?,
        })),
        N::TypeCast(cast) => value(cast.arg.as_deref()?),
        N::SetToDefault(_) => Some(Value::Default),
        _ => None,
    }
}

/// The grammar's `b0101` / `xA1` → the bits as COPY writes them.
fn bits(literal: &str) -> Option<String> {
    if let Some(b) = literal.strip_prefix(['b', 'B']) {
        return Some(b.to_owned());
    }
    let hex = literal.strip_prefix(['x', 'X'])?;
    hex.chars().map(|c| c.to_digit(16).map(|d| format!("{d:04b}"))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Value {
        Value::Text(s.into())
    }

    #[test]
    fn reads_pg_dump_inserts() {
        let got = insert_rows(
            "INSERT INTO public.\"Order\" (id, note, paid, amount, at, bits) VALUES \
             (1, 'it''s', true, -12.50, '2024-01-01 10:00:00'::timestamp without time zone, B'0101'), \
             (-2147483648, E'tab\\there', false, NULL, DEFAULT, X'A')",
        )
        .unwrap();
        assert_eq!(got.schema, "public");
        assert_eq!(got.table, "Order");
        assert_eq!(got.columns.unwrap(), vec!["id", "note", "paid", "amount", "at", "bits"]);
        assert_eq!(
            got.rows,
            vec![
                vec![t("1"), t("it's"), t("t"), t("-12.50"), t("2024-01-01 10:00:00"), t("0101")],
                vec![t("-2147483648"), t("tab\there"), t("f"), Value::Null, Value::Default, t("1010")],
            ]
        );
    }

    #[test]
    fn without_columns_and_with_big_numbers() {
        let got = insert_rows("INSERT INTO t VALUES (9223372036854775807, -1e3, 'x'::text::varchar)").unwrap();
        assert_eq!((got.schema.as_str(), got.columns), ("", None));
        assert_eq!(got.rows, vec![vec![t("9223372036854775807"), t("-1e3"), t("x")]]);
    }

    #[test]
    fn refuses_what_is_not_a_constant() {
        assert_eq!(insert_rows("INSERT INTO t VALUES (1), (now())").unwrap_err(), "row 2, value 1: not a constant");
        assert!(insert_rows("INSERT INTO t SELECT 1").is_err());
        assert!(insert_rows("UPDATE t SET a = 1").is_err());
        assert!(insert_rows("INSERT INTO t VALUES (").is_err());
    }
}
