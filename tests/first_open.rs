//! The first cases a process opens, opened on several threads at once.
//!
//! This is its own test binary on purpose: what it checks happens only while SQLite is being
//! initialised, which is once per process, so it must be the first SQLite use in its process.

mod common;

use common::create_case;
use std::sync::{Arc, Barrier};

#[test]
fn cases_created_on_many_threads_at_process_start_all_get_their_key() {
    // SQLite marks itself initialised before it runs SQLCipher's own initialisation, so a second
    // thread could reach `PRAGMA key` while SQLCipher was still setting up and get "An error
    // occurred with PRAGMA key or rekey". CI saw it as a test that failed once in many runs.
    const THREADS: usize = 16;
    let dir = tempfile::tempdir().unwrap();
    let start = Arc::new(Barrier::new(THREADS));
    let threads: Vec<_> = (0..THREADS)
        .map(|i| {
            let dir = dir.path().to_path_buf();
            let start = Arc::clone(&start);
            std::thread::spawn(move || {
                start.wait();
                create_case(&dir, &format!("c{i}"))
                    .map(|_| ())
                    .map_err(|e| e.to_string())
            })
        })
        .collect();
    let failures: Vec<String> = threads
        .into_iter()
        .map(|t| t.join().expect("a creating thread does not panic"))
        .filter_map(Result::err)
        .collect();
    assert!(
        failures.is_empty(),
        "every thread creates its case, whichever opens SQLite first: {failures:?}"
    );
}
