package sqlite

import (
	"context"
	"time"

	"github.com/wardkiosk/kiosk/auth"
)

const eventColumns = `id, at, terminal, actor, action, subject, detail, prev_hash, hash`

func scanEvent(row scanner) (auth.Event, error) {
	var e auth.Event
	var at int64
	if err := row.Scan(&e.ID, &at, &e.Terminal, &e.Actor, &e.Action, &e.Subject, &e.Detail, &e.PrevHash, &e.Hash); err != nil {
		return auth.Event{}, notFound(err)
	}
	e.At = time.Unix(0, at).UTC()
	return e, nil
}

func (t tx) LastEvent(ctx context.Context) (auth.Event, error) {
	return scanEvent(t.QueryRowContext(ctx, `SELECT `+eventColumns+` FROM audit ORDER BY id DESC LIMIT 1`))
}

func (t tx) AppendEvent(ctx context.Context, e *auth.Event) error {
	res, err := t.ExecContext(ctx, `INSERT INTO audit (at, terminal, actor, action, subject, detail, prev_hash, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, e.At.UnixNano(), e.Terminal, e.Actor, e.Action, e.Subject, e.Detail,
		e.PrevHash, e.Hash)
	if err != nil {
		return err
	}
	e.ID, err = res.LastInsertId()
	return err
}

func (t tx) Events(ctx context.Context, n int) ([]auth.Event, error) {
	limit := -1 // SQLite: no limit
	if n > 0 {
		limit = n
	}
	return collect(ctx, t, scanEvent, `SELECT * FROM (SELECT `+eventColumns+` FROM audit ORDER BY id DESC LIMIT ?)
		ORDER BY id`, limit)
}

func (t tx) EachEvent(ctx context.Context, fn func(auth.Event) error) error {
	rows, err := t.QueryContext(ctx, `SELECT `+eventColumns+` FROM audit ORDER BY id`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return err
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	return rows.Err()
}
