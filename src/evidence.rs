//! Evidence items: intake of files and folders into the vault (or registration in place),
//! verification by rereading and rehashing, and export for hand-over with a manifest. Every
//! item carries an append-only custody log (see [`crate::custody`]); every step is audited.
//!
//! Intake is all-or-nothing per user action: every file is read and copied first, then one
//! transaction records every item. A failure or cancellation anywhere removes the vault files
//! this action created and records nothing.

use crate::custody::{self, CustodyEntry, CustodyKind, NewCustody};
use crate::error::{Error, Result};
use crate::moment::{self, Moment};
use crate::progress::{Offset, Progress};
use crate::store::{Case, CaseIdentity, Secret, Tx, VAULT_DIR};
use crate::util::failpoint::failpoint;
use crate::util::fs::absolute;
use crate::util::json::to_json;
use crate::util::text::{limited, required};
use crate::vault::{self, Digests, LegacyHashes, Vault};
use crate::vocab::vocabulary;
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use specta::Type;
use std::os::unix::ffi::OsStrExt;
use std::path::{Component, Path, PathBuf};

vocabulary! {
    EvidenceCategory {
        DatabaseExtract = "database_extract", "Database extract";
        Log = "log", "Log";
        Document = "document", "Document";
        Image = "image", "Image";
        Email = "email", "E-mail";
        InterviewNote = "interview_note", "Interview note";
        DeviceImage = "device_image", "Device image";
        Other = "other", "Other";
    }
}

impl EvidenceCategory {
    /// The category intake records when the user gives none: only what the name says beyond
    /// doubt (a disk image, a mailbox, a capture, a database file, a picture, a document, or a
    /// table whose file or folder name says it is a database export or dump). Anything weaker
    /// is `Other`, with [`EvidenceCategory::suggest`] offering the likely category instead.
    /// Takes a file name or a path (the two nearest folders count too).
    pub fn guess(path: &str) -> EvidenceCategory {
        let (ext, words) = name_signals(path);
        match ext.as_str() {
            "e01" | "ex01" | "l01" | "dd" | "raw" | "img" | "aff4" | "ad1" | "vmdk" | "vhd"
            | "vhdx" => Self::DeviceImage,
            "pst" | "ost" | "mbox" | "eml" | "msg" => Self::Email,
            "pcap" | "pcapng" | "cap" | "evtx" | "log" => Self::Log,
            "sql" | "db" | "sqlite" | "sqlite3" | "mdb" | "accdb" | "dump" => Self::DatabaseExtract,
            "png" | "jpg" | "jpeg" | "gif" | "webp" | "heic" | "tif" | "tiff" | "bmp" => {
                Self::Image
            }
            "pdf" | "doc" | "docx" | "rtf" | "odt" => Self::Document,
            e if TABLES.contains(&e) && !says_log(&words) && says_dump(&words) => {
                Self::DatabaseExtract
            }
            _ => Self::Other,
        }
    }

    /// A likely category for a name [`EvidenceCategory::guess`] leaves as `Other`, for the
    /// user to accept or not: a table is probably a database extract unless its name says it
    /// is a log (a `.csv` badge log is a log), a text file a document.
    pub fn suggest(path: &str) -> Option<EvidenceCategory> {
        if Self::guess(path) != Self::Other {
            return None;
        }
        let (ext, words) = name_signals(path);
        match ext.as_str() {
            e if TABLES.contains(&e) || e == "jsonl" || e == "txt" => {
                if says_log(&words) || e == "jsonl" {
                    Some(Self::Log)
                } else if e == "txt" {
                    Some(Self::Document)
                } else {
                    Some(Self::DatabaseExtract)
                }
            }
            "md" => Some(Self::Document),
            "iso" => Some(Self::DeviceImage),
            _ => None,
        }
    }
}

/// Tabular formats: as likely a log or a report as a database extract.
const TABLES: &[&str] = &["csv", "tsv", "xlsx", "xls", "json", "parquet"];

/// The lower-case extension and the words of the file's stem and its two nearest folders.
fn name_signals(path: &str) -> (String, Vec<String>) {
    let mut parts = path.rsplit(['/', '\\']).filter(|p| !p.is_empty());
    let name = parts.next().unwrap_or("");
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
    let mut words: Vec<String> = Vec::new();
    for part in std::iter::once(stem).chain(parts.take(2)) {
        // `customerExport` and `customer_export` both give `customer`, `export`.
        let mut word = String::new();
        let mut prev_lower = false;
        for c in part.chars() {
            let boundary = !c.is_alphanumeric() || (c.is_uppercase() && prev_lower);
            if boundary && !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
            prev_lower = c.is_lowercase();
            if c.is_alphanumeric() {
                word.extend(c.to_lowercase());
            }
        }
        if !word.is_empty() {
            words.push(word);
        }
    }
    (ext.to_ascii_lowercase(), words)
}

fn says_dump(words: &[String]) -> bool {
    words.iter().any(|w| {
        matches!(
            w.as_str(),
            "export"
                | "exports"
                | "extract"
                | "extracts"
                | "dump"
                | "dumps"
                | "mysqldump"
                | "pgdump"
                | "dbdump"
                | "sqldump"
                | "dbexport"
        )
    })
}

fn says_log(words: &[String]) -> bool {
    words.iter().any(|w| {
        matches!(
            w.as_str(),
            "log" | "logs" | "audit" | "events" | "badge" | "access" | "syslog" | "journal"
        )
    })
}

vocabulary! {
    Storage {
        Vault = "vault", "In the vault";
        InPlace = "in_place", "In place";
    }
}

vocabulary! {
    VerificationStatus {
        NeverVerified = "never_verified", "Never verified";
        Ok = "ok", "OK";
        Changed = "changed", "Changed";
        Missing = "missing", "Missing";
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct EvidenceItem {
    /// `EV-0001`, never reused.
    pub id: String,
    pub description: String,
    pub category: EvidenceCategory,
    /// The source or custodian the item came from.
    pub source: String,
    pub acquisition_method: String,
    pub acquired_by: String,
    pub acquired: Moment,
    pub original_path: String,
    pub original_name: String,
    pub size: f64,
    pub sha256: String,
    pub sha1: Option<String>,
    pub md5: Option<String>,
    pub storage: Storage,
    /// The earlier item with identical content, when this one duplicates it.
    pub duplicate_of: Option<String>,
    /// `zero_length`, `name_not_utf8`.
    pub flags: Vec<String>,
    pub status: VerificationStatus,
    pub last_verified_at: Option<String>,
}

/// An item with its chain of custody, oldest entry first.
#[derive(Debug, Clone, Serialize, Type)]
pub struct EvidenceDetail {
    pub item: EvidenceItem,
    pub custody: Vec<custody::CustodyEntry>,
    /// A likely category for an item intake filed as Other, for the user to accept.
    pub suggested_category: Option<EvidenceCategory>,
}

/// What a user gives to add files or folders.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Type)]
pub struct IntakeRequest {
    pub paths: Vec<String>,
    /// Applies to every file; defaults to the file name.
    pub description: Option<String>,
    /// Defaults to a guess from each file's extension.
    pub category: Option<EvidenceCategory>,
    pub source: Option<String>,
    pub acquisition_method: Option<String>,
    /// When it was acquired; defaults to now.
    pub acquired_at: Option<String>,
    pub acquired_tz: Option<String>,
    /// Keep only hashes and path (too large to copy, or on a write-blocked drive).
    pub in_place: bool,
}

/// A correction of what was written about an item at intake; absent fields stay as they are.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Type)]
pub struct EvidenceEdit {
    pub description: Option<String>,
    pub category: Option<EvidenceCategory>,
    pub source: Option<String>,
}

/// The audit action of [`Case::edit_evidence`].
const EDITED: &str = "evidence.edit";

/// A symbolic link found during intake: recorded, never followed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct LinkRecord {
    pub path: String,
    pub target: String,
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct IntakeReport {
    pub added: Vec<EvidenceItem>,
    /// Ids of added items whose content was already in the case.
    pub duplicates: Vec<String>,
    pub links: Vec<LinkRecord>,
    pub bytes: f64,
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct VerifyOutcome {
    pub id: String,
    pub status: VerificationStatus,
    pub expected_sha256: String,
    /// Empty when the file is missing.
    pub actual_sha256: String,
    pub detail: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct ExportRequest {
    pub ids: Vec<String>,
    /// A folder that does not exist yet or is empty.
    pub destination: String,
    pub recipient: String,
    pub purpose: String,
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct ExportReport {
    pub destination: String,
    pub files: Vec<String>,
    pub manifest: String,
}

/// The last step of intake, inside the caller's transaction: names the staged vault copies,
/// then records every item read by [`Intake::run`] with its intake custody entry. A copy named
/// here is removed again unless the caller keeps the intake once its transaction commits.
pub(crate) fn record_intake(tx: &mut Tx, intake: &mut StagedIntake) -> Result<IntakeReport> {
    intake.place()?;
    let StagedIntake {
        req,
        acquired,
        description,
        source,
        method,
        files: reads,
        links,
        ..
    } = intake;

    let now = tx.now();
    let acquired = match &acquired {
        Some(m) => m.clone(),
        None => Moment::from_stored(&moment::utc_string(now), "UTC")?,
    };
    let first: i64 = tx.conn().query_row(
        "SELECT coalesce(max(num), 0) + 1 FROM evidence_items",
        [],
        |r| r.get(0),
    )?;
    let mut added = Vec::new();
    let mut duplicates = Vec::new();
    for (next, StagedFile { path, read, .. }) in (first..).zip(reads.iter()) {
        let id = format!("EV-{next:04}");
        let name_os = path.file_name().unwrap_or_default();
        let name = name_os.to_string_lossy().into_owned();
        let mut flags = Vec::new();
        if read.size == 0 {
            flags.push("zero_length".to_string());
        }
        if std::str::from_utf8(name_os.as_bytes()).is_err() {
            flags.push("name_not_utf8".to_string());
        }
        let dup: Option<String> = tx
            .conn()
            .query_row(
                "SELECT id FROM evidence_items WHERE sha256 = ?1 ORDER BY num LIMIT 1",
                [&read.digests.sha256],
                |r| r.get(0),
            )
            .optional()?;
        let item = EvidenceItem {
            id: id.clone(),
            description: if description.is_empty() {
                name.clone()
            } else {
                description.clone()
            },
            category: req
                .category
                .unwrap_or_else(|| EvidenceCategory::guess(&path_text(path))),
            source: source.clone(),
            acquisition_method: method.clone(),
            acquired_by: tx.actor().to_string(),
            acquired: acquired.clone(),
            original_path: path_text(path),
            original_name: name,
            size: read.size as f64,
            sha256: read.digests.sha256.clone(),
            sha1: read.digests.sha1.clone(),
            md5: read.digests.md5.clone(),
            storage: if req.in_place {
                Storage::InPlace
            } else {
                Storage::Vault
            },
            duplicate_of: dup.clone(),
            flags,
            status: VerificationStatus::NeverVerified,
            last_verified_at: None,
        };
        tx.conn().execute(
                    "INSERT INTO evidence_items (id, num, description, category, source,
                        acquisition_method, acquired_by, acquired_at_utc, acquired_tz, original_path,
                        original_path_raw, original_name, size, sha256, sha1, md5, storage,
                        duplicate_of, flags, status, last_verified_at, created_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                             ?17, ?18, ?19, ?20, NULL, ?21)",
                    params![
                        item.id, next, item.description, item.category, item.source,
                        item.acquisition_method, item.acquired_by, item.acquired.utc, item.acquired.tz,
                        item.original_path, hex::encode(path.as_os_str().as_bytes()), item.original_name,
                        read.size as i64, item.sha256, item.sha1, item.md5, item.storage, item.duplicate_of,
                        item.flags.join(","), item.status, tx.now_str()
                    ],
                )?;
        tx.record("evidence.add", "evidence", &id, None, Some(to_json(&item)))?;
        let note = match &dup {
            Some(d) => format!("identical content to {d}; stored once"),
            None => String::new(),
        };
        custody::append(
            tx,
            &NewCustody {
                item_id: &id,
                kind: CustodyKind::Intake,
                at: &item.acquired,
                from_party: &item.source,
                to_party: tx.actor().to_string().as_str(),
                purpose: "acquisition",
                method: &item.acquisition_method,
                location: match item.storage {
                    Storage::Vault => "case vault",
                    Storage::InPlace => "in place (original location)",
                },
                result: "",
                expected_hash: "",
                actual_hash: &item.sha256,
                corrects_seq: None,
                note: &note,
            },
        )?;
        if dup.is_some() {
            duplicates.push(id.clone());
        }
        added.push(item);
    }
    if !links.is_empty() {
        tx.record(
            "evidence.links_recorded",
            "evidence",
            "",
            None,
            Some(serde_json::to_value(&*links).expect("plain data")),
        )?;
    }
    Ok(IntakeReport {
        added,
        duplicates,
        links: links.clone(),
        bytes: reads.iter().map(|f| f.read.size).sum::<u64>() as f64,
    })
}

/// An intake prepared from the case by [`Case::prepare_intake`]: the checked request, a vault
/// handle with its keys, and which case it is for. It holds no connection and borrows
/// nothing (`Send + 'static`), so [`Intake::run`] reads, hashes and encrypts every file
/// without the case or its lock; [`Case::commit_intake`] then records the result.
pub struct Intake {
    req: IntakeRequest,
    acquired: Option<Moment>,
    description: String,
    source: String,
    method: String,
    legacy: LegacyHashes,
    vault: Vault,
    case: CaseIdentity,
}

/// Files read and staged for intake, waiting to be recorded: each vault copy is written under
/// a temporary name that only [`Case::commit_intake`] (or an import's own transaction) turns
/// into its vault name. Dropped unrecorded, it leaves nothing in the vault.
pub struct StagedIntake {
    req: IntakeRequest,
    acquired: Option<Moment>,
    description: String,
    source: String,
    method: String,
    files: Vec<StagedFile>,
    links: Vec<LinkRecord>,
    created: Created,
    case: CaseIdentity,
}

/// A verification prepared from the case by [`Case::prepare_verification`]: the rows of the
/// items to reread, the vault and which case it is for; `Send + 'static`, so
/// [`Verification::run`] rereads every item without the case or its lock.
pub struct Verification {
    rows: Vec<StoredItem>,
    vault: Vault,
    case: CaseIdentity,
}

/// What rereading found, waiting for [`Case::commit_verification`].
pub struct Verified {
    outcomes: Vec<VerifyOutcome>,
    case: CaseIdentity,
}

impl Verification {
    /// The slow step of verification, without the case: rereads and rehashes every item.
    pub fn run(self, progress: &dyn Progress) -> Result<Verified> {
        let Verification { rows, vault, case } = self;
        let total: u64 = rows.iter().map(|r| r.item.size as u64).sum();
        let mut before = 0u64;
        let mut outcomes = Vec::new();
        for row in &rows {
            let overall = Offset {
                inner: progress,
                before,
                total,
            };
            let failed = |status, detail: String| VerifyOutcome {
                id: row.item.id.clone(),
                status,
                expected_sha256: row.item.sha256.clone(),
                actual_sha256: String::new(),
                detail,
            };
            let outcome = match read_item(&vault, row, None, &overall) {
                Err(Error::Cancelled) => return Err(Error::Cancelled),
                Err(Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
                    failed(
                        VerificationStatus::Missing,
                        match row.item.storage {
                            Storage::Vault => "the vault copy is missing".into(),
                            Storage::InPlace => {
                                format!("{} is missing", path_text(&original_path(row)))
                            }
                        },
                    )
                }
                // Tampering: the vault copy no longer decrypts as it was written.
                Err(Error::Corrupt(detail)) => failed(VerificationStatus::Changed, detail),
                Err(e) => failed(VerificationStatus::Missing, format!("cannot be read: {e}")),
                Ok(read) => {
                    let same = read.digests
                        == Digests {
                            sha256: row.item.sha256.clone(),
                            sha1: row.item.sha1.clone(),
                            md5: row.item.md5.clone(),
                        };
                    VerifyOutcome {
                        id: row.item.id.clone(),
                        status: if same {
                            VerificationStatus::Ok
                        } else {
                            VerificationStatus::Changed
                        },
                        expected_sha256: row.item.sha256.clone(),
                        actual_sha256: read.digests.sha256.clone(),
                        detail: if same {
                            "hashes match".into()
                        } else {
                            format!(
                                "content changed: {} bytes now, {} recorded",
                                read.size, row.item.size
                            )
                        },
                    }
                }
            };
            before += row.item.size as u64;
            outcomes.push(outcome);
        }
        Ok(Verified { outcomes, case })
    }
}

/// Reads an item's bytes once, hashing them and copying them to `sink` when given: the vault
/// copy through decryption, or the original of an in-place item.
fn read_item(
    vault: &Vault,
    row: &StoredItem,
    sink: Option<&mut dyn std::io::Write>,
    progress: &dyn Progress,
) -> Result<vault::Read1> {
    let legacy = LegacyHashes {
        sha1: row.item.sha1.is_some(),
        md5: row.item.md5.is_some(),
    };
    match row.item.storage {
        Storage::Vault => vault.read(
            &row.item.sha256,
            row.item.size as u64,
            sink,
            legacy,
            progress,
        ),
        Storage::InPlace => vault::stream(&original_path(row), sink, legacy, progress),
    }
}

/// One file of a staged intake: where it was, what reading it gave, and its vault copy until
/// the copy is named (none for an item kept in place).
struct StagedFile {
    path: PathBuf,
    read: vault::Read1,
    copy: Option<vault::Staged>,
}

impl Case {
    /// Reads one document that backs a record (a filed notice, a written request, an approval
    /// e-mail) into the vault; the caller records it with [`Intake::record_document`] in the
    /// same transaction as the record, then keeps it. `field` names the input in errors.
    pub(crate) fn read_document(
        &self,
        path: &str,
        field: &str,
        description: String,
        source: String,
        method: Option<&str>,
    ) -> Result<StagedIntake> {
        let meta = std::fs::metadata(path).map_err(|e| Error::io(format!("reading {path}"), e))?;
        if !meta.is_file() {
            return Err(Error::invalid(
                field,
                format!("{path} is not a regular file: choose the document itself"),
            ));
        }
        self.read_intake(
            IntakeRequest {
                paths: vec![path.to_string()],
                description: Some(description),
                category: Some(EvidenceCategory::Document),
                source: Some(source),
                acquisition_method: method.map(str::to_string),
                ..IntakeRequest::default()
            },
            &crate::progress::Silent,
        )
    }
}

impl StagedIntake {
    /// Records a document read by [`Case::read_document`]; returns its evidence id.
    pub(crate) fn record_document(&mut self, tx: &mut Tx) -> Result<String> {
        record_intake(tx, self)?
            .added
            .first()
            .map(|e| e.id.clone())
            .ok_or_else(|| Error::internal("the document was not added to the evidence"))
    }

    /// Keeps the vault files once their items are committed.
    pub(crate) fn keep(mut self) {
        // Committed: the copies are the items' now, and no longer pending.
        for sha256 in self.created.placed.drain(..) {
            let _ = std::fs::remove_file(self.created.vault.pending_marker(&sha256));
        }
    }

    /// The bytes of the `i`th file read back — decrypted from the vault copy, or the original
    /// when registered in place — with what intake read and the original's path (for
    /// messages). Nothing is decrypted to disk: the reader decrypts as it is read.
    pub(crate) fn content(
        &self,
        i: usize,
    ) -> Result<(Box<dyn std::io::Read>, &vault::Read1, &Path)> {
        let StagedFile { path, read, copy } = &self.files[i];
        let reader: Box<dyn std::io::Read> = match copy {
            _ if self.req.in_place => Box::new(
                std::fs::File::open(path)
                    .map_err(|e| Error::io(format!("cannot open {}", path_text(path)), e))?,
            ),
            Some(copy) => Box::new(self.created.vault.open_staged(copy)?),
            None => Box::new(self.created.vault.open(&read.digests.sha256)?),
        };
        Ok((reader, read, path))
    }

    /// Gives every staged copy its vault name; the names this call created are removed again
    /// unless [`StagedIntake::keep`] follows.
    fn place(&mut self) -> Result<()> {
        for f in &mut self.files {
            if let Some(copy) = f.copy.take() {
                if self
                    .created
                    .vault
                    .place_staged(copy, &f.read.digests.sha256)?
                {
                    self.created.placed.push(f.read.digests.sha256.clone());
                }
            }
        }
        Ok(())
    }
}

struct Candidate {
    path: PathBuf,
    size: u64,
}

fn path_text(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

/// Refuses what would make the recorded origin ambiguous or unsafe to recreate on export.
fn check_path(p: &Path) -> Result<()> {
    if p.components().any(|c| matches!(c, Component::ParentDir)) {
        return Err(Error::invalid(
            "path",
            format!(
                "{} contains `..`; give the real path of the file",
                path_text(p)
            ),
        ));
    }
    if let Some(name) = p.file_name() {
        if name.as_bytes().contains(&b'\\') {
            return Err(Error::invalid(
                "path",
                format!(
                    "{} has a path separator (\\) in its name; rename it first",
                    path_text(p)
                ),
            ));
        }
    }
    Ok(())
}

/// Expands files and folders into the regular files to read, in a stable order, recording
/// links instead of following them.
fn collect(
    paths: &[String],
    files: &mut Vec<Candidate>,
    links: &mut Vec<LinkRecord>,
) -> Result<()> {
    fn visit(p: &Path, files: &mut Vec<Candidate>, links: &mut Vec<LinkRecord>) -> Result<()> {
        check_path(p)?;
        let meta = std::fs::symlink_metadata(p)
            .map_err(|e| Error::io(format!("cannot read {}", path_text(p)), e))?;
        let ft = meta.file_type();
        if ft.is_symlink() {
            let target = std::fs::read_link(p)
                .map(|t| path_text(&t))
                .unwrap_or_default();
            links.push(LinkRecord {
                path: path_text(p),
                target,
            });
        } else if ft.is_dir() {
            let mut entries: Vec<PathBuf> = std::fs::read_dir(p)
                .map_err(|e| Error::io(format!("cannot list {}", path_text(p)), e))?
                .map(|e| e.map(|e| e.path()))
                .collect::<std::io::Result<_>>()
                .map_err(|e| Error::io(format!("cannot list {}", path_text(p)), e))?;
            entries.sort();
            for e in entries {
                visit(&e, files, links)?;
            }
        } else if ft.is_file() {
            files.push(Candidate {
                path: p.to_path_buf(),
                size: meta.len(),
            });
        } else {
            return Err(Error::invalid(
                "path",
                format!(
                    "{} is not a regular file (a device, socket or pipe)",
                    path_text(p)
                ),
            ));
        }
        Ok(())
    }
    if paths.is_empty() {
        return Err(Error::invalid(
            "paths",
            "choose at least one file or folder",
        ));
    }
    for p in paths {
        let p = absolute(Path::new(p))?;
        visit(&p, files, links)?;
    }
    Ok(())
}

/// Where an in-place item's original is, byte for byte as it was given.
fn original_path(row: &StoredItem) -> PathBuf {
    let raw = hex::decode(&row.original_path_raw).unwrap_or_default();
    PathBuf::from(std::ffi::OsStr::from_bytes(&raw))
}

/// Vault copies this action placed (by SHA-256); removed on drop unless kept.
struct Created {
    vault: Vault,
    placed: Vec<String>,
}

impl Drop for Created {
    fn drop(&mut self) {
        for sha256 in self.placed.drain(..) {
            self.vault.remove_uncommitted(&sha256);
        }
    }
}

const SELECT: &str = "SELECT id, description, category, source, acquisition_method, acquired_by, \
    acquired_at_utc, acquired_tz, original_path, original_name, size, sha256, sha1, md5, storage, \
    duplicate_of, flags, status, last_verified_at, original_path_raw FROM evidence_items";

/// An item as its row holds it: the record, with the acquisition time still in its stored
/// columns (read into a `Moment` by `finish`), and the hex bytes of an in-place item's path.
struct StoredItem {
    item: EvidenceItem,
    acquired_utc: String,
    acquired_tz: String,
    original_path_raw: String,
}

fn read_row(r: &rusqlite::Row) -> rusqlite::Result<StoredItem> {
    let flags: String = r.get(16)?;
    Ok(StoredItem {
        item: EvidenceItem {
            id: r.get(0)?,
            description: r.get(1)?,
            category: r.get(2)?,
            source: r.get(3)?,
            acquisition_method: r.get(4)?,
            acquired_by: r.get(5)?,
            acquired: Moment {
                utc: String::new(),
                tz: String::new(),
                local: String::new(),
            },
            original_path: r.get(8)?,
            original_name: r.get(9)?,
            size: r.get::<_, i64>(10)? as f64,
            sha256: r.get(11)?,
            sha1: r.get(12)?,
            md5: r.get(13)?,
            storage: r.get(14)?,
            duplicate_of: r.get(15)?,
            flags: flags
                .split(',')
                .filter(|f| !f.is_empty())
                .map(str::to_string)
                .collect(),
            status: r.get(17)?,
            last_verified_at: r.get(18)?,
        },
        acquired_utc: r.get(6)?,
        acquired_tz: r.get(7)?,
        original_path_raw: r.get(19)?,
    })
}

fn finish(row: StoredItem) -> Result<EvidenceItem> {
    let mut item = row.item;
    item.acquired = Moment::from_stored(&row.acquired_utc, &row.acquired_tz)?;
    Ok(item)
}

/// The audit action of [`Case::encrypt_plaintext_vault`].
const VAULT_ENCRYPTED: &str = "vault.encrypt";

impl Case {
    /// The case's vault with its keys, which live in the encrypted database.
    pub(crate) fn vault(&self) -> Result<Vault> {
        Ok(Vault::new(
            self.root().join(VAULT_DIR),
            self.secret(Secret::VaultKey)?,
            self.secret(Secret::VaultNames)?,
        ))
    }

    /// Removes what killed intakes left in the vault: a placed copy is kept only while an
    /// item refers to it (see [`Vault::sweep_orphans`]).
    pub(crate) fn sweep_vault_orphans(&self) -> Result<()> {
        self.vault()?.sweep_orphans(|| {
            self.conn()
                .prepare("SELECT DISTINCT sha256 FROM evidence_items WHERE storage = 'vault'")
                .and_then(|mut q| q.query_map([], |r| r.get(0))?.collect())
                .ok()
        });
        Ok(())
    }

    /// Encrypts a vault written before vault encryption (see [`Vault::encrypt_plaintext`]) and
    /// records the run in one audit entry (counts, and the names of files kept because their
    /// content does not match their name). A vault with nothing to convert records nothing,
    /// unless a run killed before its entry left its conversion unrecorded.
    pub(crate) fn encrypt_plaintext_vault(
        &mut self,
        progress: &dyn Progress,
    ) -> Result<vault::Conversion> {
        let vault = self.vault()?;
        let done = vault.encrypt_plaintext(progress)?;
        failpoint("vault.migrate.before_audit");
        if done.encrypted > 0 || !done.mismatched.is_empty() || done.resumed {
            self.transact(|tx| {
                tx.record(VAULT_ENCRYPTED, "vault", "", None, Some(to_json(&done)))
            })?;
        }
        vault.conversion_recorded();
        Ok(done)
    }

    pub fn evidence(&self) -> Result<Vec<EvidenceItem>> {
        let mut stmt = self.conn().prepare(&format!("{SELECT} ORDER BY num"))?;
        let rows = stmt
            .query_map([], read_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter().map(finish).collect()
    }

    fn evidence_row(&self, id: &str) -> Result<StoredItem> {
        self.conn()
            .query_row(&format!("{SELECT} WHERE id = ?1"), [id.trim()], read_row)
            .optional()?
            .ok_or_else(|| Error::NotFound {
                what: "evidence item",
                id: id.to_string(),
            })
    }

    pub fn evidence_item(&self, id: &str) -> Result<EvidenceItem> {
        finish(self.evidence_row(id)?)
    }

    /// Corrects what a person wrote about an item at intake: its description, category and
    /// source. What identifies the item (hashes, name, origin, vault copy) never changes, and
    /// its custody log is untouched: this is a correction of the record, not a hand-over. The
    /// audit entry holds the changed fields only, old and new; an edit that changes nothing
    /// records nothing.
    pub fn edit_evidence(&mut self, id: &str, edit: EvidenceEdit) -> Result<EvidenceItem> {
        let old = self.evidence_item(id)?;
        let description = match &edit.description {
            Some(d) => limited(
                "description",
                &required("description", d, "a description of the item")?,
                2_000,
            )?,
            None => old.description.clone(),
        };
        let source = match &edit.source {
            Some(s) => limited("source", s, 300)?,
            None => old.source.clone(),
        };
        let category = edit.category.unwrap_or(old.category);
        let mut before = serde_json::Map::new();
        let mut after = serde_json::Map::new();
        if description != old.description {
            before.insert("description".into(), old.description.clone().into());
            after.insert("description".into(), description.clone().into());
        }
        if category != old.category {
            before.insert("category".into(), to_json(&old.category));
            after.insert("category".into(), to_json(&category));
        }
        if source != old.source {
            before.insert("source".into(), old.source.clone().into());
            after.insert("source".into(), source.clone().into());
        }
        if after.is_empty() {
            return Ok(old);
        }
        self.transact(|tx| {
            tx.conn().execute(
                "UPDATE evidence_items SET description = ?2, category = ?3, source = ?4
                 WHERE id = ?1",
                params![old.id, description, category, source],
            )?;
            tx.record(
                EDITED,
                "evidence",
                &old.id,
                Some(before.into()),
                Some(after.into()),
            )
        })?;
        self.evidence_item(&old.id)
    }

    /// The category to offer for an item filed as `Other` by intake (see
    /// [`EvidenceCategory::suggest`]); none once a person has chosen its category.
    pub fn category_suggestion(&self, id: &str) -> Result<Option<EvidenceCategory>> {
        let item = self.evidence_item(id)?;
        if item.category != EvidenceCategory::Other {
            return Ok(None);
        }
        let chosen: bool = self.conn().query_row(
            // Canonical JSON: a changed category is the key `"category":` in the new value
            // (inside a description the quotes would be escaped).
            r#"SELECT EXISTS (SELECT 1 FROM audit_log WHERE action = ?1 AND entity_id = ?2
                              AND instr(new_value, '"category":') > 0)"#,
            params![EDITED, item.id],
            |r| r.get(0),
        )?;
        Ok(if chosen {
            None
        } else {
            EvidenceCategory::suggest(&item.original_path)
        })
    }

    /// An item with its chain of custody and the category to offer for it: what a person
    /// looking at one item sees.
    pub fn evidence_detail(&self, id: &str) -> Result<EvidenceDetail> {
        Ok(EvidenceDetail {
            item: self.evidence_item(id)?,
            custody: self.custody(Some(id))?,
            suggested_category: self.category_suggestion(id)?,
        })
    }

    /// Adds files and folders as evidence items: reads, hashes and (unless in place) copies
    /// every file, then records all of them in one transaction. The three steps back to back:
    /// [`Case::prepare_intake`], [`Intake::run`], [`Case::commit_intake`].
    pub fn add_evidence(
        &mut self,
        req: IntakeRequest,
        progress: &dyn Progress,
    ) -> Result<IntakeReport> {
        let staged = self.prepare_intake(req)?.run(progress)?;
        self.commit_intake(staged)
    }

    /// The first step of intake: checks what the user wrote and takes what reading the files
    /// needs from the case (the vault and its keys, the hash setting, which case this is).
    pub fn prepare_intake(&self, req: IntakeRequest) -> Result<Intake> {
        let description = limited(
            "description",
            req.description.as_deref().unwrap_or(""),
            2_000,
        )?;
        let source = limited("source", req.source.as_deref().unwrap_or(""), 300)?;
        let method = limited(
            "acquisition_method",
            req.acquisition_method.as_deref().unwrap_or(""),
            2_000,
        )?;
        let acquired = match req
            .acquired_at
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            Some(when) => Some(moment::parse(
                when,
                req.acquired_tz.as_deref().unwrap_or("UTC"),
                "acquired_at",
            )?),
            None => None,
        };
        Ok(Intake {
            req,
            acquired,
            description,
            source,
            method,
            legacy: self.settings()?.legacy_hashes,
            vault: self.vault()?,
            case: self.identity()?,
        })
    }

    /// The last step of intake: records every staged file in one transaction, appended after
    /// whatever the case recorded meanwhile, and names the vault copies. Refused, leaving
    /// nothing behind, when the case it was prepared from is no longer this one.
    pub fn commit_intake(&mut self, mut staged: StagedIntake) -> Result<IntakeReport> {
        self.ensure_identity(&staged.case, "adding evidence")?;
        failpoint("evidence.before_record");
        let report = self.transact(|tx| record_intake(tx, &mut staged))?;
        failpoint("evidence.after_commit");
        staged.keep();
        Ok(report)
    }

    /// Prepares and runs an intake whose items another record's transaction will hold (an
    /// import's file, a filed document): nothing is recorded, and dropping the result removes
    /// the vault copies it staged.
    pub(crate) fn read_intake(
        &self,
        req: IntakeRequest,
        progress: &dyn Progress,
    ) -> Result<StagedIntake> {
        self.prepare_intake(req)?.run(progress)
    }
}

impl Intake {
    /// The slow step of intake, without the case: walks the chosen files and folders, then
    /// reads, hashes and (unless in place) encrypts every file into a staged vault copy.
    pub fn run(self, progress: &dyn Progress) -> Result<StagedIntake> {
        let Intake {
            req,
            acquired,
            description,
            source,
            method,
            legacy,
            vault,
            case,
        } = self;
        let mut files = Vec::new();
        let mut links = Vec::new();
        collect(&req.paths, &mut files, &mut links)?;
        if files.is_empty() && links.is_empty() {
            return Err(Error::invalid("paths", "the chosen folders hold no files"));
        }

        let total: u64 = files.iter().map(|f| f.size).sum();
        let mut staged = Vec::with_capacity(files.len());
        let mut before = 0u64;
        for f in &files {
            let overall = Offset {
                inner: progress,
                before,
                total,
            };
            let (read, copy) = if req.in_place {
                (vault::stream(&f.path, None, legacy, &overall)?, None)
            } else {
                let (read, copy) = vault.stage(&f.path, legacy, &overall)?;
                (read, Some(copy))
            };
            before += read.size;
            staged.push(StagedFile {
                path: f.path.clone(),
                read,
                copy,
            });
            failpoint("evidence.file_read");
        }
        Ok(StagedIntake {
            req,
            acquired,
            description,
            source,
            method,
            files: staged,
            links,
            created: Created {
                vault,
                placed: Vec::new(),
            },
            case,
        })
    }
}

impl Case {
    /// Rereads and rehashes the given items (all when `ids` is empty) and records each result:
    /// [`Case::prepare_verification`], [`Verification::run`], [`Case::commit_verification`]
    /// back to back. Cancelling records nothing.
    pub fn verify_evidence(
        &mut self,
        ids: &[String],
        progress: &dyn Progress,
    ) -> Result<Vec<VerifyOutcome>> {
        let found = self.prepare_verification(ids)?.run(progress)?;
        self.commit_verification(found)
    }

    /// The first step of verification: the items' rows as they are now (all when `ids` is
    /// empty), the vault and which case this is.
    pub fn prepare_verification(&self, ids: &[String]) -> Result<Verification> {
        let rows: Vec<StoredItem> = if ids.is_empty() {
            let mut stmt = self.conn().prepare(&format!("{SELECT} ORDER BY num"))?;
            let rows = stmt
                .query_map([], read_row)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            rows
        } else {
            ids.iter()
                .map(|id| self.evidence_row(id))
                .collect::<Result<_>>()?
        };
        Ok(Verification {
            rows,
            vault: self.vault()?,
            case: self.identity()?,
        })
    }

    /// The last step of verification: records each item's result (its status and a custody
    /// entry) in one transaction, into the case it was prepared from.
    pub fn commit_verification(&mut self, found: Verified) -> Result<Vec<VerifyOutcome>> {
        self.ensure_identity(&found.case, "verifying evidence")?;
        let outcomes = found.outcomes;
        self.transact(|tx| {
            let now = tx.now();
            let at = Moment::from_stored(&moment::utc_string(now), "UTC")?;
            for o in &outcomes {
                tx.conn().execute(
                    "UPDATE evidence_items SET status = ?2, last_verified_at = ?3 WHERE id = ?1",
                    params![o.id, o.status, tx.now_str()],
                )?;
                custody::append(
                    tx,
                    &NewCustody {
                        item_id: &o.id,
                        kind: CustodyKind::Verification,
                        at: &at,
                        from_party: "",
                        to_party: "",
                        purpose: "integrity check",
                        method: "reread and SHA-256",
                        location: "",
                        result: o.status.code(),
                        expected_hash: &o.expected_sha256,
                        actual_hash: &o.actual_sha256,
                        corrects_seq: None,
                        note: &o.detail,
                    },
                )?;
            }
            Ok(())
        })?;
        Ok(outcomes)
    }

    /// Copies items to a new folder for hand-over, with `MANIFEST.csv` and a `SHA256SUMS` file
    /// the recipient can check with `sha256sum -c`, and records the hand-over in custody.
    /// [`Case::prepare_export`], [`EvidenceExport::run`] and [`Case::commit_export`] back to back.
    pub fn export_evidence(
        &mut self,
        req: ExportRequest,
        progress: &dyn Progress,
    ) -> Result<ExportReport> {
        let export = self.prepare_export(&req)?.run(progress)?;
        self.commit_export(export)
    }

    /// The last step of an export: records the hand-over in one transaction, or removes the
    /// files when that fails or the case it was prepared from is no longer this one, so a
    /// hand-over is either on disk and in custody or in neither.
    pub fn commit_export(&mut self, export: WrittenExport) -> Result<ExportReport> {
        let recorded = self
            .ensure_identity(&export.case, "exporting evidence")
            .and_then(|()| self.transact(|tx| export.record_in(tx).map(|_| ())));
        match recorded {
            Ok(()) => Ok(export.report),
            Err(e) => {
                export.discard();
                Err(e)
            }
        }
    }

    /// Writes an export's files (nothing recorded yet): the caller records it with
    /// [`WrittenExport::record_in`] in its own transaction, or discards the files if that fails.
    pub(crate) fn write_export(
        &self,
        req: &ExportRequest,
        progress: &dyn Progress,
    ) -> Result<WrittenExport> {
        self.prepare_export(req)?.run(progress)
    }

    /// The first step of an export: checks the request and takes the items' rows, the vault
    /// and which case this is.
    pub fn prepare_export(&self, req: &ExportRequest) -> Result<EvidenceExport> {
        let recipient = required("recipient", &req.recipient, "who receives the items")?;
        let purpose = required("purpose", &req.purpose, "why they receive them")?;
        if req.ids.is_empty() {
            return Err(Error::invalid("ids", "choose at least one item to export"));
        }
        let rows: Vec<StoredItem> = req
            .ids
            .iter()
            .map(|id| self.evidence_row(id))
            .collect::<Result<_>>()?;
        if req.destination.trim().is_empty() {
            return Err(Error::invalid(
                "destination",
                "choose a folder to export to",
            ));
        }
        Ok(EvidenceExport {
            rows,
            recipient,
            purpose,
            dest: PathBuf::from(req.destination.trim()),
            vault: self.vault()?,
            case: self.identity()?,
        })
    }
}

/// An export prepared by [`Case::prepare_export`]; `Send + 'static`, so [`EvidenceExport::run`]
/// writes the files without the case or its lock.
pub struct EvidenceExport {
    rows: Vec<StoredItem>,
    recipient: String,
    purpose: String,
    dest: PathBuf,
    vault: Vault,
    case: CaseIdentity,
}

impl EvidenceExport {
    /// The slow step of an export: decrypts (or rereads) every item into the folder, checking
    /// each against its recorded SHA-256, with `MANIFEST.csv` and `SHA256SUMS`. On failure the
    /// folder is left as it was found.
    pub fn run(self, progress: &dyn Progress) -> Result<WrittenExport> {
        let EvidenceExport {
            rows,
            recipient,
            purpose,
            dest,
            vault,
            case,
        } = self;
        let fresh = !dest.exists();
        if !fresh
            && std::fs::read_dir(&dest)
                .map(|mut d| d.next().is_some())
                .unwrap_or(true)
        {
            return Err(Error::invalid(
                "destination",
                format!(
                    "{} is not empty; export into a new or empty folder",
                    path_text(&dest)
                ),
            ));
        }
        std::fs::create_dir_all(&dest)
            .map_err(|e| Error::io(format!("creating {}", path_text(&dest)), e))?;
        let written = (|| -> Result<ExportReport> {
            let total: u64 = rows.iter().map(|r| r.item.size as u64).sum();
            let mut before = 0u64;
            let mut files = Vec::new();
            let mut manifest = crate::util::csv::Writer::from_writer(Vec::new());
            manifest
                .write_record([
                    "id",
                    "file",
                    "original_name",
                    "size",
                    "sha256",
                    "sha1",
                    "md5",
                ])
                .map_err(manifest_error)?;
            let mut sums = String::new();
            for row in &rows {
                let item = &row.item;
                // Separators and control characters (a newline would split its SHA256SUMS
                // line) become `_`; MANIFEST.csv keeps the original name as it was.
                let file = format!(
                    "{}_{}",
                    item.id,
                    item.original_name
                        .chars()
                        .map(|c| if c == '/' || c == '\\' || c.is_control() {
                            '_'
                        } else {
                            c
                        })
                        .collect::<String>()
                );
                let out = dest.join(&file);
                // The plaintext leaves the case here, at the user's request: owner-only.
                let mut w = crate::util::fs::create_private(&out)
                    .map_err(|e| Error::io(format!("writing {file}"), e))?;
                let overall = Offset {
                    inner: progress,
                    before,
                    total,
                };
                let read = read_item(&vault, row, Some(&mut w), &overall)?;
                w.sync_all()
                    .map_err(|e| Error::io(format!("writing {file}"), e))?;
                if read.digests.sha256 != item.sha256 {
                    return Err(Error::invalid(
                        "ids",
                        format!("{} no longer matches its recorded SHA-256; verify it before handing it over", item.id),
                    ));
                }
                before += read.size;
                manifest
                    .write_record([
                        item.id.as_str(),
                        &file,
                        &item.original_name,
                        &read.size.to_string(),
                        &item.sha256,
                        item.sha1.as_deref().unwrap_or(""),
                        item.md5.as_deref().unwrap_or(""),
                    ])
                    .map_err(manifest_error)?;
                sums.push_str(&format!("{}  {}\n", item.sha256, file));
                files.push(file);
            }
            let manifest = manifest
                .into_inner()
                .map_err(|e| Error::io("writing MANIFEST.csv", e))?;
            for (name, bytes) in [
                ("MANIFEST.csv", &manifest[..]),
                ("SHA256SUMS", sums.as_bytes()),
            ] {
                crate::util::fs::create_private(&dest.join(name))
                    .and_then(|mut f| {
                        std::io::Write::write_all(&mut f, bytes).and_then(|()| f.sync_all())
                    })
                    .map_err(|e| Error::io(format!("writing {name}"), e))?;
            }
            Ok(ExportReport {
                destination: path_text(&dest),
                files,
                manifest: path_text(&dest.join("MANIFEST.csv")),
            })
        })();
        match written {
            Ok(report) => Ok(WrittenExport {
                items: rows.into_iter().map(|r| r.item).collect(),
                recipient,
                purpose,
                dest,
                fresh,
                report,
                case,
            }),
            Err(e) => {
                remove_export(&dest, fresh);
                Err(e)
            }
        }
    }
}

/// An export whose files are written but not yet recorded (see [`Case::commit_export`]).
pub struct WrittenExport {
    items: Vec<EvidenceItem>,
    recipient: String,
    purpose: String,
    dest: PathBuf,
    fresh: bool,
    pub(crate) report: ExportReport,
    case: CaseIdentity,
}

impl WrittenExport {
    /// Records the hand-over: one custody entry per item, to the recipient, and the audit
    /// entry. Returns the custody entries in the order of the items.
    pub(crate) fn record_in(&self, tx: &mut Tx) -> Result<Vec<CustodyEntry>> {
        let at = Moment::from_stored(&moment::utc_string(tx.now()), "UTC")?;
        let actor = tx.actor().to_string();
        let entries = self
            .items
            .iter()
            .map(|item| {
                custody::append(
                    tx,
                    &NewCustody {
                        item_id: &item.id,
                        kind: CustodyKind::Export,
                        at: &at,
                        from_party: &actor,
                        to_party: &self.recipient,
                        purpose: &self.purpose,
                        method: "copy with manifest (SHA-256)",
                        location: &self.report.destination,
                        result: "",
                        expected_hash: &item.sha256,
                        actual_hash: &item.sha256,
                        corrects_seq: None,
                        note: "",
                    },
                )
            })
            .collect::<Result<Vec<_>>>()?;
        let ids: Vec<&str> = self.items.iter().map(|i| i.id.as_str()).collect();
        tx.record(
            "evidence.export",
            "evidence",
            &ids.join(","),
            None,
            Some(to_json(&self.report)),
        )?;
        Ok(entries)
    }

    /// Removes the written files after recording failed.
    pub(crate) fn discard(&self) {
        remove_export(&self.dest, self.fresh);
    }
}

fn remove_export(dest: &Path, fresh: bool) {
    if fresh {
        let _ = std::fs::remove_dir_all(dest);
    } else if let Ok(entries) = std::fs::read_dir(dest) {
        for e in entries.flatten() {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

fn manifest_error(e: csv::Error) -> Error {
    Error::io("writing MANIFEST.csv", e.into())
}
