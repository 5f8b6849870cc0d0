//! Analyses over catalogs: structural comparison now; lint rules, compatibility,
//! backups and rollback posture stand on it.

pub mod compat;
pub mod data_check;
pub mod diff;
pub mod history;
pub mod inspect;
pub mod lint;
pub mod posture;
