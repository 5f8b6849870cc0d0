//! The real migration tools (sqitch, dbmate, diesel) that the layout tests let apply
//! their fixtures: finding a tool or saying loudly why its test did not run (a
//! failure under CI), a connection URL to the test server's socket, a fixture
//! copied where a tool may write, and a database's schema as rollcheck reads a dump.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use super::{in_ci, Database, PgServer};

/// The program `name` from `PATH` (or `~/.cargo/bin` for what `cargo install` puts
/// there), if `name --version` runs. Without it: `None` after a loud notice, or a
/// panic under CI, both naming `install`, the way to get it.
pub fn require(name: &str, install: &str) -> Option<PathBuf> {
    let cargo_bin = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .map(|d| d.join("bin"));
    let dirs = std::env::var_os("PATH").map(|p| std::env::split_paths(&p).collect::<Vec<_>>()).unwrap_or_default();
    let found = dirs
        .into_iter()
        .chain(cargo_bin)
        .map(|d| d.join(name))
        .find(|p| p.is_file() && Command::new(p).arg("--version").output().is_ok_and(|o| o.status.success()));
    if found.is_some() {
        return found;
    }
    assert!(!in_ci(), "{name} is required under CI but was not found; run scripts/setup ({install})");
    eprintln!(
        "\n==================================================================\n\
         SKIPPED: {name} not found on PATH.\n\
         The test that lets the real {name} apply its fixture did NOT run.\n\
         Install it with scripts/setup ({install}).\n\
         ==================================================================\n"
    );
    None
}

/// `postgres://postgres@/DB?host=SOCKET_DIR&port=PORT`: libpq's URL for a database of
/// the test server, which listens on its Unix socket only.
pub fn libpq_url(server: &PgServer, db: &Database) -> String {
    format!("postgres://postgres@/{}?host={}&port={}", db.name(), server.socket_dir().display(), server.port())
}

/// Copies the folder `from` into `to` (which must not exist), so that a tool that writes
/// next to its migrations (Diesel's `schema.rs`, say) leaves the fixture unchanged.
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("mkdir {}: {e}", to.display()));
    for entry in std::fs::read_dir(from).unwrap_or_else(|e| panic!("{}: {e}", from.display())) {
        let entry = entry.expect("directory entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap_or_else(|e| panic!("copy to {}: {e}", target.display()));
        }
    }
}

/// Asserts that a tool run succeeded, with its output in the message; returns its stdout.
pub fn succeeded(what: &str, out: std::io::Result<Output>) -> String {
    let out = out.unwrap_or_else(|e| panic!("{what}: cannot run: {e}"));
    assert!(
        out.status.success(),
        "{what} failed ({}):\n{}{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The schema of `db` as rollcheck reads its `pg_dump --schema-only` (with `extra`
/// arguments, e.g. to leave a tool's bookkeeping out), the dump kept in `dir`.
pub fn dumped_schema(db: &Database, extra: &[&str], dir: &Path, file: &str) -> rollcheck::catalog::Catalog {
    let dump = dir.join(file);
    let mut args = vec!["--schema-only"];
    args.extend_from_slice(extra);
    std::fs::write(&dump, db.pg_dump(&args)).expect("write dump");
    rollcheck::catalog::load(&dump, None).expect("the dump reads").catalog
}
