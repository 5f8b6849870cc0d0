//! `docs/rules/` is generated from the rules' doc comments (`rollcheck::report::rules`). This test
//! regenerates it in memory and fails when the committed pages differ; `ROLLCHECK_BLESS=1 cargo test
//! --test rule_docs` rewrites them.

use std::collections::BTreeMap;
use std::path::Path;

use rollcheck::analysis::lint::all_rules;
use rollcheck::report::rules::{index, page};

#[test]
fn rule_docs_are_generated_from_the_doc_comments() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules");
    let mut wanted: BTreeMap<String, String> = BTreeMap::new();
    wanted.insert("README.md".into(), index());
    for rule in all_rules() {
        wanted.insert(format!("{}.md", rule.meta().name), page(rule.meta()));
    }
    if std::env::var_os("ROLLCHECK_BLESS").is_some() {
        if dir.exists() {
            std::fs::remove_dir_all(&dir).unwrap();
        }
        std::fs::create_dir_all(&dir).unwrap();
        for (name, text) in &wanted {
            std::fs::write(dir.join(name), text).unwrap();
        }
    }
    let mut present: BTreeMap<String, String> = BTreeMap::new();
    for entry in std::fs::read_dir(&dir).expect("docs/rules exists") {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        present.insert(name, std::fs::read_to_string(&path).unwrap());
    }
    let stale: Vec<&String> =
        wanted.keys().chain(present.keys()).filter(|n| wanted.get(*n) != present.get(*n)).collect();
    assert!(stale.is_empty(), "docs/rules is stale ({stale:?}): run `ROLLCHECK_BLESS=1 cargo test --test rule_docs`");
}
