//! `casebook date`: key dates.

use super::CaseArgs;
use casebook::dates::{KeyDateKind, Precision};
use clap::Subcommand;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum DateCmd {
    /// Set a key date, e.g. `date set CASE discovery "2019-10-18 16:00" --tz Europe/Dublin`.
    Set {
        case: PathBuf,
        #[arg(value_parser = parse_kind)]
        kind: KeyDateKind,
        /// YYYY-MM-DD, "YYYY-MM-DD HH:MM", or RFC 3339 with an offset.
        when: String,
        /// Time zone the date was observed in (IANA name, UTC, or +HH:MM).
        #[arg(long, default_value = "UTC")]
        tz: String,
        #[arg(long, value_parser = parse_precision)]
        precision: Option<Precision>,
        /// What the date rests on.
        #[arg(long)]
        basis: Option<String>,
    },
    Clear {
        case: PathBuf,
        #[arg(value_parser = parse_kind)]
        kind: KeyDateKind,
    },
    List(CaseArgs),
}

vocab_parser!(parse_kind, KeyDateKind, "kind");
vocab_parser!(parse_precision, Precision, "precision");
