//! Reading pg_dump archives offline, checked against the real pg_dump and pg_restore 15:
//! the TOC against `pg_restore --list`, row counts against `count(*)`, each table's COPY
//! text against what `pg_restore -a -t` prints, the schema against a plain schema-only dump
//! (through `rollcheck diff`), and damaged copies against what pg_restore makes of them.

mod binary;
mod support;

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use rollcheck::input::backup::{Backup, Compression, DataLocation, Format, Integrity, ProblemKind};
use rollcheck::input::copy::CopyRows;
use rollcheck::input::table_data::TableData;

const SCHEMA: &str = include_str!("fixtures/archives/schema.sql");
const TABLES: [&str; 3] = ["person", "note", "empty_table"];

/// A database holding the fixture schema and its data.
fn fixture(pg: &support::PgServer) -> support::Database {
    let db = pg.create_database("archive");
    db.apply_sql(SCHEMA).expect("the fixture schema applies");
    db
}

/// `pg_dump <args> -f <path>` into `dir`.
fn dump(db: &support::Database, dir: &Path, name: &str, args: &[&str]) -> PathBuf {
    let path = dir.join(name);
    let mut all: Vec<&str> = args.to_vec();
    let p = path.to_str().unwrap().to_owned();
    all.extend(["-f", &p]);
    db.pg_dump(&all);
    path
}

fn pg_restore(pg: &support::PgServer, args: &[&str], path: &Path) -> std::process::Output {
    Command::new(pg.bin("pg_restore"))
        .args(["-h", pg.socket_dir().to_str().unwrap(), "-p", &pg.port().to_string(), "-U", "postgres"])
        .args(args)
        .arg(path)
        .output()
        .expect("pg_restore runs")
}

/// `pg_restore --list` lines, without comments: `id; tableoid oid DESC namespace tag owner`.
fn restore_list(pg: &support::PgServer, path: &Path) -> Option<Vec<String>> {
    let out = pg_restore(pg, &["--list"], path);
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8(out.stdout).unwrap();
    Some(text.lines().filter(|l| !l.starts_with(';') && !l.trim().is_empty()).map(str::to_owned).collect())
}

fn listed(backup: &Backup) -> Vec<String> {
    backup
        .entries
        .iter()
        .map(|e| {
            format!(
                "{}; {} {} {} {} {} {}",
                e.dump_id,
                e.table_oid,
                e.oid,
                e.desc,
                e.namespace.as_deref().filter(|n| !n.is_empty()).unwrap_or("-"),
                e.tag,
                e.owner.as_deref().unwrap_or("")
            )
            .trim_end()
            .to_owned()
        })
        .collect()
}

/// The COPY text `pg_restore -a -t table` prints between its COPY line and `\.`.
fn restored_copy_text(pg: &support::PgServer, path: &Path, table: &str) -> String {
    let out = pg_restore(pg, &["-a", "-t", table, "-f", "-"], path);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let start = text.find("\nCOPY ").map(|i| i + 1).expect("a COPY line");
    let data = &text[start..];
    let data = &data[data.find('\n').unwrap() + 1..];
    data[..data.find("\\.\n").expect("a \\. line")].to_owned()
}

/// A table's rows as the backup hands them out, up to its `\.` line, one per line.
fn table_text(backup: &Backup, table: &str) -> String {
    let entry = backup.entries().iter().find(|e| e.table == table).expect("table data entry");
    let mut rows = CopyRows::new(backup.open(entry).unwrap());
    let mut text = String::new();
    while let Some(row) = rows.next_row().unwrap() {
        text.push_str(std::str::from_utf8(row.unwrap().text).unwrap());
        text.push('\n');
    }
    text
}

fn kinds(backup: &Backup) -> Vec<ProblemKind> {
    backup.problems.iter().map(|p| p.kind).collect()
}

#[test]
fn every_format_agrees_with_pg_restore_and_the_server() {
    let Some(pg) = support::server() else { return };
    let db = fixture(pg);
    let dir = tempfile::tempdir().unwrap();
    let counts: BTreeMap<&str, u64> =
        TABLES.iter().map(|t| (*t, db.query(&format!("SELECT count(*) FROM {t}")).unwrap().parse().unwrap())).collect();
    let cases = [
        ("custom.dump", vec!["-Fc"], Format::Custom, Compression::Gzip, Integrity::Verified),
        ("custom-z0.dump", vec!["-Fc", "-Z0"], Format::Custom, Compression::None, Integrity::Complete),
        ("directory", vec!["-Fd"], Format::Directory, Compression::Gzip, Integrity::Verified),
        ("directory-z0", vec!["-Fd", "-Z0"], Format::Directory, Compression::None, Integrity::Complete),
        ("tar.tar", vec!["-Ft"], Format::Tar, Compression::None, Integrity::Complete),
    ];
    for (name, args, format, compression, integrity) in cases {
        let path = dump(&db, dir.path(), name, &args);
        let backup = Backup::open(&path).unwrap();
        assert_eq!(backup.problems, vec![], "{name}");
        assert_eq!(backup.format, format, "{name}");
        assert_eq!(backup.compression, compression, "{name}");
        assert_eq!(backup.version.unwrap().to_string(), "1.14", "{name}");
        assert_eq!((backup.int_size, backup.off_size), (Some(4), Some(8)), "{name}");
        assert_eq!(backup.database.as_deref(), Some(db.name()), "{name}");
        assert!(backup.server_version.as_deref().unwrap().starts_with("15."), "{name}");
        assert!(backup.pg_dump_version.as_deref().unwrap().starts_with("15."), "{name}");
        assert!(backup.created.as_deref().unwrap().starts_with("20"), "{name}");
        assert_eq!(backup.integrity(), integrity, "{name}");
        // The TOC is pg_restore's.
        let list = restore_list(pg, &path).expect("pg_restore --list reads it");
        let ours = listed(&backup);
        let mut theirs = list.iter();
        let mut next = theirs.next();
        for line in &ours {
            if Some(line) == next {
                next = theirs.next();
            }
        }
        assert_eq!(
            next, None,
            "{name}: pg_restore lists entries rollcheck does not have, in order:\n{ours:#?}\n{list:#?}"
        );
        assert!(ours.len() >= list.len());
        // Rows and COPY text are the server's.
        for table in TABLES {
            let rows = backup.tables.iter().find(|t| t.table == table).expect("a table with data");
            assert_eq!(rows.rows, counts[table], "{name} {table}");
            assert_eq!(rows.integrity, integrity, "{name} {table}");
            assert_eq!(table_text(&backup, table), restored_copy_text(pg, &path, table), "{name} {table}");
        }
        assert_eq!(backup.object_counts()["TABLE"], 3);
        assert_eq!(backup.object_counts()["TABLE DATA"], 3);
        assert_eq!(backup.object_counts()["VIEW"], 1);
    }
}

#[test]
fn a_custom_archive_written_to_a_pipe_has_no_offsets_and_reads_the_same() {
    let Some(pg) = support::server() else { return };
    let db = fixture(pg);
    let dir = tempfile::tempdir().unwrap();
    let piped = dir.path().join("piped.dump");
    fs::write(&piped, db.pg_dump(&["-Fc"])).unwrap();
    let backup = Backup::open(&piped).unwrap();
    assert_eq!(backup.problems, vec![]);
    let data: Vec<&DataLocation> = backup.entries.iter().filter(|e| e.desc == "TABLE DATA").map(|e| &e.data).collect();
    assert!(data.iter().all(|d| **d == DataLocation::Unknown), "{data:?}");
    assert_eq!(backup.integrity(), Integrity::Verified);
    for table in TABLES {
        assert_eq!(table_text(&backup, table), restored_copy_text(pg, &piped, table), "{table}");
    }
    let seekable = dump(&db, dir.path(), "seekable.dump", &["-Fc"]);
    let with_offsets = Backup::open(&seekable).unwrap();
    assert!(with_offsets.entries.iter().any(|e| matches!(e.data, DataLocation::At(_))));
    let rows = |b: &Backup| b.tables.iter().map(|t| (t.table.clone(), t.rows)).collect::<Vec<_>>();
    assert_eq!(rows(&backup), rows(&with_offsets));
}

#[test]
fn the_schema_of_an_archive_is_the_plain_schema_dump() {
    let Some(pg) = support::server() else { return };
    let db = fixture(pg);
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("plain.sql");
    fs::write(&plain, db.dump_schema()).unwrap();
    for (name, args) in
        [("c.dump", vec!["-Fc"]), ("d", vec!["-Fd"]), ("t.tar", vec!["-Ft"]), ("s.dump", vec!["-Fc", "-s"])]
    {
        let path = dump(&db, dir.path(), name, &args);
        let args: Vec<OsString> = vec!["diff".into(), path.clone().into(), plain.clone().into()];
        let run = binary::checked(args, &[], Duration::from_secs(120));
        assert_eq!(run.code(), 0, "{name}: {}\n{}", run.stdout, run.stderr);
    }
}

#[test]
fn every_cut_of_a_custom_archive_is_damaged_and_pg_restore_agrees() {
    let Some(pg) = support::server() else { return };
    let db = fixture(pg);
    let dir = tempfile::tempdir().unwrap();
    let whole = fs::read(dump(&db, dir.path(), "whole.dump", &["-Fc"])).unwrap();
    let backup = Backup::open(&dir.path().join("whole.dump")).unwrap();
    let first_block = backup.tables.iter().map(|t| t.offset).min().unwrap() as usize;
    let cut_path = dir.path().join("cut.dump");
    let mut oracle_checked = 0;
    for cut in (5..whole.len()).step_by(23).chain([first_block + 3, first_block + 12, whole.len() - 1]) {
        fs::write(&cut_path, &whole[..cut]).unwrap();
        let backup = match Backup::open(&cut_path) {
            Ok(b) => b,
            Err(e) => panic!("cut at {cut}: {e}"),
        };
        assert_eq!(backup.integrity(), Integrity::Damaged, "cut at {cut}: {:?}", backup.problems);
        let problem = &backup.problems[0];
        if !backup.toc_complete {
            assert!(cut < first_block, "cut at {cut}");
            let truncated = backup.problems.iter().find(|p| p.kind == ProblemKind::Truncated);
            assert!(truncated.is_some_and(|p| p.offset.unwrap() <= cut as u64), "cut at {cut}: {:?}", backup.problems);
        } else {
            assert!(
                matches!(
                    problem.kind,
                    ProblemKind::BlockCut
                        | ProblemKind::OffsetPastEnd
                        | ProblemKind::DecompressionFailed
                        | ProblemKind::MalformedBlock
                ),
                "cut at {cut}: {problem:?}"
            );
        }
        // Where we say the TOC is cut, pg_restore cannot list it; where we say data is cut,
        // a real restore fails.
        if oracle_checked < 12 && (cut % 5 == 0 || cut > first_block) {
            oracle_checked += 1;
            if !backup.toc_complete {
                assert!(restore_list(pg, &cut_path).is_none(), "cut at {cut}: pg_restore lists a cut TOC");
            } else {
                let target = pg.create_database("restore_cut");
                let out = pg_restore(pg, &["-d", target.name(), "--exit-on-error"], &cut_path);
                assert!(!out.status.success(), "cut at {cut}: pg_restore restored what rollcheck calls damaged");
            }
        }
    }
}

#[test]
fn flipped_bytes_in_gzip_data_fail_their_checksum_at_their_offset() {
    let Some(pg) = support::server() else { return };
    let db = fixture(pg);
    let dir = tempfile::tempdir().unwrap();
    let path = dump(&db, dir.path(), "flip.dump", &["-Fc"]);
    let whole = fs::read(&path).unwrap();
    let backup = Backup::open(&path).unwrap();
    let note = backup.tables.iter().find(|t| t.table == "note").unwrap();
    let mut damaged = whole.clone();
    // Past the block header (type byte, dumpId) and the first chunk length, inside the zlib stream.
    let at = note.offset as usize + 1 + 5 + 5 + 20;
    damaged[at] ^= 0x55;
    let bad = dir.path().join("bad.dump");
    fs::write(&bad, &damaged).unwrap();
    let backup = Backup::open(&bad).unwrap();
    assert_eq!(backup.integrity(), Integrity::Damaged);
    let problem = backup.problems.iter().find(|p| p.kind == ProblemKind::DecompressionFailed).expect("a problem");
    let offset = problem.offset.unwrap();
    assert!(offset > note.offset && offset <= whole.len() as u64, "{problem:?}");
    let target = pg.create_database("restore_flip");
    let out = pg_restore(pg, &["-d", target.name(), "--exit-on-error"], &bad);
    assert!(!out.status.success(), "pg_restore restored a flipped zlib stream");
}

#[test]
fn an_uncompressed_archive_with_a_flipped_byte_is_complete_never_verified() {
    let Some(pg) = support::server() else { return };
    let db = fixture(pg);
    let dir = tempfile::tempdir().unwrap();
    let path = dump(&db, dir.path(), "z0.dump", &["-Fc", "-Z0"]);
    let mut bytes = fs::read(&path).unwrap();
    let at = bytes.windows(3).position(|w| w == b"Ann").expect("Ann in the data");
    bytes[at] = b'B';
    fs::write(&path, &bytes).unwrap();
    let backup = Backup::open(&path).unwrap();
    assert_eq!(backup.problems, vec![]);
    assert_eq!(backup.integrity(), Integrity::Complete);
    assert!(backup.tables.iter().all(|t| t.integrity == Integrity::Complete));
    assert!(table_text(&backup, "person").contains("Bnn"));
}

#[test]
fn a_directory_archive_missing_a_data_file() {
    let Some(pg) = support::server() else { return };
    let db = fixture(pg);
    let dir = tempfile::tempdir().unwrap();
    let path = dump(&db, dir.path(), "d", &["-Fd"]);
    let backup = Backup::open(&path).unwrap();
    let DataLocation::File(name) =
        &backup.entries.iter().find(|e| e.tag == "note" && e.desc == "TABLE DATA").unwrap().data
    else {
        panic!("a file name")
    };
    fs::remove_file(path.join(format!("{name}.gz"))).unwrap();
    let backup = Backup::open(&path).unwrap();
    assert_eq!(kinds(&backup), vec![ProblemKind::MissingDataFile]);
    assert!(backup.problems[0].message.contains(name.as_str()));
    assert_eq!(backup.integrity(), Integrity::Damaged);
    let target = pg.create_database("restore_missing");
    assert!(!pg_restore(pg, &["-d", target.name(), "--exit-on-error"], &path).status.success());
}

#[test]
fn a_directory_archive_with_a_flipped_byte_in_a_gzip_file() {
    let Some(pg) = support::server() else { return };
    let db = fixture(pg);
    let dir = tempfile::tempdir().unwrap();
    let path = dump(&db, dir.path(), "d", &["-Fd"]);
    let backup = Backup::open(&path).unwrap();
    let DataLocation::File(name) =
        &backup.entries.iter().find(|e| e.tag == "note" && e.desc == "TABLE DATA").unwrap().data
    else {
        panic!("a file name")
    };
    let file = path.join(format!("{name}.gz"));
    let mut bytes = fs::read(&file).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x40;
    fs::write(&file, &bytes).unwrap();
    let backup = Backup::open(&path).unwrap();
    assert_eq!(kinds(&backup), vec![ProblemKind::DecompressionFailed], "{:?}", backup.problems);
    assert!(backup.problems[0].message.contains(name.as_str()));
    assert_eq!(backup.integrity(), Integrity::Damaged);
    let target = pg.create_database("restore_flipped_gz");
    assert!(!pg_restore(pg, &["-d", target.name(), "--exit-on-error"], &path).status.success());
}

#[test]
fn a_tar_archive_cut_mid_member() {
    let Some(pg) = support::server() else { return };
    let db = fixture(pg);
    let dir = tempfile::tempdir().unwrap();
    let path = dump(&db, dir.path(), "t.tar", &["-Ft"]);
    let whole = fs::read(&path).unwrap();
    let backup = Backup::open(&path).unwrap();
    let note = backup.tables.iter().find(|t| t.table == "note").unwrap();
    let cut = dir.path().join("cut.tar");
    fs::write(&cut, &whole[..note.offset as usize + 40]).unwrap();
    let backup = Backup::open(&cut).unwrap();
    let problem = backup.problems.iter().find(|p| p.kind == ProblemKind::TarMemberCut).expect("a cut member");
    assert_eq!(problem.offset, Some(note.offset));
    assert_eq!(backup.integrity(), Integrity::Damaged);
    let target = pg.create_database("restore_tar");
    assert!(!pg_restore(pg, &["-d", target.name(), "--exit-on-error"], &cut).status.success());
}

#[test]
fn plain_dumps_give_their_facts_and_their_completeness() {
    let Some(pg) = support::server() else { return };
    let db = fixture(pg);
    let dir = tempfile::tempdir().unwrap();
    let path = dump(&db, dir.path(), "p.sql", &["-Fp", "--verbose"]);
    let backup = Backup::open(&path).unwrap();
    assert_eq!(backup.format, Format::Plain);
    assert_eq!(backup.problems, vec![]);
    assert!(backup.pg_dump_version.as_deref().unwrap().starts_with("15."));
    assert!(backup.created.is_some(), "--verbose writes -- Started on");
    let rows: BTreeMap<String, u64> = backup.tables.iter().map(|t| (t.table.clone(), t.rows)).collect();
    for table in TABLES {
        let count: u64 = db.query(&format!("SELECT count(*) FROM {table}")).unwrap().parse().unwrap();
        assert_eq!(rows[table], count, "{table}");
    }
    let text = fs::read_to_string(&path).unwrap();
    // Cut before the closing lines: both the dump-complete and the \unrestrict lines are gone.
    let end = text.find("-- PostgreSQL database dump complete").unwrap();
    let cut = dir.path().join("cut.sql");
    fs::write(&cut, &text[..end]).unwrap();
    let backup = Backup::open(&cut).unwrap();
    assert_eq!(kinds(&backup), vec![ProblemKind::NoDumpComplete, ProblemKind::NoUnrestrict]);
    // Cut between them: only the \unrestrict line is missing.
    let end = text.find("\\unrestrict").unwrap();
    fs::write(&cut, &text[..end]).unwrap();
    let backup = Backup::open(&cut).unwrap();
    assert_eq!(kinds(&backup), vec![ProblemKind::NoUnrestrict]);
    // Cut inside a COPY block.
    let copy = text.find("COPY public.note").unwrap();
    fs::write(&cut, &text.as_bytes()[..copy + 120]).unwrap();
    let backup = Backup::open(&cut).unwrap();
    assert!(kinds(&backup).contains(&ProblemKind::CopyUnterminated), "{:?}", backup.problems);
}

#[test]
fn files_that_are_no_backup_are_unreadable() {
    let dir = tempfile::tempdir().unwrap();
    let binary = dir.path().join("x.bin");
    fs::write(&binary, [0u8, 1, 2, 3, 0xff, 0xfe]).unwrap();
    assert!(matches!(Backup::open(&binary), Err(rollcheck::error::Error::Unreadable { .. })));
    let folder = dir.path().join("folder");
    fs::create_dir(&folder).unwrap();
    assert!(matches!(Backup::open(&folder), Err(rollcheck::error::Error::Unreadable { .. })));
}

#[test]
fn committed_fixtures_still_read() {
    let dumps = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/archives/dumps");
    for name in [
        "custom.dump",
        "custom-z0.dump",
        "custom-pipe.dump",
        "directory",
        "directory-z0",
        "tar.tar",
        "plain.sql",
        "plain.sql.gz",
    ] {
        let backup = Backup::open(&dumps.join(name)).unwrap();
        assert_eq!(backup.problems, vec![], "{name}");
        let rows: BTreeMap<String, u64> = backup.tables.iter().map(|t| (t.table.clone(), t.rows)).collect();
        assert_eq!(rows.get("note"), Some(&47), "{name}");
        assert_eq!(rows.get("person"), Some(&3), "{name}");
        assert_eq!(rows.get("empty_table"), Some(&0), "{name}");
    }
    let schema_only = Backup::open(&dumps.join("custom-schema.dump")).unwrap();
    assert!(schema_only.tables.is_empty());
    assert_eq!(schema_only.integrity(), Integrity::Complete);
}

#[test]
fn an_archive_made_with_inserts_has_no_copy_terminator_to_miss() {
    let Some(pg) = support::server() else { return };
    let db = fixture(pg);
    let dir = tempfile::tempdir().unwrap();
    let path = dump(&db, dir.path(), "inserts.dump", &["-Fc", "--inserts"]);
    let backup = Backup::open(&path).unwrap();
    assert_eq!(backup.problems, vec![]);
    assert_eq!(backup.integrity(), Integrity::Verified);
    assert_eq!(backup.tables.len(), 3);
}
