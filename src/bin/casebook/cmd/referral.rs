//! `casebook referral`: law-enforcement referrals, shared items, delays, legal process, notes
//! and the referral letter.

use super::read_text;
use crate::args::referral::ReferralCmd;
use crate::ctx::Ctx;
use crate::output::{emit, print_json, Render};
use crate::progress::StderrProgress;
use anyhow::Result;
use casebook::packet::LetterRecord;
use casebook::referral::notes::{LineChange, NotesDiff, NotesVersion};
use casebook::referral::process::{DelayInput, LegalProcessInput};
use casebook::referral::shares::ShareInput;
use casebook::referral::{AgencyContact, FollowUpInput, ReferralDetail, ReferralInput};
use serde::Serialize;
use std::process::ExitCode;

pub fn run(ctx: &Ctx, c: ReferralCmd) -> Result<ExitCode> {
    match c {
        ReferralCmd::Add {
            case,
            agency,
            unit,
            channel,
            reference,
            when,
            tz,
            our_contact,
            their_name,
            their_badge,
            their_phone,
            their_email,
            offences,
            status,
        } => {
            let r = ctx.open(&case)?.add_referral(ReferralInput {
                agency,
                unit,
                channel,
                when,
                tz,
                our_contact,
                their_contact: Some(AgencyContact {
                    name: their_name.unwrap_or_default(),
                    badge: their_badge.unwrap_or_default(),
                    phone: their_phone.unwrap_or_default(),
                    email: their_email.unwrap_or_default(),
                }),
                reference,
                offences,
                status,
            })?;
            outln!("{}", r.id);
        }
        ReferralCmd::List(a) => {
            let case = ctx.open(&a.case)?;
            let listed = case
                .referrals()?
                .iter()
                .map(|r| case.referral_detail(&r.id).map(Listed::from))
                .collect::<casebook::Result<Vec<_>>>()?;
            emit(&listed, a.json)?;
        }
        ReferralCmd::Show { case, referral } => {
            let detail = ctx.open(&case.case)?.referral_detail(&referral)?;
            emit(&Listed::from(detail), case.json)?;
        }
        ReferralCmd::Status {
            case,
            referral,
            status,
        } => {
            let r = ctx.open(&case)?.set_referral_status(&referral, status)?;
            outln!("{}\t{}", r.id, r.status.code());
        }
        ReferralCmd::Share {
            case,
            referral,
            evidence,
            form,
            method,
            personal_data,
            legal_basis,
            when,
            tz,
            export_to,
        } => {
            let s = ctx.open(&case)?.share_evidence(
                ShareInput {
                    referral_id: referral,
                    evidence_id: evidence,
                    form: Some(form),
                    method,
                    personal_data,
                    legal_basis,
                    when,
                    tz,
                    export_to: export_to.map(|p| p.to_string_lossy().into_owned()),
                },
                &StderrProgress::new("exporting"),
            )?;
            outln!(
                "{}\t{}\t{}\tcustody entry {}",
                s.referral_id,
                s.evidence_id,
                s.sha256,
                s.custody_seq
            );
        }
        ReferralCmd::Delay {
            case,
            referral,
            from,
            until,
            jurisdictions,
            written,
            requested_on,
            review_on,
        } => {
            let d = ctx.open(&case)?.add_delay_request(DelayInput {
                referral_id: referral,
                requested_on,
                from,
                until,
                jurisdictions,
                written_copy: written.map(|p| p.to_string_lossy().into_owned()),
                review_on,
            })?;
            outln!("{}", d.id);
        }
        ReferralCmd::Lift { case, delay, on } => {
            let d = ctx.open(&case)?.lift_delay(&delay, &on)?;
            outln!("{}\tlifted {}", d.id, d.lifted_on.unwrap_or_default());
        }
        ReferralCmd::Notes {
            case,
            referral,
            edit_file,
            versions,
            diff,
        } => {
            let mut opened = ctx.open(&case.case)?;
            if let Some(file) = edit_file {
                let v = opened.save_referral_notes(&referral, &read_text(&file)?)?;
                if case.json {
                    print_json(&v)?;
                } else {
                    outln!("{}\tversion {}\t{}", v.referral_id, v.version, v.sha256);
                }
            } else if versions {
                emit(&opened.referral_notes(&referral)?, case.json)?;
            } else if let [from, to] = diff[..] {
                emit(&opened.referral_notes_diff(&referral, from, to)?, case.json)?;
            } else {
                let current = match opened.current_referral_notes(&referral)? {
                    Some(v) => v,
                    None => {
                        let v = opened.save_drafted_referral_notes(&referral)?;
                        errln!(
                            "drafted version {} from the case{}",
                            v.version,
                            if v.snapshot_id.is_empty() {
                                String::new()
                            } else {
                                format!(" (figures from snapshot {})", v.snapshot_id)
                            }
                        );
                        v
                    }
                };
                emit(&current, case.json)?;
            }
        }
        ReferralCmd::Letter {
            case,
            referral,
            out,
        } => {
            let l = ctx
                .open(&case.case)?
                .generate_referral_letter(&referral, &out)?;
            emit(&l, case.json)?;
        }
        ReferralCmd::FollowUp {
            case,
            referral,
            note,
            next,
            due,
            on,
        } => {
            let f = ctx.open(&case)?.add_follow_up(FollowUpInput {
                referral_id: referral,
                on,
                note,
                next_action: next,
                due,
            })?;
            outln!("{}\tfollow-up {}", f.referral_id, f.seq);
        }
        ReferralCmd::Process {
            case,
            referral,
            kind,
            received,
            due,
            scope,
            counsel,
            response,
        } => {
            let p = ctx.open(&case)?.add_legal_process(LegalProcessInput {
                referral_id: referral,
                kind,
                received,
                due,
                scope,
                response,
                counsel,
            })?;
            outln!("{}", p.id);
        }
        ReferralCmd::Respond {
            case,
            process,
            response,
        } => {
            let p = ctx
                .open(&case)?
                .respond_legal_process(&process, &response)?;
            outln!("{}\tresponded", p.id);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A referral as `list` and `show` print it: its fields at the top level, then what hangs off
/// it.
#[derive(Serialize)]
struct Listed {
    #[serde(flatten)]
    referral: casebook::referral::Referral,
    shared: Vec<casebook::referral::shares::SharedItem>,
    delays: Vec<casebook::referral::process::DelayRequest>,
    legal_process: Vec<casebook::referral::process::LegalProcess>,
    follow_ups: Vec<casebook::referral::FollowUp>,
    notes: Option<NotesSummary>,
}

/// The current notes by version and hash; the text is `referral notes`' to print.
#[derive(Serialize)]
struct NotesSummary {
    version: u32,
    sha256: String,
}

impl From<ReferralDetail> for Listed {
    fn from(d: ReferralDetail) -> Self {
        Listed {
            referral: d.referral,
            shared: d.shared,
            delays: d.delays,
            legal_process: d.legal_process,
            follow_ups: d.follow_ups,
            notes: d.notes.map(|n| NotesSummary {
                version: n.version,
                sha256: n.sha256,
            }),
        }
    }
}

impl Render for Listed {
    fn render(&self) {
        let r = &self.referral;
        outln!(
            "{}\t{}\t{}\t{}\t{}",
            r.id,
            r.status.code(),
            r.agency,
            r.reference,
            r.when.as_ref().map(|m| m.utc.as_str()).unwrap_or("")
        );
        for s in &self.shared {
            outln!(
                "  shared\t{}\t{}\t{}",
                s.evidence_id,
                s.form.code(),
                s.sha256
            );
        }
        for d in &self.delays {
            outln!(
                "  delay\t{}\t{}..{}\t{}",
                d.id,
                d.from,
                d.until.as_deref().unwrap_or(""),
                d.jurisdictions.join(",")
            );
        }
        for p in &self.legal_process {
            outln!(
                "  process\t{}\t{}\t{}\tdue {}",
                p.id,
                p.kind.code(),
                p.received,
                p.due.as_deref().unwrap_or("-")
            );
        }
        for f in &self.follow_ups {
            outln!(
                "  follow-up\t{}\t{}\tdue {}",
                f.on,
                f.next_action,
                f.due.as_deref().unwrap_or("-")
            );
        }
    }
}

impl Render for Vec<Listed> {
    fn render(&self) {
        self.iter().for_each(Render::render);
    }
}

impl Render for NotesVersion {
    fn render(&self) {
        out!("{}", self.text);
        errln!(
            "{} notes version {}, SHA-256 {}",
            self.referral_id,
            self.version,
            self.sha256
        );
    }
}

impl Render for Vec<NotesVersion> {
    fn render(&self) {
        for v in self {
            outln!(
                "{}\t{}\t{}\t{}{}",
                v.version,
                v.saved_at,
                v.saved_by,
                v.sha256,
                if v.drafted { "\tdrafted" } else { "" }
            );
        }
    }
}

impl Render for NotesDiff {
    fn render(&self) {
        outln!("--- version {}\n+++ version {}", self.from, self.to);
        for l in &self.lines {
            let mark = match l.change {
                LineChange::Same => ' ',
                LineChange::Added => '+',
                LineChange::Removed => '-',
            };
            outln!("{mark}{}", l.text);
        }
    }
}

impl Render for LetterRecord {
    fn render(&self) {
        outln!(
            "{}  {} pages  {}\n{}",
            self.referral_id,
            self.pages,
            self.sha256,
            self.path
        );
    }
}
