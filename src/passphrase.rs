//! How strong a new passphrase is: zxcvbn's estimate of how hard it is to guess (score 0–4),
//! with its advice, for the meter under every new-passphrase field and the CLI's warning.
//! It advises only; the one rule a passphrase must meet is its length
//! (`store::validate_new_passphrase`).

use serde::{Deserialize, Serialize};
use specta::Type;

/// The score from which a passphrase counts as strong enough not to be warned about.
pub const GOOD_SCORE: u8 = 3;

/// zxcvbn's matching grows quickly with length; what follows this many characters adds
/// nothing to the estimate a person needs, and must not make a pasted novel hang the form.
const MAX_CHARS_JUDGED: usize = 100;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct PassphraseStrength {
    /// 0 (guessed at once) to 4 (very hard to guess).
    pub score: u8,
    /// The score in a word: "very weak", "weak", "fair", "strong", "very strong".
    pub label: String,
    /// What makes it weak, when something does ("This is a top-10 common password").
    pub warning: Option<String>,
    /// How to make it stronger.
    pub suggestions: Vec<String>,
}

/// How hard `passphrase` is to guess. `user_inputs` are words an attacker would try first
/// (the case's title, the investigator's name), which count against it.
pub fn strength(passphrase: &str, user_inputs: &[&str]) -> PassphraseStrength {
    let judged: zeroize::Zeroizing<String> =
        zeroize::Zeroizing::new(passphrase.chars().take(MAX_CHARS_JUDGED).collect());
    let estimate = zxcvbn::zxcvbn(&judged, user_inputs);
    let score = u8::from(estimate.score());
    let (warning, suggestions) = match estimate.feedback() {
        Some(f) => (
            f.warning().map(|w| w.to_string()),
            f.suggestions().iter().map(|s| s.to_string()).collect(),
        ),
        None => (None, Vec::new()),
    };
    PassphraseStrength {
        score,
        label: match score {
            0 => "very weak",
            1 => "weak",
            2 => "fair",
            3 => "strong",
            _ => "very strong",
        }
        .into(),
        warning,
        suggestions,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_common_password_is_weak_and_says_why() {
        let s = strength("password1", &[]);
        assert!(
            s.score < GOOD_SCORE,
            "a top-list password must not pass: {s:?}"
        );
        assert!(
            s.warning.is_some() || !s.suggestions.is_empty(),
            "a weak passphrase comes with advice: {s:?}"
        );
    }

    #[test]
    fn several_unrelated_words_are_strong() {
        let s = strength("quartz umbrella fiddle nectarine", &[]);
        assert!(s.score >= GOOD_SCORE, "four random words are strong: {s:?}");
        assert_eq!(
            s.label,
            if s.score == 4 {
                "very strong"
            } else {
                "strong"
            }
        );
    }

    #[test]
    fn the_case_title_counts_against_a_passphrase_made_from_it() {
        let alone = strength("northwindbreach", &[]);
        let known = strength("northwindbreach", &["northwind", "breach"]);
        assert!(
            known.score <= alone.score && known.score < GOOD_SCORE,
            "words an attacker knows make it weaker: {alone:?} vs {known:?}"
        );
    }

    #[test]
    fn a_pasted_megabyte_is_judged_at_once() {
        let huge = "ab1!".repeat(250_000);
        let started = std::time::Instant::now();
        let s = strength(&huge, &[]);
        assert!(s.score <= 4);
        assert!(
            started.elapsed() < std::time::Duration::from_secs(5),
            "only the first {MAX_CHARS_JUDGED} characters are judged"
        );
    }
}
