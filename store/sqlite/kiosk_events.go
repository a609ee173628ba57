package sqlite

import (
	"context"
	"time"

	"github.com/wardkiosk/kiosk/auth"
)

func (t tx) AddKioskEvent(ctx context.Context, e auth.KioskEvent) (bool, error) {
	res, err := t.ExecContext(ctx, `INSERT INTO kiosk_events
		(id, terminal, seq, at, kind, subject, detail, prev_hash, hash, received_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
		e.ID, e.Terminal, e.Seq, e.At.UnixNano(), e.Kind, e.Subject, e.Detail, e.PrevHash, e.Hash, e.Received.UnixNano())
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

func (t tx) KioskEventBySeq(ctx context.Context, terminal string, seq int64) (auth.KioskEvent, error) {
	e := auth.KioskEvent{Terminal: terminal, Seq: seq}
	var at, received int64
	err := t.QueryRowContext(ctx, `SELECT id, at, kind, subject, detail, prev_hash, hash, received_at
		FROM kiosk_events WHERE terminal = ? AND seq = ? ORDER BY received_at LIMIT 1`, terminal, seq).
		Scan(&e.ID, &at, &e.Kind, &e.Subject, &e.Detail, &e.PrevHash, &e.Hash, &received)
	e.At, e.Received = time.Unix(0, at).UTC(), time.Unix(0, received).UTC()
	return e, notFound(err)
}

func (t tx) KioskEventGaps(ctx context.Context, terminal string) ([]auth.SeqGap, error) {
	rows, err := t.QueryContext(ctx, `SELECT prev + 1, seq - 1 FROM (
		SELECT seq, COALESCE(LAG(seq) OVER (ORDER BY seq), 0) AS prev
		FROM (SELECT DISTINCT seq FROM kiosk_events WHERE terminal = ?))
		WHERE seq > prev + 1 ORDER BY seq`, terminal)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var gaps []auth.SeqGap
	for rows.Next() {
		var g auth.SeqGap
		if err := rows.Scan(&g.From, &g.To); err != nil {
			return nil, err
		}
		gaps = append(gaps, g)
	}
	return gaps, rows.Err()
}

func (t tx) CountKioskEvents(ctx context.Context, terminal string) (int, error) {
	var n int
	err := t.QueryRowContext(ctx, `SELECT COUNT(*) FROM kiosk_events WHERE terminal = ?`, terminal).Scan(&n)
	return n, err
}

func (t tx) LastKioskEventSeq(ctx context.Context, terminal string) (int64, error) {
	var n int64
	err := t.QueryRowContext(ctx, `SELECT COALESCE(MAX(seq), 0) FROM kiosk_events WHERE terminal = ?`, terminal).Scan(&n)
	return n, err
}
