//! Text mechanics: checks on what a person entered (present, within a length; both trim and
//! name the field in their error so a form can point at it) and numbers written for reading.

use crate::error::{Error, Result};
use std::borrow::Cow;

/// `value` trimmed, or an error asking for `what` when nothing is left.
pub(crate) fn required(field: &str, value: &str, what: &str) -> Result<String> {
    let v = value.trim();
    if v.is_empty() {
        return Err(Error::invalid(field, format!("enter {what}")));
    }
    Ok(v.to_string())
}

/// `value` trimmed, or an error when it is longer than `max_chars` characters.
pub(crate) fn limited(field: &str, value: &str, max_chars: usize) -> Result<String> {
    let v = value.trim();
    if v.chars().count() > max_chars {
        return Err(Error::invalid(
            field,
            format!(
                "is {} characters long; the limit is {max_chars}",
                v.chars().count()
            ),
        ));
    }
    Ok(v.to_string())
}

/// `value` with every control character (a tab, a line break, an escape) turned into a space
/// and every bidirectional control removed: text that came from outside, as it may be stored
/// and printed. A name carrying U+202E would read backwards in the packet, a notice letter and
/// every list that shows it.
pub(crate) fn plain(value: &str) -> Cow<'_, str> {
    let odd = |c: char| c.is_control() || is_bidi_control(c);
    if !value.chars().any(odd) {
        return Cow::Borrowed(value);
    }
    Cow::Owned(
        value
            .chars()
            .filter(|c| !is_bidi_control(*c))
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect(),
    )
}

/// The marks that reorder text around them: LRM, RLM, ALM, the embeddings and overrides
/// (U+202A–U+202E) and the isolates (U+2066–U+2069).
pub(crate) fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200e}' | '\u{200f}' | '\u{061c}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// 1240 → "1,240": figures in sentences read the way the packet prints them.
pub fn group_digits(n: impl Into<u64>) -> String {
    let s = n.into().to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// An id as typed (`le-1`, ` LE-0001 `) in its stored form.
pub fn normal_id(id: &str, prefix: &str) -> String {
    let id = id.trim().to_uppercase();
    match id
        .strip_prefix(prefix)
        .and_then(|n| n.strip_prefix('-'))
        .and_then(|n| n.parse::<u32>().ok())
    {
        Some(n) => format!("{prefix}-{n:04}"),
        None => id,
    }
}
