//! The schema model: a [`Catalog`] of resolved objects, its dependency graph,
//! and replay of typed changes onto it.
//!
//! Everything in a catalog is keyed by resolved, schema-qualified names and kept
//! in ordered maps, so iteration (and therefore every output) is deterministic.

mod apply;
pub mod graph;
mod load;
mod lookup;
mod naming;

use std::collections::BTreeMap;

use serde::Serialize;

pub use crate::sql::change::{FkAction, IndexKey, KeyExpr, ParamMode, PartitionKey};
pub use crate::sql::expr::Expr;
pub use crate::sql::names::{QualifiedName, TypeName};
pub use apply::{Replay, Session};
pub use load::{load, load_backup, load_migrations, replay_script, Loaded, Observer};

/// Tables that migration tools keep for their own bookkeeping. They live in every
/// real database and in no migration, so comparisons set them apart.
pub const BOOKKEEPING_TABLES: &[&str] = &[
    "_prisma_migrations",
    "flyway_schema_history",
    "schema_migrations",
    "goose_db_version",
    "__diesel_schema_migrations",
    "_sqlx_migrations",
    "atlas_schema_revisions",
    "databasechangelog",
    "databasechangeloglock",
    "schema_version",
    "knex_migrations",
    "knex_migrations_lock",
    "__efmigrationshistory",
    "alembic_version",
];

pub fn is_bookkeeping_table(name: &QualifiedName) -> bool {
    BOOKKEEPING_TABLES.contains(&name.name.to_lowercase().as_str())
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Catalog {
    pub schemas: BTreeMap<String, Schema>,
    pub tables: BTreeMap<QualifiedName, Table>,
    pub views: BTreeMap<QualifiedName, View>,
    pub sequences: BTreeMap<QualifiedName, Sequence>,
    pub indexes: BTreeMap<QualifiedName, Index>,
    pub types: BTreeMap<QualifiedName, UserType>,
    pub functions: BTreeMap<FunctionId, Function>,
    pub extensions: BTreeMap<String, Extension>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schema {
    pub name: String,
    pub comment: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub name: QualifiedName,
    pub unlogged: bool,
    pub columns: Vec<Column>,
    pub constraints: BTreeMap<String, Constraint>,
    pub inherits: Vec<QualifiedName>,
    pub partition_of: Option<(QualifiedName, String)>,
    pub partition_key: Option<PartitionKey>,
    pub of_type: Option<QualifiedName>,
    pub row_security: bool,
    pub force_row_security: bool,
    pub triggers: BTreeMap<String, Trigger>,
    pub policies: BTreeMap<String, Policy>,
    pub comment: Option<String>,
}

impl Table {
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    pub fn column_mut(&mut self, name: &str) -> Option<&mut Column> {
        self.columns.iter_mut().find(|c| c.name == name)
    }

    pub fn primary_key(&self) -> Option<&Constraint> {
        self.constraints.values().find(|c| matches!(c.kind, ConstraintKind::PrimaryKey { .. }))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub name: String,
    pub ty: TypeName,
    pub not_null: bool,
    pub default: Option<Expr>,
    pub identity: Option<Identity>,
    pub generated: Option<Expr>,
    pub collation: Option<String>,
    pub comment: Option<String>,
    /// Only inherited from a parent, not declared on this table (`attislocal` false):
    /// dropping the parent's column drops it here too.
    pub inherited: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub always: bool,
    /// The implicit sequence behind the identity column.
    pub sequence: QualifiedName,
    pub options: SequenceOptions,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Constraint {
    pub name: String,
    pub kind: ConstraintKind,
    pub deferrable: bool,
    pub initially_deferred: bool,
    /// False for a constraint added `NOT VALID` and not validated since.
    pub validated: bool,
    pub no_inherit: bool,
    /// Inherited from a parent (not written on this table).
    pub inherited: bool,
    pub comment: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ConstraintKind {
    PrimaryKey {
        columns: Vec<String>,
        include: Vec<String>,
    },
    Unique {
        columns: Vec<String>,
        include: Vec<String>,
        nulls_not_distinct: bool,
    },
    Check {
        expr: Expr,
    },
    ForeignKey {
        columns: Vec<String>,
        ref_table: QualifiedName,
        ref_columns: Vec<String>,
        on_delete: FkAction,
        on_update: FkAction,
        match_full: bool,
    },
    Exclude {
        method: String,
        elements: Vec<(IndexKey, String)>,
        predicate: Option<Expr>,
    },
}

impl ConstraintKind {
    /// The columns of the constrained table the constraint is on.
    pub fn columns(&self) -> Vec<String> {
        match self {
            ConstraintKind::PrimaryKey { columns, include } | ConstraintKind::Unique { columns, include, .. } => {
                columns.iter().chain(include).cloned().collect()
            }
            ConstraintKind::ForeignKey { columns, .. } => columns.clone(),
            ConstraintKind::Check { expr } => expr.columns().into_iter().collect(),
            ConstraintKind::Exclude { elements, predicate, .. } => {
                let mut cols: Vec<String> = elements.iter().flat_map(|(k, _)| key_columns(k)).collect();
                if let Some(p) = predicate {
                    cols.extend(p.columns());
                }
                cols
            }
        }
    }

    /// Whether the constraint is backed by an index of the same name.
    pub fn has_index(&self) -> bool {
        matches!(
            self,
            ConstraintKind::PrimaryKey { .. } | ConstraintKind::Unique { .. } | ConstraintKind::Exclude { .. }
        )
    }
}

pub fn key_columns(key: &IndexKey) -> Vec<String> {
    match &key.key {
        KeyExpr::Column(c) => vec![c.clone()],
        KeyExpr::Expression(e) => e.columns().into_iter().collect(),
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Index {
    pub name: QualifiedName,
    pub table: QualifiedName,
    pub unique: bool,
    pub method: String,
    pub keys: Vec<IndexKey>,
    pub include: Vec<String>,
    pub predicate: Option<Expr>,
    pub nulls_not_distinct: bool,
    /// Created `ON ONLY` a partitioned table and not yet complete.
    pub only: bool,
    pub comment: Option<String>,
}

impl Index {
    pub fn columns(&self) -> Vec<String> {
        let mut cols: Vec<String> = self.keys.iter().flat_map(key_columns).collect();
        cols.extend(self.include.iter().cloned());
        if let Some(p) = &self.predicate {
            cols.extend(p.columns());
        }
        cols
    }
}

pub use crate::sql::change::SequenceOptions;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sequence {
    pub name: QualifiedName,
    pub data_type: TypeName,
    pub start: i64,
    pub increment: i64,
    pub min_value: i64,
    pub max_value: i64,
    pub cache: i64,
    pub cycle: bool,
    pub owned_by: Option<(QualifiedName, String)>,
    pub unlogged: bool,
    pub comment: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct View {
    pub name: QualifiedName,
    pub materialized: bool,
    pub columns: Vec<String>,
    /// Columns the query reads, by relation.
    pub reads: BTreeMap<QualifiedName, Vec<String>>,
    pub functions: Vec<String>,
    pub check_option: Option<String>,
    pub comment: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UserType {
    pub name: QualifiedName,
    pub kind: TypeKind,
    pub comment: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    Enum {
        values: Vec<String>,
    },
    Composite {
        attributes: Vec<(String, TypeName)>,
    },
    Domain {
        base: TypeName,
        not_null: bool,
        default: Option<Expr>,
        collation: Option<String>,
        checks: BTreeMap<String, Expr>,
    },
}

impl TypeKind {
    pub fn word(&self) -> &'static str {
        match self {
            TypeKind::Enum { .. } => "enum",
            TypeKind::Composite { .. } => "composite type",
            TypeKind::Domain { .. } => "domain",
        }
    }
}

/// A function is identified by its name and input argument types.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct FunctionId {
    pub name: QualifiedName,
    pub args: Vec<String>,
}

impl std::fmt::Display for FunctionId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}({})", self.name, self.args.join(", "))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Function {
    pub id: FunctionId,
    pub procedure: bool,
    /// Parameters as pg_dump writes them: `[mode] [name] type [DEFAULT expr]`.
    pub params: Vec<String>,
    pub returns: Option<String>,
    pub language: String,
    pub body: Option<String>,
    /// Relations and columns a `BEGIN ATOMIC` body reads.
    pub reads: BTreeMap<QualifiedName, Vec<String>>,
    pub volatility: String,
    pub strict: bool,
    pub security_definer: bool,
    /// User types in the signature.
    pub uses_types: Vec<QualifiedName>,
    pub comment: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Trigger {
    pub name: String,
    pub timing: String,
    pub events: Vec<String>,
    pub update_columns: Vec<String>,
    pub for_each_row: bool,
    pub when: Option<Expr>,
    pub function: FunctionId,
    pub args: Vec<String>,
    pub constraint: bool,
    pub comment: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    pub name: String,
    pub permissive: bool,
    pub command: String,
    pub roles: Vec<String>,
    pub using: Option<Expr>,
    pub check: Option<Expr>,
    pub comment: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extension {
    pub name: String,
    pub schema: String,
    pub comment: Option<String>,
}

/// Types an extension creates, for the extensions shipped with PostgreSQL's contrib
/// that define types. pg_dump does not dump extension members, so the model knows them
/// from here.
pub fn extension_types(extension: &str) -> &'static [&'static str] {
    match extension {
        "citext" => &["citext"],
        "hstore" => &["hstore"],
        "ltree" => &["ltree", "lquery", "ltxtquery"],
        "cube" => &["cube"],
        "seg" => &["seg"],
        "isn" => &["ean13", "isbn", "isbn13", "ismn", "ismn13", "issn", "issn13", "upc"],
        "pg_trgm" => &["gtrgm"],
        "intarray" => &["query_int", "intbig_gkey"],
        _ => &[],
    }
}

/// Functions of contrib extensions that schemas commonly call in defaults and indexes.
pub fn extension_functions(extension: &str) -> &'static [&'static str] {
    match extension {
        "uuid-ossp" => &[
            "uuid_generate_v1",
            "uuid_generate_v1mc",
            "uuid_generate_v3",
            "uuid_generate_v4",
            "uuid_generate_v5",
            "uuid_nil",
        ],
        "pgcrypto" => {
            &["gen_random_bytes", "crypt", "gen_salt", "digest", "hmac", "pgp_sym_encrypt", "pgp_sym_decrypt"]
        }
        "pg_trgm" => &["similarity", "word_similarity", "show_trgm"],
        "citext" => &["citext"],
        "unaccent" => &["unaccent"],
        _ => &[],
    }
}

/// Operator classes of contrib extensions used in index definitions.
pub fn extension_opclasses(extension: &str) -> &'static [&'static str] {
    match extension {
        "pg_trgm" => &["gin_trgm_ops", "gist_trgm_ops"],
        "citext" => &["citext_ops", "citext_pattern_ops"],
        "btree_gist" => {
            &["gist_int4_ops", "gist_int8_ops", "gist_text_ops", "gist_timestamp_ops", "gist_date_ops", "gist_uuid_ops"]
        }
        _ => &[],
    }
}

impl Catalog {
    /// The table whose PK/UNIQUE/EXCLUDE constraint owns an index of this name.
    pub fn constraint_index_owner(&self, name: &QualifiedName) -> Option<&QualifiedName> {
        self.tables
            .values()
            .filter(|t| t.name.schema == name.schema)
            .find(|t| t.constraints.get(&name.name).is_some_and(|c| c.kind.has_index()))
            .map(|t| &t.name)
    }

    /// The table and column whose identity uses a sequence of this name.
    pub fn identity_sequence_owner(&self, name: &QualifiedName) -> Option<(&QualifiedName, &str)> {
        self.tables.values().find_map(|t| {
            t.columns
                .iter()
                .find(|c| c.identity.as_ref().is_some_and(|i| &i.sequence == name))
                .map(|c| (&t.name, c.name.as_str()))
        })
    }

    /// Number of objects of each kind, for summaries.
    pub fn counts(&self) -> BTreeMap<&'static str, usize> {
        let mut counts = BTreeMap::new();
        counts.insert("schemas", self.schemas.len());
        counts.insert("tables", self.tables.len());
        counts.insert("columns", self.tables.values().map(|t| t.columns.len()).sum());
        counts.insert("constraints", self.tables.values().map(|t| t.constraints.len()).sum());
        counts.insert("indexes", self.indexes.len());
        counts.insert("sequences", self.sequences.len());
        counts.insert("views", self.views.len());
        counts.insert("types", self.types.len());
        counts.insert("functions", self.functions.len());
        counts.insert("triggers", self.tables.values().map(|t| t.triggers.len()).sum());
        counts.insert("policies", self.tables.values().map(|t| t.policies.len()).sum());
        counts.insert("extensions", self.extensions.len());
        counts
    }
}
