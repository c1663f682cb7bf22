//! `casebook task` and `casebook playbook`.

use crate::args::task::{PlaybookCmd, TaskCmd};
use crate::ctx::Ctx;
use crate::output::{emit, Render};
use anyhow::Result;
use casebook::task::{Task, TaskFilter, TaskInput, TaskStatus, WhatsNext};
use std::process::ExitCode;

pub fn run(ctx: &Ctx, c: TaskCmd) -> Result<ExitCode> {
    match c {
        TaskCmd::Add {
            case,
            title,
            due,
            owner,
            notes,
        } => {
            let t = ctx.open(&case)?.add_task(TaskInput {
                title,
                notes,
                owner,
                due,
                links: Vec::new(),
            })?;
            outln!("{}", t.id);
        }
        TaskCmd::List { args, overdue } => {
            let filter = TaskFilter {
                overdue,
                ..Default::default()
            };
            emit(&ctx.open(&args.case)?.tasks(&filter)?, args.json)?;
        }
        TaskCmd::Done { case, id } => {
            ctx.open(&case)?
                .set_task_status(&id, TaskStatus::Done, None)?;
        }
        TaskCmd::Status {
            case,
            id,
            status,
            reason,
        } => {
            ctx.open(&case)?
                .set_task_status(&id, status, reason.as_deref())?;
        }
        TaskCmd::Next(a) => emit(&ctx.open(&a.case)?.whats_next()?, a.json)?,
    }
    Ok(ExitCode::SUCCESS)
}

pub fn playbook(ctx: &Ctx, c: PlaybookCmd) -> Result<ExitCode> {
    match c {
        PlaybookCmd::Apply { case } => {
            let applied = ctx.open(&case)?.apply_playbook()?;
            for id in &applied.added {
                outln!("{id}");
            }
            errln!(
                "{} tasks added from playbook {} v{}; {} already on the case",
                applied.added.len(),
                applied.playbook,
                applied.version,
                applied.already
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

impl Render for Vec<Task> {
    fn render(&self) {
        for t in self {
            outln!(
                "{}\t{}\t{}\t{}\t{}{}",
                t.id,
                t.due.as_deref().unwrap_or("-"),
                t.status.code(),
                t.source.code(),
                t.title,
                if t.overdue { "\t(overdue)" } else { "" }
            );
        }
    }
}

impl Render for WhatsNext {
    fn render(&self) {
        outln!("{} overdue", self.overdue);
        self.items.render();
    }
}
