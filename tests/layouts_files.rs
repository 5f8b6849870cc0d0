//! The Flyway, Diesel and Atlas layouts: migrations in the order each tool applies
//! them, which down script belongs to which migration, detection among the other
//! layouts, the notes each reader gives (a Flyway version used twice, a folder that
//! no longer matches its `atlas.sum`), and each fixture applied in that order to a
//! real PostgreSQL giving the schema rollcheck replays.
//!
//! The fixtures under `tests/fixtures/layouts/{flyway,diesel,atlas}/` are laid out
//! as the tools lay them out. Diesel's initial setup and `diesel.toml` are the ones
//! diesel_cli writes; `atlas/valid/atlas.sum` was computed by an implementation of
//! Atlas's `NewHashFile` separate from rollcheck's (and rollcheck's agrees with the
//! sums in Atlas's own test data); `atlas/edited-after-sum` is `valid` with
//! `20240305120000_add_posts.sql` edited afterwards.

mod support;

use std::path::{Path, PathBuf};

use rollcheck::analysis::diff::{compare, SchemaDiff};
use rollcheck::catalog::load;
use rollcheck::diagnostic::Severity;
use rollcheck::input::{detect, Layout, Source};

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/layouts").join(path)
}

/// Each migration as `name: up path | down path`, the paths relative to `root`.
fn pairs(source: &Source, root: &Path) -> Vec<String> {
    let rel = |p: &Path| p.strip_prefix(root).unwrap_or(p).display().to_string();
    source
        .migrations
        .iter()
        .map(|m| {
            let down = m.down.as_ref().map(|d| rel(&d.path)).unwrap_or_else(|| "-".into());
            format!("{}: {} | {down}", m.name, rel(&m.up.path))
        })
        .collect()
}

/// The reader's notes as `severity file:line message`, the file relative to `root`.
fn notes(source: &Source, root: &Path) -> Vec<String> {
    source
        .notes
        .iter()
        .map(|d| {
            let file = d.location.file.strip_prefix(&format!("{}/", root.display())).unwrap_or(&d.location.file);
            format!("{:?} {file}:{} {}", d.severity, d.location.line, d.message)
        })
        .collect()
}

#[test]
fn flyway_versions_by_value_undo_as_down_repeatables_last_by_description() {
    let root = fixture("flyway/shop");
    let source = detect(&root).expect("the flyway fixture reads");
    assert_eq!(source.layout, Layout::Flyway);
    assert_eq!(
        pairs(&source, &root),
        [
            "V1__create_users: V1__create_users.sql | -",
            "V1.1__add_user_email: V1.1__add_user_email.sql | U1.1__add_user_email.sql",
            "V1.9__create_orders: V1.9__create_orders.sql | -",
            "V1.10__add_order_total: V1.10__add_order_total.sql | -",
            "V2__add_order_status: release-2/V2__add_order_status.sql | -",
            "R__active_users: R__active_users.sql | -",
            "R__user_order_totals: R__user_order_totals.sql | -",
        ]
    );
    assert!(source.notes.is_empty(), "{:?}", notes(&source, &root));
}

#[test]
fn flyway_version_used_twice_is_an_error_naming_both_files() {
    let root = fixture("flyway/duplicate-version");
    let source = detect(&root).expect("the fixture reads");
    // Both kept, in a fixed order (by path): V1.0 and V1 are the same version.
    let names: Vec<&str> = source.migrations.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["V1.0__create_teams", "V1__create_users", "V2__add_user_team"]);
    assert_eq!(source.notes.len(), 1, "{:?}", notes(&source, &root));
    let note = &source.notes[0];
    assert_eq!(note.severity, Severity::Error);
    assert!(note.message.contains("more than one migration with version 1"), "{}", note.message);
    assert!(note.message.contains("V1.0__create_teams.sql"), "{}", note.message);
    assert!(note.message.contains("V1__create_users.sql"), "{}", note.message);
}

#[test]
fn diesel_folders_by_version_with_their_down_sql() {
    let project = fixture("diesel/blog");
    let expected = [
        "00000000000000_diesel_initial_setup: 00000000000000_diesel_initial_setup/up.sql | 00000000000000_diesel_initial_setup/down.sql",
        "2024-01-15-103000_create_users: 2024-01-15-103000_create_users/up.sql | 2024-01-15-103000_create_users/down.sql",
        "2024-02-01-090000_create_posts: 2024-02-01-090000_create_posts/up.sql | 2024-02-01-090000_create_posts/down.sql",
        "2024-02-10-141500_add_post_slug: 2024-02-10-141500_add_post_slug/up.sql | 2024-02-10-141500_add_post_slug/down.sql",
    ];
    // The project (diesel.toml names the folder) and the migrations folder itself.
    for path in [project.clone(), project.join("migrations")] {
        let source = detect(&path).expect("the diesel fixture reads");
        assert_eq!(source.layout, Layout::Diesel, "{}", path.display());
        assert_eq!(pairs(&source, &project.join("migrations")), expected);
        assert!(source.notes.is_empty(), "{:?}", notes(&source, &path));
    }
}

#[test]
fn atlas_files_by_name_without_down_scripts() {
    let root = fixture("atlas/valid");
    let source = detect(&root).expect("the atlas fixture reads");
    assert_eq!(source.layout, Layout::Atlas);
    assert_eq!(
        pairs(&source, &root),
        [
            "20240301090000_init: 20240301090000_init.sql | -",
            "20240305120000_add_posts: 20240305120000_add_posts.sql | -",
            "20240310080000_posts_user_index: 20240310080000_posts_user_index.sql | -",
        ]
    );
    assert!(source.notes.is_empty(), "atlas.sum matches: {:?}", notes(&source, &root));
}

#[test]
fn atlas_file_edited_after_the_sum_is_an_error_naming_it() {
    let root = fixture("atlas/edited-after-sum");
    let source = detect(&root).expect("the fixture reads");
    assert_eq!(source.migrations.len(), 3);
    assert_eq!(
        notes(&source, &root),
        ["Error atlas.sum:3 atlas.sum does not match the migrations: 20240305120000_add_posts.sql was edited \
          after atlas.sum was written; `atlas migrate validate` refuses it (`atlas migrate hash` rewrites \
          atlas.sum if the change is meant)"]
    );
}

#[test]
fn atlas_file_added_or_removed_is_named() {
    let tmp = tempfile::tempdir().expect("tempdir");
    for entry in std::fs::read_dir(fixture("atlas/valid")).expect("fixture") {
        let path = entry.expect("entry").path();
        std::fs::copy(&path, tmp.path().join(path.file_name().expect("name"))).expect("copy");
    }
    std::fs::write(tmp.path().join("20240302000000_between.sql"), "CREATE TABLE t ();\n").expect("write");
    let source = detect(tmp.path()).expect("reads");
    assert!(source.notes[0].message.contains("20240302000000_between.sql was added"), "{:?}", source.notes);

    std::fs::remove_file(tmp.path().join("20240302000000_between.sql")).expect("remove");
    std::fs::remove_file(tmp.path().join("20240310080000_posts_user_index.sql")).expect("remove");
    let source = detect(tmp.path()).expect("reads");
    assert!(source.notes[0].message.contains("20240310080000_posts_user_index.sql was removed"), "{:?}", source.notes);
}

#[test]
fn other_layouts_are_still_detected_as_before() {
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/party-migration");
    assert_eq!(detect(&samples).expect("sample").layout, Layout::Prisma);

    let tmp = tempfile::tempdir().expect("tempdir");
    let golang = tmp.path().join("golang");
    std::fs::create_dir(&golang).expect("mkdir");
    std::fs::write(golang.join("1_users.up.sql"), "CREATE TABLE users ();\n").expect("write");
    std::fs::write(golang.join("1_users.down.sql"), "DROP TABLE users;\n").expect("write");
    assert_eq!(detect(&golang).expect("golang-migrate").layout, Layout::GolangMigrate);

    let plain = tmp.path().join("plain");
    std::fs::create_dir(&plain).expect("mkdir");
    std::fs::write(plain.join("2_b.sql"), "CREATE TABLE b ();\n").expect("write");
    std::fs::write(plain.join("10_c.sql"), "CREATE TABLE c ();\n").expect("write");
    assert_eq!(detect(&plain).expect("plain").layout, Layout::SqlFolder);
}

/// Applies `source`'s migrations in its order to a fresh database and compares the
/// real schema with rollcheck's replay of the same source; `None` without a server.
fn applied_vs_replayed(path: &Path, hint: &str) -> Option<SchemaDiff> {
    let Some(server) = support::server() else {
        eprintln!("skipped: no PostgreSQL server available (run scripts/setup)");
        return None;
    };
    let source = detect(path).expect("reads");
    let db = server.create_database(hint);
    for m in &source.migrations {
        db.apply_file(&m.up.path).unwrap_or_else(|e| panic!("{} does not apply: {e}", m.name));
    }
    let tmp = tempfile::tempdir().expect("tempdir");
    let dump = tmp.path().join("real.sql");
    std::fs::write(&dump, db.dump_schema()).expect("write dump");
    let real = load(&dump, None).expect("the dump reads").catalog;
    let replayed = load(path, None).expect("the fixture replays");
    let errors: Vec<_> = replayed.diagnostics.iter().filter(|d| d.severity == Severity::Error).collect();
    assert!(errors.is_empty(), "{errors:?}");
    Some(compare(&replayed.catalog, &real))
}

#[test]
fn flyway_fixture_applies_in_order_on_postgres() {
    let Some(diff) = applied_vs_replayed(&fixture("flyway/shop"), "layouts_flyway") else { return };
    assert!(diff.is_empty(), "applied to PostgreSQL vs replayed by rollcheck: {diff:?}");
}

/// Equal but for the trigger that Diesel's `diesel_manage_updated_at('users')` creates
/// with `EXECUTE format(...)`: SQL built at run time is beyond a replay.
#[test]
fn diesel_fixture_applies_in_order_on_postgres() {
    let Some(diff) = applied_vs_replayed(&fixture("diesel/blog"), "layouts_diesel") else { return };
    let added: Vec<String> = diff.added.iter().map(|k| format!("{} {}", k.kind, k.name)).collect();
    assert_eq!(added, ["trigger public.users.set_updated_at"], "{diff:?}");
    assert!(diff.removed.is_empty() && diff.changed.is_empty(), "{diff:?}");
}

#[test]
fn atlas_fixture_applies_in_order_on_postgres() {
    let Some(diff) = applied_vs_replayed(&fixture("atlas/valid"), "layouts_atlas") else { return };
    assert!(diff.is_empty(), "applied to PostgreSQL vs replayed by rollcheck: {diff:?}");
}

/// Diesel's down scripts, run newest first after every up, leave an empty schema.
#[test]
fn diesel_down_scripts_revert_in_reverse_order_on_postgres() {
    let Some(server) = support::server() else {
        eprintln!("skipped: no PostgreSQL server available (run scripts/setup)");
        return;
    };
    let source = detect(&fixture("diesel/blog")).expect("reads");
    let db = server.create_database("layouts_diesel_down");
    for m in &source.migrations {
        db.apply_file(&m.up.path).unwrap_or_else(|e| panic!("{} does not apply: {e}", m.name));
    }
    for m in source.migrations.iter().rev() {
        let down = m.down.as_ref().expect("every diesel migration here has a down.sql");
        db.apply_file(&down.path).unwrap_or_else(|e| panic!("{} does not revert: {e}", m.name));
    }
    let left = db
        .query("SELECT 'left:' || count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'")
        .expect("query");
    assert!(left.contains("left:0"), "{left}");
}
