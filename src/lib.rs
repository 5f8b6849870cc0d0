//! rollcheck: offline rollback-safety analysis for PostgreSQL schema migrations.
//!
//! The crate is laid out along the data flow, and a module never reaches back
//! into an earlier stage:
//!
//! `input` (files, dumps, migration folders) → `sql` (statements to typed
//! [`sql::Change`]s) → `catalog` (the schema model, its dependency graph and
//! replay) → `analysis` (comparisons and verdicts) → `report` (text, SQL, JSON,
//! DOT, Mermaid).
//!
//! See `docs/ARCHITECTURE.md` for the bird's-eye view and the invariants.

pub mod analysis;
pub mod catalog;
pub mod diagnostic;
pub mod error;
pub mod input;
pub mod report;
pub mod sql;
