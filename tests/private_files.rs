//! Private by default: a case folder and every folder in it 0700, every file in it readable
//! by its owner only (`case.db`, `-wal` and `-shm` exactly 0600), a case made with a loose
//! umask tightened on open, temporary files only in the case's own `tmp/` and swept once
//! their process is gone, and the app's home 0700 with 0600 files and a recent list of paths.

mod common;

use casebook::evidence::IntakeRequest;
use casebook::profile::AppSettings;
use casebook::progress::Silent;
use casebook::Home;
use common::*;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

fn mode(p: &Path) -> u32 {
    std::fs::symlink_metadata(p).unwrap().permissions().mode() & 0o7777
}

fn walk(root: &Path) -> Vec<PathBuf> {
    let mut out = vec![root.to_path_buf()];
    let mut i = 0;
    while i < out.len() {
        if out[i].is_dir() {
            let mut children: Vec<PathBuf> = std::fs::read_dir(&out[i])
                .unwrap()
                .map(|e| e.unwrap().path())
                .collect();
            children.sort();
            out.extend(children);
        }
        i += 1;
    }
    out
}

/// Every folder 0700, every file without group or other access, the database files 0600.
fn assert_private(root: &Path, when: &str) {
    for p in walk(root) {
        let m = mode(&p);
        if p.is_dir() {
            assert_eq!(
                m,
                0o700,
                "{when}: folder {} must be 0700, is {m:o}",
                p.display()
            );
        } else {
            assert_eq!(
                m & 0o077,
                0,
                "{when}: {} is open to others ({m:o})",
                p.display()
            );
        }
    }
    for name in ["case.db", "case.db-wal", "case.db-shm"] {
        let p = root.join(name);
        assert!(p.exists(), "{when}: {name} is there while the case is open");
        assert_eq!(mode(&p), 0o600, "{when}: {name} must be 0600");
    }
}

fn add_file(case: &mut casebook::Case, dir: &Path, name: &str) {
    let file = dir.join(name);
    std::fs::write(&file, format!("name,email\nAda,{name}@example.org\n")).unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    case.add_evidence(
        IntakeRequest {
            paths: vec![file.display().to_string()],
            ..IntakeRequest::default()
        },
        &Silent,
    )
    .unwrap();
}

#[test]
fn a_new_case_is_private_from_its_first_file_to_its_vault() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "private");
    assert_private(case.root(), "just created");
    add_file(&mut case, dir.path(), "first.csv");
    add_file(&mut case, dir.path(), "second.csv");
    assert_private(case.root(), "after two intakes");
}

#[test]
fn opening_a_case_made_with_a_loose_umask_tightens_every_folder_and_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "loose");
    add_file(&mut case, dir.path(), "ledger.csv");
    let root = case.root().to_path_buf();
    drop(case);
    // As an older Casebook or a copy under umask 022 left it.
    for p in walk(&root) {
        let loose = if p.is_dir() { 0o755 } else { mode(&p) | 0o044 };
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(loose)).unwrap();
    }
    assert_eq!(mode(&root.join("case.db")), 0o644);
    let case = reopen(&root);
    assert_private(&root, "after opening a loose case");
    drop(case);
}

#[test]
fn temporary_files_live_in_the_cases_own_folder_and_a_dead_process_s_are_swept_on_open() {
    let dir = tempfile::tempdir().unwrap();
    let case = new_case(dir.path(), "tmp");
    let root = case.root().to_path_buf();
    let temp = case.private_temp().unwrap();
    assert!(
        temp.path().starts_with(root.join("tmp")),
        "inside the case: {}",
        temp.path().display()
    );
    assert_eq!(mode(temp.path()), 0o700);
    assert_eq!(mode(&root.join("tmp")), 0o700);
    std::fs::write(temp.path().join("rows.csv"), b"Ada,ada@example.org").unwrap();
    let kept = temp.path().to_path_buf();
    // Left by a process that was killed (pid_max on Linux is at most 2^22).
    let dead = root.join("tmp").join("4999999-0000");
    std::fs::create_dir(&dead).unwrap();
    std::fs::write(dead.join("rows.csv"), b"Ada,ada@example.org").unwrap();
    drop(case);

    let again = reopen(&root);
    assert!(
        !dead.exists(),
        "a dead process's temporaries are removed on open"
    );
    assert!(kept.exists(), "a live process's temporaries are kept");
    drop(temp);
    assert!(
        !kept.exists(),
        "a temporary folder is removed when its work is done"
    );
    drop(again);
}

#[test]
fn the_demo_case_writes_its_staging_files_inside_the_case_and_leaves_none() {
    let dir = tempfile::tempdir().unwrap();
    let case =
        casebook::demo::build(&dir.path().join("cases"), PASSPHRASE, actor(), clock()).unwrap();
    let tmp = case.root().join("tmp");
    let left: Vec<_> = std::fs::read_dir(&tmp)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    assert!(
        left.is_empty(),
        "the demo's staging folders are gone: {left:?}"
    );
    let item = case
        .evidence()
        .unwrap()
        .into_iter()
        .next()
        .expect("the demo has evidence");
    assert!(
        item.original_path.starts_with(&tmp.display().to_string()),
        "the demo's files were staged inside the case: {}",
        item.original_path
    );
}

#[test]
fn the_apps_home_is_private_and_the_recent_list_holds_paths_only() {
    let dir = tempfile::tempdir().unwrap();
    let home_dir = dir.path().join("home");
    let home = Home::at(&home_dir);
    let case = new_case(dir.path(), "secret-title");
    home.remember(case.root()).unwrap();
    home.save_settings(AppSettings {
        lock_after_minutes: 5,
        ..AppSettings::default()
    })
    .unwrap();
    home.save_profile(actor()).unwrap();
    assert_eq!(
        mode(&home_dir),
        0o700,
        "the home folder is the owner's alone"
    );
    for f in ["recent.json", "settings.json", "profile.json"] {
        assert_eq!(mode(&home_dir.join(f)), 0o600, "{f} must be 0600");
    }
    let text = std::fs::read_to_string(home_dir.join("recent.json")).unwrap();
    assert!(
        !text.contains("Case secret-title"),
        "the case's title stays in its encrypted database: {text}"
    );
    let recent = home.recent().unwrap();
    assert_eq!(recent.len(), 1);
    assert_eq!(recent[0].path, case.root().display().to_string());
    assert_eq!(
        recent[0].name, "secret-title",
        "the name comes from the folder"
    );
    assert!(
        !recent[0].modified_at.is_empty(),
        "when it last changed comes from the disk"
    );
    assert_eq!(home.settings().unwrap().lock_after_minutes, 5);
}

#[test]
fn an_old_recent_list_with_titles_is_read_and_loses_them_at_the_next_write() {
    let dir = tempfile::tempdir().unwrap();
    let home_dir = dir.path().join("home");
    std::fs::create_dir(&home_dir).unwrap();
    std::fs::write(
        home_dir.join("recent.json"),
        r#"[{"path": "/cases/a.casebook", "title": "Payroll theft by J. Doe", "opened_at": "2026-01-02T09:00:00Z"},
            {"path": "/cases/b.casebook", "title": "B", "opened_at": "2026-01-01T09:00:00Z"}]"#,
    )
    .unwrap();
    let home = Home::at(&home_dir);
    let paths: Vec<String> = home.recent().unwrap().into_iter().map(|c| c.path).collect();
    assert_eq!(
        paths,
        ["/cases/a.casebook", "/cases/b.casebook"],
        "the old list still reads"
    );
    home.remember(Path::new("/cases/c.casebook")).unwrap();
    let text = std::fs::read_to_string(home_dir.join("recent.json")).unwrap();
    assert!(
        !text.contains("Payroll"),
        "titles are dropped on the next write: {text}"
    );
    let paths: Vec<String> = home.recent().unwrap().into_iter().map(|c| c.path).collect();
    assert_eq!(
        paths,
        [
            "/cases/c.casebook",
            "/cases/a.casebook",
            "/cases/b.casebook"
        ]
    );
    assert_eq!(mode(&home_dir.join("recent.json")), 0o600);
    assert_eq!(
        mode(&home_dir),
        0o700,
        "an existing home is tightened when written to"
    );
}

#[test]
fn an_idle_lock_longer_than_a_day_is_refused_and_the_default_is_fifteen_minutes() {
    let dir = tempfile::tempdir().unwrap();
    let home = Home::at(dir.path().join("home"));
    assert_eq!(home.settings().unwrap().lock_after_minutes, 15);
    let err = home
        .save_settings(AppSettings {
            lock_after_minutes: 100_000,
            ..AppSettings::default()
        })
        .unwrap_err();
    assert!(
        matches!(&err, casebook::Error::Invalid { field, .. } if field == "lock_after_minutes"),
        "{err}"
    );
    home.save_settings(AppSettings {
        lock_after_minutes: 0,
        ..AppSettings::default()
    })
    .unwrap();
    assert_eq!(
        home.settings().unwrap().lock_after_minutes,
        0,
        "0 means never"
    );
}
