//! The content-addressed evidence vault and the one streaming read that hashes a file and
//! copies it in. A file is read once: SHA-256 always, SHA-1 and MD5 when asked, each digest on
//! its own thread fed the same chunks, while the reading thread writes the copy. The copy goes
//! to a temporary name in the vault, is fsynced, renamed to `vault/sha256/ab/cd…`, and made
//! read-only; a failed or cancelled read leaves no file behind.

use crate::error::{Error, Result};
use crate::progress::Progress;
use crate::util::fs::{private_dir_all, PRIVATE_FILE};
use digest::Digest;
use serde::{Deserialize, Serialize};
use specta::Type;
use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{sync_channel, Receiver};
use std::sync::Arc;

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

/// Reads `src` once, computing the digests and, when `sink` is given, writing every byte to it.
/// `expected_size` drives progress; a file that changes size while being read is an error.
pub fn stream(
    src: &Path,
    mut sink: Option<&mut dyn Write>,
    legacy: LegacyHashes,
    progress: &dyn Progress,
) -> Result<Read1> {
    let mut file =
        File::open(src).map_err(|e| Error::io(format!("opening {}", src.display()), e))?;
    let meta_before = file
        .metadata()
        .map_err(|e| Error::io(format!("reading {}", src.display()), e))?;
    let total = meta_before.len();

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
                let n = file
                    .read(&mut buf[filled..])
                    .map_err(|e| Error::io(format!("reading {}", src.display()), e))?;
                if n == 0 {
                    break;
                }
                filled += n;
            }
            if filled == 0 {
                return Ok(());
            }
            buf.truncate(filled);
            if let Some(w) = sink.as_deref_mut() {
                w.write_all(&buf)
                    .map_err(|e| Error::io("writing the vault copy", e))?;
            }
            let chunk = Arc::new(buf);
            for s in &senders {
                s.send(chunk.clone())
                    .expect("hashing threads outlive the read");
            }
            done += filled as u64;
            if done > total {
                // Growing under us: stop now rather than chase a file that may never end.
                return Err(changed_while_reading(src, total, done));
            }
            progress.update(done, total);
        }
    })();
    drop(senders);
    let sha256 = h256.join().expect("hashing thread");
    let sha1 = h1.map(|h| h.join().expect("hashing thread"));
    let md5 = hmd5.map(|h| h.join().expect("hashing thread"));
    read_result?;

    let meta_after =
        std::fs::metadata(src).map_err(|e| Error::io(format!("reading {}", src.display()), e))?;
    if done != total
        || meta_after.len() != total
        || meta_after.modified().ok() != meta_before.modified().ok()
    {
        return Err(changed_while_reading(src, total, meta_after.len()));
    }
    Ok(Read1 {
        size: done,
        digests: Digests { sha256, sha1, md5 },
    })
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

/// The marker that says this process placed the vault copy of `sha256` and has not yet
/// committed the item that refers to it.
pub fn pending_marker(vault: &Path, sha256: &str) -> PathBuf {
    vault
        .join("tmp")
        .join(format!("{}-{sha256}.pending", std::process::id()))
}

/// Removes a vault copy (read-only by design) and its pending marker.
pub fn remove_uncommitted(vault: &Path, sha256: &str) {
    let p = vault_path(vault, sha256);
    let _ = std::fs::set_permissions(
        &p,
        <std::fs::Permissions as std::os::unix::fs::PermissionsExt>::from_mode(0o600),
    );
    let _ = std::fs::remove_file(&p);
    let _ = std::fs::remove_file(pending_marker(vault, sha256));
}

/// Removes what intakes killed mid-way left behind, so an interrupted intake leaves nothing
/// once the case is opened again: temporary files, and placed copies whose item was never
/// committed (`is_committed` says whether an item refers to a SHA-256). Files of live
/// processes, including other windows on the same case, are kept.
pub fn sweep_orphans(vault: &Path, is_committed: impl Fn(&str) -> bool) {
    let Ok(entries) = std::fs::read_dir(vault.join("tmp")) else {
        return;
    };
    let proc = Path::new("/proc");
    if !proc.join("self").exists() {
        return; // no way to tell a live writer from a dead one here
    }
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
        if let Some(sha256) = rest.strip_suffix(".pending") {
            if sha256.len() == 64 && !is_committed(sha256) {
                let p = vault_path(vault, sha256);
                let _ = std::fs::set_permissions(
                    &p,
                    <std::fs::Permissions as std::os::unix::fs::PermissionsExt>::from_mode(0o600),
                );
                let _ = std::fs::remove_file(p);
            }
            let _ = std::fs::remove_file(entry.path());
        } else if rest.ends_with(".partial") {
            let _ = std::fs::remove_file(entry.path());
        }
    }
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

/// Where the vault keeps content with this SHA-256.
pub fn vault_path(vault: &Path, sha256: &str) -> PathBuf {
    vault
        .join("sha256")
        .join(&sha256[..2])
        .join(&sha256[2..4])
        .join(sha256)
}

/// Removes its file unless disarmed: the guarantee that a failed copy leaves nothing behind.
struct TempFile(Option<PathBuf>);

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

/// Copies `src` into `vault` while hashing it. Content already in the vault is not written
/// twice. Returns the read, the vault path, and whether this call placed the file there.
pub fn ingest(
    vault: &Path,
    src: &Path,
    legacy: LegacyHashes,
    progress: &dyn Progress,
) -> Result<(Read1, PathBuf, bool)> {
    let tmp_dir = vault.join("tmp");
    private_dir_all(&tmp_dir).map_err(|e| Error::io("preparing the vault", e))?;
    // The pid in the name lets a later open remove what a killed process left behind.
    let tmp_path = tmp_dir.join(format!(
        "{}-{}.partial",
        std::process::id(),
        uuid::Uuid::new_v4()
    ));
    let mut guard = TempFile(Some(tmp_path.clone()));
    let out = private_file(&tmp_path).map_err(|e| Error::io("writing into the vault", e))?;
    let mut w = Writeback::new(out);
    let read = stream(src, Some(&mut w), legacy, progress)?;
    let out = w.into_inner();
    out.sync_all()
        .map_err(|e| Error::io("flushing the vault copy to disk", e))?;
    drop(out);
    let dest = vault_path(vault, &read.digests.sha256);
    if dest.exists() {
        return Ok((read, dest, false));
    }
    let parent = dest.parent().expect("vault paths have parents");
    private_dir_all(parent).map_err(|e| Error::io("preparing the vault", e))?;
    let mut perms = std::fs::metadata(&tmp_path)
        .map_err(|e| Error::io("reading the vault copy", e))?
        .permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(&tmp_path, perms)
        .map_err(|e| Error::io("sealing the vault copy", e))?;
    // Until the item is committed, a marker names this copy as ours; a process killed before
    // the commit leaves the marker, and the next open removes the unreferenced copy.
    private_file(&pending_marker(vault, &read.digests.sha256))
        .map_err(|e| Error::io("writing into the vault", e))?;
    std::fs::rename(&tmp_path, &dest).map_err(|e| Error::io("placing the vault copy", e))?;
    guard.0 = None;
    if let Ok(dir) = File::open(parent) {
        // Make the rename itself durable.
        let _ = dir.sync_all();
    }
    Ok((read, dest, true))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::Silent;

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
