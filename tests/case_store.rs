//! The case store: folders, encryption, migrations and transactions.

mod common;

use casebook::case::{CaseUpdate, Status};
use casebook::timeline::{Category, EventInput, TimelineFilter};
use casebook::{Case, ErrorKind};
use common::*;

#[test]
fn a_new_case_is_a_casebook_folder_with_an_encrypted_database_and_a_vault() {
    let dir = tempfile::tempdir().unwrap();
    let case = new_case(dir.path(), "acme");
    let folder = case_folder(dir.path(), "acme");
    assert_eq!(
        case.root(),
        folder,
        "the .casebook extension is added to the chosen name"
    );
    assert!(
        folder.join("vault").is_dir(),
        "the evidence vault exists from the start"
    );
    let header = std::fs::read(folder.join("case.db")).unwrap();
    assert!(
        !header.starts_with(b"SQLite format 3"),
        "the database must be encrypted at rest, not a plain SQLite file"
    );
}

#[test]
fn a_case_reopens_with_its_passphrase_and_keeps_what_was_written() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "acme");
    case.update_info(CaseUpdate {
        status: Some(Status::Contained),
        ..Default::default()
    })
    .unwrap();
    drop(case);
    let case = reopen(&case_folder(dir.path(), "acme"));
    assert_eq!(case.info().unwrap().status, Status::Contained);
    assert_eq!(case.info().unwrap().title, "Case acme");
}

#[test]
fn a_case_opens_by_its_name_without_the_extension_or_by_its_database_file() {
    let dir = tempfile::tempdir().unwrap();
    drop(new_case(dir.path(), "acme"));
    reopen(&dir.path().join("acme"));
    reopen(&case_folder(dir.path(), "acme").join("case.db"));
}

#[test]
fn a_wrong_passphrase_is_reported_as_such_not_as_a_damaged_file() {
    let dir = tempfile::tempdir().unwrap();
    drop(new_case(dir.path(), "acme"));
    let err = Case::open(
        &case_folder(dir.path(), "acme"),
        "not the passphrase",
        actor(),
        clock(),
    )
    .err()
    .expect("a wrong passphrase must not open the case");
    assert_eq!(err.kind(), ErrorKind::WrongPassphrase, "got: {err}");
    assert!(
        err.to_string().contains("wrong passphrase"),
        "message says so: {err}"
    );
}

#[test]
fn a_short_passphrase_is_refused_at_creation_and_nothing_is_created() {
    let dir = tempfile::tempdir().unwrap();
    let err = casebook::create(
        &dir.path().join("weak"),
        "short",
        casebook::case::NewCase {
            title: "Weak".into(),
            ..Default::default()
        },
        actor(),
        clock(),
    )
    .err()
    .unwrap();
    assert_eq!(err.kind(), ErrorKind::Invalid);
    assert!(
        !case_folder(dir.path(), "weak").exists(),
        "no folder is left behind"
    );
}

#[test]
fn creating_over_an_existing_folder_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    drop(new_case(dir.path(), "acme"));
    let err = casebook::create(
        &dir.path().join("acme"),
        PASSPHRASE,
        casebook::case::NewCase {
            title: "Again".into(),
            ..Default::default()
        },
        actor(),
        clock(),
    )
    .err()
    .unwrap();
    assert_eq!(err.kind(), ErrorKind::AlreadyExists, "{err}");
    reopen(&case_folder(dir.path(), "acme"));
}

#[test]
fn a_missing_title_is_refused_naming_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let err = casebook::create(
        &dir.path().join("untitled"),
        PASSPHRASE,
        casebook::case::NewCase::default(),
        actor(),
        clock(),
    )
    .err()
    .unwrap();
    assert!(
        matches!(&err, casebook::Error::Invalid { field, .. } if field == "title"),
        "{err}"
    );
    assert!(!case_folder(dir.path(), "untitled").exists());
}

#[test]
fn a_case_written_by_a_newer_version_is_refused_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    drop(new_case(dir.path(), "acme"));
    let raw = raw_connection(&case_folder(dir.path(), "acme"));
    raw.pragma_update(None, "user_version", 999).unwrap();
    drop(raw);
    let err = Case::open(
        &case_folder(dir.path(), "acme"),
        PASSPHRASE,
        actor(),
        clock(),
    )
    .err()
    .unwrap();
    assert_eq!(err.kind(), ErrorKind::NewerVersion);
    assert!(err.to_string().contains("newer Casebook"), "{err}");
}

#[test]
fn an_emptied_case_database_is_reported_as_damaged_and_left_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    drop(new_case(dir.path(), "acme"));
    let folder = case_folder(dir.path(), "acme");
    for f in ["case.db", "case.db-wal", "case.db-shm"] {
        let _ = std::fs::remove_file(folder.join(f));
    }
    std::fs::write(folder.join("case.db"), b"").unwrap();
    let err = Case::open(&folder, PASSPHRASE, actor(), clock())
        .err()
        .expect("an empty database file is no case");
    assert_eq!(err.kind(), ErrorKind::Corrupt, "{err}");
    assert_eq!(
        std::fs::metadata(folder.join("case.db")).unwrap().len(),
        0,
        "opening must not initialise a new, empty case in its place"
    );
}

#[test]
fn a_folder_without_a_case_database_is_not_a_case() {
    let dir = tempfile::tempdir().unwrap();
    let err = Case::open(dir.path(), PASSPHRASE, actor(), clock())
        .err()
        .unwrap();
    assert_eq!(err.kind(), ErrorKind::NotACase);
}

#[test]
fn the_database_runs_in_wal_mode_with_foreign_keys_on() {
    let dir = tempfile::tempdir().unwrap();
    drop(new_case(dir.path(), "acme"));
    let raw = raw_connection(&case_folder(dir.path(), "acme"));
    let mode: String = raw
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}

#[test]
fn a_rejected_change_writes_neither_the_change_nor_an_audit_entry() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "acme");
    let before = case.audit_log(&Default::default()).unwrap().len();
    let err = case
        .add_event(EventInput {
            when: "2019-13-45".into(),
            tz: "UTC".into(),
            title: "Bad date".into(),
            detail: None,
            source: None,
            category: Category::Other,
            linked_type: None,
            linked_id: None,
        })
        .err()
        .unwrap();
    assert!(
        matches!(&err, casebook::Error::Invalid { field, .. } if field == "when"),
        "{err}"
    );
    assert_eq!(case.audit_log(&Default::default()).unwrap().len(), before);
    assert!(case
        .timeline(&TimelineFilter::default())
        .unwrap()
        .is_empty());
}

#[test]
fn each_case_has_its_own_random_secrets_inside_the_encrypted_database_and_they_never_change() {
    let dir = tempfile::tempdir().unwrap();
    drop(new_case(dir.path(), "one"));
    drop(new_case(dir.path(), "two"));
    let secrets = |name: &str| -> Vec<(String, Vec<u8>)> {
        let raw = raw_connection(&case_folder(dir.path(), name));
        let mut stmt = raw
            .prepare("SELECT purpose, secret FROM case_secrets ORDER BY purpose")
            .unwrap();
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<Vec<_>>>()
            .unwrap();
        rows
    };
    let one = secrets("one");
    assert_eq!(
        one.iter().map(|(p, _)| p.as_str()).collect::<Vec<_>>(),
        ["person-ids", "vault-key", "vault-names"],
        "a new case holds a secret for each purpose"
    );
    assert!(
        one.iter()
            .all(|(_, s)| s.len() == 32 && s.iter().any(|b| *b != 0)),
        "each secret is 32 random bytes"
    );
    assert_ne!(one, secrets("two"), "two cases never share a secret");
    drop(reopen(&case_folder(dir.path(), "one")));
    assert_eq!(one, secrets("one"), "reopening keeps the secrets it has");
    let raw = raw_connection(&case_folder(dir.path(), "one"));
    assert!(
        raw.execute("UPDATE case_secrets SET secret = zeroblob(32)", [])
            .is_err(),
        "a secret is never overwritten: every vault file and person id depends on it"
    );
}

#[test]
fn a_case_open_in_one_program_is_refused_to_another_until_it_is_closed() {
    let dir = tempfile::tempdir().unwrap();
    let case = new_case(dir.path(), "acme");
    let folder = case_folder(dir.path(), "acme");
    let again = reopen(&folder);
    drop(again);
    // Another process: the CLI, as a script or a second window would be.
    let show = || common::cli::casebook(dir.path(), &["case", "show", folder.to_str().unwrap()]);
    let refused = show();
    assert!(
        !refused.status.success(),
        "a second program must not write a case this one has open"
    );
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains("is open in another Casebook window or program"),
        "the refusal says why and what to do: {stderr}"
    );
    drop(case);
    common::cli::ok(show());
}
