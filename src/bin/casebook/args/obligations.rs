//! `casebook obligations`: who must be notified, by when; answers, overrides and filings.
//!
//! `obligations CASE` lists and `obligations answer CASE …` records, so the case is a
//! positional of the command itself, required only when no subcommand is given.

use casebook::obligations::{Outcome, Question};
use clap::{Args, Subcommand};
use std::path::PathBuf;

#[derive(Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct ObligationsArgs {
    #[command(subcommand)]
    pub command: Option<ObligationsCmd>,
    /// The case to evaluate.
    #[arg(required = true)]
    pub case: Option<PathBuf>,
    /// The snapshot to evaluate (TS-0001); default the newest.
    #[arg(long, value_name = "TS-…")]
    pub snapshot: Option<String>,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

/// `yes`, `no`, or `unknown` (withdraws the answer).
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum AnswerValue {
    Yes,
    No,
    Unknown,
}

impl AnswerValue {
    pub fn value(self) -> Option<bool> {
        match self {
            AnswerValue::Yes => Some(true),
            AnswerValue::No => Some(false),
            AnswerValue::Unknown => None,
        }
    }
}

#[derive(Subcommand)]
pub enum ObligationsCmd {
    /// Answer a question the rules ask (encrypted, risk_of_harm, high_risk, significant_harm,
    /// wrongful_purpose); `unknown` withdraws the answer.
    Answer {
        case: PathBuf,
        #[arg(value_parser = parse_question)]
        question: Question,
        #[arg(value_enum)]
        value: AnswerValue,
        /// Who answered and on what basis.
        #[arg(long)]
        reason: String,
    },
    /// Counsel's outcome for one rule, shown beside the computed one.
    Override {
        case: PathBuf,
        /// The rule's id, e.g. US-CA.regulator.
        rule: String,
        /// required, required_if_risk, not_triggered or unknown; `none` withdraws the override.
        #[arg(long, value_parser = parse_override)]
        outcome: OverrideOutcome,
        #[arg(long)]
        reason: String,
    },
    /// Record a notice filed under a rule, with its document kept as evidence.
    File {
        case: PathBuf,
        rule: String,
        /// The day it was filed, YYYY-MM-DD.
        #[arg(long)]
        date: String,
        /// The reference number the recipient gave.
        #[arg(long)]
        reference: Option<String>,
        /// The filed document, registered as an evidence item.
        #[arg(long, value_name = "PATH")]
        document: Option<PathBuf>,
    },
}

/// An outcome, or `None` to withdraw.
#[derive(Clone, Copy)]
pub struct OverrideOutcome(pub Option<Outcome>);

vocab_parser!(parse_question, Question, "question");

fn parse_override(s: &str) -> Result<OverrideOutcome, String> {
    if s == "none" {
        return Ok(OverrideOutcome(None));
    }
    Outcome::parse(s, "outcome")
        .map(|o| OverrideOutcome(Some(o)))
        .map_err(|e| e.to_string())
}
