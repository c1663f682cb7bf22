//! Who acts: the person named on every audit entry, and the check of the e-mail address they
//! and the case team give.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use specta::Type;

/// Who performs a change: named on every audit entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Actor {
    pub name: String,
    pub email: String,
    pub organisation: String,
}

impl Actor {
    /// `Name <email> (Organisation)`, the form written into the audit log.
    pub fn label(&self) -> String {
        let mut s = self.name.clone();
        if !self.email.is_empty() {
            s.push_str(&format!(" <{}>", self.email));
        }
        if !self.organisation.is_empty() {
            s.push_str(&format!(" ({})", self.organisation));
        }
        s
    }

    pub fn validated(self) -> Result<Actor> {
        let a = Actor {
            name: self.name.trim().to_string(),
            email: self.email.trim().to_string(),
            organisation: self.organisation.trim().to_string(),
        };
        if a.name.is_empty() {
            return Err(Error::invalid(
                "name",
                "enter your name; it is recorded on every change",
            ));
        }
        if !a.email.is_empty() && !looks_like_email(&a.email) {
            return Err(Error::invalid(
                "email",
                "that is not an e-mail address (expected name@domain)",
            ));
        }
        Ok(a)
    }
}

pub(crate) fn looks_like_email(s: &str) -> bool {
    match s.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !s.contains(' ')
        }
        None => false,
    }
}
