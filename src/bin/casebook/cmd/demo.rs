//! `casebook demo`: a complete demo case.

use crate::ctx::Ctx;
use anyhow::Result;
use casebook::SystemClock;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

pub fn run(ctx: &Ctx, dir: &Path) -> Result<ExitCode> {
    let case = casebook::demo::build(
        dir,
        &ctx.passphrase(true)?,
        ctx.actor()?,
        Arc::new(SystemClock),
    )?;
    ctx.remember(&case);
    outln!("{}", case.root().display());
    Ok(ExitCode::SUCCESS)
}
