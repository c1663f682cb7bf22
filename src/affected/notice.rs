//! Notice tracking: each person's notification status with its history, updated by hand or by
//! a mailing house's results file, and notice lists exported for mail-merge with only the
//! fields the channel needs.

use super::normalise::{self, fold_header, mask, Field, Problem};
use super::person_ids::current_person_id;
use super::source::{self, ShapeOverride, SourceRow};
use super::{chosen_file, Reject};
use crate::error::{Error, Result};
use crate::evidence::{record_intake, EvidenceCategory, IntakeRequest};
use crate::progress::Progress;
use crate::store::Case;
use crate::vocab::vocabulary;
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use specta::Type;

vocabulary! {
    NoticeStatus {
        Pending = "pending", "Pending";
        Sent = "sent", "Sent";
        Bounced = "bounced", "Bounced";
        Returned = "returned", "Returned";
    }
}

vocabulary! {
    Channel {
        Mail = "mail", "Mail";
        Email = "email", "E-mail";
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct NoticeEvent {
    pub person_id: String,
    pub status: NoticeStatus,
    /// The day it happened (YYYY-MM-DD).
    pub at: String,
    pub channel: String,
    /// `manual`, or the evidence id of the results file it came from.
    pub source: String,
    pub recorded_at: String,
    pub recorded_by: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct NoticeUpdate {
    pub person_ids: Vec<String>,
    pub status: NoticeStatus,
    /// YYYY-MM-DD; defaults to today.
    pub at: Option<String>,
    pub channel: Option<Channel>,
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct NoticeImportReport {
    pub evidence_id: String,
    pub rows_read: u32,
    pub updated: u32,
    pub rejected: u32,
    pub blank: u32,
    /// The first rejects (unmatched people, unknown statuses).
    pub rejects: Vec<Reject>,
}

/// A person as a letter addresses them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Addressee {
    pub id: String,
    pub name: String,
    pub street: String,
    pub city: String,
    pub region: String,
    pub postal_code: String,
    pub country: String,
}

impl Addressee {
    /// The address block, one line each, empty parts left out.
    pub fn lines(&self) -> Vec<String> {
        let town = [
            self.city.as_str(),
            self.region.as_str(),
            self.postal_code.as_str(),
        ]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
        [
            self.name.clone(),
            self.street.clone(),
            town,
            self.country.clone(),
        ]
        .into_iter()
        .filter(|s| !s.trim().is_empty())
        .collect()
    }
}

/// Which people a notice list covers and for which channel.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Type)]
pub struct NoticeListRequest {
    pub dest: String,
    pub channel: Option<Channel>,
    pub country: Option<String>,
    pub region: Option<String>,
    /// Defaults to `pending`.
    pub status: Option<NoticeStatus>,
}

fn status_word(v: &str) -> Option<NoticeStatus> {
    match fold_header(v).as_str() {
        "pending" | "queued" | "notsent" => Some(NoticeStatus::Pending),
        "sent" | "mailed" | "delivered" | "ok" | "posted" | "emailed" | "success" => {
            Some(NoticeStatus::Sent)
        }
        "bounced" | "bounce" | "hardbounce" | "softbounce" | "undeliverable" | "failed" => {
            Some(NoticeStatus::Bounced)
        }
        "returned" | "return" | "returnedmail" | "returntosender" | "returnedtosender" | "rts"
        | "nixie" => Some(NoticeStatus::Returned),
        _ => None,
    }
}

fn channel_word(v: &str) -> Option<Channel> {
    match fold_header(v).as_str() {
        "mail" | "post" | "letter" | "postal" | "usps" => Some(Channel::Mail),
        "email" | "mailout" | "electronic" => Some(Channel::Email),
        _ => None,
    }
}

fn day(v: &str, field: &str) -> Result<String> {
    normalise::date(v)
        .map(|d| d.format("%Y-%m-%d").to_string())
        .map_err(|why| Error::invalid(field, format!("{v:?} {why}")))
}

impl Case {
    /// Records a status for the given people.
    pub fn set_notice_status(&mut self, u: NoticeUpdate) -> Result<u32> {
        if u.person_ids.is_empty() {
            return Err(Error::invalid("person_ids", "choose at least one person"));
        }
        let at = match u.at.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            Some(v) => day(v, "at")?,
            None => self.now().format("%Y-%m-%d").to_string(),
        };
        let channel = u.channel.map(|c| c.code()).unwrap_or("");
        if u.status != NoticeStatus::Pending && channel.is_empty() {
            return Err(Error::invalid(
                "channel",
                "say whether the notice went by mail or e-mail",
            ));
        }
        // An id from a list made before the case's ids were keyed still names its person.
        let ids = u
            .person_ids
            .iter()
            .map(|id| {
                current_person_id(self.conn(), id)?.ok_or_else(|| Error::NotFound {
                    what: "person",
                    id: id.clone(),
                })
            })
            .collect::<Result<Vec<String>>>()?;
        self.transact(|tx| {
            for id in &ids {
                append(
                    tx.conn(),
                    id,
                    u.status,
                    &at,
                    channel,
                    "manual",
                    &tx.now_str(),
                    tx.actor(),
                )?;
            }
            tx.record(
                "affected.notice",
                "people",
                "",
                None,
                Some(serde_json::json!({
                    "people": ids, "status": u.status, "at": at, "channel": channel,
                })),
            )
        })?;
        Ok(ids.len() as u32)
    }

    pub fn notice_history(&self, person_id: &str) -> Result<Vec<NoticeEvent>> {
        let mut stmt = self.conn().prepare(
            "SELECT person_id, status, at, channel, source, recorded_at, recorded_by
             FROM notice_events WHERE person_id = ?1 ORDER BY seq",
        )?;
        let rows = stmt
            .query_map([person_id], |r| {
                Ok(NoticeEvent {
                    person_id: r.get(0)?,
                    status: r.get(1)?,
                    at: r.get(2)?,
                    channel: r.get(3)?,
                    source: r.get(4)?,
                    recorded_at: r.get(5)?,
                    recorded_by: r.get(6)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Applies a mailing house's results file: each row names a person by `person_id` or
    /// e-mail and gives a status, and optionally a date and channel. The file is kept as
    /// evidence; unmatched rows are rejected, never guessed.
    pub fn import_notice_results(
        &mut self,
        path: &str,
        progress: &dyn Progress,
    ) -> Result<NoticeImportReport> {
        let path = chosen_file(path)?;
        let shape = source::detect(&path, &ShapeOverride::default())?;
        let headers = source::read(&path, &shape)?.headers;
        let find = |names: &[&str]| {
            headers
                .iter()
                .position(|h| names.contains(&fold_header(h).as_str()))
        };
        let id_col = find(&["personid", "casebookid", "id"]);
        let email_col = find(&["email", "emailaddress", "mail"]);
        let status_col =
            find(&["status", "result", "outcome", "deliverystatus"]).ok_or_else(|| {
                Error::invalid(
                    "file",
                    "the results file needs a status column (named status, result or outcome)",
                )
            })?;
        if id_col.is_none() && email_col.is_none() {
            return Err(Error::invalid(
                "file",
                "the results file needs a person_id or email column",
            ));
        }
        let date_col = find(&["date", "sentat", "sentdate", "maileddate", "at", "when"]);
        let channel_col = find(&["channel", "method", "medium"]);
        let mut intake = self.read_intake(
            IntakeRequest {
                paths: vec![path.to_string_lossy().into_owned()],
                description: Some("Notice results file".into()),
                category: Some(EvidenceCategory::Document),
                acquisition_method: Some("imported as notice results".into()),
                ..IntakeRequest::default()
            },
            progress,
        )?;
        let (content, read, original) = intake.content(0)?;
        let table = source::read_from(content, read.size, original, &shape)?;
        let today = self.now().format("%Y-%m-%d").to_string();
        let report = self.transact(|tx| {
            let ev = record_intake(tx, &mut intake)?;
            let evidence_id = ev.added[0].id.clone();
            let mut by_email = tx.conn().prepare("SELECT id FROM people WHERE email = ?1")?;
            let (mut rows_read, mut updated, mut blank) = (0u32, 0u32, 0u32);
            let mut rejects = Vec::new();
            let mut rejected = 0u32;
            for row in table {
                rows_read += 1;
                if rows_read % 1024 == 0 && progress.cancelled() {
                    return Err(Error::Cancelled);
                }
                let (row, fields) = match row? {
                    SourceRow::Blank { .. } => {
                        blank += 1;
                        continue;
                    }
                    SourceRow::Data { row, fields } => (row, fields),
                };
                let cell = |i: Option<usize>| i.and_then(|i| fields.get(i)).map(|s| s.trim()).unwrap_or("");
                let outcome: std::result::Result<(String, NoticeStatus, String, String), Problem> = (|| {
                    // An id the mailing house was given before the case's ids were keyed
                    // still matches, through the case's map.
                    let person = if !cell(id_col).is_empty() {
                        current_person_id(tx.conn(), cell(id_col)).ok().flatten()
                    } else {
                        let e = normalise::email(cell(email_col)).unwrap_or_default();
                        by_email.query_row([e], |r| r.get::<_, String>(0)).optional().ok().flatten()
                    }
                    .ok_or_else(|| Problem {
                        field: if cell(id_col).is_empty() { "email".into() } else { "person_id".into() },
                        problem: "matches no person in this case".into(),
                        value: if cell(id_col).is_empty() { mask(Field::Email, cell(email_col)) } else { cell(id_col).into() },
                    })?;
                    let status = status_word(cell(Some(status_col))).ok_or_else(|| Problem {
                        field: "status".into(),
                        problem: "is not sent, bounced, returned or pending".into(),
                        value: cell(Some(status_col)).chars().take(40).collect(),
                    })?;
                    let at = match cell(date_col) {
                        "" => today.clone(),
                        v => normalise::date(v).map(|d| d.format("%Y-%m-%d").to_string()).map_err(|why| Problem {
                            field: "date".into(),
                            problem: why.into(),
                            value: v.chars().take(40).collect(),
                        })?,
                    };
                    let channel = match cell(channel_col) {
                        "" => String::new(),
                        v => channel_word(v)
                            .ok_or_else(|| Problem {
                                field: "channel".into(),
                                problem: "is not mail or e-mail".into(),
                                value: v.chars().take(40).collect(),
                            })?
                            .code()
                            .to_string(),
                    };
                    Ok((person, status, at, channel))
                })();
                match outcome {
                    Ok((person, status, at, channel)) => {
                        append(tx.conn(), &person, status, &at, &channel, &evidence_id, &tx.now_str(), tx.actor())?;
                        updated += 1;
                    }
                    Err(p) => {
                        rejected += 1;
                        if rejects.len() < 200 {
                            rejects.push(Reject { row: row as u32, problem: p });
                        }
                    }
                }
            }
            drop(by_email);
            let report = NoticeImportReport { evidence_id, rows_read, updated, rejected, blank, rejects };
            tx.record(
                "affected.notice_results",
                "evidence",
                &report.evidence_id,
                None,
                Some(serde_json::json!({
                    "rows_read": rows_read, "updated": updated, "rejected": rejected, "blank": blank,
                })),
            )?;
            Ok(report)
        })?;
        intake.keep();
        Ok(report)
    }

    /// Calls `each` for every person of `country` (and `region`, when given) whose notice
    /// status is `status`, in list order, with what a letter is addressed to. Personal data:
    /// for documents the user asks for, which are audited by whoever writes them.
    pub(crate) fn for_each_addressee(
        &self,
        country: &str,
        region: Option<&str>,
        status: NoticeStatus,
        mut each: impl FnMut(Addressee) -> Result<()>,
    ) -> Result<()> {
        let mut stmt = self.conn().prepare(
            "SELECT id, name, street, city, region, postal_code, country FROM people
             WHERE notice_status = ?1 AND country = ?2 AND (?3 IS NULL OR region = ?3)
             ORDER BY pos",
        )?;
        let mut rows = stmt.query(params![status.code(), country, region])?;
        while let Some(r) = rows.next()? {
            each(Addressee {
                id: r.get(0)?,
                name: r.get(1)?,
                street: r.get(2)?,
                city: r.get(3)?,
                region: r.get(4)?,
                postal_code: r.get(5)?,
                country: r.get(6)?,
            })?;
        }
        Ok(())
    }

    /// Writes a mail-merge list as CSV: person id and name, then the e-mail (e-mail channel)
    /// or the postal address (mail). Exporting personal data is audited with the count. The
    /// steps [`Case::prepare_notice_list`], [`ListExport::run`], [`Case::commit_list`] back to
    /// back.
    ///
    /// [`ListExport::run`]: super::ListExport::run
    pub fn export_notice_list(&mut self, req: &NoticeListRequest) -> Result<u32> {
        let written = self.prepare_notice_list(req)?.run()?;
        self.commit_list(written)
    }

    /// The first step of a mail-merge list: checks the request.
    pub fn prepare_notice_list(&self, req: &NoticeListRequest) -> Result<super::ListExport> {
        if req.dest.trim().is_empty() {
            return Err(Error::invalid("dest", "choose where to save the list"));
        }
        self.list_export(
            super::lists::ListKind::Notices {
                channel: req.channel.unwrap_or(Channel::Mail),
                status: req.status.unwrap_or(NoticeStatus::Pending),
                country: req.country.clone().filter(|s| !s.is_empty()),
                region: req.region.clone().filter(|s| !s.is_empty()),
            },
            std::path::PathBuf::from(req.dest.trim()),
        )
    }
}

#[allow(clippy::too_many_arguments)]
fn append(
    c: &rusqlite::Connection,
    person: &str,
    status: NoticeStatus,
    at: &str,
    channel: &str,
    source: &str,
    now: &str,
    actor: &str,
) -> Result<()> {
    c.execute(
        "INSERT INTO notice_events (person_id, status, at, channel, source, recorded_at, recorded_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![person, status, at, channel, source, now, actor],
    )?;
    c.execute(
        "UPDATE people SET notice_status = ?2, notice_at = ?3, notice_channel = ?4 WHERE id = ?1",
        params![person, status, at, channel],
    )?;
    Ok(())
}
