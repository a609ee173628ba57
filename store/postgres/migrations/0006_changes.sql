-- The change feed (DESIGN §10): what every kiosk must act on at once, a
-- row written in the transaction that made the change. Writers take turns
-- (Store.Tx), so sequence numbers are taken, and committed, in order; one
-- a rolled-back writer took is skipped, never reused. Each insert NOTIFYs
-- kiosk_changes at commit, waking every instance's watchers.
CREATE TABLE changes (
    seq     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at      bigint NOT NULL,
    kind    text   NOT NULL,
    subject text   NOT NULL DEFAULT ''
);
