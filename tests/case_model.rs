//! The case model's rules: key dates are superseded, never overwritten; the access window
//! cannot end before it starts; the timeline merges key dates and filters; inputs are validated
//! with the offending field named.

mod common;

use casebook::case::{EmploymentStatus, Subject};
use casebook::dates::{KeyDateInput, KeyDateKind, Precision};
use casebook::team::{MemberInput, Role};
use casebook::timeline::{Category, EventInput, TimelineFilter};
use casebook::{Error, ErrorKind};
use common::*;

fn date(kind: KeyDateKind, when: &str, tz: &str) -> KeyDateInput {
    KeyDateInput {
        kind,
        when: when.into(),
        tz: tz.into(),
        precision: Some(Precision::Exact),
        basis: Some("test".into()),
    }
}

fn event(when: &str, title: &str, category: Category) -> EventInput {
    EventInput {
        when: when.into(),
        tz: "UTC".into(),
        title: title.into(),
        detail: None,
        source: None,
        category,
        linked_type: None,
        linked_id: None,
    }
}

#[test]
fn setting_a_key_date_again_supersedes_it_and_keeps_the_history() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "dates");
    case.set_key_date(date(
        KeyDateKind::Discovery,
        "2019-10-18 16:00",
        "Europe/Dublin",
    ))
    .unwrap();
    case.set_key_date(date(
        KeyDateKind::Discovery,
        "2019-10-17 09:30",
        "Europe/Dublin",
    ))
    .unwrap();
    let current = case.key_dates().unwrap();
    assert_eq!(current.len(), 1, "one current value per kind");
    assert_eq!(current[0].when.utc, "2019-10-17T08:30:00Z");
    let history = case.key_date_history(KeyDateKind::Discovery).unwrap();
    assert_eq!(
        history.len(),
        2,
        "the earlier value is kept, not overwritten"
    );
    assert_eq!(history[1].when.local, "2019-10-18 16:00");
}

#[test]
fn clearing_a_key_date_keeps_it_in_the_history_and_the_audit_log() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "dates");
    case.set_key_date(date(KeyDateKind::Containment, "2019-10-28 15:40", "UTC"))
        .unwrap();
    case.clear_key_date(KeyDateKind::Containment).unwrap();
    assert!(case.key_dates().unwrap().is_empty());
    assert_eq!(
        case.key_date_history(KeyDateKind::Containment)
            .unwrap()
            .len(),
        1
    );
    let log = case.audit_log(&Default::default()).unwrap();
    assert_eq!(log[0].action, "key_date.clear");
    assert!(log[0]
        .old_value
        .as_deref()
        .unwrap()
        .contains("2019-10-28T15:40:00Z"));
    let again = case.clear_key_date(KeyDateKind::Containment).unwrap_err();
    assert_eq!(again.kind(), ErrorKind::NotFound);
}

#[test]
fn the_last_unauthorized_access_cannot_precede_the_first() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "window");
    case.set_key_date(date(
        KeyDateKind::FirstUnauthorizedAccess,
        "2019-08-02 22:14",
        "Europe/Dublin",
    ))
    .unwrap();
    let err = case
        .set_key_date(date(
            KeyDateKind::LastUnauthorizedAccess,
            "2019-07-01 10:00",
            "Europe/Dublin",
        ))
        .unwrap_err();
    assert!(
        matches!(&err, Error::Invalid { field, .. } if field == "when"),
        "{err}"
    );
    assert!(
        err.to_string()
            .contains("before the first unauthorized access"),
        "{err}"
    );
    case.set_key_date(date(
        KeyDateKind::LastUnauthorizedAccess,
        "2019-10-27 23:51",
        "Europe/Dublin",
    ))
    .unwrap();
}

#[test]
fn key_dates_appear_on_the_timeline_as_derived_events_in_time_order() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "timeline");
    case.add_event(event(
        "2019-08-12 09:00",
        "Scam calls reported",
        Category::Detection,
    ))
    .unwrap();
    case.set_key_date(date(
        KeyDateKind::FirstUnauthorizedAccess,
        "2019-08-02 22:14",
        "Europe/Dublin",
    ))
    .unwrap();
    let events = case.timeline(&TimelineFilter::default()).unwrap();
    assert_eq!(events.len(), 2);
    assert_eq!(
        events[0].title, "First unauthorized access",
        "derived events sort by time too"
    );
    assert!(events[0].derived);
    assert_eq!(events[0].category, Category::Access);
    assert!(!events[1].derived);
    let err = case.delete_event(&events[0].id).unwrap_err();
    assert!(
        err.to_string().contains("key date"),
        "derived events are edited as key dates: {err}"
    );
}

#[test]
fn the_timeline_filters_by_category_and_inclusive_date_range() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "filters");
    case.add_event(event("2019-08-01 00:00", "A", Category::Access))
        .unwrap();
    case.add_event(event("2019-08-15 12:00", "B", Category::Evidence))
        .unwrap();
    case.add_event(event("2019-08-31 23:59", "C", Category::Access))
        .unwrap();
    let titles = |f: TimelineFilter| -> Vec<String> {
        case.timeline(&f)
            .unwrap()
            .into_iter()
            .map(|e| e.title)
            .collect()
    };
    assert_eq!(
        titles(TimelineFilter {
            categories: vec![Category::Access],
            ..Default::default()
        }),
        ["A", "C"]
    );
    assert_eq!(
        titles(TimelineFilter {
            from: Some("2019-08-15".into()),
            to: Some("2019-08-31".into()),
            ..Default::default()
        }),
        ["B", "C"],
        "both ends of the range are whole days, inclusive"
    );
}

#[test]
fn editing_and_deleting_an_event_are_audited_with_old_and_new_values() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "edit");
    let e = case
        .add_event(event("2019-08-01 10:00", "Draft title", Category::Other))
        .unwrap();
    case.update_event(
        &e.id,
        event("2019-08-01 10:00", "Final title", Category::Legal),
    )
    .unwrap();
    case.delete_event(&e.id).unwrap();
    let log = case.audit_log(&Default::default()).unwrap();
    assert_eq!(log[1].action, "event.update");
    assert!(log[1].old_value.as_deref().unwrap().contains("Draft title"));
    assert!(log[1].new_value.as_deref().unwrap().contains("Final title"));
    assert_eq!(log[0].action, "event.delete");
    assert!(log[0].new_value.is_none());
    assert_eq!(case.event(&e.id).unwrap_err().kind(), ErrorKind::NotFound);
}

#[test]
fn an_unchanged_save_writes_no_audit_entry() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "noop");
    let e = case
        .add_event(event("2019-08-01 10:00", "Same", Category::Other))
        .unwrap();
    let before = case.audit_log(&Default::default()).unwrap().len();
    case.update_event(&e.id, event("2019-08-01 10:00", "Same", Category::Other))
        .unwrap();
    assert_eq!(case.audit_log(&Default::default()).unwrap().len(), before);
}

#[test]
fn team_members_need_a_name_and_a_plausible_email() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "team");
    let err = case
        .add_member(MemberInput {
            name: "Marcus".into(),
            email: "not-an-email".into(),
            role: Role::Counsel,
            organisation: String::new(),
        })
        .unwrap_err();
    assert!(
        matches!(&err, Error::Invalid { field, .. } if field == "email"),
        "{err}"
    );
    let m = case
        .add_member(MemberInput {
            name: "  Marcus Feld ".into(),
            email: "mfeld@example.org".into(),
            role: Role::Counsel,
            organisation: "Feld LLP".into(),
        })
        .unwrap();
    assert_eq!(m.name, "Marcus Feld", "names are trimmed");
    case.remove_member(&m.id).unwrap();
    assert!(case.team().unwrap().is_empty());
}

#[test]
fn the_subject_is_set_once_and_then_updated_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "subject");
    let mut s = Subject {
        name: "J. Doe".into(),
        employee_id: "E-1".into(),
        role: "Support engineer".into(),
        access_rights: "Ticket system".into(),
        employment_status: EmploymentStatus::Employed,
        notes: String::new(),
    };
    case.set_subject(s.clone()).unwrap();
    s.employment_status = EmploymentStatus::Terminated;
    case.set_subject(s.clone()).unwrap();
    assert_eq!(case.subject().unwrap(), Some(s));
    let log = case.audit_log(&Default::default()).unwrap();
    assert_eq!(log[0].action, "subject.set");
    assert!(log[0].old_value.as_deref().unwrap().contains("employed"));
}

#[test]
fn the_overview_counts_what_each_module_holds() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "counts");
    case.add_event(event("2019-08-01 10:00", "One", Category::Other))
        .unwrap();
    case.set_key_date(date(KeyDateKind::Discovery, "2019-10-18", "UTC"))
        .unwrap();
    let o = case.overview().unwrap();
    assert_eq!(o.counts.timeline_events, 2, "recorded plus derived events");
    assert_eq!(o.counts.audit_entries, 3);
    assert_eq!(o.counts.team_members, 0);
}
