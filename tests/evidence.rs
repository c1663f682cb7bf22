//! Evidence intake, verification, custody and export, on real case folders: what the issue's
//! "done when" list asks for — tool-equal hashes, tamper detection, nothing left by a cancelled
//! or failed intake, duplicates, the bad-input list, and an append-only custody log.

mod common;

use casebook::custody::{CorrectionInput, CustodyKind, TransferInput};
use casebook::evidence::{
    EvidenceCategory, ExportRequest, IntakeRequest, Storage, VerificationStatus,
};
use casebook::progress::{CancelFlag, Progress, Silent};
use casebook::settings::CaseSettings;
use casebook::vault::LegacyHashes;
use casebook::{Case, ErrorKind};
use common::*;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::process::Command;

fn add(case: &mut Case, paths: &[&Path]) -> casebook::Result<casebook::evidence::IntakeReport> {
    case.add_evidence(
        IntakeRequest {
            paths: paths
                .iter()
                .map(|p| p.to_string_lossy().into_owned())
                .collect(),
            source: Some("Support DB server".into()),
            ..Default::default()
        },
        &Silent,
    )
}

fn tool(name: &str, file: &Path) -> String {
    let out = Command::new(name).arg(file).output().unwrap();
    String::from_utf8(out.stdout)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_string()
}

fn vault_files(case: &Case) -> Vec<PathBuf> {
    fn walk(d: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(d).into_iter().flatten().flatten() {
            if e.path().is_dir() {
                walk(&e.path(), out)
            } else {
                out.push(e.path())
            }
        }
    }
    let mut v = Vec::new();
    walk(&case.root().join("vault"), &mut v);
    v
}

fn item_count(case: &Case) -> usize {
    case.evidence().unwrap().len()
}

#[test]
fn added_files_get_sequential_ids_and_hashes_equal_to_the_coreutils_tools() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "ev");
    case.set_settings(CaseSettings {
        legacy_hashes: LegacyHashes {
            sha1: true,
            md5: true,
        },
    })
    .unwrap();
    let big: Vec<u8> = (0..(3 << 20)).map(|i: u32| (i % 253) as u8).collect();
    let a = write(dir.path(), "extract.csv", b"id,email\n1,a@example.com\n");
    let b = write(dir.path(), "access.log", &big);
    let report = add(&mut case, &[&a, &b]).unwrap();
    let ids: Vec<_> = report.added.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, ["EV-0001", "EV-0002"]);
    for (item, file) in report.added.iter().zip([&a, &b]) {
        assert_eq!(item.sha256, tool("sha256sum", file));
        assert_eq!(item.sha1.as_deref(), Some(tool("sha1sum", file).as_str()));
        assert_eq!(item.md5.as_deref(), Some(tool("md5sum", file).as_str()));
    }
    assert_eq!(
        report.added[0].category,
        EvidenceCategory::DatabaseExtract,
        "guessed from .csv"
    );
    assert_eq!(report.added[1].category, EvidenceCategory::Log);
    assert_eq!(report.added[0].storage, Storage::Vault);
    let custody = case.custody(Some("EV-0001")).unwrap();
    assert_eq!(custody.len(), 1);
    assert_eq!(custody[0].kind, CustodyKind::Intake);
    assert_eq!(custody[0].from_party, "Support DB server");
}

/// Rewrites the one vault file of a case through `edit` (vault files are read-only).
fn tamper_with_vault_file(case: &Case, edit: impl FnOnce(&mut Vec<u8>)) {
    let files: Vec<PathBuf> = vault_files(case)
        .into_iter()
        .filter(|p| p.starts_with(case.root().join("vault/v1")))
        .collect();
    assert_eq!(files.len(), 1, "one encrypted vault file: {files:?}");
    let stored = &files[0];
    let mut perms = std::fs::metadata(stored).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    std::fs::set_permissions(stored, perms).unwrap();
    let mut bytes = std::fs::read(stored).unwrap();
    edit(&mut bytes);
    std::fs::write(stored, bytes).unwrap();
}

#[test]
fn flipping_one_byte_of_a_vault_file_is_reported_as_tampering() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "ev");
    let f = write(dir.path(), "notes.txt", b"interview notes, 2019-10-28");
    let item = add(&mut case, &[&f]).unwrap().added.remove(0);
    let ok = case.verify_evidence(&[], &Silent).unwrap();
    assert_eq!(ok[0].status, VerificationStatus::Ok);

    // Past the 40-byte header: a byte of the encrypted content.
    tamper_with_vault_file(&case, |b| b[45] ^= 0x01);

    let out = case.verify_evidence(&[], &Silent).unwrap();
    assert_eq!(
        out[0].status,
        VerificationStatus::Changed,
        "a flipped byte must be caught"
    );
    assert_eq!(out[0].expected_sha256, item.sha256);
    assert_ne!(out[0].actual_sha256, item.sha256);
    assert!(
        out[0].detail.contains("fails authentication") && out[0].detail.contains("altered"),
        "the detail says the copy was tampered with: {}",
        out[0].detail
    );
    assert_eq!(
        case.evidence_item("EV-0001").unwrap().status,
        VerificationStatus::Changed
    );
    let last = case.custody(Some("EV-0001")).unwrap().pop().unwrap();
    assert_eq!(
        (last.kind, last.result.as_str()),
        (CustodyKind::Verification, "changed")
    );
    let export = case.export_evidence(
        ExportRequest {
            ids: vec!["EV-0001".into()],
            destination: dir.path().join("out").to_string_lossy().into(),
            recipient: "counsel".into(),
            purpose: "review".into(),
        },
        &Silent,
    );
    assert_eq!(
        export.unwrap_err().kind(),
        ErrorKind::Corrupt,
        "a tampered item is never handed over"
    );
    assert!(
        !dir.path().join("out").exists(),
        "the refused export leaves nothing"
    );
}

#[test]
fn a_truncated_vault_file_is_reported_as_tampering() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "ev");
    // Three 64 KiB chunks and a short last one; the cut drops the last chunk whole.
    let bytes: Vec<u8> = (0..3 * 65_536 + 100)
        .map(|i: u32| (i % 251) as u8)
        .collect();
    let f = write(dir.path(), "extract.csv", &bytes);
    add(&mut case, &[&f]).unwrap();
    tamper_with_vault_file(&case, |b| b.truncate(40 + 3 * (65_536 + 16)));
    let out = case.verify_evidence(&[], &Silent).unwrap();
    assert_eq!(
        out[0].status,
        VerificationStatus::Changed,
        "{}",
        out[0].detail
    );
    assert!(
        out[0].detail.contains("fails authentication"),
        "{}",
        out[0].detail
    );
}

#[test]
fn a_missing_vault_file_and_a_changed_in_place_original_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "ev");
    let vaulted = write(dir.path(), "a.bin", b"vaulted");
    let original = write(dir.path(), "disk.img", b"too big to copy");
    add(&mut case, &[&vaulted]).unwrap();
    let in_place = case
        .add_evidence(
            IntakeRequest {
                paths: vec![original.to_string_lossy().into()],
                in_place: true,
                ..Default::default()
            },
            &Silent,
        )
        .unwrap();
    assert_eq!(in_place.added[0].storage, Storage::InPlace);
    assert_eq!(
        vault_files(&case).len(),
        1,
        "an in-place item is not copied"
    );

    for f in vault_files(&case) {
        std::fs::remove_file(f).unwrap();
    }
    std::fs::write(&original, b"too big to copy!").unwrap();
    let out = case.verify_evidence(&[], &Silent).unwrap();
    assert_eq!(out[0].status, VerificationStatus::Missing);
    assert_eq!(
        out[1].status,
        VerificationStatus::Changed,
        "verification rereads the original"
    );
}

struct CancelAt(u64, CancelFlag);
impl Progress for CancelAt {
    fn update(&self, done: u64, _: u64) {
        if done >= self.0 {
            self.1.cancel()
        }
    }
    fn cancelled(&self) -> bool {
        self.1.is_set()
    }
}

#[test]
fn a_cancelled_intake_leaves_no_item_no_vault_file_and_no_audit_entry() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "ev");
    let first = write(dir.path(), "first.bin", &vec![1u8; 2 << 20]);
    let second = write(dir.path(), "second.bin", &vec![2u8; 4 << 20]);
    let audit_before = case.audit_log(&Default::default()).unwrap().len();
    let err = case
        .add_evidence(
            IntakeRequest {
                paths: vec![
                    first.to_string_lossy().into(),
                    second.to_string_lossy().into(),
                ],
                ..Default::default()
            },
            &CancelAt(3 << 20, CancelFlag::default()),
        )
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Cancelled);
    assert_eq!(item_count(&case), 0);
    assert!(
        vault_files(&case).is_empty(),
        "the first file's copy is removed too: {:?}",
        vault_files(&case)
    );
    assert_eq!(
        case.audit_log(&Default::default()).unwrap().len(),
        audit_before
    );
}

#[test]
fn a_failed_intake_of_a_folder_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "ev");
    let folder = dir.path().join("collected");
    std::fs::create_dir(&folder).unwrap();
    write(&folder, "a.txt", b"good file");
    let fifo = folder.join("b.pipe");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let err = add(&mut case, &[&folder]).unwrap_err();
    assert!(err.to_string().contains("not a regular file"), "{err}");
    assert_eq!(item_count(&case), 0);
    assert!(vault_files(&case).is_empty());
}

#[test]
fn identical_content_is_stored_once_and_the_second_add_is_marked_a_duplicate() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "ev");
    let a = write(dir.path(), "copy1.csv", b"same bytes");
    let b = write(dir.path(), "copy2.csv", b"same bytes");
    add(&mut case, &[&a]).unwrap();
    let second = add(&mut case, &[&b]).unwrap();
    assert_eq!(second.duplicates, ["EV-0002"]);
    assert_eq!(second.added[0].duplicate_of.as_deref(), Some("EV-0001"));
    assert_eq!(vault_files(&case).len(), 1, "one copy in the vault");
    let note = &case.custody(Some("EV-0002")).unwrap()[0].note;
    assert!(
        note.contains("EV-0001"),
        "the custody record says it duplicates EV-0001: {note}"
    );
}

#[test]
fn bad_inputs_get_clear_errors_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "ev");
    let real = write(dir.path(), "real.txt", b"x");

    let missing = add(&mut case, &[&dir.path().join("nope.txt")]).unwrap_err();
    assert!(missing.to_string().contains("nope.txt"), "{missing}");

    let dotdot = dir.path().join("sub/../real.txt");
    let err = add(&mut case, &[&dotdot]).unwrap_err();
    assert!(err.to_string().contains("`..`"), "{err}");

    let backslash = write(dir.path(), "evil\\name.txt", b"x");
    let err = add(&mut case, &[&backslash]).unwrap_err();
    assert!(err.to_string().contains("separator"), "{err}");

    let empty_dir = dir.path().join("empty");
    std::fs::create_dir(&empty_dir).unwrap();
    let err = add(&mut case, &[&empty_dir]).unwrap_err();
    assert!(err.to_string().contains("no files"), "{err}");

    assert_eq!(item_count(&case), 0);
    add(&mut case, &[&real]).unwrap();
}

struct GrowWhileReading(PathBuf, CancelFlag);
impl Progress for GrowWhileReading {
    fn update(&self, done: u64, _: u64) {
        // Once, after the first chunk: a writer appending to a log being collected.
        if done > 0 && !self.1.is_set() {
            self.1.cancel();
            use std::io::Write;
            let mut f = std::fs::OpenOptions::new()
                .append(true)
                .open(&self.0)
                .unwrap();
            f.write_all(b"appended while reading").unwrap();
        }
    }
}

#[test]
fn a_file_that_changes_while_it_is_read_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "ev");
    let f = write(dir.path(), "live.log", &vec![b'x'; 3 << 20]);
    let err = case
        .add_evidence(
            IntakeRequest {
                paths: vec![f.to_string_lossy().into()],
                ..Default::default()
            },
            &GrowWhileReading(f.clone(), CancelFlag::default()),
        )
        .unwrap_err();
    assert!(
        err.to_string().contains("changed while it was being read"),
        "{err}"
    );
    assert_eq!(item_count(&case), 0);
    assert!(vault_files(&case).is_empty());
}

#[test]
fn symlinks_are_recorded_not_followed_and_empty_files_and_odd_names_are_flagged() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "ev");
    let outside = write(dir.path(), "outside-secret.txt", b"not selected");
    let folder = dir.path().join("collected");
    std::fs::create_dir(&folder).unwrap();
    write(&folder, "empty.txt", b"");
    let odd = folder.join(std::ffi::OsStr::from_bytes(b"caf\xe9.txt"));
    std::fs::write(&odd, b"latin-1 name").unwrap();
    std::os::unix::fs::symlink(&outside, folder.join("link-out")).unwrap();

    let report = add(&mut case, &[&folder]).unwrap();
    assert_eq!(
        report.added.len(),
        2,
        "the link is not followed out of the folder"
    );
    assert_eq!(report.links.len(), 1);
    assert_eq!(report.links[0].target, outside.to_string_lossy());
    let by_flag = |f: &str| {
        report
            .added
            .iter()
            .find(|i| i.flags.iter().any(|x| x == f))
            .unwrap()
            .clone()
    };
    assert_eq!(
        by_flag("zero_length").size,
        0.0,
        "0-byte files are allowed, and flagged"
    );
    let odd_item = by_flag("name_not_utf8");
    assert!(odd_item.original_name.starts_with("caf"));
    let log = case.audit_log(&Default::default()).unwrap();
    assert!(log.iter().any(|e| e.action == "evidence.links_recorded"));
    let ok = case.verify_evidence(&[], &Silent).unwrap();
    assert!(ok.iter().all(|o| o.status == VerificationStatus::Ok));
}

#[test]
fn the_custody_log_is_append_only_and_corrections_reference_the_entry() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "ev");
    let f = write(dir.path(), "a.txt", b"a");
    add(&mut case, &[&f]).unwrap();
    let t = case
        .record_transfer(TransferInput {
            item_id: "EV-0001".into(),
            from_party: "Priya Raman".into(),
            to_party: "Evidence locker".into(),
            purpose: "storage".into(),
            method: Some("hand delivery".into()),
            location: Some("Dublin office".into()),
            when: Some("2019-10-29 10:00".into()),
            tz: Some("Europe/Dublin".into()),
            note: None,
        })
        .unwrap();
    let c = case
        .record_correction(CorrectionInput {
            item_id: "EV-0001".into(),
            corrects_seq: t.seq,
            note: "Received by the locker clerk, not the locker itself".into(),
        })
        .unwrap();
    assert_eq!(c.corrects_seq, Some(t.seq));
    let log = case.custody(Some("EV-0001")).unwrap();
    assert_eq!(log.len(), 3, "the corrected entry stays");

    let raw = raw_connection(case.root());
    let upd = raw.execute("UPDATE custody_events SET to_party = 'x' WHERE seq = 1", []);
    assert!(upd.unwrap_err().to_string().contains("append-only"));
    let del = raw.execute("DELETE FROM custody_events WHERE seq = 1", []);
    assert!(del.unwrap_err().to_string().contains("append-only"));
    let item_del = raw.execute("DELETE FROM evidence_items", []);
    assert!(item_del.is_err(), "evidence items cannot be deleted");
    let hash_edit = raw.execute("UPDATE evidence_items SET sha256 = 'x'", []);
    assert!(hash_edit.is_err(), "recorded hashes cannot be changed");
    drop(raw);
    assert!(case.verify_audit(&Silent).unwrap().intact);
}

#[test]
fn an_export_copies_items_with_a_manifest_that_sha256sum_accepts_and_records_the_handover() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "ev");
    let a = write(dir.path(), "extract, final.csv", b"id,email\n");
    // A newline in a name would split its SHA256SUMS line.
    let b = write(dir.path(), "access\nlog.log", b"GET /export\n");
    add(&mut case, &[&a, &b]).unwrap();
    let dest = dir.path().join("to-police");
    let r = case
        .export_evidence(
            ExportRequest {
                ids: vec!["EV-0001".into(), "EV-0002".into()],
                destination: dest.to_string_lossy().into(),
                recipient: "Garda National Cyber Crime Bureau".into(),
                purpose: "criminal referral".into(),
            },
            &Silent,
        )
        .unwrap();
    assert_eq!(
        r.files,
        ["EV-0001_extract, final.csv", "EV-0002_access_log.log"]
    );
    let check = Command::new("sha256sum")
        .args(["-c", "SHA256SUMS"])
        .current_dir(&dest)
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
    for (file, original) in r.files.iter().zip([&a, &b]) {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::read(dest.join(file)).unwrap(),
            std::fs::read(original).unwrap(),
            "{file} is decrypted to the original bytes"
        );
        assert_eq!(
            std::fs::metadata(dest.join(file))
                .unwrap()
                .permissions()
                .mode()
                & 0o777,
            0o600,
            "{file} is readable by its owner only"
        );
    }
    let manifest = std::fs::read_to_string(dest.join("MANIFEST.csv")).unwrap();
    assert!(
        manifest.contains("\"EV-0001_extract, final.csv\""),
        "{manifest}"
    );
    let last = case.custody(Some("EV-0002")).unwrap().pop().unwrap();
    assert_eq!(last.kind, CustodyKind::Export);
    assert_eq!(last.to_party, "Garda National Cyber Crime Bureau");

    let again = case.export_evidence(
        ExportRequest {
            ids: vec!["EV-0001".into()],
            destination: dest.to_string_lossy().into(),
            recipient: "x".into(),
            purpose: "y".into(),
        },
        &Silent,
    );
    assert!(again.unwrap_err().to_string().contains("not empty"));
}

#[test]
fn intake_and_verification_appear_on_the_timeline() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "ev");
    let f = write(dir.path(), "a.txt", b"a");
    add(&mut case, &[&f]).unwrap();
    case.verify_evidence(&[], &Silent).unwrap();
    let titles: Vec<String> = case
        .timeline(&Default::default())
        .unwrap()
        .into_iter()
        .map(|e| e.title)
        .collect();
    assert!(
        titles.contains(&"EV-0001 acquired".to_string()),
        "{titles:?}"
    );
    assert!(
        titles.contains(&"EV-0001 verified: ok".to_string()),
        "{titles:?}"
    );
    assert_eq!(case.overview().unwrap().counts.evidence_items, 1);
}

#[test]
fn a_partial_vault_file_left_by_a_killed_process_is_removed_when_the_case_next_opens() {
    let dir = tempfile::tempdir().unwrap();
    let case = new_case(dir.path(), "killed");
    let root = case.root().to_path_buf();
    drop(case);
    let tmp = root.join("vault/tmp");
    std::fs::create_dir_all(&tmp).unwrap();
    // No process has this pid (it is above Linux's largest pid_max).
    let orphan = tmp.join("4194305-0000.partial");
    let live = tmp.join(format!("{}-1111.partial", std::process::id()));
    std::fs::write(&orphan, b"half a file").unwrap();
    std::fs::write(&live, b"being written by a live process").unwrap();

    let _reopened = reopen(&root);
    assert!(!orphan.exists(), "the dead writer's partial file is swept");
    assert!(live.exists(), "a live writer's file is left alone");
}

#[test]
fn intake_guesses_a_category_only_from_strong_signals_and_suggests_the_rest() {
    use EvidenceCategory::*;
    let strong = [
        ("laptop.E01", DeviceImage),
        ("usb-stick.dd", DeviceImage),
        ("disk.raw", DeviceImage),
        ("jdoe.pst", Email),
        ("inbox.mbox", Email),
        ("message.eml", Email),
        ("gateway.pcap", Log),
        ("Security.evtx", Log),
        ("crm.sql", DatabaseExtract),
        ("crm.sqlite", DatabaseExtract),
        ("customers.db", DatabaseExtract),
        ("customers_export.csv", DatabaseExtract),
        ("crmDump.tsv", DatabaseExtract),
        ("/media/usb/db_dump/customers.csv", DatabaseExtract),
        ("screenshot.png", Image),
        ("offer-letter.pdf", Document),
    ];
    for (name, category) in strong {
        assert_eq!(
            EvidenceCategory::guess(name),
            category,
            "{name} says what it is beyond doubt"
        );
        assert_eq!(
            EvidenceCategory::suggest(name),
            None,
            "{name} needs no suggestion: its guess is its category"
        );
    }
    let weak = [
        ("badge_log.csv", Log),
        ("door-access.xlsx", Log),
        ("customers.csv", DatabaseExtract),
        ("export/badge.csv", Log),
        ("notes.txt", Document),
    ];
    for (name, suggestion) in weak {
        assert_eq!(
            EvidenceCategory::guess(name),
            Other,
            "{name} could be several things, so intake files it as Other"
        );
        assert_eq!(
            EvidenceCategory::suggest(name),
            Some(suggestion),
            "{name} still gets a suggestion the user can accept"
        );
    }
    assert_eq!(
        EvidenceCategory::suggest("README"),
        None,
        "no signal, no suggestion"
    );
}

#[test]
fn a_csv_badge_log_is_filed_as_other_with_a_log_suggestion_until_someone_chooses() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "ev");
    let f = write(
        dir.path(),
        "badge_log.csv",
        b"when,door\n2019-08-02 21:14,B2\n",
    );
    let item = add(&mut case, &[&f]).unwrap().added.remove(0);
    assert_eq!(
        item.category,
        EvidenceCategory::Other,
        "a .csv is not a database extract just for being a table"
    );
    assert_eq!(
        case.category_suggestion(&item.id).unwrap(),
        Some(EvidenceCategory::Log)
    );
    case.edit_evidence(
        &item.id,
        casebook::evidence::EvidenceEdit {
            category: Some(EvidenceCategory::Other),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(
        case.category_suggestion(&item.id).unwrap(),
        Some(EvidenceCategory::Log),
        "choosing the category it already has changes nothing, so the suggestion stays"
    );
    case.edit_evidence(
        &item.id,
        casebook::evidence::EvidenceEdit {
            category: Some(EvidenceCategory::Document),
            ..Default::default()
        },
    )
    .unwrap();
    case.edit_evidence(
        &item.id,
        casebook::evidence::EvidenceEdit {
            category: Some(EvidenceCategory::Other),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(
        case.category_suggestion(&item.id).unwrap(),
        None,
        "once a person has chosen Other, the suggestion is not offered again"
    );
}

#[test]
fn an_items_detail_is_the_item_its_custody_oldest_first_and_the_category_to_offer() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "door-access.xlsx", b"badge swipes");
    let mut case = new_case(dir.path(), "detail");
    let item = add(&mut case, &[&f]).unwrap().added.remove(0);
    case.record_transfer(TransferInput {
        item_id: item.id.clone(),
        from_party: "Priya Raman".into(),
        to_party: "Forensic lab".into(),
        purpose: "imaging".into(),
        method: None,
        location: None,
        when: None,
        tz: None,
        note: None,
    })
    .unwrap();

    let detail = case.evidence_detail(&item.id).unwrap();
    assert_eq!(detail.item, case.evidence_item(&item.id).unwrap());
    let kinds: Vec<CustodyKind> = detail.custody.iter().map(|e| e.kind).collect();
    assert_eq!(kinds, [CustodyKind::Intake, CustodyKind::Transfer]);
    assert_eq!(detail.suggested_category, Some(EvidenceCategory::Log));

    let missing = case.evidence_detail("EV-9999").unwrap_err();
    assert_eq!(missing.kind(), ErrorKind::NotFound);
}

#[test]
fn editing_an_item_changes_only_its_description_category_and_source_and_audits_old_and_new() {
    use casebook::evidence::EvidenceEdit;
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "ev");
    let f = write(dir.path(), "export.csv", b"id,email\n1,a@example.com\n");
    let before = add(&mut case, &[&f]).unwrap().added.remove(0);
    let custody_before = case.custody(Some(&before.id)).unwrap();
    let audit_before = case.audit_log(&Default::default()).unwrap().len();

    let after = case
        .edit_evidence(
            &before.id,
            EvidenceEdit {
                description: Some("  CRM customer table, exported by the subject  ".into()),
                category: Some(EvidenceCategory::DatabaseExtract),
                source: Some("CRM database (prod)".into()),
            },
        )
        .unwrap();
    assert_eq!(
        after.description,
        "CRM customer table, exported by the subject"
    );
    assert_eq!(after.source, "CRM database (prod)");
    assert_eq!(
        (
            &after.sha256,
            &after.original_path,
            after.size,
            after.storage,
            &after.acquired
        ),
        (
            &before.sha256,
            &before.original_path,
            before.size,
            before.storage,
            &before.acquired
        ),
        "what identifies the item never changes"
    );
    assert_eq!(
        case.custody(Some(&before.id)).unwrap(),
        custody_before,
        "a correction of the record is not a custody event"
    );
    assert_eq!(
        case.evidence_item(&before.id).unwrap(),
        after,
        "the edit is stored"
    );

    let log = case.audit_log(&Default::default()).unwrap();
    assert_eq!(log.len(), audit_before + 1, "one audit entry per edit");
    assert_eq!(
        (log[0].action.as_str(), log[0].entity_id.as_str()),
        ("evidence.edit", "EV-0001")
    );
    let old: serde_json::Value =
        serde_json::from_str(log[0].old_value.as_deref().unwrap()).unwrap();
    let new: serde_json::Value =
        serde_json::from_str(log[0].new_value.as_deref().unwrap()).unwrap();
    assert_eq!(
        old,
        serde_json::json!({"description": "export.csv", "source": "Support DB server"}),
        "the old values of the changed fields only (the category was already a database extract)"
    );
    assert_eq!(
        new,
        serde_json::json!({
            "description": "CRM customer table, exported by the subject",
            "source": "CRM database (prod)"
        })
    );

    let same = case
        .edit_evidence(
            &before.id,
            EvidenceEdit {
                source: Some("CRM database (prod)".into()),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(same, after);
    assert_eq!(
        case.audit_log(&Default::default()).unwrap().len(),
        audit_before + 1,
        "an edit that changes nothing records nothing"
    );

    let blank = case
        .edit_evidence(
            &before.id,
            EvidenceEdit {
                description: Some("   ".into()),
                ..Default::default()
            },
        )
        .unwrap_err();
    assert_eq!(blank.kind(), ErrorKind::Invalid);
    assert!(
        matches!(&blank, casebook::Error::Invalid { field, .. } if field == "description"),
        "the error names the field the form should point at: {blank:?}"
    );
    let missing = case
        .edit_evidence("EV-0099", EvidenceEdit::default())
        .unwrap_err();
    assert_eq!(missing.kind(), ErrorKind::NotFound);

    let raw = raw_connection(case.root());
    let refused = raw
        .execute(
            "UPDATE evidence_items SET sha256 = 'x' WHERE id = 'EV-0001'",
            [],
        )
        .unwrap_err();
    assert!(
        refused.to_string().contains("cannot be changed"),
        "the schema still refuses a change to an item's hashes: {refused}"
    );
}

#[test]
fn a_manifest_writes_file_names_that_begin_like_formulas_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "ev");
    let a = write(dir.path(), "=1+1.csv", b"id\n");
    add(&mut case, &[&a]).unwrap();
    let dest = dir.path().join("out");
    case.export_evidence(
        ExportRequest {
            ids: vec!["EV-0001".into()],
            destination: dest.to_string_lossy().into(),
            recipient: "counsel".into(),
            purpose: "review".into(),
        },
        &Silent,
    )
    .unwrap();
    let manifest = std::fs::read_to_string(dest.join("MANIFEST.csv")).unwrap();
    assert!(
        manifest.contains(",'=1+1.csv,"),
        "the original name opens in a spreadsheet as text, not as a formula: {manifest}"
    );
}
