//! What leaves a case as a file, and what a file leaves behind in a case: every CSV exporter
//! marks formula-like cells as text (raw rejects only for re-import), every export of personal
//! data is audited without its contents and readable by its owner only, and a file without a
//! header row is refused without its first row reaching an error message or the audit chain.
mod common;

use casebook::affected::normalise::FieldMap;
use casebook::affected::notice::{Channel, NoticeListRequest};
use casebook::affected::source::ShapeOverride;
use casebook::affected::{Field, ImportRequest};
use casebook::audit::{AuditEntry, AuditQuery};
use casebook::evidence::{ExportRequest, IntakeRequest};
use casebook::harm::HarmImportRequest;
use casebook::packet::{PacketOptions, Redaction, Section};
use casebook::progress::Silent;
use casebook::Case;
use common::cli::{casebook, ok};
use common::*;
use sha2::{Digest, Sha256};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

/// The prefixes OWASP lists: each makes a spreadsheet read the cell as a formula.
const PREFIXES: [&str; 6] = ["=", "+", "-", "@", "\t", "\r"];

/// Every cell of a CSV file, row by row.
fn cells(path: &Path) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(path)
        .unwrap()
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

fn formula_like(cell: &str) -> bool {
    PREFIXES.iter().any(|p| cell.starts_with(p))
}

fn payload(prefix: &str) -> String {
    format!("{prefix}HYPERLINK(\"http://evil.example\")")
}

/// A CSV field quoted, so a payload's tab or carriage return survives as part of the cell.
fn quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

fn audit(case: &Case) -> Vec<AuditEntry> {
    case.audit_log(&AuditQuery::default()).unwrap()
}

fn new_value(e: &AuditEntry) -> serde_json::Value {
    serde_json::from_str(e.new_value.as_deref().expect("a new value")).unwrap()
}

fn entry<'a>(entries: &'a [AuditEntry], action: &str) -> &'a AuditEntry {
    entries
        .iter()
        .find(|e| e.action == action)
        .unwrap_or_else(|| panic!("an audit entry {action}"))
}

#[test]
fn every_csv_exporter_marks_each_formula_prefix_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "c");
    // Rejected rows (a bad e-mail) keep the raw names; accepted ones feed the notice list.
    let mut file = String::from("name,email,country\n");
    for (i, p) in PREFIXES.iter().enumerate() {
        let name = quoted(&payload(p));
        file.push_str(&format!("{name},bad-{i},US\n{name},ok{i}@example.com,US\n"));
    }
    let r = import(&mut case, &write(dir.path(), "f.csv", file.as_bytes())).unwrap();
    assert_eq!(
        r.batch.rejected,
        PREFIXES.len() as u32,
        "one reject per prefix"
    );

    let rejects = dir.path().join("rejects.csv");
    case.export_rejects(&r.batch.id, &rejects, false).unwrap();
    let list = dir.path().join("list.csv");
    case.export_notice_list(&NoticeListRequest {
        dest: list.to_string_lossy().into_owned(),
        channel: Some(Channel::Email),
        country: None,
        region: None,
        status: None,
    })
    .unwrap();

    // Evidence whose original file names begin like formulas: MANIFEST.csv lists them.
    let names: Vec<String> = PREFIXES.iter().map(|p| format!("{p}cmd.txt")).collect();
    let paths: Vec<String> = names
        .iter()
        .enumerate()
        .map(|(i, n)| {
            write(dir.path(), n, format!("evidence {i}").as_bytes())
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    let added = case
        .add_evidence(
            IntakeRequest {
                paths,
                ..Default::default()
            },
            &Silent,
        )
        .unwrap();
    let export = dir.path().join("handover");
    case.export_evidence(
        ExportRequest {
            ids: added.added.iter().map(|i| i.id.clone()).collect(),
            destination: export.to_string_lossy().into_owned(),
            recipient: "Police".into(),
            purpose: "referral".into(),
        },
        &Silent,
    )
    .unwrap();

    let exports = [
        ("rejects", rejects.clone(), 0usize),
        ("notice list", list.clone(), 1),
        ("MANIFEST.csv", export.join("MANIFEST.csv"), 2),
    ];
    for (what, path, column) in &exports {
        let rows = cells(path);
        for row in &rows {
            for cell in row {
                assert!(
                    !formula_like(cell),
                    "{what}: no cell may begin like a formula: {cell:?}"
                );
            }
        }
        let written: Vec<&str> = rows[1..].iter().map(|r| r[*column].as_str()).collect();
        for p in PREFIXES {
            // The importer trims a name, so a leading tab or return reaches only the rejects
            // (raw rows) and the manifest (file names) as it was.
            let expected = match *what {
                "MANIFEST.csv" => format!("'{p}cmd.txt"),
                "notice list" if p.trim().is_empty() => continue,
                _ => format!("'{}", payload(p)),
            };
            assert!(
                written.contains(&expected.as_str()),
                "{what} writes {expected:?} with the text mark: {written:?}"
            );
        }
        assert_eq!(mode(path), 0o600, "{what} is readable by its owner only");
    }
}

#[test]
fn raw_rejects_keep_formulas_and_either_form_reads_back_as_the_same_values() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "c");
    let file = write(
        dir.path(),
        "f.csv",
        b"name,email,phone,country\n=1+2,bad,+44 20 7946 0000,US\n-Dana,also-bad,,US\n'Ohana,nope,,US\n",
    );
    let r = import(&mut case, &file).unwrap();
    assert_eq!(r.batch.rejected, 3);
    let (raw, safe) = (dir.path().join("raw.csv"), dir.path().join("safe.csv"));
    case.export_rejects(&r.batch.id, &raw, true).unwrap();
    case.export_rejects(&r.batch.id, &safe, false).unwrap();
    let raw_rows = cells(&raw);
    assert_eq!(raw_rows[1][0], "=1+2", "raw mode writes the cell exactly");
    assert_eq!(raw_rows[1][2], "+44 20 7946 0000");
    let safe_rows = cells(&safe);
    assert_eq!(safe_rows[1][0], "'=1+2");
    assert_eq!(
        safe_rows[1][2], "'+44 20 7946 0000",
        "a phone number is marked too (a spreadsheet would compute it)"
    );
    assert_eq!(safe_rows[3][0], "'Ohana", "a name's own apostrophe is kept");

    let read = |p: &Path| {
        case.preview_import(&p.to_string_lossy(), &ShapeOverride::default())
            .unwrap()
            .rows
    };
    let (from_raw, from_safe) = (read(&raw), read(&safe));
    assert_eq!(
        from_safe, from_raw,
        "the importer reads a neutralised export as the values a raw one holds"
    );
    assert_eq!(from_safe[0][0], "=1+2");
    assert_eq!(from_safe[2][0], "'Ohana");
}

#[test]
fn exporting_rejects_is_audited_with_counts_and_file_name_never_the_rows() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "c");
    let file = write(
        dir.path(),
        "f.csv",
        b"name,email,country\nCanary Whitlock,canary-at-example,US\nAnn,ann@example.com,US\nBea,bea@,US\n",
    );
    let r = import(&mut case, &file).unwrap();
    let out = dir.path().join("IB-0001-rejects.csv");
    assert_eq!(case.export_rejects(&r.batch.id, &out, true).unwrap(), 2);
    case.export_rejects(&r.batch.id, &out, false).unwrap();
    let entries = audit(&case);
    let exports: Vec<&AuditEntry> = entries
        .iter()
        .filter(|e| e.action == "affected.rejects_export")
        .collect();
    assert_eq!(exports.len(), 2, "each export is its own entry");
    let newest = new_value(exports[0]);
    assert_eq!(exports[0].entity_id, r.batch.id);
    assert_eq!(newest["rows"], 2);
    assert_eq!(newest["file"], "IB-0001-rejects.csv");
    assert_eq!(newest["raw"], false);
    assert_eq!(new_value(exports[1])["raw"], true);
    let text = serde_json::to_string(&entries).unwrap();
    for secret in ["Canary", "canary-at-example", "bea@"] {
        assert!(
            !text.contains(secret),
            "the audit chain holds no rejected row's content ({secret})"
        );
    }
}

#[test]
fn a_file_without_a_header_row_is_refused_and_its_data_is_in_no_error_or_audit_entry() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "c");
    let canaries = ["Dana Canary", "dana.canary@example.com", "555 010 0199"];
    let headerless = write(
        dir.path(),
        "no-header.csv",
        b"Dana Canary,dana.canary@example.com,+1 555 010 0199,US\nAnn Smith,ann@example.com,,US\n",
    );
    let numbers_only = write(
        dir.path(),
        "numbers.csv",
        b"10442,2019-08-05,31.50\n10443,2019-08-06,12.00\n",
    );
    let path = headerless.to_string_lossy().into_owned();
    let mut errors = vec![
        case.preview_import(&path, &ShapeOverride::default())
            .unwrap_err()
            .to_string(),
        import(&mut case, &headerless).unwrap_err().to_string(),
        case.preview_harm_import(&path, &ShapeOverride::default())
            .unwrap_err()
            .to_string(),
        case.import_harm_reports(
            HarmImportRequest {
                path: path.clone(),
                ..Default::default()
            },
            &Silent,
        )
        .unwrap_err()
        .to_string(),
        case.import_notice_results(&path, &Silent)
            .unwrap_err()
            .to_string(),
    ];
    assert!(
        errors[0].contains("looks like data") && errors[0].contains("add a header row"),
        "the refusal says why and what to do: {}",
        errors[0]
    );
    assert!(
        errors[0].contains("column 2 holds an e-mail address"),
        "it points at the column, not the value: {}",
        errors[0]
    );
    let numeric = case
        .preview_import(&numbers_only.to_string_lossy(), &ShapeOverride::default())
        .unwrap_err()
        .to_string();
    assert!(
        numeric.contains("numbers or dates"),
        "a first row of numbers is data too: {numeric}"
    );

    // The CLI's --json form carries the same refusal.
    let folder = case_folder(dir.path(), "c");
    drop(case);
    let out = casebook(
        dir.path(),
        &[
            "affected",
            "preview",
            folder.to_str().unwrap(),
            &path,
            "--json",
        ],
    );
    assert!(!out.status.success(), "the preview is refused");
    errors.push(String::from_utf8_lossy(&out.stdout).into_owned());
    errors.push(String::from_utf8_lossy(&out.stderr).into_owned());
    assert!(errors.last().unwrap().contains("looks like data"));

    let case = reopen(&folder);
    let chain = serde_json::to_string(&audit(&case)).unwrap();
    for text in errors.iter().chain([&chain]) {
        for canary in canaries {
            assert!(
                !text.contains(canary),
                "the first row ({canary}) appears in no error or audit entry: {text}"
            );
        }
    }
}

#[test]
fn import_audit_entries_hold_a_hash_of_the_header_names_not_their_text() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "c");
    let headers = ["Zq Customer", "Zq Mailbox", "Zq Land"];
    let file = write(
        dir.path(),
        "f.csv",
        format!(
            "{}\nAnn,ann@example.com,US\nBob,bob@example.com,CA\n",
            headers.join(",")
        )
        .as_bytes(),
    );
    let map = |field, column: &str| FieldMap {
        field,
        column: column.into(),
    };
    let r = case
        .import_affected(
            ImportRequest {
                path: file.to_string_lossy().into_owned(),
                mapping: Some(vec![
                    map(Field::Name, headers[0]),
                    map(Field::Email, headers[1]),
                    map(Field::Country, headers[2]),
                ]),
                ..Default::default()
            },
            &Silent,
        )
        .unwrap();
    assert_eq!(r.batch.accepted, 2);
    case.remove_import_batch(&r.batch.id, "wrong extract")
        .unwrap();

    let harm = write(
        dir.path(),
        "harm.csv",
        b"when,channel,Zq Caller,email\n2019-08-05,phone,Support,ann@example.com\n",
    );
    case.import_harm_reports(
        HarmImportRequest {
            path: harm.to_string_lossy().into_owned(),
            ..Default::default()
        },
        &Silent,
    )
    .unwrap();

    let entries = audit(&case);
    let expected = hex::encode(Sha256::digest(
        serde_json::to_string(&headers).unwrap().as_bytes(),
    ));
    let imported = new_value(entry(&entries, "affected.import"));
    assert_eq!(imported["mapping"]["headers_sha256"], expected.as_str());
    assert_eq!(
        imported["mapping"]["columns"],
        serde_json::json!([
            {"field": "name", "column": 1},
            {"field": "email", "column": 2},
            {"field": "country", "column": 3},
        ]),
        "the mapping is kept by column position"
    );
    let removed = entry(&entries, "affected.remove_batch");
    let before: serde_json::Value =
        serde_json::from_str(removed.old_value.as_deref().unwrap()).unwrap();
    assert_eq!(before["mapping"]["headers_sha256"], expected.as_str());
    assert!(new_value(entry(&entries, "harm.import"))["mapping"]["headers_sha256"].is_string());
    let chain = serde_json::to_string(&entries).unwrap();
    assert!(
        !chain.contains("Zq "),
        "no header name is written into the audit chain: {chain}"
    );
    assert_eq!(
        case.import_batches().unwrap()[0].mapping[0].column,
        "Zq Customer",
        "the names stay in the (encrypted) batch record, where the app shows them"
    );
}

#[test]
fn a_mapping_error_masks_the_column_it_names() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "c");
    let file = write(dir.path(), "f.csv", b"name,email\nAnn,ann@example.com\n");
    let err = case
        .import_affected(
            ImportRequest {
                path: file.to_string_lossy().into_owned(),
                mapping: Some(vec![FieldMap {
                    field: Field::Email,
                    column: "dana.canary@example.com".into(),
                }]),
                ..Default::default()
            },
            &Silent,
        )
        .unwrap_err()
        .to_string();
    assert!(
        !err.contains("canary"),
        "a column named like data is masked: {err}"
    );
    assert!(err.contains("not in the file"), "{err}");
}

#[test]
fn a_new_packet_lists_no_one_and_redacts_fully_by_default() {
    let dir = tempfile::tempdir().unwrap();
    let case = new_case(dir.path(), "c");
    for o in [PacketOptions::default(), case.packet_defaults().unwrap()] {
        assert!(
            !o.sections.contains(&Section::People),
            "the people appendix is opted into, never out of"
        );
        assert_eq!(
            o.sections.len(),
            Section::ALL.len() - 1,
            "every other section"
        );
        assert_eq!(o.redaction, Redaction::Full);
    }
    drop(case);
    let folder = case_folder(dir.path(), "c");
    let pdf = dir.path().join("packet.pdf");
    let out = casebook(
        dir.path(),
        &[
            "packet",
            folder.to_str().unwrap(),
            "--out",
            pdf.to_str().unwrap(),
            "--json",
        ],
    );
    let rec: serde_json::Value = serde_json::from_str(&ok(out)).unwrap();
    let sections = rec["options"]["sections"].as_array().unwrap();
    assert!(
        !sections.iter().any(|s| s == "people") && sections.len() == Section::ALL.len() - 1,
        "the CLI's default packet leaves the appendix out: {sections:?}"
    );
    assert_eq!(rec["options"]["redaction"], "full");
}

#[test]
fn a_packet_with_the_people_appendix_is_audited_with_how_many_it_lists_and_its_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "c");
    let file = write(
        dir.path(),
        "f.csv",
        b"name,email,country
Canary Whitlock,canary@example.com,US
Ann,ann@example.com,US
",
    );
    import(&mut case, &file).unwrap();
    let with = PacketOptions {
        sections: vec![Section::Summary, Section::People],
        redaction: Redaction::None,
        ..PacketOptions::default()
    };
    let without = PacketOptions {
        sections: vec![Section::Summary],
        ..PacketOptions::default()
    };
    case.generate_packet(
        &with,
        &dir.path().join("with.pdf"),
        common::signing_key(),
        &Silent,
    )
    .unwrap();
    case.generate_packet(
        &without,
        &dir.path().join("without.pdf"),
        common::signing_key(),
        &Silent,
    )
    .unwrap();
    let entries = audit(&case);
    let packets: Vec<serde_json::Value> = entries
        .iter()
        .filter(|e| e.action == "packet.generated")
        .map(new_value)
        .collect();
    assert_eq!(packets[1]["people_listed"], 2, "the appendix's count");
    assert_eq!(packets[1]["file"], "with.pdf");
    assert_eq!(packets[0]["people_listed"], 0, "no appendix, no one listed");
    let chain = serde_json::to_string(&entries).unwrap();
    assert!(!chain.contains("Canary"), "never who is listed");
}

/// The process is killed while its packet (personal data in the appendix) is half-written:
/// the kernel shows the unnamed file open in the destination folder, and after the kill the
/// folder is empty, before and after the case is opened again.
#[cfg(target_os = "linux")]
#[test]
fn a_killed_export_leaves_nothing_in_its_folder() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "c");
    let mut file = String::from("name,email,country\n");
    for i in 0..20_000 {
        file.push_str(&format!("Person {i},p{i}@example.com,US\n"));
    }
    import(&mut case, &write(dir.path(), "f.csv", file.as_bytes())).unwrap();
    drop(case);
    let folder = case_folder(dir.path(), "c");
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_casebook"))
        .args(["packet", folder.to_str().unwrap(), "--out"])
        .arg(out.join("people.pdf"))
        .args(["--sections", "people", "--redact", "none"])
        .env("CASEBOOK_HOME", dir.path())
        .env("CASEBOOK_PASSPHRASE", PASSPHRASE)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let fds = PathBuf::from(format!("/proc/{}/fd", child.id()));
    // Any file the child holds open in the destination folder: the export under way.
    let writing = || {
        std::fs::read_dir(&fds)
            .into_iter()
            .flatten()
            .flatten()
            .any(|fd| std::fs::read_link(fd.path()).is_ok_and(|t| t.starts_with(&out)))
    };
    loop {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the packet finished before it was seen half-written: make it larger"
        );
        if writing() {
            break;
        }
        std::thread::yield_now();
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(
        std::fs::read_dir(&out).unwrap().count(),
        0,
        "a killed export leaves no file, partial or whole"
    );
    let case = reopen(&folder);
    assert!(case.packets().unwrap().is_empty(), "nothing was recorded");
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 0);
}

fn table(rows: Vec<Vec<String>>, dest: &Path) -> casebook::tables::TableExport {
    casebook::tables::TableExport {
        table: casebook::tables::Table::People,
        columns: vec!["Person".into(), "Name".into(), "Phone".into()],
        rows,
        dest: dest.to_string_lossy().into_owned(),
    }
}

#[test]
fn any_table_exports_as_formula_safe_csv_audited_by_count_and_file_name_only() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "tables");
    let first = dir.path().join("people page 1.csv");
    let rows: Vec<Vec<String>> = PREFIXES
        .iter()
        .enumerate()
        .map(|(i, p)| vec![format!("P-{i}"), payload(p), "+1-555-0100".into()])
        .collect();
    let n = case.export_table(&table(rows.clone(), &first)).unwrap();
    assert_eq!(n, PREFIXES.len() as u32);
    let written = cells(&first);
    assert_eq!(
        written[0],
        ["Person", "Name", "Phone"],
        "the header row comes first"
    );
    for row in &written[1..] {
        assert!(
            row.iter().all(|c| !formula_like(c)),
            "no cell a spreadsheet would run: {row:?}"
        );
    }
    assert_eq!(
        mode(&first),
        0o600,
        "an export of personal data is its owner's alone"
    );

    let second = dir.path().join("people page 2.csv");
    case.export_table(&table(rows[..2].to_vec(), &second))
        .unwrap();
    let entries = audit(&case);
    let exports: Vec<serde_json::Value> = entries
        .iter()
        .filter(|e| e.action == "table.export")
        .map(new_value)
        .collect();
    assert_eq!(exports.len(), 2, "each file is one audit entry");
    let rows_and_files: Vec<(u64, &str)> = exports
        .iter()
        .map(|v| (v["rows"].as_u64().unwrap(), v["file"].as_str().unwrap()))
        .rev()
        .collect();
    assert!(
        rows_and_files.contains(&(6, "people page 1.csv"))
            && rows_and_files.contains(&(2, "people page 2.csv")),
        "the entry says how many rows and which file: {rows_and_files:?}"
    );
    for e in entries.iter().filter(|e| e.action == "table.export") {
        let text = format!("{e:?}");
        assert!(
            !text.contains("HYPERLINK") && !text.contains("555-0100"),
            "no cell reaches the audit chain: {text}"
        );
    }
}

#[test]
fn a_table_export_with_a_ragged_row_is_refused_and_leaves_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "ragged");
    let dest = dir.path().join("ragged.csv");
    let rows = vec![
        vec!["P-1".into(), "Ana".into(), "1".into()],
        vec!["P-2".into(), "Bo".into()],
    ];
    let err = case.export_table(&table(rows, &dest)).unwrap_err();
    assert!(
        err.to_string().contains("row 2 has 2 cells"),
        "the message names the row and what is wrong: {err}"
    );
    assert!(!err.to_string().contains("Bo"), "and no cell: {err}");
    assert!(!dest.exists(), "nothing is written for a refused export");
    assert!(
        audit(&case).iter().all(|e| e.action != "table.export"),
        "and nothing is recorded"
    );
}
