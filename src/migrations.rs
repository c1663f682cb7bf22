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
    // 3: affected people — import batches, records, rejects, people, notices, snapshots.
    r#"
CREATE TABLE import_batches (
    id           TEXT PRIMARY KEY,
    num          INTEGER NOT NULL UNIQUE,
    file_name    TEXT NOT NULL,
    evidence_id  TEXT NOT NULL REFERENCES evidence_items (id),
    sha256       TEXT NOT NULL,
    shape        TEXT NOT NULL,
    mapping      TEXT NOT NULL,
    -- The file's header row (JSON), so exported rejects carry every original column.
    headers      TEXT NOT NULL,
    rows_read    INTEGER NOT NULL,
    accepted     INTEGER NOT NULL,
    rejected     INTEGER NOT NULL,
    blank        INTEGER NOT NULL,
    imported_at  TEXT NOT NULL,
    imported_by  TEXT NOT NULL,
    removed_at   TEXT,
    removed_by   TEXT,
    removed_reason TEXT,
    CHECK (accepted + rejected + blank = rows_read)
);

CREATE TABLE affected_records (
    id          INTEGER PRIMARY KEY,
    batch_id    TEXT NOT NULL REFERENCES import_batches (id),
    row_num     INTEGER NOT NULL,
    record_id   TEXT NOT NULL,
    name        TEXT NOT NULL,
    email       TEXT NOT NULL,
    phone_raw   TEXT NOT NULL,
    phone       TEXT NOT NULL,
    street      TEXT NOT NULL,
    city        TEXT NOT NULL,
    postal_code TEXT NOT NULL,
    country     TEXT NOT NULL,
    region      TEXT NOT NULL,
    segment     TEXT NOT NULL,
    birth_date  TEXT NOT NULL,
    minor       INTEGER NOT NULL,
    elements    INTEGER NOT NULL,
    account_id  TEXT NOT NULL,
    notes       TEXT NOT NULL,
    person_key  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX affected_records_batch ON affected_records (batch_id);
-- Covering for the per-person aggregates, so regrouping never reads the table itself.
CREATE INDEX affected_records_person ON affected_records (person_key, minor, elements, phone);

-- The raw row is kept (inside the encrypted case) so rejects can be exported, fixed and
-- imported again.
CREATE TABLE import_rejects (
    batch_id  TEXT NOT NULL REFERENCES import_batches (id),
    row_num   INTEGER NOT NULL,
    field     TEXT NOT NULL,
    problem   TEXT NOT NULL,
    masked    TEXT NOT NULL,
    raw_row   TEXT NOT NULL,
    PRIMARY KEY (batch_id, row_num)
);

CREATE TABLE custom_elements (
    bit    INTEGER PRIMARY KEY CHECK (bit BETWEEN 11 AND 62),
    key    TEXT NOT NULL UNIQUE,
    label  TEXT NOT NULL
);

-- People are derived from records by the case's de-duplication rule and rebuilt whenever
-- records or the rule change; `pos` is their order by name, for paging.
CREATE TABLE people (
    pos            INTEGER PRIMARY KEY,
    id             TEXT NOT NULL UNIQUE,
    person_key     TEXT NOT NULL,
    name           TEXT NOT NULL,
    email          TEXT NOT NULL,
    phone          TEXT NOT NULL,
    street         TEXT NOT NULL,
    city           TEXT NOT NULL,
    postal_code    TEXT NOT NULL,
    country        TEXT NOT NULL,
    region         TEXT NOT NULL,
    segment        TEXT NOT NULL,
    minor          INTEGER NOT NULL,
    elements       INTEGER NOT NULL,
    records        INTEGER NOT NULL,
    notice_status  TEXT NOT NULL,
    notice_at      TEXT NOT NULL,
    notice_channel TEXT NOT NULL
);
CREATE INDEX people_place ON people (country, region);

-- Notice history, keyed by person id (a hash of the person's key, stable across rebuilds).
CREATE TABLE notice_events (
    seq          INTEGER PRIMARY KEY,
    person_id    TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'bounced', 'returned')),
    at           TEXT NOT NULL,
    channel      TEXT NOT NULL,
    source       TEXT NOT NULL,
    recorded_at  TEXT NOT NULL,
    recorded_by  TEXT NOT NULL
);
CREATE INDEX notice_events_person ON notice_events (person_id, seq);
CREATE TRIGGER notice_events_no_update BEFORE UPDATE ON notice_events
BEGIN SELECT RAISE(ABORT, 'notice history is append-only'); END;
CREATE TRIGGER notice_events_no_delete BEFORE DELETE ON notice_events
BEGIN SELECT RAISE(ABORT, 'notice history is append-only'); END;

CREATE TABLE tally_snapshots (
    id        TEXT PRIMARY KEY,
    num       INTEGER NOT NULL UNIQUE,
    taken_at  TEXT NOT NULL,
    taken_by  TEXT NOT NULL,
    content   TEXT NOT NULL,
    sha256    TEXT NOT NULL
);
CREATE TRIGGER tally_snapshots_no_update BEFORE UPDATE ON tally_snapshots
BEGIN SELECT RAISE(ABORT, 'snapshots are never changed: take a new one'); END;
CREATE TRIGGER tally_snapshots_no_delete BEFORE DELETE ON tally_snapshots
BEGIN SELECT RAISE(ABORT, 'snapshots are never deleted'); END;
"#,
    // 3 -> 4: the packets generated, each with its hash and the options that made it.
    r#"
CREATE TABLE packets (
    seq          INTEGER PRIMARY KEY,
    packet_id    TEXT NOT NULL,
    generated_at TEXT NOT NULL,
    generated_by TEXT NOT NULL,
    path         TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    pages        INTEGER NOT NULL,
    bytes        INTEGER NOT NULL,
    bates_first  TEXT NOT NULL,
    bates_last   TEXT NOT NULL,
    as_of_seq    INTEGER NOT NULL,
    options      TEXT NOT NULL
);
CREATE TRIGGER packets_no_update BEFORE UPDATE ON packets
BEGIN SELECT RAISE(ABORT, 'the packet list is append-only'); END;
CREATE TRIGGER packets_no_delete BEFORE DELETE ON packets
BEGIN SELECT RAISE(ABORT, 'the packet list is append-only'); END;
"#,
    // 4 -> 5: values that only stand in for "none given" (a phone "n/a", a date of birth
    // "unknown"). Each record keeps its own, raw, as a JSON list of [field, value] (personal
    // data: this encrypted file only); each batch keeps how many there were per field.
    r#"
ALTER TABLE affected_records ADD COLUMN flagged TEXT NOT NULL DEFAULT '[]';
ALTER TABLE import_batches ADD COLUMN warnings TEXT NOT NULL DEFAULT '[]';
"#,
    // Notification obligations: what the case decided, each table append-only (the newest row
    // wins, the history stays). The rule sets the case adopted, the newest being the one in
    // use, so a newer build keeps showing the set the case was evaluated with; answers to the
    // questions rules ask (value NULL: withdrawn); counsel's overrides (outcome NULL:
    // withdrawn); filings, their document an evidence item.
    r#"
CREATE TABLE obligation_rule_sets (
    seq         INTEGER PRIMARY KEY,
    version     TEXT NOT NULL,
    content     TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    adopted_at  TEXT NOT NULL,
    adopted_by  TEXT NOT NULL
);
CREATE TABLE obligation_answers (
    seq          INTEGER PRIMARY KEY,
    question     TEXT NOT NULL,
    value        INTEGER CHECK (value IN (0, 1)),
    reason       TEXT NOT NULL,
    answered_at  TEXT NOT NULL,
    answered_by  TEXT NOT NULL
);
CREATE TABLE obligation_overrides (
    seq         INTEGER PRIMARY KEY,
    rule        TEXT NOT NULL,
    outcome     TEXT,
    reason      TEXT NOT NULL,
    set_at      TEXT NOT NULL,
    set_by      TEXT NOT NULL
);
CREATE TABLE obligation_filings (
    seq          INTEGER PRIMARY KEY,
    rule         TEXT NOT NULL,
    filed_on     TEXT NOT NULL,
    reference    TEXT NOT NULL,
    evidence_id  TEXT REFERENCES evidence_items (id),
    recorded_at  TEXT NOT NULL,
    recorded_by  TEXT NOT NULL
);
CREATE TRIGGER obligation_rule_sets_no_update BEFORE UPDATE ON obligation_rule_sets
BEGIN SELECT RAISE(ABORT, 'adopted rule sets are never changed: adopt another'); END;
CREATE TRIGGER obligation_rule_sets_no_delete BEFORE DELETE ON obligation_rule_sets
BEGIN SELECT RAISE(ABORT, 'adopted rule sets are never deleted'); END;
CREATE TRIGGER obligation_answers_no_update BEFORE UPDATE ON obligation_answers
BEGIN SELECT RAISE(ABORT, 'answers are kept: record a new one'); END;
CREATE TRIGGER obligation_answers_no_delete BEFORE DELETE ON obligation_answers
BEGIN SELECT RAISE(ABORT, 'answers are kept: record a new one'); END;
CREATE TRIGGER obligation_overrides_no_update BEFORE UPDATE ON obligation_overrides
BEGIN SELECT RAISE(ABORT, 'overrides are kept: record a new one'); END;
CREATE TRIGGER obligation_overrides_no_delete BEFORE DELETE ON obligation_overrides
BEGIN SELECT RAISE(ABORT, 'overrides are kept: record a new one'); END;
CREATE TRIGGER obligation_filings_no_update BEFORE UPDATE ON obligation_filings
BEGIN SELECT RAISE(ABORT, 'filings are never changed'); END;
CREATE TRIGGER obligation_filings_no_delete BEFORE DELETE ON obligation_filings
BEGIN SELECT RAISE(ABORT, 'filings are never deleted'); END;
"#,
    // Law-enforcement referrals: the referral, its follow-ups, notes versions, the items
    // handed over, legal process received and requests to delay notification. What is a
    // record of what happened (notes, shares, follow-ups) is append-only.
    r#"
CREATE TABLE referrals (
    id           TEXT PRIMARY KEY,
    num          INTEGER NOT NULL UNIQUE,
    agency       TEXT NOT NULL,
    unit         TEXT NOT NULL,
    channel      TEXT,
    at_utc       TEXT,
    tz           TEXT NOT NULL,
    our_contact  TEXT NOT NULL,
    their_name   TEXT NOT NULL,
    their_badge  TEXT NOT NULL,
    their_phone  TEXT NOT NULL,
    their_email  TEXT NOT NULL,
    reference    TEXT NOT NULL,
    offences     TEXT NOT NULL,
    status       TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    created_by   TEXT NOT NULL
);
CREATE TRIGGER referrals_no_delete BEFORE DELETE ON referrals
BEGIN SELECT RAISE(ABORT, 'referrals are never deleted: close them instead'); END;

CREATE TABLE referral_follow_ups (
    seq          INTEGER PRIMARY KEY,
    referral_id  TEXT NOT NULL REFERENCES referrals (id),
    on_date      TEXT NOT NULL,
    note         TEXT NOT NULL,
    next_action  TEXT NOT NULL,
    due          TEXT,
    recorded_at  TEXT NOT NULL,
    recorded_by  TEXT NOT NULL
);
CREATE TRIGGER referral_follow_ups_no_update BEFORE UPDATE ON referral_follow_ups
BEGIN SELECT RAISE(ABORT, 'follow-ups are never changed: record a new one'); END;
CREATE TRIGGER referral_follow_ups_no_delete BEFORE DELETE ON referral_follow_ups
BEGIN SELECT RAISE(ABORT, 'follow-ups are never deleted'); END;

CREATE TABLE referral_notes (
    referral_id  TEXT NOT NULL REFERENCES referrals (id),
    version      INTEGER NOT NULL,
    text         TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    drafted      INTEGER NOT NULL,
    snapshot_id  TEXT NOT NULL,
    saved_at     TEXT NOT NULL,
    saved_by     TEXT NOT NULL,
    PRIMARY KEY (referral_id, version)
);
CREATE TRIGGER referral_notes_no_update BEFORE UPDATE ON referral_notes
BEGIN SELECT RAISE(ABORT, 'a saved version of referral notes is never changed: save a new one'); END;
CREATE TRIGGER referral_notes_no_delete BEFORE DELETE ON referral_notes
BEGIN SELECT RAISE(ABORT, 'saved versions of referral notes are never deleted'); END;

CREATE TABLE referral_shares (
    seq            INTEGER PRIMARY KEY,
    referral_id    TEXT NOT NULL REFERENCES referrals (id),
    evidence_id    TEXT NOT NULL REFERENCES evidence_items (id),
    form           TEXT NOT NULL,
    method         TEXT NOT NULL,
    personal_data  INTEGER NOT NULL,
    legal_basis    TEXT NOT NULL,
    sha256         TEXT NOT NULL,
    custody_seq    INTEGER NOT NULL REFERENCES custody_events (seq),
    at_utc         TEXT NOT NULL,
    tz             TEXT NOT NULL,
    recorded_at    TEXT NOT NULL,
    recorded_by    TEXT NOT NULL
);
CREATE TRIGGER referral_shares_no_update BEFORE UPDATE ON referral_shares
BEGIN SELECT RAISE(ABORT, 'a shared item is never changed: its custody entry is the record'); END;
CREATE TRIGGER referral_shares_no_delete BEFORE DELETE ON referral_shares
BEGIN SELECT RAISE(ABORT, 'a shared item is never deleted: what was handed over stays handed over'); END;

CREATE TABLE referral_legal_process (
    id           TEXT PRIMARY KEY,
    num          INTEGER NOT NULL UNIQUE,
    referral_id  TEXT NOT NULL REFERENCES referrals (id),
    kind         TEXT NOT NULL,
    received     TEXT NOT NULL,
    due          TEXT,
    scope        TEXT NOT NULL,
    response     TEXT NOT NULL,
    counsel      TEXT NOT NULL,
    recorded_at  TEXT NOT NULL,
    recorded_by  TEXT NOT NULL
);

CREATE TABLE referral_delays (
    id            TEXT PRIMARY KEY,
    num           INTEGER NOT NULL UNIQUE,
    referral_id   TEXT NOT NULL REFERENCES referrals (id),
    requested_on  TEXT NOT NULL,
    from_date     TEXT NOT NULL,
    until_date    TEXT,
    written       INTEGER NOT NULL,
    document      TEXT REFERENCES evidence_items (id),
    jurisdictions TEXT NOT NULL,
    review_on     TEXT,
    lifted_on     TEXT,
    recorded_at   TEXT NOT NULL,
    recorded_by   TEXT NOT NULL,
    CHECK (until_date IS NULL OR until_date >= from_date),
    CHECK (lifted_on IS NULL OR lifted_on >= from_date)
);
"#,
    // Harm reports: scam calls, phishing, account takeover and fraud reported by customers and
    // staff, entered one at a time or imported from a file (kept as evidence). Reporter
    // contacts and quoted values are personal data: this encrypted file only.
    r#"
CREATE TABLE harm_imports (
    id           TEXT PRIMARY KEY,
    num          INTEGER NOT NULL UNIQUE,
    file_name    TEXT NOT NULL,
    evidence_id  TEXT NOT NULL REFERENCES evidence_items (id),
    sha256       TEXT NOT NULL UNIQUE,
    shape        TEXT NOT NULL,
    mapping      TEXT NOT NULL,
    rows_read    INTEGER NOT NULL,
    accepted     INTEGER NOT NULL,
    rejected     INTEGER NOT NULL,
    blank        INTEGER NOT NULL,
    imported_at  TEXT NOT NULL,
    imported_by  TEXT NOT NULL,
    CHECK (accepted + rejected + blank = rows_read)
);
CREATE TABLE harm_rejects (
    import_id TEXT NOT NULL REFERENCES harm_imports (id),
    row_num   INTEGER NOT NULL,
    field     TEXT NOT NULL,
    problem   TEXT NOT NULL,
    masked    TEXT NOT NULL,
    PRIMARY KEY (import_id, row_num)
);
CREATE TABLE harm_reports (
    id              TEXT PRIMARY KEY,
    num             INTEGER NOT NULL UNIQUE,
    at_utc          TEXT NOT NULL,
    tz              TEXT NOT NULL,
    channel         TEXT NOT NULL,
    kind            TEXT NOT NULL,
    source          TEXT NOT NULL,
    claimed         TEXT NOT NULL,
    quoted          TEXT NOT NULL,
    quoted_ticket   TEXT NOT NULL,
    quoted_email    TEXT NOT NULL,
    quoted_phone    TEXT NOT NULL,
    loss_minor      INTEGER,
    currency        TEXT NOT NULL,
    police_reference TEXT NOT NULL,
    reporter_email  TEXT NOT NULL,
    reporter_phone_raw TEXT NOT NULL,
    reporter_phone  TEXT NOT NULL,
    notes           TEXT NOT NULL,
    import_id       TEXT REFERENCES harm_imports (id),
    row_num         INTEGER,
    created_at      TEXT NOT NULL,
    created_by      TEXT NOT NULL,
    CHECK ((loss_minor IS NULL) = (currency = ''))
);
"#,
    // Statements and notices: versions are immutable (triggers refuse UPDATE and DELETE);
    // a version's state is its last transition's; one approval per role and version.
    r#"
CREATE TABLE statements (
    id            TEXT PRIMARY KEY,
    num           INTEGER NOT NULL UNIQUE,
    kind          TEXT NOT NULL,
    audience      TEXT NOT NULL,
    jurisdictions TEXT NOT NULL,
    release_set   TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    created_by    TEXT NOT NULL
);
CREATE TRIGGER statements_no_delete BEFORE DELETE ON statements
BEGIN SELECT RAISE(ABORT, 'statements are never deleted: withdraw them instead'); END;

CREATE TABLE statement_versions (
    statement_id TEXT NOT NULL REFERENCES statements (id),
    version      INTEGER NOT NULL,
    title        TEXT NOT NULL,
    body         TEXT NOT NULL,
    snapshot_id  TEXT NOT NULL,
    rendered     TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    saved_at     TEXT NOT NULL,
    saved_by     TEXT NOT NULL,
    PRIMARY KEY (statement_id, version)
);
CREATE TRIGGER statement_versions_no_update BEFORE UPDATE ON statement_versions
BEGIN SELECT RAISE(ABORT, 'statement versions are immutable: save a new version'); END;
CREATE TRIGGER statement_versions_no_delete BEFORE DELETE ON statement_versions
BEGIN SELECT RAISE(ABORT, 'statement versions are never deleted'); END;

CREATE TABLE statement_transitions (
    seq          INTEGER PRIMARY KEY,
    statement_id TEXT NOT NULL REFERENCES statements (id),
    version      INTEGER NOT NULL,
    from_state   TEXT NOT NULL,
    to_state     TEXT NOT NULL,
    comment      TEXT NOT NULL,
    at           TEXT NOT NULL,
    actor        TEXT NOT NULL
);

CREATE TABLE statement_approvals (
    seq          INTEGER PRIMARY KEY,
    statement_id TEXT NOT NULL REFERENCES statements (id),
    version      INTEGER NOT NULL,
    approver     TEXT NOT NULL REFERENCES team_members (id),
    role         TEXT NOT NULL,
    manner       TEXT NOT NULL,
    evidence_id  TEXT REFERENCES evidence_items (id),
    sha256       TEXT NOT NULL,
    comment      TEXT NOT NULL,
    at           TEXT NOT NULL,
    recorded_by  TEXT NOT NULL,
    UNIQUE (statement_id, version, role)
);
"#,
    // Templates a case adds for its statements; never changed, never deleted.
    r#"
CREATE TABLE statement_templates (
    id         TEXT PRIMARY KEY,
    num        INTEGER NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL
);
CREATE TRIGGER statement_templates_no_update BEFORE UPDATE ON statement_templates
BEGIN SELECT RAISE(ABORT, 'templates are never changed: add a new one'); END;
CREATE TRIGGER statement_templates_no_delete BEFORE DELETE ON statement_templates
BEGIN SELECT RAISE(ABORT, 'templates are never deleted'); END;
"#,
    // The case's own random secrets (the vault's data key, the key its file names are made
    // with, the key person ids are made with). They live only inside the encrypted database,
    // so the passphrase wraps them and a rekey rewraps them with the rest. Filled on open
    // (`store::ensure_secrets`), never changed.
    r#"
CREATE TABLE case_secrets (
    purpose TEXT PRIMARY KEY,
    secret  BLOB NOT NULL CHECK (length(secret) = 32)
);
CREATE TRIGGER case_secrets_no_update BEFORE UPDATE ON case_secrets
BEGIN SELECT RAISE(ABORT, 'a case secret is never changed'); END;
CREATE TRIGGER case_secrets_no_delete BEFORE DELETE ON case_secrets
BEGIN SELECT RAISE(ABORT, 'a case secret is never deleted'); END;
"#,
    // Person ids keyed by the case's person-id secret (HMAC-SHA256 of the person's key). A case
    // holding ids made the old way (SHA-256 of the key alone) is marked `sha256` here and moved
    // on open (`affected::person_ids`), which keeps old → new for each of its people: old ids
    // stay in audit entries, lists and letters made before. A new case starts keyed.
    r#"
CREATE TABLE person_id_map (
    old TEXT PRIMARY KEY,
    new TEXT NOT NULL UNIQUE
) WITHOUT ROWID;
INSERT INTO settings (key, value)
SELECT 'person_ids',
       CASE WHEN EXISTS (SELECT 1 FROM people) OR EXISTS (SELECT 1 FROM notice_events)
            THEN 'sha256' ELSE 'hmac-sha256' END;
"#,
    // The state the audit chain commits to (`audit::state`): each entry from now on carries
    // the digest of every table's rows after its transaction (`state`, NULL in entries written
    // before, whose hash keeps the old formula); `audit_state` holds each table's row count and
    // multiset hash, `audit_rows` each row's short hash, to say which row changed.
    r#"
ALTER TABLE audit_log ADD COLUMN state TEXT;
CREATE TABLE audit_state (
    tbl    TEXT PRIMARY KEY,
    rows   INTEGER NOT NULL,
    lthash BLOB NOT NULL
);
CREATE TABLE audit_rows (
    tbl TEXT NOT NULL,
    rid INTEGER NOT NULL,
    h   INTEGER NOT NULL,
    PRIMARY KEY (tbl, rid)
) WITHOUT ROWID;
"#,
    // Tasks (`task`): the case's own to-dos, made by hand or from the shipped playbook. A
    // playbook task keeps its step (`playbook_step`, so applying again adds nothing) and its
    // due date as an offset from a key date (`anchor` + `offset_days`), read at list time so a
    // corrected key date moves it; `due` is a date set by hand, which wins. `title` and `notes`
    // are the text a search indexes.
    r#"
CREATE TABLE tasks (
    num           INTEGER NOT NULL UNIQUE,
    id            TEXT PRIMARY KEY,
    title         TEXT NOT NULL CHECK (title <> ''),
    notes         TEXT NOT NULL DEFAULT '',
    phase         TEXT NOT NULL DEFAULT '',
    owner         TEXT,
    owner_role    TEXT,
    due           TEXT,
    anchor        TEXT,
    offset_days   INTEGER,
    status        TEXT NOT NULL DEFAULT 'to_do'
                  CHECK (status IN ('to_do', 'doing', 'blocked', 'done', 'not_applicable')),
    reason        TEXT NOT NULL DEFAULT '',
    playbook_step TEXT UNIQUE,
    created_at    TEXT NOT NULL,
    created_by    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    CHECK (status <> 'not_applicable' OR reason <> ''),
    CHECK ((anchor IS NULL) = (offset_days IS NULL))
);
CREATE TABLE task_links (
    task_id   TEXT NOT NULL REFERENCES tasks (id),
    kind      TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    UNIQUE (task_id, kind, entity_id)
);
"#,
    // Search (`search`): one row per searchable item in `search_docs`, kept by triggers on
    // the tables it comes from (in the same transaction as their writes), and the FTS5 index
    // over it; each kind's text is one view (`search_src_<kind>`), which the triggers and
    // `casebook search --rebuild` both read. People are indexed apart (`search_people`, over
    // `people` itself), rebuilt in one statement with the table. All of it is derived: the
    // state digests leave it out and `search::rebuild` makes it again from the rows.
    r#"
CREATE TABLE search_docs (
    id    INTEGER PRIMARY KEY,
    kind  TEXT NOT NULL,
    key   TEXT NOT NULL,
    item  TEXT NOT NULL,
    title TEXT NOT NULL,
    body  TEXT NOT NULL,
    UNIQUE (kind, key)
);
CREATE VIRTUAL TABLE search_text USING fts5 (
    title, body, content = 'search_docs', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER search_docs_insert AFTER INSERT ON search_docs BEGIN
    INSERT INTO search_text (rowid, title, body) VALUES (new.id, new.title, new.body);
END;
CREATE TRIGGER search_docs_delete AFTER DELETE ON search_docs BEGIN
    INSERT INTO search_text (search_text, rowid, title, body)
    VALUES ('delete', old.id, old.title, old.body);
END;
CREATE TRIGGER search_docs_no_update BEFORE UPDATE ON search_docs
BEGIN SELECT RAISE(ABORT, 'search documents are replaced, not changed'); END;

CREATE VIRTUAL TABLE search_people USING fts5 (
    name, email, phone, content = 'people', content_rowid = 'pos',
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO search_people (search_people) VALUES ('rebuild');

CREATE VIEW search_src_event AS
SELECT id AS key, id AS item, title, detail || ' ' || category || ' ' || source AS body
FROM timeline_events;
CREATE TRIGGER search_event_insert AFTER INSERT ON timeline_events BEGIN
    INSERT INTO search_docs (kind, key, item, title, body)
    SELECT 'event', key, item, title, body FROM search_src_event WHERE key = new.id;
END;
CREATE TRIGGER search_event_update AFTER UPDATE ON timeline_events BEGIN
    DELETE FROM search_docs WHERE kind = 'event' AND key = old.id;
    INSERT INTO search_docs (kind, key, item, title, body)
    SELECT 'event', key, item, title, body FROM search_src_event WHERE key = new.id;
END;
CREATE TRIGGER search_event_delete AFTER DELETE ON timeline_events BEGIN
    DELETE FROM search_docs WHERE kind = 'event' AND key = old.id;
END;

CREATE VIEW search_src_evidence AS
SELECT id AS key, id AS item, id || ' · ' || original_name AS title,
       description || ' ' || source || ' ' || category AS body
FROM evidence_items;
CREATE TRIGGER search_evidence_insert AFTER INSERT ON evidence_items BEGIN
    INSERT INTO search_docs (kind, key, item, title, body)
    SELECT 'evidence', key, item, title, body FROM search_src_evidence WHERE key = new.id;
END;
CREATE TRIGGER search_evidence_update AFTER UPDATE OF description, source, category
ON evidence_items BEGIN
    DELETE FROM search_docs WHERE kind = 'evidence' AND key = old.id;
    INSERT INTO search_docs (kind, key, item, title, body)
    SELECT 'evidence', key, item, title, body FROM search_src_evidence WHERE key = new.id;
END;

CREATE VIEW search_src_custody AS
SELECT seq AS key, item_id AS item, item_id || ' · custody: ' || kind AS title,
       note || ' ' || purpose || ' ' || from_party || ' ' || to_party || ' ' || location AS body
FROM custody_events;
CREATE TRIGGER search_custody_insert AFTER INSERT ON custody_events BEGIN
    INSERT INTO search_docs (kind, key, item, title, body)
    SELECT 'custody', key, item, title, body FROM search_src_custody WHERE key = new.seq;
END;

CREATE VIEW search_src_referral_notes AS
SELECT n.referral_id AS key, n.referral_id AS item,
       n.referral_id || ' notes, version ' || n.version AS title, n.text AS body
FROM referral_notes n
WHERE n.version = (SELECT max(version) FROM referral_notes WHERE referral_id = n.referral_id);
CREATE TRIGGER search_referral_notes_insert AFTER INSERT ON referral_notes BEGIN
    DELETE FROM search_docs WHERE kind = 'referral_notes' AND key = new.referral_id;
    INSERT INTO search_docs (kind, key, item, title, body)
    SELECT 'referral_notes', key, item, title, body FROM search_src_referral_notes
    WHERE key = new.referral_id;
END;

CREATE VIEW search_src_statement AS
SELECT v.statement_id AS key, v.statement_id AS item, v.statement_id || ' · ' || v.title AS title,
       v.body
FROM statement_versions v
WHERE v.version = (SELECT max(version) FROM statement_versions WHERE statement_id = v.statement_id);
CREATE TRIGGER search_statement_insert AFTER INSERT ON statement_versions BEGIN
    DELETE FROM search_docs WHERE kind = 'statement' AND key = new.statement_id;
    INSERT INTO search_docs (kind, key, item, title, body)
    SELECT 'statement', key, item, title, body FROM search_src_statement
    WHERE key = new.statement_id;
END;

-- The audit log refuses UPDATE and DELETE, so an entry is indexed once, as it is appended.
CREATE VIEW search_src_audit AS
SELECT seq AS key, seq AS item, action AS title,
       replace(replace(action, '.', ' '), '_', ' ') || ' ' || entity_type || ' ' || entity_id
           || ' ' || actor AS body
FROM audit_log;
CREATE TRIGGER search_audit_insert AFTER INSERT ON audit_log BEGIN
    INSERT INTO search_docs (kind, key, item, title, body)
    SELECT 'audit', key, item, title, body FROM search_src_audit WHERE key = new.seq;
END;

INSERT INTO search_docs (kind, key, item, title, body)
SELECT 'event', key, item, title, body FROM search_src_event;
INSERT INTO search_docs (kind, key, item, title, body)
SELECT 'evidence', key, item, title, body FROM search_src_evidence;
INSERT INTO search_docs (kind, key, item, title, body)
SELECT 'custody', key, item, title, body FROM search_src_custody;
INSERT INTO search_docs (kind, key, item, title, body)
SELECT 'referral_notes', key, item, title, body FROM search_src_referral_notes;
INSERT INTO search_docs (kind, key, item, title, body)
SELECT 'statement', key, item, title, body FROM search_src_statement;
INSERT INTO search_docs (kind, key, item, title, body)
SELECT 'audit', key, item, title, body FROM search_src_audit;
"#,
    // Tasks in the search index: the one kind added after the index (a view and its three
    // triggers, like every other kind's).
    r#"
CREATE VIEW search_src_task AS
SELECT id AS key, id AS item, id || ' · ' || title AS title,
       coalesce(notes, '') || ' ' || coalesce(phase, '') || ' ' || coalesce(owner, '') AS body
FROM tasks;
CREATE TRIGGER search_task_insert AFTER INSERT ON tasks BEGIN
    INSERT INTO search_docs (kind, key, item, title, body)
    SELECT 'task', key, item, title, body FROM search_src_task WHERE key = new.id;
END;
CREATE TRIGGER search_task_update AFTER UPDATE ON tasks BEGIN
    DELETE FROM search_docs WHERE kind = 'task' AND key = old.id;
    INSERT INTO search_docs (kind, key, item, title, body)
    SELECT 'task', key, item, title, body FROM search_src_task WHERE key = new.id;
END;
CREATE TRIGGER search_task_delete AFTER DELETE ON tasks BEGIN
    DELETE FROM search_docs WHERE kind = 'task' AND key = old.id;
END;
INSERT INTO search_docs (kind, key, item, title, body)
SELECT 'task', key, item, title, body FROM search_src_task;
"#,
];

/// The person index as migration 3 creates it; an import drops it and builds it again after
/// loading its rows.
pub const PERSON_INDEX: &str =
    "CREATE INDEX affected_records_person ON affected_records (person_key, minor, elements, phone)";

pub const LATEST: i64 = MIGRATIONS.len() as i64;
