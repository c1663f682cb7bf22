//! Law-enforcement referrals (`LE-0001`…, never reused): who was contacted, how and when, by
//! whom, their case number and the offences alleged, with dated follow-ups whose next action
//! has a due date. The referral's notes ([`notes`]), the evidence handed over ([`shares`]),
//! legal process received and requests to delay notification ([`process`]) hang off it.
//!
//! The agency's contact (name, badge, phone, e-mail) is a staff contact like a team member,
//! not an affected person's data. Every change is one transaction with its audit entry.

pub mod notes;
pub mod process;
pub mod shares;

use crate::actor::looks_like_email;
use crate::error::{Error, Result};
use crate::moment::{self, Moment};
use crate::store::Case;
use crate::util::json::to_json;
use crate::util::text::{limited, normal_id, required};
use crate::vocab::vocabulary;
use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use specta::Type;

vocabulary! {
    /// How the referral was made.
    ReferralChannel {
        FieldOfficeVisit = "field_office_visit", "Field office visit";
        Phone = "phone", "Phone";
        Ic3Complaint = "ic3_complaint", "IC3 complaint";
        Email = "email", "E-mail";
        Letter = "letter", "Letter";
    }
}

vocabulary! {
    /// Where the referral stands.
    ReferralStatus {
        Draft = "draft", "Draft";
        Made = "made", "Made";
        Acknowledged = "acknowledged", "Acknowledged";
        Active = "active", "Active";
        Closed = "closed", "Closed";
    }
}

/// The person at the agency the case deals with.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
pub struct AgencyContact {
    pub name: String,
    /// Badge number or other id.
    pub badge: String,
    pub phone: String,
    pub email: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Referral {
    /// `LE-0001`, never reused.
    pub id: String,
    pub agency: String,
    pub unit: String,
    pub channel: Option<ReferralChannel>,
    /// When the referral was made; `None` for a draft not yet made.
    pub when: Option<Moment>,
    /// The team member who made it (their id), or empty.
    pub our_contact: String,
    /// That member's name as the team lists it now.
    pub our_contact_name: String,
    pub their_contact: AgencyContact,
    /// The agency's case or complaint number.
    pub reference: String,
    /// e.g. "18 U.S.C. §1030 (computer fraud)".
    pub offences: String,
    pub status: ReferralStatus,
    pub created_at: String,
    pub created_by: String,
}

/// What a user gives to record or change a referral; absent optional fields are empty.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Type)]
pub struct ReferralInput {
    pub agency: String,
    pub unit: Option<String>,
    pub channel: Option<ReferralChannel>,
    /// `YYYY-MM-DD HH:MM` in `tz`; none for a draft not made yet.
    pub when: Option<String>,
    pub tz: Option<String>,
    /// A team member's id, name or e-mail.
    pub our_contact: Option<String>,
    pub their_contact: Option<AgencyContact>,
    pub reference: Option<String>,
    pub offences: Option<String>,
    /// Defaults to `made` when `when` is given, else `draft`.
    pub status: Option<ReferralStatus>,
}

/// A dated note on a referral; its next action (with a due date) is open until a later
/// follow-up on the same referral replaces it or the referral is closed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct FollowUp {
    pub seq: u32,
    pub referral_id: String,
    /// `YYYY-MM-DD`.
    pub on: String,
    pub note: String,
    pub next_action: String,
    /// `YYYY-MM-DD`.
    pub due: Option<String>,
    pub recorded_at: String,
    pub recorded_by: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct FollowUpInput {
    pub referral_id: String,
    /// `YYYY-MM-DD`; today when absent.
    pub on: Option<String>,
    pub note: String,
    pub next_action: Option<String>,
    /// `YYYY-MM-DD`; needs a next action.
    pub due: Option<String>,
}

/// A referral with everything recorded against it.
#[derive(Debug, Clone, Serialize, Type)]
pub struct ReferralDetail {
    pub referral: Referral,
    pub follow_ups: Vec<FollowUp>,
    pub shared: Vec<shares::SharedItem>,
    pub legal_process: Vec<process::LegalProcess>,
    pub delays: Vec<process::DelayRequest>,
    /// The current notes version, if any were saved.
    pub notes: Option<notes::NotesVersion>,
}

/// What the overview shows of the referrals: what is waiting and what is paused.
#[derive(Debug, Clone, Default, Serialize, Type)]
pub struct ReferralAgenda {
    pub open_follow_ups: Vec<OpenFollowUp>,
    /// Legal process with a due date and no response yet, soonest first.
    pub legal_process_due: Vec<process::LegalProcess>,
    /// Delays in force today.
    pub active_delays: Vec<process::DelayRequest>,
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct OpenFollowUp {
    pub referral_id: String,
    pub agency: String,
    pub next_action: String,
    pub due: Option<String>,
    /// Past its due date by the case's clock.
    pub overdue: bool,
}

/// A dated fact of a referral the timeline shows (it composes these; it edits none of them).
#[derive(Debug, Clone, PartialEq)]
pub struct ReferralDate {
    /// Unique per fact: `referral:LE-0001`, `follow_up:3:due`…
    pub key: String,
    pub when: Moment,
    pub title: String,
    pub detail: String,
    pub referral_id: String,
    pub recorded_by: String,
}

/// `s` as a calendar day, `YYYY-MM-DD`, with an error naming `field`.
pub(crate) fn day(field: &str, s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
        Error::invalid(
            field,
            format!(
                "{:?} is not a date; use YYYY-MM-DD, e.g. 2019-11-04",
                s.trim()
            ),
        )
    })
}

/// An optional day: absent or blank is `None`.
pub(crate) fn optional_day(field: &str, s: Option<&str>) -> Result<Option<NaiveDate>> {
    match s.map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => day(field, s).map(Some),
        None => Ok(None),
    }
}

/// The day a stored `YYYY-MM-DD` names, as a timeline moment (midnight UTC).
fn day_moment(d: &str) -> Result<Moment> {
    Moment::from_stored(&format!("{d}T00:00:00Z"), "UTC")
}

struct Validated {
    agency: String,
    unit: String,
    channel: Option<ReferralChannel>,
    when: Option<Moment>,
    our_contact: String,
    their: AgencyContact,
    reference: String,
    offences: String,
    status: ReferralStatus,
}

/// The columns a user's input fills, in the order of [`Validated::values`].
const FIELDS: [&str; 13] = [
    "agency",
    "unit",
    "channel",
    "at_utc",
    "tz",
    "our_contact",
    "their_name",
    "their_badge",
    "their_phone",
    "their_email",
    "reference",
    "offences",
    "status",
];

impl Validated {
    fn values(&self) -> [&dyn rusqlite::ToSql; 13] {
        const NO_ZONE: &str = "";
        [
            &self.agency,
            &self.unit,
            &self.channel,
            match &self.when {
                Some(m) => &m.utc,
                None => &rusqlite::types::Null,
            },
            match &self.when {
                Some(m) => &m.tz,
                None => &NO_ZONE,
            },
            &self.our_contact,
            &self.their.name,
            &self.their.badge,
            &self.their.phone,
            &self.their.email,
            &self.reference,
            &self.offences,
            &self.status,
        ]
    }
}

/// A referral as stored now, read inside a transaction or out.
fn stored(conn: &rusqlite::Connection, id: &str) -> Result<Option<Referral>> {
    conn.query_row(&format!("{SELECT} WHERE r.id = ?1"), [id], read_row)
        .optional()?
        .map(finish)
        .transpose()
}

const SELECT: &str = "SELECT r.id, r.agency, r.unit, r.channel, r.at_utc, r.tz, r.our_contact, \
    coalesce(t.name, ''), r.their_name, r.their_badge, r.their_phone, r.their_email, r.reference, \
    r.offences, r.status, r.created_at, r.created_by \
    FROM referrals r LEFT JOIN team_members t ON t.id = r.our_contact";

fn read_row(r: &rusqlite::Row) -> rusqlite::Result<(Referral, Option<String>)> {
    let tz: String = r.get(5)?;
    Ok((
        Referral {
            id: r.get(0)?,
            agency: r.get(1)?,
            unit: r.get(2)?,
            channel: r.get(3)?,
            when: None,
            our_contact: r.get(6)?,
            our_contact_name: r.get(7)?,
            their_contact: AgencyContact {
                name: r.get(8)?,
                badge: r.get(9)?,
                phone: r.get(10)?,
                email: r.get(11)?,
            },
            reference: r.get(12)?,
            offences: r.get(13)?,
            status: r.get(14)?,
            created_at: r.get(15)?,
            created_by: r.get(16)?,
        },
        r.get::<_, Option<String>>(4)?
            .map(|at| format!("{at}\n{tz}")),
    ))
}

fn finish((mut referral, at): (Referral, Option<String>)) -> Result<Referral> {
    if let Some(at) = at {
        let (utc, tz) = at.split_once('\n').unwrap_or((&at, "UTC"));
        referral.when = Some(Moment::from_stored(utc, tz)?);
    }
    Ok(referral)
}

const FOLLOW_UPS: &str = "SELECT seq, referral_id, on_date, note, next_action, due, recorded_at, \
    recorded_by FROM referral_follow_ups";

fn read_follow_up(r: &rusqlite::Row) -> rusqlite::Result<FollowUp> {
    Ok(FollowUp {
        seq: r.get(0)?,
        referral_id: r.get(1)?,
        on: r.get(2)?,
        note: r.get(3)?,
        next_action: r.get(4)?,
        due: r.get(5)?,
        recorded_at: r.get(6)?,
        recorded_by: r.get(7)?,
    })
}

impl Case {
    fn validated_referral(&self, input: ReferralInput) -> Result<Validated> {
        let agency = limited(
            "agency",
            &required(
                "agency",
                &input.agency,
                "the agency referred to, e.g. FBI or IC3",
            )?,
            200,
        )?;
        let when = moment::parse_optional(input.when.as_deref(), input.tz.as_deref(), "when")?;
        let our_contact = match input
            .our_contact
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            Some(who) => self.team_member(who, "our_contact")?.id,
            None => String::new(),
        };
        let t = input.their_contact.unwrap_or_default();
        let their = AgencyContact {
            name: limited("their_contact.name", &t.name, 200)?,
            badge: limited("their_contact.badge", &t.badge, 100)?,
            phone: limited("their_contact.phone", &t.phone, 50)?,
            email: limited("their_contact.email", &t.email, 200)?,
        };
        if !their.email.is_empty() && !looks_like_email(&their.email) {
            return Err(Error::invalid(
                "their_contact.email",
                "that is not an e-mail address (expected name@domain)",
            ));
        }
        let status = input.status.unwrap_or(if when.is_some() {
            ReferralStatus::Made
        } else {
            ReferralStatus::Draft
        });
        if status != ReferralStatus::Draft && when.is_none() {
            return Err(Error::invalid(
                "when",
                format!(
                    "a referral that is {} needs the date and time it was made",
                    status.label().to_lowercase()
                ),
            ));
        }
        Ok(Validated {
            agency,
            unit: limited("unit", input.unit.as_deref().unwrap_or(""), 200)?,
            channel: input.channel,
            when,
            our_contact,
            their,
            reference: limited("reference", input.reference.as_deref().unwrap_or(""), 200)?,
            offences: limited("offences", input.offences.as_deref().unwrap_or(""), 2_000)?,
            status,
        })
    }

    /// Every referral, oldest first.
    pub fn referrals(&self) -> Result<Vec<Referral>> {
        let mut stmt = self.conn().prepare(&format!("{SELECT} ORDER BY r.num"))?;
        let rows = stmt
            .query_map([], read_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter().map(finish).collect()
    }

    /// One referral by id (`LE-0001`, also as typed: `le-1`).
    pub fn referral(&self, id: &str) -> Result<Referral> {
        let id = normal_id(id, "LE");
        stored(self.conn(), &id)?.ok_or(Error::NotFound {
            what: "referral",
            id,
        })
    }

    /// A referral with its follow-ups, shared items, legal process, delays and current notes.
    pub fn referral_detail(&self, id: &str) -> Result<ReferralDetail> {
        let referral = self.referral(id)?;
        let id = referral.id.clone();
        Ok(ReferralDetail {
            follow_ups: self.follow_ups(Some(&id))?,
            shared: self.shared_items(Some(&id))?,
            legal_process: self
                .legal_process()?
                .into_iter()
                .filter(|p| p.referral_id == id)
                .collect(),
            delays: self
                .delay_requests()?
                .into_iter()
                .filter(|d| d.referral_id == id)
                .collect(),
            notes: self.current_referral_notes(&id)?,
            referral,
        })
    }

    /// Records a referral and returns it with its new id.
    pub fn add_referral(&mut self, input: ReferralInput) -> Result<Referral> {
        let v = self.validated_referral(input)?;
        let id = self.transact(|tx| {
            let (num, id) = tx.next_id("referrals", "LE")?;
            let head: [&dyn rusqlite::ToSql; 4] = [&id, &num, &tx.now_str(), &tx.actor()];
            tx.conn().execute(
                &format!(
                    "INSERT INTO referrals (id, num, created_at, created_by, {}) VALUES ({})",
                    FIELDS.join(", "),
                    (1..=head.len() + FIELDS.len())
                        .map(|n| format!("?{n}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                rusqlite::params_from_iter(head.into_iter().chain(v.values())),
            )?;
            let stored = stored(tx.conn(), &id)?
                .ok_or_else(|| Error::internal("the referral was not recorded"))?;
            tx.record(
                "referral.add",
                "referral",
                &id,
                None,
                Some(to_json(&stored)),
            )?;
            Ok(id)
        })?;
        self.referral(&id)
    }

    /// Replaces what is recorded about a referral; the audit entry holds old and new.
    pub fn update_referral(&mut self, id: &str, input: ReferralInput) -> Result<Referral> {
        let old = self.referral(id)?;
        let v = self.validated_referral(input)?;
        self.transact(|tx| {
            let sets: Vec<String> = FIELDS
                .iter()
                .enumerate()
                .map(|(n, f)| format!("{f} = ?{}", n + 2))
                .collect();
            let id: [&dyn rusqlite::ToSql; 1] = [&old.id];
            tx.conn().execute(
                &format!("UPDATE referrals SET {} WHERE id = ?1", sets.join(", ")),
                rusqlite::params_from_iter(id.into_iter().chain(v.values())),
            )?;
            let new = stored(tx.conn(), &old.id)?
                .ok_or_else(|| Error::internal("the referral was not recorded"))?;
            tx.record(
                "referral.update",
                "referral",
                &old.id,
                Some(to_json(&old)),
                Some(to_json(&new)),
            )
        })?;
        self.referral(&old.id)
    }

    /// Moves a referral to `status` (made, acknowledged, active, closed…); audited.
    pub fn set_referral_status(&mut self, id: &str, status: ReferralStatus) -> Result<Referral> {
        let old = self.referral(id)?;
        if old.status == status {
            return Ok(old);
        }
        if status != ReferralStatus::Draft && old.when.is_none() {
            return Err(Error::invalid(
                "status",
                format!(
                    "{} has no date it was made; record when it was made before marking it {}",
                    old.id,
                    status.label().to_lowercase()
                ),
            ));
        }
        self.transact(|tx| {
            tx.conn().execute(
                "UPDATE referrals SET status = ?2 WHERE id = ?1",
                params![old.id, status],
            )?;
            tx.record(
                "referral.status",
                "referral",
                &old.id,
                Some(serde_json::json!({ "status": old.status })),
                Some(serde_json::json!({ "status": status })),
            )
        })?;
        self.referral(&old.id)
    }

    /// Follow-ups of one referral (or all), oldest first.
    pub fn follow_ups(&self, referral_id: Option<&str>) -> Result<Vec<FollowUp>> {
        let mut stmt = self.conn().prepare(&format!(
            "{FOLLOW_UPS} WHERE (?1 IS NULL OR referral_id = ?1) ORDER BY seq"
        ))?;
        let rows = stmt.query_map([referral_id], read_follow_up)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Records a dated note on a referral, with the next action and when it is due.
    pub fn add_follow_up(&mut self, input: FollowUpInput) -> Result<FollowUp> {
        let referral = self.referral(&input.referral_id)?;
        let note = limited(
            "note",
            &required("note", &input.note, "what was said or done")?,
            10_000,
        )?;
        let next_action = limited(
            "next_action",
            input.next_action.as_deref().unwrap_or(""),
            1_000,
        )?;
        let due = optional_day("due", input.due.as_deref())?;
        if due.is_some() && next_action.is_empty() {
            return Err(Error::invalid(
                "next_action",
                "a due date needs the next action it is for",
            ));
        }
        let on = optional_day("on", input.on.as_deref())?;
        self.transact(|tx| {
            let on = on.unwrap_or_else(|| tx.now().date_naive());
            tx.conn().execute(
                "INSERT INTO referral_follow_ups (referral_id, on_date, note, next_action, due,
                     recorded_at, recorded_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    referral.id,
                    on.to_string(),
                    note,
                    next_action,
                    due.map(|d| d.to_string()),
                    tx.now_str(),
                    tx.actor()
                ],
            )?;
            let seq = tx.conn().last_insert_rowid();
            let f = tx.conn().query_row(
                &format!("{FOLLOW_UPS} WHERE seq = ?1"),
                [seq],
                read_follow_up,
            )?;
            tx.record(
                "referral.follow_up",
                "referral",
                &referral.id,
                None,
                Some(to_json(&f)),
            )?;
            Ok(f)
        })
    }

    /// What is waiting on the referrals: each open referral's newest next action, legal
    /// process due without a response, and the delays in force today.
    pub fn referral_agenda(&self) -> Result<ReferralAgenda> {
        let today = self.now().date_naive().to_string();
        let mut open_follow_ups = Vec::new();
        for r in self.referrals()? {
            if r.status == ReferralStatus::Closed {
                continue;
            }
            let latest = self.follow_ups(Some(&r.id))?.pop();
            if let Some(f) = latest.filter(|f| !f.next_action.is_empty()) {
                open_follow_ups.push(OpenFollowUp {
                    referral_id: r.id.clone(),
                    agency: r.agency.clone(),
                    overdue: f.due.as_deref().is_some_and(|d| d < today.as_str()),
                    next_action: f.next_action,
                    due: f.due,
                });
            }
        }
        open_follow_ups.sort_by(|a, b| (a.due.is_none(), &a.due).cmp(&(b.due.is_none(), &b.due)));
        let mut legal_process_due: Vec<_> = self
            .legal_process()?
            .into_iter()
            .filter(|p| p.due.is_some() && p.response.is_empty())
            .collect();
        legal_process_due.sort_by(|a, b| a.due.cmp(&b.due));
        let today = self.now().date_naive();
        let active_delays = self
            .delay_requests()?
            .into_iter()
            .filter(|d| d.in_force_on(today))
            .collect();
        Ok(ReferralAgenda {
            open_follow_ups,
            legal_process_due,
            active_delays,
        })
    }

    /// The referrals' dated facts for the timeline: referrals made, follow-ups and their due
    /// dates, legal process received and due, delays requested and ended.
    pub fn referral_dates(&self) -> Result<Vec<ReferralDate>> {
        let mut out = Vec::new();
        let referrals = self.referrals()?;
        let agency = |id: &str| {
            referrals
                .iter()
                .find(|r| r.id == id)
                .map(|r| r.agency.clone())
                .unwrap_or_default()
        };
        for r in &referrals {
            if let Some(when) = &r.when {
                out.push(ReferralDate {
                    key: format!("referral:{}", r.id),
                    when: when.clone(),
                    title: format!("{} referred to {}", r.id, r.agency),
                    detail: [r.unit.as_str(), r.reference.as_str(), r.offences.as_str()]
                        .iter()
                        .filter(|s| !s.is_empty())
                        .copied()
                        .collect::<Vec<_>>()
                        .join(" \u{2014} "),
                    referral_id: r.id.clone(),
                    recorded_by: r.created_by.clone(),
                });
            }
        }
        for f in self.follow_ups(None)? {
            out.push(ReferralDate {
                key: format!("follow_up:{}", f.seq),
                when: day_moment(&f.on)?,
                title: format!(
                    "{} follow-up with {}",
                    f.referral_id,
                    agency(&f.referral_id)
                ),
                detail: f.note.clone(),
                referral_id: f.referral_id.clone(),
                recorded_by: f.recorded_by.clone(),
            });
            if let Some(due) = &f.due {
                out.push(ReferralDate {
                    key: format!("follow_up:{}:due", f.seq),
                    when: day_moment(due)?,
                    title: format!("{} next action due: {}", f.referral_id, f.next_action),
                    detail: String::new(),
                    referral_id: f.referral_id.clone(),
                    recorded_by: f.recorded_by.clone(),
                });
            }
        }
        for p in self.legal_process()? {
            out.push(ReferralDate {
                key: format!("legal_process:{}", p.id),
                when: day_moment(&p.received)?,
                title: format!("{} {} received ({})", p.id, p.kind.label(), p.referral_id),
                detail: p.scope.clone(),
                referral_id: p.referral_id.clone(),
                recorded_by: p.recorded_by.clone(),
            });
            if let Some(due) = &p.due {
                out.push(ReferralDate {
                    key: format!("legal_process:{}:due", p.id),
                    when: day_moment(due)?,
                    title: format!("{} {} response due", p.id, p.kind.label()),
                    detail: p.scope.clone(),
                    referral_id: p.referral_id.clone(),
                    recorded_by: p.recorded_by.clone(),
                });
            }
        }
        for d in self.delay_requests()? {
            out.push(ReferralDate {
                key: format!("delay:{}", d.id),
                when: day_moment(&d.from)?,
                title: format!(
                    "{} notification delay from {} ({})",
                    d.referral_id,
                    d.agency,
                    d.jurisdictions.join(", ")
                ),
                detail: format!(
                    "{} request {}",
                    if d.written { "Written" } else { "Oral" },
                    d.id
                ),
                referral_id: d.referral_id.clone(),
                recorded_by: d.recorded_by.clone(),
            });
            if let Some(end) = d.ends() {
                out.push(ReferralDate {
                    key: format!("delay:{}:end", d.id),
                    when: day_moment(&end)?,
                    title: format!(
                        "{} notification delay {} ends ({})",
                        d.referral_id,
                        d.id,
                        d.jurisdictions.join(", ")
                    ),
                    detail: if d.lifted_on.is_some() {
                        "Lifted".into()
                    } else {
                        "Until date".into()
                    },
                    referral_id: d.referral_id.clone(),
                    recorded_by: d.recorded_by.clone(),
                });
            }
        }
        Ok(out)
    }
}
