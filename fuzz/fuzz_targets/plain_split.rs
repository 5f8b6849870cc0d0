//! The psql-aware statement splitter (`ScriptReader`) over arbitrary bytes, all pieces drained,
//! with a small buffer so that every refill path runs. Nothing may panic or hang; positions only
//! move forward and stay within the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rollcheck::input::{Piece, ScriptReader};

fuzz_target!(|data: &[u8]| {
    for size in [8, 4096] {
        let mut last = 0u64;
        for piece in ScriptReader::with_buffer_size(data, size) {
            let offset = match &piece {
                Piece::Statement { offset, .. }
                | Piece::Meta { offset, .. }
                | Piece::CopyData { offset, .. }
                | Piece::Problem { offset, .. } => *offset,
            };
            assert!(offset <= data.len() as u64, "offset {offset} past the end ({})", data.len());
            if let Piece::CopyData { offset, bytes, .. } = piece {
                assert!(offset + bytes <= data.len() as u64);
            }
            last = last.max(offset);
        }
    }
});
