package kiosklocal

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/wardkiosk/kiosk/auth"
)

// ErrNotFound means the roster or the verifiers hold no such entry.
var ErrNotFound = errors.New("kiosklocal: not found")

// nanos is a time as stored: Unix nanoseconds, 0 for the zero time.
func nanos(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}

// stored is a stored time: the zero time for 0.
func stored(n int64) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return unixNano(n)
}

// ReplaceRoster replaces the ward's roster, the Trust's CA and CRL with
// r, in one transaction, and records the sync as made at: a kiosk never
// holds half of one roster and half of another. The last server time
// moves to r.ServerTime unless it was later already.
func (d *DB) ReplaceRoster(ctx context.Context, r auth.Roster, at time.Time) error {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("kiosklocal: roster: %w", err)
	}
	defer tx.Rollback()
	for _, q := range []string{`DELETE FROM roster_cards`, `DELETE FROM roster_users`} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("kiosklocal: roster: %w", err)
		}
	}
	for _, u := range r.Users {
		if err := putUser(ctx, tx, u); err != nil {
			return err
		}
		for _, fp := range u.Cards {
			if _, err := tx.ExecContext(ctx, `INSERT INTO roster_cards (fingerprint, username) VALUES (?, ?)
				ON CONFLICT (fingerprint) DO UPDATE SET username = excluded.username, withdrawn = 0`, fp, u.Username); err != nil {
				return fmt.Errorf("kiosklocal: roster: %w", err)
			}
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO card_trust (id, ca_pem, crl_pem, fetched_at) VALUES (1, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET ca_pem = excluded.ca_pem, crl_pem = excluded.crl_pem, fetched_at = excluded.fetched_at`,
		nonNil(r.CAPEM), nonNil(r.CRLPEM), nanos(at)); err != nil {
		return fmt.Errorf("kiosklocal: roster: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE sync_state SET last_sync = ?, server_time = max(server_time, ?) WHERE id = 1`,
		nanos(at), nanos(r.ServerTime)); err != nil {
		return fmt.Errorf("kiosklocal: roster: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("kiosklocal: roster: %w", err)
	}
	return nil
}

func nonNil(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}

// execer is a transaction or the database.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// putUser inserts or updates a roster entry's fields; its cards stay.
func putUser(ctx context.Context, x execer, u auth.RosterUser) error {
	if _, err := x.ExecContext(ctx, `INSERT INTO roster_users (username, first_name, last_name, role, ward, language, disabled, locked, signed_in)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (username) DO UPDATE SET first_name = excluded.first_name, last_name = excluded.last_name,
			role = excluded.role, ward = excluded.ward, language = excluded.language, disabled = excluded.disabled,
			locked = excluded.locked, signed_in = excluded.signed_in`,
		u.Username, u.FirstName, u.LastName, u.Role, u.Ward, u.Language, u.Disabled, u.Locked, nanos(u.SignedIn)); err != nil {
		return fmt.Errorf("kiosklocal: roster: %w", err)
	}
	return nil
}

// PutRosterUser adds a user to the roster or updates their entry, as an
// online sign-in here tells it; the cards kept for them stay as synced
// (u.Cards is not read).
func (d *DB) PutRosterUser(ctx context.Context, u auth.RosterUser) error {
	return putUser(ctx, d.db, u)
}

// RosterUser returns a roster entry with its cards that are not
// withdrawn, or ErrNotFound.
func (d *DB) RosterUser(ctx context.Context, username string) (auth.RosterUser, error) {
	var u auth.RosterUser
	var signedIn int64
	err := d.db.QueryRowContext(ctx, `SELECT username, first_name, last_name, role, ward, language, disabled, locked, signed_in
		FROM roster_users WHERE username = ?`, username).Scan(&u.Username, &u.FirstName, &u.LastName, &u.Role, &u.Ward,
		&u.Language, &u.Disabled, &u.Locked, &signedIn)
	if errors.Is(err, sql.ErrNoRows) {
		return auth.RosterUser{}, ErrNotFound
	}
	if err != nil {
		return auth.RosterUser{}, fmt.Errorf("kiosklocal: roster: %w", err)
	}
	u.SignedIn = stored(signedIn)
	rows, err := d.db.QueryContext(ctx, `SELECT fingerprint FROM roster_cards WHERE username = ? AND withdrawn = 0 ORDER BY fingerprint`, username)
	if err != nil {
		return auth.RosterUser{}, fmt.Errorf("kiosklocal: roster: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var fp string
		if err := rows.Scan(&fp); err != nil {
			return auth.RosterUser{}, fmt.Errorf("kiosklocal: roster: %w", err)
		}
		u.Cards = append(u.Cards, fp)
	}
	return u, rows.Err()
}

// CardHolder returns the username a card's fingerprint is enrolled to on
// the roster and whether a revocation since the sync withdrew it, or
// ErrNotFound.
func (d *DB) CardHolder(ctx context.Context, fingerprint string) (username string, withdrawn bool, err error) {
	err = d.db.QueryRowContext(ctx, `SELECT username, withdrawn FROM roster_cards WHERE fingerprint = ?`, fingerprint).
		Scan(&username, &withdrawn)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, ErrNotFound
	}
	if err != nil {
		return "", false, fmt.Errorf("kiosklocal: roster: %w", err)
	}
	return username, withdrawn, nil
}

// RosterSize counts the users on the roster.
func (d *DB) RosterSize(ctx context.Context) (int, error) {
	var n int
	if err := d.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM roster_users`).Scan(&n); err != nil {
		return 0, fmt.Errorf("kiosklocal: roster: %w", err)
	}
	return n, nil
}

// SetUserState records a user disabled or enabled (disabled) and locked
// or unlocked (locked) as the feed tells it; nil leaves one as it is. A
// user not on the roster is left off it.
func (d *DB) SetUserState(ctx context.Context, username string, disabled, locked *bool) error {
	if disabled != nil {
		if _, err := d.db.ExecContext(ctx, `UPDATE roster_users SET disabled = ? WHERE username = ?`, *disabled, username); err != nil {
			return fmt.Errorf("kiosklocal: roster: %w", err)
		}
	}
	if locked != nil {
		if _, err := d.db.ExecContext(ctx, `UPDATE roster_users SET locked = ? WHERE username = ?`, *locked, username); err != nil {
			return fmt.Errorf("kiosklocal: roster: %w", err)
		}
	}
	return nil
}

// WithdrawCards withdraws every card of a user until the next sync: the
// feed says one was revoked, not which.
func (d *DB) WithdrawCards(ctx context.Context, username string) error {
	if _, err := d.db.ExecContext(ctx, `UPDATE roster_cards SET withdrawn = 1 WHERE username = ?`, username); err != nil {
		return fmt.Errorf("kiosklocal: roster: %w", err)
	}
	return nil
}

// CardTrust returns the Trust's CA and CRL (PEM) as last synced and when
// they were fetched; all empty before the first sync.
func (d *DB) CardTrust(ctx context.Context) (caPEM, crlPEM []byte, fetched time.Time, err error) {
	var at int64
	err = d.db.QueryRowContext(ctx, `SELECT ca_pem, crl_pem, fetched_at FROM card_trust WHERE id = 1`).Scan(&caPEM, &crlPEM, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, time.Time{}, nil
	}
	if err != nil {
		return nil, nil, time.Time{}, fmt.Errorf("kiosklocal: trust: %w", err)
	}
	return caPEM, crlPEM, stored(at), nil
}

// SyncState returns the time of the last sync and the latest time the
// service told; zero for never.
func (d *DB) SyncState(ctx context.Context) (lastSync, serverTime time.Time, err error) {
	var ls, st int64
	if err := d.db.QueryRowContext(ctx, `SELECT last_sync, server_time FROM sync_state WHERE id = 1`).Scan(&ls, &st); err != nil {
		return time.Time{}, time.Time{}, fmt.Errorf("kiosklocal: sync state: %w", err)
	}
	return stored(ls), stored(st), nil
}

// NoteServerTime records a time the service told, unless a later one is
// recorded: the clock offline limits use never goes back.
func (d *DB) NoteServerTime(ctx context.Context, t time.Time) error {
	if _, err := d.db.ExecContext(ctx, `UPDATE sync_state SET server_time = max(server_time, ?) WHERE id = 1`, nanos(t)); err != nil {
		return fmt.Errorf("kiosklocal: sync state: %w", err)
	}
	return nil
}
