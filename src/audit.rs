//! The hash-chained audit log: every change to a case appends one entry, in the same
//! transaction as the change. Entry `n` stores the hash of entry `n-1` and its own SHA-256 over a
//! canonical encoding of all its fields, so an edited, deleted or reordered entry breaks the
//! chain at a point [`verify`] can name. Triggers refuse UPDATE and DELETE on the table.
//!
//! Entries written since the state was covered also carry the digest of the case's rows after
//! their transaction ([`state`]), inside their hash, and [`verify`] recomputes that digest
//! from the rows: a change made to a table outside Casebook is named by table and row.

pub mod state;

use crate::error::{Error, Result};
use crate::progress::Progress;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};
use specta::Type;

pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One entry as stored and as shown.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct AuditEntry {
    pub seq: u32,
    pub at_utc: String,
    pub actor: String,
    pub action: String,
    pub entity_type: String,
    pub entity_id: String,
    /// The entity before the change, as canonical JSON text (absent for creations).
    pub old_value: Option<String>,
    /// The entity after the change, as canonical JSON text (absent for deletions).
    pub new_value: Option<String>,
    pub prev_hash: String,
    pub hash: String,
    /// The digest of the case's state after this entry's transaction (absent in entries
    /// written before the state was covered).
    pub state: Option<String>,
}

pub(crate) struct NewEntry<'a> {
    pub at: &'a str,
    pub actor: &'a str,
    pub action: &'a str,
    pub entity_type: &'a str,
    pub entity_id: &'a str,
    pub old: Option<&'a Value>,
    pub new: Option<&'a Value>,
}

/// JSON with object keys sorted at every depth and no insignificant white space, independent
/// of how serde_json was built (its `preserve_order` feature changes map order).
pub fn canonical_json(v: &Value) -> String {
    let mut out = String::new();
    write_canonical(v, &mut out);
    out
}

fn write_canonical(v: &Value, out: &mut String) {
    match v {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String((*k).clone()).to_string());
                out.push(':');
                write_canonical(&map[k.as_str()], out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

/// The SHA-256 of an entry: over a canonical JSON array of every field but the hash itself.
/// An entry without a state digest keeps the formula it was written with (nine fields).
#[allow(clippy::too_many_arguments)]
fn entry_hash(
    seq: u32,
    at: &str,
    actor: &str,
    action: &str,
    entity_type: &str,
    entity_id: &str,
    old: Option<&str>,
    new: Option<&str>,
    prev_hash: &str,
    state: Option<&str>,
) -> String {
    let mut fields = serde_json::json!([
        seq,
        at,
        actor,
        action,
        entity_type,
        entity_id,
        old,
        new,
        prev_hash
    ]);
    if let (Some(state), Value::Array(a)) = (state, &mut fields) {
        a.push(Value::String(state.to_string()));
    }
    let canon = canonical_json(&fields);
    hex::encode(Sha256::digest(canon.as_bytes()))
}

/// Appends `e`, committing to `state`, the digest of the case after its transaction.
pub(crate) fn append(conn: &Connection, e: &NewEntry, state: &str) -> Result<()> {
    let (head_seq, head_hash): (u32, String) =
        conn.query_row("SELECT seq, hash FROM audit_head WHERE id = 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    let seq = head_seq + 1;
    let old = e.old.map(canonical_json);
    let new = e.new.map(canonical_json);
    let hash = entry_hash(
        seq,
        e.at,
        e.actor,
        e.action,
        e.entity_type,
        e.entity_id,
        old.as_deref(),
        new.as_deref(),
        &head_hash,
        Some(state),
    );
    conn.execute(
        "INSERT INTO audit_log (seq, at_utc, actor, action, entity_type, entity_id, old_value,
                                new_value, prev_hash, hash, state)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            seq,
            e.at,
            e.actor,
            e.action,
            e.entity_type,
            e.entity_id,
            old,
            new,
            head_hash,
            hash,
            state
        ],
    )?;
    conn.execute(
        "UPDATE audit_head SET seq = ?1, hash = ?2 WHERE id = 1",
        params![seq, hash],
    )?;
    Ok(())
}

fn row_to_entry(r: &rusqlite::Row) -> rusqlite::Result<AuditEntry> {
    Ok(AuditEntry {
        seq: r.get(0)?,
        at_utc: r.get(1)?,
        actor: r.get(2)?,
        action: r.get(3)?,
        entity_type: r.get(4)?,
        entity_id: r.get(5)?,
        old_value: r.get(6)?,
        new_value: r.get(7)?,
        prev_hash: r.get(8)?,
        hash: r.get(9)?,
        state: r.get(10)?,
    })
}

const SELECT_ENTRIES: &str = "SELECT seq, at_utc, actor, action, entity_type, entity_id, \
     old_value, new_value, prev_hash, hash, state FROM audit_log";

/// Filter for reading the log: newest first. Every filter is optional and they combine.
#[derive(Debug, Clone, Default, serde::Deserialize, Type)]
pub struct AuditQuery {
    pub entity_type: Option<String>,
    /// One entity: matches its own entries and those naming several entities at once (an
    /// export of `EV-0001,EV-0002` is found under `EV-0002`).
    pub entity_id: Option<String>,
    pub limit: Option<u32>,
    /// An action code (`evidence.add`) or its label, or a family (`custody`, `evidence`).
    #[serde(default)]
    pub action: Option<String>,
    /// Part of the actor as recorded (`Name <email> (Organisation)`), case-insensitive.
    #[serde(default)]
    pub actor: Option<String>,
    /// Only entries older than this one: the next page after a page ending at `before_seq`.
    #[serde(default)]
    pub before_seq: Option<u32>,
}

/// Every action code the code base records, with the label people read. A test checks that
/// every `record(...)` call in `src/` names a code listed here.
pub const ACTIONS: &[(&str, &str)] = &[
    ("case.create", "Case created"),
    ("case.update", "Case details changed"),
    ("case.passphrase", "Case passphrase changed"),
    ("case.bundle", "Case sealed into a bundle"),
    (
        "audit.state_covered",
        "Case state covered by the audit chain",
    ),
    ("subject.set", "Subject recorded"),
    ("key_date.set", "Key date set"),
    ("key_date.clear", "Key date cleared"),
    ("team.add", "Team member added"),
    ("team.update", "Team member changed"),
    ("team.remove", "Team member removed"),
    ("event.add", "Timeline event added"),
    ("event.update", "Timeline event changed"),
    ("event.delete", "Timeline event deleted"),
    ("settings.update", "Case settings changed"),
    ("search.rebuild", "Search index rebuilt"),
    ("evidence.add", "Evidence added"),
    ("evidence.edit", "Evidence details corrected"),
    ("evidence.export", "Evidence exported"),
    ("evidence.links_recorded", "Links recorded at intake"),
    ("vault.encrypt", "Evidence vault encrypted"),
    ("custody.intake", "Custody: intake"),
    ("custody.transfer", "Custody: transfer"),
    ("custody.verification", "Custody: verification"),
    ("custody.export", "Custody: export"),
    ("custody.correction", "Custody: correction"),
    ("affected.import", "Affected people imported"),
    ("affected.remove_batch", "Import batch removed"),
    ("affected.rule", "De-duplication rule changed"),
    ("affected.snapshot", "Tally snapshot taken"),
    ("affected.notice", "Notice status recorded"),
    ("affected.notice_results", "Mailing results imported"),
    ("affected.notice_list", "Mail-merge list written"),
    (
        "affected.person_ids",
        "Person ids keyed with the case secret",
    ),
    ("affected.rejects_export", "Rejected rows exported"),
    ("harm.add", "Harm report recorded"),
    ("harm.import", "Harm reports imported"),
    ("packet.generated", "Packet generated"),
    ("audit.receipt", "Signed receipt of the audit head written"),
    ("obligations.rule_set", "Notification rule set adopted"),
    ("obligations.answer", "Notification question answered"),
    ("obligations.override", "Notification outcome overridden"),
    ("obligations.file", "Notification filed"),
    ("referral.add", "Law-enforcement referral recorded"),
    ("referral.update", "Law-enforcement referral changed"),
    ("referral.status", "Referral status changed"),
    ("referral.follow_up", "Referral follow-up recorded"),
    ("referral.notes", "Referral notes saved"),
    ("referral.share", "Evidence shared with law enforcement"),
    ("referral.legal_process", "Legal process received"),
    ("referral.legal_response", "Legal process answered"),
    ("referral.delay", "Notification delay requested"),
    ("referral.delay_lifted", "Notification delay lifted"),
    ("referral.letter", "Referral letter generated"),
    ("statement.new", "Statement started"),
    ("statement.edit", "Statement version saved"),
    ("statement.transition", "Statement state changed"),
    ("statement.approve", "Statement approved"),
    ("statement.export", "Statement exported"),
    ("statement.merge", "Notice letters written for people"),
    ("statement.template", "Statement template added"),
    ("table.export", "Table exported to CSV"),
    ("task.add", "Task added"),
    ("task.edit", "Task changed"),
    ("task.status", "Task status changed"),
    ("playbook.apply", "Playbook applied"),
];

/// The kinds of entity entries name, with their labels.
pub const ENTITY_KINDS: &[(&str, &str)] = &[
    ("case", "Case"),
    ("subject", "Subject"),
    ("key_date", "Key date"),
    ("team_member", "Team member"),
    ("timeline_event", "Timeline event"),
    ("evidence", "Evidence"),
    ("vault", "Evidence vault"),
    ("import_batch", "Import batch"),
    ("snapshot", "Tally snapshot"),
    ("people", "Affected people"),
    ("harm_report", "Harm report"),
    ("harm_import", "Harm-report import"),
    ("packet", "Packet"),
    ("referral", "Law-enforcement referral"),
    ("settings", "Settings"),
    ("rule_set", "Notification rule set"),
    ("question", "Notification question"),
    ("obligation", "Notification obligation"),
    ("table", "Table"),
    ("task", "Task"),
    ("playbook", "Playbook"),
];

/// The label of an action code; `None` for a code this version does not know.
pub fn action_label(code: &str) -> Option<&'static str> {
    ACTIONS.iter().find(|(c, _)| *c == code).map(|(_, l)| *l)
}

/// The label of an entity kind; `None` for a kind this version does not know.
pub fn entity_kind_label(kind: &str) -> Option<&'static str> {
    ENTITY_KINDS
        .iter()
        .find(|(c, _)| *c == kind)
        .map(|(_, l)| *l)
}

/// Accepts an action's label as well as its code, so a filter can be typed as read.
fn action_filter(a: &str) -> String {
    let a = a.trim();
    ACTIONS
        .iter()
        .find(|(_, l)| l.eq_ignore_ascii_case(a))
        .map(|(c, _)| c.to_string())
        .unwrap_or_else(|| a.to_string())
}

fn nonblank(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

pub(crate) fn list(conn: &Connection, q: &AuditQuery) -> Result<Vec<AuditEntry>> {
    // `seq` is the primary key, so newest-first with a limit reads only the page it returns
    // (plus the rows a filter skips); `instr` keeps the actor filter free of LIKE wildcards.
    let sql = format!(
        "{SELECT_ENTRIES} WHERE (?1 IS NULL OR entity_type = ?1)
           AND (?2 IS NULL OR entity_id = ?2 OR instr(',' || entity_id || ',', ',' || ?2 || ',') > 0)
           AND (?4 IS NULL OR action = ?4 OR substr(action, 1, length(?4) + 1) = ?4 || '.')
           AND (?5 IS NULL OR instr(lower(actor), lower(?5)) > 0)
           AND (?6 IS NULL OR seq < ?6)
         ORDER BY seq DESC LIMIT ?3"
    );
    let limit = q.limit.map(i64::from).unwrap_or(-1);
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(
        params![
            nonblank(&q.entity_type),
            nonblank(&q.entity_id),
            limit,
            nonblank(&q.action).map(action_filter),
            nonblank(&q.actor),
            q.before_seq
        ],
        row_to_entry,
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Who has changed the case, for a filter by person: each distinct actor as recorded.
pub(crate) fn actors(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare("SELECT DISTINCT actor FROM audit_log ORDER BY actor")?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// How many differences from the committed state a verification lists (it counts them all).
pub const STATE_CHANGES_SHOWN: usize = 100;

/// The outcome of recomputing the chain and the state it commits to.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct Verification {
    /// The chain is unbroken and the case's rows are the state its last entry committed to.
    pub intact: bool,
    pub entries: u32,
    /// The hash of the last entry read (the genesis hash for an empty log).
    pub head_hash: String,
    pub first_broken: Option<BrokenEntry>,
    /// The state digest recomputed from the rows.
    pub state_digest: String,
    /// Where the rows differ from what the chain committed to: the first
    /// [`STATE_CHANGES_SHOWN`], in table order.
    pub state_changes: Vec<state::StateChange>,
    /// How many differences there are in all.
    pub state_changes_total: u32,
}

#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct BrokenEntry {
    pub seq: u32,
    pub reason: String,
}

pub(crate) fn verify(conn: &Connection, progress: &dyn Progress) -> Result<Verification> {
    let (entries, head_hash, first_broken) = verify_chain(conn, progress)?;
    let checked = state::check(
        conn,
        state::committed(conn)?.as_deref(),
        STATE_CHANGES_SHOWN,
        progress,
    )?;
    Ok(Verification {
        intact: first_broken.is_none() && checked.total == 0,
        entries,
        head_hash,
        first_broken,
        state_digest: checked.digest,
        state_changes: checked.changes,
        state_changes_total: checked.total,
    })
}

/// Recomputes the chain: (entries read, the last hash, the first broken entry).
fn verify_chain(
    conn: &Connection,
    progress: &dyn Progress,
) -> Result<(u32, String, Option<BrokenEntry>)> {
    let total: u32 = conn.query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))?;
    let mut stmt = conn.prepare(&format!("{SELECT_ENTRIES} ORDER BY seq ASC"))?;
    let mut rows = stmt.query([])?;
    let mut expected_seq = 1u32;
    let mut prev_hash = GENESIS_HASH.to_string();
    let mut read = 0u32;
    // The first entry carrying a state: every later one must carry one too, or an entry was
    // rewritten with the old formula to drop what it committed to.
    let mut covered_since: Option<u32> = None;
    let broken = |seq: u32, reason: String, entries: u32, head_hash: String| {
        (entries, head_hash, Some(BrokenEntry { seq, reason }))
    };
    while let Some(row) = rows.next()? {
        let e = row_to_entry(row)?;
        read += 1;
        if read % 1024 == 0 {
            if progress.cancelled() {
                return Err(Error::Cancelled);
            }
            progress.update(u64::from(read), u64::from(total));
        }
        if e.seq != expected_seq {
            return Ok(broken(
                expected_seq,
                format!(
                    "entry {expected_seq} is missing (the next entry is {}): entries were deleted \
                     or reordered",
                    e.seq
                ),
                read,
                prev_hash,
            ));
        }
        if e.prev_hash != prev_hash {
            return Ok(broken(
                e.seq,
                format!(
                    "entry {} does not follow entry {}: its previous-hash field does not match \
                     (entries were deleted, reordered or edited)",
                    e.seq,
                    e.seq - 1
                ),
                read,
                prev_hash,
            ));
        }
        let recomputed = entry_hash(
            e.seq,
            &e.at_utc,
            &e.actor,
            &e.action,
            &e.entity_type,
            &e.entity_id,
            e.old_value.as_deref(),
            e.new_value.as_deref(),
            &e.prev_hash,
            e.state.as_deref(),
        );
        if recomputed != e.hash {
            return Ok(broken(
                e.seq,
                format!(
                    "entry {} was altered after it was written: its content hashes to {} but it \
                     records {}",
                    e.seq, recomputed, e.hash
                ),
                read,
                prev_hash,
            ));
        }
        match (covered_since, &e.state) {
            (None, Some(_)) => covered_since = Some(e.seq),
            (Some(since), None) => {
                return Ok(broken(
                    e.seq,
                    format!(
                        "entry {} carries no state digest though every entry since {since} \
                         does: it was rewritten",
                        e.seq
                    ),
                    read,
                    prev_hash,
                ))
            }
            _ => {}
        }
        prev_hash = e.hash;
        expected_seq += 1;
    }
    progress.update(u64::from(read), u64::from(total));
    let head: Option<(u32, String)> = conn
        .query_row("SELECT seq, hash FROM audit_head WHERE id = 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    match head {
        Some((seq, hash)) if seq == read && hash == prev_hash => Ok((read, prev_hash, None)),
        Some((seq, _)) if seq > read => Ok(broken(
            read + 1,
            format!(
                "the log ends at entry {read} but the chain head records {seq} entries: entries \
                 were cut off the end"
            ),
            read,
            prev_hash,
        )),
        _ => Ok(broken(
            read.max(1),
            "the chain head does not match the last entry: the log or its head was edited".into(),
            read,
            prev_hash,
        )),
    }
}

/// The head of the chain: the last entry's seq and hash (0 and the genesis hash when empty).
pub(crate) fn head(conn: &Connection) -> Result<(u32, String)> {
    Ok(
        conn.query_row("SELECT seq, hash FROM audit_head WHERE id = 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?,
    )
}

/// The hash entry `seq` records, if the log has that entry.
pub(crate) fn entry_hash_at(conn: &Connection, seq: u32) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT hash FROM audit_log WHERE seq = ?1", [seq], |r| {
            r.get(0)
        })
        .optional()?)
}

/// The state digest entry `seq` committed to, as receipts quote it: empty for the genesis and
/// for entries written before state digests.
pub(crate) fn state_digest_at(conn: &Connection, seq: u32) -> Result<String> {
    Ok(conn
        .query_row("SELECT state FROM audit_log WHERE seq = ?1", [seq], |r| {
            r.get::<_, Option<String>>(0)
        })
        .optional()?
        .flatten()
        .unwrap_or_default())
}
