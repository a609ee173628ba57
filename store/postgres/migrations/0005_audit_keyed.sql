-- The audit chain is keyed from here on: HMAC-SHA256 under a key kept in a
-- file beside the database, not in it (DESIGN §4). A database that has
-- events hashed the old way is marked, and the kiosk re-chains them once,
-- under the key (auth.Service.KeyAuditChain). A new database is never marked.
INSERT INTO settings (key, value)
SELECT 'audit.chain', 'sha256' WHERE EXISTS (SELECT 1 FROM audit);
