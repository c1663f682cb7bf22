//! Tasks and the playbook against real case folders: the shipped playbook makes its tasks with
//! due dates from the key dates and owners from the team's roles, once; the deadlines the
//! obligations, legal process and referral follow-ups hold are listed beside the tasks and
//! follow their sources; "what's next" lists overdue items oldest first, then the coming week;
//! the CLI's fixed forms (`playbook apply`, `task add|list|done`) do what the issue says.

mod common;

use casebook::affected::ImportRequest;
use casebook::audit::AuditQuery;
use casebook::dates::{KeyDateInput, KeyDateKind};
use casebook::obligations::record::FilingInput;
use casebook::obligations::Question;
use casebook::progress::Silent;
use casebook::referral::process::{LegalProcessInput, LegalProcessKind};
use casebook::referral::{FollowUpInput, ReferralInput};
use casebook::task::{
    shipped_playbook, LinkKind, Task, TaskFilter, TaskInput, TaskLink, TaskSource, TaskStatus,
};
use casebook::team::{MemberInput, Role};
use casebook::{Case, ErrorKind};
use common::cli::{casebook, json, ok};
use common::*;

fn member(case: &mut Case, name: &str, role: Role) -> String {
    case.add_member(MemberInput {
        name: name.into(),
        email: String::new(),
        role,
        organisation: String::new(),
    })
    .expect("a team member with a name and role is added")
    .id
}

fn key_date(case: &mut Case, kind: KeyDateKind, when: &str) {
    case.set_key_date(KeyDateInput {
        kind,
        when: when.into(),
        tz: "Europe/Dublin".into(),
        precision: None,
        basis: None,
    })
    .expect("a key date in a real zone is set");
}

fn field(e: &casebook::Error) -> Option<&str> {
    match e {
        casebook::Error::Invalid { field, .. } => Some(field.as_str()),
        _ => None,
    }
}

fn all(case: &Case) -> Vec<Task> {
    case.tasks(&TaskFilter::default()).unwrap()
}

fn by_title<'a>(tasks: &'a [Task], title: &str) -> &'a Task {
    tasks
        .iter()
        .find(|t| t.title == title)
        .unwrap_or_else(|| panic!("a task titled {title:?} is listed"))
}

fn task(case: &mut Case, title: &str, due: Option<&str>) -> String {
    case.add_task(TaskInput {
        title: title.into(),
        due: due.map(Into::into),
        ..Default::default()
    })
    .expect("a task with a title is added")
    .id
}

#[test]
fn the_shipped_playbook_covers_the_insider_case_from_preservation_to_review() {
    let book = shipped_playbook();
    let titles: Vec<&str> = book.steps.iter().map(|s| s.title.as_str()).collect();
    for needed in [
        "Preserve logs before the subject is approached",
        "Preserve the subject's mailbox and cloud storage",
        "Issue a legal hold",
        "Disable the subject's access",
        "HR and counsel interview the subject",
        "Decide whether to refer to law enforcement",
        "Analyse the affected population",
        "Assess notification obligations",
        "Draft and approve notices and statements",
        "Hold the post-incident review",
    ] {
        assert!(
            titles.contains(&needed),
            "the issue asks for {needed:?}: {titles:?}"
        );
    }
    let bad = casebook::task::parse_playbook(
        "mine.toml",
        "[playbook]\nid = \"x\"\nversion = 1\ntitle = \"X\"\n\n[[step]]\nkey = \"a\"\n\
         phase = \"P\"\ntitle = \"T\"\nnotes = \"\"\nrole = \"wizard\"\nfrom = \"discovery\"\ndays = 1\n",
    )
    .expect_err("a step with an unknown role is refused");
    assert!(
        bad.to_string().contains("mine.toml") && bad.to_string().contains("\"a\""),
        "the error names the file and the step: {bad}"
    );
}

#[test]
fn the_playbook_applies_with_due_dates_from_key_dates_and_owners_from_roles() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "playbook");
    let counsel = member(&mut case, "Carla Counsel", Role::Counsel);
    let inv = member(&mut case, "Ivan Investigator", Role::Investigator);
    key_date(&mut case, KeyDateKind::Discovery, "2026-01-05 23:30");

    let applied = case.apply_playbook().unwrap();
    assert_eq!(applied.added.len(), shipped_playbook().steps.len());
    assert_eq!(
        applied.added[0], "TK-0001",
        "tasks are numbered from TK-0001"
    );
    let tasks = all(&case);

    let logs = by_title(&tasks, "Preserve logs before the subject is approached");
    assert_eq!(
        logs.due.as_deref(),
        Some("2026-01-06"),
        "discovery + 1 day counts from the local day in Dublin (23:30 there), not the UTC one"
    );
    assert_eq!(logs.due_note, "Discovery + 1 day");
    assert_eq!(logs.owner.as_deref(), Some(inv.as_str()));
    assert_eq!(logs.owner_name.as_deref(), Some("Ivan Investigator"));
    assert_eq!(logs.source, TaskSource::Playbook);
    assert_eq!(logs.phase, "Preserve");

    let hold = by_title(&tasks, "Issue a legal hold");
    assert_eq!(hold.due.as_deref(), Some("2026-01-07"));
    assert_eq!(hold.owner.as_deref(), Some(counsel.as_str()));

    let people = by_title(&tasks, "Analyse the affected population");
    assert_eq!(people.due, None, "determination is not set yet");
    assert!(
        people.due_note.contains("determination date is not set"),
        "an undated step says why: {}",
        people.due_note
    );
    assert_eq!(
        (people.owner.as_deref(), people.owner_role),
        (None, Some(Role::PrivacyOfficer)),
        "no privacy officer on the team: the step names the role that should take it"
    );

    key_date(&mut case, KeyDateKind::Determination, "2026-01-20 10:00");
    key_date(&mut case, KeyDateKind::Discovery, "2026-01-04 09:00");
    let tasks = all(&case);
    assert_eq!(
        by_title(&tasks, "Analyse the affected population")
            .due
            .as_deref(),
        Some("2026-01-27"),
        "setting the key date later dates the step"
    );
    assert_eq!(
        by_title(&tasks, "Preserve logs before the subject is approached")
            .due
            .as_deref(),
        Some("2026-01-05"),
        "a corrected discovery date moves the steps counted from it"
    );

    let entries = case
        .audit_log(&AuditQuery {
            entity_type: Some("task".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        entries.len(),
        shipped_playbook().steps.len(),
        "each task made by the playbook has its own history from its first entry"
    );
    let applied_entries = case
        .audit_log(&AuditQuery {
            action: Some("playbook.apply".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(applied_entries.len(), 1);
}

#[test]
fn applying_the_playbook_twice_adds_nothing_and_keeps_the_teams_edits() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "twice");
    case.apply_playbook().unwrap();
    let hold = by_title(&all(&case), "Issue a legal hold").id.clone();
    case.edit_task(
        &hold,
        TaskInput {
            title: "Issue a legal hold to IT and the support team".into(),
            notes: Some("Custodians: IT, support leads".into()),
            due: Some("2026-02-01".into()),
            ..Default::default()
        },
    )
    .unwrap();
    let audit_before = case.audit_log(&AuditQuery::default()).unwrap().len();

    let again = case.apply_playbook().unwrap();
    assert!(again.added.is_empty(), "no step is made twice: {again:?}");
    assert_eq!(again.already as usize, shipped_playbook().steps.len());
    let tasks = all(&case);
    assert_eq!(tasks.len(), shipped_playbook().steps.len());
    let edited = case.task(&hold).unwrap();
    assert_eq!(
        edited.title,
        "Issue a legal hold to IT and the support team"
    );
    assert_eq!(
        (edited.due.as_deref(), edited.due_note.as_str()),
        (Some("2026-02-01"), "Set by hand"),
        "a date set by hand wins over the playbook's offset"
    );
    assert_eq!(
        case.audit_log(&AuditQuery::default()).unwrap().len(),
        audit_before,
        "an apply that adds nothing changes nothing, so it records nothing"
    );
}

#[test]
fn status_changes_are_audited_and_not_applicable_needs_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "status");
    let id = task(&mut case, "Image the subject's laptop", Some("2026-01-10"));

    let err = case
        .set_task_status(&id, TaskStatus::NotApplicable, Some("  "))
        .expect_err("not applicable without a reason is refused");
    assert_eq!(err.kind(), ErrorKind::Invalid);
    assert!(err.to_string().contains("reason"), "{err}");

    case.set_task_status(&id, TaskStatus::Doing, None).unwrap();
    let t = case
        .set_task_status(
            "tk-1",
            TaskStatus::NotApplicable,
            Some("No laptop was issued"),
        )
        .expect("ids are accepted as typed (tk-1)");
    assert_eq!(t.status, TaskStatus::NotApplicable);
    assert_eq!(t.reason, "No laptop was issued");

    let history = case
        .audit_log(&AuditQuery {
            entity_id: Some(id.clone()),
            ..Default::default()
        })
        .unwrap();
    let actions: Vec<&str> = history.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        ["task.status", "task.status", "task.add"],
        "the history is the task's audit entries, newest first"
    );

    let owner = case
        .add_task(TaskInput {
            title: "Call the bank".into(),
            owner: Some("Nobody Here".into()),
            ..Default::default()
        })
        .expect_err("an owner must be on the team");
    assert_eq!(field(&owner), Some("owner"));
    let due = case
        .add_task(TaskInput {
            title: "Call the bank".into(),
            due: Some("next week".into()),
            ..Default::default()
        })
        .expect_err("a due date must be a date");
    assert_eq!(field(&due), Some("due"));
    assert!(due.to_string().contains("YYYY-MM-DD"), "{due}");
    let links = case
        .add_task(TaskInput {
            title: "Hash the export again".into(),
            links: vec![TaskLink {
                kind: LinkKind::Evidence,
                id: "EV-0001".into(),
            }],
            ..Default::default()
        })
        .unwrap();
    assert_eq!(links.links.len(), 1, "links are kept with the task");
    assert_eq!(all(&case).len(), 2, "refused input added nothing");
}

/// A referral to `agency` with one follow-up whose next action is due 2019-11-08.
fn referral_due(case: &mut Case, agency: &str, note: &str, next_action: &str) -> String {
    let le = case
        .add_referral(ReferralInput {
            agency: agency.into(),
            ..Default::default()
        })
        .unwrap()
        .id;
    case.add_follow_up(FollowUpInput {
        referral_id: le.clone(),
        on: Some("2019-11-04".into()),
        note: note.into(),
        next_action: Some(next_action.into()),
        due: Some("2019-11-08".into()),
    })
    .unwrap();
    le
}

fn import_people(case: &mut Case, dir: &std::path::Path) {
    let mut csv = String::from("name,email,country,data_elements\n");
    for i in 0..5 {
        csv.push_str(&format!(
            "Customer {i},customer{i}@example.com,DE,\"name;email\"\n"
        ));
    }
    let file = dir.join("people.csv");
    std::fs::write(&file, csv).unwrap();
    case.import_affected(
        ImportRequest {
            path: file.display().to_string(),
            ..Default::default()
        },
        &Silent,
    )
    .expect("the fixture imports");
    case.take_snapshot("").unwrap();
}

#[test]
fn derived_deadlines_follow_their_sources_and_are_done_only_there() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "derived");
    import_people(&mut case, dir.path());
    key_date(&mut case, KeyDateKind::Discovery, "2019-10-18 16:00");
    case.answer_question(Question::RiskOfHarm, Some(true), "Counsel")
        .unwrap();
    case.answer_question(Question::HighRisk, Some(true), "Counsel")
        .unwrap();

    let gdpr = case.task("obligation:EU.regulator").unwrap();
    assert_eq!(gdpr.source, TaskSource::Obligation);
    assert_eq!(
        gdpr.due.as_deref(),
        Some("2019-10-21"),
        "72 hours from discovery"
    );
    assert_eq!(
        gdpr.source_link,
        Some(TaskLink {
            kind: LinkKind::Obligation,
            id: "EU.regulator".into()
        }),
        "the row links to where it is done"
    );
    assert!(gdpr.overdue, "the case clock says 2026");

    key_date(&mut case, KeyDateKind::Discovery, "2019-11-01 10:00");
    assert_eq!(
        case.task("obligation:EU.regulator").unwrap().due.as_deref(),
        Some("2019-11-04"),
        "a corrected discovery date moves the deadline: it is read from the source, not copied"
    );

    let refused = case
        .set_task_status("obligation:EU.regulator", TaskStatus::Done, None)
        .expect_err("a derived deadline is not done from the task list");
    assert_eq!(refused.kind(), ErrorKind::Invalid);
    assert!(
        refused.to_string().contains("filing"),
        "the refusal says where it is done: {refused}"
    );
    case.file_obligation(FilingInput {
        rule: "EU.regulator".into(),
        date: "2019-11-03".into(),
        reference: Some("BN-7".into()),
        document: None,
    })
    .unwrap();
    let filed = case.task("obligation:EU.regulator").unwrap();
    assert_eq!(
        filed.status,
        TaskStatus::Done,
        "filing is what marks it done"
    );
    assert!(!filed.overdue);

    let le = referral_due(
        &mut case,
        "National Cyber Crime Unit",
        "Detective asked for logs",
        "Send the audit logs",
    );
    let lp = case
        .add_legal_process(LegalProcessInput {
            referral_id: le.clone(),
            kind: LegalProcessKind::PreservationRequest,
            received: "2019-11-05".into(),
            due: Some("2019-11-12".into()),
            scope: "Preserve support-database logs".into(),
            response: None,
            counsel: None,
        })
        .unwrap()
        .id;
    let follow = case.task(&format!("follow_up:{le}")).unwrap();
    assert_eq!(follow.due.as_deref(), Some("2019-11-08"));
    assert_eq!(
        follow.title,
        "National Cyber Crime Unit: Send the audit logs"
    );
    let process = case.task(&format!("legal_process:{lp}")).unwrap();
    assert_eq!(
        (process.due.as_deref(), process.status),
        (Some("2019-11-12"), TaskStatus::ToDo)
    );

    case.add_follow_up(FollowUpInput {
        referral_id: le.clone(),
        on: Some("2019-11-08".into()),
        note: "Logs sent".into(),
        next_action: None,
        due: None,
    })
    .unwrap();
    case.respond_legal_process(&lp, "Logs preserved").unwrap();
    assert!(
        case.task(&format!("follow_up:{le}")).is_err(),
        "a follow-up with no next action leaves nothing to do"
    );
    assert_eq!(
        case.task(&format!("legal_process:{lp}")).unwrap().status,
        TaskStatus::Done,
        "answered legal process is done"
    );
}

#[test]
fn whats_next_lists_overdue_items_oldest_first_then_the_coming_week() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "next");
    // The case clock reads 2026-01-02.
    let later = task(&mut case, "Quarterly review", Some("2026-03-01"));
    let soon = task(&mut case, "Brief the board", Some("2026-01-06"));
    let late = task(&mut case, "Send the hold notices", Some("2025-12-30"));
    let later_late = task(&mut case, "Image the laptop", Some("2025-12-31"));
    let done_late = task(&mut case, "Reset passwords", Some("2025-12-01"));
    case.set_task_status(&done_late, TaskStatus::Done, None)
        .unwrap();
    let undated = task(&mut case, "Think about lessons learned", None);
    let le = referral_due(&mut case, "Garda", "Call", "Call back");

    let next = case.whats_next().unwrap();
    let ids: Vec<&str> = next.items.iter().map(|t| t.id.as_str()).collect();
    let follow = format!("follow_up:{le}");
    assert_eq!(
        ids,
        [
            follow.as_str(),
            late.as_str(),
            later_late.as_str(),
            soon.as_str()
        ],
        "overdue first, oldest first, across modules; then the coming week; nothing done, \
         undated or later"
    );
    assert_eq!(next.overdue, 3);
    assert!(!ids.contains(&later.as_str()) && !ids.contains(&undated.as_str()));

    let overdue: Vec<String> = case
        .tasks(&TaskFilter {
            overdue: true,
            ..Default::default()
        })
        .unwrap()
        .into_iter()
        .map(|t| t.id)
        .collect();
    assert_eq!(overdue, [follow, late, later_late]);
}

#[test]
fn the_task_list_filters_by_status_and_owner() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "filters");
    member(&mut case, "Hana HR", Role::Hr);
    let mine = case
        .add_task(TaskInput {
            title: "Schedule the interview".into(),
            owner: Some("hana hr".into()),
            ..Default::default()
        })
        .unwrap();
    task(&mut case, "Someone else's", None);
    let by_owner = case
        .tasks(&TaskFilter {
            owner: Some("Hana HR".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(by_owner, vec![mine.clone()]);
    case.set_task_status(&mine.id, TaskStatus::Blocked, Some("Waiting for counsel"))
        .unwrap();
    let blocked = case
        .tasks(&TaskFilter {
            status: Some(TaskStatus::Blocked),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(blocked.len(), 1);
    assert_eq!(blocked[0].reason, "Waiting for counsel");
}

#[test]
fn the_cli_fixed_forms_apply_add_list_and_complete_tasks() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    let case = home.join("c").to_str().unwrap().to_string();
    ok(casebook(
        home,
        &["case", "new", &case, "--title", "Tasks case", "--playbook"],
    ));
    let case = format!("{case}.casebook");
    let steps = shipped_playbook().steps.len();
    let again = ok(casebook(home, &["playbook", "apply", &case]));
    assert_eq!(
        again, "",
        "the case made with --playbook has every step already"
    );

    ok(casebook(
        home,
        &[
            "team",
            "add",
            &case,
            "--name",
            "Carla Counsel",
            "--role",
            "counsel",
        ],
    ));
    let id = ok(casebook(
        home,
        &[
            "task",
            "add",
            &case,
            "--title",
            "Call the regulator",
            "--due",
            "2020-01-01",
            "--owner",
            "Carla Counsel",
        ],
    ));
    assert_eq!(
        id.trim(),
        format!("TK-{:04}", steps + 1),
        "add prints the new id alone"
    );
    let listed = json(casebook(home, &["task", "list", &case, "--json"]));
    let rows = listed.as_array().unwrap();
    assert_eq!(rows.len(), steps + 1);
    for r in rows {
        for field in ["id", "title", "due", "status", "source"] {
            assert!(r.get(field).is_some(), "every row has {field}: {r}");
        }
    }
    let overdue = json(casebook(
        home,
        &["task", "list", &case, "--overdue", "--json"],
    ));
    assert_eq!(
        overdue,
        serde_json::json!([rows.iter().find(|r| r["id"] == id.trim()).unwrap().clone()]),
        "only the task due in 2020 is overdue; the playbook's steps have no key dates yet"
    );
    assert_eq!(overdue[0]["source"], "task");
    assert_eq!(overdue[0]["status"], "to_do");

    ok(casebook(home, &["task", "done", &case, id.trim()]));
    let after = json(casebook(
        home,
        &["task", "list", &case, "--overdue", "--json"],
    ));
    assert_eq!(after, serde_json::json!([]), "a done task is not overdue");
    let bad = casebook(home, &["task", "done", &case, "TK-9999"]);
    assert!(!bad.status.success(), "an unknown task is an error");
}

#[test]
fn the_demo_case_has_the_playbook_with_done_overdue_and_upcoming_tasks() {
    let dir = tempfile::tempdir().unwrap();
    let case = casebook::demo::build(dir.path(), PASSPHRASE, actor(), clock()).unwrap();
    let tasks = all(&case);
    let own: Vec<&Task> = tasks.iter().filter(|t| !t.derived()).collect();
    assert_eq!(
        own.iter()
            .filter(|t| t.source == TaskSource::Playbook)
            .count(),
        shipped_playbook().steps.len(),
        "every playbook step is on the demo case"
    );
    assert!(own.iter().any(|t| t.status == TaskStatus::Done));
    assert!(own
        .iter()
        .any(|t| t.status == TaskStatus::NotApplicable && !t.reason.is_empty()));
    // The test clock reads 2026-01-02: the demo dates its open tasks around the clock it is
    // given, so they are overdue and upcoming whenever it is built.
    assert!(
        own.iter()
            .any(|t| t.overdue && t.source == TaskSource::Task),
        "one of the team's own tasks is overdue: {own:#?}"
    );
    let next = case.whats_next().unwrap();
    assert!(
        next.items.iter().any(|t| !t.overdue && !t.derived()),
        "a task is due this week"
    );
    assert!(
        own.iter()
            .any(|t| t.due.as_deref() > Some("2026-01-09") && t.status == TaskStatus::ToDo),
        "and one later"
    );
}
