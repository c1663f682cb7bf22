//! How a command prints what it read: `--json` prints the value as JSON, otherwise its
//! [`Render`] prints text for people. Both forms are what scripts read, so they only change
//! deliberately.

use anyhow::Result;
use serde::Serialize;
use std::borrow::Cow;

/// `println!` for what the CLI prints: names, notes and file names come from outside, and a
/// terminal obeys escape sequences, carriage returns and bidirectional overrides hidden in
/// them. Every line the CLI prints goes through [`terminal_safe`].
macro_rules! outln {
    () => { println!() };
    ($($t:tt)*) => { println!("{}", $crate::output::terminal_safe(&format!($($t)*))) };
}

/// `print!` through [`terminal_safe`].
macro_rules! out {
    ($($t:tt)*) => { print!("{}", $crate::output::terminal_safe(&format!($($t)*))) };
}

/// `eprintln!` through [`terminal_safe`].
macro_rules! errln {
    () => { eprintln!() };
    ($($t:tt)*) => { eprintln!("{}", $crate::output::terminal_safe(&format!($($t)*))) };
}

/// `eprint!` through [`terminal_safe`].
macro_rules! errout {
    ($($t:tt)*) => { eprint!("{}", $crate::output::terminal_safe(&format!($($t)*))) };
}

/// `text` with every control character but newline and tab, and every bidirectional
/// control, written as a `\uXXXX` escape: shown, never obeyed. The escape is JSON's own, so a
/// `--json` value reads back unchanged.
pub fn terminal_safe(text: &str) -> Cow<'_, str> {
    let hidden = |c: char| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{061c}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !text.chars().any(hidden) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if hidden(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

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
    outln!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::terminal_safe;

    #[test]
    fn escapes_and_overrides_are_shown_not_obeyed_and_ordinary_text_is_untouched() {
        assert_eq!(terminal_safe("Zhang Wei\tline\n"), "Zhang Wei\tline\n");
        assert_eq!(terminal_safe("Ünïcødé 张伟"), "Ünïcødé 张伟");
        assert_eq!(
            terminal_safe("evil\u{1b}[2J\rname\u{202e}fdp.exe\u{85}"),
            "evil\\u001b[2J\\u000dname\\u202efdp.exe\\u0085"
        );
        let json = serde_json::to_string(&"a\u{202e}b\u{1b}").unwrap();
        let shown = terminal_safe(&json);
        assert_eq!(
            serde_json::from_str::<String>(&shown).unwrap(),
            "a\u{202e}b\u{1b}",
            "JSON output escaped this way still reads back as the same value"
        );
    }
}
