//! Schema reading of a real `pg_dump -s` of a generated 10,000-table schema: the whole pipeline
//! (`rollcheck::catalog::load`: split, parallel parse, replay) and the splitter alone; plus the
//! pipeline on 1,250-, 2,500- and 5,000-table dumps of the same generator, to show how its time
//! grows with the schema's size.
//!
//! `cargo bench --bench schema_read`. Inputs: see benches/common/mod.rs.
//!
//! A `load` that takes longer than [`SLOW`] once is not handed to criterion (10 samples would
//! take many minutes): it is timed once with `Instant` (or `$ROLLCHECK_ONE_SHOT_RUNS` times, best
//! kept) and reported as such ("one-shot"). When `load` gets fast enough, criterion measures it
//! with no change here.

mod common;

use std::fs::File;
use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant, SystemTime};

use criterion::{BenchmarkId, Criterion, Throughput};
use rollcheck::catalog::load;
use rollcheck::diagnostic::Severity;
use rollcheck::input::script::ScriptReader;

/// Slower than this for one load: timed one-shot instead of by criterion.
const SLOW: Duration = Duration::from_secs(3);

/// How many times a slow load is timed (the first, checking load included).
fn one_shot_runs() -> u32 {
    std::env::var("ROLLCHECK_ONE_SHOT_RUNS").ok().and_then(|v| v.parse().ok()).unwrap_or(1).max(1)
}

fn main() {
    let since = SystemTime::now();
    let runs = one_shot_runs();
    let full = common::bench_mode();
    let sizes = common::scaling_sizes(full);
    let dumps: Vec<(usize, PathBuf)> = sizes.iter().map(|&n| (n, common::schema_dump(n))).collect();
    eprintln!("machine: {}", common::machine());

    // One load of each: checks the input and decides how each size is measured.
    let mut first_load: Vec<Duration> = Vec::new();
    for (n, path) in &dumps {
        let bytes = common::warm(path);
        let t = Instant::now();
        let loaded = load(path, None).expect("load schema dump");
        let took = t.elapsed();
        first_load.push(took);
        let errors = loaded.diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
        let warnings = loaded.diagnostics.iter().filter(|d| d.severity == Severity::Warning).count();
        eprintln!(
            "{n} tables: {} ({bytes} bytes), first load {took:.2?}: {:?}; diagnostics: {errors} errors, {warnings} warnings",
            path.display(),
            loaded.catalog.counts()
        );
        if let Some(d) = loaded.diagnostics.iter().find(|d| d.severity != Severity::Note) {
            eprintln!("  first diagnostic: {d}");
        }
    }

    let mut c = Criterion::default().configure_from_args().sample_size(10).warm_up_time(Duration::from_secs(1));
    let (n, path) = dumps.last().expect("a dump");
    let bytes = common::file_len(path);
    {
        let mut g = c.benchmark_group("schema_read");
        g.throughput(Throughput::Bytes(bytes));
        g.measurement_time(Duration::from_secs(if full { 10 } else { 2 }));
        g.bench_function(format!("split_only/{n}_tables"), |b| {
            b.iter(|| ScriptReader::new(File::open(path).unwrap()).count())
        });
        g.finish();
    }
    let mut one_shot: Vec<(usize, Duration)> = Vec::new();
    {
        let mut g = c.benchmark_group("schema_read_load");
        g.measurement_time(Duration::from_secs(if full { 20 } else { 2 }));
        for ((n, path), first) in dumps.iter().zip(&first_load) {
            if *first > SLOW {
                let mut best = *first;
                for _ in 1..runs {
                    let t = Instant::now();
                    black_box(load(path, None).unwrap());
                    best = best.min(t.elapsed());
                }
                one_shot.push((*n, best));
                continue;
            }
            g.throughput(Throughput::Bytes(common::file_len(path)));
            g.bench_with_input(BenchmarkId::new("load", format!("{n}_tables")), path, |b, path| {
                b.iter(|| black_box(load(path, None).unwrap()))
            });
        }
        g.finish();
    }
    c.final_summary();
    if !full {
        return; // `cargo test --benches`: criterion ran each bench once and wrote no estimates
    }

    println!("\nsummary ({}):", common::machine());
    let mb = bytes as f64 / 1e6;
    if let Some(ns) = common::criterion_mean_ns("schema_read", &format!("split_only/{n}_tables"), since) {
        println!("  split only, {n:>6} tables: {:>9.3} s  {:>8.1} MB/s  (criterion mean)", ns / 1e9, mb / (ns / 1e9));
    }
    let mut first: Option<(usize, f64)> = None;
    for (n, path) in &dumps {
        let mb = common::file_len(path) as f64 / 1e6;
        let (secs, how) = match one_shot.iter().find(|(m, _)| m == n) {
            Some((_, d)) => (d.as_secs_f64(), format!("one-shot, best of {runs}")),
            None => match common::criterion_mean_ns("schema_read_load", &format!("load/{n}_tables"), since) {
                Some(ns) => (ns / 1e9, "criterion mean".to_string()),
                None => continue,
            },
        };
        let (n0, s0) = *first.get_or_insert((*n, secs));
        println!(
            "  load, {n:>6} tables: {secs:>9.3} s  {:>8.2} MB/s  {:>8.1} µs/table  (x{:.1} time for x{:.1} tables; {how})",
            mb / secs,
            secs * 1e6 / *n as f64,
            secs / s0,
            *n as f64 / n0 as f64
        );
    }
}
