//! The timeline as a figure: everything the app's visual timeline and the packet's drawing of
//! it need, from one call, so the two show the same shape. Events sit in lanes (one per
//! category that has any); key dates are markers across every lane; the access window (first
//! to last unauthorized access) and law-enforcement delays are bands; deadlines are drawn where
//! they fall; harm reports are counted per day (never their content).

use super::{Category, TimelineEvent, TimelineFilter};
use crate::dates::KeyDateKind;
use crate::error::Result;
use crate::store::Case;
use serde::{Deserialize, Serialize};
use specta::Type;

/// One event in its lane.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct FigureEvent {
    /// The timeline event's id, to open it.
    pub id: String,
    /// RFC 3339 in UTC.
    pub at: String,
    pub category: Category,
    pub title: String,
    pub derived: bool,
    pub linked_type: String,
    pub linked_id: String,
}

/// A key date, drawn as a line across every lane.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct FigureMarker {
    pub kind: KeyDateKind,
    pub label: String,
    pub at: String,
}

/// What a band stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum BandKind {
    /// First to last unauthorized access.
    AccessWindow,
    /// A law-enforcement request to hold notification back.
    Delay,
}

/// A span of time. `to` is `None` while it has no end (a delay not yet lifted, with no date).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct FigureBand {
    pub kind: BandKind,
    pub label: String,
    pub from: String,
    pub to: Option<String>,
}

/// Where a deadline comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineKind {
    /// A notification obligation not yet filed.
    Notice,
    /// A response to legal process.
    LegalProcess,
    /// A referral's next action.
    FollowUp,
}

/// A date that can be missed, drawn where it falls.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct FigureDeadline {
    pub kind: DeadlineKind,
    pub label: String,
    pub at: String,
    /// The timeline event behind it, to open it.
    pub event_id: String,
}

/// Harm reports received on one UTC day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct DayCount {
    /// `YYYY-MM-DD`.
    pub day: String,
    pub count: u32,
}

/// Everything the visual timeline draws. `from`/`to` span every dated thing in it (both `None`
/// for a case with nothing dated yet).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct TimelineFigure {
    /// The categories that have events, in the vocabulary's order.
    pub lanes: Vec<Category>,
    pub events: Vec<FigureEvent>,
    pub markers: Vec<FigureMarker>,
    pub bands: Vec<FigureBand>,
    pub deadlines: Vec<FigureDeadline>,
    pub harm_per_day: Vec<DayCount>,
    pub from: Option<String>,
    pub to: Option<String>,
    /// The incident itself: key dates, bands, deadlines and harm reports. Events far outside
    /// it (evidence taken in years later) would squeeze it to a sliver, so a figure opens on
    /// this span; the whole extent when none of those is dated.
    pub focus_from: Option<String>,
    pub focus_to: Option<String>,
}

/// A deadline the timeline derives, known by the id the timeline gives its event.
fn deadline_kind(id: &str) -> Option<DeadlineKind> {
    if id.starts_with("obligation:") {
        Some(DeadlineKind::Notice)
    } else if id.starts_with("legal_process:") && id.ends_with(":due") {
        Some(DeadlineKind::LegalProcess)
    } else if id.starts_with("follow_up:") && id.ends_with(":due") {
        Some(DeadlineKind::FollowUp)
    } else {
        None
    }
}

impl Case {
    /// The timeline figure: the same data for the app and the packet.
    pub fn timeline_figure(&self) -> Result<TimelineFigure> {
        let all = self.timeline(&TimelineFilter::default())?;
        let key_dates = self.key_dates()?;
        let mut markers: Vec<FigureMarker> = key_dates
            .iter()
            .map(|d| FigureMarker {
                kind: d.kind,
                label: d.kind.label().to_string(),
                at: d.when.utc.clone(),
            })
            .collect();
        markers.sort_by(|a, b| a.at.cmp(&b.at));

        let mut bands = Vec::new();
        let at = |kind: KeyDateKind| key_dates.iter().find(|d| d.kind == kind).map(|d| &d.when);
        if let (Some(first), Some(last)) = (
            at(KeyDateKind::FirstUnauthorizedAccess),
            at(KeyDateKind::LastUnauthorizedAccess),
        ) {
            // A last access recorded before the first is a typing slip elsewhere; the band
            // still covers the span between them rather than vanishing.
            let (from, to) = if first.utc <= last.utc {
                (first, last)
            } else {
                (last, first)
            };
            bands.push(FigureBand {
                kind: BandKind::AccessWindow,
                label: "Access window".into(),
                from: from.utc.clone(),
                to: Some(to.utc.clone()),
            });
        }
        for d in self.delay_requests()? {
            bands.push(FigureBand {
                kind: BandKind::Delay,
                label: format!(
                    "{} delay ({}, {})",
                    d.id,
                    d.agency,
                    d.jurisdictions.join(", ")
                ),
                from: format!("{}T00:00:00Z", d.from),
                to: d.ends().map(|e| format!("{e}T00:00:00Z")),
            });
        }

        let mut deadlines = Vec::new();
        let mut events = Vec::new();
        for e in all {
            // Key dates are markers and delays bands: drawn once, not again in a lane.
            if e.linked_type == "key_date" || e.id.starts_with("delay:") {
                continue;
            }
            if let Some(kind) = deadline_kind(&e.id) {
                deadlines.push(FigureDeadline {
                    kind,
                    label: e.title,
                    at: e.when.utc,
                    event_id: e.id,
                });
                continue;
            }
            events.push(figure_event(e));
        }
        let lanes = Category::ALL
            .iter()
            .copied()
            .filter(|c| events.iter().any(|e| e.category == *c))
            .collect();

        let harm_per_day: Vec<DayCount> = self
            .harm_reports_per_day()?
            .into_iter()
            .map(|(day, count)| DayCount { day, count })
            .collect();

        let incident: Vec<String> = markers
            .iter()
            .map(|m| m.at.clone())
            .chain(deadlines.iter().map(|d| d.at.clone()))
            .chain(
                bands
                    .iter()
                    .flat_map(|b| std::iter::once(b.from.clone()).chain(b.to.clone())),
            )
            .chain(harm_per_day.iter().map(|d| format!("{}T00:00:00Z", d.day)))
            .collect();
        let (from, to) = span(
            incident
                .iter()
                .cloned()
                .chain(events.iter().map(|e| e.at.clone())),
        );
        let (focus_from, focus_to) = match span(incident.into_iter()) {
            (None, _) | (_, None) => (from.clone(), to.clone()),
            focus => focus,
        };

        Ok(TimelineFigure {
            lanes,
            events,
            markers,
            bands,
            deadlines,
            harm_per_day,
            from,
            to,
            focus_from,
            focus_to,
        })
    }
}

/// The earliest and latest of RFC 3339 instants in UTC (which sort as text).
fn span(instants: impl Iterator<Item = String>) -> (Option<String>, Option<String>) {
    instants.fold(
        (None, None),
        |(lo, hi): (Option<String>, Option<String>), t| {
            (
                Some(lo.map_or(t.clone(), |l| l.min(t.clone()))),
                Some(hi.map_or(t.clone(), |h| h.max(t))),
            )
        },
    )
}

fn figure_event(e: TimelineEvent) -> FigureEvent {
    FigureEvent {
        id: e.id,
        at: e.when.utc,
        category: e.category,
        title: e.title,
        derived: e.derived,
        linked_type: e.linked_type,
        linked_id: e.linked_id,
    }
}
