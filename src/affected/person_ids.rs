//! Person ids: how a person's id is made from their key (keyed by the case's person-id secret,
//! so an id cannot be traced back to an e-mail or phone by trying candidates), the one-time
//! move of a case whose ids were made the old, unkeyed way, and finding a person by an id
//! handed out before that move.
//!
//! The old→new map lives in `person_id_map`, inside the encrypted database only: an old id can
//! be brute-forced back to its key, so the map is as sensitive as the key itself.

use crate::error::{Error, Result};
use crate::store::{secret, Case, Secret};
use hmac::{Hmac, Mac};
use rusqlite::{Connection, OptionalExtension};
use sha2::Sha256;

/// The `settings` key naming the scheme a case's person ids were made with.
const SCHEME_KEY: &str = "person_ids";
/// HMAC-SHA256 of the key with the case's person-id secret.
const KEYED: &str = "hmac-sha256";
/// SHA-256 of the key alone, as cases made before issue 15 hold them.
const UNKEYED: &str = "sha256";

/// Makes the ids of one case's people. Cloning reuses the keyed state, so an id costs two
/// SHA-256 compressions over the key and no key schedule.
#[derive(Clone)]
pub(crate) struct PersonIds(Hmac<Sha256>);

impl PersonIds {
    pub(crate) fn new(secret: &[u8; 32]) -> PersonIds {
        PersonIds(Hmac::new_from_slice(secret).expect("HMAC takes a key of any length"))
    }

    /// `P-` and the first 16 hex digits of the tag: the same key gives the same id in this case
    /// after every rebuild, and a different id in any other case.
    pub(crate) fn of(&self, key: &str) -> String {
        let tag = self.0.clone().chain_update(key.as_bytes()).finalize();
        format!("P-{}", hex::encode(&tag.into_bytes()[..8]))
    }
}

/// Installs `person_id(key)`, keyed by this case's secret, on a new connection.
pub(crate) fn register_functions(conn: &Connection) -> Result<()> {
    let ids = PersonIds::new(&*secret(conn, Secret::PersonIds)?);
    conn.create_scalar_function(
        "person_id",
        1,
        rusqlite::functions::FunctionFlags::SQLITE_UTF8
            | rusqlite::functions::FunctionFlags::SQLITE_DETERMINISTIC,
        move |ctx| Ok(ids.of(&ctx.get::<String>(0)?)),
    )?;
    Ok(())
}

/// The current id of the person `id` names: `id` itself, or the id a person given `id` before
/// their case's ids were keyed has now. `None` when it names no person of the case.
pub(crate) fn current_person_id(conn: &Connection, id: &str) -> Result<Option<String>> {
    // Cached: a results file asks once per row.
    Ok(conn
        .prepare_cached(
            "SELECT id FROM people
             WHERE id = coalesce((SELECT new FROM person_id_map WHERE old = ?1), ?1)",
        )?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

impl Case {
    /// Moves a case whose person ids were made the old way onto keyed ids, in one audited
    /// transaction (killed half-way, nothing changed): every person's old id mapped to their
    /// new one, `people` and the notice history rewritten through the map, the scheme marked.
    ///
    /// The notice history is rewritten rather than read through the map forever: its
    /// `person_id` is a derived label, not a fact anyone recorded, and one id per person in
    /// every live table keeps every reader a plain equality. Its append-only triggers are
    /// dropped and recreated from their own stored SQL inside this transaction, so no other
    /// writer ever sees the history unguarded. The audit chain keeps the old ids it was
    /// written with (rewriting it would break its hashes); the map resolves them.
    pub(crate) fn migrate_person_ids(&mut self) -> Result<()> {
        let scheme: Option<String> = self
            .conn()
            .query_row(
                "SELECT value FROM settings WHERE key = ?1",
                [SCHEME_KEY],
                |r| r.get(0),
            )
            .optional()?;
        match scheme.as_deref() {
            Some(KEYED) => return Ok(()),
            Some(UNKEYED) => {}
            _ => {
                return Err(Error::Corrupt(
                    "the case does not say how its person ids were made".into(),
                ))
            }
        }
        self.transact(|tx| {
            let c = tx.conn();
            // While the case is unkeyed, each person's id is the old one and their key gives
            // the new one: no old id is ever computed again.
            let people = c.execute(
                "INSERT INTO person_id_map (old, new) SELECT id, person_id(person_key) FROM people",
                [],
            )?;
            c.execute(
                "UPDATE people SET id = (SELECT new FROM person_id_map WHERE old = people.id)",
                [],
            )?;
            let guards: Vec<(String, String)> = c
                .prepare(
                    "SELECT name, sql FROM sqlite_master
                     WHERE type = 'trigger' AND tbl_name = 'notice_events'",
                )?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            for (name, _) in &guards {
                c.execute_batch(&format!("DROP TRIGGER \"{name}\""))?;
            }
            let events = c.execute(
                "UPDATE notice_events
                 SET person_id = (SELECT new FROM person_id_map WHERE old = person_id)
                 WHERE person_id IN (SELECT old FROM person_id_map)",
                [],
            )?;
            for (_, sql) in &guards {
                c.execute_batch(sql)?;
            }
            // History of people whose batch was removed before the move: their key is gone
            // with their records, so their old id cannot be mapped and stays as it was.
            let unmapped: u32 = c.query_row(
                "SELECT count(*) FROM notice_events
                 WHERE person_id NOT IN (SELECT new FROM person_id_map)",
                [],
                |r| r.get(0),
            )?;
            c.execute(
                "UPDATE settings SET value = ?2 WHERE key = ?1",
                [SCHEME_KEY, KEYED],
            )?;
            tx.record(
                "affected.person_ids",
                "people",
                "",
                None,
                Some(serde_json::json!({
                    "people": people, "notice_events": events,
                    "notice_events_unmapped": unmapped,
                })),
            )
        })
    }
}
