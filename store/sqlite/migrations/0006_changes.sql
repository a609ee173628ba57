-- The change feed (DESIGN §10): what every kiosk must act on at once, a
-- row written in the transaction that made the change. AUTOINCREMENT: a
-- sequence number is never handed out twice, so a kiosk resuming after
-- the last number it applied misses nothing and sees nothing twice.
CREATE TABLE changes (
    seq     INTEGER PRIMARY KEY AUTOINCREMENT,
    at      INTEGER NOT NULL,
    kind    TEXT    NOT NULL,
    subject TEXT    NOT NULL DEFAULT ''
);
