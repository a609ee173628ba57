package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/wardkiosk/kiosk/auth"
)

// Channel is the NOTIFY channel a committed change wakes.
const Channel = "kiosk_changes"

func (t tx) AddChange(ctx context.Context, c *auth.Change) error {
	err := t.QueryRow(ctx, `INSERT INTO changes (at, kind, subject) VALUES ($1, $2, $3) RETURNING seq`,
		c.At.UnixNano(), c.Kind, c.Subject).Scan(&c.Seq)
	if err != nil {
		return err
	}
	// Delivered at commit, and not at all on a rollback.
	_, err = t.Exec(ctx, `SELECT pg_notify($1, '')`, Channel)
	return err
}

func (t tx) Changes(ctx context.Context, after int64, limit int) ([]auth.Change, error) {
	return collect(ctx, t, func(row scanner) (auth.Change, error) {
		var c auth.Change
		var at int64
		err := row.Scan(&c.Seq, &at, &c.Kind, &c.Subject)
		c.At = fromNanos(&at)
		return c, err
	}, `SELECT seq, at, kind, subject FROM changes WHERE seq > $1 ORDER BY seq LIMIT $2`, after, limit)
}

// Listen calls wake each time a change is committed, by any instance,
// until ctx ends. When its connection fails it waits a second and listens
// again, calling wake then too: a change may have come meanwhile.
func (s *Store) Listen(ctx context.Context, wake func()) {
	for ctx.Err() == nil {
		s.listen(ctx, wake)
		select {
		case <-ctx.Done():
		case <-time.After(time.Second):
		}
	}
}

// listen LISTENs on a connection of its own, beside the pool, until it
// fails or ctx ends.
func (s *Store) listen(ctx context.Context, wake func()) {
	conn, err := pgx.ConnectConfig(ctx, s.pool.Config().ConnConfig.Copy())
	if err != nil {
		return
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, `LISTEN `+Channel); err != nil {
		return
	}
	wake()
	for {
		if _, err := conn.WaitForNotification(ctx); err != nil {
			return
		}
		wake()
	}
}
