-- The event outbox (DESIGN §10): every event at this kiosk, numbered and
-- chained, kept until the service acknowledges it. Rows are appended and
-- never changed, except acked, which only goes from 0 to 1.
CREATE TABLE events (
    seq       INTEGER PRIMARY KEY,     -- this kiosk's sequence: 1, 2, …
    id        TEXT    NOT NULL UNIQUE, -- UUIDv7: what the service dedups on
    at        INTEGER NOT NULL,        -- Unix nanoseconds, this kiosk's clock
    kind      TEXT    NOT NULL,        -- the audit action
    subject   TEXT    NOT NULL,        -- the username, or ""
    detail    TEXT    NOT NULL,
    prev_hash TEXT    NOT NULL,
    hash      TEXT    NOT NULL,
    acked     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX events_unacked ON events (seq) WHERE acked = 0;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'the event outbox is append-only'); END;
CREATE TRIGGER events_no_rewrite BEFORE UPDATE OF seq, id, at, kind, subject, detail, prev_hash, hash ON events
BEGIN SELECT RAISE(ABORT, 'the event outbox is append-only'); END;
CREATE TRIGGER events_no_unack BEFORE UPDATE OF acked ON events WHEN NEW.acked <> 1
BEGIN SELECT RAISE(ABORT, 'an acknowledged event stays acknowledged'); END;
