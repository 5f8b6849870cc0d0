//! `rollcheck.toml`: rule levels and ignored paths.
//!
//! ```toml
//! fail-on = "data-loss"        # default for --fail-on
//!
//! [rules]
//! drop-column = "warning"      # by name or code: "error", "warning", "note" or "off"
//! RC301 = "off"
//!
//! [ignore]
//! paths = ["prisma/migrations/2023*"]   # globs, relative to this file
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;

use super::{Level, RuleMeta};
use crate::error::{Error, Result};

/// A rule's configured level, or `off`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Setting {
    Off,
    Note,
    Warning,
    Error,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct File {
    fail_on: Option<String>,
    #[serde(default)]
    rules: BTreeMap<String, Setting>,
    #[serde(default)]
    ignore: Ignore,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Ignore {
    #[serde(default)]
    paths: Vec<String>,
}

/// The configuration in force: defaults when there is no file.
#[derive(Debug, Default)]
pub struct Config {
    /// Where it was read from.
    pub path: Option<PathBuf>,
    pub fail_on: Option<String>,
    rules: BTreeMap<String, Setting>,
    ignore: Option<(PathBuf, GlobSet)>,
}

impl Config {
    /// Reads a `rollcheck.toml`. Unknown keys, unknown rules and bad globs are errors.
    pub fn read(path: &Path) -> Result<Config> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        let file: File = toml::from_str(&text).map_err(|e| {
            let line = e.span().map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1).unwrap_or(1);
            Error::Config { path: path.to_owned(), line, message: e.message().to_owned() }
        })?;
        for id in file.rules.keys() {
            if super::rule(id).is_none() {
                return Err(Error::Config {
                    path: path.to_owned(),
                    line: line_of(&text, id),
                    message: format!("unknown rule `{id}` (see `rollcheck rules`)"),
                });
            }
        }
        let mut globs = GlobSetBuilder::new();
        for pattern in &file.ignore.paths {
            let glob = Glob::new(pattern).map_err(|e| Error::Config {
                path: path.to_owned(),
                line: line_of(&text, pattern),
                message: e.to_string(),
            })?;
            globs.add(glob);
        }
        let globs =
            globs.build().map_err(|e| Error::Config { path: path.to_owned(), line: 1, message: e.to_string() })?;
        let base = path.parent().map(Path::to_owned).unwrap_or_default();
        Ok(Config {
            path: Some(path.to_owned()),
            fail_on: file.fail_on,
            rules: file.rules,
            ignore: (!file.ignore.paths.is_empty()).then_some((base, globs)),
        })
    }

    /// The level of a rule's findings, `None` when the rule is off.
    pub fn level(&self, meta: &RuleMeta) -> Option<Level> {
        let setting = self.rules.get(meta.name).or_else(|| self.rules.get(meta.code));
        match setting {
            None => Some(meta.category.default_level()),
            Some(Setting::Off) => None,
            Some(Setting::Note) => Some(Level::Note),
            Some(Setting::Warning) => Some(Level::Warning),
            Some(Setting::Error) => Some(Level::Error),
        }
    }

    /// Whether a migration file is under an ignored path.
    pub fn is_ignored(&self, file: &Path) -> bool {
        let Some((base, globs)) = &self.ignore else { return false };
        let absolute = file.canonicalize().unwrap_or_else(|_| file.to_owned());
        let base = base.canonicalize().unwrap_or_else(|_| base.clone());
        let relative = absolute.strip_prefix(&base).unwrap_or(&absolute);
        globs.is_match(relative) || relative.ancestors().any(|a| !a.as_os_str().is_empty() && globs.is_match(a))
    }
}

fn line_of(text: &str, needle: &str) -> usize {
    text.find(needle).map(|i| text[..i].matches('\n').count() + 1).unwrap_or(1)
}
