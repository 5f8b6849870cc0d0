//! The oracle scenarios are true statements about PostgreSQL 15: every step of every scenario in
//! `tests/fixtures/oracle/` applies cleanly with psql (each step in a session of its own, on a fresh
//! database per scenario), and every case in `tests/fixtures/oracle/must_fail/` applies up to its last
//! step, which PostgreSQL rejects with the recorded message and without changing the schema.
//!
//! This test needs no rollcheck code: it checks the data that `tests/oracle.rs` compares rollcheck with.

mod support;

use std::ops::Range;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use support::scenario::{self, stable_dump, Scenario};

/// Runs `check` on every scenario on a few threads (psql spends most of its time waiting on the server)
/// and fails with every problem found, each naming its scenario.
fn check_all(scenarios: Vec<Scenario>, check: impl Fn(&Scenario) -> Result<(), String> + Sync) {
    let next = AtomicUsize::new(0);
    let failures = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..4 {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(s) = scenarios.get(i) else { break };
                let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(s)));
                let failure = match outcome {
                    Ok(Ok(())) => continue,
                    Ok(Err(message)) => message,
                    Err(panic) => format!(
                        "scenario {}: panicked: {}",
                        s.name,
                        panic
                            .downcast_ref::<String>()
                            .map(String::as_str)
                            .or(panic.downcast_ref::<&str>().copied())
                            .unwrap_or("?")
                    ),
                };
                failures.lock().unwrap().push(failure);
            });
        }
    });
    let mut failures = failures.into_inner().unwrap();
    failures.sort();
    assert!(failures.is_empty(), "{} of {} failed:\n\n{}", failures.len(), scenarios.len(), failures.join("\n\n"));
}

/// Applies the steps `steps` of `s` to `db`, failing with the step and psql's error.
fn apply_steps(s: &Scenario, db: &support::Database, dir: &Path, steps: Range<usize>) -> Result<(), String> {
    for i in steps {
        let file = s.write_step(i, dir);
        db.apply_file(&file).map_err(|e| format!("{}: psql failed:\n{}", s.describe(i), e.trim_end()))?;
    }
    Ok(())
}

#[test]
fn every_scenario_applies_cleanly() {
    let Some(pg) = support::server() else { return };
    check_all(scenario::all(), |s| {
        let db = pg.create_database(&s.name);
        let dir = tempfile::tempdir().unwrap();
        apply_steps(s, &db, dir.path(), 0..1)?;
        let first = stable_dump(&db.dump_schema());
        apply_steps(s, &db, dir.path(), 1..s.steps.len())?;
        let last = stable_dump(&db.dump_schema());
        // The oracle asserts that the replay of the first step differs from the last dump unless the name
        // says `noop`; so the name must tell the truth about the real schema.
        match (s.name.contains("noop"), first == last) {
            (false, true) => {
                return Err(format!(
                    "scenario {}: the schema after the last step equals the one after the first; \
                     name it `..._noop` if that is the point",
                    s.name
                ))
            }
            (true, false) => {
                return Err(format!(
                    "scenario {}: named `noop`, but the schema after the last step differs from the one after \
                     the first",
                    s.name
                ))
            }
            _ => {}
        }
        Ok(())
    });
}

#[test]
fn every_must_fail_case_is_rejected_by_postgres() {
    let Some(pg) = support::server() else { return };
    check_all(scenario::all_must_fail(), |s| {
        let expected = s.expect_error.as_deref().ok_or(format!("{}: no `-- expect-error:` line", s.name))?;
        let db = pg.create_database(&s.name);
        let dir = tempfile::tempdir().unwrap();
        let last = s.steps.len() - 1;
        apply_steps(s, &db, dir.path(), 0..last)?;
        let before = stable_dump(&db.dump_schema());
        let file = s.write_step(last, dir.path());
        match db.apply_file(&file) {
            Ok(()) => return Err(format!("{}: PostgreSQL accepted the step that must fail", s.describe(last))),
            Err(e) if !e.contains(expected) => {
                return Err(format!("{}: failed, but not with {expected:?}:\n{}", s.describe(last), e.trim_end()))
            }
            Err(_) => {}
        }
        // The failing step is one statement (or one transaction), so it leaves the schema as it was: the
        // oracle compares rollcheck's replay of all steps with the dump taken before the last one.
        let after = stable_dump(&db.dump_schema());
        if before != after {
            return Err(format!("{}: the rejected step still changed the schema", s.describe(last)));
        }
        Ok(())
    });
}

/// The fixture set is what the brief asks for: enough scenarios, small and focused, and must_fail cases
/// with a setup and a failing step.
#[test]
fn fixtures_are_well_formed() {
    let scenarios = scenario::all();
    assert!(scenarios.len() >= 45, "only {} oracle scenarios", scenarios.len());
    for s in &scenarios {
        assert!((2..=6).contains(&s.steps.len()), "{}: {} steps; keep a scenario to 2-6", s.name, s.steps.len());
        assert!(s.expect_error.is_none(), "{}: `-- expect-error:` belongs in must_fail/", s.name);
    }
    let cases = scenario::all_must_fail();
    assert!(cases.len() >= 10, "only {} must_fail cases", cases.len());
    for s in &cases {
        assert!(s.steps.len() >= 2, "{}: a setup step and the failing step", s.name);
        assert!(s.expect_error.is_some(), "{}: no `-- expect-error:` line", s.name);
    }
}
