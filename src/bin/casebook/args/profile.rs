//! `casebook profile`: the investigator profile named on every change.

use clap::Subcommand;

#[derive(Subcommand)]
pub enum ProfileCmd {
    Show {
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Make your signing key now (it is otherwise made the first time one is needed), with
    /// a passphrase from --key-passphrase-file, CASEBOOK_KEY_PASSPHRASE or a prompt (empty
    /// for none), and print its fingerprint.
    Key,
    Set {
        #[arg(long)]
        name: String,
        #[arg(long, default_value = "")]
        email: String,
        #[arg(long, default_value = "")]
        organisation: String,
    },
}
