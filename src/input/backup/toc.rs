//! The header and table of contents of a pg_dump archive (`toc.dat`, or the
//! start of a custom-format file), versions 1.12 to 1.16, read the way
//! `ReadHead`/`ReadToc` in PostgreSQL's `pg_backup_archiver.c` read them.
//!
//! An int is a sign byte then `intSize` bytes, little-endian; a string is an
//! int length then that many bytes, -1 being NULL; an offset is a flag byte
//! then `offSize` bytes. Every length is checked against what is left of the
//! region before anything is allocated, and a region that ends early is a
//! [`Cut`] with its offset, never a panic.

use std::io::{self, Read};

use super::{ArchiveVersion, Compression, DataLocation, Problem, ProblemKind, Section, TocEntry};

/// The oldest and newest archive versions read (pg_dump 11 to 18).
pub(super) const OLDEST: (u8, u8) = (1, 12);
pub(super) const NEWEST: (u8, u8) = (1, 16);

/// `archCustom`, `archTar`, `archDirectory` of `pg_backup.h`.
pub(super) const FORMAT_CUSTOM: u8 = 1;
pub(super) const FORMAT_TAR: u8 = 3;
pub(super) const FORMAT_DIRECTORY: u8 = 5;

/// `K_OFFSET_*` of `pg_backup_archiver.h`.
const OFFSET_POS_NOT_SET: u8 = 1;
const OFFSET_POS_SET: u8 = 2;
const OFFSET_NO_DATA: u8 = 3;

/// Reading stopped: the region ended, or a value cannot be right.
#[derive(Debug)]
pub(super) struct Cut(pub Problem);

/// A bounded, counting reader over one region of a file (a custom file, a
/// `toc.dat`, a tar member).
pub(super) struct Region<R: Read> {
    inner: R,
    /// Offset in the file of the next byte.
    pub pos: u64,
    /// Offset in the file where the region ends.
    pub end: u64,
    pub int_size: u8,
    pub off_size: u8,
}

impl<R: Read> Region<R> {
    pub fn new(inner: R, start: u64, end: u64) -> Self {
        Region { inner, pos: start, end, int_size: 4, off_size: 8 }
    }

    pub fn inner_mut(&mut self) -> &mut R {
        &mut self.inner
    }

    fn cut(&self, what: &str) -> Cut {
        Cut(Problem::new(ProblemKind::Truncated, format!("the file ends inside {what}"), Some(self.pos)))
    }

    pub fn bytes(&mut self, buf: &mut [u8], what: &str) -> Result<(), Cut> {
        if (buf.len() as u64) > self.end.saturating_sub(self.pos) {
            return Err(self.cut(what));
        }
        match self.inner.read_exact(buf) {
            Ok(()) => {
                self.pos += buf.len() as u64;
                Ok(())
            }
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => Err(self.cut(what)),
            Err(e) => Err(Cut(Problem::new(ProblemKind::ReadFailed, format!("reading {what}: {e}"), Some(self.pos)))),
        }
    }

    pub fn byte(&mut self, what: &str) -> Result<u8, Cut> {
        let mut b = [0u8];
        self.bytes(&mut b, what)?;
        Ok(b[0])
    }

    /// `ReadInt`: a sign byte, then `intSize` bytes, least significant first.
    pub fn int(&mut self, what: &str) -> Result<i64, Cut> {
        let sign = self.byte(what)?;
        let mut value: i64 = 0;
        for shift in 0..self.int_size {
            let b = self.byte(what)?;
            value |= i64::from(b) << (8 * u32::from(shift));
        }
        Ok(if sign != 0 { value.wrapping_neg() } else { value })
    }

    /// `ReadStr`: an int length (-1 for NULL), then the bytes, checked against the region first.
    pub fn string(&mut self, what: &str) -> Result<Option<String>, Cut> {
        let at = self.pos;
        let len = self.int(what)?;
        if len == -1 {
            return Ok(None);
        }
        if len < 0 || len as u64 > self.end.saturating_sub(self.pos) {
            let kind = if len < 0 { ProblemKind::MalformedToc } else { ProblemKind::Truncated };
            return Err(Cut(Problem::new(
                kind,
                format!("{what}: a string of {len} bytes, but {} bytes are left", self.end.saturating_sub(self.pos)),
                Some(at),
            )));
        }
        let mut text = Vec::new();
        let read = (&mut self.inner).take(len as u64).read_to_end(&mut text);
        match read {
            Ok(n) if n as u64 == len as u64 => {
                self.pos += n as u64;
                Ok(Some(String::from_utf8(text).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())))
            }
            Ok(n) => {
                self.pos += n as u64;
                Err(self.cut(what))
            }
            Err(e) => Err(Cut(Problem::new(ProblemKind::ReadFailed, format!("reading {what}: {e}"), Some(self.pos)))),
        }
    }

    /// `ReadOffset`: a flag byte, then `offSize` bytes.
    fn offset(&mut self, what: &str) -> Result<(u8, u64), Cut> {
        let flag = self.byte(what)?;
        let mut value: u64 = 0;
        for shift in 0..self.off_size {
            let b = self.byte(what)?;
            value |= u64::from(b) << (8 * u32::from(shift));
        }
        Ok((flag, value))
    }
}

/// What the archive header says.
#[derive(Debug, Clone)]
pub(super) struct Header {
    pub version: ArchiveVersion,
    pub int_size: u8,
    pub off_size: u8,
    pub format: u8,
    pub compression: Compression,
    pub created: Option<String>,
    pub database: Option<String>,
    pub server_version: Option<String>,
    pub pg_dump_version: Option<String>,
}

/// `ReadHead`, from the magic on. A version outside 1.12..=1.16 or an integer
/// size rollcheck cannot hold is an `unsupported` problem.
pub(super) fn read_header<R: Read>(r: &mut Region<R>) -> Result<Header, Cut> {
    let mut magic = [0u8; 5];
    r.bytes(&mut magic, "the header")?;
    if &magic != b"PGDMP" {
        return Err(Cut(Problem::new(ProblemKind::MalformedToc, "no PGDMP magic", Some(r.pos - 5))));
    }
    let at = r.pos;
    let (major, minor, rev) = (r.byte("the header")?, r.byte("the header")?, r.byte("the header")?);
    let version = ArchiveVersion { major, minor, rev };
    if (major, minor) < OLDEST || (major, minor) > NEWEST {
        return Err(Cut(Problem::new(
            ProblemKind::Unsupported,
            format!("archive version {version}: rollcheck reads 1.12 (pg_dump 11) to 1.16 (pg_dump 18)"),
            Some(at),
        )));
    }
    let int_at = r.pos;
    let int_size = r.byte("the header")?;
    let off_size = r.byte("the header")?;
    if !(1..=8).contains(&int_size) || !(1..=8).contains(&off_size) {
        return Err(Cut(Problem::new(
            ProblemKind::Unsupported,
            format!("integer size {int_size} and offset size {off_size}: rollcheck reads sizes 1 to 8"),
            Some(int_at),
        )));
    }
    r.int_size = int_size;
    r.off_size = off_size;
    let format = r.byte("the header")?;
    let compression_at = r.pos;
    let compression = if (major, minor) >= (1, 15) {
        match r.byte("the header")? {
            0 => Compression::None,
            1 => Compression::Gzip,
            2 => Compression::Lz4,
            3 => Compression::Zstd,
            other => {
                return Err(Cut(Problem::new(
                    ProblemKind::Unsupported,
                    format!("unknown compression algorithm {other}"),
                    Some(compression_at),
                )))
            }
        }
    } else {
        match r.int("the header")? {
            0 => Compression::None,
            _ => Compression::Gzip,
        }
    };
    let mut tm = [0i64; 7];
    for field in &mut tm {
        *field = r.int("the header")?;
    }
    let [sec, min, hour, mday, mon, year, _isdst] = tm;
    let created = Some(format!("{:04}-{:02}-{:02} {:02}:{:02}:{:02}", year + 1900, mon + 1, mday, hour, min, sec));
    let database = r.string("the header")?;
    let server_version = r.string("the header")?;
    let pg_dump_version = r.string("the header")?;
    Ok(Header { version, int_size, off_size, format, compression, created, database, server_version, pg_dump_version })
}

/// How the format stores where an entry's data is (`ReadExtraTocPtr`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Extra {
    /// Custom: an offset.
    Offset,
    /// Directory and tar: a file name.
    FileName,
}

/// `ReadToc`. Entries read before a cut are kept; the cut is returned beside them.
pub(super) fn read_toc<R: Read>(
    r: &mut Region<R>,
    version: ArchiveVersion,
    extra: Extra,
) -> (Vec<TocEntry>, Option<Problem>) {
    let mut entries = Vec::new();
    let count_at = r.pos;
    let count = match r.int("the table of contents") {
        Ok(n) => n,
        Err(Cut(p)) => return (entries, Some(p)),
    };
    if count < 0 {
        let p = Problem::new(ProblemKind::MalformedToc, format!("{count} TOC entries"), Some(count_at));
        return (entries, Some(p));
    }
    for _ in 0..count {
        match read_entry(r, version, extra) {
            Ok(entry) => entries.push(entry),
            Err(Cut(p)) => return (entries, Some(p)),
        }
    }
    (entries, None)
}

fn read_entry<R: Read>(r: &mut Region<R>, version: ArchiveVersion, extra: Extra) -> Result<TocEntry, Cut> {
    let what = "a TOC entry";
    let offset = r.pos;
    let dump_id = r.int(what)?;
    if dump_id <= 0 || dump_id > i64::from(i32::MAX) {
        return Err(Cut(Problem::new(
            ProblemKind::MalformedToc,
            format!("entry ID {dump_id} out of range"),
            Some(offset),
        )));
    }
    let had_dumper = r.int(what)? != 0;
    let table_oid = r.string(what)?.and_then(|s| s.trim().parse().ok()).unwrap_or(0);
    let oid = r.string(what)?.and_then(|s| s.trim().parse().ok()).unwrap_or(0);
    let tag = r.string(what)?.unwrap_or_default();
    let desc = r.string(what)?.unwrap_or_default();
    let section_at = r.pos;
    let section = match r.int(what)? {
        1 => Section::None,
        2 => Section::PreData,
        3 => Section::Data,
        4 => Section::PostData,
        other => {
            return Err(Cut(Problem::new(
                ProblemKind::MalformedToc,
                format!("entry {dump_id}: unknown section {other}"),
                Some(section_at),
            )))
        }
    };
    let defn = r.string(what)?.unwrap_or_default();
    let drop_stmt = r.string(what)?.unwrap_or_default();
    let copy_stmt = r.string(what)?.unwrap_or_default();
    let namespace = r.string(what)?;
    let tablespace = r.string(what)?;
    let tableam = if version.at_least(1, 14) { r.string(what)? } else { None };
    let relkind = if version.at_least(1, 16) {
        let k = r.int(what)?;
        u8::try_from(k).ok().filter(|&b| b != 0).map(char::from)
    } else {
        None
    };
    let owner = r.string(what)?;
    let _with_oids = r.string(what)?;
    let mut deps = Vec::new();
    while let Some(dep) = r.string(what)? {
        deps.push(dep.trim().parse().unwrap_or(0));
    }
    let data = match extra {
        Extra::Offset => {
            let at = r.pos;
            match r.offset(what)? {
                (OFFSET_POS_SET, pos) => DataLocation::At(pos),
                (OFFSET_POS_NOT_SET, _) => DataLocation::Unknown,
                (OFFSET_NO_DATA, _) => DataLocation::None,
                (flag, _) => {
                    return Err(Cut(Problem::new(
                        ProblemKind::MalformedToc,
                        format!("entry {dump_id}: unknown offset flag {flag}"),
                        Some(at),
                    )))
                }
            }
        }
        Extra::FileName => match r.string(what)? {
            Some(name) if !name.is_empty() => DataLocation::File(name),
            _ => DataLocation::None,
        },
    };
    Ok(TocEntry {
        dump_id: dump_id as i32,
        had_dumper,
        table_oid,
        oid,
        tag,
        desc,
        section,
        defn,
        drop_stmt,
        copy_stmt,
        namespace,
        tablespace,
        tableam,
        relkind,
        owner,
        deps,
        data,
        offset,
    })
}
