//! `casebook event`: timeline events.

use super::CaseArgs;
use casebook::timeline::Category;
use clap::Subcommand;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum EventCmd {
    Add {
        case: PathBuf,
        /// YYYY-MM-DD, "YYYY-MM-DD HH:MM", or RFC 3339 with an offset.
        #[arg(long)]
        when: String,
        #[arg(long, default_value = "UTC")]
        tz: String,
        /// What happened.
        #[arg(long)]
        title: String,
        #[arg(long, value_parser = parse_category, default_value = "other")]
        category: Category,
        #[arg(long)]
        source: Option<String>,
        #[arg(long)]
        detail: Option<String>,
    },
    List {
        #[command(flatten)]
        case: CaseArgs,
        #[arg(long, value_parser = parse_category)]
        category: Vec<Category>,
        /// First day to show (YYYY-MM-DD, UTC).
        #[arg(long)]
        from: Option<String>,
        /// Last day to show (YYYY-MM-DD, UTC).
        #[arg(long)]
        to: Option<String>,
    },
    Delete {
        case: PathBuf,
        id: String,
    },
}

vocab_parser!(parse_category, Category, "category");
