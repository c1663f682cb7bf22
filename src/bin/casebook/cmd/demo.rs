//! `casebook demo`: a complete demo case.

use crate::ctx::{report_strength, Ctx};
use anyhow::Result;
use casebook::SystemClock;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

pub fn run(ctx: &Ctx, dir: &Path) -> Result<ExitCode> {
    let passphrase = ctx.passphrase(true)?;
    report_strength(&passphrase);
    let case = casebook::demo::build(dir, &passphrase, ctx.actor()?, Arc::new(SystemClock))?;
    ctx.remember(&case);
    outln!("{}", case.root().display());
    Ok(ExitCode::SUCCESS)
}
