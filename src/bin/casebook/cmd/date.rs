//! `casebook date`: key dates.

use crate::args::date::DateCmd;
use crate::ctx::Ctx;
use crate::output::{emit, Render};
use anyhow::Result;
use casebook::dates::{KeyDate, KeyDateInput};
use std::process::ExitCode;

pub fn run(ctx: &Ctx, c: DateCmd) -> Result<ExitCode> {
    match c {
        DateCmd::Set {
            case,
            kind,
            when,
            tz,
            precision,
            basis,
        } => {
            let d = ctx.open(&case)?.set_key_date(KeyDateInput {
                kind,
                when,
                tz,
                precision,
                basis,
            })?;
            outln!(
                "{}: {} {} ({})",
                d.kind.label(),
                d.when.local,
                d.when.tz,
                d.when.utc
            );
        }
        DateCmd::Clear { case, kind } => {
            ctx.open(&case)?.clear_key_date(kind)?;
            outln!("{} cleared", kind.label());
        }
        DateCmd::List(a) => emit(&ctx.open(&a.case)?.key_dates()?, a.json)?,
    }
    Ok(ExitCode::SUCCESS)
}

impl Render for Vec<KeyDate> {
    fn render(&self) {
        for d in self {
            outln!(
                "{}\t{}\t{}\t{}\t{}",
                d.kind.code(),
                d.when.utc,
                d.when.tz,
                d.precision.code(),
                d.basis
            );
        }
    }
}
