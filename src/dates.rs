//! Key dates of the incident: first and last unauthorized access, first indicator, discovery,
//! determination, containment, referral and notices. Each is a [`Moment`] with a precision and
//! a basis. A date is never overwritten: setting it again supersedes the old row, which stays
//! in the history (and in the audit log).

use crate::error::{Error, Result};
use crate::moment::{self, Moment};
use crate::store::Case;
use crate::util::json::to_json;
use crate::util::text::limited;
use crate::vocab::vocabulary;
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use specta::Type;

vocabulary! {
    KeyDateKind {
        FirstUnauthorizedAccess = "first_unauthorized_access", "First unauthorized access";
        LastUnauthorizedAccess = "last_unauthorized_access", "Last unauthorized access";
        FirstIndicator = "first_indicator", "First indicator";
        Discovery = "discovery", "Discovery";
        Determination = "determination", "Determination";
        Containment = "containment", "Containment";
        LawEnforcementReferral = "le_referral", "Law-enforcement referral";
        RegulatorNotice = "regulator_notice", "Regulator notice";
        CustomerNotice = "customer_notice", "Customer notice";
    }
}

vocabulary! {
    /// How exactly a date is known.
    Precision {
        Exact = "exact", "Exact";
        Day = "day", "To the day";
        Month = "month", "To the month";
        Estimated = "estimated", "Estimated";
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct KeyDate {
    pub kind: KeyDateKind,
    pub when: Moment,
    pub precision: Precision,
    /// What the date rests on (a log line, a report, an interview).
    pub basis: String,
    pub set_by: String,
    pub set_at: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct KeyDateInput {
    pub kind: KeyDateKind,
    /// `YYYY-MM-DD`, `YYYY-MM-DD HH:MM`, or RFC 3339.
    pub when: String,
    /// IANA zone, `UTC` or an offset; the zone the date was observed in.
    pub tz: String,
    pub precision: Option<Precision>,
    pub basis: Option<String>,
}

fn row_to_key_date(
    r: &rusqlite::Row,
) -> rusqlite::Result<(
    KeyDateKind,
    String,
    String,
    Precision,
    String,
    String,
    String,
)> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
    ))
}

fn build(
    row: (
        KeyDateKind,
        String,
        String,
        Precision,
        String,
        String,
        String,
    ),
) -> Result<KeyDate> {
    Ok(KeyDate {
        kind: row.0,
        when: Moment::from_stored(&row.1, &row.2)?,
        precision: row.3,
        basis: row.4,
        set_by: row.5,
        set_at: row.6,
    })
}

const SELECT: &str = "SELECT kind, at_utc, tz, precision, basis, set_by, set_at FROM key_dates";

impl Case {
    /// The current value of every key date that is set, in the order of [`KeyDateKind::ALL`].
    pub fn key_dates(&self) -> Result<Vec<KeyDate>> {
        let mut stmt = self
            .conn()
            .prepare(&format!("{SELECT} WHERE superseded_at IS NULL"))?;
        let rows = stmt
            .query_map([], row_to_key_date)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut dates = rows.into_iter().map(build).collect::<Result<Vec<_>>>()?;
        dates.sort_by_key(|d| KeyDateKind::ALL.iter().position(|k| *k == d.kind));
        Ok(dates)
    }

    /// Every value a key date has had, newest first.
    pub fn key_date_history(&self, kind: KeyDateKind) -> Result<Vec<KeyDate>> {
        let mut stmt = self
            .conn()
            .prepare(&format!("{SELECT} WHERE kind = ?1 ORDER BY id DESC"))?;
        let rows = stmt
            .query_map([kind], row_to_key_date)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter().map(build).collect()
    }

    fn key_date(&self, kind: KeyDateKind) -> Result<Option<KeyDate>> {
        let row = self
            .conn()
            .query_row(
                &format!("{SELECT} WHERE kind = ?1 AND superseded_at IS NULL"),
                [kind],
                row_to_key_date,
            )
            .optional()?;
        row.map(build).transpose()
    }

    pub fn set_key_date(&mut self, input: KeyDateInput) -> Result<KeyDate> {
        let when = moment::parse(&input.when, &input.tz, "when")?;
        let basis = limited("basis", input.basis.as_deref().unwrap_or(""), 2_000)?;
        let precision = input.precision.unwrap_or(Precision::Exact);
        self.check_access_window(input.kind, &when)?;
        let old = self.key_date(input.kind)?;
        self.transact(|tx| {
            let now = tx.now_str();
            tx.conn().execute(
                "UPDATE key_dates SET superseded_at = ?1 WHERE kind = ?2 AND superseded_at IS NULL",
                params![now, input.kind],
            )?;
            let new = KeyDate {
                kind: input.kind,
                when,
                precision,
                basis,
                set_by: tx.actor().to_string(),
                set_at: now,
            };
            tx.conn().execute(
                "INSERT INTO key_dates (kind, at_utc, tz, precision, basis, set_by, set_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    new.kind,
                    new.when.utc,
                    new.when.tz,
                    new.precision,
                    new.basis,
                    new.set_by,
                    new.set_at
                ],
            )?;
            tx.record(
                "key_date.set",
                "key_date",
                new.kind.code(),
                old.as_ref().map(to_json),
                Some(to_json(&new)),
            )?;
            Ok(new)
        })
    }

    pub fn clear_key_date(&mut self, kind: KeyDateKind) -> Result<()> {
        let old = self.key_date(kind)?.ok_or_else(|| Error::NotFound {
            what: "key date",
            id: kind.code().to_string(),
        })?;
        self.transact(|tx| {
            tx.conn().execute(
                "UPDATE key_dates SET superseded_at = ?1 WHERE kind = ?2 AND superseded_at IS NULL",
                params![tx.now_str(), kind],
            )?;
            tx.record(
                "key_date.clear",
                "key_date",
                kind.code(),
                Some(to_json(&old)),
                None,
            )
        })
    }

    /// The access window must not end before it starts.
    fn check_access_window(&self, kind: KeyDateKind, when: &Moment) -> Result<()> {
        let (other_kind, must_be_after) = match kind {
            KeyDateKind::FirstUnauthorizedAccess => (KeyDateKind::LastUnauthorizedAccess, false),
            KeyDateKind::LastUnauthorizedAccess => (KeyDateKind::FirstUnauthorizedAccess, true),
            _ => return Ok(()),
        };
        if let Some(other) = self.key_date(other_kind)? {
            let bad = if must_be_after {
                when.instant() < other.when.instant()
            } else {
                when.instant() > other.when.instant()
            };
            if bad {
                return Err(Error::invalid(
                    "when",
                    format!(
                        "{} ({} {}) would come {} the {} ({} {})",
                        kind.label(),
                        when.local,
                        when.tz,
                        if must_be_after { "before" } else { "after" },
                        other_kind.label().to_lowercase(),
                        other.when.local,
                        other.when.tz
                    ),
                ));
            }
        }
        Ok(())
    }
}
