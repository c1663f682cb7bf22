//! `casebook profile`: the investigator profile named on every change.

use clap::Subcommand;

#[derive(Subcommand)]
pub enum ProfileCmd {
    Show {
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    Set {
        #[arg(long)]
        name: String,
        #[arg(long, default_value = "")]
        email: String,
        #[arg(long, default_value = "")]
        organisation: String,
    },
}
