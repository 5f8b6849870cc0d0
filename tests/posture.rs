//! `rollcheck posture` on the sample's git history (`samples/party-migration/make-git-history`)
//! with backups made by the real PostgreSQL 15 and pg_dump: the migrations applied with psql up
//! to a state, a few rows inserted before Phase 1 (and carried through the backfill), then
//! dumped. Checks the point of no return (the 18 dropped columns, not `Party.type`, a rename),
//! the code rollback targets (before Phase 4 incompatible for the dropped columns; Phase 4 and
//! after compatible), and each backup's verdict for the Phase 4 migration: valid (before Phase 4),
//! after-the-drop, older-state (before Phase 1), no-data (schema only), incomplete (cut
//! mid-COPY), drifted (an extra column). Also: no repository, a git bundle, `--current` and
//! `--applied`, determinism across thread counts, and snapshots of text, JSON and Markdown.

mod binary;
mod support;

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::Value;

const TIMEOUT: Duration = Duration::from_secs(120);
const PHASE4: &str = "20250714091938_party_phase4_drop_legacy_columns";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn migrations() -> Vec<PathBuf> {
    let dir = root().join("samples/party-migration/prisma/migrations");
    let mut out: Vec<PathBuf> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()).collect();
    out.sort();
    out
}

/// The sample's repository, its bundle, and the backups, made once.
struct Scene {
    dir: tempfile::TempDir,
}

impl Scene {
    fn repo(&self) -> PathBuf {
        self.dir.path().join("app")
    }
    fn source(&self) -> PathBuf {
        self.repo().join("prisma/migrations")
    }
    fn backups(&self) -> PathBuf {
        self.dir.path().join("backups")
    }
    fn bundle(&self) -> PathBuf {
        self.dir.path().join("app-history.bundle")
    }
}

fn at(seconds: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(seconds)
}

/// Applies the first `n` migrations (and `extra` SQL after the first `rows_after`).
fn database_at(pg: &support::PgServer, hint: &str, n: usize) -> support::Database {
    let db = pg.create_database(hint);
    for (i, m) in migrations().iter().take(n).enumerate() {
        let sql = std::fs::read_to_string(m.join("migration.sql")).unwrap();
        db.apply_sql(&sql).unwrap_or_else(|e| panic!("{}: {e}", m.display()));
        if i == 3 {
            // Before Phase 1: a tenant, a contact and an organization on the waitlist, an owner.
            db.apply_sql(
                r#"INSERT INTO "Tenant" (id, name, slug, "updatedAt") VALUES (1, 'Kennel', 'kennel', now());
                   INSERT INTO "Contact" (id, "tenantId", "firstName", "lastName", "updatedAt")
                     VALUES (1, 1, 'Ada', 'Lind', now()), (2, 1, 'Bo', 'Reyes', now());
                   INSERT INTO "WaitlistEntry" ("tenantId", "contactId", position, "updatedAt")
                     VALUES (1, 1, 1, now()), (1, 2, 2, now());"#,
            )
            .unwrap();
        }
    }
    db
}

fn scene() -> Option<&'static Scene> {
    static SCENE: OnceLock<Option<Scene>> = OnceLock::new();
    SCENE
        .get_or_init(|| {
            let pg = support::server()?;
            let dir = tempfile::tempdir().unwrap();
            let scene = Scene { dir };
            let out = Command::new(root().join("samples/party-migration/make-git-history"))
                .arg(scene.repo())
                .output()
                .unwrap();
            assert!(out.status.success(), "make-git-history: {}", String::from_utf8_lossy(&out.stderr));
            let out = Command::new("git")
                .args(["bundle", "create", "-q"])
                .arg(scene.bundle())
                .args(["--all"])
                .current_dir(scene.repo())
                .output()
                .unwrap();
            assert!(out.status.success(), "git bundle: {}", String::from_utf8_lossy(&out.stderr));
            std::fs::create_dir(scene.backups()).unwrap();
            let write = |name: &str, bytes: &[u8], time: SystemTime| {
                let path = scene.backups().join(name);
                std::fs::write(&path, bytes).unwrap();
                std::fs::File::options().write(true).open(&path).unwrap().set_modified(time).unwrap();
            };
            // 2025-07-13T02:00:00Z, the night before Phase 4.
            let before4 = database_at(pg, "before4", 7);
            let full = before4.pg_dump(&[]);
            write("2025-07-13-before-phase4.sql", &full, at(1_752_372_000));
            write("2025-07-13-schema-only.sql", &before4.pg_dump(&["--schema-only"]), at(1_752_372_000));
            // Cut in the middle of the WaitlistEntry rows.
            let text = String::from_utf8(full).unwrap();
            let copy = text.find("COPY public.\"WaitlistEntry\"").expect("a COPY of WaitlistEntry");
            let second_row = copy + text[copy..].find("\n1\t").expect("rows") + 3;
            write("2025-07-13-cut.sql", &text.as_bytes()[..second_row], at(1_752_372_000));
            let drifted = database_at(pg, "drifted", 7);
            drifted.apply_sql(r#"ALTER TABLE "Tenant" ADD COLUMN "billingEmail" text;"#).unwrap();
            write("2025-07-12-hotfix-drifted.sql", &drifted.pg_dump(&[]), at(1_752_300_000));
            let after4 = database_at(pg, "after4", 8);
            write("2025-07-15-after-phase4.sql", &after4.pg_dump(&[]), at(1_752_544_800));
            let before1 = database_at(pg, "before1", 4);
            write("2025-06-01-before-phase1.sql", &before1.pg_dump(&[]), at(1_748_743_200));
            Some(scene)
        })
        .as_ref()
}

fn run(args: &[&dyn AsRef<std::ffi::OsStr>], envs: &[(&str, &str)]) -> (i32, String, String) {
    let args: Vec<OsString> = args.iter().map(|a| a.as_ref().to_owned()).collect();
    let done = binary::run(&args, envs, TIMEOUT);
    let code = done.status.and_then(|s| s.code()).unwrap_or(-1);
    (code, String::from_utf8_lossy(&done.stdout).into_owned(), String::from_utf8_lossy(&done.stderr).into_owned())
}

fn posture_json(extra: &[&dyn AsRef<std::ffi::OsStr>]) -> Value {
    let s = scene().unwrap();
    let mut args: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![&"posture"];
    let source = s.source();
    let backups = s.backups();
    args.extend_from_slice(&[&source, &"--backups", &backups, &"--format", &"json"]);
    args.extend_from_slice(extra);
    let (code, out, err) = run(&args, &[]);
    assert!(code == 0 || code == 1, "exit {code}: {err}");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"))
}

fn commit_index(json: &Value, subject_start: &str) -> usize {
    json["code_targets"]
        .as_array()
        .unwrap()
        .iter()
        .position(|t| t["subject"].as_str().unwrap().starts_with(subject_start))
        .unwrap_or_else(|| panic!("no commit `{subject_start}`"))
}

const DROPPED: [&str; 18] = [
    "public.Animal.buyerContactId",
    "public.Animal.buyerOrganizationId",
    "public.Animal.buyerPartyType",
    "public.AnimalOwner.contactId",
    "public.AnimalOwner.organizationId",
    "public.AnimalOwner.partyType",
    "public.BreedingAttempt.studOwnerContactId",
    "public.ContractParty.contactId",
    "public.ContractParty.organizationId",
    "public.Invoice.contactId",
    "public.Invoice.organizationId",
    "public.Offspring.buyerContactId",
    "public.Offspring.buyerOrganizationId",
    "public.OffspringContract.buyerContactId",
    "public.OffspringContract.buyerOrganizationId",
    "public.User.contactId",
    "public.WaitlistEntry.contactId",
    "public.WaitlistEntry.organizationId",
];

#[test]
fn phase4_is_the_point_of_no_return_with_the_18_columns() {
    if scene().is_none() {
        return;
    }
    let json = posture_json(&[]);
    let points = json["points_of_no_return"].as_array().unwrap();
    assert_eq!(points.len(), 1, "{points:#?}");
    assert_eq!(points[0]["migration"], PHASE4);
    let destroys: Vec<&str> = points[0]["destroys"].as_array().unwrap().iter().map(|d| d.as_str().unwrap()).collect();
    assert_eq!(destroys, DROPPED);
    let phase4 = commit_index(&json, "Party phase 4");
    assert_eq!(points[0]["commit"], json["code_targets"][phase4]["sha"]);
}

#[test]
fn code_before_phase4_is_incompatible_and_phase4_onwards_compatible() {
    if scene().is_none() {
        return;
    }
    let json = posture_json(&[]);
    let targets = json["code_targets"].as_array().unwrap();
    assert_eq!(targets.len(), 21, "first-parent commits, oldest first");
    let phase4 = commit_index(&json, "Party phase 4");
    for (i, t) in targets.iter().enumerate() {
        let verdict = t["verdict"].as_str().unwrap();
        let subject = t["subject"].as_str().unwrap();
        if i >= phase4 {
            assert_eq!(verdict, "compatible", "{subject}: {t:#}");
        } else if t["expects"]["after"].is_null() {
            // The skeleton commit has no migrations: its code needs no schema.
            assert_eq!(verdict, "compatible", "{subject}");
        } else {
            assert_eq!(verdict, "incompatible", "{subject}");
            let objects: Vec<&str> = t["reasons"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|r| r["verdict"] == "incompatible")
                .map(|r| r["object"].as_str().unwrap())
                .collect();
            assert!(objects.contains(&"public.WaitlistEntry.contactId"), "{subject}: {objects:?}");
            assert!(objects.iter().all(|o| DROPPED.contains(o) || *o == "public.Party.type"), "{subject}: {objects:?}");
        }
    }
    // Code that stopped writing the legacy columns still expects them: its migrations describe them.
    let stop = &targets[commit_index(&json, "Party phase 3: stop writing")];
    assert_eq!(stop["verdict"], "incompatible");
    let phase3 = &targets[commit_index(&json, "Party phase 3 (enforce)")];
    let reasons = phase3["reasons"].as_array().unwrap();
    assert!(reasons
        .iter()
        .any(|r| r["object"] == "public.Party.type" && r["message"].as_str().unwrap().contains("renamed to kind?")));
}

fn judgement<'a>(json: &'a Value, file_end: &str) -> &'a Value {
    let undo = json["undo"].as_array().unwrap();
    assert_eq!(undo.len(), 1);
    assert_eq!(undo[0]["migration"], PHASE4);
    undo[0]["backups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["file"].as_str().unwrap().ends_with(file_end))
        .unwrap_or_else(|| panic!("no backup {file_end}"))
}

#[test]
fn backups_get_their_verdicts_for_phase4() {
    if scene().is_none() {
        return;
    }
    let json = posture_json(&[]);
    let s = scene().unwrap();
    let valid = judgement(&json, "before-phase4.sql");
    assert_eq!(valid["verdict"], "valid", "{valid:#}");
    assert_eq!(valid["file"].as_str().unwrap(), s.backups().join("2025-07-13-before-phase4.sql").display().to_string());
    let last_before = &json["code_targets"][commit_index(&json, "Party phase 3: stop writing")];
    assert_eq!(valid["deploy_commit"], last_before["sha"]);
    assert_eq!(valid["rerun_migrations"], serde_json::json!([PHASE4]));
    assert_eq!(valid["data_loss_window"]["from"], "2025-07-13T02:00:00Z");
    assert_eq!(valid["data_loss_window"]["to"], "2025-07-23T10:12:40Z");
    assert_eq!(valid["data_loss_window"]["length"], "10 days 8 h");

    let after = judgement(&json, "after-phase4.sql");
    assert_eq!(after["verdict"], "after-the-drop", "{after:#}");

    let older = judgement(&json, "before-phase1.sql");
    assert_eq!(older["verdict"], "older-state", "{older:#}");
    let rerun: Vec<&str> = older["rerun_migrations"].as_array().unwrap().iter().map(|m| m.as_str().unwrap()).collect();
    assert_eq!(rerun.first().copied(), Some("20250609110245_party_phase1_add_party"));
    assert_eq!(rerun.last().copied(), Some(PHASE4));
    assert_eq!(rerun.len(), 4);

    let schema_only = judgement(&json, "schema-only.sql");
    assert_eq!(schema_only["verdict"], "no-data", "{schema_only:#}");
    assert!(schema_only["reasons"][0].as_str().unwrap().starts_with("schema only"), "{schema_only:#}");

    let cut = judgement(&json, "cut.sql");
    assert_eq!(cut["verdict"], "incomplete", "{cut:#}");
    let kinds: Vec<&str> = cut["problems"].as_array().unwrap().iter().map(|p| p["kind"].as_str().unwrap()).collect();
    assert!(kinds.contains(&"copy-unterminated") && kinds.contains(&"no-dump-complete"), "{kinds:?}");
    assert!(cut["problems"].as_array().unwrap().iter().all(|p| p["offset"].is_u64()));

    let drifted = judgement(&json, "hotfix-drifted.sql");
    assert_eq!(drifted["verdict"], "drifted", "{drifted:#}");
    assert_eq!(drifted["drift"]["closest"]["after"], "20250623140512_party_phase3_constraints");
    let differences = drifted["drift"]["differences"].as_array().unwrap();
    assert_eq!(differences[0], "+ column public.Tenant.billingEmail", "{differences:?}");
    assert!(differences
        .iter()
        .all(|d| d.as_str().unwrap().contains("Tenant") || d.as_str().unwrap().starts_with("    ")));

    // The recovery table names the valid backup and the app-level rollback range.
    let recovery = json["recovery"].as_array().unwrap();
    let phase4_sha = json["code_targets"][commit_index(&json, "Party phase 4")]["sha"].as_str().unwrap();
    assert!(
        recovery
            .iter()
            .any(|r| r["can_roll_back"] == "yes" && r["strategy"].as_str().unwrap().contains(&phase4_sha[..7])),
        "{recovery:#?}"
    );
    assert!(recovery.iter().any(
        |r| r["can_roll_back"] == "no" && r["strategy"].as_str().unwrap().contains("2025-07-13-before-phase4.sql")
    ));
}

#[test]
fn without_a_repository_posture_still_works_and_says_why() {
    if scene().is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("migrations");
    let out = Command::new("cp")
        .arg("-R")
        .arg(root().join("samples/party-migration/prisma/migrations"))
        .arg(&copy)
        .output()
        .unwrap();
    assert!(out.status.success());
    let (code, out, err) = run(&[&"posture", &copy, &"--format", &"json"], &[]);
    assert_eq!(code, 0, "{err}");
    let json: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["code_targets"], serde_json::json!([]));
    assert!(json["code_targets_note"].as_str().unwrap().contains("no git repository"), "{json:#}");
    assert_eq!(json["points_of_no_return"][0]["commit"], Value::Null);
    assert_eq!(json["undo"][0]["backups"], serde_json::json!([]));
}

#[test]
fn a_bundle_is_read_like_the_repository() {
    if scene().is_none() {
        return;
    }
    let s = scene().unwrap();
    let with_repo = posture_json(&[]);
    // A sample-like folder: the migrations and the bundle, no .git.
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("sample");
    std::fs::create_dir_all(project.join("prisma")).unwrap();
    let out = Command::new("cp").arg("-R").arg(s.source()).arg(project.join("prisma/migrations")).output().unwrap();
    assert!(out.status.success());
    std::fs::copy(s.bundle(), project.join("app-history.bundle")).unwrap();
    let (code, out, err) = run(&[&"posture", &project, &"--format", &"json"], &[]);
    assert_eq!(code, 0, "{err}");
    let json: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["code_targets"], with_repo["code_targets"]);
    assert!(json["repository"].as_str().unwrap().ends_with("app-history.bundle"));
    // And named with --repo.
    let bundle = s.bundle();
    let (code, out, err) = run(&[&"posture", &project, &"--repo", &bundle, &"--format", &"json"], &[]);
    assert_eq!(code, 0, "{err}");
    let json: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["code_targets"], with_repo["code_targets"]);
}

#[test]
fn the_current_state_from_a_dump_or_applied() {
    if scene().is_none() {
        return;
    }
    let s = scene().unwrap();
    let before4 = s.backups().join("2025-07-13-before-phase4.sql");
    let json = posture_json(&[&"--current", &before4]);
    assert_eq!(json["current"]["state"]["after"], "20250623140512_party_phase3_constraints");
    assert_eq!(json["current"]["time"], "2025-07-13T02:00:00Z");
    assert_eq!(json["undo"], serde_json::json!([]), "Phase 4 is not applied");
    let phase3 = commit_index(&json, "Party phase 3 (enforce)");
    assert_eq!(json["code_targets"][phase3]["verdict"], "compatible");
    let phase4 = commit_index(&json, "Party phase 4");
    assert_eq!(json["code_targets"][phase4]["verdict"], "incompatible");
    let applied = posture_json(&[&"--applied", &"20250623140512"]);
    assert_eq!(applied["current"]["state"], json["current"]["state"]);
    assert_eq!(applied["code_targets"][phase3]["verdict"], "compatible");

    let drifted = s.backups().join("2025-07-12-hotfix-drifted.sql");
    let source = s.source();
    let (code, out, err) = run(&[&"posture", &source, &"--current", &drifted, &"--format", &"json"], &[]);
    assert_eq!(code, 1, "a drifted current state exits 1: {err}");
    let json: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["current"]["state"], Value::Null);
    assert_eq!(json["current"]["drift"]["closest"]["after"], "20250623140512_party_phase3_constraints");
}

/// The temp dir and the byte offsets in the cut dump (pg_dump's output length varies
/// with the database name and its `\restrict` key) made stable.
fn redact(text: &str) -> String {
    let s = scene().unwrap();
    let mut text = text.replace(&s.dir.path().display().to_string(), "[TMP]");
    for marker in ["at byte ", "\"offset\": ", "line "] {
        let mut out = String::new();
        let mut rest = text.as_str();
        while let Some(i) = rest.find(marker) {
            out.push_str(&rest[..i + marker.len()]);
            rest = &rest[i + marker.len()..];
            let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            if digits > 0 {
                out.push_str("[N]");
                rest = &rest[digits..];
            }
        }
        out.push_str(rest);
        text = out;
    }
    text
}

#[test]
fn every_format_is_deterministic_and_snapshotted() {
    if scene().is_none() {
        return;
    }
    let s = scene().unwrap();
    let (source, backups) = (s.source(), s.backups());
    for format in ["text", "json", "markdown"] {
        let args: [&dyn AsRef<std::ffi::OsStr>; 6] =
            [&"posture", &source, &"--backups", &backups, &"--format", &format];
        let (code, one, err) = run(&args, &[("RAYON_NUM_THREADS", "1")]);
        assert_eq!(code, 0, "{err}");
        let (_, two, _) = run(&args, &[("RAYON_NUM_THREADS", "2")]);
        assert_eq!(one, two, "{format} differs across thread counts");
        insta::assert_snapshot!(format!("posture_{format}"), redact(&one));
    }
    let out = s.dir.path().join("posture.md");
    let (code, stdout, err) =
        run(&[&"posture", &source, &"--backups", &backups, &"--format", &"markdown", &"-o", &out], &[]);
    assert_eq!((code, stdout.as_str()), (0, ""), "{err}");
    assert!(std::fs::read_to_string(&out).unwrap().starts_with("## Rollback posture"));
}

#[test]
fn the_json_schema_is_published_and_the_output_validates() {
    let published = root().join("docs/posture.schema.json");
    let generated = rollcheck::report::posture::json_schema();
    if std::env::var_os("ROLLCHECK_BLESS").is_some() {
        std::fs::write(&published, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&published).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/posture.schema.json is stale: run `ROLLCHECK_BLESS=1 cargo test --test posture`"
    );
    if scene().is_none() {
        return;
    }
    let schema: Value = serde_json::from_str(&generated).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let json = posture_json(&[]);
    let errors: Vec<String> = validator.iter_errors(&json).map(|e| format!("{e} at {}", e.instance_path)).collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

#[test]
fn unreadable_backups_are_judged_not_fatal_and_archives_like_plain_dumps() {
    if scene().is_none() {
        return;
    }
    let s = scene().unwrap();
    let pg = support::server().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let db = database_at(pg, "custom", 2);
    let custom = dir.path().join("custom.dump");
    std::fs::write(&custom, db.pg_dump(&["-Fc"])).unwrap();
    let plain = dir.path().join("plain.sql");
    std::fs::write(&plain, db.pg_dump(&[])).unwrap();
    let garbage = dir.path().join("garbage.sql");
    std::fs::write(&garbage, [0xffu8, 0xfe, 0x00, 0x01, 0x80, b'\n'].repeat(100)).unwrap();
    let missing = dir.path().join("missing.sql");
    let source = s.source();
    let (code, out, err) =
        run(&[&"posture", &source, &"--backups", &custom, &plain, &garbage, &missing, &"--format", &"json"], &[]);
    assert_eq!(code, 0, "{err}");
    let json: Value = serde_json::from_str(&out).unwrap();
    let backups = json["undo"][0]["backups"].as_array().unwrap();
    assert_eq!(backups.len(), 4);
    let verdict = |name: &str| judgement(&json, name)["verdict"].as_str().unwrap().to_owned();
    assert_eq!(verdict("garbage.sql"), "unreadable");
    assert_eq!(verdict("missing.sql"), "unreadable");
    assert_ne!(verdict("custom.dump"), "unreadable");
    assert_eq!(verdict("custom.dump"), verdict("plain.sql"), "{json:#}");
    assert_eq!(judgement(&json, "custom.dump")["state"], judgement(&json, "plain.sql")["state"]);
}
