//! `rollcheck history` over a generated git repository of 2,000 commits on one branch,
//! 500 of which add a migration (the 500-migration Prisma history of `lint_history`, one
//! migration every fourth commit) and the rest change only code. Built with
//! `git fast-import` into the bench data folder on first use. Reference in the same
//! run: `git log --first-parent --raw -z` over the same repository. Also timed: the
//! `rollcheck history` process on the same repository (what a user waits for), and,
//! once, detecting the layout of the 500-migration folder with and without the layout
//! given (what every changed commit paid before the layout was kept from one commit to
//! the next). Flat sampling: each of the 10 samples is one run.
//!
//! `cargo bench --bench history`.

mod common;

use std::hint::black_box;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, SystemTime};

use criterion::{Criterion, SamplingMode};
use rollcheck::analysis::history::{history, HistoryOptions};
use rollcheck::input::git::GitCli;
use rollcheck::input::{detect_as, Layout};

const COMMITS: usize = 2_000;
const MIGRATIONS: usize = 500;

fn main() {
    let since = SystemTime::now();
    let full = common::bench_mode();
    let (commits, migrations) = if full { (COMMITS, MIGRATIONS) } else { (80, 20) };
    let repo = common::history_repository(commits, migrations);
    eprintln!("machine: {}", common::machine());
    let folder = Path::new("prisma/migrations");
    let (git, _) = GitCli::discover(&repo).expect("the generated repository");
    let report = history(&git, folder, &HistoryOptions::default()).expect("history");
    assert_eq!(report.commits.len(), commits);
    let added: usize = report.commits.iter().map(|c| c.migrations_added.len()).sum();
    assert_eq!(added, migrations);
    eprintln!("{}: {commits} commits, {added} migrations", repo.display());
    let on_disk = common::prisma_history(migrations).join("prisma/migrations");
    let detect = |layout: Option<Layout>| {
        let start = std::time::Instant::now();
        for _ in 0..20 {
            black_box(detect_as(&on_disk, layout).unwrap());
        }
        start.elapsed().as_secs_f64() * 1e3 / 20.0
    };
    let (guessed, given) = (detect(None), detect(Some(Layout::Prisma)));
    eprintln!("detect_as over the {migrations}-migration folder: {guessed:.1} ms without a layout, {given:.1} ms with it given");

    let mut c = Criterion::default().configure_from_args().sample_size(10).warm_up_time(Duration::from_secs(1));
    let mut g = c.benchmark_group("history");
    g.sampling_mode(SamplingMode::Flat);
    g.measurement_time(Duration::from_secs(if full { 20 } else { 1 }));
    g.bench_function("rollcheck_history", |b| {
        b.iter(|| black_box(history(&git, folder, &HistoryOptions::default()).unwrap()))
    });
    let source = repo.join(folder);
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
        println!("\nsummary (means of this run, {commits} commits, {migrations} migrations):");
        for id in ["rollcheck_history", "rollcheck_history_process", "git_log_first_parent_raw"] {
            if let Some(ns) = common::criterion_mean_ns("history", id, since) {
                println!("  {id:<28} {:>9.1} ms", ns / 1e6);
            }
        }
    }
}
