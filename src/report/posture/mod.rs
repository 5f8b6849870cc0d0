//! Reports of `rollcheck posture`: text, JSON (schema in
//! `docs/posture.schema.json`), Markdown and HTML (one self-contained page
//! with a timeline). Every renderer reads the same
//! [`Posture`] (the analysis's facts, serializable as they are), so an HTML
//! renderer can sit beside these without new analysis.

mod html;
mod markdown;
mod text;

pub use html::report as html;
pub use markdown::report as markdown;
pub use text::report as text;

use crate::analysis::posture::Posture;

/// Version of the JSON shape; bumped only on a breaking change.
pub const JSON_VERSION: u32 = 1;

/// The JSON output of `rollcheck posture --format json`.
#[derive(serde::Serialize, schemars::JsonSchema)]
#[schemars(title = "rollcheck posture report", description = "Output of `rollcheck posture --format json`.")]
struct JsonReport<'a> {
    /// Version of this shape; bumped only on a breaking change.
    version: u32,
    #[serde(flatten)]
    posture: &'a Posture,
}

/// `{"version": 1, "source", ..., "points_of_no_return", "code_targets", "undo", "recovery"}`.
pub fn json(posture: &Posture) -> String {
    crate::report::json::to_string(&JsonReport { version: JSON_VERSION, posture })
}

/// The JSON Schema of [`json`]'s output (published as `docs/posture.schema.json`).
pub fn json_schema() -> String {
    crate::report::json::schema_of::<JsonReport<'static>>()
}

/// The first 7 characters of a commit id, or `-`.
fn short(sha: Option<&str>) -> String {
    sha.map_or_else(|| "-".to_owned(), |s| crate::analysis::history::short(s).to_owned())
}
