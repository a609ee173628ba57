package kiosklocal

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/sanitize"
)

// clip cuts text to one sanitised line of at most n bytes, as the service
// checks it: cleaned before it is chained, so that the service never has
// to change what was hashed.
func clip(s string, n int) string {
	s = sanitize.Line(s)
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return strings.TrimSpace(s[:n])
}

// Append records an event in the outbox, in one transaction: the next
// sequence, a fresh UUIDv7, and the hash chaining it to the event before
// (auth.KioskEventHash, the same the service checks). kind is an audit
// action (auth.Act*), subject the username concerned or "".
func (d *DB) Append(ctx context.Context, kind, subject, detail string) (auth.KioskEvent, error) {
	id, err := uuid.NewV7()
	if err != nil {
		return auth.KioskEvent{}, fmt.Errorf("kiosklocal: append: %w", err)
	}
	e := auth.KioskEvent{ID: id.String(), At: d.now().UTC(), Kind: kind,
		Subject: clip(subject, auth.MaxKioskEventSubject), Detail: clip(detail, auth.MaxKioskEventDetail)}
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return auth.KioskEvent{}, fmt.Errorf("kiosklocal: append: %w", err)
	}
	defer tx.Rollback()
	err = tx.QueryRowContext(ctx, `SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1`).Scan(&e.Seq, &e.PrevHash)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return auth.KioskEvent{}, fmt.Errorf("kiosklocal: append: %w", err)
	}
	e.Seq++
	e.Hash = auth.KioskEventHash(e)
	if _, err := tx.ExecContext(ctx, `INSERT INTO events (seq, id, at, kind, subject, detail, prev_hash, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, e.Seq, e.ID, e.At.UnixNano(), e.Kind, e.Subject, e.Detail, e.PrevHash, e.Hash); err != nil {
		return auth.KioskEvent{}, fmt.Errorf("kiosklocal: append: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return auth.KioskEvent{}, fmt.Errorf("kiosklocal: append: %w", err)
	}
	return e, nil
}

// Unacked returns up to limit events the service has not acknowledged,
// lowest sequence first.
func (d *DB) Unacked(ctx context.Context, limit int) ([]auth.KioskEvent, error) {
	return d.events(ctx, `WHERE acked = 0 ORDER BY seq LIMIT ?`, limit)
}

// Events returns every event in the outbox, acknowledged or not, by sequence.
func (d *DB) Events(ctx context.Context) ([]auth.KioskEvent, error) {
	return d.events(ctx, `ORDER BY seq`)
}

func (d *DB) events(ctx context.Context, where string, args ...any) ([]auth.KioskEvent, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT seq, id, at, kind, subject, detail, prev_hash, hash FROM events `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("kiosklocal: %w", err)
	}
	defer rows.Close()
	var evs []auth.KioskEvent
	for rows.Next() {
		var e auth.KioskEvent
		var at int64
		if err := rows.Scan(&e.Seq, &e.ID, &at, &e.Kind, &e.Subject, &e.Detail, &e.PrevHash, &e.Hash); err != nil {
			return nil, fmt.Errorf("kiosklocal: %w", err)
		}
		e.At = unixNano(at)
		evs = append(evs, e)
	}
	return evs, rows.Err()
}

// Ack marks every event up to and including seq acknowledged: the
// service holds them. It returns how many were newly marked.
func (d *DB) Ack(ctx context.Context, seq int64) (int, error) {
	res, err := d.db.ExecContext(ctx, `UPDATE events SET acked = 1 WHERE acked = 0 AND seq <= ?`, seq)
	if err != nil {
		return 0, fmt.Errorf("kiosklocal: ack: %w", err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// Queued counts the events waiting for the service, as the heartbeat
// reports them.
func (d *DB) Queued(ctx context.Context) (int, error) {
	var n int
	if err := d.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM events WHERE acked = 0`).Scan(&n); err != nil {
		return 0, fmt.Errorf("kiosklocal: %w", err)
	}
	return n, nil
}

// Head is the newest event's sequence and hash: the kiosk's chain head,
// which the service anchors once it holds that event. Zero when empty.
func (d *DB) Head(ctx context.Context) (int64, string, error) {
	var seq int64
	var hash string
	err := d.db.QueryRowContext(ctx, `SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1`).Scan(&seq, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", nil
	}
	if err != nil {
		return 0, "", fmt.Errorf("kiosklocal: %w", err)
	}
	return seq, hash, nil
}

// ErrChain says the outbox's chain does not hold: a row was changed,
// removed or inserted behind the kiosk's back.
var ErrChain = errors.New("kiosklocal: the event chain is broken")

// Verify recomputes the chain over every event and returns how many there
// are, or ErrChain naming the first sequence that does not follow.
func (d *DB) Verify(ctx context.Context) (int, error) {
	evs, err := d.Events(ctx)
	if err != nil {
		return 0, err
	}
	prev := ""
	for i, e := range evs {
		if e.Seq != int64(i+1) || e.PrevHash != prev || auth.KioskEventHash(e) != e.Hash {
			return i, fmt.Errorf("%w at sequence %d", ErrChain, e.Seq)
		}
		prev = e.Hash
	}
	return len(evs), nil
}
