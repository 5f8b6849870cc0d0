//! Reading inputs: SQL files and plain dumps (gzip or not), migration folders, git.
//!
//! This is the only layer that touches the file system. Everything after it
//! sees statements with locations.

pub mod backup;
pub mod bundle;
pub mod copy;
pub mod data;
pub mod folder_walk;
pub mod git;
pub mod scratch;
pub mod script;
pub mod source;
pub mod table_data;

pub use script::{Piece, ProblemKind, ScriptReader};
pub use source::{detect, detect_as, Layout, Migration, Part, Script, Source};
