//! Running one job per table on rayon's threads, each only once the jobs it
//! depends on are done: a table whose foreign keys reference other tables is
//! checked in the same pass that reads it, as soon as the referenced tables'
//! keys are collected, while other tables are read beside it.
//!
//! Ready jobs start in a fixed order (the most depended-on first, then by
//! index), and results are returned by index, so what the jobs compute does not
//! depend on the number of threads or on timing.

use std::collections::BTreeSet;
use std::sync::{Condvar, Mutex, MutexGuard, OnceLock};

/// Runs `work(job, done)` for every job `0..deps.len()`, each after the jobs in
/// its `deps` (whose results it reads in `done`) have finished. `deps` must be
/// acyclic and in range; a job among its own dependencies is ignored.
pub(super) fn in_dependency_order<T, W>(deps: &[Vec<usize>], work: W) -> Vec<T>
where
    T: Send + Sync,
    W: Fn(usize, &[OnceLock<T>]) -> T + Sync,
{
    let n = deps.len();
    let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut waiting_for = vec![0usize; n];
    for (job, on) in deps.iter().enumerate() {
        let on: BTreeSet<usize> = on.iter().copied().filter(|&d| d != job && d < n).collect();
        waiting_for[job] = on.len();
        for d in on {
            dependents[d].push(job);
        }
    }
    // Ready jobs, taken smallest first: the most depended-on, then the lowest index.
    let rank = |job: usize| (usize::MAX - dependents[job].len(), job);
    let ready: BTreeSet<(usize, usize)> = (0..n).filter(|&j| waiting_for[j] == 0).map(rank).collect();
    let state = Mutex::new(State { ready, waiting_for, taken: 0 });
    let changed = Condvar::new();
    let done: Vec<OnceLock<T>> = (0..n).map(|_| OnceLock::new()).collect();

    let next = || -> Option<usize> {
        let mut state = lock(&state);
        loop {
            if let Some(first) = state.ready.pop_first() {
                state.taken += 1;
                return Some(first.1);
            }
            if state.taken == n {
                return None;
            }
            state = changed.wait(state).unwrap_or_else(|poisoned| poisoned.into_inner());
        }
    };
    let workers = rayon::current_num_threads().clamp(1, n.max(1));
    rayon::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|_| {
                while let Some(job) = next() {
                    let abort = AbortOnPanic { state: &state, changed: &changed, jobs: n };
                    let result = work(job, &done);
                    std::mem::forget(abort);
                    let _ = done[job].set(result);
                    let mut state = lock(&state);
                    for &d in &dependents[job] {
                        state.waiting_for[d] -= 1;
                        if state.waiting_for[d] == 0 {
                            state.ready.insert(rank(d));
                        }
                    }
                    drop(state);
                    changed.notify_all();
                }
                changed.notify_all();
            });
        }
    });
    done.into_iter().filter_map(OnceLock::into_inner).collect()
}

struct State {
    ready: BTreeSet<(usize, usize)>,
    waiting_for: Vec<usize>,
    /// Jobs handed out so far.
    taken: usize,
}

/// Dropped only when a job panics: no more jobs are handed out, and the other
/// workers stop waiting, so that the panic reaches the caller instead of a hang.
struct AbortOnPanic<'a> {
    state: &'a Mutex<State>,
    changed: &'a Condvar,
    jobs: usize,
}

impl Drop for AbortOnPanic<'_> {
    fn drop(&mut self) {
        let mut state = lock(self.state);
        state.ready.clear();
        state.taken = self.jobs;
        drop(state);
        self.changed.notify_all();
    }
}

fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_job_runs_after_its_dependencies_and_results_come_by_index() {
        // 0 <- 2 <- 3, 1 alone, 4 on 1 and 3.
        let deps = vec![vec![], vec![], vec![0], vec![2, 3], vec![1, 3]];
        for threads in [1, 2, 4] {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
            let results = pool.install(|| {
                in_dependency_order(&deps, |job, done| {
                    for &d in deps[job].iter().filter(|&&d| d != job) {
                        assert!(done[d].get().is_some(), "job {job} ran before {d}");
                    }
                    job * 10
                })
            });
            assert_eq!(results, vec![0, 10, 20, 30, 40], "{threads} threads");
        }
    }

    #[test]
    fn no_jobs() {
        let results: Vec<u8> = in_dependency_order(&[], |_, _| 0);
        assert!(results.is_empty());
    }
}
