//! The case database schema, as an ordered list of migrations keyed on `PRAGMA user_version`.
//! A migration is never edited once released: change the schema by appending one.

/// Migration `i` takes a database from `user_version = i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    // 1: the foundation — case record, subject, key dates, team, timeline, audit chain.
    r#"
CREATE TABLE case_info (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    case_id     TEXT NOT NULL,
    title       TEXT NOT NULL,
    code_name   TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL CHECK (status IN ('open', 'contained', 'closed')),
    severity    TEXT NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
    summary     TEXT NOT NULL DEFAULT '',
    reference   TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL
);

CREATE TABLE subject (
    id                INTEGER PRIMARY KEY CHECK (id = 1),
    name              TEXT NOT NULL,
    employee_id       TEXT NOT NULL,
    role              TEXT NOT NULL,
    access_rights     TEXT NOT NULL,
    employment_status TEXT NOT NULL,
    notes             TEXT NOT NULL
);

-- Key dates are never overwritten: a new value supersedes the old row, which stays.
CREATE TABLE key_dates (
    id            INTEGER PRIMARY KEY,
    kind          TEXT NOT NULL,
    at_utc        TEXT NOT NULL,
    tz            TEXT NOT NULL,
    precision     TEXT NOT NULL,
    basis         TEXT NOT NULL,
    set_by        TEXT NOT NULL,
    set_at        TEXT NOT NULL,
    superseded_at TEXT
);
CREATE UNIQUE INDEX key_dates_current ON key_dates (kind) WHERE superseded_at IS NULL;

CREATE TABLE team_members (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    email        TEXT NOT NULL,
    role         TEXT NOT NULL,
    organisation TEXT NOT NULL,
    added_at     TEXT NOT NULL
);

CREATE TABLE timeline_events (
    id          TEXT PRIMARY KEY,
    at_utc      TEXT NOT NULL,
    tz          TEXT NOT NULL,
    title       TEXT NOT NULL,
    detail      TEXT NOT NULL,
    source      TEXT NOT NULL,
    category    TEXT NOT NULL,
    linked_type TEXT NOT NULL,
    linked_id   TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX timeline_events_at ON timeline_events (at_utc);

CREATE TABLE audit_log (
    seq         INTEGER PRIMARY KEY,
    at_utc      TEXT NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    entity_type TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    old_value   TEXT,
    new_value   TEXT,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: entries cannot be changed'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: entries cannot be deleted'); END;

-- The head of the chain, moved in the same transaction as each append, so that cutting
-- entries off the end is as detectable as removing one from the middle.
CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  INTEGER NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
"#,
    // 2: evidence items, their append-only custody log, and per-case settings.
    r#"
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE evidence_items (
    id                 TEXT PRIMARY KEY,
    num                INTEGER NOT NULL UNIQUE,
    description        TEXT NOT NULL,
    category           TEXT NOT NULL,
    source             TEXT NOT NULL,
    acquisition_method TEXT NOT NULL,
    acquired_by        TEXT NOT NULL,
    acquired_at_utc    TEXT NOT NULL,
    acquired_tz        TEXT NOT NULL,
    original_path      TEXT NOT NULL,
    -- The exact path bytes (hex), for names that are not UTF-8 and for in-place re-reads.
    original_path_raw  TEXT NOT NULL,
    original_name      TEXT NOT NULL,
    size               INTEGER NOT NULL,
    sha256             TEXT NOT NULL,
    sha1               TEXT,
    md5                TEXT,
    storage            TEXT NOT NULL CHECK (storage IN ('vault', 'in_place')),
    duplicate_of       TEXT REFERENCES evidence_items (id),
    flags              TEXT NOT NULL,
    status             TEXT NOT NULL CHECK (status IN ('never_verified', 'ok', 'changed', 'missing')),
    last_verified_at   TEXT,
    created_at         TEXT NOT NULL
);
CREATE INDEX evidence_items_sha256 ON evidence_items (sha256);

CREATE TABLE custody_events (
    seq           INTEGER PRIMARY KEY,
    item_id       TEXT NOT NULL REFERENCES evidence_items (id),
    kind          TEXT NOT NULL,
    at_utc        TEXT NOT NULL,
    tz            TEXT NOT NULL,
    actor         TEXT NOT NULL,
    from_party    TEXT NOT NULL,
    to_party      TEXT NOT NULL,
    purpose       TEXT NOT NULL,
    method        TEXT NOT NULL,
    location      TEXT NOT NULL,
    result        TEXT NOT NULL,
    expected_hash TEXT NOT NULL,
    actual_hash   TEXT NOT NULL,
    corrects_seq  INTEGER REFERENCES custody_events (seq),
    note          TEXT NOT NULL,
    recorded_at   TEXT NOT NULL
);
CREATE INDEX custody_events_item ON custody_events (item_id, seq);
CREATE TRIGGER custody_events_no_update BEFORE UPDATE ON custody_events
BEGIN SELECT RAISE(ABORT, 'the custody log is append-only: add a correcting entry instead'); END;
CREATE TRIGGER custody_events_no_delete BEFORE DELETE ON custody_events
BEGIN SELECT RAISE(ABORT, 'the custody log is append-only: entries cannot be deleted'); END;
-- Evidence is never removed, and what identifies it never changes.
CREATE TRIGGER evidence_items_no_delete BEFORE DELETE ON evidence_items
BEGIN SELECT RAISE(ABORT, 'evidence items cannot be deleted'); END;
CREATE TRIGGER evidence_items_fixed BEFORE UPDATE OF id, num, original_path, original_path_raw,
    original_name, size, sha256, sha1, md5, storage, duplicate_of ON evidence_items
BEGIN SELECT RAISE(ABORT, 'an evidence item''s identity and hashes cannot be changed'); END;
"#,
];

pub const LATEST: i64 = MIGRATIONS.len() as i64;
