//! `casebook rules`: list and show the shipped notification rules.

use crate::args::rules::RulesCmd;
use crate::output::{emit, Render};
use anyhow::Result;
use casebook::obligations::rules::{shipped, Rule};
use serde::Serialize;
use std::process::ExitCode;

pub fn run(c: RulesCmd) -> Result<ExitCode> {
    let set = shipped();
    match c {
        RulesCmd::List { json } => emit(
            &Listing {
                version: set.version.clone(),
                rules: set.rules.iter().map(Line::of).collect(),
            },
            json,
        )?,
        RulesCmd::Show { rule, json } => emit(&Versions(set.find(&rule)?), json)?,
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Serialize)]
struct Listing {
    version: String,
    rules: Vec<Line>,
}

#[derive(Serialize)]
struct Line {
    id: String,
    jurisdiction: String,
    recipient: String,
    body: String,
    deadline: String,
    effective_from: String,
    effective_to: Option<String>,
    verified_on: String,
    unverified: bool,
}

impl Line {
    fn of(r: &Rule) -> Line {
        Line {
            id: r.id.clone(),
            jurisdiction: r.jurisdiction.clone(),
            recipient: r.recipient.code().into(),
            body: r.body.clone(),
            deadline: r.deadline_text(),
            effective_from: r.effective_from.to_string(),
            effective_to: r.effective_to.map(|d| d.to_string()),
            verified_on: r.verified_on.to_string(),
            unverified: !r.unverified.is_empty(),
        }
    }
}

impl Render for Listing {
    fn render(&self) {
        outln!("rule set {}", self.version);
        for l in &self.rules {
            let until = l
                .effective_to
                .as_ref()
                .map(|to| format!(" (until {to})"))
                .unwrap_or_default();
            outln!(
                "{:<26} {:<6} {:<15} {}  |  {}{}  |  verified {}{}",
                l.id,
                l.jurisdiction,
                l.recipient,
                l.body,
                l.deadline,
                until,
                l.verified_on,
                if l.unverified { "  UNVERIFIED" } else { "" }
            );
        }
    }
}

/// Every version of one rule, oldest first.
#[derive(Serialize)]
#[serde(transparent)]
struct Versions<'a>(Vec<&'a Rule>);

impl Render for Versions<'_> {
    fn render(&self) {
        for (i, r) in self.0.iter().enumerate() {
            if i > 0 {
                outln!();
            }
            show(r);
        }
    }
}

fn show(r: &Rule) {
    let line = |label: &str, value: &str| {
        if !value.is_empty() {
            outln!("{label:<26} {value}");
        }
    };
    let list = |v: &[String]| v.join(", ");
    line("id", &r.id);
    line("jurisdiction", &r.jurisdiction);
    line("recipient", r.recipient.label());
    line("body", &r.body);
    line("citation", &r.citation);
    line(
        "in force",
        &match r.effective_to {
            Some(to) => format!("{} to {to}", r.effective_from),
            None => format!("from {}", r.effective_from),
        },
    );
    line("verified on", &r.verified_on.to_string());
    line("source", &r.source_url);
    line("trigger", r.trigger.label());
    let sets: Vec<String> = r.pi_sets.iter().map(|s| s.join(" + ")).collect();
    line("personal information", &sets.join("; "));
    line("harm threshold", r.harm_threshold.label());
    if let Some(q) = r.harm_question {
        line("decided by", q.label());
    }
    line("no-harm record", r.no_harm_record.as_deref().unwrap_or(""));
    line("clock", r.clock.map(|c| c.label()).unwrap_or("(none)"));
    line("deadline", &r.deadline_text());
    line(
        "statute's wording",
        r.deadline.wording.as_deref().unwrap_or(""),
    );
    if let Some(t) = r.threshold {
        let alone = if r.threshold_alone_suffices {
            " (enough on its own)"
        } else {
            ""
        };
        line("threshold", &format!("{}{alone}", String::from(t)));
    }
    line("also if exposed", &list(&r.also_required_if_exposed));
    if r.encryption_safe_harbour {
        line("encryption", "encrypted data is exempt");
    }
    line("content required", &list(&r.content_required));
    line("content prohibited", &list(&r.content_prohibited));
    line(
        "law-enforcement delay",
        match (r.le_delay.allowed, r.le_delay.written_required) {
            (false, _) => "not allowed",
            (true, false) => "allowed",
            (true, true) => "allowed on a written request",
        },
    );
    line(
        "delay ends",
        r.le_delay.resume_rule.as_deref().unwrap_or(""),
    );
    line(
        "substitute notice",
        r.substitute_notice.as_deref().unwrap_or(""),
    );
    for u in &r.unverified {
        line("UNVERIFIED", &format!("{}: {}", u.field, u.note));
    }
}
