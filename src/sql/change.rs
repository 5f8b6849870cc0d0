//! Typed schema changes: what one SQL statement does to the schema, with names
//! as written (resolution against `search_path` happens during replay).

use super::expr::Expr;
use super::names::{ObjName, TypeName};

/// One statement's effect on the schema.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    CreateSchema {
        name: String,
        if_not_exists: bool,
    },
    CreateTable(Box<CreateTable>),
    AlterTable {
        table: ObjName,
        if_exists: bool,
        actions: Vec<TableAction>,
    },
    CreateIndex(Box<IndexDef>),
    CreateSequence {
        def: SequenceDef,
        if_not_exists: bool,
    },
    AlterSequence {
        name: ObjName,
        if_exists: bool,
        options: SequenceOptions,
        owned_by: Option<OwnedBy>,
    },
    CreateView(Box<ViewDef>),
    /// `REFRESH MATERIALIZED VIEW`: no schema change, kept so it is not reported as unknown.
    RefreshMaterializedView {
        name: ObjName,
    },
    CreateEnum {
        name: ObjName,
        values: Vec<String>,
    },
    AddEnumValue {
        name: ObjName,
        value: String,
        position: Option<(bool, String)>,
        if_not_exists: bool,
    },
    RenameEnumValue {
        name: ObjName,
        from: String,
        to: String,
    },
    CreateDomain(Box<DomainDef>),
    AlterDomain {
        name: ObjName,
        action: DomainAction,
    },
    CreateCompositeType {
        name: ObjName,
        attributes: Vec<(String, TypeName)>,
    },
    AlterCompositeType {
        name: ObjName,
        actions: Vec<AttributeAction>,
    },
    CreateFunction(Box<FunctionDef>),
    AlterFunction {
        target: ObjectRef,
        volatility: Option<String>,
        strict: Option<bool>,
        security_definer: Option<bool>,
    },
    CreateTrigger(Box<TriggerDef>),
    CreatePolicy(Box<PolicyDef>),
    AlterPolicy {
        table: ObjName,
        name: String,
        roles: Option<Vec<String>>,
        using: Option<Expr>,
        check: Option<Expr>,
    },
    CreateExtension {
        name: String,
        schema: Option<String>,
        if_not_exists: bool,
    },
    Comment {
        target: ObjectRef,
        text: Option<String>,
    },
    Drop {
        targets: Vec<ObjectRef>,
        if_exists: bool,
        cascade: bool,
    },
    Rename {
        target: ObjectRef,
        new_name: String,
        if_exists: bool,
    },
    SetSchema {
        target: ObjectRef,
        new_schema: String,
        if_exists: bool,
    },
    /// `SET search_path`, `SET LOCAL search_path`, `RESET search_path`, `set_config('search_path', ...)`.
    /// `None` resets to the server default (`"$user", public`).
    SetSearchPath {
        schemas: Option<Vec<String>>,
        local: bool,
    },
    Transaction(Transaction),
    /// The elements of `CREATE SCHEMA s CREATE TABLE ...`: created in `schema`
    /// whatever the search path says.
    InSchema {
        schema: String,
        changes: Vec<Change>,
    },
    /// A statement that changes rows, not the schema: replay ignores it, the
    /// irreversibility analysis does not.
    Data(DataChange),
    /// Parsed, but has no effect the model represents. `what` names the statement kind
    /// (`UPDATE`, `GRANT`, `DO`, ...); `schema_relevant` is false for statements that by
    /// nature cannot change the schema (data changes, ownership, privileges, settings).
    Unmodeled {
        what: String,
        schema_relevant: bool,
    },
}

/// What a data-changing statement does, as far as rollback analysis needs it.
#[derive(Debug, Clone, PartialEq)]
pub enum DataChange {
    Truncate {
        tables: Vec<ObjName>,
        cascade: bool,
    },
    Delete {
        table: ObjName,
        /// The statement has a WHERE clause (it may delete only some rows).
        filtered: bool,
    },
    Update {
        table: ObjName,
        /// The columns assigned, as written.
        columns: Vec<String>,
        /// The WHERE clause, when there is one.
        filter: Option<Expr>,
    },
}

impl DataChange {
    /// The statement kind, as the diagnostics name it.
    pub fn kind(&self) -> &'static str {
        match self {
            DataChange::Truncate { .. } => "TRUNCATE",
            DataChange::Delete { .. } => "DELETE",
            DataChange::Update { .. } => "UPDATE",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Transaction {
    Begin,
    Commit,
    Rollback,
    Savepoint(String),
    Release(String),
    RollbackTo(String),
}

/// A reference to an existing object, as the statement names it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum ObjectRef {
    Schema(String),
    Table(ObjName),
    View(ObjName),
    MaterializedView(ObjName),
    Sequence(ObjName),
    Index(ObjName),
    /// An enum, composite type or domain (`DROP TYPE`, `ALTER TYPE`).
    Type(ObjName),
    Domain(ObjName),
    Column {
        table: ObjName,
        column: String,
    },
    /// An attribute of a composite type.
    Attribute {
        type_name: ObjName,
        name: String,
    },
    Constraint {
        table: ObjName,
        name: String,
    },
    DomainConstraint {
        domain: ObjName,
        name: String,
    },
    Function {
        name: ObjName,
        args: Option<Vec<TypeName>>,
        procedure: bool,
    },
    Trigger {
        table: ObjName,
        name: String,
    },
    Policy {
        table: ObjName,
        name: String,
    },
    Extension(String),
}

impl ObjectRef {
    /// The kind, in the words PostgreSQL's messages use.
    pub fn kind(&self) -> &'static str {
        match self {
            ObjectRef::Schema(_) => "schema",
            ObjectRef::Table(_) => "table",
            ObjectRef::View(_) => "view",
            ObjectRef::MaterializedView(_) => "materialized view",
            ObjectRef::Sequence(_) => "sequence",
            ObjectRef::Index(_) => "index",
            ObjectRef::Type(_) => "type",
            ObjectRef::Domain(_) => "domain",
            ObjectRef::Column { .. } => "column",
            ObjectRef::Attribute { .. } => "attribute",
            ObjectRef::Constraint { .. } => "constraint",
            ObjectRef::DomainConstraint { .. } => "constraint",
            ObjectRef::Function { procedure: false, .. } => "function",
            ObjectRef::Function { procedure: true, .. } => "procedure",
            ObjectRef::Trigger { .. } => "trigger",
            ObjectRef::Policy { .. } => "policy",
            ObjectRef::Extension(_) => "extension",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct CreateTable {
    pub name: ObjName,
    pub if_not_exists: bool,
    pub unlogged: bool,
    pub columns: Vec<ColumnDef>,
    pub constraints: Vec<ConstraintDef>,
    pub inherits: Vec<ObjName>,
    pub partition_by: Option<PartitionKey>,
    pub partition_of: Option<(ObjName, String)>,
    pub of_type: Option<TypeName>,
    /// `CREATE TABLE ... AS` / `SELECT INTO`: columns come from a query.
    pub as_query: Option<Query>,
    /// `LIKE source INCLUDING ...`: the source and the `TableLikeOption` bit mask.
    pub likes: Vec<(ObjName, u32)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartitionKey {
    pub strategy: String,
    /// Rendered key elements: column names or expressions.
    pub elements: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ColumnDef {
    pub name: String,
    /// `None` for a column of a partition or typed table that only adds options.
    pub ty: Option<TypeName>,
    pub not_null: bool,
    pub default: Option<Expr>,
    pub identity: Option<IdentityDef>,
    pub generated: Option<Expr>,
    pub collation: Option<String>,
    /// Constraints written on the column (PRIMARY KEY, UNIQUE, CHECK, REFERENCES).
    pub constraints: Vec<ConstraintDef>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdentityDef {
    pub always: bool,
    pub options: SequenceOptions,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ConstraintDef {
    pub name: Option<String>,
    pub kind: ConstraintKind,
    pub deferrable: bool,
    pub initially_deferred: bool,
    pub not_valid: bool,
    pub no_inherit: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ConstraintKind {
    PrimaryKey {
        columns: Vec<String>,
        include: Vec<String>,
        using_index: Option<String>,
    },
    Unique {
        columns: Vec<String>,
        include: Vec<String>,
        nulls_not_distinct: bool,
        using_index: Option<String>,
    },
    Check {
        expr: Expr,
    },
    ForeignKey(ForeignKeyDef),
    Exclude {
        method: String,
        elements: Vec<(IndexKey, String)>,
        predicate: Option<Expr>,
    },
    /// `NOT NULL` written as a column constraint (only inside column definitions).
    NotNull,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForeignKeyDef {
    pub columns: Vec<String>,
    pub ref_table: ObjName,
    /// Empty when the statement relies on the referenced table's primary key.
    pub ref_columns: Vec<String>,
    pub on_delete: FkAction,
    pub on_update: FkAction,
    pub match_full: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FkAction {
    NoAction,
    Restrict,
    Cascade,
    SetNull,
    SetDefault,
}

impl FkAction {
    pub fn from_code(code: &str) -> Self {
        match code {
            "r" => FkAction::Restrict,
            "c" => FkAction::Cascade,
            "n" => FkAction::SetNull,
            "d" => FkAction::SetDefault,
            _ => FkAction::NoAction,
        }
    }

    pub fn sql(self) -> &'static str {
        match self {
            FkAction::NoAction => "NO ACTION",
            FkAction::Restrict => "RESTRICT",
            FkAction::Cascade => "CASCADE",
            FkAction::SetNull => "SET NULL",
            FkAction::SetDefault => "SET DEFAULT",
        }
    }
}

// A column definition is the big variant; actions live only as long as their statement.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum TableAction {
    AddColumn {
        column: ColumnDef,
        if_not_exists: bool,
    },
    DropColumn {
        name: String,
        if_exists: bool,
        cascade: bool,
    },
    AlterColumnType {
        column: String,
        ty: TypeName,
        collation: Option<String>,
        using: Option<Expr>,
    },
    SetDefault {
        column: String,
        default: Option<Expr>,
    },
    SetNotNull {
        column: String,
    },
    DropNotNull {
        column: String,
    },
    DropExpression {
        column: String,
        if_exists: bool,
    },
    AddIdentity {
        column: String,
        identity: IdentityDef,
    },
    SetIdentity {
        column: String,
        always: Option<bool>,
        options: SequenceOptions,
    },
    DropIdentity {
        column: String,
        if_exists: bool,
    },
    AddConstraint(ConstraintDef),
    DropConstraint {
        name: String,
        if_exists: bool,
        cascade: bool,
    },
    ValidateConstraint {
        name: String,
    },
    /// `ALTER CONSTRAINT name [NOT] DEFERRABLE [INITIALLY DEFERRED|IMMEDIATE]`.
    AlterConstraint {
        name: String,
        deferrable: bool,
        initially_deferred: bool,
    },
    SetLogged(bool),
    /// `NOT OF`: a typed table becomes a plain one.
    NotOf,
    RowSecurity {
        enable: Option<bool>,
        force: Option<bool>,
    },
    AttachPartition {
        partition: ObjName,
        bound: String,
    },
    /// `CONCURRENTLY` leaves the partition constraint behind as a CHECK constraint.
    DetachPartition {
        partition: ObjName,
        concurrently: bool,
    },
    Inherit {
        parent: ObjName,
    },
    NoInherit {
        parent: ObjName,
    },
    /// A composite type's attribute changes arrive as ALTER TABLE commands too.
    Attribute(AttributeAction),
    /// Recognised, but outside the model (owner, storage, statistics, options...).
    Unmodeled {
        what: String,
        schema_relevant: bool,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum AttributeAction {
    Add { name: String, ty: TypeName, if_not_exists: bool, cascade: bool },
    Drop { name: String, if_exists: bool, cascade: bool },
    AlterType { name: String, ty: TypeName, cascade: bool },
}

#[derive(Debug, Clone, PartialEq)]
pub struct IndexDef {
    pub name: Option<String>,
    pub table: ObjName,
    pub unique: bool,
    pub method: String,
    pub keys: Vec<IndexKey>,
    pub include: Vec<String>,
    pub predicate: Option<Expr>,
    pub nulls_not_distinct: bool,
    pub concurrently: bool,
    pub if_not_exists: bool,
    /// `CREATE INDEX ON ONLY parent`.
    pub only: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IndexKey {
    pub key: KeyExpr,
    pub collation: Option<String>,
    pub opclass: Option<String>,
    pub descending: bool,
    /// `Some(true)` for NULLS FIRST, `Some(false)` for NULLS LAST, when written.
    pub nulls_first: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum KeyExpr {
    Column(String),
    Expression(Expr),
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SequenceOptions {
    pub data_type: Option<TypeName>,
    pub start: Option<i64>,
    pub increment: Option<i64>,
    /// `Some(None)` is `NO MINVALUE`.
    pub min_value: Option<Option<i64>>,
    pub max_value: Option<Option<i64>>,
    pub cache: Option<i64>,
    pub cycle: Option<bool>,
    pub restart: Option<Option<i64>>,
    /// `SEQUENCE NAME` inside identity options.
    pub sequence_name: Option<ObjName>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OwnedBy {
    None,
    Column { table: ObjName, column: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SequenceDef {
    pub name: ObjName,
    pub options: SequenceOptions,
    pub owned_by: Option<OwnedBy>,
    pub unlogged: bool,
}

/// What a view's query reads and returns, as far as the model needs it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    /// Relations in FROM (and joins, sub-queries, CTE bodies), with the alias in scope.
    pub relations: Vec<QueryRelation>,
    /// Output columns in order. A `*` is expanded during replay, against the relations
    /// as they are at that moment.
    pub targets: Vec<Target>,
    /// Column references anywhere in the query: (qualifier, column).
    pub column_refs: Vec<(Option<String>, String)>,
    /// Relations whose whole row is read (`*` expansions, `t.*`).
    pub star_refs: Vec<Option<String>>,
    /// Functions called, by name as written.
    pub functions: Vec<ObjName>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryRelation {
    pub name: ObjName,
    pub alias: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// An output column with a known name.
    Named(String),
    /// `*` or `alias.*`.
    Star(Option<String>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct ViewDef {
    pub name: ObjName,
    pub materialized: bool,
    pub replace: bool,
    pub if_not_exists: bool,
    /// Column aliases given after the view name.
    pub column_names: Vec<String>,
    pub query: Query,
    pub check_option: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DomainDef {
    pub name: ObjName,
    pub base: TypeName,
    pub not_null: bool,
    pub default: Option<Expr>,
    pub collation: Option<String>,
    pub checks: Vec<(Option<String>, Expr)>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum DomainAction {
    SetDefault(Option<Expr>),
    SetNotNull(bool),
    AddCheck { name: Option<String>, expr: Expr, not_valid: bool },
    DropConstraint { name: String, if_exists: bool },
    ValidateConstraint { name: String },
}

#[derive(Debug, Clone, PartialEq)]
pub struct FunctionDef {
    pub name: ObjName,
    pub procedure: bool,
    pub replace: bool,
    pub params: Vec<FunctionParam>,
    pub returns: Option<TypeName>,
    pub returns_set: bool,
    /// `RETURNS TABLE (...)` columns.
    pub returns_table: Vec<(String, TypeName)>,
    pub language: String,
    /// The body as stored in `prosrc` (verbatim), for functions with a string body.
    pub body: Option<String>,
    /// For `BEGIN ATOMIC` / `RETURN` bodies: what the body reads.
    pub atomic_body: Option<Query>,
    pub volatility: String,
    pub strict: bool,
    pub security_definer: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FunctionParam {
    pub name: Option<String>,
    pub mode: ParamMode,
    pub ty: TypeName,
    pub default: Option<Expr>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ParamMode {
    In,
    Out,
    InOut,
    Variadic,
    Table,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TriggerDef {
    pub name: String,
    pub table: ObjName,
    pub replace: bool,
    pub constraint: bool,
    /// `BEFORE`, `AFTER` or `INSTEAD OF`.
    pub timing: String,
    /// `INSERT`, `UPDATE`, `DELETE`, `TRUNCATE`, in that order.
    pub events: Vec<String>,
    pub update_columns: Vec<String>,
    pub for_each_row: bool,
    pub when: Option<Expr>,
    pub function: ObjName,
    pub args: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PolicyDef {
    pub name: String,
    pub table: ObjName,
    pub permissive: bool,
    pub command: String,
    pub roles: Vec<String>,
    pub using: Option<Expr>,
    pub check: Option<Expr>,
}
