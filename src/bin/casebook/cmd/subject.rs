//! `casebook subject`: the insider subject.

use crate::args::subject::SubjectCmd;
use crate::ctx::Ctx;
use crate::output::{emit, Render};
use anyhow::Result;
use casebook::case::{EmploymentStatus, Subject};
use std::process::ExitCode;

pub fn run(ctx: &Ctx, c: SubjectCmd) -> Result<ExitCode> {
    match c {
        SubjectCmd::Set {
            case,
            name,
            employee_id,
            role,
            access_rights,
            employment_status,
            notes,
        } => {
            let mut case = ctx.open(&case)?;
            let old = case.subject()?;
            let keep = |new: Option<String>, old: Option<&str>| {
                new.unwrap_or_else(|| old.unwrap_or("").to_string())
            };
            let s = Subject {
                name: keep(name, old.as_ref().map(|s| s.name.as_str())),
                employee_id: keep(employee_id, old.as_ref().map(|s| s.employee_id.as_str())),
                role: keep(role, old.as_ref().map(|s| s.role.as_str())),
                access_rights: keep(
                    access_rights,
                    old.as_ref().map(|s| s.access_rights.as_str()),
                ),
                employment_status: employment_status
                    .or(old.as_ref().map(|s| s.employment_status))
                    .unwrap_or(EmploymentStatus::Unknown),
                notes: keep(notes, old.as_ref().map(|s| s.notes.as_str())),
            };
            let s = case.set_subject(s)?;
            outln!("Subject: {} ({})", s.name, s.employment_status);
        }
        SubjectCmd::Show(a) => emit(&ctx.open(&a.case)?.subject()?, a.json)?,
    }
    Ok(ExitCode::SUCCESS)
}

impl Render for Option<Subject> {
    fn render(&self) {
        match self {
            Some(s) => {
                outln!(
                    "{} ({})\n  role: {}\n  access: {}\n  status: {}",
                    s.name,
                    s.employee_id,
                    s.role,
                    s.access_rights,
                    s.employment_status
                );
                if !s.notes.is_empty() {
                    outln!("  notes: {}", s.notes);
                }
            }
            None => outln!("No subject recorded."),
        }
    }
}
