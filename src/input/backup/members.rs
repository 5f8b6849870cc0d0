//! The members of a tar-format archive (`pg_backup_tar.c`): `toc.dat`, one
//! `<dumpId>.dat` per data entry, `restore.sql`, found with the `tar` crate
//! without reading their contents. A member whose header promises more bytes
//! than the file holds is cut, and listing stops there.

use std::fs::File;
use std::path::Path;

use super::{Problem, ProblemKind};
use crate::error::{Error, Result};

/// One member: its name, where its bytes start, how many the header says.
#[derive(Debug, Clone)]
pub(super) struct Member {
    pub name: String,
    pub offset: u64,
    pub size: u64,
    /// The bytes present, when fewer than `size`.
    pub cut: bool,
}

/// The members of the tar file at `path` (`len` bytes), and the problem that stopped the listing.
pub(super) fn list(path: &Path, len: u64) -> Result<(Vec<Member>, Option<Problem>)> {
    let file = File::open(path).map_err(|e| Error::io(path, e))?;
    let mut archive = tar::Archive::new(file);
    let entries = archive.entries_with_seek().map_err(|e| Error::io(path, e))?;
    let mut members = Vec::new();
    for entry in entries {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let at = members.last().map(|m: &Member| m.offset + m.size.div_ceil(512) * 512);
                let problem = if at.is_some_and(|a| a >= len) {
                    Problem::new(ProblemKind::Truncated, "the tar file ends without its end-of-archive blocks", at)
                } else {
                    Problem::new(ProblemKind::MalformedTar, format!("a tar header cannot be read: {e}"), at)
                };
                return Ok((members, Some(problem)));
            }
        };
        let name = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
        let (offset, size) = (entry.raw_file_position(), entry.size());
        let cut = offset.checked_add(size).is_none_or(|end| end > len);
        members.push(Member { name: name.clone(), offset, size, cut });
        if cut {
            let present = len.saturating_sub(offset);
            let problem = Problem::new(
                ProblemKind::TarMemberCut,
                format!("tar member {name} should hold {size} bytes, the file has {present} of them"),
                Some(offset),
            );
            return Ok((members, Some(problem)));
        }
    }
    Ok((members, None))
}
