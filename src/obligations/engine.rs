//! Evaluates a rule set against a case's facts. Pure: no database, no clock.

use super::rules::RuleSet;
use super::{Facts, Obligation};

/// One obligation per rule whose jurisdiction has at least one affected resident.
pub fn evaluate(rules: &RuleSet, facts: &Facts) -> Vec<Obligation> {
    let _ = (rules, facts);
    todo!("engine")
}
