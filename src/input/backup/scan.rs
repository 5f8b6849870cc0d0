//! Reading table data: every table at open (rows, fields, whether it is whole
//! and whether a checksum was verified), one table per thread; and each
//! table's COPY text on demand through [`TableData`].

use std::fs::File;
use std::io::{self, BufReader, Read, Seek, SeekFrom};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use super::codec::{Codec, Decoder};
use super::custom::Chunks;
use super::{copy_text, Backup, Compression, Format, Integrity, Place, Problem, ProblemKind, TableRows};
use crate::error::{Error, Result};
use crate::input::table_data::{TableData, TableDataEntry};

impl Backup {
    /// Reads every table's data, one table per thread, in order.
    pub(super) fn scan(&mut self) {
        if self.format == Format::Plain {
            return;
        }
        let results: Vec<(TableRows, Vec<Problem>)> = self.data.par_iter().map(|d| self.scan_one(d)).collect();
        for (rows, problems) in results {
            self.tables.push(rows);
            self.problems.extend(problems);
        }
        self.problems.sort_by_key(|p| p.offset);
    }

    fn scan_one(&self, d: &TableDataEntry) -> (TableRows, Vec<Problem>) {
        let dump_id = self.dump_id_of(d);
        let mut rows = TableRows {
            schema: d.schema.clone(),
            table: d.table.clone(),
            dump_id,
            rows: 0,
            bytes: 0,
            integrity: Integrity::Damaged,
            offset: d.offset,
        };
        let mut problems = Vec::new();
        let name = format!("{}.{}", d.schema, d.table);
        if matches!(self.places[d.index], Place::Missing) {
            return (rows, problems);
        }
        let position = Arc::new(AtomicU64::new(d.offset));
        let (reader, checksummed) = match self.open_place(d.index, Some(position.clone())) {
            Ok(r) => r,
            Err(e) => {
                problems.push(Problem::new(ProblemKind::ReadFailed, format!("data of {name}: {e}"), Some(d.offset)));
                return (rows, problems);
            }
        };
        let mut reader = BufReader::with_capacity(64 * 1024, reader);
        match copy_text::count(&mut reader, d.columns.len()) {
            Ok(counted) => {
                rows.rows = counted.rows;
                rows.bytes = counted.bytes;
                let verified = checksummed.load(Ordering::Relaxed) == 1;
                rows.integrity = if verified { Integrity::Verified } else { Integrity::Complete };
                // `pg_dump --inserts` writes INSERT statements, not COPY text: no `\.` to expect.
                let copy = self.entries.iter().any(|e| Some(e.dump_id) == dump_id && !e.copy_stmt.is_empty());
                if copy && !counted.terminated {
                    rows.integrity = Integrity::Damaged;
                    problems.push(Problem::new(
                        ProblemKind::CopyUnterminated,
                        format!("the COPY data of {name} ends without its \\. line"),
                        Some(position.load(Ordering::Relaxed)),
                    ));
                }
                if let Some((row, fields, _)) = counted.wrong_fields {
                    rows.integrity = Integrity::Damaged;
                    problems.push(Problem::new(
                        ProblemKind::FieldCount,
                        format!("row {row} of {name} has {fields} fields, the COPY names {} columns", d.columns.len()),
                        Some(d.offset),
                    ));
                }
            }
            Err(e) => {
                let kind = match e.kind() {
                    io::ErrorKind::UnexpectedEof if !matches!(self.places[d.index], Place::File(_, Codec::None)) => {
                        if e.to_string().contains("chunk") || e.to_string().contains("ends inside") {
                            ProblemKind::BlockCut
                        } else {
                            ProblemKind::DecompressionFailed
                        }
                    }
                    io::ErrorKind::UnexpectedEof => ProblemKind::BlockCut,
                    _ => ProblemKind::DecompressionFailed,
                };
                let file = match &self.places[d.index] {
                    Place::File(p, _) => format!(" ({})", p.display()),
                    _ => String::new(),
                };
                problems.push(Problem::new(
                    kind,
                    format!("the data of {name}{file} cannot be read whole: {e}"),
                    Some(position.load(Ordering::Relaxed)),
                ));
            }
        }
        (rows, problems)
    }

    fn dump_id_of(&self, d: &TableDataEntry) -> Option<i32> {
        self.data_ids.get(d.index).copied()
    }

    /// A reader of one entry's decompressed bytes, and a flag set to 1 once the
    /// codec verified a checksum at the end of the stream.
    fn open_place(
        &self,
        index: usize,
        position: Option<Arc<AtomicU64>>,
    ) -> io::Result<(Box<dyn Read + Send + '_>, Arc<AtomicU64>)> {
        let codec_of = |c: Compression| match c {
            Compression::None => Codec::None,
            Compression::Gzip => Codec::Zlib,
            Compression::Lz4 => Codec::Lz4,
            Compression::Zstd => Codec::Zstd,
        };
        let (input, codec, base): (Box<dyn Read + Send>, Codec, u64) = match &self.places[index] {
            Place::Block(head) => {
                let file = File::open(&self.path)?;
                let mut chunks = Chunks::open(file, self.len, self.int_size.unwrap_or(4), head)?;
                if let Some(position) = &position {
                    position.store(chunks.position(), Ordering::Relaxed);
                    chunks.position = Some(position.clone());
                }
                return self.decode(Box::new(chunks), codec_of(self.compression));
            }
            Place::File(path, codec) => (Box::new(File::open(path)?), *codec, 0),
            Place::Member { offset, size, codec } => {
                let mut file = File::open(&self.path)?;
                file.seek(SeekFrom::Start(*offset))?;
                (Box::new(file.take(*size)), *codec, *offset)
            }
            Place::Missing => return Err(io::Error::new(io::ErrorKind::NotFound, "the data is not in the backup")),
        };
        let input: Box<dyn Read + Send> = match position {
            Some(position) => {
                position.store(base, Ordering::Relaxed);
                Box::new(Counting { inner: input, position })
            }
            None => input,
        };
        self.decode(input, codec)
    }

    fn decode(
        &self,
        input: Box<dyn Read + Send>,
        codec: Codec,
    ) -> io::Result<(Box<dyn Read + Send + '_>, Arc<AtomicU64>)> {
        let checksummed = Arc::new(AtomicU64::new(0));
        let input = Shared(Arc::new(Mutex::new(input)));
        let decoder = Decoder::new(codec, input.clone())?;
        Ok((Box::new(Finished { decoder, input, flag: checksummed.clone() }), checksummed))
    }
}

/// The compressed input, shared between the decoder and [`Finished`].
#[derive(Clone)]
struct Shared(Arc<Mutex<Box<dyn Read + Send>>>);

impl Read for Shared {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self.0.lock() {
            Ok(mut input) => input.read(buf),
            Err(_) => Err(io::Error::other("a reader panicked")),
        }
    }
}

/// At the decoder's end of stream: reads the input to its end (a custom
/// block's closing zero-length chunk must be there; bytes after the
/// compressed stream are an error), then sets its flag if the codec verified
/// a checksum.
struct Finished<'a> {
    decoder: Decoder<'a>,
    input: Shared,
    flag: Arc<AtomicU64>,
}

impl Read for Finished<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.decoder.read(buf)?;
        if n == 0 && !buf.is_empty() {
            let extra = io::copy(&mut self.input, &mut io::sink())?;
            if extra > 0 {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("{extra} bytes follow the end of the compressed stream"),
                ));
            }
            if self.decoder.checksummed() {
                self.flag.store(1, Ordering::Relaxed);
            }
        }
        Ok(n)
    }
}

/// Counts the bytes read, from a starting offset.
struct Counting<R> {
    inner: R,
    position: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.position.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

impl TableData for Backup {
    /// The TABLE DATA entries of an archive, or the COPY blocks of a plain dump.
    fn entries(&self) -> &[TableDataEntry] {
        match &self.plain {
            Some(plain) => plain.entries(),
            None => &self.data,
        }
    }

    fn open(&self, entry: &TableDataEntry) -> Result<Box<dyn Read + Send + '_>> {
        if let Some(plain) = &self.plain {
            return plain.open(entry);
        }
        let index = entry.index;
        if index >= self.places.len() {
            return Err(Error::Unreadable { path: self.path.clone(), message: format!("no table data entry {index}") });
        }
        let (reader, _) = self.open_place(index, None).map_err(|e| Error::io(&self.path, e))?;
        Ok(reader)
    }
}
