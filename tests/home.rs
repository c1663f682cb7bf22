//! The app home screen's view of the disk: case folders found in the cases folder beside the
//! recent list, and the demo case made with progress, beside any demo case already there.

mod common;

use casebook::profile::case_folders;
use casebook::progress::{CancelFlag, Progress};
use casebook::Home;
use common::*;
use std::sync::Mutex;

#[test]
fn case_folders_in_the_cases_folder_are_listed_newest_first_and_those_already_recent_are_left_out()
{
    let home_dir = tempfile::tempdir().unwrap();
    let home = Home::at(home_dir.path());
    let cases = home.default_cases_dir();
    assert!(
        home.unlisted_cases().unwrap().is_empty(),
        "no cases folder yet is no cases, not an error"
    );
    std::fs::create_dir_all(&cases).unwrap();
    drop(new_case(&cases, "older"));
    drop(new_case(&cases, "recent"));
    // Written later, so it is the newest.
    let mut newest = new_case(&cases, "newest");
    newest
        .add_member(casebook::team::MemberInput {
            name: "Marcus Feld".into(),
            email: String::new(),
            role: casebook::team::Role::Counsel,
            organisation: String::new(),
        })
        .unwrap();
    drop(newest);
    // Not cases: a folder without the suffix, and one with it but no database.
    std::fs::create_dir_all(cases.join("notes")).unwrap();
    std::fs::create_dir_all(cases.join("empty.casebook")).unwrap();
    let older = case_folder(&cases, "older");
    let past = filetime(&older, 1_600_000_000);
    assert!(past, "the test can date a folder back");

    // The recent list may hold the path in another spelling than the listing's.
    home.remember(std::path::Path::new(&format!(
        "{}/./recent.casebook/",
        cases.display()
    )))
    .unwrap();

    let found = home.unlisted_cases().unwrap();
    let names: Vec<&str> = found.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        ["newest", "older"],
        "case folders only, newest first, without the one the recent list shows"
    );
    assert_eq!(found[1].path, older.display().to_string());
    assert_eq!(
        found[1].modified_at, "2020-09-13T12:26:40Z",
        "when the case last changed on disk, in UTC"
    );
    assert_eq!(
        case_folders(&cases).unwrap().len(),
        3,
        "the plain listing has every case folder"
    );
}

#[test]
fn a_new_case_in_the_cases_folder_gets_the_folder_made_and_one_elsewhere_does_not() {
    let home_dir = tempfile::tempdir().unwrap();
    let home = Home::at(home_dir.path().join("home"));
    let cases = home.default_cases_dir();
    let first = cases.join("first");
    home.prepare_new_case(&first).unwrap();
    assert!(
        cases.is_dir(),
        "the first case needs no folder made by hand"
    );
    drop(new_case(&cases, "first"));
    home.prepare_new_case(&cases.join("second")).unwrap();

    let elsewhere = home_dir.path().join("missing").join("case");
    home.prepare_new_case(&elsewhere).unwrap();
    assert!(
        !elsewhere.parent().unwrap().exists(),
        "a folder the user named is never made for them"
    );
    let refused = create_case(elsewhere.parent().unwrap(), "case").map(drop);
    assert_eq!(
        refused.unwrap_err().kind(),
        casebook::ErrorKind::Invalid,
        "and a case there is refused as before"
    );
    let nested = cases.join("deeper").join("case");
    home.prepare_new_case(&nested).unwrap();
    assert!(
        !nested.parent().unwrap().exists(),
        "only the cases folder itself is made"
    );
}

/// Sets the modification time of `dir` and the files directly in it (`touch -d`).
fn filetime(dir: &std::path::Path, unix: i64) -> bool {
    let stamp = format!("@{unix}");
    let mut paths = vec![dir.to_path_buf()];
    paths.extend(
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file()),
    );
    paths.iter().all(|p| {
        std::process::Command::new("touch")
            .args(["-d", &stamp])
            .arg(p)
            .status()
            .is_ok_and(|s| s.success())
    })
}

#[derive(Default)]
struct Recorded {
    updates: Mutex<Vec<(u64, u64)>>,
    rows: Mutex<u64>,
    cancel: CancelFlag,
    cancel_after: Option<u64>,
}

impl Progress for Recorded {
    fn update(&self, done: u64, total: u64) {
        self.updates.lock().unwrap().push((done, total));
        if self.cancel_after.is_some_and(|at| done >= at) {
            self.cancel.cancel();
        }
    }
    fn items(&self, count: u64) {
        *self.rows.lock().unwrap() = count;
    }
    fn cancelled(&self) -> bool {
        self.cancel.is_set()
    }
}

#[test]
fn the_demo_case_reports_steady_progress_to_the_end_and_goes_beside_a_demo_case_already_there() {
    let dir = tempfile::tempdir().unwrap();
    let first = casebook::demo::build(dir.path(), PASSPHRASE, actor(), clock()).unwrap();
    let first_path = first.root().to_path_buf();
    drop(first);
    assert_eq!(
        casebook::demo::existing(dir.path()).unwrap().len(),
        1,
        "the demo case is found"
    );

    let progress = Recorded::default();
    let second =
        casebook::demo::build_with_progress(dir.path(), PASSPHRASE, actor(), clock(), &progress)
            .unwrap();
    assert_ne!(
        second.root(),
        first_path,
        "a second demo case never overwrites the first"
    );
    assert!(
        reopen(&first_path).overview().is_ok(),
        "the first is intact"
    );
    let updates = progress.updates.lock().unwrap().clone();
    assert!(
        updates.windows(2).all(|w| w[0].0 <= w[1].0),
        "progress never goes backwards: {updates:?}"
    );
    assert_eq!(updates.last(), Some(&(100, 100)), "it ends at 100%");
    assert!(
        updates.iter().any(|u| u.0 > 25 && u.0 < 95),
        "the import, most of the work, reports on its way: {updates:?}"
    );
    assert!(
        *progress.rows.lock().unwrap() > 1_000,
        "the rows imported are counted"
    );
    let existing = casebook::demo::existing(dir.path()).unwrap();
    assert_eq!(existing.len(), 2, "both demo cases are there");
    assert!(
        existing.iter().any(|f| f.name == "operation-switchboard-2"),
        "the second beside the first: {existing:?}"
    );
}

#[test]
fn a_demo_case_cancelled_half_way_leaves_no_folder_behind() {
    let dir = tempfile::tempdir().unwrap();
    let progress = Recorded {
        cancel_after: Some(30),
        ..Default::default()
    };
    let result =
        casebook::demo::build_with_progress(dir.path(), PASSPHRASE, actor(), clock(), &progress);
    assert!(
        matches!(result, Err(casebook::Error::Cancelled)),
        "cancelling stops the build"
    );
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert!(left.is_empty(), "the half-made case was removed: {left:?}");
}

#[test]
fn without_a_saved_profile_the_actor_is_a_stand_in_that_says_so_and_a_saved_one_wins() {
    let home_dir = tempfile::tempdir().unwrap();
    let home = Home::at(home_dir.path());
    let stand_in = home.actor().unwrap();
    assert_eq!(
        stand_in.organisation, "no Casebook profile set",
        "the audit log shows that no profile was set"
    );
    assert_eq!(
        stand_in.name, "unknown",
        "a home made without the environment has no login name to use"
    );
    assert!(
        home.profile().unwrap().is_none(),
        "the stand-in is not saved as the profile"
    );
    let saved = home.save_profile(actor()).unwrap();
    assert_eq!(home.actor().unwrap(), saved, "a saved profile is the actor");
}

#[test]
fn an_opened_case_is_remembered_first_by_its_folder() {
    let dir = tempfile::tempdir().unwrap();
    let home = Home::at(dir.path());
    let first = new_case(dir.path(), "first");
    let second = new_case(dir.path(), "second");
    home.remember(first.root()).unwrap();
    home.remember(second.root()).unwrap();
    home.remember(first.root()).unwrap();
    let recent = home.recent().unwrap();
    assert_eq!(
        recent.len(),
        2,
        "a case opened again moves up, not in twice"
    );
    assert_eq!(recent[0].path, first.root().display().to_string());
    assert_eq!(
        recent[0].name, "first",
        "shown by its folder's name, not its title"
    );
    assert_eq!(recent[1].path, second.root().display().to_string());
}

#[test]
fn the_window_title_names_the_open_case_only_while_the_setting_allows_it() {
    use casebook::profile::{window_title, AppSettings};
    let dir = tempfile::tempdir().unwrap();
    let home = Home::at(dir.path());
    let saved = home.settings().unwrap();
    assert!(
        saved.case_in_title,
        "a new install names the case: most investigators work alone at their desk"
    );
    assert_eq!(
        window_title(&saved, Some("Northwind exfiltration")),
        "Casebook \u{2014} Northwind exfiltration"
    );
    assert_eq!(
        window_title(&saved, None),
        "Casebook",
        "Home has no case to name"
    );
    assert_eq!(
        window_title(&saved, Some("  ")),
        "Casebook",
        "a blank title is no name"
    );
    let private = home
        .save_settings(AppSettings {
            case_in_title: false,
            ..saved
        })
        .unwrap();
    assert_eq!(
        window_title(&home.settings().unwrap(), Some("Northwind exfiltration")),
        "Casebook",
        "turned off, the title stays plain for whoever looks over a shoulder; saved: {private:?}"
    );
}
