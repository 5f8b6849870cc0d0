//! Schema extraction from a data-bearing plain dump (1 GiB, and a 256 MiB version of it):
//! rollcheck's `load` (whole pipeline; COPY data skipped) and its splitter alone, next to
//! `wc -l` on the same file, run as a subprocess in the same run, file in the page cache for
//! both. The ratio `load` / `wc -l` throughput is printed at the end.
//!
//! `cargo bench --bench data_dump`.

mod common;

use std::fs::File;
use std::hint::black_box;
use std::process::Command;
use std::time::{Duration, SystemTime};

use criterion::{BenchmarkId, Criterion, Throughput};
use rollcheck::catalog::load;
use rollcheck::input::script::ScriptReader;

fn main() {
    let since = SystemTime::now();
    let full = common::bench_mode();
    let sizes: Vec<u64> = if full { vec![256, 1024] } else { vec![2, 8] };
    let dumps: Vec<_> = sizes.iter().map(|&m| (m, common::data_dump(m))).collect();
    eprintln!("machine: {}", common::machine());
    for (_, path) in &dumps {
        common::warm(path);
        let loaded = load(path, None).expect("load data dump");
        let rows: u64 = loaded.copy_blocks.iter().map(|(_, r)| r).sum();
        eprintln!(
            "{}: {} bytes, {} COPY blocks, {rows} rows, {} tables, {} diagnostics",
            path.display(),
            common::file_len(path),
            loaded.copy_blocks.len(),
            loaded.catalog.tables.len(),
            loaded.diagnostics.len()
        );
    }

    let mut c = Criterion::default().configure_from_args().sample_size(10).warm_up_time(Duration::from_secs(2));
    let mut g = c.benchmark_group("data_dump");
    g.measurement_time(Duration::from_secs(if full { 15 } else { 2 }));
    for (mib, path) in &dumps {
        let size = format!("{mib}MiB");
        g.throughput(Throughput::Bytes(common::file_len(path)));
        g.bench_with_input(BenchmarkId::new("wc_l", &size), path, |b, path| {
            b.iter(|| {
                let out = Command::new("wc").arg("-l").arg(path).output().expect("run wc -l");
                assert!(out.status.success());
                black_box(out.stdout)
            })
        });
        g.bench_with_input(BenchmarkId::new("rollcheck_split_only", &size), path, |b, path| {
            b.iter(|| ScriptReader::new(File::open(path).unwrap()).count())
        });
        g.bench_with_input(BenchmarkId::new("rollcheck_load", &size), path, |b, path| {
            b.iter(|| black_box(load(path, None).unwrap()))
        });
    }
    g.finish();
    c.final_summary();
    if !full {
        return; // `cargo test --benches`: criterion ran each bench once and wrote no estimates
    }

    println!("\nsummary (means of this run):");
    for (mib, path) in &dumps {
        let mb = common::file_len(path) as f64 / 1e6;
        let get = |id: &str| common::criterion_mean_ns("data_dump", &format!("{id}/{mib}MiB"), since);
        let wc = get("wc_l");
        for id in ["wc_l", "rollcheck_split_only", "rollcheck_load"] {
            if let Some(ns) = get(id) {
                let ratio = wc.map(|w| format!("{:.0}% of wc -l", 100.0 * w / ns)).unwrap_or_default();
                println!("  {mib:>5} MiB {id:<22} {:>8.3} s {:>8.0} MB/s  {ratio}", ns / 1e9, mb / (ns / 1e9));
            }
        }
    }
}
