-- Events client kiosks uploaded from their outbox (DESIGN §10): each
-- stored once, by the id the kiosk gave it, with the terminal of the
-- kiosk's certificate. The kiosk's sequence and hash chain let the
-- service report gaps and breaks.
CREATE TABLE kiosk_events (
    id          TEXT    PRIMARY KEY,  -- UUIDv7 made by the kiosk
    terminal    TEXT    NOT NULL,
    seq         INTEGER NOT NULL,
    at          INTEGER NOT NULL,     -- the kiosk's clock, Unix nanoseconds
    kind        TEXT    NOT NULL,
    subject     TEXT    NOT NULL,
    detail      TEXT    NOT NULL,
    prev_hash   TEXT    NOT NULL,
    hash        TEXT    NOT NULL,
    received_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX kiosk_events_terminal_seq ON kiosk_events (terminal, seq);
