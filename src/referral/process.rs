//! What law enforcement sends back: legal process received (subpoena, order, warrant,
//! preservation or informal request) with its due date and response, and requests to delay
//! notification, which pause the deadlines of the jurisdictions they cover whose rules allow a
//! law-enforcement delay (the obligations engine reads [`Case::delay_requests`]; this module
//! knows no rule).

use super::{day, optional_day};
use crate::error::{Error, Result};
use crate::store::Case;
use crate::util::json::to_json;
use crate::util::text::normal_id;
use crate::util::text::{limited, required};
use crate::vocab::vocabulary;
use chrono::NaiveDate;
use rusqlite::params;
use serde::{Deserialize, Serialize};
use specta::Type;

vocabulary! {
    LegalProcessKind {
        Subpoena = "subpoena", "Subpoena";
        CourtOrder = "court_order", "Court order";
        Warrant = "warrant", "Warrant";
        PreservationRequest = "preservation_request", "Preservation request";
        InformalRequest = "informal_request", "Informal request";
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct LegalProcess {
    /// `LP-0001`.
    pub id: String,
    pub referral_id: String,
    pub kind: LegalProcessKind,
    /// `YYYY-MM-DD`.
    pub received: String,
    pub due: Option<String>,
    /// What it asks for.
    pub scope: String,
    /// What was sent back; empty while none was.
    pub response: String,
    /// Counsel handling it.
    pub counsel: String,
    pub recorded_at: String,
    pub recorded_by: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct LegalProcessInput {
    pub referral_id: String,
    pub kind: LegalProcessKind,
    /// `YYYY-MM-DD`.
    pub received: String,
    pub due: Option<String>,
    pub scope: String,
    pub response: Option<String>,
    pub counsel: Option<String>,
}

/// A request from law enforcement to hold notification back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct DelayRequest {
    /// `DR-0001`.
    pub id: String,
    /// The referral whose agency asked.
    pub referral_id: String,
    pub agency: String,
    /// The day it was asked for (`YYYY-MM-DD`).
    pub requested_on: String,
    /// The day the delay starts.
    pub from: String,
    /// The day it ends as asked; `None` until further notice.
    pub until: Option<String>,
    /// In writing (some rules only honour a written request) or oral.
    pub written: bool,
    /// The evidence item holding the written request.
    pub document: Option<String>,
    /// Jurisdiction codes it covers: `US-CA`, `EU`, `GB`…
    pub jurisdictions: Vec<String>,
    /// When to ask the agency whether it still holds.
    pub review_on: Option<String>,
    /// The day law enforcement lifted it, if it did before `until`.
    pub lifted_on: Option<String>,
    pub recorded_at: String,
    pub recorded_by: String,
}

impl DelayRequest {
    /// The day the delay ends: lifted, or its until date, whichever is first.
    pub fn ends(&self) -> Option<String> {
        match (&self.lifted_on, &self.until) {
            (Some(l), Some(u)) => Some(l.min(u).clone()),
            (Some(d), None) | (None, Some(d)) => Some(d.clone()),
            (None, None) => None,
        }
    }

    /// Holds on `day`: from its first day up to (not including) the day it ends.
    pub fn in_force_on(&self, day: NaiveDate) -> bool {
        let day = day.to_string();
        self.from <= day && self.ends().is_none_or(|end| day < end)
    }

    /// Covers `jurisdiction`: named exactly, or by the country it belongs to (`US` covers
    /// `US-CA`).
    pub fn covers(&self, jurisdiction: &str) -> bool {
        let j = jurisdiction.trim().to_uppercase();
        self.jurisdictions.iter().any(|c| {
            *c == j
                || j.strip_prefix(c.as_str())
                    .is_some_and(|r| r.starts_with('-'))
        })
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct DelayInput {
    pub referral_id: String,
    /// `YYYY-MM-DD`; the from day when absent.
    pub requested_on: Option<String>,
    pub from: String,
    pub until: Option<String>,
    pub jurisdictions: Vec<String>,
    /// A file holding the written request: registered as evidence with the delay. Oral when
    /// absent.
    pub written_copy: Option<String>,
    pub review_on: Option<String>,
}

/// A jurisdiction code as users type it (`us-ca`), checked for shape: two letters for a
/// country or bloc (`EU`, `GB`, `JP`), optionally a dash and a subdivision (`US-CA`).
pub fn jurisdiction_code(s: &str) -> Result<String> {
    let code = s.trim().to_uppercase();
    let (country, sub) = match code.split_once('-') {
        Some((c, s)) => (c, Some(s)),
        None => (code.as_str(), None),
    };
    let letters = |s: &str, max: usize| {
        !s.is_empty() && s.len() <= max && s.chars().all(|c| c.is_ascii_alphanumeric())
    };
    let ok = country.len() == 2
        && country.chars().all(|c| c.is_ascii_uppercase())
        && sub.is_none_or(|s| letters(s, 3));
    if !ok {
        return Err(Error::invalid(
            "jurisdictions",
            format!(
                "{:?} is not a jurisdiction code; use a country or bloc (US, EU, GB) or a \
                 country and subdivision (US-CA, CA-ON)",
                s.trim()
            ),
        ));
    }
    Ok(code)
}

const SELECT_PROCESS: &str = "SELECT id, referral_id, kind, received, due, scope, response, \
    counsel, recorded_at, recorded_by FROM referral_legal_process";

fn read_process(r: &rusqlite::Row) -> rusqlite::Result<LegalProcess> {
    Ok(LegalProcess {
        id: r.get(0)?,
        referral_id: r.get(1)?,
        kind: r.get(2)?,
        received: r.get(3)?,
        due: r.get(4)?,
        scope: r.get(5)?,
        response: r.get(6)?,
        counsel: r.get(7)?,
        recorded_at: r.get(8)?,
        recorded_by: r.get(9)?,
    })
}

const SELECT_DELAYS: &str = "SELECT d.id, d.referral_id, r.agency, d.requested_on, d.from_date, \
    d.until_date, d.written, d.document, d.jurisdictions, d.review_on, d.lifted_on, \
    d.recorded_at, d.recorded_by FROM referral_delays d JOIN referrals r ON r.id = d.referral_id";

fn read_delay(r: &rusqlite::Row) -> rusqlite::Result<(DelayRequest, String)> {
    Ok((
        DelayRequest {
            id: r.get(0)?,
            referral_id: r.get(1)?,
            agency: r.get(2)?,
            requested_on: r.get(3)?,
            from: r.get(4)?,
            until: r.get(5)?,
            written: r.get(6)?,
            document: r.get(7)?,
            jurisdictions: Vec::new(),
            review_on: r.get(9)?,
            lifted_on: r.get(10)?,
            recorded_at: r.get(11)?,
            recorded_by: r.get(12)?,
        },
        r.get(8)?,
    ))
}

fn finish_delay((mut d, codes): (DelayRequest, String)) -> Result<DelayRequest> {
    d.jurisdictions = serde_json::from_str(&codes).map_err(|e| {
        Error::corrupt(format!(
            "the jurisdictions of delay {} are damaged: {e}",
            d.id
        ))
    })?;
    Ok(d)
}

impl Case {
    /// Every piece of legal process received, oldest first.
    pub fn legal_process(&self) -> Result<Vec<LegalProcess>> {
        let mut stmt = self
            .conn()
            .prepare(&format!("{SELECT_PROCESS} ORDER BY num"))?;
        let rows = stmt.query_map([], read_process)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn one_legal_process(&self, id: &str) -> Result<LegalProcess> {
        let id = normal_id(id, "LP");
        self.legal_process()?
            .into_iter()
            .find(|p| p.id == id)
            .ok_or(Error::NotFound {
                what: "legal process",
                id,
            })
    }

    /// Records legal process received under a referral.
    pub fn add_legal_process(&mut self, input: LegalProcessInput) -> Result<LegalProcess> {
        let referral = self.referral(&input.referral_id)?;
        let received = day("received", &input.received)?;
        let due = optional_day("due", input.due.as_deref())?;
        if due.is_some_and(|d| d < received) {
            return Err(Error::invalid(
                "due",
                "the due date is before the day it was received",
            ));
        }
        let scope = limited(
            "scope",
            &required("scope", &input.scope, "what it asks for")?,
            5_000,
        )?;
        let response = limited("response", input.response.as_deref().unwrap_or(""), 10_000)?;
        let counsel = limited("counsel", input.counsel.as_deref().unwrap_or(""), 200)?;
        self.transact(|tx| {
            let (num, id) = tx.next_id("referral_legal_process", "LP")?;
            tx.conn().execute(
                "INSERT INTO referral_legal_process (id, num, referral_id, kind, received, due,
                     scope, response, counsel, recorded_at, recorded_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                params![
                    id,
                    num,
                    referral.id,
                    input.kind,
                    received.to_string(),
                    due.map(|d| d.to_string()),
                    scope,
                    response,
                    counsel,
                    tx.now_str(),
                    tx.actor()
                ],
            )?;
            let p = tx.conn().query_row(
                &format!("{SELECT_PROCESS} WHERE id = ?1"),
                [&id],
                read_process,
            )?;
            tx.record(
                "referral.legal_process",
                "referral",
                &referral.id,
                None,
                Some(to_json(&p)),
            )?;
            Ok(p)
        })
    }

    /// Records the response sent to legal process; audited with the response it replaces.
    pub fn respond_legal_process(&mut self, id: &str, response: &str) -> Result<LegalProcess> {
        let old = self.one_legal_process(id)?;
        let response = limited(
            "response",
            &required("response", response, "what was sent back")?,
            10_000,
        )?;
        self.transact(|tx| {
            tx.conn().execute(
                "UPDATE referral_legal_process SET response = ?2 WHERE id = ?1",
                params![old.id, response],
            )?;
            tx.record(
                "referral.legal_response",
                "referral",
                &old.referral_id,
                Some(serde_json::json!({ "id": old.id, "response": old.response })),
                Some(serde_json::json!({ "id": old.id, "response": response })),
            )
        })?;
        self.one_legal_process(&old.id)
    }

    /// Every request to delay notification, oldest first.
    pub fn delay_requests(&self) -> Result<Vec<DelayRequest>> {
        let mut stmt = self
            .conn()
            .prepare(&format!("{SELECT_DELAYS} ORDER BY d.num"))?;
        let rows = stmt
            .query_map([], read_delay)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter().map(finish_delay).collect()
    }

    fn delay_request(&self, id: &str) -> Result<DelayRequest> {
        let id = normal_id(id, "DR");
        self.delay_requests()?
            .into_iter()
            .find(|d| d.id == id)
            .ok_or(Error::NotFound {
                what: "delay request",
                id,
            })
    }

    /// The delays that covered `jurisdiction` at any time: a notice there must say it was
    /// delayed by law enforcement when this is not empty (California, domain.md §6.1).
    pub fn law_enforcement_delays_for(&self, jurisdiction: &str) -> Result<Vec<DelayRequest>> {
        let code = jurisdiction_code(jurisdiction)?;
        Ok(self
            .delay_requests()?
            .into_iter()
            .filter(|d| d.covers(&code))
            .collect())
    }

    /// Whether notice in `jurisdiction` was (or is being) delayed at law enforcement's request.
    pub fn notice_delayed_by_law_enforcement(&self, jurisdiction: &str) -> Result<bool> {
        Ok(!self.law_enforcement_delays_for(jurisdiction)?.is_empty())
    }

    /// Records a request to delay notification; a written copy becomes an evidence item in
    /// the same transaction (nothing is recorded if either fails).
    pub fn add_delay_request(&mut self, input: DelayInput) -> Result<DelayRequest> {
        let referral = self.referral(&input.referral_id)?;
        let from = day("from", &input.from)?;
        let until = optional_day("until", input.until.as_deref())?;
        if until.is_some_and(|u| u < from) {
            return Err(Error::invalid("until", "the delay ends before it starts"));
        }
        let requested_on =
            optional_day("requested_on", input.requested_on.as_deref())?.unwrap_or(from);
        let review_on = optional_day("review_on", input.review_on.as_deref())?;
        if input.jurisdictions.is_empty() {
            return Err(Error::invalid(
                "jurisdictions",
                "name the jurisdictions the delay covers, e.g. US-CA,US-NY",
            ));
        }
        let mut codes = input
            .jurisdictions
            .iter()
            .map(|j| jurisdiction_code(j))
            .collect::<Result<Vec<_>>>()?;
        codes.sort();
        codes.dedup();
        let mut written = match input
            .written_copy
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            Some(path) => Some(self.read_document(
                path,
                "written",
                format!(
                    "Written request from {} to delay notification",
                    referral.agency
                ),
                referral.agency.clone(),
                Some("received with a delay request"),
            )?),
            None => None,
        };
        let delay = self.transact(|tx| {
            let document = match &mut written {
                Some(intake) => Some(intake.record_document(tx)?),
                None => None,
            };
            let (num, id) = tx.next_id("referral_delays", "DR")?;
            tx.conn().execute(
                "INSERT INTO referral_delays (id, num, referral_id, requested_on, from_date,
                     until_date, written, document, jurisdictions, review_on, recorded_at,
                     recorded_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                params![
                    id,
                    num,
                    referral.id,
                    requested_on.to_string(),
                    from.to_string(),
                    until.map(|d| d.to_string()),
                    document.is_some(),
                    document,
                    serde_json::to_string(&codes).expect("strings serialise"),
                    review_on.map(|d| d.to_string()),
                    tx.now_str(),
                    tx.actor()
                ],
            )?;
            let d = finish_delay(tx.conn().query_row(
                &format!("{SELECT_DELAYS} WHERE d.id = ?1"),
                [&id],
                read_delay,
            )?)?;
            tx.record(
                "referral.delay",
                "referral",
                &referral.id,
                None,
                Some(to_json(&d)),
            )?;
            Ok(d)
        })?;
        if let Some(intake) = written {
            intake.keep();
        }
        Ok(delay)
    }

    /// Records the day law enforcement lifted a delay; the paused clocks resume from it.
    pub fn lift_delay(&mut self, id: &str, on: &str) -> Result<DelayRequest> {
        let old = self.delay_request(id)?;
        let on = day("on", on)?;
        if on.to_string() < old.from {
            return Err(Error::invalid(
                "on",
                format!(
                    "{} starts on {}; it cannot be lifted before",
                    old.id, old.from
                ),
            ));
        }
        if let Some(l) = &old.lifted_on {
            return Err(Error::invalid(
                "on",
                format!("{} was already lifted on {l}", old.id),
            ));
        }
        self.transact(|tx| {
            tx.conn().execute(
                "UPDATE referral_delays SET lifted_on = ?2 WHERE id = ?1",
                params![old.id, on.to_string()],
            )?;
            tx.record(
                "referral.delay_lifted",
                "referral",
                &old.referral_id,
                Some(serde_json::json!({ "id": old.id, "lifted_on": null })),
                Some(serde_json::json!({ "id": old.id, "lifted_on": on.to_string() })),
            )
        })?;
        self.delay_request(&old.id)
    }
}
