//! What a case decided about its obligations: the rule set it uses, answers to questions,
//! counsel's overrides and the filings made. Each change is audited.

use super::engine::evaluate;
use super::rules::{self, RuleSet};
use super::{
    AnchorDate, Clock, Dependency, Facts, Obligation, Outcome, Pause, PeopleGroup, Question,
};
use crate::affected::people::UNKNOWN_PLACE;
use crate::affected::snapshot::Snapshot;
use crate::audit::canonical_json;
use crate::error::{Error, Result};
use crate::store::Case;
use crate::util::json::to_json;
use crate::util::text::{limited, required};
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use specta::Type;
use std::collections::BTreeMap;

/// An answer to a [`Question`], with who gave it and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Answer {
    pub question: Question,
    /// The question as asked.
    pub text: String,
    /// `None` while unanswered.
    pub value: Option<bool>,
    pub reason: String,
    pub by: String,
    pub at: String,
}

/// Counsel's outcome for one rule; shown beside the computed one, never replacing it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Override {
    pub outcome: Outcome,
    pub reason: String,
    pub by: String,
    pub at: String,
}

/// A notice that was made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Filing {
    /// The rule filed under.
    pub rule: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    pub reference: String,
    /// The evidence item holding the filed document (`E-0012`), if one was attached.
    pub document: Option<String>,
    pub by: String,
    pub at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct ObligationRow {
    pub computed: Obligation,
    #[serde(rename = "override")]
    pub override_: Option<Override>,
    pub filing: Option<Filing>,
}

/// A difference between this snapshot's evaluation and the previous snapshot's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct ObligationChange {
    pub rule: String,
    /// e.g. "now required: 612 residents cross the threshold of more than 500",
    /// "due date moved from 2019-11-29 to 2019-12-02".
    pub change: String,
}

/// The obligations of a case against one snapshot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct ObligationsReport {
    /// The rule-set version the case uses.
    pub rule_set: String,
    /// The version this build ships; when it differs the user may re-evaluate.
    pub shipped_rule_set: String,
    pub snapshot: String,
    pub obligations: Vec<ObligationRow>,
    pub questions: Vec<Answer>,
    /// Against the snapshot before this one; empty for the first.
    pub changes: Vec<ObligationChange>,
    /// What the reader must know about the evaluation as a whole: a snapshot that predates
    /// per-person groups, a rule set older than the one this build ships.
    pub notes: Vec<String>,
}

/// What `file` records.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct FilingInput {
    pub rule: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    pub reference: Option<String>,
    /// A document to register as evidence and link to the filing.
    pub document: Option<String>,
}

/// Audit actions of this module.
const ADOPTED: &str = "obligations.rule_set";
const ANSWERED: &str = "obligations.answer";
const OVERRIDDEN: &str = "obligations.override";
const FILED: &str = "obligations.file";

fn sha256(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// Groups rebuilt from a snapshot's per-place counts, for snapshots taken before groups were
/// frozen: places are right, elements are not known.
fn groups_by_place(s: &Snapshot) -> Vec<PeopleGroup> {
    let b = &s.content.breakdown;
    let group = |country: &str, region: &str, people: u32| PeopleGroup {
        country: country.to_string(),
        region: if region == UNKNOWN_PLACE {
            String::new()
        } else {
            region.to_string()
        },
        minor: false,
        elements: Vec::new(),
        people,
    };
    let mut out = Vec::new();
    for (country, n) in &b.tally.by_country {
        match country.as_str() {
            "US" => out.extend(b.tally.by_us_state.iter().map(|(r, n)| group("US", r, *n))),
            "CA" => out.extend(b.by_ca_province.iter().map(|(r, n)| group("CA", r, *n))),
            c => out.push(group(c, "", *n)),
        }
    }
    out
}

/// What a snapshot taken before per-person groups can and cannot say: the outcome is unknown,
/// the places and clocks still stand.
fn predating_groups(o: &mut Obligation, snapshot: &str) {
    o.outcome = Outcome::Unknown;
    o.people = 0;
    o.depends_on.push(Dependency::note(format!(
        "a snapshot with per-person groups: {snapshot} predates them, take a new snapshot"
    )));
    o.reasoning.insert(
        0,
        format!(
            "{snapshot} was taken before snapshots kept which data elements were exposed \
             together for each person, so whether this jurisdiction's definition of personal \
             information is met cannot be judged from it."
        ),
    );
}

/// The differences between the previous snapshot's evaluation and this one's.
fn changes(before: &[Obligation], now: &[Obligation]) -> Vec<ObligationChange> {
    let mut out = Vec::new();
    let old: BTreeMap<&str, &Obligation> = before.iter().map(|o| (o.rule.as_str(), o)).collect();
    for o in now {
        let change = |change: String| ObligationChange {
            rule: o.rule.clone(),
            change,
        };
        let Some(p) = old.get(o.rule.as_str()) else {
            out.push(change(format!(
                "new: {} now has affected residents ({}; {} people)",
                o.jurisdiction,
                o.outcome.label().to_lowercase(),
                o.people
            )));
            continue;
        };
        if p.outcome != o.outcome {
            out.push(change(format!(
                "now {} (was {}): {} people, {} before",
                o.outcome.label().to_lowercase(),
                p.outcome.label().to_lowercase(),
                o.people,
                p.people
            )));
        } else if p.people != o.people {
            out.push(change(format!(
                "concerns {} people (was {})",
                o.people, p.people
            )));
        }
        if p.due != o.due {
            out.push(change(format!(
                "due date moved from {} to {}",
                p.due.as_deref().unwrap_or("none"),
                o.due.as_deref().unwrap_or("none")
            )));
        }
    }
    for p in before {
        if !now.iter().any(|o| o.rule == p.rule) {
            out.push(ObligationChange {
                rule: p.rule.clone(),
                change: format!(
                    "no longer applies: no affected residents in {}",
                    p.jurisdiction
                ),
            });
        }
    }
    out
}

fn yes_no(value: Option<bool>) -> &'static str {
    match value {
        Some(true) => "yes",
        Some(false) => "no",
        None => "unanswered",
    }
}

impl Case {
    /// The rule set the case adopted last, `None` before its first evaluation.
    fn adopted_rule_set(&self) -> Result<Option<RuleSet>> {
        let row: Option<(String, String, String)> = self
            .conn()
            .query_row(
                "SELECT version, content, sha256 FROM obligation_rule_sets
                 ORDER BY seq DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let Some((version, content, hash)) = row else {
            return Ok(None);
        };
        if sha256(&content) != hash {
            return Err(Error::corrupt(format!(
                "the stored notification rule set {version} no longer matches its SHA-256"
            )));
        }
        serde_json::from_str(&content).map(Some).map_err(|e| {
            Error::corrupt(format!(
                "the stored notification rule set {version} does not read: {e}"
            ))
        })
    }

    /// The set evaluations use: the adopted one, or before any, the one this build ships.
    pub(crate) fn rule_set_in_use(&self) -> Result<RuleSet> {
        Ok(self
            .adopted_rule_set()?
            .unwrap_or_else(|| rules::shipped().clone()))
    }

    fn resolve_snapshot(&self, snapshot: Option<&str>) -> Result<Snapshot> {
        match snapshot.map(str::trim).filter(|s| !s.is_empty()) {
            Some(id) => self.snapshot(id),
            None => self.newest_snapshot()?.ok_or_else(|| {
                Error::invalid(
                    "snapshot",
                    "this case has no tally snapshot yet: import the affected people and take \
                     a snapshot, then evaluate the obligations",
                )
            }),
        }
    }

    /// The newest answer to each question (withdrawn ones are unanswered again).
    fn answers(&self) -> Result<BTreeMap<Question, Answer>> {
        let mut stmt = self.conn().prepare(
            "SELECT question, value, reason, answered_by, answered_at FROM obligation_answers
             ORDER BY seq",
        )?;
        let mut out = BTreeMap::new();
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let question: Question = r.get(0)?;
            out.insert(
                question,
                Answer {
                    question,
                    text: question.label().to_string(),
                    value: r.get(1)?,
                    reason: r.get(2)?,
                    by: r.get(3)?,
                    at: r.get(4)?,
                },
            );
        }
        Ok(out)
    }

    /// The newest override of each rule still in force.
    fn overrides(&self) -> Result<BTreeMap<String, Override>> {
        let mut stmt = self.conn().prepare(
            "SELECT rule, outcome, reason, set_by, set_at FROM obligation_overrides ORDER BY seq",
        )?;
        let mut out = BTreeMap::new();
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let rule: String = r.get(0)?;
            match r.get::<_, Option<Outcome>>(1)? {
                Some(outcome) => out.insert(
                    rule,
                    Override {
                        outcome,
                        reason: r.get(2)?,
                        by: r.get(3)?,
                        at: r.get(4)?,
                    },
                ),
                None => out.remove(&rule),
            };
        }
        Ok(out)
    }

    /// Every filing made, oldest first.
    pub fn obligation_filings(&self) -> Result<Vec<Filing>> {
        let mut stmt = self.conn().prepare(
            "SELECT rule, filed_on, reference, evidence_id, recorded_by, recorded_at
             FROM obligation_filings ORDER BY filed_on, seq",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok(Filing {
                    rule: r.get(0)?,
                    date: r.get(1)?,
                    reference: r.get(2)?,
                    document: r.get(3)?,
                    by: r.get(4)?,
                    at: r.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// What the engine reads for one snapshot, law-enforcement delays included (the engine
    /// applies each only to the rules that allow one).
    fn facts(&self, snapshot: &Snapshot) -> Result<Facts> {
        let key_dates = self.key_dates()?;
        let mut dates = BTreeMap::new();
        for clock in Clock::ALL {
            let kind = clock.key_date();
            if let Some(d) = key_dates.iter().find(|d| d.kind == kind) {
                let local_date = chrono::NaiveDate::parse_from_str(
                    d.when.local.get(..10).unwrap_or(""),
                    "%Y-%m-%d",
                )
                .map_err(|_| {
                    Error::corrupt(format!("key date {} has no readable day", kind.code()))
                })?;
                dates.insert(
                    *clock,
                    AnchorDate {
                        at_utc: d.when.instant(),
                        local_date,
                    },
                );
            }
        }
        let answers = self
            .answers()?
            .into_values()
            .filter_map(|a| Some((a.question, a.value?)))
            .collect();
        let groups = if snapshot.content.groups.is_empty() {
            groups_by_place(snapshot)
        } else {
            snapshot.content.groups.clone()
        };
        Ok(Facts {
            groups,
            dates,
            answers,
            pauses: self.pauses()?,
        })
    }

    /// The referrals' delay requests as the engine sees them: a delay lifted early ends on
    /// the day it was lifted.
    fn pauses(&self) -> Result<Vec<Pause>> {
        let day = |s: &str, what: &str| {
            chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| {
                Error::corrupt(format!("a delay request's {what} {s:?} is not a date"))
            })
        };
        self.delay_requests()?
            .into_iter()
            .map(|d| {
                let until = match (&d.lifted_on, &d.until) {
                    (Some(l), _) => Some(day(l, "lift date")?),
                    (None, Some(u)) => Some(day(u, "end date")?),
                    (None, None) => None,
                };
                Ok(Pause {
                    by: d.referral_id,
                    from: day(&d.from, "start date")?,
                    until,
                    jurisdictions: d.jurisdictions,
                    written: d.written,
                })
            })
            .collect()
    }

    fn evaluate_snapshot(&self, set: &RuleSet, snapshot: &Snapshot) -> Result<Vec<Obligation>> {
        let mut computed = evaluate(set, &self.facts(snapshot)?);
        if snapshot.content.groups.is_empty() {
            for o in &mut computed {
                predating_groups(o, &snapshot.content.id);
            }
        }
        Ok(computed)
    }

    /// Evaluates the case's rule set against a snapshot (the newest when `None`; no snapshot
    /// is an error that says to take one). The first evaluation adopts the rule set this build
    /// ships, so later builds keep showing the same results until the case adopts theirs.
    pub fn obligations(&mut self, snapshot: Option<&str>) -> Result<ObligationsReport> {
        self.resolve_snapshot(snapshot)?;
        if self.adopted_rule_set()?.is_none() {
            self.adopt_shipped_rule_set()?;
        }
        self.obligations_report(snapshot)
    }

    /// [`Case::obligations`] without adopting a rule set: for views that only read (the
    /// timeline, the packet). Before the first evaluation it shows the shipped set's results.
    pub fn obligations_report(&self, snapshot: Option<&str>) -> Result<ObligationsReport> {
        let snap = self.resolve_snapshot(snapshot)?;
        let set = self.rule_set_in_use()?;
        let computed = self.evaluate_snapshot(&set, &snap)?;
        let previous: Option<Snapshot> = self
            .snapshots()?
            .into_iter()
            .take_while(|s| s.content.id != snap.content.id)
            .last();
        let changes = match &previous {
            Some(p) => changes(&self.evaluate_snapshot(&set, p)?, &computed),
            None => Vec::new(),
        };
        let mut overrides = self.overrides()?;
        let filings = self.obligation_filings()?;
        let obligations = computed
            .into_iter()
            .map(|o| ObligationRow {
                override_: overrides.remove(&o.rule),
                filing: filings.iter().rev().find(|f| f.rule == o.rule).cloned(),
                computed: o,
            })
            .collect();
        let answers = self.answers()?;
        let questions = Question::ALL
            .iter()
            .map(|q| {
                answers.get(q).cloned().unwrap_or_else(|| Answer {
                    question: *q,
                    text: q.label().to_string(),
                    value: None,
                    reason: String::new(),
                    by: String::new(),
                    at: String::new(),
                })
            })
            .collect();
        let shipped = rules::shipped().version.clone();
        let mut notes = Vec::new();
        if snap.content.groups.is_empty() {
            notes.push(format!(
                "{} predates per-person groups: outcomes are unknown until a new snapshot is taken.",
                snap.content.id
            ));
        }
        if set.version != shipped {
            notes.push(format!(
                "These results use rule set {}, which the case adopted; this version of Casebook \
                 ships {shipped}. Re-evaluate to adopt it.",
                set.version
            ));
        }
        Ok(ObligationsReport {
            rule_set: set.version,
            shipped_rule_set: shipped,
            snapshot: snap.content.id,
            obligations,
            questions,
            changes,
            notes,
        })
    }

    /// Records (or, with `None`, withdraws) an answer; audited.
    pub fn answer_question(
        &mut self,
        question: Question,
        value: Option<bool>,
        reason: &str,
    ) -> Result<Answer> {
        let reason = limited(
            "reason",
            &required(
                "reason",
                reason,
                "why this is the answer (who said so, on what basis)",
            )?,
            2_000,
        )?;
        let old = self.answers()?.remove(&question);
        self.transact(|tx| {
            let answer = Answer {
                question,
                text: question.label().to_string(),
                value,
                reason,
                by: tx.actor().to_string(),
                at: tx.now_str(),
            };
            tx.conn().execute(
                "INSERT INTO obligation_answers (question, value, reason, answered_at, answered_by)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![question, value, answer.reason, answer.at, answer.by],
            )?;
            tx.record(
                ANSWERED,
                "question",
                question.code(),
                old.map(|a| serde_json::json!({"value": yes_no(a.value), "reason": a.reason})),
                Some(serde_json::json!({"value": yes_no(value), "reason": answer.reason})),
            )?;
            Ok(answer)
        })
    }

    /// Checks that `rule` is a rule of the set the case uses.
    fn known_rule(&self, rule: &str) -> Result<String> {
        let rule = required("rule", rule, "the rule's id, e.g. US-CA.regulator")?;
        let set = self.rule_set_in_use()?;
        if !set.ids().contains(&rule.as_str()) {
            return Err(Error::invalid(
                "rule",
                format!(
                    "{rule:?} is not a rule of rule set {}; `casebook rules list` shows them",
                    set.version
                ),
            ));
        }
        Ok(rule)
    }

    /// Counsel's outcome for one rule with a reason (`None` withdraws it); audited.
    pub fn override_obligation(
        &mut self,
        rule: &str,
        outcome: Option<Outcome>,
        reason: &str,
    ) -> Result<Option<Override>> {
        let rule = self.known_rule(rule)?;
        let reason = limited(
            "reason",
            &required("reason", reason, "why counsel's outcome differs")?,
            2_000,
        )?;
        let old = self.overrides()?.remove(&rule);
        if outcome.is_none() && old.is_none() {
            return Err(Error::invalid(
                "outcome",
                format!("{rule} has no override to withdraw"),
            ));
        }
        self.transact(|tx| {
            let now = tx.now_str();
            tx.conn().execute(
                "INSERT INTO obligation_overrides (rule, outcome, reason, set_at, set_by)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![rule, outcome, reason, now, tx.actor()],
            )?;
            let new = outcome.map(|outcome| Override {
                outcome,
                reason: reason.clone(),
                by: tx.actor().to_string(),
                at: now,
            });
            tx.record(
                OVERRIDDEN,
                "obligation",
                &rule,
                old.map(|o| to_json(&o)),
                Some(serde_json::json!({
                    "outcome": outcome.map(Outcome::code),
                    "reason": reason,
                })),
            )?;
            Ok(new)
        })
    }

    /// Records a filing, registering its document as evidence in the same transaction;
    /// audited. Nothing is recorded, and no vault copy kept, when any part fails.
    pub fn file_obligation(&mut self, input: FilingInput) -> Result<Filing> {
        let rule = self.known_rule(&input.rule)?;
        let date = required(
            "date",
            &input.date,
            "the date the notice was filed (YYYY-MM-DD)",
        )?;
        let day = chrono::NaiveDate::parse_from_str(&date, "%Y-%m-%d").map_err(|_| {
            Error::invalid(
                "date",
                format!("{date:?} is not a date: write it as YYYY-MM-DD"),
            )
        })?;
        if day > self.now().date_naive() {
            return Err(Error::invalid(
                "date",
                format!("{date} is in the future: record a filing once it is made"),
            ));
        }
        let reference = limited("reference", input.reference.as_deref().unwrap_or(""), 200)?;
        let mut intake = match input
            .document
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            Some(path) => Some(self.read_document(
                path,
                "document",
                if reference.is_empty() {
                    format!("Notification filed under {rule} on {date}")
                } else {
                    format!("Notification filed under {rule} on {date}, reference {reference}")
                },
                "Notification filing".into(),
                None,
            )?),
            None => None,
        };
        let filing = self.transact(|tx| {
            let document = match &mut intake {
                Some(i) => Some(i.record_document(tx)?),
                None => None,
            };
            let filing = Filing {
                rule: rule.clone(),
                date: date.clone(),
                reference: reference.clone(),
                document,
                by: tx.actor().to_string(),
                at: tx.now_str(),
            };
            tx.conn().execute(
                "INSERT INTO obligation_filings (rule, filed_on, reference, evidence_id,
                     recorded_at, recorded_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    filing.rule,
                    filing.date,
                    filing.reference,
                    filing.document,
                    filing.at,
                    filing.by
                ],
            )?;
            tx.record(FILED, "obligation", &rule, None, Some(to_json(&filing)))?;
            Ok(filing)
        })?;
        if let Some(i) = intake {
            i.keep();
        }
        Ok(filing)
    }

    /// Moves the case to the rule set this build ships; audited. Adopting the set already in
    /// use changes nothing.
    pub fn adopt_shipped_rule_set(&mut self) -> Result<()> {
        let old = self.adopted_rule_set()?;
        let set = rules::shipped();
        if old.as_ref().is_some_and(|o| o.version == set.version) {
            return Ok(());
        }
        let content = canonical_json(&serde_json::to_value(set).expect("plain data"));
        let hash = sha256(&content);
        self.transact(|tx| {
            tx.conn().execute(
                "INSERT INTO obligation_rule_sets (version, content, sha256, adopted_at, adopted_by)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![set.version, content, hash, tx.now_str(), tx.actor()],
            )?;
            tx.record(
                ADOPTED,
                "rule_set",
                &set.version,
                old.map(|o| serde_json::json!({ "version": o.version })),
                Some(serde_json::json!({ "version": set.version, "sha256": hash })),
            )
        })
    }
}
