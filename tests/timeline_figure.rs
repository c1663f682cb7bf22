//! The timeline figure (the data the app's visual timeline and the packet's drawing share),
//! against real case folders: key dates become markers and the access window a band that
//! follows its dates when they change; delays are bands, open until lifted; deadlines from
//! legal process and follow-ups fall where they are due and leave the lanes; harm reports are
//! counted per UTC day; the packet's timeline section draws the figure, read back from the PDF.

mod common;

use casebook::dates::{KeyDateInput, KeyDateKind, Precision};
use casebook::harm::{HarmChannel, HarmInput, HarmKind, ReporterKind};
use casebook::packet::{PacketOptions, Section};
use casebook::progress::Silent;
use casebook::referral::process::{DelayInput, LegalProcessInput, LegalProcessKind};
use casebook::referral::{FollowUpInput, ReferralInput};
use casebook::timeline::{BandKind, Category, DeadlineKind, EventInput};
use casebook::Case;
use common::*;
use std::path::Path;
use std::process::Command;

fn key_date(case: &mut Case, kind: KeyDateKind, when: &str) {
    case.set_key_date(KeyDateInput {
        kind,
        when: when.into(),
        tz: "UTC".into(),
        precision: Some(Precision::Exact),
        basis: Some("proxy log".into()),
    })
    .expect("a key date is recorded");
}

fn event(case: &mut Case, when: &str, title: &str, category: Category) {
    case.add_event(EventInput {
        when: when.into(),
        tz: "UTC".into(),
        title: title.into(),
        detail: None,
        source: None,
        category,
        linked_type: None,
        linked_id: None,
    })
    .expect("an event is recorded");
}

fn harm(case: &mut Case, when: &str) {
    case.add_harm_report(HarmInput {
        when: when.into(),
        tz: "UTC".into(),
        channel: HarmChannel::PhoneCall,
        kind: HarmKind::ScamCall,
        source: ReporterKind::Customer,
        ..Default::default()
    })
    .expect("a harm report is recorded");
}

fn referral(case: &mut Case) -> String {
    case.add_referral(ReferralInput {
        agency: "National Cyber Crime Unit".into(),
        when: Some("2019-10-31 09:00".into()),
        tz: Some("UTC".into()),
        ..Default::default()
    })
    .expect("a referral is recorded")
    .id
}

#[test]
fn key_dates_become_markers_and_the_access_window_a_band_that_follows_them() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "markers");
    let empty = case.timeline_figure().unwrap();
    assert!(
        empty.markers.is_empty() && empty.bands.is_empty() && empty.from.is_none(),
        "an empty case draws nothing and has no extent"
    );

    key_date(
        &mut case,
        KeyDateKind::FirstUnauthorizedAccess,
        "2019-03-12 08:00",
    );
    key_date(&mut case, KeyDateKind::Discovery, "2019-10-17 09:30");
    let one_end = case.timeline_figure().unwrap();
    assert_eq!(one_end.markers.len(), 2, "each key date is a marker");
    assert!(
        one_end.bands.is_empty(),
        "no access window until both its ends are known"
    );

    key_date(
        &mut case,
        KeyDateKind::LastUnauthorizedAccess,
        "2019-07-18 23:10",
    );
    let figure = case.timeline_figure().unwrap();
    let kinds: Vec<KeyDateKind> = figure.markers.iter().map(|m| m.kind).collect();
    assert_eq!(
        kinds,
        [
            KeyDateKind::FirstUnauthorizedAccess,
            KeyDateKind::LastUnauthorizedAccess,
            KeyDateKind::Discovery
        ],
        "markers run oldest first"
    );
    let window: Vec<_> = figure
        .bands
        .iter()
        .filter(|b| b.kind == BandKind::AccessWindow)
        .collect();
    assert_eq!(window.len(), 1, "one access window");
    assert_eq!(
        (window[0].from.as_str(), window[0].to.as_deref()),
        ("2019-03-12T08:00:00Z", Some("2019-07-18T23:10:00Z")),
        "the window runs from the first to the last unauthorized access"
    );
    assert!(
        figure.events.iter().all(|e| e.linked_type != "key_date"),
        "a key date is drawn once, as a marker, not again in a lane"
    );
    assert_eq!(
        (figure.from.as_deref(), figure.to.as_deref()),
        (Some("2019-03-12T08:00:00Z"), Some("2019-10-17T09:30:00Z")),
        "the extent spans every dated thing"
    );

    key_date(
        &mut case,
        KeyDateKind::LastUnauthorizedAccess,
        "2019-08-02 12:00",
    );
    let moved = case.timeline_figure().unwrap();
    assert_eq!(
        moved.bands[0].to.as_deref(),
        Some("2019-08-02T12:00:00Z"),
        "a superseded last access moves the band's end with it"
    );
}

#[test]
fn the_figure_opens_on_the_incident_and_an_event_years_later_only_widens_the_extent() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "focus");
    event(&mut case, "2019-10-20 10:00", "HR interview", Category::Hr);
    let events_only = case.timeline_figure().unwrap();
    assert_eq!(
        (
            events_only.focus_from.as_deref(),
            events_only.focus_to.as_deref()
        ),
        (Some("2019-10-20T10:00:00Z"), Some("2019-10-20T10:00:00Z")),
        "with nothing but events the figure opens on all of them"
    );
    key_date(
        &mut case,
        KeyDateKind::FirstUnauthorizedAccess,
        "2019-03-12 08:00",
    );
    key_date(&mut case, KeyDateKind::Discovery, "2019-10-17 09:30");
    event(
        &mut case,
        "2026-12-01 09:00",
        "Laptop re-imaged for reuse",
        Category::Evidence,
    );
    let figure = case.timeline_figure().unwrap();
    assert_eq!(
        (figure.focus_from.as_deref(), figure.focus_to.as_deref()),
        (Some("2019-03-12T08:00:00Z"), Some("2019-10-17T09:30:00Z")),
        "the incident is what the key dates span, not an event years later"
    );
    assert_eq!(
        figure.to.as_deref(),
        Some("2026-12-01T09:00:00Z"),
        "the extent still reaches every event"
    );
}

#[test]
fn events_sit_in_lanes_per_category_in_the_vocabularys_order() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "lanes");
    event(&mut case, "2019-10-20 10:00", "HR interview", Category::Hr);
    event(
        &mut case,
        "2019-10-18 16:00",
        "Badge disabled",
        Category::Containment,
    );
    event(
        &mut case,
        "2019-10-19 11:00",
        "Laptop imaged",
        Category::Containment,
    );
    let figure = case.timeline_figure().unwrap();
    assert_eq!(
        figure.lanes,
        [Category::Containment, Category::Hr],
        "only categories with events get a lane, in the vocabulary's order"
    );
    let titles: Vec<&str> = figure.events.iter().map(|e| e.title.as_str()).collect();
    assert_eq!(
        titles,
        ["Badge disabled", "Laptop imaged", "HR interview"],
        "events run oldest first, whatever order they were recorded in"
    );
}

#[test]
fn delays_are_bands_and_deadlines_fall_where_they_are_due() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "deadlines");
    let le = referral(&mut case);
    let open = case
        .add_delay_request(DelayInput {
            referral_id: le.clone(),
            requested_on: None,
            from: "2019-11-01".into(),
            until: None,
            jurisdictions: vec!["US-CA".into()],
            written_copy: None,
            review_on: None,
        })
        .unwrap()
        .id;
    case.add_delay_request(DelayInput {
        referral_id: le.clone(),
        requested_on: None,
        from: "2019-11-05".into(),
        until: Some("2019-12-05".into()),
        jurisdictions: vec!["US-NY".into(), "US-TX".into()],
        written_copy: None,
        review_on: None,
    })
    .unwrap();
    case.add_legal_process(LegalProcessInput {
        referral_id: le.clone(),
        kind: LegalProcessKind::Subpoena,
        received: "2019-11-10".into(),
        due: Some("2019-11-24".into()),
        scope: "proxy logs".into(),
        response: None,
        counsel: None,
    })
    .unwrap();
    case.add_follow_up(FollowUpInput {
        referral_id: le.clone(),
        on: Some("2019-11-12".into()),
        note: "called the detective".into(),
        next_action: Some("send the imaging report".into()),
        due: Some("2019-11-19".into()),
    })
    .unwrap();

    let figure = case.timeline_figure().unwrap();
    let delays: Vec<(&str, Option<&str>)> = figure
        .bands
        .iter()
        .filter(|b| b.kind == BandKind::Delay)
        .map(|b| (b.from.as_str(), b.to.as_deref()))
        .collect();
    assert_eq!(
        delays,
        [
            ("2019-11-01T00:00:00Z", None),
            ("2019-11-05T00:00:00Z", Some("2019-12-05T00:00:00Z"))
        ],
        "a delay is a band from its first day; one with no end stays open"
    );
    let deadlines: Vec<(DeadlineKind, &str)> = figure
        .deadlines
        .iter()
        .map(|d| (d.kind, d.at.as_str()))
        .collect();
    assert_eq!(
        deadlines,
        [
            (DeadlineKind::FollowUp, "2019-11-19T00:00:00Z"),
            (DeadlineKind::LegalProcess, "2019-11-24T00:00:00Z")
        ],
        "each due date is a deadline where it falls, oldest first"
    );
    assert!(
        figure
            .events
            .iter()
            .all(|e| !e.id.ends_with(":due") && !e.id.starts_with("delay:")),
        "deadlines and delays are not drawn a second time in a lane"
    );
    assert!(
        figure
            .events
            .iter()
            .any(|e| e.id.starts_with("legal_process:")),
        "the receipt of legal process stays an event"
    );

    case.lift_delay(&open, "2019-11-20").unwrap();
    let lifted = case.timeline_figure().unwrap();
    assert_eq!(
        lifted
            .bands
            .iter()
            .find(|b| b.kind == BandKind::Delay)
            .unwrap()
            .to
            .as_deref(),
        Some("2019-11-20T00:00:00Z"),
        "a lifted delay's band ends the day it was lifted"
    );
    assert_eq!(
        lifted.to.as_deref(),
        Some("2019-12-05T00:00:00Z"),
        "the extent reaches the last band's end"
    );
}

#[test]
fn harm_reports_are_counted_per_utc_day() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "harm");
    harm(&mut case, "2019-08-03 14:05");
    harm(&mut case, "2019-08-03 23:59");
    harm(&mut case, "2019-08-01 09:00");
    let first = case.timeline_figure().unwrap();
    let counts: Vec<(&str, u32)> = first
        .harm_per_day
        .iter()
        .map(|d| (d.day.as_str(), d.count))
        .collect();
    assert_eq!(
        counts,
        [("2019-08-01", 1), ("2019-08-03", 2)],
        "one count per day with reports, oldest first"
    );
    harm(&mut case, "2019-08-04 00:00");
    harm(&mut case, "2019-08-01 17:30");
    let second = case.timeline_figure().unwrap();
    let counts: Vec<(&str, u32)> = second
        .harm_per_day
        .iter()
        .map(|d| (d.day.as_str(), d.count))
        .collect();
    assert_eq!(
        counts,
        [("2019-08-01", 2), ("2019-08-03", 2), ("2019-08-04", 1)],
        "a second batch of reports adds to its days"
    );
}

fn pdftotext(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-layout", pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler) must be installed; scripts/setup installs it");
    assert!(out.status.success(), "pdftotext reads the packet");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_packets_timeline_section_draws_the_figure_with_its_labels() {
    let dir = tempfile::tempdir().unwrap();
    let mut case = new_case(dir.path(), "packet");
    key_date(
        &mut case,
        KeyDateKind::FirstUnauthorizedAccess,
        "2019-03-12 08:00",
    );
    key_date(
        &mut case,
        KeyDateKind::LastUnauthorizedAccess,
        "2019-07-18 23:10",
    );
    key_date(&mut case, KeyDateKind::Discovery, "2019-10-17 09:30");
    event(
        &mut case,
        "2019-10-18 16:00",
        "Badge disabled",
        Category::Containment,
    );
    event(&mut case, "2019-10-20 10:00", "HR interview", Category::Hr);
    harm(&mut case, "2019-08-03 14:05");
    event(
        &mut case,
        "2026-12-01 09:00",
        "Laptop re-imaged for reuse",
        Category::Evidence,
    );
    let pdf = dir.path().join("packet.pdf");
    let packet = case
        .generate_packet(
            &PacketOptions {
                sections: vec![Section::Timeline],
                ..Default::default()
            },
            &pdf,
            signing_key(),
            &Silent,
        )
        .expect("a packet with the timeline section is written");
    let text = pdftotext(&pdf);
    for label in [
        "Timeline at a glance",
        "Access window",
        "Containment",
        "HR",
        "Harm reports",
        "2019",
        "1 event outside the dates shown",
    ] {
        assert!(
            text.contains(label),
            "the figure's label {label:?} is on the page; text was:\n{text}"
        );
    }
    assert!(
        text.find("Timeline at a glance") < text.find("Badge disabled"),
        "the figure comes before the event table"
    );
    // The section's first page as an image, for people to look at the figure.
    let shot = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("timeline-figure");
    let drawn = Command::new("pdftoppm")
        .args(["-r", "110", "-png", "-f", "3", "-l", "3", "-singlefile"])
        .arg(&pdf)
        .arg(&shot)
        .status()
        .expect("pdftoppm (poppler) must be installed");
    assert!(drawn.success(), "the page with the figure renders");
    assert!(
        (2..=6).contains(&packet.pages),
        "cover, contents and a section of a page or two, not {} pages",
        packet.pages
    );
}
