package sqlite

import (
	"context"
	"database/sql"
	"time"

	"github.com/wardkiosk/kiosk/auth"
)

func (t tx) TerminalLockout(ctx context.Context, userID int64, terminal string) (auth.TerminalLockout, error) {
	l := auth.TerminalLockout{UserID: userID, Terminal: terminal}
	var until sql.NullInt64
	err := t.QueryRowContext(ctx, `SELECT failures, locked_until, lock_count FROM terminal_lockouts
		WHERE user_id = ? AND terminal = ?`, userID, terminal).Scan(&l.Failures, &until, &l.LockCount)
	if err == sql.ErrNoRows {
		return l, nil // no row: nothing spent here
	}
	l.LockedUntil = fromNanos(until)
	return l, err
}

func (t tx) ListTerminalLockouts(ctx context.Context) ([]auth.TerminalLockout, error) {
	return collect(ctx, t, func(row scanner) (auth.TerminalLockout, error) {
		var l auth.TerminalLockout
		var until sql.NullInt64
		err := row.Scan(&l.UserID, &l.Terminal, &l.Failures, &until, &l.LockCount)
		l.LockedUntil = fromNanos(until)
		return l, err
	}, `SELECT user_id, terminal, failures, locked_until, lock_count FROM terminal_lockouts
		ORDER BY user_id, terminal`)
}

func (t tx) SaveTerminalLockout(ctx context.Context, l auth.TerminalLockout) error {
	_, err := t.ExecContext(ctx, `INSERT INTO terminal_lockouts (user_id, terminal, failures, locked_until, lock_count)
		VALUES (?, ?, ?, ?, ?) ON CONFLICT (user_id, terminal) DO UPDATE SET failures = excluded.failures,
		locked_until = excluded.locked_until, lock_count = excluded.lock_count`,
		l.UserID, l.Terminal, l.Failures, nanos(l.LockedUntil), l.LockCount)
	return err
}

func (t tx) LockedTerminals(ctx context.Context, userID int64, now time.Time) (int, error) {
	var n int
	err := t.QueryRowContext(ctx, `SELECT COUNT(*) FROM terminal_lockouts
		WHERE user_id = ? AND locked_until > ?`, userID, now.UnixNano()).Scan(&n)
	return n, err
}

func (t tx) ClearTerminalLockouts(ctx context.Context, userID int64) error {
	_, err := t.ExecContext(ctx, `DELETE FROM terminal_lockouts WHERE user_id = ?`, userID)
	return err
}

func (t tx) AddAssistance(ctx context.Context, userID int64, terminal string, at time.Time) error {
	_, err := t.ExecContext(ctx, `INSERT INTO assistance_requests (user_id, terminal, at) VALUES (?, ?, ?)`,
		userID, terminal, at.UnixNano())
	return err
}

func (t tx) CountAssistance(ctx context.Context, userID int64, terminal string, since time.Time) (int, error) {
	var n int
	err := t.QueryRowContext(ctx, `SELECT COUNT(*) FROM assistance_requests
		WHERE user_id = ? AND at >= ? AND (? = '' OR terminal = ?)`,
		userID, since.UnixNano(), terminal, terminal).Scan(&n)
	return n, err
}

func (t tx) CodeTries(ctx context.Context, codeID int64, terminal string) (int, error) {
	var n int
	err := t.QueryRowContext(ctx, `SELECT attempts FROM code_tries WHERE code_id = ? AND terminal = ?`,
		codeID, terminal).Scan(&n)
	if err == sql.ErrNoRows {
		return 0, nil
	}
	return n, err
}

func (t tx) SaveCodeTries(ctx context.Context, codeID int64, terminal string, n int) error {
	_, err := t.ExecContext(ctx, `INSERT INTO code_tries (code_id, terminal, attempts) VALUES (?, ?, ?)
		ON CONFLICT (code_id, terminal) DO UPDATE SET attempts = excluded.attempts`, codeID, terminal, n)
	return err
}
