//! Reports: the canonical SQL of a catalog, JSON, dependency graphs. Only this
//! layer knows output formats.

pub mod data;
pub mod graph;
pub mod history;
pub mod inspect;
pub mod json;
pub mod lint;
pub mod posture;
pub mod rules;
pub mod sql;
