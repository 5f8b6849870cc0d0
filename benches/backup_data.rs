//! Reading backups with their data, against the reference tools on the same files in the same
//! run: `rollcheck data` (every foreign key, NULL count and unique key, from the dump's own data)
//! on the custom archive of a 1 GiB data dump next to `pg_restore -f /dev/null` on the same
//! archive (decompress every table and write the SQL script nowhere), and `rollcheck inspect`
//! of the plain dump (format, header, every table's rows and field counts, the schema replayed)
//! next to `wc -l` on the same file. Every command runs as a process, the files in the page cache;
//! each process's peak memory (max RSS) comes from `wait4(2)`.
//!
//! The inputs are `common::data_dump(1024)` (a real pg_dump skeleton, 1 GiB of synthesized COPY
//! rows) and `common::data_archive(1024)`: that dump restored into PostgreSQL 15 and dumped again
//! by the real `pg_dump -Fc` (gzip).
//!
//! `cargo bench --bench backup_data`.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

use criterion::{Criterion, SamplingMode};

const ROLLCHECK: &str = env!("CARGO_BIN_EXE_rollcheck");

/// The commands compared: an id, the program, its arguments.
fn commands(plain: &Path, archive: &Path) -> Vec<(&'static str, String, Vec<String>)> {
    let s = |p: &Path| p.display().to_string();
    let pg_restore = Path::new(common::PG_BIN).join("pg_restore").display().to_string();
    let json = || vec!["--format".to_owned(), "json".to_owned()];
    vec![
        ("pg_restore_to_dev_null", pg_restore, vec!["-f".into(), "/dev/null".into(), s(archive)]),
        ("rollcheck_data_custom", ROLLCHECK.into(), [vec!["data".into(), s(archive)], json()].concat()),
        ("rollcheck_data_plain", ROLLCHECK.into(), [vec!["data".into(), s(plain)], json()].concat()),
        ("wc_l_plain", "wc".into(), vec!["-l".into(), s(plain)]),
        ("rollcheck_inspect_plain", ROLLCHECK.into(), [vec!["inspect".into(), s(plain)], json()].concat()),
        ("rollcheck_inspect_custom", ROLLCHECK.into(), [vec!["inspect".into(), s(archive)], json()].concat()),
    ]
}

/// Runs a command to its end, output discarded: wall time, peak memory in KiB, exit status.
// The child is reaped by `wait4`, which clippy does not see.
#[allow(clippy::zombie_processes)]
fn run(program: &str, args: &[String]) -> (Duration, u64, i32) {
    let start = Instant::now();
    let child = Command::new(program)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("{program}: {e}"));
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value, and wait4 writes a whole one for our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    assert_eq!(pid, child.id() as libc::pid_t, "wait4 {program}");
    let code = if libc::WIFEXITED(status) { libc::WEXITSTATUS(status) } else { -1 };
    (start.elapsed(), usage.ru_maxrss as u64, code)
}

fn main() {
    let since = SystemTime::now();
    let full = common::bench_mode();
    let mib = if full { 1024 } else { 8 };
    let plain = common::data_dump(mib);
    let archive = common::data_archive(mib);
    eprintln!("machine: {}", common::machine());
    let commands = commands(&plain, &archive);
    let mut memory = Vec::new();
    for (id, program, args) in &commands {
        common::warm(&plain);
        common::warm(&archive);
        let (elapsed, rss, code) = run(program, args);
        // `data` exits 1 when it finds orphans or duplicates, which this data has none of.
        assert_eq!(code, 0, "{id} exited with {code}");
        eprintln!("{id}: {elapsed:.2?}, max RSS {:.1} MiB", rss as f64 / 1024.0);
        memory.push((*id, rss));
    }

    let mut c = Criterion::default().configure_from_args().sample_size(10).warm_up_time(Duration::from_secs(1));
    let mut g = c.benchmark_group("backup_data");
    g.sampling_mode(SamplingMode::Flat);
    g.measurement_time(Duration::from_secs(if full { 40 } else { 1 }));
    for (id, program, args) in &commands {
        g.bench_function(*id, |b| b.iter(|| run(program, args)));
    }
    g.finish();
    c.final_summary();
    if !full {
        return; // `cargo test --benches`: criterion ran each bench once and wrote no estimates
    }

    let mean = |id: &str| common::criterion_mean_ns("backup_data", id, since);
    let archive_len = common::file_len(&archive);
    let plain_len = common::file_len(&plain);
    println!("\nsummary (means of this run; plain {plain_len} bytes, custom archive {archive_len} bytes):");
    for (id, rss) in &memory {
        if let Some(ns) = mean(id) {
            println!("  {id:<26} {:>8.3} s   max RSS {:>7.1} MiB", ns / 1e9, *rss as f64 / 1024.0);
        }
    }
    if let (Some(ours), Some(theirs)) = (mean("rollcheck_data_custom"), mean("pg_restore_to_dev_null")) {
        println!("  data check / pg_restore -f /dev/null: {:.2} (below 1.0: faster)", ours / theirs);
    }
    if let (Some(ours), Some(wc)) = (mean("rollcheck_inspect_plain"), mean("wc_l_plain")) {
        println!("  inspect of the plain dump: {:.0}% of wc -l's throughput", 100.0 * wc / ours);
    }
}
