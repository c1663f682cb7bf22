//! Harm reports against the stolen set: each report matched to an affected person (by the
//! ticket number quoted, then e-mail, then phone in E.164 — the affected records' account or
//! ticket id, normal-form e-mail and E.164 phone), and the tally other documents cite:
//! reports per ISO week, channel, kind and reporter, losses per currency, matched and
//! unmatched, and the share of reports that quote data from the stolen set.
//!
//! Matching happens at read time, so it always follows the affected people as they are: one
//! pass over the affected records picks those whose e-mail, phone or ticket any report names.

use super::{HarmReport, Quoted};
use crate::error::Result;
use crate::store::Case;
use crate::vocab::vocabulary;
use chrono::{Datelike, NaiveDate};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use specta::Type;
use std::collections::{BTreeMap, HashMap};

vocabulary! {
    /// What linked a report to an affected person.
    MatchedBy {
        Ticket = "ticket", "Ticket number";
        Email = "email", "E-mail";
        Phone = "phone", "Phone";
    }
}

/// The affected people that the values reports name belong to.
#[derive(Default)]
struct Known {
    ticket: HashMap<String, String>,
    email: HashMap<String, String>,
    phone: HashMap<String, String>,
}

/// A report's values for each element: the quoted one, else (for e-mail and phone) the
/// reporter's own.
fn values(r: &HarmReport) -> [(MatchedBy, Vec<&str>); 3] {
    [
        (MatchedBy::Ticket, vec![r.ticket.as_str()]),
        (
            MatchedBy::Email,
            vec![r.quoted_email.as_str(), r.email.as_str()],
        ),
        (
            MatchedBy::Phone,
            vec![r.quoted_phone.as_str(), r.phone_e164.as_str()],
        ),
    ]
}

fn known(conn: &Connection, reports: &[HarmReport]) -> Result<Known> {
    let mut want: [Vec<&str>; 3] = Default::default();
    for r in reports {
        for (i, (_, vs)) in values(r).into_iter().enumerate() {
            want[i].extend(vs.into_iter().filter(|v| !v.is_empty()));
        }
    }
    let mut k = Known::default();
    if want.iter().all(Vec::is_empty) {
        return Ok(k);
    }
    let json = |v: &Vec<&str>| serde_json::to_string(v).expect("strings");
    // One scan of the records; each IN list is built once. Lowest record id wins a tie.
    let mut stmt = conn.prepare(
        "SELECT account_id, email, phone, person_id(person_key) FROM affected_records
         WHERE account_id IN (SELECT value FROM json_each(?1))
            OR email IN (SELECT value FROM json_each(?2))
            OR phone IN (SELECT value FROM json_each(?3))
         ORDER BY id",
    )?;
    let mut rows = stmt.query([json(&want[0]), json(&want[1]), json(&want[2])])?;
    while let Some(r) = rows.next()? {
        let person: String = r.get(3)?;
        for (i, map) in [&mut k.ticket, &mut k.email, &mut k.phone]
            .into_iter()
            .enumerate()
        {
            let v: String = r.get(i)?;
            if !v.is_empty() {
                map.entry(v).or_insert_with(|| person.clone());
            }
        }
    }
    Ok(k)
}

/// Fills in each report's person, what matched it, and whether it quotes stolen data.
pub(crate) fn match_reports(conn: &Connection, reports: &mut [HarmReport]) -> Result<()> {
    let k = known(conn, reports)?;
    for r in reports.iter_mut() {
        let mut found: Option<(String, MatchedBy)> = None;
        let mut quotes = false;
        for (by, vs) in values(r) {
            let map = match by {
                MatchedBy::Ticket => &k.ticket,
                MatchedBy::Email => &k.email,
                MatchedBy::Phone => &k.phone,
            };
            let element = match by {
                MatchedBy::Ticket => Quoted::Ticket,
                MatchedBy::Email => Quoted::Email,
                MatchedBy::Phone => Quoted::Phone,
            };
            // The first value present is the one quoted (the quoted value, else the reporter's).
            let quoted = vs.iter().find(|v| !v.is_empty());
            if r.data_quoted.contains(&element) && quoted.is_some_and(|v| map.contains_key(*v)) {
                quotes = true;
            }
            if found.is_none() {
                found = vs.iter().find_map(|v| map.get(*v)).map(|p| (p.clone(), by));
            }
        }
        r.quotes_stolen_data = quotes;
        (r.person_id, r.matched_by) = match found {
            Some((p, by)) => (Some(p), Some(by)),
            None => (None, None),
        };
    }
    Ok(())
}

/// Harm reports in figures: what referral notes, statements and the packet cite.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
pub struct HarmTally {
    pub reports: u32,
    /// Reports linked to an affected person by ticket number, e-mail or phone.
    pub matched: u32,
    pub unmatched: u32,
    /// Reports in which the caller quoted a ticket number, e-mail or phone of the stolen set.
    pub quoting_stolen_data: u32,
    /// `quoting_stolen_data` as a share of `reports`, in percent to one decimal ("33.3").
    pub quoting_share_percent: String,
    /// Reports per ISO week of the day they were made (in the zone entered), `2019-W32`;
    /// every week from the first to the last is listed, weeks without reports at 0.
    pub by_week: BTreeMap<String, u32>,
    pub by_channel: BTreeMap<String, u32>,
    pub by_kind: BTreeMap<String, u32>,
    pub by_source: BTreeMap<String, u32>,
    /// Reports that say money was lost.
    pub with_loss: u32,
    /// Money lost per currency, exact.
    pub loss_total: Vec<super::money::Money>,
    /// Reports with a police reference.
    pub reported_to_police: u32,
    /// The first and last day reported (`YYYY-MM-DD`), when there are reports.
    pub first_day: Option<String>,
    pub last_day: Option<String>,
}

fn week(day: NaiveDate) -> String {
    let w = day.iso_week();
    format!("{}-W{:02}", w.year(), w.week())
}

/// The tally of `reports` (already matched).
pub fn tally(reports: &[HarmReport]) -> HarmTally {
    let mut t = HarmTally {
        reports: reports.len() as u32,
        ..HarmTally::default()
    };
    let mut days: Vec<NaiveDate> = Vec::new();
    let mut losses: BTreeMap<String, i64> = BTreeMap::new();
    for r in reports {
        if r.person_id.is_some() {
            t.matched += 1;
        }
        if r.quotes_stolen_data {
            t.quoting_stolen_data += 1;
        }
        if let Some(day) = r
            .when
            .local
            .get(..10)
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        {
            days.push(day);
            *t.by_week.entry(week(day)).or_default() += 1;
        }
        *t.by_channel.entry(r.channel.code().into()).or_default() += 1;
        *t.by_kind.entry(r.kind.code().into()).or_default() += 1;
        *t.by_source.entry(r.source.code().into()).or_default() += 1;
        if let Some(m) = &r.loss {
            t.with_loss += 1;
            *losses.entry(m.currency.clone()).or_default() += m.minor;
        }
        if !r.police_reference.is_empty() {
            t.reported_to_police += 1;
        }
    }
    t.unmatched = t.reports - t.matched;
    t.quoting_share_percent = if t.reports == 0 {
        "0.0".into()
    } else {
        // Rounded half up in tenths of a percent, in integers.
        let tenths =
            (t.quoting_stolen_data as u64 * 2000 + t.reports as u64) / (2 * t.reports as u64);
        format!("{}.{}", tenths / 10, tenths % 10)
    };
    t.loss_total = losses
        .into_iter()
        .map(|(c, m)| super::money::Money::new(&c, m))
        .collect();
    if let (Some(first), Some(last)) = (days.iter().min(), days.iter().max()) {
        let mut d = *first;
        while d <= *last {
            t.by_week.entry(week(d)).or_default();
            d += chrono::Duration::days(7);
        }
        t.by_week.entry(week(*last)).or_default();
        t.first_day = Some(first.to_string());
        t.last_day = Some(last.to_string());
    }
    t
}

impl Case {
    /// The harm-report tally as the case stands now.
    pub fn harm_tally(&self) -> Result<HarmTally> {
        Ok(tally(&self.harm_reports()?))
    }
}
