//! `casebook search`: one query over the whole case.

use super::CaseArgs;
use clap::Args;

#[derive(Args)]
pub struct SearchArgs {
    #[command(flatten)]
    pub case: CaseArgs,
    /// The words to find, each matched as the start of a word; all of them must match. A
    /// hexadecimal word of six characters or more also finds evidence by SHA-256 prefix.
    #[arg(required_unless_present = "rebuild")]
    pub query: Option<String>,
    /// Hits shown per kind.
    #[arg(long, default_value_t = casebook::search::PER_KIND, value_name = "N")]
    pub per_kind: u32,
    /// Print how long the query took (the case opened first, not counted) on stderr.
    #[arg(long)]
    pub time: bool,
    /// Make the search index again from the case's rows (it is derived data), then search
    /// if a query is given.
    #[arg(long)]
    pub rebuild: bool,
}
