//! Generates (or finds cached) the bench inputs and prints their paths, one `name=path` a line.
//! `benches/compare.sh` runs it as `cargo bench --bench gen_inputs`. Run without `--bench`
//! (as `cargo test --benches` does) it only generates the small smoke-test inputs.
//! `-- --scaling` also generates the smaller schema dumps that `schema_read` uses.

mod common;

fn main() {
    let full = common::bench_mode();
    let (tables, big, small) = if full { (common::TABLES, 1024, 256) } else { (200, 8, 2) };
    if std::env::args().any(|a| a == "--scaling") {
        for n in common::scaling_sizes(full) {
            let dump = common::schema_dump(n);
            println!("schema_{n}={}", dump.display());
            println!("statements_{n}={}", common::statements_file(&dump).display());
        }
    }
    let schema = common::schema_dump(tables);
    let statements = common::statements_file(&schema);
    let data_big = common::data_dump(big);
    let data_small = common::data_dump(small);
    let archive_big = common::data_archive(big);
    println!("schema={}", schema.display());
    println!("statements={}", statements.display());
    println!("data_big={}", data_big.display());
    println!("data_small={}", data_small.display());
    println!("archive_big={}", archive_big.display());
}
