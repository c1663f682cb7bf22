//! The case lock is held only for short database work: slow work (hashing, encrypting,
//! rereading files) is prepared from the case, runs without it, and is recorded by a short
//! commit that copes with what happened meanwhile. The case is shared here as the desktop
//! shell shares it (`Mutex<Option<Case>>`); a progress callback that stops the slow step
//! until the test lets it go proves, without sleeping, that another command gets the case
//! while the slow step is under way.

mod common;

use casebook::evidence::{IntakeRequest, Storage, VerificationStatus};
use casebook::progress::{Progress, Silent};
use casebook::{Case, ErrorKind};
use common::*;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::{Arc, Mutex};

type Shared = Arc<Mutex<Option<Case>>>;

/// Stops the work at its first progress report: says so on `reached`, then waits for `go`.
struct PauseOnce {
    paused: AtomicBool,
    reached: Sender<()>,
    go: Mutex<Receiver<()>>,
}

impl Progress for PauseOnce {
    fn update(&self, _done: u64, _total: u64) {
        if !self.paused.swap(true, Ordering::SeqCst) {
            self.reached.send(()).unwrap();
            self.go.lock().unwrap().recv().unwrap();
        }
    }
}

/// A pause for one slow step, and the test's two ends of it.
fn pause() -> (PauseOnce, Receiver<()>, Sender<()>) {
    let (reached, paused) = channel();
    let (go, wait) = channel();
    let p = PauseOnce {
        paused: AtomicBool::new(false),
        reached,
        go: Mutex::new(wait),
    };
    (p, paused, go)
}

fn request(paths: &[&Path]) -> IntakeRequest {
    IntakeRequest {
        paths: paths
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect(),
        source: Some("Support DB server".into()),
        ..Default::default()
    }
}

/// Every file under the case's vault (copies and temporaries).
fn vault_files(root: &Path) -> Vec<PathBuf> {
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
    walk(&root.join("vault"), &mut v);
    v
}

fn locked<T>(shared: &Shared, f: impl FnOnce(&mut Case) -> T) -> T {
    f(shared.lock().unwrap().as_mut().expect("a case is open"))
}

#[test]
fn prepared_work_owns_what_it_needs_and_can_move_to_another_thread() {
    fn send_static<T: Send + 'static>() {}
    send_static::<casebook::evidence::Intake>();
    send_static::<casebook::evidence::StagedIntake>();
    send_static::<casebook::evidence::Verification>();
    send_static::<casebook::evidence::Verified>();
}

#[test]
fn another_write_completes_while_an_intake_is_paused_mid_file_and_both_are_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let big = write(dir.path(), "export.csv", &vec![b'x'; 3 << 20]);
    let small = write(dir.path(), "note.txt", b"interview note");
    let shared: Shared = Arc::new(Mutex::new(Some(new_case(dir.path(), "c"))));

    let intake = locked(&shared, |c| c.prepare_intake(request(&[&big]))).unwrap();
    let (progress, paused, go) = pause();
    let worker = {
        let shared = shared.clone();
        std::thread::spawn(move || {
            let staged = intake.run(&progress)?;
            locked(&shared, |c| c.commit_intake(staged))
        })
    };
    paused.recv().unwrap();
    // The intake is mid-way through its file: the case must be free for another command.
    let other = locked(&shared, |c| c.add_evidence(request(&[&small]), &Silent))
        .expect("a write while the intake runs is not held up by it");
    go.send(()).unwrap();
    let report = worker
        .join()
        .unwrap()
        .expect("the paused intake is recorded");

    assert_eq!(
        other.added[0].id, "EV-0001",
        "the write made meanwhile came first"
    );
    assert_eq!(
        report.added[0].id, "EV-0002",
        "the intake's items are appended after what the case recorded meanwhile"
    );
    locked(&shared, |c| {
        assert_eq!(c.evidence().unwrap().len(), 2, "both intakes are recorded");
        assert!(
            c.verify_audit(&Silent).unwrap().intact,
            "the chain holds both, in order"
        );
        assert_eq!(
            c.verify_evidence(&[], &Silent)
                .unwrap()
                .iter()
                .filter(|o| o.status == VerificationStatus::Ok)
                .count(),
            2,
            "both vault copies were named and read back whole"
        );
    });
}

#[test]
fn another_write_completes_while_a_verification_is_paused_mid_file() {
    let dir = tempfile::tempdir().unwrap();
    let big = write(dir.path(), "export.csv", &vec![b'y'; 3 << 20]);
    let small = write(dir.path(), "note.txt", b"interview note");
    let shared: Shared = Arc::new(Mutex::new(Some(new_case(dir.path(), "c"))));
    locked(&shared, |c| c.add_evidence(request(&[&big]), &Silent)).unwrap();

    let verification = locked(&shared, |c| c.prepare_verification(&[])).unwrap();
    let (progress, paused, go) = pause();
    let worker = {
        let shared = shared.clone();
        std::thread::spawn(move || {
            let found = verification.run(&progress)?;
            locked(&shared, |c| c.commit_verification(found))
        })
    };
    paused.recv().unwrap();
    locked(&shared, |c| c.add_evidence(request(&[&small]), &Silent))
        .expect("a write while the verification runs is not held up by it");
    go.send(()).unwrap();
    let outcomes = worker
        .join()
        .unwrap()
        .expect("the verification is recorded");

    assert_eq!(
        outcomes.len(),
        1,
        "the verification covers the items there were when it was prepared"
    );
    locked(&shared, |c| {
        let items = c.evidence().unwrap();
        assert_eq!(
            items[0].status,
            VerificationStatus::Ok,
            "the result is recorded"
        );
        assert_eq!(
            items[1].status,
            VerificationStatus::NeverVerified,
            "the item added meanwhile was not verified"
        );
        assert!(c.verify_audit(&Silent).unwrap().intact);
    });
}

#[test]
fn an_intake_whose_case_was_closed_and_another_opened_is_refused_and_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "export.csv", b"id,name\n1,A\n");
    let first = new_case(dir.path(), "first");
    let first_root = first.root().to_path_buf();
    let staged = first
        .prepare_intake(request(&[&file]))
        .unwrap()
        .run(&Silent)
        .unwrap();
    drop(first);
    let mut second = new_case(dir.path(), "second");
    let second_root = second.root().to_path_buf();

    let err = second.commit_intake(staged).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NoCaseOpen, "a typed refusal: {err}");
    assert!(
        err.to_string().contains("closed while adding evidence"),
        "the message says what happened: {err}"
    );
    assert!(
        second.evidence().unwrap().is_empty(),
        "nothing was recorded into the case opened meanwhile"
    );
    assert_eq!(
        vault_files(&first_root),
        Vec::<PathBuf>::new(),
        "the refused intake's staged copy is gone"
    );
    assert_eq!(vault_files(&second_root), Vec::<PathBuf>::new());
    assert!(reopen(&first_root).evidence().unwrap().is_empty());
}

#[test]
fn an_intake_is_recorded_into_its_case_reopened_while_it_ran() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "export.csv", b"id,name\n1,A\n");
    let case = new_case(dir.path(), "c");
    let root = case.root().to_path_buf();
    let intake = case.prepare_intake(request(&[&file])).unwrap();
    drop(case);
    let staged = intake.run(&Silent).unwrap();
    let mut case = reopen(&root);
    let report = case.commit_intake(staged).expect("the same case takes it");
    assert_eq!(report.added.len(), 1);
    assert_eq!(report.added[0].storage, Storage::Vault);
    assert_eq!(
        case.verify_evidence(&[], &Silent).unwrap()[0].status,
        VerificationStatus::Ok,
        "its vault copy was named"
    );
}

#[test]
fn two_intakes_of_one_content_staged_at_once_share_one_vault_copy_whichever_is_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let one = write(dir.path(), "one.csv", b"the same bytes");
    let two = write(dir.path(), "two.csv", b"the same bytes");
    let mut case = new_case(dir.path(), "c");
    let first = case
        .prepare_intake(request(&[&one]))
        .unwrap()
        .run(&Silent)
        .unwrap();
    let second = case
        .prepare_intake(request(&[&two]))
        .unwrap()
        .run(&Silent)
        .unwrap();
    case.commit_intake(second).unwrap();
    // The first was staged before the second named the shared copy; dropping it (a cancel, a
    // failed commit) must not take the copy the second's item holds.
    drop(first);
    let outcomes = case.verify_evidence(&[], &Silent).unwrap();
    assert_eq!(
        outcomes[0].status,
        VerificationStatus::Ok,
        "the recorded item keeps its vault copy: {}",
        outcomes[0].detail
    );
    let copies = vault_files(case.root())
        .into_iter()
        .filter(|p| p.components().any(|c| c.as_os_str() == "v1"))
        .count();
    assert_eq!(copies, 1, "one content, one vault copy");
}

#[test]
fn packets_and_bundles_prepared_from_a_case_can_move_to_another_thread() {
    fn send_static<T: Send + 'static>() {}
    send_static::<casebook::packet::PacketJob>();
    send_static::<casebook::packet::RenderedPacket>();
    send_static::<casebook::bundle::BundleJob>();
    send_static::<casebook::bundle::SealedBundle>();
    send_static::<casebook::evidence::EvidenceExport>();
    send_static::<casebook::evidence::WrittenExport>();
}

/// The seq of the newest audit entry of `action`.
fn seq_of(case: &Case, action: &str) -> u32 {
    case.audit_log(&casebook::audit::AuditQuery::default())
        .unwrap()
        .into_iter()
        .filter(|e| e.action == action)
        .map(|e| e.seq)
        .max()
        .unwrap_or_else(|| panic!("no {action} entry"))
}

#[test]
fn another_write_completes_while_a_packet_renders_and_the_packet_shows_the_case_as_prepared() {
    let dir = tempfile::tempdir().unwrap();
    let note = write(dir.path(), "note.txt", b"interview note");
    let out = dir.path().join("packet.pdf");
    let shared: Shared = Arc::new(Mutex::new(Some(new_case(dir.path(), "c"))));

    let job = locked(&shared, |c| {
        c.prepare_packet(&casebook::packet::PacketOptions::default(), &out)
    })
    .unwrap();
    let (progress, paused, go) = pause();
    let worker = {
        let shared = shared.clone();
        std::thread::spawn(move || {
            let rendered = job.run(signing_key(), &progress)?;
            locked(&shared, |c| c.commit_packet(rendered))
        })
    };
    paused.recv().unwrap();
    locked(&shared, |c| c.add_evidence(request(&[&note]), &Silent))
        .expect("a write while the packet renders is not held up by it");
    assert!(
        !out.exists(),
        "no packet file is named before it is recorded"
    );
    go.send(()).unwrap();
    let record = worker.join().unwrap().expect("the packet is recorded");

    locked(&shared, |c| {
        let added = seq_of(c, "evidence.add");
        assert!(
            record.as_of_seq < added,
            "the packet reads the case as it was when rendering began (as of {}), not the \
             item added at {added}",
            record.as_of_seq
        );
        assert!(
            seq_of(c, "packet.generated") > added,
            "its entry is appended after the write made meanwhile"
        );
        assert_eq!(c.packets().unwrap().len(), 1);
        assert!(c.verify_audit(&Silent).unwrap().intact);
    });
    assert!(out.exists(), "the file is named once recorded");
}

#[test]
fn a_packet_whose_case_was_closed_and_another_opened_is_refused_and_leaves_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("packet.pdf");
    let first = new_case(dir.path(), "first");
    let job = first
        .prepare_packet(&casebook::packet::PacketOptions::default(), &out)
        .unwrap();
    let rendered = job.run(signing_key(), &Silent).unwrap();
    drop(first);
    let mut second = new_case(dir.path(), "second");
    let err = second.commit_packet(rendered).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NoCaseOpen, "a typed refusal: {err}");
    assert!(
        err.to_string()
            .contains("closed while generating the packet"),
        "{err}"
    );
    assert!(second.packets().unwrap().is_empty(), "nothing recorded");
    assert!(!out.exists(), "no packet file is left behind");
}

#[test]
fn another_write_completes_while_a_bundle_is_written_and_the_bundle_is_recorded_after_it() {
    let dir = tempfile::tempdir().unwrap();
    let big = write(dir.path(), "export.csv", &vec![b'z'; 3 << 20]);
    let note = write(dir.path(), "note.txt", b"interview note");
    let out = dir.path().join("case.cbx");
    let shared: Shared = Arc::new(Mutex::new(Some(new_case(dir.path(), "c"))));
    locked(&shared, |c| c.add_evidence(request(&[&big]), &Silent)).unwrap();

    let job = locked(&shared, |c| c.prepare_bundle(&out, signing_key())).unwrap();
    let (progress, paused, go) = pause();
    let worker = {
        let shared = shared.clone();
        std::thread::spawn(move || {
            let sealed = job.run(signing_key(), &progress)?;
            locked(&shared, |c| c.commit_bundle(sealed))
        })
    };
    paused.recv().unwrap();
    locked(&shared, |c| c.add_evidence(request(&[&note]), &Silent))
        .expect("a write while the bundle is written is not held up by it");
    go.send(()).unwrap();
    let summary = worker.join().unwrap().expect("the bundle is recorded");

    assert_eq!(
        summary.vault_files, 1,
        "the bundle holds the case as it was sealed"
    );
    locked(&shared, |c| {
        assert!(seq_of(c, "case.bundle") > seq_of(c, "evidence.add"));
        assert!(c.verify_audit(&Silent).unwrap().intact);
    });
    let opened = casebook::bundle::open_bundle(&out, &dir.path().join("opened"), None, &Silent)
        .expect("the bundle opens whole");
    assert_eq!(opened.vault_files, 1);
}

#[test]
fn a_list_written_while_the_case_changed_holds_the_rows_it_was_prepared_from_and_is_named_once_recorded(
) {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "c");
    let file = write(
        dir.path(),
        "f.csv",
        b"name,email,country\nAnn,ann@example.com,US\nBob,bob@example,US\n",
    );
    let batch = import(&mut case, &file).unwrap().batch.id;
    let out = dir.path().join("rejects.csv");
    let export = case.prepare_rejects_export(&batch, &out, false).unwrap();
    // A second import writes while the list has not been read yet: the list reads its own
    // snapshot, taken when it starts.
    let written = export.run().unwrap();
    let more = write(
        dir.path(),
        "g.csv",
        b"name,email,country\nCy,cy@example,US\n",
    );
    import(&mut case, &more).unwrap();
    assert!(!out.exists(), "no list is named before it is recorded");
    assert_eq!(case.commit_list(written).unwrap(), 1, "Bob's row only");
    assert!(out.exists());
    assert!(case.verify_audit(&Silent).unwrap().intact);

    let other = dir.path().join("notices.csv");
    let list = case
        .prepare_notice_list(&casebook::affected::notice::NoticeListRequest {
            dest: other.to_string_lossy().into_owned(),
            ..Default::default()
        })
        .unwrap()
        .run()
        .unwrap();
    let root = case.root().to_path_buf();
    drop(case);
    let mut second = new_case(dir.path(), "second");
    let err = second.commit_list(list).unwrap_err();
    assert!(
        err.to_string().contains("closed while writing the list"),
        "{err}"
    );
    assert!(!other.exists(), "a refused list leaves no file");
    drop(second);
    assert!(reopen(&root).verify_audit(&Silent).unwrap().intact);
}
