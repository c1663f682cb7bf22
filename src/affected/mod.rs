//! Affected people: importing the records an insider touched, grouping them into people,
//! tallying them, freezing tallies in snapshots, and tracking notices.
//!
//! An import is one transaction: the file is registered as an evidence item (its bytes copied
//! into the vault and hashed), and every row of the vault copy — the exact bytes whose hash is
//! recorded — is accepted, rejected with a reason, or counted blank; then people are rebuilt.
//! A failure, cancellation or kill leaves the case as it was. Personal data stays in the
//! encrypted database: the audit chain records batch ids, hashes and counts, and messages show
//! values masked.

mod lists;
pub mod normalise;
pub mod notice;
pub mod people;
pub(crate) mod person_ids;
pub(crate) mod places;
pub mod snapshot;
pub mod source;

use crate::audit::state::Bulk;
use crate::error::{Error, Result};
use crate::evidence::{record_intake, EvidenceCategory, IntakeRequest, StagedIntake};
use crate::progress::Progress;
use crate::store::{Case, Tx};
use crate::util::failpoint::failpoint;
use crate::util::json::to_json;
use crate::util::text::limited;
pub use lists::{ListExport, WrittenList};
use normalise::{Columns, ElementBits, FieldMap, Problem};
use people::{DedupeRule, KeyParts, UNKNOWN_PLACE};
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use source::{Shape, ShapeOverride, SourceRow};
use specta::Type;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

pub use normalise::{Element, Field};
pub use people::{Breakdown, PeopleGroup, PeoplePage, PeopleQuery, PersonRow, RecordRow, Tally};
pub(crate) use person_ids::register_functions;

/// Rejects returned with an import report; all of them can be exported.
const REPORT_REJECTS: usize = 200;

/// The first rows of a file as it will be read, and the mapping that would be used.
#[derive(Debug, Clone, Serialize, Type)]
pub struct Preview {
    pub shape: Shape,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// The file line each of `rows` starts on (the header is line 1), the number rejects and
    /// records carry: blank lines and quoted newlines before a row are counted.
    pub lines: Vec<u32>,
    pub mapping: Vec<FieldMap>,
    /// `saved` (this case's last mapping fits the file) or `suggested` (from header names).
    pub mapping_from: String,
}

/// The first rows of a file to import, read without the case: the desktop shell reads them
/// before it takes the case lock, so a slow or large file holds no other command up.
#[derive(Debug, Clone)]
pub struct FilePreview {
    shape: Shape,
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
    lines: Vec<u32>,
}

/// Reads the first rows of the file at `path` as [`Case::preview_import`] shows them.
pub fn read_preview(path: &str, over: &ShapeOverride) -> Result<FilePreview> {
    let path = chosen_file(path)?;
    let shape = source::detect(&path, over)?;
    let table = source::read(&path, &shape)?;
    let headers = table.headers.clone();
    let (rows, lines) = source::first_rows(table)?;
    Ok(FilePreview {
        shape,
        headers,
        rows,
        lines,
    })
}

/// What a user gives to import a file.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Type)]
pub struct ImportRequest {
    pub path: String,
    #[serde(default)]
    pub shape: ShapeOverride,
    /// Defaults to the case's saved mapping when it fits the file, else the suggestion.
    pub mapping: Option<Vec<FieldMap>>,
    /// Where the file came from (system, person), for its evidence record.
    pub source: Option<String>,
}

/// One import, as recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Batch {
    pub id: String,
    pub file_name: String,
    pub evidence_id: String,
    pub sha256: String,
    pub shape: Shape,
    pub mapping: Vec<FieldMap>,
    pub rows_read: u32,
    pub accepted: u32,
    pub rejected: u32,
    pub blank: u32,
    /// Accepted rows whose value of a field only stood in for "none given", by field: kept
    /// with the record, not counted as that element exposed.
    #[serde(default)]
    pub warnings: Vec<FieldWarning>,
    pub imported_at: String,
    pub imported_by: String,
    pub removed_at: Option<String>,
    pub removed_by: Option<String>,
    pub removed_reason: Option<String>,
}

/// How many rows of a batch had a value of `field` flagged as standing in for "none given".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct FieldWarning {
    pub field: Field,
    pub rows: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Reject {
    pub row: u32,
    #[serde(flatten)]
    pub problem: Problem,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct ElementInfo {
    pub key: String,
    pub label: String,
    pub custom: bool,
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct AffectedSummary {
    pub breakdown: Breakdown,
    pub batches: Vec<Batch>,
    pub snapshots: Vec<snapshot::Snapshot>,
    pub elements: Vec<ElementInfo>,
    pub rule: DedupeRule,
    /// What to call each place the breakdown counts by code.
    pub places: PlaceLabels,
}

/// Labels for the place codes in a breakdown, "Germany (DE)": people read names, while the
/// code is what the records and filters hold. Kept apart from [`Breakdown`], whose JSON is the
/// CLI's fixed `affected tally --json` contract. Codes are the breakdown's keys, so a US state
/// and a country that share a code ("CA") stay apart.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Type)]
pub struct PlaceLabels {
    pub country: BTreeMap<String, String>,
    pub us_state: BTreeMap<String, String>,
    pub ca_province: BTreeMap<String, String>,
}

impl PlaceLabels {
    pub fn of(b: &Breakdown) -> PlaceLabels {
        fn labels<'a>(
            codes: impl Iterator<Item = &'a String>,
            name: fn(&str) -> Option<&'static str>,
        ) -> BTreeMap<String, String> {
            let label = |code: &String| match (code.as_str(), name(code)) {
                (UNKNOWN_PLACE, _) => "Not given".to_string(),
                (_, Some(name)) => format!("{name} ({code})"),
                (_, None) => code.clone(),
            };
            codes.map(|code| (code.clone(), label(code))).collect()
        }
        PlaceLabels {
            country: labels(b.tally.by_country.keys(), places::country_name),
            us_state: labels(b.tally.by_us_state.keys(), places::us_state_name),
            ca_province: labels(b.by_ca_province.keys(), places::ca_province_name),
        }
    }
}

/// A person's source records and notice history.
#[derive(Debug, Clone, Serialize, Type)]
pub struct PersonDetail {
    pub records: Vec<RecordRow>,
    pub notices: Vec<notice::NoticeEvent>,
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct ImportReport {
    pub batch: Batch,
    /// The first rejects; [`Case::export_rejects`] writes all of them.
    pub rejects: Vec<Reject>,
    pub people: u32,
    pub records: u32,
}

/// Progress of an import: the copy into the vault is the first half, reading rows the second.
pub(crate) struct Halves<'a> {
    inner: &'a dyn Progress,
    second: bool,
}

impl<'a> Halves<'a> {
    /// Reading rows, after the copy.
    pub(crate) fn second(inner: &'a dyn Progress) -> Halves<'a> {
        Halves {
            inner,
            second: true,
        }
    }
}

impl Progress for Halves<'_> {
    fn update(&self, done: u64, total: u64) {
        let total = total.max(1);
        let done = if self.second { total + done } else { done };
        self.inner.update(done, 2 * total);
    }
    fn items(&self, n: u64) {
        self.inner.items(n);
    }
    fn cancelled(&self) -> bool {
        self.inner.cancelled()
    }
}

/// The file a person chose to read, made absolute; refused when none is named or it is not a
/// file.
pub(crate) fn chosen_file(path: &str) -> Result<PathBuf> {
    let p = Path::new(path.trim());
    if path.trim().is_empty() {
        return Err(Error::invalid("path", "choose a file to import"));
    }
    let p = crate::util::fs::absolute(p)?;
    if !p.is_file() {
        return Err(Error::invalid(
            "path",
            format!("{} is not a file", p.display()),
        ));
    }
    Ok(p)
}

/// A file chosen for an import (affected records, harm reports) as it will be read: checked
/// and its shape and header row known before anything is copied, so a bad shape or mapping
/// is refused first.
pub(crate) struct ImportFile {
    pub path: PathBuf,
    pub file_name: String,
    pub shape: Shape,
    pub headers: Vec<String>,
}

impl ImportFile {
    pub(crate) fn open(path: &str, over: &ShapeOverride) -> Result<ImportFile> {
        let path = chosen_file(path)?;
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let shape = source::detect(&path, over)?;
        let headers = source::read(&path, &shape)?.headers;
        Ok(ImportFile {
            path,
            file_name,
            shape,
            headers,
        })
    }
}

/// An import file copied into the vault, waiting to be recorded as evidence in the import's
/// own transaction (`record_intake`, then `intake.keep()` once committed). `table` reads the
/// vault copy: the rows recorded are those of the hashed bytes.
pub(crate) struct StagedImport {
    pub intake: StagedIntake,
    pub sha256: String,
    pub table: source::Table,
}

/// The refusal of a file whose bytes an earlier import (`batch`) already recorded.
pub(crate) fn already_imported(sha256: &str, batch: &str) -> Error {
    Error::invalid(
        "path",
        format!(
            "this file (SHA-256 {}…) was already imported as {batch}; remove that batch first to import it again",
            &sha256[..12]
        ),
    )
}

/// Custom data elements: the case's, plus those this import adds (inserted in its transaction).
struct Custom<'t, 'c> {
    tx: &'t Tx<'c>,
    known: HashMap<String, u32>,
    next: u32,
}

impl ElementBits for Custom<'_, '_> {
    fn bit_for(&mut self, key: &str, label: &str) -> Option<u32> {
        if let Some(b) = self.known.get(key) {
            return Some(*b);
        }
        if self.next > normalise::LAST_BIT {
            return None;
        }
        let bit = self.next;
        self.tx
            .conn()
            .execute(
                "INSERT INTO custom_elements (bit, key, label) VALUES (?1, ?2, ?3)",
                params![bit, key, label],
            )
            .ok()?;
        self.next += 1;
        self.known.insert(key.to_string(), bit);
        Some(bit)
    }
}

const BATCH_SELECT: &str = "SELECT id, file_name, evidence_id, sha256, shape, mapping, rows_read, \
    accepted, rejected, blank, imported_at, imported_by, removed_at, removed_by, removed_reason, \
    warnings FROM import_batches";

/// A batch as its audit entries hold it: the mapping as [`normalise::audited_mapping`] gives it.
fn audited(c: &rusqlite::Connection, batch: &Batch) -> Result<serde_json::Value> {
    let headers: String = c.query_row(
        "SELECT headers FROM import_batches WHERE id = ?1",
        [&batch.id],
        |r| r.get(0),
    )?;
    let headers: Vec<String> = serde_json::from_str(&headers).unwrap_or_default();
    let mut v = to_json(batch);
    v["mapping"] = normalise::audited_mapping(
        batch
            .mapping
            .iter()
            .map(|m| (m.field.code(), m.column.as_str())),
        &headers,
    );
    Ok(v)
}

fn read_batch(r: &rusqlite::Row) -> rusqlite::Result<Batch> {
    let shape: String = r.get(4)?;
    let mapping: String = r.get(5)?;
    Ok(Batch {
        id: r.get(0)?,
        file_name: r.get(1)?,
        evidence_id: r.get(2)?,
        sha256: r.get(3)?,
        shape: serde_json::from_str(&shape)
            .map_err(|e| rusqlite::Error::ToSqlConversionFailure(e.into()))?,
        mapping: serde_json::from_str(&mapping)
            .map_err(|e| rusqlite::Error::ToSqlConversionFailure(e.into()))?,
        rows_read: r.get(6)?,
        accepted: r.get(7)?,
        rejected: r.get(8)?,
        blank: r.get(9)?,
        imported_at: r.get(10)?,
        imported_by: r.get(11)?,
        removed_at: r.get(12)?,
        removed_by: r.get(13)?,
        removed_reason: r.get(14)?,
        warnings: serde_json::from_str(&r.get::<_, String>(15)?)
            .map_err(|e| rusqlite::Error::ToSqlConversionFailure(e.into()))?,
    })
}

impl Case {
    /// The case's de-duplication rule.
    pub fn dedupe_rule(&self) -> Result<DedupeRule> {
        let v: Option<String> = self
            .conn()
            .query_row(
                "SELECT value FROM settings WHERE key = 'affected.rule'",
                [],
                |r| r.get(0),
            )
            .optional()?;
        Ok(v.and_then(|v| DedupeRule::parse(&v, "rule").ok())
            .unwrap_or(DedupeRule::Email))
    }

    /// Changes how records are grouped into people, and regroups them.
    pub fn set_dedupe_rule(&mut self, rule: DedupeRule) -> Result<Breakdown> {
        let old = self.dedupe_rule()?;
        if old != rule {
            self.transact(|tx| {
                tx.conn().execute(
                    "INSERT INTO settings (key, value) VALUES ('affected.rule', ?1)
                     ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    [rule.code()],
                )?;
                people::rekey(tx, rule)?;
                people::rebuild(tx)?;
                tx.record(
                    "affected.rule",
                    "settings",
                    "affected.rule",
                    Some(old.code().into()),
                    Some(rule.code().into()),
                )
            })?;
        }
        self.affected_breakdown()
    }

    fn saved_mapping(&self) -> Result<Option<Vec<FieldMap>>> {
        let v: Option<String> = self
            .conn()
            .query_row(
                "SELECT value FROM settings WHERE key = 'affected.mapping'",
                [],
                |r| r.get(0),
            )
            .optional()?;
        Ok(v.and_then(|v| serde_json::from_str(&v).ok()))
    }

    /// The mapping to use for a file with `headers` when the user gave none.
    fn default_mapping(&self, headers: &[String]) -> Result<(Vec<FieldMap>, &'static str)> {
        if let Some(saved) = self.saved_mapping()? {
            if !saved.is_empty() && Columns::resolve(&saved, headers).is_ok() {
                return Ok((saved, "saved"));
            }
        }
        Ok((normalise::suggest(headers), "suggested"))
    }

    /// Reads the start of a file: its detected (or overridden) shape, headers, first rows, and
    /// the mapping an import would use.
    pub fn preview_import(&self, path: &str, over: &ShapeOverride) -> Result<Preview> {
        self.preview_with_mapping(read_preview(path, over)?)
    }

    /// A preview read by [`read_preview`] with the mapping this case would use.
    pub fn preview_with_mapping(&self, file: FilePreview) -> Result<Preview> {
        let (mapping, from) = self.default_mapping(&file.headers)?;
        Ok(Preview {
            shape: file.shape,
            headers: file.headers,
            rows: file.rows,
            lines: file.lines,
            mapping,
            mapping_from: from.to_string(),
        })
    }

    /// Copies an import file into the vault (the first half of `progress`) and opens the copy.
    pub(crate) fn stage_import(
        &self,
        file: &ImportFile,
        req: IntakeRequest,
        progress: &dyn Progress,
    ) -> Result<StagedImport> {
        let intake = self.read_intake(
            IntakeRequest {
                paths: vec![file.path.to_string_lossy().into_owned()],
                ..req
            },
            &Halves {
                inner: progress,
                second: false,
            },
        )?;
        let (content, read, original) = intake.content(0)?;
        let sha256 = read.digests.sha256.clone();
        let table = source::read_from(content, read.size, original, &file.shape)?;
        if table.headers != file.headers {
            return Err(Error::invalid(
                "path",
                "the file changed while it was being imported; import it again",
            ));
        }
        Ok(StagedImport {
            intake,
            sha256,
            table,
        })
    }

    /// Imports one file of affected records (see the module documentation).
    pub fn import_affected(
        &mut self,
        req: ImportRequest,
        progress: &dyn Progress,
    ) -> Result<ImportReport> {
        let file = ImportFile::open(&req.path, &req.shape)?;
        let mapping = match req.mapping.clone() {
            Some(m) => m,
            None => self.default_mapping(&file.headers)?.0,
        };
        // Refuse a bad mapping before copying anything.
        Columns::resolve(&mapping, &file.headers)?;
        let staged = self.stage_import(
            &file,
            IntakeRequest {
                description: Some(format!("Affected-records file {}", file.file_name)),
                category: Some(EvidenceCategory::DatabaseExtract),
                source: req.source.clone(),
                acquisition_method: Some("imported into Affected people".into()),
                ..IntakeRequest::default()
            },
            progress,
        )?;
        failpoint("import.staged");
        let sha256 = staged.sha256.clone();
        if let Some(b) = self
            .conn()
            .query_row(
                "SELECT id FROM import_batches WHERE sha256 = ?1 AND removed_at IS NULL",
                [&sha256],
                |r| r.get::<_, String>(0),
            )
            .optional()?
        {
            return Err(already_imported(&sha256, &b));
        }
        let ImportFile {
            file_name,
            shape,
            headers,
            ..
        } = file;
        let StagedImport {
            mut intake, table, ..
        } = staged;
        let cols = Columns::resolve(&mapping, &headers)?;
        let rule = self.dedupe_rule()?;
        let today = self.now().date_naive();
        let second = Halves::second(progress);

        let (batch, rejects) = self.transact(|tx| {
            let report = record_intake(tx, &mut intake)?;
            let evidence_id = report.added[0].id.clone();
            let num: i64 = tx.conn().query_row("SELECT coalesce(max(num), 0) + 1 FROM import_batches", [], |r| r.get(0))?;
            let id = format!("IB-{num:04}");
            let shape_json = serde_json::to_string(&shape).expect("plain data");
            let mapping_json = serde_json::to_string(&mapping).expect("plain data");
            tx.conn().execute(
                "INSERT INTO import_batches (id, num, file_name, evidence_id, sha256, shape, mapping,
                    headers, rows_read, accepted, rejected, blank, imported_at, imported_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 0, 0, 0, 0, ?9, ?10)",
                params![
                    id, num, file_name, evidence_id, sha256, shape_json, mapping_json,
                    serde_json::to_string(&headers).expect("strings"), tx.now_str(), tx.actor()
                ],
            )?;
            let known: HashMap<String, u32> = {
                let mut stmt = tx.conn().prepare("SELECT key, bit FROM custom_elements")?;
                let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
                rows.collect::<rusqlite::Result<_>>()?
            };
            let next = known.values().max().map(|b| b + 1).unwrap_or(normalise::FIRST_CUSTOM_BIT);
            let mut custom = Custom { tx, known, next };
            let mut next_id: i64 = tx.conn().query_row("SELECT coalesce(max(id), 0) + 1 FROM affected_records", [], |r| r.get(0))?;
            // Rows arrive in file order, person keys in random order: building the key index
            // once after the load is far cheaper than a million random index inserts.
            tx.conn().execute("DROP INDEX affected_records_person", [])?;
            // The records are hashed into the state digest here, as they are written, rather
            // than by a trigger per row.
            let mut bulk = Bulk::begin(tx.conn(), "affected_records")?;
            let mut insert = tx.conn().prepare(
                "INSERT INTO affected_records (id, batch_id, row_num, record_id, name, email, phone_raw,
                    phone, street, city, postal_code, country, region, segment, birth_date, minor,
                    elements, account_id, notes, person_key, flagged)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)",
            )?;
            let mut reject = tx.conn().prepare(
                "INSERT INTO import_rejects (batch_id, row_num, field, problem, masked, raw_row)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            let (mut read_n, mut accepted, mut blank) = (0u32, 0u32, 0u32);
            let mut rejects = Vec::new();
            let mut rejected = 0u32;
            let mut flagged = [0u32; Field::ALL.len()];
            let width = headers.len();
            let total = table.total;
            let mut table = table;
            while let Some(row) = table.next() {
                read_n += 1;
                if read_n % 4096 == 0 {
                    if second.cancelled() {
                        return Err(Error::Cancelled);
                    }
                    second.update(table.done(), total);
                    second.items(read_n as u64);
                }
                let (row, fields) = match row? {
                    SourceRow::Blank { .. } => {
                        blank += 1;
                        continue;
                    }
                    SourceRow::Data { row, fields } => (row, fields),
                };
                failpoint("import.row");
                let outcome = if fields.len() > width {
                    Err(Problem {
                        field: "row".into(),
                        problem: format!(
                            "has {} fields but the header has {width}: a delimiter inside an unquoted value?",
                            fields.len()
                        ),
                        value: String::new(),
                    })
                } else if let Some(problem) = source::oversized_field(&fields) {
                    Err(Problem {
                        field: "row".into(),
                        problem,
                        value: String::new(),
                    })
                } else {
                    normalise::record(&cols, &fields, today, &mut custom)
                };
                match outcome {
                    Ok(r) => {
                        let key = people::person_key(rule, &KeyParts {
                            id: next_id,
                            email: &r.email,
                            phone: &r.phone,
                            name: &r.name,
                            postal_code: &r.postal_code,
                        });
                        for (f, _) in &r.flagged {
                            flagged[Field::ALL.iter().position(|x| x == f).expect("listed")] += 1;
                        }
                        let kept: Vec<(&str, &str)> = r.flagged.iter().map(|(f, v)| (f.code(), v.as_str())).collect();
                        bulk.insert(&mut insert, next_id, params![
                            next_id, id, row as i64, r.record_id, r.name, r.email, r.phone_raw, r.phone,
                            r.street, r.city, r.postal_code, r.country, r.region, r.segment,
                            r.birth_date, r.minor, r.elements, r.account_id, r.notes, key,
                            serde_json::to_string(&kept).expect("strings")
                        ])?;
                        next_id += 1;
                        accepted += 1;
                    }
                    Err(p) => {
                        rejected += 1;
                        let raw = serde_json::to_string(&source::capped(&fields)).expect("strings");
                        reject.execute(params![id, row as i64, p.field, p.problem, p.value, raw])?;
                        if rejects.len() < REPORT_REJECTS {
                            rejects.push(Reject { row: row as u32, problem: p });
                        }
                    }
                }
            }
            second.update(total, total);
            second.items(read_n as u64);
            drop(insert);
            drop(reject);
            bulk.finish()?;
            failpoint("import.rows_inserted");
            tx.conn().execute(crate::migrations::PERSON_INDEX, [])?;
            let warnings: Vec<FieldWarning> = Field::ALL
                .iter()
                .zip(flagged)
                .filter(|(_, n)| *n > 0)
                .map(|(f, rows)| FieldWarning { field: *f, rows })
                .collect();
            tx.conn().execute(
                "UPDATE import_batches SET rows_read = ?2, accepted = ?3, rejected = ?4, blank = ?5, warnings = ?6 WHERE id = ?1",
                params![id, read_n, accepted, rejected, blank, serde_json::to_string(&warnings).expect("plain data")],
            )?;
            people::rebuild(tx)?;
            tx.conn().execute(
                "INSERT INTO settings (key, value) VALUES ('affected.mapping', ?1)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [&mapping_json],
            )?;
            let batch = tx.conn().query_row(&format!("{BATCH_SELECT} WHERE id = ?1"), [&id], read_batch)?;
            // Ids, hashes, the mapping by column position and counts: never header or row text.
            tx.record("affected.import", "import_batch", &id, None, Some(audited(tx.conn(), &batch)?))?;
            Ok((batch, rejects))
        })?;
        failpoint("import.after_commit");
        intake.keep();
        // The two counts alone: the full breakdown is a pass over every person.
        let (people, records) = people::counts(self.conn())?;
        Ok(ImportReport {
            batch,
            rejects,
            people,
            records,
        })
    }

    pub fn import_batches(&self) -> Result<Vec<Batch>> {
        let mut stmt = self
            .conn()
            .prepare(&format!("{BATCH_SELECT} ORDER BY num"))?;
        let rows = stmt
            .query_map([], read_batch)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Removes a batch's records and rejects; the batch stays listed as removed, with who,
    /// when and why, and its file stays in evidence.
    pub fn remove_import_batch(&mut self, id: &str, reason: &str) -> Result<Batch> {
        let reason = limited("reason", reason, 1_000)?;
        if reason.is_empty() {
            return Err(Error::invalid(
                "reason",
                "say why the batch is removed; the audit log keeps it",
            ));
        }
        let before = self
            .conn()
            .query_row(&format!("{BATCH_SELECT} WHERE id = ?1"), [id], read_batch)
            .optional()?
            .ok_or_else(|| Error::NotFound {
                what: "import batch",
                id: id.to_string(),
            })?;
        if before.removed_at.is_some() {
            return Err(Error::invalid("batch", format!("{id} was already removed")));
        }
        self.transact(|tx| {
            tx.conn().execute("DELETE FROM affected_records WHERE batch_id = ?1", [id])?;
            failpoint("remove_batch.records_deleted");
            tx.conn().execute("DELETE FROM import_rejects WHERE batch_id = ?1", [id])?;
            tx.conn().execute(
                "UPDATE import_batches SET removed_at = ?2, removed_by = ?3, removed_reason = ?4 WHERE id = ?1",
                params![id, tx.now_str(), tx.actor(), reason],
            )?;
            people::rebuild(tx)?;
            let after = tx.conn().query_row(&format!("{BATCH_SELECT} WHERE id = ?1"), [id], read_batch)?;
            let (old, new) = (audited(tx.conn(), &before)?, audited(tx.conn(), &after)?);
            failpoint("remove_batch.before_audit");
            tx.record("affected.remove_batch", "import_batch", id, Some(old), Some(new))?;
            Ok(after)
        })
    }

    /// The rejects of a batch, in row order.
    pub fn import_rejects(&self, batch_id: &str) -> Result<Vec<Reject>> {
        let mut stmt = self
            .conn()
            .prepare("SELECT row_num, field, problem, masked FROM import_rejects WHERE batch_id = ?1 ORDER BY row_num")?;
        let rows = stmt
            .query_map([batch_id], |r| {
                Ok(Reject {
                    row: r.get(0)?,
                    problem: Problem {
                        field: r.get(1)?,
                        problem: r.get(2)?,
                        value: r.get(3)?,
                    },
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Writes a batch's rejected rows as CSV — the original columns with their original values,
    /// then the row number and the problem — to be fixed and imported again. Returns the count.
    /// Cells that look like formulas are neutralised for a spreadsheet unless `raw` (a file
    /// only for Casebook to read back; it reads either form). The rows are personal data, so
    /// the export is audited: batch, rows, file name and mode, never the contents. The steps
    /// [`Case::prepare_rejects_export`], [`ListExport::run`], [`Case::commit_list`] back to back.
    pub fn export_rejects(&mut self, batch_id: &str, dest: &Path, raw: bool) -> Result<u32> {
        let written = self.prepare_rejects_export(batch_id, dest, raw)?.run()?;
        self.commit_list(written)
    }

    /// The first step of a rejects export: the batch and its header names.
    pub fn prepare_rejects_export(
        &self,
        batch_id: &str,
        dest: &Path,
        raw: bool,
    ) -> Result<ListExport> {
        let batch = self
            .conn()
            .query_row(
                &format!("{BATCH_SELECT} WHERE id = ?1"),
                [batch_id],
                read_batch,
            )
            .optional()?
            .ok_or_else(|| Error::NotFound {
                what: "import batch",
                id: batch_id.to_string(),
            })?;
        let headers: Vec<String> = {
            let raw: String = self.conn().query_row(
                "SELECT headers FROM import_batches WHERE id = ?1",
                [&batch.id],
                |r| r.get(0),
            )?;
            serde_json::from_str(&raw).unwrap_or_default()
        };
        self.list_export(
            lists::ListKind::Rejects {
                batch_id: batch.id,
                headers,
                raw,
            },
            dest.to_path_buf(),
        )
    }

    /// A person's records and notice history; an id from before the case's ids were keyed
    /// names its person too.
    pub fn person_detail(&self, person_id: &str) -> Result<PersonDetail> {
        let id = person_ids::current_person_id(self.conn(), person_id)?.ok_or_else(|| {
            Error::NotFound {
                what: "person",
                id: person_id.to_string(),
            }
        })?;
        Ok(PersonDetail {
            records: self.person_records(&id)?,
            notices: self.notice_history(&id)?,
        })
    }

    pub fn affected_breakdown(&self) -> Result<Breakdown> {
        people::breakdown(self.conn(), self.dedupe_rule()?)
    }

    /// The live tally, with exactly the keys the `--json` output promises.
    pub fn tally(&self) -> Result<Tally> {
        Ok(self.affected_breakdown()?.tally)
    }

    /// The element vocabulary of this case: the fixed one and its custom elements.
    pub fn elements(&self) -> Result<Vec<ElementInfo>> {
        let mut out: Vec<ElementInfo> = Element::ALL
            .iter()
            .map(|e| ElementInfo {
                key: e.code().to_string(),
                label: e.label().to_string(),
                custom: false,
            })
            .collect();
        let mut stmt = self
            .conn()
            .prepare("SELECT key, label FROM custom_elements ORDER BY bit")?;
        for r in stmt.query_map([], |r| {
            Ok(ElementInfo {
                key: r.get(0)?,
                label: r.get(1)?,
                custom: true,
            })
        })? {
            out.push(r?);
        }
        Ok(out)
    }

    /// Everything the Affected dashboard shows.
    pub fn affected_summary(&self) -> Result<AffectedSummary> {
        let breakdown = self.affected_breakdown()?;
        Ok(AffectedSummary {
            places: PlaceLabels::of(&breakdown),
            breakdown,
            batches: self.import_batches()?,
            snapshots: self.snapshots()?,
            elements: self.elements()?,
            rule: self.dedupe_rule()?,
        })
    }
}

/// A failure of the CSV writer, which only fails when the file underneath does.
pub(crate) fn csv_io(e: csv::Error) -> Error {
    Error::io("cannot write CSV", e.into())
}
