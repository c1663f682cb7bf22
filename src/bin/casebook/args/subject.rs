//! `casebook subject`: the insider subject.

use super::CaseArgs;
use casebook::case::EmploymentStatus;
use clap::Subcommand;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum SubjectCmd {
    /// Set the insider subject (fields left out keep their value).
    Set {
        case: PathBuf,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        employee_id: Option<String>,
        #[arg(long)]
        role: Option<String>,
        #[arg(long)]
        access_rights: Option<String>,
        #[arg(long, value_parser = parse_employment)]
        employment_status: Option<EmploymentStatus>,
        #[arg(long)]
        notes: Option<String>,
    },
    Show(CaseArgs),
}

vocab_parser!(parse_employment, EmploymentStatus, "employment_status");
