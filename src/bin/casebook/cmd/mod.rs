//! What each command does, one module per domain: check what clap cannot, call the core, print
//! the result through [`crate::output::emit`] (each module renders its own types as text) and
//! choose the exit code.

pub mod affected;
pub mod audit;
pub mod case;
pub mod date;
pub mod demo;
pub mod event;
pub mod evidence;
pub mod harm;
pub mod obligations;
pub mod packet;
pub mod profile;
pub mod referral;
pub mod rules;
pub mod search;
pub mod statement;
pub mod subject;
pub mod task;
pub mod team;

use anyhow::{Context, Result};
use std::path::Path;

/// A file's text, refused unless it is a regular file of UTF-8.
pub fn read_text(file: &Path) -> Result<String> {
    if !file.is_file() {
        anyhow::bail!("{} is not a file", file.display());
    }
    let bytes = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
    String::from_utf8(bytes).with_context(|| format!("{} is not UTF-8 text", file.display()))
}
