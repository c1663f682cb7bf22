//! `casebook harm`: harm reports (scam calls, phishing, account takeover, fraud) entered one
//! at a time or imported from a file, listed and tallied.

use super::affected::ShapeArgs;
use super::CaseArgs;
use casebook::harm::{HarmChannel, HarmKind, ReporterKind};
use clap::Subcommand;
use std::path::PathBuf;

vocab_parser!(parse_channel, HarmChannel, "channel");
vocab_parser!(parse_kind, HarmKind, "kind");
vocab_parser!(parse_source, ReporterKind, "source");

#[derive(Subcommand)]
pub enum HarmCmd {
    /// Record one harm report; prints its id.
    Add {
        case: PathBuf,
        /// "YYYY-MM-DD HH:MM" (or a day) in --tz, or RFC 3339.
        #[arg(long)]
        when: String,
        /// The zone --when is in (IANA name, UTC or +09:00); UTC by default.
        #[arg(long, default_value = "")]
        tz: String,
        /// phone_call, sms, email, web, in_person or other.
        #[arg(long, value_parser = parse_channel, default_value = "phone_call")]
        channel: HarmChannel,
        /// scam_call, phishing, account_takeover, fraud or other.
        #[arg(long, value_parser = parse_kind, default_value = "scam_call")]
        kind: HarmKind,
        /// customer or staff.
        #[arg(long, value_parser = parse_source, default_value = "customer")]
        source: ReporterKind,
        /// What the caller claimed to be or want.
        #[arg(long, default_value = "")]
        claimed: String,
        /// The real data the caller quoted: ticket, name, email, phone, address, other
        /// (comma-separated).
        #[arg(long, default_value = "")]
        quoted: String,
        /// The ticket number quoted.
        #[arg(long, default_value = "")]
        ticket: String,
        /// The e-mail quoted, when it is not the reporter's own.
        #[arg(long, default_value = "")]
        quoted_email: String,
        /// The phone number quoted, when it is not the reporter's own.
        #[arg(long, default_value = "")]
        quoted_phone: String,
        /// Money lost, e.g. 250.00, "$1,200" or "99.95 EUR".
        #[arg(long, default_value = "")]
        loss: String,
        /// ISO 4217 code of --loss when it names none (USD by default).
        #[arg(long, default_value = "")]
        currency: String,
        /// The police report or crime reference the reporter was given.
        #[arg(long, default_value = "")]
        police_reference: String,
        /// The reporter's e-mail.
        #[arg(long, default_value = "")]
        email: String,
        /// The reporter's phone.
        #[arg(long, default_value = "")]
        phone: String,
        #[arg(long, default_value = "")]
        notes: String,
    },
    /// Import a CSV/TSV or .xlsx file of harm reports (one transaction; the file is kept as
    /// evidence); prints the accounting and every rejected row.
    Import {
        #[command(flatten)]
        case: CaseArgs,
        file: PathBuf,
        /// FIELD=COLUMN, over the mapping suggested from the headers (FIELD= unmaps). Fields:
        /// when, tz, channel, kind, source, caller_claimed, data_quoted, ticket, quoted_email,
        /// quoted_phone, loss, currency, police_reference, email, phone, notes.
        #[arg(long = "map", value_name = "FIELD=COLUMN")]
        map: Vec<String>,
        /// The zone of times without one (when the file has no tz column); UTC by default.
        #[arg(long)]
        tz: Option<String>,
        /// Where the file came from, for its evidence record.
        #[arg(long)]
        source: Option<String>,
        /// Show how the file would be read (shape, columns, first rows, mapping) and import
        /// nothing.
        #[arg(long)]
        preview: bool,
        #[command(flatten)]
        shape: ShapeArgs,
    },
    /// List harm reports, oldest first, each with the affected person it matches.
    List(CaseArgs),
    /// The harm-report tally: per week, channel, kind and reporter, losses, matched and
    /// unmatched, and the share quoting data from the stolen set.
    Tally(CaseArgs),
}
