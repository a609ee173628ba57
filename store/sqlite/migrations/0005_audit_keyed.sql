-- The audit chain is keyed from here on: HMAC-SHA256 under a key kept in a
-- file beside the database, not in it (DESIGN §4). Rows already written
-- were hashed without a key; SQL cannot re-hash them (it has no key), so a
-- database that has events is marked, and the kiosk re-chains them once,
-- under the key, when it next opens its data, and audits that it did
-- (auth.Service.KeyAuditChain). A new database is never marked.
INSERT INTO settings (key, value)
SELECT 'audit.chain', 'sha256' WHERE EXISTS (SELECT 1 FROM audit);
