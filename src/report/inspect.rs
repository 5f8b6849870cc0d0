//! Reports of `rollcheck inspect`: text (the verdict first, readable at a
//! glance) and JSON (documented in docs/JSON.md, "Inspect").

use std::fmt::Write as _;

use crate::analysis::inspect::{Completeness, Inspection};

/// Version of the JSON shape; bumped only on a breaking change.
pub const JSON_VERSION: u32 = 1;

#[derive(serde::Serialize, schemars::JsonSchema)]
struct JsonReport<'a> {
    version: u32,
    #[serde(flatten)]
    inspection: &'a Inspection,
}

/// `{"version": 1, "file", "format", ..., "complete", "problems", "tables", "matches_migration", ...}`.
pub fn json(inspection: &Inspection) -> String {
    crate::report::json::to_string(&JsonReport { version: JSON_VERSION, inspection })
}

fn or_unknown(v: &Option<String>) -> &str {
    v.as_deref().unwrap_or("unknown")
}

/// The JSON Schema of [`json`]'s output (published as docs/inspect.schema.json).
pub fn json_schema() -> String {
    crate::report::json::schema_of::<JsonReport<'static>>()
}

/// The text report.
pub fn text(i: &Inspection) -> String {
    let mut out = String::new();
    let verdict = match i.integrity {
        Completeness::Verified => "COMPLETE, verified",
        Completeness::CompleteStructureOnly => "COMPLETE as far as its structure shows (not verified)",
        Completeness::Damaged => "INCOMPLETE or DAMAGED",
    };
    let _ = writeln!(out, "{}: {verdict}", i.file);
    let _ = writeln!(out, "  {}", i.integrity_note);
    for p in &i.problems {
        let at = p.offset.map(|o| format!(" at byte {o}")).unwrap_or_default();
        let _ = writeln!(out, "  problem ({}){at}: {}", p.kind.name(), p.message);
    }
    if let Some(m) = &i.matches_migration {
        let _ = writeln!(out, "schema: equals the state after {m}");
        if i.equal_migrations.len() > 1 {
            let _ = writeln!(out, "  (also equal: {})", i.equal_migrations.join(", "));
        }
    }
    if let Some(c) = &i.closest_migration {
        let _ = writeln!(out, "schema: DRIFTED, equals no migration state; closest: after {c}");
        if let Some(d) = &i.drift {
            for line in d.to_string().lines() {
                let _ = writeln!(out, "  {line}");
            }
        }
    }
    if let Some(t) = &i.applied_by_tool {
        let _ =
            writeln!(out, "{} ({}): {} of {} rows applied; {}", t.table, t.tool, t.applied, t.rows.len(), t.agreement);
        for r in &t.rows {
            let note = r.note.as_deref().map(|n| format!(" ({n})")).unwrap_or_default();
            let _ = writeln!(out, "  {} {}{note}", if r.applied { "applied" } else { "not applied" }, r.migration);
        }
        if let Some(u) = &t.unreadable {
            let _ = writeln!(out, "  could not read every row: {u}");
        }
    }
    let _ = writeln!(out);
    let format = match i.archive_version {
        Some(v) => format!("{} archive {v}", i.format.name()),
        None if i.cluster => "plain (pg_dumpall)".to_owned(),
        None => i.format.name().to_owned(),
    };
    let _ = writeln!(out, "format:       {format}, compression {}", format!("{:?}", i.compression).to_lowercase());
    let _ = writeln!(out, "database:     {}", or_unknown(&i.database));
    let _ = writeln!(out, "taken:        {}", or_unknown(&i.created));
    let _ = writeln!(out, "server:       {}", or_unknown(&i.server_version));
    let _ = writeln!(out, "pg_dump:      {}", or_unknown(&i.pg_dump_version));
    let _ =
        writeln!(out, "sections:     {}", if i.sections.is_empty() { "none".into() } else { i.sections.join(", ") });
    let counts: Vec<String> = i.object_counts.iter().map(|(k, n)| format!("{k} {n}")).collect();
    let _ = writeln!(out, "objects:      {}", counts.join(", "));
    let _ = writeln!(out, "\ntables ({}):", i.tables.len());
    let width = i.tables.iter().map(|t| t.name.chars().count()).max().unwrap_or(0);
    for t in &i.tables {
        let rows = match t.rows {
            Some(r) => format!("{r} rows"),
            None => "no data".to_owned(),
        };
        let mark = if t.bookkeeping { "  (bookkeeping)" } else { "" };
        let _ = writeln!(out, "  {:<width$}  {rows}{mark}", t.name);
    }
    out
}
