//! `casebook packet` and `casebook packets`: the PDF packet for counsel and the list of
//! packets generated.

use super::CaseArgs;
use casebook::packet::{Redaction, Section};
use clap::Args;
use std::path::PathBuf;

#[derive(Args)]
pub struct PacketArgs {
    #[command(flatten)]
    pub case: CaseArgs,
    /// Where to write the PDF.
    #[arg(long)]
    pub out: PathBuf,
    /// Sections to include, comma-separated (default: all but people, the appendix listing
    /// every affected person): summary, timeline, subject, evidence, custody, tallies, harm,
    /// methodology, obligations, referral, statements, integrity, people, audit_log.
    #[arg(long, value_delimiter = ',', value_parser = parse_section)]
    pub sections: Vec<Section>,
    /// Personal data in the people appendix: full (redacted, the default), partial or none.
    #[arg(long, value_parser = parse_redaction, default_value = "full")]
    pub redact: Redaction,
    /// Bates prefix; numbers run from --bates-start across every page (default: the case's
    /// reference, e.g. IR-2019-0142-, or CASEBOOK- when it has none).
    #[arg(long)]
    pub bates: Option<String>,
    #[arg(long, default_value_t = 1)]
    pub bates_start: u32,
    /// The privilege marking on the cover and every page (default: the standard wording).
    #[arg(long, conflicts_with = "no_marking")]
    pub marking: Option<String>,
    /// A public version: no privilege marking.
    #[arg(long)]
    pub no_marking: bool,
    #[arg(long)]
    pub title: Option<String>,
    #[arg(long)]
    pub purpose: Option<String>,
    /// Executive summary text replacing the case record's.
    #[arg(long)]
    pub summary: Option<String>,
    /// The tally snapshot to cite, e.g. TS-0002 (default: the newest).
    #[arg(long)]
    pub snapshot: Option<String>,
}

#[derive(Args)]
pub struct PacketsArgs {
    #[command(flatten)]
    pub case: CaseArgs,
    /// A PDF to hold against the list: a copy sent out, or a packet at its recorded path.
    #[arg(long, value_name = "FILE")]
    pub check: Option<PathBuf>,
}

vocab_parser!(parse_section, Section, "sections");
vocab_parser!(parse_redaction, Redaction, "redact");
