package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/internal/leaseholder"
)

// The outbox as the mail worker works it. Each method is one statement, so
// one transaction: a claim cannot interleave with another process's claim,
// and the lease_until a worker was given is its token for the outcome.

// ClaimMessages leases up to limit queued messages with an id above
// afterID, due by dueBy (next_attempt_at <= dueBy) and not leased at now,
// until leaseUntil; they come back oldest first. A lease whose holder, a
// process on this machine, is gone counts as ended: a worker killed
// mid-send holds nothing.
func (s *Store) ClaimMessages(ctx context.Context, now, dueBy, leaseUntil time.Time, afterID int64, limit int) ([]auth.Message, error) {
	dead, err := s.goneHolders(ctx, now)
	if err != nil {
		return nil, fmt.Errorf("sqlite: claim messages: %w", err)
	}
	free := `COALESCE(lease_until, 0) <= ?`
	args := []any{leaseUntil.UnixNano(), nullable(s.holder), dueBy.UnixNano(), now.UnixNano()}
	if len(dead) > 0 {
		free = `(` + free + ` OR lease_holder IN (` + placeholders(len(dead)) + `))`
		args = append(args, dead...)
	}
	args = append(args, afterID, limit)
	rows, err := s.db.QueryContext(ctx, `UPDATE outbox SET lease_until = ?, lease_holder = ?
		WHERE id IN (SELECT id FROM outbox
			WHERE status = 'queued' AND COALESCE(next_attempt_at, 0) <= ?
			AND `+free+` AND id > ?
			ORDER BY id LIMIT ?)
		RETURNING `+messageColumns, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: claim messages: %w", err)
	}
	defer rows.Close()
	var ms []auth.Message
	for rows.Next() {
		m, err := scanMessage(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlite: claim messages: %w", err)
		}
		ms = append(ms, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: claim messages: %w", err)
	}
	// RETURNING gives no order.
	slices.SortFunc(ms, func(a, b auth.Message) int { return cmp.Compare(a.ID, b.ID) })
	return ms, nil
}

// goneHolders lists the holders of live leases that are processes on this
// machine no longer running.
func (s *Store) goneHolders(ctx context.Context, now time.Time) ([]any, error) {
	if s.machine == "" {
		return nil, nil
	}
	holders, err := func() ([]string, error) {
		rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT lease_holder FROM outbox
			WHERE status = 'queued' AND lease_until > ? AND lease_holder LIKE ? ESCAPE '\'`,
			now.UnixNano(), likePrefix(s.machine+" "))
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var h string
			if err := rows.Scan(&h); err != nil {
				return nil, err
			}
			out = append(out, h)
		}
		return out, rows.Err()
	}()
	if err != nil {
		return nil, err
	}
	var dead []any
	for _, h := range holders {
		if h != s.holder && leaseholder.Gone(h, s.machine) {
			dead = append(dead, h)
		}
	}
	return dead, nil
}

// likePrefix is a LIKE pattern matching strings that start with p.
func likePrefix(p string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(p) + "%"
}

// nullable is s, or NULL when empty.
func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// MarkSent records a delivery under the lease given by ClaimMessages;
// auth.ErrNotFound means the lease was lost.
func (s *Store) MarkSent(ctx context.Context, id int64, lease, at time.Time) error {
	// A sent message needs its reset code no more: the code leaves the
	// database with the delivery, so the outbox does not keep a copy.
	return s.scrub(ctx, "mark sent", id, lease, `UPDATE outbox SET status = 'sent', sent_at = ?,
		attempts = attempts + 1, lease_until = NULL, next_attempt_at = NULL, body = ? WHERE id = ?`, at.UnixNano())
}

// MarkFailed records a failed attempt under the lease: the error, the next
// attempt's time, or dead when no attempt is left.
func (s *Store) MarkFailed(ctx context.Context, id int64, lease time.Time, lastError string, next time.Time, dead bool) error {
	if dead {
		// A dead message is never sent: its code can never be used, and
		// the outbox keeps no copy of it, as for a sent one.
		return s.scrub(ctx, "mark failed", id, lease, `UPDATE outbox SET status = 'dead', attempts = attempts + 1,
			last_error = ?, next_attempt_at = NULL, lease_until = NULL, body = ? WHERE id = ?`, lastError)
	}
	return s.settle(ctx, "mark failed", `UPDATE outbox SET status = ?, attempts = attempts + 1, last_error = ?,
		next_attempt_at = ?, lease_until = NULL
		WHERE id = ? AND lease_until = ? AND status = 'queued'`, auth.MessageQueued, lastError, next.UnixNano(), id,
		lease.UnixNano())
}

// scrub runs a final outcome (sent, dead) under the lease, with the body's
// reset codes redacted: update takes arg, then the body, then the id.
func (s *Store) scrub(ctx context.Context, what string, id int64, lease time.Time, update string, arg any) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlite: %s: %w", what, err)
	}
	defer tx.Rollback()
	var body string
	err = tx.QueryRowContext(ctx, `SELECT body FROM outbox WHERE id = ? AND lease_until = ? AND status = 'queued'`,
		id, lease.UnixNano()).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("sqlite: %s: lease lost: %w", what, auth.ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("sqlite: %s: %w", what, err)
	}
	if _, err := tx.ExecContext(ctx, update, arg, auth.RedactCodes(body), id); err != nil {
		return fmt.Errorf("sqlite: %s: %w", what, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sqlite: %s: %w", what, err)
	}
	return nil
}

// ReleaseMessage gives a claimed message back untried, for another worker
// to take at once.
func (s *Store) ReleaseMessage(ctx context.Context, id int64, lease time.Time) error {
	return s.settle(ctx, "release", `UPDATE outbox SET lease_until = NULL
		WHERE id = ? AND lease_until = ? AND status = 'queued'`, id, lease.UnixNano())
}

// settle runs one outcome update and maps "no row had that lease" to
// auth.ErrNotFound.
func (s *Store) settle(ctx context.Context, what, query string, args ...any) error {
	res, err := s.db.ExecContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("sqlite: %s: %w", what, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("sqlite: %s: %w", what, err)
	}
	if n == 0 {
		return fmt.Errorf("sqlite: %s: lease lost: %w", what, auth.ErrNotFound)
	}
	return nil
}
