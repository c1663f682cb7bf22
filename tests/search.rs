//! Search over the whole case: one box finds every kind of item, the index follows every edit
//! and delete in the same transaction, no typed text is a syntax error, and the state the
//! audit chain commits to is untouched by the index (it is derived data).

mod common;

use casebook::evidence::{EvidenceEdit, IntakeRequest};
use casebook::progress::Silent;
use casebook::referral::ReferralInput;
use casebook::search::{SearchKind, SearchResults, PER_KIND};
use casebook::statement::{EditInput, StatementInput, StatementKind};
use casebook::timeline::{Category, EventInput};
use casebook::Case;
use common::cli::{casebook, json, ok};
use common::*;
use std::path::Path;

fn event(title: &str, detail: &str) -> EventInput {
    EventInput {
        when: "2026-01-05 10:00".into(),
        tz: "UTC".into(),
        title: title.into(),
        detail: Some(detail.into()),
        source: None,
        category: Category::Investigation,
        linked_type: None,
        linked_id: None,
    }
}

/// The ids found of `kind` (empty when the kind has no group).
fn ids(r: &SearchResults, kind: SearchKind) -> Vec<String> {
    r.groups
        .iter()
        .filter(|g| g.kind == kind)
        .flat_map(|g| g.hits.iter().map(|h| h.id.clone()))
        .collect()
}

fn found(case: &Case, query: &str, kind: SearchKind) -> Vec<String> {
    ids(&case.search(query, PER_KIND).unwrap(), kind)
}

/// A case with one item of each kind, each carrying a word no other item has.
struct Fixture {
    case: Case,
    event: String,
    evidence: String,
    sha256: String,
    referral: String,
    statement: String,
}

fn fixture(dir: &Path) -> Fixture {
    let mut case = new_case(dir, "search");
    let event = case
        .add_event(event(
            "Zephyr export to personal drive",
            "Copied the quarterly ledger",
        ))
        .unwrap()
        .id;
    let file = write(dir, "crm-export.csv", b"id,name\n1,x\n");
    let item = case
        .add_evidence(
            IntakeRequest {
                paths: vec![file.to_string_lossy().into()],
                source: Some("Marigold laptop".into()),
                ..Default::default()
            },
            &Silent,
        )
        .unwrap();
    let evidence = item.added[0].id.clone();
    let sha256 = item.added[0].sha256.clone();
    case.record_transfer(casebook::custody::TransferInput {
        item_id: evidence.clone(),
        from_party: "Ida Investigator".into(),
        to_party: "Forensics lab".into(),
        purpose: "Imaging".into(),
        method: None,
        location: None,
        when: None,
        tz: None,
        note: Some("Tamper seal number quokka".into()),
    })
    .unwrap();
    let people = write(
        dir,
        "people.csv",
        b"name,email,phone,country\nAnna Wojciechowska,anna.w@example.net,+14155550123,US\nBob Stone,bob@example.net,,US\n",
    );
    import(&mut case, &people).unwrap();
    case.take_snapshot("first").unwrap();
    let referral = case
        .add_referral(ReferralInput {
            agency: "National Cyber Crime Unit".into(),
            ..Default::default()
        })
        .unwrap()
        .id;
    case.save_referral_notes(&referral, "The subject used a USB stick called Platypus.")
        .unwrap();
    let statement = case
        .new_statement(StatementInput {
            kind: StatementKind::CustomerNotice,
            title: "Notice about the Heron incident".into(),
            body: "We are writing to tell you about an incident.".into(),
            ..Default::default()
        })
        .unwrap()
        .id;
    Fixture {
        case,
        event,
        evidence,
        sha256,
        referral,
        statement,
    }
}

#[test]
fn one_query_box_finds_an_item_of_every_kind() {
    let dir = tempfile::tempdir().unwrap();
    let mut f = fixture(dir.path());
    let c = &mut f.case;
    assert_eq!(
        found(c, "zephyr", SearchKind::Event),
        [f.event.clone()],
        "event by title"
    );
    assert_eq!(
        found(c, "ledger", SearchKind::Event),
        [f.event.clone()],
        "event by detail"
    );
    assert_eq!(
        found(c, "marigold", SearchKind::Evidence),
        [f.evidence.clone()],
        "evidence by its source"
    );
    assert_eq!(
        found(c, "crm-exp", SearchKind::Evidence),
        [f.evidence.clone()],
        "evidence by the start of its file name, punctuation and all"
    );
    assert_eq!(
        found(c, &f.sha256[..10].to_uppercase(), SearchKind::Evidence),
        [f.evidence.clone()],
        "evidence by a SHA-256 prefix, in either case"
    );
    assert_eq!(
        found(c, "quokka", SearchKind::Custody),
        [f.evidence.clone()],
        "a custody note opens its item"
    );
    let anna = found(c, "wojc", SearchKind::Person);
    assert_eq!(anna.len(), 1, "a person by the start of a surname");
    assert_eq!(
        found(c, "anna.w@example", SearchKind::Person),
        anna,
        "the same person by the start of the e-mail"
    );
    assert_eq!(
        found(c, "1415555", SearchKind::Person),
        anna,
        "and by phone digits"
    );
    assert_eq!(
        found(c, "platypus", SearchKind::ReferralNotes),
        [f.referral.clone()],
        "referral notes open their referral"
    );
    assert_eq!(
        found(c, "heron", SearchKind::Statement),
        [f.statement.clone()],
        "a statement by its title"
    );
    let task = c
        .add_task(casebook::task::TaskInput {
            title: "Collect the badge logs".into(),
            notes: Some("Ask facilities for the wombat door".into()),
            ..Default::default()
        })
        .unwrap()
        .id;
    assert_eq!(
        found(c, "wombat", SearchKind::Task),
        std::slice::from_ref(&task),
        "a task by its notes"
    );
    c.set_task_status(&task, casebook::task::TaskStatus::Done, None)
        .unwrap();
    assert_eq!(
        found(c, "badge logs", SearchKind::Task),
        [task],
        "a task by its title, still found once its status changed"
    );
    let audit = c
        .search(&format!("evidence add {}", f.evidence), PER_KIND)
        .unwrap();
    let entries = audit
        .groups
        .iter()
        .find(|g| g.kind == SearchKind::Audit)
        .expect("audit entries are found by their action and entity");
    assert_eq!(
        entries.hits[0].title,
        format!("Evidence added · {}", f.evidence),
        "the entry is titled by its action's label and its entity"
    );
}

#[test]
fn edits_and_deletes_change_what_is_found_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut f = fixture(dir.path());
    let c = &mut f.case;

    c.update_event(
        &f.event,
        event("Upload to a file-sharing site", "Copied the ledger"),
    )
    .unwrap();
    assert!(
        found(c, "zephyr", SearchKind::Event).is_empty(),
        "the old title is gone"
    );
    assert_eq!(
        found(c, "sharing", SearchKind::Event),
        [f.event.clone()],
        "the new one found"
    );
    c.delete_event(&f.event).unwrap();
    assert!(
        found(c, "ledger", SearchKind::Event).is_empty(),
        "a deleted event is not found"
    );

    c.edit_evidence(
        &f.evidence,
        EvidenceEdit {
            description: Some("Export of the Aardvark CRM".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(
        found(c, "aardvark", SearchKind::Evidence),
        [f.evidence.clone()],
        "an edited description is found"
    );

    c.save_referral_notes(&f.referral, "Rewritten: a phone called Wombat.")
        .unwrap();
    assert!(
        found(c, "platypus", SearchKind::ReferralNotes).is_empty(),
        "only the current notes are searched"
    );
    assert_eq!(
        found(c, "wombat", SearchKind::ReferralNotes),
        [f.referral.clone()]
    );

    c.edit_statement(
        &f.statement,
        EditInput {
            body: "We are writing about the Osprey incident.".into(),
            title: Some("Notice about the incident".into()),
            snapshot: None,
        },
    )
    .unwrap();
    assert!(
        found(c, "heron", SearchKind::Statement).is_empty(),
        "the old title is gone"
    );
    assert_eq!(
        found(c, "osprey", SearchKind::Statement),
        [f.statement.clone()]
    );

    // People follow their records: removing the batch removes them from the index.
    let batch = c.import_batches().unwrap()[0].id.clone();
    c.remove_import_batch(&batch, "wrong file").unwrap();
    assert!(
        found(c, "wojc", SearchKind::Person).is_empty(),
        "removed people are not found"
    );

    let root = c.root().to_path_buf();
    let v = c.verify_audit(&Silent).unwrap();
    assert!(v.intact, "the index is outside the committed state: {v:?}");
    drop(f);
    let reopened = reopen(&root);
    assert_eq!(
        found(&reopened, "wombat", SearchKind::ReferralNotes),
        [f_referral(&reopened)],
        "the index is in the file, kept across opens"
    );
}

fn f_referral(case: &Case) -> String {
    case.referrals().unwrap()[0].id.clone()
}

#[test]
fn no_typed_text_is_a_syntax_error_and_punctuation_alone_finds_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let f = fixture(dir.path());
    let many_words = "a ".repeat(5000);
    let one_long_word = "x".repeat(100_000);
    for q in [
        "\"",
        "\"zephyr",
        "zephyr\"",
        "AND",
        "zephyr AND",
        "OR OR NOT",
        "-zephyr",
        "zephyr -",
        "*",
        "^zephyr",
        "title:zephyr",
        "NEAR(zephyr ledger)",
        "(zephyr",
        "zephyr)",
        "{title}: x",
        "'; DROP TABLE people; --",
        "\0",
        "ze\0phyr",
        "\u{202e}zephyr",
        "🦊",
        "e\u{301}",
        "",
        "   ",
        many_words.as_str(),
        one_long_word.as_str(),
    ] {
        let r = f
            .case
            .search(q, PER_KIND)
            .unwrap_or_else(|e| panic!("{q:?} must not be an error: {e}"));
        assert_eq!(r.query, q, "the query is handed back as typed");
    }
    assert!(
        f.case
            .search("\" - * ( )", PER_KIND)
            .unwrap()
            .groups
            .is_empty(),
        "punctuation alone matches nothing"
    );
    assert_eq!(
        found(&f.case, "\"zephyr", SearchKind::Event),
        std::slice::from_ref(&f.event),
        "a stray quote is ignored, the word still found"
    );
}

#[test]
fn many_matches_are_capped_per_kind_with_a_count_of_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "many");
    for i in 0..12 {
        case.add_event(event(&format!("Login number {i}"), "Badger"))
            .unwrap();
    }
    let r = case.search("badger", 5).unwrap();
    let g = &r.groups[0];
    assert_eq!(
        (g.kind, g.hits.len(), g.more),
        (SearchKind::Event, 5, 7),
        "5 shown, 7 more"
    );
    assert!(!g.more_capped, "an exact count");
}

#[test]
fn a_rebuild_makes_the_same_index_and_is_audited() {
    let dir = tempfile::tempdir().unwrap();
    let f = fixture(dir.path());
    let root = f.case.root().to_path_buf();
    let before = f.case.search("example", PER_KIND).unwrap();
    drop(f);
    // An edit of the index outside Casebook: derived data, not evidence.
    let raw = raw_connection(&root);
    raw.execute_batch(
        "DELETE FROM search_docs WHERE kind = 'event';
         INSERT INTO search_people (search_people) VALUES ('delete-all');",
    )
    .unwrap();
    drop(raw);
    let mut case = reopen(&root);
    assert!(
        case.verify_audit(&Silent).unwrap().intact,
        "an edited index is not a changed case"
    );
    assert!(
        found(&case, "zephyr", SearchKind::Event).is_empty(),
        "the edit took"
    );
    case.rebuild_search().unwrap();
    assert_eq!(
        case.search("example", PER_KIND).unwrap().groups.len(),
        before.groups.len()
    );
    assert_eq!(
        found(&case, "zephyr", SearchKind::Event).len(),
        1,
        "events are back"
    );
    assert_eq!(
        found(&case, "wojc", SearchKind::Person).len(),
        1,
        "people are back"
    );
    assert!(case.verify_audit(&Silent).unwrap().intact);
}

#[test]
fn the_cli_prints_one_hit_per_line_or_a_json_array_of_kind_id_title() {
    let dir = tempfile::tempdir().unwrap();
    let f = fixture(dir.path());
    let root = f.case.root().to_path_buf();
    let evidence = f.evidence.clone();
    drop(f);
    let home = dir.path().join("home");
    let case = root.to_string_lossy().to_string();
    let hits = json(casebook(&home, &["search", &case, "marigold", "--json"]));
    let hits = hits.as_array().expect("an array of hits");
    let first = &hits[0];
    assert_eq!(first["kind"], "evidence");
    assert_eq!(first["id"], evidence.as_str());
    assert!(first["title"].as_str().unwrap().contains("crm-export.csv"));
    let text = ok(casebook(&home, &["search", &case, "marigold"]));
    assert!(
        text.lines()
            .any(|l| l.starts_with(&format!("evidence\t{evidence}\t"))),
        "kind, id and title on one line: {text}"
    );
    let none = json(casebook(&home, &["search", &case, "\"(*-:", "--json"]));
    assert_eq!(
        none,
        serde_json::json!([]),
        "a hostile query is no error, just no hits"
    );
    let rebuilt = casebook(&home, &["search", &case, "--rebuild"]);
    assert!(rebuilt.status.success(), "{rebuilt:?}");
}
