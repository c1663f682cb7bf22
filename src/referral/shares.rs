//! What was handed over to law enforcement: each shared item is an evidence item, in a form
//! (original, copy, export, summary), by a method, with or without personal data (and then on
//! what legal basis). Sharing records a custody entry naming the agency and keeps the item's
//! SHA-256 with the share, so anyone can show later that what the police hold is what the case
//! holds. Given a folder, sharing writes the evidence export (files, `MANIFEST.csv`,
//! `SHA256SUMS`), whose custody entry is then the share's.

use crate::custody::{self, CustodyKind, NewCustody};
use crate::error::{Error, Result};
use crate::evidence::{ExportRequest, VerificationStatus};
use crate::moment::{self, Moment};
use crate::progress::Progress;
use crate::store::Case;
use crate::util::text::limited;
use crate::util::text::normal_id;
use crate::vocab::vocabulary;
use rusqlite::params;
use serde::{Deserialize, Serialize};
use specta::Type;

vocabulary! {
    /// In what form an item was handed over.
    ShareForm {
        Original = "original", "Original";
        Copy = "copy", "Copy";
        Export = "export", "Export";
        Summary = "summary", "Summary";
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct SharedItem {
    pub seq: u32,
    pub referral_id: String,
    pub evidence_id: String,
    /// The evidence item's file name, for reading the list.
    pub name: String,
    pub form: ShareForm,
    pub method: String,
    pub personal_data: bool,
    /// Why sharing personal data was lawful; empty when none was shared.
    pub legal_basis: String,
    /// The evidence item's SHA-256 as handed over.
    pub sha256: String,
    /// The custody entry that records the hand-over.
    pub custody_seq: u32,
    pub when: Moment,
    pub recorded_by: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct ShareInput {
    pub referral_id: String,
    /// `EV-0001` as `casebook evidence list` prints it.
    pub evidence_id: String,
    /// Defaults to `copy`.
    pub form: Option<ShareForm>,
    /// How it went: "USB drive handed to the agent", "agency upload portal"…
    pub method: Option<String>,
    pub personal_data: bool,
    /// Required when personal data is included.
    pub legal_basis: Option<String>,
    /// When it was handed over; now when absent.
    pub when: Option<String>,
    pub tz: Option<String>,
    /// A new or empty folder: write the evidence export there (files, manifest, SHA256SUMS).
    pub export_to: Option<String>,
}

const SELECT: &str = "SELECT s.seq, s.referral_id, s.evidence_id, e.original_name, s.form, \
    s.method, s.personal_data, s.legal_basis, s.sha256, s.custody_seq, s.at_utc, s.tz, \
    s.recorded_by FROM referral_shares s JOIN evidence_items e ON e.id = s.evidence_id";

fn read_row(r: &rusqlite::Row) -> rusqlite::Result<(SharedItem, String, String)> {
    Ok((
        SharedItem {
            seq: r.get(0)?,
            referral_id: r.get(1)?,
            evidence_id: r.get(2)?,
            name: r.get(3)?,
            form: r.get(4)?,
            method: r.get(5)?,
            personal_data: r.get(6)?,
            legal_basis: r.get(7)?,
            sha256: r.get(8)?,
            custody_seq: r.get(9)?,
            when: Moment {
                utc: String::new(),
                tz: String::new(),
                local: String::new(),
            },
            recorded_by: r.get(12)?,
        },
        r.get(10)?,
        r.get(11)?,
    ))
}

impl Case {
    /// The items shared under one referral (or all), in the order they were shared.
    pub fn shared_items(&self, referral_id: Option<&str>) -> Result<Vec<SharedItem>> {
        let mut stmt = self.conn().prepare(&format!(
            "{SELECT} WHERE (?1 IS NULL OR s.referral_id = ?1) ORDER BY s.seq"
        ))?;
        let rows = stmt
            .query_map([referral_id], read_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .map(|(mut s, at, tz)| {
                s.when = Moment::from_stored(&at, &tz)?;
                Ok(s)
            })
            .collect()
    }

    /// Records that an evidence item was handed to the referral's agency, with a custody
    /// entry naming the agency. With `export_to`, the item is first exported there (the
    /// export's custody entry, to the agency, is then the share's).
    pub fn share_evidence(
        &mut self,
        input: ShareInput,
        progress: &dyn Progress,
    ) -> Result<SharedItem> {
        let referral = self.referral(&input.referral_id)?;
        let item = self.evidence_item(&normal_id(&input.evidence_id, "EV"))?;
        if matches!(
            item.status,
            VerificationStatus::Changed | VerificationStatus::Missing
        ) {
            return Err(Error::invalid(
                "evidence_id",
                format!(
                    "{} was {} at its last verification; verify it again before handing it over",
                    item.id,
                    item.status.label().to_lowercase()
                ),
            ));
        }
        let form = input.form.unwrap_or(ShareForm::Copy);
        let method = limited("method", input.method.as_deref().unwrap_or(""), 500)?;
        let legal_basis = limited(
            "legal_basis",
            input.legal_basis.as_deref().unwrap_or(""),
            1_000,
        )?;
        if input.personal_data && legal_basis.is_empty() {
            return Err(Error::invalid(
                "legal_basis",
                "personal data was included: give the legal basis for sharing it",
            ));
        }
        let when = moment::parse_optional(input.when.as_deref(), input.tz.as_deref(), "when")?;
        let recipient = if referral.unit.is_empty() {
            referral.agency.clone()
        } else {
            format!("{} ({})", referral.agency, referral.unit)
        };
        let purpose = if referral.reference.is_empty() {
            format!("Law-enforcement referral {}", referral.id)
        } else {
            format!(
                "Law-enforcement referral {} (their reference {})",
                referral.id, referral.reference
            )
        };
        let export_to = input
            .export_to
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty());
        // The export's files are written first; its custody entry, to the agency, is recorded
        // in the share's transaction and is the share's, so a failure leaves neither.
        let exported = match export_to {
            Some(dest) => Some(self.write_export(
                &ExportRequest {
                    ids: vec![item.id.clone()],
                    destination: dest.to_string(),
                    recipient: recipient.clone(),
                    purpose: purpose.clone(),
                },
                progress,
            )?),
            None => None,
        };
        let method = match (&exported, method.is_empty()) {
            (Some(_), true) => "export folder with MANIFEST.csv and SHA256SUMS".to_string(),
            _ => method,
        };
        let custody_method = if method.is_empty() {
            form.label().to_string()
        } else {
            format!("{} \u{2014} {method}", form.label())
        };
        let recorded = self.transact(|tx| {
            let at = match &when {
                Some(m) => m.clone(),
                None => Moment::from_stored(&moment::utc_string(tx.now()), "UTC")?,
            };
            let actor = tx.actor().to_string();
            let entry = match &exported {
                Some(export) => export.record_in(tx)?.remove(0),
                None => custody::append(
                    tx,
                    &NewCustody {
                        item_id: &item.id,
                        kind: CustodyKind::Transfer,
                        at: &at,
                        from_party: &actor,
                        to_party: &recipient,
                        purpose: &purpose,
                        method: &custody_method,
                        location: "",
                        result: "",
                        expected_hash: &item.sha256,
                        actual_hash: &item.sha256,
                        corrects_seq: None,
                        note: "",
                    },
                )?,
            };
            tx.conn().execute(
                "INSERT INTO referral_shares (referral_id, evidence_id, form, method,
                     personal_data, legal_basis, sha256, custody_seq, at_utc, tz, recorded_at,
                     recorded_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                params![
                    referral.id,
                    item.id,
                    form,
                    method,
                    input.personal_data,
                    legal_basis,
                    item.sha256,
                    entry.seq,
                    entry.when.utc,
                    entry.when.tz,
                    tx.now_str(),
                    tx.actor()
                ],
            )?;
            let seq = tx.conn().last_insert_rowid();
            tx.record(
                "referral.share",
                "referral",
                &referral.id,
                None,
                Some(serde_json::json!({
                    "evidence_id": item.id,
                    "form": form,
                    "method": method,
                    "personal_data": input.personal_data,
                    "legal_basis": legal_basis,
                    "sha256": item.sha256,
                    "custody_seq": entry.seq,
                    "agency": recipient,
                })),
            )?;
            Ok(seq)
        });
        let seq = match recorded {
            Ok(seq) => seq,
            Err(e) => {
                if let Some(export) = &exported {
                    export.discard();
                }
                return Err(e);
            }
        };
        self.shared_items(Some(&referral.id))?
            .into_iter()
            .find(|s| i64::from(s.seq) == seq)
            .ok_or_else(|| Error::internal("the shared item was not recorded"))
    }
}
