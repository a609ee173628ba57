package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/wardkiosk/kiosk/auth"
)

const userColumns = `id, username, first_name, last_name, email, dob, role, ward, status,
	password_hash, password_changed_at, last_login_at, last_login_terminal, created_at, language`

func scanUser(row scanner) (auth.User, error) {
	var u auth.User
	var dob, status string
	var changed, last, created *int64
	err := row.Scan(&u.ID, &u.Username, &u.FirstName, &u.LastName, &u.Email, &dob, &u.Role, &u.Ward,
		&status, &u.PasswordHash, &changed, &last, &u.LastLoginTerminal, &created, &u.Language)
	if err != nil {
		return auth.User{}, notFound(err)
	}
	if u.DOB, err = time.Parse(time.DateOnly, dob); err != nil {
		return auth.User{}, fmt.Errorf("postgres: user %d: date of birth %q: %w", u.ID, dob, err)
	}
	u.Status = auth.Status(status)
	u.PasswordChangedAt, u.LastLoginAt, u.CreatedAt = fromNanos(changed), fromNanos(last), fromNanos(created)
	return u, nil
}

func (t tx) CreateUser(ctx context.Context, u *auth.User) error {
	err := t.QueryRow(ctx, `INSERT INTO users (username, first_name, last_name, email, dob, role, ward,
		status, password_hash, password_changed_at, last_login_at, last_login_terminal, created_at, language)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
		u.Username, u.FirstName, u.LastName, u.Email, u.DOB.Format(time.DateOnly), u.Role, u.Ward,
		string(u.Status), u.PasswordHash, nanos(u.PasswordChangedAt), nanos(u.LastLoginAt), u.LastLoginTerminal,
		u.CreatedAt.UnixNano(), string(u.Language)).Scan(&u.ID)
	return conflict(err)
}

func (t tx) UpdateUser(ctx context.Context, u auth.User) error {
	tag, err := t.Exec(ctx, `UPDATE users SET first_name = $1, last_name = $2, email = $3, dob = $4, role = $5,
		ward = $6, status = $7, password_hash = $8, password_changed_at = $9, last_login_at = $10,
		last_login_terminal = $11, language = $12 WHERE id = $13`,
		u.FirstName, u.LastName, u.Email, u.DOB.Format(time.DateOnly), u.Role, u.Ward, string(u.Status),
		u.PasswordHash, nanos(u.PasswordChangedAt), nanos(u.LastLoginAt), u.LastLoginTerminal, string(u.Language), u.ID)
	return one(tag, conflict(err))
}

func (t tx) UserByID(ctx context.Context, id int64) (auth.User, error) {
	return scanUser(t.QueryRow(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1`, id))
}

func (t tx) UserByUsername(ctx context.Context, username string) (auth.User, error) {
	return scanUser(t.QueryRow(ctx, `SELECT `+userColumns+` FROM users WHERE username = $1`, username))
}

func (t tx) UserByEmail(ctx context.Context, email string) (auth.User, error) {
	// lower() under the column's "C" collation folds ASCII only, as
	// SQLite's NOCASE does; the unique index is on the same expression.
	return scanUser(t.QueryRow(ctx, `SELECT `+userColumns+` FROM users WHERE lower(email) = lower($1::text COLLATE "C")`,
		email))
}

func (t tx) UsernamesWithPrefix(ctx context.Context, prefix string) ([]string, error) {
	// starts_with rather than LIKE: a prefix is matched exactly, wildcards and all.
	return collect(ctx, t, scanString, `SELECT username FROM users WHERE starts_with(username, $1)`, prefix)
}

func (t tx) ListUsers(ctx context.Context) ([]auth.User, error) {
	return collect(ctx, t, scanUser, `SELECT `+userColumns+` FROM users ORDER BY username`)
}

func (t tx) Lockout(ctx context.Context, userID int64) (auth.Lockout, error) {
	l := auth.Lockout{UserID: userID}
	var until *int64
	err := t.QueryRow(ctx, `SELECT failures, locked_until, lock_count, admin_locked FROM lockouts
		WHERE user_id = $1`, userID).Scan(&l.Failures, &until, &l.LockCount, &l.AdminLocked)
	if errors.Is(err, pgx.ErrNoRows) {
		return l, nil // no row: no failures
	}
	l.LockedUntil = fromNanos(until)
	return l, err
}

func (t tx) SaveLockout(ctx context.Context, l auth.Lockout) error {
	_, err := t.Exec(ctx, `INSERT INTO lockouts (user_id, failures, locked_until, lock_count, admin_locked)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT (user_id) DO UPDATE SET failures = excluded.failures,
		locked_until = excluded.locked_until, lock_count = excluded.lock_count, admin_locked = excluded.admin_locked`,
		l.UserID, l.Failures, nanos(l.LockedUntil), l.LockCount, l.AdminLocked)
	return err
}

func (t tx) AddPasswordHistory(ctx context.Context, userID int64, hash string, at time.Time) error {
	_, err := t.Exec(ctx, `INSERT INTO password_history (user_id, hash, created_at) VALUES ($1, $2, $3)`,
		userID, hash, at.UnixNano())
	return err
}

func (t tx) PasswordHistory(ctx context.Context, userID int64, n int) ([]string, error) {
	return collect(ctx, t, scanString, `SELECT hash FROM password_history WHERE user_id = $1 ORDER BY id DESC LIMIT $2`,
		userID, n)
}
