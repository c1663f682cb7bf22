//! Shared fixtures: a fixed actor and a stepping clock, so audit entries are reproducible.
#![allow(dead_code)]

pub mod cli;

use casebook::clock::SteppingClock;
use casebook::{Actor, Case};
use chrono::TimeZone;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub const PASSPHRASE: &str = "correct horse battery";

pub fn actor() -> Actor {
    Actor {
        name: "Ida Investigator".into(),
        email: "ida@example.org".into(),
        organisation: "Example IR".into(),
    }
}

pub fn clock() -> Arc<SteppingClock> {
    Arc::new(SteppingClock::starting_at(
        chrono::Utc.with_ymd_and_hms(2026, 1, 2, 9, 0, 0).unwrap(),
    ))
}

pub fn new_case(dir: &Path, name: &str) -> Case {
    create_case(dir, name).expect("a case can be created in an empty temp dir")
}

/// Creates case `name` in `dir` with the fixed actor and clock, for tests that want the error.
pub fn create_case(dir: &Path, name: &str) -> casebook::error::Result<Case> {
    casebook::create(
        &dir.join(name),
        PASSPHRASE,
        casebook::case::NewCase {
            title: format!("Case {name}"),
            ..Default::default()
        },
        actor(),
        clock(),
    )
}

pub fn reopen(path: &Path) -> Case {
    Case::open(path, PASSPHRASE, actor(), clock()).expect("the case reopens with its passphrase")
}

/// A raw SQLCipher connection, as someone with the key and the sqlite3 CLI would have.
pub fn raw_connection(case_folder: &Path) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(case_folder.join("case.db")).unwrap();
    conn.pragma_update(None, "key", PASSPHRASE).unwrap();
    conn
}

pub fn case_folder(dir: &Path, name: &str) -> PathBuf {
    dir.join(format!("{name}.casebook"))
}

/// Writes `bytes` to `dir/name` and returns the path: a fixture file to import or add.
pub fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// Imports one file of affected records with the detected shape and suggested mapping.
pub fn import(case: &mut Case, path: &Path) -> casebook::Result<casebook::affected::ImportReport> {
    case.import_affected(
        casebook::affected::ImportRequest {
            path: path.to_string_lossy().into_owned(),
            ..Default::default()
        },
        &casebook::progress::Silent,
    )
}

/// One investigator key for the whole test process, so a packet generated twice is the same
/// file (receipts are signed, and a new key would sign differently).
pub fn signing_key() -> &'static casebook::signing::KeyPair {
    static KEY: std::sync::OnceLock<casebook::signing::KeyPair> = std::sync::OnceLock::new();
    KEY.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        casebook::signing::KeyPair::create(dir.path(), None).expect("a test key is made")
    })
}

/// Adds `n` timeline events (numbered from `from`, one a day in August 2019): a history of
/// audit entries to verify, cut or rewrite.
pub fn add_events(case: &mut Case, from: u32, n: u32) {
    use casebook::timeline::{Category, EventInput};
    for i in from..from + n {
        case.add_event(EventInput {
            when: format!("2019-08-{:02} 10:00", i + 1),
            tz: "Europe/Dublin".into(),
            title: format!("Event {i}"),
            detail: None,
            source: Some("test".into()),
            category: Category::Investigation,
            linked_type: None,
            linked_id: None,
        })
        .unwrap();
    }
}
