//! `casebook audit`: the hash-chained audit log.

use super::CaseArgs;
use clap::Subcommand;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum AuditCmd {
    /// Print the audit log, oldest first.
    Log {
        #[command(flatten)]
        case: CaseArgs,
        /// Only this action: a code (`evidence.add`), its label, or a family (`custody`).
        #[arg(long)]
        action: Option<String>,
        /// Only this entity: `KIND:ID` (`evidence:EV-0003`), a kind (`key_date`) or an id.
        #[arg(long)]
        entity: Option<String>,
        /// Only changes by this person (any part of the recorded name or e-mail).
        #[arg(long)]
        actor: Option<String>,
    },
    /// Recompute the chain: exit 0 when intact, 1 naming the first broken entry. With
    /// --receipt, also hold a signed receipt against the case: exit 1 unless its signature
    /// holds, it is this case's and the intact history still has the head it signed.
    Verify {
        #[command(flatten)]
        case: CaseArgs,
        #[arg(long, value_name = "FILE")]
        receipt: Option<PathBuf>,
    },
    /// Write a receipt of the audit head now, signed with your key (made on first use).
    Receipt {
        #[command(flatten)]
        case: CaseArgs,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}
