-- The Trust's terminals (DESIGN §10): a kiosk that signs in through the
-- service is registered with its TLS client certificate, and the service
-- takes the terminal's name and ward from that certificate. A row written
-- by a sign-in at a standalone kiosk stays unregistered (no fingerprint).
ALTER TABLE terminals ADD COLUMN ward             text    NOT NULL DEFAULT '';
ALTER TABLE terminals ADD COLUMN cert_fingerprint text    COLLATE "C" NOT NULL DEFAULT '';  -- hex SHA-256 of the certificate's DER; '' = not registered
ALTER TABLE terminals ADD COLUMN disabled         boolean NOT NULL DEFAULT false;
ALTER TABLE terminals ADD COLUMN added_at         bigint;
ALTER TABLE terminals ADD COLUMN added_by         text    NOT NULL DEFAULT '';
ALTER TABLE terminals ADD COLUMN version          text    NOT NULL DEFAULT '';  -- from its last heartbeat
ALTER TABLE terminals ADD COLUMN queued_events    integer NOT NULL DEFAULT 0;   -- events waiting at the kiosk, at its last heartbeat
CREATE UNIQUE INDEX terminals_cert ON terminals (cert_fingerprint) WHERE cert_fingerprint <> '';

-- Card sign-in challenges the service issued, until used or expired: one
-- row is taken by exactly one sign-in, at whichever instance it arrives.
CREATE TABLE card_challenges (
    hash       bytea  PRIMARY KEY,  -- SHA-256 of the challenge
    terminal   text   NOT NULL,
    issued_at  bigint NOT NULL,
    expires_at bigint NOT NULL
);
CREATE INDEX card_challenges_expiry ON card_challenges (expires_at);
