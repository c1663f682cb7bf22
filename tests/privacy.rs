//! Privacy at rest, on real case folders: no byte of a customer's name or e-mail lands in the
//! case folder after an import, intake, packet and export; and a vault written before vault
//! encryption is encrypted on open — plaintext removed, verification and export unchanged —
//! including a conversion that was interrupted.

mod common;

use casebook::affected::ImportRequest;
use casebook::evidence::{ExportRequest, IntakeRequest, VerificationStatus};
use casebook::packet::PacketOptions;
use casebook::progress::Silent;
use casebook::Case;
use common::*;
use std::path::{Path, PathBuf};

/// A name and an e-mail no file of Casebook's own could hold by chance.
const CANARY_NAME: &str = "Quenby Xylander-Vortigern";
const CANARY_EMAIL: &str = "quenby.xylander@canary-7f3e.example";

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if e.file_type().unwrap().is_dir() {
            out.extend(files_under(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// Every file under `dir` holding `needle` (in UTF-8, and in UTF-16 for good measure).
fn holders(dir: &Path, needle: &str) -> Vec<PathBuf> {
    let utf8 = needle.as_bytes().to_vec();
    let utf16: Vec<u8> = needle
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    files_under(dir)
        .into_iter()
        .filter(|p| {
            let bytes = std::fs::read(p).unwrap_or_default();
            [&utf8, &utf16]
                .iter()
                .any(|n| bytes.windows(n.len()).any(|w| w == n.as_slice()))
        })
        .collect()
}

fn import(case: &mut Case, path: &Path) {
    case.import_affected(
        ImportRequest {
            path: path.to_string_lossy().into_owned(),
            ..Default::default()
        },
        &Silent,
    )
    .expect("the customer list imports");
}

#[test]
fn no_byte_of_a_canary_name_or_email_appears_anywhere_in_the_case_folder() {
    let dir = tempfile::tempdir().unwrap();
    let outside = dir.path().join("outside");
    std::fs::create_dir(&outside).unwrap();
    let mut case = new_case(dir.path(), "canary");
    let list = outside.join("customers.csv");
    std::fs::write(
        &list,
        format!(
            "name,email,state\n{CANARY_NAME},{CANARY_EMAIL},CA\nAda Lovelace,ada@example.com,NY\n"
        ),
    )
    .unwrap();
    import(&mut case, &list);
    // A second batch, and a workbook-free second file as evidence.
    let more = outside.join("more customers.csv");
    std::fs::write(
        &more,
        format!("email,name\n{CANARY_EMAIL},{CANARY_NAME}\nbob@example.com,Bob Stone\n"),
    )
    .unwrap();
    import(&mut case, &more);
    let notes = outside.join("interview.txt");
    std::fs::write(
        &notes,
        format!("Customer {CANARY_NAME} called from {CANARY_EMAIL}."),
    )
    .unwrap();
    case.add_evidence(
        IntakeRequest {
            paths: vec![notes.to_string_lossy().into()],
            ..Default::default()
        },
        &Silent,
    )
    .unwrap();
    case.take_snapshot("for the packet").unwrap();
    case.generate_packet(
        &PacketOptions::default(),
        &outside.join("packet.pdf"),
        common::signing_key(),
        &Silent,
    )
    .expect("the packet generates outside the case");
    let export = outside.join("export");
    case.export_evidence(
        ExportRequest {
            ids: vec!["EV-0001".into(), "EV-0003".into()],
            destination: export.to_string_lossy().into(),
            recipient: "counsel".into(),
            purpose: "review".into(),
        },
        &Silent,
    )
    .unwrap();
    assert_eq!(
        holders(&export, CANARY_EMAIL).len(),
        2,
        "the export the user asked for holds the plaintext (so the search can find it)"
    );

    // While the case is open (WAL and shared memory present) and after it is closed.
    let root = case.root().to_path_buf();
    let leaks = |when: &str| {
        let found: Vec<_> = [CANARY_NAME, CANARY_EMAIL, "Xylander"]
            .iter()
            .flat_map(|n| holders(&root, n))
            .collect();
        assert!(
            found.is_empty(),
            "{when}: personal data in plaintext in the case folder: {found:?} (of {:?})",
            files_under(&root)
        );
    };
    leaks("while the case is open");
    drop(case);
    leaks("after closing");
    drop(reopen(&root));
    leaks("after reopening");
}

/// Rewrites a case's vault in the layout of Casebook before vault encryption: plaintext named
/// by its SHA-256 under `vault/sha256/ab/cd/`. The encrypted copies are removed.
fn write_plaintext_layout(root: &Path, files: &[(&str, &[u8])]) {
    let sealed = root.join("vault/v1");
    for f in files_under(&sealed) {
        std::fs::remove_file(f).unwrap();
    }
    std::fs::remove_dir_all(&sealed).unwrap();
    for (sha, bytes) in files {
        let p = root.join(format!("vault/sha256/{}/{}/{sha}", &sha[..2], &sha[2..4]));
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, bytes).unwrap();
    }
}

fn add_files(case: &mut Case, files: &[&Path]) -> Vec<String> {
    case.add_evidence(
        IntakeRequest {
            paths: files.iter().map(|f| f.to_string_lossy().into()).collect(),
            ..Default::default()
        },
        &Silent,
    )
    .unwrap()
    .added
    .into_iter()
    .map(|i| i.sha256)
    .collect()
}

fn vault_encrypt_entries(case: &Case) -> Vec<serde_json::Value> {
    case.audit_log(&Default::default())
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "vault.encrypt")
        .map(|e| serde_json::from_str(&e.new_value.expect("counts")).unwrap())
        .collect()
}

#[test]
fn a_plaintext_vault_is_encrypted_on_open_and_still_verifies_and_exports_the_original_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "old");
    let big: Vec<u8> = (0..200_000u32).map(|i| (i % 249) as u8).collect();
    let a = dir.path().join("a.csv");
    let b = dir.path().join("b.bin");
    std::fs::write(&a, format!("name,email\n{CANARY_NAME},{CANARY_EMAIL}\n")).unwrap();
    std::fs::write(&b, &big).unwrap();
    let shas = add_files(&mut case, &[&a, &b]);
    let root = case.root().to_path_buf();
    drop(case);
    let a_bytes = std::fs::read(&a).unwrap();
    write_plaintext_layout(&root, &[(&shas[0], &a_bytes), (&shas[1], &big)]);
    // A file whose content is not what its name says: kept and reported, never deleted.
    let stray = "0".repeat(64);
    let stray_path = root.join(format!("vault/sha256/00/00/{stray}"));
    std::fs::create_dir_all(stray_path.parent().unwrap()).unwrap();
    std::fs::write(&stray_path, b"not what the name says").unwrap();

    let mut case = reopen(&root);
    assert!(
        holders(&root.join("vault"), CANARY_EMAIL).is_empty(),
        "the plaintext is gone from the vault"
    );
    let left: Vec<_> = files_under(&root.join("vault/sha256"));
    assert_eq!(
        left,
        std::slice::from_ref(&stray_path),
        "only the mismatched file stays"
    );
    assert_eq!(
        files_under(&root.join("vault/v1")).len(),
        2,
        "both encrypted"
    );
    let entries = vault_encrypt_entries(&case);
    assert_eq!(entries.len(), 1, "one audit entry for the run");
    assert_eq!(entries[0]["encrypted"], 2);
    assert_eq!(entries[0]["bytes"], a_bytes.len() + big.len());
    assert_eq!(entries[0]["mismatched"], serde_json::json!([stray]));

    let verified = case.verify_evidence(&[], &Silent).unwrap();
    assert!(
        verified.iter().all(|v| v.status == VerificationStatus::Ok),
        "{verified:?}"
    );
    let dest = dir.path().join("export");
    let report = case
        .export_evidence(
            ExportRequest {
                ids: vec!["EV-0001".into(), "EV-0002".into()],
                destination: dest.to_string_lossy().into(),
                recipient: "counsel".into(),
                purpose: "review".into(),
            },
            &Silent,
        )
        .unwrap();
    assert_eq!(std::fs::read(dest.join(&report.files[0])).unwrap(), a_bytes);
    assert_eq!(std::fs::read(dest.join(&report.files[1])).unwrap(), big);
    drop(case);

    let case = reopen(&root);
    assert_eq!(
        vault_encrypt_entries(&case).len(),
        2,
        "the kept file is reported again on the next open (it still needs a person)"
    );
    assert!(stray_path.exists());
}

#[test]
fn an_interrupted_conversion_is_finished_on_the_next_open() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "half");
    let a = dir.path().join("a.txt");
    let b = dir.path().join("b.txt");
    std::fs::write(&a, b"first file").unwrap();
    std::fs::write(&b, b"second file").unwrap();
    let sha_a = add_files(&mut case, &[&a]).remove(0);
    let sealed_a = files_under(&case.root().join("vault/v1"));
    let sha_b = add_files(&mut case, &[&b]).remove(0);
    let root = case.root().to_path_buf();
    drop(case);
    // Killed after sealing a.txt but before removing its plaintext, with b.txt not reached
    // (only its plaintext exists), and a temporary file of the dead run left in the vault.
    for sealed in files_under(&root.join("vault/v1")) {
        if !sealed_a.contains(&sealed) {
            std::fs::remove_file(sealed).unwrap();
        }
    }
    for (sha, bytes) in [(&sha_a, b"first file".as_slice()), (&sha_b, b"second file")] {
        let p = root.join(format!("vault/sha256/{}/{}/{sha}", &sha[..2], &sha[2..4]));
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, bytes).unwrap();
    }
    let leftover = root.join("vault/tmp/4194305-half.partial");
    std::fs::create_dir_all(leftover.parent().unwrap()).unwrap();
    std::fs::write(&leftover, b"half an encrypted file").unwrap();

    let mut case = reopen(&root);
    assert!(!leftover.exists(), "the dead run's temporary file is swept");
    assert!(
        files_under(&root.join("vault/sha256")).is_empty() && !root.join("vault/sha256").exists(),
        "every plaintext is removed, and its folders"
    );
    assert_eq!(files_under(&root.join("vault/v1")).len(), 2);
    let verified = case.verify_evidence(&[], &Silent).unwrap();
    assert!(
        verified.iter().all(|v| v.status == VerificationStatus::Ok),
        "{verified:?}"
    );
    assert_eq!(vault_encrypt_entries(&case)[0]["encrypted"], 2);
}

#[test]
fn duplicates_are_still_found_by_the_plaintext_hash() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "dup");
    let a = dir.path().join("one.csv");
    let b = dir.path().join("two.csv");
    std::fs::write(&a, b"same bytes").unwrap();
    std::fs::write(&b, b"same bytes").unwrap();
    add_files(&mut case, &[&a]);
    let second = case
        .add_evidence(
            IntakeRequest {
                paths: vec![b.to_string_lossy().into()],
                ..Default::default()
            },
            &Silent,
        )
        .unwrap();
    assert_eq!(second.added[0].duplicate_of.as_deref(), Some("EV-0001"));
    assert_eq!(
        files_under(&case.root().join("vault/v1")).len(),
        1,
        "stored once, though each file is encrypted with its own salt"
    );
}
