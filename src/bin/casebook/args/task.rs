//! `casebook task` and `casebook playbook`: the case's tasks and the shipped playbook.

use super::CaseArgs;
use casebook::task::TaskStatus;
use clap::Subcommand;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum TaskCmd {
    /// Add a task; prints its id.
    Add {
        case: PathBuf,
        #[arg(long)]
        title: String,
        /// YYYY-MM-DD.
        #[arg(long)]
        due: Option<String>,
        /// A team member's id, name or e-mail.
        #[arg(long)]
        owner: Option<String>,
        #[arg(long)]
        notes: Option<String>,
    },
    /// The tasks and the deadlines of obligations, legal process and referral follow-ups, by
    /// due date.
    List {
        #[command(flatten)]
        args: CaseArgs,
        /// Only items past their due date and not done.
        #[arg(long)]
        overdue: bool,
    },
    /// Mark a task done.
    Done { case: PathBuf, id: String },
    /// Set a task's status (to_do, doing, blocked, done, not_applicable with --reason).
    Status {
        case: PathBuf,
        id: String,
        #[arg(value_parser = parse_status)]
        status: TaskStatus,
        #[arg(long)]
        reason: Option<String>,
    },
    /// Overdue items and those due in the next seven days, across every module.
    Next(CaseArgs),
}

#[derive(Subcommand)]
pub enum PlaybookCmd {
    /// Create the shipped playbook's tasks the case does not have yet; prints their ids.
    Apply { case: PathBuf },
}

vocab_parser!(parse_status, TaskStatus, "status");
