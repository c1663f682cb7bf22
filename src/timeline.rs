//! The case timeline: events users record (when, what, source, category, linked entity) merged
//! with events derived from the key dates, the chain of custody and the law-enforcement
//! referrals, which are shown here but edited only where they come from.

use crate::dates::KeyDateKind;
use crate::error::{Error, Result};
use crate::moment::{self, Moment};
use crate::obligations::Outcome;
use crate::store::Case;
use crate::util::json::to_json;
use crate::util::text::{limited, required};
use crate::vocab::vocabulary;
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use specta::Type;

mod figure;
pub use figure::{
    BandKind, DayCount, DeadlineKind, FigureBand, FigureDeadline, FigureEvent, FigureMarker,
    TimelineFigure,
};

vocabulary! {
    Category {
        Access = "access", "Access";
        Detection = "detection", "Detection";
        Investigation = "investigation", "Investigation";
        Containment = "containment", "Containment";
        Evidence = "evidence", "Evidence";
        Hr = "hr", "HR";
        LawEnforcement = "law_enforcement", "Law enforcement";
        Legal = "legal", "Legal";
        Notification = "notification", "Notification";
        Communication = "communication", "Communication";
        Other = "other", "Other";
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct TimelineEvent {
    /// A UUID for recorded events; `key_date:<kind>` for derived ones.
    pub id: String,
    pub when: Moment,
    pub title: String,
    pub detail: String,
    pub source: String,
    pub category: Category,
    /// What the event is about, e.g. `key_date` / `discovery`, or `evidence` / `EV-0001`.
    pub linked_type: String,
    pub linked_id: String,
    /// Derived from a key date: change the key date to change it.
    pub derived: bool,
    pub created_by: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct EventInput {
    pub when: String,
    pub tz: String,
    pub title: String,
    pub detail: Option<String>,
    pub source: Option<String>,
    pub category: Category,
    pub linked_type: Option<String>,
    pub linked_id: Option<String>,
}

/// Which events to show. Dates are `YYYY-MM-DD` (inclusive, UTC days) or RFC 3339.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Type)]
pub struct TimelineFilter {
    pub categories: Vec<Category>,
    pub from: Option<String>,
    pub to: Option<String>,
}

struct Validated {
    when: Moment,
    title: String,
    detail: String,
    source: String,
    category: Category,
    linked_type: String,
    linked_id: String,
}

fn validated(e: EventInput) -> Result<Validated> {
    Ok(Validated {
        when: moment::parse(&e.when, &e.tz, "when")?,
        title: limited("title", &required("title", &e.title, "what happened")?, 300)?,
        detail: limited("detail", e.detail.as_deref().unwrap_or(""), 20_000)?,
        source: limited("source", e.source.as_deref().unwrap_or(""), 300)?,
        category: e.category,
        linked_type: limited("linked_type", e.linked_type.as_deref().unwrap_or(""), 100)?,
        linked_id: limited("linked_id", e.linked_id.as_deref().unwrap_or(""), 200)?,
    })
}

impl Validated {
    fn into_event(self, id: String, created_by: String) -> TimelineEvent {
        TimelineEvent {
            id,
            when: self.when,
            title: self.title,
            detail: self.detail,
            source: self.source,
            category: self.category,
            linked_type: self.linked_type,
            linked_id: self.linked_id,
            derived: false,
            created_by,
        }
    }
}

fn bound(s: &Option<String>, field: &str, end_of_day: bool) -> Result<Option<String>> {
    let Some(s) = s.as_deref().map(str::trim).filter(|s| !s.is_empty()) else {
        return Ok(None);
    };
    if s.len() == 10 {
        let time = if end_of_day { "23:59:59" } else { "00:00:00" };
        return Ok(Some(
            moment::parse(&format!("{s} {time}"), "UTC", field)?.utc,
        ));
    }
    Ok(Some(moment::parse(s, "UTC", field)?.utc))
}

/// Where a key date sits on the timeline. Kept here, not in `dates`, because the timeline is
/// the view that reads the domains, never the other way round.
fn key_date_category(kind: KeyDateKind) -> Category {
    use KeyDateKind::*;
    match kind {
        FirstUnauthorizedAccess | LastUnauthorizedAccess => Category::Access,
        FirstIndicator | Discovery | Determination => Category::Detection,
        Containment => Category::Containment,
        LawEnforcementReferral => Category::LawEnforcement,
        RegulatorNotice | CustomerNotice => Category::Notification,
    }
}

const SELECT: &str = "SELECT id, at_utc, tz, title, detail, source, category, linked_type, \
                      linked_id, created_by FROM timeline_events";

fn row_to_event(r: &rusqlite::Row) -> rusqlite::Result<(TimelineEvent, String, String)> {
    let at: String = r.get(1)?;
    let tz: String = r.get(2)?;
    Ok((
        TimelineEvent {
            id: r.get(0)?,
            when: Moment {
                utc: String::new(),
                tz: String::new(),
                local: String::new(),
            },
            title: r.get(3)?,
            detail: r.get(4)?,
            source: r.get(5)?,
            category: r.get(6)?,
            linked_type: r.get(7)?,
            linked_id: r.get(8)?,
            derived: false,
            created_by: r.get(9)?,
        },
        at,
        tz,
    ))
}

fn with_moment((mut e, at, tz): (TimelineEvent, String, String)) -> Result<TimelineEvent> {
    e.when = Moment::from_stored(&at, &tz)?;
    Ok(e)
}

impl Case {
    /// Recorded and derived events, oldest first.
    pub fn timeline(&self, filter: &TimelineFilter) -> Result<Vec<TimelineEvent>> {
        let from = bound(&filter.from, "from", false)?;
        let to = bound(&filter.to, "to", true)?;
        let mut stmt = self
            .conn()
            .prepare(&format!("{SELECT} ORDER BY at_utc, created_at"))?;
        let rows = stmt
            .query_map([], row_to_event)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut events = rows
            .into_iter()
            .map(with_moment)
            .collect::<Result<Vec<_>>>()?;
        for d in self.key_dates()? {
            events.push(TimelineEvent {
                id: format!("key_date:{}", d.kind.code()),
                title: d.kind.label().to_string(),
                detail: d.basis.clone(),
                source: format!("Key date ({})", d.precision.label().to_lowercase()),
                category: key_date_category(d.kind),
                linked_type: "key_date".into(),
                linked_id: d.kind.code().into(),
                derived: true,
                created_by: d.set_by.clone(),
                when: d.when,
            });
        }
        for c in self.custody(None)? {
            let (title, category) = match c.kind {
                crate::custody::CustodyKind::Intake => {
                    (format!("{} acquired", c.item_id), Category::Evidence)
                }
                crate::custody::CustodyKind::Transfer => (
                    format!("{} transferred to {}", c.item_id, c.to_party),
                    Category::Evidence,
                ),
                crate::custody::CustodyKind::Verification => (
                    format!("{} verified: {}", c.item_id, c.result),
                    Category::Evidence,
                ),
                crate::custody::CustodyKind::Export => (
                    format!("{} exported to {}", c.item_id, c.to_party),
                    Category::Evidence,
                ),
                crate::custody::CustodyKind::Correction => (
                    format!(
                        "{} custody entry {} corrected",
                        c.item_id,
                        c.corrects_seq.unwrap_or(0)
                    ),
                    Category::Evidence,
                ),
            };
            events.push(TimelineEvent {
                id: format!("custody:{}", c.seq),
                title,
                detail: [c.purpose.as_str(), c.note.as_str()]
                    .iter()
                    .filter(|s| !s.is_empty())
                    .copied()
                    .collect::<Vec<_>>()
                    .join(" — "),
                source: "Chain of custody".into(),
                category,
                linked_type: "evidence".into(),
                linked_id: c.item_id.clone(),
                derived: true,
                created_by: c.actor.clone(),
                when: c.when,
            });
        }
        events.extend(self.obligation_events()?);
        for d in self.referral_dates()? {
            events.push(TimelineEvent {
                id: d.key,
                when: d.when,
                title: d.title,
                detail: d.detail,
                source: "Law-enforcement referral".into(),
                category: Category::LawEnforcement,
                linked_type: "referral".into(),
                linked_id: d.referral_id,
                derived: true,
                created_by: d.recorded_by,
            });
        }
        events.retain(|e| {
            (filter.categories.is_empty() || filter.categories.contains(&e.category))
                && from.as_ref().is_none_or(|f| e.when.utc >= *f)
                && to.as_ref().is_none_or(|t| e.when.utc <= *t)
        });
        events.sort_by(|a, b| a.when.utc.cmp(&b.when.utc));
        Ok(events)
    }

    /// The deadlines of the newest snapshot's obligations not yet filed (those the statute
    /// does not require, by the computed or counsel's outcome, have none), and every filing.
    fn obligation_events(&self) -> Result<Vec<TimelineEvent>> {
        if self.newest_snapshot()?.is_none() {
            return Ok(Vec::new());
        }
        let report = self.obligations_report(None)?;
        let mut events = Vec::new();
        for row in &report.obligations {
            let o = &row.computed;
            let outcome = row.override_.as_ref().map_or(o.outcome, |v| v.outcome);
            let Some(due) = o.due.as_deref() else {
                continue;
            };
            if row.filing.is_some() || outcome == Outcome::NotTriggered {
                continue;
            }
            let at = o
                .due_at
                .clone()
                .unwrap_or_else(|| format!("{due}T00:00:00Z"));
            events.push(TimelineEvent {
                id: format!("obligation:{}", o.rule),
                when: Moment::from_stored(&at, "UTC")?,
                title: format!("Due: notice to {} ({})", o.body, o.jurisdiction),
                detail: format!(
                    "{}; {} people; {} from {} ({})",
                    outcome.label(),
                    o.people,
                    o.deadline,
                    o.clock.label().to_lowercase(),
                    o.citation
                ),
                source: format!(
                    "Notification obligations (rule set {}, {})",
                    report.rule_set, report.snapshot
                ),
                category: Category::Notification,
                linked_type: "obligation".into(),
                linked_id: o.rule.clone(),
                derived: true,
                created_by: String::new(),
            });
        }
        for (i, f) in self.obligation_filings()?.into_iter().enumerate() {
            events.push(TimelineEvent {
                id: format!("filing:{}", i + 1),
                when: Moment::from_stored(&format!("{}T00:00:00Z", f.date), "UTC")?,
                title: format!("Filed under {}", f.rule),
                detail: match (f.reference.as_str(), &f.document) {
                    ("", None) => String::new(),
                    ("", Some(d)) => format!("document {d}"),
                    (r, None) => format!("reference {r}"),
                    (r, Some(d)) => format!("reference {r}, document {d}"),
                },
                source: "Notification filing".into(),
                category: Category::Notification,
                linked_type: "obligation".into(),
                linked_id: f.rule,
                derived: true,
                created_by: f.by,
            });
        }
        Ok(events)
    }

    pub fn event(&self, id: &str) -> Result<TimelineEvent> {
        let row = self
            .conn()
            .query_row(&format!("{SELECT} WHERE id = ?1"), [id], row_to_event)
            .optional()?;
        match row {
            Some(r) => with_moment(r),
            None if id.starts_with("key_date:") => Err(Error::invalid(
                "id",
                "this event comes from a key date; change the key date instead",
            )),
            None if id.starts_with("obligation:") || id.starts_with("filing:") => {
                Err(Error::invalid(
                    "id",
                    "this event comes from the notification obligations: change the key dates, \
                     answers or filings there",
                ))
            }
            None if id.starts_with("custody:") => Err(Error::invalid(
                "id",
                "this event comes from the chain of custody, which is never edited",
            )),
            None if ["referral:", "follow_up:", "legal_process:", "delay:"]
                .iter()
                .any(|p| id.starts_with(p)) =>
            {
                Err(Error::invalid(
                    "id",
                    "this event comes from a law-enforcement referral; change it there",
                ))
            }
            None => Err(Error::NotFound {
                what: "timeline event",
                id: id.to_string(),
            }),
        }
    }

    pub fn add_event(&mut self, input: EventInput) -> Result<TimelineEvent> {
        let v = validated(input)?;
        let id = uuid::Uuid::new_v4().to_string();
        self.transact(|tx| {
            let now = tx.now_str();
            tx.conn().execute(
                "INSERT INTO timeline_events (id, at_utc, tz, title, detail, source, category,
                     linked_type, linked_id, created_at, created_by, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?10)",
                params![
                    id,
                    v.when.utc,
                    v.when.tz,
                    v.title,
                    v.detail,
                    v.source,
                    v.category,
                    v.linked_type,
                    v.linked_id,
                    now,
                    tx.actor()
                ],
            )?;
            let event = v.into_event(id.clone(), tx.actor().to_string());
            tx.record(
                "event.add",
                "timeline_event",
                &id,
                None,
                Some(to_json(&event)),
            )?;
            Ok(event)
        })
    }

    pub fn update_event(&mut self, id: &str, input: EventInput) -> Result<TimelineEvent> {
        let old = self.event(id)?;
        let new = validated(input)?.into_event(old.id.clone(), old.created_by.clone());
        if new == old {
            return Ok(old);
        }
        self.transact(|tx| {
            tx.conn().execute(
                "UPDATE timeline_events SET at_utc = ?2, tz = ?3, title = ?4, detail = ?5,
                     source = ?6, category = ?7, linked_type = ?8, linked_id = ?9, updated_at = ?10
                 WHERE id = ?1",
                params![
                    id,
                    new.when.utc,
                    new.when.tz,
                    new.title,
                    new.detail,
                    new.source,
                    new.category,
                    new.linked_type,
                    new.linked_id,
                    tx.now_str()
                ],
            )?;
            tx.record(
                "event.update",
                "timeline_event",
                id,
                Some(to_json(&old)),
                Some(to_json(&new)),
            )
        })?;
        Ok(new)
    }

    pub fn delete_event(&mut self, id: &str) -> Result<()> {
        let old = self.event(id)?;
        self.transact(|tx| {
            tx.conn()
                .execute("DELETE FROM timeline_events WHERE id = ?1", [id])?;
            tx.record(
                "event.delete",
                "timeline_event",
                id,
                Some(to_json(&old)),
                None,
            )
        })
    }
}
