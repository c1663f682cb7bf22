//! `casebook rules`: the notification rule set this build ships. No case needed.

use clap::Subcommand;

#[derive(Subcommand)]
pub enum RulesCmd {
    /// The set's version, then one line per rule: id, jurisdiction, recipient, body, deadline,
    /// verified-on date, and UNVERIFIED when a fact of it is unconfirmed.
    List {
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Every field of one rule (each version, when the law changed).
    Show {
        /// The rule's id, e.g. `US-CA.regulator` (see `casebook rules list`).
        rule: String,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
}
