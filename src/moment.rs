//! Instants as users enter them: a wall-clock time in a named zone. Stored as UTC plus the
//! zone it was entered in, so "14:05 in Chicago" is never silently reinterpreted.

use crate::error::{Error, Result};
use chrono::{DateTime, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use specta::Type;

/// A stored instant: UTC, the zone it was entered in, and the wall time in that zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Moment {
    /// RFC 3339 in UTC, e.g. `2019-08-03T19:05:00Z`.
    pub utc: String,
    /// IANA zone (`America/Chicago`), `UTC`, or a fixed offset (`+09:00`).
    pub tz: String,
    /// The wall time in `tz`, `YYYY-MM-DD HH:MM`, for display.
    pub local: String,
}

impl Moment {
    pub fn from_stored(utc: &str, tz: &str) -> Result<Moment> {
        let t = DateTime::parse_from_rfc3339(utc)
            .map_err(|e| Error::corrupt(format!("stored time {utc:?} is damaged: {e}")))?
            .with_timezone(&Utc);
        Ok(Moment {
            utc: utc_string(t),
            tz: tz.to_string(),
            local: local_string(t, tz)?,
        })
    }

    pub fn instant(&self) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(&self.utc)
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default()
    }
}

pub fn utc_string(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

enum Zone {
    Named(chrono_tz::Tz),
    Fixed(FixedOffset),
}

fn parse_zone(tz: &str, field: &str) -> Result<Zone> {
    let tz = tz.trim();
    if tz.eq_ignore_ascii_case("utc") || tz == "Z" {
        return Ok(Zone::Fixed(FixedOffset::east_opt(0).expect("zero offset")));
    }
    if let Ok(named) = tz.parse::<chrono_tz::Tz>() {
        return Ok(Zone::Named(named));
    }
    if let Some(off) = parse_offset(tz) {
        return Ok(Zone::Fixed(off));
    }
    Err(Error::invalid(
        field,
        format!(
            "unknown time zone {tz:?}: use an IANA name such as Europe/London or America/Chicago, \
             UTC, or an offset such as +09:00"
        ),
    ))
}

fn parse_offset(s: &str) -> Option<FixedOffset> {
    let (sign, rest) = match s.as_bytes().first()? {
        b'+' => (1, &s[1..]),
        b'-' => (-1, &s[1..]),
        _ => return None,
    };
    let (h, m) = rest.split_once(':').unwrap_or((rest, "0"));
    let h: i32 = h.parse().ok()?;
    let m: i32 = m.parse().ok()?;
    if h > 14 || m > 59 {
        return None;
    }
    FixedOffset::east_opt(sign * (h * 3600 + m * 60))
}

fn local_string(t: DateTime<Utc>, tz: &str) -> Result<String> {
    const FMT: &str = "%Y-%m-%d %H:%M";
    Ok(match parse_zone(tz, "tz")? {
        Zone::Named(z) => t.with_timezone(&z).format(FMT).to_string(),
        Zone::Fixed(o) => t.with_timezone(&o).format(FMT).to_string(),
    })
}

/// [`parse`] for an optional input: nothing (or only spaces) is `None`; the zone defaults to UTC.
pub fn parse_optional(when: Option<&str>, tz: Option<&str>, field: &str) -> Result<Option<Moment>> {
    match when.map(str::trim).filter(|s| !s.is_empty()) {
        Some(w) => parse(w, tz.unwrap_or("UTC"), field).map(Some),
        None => Ok(None),
    }
}

/// Parses what a user typed: `YYYY-MM-DD`, `YYYY-MM-DD HH:MM[:SS]` (or with `T`) read in `tz`,
/// or an RFC 3339 time with its own offset (then `tz` only labels it, defaulting to the offset).
/// `field` names the input in error messages.
pub fn parse(when: &str, tz: &str, field: &str) -> Result<Moment> {
    let when = when.trim();
    if when.is_empty() {
        return Err(Error::invalid(field, "enter a date, e.g. 2019-08-03 14:05"));
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(when) {
        let label = if tz.trim().is_empty() {
            t.offset().to_string()
        } else {
            parse_zone(tz, "tz")?;
            tz.trim().to_string()
        };
        return Moment::from_stored(&utc_string(t.with_timezone(&Utc)), &label);
    }
    let tz = if tz.trim().is_empty() {
        "UTC"
    } else {
        tz.trim()
    };
    let zone = parse_zone(tz, "tz")?;
    let naive = parse_naive(when).ok_or_else(|| {
        Error::invalid(
            field,
            format!("{when:?} is not a date; use YYYY-MM-DD or YYYY-MM-DD HH:MM"),
        )
    })?;
    let resolved = match &zone {
        Zone::Named(z) => map_local(z.from_local_datetime(&naive), when, tz, field)?,
        Zone::Fixed(o) => map_local(o.from_local_datetime(&naive), when, tz, field)?,
    };
    Moment::from_stored(&utc_string(resolved), tz)
}

fn parse_naive(s: &str) -> Option<NaiveDateTime> {
    for fmt in [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, fmt) {
            return Some(t);
        }
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
}

fn map_local<Z: TimeZone>(
    r: LocalResult<DateTime<Z>>,
    when: &str,
    tz: &str,
    field: &str,
) -> Result<DateTime<Utc>> {
    match r {
        LocalResult::Single(t) => Ok(t.with_timezone(&Utc)),
        LocalResult::Ambiguous(_, _) => Err(Error::invalid(
            field,
            format!(
                "{when} happens twice in {tz} (clocks go back); give the offset, e.g. \
                 {when}-05:00"
            ),
        )),
        LocalResult::None => Err(Error::invalid(
            field,
            format!("{when} does not exist in {tz} (clocks go forward); check the time"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wall_time_in_a_named_zone_is_stored_as_utc_with_the_zone() {
        let m = parse("2019-08-03 14:05", "America/Chicago", "when").unwrap();
        assert_eq!(m.utc, "2019-08-03T19:05:00Z", "Chicago is UTC-5 in August");
        assert_eq!(m.tz, "America/Chicago");
        assert_eq!(m.local, "2019-08-03 14:05");
    }

    #[test]
    fn an_rfc3339_time_keeps_its_offset_as_the_zone_label() {
        let m = parse("2019-11-05T09:00:00+09:00", "", "when").unwrap();
        assert_eq!(m.utc, "2019-11-05T00:00:00Z");
        assert_eq!(m.tz, "+09:00");
        assert_eq!(m.local, "2019-11-05 09:00");
    }

    #[test]
    fn nonexistent_and_ambiguous_local_times_are_refused_with_advice() {
        let gap = parse("2019-03-10 02:30", "America/New_York", "when").unwrap_err();
        assert!(gap.to_string().contains("does not exist"), "{gap}");
        let twice = parse("2019-11-03 01:30", "America/New_York", "when").unwrap_err();
        assert!(twice.to_string().contains("happens twice"), "{twice}");
    }

    #[test]
    fn unknown_zones_and_malformed_dates_name_the_field() {
        let e = parse("2019-08-03", "Mars/Olympus", "when").unwrap_err();
        assert!(
            matches!(&e, Error::Invalid { field, .. } if field == "tz"),
            "{e}"
        );
        let e = parse("03/08/2019", "UTC", "when").unwrap_err();
        assert!(
            matches!(&e, Error::Invalid { field, .. } if field == "when"),
            "{e}"
        );
    }
}
