// Package kiosklocaltest holds, for tests, what a client kiosk's client.db
// may hold (DESIGN §10), so that the unit tests and the end-to-end tests
// check it against one list.
package kiosklocaltest

import (
	"database/sql"
	"slices"
	"testing"
)

// Allowed is every table and column client.db may have: the roster, the
// Trust's CA and CRL, the sync times, the kiosk's own verifiers, the
// event outbox and the migrations applied. A table or column added
// anywhere must be added here, on purpose.
var Allowed = map[string][]string{
	"schema_migrations": {"version", "name", "applied_at"},
	"events":            {"seq", "id", "at", "kind", "subject", "detail", "prev_hash", "hash", "acked"},
	"roster_users":      {"username", "first_name", "last_name", "role", "ward", "language", "disabled", "locked", "signed_in"},
	"roster_cards":      {"fingerprint", "username", "withdrawn"},
	"card_trust":        {"id", "ca_pem", "crl_pem", "fetched_at"},
	"sync_state":        {"id", "last_sync", "server_time"},
	"verifiers":         {"username", "phc", "online_at", "last_used", "failures", "wait_until", "closed"},
}

// CheckSchema fails t for every table, index or trigger of db on a table
// Allowed does not list, and every table whose columns are not exactly
// Allowed's. It returns the tables, for the caller's checks of their
// values.
func CheckSchema(t testing.TB, db *sql.DB) []string {
	t.Helper()
	rows, err := db.Query(`SELECT type, name, tbl_name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var typ, name, tbl string
		if err := rows.Scan(&typ, &name, &tbl); err != nil {
			t.Fatal(err)
		}
		if _, ok := Allowed[tbl]; !ok {
			t.Errorf("client.db: %s %s on table %s, which DESIGN §10 does not allow", typ, name, tbl)
		}
		if typ == "table" {
			tables = append(tables, name)
		}
	}
	if err := rows.Close(); err != nil {
		t.Fatal(err)
	}
	for _, table := range tables {
		if cols := Columns(t, db, table); !slices.Equal(cols, Allowed[table]) {
			t.Errorf("client.db: %s has columns %v; allowed %v", table, cols, Allowed[table])
		}
	}
	return tables
}

// Columns are a table's columns in order.
func Columns(t testing.TB, db *sql.DB, table string) []string {
	t.Helper()
	rows, err := db.Query(`SELECT name FROM pragma_table_info(?) ORDER BY cid`, table)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var cols []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			t.Fatal(err)
		}
		cols = append(cols, c)
	}
	return cols
}
