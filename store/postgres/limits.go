package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/wardkiosk/kiosk/auth"
)

func (t tx) TerminalLockout(ctx context.Context, userID int64, terminal string) (auth.TerminalLockout, error) {
	l := auth.TerminalLockout{UserID: userID, Terminal: terminal}
	var until *int64
	err := t.QueryRow(ctx, `SELECT failures, locked_until, lock_count FROM terminal_lockouts
		WHERE user_id = $1 AND terminal = $2`, userID, terminal).Scan(&l.Failures, &until, &l.LockCount)
	if errors.Is(err, pgx.ErrNoRows) {
		return l, nil // no row: nothing spent here
	}
	l.LockedUntil = fromNanos(until)
	return l, err
}

func (t tx) ListTerminalLockouts(ctx context.Context) ([]auth.TerminalLockout, error) {
	return collect(ctx, t, func(row scanner) (auth.TerminalLockout, error) {
		var l auth.TerminalLockout
		var until *int64
		err := row.Scan(&l.UserID, &l.Terminal, &l.Failures, &until, &l.LockCount)
		l.LockedUntil = fromNanos(until)
		return l, err
	}, `SELECT user_id, terminal, failures, locked_until, lock_count FROM terminal_lockouts
		ORDER BY user_id, terminal`)
}

func (t tx) SaveTerminalLockout(ctx context.Context, l auth.TerminalLockout) error {
	_, err := t.Exec(ctx, `INSERT INTO terminal_lockouts (user_id, terminal, failures, locked_until, lock_count)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT (user_id, terminal) DO UPDATE SET failures = excluded.failures,
		locked_until = excluded.locked_until, lock_count = excluded.lock_count`,
		l.UserID, l.Terminal, l.Failures, nanos(l.LockedUntil), l.LockCount)
	return err
}

func (t tx) LockedTerminals(ctx context.Context, userID int64, now time.Time) (int, error) {
	var n int
	err := t.QueryRow(ctx, `SELECT COUNT(*) FROM terminal_lockouts
		WHERE user_id = $1 AND locked_until > $2`, userID, now.UnixNano()).Scan(&n)
	return n, err
}

func (t tx) ClearTerminalLockouts(ctx context.Context, userID int64) error {
	_, err := t.Exec(ctx, `DELETE FROM terminal_lockouts WHERE user_id = $1`, userID)
	return err
}

func (t tx) AddAssistance(ctx context.Context, userID int64, terminal string, at time.Time) error {
	_, err := t.Exec(ctx, `INSERT INTO assistance_requests (user_id, terminal, at) VALUES ($1, $2, $3)`,
		userID, terminal, at.UnixNano())
	return err
}

func (t tx) CountAssistance(ctx context.Context, userID int64, terminal string, since time.Time) (int, error) {
	var n int
	err := t.QueryRow(ctx, `SELECT COUNT(*) FROM assistance_requests
		WHERE user_id = $1 AND at >= $2 AND ($3 = '' OR terminal = $3)`,
		userID, since.UnixNano(), terminal).Scan(&n)
	return n, err
}

func (t tx) CodeTries(ctx context.Context, codeID int64, terminal string) (int, error) {
	var n int
	err := t.QueryRow(ctx, `SELECT attempts FROM code_tries WHERE code_id = $1 AND terminal = $2`,
		codeID, terminal).Scan(&n)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, nil
	}
	return n, err
}

func (t tx) SaveCodeTries(ctx context.Context, codeID int64, terminal string, n int) error {
	_, err := t.Exec(ctx, `INSERT INTO code_tries (code_id, terminal, attempts) VALUES ($1, $2, $3)
		ON CONFLICT (code_id, terminal) DO UPDATE SET attempts = excluded.attempts`, codeID, terminal, n)
	return err
}
