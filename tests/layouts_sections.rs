//! Layouts whose files hold sections: goose (`-- +goose Up` / `Down`), dbmate
//! (`-- migrate:up` / `down`) and Liquibase formatted SQL (changesets with
//! `--rollback`). Each case reads a fixture under `tests/fixtures/layouts/`
//! laid out as the tool lays it out, and pins down the order, which statements
//! form each migration's up and down scripts (with the file's line numbers),
//! and the layout notes.

use std::io::Read;
use std::path::{Path, PathBuf};

use rollcheck::diagnostic::Severity;
use rollcheck::input::script::split_str;
use rollcheck::input::{detect, Layout, Piece, Script, Source};

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/layouts").join(path)
}

fn read(path: &str, layout: Layout) -> Source {
    let source = detect(&fixture(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
    assert_eq!(source.layout, layout, "{path}");
    source
}

fn names(source: &Source) -> Vec<&str> {
    source.migrations.iter().map(|m| m.name.as_str()).collect()
}

/// The statements of a script as `line: first line of the statement`.
fn statements(script: &Script) -> Vec<String> {
    let mut sql = String::new();
    script.open().unwrap().read_to_string(&mut sql).unwrap();
    split_str(&sql)
        .into_iter()
        .map(|piece| match piece {
            Piece::Statement { sql, line, .. } => format!("{line}: {}", sql.lines().next().unwrap_or("")),
            other => panic!("{}: not a statement: {other:?}", script.path.display()),
        })
        .collect()
}

fn up(source: &Source, name: &str) -> Vec<String> {
    statements(&source.migrations.iter().find(|m| m.name == name).unwrap_or_else(|| panic!("no {name}")).up)
}

fn down(source: &Source, name: &str) -> Option<Vec<String>> {
    source.migrations.iter().find(|m| m.name == name).unwrap().down.as_ref().map(statements)
}

/// The notes as `severity file:line message-start`.
fn notes(source: &Source) -> Vec<String> {
    source
        .notes
        .iter()
        .map(|d| {
            let file = Path::new(&*d.location.file).file_name().unwrap().to_string_lossy().into_owned();
            let severity = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Note => "note",
            };
            format!("{severity} {file}:{} {}", d.location.line, d.message.chars().take(40).collect::<String>())
        })
        .collect()
}

#[test]
fn goose_orders_by_version_and_splits_up_from_down() {
    let source = read("goose/sequential", Layout::Goose);
    assert_eq!(names(&source), ["00001_create_authors", "00002_author_slug", "00010_index_authors"]);
    assert_eq!(up(&source, "00001_create_authors"), ["2: CREATE TABLE authors ("]);
    assert_eq!(down(&source, "00001_create_authors").unwrap(), ["8: DROP TABLE authors"]);
    // The StatementBegin/End block is one statement, its `;` inside the body kept.
    assert_eq!(
        up(&source, "00002_author_slug"),
        ["3: CREATE FUNCTION author_slug(name text) RETURNS text", "13: ALTER TABLE authors ADD COLUMN slug text"]
    );
    assert_eq!(
        down(&source, "00002_author_slug").unwrap(),
        ["16: ALTER TABLE authors DROP COLUMN slug", "17: DROP FUNCTION author_slug(text)"]
    );
    assert_eq!(up(&source, "00010_index_authors"), ["3: CREATE INDEX CONCURRENTLY authors_name_idx ON authors (name)"]);
    assert_eq!(notes(&source), ["note 00010_index_authors.sql:1 goose runs this migration outside a tran"]);
}

#[test]
fn goose_timestamps_and_a_body_goose_would_cut() {
    let source = read("goose/timestamps", Layout::Goose);
    assert_eq!(
        names(&source),
        ["20240105093000_create_books", "20240110120000_touch_books", "20240201080000_books_owner"]
    );
    assert_eq!(
        up(&source, "20240110120000_touch_books"),
        [
            "2: ALTER TABLE books ADD COLUMN updated_at timestamptz",
            "3: CREATE FUNCTION touch_books() RETURNS trigger LANGUAGE plpgsql AS $$"
        ]
    );
    assert_eq!(
        notes(&source),
        [
            "warning 20240110120000_touch_books.sql:5 goose ends a statement at this line's `;",
            "warning 20240110120000_touch_books.sql:6 goose ends a statement at this line's `;",
            "note 20240201080000_books_owner.sql:1 `ENVSUB ON`: goose replaces `${VAR}` pla",
        ]
    );
}

#[test]
fn goose_leaves_out_a_file_it_refuses() {
    let source = read("goose/refused", Layout::Goose);
    assert_eq!(names(&source), ["00001_create_authors"]);
    assert_eq!(notes(&source), ["error 00002_no_up.sql:2 goose refuses this file: SQL before `-- "]);
}

#[test]
fn dbmate_reads_the_project_or_its_migrations_folder() {
    for path in ["dbmate/project", "dbmate/project/db/migrations"] {
        let source = read(path, Layout::Dbmate);
        assert_eq!(
            names(&source),
            ["20240101100000_create_users", "20240102100000_user_status", "20240103100000_users_email_idx"]
        );
        assert_eq!(
            up(&source, "20240102100000_user_status"),
            [
                "3: CREATE TYPE user_status AS ENUM ('active', 'disabled')",
                "4: ALTER TABLE users ADD COLUMN status user_status NOT NULL DEFAULT 'active'",
                "5: CREATE FUNCTION user_is_active(u users) RETURNS boolean LANGUAGE plpgsql STABLE AS $$",
            ]
        );
        assert_eq!(
            down(&source, "20240102100000_user_status").unwrap(),
            [
                "12: DROP FUNCTION user_is_active(users)",
                "13: ALTER TABLE users DROP COLUMN status",
                "14: DROP TYPE user_status"
            ]
        );
        assert_eq!(
            notes(&source),
            [
                "note 20240103100000_users_email_idx.sql:1 dbmate runs this up section outside a tr",
                "note 20240103100000_users_email_idx.sql:4 dbmate runs this down section outside a ",
            ]
        );
    }
}

#[test]
fn dbmate_orders_names_as_strings_and_leaves_out_a_file_without_down() {
    let source = read("dbmate/unordered", Layout::Dbmate);
    // dbmate sorts file names as strings: `10_` before `9_`.
    assert_eq!(names(&source), ["10_tenth", "1_first", "9_ninth"]);
    assert_eq!(down(&source, "1_first").unwrap(), ["5: DROP TABLE first_table"]);
    assert_eq!(notes(&source), ["error 20240104100000_no_down.sql:1 dbmate refuses this file: a `-- migrate:"]);
}

#[test]
fn liquibase_changesets_in_include_all_order_with_their_rollbacks() {
    let source = read("liquibase/db/changelog", Layout::Liquibase);
    assert_eq!(
        names(&source),
        [
            "changes/001-authors.sql::alice:create-authors",
            "changes/001-authors.sql::alice:author-email",
            "changes/001-authors.sql::alice:author-slug",
            "changes/001-authors.sql::alice:seed-authors",
            "changes/002-books.sql::bob:create-books",
            "changes/002-books.sql::bob:books-title-idx",
            "changes/002-books.sql::bob:touch-books",
        ]
    );
    let authors = "changes/001-authors.sql::alice";
    assert_eq!(up(&source, &format!("{authors}:create-authors")), ["4: CREATE TABLE authors ("]);
    assert_eq!(down(&source, &format!("{authors}:create-authors")).unwrap(), ["8: DROP TABLE authors"]);
    // Several `--rollback` lines, each on its own line of the file.
    assert_eq!(
        down(&source, &format!("{authors}:author-email")).unwrap(),
        ["13: DROP INDEX authors_email_idx", "14: ALTER TABLE authors DROP COLUMN email"]
    );
    // splitStatements:false around a function; its rollback in a `/* liquibase rollback */` block.
    assert_eq!(
        up(&source, &format!("{authors}:author-slug")),
        ["17: CREATE FUNCTION author_slug(name text) RETURNS text"]
    );
    assert_eq!(down(&source, &format!("{authors}:author-slug")).unwrap(), ["27: DROP FUNCTION author_slug(text)"]);
    // `--rollback not required`: a rollback that does nothing.
    assert_eq!(down(&source, &format!("{authors}:seed-authors")).unwrap(), Vec::<String>::new());
    assert_eq!(
        up(&source, "changes/002-books.sql::bob:touch-books"),
        [
            "16: ALTER TABLE books ADD COLUMN updated_at timestamptz",
            "17: CREATE FUNCTION touch_books() RETURNS trigger LANGUAGE plpgsql AS $$"
        ]
    );
    assert_eq!(
        notes(&source),
        [
            "note db.changelog-master.yaml:1 Liquibase master changelogs are not read",
            "note 001-authors.sql:30 `dbms:oracle` excludes PostgreSQL: Liqui",
            "note 001-authors.sql:34 contexts/labels select it at run time: r",
            "note 002-books.sql:11 `runInTransaction:false`: if a statement",
            "warning 002-books.sql:17 a dollar-quoted body with `;` in a chang",
        ]
    );
}

#[test]
fn liquibase_changeset_edge_cases() {
    let dir = tempfile::tempdir().unwrap();
    let text = "\n-- liquibase formatted sql\nSELECT 1;\n--changeset a:1 endDelimiter:/\nCREATE TABLE t (id int);\n\
                --changeset a:1\nCREATE TABLE u (id int);\n--changeset a: 2\n--changeset a:3 ignore:true\nSELECT 1;\n\
                --changeset a:4\n--rollback DROP TABLE t;\n--changeset a:5\nDROP TABLE t;\n\
                --rollback changesetId:1 changesetAuthor:a\n";
    std::fs::write(dir.path().join("changelog.sql"), text).unwrap();
    let source = detect(dir.path()).unwrap();
    assert_eq!(source.layout, Layout::Liquibase);
    assert_eq!(names(&source), ["changelog.sql::a:1", "changelog.sql::a:5"]);
    // A rollback that names another changeset is that changeset's SQL.
    assert_eq!(down(&source, "changelog.sql::a:5").unwrap(), ["5: CREATE TABLE t (id int)"]);
    assert_eq!(
        notes(&source),
        [
            "warning changelog.sql:3 SQL before the first `--changeset`: Liqu",
            "error changelog.sql:8 Liquibase refuses this line: write `--ch",
            "warning changelog.sql:4 `endDelimiter:/`: rollcheck splits its S",
            "error changelog.sql:6 changeset a:1 is already defined on line",
            "note changelog.sql:9 `ignore:true`: Liquibase skips changelog",
            "error changelog.sql:11 no SQL in changeset changelog.sql::a:4: ",
        ]
    );
}

#[test]
fn the_prisma_sample_stays_prisma() {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/party-migration");
    assert_eq!(detect(&sample).unwrap().layout, Layout::Prisma);
}
