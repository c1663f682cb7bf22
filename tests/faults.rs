//! Fault injection: the CLI killed with SIGKILL — as a power cut would stop it — at named
//! failpoints (`util::failpoint`, armed by `CASEBOOK_FAILPOINT=name[@N]` in debug builds) and
//! at a moment its progress output shows, across evidence intake, affected import, batch
//! removal, packet generation and vault migration. After each kill the case reopens with its
//! audit chain intact; every table holds the rows it held before the operation or the rows it
//! holds after it, never a mix; no temporary, pending marker, partial file or unreferenced
//! vault copy is left once the case has been opened again; and the operation, if the kill
//! left it undone, succeeds when run again.
#![cfg(target_os = "linux")]
mod common;

use common::cli::ok;
use common::*;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Mutex, OnceLock};

/// Rows per table: the shape of the case's state that a partial write would break.
type Counts = BTreeMap<String, i64>;

/// What an operation does to a copy of the template case.
struct Op {
    name: &'static str,
    /// The CLI arguments, given the scene.
    args: fn(&Scene) -> Vec<String>,
    /// Whether running it again once it has happened succeeds (an import of the same file or
    /// the removal of a removed batch is refused instead, as it should be).
    repeatable: bool,
    /// Sets the scene up before the operation (files to add, an old file to replace).
    prepare: fn(&Scene),
    /// What must hold once the operation has been run again after the kill.
    check: fn(&Scene),
}

fn nothing(_: &Scene) {}

const ADD: Op = Op {
    name: "evidence add",
    args: |s| {
        let mut a = vec!["evidence".into(), "add".into(), s.case_arg()];
        for i in 1..=3 {
            a.push(
                s.dir
                    .path()
                    .join(format!("new{i}.bin"))
                    .display()
                    .to_string(),
            );
        }
        a.extend(["--description".into(), "seized laptop files".into()]);
        a
    },
    repeatable: true,
    prepare: |s| {
        for i in 1..=3u8 {
            write(
                s.dir.path(),
                &format!("new{i}.bin"),
                &vec![i; 70_000 * i as usize],
            );
        }
    },
    check: nothing,
};

const IMPORT: Op = Op {
    name: "affected import",
    args: |s| {
        vec![
            "affected".into(),
            "import".into(),
            s.case_arg(),
            s.dir.path().join("new.csv").display().to_string(),
        ]
    },
    repeatable: false,
    prepare: |s| {
        write(s.dir.path(), "new.csv", people_csv(1_000, 400).as_bytes());
    },
    check: nothing,
};

const REMOVE: Op = Op {
    name: "affected remove-batch",
    args: |s| {
        vec![
            "affected".into(),
            "remove-batch".into(),
            s.case_arg(),
            "IB-0001".into(),
            "--reason".into(),
            "imported from the wrong extract".into(),
        ]
    },
    repeatable: false,
    prepare: nothing,
    check: nothing,
};

const PACKET: Op = Op {
    name: "packet",
    args: |s| {
        vec![
            "packet".into(),
            s.case_arg(),
            "--out".into(),
            s.packet().display().to_string(),
        ]
    },
    repeatable: true,
    prepare: |s| std::fs::create_dir(s.out()).unwrap(),
    check: packet_on_disk_is_recorded,
};

/// The packet written over an older file of the same name.
const PACKET_OVER: Op = Op {
    name: "packet over an older file",
    prepare: |s| {
        std::fs::create_dir(s.out()).unwrap();
        std::fs::write(s.packet(), b"an older packet").unwrap();
    },
    ..PACKET
};

/// Opening a case whose vault predates encryption converts it (any command opens it).
const MIGRATE: Op = Op {
    name: "vault migration on open",
    args: |s| vec!["evidence".into(), "list".into(), s.case_arg()],
    repeatable: true,
    prepare: plaintext_vault,
    check: |s| {
        assert!(
            !s.case.join("vault/sha256").exists(),
            "the plaintext vault is gone once the conversion is finished"
        );
        let out = ok(s.casebook(&["evidence", "verify", &s.case_arg(), "--json"], None));
        assert!(
            !out.contains("\"changed\"") && !out.contains("\"missing\""),
            "every item still verifies against its recorded hash after the conversion: {out}"
        );
    },
};

/// Sealing the case into a bundle: the file is named only once its audit entry commits.
const BUNDLE: Op = Op {
    name: "case bundle",
    args: |s| {
        vec![
            "case".into(),
            "bundle".into(),
            s.case_arg(),
            "--out".into(),
            s.bundle().display().to_string(),
        ]
    },
    repeatable: true,
    prepare: |s| std::fs::create_dir(s.out()).unwrap(),
    check: |s| {
        assert!(
            s.out().join("case.cbx").is_file(),
            "the rerun wrote the bundle"
        );
        let recorded: i64 = raw_connection(&s.case)
            .query_row(
                "SELECT count(*) FROM audit_log WHERE action = 'case.bundle'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert!(recorded > 0, "the bundle on disk was recorded");
    },
};

/// Every failpoint the harness arms, by operation. A kill after the commit is as much a
/// case as one before it: the operation must then be whole.
const PLAN: &[(&Op, &[&str])] = &[
    (
        &ADD,
        &[
            "vault.sealed",
            "vault.marked",
            "vault.before_rename",
            "vault.after_rename",
            "vault.after_rename@3",
            "evidence.file_read@2",
            "evidence.before_record",
            "store.before_commit",
            "store.after_commit",
            "evidence.after_commit",
        ],
    ),
    (
        &IMPORT,
        &[
            "vault.marked",
            "import.staged",
            "import.row@150",
            "import.rows_inserted",
            "people.rebuild",
            "store.before_commit",
            "import.after_commit",
        ],
    ),
    (
        &REMOVE,
        &[
            "remove_batch.records_deleted",
            "people.rebuild",
            "remove_batch.before_audit",
            "store.before_commit",
            "store.after_commit",
        ],
    ),
    (
        &PACKET,
        &[
            "packet.rendered",
            "store.before_commit",
            "packet.recorded",
            "fs.before_name",
        ],
    ),
    (&PACKET_OVER, &["fs.before_rename_over"]),
    (
        &MIGRATE,
        &[
            "vault.migrate.sealed",
            "vault.before_rename",
            "vault.migrate.checked",
            "vault.migrate.removed",
            "vault.migrate.sealed@4",
            "vault.migrate.before_audit",
            "store.before_commit",
        ],
    ),
    (
        &BUNDLE,
        &[
            "bundle.exported",
            "bundle.written",
            "store.before_commit",
            "bundle.recorded",
            "fs.before_name",
        ],
    ),
];

/// Rows of affected people from `start`, every tenth one with an e-mail that is rejected.
fn people_csv(start: usize, n: usize) -> String {
    let mut s = String::from("name,email,country\n");
    for i in start..start + n {
        if i % 10 == 0 {
            s.push_str(&format!("Person {i},not an address,US\n"));
        } else {
            s.push_str(&format!("Person {i},p{i}@example.com,US\n"));
        }
    }
    s
}

/// A case with data — three evidence items, two import batches, a snapshot — and the
/// plaintext of everything its vault holds, made once and copied for every scene.
struct Template {
    case: PathBuf,
    plaintext: Vec<Vec<u8>>,
}

fn template() -> &'static Template {
    static T: OnceLock<Template> = OnceLock::new();
    T.get_or_init(|| {
        let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("faults-template");
        if root.exists() {
            make_writable(&root);
            std::fs::remove_dir_all(&root).unwrap();
        }
        std::fs::create_dir_all(&root).unwrap();
        let mut case = new_case(&root, "template");
        let mut plaintext = Vec::new();
        let mut paths = Vec::new();
        for i in 1..=3 {
            let bytes = format!("evidence item {i}\n")
                .repeat(2_000 * i)
                .into_bytes();
            paths.push(write(&root, &format!("item{i}.txt"), &bytes));
            plaintext.push(bytes);
        }
        case.add_evidence(
            casebook::evidence::IntakeRequest {
                paths: paths.iter().map(|p| p.display().to_string()).collect(),
                description: Some("files from the subject's laptop".into()),
                ..Default::default()
            },
            &casebook::progress::Silent,
        )
        .unwrap();
        for (b, name) in ["first.csv", "second.csv"].into_iter().enumerate() {
            let csv = people_csv(b * 200, 200);
            import(&mut case, &write(&root, name, csv.as_bytes())).unwrap();
            plaintext.push(csv.into_bytes());
        }
        case.take_snapshot("before the faults").unwrap();
        drop(case);
        Template {
            case: case_folder(&root, "template"),
            plaintext,
        }
    })
}

/// Vault files are sealed read-only; a folder holding them is removed after this.
fn make_writable(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    for f in files_under(dir) {
        let _ = std::fs::set_permissions(f, std::fs::Permissions::from_mode(0o600));
    }
}

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

/// One copy of the template case with its own home and output folder.
struct Scene {
    dir: tempfile::TempDir,
    case: PathBuf,
}

impl Scene {
    fn new(op: &Op) -> Scene {
        let dir = tempfile::tempdir().unwrap();
        let case = dir.path().join("case.casebook");
        let copied = Command::new("cp")
            .arg("-a")
            .arg(&template().case)
            .arg(&case)
            .status()
            .unwrap();
        assert!(copied.success(), "the template case is copied");
        let scene = Scene { dir, case };
        (op.prepare)(&scene);
        scene
    }

    fn case_arg(&self) -> String {
        self.case.display().to_string()
    }

    fn out(&self) -> PathBuf {
        self.dir.path().join("out")
    }

    fn packet(&self) -> PathBuf {
        self.out().join("packet.pdf")
    }

    fn bundle(&self) -> PathBuf {
        self.out().join("case.cbx")
    }

    fn command(&self, args: &[&str], failpoint: Option<&str>) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_casebook"));
        c.args(args)
            .env("CASEBOOK_HOME", self.dir.path().join("home"))
            .env("CASEBOOK_PASSPHRASE", PASSPHRASE)
            .env_remove("USER")
            .env_remove("CASEBOOK_FAILPOINT")
            .stdin(Stdio::null());
        if let Some(point) = failpoint {
            c.env("CASEBOOK_FAILPOINT", point);
        }
        c
    }

    fn casebook(&self, args: &[&str], failpoint: Option<&str>) -> Output {
        self.command(args, failpoint).output().unwrap()
    }

    fn run(&self, op: &Op, failpoint: Option<&str>) -> Output {
        let args = (op.args)(self);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        self.casebook(&args, failpoint)
    }

    fn counts(&self) -> Counts {
        let conn = raw_connection(&self.case);
        let tables: Vec<String> = conn
            .prepare(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
            )
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        tables
            .into_iter()
            .map(|t| {
                let n = conn
                    .query_row(&format!("SELECT count(*) FROM \"{t}\""), [], |r| r.get(0))
                    .unwrap();
                (t, n)
            })
            .collect()
    }

    /// Opens the case through the CLI (which sweeps what a killed process left) and checks
    /// the audit chain end to end.
    fn assert_intact(&self, when: &str) {
        let out = self.casebook(&["audit", "verify", &self.case_arg()], None);
        assert!(
            out.status.success(),
            "{when}: the audit chain verifies after reopening: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// Nothing half-made is left: no temporaries, pending markers or partial files, no plaintext
    /// vault, and exactly one vault file per content an item keeps there. The packet's folder
    /// is the user's, which no open sweeps: a temporary a killed writer left there goes with
    /// the next write into it, so `written_since` says whether one happened.
    fn assert_no_strays(&self, when: &str, written_since: bool) {
        let stray: Vec<String> = files_under(&self.case)
            .into_iter()
            .map(|f| f.strip_prefix(&self.case).unwrap().display().to_string())
            .filter(|rel| {
                rel.starts_with("tmp/")
                    || rel.starts_with("vault/tmp/")
                    || rel.starts_with("vault/sha256/")
                    || rel.ends_with(".partial")
                    || rel.ends_with(".pending")
                    || rel.contains(".rekey-")
                    || rel == "vault/converting"
            })
            .collect();
        assert!(
            stray.is_empty(),
            "{when}: left in the case folder: {stray:?}"
        );
        let sealed = files_under(&self.case.join("vault/v1")).len() as i64;
        let kept: i64 = raw_connection(&self.case)
            .query_row(
                "SELECT count(DISTINCT sha256) FROM evidence_items WHERE storage = 'vault'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(
            sealed, kept,
            "{when}: every vault file is the copy of an item, and every item has its copy"
        );
        if !written_since {
            return;
        }
        let outside: Vec<PathBuf> = files_under(&self.out())
            .into_iter()
            .filter(|f| f != &self.packet() && f != &self.bundle())
            .collect();
        assert!(
            outside.is_empty(),
            "{when}: nothing but the file written in its folder: {outside:?}"
        );
    }
}

/// The rows an operation leaves when it runs undisturbed on a fresh copy (once per operation).
fn done_counts(op: &Op) -> Counts {
    static DONE: Mutex<Option<HashMap<&'static str, Counts>>> = Mutex::new(None);
    let mut done = DONE.lock().unwrap_or_else(|p| p.into_inner());
    done.get_or_insert_with(HashMap::new)
        .entry(op.name)
        .or_insert_with(|| {
            let s = Scene::new(op);
            ok(s.run(op, None));
            s.counts()
        })
        .clone()
}

/// The tables whose counts differ, with both counts.
fn diff(a: &Counts, b: &Counts) -> Vec<String> {
    a.iter()
        .filter(|(t, n)| b.get(*t) != Some(n))
        .map(|(t, n)| format!("{t}: {n} vs {:?}", b.get(t)))
        .collect()
}

/// After a kill: the chain verifies, rows are all-before or all-after, nothing is left over;
/// then the operation is run again and the same holds.
fn assert_recovers(op: &Op, s: &Scene, before: &Counts, when: &str) {
    s.assert_intact(when);
    let after_kill = s.counts();
    let done = done_counts(op);
    let undone = &after_kill == before;
    assert!(
        undone || after_kill == done,
        "{when}: partial rows — neither as before ({:?}) nor as after ({:?})",
        diff(&after_kill, before),
        diff(&after_kill, &done)
    );
    s.assert_no_strays(when, false);
    let again = s.run(op, None);
    if undone || op.repeatable {
        assert!(
            again.status.success(),
            "{when}: running {} again succeeds: {}",
            op.name,
            String::from_utf8_lossy(&again.stderr)
        );
    } else {
        assert!(
            !again.status.success(),
            "{when}: {} had happened wholly, so running it again is refused",
            op.name
        );
    }
    if undone {
        assert_eq!(
            diff(&s.counts(), &done),
            Vec::<String>::new(),
            "{when}: the rerun does the whole operation"
        );
    }
    s.assert_intact(&format!("{when}, after the rerun"));
    s.assert_no_strays(&format!("{when}, after the rerun"), true);
    (op.check)(s);
}

fn kill_at_each_point(op: &Op) {
    let points = PLAN
        .iter()
        .find(|(o, _)| o.name == op.name)
        .expect("planned")
        .1;
    for point in points {
        let when = format!("{} killed at {point}", op.name);
        let s = Scene::new(op);
        let before = s.counts();
        let out = s.run(op, Some(point));
        assert_eq!(
            out.status.signal(),
            Some(libc::SIGKILL),
            "{when}: the process was to kill itself there, but ended {}: {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        assert_recovers(op, &s, &before, &when);
    }
}

/// A plaintext vault as Casebook wrote it before vault encryption: every vault content under
/// `vault/sha256/ab/cd/<sha256>`, the sealed copies gone.
fn plaintext_vault(s: &Scene) {
    let sealed = s.case.join("vault/v1");
    make_writable(&sealed);
    std::fs::remove_dir_all(&sealed).unwrap();
    for bytes in &template().plaintext {
        let sha = hex::encode(Sha256::digest(bytes));
        let p = s
            .case
            .join(format!("vault/sha256/{}/{}/{sha}", &sha[..2], &sha[2..4]));
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, bytes).unwrap();
    }
}

fn packet_on_disk_is_recorded(s: &Scene) {
    let bytes = std::fs::read(s.packet()).expect("the rerun wrote the packet");
    let sha = hex::encode(Sha256::digest(&bytes));
    let recorded: i64 = raw_connection(&s.case)
        .query_row(
            "SELECT count(*) FROM packets WHERE sha256 = ?1",
            [&sha],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        recorded > 0,
        "the packet file on disk is one the case recorded"
    );
}

#[test]
fn a_bundle_killed_anywhere_is_never_on_disk_unrecorded() {
    kill_at_each_point(&BUNDLE);
}

#[test]
fn evidence_intake_killed_anywhere_is_whole_or_absent() {
    kill_at_each_point(&ADD);
}

#[test]
fn an_affected_import_killed_anywhere_is_whole_or_absent() {
    kill_at_each_point(&IMPORT);
}

#[test]
fn a_batch_removal_killed_anywhere_is_whole_or_absent() {
    kill_at_each_point(&REMOVE);
}

#[test]
fn a_packet_killed_anywhere_is_never_on_disk_unrecorded() {
    kill_at_each_point(&PACKET);
    kill_at_each_point(&PACKET_OVER);
}

#[test]
fn a_vault_migration_killed_anywhere_is_finished_by_the_next_open() {
    kill_at_each_point(&MIGRATE);
}

/// Every failpoint in the code is armed by the plan, and the plan arms at least twenty kills:
/// a point nobody kills at proves nothing.
#[test]
fn every_failpoint_in_the_code_is_armed_by_the_harness() {
    let mut in_code = Vec::new();
    for f in files_under(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src"))) {
        let text = std::fs::read_to_string(&f).unwrap();
        for piece in text.split("failpoint(\"").skip(1) {
            in_code.push(piece.split('"').next().unwrap().to_string());
        }
    }
    let armed: Vec<&str> = PLAN
        .iter()
        .flat_map(|(_, points)| points.iter())
        .map(|p| p.split('@').next().unwrap())
        .collect();
    let unarmed: Vec<&String> = in_code
        .iter()
        .filter(|p| !armed.contains(&p.as_str()))
        .collect();
    assert!(
        unarmed.is_empty(),
        "failpoints no test kills at: {unarmed:?}"
    );
    let unknown: Vec<&&str> = armed
        .iter()
        .filter(|p| !in_code.iter().any(|c| c == *p))
        .collect();
    assert!(
        unknown.is_empty(),
        "the plan arms points the code lacks: {unknown:?}"
    );
    let kills: usize = PLAN.iter().map(|(_, p)| p.len()).sum();
    assert!(kills >= 20, "at least twenty kills, {kills} planned");
}

/// Runs `args` with stderr on a pseudo-terminal (so the CLI draws its progress) and kills
/// the process with SIGKILL as soon as a progress line containing `marker` appears.
fn kill_when_progress_shows(s: &Scene, args: &[&str], marker: &str) -> String {
    let (mut master, slave) = pty();
    let mut child: Child = s
        .command(args, None)
        .stdout(Stdio::null())
        .stderr(slave)
        .spawn()
        .unwrap();
    let mut seen = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        // The child holds the only other end: its exit ends the read (EIO) before the marker.
        let n = master.read(&mut buf).unwrap_or(0);
        assert!(
            n > 0,
            "{args:?} finished before its progress showed {marker:?}: make the work larger \
             (it printed {:?})",
            String::from_utf8_lossy(&seen)
        );
        seen.extend_from_slice(&buf[..n]);
        if String::from_utf8_lossy(&seen).contains(marker) {
            break;
        }
    }
    child.kill().unwrap();
    let status = child.wait().unwrap();
    assert_eq!(
        status.signal(),
        Some(libc::SIGKILL),
        "killed mid-way, not finished"
    );
    String::from_utf8_lossy(&seen).into_owned()
}

/// A pseudo-terminal: the master to read and the slave to hand to a child as its stderr.
fn pty() -> (std::fs::File, std::fs::File) {
    use std::os::fd::FromRawFd;
    let (mut master, mut slave) = (0, 0);
    // SAFETY: openpty writes two new descriptors, which become owned Files.
    let rc = unsafe {
        libc::openpty(
            &mut master,
            &mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            std::ptr::null(),
        )
    };
    assert_eq!(rc, 0, "a pseudo-terminal is available");
    unsafe {
        (
            std::fs::File::from_raw_fd(master),
            std::fs::File::from_raw_fd(slave),
        )
    }
}

#[test]
fn an_import_killed_while_its_rows_go_in_is_absent_and_runs_again() {
    let op = Op {
        name: "affected import of thousands of rows",
        prepare: |s| {
            write(
                s.dir.path(),
                "new.csv",
                people_csv(5_000, 30_000).as_bytes(),
            );
        },
        ..IMPORT
    };
    let s = Scene::new(&op);
    let before = s.counts();
    let args = (op.args)(&s);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    kill_when_progress_shows(&s, &args, " rows, ");
    assert_recovers(&op, &s, &before, "an import killed as its rows went in");
}

#[test]
fn an_intake_killed_while_copying_into_the_vault_is_absent_and_runs_again() {
    let op = Op {
        name: "evidence add of a large file",
        args: |s| {
            vec![
                "evidence".into(),
                "add".into(),
                s.case_arg(),
                s.dir.path().join("disk.img").display().to_string(),
            ]
        },
        prepare: |s| {
            let f = std::fs::File::create(s.dir.path().join("disk.img")).unwrap();
            f.set_len(64 << 20).unwrap();
        },
        ..ADD
    };
    let s = Scene::new(&op);
    let before = s.counts();
    let args = (op.args)(&s);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    kill_when_progress_shows(&s, &args, "%");
    assert_recovers(&op, &s, &before, "an intake killed while copying");
}
