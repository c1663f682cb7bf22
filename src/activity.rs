//! The audit log as people read it: each entry with the label of its action and a readable
//! name for its entity ("EV-0003 · export.csv", "Key date · Discovery", the case title).
//!
//! Names are looked up at read time from the rows as they are now, never stored in the audit
//! chain: the chain keeps ids only, so it holds no more personal data than the change itself.
//! An entity that has no readable name (or no longer exists) keeps its id.

use crate::audit::{self, AuditEntry, AuditQuery};
use crate::dates::KeyDateKind;
use crate::error::Result;
use crate::store::Case;
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use specta::Type;
use std::collections::HashMap;

/// One audit entry with the words to show it by.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct ActivityEntry {
    pub entry: AuditEntry,
    /// "Evidence added"; the action code itself when this version does not know it.
    pub action_label: String,
    /// "Evidence", "Key date"…; the kind's code when unknown.
    pub entity_kind: String,
    /// "EV-0003 · export.csv", "Key date · Discovery", the case title…; the id when nothing
    /// readable is known.
    pub entity_label: String,
}

/// A code with its label, for the filters' choices.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct AuditTerm {
    pub code: String,
    pub label: String,
}

/// What the Activity filters offer: every action and entity kind, and who has made changes.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct AuditTerms {
    pub actions: Vec<AuditTerm>,
    pub entity_kinds: Vec<AuditTerm>,
    /// Each actor as recorded, in order.
    pub actors: Vec<String>,
}

impl Case {
    /// Audit entries, newest first, each with its action label and entity name.
    pub fn activity(&self, q: &AuditQuery) -> Result<Vec<ActivityEntry>> {
        let entries = audit::list(self.conn(), q)?;
        // A page often names the same entity many times (an item's intake and custody).
        let mut names: HashMap<(String, String), String> = HashMap::new();
        entries
            .into_iter()
            .map(|entry| -> Result<ActivityEntry> {
                let key = (entry.entity_type.clone(), entry.entity_id.clone());
                let entity_label = match names.get(&key) {
                    Some(n) => n.clone(),
                    None => {
                        let n = entity_label(self.conn(), &key.0, &key.1)?;
                        names.insert(key, n.clone());
                        n
                    }
                };
                Ok(ActivityEntry {
                    action_label: audit::action_label(&entry.action)
                        .map(str::to_string)
                        .unwrap_or_else(|| entry.action.clone()),
                    entity_kind: audit::entity_kind_label(&entry.entity_type)
                        .map(str::to_string)
                        .unwrap_or_else(|| entry.entity_type.clone()),
                    entity_label,
                    entry,
                })
            })
            .collect()
    }

    /// The choices for the Activity filters.
    pub fn audit_terms(&self) -> Result<AuditTerms> {
        let terms = |list: &[(&str, &str)]| -> Vec<AuditTerm> {
            list.iter()
                .map(|(code, label)| AuditTerm {
                    code: code.to_string(),
                    label: label.to_string(),
                })
                .collect()
        };
        Ok(AuditTerms {
            actions: terms(audit::ACTIONS),
            entity_kinds: terms(audit::ENTITY_KINDS),
            actors: audit::actors(self.conn())?,
        })
    }
}

fn one(conn: &Connection, sql: &str, id: &str) -> Result<Option<String>> {
    Ok(conn.query_row(sql, [id], |r| r.get(0)).optional()?)
}

fn named(kind: &str, name: Option<String>, id: &str) -> String {
    match name.filter(|n| !n.trim().is_empty()) {
        Some(n) => format!("{kind} · {n}"),
        None if id.is_empty() => kind.to_string(),
        None => format!("{kind} · {id}"),
    }
}

fn entity_label(conn: &Connection, kind: &str, id: &str) -> Result<String> {
    Ok(match kind {
        "case" => one(conn, "SELECT title FROM case_info WHERE case_id = ?1", id)?
            .unwrap_or_else(|| named("Case", None, id)),
        // The subject's name is personal data the log view has no need to repeat.
        "subject" => "Subject".into(),
        "key_date" => named(
            "Key date",
            KeyDateKind::parse(id, "kind")
                .ok()
                .map(|k| k.label().to_string()),
            id,
        ),
        "team_member" => named(
            "Team member",
            one(conn, "SELECT name FROM team_members WHERE id = ?1", id)?,
            id,
        ),
        "timeline_event" => named(
            "Timeline event",
            one(conn, "SELECT title FROM timeline_events WHERE id = ?1", id)?,
            id,
        ),
        "evidence" if id.is_empty() => "Evidence".into(),
        // Several items at once (an export): their ids are readable already.
        "evidence" if id.contains(',') => id.split(',').collect::<Vec<_>>().join(", "),
        "evidence" => match one(
            conn,
            "SELECT original_name FROM evidence_items WHERE id = ?1",
            id,
        )? {
            Some(name) => format!("{id} · {name}"),
            None => id.to_string(),
        },
        "import_batch" => match one(
            conn,
            "SELECT file_name FROM import_batches WHERE id = ?1",
            id,
        )? {
            Some(file) => format!("{id} · {file}"),
            None => id.to_string(),
        },
        "snapshot" => named("Tally snapshot", None, id),
        "packet" => named("Packet", None, id),
        "referral" => named(
            "Referral",
            one(conn, "SELECT agency FROM referrals WHERE id = ?1", id)?,
            id,
        ),
        "task" => match one(conn, "SELECT title FROM tasks WHERE id = ?1", id)? {
            Some(title) => format!("{id} · {title}"),
            None => id.to_string(),
        },
        "playbook" => named("Playbook", None, id),
        "people" => "Affected people".into(),
        "settings" => match id {
            "case" => "Case settings".into(),
            "affected.rule" => "De-duplication rule".into(),
            _ => named("Settings", None, id),
        },
        _ if id.is_empty() => kind.to_string(),
        _ => id.to_string(),
    })
}
