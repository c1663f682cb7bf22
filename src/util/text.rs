//! Checks on text a person entered: present, and within a length. Both trim, and both name
//! the field in their error so a form can point at it.

use crate::error::{Error, Result};

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
