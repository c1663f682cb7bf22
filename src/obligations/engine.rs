//! Evaluates a rule set against a case's facts. Pure: no database, no clock. Every outcome
//! carries its reasoning in plain sentences, so counsel can check each step.
//!
//! Per rule id (the version in force on the discovery date), when the jurisdiction has
//! residents: count the people whose exposed elements meet the jurisdiction's definition of
//! personal information (per group, so per person), apply the threshold, the encryption safe
//! harbour and the harm question, then count the deadline from its clock, moved by
//! law-enforcement pauses the rule allows.

use super::rules::{Harm, Rule, RuleSet, ANY};
use super::{
    AnchorDate, Clock, Dependency, Facts, Obligation, Outcome, Pause, PeopleGroup, Question,
    Recipient,
};
use crate::affected::snapshot::group_digits;
use chrono::{Duration, NaiveDate};

/// The 27 member states, whose residents count under the EU GDPR.
const EU: &[&str] = &[
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV",
    "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
];

/// One obligation per rule whose jurisdiction has at least one affected resident.
pub fn evaluate(rules: &RuleSet, facts: &Facts) -> Vec<Obligation> {
    let discovery = anchor(facts, Clock::Discovery).map(|a| a.local_date);
    rules
        .ids()
        .into_iter()
        .filter_map(|id| {
            let versions = rules.versions(id);
            let rule = in_force(&versions, discovery);
            evaluate_rule(rule, versions.len() > 1, facts)
        })
        .collect()
}

/// The version in force on the discovery date; without one, the newest (or, before them
/// all, the oldest).
fn in_force<'a>(versions: &[&'a Rule], day: Option<NaiveDate>) -> &'a Rule {
    let newest = *versions.last().expect("ids come from rules");
    let Some(day) = day else { return newest };
    versions
        .iter()
        .find(|r| r.in_force_on(day))
        .copied()
        .unwrap_or_else(|| {
            if day < versions[0].effective_from {
                versions[0]
            } else {
                newest
            }
        })
}

/// Whether people of this group live in the jurisdiction.
fn resident(jurisdiction: &str, g: &PeopleGroup) -> bool {
    let country = g.country.to_ascii_uppercase();
    match jurisdiction {
        "EU" => EU.contains(&country.as_str()),
        j => match j.strip_prefix("US-") {
            Some(state) => country == "US" && g.region.eq_ignore_ascii_case(state),
            None => country == j,
        },
    }
}

fn unknown_country(g: &PeopleGroup) -> bool {
    let c = g.country.trim();
    c.is_empty() || c.eq_ignore_ascii_case("unknown")
}

/// Whether a group's exposed elements meet one of the rule's combinations.
fn counts(rule: &Rule, g: &PeopleGroup) -> bool {
    rule.pi_sets.iter().any(|set| {
        set.iter()
            .all(|e| e == ANY || g.elements.iter().any(|x| x == e))
    })
}

/// A clock's date: awareness is read from the discovery key date (domain.md treats them as one).
fn anchor(facts: &Facts, clock: Clock) -> Option<AnchorDate> {
    facts.dates.get(&clock).copied().or_else(|| match clock {
        Clock::Awareness => facts.dates.get(&Clock::Discovery).copied(),
        _ => None,
    })
}

fn n(count: u32) -> String {
    group_digits(count)
}

fn people_word(count: u32) -> &'static str {
    if count == 1 {
        "person"
    } else {
        "people"
    }
}

/// Where the key date for a clock is set, for `depends_on`.
fn key_date_name(clock: Clock) -> &'static str {
    match clock {
        Clock::Discovery | Clock::Awareness => "discovery",
        Clock::Determination => "determination",
        Clock::FirstIndicator => "first indicator",
        Clock::IndividualNotice => "customer notice",
    }
}

fn evaluate_rule(rule: &Rule, versioned: bool, facts: &Facts) -> Option<Obligation> {
    let residents_groups: Vec<&PeopleGroup> = facts
        .groups
        .iter()
        .filter(|g| resident(&rule.jurisdiction, g))
        .collect();
    let residents: u32 = residents_groups.iter().map(|g| g.people).sum();
    if residents == 0 {
        return None;
    }
    let people: u32 = residents_groups
        .iter()
        .filter(|g| counts(rule, g))
        .map(|g| g.people)
        .sum();
    let clock = rule.clock.unwrap_or(Clock::Discovery);
    let mut o = Obligation {
        rule: rule.id.clone(),
        jurisdiction: rule.jurisdiction.clone(),
        recipient: rule.recipient,
        body: rule.body.clone(),
        outcome: Outcome::Required,
        people,
        residents,
        due: None,
        due_at: None,
        deadline: rule.deadline_text(),
        clock,
        citation: rule.citation.clone(),
        verified_on: rule.verified_on.to_string(),
        unverified: rule.unverified_notes(),
        depends_on: Vec::new(),
        reasoning: Vec::new(),
        paused: Vec::new(),
    };
    explain_people(rule, facts, &residents_groups, &mut o);
    explain_version(rule, versioned, facts, &mut o);
    o.outcome = decide(rule, facts, &residents_groups, &mut o);
    if o.outcome != Outcome::NotTriggered {
        schedule(rule, facts, &mut o);
    }
    Some(o)
}

fn explain_people(rule: &Rule, facts: &Facts, groups: &[&PeopleGroup], o: &mut Obligation) {
    let any = rule.pi_sets.iter().any(|s| s.iter().any(|e| e == ANY));
    if any {
        o.reasoning.push(format!(
            "{} {} affected in {}; {} treats any personal data as personal information, so all count.",
            n(o.residents),
            people_word(o.residents),
            rule.jurisdiction,
            rule.citation
        ));
    } else {
        let sets: Vec<String> = rule.pi_sets.iter().map(|s| s.join(" + ")).collect();
        o.reasoning.push(format!(
            "{} {} affected in {}; {} of them had a combination of elements that {} treats as personal information ({}), judged person by person.",
            n(o.residents),
            people_word(o.residents),
            rule.jurisdiction,
            n(o.people),
            rule.citation,
            sets.join("; ")
        ));
    }
    let minors: u32 = groups.iter().filter(|g| g.minor).map(|g| g.people).sum();
    if minors > 0 && rule.recipient == Recipient::Individuals {
        o.reasoning.push(format!(
            "{} of them are minors: their notices may have to go to parents or guardians.",
            n(minors)
        ));
    }
    let unknown: u32 = facts
        .groups
        .iter()
        .filter(|g| unknown_country(g))
        .map(|g| g.people)
        .sum();
    if unknown > 0 && rule.harm_threshold != Harm::None {
        o.reasoning.push(format!(
            "{} {} of unknown country are not counted here; any of them who live in {} would count too.",
            n(unknown),
            people_word(unknown),
            rule.jurisdiction
        ));
    }
}

fn explain_version(rule: &Rule, versioned: bool, facts: &Facts, o: &mut Obligation) {
    let from = rule.effective_from;
    let to = rule
        .effective_to
        .map(|d| format!(" until {d}"))
        .unwrap_or_default();
    match anchor(facts, Clock::Discovery).map(|a| a.local_date) {
        Some(day) if !rule.in_force_on(day) => o.reasoning.push(format!(
            "This text is in force from {from}{to}; the discovery date {day} is outside that, so check which text applied then."
        )),
        Some(day) if versioned => o.reasoning.push(format!(
            "The text in force on the discovery date ({day}) applies: in force from {from}{to}."
        )),
        None if versioned => o.reasoning.push(format!(
            "Without a discovery date the current text applies (in force from {from}{to})."
        )),
        _ => {}
    }
}

fn question_text(q: Question) -> String {
    format!("answer the question \"{}\" ({})", q.label(), q.code())
}

/// The outcome, with its reasons and what it still waits for.
fn decide(rule: &Rule, facts: &Facts, groups: &[&PeopleGroup], o: &mut Obligation) -> Outcome {
    if o.people == 0 {
        let unrecorded: u32 = groups
            .iter()
            .filter(|g| g.elements.is_empty())
            .map(|g| g.people)
            .sum();
        if unrecorded > 0 {
            o.depends_on.push(Dependency::note(format!(
                "the exposed elements of {} {} in {}",
                n(unrecorded),
                people_word(unrecorded),
                rule.jurisdiction
            )));
            o.reasoning.push(format!(
                "No element is recorded for {} of them, so whether {} applies is unknown.",
                n(unrecorded),
                rule.citation
            ));
            return Outcome::Unknown;
        }
        o.reasoning.push(
            "Not required by statute: no one's exposed elements meet its definition of personal information. Notice may still be prudent."
                .to_string(),
        );
        return Outcome::NotTriggered;
    }
    if rule.encryption_safe_harbour {
        match facts.answers.get(&Question::Encrypted) {
            Some(true) => {
                o.reasoning.push(format!(
                    "Not required by statute: the data was answered to be encrypted, and {} exempts encrypted data.",
                    rule.citation
                ));
                return Outcome::NotTriggered;
            }
            Some(false) => {}
            None => o.reasoning.push(
                "Treated as unencrypted until the question on encryption is answered; encrypted data would be exempt."
                    .to_string(),
            ),
        }
    }
    if let Some(t) = rule.threshold {
        let met = t.met(o.people);
        let counted = format!(
            "{} {} against a threshold of {}",
            n(o.people),
            people_word(o.people),
            t.words()
        );
        if met {
            o.reasoning
                .push(format!("The threshold is crossed: {counted}."));
            if rule.threshold_alone_suffices {
                return Outcome::Required;
            }
        } else if rule.threshold_alone_suffices {
            o.reasoning
                .push(format!("The threshold is not crossed: {counted}."));
            let exposed: Vec<&str> = rule
                .also_required_if_exposed
                .iter()
                .filter(|e| groups.iter().any(|g| g.elements.iter().any(|x| x == *e)))
                .map(String::as_str)
                .collect();
            if !exposed.is_empty() {
                o.reasoning.push(format!(
                    "Required all the same: {} was exposed, which {} treats as a trigger on its own.",
                    exposed.join(", "),
                    rule.citation
                ));
                return Outcome::Required;
            }
        } else {
            o.reasoning.push(format!(
                "Not required by statute: {counted} is not over it. Notice may still be prudent."
            ));
            return Outcome::NotTriggered;
        }
    }
    if rule.harm_threshold == Harm::None {
        if let Some(record) = &rule.no_harm_record {
            o.reasoning.push(format!(
                "Required unless it is determined that harm is unlikely: {record}."
            ));
        } else {
            o.reasoning.push(format!(
                "Required: {} needs no finding of harm.",
                rule.citation
            ));
        }
        return Outcome::Required;
    }
    let q = rule
        .harm_question
        .expect("the loader refuses a harm threshold without a question");
    match facts.answers.get(&q) {
        Some(true) => {
            o.reasoning.push(format!(
                "Required: the question \"{}\" was answered yes.",
                q.label()
            ));
            Outcome::Required
        }
        Some(false) => {
            o.reasoning.push(format!(
                "Not required by statute: the question \"{}\" was answered no.{}",
                q.label(),
                rule.no_harm_record
                    .as_ref()
                    .map(|r| format!(" Keep the record: {r}."))
                    .unwrap_or_default()
            ));
            Outcome::NotTriggered
        }
        None => {
            o.depends_on.push(Dependency {
                text: question_text(q),
                question: Some(q),
                key_date: None,
            });
            o.reasoning.push(format!(
                "Required if there is {}: the question \"{}\" is not answered yet.",
                rule.harm_threshold.label().to_lowercase(),
                q.label()
            ));
            Outcome::RequiredIfRisk
        }
    }
}

/// The due date from the rule's clock, moved by the law-enforcement pauses it allows.
fn schedule(rule: &Rule, facts: &Facts, o: &mut Obligation) {
    let clock = o.clock;
    if clock == Clock::Awareness && !facts.dates.contains_key(&Clock::Awareness) {
        o.reasoning.push(
            "The clock runs from awareness, which Casebook reads from the discovery key date."
                .to_string(),
        );
    }
    let days = rule
        .deadline
        .days
        .map(|days| match &rule.deadline.longer_if {
            Some(l) if facts.answers.get(&l.question) == Some(&true) => {
                o.reasoning.push(format!(
                    "{} days rather than {days}: the question \"{}\" was answered yes.",
                    l.days,
                    l.question.label()
                ));
                l.days
            }
            _ => days,
        });
    let hours = rule.deadline.hours;
    if days.is_none() && hours.is_none() {
        o.reasoning.push(format!(
            "No number of days: the statute says \"{}\".",
            rule.deadline.wording.as_deref().unwrap_or_default()
        ));
        return;
    }
    let Some(a) = anchor(facts, clock) else {
        o.depends_on.push(Dependency {
            text: format!("set the {} key date", key_date_name(clock)),
            question: None,
            key_date: Some(clock.key_date()),
        });
        o.reasoning.push(format!(
            "No due date: the deadline runs from the {} date, which is not set.",
            key_date_name(clock)
        ));
        return;
    };
    // A pause moves the deadline only by the days it overlaps the running clock: from the
    // clock's start to the due date as moved so far. A delay that ended before the clock
    // started, or was asked for after the deadline passed, moves nothing.
    let start = a.local_date;
    let base_days = match (days, hours) {
        (Some(d), _) => i64::from(d),
        (None, Some(h)) => (i64::from(h) + 23) / 24,
        (None, None) => 0,
    };
    let mut pauses: Vec<&Pause> = facts.pauses.iter().collect();
    pauses.sort_by_key(|p| p.from);
    let mut shift = 0i64;
    for p in pauses {
        if !p.jurisdictions.iter().any(|j| j == &rule.jurisdiction) {
            continue;
        }
        if !rule.le_delay.allowed {
            o.reasoning.push(format!(
                "{}'s delay request does not pause this deadline: {} allows no law-enforcement delay.",
                p.by, rule.citation
            ));
            continue;
        }
        if rule.le_delay.written_required && !p.written {
            o.reasoning.push(format!(
                "{}'s delay request was not made in writing, and {} honours only a written one: the deadline is not paused.",
                p.by, rule.citation
            ));
            continue;
        }
        match p.until {
            None => {
                o.paused
                    .push(format!("paused by {} since {}", p.by, p.from));
                o.depends_on.push(Dependency::note(format!(
                    "paused by {} since {}",
                    p.by, p.from
                )));
            }
            Some(until) => {
                let due_so_far = start + Duration::days(base_days + shift);
                let paused = (until.min(due_so_far) - p.from.max(start))
                    .num_days()
                    .max(0);
                shift += paused;
                o.paused.push(format!(
                    "paused by {} from {} until {} ({} of its days while the clock ran)",
                    p.by, p.from, until, paused
                ));
            }
        }
    }
    if o.paused.iter().any(|p| p.contains(" since ")) {
        o.reasoning
            .push("No due date while law enforcement's delay is in force.".to_string());
        return;
    }
    let shifted = if shift > 0 {
        format!(", moved {shift} days by law enforcement's delay")
    } else {
        String::new()
    };
    let from = match clock {
        Clock::IndividualNotice => "individual notice".to_string(),
        c => c.label().to_lowercase(),
    };
    if let Some(days) = days {
        let due = a.local_date + Duration::days(i64::from(days) + shift);
        o.due = Some(due.to_string());
        o.reasoning.push(format!(
            "Due {due}: {days} days from {from} ({}){shifted}.",
            a.local_date
        ));
    } else if let Some(hours) = hours {
        let due_at = a.at_utc + Duration::hours(i64::from(hours)) + Duration::days(shift);
        o.due = Some(due_at.date_naive().to_string());
        o.due_at = Some(due_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
        o.reasoning.push(format!(
            "Due {}: {hours} hours from {from} ({}){shifted}.",
            due_at.format("%Y-%m-%d %H:%M UTC"),
            a.at_utc.format("%Y-%m-%d %H:%M UTC")
        ));
    }
}
