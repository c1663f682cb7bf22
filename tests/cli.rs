//! The `casebook` command line, run as a user or a script would: real processes, real case
//! folders. The command forms tested here are fixed; scripts depend on them.

mod common;

use common::cli::{casebook, json, ok};
use common::PASSPHRASE as PASS;
use std::path::Path;
use std::process::Command;

#[test]
fn case_new_creates_the_case_and_prints_its_folder() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("acme");
    let out = ok(casebook(
        dir.path(),
        &[
            "case",
            "new",
            path.to_str().unwrap(),
            "--title",
            "Acme theft",
        ],
    ));
    assert_eq!(out.trim(), format!("{}.casebook", path.display()));
    let show = json(casebook(
        dir.path(),
        &["case", "show", path.to_str().unwrap(), "--json"],
    ));
    assert_eq!(show["info"]["title"], "Acme theft");
    assert_eq!(show["info"]["status"], "open");
}

#[test]
fn audit_log_json_lists_entries_oldest_first_with_their_hashes() {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("c");
    let case = case.to_str().unwrap();
    ok(casebook(dir.path(), &["case", "new", case, "--title", "T"]));
    ok(casebook(
        dir.path(),
        &[
            "event",
            "add",
            case,
            "--when",
            "2019-08-02 22:14",
            "--tz",
            "Europe/Dublin",
            "--title",
            "First export",
            "--category",
            "access",
        ],
    ));
    let log = json(casebook(dir.path(), &["audit", "log", case, "--json"]));
    let entries = log.as_array().unwrap();
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0]["seq"], 1);
    assert_eq!(entries[0]["action"], "case.create");
    assert_eq!(entries[1]["action"], "event.add");
    assert_eq!(entries[1]["prev_hash"], entries[0]["hash"]);
    assert_eq!(
        entries[1]["hash"].as_str().unwrap().len(),
        64,
        "SHA-256 as hex"
    );
}

#[test]
fn audit_verify_exits_0_when_intact_and_1_naming_the_broken_entry() {
    let dir = tempfile::tempdir().unwrap();
    let case_path = dir.path().join("c");
    let case = case_path.to_str().unwrap();
    ok(casebook(dir.path(), &["case", "new", case, "--title", "T"]));
    ok(casebook(
        dir.path(),
        &["case", "set", case, "--status", "contained"],
    ));
    let good = casebook(dir.path(), &["audit", "verify", case]);
    assert_eq!(
        good.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&good.stderr)
    );

    let raw =
        rusqlite::Connection::open(case_path.with_extension("casebook").join("case.db")).unwrap();
    raw.pragma_update(None, "key", PASS).unwrap();
    raw.execute_batch(
        "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET action = 'x' WHERE seq = 2;",
    )
    .unwrap();
    drop(raw);
    let bad = casebook(dir.path(), &["audit", "verify", case]);
    assert_eq!(bad.status.code(), Some(1), "a broken chain exits 1");
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(
        err.contains("entry 2"),
        "stderr names the first broken entry: {err}"
    );
}

#[test]
fn a_wrong_passphrase_fails_with_a_clear_message_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("c");
    ok(casebook(
        dir.path(),
        &["case", "new", case.to_str().unwrap(), "--title", "T"],
    ));
    let out = Command::new(env!("CARGO_BIN_EXE_casebook"))
        .args(["case", "show", case.to_str().unwrap()])
        .env("CASEBOOK_HOME", dir.path())
        .env("CASEBOOK_PASSPHRASE", "not the right one")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(out.stdout.is_empty(), "nothing on stdout for a failure");
    assert!(String::from_utf8_lossy(&out.stderr).contains("wrong passphrase"));
}

#[test]
fn the_passphrase_can_come_from_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let pass_file = dir.path().join("pass.txt");
    std::fs::write(&pass_file, format!("{PASS}\n")).unwrap();
    // Readable by its owner only, as a passphrase file must be.
    std::fs::set_permissions(
        &pass_file,
        <std::fs::Permissions as std::os::unix::fs::PermissionsExt>::from_mode(0o600),
    )
    .unwrap();
    let case = dir.path().join("c");
    let out = Command::new(env!("CARGO_BIN_EXE_casebook"))
        .args([
            "--passphrase-file",
            pass_file.to_str().unwrap(),
            "case",
            "new",
            case.to_str().unwrap(),
            "--title",
            "T",
        ])
        .env("CASEBOOK_HOME", dir.path())
        .env_remove("CASEBOOK_PASSPHRASE")
        .output()
        .unwrap();
    ok(out);
    ok(casebook(
        dir.path(),
        &["case", "show", case.to_str().unwrap()],
    ));
}

#[test]
fn without_any_passphrase_source_a_script_gets_an_error_not_a_hang() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_casebook"))
        .args([
            "case",
            "new",
            dir.path().join("c").to_str().unwrap(),
            "--title",
            "T",
        ])
        .env("CASEBOOK_HOME", dir.path())
        .env_remove("CASEBOOK_PASSPHRASE")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("passphrase"));
}

#[test]
fn key_dates_subject_team_and_events_round_trip_through_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("c");
    let case = case.to_str().unwrap();
    ok(casebook(dir.path(), &["case", "new", case, "--title", "T"]));
    ok(casebook(
        dir.path(),
        &[
            "date",
            "set",
            case,
            "discovery",
            "2019-10-18 16:00",
            "--tz",
            "Europe/Dublin",
            "--basis",
            "threat intel",
        ],
    ));
    ok(casebook(
        dir.path(),
        &[
            "subject",
            "set",
            case,
            "--name",
            "Jo Doe",
            "--employment-status",
            "terminated",
        ],
    ));
    ok(casebook(
        dir.path(),
        &[
            "team",
            "add",
            case,
            "--name",
            "Marcus Feld",
            "--role",
            "counsel",
        ],
    ));
    let dates = json(casebook(dir.path(), &["date", "list", case, "--json"]));
    assert_eq!(dates[0]["kind"], "discovery");
    assert_eq!(
        dates[0]["when"]["utc"], "2019-10-18T15:00:00Z",
        "Dublin is UTC+1 in October"
    );
    let events = json(casebook(dir.path(), &["event", "list", case, "--json"]));
    assert_eq!(
        events[0]["derived"], true,
        "key dates appear on the timeline"
    );
    let show = json(casebook(dir.path(), &["case", "show", case, "--json"]));
    assert_eq!(show["subject"]["employment_status"], "terminated");
    assert_eq!(show["team"][0]["role"], "counsel");
}

#[test]
fn a_bad_value_names_the_field_and_the_allowed_values() {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("c");
    ok(casebook(
        dir.path(),
        &["case", "new", case.to_str().unwrap(), "--title", "T"],
    ));
    let out = casebook(
        dir.path(),
        &[
            "date",
            "set",
            case.to_str().unwrap(),
            "discovery",
            "18/10/2019",
        ],
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("when") && err.contains("YYYY-MM-DD"), "{err}");
    let out = casebook(
        dir.path(),
        &["case", "set", case.to_str().unwrap(), "--status", "solved"],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("open, contained, closed"), "{err}");
}

#[test]
fn demo_makes_a_full_case_and_prints_its_path() {
    let dir = tempfile::tempdir().unwrap();
    let out = ok(casebook(
        dir.path(),
        &["demo", dir.path().join("demos").to_str().unwrap()],
    ));
    let path = out.trim();
    assert!(path.ends_with(".casebook"), "{path}");
    let show = json(casebook(dir.path(), &["case", "show", path, "--json"]));
    assert_eq!(show["info"]["status"], "contained");
    assert!(show["subject"]["name"]
        .as_str()
        .unwrap()
        .contains("synthetic"));
    assert!(show["key_dates"].as_array().unwrap().len() >= 7);
    assert!(show["team"].as_array().unwrap().len() >= 5);
    let items = json(casebook(dir.path(), &["evidence", "list", path, "--json"]));
    let items = items.as_array().unwrap();
    assert!(items.len() >= 4, "the demo holds evidence items: {items:?}");
    assert!(
        items.iter().all(|i| i["status"] == "ok"),
        "the demo's evidence has been verified: {items:?}"
    );
    let shown = json(casebook(
        dir.path(),
        &["evidence", "show", path, "EV-0002", "--json"],
    ));
    let kinds: Vec<&str> = shown["custody"]
        .as_array()
        .expect("evidence show --json carries the custody log")
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["intake", "transfer", "verification"],
        "EV-0002 was taken in, handed to law enforcement, and verified"
    );
    let tally = json(casebook(dir.path(), &["affected", "tally", path, "--json"]));
    assert_eq!(
        tally["people"], 1000,
        "the demo has an imported affected list"
    );
    let snaps = json(casebook(
        dir.path(),
        &["affected", "snapshots", path, "--json"],
    ));
    assert_eq!(
        snaps[0]["content"]["breakdown"]["tally"]["people"], 1000,
        "and a snapshot of it"
    );
    let verify = casebook(dir.path(), &["audit", "verify", path]);
    assert!(verify.status.success(), "the demo's audit chain is intact");
    let again = ok(casebook(
        dir.path(),
        &["demo", dir.path().join("demos").to_str().unwrap()],
    ));
    assert_ne!(again.trim(), path, "a second demo gets its own folder");
}

fn digest(tool: &str, file: &Path) -> String {
    let out = Command::new(tool)
        .arg(file)
        .output()
        .expect("coreutils digest tools");
    String::from_utf8(out.stdout).unwrap()[..]
        .split_whitespace()
        .next()
        .unwrap()
        .to_string()
}

#[test]
fn evidence_added_by_the_cli_carries_the_coreutils_digests_and_a_tampered_copy_fails_verify() {
    let dir = tempfile::tempdir().unwrap();
    let case = ok(casebook(
        dir.path(),
        &[
            "case",
            "new",
            dir.path().join("c").to_str().unwrap(),
            "--title",
            "T",
        ],
    ));
    let case = case.trim();
    ok(casebook(
        dir.path(),
        &["case", "set", case, "--legacy-hashes", "sha1,md5"],
    ));
    let file = dir.path().join("export.csv");
    std::fs::write(&file, b"name,email\nAna,ana@example.com\n").unwrap();
    ok(casebook(
        dir.path(),
        &[
            "evidence",
            "add",
            case,
            file.to_str().unwrap(),
            "--source",
            "DBA",
        ],
    ));
    let items = json(casebook(dir.path(), &["evidence", "list", case, "--json"]));
    let item = &items[0];
    assert_eq!(item["id"], "EV-0001");
    assert_eq!(item["sha256"], digest("sha256sum", &file));
    assert_eq!(
        item["sha1"],
        digest("sha1sum", &file),
        "the case asked for SHA-1"
    );
    assert_eq!(
        item["md5"],
        digest("md5sum", &file),
        "the case asked for MD5"
    );

    let sha = item["sha256"].as_str().unwrap();
    // The one encrypted file in the vault (its name is a keyed hash the test cannot make).
    let sealed = Path::new(case).join("vault/v1");
    let stored = std::fs::read_dir(&sealed)
        .unwrap()
        .flat_map(|a| std::fs::read_dir(a.unwrap().path()).unwrap())
        .flat_map(|b| std::fs::read_dir(b.unwrap().path()).unwrap())
        .map(|f| f.unwrap().path())
        .next()
        .expect("the item's vault file");
    let mut perms = std::fs::metadata(&stored).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    std::fs::set_permissions(&stored, perms).unwrap();
    let mut bytes = std::fs::read(&stored).unwrap();
    bytes[60] ^= 1;
    std::fs::write(&stored, bytes).unwrap();

    let verify = casebook(dir.path(), &["evidence", "verify", case]);
    assert_eq!(verify.status.code(), Some(1), "a changed item fails verify");
    let said = String::from_utf8_lossy(&verify.stdout).to_string()
        + &String::from_utf8_lossy(&verify.stderr);
    assert!(said.contains(sha), "the expected hash is shown: {said}");

    ok(casebook(
        dir.path(),
        &[
            "evidence",
            "correct",
            case,
            "EV-0001",
            "--entry",
            "1",
            "--note",
            "the source was the DBA team lead, not the DBA team",
        ],
    ));
    let shown = json(casebook(
        dir.path(),
        &["evidence", "show", case, "EV-0001", "--json"],
    ));
    let custody = shown["custody"].as_array().unwrap();
    let last = custody.last().unwrap();
    assert_eq!(last["kind"], "correction");
    assert_eq!(
        last["corrects_seq"], 1,
        "the correction names the entry it corrects"
    );
    assert_eq!(
        custody[0]["from_party"], "DBA",
        "the corrected entry stays as it was"
    );
}

#[test]
fn affected_import_with_map_then_tally_json_has_exactly_the_promised_keys() {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("c");
    let case = case.to_str().unwrap();
    ok(casebook(dir.path(), &["case", "new", case, "--title", "t"]));
    let case = format!("{case}.casebook");
    let file = dir.path().join("export.csv");
    std::fs::write(
        &file,
        "Kunde;Mail;Land;Bundesstaat;Art\nAnn;ann@example.com;USA;Texas;consumer\nAnn;ANN@example.com ;US;TX;consumer\nBo;bo@example.com;Japan;;business\n",
    )
    .unwrap();
    let out = ok(casebook(
        dir.path(),
        &[
            "affected",
            "import",
            &case,
            file.to_str().unwrap(),
            "--map",
            "name=Kunde",
            "--map",
            "email=Mail",
            "--map",
            "country=Land",
            "--map",
            "region=Bundesstaat",
            "--map",
            "segment=Art",
        ],
    ));
    assert!(
        out.contains("3 rows read = 3 accepted + 0 rejected + 0 blank"),
        "{out}"
    );
    let tally = json(casebook(
        dir.path(),
        &["affected", "tally", &case, "--json"],
    ));
    assert_eq!(
        tally,
        serde_json::json!({
            "people": 2, "records": 3, "by_country": {"JP": 1, "US": 1}, "by_us_state": {"TX": 1},
            "by_segment": {"business": 1, "consumer": 1}, "by_element": {"email": 2, "name": 2},
            "minors": 0
        })
    );
    let snap = json(casebook(
        dir.path(),
        &["affected", "snapshot", &case, "--json"],
    ));
    assert_eq!(snap["content"]["id"], "TS-0001");
    assert_eq!(snap["sha256"].as_str().unwrap().len(), 64);
    let people = json(casebook(
        dir.path(),
        &["affected", "people", &case, "--search", "ann", "--json"],
    ));
    assert_eq!(people["total"], 1);
    assert_eq!(people["rows"][0]["records"], 2);
    let bad = casebook(
        dir.path(),
        &[
            "affected",
            "import",
            &case,
            file.to_str().unwrap(),
            "--map",
            "email",
        ],
    );
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("FIELD=COLUMN"));
}

/// A demo case made by `casebook demo`; its path.
fn demo_case(home: &Path) -> String {
    ok(casebook(home, &["demo", home.join("d").to_str().unwrap()]))
        .trim()
        .to_string()
}

#[test]
fn packet_writes_the_pdf_with_the_chosen_sections_and_bates_and_packets_lists_its_hash() {
    let home = tempfile::tempdir().unwrap();
    let case = demo_case(home.path());
    let pdf = home.path().join("regulator.pdf");
    let rec = json(casebook(
        home.path(),
        &[
            "packet",
            &case,
            "--out",
            pdf.to_str().unwrap(),
            "--sections",
            "tallies,integrity",
            "--redact",
            "full",
            "--bates",
            "ACME-IR-",
            "--bates-start",
            "7",
            "--no-marking",
            "--json",
        ],
    ));
    assert_eq!(rec["bates_first"], "ACME-IR-000007");
    assert_eq!(
        rec["options"]["sections"],
        serde_json::json!(["tallies", "integrity"])
    );
    assert_eq!(rec["options"]["marking"], serde_json::Value::Null);
    let text = Command::new("pdftotext")
        .args([pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext is installed (scripts/setup)");
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("Affected individuals") && text.contains("Audit-chain digest"));
    assert!(
        !text.contains("Evidence manifest"),
        "sections not chosen are left out"
    );
    assert!(
        !text.contains("Privileged"),
        "--no-marking makes a public version"
    );
    let listed = json(casebook(home.path(), &["packets", &case, "--json"]));
    assert_eq!(
        listed[0]["sha256"], rec["sha256"],
        "the packet list shows its hash"
    );

    let bad = casebook(
        home.path(),
        &[
            "packet",
            &case,
            "--out",
            pdf.to_str().unwrap(),
            "--redact",
            "some",
        ],
    );
    assert!(!bad.status.success());
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(
        err.contains("full, partial, none"),
        "the error lists the allowed values: {err}"
    );
}

#[test]
fn packets_check_names_the_packet_a_file_is_and_fails_for_an_edited_copy() {
    let home = tempfile::tempdir().unwrap();
    let case = demo_case(home.path());
    let pdf = home.path().join("sent.pdf");
    let rec = json(casebook(
        home.path(),
        &[
            "packet",
            &case,
            "--out",
            pdf.to_str().unwrap(),
            "--sections",
            "integrity",
            "--json",
        ],
    ));
    let same = ok(casebook(
        home.path(),
        &["packets", &case, "--check", pdf.to_str().unwrap()],
    ));
    assert!(
        same.contains(rec["packet_id"].as_str().unwrap()),
        "the file as generated is named as its packet: {same}"
    );

    let mut bytes = std::fs::read(&pdf).unwrap();
    bytes.extend_from_slice(b"%edited\n");
    let edited = home.path().join("edited.pdf");
    std::fs::write(&edited, bytes).unwrap();
    let out = casebook(
        home.path(),
        &["packets", &case, "--check", edited.to_str().unwrap()],
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "a file that is no packet of the case fails, so a script can tell"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a packet generated from this case"));

    let checked = casebook(
        home.path(),
        &[
            "packets",
            &case,
            "--check",
            edited.to_str().unwrap(),
            "--json",
        ],
    );
    assert_eq!(checked.status.code(), Some(1), "--json fails the same way");
    let checked: serde_json::Value = serde_json::from_slice(&checked.stdout).unwrap();
    assert_eq!(
        checked["matches"],
        serde_json::json!([]),
        "and says which hash matched nothing"
    );
    assert_eq!(checked["sha256"].as_str().unwrap().len(), 64);
}

#[test]
fn packet_cites_the_newest_snapshot_by_default_and_any_other_with_snapshot_saying_it_is_stale() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let case = h.join("figures");
    let case = case.to_str().unwrap();
    let created = ok(casebook(
        h,
        &[
            "case",
            "new",
            case,
            "--title",
            "Figures",
            "--reference",
            "IR 2026/07",
        ],
    ));
    let case = created.trim().to_string();
    let batch = |first: u32, n: u32, name: &str| {
        let mut csv = String::from("name,email\n");
        for i in first..first + n {
            csv.push_str(&format!("Person {i},p{i}@example.com\n"));
        }
        let file = h.join(name);
        std::fs::write(&file, csv).unwrap();
        ok(casebook(
            h,
            &["affected", "import", &case, file.to_str().unwrap()],
        ));
    };
    batch(0, 100, "one.csv");
    ok(casebook(h, &["affected", "snapshot", &case]));
    batch(100, 296, "two.csv");
    ok(casebook(h, &["affected", "snapshot", &case]));
    batch(396, 4, "three.csv");
    ok(casebook(h, &["affected", "snapshot", &case]));

    let pdf = h.join("newest.pdf");
    let packet = |extra: &[&str], pdf: &Path| {
        let mut args = vec![
            "packet",
            case.as_str(),
            "--out",
            pdf.to_str().unwrap(),
            "--sections",
            "summary,tallies",
            "--json",
        ];
        args.extend_from_slice(extra);
        casebook(h, &args)
    };
    let out = packet(&[], &pdf);
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    let rec: serde_json::Value = serde_json::from_str(&ok(out)).unwrap();
    assert_eq!(
        rec["options"]["snapshot_id"], "TS-0003",
        "the default is the newest of three snapshots, not the oldest"
    );
    assert_eq!(
        rec["bates_first"], "IR-2026-07-000001",
        "the Bates prefix defaults to the case reference"
    );
    assert!(!stderr.contains("warning"), "a current snapshot: {stderr}");
    let text = Command::new("pdftotext")
        .args(["-layout", pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext is installed (scripts/setup)");
    let text: String = String::from_utf8(text.stdout)
        .unwrap()
        .split_whitespace()
        .collect();
    assert!(
        text.contains("Peopleaffected400"),
        "the summary states TS-0003's 400 people"
    );

    let old = h.join("oldest.pdf");
    let out = packet(&["--snapshot", "TS-0001"], &old);
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    let rec: serde_json::Value = serde_json::from_str(&ok(out)).unwrap();
    assert_eq!(rec["options"]["snapshot_id"], "TS-0001");
    assert!(
        stderr.contains(
            "Tallies from TS-0001 (100 people), taken before batches IB-0002, IB-0003; the case \
             now holds 400 people"
        ),
        "a stale snapshot is named as such on stderr: {stderr}"
    );

    let missing = packet(&["--snapshot", "TS-0042"], &h.join("none.pdf"));
    assert!(!missing.status.success());
    let err = String::from_utf8_lossy(&missing.stderr);
    assert!(
        err.contains("TS-0042"),
        "the error names the snapshot: {err}"
    );
}

#[test]
fn evidence_edit_corrects_description_category_and_source_and_audit_log_filters_find_it() {
    let dir = tempfile::tempdir().unwrap();
    let case = ok(casebook(
        dir.path(),
        &[
            "case",
            "new",
            dir.path().join("c").to_str().unwrap(),
            "--title",
            "T",
        ],
    ));
    let case = case.trim();
    let file = dir.path().join("badge_log.csv");
    std::fs::write(&file, b"when,door\n2019-08-02 21:14,B2\n").unwrap();
    ok(casebook(
        dir.path(),
        &["evidence", "add", case, file.to_str().unwrap()],
    ));
    let edited = json(casebook(
        dir.path(),
        &[
            "evidence",
            "edit",
            case,
            "EV-0001",
            "--category",
            "log",
            "--source",
            "Badge server",
            "--description",
            "Door badge log, building B",
            "--json",
        ],
    ));
    assert_eq!(edited["category"], "log");
    assert_eq!(edited["source"], "Badge server");
    assert_eq!(edited["description"], "Door badge log, building B");

    let refused = casebook(dir.path(), &["evidence", "edit", case, "EV-0001"]);
    assert!(
        !refused.status.success(),
        "an edit with nothing to change is refused rather than silently ignored"
    );
    let bad = casebook(
        dir.path(),
        &[
            "evidence",
            "edit",
            case,
            "EV-0001",
            "--category",
            "spreadsheet",
        ],
    );
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("database_extract"),
        "a wrong category lists the allowed ones"
    );

    let log = |args: &[&str]| {
        let mut all = vec!["audit", "log", case, "--json"];
        all.extend_from_slice(args);
        json(casebook(dir.path(), &all))
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["action"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(log(&["--action", "evidence.edit"]), ["evidence.edit"]);
    let edit = &json(casebook(
        dir.path(),
        &["audit", "log", case, "--json", "--action", "evidence.edit"],
    ))[0];
    let old: serde_json::Value = serde_json::from_str(edit["old_value"].as_str().unwrap()).unwrap();
    assert_eq!(old["category"], "other", "the audit keeps the old value");
    assert_eq!(
        log(&["--entity", "evidence:EV-0001"]),
        ["evidence.add", "custody.intake", "evidence.edit"],
        "oldest first, as without filters"
    );
    assert_eq!(
        log(&["--entity", "EV-0001", "--action", "custody"]),
        ["custody.intake"]
    );
    assert_eq!(log(&["--entity", "case"]), ["case.create"], "a kind alone");
    assert!(log(&["--actor", "nobody at all"]).is_empty());
    assert_eq!(
        log(&[]).len(),
        4,
        "without filters the log is whole: create, add, intake, edit"
    );
    let text = ok(casebook(
        dir.path(),
        &["audit", "log", case, "--action", "evidence.edit"],
    ));
    assert_eq!(text.lines().count(), 1);
    assert!(
        text.contains("evidence.edit") && text.contains("evidence:EV-0001"),
        "the text form is the unfiltered one's, line for line: {text}"
    );
}

#[test]
fn affected_map_repeated_for_a_field_builds_it_from_those_columns_and_flagged_values_are_reported()
{
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("c");
    let case = case.to_str().unwrap();
    ok(casebook(dir.path(), &["case", "new", case, "--title", "t"]));
    let case = format!("{case}.casebook");
    let file = dir.path().join("export.csv");
    std::fs::write(
        &file,
        "Given,Family,Mail,Tel\n\nWei,Zhang,wei@example.com,n/a\nAnn,Smith,ann@example.com,+1 555 123 4567\n",
    )
    .unwrap();
    let preview = ok(casebook(
        dir.path(),
        &["affected", "preview", &case, file.to_str().unwrap()],
    ));
    assert!(
        preview.contains("  name = Given + Family\n"),
        "a name split over columns is suggested and shown joined: {preview}"
    );
    assert!(
        preview.contains("on lines: 3, 4"),
        "preview rows are numbered by file line, the blank line counted: {preview}"
    );
    let p = json(casebook(
        dir.path(),
        &[
            "affected",
            "preview",
            &case,
            file.to_str().unwrap(),
            "--json",
        ],
    ));
    assert_eq!(p["lines"], serde_json::json!([3, 4]));
    let names: Vec<&str> = p["mapping"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["field"] == "name")
        .map(|m| m["column"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Given", "Family"], "one entry per column, in order");

    // Family name first, by repeating --map in that order.
    let out = ok(casebook(
        dir.path(),
        &[
            "affected",
            "import",
            &case,
            file.to_str().unwrap(),
            "--map",
            "name=Family",
            "--map",
            "name=Given",
        ],
    ));
    assert!(
        out.contains("3 rows read = 2 accepted + 0 rejected + 1 blank"),
        "{out}"
    );
    assert!(
        out.contains("flagged: phone in 1 accepted rows"),
        "the import says how many values stood in for nothing: {out}"
    );
    let people = json(casebook(
        dir.path(),
        &["affected", "people", &case, "--json"],
    ));
    let mut got: Vec<&str> = people["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    got.sort();
    assert_eq!(got, ["Smith Ann", "Zhang Wei"]);
    let tally = json(casebook(
        dir.path(),
        &["affected", "tally", &case, "--json"],
    ));
    assert_eq!(
        tally["by_element"]["phone"], 1,
        "Wei's \"n/a\" is not a phone number exposed"
    );
}

#[test]
fn packet_help_names_every_section_the_packet_has() {
    let dir = tempfile::tempdir().unwrap();
    let help = ok(casebook(dir.path(), &["packet", "--help"]));
    let help: String = help.split_whitespace().collect::<Vec<_>>().join(" ");
    for s in casebook::packet::Section::ALL {
        assert!(
            help.contains(s.code()),
            "`packet --help` lists the section {:?}, or a script cannot know to ask for it",
            s.code()
        );
    }
}

#[test]
fn terminal_escapes_and_bidi_overrides_in_case_data_are_printed_as_escapes_not_obeyed() {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("c");
    let case = case.to_str().unwrap();
    // A subject name crafted to clear the screen and reverse the rest of the line.
    let hostile = "Jo\u{1b}[2J\u{202e}eoD";
    ok(casebook(dir.path(), &["case", "new", case, "--title", "T"]));
    ok(casebook(
        dir.path(),
        &["subject", "set", case, "--name", hostile],
    ));
    for args in [
        &["case", "show", case][..],
        &["case", "show", case, "--json"][..],
    ] {
        let out = ok(casebook(dir.path(), args));
        assert!(
            !out.contains('\u{1b}') && !out.contains('\u{202e}'),
            "{args:?} printed a raw control character a terminal would obey: {out:?}"
        );
        assert!(
            out.contains("\\u001b") && out.contains("\\u202e"),
            "{args:?} shows what was there, escaped: {out}"
        );
    }
    let show = json(casebook(dir.path(), &["case", "show", case, "--json"]));
    assert_eq!(
        show["subject"]["name"], hostile,
        "escaped the JSON way, the value reads back unchanged"
    );
}

#[test]
fn every_line_the_cli_prints_goes_through_the_terminal_safe_printer() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/bin/casebook");
    let mut offenders = Vec::new();
    let mut stack = vec![root];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let name = path.file_name().unwrap().to_str().unwrap();
            if name == "output.rs" {
                continue; // where the safe printers are defined
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let lines: Vec<&str> = text.lines().collect();
            for (i, line) in lines.iter().enumerate() {
                // `eprintln!(` contains `println!(`, so two patterns catch all four macros.
                let raw = line.contains("println!(") || line.contains("print!(");
                // A raw print is allowed only when it makes its own data safe (progress
                // redraws its line with a carriage return of its own).
                let safe_below = lines[i..(i + 4).min(lines.len())]
                    .iter()
                    .any(|l| l.contains("terminal_safe"));
                if raw && !safe_below {
                    offenders.push(format!("{}:{}: {}", path.display(), i + 1, line.trim()));
                }
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "print through outln!/out!/errln!/errout! so case data cannot drive the terminal:\n{}",
        offenders.join("\n")
    );
}
