//! The data a backup holds, table by table, as COPY text: the one interface the
//! data checks (`rollcheck data`, `lint --data`, `inspect`'s row counts) read,
//! whatever the backup's format.
//!
//! A plain dump holds each table's rows in a `COPY ... FROM stdin` block; an
//! archive (custom, directory, tar) holds them in a TABLE DATA entry, compressed
//! or not. Every format hands them out the same way: the entries, and for each a
//! reader of its decompressed COPY text, one row per line, without the `\.`
//! terminator. Readers are independent, so tables can be scanned in parallel.

use std::io::Read;

use crate::error::Result;

/// One table's data in a backup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableDataEntry {
    /// The table's schema, as stored (unquoted): `public`.
    pub schema: String,
    /// The table's name, as stored (unquoted): `WaitlistEntry`.
    pub table: String,
    /// The columns of the COPY, in order, as stored (unquoted).
    pub columns: Vec<String>,
    /// Where the data sits in the backup: a byte offset in the file (plain, custom,
    /// tar) or 0 for a file of its own (directory); for messages.
    pub offset: u64,
    /// The position of this entry among the backup's entries, for the format's
    /// own bookkeeping (which block, which file).
    pub index: usize,
}

/// A backup whose table data can be read.
pub trait TableData: Sync {
    /// Every table whose data the backup holds, in the backup's order.
    fn entries(&self) -> &[TableDataEntry];

    /// The decompressed COPY text of one entry: rows as lines ending in `\n`
    /// (the last one possibly without, when the data is cut short), then the
    /// `\.` line where the backup has one, and whatever the format writes after
    /// it: readers stop at `\.` ([`CopyRows`](crate::input::copy::CopyRows) does).
    /// Unbuffered: the reader of the rows brings its own buffer. A damaged block
    /// ends the reader with an error.
    fn open(&self, entry: &TableDataEntry) -> Result<Box<dyn Read + Send + '_>>;
}
