//! The data blocks of a custom-format archive (`pg_backup_custom.c`).
//!
//! A block is a type byte (`BLK_DATA` 1, `BLK_BLOBS` 3), the entry's dumpId
//! as an int, then chunks `<int length><bytes>` ending with a length of 0; a
//! BLOBS block holds, per large object, an oid int and such chunks, and ends
//! with an oid of 0. Offsets in the TOC point at the type byte. An archive
//! written to a pipe has no offsets: its blocks are found by walking them in
//! order, skipping the chunks.

use std::fs::File;
use std::io::{self, BufReader, Read, Seek, SeekFrom};

use super::toc::{Cut, Region};
use super::{Problem, ProblemKind};

pub(super) const BLK_DATA: u8 = 1;
pub(super) const BLK_BLOBS: u8 = 3;

/// A block's header: its type and the dumpId it names.
#[derive(Debug, Clone, Copy)]
pub(super) struct BlockHead {
    pub kind: u8,
    pub dump_id: i64,
    /// Offset of the type byte.
    pub offset: u64,
    /// Offset of the first chunk length.
    pub data: u64,
}

/// Reads a block header at the region's position.
pub(super) fn block_head<R: Read>(r: &mut Region<R>) -> Result<BlockHead, Cut> {
    let offset = r.pos;
    let kind = r.byte("a data block header")?;
    let dump_id = r.int("a data block header")?;
    if kind != BLK_DATA && kind != BLK_BLOBS {
        return Err(Cut(Problem::new(
            ProblemKind::MalformedBlock,
            format!("unknown data block type {kind}"),
            Some(offset),
        )));
    }
    Ok(BlockHead { kind, dump_id, offset, data: r.pos })
}

/// Skips one chunk sequence (to its 0 length), by seeking.
fn skip_chunks(r: &mut Region<BufReader<File>>) -> Result<(), Cut> {
    loop {
        let at = r.pos;
        let len = r.int("a data chunk length")?;
        if len == 0 {
            return Ok(());
        }
        if len < 0 || len as u64 > r.end.saturating_sub(r.pos) {
            return Err(Cut(Problem::new(
                ProblemKind::BlockCut,
                format!("a data chunk of {len} bytes, but {} bytes are left", r.end.saturating_sub(r.pos)),
                Some(at),
            )));
        }
        r.skip(len as u64)?;
    }
}

/// Walks the blocks from the region's position to its end (an archive
/// without offsets): each block's header, or the problem that stopped the walk.
pub(super) fn walk_blocks(r: &mut Region<BufReader<File>>) -> (Vec<BlockHead>, Option<Problem>) {
    let mut heads = Vec::new();
    while r.pos < r.end {
        let head = match block_head(r) {
            Ok(h) => h,
            Err(Cut(p)) => return (heads, Some(p)),
        };
        let skipped = if head.kind == BLK_BLOBS { skip_blobs(r) } else { skip_chunks(r) };
        if let Err(Cut(mut p)) = skipped {
            p.message = format!("data block of entry {} at offset {}: {}", head.dump_id, head.offset, p.message);
            return (heads, Some(p));
        }
        heads.push(head);
    }
    (heads, None)
}

fn skip_blobs(r: &mut Region<BufReader<File>>) -> Result<(), Cut> {
    loop {
        if r.int("a large object's oid")? == 0 {
            return Ok(());
        }
        skip_chunks(r)?;
    }
}

impl Region<BufReader<File>> {
    /// Moves `n` bytes forward (checked against the region first).
    pub(super) fn skip(&mut self, n: u64) -> Result<(), Cut> {
        let to = self.pos + n;
        let inner = self.inner_mut();
        match i64::try_from(n).map(|n| inner.seek_relative(n)) {
            Ok(Ok(())) => {
                self.pos = to;
                Ok(())
            }
            _ => Err(Cut(Problem::new(ProblemKind::ReadFailed, "seeking in the archive failed", Some(self.pos)))),
        }
    }
}

/// The bytes of one chunk sequence as a stream: what the compressor wrote.
/// A chunk length that is negative or runs past the end of the file is an
/// error naming its offset.
pub(super) struct Chunks {
    region: Region<BufReader<File>>,
    /// Where reading is in the file, for messages.
    pub position: Option<std::sync::Arc<std::sync::atomic::AtomicU64>>,
    /// Bytes left in the current chunk.
    left: u64,
    done: bool,
}

impl Chunks {
    /// The chunks of the block whose header is at `offset` in `file` (`len` bytes long).
    pub fn open(mut file: File, len: u64, int_size: u8, head: &BlockHead) -> io::Result<Self> {
        file.seek(SeekFrom::Start(head.data))?;
        let mut region = Region::new(BufReader::with_capacity(64 * 1024, file), head.data, len);
        region.int_size = int_size;
        Ok(Chunks { region, position: None, left: 0, done: false })
    }

    /// Offset in the file of the next byte.
    pub fn position(&self) -> u64 {
        self.region.pos
    }
}

impl Read for Chunks {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.done || buf.is_empty() {
            return Ok(0);
        }
        while self.left == 0 {
            let at = self.region.pos;
            let len = self.region.int("a data chunk length").map_err(cut_error)?;
            if len == 0 {
                self.done = true;
                return Ok(0);
            }
            let left = self.region.end.saturating_sub(self.region.pos);
            if len < 0 || len as u64 > left {
                return Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    format!("offset {at}: a data chunk of {len} bytes, but {left} bytes are left"),
                ));
            }
            self.left = len as u64;
        }
        let want = buf.len().min(usize::try_from(self.left).unwrap_or(usize::MAX));
        let n = self.region.inner_mut().read(&mut buf[..want])?;
        if n == 0 {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                format!("offset {}: the file ends inside a data chunk", self.region.pos),
            ));
        }
        self.region.pos += n as u64;
        self.left -= n as u64;
        if let Some(position) = &self.position {
            position.store(self.region.pos, std::sync::atomic::Ordering::Relaxed);
        }
        Ok(n)
    }
}

fn cut_error(Cut(p): Cut) -> io::Error {
    let at = p.offset.map(|o| format!("offset {o}: ")).unwrap_or_default();
    io::Error::new(io::ErrorKind::UnexpectedEof, format!("{at}{}", p.message))
}
