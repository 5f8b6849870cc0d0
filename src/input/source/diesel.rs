//! diesel: not read yet (see the layouts issue).

use std::path::Path;

use super::Found;
use crate::error::{Error, Result};

pub(super) fn recognizes(_dir: &Path) -> Result<bool> {
    Ok(false)
}

pub(super) fn read(dir: &Path) -> Result<Found> {
    Err(Error::NotASource { path: dir.to_owned(), reason: "the diesel layout is not read yet".into() })
}
