//! The `casebook` binary run as a user or a script would: a real process with its own home
//! folder and the fixtures' passphrase in the environment.

use std::path::Path;
use std::process::{Command, Output};

pub fn casebook(home: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_casebook"))
        .args(args)
        .env("CASEBOOK_HOME", home)
        .env("CASEBOOK_PASSPHRASE", super::PASSPHRASE)
        .env_remove("USER")
        .output()
        .expect("the casebook binary runs")
}

/// Stdout of a command that must succeed; its stderr in the failure message.
pub fn ok(out: Output) -> String {
    assert!(
        out.status.success(),
        "command failed: {}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

pub fn json(out: Output) -> serde_json::Value {
    serde_json::from_str(&ok(out)).expect("--json prints valid JSON")
}
