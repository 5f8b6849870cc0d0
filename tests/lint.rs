//! `rollcheck lint` end to end: the bundled sample's two histories give exactly the findings the seed
//! document and the sample README promise; the exit statuses, `--fail-on`, `rollcheck.toml` and inline
//! suppressions behave as documented; the JSON output validates against the published JSON Schema
//! (`docs/lint.schema.json`, regenerated with `ROLLCHECK_BLESS=1`) and the SARIF output against the
//! official SARIF 2.1.0 schema; every format is byte-identical across thread counts.

mod binary;

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::Duration;

use binary::{head, Run};

const TIMEOUT: Duration = Duration::from_secs(30);

/// The 18 legacy columns over 9 tables that Phase 4 drops (the seed document's list).
const PHASE4_DROPPED: &[&str] = &[
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

const PHASE4: &str = "20250714091938_party_phase4_drop_legacy_columns";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn history_a() -> PathBuf {
    root().join("samples/party-migration")
}

fn history_b() -> PathBuf {
    root().join("samples/party-migration/history-b")
}

fn rollcheck(args: &[&dyn AsRef<std::ffi::OsStr>], envs: &[(&str, &str)]) -> Run {
    let args: Vec<OsString> = args.iter().map(|a| a.as_ref().to_owned()).collect();
    binary::checked(args, envs, TIMEOUT)
}

fn lint_json(source: &Path, extra: &[&str]) -> (i32, serde_json::Value) {
    let mut args: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![&"lint", &source, &"--format", &"json"];
    args.extend(extra.iter().map(|a| a as &dyn AsRef<std::ffi::OsStr>));
    let run = rollcheck(&args, &[]);
    let value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\nstderr:\n{}", head(&run.stdout), run.stderr));
    (run.code(), value)
}

fn findings(report: &serde_json::Value) -> &Vec<serde_json::Value> {
    report["findings"].as_array().expect("findings is an array")
}

fn str_of<'a>(f: &'a serde_json::Value, key: &str) -> &'a str {
    f[key].as_str().unwrap_or_else(|| panic!("finding without string `{key}`: {f}"))
}

fn objects(f: &serde_json::Value) -> Vec<String> {
    f["objects"].as_array().expect("objects").iter().map(|o| o.as_str().unwrap().to_owned()).collect()
}

// -------------------------------------------------------------------------------------------------
// The sample
// -------------------------------------------------------------------------------------------------

#[test]
fn history_a_reports_exactly_the_phase4_drops_as_data_loss_and_the_rename_as_breaking() {
    let (code, report) = lint_json(&history_a(), &[]);
    assert_eq!(code, 1, "data-loss findings exit 1 by default");
    let all = findings(&report);

    let data_loss: Vec<&serde_json::Value> = all.iter().filter(|f| str_of(f, "category") == "data-loss").collect();
    let dropped: BTreeSet<String> = data_loss.iter().flat_map(|f| objects(f)).collect();
    let expected: BTreeSet<String> = PHASE4_DROPPED.iter().map(|s| s.to_string()).collect();
    assert_eq!(dropped, expected, "data-loss objects");
    assert_eq!(data_loss.len(), 18, "one finding per dropped column");
    for f in &data_loss {
        assert_eq!(str_of(f, "name"), "drop-column");
        assert_eq!(str_of(f, "migration"), PHASE4, "only Phase 4 destroys data: {f}");
    }

    let rename: Vec<&serde_json::Value> =
        all.iter().filter(|f| objects(f).contains(&"public.Party.type".to_owned())).collect();
    assert_eq!(rename.len(), 1, "Party.type appears in exactly one finding: {rename:?}");
    assert_eq!(str_of(rename[0], "category"), "breaks-old-code");
    assert_eq!(str_of(rename[0], "name"), "rename-column");
    assert_eq!(objects(rename[0]), vec!["public.Party.type", "public.Party.kind"]);
}

#[test]
fn history_b_reports_the_rename_done_as_drop_and_add_and_both_down_traps() {
    let (code, report) = lint_json(&history_b(), &[]);
    assert_eq!(code, 1);
    let all = findings(&report);
    let named = |name: &str| -> Vec<&serde_json::Value> { all.iter().filter(|f| str_of(f, "name") == name).collect() };

    let disguised = named("rename-as-drop-add");
    assert_eq!(disguised.len(), 1, "{disguised:?}");
    // What it destroys is the old column; the new one is named in the message.
    assert_eq!(objects(disguised[0]), vec!["public.Party.type"]);
    assert!(str_of(disguised[0], "message").contains("public.Party.kind"));
    assert_eq!(str_of(disguised[0], "category"), "data-loss");
    assert_eq!(str_of(disguised[0], "migration"), "20250701103000_party_type_to_kind");

    let drops: BTreeSet<String> = named("drop-column").iter().flat_map(|f| objects(f)).collect();
    assert_eq!(drops, BTreeSet::from(["public.Organization.website".to_owned(), "public.Party.type".to_owned()]));

    let no_data: Vec<(String, Vec<String>)> =
        named("down-does-not-restore-data").iter().map(|f| (str_of(f, "migration").to_owned(), objects(f))).collect();
    assert_eq!(
        no_data,
        vec![
            ("20250701103000_party_type_to_kind".to_owned(), vec!["public.Party.type".to_owned()]),
            ("20250708150000_drop_organization_website".to_owned(), vec!["public.Organization.website".to_owned()]),
        ]
    );
    for f in named("down-does-not-restore-data") {
        assert!(str_of(f, "file").ends_with("down.sql"), "points at the down script: {f}");
    }

    let schema = named("down-does-not-restore-schema");
    assert_eq!(schema.len(), 2);
    let website = schema.iter().find(|f| str_of(f, "migration").contains("website")).expect("website down finding");
    let detail = str_of(website, "detail");
    assert!(
        detail.contains("+ index public.Organization_tenantId_name_idx"),
        "the left-over index is named:\n{detail}"
    );
    assert!(objects(website).contains(&"public.Organization_tenantId_name_idx".to_owned()));
}

#[test]
fn comments_are_not_evidence() {
    // Phase 4 of history A carries Prisma's "You are about to drop the column `type`" warning above a RENAME;
    // history B carries the same warning above a real DROP + ADD. Only the SQL decides.
    let phase4 = history_a().join("prisma/migrations").join(PHASE4).join("migration.sql");
    let text = std::fs::read_to_string(&phase4).unwrap();
    assert!(
        text.contains("You are about to drop the column `type` on the `Party` table"),
        "the stale warning is there"
    );
    let (_, report) = lint_json(&history_a(), &[]);
    assert!(!findings(&report)
        .iter()
        .any(|f| str_of(f, "category") == "data-loss" && objects(f).iter().any(|o| o.starts_with("public.Party."))));
}

// -------------------------------------------------------------------------------------------------
// Exit statuses, --fail-on, configuration, suppression
// -------------------------------------------------------------------------------------------------

#[test]
fn fail_on_sets_the_threshold() {
    let phase3 = ["--format", "json"];
    let clean_prefix = history_a().join("prisma/migrations");
    // Up to Phase 3 there are breaking changes and lock risks but no data loss.
    let tmp = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(&clean_prefix).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if name.to_string_lossy().as_ref() != PHASE4 {
            symlink(&entry.path(), &tmp.path().join(&name));
        }
    }
    let source = tmp.path().to_owned();
    let code =
        |fail_on: &str| rollcheck(&[&"lint", &source, &phase3[0], &phase3[1], &"--fail-on", &fail_on], &[]).code();
    assert_eq!(code("data-loss"), 0);
    assert_eq!(code("error"), 0);
    assert_eq!(code("breaks-old-code"), 1);
    assert_eq!(code("note"), 1);
    assert_eq!(code("never"), 0);
    let bad = rollcheck(&[&"lint", &source, &"--fail-on", &"sometimes"], &[]);
    assert_eq!(bad.code(), 2);
    assert!(bad.stderr.contains("--fail-on `sometimes`"), "{}", bad.stderr);
}

#[cfg(unix)]
fn symlink(from: &Path, to: &Path) {
    std::os::unix::fs::symlink(from, to).unwrap();
}

/// A folder with one migration that drops a column, and a config next to it.
fn drop_column_source(migration: &str, config: Option<&str>) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("1_init.sql"), "CREATE TABLE contact (id int PRIMARY KEY, fax text, email text);\n")
        .unwrap();
    std::fs::write(tmp.path().join("2_drop.sql"), migration).unwrap();
    if let Some(config) = config {
        std::fs::write(tmp.path().join("rollcheck.toml"), config).unwrap();
    }
    tmp
}

#[test]
fn rollcheck_toml_sets_levels_and_ignores_paths() {
    let sql = "ALTER TABLE contact DROP COLUMN fax;\n";
    let plain = drop_column_source(sql, None);
    assert_eq!(rollcheck(&[&"lint", &plain.path()], &[]).code(), 1);

    let lowered = drop_column_source(sql, Some("[rules]\ndrop-column = \"warning\"\n"));
    let run = rollcheck(&[&"lint", &lowered.path(), &"--format", &"json"], &[]);
    assert_eq!(run.code(), 0, "a warning is below the default threshold\n{}", run.stdout);
    assert!(run.stdout.contains("\"level\": \"warning\""));

    let off = drop_column_source(sql, Some("[rules]\nRC102 = \"off\"\n"));
    let (code, report) = lint_json(off.path(), &[]);
    assert_eq!((code, findings(&report).len(), report["suppressed"].as_u64()), (0, 0, Some(1)));

    let ignored = drop_column_source(sql, Some("[ignore]\npaths = [\"2_*.sql\"]\n"));
    let (code, report) = lint_json(ignored.path(), &[]);
    assert_eq!((code, findings(&report).len()), (0, 0));

    let fail_on = drop_column_source(sql, Some("fail-on = \"never\"\n"));
    assert_eq!(rollcheck(&[&"lint", &fail_on.path()], &[]).code(), 0);

    let unknown = drop_column_source(sql, Some("[rules]\nno-such-rule = \"off\"\n"));
    let run = rollcheck(&[&"lint", &unknown.path()], &[]);
    assert_eq!(run.code(), 2);
    assert!(run.stderr.contains("rollcheck.toml:2: unknown rule `no-such-rule`"), "{}", run.stderr);

    let no_config = rollcheck(&[&"lint", &off.path(), &"--no-config"], &[]);
    assert_eq!(no_config.code(), 1, "--no-config ignores the file");
}

#[test]
fn an_inline_suppression_needs_a_reason() {
    let with_reason = drop_column_source(
        "-- rollcheck:allow drop-column fax was never written (checked in the logs)\nALTER TABLE contact DROP COLUMN fax;\nALTER TABLE contact DROP COLUMN email;\n",
        None,
    );
    let (code, report) = lint_json(with_reason.path(), &[]);
    assert_eq!(code, 1, "the second drop is not covered by the comment");
    let objects: Vec<Vec<String>> = findings(&report).iter().map(objects).collect();
    assert_eq!(objects, vec![vec!["public.contact.email".to_owned()]]);
    assert_eq!(report["suppressed"], 1);

    let without = drop_column_source("-- rollcheck:allow drop-column\nALTER TABLE contact DROP COLUMN fax;\n", None);
    let (_, report) = lint_json(without.path(), &[]);
    let names: Vec<&str> = findings(&report).iter().map(|f| str_of(f, "name")).collect();
    assert_eq!(names, vec!["drop-column", "suppression-without-reason"], "suppresses nothing and is reported");
    let reason = &findings(&report)[1];
    assert_eq!((reason["line"].as_u64(), str_of(reason, "category")), (Some(1), "unknown"));
}

#[test]
fn usage_and_input_errors_exit_2() {
    let missing = rollcheck(&[&"lint", &"/nonexistent/migrations"], &[]);
    assert_eq!(missing.code(), 2);
    assert!(missing.stderr.contains("/nonexistent/migrations"), "{}", missing.stderr);
    let empty = tempfile::tempdir().unwrap();
    std::fs::write(empty.path().join("1.sql"), "-- nothing\n").unwrap();
    assert_eq!(rollcheck(&[&"lint", &empty.path()], &[]).code(), 2);
    assert_eq!(rollcheck(&[&"rules", &"RC999"], &[]).code(), 2);
}

#[test]
fn rules_lists_and_explains() {
    let list = rollcheck(&[&"rules"], &[]);
    assert_eq!(list.code(), 0);
    assert!(list
        .stdout
        .lines()
        .any(|l| l.starts_with("RC102") && l.contains("drop-column") && l.contains("data-loss")));
    let one = rollcheck(&[&"rules", &"rename-as-drop-add"], &[]);
    assert_eq!(one.code(), 0);
    for section in
        ["## What it detects", "## Why it matters for rollback", "## Example", "## How to make it reversible"]
    {
        assert!(one.stdout.contains(section), "{section} missing:\n{}", one.stdout);
    }
    assert_eq!(rollcheck(&[&"rules", &"rc112"], &[]).stdout, one.stdout, "codes are case-insensitive");
}

// -------------------------------------------------------------------------------------------------
// Output formats
// -------------------------------------------------------------------------------------------------

fn validator(schema: &serde_json::Value) -> jsonschema::Validator {
    jsonschema::validator_for(schema).unwrap_or_else(|e| panic!("invalid schema: {e}"))
}

fn assert_valid(validator: &jsonschema::Validator, instance: &serde_json::Value, what: &str) {
    let errors: Vec<String> =
        validator.iter_errors(instance).map(|e| format!("{} at {}", e, e.instance_path)).collect();
    assert!(errors.is_empty(), "{what} does not validate:\n{}", errors.join("\n"));
}

#[test]
fn json_output_validates_against_the_published_schema() {
    let published = root().join("docs/lint.schema.json");
    let generated = rollcheck::report::lint::json_schema();
    if std::env::var_os("ROLLCHECK_BLESS").is_some() {
        std::fs::write(&published, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&published).unwrap_or_default();
    assert!(committed == generated, "docs/lint.schema.json is stale: run `ROLLCHECK_BLESS=1 cargo test --test lint`");
    let schema: serde_json::Value = serde_json::from_str(&generated).unwrap();
    let validator = validator(&schema);
    for source in [history_a(), history_b()] {
        let (_, report) = lint_json(&source, &[]);
        assert_valid(&validator, &report, &format!("lint JSON of {}", source.display()));
        for key in ["code", "name", "category", "migration", "file", "line", "column", "objects", "message"] {
            assert!(findings(&report).iter().all(|f| !f[key].is_null()), "every finding has `{key}`");
        }
    }
    // The schema is not vacuous: a finding with an unknown category is rejected.
    let (_, mut report) = lint_json(&history_a(), &[]);
    report["findings"][0]["category"] = "catastrophe".into();
    assert!(!validator.is_valid(&report), "an unknown category must not validate");
}

#[test]
fn sarif_output_validates_against_the_sarif_2_1_0_schema() {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/fixtures/schemas/sarif-schema-2.1.0.json")).unwrap(),
    )
    .unwrap();
    let validator = validator(&schema);
    let run = rollcheck(&[&"lint", &history_b(), &"--format", &"sarif"], &[]);
    assert_eq!(run.code(), 1);
    let sarif: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_valid(&validator, &sarif, "SARIF");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(!results.is_empty());
    let fingerprints: BTreeSet<&str> =
        results.iter().map(|r| r["partialFingerprints"]["rollcheck/statement/v1"].as_str().unwrap()).collect();
    assert_eq!(fingerprints.len(), results.len(), "each result has its own fingerprint");
}

#[test]
fn sarif_fingerprints_survive_line_shifts() {
    let tmp = drop_column_source("", None);
    let fingerprints = |prefix: &str| -> Vec<(String, String)> {
        std::fs::write(tmp.path().join("2_drop.sql"), format!("{prefix}ALTER TABLE contact DROP COLUMN fax;\n"))
            .unwrap();
        let run = rollcheck(&[&"lint", &tmp.path(), &"--format", &"sarif"], &[]);
        let sarif: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        sarif["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["partialFingerprints"]["rollcheck/statement/v1"].as_str().unwrap().to_owned(),
                    r["locations"][0]["physicalLocation"]["region"]["startLine"].to_string(),
                )
            })
            .collect()
    };
    let before = fingerprints("");
    let after = fingerprints("-- a comment\n\n\n");
    assert_eq!(before.len(), 1);
    assert_ne!(before[0].1, after[0].1, "the line moved");
    assert_eq!(before[0].0, after[0].0, "the fingerprint did not");
}

#[test]
fn github_format_annotates_and_writes_the_step_summary() {
    let tmp = tempfile::tempdir().unwrap();
    let summary = tmp.path().join("summary.md");
    let run = rollcheck(
        &[&"lint", &history_b(), &"--format", &"github"],
        &[("GITHUB_STEP_SUMMARY", summary.to_str().unwrap())],
    );
    assert_eq!(run.code(), 1);
    let first = run.stdout.lines().find(|l| l.starts_with("::error ")).expect("an error annotation");
    assert!(first.contains("file=") && first.contains(",line=") && first.contains("title=RC"), "{first}");
    let written = std::fs::read_to_string(&summary).expect("the step summary was written");
    assert!(written.starts_with("## rollcheck lint"));
    assert!(written.contains("| error | data-loss | `RC112` rename-as-drop-add |"), "{written}");
}

fn redact(text: &str) -> String {
    text.replace(env!("CARGO_MANIFEST_DIR"), "[ROOT]")
}

#[test]
fn text_markdown_and_github_snapshots() {
    let b = history_b();
    let text = rollcheck(&[&"lint", &b, &"--color", &"never"], &[]);
    insta::assert_snapshot!("lint_text_history_b", redact(&text.stdout));
    let markdown = rollcheck(&[&"lint", &b, &"--format", &"markdown"], &[]);
    insta::assert_snapshot!("lint_markdown_history_b", redact(&markdown.stdout));
    let github = rollcheck(&[&"lint", &b, &"--format", &"github"], &[("GITHUB_STEP_SUMMARY", "")]);
    insta::assert_snapshot!("lint_github_history_b", redact(&github.stdout));
}

#[test]
fn colour_follows_the_flag_and_the_environment() {
    let b = history_b();
    let has_escape = |run: &Run| run.stdout.contains('\u{1b}');
    assert!(!has_escape(&rollcheck(&[&"lint", &b], &[])), "not a terminal: no colour");
    assert!(has_escape(&rollcheck(&[&"lint", &b, &"--color", &"always"], &[])));
    assert!(has_escape(&rollcheck(&[&"lint", &b], &[("CLICOLOR_FORCE", "1")])));
    assert!(!has_escape(&rollcheck(&[&"lint", &b], &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")])));
    assert!(!has_escape(&rollcheck(&[&"lint", &b, &"--color", &"never"], &[("CLICOLOR_FORCE", "1")])));
}

#[test]
fn output_is_identical_across_thread_counts() {
    for format in ["text", "json", "sarif", "markdown", "github"] {
        let outputs: Vec<String> = ["1", "2", "8"]
            .iter()
            .map(|threads| {
                rollcheck(
                    &[&"lint", &history_b(), &"--format", &format],
                    &[("RAYON_NUM_THREADS", threads), ("GITHUB_STEP_SUMMARY", "")],
                )
                .stdout
            })
            .collect();
        assert!(outputs.windows(2).all(|w| w[0] == w[1]), "{format} output differs across thread counts");
    }
}
