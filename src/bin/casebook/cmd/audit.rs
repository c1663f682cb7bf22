//! `casebook audit`: print and verify the hash-chained audit log.

use crate::args::audit::AuditCmd;
use crate::ctx::Ctx;
use crate::output::{emit, Render};
use crate::progress::StderrProgress;
use anyhow::Result;
use casebook::audit::{AuditEntry, AuditQuery, Verification};
use casebook::receipt::{Receipt, ReceiptCheck};
use serde::Serialize;
use std::process::ExitCode;

pub fn run(ctx: &Ctx, c: AuditCmd) -> Result<ExitCode> {
    match c {
        AuditCmd::Log {
            case,
            action,
            entity,
            actor,
        } => {
            let (entity_type, entity_id) = entity_filter(entity.as_deref());
            let mut log = ctx.open(&case.case)?.audit_log(&AuditQuery {
                entity_type,
                entity_id,
                action,
                actor,
                ..AuditQuery::default()
            })?;
            log.reverse();
            emit(&log, case.json)?;
        }
        AuditCmd::Verify { case, receipt } => {
            // A file that is not a receipt is refused before the case is opened.
            let receipt = receipt.as_deref().map(Receipt::read).transpose()?;
            let opened = ctx.open(&case.case)?;
            let v = opened.verify_audit(&StderrProgress::new("verifying"))?;
            let check = receipt.map(|r| opened.check_receipt(&r)).transpose()?;
            match &check {
                None => emit(&v, case.json)?,
                Some(r) => emit(
                    &WithReceipt {
                        chain: v.clone(),
                        receipt: r.clone(),
                    },
                    case.json,
                )?,
            }
            if let Some(b) = &v.first_broken {
                errln!("audit chain BROKEN at entry {}: {}", b.seq, b.reason);
            }
            if v.state_changes_total > 0 {
                errln!(
                    "case state CHANGED outside Casebook ({} difference(s) from what the audit \
                     chain committed to):",
                    v.state_changes_total
                );
                for c in &v.state_changes {
                    errln!("  {}", c.describe());
                }
                let more = v.state_changes_total as usize - v.state_changes.len();
                if more > 0 {
                    errln!("  … and {more} more");
                }
            }
            if !v.intact {
                return Ok(ExitCode::from(1));
            }
            if let Some(problem) = check.as_ref().and_then(|c| c.problem.as_ref()) {
                errln!("receipt does NOT hold: {problem}");
                return Ok(ExitCode::from(1));
            }
        }
        AuditCmd::Receipt { case, out } => {
            let key = ctx.signing_key()?;
            let r = ctx.open(&case.case)?.write_receipt(&key, &out)?;
            emit(&r, case.json)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `--entity`: `KIND:ID`, a kind on its own, or an id on its own.
fn entity_filter(entity: Option<&str>) -> (Option<String>, Option<String>) {
    match entity.map(str::trim) {
        None | Some("") => (None, None),
        Some(e) => match e.split_once(':') {
            Some((kind, id)) => (Some(kind.to_string()), Some(id.to_string())),
            None if casebook::audit::entity_kind_label(e).is_some() => (Some(e.to_string()), None),
            None => (None, Some(e.to_string())),
        },
    }
}

impl Render for Vec<AuditEntry> {
    fn render(&self) {
        for e in self {
            outln!(
                "{:>6}  {}  {:<18} {}:{}  {}  {}",
                e.seq,
                e.at_utc,
                e.action,
                e.entity_type,
                e.entity_id,
                e.actor,
                &e.hash[..16]
            );
        }
    }
}

impl Render for Verification {
    fn render(&self) {
        // A broken chain is reported on stderr whichever form is asked for.
        if self.intact {
            outln!(
                "audit chain intact: {} entries, head {}, state {}",
                self.entries,
                self.head_hash,
                self.state_digest
            );
        }
    }
}

/// `audit verify --receipt`: the chain and the receipt held against it.
#[derive(Serialize)]
struct WithReceipt {
    chain: Verification,
    receipt: ReceiptCheck,
}

impl Render for WithReceipt {
    fn render(&self) {
        self.chain.render();
        self.receipt.render();
    }
}

impl Render for ReceiptCheck {
    fn render(&self) {
        // A receipt that does not hold is reported on stderr whichever form is asked for.
        if self.valid {
            let since = if self.is_current_head {
                "it is still the head".to_string()
            } else {
                let since = self.current_seq - self.seq;
                let entries = if since == 1 { "entry" } else { "entries" };
                format!("the head is still in the history ({since} {entries} recorded since)")
            };
            outln!(
                "receipt holds: entry {} ({}) signed by {} (key {}) at {}; {since}",
                self.seq,
                self.head_hash,
                self.signer,
                self.fingerprint,
                self.at_utc
            );
        }
    }
}

impl Render for Receipt {
    fn render(&self) {
        outln!(
            "receipt of entry {} ({}) signed by {} (key {}) at {}",
            self.seq,
            self.head_hash,
            self.signer,
            self.fingerprint,
            self.at_utc
        );
    }
}
