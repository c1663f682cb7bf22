//! `casebook obligations`: the obligations of a snapshot, and the answers, overrides and
//! filings that decide them. `--json` prints the fixed form acceptance scripts read.

use crate::args::obligations::{ObligationsArgs, ObligationsCmd};
use crate::ctx::Ctx;
use crate::output::{emit, Render};
use anyhow::Result;
use casebook::obligations::record::{
    Answer, Filing, FilingInput, ObligationChange, ObligationsReport, Override,
};
use casebook::obligations::{Clock, Outcome, Recipient};
use serde::Serialize;
use std::process::ExitCode;

pub fn run(ctx: &Ctx, a: ObligationsArgs) -> Result<ExitCode> {
    match a.command {
        None => {
            let case = a.case.expect("clap requires the case without a subcommand");
            let report = ctx.open(&case)?.obligations(a.snapshot.as_deref())?;
            emit(&Listing::of(&report), a.json)?;
        }
        Some(ObligationsCmd::Answer {
            case,
            question,
            value,
            reason,
        }) => {
            let answer = ctx
                .open(&case)?
                .answer_question(question, value.value(), &reason)?;
            answer.render();
        }
        Some(ObligationsCmd::Override {
            case,
            rule,
            outcome,
            reason,
        }) => match ctx
            .open(&case)?
            .override_obligation(&rule, outcome.0, &reason)?
        {
            Some(o) => outln!("{rule}: overridden to {} ({})", o.outcome.code(), o.reason),
            None => outln!("{rule}: override withdrawn"),
        },
        Some(ObligationsCmd::File {
            case,
            rule,
            date,
            reference,
            document,
        }) => {
            let filing = ctx.open(&case)?.file_obligation(FilingInput {
                rule,
                date,
                reference,
                document: document.map(|p| p.to_string_lossy().into_owned()),
            })?;
            filing.render();
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// One obligation as scripts read it: the fixed keys first, the rest beside them.
#[derive(Serialize)]
struct Line<'a> {
    jurisdiction: &'a str,
    recipient: Recipient,
    body: &'a str,
    /// The computed outcome; counsel's is `override`.
    outcome: Outcome,
    people: u32,
    due: Option<&'a str>,
    clock: Clock,
    rule: &'a str,
    citation: &'a str,
    #[serde(rename = "override")]
    override_: Option<&'a Override>,
    residents: u32,
    due_at: Option<&'a str>,
    deadline: &'a str,
    verified_on: &'a str,
    unverified: &'a [String],
    depends_on: Vec<&'a str>,
    paused: &'a [String],
    reasoning: &'a [String],
    filing: Option<&'a Filing>,
}

#[derive(Serialize)]
struct Listing<'a> {
    rule_set: &'a str,
    shipped_rule_set: &'a str,
    snapshot: &'a str,
    obligations: Vec<Line<'a>>,
    questions: &'a [Answer],
    changes: &'a [ObligationChange],
    notes: &'a [String],
}

impl<'a> Listing<'a> {
    fn of(r: &'a ObligationsReport) -> Listing<'a> {
        Listing {
            rule_set: &r.rule_set,
            shipped_rule_set: &r.shipped_rule_set,
            snapshot: &r.snapshot,
            obligations: r
                .obligations
                .iter()
                .map(|row| {
                    let o = &row.computed;
                    Line {
                        jurisdiction: &o.jurisdiction,
                        recipient: o.recipient,
                        body: &o.body,
                        outcome: o.outcome,
                        people: o.people,
                        due: o.due.as_deref(),
                        clock: o.clock,
                        rule: &o.rule,
                        citation: &o.citation,
                        override_: row.override_.as_ref(),
                        residents: o.residents,
                        due_at: o.due_at.as_deref(),
                        deadline: &o.deadline,
                        verified_on: &o.verified_on,
                        unverified: &o.unverified,
                        depends_on: o.depends_on.iter().map(|d| d.text.as_str()).collect(),
                        paused: &o.paused,
                        reasoning: &o.reasoning,
                        filing: row.filing.as_ref(),
                    }
                })
                .collect(),
            questions: &r.questions,
            changes: &r.changes,
            notes: &r.notes,
        }
    }
}

impl Render for Listing<'_> {
    fn render(&self) {
        outln!(
            "Rule set {} · snapshot {} · decision support for counsel, not legal advice",
            self.rule_set,
            self.snapshot
        );
        for n in self.notes {
            outln!("Note: {n}");
        }
        outln!("RULE\tOUTCOME\tPEOPLE\tDUE\tCLOCK\tFILED\tBODY");
        for l in &self.obligations {
            let outcome = match l.override_ {
                Some(o) => format!("{} (counsel: {})", l.outcome.code(), o.outcome.code()),
                None => l.outcome.code().to_string(),
            };
            let due = match (l.due, l.depends_on.first()) {
                (Some(d), _) => d.to_string(),
                (None, Some(why)) => format!("none: needs {why}"),
                (None, None) => l.deadline.to_string(),
            };
            let filed = l
                .filing
                .map(|f| match f.reference.as_str() {
                    "" => f.date.clone(),
                    r => format!("{} ({r})", f.date),
                })
                .unwrap_or_else(|| "-".into());
            outln!(
                "{}\t{}\t{}\t{}\t{}\t{}\t{}",
                l.rule,
                outcome,
                l.people,
                due,
                l.clock.code(),
                filed,
                l.body
            );
        }
        for q in self.questions {
            outln!(
                "Question {}: {}{}",
                q.question.code(),
                match q.value {
                    Some(true) => "yes",
                    Some(false) => "no",
                    None => "unanswered",
                },
                if q.reason.is_empty() {
                    String::new()
                } else {
                    format!(" ({}, {})", q.reason, q.by)
                }
            );
        }
        for c in self.changes {
            outln!(
                "Changed since the previous snapshot: {}: {}",
                c.rule,
                c.change
            );
        }
    }
}

impl Render for Answer {
    fn render(&self) {
        outln!(
            "{}: {} ({})",
            self.question.code(),
            match self.value {
                Some(true) => "yes",
                Some(false) => "no",
                None => "unknown",
            },
            self.reason
        );
    }
}

impl Render for Filing {
    fn render(&self) {
        outln!(
            "{} filed on {}{}{}",
            self.rule,
            self.date,
            if self.reference.is_empty() {
                String::new()
            } else {
                format!(", reference {}", self.reference)
            },
            self.document
                .as_deref()
                .map(|d| format!(", document {d}"))
                .unwrap_or_default()
        );
    }
}
