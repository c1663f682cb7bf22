//! `casebook profile`: the investigator profile named on every change, and the signing key
//! that signs receipts and packets.

use crate::args::profile::ProfileCmd;
use crate::ctx::{Ctx, Passphrase};
use crate::output::{emit, Render};
use anyhow::{bail, Result};
use casebook::profile::SigningKeyView;
use casebook::Actor;
use serde::Serialize;
use std::io::IsTerminal;
use std::process::ExitCode;
use zeroize::Zeroizing;

pub fn run(ctx: &Ctx, c: ProfileCmd) -> Result<ExitCode> {
    match c {
        ProfileCmd::Show { json } => emit(
            &Profile {
                profile: ctx.home.profile()?,
                signing_key: ctx.home.signing_key_view()?,
            },
            json,
        )?,
        ProfileCmd::Key => {
            let passphrase = match ctx.key_passphrase()? {
                Some(p) => Some(p),
                None => ask_new_key_passphrase()?,
            };
            ctx.home
                .create_signing_key(passphrase.as_deref().map(String::as_str))?;
            let view = ctx.home.signing_key_view()?;
            emit(&view, false)?;
        }
        ProfileCmd::Set {
            name,
            email,
            organisation,
        } => {
            let a = ctx.home.save_profile(Actor {
                name,
                email,
                organisation,
            })?;
            outln!("{}", a.label());
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// On a terminal, a passphrase for the new key (twice; empty for none); elsewhere none.
fn ask_new_key_passphrase() -> Result<Option<Passphrase>> {
    if !std::io::stdin().is_terminal() {
        return Ok(None);
    }
    let p = Zeroizing::new(rpassword::prompt_password(
        "Passphrase for the signing key (empty for none): ",
    )?);
    if p.is_empty() {
        return Ok(None);
    }
    if *Zeroizing::new(rpassword::prompt_password("Repeat passphrase: ")?) != *p {
        bail!("the two passphrases differ; no key was made");
    }
    Ok(Some(p))
}

/// `profile show`: who you are and the key you sign with.
#[derive(Serialize)]
struct Profile {
    profile: Option<Actor>,
    signing_key: Option<SigningKeyView>,
}

impl Render for Profile {
    fn render(&self) {
        match &self.profile {
            Some(a) => outln!("{}", a.label()),
            None => outln!("No profile yet: casebook profile set --name …"),
        }
        self.signing_key.render();
    }
}

impl Render for Option<SigningKeyView> {
    fn render(&self) {
        match self {
            None => outln!(
                "Signing key: none yet (made at the first receipt or packet, or by \
                 `casebook profile key`)"
            ),
            Some(k) => outln!(
                "Signing key: {}{}",
                k.fingerprint
                    .as_deref()
                    .unwrap_or("fingerprint shown once the key is next unlocked"),
                if k.protected {
                    " (passphrase-protected)"
                } else {
                    ""
                }
            ),
        }
    }
}
