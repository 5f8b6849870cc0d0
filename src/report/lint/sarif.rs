//! SARIF 2.1.0 for code scanning. `ruleId` is the stable rule code;
//! `partialFingerprints` hash the rule, the file and the statement's
//! libpg_query fingerprint (not its line), so alerts survive edits above them.

use serde_json::{json, Value};

use crate::analysis::lint::{all_rules, doc_text, Finding, Level, LintReport};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

pub fn report(report: &LintReport) -> String {
    let rules: Vec<Value> = all_rules()
        .iter()
        .map(|r| {
            let m = r.meta();
            json!({
                "id": m.code,
                "name": m.name,
                "shortDescription": { "text": m.summary },
                "fullDescription": { "text": m.summary },
                "help": { "text": doc_text(m), "markdown": doc_text(m) },
                "defaultConfiguration": { "level": level(m.category.default_level()) },
                "properties": { "category": m.category.as_str(), "tags": [m.category.as_str()] },
            })
        })
        .collect();
    let results: Vec<Value> = report.findings.iter().map(result).collect();
    let sarif = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "rollcheck",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    crate::report::json::to_string(&sarif)
}

fn level(l: Level) -> &'static str {
    match l {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Note => "note",
    }
}

fn result(f: &Finding) -> Value {
    let index = all_rules().iter().position(|r| r.meta().code == f.code).unwrap_or(0);
    let statement = f.fingerprint.as_deref().unwrap_or("file");
    let fingerprint = format!("{:016x}", fnv1a(&[f.code, &f.file, statement, &f.objects.join(",")]));
    json!({
        "ruleId": f.code,
        "ruleIndex": index,
        "level": level(f.level),
        "message": { "text": f.message },
        "locations": [{
            "physicalLocation": {
                "artifactLocation": { "uri": uri(&f.file) },
                "region": { "startLine": f.line, "startColumn": f.column },
            },
        }],
        "partialFingerprints": { "rollcheck/statement/v1": fingerprint },
        "properties": { "category": f.category.as_str(), "objects": f.objects, "migration": f.migration },
    })
}

/// A relative URI reference for a path: forward slashes, reserved characters escaped.
fn uri(path: &str) -> String {
    let mut out = String::new();
    for b in path.replace('\\', "/").bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// FNV-1a over the parts, with a separator: stable across runs and platforms.
fn fnv1a(parts: &[&str]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for b in part.bytes().chain(std::iter::once(0)) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}
