//! Notification obligations as a case keeps them: evaluated from a snapshot's per-person
//! groups, the key dates and the case's answers; pinned to the rule set the case adopted;
//! overrides and filings audited and shown beside the computed outcome. The reference case
//! (names, e-mails, phones and ticket numbers, no government ids) runs through the CLI, whose
//! forms are fixed: acceptance scripts depend on them.

mod common;

use casebook::affected::ImportRequest;
use casebook::error::ErrorKind;
use casebook::obligations::record::FilingInput;
use casebook::obligations::{Outcome, Question};
use casebook::progress::Silent;
use casebook::timeline::TimelineFilter;
use casebook::Case;
use common::cli::{casebook, json, ok};
use serde_json::Value;
use std::path::Path;

/// Support-database rows as the reference case had them: name, e-mail, some phones, a ticket
/// number; no government id, no payment data. `places` is (country, region, people).
fn reference_rows(first: usize, places: &[(&str, &str, usize)]) -> String {
    let mut csv = String::from("name,email,phone,ticket_number,country,region,data_elements\n");
    let mut i = first;
    for (country, region, n) in places {
        for _ in 0..*n {
            let (phone, elements) = if i % 3 == 0 {
                (
                    format!("+1 555 010 {:04}", i % 10_000),
                    "name;email;phone;support_ticket",
                )
            } else {
                (String::new(), "name;email;support_ticket")
            };
            csv.push_str(&format!(
                "Customer {i},customer{i}@example.com,{phone},SR-{i:08},{country},{region},\"{elements}\"\n"
            ));
            i += 1;
        }
    }
    csv
}

const FIRST_BATCH: &[(&str, &str, usize)] = &[
    ("JP", "", 600),
    ("US", "CA", 520),
    ("US", "TX", 300),
    ("US", "FL", 510),
    ("US", "NY", 40),
    ("DE", "", 30),
    ("FR", "", 20),
    ("IE", "", 10),
];

const SECOND_BATCH: &[(&str, &str, usize)] = &[("JP", "", 600), ("US", "CA", 100), ("FR", "", 5)];

fn find<'a>(report: &'a Value, rule: &str) -> &'a Value {
    report["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["rule"] == rule)
        .unwrap_or_else(|| panic!("{rule} is among the obligations: {report:#}"))
}

/// The reference case built through the CLI: two batches with a snapshot after each, the
/// discovery and determination dates, and the questions answered. Returns the case folder.
fn reference_case(h: &Path) -> String {
    let case = h.join("reference");
    let case = ok(casebook(
        h,
        &["case", "new", case.to_str().unwrap(), "--title", "Vishing"],
    ))
    .trim()
    .to_string();
    for (name, first, places) in [
        ("one.csv", 0, FIRST_BATCH),
        ("two.csv", 10_000, SECOND_BATCH),
    ] {
        let file = h.join(name);
        std::fs::write(&file, reference_rows(first, places)).unwrap();
        ok(casebook(
            h,
            &["affected", "import", &case, file.to_str().unwrap()],
        ));
        ok(casebook(h, &["affected", "snapshot", &case]));
    }
    for (kind, when) in [
        ("discovery", "2019-10-18 16:00"),
        ("determination", "2019-10-28 15:00"),
    ] {
        ok(casebook(
            h,
            &["date", "set", &case, kind, when, "--tz", "Europe/Dublin"],
        ));
    }
    for (question, value) in [
        ("encrypted", "no"),
        ("risk_of_harm", "yes"),
        ("high_risk", "yes"),
        ("wrongful_purpose", "no"),
    ] {
        ok(casebook(
            h,
            &[
                "obligations",
                "answer",
                &case,
                question,
                value,
                "--reason",
                "Counsel, call of 2019-10-29: scam calls quote real tickets",
            ],
        ));
    }
    case
}

#[test]
fn the_reference_case_triggers_no_us_statute_but_gdpr_and_appi_with_their_due_dates() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let case = reference_case(h);
    let report = json(casebook(h, &["obligations", &case, "--json"]));

    assert_eq!(
        report["snapshot"], "TS-0002",
        "the newest snapshot by default"
    );
    assert!(report["rule_set"].as_str().is_some_and(|v| !v.is_empty()));
    for o in report["obligations"].as_array().unwrap() {
        for key in [
            "jurisdiction",
            "recipient",
            "body",
            "outcome",
            "people",
            "due",
            "clock",
            "rule",
            "citation",
        ] {
            assert!(o.get(key).is_some(), "every obligation has {key}: {o}");
        }
        if o["jurisdiction"].as_str().unwrap().starts_with("US-") {
            assert_eq!(
                o["outcome"], "not_triggered",
                "names, e-mails, phones and ticket numbers meet no US state's definition: {o:#}"
            );
        }
    }
    let states: Vec<&str> = report["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|o| o["jurisdiction"].as_str())
        .filter(|j| j.starts_with("US-"))
        .collect();
    for state in ["US-CA", "US-TX", "US-FL", "US-NY"] {
        assert!(states.contains(&state), "{state} has residents: {states:?}");
    }

    let eu = find(&report, "EU.regulator");
    assert_eq!(eu["outcome"], "required", "risk of harm was answered yes");
    assert_eq!(
        eu["people"], 65,
        "DE 30 + FR 25 + IE 10, any personal data counts"
    );
    assert_eq!(eu["clock"], "awareness");
    assert_eq!(
        eu["due"], "2019-10-21",
        "72 hours from 2019-10-18 16:00 Dublin (15:00 UTC)"
    );
    assert_eq!(eu["due_at"], "2019-10-21T15:00:00Z");

    let preliminary = find(&report, "JP.regulator.preliminary");
    let final_ = find(&report, "JP.regulator.final");
    for o in [preliminary, final_] {
        assert_eq!(
            o["outcome"], "required",
            "1,200 Japanese residents: more than 1,000"
        );
        assert_eq!(o["people"], 1200);
    }
    assert_eq!(
        preliminary["due"], "2019-10-23",
        "5 days from discovery's local date"
    );
    assert_eq!(final_["due"], "2019-11-17", "30 days from discovery");

    let changes = report["changes"].as_array().unwrap();
    assert!(
        changes.iter().any(|c| c["rule"] == "JP.regulator.final"),
        "the second batch took Japan over its threshold, and the report says so: {changes:#?}"
    );

    let text = ok(casebook(h, &["obligations", &case]));
    assert!(text.contains("JP.regulator.final"), "{text}");
    assert!(text.contains("not legal advice"), "{text}");
}

#[test]
fn snapshot_picks_the_older_evaluation_whose_figures_differ() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let case = reference_case(h);
    let older = json(casebook(
        h,
        &["obligations", &case, "--snapshot", "TS-0001", "--json"],
    ));
    assert_eq!(older["snapshot"], "TS-0001");
    let jp = find(&older, "JP.regulator.final");
    assert_eq!(jp["people"], 600);
    assert_eq!(
        jp["outcome"], "not_triggered",
        "600 is not more than 1,000 and the purpose was answered not wrongful"
    );
    assert_eq!(find(&older, "EU.regulator")["people"], 60);
    assert_eq!(
        older["changes"].as_array().unwrap().len(),
        0,
        "the first snapshot has nothing before it"
    );

    let none = tempfile::tempdir().unwrap();
    let empty = ok(casebook(
        none.path(),
        &[
            "case",
            "new",
            none.path().join("e").to_str().unwrap(),
            "--title",
            "E",
        ],
    ));
    let out = casebook(none.path(), &["obligations", empty.trim(), "--json"]);
    assert!(!out.status.success(), "no snapshot, no obligations");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("snapshot"),
        "the error says to take one: {err}"
    );
}

#[test]
fn overrides_and_filings_are_audited_and_shown_beside_the_computed_outcome() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let case = reference_case(h);
    ok(casebook(
        h,
        &[
            "obligations",
            "override",
            &case,
            "US-CA.individuals",
            "--outcome",
            "required",
            "--reason",
            "Counsel: notify Californians prudentially",
        ],
    ));
    let report_doc = h.join("dpc-report.txt");
    std::fs::write(
        &report_doc,
        "Breach report as submitted to the regulator.\n",
    )
    .unwrap();
    let filed = ok(casebook(
        h,
        &[
            "obligations",
            "file",
            &case,
            "EU.regulator",
            "--date",
            "2019-10-21",
            "--reference",
            "BN-2019-0042",
            "--document",
            report_doc.to_str().unwrap(),
        ],
    ));
    assert!(filed.contains("BN-2019-0042"), "{filed}");

    let report = json(casebook(h, &["obligations", &case, "--json"]));
    let ca = find(&report, "US-CA.individuals");
    assert_eq!(ca["outcome"], "not_triggered", "the computed outcome stays");
    assert_eq!(
        ca["override"]["outcome"], "required",
        "counsel's is beside it"
    );
    assert_eq!(
        ca["override"]["reason"],
        "Counsel: notify Californians prudentially"
    );
    let eu = find(&report, "EU.regulator");
    assert_eq!(eu["filing"]["reference"], "BN-2019-0042");
    let document = eu["filing"]["document"]
        .as_str()
        .expect("the document is evidence");
    let evidence = json(casebook(h, &["evidence", "list", &case, "--json"]));
    assert!(
        evidence
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["id"] == document),
        "the filed document is registered as evidence {document}"
    );

    let log = json(casebook(h, &["audit", "log", &case, "--json"]));
    let actions: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["action"].as_str())
        .collect();
    for action in [
        "obligations.rule_set",
        "obligations.answer",
        "obligations.override",
        "obligations.file",
    ] {
        assert!(
            actions.contains(&action),
            "{action} is audited: {actions:?}"
        );
    }

    let bad = casebook(
        h,
        &[
            "obligations",
            "file",
            &case,
            "EU.regulator",
            "--date",
            "21/10/2019",
        ],
    );
    assert!(!bad.status.success());
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("YYYY-MM-DD"),
        "a bad date says how to write it"
    );
}

// ---- the core, with a fixed clock ----

fn import(case: &mut Case, dir: &Path, name: &str, csv: &str) {
    let file = dir.join(name);
    std::fs::write(&file, csv).unwrap();
    case.import_affected(
        ImportRequest {
            path: file.display().to_string(),
            ..Default::default()
        },
        &Silent,
    )
    .expect("the fixture imports");
}

fn small_case(dir: &Path) -> Case {
    let mut case = common::new_case(dir, "small");
    import(
        &mut case,
        dir,
        "a.csv",
        &reference_rows(0, &[("DE", "", 3), ("US", "TX", 2)]),
    );
    case.take_snapshot("").unwrap();
    case
}

#[test]
fn bad_input_names_the_field_and_nothing_is_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = small_case(dir.path());
    let audit_before = case.audit_log(&Default::default()).unwrap().len();
    let checks: Vec<(&str, casebook::error::Error)> = vec![
        (
            "rule",
            case.override_obligation("XX.nobody", Some(Outcome::Required), "why")
                .unwrap_err(),
        ),
        (
            "reason",
            case.override_obligation("EU.regulator", Some(Outcome::Required), "  ")
                .unwrap_err(),
        ),
        (
            "reason",
            case.answer_question(Question::RiskOfHarm, Some(true), "")
                .unwrap_err(),
        ),
        (
            "date",
            case.file_obligation(FilingInput {
                rule: "EU.regulator".into(),
                date: "2019-13-01".into(),
                reference: None,
                document: None,
            })
            .unwrap_err(),
        ),
        (
            "document",
            case.file_obligation(FilingInput {
                rule: "EU.regulator".into(),
                date: "2019-10-21".into(),
                reference: None,
                document: Some(dir.path().display().to_string()),
            })
            .unwrap_err(),
        ),
    ];
    for (field, err) in checks {
        assert_eq!(err.kind(), ErrorKind::Invalid, "{err}");
        assert!(
            matches!(&err, casebook::error::Error::Invalid { field: f, .. } if f == field),
            "{err} names the field {field}"
        );
    }
    assert_eq!(
        case.audit_log(&Default::default()).unwrap().len(),
        audit_before,
        "a refused change records nothing"
    );
}

#[test]
fn the_case_keeps_its_rule_set_across_a_newer_build_until_it_adopts_the_shipped_one() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = small_case(dir.path());
    let shipped = case.obligations(None).unwrap().rule_set;
    drop(case);

    // What an older build would have stored: the same rules under an older version.
    let folder = common::case_folder(dir.path(), "small");
    let conn = common::raw_connection(&folder);
    let mut set = serde_json::to_value(casebook::obligations::rules::shipped()).unwrap();
    set["version"] = "2019.1.0".into();
    let content = casebook::audit::canonical_json(&set);
    let hash = {
        use sha2::Digest;
        hex::encode(sha2::Sha256::digest(content.as_bytes()))
    };
    conn.execute(
        "INSERT INTO obligation_rule_sets (version, content, sha256, adopted_at, adopted_by)
         VALUES ('2019.1.0', ?1, ?2, '2026-01-02T09:00:00Z', 'older build')",
        rusqlite::params![content, hash],
    )
    .unwrap();
    drop(conn);

    let mut case = common::reopen(&folder);
    let report = case.obligations(None).unwrap();
    assert_eq!(
        report.rule_set, "2019.1.0",
        "the case keeps the set it was evaluated with"
    );
    assert_eq!(report.shipped_rule_set, shipped);
    assert!(
        report.notes.iter().any(|n| n.contains(&shipped)),
        "the report offers the newer set: {:?}",
        report.notes
    );
    case.adopt_shipped_rule_set().unwrap();
    assert_eq!(case.obligations(None).unwrap().rule_set, shipped);
    let adopted = case
        .audit_log(&Default::default())
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "obligations.rule_set")
        .count();
    assert_eq!(
        adopted, 2,
        "the first evaluation and the re-evaluation are both audited"
    );
}

#[test]
fn a_snapshot_from_before_per_person_groups_still_verifies_and_its_outcomes_are_unknown() {
    let dir = tempfile::tempdir().unwrap();
    let case = small_case(dir.path());
    let first = case.snapshot("TS-0001").unwrap();
    assert!(
        !first.content.groups.is_empty(),
        "a new snapshot freezes the per-person groups"
    );
    drop(case);

    // A snapshot as an older build stored it: the same content without `groups`.
    let folder = common::case_folder(dir.path(), "small");
    let conn = common::raw_connection(&folder);
    let mut content = serde_json::to_value(&first.content).unwrap();
    content.as_object_mut().unwrap().remove("groups");
    content["id"] = "TS-0002".into();
    let canonical = casebook::audit::canonical_json(&content);
    let hash = {
        use sha2::Digest;
        hex::encode(sha2::Sha256::digest(canonical.as_bytes()))
    };
    conn.execute(
        "INSERT INTO tally_snapshots (id, num, taken_at, taken_by, content, sha256)
         VALUES ('TS-0002', 2, '2026-01-02T09:00:00Z', 'older build', ?1, ?2)",
        rusqlite::params![canonical, hash],
    )
    .unwrap();
    drop(conn);

    let mut case = common::reopen(&folder);
    let old = case.snapshot("TS-0002").unwrap();
    assert!(old.intact, "its stored JSON still hashes to its SHA-256");
    assert!(old.content.groups.is_empty());
    let report = case.obligations(Some("TS-0002")).unwrap();
    assert!(
        !report.obligations.is_empty(),
        "places still give the jurisdictions"
    );
    for row in &report.obligations {
        assert_eq!(
            row.computed.outcome,
            Outcome::Unknown,
            "{} cannot be judged without per-person groups",
            row.computed.rule
        );
        assert!(row
            .computed
            .depends_on
            .iter()
            .any(|d| d.text.contains("take a new snapshot")));
    }
    assert!(report.notes.iter().any(|n| n.contains("predates")));
}

#[test]
fn deadlines_not_yet_filed_and_filings_appear_on_the_timeline() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = small_case(dir.path());
    case.set_key_date(casebook::dates::KeyDateInput {
        kind: casebook::dates::KeyDateKind::Discovery,
        when: "2019-10-18 16:00".into(),
        tz: "Europe/Dublin".into(),
        precision: None,
        basis: None,
    })
    .unwrap();
    case.answer_question(Question::RiskOfHarm, Some(true), "Counsel")
        .unwrap();
    case.answer_question(Question::HighRisk, Some(true), "Counsel")
        .unwrap();
    let events = |case: &Case| case.timeline(&TimelineFilter::default()).unwrap();
    let due = events(&case);
    let deadline = due
        .iter()
        .find(|e| e.id == "obligation:EU.regulator")
        .expect("the GDPR regulator deadline is on the timeline");
    assert_eq!(deadline.when.utc, "2019-10-21T15:00:00Z");
    assert_eq!(
        deadline.category,
        casebook::timeline::Category::Notification
    );

    case.file_obligation(FilingInput {
        rule: "EU.regulator".into(),
        date: "2019-10-21".into(),
        reference: Some("BN-7".into()),
        document: None,
    })
    .unwrap();
    let after = events(&case);
    assert!(
        !after.iter().any(|e| e.id == "obligation:EU.regulator"),
        "a filed obligation is no longer a deadline"
    );
    assert!(after
        .iter()
        .any(|e| e.linked_id == "EU.regulator" && e.detail.contains("BN-7")));
}

#[test]
fn a_referral_delay_pauses_exactly_the_obligations_whose_rules_allow_it_and_lifting_resumes_them() {
    let dir = tempfile::tempdir().unwrap();
    let h = dir.path();
    let case = h.join("delayed");
    let case = ok(casebook(
        h,
        &["case", "new", case.to_str().unwrap(), "--title", "Delayed"],
    ))
    .trim()
    .to_string();
    // Names with government ids: California's and Texas's statutes are triggered, and the
    // German customers bring in GDPR, which has no law-enforcement pause.
    let mut csv = String::from("name,email,country,region,data_elements\n");
    for (i, (country, region)) in [("US", "CA"), ("US", "TX"), ("DE", "")]
        .iter()
        .flat_map(|p| std::iter::repeat_n(*p, 4))
        .enumerate()
    {
        csv.push_str(&format!(
            "Person {i},p{i}@example.com,{country},{region},name;government_id\n"
        ));
    }
    let file = h.join("ids.csv");
    std::fs::write(&file, csv).unwrap();
    ok(casebook(
        h,
        &["affected", "import", &case, file.to_str().unwrap()],
    ));
    ok(casebook(h, &["affected", "snapshot", &case]));
    for kind in ["discovery", "determination"] {
        ok(casebook(
            h,
            &[
                "date",
                "set",
                &case,
                kind,
                "2026-02-01 10:00",
                "--tz",
                "UTC",
            ],
        ));
    }
    ok(casebook(
        h,
        &[
            "obligations",
            "answer",
            &case,
            "risk_of_harm",
            "yes",
            "--reason",
            "ids",
        ],
    ));
    let due = |report: &Value, rule: &str| find(report, rule)["due"].clone();
    let before = json(casebook(h, &["obligations", &case, "--json"]));
    assert_eq!(
        due(&before, "US-CA.individuals"),
        "2026-03-03",
        "30 days from discovery"
    );

    let le = ok(casebook(
        h,
        &["referral", "add", &case, "--agency", "Cyber Unit"],
    ))
    .trim()
    .to_string();
    ok(casebook(
        h,
        &[
            "referral",
            "delay",
            &case,
            &le,
            "--from",
            "2026-02-05",
            "--jurisdictions",
            "US-CA,EU",
        ],
    ));
    let open = json(casebook(h, &["obligations", &case, "--json"]));
    assert_eq!(
        due(&open, "US-CA.individuals"),
        Value::Null,
        "California allows a delay, and while it is in force there is no due date"
    );
    assert_eq!(
        due(&open, "EU.regulator"),
        due(&before, "EU.regulator"),
        "GDPR allows no law-enforcement pause even when the delay names the EU"
    );
    assert_eq!(
        due(&open, "US-TX.individuals"),
        due(&before, "US-TX.individuals"),
        "a delay that does not name Texas leaves its clock running"
    );

    ok(casebook(
        h,
        &["referral", "lift", &case, "DR-0001", "--on", "2026-02-15"],
    ));
    let lifted = json(casebook(h, &["obligations", &case, "--json"]));
    assert_eq!(
        due(&lifted, "US-CA.individuals"),
        "2026-03-13",
        "lifted after 10 days, California's clock resumes 10 days later"
    );
    let paused = find(&lifted, "US-CA.individuals")["paused"].to_string();
    assert!(
        paused.contains(&le),
        "the row names the referral that paused it: {paused}"
    );
}
