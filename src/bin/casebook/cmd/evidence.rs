//! `casebook evidence`: intake, listing, verification, custody, correction and export.

use crate::args::evidence::EvidenceCmd;
use crate::ctx::Ctx;
use crate::output::{emit, Render};
use crate::progress::StderrProgress;
use anyhow::{bail, Result};
use casebook::custody::{CorrectionInput, CustodyEntry, TransferInput};
use casebook::evidence::{
    EvidenceEdit, EvidenceItem, ExportRequest, IntakeReport, IntakeRequest, VerificationStatus,
    VerifyOutcome,
};
use serde::{Serialize, Serializer};
use std::process::ExitCode;

pub fn run(ctx: &Ctx, c: EvidenceCmd) -> Result<ExitCode> {
    match c {
        EvidenceCmd::Add {
            case,
            paths,
            category,
            source,
            description,
            method,
            in_place,
        } => {
            let report = ctx.open(&case.case)?.add_evidence(
                IntakeRequest {
                    paths: paths
                        .iter()
                        .map(|p| p.to_string_lossy().into_owned())
                        .collect(),
                    description,
                    category,
                    source,
                    acquisition_method: method,
                    acquired_at: None,
                    acquired_tz: None,
                    in_place,
                },
                &StderrProgress::new("adding"),
            )?;
            emit(&report, case.json)?;
        }
        EvidenceCmd::List(a) => emit(&ctx.open(&a.case)?.evidence()?, a.json)?,
        EvidenceCmd::Show { case, id } => {
            let opened = ctx.open(&case.case)?;
            let item = opened.evidence_item(&id)?;
            let custody = opened.custody(Some(&item.id))?;
            emit(&ItemWithCustody { item, custody }, case.json)?;
        }
        EvidenceCmd::Verify { case, ids } => {
            let outcomes = ctx
                .open(&case.case)?
                .verify_evidence(&ids, &StderrProgress::new("verifying"))?;
            emit(&outcomes, case.json)?;
            if case.json {
                outcomes.iter().for_each(report_failure);
            }
            if outcomes.iter().any(|o| o.status != VerificationStatus::Ok) {
                return Ok(ExitCode::from(1));
            }
        }
        EvidenceCmd::Transfer {
            case,
            id,
            from,
            to,
            purpose,
            method,
            location,
            when,
            tz,
            note,
        } => {
            let e = ctx.open(&case)?.record_transfer(TransferInput {
                item_id: id,
                from_party: from,
                to_party: to,
                purpose,
                method,
                location,
                when,
                tz,
                note,
            })?;
            outln!("custody entry {} recorded for {}", e.seq, e.item_id);
        }
        EvidenceCmd::Correct {
            case,
            id,
            entry,
            note,
        } => {
            let e = ctx.open(&case)?.record_correction(CorrectionInput {
                item_id: id,
                corrects_seq: entry,
                note,
            })?;
            outln!(
                "custody entry {} recorded for {}, correcting entry {entry}",
                e.seq,
                e.item_id
            );
        }
        EvidenceCmd::Edit {
            case,
            id,
            description,
            category,
            source,
        } => {
            if description.is_none() && category.is_none() && source.is_none() {
                bail!("nothing to change: give --description, --category or --source");
            }
            let item = ctx.open(&case.case)?.edit_evidence(
                &id,
                EvidenceEdit {
                    description,
                    category,
                    source,
                },
            )?;
            emit(&item, case.json)?;
        }
        EvidenceCmd::Export {
            case,
            ids,
            to,
            recipient,
            purpose,
        } => {
            let r = ctx.open(&case)?.export_evidence(
                ExportRequest {
                    ids,
                    destination: to.to_string_lossy().into_owned(),
                    recipient,
                    purpose,
                },
                &StderrProgress::new("exporting"),
            )?;
            outln!("{}", r.destination);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A failed check, on stderr whichever form the outcomes are printed in.
fn report_failure(o: &VerifyOutcome) {
    if o.status == VerificationStatus::Ok {
        return;
    }
    errln!(
        "{}  {}: {}\n    expected sha256 {}\n    actual   sha256 {}",
        o.id,
        o.status.label().to_uppercase(),
        o.detail,
        o.expected_sha256,
        if o.actual_sha256.is_empty() {
            "(unreadable)"
        } else {
            &o.actual_sha256
        }
    );
}

impl Render for Vec<VerifyOutcome> {
    fn render(&self) {
        for o in self {
            if o.status == VerificationStatus::Ok {
                outln!("{}  OK  {}", o.id, o.actual_sha256);
            } else {
                report_failure(o);
            }
        }
    }
}

impl Render for IntakeReport {
    fn render(&self) {
        for item in &self.added {
            let dup = item
                .duplicate_of
                .as_ref()
                .map(|d| format!("  (duplicate of {d})"))
                .unwrap_or_default();
            let flags = if item.flags.is_empty() {
                String::new()
            } else {
                format!("  [{}]", item.flags.join(", "))
            };
            outln!(
                "{}  {}  {} bytes  {}{dup}{flags}",
                item.id,
                item.sha256,
                item.size,
                item.original_name
            );
        }
        for l in &self.links {
            outln!("link recorded, not followed: {} -> {}", l.path, l.target);
        }
    }
}

impl Render for Vec<EvidenceItem> {
    fn render(&self) {
        for i in self {
            outln!(
                "{}\t{}\t{}\t{}\t{}\t{}",
                i.id,
                i.original_name,
                i.category.code(),
                i.size,
                i.sha256,
                i.status.code()
            );
        }
    }
}

/// An edited item: the fields an edit can change.
impl Render for EvidenceItem {
    fn render(&self) {
        outln!(
            "{}  {}  {}  {}",
            self.id,
            self.category.code(),
            self.source,
            self.description
        );
    }
}

struct ItemWithCustody {
    item: EvidenceItem,
    custody: Vec<CustodyEntry>,
}

impl Serialize for ItemWithCustody {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // Through a JSON value, as this output has always been made (its keys come sorted).
        serde_json::json!({ "item": self.item, "custody": self.custody }).serialize(s)
    }
}

impl Render for ItemWithCustody {
    fn render(&self) {
        let item = &self.item;
        outln!("{} — {}", item.id, item.description);
        outln!(
            "  file: {} ({} bytes) from {}",
            item.original_name,
            item.size,
            item.original_path
        );
        outln!("  sha256: {}", item.sha256);
        if let Some(h) = &item.sha1 {
            outln!("  sha1:   {h}");
        }
        if let Some(h) = &item.md5 {
            outln!("  md5:    {h}");
        }
        outln!(
            "  category: {}   storage: {}   status: {}",
            item.category,
            item.storage,
            item.status
        );
        outln!("Chain of custody:");
        for e in &self.custody {
            outln!(
                "  {:>4}  {} {}  {:<12} {} → {}  {} {}",
                e.seq,
                e.when.local,
                e.when.tz,
                e.kind.code(),
                e.from_party,
                e.to_party,
                e.purpose,
                e.result
            );
        }
    }
}
