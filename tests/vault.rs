//! The evidence vault's single streaming read: digests equal to the coreutils tools, copies
//! that are byte-identical and read-only, and nothing left behind by a cancelled read.

use casebook::progress::{CancelFlag, Progress, Silent};
use casebook::vault::{self, LegacyHashes};
use std::path::Path;
use std::process::Command;

fn coreutils(tool: &str, file: &Path) -> String {
    let out = Command::new(tool).arg(file).output().unwrap();
    String::from_utf8(out.stdout)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_string()
}

fn file_of(dir: &Path, name: &str, len: usize) -> std::path::PathBuf {
    // Deterministic, non-repeating-looking content so chunk boundaries matter.
    let bytes: Vec<u8> = (0..len)
        .map(|i| ((i * 31 + i / 7919) % 251) as u8)
        .collect();
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

#[test]
fn digests_equal_sha256sum_sha1sum_and_md5sum_for_empty_small_and_multi_megabyte_files() {
    let dir = tempfile::tempdir().unwrap();
    for (name, len) in [
        ("empty", 0),
        ("small", 1000),
        ("multi", 5 * 1024 * 1024 + 17),
    ] {
        let f = file_of(dir.path(), name, len);
        let r = vault::stream(
            &f,
            None,
            LegacyHashes {
                sha1: true,
                md5: true,
            },
            &Silent,
        )
        .unwrap();
        assert_eq!(r.size, len as u64);
        assert_eq!(
            r.digests.sha256,
            coreutils("sha256sum", &f),
            "{name}: SHA-256"
        );
        assert_eq!(
            r.digests.sha1.as_deref(),
            Some(coreutils("sha1sum", &f).as_str()),
            "{name}: SHA-1"
        );
        assert_eq!(
            r.digests.md5.as_deref(),
            Some(coreutils("md5sum", &f).as_str()),
            "{name}: MD5"
        );
    }
}

#[test]
fn legacy_digests_are_computed_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let f = file_of(dir.path(), "small", 10);
    let r = vault::stream(&f, None, LegacyHashes::default(), &Silent).unwrap();
    assert!(r.digests.sha1.is_none() && r.digests.md5.is_none());
}

#[test]
fn ingest_stores_a_byte_identical_read_only_copy_under_its_sha256() {
    let dir = tempfile::tempdir().unwrap();
    let vault_dir = dir.path().join("vault");
    let f = file_of(dir.path(), "extract.csv", 3 * 1024 * 1024);
    let (read, stored, placed) =
        vault::ingest(&vault_dir, &f, LegacyHashes::default(), &Silent).unwrap();
    assert!(placed);
    let sha = &read.digests.sha256;
    assert_eq!(
        stored,
        vault_dir
            .join("sha256")
            .join(&sha[..2])
            .join(&sha[2..4])
            .join(sha)
    );
    assert_eq!(std::fs::read(&stored).unwrap(), std::fs::read(&f).unwrap());
    assert!(
        std::fs::metadata(&stored).unwrap().permissions().readonly(),
        "vault copies are read-only"
    );
    let left: Vec<String> = std::fs::read_dir(vault_dir.join("tmp"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        left,
        [format!("{}-{sha}.pending", std::process::id())],
        "no temporary copy remains, only the marker saying the copy awaits its commit"
    );
    let (again, stored_again, placed_again) =
        vault::ingest(&vault_dir, &f, LegacyHashes::default(), &Silent).unwrap();
    assert_eq!((again, stored_again), (read, stored));
    assert!(!placed_again, "identical content is stored once");
}

struct CancelAfter(u64, CancelFlag);

impl Progress for CancelAfter {
    fn update(&self, done: u64, _: u64) {
        if done >= self.0 {
            self.1.cancel();
        }
    }
    fn cancelled(&self) -> bool {
        self.1.is_set()
    }
}

#[test]
fn a_cancelled_ingest_leaves_no_file_in_the_vault() {
    let dir = tempfile::tempdir().unwrap();
    let vault_dir = dir.path().join("vault");
    let f = file_of(dir.path(), "big", 8 * 1024 * 1024);
    let err = vault::ingest(
        &vault_dir,
        &f,
        LegacyHashes::default(),
        &CancelAfter(2 << 20, CancelFlag::default()),
    )
    .unwrap_err();
    assert_eq!(err.kind(), casebook::ErrorKind::Cancelled);
    let leftovers: Vec<_> = walk(&vault_dir);
    assert!(
        leftovers.is_empty(),
        "a cancelled ingest must leave nothing: {leftovers:?}"
    );
}

#[test]
fn an_unreadable_file_is_a_clear_error_and_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let vault_dir = dir.path().join("vault");
    let err = vault::ingest(
        &vault_dir,
        &dir.path().join("missing.bin"),
        LegacyHashes::default(),
        &Silent,
    )
    .unwrap_err();
    assert!(err.to_string().contains("missing.bin"), "{err}");
    assert!(walk(&vault_dir).is_empty());
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                files.extend(walk(&p));
            } else {
                files.push(p);
            }
        }
    }
    files
}
