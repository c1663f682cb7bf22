//! Statements and notices against real case folders: figures are tokens resolved against a
//! snapshot (and rounded only as asked), the linter blocks a typed figure, a release set that
//! disagrees and content a jurisdiction forbids or requires, approval is refused while it
//! blocks and needs the approvers the kind requires, versions never change, and a new snapshot
//! names the statements that must be reissued.

mod common;

use casebook::affected::ImportRequest;
use casebook::dates::{KeyDateInput, KeyDateKind};
use casebook::progress::Silent;
use casebook::statement::lint::{self, ContentRule, Context, Draft, FindingSeverity, Sibling};
use casebook::statement::tokens::{render, Figures};
use casebook::statement::{
    ApprovalInput, EditInput, StatementInput, StatementKind, StatementState,
};
use casebook::team::{MemberInput, Role};
use casebook::{Case, ErrorKind};
use common::*;
use std::path::Path;

fn figures(people: u32) -> Figures {
    let mut f = Figures {
        snapshot_id: "TS-0001".into(),
        element_codes: vec!["phone".into(), "email".into()],
        ..Figures::default()
    };
    f.counts.insert("people".into(), people);
    f.counts.insert("state:CA".into(), 1_240);
    f.counts.insert("element:phone".into(), 9_000);
    f.dates
        .insert("date:discovery".into(), "18 October 2019".into());
    f
}

#[test]
fn tokens_resolve_against_the_snapshot_and_round_only_as_asked() {
    let r = render(
        "We notified {{people}} customers ({{people|approx:1000}}; {{people|round:10000}}).\n\
         California: {{ state:ca }}. Phones: {{element:phone}}. Texas: {{state:TX}}.\n\
         Found on {{date:discovery}}.",
        &figures(68_412),
    );
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    assert_eq!(
        r.text,
        "We notified 68,412 customers (approximately 68,000; 70,000).\n\
         California: 1,240. Phones: 9,000. Texas: 0.\n\
         Found on 18 October 2019."
    );
    let keys: Vec<&str> = r.figures.iter().map(|f| f.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "people",
            "people",
            "people",
            "state:CA",
            "element:phone",
            "state:TX",
            "date:discovery"
        ],
        "tokens are keyed canonically whatever their spelling"
    );
    assert_eq!(
        r.figures[1].number,
        Some(68_000),
        "the printed number is the rounded one"
    );
}

#[test]
fn a_small_count_approximated_says_fewer_than_and_round_to_zero_is_refused() {
    let r = render(
        "{{people|approx:1000}} / {{people|round:1000}}",
        &figures(12),
    );
    assert!(r.text.starts_with("fewer than 1,000 / "), "{}", r.text);
    assert_eq!(
        r.problems.len(),
        1,
        "rounding 12 to 0 would print a false 0"
    );
    assert!(r.problems[0].message.contains("rounds to 0"));
}

#[test]
fn a_token_that_does_not_resolve_stays_in_the_text_and_says_why() {
    let r = render(
        "{{peeple}} {{state:XX}} {{date:containment}} {{harm:reports}} {{people|approx}} {{people",
        &figures(10),
    );
    assert_eq!(r.problems.len(), 6, "{:#?}", r.problems);
    assert!(
        r.text.contains("{{peeple}}") && r.text.contains("{{state:XX}}"),
        "nothing is printed in place of a figure that does not resolve: {}",
        r.text
    );
    let all: Vec<&str> = r.problems.iter().map(|p| p.message.as_str()).collect();
    assert!(all[0].contains("not a figure"), "{all:?}");
    assert!(all[1].contains("not a US state code"), "{all:?}");
    assert!(
        all[2].contains("containment key date is not set"),
        "{all:?}"
    );
    assert!(all[3].contains("no harm report"), "{all:?}");
    assert!(all[4].contains("approx needs a whole number"), "{all:?}");
    assert!(all[5].contains("not closed"), "{all:?}");
}

fn lint_one(body: &str, cx: &Context) -> Vec<lint::Finding> {
    let rendered = render(body, &figures(68_412));
    lint::lint(
        &Draft {
            id: "ST-0001",
            body,
            rendered: &rendered,
            snapshot_id: "TS-0001",
        },
        cx,
    )
}

fn checks(findings: &[lint::Finding]) -> Vec<(&str, FindingSeverity)> {
    findings
        .iter()
        .map(|f| (f.check.as_str(), f.severity))
        .collect()
}

#[test]
fn a_typed_count_of_people_blocks_and_the_token_form_does_not() {
    for typed in [
        "About 68,000 customers were affected.",
        "approximately 70,000 of our customers",
        "1.2 million records were taken",
        "5% of users received calls",
    ] {
        let found = lint_one(typed, &Context::default());
        assert_eq!(
            checks(&found),
            [("typed_figure", FindingSeverity::Blocks)],
            "{typed:?} is a typed figure: {found:#?}"
        );
        assert!(found[0].line == Some(1) && found[0].fix.contains("{{people"));
    }
    for fine in [
        "About {{people|approx:1000}} customers were affected.",
        "In 2019 customers called us.",
        "Call 1-800-555-0100 between 9 and 5.",
        "Ticket 48213 was quoted.",
    ] {
        assert!(
            lint_one(fine, &Context::default()).is_empty(),
            "{fine:?} is not a typed figure"
        );
    }
}

#[test]
fn a_ratio_without_its_count_warns_and_with_the_count_does_not() {
    let found = lint_one(
        "Less than 1% of 12 million were affected.",
        &Context::default(),
    );
    assert_eq!(checks(&found), [("ratio", FindingSeverity::Warns)]);
    assert!(lint_one(
        "{{people}} people were affected, less than 1% of the total.",
        &Context::default()
    )
    .is_empty());
}

#[test]
fn release_set_members_that_print_a_figure_differently_block() {
    let other = render("approximately {{people|approx:10000}}", &figures(68_412));
    let cx = Context {
        siblings: vec![Sibling {
            id: "ST-0002",
            snapshot_id: "TS-0001",
            figures: &other.figures,
        }],
        ..Context::default()
    };
    let found = lint_one("{{people|approx:1000}} customers", &cx);
    assert_eq!(
        checks(&found),
        [("release_set_value", FindingSeverity::Blocks)]
    );
    assert!(
        found[0].message.contains("approximately 68,000")
            && found[0].message.contains("approximately 70,000")
            && found[0].message.contains("ST-0002"),
        "the finding names both values and the other statement: {}",
        found[0].message
    );
    assert!(lint_one("{{people|approx:10000}} customers", &cx).is_empty());
    let cx = Context {
        siblings: vec![Sibling {
            id: "ST-0002",
            snapshot_id: "TS-0002",
            figures: &[],
        }],
        ..Context::default()
    };
    assert_eq!(
        checks(&lint_one("{{people}} customers", &cx)),
        [("release_set_snapshot", FindingSeverity::Blocks)]
    );
}

fn rule(jurisdiction: &str, required: &[&str], prohibited: &[&str]) -> ContentRule {
    ContentRule {
        rule: format!("{jurisdiction}.individuals"),
        jurisdiction: jurisdiction.into(),
        citation: "the statute".into(),
        required: required.iter().map(|s| s.to_string()).collect(),
        prohibited: prohibited.iter().map(|s| s.to_string()).collect(),
    }
}

#[test]
fn content_a_jurisdiction_forbids_or_requires_blocks_until_corrected() {
    let ma = Context {
        content_rules: vec![rule(
            "US-MA",
            &["police_report_right"],
            &["nature_of_breach", "count"],
        )],
        ..Context::default()
    };
    let found = lint_one(
        "# What Happened\n{{state:CA}} residents' data was taken.\n",
        &ma,
    );
    assert_eq!(
        checks(&found),
        [
            ("missing_content", FindingSeverity::Blocks),
            ("prohibited_content", FindingSeverity::Blocks),
            ("prohibited_content", FindingSeverity::Blocks)
        ],
        "{found:#?}"
    );
    assert!(found
        .iter()
        .any(|f| f.message.contains("the number of people affected")));
    assert!(found
        .iter()
        .any(|f| f.message.contains("nature of the breach")));
    assert!(lint_one(
        "You may obtain a police report. <!-- covers: police_report_right -->\n",
        &ma
    )
    .is_empty());

    let ca = Context {
        content_rules: vec![rule(
            "US-CA",
            &[
                "title",
                "headings",
                "pi_types",
                "date_range",
                "le_delay_statement",
            ],
            &[],
        )],
        ..Context::default()
    };
    let missing: Vec<String> = lint_one("# Notice\nSomething happened.", &ca)
        .into_iter()
        .map(|f| f.message)
        .collect();
    assert_eq!(missing.len(), 5, "{missing:#?}");
    assert!(missing
        .iter()
        .any(|m| m.contains("whether notice was delayed by law enforcement")));
    let mut figures = figures(10);
    figures
        .phrases
        .insert("elements".into(), "names and phone numbers".into());
    figures
        .phrases
        .insert("date_range".into(), "between 3 and 28 October 2019".into());
    figures
        .phrases
        .insert("le_delay".into(), "This notice was not delayed.".into());
    let body = "# Notice of Data Breach\n## What Happened\nIt happened {{date_range}}.\n\
                ## What Information Was Involved\n{{elements}}\n## What We Are Doing\nx\n\
                ## What You Can Do\nx\n## For More Information\nx\n{{le_delay}}\n";
    let rendered = render(body, &figures);
    let found = lint::lint(
        &Draft {
            id: "ST-0001",
            body,
            rendered: &rendered,
            snapshot_id: "TS-0001",
        },
        &ca,
    );
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn an_old_snapshot_and_the_subjects_name_only_warn() {
    let cx = Context {
        latest_snapshot: Some("TS-0002"),
        subject_name: Some("Dana Whitlock"),
        ..Context::default()
    };
    let found = lint_one("A former employee, Whitlock, took {{people}} records.", &cx);
    assert_eq!(
        checks(&found),
        [
            ("stale_snapshot", FindingSeverity::Warns),
            ("subject_named", FindingSeverity::Warns)
        ]
    );
}

// --- through a real case ---

fn import(case: &mut Case, dir: &Path, name: &str, rows: &str) {
    let file = dir.join(name);
    std::fs::write(&file, format!("name,email,country,state\n{rows}")).unwrap();
    case.import_affected(
        ImportRequest {
            path: file.to_string_lossy().into_owned(),
            ..Default::default()
        },
        &Silent,
    )
    .unwrap();
}

/// A case with two batches and a snapshot after each (TS-0001: 3 people, TS-0002: 5), counsel
/// and a communications lead on the team.
fn case_with_people(dir: &Path) -> Case {
    let mut case = new_case(dir, "statements");
    import(
        &mut case,
        dir,
        "one.csv",
        "A One,a@x.example,US,CA\nB Two,b@x.example,US,MA\nC Three,c@x.example,US,CA\n",
    );
    case.take_snapshot("first").unwrap();
    import(
        &mut case,
        dir,
        "two.csv",
        "D Four,d@x.example,US,CA\nE Five,e@x.example,GB,\n",
    );
    case.take_snapshot("second").unwrap();
    for (name, role) in [
        ("Rita Counsel", Role::Counsel),
        ("Sam Comms", Role::Communications),
    ] {
        case.add_member(MemberInput {
            name: name.into(),
            email: String::new(),
            role,
            organisation: String::new(),
        })
        .unwrap();
    }
    case
}

fn statement(case: &mut Case, kind: StatementKind, body: &str, set: &str, snap: &str) -> String {
    case.new_statement(StatementInput {
        kind,
        title: format!("{} draft", kind.label()),
        body: body.into(),
        release_set: set.into(),
        snapshot: Some(snap.into()),
        ..Default::default()
    })
    .unwrap()
    .id
}

fn counsel() -> ApprovalInput {
    ApprovalInput {
        by: "Rita Counsel".into(),
        role: Role::Counsel,
        manner: None,
        evidence: None,
        comment: String::new(),
    }
}

#[test]
fn approval_is_refused_while_the_release_set_disagrees_and_given_once_it_agrees() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = case_with_people(dir.path());
    let faq = statement(
        &mut case,
        StatementKind::Faq,
        "{{people}} customers.",
        "launch",
        "TS-0002",
    );
    let script = statement(
        &mut case,
        StatementKind::CallScript,
        "Say: {{people}} customers. Never: approximately 70,000 customers.",
        "launch",
        "TS-0001",
    );
    let err = case.approve_statement(&script, counsel()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Invalid);
    assert!(
        err.to_string().contains("the linter blocks approval"),
        "{err}"
    );
    let lint = case.lint_statement(&script).unwrap();
    let found: Vec<&str> = lint.findings.iter().map(|f| f.check.as_str()).collect();
    for check in ["typed_figure", "release_set_snapshot", "release_set_value"] {
        assert!(found.contains(&check), "{check} in {found:?}");
    }
    assert!(
        lint.findings
            .iter()
            .any(|f| f.message.contains("\"3\"") && f.message.contains("\"5\"")),
        "TS-0001 says 3 people, TS-0002 says 5: {:#?}",
        lint.findings
    );

    case.edit_statement(
        &script,
        EditInput {
            body: "Say: {{people}} customers.".into(),
            snapshot: Some("TS-0002".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert!(!case.lint_statement(&script).unwrap().blocks);
    let detail = case.approve_statement(&script, counsel()).unwrap();
    assert_eq!(
        detail.statement.state,
        StatementState::Approved,
        "a call script needs counsel only"
    );
    assert_eq!(detail.statement.version, 2);
    assert_eq!(
        detail.approvals[0].sha256, detail.versions[1].sha256,
        "the approval names the hash of the text approved"
    );
    assert_eq!(
        case.statement(&faq).unwrap().state,
        StatementState::Draft,
        "approving one statement of a set moves no other"
    );
}

#[test]
fn a_press_release_needs_counsel_and_the_communications_lead_in_their_own_roles() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = case_with_people(dir.path());
    let pr = statement(
        &mut case,
        StatementKind::PressRelease,
        "{{people}} customers were affected.",
        "",
        "TS-0002",
    );
    let wrong = case
        .approve_statement(
            &pr,
            ApprovalInput {
                role: Role::Communications,
                ..counsel()
            },
        )
        .unwrap_err();
    assert!(
        wrong.to_string().contains("on the team as Counsel"),
        "{wrong}"
    );
    let after_counsel = case.approve_statement(&pr, counsel()).unwrap();
    assert_eq!(after_counsel.statement.state, StatementState::InReview);
    assert_eq!(after_counsel.awaiting, [Role::Communications]);
    let again = case.approve_statement(&pr, counsel()).unwrap_err();
    assert!(
        again.to_string().contains("already has the approval"),
        "{again}"
    );
    let done = case
        .approve_statement(
            &pr,
            ApprovalInput {
                by: "sam comms".into(),
                role: Role::Communications,
                ..counsel()
            },
        )
        .unwrap();
    assert_eq!(done.statement.state, StatementState::Approved);
    assert!(done.awaiting.is_empty());
}

#[test]
fn versions_are_immutable_and_an_edit_sends_an_approved_statement_back_to_draft() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = case_with_people(dir.path());
    let st = statement(
        &mut case,
        StatementKind::Faq,
        "{{people}} people.",
        "",
        "TS-0002",
    );
    case.approve_statement(&st, counsel()).unwrap();
    let edited = case
        .edit_statement(
            &st,
            EditInput {
                body: "{{people}} people were affected.".into(),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(
        (edited.version, edited.state),
        (2, StatementState::Draft),
        "what was approved is not what is there now"
    );
    let detail = case.statement_detail(&st).unwrap();
    assert_eq!(detail.versions[0].rendered, "5 people.");
    assert_eq!(detail.versions[1].rendered, "5 people were affected.");
    let diff = case.statement_diff(&st, 1, 2).unwrap();
    assert_eq!(diff.len(), 2, "one line removed, one added: {diff:?}");

    let path = case.root().to_path_buf();
    drop(case);
    let conn = raw_connection(&path);
    let err = conn
        .execute(
            "UPDATE statement_versions SET body = 'typed 68,000' WHERE version = 1",
            [],
        )
        .unwrap_err();
    assert!(err.to_string().contains("immutable"), "{err}");
    assert!(conn.execute("DELETE FROM statement_versions", []).is_err());
}

#[test]
fn publishing_a_new_version_supersedes_the_one_published_before() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = case_with_people(dir.path());
    let st = statement(
        &mut case,
        StatementKind::Faq,
        "{{people}} people.",
        "",
        "TS-0002",
    );
    case.approve_statement(&st, counsel()).unwrap();
    case.move_statement(&st, StatementState::Published, "posted")
        .unwrap();
    let refused = case
        .move_statement(&st, StatementState::Draft, "")
        .unwrap_err();
    assert!(
        refused.to_string().contains("cannot become draft"),
        "{refused}"
    );
    case.edit_statement(
        &st,
        EditInput {
            body: "{{people}} people, all told.".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let v2 = case.statement(&st).unwrap();
    assert_eq!(
        (v2.state, v2.published_version),
        (StatementState::Draft, Some(1)),
        "version 1 stays published while version 2 is drafted"
    );
    case.approve_statement(&st, counsel()).unwrap();
    let published = case
        .move_statement(&st, StatementState::Published, "reissued")
        .unwrap();
    assert_eq!(published.published_version, Some(2));
    let detail = case.statement_detail(&st).unwrap();
    assert_eq!(
        detail.versions[0].state,
        StatementState::Superseded,
        "published versions are superseded, never edited"
    );
}

#[test]
fn a_new_snapshot_lists_the_approved_statements_whose_figures_it_changes() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = case_with_people(dir.path());
    let ca = statement(
        &mut case,
        StatementKind::Faq,
        "{{state:CA}} Californians.",
        "",
        "TS-0002",
    );
    let gb = statement(
        &mut case,
        StatementKind::Faq,
        "{{country:GB}} Britons.",
        "",
        "TS-0002",
    );
    let draft = statement(
        &mut case,
        StatementKind::Faq,
        "{{people}} people.",
        "",
        "TS-0002",
    );
    case.approve_statement(&ca, counsel()).unwrap();
    case.approve_statement(&gb, counsel()).unwrap();
    assert!(case.statements_to_reissue(None).unwrap().is_empty());
    import(
        &mut case,
        dir.path(),
        "three.csv",
        "F Six,f@x.example,US,CA\n",
    );
    case.take_snapshot("third").unwrap();
    let reissue = case.statements_to_reissue(None).unwrap();
    assert_eq!(
        reissue.len(),
        1,
        "only the Californian count changed: {reissue:#?}"
    );
    assert_eq!(reissue[0].statement_id, ca);
    assert_eq!(reissue[0].changes, ["state:CA: 3 → 4"]);
    assert!(
        !reissue.iter().any(|r| r.statement_id == draft),
        "a draft is not reissued, it is simply not approved yet"
    );
}

#[test]
fn a_customer_notice_answers_to_its_jurisdictions_rules_and_key_dates_fill_its_range() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = case_with_people(dir.path());
    let ma = case
        .new_statement(StatementInput {
            kind: StatementKind::CustomerNotice,
            title: "Notice to Massachusetts residents".into(),
            body: "{{state:MA}} residents were affected.".into(),
            jurisdictions: vec!["us-ma".into()],
            ..Default::default()
        })
        .unwrap();
    assert_eq!(ma.jurisdictions, ["US-MA"]);
    assert_eq!(ma.snapshot_id, "TS-0002", "the newest snapshot by default");
    let lint = case.lint_statement(&ma.id).unwrap();
    assert!(
        lint.findings
            .iter()
            .any(|f| f.check == "prohibited_content" && f.message.contains("US-MA")),
        "Massachusetts forbids the count: {:#?}",
        lint.findings
    );
    for (kind, when) in [
        (KeyDateKind::FirstUnauthorizedAccess, "2019-08-03"),
        (KeyDateKind::LastUnauthorizedAccess, "2019-10-28"),
    ] {
        case.set_key_date(KeyDateInput {
            kind,
            when: when.into(),
            tz: "UTC".into(),
            precision: None,
            basis: None,
        })
        .unwrap();
    }
    let ca = case
        .new_statement(StatementInput {
            kind: StatementKind::CustomerNotice,
            title: "Notice of Data Breach".into(),
            body: "It happened {{date_range}}. {{le_delay}}".into(),
            jurisdictions: vec!["US-CA".into()],
            ..Default::default()
        })
        .unwrap();
    let text = case.rendered_statement(&ca.id, None).unwrap().markdown;
    assert_eq!(
        text,
        "It happened between 3 August 2019 and 28 October 2019. This notice was not delayed by \
         a law-enforcement investigation."
    );
    let bad = case
        .new_statement(StatementInput {
            kind: StatementKind::CustomerNotice,
            title: "x".into(),
            jurisdictions: vec!["US-XX".into()],
            ..Default::default()
        })
        .unwrap_err();
    assert!(bad.to_string().contains("not a jurisdiction code"), "{bad}");
}

// --- exports and the command line ---

fn pdftotext(pdf: &Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .args([pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler) must be installed; scripts/setup installs it");
    assert!(out.status.success(), "pdftotext reads the statement");
    String::from_utf8(out.stdout).unwrap()
}

fn docx_text(docx: &Path) -> String {
    let out = std::process::Command::new("unzip")
        .args(["-p", docx.to_str().unwrap(), "word/document.xml"])
        .output()
        .expect("unzip must be installed; scripts/setup installs it");
    assert!(
        out.status.success(),
        "the DOCX is a zip with word/document.xml"
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn every_export_carries_the_resolved_figures_and_is_the_same_file_each_time() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = case_with_people(dir.path());
    let st = statement(
        &mut case,
        StatementKind::CustomerNotice,
        "# What Happened\n\nData of **{{people}}** customers, {{state:CA}} in California, was \
         taken. <!-- covers: measures -->\n\n- Hang up and call us back.\n",
        "",
        "TS-0002",
    );
    for ext in ["pdf", "docx", "md", "txt"] {
        let a = dir.path().join(format!("a.{ext}"));
        let b = dir.path().join(format!("b.{ext}"));
        let first = case.export_statement(&st, None, &a).unwrap();
        let second = case.export_statement(&st, None, &b).unwrap();
        assert_eq!(
            std::fs::read(&a).unwrap(),
            std::fs::read(&b).unwrap(),
            "exporting one version twice as {ext} gives the same bytes"
        );
        assert_eq!(first.sha256, second.sha256);
        let text = match ext {
            "pdf" => pdftotext(&a),
            "docx" => docx_text(&a),
            _ => std::fs::read_to_string(&a).unwrap(),
        };
        assert!(
            text.contains("5") && text.contains("customers") && text.contains("3 in California"),
            "{ext}: the figures are resolved: {text}"
        );
        assert!(
            !text.contains("{{") && !text.contains("covers:"),
            "{ext}: no token or linter marker is published: {text}"
        );
    }
    let txt = std::fs::read_to_string(dir.path().join("a.txt")).unwrap();
    assert!(
        txt.contains("What Happened\n") && !txt.contains('#') && !txt.contains("**"),
        "plain text drops Markdown marks: {txt}"
    );
    let err = case
        .export_statement(&st, None, &dir.path().join("a.rtf"))
        .unwrap_err();
    assert!(
        err.to_string().contains(".pdf, .docx, .md or .txt"),
        "{err}"
    );
}

#[test]
fn the_cli_fixed_forms_draft_lint_approve_render_and_list() {
    use common::cli::{casebook, json, ok};
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    let case = home.join("c");
    ok(casebook(
        home,
        &[
            "case",
            "new",
            case.to_str().unwrap(),
            "--title",
            "Statements",
        ],
    ));
    let case = format!("{}.casebook", case.display());
    let people = home.join("people.csv");
    std::fs::write(
        &people,
        "name,email,country,state\nA,a@x.example,US,MA\nB,b@x.example,US,CA\n",
    )
    .unwrap();
    ok(casebook(
        home,
        &["affected", "import", &case, people.to_str().unwrap()],
    ));
    ok(casebook(home, &["affected", "snapshot", &case]));
    ok(casebook(
        home,
        &[
            "team",
            "add",
            &case,
            "--name",
            "Rita Counsel",
            "--role",
            "counsel",
        ],
    ));
    let body = home.join("ma.md");
    std::fs::write(
        &body,
        "{{state:MA}} Massachusetts residents were affected.\n",
    )
    .unwrap();
    let st = ok(casebook(
        home,
        &[
            "statement",
            "new",
            &case,
            "--kind",
            "customer_notice",
            "--title",
            "Notice",
            "--body-file",
            body.to_str().unwrap(),
            "--jurisdiction",
            "US-MA",
            "--release-set",
            "launch",
        ],
    ))
    .trim()
    .to_string();
    assert_eq!(st, "ST-0001", "new prints the id alone");

    let lint = casebook(home, &["statement", "lint", &case, &st, "--json"]);
    assert_eq!(
        lint.status.code(),
        Some(1),
        "lint exits 1 when something blocks"
    );
    let report: serde_json::Value = serde_json::from_slice(&lint.stdout).unwrap();
    assert!(report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["check"] == "prohibited_content"));
    let refused = casebook(
        home,
        &[
            "statement",
            "approve",
            &case,
            &st,
            "--by",
            "Rita Counsel",
            "--role",
            "counsel",
        ],
    );
    assert!(
        !refused.status.success(),
        "approval is refused while the linter blocks"
    );
    assert!(String::from_utf8_lossy(&refused.stderr).contains("linter blocks"));

    std::fs::write(
        &body,
        "You may obtain a police report and place a security freeze free of charge.\n\
         <!-- covers: police_report_right, fraud_alert_freeze -->\n",
    )
    .unwrap();
    ok(casebook(
        home,
        &[
            "statement",
            "edit",
            &case,
            &st,
            "--body-file",
            body.to_str().unwrap(),
        ],
    ));
    ok(casebook(home, &["statement", "lint", &case, &st]));
    let approved = ok(casebook(
        home,
        &[
            "statement",
            "approve",
            &case,
            &st,
            "--by",
            "Rita Counsel",
            "--role",
            "counsel",
        ],
    ));
    assert!(approved.contains("approved"), "{approved}");
    let out = home.join("notice.pdf");
    let rendered = ok(casebook(
        home,
        &[
            "statement",
            "render",
            &case,
            &st,
            "--out",
            out.to_str().unwrap(),
        ],
    ));
    assert!(pdftotext(&out).contains("police report"), "{rendered}");

    let list = json(casebook(home, &["statement", "list", &case, "--json"]));
    let first = &list[0];
    for key in ["id", "kind", "state", "snapshot", "stale", "sha256"] {
        assert!(!first[key].is_null(), "list --json carries {key}: {first}");
    }
    assert_eq!(first["state"], "approved");
    assert_eq!(first["snapshot"], "TS-0001");
    assert_eq!(first["stale"], false);

    // A statement with a count, approved; a new batch and snapshot change that count.
    std::fs::write(&body, "{{people}} customers were affected.\n").unwrap();
    let faq = ok(casebook(
        home,
        &[
            "statement",
            "new",
            &case,
            "--kind",
            "faq",
            "--title",
            "FAQ",
            "--body-file",
            body.to_str().unwrap(),
        ],
    ))
    .trim()
    .to_string();
    ok(casebook(
        home,
        &[
            "statement",
            "approve",
            &case,
            &faq,
            "--by",
            "Rita Counsel",
            "--role",
            "counsel",
        ],
    ));
    std::fs::write(&people, "name,email,country,state\nC,c@x.example,US,NY\n").unwrap();
    ok(casebook(
        home,
        &["affected", "import", &case, people.to_str().unwrap()],
    ));
    let snap = casebook(home, &["affected", "snapshot", &case]);
    let told = String::from_utf8_lossy(&snap.stderr);
    assert!(
        told.contains(&format!("must be reissued: {faq} version 1")) && told.contains("2 → 3"),
        "taking a snapshot names the approved statements it changes: {told}"
    );
    assert!(
        !told.contains(&st),
        "the notice without a count is not: {told}"
    );
    let list = json(casebook(home, &["statement", "list", &case, "--json"]));
    assert_eq!(list[1]["stale"], true, "{}", list[1]);
}

#[test]
fn the_packet_lists_every_approved_and_published_version_with_its_hash_and_approvers() {
    use casebook::packet::{PacketOptions, Section};
    let dir = tempfile::tempdir().unwrap();
    let mut case = case_with_people(dir.path());
    let st = statement(
        &mut case,
        StatementKind::Faq,
        "{{people}} people.",
        "launch",
        "TS-0002",
    );
    case.approve_statement(&st, counsel()).unwrap();
    case.move_statement(&st, StatementState::Published, "posted")
        .unwrap();
    case.edit_statement(
        &st,
        EditInput {
            body: "{{people}} people, all told.".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let draft = statement(
        &mut case,
        StatementKind::CallScript,
        "{{people}}.",
        "",
        "TS-0002",
    );
    let out = dir.path().join("packet.pdf");
    case.generate_packet(
        &PacketOptions {
            sections: vec![Section::Statements],
            ..PacketOptions::default()
        },
        &out,
        common::signing_key(),
        &Silent,
    )
    .unwrap();
    let text: String = pdftotext(&out).split_whitespace().collect();
    let published = &case.statement_detail(&st).unwrap().versions[0];
    assert!(text.contains("Statementsandnotices"));
    assert!(
        text.contains(&published.sha256),
        "the published version's hash is in the packet"
    );
    assert!(text.contains("RitaCounsel"), "with its approver");
    assert!(
        !text.contains(&format!("{draft}v1")) && !text.contains(&format!("{st}v2")),
        "drafts are not statements the company made: {text}"
    );
}

#[test]
fn the_demo_case_has_a_release_set_approved_against_one_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let case = casebook::demo::build(dir.path(), PASSPHRASE, actor(), clock())
        .expect("the demo case builds");
    let listed = case.statement_listing().unwrap();
    let kinds: Vec<StatementKind> = listed.iter().map(|l| l.statement.kind).collect();
    assert_eq!(
        kinds,
        [
            StatementKind::PressRelease,
            StatementKind::Faq,
            StatementKind::CustomerNotice,
            StatementKind::CustomerNotice,
            StatementKind::CallScript
        ]
    );
    let set = &listed[0].statement.release_set;
    let snapshot = &listed[0].statement.snapshot_id;
    for l in &listed {
        let s = &l.statement;
        assert_eq!(&s.release_set, set, "{} is in the release set", s.id);
        assert_eq!(
            &s.snapshot_id, snapshot,
            "{} cites the set's snapshot",
            s.id
        );
        assert!(
            matches!(
                s.state,
                StatementState::Approved | StatementState::Published
            ),
            "{} is approved: {:?}",
            s.id,
            s.state
        );
        let lint = case.lint_statement(&s.id).unwrap();
        assert!(!lint.blocks, "{}: {:#?}", s.id, lint.findings);
    }
    assert_eq!(
        listed[2].statement.jurisdictions,
        ["US-CA"],
        "a California notice"
    );
    let ca = case
        .rendered_statement(&listed[2].statement.id, None)
        .unwrap();
    assert!(
        ca.markdown
            .contains("delayed at the request of law enforcement"),
        "the demo's delay covers California and its notice says so: {}",
        ca.markdown
    );
}

#[test]
fn a_body_that_opens_with_its_own_title_is_not_printed_under_the_statements_name() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = case_with_people(dir.path());
    let st = case
        .new_statement(StatementInput {
            kind: StatementKind::CustomerNotice,
            title: "CA notice, counsel's second draft".into(),
            body: "# Notice of Data Breach\n\n{{people}} people.\n".into(),
            ..Default::default()
        })
        .unwrap()
        .id;
    let titled = dir.path().join("titled.txt");
    case.export_statement(&st, None, &titled).unwrap();
    assert_eq!(
        std::fs::read_to_string(&titled).unwrap(),
        "Notice of Data Breach\n\n5 people.\n",
        "the working name stays in Casebook; the notice opens with its own title"
    );
    let plain = statement(
        &mut case,
        StatementKind::Faq,
        "{{people}} people.",
        "",
        "TS-0002",
    );
    let untitled = dir.path().join("untitled.md");
    case.export_statement(&plain, None, &untitled).unwrap();
    assert_eq!(
        std::fs::read_to_string(&untitled).unwrap(),
        "# FAQ draft\n\n5 people.\n"
    );
}

/// Runs `f` on its own thread and fails the test if it takes longer than `secs`: what a hang
/// on hostile input looks like.
fn within<T: Send + 'static>(secs: u64, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(std::time::Duration::from_secs(secs))
        .expect("finishes in time (or panicked on the way)")
}

#[test]
fn a_huge_hostile_body_renders_and_lints_in_bounded_time() {
    let body: String = (0..40_000)
        .map(|i| match i % 7 {
            0 => "{{people|approx:0}} ",
            1 => "{{ {{ }} }} ",
            2 => "<!-- covers: count ",
            3 => "68,000 customers 1% of ",
            4 => "{{state:ZZ|round:99999999999}} ",
            5 => "# What Happened\n",
            _ => "é漢字 {{elements}} \u{202e}\n",
        })
        .collect();
    let report = within(60, move || {
        let rendered = render(&body, &figures(68_412));
        let cx = Context {
            content_rules: vec![rule("US-MA", &["police_report_right"], &["count"])],
            subject_name: Some("Dana Whitlock"),
            latest_snapshot: Some("TS-0002"),
            ..Context::default()
        };
        lint::lint(
            &Draft {
                id: "ST-0001",
                body: &body,
                rendered: &rendered,
                snapshot_id: "TS-0001",
            },
            &cx,
        )
        .len()
    });
    assert!(report > 0, "a body like that has findings");
}

proptest::proptest! {
    #[test]
    fn any_text_renders_and_lints_without_panicking(
        body in "(\\{\\{|\\}\\}|\\||:|approx|round|people|state|<!--|-->|covers|#|\\n| |[0-9,.%]{1,6}|customers|[a-zé漢]{1,4}){0,60}"
    ) {
        let rendered = render(&body, &figures(68_412));
        let found = lint::lint(
            &Draft { id: "ST-0001", body: &body, rendered: &rendered, snapshot_id: "TS-0001" },
            &Context {
                content_rules: vec![rule("US-CA", &["headings", "title", "count"], &["nature_of_breach"])],
                ..Context::default()
            },
        );
        for f in &found {
            if let Some(line) = f.line {
                proptest::prop_assert!(line >= 1, "lines are 1-based: {f:?}");
            }
        }
        let _ = casebook::statement::blocks(&body);
        let _ = casebook::statement::plain_text(&body);
    }
}

// --- the content library ---

#[test]
fn the_shipped_library_reads_and_names_only_content_keys_the_rules_know() {
    casebook::statement::library::check_shipped().expect("statements/library.toml is sound");
}

#[test]
fn a_customer_notice_drafted_from_the_library_is_what_each_jurisdiction_asks_for() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = case_with_people(dir.path());
    for (kind, when) in [
        (KeyDateKind::FirstUnauthorizedAccess, "2019-08-03"),
        (KeyDateKind::LastUnauthorizedAccess, "2019-10-28"),
    ] {
        case.set_key_date(KeyDateInput {
            kind,
            when: when.into(),
            tz: "UTC".into(),
            precision: None,
            basis: None,
        })
        .unwrap();
    }
    let ca = case
        .statement_draft(StatementKind::CustomerNotice, &["US-CA".into()])
        .unwrap();
    assert!(ca.starts_with("# Notice of Data Breach\n"), "{ca}");
    for heading in [
        "## What Happened",
        "## What Information Was Involved",
        "## What We Are Doing",
        "## What You Can Do",
        "## For More Information",
    ] {
        assert!(ca.contains(heading), "California's heading {heading}: {ca}");
    }
    assert_eq!(
        ca.matches("{{le_delay}}").count(),
        1,
        "the delay sentence once, however many keys ask for it: {ca}"
    );
    let ma = case
        .statement_draft(StatementKind::CustomerNotice, &["US-MA".into()])
        .unwrap();
    assert!(
        !ma.contains("What Happened") && !ma.contains("{{people"),
        "Massachusetts forbids the count and the nature of the breach: {ma}"
    );
    assert!(
        ma.contains("police report") && ma.contains("security freeze"),
        "{ma}"
    );

    // Each draft, saved as it is, passes the linter for its jurisdiction.
    for (j, body) in [("US-CA", ca), ("US-MA", ma)] {
        let st = case
            .new_statement(StatementInput {
                kind: StatementKind::CustomerNotice,
                title: format!("Notice {j}"),
                body,
                jurisdictions: vec![j.into()],
                ..Default::default()
            })
            .unwrap();
        let lint = case.lint_statement(&st.id).unwrap();
        assert!(!lint.blocks, "{j}: {:#?}", lint.findings);
    }
}

#[test]
fn library_blocks_say_which_jurisdictions_require_or_forbid_them() {
    let dir = tempfile::tempdir().unwrap();
    let case = case_with_people(dir.path());
    let blocks = case.statement_library().unwrap();
    let block = |key: &str| blocks.iter().find(|b| b.key == key).unwrap();
    assert!(block("police_report")
        .required_by
        .contains(&"US-MA".to_string()));
    assert!(block("count").forbidden_by.contains(&"US-MA".to_string()));
    assert!(block("count").forbidden_by.contains(&"US-IL".to_string()));
    assert!(block("what_we_are_doing")
        .required_by
        .contains(&"US-CA".to_string()));
}

#[test]
fn the_cli_starts_a_notice_from_the_library_and_lists_the_blocks() {
    use common::cli::{casebook, json, ok};
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path();
    let case = home.join("c");
    ok(casebook(
        home,
        &["case", "new", case.to_str().unwrap(), "--title", "Library"],
    ));
    let case = format!("{}.casebook", case.display());
    let people = home.join("people.csv");
    std::fs::write(&people, "name,email,country,state\nA,a@x.example,US,MA\n").unwrap();
    ok(casebook(
        home,
        &["affected", "import", &case, people.to_str().unwrap()],
    ));
    ok(casebook(home, &["affected", "snapshot", &case]));
    let draft = ok(casebook(
        home,
        &[
            "statement",
            "library",
            &case,
            "--kind",
            "customer_notice",
            "--jurisdiction",
            "US-MA",
        ],
    ));
    assert!(draft.contains("police report"), "{draft}");
    let st = ok(casebook(
        home,
        &[
            "statement",
            "new",
            &case,
            "--kind",
            "customer_notice",
            "--title",
            "MA notice",
            "--from-library",
            "--jurisdiction",
            "US-MA",
        ],
    ));
    ok(casebook(home, &["statement", "lint", &case, st.trim()]));
    let blocks = json(casebook(home, &["statement", "library", &case, "--json"]));
    assert!(blocks
        .as_array()
        .unwrap()
        .iter()
        .any(|b| b["key"] == "police_report" && b["required_by"][0] == "US-MA"));
}

#[test]
fn an_approved_notice_merges_into_one_letter_per_person_of_its_jurisdiction() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "merge");
    let file = dir.path().join("people.csv");
    std::fs::write(
        &file,
        "name,email,street,city,state,postal_code,country\n\
         Ana Lima,ana@x.example,1 Elm St,Boston,MA,02101,US\n\
         Ben Okafor,ben@x.example,2 Oak Ave,Worcester,MA,01601,US\n\
         Cal Reyes,cal@x.example,3 Pine Rd,Fresno,CA,93650,US\n",
    )
    .unwrap();
    case.import_affected(
        ImportRequest {
            path: file.to_string_lossy().into_owned(),
            ..Default::default()
        },
        &Silent,
    )
    .unwrap();
    case.take_snapshot("for the notices").unwrap();
    case.add_member(MemberInput {
        name: "Rita Counsel".into(),
        email: String::new(),
        role: Role::Counsel,
        organisation: String::new(),
    })
    .unwrap();
    let body = case
        .statement_draft(StatementKind::CustomerNotice, &["US-MA".into()])
        .unwrap();
    let st = case
        .new_statement(StatementInput {
            kind: StatementKind::CustomerNotice,
            title: "Notice to Massachusetts residents".into(),
            body,
            jurisdictions: vec!["US-MA".into()],
            ..Default::default()
        })
        .unwrap()
        .id;
    let out = dir.path().join("letters.pdf");
    let refused = case.merge_statement(&st, &out).unwrap_err();
    assert!(
        refused.to_string().contains("approved"),
        "a draft is never sent to people: {refused}"
    );
    assert!(!out.exists());

    case.approve_statement(&st, counsel()).unwrap();
    let merged = case.merge_statement(&st, &out).unwrap();
    assert_eq!(merged.letters, 2, "the two Massachusetts residents");
    let text = pdftotext(&out);
    assert!(
        text.contains("Ana Lima") && text.contains("1 Elm St") && text.contains("Ben Okafor"),
        "each letter is addressed: {text}"
    );
    assert!(
        !text.contains("Cal Reyes"),
        "only people of the notice's jurisdiction"
    );
    assert!(text.contains("police report"), "under the approved text");
    let audit = case.audit_log(&Default::default()).unwrap();
    let entry = audit
        .iter()
        .find(|e| e.action == "statement.merge")
        .expect("merging is audited");
    let recorded = entry.new_value.as_deref().unwrap();
    assert!(
        recorded.contains("\"letters\":2")
            && !recorded.contains("Ana")
            && !recorded.contains("Elm"),
        "the audit entry counts the letters and names no one: {recorded}"
    );
}

#[test]
fn a_case_adds_its_own_templates_and_starts_statements_from_them() {
    use casebook::statement::library::TemplateInput;
    use common::cli::{casebook, json, ok};
    let dir = tempfile::tempdir().unwrap();
    let mut case = case_with_people(dir.path());
    let t = case
        .add_statement_template(TemplateInput {
            name: "Holding statement".into(),
            kind: StatementKind::PressRelease,
            body: "We are investigating an incident affecting {{people|approx:100}} customers.\n"
                .into(),
        })
        .unwrap();
    assert_eq!(t.id, "TP-0001");
    let again = case
        .add_statement_template(TemplateInput {
            name: "holding statement".into(),
            kind: StatementKind::Faq,
            body: "x".into(),
        })
        .unwrap_err();
    assert!(
        again.to_string().contains("already has a template"),
        "{again}"
    );
    let empty = case
        .add_statement_template(TemplateInput {
            name: "Empty".into(),
            kind: StatementKind::Faq,
            body: "  ".into(),
        })
        .unwrap_err();
    assert!(empty.to_string().contains("needs a body"), "{empty}");
    let folder = case.root().to_path_buf();
    drop(case);
    assert!(
        raw_connection(&folder)
            .execute("UPDATE statement_templates SET body = 'typed 68,000'", [])
            .is_err(),
        "templates are never changed"
    );

    // The CLI starts a statement from it.
    let home = dir.path();
    let case = folder.to_str().unwrap();
    let st = ok(casebook(
        home,
        &[
            "statement",
            "new",
            case,
            "--kind",
            "press_release",
            "--title",
            "Holding",
            "--template",
            "tp-1",
        ],
    ));
    let shown = json(casebook(
        home,
        &["statement", "show", case, st.trim(), "--json"],
    ));
    assert!(
        shown["versions"][0]["body"]
            .as_str()
            .unwrap()
            .contains("{{people|approx:100}}"),
        "{shown}"
    );
    let listed = json(casebook(home, &["statement", "templates", case, "--json"]));
    assert_eq!(listed[0]["name"], "Holding statement");
}
