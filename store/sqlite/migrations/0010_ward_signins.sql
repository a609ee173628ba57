-- Each user's latest online sign-in on each ward (DESIGN §10): a ward's
-- roster is who signed in on it lately, and a client kiosk keeps that
-- roster to sign them in by card while the service is out of reach.
-- Written in the transaction of the sign-in, by password or by card.
CREATE TABLE ward_signins (
    ward    TEXT    NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    at      INTEGER NOT NULL,  -- Unix nanoseconds
    PRIMARY KEY (ward, user_id)
) WITHOUT ROWID;
CREATE INDEX ward_signins_ward_at ON ward_signins (ward, at);
