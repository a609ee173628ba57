package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/wardkiosk/kiosk/auth"
)

const userColumns = `id, username, first_name, last_name, email, dob, role, ward, status,
	password_hash, password_changed_at, last_login_at, last_login_terminal, created_at, language`

type scanner interface{ Scan(...any) error }

func scanUser(row scanner) (auth.User, error) {
	var u auth.User
	var dob, status string
	var changed, last, created sql.NullInt64
	err := row.Scan(&u.ID, &u.Username, &u.FirstName, &u.LastName, &u.Email, &dob, &u.Role, &u.Ward,
		&status, &u.PasswordHash, &changed, &last, &u.LastLoginTerminal, &created, &u.Language)
	if err != nil {
		return auth.User{}, notFound(err)
	}
	if u.DOB, err = time.Parse(time.DateOnly, dob); err != nil {
		return auth.User{}, fmt.Errorf("sqlite: user %d: date of birth %q: %w", u.ID, dob, err)
	}
	u.Status = auth.Status(status)
	u.PasswordChangedAt, u.LastLoginAt, u.CreatedAt = fromNanos(changed), fromNanos(last), fromNanos(created)
	return u, nil
}

func (t tx) CreateUser(ctx context.Context, u *auth.User) error {
	res, err := t.ExecContext(ctx, `INSERT INTO users (username, first_name, last_name, email, dob, role, ward,
		status, password_hash, password_changed_at, last_login_at, last_login_terminal, created_at, language)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		u.Username, u.FirstName, u.LastName, u.Email, u.DOB.Format(time.DateOnly), u.Role, u.Ward,
		string(u.Status), u.PasswordHash, nanos(u.PasswordChangedAt), nanos(u.LastLoginAt), u.LastLoginTerminal,
		u.CreatedAt.UnixNano(), string(u.Language))
	if err != nil {
		return conflict(err)
	}
	u.ID, err = res.LastInsertId()
	return err
}

func (t tx) UpdateUser(ctx context.Context, u auth.User) error {
	res, err := t.ExecContext(ctx, `UPDATE users SET first_name = ?, last_name = ?, email = ?, dob = ?, role = ?,
		ward = ?, status = ?, password_hash = ?, password_changed_at = ?, last_login_at = ?, last_login_terminal = ?,
		language = ? WHERE id = ?`,
		u.FirstName, u.LastName, u.Email, u.DOB.Format(time.DateOnly), u.Role, u.Ward, string(u.Status),
		u.PasswordHash, nanos(u.PasswordChangedAt), nanos(u.LastLoginAt), u.LastLoginTerminal, string(u.Language), u.ID)
	return one(res, conflict(err))
}

func (t tx) UserByID(ctx context.Context, id int64) (auth.User, error) {
	return scanUser(t.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = ?`, id))
}

func (t tx) UserByUsername(ctx context.Context, username string) (auth.User, error) {
	return scanUser(t.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE username = ?`, username))
}

func (t tx) UserByEmail(ctx context.Context, email string) (auth.User, error) {
	return scanUser(t.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE email = ?`, email))
}

func (t tx) UsernamesWithPrefix(ctx context.Context, prefix string) ([]string, error) {
	// substr rather than LIKE: a prefix is matched exactly, wildcards and all.
	return collect(ctx, t, scanString, `SELECT username FROM users WHERE substr(username, 1, ?) = ?`,
		len(prefix), prefix)
}

func (t tx) ListUsers(ctx context.Context) ([]auth.User, error) {
	return collect(ctx, t, scanUser, `SELECT `+userColumns+` FROM users ORDER BY username`)
}

func (t tx) Lockout(ctx context.Context, userID int64) (auth.Lockout, error) {
	l := auth.Lockout{UserID: userID}
	var until sql.NullInt64
	err := t.QueryRowContext(ctx, `SELECT failures, locked_until, lock_count, admin_locked FROM lockouts
		WHERE user_id = ?`, userID).Scan(&l.Failures, &until, &l.LockCount, &l.AdminLocked)
	if err == sql.ErrNoRows {
		return l, nil // no row: no failures
	}
	l.LockedUntil = fromNanos(until)
	return l, err
}

func (t tx) SaveLockout(ctx context.Context, l auth.Lockout) error {
	_, err := t.ExecContext(ctx, `INSERT INTO lockouts (user_id, failures, locked_until, lock_count, admin_locked)
		VALUES (?, ?, ?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET failures = excluded.failures,
		locked_until = excluded.locked_until, lock_count = excluded.lock_count, admin_locked = excluded.admin_locked`,
		l.UserID, l.Failures, nanos(l.LockedUntil), l.LockCount, l.AdminLocked)
	return err
}

func (t tx) AddPasswordHistory(ctx context.Context, userID int64, hash string, at time.Time) error {
	_, err := t.ExecContext(ctx, `INSERT INTO password_history (user_id, hash, created_at) VALUES (?, ?, ?)`,
		userID, hash, at.UnixNano())
	return err
}

func (t tx) PasswordHistory(ctx context.Context, userID int64, n int) ([]string, error) {
	return collect(ctx, t, scanString, `SELECT hash FROM password_history WHERE user_id = ? ORDER BY id DESC LIMIT ?`,
		userID, n)
}

// placeholders returns "?, ?, ?" for n values.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}
