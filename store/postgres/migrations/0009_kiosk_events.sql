-- Events client kiosks uploaded from their outbox (DESIGN §10): each
-- stored once, by the id the kiosk gave it, with the terminal of the
-- kiosk's certificate. The kiosk's sequence and hash chain let the
-- service report gaps and breaks.
CREATE TABLE kiosk_events (
    id          text   COLLATE "C" PRIMARY KEY,  -- UUIDv7 made by the kiosk
    terminal    text   NOT NULL,
    seq         bigint NOT NULL,
    at          bigint NOT NULL,                 -- the kiosk's clock, Unix nanoseconds
    kind        text   NOT NULL,
    subject     text   NOT NULL,
    detail      text   NOT NULL,
    prev_hash   text   NOT NULL,
    hash        text   NOT NULL,
    received_at bigint NOT NULL
);
CREATE INDEX kiosk_events_terminal_seq ON kiosk_events (terminal, seq);
