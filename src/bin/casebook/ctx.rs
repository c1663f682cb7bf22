//! What every command may need from the person at the terminal: the case passphrase, who is
//! acting, and the case opened with both (and remembered as recent).

use anyhow::{bail, Context, Result};
use casebook::{Actor, Case, Home, SystemClock};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub struct Ctx {
    pub home: Home,
    pub passphrase_file: Option<PathBuf>,
}

impl Ctx {
    /// From `--passphrase-file`, `CASEBOOK_PASSPHRASE`, or a prompt (twice when `confirm`).
    pub fn passphrase(&self, confirm: bool) -> Result<String> {
        if let Some(f) = &self.passphrase_file {
            let text = std::fs::read_to_string(f)
                .with_context(|| format!("reading the passphrase file {}", f.display()))?;
            return Ok(text.lines().next().unwrap_or("").to_string());
        }
        if let Ok(p) = std::env::var("CASEBOOK_PASSPHRASE") {
            return Ok(p);
        }
        if !std::io::stdin().is_terminal() {
            bail!("no passphrase: use --passphrase-file FILE or set CASEBOOK_PASSPHRASE");
        }
        let p = rpassword::prompt_password("Case passphrase: ")?;
        if confirm && rpassword::prompt_password("Repeat passphrase: ")? != p {
            bail!("the two passphrases differ; nothing was created");
        }
        Ok(p)
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
        let _ = self.home.remember_case(case, &SystemClock);
    }
}
