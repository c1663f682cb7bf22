//! Law-enforcement referrals against real case folders: what was handed over carries the
//! evidence item's own hash and a custody entry naming the agency; delays are listed with
//! their jurisdictions and say which notices were delayed; notes versions never change; the
//! referral letter is deterministic and its text (read back with `pdftotext`) carries the
//! agency's reference and every shared hash; the CLI's fixed forms do what the issue says.

mod common;

use casebook::affected::ImportRequest;
use casebook::custody::CustodyKind;
use casebook::evidence::IntakeRequest;
use casebook::packet::{PacketOptions, Section};
use casebook::progress::Silent;
use casebook::referral::notes::LineChange;
use casebook::referral::process::{DelayInput, LegalProcessInput, LegalProcessKind};
use casebook::referral::shares::{ShareForm, ShareInput};
use casebook::referral::{
    AgencyContact, FollowUpInput, ReferralChannel, ReferralInput, ReferralStatus,
};
use casebook::timeline::TimelineFilter;
use casebook::{Case, ErrorKind};
use common::cli::{casebook, ok};
use common::*;
use std::path::Path;
use std::process::Command;

fn evidence(case: &mut Case, dir: &Path, name: &str, content: &str) -> String {
    let file = dir.join(name);
    std::fs::write(&file, content).unwrap();
    case.add_evidence(
        IntakeRequest {
            paths: vec![file.to_string_lossy().into_owned()],
            ..Default::default()
        },
        &Silent,
    )
    .expect("the evidence file is taken in")
    .added[0]
        .id
        .clone()
}

fn referral(case: &mut Case) -> String {
    case.add_referral(ReferralInput {
        agency: "National Cyber Crime Unit".into(),
        unit: Some("Data Theft Team".into()),
        channel: Some(ReferralChannel::Email),
        when: Some("2019-10-31 09:00".into()),
        tz: Some("Europe/Dublin".into()),
        their_contact: Some(AgencyContact {
            name: "Det. Sgt. Ana Byrne".into(),
            badge: "NCCU-4471".into(),
            ..Default::default()
        }),
        reference: Some("NCCU-2019-0577".into()),
        offences: Some("Unauthorised access to a computer system".into()),
        ..Default::default()
    })
    .expect("a referral with an agency and a time is recorded")
    .id
}

fn share(case: &mut Case, le: &str, ev: &str) -> casebook::referral::shares::SharedItem {
    case.share_evidence(
        ShareInput {
            referral_id: le.into(),
            evidence_id: ev.into(),
            form: Some(ShareForm::Copy),
            method: Some("encrypted USB drive handed to the detective".into()),
            personal_data: false,
            legal_basis: None,
            when: None,
            tz: None,
            export_to: None,
        },
        &Silent,
    )
    .expect("an evidence item can be handed over")
}

fn delay(case: &mut Case, le: &str, from: &str, until: Option<&str>, codes: &[&str]) -> String {
    case.add_delay_request(DelayInput {
        referral_id: le.into(),
        requested_on: None,
        from: from.into(),
        until: until.map(String::from),
        jurisdictions: codes.iter().map(|c| c.to_string()).collect(),
        written_copy: None,
        review_on: None,
    })
    .expect("a delay request is recorded")
    .id
}

fn pdftotext(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .args([pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler) must be installed; scripts/setup installs it");
    assert!(out.status.success(), "pdftotext reads the letter");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn referral_ids_run_in_order_and_a_referral_is_never_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "ids");
    assert_eq!(referral(&mut case), "LE-0001");
    assert_eq!(referral(&mut case), "LE-0002");
    assert_eq!(
        case.referral("le-2").unwrap().id,
        "LE-0002",
        "an id typed in lower case and without zeros finds the referral"
    );
    let raw = raw_connection(&case_folder(dir.path(), "ids"));
    assert!(
        raw.execute("DELETE FROM referrals WHERE id = 'LE-0002'", [])
            .is_err(),
        "a referral is never deleted, so its id is never reused"
    );
}

#[test]
fn editing_a_referral_replaces_every_field_and_the_audit_entry_holds_old_and_new() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "edit");
    let le = case
        .add_referral(ReferralInput {
            agency: "IC3".into(),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(le.status, ReferralStatus::Draft, "no time given: a draft");
    assert!(le.when.is_none());
    let edited = case
        .update_referral(
            &le.id,
            ReferralInput {
                agency: "FBI".into(),
                unit: Some("Cyber Squad".into()),
                channel: Some(ReferralChannel::FieldOfficeVisit),
                when: Some("2019-10-31 09:00".into()),
                tz: Some("America/Los_Angeles".into()),
                their_contact: Some(AgencyContact {
                    name: "SA Kim Lee".into(),
                    badge: "4412".into(),
                    phone: "+1 415 555 0100".into(),
                    email: "klee@example.gov".into(),
                }),
                reference: Some("318A-SF-0001".into()),
                offences: Some("18 U.S.C. 1030".into()),
                status: Some(ReferralStatus::Acknowledged),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(
        case.referral(&le.id).unwrap(),
        edited,
        "what is returned is stored"
    );
    let when = edited.when.clone().expect("the time is stored");
    assert_eq!(
        (when.utc.as_str(), when.tz.as_str()),
        ("2019-10-31T16:00:00Z", "America/Los_Angeles"),
        "09:00 in Los Angeles is stored as UTC with the zone it was entered in"
    );
    assert_eq!(
        (
            edited.agency.as_str(),
            edited.unit.as_str(),
            edited.channel,
            edited.their_contact.email.as_str(),
            edited.reference.as_str(),
            edited.offences.as_str(),
            edited.status
        ),
        (
            "FBI",
            "Cyber Squad",
            Some(ReferralChannel::FieldOfficeVisit),
            "klee@example.gov",
            "318A-SF-0001",
            "18 U.S.C. 1030",
            ReferralStatus::Acknowledged
        )
    );
    let back = case
        .update_referral(
            &le.id,
            ReferralInput {
                agency: "FBI".into(),
                ..Default::default()
            },
        )
        .unwrap();
    assert!(
        back.when.is_none() && back.reference.is_empty() && back.status == ReferralStatus::Draft,
        "an edit replaces, it does not merge: {back:?}"
    );
    let audit = case.audit_log(&Default::default()).unwrap();
    let updates: Vec<_> = audit
        .iter()
        .filter(|e| e.action == "referral.update")
        .collect();
    assert_eq!(updates.len(), 2, "each edit is audited");
    assert!(
        updates
            .iter()
            .any(|e| e.old_value.as_deref().unwrap().contains("318A-SF-0001")
                && !e.new_value.as_deref().unwrap().contains("318A-SF-0001")),
        "the audit entry holds the referral before and after"
    );
}

#[test]
fn a_referral_marked_made_needs_the_time_it_was_made() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "when");
    let err = case
        .add_referral(ReferralInput {
            agency: "IC3".into(),
            status: Some(ReferralStatus::Made),
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Invalid);
    assert!(
        err.to_string().contains("when"),
        "the error names the missing field: {err}"
    );
    let draft = case
        .add_referral(ReferralInput {
            agency: "IC3".into(),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        draft.status,
        ReferralStatus::Draft,
        "without a time it is a draft"
    );
}

#[test]
fn a_shared_item_carries_its_evidence_hash_and_a_custody_entry_names_the_agency() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "share");
    let ev = evidence(
        &mut case,
        dir.path(),
        "export.csv",
        "ticket,email\n1,a@b.example\n",
    );
    let le = referral(&mut case);
    let shared = share(&mut case, &le, &ev);
    let item = case.evidence_item(&ev).unwrap();
    assert_eq!(
        shared.sha256, item.sha256,
        "the hash handed over is the evidence item's own"
    );
    let custody = case.custody(Some(&ev)).unwrap();
    let entry = custody
        .iter()
        .find(|c| c.seq == shared.custody_seq)
        .expect("the share names a custody entry of the item");
    assert_eq!(entry.kind, CustodyKind::Transfer);
    assert!(
        entry.to_party.contains("National Cyber Crime Unit"),
        "the custody entry names the agency: {:?}",
        entry.to_party
    );
    assert!(
        entry.purpose.contains(&le) && entry.purpose.contains("NCCU-2019-0577"),
        "the custody entry says which referral: {:?}",
        entry.purpose
    );
    assert_eq!(entry.expected_hash, item.sha256);
    let listed = case.referral_detail(&le).unwrap().shared;
    assert_eq!(listed, vec![shared]);
}

#[test]
fn sharing_personal_data_needs_a_legal_basis() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "basis");
    let ev = evidence(&mut case, dir.path(), "people.csv", "name\nX\n");
    let le = referral(&mut case);
    let err = case
        .share_evidence(
            ShareInput {
                referral_id: le,
                evidence_id: ev.clone(),
                form: None,
                method: None,
                personal_data: true,
                legal_basis: None,
                when: None,
                tz: None,
                export_to: None,
            },
            &Silent,
        )
        .unwrap_err();
    assert!(
        err.to_string().contains("legal_basis"),
        "the error names the missing basis: {err}"
    );
    assert_eq!(
        case.custody(Some(&ev)).unwrap().len(),
        1,
        "a refused share records no custody entry (only intake)"
    );
}

#[test]
fn sharing_into_a_folder_writes_the_evidence_export_whose_custody_entry_is_the_shares() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "export");
    let ev = evidence(&mut case, dir.path(), "logs.txt", "query 1\nquery 2\n");
    let le = referral(&mut case);
    let out = dir.path().join("handover");
    let shared = case
        .share_evidence(
            ShareInput {
                referral_id: le.clone(),
                evidence_id: ev.clone(),
                form: Some(ShareForm::Export),
                method: None,
                personal_data: false,
                legal_basis: None,
                when: None,
                tz: None,
                export_to: Some(out.to_string_lossy().into_owned()),
            },
            &Silent,
        )
        .unwrap();
    let sums = std::fs::read_to_string(out.join("SHA256SUMS")).unwrap();
    assert!(
        sums.starts_with(&shared.sha256),
        "the export's SHA256SUMS lists the hash the share records: {sums}"
    );
    assert!(out.join("MANIFEST.csv").is_file());
    let entry = case
        .custody(Some(&ev))
        .unwrap()
        .into_iter()
        .find(|c| c.seq == shared.custody_seq)
        .unwrap();
    assert_eq!(entry.kind, CustodyKind::Export);
    assert!(entry.to_party.contains("National Cyber Crime Unit"));
    let kinds: Vec<CustodyKind> = case
        .custody(Some(&ev))
        .unwrap()
        .into_iter()
        .map(|c| c.kind)
        .collect();
    assert_eq!(
        kinds.iter().filter(|k| **k != CustodyKind::Intake).count(),
        1,
        "the export's custody entry is the share's, not a second hand-over: {kinds:?}"
    );
}

#[test]
fn sharing_into_a_folder_that_is_not_empty_writes_and_records_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "busy");
    let ev = evidence(&mut case, dir.path(), "logs.txt", "query 1\n");
    let le = referral(&mut case);
    let out = dir.path().join("handover");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("theirs.txt"), "someone else's file").unwrap();
    let err = case
        .share_evidence(
            ShareInput {
                referral_id: le.clone(),
                evidence_id: ev.clone(),
                form: Some(ShareForm::Export),
                method: None,
                personal_data: false,
                legal_basis: None,
                when: None,
                tz: None,
                export_to: Some(out.to_string_lossy().into_owned()),
            },
            &Silent,
        )
        .unwrap_err();
    assert!(err.to_string().contains("not empty"), "{err}");
    assert!(case.shared_items(Some(&le)).unwrap().is_empty());
    assert_eq!(
        std::fs::read_dir(&out).unwrap().count(),
        1,
        "the folder keeps only what was there"
    );
    assert_eq!(case.custody(Some(&ev)).unwrap().len(), 1, "only the intake");
}

#[test]
fn delays_are_listed_with_their_jurisdictions_and_say_which_notices_were_delayed() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "delay");
    let le = referral(&mut case);
    let dr = delay(
        &mut case,
        &le,
        "2019-11-01",
        Some("2019-11-15"),
        &["us-ca", "US-NY"],
    );
    assert_eq!(dr, "DR-0001");
    let delays = case.delay_requests().unwrap();
    assert_eq!(delays.len(), 1);
    let d = &delays[0];
    assert_eq!(d.referral_id, le);
    assert_eq!(d.agency, "National Cyber Crime Unit");
    assert_eq!(
        d.jurisdictions,
        vec!["US-CA", "US-NY"],
        "codes are stored in upper case, in order"
    );
    assert_eq!(
        (d.from.as_str(), d.until.as_deref()),
        ("2019-11-01", Some("2019-11-15"))
    );
    assert!(!d.written, "without a written copy the request was oral");
    assert!(case.notice_delayed_by_law_enforcement("US-CA").unwrap());
    assert!(
        !case.notice_delayed_by_law_enforcement("US-TX").unwrap(),
        "a jurisdiction the delay does not name was not delayed"
    );
    let lifted = case.lift_delay(&dr, "2019-11-08").unwrap();
    assert_eq!(lifted.ends().as_deref(), Some("2019-11-08"));
    assert!(lifted.in_force_on(chrono::NaiveDate::from_ymd_opt(2019, 11, 7).unwrap()));
    assert!(
        !lifted.in_force_on(chrono::NaiveDate::from_ymd_opt(2019, 11, 8).unwrap()),
        "the clocks resume on the day it was lifted"
    );
    let err = case
        .add_delay_request(DelayInput {
            referral_id: le,
            requested_on: None,
            from: "2019-11-01".into(),
            until: None,
            jurisdictions: vec!["California".into()],
            written_copy: None,
            review_on: None,
        })
        .unwrap_err();
    assert!(
        err.to_string().contains("\"California\"") && err.to_string().contains("US-CA"),
        "a bad code is named with an example of a good one: {err}"
    );
}

#[test]
fn a_written_delay_request_is_registered_as_evidence_with_the_delay() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "written");
    let le = referral(&mut case);
    let letter = dir.path().join("delay-request.txt");
    std::fs::write(&letter, "Please delay notification until 15 November.").unwrap();
    let d = case
        .add_delay_request(DelayInput {
            referral_id: le,
            requested_on: Some("2019-10-31".into()),
            from: "2019-11-01".into(),
            until: None,
            jurisdictions: vec!["US-CA".into()],
            written_copy: Some(letter.to_string_lossy().into_owned()),
            review_on: Some("2019-11-10".into()),
        })
        .unwrap();
    assert!(d.written);
    let doc = d.document.expect("the written copy is an evidence item");
    assert_eq!(
        case.evidence_item(&doc).unwrap().original_name,
        "delay-request.txt"
    );
}

#[test]
fn notes_versions_are_immutable_hashed_and_diffed() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "notes");
    let le = referral(&mut case);
    let ev = evidence(&mut case, dir.path(), "db.csv", "a\n");
    share(&mut case, &le, &ev);
    let v1 = case.save_drafted_referral_notes(&le).unwrap();
    assert_eq!(v1.version, 1);
    assert!(v1.drafted);
    for heading in [
        "What happened",
        "How it was found",
        "The subject",
        "What was taken",
        "How many people",
        "Evidence offered",
    ] {
        assert!(v1.text.contains(heading), "the draft has {heading:?}");
    }
    assert!(
        v1.text.contains(&ev),
        "the draft lists the evidence offered"
    );
    let edited = v1.text.replace(
        "No tally snapshot yet.",
        "About 68,000 customers, per the vendor's count.",
    );
    let v2 = case.save_referral_notes(&le, &edited).unwrap();
    assert_eq!(v2.version, 2);
    assert_ne!(v1.sha256, v2.sha256);
    assert_eq!(
        v2.sha256,
        sha256_hex(edited.as_bytes()),
        "the hash is the SHA-256 of the text"
    );
    let err = case.save_referral_notes(&le, &edited).unwrap_err();
    assert!(
        err.to_string().contains("same as version 2"),
        "saving the same text again is refused: {err}"
    );

    let diff = case.referral_notes_diff(&le, 1, 2).unwrap();
    let removed: Vec<_> = diff
        .lines
        .iter()
        .filter(|l| l.change == LineChange::Removed)
        .map(|l| l.text.as_str())
        .collect();
    let added: Vec<_> = diff
        .lines
        .iter()
        .filter(|l| l.change == LineChange::Added)
        .map(|l| l.text.as_str())
        .collect();
    assert_eq!(removed, vec!["No tally snapshot yet."]);
    assert_eq!(
        added,
        vec!["About 68,000 customers, per the vendor's count."]
    );

    let raw = raw_connection(&case_folder(dir.path(), "notes"));
    assert!(
        raw.execute(
            "UPDATE referral_notes SET text = 'rewritten' WHERE version = 1",
            []
        )
        .is_err(),
        "a saved version cannot be changed, even with the key"
    );
    assert!(
        raw.execute("DELETE FROM referral_notes", []).is_err(),
        "nor deleted"
    );
    let versions = case.referral_notes(&le).unwrap();
    assert_eq!(versions[0], v1, "version 1 is as it was saved");

    let audit = case.audit_log(&Default::default()).unwrap();
    let saved = audit
        .iter()
        .find(|e| e.action == "referral.notes")
        .expect("saving notes is audited");
    let new = saved.new_value.as_deref().unwrap_or("");
    assert!(
        new.contains(&v2.sha256) && !new.contains("68,000"),
        "the audit entry holds the hash, not the text: {new}"
    );
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}

#[test]
fn the_referral_letter_is_deterministic_and_carries_the_reference_and_every_shared_hash() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "letter");
    let le = referral(&mut case);
    let mut hashes = Vec::new();
    for (name, content) in [("a.csv", "one\n"), ("b.log", "two\n"), ("c.eml", "three\n")] {
        let ev = evidence(&mut case, dir.path(), name, content);
        hashes.push(share(&mut case, &le, &ev).sha256);
    }
    case.save_drafted_referral_notes(&le).unwrap();
    let first = dir.path().join("letter-1.pdf");
    let second = dir.path().join("letter-2.pdf");
    let a = case.generate_referral_letter(&le, &first).unwrap();
    let b = case.generate_referral_letter(&le, &second).unwrap();
    assert_eq!(
        std::fs::read(&first).unwrap(),
        std::fs::read(&second).unwrap(),
        "the same case state gives the same bytes"
    );
    assert_eq!(a.sha256, b.sha256);
    assert_eq!(a.notes_version, Some(1));
    let text = pdftotext(&first);
    assert!(
        text.contains("NCCU-2019-0577"),
        "the letter carries the agency's reference"
    );
    for h in &hashes {
        assert!(
            text.contains(h.as_str()),
            "the letter lists shared hash {h}"
        );
    }
    let recorded = case
        .audit_log(&Default::default())
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "referral.letter")
        .count();
    assert_eq!(recorded, 2, "each letter's hash is in the audit chain");
}

#[test]
fn the_packet_has_a_law_enforcement_section_with_the_shared_hashes() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "packet");
    let le = referral(&mut case);
    let ev = evidence(&mut case, dir.path(), "a.csv", "x\n");
    let shared = share(&mut case, &le, &ev);
    delay(&mut case, &le, "2019-11-01", None, &["US-CA"]);
    let out = dir.path().join("packet.pdf");
    case.generate_packet(
        &PacketOptions {
            sections: vec![Section::Referral],
            ..PacketOptions::default()
        },
        &out,
        common::signing_key(),
        &Silent,
    )
    .unwrap();
    let text: String = pdftotext(&out).split_whitespace().collect();
    assert!(text.contains("Law-enforcementreferral"));
    assert!(text.contains("NCCU-2019-0577"));
    assert!(
        text.contains(&shared.sha256),
        "the section lists the shared item's hash"
    );
    assert!(text.contains("US-CA"), "and the delay's jurisdictions");
}

#[test]
fn follow_ups_and_legal_process_due_dates_show_on_the_timeline_and_the_overview() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "agenda");
    let le = referral(&mut case);
    case.add_follow_up(FollowUpInput {
        referral_id: le.clone(),
        on: Some("2019-11-04".into()),
        note: "Detective asked for the database audit logs".into(),
        next_action: Some("Send the audit logs".into()),
        due: Some("2019-11-08".into()),
    })
    .unwrap();
    let lp = case
        .add_legal_process(LegalProcessInput {
            referral_id: le.clone(),
            kind: LegalProcessKind::PreservationRequest,
            received: "2019-11-05".into(),
            due: Some("2019-11-12".into()),
            scope: "Preserve support-database logs for August to October 2019".into(),
            response: None,
            counsel: Some("Marcus Feld".into()),
        })
        .unwrap();
    delay(&mut case, &le, "2025-12-01", None, &["US-CA"]);
    let timeline = case.timeline(&TimelineFilter::default()).unwrap();
    let titles: Vec<_> = timeline.iter().map(|e| e.title.as_str()).collect();
    assert!(
        titles.contains(&"LE-0001 next action due: Send the audit logs"),
        "the follow-up's due date is on the timeline: {titles:?}"
    );
    assert!(
        titles.contains(&"LP-0001 Preservation request response due"),
        "the legal process due date is on the timeline: {titles:?}"
    );
    let overview = case.overview().unwrap();
    let agenda = overview.referrals;
    assert_eq!(agenda.open_follow_ups.len(), 1);
    assert!(
        agenda.open_follow_ups[0].overdue,
        "due 2019-11-08, the case clock says 2026"
    );
    assert_eq!(agenda.legal_process_due, vec![lp.clone()]);
    assert_eq!(agenda.active_delays.len(), 1, "a delay with no end holds");
    case.respond_legal_process(&lp.id, "Logs preserved; confirmed by letter")
        .unwrap();
    assert!(
        case.referral_agenda().unwrap().legal_process_due.is_empty(),
        "answered legal process is no longer waiting"
    );
}

#[test]
fn the_cli_fixed_forms_record_share_delay_draft_and_write_the_letter() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    let case = home.join("c");
    let case = case.to_str().unwrap();
    ok(casebook(
        home,
        &["case", "new", case, "--title", "Referral case"],
    ));
    let case = &format!("{case}.casebook");
    let file = home.join("evidence.csv");
    std::fs::write(&file, "ticket\n1\n").unwrap();
    ok(casebook(
        home,
        &["evidence", "add", case, file.to_str().unwrap()],
    ));
    let listed: serde_json::Value =
        serde_json::from_str(&ok(casebook(home, &["evidence", "list", case, "--json"]))).unwrap();
    let ev = listed[0]["id"].as_str().unwrap().to_string();
    let sha = listed[0]["sha256"].as_str().unwrap().to_string();

    let le = ok(casebook(
        home,
        &[
            "referral",
            "add",
            case,
            "--agency",
            "FBI",
            "--unit",
            "Cyber Squad",
            "--channel",
            "ic3_complaint",
            "--reference",
            "IC3-1234",
            "--when",
            "2019-10-31 09:00",
            "--tz",
            "America/Chicago",
        ],
    ));
    assert_eq!(le.trim(), "LE-0001", "add prints the new id alone");
    ok(casebook(
        home,
        &["referral", "share", case, "LE-0001", &ev, "--form", "copy"],
    ));
    let written = home.join("request.txt");
    std::fs::write(&written, "Please delay.").unwrap();
    let dr = ok(casebook(
        home,
        &[
            "referral",
            "delay",
            case,
            "LE-0001",
            "--from",
            "2019-11-01",
            "--until",
            "2019-11-15",
            "--jurisdictions",
            "US-CA,US-NY",
            "--written",
            written.to_str().unwrap(),
        ],
    ));
    assert_eq!(dr.trim(), "DR-0001");
    let notes = ok(casebook(home, &["referral", "notes", case, "LE-0001"]));
    assert!(
        notes.contains("Referral LE-0001 to FBI") && notes.contains(&ev),
        "without --edit-file the notes are drafted and printed: {notes}"
    );
    let edit = home.join("notes.txt");
    std::fs::write(&edit, format!("{notes}\nEdited by the investigator.\n")).unwrap();
    let saved = ok(casebook(
        home,
        &[
            "referral",
            "notes",
            case,
            "LE-0001",
            "--edit-file",
            edit.to_str().unwrap(),
        ],
    ));
    assert!(saved.contains("version 2"), "{saved}");
    let pdf = home.join("letter.pdf");
    ok(casebook(
        home,
        &[
            "referral",
            "letter",
            case,
            "LE-0001",
            "--out",
            pdf.to_str().unwrap(),
        ],
    ));
    let text = pdftotext(&pdf);
    assert!(text.contains("IC3-1234") && text.contains(&sha));
    assert!(text.contains("Edited by the investigator."));

    let list: serde_json::Value =
        serde_json::from_str(&ok(casebook(home, &["referral", "list", case, "--json"]))).unwrap();
    let r = &list[0];
    assert_eq!(r["id"], "LE-0001");
    assert_eq!(r["agency"], "FBI");
    assert_eq!(r["reference"], "IC3-1234");
    assert_eq!(r["shared"][0]["evidence_id"], ev.as_str());
    assert_eq!(r["shared"][0]["sha256"], sha.as_str());
    assert_eq!(r["delays"][0]["from"], "2019-11-01");
    assert_eq!(r["delays"][0]["until"], "2019-11-15");
    assert_eq!(
        r["delays"][0]["jurisdictions"],
        serde_json::json!(["US-CA", "US-NY"])
    );
}

#[test]
fn the_demo_case_has_a_referral_with_shared_items_a_delay_and_notes() {
    let dir = tempfile::tempdir().unwrap();
    let case = casebook::demo::build(dir.path(), PASSPHRASE, actor(), clock()).unwrap();
    let referrals = case.referrals().unwrap();
    assert_eq!(referrals.len(), 1);
    let d = case.referral_detail(&referrals[0].id).unwrap();
    assert!(d.shared.len() >= 2, "items were handed over");
    assert_eq!(d.delays.len(), 1, "a delay was requested");
    assert!(d.notes.is_some(), "notes were saved");
    for s in &d.shared {
        assert_eq!(s.sha256, case.evidence_item(&s.evidence_id).unwrap().sha256);
    }
}

#[test]
fn drafted_notes_cite_the_newest_snapshot_by_id_and_carry_no_personal_data() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "snap");
    // Two batches, a snapshot after each: the notes must take the newer one's figures.
    let mut snaps = Vec::new();
    for (name, rows) in [
        (
            "first.csv",
            "name,email\nA One,a@one.example\nB Two,b@two.example\n",
        ),
        ("second.csv", "name,email\nC Three,c@three.example\n"),
    ] {
        let file = dir.path().join(name);
        std::fs::write(&file, rows).unwrap();
        case.import_affected(
            ImportRequest {
                path: file.to_string_lossy().into_owned(),
                ..Default::default()
            },
            &Silent,
        )
        .unwrap();
        snaps.push(case.take_snapshot("for the referral").unwrap());
    }
    let le = referral(&mut case);
    let draft = case.draft_referral_notes(&le).unwrap();
    let newest = &snaps[1].content.id;
    assert_eq!(draft.snapshot_id.as_deref(), Some(newest.as_str()));
    assert!(
        draft.text.contains("3 unique individuals") && draft.text.contains(newest.as_str()),
        "the figures come from the newest snapshot and cite it: {}",
        draft.text
    );
    assert!(
        !draft.text.contains(snaps[0].content.id.as_str()) && !draft.text.contains("2 unique"),
        "the older snapshot is neither cited nor counted: {}",
        draft.text
    );
    assert!(
        !draft.text.contains("a@one.example"),
        "the notes carry counts, never an affected person's data"
    );
}

#[test]
fn drafted_notes_cite_the_harm_figures_once_reports_are_recorded() {
    use casebook::harm::{HarmChannel, HarmInput, HarmKind, Quoted};
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "harm");
    let le = referral(&mut case);
    let before = case.draft_referral_notes(&le).unwrap();
    assert!(
        before
            .text
            .contains(casebook::referral::notes::HARM_PLACEHOLDER),
        "with no harm report the investigator is asked to describe the harm"
    );
    for (when, loss) in [("2019-08-03 14:05", "249.99"), ("2019-08-12 09:30", "")] {
        case.add_harm_report(HarmInput {
            when: when.into(),
            tz: "America/Chicago".into(),
            channel: HarmChannel::PhoneCall,
            kind: HarmKind::ScamCall,
            data_quoted: vec![Quoted::Name],
            loss: loss.into(),
            currency: if loss.is_empty() { "" } else { "USD" }.into(),
            ..Default::default()
        })
        .unwrap();
    }
    let after = case.draft_referral_notes(&le).unwrap();
    assert!(
        after
            .text
            .contains("2 harm reports were recorded from 2019-08-03 to 2019-08-12")
            && after.text.contains("1 reported losing money"),
        "the figures come from the harm tally: {}",
        after.text
    );
    assert!(
        !after
            .text
            .contains(casebook::referral::notes::HARM_PLACEHOLDER),
        "the placeholder gives way to the figures"
    );
}
