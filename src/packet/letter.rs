//! The referral letter: a cover letter to the agency, the manifest of the items handed over
//! with their SHA-256, and the referral's current notes, on the packet's engine with its
//! guarantees (fonts embedded, deterministic bytes for the same case state, written
//! atomically, the file's SHA-256 recorded in the audit chain).
//!
//! Like a packet it covers the case up to the last audit entry that is not a generated
//! document's record, so generating it again without changing the case gives the same file.

use super::fonts::Style;
use super::layout::{col, mono, Writer};
use super::page::BODY;
use super::{pdfa, render, render_twice};
use crate::error::{Error, Result};
use crate::referral::notes::NotesVersion;
use crate::referral::shares::SharedItem;
use crate::referral::Referral;
use crate::store::Case;
use crate::util::fs::{absolute, write_atomically};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use specta::Type;
use std::path::Path;

/// What generating a letter records in the audit chain.
pub(super) const GENERATED: &str = "referral.letter";

/// A referral letter that was written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct LetterRecord {
    pub referral_id: String,
    pub path: String,
    pub sha256: String,
    pub pages: u32,
    pub bytes: f64,
    /// The audit entry the letter covers the case up to.
    pub as_of_seq: u32,
    /// The notes version the letter carries; `None` when none was saved.
    pub notes_version: Option<u32>,
}

/// What the letter says, read once before it is laid out twice.
struct Letter {
    referral: Referral,
    shared: Vec<SharedItem>,
    notes: Option<NotesVersion>,
    case_title: String,
    case_reference: String,
    /// The date the letter bears: that of the last change it covers.
    date: String,
    from: Vec<String>,
}

fn lay_out(w: &mut Writer, l: &Letter) -> usize {
    let r = &l.referral;
    w.new_page();
    w.heading(&format!("Law-enforcement referral {}", r.id), 18.0);
    let mut to = r.agency.clone();
    if !r.unit.is_empty() {
        to.push_str(&format!("\n{}", r.unit));
    }
    let mut rows = vec![("To", to, Style::Regular)];
    let c = &r.their_contact;
    if !c.name.is_empty() {
        let mut attn = c.name.clone();
        if !c.badge.is_empty() {
            attn.push_str(&format!(" (id {})", c.badge));
        }
        rows.push(("Attention", attn, Style::Regular));
    }
    rows.push((
        "Your reference",
        if r.reference.is_empty() {
            "\u{2014}".into()
        } else {
            r.reference.clone()
        },
        Style::Mono,
    ));
    let mut ours = l.case_title.clone();
    if !l.case_reference.is_empty() {
        ours.push_str(&format!(" ({})", l.case_reference));
    }
    rows.push(("Our case", ours, Style::Regular));
    rows.push(("Date", l.date.clone(), Style::Regular));
    if let Some(ch) = r.channel {
        rows.push(("Referred by", ch.label().to_string(), Style::Regular));
    }
    w.fields(&rows);
    w.paragraph(
        &format!(
            "We refer to you the matter described in the enclosed notes{}. The items listed in \
             the enclosed manifest were handed to {}; each is listed with its SHA-256, taken when \
             we acquired it and recorded in our chain of custody, so that anyone can check that \
             what you hold is what our case holds (for an export folder: sha256sum -c \
             SHA256SUMS).",
            if r.offences.is_empty() {
                String::new()
            } else {
                format!(", which we believe involves {}", r.offences)
            },
            r.agency
        ),
        Style::Regular,
        BODY,
    );
    w.paragraph(
        &format!(
            "{} item(s) handed over. Notes: {}.",
            l.shared.len(),
            match &l.notes {
                Some(n) => format!("version {}, SHA-256 {}", n.version, n.sha256),
                None => "none saved yet".into(),
            }
        ),
        Style::Regular,
        BODY,
    );
    w.space(12.0);
    for line in &l.from {
        w.paragraph(line, Style::Regular, BODY);
    }

    w.section("Items handed over");
    if l.shared.is_empty() {
        w.paragraph("No items have been handed over.", Style::Regular, BODY);
    } else {
        let cols = [
            mono("Id", 0.75),
            col("File, form and method", 2.0),
            col("Handed over", 1.0),
            col("Personal data", 1.0),
            mono("SHA-256", 2.6),
        ];
        let rows = l.shared.iter().map(|s| {
            let mut what = format!("{}\n{}", s.name, s.form.label());
            if !s.method.is_empty() {
                what.push_str(&format!(" \u{2014} {}", s.method));
            }
            vec![
                s.evidence_id.clone(),
                what,
                format!("{} {}", s.when.local, s.when.tz),
                if s.personal_data {
                    format!("Yes \u{2014} {}", s.legal_basis)
                } else {
                    "No".into()
                },
                s.sha256.clone(),
            ]
        });
        w.table(&cols, rows, 8.5, |_| {});
        // Each hash again on one line of its own, in the form `sha256sum -c` reads, so it can
        // be copied or compared whole.
        w.paragraph("SHA-256 of each item", Style::Bold, BODY);
        let sums = l
            .shared
            .iter()
            .map(|s| format!("{}  {}_{}", s.sha256, s.evidence_id, s.name))
            .collect::<Vec<_>>()
            .join("\n");
        w.paragraph(&sums, Style::Mono, 7.0);
    }

    w.section("Referral notes");
    match &l.notes {
        Some(n) => {
            w.fields(&[
                ("Version", n.version.to_string(), Style::Regular),
                (
                    "Saved",
                    format!("{} by {}", n.saved_at, n.saved_by),
                    Style::Regular,
                ),
                ("SHA-256", n.sha256.clone(), Style::Mono),
            ]);
            w.paragraph(&n.text, Style::Regular, BODY);
        }
        None => w.paragraph("No notes have been saved.", Style::Regular, BODY),
    }
    0
}

impl Case {
    /// Writes the referral letter for `referral_id` to `dest` (atomically) and records its
    /// SHA-256 in the audit chain.
    pub fn generate_referral_letter(
        &mut self,
        referral_id: &str,
        dest: &Path,
    ) -> Result<LetterRecord> {
        let referral = self.referral(referral_id)?;
        if dest.as_os_str().is_empty() {
            return Err(Error::invalid("out", "choose where to save the letter"));
        }
        let dest = absolute(dest)?;
        let as_of = self.packet_head()?;
        let info = self.info()?;
        let from = match self
            .team()?
            .into_iter()
            .find(|m| m.id == referral.our_contact)
        {
            Some(m) => [m.name, m.organisation, m.email]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect(),
            None => vec![self.actor().label()],
        };
        let letter = Letter {
            shared: self.shared_items(Some(&referral.id))?,
            notes: self.current_referral_notes(&referral.id)?,
            case_title: info.title.clone(),
            case_reference: info.reference.clone(),
            date: as_of.at_utc.get(..10).unwrap_or_default().to_string(),
            from,
            referral,
        };
        let r = &letter.referral;
        let furniture = render::Furniture {
            reference: if r.reference.is_empty() {
                format!("Referral {} \u{2014} {}", r.id, r.agency)
            } else {
                format!("Referral {} \u{2014} {} {}", r.id, r.agency, r.reference)
            },
            marking: None,
            bates_prefix: format!("{}-", r.id),
            bates_start: 1,
        };
        let date = chrono::DateTime::parse_from_rfc3339(&as_of.at_utc)
            .map_err(|e| {
                Error::corrupt(format!("the time of the last audit entry is damaged: {e}"))
            })?
            .with_timezone(&chrono::Utc);
        let mut id = [0u8; 16];
        id.copy_from_slice(&Sha256::digest(format!("{}\n{}", r.id, as_of.hash).as_bytes())[..16]);
        let doc = pdfa::DocumentInfo {
            title: &format!("Law-enforcement referral {} \u{2014} {}", r.id, info.title),
            author: letter.from.first().map(String::as_str).unwrap_or(""),
            subject: &format!("Referral to {}", r.agency),
            creator: "Casebook",
            producer: "Casebook",
            keywords: "",
            date,
        };
        let (written, pages) = write_atomically(&dest, |file| {
            let handle = file
                .try_clone()
                .map_err(|e| Error::io(format!("cannot write {}", dest.display()), e))?;
            let (written, pages, _) =
                render_twice(handle, furniture, &doc, id, |w, _| Ok(lay_out(w, &letter)))?;
            Ok((written, pages))
        })?;
        let record = LetterRecord {
            referral_id: letter.referral.id.clone(),
            path: dest.display().to_string(),
            sha256: written.sha256,
            pages: pages as u32,
            bytes: written.bytes as f64,
            as_of_seq: as_of.seq,
            notes_version: letter.notes.as_ref().map(|n| n.version),
        };
        self.record_written(&dest, record, |tx, r| {
            tx.record(
                GENERATED,
                "referral",
                &r.referral_id,
                None,
                Some(crate::util::json::to_json(r)),
            )
        })
    }
}
