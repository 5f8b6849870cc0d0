//! Test support: a throwaway PostgreSQL 15 server, the oracle that rollcheck's tests compare against.
//!
//! Every test binary that says `mod support;` gets at most one server, started on the first call to
//! [`server()`] and shared by all tests of that binary (they run on parallel threads; each test works in
//! its own database from [`PgServer::create_database`]). rollcheck itself never connects to a database:
//! only the tests do, through the real `psql` and `pg_dump` binaries.
//!
//! Lifetime. A `static` is never dropped, so the server is tied to the test process in another way: a
//! watchdog shell is started *before* `initdb` with the write end of a pipe kept in the server. The kernel
//! closes that pipe when the test process ends, however it ends (normal exit, panic, `SIGKILL`); the
//! watchdog's `cat` then sees end of file, and it stops the server with `pg_ctl stop -m immediate` and
//! removes the temporary directory. Polling the test's pid with `kill -0` would not work when the tests
//! run as root, because the watchdog runs as `postgres` and `kill -0` on root's process fails with EPERM
//! exactly as it does for a dead one.
//!
//! Isolation. The server listens on a Unix socket in its own private temporary directory and on no TCP
//! address (`listen_addresses=''`). The socket file and its lock file are named after the port *inside*
//! that directory, and the shared-memory key is derived from the data directory, so two test binaries can
//! run servers with the same port number at the same time.
//!
//! Root. PostgreSQL refuses to run as root, and CI runs as root: then the temporary directory belongs to
//! the `postgres` user and `initdb`, `postgres` and the watchdog run through `runuser -u postgres --`.
//! The clients (`psql`, `pg_dump`) always run as the current user with `-h <socket dir> -U postgres`.

#![allow(dead_code)]

pub mod scenario;
pub mod tools;

use std::ffi::OsStr;
use std::fs;
use std::io::{Read, Write};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::thread;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// The port number the server is told to use. It only names the socket file inside the private socket
/// directory (no TCP), so it need not differ between concurrently running test binaries.
const PORT: u16 = 5432;
/// The bootstrap superuser created by `initdb -U`, and the OS user the server runs as under root.
const SUPERUSER: &str = "postgres";
/// How long the server may take to accept connections after `postgres` was started.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(60);
/// How long one client command (psql, pg_dump) may run before it is killed.
const CLIENT_TIMEOUT: Duration = Duration::from_secs(180);

/// The shared throwaway server of this test binary.
pub struct PgServer {
    conn: Conn,
    root: PathBuf,
    data_dir: PathBuf,
    log_file: PathBuf,
    /// The write end of the watchdog's standard input; never written, never closed while the process lives.
    _lifeline: Mutex<ChildStdin>,
    /// The process that runs the postmaster (`runuser` under root, the postmaster itself otherwise).
    _postmaster: Mutex<Child>,
    databases: AtomicUsize,
}

/// Everything a client needs to reach the server; cheap to clone into each [`Database`].
#[derive(Clone, Debug)]
struct Conn {
    bindir: PathBuf,
    socket_dir: PathBuf,
    port: u16,
}

/// One database on the shared server, dropped (with `WITH (FORCE)`) when this value is dropped.
pub struct Database {
    conn: Conn,
    name: String,
}

enum Outcome {
    Ready(PgServer),
    /// PostgreSQL 15 is not installed; the text says what was looked for.
    Missing(String),
    /// PostgreSQL is installed but the server could not be started; the text says why.
    Failed(String),
}

static SERVER: OnceLock<Outcome> = OnceLock::new();

/// The per-test-binary shared throwaway server, started on first use.
///
/// Returns `None` when PostgreSQL 15 is not installed and the environment variable `CI` is not set, after
/// printing a loud warning to stderr (straight to the file descriptor, so the test harness does not
/// capture it). Under CI a missing server is a panic, never a silent skip. A server that is installed but
/// fails to start is always a panic, with its log.
pub fn server() -> Option<&'static PgServer> {
    let outcome = SERVER.get_or_init(|| match find_bindir() {
        Err(why) => {
            if !in_ci() {
                let mut err = std::io::stderr().lock();
                let _ = writeln!(
                    err,
                    "\n==================================================================\n\
                     SKIPPED: PostgreSQL 15 not found ({why}).\n\
                     The tests that use a real server as their oracle did NOT run.\n\
                     Install it with scripts/setup (or set ROLLCHECK_PG_BINDIR).\n\
                     ==================================================================\n"
                );
            }
            Outcome::Missing(why)
        }
        Ok(bindir) => match PgServer::start(bindir) {
            Ok(server) => Outcome::Ready(server),
            Err(why) => Outcome::Failed(why),
        },
    });
    match outcome {
        Outcome::Ready(server) => Some(server),
        Outcome::Missing(why) if in_ci() => {
            panic!("PostgreSQL 15 is required under CI but was not found ({why}); run scripts/setup")
        }
        Outcome::Missing(_) => None,
        Outcome::Failed(why) => panic!("could not start the throwaway PostgreSQL server: {why}"),
    }
}

/// `CI` is set to anything but an empty string, `0` or `false`.
fn in_ci() -> bool {
    match std::env::var("CI") {
        Ok(value) => !matches!(value.trim().to_ascii_lowercase().as_str(), "" | "0" | "false"),
        Err(_) => false,
    }
}

/// Where the PostgreSQL 15 binaries are: `/usr/lib/postgresql/15/bin`, `pg_config --bindir`, then `PATH`;
/// or only `$ROLLCHECK_PG_BINDIR` when that is set. The directory must hold `postgres` of major version 15
/// and the client programs.
fn find_bindir() -> Result<PathBuf, String> {
    let mut candidates = Vec::new();
    if let Some(dir) = std::env::var_os("ROLLCHECK_PG_BINDIR") {
        candidates.push(PathBuf::from(dir));
        return find_in(candidates);
    }
    candidates.push(PathBuf::from("/usr/lib/postgresql/15/bin"));
    if let Ok(out) = Command::new("pg_config").arg("--bindir").stderr(Stdio::null()).output() {
        if out.status.success() {
            candidates.push(PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()));
        }
    }
    if let Some(path) = std::env::var_os("PATH") {
        candidates.extend(std::env::split_paths(&path));
    }
    find_in(candidates)
}

/// The first directory of `candidates` with a complete PostgreSQL 15.
fn find_in(candidates: Vec<PathBuf>) -> Result<PathBuf, String> {
    let mut seen = Vec::new();
    for dir in &candidates {
        let postgres = dir.join("postgres");
        if !postgres.is_file() {
            continue;
        }
        let version = Command::new(&postgres).arg("--version").stderr(Stdio::null()).output();
        let version = match version {
            Ok(out) if out.status.success() => String::from_utf8_lossy(&out.stdout).trim().to_string(),
            _ => continue,
        };
        // "postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)"
        let major = version.split_whitespace().nth(2).and_then(|v| v.split('.').next()).unwrap_or("");
        let complete = ["initdb", "pg_ctl", "pg_isready", "psql", "pg_dump"].iter().all(|t| dir.join(t).is_file());
        if major == "15" && complete {
            return Ok(dir.clone());
        }
        seen.push(format!("{} is {version:?}", dir.display()));
    }
    if seen.is_empty() {
        let places: Vec<String> = candidates.iter().take(3).map(|p| p.display().to_string()).collect();
        Err(format!(
            "no `postgres` binary in {}{}",
            places.join(", "),
            if candidates.len() > 3 { " or PATH" } else { "" }
        ))
    } else {
        Err(format!("only other versions or incomplete installs: {}", seen.join("; ")))
    }
}

/// The effective uid of this process, from `/proc/self/status` (fields: real, effective, saved, fs).
fn effective_uid() -> u32 {
    let status = fs::read_to_string("/proc/self/status").unwrap_or_default();
    let from_proc = status
        .lines()
        .find_map(|line| line.strip_prefix("Uid:"))
        .and_then(|ids| ids.split_whitespace().nth(1))
        .and_then(|id| id.parse().ok());
    from_proc.unwrap_or_else(|| {
        let out = Command::new("id").arg("-u").output().expect("running `id -u`");
        String::from_utf8_lossy(&out.stdout).trim().parse().expect("`id -u` prints a number")
    })
}

/// The uid and gid of an OS user, or None when there is no such user.
fn os_user_ids(user: &str) -> Option<(u32, u32)> {
    let id = |flag: &str| -> Option<u32> {
        let out = Command::new("id").args([flag, user]).stderr(Stdio::null()).output().ok()?;
        if !out.status.success() {
            return None;
        }
        String::from_utf8_lossy(&out.stdout).trim().parse().ok()
    };
    Some((id("-u")?, id("-g")?))
}

/// A process id that is alive (exists and is not a zombie waiting to be reaped).
pub fn process_alive(pid: u32) -> bool {
    match fs::read_to_string(format!("/proc/{pid}/stat")) {
        // "pid (comm) S ...": the state follows the last ')' since comm may contain anything.
        Ok(stat) => stat.rsplit_once(')').map(|(_, rest)| rest.trim_start()).is_some_and(|rest| !rest.starts_with('Z')),
        Err(_) => false,
    }
}

/// The shell script of the watchdog. Positional parameters: $1 bindir, $2 data dir, $3 temporary root.
/// Its standard input is a pipe whose only write end is held by the test process.
const WATCHDOG: &str = r#"
trap '' HUP INT TERM QUIT PIPE
cat >/dev/null
"$1/pg_ctl" stop -D "$2" -m immediate -w -t 60 >/dev/null 2>&1
rm -rf -- "$3"
"#;

impl PgServer {
    fn start(bindir: PathBuf) -> Result<PgServer, String> {
        let as_root = effective_uid() == 0;
        let owner = if as_root {
            let ids = os_user_ids(SUPERUSER).or_else(|| {
                // Normally the postgresql-common package creates this user (and scripts/setup recreates it);
                // create it the same way only if it is missing.
                let group_exists =
                    Command::new("getent").args(["group", SUPERUSER]).output().is_ok_and(|o| o.status.success());
                let group: &[&str] = if group_exists { &["--gid", SUPERUSER] } else { &["--user-group"] };
                let _ = Command::new("useradd")
                    .arg("--system")
                    .args(group)
                    .args(["--home-dir", "/var/lib/postgresql", "--shell", "/bin/bash", SUPERUSER])
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .status();
                os_user_ids(SUPERUSER)
            });
            Some(
                ids.ok_or("running as root, and there is no OS user `postgres` to run the server as (useradd failed)")?,
            )
        } else {
            None
        };

        // /tmp is traversable by every user; $TMPDIR under root might not be (e.g. /root/tmp).
        let base = if as_root { PathBuf::from("/tmp") } else { std::env::temp_dir() };
        let root = make_private_dir(&base)?;
        let socket_dir = root.join("sock");
        let data_dir = root.join("data");
        let log_file = root.join("postgres.log");
        let result = (|| {
            fs::create_dir(&socket_dir).map_err(|e| format!("creating {}: {e}", socket_dir.display()))?;
            fs::write(&log_file, b"").map_err(|e| format!("creating {}: {e}", log_file.display()))?;
            if let Some((uid, gid)) = owner {
                for path in [&root, &socket_dir, &log_file] {
                    std::os::unix::fs::chown(path, Some(uid), Some(gid))
                        .map_err(|e| format!("chown {} to postgres: {e}", path.display()))?;
                }
            }
            Ok::<(), String>(())
        })();
        if let Err(why) = result {
            let _ = fs::remove_dir_all(&root);
            return Err(why);
        }

        // The watchdog comes first, so that the directory is removed even if the test process dies
        // during initdb.
        let mut watchdog = server_command(as_root, "sh");
        watchdog
            .args(["-c", WATCHDOG, "rollcheck-pg-watchdog"])
            .arg(&bindir)
            .arg(&data_dir)
            .arg(&root)
            .current_dir(&root)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            // Its own process group: a Ctrl-C in the terminal must not kill it before it cleans up.
            .process_group(0);
        let mut watchdog = match watchdog.spawn() {
            Ok(child) => child,
            Err(e) => {
                let _ = fs::remove_dir_all(&root);
                return Err(format!("starting the watchdog: {e}"));
            }
        };
        let lifeline = watchdog.stdin.take().expect("the watchdog's stdin is piped");
        // From here on the watchdog owns the cleanup of `root`.

        let mut initdb = server_command(as_root, bindir.join("initdb"));
        initdb
            .arg("-D")
            .arg(&data_dir)
            .args(["-A", "trust", "-U", SUPERUSER, "--no-sync", "-E", "UTF8", "--locale=C", "--no-instructions"])
            .current_dir(&root)
            .stdin(Stdio::null());
        let out = run(initdb, STARTUP_TIMEOUT).map_err(|e| format!("running initdb: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "initdb failed ({}):\n{}{}",
                out.status,
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ));
        }

        let log = fs::OpenOptions::new().append(true).open(&log_file).map_err(|e| format!("opening the log: {e}"))?;
        let log2 = log.try_clone().map_err(|e| format!("opening the log: {e}"))?;
        let mut postgres = server_command(as_root, bindir.join("postgres"));
        postgres
            .arg("-D")
            .arg(&data_dir)
            .arg("-k")
            .arg(&socket_dir)
            .args(["-c", "listen_addresses=", "-c", "fsync=off", "-c", "full_page_writes=off"])
            .args(["-c", "synchronous_commit=off", "-c", "max_connections=100"])
            .args(["-p", &PORT.to_string()])
            .current_dir(&root)
            .stdin(Stdio::null())
            .stdout(log)
            .stderr(log2)
            .process_group(0);
        let mut postmaster = postgres.spawn().map_err(|e| format!("starting postgres: {e}"))?;

        let conn = Conn { bindir: bindir.clone(), socket_dir, port: PORT };
        let deadline = Instant::now() + STARTUP_TIMEOUT;
        loop {
            if let Ok(Some(status)) = postmaster.try_wait() {
                return Err(format!(
                    "postgres exited during startup ({status}); its log {}:\n{}",
                    log_file.display(),
                    fs::read_to_string(&log_file).unwrap_or_default()
                ));
            }
            let mut ready = conn.client("pg_isready");
            ready.args(["-d", "postgres", "-t", "2"]).stdout(Stdio::null()).stderr(Stdio::null());
            if ready.status().map(|s| s.success()).unwrap_or(false) {
                break;
            }
            if Instant::now() > deadline {
                return Err(format!(
                    "postgres did not accept connections within {STARTUP_TIMEOUT:?}; its log {}:\n{}",
                    log_file.display(),
                    fs::read_to_string(&log_file).unwrap_or_default()
                ));
            }
            thread::sleep(Duration::from_millis(50));
        }

        Ok(PgServer {
            conn,
            root,
            data_dir,
            log_file,
            _lifeline: Mutex::new(lifeline),
            _postmaster: Mutex::new(postmaster),
            databases: AtomicUsize::new(0),
        })
    }

    /// A new empty database with a unique name derived from the hint (lowercase letters, digits and `_`).
    pub fn create_database(&self, hint: &str) -> Database {
        let n = self.databases.fetch_add(1, Ordering::Relaxed);
        let mut stem: String = hint
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' })
            .collect::<String>()
            .split('_')
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join("_");
        stem.truncate(48);
        if stem.is_empty() || stem.starts_with(|c: char| c.is_ascii_digit()) {
            stem.insert_str(0, "db_");
        }
        let name = format!("{stem}_{n}");
        let db = Database { conn: self.conn.clone(), name };
        // The name is made of [a-z0-9_] only, so it needs no quoting beyond the double quotes.
        let create =
            format!("CREATE DATABASE \"{}\" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'", db.name);
        if let Err(e) = db.conn.psql_command("postgres", &create) {
            panic!("creating database {}: {e}", db.name);
        }
        db
    }

    /// The path of a PostgreSQL client or server program, e.g. `bin("pg_dump")`.
    pub fn bin(&self, tool: &str) -> PathBuf {
        self.conn.bindir.join(tool)
    }

    /// The private directory that holds the data directory, the socket and the log; gone after exit.
    pub fn root_dir(&self) -> &Path {
        &self.root
    }

    /// The directory of the Unix socket, for `-h`.
    pub fn socket_dir(&self) -> &Path {
        &self.conn.socket_dir
    }

    pub fn port(&self) -> u16 {
        self.conn.port
    }

    /// The pid of the postmaster, from `postmaster.pid`.
    pub fn postmaster_pid(&self) -> u32 {
        let pidfile = fs::read_to_string(self.data_dir.join("postmaster.pid")).expect("reading postmaster.pid");
        pidfile.lines().next().and_then(|l| l.trim().parse().ok()).expect("a pid on the first line of postmaster.pid")
    }

    /// What the server has logged so far.
    pub fn log(&self) -> String {
        fs::read_to_string(&self.log_file).unwrap_or_default()
    }
}

/// A command for a server-side program: run through `runuser -u postgres --` when we are root.
fn server_command(as_root: bool, program: impl AsRef<OsStr>) -> Command {
    let mut cmd = if as_root {
        let mut cmd = Command::new("runuser");
        cmd.args(["-u", SUPERUSER, "--"]).arg(program);
        cmd
    } else {
        Command::new(program)
    };
    scrub_env(&mut cmd);
    cmd
}

/// Remove every `PG*` variable (PGDATA, PGHOST, PGDATABASE, PGOPTIONS, PGSERVICE, ...) that the
/// developer's environment might carry, and make messages English so that tests can match them.
fn scrub_env(cmd: &mut Command) {
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("PG") {
            cmd.env_remove(&key);
        }
    }
    cmd.env("LC_ALL", "C").env_remove("LANGUAGE").env("PGAPPNAME", "rollcheck-tests");
}

/// A new directory `<base>/rollcheck-pg-<pid>-<n>` with mode 0700.
fn make_private_dir(base: &Path) -> Result<PathBuf, String> {
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
    for attempt in 0..100u32 {
        let dir = base.join(format!("rollcheck-pg-{}-{:x}", std::process::id(), nanos.wrapping_add(attempt)));
        match fs::create_dir(&dir) {
            Ok(()) => {
                fs::set_permissions(&dir, fs::Permissions::from_mode(0o700))
                    .map_err(|e| format!("chmod 0700 {}: {e}", dir.display()))?;
                return Ok(dir.clone());
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(format!("creating a directory in {}: {e}", base.display())),
        }
    }
    Err(format!("could not create a fresh directory in {}", base.display()))
}

/// Run a command with its output captured, killing it after `timeout`.
fn run(mut cmd: Command, timeout: Duration) -> Result<Output, String> {
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().map_err(|e| format!("{:?}: {e}", cmd.get_program()))?;
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        thread::spawn(move || {
            let mut buf = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut buf);
            }
            buf
        })
    };
    let stdout = drain(child.stdout.take().map(|p| Box::new(p) as Box<dyn Read + Send>));
    let stderr = drain(child.stderr.take().map(|p| Box::new(p) as Box<dyn Read + Send>));
    let deadline = Instant::now() + timeout;
    let mut pause = Duration::from_millis(1);
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() > deadline => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("{:?} {:?} did not finish within {timeout:?}", cmd.get_program(), cmd.get_args()));
            }
            Ok(None) => {
                thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(20));
            }
            Err(e) => return Err(format!("waiting for {:?}: {e}", cmd.get_program())),
        }
    };
    Ok(Output { status, stdout: stdout.join().unwrap_or_default(), stderr: stderr.join().unwrap_or_default() })
}

impl Conn {
    /// A client program with the connection options (`-h <socket dir> -p <port> -U postgres`).
    fn client(&self, tool: &str) -> Command {
        let mut cmd = Command::new(self.bindir.join(tool));
        scrub_env(&mut cmd);
        cmd.arg("-h").arg(&self.socket_dir).args(["-p", &self.port.to_string(), "-U", SUPERUSER]).stdin(Stdio::null());
        cmd
    }

    fn psql(&self, database: &str) -> Command {
        let mut cmd = self.client("psql");
        cmd.args(["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", database]);
        cmd
    }

    /// Run psql; Ok(stdout) on success, Err(stderr) otherwise.
    fn run_psql(&self, cmd: Command) -> Result<String, String> {
        let out = run(cmd, CLIENT_TIMEOUT)?;
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).into_owned())
        } else {
            let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
            Err(if stderr.trim().is_empty() { format!("psql exited with {}", out.status) } else { stderr })
        }
    }

    fn psql_command(&self, database: &str, sql: &str) -> Result<String, String> {
        let mut cmd = self.psql(database);
        cmd.arg("-c").arg(sql);
        self.run_psql(cmd)
    }
}

impl Database {
    pub fn name(&self) -> &str {
        &self.name
    }

    /// `psql -X -q -v ON_ERROR_STOP=1 -f path` in its own session; Err(stderr) on failure.
    ///
    /// As with psql, a transaction the file leaves open is rolled back when the session ends.
    pub fn apply_file(&self, path: &Path) -> Result<(), String> {
        let mut cmd = self.conn.psql(&self.name);
        cmd.arg("-f").arg(path);
        self.conn.run_psql(cmd).map(drop)
    }

    /// Like [`Database::apply_file`], with the SQL given inline (written to a temporary file, so that
    /// psql's messages carry line numbers and statements such as `CREATE INDEX CONCURRENTLY` run as
    /// they would from a migration file).
    pub fn apply_sql(&self, sql: &str) -> Result<(), String> {
        let mut file = tempfile::Builder::new()
            .prefix("rollcheck-sql-")
            .suffix(".sql")
            .tempfile()
            .map_err(|e| format!("creating a temporary SQL file: {e}"))?;
        file.write_all(sql.as_bytes()).and_then(|()| file.flush()).map_err(|e| format!("writing SQL: {e}"))?;
        self.apply_file(file.path())
    }

    /// `psql -X -A -t -c sql`: unaligned tuples only (fields separated by `|`, one row a line), without
    /// the final newline.
    pub fn query(&self, sql: &str) -> Result<String, String> {
        let mut cmd = self.conn.psql(&self.name);
        cmd.args(["-A", "-t", "-c"]).arg(sql);
        let mut out = self.conn.run_psql(cmd)?;
        if out.ends_with('\n') {
            out.pop();
        }
        Ok(out)
    }

    /// `pg_dump --schema-only` in the plain format; panics with pg_dump's stderr on failure.
    pub fn dump_schema(&self) -> String {
        String::from_utf8(self.pg_dump(&["--schema-only"])).expect("pg_dump writes UTF-8 for a UTF-8 database")
    }

    /// pg_dump with extra arguments; its stdout. Panics with pg_dump's stderr on failure.
    pub fn pg_dump(&self, args: &[&str]) -> Vec<u8> {
        let mut cmd = self.conn.client("pg_dump");
        cmd.args(args).args(["-d", &self.name]);
        match run(cmd, CLIENT_TIMEOUT) {
            Ok(out) if out.status.success() => out.stdout,
            Ok(out) => panic!(
                "pg_dump {args:?} of database {} failed ({}):\n{}",
                self.name,
                out.status,
                String::from_utf8_lossy(&out.stderr)
            ),
            Err(e) => panic!("pg_dump {args:?} of database {}: {e}", self.name),
        }
    }
}

impl Drop for Database {
    fn drop(&mut self) {
        // Free the space early; the whole server goes away when the test process exits anyway.
        let drop = format!("DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)", self.name);
        let _ = self.conn.psql_command("postgres", &drop);
    }
}
