//! A down script that is a *section* of a migration file (goose's `-- +goose Down`,
//! dbmate's `-- migrate:down`) is pointed at where it starts in the file, not at line 1:
//! the findings about what it fails to undo name the section's first line.

use rollcheck::analysis::lint::{lint, LintOptions};
use rollcheck::input::detect;

/// `(rule name, file name, line)` of every finding about a down script in `files`.
fn down_findings(files: &[(&str, &str)]) -> Vec<(String, String, u64)> {
    let tmp = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(tmp.path().join(name), text).unwrap();
    }
    let report = lint(detect(tmp.path()).unwrap(), &LintOptions::default()).unwrap();
    report
        .findings
        .iter()
        .filter(|f| f.name.starts_with("down-"))
        .map(|f| {
            let file = std::path::Path::new(&f.file).file_name().unwrap().to_string_lossy().into_owned();
            (f.name.to_owned(), file, f.line)
        })
        .collect()
}

#[test]
fn a_goose_down_section_is_pointed_at_its_first_line() {
    let found = down_findings(&[
        (
            "00001_tags.sql",
            "-- +goose Up\nCREATE TABLE tags (id int PRIMARY KEY, name text);\n\n-- +goose Down\nDROP TABLE tags;\n",
        ),
        (
            "00002_tag_color.sql",
            "-- +goose Up\n-- The colour of a tag.\nALTER TABLE tags ADD COLUMN color text;\n\n-- +goose Down\n\
             SELECT 1;\n",
        ),
    ]);
    assert_eq!(found, [("down-does-not-restore-schema".to_owned(), "00002_tag_color.sql".to_owned(), 6)]);
}

#[test]
fn a_dbmate_down_section_is_pointed_at_its_first_line() {
    let found = down_findings(&[(
        "20240101000000_tags.sql",
        "-- migrate:up\nCREATE TABLE tags (id int PRIMARY KEY);\nCREATE INDEX tags_id ON tags (id);\n\n\
         -- migrate:down\nDROP INDEX tags_id;\n",
    )]);
    assert_eq!(found, [("down-does-not-restore-schema".to_owned(), "20240101000000_tags.sql".to_owned(), 6)]);
}
