//! Referral notes: the narrative given to law enforcement, drafted from the case as it stands
//! (key dates, how it was found, the subject, what was taken and for how many people from the
//! newest tally snapshot, cited by id, and the evidence offered), then edited. Each saved
//! version is immutable (triggers refuse change), hashed with SHA-256 and audited by hash, not
//! text: the notes name the subject. They leave the machine only in a file the user exports
//! (the referral letter).

use crate::dates::KeyDateKind;
use crate::error::{Error, Result};
use crate::harm::tally::HarmTally;
use crate::store::Case;
pub use crate::util::diff::{diff_lines, DiffLine, LineChange};
use crate::util::text::normal_id;
use crate::util::text::required;
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use specta::Type;

/// What the draft says where the investigator describes the harm reported.
pub const HARM_PLACEHOLDER: &str = "[Describe the harm reported by the people affected: scam \
    calls, phishing, fraud, and what real data the callers quoted.]";

/// The harm figures as the referral cites them, or the placeholder while none are recorded.
fn harm_paragraph(t: &HarmTally) -> String {
    let (Some(first), Some(last)) = (&t.first_day, &t.last_day) else {
        return HARM_PLACEHOLDER.to_string();
    };
    let losses = if t.loss_total.is_empty() {
        "no money lost was reported".to_string()
    } else {
        let totals: Vec<String> = t.loss_total.iter().map(|m| m.to_string()).collect();
        format!(
            "{} reported losing money, {} in all",
            t.with_loss,
            totals.join(" and ")
        )
    };
    format!(
        "{} harm reports were recorded from {first} to {last}. In {} of them ({}%) the caller \
         quoted a ticket number, e-mail address or phone number from the stolen records; {} \
         are matched to affected people. {}; {} were reported to the police. \
         [Describe what the callers claimed and asked for.]",
        t.reports,
        t.quoting_stolen_data,
        t.quoting_share_percent,
        t.matched,
        losses,
        t.reported_to_police
    )
}

/// Long enough for any narrative, short enough to stay a narrative.
const MAX_CHARS: usize = 200_000;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct NotesVersion {
    pub referral_id: String,
    /// 1, 2, 3… per referral.
    pub version: u32,
    pub text: String,
    /// SHA-256 of the text's UTF-8 bytes.
    pub sha256: String,
    /// Saved as Casebook drafted it, unedited.
    pub drafted: bool,
    /// The tally snapshot the draft's figures came from; empty for an edited version.
    pub snapshot_id: String,
    pub saved_at: String,
    pub saved_by: String,
}

/// A draft made from the case now; nothing is saved until the user saves it.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct NotesDraft {
    pub text: String,
    /// The snapshot its figures cite, when the case has one.
    pub snapshot_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct NotesDiff {
    pub referral_id: String,
    pub from: u32,
    pub to: u32,
    pub lines: Vec<DiffLine>,
}

const SELECT: &str = "SELECT referral_id, version, text, sha256, drafted, snapshot_id, saved_at, \
    saved_by FROM referral_notes";

fn read_row(r: &rusqlite::Row) -> rusqlite::Result<NotesVersion> {
    Ok(NotesVersion {
        referral_id: r.get(0)?,
        version: r.get(1)?,
        text: r.get(2)?,
        sha256: r.get(3)?,
        drafted: r.get(4)?,
        snapshot_id: r.get(5)?,
        saved_at: r.get(6)?,
        saved_by: r.get(7)?,
    })
}

fn or_unknown(s: &str) -> &str {
    if s.trim().is_empty() {
        "not recorded"
    } else {
        s.trim()
    }
}

impl Case {
    /// Every saved version of a referral's notes, oldest first.
    pub fn referral_notes(&self, referral_id: &str) -> Result<Vec<NotesVersion>> {
        let id = self.referral(referral_id)?.id;
        let mut stmt = self
            .conn()
            .prepare(&format!("{SELECT} WHERE referral_id = ?1 ORDER BY version"))?;
        let rows = stmt.query_map([&id], read_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The newest saved version, if any.
    pub fn current_referral_notes(&self, referral_id: &str) -> Result<Option<NotesVersion>> {
        let id = normal_id(referral_id, "LE");
        Ok(self
            .conn()
            .query_row(
                &format!("{SELECT} WHERE referral_id = ?1 ORDER BY version DESC LIMIT 1"),
                [&id],
                read_row,
            )
            .optional()?)
    }

    /// Drafts the notes from the case as it stands; saves nothing.
    pub fn draft_referral_notes(&self, referral_id: &str) -> Result<NotesDraft> {
        let r = self.referral(referral_id)?;
        let mut out = String::new();
        let mut para = |heading: &str, body: &str| {
            out.push_str(heading);
            out.push('\n');
            out.push_str(body.trim_end());
            out.push_str("\n\n");
        };
        // `case_info` and `subject` belong to the case layer above the domains; their rows are
        // read here directly rather than through it.
        let (title, reference, summary): (String, String, String) = self.conn().query_row(
            "SELECT title, reference, summary FROM case_info",
            [],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        )?;
        let mut head = format!("Referral {} to {}", r.id, r.agency);
        if !r.unit.is_empty() {
            head.push_str(&format!(", {}", r.unit));
        }
        if !r.reference.is_empty() {
            head.push_str(&format!(" (your reference {})", r.reference));
        }
        let mut case_line = format!("Our case: {title}");
        if !reference.is_empty() {
            case_line.push_str(&format!(" (reference {reference})"));
        }
        para(&head, &case_line);

        let dates = self.key_dates()?;
        let date_line = |kinds: &[KeyDateKind]| {
            dates
                .iter()
                .filter(|d| kinds.contains(&d.kind))
                .map(|d| {
                    format!(
                        "- {}: {} {} ({}){}",
                        d.kind.label(),
                        d.when.local,
                        d.when.tz,
                        d.precision.label().to_lowercase(),
                        if d.basis.is_empty() {
                            String::new()
                        } else {
                            format!(" \u{2014} {}", d.basis)
                        }
                    )
                })
                .collect::<Vec<_>>()
                .join("\n")
        };
        let mut happened = String::new();
        if !summary.trim().is_empty() {
            happened.push_str(summary.trim());
            happened.push('\n');
        }
        let access = date_line(&[
            KeyDateKind::FirstUnauthorizedAccess,
            KeyDateKind::LastUnauthorizedAccess,
            KeyDateKind::Containment,
        ]);
        happened.push_str(if access.is_empty() {
            "- Key dates of the access: not recorded yet."
        } else {
            &access
        });
        para("What happened", &happened);

        let found = date_line(&[
            KeyDateKind::FirstIndicator,
            KeyDateKind::Discovery,
            KeyDateKind::Determination,
        ]);
        para(
            "How it was found",
            if found.is_empty() {
                "- Not recorded yet."
            } else {
                &found
            },
        );

        let subject = self
            .conn()
            .query_row(
                "SELECT name, employee_id, role, access_rights, employment_status FROM subject",
                [],
                |row| {
                    Ok((
                        row.get::<_, String>(0)?,
                        row.get::<_, String>(1)?,
                        row.get::<_, String>(2)?,
                        row.get::<_, String>(3)?,
                        row.get::<_, String>(4)?,
                    ))
                },
            )
            .optional()?;
        para(
            "The subject",
            &match subject {
                Some((name, employee_id, role, access, status)) => format!(
                    "{name}, employee id {}, {}.\nAccess: {}\nEmployment status: {}",
                    or_unknown(&employee_id),
                    or_unknown(&role),
                    or_unknown(&access),
                    status.replace('_', " ")
                ),
                None => "Not recorded yet.".into(),
            },
        );

        let snapshot = self.newest_snapshot()?;
        match &snapshot {
            Some(s) => {
                let t = &s.content.breakdown.tally;
                let elements = t
                    .by_element
                    .iter()
                    .map(|(k, n)| format!("- {}: {n} people", k.replace('_', " ")))
                    .collect::<Vec<_>>()
                    .join("\n");
                para(
                    "What was taken",
                    &format!(
                        "Data elements exposed (tally snapshot {}):\n{}",
                        s.content.id,
                        if elements.is_empty() {
                            "- none recorded".to_string()
                        } else {
                            elements
                        }
                    ),
                );
                para(
                    "How many people",
                    &format!(
                        "{} unique individuals in {} records (tally snapshot {}, taken {}, \
                         SHA-256 {}).",
                        t.people, t.records, s.content.id, s.content.taken_at, s.sha256
                    ),
                );
            }
            None => {
                para(
                    "What was taken",
                    "No tally snapshot yet: take one so the figures can be cited.",
                );
                para("How many people", "No tally snapshot yet.");
            }
        }
        para("Harm reported", &harm_paragraph(&self.harm_tally()?));
        let shared = self.shared_items(Some(&r.id))?;
        para(
            "Evidence offered",
            &if shared.is_empty() {
                "No items have been handed over yet.".to_string()
            } else {
                shared
                    .iter()
                    .map(|s| {
                        format!(
                            "- {} {} ({}), SHA-256 {}",
                            s.evidence_id,
                            s.name,
                            s.form.label().to_lowercase(),
                            s.sha256
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            },
        );
        Ok(NotesDraft {
            text: out.trim_end().to_string() + "\n",
            snapshot_id: snapshot.map(|s| s.content.id),
        })
    }

    /// Saves `text` as the next version of a referral's notes. A text equal to the current
    /// version is refused: there is nothing to save.
    pub fn save_referral_notes(&mut self, referral_id: &str, text: &str) -> Result<NotesVersion> {
        self.save_notes(referral_id, text, None)
    }

    /// Drafts the notes from the case and saves the draft as the next version.
    pub fn save_drafted_referral_notes(&mut self, referral_id: &str) -> Result<NotesVersion> {
        let draft = self.draft_referral_notes(referral_id)?;
        self.save_notes(
            referral_id,
            &draft.text,
            Some(draft.snapshot_id.unwrap_or_default()),
        )
    }

    fn save_notes(
        &mut self,
        referral_id: &str,
        text: &str,
        drafted_from: Option<String>,
    ) -> Result<NotesVersion> {
        let referral = self.referral(referral_id)?;
        required("text", text, "the notes")?;
        if text.chars().count() > MAX_CHARS {
            return Err(Error::invalid(
                "text",
                format!("the notes are longer than {MAX_CHARS} characters"),
            ));
        }
        let current = self.current_referral_notes(&referral.id)?;
        if current.as_ref().is_some_and(|c| c.text == text) {
            return Err(Error::invalid(
                "text",
                format!(
                    "these notes are the same as version {}; nothing to save",
                    current.map(|c| c.version).unwrap_or_default()
                ),
            ));
        }
        let version = current.map(|c| c.version).unwrap_or(0) + 1;
        let sha256 = hex::encode(Sha256::digest(text.as_bytes()));
        self.transact(|tx| {
            let v = NotesVersion {
                referral_id: referral.id.clone(),
                version,
                text: text.to_string(),
                sha256,
                drafted: drafted_from.is_some(),
                snapshot_id: drafted_from.clone().unwrap_or_default(),
                saved_at: tx.now_str(),
                saved_by: tx.actor().to_string(),
            };
            tx.conn().execute(
                "INSERT INTO referral_notes (referral_id, version, text, sha256, drafted,
                     snapshot_id, saved_at, saved_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    v.referral_id,
                    v.version,
                    v.text,
                    v.sha256,
                    v.drafted,
                    v.snapshot_id,
                    v.saved_at,
                    v.saved_by
                ],
            )?;
            // The text names the subject: the chain keeps its hash and size only.
            tx.record(
                "referral.notes",
                "referral",
                &v.referral_id,
                None,
                Some(serde_json::json!({
                    "version": v.version,
                    "sha256": v.sha256,
                    "chars": v.text.chars().count(),
                    "drafted": v.drafted,
                    "snapshot_id": v.snapshot_id,
                })),
            )?;
            Ok(v)
        })
    }

    /// The line diff from version `from` to version `to` of a referral's notes.
    pub fn referral_notes_diff(&self, referral_id: &str, from: u32, to: u32) -> Result<NotesDiff> {
        let versions = self.referral_notes(referral_id)?;
        let find = |n: u32, field: &str| {
            versions.iter().find(|v| v.version == n).ok_or_else(|| {
                Error::invalid(
                    field,
                    format!(
                        "there is no version {n}; the notes have {} version(s)",
                        versions.len()
                    ),
                )
            })
        };
        let old = find(from, "from")?;
        let new = find(to, "to")?;
        Ok(NotesDiff {
            referral_id: old.referral_id.clone(),
            from,
            to,
            lines: diff_lines(&old.text, &new.text),
        })
    }
}
