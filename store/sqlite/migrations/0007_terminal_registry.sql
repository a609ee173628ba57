-- The Trust's terminals (DESIGN §10): a kiosk that signs in through the
-- service is registered with its TLS client certificate, and the service
-- takes the terminal's name and ward from that certificate. A row written
-- by a sign-in at a standalone kiosk stays unregistered (no fingerprint).
ALTER TABLE terminals ADD COLUMN ward             TEXT    NOT NULL DEFAULT '';
ALTER TABLE terminals ADD COLUMN cert_fingerprint TEXT    NOT NULL DEFAULT '';  -- hex SHA-256 of the certificate's DER; '' = not registered
ALTER TABLE terminals ADD COLUMN disabled         INTEGER NOT NULL DEFAULT 0;
ALTER TABLE terminals ADD COLUMN added_at         INTEGER;
ALTER TABLE terminals ADD COLUMN added_by         TEXT    NOT NULL DEFAULT '';
ALTER TABLE terminals ADD COLUMN version          TEXT    NOT NULL DEFAULT '';  -- from its last heartbeat
ALTER TABLE terminals ADD COLUMN queued_events    INTEGER NOT NULL DEFAULT 0;   -- events waiting at the kiosk, at its last heartbeat
CREATE UNIQUE INDEX terminals_cert ON terminals (cert_fingerprint) WHERE cert_fingerprint <> '';

-- Card sign-in challenges the service issued, until used or expired: one
-- row is taken by exactly one sign-in, at whichever instance it arrives.
CREATE TABLE card_challenges (
    hash       BLOB    PRIMARY KEY,  -- SHA-256 of the challenge
    terminal   TEXT    NOT NULL,
    issued_at  INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX card_challenges_expiry ON card_challenges (expires_at);
