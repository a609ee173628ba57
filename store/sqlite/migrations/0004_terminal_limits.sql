-- What one terminal may spend against one account (DESIGN §4): wrong
-- passwords, assistance emails and wrong reset codes are counted per
-- account and terminal, so someone at one kiosk cannot use up a colleague's
-- share at another. The account-wide ceilings are counted from the same rows.

CREATE TABLE terminal_lockouts (
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    terminal     TEXT    NOT NULL,
    failures     INTEGER NOT NULL DEFAULT 0,  -- consecutive wrong passwords at this terminal
    locked_until INTEGER,                     -- locked at this terminal until then
    lock_count   INTEGER NOT NULL DEFAULT 0,  -- locks here since the last success; doubles the lock
    PRIMARY KEY (user_id, terminal)
) WITHOUT ROWID;

-- Failures in a row are counted at each terminal from now on; the
-- account-wide count becomes their sum.
UPDATE lockouts SET failures = 0;

CREATE TABLE assistance_requests (
    id       INTEGER PRIMARY KEY,
    user_id  INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    terminal TEXT    NOT NULL,  -- '' for emails queued before this table
    at       INTEGER NOT NULL
);
CREATE INDEX assistance_requests_user ON assistance_requests (user_id, at);

-- The hour's assistance emails so far still count after the upgrade.
INSERT INTO assistance_requests (user_id, terminal, at)
    SELECT user_id, '', created_at FROM outbox
    WHERE user_id IS NOT NULL AND kind IN ('reset-code', 'username-reminder');

CREATE TABLE code_tries (
    code_id  INTEGER NOT NULL REFERENCES reset_codes (id) ON DELETE CASCADE,
    terminal TEXT    NOT NULL,
    attempts INTEGER NOT NULL,  -- wrong tries at this code from this terminal
    PRIMARY KEY (code_id, terminal)
) WITHOUT ROWID;
