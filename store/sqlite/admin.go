package sqlite

import (
	"context"
	"database/sql"
	"strings"

	"github.com/wardkiosk/kiosk/auth"
)

// The queries behind the maintainers' console: listings across users,
// terminals and the audit.

func scanLockout(row scanner) (auth.Lockout, error) {
	var l auth.Lockout
	var until sql.NullInt64
	if err := row.Scan(&l.UserID, &l.Failures, &until, &l.LockCount, &l.AdminLocked); err != nil {
		return auth.Lockout{}, err
	}
	l.LockedUntil = fromNanos(until)
	return l, nil
}

func (t tx) ListLockouts(ctx context.Context) ([]auth.Lockout, error) {
	return collect(ctx, t, scanLockout, `SELECT user_id, failures, locked_until, lock_count, admin_locked
		FROM lockouts ORDER BY user_id`)
}

func (t tx) FindEvents(ctx context.Context, f auth.EventFilter) ([]auth.Event, error) {
	var where []string
	var args []any
	var who []string
	if f.Username != "" {
		who = append(who, `subject = ?`, `actor = ?`)
		args = append(args, f.Username, f.Username)
	}
	if f.Maintainer != "" {
		who = append(who, `actor LIKE ? ESCAPE '\'`)
		args = append(args, "maintainer:"+likeEscape(f.Maintainer)+" (%")
	}
	if len(who) > 0 {
		where = append(where, "("+strings.Join(who, " OR ")+")")
	}
	if a := f.Action; a != "" {
		if strings.HasSuffix(a, ".") {
			where = append(where, `action LIKE ? ESCAPE '\'`)
			args = append(args, likeEscape(a)+"%")
		} else {
			where = append(where, `action = ?`)
			args = append(args, a)
		}
	}
	if !f.Since.IsZero() {
		where = append(where, `at >= ?`)
		args = append(args, f.Since.UnixNano())
	}
	if !f.Until.IsZero() {
		where = append(where, `at < ?`)
		args = append(args, f.Until.UnixNano())
	}
	q := `SELECT ` + eventColumns + ` FROM audit`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, " AND ")
	}
	limit := -1 // SQLite: no limit
	if f.Limit > 0 {
		limit = f.Limit
	}
	args = append(args, limit)
	return collect(ctx, t, scanEvent, `SELECT * FROM (`+q+` ORDER BY id DESC LIMIT ?) ORDER BY id`, args...)
}

// likeEscape makes s match itself in a LIKE pattern with ESCAPE '\'.
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
