//! The audit chain covers the case's state, not only its own entries: a row edited, inserted
//! or deleted in any table with another SQLite client (as a reviewer holding the passphrase
//! could) is found by `audit verify` and named by table and row, while everything Casebook
//! itself does (imports, snapshots, batch removals, a passphrase change) keeps it intact.

mod common;

use casebook::audit::state::{ChangeKind, StateChange};
use casebook::audit::Verification;
use casebook::progress::Silent;
use common::cli::casebook;
use common::*;
use rusqlite::Connection;
use std::path::{Path, PathBuf};

/// Tables the state leaves out: the chain itself, the digests over the state, key material,
/// and the search index (derived from the rows; its FTS5 virtual and shadow tables too).
const OUTSIDE: &[&str] = &[
    "audit_log",
    "audit_head",
    "audit_state",
    "audit_rows",
    "case_secrets",
    "search_docs",
    "search_text",
    "search_text_data",
    "search_text_idx",
    "search_text_docsize",
    "search_text_config",
    "search_people",
    "search_people_data",
    "search_people_idx",
    "search_people_docsize",
    "search_people_config",
];

/// State tables the demo case leaves empty, so they have no row to edit or delete (an insert
/// of a made-up row is still checked); a new table the demo does not fill must be added here
/// on purpose (or to the demo).
const EMPTY_IN_DEMO: &[&str] = &[
    "custom_elements",
    "notice_events",
    "obligation_overrides",
    "packets",
    "person_id_map",
    "statement_templates",
];

fn verify(folder: &Path) -> Verification {
    reopen(folder).verify_audit(&Silent).unwrap()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else if entry.file_name() != "lock" {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The demo case (every domain filled), closed, and a fresh copy of it for each tamper.
struct Template {
    _dir: tempfile::TempDir,
    folder: PathBuf,
}

impl Template {
    fn demo() -> Template {
        let dir = tempfile::tempdir().unwrap();
        let case = casebook::demo::build(dir.path(), PASSPHRASE, actor(), clock()).unwrap();
        let folder = case.root().to_path_buf();
        drop(case);
        Template { _dir: dir, folder }
    }

    fn copy(&self, into: &Path) -> PathBuf {
        let to = into.join("copy.casebook");
        copy_dir(&self.folder, &to);
        to
    }
}

/// A tamperer's connection: the key, no foreign keys or CHECKs in the way, and the table's
/// own refusal triggers dropped.
fn tamperer(folder: &Path, table: &str) -> Connection {
    let raw = raw_connection(folder);
    raw.execute_batch("PRAGMA foreign_keys = OFF; PRAGMA ignore_check_constraints = ON;")
        .unwrap();
    let triggers: Vec<String> = raw
        .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?1")
        .unwrap()
        .query_map([table], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for t in triggers {
        raw.execute_batch(&format!("DROP TRIGGER \"{t}\"")).unwrap();
    }
    raw
}

fn state_tables(raw: &Connection) -> Vec<String> {
    let all: Vec<String> = raw
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
             ORDER BY name",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    all.into_iter()
        .filter(|t| !OUTSIDE.contains(&t.as_str()))
        .collect()
}

fn has_rowid(raw: &Connection, table: &str) -> bool {
    raw.query_row(
        "SELECT wr = 0 FROM pragma_table_list WHERE schema = 'main' AND name = ?1",
        [table],
        |r| r.get(0),
    )
    .unwrap()
}

fn columns(raw: &Connection, table: &str) -> Vec<String> {
    raw.prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid")
        .unwrap()
        .query_map([table], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// Columns that must differ in a new row: the primary key and every UNIQUE index's columns.
fn unique_columns(raw: &Connection, table: &str) -> Vec<String> {
    raw.prepare(
        "SELECT name FROM pragma_table_info(?1) WHERE pk > 0
         UNION
         SELECT ii.name FROM pragma_index_list(?1) il, pragma_index_info(il.name) ii
         WHERE il.\"unique\" = 1",
    )
    .unwrap()
    .query_map([table], |r| r.get(0))
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

/// An expression giving `col` a value it did not have, of the same type.
fn changed(col: &str) -> String {
    format!(
        "CASE typeof(\"{col}\") WHEN 'integer' THEN \"{col}\" + 1000003 \
         WHEN 'real' THEN \"{col}\" + 0.5 WHEN 'text' THEN \"{col}\" || ' (changed)' \
         WHEN 'blob' THEN \"{col}\" || x'00' ELSE 'changed' END"
    )
}

/// Rows the case cannot open without, left alone so the tamper is verified rather than
/// refused on open.
const NEEDED_TO_OPEN: &[(&str, &str)] = &[("settings", "key <> 'person_ids'")];

fn rowids(raw: &Connection, table: &str) -> Vec<i64> {
    let keep = NEEDED_TO_OPEN
        .iter()
        .find(|(t, _)| *t == table)
        .map_or("1", |(_, w)| w);
    raw.prepare(&format!(
        "SELECT rowid FROM \"{table}\" WHERE {keep} ORDER BY rowid"
    ))
    .unwrap()
    .query_map([], |r| r.get(0))
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

fn has(v: &Verification, table: &str, row_id: Option<i64>, change: ChangeKind) -> bool {
    v.state_changes.contains(&StateChange {
        table: table.to_string(),
        row_id,
        change,
    })
}

/// Where a tamper happens: a rowid, or (in a WITHOUT ROWID table) the first row.
fn filter(table: &str, first_col: &str, row: Option<i64>) -> String {
    match row {
        Some(id) => format!("rowid = {id}"),
        None => format!("\"{first_col}\" = (SELECT \"{first_col}\" FROM \"{table}\" LIMIT 1)"),
    }
}

/// Inserts a copy of a row with its unique columns changed; returns the new rowid.
fn insert_copy(raw: &Connection, table: &str, row: Option<i64>) -> i64 {
    let cols = columns(raw, table);
    let unique = unique_columns(raw, table);
    let values: Vec<String> = cols
        .iter()
        .map(|c| {
            if unique.contains(c) {
                changed(c)
            } else {
                format!("\"{c}\"")
            }
        })
        .collect();
    let quoted: Vec<String> = cols.iter().map(|c| format!("\"{c}\"")).collect();
    raw.execute(
        &format!(
            "INSERT INTO \"{table}\" ({}) SELECT {} FROM \"{table}\" WHERE {}",
            quoted.join(", "),
            values.join(", "),
            filter(table, &cols[0], row)
        ),
        [],
    )
    .unwrap_or_else(|e| panic!("inserting into {table}: {e}"));
    raw.last_insert_rowid()
}

/// Inserts a row of made-up values of each column's declared type; returns its rowid.
fn insert_made_up(raw: &Connection, table: &str) -> i64 {
    let types: Vec<String> = raw
        .prepare("SELECT upper(type) FROM pragma_table_info(?1) ORDER BY cid")
        .unwrap()
        .query_map([table], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let values: Vec<String> = types
        .iter()
        .enumerate()
        .map(|(i, t)| match t.as_str() {
            t if t.contains("INT") => format!("{}", 1_000_003 + i),
            t if t.contains("BLOB") => "x'00'".into(),
            t if t.contains("REAL") => "0.5".into(),
            _ => format!("'made up {i}'"),
        })
        .collect();
    raw.execute(
        &format!("INSERT INTO \"{table}\" VALUES ({})", values.join(", ")),
        [],
    )
    .unwrap_or_else(|e| panic!("inserting into the empty {table}: {e}"));
    raw.last_insert_rowid()
}

/// Changes a row's last non-unique column (its first column if every column is unique);
/// returns whether that changed the row's key.
fn edit(raw: &Connection, table: &str, row: Option<i64>) -> bool {
    let cols = columns(raw, table);
    let unique = unique_columns(raw, table);
    let col = cols
        .iter()
        .rev()
        .find(|c| !unique.contains(c))
        .unwrap_or(&cols[0]);
    let n = raw
        .execute(
            &format!(
                "UPDATE \"{table}\" SET \"{col}\" = {} WHERE {}",
                changed(col),
                filter(table, &cols[0], row)
            ),
            [],
        )
        .unwrap_or_else(|e| panic!("editing {table}: {e}"));
    assert_eq!(n, 1, "one {table} row edited");
    unique.contains(col)
}

fn delete(raw: &Connection, table: &str, row: Option<i64>) {
    let cols = columns(raw, table);
    let n = raw
        .execute(
            &format!(
                "DELETE FROM \"{table}\" WHERE {}",
                filter(table, &cols[0], row)
            ),
            [],
        )
        .unwrap_or_else(|e| panic!("deleting from {table}: {e}"));
    assert_eq!(n, 1, "one {table} row deleted");
}

#[test]
fn a_direct_edit_insert_and_delete_in_every_state_table_is_located_by_verify() {
    let template = Template::demo();
    assert!(
        verify(&template.folder).intact,
        "the demo case verifies before anyone tampers with it"
    );
    let tables = state_tables(&raw_connection(&template.folder));
    assert!(
        tables.len() >= 35,
        "the state covers every table: {tables:?}"
    );
    let mut exercised = 0;
    let mut empty = Vec::new();
    for table in &tables {
        let raw = raw_connection(&template.folder);
        let located = has_rowid(&raw, table);
        let ids = if located { rowids(&raw, table) } else { vec![] };
        let count: i64 = raw
            .query_row(&format!("SELECT count(*) FROM \"{table}\""), [], |r| {
                r.get(0)
            })
            .unwrap();
        drop(raw);
        if count == 0 {
            empty.push(table.as_str());
            let work = tempfile::tempdir().unwrap();
            let folder = template.copy(work.path());
            let raw = tamperer(&folder, table);
            let new_id = insert_made_up(&raw, table);
            drop(raw);
            let v = verify(&folder);
            assert!(
                has(&v, table, located.then_some(new_id), ChangeKind::Inserted),
                "a row inserted into the empty {table} is named: {v:?}"
            );
            continue;
        }
        exercised += 1;
        let work = tempfile::tempdir().unwrap();
        // The newest rows: the oldest may be what the case cannot open without (the
        // `settings` row saying how person ids are made).
        let edited = ids.last().copied();
        let deleted = if ids.len() >= 2 {
            Some(ids[ids.len() - 2])
        } else {
            edited
        };
        // One copy takes all three tampers when they touch different rows and the case still
        // opens after them; `case_info` must hold exactly one row, so an insert or a delete
        // there is refused on open already, and its edit is checked on its own.
        let together = ids.len() >= 2 && table != "case_info";
        let mut copies = 0;
        let mut tampered = |f: &dyn Fn(&Connection)| -> Option<Verification> {
            copies += 1;
            let folder = template.copy(&work.path().join(copies.to_string()));
            let raw = tamperer(&folder, table);
            f(&raw);
            drop(raw);
            match casebook::Case::open(&folder, PASSPHRASE, actor(), clock()) {
                Ok(case) => Some(case.verify_audit(&Silent).unwrap()),
                Err(casebook::Error::NotACase(_)) if table == "case_info" => None,
                Err(e) => panic!("the case with a tampered {table} still opens: {e}"),
            }
        };
        let new_id = std::cell::Cell::new(0);
        let key_edited = std::cell::Cell::new(false);
        let checks: Vec<Verification> = if together {
            tampered(&|raw| {
                new_id.set(insert_copy(raw, table, edited));
                key_edited.set(edit(raw, table, edited));
                delete(raw, table, deleted);
            })
            .into_iter()
            .collect()
        } else {
            [
                tampered(&|raw| new_id.set(insert_copy(raw, table, edited))),
                tampered(&|raw| key_edited.set(edit(raw, table, edited))),
                tampered(&|raw| delete(raw, table, deleted)),
            ]
            .into_iter()
            .flatten()
            .collect()
        };
        assert!(
            !checks.is_empty(),
            "{table}: some tamper left a case to verify"
        );
        let found = |row: Option<i64>, change: ChangeKind| {
            checks.iter().any(|v| has(v, table, row, change))
        };
        for v in &checks {
            assert!(!v.intact, "a tamper in {table} is detected: {v:?}");
        }
        let all: Vec<&StateChange> = checks.iter().flat_map(|v| &v.state_changes).collect();
        if table != "case_info" {
            assert!(
                found(located.then_some(new_id.get()), ChangeKind::Inserted),
                "the row inserted into {table} is named: {all:?}"
            );
            assert!(
                found(located.then_some(deleted.unwrap_or(0)), ChangeKind::Deleted),
                "the row deleted from {table} is named: {all:?}"
            );
        }
        let edit_named = if key_edited.get() && !located {
            // A WITHOUT ROWID row whose key changed is one row gone and another come.
            found(None, ChangeKind::Deleted) && found(None, ChangeKind::Inserted)
        } else {
            found(edited, ChangeKind::Edited)
        };
        assert!(edit_named, "the row edited in {table} is named: {all:?}");
    }
    assert_eq!(
        empty, EMPTY_IN_DEMO,
        "these tables are empty in the demo case, so this test cannot tamper with them: fill \
         them in the demo or list them in EMPTY_IN_DEMO"
    );
    assert!(
        exercised >= 25,
        "most tables have rows to tamper with in the demo case ({exercised})"
    );
}

/// The encoding `audit::state` hashes a row with, as a tamperer reading the source would
/// rebuild it: a type tag per value, lengths for text and blobs.
fn short_row_hash(raw: &Connection, table: &str, rowid: i64) -> i64 {
    use rusqlite::types::ValueRef;
    use sha2::{Digest, Sha256};
    let n = columns(raw, table).len();
    raw.query_row(
        &format!("SELECT * FROM \"{table}\" WHERE rowid = ?1"),
        [rowid],
        |r| {
            let mut h = Sha256::new();
            for i in 0..n {
                match r.get_ref(i)? {
                    ValueRef::Null => h.update([0]),
                    ValueRef::Integer(v) => {
                        h.update([1]);
                        h.update(v.to_be_bytes());
                    }
                    ValueRef::Real(f) => {
                        h.update([2]);
                        h.update(f.to_bits().to_be_bytes());
                    }
                    ValueRef::Text(t) => {
                        h.update([3]);
                        h.update((t.len() as u64).to_be_bytes());
                        h.update(t);
                    }
                    ValueRef::Blob(b) => {
                        h.update([4]);
                        h.update((b.len() as u64).to_be_bytes());
                        h.update(b);
                    }
                }
            }
            Ok(i64::from_be_bytes(h.finalize()[..8].try_into().unwrap()))
        },
    )
    .unwrap()
}

#[test]
fn an_edit_whose_row_hash_was_forged_too_still_names_the_table() {
    let template = Template::demo();
    let work = tempfile::tempdir().unwrap();
    let folder = template.copy(work.path());
    let raw = tamperer(&folder, "subject");
    raw.execute("UPDATE subject SET name = 'Someone Else' WHERE id = 1", [])
        .unwrap();
    let forged = short_row_hash(&raw, "subject", 1);
    let n = raw
        .execute(
            "UPDATE audit_rows SET h = ?1 WHERE tbl = 'subject' AND rid = 1",
            [forged],
        )
        .unwrap();
    assert_eq!(n, 1, "the subject's row hash is there to forge");
    drop(raw);
    let v = verify(&folder);
    assert!(!v.intact, "{v:?}");
    assert_eq!(
        v.state_changes,
        vec![StateChange {
            table: "subject".into(),
            row_id: None,
            change: ChangeKind::TableDigest,
        }],
        "the row matches its forged hash, so the table's digest is what names it"
    );
}

#[test]
fn a_table_emptied_with_its_digests_still_breaks_the_committed_state() {
    let template = Template::demo();
    let work = tempfile::tempdir().unwrap();
    let folder = template.copy(work.path());
    let raw = tamperer(&folder, "custody_events");
    raw.execute_batch(
        "DELETE FROM custody_events;
         DELETE FROM audit_rows WHERE tbl = 'custody_events';
         DELETE FROM audit_state WHERE tbl = 'custody_events';",
    )
    .unwrap();
    drop(raw);
    let v = verify(&folder);
    assert!(!v.intact, "{v:?}");
    assert_eq!(v.state_changes_total, 1);
    assert_eq!(v.state_changes[0].change, ChangeKind::StateDigest, "{v:?}");
}

fn people_csv(dir: &Path, name: &str, from: usize, to: usize) -> PathBuf {
    let mut s = String::from("record_id,full_name,email,phone,country,data_elements\n");
    for i in from..to {
        s.push_str(&format!(
            "{i},Person {i},person.{i}@example.com,+1 555 010 {i:04},US,name;email\n"
        ));
    }
    // A row the importer rejects, so batch removal deletes rejects too.
    s.push_str(&format!("{to},No Contact,,,US,name\n"));
    write(dir, name, s.as_bytes())
}

#[test]
fn a_case_changed_only_by_casebook_verifies_after_imports_snapshots_removals_and_a_rekey() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "state");
    let folder = case.root().to_path_buf();
    let mut batches = Vec::new();
    for (i, (from, to)) in [(0, 60), (40, 120), (100, 150), (10, 30)]
        .iter()
        .enumerate()
    {
        let file = people_csv(dir.path(), &format!("batch{i}.csv"), *from, *to);
        batches.push(import(&mut case, &file).unwrap().batch.id);
        if i % 2 == 1 {
            case.take_snapshot(&format!("after batch {i}")).unwrap();
        }
    }
    let v = case.verify_audit(&Silent).unwrap();
    assert!(v.intact, "after four imports and two snapshots: {v:?}");
    let committed = case.state_digest().unwrap();
    assert_eq!(
        committed.as_deref(),
        Some(v.state_digest.as_str()),
        "the digest the head committed to is the one the rows give"
    );
    case.remove_import_batch(&batches[1], "sent twice").unwrap();
    case.remove_import_batch(&batches[3], "wrong file").unwrap();
    case.take_snapshot("after removals").unwrap();
    let v = case.verify_audit(&Silent).unwrap();
    assert!(v.intact, "after two batch removals: {v:?}");
    assert_ne!(
        case.state_digest().unwrap(),
        committed,
        "removing batches changed the committed state"
    );
    // The export behind a passphrase change renumbers rowids where rows were deleted.
    case.change_passphrase("another good passphrase").unwrap();
    let v = case.verify_audit(&Silent).unwrap();
    assert!(v.intact, "after a passphrase change: {v:?}");
    drop(case);
    let reopened =
        casebook::Case::open(&folder, "another good passphrase", actor(), clock()).unwrap();
    let v = reopened.verify_audit(&Silent).unwrap();
    assert!(v.intact, "after reopening: {v:?}");
}

#[test]
fn every_entry_of_one_transaction_commits_to_the_state_after_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "entries");
    import(&mut case, &people_csv(dir.path(), "a.csv", 0, 20)).unwrap();
    let log = case
        .audit_log(&casebook::audit::AuditQuery::default())
        .unwrap();
    assert!(
        log.iter().all(|e| e.state.is_some()),
        "every entry carries a state digest"
    );
    assert_eq!(
        log[0].state,
        case.state_digest().unwrap(),
        "the newest entry's state is the committed digest"
    );
    assert_ne!(
        log[0].state,
        log[log.len() - 1].state,
        "an import changes the state the creation committed to"
    );
}

#[test]
fn the_cli_names_the_table_and_row_changed_outside_casebook() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "cli");
    import(&mut case, &people_csv(dir.path(), "a.csv", 0, 20)).unwrap();
    let folder = case.root().to_path_buf();
    drop(case);
    let raw = tamperer(&folder, "people");
    raw.execute("UPDATE people SET person_key = 'x' WHERE pos = 3", [])
        .unwrap();
    drop(raw);
    let path = folder.to_str().unwrap();
    let out = casebook(dir.path(), &["audit", "verify", path]);
    assert_eq!(out.status.code(), Some(1), "a changed state exits 1");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("people row 3 was edited outside Casebook"),
        "stderr names the table and row: {err}"
    );
    let out = casebook(dir.path(), &["audit", "verify", path, "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["intact"], false);
    assert_eq!(v["state_changes"][0]["table"], "people");
    assert_eq!(v["state_changes"][0]["row_id"], 3);
    assert_eq!(v["state_changes"][0]["change"], "edited");
}

/// An entry's fields as a version before state digests stored them (seq to new value).
type OldEntry = (
    i64,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
);

#[test]
fn a_case_from_before_state_digests_is_covered_on_open_with_one_entry_and_then_guarded() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "old");
    import(&mut case, &people_csv(dir.path(), "a.csv", 0, 10)).unwrap();
    let folder = case.root().to_path_buf();
    drop(case);
    // Rewrite the log as a version before state digests wrote it: entries without a state,
    // hashed over their nine fields, and no digests.
    let raw = tamperer(&folder, "audit_log");
    let entries: Vec<OldEntry> = raw
        .prepare(
            "SELECT seq, at_utc, actor, action, entity_type, entity_id, old_value, new_value
             FROM audit_log ORDER BY seq",
        )
        .unwrap()
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
            ))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    raw.execute_batch("DELETE FROM audit_log; DELETE FROM audit_state; DELETE FROM audit_rows;")
        .unwrap();
    let mut prev = casebook::audit::GENESIS_HASH.to_string();
    for (seq, at, actor, action, et, eid, old, new) in &entries {
        let canon = casebook::audit::canonical_json(&serde_json::json!([
            seq, at, actor, action, et, eid, old, new, prev
        ]));
        let hash = {
            use sha2::Digest;
            hex::encode(sha2::Sha256::digest(canon.as_bytes()))
        };
        raw.execute(
            "INSERT INTO audit_log (seq, at_utc, actor, action, entity_type, entity_id, old_value,
                                    new_value, prev_hash, hash) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)",
            rusqlite::params![seq, at, actor, action, et, eid, old, new, prev, hash],
        )
        .unwrap();
        prev = hash;
    }
    raw.execute(
        "UPDATE audit_head SET seq = ?1, hash = ?2",
        rusqlite::params![entries.len() as i64, prev],
    )
    .unwrap();
    drop(raw);

    let case = reopen(&folder);
    let log = case
        .audit_log(&casebook::audit::AuditQuery::default())
        .unwrap();
    assert_eq!(log.len(), entries.len() + 1, "opening adds one entry");
    assert_eq!(log[0].action, "audit.state_covered");
    assert!(log[1].state.is_none(), "older entries keep their old form");
    let v = case.verify_audit(&Silent).unwrap();
    assert!(
        v.intact,
        "the old chain and the covered state verify: {v:?}"
    );
    drop(case);
    assert_eq!(
        reopen(&folder)
            .audit_log(&casebook::audit::AuditQuery::default())
            .unwrap()
            .len(),
        entries.len() + 1,
        "a covered case is covered once"
    );
    let raw = tamperer(&folder, "people");
    raw.execute("DELETE FROM people WHERE pos = 2", []).unwrap();
    drop(raw);
    let v = verify(&folder);
    assert!(
        has(&v, "people", Some(2), ChangeKind::Deleted),
        "from then on a direct change is named: {v:?}"
    );
}
