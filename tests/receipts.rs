//! Signed receipts of the audit head: a receipt given out holds while the case's history still
//! contains the head it signed, and fails once that history is rewritten or cut short, even
//! though such a history can be made to verify on its own. Packets carry one, and
//! `packets --check` reads it back from the file.

mod common;

use casebook::audit::{canonical_json, AuditQuery};
use casebook::progress::Silent;
use casebook::receipt::Receipt;
use casebook::signing::KeyPair;
use casebook::Case;
use common::cli::{casebook, ok};
use common::*;
use sha2::{Digest, Sha256};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

fn case_with_history(dir: &Path, name: &str) -> (Case, PathBuf) {
    let mut case = new_case(dir, name);
    add_events(&mut case, 0, 3);
    add_events(&mut case, 3, 2);
    let folder = case.root().to_path_buf();
    (case, folder)
}

fn key(dir: &Path) -> KeyPair {
    KeyPair::create(&dir.join("home"), None).unwrap()
}

/// What someone with the case passphrase and the sqlite3 CLI can do: drop the guards, change
/// entry `seq`'s actor and recompute every hash after it, head included. Plain SHA-256 with
/// no secret, so the forged chain verifies on its own.
fn forge_actor(folder: &Path, seq: u32, actor: &str) {
    let raw = raw_connection(folder);
    raw.execute_batch("DROP TRIGGER audit_log_no_update;")
        .unwrap();
    raw.execute(
        "UPDATE audit_log SET actor = ?1 WHERE seq = ?2",
        rusqlite::params![actor, seq],
    )
    .unwrap();
    rehash(&raw);
}

/// Recomputes every entry's prev_hash and hash in order, and the head, as `audit.rs` does
/// (the forger has the source code).
fn rehash(raw: &rusqlite::Connection) {
    let rows: Vec<(u32, Vec<serde_json::Value>)> = {
        let mut stmt = raw
            .prepare(
                "SELECT seq, at_utc, actor, action, entity_type, entity_id, old_value, new_value,
                        state
                 FROM audit_log ORDER BY seq",
            )
            .unwrap();
        let rows = stmt
            .query_map([], |r| {
                let text = |i: usize| -> rusqlite::Result<serde_json::Value> {
                    Ok(r.get::<_, Option<String>>(i)?
                        .map(serde_json::Value::String)
                        .unwrap_or(serde_json::Value::Null))
                };
                Ok((
                    r.get::<_, u32>(0)?,
                    vec![
                        text(1)?,
                        text(2)?,
                        text(3)?,
                        text(4)?,
                        text(5)?,
                        text(6)?,
                        text(7)?,
                        text(8)?,
                    ],
                ))
            })
            .unwrap();
        rows.map(Result::unwrap).collect()
    };
    let mut prev = casebook::audit::GENESIS_HASH.to_string();
    for (seq, mut fields) in rows {
        // An entry that commits to a state has it as a tenth field, after the previous hash.
        let state = fields.pop().filter(|s| !s.is_null());
        let mut all = vec![serde_json::json!(seq)];
        all.extend(fields);
        all.push(serde_json::Value::String(prev.clone()));
        all.extend(state);
        let hash = hex::encode(Sha256::digest(
            canonical_json(&serde_json::Value::Array(all)).as_bytes(),
        ));
        raw.execute(
            "UPDATE audit_log SET prev_hash = ?1, hash = ?2 WHERE seq = ?3",
            rusqlite::params![prev, hash, seq],
        )
        .unwrap();
        prev = hash;
    }
    raw.execute(
        "UPDATE audit_head SET seq = (SELECT max(seq) FROM audit_log), hash = ?1",
        [prev],
    )
    .unwrap();
}

fn intact(folder: &Path) -> bool {
    reopen(folder).verify_audit(&Silent).unwrap().intact
}

#[test]
fn a_receipt_of_the_head_holds_and_says_who_signed_it() {
    let dir = tempfile::tempdir().unwrap();
    let (mut case, _) = case_with_history(dir.path(), "one");
    let key = key(dir.path());
    let out = dir.path().join("head.receipt");
    let r = case.write_receipt(&key, &out).unwrap();
    assert_eq!(r.format, "casebook-receipt/1");
    assert_eq!(r.seq, 6, "case.create and five events precede the receipt");
    assert_eq!(r.fingerprint, key.public_key().fingerprint());
    assert_eq!(r.signer, actor().label());
    let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "the receipt file is private to its owner");

    let read = Receipt::read(&out).unwrap();
    assert_eq!(read, r, "the file reads back as the receipt written");
    let check = case.check_receipt(&read).unwrap();
    assert!(check.valid, "{:?}", check.problem);
    assert!(
        !check.is_current_head,
        "writing the receipt was itself recorded after the head it signed"
    );

    let given = case
        .audit_log(&AuditQuery {
            action: Some("audit.receipt".into()),
            ..AuditQuery::default()
        })
        .unwrap();
    assert_eq!(given.len(), 1, "giving out a receipt is audited");
    let new: serde_json::Value =
        serde_json::from_str(given[0].new_value.as_deref().unwrap()).unwrap();
    assert_eq!(new["seq"], 6);
    assert_eq!(new["fingerprint"], r.fingerprint.as_str());
    assert_eq!(new["file"], "head.receipt");
}

#[test]
fn an_earlier_receipt_still_holds_after_more_writes_in_several_batches() {
    let dir = tempfile::tempdir().unwrap();
    let (mut case, _) = case_with_history(dir.path(), "later");
    let key = key(dir.path());
    let first = case.receipt(&key).unwrap();
    assert!(case.check_receipt(&first).unwrap().is_current_head);
    add_events(&mut case, 5, 2);
    let second = case.receipt(&key).unwrap();
    add_events(&mut case, 7, 3);
    for r in [&first, &second] {
        let c = case.check_receipt(r).unwrap();
        assert!(
            c.valid,
            "entry {} is still in the history: {:?}",
            r.seq, c.problem
        );
        assert!(!c.is_current_head);
        assert_eq!(c.current_seq, 11);
    }
}

#[test]
fn a_rewritten_chain_fails_an_earlier_receipt_though_it_verifies_on_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let (mut case, folder) = case_with_history(dir.path(), "forged");
    let key = key(dir.path());
    let before = case.receipt(&key).unwrap();
    add_events(&mut case, 5, 1);
    let out = dir.path().join("r.json");
    std::fs::write(&out, before.to_text()).unwrap();
    drop(case);

    forge_actor(&folder, 2, "Someone Else <someone@example.org>");
    assert!(
        intact(&folder),
        "the forger recomputed every hash: the chain alone cannot tell"
    );
    let check = reopen(&folder).check_receipt(&before).unwrap();
    assert!(
        !check.valid,
        "the rewritten history no longer has the signed head"
    );
    let problem = check.problem.unwrap();
    assert!(problem.contains("rewritten"), "{problem}");

    // The CLI says so too, with a failing exit code.
    let home = dir.path().join("cli-home");
    let run = casebook(
        &home,
        &[
            "audit",
            "verify",
            folder.to_str().unwrap(),
            "--receipt",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(
        run.status.code(),
        Some(1),
        "a failed receipt fails the command"
    );
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("rewritten"), "{stderr}");
    assert!(
        String::from_utf8_lossy(&run.stdout).contains("audit chain intact"),
        "plain verification still passes"
    );
}

#[test]
fn a_log_cut_short_fails_a_receipt_of_a_later_entry() {
    let dir = tempfile::tempdir().unwrap();
    let (mut case, folder) = case_with_history(dir.path(), "cut");
    add_events(&mut case, 5, 2);
    let key = key(dir.path());
    let receipt = case.receipt(&key).unwrap();
    assert_eq!(receipt.seq, 8);
    drop(case);
    let raw = raw_connection(&folder);
    // Cut the last two entries and move the head back with them: every remaining hash holds,
    // though the rows those entries wrote remain (which the state check sees as well).
    raw.execute_batch(
        "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq > 6;
         UPDATE audit_head SET seq = 6, hash = (SELECT hash FROM audit_log WHERE seq = 6);",
    )
    .unwrap();
    drop(raw);
    assert!(
        !intact(&folder),
        "the rows of the cut entries are not the state entry 6 committed to"
    );
    let check = reopen(&folder).check_receipt(&receipt).unwrap();
    assert!(!check.valid);
    assert!(
        check.problem.as_deref().unwrap().contains("cut off"),
        "{:?}",
        check.problem
    );
}

#[test]
fn a_tampered_field_or_signature_fails_and_so_does_another_cases_receipt() {
    let dir = tempfile::tempdir().unwrap();
    let (mut case, _) = case_with_history(dir.path(), "mine");
    let key = key(dir.path());
    add_events(&mut case, 5, 1);
    let good = case.receipt(&key).unwrap();
    assert!(case.check_receipt(&good).unwrap().valid);

    let stranger = KeyPair::create(&dir.path().join("stranger"), None).unwrap();
    let mut tampered: Vec<(&str, Receipt)> = Vec::new();
    let mut r = good.clone();
    r.seq -= 1;
    tampered.push(("seq", r));
    let mut r = good.clone();
    r.head_hash = "0".repeat(64);
    tampered.push(("head_hash", r));
    let mut r = good.clone();
    r.signer = "Someone Else".into();
    tampered.push(("signer", r));
    let mut r = good.clone();
    r.at_utc = "2020-01-01T00:00:00Z".into();
    tampered.push(("at_utc", r));
    let mut r = good.clone();
    let mut sig = r.signature.into_bytes();
    sig[3] = if sig[3] == b'A' { b'B' } else { b'A' };
    r.signature = String::from_utf8(sig).unwrap();
    tampered.push(("signature", r));
    // Another key's name put on the receipt: the signature is not that key's.
    let mut r = good.clone();
    r.public_key = stranger.public_key().to_base64();
    r.fingerprint = stranger.public_key().fingerprint();
    tampered.push(("public_key", r));
    for (what, r) in tampered {
        let c = case.check_receipt(&r).unwrap();
        assert!(!c.valid, "a receipt with its {what} changed must fail");
        assert!(
            c.problem.as_deref().unwrap().contains("signature"),
            "{what}: {:?}",
            c.problem
        );
    }

    let (other, _) = case_with_history(dir.path(), "theirs");
    let foreign = other.receipt(&key).unwrap();
    let c = case.check_receipt(&foreign).unwrap();
    assert!(
        !c.valid,
        "another case's receipt proves nothing about this one"
    );
    assert!(
        c.problem.as_deref().unwrap().contains("another case"),
        "{:?}",
        c.problem
    );
}

/// A named pipe nobody writes to: reading it would block forever.
fn fifo(dir: &Path) -> PathBuf {
    let path = dir.join("pipe.json");
    let c = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    path
}

#[test]
fn what_is_not_a_receipt_is_refused_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let (case, _) = case_with_history(dir.path(), "hostile");
    let good = case.receipt(&key(dir.path())).unwrap();
    let garbage = write(dir.path(), "garbage.json", b"{\"format\": 7");
    let huge = write(dir.path(), "huge.json", &vec![b' '; 64 * 1024]);
    let mut v: serde_json::Value = serde_json::from_str(&good.to_text()).unwrap();
    v["format"] = "casebook-receipt/9".into();
    let future = write(dir.path(), "future.json", v.to_string().as_bytes());
    v["format"] = "casebook-receipt/1".into();
    v["extra"] = "field".into();
    let extra = write(dir.path(), "extra.json", v.to_string().as_bytes());
    for (file, says) in [
        (&garbage, "not a Casebook receipt"),
        (&huge, "too large"),
        (&future, "does not read"),
        (&extra, "not a Casebook receipt"),
        (&dir.path().to_path_buf(), "folder"),
        (&fifo(dir.path()), "pipe"),
    ] {
        let e = Receipt::read(file).expect_err("not a receipt");
        assert_eq!(e.kind(), casebook::ErrorKind::Invalid, "{e}");
        assert!(e.to_string().contains(says), "{}: {e}", file.display());
    }
}

#[test]
fn the_cli_signs_with_a_private_key_that_needs_its_passphrase_when_it_has_one() {
    let dir = tempfile::tempdir().unwrap();
    let (case, folder) = case_with_history(dir.path(), "cli");
    drop(case);
    let home = dir.path().join("home");
    let pass = write(dir.path(), "key-pass", b"a long key passphrase\n");
    std::fs::set_permissions(&pass, std::fs::Permissions::from_mode(0o600)).unwrap();
    let shown = ok(casebook(
        &home,
        &[
            "profile",
            "key",
            "--key-passphrase-file",
            pass.to_str().unwrap(),
        ],
    ));
    assert!(shown.contains("passphrase-protected"), "{shown}");
    let key_file = casebook::signing::private_key_path(&home);
    let mode = std::fs::metadata(&key_file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "the private key is its owner's only");
    let pem = std::fs::read_to_string(&key_file).unwrap();
    assert!(
        pem.starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----"),
        "a key with a passphrase is stored encrypted"
    );
    let fingerprint = casebook::Home::at(&home)
        .signing_key_view()
        .unwrap()
        .unwrap()
        .fingerprint
        .unwrap();
    let profile = ok(casebook(&home, &["profile", "show"]));
    assert!(profile.contains(&fingerprint), "{profile}");

    let out = dir.path().join("r.json");
    let receipt_args = [
        "audit",
        "receipt",
        folder.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    let locked = casebook(&home, &receipt_args);
    assert!(!locked.status.success(), "no passphrase, no signature");
    assert!(
        String::from_utf8_lossy(&locked.stderr).contains("protected by a passphrase"),
        "{}",
        String::from_utf8_lossy(&locked.stderr)
    );
    assert!(!out.exists(), "nothing is written without a signature");

    let mut args = receipt_args.to_vec();
    args.extend(["--key-passphrase-file", pass.to_str().unwrap()]);
    let written = ok(casebook(&home, &args));
    assert!(written.contains(&fingerprint), "{written}");
    let verified = ok(casebook(
        &home,
        &[
            "audit",
            "verify",
            folder.to_str().unwrap(),
            "--receipt",
            out.to_str().unwrap(),
        ],
    ));
    assert!(verified.contains("receipt holds"), "{verified}");
    assert!(
        verified.contains("Ida Investigator") || verified.contains("unknown"),
        "{verified}"
    );
    assert!(verified.contains(&fingerprint), "{verified}");
}

/// The receipt a packet carries, as a reader of the returned file sees it: pdftotext of the
/// last page.
fn last_page_text(pdf: &Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .args(["-layout", pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext must be installed (scripts/setup installs it)");
    let text = String::from_utf8(out.stdout).unwrap();
    text.split('\u{c}')
        .rfind(|p| !p.trim().is_empty())
        .unwrap()
        .to_string()
}

#[test]
fn a_packets_receipt_is_read_back_from_the_file_and_checked_against_the_case() {
    let dir = tempfile::tempdir().unwrap();
    let (mut case, folder) = case_with_history(dir.path(), "packet");
    let key = signing_key();
    let out = dir.path().join("packet.pdf");
    let record = case
        .generate_packet(&Default::default(), &out, key, &Silent)
        .unwrap();
    let last = last_page_text(&out);
    assert!(last.contains("Signed receipt"), "{last}");
    assert!(last.contains("casebook-receipt/1"), "{last}");
    assert!(last.contains(&key.public_key().fingerprint()), "{last}");

    let check = case.check_packet_file(&out).unwrap();
    assert_eq!(check.matches.len(), 1);
    let r = check.receipt.expect("the packet carries its receipt");
    assert!(r.valid, "{:?}", r.problem);
    assert_eq!(
        r.seq, record.as_of_seq,
        "it signs the head the packet covers"
    );
    assert_eq!(r.fingerprint, key.public_key().fingerprint());

    // A copy saved again by another program no longer has the recorded hash; its receipt
    // still says who signed which head, and that the head is still in the history.
    let resaved = dir.path().join("resaved.pdf");
    let mut bytes = std::fs::read(&out).unwrap();
    bytes.extend_from_slice(b"\n% saved again by a reader\n");
    std::fs::write(&resaved, bytes).unwrap();
    add_events(&mut case, 5, 2);
    let check = case.check_packet_file(&resaved).unwrap();
    assert!(check.matches.is_empty(), "not the bytes generated");
    let r = check.receipt.expect("the copy still carries the receipt");
    assert!(r.valid, "{:?}", r.problem);
    assert!(!r.is_current_head);
    drop(case);

    let home = dir.path().join("cli-home");
    let args = |f: &Path| {
        vec![
            "packets".to_string(),
            folder.display().to_string(),
            "--check".into(),
            f.display().to_string(),
        ]
    };
    let run = |f: &Path| {
        let a = args(f);
        casebook(&home, &a.iter().map(String::as_str).collect::<Vec<_>>())
    };
    let held = ok(run(&out));
    assert!(held.contains("receipt holds"), "{held}");

    forge_actor(&folder, 1, "Someone Else");
    let refused = run(&out);
    assert_eq!(
        refused.status.code(),
        Some(1),
        "the history the packet signed is gone"
    );
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains("does NOT hold") && stderr.contains("rewritten"),
        "{stderr}"
    );
}
