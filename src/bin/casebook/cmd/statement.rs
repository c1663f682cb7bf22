//! `casebook statement`: drafting, linting, approving and exporting statements.

use super::read_text;
use crate::args::statement::StatementCmd;
use crate::ctx::Ctx;
use crate::output::{emit, print_json, Render};
use anyhow::Result;
use casebook::statement::library::{CaseTemplate, TemplateInput};
use casebook::statement::lint::FindingSeverity;
use casebook::statement::LineChange;
use casebook::statement::{
    ApprovalInput, EditInput, LintReport, Reissue, StatementDetail, StatementInput,
};
use serde::Serialize;
use std::process::ExitCode;

pub fn run(ctx: &Ctx, c: StatementCmd) -> Result<ExitCode> {
    match c {
        StatementCmd::New {
            case,
            kind,
            title,
            body_file,
            // Clap has checked it was asked for when neither a file nor a template is given.
            from_library: _,
            template,
            jurisdictions,
            release_set,
            audience,
            snapshot,
        } => {
            let mut opened = ctx.open(&case)?;
            let body = match (body_file, template) {
                (Some(f), _) => read_text(&f)?,
                (None, Some(t)) => opened.statement_template(&t)?.body,
                (None, None) => opened.statement_draft(kind, &jurisdictions)?,
            };
            let s = opened.new_statement(StatementInput {
                kind,
                title,
                body,
                audience: audience.unwrap_or_default(),
                jurisdictions,
                release_set: release_set.unwrap_or_default(),
                snapshot,
            })?;
            outln!("{}", s.id);
        }
        StatementCmd::Edit {
            case,
            statement,
            body_file,
            title,
            snapshot,
        } => {
            let body = read_text(&body_file)?;
            let s = ctx.open(&case)?.edit_statement(
                &statement,
                EditInput {
                    body,
                    title,
                    snapshot,
                },
            )?;
            outln!("{}\tversion {}\t{}", s.id, s.version, s.state.code());
        }
        StatementCmd::Lint { case, statement } => {
            let report = ctx.open(&case.case)?.lint_statement(&statement)?;
            emit(&report, case.json)?;
            if report.blocks {
                return Ok(ExitCode::FAILURE);
            }
        }
        StatementCmd::Approve {
            case,
            statement,
            by,
            role,
            manner,
            evidence,
            comment,
        } => {
            let d = ctx.open(&case)?.approve_statement(
                &statement,
                ApprovalInput {
                    by,
                    role,
                    manner,
                    evidence: evidence.map(|p| p.to_string_lossy().into_owned()),
                    comment,
                },
            )?;
            let s = &d.statement;
            outln!("{}\tversion {}\t{}", s.id, s.version, s.state.code());
            if !d.awaiting.is_empty() {
                let roles: Vec<&str> = d.awaiting.iter().map(|r| r.label()).collect();
                errln!("awaiting approval by: {}", roles.join(", "));
            }
        }
        StatementCmd::Move {
            case,
            statement,
            to,
            comment,
        } => {
            let s = ctx.open(&case)?.move_statement(&statement, to, &comment)?;
            outln!("{}\tversion {}\t{}", s.id, s.version, s.state.code());
        }
        StatementCmd::Render {
            case,
            statement,
            out,
            version,
        } => {
            let e = ctx
                .open(&case)?
                .export_statement(&statement, version, &out)?;
            outln!("{}\t{}\t{}", e.path, e.version, e.sha256);
        }
        StatementCmd::Merge {
            case,
            statement,
            out,
        } => {
            let m = ctx.open(&case)?.merge_statement(&statement, &out)?;
            outln!(
                "{}\t{} letters\t{} pages\t{}",
                m.path,
                m.letters,
                m.pages,
                m.sha256
            );
        }
        StatementCmd::List(a) => {
            let listed: Vec<Listed> = ctx
                .open(&a.case)?
                .statement_listing()?
                .into_iter()
                .map(|l| Listed {
                    snapshot: l.statement.snapshot_id.clone(),
                    stale: l.stale,
                    changes: l.changes,
                    statement: l.statement,
                })
                .collect();
            emit(&listed, a.json)?;
        }
        StatementCmd::Show { case, statement } => {
            let d = ctx.open(&case.case)?.statement_detail(&statement)?;
            emit(&d, case.json)?;
        }
        StatementCmd::Diff {
            case,
            statement,
            from,
            to,
        } => {
            for line in ctx.open(&case)?.statement_diff(&statement, from, to)? {
                let sign = match line.change {
                    LineChange::Same => ' ',
                    LineChange::Added => '+',
                    LineChange::Removed => '-',
                };
                outln!("{sign}{}", line.text);
            }
        }
        StatementCmd::Library {
            case,
            kind,
            jurisdictions,
        } => {
            let opened = ctx.open(&case.case)?;
            match kind {
                Some(kind) => out!("{}", opened.statement_draft(kind, &jurisdictions)?),
                None => emit(&opened.statement_library()?, case.json)?,
            }
        }
        StatementCmd::TemplateAdd {
            case,
            name,
            kind,
            body_file,
        } => {
            let body = read_text(&body_file)?;
            let t = ctx
                .open(&case)?
                .add_statement_template(TemplateInput { name, kind, body })?;
            outln!("{}", t.id);
        }
        StatementCmd::Templates(a) => emit(&ctx.open(&a.case)?.statement_templates()?, a.json)?,
        StatementCmd::Reissue(a) => {
            let r = ctx.open(&a.case)?.statements_to_reissue(None)?;
            if a.json {
                print_json(&r)?;
            } else {
                r.render();
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A statement as `list` prints it: `snapshot` and `stale` by the names scripts read.
#[derive(Serialize)]
struct Listed {
    #[serde(flatten)]
    statement: casebook::statement::Statement,
    snapshot: String,
    stale: bool,
    /// How the newest snapshot would change its figures.
    changes: Vec<String>,
}

impl Render for Vec<Listed> {
    fn render(&self) {
        outln!("ID\tKIND\tSTATE\tVERSION\tSNAPSHOT\tSTALE\tSET\tTITLE");
        for l in self {
            let s = &l.statement;
            outln!(
                "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                s.id,
                s.kind.code(),
                s.state.code(),
                s.version,
                l.snapshot,
                if l.stale { "stale" } else { "" },
                s.release_set,
                s.title
            );
        }
    }
}

impl Render for LintReport {
    fn render(&self) {
        for f in &self.findings {
            let what = match f.severity {
                FindingSeverity::Blocks => "blocks",
                FindingSeverity::Warns => "warns",
            };
            let line = f.line.map(|l| format!(":{l}")).unwrap_or_default();
            outln!("{}{line}\t{what}\t{}\t{}", f.statement, f.check, f.message);
            outln!("\tfix: {}", f.fix);
        }
        if self.findings.is_empty() {
            errln!(
                "{} version {}: nothing found",
                self.statement_id,
                self.version
            );
        } else if self.blocks {
            errln!(
                "{} version {} cannot be approved yet",
                self.statement_id,
                self.version
            );
        }
    }
}

impl Render for StatementDetail {
    fn render(&self) {
        let s = &self.statement;
        outln!("{}\t{}\t{}", s.id, s.kind.label(), s.title);
        outln!(
            "state {} (version {}), snapshot {}, SHA-256 {}",
            s.state.label(),
            s.version,
            s.snapshot_id,
            s.sha256
        );
        for v in &self.versions {
            outln!(
                "version {}\t{}\t{}\t{}\t{}",
                v.version,
                v.state.code(),
                v.snapshot_id,
                v.saved_at,
                v.sha256
            );
        }
        for a in &self.approvals {
            outln!(
                "approved v{} by {} ({}), {}, {}",
                a.version,
                a.approver_name,
                a.role.label(),
                a.manner.label(),
                a.at
            );
        }
        if !self.awaiting.is_empty() {
            let roles: Vec<&str> = self.awaiting.iter().map(|r| r.label()).collect();
            outln!("awaiting: {}", roles.join(", "));
        }
    }
}

impl Render for Vec<Reissue> {
    fn render(&self) {
        for r in self {
            outln!(
                "{}\tversion {}\t{}\t{}",
                r.statement_id,
                r.version,
                r.state.code(),
                r.changes.join("; ")
            );
        }
    }
}

impl Render for Vec<casebook::statement::library::LibraryBlock> {
    fn render(&self) {
        outln!("BLOCK\tCOVERS\tREQUIRED BY\tFORBIDDEN BY");
        for b in self {
            outln!(
                "{}\t{}\t{}\t{}",
                b.key,
                b.covers.join(","),
                b.required_by.join(","),
                b.forbidden_by.join(",")
            );
        }
    }
}

impl Render for Vec<CaseTemplate> {
    fn render(&self) {
        for t in self {
            outln!("{}\t{}\t{}\t{}", t.id, t.kind.code(), t.name, t.created_at);
        }
    }
}
