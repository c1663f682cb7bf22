//! Exports of personal-data lists (a batch's rejected rows, a mail-merge list), in three
//! steps so the case is not held while a long list is written: prepared from the case,
//! written from a read snapshot of it into an unnamed file, then recorded (rows, file name,
//! never contents) and only then named. A list the audit chain does not show never exists.

use super::notice::{Channel, NoticeStatus};
use crate::error::{Error, Result};
use crate::store::{Case, CaseIdentity, SnapshotSource};
use crate::util::fs::{write_unnamed, Written};
use crate::util::json::to_json;
use std::fs::File;
use std::path::PathBuf;

/// Which list, with what its query and its audit entry need.
pub(crate) enum ListKind {
    Rejects {
        batch_id: String,
        headers: Vec<String>,
        raw: bool,
    },
    Notices {
        channel: Channel,
        status: NoticeStatus,
        country: Option<String>,
        region: Option<String>,
    },
}

/// A list prepared from the case (`Send + 'static`): [`ListExport::run`] writes it without the
/// case or its lock.
pub struct ListExport {
    kind: ListKind,
    dest: PathBuf,
    source: SnapshotSource,
}

/// A list written and synced but not yet under its name, waiting for [`Case::commit_list`];
/// dropped, it leaves nothing on disk.
pub struct WrittenList {
    kind: ListKind,
    rows: u32,
    dest: PathBuf,
    written: Written,
    case: CaseIdentity,
}

impl Case {
    pub(crate) fn list_export(&self, kind: ListKind, dest: PathBuf) -> Result<ListExport> {
        Ok(ListExport {
            kind,
            dest,
            source: self.snapshot_source()?,
        })
    }

    /// The last step of a list export: records it in the audit chain, then names the file.
    /// Refused, leaving nothing on disk, when the case it was written from is no longer this
    /// one. Returns the rows written.
    pub fn commit_list(&mut self, list: WrittenList) -> Result<u32> {
        let WrittenList {
            kind,
            rows,
            dest,
            written,
            case,
        } = list;
        self.ensure_identity(&case, "writing the list")?;
        let file = dest.file_name().map(|f| f.to_string_lossy().into_owned());
        self.transact(|tx| match &kind {
            ListKind::Rejects { batch_id, raw, .. } => tx.record(
                "affected.rejects_export",
                "import_batch",
                batch_id,
                None,
                Some(serde_json::json!({ "rows": rows, "raw": raw, "file": file })),
            ),
            ListKind::Notices {
                channel,
                status,
                country,
                region,
            } => tx.record(
                "affected.notice_list",
                "people",
                "",
                None,
                Some(serde_json::json!({
                    "channel": channel, "status": status, "country": country, "region": region,
                    "people": rows, "file": to_json(&file),
                })),
            ),
        })?;
        written.name()?;
        Ok(rows)
    }
}

impl ListExport {
    /// The slow step: reads the rows from a snapshot of the case and writes the CSV.
    pub fn run(self) -> Result<WrittenList> {
        let ListExport { kind, dest, source } = self;
        let snapshot = source.open()?;
        let conn = snapshot.conn();
        let (rows, written) = write_unnamed(&dest, |f| match &kind {
            ListKind::Rejects {
                batch_id,
                headers,
                raw,
            } => write_rejects(conn, batch_id, headers, *raw, f),
            ListKind::Notices {
                channel,
                status,
                country,
                region,
            } => write_notices(conn, *channel, *status, country, region, f),
        })?;
        Ok(WrittenList {
            kind,
            rows,
            dest,
            written,
            case: source.identity,
        })
    }
}

fn write_rejects(
    conn: &rusqlite::Connection,
    batch_id: &str,
    headers: &[String],
    raw: bool,
    w: &mut File,
) -> Result<u32> {
    let mut stmt = conn.prepare(
        "SELECT row_num, field, problem, raw_row FROM import_rejects WHERE batch_id = ?1 ORDER BY row_num",
    )?;
    let mut rows = stmt.query([batch_id])?;
    let mut out = if raw {
        crate::util::csv::Writer::raw(w)
    } else {
        crate::util::csv::Writer::from_writer(w)
    };
    let width = headers.len();
    let mut head = headers.to_vec();
    head.extend(["casebook_row".to_string(), "casebook_problem".to_string()]);
    out.write_record(&head).map_err(super::csv_io)?;
    let mut n = 0u32;
    while let Some(r) = rows.next()? {
        let row: u32 = r.get(0)?;
        let field: String = r.get(1)?;
        let problem: String = r.get(2)?;
        let raw: String = r.get(3)?;
        let mut fields: Vec<String> = serde_json::from_str(&raw).unwrap_or_default();
        fields.resize(width.max(fields.len()), String::new());
        fields.push(row.to_string());
        fields.push(format!("{field}: {problem}"));
        out.write_record(&fields).map_err(super::csv_io)?;
        n += 1;
    }
    out.flush()
        .map_err(|e| Error::io("writing the rejects", e))?;
    Ok(n)
}

fn write_notices(
    conn: &rusqlite::Connection,
    channel: Channel,
    status: NoticeStatus,
    country: &Option<String>,
    region: &Option<String>,
    f: &mut File,
) -> Result<u32> {
    let mut sql = String::from(
        "SELECT id, name, email, street, city, region, postal_code, country FROM people WHERE notice_status = ?1",
    );
    let mut args: Vec<String> = vec![status.code().to_string()];
    if let Some(c) = country {
        args.push(c.to_string());
        sql.push_str(&format!(" AND country = ?{}", args.len()));
    }
    if let Some(r) = region {
        args.push(r.to_string());
        sql.push_str(&format!(" AND region = ?{}", args.len()));
    }
    if channel == Channel::Email {
        sql.push_str(" AND email <> ''");
    }
    sql.push_str(" ORDER BY pos");
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query(rusqlite::params_from_iter(&args))?;
    let mut w = crate::util::csv::Writer::from_writer(f);
    let head: &[&str] = match channel {
        Channel::Email => &["person_id", "name", "email"],
        Channel::Mail => &[
            "person_id",
            "name",
            "street",
            "city",
            "region",
            "postal_code",
            "country",
        ],
    };
    w.write_record(head).map_err(super::csv_io)?;
    let mut n = 0u32;
    while let Some(r) = rows.next()? {
        let v: Vec<String> = (0..8)
            .map(|i| r.get::<_, String>(i))
            .collect::<rusqlite::Result<_>>()?;
        let rec: Vec<&str> = match channel {
            Channel::Email => vec![&v[0], &v[1], &v[2]],
            Channel::Mail => vec![&v[0], &v[1], &v[3], &v[4], &v[5], &v[6], &v[7]],
        };
        w.write_record(rec).map_err(super::csv_io)?;
        n += 1;
    }
    w.flush()
        .map_err(|e| Error::io("writing the notice list", e))?;
    Ok(n)
}
