//! `rollcheck lint` over migration histories: the bundled sample (8 Prisma migrations) and a
//! generated Prisma-style history of 500 migrations (tables created, columns added, backfilled,
//! tightened, renamed and dropped, indexes and foreign keys, types changed, with down scripts on
//! some). Reference in the same run: `rollcheck::catalog::load` of the same history, the replay
//! without the analysis, and `wc -l`-style reading of its files.
//!
//! `cargo bench --bench lint_history`.

mod common;

use std::fmt::Write as _;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use criterion::Criterion;
use rollcheck::analysis::lint::{lint, LintOptions};
use rollcheck::catalog::load;
use rollcheck::input::detect;

/// Bump when the generated history changes.
const HISTORY_VERSION: u32 = 1;

fn main() {
    let since = SystemTime::now();
    let full = common::bench_mode();
    let migrations = if full { 500 } else { 40 };
    let generated = history(migrations);
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

/// A Prisma-style history of `n` migrations (cached in the bench data folder).
fn history(n: usize) -> PathBuf {
    let dir = common::data_dir().join(format!("history_{n}.v{HISTORY_VERSION}"));
    let migrations = dir.join("prisma/migrations");
    if migrations.join("migration_lock.toml").is_file() {
        return dir;
    }
    std::fs::create_dir_all(&migrations).unwrap();
    let mut rng = common::Rng::new(42);
    // Each table: its name and the columns it has now.
    let mut tables: Vec<(String, Vec<String>)> = Vec::new();
    for i in 0..n {
        let name = format!("2025{:010}_step_{i}", i);
        let folder = migrations.join(&name);
        std::fs::create_dir_all(&folder).unwrap();
        let mut sql = String::new();
        let mut down = None;
        if tables.len() < 5 || rng.chance(30) {
            let t = format!("Entity{i}");
            let cols: Vec<String> = (0..4 + rng.below(8)).map(|c| format!("field{c}")).collect();
            writeln!(sql, "-- CreateTable\nCREATE TABLE \"{t}\" (\n    \"id\" SERIAL NOT NULL,").unwrap();
            for c in &cols {
                writeln!(sql, "    \"{c}\" TEXT,").unwrap();
            }
            writeln!(sql, "    \"createdAt\" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,\n\n    CONSTRAINT \"{t}_pkey\" PRIMARY KEY (\"id\")\n);\n").unwrap();
            writeln!(sql, "-- CreateIndex\nCREATE INDEX \"{t}_createdAt_idx\" ON \"{t}\"(\"createdAt\");\n").unwrap();
            down = Some(format!("DROP TABLE \"{t}\";\n"));
            tables.push((t, cols));
        }
        let k = rng.below(tables.len() as u64) as usize;
        let (t, cols) = &mut tables[k];
        match rng.below(6) {
            0 => {
                let c = format!("added{i}");
                writeln!(sql, "-- AlterTable\nALTER TABLE \"{t}\" ADD COLUMN     \"{c}\" INTEGER;\n").unwrap();
                writeln!(sql, "UPDATE \"{t}\" SET \"{c}\" = 0 WHERE \"{c}\" IS NULL;\n").unwrap();
                cols.push(c);
            }
            1 if cols.len() > 2 => {
                let c = cols.remove(rng.below(cols.len() as u64) as usize);
                writeln!(sql, "-- AlterTable\nALTER TABLE \"{t}\" DROP COLUMN \"{c}\";\n").unwrap();
                down = Some(format!("ALTER TABLE \"{t}\" ADD COLUMN \"{c}\" TEXT;\n"));
            }
            2 if !cols.is_empty() => {
                let j = rng.below(cols.len() as u64) as usize;
                let new = format!("{}_r{i}", cols[j]);
                writeln!(sql, "-- AlterTable\nALTER TABLE \"{t}\" RENAME COLUMN \"{}\" TO \"{new}\";\n", cols[j])
                    .unwrap();
                cols[j] = new;
            }
            3 if !cols.is_empty() => {
                let c = &cols[rng.below(cols.len() as u64) as usize];
                writeln!(sql, "-- AlterTable\nALTER TABLE \"{t}\" ALTER COLUMN \"{c}\" TYPE VARCHAR(255);\n").unwrap();
            }
            4 if !cols.is_empty() => {
                let c = &cols[rng.below(cols.len() as u64) as usize];
                writeln!(sql, "-- CreateIndex\nCREATE INDEX \"{t}_{c}_{i}_idx\" ON \"{t}\"(\"{c}\");\n").unwrap();
            }
            _ => {
                let (other, _) = &tables[rng.below(tables.len() as u64) as usize];
                let (t, _) = &tables[k];
                let c = format!("ref{i}");
                writeln!(
                    sql,
                    "-- AlterTable\nALTER TABLE \"{t}\" ADD COLUMN     \"{c}\" INTEGER;\n\n-- AddForeignKey\nALTER TABLE \"{t}\" ADD CONSTRAINT \"{t}_{c}_fkey\" FOREIGN KEY (\"{c}\") REFERENCES \"{other}\"(\"id\") ON DELETE SET NULL ON UPDATE CASCADE;\n"
                )
                .unwrap();
                tables[k].1.push(c);
            }
        }
        std::fs::write(folder.join("migration.sql"), sql).unwrap();
        if let Some(down) = down {
            std::fs::write(folder.join("down.sql"), down).unwrap();
        }
    }
    std::fs::write(migrations.join("migration_lock.toml"), "provider = \"postgresql\"\n").unwrap();
    dir
}
