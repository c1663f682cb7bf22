//! `casebook event`: timeline events.

use crate::args::event::EventCmd;
use crate::ctx::Ctx;
use crate::output::{emit, Render};
use anyhow::Result;
use casebook::timeline::{EventInput, TimelineEvent, TimelineFilter};
use std::process::ExitCode;

pub fn run(ctx: &Ctx, c: EventCmd) -> Result<ExitCode> {
    match c {
        EventCmd::Add {
            case,
            when,
            tz,
            title,
            category,
            source,
            detail,
        } => {
            let e = ctx.open(&case)?.add_event(EventInput {
                when,
                tz,
                title,
                detail,
                source,
                category,
                linked_type: None,
                linked_id: None,
            })?;
            outln!("{}", e.id);
        }
        EventCmd::List {
            case,
            category,
            from,
            to,
        } => {
            let events = ctx.open(&case.case)?.timeline(&TimelineFilter {
                categories: category,
                from,
                to,
            })?;
            emit(&events, case.json)?;
        }
        EventCmd::Delete { case, id } => ctx.open(&case)?.delete_event(&id)?,
    }
    Ok(ExitCode::SUCCESS)
}

impl Render for Vec<TimelineEvent> {
    fn render(&self) {
        for e in self {
            outln!(
                "{}\t{} {}\t{}\t{}\t{}",
                e.when.utc,
                e.when.local,
                e.when.tz,
                e.category.code(),
                e.title,
                e.id
            );
        }
    }
}
