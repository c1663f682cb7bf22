//! `casebook profile`: the investigator profile named on every change.

use crate::args::profile::ProfileCmd;
use crate::ctx::Ctx;
use crate::output::{emit, Render};
use anyhow::Result;
use casebook::Actor;
use std::process::ExitCode;

pub fn run(ctx: &Ctx, c: ProfileCmd) -> Result<ExitCode> {
    match c {
        ProfileCmd::Show { json } => emit(&ctx.home.profile()?, json)?,
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

impl Render for Option<Actor> {
    fn render(&self) {
        match self {
            Some(a) => outln!("{}", a.label()),
            None => outln!("No profile yet: casebook profile set --name …"),
        }
    }
}
