//! Importing harm reports from a CSV/TSV or `.xlsx` file with the affected import's machinery:
//! the same reader (encoding, delimiter, sheets, blank rows counted), the file registered as
//! an evidence item in the import's own transaction and the vault copy read, every row
//! accepted, rejected (row, field, reason, value masked) or blank, with
//! `accepted + rejected + blank = rows` held by a `CHECK`. The mapping is suggested from
//! header names (`when`/`date`, `channel`, `caller_claimed`, `data_quoted`, `email`, `phone`,
//! `ticket`, `loss`/`amount`…); values are read leniently ("call", "text", "$250").

use super::{bad, insert, validate, Bad, HarmChannel, HarmInput, HarmKind, Quoted, ReporterKind};
use crate::affected::normalise::{
    audited_mapping, column_missing, fold_header, mask, mask_text, Field, Problem,
};
use crate::affected::source::{self, Shape, ShapeOverride, SourceRow};
use crate::affected::{already_imported, ImportFile, Reject, StagedImport};
use crate::error::{Error, Result};
use crate::evidence::{record_intake, EvidenceCategory, IntakeRequest};
use crate::progress::Progress;
use crate::store::Case;
use crate::util::json::to_json;
use crate::vocab::vocabulary;
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use specta::Type;

vocabulary! {
    /// What a column of a harm-report file can hold; also the names of [`HarmInput`]'s fields.
    HarmField {
        When = "when", "When";
        Tz = "tz", "Time zone";
        Channel = "channel", "Channel";
        Kind = "kind", "Kind";
        Source = "source", "Reported by (customer or staff)";
        CallerClaimed = "caller_claimed", "What the caller claimed";
        DataQuoted = "data_quoted", "Data quoted";
        Ticket = "ticket", "Ticket number quoted";
        QuotedEmail = "quoted_email", "E-mail quoted";
        QuotedPhone = "quoted_phone", "Phone quoted";
        Loss = "loss", "Money lost";
        Currency = "currency", "Currency";
        PoliceReference = "police_reference", "Police reference";
        Email = "email", "Reporter's e-mail";
        Phone = "phone", "Reporter's phone";
        Notes = "notes", "Notes";
    }
}

/// Which column feeds which field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct HarmFieldMap {
    pub field: HarmField,
    pub column: String,
}

/// Header words that suggest each field, compared folded (lower-case, letters and digits).
const SYNONYMS: &[(HarmField, &[&str])] = &[
    (
        HarmField::When,
        &[
            "when",
            "date",
            "datetime",
            "reportedat",
            "occurredat",
            "calldate",
            "timestamp",
            "time",
            "dateofcall",
            "receivedat",
        ],
    ),
    (HarmField::Tz, &["tz", "timezone", "zone"]),
    (
        HarmField::Channel,
        &["channel", "via", "medium", "contactchannel"],
    ),
    (
        HarmField::Kind,
        &[
            "kind",
            "type",
            "harmtype",
            "harmkind",
            "incidenttype",
            "category",
        ],
    ),
    (
        HarmField::Source,
        &["source", "reporter", "reportertype", "reportedby"],
    ),
    (
        HarmField::CallerClaimed,
        &[
            "callerclaimed",
            "claimed",
            "claim",
            "callersaid",
            "pretext",
            "claimedtobe",
        ],
    ),
    (
        HarmField::DataQuoted,
        &[
            "dataquoted",
            "quoted",
            "quoteddata",
            "dataused",
            "elementsquoted",
        ],
    ),
    (
        HarmField::Ticket,
        &[
            "ticket",
            "ticketnumber",
            "ticketid",
            "ticketno",
            "quotedticket",
            "srnumber",
        ],
    ),
    (HarmField::QuotedEmail, &["quotedemail"]),
    (HarmField::QuotedPhone, &["quotedphone"]),
    (
        HarmField::Loss,
        &[
            "loss",
            "amount",
            "amountlost",
            "moneylost",
            "lossamount",
            "lost",
        ],
    ),
    (HarmField::Currency, &["currency", "ccy", "currencycode"]),
    (
        HarmField::PoliceReference,
        &[
            "policereference",
            "policeref",
            "policereport",
            "reportedtopolice",
            "policecase",
            "crimereference",
        ],
    ),
    (
        HarmField::Email,
        &[
            "email",
            "emailaddress",
            "reporteremail",
            "customeremail",
            "contactemail",
            "mail",
        ],
    ),
    (
        HarmField::Phone,
        &[
            "phone",
            "phonenumber",
            "reporterphone",
            "telephone",
            "mobile",
            "contactphone",
        ],
    ),
    (
        HarmField::Notes,
        &["notes", "note", "comments", "comment", "description"],
    ),
];

/// A mapping guessed from header names: each field to the first unused column named like it.
pub fn suggest(headers: &[String]) -> Vec<HarmFieldMap> {
    let folded: Vec<String> = headers.iter().map(|h| fold_header(h)).collect();
    let mut used = vec![false; headers.len()];
    let mut out = Vec::new();
    for (field, words) in SYNONYMS {
        let found = words
            .iter()
            .find_map(|w| (0..headers.len()).find(|&i| !used[i] && folded[i] == *w));
        if let Some(i) = found {
            used[i] = true;
            out.push(HarmFieldMap {
                field: *field,
                column: headers[i].clone(),
            });
        }
    }
    out
}

/// The mapping resolved against the headers: each mapped field with its column index.
fn resolve(mapping: &[HarmFieldMap], headers: &[String]) -> Result<Vec<(HarmField, usize)>> {
    let mut cols: Vec<(HarmField, usize)> = Vec::new();
    for m in mapping {
        let idx = headers
            .iter()
            .position(|h| h == m.column.trim())
            .ok_or_else(|| column_missing(m.field.label(), &m.column, headers))?;
        if cols.iter().any(|(f, _)| *f == m.field) {
            return Err(Error::invalid(
                "mapping",
                format!("{} is mapped twice; map it to one column", m.field.label()),
            ));
        }
        cols.push((m.field, idx));
    }
    if !cols.iter().any(|(f, _)| *f == HarmField::When) {
        return Err(Error::invalid(
            "mapping",
            "map a column to When: every harm report needs its date",
        ));
    }
    Ok(cols)
}

/// The first rows of a file as it will be read, and the mapping that would be used.
#[derive(Debug, Clone, Serialize, Type)]
pub struct HarmPreview {
    pub shape: Shape,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// The file line each of `rows` starts on (the header is line 1).
    pub lines: Vec<u32>,
    pub mapping: Vec<HarmFieldMap>,
}

/// What a user gives to import a file of harm reports.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Type)]
pub struct HarmImportRequest {
    pub path: String,
    #[serde(default)]
    pub shape: ShapeOverride,
    /// The suggestion from header names when `None`.
    pub mapping: Option<Vec<HarmFieldMap>>,
    /// The zone of times that carry none and have no time-zone column; UTC when `None`.
    pub tz: Option<String>,
    /// Where the file came from, for its evidence record.
    pub source: Option<String>,
}

/// One import of harm reports, as recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct HarmImport {
    pub id: String,
    pub file_name: String,
    pub evidence_id: String,
    pub sha256: String,
    pub mapping: Vec<HarmFieldMap>,
    pub rows_read: u32,
    pub accepted: u32,
    pub rejected: u32,
    pub blank: u32,
    pub imported_at: String,
    pub imported_by: String,
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct HarmImportReport {
    pub import: HarmImport,
    /// Every rejected row, in row order: row number, field, reason and the value masked.
    pub rejects: Vec<Reject>,
}

/// A value as a reject may show it: personal values masked, the rest as given (shortened).
fn shown(field: HarmField, raw: &str) -> String {
    match field {
        HarmField::Email | HarmField::QuotedEmail => mask(Field::Email, raw),
        HarmField::Phone
        | HarmField::QuotedPhone
        | HarmField::Ticket
        | HarmField::CallerClaimed
        | HarmField::PoliceReference
        | HarmField::Notes => mask_text(raw),
        _ => raw.trim().chars().take(60).collect(),
    }
}

/// Reads a channel as people write it ("call", "text", "e-mail").
fn channel(raw: &str) -> std::result::Result<HarmChannel, Bad> {
    Ok(match fold_header(raw).as_str() {
        "" | "other" => HarmChannel::Other,
        "phone" | "call" | "phonecall" | "telephone" | "voice" | "vishing" | "tel" => {
            HarmChannel::PhoneCall
        }
        "sms" | "text" | "textmessage" | "smishing" | "whatsapp" => HarmChannel::Sms,
        "email" | "mail" => HarmChannel::Email,
        "web" | "website" | "chat" | "online" | "webchat" => HarmChannel::Web,
        "inperson" | "person" | "visit" | "facetoface" => HarmChannel::InPerson,
        _ => HarmChannel::parse(raw, "channel").map_err(|e| bad(HarmField::Channel, reason(e)))?,
    })
}

/// Reads a kind; without one, a call is taken as a scam call and a text or e-mail as
/// phishing, which is what such reports are.
fn kind(raw: &str, channel: HarmChannel) -> std::result::Result<HarmKind, Bad> {
    Ok(match fold_header(raw).as_str() {
        "" => match channel {
            HarmChannel::PhoneCall => HarmKind::ScamCall,
            HarmChannel::Sms | HarmChannel::Email => HarmKind::Phishing,
            _ => HarmKind::Other,
        },
        "scam" | "scamcall" | "vishing" | "techsupportscam" => HarmKind::ScamCall,
        "phishing" | "phish" | "smishing" => HarmKind::Phishing,
        "accounttakeover" | "ato" | "takeover" => HarmKind::AccountTakeover,
        "fraud" | "payment" | "paymentfraud" => HarmKind::Fraud,
        _ => HarmKind::parse(raw, "kind").map_err(|e| bad(HarmField::Kind, reason(e)))?,
    })
}

fn source_of(raw: &str) -> std::result::Result<ReporterKind, Bad> {
    Ok(match fold_header(raw).as_str() {
        "" | "customer" | "consumer" | "client" => ReporterKind::Customer,
        "staff" | "employee" | "agent" | "internal" => ReporterKind::Staff,
        _ => ReporterKind::parse(raw, "source").map_err(|e| bad(HarmField::Source, reason(e)))?,
    })
}

/// Reads the list of data quoted ("ticket; name; email").
pub fn data_quoted(raw: &str) -> std::result::Result<Vec<Quoted>, String> {
    raw.split([';', ',', '|', '/', '+'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|t| {
            Ok(match fold_header(t).as_str() {
                "ticket" | "ticketnumber" | "ticketid" | "supportticket" | "tickets" => {
                    Quoted::Ticket
                }
                "name" | "fullname" | "names" => Quoted::Name,
                "email" | "emailaddress" | "mail" => Quoted::Email,
                "phone" | "phonenumber" | "telephone" | "mobile" => Quoted::Phone,
                "address" | "postaladdress" | "homeaddress" => Quoted::Address,
                "other" => Quoted::Other,
                _ => {
                    return Err(format!(
                        "{t:?} is not one of: ticket, name, email, phone, address, other"
                    ))
                }
            })
        })
        .collect()
}

fn reason(e: Error) -> String {
    match e {
        Error::Invalid { message, .. } => message,
        e => e.to_string(),
    }
}

/// One data row as a report input, or why not.
fn row_input(
    cols: &[(HarmField, usize)],
    fields: &[String],
    tz: &str,
) -> std::result::Result<HarmInput, Bad> {
    let get = |f: HarmField| {
        cols.iter()
            .find(|(x, _)| *x == f)
            .and_then(|(_, i)| fields.get(*i))
            // Controls and bidi overrides never enter the case (as in the affected import).
            .map(|s| crate::util::text::plain(s).trim().to_string())
            .unwrap_or_default()
    };
    let channel = channel(&get(HarmField::Channel))?;
    let row_tz = get(HarmField::Tz);
    let mut when = get(HarmField::When);
    if when.is_empty() {
        return Err(bad(
            HarmField::When,
            "is empty; every report needs its date",
        ));
    }
    // A day written the way exports write days (31/08/2019) is read as that day.
    if crate::moment::parse(&when, "UTC", "when").is_err() {
        if let Ok(d) = crate::affected::normalise::date(&when) {
            when = d.format("%Y-%m-%d").to_string();
        }
    }
    Ok(HarmInput {
        when,
        tz: if row_tz.is_empty() {
            tz.to_string()
        } else {
            row_tz
        },
        channel,
        kind: kind(&get(HarmField::Kind), channel)?,
        source: source_of(&get(HarmField::Source))?,
        caller_claimed: get(HarmField::CallerClaimed),
        data_quoted: data_quoted(&get(HarmField::DataQuoted))
            .map_err(|why| bad(HarmField::DataQuoted, why))?,
        ticket: get(HarmField::Ticket),
        quoted_email: get(HarmField::QuotedEmail),
        quoted_phone: get(HarmField::QuotedPhone),
        loss: get(HarmField::Loss),
        currency: get(HarmField::Currency),
        police_reference: get(HarmField::PoliceReference),
        email: get(HarmField::Email),
        phone: get(HarmField::Phone),
        notes: get(HarmField::Notes),
    })
}

/// The raw value a reject names, from the row.
fn raw_value(cols: &[(HarmField, usize)], fields: &[String], f: HarmField) -> String {
    cols.iter()
        .find(|(x, _)| *x == f)
        .and_then(|(_, i)| fields.get(*i))
        .cloned()
        .unwrap_or_default()
}

const IMPORT_SELECT: &str = "SELECT id, file_name, evidence_id, sha256, mapping, rows_read, \
    accepted, rejected, blank, imported_at, imported_by FROM harm_imports";

fn read_import(r: &rusqlite::Row) -> rusqlite::Result<HarmImport> {
    let mapping: String = r.get(4)?;
    Ok(HarmImport {
        id: r.get(0)?,
        file_name: r.get(1)?,
        evidence_id: r.get(2)?,
        sha256: r.get(3)?,
        mapping: serde_json::from_str(&mapping)
            .map_err(|e| rusqlite::Error::ToSqlConversionFailure(e.into()))?,
        rows_read: r.get(5)?,
        accepted: r.get(6)?,
        rejected: r.get(7)?,
        blank: r.get(8)?,
        imported_at: r.get(9)?,
        imported_by: r.get(10)?,
    })
}

impl Case {
    /// Reads the start of a harm-report file: its shape, headers, first rows and the mapping
    /// an import would use.
    pub fn preview_harm_import(&self, path: &str, over: &ShapeOverride) -> Result<HarmPreview> {
        preview_harm_file(path, over)
    }

    /// Imports a file of harm reports (see the module documentation).
    pub fn import_harm_reports(
        &mut self,
        req: HarmImportRequest,
        progress: &dyn Progress,
    ) -> Result<HarmImportReport> {
        let file = ImportFile::open(&req.path, &req.shape)?;
        let mapping = req
            .mapping
            .clone()
            .unwrap_or_else(|| suggest(&file.headers));
        let cols = resolve(&mapping, &file.headers)?;
        let tz = req.tz.clone().unwrap_or_default();
        // A bad default zone is the whole file's problem, not every row's.
        crate::moment::parse("2000-01-01", &tz, "tz")?;
        let staged = self.stage_import(
            &file,
            IntakeRequest {
                description: Some(format!("Harm reports file {}", file.file_name)),
                category: Some(EvidenceCategory::Document),
                source: req.source.clone(),
                acquisition_method: Some("imported into Harm reports".into()),
                ..IntakeRequest::default()
            },
            progress,
        )?;
        if let Some(done) = self
            .conn()
            .query_row(
                "SELECT id FROM harm_imports WHERE sha256 = ?1",
                [&staged.sha256],
                |r| r.get::<_, String>(0),
            )
            .optional()?
        {
            return Err(already_imported(&staged.sha256, &done));
        }
        let StagedImport {
            mut intake,
            sha256,
            mut table,
        } = staged;
        let second = crate::affected::Halves::second(progress);
        let width = file.headers.len();
        let (import, rejects) = self.transact(|tx| {
            let evidence_id = record_intake(tx, &mut intake)?.added[0].id.clone();
            let num: i64 = tx.conn().query_row(
                "SELECT coalesce(max(num), 0) + 1 FROM harm_imports",
                [],
                |r| r.get(0),
            )?;
            let id = format!("HI-{num:04}");
            tx.conn().execute(
                "INSERT INTO harm_imports (id, num, file_name, evidence_id, sha256, shape, mapping,
                    rows_read, accepted, rejected, blank, imported_at, imported_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0, 0, 0, 0, ?8, ?9)",
                params![
                    id,
                    num,
                    file.file_name,
                    evidence_id,
                    sha256,
                    serde_json::to_string(&file.shape).expect("plain data"),
                    serde_json::to_string(&mapping).expect("plain data"),
                    tx.now_str(),
                    tx.actor()
                ],
            )?;
            let (mut read_n, mut accepted, mut blank) = (0u32, 0u32, 0u32);
            let mut rejects = Vec::new();
            let total = table.total;
            while let Some(row) = table.next() {
                read_n += 1;
                if read_n % 1024 == 0 {
                    if second.cancelled() {
                        return Err(Error::Cancelled);
                    }
                    second.update(table.done(), total);
                }
                let (row, fields) = match row? {
                    SourceRow::Blank { .. } => {
                        blank += 1;
                        continue;
                    }
                    SourceRow::Data { row, fields } => (row as u32, fields),
                };
                let outcome = if fields.len() > width {
                    Err(Problem {
                        field: "row".into(),
                        problem: format!(
                            "has {} fields but the header has {width}: a delimiter inside an unquoted value?",
                            fields.len()
                        ),
                        value: String::new(),
                    })
                } else if let Some(problem) = source::oversized_field(&fields) {
                    Err(Problem {
                        field: "row".into(),
                        problem,
                        value: String::new(),
                    })
                } else {
                    row_input(&cols, &fields, &tz)
                        .and_then(|input| validate(&input))
                        .map_err(|b| Problem {
                            field: b.field.code().into(),
                            value: shown(b.field, &raw_value(&cols, &fields, b.field)),
                            problem: b.why,
                        })
                };
                match outcome {
                    Ok(valid) => {
                        insert(tx, &valid, Some((&id, row)))?;
                        accepted += 1;
                    }
                    Err(p) => {
                        tx.conn().execute(
                            "INSERT INTO harm_rejects (import_id, row_num, field, problem, masked)
                             VALUES (?1, ?2, ?3, ?4, ?5)",
                            params![id, row, p.field, p.problem, p.value],
                        )?;
                        rejects.push(Reject { row, problem: p });
                    }
                }
            }
            second.update(total, total);
            tx.conn().execute(
                "UPDATE harm_imports SET rows_read = ?2, accepted = ?3, rejected = ?4, blank = ?5
                 WHERE id = ?1",
                params![id, read_n, accepted, rejects.len() as u32, blank],
            )?;
            let import = tx.conn().query_row(
                &format!("{IMPORT_SELECT} WHERE id = ?1"),
                [&id],
                read_import,
            )?;
            // Ids, the hash, the mapping by column position and counts: never header or row
            // text.
            let mut audited = to_json(&import);
            audited["mapping"] = audited_mapping(
                import.mapping.iter().map(|m| (m.field.code(), m.column.as_str())),
                &file.headers,
            );
            tx.record("harm.import", "harm_import", &id, None, Some(audited))?;
            Ok((import, rejects))
        })?;
        intake.keep();
        Ok(HarmImportReport { import, rejects })
    }

    /// Every harm-report import, oldest first.
    pub fn harm_imports(&self) -> Result<Vec<HarmImport>> {
        let mut stmt = self
            .conn()
            .prepare(&format!("{IMPORT_SELECT} ORDER BY num"))?;
        let rows = stmt
            .query_map([], read_import)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// The rejected rows of a harm-report import, in row order.
    pub fn harm_rejects(&self, import_id: &str) -> Result<Vec<Reject>> {
        let mut stmt = self.conn().prepare(
            "SELECT row_num, field, problem, masked FROM harm_rejects WHERE import_id = ?1
             ORDER BY row_num",
        )?;
        let rows = stmt
            .query_map([import_id], |r| {
                Ok(Reject {
                    row: r.get(0)?,
                    problem: Problem {
                        field: r.get(1)?,
                        problem: r.get(2)?,
                        value: r.get(3)?,
                    },
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}

/// [`Case::preview_harm_import`], which needs nothing of the case: the desktop shell reads the
/// file without taking the case lock.
pub fn preview_harm_file(path: &str, over: &ShapeOverride) -> Result<HarmPreview> {
    let file = ImportFile::open(path, over)?;
    let (rows, lines) = source::first_rows(source::read(&file.path, &file.shape)?)?;
    Ok(HarmPreview {
        mapping: suggest(&file.headers),
        shape: file.shape,
        headers: file.headers,
        rows,
        lines,
    })
}
