//! The COPY text decoder on arbitrary bytes: rows split, every row decoded and its fields checked
//! against a column list, every field shown in every encoding. Nothing may panic or hang.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rollcheck::input::copy::{check_width, decode_row, CopyRows, DumpEncoding};

fuzz_target!(|data: &[u8]| {
    let columns = vec!["a".to_owned(), "b".to_owned(), "c".to_owned()];
    let encodings = [
        DumpEncoding::Utf8,
        DumpEncoding::Latin1,
        DumpEncoding::from_postgres("WIN1252").unwrap_or(DumpEncoding::Utf8),
        DumpEncoding::from_postgres("SJIS").unwrap_or(DumpEncoding::Utf8),
    ];
    let mut rows = CopyRows::new(data);
    let mut seen = 0usize;
    while let Ok(Some(row)) = rows.next_row() {
        seen += 1;
        assert!(seen <= data.len() + 1, "more rows than bytes");
        let Ok(row) = row else { break };
        assert!(row.text.len() <= data.len());
        if let Ok(fields) = decode_row(row.text) {
            let _ = check_width(fields.len(), &columns);
            for field in fields.iter().flatten() {
                assert!(field.len() <= row.text.len());
                for encoding in &encodings {
                    let _ = encoding.display(field);
                }
            }
        }
    }
    // The decoder on the raw bytes as one row, too.
    let _ = decode_row(data);
});
