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
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
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
    let repo = repository(commits, migrations);
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

/// A repository whose commit `4k` adds migration `k` of the generated Prisma history and whose
/// other commits change a code file; built once with `git fast-import`.
fn repository(commits: usize, migrations: usize) -> PathBuf {
    let dir = common::data_dir().join(format!("history_repo_{commits}x{migrations}.v{}", common::HISTORY_VERSION));
    let done = dir.with_extension("done");
    if done.is_file() {
        return dir;
    }
    let _ = std::fs::remove_dir_all(&dir);
    let source = common::prisma_history(migrations).join("prisma/migrations");
    let mut folders: Vec<PathBuf> =
        std::fs::read_dir(&source).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()).collect();
    folders.sort();
    std::fs::create_dir_all(&dir).unwrap();
    let git = |args: &[&str]| {
        let status = Command::new("git").args(args).current_dir(&dir).status().unwrap();
        assert!(status.success(), "git {args:?}");
    };
    git(&["init", "-q", "-b", "main"]);
    let mut import =
        Command::new("git").args(["fast-import", "--quiet"]).current_dir(&dir).stdin(Stdio::piped()).spawn().unwrap();
    let mut stream = import.stdin.take().unwrap();
    let lock = std::fs::read(source.join("migration_lock.toml")).unwrap();
    let every = commits / migrations;
    for i in 0..commits {
        let time = 1_700_000_000 + i as u64 * 3_600;
        let mut files: Vec<(String, Vec<u8>)> = Vec::new();
        if i % every == 0 && i / every < folders.len() {
            let folder = &folders[i / every];
            let name = folder.file_name().unwrap().to_string_lossy().into_owned();
            for f in std::fs::read_dir(folder).unwrap() {
                let f = f.unwrap().path();
                let file = f.file_name().unwrap().to_string_lossy().into_owned();
                files.push((format!("prisma/migrations/{name}/{file}"), std::fs::read(&f).unwrap()));
            }
            if i == 0 {
                files.push(("prisma/migrations/migration_lock.toml".into(), lock.clone()));
            }
        } else {
            files.push(("src/app.txt".into(), format!("build {i}\n").into_bytes()));
        }
        writeln!(stream, "commit refs/heads/main").unwrap();
        writeln!(stream, "committer Bench <bench@example.com> {time} +0000").unwrap();
        let message = format!("commit {i}");
        writeln!(stream, "data {}\n{message}", message.len()).unwrap();
        for (path, content) in files {
            writeln!(stream, "M 100644 inline {path}\ndata {}", content.len()).unwrap();
            stream.write_all(&content).unwrap();
            writeln!(stream).unwrap();
        }
    }
    drop(stream);
    assert!(import.wait().unwrap().success(), "git fast-import");
    git(&["reset", "-q", "--hard", "main"]);
    std::fs::write(done, "").unwrap();
    dir
}
