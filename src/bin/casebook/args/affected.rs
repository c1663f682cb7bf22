//! `casebook affected`: import, tallies, snapshots, the people list and notices.

use super::CaseArgs;
use casebook::affected::notice::{Channel, NoticeStatus};
use casebook::affected::people::DedupeRule;
use casebook::affected::source::{ShapeOverride, TextEncoding};
use clap::{Args, Subcommand};
use std::path::PathBuf;

/// How to read a file when detection guesses wrong.
#[derive(Args)]
pub struct ShapeArgs {
    /// utf-8, utf-8-bom, utf-16le, utf-16be or windows-1252.
    #[arg(long, value_parser = parse_encoding)]
    encoding: Option<TextEncoding>,
    /// comma, semicolon, tab or pipe (or the character itself).
    #[arg(long)]
    delimiter: Option<String>,
    /// The workbook sheet to read (default: the first).
    #[arg(long)]
    sheet: Option<String>,
}

impl From<ShapeArgs> for ShapeOverride {
    fn from(a: ShapeArgs) -> ShapeOverride {
        ShapeOverride {
            encoding: a.encoding,
            delimiter: a.delimiter,
            sheet: a.sheet,
        }
    }
}

#[derive(Subcommand)]
pub enum AffectedCmd {
    /// Show how a file will be read: encoding, delimiter, columns, first rows and mapping.
    Preview {
        #[command(flatten)]
        case: CaseArgs,
        file: PathBuf,
        #[command(flatten)]
        shape: ShapeArgs,
    },
    /// Import a CSV/TSV or .xlsx file of affected records (one transaction; the file is kept
    /// as evidence).
    Import {
        #[command(flatten)]
        case: CaseArgs,
        file: PathBuf,
        /// FIELD=COLUMN, over the saved or suggested mapping (FIELD= unmaps). Repeat it for
        /// one field to build that field from several columns in order, e.g. --map
        /// name="First name" --map name="Last name" (a name or phone joined with spaces,
        /// anything else with ", "). Fields: record_id, name, email, phone, street, city,
        /// postal_code, country, region, segment, birth_date, minor, elements, account_id,
        /// notes.
        #[arg(long = "map", value_name = "FIELD=COLUMN")]
        map: Vec<String>,
        #[command(flatten)]
        shape: ShapeArgs,
        /// Where the file came from, for its evidence record.
        #[arg(long)]
        source: Option<String>,
    },
    /// The live tally (with --json exactly: people, records, by_country, by_us_state,
    /// by_segment, by_element, minors).
    Tally(CaseArgs),
    /// Freeze the current tallies as a snapshot with a SHA-256.
    Snapshot {
        #[command(flatten)]
        case: CaseArgs,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// List snapshots.
    Snapshots(CaseArgs),
    /// List people (a page at a time), with filters.
    People {
        #[command(flatten)]
        case: CaseArgs,
        /// Part of a name, e-mail or phone number.
        #[arg(long)]
        search: Option<String>,
        #[arg(long)]
        country: Option<String>,
        #[arg(long)]
        region: Option<String>,
        #[arg(long)]
        element: Option<String>,
        #[arg(long)]
        status: Option<String>,
        #[arg(long, default_value_t = 0)]
        offset: u32,
        #[arg(long, default_value_t = 100)]
        limit: u32,
    },
    /// One person's source records and notice history.
    Person {
        #[command(flatten)]
        case: CaseArgs,
        id: String,
    },
    /// Import batches, with their counts.
    Batches(CaseArgs),
    /// Remove a batch's records (audited; tallies follow).
    RemoveBatch {
        case: PathBuf,
        id: String,
        #[arg(long)]
        reason: String,
    },
    /// A batch's rejected rows; with --out, write them as CSV to fix and import again.
    Rejects {
        #[command(flatten)]
        case: CaseArgs,
        batch: String,
        #[arg(long)]
        out: Option<PathBuf>,
        /// Write cells exactly as imported, formulas included: only for a file going straight
        /// back into Casebook, never one to open in a spreadsheet.
        #[arg(long, requires = "out")]
        raw: bool,
    },
    /// Show or set how records are grouped into people: email, phone or name_postal.
    Rule {
        case: PathBuf,
        #[arg(value_parser = parse_rule)]
        rule: Option<DedupeRule>,
    },
    /// Notice tracking.
    #[command(subcommand)]
    Notices(NoticesCmd),
}

#[derive(Subcommand)]
pub enum NoticesCmd {
    /// Set the notice status of people.
    Set {
        case: PathBuf,
        #[arg(required = true)]
        ids: Vec<String>,
        #[arg(long, value_parser = parse_notice_status)]
        status: NoticeStatus,
        #[arg(long, value_parser = parse_channel)]
        channel: Option<Channel>,
        /// YYYY-MM-DD (default today).
        #[arg(long)]
        date: Option<String>,
    },
    /// Apply a mailing house's results file (person_id or email, status, date, channel).
    Import {
        #[command(flatten)]
        case: CaseArgs,
        file: PathBuf,
    },
    /// Write a mail-merge list (CSV) of people with a status, per country/state.
    Export {
        case: PathBuf,
        #[arg(long)]
        out: PathBuf,
        #[arg(long, value_parser = parse_channel)]
        channel: Option<Channel>,
        #[arg(long)]
        country: Option<String>,
        #[arg(long)]
        region: Option<String>,
        #[arg(long, value_parser = parse_notice_status)]
        status: Option<NoticeStatus>,
    },
    /// A person's notice history.
    History {
        #[command(flatten)]
        case: CaseArgs,
        id: String,
    },
}

vocab_parser!(parse_encoding, TextEncoding, "encoding");
vocab_parser!(parse_rule, DedupeRule, "rule");
vocab_parser!(parse_notice_status, NoticeStatus, "status");
vocab_parser!(parse_channel, Channel, "channel");
