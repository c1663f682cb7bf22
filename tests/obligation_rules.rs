//! The notification rules and their engine: the shipped set loads, each threshold holds at its
//! exact boundary, element combinations are judged person by person, every clock counts from
//! its own key date, law-enforcement pauses apply only where the law allows them, and a
//! malformed rule file is refused with the file, the rule and the field named.

use casebook::obligations::engine::evaluate;
use casebook::obligations::rules::{parse, shipped, RuleSet};
use casebook::obligations::{
    AnchorDate, Clock, Facts, Obligation, Outcome, Pause, PeopleGroup, Question, Recipient,
};
use chrono::{NaiveDate, TimeZone, Utc};
use proptest::prelude::*;

const CONTACT: &[&str] = &["name", "email", "phone", "support_ticket"];

fn group(country: &str, region: &str, elements: &[&str], people: u32) -> PeopleGroup {
    PeopleGroup {
        country: country.into(),
        region: region.into(),
        minor: false,
        elements: elements.iter().map(|e| e.to_string()).collect(),
        people,
    }
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// A key date entered at 09:30 UTC on that day.
fn at(s: &str) -> AnchorDate {
    let d = date(s);
    AnchorDate {
        at_utc: Utc.from_utc_datetime(&d.and_hms_opt(9, 30, 0).unwrap()),
        local_date: d,
    }
}

fn facts(groups: Vec<PeopleGroup>) -> Facts {
    Facts {
        groups,
        ..Facts::default()
    }
}

fn with_dates(mut f: Facts, dates: &[(Clock, &str)]) -> Facts {
    for (c, d) in dates {
        f.dates.insert(*c, at(d));
    }
    f
}

fn find<'a>(obligations: &'a [Obligation], rule: &str) -> &'a Obligation {
    obligations
        .iter()
        .find(|o| o.rule == rule)
        .unwrap_or_else(|| {
            panic!(
                "expected an obligation for {rule}, got {:?}",
                rules_of(obligations)
            )
        })
}

/// The one obligation of `rule` for these facts.
fn one(f: &Facts, rule: &str) -> Obligation {
    find(&evaluate(shipped(), f), rule).clone()
}

fn rules_of(obligations: &[Obligation]) -> Vec<&str> {
    obligations.iter().map(|o| o.rule.as_str()).collect()
}

/// The outcome of one rule for `people` residents of one place with these elements.
fn outcome(
    rule: &str,
    country: &str,
    region: &str,
    elements: &[&str],
    people: u32,
    f: Facts,
) -> Outcome {
    let mut f = f;
    f.groups = vec![group(country, region, elements, people)];
    find(&evaluate(shipped(), &f), rule).outcome
}

const GOV: &[&str] = &["name", "government_id"];

#[test]
fn the_shipped_rule_set_loads_and_covers_every_jurisdiction_of_the_brief() {
    let set = shipped();
    assert_eq!(set.version, "2026.12.1", "the set carries its version");
    for id in [
        "EU.regulator",
        "EU.individuals",
        "GB.regulator",
        "GB.individuals",
        "US-CA.individuals",
        "US-CA.regulator",
        "US-NY.individuals",
        "US-NY.regulator",
        "US-NY.credit_bureaus",
        "US-TX.individuals",
        "US-TX.regulator",
        "US-TX.credit_bureaus",
        "US-FL.individuals",
        "US-FL.regulator",
        "US-FL.credit_bureaus",
        "US-WA.individuals",
        "US-WA.regulator",
        "US-CO.individuals",
        "US-CO.regulator",
        "US-CO.credit_bureaus",
        "US-OR.individuals",
        "US-OR.regulator",
        "US-OR.credit_bureaus",
        "US-CT.individuals",
        "US-CT.regulator",
        "US-IL.individuals",
        "US-IL.regulator",
        "US-MA.individuals",
        "US-MA.regulator",
        "US-ME.individuals",
        "US-ME.regulator",
        "US-ME.credit_bureaus",
        "US-NJ.individuals",
        "US-NJ.regulator",
        "US-NJ.credit_bureaus",
        "US-AZ.individuals",
        "US-AZ.regulator",
        "US-AZ.credit_bureaus",
        "CA.regulator",
        "CA.individuals",
        "JP.regulator.preliminary",
        "JP.regulator.final",
        "JP.individuals",
        "AU.regulator",
        "AU.individuals",
    ] {
        assert!(
            set.find(id).is_ok(),
            "the shipped set should have a rule {id}"
        );
    }
    let il = set.find("US-IL.regulator").unwrap()[0];
    assert!(
        il.unverified.iter().any(|u| u.field == "deadline"),
        "facts the brief marks unverified are marked in the rule: {:?}",
        il.unverified
    );
}

#[test]
fn a_rule_set_stored_as_json_reads_back_the_same() {
    let json = serde_json::to_string(shipped()).unwrap();
    let back: RuleSet = serde_json::from_str(&json).unwrap();
    assert_eq!(
        &back,
        shipped(),
        "a case stores the set it adopted as JSON and must read it back unchanged"
    );
    assert!(
        json.contains("\">500\""),
        "thresholds keep their exact operator in the stored form"
    );
}

#[test]
fn each_threshold_holds_at_its_exact_boundary() {
    // rule, state, the statute's figure, and whether it must be exceeded (>) or only reached (>=)
    let cases = [
        ("US-CA.regulator", "CA", 500, true),
        ("US-FL.regulator", "FL", 500, false),
        ("US-TX.regulator", "TX", 250, false),
        ("US-NY.credit_bureaus", "NY", 5000, true),
    ];
    for (rule, state, figure, strict) in cases {
        for people in [figure - 1, figure, figure + 1] {
            let crosses = if strict {
                people > figure
            } else {
                people >= figure
            };
            let want = if crosses {
                Outcome::Required
            } else {
                Outcome::NotTriggered
            };
            assert_eq!(
                outcome(rule, "US", state, GOV, people, Facts::default()),
                want,
                "{rule} with {people} people: the statute's operator decides the boundary"
            );
        }
    }
    // APPI: more than 1,000 people is enough on its own; at or below it, counsel's answer on a
    // wrongful purpose decides.
    let no = |q: Question| {
        let mut f = Facts::default();
        f.answers.insert(q, false);
        f
    };
    for (people, want) in [
        (999, Outcome::NotTriggered),
        (1000, Outcome::NotTriggered),
        (1001, Outcome::Required),
    ] {
        assert_eq!(
            outcome(
                "JP.regulator.final",
                "JP",
                "",
                CONTACT,
                people,
                no(Question::WrongfulPurpose)
            ),
            want,
            "APPI with {people} people and no wrongful purpose"
        );
    }
    assert_eq!(
        outcome(
            "JP.regulator.final",
            "JP",
            "",
            CONTACT,
            1000,
            Facts::default()
        ),
        Outcome::RequiredIfRisk,
        "below the threshold with the wrongful-purpose question unanswered, APPI waits on it"
    );
}

#[test]
fn element_combinations_are_judged_person_by_person() {
    let both = evaluate(shipped(), &facts(vec![group("US", "CA", GOV, 1)]));
    let ca = find(&both, "US-CA.individuals");
    assert_eq!(
        ca.outcome,
        Outcome::Required,
        "name and government id of one person is personal information"
    );
    assert_eq!(ca.people, 1);

    let apart = evaluate(
        shipped(),
        &facts(vec![
            group("US", "CA", &["name"], 1),
            group("US", "CA", &["government_id"], 1),
        ]),
    );
    let ca = find(&apart, "US-CA.individuals");
    assert_eq!(
        ca.outcome,
        Outcome::NotTriggered,
        "a name on one person and a government id on another is no combination: {:?}",
        ca.reasoning
    );
    assert_eq!((ca.people, ca.residents), (0, 2));
    assert!(
        ca.reasoning
            .iter()
            .any(|r| r.contains("Not required by statute")),
        "the outcome is stated as not required by statute: {:?}",
        ca.reasoning
    );
    assert!(
        !ca.reasoning
            .join(" ")
            .to_lowercase()
            .contains("do not notify"),
        "never worded as advice not to notify"
    );
}

#[test]
fn each_clock_counts_from_its_own_key_date() {
    let f = with_dates(
        facts(vec![
            group("US", "CA", GOV, 600),
            group("US", "TX", GOV, 300),
            group("DE", "", CONTACT, 10),
            group("AU", "", CONTACT, 10),
        ]),
        &[
            (Clock::Discovery, "2026-02-01"),
            (Clock::Determination, "2026-02-10"),
            (Clock::FirstIndicator, "2026-01-20"),
            (Clock::IndividualNotice, "2026-03-01"),
        ],
    );
    let obs = evaluate(shipped(), &f);
    let due = |rule: &str| find(&obs, rule).due.clone();
    assert_eq!(
        due("US-CA.individuals"),
        Some("2026-03-03".into()),
        "CA: 30 days from discovery"
    );
    assert_eq!(
        due("US-TX.individuals"),
        Some("2026-04-11".into()),
        "TX: 60 days from determination"
    );
    assert_eq!(
        due("US-TX.regulator"),
        Some("2026-03-12".into()),
        "TX AG: 30 days from determination"
    );
    assert_eq!(
        due("US-CA.regulator"),
        Some("2026-03-16".into()),
        "CA AG: 15 days from individual notice"
    );
    assert_eq!(
        due("AU.regulator"),
        Some("2026-02-19".into()),
        "NDB: 30 days from the first indicator"
    );
    let eu = find(&obs, "EU.regulator");
    assert_eq!(eu.clock, Clock::Awareness);
    assert_eq!(
        eu.due_at.as_deref(),
        Some("2026-02-04T09:30:00Z"),
        "GDPR: 72 hours from the instant of awareness, read from the discovery date"
    );
    assert_eq!(eu.due.as_deref(), Some("2026-02-04"));
    assert!(
        eu.reasoning
            .iter()
            .any(|r| r.contains("reads from the discovery key date")),
        "the reasoning says awareness is read from discovery: {:?}",
        eu.reasoning
    );
}

#[test]
fn a_missing_key_date_leaves_no_due_date_and_says_which_to_set() {
    let obs = evaluate(shipped(), &facts(vec![group("US", "TX", GOV, 300)]));
    let tx = find(&obs, "US-TX.regulator");
    assert_eq!(tx.outcome, Outcome::Required);
    assert_eq!(tx.due, None, "no determination date, no due date");
    assert!(
        tx.depends_on
            .iter()
            .any(|d| d.text.contains("determination key date")
                && d.key_date == Some(casebook::dates::KeyDateKind::Determination)
                && d.question.is_none()),
        "depends_on names the key date to set, in words and by code: {:?}",
        tx.depends_on
    );
}

#[test]
fn wording_without_a_number_gives_no_due_date_and_waits_on_nothing() {
    let f = with_dates(
        facts(vec![group("US", "IL", GOV, 10)]),
        &[(Clock::Discovery, "2026-02-01")],
    );
    let il = one(&f, "US-IL.individuals");
    assert_eq!(il.due, None);
    assert!(
        il.depends_on.is_empty(),
        "a statute's wording is not something to wait for: {:?}",
        il.depends_on
    );
    assert!(
        il.deadline.contains("most expedient"),
        "the deadline carries the statute's wording: {}",
        il.deadline
    );
}

#[test]
fn california_applies_the_text_in_force_on_the_discovery_date() {
    let before = with_dates(
        facts(vec![group("US", "CA", GOV, 10)]),
        &[(Clock::Discovery, "2025-06-01")],
    );
    let old = one(&before, "US-CA.individuals");
    assert_eq!(
        old.due, None,
        "before 2026 California gives no number of days"
    );
    assert!(old.deadline.contains("most expedient"), "{}", old.deadline);

    let after = with_dates(
        facts(vec![group("US", "CA", GOV, 10)]),
        &[(Clock::Discovery, "2026-06-01")],
    );
    let new = one(&after, "US-CA.individuals");
    assert_eq!(new.deadline, "30 days");
    assert_eq!(new.due.as_deref(), Some("2026-07-01"));
}

#[test]
fn a_law_enforcement_pause_moves_only_the_deadlines_that_allow_it() {
    let base = with_dates(
        facts(vec![
            group("US", "CA", GOV, 10),
            group("FR", "", CONTACT, 10),
        ]),
        &[(Clock::Discovery, "2026-02-01")],
    );
    let pause = |until: Option<&str>, jurisdictions: &[&str]| Pause {
        by: "LE-0001".into(),
        from: date("2026-02-05"),
        until: until.map(date),
        jurisdictions: jurisdictions.iter().map(|j| j.to_string()).collect(),
        written: false,
    };

    let mut closed = base.clone();
    closed.pauses = vec![pause(Some("2026-02-15"), &["US-CA", "EU"])];
    let obs = evaluate(shipped(), &closed);
    let ca = find(&obs, "US-CA.individuals");
    assert_eq!(
        ca.due.as_deref(),
        Some("2026-03-13"),
        "30 days from discovery plus 10 paused days"
    );
    assert_eq!(ca.paused.len(), 1, "{:?}", ca.paused);
    let eu = find(&obs, "EU.regulator");
    assert_eq!(
        eu.due.as_deref(),
        Some("2026-02-04"),
        "GDPR has no law-enforcement pause"
    );
    assert!(eu.paused.is_empty());

    let mut elsewhere = base.clone();
    elsewhere.pauses = vec![pause(Some("2026-02-15"), &["US-NY"])];
    let ca = one(&elsewhere, "US-CA.individuals");
    assert_eq!(
        ca.due.as_deref(),
        Some("2026-03-03"),
        "a pause for New York does not move California"
    );

    // Only the days a delay overlaps the running clock move it: one that ended before
    // discovery moves nothing, one straddling discovery counts from discovery, one asked for
    // after the deadline passed rescues nothing.
    let span = |from: &str, until: &str| Pause {
        from: date(from),
        ..pause(Some(until), &["US-CA"])
    };
    for (from, until, due, why) in [
        (
            "2019-10-31",
            "2019-11-04",
            "2026-03-03",
            "a delay that ended before the clock started",
        ),
        (
            "2026-01-25",
            "2026-02-11",
            "2026-03-13",
            "ten of its days fall after discovery",
        ),
        (
            "2026-04-01",
            "2026-04-20",
            "2026-03-03",
            "a delay asked for after the deadline",
        ),
    ] {
        let mut f = base.clone();
        f.pauses = vec![span(from, until)];
        assert_eq!(
            one(&f, "US-CA.individuals").due.as_deref(),
            Some(due),
            "{why} ({from} to {until})"
        );
    }

    let mut open = base;
    open.pauses = vec![pause(None, &["US-CA"])];
    let ca = one(&open, "US-CA.individuals");
    assert_eq!(ca.due, None, "no due date while the delay is in force");
    assert!(
        ca.depends_on
            .iter()
            .any(|d| d.text == "paused by LE-0001 since 2026-02-05"
                && d.question.is_none()
                && d.key_date.is_none()),
        "{:?}",
        ca.depends_on
    );
}

#[test]
fn the_encryption_safe_harbour_lifts_us_statutes_only() {
    let mut f = facts(vec![group("US", "CA", GOV, 10), group("DE", "", GOV, 10)]);
    f.answers.insert(Question::Encrypted, true);
    let obs = evaluate(shipped(), &f);
    assert_eq!(
        find(&obs, "US-CA.individuals").outcome,
        Outcome::NotTriggered
    );
    assert_eq!(
        find(&obs, "EU.regulator").outcome,
        Outcome::RequiredIfRisk,
        "Art. 33 has no encryption exemption"
    );
    assert_eq!(
        find(&obs, "EU.individuals").outcome,
        Outcome::NotTriggered,
        "Art. 34(3)(a): unintelligible data"
    );
}

#[test]
fn risk_based_regimes_wait_on_the_question_then_follow_the_answer() {
    let mut f = facts(vec![
        group("CA", "ON", CONTACT, 3),
        group("unknown", "", CONTACT, 7),
    ]);
    let pipeda = |f: &Facts| one(f, "CA.regulator");
    let open = pipeda(&f);
    assert_eq!(open.outcome, Outcome::RequiredIfRisk);
    assert!(
        open.depends_on
            .iter()
            .any(|d| d.text.contains("significant_harm")
                && d.question == Some(Question::SignificantHarm)),
        "the question to answer, in words and by code: {:?}",
        open.depends_on
    );
    assert_eq!(
        open.residents, 3,
        "people of unknown country are not counted"
    );
    assert!(
        open.reasoning
            .iter()
            .any(|r| r.contains("7 people of unknown country")),
        "they are mentioned in the reasoning: {:?}",
        open.reasoning
    );
    f.answers.insert(Question::SignificantHarm, true);
    assert_eq!(pipeda(&f).outcome, Outcome::Required);
    f.answers.insert(Question::SignificantHarm, false);
    assert_eq!(pipeda(&f).outcome, Outcome::NotTriggered);
}

#[test]
fn only_jurisdictions_with_residents_get_obligations() {
    let obs = evaluate(shipped(), &facts(vec![group("JP", "", CONTACT, 5)]));
    assert!(
        obs.iter().all(|o| o.jurisdiction == "JP"),
        "{:?}",
        rules_of(&obs)
    );
    assert_eq!(
        obs.len(),
        3,
        "preliminary, final and individuals: {:?}",
        rules_of(&obs)
    );
    assert!(
        obs.iter()
            .filter(|o| o.recipient == Recipient::Regulator)
            .count()
            == 2
    );
}

/// The reference case: names, e-mails, phones and ticket numbers, no government ids, people
/// in US states, the EU, the UK and Japan.
#[test]
fn the_reference_case_triggers_no_us_statute_and_dates_gdpr_and_appi() {
    let f = with_dates(
        facts(vec![
            group("US", "CA", CONTACT, 21_400),
            group("US", "NY", &["name", "email", "support_ticket"], 9_800),
            group("US", "TX", CONTACT, 6_100),
            group("US", "FL", CONTACT, 4_000),
            group("DE", "", CONTACT, 2_300),
            group("FR", "", CONTACT, 1_100),
            group("GB", "", CONTACT, 7_900),
            group("JP", "", CONTACT, 1_204),
        ]),
        &[
            (Clock::FirstIndicator, "2019-08-05"),
            (Clock::Discovery, "2019-10-28"),
            (Clock::Determination, "2019-10-31"),
        ],
    );
    let obs = evaluate(shipped(), &f);
    for o in obs.iter().filter(|o| o.jurisdiction.starts_with("US-")) {
        assert_eq!(
            o.outcome,
            Outcome::NotTriggered,
            "{}: no US statute treats name, e-mail, phone and ticket number as a trigger: {:?}",
            o.rule,
            o.reasoning
        );
    }
    let eu = find(&obs, "EU.regulator");
    assert_eq!(eu.outcome, Outcome::RequiredIfRisk);
    assert_eq!(eu.people, 3_400, "Germany and France together");
    assert_eq!(
        eu.due_at.as_deref(),
        Some("2019-10-31T09:30:00Z"),
        "72 hours from awareness"
    );
    let gb = find(&obs, "GB.regulator");
    assert_eq!(gb.due.as_deref(), Some("2019-10-31"));

    let pre = find(&obs, "JP.regulator.preliminary");
    assert_eq!(
        pre.outcome,
        Outcome::Required,
        "more than 1,000 people in Japan: {:?}",
        pre.reasoning
    );
    assert_eq!(
        pre.due.as_deref(),
        Some("2019-11-02"),
        "5 days from discovery"
    );
    assert!(
        pre.reasoning.iter().any(|r| r.contains("1,204")),
        "counts read with separators: {:?}",
        pre.reasoning
    );
    assert!(
        !pre.unverified.is_empty(),
        "the 3–5 day reading is marked unverified"
    );
    let fin = find(&obs, "JP.regulator.final");
    assert_eq!(
        fin.due.as_deref(),
        Some("2019-11-27"),
        "30 days from discovery"
    );

    let mut wrongful = f.clone();
    wrongful.answers.insert(Question::WrongfulPurpose, true);
    let obs = evaluate(shipped(), &wrongful);
    assert_eq!(
        find(&obs, "JP.regulator.final").due.as_deref(),
        Some("2019-12-27"),
        "60 days from discovery for a wrongful purpose"
    );
}

fn arb_group() -> impl Strategy<Value = PeopleGroup> {
    let places = prop::sample::select(vec![
        ("US", "CA"),
        ("US", "NY"),
        ("US", "TX"),
        ("US", "FL"),
        ("US", "AZ"),
        ("US", "MA"),
        ("DE", ""),
        ("GB", ""),
        ("JP", ""),
        ("CA", "ON"),
        ("AU", ""),
        ("unknown", ""),
    ]);
    let elements = prop::sample::subsequence(
        vec![
            "name",
            "email",
            "phone",
            "government_id",
            "payment_card",
            "credentials",
            "health",
        ],
        0..=4,
    );
    (places, elements, 1u32..3000).prop_map(|((c, r), e, n)| group(c, r, &e, n))
}

fn arb_answers() -> impl Strategy<Value = Vec<(Question, bool)>> {
    prop::collection::vec(
        (prop::sample::select(Question::ALL.to_vec()), any::<bool>()),
        0..4,
    )
}

proptest! {
    #[test]
    fn adding_people_never_turns_required_into_not_triggered(
        groups in prop::collection::vec(arb_group(), 1..6),
        more in prop::collection::vec(arb_group(), 1..4),
        answers in arb_answers(),
    ) {
        let mut f = facts(groups);
        f.answers = answers.into_iter().collect();
        let before = evaluate(shipped(), &f);
        f.groups.extend(more);
        let after = evaluate(shipped(), &f);
        for o in before.iter().filter(|o| o.outcome == Outcome::Required) {
            let now = find(&after, &o.rule);
            prop_assert_ne!(now.outcome, Outcome::NotTriggered, "{} went from required to not triggered", o.rule);
        }
    }
}

/// A valid rule to break one field at a time.
const GOOD: &str = r#"
[[rule]]
id = "US-XX.regulator"
jurisdiction = "US-XX"
recipient = "regulator"
body = "Attorney General"
citation = "Test Code §1"
effective_from = "2020-01-01"
verified_on = "2026-12-03"
source_url = "https://example.org/"
trigger = "acquisition"
pi_sets = [["name", "government_id"]]
clock = "discovery"
deadline = { days = 30 }
threshold = ">500"
"#;

fn load(rule: &str) -> Result<RuleSet, String> {
    parse(&[
        ("rules/set.toml", "[set]\nversion = \"t\"\n"),
        ("rules/us-xx.toml", rule),
    ])
    .map_err(|e| e.to_string())
}

#[test]
fn the_well_formed_test_rule_loads() {
    let set = load(GOOD).expect("the base of the malformed cases is itself valid");
    assert_eq!(set.rules.len(), 1);
}

#[test]
fn a_malformed_or_contradictory_rule_is_refused_naming_file_rule_and_field() {
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "an operator other than > and >=",
            GOOD.replace("\">500\"", "\"=>500\""),
            "threshold",
        ),
        (
            "a threshold without an operator",
            GOOD.replace("\">500\"", "\"500\""),
            "threshold",
        ),
        (
            "an unknown element",
            GOOD.replace("\"government_id\"", "\"ssn\""),
            "pi_sets",
        ),
        (
            "effective_to before effective_from",
            GOOD.replace(
                "effective_from = \"2020-01-01\"",
                "effective_from = \"2020-01-01\"\neffective_to = \"2019-01-01\"",
            ),
            "effective_to",
        ),
        (
            "a days deadline without a clock",
            GOOD.replace("clock = \"discovery\"\n", ""),
            "clock",
        ),
        (
            "a harm threshold naming no question",
            GOOD.replace(
                "trigger = \"acquisition\"",
                "trigger = \"acquisition\"\nharm_threshold = \"risk\"",
            ),
            "harm_threshold",
        ),
        (
            "a credit-bureau rule without a threshold",
            GOOD.replace("regulator", "credit_bureaus")
                .replace("threshold = \">500\"\n", ""),
            "threshold",
        ),
        (
            "an unknown field",
            GOOD.replace("trigger =", "trigerr ="),
            "trigerr",
        ),
        (
            "a misspelt clock",
            GOOD.replace("\"discovery\"", "\"discovered\""),
            "clock",
        ),
        (
            "a bad date",
            GOOD.replace("2026-12-03", "2026-13-03"),
            "verified_on",
        ),
        (
            "an id that is not its jurisdiction's",
            GOOD.replace("id = \"US-XX.regulator\"", "id = \"US-YY.regulator\""),
            "id",
        ),
        (
            "content both required and prohibited",
            format!("{GOOD}content_required = [\"count\"]\ncontent_prohibited = [\"count\"]\n"),
            "content_prohibited",
        ),
        (
            "an unknown content key",
            format!("{GOOD}content_required = [\"cnt\"]\n"),
            "content_required",
        ),
        (
            "a delay that is not allowed yet needs writing",
            format!("{GOOD}le_delay = {{ allowed = false, written_required = true }}\n"),
            "le_delay",
        ),
        ("a duplicate id", format!("{GOOD}{GOOD}"), "id"),
    ];
    for (what, text, field) in cases {
        let err = load(&text).expect_err(what);
        assert!(
            err.contains("rules/us-xx.toml")
                && err.contains("US-")
                && err.contains(&format!("field {field}")),
            "{what}: the message should name the file, the rule and the field {field}; got: {err}"
        );
    }
}

#[test]
fn a_set_without_its_version_is_refused() {
    let err = parse(&[("rules/us-xx.toml", GOOD)])
        .unwrap_err()
        .to_string();
    assert!(err.contains("version"), "{err}");
}
