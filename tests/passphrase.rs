//! Changing a case's passphrase: the database is re-encrypted as a whole under the new one
//! (the vault's key with it), the change is audited without any secret, and a change that
//! fails or is killed part-way leaves the old passphrase working.

mod common;

use casebook::audit::AuditQuery;
use casebook::error::Error;
use casebook::evidence::{ExportRequest, IntakeRequest, VerificationStatus};
use casebook::progress::Silent;
use casebook::timeline::{Category, EventInput};
use casebook::Case;
use common::cli::{casebook, ok};
use common::*;
use std::path::Path;
use std::process::Command;

const NEW: &str = "quartz umbrella fiddle nectarine";

fn open_with(folder: &Path, passphrase: &str) -> casebook::Result<Case> {
    Case::open(folder, passphrase, actor(), clock())
}

fn event(case: &mut Case, title: &str) {
    case.add_event(EventInput {
        when: "2019-08-01 10:00".into(),
        tz: "Europe/Dublin".into(),
        title: title.into(),
        detail: None,
        source: None,
        category: Category::Investigation,
        linked_type: None,
        linked_id: None,
    })
    .unwrap();
}

/// A case with a history and one evidence file in its vault.
fn case_with_evidence(dir: &Path) -> Case {
    let mut case = new_case(dir, "rekey");
    event(&mut case, "Before the change");
    let file = dir.join("ledger.csv");
    std::fs::write(&file, "account,amount\nA-1,10\n").unwrap();
    case.add_evidence(
        IntakeRequest {
            paths: vec![file.display().to_string()],
            ..IntakeRequest::default()
        },
        &Silent,
    )
    .unwrap();
    case
}

#[test]
fn after_a_change_only_the_new_passphrase_opens_the_case_with_everything_in_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = case_with_evidence(dir.path());
    let folder = case.root().to_path_buf();
    case.change_passphrase(NEW).unwrap();
    // The open case goes on working under the new key.
    event(&mut case, "After the change, same window");
    drop(case);

    assert!(
        matches!(
            open_with(&folder, PASSPHRASE),
            Err(Error::WrongPassphrase(_))
        ),
        "the old passphrase must no longer open the case"
    );
    let mut reopened = open_with(&folder, NEW).expect("the new passphrase opens the case");
    let titles: Vec<String> = reopened
        .timeline(&Default::default())
        .unwrap()
        .into_iter()
        .map(|e| e.title)
        .collect();
    assert!(
        titles.iter().any(|t| t == "Before the change")
            && titles.iter().any(|t| t == "After the change, same window"),
        "rows from before and after the change are both there: {titles:?}"
    );
    let verified = reopened.verify_evidence(&[], &Silent).unwrap();
    assert_eq!(verified.len(), 1);
    assert_eq!(
        verified[0].status,
        VerificationStatus::Ok,
        "the vault is still readable and matches its hash: {:?}",
        verified[0]
    );
    let dest = dir.path().join("handover");
    reopened
        .export_evidence(
            ExportRequest {
                ids: vec![verified[0].id.clone()],
                destination: dest.display().to_string(),
                recipient: "Garda".into(),
                purpose: "Referral".into(),
            },
            &Silent,
        )
        .expect("evidence still exports after the change");
    assert!(
        reopened.verify_audit(&Silent).unwrap().intact,
        "the audit chain is intact"
    );
}

#[test]
fn the_change_is_audited_without_any_secret_in_the_entry() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = case_with_evidence(dir.path());
    let folder = case.root().to_path_buf();
    case.change_passphrase(NEW).unwrap();
    drop(case);
    let case = open_with(&folder, NEW).unwrap();
    let log = case.audit_log(&AuditQuery::default()).unwrap();
    let entry = log
        .iter()
        .find(|e| e.action == "case.passphrase")
        .expect("a passphrase change leaves an audit entry");
    let text = serde_json::to_string(entry).unwrap();
    assert!(
        !text.contains(NEW) && !text.contains(PASSPHRASE),
        "no passphrase in the audit entry: {text}"
    );
    assert_eq!(entry.actor, log[0].actor, "the entry names who changed it");
}

#[test]
fn a_new_passphrase_shorter_than_eight_characters_is_refused_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = case_with_evidence(dir.path());
    let folder = case.root().to_path_buf();
    let err = case.change_passphrase("short").unwrap_err();
    assert!(
        matches!(&err, Error::Invalid { field, .. } if field == "passphrase"),
        "{err}"
    );
    drop(case);
    open_with(&folder, PASSPHRASE).expect("the old passphrase still opens the case");
}

#[test]
fn a_change_that_fails_part_way_leaves_the_old_passphrase_working_and_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = case_with_evidence(dir.path());
    let folder = case.root().to_path_buf();
    // The re-encrypted copy cannot be written where it goes: a folder is in its place.
    let staged = folder.join(format!("case.db.rekey-{}", std::process::id()));
    std::fs::create_dir(&staged).unwrap();
    std::fs::write(staged.join("blocker"), b"x").unwrap();
    assert!(
        case.change_passphrase(NEW).is_err(),
        "the change cannot complete"
    );
    event(&mut case, "Still working after the failure");
    drop(case);
    std::fs::remove_dir_all(&staged).unwrap();
    assert!(
        matches!(open_with(&folder, NEW), Err(Error::WrongPassphrase(_))),
        "a failed change must not half-apply the new passphrase"
    );
    let case = open_with(&folder, PASSPHRASE).expect("the old passphrase still opens the case");
    assert!(
        !case
            .audit_log(&AuditQuery::default())
            .unwrap()
            .iter()
            .any(|e| e.action == "case.passphrase"),
        "no audit entry for a change that did not happen"
    );
}

#[test]
fn what_a_killed_change_left_is_swept_on_open_and_the_old_passphrase_works() {
    let dir = tempfile::tempdir().unwrap();
    let case = case_with_evidence(dir.path());
    let folder = case.root().to_path_buf();
    drop(case);
    // A process killed before its rename leaves its half-written copy and log; pid_max on
    // Linux is at most 2^22, so this process is gone.
    let copy = folder.join("case.db.rekey-4999999");
    std::fs::write(&copy, b"half a database encrypted under the new passphrase").unwrap();
    std::fs::write(folder.join("case.db.rekey-4999999-wal"), b"log").unwrap();
    let case = open_with(&folder, PASSPHRASE).expect("the old passphrase still opens the case");
    assert!(!copy.exists(), "the dead process's copy is removed on open");
    assert!(!folder.join("case.db.rekey-4999999-wal").exists());
    drop(case);
}

#[test]
fn the_current_passphrase_can_be_checked_without_touching_the_open_case() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = case_with_evidence(dir.path());
    case.verify_passphrase(PASSPHRASE)
        .expect("the right passphrase is accepted");
    assert!(matches!(
        case.verify_passphrase("not the passphrase"),
        Err(Error::WrongPassphrase(_))
    ));
    event(&mut case, "The open connection is unaffected");
}

fn private_file(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).unwrap();
    p
}

#[test]
fn the_cli_changes_the_passphrase_from_a_file_and_reports_its_strength() {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("c");
    let case = case.to_str().unwrap();
    ok(casebook(dir.path(), &["case", "new", case, "--title", "T"]));
    let new_file = private_file(dir.path(), "new.txt", &format!("{NEW}\n"));
    let out = casebook(
        dir.path(),
        &[
            "case",
            "passphrase",
            case,
            "--new-passphrase-file",
            new_file.to_str().unwrap(),
        ],
    );
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    ok(out);
    assert!(
        stderr.contains("passphrase strength"),
        "the strength is reported: {stderr}"
    );
    let show = Command::new(env!("CARGO_BIN_EXE_casebook"))
        .args([
            "--passphrase-file",
            new_file.to_str().unwrap(),
            "case",
            "show",
            case,
        ])
        .env("CASEBOOK_HOME", dir.path())
        .env_remove("CASEBOOK_PASSPHRASE")
        .output()
        .unwrap();
    ok(show);
    let old = casebook(dir.path(), &["case", "show", case]);
    assert!(
        !old.status.success(),
        "the old passphrase is refused after the change"
    );
}

#[test]
fn the_cli_warns_about_a_weak_new_passphrase_but_takes_it() {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("c");
    let case = case.to_str().unwrap();
    ok(casebook(dir.path(), &["case", "new", case, "--title", "T"]));
    let weak = private_file(dir.path(), "weak.txt", "password1\n");
    let out = casebook(
        dir.path(),
        &[
            "case",
            "passphrase",
            case,
            "--new-passphrase-file",
            weak.to_str().unwrap(),
        ],
    );
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    ok(out);
    assert!(
        stderr.contains("weak"),
        "a weak passphrase is called weak: {stderr}"
    );
}

#[test]
fn without_a_new_passphrase_a_script_gets_an_error_not_a_hang() {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("c");
    let case = case.to_str().unwrap();
    ok(casebook(dir.path(), &["case", "new", case, "--title", "T"]));
    let out = Command::new(env!("CARGO_BIN_EXE_casebook"))
        .args(["case", "passphrase", case])
        .env("CASEBOOK_HOME", dir.path())
        .env("CASEBOOK_PASSPHRASE", PASSPHRASE)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("--new-passphrase-file"),
        "the error says how to give the new passphrase"
    );
    ok(casebook(dir.path(), &["case", "show", case]));
}

#[test]
fn a_passphrase_file_other_accounts_can_read_is_refused_with_the_fix() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let file = private_file(dir.path(), "pass.txt", &format!("{PASSPHRASE}\n"));
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let run = |path: &Path| {
        Command::new(env!("CARGO_BIN_EXE_casebook"))
            .args([
                "--passphrase-file",
                path.to_str().unwrap(),
                "case",
                "new",
                dir.path().join("c").to_str().unwrap(),
                "--title",
                "T",
            ])
            .env("CASEBOOK_HOME", dir.path())
            .env_remove("CASEBOOK_PASSPHRASE")
            .output()
            .unwrap()
    };
    let out = run(&file);
    assert!(
        !out.status.success(),
        "a world-readable passphrase file is refused"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("chmod 600"),
        "the error says how to fix it: {stderr}"
    );
    assert!(
        !stderr.contains(PASSPHRASE),
        "the error never shows the passphrase"
    );

    let out = run(dir.path());
    assert!(!out.status.success(), "a folder is not a passphrase file");
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a regular file"));

    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
    ok(run(&file));
}

#[test]
fn the_environment_passphrase_is_warned_about_on_a_terminal_and_not_in_a_script() {
    let dir = tempfile::tempdir().unwrap();
    ok(casebook(
        dir.path(),
        &["profile", "set", "--name", "Ida Investigator"],
    ));
    let case = dir.path().join("c");
    let case = case.to_str().unwrap();
    ok(casebook(dir.path(), &["case", "new", case, "--title", "T"]));
    let quiet = casebook(dir.path(), &["case", "show", case]);
    assert!(
        !String::from_utf8_lossy(&quiet.stderr).contains("warning"),
        "a script (stdin not a terminal) is not warned"
    );
    // `script` runs the command on a pseudo-terminal, as a person at a shell would.
    let Ok(on_terminal) = Command::new("script")
        .args([
            "-qec",
            &format!("{} case show {case}", env!("CARGO_BIN_EXE_casebook")),
            "/dev/null",
        ])
        .env("CASEBOOK_HOME", dir.path())
        .env("CASEBOOK_PASSPHRASE", PASSPHRASE)
        .stdin(std::process::Stdio::null())
        .output()
    else {
        eprintln!("no `script` here to give the command a terminal; the warning is not checked");
        return;
    };
    let text = String::from_utf8_lossy(&on_terminal.stdout);
    assert!(
        text.contains("CASEBOOK_PASSPHRASE") && text.contains("--passphrase-file"),
        "on a terminal the environment passphrase is warned about, with the safer ways: {text}"
    );
    assert!(
        !text.contains(PASSPHRASE),
        "the warning never shows the passphrase"
    );
}
