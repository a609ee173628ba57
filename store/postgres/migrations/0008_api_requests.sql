-- Kiosk API requests already applied (DESIGN §10): a kiosk whose instance
-- died before answering sends the same request to the next, and it must
-- change nothing twice. Keys are kept a day.
CREATE TABLE api_requests (
    key text   COLLATE "C" PRIMARY KEY,  -- the terminal's certificate and the kiosk's request id, and the transaction's number in the call
    at  bigint NOT NULL
);
CREATE INDEX api_requests_at ON api_requests (at);
