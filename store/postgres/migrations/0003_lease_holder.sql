-- Who holds an outbox lease: "<host>/<boot id> <pid> <pid's start time>".
-- A worker on the same machine that finds the holder gone (killed mid-send)
-- takes its messages over at once instead of waiting out the lease.
ALTER TABLE outbox ADD COLUMN lease_holder text COLLATE "C";
