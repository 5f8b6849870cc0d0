//! DDL parsing throughput on the statements of the 10,000-table `pg_dump -s` (split first, not
//! timed): single-threaded `pg_query::parse` per statement (the parser floor), rollcheck's
//! `parse_statement` per statement on one thread (parse + lowering), rollcheck's
//! `parse_statements` (rayon, all cores) on all statements at once and in the 2,048-statement
//! batches `catalog::load` parses, and one `pg_query::parse` of the whole file.
//!
//! `cargo bench --bench ddl_parse`.

mod common;

use std::hint::black_box;
use std::time::{Duration, SystemTime};

use criterion::{BatchSize, Criterion, Throughput};
use rollcheck::sql::{parse_statement, parse_statements};

fn main() {
    let since = SystemTime::now();
    let full = common::bench_mode();
    let tables = if full { common::TABLES } else { 200 };
    let dump = common::schema_dump(tables);
    let statements = common::statements(&dump);
    let whole = std::fs::read_to_string(common::statements_file(&dump)).expect("read statements file");
    let bytes: u64 = statements.iter().map(|(s, _)| s.len() as u64).sum();
    eprintln!("machine: {}", common::machine());
    eprintln!("{} statements, {bytes} bytes of SQL, from {}", statements.len(), dump.display());
    let failures = statements.iter().filter(|(s, _)| pg_query::parse(s, 0).is_err()).count();
    assert_eq!(failures, 0, "every statement of the dump parses");

    let mut c = Criterion::default().configure_from_args().sample_size(10).warm_up_time(Duration::from_secs(1));
    let mut g = c.benchmark_group("ddl_parse");
    g.throughput(Throughput::Bytes(bytes));
    g.measurement_time(Duration::from_secs(if full { 22 } else { 2 }));
    g.bench_function("pg_query_parse/1_thread", |b| {
        b.iter(|| {
            for (sql, _) in &statements {
                black_box(pg_query::parse(sql, 0).unwrap());
            }
        })
    });
    g.bench_function("rollcheck_parse_statement/1_thread", |b| {
        b.iter_batched(
            || statements.clone(),
            |v| v.into_iter().map(|(s, l)| parse_statement(s, l)).collect::<Vec<_>>(),
            BatchSize::LargeInput,
        )
    });
    g.bench_function("rollcheck_parse_statements/rayon", |b| {
        b.iter_batched(|| statements.clone(), parse_statements, BatchSize::LargeInput)
    });
    // As `catalog::load` parses: batches of 2,048 statements, each batch's result dropped
    // before the next (there, after its replay), as the floor drops each result.
    g.bench_function("rollcheck_parse_statements/rayon_batches", |b| {
        b.iter_batched(
            || statements.clone(),
            |mut v| {
                while !v.is_empty() {
                    let rest = v.split_off(v.len().min(2048));
                    black_box(parse_statements(std::mem::replace(&mut v, rest)).len());
                }
            },
            BatchSize::LargeInput,
        )
    });
    g.bench_function("pg_query_parse/whole_file", |b| b.iter(|| black_box(pg_query::parse(&whole, 0).unwrap())));
    g.finish();
    c.final_summary();
    if !full {
        return; // `cargo test --benches`: criterion ran each bench once and wrote no estimates
    }

    println!("\nsummary (means of this run, {} statements, {:.1} MB):", statements.len(), bytes as f64 / 1e6);
    let floor = common::criterion_mean_ns("ddl_parse", "pg_query_parse/1_thread", since);
    for id in [
        "pg_query_parse/1_thread",
        "rollcheck_parse_statement/1_thread",
        "rollcheck_parse_statements/rayon",
        "rollcheck_parse_statements/rayon_batches",
        "pg_query_parse/whole_file",
    ] {
        if let Some(ns) = common::criterion_mean_ns("ddl_parse", id, since) {
            let speedup = floor.map(|f| format!("{:.2}x vs 1-thread pg_query::parse", f / ns)).unwrap_or_default();
            println!(
                "  {id:<38} {:>8.1} ms {:>7.1} MB/s {:>9.0} stmt/s  {speedup}",
                ns / 1e6,
                bytes as f64 / 1e6 / (ns / 1e9),
                statements.len() as f64 / (ns / 1e9)
            );
        }
    }
}
