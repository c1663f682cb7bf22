//! The case folder and its database: the one place connections are opened, the schema is
//! migrated, and writes happen. A case is a folder `<name>.casebook/` holding `case.db`
//! (SQLCipher-encrypted SQLite) and `vault/` (content-addressed evidence).
//!
//! Every write goes through [`Case::transact`], which runs the change and its audit entries in
//! one SQLite transaction: either both land or neither does.
//!
//! The folder is private: 0700 folders and 0600 files (tightened on every open), temporary
//! files only in its own `tmp/` (swept on open), and the passphrase changed by an atomic
//! replacement of `case.db` ([`Case::change_passphrase`]).

use crate::actor::Actor;
use crate::audit;
use crate::clock::Clock;
use crate::error::{Error, Result};
use crate::migrations::{LATEST, MIGRATIONS};
use crate::util::failpoint::failpoint;
use crate::util::fs::{
    existing_parent, private_dir, sweep_dead_temporaries, tighten_tree, PRIVATE_FILE,
};
use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{Connection, OpenFlags, OptionalExtension, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use zeroize::Zeroizing;

pub const DB_FILE: &str = "case.db";
pub const VAULT_DIR: &str = "vault";
pub const CASE_EXTENSION: &str = "casebook";
/// The case's own folder for temporary files, so nothing made from its content is written
/// outside it; each process works in a `<pid>-…` folder that a later open sweeps once the
/// process is gone.
pub const TMP_DIR: &str = "tmp";
/// The prefix of the re-encrypted copy of `case.db` a passphrase change writes beside it.
const REKEY_PREFIX: &str = "case.db.rekey-";
const MIN_PASSPHRASE_CHARS: usize = 8;

/// An open case: the folder, its database connection, and who is acting with what clock.
pub struct Case {
    root: PathBuf,
    conn: Connection,
    actor: Actor,
    clock: Arc<dyn Clock>,
    /// What every connection to this case installs, kept for the one a passphrase change opens.
    functions: &'static [SqlFunctions],
    /// Kept (wiped on drop) to open read snapshots for slow work done without this case
    /// (see [`Case::snapshot_source`]); SQLCipher holds the key it derives anyway.
    passphrase: Zeroizing<String>,
    /// Keeps other processes out while this one has the case open; last, so it is released
    /// after the connection closes.
    _lock: FolderLock,
}

/// Which case a piece of work was prepared from (see [`Case::identity`]): slow work runs
/// without the case, and its result may be recorded only into the same case, whatever was
/// closed or opened meanwhile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseIdentity {
    root: PathBuf,
    case_id: String,
}

/// Opens a second connection to a case, for reading (see [`Case::snapshot_source`]).
#[derive(Clone)]
pub(crate) struct SnapshotSource {
    root: PathBuf,
    passphrase: Zeroizing<String>,
    actor: Actor,
    clock: Arc<dyn Clock>,
    functions: &'static [SqlFunctions],
    pub(crate) identity: CaseIdentity,
}

impl SnapshotSource {
    /// The case as it is now, frozen: its own connection inside one read transaction, so
    /// every later read sees this moment's rows while other connections go on writing (the
    /// write-ahead log keeps the pages it reads). Opening derives the key again, which is slow
    /// on purpose: call it without the case lock. Any write through it is refused (a
    /// transaction cannot start inside the open one); dropping it ends the snapshot.
    pub(crate) fn open(&self) -> Result<Case> {
        let lock = FolderLock::take(&self.root)?;
        let db = self.root.join(DB_FILE);
        // Read-only, and none of what an open that may write does (migrations, secrets, the
        // state triggers): the case's own connection did that, and a reader that asked for the
        // write lock would wait behind a long import.
        initialise_sqlite()?;
        let conn = Connection::open_with_flags(
            &db,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        unlock(&conn, &db, &self.passphrase)?;
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        for install in self.functions {
            install(&conn)?;
        }
        conn.execute_batch("BEGIN DEFERRED")?;
        // The snapshot starts at the first read.
        conn.query_row("SELECT count(*) FROM case_info", [], |r| r.get::<_, i64>(0))?;
        let case = Case {
            root: self.root.clone(),
            conn,
            actor: self.actor.clone(),
            clock: self.clock.clone(),
            functions: self.functions,
            passphrase: self.passphrase.clone(),
            _lock: lock,
        };
        case.ensure_identity(&self.identity, "reading it")?;
        Ok(case)
    }
}

/// The lock file in a case folder; held (`flock`) by the one process that has the case open.
pub const LOCK_FILE: &str = "lock";

/// The case folders this process has open: each with its locked file and how many `Case`s of
/// this process use it. Two processes writing one case would interleave their audit chains
/// and race the vault, so a second process is refused; inside one process (a window and a
/// background task) opens share the lock.
static OPEN_FOLDERS: std::sync::Mutex<Vec<(PathBuf, std::fs::File, usize)>> =
    std::sync::Mutex::new(Vec::new());

/// This process's hold on a case folder (see [`OPEN_FOLDERS`]).
pub(crate) struct FolderLock {
    key: PathBuf,
}

impl FolderLock {
    fn take(root: &Path) -> Result<FolderLock> {
        let key = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
        let mut open = OPEN_FOLDERS.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(entry) = open.iter_mut().find(|e| e.0 == key) {
            entry.2 += 1;
            return Ok(FolderLock { key });
        }
        let file = {
            use std::os::unix::fs::OpenOptionsExt;
            std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .mode(PRIVATE_FILE)
                .open(key.join(LOCK_FILE))
                .map_err(|e| Error::io("locking the case", e))?
        };
        use std::os::fd::AsRawFd;
        // SAFETY: flock on a descriptor this function owns; it only takes an advisory lock.
        if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } != 0 {
            let e = std::io::Error::last_os_error();
            return Err(if e.raw_os_error() == Some(libc::EWOULDBLOCK) {
                Error::InUse(root.display().to_string())
            } else {
                Error::io("locking the case", e)
            });
        }
        open.push((key.clone(), file, 1));
        Ok(FolderLock { key })
    }
}

impl Drop for FolderLock {
    fn drop(&mut self) {
        let mut open = OPEN_FOLDERS.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(i) = open.iter().position(|e| e.0 == self.key) {
            open[i].2 -= 1;
            if open[i].2 == 0 {
                // Closing the file releases the lock.
                open.remove(i);
            }
        }
    }
}

/// A private folder for one piece of work's temporary files, inside the case's `tmp/`; it is
/// removed when dropped (and by the next open, if the process is killed first).
pub struct PrivateTemp {
    dir: PathBuf,
}

impl PrivateTemp {
    pub fn path(&self) -> &Path {
        &self.dir
    }
}

impl Drop for PrivateTemp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Where a case folder for `path` lives: `path` itself if it already ends in `.casebook`,
/// otherwise `path.casebook`.
pub fn case_folder_for(path: &Path) -> PathBuf {
    if path.extension().is_some_and(|e| e == CASE_EXTENSION) {
        path.to_path_buf()
    } else {
        let mut s = path.as_os_str().to_owned();
        s.push(".");
        s.push(CASE_EXTENSION);
        PathBuf::from(s)
    }
}

/// Finds the case folder a user meant: the folder itself, `PATH.casebook`, or the folder
/// holding a `case.db` they pointed at.
pub fn resolve_case_folder(path: &Path) -> Result<PathBuf> {
    if path.file_name().is_some_and(|n| n == DB_FILE) && path.is_file() {
        if let Some(parent) = path.parent() {
            return Ok(parent.to_path_buf());
        }
    }
    for candidate in [path.to_path_buf(), case_folder_for(path)] {
        if candidate.join(DB_FILE).is_file() {
            return Ok(candidate);
        }
    }
    Err(Error::NotACase(path.display().to_string()))
}

pub fn validate_new_passphrase(passphrase: &str) -> Result<()> {
    if passphrase.chars().count() < MIN_PASSPHRASE_CHARS {
        return Err(Error::invalid(
            "passphrase",
            format!("use at least {MIN_PASSPHRASE_CHARS} characters; it encrypts the whole case"),
        ));
    }
    Ok(())
}

/// Initialises SQLite and SQLCipher once per process, before any connection is opened.
///
/// SQLite marks itself initialised before it runs SQLCipher's initialisation, outside its own
/// lock, so a thread opening a connection meanwhile gets "An error occurred with PRAGMA key"
/// from a SQLCipher that is not set up yet. Doing it here, under a once-only lock, makes every
/// other opener wait until both are done.
fn initialise_sqlite() -> Result<()> {
    static RESULT: std::sync::OnceLock<std::os::raw::c_int> = std::sync::OnceLock::new();
    // SAFETY: sqlite3_initialize takes no arguments and is safe to call from any thread.
    let rc = *RESULT.get_or_init(|| unsafe { rusqlite::ffi::sqlite3_initialize() });
    if rc == rusqlite::ffi::SQLITE_OK {
        return Ok(());
    }
    Err(rusqlite::Error::SqliteFailure(
        rusqlite::ffi::Error::new(rc),
        Some("SQLite (SQLCipher) could not initialise".into()),
    )
    .into())
}

/// Installs SQL functions a domain's queries call (`person_id(key)`) on a new connection.
/// The layer that composes a case hands the list in, so the store names no domain.
pub(crate) type SqlFunctions = fn(&Connection) -> Result<()>;

/// The one function that opens a case database: key, pragmas, migrations, `functions`, then
/// the triggers that keep the state digests (`audit::state`). Also says whether migrations
/// ran on a case with history, since a migration may change rows outside those triggers and
/// the digests must then be computed again with an entry ([`Case::cover_state`]).
fn open_connection(
    db: &Path,
    passphrase: &str,
    create: bool,
    functions: &[SqlFunctions],
) -> Result<(Connection, bool)> {
    initialise_sqlite()?;
    let flags = if create {
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE
    } else {
        OpenFlags::SQLITE_OPEN_READ_WRITE
    } | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn = Connection::open_with_flags(db, flags)?;
    unlock(&conn, db, passphrase)?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    // Durability over speed: a confirmed write must survive a power cut.
    conn.pragma_update(None, "synchronous", "FULL")?;
    // Sorts and temporary indexes stay in memory: SQLCipher does not encrypt temporary files.
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    conn.pragma_update(None, "cache_size", -64 * 1024)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    let migrated = migrate(&mut conn)?;
    ensure_secrets(&mut conn)?;
    // After the secrets: a domain's function may be keyed by one (person ids are).
    for install in functions {
        install(&conn)?;
    }
    // After migrations, so the triggers are made for the schema as it now is.
    audit::state::install(&conn)?;
    // A newest entry without a state: the case has history from before state digests (also
    // when a process was killed between migrating and covering it).
    let mut uncovered = conn
        .query_row(
            "SELECT state IS NULL FROM audit_log ORDER BY seq DESC LIMIT 1",
            [],
            |r| r.get::<_, bool>(0),
        )
        .optional()?
        .unwrap_or(false);
    if migrated {
        let entries: i64 = conn.query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))?;
        if entries == 0 {
            // A new case: the rows migrations seeded are its starting state, which its first
            // entry commits to.
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            audit::state::rebuild(&tx)?;
            tx.commit()?;
        } else {
            uncovered = true;
        }
    }
    Ok((conn, uncovered))
}

/// Gives `conn` the key to `db`, refusing a wrong passphrase as our own error.
fn unlock(conn: &Connection, db: &Path, passphrase: &str) -> Result<()> {
    // SQLCipher logs a failed decryption to stderr; a wrong passphrase is reported as our own
    // error instead, so the user sees one clear message rather than codec internals.
    let _ = conn.execute_batch("PRAGMA cipher_log_level = NONE;");
    conn.pragma_update(None, "key", passphrase)?;
    // SQLCipher only notices a wrong key at the first read, as "file is not a database".
    match conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    }) {
        Ok(_) => Ok(()),
        Err(rusqlite::Error::SqliteFailure(e, _))
            if e.code == rusqlite::ErrorCode::NotADatabase =>
        {
            Err(Error::WrongPassphrase(
                db.parent().unwrap_or(db).display().to_string(),
            ))
        }
        Err(e) => Err(e.into()),
    }
}

/// The case's random secrets, each for one purpose. A secret is made on the first open that
/// needs it, from the operating system's random source, and stays in the encrypted database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Secret {
    /// The data key every vault file is encrypted with.
    VaultKey,
    /// The HMAC key vault file names are made with, so a name reveals nothing of the content.
    VaultNames,
    /// The HMAC key person ids are made with, so an id cannot be traced back to a key.
    PersonIds,
}

impl Secret {
    const ALL: [Secret; 3] = [Secret::VaultKey, Secret::VaultNames, Secret::PersonIds];

    fn purpose(self) -> &'static str {
        match self {
            Secret::VaultKey => "vault-key",
            Secret::VaultNames => "vault-names",
            Secret::PersonIds => "person-ids",
        }
    }
}

/// 32 secret bytes, wiped from memory when dropped.
pub(crate) type SecretBytes = zeroize::Zeroizing<[u8; 32]>;

/// Makes every secret the case lacks (a new case, or one from before secrets existed). Key
/// material, not case content: it is not an audited change.
fn ensure_secrets(conn: &mut Connection) -> Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    for s in Secret::ALL {
        let mut bytes = SecretBytes::default();
        getrandom::fill(&mut bytes[..])
            .map_err(|e| Error::internal(format!("no random source for a case secret: {e}")))?;
        tx.execute(
            "INSERT OR IGNORE INTO case_secrets (purpose, secret) VALUES (?1, ?2)",
            rusqlite::params![s.purpose(), &bytes[..]],
        )?;
    }
    tx.commit()?;
    Ok(())
}

/// One of the case's secrets, read from the database it lives in.
pub(crate) fn secret(conn: &Connection, s: Secret) -> Result<SecretBytes> {
    let raw: zeroize::Zeroizing<Vec<u8>> = zeroize::Zeroizing::new(conn.query_row(
        "SELECT secret FROM case_secrets WHERE purpose = ?1",
        [s.purpose()],
        |r| r.get(0),
    )?);
    let mut out = SecretBytes::default();
    if raw.len() != out.len() {
        return Err(Error::Corrupt(format!(
            "the case secret {} is damaged",
            s.purpose()
        )));
    }
    out.copy_from_slice(&raw);
    Ok(out)
}

/// Brings the schema up to date; says whether anything ran.
fn migrate(conn: &mut Connection) -> Result<bool> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version > LATEST {
        return Err(Error::NewerVersion {
            found: version,
            supported: LATEST,
        });
    }
    if version == LATEST {
        return Ok(false);
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Exclusive)?;
    for sql in &MIGRATIONS[version as usize..] {
        tx.execute_batch(sql)?;
    }
    tx.pragma_update(None, "user_version", LATEST)?;
    tx.commit()?;
    Ok(true)
}

pub fn timestamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// The file SQLite keeps beside the database `db` under `suffix` (`-wal`, `-shm`).
fn sibling(db: &Path, suffix: &str) -> PathBuf {
    let mut s = db.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// Removes the re-encrypted copies (and their logs) that passphrase changes killed before
/// their rename left in the case folder; the old passphrase still opens the case.
fn sweep_dead_rekeys(root: &Path) {
    let Ok(entries) = std::fs::read_dir(root) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name
            .to_str()
            .and_then(|n| n.strip_prefix(REKEY_PREFIX))
            .and_then(|rest| rest.split('-').next())
            .and_then(|pid| pid.parse::<u32>().ok())
        else {
            continue;
        };
        if crate::util::fs::process_alive(pid) == Some(false) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

impl Case {
    /// Creates the folder `path` (given the `.casebook` extension if it lacks one) with an
    /// encrypted, migrated database and an empty vault. Fails if the folder exists.
    pub(crate) fn create_folder(
        path: &Path,
        passphrase: &str,
        actor: Actor,
        clock: Arc<dyn Clock>,
        functions: &'static [SqlFunctions],
    ) -> Result<Case> {
        validate_new_passphrase(passphrase)?;
        let root = case_folder_for(path);
        if root.exists() {
            return Err(Error::AlreadyExists(root.display().to_string()));
        }
        existing_parent(&root, "path")?;
        private_dir(&root).map_err(|e| Error::io(format!("creating {}", root.display()), e))?;
        let made = (|| {
            private_dir(&root.join(VAULT_DIR))
                .map_err(|e| Error::io("creating the evidence vault", e))?;
            // SQLite gives `-wal` and `-shm` the database file's mode, so making `case.db`
            // 0600 before SQLite opens it makes all three private (an empty file is an empty
            // database to SQLite).
            let db = root.join(DB_FILE);
            {
                use std::os::unix::fs::OpenOptionsExt;
                std::fs::OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .mode(PRIVATE_FILE)
                    .open(&db)
                    .map_err(|e| Error::io("creating the case database", e))?;
            }
            let lock = FolderLock::take(&root)?;
            // A new case has no rows yet: its first transaction starts the digests.
            Ok((open_connection(&db, passphrase, true, functions)?.0, lock))
        })();
        match made {
            Ok((conn, lock)) => Ok(Case {
                root,
                conn,
                actor,
                clock,
                functions,
                passphrase: Zeroizing::new(passphrase.to_string()),
                _lock: lock,
            }),
            Err(e) => {
                // Nothing half-made stays behind: the folder was ours alone.
                let _ = std::fs::remove_dir_all(&root);
                Err(e)
            }
        }
    }

    /// Opens an existing case folder (or `PATH.casebook`, or the folder of a `case.db`). The
    /// folder is made private first (a case made before Casebook did so, or copied with a
    /// loose umask), and what killed processes left in `tmp/` or of a passphrase change is
    /// removed.
    pub(crate) fn open_folder(
        path: &Path,
        passphrase: &str,
        actor: Actor,
        clock: Arc<dyn Clock>,
        functions: &'static [SqlFunctions],
    ) -> Result<Case> {
        let root = resolve_case_folder(path)?;
        let lock = FolderLock::take(&root)?;
        tighten_tree(&root);
        sweep_dead_temporaries(&root.join(TMP_DIR));
        sweep_dead_rekeys(&root);
        let db = root.join(DB_FILE);
        // SQLite takes an empty file for a new database and would write a fresh, empty case
        // into it: a truncated copy must be reported, not silently replaced.
        if std::fs::metadata(&db).is_ok_and(|m| m.len() == 0) {
            return Err(Error::Corrupt(format!(
                "{} is empty, so it holds no case; restore the case folder from a backup",
                db.display()
            )));
        }
        let (conn, uncovered) = open_connection(&db, passphrase, false, functions)?;
        let has_case: bool =
            conn.query_row("SELECT count(*) = 1 FROM case_info", [], |r| r.get(0))?;
        if !has_case {
            return Err(Error::NotACase(root.display().to_string()));
        }
        let mut case = Case {
            root,
            conn,
            actor,
            clock,
            functions,
            passphrase: Zeroizing::new(passphrase.to_string()),
            _lock: lock,
        };
        if uncovered {
            case.cover_state()?;
        }
        Ok(case)
    }

    /// Computes the state digests from the rows, with an entry that records the moment from
    /// which the state is covered: a case from before digests existed, or one whose rows or
    /// columns a migration has just changed outside the triggers that keep them.
    fn cover_state(&mut self) -> Result<()> {
        let case_id: String = self
            .conn
            .query_row("SELECT case_id FROM case_info", [], |r| r.get(0))?;
        self.transact(|tx| {
            let (tables, rows) = audit::state::rebuild(tx.conn())?;
            tx.record(
                "audit.state_covered",
                "case",
                &case_id,
                None,
                Some(serde_json::json!({ "tables": tables, "rows": rows })),
            )
        })
    }

    /// A new private folder for temporary files inside the case (`tmp/<pid>-<uuid>`, 0700),
    /// for work that must put the case's content in a file before it is read back.
    pub fn private_temp(&self) -> Result<PrivateTemp> {
        let tmp = self.root.join(TMP_DIR);
        private_dir(&tmp).map_err(|e| Error::io("preparing the case's temporary folder", e))?;
        let dir = tmp.join(format!("{}-{}", std::process::id(), uuid::Uuid::new_v4()));
        private_dir(&dir).map_err(|e| Error::io("preparing the case's temporary folder", e))?;
        Ok(PrivateTemp { dir })
    }

    /// Changes the passphrase `case.db` is encrypted with. The case secrets (the vault's data
    /// key among them) live inside the database, so re-encrypting it rewraps them too.
    ///
    /// SQLCipher's in-place `PRAGMA rekey` rewrites every page in one transaction, which a
    /// write-ahead log cannot hold atomically, so the database is exported instead into a copy
    /// beside it under the new passphrase, the audit entry is written into that copy, and the
    /// copy replaces `case.db` by one rename: a process killed or failing before the rename
    /// leaves the old passphrase working (and its copy is swept on the next open), one after
    /// it the new passphrase with its audit entry. Other windows with the case open must
    /// close it first: their connections still read the replaced file.
    pub fn change_passphrase(&mut self, new: &str) -> Result<()> {
        validate_new_passphrase(new)?;
        let db = self.root.join(DB_FILE);
        let staged = self
            .root
            .join(format!("{REKEY_PREFIX}{}", std::process::id()));
        let result = self.stage_rekeyed_copy(&staged, new).and_then(|()| {
            std::fs::rename(&staged, &db)
                .map_err(|e| Error::io("replacing the case database", e))?;
            if let Ok(dir) = std::fs::File::open(&self.root) {
                // Makes the rename itself durable.
                let _ = dir.sync_all();
            }
            Ok(())
        });
        if let Err(e) = result {
            for leftover in [
                staged.clone(),
                sibling(&staged, "-wal"),
                sibling(&staged, "-shm"),
            ] {
                let _ = std::fs::remove_file(leftover);
            }
            return Err(e);
        }
        // The old connection still holds the replaced file: closing it checkpoints an empty
        // log into that file and removes its `-wal` and `-shm`, before the new database is
        // opened and makes its own.
        let replaced = std::mem::replace(&mut self.conn, Connection::open_in_memory()?);
        drop(replaced);
        self.conn = open_connection(&db, new, false, self.functions)?.0;
        self.passphrase = Zeroizing::new(new.to_string());
        Ok(())
    }

    /// Checks that `passphrase` opens this case, without changing the open connection: asked
    /// before a change that the person at an unlocked window should not make alone.
    pub fn verify_passphrase(&self, passphrase: &str) -> Result<()> {
        initialise_sqlite()?;
        let db = self.root.join(DB_FILE);
        let conn = Connection::open_with_flags(
            &db,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        unlock(&conn, &db, passphrase)
    }

    /// Writes `staged`: the whole database under the `new` passphrase, with the audit entry of
    /// the change, flushed to disk.
    fn stage_rekeyed_copy(&mut self, staged: &Path, new: &str) -> Result<()> {
        let _ = std::fs::remove_file(staged);
        {
            use std::os::unix::fs::OpenOptionsExt;
            std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(PRIVATE_FILE)
                .open(staged)
                .map_err(|e| Error::io("writing the re-encrypted case database", e))?;
        }
        // Every committed change in the main file, so the export reads one consistent state.
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        let staged_str = staged
            .to_str()
            .ok_or_else(|| Error::invalid("path", "the case folder's path is not valid UTF-8"))?;
        self.conn.execute(
            "ATTACH DATABASE ?1 AS rekeyed KEY ?2",
            rusqlite::params![staged_str, new],
        )?;
        let exported = (|| -> Result<()> {
            self.conn
                .query_row("SELECT sqlcipher_export('rekeyed')", [], |_| Ok(()))?;
            let version: i64 = self
                .conn
                .query_row("PRAGMA main.user_version", [], |r| r.get(0))?;
            self.conn
                .pragma_update(Some("rekeyed"), "user_version", version)?;
            Ok(())
        })();
        let detached = self.conn.execute("DETACH DATABASE rekeyed", []);
        exported?;
        detached?;
        let case_id: String = self
            .conn
            .query_row("SELECT case_id FROM case_info", [], |r| r.get(0))?;
        let mut copy = Case {
            root: self.root.clone(),
            conn: open_connection(staged, new, false, &[])?.0,
            actor: self.actor.clone(),
            clock: self.clock.clone(),
            functions: &[],
            passphrase: Zeroizing::new(new.to_string()),
            // This process holds the folder already; the copy shares that hold.
            _lock: FolderLock::take(&self.root)?,
        };
        copy.transact(|tx| {
            // The export renumbers implicit rowids where rows were deleted: the row hashes
            // follow the rows (the table digests do not depend on rowids).
            audit::state::relocate_rows(tx.conn())?;
            tx.record("case.passphrase", "case", &case_id, None, None)
        })?;
        // Closing the copy checkpoints its log into it and removes the log, so the single file
        // that is renamed holds everything.
        let Case { conn, .. } = copy;
        conn.close().map_err(|(_, e)| e)?;
        std::fs::File::open(staged)
            .and_then(|f| f.sync_all())
            .map_err(|e| Error::io("flushing the re-encrypted case database", e))
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The state digest (hex) the newest audit entry committed to: the case's rows as of its
    /// head, for a receipt or a bundle to quote beside the head hash. `None` only for a case
    /// whose newest entry predates state digests (never once it has been opened).
    pub fn state_digest(&self) -> Result<Option<String>> {
        audit::state::committed(&self.conn)
    }

    /// One of the case's secrets (see [`Secret`]).
    pub(crate) fn secret(&self, s: Secret) -> Result<SecretBytes> {
        secret(&self.conn, s)
    }

    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    /// The case's clock's "now", for reads that depend on the date (ages, deadlines).
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// What opening a read snapshot of this case takes, for slow work that reads much of the
    /// case (a packet) without holding it: see [`SnapshotSource::open`].
    pub(crate) fn snapshot_source(&self) -> Result<SnapshotSource> {
        Ok(SnapshotSource {
            root: self.root.clone(),
            passphrase: self.passphrase.clone(),
            actor: self.actor.clone(),
            clock: self.clock.clone(),
            functions: self.functions,
            identity: self.identity()?,
        })
    }

    /// This case's folder and id, for work prepared now and recorded later.
    pub fn identity(&self) -> Result<CaseIdentity> {
        Ok(CaseIdentity {
            root: std::fs::canonicalize(&self.root).unwrap_or_else(|_| self.root.clone()),
            case_id: self
                .conn
                .query_row("SELECT case_id FROM case_info", [], |r| r.get(0))?,
        })
    }

    /// Refuses to record work prepared from another case (this one was closed and another
    /// opened while the work ran); `during` says what the work was.
    pub(crate) fn ensure_identity(&self, of: &CaseIdentity, during: &'static str) -> Result<()> {
        if self.identity()? == *of {
            Ok(())
        } else {
            Err(Error::CaseClosed { during })
        }
    }

    /// Runs `f` as one transaction with one timestamp. `f` must record at least one audit
    /// entry when it changes anything; a change without one is refused and rolled back.
    pub(crate) fn transact<T>(&mut self, f: impl FnOnce(&mut Tx) -> Result<T>) -> Result<T> {
        let now = self.clock.now();
        let actor = self.actor.label();
        let before = self.conn.total_changes();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut t = Tx {
            tx,
            actor,
            now,
            entries: Vec::new(),
        };
        let out = f(&mut t)?;
        let changed = t.tx.total_changes() != before;
        if changed && t.entries.is_empty() {
            return Err(Error::internal(
                "a change without an audit entry was refused",
            ));
        }
        // The entries are appended last, so each commits to the state after the whole
        // transaction.
        if !t.entries.is_empty() {
            let state = audit::state::fold(&t.tx)?;
            let at = timestamp(t.now);
            for e in &t.entries {
                audit::append(
                    &t.tx,
                    &audit::NewEntry {
                        at: &at,
                        actor: &t.actor,
                        action: &e.action,
                        entity_type: &e.entity_type,
                        entity_id: &e.entity_id,
                        old: e.old.as_ref(),
                        new: e.new.as_ref(),
                    },
                    &state,
                )?;
            }
        }
        failpoint("store.before_commit");
        t.tx.commit()?;
        failpoint("store.after_commit");
        Ok(out)
    }
}

/// A write transaction in progress, carrying the actor and the one "now" of the user action.
pub struct Tx<'c> {
    tx: rusqlite::Transaction<'c>,
    actor: String,
    now: DateTime<Utc>,
    entries: Vec<Recorded>,
}

/// An entry `record` keeps until the transaction's state is known.
struct Recorded {
    action: String,
    entity_type: String,
    entity_id: String,
    old: Option<serde_json::Value>,
    new: Option<serde_json::Value>,
}

impl Tx<'_> {
    pub fn conn(&self) -> &Connection {
        &self.tx
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    pub fn now_str(&self) -> String {
        timestamp(self.now)
    }

    pub fn actor(&self) -> &str {
        &self.actor
    }

    /// The next `PREFIX-0001`-style id of `table` (its `num` column counts from 1).
    pub fn next_id(&self, table: &str, prefix: &str) -> Result<(i64, String)> {
        let num: i64 = self.tx.query_row(
            &format!("SELECT coalesce(max(num), 0) + 1 FROM {table}"),
            [],
            |r| r.get(0),
        )?;
        Ok((num, format!("{prefix}-{num:04}")))
    }

    /// Records one audit entry describing a change made in this transaction; the entries are
    /// appended, in order, when the transaction ends.
    pub fn record(
        &mut self,
        action: &str,
        entity_type: &str,
        entity_id: &str,
        old: Option<serde_json::Value>,
        new: Option<serde_json::Value>,
    ) -> Result<()> {
        self.entries.push(Recorded {
            action: action.to_string(),
            entity_type: entity_type.to_string(),
            entity_id: entity_id.to_string(),
            old,
            new,
        });
        Ok(())
    }
}
