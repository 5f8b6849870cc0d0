//! Calling libpg_query's parser directly.
//!
//! `pg_query::parse` also walks every tree it returns to collect table,
//! function and alias lists that rollcheck never reads, and drops the error's
//! cursor position. Here we call the same C entry point (linked by the
//! `pg_query` crate), decode the same protobuf tree, and keep the position, so
//! a syntax error can name its own line.

use std::ffi::{c_char, c_int, CStr, CString};

use pg_query::protobuf::ParseResult;
use prost::Message;

#[repr(C)]
struct PgQueryError {
    message: *mut c_char,
    funcname: *mut c_char,
    filename: *mut c_char,
    lineno: c_int,
    cursorpos: c_int,
    context: *mut c_char,
}

#[repr(C)]
struct PgQueryProtobuf {
    len: usize,
    data: *mut c_char,
}

#[repr(C)]
struct PgQueryProtobufParseResult {
    parse_tree: PgQueryProtobuf,
    stderr_buffer: *mut c_char,
    error: *mut PgQueryError,
}

extern "C" {
    fn pg_query_parse_protobuf(input: *const c_char) -> PgQueryProtobufParseResult;
    fn pg_query_free_protobuf_parse_result(result: PgQueryProtobufParseResult);
}

#[derive(Debug)]
pub enum ParseError {
    /// The grammar rejects the text; `position` is the 0-based byte offset of the
    /// offending token, when PostgreSQL reports one.
    Syntax { message: String, position: Option<usize> },
    /// The tree is nested deeper than the protobuf decoder accepts.
    TooDeep,
    /// The text holds a NUL byte, which C strings cannot carry.
    Nul,
}

pub fn parse(sql: &str) -> Result<ParseResult, ParseError> {
    let input = CString::new(sql).map_err(|_| ParseError::Nul)?;
    // SAFETY: `input` is a valid NUL-terminated string that outlives the call; the
    // result is read only before it is freed, exactly once, below.
    unsafe {
        let result = pg_query_parse_protobuf(input.as_ptr());
        let outcome = if !result.error.is_null() {
            let error = &*result.error;
            let message = CStr::from_ptr(error.message).to_string_lossy().into_owned();
            // cursorpos counts characters from 1; 0 means no position.
            let position = usize::try_from(error.cursorpos).ok().filter(|&p| p > 0).map(|p| char_to_byte(sql, p - 1));
            Err(ParseError::Syntax { message, position })
        } else if result.parse_tree.data.is_null() {
            Ok(ParseResult::default())
        } else {
            let bytes = std::slice::from_raw_parts(result.parse_tree.data as *const u8, result.parse_tree.len);
            ParseResult::decode(bytes).map_err(|_| ParseError::TooDeep)
        };
        pg_query_free_protobuf_parse_result(result);
        outcome
    }
}

fn char_to_byte(text: &str, chars: usize) -> usize {
    text.char_indices().nth(chars).map_or(text.len(), |(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_like_pg_query() {
        let sql = "CREATE TABLE t (id int PRIMARY KEY); ALTER SEQUENCE s OWNED BY t.id";
        let ours = parse(sql).expect("parses");
        let theirs = pg_query::parse(sql, 0).expect("parses").protobuf;
        assert_eq!(ours, theirs);
    }

    #[test]
    fn syntax_errors_carry_their_position() {
        let sql = "CREATE TABLE t (\n  a int,\n  b int int\n)";
        match parse(sql) {
            Err(ParseError::Syntax { message, position: Some(p) }) => {
                assert!(message.contains("syntax error"), "{message}");
                assert_eq!(&sql[p..p + 3], "int");
                assert_eq!(sql[..p].matches('\n').count(), 2, "the error is on the third line");
            }
            other => panic!("expected a positioned syntax error, got {other:?}"),
        }
    }

    #[test]
    fn nul_bytes_are_refused() {
        assert!(matches!(parse("SELECT 1\0"), Err(ParseError::Nul)));
    }
}
