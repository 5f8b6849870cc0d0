//! Runs the `rollcheck` binary for the integration tests (`cli`, `bad_input`, `determinism`): stdin
//! closed, stdout and stderr read whole on their own threads, and a watchdog thread that kills the process
//! once a timeout has passed. It checks nothing itself: each test file turns the [`Finished`] run into its
//! own type and makes its own assertions.

use std::ffi::OsString;
use std::process::{Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// What a run of the binary left behind.
pub struct Finished {
    /// The exit status; `None` when the watchdog killed the process after the timeout.
    pub status: Option<ExitStatus>,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
}

/// Runs `rollcheck ARGS` in the temporary directory with `envs` added to its environment, and kills it
/// if it has not exited within `timeout`.
pub fn run(args: &[OsString], envs: &[(&str, &str)], timeout: Duration) -> Finished {
    let mut child = Command::new(env!("CARGO_BIN_EXE_rollcheck"))
        .args(args)
        .envs(envs.iter().copied())
        .current_dir(std::env::temp_dir())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn rollcheck");
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out_reader = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut out, &mut v).ok();
        v
    });
    let err_reader = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut err, &mut v).ok();
        v
    });
    let child = Arc::new(Mutex::new(child));
    let watched = Arc::clone(&child);
    let watchdog = std::thread::spawn(move || {
        let start = Instant::now();
        loop {
            let mut c = watched.lock().unwrap();
            if let Some(status) = c.try_wait().expect("wait for rollcheck") {
                return Some(status);
            }
            if start.elapsed() > timeout {
                let _ = c.kill();
                let _ = c.wait();
                return None;
            }
            drop(c);
            std::thread::sleep(Duration::from_millis(5));
        }
    });
    let status = watchdog.join().unwrap();
    let stdout = out_reader.join().unwrap();
    let stderr = err_reader.join().unwrap();
    Finished { status, stdout, stderr }
}

/// A finished run as the `cli` and `bad_input` tests read it: text output and a real exit status.
#[allow(dead_code)]
pub struct Run {
    pub args: Vec<OsString>,
    pub status: ExitStatus,
    pub stdout: String,
    pub stderr: String,
}

#[allow(dead_code)]
impl Run {
    /// The exit code; fails the test if the process died of a signal.
    pub fn code(&self) -> i32 {
        match self.status.code() {
            Some(c) => c,
            None => panic!(
                "rollcheck {:?} was killed by a signal: {:?}\nstderr:\n{}",
                self.args,
                self.status,
                head(&self.stderr)
            ),
        }
    }
}

/// Runs `rollcheck ARGS` (with `envs`) under the watchdog and checks what every run must hold: it
/// finished within `timeout`, was not killed by a signal, did not panic, and exited 0, 1 or 2.
#[allow(dead_code)]
pub fn checked(args: Vec<OsString>, envs: &[(&str, &str)], timeout: Duration) -> Run {
    let finished = run(&args, envs, timeout);
    let stdout = String::from_utf8_lossy(&finished.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&finished.stderr).into_owned();
    let Some(status) = finished.status else {
        panic!("rollcheck {args:?} did not finish within {timeout:?}; killed\nstderr:\n{}", head(&stderr));
    };
    let run = Run { args, status, stdout, stderr };
    let code = run.code();
    assert!(
        code != 101 && !run.stderr.contains("panicked"),
        "rollcheck {:?} panicked:\n{}",
        run.args,
        head(&run.stderr)
    );
    assert!(matches!(code, 0..=2), "rollcheck {:?}: exit status {code} outside 0..=2\n{}", run.args, head(&run.stderr));
    run
}

/// The first few thousand bytes of a text, cut at a character boundary, for failure messages.
#[allow(dead_code)]
pub fn head(s: &str) -> &str {
    let mut end = s.len().min(4000);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}
