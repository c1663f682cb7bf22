//! The encrypted, content-addressed evidence vault and the one streaming read that hashes a
//! file and copies it in. A file is read once: SHA-256 always, SHA-1 and MD5 when asked, each
//! digest on its own thread fed the same chunks, while the reading thread encrypts and writes
//! the copy. The copy goes to a temporary name in the vault, is fsynced, renamed to
//! `vault/v1/ab/cd/<name>`, and made read-only; a failed or cancelled read leaves no file behind.
//!
//! Every vault file is sealed with AES-256-GCM (OpenSSL's) in the STREAM construction
//! (`aead::stream`, big-endian 32-bit counter with a last-chunk flag) over 64 KiB chunks: a
//! header (format version and a random 32-byte salt), then each chunk with its tag. The file's
//! key and nonce prefix come from the case's data key through HKDF-SHA256 with that salt, so no
//! two files share a key and a nonce can never repeat. Every chunk is authenticated before a
//! byte of it is handed on: a flipped byte, a truncated, reordered or appended chunk is
//! reported as tampering. A file's name is HMAC-SHA256 of its plaintext SHA-256 under a second
//! case secret, so a name says nothing about the content; deduplication and verification still
//! use the plaintext SHA-256. The vault is given its two keys ([`Vault::new`]); where they live is the store's
//! business. Vaults written before encryption (`vault/sha256/ab/cd/<sha256>`, plaintext) are
//! converted by [`Vault::encrypt_plaintext`].

use crate::error::{Error, Result};
use crate::progress::{Offset, Progress, Silent};
use crate::util::failpoint::failpoint;
use crate::util::fs::{private_dir_all, PRIVATE_FILE};
use aead::stream::{DecryptorBE32, EncryptorBE32};
use digest::Digest;
use hmac::Mac;
use openssl::cipher_ctx::CipherCtx;
use serde::{Deserialize, Serialize};
use specta::Type;
use std::collections::HashSet;
use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{sync_channel, Receiver};
use std::sync::Arc;
use zeroize::Zeroizing;

const CHUNK: usize = 1 << 20;
/// Chunks in flight per hashing thread: memory stays flat (a few MiB) whatever the file size.
const QUEUE: usize = 4;

/// Which digests to compute besides SHA-256.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct LegacyHashes {
    pub sha1: bool,
    pub md5: bool,
}

/// Lower-case hex digests of one read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Digests {
    pub sha256: String,
    pub sha1: Option<String>,
    pub md5: Option<String>,
}

/// What one read found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Read1 {
    pub size: u64,
    pub digests: Digests,
}

fn hasher_thread<D: Digest + Send + 'static>(
    rx: Receiver<Arc<Vec<u8>>>,
) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut h = D::new();
        for chunk in rx {
            h.update(&chunk[..]);
        }
        hex::encode(h.finalize())
    })
}

/// Reads `input` to its end once, feeding the hashing threads and `sink`; `total` drives
/// progress and `check` sees the running count after every chunk (and may stop the read).
fn pump(
    input: &mut dyn Read,
    total: u64,
    mut sink: Option<&mut dyn Write>,
    legacy: LegacyHashes,
    progress: &dyn Progress,
    read_error: &dyn Fn(std::io::Error) -> Error,
    check: &dyn Fn(u64) -> Result<()>,
) -> Result<Read1> {
    let mut senders = Vec::new();
    let (tx256, rx256) = sync_channel::<Arc<Vec<u8>>>(QUEUE);
    let h256 = hasher_thread::<sha2::Sha256>(rx256);
    senders.push(tx256);
    let h1 = legacy.sha1.then(|| {
        let (tx, rx) = sync_channel(QUEUE);
        senders.push(tx);
        hasher_thread::<sha1::Sha1>(rx)
    });
    let hmd5 = legacy.md5.then(|| {
        let (tx, rx) = sync_channel(QUEUE);
        senders.push(tx);
        hasher_thread::<md5::Md5>(rx)
    });

    let mut done = 0u64;
    let read_result = (|| -> Result<()> {
        loop {
            if progress.cancelled() {
                return Err(Error::Cancelled);
            }
            let mut buf = vec![0u8; CHUNK];
            let mut filled = 0;
            while filled < CHUNK {
                let n = input.read(&mut buf[filled..]).map_err(read_error)?;
                if n == 0 {
                    break;
                }
                filled += n;
            }
            if filled == 0 {
                return Ok(());
            }
            buf.truncate(filled);
            let chunk = Arc::new(buf);
            // Hashing starts before the write, so the two cores work on the same chunk.
            for s in &senders {
                s.send(chunk.clone())
                    .expect("hashing threads outlive the read");
            }
            if let Some(w) = sink.as_deref_mut() {
                w.write_all(&chunk).map_err(sink_error)?;
            }
            done += filled as u64;
            check(done)?;
            progress.update(done, total);
        }
    })();
    drop(senders);
    let sha256 = h256.join().expect("hashing thread");
    let sha1 = h1.map(|h| h.join().expect("hashing thread"));
    let md5 = hmd5.map(|h| h.join().expect("hashing thread"));
    read_result?;
    Ok(Read1 {
        size: done,
        digests: Digests { sha256, sha1, md5 },
    })
}

fn sink_error(e: std::io::Error) -> Error {
    Error::io("writing the copy", e)
}

/// Reads `src` once, computing the digests and, when `sink` is given, writing every byte to it.
/// A file that changes size while being read is an error.
pub fn stream(
    src: &Path,
    sink: Option<&mut dyn Write>,
    legacy: LegacyHashes,
    progress: &dyn Progress,
) -> Result<Read1> {
    let mut file = crate::util::fs::open_regular(src, "path")?;
    let meta_before = file
        .metadata()
        .map_err(|e| Error::io(format!("reading {}", src.display()), e))?;
    let total = meta_before.len();
    let read = pump(
        &mut file,
        total,
        sink,
        legacy,
        progress,
        &|e| Error::io(format!("reading {}", src.display()), e),
        // Growing under us: stop now rather than chase a file that may never end.
        &|done| match done > total {
            true => Err(changed_while_reading(src, total, done)),
            false => Ok(()),
        },
    )?;
    let meta_after =
        std::fs::metadata(src).map_err(|e| Error::io(format!("reading {}", src.display()), e))?;
    if read.size != total
        || meta_after.len() != total
        || meta_after.modified().ok() != meta_before.modified().ok()
    {
        return Err(changed_while_reading(src, total, meta_after.len()));
    }
    Ok(read)
}

fn changed_while_reading(src: &Path, before: u64, now: u64) -> Error {
    Error::invalid(
        "file",
        format!(
            "{} changed while it was being read (size {before} → {now} bytes); copy it somewhere \
             stable or stop what is writing to it, then add it again",
            src.display()
        ),
    )
}

/// A vault file begins with this (format and version), then the file's salt.
const MAGIC: &[u8; 8] = b"CBVAULT\x01";
const SALT: usize = 32;
const HEADER: usize = MAGIC.len() + SALT;
/// Plaintext bytes per authenticated chunk.
const SEGMENT: usize = 64 * 1024;
const TAG: usize = 16;
/// The folder of encrypted files; its name is the format version, so a later format can sit
/// beside it while a vault is converted.
const SEALED_DIR: &str = "v1";
/// Where vaults written before encryption kept plaintext, named by SHA-256.
const PLAINTEXT_DIR: &str = "sha256";
/// Present while a conversion of the plaintext vault is not yet in the audit chain, so a run
/// killed after its last file but before its entry is still recorded by the next open.
const CONVERTING: &str = "converting";

/// A case's vault: its folder and the two secrets it works with. The keys are wiped from
/// memory when the vault is dropped.
pub struct Vault {
    dir: PathBuf,
    data_key: Zeroizing<[u8; 32]>,
    name_key: Zeroizing<[u8; 32]>,
}

/// The file's own key and nonce prefix, from the data key and the file's salt.
fn file_cipher(data_key: &[u8; 32], header: &[u8; HEADER]) -> (Gcm, [u8; 7]) {
    let hk = hkdf::Hkdf::<sha2::Sha256>::new(Some(&header[MAGIC.len()..]), data_key);
    let mut okm = Zeroizing::new([0u8; 32 + 7]);
    hk.expand(b"casebook vault file v1", &mut okm[..])
        .expect("39 bytes is a valid HKDF-SHA256 length");
    let mut key = Zeroizing::new([0u8; 32]);
    key.copy_from_slice(&okm[..32]);
    let mut prefix = [0u8; 7];
    prefix.copy_from_slice(&okm[32..]);
    (Gcm(key), prefix)
}

/// AES-256-GCM as OpenSSL computes it (GHASH interleaved with AES), behind `aead`'s traits so
/// the chunking, counters and last-chunk flag stay `aead::stream`'s. The key is wiped on drop.
struct Gcm(Zeroizing<[u8; 32]>);

impl Gcm {
    fn context(&self, encrypt: bool, nonce: &[u8], aad: &[u8]) -> aead::Result<CipherCtx> {
        let mut ctx = CipherCtx::new().map_err(|_| aead::Error)?;
        let gcm = openssl::cipher::Cipher::aes_256_gcm();
        if encrypt {
            ctx.encrypt_init(Some(gcm), Some(&self.0[..]), Some(nonce))
        } else {
            ctx.decrypt_init(Some(gcm), Some(&self.0[..]), Some(nonce))
        }
        .map_err(|_| aead::Error)?;
        ctx.cipher_update(aad, None).map_err(|_| aead::Error)?;
        Ok(ctx)
    }
}

impl aead::KeySizeUser for Gcm {
    type KeySize = aead::consts::U32;
}

impl aead::KeyInit for Gcm {
    fn new(key: &aead::Key<Self>) -> Self {
        let mut k = Zeroizing::new([0u8; 32]);
        k.copy_from_slice(key);
        Gcm(k)
    }
}

impl aead::AeadCore for Gcm {
    type NonceSize = aead::consts::U12;
    type TagSize = aead::consts::U16;
    type CiphertextOverhead = aead::consts::U0;
}

impl aead::AeadInPlace for Gcm {
    fn encrypt_in_place_detached(
        &self,
        nonce: &aead::Nonce<Self>,
        aad: &[u8],
        buffer: &mut [u8],
    ) -> aead::Result<aead::Tag<Self>> {
        let mut ctx = self.context(true, nonce, aad)?;
        let len = buffer.len();
        ctx.cipher_update_inplace(buffer, len)
            .map_err(|_| aead::Error)?;
        ctx.cipher_final(&mut [0u8; 16]).map_err(|_| aead::Error)?;
        let mut tag = aead::Tag::<Self>::default();
        ctx.tag(&mut tag).map_err(|_| aead::Error)?;
        Ok(tag)
    }

    fn decrypt_in_place_detached(
        &self,
        nonce: &aead::Nonce<Self>,
        aad: &[u8],
        buffer: &mut [u8],
        tag: &aead::Tag<Self>,
    ) -> aead::Result<()> {
        let mut ctx = self.context(false, nonce, aad)?;
        let len = buffer.len();
        ctx.cipher_update_inplace(buffer, len)
            .map_err(|_| aead::Error)?;
        ctx.set_tag(tag).map_err(|_| aead::Error)?;
        // The tag is checked here; a mismatch leaves unauthenticated bytes in `buffer`, which
        // `Opened` clears.
        ctx.cipher_final(&mut [0u8; 16]).map_err(|_| aead::Error)?;
        Ok(())
    }
}

/// The reason a vault file failed to decrypt, carried inside an `io::Error` so it survives
/// any reader stacked on top (CSV decoding) and can be told apart from a read failure.
#[derive(Debug)]
struct Tampered(&'static str);

impl std::fmt::Display for Tampered {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the vault copy fails authentication ({}): it was altered or damaged after intake",
            self.0
        )
    }
}

impl std::error::Error for Tampered {}

fn tampered(what: &'static str) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, Tampered(what))
}

/// Whether a read failed because a vault file did not authenticate (see [`Opened`]).
pub fn is_tampering(e: &std::io::Error) -> bool {
    e.get_ref().is_some_and(|inner| inner.is::<Tampered>())
}

/// A read error on a vault file as the core reports it: tampering is stored data that no
/// longer reads as written (`Corrupt`), anything else an I/O failure.
fn vault_read_error(e: std::io::Error) -> Error {
    if is_tampering(&e) {
        Error::corrupt(e.to_string())
    } else {
        Error::io("reading the vault copy", e)
    }
}

/// Encrypts everything written to it into `inner`, one authenticated chunk per [`SEGMENT`]
/// bytes; [`Sealer::finish`] writes the last chunk. Dropped unfinished, the output is
/// truncated and will not authenticate.
struct Sealer<W: Write> {
    inner: W,
    header: [u8; HEADER],
    enc: Option<EncryptorBE32<Gcm>>,
    buf: Vec<u8>,
}

impl<W: Write> Sealer<W> {
    fn new(mut inner: W, data_key: &[u8; 32]) -> std::io::Result<Self> {
        let mut header = [0u8; HEADER];
        header[..MAGIC.len()].copy_from_slice(MAGIC);
        getrandom::fill(&mut header[MAGIC.len()..])
            .map_err(|e| std::io::Error::other(e.to_string()))?;
        let (cipher, prefix) = file_cipher(data_key, &header);
        inner.write_all(&header)?;
        Ok(Sealer {
            inner,
            header,
            enc: Some(EncryptorBE32::from_aead(cipher, (&prefix).into())),
            buf: Vec::with_capacity(SEGMENT + TAG),
        })
    }

    /// Seals the last chunk (possibly empty) and hands back the writer.
    fn finish(mut self) -> std::io::Result<W> {
        let enc = self.enc.take().expect("finished once");
        enc.encrypt_last_in_place(&self.header[..], &mut self.buf)
            .map_err(|_| std::io::Error::other("encrypting the vault copy"))?;
        self.inner.write_all(&self.buf)?;
        Ok(self.inner)
    }
}

impl<W: Write> Write for Sealer<W> {
    fn write(&mut self, mut data: &[u8]) -> std::io::Result<usize> {
        let n = data.len();
        while !data.is_empty() {
            // A full chunk is sealed only once more bytes arrive: the last one carries the flag.
            if self.buf.len() == SEGMENT {
                let enc = self.enc.as_mut().expect("not finished");
                enc.encrypt_next_in_place(&self.header[..], &mut self.buf)
                    .map_err(|_| std::io::Error::other("encrypting the vault copy"))?;
                self.inner.write_all(&self.buf)?;
                self.buf.clear();
            }
            let take = (SEGMENT - self.buf.len()).min(data.len());
            self.buf.extend_from_slice(&data[..take]);
            data = &data[take..];
        }
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Decrypts a vault file as it is read. Each chunk is authenticated before any of its bytes
/// are returned; a chunk that fails, a missing last chunk (truncation) or data after it is an
/// error for which [`is_tampering`] holds.
pub struct Opened<R: Read> {
    inner: R,
    header: [u8; HEADER],
    dec: Option<DecryptorBE32<Gcm>>,
    /// The current chunk: ciphertext while being filled, plaintext once decrypted.
    buf: Zeroizing<Vec<u8>>,
    pos: usize,
    /// The first byte of the next chunk, read to learn that the current one is not the last.
    carry: Option<u8>,
    /// Set once a chunk failed: every later read fails the same way, so no caller can take
    /// what follows (or the failed chunk's bytes) for the rest of the file.
    failed: Option<&'static str>,
}

impl<R: Read> Opened<R> {
    fn new(mut inner: R, data_key: &[u8; 32]) -> std::io::Result<Self> {
        let mut header = [0u8; HEADER];
        read_full(&mut inner, &mut header).and_then(|n| match n == HEADER {
            true => Ok(()),
            false => Err(tampered("shorter than its header")),
        })?;
        if &header[..MAGIC.len()] != MAGIC {
            return Err(tampered("not an encrypted vault file of this version"));
        }
        let (cipher, prefix) = file_cipher(data_key, &header);
        Ok(Opened {
            inner,
            header,
            dec: Some(DecryptorBE32::from_aead(cipher, (&prefix).into())),
            buf: Zeroizing::new(Vec::with_capacity(SEGMENT + TAG + 1)),
            pos: 0,
            carry: None,
            failed: None,
        })
    }

    /// Reads and decrypts the next chunk into `buf`.
    fn next_chunk(&mut self) -> std::io::Result<()> {
        let buf = &mut *self.buf;
        buf.clear();
        buf.extend(self.carry.take());
        let start = buf.len();
        buf.resize(SEGMENT + TAG + 1, 0);
        let got = read_full(&mut self.inner, &mut buf[start..])?;
        buf.truncate(start + got);
        let outcome = if buf.len() == SEGMENT + TAG + 1 {
            self.carry = buf.pop();
            let dec = self.dec.as_mut().expect("not at the end");
            dec.decrypt_next_in_place(&self.header[..], buf)
                .map_err(|_| "a chunk does not authenticate")
        } else {
            let dec = self.dec.take().expect("not at the end");
            dec.decrypt_last_in_place(&self.header[..], buf)
                .map_err(|_| "the last chunk does not authenticate or is missing")
        };
        self.pos = 0;
        if let Err(what) = outcome {
            // The buffer may hold the failed chunk decrypted: drop it.
            buf.clear();
            self.failed = Some(what);
            return Err(tampered(what));
        }
        Ok(())
    }
}

impl<R: Read> Read for Opened<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if let Some(what) = self.failed {
            return Err(tampered(what));
        }
        while self.pos == self.buf.len() {
            if self.dec.is_none() || out.is_empty() {
                return Ok(0);
            }
            self.next_chunk()?;
        }
        let n = out.len().min(self.buf.len() - self.pos);
        out[..n].copy_from_slice(&self.buf[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

/// Reads until `buf` is full or the input ends; returns how much was read.
fn read_full(r: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match r.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// What converting a plaintext vault did (see [`Vault::encrypt_plaintext`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Conversion {
    /// Plaintext files now encrypted and removed (including ones an interrupted run had
    /// already encrypted).
    pub encrypted: u64,
    pub bytes: u64,
    /// Plaintext files kept because their content does not match their name (or the name is
    /// not a SHA-256): never deleted, reported by their file name.
    pub mismatched: Vec<String>,
    /// An earlier run was killed before its audit entry was written: this run's entry stands
    /// for it too (its files may all be done already, so its counts may be nothing).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub resumed: bool,
}

impl Vault {
    pub fn new(
        dir: impl Into<PathBuf>,
        data_key: Zeroizing<[u8; 32]>,
        name_key: Zeroizing<[u8; 32]>,
    ) -> Vault {
        Vault {
            dir: dir.into(),
            data_key,
            name_key,
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The file name of the content with this SHA-256: a keyed hash, so it reveals nothing.
    fn name(&self, sha256: &str) -> String {
        let mut mac = <hmac::Hmac<sha2::Sha256> as Mac>::new_from_slice(&self.name_key[..])
            .expect("HMAC takes any key length");
        mac.update(sha256.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }

    /// Where the vault keeps content with this SHA-256.
    pub fn path(&self, sha256: &str) -> PathBuf {
        let name = self.name(sha256);
        self.dir
            .join(SEALED_DIR)
            .join(&name[..2])
            .join(&name[2..4])
            .join(name)
    }

    /// The marker that says this process placed the vault copy of `sha256` and has not yet
    /// committed the item that refers to it.
    pub fn pending_marker(&self, sha256: &str) -> PathBuf {
        self.dir.join("tmp").join(format!(
            "{}-{}.pending",
            std::process::id(),
            self.name(sha256)
        ))
    }

    /// Removes a vault copy (read-only by design) and its pending marker.
    pub fn remove_uncommitted(&self, sha256: &str) {
        remove_sealed(&self.path(sha256));
        let _ = std::fs::remove_file(self.pending_marker(sha256));
    }

    /// Removes what intakes killed mid-way left behind, so an interrupted intake leaves nothing
    /// once the case is opened again: temporary files, and placed copies whose item was never
    /// committed (`committed` gives the SHA-256 of every item kept in the vault, or nothing
    /// when it cannot tell, and then every marker waits for the next open; it is asked only
    /// when there is a copy to judge). Files of live processes, including other windows on the
    /// same case, are kept.
    pub fn sweep_orphans(&self, committed: impl FnOnce() -> Option<HashSet<String>>) {
        let Ok(entries) = std::fs::read_dir(self.dir.join("tmp")) else {
            return;
        };
        let proc = Path::new("/proc");
        if !proc.join("self").exists() {
            return; // no way to tell a live writer from a dead one here
        }
        let mut committed = Some(committed);
        let mut names: Option<Option<HashSet<String>>> = None;
        for entry in entries.flatten() {
            let name = entry.file_name();
            let Some((pid, rest)) = name
                .to_str()
                .and_then(|n| n.split_once('-'))
                .and_then(|(pid, rest)| Some((pid.parse::<u32>().ok()?, rest)))
            else {
                continue;
            };
            if proc.join(pid.to_string()).exists() {
                continue;
            }
            if let Some(name) = rest.strip_suffix(".pending") {
                let names = names.get_or_insert_with(|| {
                    let committed = committed.take().expect("asked once")()?;
                    Some(committed.iter().map(|sha| self.name(sha)).collect())
                });
                let Some(names) = names else {
                    continue;
                };
                if name.len() == 64
                    && name.bytes().all(|b| b.is_ascii_hexdigit())
                    && !names.contains(name)
                {
                    remove_sealed(
                        &self
                            .dir
                            .join(SEALED_DIR)
                            .join(&name[..2])
                            .join(&name[2..4])
                            .join(name),
                    );
                }
                let _ = std::fs::remove_file(entry.path());
            } else if rest.ends_with(".partial") {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }

    /// A new temporary file in the vault, removed unless disarmed. The pid in its name lets a
    /// later open remove what a killed process left behind.
    fn temp_file(&self) -> Result<(File, TempFile)> {
        let tmp_dir = self.dir.join("tmp");
        private_dir_all(&tmp_dir).map_err(|e| Error::io("preparing the vault", e))?;
        let tmp_path = tmp_dir.join(format!(
            "{}-{}.partial",
            std::process::id(),
            uuid::Uuid::new_v4()
        ));
        let file = private_file(&tmp_path).map_err(|e| Error::io("writing into the vault", e))?;
        Ok((file, TempFile(Some(tmp_path))))
    }

    /// Reads `src` once: hashes it and encrypts it into a temporary vault file, fsynced.
    fn seal(
        &self,
        src: &Path,
        legacy: LegacyHashes,
        progress: &dyn Progress,
    ) -> Result<(Read1, TempFile)> {
        let (out, guard) = self.temp_file()?;
        let mut sealer = Sealer::new(Writeback::new(out), &self.data_key)
            .map_err(|e| Error::io("writing into the vault", e))?;
        let read = stream(src, Some(&mut sealer), legacy, progress)?;
        let out = sealer
            .finish()
            .map_err(|e| Error::io("writing into the vault", e))?
            .into_inner();
        out.sync_all()
            .map_err(|e| Error::io("flushing the vault copy to disk", e))?;
        Ok((read, guard))
    }

    /// Moves a sealed temporary file to `dest`, read-only, durably.
    fn place(&self, mut guard: TempFile, dest: &Path) -> Result<()> {
        let tmp_path = guard.0.clone().expect("armed");
        let parent = dest.parent().expect("vault paths have parents");
        private_dir_all(parent).map_err(|e| Error::io("preparing the vault", e))?;
        std::fs::set_permissions(
            &tmp_path,
            <std::fs::Permissions as std::os::unix::fs::PermissionsExt>::from_mode(0o400),
        )
        .map_err(|e| Error::io("sealing the vault copy", e))?;
        failpoint("vault.before_rename");
        std::fs::rename(&tmp_path, dest).map_err(|e| Error::io("placing the vault copy", e))?;
        guard.0 = None;
        failpoint("vault.after_rename");
        if let Ok(dir) = File::open(parent) {
            // Make the rename itself durable.
            let _ = dir.sync_all();
        }
        Ok(())
    }

    /// The slow half of [`Vault::ingest`]: reads `src` once, hashing it and encrypting it into
    /// a temporary vault file that no item can name yet. It needs no database, so it runs
    /// without the case lock; dropped unplaced, the copy is removed (and one a killed process
    /// left is swept by the next open).
    pub fn stage(
        &self,
        src: &Path,
        legacy: LegacyHashes,
        progress: &dyn Progress,
    ) -> Result<(Read1, Staged)> {
        let (read, tmp) = self.seal(src, legacy, progress)?;
        failpoint("vault.sealed");
        Ok((read, Staged { tmp }))
    }

    /// The short half of [`Vault::ingest`], run while the item is recorded: gives a staged copy
    /// its vault name. Content already in the vault is not written twice. Returns whether this
    /// call placed the file.
    pub fn place_staged(&self, staged: Staged, sha256: &str) -> Result<bool> {
        let dest = self.path(sha256);
        if dest.exists() {
            return Ok(false);
        }
        // Until the item is committed, a marker names this copy as ours; a process killed
        // before the commit leaves the marker, and the next open removes the unreferenced copy.
        private_file(&self.pending_marker(sha256))
            .map_err(|e| Error::io("writing into the vault", e))?;
        failpoint("vault.marked");
        self.place(staged.tmp, &dest)?;
        Ok(true)
    }

    /// Reads a staged copy back through decryption (an import parses its file from it before
    /// the copy is named).
    pub fn open_staged(&self, staged: &Staged) -> Result<Opened<File>> {
        let path = staged.tmp.0.as_deref().expect("a staged copy is armed");
        let file = File::open(path).map_err(|e| Error::io("opening the vault copy", e))?;
        Opened::new(file, &self.data_key).map_err(vault_read_error)
    }

    /// Copies `src` into the vault, encrypted, while hashing it: [`Vault::stage`] then
    /// [`Vault::place_staged`]. Returns the read and whether this call placed the file there.
    pub fn ingest(
        &self,
        src: &Path,
        legacy: LegacyHashes,
        progress: &dyn Progress,
    ) -> Result<(Read1, bool)> {
        let (read, staged) = self.stage(src, legacy, progress)?;
        let placed = self.place_staged(staged, &read.digests.sha256)?;
        Ok((read, placed))
    }

    /// Says the conversion [`Vault::encrypt_plaintext`] reported is in the audit chain now.
    pub fn conversion_recorded(&self) {
        let _ = std::fs::remove_file(self.dir.join(CONVERTING));
    }

    /// Opens the content with this SHA-256 for reading through decryption.
    pub fn open(&self, sha256: &str) -> Result<Opened<File>> {
        let file =
            File::open(self.path(sha256)).map_err(|e| Error::io("opening the vault copy", e))?;
        Opened::new(file, &self.data_key).map_err(vault_read_error)
    }

    /// Decrypts the content with this SHA-256 once, hashing it and, when `sink` is given,
    /// writing the plaintext to it. `size` (the recorded size) drives progress. A file that
    /// does not authenticate is `Corrupt`; a missing one an I/O error (`NotFound`).
    pub fn read(
        &self,
        sha256: &str,
        size: u64,
        sink: Option<&mut dyn Write>,
        legacy: LegacyHashes,
        progress: &dyn Progress,
    ) -> Result<Read1> {
        let mut opened = self.open(sha256)?;
        pump(
            &mut opened,
            size,
            sink,
            legacy,
            progress,
            &vault_read_error,
            &|_| Ok(()),
        )
    }

    /// Encrypts a vault written before encryption: each plaintext file under `vault/sha256/`
    /// is sealed to its keyed name, decrypted back and checked against its SHA-256, and only
    /// then removed. A file whose content does not match its name is kept and reported. Each
    /// file is done on its own, so a run killed half-way is finished by the next (a sealed copy
    /// already in place is checked, and replaced if it does not decrypt to the name).
    pub fn encrypt_plaintext(&self, progress: &dyn Progress) -> Result<Conversion> {
        let root = self.dir.join(PLAINTEXT_DIR);
        let marker = self.dir.join(CONVERTING);
        let mut out = Conversion {
            resumed: marker.exists(),
            ..Conversion::default()
        };
        if !root.is_dir() {
            return Ok(out);
        }
        if !out.resumed {
            private_file(&marker)
                .and_then(|f| f.sync_all())
                .map_err(|e| Error::io("preparing the vault", e))?;
        }
        let mut files = Vec::new();
        let mut dirs = Vec::new();
        walk(&root, &mut files, &mut dirs);
        files.sort();
        let total: u64 = files
            .iter()
            .filter_map(|f| std::fs::metadata(f).ok())
            .map(|m| m.len())
            .sum();
        let mut before = 0u64;
        for file in &files {
            let Some(sha256) = file
                .file_name()
                .and_then(|n| n.to_str())
                .filter(|n| n.len() == 64 && n.bytes().all(|b| b.is_ascii_hexdigit()))
                .map(str::to_ascii_lowercase)
            else {
                out.mismatched.push(
                    file.file_name()
                        .unwrap_or_default()
                        .to_string_lossy()
                        .into(),
                );
                continue;
            };
            let overall = Offset {
                inner: progress,
                before,
                total,
            };
            let dest = self.path(&sha256);
            let sealed_ok = dest.exists()
                && self
                    .read(&sha256, 0, None, LegacyHashes::default(), &Silent)
                    .is_ok_and(|r| r.digests.sha256 == sha256);
            if !sealed_ok {
                let (read, guard) = self.seal(file, LegacyHashes::default(), &overall)?;
                if read.digests.sha256 != sha256 {
                    drop(guard);
                    out.mismatched.push(sha256);
                    before += read.size;
                    continue;
                }
                failpoint("vault.migrate.sealed");
                remove_sealed(&dest);
                self.place(guard, &dest)?;
                let back = self.read(&sha256, read.size, None, LegacyHashes::default(), &Silent)?;
                if back.digests.sha256 != sha256 {
                    return Err(Error::corrupt(format!(
                        "the encrypted copy of {} does not read back as written; the \
                         plaintext is kept",
                        file.display()
                    )));
                }
            }
            failpoint("vault.migrate.checked");
            let size = std::fs::metadata(file).map(|m| m.len()).unwrap_or(0);
            std::fs::remove_file(file)
                .map_err(|e| Error::io(format!("removing the plaintext {}", file.display()), e))?;
            failpoint("vault.migrate.removed");
            out.encrypted += 1;
            out.bytes += size;
            before += size;
        }
        // Deepest first; a folder still holding a kept file stays.
        for d in dirs.iter().rev() {
            let _ = std::fs::remove_dir(d);
        }
        let _ = std::fs::remove_dir(&root);
        Ok(out)
    }
}

/// Every file and folder under `dir` (folders in the order they were entered).
fn walk(dir: &Path, files: &mut Vec<PathBuf>, dirs: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if e.file_type().is_ok_and(|t| t.is_dir()) {
            dirs.push(p.clone());
            walk(&p, files, dirs);
        } else {
            files.push(p);
        }
    }
}

/// Removes a sealed vault file (read-only by design).
fn remove_sealed(p: &Path) {
    let _ = std::fs::set_permissions(
        p,
        <std::fs::Permissions as std::os::unix::fs::PermissionsExt>::from_mode(0o600),
    );
    let _ = std::fs::remove_file(p);
}

/// A file writer that starts writeback of each full window as soon as it is written, so the
/// disk works while the rest is still being read and hashed; the final `sync_all` then waits
/// for only the last window instead of the whole file. (Linux `sync_file_range`; elsewhere a
/// plain writer.)
struct Writeback {
    file: File,
    written: u64,
    flushed_to: u64,
}

const WRITEBACK_WINDOW: u64 = 8 << 20;

impl Writeback {
    fn new(file: File) -> Self {
        Writeback {
            file,
            written: 0,
            flushed_to: 0,
        }
    }

    fn into_inner(self) -> File {
        self.file
    }

    #[cfg(target_os = "linux")]
    fn start_writeback(&mut self) {
        use std::os::fd::AsRawFd;
        let len = self.written - self.flushed_to;
        // SAFETY: a valid open descriptor and a range inside what was written; the call only
        // schedules writeback and reports no error we could act on (sync_all checks later).
        unsafe {
            libc::sync_file_range(
                self.file.as_raw_fd(),
                self.flushed_to as libc::off64_t,
                len as libc::off64_t,
                libc::SYNC_FILE_RANGE_WRITE,
            );
        }
        self.flushed_to = self.written;
    }

    #[cfg(not(target_os = "linux"))]
    fn start_writeback(&mut self) {
        self.flushed_to = self.written;
    }
}

impl Write for Writeback {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.file.write(buf)?;
        self.written += n as u64;
        if self.written - self.flushed_to >= WRITEBACK_WINDOW {
            self.start_writeback();
        }
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

/// Removes its file unless disarmed: the guarantee that a failed copy leaves nothing behind.
struct TempFile(Option<PathBuf>);

/// A vault copy written and synced under a temporary name (see [`Vault::stage`]), waiting for
/// [`Vault::place_staged`]; dropped, it is removed.
pub struct Staged {
    tmp: TempFile,
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if let Some(p) = self.0.take() {
            let _ = std::fs::remove_file(p);
        }
    }
}

/// A new file only its owner can read (0600 whatever the umask; sealing makes it 0400).
fn private_file(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(PRIVATE_FILE)
        .open(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::Silent;

    #[test]
    fn gcm_gives_the_published_aes_256_gcm_test_vectors() {
        use aead::AeadInPlace;
        // The GCM specification's test cases 13 and 14: a zero key and a zero nonce.
        let gcm = Gcm(Zeroizing::new([0u8; 32]));
        let nonce = aead::Nonce::<Gcm>::default();
        let tag = gcm.encrypt_in_place_detached(&nonce, b"", &mut []).unwrap();
        assert_eq!(hex::encode(tag), "530f8afbc74536b9a963b4f1c4cb738b");
        let mut block = [0u8; 16];
        let tag = gcm
            .encrypt_in_place_detached(&nonce, b"", &mut block)
            .unwrap();
        assert_eq!(hex::encode(block), "cea7403d4d606b6e074ec5d3baf39d18");
        assert_eq!(hex::encode(tag), "d0d1c8a799996bf0265b98b5d48ab919");
        gcm.decrypt_in_place_detached(&nonce, b"", &mut block, &tag)
            .unwrap();
        assert_eq!(block, [0u8; 16], "decrypts back");
        let mut bad = tag;
        bad[0] ^= 1;
        assert!(
            gcm.decrypt_in_place_detached(&nonce, b"", &mut block, &bad)
                .is_err(),
            "a wrong tag is refused"
        );
    }

    #[test]
    fn the_empty_file_has_the_well_known_digests() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("empty");
        std::fs::write(&f, b"").unwrap();
        let r = stream(
            &f,
            None,
            LegacyHashes {
                sha1: true,
                md5: true,
            },
            &Silent,
        )
        .unwrap();
        assert_eq!(r.size, 0);
        assert_eq!(
            r.digests.sha256,
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            r.digests.sha1.unwrap(),
            "da39a3ee5e6b4b0d3255bfef95601890afd80709"
        );
        assert_eq!(r.digests.md5.unwrap(), "d41d8cd98f00b204e9800998ecf8427e");
    }
}
