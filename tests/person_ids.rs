//! Person ids on real case folders: keyed by each case's own secret, so the same e-mail gets a
//! different id in another case and the same id after every rebuild; a case holding ids made
//! the old, unkeyed way moves onto keyed ids when it is opened, in one transaction that leaves
//! nothing changed when it fails, keeping old → new inside the encrypted database; and a
//! results file that names people by their old ids still matches them.

mod common;

use casebook::affected::notice::{Channel, NoticeStatus, NoticeUpdate};
use casebook::affected::people::DedupeRule;
use casebook::affected::{ImportRequest, PeopleQuery, PersonRow};
use casebook::audit::AuditQuery;
use casebook::harm::{HarmInput, HarmKind};
use casebook::progress::Silent;
use casebook::Case;
use common::*;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Three people: Ann (e-mail and phone), Bob (e-mail), Cy (phone only).
const FIRST: &str = "full_name,email,phone,country,region\n\
Ann Smith,ann@example.com,+1 555 123 4567,US,CA\n\
Bob Stone,bob@example.ca,,CA,QC\n\
Cy Diaz,,+1 555 987 6543,US,TX\n";

/// Ann again (her e-mail in capitals: the same person), and Dee, new.
const SECOND: &str = "full_name,email,phone,country,region\n\
Ann Smith,ANN@Example.com,,US,CA\n\
Dee Park,dee@example.org,,US,NY\n";

/// Eve alone: her batch is removed after she is sent a notice.
const THIRD: &str = "full_name,email,phone,country,region\n\
Eve Hart,eve@example.net,,US,WA\n";

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn import(case: &mut Case, path: &Path) -> String {
    case.import_affected(
        ImportRequest {
            path: path.to_string_lossy().into_owned(),
            ..Default::default()
        },
        &Silent,
    )
    .expect("the fixture imports")
    .batch
    .id
}

fn people(case: &Case) -> Vec<PersonRow> {
    case.people(&PeopleQuery {
        limit: 100,
        ..Default::default()
    })
    .unwrap()
    .rows
}

/// Name → id.
fn ids(case: &Case) -> BTreeMap<String, String> {
    people(case).into_iter().map(|p| (p.name, p.id)).collect()
}

/// An id as cases made them before ids were keyed: SHA-256 of the person's key alone.
fn unkeyed(key: &str) -> String {
    format!("P-{}", &hex::encode(Sha256::digest(key.as_bytes()))[..16])
}

#[test]
fn the_same_email_gets_a_different_id_in_another_case_and_the_same_id_after_every_rebuild() {
    let dir = tempfile::tempdir().unwrap();
    let first = write(dir.path(), "first.csv", FIRST);
    let second = write(dir.path(), "second.csv", SECOND);
    let mut a = new_case(dir.path(), "a");
    let mut b = new_case(dir.path(), "b");
    import(&mut a, &first);
    import(&mut b, &first);

    let in_a = ids(&a);
    let in_b = ids(&b);
    assert_eq!(in_a.len(), 3);
    for (name, id) in &in_a {
        assert!(
            id.len() == 18
                && id.starts_with("P-")
                && id[2..].chars().all(|c| c.is_ascii_hexdigit()),
            "{name}'s id {id} keeps the P- + 16 hex form letters and lists rely on"
        );
        assert_ne!(
            Some(id),
            in_b.get(name),
            "{name} holds the same key in both cases but a case's id must not link them"
        );
    }
    assert_ne!(
        in_a["Ann Smith"],
        unkeyed("e:ann@example.com"),
        "an id is no longer the plain SHA-256 of the e-mail, which anyone can recompute"
    );

    a.take_snapshot("before the second batch").unwrap();
    let batch2 = import(&mut a, &second);
    let after_second = ids(&a);
    for (name, id) in &in_a {
        assert_eq!(
            &after_second[name], id,
            "{name}'s id survives a rebuild after another batch"
        );
    }
    a.set_dedupe_rule(DedupeRule::Phone).unwrap();
    a.set_dedupe_rule(DedupeRule::Email).unwrap();
    assert_eq!(
        ids(&a),
        after_second,
        "a rule changed and back gives the same ids"
    );
    a.take_snapshot("after the second batch").unwrap();
    a.remove_import_batch(&batch2, "test").unwrap();
    assert_eq!(
        ids(&a),
        in_a,
        "removing a batch leaves the others' ids as they were"
    );
    import(&mut a, &second);
    assert_eq!(
        ids(&a),
        after_second,
        "re-importing a batch gives its people their ids back"
    );
    let folder = a.root().to_path_buf();
    drop(a);
    assert_eq!(
        ids(&reopen(&folder)),
        after_second,
        "ids are the same after the case is closed and opened again"
    );
}

/// Everything about the people that ids must not change.
#[derive(Debug, PartialEq)]
struct Picture {
    /// Name → (notice status, notice history).
    notices: BTreeMap<String, (String, Vec<String>)>,
    breakdown: String,
    /// Each harm report and the name of the person it matched.
    harm: Vec<String>,
}

fn picture(case: &Case) -> Picture {
    let rows = people(case);
    let by_id: BTreeMap<String, String> = rows
        .iter()
        .map(|p| (p.id.clone(), p.name.clone()))
        .collect();
    let notices = rows
        .iter()
        .map(|p| {
            let history = case
                .notice_history(&p.id)
                .unwrap()
                .into_iter()
                .map(|e| format!("{} {} {}", e.status.code(), e.at, e.channel))
                .collect();
            (p.name.clone(), (p.notice_status.clone(), history))
        })
        .collect();
    let breakdown = serde_json::to_string(&case.affected_breakdown().unwrap()).unwrap();
    let harm = case
        .harm_reports()
        .unwrap()
        .into_iter()
        .map(|r| {
            let who = r.person_id.as_ref().map(|id| by_id[id].clone());
            format!("{} {who:?}", r.id)
        })
        .collect();
    Picture {
        notices,
        breakdown,
        harm,
    }
}

/// A case as an older Casebook left it: two batches, a removed third whose person had a
/// notice, notices by hand and from a results file, a harm report matched to Ann, a snapshot.
/// Returns the case folder and name → keyed id.
fn case_with_history(dir: &Path) -> (PathBuf, BTreeMap<String, String>) {
    let mut case = new_case(dir, "old");
    import(&mut case, &write(dir, "first.csv", FIRST));
    import(&mut case, &write(dir, "second.csv", SECOND));
    let eve_batch = import(&mut case, &write(dir, "third.csv", THIRD));
    let keyed = ids(&case);
    case.set_notice_status(NoticeUpdate {
        person_ids: vec![keyed["Ann Smith"].clone(), keyed["Eve Hart"].clone()],
        status: NoticeStatus::Sent,
        at: Some("2026-01-05".into()),
        channel: Some(Channel::Email),
    })
    .unwrap();
    let results = write(
        dir,
        "results.csv",
        &format!(
            "person_id,status,date,channel\n{},returned,2026-01-06,mail\n",
            keyed["Cy Diaz"]
        ),
    );
    case.import_notice_results(&results.to_string_lossy(), &Silent)
        .unwrap();
    case.remove_import_batch(&eve_batch, "wrong tenant")
        .unwrap();
    case.add_harm_report(HarmInput {
        when: "2019-08-05".into(),
        kind: HarmKind::ScamCall,
        email: "ann@example.com".into(),
        ..Default::default()
    })
    .unwrap();
    case.take_snapshot("before the move").unwrap();
    (case.root().to_path_buf(), ids(&case))
}

/// Rewrites the case's ids into the unkeyed form and marks it unkeyed, as an older Casebook
/// left it. Returns name → unkeyed id, Eve's (whose records are gone) included.
fn make_unkeyed(folder: &Path) -> BTreeMap<String, String> {
    let raw = raw_connection(folder);
    let rows: Vec<(String, String, String)> = raw
        .prepare("SELECT id, person_key, name FROM people")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let mut old: BTreeMap<String, String> = BTreeMap::new();
    let guard: String = raw
        .query_row(
            "SELECT sql FROM sqlite_master WHERE name = 'notice_events_no_update'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    raw.execute_batch("DROP TRIGGER notice_events_no_update")
        .unwrap();
    for (id, key, name) in rows {
        let was = unkeyed(&key);
        raw.execute("UPDATE people SET id = ?2 WHERE id = ?1", [&id, &was])
            .unwrap();
        raw.execute(
            "UPDATE notice_events SET person_id = ?2 WHERE person_id = ?1",
            [&id, &was],
        )
        .unwrap();
        old.insert(name, was);
    }
    // Eve's records went with her batch; only her notice is left, under her keyed id.
    let eve = unkeyed("e:eve@example.net");
    let n = raw
        .execute(
            "UPDATE notice_events SET person_id = ?1
             WHERE person_id NOT IN (SELECT id FROM people)",
            [&eve],
        )
        .unwrap();
    assert_eq!(
        n, 1,
        "the fixture has one notice for a person no longer in the case"
    );
    old.insert("Eve Hart".into(), eve);
    raw.execute_batch(&guard).unwrap();
    raw.execute(
        "UPDATE settings SET value = 'sha256' WHERE key = 'person_ids'",
        [],
    )
    .unwrap();
    old
}

fn person_id_map(folder: &Path) -> BTreeMap<String, String> {
    raw_connection(folder)
        .prepare("SELECT old, new FROM person_id_map")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

#[test]
fn a_case_with_unkeyed_ids_moves_to_keyed_ids_on_open_and_keeps_old_to_new_inside() {
    let dir = tempfile::tempdir().unwrap();
    let (folder, keyed) = case_with_history(dir.path());
    let before = picture(&reopen(&folder));
    let entries_before = reopen(&folder)
        .audit_log(&AuditQuery::default())
        .unwrap()
        .len();
    let old = make_unkeyed(&folder);

    let mut case = reopen(&folder);
    let now = ids(&case);
    for (name, id) in &now {
        assert_eq!(
            id, &keyed[name],
            "{name} gets the keyed id of the case's own secret, as if never unkeyed"
        );
    }
    assert_eq!(
        picture(&case),
        before,
        "statuses, notice histories, tallies and harm matches agree after the move"
    );
    let expected: BTreeMap<String, String> = now
        .iter()
        .map(|(name, id)| (old[name].clone(), id.clone()))
        .collect();
    assert_eq!(
        person_id_map(&folder),
        expected,
        "the map holds old → new for every person of the case"
    );

    let log = case.audit_log(&AuditQuery::default()).unwrap();
    let moves: Vec<_> = log
        .iter()
        .filter(|e| e.action == "affected.person_ids")
        .collect();
    assert_eq!(moves.len(), 1, "the move is one audit entry");
    assert_eq!(
        log.len(),
        entries_before + 1,
        "and nothing else was recorded"
    );
    let recorded: serde_json::Value =
        serde_json::from_str(moves[0].new_value.as_deref().unwrap()).unwrap();
    assert_eq!(
        recorded,
        serde_json::json!({"people": 4, "notice_events": 2, "notice_events_unmapped": 1}),
        "counts only: Ann's and Cy's notices moved, Eve's could not be (her key went with her batch)"
    );
    assert!(
        !moves[0].new_value.as_deref().unwrap().contains("P-"),
        "no id, old or new, in the audit entry"
    );
    // The fixture made the ids unkeyed by editing rows directly, which the state digest
    // rightly reports as changes outside Casebook; the chain itself must be unbroken.
    assert_eq!(
        case.verify_audit(&Silent).unwrap().first_broken,
        None,
        "entries written with old ids keep their hashes"
    );
    let snapshot = case.snapshot("TS-0001").unwrap();
    assert!(
        snapshot.intact,
        "the snapshot taken before the move is untouched"
    );
    let taken = case.take_snapshot("after the move").unwrap();
    assert_eq!(
        taken.content.breakdown, snapshot.content.breakdown,
        "a snapshot after the move counts what the one before counted"
    );
    assert_eq!(taken.content.groups, snapshot.content.groups);

    let raw = raw_connection(&folder);
    assert!(
        raw.execute("UPDATE notice_events SET channel = 'x'", [])
            .is_err(),
        "the notice history is append-only again after the move"
    );
    assert_eq!(
        raw.query_row(
            "SELECT count(*) FROM notice_events WHERE person_id = ?1",
            [&old["Eve Hart"]],
            |r| r.get::<_, i64>(0)
        )
        .unwrap(),
        1,
        "history that could not be mapped is kept as it was"
    );
    drop(raw);
    drop(case);
    let again = reopen(&folder);
    assert_eq!(ids(&again), now, "opening again changes nothing");
    assert_eq!(
        again
            .audit_log(&AuditQuery::default())
            .unwrap()
            .iter()
            .filter(|e| e.action == "affected.person_ids")
            .count(),
        1,
        "a moved case is not moved twice"
    );
}

#[test]
fn an_old_id_in_a_results_file_a_status_update_or_a_lookup_reaches_the_person_through_the_map() {
    let dir = tempfile::tempdir().unwrap();
    let (folder, keyed) = case_with_history(dir.path());
    let old = make_unkeyed(&folder);
    let mut case = reopen(&folder);

    let results = write(
        dir.path(),
        "late-results.csv",
        &format!(
            "person_id,status,date,channel\n\
             {},bounced,2026-01-07,email\n\
             {},sent,2026-01-07,email\n\
             P-0000000000000000,sent,2026-01-07,email\n",
            old["Bob Stone"], old["Eve Hart"]
        ),
    );
    let r = case
        .import_notice_results(&results.to_string_lossy(), &Silent)
        .unwrap();
    assert_eq!(
        (r.updated, r.rejected),
        (1, 2),
        "Bob's old id matches; Eve is no longer in the case and a made-up id matches nobody"
    );
    assert_eq!(
        r.rejects
            .iter()
            .map(|x| x.problem.problem.as_str())
            .collect::<Vec<_>>(),
        ["matches no person in this case"; 2]
    );
    let bob = case
        .person_detail(&old["Bob Stone"])
        .expect("an old id shows its person")
        .notices;
    assert_eq!(
        bob.iter()
            .map(|e| (e.person_id.as_str(), e.status))
            .collect::<Vec<_>>(),
        [(keyed["Bob Stone"].as_str(), NoticeStatus::Bounced)],
        "the event is recorded under Bob's current id"
    );

    case.set_notice_status(NoticeUpdate {
        person_ids: vec![old["Dee Park"].clone()],
        status: NoticeStatus::Sent,
        at: Some("2026-01-08".into()),
        channel: Some(Channel::Mail),
    })
    .expect("an old id typed from an earlier list names its person");
    let dee = people(&case)
        .into_iter()
        .find(|p| p.name == "Dee Park")
        .unwrap();
    assert_eq!(
        (dee.id.as_str(), dee.notice_status.as_str()),
        (keyed["Dee Park"].as_str(), "sent")
    );
    let log = case.audit_log(&AuditQuery::default()).unwrap();
    let last = log
        .iter()
        .filter(|e| e.action == "affected.notice")
        .max_by_key(|e| e.seq)
        .unwrap();
    assert!(
        last.new_value
            .as_deref()
            .unwrap()
            .contains(&keyed["Dee Park"]),
        "the audit entry names the person by the id they have now"
    );
}

#[test]
fn a_move_that_fails_half_way_leaves_the_case_as_it_was_and_the_next_open_completes_it() {
    let dir = tempfile::tempdir().unwrap();
    let (folder, keyed) = case_with_history(dir.path());
    let old = make_unkeyed(&folder);
    let state = |folder: &Path| {
        let raw = raw_connection(folder);
        let q = |sql: &str| -> Vec<String> {
            raw.prepare(sql)
                .unwrap()
                .query_map([], |r| r.get(0))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap()
        };
        (
            q("SELECT id FROM people ORDER BY pos"),
            q("SELECT person_id FROM notice_events ORDER BY seq"),
            q("SELECT old FROM person_id_map"),
            q("SELECT name FROM sqlite_master WHERE tbl_name = 'notice_events' ORDER BY name"),
            q("SELECT value FROM settings WHERE key = 'person_ids'"),
            q("SELECT hash FROM audit_log ORDER BY seq"),
        )
    };
    // The last step of the move (marking the scheme) is refused, after every id was rewritten.
    raw_connection(&folder)
        .execute_batch(
            "CREATE TRIGGER kill_the_move BEFORE UPDATE ON settings WHEN NEW.key = 'person_ids'
             BEGIN SELECT RAISE(ABORT, 'killed half-way'); END;",
        )
        .unwrap();
    let before = state(&folder);
    assert!(
        Case::open(&folder, PASSPHRASE, actor(), clock()).is_err(),
        "a move that cannot finish does not open the case half-moved"
    );
    assert_eq!(
        state(&folder),
        before,
        "ids, history, map, triggers, the scheme and the audit chain are all as they were"
    );
    assert_eq!(before.0.len(), 4);
    assert!(before.0.iter().all(|id| old.values().any(|o| o == id)));

    raw_connection(&folder)
        .execute_batch("DROP TRIGGER kill_the_move")
        .unwrap();
    let case = reopen(&folder);
    for (name, id) in ids(&case) {
        assert_eq!(id, keyed[&name], "{name} is moved by the next open");
    }
}
