//! The audit chain: every change appends a hash-linked entry, and tampering of any kind —
//! an edited entry, a deleted entry, reordered entries, entries cut off the end — is found by
//! `verify`, which names the first broken entry.

mod common;

use casebook::audit::AuditQuery;
use casebook::progress::Silent;
use casebook::Case;
use common::*;

fn case_with_history(dir: &std::path::Path) -> std::path::PathBuf {
    let mut case = new_case(dir, "chain");
    add_events(&mut case, 0, 5);
    case.root().to_path_buf()
}

fn verify(folder: &std::path::Path) -> casebook::audit::Verification {
    reopen(folder).verify_audit(&Silent).unwrap()
}

#[test]
fn every_change_appends_an_entry_naming_actor_action_and_values() {
    let dir = tempfile::tempdir().unwrap();
    let folder = case_with_history(dir.path());
    let log = reopen(&folder).audit_log(&AuditQuery::default()).unwrap();
    assert_eq!(log.len(), 6, "creation plus five events");
    let newest = &log[0];
    assert_eq!(newest.seq, 6);
    assert_eq!(newest.action, "event.add");
    assert_eq!(
        newest.actor,
        "Ida Investigator <ida@example.org> (Example IR)"
    );
    assert!(newest.old_value.is_none());
    assert!(newest.new_value.as_deref().unwrap().contains("Event 4"));
    assert_eq!(
        newest.prev_hash, log[1].hash,
        "each entry points at the one before"
    );
    assert_eq!(log[5].action, "case.create");
}

#[test]
fn an_untouched_chain_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let folder = case_with_history(dir.path());
    let v = verify(&folder);
    assert!(v.intact, "{v:?}");
    assert_eq!(v.entries, 6);
    assert!(v.first_broken.is_none());
}

#[test]
fn the_database_refuses_to_update_or_delete_audit_entries() {
    let dir = tempfile::tempdir().unwrap();
    let folder = case_with_history(dir.path());
    let raw = raw_connection(&folder);
    let upd = raw.execute(
        "UPDATE audit_log SET actor = 'someone else' WHERE seq = 2",
        [],
    );
    assert!(upd.unwrap_err().to_string().contains("append-only"));
    let del = raw.execute("DELETE FROM audit_log WHERE seq = 2", []);
    assert!(del.unwrap_err().to_string().contains("append-only"));
}

#[test]
fn an_entry_edited_outside_casebook_is_named_as_the_first_broken_entry() {
    let dir = tempfile::tempdir().unwrap();
    let folder = case_with_history(dir.path());
    let raw = raw_connection(&folder);
    // What someone with the key and the sqlite3 CLI could do: drop the guard, then edit.
    raw.execute_batch(
        "DROP TRIGGER audit_log_no_update;
         UPDATE audit_log SET new_value = replace(new_value, 'Event 1', 'Nothing happened')
         WHERE seq = 3;",
    )
    .unwrap();
    drop(raw);
    let v = verify(&folder);
    assert!(!v.intact, "an edited entry must break the chain");
    let broken = v.first_broken.unwrap();
    assert_eq!(
        broken.seq, 3,
        "the edited entry is the first broken one: {}",
        broken.reason
    );
    assert!(broken.reason.contains("altered"), "{}", broken.reason);
}

#[test]
fn a_deleted_entry_is_named_as_missing() {
    let dir = tempfile::tempdir().unwrap();
    let folder = case_with_history(dir.path());
    let raw = raw_connection(&folder);
    raw.execute_batch("DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = 4;")
        .unwrap();
    drop(raw);
    let v = verify(&folder);
    assert!(!v.intact);
    let broken = v.first_broken.unwrap();
    assert_eq!(broken.seq, 4, "{}", broken.reason);
    assert!(broken.reason.contains("missing"), "{}", broken.reason);
}

#[test]
fn reordered_entries_are_detected_at_the_first_moved_entry() {
    let dir = tempfile::tempdir().unwrap();
    let folder = case_with_history(dir.path());
    let raw = raw_connection(&folder);
    // Swap entries 2 and 5 by renumbering them through a free sequence number.
    raw.execute_batch(
        "DROP TRIGGER audit_log_no_update;
         UPDATE audit_log SET seq = 100 WHERE seq = 2;
         UPDATE audit_log SET seq = 2 WHERE seq = 5;
         UPDATE audit_log SET seq = 5 WHERE seq = 100;",
    )
    .unwrap();
    drop(raw);
    let v = verify(&folder);
    assert!(!v.intact, "a reordered log must not verify");
    assert_eq!(v.first_broken.map(|b| b.seq), Some(2));
}

#[test]
fn entries_cut_off_the_end_are_detected() {
    let dir = tempfile::tempdir().unwrap();
    let folder = case_with_history(dir.path());
    let raw = raw_connection(&folder);
    raw.execute_batch("DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq >= 5;")
        .unwrap();
    drop(raw);
    let v = verify(&folder);
    assert!(!v.intact, "a truncated log must not verify");
    let broken = v.first_broken.unwrap();
    assert_eq!(broken.seq, 5, "{}", broken.reason);
    assert!(broken.reason.contains("cut off"), "{}", broken.reason);
}

#[test]
fn the_chain_survives_reopening_and_further_writes() {
    let dir = tempfile::tempdir().unwrap();
    let folder = case_with_history(dir.path());
    let mut case = Case::open(&folder, PASSPHRASE, actor(), clock()).unwrap();
    case.update_info(casebook::case::CaseUpdate {
        summary: Some("More detail".into()),
        ..Default::default()
    })
    .unwrap();
    let v = case.verify_audit(&Silent).unwrap();
    assert!(v.intact, "{v:?}");
    assert_eq!(v.entries, 7);
}
