//! Custom-format archives of the versions and compressions pg_dump 15 cannot write
//! (1.12, 1.13, 1.15, 1.16; LZ4 and zstd), built here byte by byte the way
//! `WriteHead`/`WriteToc`/`WriteDataChunks` of PostgreSQL's pg_dump write them,
//! and read back field by field.

use std::io::{Read, Write};

use rollcheck::input::backup::{Backup, Compression, DataLocation, Integrity, ProblemKind, Section};
use rollcheck::input::table_data::TableData;

const ROWS: &[u8] = b"1\tone\n2\ttwo\n3\t\\N\n";

#[derive(Clone, Copy, Debug)]
enum Codec {
    None,
    Zlib,
    Lz4 { checksum: bool },
    Zstd { checksum: bool },
}

struct Archive {
    minor: u8,
    int_size: usize,
    codec: Codec,
    /// Written to a pipe: no offsets.
    piped: bool,
}

struct Writer {
    out: Vec<u8>,
    int_size: usize,
}

impl Writer {
    fn byte(&mut self, b: u8) {
        self.out.push(b);
    }
    fn int(&mut self, v: i64) {
        self.out.push(u8::from(v < 0));
        let a = v.unsigned_abs();
        for i in 0..self.int_size {
            self.out.push((a >> (8 * i)) as u8);
        }
    }
    fn str(&mut self, s: Option<&str>) {
        match s {
            None => self.int(-1),
            Some(s) => {
                self.int(s.len() as i64);
                self.out.extend_from_slice(s.as_bytes());
            }
        }
    }
}

struct Entry {
    id: i64,
    dumper: bool,
    tag: &'static str,
    desc: &'static str,
    section: i64,
    defn: &'static str,
    copy: &'static str,
    namespace: Option<&'static str>,
    deps: &'static [&'static str],
}

const ENTRIES: &[Entry] = &[
    Entry {
        id: 1,
        dumper: false,
        tag: "ENCODING",
        desc: "ENCODING",
        section: 2,
        defn: "SET client_encoding = 'UTF8';\n",
        copy: "",
        namespace: None,
        deps: &[],
    },
    Entry {
        id: 210,
        dumper: false,
        tag: "t",
        desc: "TABLE",
        section: 2,
        defn: "CREATE TABLE public.t (\n    a integer,\n    b text\n);\n",
        copy: "",
        namespace: Some("public"),
        deps: &[],
    },
    Entry {
        id: 3300,
        dumper: true,
        tag: "t",
        desc: "TABLE DATA",
        section: 3,
        defn: "",
        copy: "COPY public.t (a, b) FROM stdin;\n",
        namespace: Some("public"),
        deps: &["210"],
    },
    Entry {
        id: 3301,
        dumper: false,
        tag: "t_a_idx",
        desc: "INDEX",
        section: 4,
        defn: "CREATE INDEX t_a_idx ON public.t USING btree (a);\n",
        copy: "",
        namespace: Some("public"),
        deps: &["210"],
    },
];

fn compress(codec: Codec, data: &[u8]) -> Vec<u8> {
    match codec {
        Codec::None => data.to_vec(),
        Codec::Zlib => {
            let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
            e.write_all(data).unwrap();
            e.finish().unwrap()
        }
        Codec::Lz4 { checksum } => {
            let info = lz4_flex::frame::FrameInfo::new().content_checksum(checksum);
            let mut e = lz4_flex::frame::FrameEncoder::with_frame_info(info, Vec::new());
            e.write_all(data).unwrap();
            e.finish().unwrap()
        }
        Codec::Zstd { checksum } => {
            let mut e = zstd::stream::write::Encoder::new(Vec::new(), 3).unwrap();
            e.include_checksum(checksum).unwrap();
            e.write_all(data).unwrap();
            e.finish().unwrap()
        }
    }
}

fn build(a: &Archive) -> Vec<u8> {
    let mut w = Writer { out: Vec::new(), int_size: a.int_size };
    w.out.extend_from_slice(b"PGDMP");
    for b in [1, a.minor, 0, a.int_size as u8, 8, 1] {
        w.byte(b);
    }
    if a.minor >= 15 {
        w.byte(match a.codec {
            Codec::None => 0,
            Codec::Zlib => 1,
            Codec::Lz4 { .. } => 2,
            Codec::Zstd { .. } => 3,
        });
    } else {
        w.int(match a.codec {
            Codec::None => 0,
            _ => -1,
        });
    }
    for v in [4, 3, 2, 1, 0, 126, 0] {
        w.int(v); // sec, min, hour, mday, mon, year, isdst
    }
    w.str(Some("shop"));
    w.str(Some("15.4"));
    w.str(Some("18.0"));
    w.int(ENTRIES.len() as i64);
    let mut patch = None;
    for e in ENTRIES {
        w.int(e.id);
        w.int(i64::from(e.dumper));
        w.str(Some("1259"));
        w.str(Some(&format!("{}", 16000 + e.id)));
        w.str(Some(e.tag));
        w.str(Some(e.desc));
        w.int(e.section);
        w.str(Some(e.defn));
        w.str(Some(""));
        w.str(Some(e.copy));
        w.str(e.namespace);
        w.str(Some(""));
        if a.minor >= 14 {
            w.str(if e.desc == "TABLE" { Some("heap") } else { None });
        }
        if a.minor >= 16 {
            w.int(if e.desc == "TABLE" { i64::from(b'r') } else { 0 });
        }
        w.str(Some("alice"));
        w.str(Some("false"));
        for d in e.deps {
            w.str(Some(d));
        }
        w.str(None);
        if e.dumper {
            patch = Some(w.out.len());
            w.byte(if a.piped { 1 } else { 2 });
        } else {
            w.byte(3);
        }
        w.out.extend_from_slice(&[0; 8]);
    }
    let block = w.out.len() as u64;
    if let (Some(at), false) = (patch, a.piped) {
        w.out[at + 1..at + 9].copy_from_slice(&block.to_le_bytes());
    }
    w.byte(1);
    w.int(3300);
    let mut text = ROWS.to_vec();
    text.extend_from_slice(b"\\.\n\n\n");
    for chunk in compress(a.codec, &text).chunks(7) {
        w.int(chunk.len() as i64);
        w.out.extend_from_slice(chunk);
    }
    w.int(0);
    w.out
}

fn read(a: &Archive) -> (tempfile::TempDir, Backup) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("built.dump");
    std::fs::write(&path, build(a)).unwrap();
    let backup = Backup::open(&path).unwrap();
    (dir, backup)
}

#[test]
fn every_version_and_codec_reads_back_field_by_field() {
    let cases = [
        (12, 4, Codec::Zlib, Compression::Gzip, Integrity::Verified),
        (13, 4, Codec::None, Compression::None, Integrity::Complete),
        (14, 8, Codec::Zlib, Compression::Gzip, Integrity::Verified),
        (15, 4, Codec::Lz4 { checksum: false }, Compression::Lz4, Integrity::Complete),
        (15, 4, Codec::Lz4 { checksum: true }, Compression::Lz4, Integrity::Verified),
        (15, 4, Codec::Zstd { checksum: true }, Compression::Zstd, Integrity::Verified),
        (16, 4, Codec::Zstd { checksum: false }, Compression::Zstd, Integrity::Complete),
        (16, 8, Codec::Zlib, Compression::Gzip, Integrity::Verified),
        (16, 4, Codec::None, Compression::None, Integrity::Complete),
    ];
    for (minor, int_size, codec, compression, integrity) in cases {
        for piped in [false, true] {
            let a = Archive { minor, int_size, codec, piped };
            let what = format!("1.{minor} int {int_size} {codec:?} piped {piped}");
            let (_dir, b) = read(&a);
            assert_eq!(b.problems, vec![], "{what}");
            assert_eq!(b.version.unwrap().to_string(), format!("1.{minor}"), "{what}");
            assert_eq!((b.int_size, b.off_size), (Some(int_size as u8), Some(8)), "{what}");
            assert_eq!(b.compression, compression, "{what}");
            assert_eq!(b.created.as_deref(), Some("2026-01-01 02:03:04"), "{what}");
            assert_eq!(b.database.as_deref(), Some("shop"), "{what}");
            assert_eq!(b.server_version.as_deref(), Some("15.4"), "{what}");
            assert_eq!(b.pg_dump_version.as_deref(), Some("18.0"), "{what}");
            assert_eq!(b.entries.len(), ENTRIES.len(), "{what}");
            for (got, want) in b.entries.iter().zip(ENTRIES) {
                assert_eq!(i64::from(got.dump_id), want.id, "{what}");
                assert_eq!((got.tag.as_str(), got.desc.as_str(), got.defn.as_str()), (want.tag, want.desc, want.defn));
                assert_eq!(got.copy_stmt, want.copy);
                assert_eq!(got.namespace.as_deref(), want.namespace);
                assert_eq!(got.owner.as_deref(), Some("alice"));
                assert_eq!(got.oid as i64, 16000 + want.id);
                assert_eq!(got.table_oid, 1259);
                assert_eq!(got.deps, want.deps.iter().map(|d| d.parse().unwrap()).collect::<Vec<i32>>());
                let section =
                    [Section::None, Section::PreData, Section::Data, Section::PostData][want.section as usize - 1];
                assert_eq!(got.section, section);
                let table = want.desc == "TABLE";
                assert_eq!(got.tableam.as_deref(), (table && minor >= 14).then_some("heap"), "{what}");
                assert_eq!(got.relkind, (table && minor >= 16).then_some('r'), "{what}");
                match (&got.data, want.dumper, piped) {
                    (DataLocation::At(_), true, false)
                    | (DataLocation::Unknown, true, true)
                    | (DataLocation::None, false, _) => {}
                    other => panic!("{what}: {other:?}"),
                }
            }
            assert_eq!(b.tables.len(), 1, "{what}");
            assert_eq!((b.tables[0].rows, b.tables[0].integrity), (3, integrity), "{what}");
            assert_eq!(b.integrity(), integrity, "{what}");
            let mut text = Vec::new();
            b.open(&b.entries()[0]).unwrap().read_to_end(&mut text).unwrap();
            // The whole block, decompressed: the rows, then pg_dump's `\.` line and blank lines.
            assert_eq!(text, [ROWS, b"\\.\n\n\n"].concat(), "{what}");
            assert_eq!(b.entries()[0].columns, vec!["a", "b"]);
            let sql = b.schema_sql();
            assert!(sql.contains("CREATE TABLE public.t (") && sql.contains("CREATE INDEX t_a_idx"), "{sql}");
        }
    }
}

#[test]
fn cuts_and_bad_lengths_are_problems_with_offsets() {
    let a = Archive { minor: 16, int_size: 4, codec: Codec::Zstd { checksum: true }, piped: false };
    let whole = build(&a);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cut.dump");
    for cut in 5..whole.len() {
        std::fs::write(&path, &whole[..cut]).unwrap();
        let b = Backup::open(&path).unwrap();
        assert_eq!(b.integrity(), Integrity::Damaged, "cut at {cut}");
        assert!(b.problems.iter().all(|p| p.offset.is_none_or(|o| o <= cut as u64)), "cut at {cut}: {:?}", b.problems);
    }
    // A string length far larger than the file: a problem, no allocation.
    let mut bad = whole.clone();
    let tag = bad.windows(8).position(|w| w == b"ENCODING").unwrap();
    bad[tag - 4..tag].copy_from_slice(&0x7fff_fff0u32.to_le_bytes());
    std::fs::write(&path, &bad).unwrap();
    let b = Backup::open(&path).unwrap();
    assert_eq!(b.problems[0].kind, ProblemKind::Truncated);
    assert_eq!(b.problems[0].offset, Some(tag as u64 - 5));
    // An unsupported version is a problem, not a panic.
    let mut old = whole.clone();
    old[6] = 11;
    std::fs::write(&path, &old).unwrap();
    let b = Backup::open(&path).unwrap();
    assert_eq!(b.problems[0].kind, ProblemKind::Unsupported);
}
