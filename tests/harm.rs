//! Harm reports on real case folders: every imported row is accounted for, reports match
//! affected people by e-mail, phone and ticket number, the tally counts what the reports
//! say, no personal data reaches a reject's reason or the audit chain, the CLI's fixed forms
//! work, and the packet's "Harm reports" section reads back through pdftotext.

mod common;

use casebook::affected::ImportRequest;
use casebook::audit::AuditQuery;
use casebook::harm::{
    HarmChannel, HarmImportRequest, HarmInput, HarmKind, MatchedBy, Quoted, ReporterKind,
};
use casebook::packet::{PacketOptions, Section};
use casebook::progress::Silent;
use casebook::{Case, ErrorKind};
use common::cli::{casebook, ok};
use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Three affected people: Ann (e-mail, phone, ticket T-100), Bo (e-mail, ticket T-200) and
/// Cy (phone only, ticket T-300).
const PEOPLE_CSV: &str = "full_name,email,phone,country,ticket_number\n\
Ann Smith,ann@example.com,+1 555 123 4567,US,T-100\n\
Bo Lee,bo@example.com,,US,T-200\n\
Cy Diaz,,+1 555 987 6543,US,T-300\n";

/// The canary: an e-mail that must never leave the encrypted database unmasked.
const CANARY: &str = "canary.victim@example.net";

/// Nine data rows and a blank line (ten rows after the header): five good, four bad.
/// Row 2 matches Ann by e-mail (and quotes it), row 3 Cy by phone, row 4 Bo by the ticket it
/// quotes, row 5 nobody; row 10 is good but unmatched. Bad: row 7 (date), row 8 (e-mail,
/// the canary's shape), row 9 (loss), row 11 (channel).
fn harm_csv() -> String {
    format!(
        "when,channel,caller_claimed,data_quoted,email,phone,ticket,loss,police_reference\n\
2019-08-05 10:15,phone,Northwind support,name;email,ANN@example.com,,,$249.99,PD-1\n\
2019-08-06 11:00,call,Refunds desk,name,,(555) 987-6543,,,\n\
2019-08-14,sms,Northwind support,ticket,someone@example.org,,T-200,\"1,200.00\",\n\
2019-08-20 09:00,email,Account team,name,{CANARY},,T-999,,\n\
\n\
not a date,phone,x,,x@example.org,,,,\n\
2019-08-21,phone,x,,canary.victim(at)example.net,,,,\n\
2019-08-22,phone,x,,y@example.org,,,ten dollars,\n\
2019-09-02 15:30,phone,x,,z@example.org,,,99.95 EUR,\n\
2019-09-03,carrier pigeon,x,,w@example.org,,,,\n"
    )
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn case_with_people(dir: &Path) -> Case {
    let mut case = new_case(dir, "c");
    let people = write(dir, "people.csv", PEOPLE_CSV);
    case.import_affected(
        ImportRequest {
            path: people.display().to_string(),
            ..Default::default()
        },
        &Silent,
    )
    .expect("the affected fixture imports");
    case
}

fn import_fixture(case: &mut Case, dir: &Path) -> casebook::harm::HarmImportReport {
    let file = write(dir, "harm.csv", &harm_csv());
    case.import_harm_reports(
        HarmImportRequest {
            path: file.display().to_string(),
            tz: Some("America/New_York".into()),
            ..Default::default()
        },
        &Silent,
    )
    .expect("the harm fixture imports")
}

#[test]
fn an_import_accounts_for_every_row_and_keeps_the_file_as_evidence() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = case_with_people(dir.path());
    let report = import_fixture(&mut case, dir.path());
    let i = &report.import;
    assert_eq!(i.rows_read, 10, "nine data rows and one blank line");
    assert_eq!(
        (i.accepted, i.rejected, i.blank),
        (5, 4, 1),
        "rejects: {:?}",
        report.rejects
    );
    assert_eq!(i.accepted + i.rejected + i.blank, i.rows_read);
    let rejected: Vec<(u32, &str)> = report
        .rejects
        .iter()
        .map(|r| (r.row, r.problem.field.as_str()))
        .collect();
    assert_eq!(
        rejected,
        vec![(7, "when"), (8, "email"), (9, "loss"), (11, "channel")],
        "each reject names the file's row number and the field at fault"
    );
    assert_eq!(case.harm_rejects(&i.id).unwrap(), report.rejects);
    let item = case
        .evidence_item(&i.evidence_id)
        .expect("the file is an evidence item");
    assert_eq!(item.sha256, i.sha256, "the recorded hash is the file's");
    assert_eq!(case.harm_reports().unwrap().len(), 5);

    let again = write(dir.path(), "harm.csv", &harm_csv());
    let err = case
        .import_harm_reports(
            HarmImportRequest {
                path: again.display().to_string(),
                ..Default::default()
            },
            &Silent,
        )
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Invalid, "the same file twice: {err}");
    assert_eq!(case.harm_reports().unwrap().len(), 5, "nothing added twice");
}

#[test]
fn reports_match_affected_people_by_email_phone_and_ticket() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = case_with_people(dir.path());
    import_fixture(&mut case, dir.path());
    let people = case
        .people(&casebook::affected::PeopleQuery {
            limit: 100,
            ..Default::default()
        })
        .unwrap()
        .rows;
    let id_of = |name: &str| {
        people
            .iter()
            .find(|p| p.name == name)
            .map(|p| p.id.clone())
            .unwrap()
    };
    let reports = case.harm_reports().unwrap();
    let got: Vec<(Option<String>, Option<MatchedBy>)> = reports
        .iter()
        .map(|r| (r.person_id.clone(), r.matched_by))
        .collect();
    assert_eq!(
        got,
        vec![
            (Some(id_of("Ann Smith")), Some(MatchedBy::Email)),
            (Some(id_of("Cy Diaz")), Some(MatchedBy::Phone)),
            (Some(id_of("Bo Lee")), Some(MatchedBy::Ticket)),
            (None, None),
            (None, None),
        ],
        "e-mail is matched in normal form, a phone in E.164, a ticket as the records hold it"
    );
    assert_eq!(
        reports
            .iter()
            .map(|r| r.quotes_stolen_data)
            .collect::<Vec<_>>(),
        vec![true, false, true, false, false],
        "only a quoted ticket, e-mail or phone of the stolen set counts as quoting it"
    );
}

#[test]
fn the_tally_counts_weeks_channels_losses_and_matches() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = case_with_people(dir.path());
    import_fixture(&mut case, dir.path());
    let t = case.harm_tally().unwrap();
    assert_eq!((t.reports, t.matched, t.unmatched), (5, 3, 2));
    assert_eq!(t.quoting_stolen_data, 2);
    assert_eq!(t.quoting_share_percent, "40.0");
    let weeks: Vec<(&str, u32)> = t.by_week.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    assert_eq!(
        weeks,
        vec![
            ("2019-W32", 2),
            ("2019-W33", 1),
            ("2019-W34", 1),
            ("2019-W35", 0),
            ("2019-W36", 1)
        ],
        "every ISO week from the first report to the last, empty ones at 0"
    );
    assert_eq!(t.by_channel.get("phone_call"), Some(&3));
    assert_eq!(t.by_channel.get("sms"), Some(&1));
    assert_eq!(
        t.by_kind.get("phishing"),
        Some(&2),
        "sms and e-mail without a kind"
    );
    let losses: Vec<String> = t.loss_total.iter().map(|m| m.to_string()).collect();
    assert_eq!(
        losses,
        vec!["99.95 EUR", "1449.99 USD"],
        "losses add up exactly, per currency"
    );
    assert_eq!((t.with_loss, t.reported_to_police), (3, 1));
}

#[test]
fn a_report_entered_by_hand_is_checked_and_matched() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = case_with_people(dir.path());
    let r = case
        .add_harm_report(HarmInput {
            when: "2019-08-03 14:05".into(),
            tz: "America/Chicago".into(),
            channel: HarmChannel::PhoneCall,
            kind: HarmKind::ScamCall,
            source: ReporterKind::Staff,
            data_quoted: vec![Quoted::Ticket],
            ticket: "T-300".into(),
            loss: "5000".into(),
            currency: "JPY".into(),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(r.id, "HR-0001");
    assert_eq!(
        r.when.utc, "2019-08-03T19:05:00Z",
        "wall time in the zone given"
    );
    assert_eq!(r.loss.as_ref().unwrap().to_string(), "5000 JPY");
    assert_eq!(r.matched_by, Some(MatchedBy::Ticket));
    assert!(r.quotes_stolen_data);

    for (input, field) in [
        (
            HarmInput {
                when: "".into(),
                ..Default::default()
            },
            "when",
        ),
        (
            HarmInput {
                when: "2019-08-03".into(),
                email: CANARY.replace('@', " at "),
                ..Default::default()
            },
            "email",
        ),
        (
            HarmInput {
                when: "2019-08-03".into(),
                loss: "12.345".into(),
                ..Default::default()
            },
            "loss",
        ),
    ] {
        let err = case.add_harm_report(input).unwrap_err();
        match &err {
            casebook::Error::Invalid { field: f, message } => {
                assert_eq!(f, field, "the error names the field: {err}");
                assert!(!message.contains("canary"), "no personal data: {message}");
            }
            other => panic!("expected an input error, got {other}"),
        }
        let wire = serde_json::to_value(casebook::ApiError::from(err)).unwrap();
        assert_eq!(
            wire["field"], field,
            "the wire form names the field, so the form can show the reason beside it: {wire}"
        );
    }
    let other =
        serde_json::to_value(casebook::ApiError::from(casebook::Error::NoCaseOpen)).unwrap();
    assert!(
        other.get("field").is_none(),
        "an error about no field carries none on the wire: {other}"
    );
    assert_eq!(
        case.harm_reports().unwrap().len(),
        1,
        "nothing half-written"
    );
}

#[test]
fn no_personal_data_reaches_a_reject_reason_or_the_audit_chain() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = case_with_people(dir.path());
    let report = import_fixture(&mut case, dir.path());
    case.add_harm_report(HarmInput {
        when: "2019-08-30".into(),
        email: CANARY.into(),
        phone: "+1 555 000 1111".into(),
        caller_claimed: "Support calling for Canary Victim".into(),
        ..Default::default()
    })
    .unwrap();
    let bad_email = &report.rejects[1];
    assert_eq!(bad_email.problem.field, "email");
    assert!(
        !bad_email.problem.problem.contains("canary")
            && !bad_email.problem.value.contains("canary"),
        "the reason says what is wrong and the value is masked: {:?}",
        bad_email.problem
    );
    let audit = serde_json::to_string(&case.audit_log(&AuditQuery::default()).unwrap()).unwrap();
    assert!(audit.contains("harm.import") && audit.contains("harm.add"));
    for secret in [
        "canary",
        "555 000 1111",
        "+15550001111",
        "Canary Victim",
        "T-999",
    ] {
        assert!(
            !audit.contains(secret),
            "the audit chain must not hold {secret:?}"
        );
    }
}

#[test]
fn the_cli_forms_add_import_list_and_tally() {
    let dir = tempfile::tempdir().unwrap();
    drop(case_with_people(dir.path()));
    let case = case_folder(dir.path(), "c");
    let case = case.to_str().unwrap();
    let added = ok(casebook(
        dir.path(),
        &[
            "harm",
            "add",
            case,
            "--when",
            "2019-08-05 10:15",
            "--tz",
            "Europe/Dublin",
            "--channel",
            "sms",
            "--kind",
            "phishing",
            "--quoted",
            "ticket,name",
            "--ticket",
            "T-100",
            "--loss",
            "$10",
            "--email",
            CANARY,
        ],
    ));
    assert_eq!(added.trim(), "HR-0001", "add prints the new id alone");

    let file = write(dir.path(), "harm.csv", &harm_csv());
    let preview = ok(casebook(
        dir.path(),
        &[
            "harm",
            "import",
            case,
            file.to_str().unwrap(),
            "--preview",
            "--json",
        ],
    ));
    let preview: serde_json::Value = serde_json::from_str(&preview).unwrap();
    assert_eq!(preview["mapping"][0]["field"], "when");
    assert_eq!(
        ok(casebook(dir.path(), &["harm", "list", case, "--json"]))
            .matches("HR-")
            .count(),
        1,
        "a preview imports nothing"
    );

    let imported = ok(casebook(
        dir.path(),
        &[
            "harm",
            "import",
            case,
            file.to_str().unwrap(),
            "--map",
            "notes=caller_claimed",
            "--tz",
            "America/New_York",
            "--json",
        ],
    ));
    let imported: serde_json::Value = serde_json::from_str(&imported).unwrap();
    assert_eq!(imported["import"]["accepted"], 5);
    assert_eq!(imported["import"]["rejected"], 4);
    assert_eq!(imported["import"]["blank"], 1);
    assert!(
        !imported.to_string().contains("canary.victim"),
        "rejects print masked values"
    );

    let text = ok(casebook(dir.path(), &["harm", "list", case]));
    assert!(
        !text.contains(CANARY),
        "the text table masks the reporter's contact: {text}"
    );
    let list: serde_json::Value =
        serde_json::from_str(&ok(casebook(dir.path(), &["harm", "list", case, "--json"]))).unwrap();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 6);
    assert!(list
        .iter()
        .all(|r| r["id"].as_str().unwrap().starts_with("HR-")));

    let tally: serde_json::Value = serde_json::from_str(&ok(casebook(
        dir.path(),
        &["harm", "tally", case, "--json"],
    )))
    .unwrap();
    assert_eq!(tally["reports"], 6);
    assert_eq!(tally["matched"], 4);
    assert_eq!(tally["quoting_stolen_data"], 3);
    assert_eq!(tally["loss_total"][1]["amount"], "1459.99");
}

#[test]
fn the_packet_has_a_harm_reports_section_without_personal_data() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = case_with_people(dir.path());
    import_fixture(&mut case, dir.path());
    let out = dir.path().join("p.pdf");
    let o = PacketOptions {
        sections: vec![Section::Harm],
        ..PacketOptions::default()
    };
    case.generate_packet(&o, &out, common::signing_key(), &Silent)
        .expect("the packet generates");
    let text = Command::new("pdftotext")
        .args(["-layout", out.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext must be installed (scripts/setup installs it)");
    let text = String::from_utf8(text.stdout).unwrap();
    for want in [
        "Harm reports",
        "Reports per week",
        "2019-W35",
        "40.0% of reports",
        "1449.99 USD",
        "HR-0005",
    ] {
        assert!(text.contains(want), "the section says {want:?}:\n{text}");
    }
    for secret in [
        "ann@example.com",
        "canary",
        "987-6543",
        "T-200",
        "Northwind support",
    ] {
        assert!(
            !text.contains(secret),
            "no reporter contact or quoted value in the packet: {secret:?}"
        );
    }
}
