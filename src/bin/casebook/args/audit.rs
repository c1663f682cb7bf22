//! `casebook audit`: the hash-chained audit log.

use super::CaseArgs;
use clap::Subcommand;

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
    /// Recompute the chain: exit 0 when intact, 1 naming the first broken entry.
    Verify(CaseArgs),
}
