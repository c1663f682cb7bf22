//! Sealed case bundles: one file holding the whole case, still encrypted, signed by whoever
//! sealed it; opening checks everything before anything is written.

mod common;

use casebook::bundle::{open_bundle, BundleSummary};
use casebook::error::ErrorKind;
use casebook::evidence::{IntakeRequest, VerificationStatus};
use casebook::progress::Silent;
use casebook::signing::KeyPair;
use casebook::Case;
use common::*;
use std::path::{Path, PathBuf};

/// Ida's profile key, kept in `dir/ida-home` (the same key on every call).
fn ida_key(dir: &Path) -> KeyPair {
    KeyPair::load_or_create(&dir.join("ida-home"), None).unwrap()
}

/// Another investigator's key, in their own home.
fn other_key(dir: &Path) -> KeyPair {
    KeyPair::load_or_create(&dir.join("ola-home"), None).unwrap()
}

/// A case with three evidence items (one a duplicate of another's content) and two import
/// batches of affected people, sealed by Ida into `dir/case.cbx`.
fn sealed_case(dir: &Path) -> (PathBuf, PathBuf, BundleSummary) {
    let mut case = new_case(dir, "orig");
    let files = dir.join("files");
    std::fs::create_dir(&files).unwrap();
    let a = write(&files, "export.csv", b"id,name\n1,Ann\n");
    let b = write(&files, "memo.txt", &vec![b'x'; 300_000]);
    let c = write(&files, "copy.csv", b"id,name\n1,Ann\n");
    for batch in [&[&a, &b][..], &[&c][..]] {
        case.add_evidence(
            IntakeRequest {
                paths: batch.iter().map(|p| p.display().to_string()).collect(),
                ..Default::default()
            },
            &Silent,
        )
        .unwrap();
    }
    for (name, rows) in [
        (
            "first.csv",
            "name,email\nAnn Smith,ann@example.com\nBo Li,bo@example.com\n",
        ),
        ("second.csv", "name,email\nCy Young,cy@example.com\n"),
    ] {
        import(&mut case, &write(&files, name, rows.as_bytes())).unwrap();
    }
    let out = dir.join("case.cbx");
    let summary = case.seal_bundle(&out, &ida_key(dir), &Silent).unwrap();
    (case_folder(dir, "orig"), out, summary)
}

/// Every name under `dir`, relative and sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            out.push(p.strip_prefix(dir).unwrap().display().to_string());
            if p.is_dir() {
                stack.push(p);
            }
        }
    }
    out.sort();
    out
}

fn vault_files(case_folder: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = listing(&case_folder.join("vault/v1"))
        .into_iter()
        .map(|rel| case_folder.join("vault/v1").join(rel))
        .filter(|p| p.is_file())
        .map(|p| {
            (
                p.strip_prefix(case_folder).unwrap().display().to_string(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

/// Opens `bundle` into `dir/opened` and expects a refusal whose message holds `reason`,
/// with nothing left in `dir` but what was there before.
fn refused(dir: &Path, bundle: &Path, reason: &str) {
    let before = listing(dir);
    let err = open_bundle(bundle, &dir.join("opened"), None, &Silent)
        .expect_err("a damaged bundle must be refused");
    assert!(
        err.to_string().contains(reason),
        "the refusal should say {reason:?}: {err}"
    );
    assert_eq!(
        listing(dir),
        before,
        "a refused bundle leaves nothing behind ({err})"
    );
}

#[test]
fn a_bundle_reopens_as_the_same_case_with_every_item_verifying() {
    let dir = tempfile::tempdir().unwrap();
    let (orig, bundle, sealed) = sealed_case(dir.path());
    assert_eq!(
        sealed.vault_files, 4,
        "four distinct contents: three items share one"
    );
    let mode = std::fs::metadata(&bundle).unwrap().permissions();
    assert_eq!(
        std::os::unix::fs::PermissionsExt::mode(&mode) & 0o777,
        0o600,
        "a bundle is the whole case: its owner's alone"
    );

    let opened = open_bundle(&bundle, &dir.path().join("copy"), None, &Silent).unwrap();
    assert_eq!(
        opened.sealer.name, "Ida Investigator",
        "it says who sealed it"
    );
    assert_eq!(
        opened.sealer.fingerprint,
        ida_key(dir.path()).public_key().fingerprint()
    );
    assert_eq!(opened.sealed_at, sealed.sealed_at);
    assert_eq!(
        opened.path,
        case_folder(dir.path(), "copy").display().to_string()
    );

    let original = reopen(&orig);
    let mut copy = reopen(&case_folder(dir.path(), "copy"));
    let verified = copy.verify_audit(&Silent).unwrap();
    assert!(
        verified.intact,
        "the opened case's audit chain is intact: {verified:?}"
    );
    assert_eq!(verified.entries, opened.audit_head.seq);
    assert_eq!(verified.head_hash, opened.audit_head.hash);
    let original_log = original.audit_log(&Default::default()).unwrap();
    assert_eq!(
        original_log[0].action, "case.bundle",
        "the original records the sealing, after the state it sealed"
    );
    assert_eq!(
        original_log[1].hash, opened.audit_head.hash,
        "the bundle holds the case as it was just before it was sealed"
    );
    assert_eq!(copy.info().unwrap(), original.info().unwrap());
    let manifest: casebook::bundle::Manifest = {
        let mut archive = tar::Archive::new(std::fs::File::open(&bundle).unwrap());
        let first = archive.entries().unwrap().next().unwrap().unwrap();
        serde_json::from_reader(first).unwrap()
    };
    let check = copy.check_receipt(&manifest.receipt).unwrap();
    assert!(
        check.valid && check.is_current_head,
        "the sealer's receipt in the manifest is the opened case's head: {check:?}"
    );
    assert_eq!(
        vault_files(&case_folder(dir.path(), "copy")),
        vault_files(&orig),
        "every vault file arrives as stored, still encrypted"
    );
    assert_eq!(
        copy.evidence().unwrap().len(),
        5,
        "three files and two imported sheets"
    );
    for outcome in copy.verify_evidence(&[], &Silent).unwrap() {
        assert_eq!(
            outcome.status,
            VerificationStatus::Ok,
            "{} must verify in the opened case: {}",
            outcome.id,
            outcome.detail
        );
    }
    let people = |folder: &Path| -> i64 {
        raw_connection(folder)
            .query_row("SELECT count(*) FROM people", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(
        people(&case_folder(dir.path(), "copy")),
        3,
        "both batches came along"
    );
    assert_eq!(people(&orig), 3);
}

#[test]
fn the_manifest_names_no_title_and_no_personal_data() {
    let dir = tempfile::tempdir().unwrap();
    let (_, bundle, _) = sealed_case(dir.path());
    let bytes = std::fs::read(&bundle).unwrap();
    // The sealer's own name and e-mail (in their receipt) are there by design.
    for secret in ["Case orig", "Ann Smith", "ann@example.com", "export.csv"] {
        assert!(
            !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
            "{secret:?} must not be readable in the bundle without the passphrase"
        );
    }
}

/// Where each entry of a bundle sits: its name, header offset, data offset and size.
fn layout(bundle: &Path) -> Vec<(String, u64, u64, u64)> {
    let mut archive = tar::Archive::new(std::fs::File::open(bundle).unwrap());
    archive
        .entries()
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.path().unwrap().display().to_string(),
                e.raw_header_position(),
                e.raw_file_position(),
                e.size(),
            )
        })
        .collect()
}

#[test]
fn a_flipped_byte_anywhere_is_refused_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (_, bundle, _) = sealed_case(dir.path());
    let good = std::fs::read(&bundle).unwrap();
    let entries = layout(&bundle);
    assert_eq!(entries[0].0, "MANIFEST.json");
    assert_eq!(entries[1].0, "MANIFEST.sig");
    assert_eq!(entries[2].0, "case.db");
    assert_eq!(
        entries.len(),
        7,
        "manifest, signature, database and four vault files"
    );
    let case_id_at = good[entries[0].2 as usize..]
        .windows(12)
        .position(|w| w == b"\"case_id\": \"")
        .unwrap() as u64;
    let mut flips = vec![
        // A character of the case id: the manifest still reads, but is not what was signed.
        (
            entries[0].2 + case_id_at + 13,
            "its signature was not made by Ida Investigator".to_string(),
        ),
        (entries[1].2 + 5, "signature".to_string()),
        (entries[3].1 + 3, "nothing was written".to_string()),
    ];
    for (name, _, data, size) in &entries[2..] {
        // The first, a middle and the last byte of every file.
        for offset in [0, size / 2, size - 1] {
            flips.push((data + offset, format!("{name} does not match its manifest")));
        }
    }
    for (offset, reason) in flips {
        let mut bad = good.clone();
        bad[offset as usize] ^= 0x01;
        let tampered = dir.path().join("tampered.cbx");
        std::fs::write(&tampered, &bad).unwrap();
        refused(dir.path(), &tampered, &reason);
    }
}

#[test]
fn a_truncated_bundle_is_refused_at_every_length() {
    let dir = tempfile::tempdir().unwrap();
    let (_, bundle, _) = sealed_case(dir.path());
    let good = std::fs::read(&bundle).unwrap();
    for len in [
        0,
        100,
        512,
        1500,
        4096,
        good.len() / 2,
        good.len() - 1536,
        good.len() - 1,
    ] {
        let cut = dir.path().join("cut.cbx");
        std::fs::write(&cut, &good[..len]).unwrap();
        let before = listing(dir.path());
        let err = open_bundle(&cut, &dir.path().join("opened"), None, &Silent)
            .expect_err("a truncated bundle must be refused");
        assert_eq!(err.kind(), ErrorKind::Corrupt, "at {len} bytes: {err}");
        assert!(err.to_string().contains("nothing was written"), "{err}");
        assert_eq!(
            listing(dir.path()),
            before,
            "at {len} bytes nothing is left"
        );
    }
}

#[test]
fn a_bundle_without_its_signature_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (_, bundle, _) = sealed_case(dir.path());
    let good = std::fs::read(&bundle).unwrap();
    // The signature entry is the second: its 512-byte header and one 512-byte block.
    let sig = good.windows(12).position(|w| w == b"MANIFEST.sig").unwrap();
    let mut unsigned = good[..sig].to_vec();
    unsigned.extend_from_slice(&good[sig + 1024..]);
    let path = dir.path().join("unsigned.cbx");
    std::fs::write(&path, unsigned).unwrap();
    refused(dir.path(), &path, "carries no signature");
}

#[test]
fn another_investigators_signature_is_refused_naming_the_sealer() {
    let dir = tempfile::tempdir().unwrap();
    let (_, bundle, _) = sealed_case(dir.path());
    let good = std::fs::read(&bundle).unwrap();
    let sig_at = good.windows(12).position(|w| w == b"MANIFEST.sig").unwrap() + 512;
    let manifest_len = {
        let size = std::str::from_utf8(&good[124..135]).unwrap();
        usize::from_str_radix(size.trim_end_matches('\0'), 8).unwrap()
    };
    let manifest = &good[512..512 + manifest_len];
    let forged = other_key(dir.path()).sign(manifest).to_base64();
    let mut bad = good.clone();
    bad[sig_at..sig_at + 88].copy_from_slice(forged.as_bytes());
    let path = dir.path().join("forged.cbx");
    std::fs::write(&path, bad).unwrap();
    refused(dir.path(), &path, "not made by Ida Investigator");

    // A genuine bundle from someone the opener did not expect is refused, saying whose it is.
    let mut other = reopen(&case_folder(dir.path(), "orig"));
    let theirs = dir.path().join("theirs.cbx");
    other
        .seal_bundle(&theirs, &other_key(dir.path()), &Silent)
        .unwrap();
    drop(other);
    let expected = ida_key(dir.path()).public_key().fingerprint();
    let err = open_bundle(
        &theirs,
        &dir.path().join("opened"),
        Some(&expected),
        &Silent,
    )
    .expect_err("a bundle sealed by an unexpected key must be refused");
    assert!(
        err.to_string()
            .contains(&other_key(dir.path()).public_key().fingerprint()),
        "the refusal names the key that did seal it: {err}"
    );
    assert!(!case_folder(dir.path(), "opened").exists());
}

#[test]
fn what_a_killed_open_left_beside_the_destination_is_removed_by_the_next_one() {
    let dir = tempfile::tempdir().unwrap();
    let (_, bundle, _) = sealed_case(dir.path());
    // pid_max on Linux is at most 2^22, so this process cannot exist.
    let left = dir.path().join(".gone.casebook.opening-4999999-0b1c");
    std::fs::create_dir_all(left.join("vault")).unwrap();
    std::fs::write(left.join("case.db"), b"half").unwrap();
    let live = dir.path().join(format!(
        ".busy.casebook.opening-{}-0b1c",
        std::process::id()
    ));
    std::fs::create_dir(&live).unwrap();
    open_bundle(&bundle, &dir.path().join("copy"), None, &Silent).unwrap();
    assert!(
        !left.exists(),
        "a dead process's half-opened case is removed"
    );
    assert!(live.exists(), "a live process's is its own");
}

#[test]
fn an_existing_destination_is_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let (orig, bundle, _) = sealed_case(dir.path());
    let err = open_bundle(&bundle, &orig, None, &Silent).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::AlreadyExists, "{err}");
    std::fs::create_dir(dir.path().join("empty.casebook")).unwrap();
    let err = open_bundle(&bundle, &dir.path().join("empty"), None, &Silent).unwrap_err();
    assert_eq!(
        err.kind(),
        ErrorKind::AlreadyExists,
        "even an empty folder is the user's: {err}"
    );
    assert!(reopen(&orig).verify_audit(&Silent).unwrap().intact);
}

/// Builds a tar stream by hand: `entries` with their names written raw into the header
/// (`set_path` refuses `..` and absolute paths, an attacker's tool does not).
fn hostile(dir: &Path, name: &str, entries: &[(&str, tar::EntryType, &[u8])]) -> PathBuf {
    let path = dir.join(name);
    let mut builder = tar::Builder::new(std::fs::File::create(&path).unwrap());
    for (entry, kind, data) in entries {
        let mut h = tar::Header::new_ustar();
        h.as_old_mut().name[..entry.len()].copy_from_slice(entry.as_bytes());
        h.set_entry_type(*kind);
        h.set_size(data.len() as u64);
        h.set_mode(0o644);
        h.set_cksum();
        builder.append(&h, *data).unwrap();
    }
    builder.finish().unwrap();
    path
}

/// A manifest listing one file, `case.db` of one byte, genuinely signed by Ida: what gets past
/// the signature, so the entries themselves must be refused.
fn signed_manifest(dir: &Path) -> (Vec<u8>, String) {
    use sha2::Digest;
    let key = ida_key(dir);
    let receipt = new_case(dir, "receipted").receipt(&key).unwrap();
    let manifest = casebook::bundle::Manifest {
        format: casebook::bundle::FORMAT,
        case_id: receipt.case_id.clone(),
        case_created_at: "2026-01-02T09:00:00.000Z".into(),
        sealed_at: "2026-01-02T09:00:00.000Z".into(),
        audit_head: casebook::bundle::AuditHead {
            seq: receipt.seq,
            hash: receipt.head_hash.clone(),
        },
        receipt,
        sealer: casebook::bundle::Sealer {
            name: "Ida Investigator".into(),
            fingerprint: key.public_key().fingerprint(),
            public_key: key.public_key().to_base64(),
        },
        files: vec![casebook::bundle::BundledFile {
            path: "case.db".into(),
            size: 1,
            sha256: hex::encode(sha2::Sha256::digest(b"x")),
        }],
    };
    let bytes = serde_json::to_vec(&manifest).unwrap();
    let sig = key.sign(&bytes).to_base64();
    (bytes, sig)
}

#[test]
fn hostile_entries_are_refused_even_under_a_genuine_signature_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (manifest, sig) = signed_manifest(dir.path());
    let reg = tar::EntryType::Regular;
    let cases: Vec<(&str, (&str, tar::EntryType), &str)> = vec![
        (
            "abs.cbx",
            ("/tmp/evil", reg),
            "holds /tmp/evil where its manifest lists case.db",
        ),
        (
            "dotdot.cbx",
            ("../evil", reg),
            "holds ../evil where its manifest lists case.db",
        ),
        (
            "link.cbx",
            ("case.db", tar::EntryType::Symlink),
            "not a plain file",
        ),
        (
            "hardlink.cbx",
            ("case.db", tar::EntryType::Link),
            "not a plain file",
        ),
        (
            "device.cbx",
            ("case.db", tar::EntryType::Char),
            "not a plain file",
        ),
        (
            "fifo.cbx",
            ("case.db", tar::EntryType::Fifo),
            "not a plain file",
        ),
        (
            "longname.cbx",
            ("././@LongLink", tar::EntryType::GNULongName),
            "holds ././@LongLink",
        ),
    ];
    for (name, (entry, kind), reason) in cases {
        let path = hostile(
            dir.path(),
            name,
            &[
                ("MANIFEST.json", reg, &manifest[..]),
                ("MANIFEST.sig", reg, sig.as_bytes()),
                (entry, kind, b"x"),
            ],
        );
        refused(dir.path(), &path, reason);
        assert!(!dir.path().parent().unwrap().join("evil").exists());
        assert!(!Path::new("/tmp/evil").exists());
    }

    // The same stream with a plain `case.db` passes every check: the refusals above were the
    // entries'. (What it places is no case; opening it with a passphrase would say so.)
    let plain = hostile(
        dir.path(),
        "plain.cbx",
        &[
            ("MANIFEST.json", reg, &manifest[..]),
            ("MANIFEST.sig", reg, sig.as_bytes()),
            ("case.db", reg, b"x"),
        ],
    );
    open_bundle(&plain, &dir.path().join("placed"), None, &Silent).unwrap();
    assert_eq!(
        std::fs::read(case_folder(dir.path(), "placed").join("case.db")).unwrap(),
        b"x"
    );

    // A huge size in a header is judged against the signed manifest, never allocated or read.
    let mut huge = std::fs::read(&plain).unwrap();
    let entry = layout(&plain)[2].1 as usize; // case.db's header
    let at = entry + 124;
    huge[at..at + 12].copy_from_slice(b"77777777777\0");
    let sum: u32 = huge[entry..entry + 512]
        .iter()
        .enumerate()
        .map(|(i, b)| {
            if (148..156).contains(&i) {
                32
            } else {
                u32::from(*b)
            }
        })
        .sum();
    huge[entry + 148..entry + 156].copy_from_slice(format!("{sum:06o}\0 ").as_bytes());
    let path = dir.path().join("huge.cbx");
    std::fs::write(&path, huge).unwrap();
    refused(dir.path(), &path, "nothing was written");
}

#[test]
fn garbage_and_truncated_inputs_are_refused_quickly_without_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let (_, bundle, _) = sealed_case(dir.path());
    let good = std::fs::read(&bundle).unwrap();
    let root = dir.path().to_path_buf();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut random = |n: usize| -> Vec<u8> {
            (0..n)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    state as u8
                })
                .collect()
        };
        let mut inputs: Vec<Vec<u8>> = (0..40).map(|i| random(i * 97)).collect();
        for i in 0..60 {
            // A real header, then noise: sizes and types the reader must not trust.
            let mut v = good[..(i * 211) % good.len()].to_vec();
            let noise = random(600);
            let at = (i * 131) % v.len().max(1);
            for (j, b) in noise.iter().enumerate().take(v.len().saturating_sub(at)) {
                if j % 7 == 0 {
                    v[at + j] = *b;
                }
            }
            inputs.push(v);
        }
        for (i, input) in inputs.iter().enumerate() {
            let path = root.join(format!("garbage-{i}.cbx"));
            std::fs::write(&path, input).unwrap();
            let result = std::panic::catch_unwind(|| {
                open_bundle(&path, &root.join(format!("out-{i}")), None, &Silent)
            });
            let outcome = match result {
                Ok(Ok(_)) => format!("input {i} was accepted"),
                Ok(Err(_)) => String::new(),
                Err(_) => format!("input {i} panicked"),
            };
            if !outcome.is_empty() {
                tx.send(outcome).unwrap();
                return;
            }
        }
        tx.send(String::new()).unwrap();
    });
    let outcome = rx
        .recv_timeout(std::time::Duration::from_secs(60))
        .expect("reading 100 damaged bundles must not hang");
    assert_eq!(outcome, "", "every damaged bundle is refused with an error");
}

#[test]
fn a_cancelled_seal_leaves_no_file_and_records_nothing() {
    struct CancelAfter(std::sync::atomic::AtomicU64);
    impl casebook::progress::Progress for CancelAfter {
        fn update(&self, _: u64, _: u64) {
            self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        }
        fn cancelled(&self) -> bool {
            self.0.load(std::sync::atomic::Ordering::SeqCst) > 3
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let mut case: Case = new_case(dir.path(), "c");
    let big = write(dir.path(), "big.bin", &vec![1u8; 3_000_000]);
    case.add_evidence(
        IntakeRequest {
            paths: vec![big.display().to_string()],
            ..Default::default()
        },
        &Silent,
    )
    .unwrap();
    let seq = case.verify_audit(&Silent).unwrap().entries;
    let out = dir.path().join("c.cbx");
    let key = ida_key(dir.path());
    let before = listing(dir.path());
    let err = case
        .seal_bundle(&out, &key, &CancelAfter(Default::default()))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Cancelled);
    assert!(!out.exists(), "a cancelled bundle leaves no file");
    let mut after = listing(dir.path());
    // The case's own folder for temporaries stays, empty.
    after.retain(|p| p != "c.casebook/tmp");
    assert_eq!(
        after, before,
        "nothing partial is left, in the folder or in the case"
    );
    assert_eq!(
        case.verify_audit(&Silent).unwrap().entries,
        seq,
        "nothing recorded"
    );
}

#[test]
fn the_cli_seals_and_opens_a_bundle_saying_who_sealed_it() {
    use common::cli::{casebook, json, ok};
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    drop(new_case(dir.path(), "orig"));
    let case = case_folder(dir.path(), "orig");
    let bundle = dir.path().join("orig.cbx");
    let sealed = json(casebook(
        &home,
        &[
            "case",
            "bundle",
            case.to_str().unwrap(),
            "--out",
            bundle.to_str().unwrap(),
            "--json",
        ],
    ));
    let fingerprint = sealed["sealer"]["fingerprint"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(!fingerprint.is_empty(), "the profile's key signs: {sealed}");

    let to = dir.path().join("moved");
    let opened = ok(casebook(
        &home,
        &[
            "case",
            "open-bundle",
            bundle.to_str().unwrap(),
            "--to",
            to.to_str().unwrap(),
            "--expect-sealer",
            &fingerprint,
        ],
    ));
    assert!(
        opened.contains(&format!("(key {fingerprint})")),
        "the opener is told whose key sealed it: {opened}"
    );
    let verified = ok(casebook(
        &home,
        &[
            "audit",
            "verify",
            case_folder(dir.path(), "moved").to_str().unwrap(),
        ],
    ));
    assert!(verified.contains("intact"), "{verified}");

    let again = casebook(
        &home,
        &[
            "case",
            "open-bundle",
            bundle.to_str().unwrap(),
            "--to",
            to.to_str().unwrap(),
        ],
    );
    assert!(
        !again.status.success(),
        "an opened case is never overwritten"
    );
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("already exists"),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
}
