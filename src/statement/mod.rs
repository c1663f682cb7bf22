//! Statements and notices (`ST-0001`…): press releases, customer notices, FAQs, call scripts,
//! regulator notices and talking points whose every figure is a token resolved against one
//! tally snapshot ([`tokens`]), checked by the linter before approval ([`lint`]), approved by
//! the people the kind requires, and kept as immutable versions with the SHA-256 of what each
//! rendered. A statement reads across the case (snapshots, key dates, harm reports, delays,
//! the notification rules, the subject), so it sits above the domains; the PDF rendering lives
//! with the packet engine.

pub mod library;
pub mod lint;
pub mod tokens;

use crate::affected::snapshot::Snapshot;
use crate::dates::{KeyDateKind, Precision};
use crate::error::{Error, Result};
use crate::obligations::Recipient;
use crate::store::{Case, Tx};
use crate::team::Role;
use crate::util::diff::diff_lines;
pub use crate::util::diff::{DiffLine, LineChange};
use crate::util::text::{limited, normal_id, required};
use crate::vocab::vocabulary;
use lint::{ContentRule, Finding, FindingSeverity, Sibling};
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use specta::Type;
use tokens::{Figures, Rendered};

vocabulary! {
    /// What a statement is, which decides who must approve it and which rules its content
    /// answers to.
    StatementKind {
        PressRelease = "press_release", "Press release";
        CustomerNotice = "customer_notice", "Customer notice";
        Faq = "faq", "FAQ";
        CallScript = "call_script", "Call-centre script";
        RegulatorNotice = "regulator_notice", "Regulator notice";
        TalkingPoints = "talking_points", "Talking points";
        InternalUpdate = "internal_update", "Internal update";
        Other = "other", "Other";
    }
}

vocabulary! {
    /// Where a version stands: draft → in review ⇄ changes requested → approved → published →
    /// superseded, or withdrawn.
    StatementState {
        Draft = "draft", "Draft";
        InReview = "in_review", "In review";
        ChangesRequested = "changes_requested", "Changes requested";
        Approved = "approved", "Approved";
        Published = "published", "Published";
        Superseded = "superseded", "Superseded";
        Withdrawn = "withdrawn", "Withdrawn";
    }
}

vocabulary! {
    /// How an approver gave their approval.
    ApprovalManner {
        InPerson = "in_person", "In person";
        Email = "email", "E-mail";
        Phone = "phone", "Phone";
        Signed = "signed", "Signed document";
    }
}

// The vocabulary macro takes no derive, so the default is spelled out.
#[allow(clippy::derivable_impls)]
impl Default for StatementKind {
    fn default() -> Self {
        StatementKind::Other
    }
}

impl StatementKind {
    /// Who must approve: counsel always, the communications lead for press material.
    pub fn approvers(self) -> &'static [Role] {
        match self {
            StatementKind::PressRelease | StatementKind::TalkingPoints => {
                &[Role::Counsel, Role::Communications]
            }
            _ => &[Role::Counsel],
        }
    }

    /// Whose notification rules the content answers to.
    fn recipient(self) -> Option<Recipient> {
        match self {
            StatementKind::CustomerNotice => Some(Recipient::Individuals),
            StatementKind::RegulatorNotice => Some(Recipient::Regulator),
            _ => None,
        }
    }
}

/// A statement as it stands: its latest version and that version's state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Statement {
    /// `ST-0001`, never reused.
    pub id: String,
    pub kind: StatementKind,
    pub audience: String,
    /// Jurisdiction codes a notice is for (`US-CA`, `US-MA`, `GB`…).
    pub jurisdictions: Vec<String>,
    /// Statements that go out together; empty when it stands alone.
    pub release_set: String,
    pub title: String,
    /// The latest version, 1, 2, 3…
    pub version: u32,
    pub state: StatementState,
    /// The snapshot the latest version's figures come from.
    pub snapshot_id: String,
    /// SHA-256 of the latest version's rendered text.
    pub sha256: String,
    /// The version published and still standing, if any.
    pub published_version: Option<u32>,
    pub created_at: String,
    pub created_by: String,
}

/// A statement as the list shows it: whether the newest snapshot would change its figures.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct StatementListing {
    pub statement: Statement,
    pub stale: bool,
    /// `people: 3 → 5`, one per figure the newest snapshot would print differently.
    pub changes: Vec<String>,
}

/// One saved version: immutable once written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct StatementVersion {
    pub statement_id: String,
    pub version: u32,
    pub title: String,
    /// Markdown with figure tokens, as written.
    pub body: String,
    pub snapshot_id: String,
    /// The body with its tokens resolved when the version was saved.
    pub rendered: String,
    /// SHA-256 of `rendered`.
    pub sha256: String,
    pub state: StatementState,
    pub saved_at: String,
    pub saved_by: String,
}

/// One move between states, with who made it and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Transition {
    pub statement_id: String,
    pub version: u32,
    pub from: StatementState,
    pub to: StatementState,
    pub comment: String,
    pub at: String,
    pub actor: String,
}

/// An approval of one version by one person in one role.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Approval {
    pub statement_id: String,
    pub version: u32,
    /// The team member's id and name.
    pub approver: String,
    pub approver_name: String,
    pub role: Role,
    pub manner: ApprovalManner,
    /// The evidence item holding the approval (an e-mail), when one was attached.
    pub evidence_id: Option<String>,
    /// SHA-256 of the rendered text approved.
    pub sha256: String,
    pub comment: String,
    pub at: String,
    pub recorded_by: String,
}

/// A statement with its versions, transitions and approvals.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct StatementDetail {
    pub statement: Statement,
    pub versions: Vec<StatementVersion>,
    pub transitions: Vec<Transition>,
    pub approvals: Vec<Approval>,
    /// Roles the kind requires that have not approved the latest version.
    pub awaiting: Vec<Role>,
}

/// What a user gives to start a statement.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Type)]
pub struct StatementInput {
    pub kind: StatementKind,
    pub title: String,
    pub body: String,
    #[serde(default)]
    pub audience: String,
    #[serde(default)]
    pub jurisdictions: Vec<String>,
    #[serde(default)]
    pub release_set: String,
    /// The snapshot to cite; the newest when absent.
    #[serde(default)]
    pub snapshot: Option<String>,
}

/// A new version of an existing statement.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Type)]
pub struct EditInput {
    pub body: String,
    /// A new title; the previous one when absent.
    #[serde(default)]
    pub title: Option<String>,
    /// Rebinds the figures to this snapshot; the previous version's when absent.
    #[serde(default)]
    pub snapshot: Option<String>,
}

/// An approval as a user gives it.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct ApprovalInput {
    /// A person on the case (id, name or e-mail) whose team role is `role`.
    pub by: String,
    pub role: Role,
    pub manner: Option<ApprovalManner>,
    /// A file holding the approval (an e-mail), registered as evidence.
    pub evidence: Option<String>,
    #[serde(default)]
    pub comment: String,
}

/// What the linter found on a statement's latest version.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct LintReport {
    pub statement_id: String,
    pub version: u32,
    pub findings: Vec<Finding>,
    /// Whether any finding blocks approval.
    pub blocks: bool,
}

/// A version's text ready to export.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct RenderedStatement {
    pub statement_id: String,
    pub version: u32,
    pub title: String,
    pub snapshot_id: String,
    pub markdown: String,
    pub sha256: String,
}

/// A statement whose figures a newer snapshot changes: it must be reissued.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Reissue {
    pub statement_id: String,
    pub version: u32,
    pub state: StatementState,
    /// `people: 68,000 → 68,412`, one per changed figure.
    pub changes: Vec<String>,
}

const NEW: &str = "statement.new";
const EDIT: &str = "statement.edit";
const MOVE: &str = "statement.transition";
const APPROVE: &str = "statement.approve";

fn sha256(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// States from which a statement may move to another, and why not otherwise.
fn allowed(from: StatementState, to: StatementState) -> bool {
    use StatementState::*;
    matches!(
        (from, to),
        (Draft, InReview)
            | (InReview, ChangesRequested)
            | (ChangesRequested, InReview)
            | (InReview, Approved)
            | (Approved, Published)
            | (Published, Superseded)
            | (
                Draft | InReview | ChangesRequested | Approved | Published,
                Withdrawn
            )
    )
}

const SELECT: &str = "SELECT s.id, s.kind, s.audience, s.jurisdictions, s.release_set, \
    s.created_at, s.created_by, v.version, v.title, v.snapshot_id, v.sha256 \
    FROM statements s JOIN statement_versions v ON v.statement_id = s.id \
    AND v.version = (SELECT max(version) FROM statement_versions WHERE statement_id = s.id)";

fn read_statement(r: &rusqlite::Row) -> rusqlite::Result<Statement> {
    let jurisdictions: String = r.get(3)?;
    Ok(Statement {
        id: r.get(0)?,
        kind: r.get(1)?,
        audience: r.get(2)?,
        jurisdictions: jurisdictions
            .split(',')
            .filter(|j| !j.is_empty())
            .map(str::to_string)
            .collect(),
        release_set: r.get(4)?,
        created_at: r.get(5)?,
        created_by: r.get(6)?,
        version: r.get(7)?,
        title: r.get(8)?,
        snapshot_id: r.get(9)?,
        sha256: r.get(10)?,
        state: StatementState::Draft,
        published_version: None,
    })
}

const VERSIONS: &str = "SELECT statement_id, version, title, body, snapshot_id, rendered, sha256, \
    saved_at, saved_by FROM statement_versions";

fn read_version(r: &rusqlite::Row) -> rusqlite::Result<StatementVersion> {
    Ok(StatementVersion {
        statement_id: r.get(0)?,
        version: r.get(1)?,
        title: r.get(2)?,
        body: r.get(3)?,
        snapshot_id: r.get(4)?,
        rendered: r.get(5)?,
        sha256: r.get(6)?,
        state: StatementState::Draft,
        saved_at: r.get(7)?,
        saved_by: r.get(8)?,
    })
}

/// The state each version reached: its last transition's, or draft.
fn version_states(conn: &rusqlite::Connection, id: &str) -> Result<Vec<(u32, StatementState)>> {
    let mut stmt = conn.prepare(
        "SELECT version, to_state FROM statement_transitions WHERE statement_id = ?1
         ORDER BY seq",
    )?;
    let mut states: Vec<(u32, StatementState)> = Vec::new();
    for row in stmt.query_map([id], |r| Ok((r.get::<_, u32>(0)?, r.get(1)?)))? {
        let (v, s) = row?;
        match states.iter_mut().find(|(x, _)| *x == v) {
            Some(e) => e.1 = s,
            None => states.push((v, s)),
        }
    }
    Ok(states)
}

fn state_of(states: &[(u32, StatementState)], version: u32) -> StatementState {
    states
        .iter()
        .find(|(v, _)| *v == version)
        .map(|(_, s)| *s)
        .unwrap_or(StatementState::Draft)
}

/// `18 October 2019`, as precise as the key date is.
fn spoken_date(local: &str, precision: Precision) -> String {
    let Ok(day) = chrono::NaiveDate::parse_from_str(local.get(..10).unwrap_or(local), "%Y-%m-%d")
    else {
        return local.to_string();
    };
    match precision {
        Precision::Month => day.format("%B %Y").to_string(),
        Precision::Estimated => format!("about {}", day.format("%-d %B %Y")),
        Precision::Exact | Precision::Day => day.format("%-d %B %Y").to_string(),
    }
}

/// `name, e-mail address and phone number`.
fn spoken_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

impl Case {
    /// Every statement, in id order, each as its latest version stands.
    pub fn statements(&self) -> Result<Vec<Statement>> {
        let mut stmt = self.conn().prepare(&format!("{SELECT} ORDER BY s.num"))?;
        let rows = stmt
            .query_map([], read_statement)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter().map(|s| self.with_state(s)).collect()
    }

    /// One statement by id (`ST-0001`, also as typed: `st-1`).
    pub fn statement(&self, id: &str) -> Result<Statement> {
        let id = normal_id(id, "ST");
        let row = self
            .conn()
            .query_row(&format!("{SELECT} WHERE s.id = ?1"), [&id], read_statement)
            .optional()?;
        match row {
            Some(s) => self.with_state(s),
            None => Err(Error::NotFound {
                what: "statement",
                id,
            }),
        }
    }

    fn with_state(&self, mut s: Statement) -> Result<Statement> {
        let states = version_states(self.conn(), &s.id)?;
        s.state = state_of(&states, s.version);
        s.published_version = states
            .iter()
            .filter(|(_, st)| *st == StatementState::Published)
            .map(|(v, _)| *v)
            .max();
        Ok(s)
    }

    /// A statement with everything recorded against it.
    pub fn statement_detail(&self, id: &str) -> Result<StatementDetail> {
        let statement = self.statement(id)?;
        let states = version_states(self.conn(), &statement.id)?;
        let mut stmt = self.conn().prepare(&format!(
            "{VERSIONS} WHERE statement_id = ?1 ORDER BY version"
        ))?;
        let versions = stmt
            .query_map([&statement.id], read_version)?
            .map(|v| {
                v.map(|mut v| {
                    v.state = state_of(&states, v.version);
                    v
                })
            })
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut stmt = self.conn().prepare(
            "SELECT statement_id, version, from_state, to_state, comment, at, actor
             FROM statement_transitions WHERE statement_id = ?1 ORDER BY seq",
        )?;
        let transitions = stmt
            .query_map([&statement.id], |r| {
                Ok(Transition {
                    statement_id: r.get(0)?,
                    version: r.get(1)?,
                    from: r.get(2)?,
                    to: r.get(3)?,
                    comment: r.get(4)?,
                    at: r.get(5)?,
                    actor: r.get(6)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let approvals = self.approvals(&statement.id)?;
        let awaiting = statement
            .kind
            .approvers()
            .iter()
            .filter(|role| {
                !approvals
                    .iter()
                    .any(|a| a.version == statement.version && a.role == **role)
            })
            .copied()
            .collect();
        Ok(StatementDetail {
            statement,
            versions,
            transitions,
            approvals,
            awaiting,
        })
    }

    fn approvals(&self, id: &str) -> Result<Vec<Approval>> {
        let mut stmt = self.conn().prepare(
            "SELECT a.statement_id, a.version, a.approver, coalesce(t.name, ''), a.role,
                 a.manner, a.evidence_id, a.sha256, a.comment, a.at, a.recorded_by
             FROM statement_approvals a LEFT JOIN team_members t ON t.id = a.approver
             WHERE a.statement_id = ?1 ORDER BY a.seq",
        )?;
        let rows = stmt
            .query_map([id], |r| {
                Ok(Approval {
                    statement_id: r.get(0)?,
                    version: r.get(1)?,
                    approver: r.get(2)?,
                    approver_name: r.get(3)?,
                    role: r.get(4)?,
                    manner: r.get(5)?,
                    evidence_id: r.get(6)?,
                    sha256: r.get(7)?,
                    comment: r.get(8)?,
                    at: r.get(9)?,
                    recorded_by: r.get(10)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    fn statement_version(&self, id: &str, version: u32) -> Result<StatementVersion> {
        self.conn()
            .query_row(
                &format!("{VERSIONS} WHERE statement_id = ?1 AND version = ?2"),
                params![id, version],
                read_version,
            )
            .optional()?
            .ok_or_else(|| Error::invalid("version", format!("{id} has no version {version}")))
    }

    /// The figures a statement's tokens resolve against: `snapshot`'s counts, the case's key
    /// dates and harm tally, and the delay sentence for `jurisdictions`.
    pub fn statement_figures(
        &self,
        snapshot: &Snapshot,
        jurisdictions: &[String],
    ) -> Result<Figures> {
        let b = &snapshot.content.breakdown;
        let t = &b.tally;
        let mut f = Figures {
            snapshot_id: snapshot.content.id.clone(),
            ..Figures::default()
        };
        f.counts.insert("people".into(), t.people);
        f.counts.insert("records".into(), t.records);
        f.counts.insert("minors".into(), t.minors);
        for (prefix, map) in [
            ("country", &t.by_country),
            ("state", &t.by_us_state),
            ("province", &b.by_ca_province),
            ("element", &t.by_element),
        ] {
            for (k, v) in map {
                f.counts.insert(format!("{prefix}:{k}"), *v);
            }
        }
        let elements = self.elements()?;
        f.element_codes = elements.iter().map(|e| e.key.clone()).collect();
        let exposed: Vec<String> = elements
            .iter()
            .filter(|e| t.by_element.get(&e.key).is_some_and(|n| *n > 0))
            .map(|e| e.label.to_lowercase())
            .collect();
        if !exposed.is_empty() {
            f.phrases.insert("elements".into(), spoken_list(&exposed));
        }
        let dates = self.key_dates()?;
        for d in &dates {
            f.dates.insert(
                format!("date:{}", d.kind.code()),
                spoken_date(&d.when.local, d.precision),
            );
        }
        let day = |k: KeyDateKind| f.dates.get(&format!("date:{}", k.code())).cloned();
        let range = match (
            day(KeyDateKind::FirstUnauthorizedAccess),
            day(KeyDateKind::LastUnauthorizedAccess),
        ) {
            (Some(a), Some(b)) if a == b => Some(format!("on {a}")),
            (Some(a), Some(b)) => Some(format!("between {a} and {b}")),
            (Some(a), None) => Some(format!("from {a}")),
            _ => None,
        };
        if let Some(r) = range {
            f.phrases.insert("date_range".into(), r);
        }
        let delayed = if jurisdictions.is_empty() {
            !self.delay_requests()?.is_empty()
        } else {
            jurisdictions
                .iter()
                .map(|j| self.notice_delayed_by_law_enforcement(j))
                .collect::<Result<Vec<_>>>()?
                .into_iter()
                .any(|d| d)
        };
        f.phrases.insert(
            "le_delay".into(),
            if delayed {
                "This notice was delayed at the request of law enforcement so as not to impede \
                 a criminal investigation."
            } else {
                "This notice was not delayed by a law-enforcement investigation."
            }
            .into(),
        );
        let harm = self.harm_tally()?;
        f.harm_recorded = harm.reports > 0;
        if f.harm_recorded {
            for (k, v) in [
                ("reports", harm.reports),
                ("matched", harm.matched),
                ("unmatched", harm.unmatched),
                ("quoting", harm.quoting_stolen_data),
                ("with_loss", harm.with_loss),
                ("police", harm.reported_to_police),
            ] {
                f.counts.insert(format!("harm:{k}"), v);
            }
        }
        Ok(f)
    }

    /// Renders `body` as a statement for `jurisdictions` citing `snapshot` would print it.
    pub fn render_statement_body(
        &self,
        body: &str,
        snapshot: &Snapshot,
        jurisdictions: &[String],
    ) -> Result<Rendered> {
        Ok(tokens::render(
            body,
            &self.statement_figures(snapshot, jurisdictions)?,
        ))
    }

    fn cited_snapshot(&self, id: Option<&str>) -> Result<Snapshot> {
        match id.map(str::trim).filter(|s| !s.is_empty()) {
            Some(id) => self.snapshot(id),
            None => self.newest_snapshot()?.ok_or_else(|| {
                Error::invalid(
                    "snapshot",
                    "this case has no tally snapshot yet: a statement's figures come from one; \
                     take a snapshot on the Affected view first",
                )
            }),
        }
    }

    fn valid_jurisdictions(&self, codes: &[String]) -> Result<Vec<String>> {
        let mut out = Vec::new();
        for code in codes {
            let code = code.trim().to_ascii_uppercase();
            if code.is_empty() {
                continue;
            }
            let known = match code.split_once('-') {
                Some(("US", st)) => crate::affected::places::us_state_name(st).is_some(),
                Some(("CA", pr)) => crate::affected::places::ca_province_name(pr).is_some(),
                Some(_) => false,
                None => code == "EU" || crate::affected::places::country_name(&code).is_some(),
            };
            if !known {
                return Err(Error::invalid(
                    "jurisdictions",
                    format!(
                        "{code:?} is not a jurisdiction code: use US-CA, US-MA…, a country (GB, \
                         CA, JP) or EU"
                    ),
                ));
            }
            if !out.contains(&code) {
                out.push(code);
            }
        }
        Ok(out)
    }

    /// Starts a statement at version 1, a draft; returns it with its new id.
    pub fn new_statement(&mut self, input: StatementInput) -> Result<Statement> {
        let title = limited("title", &required("title", &input.title, "a title")?, 300)?;
        let body = limited("body", &input.body, 200_000)?;
        let audience = limited("audience", &input.audience, 300)?;
        let release_set = limited("release_set", &input.release_set, 200)?;
        let jurisdictions = self.valid_jurisdictions(&input.jurisdictions)?;
        let snapshot = self.cited_snapshot(input.snapshot.as_deref())?;
        let rendered = self.render_statement_body(&body, &snapshot, &jurisdictions)?;
        let id = self.transact(|tx| {
            let (num, id) = tx.next_id("statements", "ST")?;
            tx.conn().execute(
                "INSERT INTO statements (id, num, kind, audience, jurisdictions, release_set,
                     created_at, created_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    id,
                    num,
                    input.kind,
                    audience,
                    jurisdictions.join(","),
                    release_set,
                    tx.now_str(),
                    tx.actor()
                ],
            )?;
            let version = save_version(tx, &id, 1, &title, &body, &snapshot.content.id, &rendered)?;
            tx.record(
                NEW,
                "statement",
                &id,
                None,
                Some(serde_json::json!({
                    "kind": input.kind,
                    "audience": audience,
                    "jurisdictions": jurisdictions,
                    "release_set": release_set,
                    "version": version,
                })),
            )?;
            Ok(id)
        })?;
        self.statement(&id)
    }

    /// Saves a new version (versions are never changed). A statement in review or approved
    /// goes back to draft: what was reviewed is not what is there now.
    pub fn edit_statement(&mut self, id: &str, input: EditInput) -> Result<Statement> {
        let current = self.statement(id)?;
        if matches!(
            current.state,
            StatementState::Withdrawn | StatementState::Superseded
        ) {
            return Err(Error::invalid(
                "statement",
                format!(
                    "{} is {}: start a new statement instead",
                    current.id,
                    current.state.label().to_lowercase()
                ),
            ));
        }
        let title = match input
            .title
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
        {
            Some(t) => limited("title", t, 300)?,
            None => current.title.clone(),
        };
        let body = limited("body", &input.body, 200_000)?;
        let snapshot = self.cited_snapshot(Some(
            input.snapshot.as_deref().unwrap_or(&current.snapshot_id),
        ))?;
        let rendered = self.render_statement_body(&body, &snapshot, &current.jurisdictions)?;
        self.transact(|tx| {
            let version = current.version + 1;
            let saved = save_version(
                tx,
                &current.id,
                version,
                &title,
                &body,
                &snapshot.content.id,
                &rendered,
            )?;
            if matches!(
                current.state,
                StatementState::InReview
                    | StatementState::ChangesRequested
                    | StatementState::Approved
            ) {
                transition(
                    tx,
                    &current.id,
                    current.version,
                    current.state,
                    StatementState::Draft,
                    &format!("version {version} saved"),
                )?;
            }
            tx.record(
                EDIT,
                "statement",
                &current.id,
                Some(serde_json::json!({"version": current.version, "sha256": current.sha256})),
                Some(saved),
            )
        })?;
        self.statement(&current.id)
    }

    /// Moves a statement's latest version to `to`, recording who, when and why. Approval
    /// goes through [`Case::approve_statement`]; publishing supersedes the version published
    /// before.
    pub fn move_statement(
        &mut self,
        id: &str,
        to: StatementState,
        comment: &str,
    ) -> Result<Statement> {
        let s = self.statement(id)?;
        let comment = limited("comment", comment, 2_000)?;
        if to == StatementState::Approved {
            return Err(Error::invalid(
                "state",
                "approval is recorded by each approver: use approve",
            ));
        }
        if to == StatementState::ChangesRequested && comment.is_empty() {
            return Err(Error::invalid("comment", "say which changes are requested"));
        }
        if !allowed(s.state, to) {
            return Err(Error::invalid(
                "state",
                format!(
                    "{} is {}: it cannot become {}",
                    s.id,
                    s.state.label().to_lowercase(),
                    to.label().to_lowercase()
                ),
            ));
        }
        self.transact(|tx| {
            if to == StatementState::Published {
                if let Some(old) = s.published_version.filter(|v| *v != s.version) {
                    transition(
                        tx,
                        &s.id,
                        old,
                        StatementState::Published,
                        StatementState::Superseded,
                        &format!("superseded by version {}", s.version),
                    )?;
                }
            }
            transition(tx, &s.id, s.version, s.state, to, &comment)
        })?;
        self.statement(&s.id)
    }

    /// Records one approval of the latest version. Refused while the linter blocks, or when
    /// the approver is not on the team in that role. Once every role the kind requires has
    /// approved, the version is approved.
    pub fn approve_statement(&mut self, id: &str, input: ApprovalInput) -> Result<StatementDetail> {
        let s = self.statement(id)?;
        if !matches!(
            s.state,
            StatementState::Draft | StatementState::InReview | StatementState::ChangesRequested
        ) {
            return Err(Error::invalid(
                "state",
                format!(
                    "{} version {} is {}: only a draft or a version in review is approved",
                    s.id,
                    s.version,
                    s.state.label().to_lowercase()
                ),
            ));
        }
        let member = self.team_member(&input.by, "by")?;
        if member.role != input.role {
            return Err(Error::invalid(
                "role",
                format!(
                    "{} is on the team as {}, not {}: approve in their role, or correct the \
                     team record",
                    member.name,
                    member.role.label(),
                    input.role.label()
                ),
            ));
        }
        let lint = self.lint_statement(&s.id)?;
        if lint.blocks {
            let first = lint
                .findings
                .iter()
                .find(|f| f.severity == FindingSeverity::Blocks)
                .expect("blocks means a blocking finding");
            let n = lint
                .findings
                .iter()
                .filter(|f| f.severity == FindingSeverity::Blocks)
                .count();
            return Err(Error::invalid(
                "statement",
                format!(
                    "the linter blocks approval of {} ({n} finding{}): {}{} — {}",
                    s.id,
                    if n == 1 { "" } else { "s" },
                    f_line(first.line),
                    first.message,
                    first.fix
                ),
            ));
        }
        let detail = self.statement_detail(&s.id)?;
        if detail
            .approvals
            .iter()
            .any(|a| a.version == s.version && a.role == input.role)
        {
            return Err(Error::invalid(
                "role",
                format!(
                    "{} version {} already has the approval of {}",
                    s.id,
                    s.version,
                    input.role.label().to_lowercase()
                ),
            ));
        }
        let comment = limited("comment", &input.comment, 2_000)?;
        let manner = input.manner.unwrap_or(ApprovalManner::InPerson);
        let mut document = match input
            .evidence
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            Some(path) => Some(self.read_document(
                path,
                "evidence",
                format!(
                    "Approval of {} version {} by {} ({})",
                    s.id,
                    s.version,
                    member.name,
                    input.role.label()
                ),
                member.name.clone(),
                Some("received as the approval of a statement"),
            )?),
            None => None,
        };
        let complete = detail.awaiting.iter().all(|r| *r == input.role);
        self.transact(|tx| {
            let evidence_id = match &mut document {
                Some(d) => Some(d.record_document(tx)?),
                None => None,
            };
            tx.conn().execute(
                "INSERT INTO statement_approvals (statement_id, version, approver, role, manner,
                     evidence_id, sha256, comment, at, recorded_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                params![
                    s.id,
                    s.version,
                    member.id,
                    input.role,
                    manner,
                    evidence_id,
                    s.sha256,
                    comment,
                    tx.now_str(),
                    tx.actor()
                ],
            )?;
            tx.record(
                APPROVE,
                "statement",
                &s.id,
                None,
                Some(serde_json::json!({
                    "version": s.version,
                    "approver": member.id,
                    "role": input.role,
                    "manner": manner,
                    "evidence_id": evidence_id,
                    "sha256": s.sha256,
                })),
            )?;
            let mut state = s.state;
            if state != StatementState::InReview {
                transition(
                    tx,
                    &s.id,
                    s.version,
                    state,
                    StatementState::InReview,
                    "sent for approval",
                )?;
                state = StatementState::InReview;
            }
            if complete {
                transition(
                    tx,
                    &s.id,
                    s.version,
                    state,
                    StatementState::Approved,
                    "every required approver approved",
                )?;
            }
            Ok(())
        })?;
        if let Some(d) = document {
            d.keep();
        }
        self.statement_detail(&s.id)
    }

    /// Runs the linter on a statement's latest version against its release set, the content
    /// rules of its jurisdictions, the latest snapshot and the subject's name.
    pub fn lint_statement(&self, id: &str) -> Result<LintReport> {
        let s = self.statement(id)?;
        let version = self.statement_version(&s.id, s.version)?;
        let snapshot = self.snapshot(&version.snapshot_id)?;
        let rendered = self.render_statement_body(&version.body, &snapshot, &s.jurisdictions)?;
        let mut sibling_renders = Vec::new();
        if !s.release_set.is_empty() {
            for other in self.statements()? {
                if other.id == s.id
                    || other.release_set != s.release_set
                    || matches!(
                        other.state,
                        StatementState::Withdrawn | StatementState::Superseded
                    )
                {
                    continue;
                }
                let v = self.statement_version(&other.id, other.version)?;
                let snap = self.snapshot(&v.snapshot_id)?;
                let r = self.render_statement_body(&v.body, &snap, &other.jurisdictions)?;
                sibling_renders.push((other.id, v.snapshot_id, r));
            }
        }
        let content_rules = match s.kind.recipient() {
            Some(recipient) => {
                let set = self.rule_set_in_use()?;
                set.rules
                    .iter()
                    .filter(|r| {
                        r.recipient == recipient && s.jurisdictions.contains(&r.jurisdiction)
                    })
                    .map(|r| ContentRule {
                        rule: r.id.clone(),
                        jurisdiction: r.jurisdiction.clone(),
                        citation: r.citation.clone(),
                        required: r.content_required.clone(),
                        prohibited: r.content_prohibited.clone(),
                    })
                    .collect()
            }
            None => Vec::new(),
        };
        let latest = self.newest_snapshot()?.map(|n| n.content.id);
        let subject = self.subject()?.map(|x| x.name);
        let cx = lint::Context {
            siblings: sibling_renders
                .iter()
                .map(|(id, snap, r)| Sibling {
                    id,
                    snapshot_id: snap,
                    figures: &r.figures,
                })
                .collect(),
            content_rules,
            latest_snapshot: latest.as_deref(),
            subject_name: subject.as_deref(),
        };
        let mut findings = lint::lint(
            &lint::Draft {
                id: &s.id,
                body: &version.body,
                rendered: &rendered,
                snapshot_id: &version.snapshot_id,
            },
            &cx,
        );
        if rendered.text != version.rendered {
            findings.insert(
                0,
                Finding {
                    severity: FindingSeverity::Blocks,
                    check: "changed_since_saved".into(),
                    statement: s.id.clone(),
                    line: None,
                    message: format!(
                        "what version {} prints has changed since it was saved (a key date, \
                         delay or harm figure changed)",
                        s.version
                    ),
                    fix: "save the statement again so the version holds what will be approved"
                        .into(),
                },
            );
        }
        let blocks = findings
            .iter()
            .any(|f| f.severity == FindingSeverity::Blocks);
        Ok(LintReport {
            statement_id: s.id,
            version: s.version,
            findings,
            blocks,
        })
    }

    /// A version's text (the latest when `version` is `None`), as saved.
    pub fn rendered_statement(&self, id: &str, version: Option<u32>) -> Result<RenderedStatement> {
        let s = self.statement(id)?;
        let v = self.statement_version(&s.id, version.unwrap_or(s.version))?;
        Ok(RenderedStatement {
            statement_id: s.id,
            version: v.version,
            title: v.title,
            snapshot_id: v.snapshot_id,
            markdown: v.rendered,
            sha256: v.sha256,
        })
    }

    /// The line diff of two versions' bodies.
    pub fn statement_diff(&self, id: &str, from: u32, to: u32) -> Result<Vec<DiffLine>> {
        let s = self.statement(id)?;
        let a = self.statement_version(&s.id, from)?;
        let b = self.statement_version(&s.id, to)?;
        Ok(diff_lines(&a.body, &b.body))
    }

    /// Approved and published statements whose figures `snapshot` (the newest when `None`)
    /// would change: what must be reissued.
    pub fn statements_to_reissue(&self, snapshot: Option<&str>) -> Result<Vec<Reissue>> {
        let Some(newer) = (match snapshot {
            Some(id) => Some(self.snapshot(id)?),
            None => self.newest_snapshot()?,
        }) else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for s in self.statements()? {
            let (version, state) = match (s.state, s.published_version) {
                (StatementState::Approved, _) => (s.version, StatementState::Approved),
                (_, Some(v)) => (v, StatementState::Published),
                _ => continue,
            };
            let changes = self.figure_changes(&s, version, &newer)?;
            if !changes.is_empty() {
                out.push(Reissue {
                    statement_id: s.id,
                    version,
                    state,
                    changes,
                });
            }
        }
        Ok(out)
    }

    /// Every statement with how the newest snapshot would change its latest version's
    /// figures (withdrawn and superseded ones are never stale).
    pub fn statement_listing(&self) -> Result<Vec<StatementListing>> {
        let newest = self.newest_snapshot()?;
        self.statements()?
            .into_iter()
            .map(|s| {
                let changes = match &newest {
                    Some(n)
                        if !matches!(
                            s.state,
                            StatementState::Withdrawn | StatementState::Superseded
                        ) =>
                    {
                        self.figure_changes(&s, s.version, n)?
                    }
                    _ => Vec::new(),
                };
                Ok(StatementListing {
                    stale: !changes.is_empty(),
                    changes,
                    statement: s,
                })
            })
            .collect()
    }

    /// The content library's blocks, with the jurisdictions (in the rule set in use) whose
    /// notices require or forbid each.
    pub fn statement_library(&self) -> Result<Vec<library::LibraryBlock>> {
        Ok(library::blocks(&self.rule_set_in_use()?))
    }

    /// A first draft of a `kind` statement for `jurisdictions` from the library: the kind's
    /// template less what a jurisdiction forbids, plus what one requires.
    pub fn statement_draft(&self, kind: StatementKind, jurisdictions: &[String]) -> Result<String> {
        let jurisdictions = self.valid_jurisdictions(jurisdictions)?;
        Ok(library::draft(
            &self.rule_set_in_use()?,
            kind,
            &jurisdictions,
        ))
    }

    /// What `body` would print for a statement citing `snapshot` (the newest when `None`) for
    /// `jurisdictions`: the editor's live preview.
    pub fn preview_statement(
        &self,
        body: &str,
        snapshot: Option<&str>,
        jurisdictions: &[String],
    ) -> Result<Rendered> {
        let snapshot = self.cited_snapshot(snapshot)?;
        let jurisdictions = self.valid_jurisdictions(jurisdictions)?;
        self.render_statement_body(body, &snapshot, &jurisdictions)
    }

    /// `people: 3 → 5` for each figure of `version` that `newer` would print differently.
    fn figure_changes(&self, s: &Statement, version: u32, newer: &Snapshot) -> Result<Vec<String>> {
        let v = self.statement_version(&s.id, version)?;
        if v.snapshot_id == newer.content.id {
            return Ok(Vec::new());
        }
        let cited = self.snapshot(&v.snapshot_id)?;
        let then = self.render_statement_body(&v.body, &cited, &s.jurisdictions)?;
        let now = self.render_statement_body(&v.body, newer, &s.jurisdictions)?;
        Ok(then
            .figures
            .iter()
            .zip(&now.figures)
            .filter(|(a, b)| a.number.is_some() && a.value != b.value)
            .map(|(a, b)| format!("{}: {} \u{2192} {}", a.key, a.value, b.value))
            .collect())
    }
}

/// The text with the linter's `<!-- covers: … -->` markers (and any other HTML comment)
/// removed: what is published never carries them.
pub fn without_markers(markdown: &str) -> String {
    let mut out = Vec::new();
    let mut in_comment = false;
    for line in markdown.lines() {
        let mut kept = String::new();
        let mut rest = line;
        loop {
            if in_comment {
                match rest.find("-->") {
                    Some(end) => {
                        rest = &rest[end + 3..];
                        in_comment = false;
                    }
                    None => break,
                }
            } else {
                match rest.find("<!--") {
                    Some(start) => {
                        kept.push_str(&rest[..start]);
                        rest = &rest[start + 4..];
                        in_comment = true;
                    }
                    None => {
                        kept.push_str(rest);
                        break;
                    }
                }
            }
        }
        // A line that held only a marker leaves no blank line behind.
        if !kept.trim().is_empty() || line.trim().is_empty() {
            out.push(kept.trim_end().to_string());
        }
    }
    out.join("\n")
}

/// The Markdown read as plain text: heading marks and emphasis dropped, bullets kept.
pub fn plain_text(markdown: &str) -> String {
    without_markers(markdown)
        .lines()
        .map(|line| {
            let l = line.trim_start();
            let l = if l.starts_with('#') {
                l.trim_start_matches('#').trim_start()
            } else {
                line
            };
            l.replace("**", "").replace("__", "")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A Markdown body as blocks to lay out: headings (level 1–3), paragraphs (lines joined) and
/// list items. What the PDF and DOCX renderings draw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Heading(u8, String),
    Paragraph(String),
    Item(String),
}

pub fn blocks(markdown: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut para: Vec<String> = Vec::new();
    let flush = |para: &mut Vec<String>, out: &mut Vec<Block>| {
        if !para.is_empty() {
            out.push(Block::Paragraph(para.join(" ")));
            para.clear();
        }
    };
    let clean = |s: &str| s.replace("**", "").replace("__", "").trim().to_string();
    for line in without_markers(markdown).lines() {
        let t = line.trim();
        if t.is_empty() {
            flush(&mut para, &mut out);
        } else if t.starts_with('#') {
            flush(&mut para, &mut out);
            let level = t.chars().take_while(|c| *c == '#').count().min(3) as u8;
            out.push(Block::Heading(level, clean(t.trim_start_matches('#'))));
        } else if let Some(item) = t.strip_prefix("- ").or_else(|| t.strip_prefix("* ")) {
            flush(&mut para, &mut out);
            out.push(Block::Item(clean(item)));
        } else {
            para.push(clean(t));
        }
    }
    flush(&mut para, &mut out);
    out
}

fn f_line(line: Option<u32>) -> String {
    line.map(|l| format!("line {l}: ")).unwrap_or_default()
}

fn save_version(
    tx: &mut Tx,
    id: &str,
    version: u32,
    title: &str,
    body: &str,
    snapshot_id: &str,
    rendered: &Rendered,
) -> Result<serde_json::Value> {
    let hash = sha256(&rendered.text);
    tx.conn().execute(
        "INSERT INTO statement_versions (statement_id, version, title, body, snapshot_id,
             rendered, sha256, saved_at, saved_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            id,
            version,
            title,
            body,
            snapshot_id,
            rendered.text,
            hash,
            tx.now_str(),
            tx.actor()
        ],
    )?;
    // The audit entry holds hashes, not the text: a draft may quote what counsel has not
    // cleared yet, and the version table keeps the text itself.
    Ok(serde_json::json!({
        "version": version,
        "title": title,
        "snapshot": snapshot_id,
        "body_sha256": sha256(body),
        "sha256": hash,
    }))
}

fn transition(
    tx: &mut Tx,
    id: &str,
    version: u32,
    from: StatementState,
    to: StatementState,
    comment: &str,
) -> Result<()> {
    tx.conn().execute(
        "INSERT INTO statement_transitions (statement_id, version, from_state, to_state,
             comment, at, actor)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![id, version, from, to, comment, tx.now_str(), tx.actor()],
    )?;
    tx.record(
        MOVE,
        "statement",
        id,
        Some(serde_json::json!({"version": version, "state": from})),
        Some(serde_json::json!({"version": version, "state": to, "comment": comment})),
    )
}
