//! How a command prints what it read: `--json` prints the value as JSON, otherwise its
//! [`Render`] prints text for people. Both forms are what scripts read, so they only change
//! deliberately.

use anyhow::Result;
use serde::Serialize;

/// The text form of a value: data on stdout, remarks about it on stderr.
pub trait Render {
    fn render(&self);
}

pub fn emit<T: Serialize + Render + ?Sized>(value: &T, json: bool) -> Result<()> {
    if json {
        print_json(value)
    } else {
        value.render();
        Ok(())
    }
}

/// For a command whose JSON and text forms are read differently from the case.
pub fn print_json<T: Serialize + ?Sized>(value: &T) -> Result<()> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}
