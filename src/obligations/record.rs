//! What a case decided about its obligations: the rule set it uses, answers to questions,
//! counsel's overrides and the filings made. Each change is audited.

use super::{Obligation, Outcome, Question};
use crate::error::Result;
use crate::store::Case;
use serde::{Deserialize, Serialize};
use specta::Type;

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

impl Case {
    /// Evaluates the case's rule set against a snapshot (the newest when `None`; no snapshot
    /// is an error that says to take one).
    pub fn obligations(&self, snapshot: Option<&str>) -> Result<ObligationsReport> {
        let _ = snapshot;
        todo!("record")
    }

    /// Records (or, with `None`, withdraws) an answer; audited.
    pub fn answer_question(
        &mut self,
        question: Question,
        value: Option<bool>,
        reason: &str,
    ) -> Result<Answer> {
        let _ = (question, value, reason);
        todo!("record")
    }

    /// Counsel's outcome for one rule with a reason (`None` withdraws it); audited.
    pub fn override_obligation(
        &mut self,
        rule: &str,
        outcome: Option<Outcome>,
        reason: &str,
    ) -> Result<Option<Override>> {
        let _ = (rule, outcome, reason);
        todo!("record")
    }

    /// Records a filing, registering its document as evidence; audited.
    pub fn file_obligation(&mut self, input: FilingInput) -> Result<Filing> {
        let _ = input;
        todo!("record")
    }

    /// Moves the case to the rule set this build ships; audited.
    pub fn adopt_shipped_rule_set(&mut self) -> Result<()> {
        todo!("record")
    }
}
