-- Smartcards enrolled to staff (DESIGN §6). A card is known by its
-- certificate: the SHA-256 fingerprint of the DER, and issuer + serial.
-- A revoked enrolment stays, revoked, so the same certificate cannot be
-- enrolled again; a lost card that turns up needs a new certificate.

CREATE TABLE cards (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    fingerprint TEXT    NOT NULL UNIQUE CHECK (length(fingerprint) = 64),  -- hex SHA-256 of the certificate
    issuer      TEXT    NOT NULL,                                           -- RFC 4514 issuer name
    serial      TEXT    NOT NULL,                                           -- serial number, hex
    subject     TEXT    NOT NULL DEFAULT '',
    not_after   INTEGER NOT NULL,
    enrolled_at INTEGER NOT NULL,
    enrolled_by TEXT    NOT NULL,
    revoked_at  INTEGER,
    revoked_by  TEXT    NOT NULL DEFAULT '',
    last_used_at INTEGER,
    UNIQUE (issuer, serial)
);
CREATE INDEX cards_user ON cards (user_id, id);
