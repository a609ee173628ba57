-- Times are Unix nanoseconds in UTC; NULL where there is none.

CREATE TABLE users (
    id                  INTEGER PRIMARY KEY,
    username            TEXT    NOT NULL UNIQUE,
    first_name          TEXT    NOT NULL,
    last_name           TEXT    NOT NULL,
    email               TEXT    NOT NULL UNIQUE COLLATE NOCASE,
    dob                 TEXT    NOT NULL,                 -- YYYY-MM-DD
    role                TEXT    NOT NULL DEFAULT '',
    ward                TEXT    NOT NULL DEFAULT '',
    status              TEXT    NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
    password_hash       TEXT    NOT NULL DEFAULT '',
    password_changed_at INTEGER,
    last_login_at       INTEGER,
    last_login_terminal TEXT    NOT NULL DEFAULT '',
    created_at          INTEGER NOT NULL
);

CREATE TABLE password_history (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    hash       TEXT    NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX password_history_user ON password_history (user_id, id);

CREATE TABLE lockouts (
    user_id      INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    failures     INTEGER NOT NULL DEFAULT 0,
    locked_until INTEGER,
    lock_count   INTEGER NOT NULL DEFAULT 0,
    admin_locked INTEGER NOT NULL DEFAULT 0 CHECK (admin_locked IN (0, 1))
);

CREATE TABLE reset_codes (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash  BLOB    NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    attempts   INTEGER NOT NULL DEFAULT 0,
    used_at    INTEGER,
    revoked_at INTEGER
);
CREATE INDEX reset_codes_user ON reset_codes (user_id, id);

CREATE TABLE audit (
    id        INTEGER PRIMARY KEY,
    at        INTEGER NOT NULL,
    terminal  TEXT    NOT NULL,
    actor     TEXT    NOT NULL,
    action    TEXT    NOT NULL,
    subject   TEXT    NOT NULL,
    detail    TEXT    NOT NULL,
    prev_hash TEXT    NOT NULL,
    hash      TEXT    NOT NULL UNIQUE
);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit is append-only'); END;

CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    created_at      INTEGER NOT NULL,
    user_id         INTEGER REFERENCES users (id) ON DELETE SET NULL,
    kind            TEXT    NOT NULL,
    to_addr         TEXT    NOT NULL,
    subject         TEXT    NOT NULL,
    body            TEXT    NOT NULL,
    status          TEXT    NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'dead')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT    NOT NULL DEFAULT '',
    next_attempt_at INTEGER,
    lease_until     INTEGER,
    sent_at         INTEGER
);
CREATE INDEX outbox_user ON outbox (user_id, created_at);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);

CREATE TABLE forbidden_words (
    word     TEXT    PRIMARY KEY COLLATE NOCASE,
    added_by TEXT    NOT NULL,
    added_at INTEGER NOT NULL
);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE terminals (
    name         TEXT    PRIMARY KEY,
    failures     INTEGER NOT NULL DEFAULT 0,
    last_seen    INTEGER,
    reader_state TEXT    NOT NULL DEFAULT ''
);
