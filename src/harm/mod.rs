//! Harm reports: customers and staff telling the company about scam calls, phishing, account
//! takeover or fraud that used the stolen data — the victims' evidence for a law-enforcement
//! referral and the proof of risk that drives notification. A report (`HR-0001`…) records when
//! (UTC and the zone entered), the channel and kind, what the caller claimed, which real data
//! they quoted (and its values, for matching), money lost (exact, in minor units), a police
//! reference, the reporter's contact and notes.
//!
//! Reports are entered one at a time or imported from a file (`import`); each is matched to
//! an affected person at read time (`tally`), so a match follows the people as they are now.
//! The reporter's contact and the quoted values are personal data with the affected records'
//! rules: in the encrypted database only, masked in messages and rejects, never in the audit
//! chain (which records ids, vocabulary codes, amounts and counts).

pub mod import;
pub mod money;
pub mod tally;

use crate::affected::normalise;
use crate::affected::places;
use crate::error::{Error, Result};
use crate::moment::{self, Moment};
use crate::store::{Case, Tx};
use crate::util::json::to_json;
use crate::util::text::limited;
use crate::vocab::vocabulary;
use money::Money;
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use specta::Type;

pub use import::{HarmField, HarmFieldMap, HarmImport, HarmImportReport, HarmImportRequest};
pub use tally::{HarmTally, MatchedBy};

vocabulary! {
    /// How the harm reached the person.
    HarmChannel {
        PhoneCall = "phone_call", "Phone call";
        Sms = "sms", "SMS / text message";
        Email = "email", "E-mail";
        Web = "web", "Web or chat";
        InPerson = "in_person", "In person";
        Other = "other", "Other";
    }
}

vocabulary! {
    /// What was attempted or done.
    HarmKind {
        ScamCall = "scam_call", "Scam call";
        Phishing = "phishing", "Phishing";
        AccountTakeover = "account_takeover", "Account takeover";
        Fraud = "fraud", "Fraud";
        Other = "other", "Other";
    }
}

vocabulary! {
    /// Who reported it.
    ReporterKind {
        Customer = "customer", "Customer";
        Staff = "staff", "Staff";
    }
}

vocabulary! {
    /// A piece of real data the caller quoted.
    Quoted {
        Ticket = "ticket", "Ticket number";
        Name = "name", "Name";
        Email = "email", "E-mail address";
        Phone = "phone", "Phone number";
        Address = "address", "Postal address";
        Other = "other", "Other";
    }
}

/// A harm report as entered. Field names are those of the import mapping ([`HarmField`]), so
/// a form and an import name a bad value alike. `ticket`, `quoted_email` and `quoted_phone`
/// are the values the caller quoted; a quoted e-mail or phone without its own value is the
/// reporter's (`email`, `phone`): callers read victims their own data.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct HarmInput {
    /// `YYYY-MM-DD`, `YYYY-MM-DD HH:MM` (in `tz`) or RFC 3339.
    pub when: String,
    /// The zone `when` was given in; UTC when empty.
    pub tz: String,
    pub channel: HarmChannel,
    pub kind: HarmKind,
    pub source: ReporterKind,
    /// What the caller said they were ("Northwind support, calling about your ticket").
    pub caller_claimed: String,
    pub data_quoted: Vec<Quoted>,
    pub ticket: String,
    pub quoted_email: String,
    pub quoted_phone: String,
    /// Money lost, e.g. `250.00`, `$250`, `1,200 EUR`; empty when none.
    pub loss: String,
    /// ISO 4217 code for `loss` when it carries none; USD when neither says.
    pub currency: String,
    /// The police report or crime reference the reporter was given.
    pub police_reference: String,
    /// The reporter's contact (personal data).
    pub email: String,
    pub phone: String,
    pub notes: String,
}

impl Default for HarmInput {
    fn default() -> Self {
        HarmInput {
            when: String::new(),
            tz: String::new(),
            channel: HarmChannel::PhoneCall,
            kind: HarmKind::ScamCall,
            source: ReporterKind::Customer,
            caller_claimed: String::new(),
            data_quoted: Vec::new(),
            ticket: String::new(),
            quoted_email: String::new(),
            quoted_phone: String::new(),
            loss: String::new(),
            currency: String::new(),
            police_reference: String::new(),
            email: String::new(),
            phone: String::new(),
            notes: String::new(),
        }
    }
}

/// A recorded harm report, with its match to an affected person as the case stands now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct HarmReport {
    pub id: String,
    pub when: Moment,
    pub channel: HarmChannel,
    pub kind: HarmKind,
    pub source: ReporterKind,
    pub caller_claimed: String,
    pub data_quoted: Vec<Quoted>,
    pub ticket: String,
    pub quoted_email: String,
    /// E.164 when the number has that form, else as given.
    pub quoted_phone: String,
    pub loss: Option<Money>,
    pub police_reference: String,
    pub email: String,
    /// As given.
    pub phone: String,
    /// Its E.164 form, which matching uses; empty when it has none.
    pub phone_e164: String,
    pub notes: String,
    /// The import it came from and its row there; `None` when entered by hand.
    pub import_id: Option<String>,
    pub row: Option<u32>,
    pub created_by: String,
    /// The affected person it matches (by ticket number, e-mail or phone), if any.
    pub person_id: Option<String>,
    pub matched_by: Option<MatchedBy>,
    /// Whether a quoted ticket number, e-mail or phone is one of the affected records'.
    pub quotes_stolen_data: bool,
}

/// Why a value of a report is refused: the field and the reason, never the value (the caller
/// masks it when it shows one).
#[derive(Debug)]
pub(crate) struct Bad {
    pub field: HarmField,
    pub why: String,
}

fn bad(field: HarmField, why: impl Into<String>) -> Bad {
    Bad {
        field,
        why: why.into(),
    }
}

impl From<Bad> for Error {
    fn from(b: Bad) -> Error {
        Error::invalid(b.field.code(), b.why)
    }
}

/// A report checked and in normal form, ready to insert.
pub(crate) struct Valid {
    when: Moment,
    channel: HarmChannel,
    kind: HarmKind,
    source: ReporterKind,
    caller_claimed: String,
    data_quoted: Vec<Quoted>,
    ticket: String,
    quoted_email: String,
    quoted_phone: String,
    loss: Option<Money>,
    police_reference: String,
    email: String,
    phone_raw: String,
    phone: String,
    notes: String,
}

fn text(field: HarmField, v: &str, max: usize) -> std::result::Result<String, Bad> {
    limited(field.code(), v, max).map_err(|_| {
        bad(
            field,
            format!("is longer than {max} characters; shorten it"),
        )
    })
}

fn email_of(field: HarmField, v: &str) -> std::result::Result<String, Bad> {
    if v.trim().is_empty() {
        return Ok(String::new());
    }
    normalise::email(v).map_err(|why| bad(field, why))
}

/// E.164 when the number has that form (a number without a country code is read as US, where
/// the reference incident's callers were), else the digits as given.
fn phone_of(v: &str) -> String {
    let v = v.trim();
    places::e164(v, Some("US")).unwrap_or_else(|| v.to_string())
}

pub(crate) fn validate(i: &HarmInput) -> std::result::Result<Valid, Bad> {
    let when = moment::parse(&i.when, &i.tz, "when").map_err(|e| match e {
        Error::Invalid { field, message } if field == "tz" => bad(HarmField::Tz, message),
        e => bad(HarmField::When, invalid_message(e)),
    })?;
    let loss = money::parse(&i.loss, &i.currency)?;
    let mut data_quoted = i.data_quoted.clone();
    data_quoted.sort();
    data_quoted.dedup();
    Ok(Valid {
        when,
        channel: i.channel,
        kind: i.kind,
        source: i.source,
        caller_claimed: text(HarmField::CallerClaimed, &i.caller_claimed, 2_000)?,
        data_quoted,
        ticket: text(HarmField::Ticket, &i.ticket, 100)?,
        quoted_email: email_of(HarmField::QuotedEmail, &i.quoted_email)?,
        quoted_phone: phone_of(&text(HarmField::QuotedPhone, &i.quoted_phone, 40)?),
        loss,
        police_reference: text(HarmField::PoliceReference, &i.police_reference, 200)?,
        email: email_of(HarmField::Email, &i.email)?,
        phone_raw: text(HarmField::Phone, &i.phone, 40)?,
        phone: match i.phone.trim() {
            "" => String::new(),
            p => places::e164(p, Some("US")).unwrap_or_default(),
        },
        notes: text(HarmField::Notes, &i.notes, 20_000)?,
    })
}

/// The message of an input error, without its field (the caller names the field).
fn invalid_message(e: Error) -> String {
    match e {
        Error::Invalid { message, .. } => message,
        e => e.to_string(),
    }
}

const SELECT: &str =
    "SELECT id, at_utc, tz, channel, kind, source, claimed, quoted, quoted_ticket, \
    quoted_email, quoted_phone, loss_minor, currency, police_reference, reporter_email, \
    reporter_phone_raw, reporter_phone, notes, import_id, row_num, created_by FROM harm_reports";

fn read_report(r: &rusqlite::Row) -> rusqlite::Result<(HarmReport, String, String)> {
    let quoted: String = r.get(7)?;
    let loss_minor: Option<i64> = r.get(11)?;
    let currency: String = r.get(12)?;
    Ok((
        HarmReport {
            id: r.get(0)?,
            when: Moment {
                utc: String::new(),
                tz: String::new(),
                local: String::new(),
            },
            channel: r.get(3)?,
            kind: r.get(4)?,
            source: r.get(5)?,
            caller_claimed: r.get(6)?,
            data_quoted: quoted
                .split(',')
                .filter(|q| !q.is_empty())
                .filter_map(|q| Quoted::parse(q, "data_quoted").ok())
                .collect(),
            ticket: r.get(8)?,
            quoted_email: r.get(9)?,
            quoted_phone: r.get(10)?,
            loss: loss_minor.map(|m| Money::new(&currency, m)),
            police_reference: r.get(13)?,
            email: r.get(14)?,
            phone: r.get(15)?,
            phone_e164: r.get(16)?,
            notes: r.get(17)?,
            import_id: r.get(18)?,
            row: r.get(19)?,
            created_by: r.get(20)?,
            person_id: None,
            matched_by: None,
            quotes_stolen_data: false,
        },
        r.get(1)?,
        r.get(2)?,
    ))
}

fn with_moment((mut h, at, tz): (HarmReport, String, String)) -> Result<HarmReport> {
    h.when = Moment::from_stored(&at, &tz)?;
    Ok(h)
}

/// What the audit chain keeps of a report: its id, when, vocabulary codes, the elements
/// quoted (not their values), the loss and the police reference — nothing that names anyone.
#[derive(Serialize)]
struct Audited<'a> {
    id: &'a str,
    when: &'a str,
    channel: HarmChannel,
    kind: HarmKind,
    source: ReporterKind,
    data_quoted: &'a [Quoted],
    loss: &'a Option<Money>,
    police_reference: &'a str,
}

/// Inserts one report under the next `HR-` id; returns the id.
pub(crate) fn insert(tx: &Tx, v: &Valid, from: Option<(&str, u32)>) -> Result<String> {
    let num: i64 = tx.conn().query_row(
        "SELECT coalesce(max(num), 0) + 1 FROM harm_reports",
        [],
        |r| r.get(0),
    )?;
    let id = format!("HR-{num:04}");
    let quoted: Vec<&str> = v.data_quoted.iter().map(|q| q.code()).collect();
    tx.conn().execute(
        "INSERT INTO harm_reports (id, num, at_utc, tz, channel, kind, source, claimed, quoted,
            quoted_ticket, quoted_email, quoted_phone, loss_minor, currency, police_reference,
            reporter_email, reporter_phone_raw, reporter_phone, notes, import_id, row_num,
            created_at, created_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
            ?19, ?20, ?21, ?22, ?23)",
        params![
            id,
            num,
            v.when.utc,
            v.when.tz,
            v.channel,
            v.kind,
            v.source,
            v.caller_claimed,
            quoted.join(","),
            v.ticket,
            v.quoted_email,
            v.quoted_phone,
            v.loss.as_ref().map(|m| m.minor),
            v.loss.as_ref().map(|m| m.currency.as_str()).unwrap_or(""),
            v.police_reference,
            v.email,
            v.phone_raw,
            v.phone,
            v.notes,
            from.map(|f| f.0),
            from.map(|f| f.1),
            tx.now_str(),
            tx.actor()
        ],
    )?;
    Ok(id)
}

impl Case {
    /// Records one harm report; returns it, matched against the affected people.
    pub fn add_harm_report(&mut self, input: HarmInput) -> Result<HarmReport> {
        let v = validate(&input)?;
        let id = self.transact(|tx| {
            let id = insert(tx, &v, None)?;
            let audited = Audited {
                id: &id,
                when: &v.when.utc,
                channel: v.channel,
                kind: v.kind,
                source: v.source,
                data_quoted: &v.data_quoted,
                loss: &v.loss,
                police_reference: &v.police_reference,
            };
            tx.record(
                "harm.add",
                "harm_report",
                &id,
                None,
                Some(to_json(&audited)),
            )?;
            Ok(id)
        })?;
        self.harm_report(&id)
    }

    /// One report, matched.
    pub fn harm_report(&self, id: &str) -> Result<HarmReport> {
        let found = self
            .conn()
            .query_row(&format!("{SELECT} WHERE id = ?1"), [id], read_report)
            .optional()?
            .ok_or_else(|| Error::NotFound {
                what: "harm report",
                id: id.to_string(),
            })?;
        let mut one = vec![with_moment(found)?];
        tally::match_reports(self.conn(), &mut one)?;
        Ok(one.remove(0))
    }

    /// How many harm reports fall on each UTC day, oldest day first: the timeline's density
    /// strip, which needs no report's content.
    pub fn harm_reports_per_day(&self) -> Result<Vec<(String, u32)>> {
        let mut stmt = self.conn().prepare(
            "SELECT substr(at_utc, 1, 10) AS day, count(*) FROM harm_reports
             GROUP BY day ORDER BY day",
        )?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Every harm report, oldest first (then by id), each matched against the affected people.
    pub fn harm_reports(&self) -> Result<Vec<HarmReport>> {
        let mut stmt = self
            .conn()
            .prepare(&format!("{SELECT} ORDER BY at_utc, num"))?;
        let rows = stmt
            .query_map([], read_report)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut reports = rows
            .into_iter()
            .map(with_moment)
            .collect::<Result<Vec<_>>>()?;
        tally::match_reports(self.conn(), &mut reports)?;
        Ok(reports)
    }
}
