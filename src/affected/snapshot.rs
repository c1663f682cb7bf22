//! Tally snapshots: the tallies frozen with when, by whom, under which de-duplication rule and
//! over which import batches, with a SHA-256 of their canonical content. Statements and the
//! packet cite snapshot ids; the database refuses to change or delete one.

use super::normalise::MINOR_PHRASES;
use super::people::{self, Breakdown, PeopleGroup};
use crate::audit::canonical_json;
use crate::error::{Error, Result};
use crate::store::Case;
use crate::util::text::limited;
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
    /// The people by place, minor and exposed elements, so element combinations can be judged
    /// per person. Empty in snapshots taken before groups were frozen; left out of their JSON
    /// then, so those snapshots still hash as they were taken.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<PeopleGroup>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Snapshot {
    pub content: SnapshotContent,
    pub sha256: String,
    /// Whether the stored content still hashes to `sha256`.
    pub intact: bool,
}

/// Whether a snapshot still describes the case's affected data; see
/// [`Case::snapshot_currency`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct SnapshotCurrency {
    pub snapshot_id: String,
    /// Nothing changed since it was taken: the same batches, rule and counts.
    pub current: bool,
    pub people_now: u32,
    pub records_now: u32,
    /// Batches in force now that the snapshot does not cover.
    pub batches_added: Vec<String>,
    /// Batches the snapshot covers that have since been removed.
    pub batches_removed: Vec<String>,
    /// The rule's label now, when it differs from the snapshot's.
    pub rule_now: Option<String>,
    /// One plain sentence saying what changed, when anything did.
    pub note: Option<String>,
}

fn plural_batch(n: usize) -> &'static str {
    if n == 1 {
        "batch"
    } else {
        "batches"
    }
}

pub(crate) use crate::util::text::group_digits;

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
        let note = limited("note", note, 1_000)?;
        let breakdown = self.affected_breakdown()?;
        let groups = people::groups(self.conn())?;
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
                groups,
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

    /// The most recent snapshot: what a statement or packet cites unless told otherwise.
    pub fn newest_snapshot(&self) -> Result<Option<Snapshot>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT content, sha256 FROM tally_snapshots ORDER BY num DESC LIMIT 1",
                [],
                read,
            )
            .optional()?)
    }

    /// How `snapshot` stands against the case's affected data now: which import batches came
    /// or went since it was taken, whether the de-duplication rule changed, and how many people
    /// the case holds now. A document that cites an out-of-date snapshot says so in these words
    /// rather than printing two different counts side by side.
    pub fn snapshot_currency(&self, snapshot: &Snapshot) -> Result<SnapshotCurrency> {
        let covered: Vec<&str> = snapshot
            .content
            .batches
            .iter()
            .map(|b| b.id.as_str())
            .collect();
        let in_force: Vec<String> = self
            .import_batches()?
            .into_iter()
            .filter(|b| b.removed_at.is_none())
            .map(|b| b.id)
            .collect();
        let batches_added: Vec<String> = in_force
            .iter()
            .filter(|id| !covered.contains(&id.as_str()))
            .cloned()
            .collect();
        let batches_removed: Vec<String> = covered
            .iter()
            .filter(|id| !in_force.iter().any(|b| b == *id))
            .map(|id| id.to_string())
            .collect();
        let rule = self.dedupe_rule()?;
        let rule_now =
            (rule.code() != snapshot.content.breakdown.rule).then(|| rule.label().to_string());
        let people_now: u32 = self
            .conn()
            .query_row("SELECT count(*) FROM people", [], |r| r.get(0))?;
        let records_now: u32 =
            self.conn()
                .query_row("SELECT count(*) FROM affected_records", [], |r| r.get(0))?;
        let t = &snapshot.content.breakdown.tally;
        let current = batches_added.is_empty()
            && batches_removed.is_empty()
            && rule_now.is_none()
            && people_now == t.people
            && records_now == t.records;
        let note = (!current).then(|| {
            let mut since = Vec::new();
            if !batches_added.is_empty() {
                since.push(format!(
                    "taken before {} {}",
                    plural_batch(batches_added.len()),
                    batches_added.join(", ")
                ));
            }
            if !batches_removed.is_empty() {
                since.push(format!(
                    "{} {} {} since been removed",
                    plural_batch(batches_removed.len()),
                    batches_removed.join(", "),
                    if batches_removed.len() == 1 {
                        "has"
                    } else {
                        "have"
                    }
                ));
            }
            if let Some(label) = &rule_now {
                since.push(format!(
                    "the de-duplication rule has since changed to \"{label}\""
                ));
            }
            if since.is_empty() {
                since.push("the affected records have changed since".into());
            }
            format!(
                "Tallies from {} ({} {}), {}; the case now holds {} {} ({} {}).",
                snapshot.content.id,
                group_digits(t.people),
                if t.people == 1 { "person" } else { "people" },
                since.join("; "),
                group_digits(people_now),
                if people_now == 1 { "person" } else { "people" },
                group_digits(records_now),
                if records_now == 1 {
                    "record"
                } else {
                    "records"
                },
            )
        });
        Ok(SnapshotCurrency {
            snapshot_id: snapshot.content.id.clone(),
            current,
            people_now,
            records_now,
            batches_added,
            batches_removed,
            rule_now,
            note,
        })
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
