//! Affected people, on real case folders: every file shape reads the same people, every row is
//! accounted for, duplicates merge, tallies equal a generator's ground truth, an interrupted
//! import leaves nothing, batches can be removed, snapshots never change, notices are tracked,
//! and no personal data reaches the audit chain.

mod common;

use casebook::affected::normalise::FieldMap;
use casebook::affected::notice::{Channel, NoticeListRequest, NoticeStatus, NoticeUpdate};
use casebook::affected::people::DedupeRule;
use casebook::affected::source::{FileFormat, ShapeOverride, TextEncoding};
use casebook::affected::{Field, ImportRequest, PeopleQuery};
use casebook::audit::AuditQuery;
use casebook::progress::{Progress, Silent};
use casebook::{Case, ErrorKind};
use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Five people on seven data rows: Ann twice (case and space variants of her e-mail), Zoë
/// with a quoted name holding the delimiter and a newline, one bad e-mail, one blank line.
const PEOPLE_CSV: &str = "record_id,full_name,email,phone,country,region,segment,data_elements,notes\r\n\
1,Ann Smith,ann@example.com,+1 555 123 4567,United States,California,consumer,name/email/phone,\r\n\
2,Ann Smith,  ANN@Example.COM ,,USA,CA,consumer,name/email,\r\n\
3,\"Müller, Zoë\r\nJürgen\",zoe@example.de,0049 30 1234567,Germany,,consumer,name/email/phone,\r\n\
\r\n\
4,Renée Dubois,renee@example.fr,,fr,,business,name/email/support ticket,\"said \"\"urgent\"\", asked for a callback\"\r\n\
5,Bad Mail,not-an-address,,US,TX,consumer,name/email,\r\n\
6,Li Wei,li@example.cn,,China,,consumer,name/email,account holder under 18\r\n\
7,Bob Stone,bob@example.ca,,Canada,Québec,government,name/email/bank account,\r\n";

fn encode(text: &str, enc: TextEncoding) -> Vec<u8> {
    match enc {
        TextEncoding::Utf8 => text.as_bytes().to_vec(),
        TextEncoding::Utf8Bom => [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
        TextEncoding::Utf16Le => {
            let mut v = vec![0xFF, 0xFE];
            v.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
            v
        }
        TextEncoding::Utf16Be => {
            let mut v = vec![0xFE, 0xFF];
            v.extend(text.encode_utf16().flat_map(|u| u.to_be_bytes()));
            v
        }
        TextEncoding::Windows1252 => {
            let (bytes, _, lossy) = encoding_rs::WINDOWS_1252.encode(text);
            assert!(!lossy, "the fixture must be representable in Windows-1252");
            bytes.into_owned()
        }
    }
}

fn names(case: &Case) -> Vec<String> {
    let mut n: Vec<String> = case
        .people(&PeopleQuery {
            limit: 100,
            ..Default::default()
        })
        .unwrap()
        .rows
        .into_iter()
        .map(|p| p.name)
        .collect();
    n.sort();
    n
}

#[test]
fn every_encoding_and_delimiter_reads_the_same_people_and_is_detected() {
    let dir = tempfile::tempdir().unwrap();
    for enc in TextEncoding::ALL {
        for (d, delim) in [",", ";", "\t", "|"].into_iter().enumerate() {
            // Re-delimit outside quotes only: the fixture's quoted values keep their commas.
            let mut text = String::new();
            let mut quoted = false;
            for c in PEOPLE_CSV.chars() {
                if c == '"' {
                    quoted = !quoted;
                }
                if c == ',' && !quoted {
                    text.push_str(delim);
                } else {
                    text.push(c);
                }
            }
            let name = format!("c-{}-{d}", enc.code());
            let mut case = new_case(dir.path(), &name);
            let file = write(dir.path(), &format!("{name}.csv"), &encode(&text, *enc));
            let preview = case
                .preview_import(&file.to_string_lossy(), &ShapeOverride::default())
                .unwrap();
            assert_eq!(
                preview.shape.encoding, *enc,
                "{name}: encoding detected from the bytes"
            );
            assert_eq!(preview.shape.delimiter, delim, "{name}: delimiter detected");
            assert_eq!(
                preview.headers[1], "full_name",
                "{name}: BOM stripped from the header"
            );
            let r = import(&mut case, &file).unwrap();
            assert_eq!(
                (
                    r.batch.rows_read,
                    r.batch.accepted,
                    r.batch.rejected,
                    r.batch.blank
                ),
                (8, 6, 1, 1),
                "{name}: seven data rows and one blank line, one bad e-mail"
            );
            assert_eq!(r.people, 5, "{name}: Ann's two rows are one person");
            assert_eq!(
                names(&case),
                [
                    "Ann Smith",
                    "Bob Stone",
                    "Li Wei",
                    "Müller, Zoë Jürgen",
                    "Renée Dubois"
                ],
                "{name}: names decode identically, the quoted newline folded to a space"
            );
        }
    }
}

#[test]
fn the_user_can_override_a_wrong_guess_of_encoding_or_delimiter() {
    let dir = tempfile::tempdir().unwrap();
    let case = new_case(dir.path(), "c");
    let file = write(dir.path(), "f.csv", PEOPLE_CSV.as_bytes());
    let p = case
        .preview_import(
            &file.to_string_lossy(),
            &ShapeOverride {
                encoding: Some(TextEncoding::Windows1252),
                delimiter: Some(";".into()),
                sheet: None,
            },
        )
        .unwrap();
    assert_eq!(p.shape.encoding, TextEncoding::Windows1252);
    assert_eq!(p.shape.delimiter, ";");
    assert_eq!(
        p.headers.len(),
        1,
        "with the wrong delimiter the header is one column"
    );
    let bad = case.preview_import(
        &file.to_string_lossy(),
        &ShapeOverride {
            delimiter: Some("x".into()),
            ..Default::default()
        },
    );
    assert_eq!(bad.unwrap_err().kind(), ErrorKind::Invalid);
}

#[test]
fn an_xlsx_workbook_imports_like_its_csv() {
    let dir = tempfile::tempdir().unwrap();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet().set_name("Export").unwrap();
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(PEOPLE_CSV.as_bytes());
    for (r, rec) in rdr.records().enumerate() {
        for (c, v) in rec.unwrap().iter().enumerate() {
            if c == 0 && r > 0 {
                // Record ids as numbers, as spreadsheets store them.
                ws.write_number(r as u32, c as u16, v.parse::<f64>().unwrap())
                    .unwrap();
            } else {
                ws.write_string(r as u32, c as u16, v).unwrap();
            }
        }
    }
    let file = dir.path().join("people.xlsx");
    wb.save(&file).unwrap();

    let mut case = new_case(dir.path(), "c");
    let p = case
        .preview_import(&file.to_string_lossy(), &ShapeOverride::default())
        .unwrap();
    assert_eq!(p.shape.format, FileFormat::Xlsx);
    assert_eq!(p.shape.sheets, ["Export"]);
    assert_eq!(
        p.rows[0][0], "1",
        "whole numbers read without a trailing .0"
    );
    let r = import(&mut case, &file).unwrap();
    assert_eq!((r.batch.accepted, r.batch.rejected), (6, 1));
    assert_eq!(r.people, 5);
    let ev = case.evidence_item(&r.batch.evidence_id).unwrap();
    assert_eq!(
        ev.sha256, r.batch.sha256,
        "the workbook is kept as evidence"
    );
}

#[test]
fn every_row_is_accepted_rejected_or_blank_and_rejects_name_row_field_and_a_masked_value() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "c");
    let file = write(
        dir.path(),
        "f.csv",
        b"name,email,country,region,birth_date\n\
          Ann,ann@example.com,US,NY,1980-01-01\n\
          Bob,bob.secret@example.com,Atlantis,,\n\
          ,,,,\n\
          Cy,cy@example.com,US,Nowhere,\n\
          Di,di@example.com,GB,,03/04/2001\n\
          ,,US,,\n\
          Ed,ed@example.com,US,TX,2015-06-01,extra\n",
    );
    let r = import(&mut case, &file).unwrap();
    let b = &r.batch;
    assert_eq!(b.rows_read, 7);
    assert_eq!(
        b.accepted + b.rejected + b.blank,
        b.rows_read,
        "nothing dropped silently"
    );
    assert_eq!((b.accepted, b.rejected, b.blank), (1, 5, 1));
    let rejects: Vec<(u32, &str)> = r
        .rejects
        .iter()
        .map(|x| (x.row, x.problem.field.as_str()))
        .collect();
    assert_eq!(
        rejects,
        [
            (3, "country"),
            (5, "region"),
            (6, "birth_date"),
            (7, "row"),
            (8, "row")
        ],
        "row numbers are the file's, header = 1"
    );
    assert_eq!(
        r.rejects[0].problem.value, "Atlantis",
        "places are shown whole"
    );
    let all = serde_json::to_string(&case.import_rejects(&b.id).unwrap()).unwrap();
    assert!(
        !all.contains("bob.secret"),
        "a rejected row's e-mail is never echoed"
    );
    assert!(r.rejects[2].problem.problem.contains("ambiguous"));
}

#[test]
fn rejects_can_be_exported_fixed_and_imported_again() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "c");
    let file = write(
        dir.path(),
        "f.csv",
        b"name,email,country\nAnn,ann@example.com,US\nBob,bob@example,US\nCy,cy@example.com,Narnia\n",
    );
    let r = import(&mut case, &file).unwrap();
    let out = dir.path().join("rejects.csv");
    assert_eq!(case.export_rejects(&r.batch.id, &out, false).unwrap(), 2);
    let exported = std::fs::read_to_string(&out).unwrap();
    assert!(
        exported.starts_with("name,email,country,casebook_row,casebook_problem\n"),
        "the original columns first, so the file maps like the original: {exported}"
    );
    assert!(
        exported.contains("Bob,bob@example,US,3,"),
        "original values kept for fixing"
    );
    let fixed = exported
        .replace("bob@example,", "bob@example.com,")
        .replace("Narnia", "Norway");
    let fixed_file = write(dir.path(), "fixed.csv", fixed.as_bytes());
    let again = import(&mut case, &fixed_file).unwrap();
    assert_eq!((again.batch.accepted, again.batch.rejected), (2, 0));
    assert_eq!(case.tally().unwrap().people, 3);
}

#[test]
fn exported_rejects_keep_every_original_column_even_unmapped_ones() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "c");
    let file = write(
        dir.path(),
        "f.csv",
        b"name,product,email,country\nAnn,VPN,ann@example.com,US\nBob,Vault,bob@example,US\n",
    );
    let r = import(&mut case, &file).unwrap();
    assert!(
        !r.batch.mapping.iter().any(|m| m.column == "product"),
        "the product column is not mapped"
    );
    let out = dir.path().join("rejects.csv");
    case.export_rejects(&r.batch.id, &out, false).unwrap();
    let exported = std::fs::read_to_string(&out).unwrap();
    let mut lines = exported.lines();
    assert_eq!(
        lines.next().unwrap(),
        "name,product,email,country,casebook_row,casebook_problem",
        "the header is the file's, so each value stays under its own column"
    );
    assert!(lines
        .next()
        .unwrap()
        .starts_with("Bob,Vault,bob@example,US,3,"));
}

#[test]
fn records_that_differ_only_in_email_case_or_spaces_are_one_person_with_the_union_of_elements() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "c");
    let file = write(dir.path(), "f.csv", PEOPLE_CSV.as_bytes());
    import(&mut case, &file).unwrap();
    let page = case
        .people(&PeopleQuery {
            search: Some("ann@".into()),
            limit: 10,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(page.total, 1);
    let ann = &page.rows[0];
    assert_eq!(ann.records, 2);
    assert_eq!(ann.email, "ann@example.com", "trimmed and lower-cased");
    assert_eq!(ann.phone, "+15551234567", "E.164");
    assert_eq!((ann.country.as_str(), ann.region.as_str()), ("US", "CA"));
    assert_eq!(ann.elements, ["name", "email", "phone"]);
    let detail = case.person_detail(&ann.id).unwrap();
    assert_eq!(detail.records.len(), 2);
    assert_eq!(detail.records[1].email, "ann@example.com");
    let t = case.tally().unwrap();
    assert_eq!(t.by_country["DE"], 1);
    assert_eq!(t.by_us_state["CA"], 1, "Ann counted once");
    assert_eq!(t.by_element["bank_account"], 1);
    assert_eq!(t.by_element["support_ticket"], 1);
    assert_eq!(t.minors, 1, "notes saying under 18 mark a minor");
    let b = case.affected_breakdown().unwrap();
    assert_eq!(b.by_ca_province["QC"], 1);
}

#[test]
fn a_different_rule_regroups_people() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "c");
    let file = write(
        dir.path(),
        "f.csv",
        b"name,email,phone,postal_code,country\n\
          Ann,ann@a.example,+1 555 000 1111,10001,US\n\
          Ann,ann@b.example,(555) 000-1111,10001,US\n\
          Ann,,,10001,US\n",
    );
    import(&mut case, &file).unwrap();
    assert_eq!(
        case.tally().unwrap().people,
        3,
        "by e-mail: two addresses and one without"
    );
    assert_eq!(
        case.set_dedupe_rule(DedupeRule::Phone)
            .unwrap()
            .tally
            .people,
        2
    );
    assert_eq!(
        case.set_dedupe_rule(DedupeRule::NamePostal)
            .unwrap()
            .tally
            .people,
        1
    );
    let reopened = reopen(&case_folder(dir.path(), "c"));
    assert_eq!(
        reopened.dedupe_rule().unwrap(),
        DedupeRule::NamePostal,
        "the rule is per case"
    );
}

#[test]
fn tallies_equal_the_generators_truth_for_a_messy_export() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "c");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/affected-messy.csv");
    let truth: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(fixture.with_extension("truth.json")).unwrap(),
    )
    .unwrap();
    let r = import(&mut case, &fixture).unwrap();
    assert_eq!(r.batch.rejected, 0, "{:?}", r.rejects);
    let tally = serde_json::to_value(case.tally().unwrap()).unwrap();
    for key in [
        "people",
        "records",
        "by_country",
        "by_us_state",
        "by_segment",
        "by_element",
        "minors",
    ] {
        assert_eq!(tally[key], truth[key], "{key} equals the generator's truth");
    }
    assert_eq!(
        tally.as_object().unwrap().len(),
        7,
        "exactly the promised keys"
    );
}

#[test]
fn the_mapping_can_be_chosen_and_is_remembered_for_the_next_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "c");
    let file = write(
        dir.path(),
        "f.csv",
        b"Kunde,Adresse E,Land\nAnn,ann@example.com,US\n",
    );
    let p = case
        .preview_import(&file.to_string_lossy(), &ShapeOverride::default())
        .unwrap();
    assert_eq!(p.mapping_from, "suggested");
    assert!(
        !p.mapping.iter().any(|m| m.field == Field::Email),
        "no header says e-mail"
    );
    let mapping = vec![
        FieldMap {
            field: Field::Name,
            column: "Kunde".into(),
        },
        FieldMap {
            field: Field::Email,
            column: "Adresse E".into(),
        },
        FieldMap {
            field: Field::Country,
            column: "Land".into(),
        },
    ];
    case.import_affected(
        ImportRequest {
            path: file.to_string_lossy().into_owned(),
            mapping: Some(mapping.clone()),
            ..Default::default()
        },
        &Silent,
    )
    .unwrap();
    let second = write(
        dir.path(),
        "g.csv",
        b"Kunde,Adresse E,Land\nBob,bob@example.com,GB\n",
    );
    let p = case
        .preview_import(&second.to_string_lossy(), &ShapeOverride::default())
        .unwrap();
    assert_eq!(p.mapping_from, "saved");
    assert_eq!(p.mapping, mapping);
    let bad = case.import_affected(
        ImportRequest {
            path: second.to_string_lossy().into_owned(),
            mapping: Some(vec![FieldMap {
                field: Field::Email,
                column: "Mail".into(),
            }]),
            ..Default::default()
        },
        &Silent,
    );
    let e = bad.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Invalid);
    assert!(
        e.to_string().contains("\"M***l\"") && e.to_string().contains("3 columns"),
        "points at the missing column, masked like any value a file may hold: {e}"
    );
}

/// Cancels as soon as rows are being read.
struct CancelAtRows;

impl Progress for CancelAtRows {
    fn update(&self, _: u64, _: u64) {}
    fn items(&self, _: u64) {}
    fn cancelled(&self) -> bool {
        true
    }
}

fn big_csv(rows: usize) -> String {
    let mut s = String::from("name,email,country\n");
    for i in 0..rows {
        s.push_str(&format!("Person {i},p{i}@example.com,US\n"));
    }
    s
}

fn vault_files(root: &Path) -> Vec<PathBuf> {
    fn walk(p: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(p).into_iter().flatten().flatten() {
            if e.path().is_dir() {
                walk(&e.path(), out);
            } else {
                out.push(e.path());
            }
        }
    }
    let mut out = Vec::new();
    walk(&root.join("vault"), &mut out);
    out
}

#[test]
fn a_cancelled_import_leaves_no_rows_no_batch_no_evidence_and_no_vault_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "c");
    let file = write(dir.path(), "big.csv", big_csv(10_000).as_bytes());
    let audit_before = case.audit_log(&AuditQuery::default()).unwrap().len();
    let e = case
        .import_affected(
            ImportRequest {
                path: file.to_string_lossy().into_owned(),
                ..Default::default()
            },
            &CancelAtRows,
        )
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Cancelled);
    assert_eq!(case.tally().unwrap().records, 0);
    assert!(case.import_batches().unwrap().is_empty());
    assert!(case.evidence().unwrap().is_empty());
    assert_eq!(
        case.audit_log(&AuditQuery::default()).unwrap().len(),
        audit_before
    );
    assert!(
        vault_files(case.root()).is_empty(),
        "{:?}",
        vault_files(case.root())
    );
    import(&mut case, &file).expect("the same file imports afterwards");
}

#[test]
fn a_killed_import_leaves_the_case_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let case = new_case(dir.path(), "c");
    let root = case.root().to_path_buf();
    drop(case);
    let file = write(dir.path(), "big.csv", big_csv(400_000).as_bytes());
    let mut child = Command::new(env!("CARGO_BIN_EXE_casebook"))
        .args(["affected", "import"])
        .arg(&root)
        .arg(&file)
        .env("CASEBOOK_HOME", dir.path().join("home"))
        .env("CASEBOOK_PASSPHRASE", PASSPHRASE)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Wait until rows are being written into the open transaction (the WAL grows), then kill.
    let wal = root.join("case.db-wal");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    loop {
        let size = std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0);
        if size > 2_000_000 {
            break;
        }
        if let Some(status) = child.try_wait().unwrap() {
            panic!("the import ended ({status}) before it could be killed; use a bigger file");
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the import never started writing"
        );
        std::thread::yield_now();
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let case = reopen(&root);
    assert_eq!(
        case.tally().unwrap().records,
        0,
        "no rows of the killed import"
    );
    assert!(case.import_batches().unwrap().is_empty());
    assert!(case.evidence().unwrap().is_empty());
    assert!(case.verify_audit(&Silent).unwrap().intact);
    assert!(
        vault_files(case.root()).is_empty(),
        "the killed import's vault copy is swept on open: {:?}",
        vault_files(case.root())
    );
}

#[test]
fn the_same_file_is_not_imported_twice_and_a_removed_batch_takes_its_people_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "c");
    let a = write(dir.path(), "a.csv", PEOPLE_CSV.as_bytes());
    let b = write(
        dir.path(),
        "b.csv",
        b"name,email\nAnn Smith,ANN@example.com\nNew Person,new@example.com\n",
    );
    let first = import(&mut case, &a).unwrap();
    assert_eq!(
        import(&mut case, &a).unwrap_err().kind(),
        ErrorKind::Invalid
    );
    let second = import(&mut case, &b).unwrap();
    assert_eq!(second.people, 6, "Ann merges across files");
    assert_eq!(second.records, 8);
    let e = case.remove_import_batch(&first.batch.id, " ").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Invalid, "a reason is required");
    let removed = case
        .remove_import_batch(&first.batch.id, "wrong export: test tenant")
        .unwrap();
    assert!(removed.removed_at.is_some());
    let t = case.tally().unwrap();
    assert_eq!((t.people, t.records), (2, 2), "tallies follow the removal");
    let entries = case.audit_log(&AuditQuery::default()).unwrap();
    assert!(entries
        .iter()
        .any(|e| e.action == "affected.remove_batch" && e.entity_id == first.batch.id));
    assert!(
        case.evidence_item(&first.batch.evidence_id).is_ok(),
        "the file stays in evidence"
    );
    import(&mut case, &a).expect("a removed batch's file can be imported again");
}

#[test]
fn snapshots_freeze_the_tally_with_a_hash_and_cannot_be_changed() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "c");
    assert_eq!(
        case.take_snapshot("").unwrap_err().kind(),
        ErrorKind::Invalid
    );
    let a = write(dir.path(), "a.csv", PEOPLE_CSV.as_bytes());
    let batch = import(&mut case, &a).unwrap().batch;
    let snap = case.take_snapshot("for the AG filing").unwrap();
    assert_eq!(snap.content.id, "TS-0001");
    assert_eq!(snap.content.breakdown.tally.people, 5);
    assert_eq!(snap.content.batches[0].id, batch.id);
    assert_eq!(snap.content.batches[0].sha256, batch.sha256);
    assert!(snap.content.methodology.contains("lower-cased"));
    let canonical = casebook::audit::canonical_json(&serde_json::to_value(&snap.content).unwrap());
    assert_eq!(
        snap.sha256,
        hex::encode(<sha2::Sha256 as sha2::Digest>::digest(canonical.as_bytes()))
    );

    case.remove_import_batch(&batch.id, "test").unwrap();
    assert_eq!(
        case.snapshot("TS-0001")
            .unwrap()
            .content
            .breakdown
            .tally
            .people,
        5,
        "a snapshot keeps its figures when the records change"
    );
    let raw = raw_connection(case.root());
    for sql in [
        "UPDATE tally_snapshots SET content = '{}'",
        "DELETE FROM tally_snapshots",
    ] {
        assert!(raw.execute(sql, []).is_err(), "{sql} is refused");
    }
    assert!(case.snapshot("TS-0001").unwrap().intact);
    let entries = case.audit_log(&AuditQuery::default()).unwrap();
    assert!(entries
        .iter()
        .any(|e| e.action == "affected.snapshot" && e.entity_id == "TS-0001"));
}

#[test]
fn notices_are_tracked_per_person_from_a_results_file_and_lists_carry_only_channel_fields() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "c");
    let a = write(dir.path(), "a.csv", PEOPLE_CSV.as_bytes());
    import(&mut case, &a).unwrap();
    let bob = case
        .people(&PeopleQuery {
            search: Some("bob".into()),
            limit: 1,
            ..Default::default()
        })
        .unwrap()
        .rows[0]
        .id
        .clone();
    let results = write(
        dir.path(),
        "results.csv",
        format!(
            "email,person_id,status,date,channel\n\
             ANN@example.com,,Delivered,2026-01-05,e-mail\n\
             ,{bob},returned to sender,2026-01-06,letter\n\
             nobody@example.com,,sent,2026-01-05,email\n\
             renee@example.fr,,teleported,2026-01-05,email\n"
        )
        .as_bytes(),
    );
    let r = case
        .import_notice_results(&results.to_string_lossy(), &Silent)
        .unwrap();
    assert_eq!((r.rows_read, r.updated, r.rejected), (4, 2, 2));
    assert_eq!(
        r.rejects[0].problem.value, "n***@example.com",
        "unmatched e-mail masked"
    );
    let b = case.affected_breakdown().unwrap();
    assert_eq!(b.by_notice_status["sent"], 1);
    assert_eq!(b.by_notice_status["returned"], 1);
    assert_eq!(b.by_notice_status["pending"], 3);

    case.set_notice_status(NoticeUpdate {
        person_ids: vec![bob.clone()],
        status: NoticeStatus::Sent,
        at: Some("2026-01-09".into()),
        channel: Some(Channel::Mail),
    })
    .unwrap();
    let history = case.notice_history(&bob).unwrap();
    assert_eq!(
        history.iter().map(|h| h.status).collect::<Vec<_>>(),
        [NoticeStatus::Returned, NoticeStatus::Sent],
        "history kept, newest last"
    );
    assert_eq!(
        history[0].source, r.evidence_id,
        "traceable to the results file"
    );

    let out = dir.path().join("us-email.csv");
    let n = case
        .export_notice_list(&NoticeListRequest {
            dest: out.to_string_lossy().into_owned(),
            channel: Some(Channel::Email),
            country: Some("DE".into()),
            region: None,
            status: None,
        })
        .unwrap();
    assert_eq!(n, 1);
    let text = std::fs::read_to_string(&out).unwrap();
    assert_eq!(
        text.lines().next().unwrap(),
        "person_id,name,email",
        "only what an e-mail merge needs"
    );
    assert!(text.contains("zoe@example.de"));
    assert!(!text.contains("+49"), "no phone in an e-mail list");
}

#[test]
fn no_personal_data_reaches_the_audit_chain() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "c");
    let a = write(dir.path(), "a.csv", PEOPLE_CSV.as_bytes());
    let r = import(&mut case, &a).unwrap();
    case.take_snapshot("").unwrap();
    case.remove_import_batch(&r.batch.id, "test").unwrap();
    let log = serde_json::to_string(&case.audit_log(&AuditQuery::default()).unwrap()).unwrap();
    for personal in [
        "ann@example.com",
        "Ann Smith",
        "Zoë",
        "+15551234567",
        "555 123",
        "not-an-address",
        "urgent",
    ] {
        assert!(
            !log.contains(personal),
            "{personal:?} must not be in the audit log"
        );
    }
}

#[test]
fn people_pages_are_positions_and_filters_combine() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "c");
    let file = write(dir.path(), "big.csv", big_csv(2_500).as_bytes());
    import(&mut case, &file).unwrap();
    let page = case
        .people(&PeopleQuery {
            offset: 2_400,
            limit: 200,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(page.total, 2_500);
    assert_eq!(page.rows.len(), 100, "the last page is short");
    assert_eq!(page.rows[0].pos, 2_400);
    let all: Vec<String> = (0..25)
        .flat_map(|i| {
            case.people(&PeopleQuery {
                offset: i * 100,
                limit: 100,
                ..Default::default()
            })
            .unwrap()
            .rows
            .into_iter()
            .map(|p| p.id)
        })
        .collect();
    let mut unique = all.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 2_500, "pages neither overlap nor skip");
    let f = case
        .people(&PeopleQuery {
            search: Some("p12".into()),
            country: Some("US".into()),
            element: Some("email".into()),
            limit: 100,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(f.total, 111, "p12, p120–p129, p1200–p1299");
    let e = case
        .people(&PeopleQuery {
            element: Some("telepathy".into()),
            limit: 10,
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Invalid);
}

#[test]
fn the_dashboard_summary_names_every_place_it_counts_with_its_code_and_keeps_same_codes_apart() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "c");
    let file = write(dir.path(), "f.csv", PEOPLE_CSV.as_bytes());
    import(&mut case, &file).unwrap();
    let places = case.affected_summary().unwrap().places;
    assert_eq!(
        places.country["DE"], "Germany (DE)",
        "countries read as names with codes"
    );
    assert_eq!(
        places.country["CA"], "Canada (CA)",
        "the country CA is Canada, not the state"
    );
    assert_eq!(
        places.us_state["CA"], "California (CA)",
        "the US state CA is California, kept apart from the country"
    );
    assert_eq!(places.ca_province["QC"], "Quebec (QC)");
    let b = case.affected_breakdown().unwrap();
    assert_eq!(
        places.country.keys().collect::<Vec<_>>(),
        b.tally.by_country.keys().collect::<Vec<_>>(),
        "every country counted has a label, and no other"
    );
}

/// Tally figures without the (changing) people/records counts, for comparing element totals.
fn by_element(case: &Case) -> serde_json::Value {
    serde_json::to_value(case.tally().unwrap()).unwrap()["by_element"].clone()
}

#[test]
fn values_that_stand_in_for_nothing_are_flagged_kept_and_never_count_as_exposed_over_batches_and_snapshots(
) {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "c");
    // No data-elements column: what a row carries is what was exposed.
    let first = write(
        dir.path(),
        "first.csv",
        b"record_id,full_name,email,phone,country,date_of_birth\n\
          1,Ann Smith,ann@example.com,+1 555 123 4567,US,1980-01-02\n\
          2,Bob Stone,bob@example.com,ask Bob at reception,US,unknown\n\
          3,Cy Diaz,n/a,0000000,US,\n\
          4,Di Eve,di@example.com,-,US,00/00/0000\n",
    );
    let r1 = import(&mut case, &first).unwrap();
    let b1 = &r1.batch;
    assert_eq!(
        (b1.rows_read, b1.accepted, b1.rejected, b1.blank),
        (4, 4, 0, 0),
        "a stand-in for no value is flagged, not a reason to reject the row"
    );
    let warnings = |b: &casebook::affected::Batch| -> Vec<(Field, u32)> {
        b.warnings.iter().map(|w| (w.field, w.rows)).collect()
    };
    assert_eq!(
        warnings(b1),
        [(Field::Email, 1), (Field::Phone, 3), (Field::BirthDate, 2)],
        "one count per field of the rows flagged"
    );
    let after_first = serde_json::json!({"name": 4, "email": 3, "phone": 1, "date_of_birth": 1});
    assert_eq!(
        by_element(&case),
        after_first,
        "only Ann's phone and date of birth are real; junk is not exposure"
    );
    let snap1 = case.take_snapshot("after the first export").unwrap();
    assert_eq!(
        serde_json::to_value(&snap1.content.breakdown.tally).unwrap()["by_element"],
        after_first
    );

    // A data-elements column decides, whatever the phone cell holds.
    let second = write(
        dir.path(),
        "second.csv",
        b"record_id,full_name,email,phone,country,data_elements\n\
          5,Bob Stone,bob@example.com,N/A,US,name/email\n\
          6,Eve Long,eve@example.com,unknown,US,name/email/phone\n\
          7,Fay Moss,fay@example.com,+44 20 7946 0958,GB,name/email\n\
          8,Gus Hale,,none,US,\n\
          9,,not given,n/a,US,\n",
    );
    let r2 = import(&mut case, &second).unwrap();
    let b2 = &r2.batch;
    assert_eq!(
        (b2.rows_read, b2.accepted, b2.rejected, b2.blank),
        (5, 4, 1, 0),
        "a row whose only identifiers stand in for nothing names nobody"
    );
    assert_eq!(
        (r2.rejects[0].row, r2.rejects[0].problem.field.as_str()),
        (6, "row")
    );
    assert_eq!(
        warnings(b2),
        [(Field::Phone, 3)],
        "rejected rows are not counted among the flagged"
    );
    let after_second = serde_json::json!({"name": 7, "email": 5, "phone": 2, "date_of_birth": 1});
    assert_eq!(
        by_element(&case),
        after_second,
        "Eve's phone counts because her row says it was exposed; Bob's and Gus's do not"
    );
    assert_eq!(
        case.tally().unwrap().people,
        7,
        "Bob's two rows are one person"
    );
    let snap2 = case.take_snapshot("after the second export").unwrap();
    assert_eq!(
        serde_json::to_value(&snap2.content.breakdown.tally).unwrap()["by_element"],
        after_second
    );
    assert_eq!(
        serde_json::to_value(
            &case
                .snapshot(&snap1.content.id)
                .unwrap()
                .content
                .breakdown
                .tally
        )
        .unwrap()["by_element"],
        after_first,
        "the first snapshot keeps its figures"
    );

    let batches = case.import_batches().unwrap();
    assert_eq!(
        warnings(&batches[0]),
        warnings(b1),
        "warnings are kept on the batch"
    );
    assert_eq!(warnings(&batches[1]), warnings(b2));

    // The raw value stays in the case file; what is shown is masked.
    let raw = raw_connection(case.root());
    let kept: String = raw
        .query_row(
            "SELECT flagged FROM affected_records WHERE record_id = '2'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        kept.contains("ask Bob at reception"),
        "the raw value is kept: {kept}"
    );
    let bob = case
        .people(&PeopleQuery {
            search: Some("Bob".into()),
            limit: 10,
            ..Default::default()
        })
        .unwrap()
        .rows
        .remove(0);
    let shown = serde_json::to_string(&case.person_detail(&bob.id).unwrap()).unwrap();
    assert!(
        !shown.contains("ask Bob"),
        "flagged values are shown masked: {shown}"
    );
    assert!(
        shown.contains("a***n"),
        "the masked value is shown: {shown}"
    );
    let audit = serde_json::to_string(&case.audit_log(&AuditQuery::default()).unwrap()).unwrap();
    for value in ["reception", "ask Bob"] {
        let at = audit
            .find(value)
            .map(|i| &audit[i.saturating_sub(200)..i + 20]);
        assert_eq!(at, None, "flagged values never reach the audit chain");
    }
    assert!(case.verify_audit(&Silent).unwrap().intact);
}

#[test]
fn preview_rows_carry_the_file_line_that_rejects_and_records_carry() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "c");
    // Line 1 header (after a BOM), 2 blank, 3–4 Ann (a quoted newline), 5–6 blank, 7 Bob
    // (rejected), 8 Cy; CRLF throughout.
    let file = write(
        dir.path(),
        "f.csv",
        "\u{FEFF}name,email,notes\r\n\
         \r\n\
         Ann,ann@example.com,\"line one\r\nline two\"\r\n\
         \r\n\
         \r\n\
         Bob,not-an-address,\r\n\
         Cy,cy@example.com,\r\n"
            .as_bytes(),
    );
    let p = case
        .preview_import(&file.to_string_lossy(), &ShapeOverride::default())
        .unwrap();
    assert_eq!(p.shape.encoding, TextEncoding::Utf8Bom);
    assert_eq!(p.rows.len(), 3);
    assert_eq!(p.lines, [3, 7, 8], "each preview row carries its file line");
    let r = import(&mut case, &file).unwrap();
    assert_eq!(r.rejects.len(), 1);
    assert_eq!(
        r.rejects[0].row, p.lines[1],
        "Bob's reject names the line the preview showed"
    );
    for (i, name) in [(0, "Ann"), (2, "Cy")] {
        let person = case
            .people(&PeopleQuery {
                search: Some(name.into()),
                limit: 10,
                ..Default::default()
            })
            .unwrap()
            .rows
            .remove(0);
        let records = case.person_detail(&person.id).unwrap().records;
        assert_eq!(
            records[0].row, p.lines[i],
            "{name}'s record names the line the preview showed"
        );
    }
}

#[test]
fn a_field_split_over_columns_is_suggested_joined_in_order_and_remembered() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "c");
    let file = write(
        dir.path(),
        "f.csv",
        b"Forename,Surname,E-mail,Address line 1,Address line 2,City\n\
          Wei,Zhang,wei@example.com,1 Main St,Flat 2,Springfield\n\
          Ann,Smith,ann@example.com,2 High St,,Shelbyville\n",
    );
    let p = case
        .preview_import(&file.to_string_lossy(), &ShapeOverride::default())
        .unwrap();
    let cols = |m: &[FieldMap], f: Field| -> Vec<String> {
        m.iter()
            .filter(|x| x.field == f)
            .map(|x| x.column.clone())
            .collect()
    };
    assert_eq!(cols(&p.mapping, Field::Name), ["Forename", "Surname"]);
    assert_eq!(
        cols(&p.mapping, Field::Street),
        ["Address line 1", "Address line 2"]
    );
    import(&mut case, &file).unwrap();
    assert_eq!(
        names(&case),
        ["Ann Smith", "Wei Zhang"],
        "a name is its parts joined with a space, not the last name alone"
    );
    let wei = case
        .people(&PeopleQuery {
            search: Some("Zhang".into()),
            limit: 10,
            ..Default::default()
        })
        .unwrap()
        .rows
        .remove(0);
    let rec = &case.person_detail(&wei.id).unwrap().records[0];
    assert_eq!(
        rec.street, "1 Main St, Flat 2",
        "address lines join with a comma"
    );
    let ann = case
        .people(&PeopleQuery {
            search: Some("Smith".into()),
            limit: 10,
            ..Default::default()
        })
        .unwrap()
        .rows
        .remove(0);
    assert_eq!(
        case.person_detail(&ann.id).unwrap().records[0].street,
        "2 High St",
        "an empty part adds no separator"
    );

    // The order chosen is the order joined, and it is remembered for the next file.
    let second = write(
        dir.path(),
        "g.csv",
        b"Forename,Surname,E-mail,Address line 1,Address line 2,City\n\
          Li,Na,li@example.com,,,\n",
    );
    let family_first = vec![
        FieldMap {
            field: Field::Name,
            column: "Surname".into(),
        },
        FieldMap {
            field: Field::Name,
            column: "Forename".into(),
        },
        FieldMap {
            field: Field::Email,
            column: "E-mail".into(),
        },
    ];
    case.import_affected(
        ImportRequest {
            path: second.to_string_lossy().into_owned(),
            mapping: Some(family_first.clone()),
            ..Default::default()
        },
        &Silent,
    )
    .unwrap();
    assert!(
        names(&case).contains(&"Na Li".to_string()),
        "{:?}",
        names(&case)
    );
    let third = write(
        dir.path(),
        "h.csv",
        b"Forename,Surname,E-mail,Address line 1,Address line 2,City\nMo,Ro,mo@example.com,,,\n",
    );
    let p = case
        .preview_import(&third.to_string_lossy(), &ShapeOverride::default())
        .unwrap();
    assert_eq!(p.mapping_from, "saved");
    assert_eq!(
        p.mapping, family_first,
        "the multi-column mapping is remembered"
    );

    let twice = case.import_affected(
        ImportRequest {
            path: third.to_string_lossy().into_owned(),
            mapping: Some(vec![
                FieldMap {
                    field: Field::Name,
                    column: "Surname".into(),
                },
                FieldMap {
                    field: Field::Name,
                    column: "Surname".into(),
                },
            ]),
            ..Default::default()
        },
        &Silent,
    );
    let e = twice.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Invalid);
    assert!(e.to_string().contains("twice"), "{e}");
}

#[test]
fn a_mapping_saved_before_multi_column_mappings_still_loads() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "c");
    let file = write(
        dir.path(),
        "f.csv",
        b"Kunde,Adresse E\nAnn,ann@example.com\n",
    );
    // As an earlier version stored it: one object per field.
    raw_connection(case.root())
        .execute(
            "INSERT INTO settings (key, value) VALUES ('affected.mapping', ?1)",
            [r#"[{"field":"name","column":"Kunde"},{"field":"email","column":"Adresse E"}]"#],
        )
        .unwrap();
    let p = case
        .preview_import(&file.to_string_lossy(), &ShapeOverride::default())
        .unwrap();
    assert_eq!(p.mapping_from, "saved");
    import(&mut case, &file).unwrap();
    assert_eq!(names(&case), ["Ann"]);
}

#[test]
fn exported_rejects_and_notice_lists_write_formula_like_cells_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "c");
    let file = write(
        dir.path(),
        "f.csv",
        "name,email,phone,country\n\
         =HYPERLINK(\"http://evil.example\"),not-an-email,,US\n\
         @SUM(A1),ann@example.com,+44 20 7946 0000,US\n"
            .as_bytes(),
    );
    let r = import(&mut case, &file).unwrap();
    assert_eq!((r.batch.accepted, r.batch.rejected), (1, 1));

    let rejects = dir.path().join("rejects.csv");
    case.export_rejects(&r.batch.id, &rejects, false).unwrap();
    let text = std::fs::read_to_string(&rejects).unwrap();
    let row = text.lines().nth(1).unwrap();
    assert!(
        row.starts_with("\"'=HYPERLINK("),
        "a spreadsheet must show the rejected name, not follow it: {row}"
    );

    let list = dir.path().join("list.csv");
    case.export_notice_list(&NoticeListRequest {
        dest: list.to_string_lossy().into_owned(),
        channel: Some(Channel::Email),
        country: None,
        region: None,
        status: None,
    })
    .unwrap();
    let text = std::fs::read_to_string(&list).unwrap();
    assert!(
        text.lines()
            .nth(1)
            .unwrap()
            .contains(",'@SUM(A1),ann@example.com"),
        "a name that begins like a formula is written as text: {text}"
    );
}

#[test]
fn an_import_through_a_link_or_from_a_pipe_is_refused_with_advice_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "acme");
    let real = write(
        dir.path(),
        "real.csv",
        b"name,email\nAnn Lee,ann@example.com\n",
    );
    let link = dir.path().join("link.csv");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let err = import(&mut case, &link).expect_err("a link is not imported");
    assert_eq!(err.kind(), casebook::ErrorKind::Invalid, "{err}");
    assert!(
        err.to_string().contains("symbolic link"),
        "the message says why and what to choose instead: {err}"
    );
    let fifo = dir.path().join("pipe.csv");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let result = import(&mut case, &fifo).map(|_| ());
        let _ = tx.send(result.map_err(|e| e.to_string()));
    });
    let result = rx
        .recv_timeout(std::time::Duration::from_secs(30))
        .expect("a pipe with no writer must be refused at once, not waited on");
    assert!(
        result.expect_err("a pipe is not a file").contains("pipe"),
        "the message names what the path is"
    );
}

/// Runs `f` on its own thread and gives its answer, or fails the test if none comes: the
/// guard that hostile input neither hangs nor aborts the process.
fn within_a_minute<T: Send + 'static>(what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(std::time::Duration::from_secs(60))
        .unwrap_or_else(|_| panic!("{what} neither answered nor failed within a minute"))
}

#[test]
fn a_workbook_spanning_the_whole_sheet_or_holding_a_huge_cell_is_refused_not_allocated() {
    let dir = tempfile::tempdir().unwrap();
    // Two cells at opposite corners: a reader that allocates the sheet's range asks for
    // 17 billion cells and the process aborts.
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "name").unwrap();
    ws.write_string(1_048_575, 16_383, "x").unwrap();
    let corners = dir.path().join("corners.xlsx");
    wb.save(&corners).unwrap();

    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "name").unwrap();
    ws.write_string(0, 1, "email").unwrap();
    // Under Excel's 32,767 characters, over 64 KiB as UTF-8.
    ws.write_string(1, 0, "张".repeat(30_000)).unwrap();
    ws.write_string(1, 1, "a@example.com").unwrap();
    let huge = dir.path().join("huge-cell.xlsx");
    wb.save(&huge).unwrap();

    for (file, expected) in [(corners, "XFD1048576"), (huge, "cell A2")] {
        let case_dir = dir.path().to_path_buf();
        let shown = file.display().to_string();
        let err = within_a_minute(&shown, move || {
            let mut case = reopen_or_new(&case_dir);
            let preview = case
                .preview_import(&file.to_string_lossy(), &ShapeOverride::default())
                .err()
                .map(|e| e.to_string());
            let import = import(&mut case, &file).err().map(|e| e.to_string());
            (preview, import)
        });
        for (step, message) in [("preview", err.0), ("import", err.1)] {
            let message = message.unwrap_or_else(|| panic!("{step} of {shown} must be refused"));
            assert!(
                message.contains(expected) && message.contains("refused"),
                "{step} of {shown} says which cell and why: {message}"
            );
            assert!(
                !message.contains("张张"),
                "the refusal does not echo the cell: {message}"
            );
        }
    }
}

fn reopen_or_new(dir: &Path) -> Case {
    let folder = case_folder(dir, "hostile");
    if folder.exists() {
        reopen(&folder)
    } else {
        new_case(dir, "hostile")
    }
}

#[test]
fn a_row_with_a_field_past_64_kib_is_rejected_by_position_and_kept_cut_short() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "c");
    let payload = "Q".repeat(100 * 1024);
    let csv = format!(
        "name,email\nAnn Lee,ann@example.com\n\"{payload}\",bob@example.com\nCy Dee,cy@example.com\n"
    );
    let file = write(dir.path(), "big-field.csv", csv.as_bytes());
    let report = within_a_minute("a 100 KiB field", move || import(&mut case, &file))
        .expect("the file imports; only the row is rejected");
    assert_eq!(
        (report.batch.accepted, report.batch.rejected),
        (2, 1),
        "the rows around the hostile one are kept"
    );
    let problem = &report.rejects[0].problem;
    assert_eq!(report.rejects[0].row, 3, "named by its line in the file");
    assert!(
        problem.problem.contains("field 1") && problem.problem.contains("64 KiB"),
        "the reason names the field by position and the limit: {}",
        problem.problem
    );
    assert!(
        !problem.problem.contains("QQQ") && !problem.value.contains("QQQ"),
        "the reason never echoes the field"
    );
    let raw = raw_connection(&case_folder(dir.path(), "c"));
    let kept: String = raw
        .query_row("SELECT raw_row FROM import_rejects", [], |r| r.get(0))
        .unwrap();
    assert!(
        kept.len() < 70 * 1024,
        "the rejected row is kept cut to the limit, not whole ({} bytes)",
        kept.len()
    );
}

#[test]
fn control_characters_and_bidi_overrides_never_enter_the_case() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "c");
    // U+202E would make "Eve Adams" print as a reversed string in letters and packets; the
    // escape sequence would drive a terminal; the tab would break a tab-separated listing.
    let csv = "name,email\n\"Eve\u{202e} Adams\",eve@example.com\n\"Zed\u{1b}[2J\tYoung\",zed@example.com\n";
    let file = write(dir.path(), "hostile-names.csv", csv.as_bytes());
    import(&mut case, &file).unwrap();
    assert_eq!(
        names(&case),
        ["Eve Adams", "Zed [2J Young"],
        "stored names are plain text: controls become spaces, bidi controls are dropped"
    );
}
