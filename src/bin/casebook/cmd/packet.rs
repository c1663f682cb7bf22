//! `casebook packet` and `casebook packets`: generate the PDF packet for counsel, list the
//! packets generated and hold a file against them.

use crate::args::packet::{PacketArgs, PacketsArgs};
use crate::ctx::Ctx;
use crate::output::{emit, Render};
use crate::progress::StderrProgress;
use anyhow::Result;
use casebook::packet::{PacketCheck, PacketOptions, PacketRecord};
use std::process::ExitCode;

pub fn generate(ctx: &Ctx, a: PacketArgs) -> Result<ExitCode> {
    let key = ctx.signing_key()?;
    let mut case = ctx.open(&a.case.case)?;
    let defaults = case.packet_defaults()?;
    let options = PacketOptions {
        title: a.title.unwrap_or(defaults.title),
        purpose: a.purpose.unwrap_or(defaults.purpose),
        sections: if a.sections.is_empty() {
            defaults.sections
        } else {
            a.sections
        },
        redaction: a.redact,
        marking: if a.no_marking {
            None
        } else {
            a.marking.or(defaults.marking)
        },
        bates_prefix: a.bates.unwrap_or(defaults.bates_prefix),
        bates_start: a.bates_start,
        summary: a.summary,
        snapshot_id: a.snapshot,
        prepared_by: String::new(),
    };
    let p = case.generate_packet(&options, &a.out, &key, &StderrProgress::new("packet"))?;
    // A packet citing an out-of-date snapshot says so inside; say it here too, on stderr so
    // the output scripts read stays as it was.
    if let Some(note) = case
        .packet_snapshot_currency(p.options.snapshot_id.as_deref())?
        .and_then(|c| c.note)
    {
        errln!("warning: {note}");
    }
    emit(&p, a.case.json)?;
    Ok(ExitCode::SUCCESS)
}

/// The packets list, or with `--check` which of them a file is (exit 1 when none).
pub fn list(ctx: &Ctx, a: PacketsArgs) -> Result<ExitCode> {
    let case = ctx.open(&a.case.case)?;
    match a.check {
        Some(file) => {
            let check = case.check_packet_file(&file)?;
            emit(&check, a.case.json)?;
            let receipt_fails = check.receipt.as_ref().is_some_and(|r| !r.valid);
            if check.matches.is_empty() || receipt_fails {
                return Ok(ExitCode::FAILURE);
            }
        }
        None => emit(&case.packets()?, a.case.json)?,
    }
    Ok(ExitCode::SUCCESS)
}

impl Render for PacketRecord {
    fn render(&self) {
        let p = self;
        outln!(
            "{}  {} pages  {}..{}\n{}  {}",
            p.packet_id,
            p.pages,
            p.bates_first,
            p.bates_last,
            p.sha256,
            p.path
        );
    }
}

impl Render for Vec<PacketRecord> {
    fn render(&self) {
        for p in self {
            outln!(
                "{}  {}  {} pages  {}..{}  {}  {}",
                p.packet_id,
                p.generated_at,
                p.pages,
                p.bates_first,
                p.bates_last,
                p.sha256,
                p.path
            );
        }
    }
}

impl Render for PacketCheck {
    fn render(&self) {
        if self.matches.is_empty() {
            errln!(
                "{} (SHA-256 {}) is not a packet generated from this case: \
                 it was changed after it was generated, or never came from this case",
                self.path,
                self.sha256
            );
        }
        for p in &self.matches {
            outln!(
                "{} is packet {}, generated {} by {} ({} pages, {}..{}); SHA-256 {}",
                self.path,
                p.packet_id,
                p.generated_at,
                p.generated_by,
                p.pages,
                p.bates_first,
                p.bates_last,
                self.sha256
            );
        }
        match (&self.receipt, &self.receipt_missing) {
            (Some(r), _) if r.valid => r.render(),
            (Some(r), _) => errln!(
                "its receipt (entry {}, signed by {}, key {}) does NOT hold: {}",
                r.seq,
                r.signer,
                r.fingerprint,
                r.problem.as_deref().unwrap_or("")
            ),
            (None, Some(why)) => errln!("{why}"),
            (None, None) => {}
        }
    }
}
