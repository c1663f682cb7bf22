//! `casebook team`: people working the case.

use crate::args::team::TeamCmd;
use crate::ctx::Ctx;
use crate::output::{emit, Render};
use anyhow::Result;
use casebook::team::{MemberInput, TeamMember};
use std::process::ExitCode;

pub fn run(ctx: &Ctx, c: TeamCmd) -> Result<ExitCode> {
    match c {
        TeamCmd::Add {
            case,
            name,
            role,
            email,
            organisation,
        } => {
            let m = ctx.open(&case)?.add_member(MemberInput {
                name,
                email,
                role,
                organisation,
            })?;
            outln!("{}", m.id);
        }
        TeamCmd::Remove { case, id } => ctx.open(&case)?.remove_member(&id)?,
        TeamCmd::List(a) => emit(&ctx.open(&a.case)?.team()?, a.json)?,
    }
    Ok(ExitCode::SUCCESS)
}

impl Render for Vec<TeamMember> {
    fn render(&self) {
        for m in self {
            outln!(
                "{}\t{}\t{}\t{}\t{}",
                m.id,
                m.role.code(),
                m.name,
                m.email,
                m.organisation
            );
        }
    }
}
