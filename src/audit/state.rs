//! The case's state digest: what every audit entry commits to besides the log itself.
//!
//! Each state table (every table but the chain, these digests and the key material) has a
//! row count and a multiset hash of its rows (`audit_state`), and each row a short hash
//! (`audit_rows`) that says which row changed. Per-connection TEMP triggers, made from
//! `PRAGMA table_info` after migrations, log each inserted, deleted or updated row's hash into
//! a TEMP table; [`fold`] applies that log to both at the end of the transaction and returns
//! the digest the transaction's entries carry. The triggers live only in Casebook's own
//! connections, so a change made with another SQLite client leaves the digests behind, and
//! [`check`], a full scan, names the table and row where the rows and digests part.
//!
//! The multiset hash is LtHash (1024 lanes of 16 bits, each row's SHA-256 expanded to
//! 2048 bytes; Bellare–Micciancio, as Facebook deploys it): sums of random lattice vectors,
//! which a plain sum or XOR of SHA-256 values would not be (those are forgeable by
//! generalised birthday and linear algebra). A row's hash does not include its rowid, so a
//! re-encrypting export that renumbers implicit rowids keeps every table digest.

use crate::error::{Error, Result};
use crate::progress::Progress;
use rusqlite::functions::FunctionFlags;
use rusqlite::types::ValueRef;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use sha2::{Digest, Sha256};
use specta::Type;
use std::collections::{BTreeMap, HashMap};

/// Tables outside the state: the chain (it verifies itself), the digests over the state, the
/// case's secrets (key material made on open without an entry; a changed secret shows as
/// undecryptable evidence or different person ids, not here), and the search index, derived
/// from the rows and rebuilt from them (`search::rebuild`): its documents, and the FTS5
/// tables and their shadow tables (`pragma_table_list` types those `virtual` and `shadow`,
/// which the scan skips anyway; named here so that leaving them out is a decision).
const OUTSIDE: &[&str] = &[
    "audit_log",
    "audit_head",
    "audit_state",
    "audit_rows",
    "case_secrets",
    "search_docs",
    "search_text",
    "search_text_data",
    "search_text_idx",
    "search_text_docsize",
    "search_text_config",
    "search_people",
    "search_people_data",
    "search_people_idx",
    "search_people_docsize",
    "search_people_config",
];

const LANES: usize = 1024;

/// SHA-256's initial state (FIPS 180-4, 5.3.3).
const SHA256_IV: [u32; 8] = [
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];

/// A multiset hash: adding and removing rows in any order gives the same value. The 1024
/// lanes of 16 bits are kept four to a `u64` (little-endian lanes), added lane-wise without
/// carries between lanes.
#[derive(Clone, PartialEq)]
struct LtHash([u64; LANES / 4]);

const HIGH: u64 = 0x8000_8000_8000_8000;
const ONES: u64 = 0x0001_0001_0001_0001;

/// Four 16-bit additions modulo 2^16 at once.
fn lanes_add(a: u64, b: u64) -> u64 {
    ((a & !HIGH) + (b & !HIGH)) ^ ((a ^ b) & HIGH)
}

fn lanes_sub(a: u64, b: u64) -> u64 {
    lanes_add(a, lanes_add(!b, ONES))
}

impl LtHash {
    fn zero() -> LtHash {
        LtHash([0; LANES / 4])
    }

    fn from_bytes(b: &[u8]) -> Result<LtHash> {
        if b.len() != LANES * 2 {
            return Err(Error::Corrupt(
                "a table digest in the case is damaged".into(),
            ));
        }
        let mut out = LtHash::zero();
        for (i, word) in out.0.iter_mut().enumerate() {
            *word = u64::from_le_bytes(b[i * 8..i * 8 + 8].try_into().expect("8 bytes"));
        }
        Ok(out)
    }

    fn to_bytes(&self) -> Vec<u8> {
        self.0.iter().flat_map(|w| w.to_le_bytes()).collect()
    }

    /// Adds (`sign` 1) or removes (`sign` -1) the row whose hash is `h`: the lanes are
    /// SHA-256(h ‖ i) for i in 0..64, each one padded block compressed directly (the generic
    /// hashing API, instantiated here, is many times slower in unoptimised builds).
    fn apply(&mut self, h: &[u8; 32], sign: i64) {
        let mut block = [0u8; 64];
        block[..32].copy_from_slice(h);
        block[33] = 0x80;
        // The message is 33 bytes: 264 bits.
        block[56..].copy_from_slice(&264u64.to_be_bytes());
        for counter in 0..64 {
            block[32] = counter as u8;
            let mut state = SHA256_IV;
            sha2::compress256(&mut state, &[block.into()]);
            for k in 0..4 {
                // The digest's bytes (each word big-endian) read as little-endian lanes.
                let v = u64::from(state[2 * k].swap_bytes())
                    | (u64::from(state[2 * k + 1].swap_bytes()) << 32);
                let i = counter * 4 + k;
                self.0[i] = if sign > 0 {
                    lanes_add(self.0[i], v)
                } else {
                    lanes_sub(self.0[i], v)
                };
            }
        }
    }

    fn digest(&self) -> [u8; 32] {
        Sha256::digest(self.to_bytes()).into()
    }
}

/// The SHA-256 of a row's values in column order: each with a type tag and, for text and
/// blobs, a length, so NULL, '', 0 and 0.0 all differ and no two rows encode alike.
fn row_hash<'a>(values: impl Iterator<Item = ValueRef<'a>>) -> [u8; 32] {
    let mut h = Sha256::new();
    for v in values {
        match v {
            ValueRef::Null => h.update([0]),
            ValueRef::Integer(i) => {
                h.update([1]);
                h.update(i.to_be_bytes());
            }
            ValueRef::Real(f) => {
                h.update([2]);
                h.update(f.to_bits().to_be_bytes());
            }
            ValueRef::Text(t) => {
                h.update([3]);
                h.update((t.len() as u64).to_be_bytes());
                h.update(t);
            }
            ValueRef::Blob(b) => {
                h.update([4]);
                h.update((b.len() as u64).to_be_bytes());
                h.update(b);
            }
        }
    }
    h.finalize().into()
}

/// The short form kept per row in `audit_rows`: enough to tell a changed row, not to forge one
/// (forging is what the table digest is for).
fn short(h: &[u8; 32]) -> i64 {
    i64::from_be_bytes(h[..8].try_into().expect("8 bytes"))
}

/// One table the state covers, as the schema has it now.
struct StateTable {
    name: String,
    columns: Vec<String>,
    /// The primary-key columns of a WITHOUT ROWID table, whose rows are located by a hash of
    /// their key instead of a rowid.
    key: Option<Vec<String>>,
}

impl StateTable {
    fn quoted(&self) -> String {
        quote(&self.name)
    }
}

fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn sql_text(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

fn state_tables(conn: &Connection) -> Result<Vec<StateTable>> {
    let mut stmt = conn.prepare(
        "SELECT name, wr FROM pragma_table_list WHERE schema = 'main' AND type = 'table'
           AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
    )?;
    let tables: Vec<(String, bool)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::new();
    for (name, without_rowid) in tables {
        if OUTSIDE.contains(&name.as_str()) {
            continue;
        }
        let mut cols = conn.prepare("SELECT name, pk FROM pragma_table_info(?1) ORDER BY cid")?;
        let cols: Vec<(String, i64)> = cols
            .query_map([&name], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let key = without_rowid.then(|| {
            let mut pk: Vec<&(String, i64)> = cols.iter().filter(|c| c.1 > 0).collect();
            pk.sort_by_key(|c| c.1);
            pk.into_iter().map(|c| c.0.clone()).collect()
        });
        out.push(StateTable {
            name,
            columns: cols.into_iter().map(|c| c.0).collect(),
            key,
        });
    }
    Ok(out)
}

const ROW_HASH_FN: &str = "casebook_row_hash";
const KEY_RID_FN: &str = "casebook_key_rid";
const DELTA: &str = "temp.casebook_state_delta";

/// Installs the row-hash functions and, for every state table, the TEMP triggers that log
/// each changed row into this connection's delta table. Run on every connection after
/// migrations, so the triggers match the schema.
pub(crate) fn install(conn: &Connection) -> Result<()> {
    let flags = FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC;
    conn.create_scalar_function(ROW_HASH_FN, -1, flags, |ctx| {
        let h = row_hash((0..ctx.len()).map(|i| ctx.get_raw(i)));
        Ok(h.to_vec())
    })?;
    conn.create_scalar_function(KEY_RID_FN, -1, flags, |ctx| {
        Ok(short(&row_hash((0..ctx.len()).map(|i| ctx.get_raw(i)))))
    })?;
    // A REPLACE that deletes a conflicting row fires its delete trigger only with this on.
    conn.pragma_update(None, "recursive_triggers", "ON")?;
    let mut sql = String::from(
        "CREATE TEMP TABLE IF NOT EXISTS casebook_state_delta (
             tbl TEXT NOT NULL, rid INTEGER NOT NULL, h BLOB NOT NULL, sign INTEGER NOT NULL);\n",
    );
    for t in state_tables(conn)? {
        sql.push_str(&triggers(&t));
    }
    conn.execute_batch(&sql)?;
    Ok(())
}

const EVENTS: [&str; 3] = ["INSERT", "DELETE", "UPDATE"];

fn trigger_name(event: &str, table: &str) -> String {
    quote(&format!(
        "casebook_state_{}_{}",
        event.to_lowercase(),
        table
    ))
}

/// The SQL creating `t`'s three triggers (when missing).
fn triggers(t: &StateTable) -> String {
    let values = |row: &str| {
        t.columns
            .iter()
            .map(|c| format!("{row}.{}", quote(c)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let rid = |row: &str| match &t.key {
        None => format!("{row}.rowid"),
        Some(key) => format!(
            "{KEY_RID_FN}({})",
            key.iter()
                .map(|c| format!("{row}.{}", quote(c)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    let log = |row: &str, sign: i64| {
        format!(
            "INSERT INTO {DELTA} (tbl, rid, h, sign) VALUES ({}, {}, {ROW_HASH_FN}({}), {sign});",
            sql_text(&t.name),
            rid(row),
            values(row)
        )
    };
    let bodies = [
        log("NEW", 1),
        log("OLD", -1),
        format!("{} {}", log("OLD", -1), log("NEW", 1)),
    ];
    EVENTS
        .iter()
        .zip(bodies)
        .map(|(event, body)| {
            format!(
                "CREATE TEMP TRIGGER IF NOT EXISTS {} AFTER {event} ON main.{} BEGIN {body} END;\n",
                trigger_name(event, &t.name),
                t.quoted()
            )
        })
        .collect()
}

/// Rows hashed per message to an [`LtHash`] worker.
const BULK_CHUNK: usize = 4096;

/// Row hashes for a worker to add (`true`) or remove.
type Chunk = Vec<([u8; 32], bool)>;

/// A bulk write into one state table with its row triggers suspended: the writer hands every
/// row it writes or deletes to [`Bulk`], which hashes it the way the triggers would, adds the
/// hashes into the table's multiset hash on worker threads while the writer goes on, and
/// applies row count, multiset hash and row hashes on [`Bulk::finish`] — the same digests the
/// triggers give, without a logged row, a SQL function call and a fold per write. A `Bulk`
/// dropped unfinished (an error; the transaction is then rolled back) puts the triggers back.
pub(crate) struct Bulk<'c> {
    conn: &'c Connection,
    table: StateTable,
    /// (rowid, short hash or `None` for a deleted row), in write order.
    rows: Vec<(i64, Option<i64>)>,
    count: i64,
    chunk: Chunk,
    workers: Vec<(
        std::sync::mpsc::SyncSender<Chunk>,
        std::thread::JoinHandle<LtHash>,
    )>,
    next: usize,
}

impl<'c> Bulk<'c> {
    /// Starts a bulk write into `table` (a state table with rowids) inside the open
    /// transaction. What the triggers logged so far is folded first, so the rows written from
    /// here on are applied after it, as the triggers would have applied them.
    pub(crate) fn begin(conn: &'c Connection, table: &str) -> Result<Bulk<'c>> {
        let table = state_tables(conn)?
            .into_iter()
            .find(|t| t.name == table && t.key.is_none())
            .ok_or_else(|| Error::internal("a bulk write into a table the state does not cover"))?;
        fold(conn)?;
        for event in EVENTS {
            conn.execute(
                &format!(
                    "DROP TRIGGER IF EXISTS temp.{}",
                    trigger_name(event, &table.name)
                ),
                [],
            )?;
        }
        let n = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
            .clamp(1, 4);
        let workers = (0..n)
            .map(|_| {
                let (tx, rx) = std::sync::mpsc::sync_channel::<Chunk>(4);
                let handle = std::thread::spawn(move || {
                    let mut lt = LtHash::zero();
                    for chunk in rx {
                        for (h, add) in chunk {
                            lt.apply(&h, if add { 1 } else { -1 });
                        }
                    }
                    lt
                });
                (tx, handle)
            })
            .collect();
        Ok(Bulk {
            conn,
            table,
            rows: Vec::new(),
            count: 0,
            chunk: Vec::with_capacity(BULK_CHUNK),
            workers,
            next: 0,
        })
    }

    /// Runs `stmt` (an INSERT of one whole row, every column in the table's order) with
    /// `values`, and notes the row, whose rowid is `rid`.
    pub(crate) fn insert(
        &mut self,
        stmt: &mut rusqlite::Statement,
        rid: i64,
        values: &[&dyn rusqlite::ToSql],
    ) -> Result<()> {
        let out = values
            .iter()
            .map(|v| v.to_sql())
            .collect::<rusqlite::Result<Vec<_>>>()?;
        if out.len() != self.table.columns.len() {
            return Err(Error::internal(
                "a bulk insert that does not give every column",
            ));
        }
        let values = out
            .iter()
            .map(|o| match o {
                rusqlite::types::ToSqlOutput::Borrowed(v) => Ok(*v),
                rusqlite::types::ToSqlOutput::Owned(v) => Ok(ValueRef::from(v)),
                _ => Err(Error::internal(
                    "a bulk insert of a value that is not stored as given",
                )),
            })
            .collect::<Result<Vec<_>>>()?;
        let h = row_hash(values.into_iter());
        stmt.execute(rusqlite::params_from_iter(out.iter()))?;
        self.note(rid, h, true)
    }

    /// Notes the rows of the table matching `filter` (a WHERE clause, or empty for all) as
    /// they are now: as added (`true`), after writing them, or as removed, before deleting
    /// them.
    pub(crate) fn rows_where(&mut self, filter: &str, added: bool) -> Result<()> {
        let conn = self.conn;
        let cols = self
            .table
            .columns
            .iter()
            .map(|c| quote(c))
            .collect::<Vec<_>>()
            .join(", ");
        let mut stmt = conn.prepare(&format!(
            "SELECT rowid, {cols} FROM main.{} {filter} ORDER BY rowid",
            self.table.quoted()
        ))?;
        let n = self.table.columns.len();
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let h = row_hash((1..=n).map(|i| r.get_ref_unwrap(i)));
            self.note(r.get(0)?, h, added)?;
        }
        Ok(())
    }

    fn note(&mut self, rid: i64, h: [u8; 32], added: bool) -> Result<()> {
        self.rows.push((rid, added.then(|| short(&h))));
        self.count += if added { 1 } else { -1 };
        self.chunk.push((h, added));
        if self.chunk.len() == BULK_CHUNK {
            self.send()?;
        }
        Ok(())
    }

    fn send(&mut self) -> Result<()> {
        let chunk = std::mem::replace(&mut self.chunk, Vec::with_capacity(BULK_CHUNK));
        let (tx, _) = &self.workers[self.next % self.workers.len()];
        self.next += 1;
        tx.send(chunk)
            .map_err(|_| Error::internal("a row-hash worker stopped"))
    }

    /// Applies the rows noted to the table's row count, multiset hash and row hashes, and puts
    /// the triggers back.
    pub(crate) fn finish(mut self) -> Result<()> {
        if !self.chunk.is_empty() {
            self.send()?;
        }
        let mut sum = LtHash::zero();
        for (tx, handle) in std::mem::take(&mut self.workers) {
            drop(tx);
            let lt = handle
                .join()
                .map_err(|_| Error::internal("a row-hash worker failed"))?;
            for (s, w) in sum.0.iter_mut().zip(lt.0) {
                *s = lanes_add(*s, w);
            }
        }
        let conn = self.conn;
        let name = self.table.name.clone();
        let (rows, mut lt) = stored(conn)?
            .remove(&name)
            .unwrap_or_else(|| (0, LtHash::zero()));
        for (s, w) in lt.0.iter_mut().zip(sum.0) {
            *s = lanes_add(*s, w);
        }
        conn.execute(
            "INSERT OR REPLACE INTO audit_state (tbl, rows, lthash) VALUES (?1, ?2, ?3)",
            params![name, rows + self.count, lt.to_bytes()],
        )?;
        // The last write of each row counts; in rowid order, the row hashes are appended
        // to their index rather than scattered through it.
        let mut written = std::mem::take(&mut self.rows);
        written.reverse();
        written.sort_by_key(|(rid, _)| *rid);
        written.dedup_by_key(|(rid, _)| *rid);
        {
            let mut put = conn.prepare_cached(
                "INSERT OR REPLACE INTO audit_rows (tbl, rid, h) VALUES (?1, ?2, ?3)",
            )?;
            let mut remove =
                conn.prepare_cached("DELETE FROM audit_rows WHERE tbl = ?1 AND rid = ?2")?;
            for (rid, h) in written {
                match h {
                    Some(h) => put.execute(params![name, rid, h])?,
                    None => remove.execute(params![name, rid])?,
                };
            }
        }
        conn.execute_batch(&triggers(&self.table))?;
        Ok(())
    }
}

impl Drop for Bulk<'_> {
    fn drop(&mut self) {
        if self.workers.is_empty() {
            return;
        }
        for (tx, handle) in std::mem::take(&mut self.workers) {
            drop(tx);
            let _ = handle.join();
        }
        // The transaction is being abandoned; its rollback restores the triggers too, and
        // recreating them here keeps the connection whole even if it did not.
        let _ = self.conn.execute_batch(&triggers(&self.table));
    }
}

fn stored(conn: &Connection) -> Result<BTreeMap<String, (i64, LtHash)>> {
    let mut stmt = conn.prepare("SELECT tbl, rows, lthash FROM audit_state")?;
    let mut rows = stmt.query([])?;
    let mut out = BTreeMap::new();
    while let Some(r) = rows.next()? {
        let bytes: Vec<u8> = r.get(2)?;
        out.insert(r.get(0)?, (r.get(1)?, LtHash::from_bytes(&bytes)?));
    }
    Ok(out)
}

/// The digest of the whole state: every non-empty table's name, row count and multiset hash,
/// in name order. Empty tables are left out, so adding an empty table changes nothing.
fn digest_of(tables: &BTreeMap<String, (i64, LtHash)>) -> String {
    let mut h = Sha256::new();
    h.update(b"casebook-state-v1\n");
    for (name, (rows, lt)) in tables {
        if *rows == 0 {
            continue;
        }
        h.update((name.len() as u64).to_be_bytes());
        h.update(name.as_bytes());
        h.update(rows.to_be_bytes());
        h.update(lt.digest());
    }
    hex::encode(h.finalize())
}

/// Applies the rows this transaction changed to the stored digests and row hashes, and
/// returns the state digest after it. Called by `transact` before it appends the entries.
pub(crate) fn fold(conn: &Connection) -> Result<String> {
    // An import updates a person many times in one transaction: only the net change of each
    // table's multiset (the hashes added more often than removed, or the reverse) and the last
    // hash of each row are applied, so the work follows the rows changed, not the writes.
    let mut names: Vec<String> = Vec::new();
    let mut net: HashMap<(usize, [u8; 32]), i64> = HashMap::new();
    let mut last: HashMap<(usize, i64), Option<i64>> = HashMap::new();
    {
        let mut read = conn.prepare(&format!(
            "SELECT tbl, rid, h, sign FROM {DELTA} ORDER BY rowid"
        ))?;
        let mut rows = read.query([])?;
        while let Some(r) = rows.next()? {
            let tbl: String = r.get(0)?;
            let t = match names.iter().position(|n| *n == tbl) {
                Some(t) => t,
                None => {
                    names.push(tbl);
                    names.len() - 1
                }
            };
            let rid: i64 = r.get(1)?;
            let h: Vec<u8> = r.get(2)?;
            let h: [u8; 32] = h
                .try_into()
                .map_err(|_| Error::internal("a row hash of the wrong length"))?;
            let sign: i64 = r.get(3)?;
            *net.entry((t, h)).or_default() += sign;
            last.insert((t, rid), (sign > 0).then(|| short(&h)));
        }
    }
    let mut tables = stored(conn)?;
    for ((t, h), n) in &net {
        if *n == 0 {
            continue;
        }
        let entry = tables
            .entry(names[*t].clone())
            .or_insert_with(|| (0, LtHash::zero()));
        entry.0 += n;
        for _ in 0..n.unsigned_abs() {
            entry.1.apply(h, n.signum());
        }
    }
    {
        let mut put = conn.prepare_cached(
            "INSERT OR REPLACE INTO audit_rows (tbl, rid, h) VALUES (?1, ?2, ?3)",
        )?;
        let mut remove =
            conn.prepare_cached("DELETE FROM audit_rows WHERE tbl = ?1 AND rid = ?2")?;
        // In index order: appended to audit_rows' index rather than scattered through it.
        let mut last: Vec<_> = last.into_iter().collect();
        let rank: Vec<usize> = names
            .iter()
            .map(|n| names.iter().filter(|m| *m < n).count())
            .collect();
        last.sort_unstable_by_key(|((t, rid), _)| (rank[*t], *rid));
        for ((t, rid), h) in &last {
            match h {
                Some(h) => put.execute(params![names[*t], rid, h])?,
                None => remove.execute(params![names[*t], rid])?,
            };
        }
    }
    let mut save = conn.prepare_cached(
        "INSERT OR REPLACE INTO audit_state (tbl, rows, lthash) VALUES (?1, ?2, ?3)",
    )?;
    for name in &names {
        let (rows, lt) = &tables[name];
        save.execute(params![name, rows, lt.to_bytes()])?;
    }
    conn.execute(&format!("DELETE FROM {DELTA}"), [])?;
    Ok(digest_of(&tables))
}

/// Computes every table's digest and row hashes from the rows themselves, replacing what is
/// stored: the moment from which the state is covered (a case from before, or after a
/// migration changed rows or columns). Returns (tables, rows) for the entry that records it.
pub(crate) fn rebuild(conn: &Connection) -> Result<(usize, i64)> {
    conn.execute("DELETE FROM audit_state", [])?;
    conn.execute("DELETE FROM audit_rows", [])?;
    conn.execute(&format!("DELETE FROM {DELTA}"), [])?;
    let mut put =
        conn.prepare_cached("INSERT INTO audit_rows (tbl, rid, h) VALUES (?1, ?2, ?3)")?;
    let mut save =
        conn.prepare_cached("INSERT INTO audit_state (tbl, rows, lthash) VALUES (?1, ?2, ?3)")?;
    let tables = state_tables(conn)?;
    let mut total = 0;
    for t in &tables {
        let (rows, lt) = scan(conn, t, &mut |rid, h| {
            put.execute(params![t.name, rid, short(h)])?;
            Ok(())
        })?;
        save.execute(params![t.name, rows, lt.to_bytes()])?;
        total += rows;
    }
    Ok((tables.len(), total))
}

/// Makes the row hashes point at the rows' current rowids, keeping the table digests: after a
/// re-encrypting export, which renumbers the implicit rowids of tables with gaps.
pub(crate) fn relocate_rows(conn: &Connection) -> Result<()> {
    conn.execute("DELETE FROM audit_rows", [])?;
    let mut put =
        conn.prepare_cached("INSERT INTO audit_rows (tbl, rid, h) VALUES (?1, ?2, ?3)")?;
    for t in state_tables(conn)? {
        scan(conn, &t, &mut |rid, h| {
            put.execute(params![t.name, rid, short(h)])?;
            Ok(())
        })?;
    }
    Ok(())
}

/// Reads every row of `t`, calling `each` with its locator and hash; returns the row count
/// and multiset hash.
fn scan(
    conn: &Connection,
    t: &StateTable,
    each: &mut dyn FnMut(i64, &[u8; 32]) -> Result<()>,
) -> Result<(i64, LtHash)> {
    let cols = t
        .columns
        .iter()
        .map(|c| quote(c))
        .collect::<Vec<_>>()
        .join(", ");
    let (sql, key_idx): (String, Option<Vec<usize>>) = match &t.key {
        None => (
            format!("SELECT rowid, {cols} FROM main.{}", t.quoted()),
            None,
        ),
        Some(key) => (
            format!("SELECT 0, {cols} FROM main.{}", t.quoted()),
            Some(
                key.iter()
                    .filter_map(|k| t.columns.iter().position(|c| c == k))
                    .map(|i| i + 1)
                    .collect(),
            ),
        ),
    };
    let mut stmt = conn.prepare(&sql)?;
    let n = t.columns.len();
    let mut rows = stmt.query([])?;
    let mut lt = LtHash::zero();
    let mut count = 0;
    while let Some(r) = rows.next()? {
        let h = row_hash((1..=n).map(|i| r.get_ref_unwrap(i)));
        let rid = match &key_idx {
            None => r.get(0)?,
            Some(idx) => short(&row_hash(idx.iter().map(|&i| r.get_ref_unwrap(i)))),
        };
        each(rid, &h)?;
        lt.apply(&h, 1);
        count += 1;
    }
    Ok((count, lt))
}

/// One way the case's rows differ from what the audit chain committed to.
#[derive(Debug, Clone, Serialize, Type, PartialEq)]
pub struct StateChange {
    pub table: String,
    /// The row's rowid, when the change is located to one row (not for a WITHOUT ROWID table
    /// or a digest that no longer matches).
    pub row_id: Option<i64>,
    pub change: ChangeKind,
}

#[derive(Debug, Clone, Copy, Serialize, Type, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// A row whose values no longer hash to what was recorded for it.
    Edited,
    /// A row no Casebook transaction wrote.
    Inserted,
    /// A row Casebook recorded that is gone.
    Deleted,
    /// The table's rows no longer match its digest, though every row matches its row hash:
    /// the row hashes were edited too.
    TableDigest,
    /// Every table matches its digest but the digests no longer make the state the last
    /// entry committed to: the digests were rewritten too.
    StateDigest,
}

impl StateChange {
    /// The sentence people read.
    pub fn describe(&self) -> String {
        let row = |what: &str| match self.row_id {
            Some(id) => format!("{} row {id} was {what} outside Casebook", self.table),
            None => format!("a {} row was {what} outside Casebook", self.table),
        };
        match self.change {
            ChangeKind::Edited => row("edited"),
            ChangeKind::Inserted => row("inserted"),
            ChangeKind::Deleted => row("deleted"),
            ChangeKind::TableDigest => format!(
                "{}: its rows no longer match the digest the audit chain committed to (its row \
                 hashes were edited too)",
                self.table
            ),
            ChangeKind::StateDigest => "the table digests no longer make the state the last \
                 audit entry committed to: they were rewritten outside Casebook"
                .into(),
        }
    }
}

/// What [`check`] found: the recomputed digest and the differences (the first `cap`, and how
/// many in all).
pub(crate) struct Checked {
    pub digest: String,
    pub changes: Vec<StateChange>,
    pub total: u32,
}

/// Recomputes every row hash and table digest from the rows and compares them with the stored
/// ones and with `committed`, the state the last entry carries.
pub(crate) fn check(
    conn: &Connection,
    committed: Option<&str>,
    cap: usize,
    progress: &dyn Progress,
) -> Result<Checked> {
    let stored = stored(conn)?;
    let all: i64 = stored.values().map(|(n, _)| *n).sum::<i64>().max(1);
    let mut found = Checked {
        digest: String::new(),
        changes: Vec::new(),
        total: 0,
    };
    let note = |c: StateChange, found: &mut Checked| {
        found.total += 1;
        if found.changes.len() < cap {
            found.changes.push(c);
        }
    };
    let mut recomputed = BTreeMap::new();
    let mut read = 0u64;
    let tables = state_tables(conn)?;
    for t in &tables {
        let mut shadow: HashMap<i64, i64> = HashMap::new();
        {
            let mut stmt = conn.prepare("SELECT rid, h FROM audit_rows WHERE tbl = ?1")?;
            let mut rows = stmt.query([&t.name])?;
            while let Some(r) = rows.next()? {
                shadow.insert(r.get(0)?, r.get(1)?);
            }
        }
        let located = t.key.is_none();
        let before = found.total;
        let (rows, lt) = scan(conn, t, &mut |rid, h| {
            read += 1;
            if read % 4096 == 0 {
                if progress.cancelled() {
                    return Err(Error::Cancelled);
                }
                progress.update(read, all as u64);
            }
            let kind = match shadow.remove(&rid) {
                None => Some(ChangeKind::Inserted),
                Some(s) if s != short(h) => Some(ChangeKind::Edited),
                Some(_) => None,
            };
            if let Some(change) = kind {
                note(
                    StateChange {
                        table: t.name.clone(),
                        row_id: located.then_some(rid),
                        change,
                    },
                    &mut found,
                );
            }
            Ok(())
        })?;
        let mut gone: Vec<i64> = shadow.into_keys().collect();
        gone.sort_unstable();
        for rid in gone {
            note(
                StateChange {
                    table: t.name.clone(),
                    row_id: located.then_some(rid),
                    change: ChangeKind::Deleted,
                },
                &mut found,
            );
        }
        let expected = stored
            .get(&t.name)
            .map(|(n, l)| (*n, l.clone()))
            .unwrap_or((0, LtHash::zero()));
        if found.total == before && (expected.0 != rows || expected.1 != lt) {
            note(
                StateChange {
                    table: t.name.clone(),
                    row_id: None,
                    change: ChangeKind::TableDigest,
                },
                &mut found,
            );
        }
        recomputed.insert(t.name.clone(), (rows, lt));
    }
    // A table the digests know that the schema no longer has.
    for (name, (rows, _)) in &stored {
        if *rows > 0 && !recomputed.contains_key(name) {
            note(
                StateChange {
                    table: name.clone(),
                    row_id: None,
                    change: ChangeKind::Deleted,
                },
                &mut found,
            );
        }
    }
    let digest = digest_of(&recomputed);
    if found.total == 0 && committed.is_some_and(|c| c != digest) {
        note(
            StateChange {
                table: "audit_state".into(),
                row_id: None,
                change: ChangeKind::StateDigest,
            },
            &mut found,
        );
    }
    found.digest = digest;
    Ok(found)
}

/// The state digest the newest entry carries: what a receipt or a bundle quotes. `None` for a
/// case with no entry written since the state was covered.
pub fn committed(conn: &Connection) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT state FROM audit_log ORDER BY seq DESC LIMIT 1",
            [],
            |r| r.get::<_, Option<String>>(0),
        )
        .optional()?
        .flatten())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A connection with the digest tables and one state table `t` of every value type.
    fn state_db() -> Connection {
        let c = Connection::open_in_memory().unwrap();
        c.execute_batch(
            "CREATE TABLE audit_state (tbl TEXT PRIMARY KEY, rows INTEGER NOT NULL, lthash BLOB NOT NULL);
             CREATE TABLE audit_rows (tbl TEXT NOT NULL, rid INTEGER NOT NULL, h INTEGER NOT NULL,
                 PRIMARY KEY (tbl, rid)) WITHOUT ROWID;
             CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, n INTEGER, x REAL, b BLOB);",
        )
        .unwrap();
        install(&c).unwrap();
        c
    }

    type Digests = (Vec<(String, i64, Vec<u8>)>, Vec<(String, i64, i64)>);

    fn digests(c: &Connection) -> Digests {
        let state = c
            .prepare("SELECT tbl, rows, lthash FROM audit_state ORDER BY tbl")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let rows = c
            .prepare("SELECT tbl, rid, h FROM audit_rows ORDER BY tbl, rid")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        (state, rows)
    }

    const INSERT: &str = "INSERT INTO t (id, name, n, x, b) VALUES (?1, ?2, ?3, ?4, ?5)";

    /// Rows 1..=n: text, NULL, integers, reals and blobs in turn.
    fn row(i: i64) -> (i64, Option<String>, i64, f64, Vec<u8>) {
        let name = (i % 3 != 0).then(|| format!("person {i}"));
        (
            i,
            name,
            i * 7 - 50,
            i as f64 / 3.0,
            vec![i as u8; (i % 5) as usize],
        )
    }

    #[test]
    fn a_bulk_write_leaves_the_digests_the_row_triggers_would() {
        let (by_trigger, by_bulk) = (state_db(), state_db());
        // Three transactions: a load, a rewrite of the whole table after an edit the
        // triggers log, and a second load on top.
        for (step, range) in [(0, 1..301i64), (1, 0..0), (2, 301..421)] {
            for (c, bulk) in [(&by_trigger, false), (&by_bulk, true)] {
                c.execute_batch("BEGIN").unwrap();
                if step == 1 {
                    c.execute("UPDATE t SET n = n + 1 WHERE id % 4 = 0", [])
                        .unwrap();
                    if bulk {
                        let mut b = Bulk::begin(c, "t").unwrap();
                        b.rows_where("", false).unwrap();
                        c.execute("DELETE FROM t", []).unwrap();
                        for i in (1..=300).filter(|i| i % 7 != 0) {
                            let (id, name, n, x, blob) = row(i);
                            c.execute(INSERT, params![id, name, n + (id % 4 == 0) as i64, x, blob])
                                .unwrap();
                        }
                        b.rows_where("WHERE id > 0", true).unwrap();
                        b.finish().unwrap();
                    } else {
                        c.execute("DELETE FROM t", []).unwrap();
                        for i in (1..=300).filter(|i| i % 7 != 0) {
                            let (id, name, n, x, blob) = row(i);
                            c.execute(INSERT, params![id, name, n + (id % 4 == 0) as i64, x, blob])
                                .unwrap();
                        }
                    }
                } else {
                    let mut b = bulk.then(|| Bulk::begin(c, "t").unwrap());
                    let mut stmt = c.prepare(INSERT).unwrap();
                    for i in range.clone() {
                        let (id, name, n, x, blob) = row(i);
                        match &mut b {
                            Some(b) => b
                                .insert(&mut stmt, id, params![id, name, n, x, blob])
                                .unwrap(),
                            None => {
                                stmt.execute(params![id, name, n, x, blob]).unwrap();
                            }
                        }
                    }
                    drop(stmt);
                    if let Some(b) = b {
                        b.finish().unwrap();
                    }
                }
                fold(c).unwrap();
                c.execute_batch("COMMIT").unwrap();
            }
            assert_eq!(
                digests(&by_trigger),
                digests(&by_bulk),
                "step {step}: the bulk path stores the digests and row hashes the triggers do"
            );
        }
        let checked = check(&by_bulk, None, 10, &crate::progress::Silent).unwrap();
        assert_eq!(checked.total, 0, "a rescan agrees: {:?}", checked.changes);
        by_bulk
            .execute("INSERT INTO t (id, name) VALUES (9999, 'after')", [])
            .unwrap();
        fold(&by_bulk).unwrap();
        assert_eq!(
            check(&by_bulk, None, 10, &crate::progress::Silent)
                .unwrap()
                .total,
            0,
            "the triggers are back after a bulk write"
        );
    }

    #[test]
    fn a_bulk_write_abandoned_puts_the_triggers_back() {
        let c = state_db();
        c.execute_batch("BEGIN").unwrap();
        let b = Bulk::begin(&c, "t").unwrap();
        drop(b);
        c.execute("INSERT INTO t (id, name) VALUES (1, 'x')", [])
            .unwrap();
        fold(&c).unwrap();
        c.execute_batch("COMMIT").unwrap();
        assert_eq!(
            digests(&c).1.len(),
            1,
            "a write after an abandoned bulk write is logged by the triggers again"
        );
    }

    #[test]
    fn a_rows_lanes_are_sha256_of_its_hash_and_a_counter() {
        let h = [7u8; 32];
        let mut lt = LtHash::zero();
        lt.apply(&h, 1);
        let mut expected = Vec::new();
        for counter in 0u8..64 {
            expected.extend(
                Sha256::new()
                    .chain_update(h)
                    .chain_update([counter])
                    .finalize(),
            );
        }
        assert_eq!(
            lt.to_bytes(),
            expected,
            "the direct compression gives the documented expansion"
        );
    }

    #[test]
    fn lanes_wrap_on_their_own() {
        let a = 0xffff_0001_8000_7fffu64;
        let b = 0x0001_ffff_8000_0001u64;
        assert_eq!(lanes_add(a, b), 0x0000_0000_0000_8000);
        assert_eq!(lanes_sub(lanes_add(a, b), b), a);
        assert_eq!(lanes_sub(0, 1), 0x0000_0000_0000_ffff);
    }

    #[test]
    fn adding_and_removing_rows_in_any_order_gives_the_same_digest() {
        let (a, b, c) = ([1u8; 32], [2u8; 32], [3u8; 32]);
        let mut one = LtHash::zero();
        for (h, s) in [(&a, 1), (&b, 1), (&c, 1), (&b, -1)] {
            one.apply(h, s);
        }
        let mut two = LtHash::zero();
        for (h, s) in [(&c, 1), (&a, 1)] {
            two.apply(h, s);
        }
        assert!(
            one == two,
            "the multiset {{a, c}} hashes alike however it was reached"
        );
        two.apply(&a, -1);
        two.apply(&c, -1);
        assert!(
            two == LtHash::zero(),
            "removing every row gives the empty multiset"
        );
    }
}
