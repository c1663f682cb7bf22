//! Notification obligations: which regulators, bureaus and people must be told, under which
//! law, by when and from which clock. The rules are data (`rules/*.toml`, compiled in, see
//! [`rules`]); [`engine`] evaluates them against a snapshot's people, the key dates and the
//! case's answers, and [`record`] keeps what the case decided: the rule set it uses, answers,
//! overrides and filings. This is decision support for counsel, not legal advice.

pub mod engine;
pub mod record;
pub mod rules;

use crate::dates::KeyDateKind;
use crate::vocab::vocabulary;
use serde::{Deserialize, Serialize};
use specta::Type;

vocabulary! {
    /// Who receives a notice.
    Recipient {
        Individuals = "individuals", "Individuals";
        Regulator = "regulator", "Regulator";
        CreditBureaus = "credit_bureaus", "Credit bureaus";
    }
}

vocabulary! {
    /// What a rule says about a case. `NotTriggered` means the statute does not require
    /// notice, never "do not notify".
    Outcome {
        Required = "required", "Required";
        RequiredIfRisk = "required_if_risk", "Required if there is a risk of harm";
        NotTriggered = "not_triggered", "Not required by statute";
        Unknown = "unknown", "Unknown";
    }
}

vocabulary! {
    /// The event a deadline runs from.
    Clock {
        Discovery = "discovery", "Discovery";
        Determination = "determination", "Determination";
        Awareness = "awareness", "Awareness";
        FirstIndicator = "first_indicator", "First indicator (suspicion)";
        IndividualNotice = "individual_notice", "Individual notice";
    }
}

vocabulary! {
    /// What a rule needs to know that the records cannot tell.
    Question {
        Encrypted = "encrypted", "Was the data encrypted or otherwise unintelligible to whoever took it?";
        RiskOfHarm = "risk_of_harm", "Is the breach likely to result in a risk to the people affected?";
        HighRisk = "high_risk", "Is that risk high?";
        SignificantHarm = "significant_harm", "Is there a real risk of significant (serious) harm?";
        WrongfulPurpose = "wrongful_purpose", "Was the data taken for a wrongful purpose?";
    }
}

impl Clock {
    /// The key date this clock reads. Discovery and awareness are one date in this case model
    /// (domain.md §1); the engine says so in its reasoning.
    pub fn key_date(self) -> KeyDateKind {
        match self {
            Clock::Discovery | Clock::Awareness => KeyDateKind::Discovery,
            Clock::Determination => KeyDateKind::Determination,
            Clock::FirstIndicator => KeyDateKind::FirstIndicator,
            Clock::IndividualNotice => KeyDateKind::CustomerNotice,
        }
    }
}

/// Something an obligation waits for, in words, and when one of the case's answers or key
/// dates settles it, which one: the UI offers that step without reading the words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Dependency {
    pub text: String,
    pub question: Option<Question>,
    pub key_date: Option<KeyDateKind>,
}

impl Dependency {
    /// A wait nothing in the case settles directly (a delay in force, missing data).
    pub fn note(text: impl Into<String>) -> Self {
        Dependency {
            text: text.into(),
            question: None,
            key_date: None,
        }
    }
}

/// People of one place with one set of exposed elements: the engine's view of a snapshot.
/// Element combinations are judged per group, so per person. Defined where snapshots freeze
/// it, so that `affected` need not know obligations.
pub use crate::affected::PeopleGroup;

/// A key date as a clock sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct AnchorDate {
    /// The instant, for deadlines counted in hours.
    #[specta(type = String)]
    pub at_utc: chrono::DateTime<chrono::Utc>,
    /// The calendar day in the zone it was entered in, for deadlines counted in days.
    #[specta(type = String)]
    pub local_date: chrono::NaiveDate,
}

/// A law-enforcement request to delay notification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Pause {
    /// The referral that asked (`LE-0001`).
    pub by: String,
    #[specta(type = String)]
    pub from: chrono::NaiveDate,
    /// `None` while the delay is in force.
    #[specta(type = Option<String>)]
    pub until: Option<chrono::NaiveDate>,
    /// Jurisdiction codes (`US-CA`, `EU`) it covers.
    pub jurisdictions: Vec<String>,
    /// Asked in writing; some rules (Illinois) honour only a written request.
    pub written: bool,
}

/// Everything the engine reads.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    pub groups: Vec<PeopleGroup>,
    pub dates: std::collections::BTreeMap<Clock, AnchorDate>,
    /// Answered questions only; a missing one is unanswered.
    pub answers: std::collections::BTreeMap<Question, bool>,
    pub pauses: Vec<Pause>,
}

/// One jurisdiction and recipient's outcome, with its reasoning.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Obligation {
    /// The rule's id, e.g. `US-CA.regulator`.
    pub rule: String,
    /// `US-XX`, `EU`, `GB`, `CA` (Canada), `JP`, `AU`.
    pub jurisdiction: String,
    pub recipient: Recipient,
    /// Who is told, e.g. "California Attorney General".
    pub body: String,
    pub outcome: Outcome,
    /// People whose exposed elements meet this jurisdiction's definition of personal
    /// information: the figure its thresholds compare.
    pub people: u32,
    /// All affected residents of the jurisdiction.
    pub residents: u32,
    /// `YYYY-MM-DD`, or `None` with the reason in `depends_on`.
    pub due: Option<String>,
    /// RFC 3339 UTC, for deadlines counted in hours (GDPR's 72 hours).
    pub due_at: Option<String>,
    /// The deadline as the rule states it: "30 days", "72 hours", "most expedient time".
    pub deadline: String,
    pub clock: Clock,
    pub citation: String,
    pub verified_on: String,
    /// Facts of the rule not confirmed in any source (domain.md "unverified").
    pub unverified: Vec<String>,
    /// What the outcome or the due date still waits for: a key date, an unanswered question.
    pub depends_on: Vec<Dependency>,
    /// Plain sentences: why this outcome, this count and this date.
    pub reasoning: Vec<String>,
    /// "paused by LE-0001 from … until …" for each law-enforcement delay that applies.
    pub paused: Vec<String>,
}
