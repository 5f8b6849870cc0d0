//! Reading a backup file offline: plain SQL (gzip or not, pg_dump or
//! pg_dumpall), or a pg_dump archive in the custom (`-Fc`), directory (`-Fd`)
//! or tar (`-Ft`) format, versions 1.12 to 1.16 (pg_dump 11 to 18).
//!
//! [`Backup::open`] tells the format by content, never by name, reads the
//! header and table of contents, then every table's data (decompressed,
//! streaming, one table per thread) to count its rows and check it is whole.
//! What is wrong inside the file is a [`Problem`] with its byte offset;
//! reading goes on wherever it can. Lengths read from the file are checked
//! against what is left of it before anything is allocated.
//!
//! An archive's table data is handed out through [`TableData`]; a plain
//! dump's is read by `input::data`.

mod codec;
mod copy_text;
mod custom;
mod members;
mod plain;
mod toc;

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use self::codec::{Codec, Decoder};
use self::custom::{BlockHead, Chunks};
use self::toc::{Cut, Extra, Region};
use crate::error::{Error, Result};
use crate::input::data::copy_target;
use crate::input::table_data::{TableData, TableDataEntry};

/// How the backup is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// SQL text, as `pg_dump -Fp` or `pg_dumpall` write it (gzip or not).
    Plain,
    /// `pg_dump -Fc`: one file starting with `PGDMP`.
    Custom,
    /// `pg_dump -Fd`: a folder with `toc.dat` and one data file per table.
    Directory,
    /// `pg_dump -Ft`: a tar file with `toc.dat`, `<dumpId>.dat` members and `restore.sql`.
    Tar,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Plain => "plain",
            Format::Custom => "custom",
            Format::Directory => "directory",
            Format::Tar => "tar",
        }
    }
}

/// The compression the backup records (for a plain dump: gzip or not).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Compression {
    None,
    Gzip,
    Lz4,
    Zstd,
}

/// An archive's format version, `1.14` (pg_dump 12 to 15 write 1.14).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct ArchiveVersion {
    pub major: u8,
    pub minor: u8,
    pub rev: u8,
}

impl ArchiveVersion {
    pub fn at_least(self, major: u8, minor: u8) -> bool {
        (self.major, self.minor) >= (major, minor)
    }
}

impl std::fmt::Display for ArchiveVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.rev {
            0 => write!(f, "{}.{}", self.major, self.minor),
            rev => write!(f, "{}.{}.{rev}", self.major, self.minor),
        }
    }
}

impl serde::Serialize for ArchiveVersion {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// The section of a TOC entry (`teSection`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Section {
    None,
    PreData,
    Data,
    PostData,
}

/// Where a TOC entry's data is.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case", tag = "state", content = "at")]
pub enum DataLocation {
    /// The entry has no data.
    None,
    /// Custom: the offset of its data block.
    At(u64),
    /// Custom, written to a pipe: it has data, at an offset the TOC does not record.
    Unknown,
    /// Directory and tar: the file (or member) that holds it, as the TOC names it.
    File(String),
}

/// One entry of an archive's table of contents, as `pg_restore --list` lists it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TocEntry {
    pub dump_id: i32,
    pub had_dumper: bool,
    pub table_oid: u32,
    pub oid: u32,
    /// The object's name (`t`, `t_pkey`, `TABLE t`...).
    pub tag: String,
    /// Its kind: `TABLE`, `TABLE DATA`, `INDEX`, `SEQUENCE SET`, ...
    pub desc: String,
    pub section: Section,
    /// The statement that creates it (empty when NULL).
    pub defn: String,
    pub drop_stmt: String,
    pub copy_stmt: String,
    pub namespace: Option<String>,
    pub tablespace: Option<String>,
    /// Archive 1.14 on.
    pub tableam: Option<String>,
    /// Archive 1.16 on: `pg_class.relkind` for tables.
    pub relkind: Option<char>,
    pub owner: Option<String>,
    /// The dumpIds it depends on.
    pub deps: Vec<i32>,
    pub data: DataLocation,
    /// Where the entry starts in the TOC (in the file, or in `toc.dat`).
    #[serde(skip)]
    pub offset: u64,
}

/// What can be said of a table's data, or of the whole backup.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Integrity {
    /// Whole, and a checksum over it was verified (zlib adler32, gzip crc32,
    /// an LZ4 or zstd frame checksum).
    Verified,
    /// Whole as far as its structure shows; nothing checked its bytes.
    Complete,
    /// A problem was found.
    Damaged,
}

/// One table's data in the backup.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TableRows {
    pub schema: String,
    pub table: String,
    /// The TABLE DATA entry (archives).
    pub dump_id: Option<i32>,
    /// Lines of COPY text before `\.`.
    pub rows: u64,
    /// Bytes of COPY text (decompressed) before `\.`.
    pub bytes: u64,
    pub integrity: Integrity,
    /// Where the data starts: a byte offset in the file (0 for a directory archive's own file).
    pub offset: u64,
}

/// What is wrong in a backup, found while reading it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    pub kind: ProblemKind,
    pub message: String,
    /// Byte offset in the file (for a directory archive: in the file the message names):
    /// where the faulty value starts, or, for data that does not decompress or ends
    /// early, how far reading had got when the fault showed.
    pub offset: Option<u64>,
}

impl Problem {
    pub fn new(kind: ProblemKind, message: impl Into<String>, offset: Option<u64>) -> Self {
        Problem { kind, message: message.into(), offset }
    }
}

/// The kinds of [`Problem`]; names are stable (see docs/JSON.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProblemKind {
    /// The file ends inside the header or the table of contents.
    Truncated,
    /// A value in the header or TOC that cannot be right (a negative length, an unknown section).
    MalformedToc,
    /// A version, integer size or compression rollcheck does not read.
    Unsupported,
    /// The TOC points past the end of the file.
    OffsetPastEnd,
    /// The data block at an entry's offset is not that entry's, or has an unknown type.
    MalformedBlock,
    /// An archive written to a pipe has no block for an entry that has data.
    BlockMissing,
    /// A data block ends before its end marker.
    BlockCut,
    /// The data does not decompress, or its checksum does not match.
    DecompressionFailed,
    /// A directory archive lacks the data file its TOC names.
    MissingDataFile,
    /// A tar archive lacks the member its TOC names.
    MissingMember,
    /// A tar member's header promises more bytes than the file holds.
    TarMemberCut,
    /// A tar header that cannot be read.
    MalformedTar,
    /// A plain dump without pg_dump's closing `-- PostgreSQL database dump complete` line.
    NoDumpComplete,
    /// A plain dump without its closing `\unrestrict` line (pg_dump 13.22, 14.19, 15.14, 16.10, 17.6 on).
    NoUnrestrict,
    /// COPY data that ends without its `\.` line.
    CopyUnterminated,
    /// A row whose number of fields differs from the COPY's columns.
    FieldCount,
    /// Reading the file failed.
    ReadFailed,
}

impl ProblemKind {
    /// The stable kebab-case name.
    pub fn name(self) -> String {
        serde_json::to_value(self).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
    }
}

/// Where one table's data bytes are.
#[derive(Debug, Clone)]
enum Place {
    /// Custom: the block whose header is at this offset.
    Block(BlockHead),
    /// Directory: a file of its own.
    File(PathBuf, Codec),
    /// Tar: `size` bytes at `offset`.
    Member { offset: u64, size: u64, codec: Codec },
    /// Nowhere to be read (a problem says why).
    Missing,
}

/// A backup, read offline. See the module documentation.
#[derive(Debug, Clone)]
pub struct Backup {
    pub path: PathBuf,
    pub format: Format,
    /// A plain dump of a whole cluster (pg_dumpall).
    pub cluster: bool,
    /// Archives: the format version, `intSize` and `offSize` of the header.
    pub version: Option<ArchiveVersion>,
    pub int_size: Option<u8>,
    pub off_size: Option<u8>,
    pub compression: Compression,
    /// When the dump started: the archive header's time (as pg_dump's local time),
    /// or a plain dump's `-- Started on` line (written with `--verbose`).
    pub created: Option<String>,
    pub database: Option<String>,
    /// The server's version (`-- Dumped from database version`).
    pub server_version: Option<String>,
    pub pg_dump_version: Option<String>,
    /// The archive's TOC entries, in TOC order (empty for a plain dump).
    pub entries: Vec<TocEntry>,
    /// Whether the header and the whole TOC were read.
    pub toc_complete: bool,
    /// The tables with data and their rows, in the backup's order (empty after [`Backup::open_toc`]).
    pub tables: Vec<TableRows>,
    /// Problems found, by offset.
    pub problems: Vec<Problem>,
    data: Vec<TableDataEntry>,
    places: Vec<Place>,
    /// The TABLE DATA entry of each of `data`.
    data_ids: Vec<i32>,
    /// The file's length (custom, tar).
    len: u64,
}

impl Backup {
    fn empty(path: &Path, format: Format) -> Self {
        Backup {
            path: path.to_owned(),
            format,
            cluster: false,
            version: None,
            int_size: None,
            off_size: None,
            compression: Compression::None,
            created: None,
            database: None,
            server_version: None,
            pg_dump_version: None,
            entries: Vec::new(),
            toc_complete: false,
            tables: Vec::new(),
            problems: Vec::new(),
            data: Vec::new(),
            places: Vec::new(),
            data_ids: Vec::new(),
            len: 0,
        }
    }

    /// Reads a backup: its format (by content), header, TOC, and every table's
    /// data. A file that is no backup at all is [`Error::Unreadable`].
    pub fn open(path: &Path) -> Result<Backup> {
        let mut backup = Backup::open_toc(path)?;
        backup.scan();
        Ok(backup)
    }

    /// Like [`Backup::open`] without reading the table data: `tables` stays
    /// empty (a plain dump is read whole all the same).
    pub fn open_toc(path: &Path) -> Result<Backup> {
        let meta = fs::metadata(path).map_err(|e| Error::io(path, e))?;
        if meta.is_dir() {
            let toc = path.join("toc.dat");
            if !toc.is_file() {
                return Err(Error::Unreadable {
                    path: path.to_owned(),
                    message: "a folder without toc.dat is not a directory-format archive".into(),
                });
            }
            return Backup::read_directory(path, &toc);
        }
        let mut start = Vec::new();
        File::open(path).and_then(|f| f.take(8192).read_to_end(&mut start)).map_err(|e| Error::io(path, e))?;
        match sniff(&start) {
            Sniffed::Custom => Backup::read_custom(path, meta.len()),
            Sniffed::Tar => Backup::read_tar(path, meta.len()),
            Sniffed::Plain { gzip } => plain::read(path, gzip),
            Sniffed::Nothing => Err(Error::Unreadable {
                path: path.to_owned(),
                message: "not a backup: neither a pg_dump archive (custom, directory, tar) nor SQL text".into(),
            }),
        }
    }

    /// Counts of TOC entries by kind (`desc`).
    pub fn object_counts(&self) -> BTreeMap<String, usize> {
        let mut counts = BTreeMap::new();
        for e in &self.entries {
            *counts.entry(e.desc.clone()).or_default() += 1;
        }
        counts
    }

    /// The whole backup: [`Integrity::Damaged`] with any problem, [`Integrity::Verified`]
    /// when every table's data had its checksum verified, else [`Integrity::Complete`].
    /// A backup without table data, or one read with [`Backup::open_toc`], is at best complete:
    /// nothing checked the TOC's bytes.
    pub fn integrity(&self) -> Integrity {
        if !self.problems.is_empty() || (self.format != Format::Plain && !self.toc_complete) {
            return Integrity::Damaged;
        }
        if self.tables.is_empty() || self.tables.len() < self.data.len() {
            return Integrity::Complete;
        }
        self.tables.iter().map(|t| t.integrity).max().unwrap_or(Integrity::Complete)
    }

    /// The schema as SQL, as `pg_restore --schema-only` prints it: the `defn`
    /// of every entry outside the data section, in TOC order (the database's
    /// own entries, which pg_restore prints only with `--create`, left out).
    /// Empty for a plain dump, which is SQL already.
    pub fn schema_sql(&self) -> String {
        let mut sql = String::new();
        for e in &self.entries {
            if e.section == Section::Data
                || e.defn.is_empty()
                || e.desc == "DATABASE"
                || e.desc == "DATABASE PROPERTIES"
            {
                continue;
            }
            sql.push_str(&format!(
                "--\n-- Name: {}; Type: {}; Schema: {}\n--\n\n",
                e.tag,
                e.desc,
                e.namespace.as_deref().unwrap_or("-")
            ));
            sql.push_str(&e.defn);
            if !e.defn.ends_with('\n') {
                sql.push('\n');
            }
            sql.push('\n');
        }
        sql
    }

    fn read_custom(path: &Path, len: u64) -> Result<Backup> {
        let mut backup = Backup::empty(path, Format::Custom);
        backup.len = len;
        let file = File::open(path).map_err(|e| Error::io(path, e))?;
        let mut region = Region::new(BufReader::new(file), 0, len);
        if !backup.read_head_and_toc(&mut region, toc::FORMAT_CUSTOM, Extra::Offset) {
            return Ok(backup);
        }
        let data_start = region.pos;
        let mut walked: Option<BTreeMap<i64, BlockHead>> = None;
        for i in 0..backup.entries.len() {
            let entry = backup.entries[i].clone();
            if !is_table_data(&entry) {
                continue;
            }
            let place = match entry.data {
                DataLocation::At(offset) if offset >= len => {
                    backup.problems.push(Problem::new(
                        ProblemKind::OffsetPastEnd,
                        format!(
                            "entry {} ({}): data at offset {offset}, past the end of the {len}-byte file",
                            entry.dump_id, entry.tag
                        ),
                        Some(entry.offset),
                    ));
                    Place::Missing
                }
                DataLocation::At(offset) => match block_at(path, len, region.int_size, offset) {
                    Ok(head) if head.dump_id == i64::from(entry.dump_id) && head.kind == custom::BLK_DATA => {
                        Place::Block(head)
                    }
                    Ok(head) => {
                        backup.problems.push(Problem::new(
                            ProblemKind::MalformedBlock,
                            format!(
                                "entry {}: the data block at offset {offset} is entry {}'s",
                                entry.dump_id, head.dump_id
                            ),
                            Some(offset),
                        ));
                        Place::Missing
                    }
                    Err(Cut(p)) => {
                        backup.problems.push(p);
                        Place::Missing
                    }
                },
                DataLocation::Unknown => {
                    let blocks = walked.get_or_insert_with(|| {
                        let file = File::open(path).and_then(|mut f| f.seek(SeekFrom::Start(data_start)).map(|_| f));
                        let Ok(file) = file else { return BTreeMap::new() };
                        let mut r = Region::new(BufReader::new(file), data_start, len);
                        r.int_size = region.int_size;
                        let (heads, problem) = custom::walk_blocks(&mut r);
                        backup.problems.extend(problem);
                        heads.into_iter().map(|h| (h.dump_id, h)).collect()
                    });
                    match blocks.get(&i64::from(entry.dump_id)) {
                        Some(head) => Place::Block(*head),
                        None => {
                            backup.problems.push(Problem::new(
                                ProblemKind::BlockMissing,
                                format!("entry {} ({}): no data block in the archive", entry.dump_id, entry.tag),
                                None,
                            ));
                            Place::Missing
                        }
                    }
                }
                DataLocation::None | DataLocation::File(_) => Place::Missing,
            };
            let offset = match &place {
                Place::Block(h) => h.offset,
                _ => 0,
            };
            backup.add_data(i, place, offset);
        }
        Ok(backup)
    }

    fn read_directory(dir: &Path, toc_path: &Path) -> Result<Backup> {
        let mut backup = Backup::empty(dir, Format::Directory);
        let len = fs::metadata(toc_path).map_err(|e| Error::io(toc_path, e))?.len();
        let file = File::open(toc_path).map_err(|e| Error::io(toc_path, e))?;
        let mut region = Region::new(BufReader::new(file), 0, len);
        if !backup.read_head_and_toc(&mut region, toc::FORMAT_DIRECTORY, Extra::FileName) {
            return Ok(backup);
        }
        for i in 0..backup.entries.len() {
            let entry = backup.entries[i].clone();
            if !is_table_data(&entry) {
                continue;
            }
            let place = match &entry.data {
                DataLocation::File(name) if is_plain_name(name) => {
                    let found = [("", Codec::None), (".gz", Codec::Gzip), (".lz4", Codec::Lz4), (".zst", Codec::Zstd)]
                        .into_iter()
                        .map(|(suffix, codec)| (dir.join(format!("{name}{suffix}")), codec))
                        .find(|(p, _)| p.is_file());
                    match found {
                        Some((p, codec)) => Place::File(p, codec),
                        None => {
                            backup.problems.push(Problem::new(
                                ProblemKind::MissingDataFile,
                                format!("entry {} ({}): data file {name} is missing", entry.dump_id, entry.tag),
                                None,
                            ));
                            Place::Missing
                        }
                    }
                }
                _ => {
                    backup.problems.push(Problem::new(
                        ProblemKind::MalformedToc,
                        format!("entry {} ({}): no usable data file name", entry.dump_id, entry.tag),
                        Some(entry.offset),
                    ));
                    Place::Missing
                }
            };
            backup.add_data(i, place, 0);
        }
        Ok(backup)
    }

    fn read_tar(path: &Path, len: u64) -> Result<Backup> {
        let mut backup = Backup::empty(path, Format::Tar);
        backup.len = len;
        let (members, problem) = members::list(path, len)?;
        let Some(toc_member) = members.iter().find(|m| m.name == "toc.dat") else {
            backup.problems.extend(problem);
            backup.problems.push(Problem::new(ProblemKind::MissingMember, "the tar file has no toc.dat", None));
            return Ok(backup);
        };
        let mut file = File::open(path).map_err(|e| Error::io(path, e))?;
        file.seek(SeekFrom::Start(toc_member.offset)).map_err(|e| Error::io(path, e))?;
        let end = (toc_member.offset + toc_member.size).min(len);
        let mut region = Region::new(BufReader::new(file), toc_member.offset, end);
        let toc_read = backup.read_head_and_toc(&mut region, toc::FORMAT_TAR, Extra::FileName);
        backup.problems.extend(problem);
        if !toc_read {
            return Ok(backup);
        }
        let codec = match backup.compression {
            Compression::None => Codec::None,
            Compression::Gzip => Codec::Gzip,
            Compression::Lz4 => Codec::Lz4,
            Compression::Zstd => Codec::Zstd,
        };
        for i in 0..backup.entries.len() {
            let entry = backup.entries[i].clone();
            if !is_table_data(&entry) {
                continue;
            }
            let name = match &entry.data {
                DataLocation::File(name) => name.clone(),
                _ => String::new(),
            };
            let member = members
                .iter()
                .find(|m| m.name == name)
                .or_else(|| members.iter().find(|m| m.name.strip_prefix(name.as_str()).is_some_and(|s| s == ".gz")));
            let place = match member {
                Some(m) if m.cut => Place::Missing,
                Some(m) => {
                    let codec = if m.name.ends_with(".gz") { Codec::Gzip } else { codec };
                    Place::Member { offset: m.offset, size: m.size, codec }
                }
                None => {
                    let cut_before = members.last().is_some_and(|m| m.cut)
                        || backup.problems.iter().any(|p| p.kind == ProblemKind::Truncated);
                    if !cut_before {
                        backup.problems.push(Problem::new(
                            ProblemKind::MissingMember,
                            format!("entry {} ({}): the tar file has no member {name}", entry.dump_id, entry.tag),
                            None,
                        ));
                    }
                    Place::Missing
                }
            };
            let offset = match &place {
                Place::Member { offset, .. } => *offset,
                _ => members.iter().find(|m| m.name == name).map_or(0, |m| m.offset),
            };
            backup.add_data(i, place, offset);
        }
        Ok(backup)
    }

    /// Reads the header and TOC into `self`; false when reading cannot go on.
    fn read_head_and_toc(&mut self, region: &mut Region<BufReader<File>>, format: u8, extra: Extra) -> bool {
        let header = match toc::read_header(region) {
            Ok(h) => h,
            Err(Cut(p)) => {
                self.problems.push(p);
                return false;
            }
        };
        self.version = Some(header.version);
        self.int_size = Some(header.int_size);
        self.off_size = Some(header.off_size);
        self.compression = header.compression;
        self.created = header.created;
        self.database = header.database;
        self.server_version = header.server_version;
        self.pg_dump_version = header.pg_dump_version;
        // pg_dump 15 writes a directory archive's toc.dat with the tar format's number.
        let accepted = header.format == format || (format == toc::FORMAT_DIRECTORY && header.format == toc::FORMAT_TAR);
        if !accepted {
            self.problems.push(Problem::new(
                ProblemKind::MalformedToc,
                format!("the header says format {}, the file is {} format", header.format, self.format.name()),
                Some(7),
            ));
            return false;
        }
        let (entries, problem) = toc::read_toc(region, header.version, extra);
        self.entries = entries;
        self.toc_complete = problem.is_none();
        self.problems.extend(problem);
        true
    }

    fn add_data(&mut self, entry: usize, place: Place, offset: u64) {
        let e = &self.entries[entry];
        let columns = copy_target(&e.copy_stmt).map(|(_, c)| c).unwrap_or_default();
        let index = self.data.len();
        self.data.push(TableDataEntry {
            schema: e.namespace.clone().unwrap_or_default(),
            table: e.tag.clone(),
            columns,
            offset,
            index,
        });
        self.places.push(place);
        self.data_ids.push(e.dump_id);
    }

    /// Reads every table's data, one table per thread, in order.
    fn scan(&mut self) {
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
                if !counted.terminated {
                    rows.integrity = Integrity::Damaged;
                    problems.push(Problem::new(
                        ProblemKind::CopyUnterminated,
                        format!("the COPY data of {name} ends without its \\. line"),
                        Some(position.load(Ordering::Relaxed)),
                    ));
                }
                if let Some((row, fields)) = counted.wrong_fields {
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
    /// The TABLE DATA entries of an archive; empty for a plain dump (read it with `input::data`).
    fn entries(&self) -> &[TableDataEntry] {
        &self.data
    }

    fn open(&self, entry: &TableDataEntry) -> Result<Box<dyn BufRead + Send + '_>> {
        let index = entry.index;
        if index >= self.places.len() {
            return Err(Error::Unreadable { path: self.path.clone(), message: format!("no table data entry {index}") });
        }
        let (reader, _) = self.open_place(index, None).map_err(|e| Error::io(&self.path, e))?;
        Ok(Box::new(copy_text::CopyText::new(BufReader::with_capacity(64 * 1024, reader))))
    }
}

/// Whether `path` is a pg_dump archive by its content: a file starting with
/// `PGDMP`, a tar file with a `toc.dat` member, or a folder with `toc.dat`.
pub fn is_archive(path: &Path) -> bool {
    if path.is_dir() {
        return path.join("toc.dat").is_file();
    }
    let mut start = Vec::new();
    if File::open(path).and_then(|f| f.take(512).read_to_end(&mut start)).is_err() {
        return false;
    }
    match sniff(&start) {
        Sniffed::Custom => true,
        Sniffed::Tar => fs::metadata(path)
            .ok()
            .and_then(|m| members::list(path, m.len()).ok())
            .is_some_and(|(members, _)| members.iter().any(|m| m.name == "toc.dat")),
        _ => false,
    }
}

fn is_table_data(e: &TocEntry) -> bool {
    e.desc == "TABLE DATA" && e.data != DataLocation::None
}

/// A data file name from the TOC that stays inside the archive's folder.
fn is_plain_name(name: &str) -> bool {
    !name.is_empty() && !name.contains('/') && !name.contains('\\') && name != "." && name != ".."
}

fn block_at(path: &Path, len: u64, int_size: u8, offset: u64) -> std::result::Result<BlockHead, Cut> {
    let opened = File::open(path).and_then(|mut f| f.seek(SeekFrom::Start(offset)).map(|_| f));
    let file = opened.map_err(|e| {
        Cut(Problem::new(ProblemKind::ReadFailed, format!("reading the block at {offset}: {e}"), Some(offset)))
    })?;
    let mut r = Region::new(BufReader::new(file), offset, len);
    r.int_size = int_size;
    custom::block_head(&mut r)
}

enum Sniffed {
    Custom,
    Tar,
    Plain { gzip: bool },
    Nothing,
}

/// What the first bytes of a file say it is.
fn sniff(start: &[u8]) -> Sniffed {
    if start.starts_with(b"PGDMP") {
        return Sniffed::Custom;
    }
    if start.len() >= 512 && is_tar_header(&start[..512]) {
        return Sniffed::Tar;
    }
    if start.starts_with(&[0x1f, 0x8b]) {
        let mut text = Vec::new();
        let _ = flate2::read::MultiGzDecoder::new(start).take(4096).read_to_end(&mut text);
        return if plain::looks_like_text(&text) { Sniffed::Plain { gzip: true } } else { Sniffed::Nothing };
    }
    if plain::looks_like_text(&start[..start.len().min(4096)]) {
        Sniffed::Plain { gzip: false }
    } else {
        Sniffed::Nothing
    }
}

/// A ustar header whose checksum matches (as `isValidTarHeader` checks).
fn is_tar_header(h: &[u8]) -> bool {
    let field = std::str::from_utf8(&h[148..156]).unwrap_or("");
    let Ok(sum) = u32::from_str_radix(field.trim_matches(|c: char| c == '\0' || c == ' '), 8) else {
        return false;
    };
    let computed: u32 =
        h.iter().enumerate().map(|(i, &b)| if (148..156).contains(&i) { u32::from(b' ') } else { u32::from(b) }).sum();
    sum == computed && &h[257..262] == b"ustar"
}
