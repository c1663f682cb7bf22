//! Named points where a test may kill the process as a power cut would: the fault-injection
//! harness (`tests/faults.rs`) arms one with `CASEBOOK_FAILPOINT=name` (or `name@N`, the Nth
//! time the point is reached) and the process sends itself SIGKILL there — no unwinding, no
//! destructors, no buffered writes flushed.
//!
//! Armed only in builds with debug assertions (every test build, which `scripts/test` makes
//! once); a release build compiles each point to nothing, so no environment variable can kill
//! the shipped CLI or app. A tiny function of our own rather than the `fail` crate: one action
//! (SIGKILL) is all the harness needs, and it needs no feature that would make the test build
//! differ from the one `scripts/test` runs.

/// Kills the process here if this point is the one armed (debug builds only).
#[cfg(debug_assertions)]
pub(crate) fn failpoint(name: &str) {
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::sync::OnceLock;
    static ARMED: OnceLock<Option<(String, u64)>> = OnceLock::new();
    static HITS: AtomicU64 = AtomicU64::new(0);
    let armed = ARMED.get_or_init(|| {
        let spec = std::env::var("CASEBOOK_FAILPOINT").ok()?;
        Some(match spec.split_once('@') {
            Some((point, n)) => (point.to_string(), n.parse().unwrap_or(1)),
            None => (spec, 1),
        })
    });
    if let Some((point, nth)) = armed {
        if point == name && HITS.fetch_add(1, Ordering::SeqCst) + 1 == *nth {
            // SAFETY: kill(2) on our own pid with a signal that cannot be caught.
            unsafe {
                libc::kill(libc::getpid(), libc::SIGKILL);
            }
            // SIGKILL to ourselves is delivered before kill(2) returns; never go on.
            loop {
                std::thread::park();
            }
        }
    }
}

/// Release builds: no point is ever armed.
#[cfg(not(debug_assertions))]
#[inline(always)]
pub(crate) fn failpoint(_name: &str) {}
