//! Generates (or finds cached) the bench inputs and prints their paths, one `name=path` a line.
//! `benches/compare.sh` runs it as `cargo bench --bench gen_inputs`. Run without `--bench`
//! (as `cargo test --benches` does) it only generates the small smoke-test inputs.

mod common;

fn main() {
    let (tables, big, small) = if common::bench_mode() { (common::TABLES, 1024, 256) } else { (200, 8, 2) };
    let schema = common::schema_dump(tables);
    let statements = common::statements_file(&schema);
    let data_big = common::data_dump(big);
    let data_small = common::data_dump(small);
    println!("schema={}", schema.display());
    println!("statements={}", statements.display());
    println!("data_big={}", data_big.display());
    println!("data_small={}", data_small.display());
}
