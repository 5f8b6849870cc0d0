//! What a rule is: metadata (stable code, kebab-case name, category, the doc
//! comment) and checks over one statement's effects or one migration's.

use serde::Serialize;

use super::effect::Effect;
use super::{DownOutcome, StatementEffects};
use std::collections::BTreeSet;

use crate::catalog::{Catalog, FunctionId, QualifiedName};
use crate::diagnostic::Location;
use crate::input::Migration;
use crate::sql::Statement;

/// What kind of rollback risk a finding is. Stable, kebab-case in every output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    /// Destroys data: rolling back needs a backup.
    DataLoss,
    /// The schema could be put back, but the application version still deployed fails now.
    BreaksOldCode,
    /// Locks or rewrites a table while it runs (advisory).
    LockRisk,
    /// rollcheck cannot tell what the statement does.
    Unknown,
}

impl Category {
    pub fn as_str(self) -> &'static str {
        match self {
            Category::DataLoss => "data-loss",
            Category::BreaksOldCode => "breaks-old-code",
            Category::LockRisk => "lock-risk",
            Category::Unknown => "unknown",
        }
    }

    /// The level a finding of this category has unless configured otherwise.
    pub fn default_level(self) -> Level {
        match self {
            Category::DataLoss => Level::Error,
            Category::BreaksOldCode | Category::Unknown => Level::Warning,
            Category::LockRisk => Level::Note,
        }
    }
}

/// How loud a finding is; `--fail-on` and `rollcheck.toml` speak in levels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    Note,
    Warning,
    Error,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Note => "note",
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }
}

/// A rule's identity and documentation.
#[derive(Debug)]
pub struct RuleMeta {
    /// Stable code (`RC101`): never reused, never renumbered.
    pub code: &'static str,
    /// Stable kebab-case name (`drop-column`).
    pub name: &'static str,
    pub category: Category,
    /// One line: what it reports.
    pub summary: &'static str,
    /// The rule's doc comment, Markdown: what it detects, why it matters for
    /// rollback, an example, how to make the change reversible.
    pub doc: &'static str,
}

/// One statement as a rule sees it.
pub struct StatementContext<'a> {
    pub migration: &'a Migration,
    pub statement: &'a Statement,
    /// The catalog just before the statement ran (only the part the statement can
    /// change, and all types: see `snapshot.rs`), and just after.
    pub before: &'a Catalog,
    pub after: &'a Catalog,
    pub effects: &'a [Effect],
    /// What existed when the migration began: what it creates and then changes is
    /// empty and unused by the running code.
    pub existing: &'a Existing,
}

/// The names of the objects a catalog holds, taken when a migration begins.
#[derive(Debug, Default)]
pub struct Existing {
    /// Tables, views and sequences.
    relations: BTreeSet<QualifiedName>,
    types: BTreeSet<QualifiedName>,
    functions: BTreeSet<FunctionId>,
}

impl Existing {
    pub fn of(catalog: &Catalog) -> Self {
        Existing {
            relations: catalog
                .tables
                .keys()
                .chain(catalog.views.keys())
                .chain(catalog.sequences.keys())
                .cloned()
                .collect(),
            types: catalog.types.keys().cloned().collect(),
            functions: catalog.functions.keys().cloned().collect(),
        }
    }

    /// Whether a table, view or sequence of this name existed.
    pub fn relation(&self, name: &QualifiedName) -> bool {
        self.relations.contains(name)
    }

    pub fn ty(&self, name: &QualifiedName) -> bool {
        self.types.contains(name)
    }

    pub fn function(&self, id: &FunctionId) -> bool {
        self.functions.contains(id)
    }
}

/// One migration's statements with their effects, for rules that look across
/// statements.
pub struct MigrationContext<'a> {
    pub migration: &'a Migration,
    /// The statements that had effects, in order.
    pub statements: &'a [StatementEffects],
    /// The migration's down script replayed after it, when it has one.
    pub down: Option<&'a DownOutcome>,
}

/// What a rule found; the engine adds the rule, location and context.
#[derive(Debug, Clone, Default)]
pub struct Hit {
    /// Tables and columns affected, as PostgreSQL stores them (`public.Party.type`).
    pub objects: Vec<String>,
    pub message: String,
    /// Text of the statement to mark (an identifier), when more precise than the whole statement.
    pub focus: Option<String>,
    /// For migration-level rules: which statement (by its location).
    pub at: Option<Location>,
    /// Longer evidence shown below the message (a schema diff, a cascade list).
    pub detail: Option<String>,
}

impl Hit {
    pub fn new(objects: Vec<String>, message: impl Into<String>) -> Self {
        Hit { objects, message: message.into(), ..Hit::default() }
    }

    pub fn focus(mut self, text: impl Into<String>) -> Self {
        self.focus = Some(text.into());
        self
    }
}

pub trait Rule: Sync {
    fn meta(&self) -> &'static RuleMeta;

    /// Findings for one statement.
    fn check(&self, _cx: &StatementContext) -> Vec<Hit> {
        Vec::new()
    }

    /// Findings that need a whole migration.
    fn check_migration(&self, _cx: &MigrationContext) -> Vec<Hit> {
        Vec::new()
    }
}

/// Declares a rule: its doc comment becomes [`RuleMeta::doc`], so `rollcheck
/// rules CODE` and `docs/rules/` come from the same text.
#[macro_export]
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        $vis:vis struct $rule:ident {
            code: $code:literal,
            name: $name:literal,
            category: $category:ident,
            summary: $summary:literal $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        $vis struct $rule;

        impl $rule {
            pub const META: $crate::analysis::lint::RuleMeta = $crate::analysis::lint::RuleMeta {
                code: $code,
                name: $name,
                category: $crate::analysis::lint::Category::$category,
                summary: $summary,
                doc: concat!($($doc, "\n"),*),
            };
        }
    };
}
