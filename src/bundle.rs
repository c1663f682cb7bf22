//! Sealed case bundles: the whole case in one file, still encrypted, for moving it to counsel's
//! laptop or to cold storage. A bundle is a `tar` stream: `MANIFEST.json` (readable without
//! the passphrase, so it names no title and no personal data: the case id, when it was
//! created and sealed, the audit head and the sealer's signed receipt of it, who sealed it with
//! which key, and every file's path,
//! size and SHA-256), `MANIFEST.sig` (the sealer's Ed25519 signature over the manifest's exact
//! bytes, base64, by [`crate::signing`]), then `case.db` (a consistent copy exported from the open case) and every
//! vault file as stored, in the manifest's order.
//!
//! Opening checks the signature first, then streams each file into a private folder beside
//! the destination, comparing path, size and hash with the manifest; only when every check
//! has passed is that folder renamed to the destination (never over an existing one). A
//! refused bundle leaves nothing behind.

use crate::error::{Error, Result};
use crate::progress::Progress;
use crate::receipt::Receipt;
use crate::signing::{self, KeyPair, PublicKey, Signature};
use crate::store::{case_folder_for, Case, CaseIdentity, DB_FILE, VAULT_DIR};
use crate::util::failpoint::failpoint;
use crate::util::fs::{
    existing_parent, open_regular, private_dir, private_dir_all, write_unnamed, Written,
};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use specta::Type;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

/// The manifest's format; a reader refuses any other.
pub const FORMAT: u32 = 1;
const MANIFEST: &str = "MANIFEST.json";
const SIGNATURE: &str = "MANIFEST.sig";
/// A manifest lists a path, a size and a hash per file (about 150 bytes each): this is room for
/// far more vault files than any case holds, and keeps a hostile header from asking for more.
const MAX_MANIFEST: u64 = 64 << 20;
const BUFFER: usize = 256 * 1024;
const SEALED: &str = "case.bundle";
/// What marks the private folder a bundle is opened into (see [`Staging`]).
const OPENING: &str = ".opening-";

/// Who sealed a bundle, as the manifest names them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(deny_unknown_fields)]
pub struct Sealer {
    pub name: String,
    /// The fingerprint of `public_key` ([`PublicKey::fingerprint`]).
    pub fingerprint: String,
    /// The Ed25519 public key, base64.
    pub public_key: String,
}

/// The audit chain's head as the bundled copy holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(deny_unknown_fields)]
pub struct AuditHead {
    pub seq: u32,
    pub hash: String,
}

/// One file of the case folder, as stored (encrypted).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(deny_unknown_fields)]
pub struct BundledFile {
    /// Relative to the case folder: `case.db` or `vault/v1/ab/cd/<name>`.
    pub path: String,
    pub size: u64,
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub format: u32,
    pub case_id: String,
    pub case_created_at: String,
    pub sealed_at: String,
    pub audit_head: AuditHead,
    /// The sealer's signed receipt of that head (`receipt`): what `audit verify --receipt`
    /// holds the opened case, or the original, against.
    pub receipt: Receipt,
    pub sealer: Sealer,
    pub files: Vec<BundledFile>,
}

/// What sealing or opening a bundle did, for the person who asked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct BundleSummary {
    /// The bundle written, or the case folder opened from one.
    pub path: String,
    pub case_id: String,
    pub sealed_at: String,
    pub sealer: Sealer,
    pub audit_head: AuditHead,
    /// Vault files (evidence as stored), besides the database.
    pub vault_files: u64,
    /// Bytes of every file in the bundle.
    pub bytes: u64,
}

impl BundleSummary {
    fn of(path: &Path, m: &Manifest) -> BundleSummary {
        BundleSummary {
            path: path.display().to_string(),
            case_id: m.case_id.clone(),
            sealed_at: m.sealed_at.clone(),
            sealer: m.sealer.clone(),
            audit_head: m.audit_head.clone(),
            vault_files: m.files.len().saturating_sub(1) as u64,
            bytes: m.files.iter().map(|f| f.size).sum(),
        }
    }
}

impl Case {
    /// Writes the whole case to `out` as a bundle signed with `key` (the sealer's profile key),
    /// atomically (0600; nothing is left on failure or cancel), and records `case.bundle` with
    /// the counts and the key's fingerprint: [`Case::prepare_bundle`], [`BundleJob::run`] and
    /// [`Case::commit_bundle`] back to back. The database is exported from one read
    /// transaction, so the copy is a state the case was in; the entry recording the bundle
    /// comes after that state and is not in it.
    pub fn seal_bundle(
        &mut self,
        out: &Path,
        key: &KeyPair,
        progress: &dyn Progress,
    ) -> Result<BundleSummary> {
        let sealed = self.prepare_bundle(out, key)?.run(key, progress)?;
        self.commit_bundle(sealed)
    }

    /// The first step of a bundle, the database work: exports the database into a private
    /// temporary copy and takes the receipt of its head and the vault files it names. The
    /// vault files of committed items never change, so they are read later, without the case.
    pub fn prepare_bundle(&self, out: &Path, key: &KeyPair) -> Result<BundleJob> {
        existing_parent(out, "out")?;
        if out.is_dir() {
            return Err(Error::invalid(
                "out",
                format!(
                    "{} is a folder: name the bundle file to write",
                    out.display()
                ),
            ));
        }
        let temp = self.private_temp()?;
        let db_copy = temp.path().join(DB_FILE);
        let (case_id, case_created_at, audit_head, shas) = self.export_database(&db_copy)?;
        failpoint("bundle.exported");
        // Taken under the same borrow as the export, so nothing was written in between; checked
        // all the same, since a receipt of another head would vouch for the wrong state.
        let receipt = self.receipt(key)?;
        if receipt.seq != audit_head.seq || receipt.head_hash != audit_head.hash {
            return Err(Error::internal(
                "the case changed while it was being sealed; seal it again",
            ));
        }
        let vault = self.vault()?;
        let mut sources: Vec<(String, PathBuf)> = vec![(DB_FILE.to_string(), db_copy)];
        for sha in shas {
            let path = vault.path(&sha);
            let rel = path
                .strip_prefix(self.root())
                .map_err(|_| Error::internal("a vault file outside its case"))?
                .to_str()
                .ok_or_else(|| Error::internal("a vault file name that is not UTF-8"))?
                .to_string();
            sources.push((rel, path));
        }
        Ok(BundleJob {
            out: out.to_path_buf(),
            temp,
            sources,
            case_id,
            case_created_at,
            audit_head,
            receipt,
            sealed_at: crate::store::timestamp(self.now()),
            sealer_name: self.actor().name.clone(),
            case: self.identity()?,
        })
    }

    /// The last step of a bundle: records `case.bundle` (appended after whatever the case
    /// recorded while the bundle was written), then gives the file its name. Refused, with
    /// nothing left on disk, when the case it was sealed from is no longer this one.
    pub fn commit_bundle(&mut self, sealed: SealedBundle) -> Result<BundleSummary> {
        let SealedBundle {
            summary,
            written,
            fingerprint,
            case,
        } = sealed;
        self.ensure_identity(&case, "sealing the bundle")?;
        let file_name = Path::new(&summary.path)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        self.transact(|tx| {
            tx.record(
                SEALED,
                "case",
                &summary.case_id,
                None,
                Some(serde_json::json!({
                    "file": file_name,
                    "vault_files": summary.vault_files,
                    "bytes": summary.bytes,
                    "audit_head_seq": summary.audit_head.seq,
                    "fingerprint": fingerprint,
                })),
            )
        })?;
        failpoint("bundle.recorded");
        written.name()?;
        Ok(summary)
    }
}

/// A bundle prepared by [`Case::prepare_bundle`]: the exported database (in the case's private
/// temporary folder, removed on drop), the vault files to add, and the manifest's facts. It
/// borrows nothing (`Send + 'static`), so [`BundleJob::run`] hashes and writes without the
/// case or its lock.
pub struct BundleJob {
    out: PathBuf,
    temp: crate::store::PrivateTemp,
    sources: Vec<(String, PathBuf)>,
    case_id: String,
    case_created_at: String,
    audit_head: AuditHead,
    receipt: Receipt,
    sealed_at: String,
    sealer_name: String,
    case: CaseIdentity,
}

/// A bundle written and synced but not yet under its name, waiting for
/// [`Case::commit_bundle`]; dropped, it leaves nothing on disk.
pub struct SealedBundle {
    summary: BundleSummary,
    written: Written,
    fingerprint: String,
    case: CaseIdentity,
}

impl BundleJob {
    /// The slow step of a bundle: hashes every file for the manifest, signs it, and writes
    /// the tar stream into an unnamed file beside `out`.
    pub fn run(self, key: &KeyPair, progress: &dyn Progress) -> Result<SealedBundle> {
        let BundleJob {
            out,
            temp,
            sources,
            case_id,
            case_created_at,
            audit_head,
            receipt,
            sealed_at,
            sealer_name,
            case,
        } = self;
        let out = out.as_path();
        let mut sizes = Vec::with_capacity(sources.len());
        for (rel, path) in &sources {
            let meta = std::fs::metadata(path)
                .map_err(|e| Error::io(format!("reading {rel} (the case's copy of an item)"), e))?;
            sizes.push(meta.len());
        }
        let total = 2 * sizes.iter().sum::<u64>();
        let mut done = 0u64;
        let mut files = Vec::with_capacity(sources.len());
        for ((rel, path), size) in sources.iter().zip(&sizes) {
            let file = open_regular(path, "case")?;
            let sha256 = copy_hashing(file, std::io::sink(), *size, progress, &mut done, total)
                .map_err(|e| e.context(rel))?;
            files.push(BundledFile {
                path: rel.clone(),
                size: *size,
                sha256,
            });
        }
        let public = key.public_key();
        let manifest = Manifest {
            format: FORMAT,
            case_id,
            case_created_at,
            sealed_at,
            audit_head,
            receipt,
            sealer: Sealer {
                name: sealer_name,
                fingerprint: public.fingerprint(),
                public_key: public.to_base64(),
            },
            files,
        };
        let manifest_bytes = serde_json::to_vec_pretty(&manifest)
            .map_err(|e| Error::internal(format!("the manifest does not serialise: {e}")))?;
        let signature = key.sign(&manifest_bytes).to_base64();
        // Written unnamed and named only once the audit entry commits: a copy of the case must
        // never be on disk without the entry that says who sealed it.
        let ((), written) = write_unnamed(out, |f| {
            let mut tar = tar::Builder::new(BufWriter::with_capacity(BUFFER, f));
            let written = |e| Error::io(format!("writing {}", out.display()), e);
            append(
                &mut tar,
                MANIFEST,
                &manifest_bytes[..],
                manifest_bytes.len() as u64,
            )
            .map_err(written)?;
            append(
                &mut tar,
                SIGNATURE,
                signature.as_bytes(),
                signature.len() as u64,
            )
            .map_err(written)?;
            for ((_, path), entry) in sources.iter().zip(&manifest.files) {
                let file = open_regular(path, "case")?;
                let mut hashed = String::new();
                let mut source = HashingRead {
                    inner: file.take(entry.size),
                    sha: Sha256::new(),
                    read: 0,
                    progress,
                    done: &mut done,
                    total,
                };
                append(&mut tar, &entry.path, &mut source, entry.size).map_err(written)?;
                if source.read == entry.size {
                    hashed = hex::encode(source.sha.finalize_reset());
                }
                if progress.cancelled() {
                    return Err(Error::Cancelled);
                }
                if hashed != entry.sha256 {
                    return Err(Error::corrupt(format!(
                        "{} changed while the bundle was written; seal it again",
                        entry.path
                    )));
                }
            }
            let inner = tar.into_inner().map_err(written)?;
            inner.into_inner().map_err(|e| written(e.into_error()))?;
            Ok(())
        })?;
        failpoint("bundle.written");
        drop(temp);
        Ok(SealedBundle {
            summary: BundleSummary::of(out, &manifest),
            written,
            fingerprint: manifest.sealer.fingerprint,
            case,
        })
    }
}

impl Case {
    /// Exports the database into `dest` (a new file, under the case's own key) in one
    /// statement, hence from one snapshot, and reads from that copy what the manifest needs:
    /// the case id, its creation time, the audit head and the SHA-256 of every item the vault
    /// holds.
    fn export_database(&self, dest: &Path) -> Result<(String, String, AuditHead, Vec<String>)> {
        crate::util::fs::create_private(dest)
            .map_err(|e| Error::io("writing the bundled copy of the case database", e))?;
        let dest_str = dest
            .to_str()
            .ok_or_else(|| Error::invalid("case", "the case folder's path is not valid UTF-8"))?;
        let conn = self.conn();
        // Without a KEY clause SQLCipher gives the attached file the main database's key.
        conn.execute("ATTACH DATABASE ?1 AS bundled", [dest_str])?;
        let exported = (|| -> Result<_> {
            conn.query_row("SELECT sqlcipher_export('bundled')", [], |_| Ok(()))?;
            let version: i64 = conn.query_row("PRAGMA main.user_version", [], |r| r.get(0))?;
            conn.pragma_update(Some("bundled"), "user_version", version)?;
            let (case_id, created_at) = conn.query_row(
                "SELECT case_id, created_at FROM bundled.case_info WHERE id = 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            let head = conn.query_row(
                "SELECT seq, hash FROM bundled.audit_head WHERE id = 1",
                [],
                |r| {
                    Ok(AuditHead {
                        seq: r.get(0)?,
                        hash: r.get(1)?,
                    })
                },
            )?;
            let shas = conn
                .prepare(
                    "SELECT DISTINCT sha256 FROM bundled.evidence_items WHERE storage = 'vault'
                     ORDER BY sha256",
                )?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<String>>>()?;
            Ok((case_id, created_at, head, shas))
        })();
        let detached = conn.execute("DETACH DATABASE bundled", []);
        let out = exported?;
        detached?;
        std::fs::File::open(dest)
            .and_then(|f| f.sync_all())
            .map_err(|e| Error::io("flushing the bundled copy of the case database", e))?;
        Ok(out)
    }
}

/// Appends one regular file entry: owner-only mode, no owner names, no times (a bundle says
/// when it was sealed in its manifest, and nothing about the sealer's system).
fn append<W: Write>(
    tar: &mut tar::Builder<W>,
    path: &str,
    data: impl Read,
    size: u64,
) -> std::io::Result<()> {
    let mut header = tar::Header::new_ustar();
    header.set_path(path)?;
    header.set_entry_type(tar::EntryType::Regular);
    header.set_size(size);
    header.set_mode(0o600);
    header.set_mtime(0);
    header.set_cksum();
    tar.append(&header, data)
}

/// A reader that hashes what passes through it and reports progress.
struct HashingRead<'a, R> {
    inner: R,
    sha: Sha256,
    read: u64,
    progress: &'a dyn Progress,
    done: &'a mut u64,
    total: u64,
}

impl<R: Read> Read for HashingRead<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.progress.cancelled() {
            // Ends the entry early; the caller sees the cancel and drops the whole file.
            return Ok(0);
        }
        let n = self.inner.read(buf)?;
        self.sha.update(&buf[..n]);
        self.read += n as u64;
        *self.done += n as u64;
        self.progress.update(*self.done, self.total);
        Ok(n)
    }
}

/// Copies exactly `size` bytes of `from` into `to`, returning their SHA-256 (hex); fewer bytes
/// than `size` is a `Truncated` failure, a cancel `Cancelled`.
fn copy_hashing(
    from: impl Read,
    mut to: impl Write,
    size: u64,
    progress: &dyn Progress,
    done: &mut u64,
    total: u64,
) -> std::result::Result<String, CopyError> {
    let mut from = from.take(size);
    let mut sha = Sha256::new();
    let mut buf = vec![0u8; BUFFER];
    let mut read = 0u64;
    loop {
        if progress.cancelled() {
            return Err(CopyError::Cancelled);
        }
        let n = match from.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(CopyError::Read(e)),
        };
        sha.update(&buf[..n]);
        to.write_all(&buf[..n]).map_err(CopyError::Write)?;
        read += n as u64;
        *done += n as u64;
        progress.update(*done, total);
    }
    if read != size {
        return Err(CopyError::Truncated);
    }
    Ok(hex::encode(sha.finalize()))
}

enum CopyError {
    Cancelled,
    Truncated,
    Read(std::io::Error),
    Write(std::io::Error),
}

impl CopyError {
    /// As the core reports it, naming the file read.
    fn context(self, what: &str) -> Error {
        match self {
            CopyError::Cancelled => Error::Cancelled,
            CopyError::Truncated => Error::corrupt(format!("{what} is shorter than it should be")),
            CopyError::Read(e) => Error::io(format!("reading {what}"), e),
            CopyError::Write(e) => Error::io(format!("writing {what}"), e),
        }
    }
}

/// Why a bundle is refused: every reason begins the same way so the person knows nothing was
/// opened.
fn refused(reason: impl std::fmt::Display) -> Error {
    Error::corrupt(format!(
        "the bundle was refused and nothing was written: {reason}"
    ))
}

/// Reads the bundle `file`, checks its signature (and, when `expected` is given, that the
/// key with that fingerprint sealed it) and every file against the manifest, and only then
/// puts the case folder at `to` (`.casebook` added when missing), which must not exist. The
/// case inside opens with the passphrase it had when it was sealed.
pub fn open_bundle(
    file: &Path,
    to: &Path,
    expected: Option<&str>,
    progress: &dyn Progress,
) -> Result<BundleSummary> {
    let dest = case_folder_for(to);
    if dest.exists() {
        return Err(Error::AlreadyExists(dest.display().to_string()));
    }
    let parent = existing_parent(&dest, "to")?;
    let bundle = open_regular(file, "bundle")?;
    let total = bundle
        .metadata()
        .map_err(|e| Error::io(format!("reading {}", file.display()), e))?
        .len();
    let mut archive = tar::Archive::new(BufReader::with_capacity(BUFFER, bundle));
    // Raw: long-name and extension entries come back as entries (and are refused) instead of
    // being read into memory on a header's word.
    let mut entries = archive
        .entries()
        .map_err(|e| refused(format!("it cannot be read ({e})")))?
        .raw(true);
    let mut next = |what: &str| -> Result<tar::Entry<'_, BufReader<std::fs::File>>> {
        match entries.next() {
            Some(Ok(entry)) => Ok(entry),
            Some(Err(e)) => Err(refused(format!(
                "it is damaged or is not a Casebook bundle where {what} should be ({e})"
            ))),
            None => Err(refused(format!(
                "it ends before {what}: the file is truncated or is not a Casebook bundle"
            ))),
        }
    };

    let manifest_bytes = read_small(next("the manifest")?, MANIFEST, MAX_MANIFEST)?;
    let manifest: Manifest = serde_json::from_slice(&manifest_bytes)
        .map_err(|e| refused(format!("its manifest does not read ({e})")))?;
    if manifest.format != FORMAT {
        return Err(refused(format!(
            "it is format {}, and this Casebook reads format {FORMAT}",
            manifest.format
        )));
    }
    let signature =
        match entries_next_signature(&mut next)? {
            Some(s) => s,
            None => return Err(refused(
                "it carries no signature, so nothing shows who sealed it or that it is unchanged",
            )),
        };
    verify_signature(&manifest, &manifest_bytes, &signature)?;
    let receipt = &manifest.receipt;
    if !receipt.signature_holds()
        || receipt.public_key != manifest.sealer.public_key
        || receipt.case_id != manifest.case_id
        || receipt.seq != manifest.audit_head.seq
        || receipt.head_hash != manifest.audit_head.hash
    {
        return Err(refused(
            "the receipt in its manifest is not the sealer's signed receipt of the audit head it \
             names",
        ));
    }
    let sealer = &manifest.sealer;
    if let Some(expected) = expected.map(str::trim).filter(|e| !e.is_empty()) {
        if !expected.eq_ignore_ascii_case(&sealer.fingerprint) {
            return Err(refused(format!(
                "it was sealed by {} (key {}), not by the key {expected} you expected",
                sealer.name, sealer.fingerprint
            )));
        }
    }
    check_listing(&manifest.files)?;
    let expected_size = tar_size(&[manifest_bytes.len() as u64, signature.len() as u64])
        .saturating_add(tar_size(
            &manifest.files.iter().map(|f| f.size).collect::<Vec<_>>(),
        ))
        .saturating_add(2 * BLOCK);
    if expected_size != total {
        return Err(refused(format!(
            "it is {total} bytes, and its signed manifest describes {expected_size}: the file \
             was truncated or something was added to it"
        )));
    }

    // Everything is written into a private folder beside the destination, which becomes the
    // case folder by one rename once every file has checked out.
    let staging = Staging::new(parent, &dest)?;
    let mut done = 0u64;
    for listed in &manifest.files {
        let mut entry = next(&listed.path)?;
        let header = entry.header();
        let path = entry.path_bytes();
        if path.as_ref() != listed.path.as_bytes() {
            return Err(refused(format!(
                "it holds {} where its manifest lists {}",
                String::from_utf8_lossy(&path),
                listed.path
            )));
        }
        if header.entry_type() != tar::EntryType::Regular {
            return Err(refused(format!(
                "{} is not a plain file (links and devices are never part of a case)",
                listed.path
            )));
        }
        let size = header.entry_size().unwrap_or(u64::MAX);
        if size != listed.size {
            return Err(refused(format!(
                "{} is {size} bytes, and its manifest says {}",
                listed.path, listed.size
            )));
        }
        let target = staging.path.join(&listed.path);
        if let Some(dir) = target.parent() {
            private_dir_all(dir).map_err(|e| Error::io("writing the opened case", e))?;
        }
        let out = crate::util::fs::create_private(&target)
            .map_err(|e| Error::io("writing the opened case", e))?;
        let mut out = BufWriter::with_capacity(BUFFER, out);
        let sha = copy_hashing(
            &mut entry,
            &mut out,
            listed.size,
            progress,
            &mut done,
            total,
        )
        .map_err(|e| match e {
            CopyError::Truncated | CopyError::Read(_) => refused(format!(
                "it ends inside {}: the file is truncated",
                listed.path
            )),
            other => other.context("the opened case"),
        })?;
        if sha != listed.sha256 {
            return Err(refused(format!(
                "{} does not match its manifest (SHA-256 {sha}, signed {}): the bundle was \
                 altered or damaged after it was sealed",
                listed.path, listed.sha256
            )));
        }
        let out = out
            .into_inner()
            .map_err(|e| Error::io("writing the opened case", e.into_error()))?;
        out.sync_all()
            .map_err(|e| Error::io("writing the opened case", e))?;
        if listed.path != DB_FILE {
            // As the vault keeps its files: sealed read-only.
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o400))
                .map_err(|e| Error::io("writing the opened case", e))?;
        }
    }
    match entries.next() {
        None => {}
        Some(Ok(entry)) => {
            return Err(refused(format!(
                "it holds {} after the files its manifest lists",
                String::from_utf8_lossy(&entry.path_bytes())
            )))
        }
        Some(Err(e)) => return Err(refused(format!("its end is damaged ({e})"))),
    }
    progress.update(total, total);
    staging.finish(&dest)?;
    Ok(BundleSummary::of(&dest, &manifest))
}

/// The signature entry, or `None` when the bundle goes straight on to its files.
fn entries_next_signature<'a>(
    next: &mut impl FnMut(&str) -> Result<tar::Entry<'a, BufReader<std::fs::File>>>,
) -> Result<Option<Vec<u8>>> {
    let entry = next("the signature")?;
    if entry.path_bytes().as_ref() != SIGNATURE.as_bytes() {
        return Ok(None);
    }
    Ok(Some(read_small(entry, SIGNATURE, 1024)?))
}

/// Reads a small entry named `name` whole, refusing it above `max` bytes before reading.
fn read_small(
    mut entry: tar::Entry<'_, BufReader<std::fs::File>>,
    name: &str,
    max: u64,
) -> Result<Vec<u8>> {
    if entry.path_bytes().as_ref() != name.as_bytes()
        || entry.header().entry_type() != tar::EntryType::Regular
    {
        return Err(refused(format!(
            "it does not begin with {MANIFEST} and {SIGNATURE}: it is not a Casebook bundle"
        )));
    }
    let size = entry.header().entry_size().unwrap_or(u64::MAX);
    if size > max {
        return Err(refused(format!(
            "its {name} is {size} bytes, more than a bundle's"
        )));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    (&mut entry)
        .take(size)
        .read_to_end(&mut bytes)
        .map_err(|e| refused(format!("its {name} cannot be read ({e})")))?;
    if bytes.len() as u64 != size {
        return Err(refused(format!(
            "it ends inside {name}: the file is truncated"
        )));
    }
    Ok(bytes)
}

/// Checks the signature over the manifest's exact bytes against the key the manifest names,
/// and that the fingerprint it shows is that key's.
fn verify_signature(manifest: &Manifest, bytes: &[u8], signature: &[u8]) -> Result<()> {
    let sealer = &manifest.sealer;
    let key = PublicKey::from_base64(&sealer.public_key, "bundle")
        .map_err(|_| refused("the sealer's public key in its manifest is not an Ed25519 key"))?;
    if key.fingerprint() != sealer.fingerprint {
        return Err(refused(format!(
            "the fingerprint it shows for {} ({}) is not their key's ({})",
            sealer.name,
            sealer.fingerprint,
            key.fingerprint()
        )));
    }
    let signature = std::str::from_utf8(signature)
        .ok()
        .and_then(|s| Signature::from_base64(s, "bundle").ok())
        .ok_or_else(|| refused("its signature is not an Ed25519 signature"))?;
    if !signing::verify(&key, bytes, &signature) {
        return Err(refused(format!(
            "its signature was not made by {} (key {}), the sealer its manifest names: the \
             manifest was altered, or someone else signed it",
            sealer.name, sealer.fingerprint
        )));
    }
    Ok(())
}

/// A tar block: every header is one, every entry's data is padded to whole ones, and two
/// empty ones end the stream.
const BLOCK: u64 = 512;

/// The bytes `tar` writes for entries of these sizes (a header each, data padded to blocks).
fn tar_size(sizes: &[u64]) -> u64 {
    sizes.iter().fold(0u64, |sum, size| {
        sum.saturating_add(BLOCK)
            .saturating_add(size.div_ceil(BLOCK).saturating_mul(BLOCK))
    })
}

/// Refuses a listing that could write outside the case folder: only `case.db`, first, and
/// vault files named as the vault names them, each once.
fn check_listing(files: &[BundledFile]) -> Result<()> {
    if files.first().map(|f| f.path.as_str()) != Some(DB_FILE) {
        return Err(refused(format!(
            "its manifest does not list {DB_FILE} first"
        )));
    }
    let mut seen = std::collections::HashSet::new();
    for (i, f) in files.iter().enumerate() {
        let ok = f.path == DB_FILE && i == 0 || is_vault_path(&f.path);
        if !ok || !seen.insert(f.path.as_str()) {
            return Err(refused(format!(
                "its manifest lists {:?}, which is not a file of a case folder (or is listed \
                 twice)",
                f.path
            )));
        }
        if f.sha256.len() != 64 || !f.sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(refused(format!(
                "its manifest's hash of {} is not a SHA-256",
                f.path
            )));
        }
    }
    Ok(())
}

/// `vault/v1/ab/cd/abcd…` with a 64-hex name, as [`crate::vault::Vault::path`] makes them.
fn is_vault_path(path: &str) -> bool {
    let hex = |s: &str, n: usize| {
        s.len() == n && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
    };
    let parts: Vec<&str> = path.split('/').collect();
    matches!(
        parts.as_slice(),
        [vault, "v1", a, b, name]
            if *vault == VAULT_DIR && hex(a, 2) && hex(b, 2) && hex(name, 64)
                && name.starts_with(&format!("{a}{b}"))
    )
}

/// The private folder a bundle is opened into, beside its destination; removed unless
/// [`Staging::finish`] renamed it into place.
struct Staging {
    path: PathBuf,
}

impl Staging {
    fn new(parent: &Path, dest: &Path) -> Result<Staging> {
        Staging::sweep_dead(parent);
        let name = dest
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let path = parent.join(format!(
            ".{name}{OPENING}{}-{}",
            std::process::id(),
            uuid::Uuid::new_v4()
        ));
        private_dir(&path).map_err(|e| Error::io("preparing the opened case's folder", e))?;
        Ok(Staging { path })
    }

    /// Removes what opens killed mid-way left in `parent` (their process is gone): folders named
    /// `.<name>.opening-<pid>-<uuid>`, which only [`Staging::new`] makes.
    fn sweep_dead(parent: &Path) {
        let Ok(entries) = std::fs::read_dir(parent) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let Some(pid) = name
                .to_str()
                .filter(|n| n.starts_with('.'))
                .and_then(|n| n.rsplit_once(OPENING))
                .and_then(|(_, rest)| rest.split_once('-'))
                .and_then(|(pid, _)| pid.parse::<u32>().ok())
            else {
                continue;
            };
            if crate::util::fs::process_alive(pid) == Some(false)
                && entry.file_type().is_ok_and(|t| t.is_dir())
            {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    }

    /// Renames the checked folder to `dest`, never replacing anything there (an empty folder
    /// made meanwhile included).
    fn finish(mut self, dest: &Path) -> Result<()> {
        use std::os::unix::ffi::OsStrExt;
        let c = |p: &Path| std::ffi::CString::new(p.as_os_str().as_bytes());
        let (Ok(from), Ok(to)) = (c(&self.path), c(dest)) else {
            return Err(Error::invalid(
                "to",
                "the folder's name holds a NUL character",
            ));
        };
        // SAFETY: renameat2 with two valid C strings relative to the current folder.
        let rc = unsafe {
            libc::renameat2(
                libc::AT_FDCWD,
                from.as_ptr(),
                libc::AT_FDCWD,
                to.as_ptr(),
                libc::RENAME_NOREPLACE,
            )
        };
        if rc != 0 {
            let e = std::io::Error::last_os_error();
            return Err(if e.raw_os_error() == Some(libc::EEXIST) {
                Error::AlreadyExists(dest.display().to_string())
            } else {
                Error::io(format!("placing the opened case at {}", dest.display()), e)
            });
        }
        self.path = PathBuf::new();
        if let Some(dir) = dest.parent().and_then(|p| std::fs::File::open(p).ok()) {
            let _ = dir.sync_all();
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.path.as_os_str().is_empty() {
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}
