//! The statement linter: what blocks approval (a typed figure, a release set that disagrees,
//! content a jurisdiction forbids or requires and is missing, a token that does not resolve)
//! and what only warns (a ratio without its count, a snapshot that is not the latest, the
//! subject named). Pure: the caller gathers the statement, its release set and the rules.

use super::tokens::{Rendered, Resolved};
use serde::{Deserialize, Serialize};
use specta::Type;
use std::collections::BTreeMap;

/// Whether a finding stops approval.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum FindingSeverity {
    Blocks,
    Warns,
}

/// One thing the linter found, where, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Finding {
    pub severity: FindingSeverity,
    /// Stable code of the check: `typed_figure`, `release_set_value`, `release_set_snapshot`,
    /// `prohibited_content`, `missing_content`, `token`, `ratio`, `stale_snapshot`,
    /// `subject_named`.
    pub check: String,
    /// The statement the finding is about (`ST-0001`).
    pub statement: String,
    /// 1-based line of the body, when the finding has one.
    pub line: Option<u32>,
    pub message: String,
    pub fix: String,
}

/// The statement being linted, as drafted.
pub struct Draft<'a> {
    pub id: &'a str,
    pub body: &'a str,
    pub rendered: &'a Rendered,
    pub snapshot_id: &'a str,
}

/// Another statement of the same release set, as it renders now.
pub struct Sibling<'a> {
    pub id: &'a str,
    pub snapshot_id: &'a str,
    pub figures: &'a [Resolved],
}

/// What one notification rule asks of a notice's content (from the adopted rule set).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentRule {
    pub rule: String,
    pub jurisdiction: String,
    pub citation: String,
    pub required: Vec<String>,
    pub prohibited: Vec<String>,
}

/// Everything around the statement the checks compare it with.
#[derive(Default)]
pub struct Context<'a> {
    pub siblings: Vec<Sibling<'a>>,
    /// The rules for the statement's jurisdictions and recipient (individuals for a customer
    /// notice, the regulator for a regulator notice); empty for other kinds.
    pub content_rules: Vec<ContentRule>,
    pub latest_snapshot: Option<&'a str>,
    /// The subject's name as recorded: statements should not name the employee.
    pub subject_name: Option<&'a str>,
}

/// Content keys no text check can settle (plain language, the AG's sample form, a reason
/// for lateness that applies only when late): counsel judges them, the linter does not.
const UNCHECKED: &[&str] = &[
    "plain_language",
    "sample_notice",
    "late_reason",
    "notified_so_far",
    "id_theft_services",
    "le_investigation",
];

/// The California headings (domain.md §6.1), each with the content key it carries.
pub const HEADINGS: &[(&str, &str)] = &[
    ("What Happened", "nature_of_breach"),
    ("What Information Was Involved", "pi_types"),
    ("What We Are Doing", "measures"),
    ("What You Can Do", "recommended_steps"),
    ("For More Information", "contact"),
];

/// The title California requires.
pub const NOTICE_TITLE: &str = "Notice of Data Breach";

/// Words that make a number a count of people or records.
const COUNTED: &[&str] = &[
    "people",
    "persons",
    "person",
    "individuals",
    "individual",
    "customers",
    "customer",
    "users",
    "user",
    "accounts",
    "account",
    "records",
    "record",
    "residents",
    "resident",
    "consumers",
    "consumer",
    "clients",
    "client",
    "members",
    "subscribers",
    "patients",
    "employees",
    "citizens",
];

const SCALES: &[&str] = &["thousand", "million", "billion", "hundred"];

/// Runs every check on one statement.
pub fn lint(d: &Draft, cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut find = |severity: FindingSeverity, check: &str, line, message: String, fix: String| {
        out.push(Finding {
            severity,
            check: check.to_string(),
            statement: d.id.to_string(),
            line,
            message,
            fix,
        })
    };
    for p in &d.rendered.problems {
        find(
            FindingSeverity::Blocks,
            "token",
            Some(p.line),
            format!("{} does not resolve: {}", p.token, p.message),
            "correct the token or remove it".into(),
        );
    }
    let prose = without_tokens_and_markers(d.body);
    let mut typed_lines = std::collections::BTreeSet::new();
    for (line, text) in prose.lines().enumerate() {
        let n = line as u32 + 1;
        let line = Some(n);
        for typed in typed_figures(text) {
            typed_lines.insert(n);
            find(
                FindingSeverity::Blocks,
                "typed_figure",
                line,
                format!("\"{typed}\" is a typed figure"),
                "write it as a token that resolves against the snapshot, e.g. {{people}} or \
                 {{people|approx:1000}}, so every statement says the same number"
                    .into(),
            );
        }
    }
    for (line, text) in d.rendered.text.lines().enumerate() {
        let n = line as u32 + 1;
        let has_ratio = has_ratio(text);
        let has_count = d
            .rendered
            .figures
            .iter()
            .any(|f| f.line == n && f.number.is_some());
        // A typed share already blocks: the warning would only repeat it.
        if has_ratio && !has_count && !typed_lines.contains(&n) {
            find(
                FindingSeverity::Warns,
                "ratio",
                Some(n),
                "a ratio without its absolute number (\"less than 1% of 12 million\" hides \
                 how many people)"
                    .into(),
                "give the count beside it, e.g. {{people}}".into(),
            );
        }
    }
    for s in &cx.siblings {
        if s.snapshot_id != d.snapshot_id {
            find(
                FindingSeverity::Blocks,
                "release_set_snapshot",
                None,
                format!(
                    "{} cites {} and {} cites {}: a release set speaks from one snapshot",
                    d.id, d.snapshot_id, s.id, s.snapshot_id
                ),
                format!(
                    "bind both to the same snapshot (the latest, or {})",
                    d.snapshot_id
                ),
            );
        }
        let theirs: BTreeMap<&str, &str> = s
            .figures
            .iter()
            .map(|f| (f.key.as_str(), f.value.as_str()))
            .collect();
        let mut told = std::collections::BTreeSet::new();
        for f in &d.rendered.figures {
            match theirs.get(f.key.as_str()) {
                Some(v) if *v != f.value && told.insert(f.key.as_str()) => find(
                    FindingSeverity::Blocks,
                    "release_set_value",
                    Some(f.line),
                    format!(
                        "{} says \"{}\" for {} where {} says \"{}\"",
                        d.id, f.value, f.key, s.id, v
                    ),
                    format!(
                        "use the same form of the figure in every statement of the set (e.g. \
                         {} in both)",
                        f.token
                    ),
                ),
                _ => {}
            }
        }
    }
    let covered = covered(d.body, d.rendered);
    let mut prohibited_told = std::collections::BTreeSet::new();
    let mut required_told = std::collections::BTreeSet::new();
    for r in &cx.content_rules {
        for key in &r.prohibited {
            if let Some(line) = covered.get(key.as_str()) {
                if prohibited_told.insert((r.jurisdiction.clone(), key.clone())) {
                    find(
                        FindingSeverity::Blocks,
                        "prohibited_content",
                        *line,
                        format!(
                            "{} ({}) forbids {} in this notice",
                            r.jurisdiction,
                            r.citation,
                            content_label(key)
                        ),
                        format!(
                            "remove it from the {} notice (a separate notice for {} keeps it \
                             out of the others)",
                            r.jurisdiction, r.jurisdiction
                        ),
                    );
                }
            }
        }
        for key in &r.required {
            if UNCHECKED.contains(&key.as_str()) || covered.contains_key(key.as_str()) {
                continue;
            }
            if required_told.insert((r.jurisdiction.clone(), key.clone())) {
                find(
                    FindingSeverity::Blocks,
                    "missing_content",
                    None,
                    format!(
                        "{} ({}) requires {}",
                        r.jurisdiction,
                        r.citation,
                        content_label(key)
                    ),
                    how_to_cover(key),
                );
            }
        }
    }
    if let Some(latest) = cx.latest_snapshot {
        if latest != d.snapshot_id {
            find(
                FindingSeverity::Warns,
                "stale_snapshot",
                None,
                format!(
                    "its figures come from {} but {} is the latest snapshot",
                    d.snapshot_id, latest
                ),
                format!("rebind it to {latest} if the newer figures should be said"),
            );
        }
    }
    if let Some(name) = cx.subject_name.map(str::trim).filter(|n| !n.is_empty()) {
        let text = d.rendered.text.to_lowercase();
        let surname = name.split_whitespace().last().unwrap_or(name);
        let hit = d.rendered.text.lines().position(|l| {
            let l = l.to_lowercase();
            l.contains(&name.to_lowercase())
                || (surname.len() >= 3 && word_in(&l, &surname.to_lowercase()))
        });
        if let Some(i) = hit.filter(|_| !text.is_empty()) {
            find(
                FindingSeverity::Warns,
                "subject_named",
                Some(i as u32 + 1),
                "the statement names the subject employee".into(),
                "say \"a former employee\"; counsel decides how much of the insider to describe"
                    .into(),
            );
        }
    }
    out.sort_by_key(|f| (f.severity, f.line.unwrap_or(0)));
    out
}

/// Content keys a statement covers, each with the first line that covers it (`None` when it
/// comes from the whole: the five headings together). Covered by: the California headings and
/// title, tokens (a count, the dates of the breach, the elements, the delay sentence), and
/// markers `<!-- covers: cra_contacts, ftc_contacts -->` that library blocks carry and a
/// writer may add by hand.
pub fn covered(body: &str, rendered: &Rendered) -> BTreeMap<&'static str, Option<u32>> {
    let mut out: BTreeMap<&'static str, Option<u32>> = BTreeMap::new();
    let mut put = |key: &'static str, line: Option<u32>| {
        out.entry(key).or_insert(line);
    };
    let mut headings = 0;
    let mut first_heading = true;
    for (i, raw) in body.lines().enumerate() {
        let n = Some(i as u32 + 1);
        let line = raw.trim();
        if let Some(h) = line.strip_prefix('#') {
            let h = h.trim_start_matches('#').trim();
            if first_heading && h.eq_ignore_ascii_case(NOTICE_TITLE) {
                put("title", n);
            }
            first_heading = false;
            for (heading, key) in HEADINGS {
                if h.eq_ignore_ascii_case(heading) {
                    headings += 1;
                    put(static_key(key), n);
                    if *key == "nature_of_breach" {
                        put("description", n);
                    }
                }
            }
        }
        for marker in line.split("<!--").skip(1) {
            let Some(rest) = marker.trim().strip_prefix("covers:") else {
                continue;
            };
            let rest = rest.split("-->").next().unwrap_or_default();
            for key in rest.split(',') {
                if let Some(k) = crate::obligations::rules::CONTENT_KEYS
                    .iter()
                    .find(|k| **k == key.trim())
                {
                    put(k, n);
                }
            }
        }
    }
    if headings == HEADINGS.len() {
        put("headings", None);
    }
    for f in &rendered.figures {
        let key = f.key.as_str();
        let n = Some(f.line);
        if f.number.is_some() {
            put("count", n);
        }
        match key {
            "date_range" | "date:first_unauthorized_access" | "date:last_unauthorized_access" => {
                put("date_range", n)
            }
            "elements" => put("pi_types", n),
            "le_delay" => put("le_delay_statement", n),
            _ => {}
        }
    }
    out
}

fn static_key(key: &str) -> &'static str {
    crate::obligations::rules::CONTENT_KEYS
        .iter()
        .find(|k| **k == key)
        .copied()
        .unwrap_or("description")
}

/// How a finding names a content key.
pub fn content_label(key: &str) -> String {
    match key {
        "title" => format!("the title \"{NOTICE_TITLE}\""),
        "headings" => "the five headings (What Happened … For More Information)".into(),
        "nature_of_breach" => "the nature of the breach".into(),
        "count" => "the number of people affected".into(),
        "date_range" => "the date or date range of the breach".into(),
        "pi_types" => "the types of personal information involved".into(),
        "le_delay_statement" => "whether notice was delayed by law enforcement".into(),
        "cra_contacts" => "the credit bureaus' contact details".into(),
        "ftc_contacts" => "the FTC's contact details".into(),
        "fraud_alert_freeze" => "how to place a fraud alert or security freeze".into(),
        "police_report_right" => "the right to obtain a police report".into(),
        "recommended_steps" => "what people can do to protect themselves".into(),
        "measures" => "what the company is doing".into(),
        "contact" => "how to contact the company".into(),
        "change_password" => "advice to change passwords".into(),
        other => other.replace('_', " "),
    }
}

fn how_to_cover(key: &str) -> String {
    match key {
        "count" => "add the count as a token, e.g. {{state:CA}} or {{people}}".into(),
        "date_range" => "add {{date_range}} (or the first and last access dates)".into(),
        "pi_types" => "add {{elements}} under \"What Information Was Involved\"".into(),
        "le_delay_statement" => {
            "add {{le_delay}}: it says whether a law-enforcement delay applied".into()
        }
        "title" => format!("make the first heading \"# {NOTICE_TITLE}\""),
        "headings" => format!(
            "use the headings {}",
            HEADINGS
                .iter()
                .map(|(h, _)| *h)
                .collect::<Vec<_>>()
                .join(", ")
        ),
        k => format!(
            "insert the library block that covers it, or mark the paragraph that does with \
             <!-- covers: {k} -->"
        ),
    }
}

/// The body as prose: tokens and HTML comments blanked (kept as spaces so lines stay put).
fn without_tokens_and_markers(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    for line in body.lines() {
        let mut rest = line;
        loop {
            let open = [rest.find("{{"), rest.find("<!--")]
                .into_iter()
                .flatten()
                .min();
            let Some(start) = open else {
                out.push_str(rest);
                break;
            };
            out.push_str(&rest[..start]);
            let close = if rest[start..].starts_with("{{") {
                "}}"
            } else {
                "-->"
            };
            match rest[start..].find(close) {
                Some(end) => {
                    out.push(' ');
                    rest = &rest[start + end + close.len()..];
                }
                None => break,
            }
        }
        out.push('\n');
    }
    out
}

/// Numbers in a line of prose that read as a count of people or records, or a share of them:
/// "68,000 customers", "approximately 70,000 people", "1.2 million records", "5% of users".
pub fn typed_figures(line: &str) -> Vec<String> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let clean = |w: &str| {
        w.trim_matches(|c: char| !c.is_alphanumeric() && c != '%')
            .to_lowercase()
    };
    let mut out = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let word = clean(w);
        if !is_number(&word) {
            continue;
        }
        let mut end = i;
        let mut counted = false;
        for (j, next) in words.iter().enumerate().skip(i + 1).take(4) {
            let next = clean(next);
            if COUNTED.contains(&next.as_str()) {
                counted = true;
                end = j;
                break;
            }
            if !(SCALES.contains(&next.as_str())
                || matches!(
                    next.as_str(),
                    "of" | "our"
                        | "its"
                        | "their"
                        | "the"
                        | "affected"
                        | "impacted"
                        | "us"
                        | "uk"
                        | "eu"
                ))
            {
                break;
            }
        }
        if counted {
            out.push(
                words[i..=end]
                    .join(" ")
                    .trim_matches(|c: char| c.is_ascii_punctuation() && c != '%')
                    .to_string(),
            );
        }
    }
    out
}

/// A written number: `68,000`, `68000`, `1.2`, `68k`, `5%`; not a year (1900–2100 alone).
fn is_number(w: &str) -> bool {
    let w = w.trim_end_matches('%');
    let w = w
        .strip_suffix('k')
        .or_else(|| w.strip_suffix('m'))
        .unwrap_or(w);
    if w.is_empty()
        || !w
            .chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
    {
        return false;
    }
    if !w.starts_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    let year = w.len() == 4
        && w.chars().all(|c| c.is_ascii_digit())
        && (1900..=2100).contains(&w.parse::<u32>().unwrap_or(0));
    !year
}

/// A share: `1%`, `3 percent`, `one in ten`.
fn has_ratio(line: &str) -> bool {
    let lower = line.to_lowercase();
    lower.split_whitespace().any(|w| {
        w.trim_matches(|c: char| c.is_ascii_punctuation() && c != '%')
            .ends_with('%')
    }) || lower.contains(" percent")
        || lower.contains(" per cent")
        || lower.contains(" in every ")
}

fn word_in(line: &str, word: &str) -> bool {
    line.split(|c: char| !c.is_alphanumeric())
        .any(|w| w == word)
}
