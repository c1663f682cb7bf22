//! The notification rule set: `rules/*.toml`, compiled in, parsed and checked as a whole.

use serde::{Deserialize, Serialize};
use specta::Type;

/// A versioned set of rules. A case stores the set it uses (see [`super::record`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct RuleSet {
    /// e.g. `2026.12.1`.
    pub version: String,
}

/// The rule set this build ships.
pub fn shipped() -> &'static RuleSet {
    todo!("rules")
}
