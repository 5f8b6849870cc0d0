//! Reading each archive format's header, TOC and where each table's data is:
//! a custom file (offsets, or a walk of the blocks when written to a pipe), a
//! directory (one file per table, compressed or not), a tar file (members).

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::{BufReader, Seek, SeekFrom};
use std::path::Path;

use super::codec::Codec;
use super::custom::{self, BlockHead};
use super::toc::{self, Cut, Extra, Region};
use super::{
    block_at, is_plain_name, is_table_data, members, Backup, Compression, DataLocation, Format, Place, Problem,
    ProblemKind,
};
use crate::error::{Error, Result};
use crate::input::data::copy_target;
use crate::input::table_data::TableDataEntry;

impl Backup {
    pub(super) fn read_custom(path: &Path, len: u64) -> Result<Backup> {
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

    pub(super) fn read_directory(dir: &Path, toc_path: &Path) -> Result<Backup> {
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

    pub(super) fn read_tar(path: &Path, len: u64) -> Result<Backup> {
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
}
