//! `casebook audit`: print and verify the hash-chained audit log.

use crate::args::audit::AuditCmd;
use crate::ctx::Ctx;
use crate::output::{emit, Render};
use crate::progress::StderrProgress;
use anyhow::Result;
use casebook::audit::{AuditEntry, AuditQuery, Verification};
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
        AuditCmd::Verify(a) => {
            let v = ctx
                .open(&a.case)?
                .verify_audit(&StderrProgress::new("verifying"))?;
            emit(&v, a.json)?;
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
