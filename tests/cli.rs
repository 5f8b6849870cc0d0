//! The `rollcheck` binary as a new user meets it: every output format of `schema`, `diff` and `graph` over
//! the bundled sample (snapshotted), the exit statuses of `diff`, the errors for unknown migrations and
//! missing paths, `graph --impact`, and a plain folder of `.sql` files replayed in natural order.
//!
//! Snapshots live in `tests/snapshots/cli__*.snap`. Absolute paths are redacted to `[ROOT]` (the crate
//! root) or `[TMP]` (a test's temporary directory), the crate version to `[VERSION]`.
//!
//! No PostgreSQL server is used here.

mod binary;

use binary::{head, Run};

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::Duration;

const TIMEOUT: Duration = Duration::from_secs(20);

const INIT: &str = "20250114093012_init";
const PHASE3: &str = "20250623140512_party_phase3_constraints";

/// Every migration of the sample, in the order Prisma applies them.
const MIGRATIONS: [&str; 8] = [
    "20250114093012_init",
    "20250211154420_add_invoicing",
    "20250318101533_add_contracts",
    "20250407142210_waitlist_deposits",
    "20250609110245_party_phase1_add_party",
    "20250616083017_party_phase2_backfill",
    "20250623140512_party_phase3_constraints",
    "20250714091938_party_phase4_drop_legacy_columns",
];

/// The foreign keys that reference `Contact` until Phase 4 drops them, as (table, constraint).
const CONTACT_FKS: [(&str, &str); 9] = [
    ("Animal", "Animal_buyerContactId_fkey"),
    ("AnimalOwner", "AnimalOwner_contactId_fkey"),
    ("BreedingAttempt", "BreedingAttempt_studOwnerContactId_fkey"),
    ("ContractParty", "ContractParty_contactId_fkey"),
    ("Invoice", "Invoice_contactId_fkey"),
    ("Offspring", "Offspring_buyerContactId_fkey"),
    ("OffspringContract", "OffspringContract_buyerContactId_fkey"),
    ("User", "User_contactId_fkey"),
    ("WaitlistEntry", "WaitlistEntry_contactId_fkey"),
];

// ---------------------------------------------------------------------------------------------------------
// Running the binary
// ---------------------------------------------------------------------------------------------------------

/// Test-file-specific checks on the shared run type.
trait ExpectCode {
    fn expect_code(&self, want: i32) -> &Self;
}

impl ExpectCode for Run {
    fn expect_code(&self, want: i32) -> &Self {
        assert_eq!(
            self.code(),
            want,
            "rollcheck {:?}: exit status\nstdout:\n{}\nstderr:\n{}",
            self.args,
            head(&self.stdout),
            self.stderr
        );
        self
    }
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn sample() -> PathBuf {
    root().join("samples/party-migration")
}

/// Runs the binary under the watchdog (kill after [`TIMEOUT`], then fail): no panic, no signal, exit 0..=2.
fn rollcheck<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: Into<OsString>,
{
    binary::checked(args.into_iter().map(Into::into).collect(), &[], TIMEOUT)
}

fn redact(s: &str) -> String {
    s.replace(env!("CARGO_MANIFEST_DIR"), "[ROOT]").replace(env!("CARGO_PKG_VERSION"), "[VERSION]")
}

fn redact_tmp(s: &str, tmp: &Path) -> String {
    redact(&s.replace(&tmp.display().to_string(), "[TMP]"))
}

fn s(p: &Path) -> OsString {
    p.as_os_str().to_owned()
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", head(text)))
}

/// Names of the objects in `schema --format json` output.
fn object_names(schema_json: &str) -> Vec<String> {
    json(schema_json)["objects"]
        .as_array()
        .expect("objects array")
        .iter()
        .map(|o| o["name"].as_str().expect("object name").to_owned())
        .collect()
}

/// The standard note for the sample's Phase 2 (DML only) on stderr, and nothing else.
fn assert_only_sample_note(run: &Run) {
    assert_eq!(
        run.stderr,
        "note: 20 statements do not change the schema model (data changes, ownership, privileges, settings)\n",
        "stderr of rollcheck {:?}",
        run.args
    );
}

// ---------------------------------------------------------------------------------------------------------
// Snapshots of every format over the bundled sample
// ---------------------------------------------------------------------------------------------------------

/// The snapshot is the correct canonical DDL, checked against PostgreSQL 15 (applied to an empty database,
/// `pg_dump --schema-only` equals the dump of the eight migrations applied in order). It differs from
/// what the binary prints today in two ways, both bugs: column names in PRIMARY KEY / UNIQUE / FOREIGN KEY
/// lists must be quoted like everywhere else (`FOREIGN KEY ("breedId")`, not `FOREIGN KEY (breedId)`),
/// and foreign keys must come after the keys and indexes they reference (pg_dump's order), or the script
/// does not apply.
#[test]
fn schema_sql_snapshot() {
    let run = rollcheck(["schema".into(), s(&sample())]);
    run.expect_code(0);
    assert_only_sample_note(&run);
    insta::assert_snapshot!("schema_sql", redact(&run.stdout));
}

/// Correct output: as printed today, except that the `definition` of key constraints quotes mixed-case
/// column names (`FOREIGN KEY (\"breedId\") REFERENCES public.\"Breed\"(id) ...`), as the CHECK
/// definitions already do.
#[test]
fn schema_json_snapshot() {
    let run = rollcheck(["schema".into(), s(&sample()), "--format".into(), "json".into()]);
    run.expect_code(0);
    assert_only_sample_note(&run);
    insta::assert_snapshot!("schema_json", redact(&run.stdout));
}

#[test]
fn schema_default_format_is_sql() {
    let default = rollcheck(["schema".into(), s(&sample())]);
    let sql = rollcheck(["schema".into(), s(&sample()), "--format".into(), "sql".into()]);
    default.expect_code(0);
    sql.expect_code(0);
    assert_eq!(default.stdout, sql.stdout);
    assert!(sql.stdout.contains("CREATE TABLE public.\"Party\" (\n"), "{}", head(&sql.stdout));
}

/// Phase 3 against the full sample: exactly what Phase 4 does. 19 columns go (the 18 legacy ones and
/// `Party.type`), 16 foreign keys and 17 indexes go, `Party.kind` and its index come.
#[test]
fn diff_text_snapshot() {
    let run = rollcheck([
        "diff".into(),
        s(&sample()),
        s(&sample()),
        "--at-a".into(),
        PHASE3.into(),
        "--format".into(),
        "text".into(),
    ]);
    run.expect_code(1);
    insta::assert_snapshot!("diff_text_phase3_vs_full", redact(&run.stdout));
}

#[test]
fn diff_json_snapshot() {
    let run = rollcheck([
        "diff".into(),
        s(&sample()),
        s(&sample()),
        "--at-a".into(),
        PHASE3.into(),
        "--format".into(),
        "json".into(),
    ]);
    run.expect_code(1);
    let v = json(&run.stdout);
    assert_eq!(v["equal"], false);
    assert_eq!(v["added"].as_array().unwrap().len(), 2);
    assert_eq!(v["removed"].as_array().unwrap().len(), 52);
    assert_eq!(v["changed"].as_array().unwrap().len(), 10);
    insta::assert_snapshot!("diff_json_phase3_vs_full", redact(&run.stdout));
}

#[test]
fn graph_dot_snapshot() {
    let run = rollcheck(["graph".into(), s(&sample()), "--format".into(), "dot".into()]);
    run.expect_code(0);
    assert_only_sample_note(&run);
    assert!(run.stdout.starts_with("digraph schema {\n") && run.stdout.ends_with("}\n"), "{}", head(&run.stdout));
    insta::assert_snapshot!("graph_dot", redact(&run.stdout));
}

#[test]
fn graph_default_format_is_dot() {
    let default = rollcheck(["graph".into(), s(&sample())]);
    let dot = rollcheck(["graph".into(), s(&sample()), "--format".into(), "dot".into()]);
    assert_eq!(default.stdout, dot.stdout);
}

#[test]
fn graph_mermaid_snapshot() {
    let run = rollcheck(["graph".into(), s(&sample()), "--format".into(), "mermaid".into()]);
    run.expect_code(0);
    assert_only_sample_note(&run);
    assert!(run.stdout.starts_with("flowchart LR\n"), "{}", head(&run.stdout));
    insta::assert_snapshot!("graph_mermaid", redact(&run.stdout));
}

/// No snapshot is accepted for this one: node ids are not unique (see `graph_json_node_ids_are_unique`),
/// so the output is wrong today and there is no single correct text to write down by hand.
#[test]
fn graph_json_snapshot() {
    let run = rollcheck(["graph".into(), s(&sample()), "--format".into(), "json".into()]);
    run.expect_code(0);
    assert_only_sample_note(&run);
    insta::assert_snapshot!("graph_json", redact(&run.stdout));
}

/// A JSON graph is nodes and edges between node ids: an id must name one node.
#[test]
fn graph_json_node_ids_are_unique() {
    let run = rollcheck(["graph".into(), s(&sample()), "--format".into(), "json".into()]);
    run.expect_code(0);
    let v = json(&run.stdout);
    let mut seen = std::collections::BTreeMap::new();
    for n in v["nodes"].as_array().unwrap() {
        let id = n["id"].as_str().unwrap().to_owned();
        let kind = n["kind"].as_str().unwrap().to_owned();
        if let Some(other) = seen.insert(id.clone(), kind.clone()) {
            panic!("node id {id:?} is used by a {other} and by a {kind}");
        }
    }
    for e in v["edges"].as_array().unwrap() {
        for end in ["from", "to"] {
            let id = e[end].as_str().unwrap();
            assert!(seen.contains_key(id), "edge {e} names a node that does not exist");
        }
        assert_ne!(e["from"], e["to"], "self-edge {e}");
    }
}

/// The parts of the JSON graph that are right today, checked without a snapshot: a foreign key depends on
/// the referenced column and the referenced key, a column on its enum type, an index on its columns.
#[test]
fn graph_json_has_the_expected_dependencies() {
    let run = rollcheck(["graph".into(), s(&sample()), "--format".into(), "json".into()]);
    run.expect_code(0);
    let v = json(&run.stdout);
    let edges: Vec<(String, String, String)> = v["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["from"].as_str().unwrap().to_owned(),
                e["to"].as_str().unwrap().to_owned(),
                e["kind"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let has = |from: &str, to: &str, kind: &str| {
        assert!(edges.iter().any(|(f, t, k)| f == from && t == to && k == kind), "missing edge {from} -> {to} ({kind})")
    };
    has("public.Animal.Animal_breedId_fkey", "public.Animal.breedId", "auto");
    has("public.Animal.Animal_breedId_fkey", "public.Breed.id", "normal");
    has("public.Animal.Animal_breedId_fkey", "public.Breed.Breed_pkey", "normal");
    has("public.Party.kind", "public.PartyType", "normal");
    has("public.Party_tenantId_kind_idx", "public.Party.kind", "auto");
    has("public.Party.kind", "public.Party", "internal");
    // Phase 4 is replayed: nothing may still point at a dropped legacy column.
    assert!(
        !edges.iter().any(|(f, t, _)| f.contains("ContactId") || t.contains("ContactId")),
        "legacy column left in the graph"
    );
}

// ---------------------------------------------------------------------------------------------------------
// diff: exit statuses
// ---------------------------------------------------------------------------------------------------------

#[test]
fn diff_of_the_sample_with_itself_is_equal_exit_0() {
    let run = rollcheck(["diff".into(), s(&sample()), s(&sample())]);
    run.expect_code(0);
    assert_eq!(run.stdout, "schemas are equal\n");

    let run = rollcheck(["diff".into(), s(&sample()), s(&sample()), "--format".into(), "json".into()]);
    run.expect_code(0);
    let v = json(&run.stdout);
    assert_eq!(v["equal"], true);
    for k in ["added", "removed", "changed"] {
        assert_eq!(v[k].as_array().map(Vec::len), Some(0), "{k}: {}", run.stdout);
    }
}

/// The same history seen through two doors (the project and its migrations folder) is the same schema.
#[test]
fn diff_of_project_and_its_migrations_folder_is_equal() {
    let run = rollcheck(["diff".into(), s(&sample()), s(&sample().join("prisma/migrations"))]);
    run.expect_code(0);
    assert_eq!(run.stdout, "schemas are equal\n");
}

#[test]
fn diff_of_init_against_the_full_sample_differs_exit_1_and_names_the_differences() {
    let run = rollcheck(["diff".into(), s(&sample()), s(&sample()), "--at-a".into(), INIT.into()]);
    run.expect_code(1);
    let lines: Vec<&str> = run.stdout.lines().collect();
    for want in [
        // Legacy columns of init that Phase 4 dropped.
        "- column public.User.contactId",
        "- column public.Animal.buyerContactId",
        "- constraint public.WaitlistEntry.WaitlistEntry_organizationId_fkey",
        "- index public.User_contactId_key",
        // What the later migrations added.
        "+ table public.Party",
        "+ table public.Invoice",
        "+ column public.Party.kind",
        "+ column public.WaitlistEntry.depositCents",
        "+ enum public.PartyType",
        "+ constraint public.Party.Party_pkey",
        "+ index public.Party_tenantId_kind_idx",
        "~ table public.Contact",
    ] {
        assert!(lines.contains(&want), "diff output lacks {want:?}:\n{}", run.stdout);
    }
    // Tables that exist on both sides and did not change are not mentioned.
    assert!(!run.stdout.contains("public.Tenant\n"), "{}", run.stdout);
    assert!(!run.stdout.contains("schemas are equal"));

    let run = rollcheck([
        "diff".into(),
        s(&sample()),
        s(&sample()),
        "--at-a".into(),
        INIT.into(),
        "--format".into(),
        "json".into(),
    ]);
    run.expect_code(1);
    let v = json(&run.stdout);
    assert_eq!(v["equal"], false);
    let names = |k: &str| -> Vec<String> {
        v[k].as_array()
            .unwrap()
            .iter()
            .map(|o| format!("{} {}", o["kind"].as_str().unwrap(), o["name"].as_str().unwrap()))
            .collect()
    };
    assert!(names("removed").contains(&"column public.User.contactId".to_owned()), "{:?}", names("removed"));
    assert!(names("added").contains(&"table public.Party".to_owned()), "{:?}", names("added"));
}

/// Reversed sides: what was added is now removed.
#[test]
fn diff_is_directional() {
    let run = rollcheck(["diff".into(), s(&sample()), s(&sample()), "--at-b".into(), INIT.into()]);
    run.expect_code(1);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(lines.contains(&"+ column public.User.contactId"), "{}", run.stdout);
    assert!(lines.contains(&"- table public.Party"), "{}", run.stdout);
}

#[test]
fn diff_unified_shows_the_ddl_lines_that_changed() {
    let run =
        rollcheck(["diff".into(), s(&sample()), s(&sample()), "--at-a".into(), PHASE3.into(), "--unified".into()]);
    run.expect_code(1);
    let out = redact(&run.stdout);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines.contains(&"--- [ROOT]/samples/party-migration"), "{out}");
    assert!(lines.contains(&"+++ [ROOT]/samples/party-migration"), "{out}");
    for want in [
        "-    \"buyerContactId\" integer,",
        "-    \"partyType\" text NOT NULL,",
        "-    type public.\"PartyType\" NOT NULL,",
        "+    kind public.\"PartyType\" NOT NULL,",
        "-CREATE UNIQUE INDEX \"User_contactId_key\" ON public.\"User\" USING btree (\"contactId\");",
    ] {
        assert!(lines.contains(&want), "unified diff lacks {want:?}:\n{out}");
    }
    // Without --unified there is no DDL.
    let plain = rollcheck(["diff".into(), s(&sample()), s(&sample()), "--at-a".into(), PHASE3.into()]);
    assert!(!plain.stdout.contains("CREATE INDEX"));
    assert!(out.starts_with(&redact(&plain.stdout)), "--unified appends to the text report");
}

#[test]
fn diff_with_a_missing_path_is_exit_2_with_a_one_line_message_naming_it() {
    let tmp = tempfile::tempdir().unwrap();
    let missing = tmp.path().join("no-such-dump.sql");
    for args in [[s(&missing), s(&sample())], [s(&sample()), s(&missing)]] {
        let run = rollcheck([OsString::from("diff")].into_iter().chain(args));
        run.expect_code(2);
        assert_eq!(run.stdout, "", "nothing on stdout for an error");
        let errors: Vec<&str> = run.stderr.lines().filter(|l| !l.starts_with("note: ")).collect();
        assert_eq!(errors.len(), 1, "one line: {:?}", run.stderr);
        assert!(errors[0].contains(&missing.display().to_string()), "names the path: {:?}", errors[0]);
        assert!(errors[0].starts_with("rollcheck: "), "{:?}", errors[0]);
    }
}

#[test]
fn schema_and_graph_with_a_missing_path_are_exit_2() {
    let tmp = tempfile::tempdir().unwrap();
    let missing = tmp.path().join("missing");
    for cmd in ["schema", "graph"] {
        let run = rollcheck([cmd.into(), s(&missing)]);
        run.expect_code(2);
        assert_eq!(run.stdout, "");
        assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
        assert!(run.stderr.contains(&missing.display().to_string()), "{}", run.stderr);
    }
}

#[test]
fn usage_errors_are_exit_2() {
    for args in [
        vec!["diff", "only-one-source"],
        vec!["schema"],
        vec!["schema", "x.sql", "--format", "yaml"],
        vec!["graph", "x.sql", "--format", "svg"],
        vec!["diff", "a", "b", "--format", "sql"],
        vec!["frobnicate"],
    ] {
        let run = rollcheck(args.iter().copied());
        run.expect_code(2);
        assert_eq!(run.stdout, "", "{args:?}");
        assert!(!run.stderr.is_empty(), "{args:?}: a usage error says something");
    }
}

#[test]
fn version_is_printed() {
    let run = rollcheck(["--version"]);
    run.expect_code(0);
    assert_eq!(redact(&run.stdout), "rollcheck [VERSION]\n");
}

// ---------------------------------------------------------------------------------------------------------
// --at
// ---------------------------------------------------------------------------------------------------------

fn assert_unknown_migration(run: &Run, name: &str) {
    run.expect_code(2);
    assert_eq!(run.stdout, "");
    let line = run
        .stderr
        .lines()
        .find(|l| l.contains(name))
        .unwrap_or_else(|| panic!("stderr does not name {name:?}: {}", run.stderr));
    let mut at = 0;
    for m in MIGRATIONS {
        let i = line[at..].find(m).unwrap_or_else(|| panic!("known migration {m} missing or out of order in {line:?}"));
        at += i + m.len();
    }
}

#[test]
fn at_with_an_unknown_name_is_exit_2_and_lists_the_known_migrations() {
    let run = rollcheck(["schema".into(), s(&sample()), "--at".into(), "20250101000000_nope".into()]);
    assert_unknown_migration(&run, "20250101000000_nope");

    let run = rollcheck(["graph".into(), s(&sample()), "--at".into(), "party_phase9".into()]);
    assert_unknown_migration(&run, "party_phase9");

    let run = rollcheck(["diff".into(), s(&sample()), s(&sample()), "--at-b".into(), "nope".into()]);
    assert_unknown_migration(&run, "nope");
}

/// `--at` takes an exact name or a unique prefix (the CLI help says so).
#[test]
fn at_accepts_a_unique_prefix_and_stops_there() {
    let by_prefix = rollcheck(["schema".into(), s(&sample()), "--at".into(), "20250623".into()]);
    let by_name = rollcheck(["schema".into(), s(&sample()), "--at".into(), PHASE3.into()]);
    by_prefix.expect_code(0);
    by_name.expect_code(0);
    assert_eq!(by_prefix.stdout, by_name.stdout);
    // Before Phase 4: the legacy column and the old name of Party.kind are still there.
    assert!(by_name.stdout.contains("\"buyerContactId\" integer,"), "{}", head(&by_name.stdout));
    assert!(by_name.stdout.contains("    type public.\"PartyType\" NOT NULL,"), "{}", head(&by_name.stdout));

    let init = rollcheck(["schema".into(), s(&sample()), "--at".into(), INIT.into(), "--format".into(), "json".into()]);
    init.expect_code(0);
    let names = object_names(&init.stdout);
    assert!(names.contains(&"public.Contact".to_owned()));
    assert!(!names.contains(&"public.Party".to_owned()), "Party comes in Phase 1");
    assert!(!names.contains(&"public.Invoice".to_owned()), "Invoice comes with add_invoicing");
}

/// `--at 1` in a folder with `1_a` and `10_c` is ambiguous, not unknown: the message must say so.
#[test]
fn at_with_an_ambiguous_prefix_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("migrations");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("1_a.sql"), "CREATE TABLE t (id int);\n").unwrap();
    std::fs::write(dir.join("10_c.sql"), "ALTER TABLE t ADD COLUMN c int;\n").unwrap();
    let run = rollcheck(["schema".into(), s(&dir), "--at".into(), "1".into()]);
    run.expect_code(2);
    assert!(run.stderr.contains("ambiguous"), "{}", run.stderr);
    assert!(!run.stderr.contains("no migration named"), "{}", run.stderr);
}

// ---------------------------------------------------------------------------------------------------------
// graph --impact
// ---------------------------------------------------------------------------------------------------------

#[test]
fn impact_of_contact_before_phase4_lists_the_foreign_keys_that_would_go() {
    let run = rollcheck([
        "graph".into(),
        s(&sample()),
        "--at".into(),
        PHASE3.into(),
        "--impact".into(),
        "public.Contact".into(),
    ]);
    run.expect_code(0);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines[0], "dropping table public.Contact also drops:", "{}", run.stdout);
    for (table, fk) in CONTACT_FKS {
        let want = format!("  constraint {fk} on public.{table}  (needs CASCADE)");
        assert!(lines.contains(&want.as_str()), "missing {want:?} in:\n{}", run.stdout);
    }
    // Its own parts go with it, without CASCADE.
    for want in [
        "  constraint Contact_pkey on public.Contact",
        "  index public.Contact_tenantId_idx",
        "  sequence public.Contact_id_seq",
    ] {
        assert!(lines.contains(&want), "missing {want:?} in:\n{}", run.stdout);
    }
    // Exactly the nine foreign keys of other tables need CASCADE: not the Organization ones, nothing else.
    let cascades: Vec<&&str> = lines.iter().filter(|l| l.ends_with("(needs CASCADE)")).collect();
    assert_eq!(cascades.len(), CONTACT_FKS.len(), "{}", run.stdout);
    assert!(!run.stdout.contains("organizationId_fkey"), "{}", run.stdout);
}

#[test]
fn impact_of_contact_after_phase4_has_no_foreign_keys_left() {
    let run = rollcheck(["graph".into(), s(&sample()), "--impact".into(), "public.Contact".into()]);
    run.expect_code(0);
    for (_, fk) in CONTACT_FKS {
        assert!(!run.stdout.contains(fk), "{fk} was dropped in Phase 4:\n{}", run.stdout);
    }
    assert!(!run.stdout.contains("needs CASCADE"), "{}", run.stdout);
    assert!(run.stdout.contains("  constraint Contact_pkey on public.Contact\n"), "{}", run.stdout);
}

#[test]
fn impact_of_an_unknown_object_is_exit_2() {
    let run = rollcheck(["graph".into(), s(&sample()), "--impact".into(), "public.NoSuchTable".into()]);
    run.expect_code(2);
    assert!(run.stderr.contains("public.NoSuchTable"), "{}", run.stderr);
}

/// `--format json --impact X` must give JSON (or refuse the combination), not silently print text.
#[test]
fn impact_honours_format_json() {
    let run = rollcheck([
        "graph".into(),
        s(&sample()),
        "--format".into(),
        "json".into(),
        "--impact".into(),
        "public.Party".into(),
    ]);
    if run.code() == 2 {
        assert!(run.stderr.contains("--impact") || run.stderr.contains("--format"), "{}", run.stderr);
        return;
    }
    run.expect_code(0);
    json(&run.stdout);
}

// ---------------------------------------------------------------------------------------------------------
// A plain folder of .sql files
// ---------------------------------------------------------------------------------------------------------

/// `1_a.sql`, `2_b.sql`, `10_c.sql` in natural order: `2_b` renames the table `1_a` created, `10_c` alters
/// it under its new name. In plain string order (`10_c` before `2_b`) `10_c` would fail and column `c`
/// would be missing.
#[test]
fn a_folder_of_sql_files_is_replayed_in_natural_order() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("migrations");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("1_a.sql"), "CREATE TABLE t (id int PRIMARY KEY);\n").unwrap();
    std::fs::write(dir.join("2_b.sql"), "ALTER TABLE t RENAME TO u;\n").unwrap();
    std::fs::write(dir.join("10_c.sql"), "ALTER TABLE u ADD COLUMN c text NOT NULL DEFAULT 'x';\n").unwrap();

    let run = rollcheck(["schema".into(), s(&dir), "--format".into(), "json".into()]);
    run.expect_code(0);
    assert_eq!(run.stderr, "", "a clean replay reports nothing");
    let names = object_names(&run.stdout);
    assert!(names.contains(&"public.u".to_owned()), "{names:?}");
    assert!(names.contains(&"public.u.c".to_owned()), "10_c.sql ran after 2_b.sql: {names:?}");
    assert!(!names.contains(&"public.t".to_owned()), "{names:?}");

    let sql = rollcheck(["schema".into(), s(&dir)]);
    assert_eq!(sql.stdout, "CREATE TABLE public.u (\n    id integer NOT NULL,\n    c text DEFAULT 'x' NOT NULL\n);\nALTER TABLE public.u ADD CONSTRAINT t_pkey PRIMARY KEY (id);\n");

    // The migrations are named after the files, listed in the order they run.
    let run = rollcheck(["schema".into(), s(&dir), "--at".into(), "nope".into()]);
    run.expect_code(2);
    assert!(run.stderr.contains("1_a, 2_b, 10_c"), "{}", redact_tmp(&run.stderr, tmp.path()));

    // --at stops after 2_b: renamed, but no column c yet.
    let run = rollcheck(["schema".into(), s(&dir), "--at".into(), "2_b".into(), "--format".into(), "json".into()]);
    run.expect_code(0);
    let names = object_names(&run.stdout);
    assert!(names.contains(&"public.u".to_owned()) && !names.contains(&"public.u.c".to_owned()), "{names:?}");
}

// ---------------------------------------------------------------------------------------------------------
// The canonical SQL is SQL
// ---------------------------------------------------------------------------------------------------------

/// What `schema --format sql` prints, read back by rollcheck, is the same schema, without errors.
#[test]
fn schema_sql_reads_back_as_the_same_schema() {
    let tmp = tempfile::tempdir().unwrap();
    let first = rollcheck(["schema".into(), s(&sample())]);
    first.expect_code(0);
    let file = tmp.path().join("canonical.sql");
    std::fs::write(&file, &first.stdout).unwrap();
    let run = rollcheck(["diff".into(), s(&file), s(&sample())]);
    assert!(!run.stderr.contains("error:"), "{}", redact_tmp(&run.stderr, tmp.path()));
    run.expect_code(0);
    let again = rollcheck(["schema".into(), s(&file)]);
    assert_eq!(again.stdout, first.stdout, "canonical output is a fixed point");
}

/// Key column lists are identifiers and need quoting like column definitions do.
#[test]
fn schema_sql_quotes_key_columns() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("keys.sql");
    std::fs::write(
        &file,
        "CREATE TABLE \"P\" (\"pId\" int, \"Other Col\" int, CONSTRAINT \"P_pk\" PRIMARY KEY (\"pId\"), CONSTRAINT \"P_uq\" UNIQUE (\"Other Col\"));\n\
         CREATE TABLE c (\"refId\" int CONSTRAINT c_ref REFERENCES \"P\" (\"pId\"));\n",
    )
    .unwrap();
    let run = rollcheck(["schema".into(), s(&file)]);
    run.expect_code(0);
    for want in [
        "ALTER TABLE public.\"P\" ADD CONSTRAINT \"P_pk\" PRIMARY KEY (\"pId\");",
        "ALTER TABLE public.\"P\" ADD CONSTRAINT \"P_uq\" UNIQUE (\"Other Col\");",
        "ALTER TABLE public.c ADD CONSTRAINT c_ref FOREIGN KEY (\"refId\") REFERENCES public.\"P\"(\"pId\")",
    ] {
        assert!(run.stdout.contains(want), "lacks {want:?}:\n{}", run.stdout);
    }
}

/// A script that adds a foreign key before the key it references does not apply on PostgreSQL ("there is
/// no unique constraint matching given keys for referenced table").
#[test]
fn schema_sql_adds_foreign_keys_after_the_keys_they_reference() {
    let run = rollcheck(["schema".into(), s(&sample())]);
    run.expect_code(0);
    let lines: Vec<&str> = run.stdout.lines().collect();
    let mut checked = 0;
    for (i, line) in lines.iter().enumerate() {
        let Some(rest) = line.split(" REFERENCES ").nth(1) else { continue };
        let referenced = &rest[..rest.find('(').unwrap()];
        let pk = lines
            .iter()
            .position(|l| {
                l.starts_with(&format!("ALTER TABLE {referenced} ADD CONSTRAINT ")) && l.contains(" PRIMARY KEY ")
            })
            .unwrap_or_else(|| panic!("no primary key of {referenced}"));
        assert!(pk < i, "line {}: {line}\ncomes before the key it references, line {}: {}", i + 1, pk + 1, lines[pk]);
        checked += 1;
    }
    assert_eq!(checked, 43, "the sample has 43 foreign keys");
}

/// `CHECK (d)` on a boolean column keeps its parentheses: `CHECK d` is a syntax error.
#[test]
fn schema_sql_check_on_a_bare_column_keeps_parentheses() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("check.sql");
    std::fs::write(&file, "CREATE TABLE t (d boolean CONSTRAINT t_d_check CHECK (d));\n").unwrap();
    let run = rollcheck(["schema".into(), s(&file)]);
    run.expect_code(0);
    assert!(run.stdout.contains("ADD CONSTRAINT t_d_check CHECK (d);"), "{}", run.stdout);
    let back = tmp.path().join("back.sql");
    std::fs::write(&back, &run.stdout).unwrap();
    let again = rollcheck(["diff".into(), s(&back), s(&file)]);
    assert!(!again.stderr.contains("error:"), "{}", again.stderr);
    again.expect_code(0);
}
