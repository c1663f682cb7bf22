//! The chain of custody: for each evidence item, an append-only log of intake, transfers,
//! verifications and exports. Entries are never edited (triggers refuse it); a correction is a
//! new entry that names the one it corrects. Every entry is also in the case audit chain.

use crate::error::{Error, Result};
use crate::moment::{self, Moment};
use crate::store::{Case, Tx};
use crate::util::json::to_json;
use crate::util::text::{limited, required};
use crate::vocab::vocabulary;
use rusqlite::params;
use serde::{Deserialize, Serialize};
use specta::Type;

vocabulary! {
    CustodyKind {
        Intake = "intake", "Intake";
        Transfer = "transfer", "Transfer";
        Verification = "verification", "Verification";
        Export = "export", "Export";
        Correction = "correction", "Correction";
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct CustodyEntry {
    pub seq: u32,
    pub item_id: String,
    pub kind: CustodyKind,
    pub when: Moment,
    pub actor: String,
    pub from_party: String,
    pub to_party: String,
    pub purpose: String,
    pub method: String,
    pub location: String,
    /// For verifications: `ok`, `changed` or `missing`.
    pub result: String,
    pub expected_hash: String,
    pub actual_hash: String,
    pub corrects_seq: Option<u32>,
    pub note: String,
    pub recorded_at: String,
}

pub(crate) struct NewCustody<'a> {
    pub item_id: &'a str,
    pub kind: CustodyKind,
    pub at: &'a Moment,
    pub from_party: &'a str,
    pub to_party: &'a str,
    pub purpose: &'a str,
    pub method: &'a str,
    pub location: &'a str,
    pub result: &'a str,
    pub expected_hash: &'a str,
    pub actual_hash: &'a str,
    pub corrects_seq: Option<u32>,
    pub note: &'a str,
}

pub(crate) fn append(tx: &mut Tx, c: &NewCustody) -> Result<CustodyEntry> {
    tx.conn().execute(
        "INSERT INTO custody_events (item_id, kind, at_utc, tz, actor, from_party, to_party, purpose,
            method, location, result, expected_hash, actual_hash, corrects_seq, note, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
        params![
            c.item_id, c.kind, c.at.utc, c.at.tz, tx.actor(), c.from_party, c.to_party, c.purpose,
            c.method, c.location, c.result, c.expected_hash, c.actual_hash, c.corrects_seq, c.note,
            tx.now_str()
        ],
    )?;
    let entry = CustodyEntry {
        seq: tx.conn().last_insert_rowid() as u32,
        item_id: c.item_id.to_string(),
        kind: c.kind,
        when: c.at.clone(),
        actor: tx.actor().to_string(),
        from_party: c.from_party.to_string(),
        to_party: c.to_party.to_string(),
        purpose: c.purpose.to_string(),
        method: c.method.to_string(),
        location: c.location.to_string(),
        result: c.result.to_string(),
        expected_hash: c.expected_hash.to_string(),
        actual_hash: c.actual_hash.to_string(),
        corrects_seq: c.corrects_seq,
        note: c.note.to_string(),
        recorded_at: tx.now_str(),
    };
    tx.record(
        &format!("custody.{}", c.kind.code()),
        "evidence",
        c.item_id,
        None,
        Some(to_json(&entry)),
    )?;
    Ok(entry)
}

/// A hand-over from one party to another.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct TransferInput {
    pub item_id: String,
    pub from_party: String,
    pub to_party: String,
    pub purpose: String,
    pub method: Option<String>,
    pub location: Option<String>,
    /// When it happened; defaults to now.
    pub when: Option<String>,
    pub tz: Option<String>,
    pub note: Option<String>,
}

/// A correction of an earlier entry, which stays as it was.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct CorrectionInput {
    pub item_id: String,
    pub corrects_seq: u32,
    pub note: String,
}

const SELECT: &str =
    "SELECT seq, item_id, kind, at_utc, tz, actor, from_party, to_party, purpose, \
    method, location, result, expected_hash, actual_hash, corrects_seq, note, recorded_at \
    FROM custody_events";

fn read_row(r: &rusqlite::Row) -> rusqlite::Result<(CustodyEntry, String, String)> {
    Ok((
        CustodyEntry {
            seq: r.get(0)?,
            item_id: r.get(1)?,
            kind: r.get(2)?,
            when: Moment {
                utc: String::new(),
                tz: String::new(),
                local: String::new(),
            },
            actor: r.get(5)?,
            from_party: r.get(6)?,
            to_party: r.get(7)?,
            purpose: r.get(8)?,
            method: r.get(9)?,
            location: r.get(10)?,
            result: r.get(11)?,
            expected_hash: r.get(12)?,
            actual_hash: r.get(13)?,
            corrects_seq: r.get(14)?,
            note: r.get(15)?,
            recorded_at: r.get(16)?,
        },
        r.get(3)?,
        r.get(4)?,
    ))
}

impl Case {
    /// The custody log of one item (or of every item when `item_id` is None), oldest first.
    pub fn custody(&self, item_id: Option<&str>) -> Result<Vec<CustodyEntry>> {
        let mut stmt = self.conn().prepare(&format!(
            "{SELECT} WHERE (?1 IS NULL OR item_id = ?1) ORDER BY seq"
        ))?;
        let rows = stmt
            .query_map([item_id], read_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .map(|(mut e, at, tz)| {
                e.when = Moment::from_stored(&at, &tz)?;
                Ok(e)
            })
            .collect()
    }

    pub fn record_transfer(&mut self, t: TransferInput) -> Result<CustodyEntry> {
        let item = self.evidence_item(&t.item_id)?;
        let from = limited(
            "from_party",
            &required("from_party", &t.from_party, "who handed it over")?,
            300,
        )?;
        let to = limited(
            "to_party",
            &required("to_party", &t.to_party, "who received it")?,
            300,
        )?;
        let purpose = limited(
            "purpose",
            &required("purpose", &t.purpose, "why it changed hands")?,
            1_000,
        )?;
        let method = limited("method", t.method.as_deref().unwrap_or(""), 300)?;
        let location = limited("location", t.location.as_deref().unwrap_or(""), 300)?;
        let note = limited("note", t.note.as_deref().unwrap_or(""), 5_000)?;
        let when = match t.when.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            Some(w) => Some(moment::parse(w, t.tz.as_deref().unwrap_or("UTC"), "when")?),
            None => None,
        };
        self.transact(|tx| {
            let at = match &when {
                Some(m) => m.clone(),
                None => Moment::from_stored(&moment::utc_string(tx.now()), "UTC")?,
            };
            append(
                tx,
                &NewCustody {
                    item_id: &item.id,
                    kind: CustodyKind::Transfer,
                    at: &at,
                    from_party: &from,
                    to_party: &to,
                    purpose: &purpose,
                    method: &method,
                    location: &location,
                    result: "",
                    expected_hash: "",
                    actual_hash: "",
                    corrects_seq: None,
                    note: &note,
                },
            )
        })
    }

    pub fn record_correction(&mut self, c: CorrectionInput) -> Result<CustodyEntry> {
        let item = self.evidence_item(&c.item_id)?;
        let note = limited(
            "note",
            &required("note", &c.note, "what was wrong and what is right")?,
            5_000,
        )?;
        if !self
            .custody(Some(&item.id))?
            .iter()
            .any(|e| e.seq == c.corrects_seq)
        {
            return Err(Error::invalid(
                "corrects_seq",
                format!("{} has no custody entry {}", item.id, c.corrects_seq),
            ));
        }
        self.transact(|tx| {
            let at = Moment::from_stored(&moment::utc_string(tx.now()), "UTC")?;
            append(
                tx,
                &NewCustody {
                    item_id: &item.id,
                    kind: CustodyKind::Correction,
                    at: &at,
                    from_party: "",
                    to_party: "",
                    purpose: "correction",
                    method: "",
                    location: "",
                    result: "",
                    expected_hash: "",
                    actual_hash: "",
                    corrects_seq: Some(c.corrects_seq),
                    note: &note,
                },
            )
        })
    }
}
