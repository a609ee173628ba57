package postgres

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
	return scanEvent(t.QueryRow(ctx, `SELECT `+eventColumns+` FROM audit ORDER BY id DESC LIMIT 1`))
}

// AppendEvent adds e. Its id comes from a sequence, so ids are in the
// order of the chain only because writers take turns (see Store.Tx).
func (t tx) AppendEvent(ctx context.Context, e *auth.Event) error {
	return t.QueryRow(ctx, `INSERT INTO audit (at, terminal, actor, action, subject, detail, prev_hash, hash)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, e.At.UnixNano(), e.Terminal, e.Actor, e.Action,
		e.Subject, e.Detail, e.PrevHash, e.Hash).Scan(&e.ID)
}

func (t tx) Events(ctx context.Context, n int) ([]auth.Event, error) {
	return collect(ctx, t, scanEvent, `SELECT * FROM (SELECT `+eventColumns+` FROM audit ORDER BY id DESC LIMIT $1) e
		ORDER BY id`, limit(n))
}

func (t tx) EachEvent(ctx context.Context, fn func(auth.Event) error) error {
	// pgx reads the rows as they come: memory stays flat.
	rows, err := t.Query(ctx, `SELECT `+eventColumns+` FROM audit ORDER BY id`)
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
	// DDL is transactional: if anything below fails, the guard comes back
	// with the rollback. ALTER TABLE locks the audit against every other
	// transaction until this one ends.
	if _, err := t.Exec(ctx, `ALTER TABLE audit DISABLE TRIGGER audit_no_update`); err != nil {
		return err
	}
	after := int64(0)
	for {
		evs, err := collect(ctx, t, scanEvent, `SELECT `+eventColumns+` FROM audit WHERE id > $1 ORDER BY id LIMIT $2`,
			after, rechainBatch)
		if err != nil {
			return err
		}
		for _, e := range evs {
			prev, hash, err := next(e)
			if err != nil {
				return err
			}
			if _, err := t.Exec(ctx, `UPDATE audit SET prev_hash = $1, hash = $2 WHERE id = $3`, prev, hash, e.ID); err != nil {
				return err
			}
			after = e.ID
		}
		if len(evs) < rechainBatch {
			break
		}
	}
	_, err := t.Exec(ctx, `ALTER TABLE audit ENABLE TRIGGER audit_no_update`)
	return err
}
