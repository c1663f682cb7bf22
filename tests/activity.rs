//! The audit log as the Activity view and `casebook audit log` read it: a label for every
//! action the code records, readable entity names looked up at read time (never stored), and
//! filters by action, entity and person that combine and page.

mod common;

use casebook::audit::{action_label, AuditQuery};
use casebook::custody::CustodyKind;
use casebook::dates::{KeyDateInput, KeyDateKind, Precision};
use casebook::evidence::{EvidenceEdit, IntakeRequest};
use casebook::progress::Silent;
use casebook::team::{MemberInput, Role};
use casebook::timeline::{Category, EventInput};
use casebook::{Actor, Case};
use common::*;
use std::path::Path;

/// Every action code named by a `.record(` call under `src/`: a string literal, a constant
/// of the same file, or the custody family `custody.{kind}`.
fn recorded_action_codes() -> Vec<String> {
    fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                files(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    let mut paths = Vec::new();
    files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut paths,
    );
    let mut codes = Vec::new();
    for path in paths {
        let text = std::fs::read_to_string(&path).unwrap();
        for (at, _) in text.match_indices(".record(") {
            let rest = text[at + ".record(".len()..].trim_start();
            let code = if let Some(lit) = rest.strip_prefix('"') {
                lit[..lit.find('"').unwrap()].to_string()
            } else if let Some(fmt) = rest.strip_prefix("&format!(\"") {
                let pattern = &fmt[..fmt.find('"').unwrap()];
                assert_eq!(
                    pattern,
                    "custody.{}",
                    "{}: a computed action code this test does not know how to expand",
                    path.display()
                );
                codes.extend(
                    CustodyKind::ALL
                        .iter()
                        .map(|k| format!("custody.{}", k.code())),
                );
                continue;
            } else {
                let ident: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                let decl = format!("const {ident}: &str = \"");
                let start = text.find(&decl).unwrap_or_else(|| {
                    panic!(
                        "{}: `.record({ident}` names no `const {ident}: &str` in the same file",
                        path.display()
                    )
                }) + decl.len();
                text[start..start + text[start..].find('"').unwrap()].to_string()
            };
            codes.push(code);
        }
    }
    codes.sort();
    codes.dedup();
    codes
}

#[test]
fn every_action_code_the_code_base_records_has_a_label() {
    let codes = recorded_action_codes();
    assert!(
        codes.len() >= 25,
        "the scan found the record calls (only {} codes: {codes:?})",
        codes.len()
    );
    let missing: Vec<_> = codes.iter().filter(|c| action_label(c).is_none()).collect();
    assert!(
        missing.is_empty(),
        "add a label to audit::ACTIONS for each of: {missing:?}"
    );
}

fn add_file(case: &mut Case, dir: &Path, name: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, name.as_bytes()).unwrap();
    case.add_evidence(
        IntakeRequest {
            paths: vec![p.to_string_lossy().into_owned()],
            ..Default::default()
        },
        &Silent,
    )
    .unwrap()
    .added
    .remove(0)
    .id
}

fn event(title: &str) -> EventInput {
    EventInput {
        when: "2019-08-02 21:14".into(),
        tz: "UTC".into(),
        title: title.into(),
        detail: None,
        source: None,
        category: Category::Access,
        linked_type: None,
        linked_id: None,
    }
}

#[test]
fn activity_labels_actions_and_names_entities_from_the_rows_as_they_are_now() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "act");
    case.set_key_date(KeyDateInput {
        kind: KeyDateKind::Discovery,
        when: "2019-10-18 16:00".into(),
        tz: "UTC".into(),
        precision: Some(Precision::Exact),
        basis: None,
    })
    .unwrap();
    let ev = add_file(&mut case, dir.path(), "export.csv");
    let member = case
        .add_member(MemberInput {
            name: "Cora Counsel".into(),
            email: "cora@example.org".into(),
            role: Role::Counsel,
            organisation: "Legal".into(),
        })
        .unwrap();
    let e = case.add_event(event("First bulk export")).unwrap();
    case.update_event(&e.id, event("Bulk export of the CRM"))
        .unwrap();
    case.remove_member(&member.id).unwrap();

    let all = case.activity(&AuditQuery::default()).unwrap();
    let find = |action: &str| {
        all.iter()
            .find(|a| a.entry.action == action)
            .unwrap_or_else(|| panic!("an entry for {action}"))
    };
    assert_eq!(
        find("case.create").entity_label,
        "Case act",
        "the case title"
    );
    assert_eq!(find("case.create").action_label, "Case created");
    assert_eq!(find("key_date.set").entity_label, "Key date · Discovery");
    assert_eq!(
        find("evidence.add").entity_label,
        format!("{ev} · export.csv")
    );
    assert_eq!(find("custody.intake").action_label, "Custody: intake");
    assert_eq!(
        find("custody.intake").entity_label,
        format!("{ev} · export.csv")
    );
    assert_eq!(
        find("event.add").entity_label,
        "Timeline event · Bulk export of the CRM",
        "names come from the current rows, so the older entry shows the new title"
    );
    assert_eq!(
        find("team.add").entity_label,
        format!("Team member · {}", member.id),
        "a removed member has no current row, so the entry keeps its id"
    );
    assert_eq!(find("team.add").entity_kind, "Team member");
    assert_eq!(
        find("event.add").entry.entity_id,
        e.id,
        "the chain itself keeps the id only; the name is looked up when read"
    );
    assert!(
        case.verify_audit(&Silent).unwrap().intact,
        "reading names changes nothing in the chain"
    );
}

#[test]
fn the_log_filters_by_action_entity_and_person_and_pages_newest_first() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "act");
    let a = add_file(&mut case, dir.path(), "a.csv");
    let b = add_file(&mut case, dir.path(), "b.log");
    let folder = case.root().to_path_buf();
    drop(case);
    let other = Actor {
        name: "Oscar Other".into(),
        email: "oscar@example.org".into(),
        organisation: "IR".into(),
    };
    let mut theirs = Case::open(&folder, PASSPHRASE, other, clock()).unwrap();
    theirs
        .edit_evidence(
            &b,
            EvidenceEdit {
                source: Some("Badge server".into()),
                ..Default::default()
            },
        )
        .unwrap();
    let export = dir.path().join("out");
    theirs
        .export_evidence(
            casebook::evidence::ExportRequest {
                ids: vec![a.clone(), b.clone()],
                destination: export.to_string_lossy().into_owned(),
                recipient: "Counsel".into(),
                purpose: "review".into(),
            },
            &Silent,
        )
        .unwrap();
    drop(theirs);
    let case = reopen(&folder);
    let q = |f: fn(&mut AuditQuery)| {
        let mut q = AuditQuery::default();
        f(&mut q);
        case.activity(&q).unwrap()
    };
    let actions = |rows: &[casebook::activity::ActivityEntry]| {
        rows.iter()
            .map(|r| r.entry.action.clone())
            .collect::<Vec<_>>()
    };

    let edits = q(|q| q.action = Some("evidence.edit".into()));
    assert_eq!(actions(&edits), ["evidence.edit"]);
    assert_eq!(
        actions(&q(|q| q.action = Some("Evidence details corrected".into()))),
        ["evidence.edit"],
        "a label filters as its code does"
    );
    assert_eq!(
        actions(&q(|q| q.action = Some("custody".into()))),
        [
            "custody.export",
            "custody.export",
            "custody.intake",
            "custody.intake"
        ],
        "a family takes every action in it, newest first"
    );
    assert_eq!(
        actions(&q(|q| {
            q.entity_type = Some("evidence".into());
            q.entity_id = Some("EV-0002".into());
        })),
        [
            "evidence.export",
            "custody.export",
            "evidence.edit",
            "custody.intake",
            "evidence.add"
        ],
        "an item's entries include the export that named it with another item"
    );
    let oscar = q(|q| q.actor = Some("oscar".into()));
    assert!(
        !oscar.is_empty() && oscar.iter().all(|r| r.entry.actor.contains("Oscar Other")),
        "a person filter keeps only their changes"
    );
    assert_eq!(
        actions(&q(|q| {
            q.actor = Some("Oscar".into());
            q.action = Some("custody".into());
            q.entity_id = Some("EV-0001".into());
        })),
        ["custody.export"],
        "filters combine"
    );
    assert_eq!(
        q(|q| q.entity_id = Some("EV-000".into())).len(),
        0,
        "an id matches whole, not as a prefix"
    );

    let all = case.activity(&AuditQuery::default()).unwrap();
    let first = case
        .activity(&AuditQuery {
            limit: Some(3),
            ..Default::default()
        })
        .unwrap();
    let next = case
        .activity(&AuditQuery {
            limit: Some(3),
            before_seq: Some(first.last().unwrap().entry.seq),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        first.iter().chain(&next).cloned().collect::<Vec<_>>(),
        all[..6].to_vec(),
        "two pages are the first six entries, newest first"
    );

    let terms = case.audit_terms().unwrap();
    assert_eq!(
        terms.actors.len(),
        2,
        "both people who changed the case: {:?}",
        terms.actors
    );
    assert!(terms.actions.iter().any(|t| t.code == "evidence.edit"));
    assert!(terms
        .entity_kinds
        .iter()
        .any(|t| t.code == "key_date" && t.label == "Key date"));
}
