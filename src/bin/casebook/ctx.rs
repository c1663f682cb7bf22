//! What every command may need from the person at the terminal: the case passphrase, who is
//! acting, and the case opened with both (and remembered as recent).

use anyhow::{bail, Context, Result};
use casebook::signing::KeyPair;
use casebook::{Actor, Case, Home, SystemClock};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use zeroize::Zeroizing;

pub struct Ctx {
    pub home: Home,
    pub passphrase_file: Option<PathBuf>,
    pub key_passphrase_file: Option<PathBuf>,
}

/// A passphrase, wiped from memory when dropped.
pub type Passphrase = Zeroizing<String>;

impl Ctx {
    /// From `--passphrase-file`, `CASEBOOK_PASSPHRASE`, or a prompt (twice when `confirm`).
    pub fn passphrase(&self, confirm: bool) -> Result<Passphrase> {
        if let Some(f) = &self.passphrase_file {
            return read_passphrase_file(f);
        }
        if let Ok(p) = std::env::var("CASEBOOK_PASSPHRASE") {
            if std::io::stdin().is_terminal() {
                errln!(
                    "casebook: warning: the passphrase comes from CASEBOOK_PASSPHRASE, which other \
                     programs running as you can read; use --passphrase-file FILE (chmod 600) or \
                     type it at the prompt instead"
                );
            }
            return Ok(Zeroizing::new(p));
        }
        if !std::io::stdin().is_terminal() {
            bail!("no passphrase: use --passphrase-file FILE or set CASEBOOK_PASSPHRASE");
        }
        prompt_twice_if("Case passphrase: ", confirm)
    }

    /// The passphrase a case is changed to: from `file`, or asked twice on a terminal.
    pub fn new_passphrase(&self, file: Option<&Path>) -> Result<Passphrase> {
        if let Some(f) = file {
            return read_passphrase_file(f);
        }
        if !std::io::stdin().is_terminal() {
            bail!("no new passphrase: use --new-passphrase-file FILE, or run on a terminal to be asked");
        }
        prompt_twice_if("New passphrase: ", true)
    }

    /// The signing key's passphrase, when one is given: `--key-passphrase-file` or
    /// `CASEBOOK_KEY_PASSPHRASE`.
    pub fn key_passphrase(&self) -> Result<Option<Passphrase>> {
        if let Some(f) = &self.key_passphrase_file {
            return read_passphrase_file(f).map(Some);
        }
        Ok(std::env::var("CASEBOOK_KEY_PASSPHRASE")
            .ok()
            .filter(|p| !p.is_empty())
            .map(Zeroizing::new))
    }

    /// The investigator's signing key, made on first need (under the key passphrase if one is
    /// given). A key with a passphrase that was not given is asked for on a terminal.
    pub fn signing_key(&self) -> Result<KeyPair> {
        let given = self.key_passphrase()?;
        match self.home.signing_key(given.as_deref().map(String::as_str)) {
            Err(casebook::Error::KeyLocked(_))
                if given.is_none() && std::io::stdin().is_terminal() =>
            {
                let p = Zeroizing::new(rpassword::prompt_password("Signing key passphrase: ")?);
                Ok(self.home.signing_key(Some(&p))?)
            }
            Err(e @ casebook::Error::KeyLocked(_)) => {
                bail!("{e} (--key-passphrase-file FILE or CASEBOOK_KEY_PASSPHRASE)")
            }
            other => Ok(other?),
        }
    }

    /// The profile; on a terminal, asked for at first use, otherwise the core's stand-in.
    pub fn actor(&self) -> Result<Actor> {
        if self.home.profile()?.is_none()
            && std::io::stdin().is_terminal()
            && std::io::stderr().is_terminal()
        {
            errln!("First run: who are you? This is recorded on every change you make.");
            let ask = |q: &str| -> Result<String> {
                errout!("{q}: ");
                std::io::stderr().flush()?;
                let mut s = String::new();
                std::io::stdin().read_line(&mut s)?;
                Ok(s.trim().to_string())
            };
            let actor = Actor {
                name: ask("Your name")?,
                email: ask("E-mail (optional)")?,
                organisation: ask("Organisation (optional)")?,
            };
            return Ok(self.home.save_profile(actor)?);
        }
        Ok(self.home.actor()?)
    }

    pub fn open(&self, path: &Path) -> Result<Case> {
        let case = Case::open(
            path,
            &self.passphrase(false)?,
            self.actor()?,
            Arc::new(SystemClock),
        )?;
        self.remember(&case);
        Ok(case)
    }

    pub fn remember(&self, case: &Case) {
        // The recent list is a convenience: failing to update it must not fail the command.
        let _ = self.home.remember(case.root());
    }
}

fn prompt_twice_if(prompt: &str, confirm: bool) -> Result<Passphrase> {
    let p = Zeroizing::new(rpassword::prompt_password(prompt)?);
    if confirm && *Zeroizing::new(rpassword::prompt_password("Repeat passphrase: ")?) != *p {
        bail!("the two passphrases differ; nothing was changed");
    }
    Ok(p)
}

/// The first line of the passphrase file `f`, which must be a regular file no other account
/// can read: a passphrase anyone on the machine can read protects nothing.
fn read_passphrase_file(f: &Path) -> Result<Passphrase> {
    use std::os::unix::fs::PermissionsExt;
    let meta = std::fs::metadata(f)
        .with_context(|| format!("reading the passphrase file {}", f.display()))?;
    if !meta.is_file() {
        bail!(
            "the passphrase file {} is not a regular file; write the passphrase into a file \
             and run `chmod 600` on it",
            f.display()
        );
    }
    let mode = meta.permissions().mode() & 0o777;
    if mode & 0o044 != 0 {
        bail!(
            "the passphrase file {} can be read by other accounts (mode {mode:o}); run \
             `chmod 600 {}` and try again",
            f.display(),
            f.display()
        );
    }
    let text = Zeroizing::new(
        std::fs::read_to_string(f)
            .with_context(|| format!("reading the passphrase file {}", f.display()))?,
    );
    Ok(Zeroizing::new(
        text.lines().next().unwrap_or("").to_string(),
    ))
}

/// Tells how strong a new passphrase is, on stderr, and warns when it is weak: a weak one is
/// still taken (scripts depend on any passphrase of 8 characters or more), but said so.
pub fn report_strength(passphrase: &str) {
    let s = casebook::passphrase::strength(passphrase, &[]);
    errln!("passphrase strength: {}/4 ({})", s.score, s.label);
    if s.score < casebook::passphrase::GOOD_SCORE {
        errln!(
            "casebook: warning: this passphrase is weak{}; a longer one of several unrelated \
             words is stronger{}",
            s.warning.map(|w| format!(" ({w})")).unwrap_or_default(),
            s.suggestions
                .iter()
                .map(|x| format!("; {x}"))
                .collect::<String>()
        );
    }
}
