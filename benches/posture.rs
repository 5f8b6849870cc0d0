//! `rollcheck posture` over the generated repository of `history` (2,000 commits, 500 of them
//! adding a migration) and 20 schema-only backups of its history, taken with the real
//! `pg_dump -s` after k migrations (k spread over the 500, half of them right before a migration
//! that drops a column). Timed: the whole posture in the bench process (backups read, folder
//! read, repository walked, states replayed, verdicts), the `rollcheck posture --format json`
//! process, and as references in the same run the `rollcheck history --format json` process on
//! the same repository and `git log --first-parent --raw -z`. Also timed, as a process: the same
//! with the 20 backups taken by `pg_dump` without `-s` (every table's data block, empty), which
//! hold the destroyed data, so that many verdicts are `valid` or `older-state` and need a deploy
//! commit. Before timing, the output is checked: every backup read, matched to the state it was
//! taken at, and judged for every point of no return. Flat sampling: each of the 10 samples is
//! one run.
//!
//! `cargo bench --bench posture`.

mod common;

use std::collections::BTreeMap;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime};

use criterion::{Criterion, SamplingMode};
use rollcheck::analysis::posture::backup::{match_state, Signatures, StateMatch};
use rollcheck::analysis::posture::states::States;
use rollcheck::analysis::posture::{posture, read_backups, CurrentState, Posture, PostureInputs, Repository};
use rollcheck::input::backup::files_in;
use rollcheck::input::detect_as;
use rollcheck::input::git::GitCli;

const COMMITS: usize = 2_000;
const MIGRATIONS: usize = 500;
const BACKUPS: usize = 20;

fn main() {
    let since = SystemTime::now();
    let full = common::bench_mode();
    let (commits, migrations, count) = if full { (COMMITS, MIGRATIONS, BACKUPS) } else { (80, 20, 4) };
    let repo = common::history_repository(commits, migrations);
    let backups = common::posture_backups(commits, migrations, count, false);
    let with_data = common::posture_backups(commits, migrations, count, true);
    eprintln!("machine: {}", common::machine());
    let folder = Path::new("prisma/migrations");
    let source = repo.join(folder);
    let (git, _) = GitCli::discover(&repo).expect("the generated repository");
    let run = || in_process(&git, &source, folder, &backups);

    // What is measured is checked first: every backup read, matched to the state it was
    // taken at, and judged for every point of no return the current state has applied.
    let result = run();
    let points = common::backup_points(migrations, count);
    assert_eq!(result.code_targets.len(), commits);
    assert_eq!(result.migrations.len(), migrations);
    assert!(!result.undo.is_empty(), "no point of no return in the generated history");
    let mut verdicts: BTreeMap<&str, usize> = BTreeMap::new();
    for undo in &result.undo {
        assert_eq!(undo.backups.len(), points.len(), "{}: every backup judged", undo.migration);
        for b in &undo.backups {
            *verdicts.entry(b.verdict.word()).or_default() += 1;
            assert!(b.state.is_some() || b.drift.is_some(), "{}: matched or drifted", b.file);
        }
    }
    // Each backup is the state it was taken at: `backup-after-0123.sql` is the first 123 applied.
    let detected = detect_as(&source, None).unwrap();
    let states = States::new(&detected.migrations).unwrap();
    let signatures = Signatures::new(&states);
    for evidence in read_backups(&backup_files(&backups)) {
        assert!(evidence.unreadable.is_none() && evidence.complete, "{}: read whole", evidence.file);
        let k: usize = evidence.file.rsplit("after-").next().and_then(|s| s.get(..4)).unwrap().parse().unwrap();
        match match_state(&evidence.catalog, &states, &signatures) {
            StateMatch::Equal(ids) => assert!(ids.contains(&k), "{}: states {ids:?}, not {k}", evidence.file),
            StateMatch::Drifted { closest, diff } => {
                panic!("{} drifted from state {k} (closest {closest}):\n{diff}", evidence.file)
            }
        }
    }
    assert!(verdicts.len() > 1 && !verdicts.contains_key("unreadable"), "verdicts: {verdicts:?}");
    eprintln!(
        "{}: {commits} commits, {migrations} migrations; {} backups (k = {points:?}) judged for {} points of no return: {verdicts:?}",
        repo.display(),
        points.len(),
        result.undo.len()
    );
    // With data, the backups before a point of no return hold what it destroyed.
    let data_result = in_process(&git, &source, folder, &with_data);
    let mut verdicts: BTreeMap<&str, usize> = BTreeMap::new();
    for b in data_result.undo.iter().flat_map(|u| &u.backups) {
        *verdicts.entry(b.verdict.word()).or_default() += 1;
    }
    assert!(verdicts.contains_key("valid") && verdicts.contains_key("older-state"), "verdicts: {verdicts:?}");
    eprintln!("with data: {verdicts:?}");
    let json = |out: &[u8]| serde_json::from_slice::<serde_json::Value>(out).expect("JSON output");
    let process = posture_process(&source, &repo, &backups);
    assert_eq!(json(&process)["undo"].as_array().map(Vec::len), Some(result.undo.len()));
    assert_eq!(process, posture_process(&source, &repo, &backups), "the same output twice");

    let mut c = Criterion::default().configure_from_args().sample_size(10).warm_up_time(Duration::from_secs(1));
    let mut g = c.benchmark_group("posture");
    g.sampling_mode(SamplingMode::Flat);
    g.measurement_time(Duration::from_secs(if full { 30 } else { 1 }));
    g.bench_function("rollcheck_posture", |b| b.iter(|| black_box(run().undo.len())));
    g.bench_function("rollcheck_posture_process", |b| {
        b.iter(|| black_box(posture_process(&source, &repo, &backups).len()))
    });
    g.bench_function("rollcheck_posture_process_with_data", |b| {
        b.iter(|| black_box(posture_process(&source, &repo, &with_data).len()))
    });
    g.bench_function("rollcheck_history_process", |b| {
        b.iter(|| {
            let out = Command::new(env!("CARGO_BIN_EXE_rollcheck"))
                .args(["history", "--format", "json"])
                .arg(&source)
                .output()
                .unwrap();
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
            black_box(out.stdout.len())
        })
    });
    g.bench_function("git_log_first_parent_raw", |b| {
        b.iter(|| {
            let out = Command::new("git")
                .args(["log", "--first-parent", "--raw", "-z", "--format=%H%x00%P%x00%cI%x00%s"])
                .current_dir(&repo)
                .output()
                .unwrap();
            black_box(out.stdout.len())
        })
    });
    g.finish();
    c.final_summary();
    if full {
        println!("\nsummary (means of this run, {commits} commits, {migrations} migrations, {count} backups):");
        for id in [
            "rollcheck_posture",
            "rollcheck_posture_process",
            "rollcheck_posture_process_with_data",
            "rollcheck_history_process",
            "git_log_first_parent_raw",
        ] {
            if let Some(ns) = common::criterion_mean_ns("posture", id, since) {
                println!("  {id:<36} {:>9.1} ms", ns / 1e6);
            }
        }
    }
}

/// What `rollcheck posture SOURCE --repo REPO --backups DIR` computes, in this process.
fn in_process(git: &GitCli, source: &Path, folder: &Path, backups: &Path) -> Posture {
    let files = backup_files(backups);
    let inputs = PostureInputs {
        source: detect_as(source, None).unwrap(),
        repository: Some(Repository { history: git, folder, name: "bench".into() }),
        no_repository: None,
        current: CurrentState::Latest,
        backups: read_backups(&files),
        layout: None,
    };
    posture(inputs).unwrap()
}

/// The backups in the folder, each named by its path (as the CLI does).
fn backup_files(backups: &Path) -> Vec<(PathBuf, String)> {
    files_in(backups).unwrap().into_iter().map(|f| (f.clone(), f.display().to_string())).collect()
}

/// The JSON output of the `rollcheck posture` process.
fn posture_process(source: &Path, repo: &Path, backups: &Path) -> Vec<u8> {
    let out = Command::new(env!("CARGO_BIN_EXE_rollcheck"))
        .arg("posture")
        .arg(source)
        .arg("--repo")
        .arg(repo)
        .arg("--backups")
        .arg(backups)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}
