//! Tally snapshots: the tallies frozen with when, by whom, under which de-duplication rule and
//! over which import batches, with a SHA-256 of their canonical content. Statements and the
//! packet cite snapshot ids; the database refuses to change or delete one.

use super::normalise::MINOR_PHRASES;
use super::people::Breakdown;
use crate::audit::canonical_json;
use crate::error::{Error, Result};
use crate::store::Case;
use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use specta::Type;

/// A batch a snapshot covers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct CoveredBatch {
    pub id: String,
    pub file_name: String,
    pub sha256: String,
    pub accepted: u32,
    pub rejected: u32,
    pub blank: u32,
}

/// What a snapshot freezes; its canonical JSON is what the hash covers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct SnapshotContent {
    pub id: String,
    pub case_id: String,
    pub taken_at: String,
    pub taken_by: String,
    pub note: String,
    pub breakdown: Breakdown,
    pub batches: Vec<CoveredBatch>,
    pub methodology: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Snapshot {
    pub content: SnapshotContent,
    pub sha256: String,
    /// Whether the stored content still hashes to `sha256`.
    pub intact: bool,
}

fn hash(canonical: &str) -> String {
    hex::encode(Sha256::digest(canonical.as_bytes()))
}

/// How the figures were produced, in words, for snapshots and the packet.
pub fn methodology(rule_label: &str) -> String {
    format!(
        "Each imported row was accepted, rejected with a reason, or counted blank. Accepted \
         records were grouped into people by the rule \"{rule_label}\"; a record with none of \
         those keys counts as a person of its own. E-mail addresses were trimmed and lower-cased; \
         countries mapped to ISO 3166-1 alpha-2; US states and Canadian provinces to their postal \
         codes. A person's country, state and segment are those of their first record; their \
         exposed data elements are the union over their records. A person is a minor when any \
         record flags it, gives a date of birth under 18 years before the import date, or has \
         notes saying {}.",
        MINOR_PHRASES
            .iter()
            .map(|p| format!("\"{p}\""))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

fn read(r: &rusqlite::Row) -> rusqlite::Result<Snapshot> {
    let content: String = r.get(0)?;
    let sha256: String = r.get(1)?;
    let parsed: SnapshotContent = serde_json::from_str(&content)
        .map_err(|e| rusqlite::Error::ToSqlConversionFailure(e.into()))?;
    Ok(Snapshot {
        intact: hash(&content) == sha256,
        content: parsed,
        sha256,
    })
}

impl Case {
    /// Freezes the current tallies.
    pub fn take_snapshot(&mut self, note: &str) -> Result<Snapshot> {
        let note = crate::case::limited("note", note, 1_000)?;
        let breakdown = self.affected_breakdown()?;
        if breakdown.tally.records == 0 {
            return Err(Error::invalid(
                "snapshot",
                "there is nothing to freeze yet: import affected records first",
            ));
        }
        let rule = self.dedupe_rule()?;
        let batches: Vec<CoveredBatch> = self
            .import_batches()?
            .into_iter()
            .filter(|b| b.removed_at.is_none())
            .map(|b| CoveredBatch {
                id: b.id,
                file_name: b.file_name,
                sha256: b.sha256,
                accepted: b.accepted,
                rejected: b.rejected,
                blank: b.blank,
            })
            .collect();
        let case_id = self.info()?.case_id;
        self.transact(|tx| {
            let num: i64 = tx.conn().query_row(
                "SELECT coalesce(max(num), 0) + 1 FROM tally_snapshots",
                [],
                |r| r.get(0),
            )?;
            let content = SnapshotContent {
                id: format!("TS-{num:04}"),
                case_id,
                taken_at: tx.now_str(),
                taken_by: tx.actor().to_string(),
                note,
                breakdown,
                batches,
                methodology: methodology(rule.label()),
            };
            let canonical = canonical_json(&serde_json::to_value(&content).expect("plain data"));
            let sha256 = hash(&canonical);
            tx.conn().execute(
                "INSERT INTO tally_snapshots (id, num, taken_at, taken_by, content, sha256)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                rusqlite::params![
                    content.id,
                    num,
                    content.taken_at,
                    content.taken_by,
                    canonical,
                    sha256
                ],
            )?;
            tx.record(
                "affected.snapshot",
                "snapshot",
                &content.id,
                None,
                Some(serde_json::json!({
                    "sha256": sha256,
                    "people": content.breakdown.tally.people,
                    "records": content.breakdown.tally.records,
                    "batches": content.batches.iter().map(|b| &b.id).collect::<Vec<_>>(),
                    "rule": content.breakdown.rule,
                })),
            )?;
            Ok(Snapshot {
                content,
                sha256,
                intact: true,
            })
        })
    }

    pub fn snapshots(&self) -> Result<Vec<Snapshot>> {
        let mut stmt = self
            .conn()
            .prepare("SELECT content, sha256 FROM tally_snapshots ORDER BY num")?;
        let rows = stmt
            .query_map([], read)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    pub fn snapshot(&self, id: &str) -> Result<Snapshot> {
        self.conn()
            .query_row(
                "SELECT content, sha256 FROM tally_snapshots WHERE id = ?1",
                [id],
                read,
            )
            .optional()?
            .ok_or_else(|| Error::NotFound {
                what: "snapshot",
                id: id.to_string(),
            })
    }
}
