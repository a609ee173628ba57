package sqlite

import (
	"context"
	"database/sql"

	"github.com/wardkiosk/kiosk/auth"
)

func (t tx) AddChange(ctx context.Context, c *auth.Change) error {
	res, err := t.ExecContext(ctx, `INSERT INTO changes (at, kind, subject) VALUES (?, ?, ?)`,
		c.At.UnixNano(), c.Kind, c.Subject)
	if err != nil {
		return err
	}
	c.Seq, err = res.LastInsertId()
	return err
}

func (t tx) Changes(ctx context.Context, after int64, limit int) ([]auth.Change, error) {
	return collect(ctx, t, func(row scanner) (auth.Change, error) {
		var c auth.Change
		var at int64
		err := row.Scan(&c.Seq, &at, &c.Kind, &c.Subject)
		c.At = fromNanos(sql.NullInt64{Int64: at, Valid: true})
		return c, err
	}, `SELECT seq, at, kind, subject FROM changes WHERE seq > ? ORDER BY seq LIMIT ?`, after, limit)
}
