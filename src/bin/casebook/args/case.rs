//! `casebook case`: create, show, list and change cases, change a case's passphrase, and seal
//! a case into a bundle or open one.

use super::CaseArgs;
use casebook::case::{Severity, Status};
use casebook::vault::LegacyHashes;
use clap::Subcommand;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum CaseCmd {
    /// Create a case folder PATH.casebook (the extension is added when missing).
    New {
        path: PathBuf,
        #[arg(long)]
        title: String,
        #[arg(long)]
        code_name: Option<String>,
        #[arg(long, value_parser = parse_severity)]
        severity: Option<Severity>,
        #[arg(long)]
        reference: Option<String>,
        #[arg(long)]
        summary: Option<String>,
        /// Apply the shipped insider-incident playbook (tasks due from the key dates).
        #[arg(long)]
        playbook: bool,
    },
    /// Show a case: record, subject, key dates, team, counts.
    Show(CaseArgs),
    /// List recent cases and those in the default cases folder.
    List {
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Change the case record.
    Set {
        case: PathBuf,
        #[arg(long)]
        title: Option<String>,
        #[arg(long)]
        code_name: Option<String>,
        #[arg(long, value_parser = parse_status)]
        status: Option<Status>,
        #[arg(long, value_parser = parse_severity)]
        severity: Option<Severity>,
        #[arg(long)]
        reference: Option<String>,
        #[arg(long)]
        summary: Option<String>,
        /// Digests evidence intake computes beside SHA-256: sha1, md5, sha1,md5 or none.
        #[arg(long, value_parser = parse_legacy_hashes)]
        legacy_hashes: Option<LegacyHashes>,
    },
    /// Change the passphrase CASE is encrypted with. The current one comes from the usual
    /// options (--passphrase-file, CASEBOOK_PASSPHRASE or the prompt); the new one from
    /// --new-passphrase-file, or asked twice on a terminal. Close the case in the app first.
    Passphrase {
        case: PathBuf,
        /// Read the new passphrase from this file (first line; chmod 600).
        #[arg(long)]
        new_passphrase_file: Option<PathBuf>,
    },
    /// Seal CASE into one file (still encrypted) signed with your profile's key, to move it
    /// to another computer or to cold storage.
    Bundle {
        case: PathBuf,
        /// The bundle to write (FILE.cbx); an existing file is replaced.
        #[arg(long)]
        out: PathBuf,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Check a bundle's signature and every file in it, then place the case at DIR (which
    /// must not exist). The case opens with the passphrase it had when it was sealed.
    OpenBundle {
        bundle: PathBuf,
        /// The case folder to make (`.casebook` is added when missing).
        #[arg(long)]
        to: PathBuf,
        /// Refuse the bundle unless the key with this fingerprint sealed it.
        #[arg(long)]
        expect_sealer: Option<String>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
}

vocab_parser!(parse_severity, Severity, "severity");
vocab_parser!(parse_status, Status, "status");

fn parse_legacy_hashes(s: &str) -> Result<LegacyHashes, String> {
    let mut legacy = LegacyHashes::default();
    for part in s.split(',').map(str::trim) {
        match part {
            "sha1" => legacy.sha1 = true,
            "md5" => legacy.md5 = true,
            "none" | "" => {}
            other => return Err(format!("{other:?}: use sha1, md5, sha1,md5 or none")),
        }
    }
    Ok(legacy)
}
