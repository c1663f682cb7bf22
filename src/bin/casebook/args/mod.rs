//! What the command line accepts: one clap `Subcommand` enum per domain, definitions only.
//! Turning a value into a core type happens in the value parsers here; what a command then
//! does with it is `cmd`'s business.

use clap::{Args, CommandFactory, Parser, Subcommand};
use std::path::PathBuf;

/// A value parser for a closed vocabulary: the core's `parse`, whose error lists the allowed
/// values, with `field` naming the flag.
macro_rules! vocab_parser {
    ($fn:ident, $ty:ty, $field:literal) => {
        fn $fn(s: &str) -> Result<$ty, String> {
            <$ty>::parse(s, $field).map_err(|e| e.to_string())
        }
    };
}

pub mod affected;
pub mod audit;
pub mod case;
pub mod date;
pub mod event;
pub mod evidence;
pub mod harm;
pub mod obligations;
pub mod packet;
pub mod profile;
pub mod referral;
pub mod rules;
pub mod search;
pub mod statement;
pub mod subject;
pub mod task;
pub mod team;

#[derive(Parser)]
#[command(
    name = "casebook",
    version,
    about = "Offline case manager for insider data-theft incidents"
)]
pub struct Cli {
    /// Read the case passphrase from this file (first line). Otherwise CASEBOOK_PASSPHRASE, or
    /// a prompt on a terminal.
    #[arg(long, global = true, value_name = "FILE")]
    pub passphrase_file: Option<PathBuf>,
    /// Read the passphrase of your signing key from this file (first line). Otherwise
    /// CASEBOOK_KEY_PASSPHRASE, or a prompt on a terminal when the key has one.
    #[arg(long, global = true, value_name = "FILE")]
    pub key_passphrase_file: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Create, show and list cases.
    #[command(subcommand)]
    Case(case::CaseCmd),
    /// The insider subject.
    #[command(subcommand)]
    Subject(subject::SubjectCmd),
    /// Key dates (first/last unauthorized access, discovery, containment, notices…).
    #[command(subcommand)]
    Date(date::DateCmd),
    /// People working the case.
    #[command(subcommand)]
    Team(team::TeamCmd),
    /// Timeline events.
    #[command(subcommand)]
    Event(event::EventCmd),
    /// Evidence items: intake, verification, custody, export.
    #[command(subcommand)]
    Evidence(evidence::EvidenceCmd),
    /// Affected people: import, tallies, snapshots, the people list and notices.
    #[command(subcommand)]
    Affected(affected::AffectedCmd),
    /// Notification obligations of a snapshot (`obligations CASE [--snapshot TS-…] [--json]`),
    /// and the answers, overrides and filings that decide them. Decision support for counsel,
    /// not legal advice.
    Obligations(obligations::ObligationsArgs),
    /// Harm reports: scam calls, phishing, account takeover and fraud using the stolen data.
    #[command(subcommand)]
    Harm(harm::HarmCmd),
    /// Print and verify the hash-chained audit log.
    #[command(subcommand)]
    Audit(audit::AuditCmd),
    /// Your investigator profile, named on every change you make.
    #[command(subcommand)]
    Profile(profile::ProfileCmd),
    /// Law-enforcement referrals: items handed over, delays, legal process, notes, letter.
    #[command(subcommand)]
    Referral(referral::ReferralCmd),
    /// Statements and notices: figures as tokens, the linter, approvals, versions, exports.
    #[command(subcommand)]
    Statement(statement::StatementCmd),
    /// Generate the PDF packet for counsel; prints its id, pages, Bates range and SHA-256.
    Packet(packet::PacketArgs),
    /// List the packets generated from a case, newest first, with their hashes; with --check,
    /// say which of them a file is (exit 1 when it is none of them).
    Packets(packet::PacketsArgs),
    /// Search the whole case: events, evidence (and SHA-256 prefixes), custody notes, people,
    /// referral notes, statements, audit entries. One hit per line (kind, id, title, detail);
    /// --json: an array of {kind, id, title, detail}.
    Search(search::SearchArgs),
    /// Create a complete demo case in DIR and print its path.
    Demo { dir: PathBuf },
    /// Tasks: the case's own and the deadlines other modules hold.
    #[command(subcommand)]
    Task(task::TaskCmd),
    /// The shipped insider-incident playbook.
    #[command(subcommand)]
    Playbook(task::PlaybookCmd),
    /// The notification rules this build ships (decision support for counsel, not legal advice).
    #[command(subcommand)]
    Rules(rules::RulesCmd),
}

// The case a read command looks at, and how to print what it finds: flattened first into
// every read command. (Not a doc comment: clap would make it the about text of the commands
// that take nothing else.)
#[derive(Args)]
pub struct CaseArgs {
    pub case: PathBuf,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

/// The command line to parse: the derived one with `--json` listed where it always was.
pub fn command() -> clap::Command {
    place_json(Cli::command())
}

/// `CaseArgs` comes first in a command, so clap would list `--json` before the command's own
/// flags; it has always been listed after them (and with it alone, first), and help text is
/// output scripts and people read.
fn place_json(mut cmd: clap::Command) -> clap::Command {
    let json = cmd
        .get_arguments()
        .find(|a| a.get_id() == "json")
        .map(|a| a.get_display_order());
    let after: Vec<(String, usize)> = cmd
        .get_arguments()
        .filter(|a| !a.is_positional() && json.is_some_and(|j| a.get_display_order() > j))
        .map(|a| (a.get_id().to_string(), a.get_display_order()))
        .collect();
    if !after.is_empty() {
        // Just before --help, which clap lists at 999; the flags behind it move up a place.
        cmd = cmd.mut_arg("json", |a| a.display_order(998));
        for (id, order) in after {
            cmd = cmd.mut_arg(id, |a| a.display_order(order - 1));
        }
    }
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    names
        .iter()
        .fold(cmd, |cmd, name| cmd.mut_subcommand(name, place_json))
}
