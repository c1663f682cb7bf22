//! `casebook team`: people working the case.

use super::CaseArgs;
use casebook::team::Role;
use clap::Subcommand;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum TeamCmd {
    Add {
        case: PathBuf,
        #[arg(long)]
        name: String,
        #[arg(long, value_parser = parse_role)]
        role: Role,
        #[arg(long, default_value = "")]
        email: String,
        #[arg(long, default_value = "")]
        organisation: String,
    },
    Remove {
        case: PathBuf,
        id: String,
    },
    List(CaseArgs),
}

vocab_parser!(parse_role, Role, "role");
