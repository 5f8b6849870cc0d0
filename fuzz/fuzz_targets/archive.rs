//! Any bytes as a backup file: `Backup::open` (format sniffing, header, TOC,
//! every table's data) and then every table's COPY text through `TableData`
//! must end without a panic, a hang or an allocation sized by the input.
#![no_main]

use std::io::{Read, Write};

use libfuzzer_sys::fuzz_target;
use rollcheck::input::backup::Backup;
use rollcheck::input::table_data::TableData;

fuzz_target!(|data: &[u8]| {
    let Ok(mut file) = tempfile::NamedTempFile::new() else { return };
    if file.write_all(data).and_then(|()| file.flush()).is_err() {
        return;
    }
    let Ok(backup) = Backup::open(file.path()) else { return };
    let _ = backup.schema_sql();
    let _ = backup.integrity();
    let _ = backup.object_counts();
    for entry in backup.entries() {
        if let Ok(mut reader) = backup.open(entry) {
            let mut sink = Vec::new();
            let _ = reader.read_to_end(&mut sink);
        }
    }
});
