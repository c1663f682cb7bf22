//! Every input the fuzzers kept — the seeds, the committed corpora and the inputs that once
//! crashed (`fuzz/regressions/`) — replayed through the same entry points the fuzz targets
//! call (`casebook::fuzzing`), in the normal suite. Each must end without a panic, and within a
//! time limit: a hang fails the test instead of stalling it.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

/// Far above what any input takes in a debug build; only a hang reaches it.
const PER_INPUT: Duration = Duration::from_secs(60);

fn inputs(target: &str) -> Vec<PathBuf> {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut files = Vec::new();
    for kind in ["seeds", "corpus", "regressions"] {
        if let Ok(entries) = std::fs::read_dir(fuzz.join(kind).join(target)) {
            files.extend(entries.flatten().map(|e| e.path()).filter(|p| p.is_file()));
        }
    }
    files.sort();
    files
}

/// Runs `run` over every kept input of `target` on another thread, naming the input that
/// panics or does not finish.
fn replay(target: &str, run: fn(&[u8])) {
    let files = inputs(target);
    assert!(
        files.len() >= 3,
        "fuzz/seeds/{target} should hold seed inputs; found {}",
        files.len()
    );
    let (tx, rx) = mpsc::channel::<Option<PathBuf>>();
    let worker = std::thread::spawn(move || {
        for file in files {
            let bytes = std::fs::read(&file).expect("a kept fuzz input is readable");
            tx.send(Some(file)).expect("the test is listening");
            run(&bytes);
        }
        tx.send(None).expect("the test is listening");
    });
    let mut current: Option<PathBuf> = None;
    loop {
        match rx.recv_timeout(PER_INPUT) {
            Ok(Some(next)) => current = Some(next),
            Ok(None) => break,
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                let _ = worker.join();
                panic!("{target} panicked on {current:?}");
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {
                panic!("{target} did not finish {current:?} within {PER_INPUT:?}: a hang")
            }
        }
    }
    worker.join().expect("the replay thread ends cleanly");
}

#[test]
fn every_kept_affected_export_input_is_read_and_normalised_without_a_panic_or_hang() {
    replay("affected_source", casebook::fuzzing::affected_source);
}

#[test]
fn every_kept_text_is_laid_out_for_the_packet_without_a_panic_or_hang() {
    replay("packet_layout", casebook::fuzzing::packet_layout);
}

#[test]
fn every_kept_receipt_input_is_parsed_and_checked_without_a_panic_or_hang() {
    replay("receipt", casebook::fuzzing::receipt);
}

#[test]
fn every_kept_bundle_input_is_refused_or_opened_without_a_panic_or_hang() {
    replay("bundle", casebook::fuzzing::bundle);
}
