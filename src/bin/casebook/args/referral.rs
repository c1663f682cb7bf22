//! `casebook referral`: law-enforcement referrals, what was handed over, legal process,
//! delay requests, notes and the referral letter.

use super::CaseArgs;
use casebook::referral::process::LegalProcessKind;
use casebook::referral::shares::ShareForm;
use casebook::referral::{ReferralChannel, ReferralStatus};
use clap::Subcommand;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum ReferralCmd {
    /// Record a referral; prints its id (LE-0001).
    Add {
        case: PathBuf,
        /// The agency referred to, e.g. "FBI", "IC3", "National Cyber Crime Unit".
        #[arg(long)]
        agency: String,
        #[arg(long)]
        unit: Option<String>,
        /// field_office_visit, phone, ic3_complaint, email or letter.
        #[arg(long, value_parser = parse_channel)]
        channel: Option<ReferralChannel>,
        /// Their case or complaint number.
        #[arg(long)]
        reference: Option<String>,
        /// When it was made, "YYYY-MM-DD HH:MM" in --tz (a draft when absent).
        #[arg(long)]
        when: Option<String>,
        /// The zone --when was read in (default UTC).
        #[arg(long, requires = "when")]
        tz: Option<String>,
        /// Who on the case team made it (id, name or e-mail).
        #[arg(long)]
        our_contact: Option<String>,
        /// Their contact: name, badge or id, phone, e-mail.
        #[arg(long)]
        their_name: Option<String>,
        #[arg(long)]
        their_badge: Option<String>,
        #[arg(long)]
        their_phone: Option<String>,
        #[arg(long)]
        their_email: Option<String>,
        /// Offences alleged, e.g. "18 U.S.C. §1030".
        #[arg(long)]
        offences: Option<String>,
        /// draft, made, acknowledged, active or closed (default: made with --when, else draft).
        #[arg(long, value_parser = parse_status)]
        status: Option<ReferralStatus>,
    },
    /// Every referral with what was handed over, its delays, legal process and follow-ups.
    List(CaseArgs),
    /// One referral in full.
    Show {
        #[command(flatten)]
        case: CaseArgs,
        referral: String,
    },
    /// Move a referral to another status.
    Status {
        case: PathBuf,
        referral: String,
        #[arg(value_parser = parse_status)]
        status: ReferralStatus,
    },
    /// Record that an evidence item (EV-0001) was handed to the referral's agency: a custody
    /// entry names the agency and the share keeps the item's SHA-256.
    Share {
        case: PathBuf,
        referral: String,
        evidence: String,
        /// original, copy, export or summary.
        #[arg(long, value_parser = parse_form, default_value = "copy")]
        form: ShareForm,
        /// How it was handed over.
        #[arg(long)]
        method: Option<String>,
        /// Personal data was included (needs --legal-basis).
        #[arg(long)]
        personal_data: bool,
        #[arg(long)]
        legal_basis: Option<String>,
        #[arg(long)]
        when: Option<String>,
        #[arg(long, requires = "when")]
        tz: Option<String>,
        /// Also write the evidence export (files, MANIFEST.csv, SHA256SUMS) into this new or
        /// empty folder.
        #[arg(long)]
        export_to: Option<PathBuf>,
    },
    /// Record a request to delay notification; prints its id (DR-0001).
    Delay {
        case: PathBuf,
        referral: String,
        /// The first day of the delay (YYYY-MM-DD).
        #[arg(long)]
        from: String,
        /// The day notification may resume (YYYY-MM-DD); until further notice when absent.
        #[arg(long)]
        until: Option<String>,
        /// Jurisdiction codes it covers, comma-separated: US-CA,US-NY, EU…
        #[arg(long, value_delimiter = ',', required = true)]
        jurisdictions: Vec<String>,
        /// The written request, registered as evidence (oral when absent).
        #[arg(long)]
        written: Option<PathBuf>,
        /// The day it was asked for (default: --from).
        #[arg(long)]
        requested_on: Option<String>,
        /// When to ask the agency whether it still holds.
        #[arg(long)]
        review_on: Option<String>,
    },
    /// Record the day law enforcement lifted a delay.
    Lift {
        case: PathBuf,
        /// The delay request (DR-0001).
        delay: String,
        #[arg(long)]
        on: String,
    },
    /// Print the current notes (drafting them from the case first if none were saved), save
    /// a new version from a file, list the versions or show a diff between two.
    Notes {
        #[command(flatten)]
        case: CaseArgs,
        referral: String,
        /// Save this file's text as the next version.
        #[arg(long, conflicts_with_all = ["versions", "diff"])]
        edit_file: Option<PathBuf>,
        /// List the saved versions with their hashes.
        #[arg(long, conflicts_with = "diff")]
        versions: bool,
        /// The line diff between two versions.
        #[arg(long, num_args = 2, value_names = ["FROM", "TO"])]
        diff: Vec<u32>,
    },
    /// Write the referral letter PDF (cover letter, manifest with hashes, notes).
    Letter {
        #[command(flatten)]
        case: CaseArgs,
        referral: String,
        #[arg(long)]
        out: PathBuf,
    },
    /// Record a dated follow-up, with the next action and when it is due.
    FollowUp {
        case: PathBuf,
        referral: String,
        #[arg(long)]
        note: String,
        #[arg(long)]
        next: Option<String>,
        /// YYYY-MM-DD; needs --next.
        #[arg(long, requires = "next")]
        due: Option<String>,
        /// The day of the follow-up (default today).
        #[arg(long)]
        on: Option<String>,
    },
    /// Record legal process received; prints its id (LP-0001).
    Process {
        case: PathBuf,
        referral: String,
        /// subpoena, court_order, warrant, preservation_request or informal_request.
        #[arg(long, value_parser = parse_kind)]
        kind: LegalProcessKind,
        #[arg(long)]
        received: String,
        #[arg(long)]
        due: Option<String>,
        #[arg(long)]
        scope: String,
        #[arg(long)]
        counsel: Option<String>,
        #[arg(long)]
        response: Option<String>,
    },
    /// Record the response sent to legal process (LP-0001).
    Respond {
        case: PathBuf,
        process: String,
        #[arg(long)]
        response: String,
    },
}

vocab_parser!(parse_channel, ReferralChannel, "channel");
vocab_parser!(parse_status, ReferralStatus, "status");
vocab_parser!(parse_form, ShareForm, "form");
vocab_parser!(parse_kind, LegalProcessKind, "kind");
