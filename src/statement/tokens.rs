//! Figure tokens in statement bodies — `{{people}}`, `{{state:CA}}`, `{{date:discovery}}`,
//! `{{people|approx:1000}}` — and rendering a body with them resolved against one snapshot's
//! [`Figures`]. Every number a statement prints is a reference to the snapshot, so two
//! statements citing one snapshot say the same number, and a new snapshot shows which must be
//! reissued. Pure: the figures are gathered by the caller.

use crate::affected::places;
use crate::util::text::group_digits as group;
use serde::Serialize;
use specta::Type;
use std::collections::BTreeMap;

/// What the tokens of one statement resolve against: counts from a snapshot, the case's key
/// dates and harm tally, and the sentences that depend on the statement's jurisdictions.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Figures {
    pub snapshot_id: String,
    /// `people`, `records`, `minors`, `country:US`, `state:CA`, `province:ON`,
    /// `element:phone`, `harm:reports`… Places and elements absent from the snapshot count 0.
    pub counts: BTreeMap<String, u32>,
    /// `date:discovery` → `18 October 2019` (as precise as the key date is).
    pub dates: BTreeMap<String, String>,
    /// `elements`, `date_range`, `le_delay`: phrases built from the case.
    pub phrases: BTreeMap<String, String>,
    /// Element codes a token may name: the fixed vocabulary and the case's custom elements.
    pub element_codes: Vec<String>,
    /// Whether harm reports are recorded: `harm:` tokens are refused until they are.
    pub harm_recorded: bool,
}

/// How a count is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// `68,123`
    Exact,
    /// `68,000`: the nearest multiple.
    Round(u32),
    /// `approximately 68,000`
    Approx(u32),
}

/// One token as it resolved: what was printed in its place, and the count behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct Resolved {
    /// 1-based line of the body.
    pub line: u32,
    /// The token as written, braces included.
    pub token: String,
    /// `people`, `state:CA`, `date:discovery`…: what two statements compare.
    pub key: String,
    /// The words printed.
    pub value: String,
    /// The number printed, for counts (after rounding).
    pub number: Option<u32>,
}

/// A token that could not be resolved; it stays in the text as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct TokenProblem {
    pub line: u32,
    pub token: String,
    pub message: String,
}

/// A body with its tokens replaced.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Type)]
pub struct Rendered {
    pub text: String,
    pub figures: Vec<Resolved>,
    pub problems: Vec<TokenProblem>,
}

/// Harm-tally figures a token may name.
pub const HARM_KEYS: &[&str] = &[
    "reports",
    "matched",
    "unmatched",
    "quoting",
    "with_loss",
    "police",
];

/// Phrases a token may name.
pub const PHRASES: &[&str] = &["elements", "date_range", "le_delay"];

/// A token found in a body, before resolution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub line: u32,
    /// Byte range of `{{…}}` in the line.
    pub start: usize,
    pub end: usize,
    pub inner: String,
}

/// The tokens of a body, line by line. An opening `{{` without its `}}` on the same line is
/// returned too (its `end` is the line's end), so the renderer can report it.
pub fn scan(body: &str) -> Vec<Token> {
    let mut out = Vec::new();
    for (i, line) in body.lines().enumerate() {
        let mut from = 0;
        while let Some(open) = line[from..].find("{{") {
            let start = from + open;
            match line[start + 2..].find("}}") {
                Some(close) => {
                    let end = start + 2 + close + 2;
                    out.push(Token {
                        line: i as u32 + 1,
                        start,
                        end,
                        inner: line[start + 2..end - 2].trim().to_string(),
                    });
                    from = end;
                }
                None => {
                    out.push(Token {
                        line: i as u32 + 1,
                        start,
                        end: line.len(),
                        inner: String::new(),
                    });
                    break;
                }
            }
        }
    }
    out
}

/// The body with every token replaced by its value; unresolvable tokens stay as written and
/// are listed with what to do.
pub fn render(body: &str, figures: &Figures) -> Rendered {
    let tokens = scan(body);
    let mut out = Rendered::default();
    let mut next = tokens.iter().peekable();
    for (i, line) in body.lines().enumerate() {
        let n = i as u32 + 1;
        let mut at = 0;
        while let Some(t) = next.next_if(|t| t.line == n) {
            out.text.push_str(&line[at..t.start]);
            let written = &line[t.start..t.end];
            match resolve(t, written, figures) {
                Ok(r) => {
                    out.text.push_str(&r.value);
                    out.figures.push(r);
                }
                Err(message) => {
                    out.text.push_str(written);
                    out.problems.push(TokenProblem {
                        line: n,
                        token: written.to_string(),
                        message,
                    });
                }
            }
            at = t.end;
        }
        out.text.push_str(&line[at..]);
        out.text.push('\n');
    }
    if !body.ends_with('\n') {
        out.text.pop();
    }
    out
}

fn resolve(t: &Token, written: &str, figures: &Figures) -> Result<Resolved, String> {
    if !written.ends_with("}}") || written.len() < 4 {
        return Err("a token opened with {{ is not closed with }} on the same line".into());
    }
    let mut parts = t.inner.split('|').map(str::trim);
    let key = normal_key(parts.next().unwrap_or_default(), figures)?;
    let mut form = Form::Exact;
    for filter in parts {
        let (name, arg) = filter.split_once(':').unwrap_or((filter, ""));
        let step = || -> Result<u32, String> {
            match arg.trim().replace([',', '_'], "").parse::<u32>() {
                Ok(n) if n >= 1 => Ok(n),
                _ => Err(format!(
                    "{name} needs a whole number to round to, e.g. {name}:1000"
                )),
            }
        };
        form = match name.trim() {
            "approx" => Form::Approx(step()?),
            "round" => Form::Round(step()?),
            other => {
                return Err(format!(
                    "unknown form {other:?}: use approx:N (\"approximately 68,000\") or round:N"
                ))
            }
        };
    }
    let resolved = |value: String, number: Option<u32>| Resolved {
        line: t.line,
        token: written.to_string(),
        key: key.clone(),
        value,
        number,
    };
    if let Some(text) = figures.dates.get(&key).or(figures.phrases.get(&key)) {
        if form != Form::Exact {
            return Err(format!("{key} is not a number: it cannot be rounded"));
        }
        return Ok(resolved(text.clone(), None));
    }
    if let Some(kind) = key.strip_prefix("date:") {
        return Err(format!(
            "the {} key date is not set: set it on the Overview, or remove the token",
            kind.replace('_', " ")
        ));
    }
    if PHRASES.contains(&key.as_str()) {
        return Err(match key.as_str() {
            "date_range" => {
                "the first and last unauthorised access dates are not set: set them on the \
                 Overview"
                    .into()
            }
            "elements" => "the snapshot records no exposed data elements".into(),
            _ => format!("{key} cannot be said from this case yet"),
        });
    }
    let count = figures.counts.get(&key).copied().unwrap_or(0);
    let (value, number) = match form {
        Form::Exact => (group(count), count),
        Form::Round(step) | Form::Approx(step) => {
            let rounded = (count.saturating_add(step / 2) / step).saturating_mul(step);
            match (rounded, form) {
                (0, Form::Approx(_)) if count > 0 => (format!("fewer than {}", group(step)), 0),
                (0, _) if count > 0 => {
                    return Err(format!(
                        "{} rounds to 0 at {}: round to a smaller step or print it exactly",
                        group(count),
                        group(step)
                    ))
                }
                (r, Form::Approx(_)) => (format!("approximately {}", group(r)), r),
                (r, _) => (group(r), r),
            }
        }
    };
    Ok(resolved(value, Some(number)))
}

/// The canonical key a token names (`State:ca` → `state:CA`), or what is wrong with it.
fn normal_key(raw: &str, figures: &Figures) -> Result<String, String> {
    let raw = raw.trim();
    let (kind, arg) = match raw.split_once(':') {
        Some((k, a)) => (k.trim().to_ascii_lowercase(), a.trim()),
        None => (raw.to_ascii_lowercase(), ""),
    };
    let needs_arg = |what: &str| {
        format!(
            "{kind}: needs {what}, e.g. {{{{{kind}:{}}}}}",
            example(&kind)
        )
    };
    match kind.as_str() {
        "people" | "records" | "minors" if arg.is_empty() => Ok(kind),
        "country" if arg.is_empty() => Err(needs_arg("a country code")),
        "country" => places::country_name(&arg.to_ascii_uppercase())
            .map(|_| format!("country:{}", arg.to_ascii_uppercase()))
            .ok_or_else(|| format!("{arg:?} is not an ISO country code (US, DE, GB…)")),
        "state" if arg.is_empty() => Err(needs_arg("a US state code")),
        "state" => places::us_state_name(&arg.to_ascii_uppercase())
            .map(|_| format!("state:{}", arg.to_ascii_uppercase()))
            .ok_or_else(|| format!("{arg:?} is not a US state code (CA, NY, MA…)")),
        "province" if arg.is_empty() => Err(needs_arg("a Canadian province code")),
        "province" => places::ca_province_name(&arg.to_ascii_uppercase())
            .map(|_| format!("province:{}", arg.to_ascii_uppercase()))
            .ok_or_else(|| format!("{arg:?} is not a Canadian province code (ON, QC, BC…)")),
        "element" if arg.is_empty() => Err(needs_arg("a data element")),
        "element" => {
            let code = arg.to_ascii_lowercase();
            if figures.element_codes.contains(&code) {
                Ok(format!("element:{code}"))
            } else {
                Err(format!(
                    "{arg:?} is not a data element of this case (one of {})",
                    figures.element_codes.join(", ")
                ))
            }
        }
        "harm" if arg.is_empty() => Err(needs_arg("a harm figure")),
        "harm" if !HARM_KEYS.contains(&arg) => Err(format!(
            "{arg:?} is not a harm figure (one of {})",
            HARM_KEYS.join(", ")
        )),
        "harm" if !figures.harm_recorded => {
            Err("no harm report is recorded yet: record them in the Harm view first".into())
        }
        "harm" => Ok(format!("harm:{arg}")),
        "date" if arg.is_empty() => Err(needs_arg("a key date")),
        "date" => {
            let code = arg.to_ascii_lowercase();
            if crate::dates::KeyDateKind::ALL
                .iter()
                .any(|k| k.code() == code)
            {
                Ok(format!("date:{code}"))
            } else {
                Err(format!(
                    "{arg:?} is not a key date (one of {})",
                    crate::dates::KeyDateKind::ALL
                        .iter()
                        .map(|k| k.code())
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            }
        }
        k if PHRASES.contains(&k) && arg.is_empty() => Ok(kind),
        "" => Err("an empty token: name a figure, e.g. {{people}}".into()),
        _ => Err(format!(
            "{raw:?} is not a figure: use people, records, minors, country:XX, state:XX, \
             province:XX, element:KEY, harm:KEY, date:KIND, elements, date_range or le_delay"
        )),
    }
}

fn example(kind: &str) -> &'static str {
    match kind {
        "country" => "US",
        "state" => "CA",
        "province" => "ON",
        "element" => "phone",
        "harm" => "reports",
        _ => "discovery",
    }
}
