//! The evidence vault's single streaming read: digests equal to the coreutils tools, copies
//! that are encrypted, read-only and decrypt to the original bytes, names that reveal nothing,
//! tampering reported, and nothing left behind by a cancelled read.

use casebook::progress::{CancelFlag, Progress, Silent};
use casebook::vault::{self, LegacyHashes, Vault};
use casebook::ErrorKind;
use std::path::Path;
use std::process::Command;
use zeroize::Zeroizing;

/// A vault in `dir/vault` with fixed keys (a case draws them at random).
fn vault_in(dir: &Path) -> Vault {
    keyed_vault(dir, 7)
}

fn keyed_vault(dir: &Path, names: u8) -> Vault {
    Vault::new(
        dir.join("vault"),
        Zeroizing::new([1u8; 32]),
        Zeroizing::new([names; 32]),
    )
}

/// The whole plaintext of a vault item, read back through decryption.
fn decrypted(vault: &Vault, sha256: &str) -> casebook::Result<Vec<u8>> {
    let mut out = Vec::new();
    vault.read(sha256, 0, Some(&mut out), LegacyHashes::default(), &Silent)?;
    Ok(out)
}

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
fn ingest_stores_an_encrypted_read_only_copy_that_decrypts_to_the_original() {
    let dir = tempfile::tempdir().unwrap();
    let vault = vault_in(dir.path());
    let f = file_of(dir.path(), "extract.csv", 3 * 1024 * 1024);
    let (read, placed) = vault.ingest(&f, LegacyHashes::default(), &Silent).unwrap();
    assert!(placed);
    let sha = &read.digests.sha256;
    let stored = vault.path(sha);
    let original = std::fs::read(&f).unwrap();
    let on_disk = std::fs::read(&stored).unwrap();
    assert_ne!(
        on_disk, original,
        "the vault holds ciphertext, not the file"
    );
    assert!(
        !on_disk
            .windows(4096)
            .any(|w| w == &original[8192..8192 + 4096]),
        "no run of the plaintext appears in the vault file"
    );
    assert_eq!(decrypted(&vault, sha).unwrap(), original);
    assert!(
        std::fs::metadata(&stored).unwrap().permissions().readonly(),
        "vault copies are read-only"
    );
    let left: Vec<String> = std::fs::read_dir(vault.dir().join("tmp"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        left,
        [vault
            .pending_marker(sha)
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned()],
        "no temporary copy remains, only the marker saying the copy awaits its commit"
    );
    assert!(
        !left[0].contains(sha.as_str()),
        "the marker does not name the plaintext hash"
    );
    let (again, placed_again) = vault.ingest(&f, LegacyHashes::default(), &Silent).unwrap();
    assert_eq!(again, read);
    assert!(!placed_again, "identical content is stored once");
}

#[test]
fn a_vault_file_name_is_a_keyed_hash_that_reveals_nothing_of_the_content() {
    let dir = tempfile::tempdir().unwrap();
    let f = file_of(dir.path(), "known.pdf", 1000);
    let sha = coreutils("sha256sum", &f);
    let one = keyed_vault(&dir.path().join("one"), 7);
    let two = keyed_vault(&dir.path().join("two"), 8);
    one.ingest(&f, LegacyHashes::default(), &Silent).unwrap();
    two.ingest(&f, LegacyHashes::default(), &Silent).unwrap();
    let name = |v: &Vault| {
        v.path(&sha)
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned()
    };
    assert!(
        !one.path(&sha).to_string_lossy().contains(&sha),
        "the path does not hold the SHA-256 someone could look up"
    );
    assert_ne!(
        name(&one),
        name(&two),
        "each case keys its names with its own secret"
    );
    assert_eq!(name(&one).len(), 64, "HMAC-SHA256 in hex");
}

#[test]
fn empty_and_chunk_multiple_files_decrypt_to_exactly_their_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let vault = vault_in(dir.path());
    // Around the 64 KiB chunk: an empty last chunk, a full last chunk, one byte over.
    for len in [0, 1, 65_535, 65_536, 65_537, 3 * 65_536] {
        let f = file_of(dir.path(), &format!("f{len}"), len);
        let (read, _) = vault.ingest(&f, LegacyHashes::default(), &Silent).unwrap();
        assert_eq!(
            decrypted(&vault, &read.digests.sha256).unwrap(),
            std::fs::read(&f).unwrap(),
            "{len} bytes round-trip"
        );
    }
}

/// Replaces the vault file of `sha` by `edit` of its bytes.
fn tamper(vault: &Vault, sha: &str, edit: impl FnOnce(&mut Vec<u8>)) {
    let p = vault.path(sha);
    let mut bytes = std::fs::read(&p).unwrap();
    edit(&mut bytes);
    std::fs::remove_file(&p).unwrap();
    std::fs::write(&p, bytes).unwrap();
}

#[test]
fn a_flipped_byte_a_truncation_a_reordering_or_an_appended_chunk_is_reported_as_tampering() {
    // 40-byte header, then chunks of 64 KiB + 16-byte tag.
    const CT: usize = 65_536 + 16;
    type Edit = Box<dyn Fn(&mut Vec<u8>)>;
    let cases: Vec<(&str, Edit)> = vec![
        (
            "a flipped byte in the first chunk",
            Box::new(|b| b[100] ^= 1),
        ),
        ("a flipped byte in the salt", Box::new(|b| b[20] ^= 1)),
        (
            "a flipped byte in the last tag",
            Box::new(|b| *b.last_mut().unwrap() ^= 1),
        ),
        (
            "one byte cut from the end",
            Box::new(|b| {
                b.pop();
            }),
        ),
        (
            "the last chunk cut off",
            Box::new(|b| b.truncate(40 + 2 * CT)),
        ),
        (
            "everything after the header cut off",
            Box::new(|b| b.truncate(40)),
        ),
        (
            "two chunks swapped",
            Box::new(|b| {
                let second: Vec<u8> = b[40 + CT..40 + 2 * CT].to_vec();
                let first: Vec<u8> = b[40..40 + CT].to_vec();
                b[40..40 + CT].copy_from_slice(&second);
                b[40 + CT..40 + 2 * CT].copy_from_slice(&first);
            }),
        ),
        (
            "a chunk appended",
            Box::new(|b| {
                let first: Vec<u8> = b[40..40 + CT].to_vec();
                b.extend(first);
            }),
        ),
        ("an empty file", Box::new(|b| b.clear())),
    ];
    for (what, edit) in cases {
        let dir = tempfile::tempdir().unwrap();
        let vault = vault_in(dir.path());
        let f = file_of(dir.path(), "records.csv", 2 * 65_536 + 500);
        let (read, _) = vault.ingest(&f, LegacyHashes::default(), &Silent).unwrap();
        let sha = &read.digests.sha256;
        tamper(&vault, sha, edit);
        let err = decrypted(&vault, sha).expect_err(what);
        assert_eq!(err.kind(), ErrorKind::Corrupt, "{what}: {err}");
        assert!(
            err.to_string().contains("fails authentication"),
            "{what}: the message says the copy was altered: {err}"
        );
    }
}

#[test]
fn a_reader_never_hands_on_bytes_of_a_chunk_that_does_not_authenticate() {
    use std::io::Read;
    let dir = tempfile::tempdir().unwrap();
    let vault = vault_in(dir.path());
    let f = file_of(dir.path(), "records.csv", 3 * 65_536);
    let (read, _) = vault.ingest(&f, LegacyHashes::default(), &Silent).unwrap();
    // The second chunk's ciphertext begins after the header and the first chunk.
    tamper(&vault, &read.digests.sha256, |b| {
        b[40 + 65_552 + 10] ^= 0x80
    });
    let mut r = vault.open(&read.digests.sha256).unwrap();
    let mut got = Vec::new();
    let err = r.read_to_end(&mut got).unwrap_err();
    assert!(vault::is_tampering(&err), "{err}");
    let mut more = [0u8; 100];
    assert!(
        r.read(&mut more).is_err(),
        "a reader that failed keeps failing: nothing after the bad chunk is handed on"
    );
    assert_eq!(
        got,
        std::fs::read(&f).unwrap()[..65_536],
        "only the first, authentic chunk was handed on"
    );
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
    let vault = vault_in(dir.path());
    let f = file_of(dir.path(), "big", 8 * 1024 * 1024);
    let err = vault
        .ingest(
            &f,
            LegacyHashes::default(),
            &CancelAfter(2 << 20, CancelFlag::default()),
        )
        .unwrap_err();
    assert_eq!(err.kind(), casebook::ErrorKind::Cancelled);
    let leftovers: Vec<_> = walk(vault.dir());
    assert!(
        leftovers.is_empty(),
        "a cancelled ingest must leave nothing: {leftovers:?}"
    );
}

#[test]
fn an_unreadable_file_is_a_clear_error_and_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let vault = vault_in(dir.path());
    let err = vault
        .ingest(
            &dir.path().join("missing.bin"),
            LegacyHashes::default(),
            &Silent,
        )
        .unwrap_err();
    assert!(err.to_string().contains("missing.bin"), "{err}");
    assert!(walk(vault.dir()).is_empty());
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
