package postgres

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/internal/leaseholder"
)

// The outbox as the mail worker works it (mail.Queue), on every instance
// at once. A claim locks the rows it takes with FOR UPDATE SKIP LOCKED, so
// claims by workers on other instances pass each other by rather than
// queue, and never share a message; the lease_until a worker was given is
// its token for the outcome. None of it takes the writers' lock of Tx.

// ClaimMessages leases up to limit queued messages with an id above
// afterID, due by dueBy (next_attempt_at <= dueBy) and not leased at now,
// until leaseUntil; they come back oldest first. A lease whose holder, a
// process on this machine, is gone counts as ended: a worker killed
// mid-send holds nothing.
func (s *Store) ClaimMessages(ctx context.Context, now, dueBy, leaseUntil time.Time, afterID int64, limit int) ([]auth.Message, error) {
	dead, err := s.goneHolders(ctx, now)
	if err != nil {
		return nil, fmt.Errorf("postgres: claim messages: %w", err)
	}
	rows, err := s.pool.Query(ctx, `UPDATE outbox SET lease_until = $1, lease_holder = $2
		WHERE id IN (SELECT id FROM outbox
			WHERE status = 'queued' AND COALESCE(next_attempt_at, 0) <= $3
			AND (COALESCE(lease_until, 0) <= $4 OR lease_holder = ANY($5))
			AND id > $6
			ORDER BY id LIMIT $7
			FOR UPDATE SKIP LOCKED)
		RETURNING `+messageColumns,
		leaseUntil.UnixNano(), nullable(s.holder), dueBy.UnixNano(), now.UnixNano(), dead, afterID, limit)
	if err != nil {
		return nil, fmt.Errorf("postgres: claim messages: %w", err)
	}
	defer rows.Close()
	var ms []auth.Message
	for rows.Next() {
		m, err := scanMessage(rows)
		if err != nil {
			return nil, fmt.Errorf("postgres: claim messages: %w", err)
		}
		ms = append(ms, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: claim messages: %w", err)
	}
	// RETURNING gives no order.
	slices.SortFunc(ms, func(a, b auth.Message) int { return cmp.Compare(a.ID, b.ID) })
	return ms, nil
}

// goneHolders lists the holders of live leases that are processes on this
// machine no longer running.
func (s *Store) goneHolders(ctx context.Context, now time.Time) ([]string, error) {
	dead := []string{}
	if s.machine == "" {
		return dead, nil
	}
	rows, err := s.pool.Query(ctx, `SELECT DISTINCT lease_holder FROM outbox
		WHERE status = 'queued' AND lease_until > $1 AND starts_with(lease_holder, $2)`,
		now.UnixNano(), s.machine+" ")
	if err != nil {
		return nil, err
	}
	holders, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, err
	}
	for _, h := range holders {
		if h != s.holder && leaseholder.Gone(h, s.machine) {
			dead = append(dead, h)
		}
	}
	return dead, nil
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
	return s.scrub(ctx, "mark sent", id, lease, `UPDATE outbox SET status = 'sent', sent_at = $1,
		attempts = attempts + 1, lease_until = NULL, next_attempt_at = NULL, body = $2 WHERE id = $3`, at.UnixNano())
}

// MarkFailed records a failed attempt under the lease: the error, the next
// attempt's time, or dead when no attempt is left.
func (s *Store) MarkFailed(ctx context.Context, id int64, lease time.Time, lastError string, next time.Time, dead bool) error {
	if dead {
		// A dead message is never sent: its code can never be used, and
		// the outbox keeps no copy of it, as for a sent one.
		return s.scrub(ctx, "mark failed", id, lease, `UPDATE outbox SET status = 'dead', attempts = attempts + 1,
			last_error = $1, next_attempt_at = NULL, lease_until = NULL, body = $2 WHERE id = $3`, lastError)
	}
	return s.settle(ctx, "mark failed", `UPDATE outbox SET status = $1, attempts = attempts + 1, last_error = $2,
		next_attempt_at = $3, lease_until = NULL
		WHERE id = $4 AND lease_until = $5 AND status = 'queued'`, auth.MessageQueued, lastError, next.UnixNano(), id,
		lease.UnixNano())
}

// scrub runs a final outcome (sent, dead) under the lease, with the body's
// reset codes redacted: update takes arg, then the body, then the id. The
// row is locked from the read of its body to the update.
func (s *Store) scrub(ctx context.Context, what string, id int64, lease time.Time, update string, arg any) error {
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var body string
		err := tx.QueryRow(ctx, `SELECT body FROM outbox WHERE id = $1 AND lease_until = $2 AND status = 'queued'
			FOR UPDATE`, id, lease.UnixNano()).Scan(&body)
		if errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("lease lost: %w", auth.ErrNotFound)
		}
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, update, arg, auth.RedactCodes(body), id)
		return err
	})
	if err != nil {
		return fmt.Errorf("postgres: %s: %w", what, err)
	}
	return nil
}

// ReleaseMessage gives a claimed message back untried, for another worker
// to take at once.
func (s *Store) ReleaseMessage(ctx context.Context, id int64, lease time.Time) error {
	return s.settle(ctx, "release", `UPDATE outbox SET lease_until = NULL
		WHERE id = $1 AND lease_until = $2 AND status = 'queued'`, id, lease.UnixNano())
}

// settle runs one outcome update and maps "no row had that lease" to
// auth.ErrNotFound.
func (s *Store) settle(ctx context.Context, what, query string, args ...any) error {
	tag, err := s.pool.Exec(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("postgres: %s: %w", what, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("postgres: %s: lease lost: %w", what, auth.ErrNotFound)
	}
	return nil
}
