package postgres

import (
	"context"
	"strconv"
	"strings"

	"github.com/wardkiosk/kiosk/auth"
)

// The queries behind the maintainers' console: listings across users,
// terminals and the audit.

func scanLockout(row scanner) (auth.Lockout, error) {
	var l auth.Lockout
	var until *int64
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
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	var who []string
	if f.Username != "" {
		who = append(who, `subject = `+arg(f.Username), `actor = `+arg(f.Username))
	}
	if f.Maintainer != "" {
		who = append(who, `actor LIKE `+arg("maintainer:"+likeEscape(f.Maintainer)+" (%")+` ESCAPE '\'`)
	}
	if len(who) > 0 {
		where = append(where, "("+strings.Join(who, " OR ")+")")
	}
	if a := f.Action; a != "" {
		if strings.HasSuffix(a, ".") {
			where = append(where, `action LIKE `+arg(likeEscape(a)+"%")+` ESCAPE '\'`)
		} else {
			where = append(where, `action = `+arg(a))
		}
	}
	if !f.Since.IsZero() {
		where = append(where, `at >= `+arg(f.Since.UnixNano()))
	}
	if !f.Until.IsZero() {
		where = append(where, `at < `+arg(f.Until.UnixNano()))
	}
	q := `SELECT ` + eventColumns + ` FROM audit`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, " AND ")
	}
	q += ` ORDER BY id DESC LIMIT ` + arg(limit(f.Limit))
	return collect(ctx, t, scanEvent, `SELECT * FROM (`+q+`) e ORDER BY id`, args...)
}

// likeEscape makes s match itself in a LIKE pattern with ESCAPE '\'.
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
