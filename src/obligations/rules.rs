//! The notification rule set: `rules/*.toml` at the repository root, compiled in, parsed and
//! checked as a whole. One `[[rule]]` per jurisdiction and recipient carries every fact the
//! engine and the statements need (domain.md §4): citation, dates, trigger, what counts as
//! personal information there, harm threshold, clock, deadline, threshold with its exact
//! operator, content, law-enforcement delay, substitute notice, and which of those facts no
//! source confirmed. A rule may appear in several versions under one id when the law changed
//! (California's deadline from 2026); their effective ranges must not overlap.
//!
//! A malformed or contradictory set refuses to load, naming the file, the rule and the field:
//! a rule that loads half-checked would give counsel a wrong deadline with a straight face.

use crate::affected::normalise::Element;
use crate::error::{Error, Result};
use crate::vocab::vocabulary;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use specta::Type;
use std::collections::BTreeMap;
use std::sync::OnceLock;

use super::{Clock, Question, Recipient};

vocabulary! {
    /// What makes an incident a breach under the statute.
    Trigger {
        Acquisition = "acquisition", "Unauthorized acquisition";
        Access = "access", "Unauthorized access";
    }
}

vocabulary! {
    /// How much harm the statute needs before notice is due; every level but `none` names the
    /// [`Question`] that decides it.
    Harm {
        None = "none", "None: the breach itself triggers notice";
        Risk = "risk", "A risk to the people affected";
        HighRisk = "high_risk", "A high risk to the people affected";
        SignificantHarm = "significant_harm", "A real risk of significant (serious) harm";
        WrongfulPurpose = "wrongful_purpose", "A wrongful purpose or other listed circumstance";
    }
}

/// The element key that stands for "any personal data" in a risk-based regime's `pi_sets`.
pub const ANY: &str = "any";

/// What a rule's content lists may name: the blocks statements assemble notices from.
pub const CONTENT_KEYS: &[&str] = &[
    "title",
    "headings",
    "plain_language",
    "description",
    "nature_of_breach",
    "count",
    "date_range",
    "pi_types",
    "contact",
    "consequences",
    "measures",
    "recommended_steps",
    "le_delay_statement",
    "le_investigation",
    "cra_contacts",
    "ftc_contacts",
    "fraud_alert_freeze",
    "police_report_right",
    "id_theft_services",
    "change_password",
    "notified_so_far",
    "sample_notice",
    "late_reason",
];

/// The fields a rule's `unverified` entries may name.
const FIELDS: &[&str] = &[
    "citation",
    "effective_from",
    "effective_to",
    "source_url",
    "trigger",
    "pi_sets",
    "harm_threshold",
    "no_harm_record",
    "clock",
    "deadline",
    "threshold",
    "also_required_if_exposed",
    "credit_bureaus",
    "content_required",
    "content_prohibited",
    "le_delay",
    "substitute_notice",
    "body",
];

/// Which way a threshold compares: `>500` and `>=500` are different rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operator {
    Greater,
    AtLeast,
}

/// A count a jurisdiction's people must pass, written as the statute does: `">500"`, `">=250"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Threshold {
    pub op: Operator,
    pub count: u32,
}

impl Threshold {
    pub fn met(self, people: u32) -> bool {
        match self.op {
            Operator::Greater => people > self.count,
            Operator::AtLeast => people >= self.count,
        }
    }

    /// "more than 500", "500 or more".
    pub fn words(self) -> String {
        let n = crate::affected::snapshot::group_digits(self.count);
        match self.op {
            Operator::Greater => format!("more than {n}"),
            Operator::AtLeast => format!("{n} or more"),
        }
    }
}

impl TryFrom<String> for Threshold {
    type Error = String;
    fn try_from(s: String) -> std::result::Result<Self, String> {
        let (op, rest) = if let Some(rest) = s.strip_prefix(">=") {
            (Operator::AtLeast, rest)
        } else if let Some(rest) = s.strip_prefix('>') {
            (Operator::Greater, rest)
        } else {
            return Err(format!(
                "{s:?} has no operator: write > or >= before the number, e.g. \">500\" or \">=500\""
            ));
        };
        match rest.parse::<u32>() {
            Ok(count) if rest.bytes().all(|b| b.is_ascii_digit()) => Ok(Threshold { op, count }),
            _ => Err(format!(
                "{s:?} is not a threshold: write > or >= and a whole number with no spaces, e.g. \">500\""
            )),
        }
    }
}

impl From<Threshold> for String {
    fn from(t: Threshold) -> String {
        match t.op {
            Operator::Greater => format!(">{}", t.count),
            Operator::AtLeast => format!(">={}", t.count),
        }
    }
}

/// When notice is due: a number of days or hours from the rule's clock, or only the statute's
/// wording ("most expedient time") when it gives no number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(deny_unknown_fields)]
pub struct Deadline {
    #[serde(default)]
    pub days: Option<u32>,
    #[serde(default)]
    pub hours: Option<u32>,
    /// The statute's words, shown beside the number or instead of it.
    #[serde(default)]
    pub wording: Option<String>,
    /// A longer period when a question is answered yes (APPI's final report: 60 days for a
    /// wrongful purpose).
    #[serde(default)]
    pub longer_if: Option<LongerIf>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(deny_unknown_fields)]
pub struct LongerIf {
    pub question: Question,
    pub days: u32,
}

/// Whether law enforcement may delay notice, and how.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(deny_unknown_fields)]
pub struct LeDelay {
    pub allowed: bool,
    /// The request must be in writing (Illinois).
    #[serde(default)]
    pub written_required: bool,
    /// When notice resumes after the delay.
    #[serde(default)]
    pub resume_rule: Option<String>,
}

/// A fact of the rule that no source confirmed, or only one secondary one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(deny_unknown_fields)]
pub struct Unverified {
    pub field: String,
    pub note: String,
}

/// One jurisdiction and recipient's notification rule (one version of it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// `US-CA.regulator`, `JP.regulator.final`: the jurisdiction, the recipient, a part.
    pub id: String,
    /// `US-XX`, `EU`, `GB`, `CA` (Canada), `JP`, `AU`.
    pub jurisdiction: String,
    pub recipient: Recipient,
    /// Who is told: "California Attorney General".
    pub body: String,
    pub citation: String,
    #[specta(type = String)]
    pub effective_from: NaiveDate,
    #[serde(default)]
    #[specta(type = Option<String>)]
    pub effective_to: Option<NaiveDate>,
    #[specta(type = String)]
    pub verified_on: NaiveDate,
    pub source_url: String,
    pub trigger: Trigger,
    /// Element combinations that make data personal information here, judged per person:
    /// any one set fully exposed counts. `["any"]` for regimes where any personal data counts.
    pub pi_sets: Vec<Vec<String>>,
    #[serde(default = "no_harm")]
    pub harm_threshold: Harm,
    /// The question that decides the harm threshold.
    #[serde(default)]
    pub harm_question: Option<Question>,
    /// The record to keep when deciding there is no harm (FL and OR: written, 5 years).
    #[serde(default)]
    pub no_harm_record: Option<String>,
    /// The event the deadline runs from; needed by a deadline in days or hours.
    #[serde(default)]
    pub clock: Option<Clock>,
    pub deadline: Deadline,
    /// The count of people (meeting `pi_sets`) the rule needs; none means any number.
    #[serde(default)]
    #[specta(type = Option<String>)]
    pub threshold: Option<Threshold>,
    /// Crossing the threshold is enough on its own; below it, exposure of
    /// `also_required_if_exposed` or a yes to `harm_question` still triggers (APPI).
    #[serde(default)]
    pub threshold_alone_suffices: bool,
    #[serde(default)]
    pub also_required_if_exposed: Vec<String>,
    /// Data encrypted (unintelligible to whoever took it) is outside the statute.
    #[serde(default)]
    pub encryption_safe_harbour: bool,
    #[serde(default)]
    pub content_required: Vec<String>,
    #[serde(default)]
    pub content_prohibited: Vec<String>,
    #[serde(default)]
    pub le_delay: LeDelay,
    #[serde(default)]
    pub substitute_notice: Option<String>,
    #[serde(default)]
    pub unverified: Vec<Unverified>,
}

fn no_harm() -> Harm {
    Harm::None
}

impl Rule {
    /// The deadline as the rule states it: "30 days", "72 hours", or the statute's wording.
    pub fn deadline_text(&self) -> String {
        let d = &self.deadline;
        match (d.days, d.hours, &d.longer_if) {
            (Some(days), _, Some(l)) => format!(
                "{days} days ({} if the answer to \"{}\" is yes)",
                l.days,
                l.question.label()
            ),
            (Some(days), _, None) => format!("{days} days"),
            (None, Some(hours), _) => format!("{hours} hours"),
            (None, None, _) => d.wording.clone().unwrap_or_default(),
        }
    }

    pub fn in_force_on(&self, day: NaiveDate) -> bool {
        self.effective_from <= day && self.effective_to.is_none_or(|to| day <= to)
    }

    /// "deadline: 3–5 days; 5 is the law firms' reading" for each unverified fact.
    pub fn unverified_notes(&self) -> Vec<String> {
        self.unverified
            .iter()
            .map(|u| format!("{}: {}", u.field, u.note))
            .collect()
    }
}

/// A versioned set of rules. A case stores the set it uses (see [`super::record`]) as JSON,
/// so it reads back as it was even after the app ships a newer one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct RuleSet {
    /// e.g. `2026.12.1`.
    pub version: String,
    /// Ordered by jurisdiction as the files list them; versions of one id stay together.
    pub rules: Vec<Rule>,
}

impl RuleSet {
    /// Every version of a rule, oldest first.
    pub fn versions(&self, id: &str) -> Vec<&Rule> {
        let mut v: Vec<&Rule> = self.rules.iter().filter(|r| r.id == id).collect();
        v.sort_by_key(|r| r.effective_from);
        v
    }

    /// Rule ids in set order, each once.
    pub fn ids(&self) -> Vec<&str> {
        let mut seen = std::collections::BTreeSet::new();
        self.rules
            .iter()
            .map(|r| r.id.as_str())
            .filter(|id| seen.insert(*id))
            .collect()
    }

    /// The rule, or a not-found error that says how to list them.
    pub fn find(&self, id: &str) -> Result<Vec<&Rule>> {
        let v = self.versions(id);
        if v.is_empty() {
            return Err(Error::invalid(
                "rule",
                format!(
                    "no rule {id:?} in rule set {}; `casebook rules list` shows their ids",
                    self.version
                ),
            ));
        }
        Ok(v)
    }
}

/// The files this build ships, as `(path, text)`.
const FILES: &[(&str, &str)] = &[
    ("rules/set.toml", include_str!("../../rules/set.toml")),
    ("rules/eu.toml", include_str!("../../rules/eu.toml")),
    ("rules/gb.toml", include_str!("../../rules/gb.toml")),
    ("rules/us-ca.toml", include_str!("../../rules/us-ca.toml")),
    ("rules/us-ny.toml", include_str!("../../rules/us-ny.toml")),
    ("rules/us-tx.toml", include_str!("../../rules/us-tx.toml")),
    ("rules/us-fl.toml", include_str!("../../rules/us-fl.toml")),
    ("rules/us-wa.toml", include_str!("../../rules/us-wa.toml")),
    ("rules/us-co.toml", include_str!("../../rules/us-co.toml")),
    ("rules/us-or.toml", include_str!("../../rules/us-or.toml")),
    ("rules/us-ct.toml", include_str!("../../rules/us-ct.toml")),
    ("rules/us-il.toml", include_str!("../../rules/us-il.toml")),
    ("rules/us-ma.toml", include_str!("../../rules/us-ma.toml")),
    ("rules/us-me.toml", include_str!("../../rules/us-me.toml")),
    ("rules/us-nj.toml", include_str!("../../rules/us-nj.toml")),
    ("rules/us-az.toml", include_str!("../../rules/us-az.toml")),
    ("rules/ca.toml", include_str!("../../rules/ca.toml")),
    ("rules/jp.toml", include_str!("../../rules/jp.toml")),
    ("rules/au.toml", include_str!("../../rules/au.toml")),
];

/// The rule set this build ships, parsed once. A test proves it loads, so a failure here is
/// a broken build, not a user's mistake.
pub fn shipped() -> &'static RuleSet {
    static SET: OnceLock<RuleSet> = OnceLock::new();
    SET.get_or_init(|| parse(FILES).unwrap_or_else(|e| panic!("the shipped rule set: {e}")))
}

/// One rules file: an optional `[set]` header (exactly one file of a set has it) and rules.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    set: Option<SetHeader>,
    #[serde(default)]
    rule: Vec<Rule>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SetHeader {
    version: String,
}

/// Parses and checks a rule set from `(file name, TOML text)` pairs.
pub fn parse(files: &[(&str, &str)]) -> Result<RuleSet> {
    let mut version: Option<(String, &str)> = None;
    let mut rules: Vec<(&str, Rule)> = Vec::new();
    for (name, text) in files {
        let file: File = toml::from_str(text).map_err(|e| syntax_error(name, text, &e))?;
        if let Some(set) = file.set {
            if let Some((_, first)) = &version {
                return Err(bad(
                    name,
                    "[set]",
                    "version",
                    format!("the set's version is already given in {first}; give it once"),
                ));
            }
            if set.version.trim().is_empty() {
                return Err(bad(
                    name,
                    "[set]",
                    "version",
                    "is empty; give e.g. 2026.12.1",
                ));
            }
            version = Some((set.version, name));
        }
        for rule in file.rule {
            check(name, &rule)?;
            rules.push((name, rule));
        }
    }
    check_versions(&rules)?;
    let Some((version, _)) = version else {
        return Err(Error::invalid(
            "rules",
            "no file gives the set's version: add `[set]` with `version = \"…\"` to one file",
        ));
    };
    Ok(RuleSet {
        version,
        rules: rules.into_iter().map(|(_, r)| r).collect(),
    })
}

fn bad(file: &str, rule: &str, field: &str, message: impl Into<String>) -> Error {
    Error::invalid(format!("{file}, rule {rule}, field {field}"), message)
}

/// A TOML or shape error, located: the rule is the `[[rule]]` the error falls in, the field
/// the key on the error's line (or the one the message names).
fn syntax_error(file: &str, text: &str, e: &toml::de::Error) -> Error {
    let at = e.span().map_or(0, |s| s.start).min(text.len());
    let before = &text[..at];
    let rule = match before.rfind("[[rule]]") {
        None => "(file header)".to_string(),
        Some(start) => text[start..]
            .lines()
            .skip(1)
            .take_while(|l| !l.trim_start().starts_with("[[rule]]"))
            .find_map(|l| {
                let (k, v) = l.split_once('=')?;
                (k.trim() == "id").then(|| v.trim().trim_matches('"').to_string())
            })
            .unwrap_or_else(|| format!("#{}", before.matches("[[rule]]").count())),
    };
    let line = text[before.rfind('\n').map_or(0, |i| i + 1)..]
        .lines()
        .next()
        .unwrap_or("");
    let message = e.message().trim().to_string();
    let field = line
        .split_once('=')
        .map(|(k, _)| k.trim().to_string())
        .filter(|k| !k.is_empty() && k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'))
        .or_else(|| {
            let named = message.split('`').nth(1)?;
            Some(named.to_string())
        })
        .unwrap_or_else(|| "(syntax)".to_string());
    let line_no = before.matches('\n').count() + 1;
    bad(file, &rule, &field, format!("line {line_no}: {message}"))
}

fn is_element(key: &str) -> bool {
    Element::ALL.iter().any(|e| e.code() == key)
}

/// What one rule must say, on its own.
fn check(file: &str, r: &Rule) -> Result<()> {
    let bad = |field: &str, msg: String| Err(bad(file, &r.id, field, msg));
    let jur = &r.jurisdiction;
    let valid_jurisdiction = match jur.strip_prefix("US-") {
        Some(state) => state.len() == 2 && state.bytes().all(|b| b.is_ascii_uppercase()),
        None => jur.len() == 2 && jur.bytes().all(|b| b.is_ascii_uppercase()),
    };
    if !valid_jurisdiction {
        return bad(
            "jurisdiction",
            format!("{jur:?} is not a code: write US-XX for a US state, EU, or a two-letter country code"),
        );
    }
    let prefix = format!("{jur}.{}", r.recipient.code());
    if r.id != prefix && !r.id.starts_with(&format!("{prefix}.")) {
        return bad(
            "id",
            format!(
                "a rule for {jur} and {} must have the id {prefix} (or {prefix}.part)",
                r.recipient.code()
            ),
        );
    }
    for (field, text) in [
        ("body", &r.body),
        ("citation", &r.citation),
        ("source_url", &r.source_url),
    ] {
        if text.trim().is_empty() {
            return bad(field, "is empty".into());
        }
    }
    if let Some(to) = r.effective_to {
        if to < r.effective_from {
            return bad(
                "effective_to",
                format!("{to} is before effective_from {}", r.effective_from),
            );
        }
    }
    if r.pi_sets.is_empty() || r.pi_sets.iter().any(Vec::is_empty) {
        return bad(
            "pi_sets",
            "needs at least one non-empty element combination, or [\"any\"]".into(),
        );
    }
    for set in &r.pi_sets {
        for key in set {
            if key == ANY && set.len() > 1 {
                return bad("pi_sets", "\"any\" stands alone in its combination".into());
            }
            if key != ANY && !is_element(key) {
                return bad("pi_sets", unknown_element(key));
            }
        }
    }
    for key in &r.also_required_if_exposed {
        if !is_element(key) {
            return bad("also_required_if_exposed", unknown_element(key));
        }
    }
    match (r.harm_threshold, r.harm_question) {
        (Harm::None, Some(q)) => {
            return bad(
                "harm_question",
                format!(
                    "names {} but harm_threshold is none; set the threshold or remove the question",
                    q.code()
                ),
            )
        }
        (h, None) if h != Harm::None => {
            return bad(
                "harm_threshold",
                format!(
                    "{} names no question: add harm_question (one of {})",
                    h.code(),
                    codes(Question::ALL, Question::code)
                ),
            )
        }
        _ => {}
    }
    let d = &r.deadline;
    if d.days.is_some() && d.hours.is_some() {
        return bad("deadline", "gives both days and hours; give one".into());
    }
    if d.days.is_none()
        && d.hours.is_none()
        && d.wording.as_deref().is_none_or(|w| w.trim().is_empty())
    {
        return bad("deadline", "gives no days, hours or wording".into());
    }
    if (d.days.is_some() || d.hours.is_some()) && r.clock.is_none() {
        return bad(
            "clock",
            format!(
                "the deadline counts {} but the rule names no clock to count from (one of {})",
                r.deadline_text(),
                codes(Clock::ALL, Clock::code)
            ),
        );
    }
    if let Some(l) = &d.longer_if {
        if d.days.is_none_or(|days| l.days <= days) {
            return bad(
                "deadline",
                "longer_if needs a deadline in days shorter than its own".into(),
            );
        }
    }
    if r.recipient == Recipient::CreditBureaus && r.threshold.is_none() {
        return bad(
            "threshold",
            "a credit-bureau rule needs its threshold with an operator, e.g. \">1000\"".into(),
        );
    }
    if r.threshold_alone_suffices && r.threshold.is_none() {
        return bad(
            "threshold_alone_suffices",
            "is set but the rule has no threshold".into(),
        );
    }
    for (field, keys) in [
        ("content_required", &r.content_required),
        ("content_prohibited", &r.content_prohibited),
    ] {
        if let Some(k) = keys.iter().find(|k| !CONTENT_KEYS.contains(&k.as_str())) {
            return bad(
                field,
                format!(
                    "{k:?} is not a content key (one of {})",
                    CONTENT_KEYS.join(", ")
                ),
            );
        }
    }
    if let Some(k) = r
        .content_required
        .iter()
        .find(|k| r.content_prohibited.contains(k))
    {
        return bad("content_prohibited", format!("{k:?} is also required"));
    }
    if !r.le_delay.allowed && (r.le_delay.written_required || r.le_delay.resume_rule.is_some()) {
        return bad(
            "le_delay",
            "allows no delay yet says how one is requested or resumed".into(),
        );
    }
    if let Some(u) = r
        .unverified
        .iter()
        .find(|u| !FIELDS.contains(&u.field.as_str()))
    {
        return bad(
            "unverified",
            format!(
                "{:?} is not a field of a rule (one of {})",
                u.field,
                FIELDS.join(", ")
            ),
        );
    }
    Ok(())
}

fn unknown_element(key: &str) -> String {
    format!(
        "{key:?} is not an element (one of {}, or \"any\")",
        codes(Element::ALL, Element::code)
    )
}

fn codes<T: Copy>(all: &[T], code: fn(T) -> &'static str) -> String {
    all.iter().map(|v| code(*v)).collect::<Vec<_>>().join(", ")
}

/// Versions of one id must agree on what they are about and not overlap in time.
fn check_versions(rules: &[(&str, Rule)]) -> Result<()> {
    let mut by_id: BTreeMap<&str, Vec<&(&str, Rule)>> = BTreeMap::new();
    for r in rules {
        by_id.entry(r.1.id.as_str()).or_default().push(r);
    }
    for (id, mut versions) in by_id {
        versions.sort_by_key(|(_, r)| r.effective_from);
        for pair in versions.windows(2) {
            let ((first_file, a), (file, b)) = (pair[0], pair[1]);
            match a.effective_to {
                Some(to) if to < b.effective_from => {}
                _ => {
                    return Err(bad(
                        file,
                        id,
                        "id",
                        format!(
                            "duplicate: {first_file} has a rule {id} in force on {} too; give each version of a rule an effective_to before the next one's effective_from",
                            b.effective_from
                        ),
                    ))
                }
            }
        }
    }
    Ok(())
}
