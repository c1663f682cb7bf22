//! The PDF packet, read back with poppler (`pdftotext`, `pdfinfo`, `pdffonts`, `pdftoppm`) and
//! `qpdf`: every page is numbered "N of M" with its marking and Bates number in sequence, the
//! contents match where sections start, the figures and hashes are the case's, every script
//! in customer names extracts, redaction removes what it says, the same case gives the same
//! bytes, and a tampered case says so in its integrity section.

mod common;

use casebook::affected::ImportRequest;
use casebook::packet::{PacketOptions, PacketRecord, Redaction, Section};
use casebook::progress::{Progress, Silent};
use casebook::{Case, ErrorKind};
use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

/// One name per script the issue lists, plus an Arabic name inside a Latin line.
const NAMES: &[(&str, &str)] = &[
    ("latin", "Zoë Ångström-Müller"),
    ("vietnamese", "Nguyễn Thị Minh Khai"),
    ("cyrillic", "Дмитрий Шостакович"),
    ("greek", "Αλέξανδρος Παπαδόπουλος"),
    ("japanese", "山田太郎"),
    ("chinese", "王小明"),
    ("korean", "김민준"),
    ("arabic", "محمد عبد الله"),
    ("hebrew", "דוד כהן"),
    ("mixed", "Fatima محمد Smith"),
];

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} must be installed (scripts/setup installs it): {e}"));
    assert!(
        out.status.success(),
        "{name} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("poppler prints UTF-8")
}

/// The text of a page range; `-layout` keeps table rows on one line.
fn text(pdf: &Path, first: u32, last: u32, mode: &str) -> String {
    let (f, l) = (first.to_string(), last.to_string());
    let p = pdf.to_str().unwrap();
    let raw = tool("pdftotext", &[mode, "-f", &f, "-l", &l, p, "-"]);
    // pdftotext wraps right-to-left runs in embedding marks; the letters are what count.
    raw.chars()
        .filter(|c| !('\u{202A}'..='\u{202E}').contains(c))
        .collect()
}

fn pages_of(pdf: &Path) -> u32 {
    let info = tool("pdfinfo", &[pdf.to_str().unwrap()]);
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .expect("pdfinfo reports pages")
        .trim()
        .parse()
        .unwrap()
}

fn squeeze(s: &str) -> String {
    s.split_whitespace().collect()
}

fn demo(dir: &Path) -> Case {
    casebook::demo::build(dir, PASSPHRASE, actor(), clock()).expect("the demo case builds")
}

fn generate(case: &mut Case, o: &PacketOptions, out: &Path) -> PacketRecord {
    case.generate_packet(o, out, common::signing_key(), &Silent)
        .expect("the packet generates")
}

fn scripts_case(dir: &Path) -> Case {
    let mut case = new_case(dir, "scripts");
    let mut csv = String::from("name,email,phone,country\n");
    for (i, (_, name)) in NAMES.iter().enumerate() {
        csv.push_str(&format!(
            "{name},person{i}@example.com,+1 212 555 01{i:02},US\n"
        ));
    }
    import_csv(&mut case, &dir.join("scripts.csv"), &csv);
    case.take_snapshot("for the packet").unwrap();
    case
}

fn import_csv(case: &mut Case, file: &Path, csv: &str) {
    std::fs::write(file, csv).unwrap();
    case.import_affected(
        ImportRequest {
            path: file.to_string_lossy().into_owned(),
            ..Default::default()
        },
        &Silent,
    )
    .expect("the fixture imports");
}

fn only(sections: &[Section]) -> PacketOptions {
    PacketOptions {
        sections: sections.to_vec(),
        ..PacketOptions::default()
    }
}

#[test]
fn the_demo_case_produces_a_full_packet_numbered_marked_and_bates_stamped_on_every_page() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = demo(dir.path());
    let out = dir.path().join("packet.pdf");
    let o = PacketOptions {
        bates_prefix: "ACME-IR-".into(),
        bates_start: 41,
        ..PacketOptions::default()
    };
    let rec = generate(&mut case, &o, &out);
    let pages = pages_of(&out);
    assert_eq!(pages, rec.pages, "the record states the file's page count");
    assert!(
        pages > 10,
        "a full packet of the demo case runs to many pages"
    );
    assert_eq!(rec.bates_first, "ACME-IR-000041");
    assert_eq!(rec.bates_last, format!("ACME-IR-{:06}", 40 + pages));
    let marking = squeeze(casebook::packet::DEFAULT_MARKING);
    for n in 1..=pages {
        let t = text(&out, n, n, "-layout");
        assert!(
            t.contains(&format!("Page {n} of {pages}")),
            "page {n} must say 'Page {n} of {pages}' (the of-M equals the page count)"
        );
        assert!(
            t.contains(&format!("ACME-IR-{:06}", 40 + n)),
            "page {n} must carry Bates number {} in sequence",
            40 + n
        );
        assert!(
            squeeze(&t).contains(&marking),
            "page {n} must carry the privilege marking"
        );
    }
    let check = tool("qpdf", &["--check", out.to_str().unwrap()]);
    assert!(
        check.contains("No syntax or stream encoding errors"),
        "{check}"
    );
    let fonts = tool("pdffonts", &[out.to_str().unwrap()]);
    for line in fonts.lines().skip(2) {
        let cols: Vec<&str> = line.split_whitespace().collect();
        let (emb, sub, uni) = (
            cols[cols.len() - 5],
            cols[cols.len() - 4],
            cols[cols.len() - 3],
        );
        assert_eq!(
            (emb, sub, uni),
            ("yes", "yes", "yes"),
            "every font is embedded, subset and has a ToUnicode map: {line}"
        );
    }
    let listed = case.packets().unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(
        listed[0], rec,
        "the packet list shows the packet as generated"
    );
    let digest = sha256_of(&out);
    assert_eq!(rec.sha256, digest, "the recorded hash is the file's");
    let audit = case
        .audit_log(&casebook::audit::AuditQuery::default())
        .unwrap();
    assert_eq!(audit[0].action, "packet.generated");
    assert!(
        audit[0].new_value.as_deref().unwrap().contains(&digest),
        "the audit chain records the packet's hash"
    );
}

fn sha256_of(p: &Path) -> String {
    tool("sha256sum", &[p.to_str().unwrap()])
        .split_whitespace()
        .next()
        .unwrap()
        .to_string()
}

#[test]
fn the_contents_page_numbers_are_where_the_sections_start_and_link_there() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = demo(dir.path());
    let out = dir.path().join("packet.pdf");
    // Every section, the people appendix too (it is left out by default).
    let every = PacketOptions {
        sections: Section::ALL.to_vec(),
        ..PacketOptions::default()
    };
    generate(&mut case, &every, &out);
    let contents = text(&out, 2, 2, "-layout");
    let mut seen = 0;
    for s in Section::ALL {
        let line = contents
            .lines()
            .find(|l| l.trim_start().starts_with(s.label()))
            .unwrap_or_else(|| panic!("the contents list {:?}", s.label()));
        let page: u32 = line.split_whitespace().last().unwrap().parse().unwrap();
        let body = text(&out, page, page, "-layout");
        let heading = body
            .lines()
            .skip(2)
            .find(|l| !l.trim().is_empty())
            .unwrap_or_default();
        assert_eq!(
            heading.trim(),
            s.label(),
            "the contents say {:?} starts on page {page}; its first line there is the heading",
            s.label()
        );
        seen += 1;
    }
    assert_eq!(seen, Section::ALL.len());
    // The outline mirrors the contents and the contents lines are links.
    let raw = std::fs::read(&out).unwrap();
    let qdf = dir.path().join("qdf.pdf");
    tool(
        "qpdf",
        &[
            "--qdf",
            "--object-streams=disable",
            out.to_str().unwrap(),
            qdf.to_str().unwrap(),
        ],
    );
    let qdf = String::from_utf8_lossy(&std::fs::read(&qdf).unwrap()).into_owned();
    assert_eq!(
        qdf.matches("/Subtype /Link").count(),
        Section::ALL.len(),
        "one link per contents line"
    );
    assert!(qdf.contains("/Outlines"), "the packet has an outline");
    assert_eq!(
        qdf.matches("/Dest [").count(),
        Section::ALL.len(),
        "one bookmark per section"
    );
    assert!(!raw.is_empty());
}

#[test]
fn the_hashes_and_tallies_in_the_text_are_the_cases() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = demo(dir.path());
    let out = dir.path().join("packet.pdf");
    let rec = generate(&mut case, &PacketOptions::default(), &out);
    // In stream order a wrapped hash's two halves are adjacent.
    let all = squeeze(&text(&out, 1, pages_of(&out), "-raw"));
    for item in case.evidence().unwrap() {
        assert!(
            all.contains(&item.sha256),
            "the manifest states {}'s full SHA-256",
            item.id
        );
    }
    let snap = case.snapshots().unwrap().remove(0);
    assert!(
        all.contains(&snap.sha256),
        "the tallies cite the snapshot's hash"
    );
    assert!(all.contains(&snap.content.id));
    let t = &snap.content.breakdown.tally;
    let layout = text(&out, 1, pages_of(&out), "-layout");
    let people = format!("People affected {}", group(t.people));
    assert!(
        squeeze(&layout).contains(&squeeze(&people)),
        "the packet states the snapshot's people count ({people})"
    );
    for (country, n) in &t.by_country {
        let row = layout
            .lines()
            .any(|l| l.split_whitespace().collect::<Vec<_>>() == [country.as_str(), &group(*n)]);
        assert!(row, "the by-country table has {country} {n}");
    }
    let head = case
        .audit_log(&casebook::audit::AuditQuery::default())
        .unwrap()
        .into_iter()
        .find(|e| e.seq == rec.as_of_seq)
        .unwrap();
    assert_eq!(
        head.seq + 1,
        case.verify_audit(&Silent).unwrap().entries,
        "the packet covers the case up to the entry before its own record"
    );
    assert!(
        all.contains(&head.hash),
        "the integrity section states the head entry's hash"
    );
    assert!(all.contains("INTACT"));
}

fn group(n: u32) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[test]
fn every_script_in_customer_names_extracts_in_logical_order() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = scripts_case(dir.path());
    let out = dir.path().join("packet.pdf");
    let o = PacketOptions {
        redaction: Redaction::None,
        ..only(&[Section::People])
    };
    generate(&mut case, &o, &out);
    // Spaces around a right-to-left run come out wherever poppler puts them; the letters
    // and their order are what must match.
    let t = squeeze(&text(&out, 1, pages_of(&out), "-layout"));
    for (script, name) in NAMES {
        assert!(
            t.contains(&squeeze(name)),
            "the {script} name {name:?} must extract as it is in the case"
        );
    }
    let fonts = tool("pdffonts", &[out.to_str().unwrap()]);
    for face in [
        "NotoSansArabic",
        "NotoSansHebrew",
        "DroidSansFallback",
        "NanumGothic",
    ] {
        assert!(fonts.contains(face), "{face} is embedded for these names");
    }
}

#[test]
fn rendering_pages_to_png_gives_images_to_look_at() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = scripts_case(dir.path());
    let out = dir.path().join("packet.pdf");
    let o = PacketOptions {
        redaction: Redaction::None,
        ..PacketOptions::default()
    };
    generate(&mut case, &o, &out);
    let shots = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("packet-pages");
    // Pages of an earlier run (a longer packet) would be counted as this one's.
    let _ = std::fs::remove_dir_all(&shots);
    std::fs::create_dir_all(&shots).unwrap();
    let prefix = shots.join("scripts");
    tool(
        "pdftoppm",
        &[
            "-r",
            "80",
            "-png",
            out.to_str().unwrap(),
            prefix.to_str().unwrap(),
        ],
    );
    let pngs: Vec<_> = std::fs::read_dir(&shots)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with("scripts"))
        .collect();
    assert_eq!(pngs.len() as u32, pages_of(&out), "one image per page");
    for p in pngs {
        assert!(
            p.metadata().unwrap().len() > 2_000,
            "{:?} has content",
            p.path()
        );
    }
}

#[test]
fn generating_twice_gives_the_same_bytes_and_different_options_a_different_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = scripts_case(dir.path());
    let (a, b, c) = (
        dir.path().join("a.pdf"),
        dir.path().join("b.pdf"),
        dir.path().join("c.pdf"),
    );
    let ra = generate(&mut case, &PacketOptions::default(), &a);
    let rb = generate(&mut case, &PacketOptions::default(), &b);
    assert_eq!(
        std::fs::read(&a).unwrap(),
        std::fs::read(&b).unwrap(),
        "the same case state and options give byte-identical files, in one process"
    );
    assert_eq!(ra.packet_id, rb.packet_id);
    let rc = generate(
        &mut case,
        &PacketOptions {
            bates_prefix: "OTHER-".into(),
            ..PacketOptions::default()
        },
        &c,
    );
    assert_ne!(rc.sha256, ra.sha256);
    assert_ne!(rc.packet_id, ra.packet_id);
    let listed: Vec<String> = case
        .packets()
        .unwrap()
        .into_iter()
        .map(|p| p.sha256)
        .collect();
    assert_eq!(
        listed,
        [rc.sha256, rb.sha256.clone(), ra.sha256],
        "newest first"
    );
    // A change to the case is a new state: the next packet differs.
    case.update_info(casebook::case::CaseUpdate {
        summary: Some("Updated after interviews.".into()),
        ..Default::default()
    })
    .unwrap();
    let d = dir.path().join("d.pdf");
    let rd = generate(&mut case, &PacketOptions::default(), &d);
    assert_ne!(rd.sha256, rb.sha256);
}

#[test]
fn a_tampered_case_says_so_in_its_integrity_section() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = scripts_case(dir.path());
    let folder = case.root().to_path_buf();
    drop(case);
    let raw = raw_connection(&folder);
    raw.execute_batch(
        "DROP TRIGGER audit_log_no_update;
         UPDATE audit_log SET actor = 'someone else' WHERE seq = 2;",
    )
    .unwrap();
    drop(raw);
    case = reopen(&folder);
    let out = dir.path().join("packet.pdf");
    generate(
        &mut case,
        &only(&[Section::Summary, Section::Integrity]),
        &out,
    );
    let t = squeeze(&text(&out, 1, pages_of(&out), "-layout"));
    assert!(
        t.contains(&squeeze("VERIFICATION FAILED at entry 2")),
        "the integrity section states the failure and where"
    );
    assert!(
        t.contains(&squeeze("FAILS VERIFICATION")),
        "so does the summary"
    );
    assert!(!t.contains("INTACT"));
}

#[test]
fn redaction_hides_what_each_mode_promises() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = scripts_case(dir.path());
    let people = case
        .people(&casebook::affected::PeopleQuery {
            limit: 100,
            ..Default::default()
        })
        .unwrap()
        .rows;
    let zoe = people.iter().find(|p| p.name.starts_with("Zoë")).unwrap();
    let render = |case: &mut Case, r: Redaction| {
        let out = dir.path().join(format!("{}.pdf", r.code()));
        generate(
            case,
            &PacketOptions {
                redaction: r,
                ..only(&[Section::People])
            },
            &out,
        );
        text(&out, 1, pages_of(&out), "-layout")
    };
    let none = render(&mut case, Redaction::None);
    assert!(none.contains(&zoe.name) && none.contains(&zoe.email) && none.contains(&zoe.phone));

    let partial = render(&mut case, Redaction::Partial);
    assert!(partial.contains(&zoe.name), "partial keeps names");
    assert!(
        !partial.contains(&zoe.email),
        "partial never shows a full e-mail"
    );
    assert!(
        partial.contains("p***@example.com"),
        "partial shows j***@example.com style"
    );
    let last2 = &zoe.phone[zoe.phone.len() - 2..];
    assert!(
        partial.contains(&format!("*********{last2}")),
        "partial shows only the phone's last 2 digits"
    );
    assert!(!partial.contains(&zoe.phone[1..]));

    let full = render(&mut case, Redaction::Full);
    for p in &people {
        assert!(!full.contains(&p.email), "full redaction hides e-mails");
        assert!(!full.contains(&p.name), "full redaction hides names");
        assert!(full.contains(&p.id), "people stay countable by id");
    }
}

#[test]
fn the_public_version_has_no_marking_and_a_custom_marking_is_used_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = scripts_case(dir.path());
    let public = dir.path().join("public.pdf");
    generate(
        &mut case,
        &PacketOptions {
            marking: None,
            ..only(&[Section::Summary])
        },
        &public,
    );
    let t = text(&public, 1, pages_of(&public), "-layout");
    assert!(
        !t.contains("Privileged"),
        "a public version carries no marking"
    );
    let custom = dir.path().join("custom.pdf");
    generate(
        &mut case,
        &PacketOptions {
            marking: Some("Confidential — for the regulator only".into()),
            ..only(&[Section::Summary])
        },
        &custom,
    );
    let n = pages_of(&custom);
    for page in 1..=n {
        assert!(
            text(&custom, page, page, "-layout").contains("Confidential — for the regulator only")
        );
    }
}

#[test]
fn long_tables_break_across_pages_and_repeat_their_header_and_nothing_leaves_the_page() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "long");
    let mut csv = String::from("name,email,phone,country\n");
    for i in 0..400 {
        csv.push_str(&format!(
            "Person Number {i} With A Rather Long Double-Barrelled Name-Surname,\
             someone.with.a.very.long.address.{i}@subdomain.example-company.com,+1 212 555 {i:04},US\n"
        ));
    }
    import_csv(&mut case, &dir.path().join("long.csv"), &csv);
    let out = dir.path().join("packet.pdf");
    let o = PacketOptions {
        redaction: Redaction::None,
        ..only(&[Section::People, Section::Evidence])
    };
    generate(&mut case, &o, &out);
    let pages = pages_of(&out);
    let people_start = 3;
    let mut people_pages = 0;
    for n in people_start..=pages {
        let t = text(&out, n, n, "-layout");
        if t.contains("Person Number") {
            people_pages += 1;
            assert!(
                t.lines()
                    .any(|l| l.split_whitespace().take(2).collect::<Vec<_>>() == ["Person", "id"]),
                "page {n} of the people table repeats the header row"
            );
        }
    }
    assert!(
        people_pages > 5,
        "400 wrapped rows take many pages ({people_pages})"
    );
    // Every word inside the page's right margin (56 pt), whatever its length.
    let bbox = tool("pdftotext", &["-bbox", out.to_str().unwrap(), "-"]);
    for w in bbox.lines().filter(|l| l.contains("<word")) {
        let x_max: f32 = w
            .split("xMax=\"")
            .nth(1)
            .and_then(|r| r.split('"').next())
            .unwrap()
            .parse()
            .unwrap();
        assert!(
            x_max <= 595.28 - 56.0 + 0.5,
            "a word runs past the margin: {w}"
        );
    }
}

struct CancelAfter(std::sync::atomic::AtomicU32);

impl Progress for CancelAfter {
    fn update(&self, _: u64, _: u64) {
        self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    }
    fn cancelled(&self) -> bool {
        self.0.load(std::sync::atomic::Ordering::SeqCst) > 1
    }
}

/// The record commits before the file is named, so a destination that can never take the
/// file is refused before anything is written or recorded.
#[test]
fn a_packet_aimed_at_a_folder_is_refused_naming_the_field_and_records_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = scripts_case(dir.path());
    let folder = dir.path().join("packets");
    std::fs::create_dir(&folder).unwrap();
    let err = case
        .generate_packet(
            &PacketOptions::default(),
            &folder,
            common::signing_key(),
            &Silent,
        )
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Invalid, "{err}");
    assert!(
        err.to_string().contains("is a folder"),
        "it says why: {err}"
    );
    assert!(
        case.packets().unwrap().is_empty(),
        "no record of a packet that was never written"
    );
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 0);
}

#[test]
fn a_cancelled_packet_leaves_no_file_and_no_record() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = scripts_case(dir.path());
    let out = dir.path().join("packet.pdf");
    let err = case
        .generate_packet(
            &PacketOptions::default(),
            &out,
            common::signing_key(),
            &CancelAfter(0.into()),
        )
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Cancelled);
    assert!(!out.exists(), "no file is left behind");
    assert!(
        case.packets().unwrap().is_empty(),
        "and nothing is recorded"
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".partial"))
        .collect();
    assert!(leftovers.is_empty(), "no partial file either");
}

#[test]
fn bad_options_are_refused_naming_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = scripts_case(dir.path());
    let out = dir.path().join("packet.pdf");
    for (o, field) in [
        (
            PacketOptions {
                bates_prefix: "AC ME".into(),
                ..PacketOptions::default()
            },
            "bates_prefix",
        ),
        (
            PacketOptions {
                bates_start: 0,
                ..PacketOptions::default()
            },
            "bates_start",
        ),
        (
            PacketOptions {
                sections: vec![],
                ..PacketOptions::default()
            },
            "sections",
        ),
        (
            PacketOptions {
                title: " ".into(),
                ..PacketOptions::default()
            },
            "title",
        ),
    ] {
        let err = case
            .generate_packet(&o, &out, common::signing_key(), &Silent)
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Invalid, "{err}");
        assert!(err.to_string().contains(field), "{err} names {field}");
        assert!(!out.exists());
    }
}

#[test]
fn a_title_in_any_script_renders_in_headers_and_on_the_cover() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "titles");
    let title = "山田 김민준 Ωμέγα Дело";
    case.update_info(casebook::case::CaseUpdate {
        title: Some(title.into()),
        reference: Some("IR-2026-7".into()),
        ..Default::default()
    })
    .unwrap();
    let out = dir.path().join("packet.pdf");
    generate(&mut case, &only(&[Section::Summary]), &out);
    let pages = pages_of(&out);
    for n in 1..=pages {
        assert!(
            text(&out, n, n, "-layout").contains(&format!("IR-2026-7 — {title}")),
            "page {n}'s header names the case in its own script"
        );
    }
    let fonts = tool("pdffonts", &[out.to_str().unwrap()]);
    for face in ["DroidSansFallback", "NanumGothic"] {
        assert!(fonts.contains(face), "{face} is embedded for the title");
    }
}

#[test]
fn a_file_is_recognised_as_the_packet_it_is_and_an_edited_copy_as_none() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = scripts_case(dir.path());
    let out = dir.path().join("packet.pdf");
    let o = only(&[Section::Integrity]);
    let first = generate(&mut case, &o, &out);
    let copy = dir.path().join("as-sent.pdf");
    std::fs::copy(&out, &copy).unwrap();
    let again = generate(&mut case, &o, &dir.path().join("again.pdf"));

    let check = case.check_packet_file(&copy).unwrap();
    assert_eq!(check.sha256, first.sha256);
    let ids: Vec<&str> = check.matches.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(
        ids,
        [again.path.as_str(), first.path.as_str()],
        "an unchanged case regenerated gives the same file, so the copy matches both records"
    );

    let mut bytes = std::fs::read(&out).unwrap();
    let at = bytes.len() / 2;
    bytes[at] ^= 1;
    std::fs::write(&out, bytes).unwrap();
    let edited = case.check_packet_file(&out).unwrap();
    assert!(
        edited.matches.is_empty(),
        "one flipped bit makes the file at the recorded path no packet of the case"
    );
    assert_ne!(edited.sha256, first.sha256);

    let missing = case.check_packet_file(&dir.path().join("nowhere.pdf"));
    assert!(
        missing.is_err(),
        "a missing file is an error, not a mismatch"
    );
}

#[test]
fn checking_a_pipe_instead_of_a_packet_is_refused_at_once_rather_than_waiting_forever() {
    let dir = tempfile::tempdir().unwrap();
    let case = new_case(dir.path(), "acme");
    let fifo = dir.path().join("returned.pdf");
    let status = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(status.success());
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let result = case.check_packet_file(&fifo).map(|_| ());
        let _ = tx.send(result.map_err(|e| e.to_string()));
    });
    // The timeout is a guard, not a synchronisation: the answer comes at once or never.
    let result = rx
        .recv_timeout(std::time::Duration::from_secs(30))
        .expect("a FIFO with no writer must not block the check (and the case lock) forever");
    let err = result.expect_err("a pipe is not a packet");
    assert!(err.contains("not a regular file"), "{err}");
}

/// One object of a PDF as qpdf prints it, with `--filtered-stream-data` for a stream's bytes.
fn object(pdf: &Path, id: &str, stream_data: bool) -> Vec<u8> {
    let mut args = vec![format!("--show-object={id}")];
    if stream_data {
        args.push("--filtered-stream-data".into());
    }
    args.push(pdf.to_str().unwrap().into());
    let out = Command::new("qpdf")
        .args(&args)
        .output()
        .expect("qpdf runs");
    assert!(
        out.status.success(),
        "qpdf {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// The object number after `key` in a dictionary qpdf printed (`/Root 12 0 R`).
fn reference_after(dict: &[u8], key: &str) -> String {
    let text = String::from_utf8_lossy(dict);
    let rest = text
        .split_once(&format!("{key} "))
        .unwrap_or_else(|| panic!("{key} is in {text}"))
        .1
        .trim_start_matches("[ ");
    rest.split_whitespace().next().unwrap().to_string()
}

#[test]
fn the_packet_claims_pdfa_2b_with_xmp_that_repeats_its_info_and_an_srgb_output_intent() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = scripts_case(dir.path());
    let out = dir.path().join("a.pdf");
    let title = "R&D <review> — Έλεγχος";
    generate(
        &mut case,
        &PacketOptions {
            title: title.into(),
            ..only(&[Section::Summary])
        },
        &out,
    );
    let p = out.to_str().unwrap();
    let xmp = tool("pdfinfo", &["-meta", p]);
    for claim in [
        "<pdfaid:part>2</pdfaid:part>",
        "<pdfaid:conformance>B</pdfaid:conformance>",
        "R&amp;D &lt;review&gt; — Έλεγχος",
        "<pdf:Producer>Casebook</pdf:Producer>",
    ] {
        assert!(
            xmp.contains(claim),
            "the XMP metadata carries {claim}: {xmp}"
        );
    }
    let info = tool("pdfinfo", &["-isodates", p]);
    let field = |name: &str| {
        info.lines()
            .find_map(|l| l.strip_prefix(&format!("{name}:")))
            .unwrap_or_else(|| panic!("pdfinfo shows {name}: {info}"))
            .trim()
            .to_string()
    };
    assert!(
        field("Title").ends_with(title),
        "the Info title ends with the packet's, unescaped: {info}"
    );
    let created = field("CreationDate");
    let xmp_date = |tag: &str| {
        xmp.split_once(&format!("<xmp:{tag}>"))
            .and_then(|(_, r)| r.split_once('<'))
            .map(|(d, _)| d.to_string())
            .unwrap_or_else(|| panic!("the XMP has {tag}: {xmp}"))
    };
    assert_eq!(
        created.trim_end_matches('Z'),
        xmp_date("CreateDate").trim_end_matches("+00:00"),
        "PDF/A wants the Info and XMP creation dates to agree"
    );

    let root = reference_after(&object(&out, "trailer", false), "/Root");
    let catalog = object(&out, &root, false);
    let metadata = reference_after(&catalog, "/Metadata");
    assert!(
        String::from_utf8_lossy(&object(&out, &metadata, false)).contains("/Subtype /XML"),
        "the catalog's /Metadata is an XML metadata stream"
    );
    let intent_id = reference_after(&catalog, "/OutputIntents");
    let intent = object(&out, &intent_id, false);
    let intent_text = String::from_utf8_lossy(&intent);
    assert!(
        intent_text.contains("/S /GTS_PDFA1"),
        "the output intent is the PDF/A one: {intent_text}"
    );
    let profile = object(&out, &reference_after(&intent, "/DestOutputProfile"), true);
    assert_eq!(
        &profile[36..40],
        b"acsp",
        "the output profile is an ICC profile"
    );
    assert_eq!(
        &profile[16..20],
        b"RGB ",
        "for RGB pages the output intent must be an RGB profile"
    );
}

/// `n` people with distinct e-mails, numbered from `first`, as one CSV file's text.
fn people_csv(first: u32, n: u32) -> String {
    let mut csv = String::from("name,email,country\n");
    for i in first..first + n {
        csv.push_str(&format!("Person {i},p{i}@example.com,IE\n"));
    }
    csv
}

fn packet_text(case: &mut Case, o: &PacketOptions, out: &Path) -> (PacketRecord, String) {
    let rec = generate(case, o, out);
    let all = squeeze(&text(out, 1, pages_of(out), "-layout"));
    (rec, all)
}

#[test]
fn with_several_snapshots_the_packet_cites_the_newest_and_says_when_the_case_has_moved_on() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "snapshots");
    let figures = only(&[
        Section::Summary,
        Section::Tallies,
        Section::Methodology,
        Section::People,
    ]);
    import_csv(&mut case, &dir.path().join("b1.csv"), &people_csv(0, 100));
    case.take_snapshot("first count").unwrap();
    import_csv(&mut case, &dir.path().join("b2.csv"), &people_csv(100, 296));
    case.take_snapshot("second count").unwrap();

    // Two snapshots: the newest, and nothing is stale.
    let out = dir.path().join("two.pdf");
    let (rec, all) = packet_text(&mut case, &figures, &out);
    assert_eq!(
        rec.options.snapshot_id.as_deref(),
        Some("TS-0002"),
        "the packet list records the snapshot the packet cites, the newest of two"
    );
    assert!(
        all.contains(&squeeze("People affected 396")),
        "the summary states the newest snapshot's count, not the oldest's"
    );
    assert!(
        all.contains("snapshotTS-0002") && !all.contains("TS-0001"),
        "only the newest snapshot is cited"
    );
    assert!(
        !all.contains("OUTOFDATE"),
        "a snapshot that matches the case is not called out of date"
    );
    assert_eq!(
        generate(
            &mut case,
            &PacketOptions {
                snapshot_id: Some("TS-0002".into()),
                ..figures.clone()
            },
            &dir.path().join("named.pdf")
        )
        .sha256,
        generate(&mut case, &figures, &dir.path().join("again.pdf")).sha256,
        "asking for the newest snapshot by name gives the same file as the default"
    );

    // A third batch without a snapshot: the packet still cites TS-0002 and says the case now
    // holds more people, instead of printing two counts silently.
    import_csv(&mut case, &dir.path().join("b3.csv"), &people_csv(396, 4));
    let (rec, all) = packet_text(&mut case, &figures, &dir.path().join("stale.pdf"));
    assert_eq!(rec.options.snapshot_id.as_deref(), Some("TS-0002"));
    let note = "Tallies from TS-0002 (396 people), taken before batch IB-0003; the case now \
                holds 400 people (400 records).";
    assert!(
        all.contains(&squeeze(note)),
        "the packet explains why the appendix (400) and the tallies (396) differ: {note}"
    );
    assert!(all.contains(&squeeze("400 people, as of audit entry")));

    // A third snapshot is cited as soon as it exists.
    case.take_snapshot("third count").unwrap();
    let (rec, all) = packet_text(&mut case, &figures, &dir.path().join("three.pdf"));
    assert_eq!(
        rec.options.snapshot_id.as_deref(),
        Some("TS-0003"),
        "the newest of three"
    );
    assert!(all.contains(&squeeze("People affected 400")) && !all.contains("OUTOFDATE"));

    // An older snapshot chosen on purpose is cited, and called out of date.
    let oldest = PacketOptions {
        snapshot_id: Some("TS-0001".into()),
        ..figures.clone()
    };
    let (_, all) = packet_text(&mut case, &oldest, &dir.path().join("oldest.pdf"));
    assert!(all.contains(&squeeze("People affected 100")));
    assert!(
        all.contains(&squeeze(
            "Tallies from TS-0001 (100 people), taken before batches IB-0002, IB-0003; \
             the case now holds 400 people"
        )),
        "the oldest snapshot is said to predate both later batches"
    );

    // Removing a batch after the newest snapshot makes it stale in the other direction.
    case.remove_import_batch("IB-0002", "imported from the wrong export")
        .unwrap();
    let currency = case.packet_snapshot_currency(None).unwrap().unwrap();
    assert_eq!(currency.snapshot_id, "TS-0003");
    assert!(!currency.current);
    assert_eq!(currency.batches_removed, ["IB-0002"]);
    assert!(currency.batches_added.is_empty());
    assert_eq!(currency.people_now, 104);
    let (_, all) = packet_text(&mut case, &figures, &dir.path().join("removed.pdf"));
    assert!(
        all.contains(&squeeze(
            "Tallies from TS-0003 (400 people), batch IB-0002 has since been removed; the case \
             now holds 104 people"
        )),
        "a batch removed after the snapshot is named"
    );
}

#[test]
fn a_packet_asking_for_a_snapshot_that_does_not_exist_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "nosnap");
    import_csv(&mut case, &dir.path().join("b1.csv"), &people_csv(0, 3));
    case.take_snapshot("count").unwrap();
    let err = case
        .generate_packet(
            &PacketOptions {
                snapshot_id: Some("TS-0009".into()),
                ..PacketOptions::default()
            },
            &dir.path().join("p.pdf"),
            common::signing_key(),
            &Silent,
        )
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound, "{err}");
    assert!(
        !dir.path().join("p.pdf").exists(),
        "nothing is written for a packet that cannot be made"
    );
}

#[test]
fn the_bates_prefix_defaults_to_the_case_reference() {
    use casebook::packet::bates_prefix_for;
    assert_eq!(bates_prefix_for("IR-2019-0142"), "IR-2019-0142-");
    assert_eq!(bates_prefix_for(" IR 2019/0142 "), "IR-2019-0142-");
    assert_eq!(bates_prefix_for("ACME_"), "ACME_");
    assert_eq!(
        bates_prefix_for(""),
        "CASEBOOK-",
        "no reference, the generic prefix"
    );
    assert_eq!(bates_prefix_for("///"), "CASEBOOK-");
    let dir = tempfile::tempdir().unwrap();
    let case = demo(dir.path());
    assert_eq!(
        case.packet_defaults().unwrap().bates_prefix,
        "IR-2019-0142-",
        "the demo case's packets are numbered with its reference"
    );
}

#[test]
fn a_long_cover_title_wraps_inside_the_margins() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "title");
    let long = "Exfiltration of consumer support records by a contractor with administrative \
                access to the ticketing database, and their sale to phone scammers";
    case.update_info(casebook::case::CaseUpdate {
        title: Some(long.into()),
        ..Default::default()
    })
    .unwrap();
    let out = dir.path().join("p.pdf");
    generate(&mut case, &only(&[Section::Summary]), &out);
    // pdftotext -bbox gives each word's box; the page is 595 points wide (A4) and the text
    // width ends at the right margin, so no word of the title may pass it.
    let bbox = tool(
        "pdftotext",
        &["-bbox", "-f", "1", "-l", "1", out.to_str().unwrap(), "-"],
    );
    let past_margin: Vec<String> = bbox
        .lines()
        .filter(|l| l.contains("<word"))
        .filter(|l| {
            l.split("xMax=\"")
                .nth(1)
                .and_then(|x| x.split('"').next())
                .and_then(|x| x.parse::<f32>().ok())
                .is_some_and(|x| x > 540.0)
        })
        .map(String::from)
        .collect();
    assert!(
        past_margin.is_empty(),
        "every word on the cover ends inside the right margin (539 pt): {past_margin:#?}"
    );
    assert!(
        squeeze(&text(&out, 1, 1, "-raw")).contains(&squeeze(long)),
        "the whole title is on the cover"
    );
}

#[test]
fn only_recorded_packet_files_are_previewed_copied_opened_or_shown_in_their_folder() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "files");
    let out = dir.path().join("packet.pdf");
    let record = generate(&mut case, &only(&[Section::Integrity]), &out);
    let path = record.path.as_str();

    assert_eq!(
        case.packet_preview(path).unwrap(),
        std::fs::read(&out).unwrap(),
        "the preview is the file as written"
    );
    let copy = dir.path().join("to-counsel.pdf");
    assert_eq!(case.copy_packet(path, &copy).unwrap() as f64, record.bytes);
    assert_eq!(sha256_of(&copy), record.sha256, "a copy is the same bytes");
    assert_eq!(case.packet_to_open(path).unwrap(), out);
    assert_eq!(case.packet_folder(path).unwrap(), dir.path());

    let stranger = copy.to_str().unwrap();
    for refused in [
        case.packet_preview(stranger).map(drop),
        case.copy_packet(stranger, &dir.path().join("x.pdf"))
            .map(drop),
        case.packet_to_open(stranger).map(drop),
        case.packet_folder(stranger).map(drop),
    ] {
        let e = refused.expect_err("a file the case did not record as a packet is off limits");
        assert_eq!(e.kind(), ErrorKind::NotFound);
        assert!(
            e.to_string().contains("packet generated from this case"),
            "{e}"
        );
    }

    let onto_itself = case.copy_packet(path, &dir.path().join(".").join("packet.pdf"));
    match onto_itself {
        Err(casebook::Error::Invalid { field, message }) => {
            assert_eq!(field, "dest");
            assert!(message.contains("the packet itself"), "{message}");
        }
        other => panic!("copying a packet onto itself is refused, got {other:?}"),
    }
    assert_eq!(
        sha256_of(&out),
        record.sha256,
        "the refused copy left the packet whole"
    );

    // A sparse file stands in for a packet too large to hold in memory twice.
    let big = std::fs::File::create(&out).unwrap();
    big.set_len(casebook::packet::PREVIEW_LIMIT + 1).unwrap();
    match case.packet_preview(path) {
        Err(casebook::Error::Invalid { field, message }) => {
            assert_eq!(field, "packet");
            assert!(
                message.contains("open the file in a PDF reader"),
                "{message}"
            );
        }
        other => panic!(
            "a packet over the preview limit is refused, got {:?}",
            other.map(|b| b.len())
        ),
    }

    std::fs::remove_file(&out).unwrap();
    let gone = case.packet_to_open(path).unwrap_err();
    assert_eq!(gone.kind(), ErrorKind::NotFound);
    assert!(gone.to_string().contains("at its recorded path"), "{gone}");
}

#[test]
fn the_packets_vocabularies_come_with_every_other_in_one_answer() {
    let all = casebook::vocabularies::vocabularies();
    let sections: Vec<Section> = all.section.iter().map(|t| t.code).collect();
    assert_eq!(sections, Section::ALL);
    assert_eq!(all.section[0].label, Section::Summary.label());
    let redactions: Vec<Redaction> = all.redaction.iter().map(|t| t.code).collect();
    assert_eq!(redactions, Redaction::ALL);
    assert!(
        !all.status.is_empty() && !all.channel.is_empty(),
        "the domains' vocabularies are there too"
    );
}
