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

// rechainBatch is how many rows RechainEvents reads at a time: memory stays
// flat however long the chain.
const rechainBatch = 1000

func (t tx) RechainEvents(ctx context.Context, next func(auth.Event) (string, string, error)) error {
	// DDL is transactional in SQLite: if anything below fails, the guard
	// comes back with the rollback.
	if _, err := t.ExecContext(ctx, `DROP TRIGGER audit_no_update`); err != nil {
		return err
	}
	after := int64(0)
	for {
		evs, err := collect(ctx, t, scanEvent, `SELECT `+eventColumns+` FROM audit WHERE id > ? ORDER BY id LIMIT ?`,
			after, rechainBatch)
		if err != nil {
			return err
		}
		for _, e := range evs {
			prev, hash, err := next(e)
			if err != nil {
				return err
			}
			if _, err := t.ExecContext(ctx, `UPDATE audit SET prev_hash = ?, hash = ? WHERE id = ?`, prev, hash, e.ID); err != nil {
				return err
			}
			after = e.ID
		}
		if len(evs) < rechainBatch {
			break
		}
	}
	_, err := t.ExecContext(ctx, `CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
		BEGIN SELECT RAISE(ABORT, 'the audit is append-only'); END`)
	return err
}
