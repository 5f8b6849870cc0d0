//! Inputs for the benches, generated on first use and cached under `target/bench-data/`
//! (or `$ROLLCHECK_BENCH_DATA`). Nothing generated here is committed.
//!
//! * [`schema_dump`]: a 10,000-table schema, generated as DDL, applied to a real PostgreSQL 15
//!   (a throw-away cluster in /tmp, run as the OS user `postgres` when we are root) and dumped
//!   with the real `pg_dump -s`.
//! * [`data_dump`]: a data-bearing plain dump of a given size. Its skeleton (header, DDL, `COPY`
//!   headers, constraints, footer, `\restrict` lines) is the real `pg_dump` output of a small
//!   database; the rows of its three big tables are then synthesized in COPY text format
//!   (escapes, `\N`, arrays, jsonb, timestamps) until the file has the requested size.
//! * [`prisma_history`], [`history_repository`]: a generated Prisma history of n migrations, and a
//!   git repository (built with `git fast-import`) whose every fourth commit adds the next one.
//! * [`posture_backups`]: real `pg_dump -s` (or `pg_dump`) backups of that history's database
//!   after k migrations, for k from [`backup_points`].
//!
//! The bench binaries and `benches/compare.sh` (through `cargo bench --bench gen_inputs`) all
//! go through this module. Each file name carries [`GEN_VERSION`], so a change here invalidates
//! the cache.
#![allow(dead_code)]

use std::fmt::Write as _;
use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;

use rollcheck::diagnostic::Location;
use rollcheck::input::script::{Piece, ScriptReader};

/// Bump when the generated schema dumps change.
pub const GEN_VERSION: u32 = 1;
/// Bump when the generated data dumps change.
pub const DATA_VERSION: u32 = 2;

/// Tables in the schema dump.
pub const TABLES: usize = 10_000;

/// Schema sizes for the scaling measurement of `schema_read` (the last one is [`TABLES`]).
pub fn scaling_sizes(full: bool) -> Vec<usize> {
    if full {
        vec![1_250, 2_500, 5_000, TABLES]
    } else {
        vec![50, 100, 200]
    }
}

pub const MIB: u64 = 1024 * 1024;

/// Where the PostgreSQL 15 server binaries are.
pub const PG_BIN: &str = "/usr/lib/postgresql/15/bin";

/// True when the binary runs as a benchmark (`cargo bench`), false when `cargo test --benches`
/// runs it once as a smoke test: then the inputs are small.
pub fn bench_mode() -> bool {
    std::env::args().any(|a| a == "--bench")
}

/// The folder that holds the generated inputs.
pub fn data_dir() -> PathBuf {
    let dir = match std::env::var_os("ROLLCHECK_BENCH_DATA") {
        Some(d) => PathBuf::from(d),
        None => {
            let target = std::env::var_os("CARGO_TARGET_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
            target.join("bench-data")
        }
    };
    fs::create_dir_all(&dir).expect("create bench-data folder");
    dir
}

/// `pg_dump -s` of the generated `tables`-table schema (cached).
pub fn schema_dump(tables: usize) -> PathBuf {
    let path = data_dir().join(format!("schema_{tables}t.v{GEN_VERSION}.sql"));
    if path.exists() {
        return path;
    }
    let t0 = std::time::Instant::now();
    eprintln!("bench-data: generating {} (real pg_dump -s of a {tables}-table schema)...", path.display());
    let pg = Pg::start();
    pg.create_db("bench");
    pg.run_sql("bench", &schema_ddl(tables));
    eprintln!("bench-data: DDL applied in {:.1?}", t0.elapsed());
    let tmp = path.with_extension("sql.tmp");
    pg.dump(&["-s", "bench"], &tmp);
    drop(pg);
    fs::rename(&tmp, &path).expect("rename schema dump");
    eprintln!("bench-data: {} written in {:.1?}", path.display(), t0.elapsed());
    path
}

/// The statements of a schema dump, rejoined as one script without psql meta-commands
/// (`\restrict` / `\unrestrict`): the input for squawk and for one whole-file `pg_query::parse`.
pub fn statements_file(dump: &Path) -> PathBuf {
    let path = dump.with_extension("statements.sql");
    if path.exists() {
        return path;
    }
    let mut out = String::new();
    for (sql, _) in statements(dump) {
        out.push_str(&sql);
        out.push_str(";\n\n");
    }
    let tmp = path.with_extension("tmp");
    fs::write(&tmp, out).expect("write statements file");
    fs::rename(&tmp, &path).expect("rename statements file");
    path
}

/// The statements of a file, split by rollcheck's splitter, with their locations.
pub fn statements(path: &Path) -> Vec<(String, Location)> {
    let name: Arc<str> = Arc::from(path.display().to_string());
    let file = File::open(path).expect("open input");
    ScriptReader::new(file)
        .filter_map(|p| match p {
            Piece::Statement { sql, line, column, offset } => {
                Some((sql, Location::new(name.clone(), line, column, offset)))
            }
            _ => None,
        })
        .collect()
}

/// A data-bearing plain dump of about `mib` MiB (at least that size; cached).
pub fn data_dump(mib: u64) -> PathBuf {
    let path = data_dir().join(format!("data_{mib}m.v{DATA_VERSION}.sql"));
    if path.exists() {
        return path;
    }
    let t0 = std::time::Instant::now();
    let skeleton = data_skeleton();
    eprintln!("bench-data: generating {} ({mib} MiB, rows synthesized into {})...", path.display(), skeleton.display());
    let tmp = path.with_extension("sql.tmp");
    expand_skeleton(&skeleton, &tmp, mib * MIB).expect("write data dump");
    fs::rename(&tmp, &path).expect("rename data dump");
    eprintln!("bench-data: {} written in {:.1?}", path.display(), t0.elapsed());
    path
}

/// The custom-format archive (`pg_dump -Fc`, default gzip compression) of [`data_dump`]`(mib)`:
/// the plain dump restored into a throw-away PostgreSQL 15 with psql (`ON_ERROR_STOP`, so the
/// synthesized rows satisfy every constraint and foreign key), then dumped by the real pg_dump.
/// Cached like the others; generating the 1 GiB one takes a few minutes.
pub fn data_archive(mib: u64) -> PathBuf {
    let path = data_dir().join(format!("data_{mib}m.v{DATA_VERSION}.dump"));
    if path.exists() {
        return path;
    }
    let plain = data_dump(mib);
    let t0 = std::time::Instant::now();
    eprintln!(
        "bench-data: generating {} (restore of {} into PostgreSQL 15, then pg_dump -Fc)...",
        path.display(),
        plain.display()
    );
    let pg = Pg::start();
    pg.create_db("benchdata");
    pg.run_sql("benchdata", "CREATE ROLE app;");
    pg.run_file("benchdata", &plain);
    let tmp = path.with_extension("dump.tmp");
    pg.dump(&["-Fc", "benchdata"], &tmp);
    drop(pg);
    fs::rename(&tmp, &path).expect("rename data archive");
    eprintln!("bench-data: {} written in {:.1?}", path.display(), t0.elapsed());
    path
}

/// Reads a file once so that it is in the page cache.
pub fn warm(path: &Path) -> u64 {
    let mut f = File::open(path).expect("open");
    let mut buf = vec![0u8; 1 << 20];
    let mut n = 0u64;
    loop {
        match io::Read::read(&mut f, &mut buf) {
            Ok(0) => break,
            Ok(k) => n += k as u64,
            Err(e) => panic!("read {}: {e}", path.display()),
        }
    }
    n
}

pub fn file_len(path: &Path) -> u64 {
    fs::metadata(path).expect("stat").len()
}

// ------------------------------------------------------------------------------------------------
// A throw-away PostgreSQL 15 cluster
// ------------------------------------------------------------------------------------------------

pub struct Pg {
    dir: PathBuf,
    sock: PathBuf,
    as_postgres: bool,
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0").unwrap_or(false)
}

impl Pg {
    /// initdb + start, listening on a Unix socket only (`listen_addresses = ''`).
    pub fn start() -> Pg {
        let bin = Path::new(PG_BIN);
        assert!(
            bin.join("postgres").exists(),
            "PostgreSQL 15 server binaries not found in {PG_BIN}: run scripts/setup (installs postgresql-15)"
        );
        let dir = std::env::temp_dir().join(format!("rollcheck-bench-pg-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("sock")).expect("create pg temp dir");
        let as_postgres = is_root();
        if as_postgres {
            run(Command::new("chown").args(["-R", "postgres:postgres"]).arg(&dir));
        }
        let pg = Pg { sock: dir.join("sock"), dir, as_postgres };
        let data = pg.dir.join("data");
        run(pg
            .cmd("initdb")
            .args(["-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync", "-D"])
            .arg(&data)
            .stdout(Stdio::null()));
        let opts = format!(
            "-c listen_addresses='' -k {} -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
             -c max_locks_per_transaction=1024 -c shared_buffers=256MB -c max_wal_size=4GB",
            pg.sock.display()
        );
        run(pg
            .cmd("pg_ctl")
            .arg("-D")
            .arg(&data)
            .arg("-l")
            .arg(pg.dir.join("server.log"))
            .args(["-o", &opts, "-w", "-t", "120", "start"])
            .stdout(Stdio::null()));
        pg
    }

    fn cmd(&self, program: &str) -> Command {
        let exe = Path::new(PG_BIN).join(program);
        if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(exe);
            c
        } else {
            Command::new(exe)
        }
    }

    fn client(&self, program: &str) -> Command {
        let mut c = self.cmd(program);
        c.arg("-h").arg(&self.sock).args(["-p", "5432", "-U", "postgres"]);
        c
    }

    pub fn create_db(&self, name: &str) {
        run(self.client("psql").args(["-X", "-q", "-d", "postgres", "-c", &format!("CREATE DATABASE {name}")]));
    }

    /// Runs a script with psql (ON_ERROR_STOP), feeding it on stdin.
    pub fn run_sql(&self, db: &str, sql: &str) {
        let mut child = self
            .client("psql")
            .args(["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", db, "-f", "-"])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .expect("spawn psql");
        {
            let mut stdin = child.stdin.take().expect("psql stdin");
            stdin.write_all(sql.as_bytes()).expect("write to psql");
        }
        let status = child.wait().expect("wait for psql");
        assert!(status.success(), "psql failed: {status}");
    }

    /// Runs a script file with psql (ON_ERROR_STOP), streaming it on stdin (the server's OS
    /// user need not be able to read it).
    pub fn run_file(&self, db: &str, script: &Path) {
        let input = File::open(script).unwrap_or_else(|e| panic!("open {}: {e}", script.display()));
        run(self
            .client("psql")
            .args(["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", db, "-f", "-"])
            .stdin(input)
            .stdout(Stdio::null()));
    }

    /// `pg_dump ARGS > out`.
    pub fn dump(&self, args: &[&str], out: &Path) {
        let file = File::create(out).expect("create dump file");
        run(self.client("pg_dump").args(args).stdout(file));
    }
}

impl Drop for Pg {
    fn drop(&mut self) {
        let _ = self
            .cmd("pg_ctl")
            .arg("-D")
            .arg(self.dir.join("data"))
            .args(["-m", "fast", "-w", "stop"])
            .stdout(Stdio::null())
            .status();
        let _ = fs::remove_dir_all(&self.dir);
    }
}

fn run(cmd: &mut Command) {
    let status = cmd.status().unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    assert!(status.success(), "{cmd:?} failed: {status}");
}

// ------------------------------------------------------------------------------------------------
// The schema
// ------------------------------------------------------------------------------------------------

/// A small deterministic generator (SplitMix64), so that every run writes the same inputs.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

const WORDS: &[&str] = &[
    "account",
    "order",
    "invoice",
    "customer",
    "product",
    "shipment",
    "payment",
    "ledger",
    "session",
    "device",
    "tenant",
    "member",
    "project",
    "ticket",
    "comment",
    "review",
    "coupon",
    "warehouse",
    "vendor",
    "contract",
];

fn table_name(i: usize) -> String {
    format!("{}_{:05}", WORDS[i % WORDS.len()], i)
}

fn table_schema(i: usize) -> &'static str {
    if i % 10 == 9 {
        "sales"
    } else {
        "public"
    }
}

/// DDL for a schema of `tables` tables, as an application would write it (serial and identity
/// keys, assorted column types, defaults, checks, indexes, foreign keys, comments, owners, a few
/// views, an enum, a trigger function and triggers). pg_dump turns it into its own form.
pub fn schema_ddl(tables: usize) -> String {
    let mut rng = Rng::new(0x5EED_0001);
    let mut s = String::with_capacity(tables * 1200);
    s.push_str(
        "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'app') THEN CREATE ROLE app; END IF; END $$;\n\
         GRANT CREATE ON SCHEMA public TO app;\n\
         CREATE SCHEMA sales AUTHORIZATION app;\n\
         COMMENT ON SCHEMA sales IS 'sales data';\n\
         CREATE TYPE public.order_status AS ENUM ('new', 'paid', 'shipped', 'cancelled');\n\
         ALTER TYPE public.order_status OWNER TO app;\n\
         CREATE DOMAIN public.email AS text CHECK (VALUE ~ '^[^@]+@[^@]+$');\n\
         ALTER DOMAIN public.email OWNER TO app;\n\
         CREATE FUNCTION public.touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $f$\n\
         BEGIN\n  NEW.updated_at := now();\n  RETURN NEW;\nEND\n$f$;\n\
         ALTER FUNCTION public.touch_updated_at() OWNER TO app;\n\
         SET ROLE app;\n",
    );
    for i in 0..tables {
        let schema = table_schema(i);
        let t = table_name(i);
        let q = format!("{schema}.{t}");
        let key = match i % 20 {
            0 => "id bigserial PRIMARY KEY",
            1 => "id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
            _ => "id serial PRIMARY KEY",
        };
        let mut cols: Vec<String> = vec![key.to_string()];
        let parent = if i > 0 && i % 3 != 0 { Some(i - 1 - rng.below(i.min(50) as u64) as usize) } else { None };
        if parent.is_some() {
            cols.push("parent_id integer NOT NULL".into());
        }
        cols.push(format!("name character varying({}) NOT NULL", 40 + rng.below(200)));
        cols.push(match i % 4 {
            0 => "email public.email".into(),
            1 => "email text".into(),
            2 => "code character(8)".into(),
            _ => "slug text NOT NULL DEFAULT ''".into(),
        });
        cols.push(match i % 5 {
            0 => "amount numeric(12,2) DEFAULT 0 NOT NULL CHECK (amount >= 0)".into(),
            1 => "quantity integer DEFAULT 1 NOT NULL".into(),
            2 => "score double precision".into(),
            3 => "weight real".into(),
            _ => "total bigint DEFAULT 0 NOT NULL".into(),
        });
        cols.push(match i % 3 {
            0 => "status public.order_status DEFAULT 'new'::public.order_status NOT NULL".into(),
            1 => "is_active boolean DEFAULT true NOT NULL".into(),
            _ => "flags smallint DEFAULT 0 NOT NULL".into(),
        });
        cols.push("created_at timestamp with time zone DEFAULT now() NOT NULL".into());
        cols.push("updated_at timestamp with time zone".into());
        cols.push(match i % 6 {
            0 => "payload jsonb DEFAULT '{}'::jsonb NOT NULL".into(),
            1 => "external_ref uuid".into(),
            2 => "tags text[] DEFAULT '{}'::text[] NOT NULL".into(),
            3 => "valid_on date".into(),
            4 => "raw bytea".into(),
            _ => "note text".into(),
        });
        let _ = writeln!(s, "CREATE TABLE {q} (\n    {}\n);", cols.join(",\n    "));
        if let Some(p) = parent {
            let on_delete = ["", " ON DELETE CASCADE", " ON DELETE SET NULL", " ON DELETE RESTRICT"][i % 4];
            let _ = writeln!(
                s,
                "ALTER TABLE {q} ADD CONSTRAINT {t}_parent_fk FOREIGN KEY (parent_id) REFERENCES {}.{}(id){on_delete};",
                table_schema(p),
                table_name(p)
            );
            let _ = writeln!(s, "CREATE INDEX {t}_parent_idx ON {q} (parent_id);");
        }
        if i % 4 == 1 {
            let _ = writeln!(s, "CREATE UNIQUE INDEX {t}_email_key ON {q} (lower(email));");
        }
        if i % 5 == 2 {
            let _ = writeln!(s, "CREATE INDEX {t}_created_idx ON {q} (created_at DESC, id);");
        }
        if i % 7 == 0 {
            let _ = writeln!(s, "ALTER TABLE {q} ADD CONSTRAINT {t}_name_key UNIQUE (name);");
        }
        if i % 3 == 1 && i % 11 == 0 {
            let _ = writeln!(s, "CREATE INDEX {t}_active_idx ON {q} (name) WHERE is_active;");
        }
        if i % 25 == 3 {
            let _ = writeln!(
                s,
                "CREATE TRIGGER {t}_touch BEFORE UPDATE ON {q} FOR EACH ROW EXECUTE FUNCTION public.touch_updated_at();"
            );
        }
        if i % 3 == 0 {
            let _ = writeln!(
                s,
                "COMMENT ON TABLE {q} IS 'Table {i}: {}s of the tenant''s workspace';",
                WORDS[i % WORDS.len()]
            );
        }
        if i % 8 == 0 {
            let _ = writeln!(s, "COMMENT ON COLUMN {q}.name IS 'display name';");
        }
        if i % 100 == 99 {
            let _ = writeln!(
                s,
                "CREATE VIEW {schema}.{t}_recent AS SELECT id, name, created_at FROM {q} WHERE created_at > now() - interval '30 days';"
            );
        }
    }
    s.push_str("RESET ROLE;\n");
    s
}

// ------------------------------------------------------------------------------------------------
// The data dump
// ------------------------------------------------------------------------------------------------

/// The big tables of the data dump: name, DDL columns, share of the rows' bytes.
const DATA_TABLES: &[(&str, &str, u64)] = &[
    (
        "accounts",
        "id bigint NOT NULL, email text NOT NULL, display_name text, created_at timestamp with time zone NOT NULL, \
         balance numeric(14,2) DEFAULT 0 NOT NULL, active boolean DEFAULT true NOT NULL, tags text[], meta jsonb",
        20,
    ),
    (
        "events",
        "id bigint NOT NULL, account_id bigint NOT NULL, kind character varying(32) NOT NULL, \
         payload jsonb NOT NULL, occurred_at timestamp with time zone NOT NULL, client_ip inet, note text",
        50,
    ),
    (
        "order_lines",
        "id bigint NOT NULL, order_id bigint NOT NULL, sku character varying(24) NOT NULL, quantity integer NOT NULL, \
         unit_price numeric(10,2) NOT NULL, discount numeric(5,2), shipped_on date, external_ref uuid",
        30,
    ),
];

/// The real `pg_dump` of a small database: 40 tables of the schema generator plus the three big
/// tables, each with two sample rows (cached).
fn data_skeleton() -> PathBuf {
    let path = data_dir().join(format!("data_skeleton.v{GEN_VERSION}.sql"));
    if path.exists() {
        return path;
    }
    eprintln!("bench-data: generating {} (real pg_dump of a small database)...", path.display());
    let mut sql = schema_ddl(40);
    sql.push_str("SET ROLE app;\n");
    for (name, cols, _) in DATA_TABLES {
        let _ = writeln!(sql, "CREATE TABLE public.{name} ({cols});");
        let _ = writeln!(sql, "ALTER TABLE public.{name} ADD CONSTRAINT {name}_pkey PRIMARY KEY (id);");
    }
    sql.push_str(
        "ALTER TABLE public.events ADD CONSTRAINT events_account_fk FOREIGN KEY (account_id) REFERENCES public.accounts(id);\n\
         CREATE INDEX events_account_idx ON public.events (account_id, occurred_at);\n\
         CREATE INDEX order_lines_order_idx ON public.order_lines (order_id);\n\
         INSERT INTO public.accounts VALUES (1, 'a@example.com', E'tab\\there', '2024-01-02 03:04:05.123456+00', 12.50, true, '{a,\"b c\"}', '{\"k\": 1}'),\n\
           (2, 'b@example.com', NULL, '2024-01-02 03:04:06+00', 0, false, NULL, NULL);\n\
         INSERT INTO public.events VALUES (1, 1, 'login', '{\"ok\": true}', '2024-01-02 03:04:05+00', '10.0.0.1', E'line\\nbreak \\\\ slash'),\n\
           (2, 2, 'logout', '{}', '2024-01-02 03:04:06+00', NULL, NULL);\n\
         INSERT INTO public.order_lines VALUES (1, 1, 'SKU-1', 2, 9.99, NULL, '2024-01-03', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'),\n\
           (2, 1, 'SKU-2', 1, 19.99, 5.00, NULL, NULL);\n\
         RESET ROLE;\n",
    );
    let pg = Pg::start();
    pg.create_db("benchdata");
    pg.run_sql("benchdata", &sql);
    let tmp = path.with_extension("sql.tmp");
    pg.dump(&["benchdata"], &tmp);
    drop(pg);
    fs::rename(&tmp, &path).expect("rename skeleton");
    path
}

/// Copies the skeleton, replacing the sample rows of the big tables' COPY blocks with
/// synthesized rows until the output has `target` bytes.
fn expand_skeleton(skeleton: &Path, out: &Path, target: u64) -> io::Result<()> {
    let skeleton_len = file_len(skeleton);
    let budget_total = target.saturating_sub(skeleton_len);
    let mut input = BufReader::new(File::open(skeleton)?);
    let mut w = BufWriter::with_capacity(1 << 20, File::create(out)?);
    let mut line = String::new();
    let mut rng = Rng::new(0xDA7A_0001);
    // Rows written to `accounts` (dumped before `events`, whose account_id references it).
    let mut accounts = 0u64;
    loop {
        line.clear();
        if input.read_line(&mut line)? == 0 {
            break;
        }
        w.write_all(line.as_bytes())?;
        let big = DATA_TABLES.iter().find(|(name, _, _)| line.starts_with(&format!("COPY public.{name} (")));
        if let Some((name, _, share)) = big {
            // Drop the sample rows, keep the `\.` line.
            loop {
                line.clear();
                if input.read_line(&mut line)? == 0 || line == "\\.\n" {
                    break;
                }
            }
            let budget = budget_total * share / 100;
            let mut written = 0u64;
            let mut row = String::with_capacity(512);
            let mut id = 1u64;
            while written < budget {
                row.clear();
                synth_row(name, id, accounts.max(1), &mut rng, &mut row);
                w.write_all(row.as_bytes())?;
                written += row.len() as u64;
                id += 1;
            }
            if *name == "accounts" {
                accounts = id - 1;
            }
            w.write_all(b"\\.\n")?;
        }
    }
    w.flush()
}

const FIRST: &[&str] =
    &["Ada", "Grace", "Linus", "Barbara", "Ken", "Edsger", "Frances", "Donald", "Margaret", "Niklaus"];
const LAST: &[&str] =
    &["Lovelace", "Hopper", "Torvalds", "Liskov", "Thompson", "Dijkstra", "Allen", "Knuth", "Hamilton", "Wirth"];
const KINDS: &[&str] = &["login", "logout", "view", "click", "purchase", "refund", "signup", "export"];

fn timestamp(rng: &mut Rng, out: &mut String) {
    let day = rng.below(28) + 1;
    let month = rng.below(12) + 1;
    let secs = rng.below(86_400);
    let _ = write!(out, "2024-{month:02}-{day:02} {:02}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60);
    if rng.chance(50) {
        // Fractional seconds as PostgreSQL prints them: no trailing zeros.
        let frac = format!("{:06}", rng.below(999_999) + 1);
        let _ = write!(out, ".{}", frac.trim_end_matches('0'));
    }
    out.push_str("+00");
}

/// Text in COPY's escaping: backslash, tab, newline and carriage return are escaped.
fn copy_text(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
}

/// One row of `table` in COPY text format; `accounts` is the number of account rows (for the
/// foreign key of `events`).
fn synth_row(table: &str, id: u64, accounts: u64, rng: &mut Rng, out: &mut String) {
    let first = FIRST[rng.below(FIRST.len() as u64) as usize];
    let last = LAST[rng.below(LAST.len() as u64) as usize];
    match table {
        "accounts" => {
            let _ = write!(out, "{id}\t{}.{}{}@example.com\t", first.to_lowercase(), last.to_lowercase(), id);
            if rng.chance(10) {
                out.push_str("\\N");
            } else if rng.chance(5) {
                copy_text(&format!("{first}\t{last}\nc/o \\ {id}"), out);
            } else {
                let _ = write!(out, "{first} {last}");
            }
            out.push('\t');
            timestamp(rng, out);
            let _ = write!(
                out,
                "\t{}.{:02}\t{}\t",
                rng.below(1_000_000),
                rng.below(100),
                if rng.chance(90) { 't' } else { 'f' }
            );
            if rng.chance(30) {
                out.push_str("\\N");
            } else {
                let _ = write!(out, "{{{},\"{} {}\"}}", KINDS[rng.below(8) as usize], first, last);
            }
            out.push('\t');
            if rng.chance(40) {
                out.push_str("\\N");
            } else {
                let _ = write!(out, "{{\"plan\": \"pro\", \"seats\": {}, \"trial\": false}}", rng.below(500));
            }
        }
        "events" => {
            let kind = KINDS[rng.below(KINDS.len() as u64) as usize];
            let _ = write!(
                out,
                "{id}\t{}\t{kind}\t{{\"ms\": {}, \"ua\": \"Mozilla/5.0 (X11; Linux x86_64)\", \"path\": \"/app/{}/{}\"}}\t",
                rng.below(accounts) + 1,
                rng.below(5_000),
                kind,
                rng.below(100_000)
            );
            timestamp(rng, out);
            out.push('\t');
            if rng.chance(20) {
                out.push_str("\\N");
            } else {
                let _ = write!(out, "10.{}.{}.{}", rng.below(256), rng.below(256), rng.below(256));
            }
            out.push('\t');
            if rng.chance(70) {
                out.push_str("\\N");
            } else {
                copy_text(&format!("{first} did {kind}\nfrom C:\\Users\\{last}\t(ok)"), out);
            }
        }
        _ => {
            let _ = write!(
                out,
                "{id}\t{}\tSKU-{:06}-{}\t{}\t{}.{:02}\t",
                id / 4 + 1,
                rng.below(1_000_000),
                &last[..3].to_uppercase(),
                rng.below(20) + 1,
                rng.below(1000),
                rng.below(100)
            );
            if rng.chance(70) {
                out.push_str("\\N");
            } else {
                let _ = write!(out, "{}.{:02}", rng.below(50), rng.below(100));
            }
            out.push('\t');
            if rng.chance(30) {
                out.push_str("\\N");
            } else {
                let _ = write!(out, "2024-{:02}-{:02}", rng.below(12) + 1, rng.below(28) + 1);
            }
            out.push('\t');
            if rng.chance(50) {
                out.push_str("\\N");
            } else {
                let (a, b) = (rng.next(), rng.next());
                let _ = write!(
                    out,
                    "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
                    a >> 32,
                    (a >> 16) & 0xffff,
                    a & 0xfff,
                    0x8000 | (b >> 48) & 0x3fff,
                    b & 0xffff_ffff_ffff
                );
            }
        }
    }
    out.push('\n');
}

// ------------------------------------------------------------------------------------------------
// Reading criterion's results back, for the ratios printed at the end of a bench run
// ------------------------------------------------------------------------------------------------

/// The mean time in nanoseconds criterion measured for `group/id` in this run (its
/// `estimates.json` written after `since`), or None.
pub fn criterion_mean_ns(group: &str, id: &str, since: std::time::SystemTime) -> Option<f64> {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    let home = std::env::var_os("CRITERION_HOME").map(PathBuf::from).unwrap_or_else(|| target.join("criterion"));
    // A `bench_function("a/b")` is stored as `a_b`, a `BenchmarkId::new("a", "b")` as `a/b`.
    let file = [id.to_string(), id.replace('/', "_")]
        .iter()
        .map(|d| home.join(group).join(d).join("new").join("estimates.json"))
        .find(|f| f.exists())?;
    let meta = fs::metadata(&file).ok()?;
    if meta.modified().ok()? < since {
        return None;
    }
    let json: serde_json::Value = serde_json::from_slice(&fs::read(&file).ok()?).ok()?;
    json["mean"]["point_estimate"].as_f64()
}

/// Machine facts for the report: cores, CPU model, memory.
pub fn machine() -> String {
    let cpu = fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string())
        })
        .unwrap_or_default();
    let mem = fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|s| s.lines().next().map(|l| l.split_whitespace().nth(1).unwrap_or("0").parse::<u64>().unwrap_or(0)))
        .unwrap_or(0);
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0);
    format!(
        "{cores} cores, {cpu}, {:.1} GiB RAM, rayon threads {}",
        mem as f64 / 1024.0 / 1024.0,
        rayon::current_num_threads()
    )
}

// ------------------------------------------------------------------------------------------------
// Migration histories
// ------------------------------------------------------------------------------------------------

/// Bump when the generated migration histories change.
/// v2: a column's type change drops the foreign key on it first (PostgreSQL cannot change the
/// type of a column whose foreign key references an integer key to `VARCHAR`); v1 could not be
/// applied to a real database.
pub const HISTORY_VERSION: u32 = 2;

/// A Prisma-style history of `n` migrations (cached in the bench data folder).
pub fn prisma_history(n: usize) -> PathBuf {
    let dir = data_dir().join(format!("history_{n}.v{HISTORY_VERSION}"));
    let migrations = dir.join("prisma/migrations");
    if migrations.join("migration_lock.toml").is_file() {
        return dir;
    }
    std::fs::create_dir_all(&migrations).unwrap();
    let mut rng = Rng::new(42);
    // Each table: its name and the columns it has now.
    let mut tables: Vec<(String, Vec<String>)> = Vec::new();
    // The foreign keys there are, by (table, column as named now).
    let mut foreign_keys: std::collections::HashMap<(String, String), String> = std::collections::HashMap::new();
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
                foreign_keys.remove(&(t.clone(), c.clone()));
                down = Some(format!("ALTER TABLE \"{t}\" ADD COLUMN \"{c}\" TEXT;\n"));
            }
            2 if !cols.is_empty() => {
                let j = rng.below(cols.len() as u64) as usize;
                let new = format!("{}_r{i}", cols[j]);
                if let Some(fk) = foreign_keys.remove(&(t.clone(), cols[j].clone())) {
                    foreign_keys.insert((t.clone(), new.clone()), fk);
                }
                writeln!(sql, "-- AlterTable\nALTER TABLE \"{t}\" RENAME COLUMN \"{}\" TO \"{new}\";\n", cols[j])
                    .unwrap();
                cols[j] = new;
            }
            3 if !cols.is_empty() => {
                let c = &cols[rng.below(cols.len() as u64) as usize];
                if let Some(fk) = foreign_keys.remove(&(t.clone(), c.clone())) {
                    writeln!(sql, "-- DropForeignKey\nALTER TABLE \"{t}\" DROP CONSTRAINT \"{fk}\";\n").unwrap();
                }
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
                foreign_keys.insert((t.clone(), c.clone()), format!("{t}_{c}_fkey"));
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

/// A repository whose commit `4k` adds migration `k` of the generated Prisma history and whose
/// other commits change a code file; built once with `git fast-import`.
pub fn history_repository(commits: usize, migrations: usize) -> PathBuf {
    let name = format!("history_repo_{commits}x{migrations}.v{HISTORY_VERSION}");
    let dir = data_dir().join(&name);
    // Beside the repository, with its version (`with_extension` would drop it).
    let done = data_dir().join(format!("{name}.done"));
    if done.is_file() {
        return dir;
    }
    let _ = std::fs::remove_dir_all(&dir);
    let source = prisma_history(migrations).join("prisma/migrations");
    let mut folders: Vec<PathBuf> =
        std::fs::read_dir(&source).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()).collect();
    folders.sort();
    std::fs::create_dir_all(&dir).unwrap();
    let git = |args: &[&str]| {
        let status = Command::new("git").args(args).current_dir(&dir).status().unwrap();
        assert!(status.success(), "git {args:?}");
    };
    git(&["init", "-q", "-b", "main"]);
    let mut import =
        Command::new("git").args(["fast-import", "--quiet"]).current_dir(&dir).stdin(Stdio::piped()).spawn().unwrap();
    let mut stream = import.stdin.take().unwrap();
    let lock = std::fs::read(source.join("migration_lock.toml")).unwrap();
    let every = commits / migrations;
    for i in 0..commits {
        let time = 1_700_000_000 + i as u64 * 3_600;
        let mut files: Vec<(String, Vec<u8>)> = Vec::new();
        if i % every == 0 && i / every < folders.len() {
            let folder = &folders[i / every];
            let name = folder.file_name().unwrap().to_string_lossy().into_owned();
            for f in std::fs::read_dir(folder).unwrap() {
                let f = f.unwrap().path();
                let file = f.file_name().unwrap().to_string_lossy().into_owned();
                files.push((format!("prisma/migrations/{name}/{file}"), std::fs::read(&f).unwrap()));
            }
            if i == 0 {
                files.push(("prisma/migrations/migration_lock.toml".into(), lock.clone()));
            }
        } else {
            files.push(("src/app.txt".into(), format!("build {i}\n").into_bytes()));
        }
        writeln!(stream, "commit refs/heads/main").unwrap();
        writeln!(stream, "committer Bench <bench@example.com> {time} +0000").unwrap();
        let message = format!("commit {i}");
        writeln!(stream, "data {}\n{message}", message.len()).unwrap();
        for (path, content) in files {
            writeln!(stream, "M 100644 inline {path}\ndata {}", content.len()).unwrap();
            stream.write_all(&content).unwrap();
            writeln!(stream).unwrap();
        }
    }
    drop(stream);
    assert!(import.wait().unwrap().success(), "git fast-import");
    git(&["reset", "-q", "--hard", "main"]);
    std::fs::write(done, "").unwrap();
    dir
}

// ------------------------------------------------------------------------------------------------
// Backups of a migration history (schema-only, or with the tables' empty data blocks)
// ------------------------------------------------------------------------------------------------

/// Bump when the generated backups change.
pub const BACKUP_VERSION: u32 = 1;

/// The committer time of commit `i` of [`history_repository`] (one hour apart).
pub fn commit_time(i: usize) -> u64 {
    1_700_000_000 + i as u64 * 3_600
}

/// Which prefixes of the `migrations`-migration history to back up: `count` values of k (the
/// first k migrations applied), half of them spread evenly over the history (the last one is
/// every migration), half right before a migration that drops a column (so that the backup is the
/// state before a point of no return), also spread over the history. Sorted, distinct.
pub fn backup_points(migrations: usize, count: usize) -> Vec<usize> {
    let folders = migration_folders(migrations);
    let drops: Vec<usize> = folders
        .iter()
        .enumerate()
        .filter(|(k, f)| *k > 0 && fs::read_to_string(f.join("migration.sql")).unwrap().contains("DROP COLUMN"))
        .map(|(k, _)| k)
        .collect();
    let even = count / 2;
    let mut points: Vec<usize> = (1..=even).map(|i| i * migrations / even).collect();
    // Spread the picks over the drops; then, for a pick already taken, the first drop not taken.
    let picks = (0..count - even).filter(|_| !drops.is_empty()).map(|i| drops[i * drops.len() / (count - even)]);
    for k in picks.chain(drops.iter().copied()) {
        if points.len() < count && !points.contains(&k) {
            points.push(k);
        }
    }
    points.sort_unstable();
    points
}

/// `count` schema-only backups of the generated `migrations`-migration history, cached in a
/// folder of their own: for each k of [`backup_points`], the real `pg_dump -s` of a PostgreSQL 15
/// database with the first k migrations applied (one database, migrations applied in order,
/// dumped at each k). Every fifth backup is a custom-format archive (`-Fc -s`, `.dump`), the
/// others plain SQL (`.sql`). A plain file's modification time is set to half an hour after the
/// commit of [`history_repository`] (`commits` commits) that added its last migration, so its
/// time of taking (rollcheck reads it from the file's time when pg_dump wrote no `Started on`
/// line) is in the history's time line. With `data`, the same dumps without `-s`: every table's
/// (empty) data block is in them, so they hold the data of every table and column they have.
pub fn posture_backups(commits: usize, migrations: usize, count: usize, data: bool) -> PathBuf {
    // Made from the history: its version is in the name too.
    let kind = if data { "_data" } else { "" };
    let dir =
        data_dir().join(format!("posture_backups_{migrations}x{count}{kind}.v{HISTORY_VERSION}.{BACKUP_VERSION}"));
    let done = dir.join(".done");
    if done.is_file() {
        return dir;
    }
    let t0 = std::time::Instant::now();
    let points = backup_points(migrations, count);
    let how = if data { "pg_dump" } else { "pg_dump -s" };
    eprintln!(
        "bench-data: generating {} (real {how} after k of {migrations} migrations, k = {points:?})...",
        dir.display()
    );
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("create backups folder");
    let folders = migration_folders(migrations);
    let every = commits / migrations;
    let pg = Pg::start();
    pg.create_db("posture");
    let mut applied = 0;
    for (n, &k) in points.iter().enumerate() {
        let mut sql = String::new();
        for folder in &folders[applied..k] {
            sql.push_str("BEGIN;\n");
            sql.push_str(&fs::read_to_string(folder.join("migration.sql")).expect("read migration"));
            sql.push_str("\nCOMMIT;\n");
        }
        pg.run_sql("posture", &sql);
        applied = k;
        let custom = n % 5 == 4;
        let path = dir.join(format!("backup-after-{k:04}.{}", if custom { "dump" } else { "sql" }));
        let tmp = dir.join(format!(".{k}.tmp"));
        let args: &[&str] = match (custom, data) {
            (true, true) => &["-Fc", "posture"],
            (true, false) => &["-Fc", "-s", "posture"],
            (false, true) => &["posture"],
            (false, false) => &["-s", "posture"],
        };
        pg.dump(args, &tmp);
        if !custom {
            let secs = commit_time((k - 1) * every) + 1_800;
            let time = std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs);
            File::options().write(true).open(&tmp).and_then(|f| f.set_modified(time)).expect("set the backup's time");
        }
        fs::rename(&tmp, &path).expect("rename backup");
    }
    drop(pg);
    fs::write(&done, "").expect("mark backups done");
    eprintln!("bench-data: {} backups written in {:.1?}", points.len(), t0.elapsed());
    dir
}

/// The migration folders of the generated history, in order.
fn migration_folders(migrations: usize) -> Vec<PathBuf> {
    let source = prisma_history(migrations).join("prisma/migrations");
    let mut folders: Vec<PathBuf> =
        fs::read_dir(&source).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()).collect();
    folders.sort();
    folders
}
