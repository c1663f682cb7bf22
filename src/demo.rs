//! A complete demo case modelled on the reference incident: a security vendor's support
//! database is raided by an employee who sells customer contact data to phone scammers, found
//! when customers report scam calls. Every person and organisation in it is synthetic. Each
//! module adds its part here so a newcomer sees a full case at once.

use crate::actor::Actor;
use crate::case::{self, CaseUpdate, EmploymentStatus, NewCase, Severity, Status, Subject};
use crate::clock::Clock;
use crate::custody::TransferInput;
use crate::dates::{KeyDateInput, KeyDateKind, Precision};
use crate::error::Result;
use crate::evidence::{EvidenceCategory, IntakeRequest};
use crate::progress::{Progress, Silent};
use crate::store::Case;
use crate::team::{MemberInput, Role};
use crate::timeline::{Category, EventInput};
use std::path::Path;
use std::sync::Arc;

const FOLDER: &str = "operation-switchboard";

/// Creates the demo case in `dir` (made if missing) under a fresh folder name and returns it.
pub fn build(dir: &Path, passphrase: &str, actor: Actor, clock: Arc<dyn Clock>) -> Result<Case> {
    build_with_progress(dir, passphrase, actor, clock, &Silent)
}

/// [`build`], reporting progress (in hundredths; the import of ~1,000 people is most of it,
/// and its rows are counted as items) and stopping when cancelled. A demo case that fails or
/// is cancelled half-way is removed: its folder is always one this call created, never an
/// existing case (a demo case already there is kept and the new one goes beside it).
pub fn build_with_progress(
    dir: &Path,
    passphrase: &str,
    actor: Actor,
    clock: Arc<dyn Clock>,
    progress: &dyn Progress,
) -> Result<Case> {
    std::fs::create_dir_all(dir)
        .map_err(|e| crate::Error::io(format!("creating {}", dir.display()), e))?;
    let mut path = dir.join(format!("{FOLDER}.casebook"));
    let mut n = 2;
    while path.exists() {
        path = dir.join(format!("{FOLDER}-{n}.casebook"));
        n += 1;
    }
    progress.update(0, STEPS);
    let mut case = case::create(
        &path,
        passphrase,
        NewCase {
            title: "Support database exfiltration by an insider".into(),
            code_name: Some("SWITCHBOARD".into()),
            severity: Some(Severity::High),
            reference: Some("IR-2019-0142".into()),
            summary: Some(
                "Consumer customers of Northwind Security reported calls from people posing as \
                 Northwind support who quoted real support-ticket numbers. Investigation found that \
                 a support engineer used a colleague's credentials to query the consumer support \
                 database and exported names, e-mail addresses, support-ticket numbers and some \
                 phone numbers, which were sold to a third party running a tech-support scam. No \
                 payment data and no business or government customer data were taken."
                    .into(),
            ),
            playbook: false,
        },
        actor,
        clock,
    )?;
    match fill(&mut case, progress) {
        Ok(()) => {
            progress.update(STEPS, STEPS);
            Ok(case)
        }
        Err(e) => {
            // Close the database before removing the folder it lives in.
            let root = case.root().to_path_buf();
            drop(case);
            let _ = std::fs::remove_dir_all(&root);
            Err(e)
        }
    }
}

/// The demo case folders already in `dir` (`operation-switchboard.casebook`,
/// `operation-switchboard-2.casebook`…), newest first.
pub fn existing(dir: &Path) -> Result<Vec<crate::profile::FoundCase>> {
    let mut found = crate::profile::case_folders(dir)?;
    found.retain(|f| {
        f.name == FOLDER
            || f.name
                .strip_prefix(FOLDER)
                .and_then(|rest| rest.strip_prefix('-'))
                .is_some_and(|n| n.parse::<u32>().is_ok())
    });
    Ok(found)
}

/// Progress is reported in hundredths; these are where each part of the build ends.
const STEPS: u64 = 100;
const CREATED: u64 = 5;
const RECORDED: u64 = 15;
const EVIDENCE_ADDED: u64 = 25;
const IMPORTED: u64 = 95;

fn step(progress: &dyn Progress, done: u64) -> Result<()> {
    if progress.cancelled() {
        return Err(crate::Error::Cancelled);
    }
    progress.update(done, STEPS);
    Ok(())
}

/// Maps a part's own progress (any units) onto hundredths `from..to` of the whole build.
struct Part<'a> {
    inner: &'a dyn Progress,
    from: u64,
    to: u64,
}

impl Progress for Part<'_> {
    fn update(&self, done: u64, total: u64) {
        let span = self.to - self.from;
        let at = (span * done.min(total)).checked_div(total).unwrap_or(0);
        // The whole build's last update is its own, when the case is complete.
        self.inner.update((self.from + at).min(STEPS - 1), STEPS);
    }

    fn items(&self, count: u64) {
        self.inner.items(count)
    }

    fn cancelled(&self) -> bool {
        self.inner.cancelled()
    }
}

fn fill(case: &mut Case, progress: &dyn Progress) -> Result<()> {
    step(progress, CREATED)?;
    case.set_subject(Subject {
        name: "Dana Whitlock (synthetic)".into(),
        employee_id: "NW-10472".into(),
        role: "Tier-2 consumer support engineer, Dublin support centre".into(),
        access_rights: "Read access to the consumer support ticket system; no direct database \
                        rights. Used a team lead's service credentials to run exports."
            .into(),
        employment_status: EmploymentStatus::Terminated,
        notes: "Interviewed with HR and counsel present on 2019-10-28. Access disabled the same \
                day; employment terminated 2019-10-30."
            .into(),
    })?;

    for (name, email, role, org) in [
        (
            "Priya Raman",
            "priya.raman@northwind.example",
            Role::LeadInvestigator,
            "Northwind Security — Incident Response",
        ),
        (
            "Marcus Feld",
            "mfeld@feldpartners.example",
            Role::Counsel,
            "Feld & Partners LLP (outside counsel)",
        ),
        (
            "Aiko Tanabe",
            "aiko.tanabe@northwind.example",
            Role::PrivacyOfficer,
            "Northwind Security — Privacy Office",
        ),
        (
            "Owen Gallagher",
            "owen.gallagher@northwind.example",
            Role::Hr,
            "Northwind Security — People Team",
        ),
        (
            "Lucía Ortega",
            "lucia.ortega@northwind.example",
            Role::Communications,
            "Northwind Security — Communications",
        ),
    ] {
        case.add_member(MemberInput {
            name: name.into(),
            email: email.into(),
            role,
            organisation: org.into(),
        })?;
    }

    for (kind, when, tz, precision, basis) in [
        (
            KeyDateKind::FirstUnauthorizedAccess,
            "2019-08-02 22:14",
            "Europe/Dublin",
            Precision::Exact,
            "Database audit log: first export query under the borrowed service account",
        ),
        (
            KeyDateKind::LastUnauthorizedAccess,
            "2019-10-27 23:51",
            "Europe/Dublin",
            Precision::Exact,
            "Database audit log: last export query before access was disabled",
        ),
        (
            KeyDateKind::FirstIndicator,
            "2019-08-09 10:30",
            "America/Chicago",
            Precision::Day,
            "First customer report of a scam call quoting a real ticket number",
        ),
        (
            KeyDateKind::Discovery,
            "2019-10-18 16:00",
            "Europe/Dublin",
            Precision::Exact,
            "Threat-intel team links scam-call reports to the support database",
        ),
        (
            KeyDateKind::Determination,
            "2019-10-28 15:00",
            "Europe/Dublin",
            Precision::Exact,
            "Interview and log review establish that the employee exported and sold the data",
        ),
        (
            KeyDateKind::Containment,
            "2019-10-28 15:40",
            "Europe/Dublin",
            Precision::Exact,
            "Employee's and borrowed service account's access disabled",
        ),
        (
            KeyDateKind::LawEnforcementReferral,
            "2019-10-31 09:00",
            "Europe/Dublin",
            Precision::Day,
            "Referral to national police cyber unit; complaint filed",
        ),
        (
            KeyDateKind::CustomerNotice,
            "2019-11-05 08:00",
            "UTC",
            Precision::Day,
            "Direct notices to affected customers begin",
        ),
    ] {
        case.set_key_date(KeyDateInput {
            kind,
            when: when.into(),
            tz: tz.into(),
            precision: Some(precision),
            basis: Some(basis.into()),
        })?;
    }

    for (when, tz, title, source, category, detail) in [
        (
            "2019-07-29 11:00",
            "Europe/Dublin",
            "Team lead shares service-account password in a team chat",
            "Chat export",
            Category::Access,
            "Later used for every export query.",
        ),
        (
            "2019-08-12 09:00",
            "America/Chicago",
            "Support sees a rise in reports of calls from 'Northwind support'",
            "Support ticket trend report",
            Category::Detection,
            "",
        ),
        (
            "2019-10-21 14:00",
            "Europe/Dublin",
            "Database audit logs and the subject's mailbox preserved",
            "IR evidence log",
            Category::Evidence,
            "Preserved before the subject was approached.",
        ),
        (
            "2019-10-28 14:00",
            "Europe/Dublin",
            "Subject interviewed with HR and counsel",
            "Interview notes",
            Category::Hr,
            "",
        ),
        (
            "2019-10-30 12:00",
            "Europe/Dublin",
            "Employment terminated",
            "HR record",
            Category::Hr,
            "",
        ),
        (
            "2019-11-05 07:00",
            "UTC",
            "Public statement and customer notices published",
            "Communications plan",
            Category::Communication,
            "Statement reminds customers that support calls are always scheduled in advance.",
        ),
    ] {
        case.add_event(EventInput {
            when: when.into(),
            tz: tz.into(),
            title: title.into(),
            detail: Some(detail.into()),
            source: Some(source.into()),
            category,
            linked_type: None,
            linked_id: None,
        })?;
    }

    step(progress, RECORDED)?;
    add_evidence(case)?;
    step(progress, EVIDENCE_ADDED)?;
    add_affected(
        case,
        &Part {
            inner: progress,
            from: EVIDENCE_ADDED,
            to: IMPORTED,
        },
    )?;
    step(progress, IMPORTED)?;
    add_obligations(case)?;
    // Harm first, so the referral notes cite its figures.
    add_harm(case)?;
    add_referral(case)?;
    add_statements(case)?;
    add_tasks(case)?;
    case.update_info(CaseUpdate {
        status: Some(Status::Contained),
        ..CaseUpdate::default()
    })?;
    Ok(())
}

/// The playbook applied, as a team some weeks in would have it: the preservation, containment
/// and notification steps done (one not applicable, with its reason), the review and two tasks
/// of the team's own dated around the clock passed in — one overdue, one due this week, the
/// review later — so the task list and "what's next" show every state.
fn add_tasks(case: &mut Case) -> Result<()> {
    use crate::task::{TaskInput, TaskStatus};
    case.apply_playbook()?;
    let today = case.now().date_naive();
    let day = |offset: i64| (today + chrono::Duration::days(offset)).to_string();
    let steps: Vec<(String, String)> = case
        .tasks(&crate::task::TaskFilter::default())?
        .into_iter()
        .filter(|t| t.source == crate::task::TaskSource::Playbook)
        .map(|t| (t.id, t.title))
        .collect();
    for (id, title) in &steps {
        match title.as_str() {
            "Collect and image the subject's devices" => {
                case.set_task_status(
                    id,
                    TaskStatus::NotApplicable,
                    Some(
                        "The employee worked only on a managed virtual desktop; its disk was \
                         preserved with the logs",
                    ),
                )?;
            }
            "Hold the post-incident review" => {
                case.edit_task(
                    id,
                    TaskInput {
                        title: title.clone(),
                        notes: Some(
                            "Service-account sharing, export alerting on the support database, \
                             and how long the scam-call reports took to reach security."
                                .into(),
                        ),
                        owner: Some("Priya Raman".into()),
                        due: Some(day(20)),
                        links: Vec::new(),
                    },
                )?;
            }
            _ => {
                case.set_task_status(id, TaskStatus::Done, None)?;
            }
        }
    }
    let returned = case.add_task(TaskInput {
        title: "Re-send notices returned by the mailing house".into(),
        notes: Some(
            "Look up current addresses for the returned letters; record each resend.".into(),
        ),
        owner: Some("Lucía Ortega".into()),
        due: Some(day(-3)),
        links: Vec::new(),
    })?;
    case.set_task_status(&returned.id, TaskStatus::Doing, None)?;
    case.add_task(TaskInput {
        title: "Brief the board on notification status".into(),
        notes: Some("Include where the police referral stands and the delay it asked for.".into()),
        owner: Some("Marcus Feld".into()),
        due: Some(day(4)),
        links: vec![crate::task::TaskLink {
            kind: crate::task::LinkKind::Referral,
            id: "LE-0001".into(),
        }],
    })?;
    Ok(())
}

/// The first public disclosure as one release set, every figure a token on the demo's
/// snapshot: a press release (counsel and communications approve it), an FAQ, customer notices
/// for California (its title, headings and the law-enforcement delay sentence) and
/// Massachusetts (no count, no account of what happened, as its statute requires) and the
/// call-centre script. All approved; the press release and the FAQ published.
fn add_statements(case: &mut Case) -> Result<()> {
    use crate::statement::StatementState;
    use crate::statement::{ApprovalInput, ApprovalManner, StatementInput, StatementKind};
    const SET: &str = "First public disclosure";
    let vishing = "- We will never call you unannounced, ask for your password or for remote \
                   access to your computer, or ask you to pay with gift cards.\n\
                   - A caller who reads you your real support ticket number is not thereby \
                   genuine: hang up and call us on the number printed on our website.\n\
                   - Report scam calls to scams@northwind.example; we will help if you were \
                   targeted.\n";
    let statements: [(StatementKind, &str, &[&str], String); 5] = [
        (
            StatementKind::PressRelease,
            "Northwind Security notifies customers of data taken by a former employee",
            &[],
            format!(
                "On {{{{date:discovery}}}} Northwind Security learned that a former support \
                 employee had copied the contact details of {{{{people|approx:100}}}} of our \
                 customers from our support system and passed them to people who then made \
                 scam calls. We referred the matter to law enforcement, removed the \
                 employee's access and are writing to every customer affected.\n\n\
                 The information involved was {{{{elements}}}}. No passwords or payment \
                 details were taken.\n\n{vishing}"
            ),
        ),
        (
            StatementKind::Faq,
            "Questions and answers: the support data theft",
            &[],
            format!(
                "## How many customers were affected?\n\n{{{{people|approx:100}}}} \
                 customers.\n\n## What was taken?\n\nThe information involved was {{{{elements}}}}.\n\n\
                 ## How do I protect myself?\n\n{vishing}"
            ),
        ),
        (
            StatementKind::CustomerNotice,
            "Notice of Data Breach (California)",
            &["US-CA"],
            format!(
                "# Notice of Data Breach\n\n## What Happened\n\nA former support employee \
                 copied customer contact details from our support system {{{{date_range}}}} \
                 and passed them to people who made scam calls.\n\n\
                 ## What Information Was Involved\n\nThe information involved was {{{{elements}}}}.\n\n\
                 ## What We Are Doing\n\nWe removed the employee's access, referred the matter \
                 to law enforcement and now review every export from the support system. \
                 {{{{le_delay}}}}\n\n## What You Can Do\n\n{vishing}\n\
                 ## For More Information\n\nCall 1-800-555-0142 (weekdays, 8am to 8pm Pacific) \
                 or write to privacy@northwind.example.\n"
            ),
        ),
        (
            StatementKind::CustomerNotice,
            "Notice to Massachusetts residents",
            &["US-MA"],
            format!(
                "Dear customer,\n\nWe are writing about an incident that may involve your \
                 contact details.\n\nYou have the right to obtain a police report about this \
                 incident, and to place a security freeze on your credit file free of charge; \
                 the credit bureaus will explain how. \
                 <!-- covers: police_report_right, fraud_alert_freeze -->\n\n{vishing}"
            ),
        ),
        (
            StatementKind::CallScript,
            "Call-centre script: scam-call questions",
            &[],
            format!(
                "If a customer asks how many people are affected, say: about \
                 {{{{people|approx:100}}}} customers.\n\nIf they mention a call that quoted \
                 their ticket number:\n\n{vishing}"
            ),
        ),
    ];
    for (kind, title, jurisdictions, body) in statements {
        let s = case.new_statement(StatementInput {
            kind,
            title: title.into(),
            body,
            audience: String::new(),
            jurisdictions: jurisdictions.iter().map(|j| j.to_string()).collect(),
            release_set: SET.into(),
            snapshot: None,
        })?;
        for role in kind.approvers() {
            let by = match role {
                Role::Counsel => "Marcus Feld",
                _ => "Lucía Ortega",
            };
            case.approve_statement(
                &s.id,
                ApprovalInput {
                    by: by.into(),
                    role: *role,
                    manner: Some(ApprovalManner::Email),
                    evidence: None,
                    comment: String::new(),
                },
            )?;
        }
        if matches!(kind, StatementKind::PressRelease | StatementKind::Faq) {
            case.move_statement(&s.id, StatementState::Published, "posted on the website")?;
        }
    }
    Ok(())
}

/// The questions the notification rules ask, answered with reasons, the obligations evaluated
/// (which pins the rule set), and the UK regulator's notice filed with its reference number
/// and the submitted report kept as evidence.
fn add_obligations(case: &mut Case) -> Result<()> {
    use crate::obligations::record::FilingInput;
    use crate::obligations::Question;
    for (question, value, reason) in [
        (
            Question::Encrypted,
            false,
            "Counsel: the export queries returned plain text; nothing was encrypted",
        ),
        (
            Question::RiskOfHarm,
            true,
            "Counsel: customers are already receiving scam calls quoting their ticket numbers",
        ),
        (
            Question::HighRisk,
            true,
            "Counsel: the data was sold and is used for vishing; people must be warned",
        ),
        (
            Question::SignificantHarm,
            true,
            "Counsel: real risk of significant harm (fraud through impersonation)",
        ),
        (
            Question::WrongfulPurpose,
            true,
            "Counsel: an employee took and sold the data (APPI wrongful purpose)",
        ),
    ] {
        case.answer_question(question, Some(value), reason)?;
    }
    case.obligations(None)?;
    // Inside the case: even made-up people are written only where the case keeps its own.
    let temp = case.private_temp()?;
    let staging = temp.path();
    let path = staging.join("ico-breach-report-2019-10-21.txt");
    let result = std::fs::write(
        &path,
        "Personal data breach report to the ICO, submitted 21 Oct 2019.\n\
         Nature: an employee exported consumer support records (names, e-mail addresses, \
         support ticket numbers, some phone numbers) and sold them.\n",
    )
    .map_err(|e| crate::Error::io(format!("writing {}", path.display()), e))
    .and_then(|_| {
        case.file_obligation(FilingInput {
            rule: DEMO_FILED_RULE.into(),
            date: "2019-10-21".into(),
            reference: Some("IC-41872-Q3J9".into()),
            document: Some(path.display().to_string()),
        })
    });
    drop(temp);
    // Verified like the rest of the demo's evidence.
    if let Some(document) = result?.document {
        case.verify_evidence(&[document], &Silent)?;
    }
    Ok(())
}

/// The obligation the demo case has filed.
const DEMO_FILED_RULE: &str = "GB.regulator";

/// Synthetic evidence files: name, category, source, method, acquired (wall time, zone), content.
const EVIDENCE: &[(&str, EvidenceCategory, &str, &str, &str, &str, &str)] = &[
    (
        "support_db_audit_2019-07-29_to_2019-10-18.csv",
        EvidenceCategory::Log,
        "Northwind DBA team (R. Osei)",
        "Exported from the database audit table by the DBA, witnessed by IR",
        "2019-10-21 14:10",
        "Europe/Dublin",
        "logged_at_utc,db_user,client_host,statement,rows_returned\n\
         2019-07-29T19:05:00Z,svc_t2_lead,DUB-WS-0417,SELECT name,email,ticket_id FROM consumer_tickets,1200\n\
         2019-08-02T21:14:00Z,svc_t2_lead,DUB-WS-0417,SELECT name,email,phone,ticket_id FROM consumer_tickets,21400\n\
         2019-09-14T22:40:00Z,svc_t2_lead,DUB-WS-0417,SELECT name,email,phone,ticket_id FROM consumer_tickets,24800\n\
         2019-10-18T20:02:00Z,svc_t2_lead,DUB-WS-0417,SELECT name,email,ticket_id FROM consumer_tickets,20600\n",
    ),
    (
        "recovered_export_sample.csv",
        EvidenceCategory::DatabaseExtract,
        "Subject's workstation DUB-WS-0417",
        "Copied from the forensic image of the workstation",
        "2019-10-24 11:30",
        "Europe/Dublin",
        "name,email,phone,ticket_id\n\
         Ana Souza,ana.souza@example.com,+55 11 5555 0142,T-88123\n\
         Jürgen Müller,j.mueller@example.net,,T-88124\n\
         Nguyễn Thị Lan,lan.nguyen@example.org,+84 28 5555 0199,T-88130\n\
         Олег Петров,oleg.petrov@example.com,,T-88131\n",
    ),
    (
        "scam_call_reports_2019-08.txt",
        EvidenceCategory::Document,
        "Northwind consumer support (ticket trend report)",
        "Report exported from the ticketing system",
        "2019-10-21 15:00",
        "Europe/Dublin",
        "Customer reports of calls from people posing as Northwind support, August 2019.\n\
         Callers quoted real support-ticket numbers and asked for remote access.\n",
    ),
    (
        "interview_notes_2019-10-28.md",
        EvidenceCategory::InterviewNote,
        "Counsel (privileged)",
        "Typed during the interview by counsel",
        "2019-10-28 16:30",
        "Europe/Dublin",
        "# Interview of the subject, 28 Oct 2019\n\nPresent: subject, HR, counsel. Privileged.\n",
    ),
];

fn add_evidence(case: &mut Case) -> Result<()> {
    // Real files, so the demo items hash, verify and export like any others.
    // Inside the case: even made-up people are written only where the case keeps its own.
    let temp = case.private_temp()?;
    let staging = temp.path();
    let result: Result<()> = (|| {
        for (name, category, source, method, when, tz, content) in EVIDENCE {
            let path = staging.join(name);
            std::fs::write(&path, content)
                .map_err(|e| crate::Error::io(format!("writing {}", path.display()), e))?;
            case.add_evidence(
                IntakeRequest {
                    paths: vec![path.display().to_string()],
                    description: None,
                    category: Some(*category),
                    source: Some((*source).into()),
                    acquisition_method: Some((*method).into()),
                    acquired_at: Some((*when).into()),
                    acquired_tz: Some((*tz).into()),
                    in_place: false,
                },
                &Silent,
            )?;
        }
        Ok(())
    })();
    drop(temp);
    result?;
    for (item, from, to, purpose, method, when) in [
        (
            "EV-0001",
            "R. Osei (DBA)",
            "IR evidence locker, Dublin",
            "Preservation",
            "Encrypted USB drive, sealed bag 0142-01",
            "2019-10-21 16:00",
        ),
        (
            "EV-0002",
            "IR evidence locker, Dublin",
            "Garda National Cyber Crime Bureau",
            "Law-enforcement referral",
            "Hand delivery against signed receipt",
            "2019-11-04 10:00",
        ),
    ] {
        case.record_transfer(TransferInput {
            item_id: item.into(),
            from_party: from.into(),
            to_party: to.into(),
            purpose: purpose.into(),
            method: Some(method.into()),
            location: Some("Dublin".into()),
            when: Some(when.into()),
            tz: Some("Europe/Dublin".into()),
            note: None,
        })?;
    }
    case.verify_evidence(&[], &Silent)?;
    Ok(())
}

/// The referral to a fictional police cyber unit: the audit log and a summary of the scam-call
/// reports handed over (the recovered export went earlier, by custody transfer), an oral
/// request to hold US notices for a few days, a preservation request, a follow-up, and notes
/// drafted from the case and then edited.
fn add_referral(case: &mut Case) -> Result<()> {
    use crate::referral::process::{DelayInput, LegalProcessInput, LegalProcessKind};
    use crate::referral::shares::{ShareForm, ShareInput};
    use crate::referral::{AgencyContact, FollowUpInput, ReferralInput, ReferralStatus};
    let le = case
        .add_referral(ReferralInput {
            agency: "Dublin Metropolitan Cyber Unit (fictional)".into(),
            unit: Some("Data Theft and Fraud Team".into()),
            channel: Some(crate::referral::ReferralChannel::FieldOfficeVisit),
            when: Some("2019-10-31 09:00".into()),
            tz: Some("Europe/Dublin".into()),
            our_contact: Some("Priya Raman".into()),
            their_contact: Some(AgencyContact {
                name: "Det. Sgt. Ciara Doyle (synthetic)".into(),
                badge: "DMCU-4471".into(),
                phone: "+353 1 555 0147".into(),
                email: "c.doyle@dmcu.example".into(),
            }),
            reference: Some("DMCU-2019-0577".into()),
            offences: Some(
                "Unauthorised access to an information system; sale of personal data to \
                 fraudsters"
                    .into(),
            ),
            status: None,
        })?
        .id;
    for (item, form, method) in [
        (
            "EV-0001",
            ShareForm::Copy,
            "Encrypted USB drive, signed receipt",
        ),
        (
            "EV-0003",
            ShareForm::Summary,
            "Printed summary handed over at the meeting",
        ),
    ] {
        case.share_evidence(
            ShareInput {
                referral_id: le.clone(),
                evidence_id: item.into(),
                form: Some(form),
                method: Some(method.into()),
                personal_data: false,
                legal_basis: None,
                when: Some("2019-10-31 10:30".into()),
                tz: Some("Europe/Dublin".into()),
                export_to: None,
            },
            &Silent,
        )?;
    }
    case.add_delay_request(DelayInput {
        referral_id: le.clone(),
        requested_on: Some("2019-10-31".into()),
        from: "2019-10-31".into(),
        until: Some("2019-11-04".into()),
        jurisdictions: vec!["US-CA".into(), "US-NY".into()],
        written_copy: None,
        review_on: Some("2019-11-03".into()),
    })?;
    case.add_legal_process(LegalProcessInput {
        referral_id: le.clone(),
        kind: LegalProcessKind::PreservationRequest,
        received: "2019-11-04".into(),
        due: Some("2019-11-18".into()),
        scope: "Preserve the support database and its audit logs, July to October 2019".into(),
        response: Some("Preserved; confirmed by counsel's letter of 2019-11-06".into()),
        counsel: Some("Marcus Feld".into()),
    })?;
    case.add_follow_up(FollowUpInput {
        referral_id: le.clone(),
        on: Some("2019-11-04".into()),
        note: "Detective asked for the audit log of July, before the first export.".into(),
        next_action: Some("Send the July audit-log extract".into()),
        due: Some("2019-11-11".into()),
    })?;
    case.set_referral_status(&le, ReferralStatus::Active)?;
    let drafted = case.save_drafted_referral_notes(&le)?;
    let edited = drafted.text.replace(
        "[Describe what the callers claimed and asked for.]",
        "Since early August 2019 customers have reported calls from people posing as our \
         support staff who read back their real support-ticket numbers and asked for remote \
         access to their computers.",
    );
    case.save_referral_notes(&le, &edited)?;
    Ok(())
}

/// The support-database export of the records the insider touched: synthetic people from a
/// fixed-seed generator, some on several rows with e-mail case and space variants, two rows a
/// human must fix, one blank line. Imported, then frozen in a snapshot for counsel.
fn add_affected(case: &mut Case, progress: &dyn Progress) -> Result<()> {
    const GIVEN: &[&str] = &[
        "Mary", "James", "Zoë", "José", "Siobhán", "Jürgen", "Léa", "Olga", "Aarav", "Noah",
    ];
    const FAMILY: &[&str] = &[
        "Smith", "García", "O'Brien", "Müller", "Dubois", "Nguyễn", "Tremblay", "Patel",
        "Kowalski", "Ito",
    ];
    const PLACES: &[(&str, &str, u32)] = &[
        ("United States", "California", 20),
        ("US", "TX", 12),
        ("USA", "New York", 10),
        ("us", "FL", 8),
        ("United States", "Arizona", 4),
        ("Canada", "Ontario", 6),
        ("CA", "QC", 3),
        ("United Kingdom", "", 12),
        ("Germany", "", 8),
        ("France", "", 6),
        ("Japan", "東京都", 7),
        ("Australia", "", 4),
    ];
    let mut seed: u64 = 20191105;
    let mut next = move |n: u64| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) % n
    };
    let weights: u32 = PLACES.iter().map(|p| p.2).sum();
    let mut csv = String::from("record_id,ticket_number,full_name,email,phone,country,region,segment,data_elements,notes\r\n");
    let mut rec = 0;
    for i in 0..1_000u64 {
        let given = GIVEN[next(GIVEN.len() as u64) as usize];
        let family = FAMILY[next(FAMILY.len() as u64) as usize];
        let mut w = next(weights as u64) as u32;
        let place = PLACES.iter().find(|p| {
            if w < p.2 {
                true
            } else {
                w -= p.2;
                false
            }
        });
        let (country, region, _) = place.unwrap_or(&PLACES[0]);
        let email = format!("customer{i}@example.com");
        let phone = if next(3) == 0 {
            format!("+1 555 {:03} {:04}", next(1000), next(10000))
        } else {
            String::new()
        };
        let segment = if next(60) == 0 {
            "business"
        } else {
            "consumer"
        };
        let notes = if next(250) == 0 {
            "account holder under 18"
        } else {
            ""
        };
        let copies = 1 + (next(5) == 0) as u64 + (next(20) == 0) as u64;
        for c in 0..copies {
            rec += 1;
            let shown = match c {
                0 => email.clone(),
                1 => email.to_uppercase(),
                _ => format!("  {email} "),
            };
            let elements = if phone.is_empty() {
                "name;email;support_ticket"
            } else {
                "name;email;support_ticket;phone"
            };
            csv.push_str(&format!(
                "{rec},SR-2019{rec:08},{given} {family},{shown},{phone},{country},{region},{segment},\"{elements}\",{notes}\r\n"
            ));
        }
        if i == 400 {
            csv.push_str("\r\n");
        }
    }
    csv.push_str(&format!(
        "{},SR-2019{:08},Pat Doe,pat.doe(at)example.com,,US,OH,consumer,\"name;email\",\r\n",
        rec + 1,
        rec + 1
    ));
    csv.push_str(&format!(
        "{},SR-2019{:08},Kim Roe,kim@example.com,,Untied States,,consumer,\"name;email\",\r\n",
        rec + 2,
        rec + 2
    ));

    // Inside the case: even made-up people are written only where the case keeps its own.
    let temp = case.private_temp()?;
    let staging = temp.path();
    let path = staging.join("support-db-touched-records-2019-10-21.csv");
    let result = std::fs::write(&path, csv)
        .map_err(|e| crate::Error::io(format!("writing {}", path.display()), e))
        .and_then(|_| {
            case.import_affected(
                crate::affected::ImportRequest {
                    path: path.display().to_string(),
                    source: Some("Support DB replica, query by R. Osei (DBA)".into()),
                    ..Default::default()
                },
                progress,
            )
        });
    drop(temp);
    result?;
    case.take_snapshot("Initial count for counsel, before regulator notifications")?;
    let file = &case.import_batches()?[0].evidence_id;
    case.verify_evidence(std::slice::from_ref(file), &Silent)?;
    Ok(())
}

/// Three dozen harm reports over August–October 2019, imported from a file as the support
/// team would export them (one row with a date nobody can read is rejected), plus one entered
/// by hand. Every third report names a ticket number or e-mail from the stolen set, so about
/// a third match an affected person.
fn add_harm(case: &mut Case) -> Result<()> {
    const CLAIMS: &[&str] = &[
        "Northwind support, calling about your open ticket",
        "Northwind refunds department: your licence renewal failed",
        "Microsoft partner working with Northwind on a virus alert",
    ];
    let mut csv = String::from(
        "date,channel,kind,caller_claimed,data_quoted,ticket,email,phone,loss,police_reference\r\n",
    );
    for n in 0..36u32 {
        let day = chrono::NaiveDate::from_ymd_opt(2019, 8, 1).expect("a day")
            + chrono::Duration::days((n * 2 + n % 3) as i64);
        let (channel, kind) = match n % 4 {
            0 | 1 => ("phone", "scam_call"),
            2 => ("sms", "phishing"),
            _ => ("email", "phishing"),
        };
        let (quoted, ticket, email) = match n % 6 {
            0 => (
                "ticket;name",
                format!("SR-2019{:08}", n * 31 + 1),
                format!("reporter{n}@example.org"),
            ),
            3 => (
                "name;email",
                String::new(),
                format!("customer{}@example.com", n * 27),
            ),
            1 | 4 => ("name", String::new(), format!("reporter{n}@example.org")),
            _ => ("", String::new(), format!("reporter{n}@example.org")),
        };
        let loss = match n % 7 {
            0 => "$249.99",
            3 => "\"1,200.00\"",
            _ => "",
        };
        let police = if n % 9 == 0 {
            format!("PD-2019-{:05}", 4100 + n)
        } else {
            String::new()
        };
        csv.push_str(&format!(
            "{day} {:02}:{:02},{channel},{kind},\"{}\",{quoted},{ticket},{email},,{loss},{police}\r\n",
            9 + n % 8,
            (n * 7) % 60,
            CLAIMS[(n % 3) as usize]
        ));
    }
    csv.push_str("sometime in August,phone,scam_call,Northwind support,ticket,,reporter99@example.org,,,\r\n");

    // Inside the case: even made-up people are written only where the case keeps its own.
    let temp = case.private_temp()?;
    let staging = temp.path();
    let path = staging.join("scam-call-reports-2019.csv");
    let result = std::fs::write(&path, csv)
        .map_err(|e| crate::Error::io(format!("writing {}", path.display()), e))
        .and_then(|_| {
            case.import_harm_reports(
                crate::harm::HarmImportRequest {
                    path: path.display().to_string(),
                    tz: Some("America/New_York".into()),
                    source: Some("Northwind consumer support (report export)".into()),
                    ..Default::default()
                },
                &Silent,
            )
        });
    drop(temp);
    let file = result?.import.evidence_id;
    case.verify_evidence(std::slice::from_ref(&file), &Silent)?;
    case.add_harm_report(crate::harm::HarmInput {
        when: "2019-10-24 16:40".into(),
        tz: "America/Chicago".into(),
        channel: crate::harm::HarmChannel::PhoneCall,
        kind: crate::harm::HarmKind::Fraud,
        caller_claimed: "Northwind support; asked for remote access to \"clean\" the PC".into(),
        data_quoted: vec![crate::harm::Quoted::Ticket, crate::harm::Quoted::Name],
        ticket: "SR-201900000500".into(),
        loss: "2,400.00".into(),
        police_reference: "IC3 I1910241640000123".into(),
        email: "customer401@example.com".into(),
        notes: "Paid for a fake \"security plan\" by gift cards.".into(),
        ..Default::default()
    })?;
    Ok(())
}
