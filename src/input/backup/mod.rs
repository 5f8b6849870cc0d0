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
//! Every format's table data is handed out through
//! [`TableData`](crate::input::table_data::TableData); a plain dump's is found
//! by `input::data` in the same pass that reads the backup.

mod codec;
mod copy_text;
mod custom;
mod formats;
mod members;
mod model;
mod plain;
mod scan;
mod toc;

pub use self::model::{
    ArchiveVersion, Compression, DataLocation, Format, Integrity, Problem, ProblemKind, Section, TableRows, TocEntry,
};

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use self::codec::Codec;
use self::custom::BlockHead;
use self::toc::{Cut, Region};
use crate::error::{Error, Result};
use crate::input::data::PlainDump;
use crate::input::script::Piece;
use crate::input::table_data::TableDataEntry;

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
    /// A plain dump's table data.
    plain: Option<PlainDump>,
    /// A plain dump's pieces as read (COPY data left out), for its schema to be
    /// replayed without reading the file again: see [`Backup::take_script`].
    script: Vec<Piece>,
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
            plain: None,
            script: Vec::new(),
        }
    }

    /// A plain dump's statements, meta-commands and COPY blocks in file order, as
    /// [`ScriptReader`](crate::input::script::ScriptReader) cut them in the pass that read
    /// the backup (taken out: a second call gets nothing). Empty for an archive, and for a
    /// plain dump whose statements are too large to keep (64 MiB: `--inserts` of much data),
    /// which is then read again from its file.
    pub fn take_script(&mut self) -> Vec<Piece> {
        std::mem::take(&mut self.script)
    }

    /// A plain dump's table data (COPY blocks and INSERTs); `None` for an archive, or for a
    /// file that is no SQL text.
    pub fn plain_dump(&self) -> Option<&PlainDump> {
        self.plain.as_ref()
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

    /// The encoding of the data, from the archive's ENCODING entry
    /// (`SET client_encoding = 'UTF8';`): UTF-8 when there is none or it has no decoder here.
    pub fn encoding(&self) -> crate::input::copy::DumpEncoding {
        if let Some(plain) = &self.plain {
            return plain.encoding();
        }
        self.entries
            .iter()
            .find(|e| e.desc == "ENCODING")
            .and_then(|e| e.defn.split('\'').nth(1))
            .and_then(crate::input::copy::DumpEncoding::from_postgres)
            .unwrap_or(crate::input::copy::DumpEncoding::Utf8)
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

/// The backups of a folder, sorted by name: its files (hidden ones skipped) and
/// its directory-format archives (folders with a `toc.dat`).
pub fn files_in(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = crate::input::source::read_dir_sorted(dir)?
        .into_iter()
        .filter(|p| !crate::input::source::file_name(p).starts_with('.'))
        .filter(|p| p.is_file() || p.join("toc.dat").is_file())
        .collect();
    files.sort();
    Ok(files)
}
