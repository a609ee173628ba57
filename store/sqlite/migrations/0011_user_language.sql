-- Each user's language (DESIGN §12): their portal and their emails speak
-- it. English for everyone who was here before.
ALTER TABLE users ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
