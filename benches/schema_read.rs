//! Schema reading of a real `pg_dump -s` of a generated 10,000-table schema: the whole pipeline
//! (`rollcheck::catalog::load`: split, parallel parse, replay) and the splitter alone; plus the
//! same pipeline on 1,000-, 2,500- and 5,000-table dumps of the same generator, to show how it
//! scales with the schema's size.
//!
//! `cargo bench --bench schema_read`. Inputs: see benches/common/mod.rs.

mod common;

use std::fs::File;
use std::hint::black_box;
use std::time::{Duration, SystemTime};

use criterion::{BenchmarkId, Criterion, Throughput};
use rollcheck::catalog::load;
use rollcheck::diagnostic::Severity;
use rollcheck::input::script::ScriptReader;

fn main() {
    let since = SystemTime::now();
    let full = common::bench_mode();
    let tables = if full { common::TABLES } else { 200 };
    let sizes: Vec<usize> = if full { vec![1_000, 2_500, 5_000, tables] } else { vec![100, tables] };
    let dumps: Vec<_> = sizes.iter().map(|&n| (n, common::schema_dump(n))).collect();
    eprintln!("machine: {}", common::machine());
    for (n, path) in &dumps {
        let bytes = common::warm(path);
        let t = std::time::Instant::now();
        let loaded = load(path, None).expect("load schema dump");
        let took = t.elapsed();
        let errors = loaded.diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
        let warnings = loaded.diagnostics.iter().filter(|d| d.severity == Severity::Warning).count();
        eprintln!(
            "{n} tables: {} ({bytes} bytes), one load {took:.2?}: {:?}; diagnostics: {errors} errors, {warnings} warnings",
            path.display(),
            loaded.catalog.counts()
        );
        if let Some(d) = loaded.diagnostics.iter().find(|d| d.severity == Severity::Error) {
            eprintln!("  first error: {d}");
        }
    }

    let mut c = Criterion::default().configure_from_args().sample_size(10).warm_up_time(Duration::from_secs(1));
    let (n, path) = dumps.last().expect("a dump");
    let bytes = common::file_len(path);
    {
        let mut g = c.benchmark_group("schema_read");
        g.throughput(Throughput::Bytes(bytes));
        g.measurement_time(Duration::from_secs(if full { 20 } else { 2 }));
        g.bench_function(format!("split_only/{n}_tables"), |b| {
            b.iter(|| ScriptReader::new(File::open(path).unwrap()).count())
        });
        g.bench_function(format!("load/{n}_tables"), |b| b.iter(|| black_box(load(path, None).unwrap())));
        g.finish();
    }
    {
        let mut g = c.benchmark_group("schema_read_scaling");
        g.measurement_time(Duration::from_secs(if full { 20 } else { 2 }));
        for (n, path) in &dumps {
            g.throughput(Throughput::Bytes(common::file_len(path)));
            g.bench_with_input(BenchmarkId::new("load", format!("{n}_tables")), path, |b, path| {
                b.iter(|| black_box(load(path, None).unwrap()))
            });
        }
        g.finish();
    }
    c.final_summary();

    println!("\nsummary (means of this run):");
    let mb = bytes as f64 / 1e6;
    for id in [format!("split_only/{n}_tables"), format!("load/{n}_tables")] {
        if let Some(ns) = common::criterion_mean_ns("schema_read", &id, since) {
            println!("  schema_read/{id:<28} {:>9.3} s  {:>8.1} MB/s", ns / 1e9, mb / (ns / 1e9));
        }
    }
    let mut first: Option<(usize, f64)> = None;
    for (n, _) in &dumps {
        if let Some(ns) = common::criterion_mean_ns("schema_read_scaling", &format!("load/{n}_tables"), since) {
            let per_table_us = ns / 1e3 / *n as f64;
            let (n0, ns0) = *first.get_or_insert((*n, ns));
            println!(
                "  load {n:>6} tables: {:>8.3} s  {per_table_us:>7.1} µs/table  (×{:.1} time for ×{:.1} tables)",
                ns / 1e9,
                ns / ns0,
                *n as f64 / n0 as f64
            );
        }
    }
}
