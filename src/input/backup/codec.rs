//! Decompressing one data block or data file, streaming, and telling whether
//! the codec checked a checksum at the end of the stream.
//!
//! pg_dump writes a custom archive's gzip blocks as zlib streams (adler32 at
//! the end), a directory archive's `.dat.gz` files as gzip (crc32 and length),
//! `.lz4` as LZ4 frames (content checksum only if the frame says so) and
//! `.zst` as zstd frames (checksum only if the frame says so). A stream cut
//! short or a checksum that does not match is a read error.

use std::io::{self, Read};

/// How a block's bytes are encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Codec {
    None,
    /// zlib stream (custom archives compressed with gzip).
    Zlib,
    /// gzip file (`.gz` files of directory and tar archives).
    Gzip,
    Lz4,
    Zstd,
}

/// A decompressing reader; after it returned end of file without an error,
/// [`Decoder::checksummed`] says whether the codec verified a checksum.
pub(super) struct Decoder<'a> {
    inner: Box<dyn Read + Send + 'a>,
    codec: Codec,
    /// Whether the stream's header announced a checksum (LZ4 and zstd frames).
    announced: bool,
    /// The last bytes of compressed input, to see an LZ4 frame's end mark.
    tail: std::sync::Arc<std::sync::Mutex<Tail>>,
}

impl<'a> Decoder<'a> {
    pub fn new<R: Read + Send + 'a>(codec: Codec, mut input: R) -> io::Result<Self> {
        let tail = std::sync::Arc::new(std::sync::Mutex::new(Tail::default()));
        let (inner, announced): (Box<dyn Read + Send + 'a>, bool) = match codec {
            Codec::None => (Box::new(input), false),
            Codec::Zlib => (Box::new(flate2::read::ZlibDecoder::new(input)), true),
            Codec::Gzip => (Box::new(flate2::read::MultiGzDecoder::new(input)), true),
            Codec::Lz4 | Codec::Zstd => {
                // The frame header: 4 magic bytes, then the descriptor byte that says
                // whether a content checksum follows the frame (bit 2 in both formats).
                let mut head = [0u8; 5];
                let n = read_full(&mut input, &mut head)?;
                let announced = n == 5 && head[4] & 0b100 != 0;
                let input = io::Cursor::new(head[..n].to_vec()).chain(input);
                let tracked = Tracked { inner: input, tail: tail.clone() };
                if codec == Codec::Lz4 {
                    (Box::new(lz4_flex::frame::FrameDecoder::new(tracked)), announced)
                } else {
                    (Box::new(zstd::stream::read::Decoder::new(tracked)?), announced)
                }
            }
        };
        Ok(Decoder { inner, codec, announced, tail })
    }

    /// Whether the codec verified a checksum over the whole stream (call after end of file).
    pub fn checksummed(&self) -> bool {
        match self.codec {
            Codec::None => false,
            Codec::Zlib | Codec::Gzip => true,
            Codec::Lz4 | Codec::Zstd => self.announced,
        }
    }

    /// LZ4: lz4_flex ends quietly when the input ends between two blocks, so
    /// the frame's end mark (a zero block size, then the checksum if any) is
    /// looked for in the last bytes read.
    fn ended_properly(&self) -> bool {
        if self.codec != Codec::Lz4 {
            return true;
        }
        let Ok(tail) = self.tail.lock() else { return false };
        let need = if self.announced { 8 } else { 4 };
        tail.len >= need as u64 && tail.bytes[8 - need..8 - need + 4] == [0, 0, 0, 0]
    }
}

impl Read for Decoder<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n == 0 && !buf.is_empty() && !self.ended_properly() {
            return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "the LZ4 frame ends without its end mark"));
        }
        Ok(n)
    }
}

fn read_full(input: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match input.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// The last 8 bytes that went through a reader.
#[derive(Debug, Default)]
struct Tail {
    bytes: [u8; 8],
    len: u64,
}

struct Tracked<R> {
    inner: R,
    tail: std::sync::Arc<std::sync::Mutex<Tail>>,
}

impl<R: Read> Read for Tracked<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let Ok(mut tail) = self.tail.lock() {
            let new = &buf[..n];
            if n >= 8 {
                tail.bytes.copy_from_slice(&new[n - 8..]);
            } else {
                tail.bytes.copy_within(n.., 0);
                tail.bytes[8 - n..].copy_from_slice(new);
            }
            tail.len += n as u64;
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn decode(codec: Codec, bytes: &[u8]) -> (io::Result<Vec<u8>>, bool) {
        let mut d = Decoder::new(codec, bytes).unwrap();
        let mut out = Vec::new();
        let r = d.read_to_end(&mut out).map(|_| out);
        (r, d.checksummed())
    }

    #[test]
    fn lz4_frames_cut_between_blocks_are_errors() {
        let data: Vec<u8> = (0..300_000u32).map(|i| (i % 97) as u8 ^ (i / 1000) as u8).collect();
        let mut enc = lz4_flex::frame::FrameEncoder::new(Vec::new());
        enc.write_all(&data).unwrap();
        let frame = enc.finish().unwrap();
        let (whole, checked) = decode(Codec::Lz4, &frame);
        assert_eq!(whole.unwrap(), data);
        assert!(!checked, "lz4_flex writes no content checksum by default");
        assert!(decode(Codec::Lz4, &frame[..frame.len() - 4]).0.is_err());
        for cut in [7, 100, frame.len() / 2] {
            assert!(decode(Codec::Lz4, &frame[..cut]).0.is_err(), "cut at {cut}");
        }
    }

    #[test]
    fn zstd_checksum_flag_is_read_from_the_frame() {
        let data = b"1\tone\n2\ttwo\n".repeat(1000);
        let mut enc = zstd::stream::write::Encoder::new(Vec::new(), 3).unwrap();
        enc.include_checksum(true).unwrap();
        enc.write_all(&data).unwrap();
        let frame = enc.finish().unwrap();
        let (out, checked) = decode(Codec::Zstd, &frame);
        assert_eq!(out.unwrap(), data);
        assert!(checked);
        assert!(decode(Codec::Zstd, &frame[..frame.len() - 3]).0.is_err());
    }
}
