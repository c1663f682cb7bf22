//! The case record (title, code name, status, severity, summary, reference) and the insider
//! subject, and the case as a whole: creating and opening its folder. This module sits above
//! the domains because opening composes them: the store connects and migrates, each domain's
//! SQL functions are installed on the connection, and evidence clears what a killed intake
//! left in the vault and encrypts a vault written before vault encryption.

use crate::actor::Actor;
use crate::clock::Clock;
use crate::error::Result;
use crate::store::{Case, SqlFunctions};
use crate::util::json::to_json;
use crate::util::text::{limited, required};
use crate::vocab::vocabulary;
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use specta::Type;
use std::path::Path;
use std::sync::Arc;

vocabulary! {
    /// Where the incident stands.
    Status {
        Open = "open", "Open";
        Contained = "contained", "Contained";
        Closed = "closed", "Closed";
    }
}

vocabulary! {
    Severity {
        Low = "low", "Low";
        Medium = "medium", "Medium";
        High = "high", "High";
        Critical = "critical", "Critical";
    }
}

vocabulary! {
    EmploymentStatus {
        Employed = "employed", "Employed";
        Suspended = "suspended", "Suspended";
        Terminated = "terminated", "Terminated";
        Resigned = "resigned", "Resigned";
        Contractor = "contractor", "Contractor";
        Former = "former", "Former employee";
        Unknown = "unknown", "Unknown";
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct CaseInfo {
    pub case_id: String,
    pub title: String,
    pub code_name: String,
    pub status: Status,
    pub severity: Severity,
    pub summary: String,
    pub reference: String,
    pub created_at: String,
    pub created_by: String,
}

/// What a user gives to create a case; only the title is required.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Type)]
pub struct NewCase {
    pub title: String,
    pub code_name: Option<String>,
    pub severity: Option<Severity>,
    pub summary: Option<String>,
    pub reference: Option<String>,
    /// Apply the shipped playbook (`task`) right after creation.
    #[serde(default)]
    pub playbook: bool,
}

/// A change to the case record: fields left out stay as they are.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
pub struct CaseUpdate {
    pub title: Option<String>,
    pub code_name: Option<String>,
    pub status: Option<Status>,
    pub severity: Option<Severity>,
    pub summary: Option<String>,
    pub reference: Option<String>,
}

/// The insider whose access is under investigation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Subject {
    pub name: String,
    pub employee_id: String,
    pub role: String,
    pub access_rights: String,
    pub employment_status: EmploymentStatus,
    pub notes: String,
}

/// What every connection to a case installs before it is used, from the domains whose
/// queries call them.
const SQL_FUNCTIONS: &[SqlFunctions] = &[crate::affected::register_functions];

impl Case {
    /// Opens an existing case folder (or `PATH.casebook`, or the folder of a `case.db`),
    /// clears what an intake killed mid-way left in its vault, encrypts a vault written before
    /// vault encryption (audited), and moves person ids made before they were keyed onto keyed
    /// ones.
    pub fn open(
        path: &Path,
        passphrase: &str,
        actor: Actor,
        clock: Arc<dyn Clock>,
    ) -> Result<Case> {
        let mut case = Case::open_folder(path, passphrase, actor, clock, SQL_FUNCTIONS)?;
        case.sweep_vault_orphans()?;
        // A vault from before encryption is converted now, before anything reads it; each
        // file is done on its own, so a killed open is finished by the next one.
        case.encrypt_plaintext_vault(&crate::progress::Silent)?;
        case.migrate_person_ids()?;
        Ok(case)
    }
}

/// Creates a case folder at `path` (`.casebook` is appended when missing) encrypted with
/// `passphrase`, and records its creation as the first audit entry.
pub fn create(
    path: &Path,
    passphrase: &str,
    new: NewCase,
    actor: Actor,
    clock: Arc<dyn Clock>,
) -> Result<Case> {
    let title = limited(
        "title",
        &required("title", &new.title, "a case title")?,
        200,
    )?;
    let info_fields = (
        limited("code_name", new.code_name.as_deref().unwrap_or(""), 100)?,
        limited("summary", new.summary.as_deref().unwrap_or(""), 20_000)?,
        limited("reference", new.reference.as_deref().unwrap_or(""), 100)?,
    );
    let mut case = Case::create_folder(path, passphrase, actor, clock, SQL_FUNCTIONS)?;
    let root = case.root().to_path_buf();
    let created = case.transact(|tx| {
        let info = CaseInfo {
            case_id: uuid::Uuid::new_v4().to_string(),
            title,
            code_name: info_fields.0,
            status: Status::Open,
            severity: new.severity.unwrap_or(Severity::High),
            summary: info_fields.1,
            reference: info_fields.2,
            created_at: tx.now_str(),
            created_by: tx.actor().to_string(),
        };
        tx.conn().execute(
            "INSERT INTO case_info (id, case_id, title, code_name, status, severity, summary,
                                    reference, created_at, created_by)
             VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                info.case_id,
                info.title,
                info.code_name,
                info.status,
                info.severity,
                info.summary,
                info.reference,
                info.created_at,
                info.created_by
            ],
        )?;
        tx.record(
            "case.create",
            "case",
            &info.case_id,
            None,
            Some(to_json(&info)),
        )
    });
    let created = match created {
        Ok(()) if new.playbook => case.apply_playbook().map(drop),
        other => other,
    };
    if let Err(e) = created {
        drop(case);
        let _ = std::fs::remove_dir_all(&root);
        return Err(e);
    }
    Ok(case)
}

impl Case {
    pub fn info(&self) -> Result<CaseInfo> {
        Ok(self.conn().query_row(
            "SELECT case_id, title, code_name, status, severity, summary, reference, created_at,
                    created_by FROM case_info WHERE id = 1",
            [],
            |r| {
                Ok(CaseInfo {
                    case_id: r.get(0)?,
                    title: r.get(1)?,
                    code_name: r.get(2)?,
                    status: r.get(3)?,
                    severity: r.get(4)?,
                    summary: r.get(5)?,
                    reference: r.get(6)?,
                    created_at: r.get(7)?,
                    created_by: r.get(8)?,
                })
            },
        )?)
    }

    pub fn update_info(&mut self, u: CaseUpdate) -> Result<CaseInfo> {
        let old = self.info()?;
        let mut new = old.clone();
        if let Some(t) = u.title {
            new.title = limited("title", &required("title", &t, "a case title")?, 200)?;
        }
        if let Some(v) = u.code_name {
            new.code_name = limited("code_name", &v, 100)?;
        }
        if let Some(v) = u.summary {
            new.summary = limited("summary", &v, 20_000)?;
        }
        if let Some(v) = u.reference {
            new.reference = limited("reference", &v, 100)?;
        }
        if let Some(v) = u.status {
            new.status = v;
        }
        if let Some(v) = u.severity {
            new.severity = v;
        }
        if new == old {
            return Ok(old);
        }
        self.transact(|tx| {
            tx.conn().execute(
                "UPDATE case_info SET title = ?1, code_name = ?2, status = ?3, severity = ?4,
                        summary = ?5, reference = ?6 WHERE id = 1",
                params![
                    new.title,
                    new.code_name,
                    new.status,
                    new.severity,
                    new.summary,
                    new.reference
                ],
            )?;
            tx.record(
                "case.update",
                "case",
                &new.case_id,
                Some(to_json(&old)),
                Some(to_json(&new)),
            )
        })?;
        Ok(new)
    }

    pub fn subject(&self) -> Result<Option<Subject>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT name, employee_id, role, access_rights, employment_status, notes
                 FROM subject WHERE id = 1",
                [],
                |r| {
                    Ok(Subject {
                        name: r.get(0)?,
                        employee_id: r.get(1)?,
                        role: r.get(2)?,
                        access_rights: r.get(3)?,
                        employment_status: r.get(4)?,
                        notes: r.get(5)?,
                    })
                },
            )
            .optional()?)
    }

    pub fn set_subject(&mut self, s: Subject) -> Result<Subject> {
        let s = Subject {
            name: limited(
                "name",
                &required("name", &s.name, "the subject's name")?,
                200,
            )?,
            employee_id: limited("employee_id", &s.employee_id, 100)?,
            role: limited("role", &s.role, 200)?,
            access_rights: limited("access_rights", &s.access_rights, 5_000)?,
            employment_status: s.employment_status,
            notes: limited("notes", &s.notes, 20_000)?,
        };
        let old = self.subject()?;
        if old.as_ref() == Some(&s) {
            return Ok(s);
        }
        self.transact(|tx| {
            tx.conn().execute(
                "INSERT INTO subject (id, name, employee_id, role, access_rights, employment_status, notes)
                 VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (id) DO UPDATE SET name = excluded.name,
                    employee_id = excluded.employee_id, role = excluded.role,
                    access_rights = excluded.access_rights,
                    employment_status = excluded.employment_status, notes = excluded.notes",
                params![s.name, s.employee_id, s.role, s.access_rights, s.employment_status, s.notes],
            )?;
            tx.record("subject.set", "subject", "1", old.as_ref().map(to_json), Some(to_json(&s)))
        })?;
        Ok(s)
    }
}
