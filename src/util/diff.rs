//! Line diffs between two versions of a text (referral notes, statements), in the form the
//! UI and the CLI show: each line kept, added or removed.

use serde::{Deserialize, Serialize};
use specta::Type;

/// How one line fares between two versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum LineChange {
    Same,
    Added,
    Removed,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct DiffLine {
    pub change: LineChange,
    /// The line without its line ending.
    pub text: String,
}

/// The line diff of two texts.
pub fn diff_lines(old: &str, new: &str) -> Vec<DiffLine> {
    similar::TextDiff::from_lines(old, new)
        .iter_all_changes()
        .map(|c| DiffLine {
            change: match c.tag() {
                similar::ChangeTag::Equal => LineChange::Same,
                similar::ChangeTag::Insert => LineChange::Added,
                similar::ChangeTag::Delete => LineChange::Removed,
            },
            text: c.value().trim_end_matches(['\n', '\r']).to_string(),
        })
        .collect()
}
