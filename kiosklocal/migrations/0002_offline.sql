-- What a client kiosk keeps to sign its ward in offline (DESIGN §10), and
-- nothing more: no service hash, no code, no email, no date of birth.
-- Times are Unix nanoseconds, UTC; 0 is never.

-- The ward's roster as of the last sync: each field of auth.RosterUser.
CREATE TABLE roster_users (
    username   TEXT    PRIMARY KEY,
    first_name TEXT    NOT NULL,
    last_name  TEXT    NOT NULL,
    role       TEXT    NOT NULL,
    ward       TEXT    NOT NULL,
    language   TEXT    NOT NULL,
    disabled   INTEGER NOT NULL DEFAULT 0,
    locked     INTEGER NOT NULL DEFAULT 0,
    signed_in  INTEGER NOT NULL  -- their latest online sign-in on the ward
);

-- Their enrolled cards by certificate fingerprint (hex SHA-256).
-- withdrawn: a revocation came through the feed since the sync.
CREATE TABLE roster_cards (
    fingerprint TEXT    PRIMARY KEY,
    username    TEXT    NOT NULL,
    withdrawn   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX roster_cards_user ON roster_cards (username);

-- The Trust's card CA and CRL (PEM) as the service last gave them.
CREATE TABLE card_trust (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    ca_pem     BLOB    NOT NULL,
    crl_pem    BLOB    NOT NULL,
    fetched_at INTEGER NOT NULL
);

-- The last sync and the latest time the service told (it only goes forward).
CREATE TABLE sync_state (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    last_sync   INTEGER NOT NULL DEFAULT 0,
    server_time INTEGER NOT NULL DEFAULT 0
);
INSERT INTO sync_state (id) VALUES (1);

-- Offline password verifiers: argon2id PHC strings the kiosk derived
-- itself from a password typed at an online sign-in here.
CREATE TABLE verifiers (
    username   TEXT    PRIMARY KEY,
    phc        TEXT    NOT NULL,
    online_at  INTEGER NOT NULL, -- the online sign-in that derived it
    last_used  INTEGER NOT NULL,
    failures   INTEGER NOT NULL DEFAULT 0,
    wait_until INTEGER NOT NULL DEFAULT 0,
    closed     INTEGER NOT NULL DEFAULT 0
);
