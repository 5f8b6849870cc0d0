//! `rollcheck lint` over migration histories: the bundled sample (8 Prisma migrations) and a
//! generated Prisma-style history of 500 migrations (tables created, columns added, backfilled,
//! tightened, renamed and dropped, indexes and foreign keys, types changed, with down scripts on
//! some). Reference in the same run: `rollcheck::catalog::load` of the same history, the replay
//! without the analysis, and `wc -l`-style reading of its files.
//!
//! `cargo bench --bench lint_history`.

mod common;

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, SystemTime};

use criterion::Criterion;
use rollcheck::analysis::lint::{lint, LintOptions};
use rollcheck::catalog::load;
use rollcheck::input::detect;

fn main() {
    let since = SystemTime::now();
    let full = common::bench_mode();
    let migrations = if full { 500 } else { 40 };
    let generated = common::prisma_history(migrations);
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/party-migration");
    eprintln!("machine: {}", common::machine());
    let report = lint(detect(&generated).unwrap(), &LintOptions::default()).unwrap();
    assert!(report.diagnostics.is_empty(), "the generated history replays cleanly: {:?}", &report.diagnostics[..1]);
    eprintln!(
        "{}: {} migrations, {} statements, {} findings",
        generated.display(),
        report.migrations,
        report.statements,
        report.findings.len()
    );

    let mut c = Criterion::default().configure_from_args().sample_size(20).warm_up_time(Duration::from_secs(1));
    let mut g = c.benchmark_group("lint_history");
    g.measurement_time(Duration::from_secs(if full { 10 } else { 1 }));
    for (id, source) in [("sample", &sample), ("generated", &generated)] {
        g.bench_function(format!("lint/{id}"), |b| {
            b.iter(|| black_box(lint(detect(source).unwrap(), &LintOptions::default()).unwrap()))
        });
        g.bench_function(format!("load/{id}"), |b| b.iter(|| black_box(load(source, None).unwrap())));
        g.bench_function(format!("read_files/{id}"), |b| b.iter(|| black_box(read_all(source))));
    }
    g.finish();
    c.final_summary();
    if !full {
        return;
    }
    println!("\nsummary (means of this run):");
    for id in ["sample", "generated"] {
        for what in ["lint", "load", "read_files"] {
            if let Some(ns) = common::criterion_mean_ns("lint_history", &format!("{what}/{id}"), since) {
                println!("  {what}/{id:<10} {:>9.2} ms", ns / 1e6);
            }
        }
    }
}

/// Reads every file of a history (the I/O floor).
fn read_all(dir: &Path) -> u64 {
    let mut lines = 0;
    for m in detect(dir).unwrap().migrations {
        lines += std::fs::read(m.path()).unwrap().iter().filter(|&&b| b == b'\n').count() as u64;
    }
    lines
}
