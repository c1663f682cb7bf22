//! `casebook case`: create, show, list and change cases, and change a case's passphrase.

use crate::args::case::CaseCmd;
use crate::ctx::{report_strength, Ctx};
use crate::output::{emit, Render};
use crate::progress::StderrProgress;
use anyhow::Result;
use casebook::bundle::BundleSummary;
use casebook::case::{CaseUpdate, NewCase};
use casebook::overview::Overview;
use casebook::profile::FoundCase;
use casebook::settings::CaseSettings;
use casebook::SystemClock;
use std::process::ExitCode;
use std::sync::Arc;

pub fn run(ctx: &Ctx, c: CaseCmd) -> Result<ExitCode> {
    match c {
        CaseCmd::New {
            path,
            title,
            code_name,
            severity,
            reference,
            summary,
            playbook,
        } => {
            let passphrase = ctx.passphrase(true)?;
            report_strength(&passphrase);
            let case = casebook::create(
                &path,
                &passphrase,
                NewCase {
                    title,
                    code_name,
                    severity,
                    summary,
                    reference,
                    playbook,
                },
                ctx.actor()?,
                Arc::new(SystemClock),
            )?;
            ctx.remember(&case);
            outln!("{}", case.root().display());
        }
        CaseCmd::Passphrase {
            case,
            new_passphrase_file,
        } => {
            let mut opened = ctx.open(&case)?;
            let new = ctx.new_passphrase(new_passphrase_file.as_deref())?;
            report_strength(&new);
            opened.change_passphrase(&new)?;
            outln!(
                "passphrase changed: {} now opens with the new passphrase only",
                opened.root().display()
            );
        }
        CaseCmd::Bundle { case, out, json } => {
            let key = ctx.signing_key()?;
            let sealed =
                ctx.open(&case)?
                    .seal_bundle(&out, &key, &StderrProgress::new("sealing"))?;
            emit(&Sealed(sealed), json)?;
        }
        CaseCmd::OpenBundle {
            bundle,
            to,
            expect_sealer,
            json,
        } => {
            let opened = casebook::bundle::open_bundle(
                &bundle,
                &to,
                expect_sealer.as_deref(),
                &StderrProgress::new("checking"),
            )?;
            emit(&opened, json)?;
        }
        CaseCmd::Show(a) => emit(&ctx.open(&a.case)?.overview()?, a.json)?,
        CaseCmd::List { json } => emit(&listed_cases(ctx)?, json)?,
        CaseCmd::Set {
            case,
            title,
            code_name,
            status,
            severity,
            reference,
            summary,
            legacy_hashes,
        } => {
            let mut opened = ctx.open(&case)?;
            if let Some(legacy_hashes) = legacy_hashes {
                let s = opened.set_settings(CaseSettings { legacy_hashes })?;
                outln!(
                    "evidence digests: sha256{}{}",
                    if s.legacy_hashes.sha1 { ", sha1" } else { "" },
                    if s.legacy_hashes.md5 { ", md5" } else { "" }
                );
            }
            let update = CaseUpdate {
                title,
                code_name,
                status,
                severity,
                summary,
                reference,
            };
            if legacy_hashes.is_none() || update != CaseUpdate::default() {
                let info = opened.update_info(update)?;
                outln!("{} — {} / {}", info.title, info.status, info.severity);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The recent cases, then the case folders in the default cases folder not among them.
fn listed_cases(ctx: &Ctx) -> Result<Vec<FoundCase>> {
    let mut cases = ctx.home.recent()?;
    cases.extend(ctx.home.unlisted_cases()?);
    Ok(cases)
}

impl Render for Overview {
    fn render(&self) {
        let o = self;
        outln!("{}  [{}]", o.info.title, o.path);
        outln!(
            "  reference: {}   code name: {}",
            o.info.reference,
            o.info.code_name
        );
        outln!(
            "  status: {}   severity: {}",
            o.info.status,
            o.info.severity
        );
        outln!("  created {} by {}", o.info.created_at, o.info.created_by);
        if !o.info.summary.is_empty() {
            outln!("\n{}\n", o.info.summary);
        }
        if let Some(s) = &o.subject {
            outln!(
                "Subject: {} ({}), {}; {}",
                s.name,
                s.employee_id,
                s.role,
                s.employment_status
            );
        }
        outln!("Key dates:");
        for d in &o.key_dates {
            outln!(
                "  {:<28} {} {} ({})",
                d.kind.label(),
                d.when.local,
                d.when.tz,
                d.precision
            );
        }
        outln!("Team:");
        for m in &o.team {
            outln!("  {:<20} {} <{}>", m.role.label(), m.name, m.email);
        }
        outln!(
            "Counts: {} timeline events, {} team members, {} audit entries",
            o.counts.timeline_events,
            o.counts.team_members,
            o.counts.audit_entries
        );
    }
}

impl Render for Vec<FoundCase> {
    fn render(&self) {
        for c in self {
            outln!("{}\t{}\t{}", c.path, c.name, c.modified_at);
        }
    }
}

/// A bundle just sealed (the summary reads the same either way; the wording differs).
#[derive(serde::Serialize)]
#[serde(transparent)]
struct Sealed(BundleSummary);

impl Render for Sealed {
    fn render(&self) {
        let b = &self.0;
        outln!("sealed {}", b.path);
        outln!(
            "  case {} at audit entry {} ({})",
            b.case_id,
            b.audit_head.seq,
            b.audit_head.hash
        );
        outln!(
            "  {} vault files, {} bytes in all, still encrypted",
            b.vault_files,
            b.bytes
        );
        outln!(
            "  signed by {} (key {})",
            b.sealer.name,
            b.sealer.fingerprint
        );
    }
}

impl Render for BundleSummary {
    fn render(&self) {
        outln!("opened {}", self.path);
        outln!(
            "  sealed by {} (key {}) at {}",
            self.sealer.name,
            self.sealer.fingerprint,
            self.sealed_at
        );
        outln!(
            "  case {} at audit entry {}; {} vault files checked",
            self.case_id,
            self.audit_head.seq,
            self.vault_files
        );
        outln!("  it opens with the passphrase it had when it was sealed");
    }
}
