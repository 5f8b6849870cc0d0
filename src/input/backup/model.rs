//! The facts a backup is read into: its format, compression and version, TOC
//! entries, tables with their rows, integrity, and the problems found.

/// How the backup is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, schemars::JsonSchema)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Section {
    None,
    PreData,
    Data,
    PostData,
}

/// Where a TOC entry's data is.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
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
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, schemars::JsonSchema)]
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
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
pub struct TableRows {
    pub schema: String,
    pub table: String,
    /// The TABLE DATA entry (archives).
    pub dump_id: Option<i32>,
    /// Lines of COPY text before `\.` (for an archive made with `--inserts`: lines of INSERT text).
    pub rows: u64,
    /// Bytes of COPY text (decompressed) before `\.`.
    pub bytes: u64,
    pub integrity: Integrity,
    /// Where the data starts: a byte offset in the file (0 for a directory archive's own file).
    pub offset: u64,
}

/// What is wrong in a backup, found while reading it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, schemars::JsonSchema)]
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
