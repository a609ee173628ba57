package postgres

import (
	"context"
	"time"

	"github.com/wardkiosk/kiosk/auth"
)

const messageColumns = `id, created_at, user_id, kind, to_addr, subject, body, status, attempts, last_error, sent_at,
	next_attempt_at`

func scanMessage(row scanner) (auth.Message, error) {
	var m auth.Message
	var created int64
	var user, sent, next *int64
	if err := row.Scan(&m.ID, &created, &user, &m.Kind, &m.To, &m.Subject, &m.Body, &m.Status, &m.Attempts,
		&m.LastError, &sent, &next); err != nil {
		return auth.Message{}, notFound(err)
	}
	m.CreatedAt, m.SentAt = time.Unix(0, created).UTC(), fromNanos(sent)
	if user != nil {
		m.UserID = *user
	}
	if m.Status == auth.MessageQueued {
		m.NextAttemptAt = fromNanos(next)
	}
	return m, nil
}

func (t tx) Enqueue(ctx context.Context, m *auth.Message) error {
	var user any
	if m.UserID != 0 {
		user = m.UserID
	}
	err := t.QueryRow(ctx, `INSERT INTO outbox (created_at, user_id, kind, to_addr, subject, body, status,
		next_attempt_at) VALUES ($1, $2, $3, $4, $5, $6, 'queued', $1) RETURNING id`, m.CreatedAt.UnixNano(), user,
		m.Kind, m.To, m.Subject, m.Body).Scan(&m.ID)
	if err != nil {
		return err
	}
	m.Status = auth.MessageQueued
	return nil
}

func (t tx) Messages(ctx context.Context) ([]auth.Message, error) {
	return collect(ctx, t, scanMessage, `SELECT `+messageColumns+` FROM outbox ORDER BY id`)
}

func (t tx) MessageByID(ctx context.Context, id int64) (auth.Message, error) {
	return scanMessage(t.QueryRow(ctx, `SELECT `+messageColumns+` FROM outbox WHERE id = $1`, id))
}

func (t tx) CountMessages(ctx context.Context, userID int64, kinds []string, since time.Time) (int, error) {
	var n int
	err := t.QueryRow(ctx, `SELECT COUNT(*) FROM outbox WHERE user_id = $1 AND created_at >= $2
		AND kind = ANY($3)`, userID, since.UnixNano(), kinds).Scan(&n)
	return n, err
}
