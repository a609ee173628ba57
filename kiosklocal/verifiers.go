package kiosklocal

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Verifier is a user's offline password verifier: an argon2id PHC string
// the kiosk derived itself from the password typed at an online sign-in
// here (never the service's hash), and its offline tries.
type Verifier struct {
	Username  string
	PHC       string
	OnlineAt  time.Time // the online sign-in that derived it
	LastUsed  time.Time // derived or used to sign in: the least recent goes first
	Failures  int       // wrong passwords offline since the last success
	WaitUntil time.Time // no offline tries before this
	Closed    bool      // closed until the next online sign-in
}

// PutVerifier stores v as the user's verifier, replacing any, and then
// drops the least recently used beyond keep, in one transaction. It
// returns the usernames dropped.
func (d *DB) PutVerifier(ctx context.Context, v Verifier, keep int) ([]string, error) {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("kiosklocal: verifier: %w", err)
	}
	defer tx.Rollback()
	if err := saveVerifier(ctx, tx, v); err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT username FROM verifiers ORDER BY last_used DESC, username LIMIT -1 OFFSET ?`, max(keep, 0))
	if err != nil {
		return nil, fmt.Errorf("kiosklocal: verifier: %w", err)
	}
	var dropped []string
	for rows.Next() {
		var u string
		if err := rows.Scan(&u); err != nil {
			rows.Close()
			return nil, fmt.Errorf("kiosklocal: verifier: %w", err)
		}
		dropped = append(dropped, u)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("kiosklocal: verifier: %w", err)
	}
	for _, u := range dropped {
		if _, err := tx.ExecContext(ctx, `DELETE FROM verifiers WHERE username = ?`, u); err != nil {
			return nil, fmt.Errorf("kiosklocal: verifier: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("kiosklocal: verifier: %w", err)
	}
	return dropped, nil
}

func saveVerifier(ctx context.Context, x execer, v Verifier) error {
	if _, err := x.ExecContext(ctx, `INSERT INTO verifiers (username, phc, online_at, last_used, failures, wait_until, closed)
		VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (username) DO UPDATE SET phc = excluded.phc, online_at = excluded.online_at, last_used = excluded.last_used,
			failures = excluded.failures, wait_until = excluded.wait_until, closed = excluded.closed`,
		v.Username, v.PHC, nanos(v.OnlineAt), nanos(v.LastUsed), v.Failures, nanos(v.WaitUntil), v.Closed); err != nil {
		return fmt.Errorf("kiosklocal: verifier: %w", err)
	}
	return nil
}

// SaveVerifierState records a verifier's tries and use (Failures,
// WaitUntil, Closed, LastUsed); its PHC string and online time stay. A
// verifier deleted meanwhile stays deleted.
func (d *DB) SaveVerifierState(ctx context.Context, v Verifier) error {
	if _, err := d.db.ExecContext(ctx, `UPDATE verifiers SET last_used = ?, failures = ?, wait_until = ?, closed = ?
		WHERE username = ?`, nanos(v.LastUsed), v.Failures, nanos(v.WaitUntil), v.Closed, v.Username); err != nil {
		return fmt.Errorf("kiosklocal: verifier: %w", err)
	}
	return nil
}

// Verifier returns a user's verifier, or ErrNotFound.
func (d *DB) Verifier(ctx context.Context, username string) (Verifier, error) {
	var v Verifier
	var online, used, wait int64
	err := d.db.QueryRowContext(ctx, `SELECT username, phc, online_at, last_used, failures, wait_until, closed
		FROM verifiers WHERE username = ?`, username).Scan(&v.Username, &v.PHC, &online, &used, &v.Failures, &wait, &v.Closed)
	if errors.Is(err, sql.ErrNoRows) {
		return Verifier{}, ErrNotFound
	}
	if err != nil {
		return Verifier{}, fmt.Errorf("kiosklocal: verifier: %w", err)
	}
	v.OnlineAt, v.LastUsed, v.WaitUntil = stored(online), stored(used), stored(wait)
	return v, nil
}

// DeleteVerifier deletes a user's verifier, if any: their password
// changed or was reset somewhere.
func (d *DB) DeleteVerifier(ctx context.Context, username string) error {
	if _, err := d.db.ExecContext(ctx, `DELETE FROM verifiers WHERE username = ?`, username); err != nil {
		return fmt.Errorf("kiosklocal: verifier: %w", err)
	}
	return nil
}

// VerifierUsers lists the users with a verifier, most recently used first.
func (d *DB) VerifierUsers(ctx context.Context) ([]string, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT username FROM verifiers ORDER BY last_used DESC, username`)
	if err != nil {
		return nil, fmt.Errorf("kiosklocal: verifier: %w", err)
	}
	defer rows.Close()
	var us []string
	for rows.Next() {
		var u string
		if err := rows.Scan(&u); err != nil {
			return nil, fmt.Errorf("kiosklocal: verifier: %w", err)
		}
		us = append(us, u)
	}
	return us, rows.Err()
}

// DeleteVerifiersBefore deletes the verifiers derived at online sign-ins
// before t: past the window they sign nobody in, and a verifier kept is
// one more for a thief of the disk to guess at. It returns how many went.
func (d *DB) DeleteVerifiersBefore(ctx context.Context, t time.Time) (int, error) {
	res, err := d.db.ExecContext(ctx, `DELETE FROM verifiers WHERE online_at < ?`, nanos(t))
	if err != nil {
		return 0, fmt.Errorf("kiosklocal: verifier: %w", err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// LastVerifierUse is the latest use recorded of any verifier (LastUsed);
// zero when there is none.
func (d *DB) LastVerifierUse(ctx context.Context) (time.Time, error) {
	var n int64
	if err := d.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(last_used), 0) FROM verifiers`).Scan(&n); err != nil {
		return time.Time{}, fmt.Errorf("kiosklocal: verifier: %w", err)
	}
	return stored(n), nil
}
