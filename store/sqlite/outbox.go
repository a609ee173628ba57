package sqlite

import (
	"context"
	"database/sql"
	"time"

	"github.com/wardkiosk/kiosk/auth"
)

const messageColumns = `id, created_at, user_id, kind, to_addr, subject, body, status, attempts, last_error, sent_at,
	next_attempt_at`

func scanMessage(row scanner) (auth.Message, error) {
	var m auth.Message
	var created int64
	var user, sent, next sql.NullInt64
	if err := row.Scan(&m.ID, &created, &user, &m.Kind, &m.To, &m.Subject, &m.Body, &m.Status, &m.Attempts,
		&m.LastError, &sent, &next); err != nil {
		return auth.Message{}, notFound(err)
	}
	m.CreatedAt, m.UserID, m.SentAt = time.Unix(0, created).UTC(), user.Int64, fromNanos(sent)
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
	res, err := t.ExecContext(ctx, `INSERT INTO outbox (created_at, user_id, kind, to_addr, subject, body, status,
		next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, 'queued', ?)`, m.CreatedAt.UnixNano(), user, m.Kind, m.To,
		m.Subject, m.Body, m.CreatedAt.UnixNano())
	if err != nil {
		return err
	}
	m.ID, err = res.LastInsertId()
	m.Status = auth.MessageQueued
	return err
}

func (t tx) Messages(ctx context.Context) ([]auth.Message, error) {
	return collect(ctx, t, scanMessage, `SELECT `+messageColumns+` FROM outbox ORDER BY id`)
}

func (t tx) MessageByID(ctx context.Context, id int64) (auth.Message, error) {
	return scanMessage(t.QueryRowContext(ctx, `SELECT `+messageColumns+` FROM outbox WHERE id = ?`, id))
}

func (t tx) CountMessages(ctx context.Context, userID int64, kinds []string, since time.Time) (int, error) {
	args := []any{userID, since.UnixNano()}
	for _, k := range kinds {
		args = append(args, k)
	}
	var n int
	err := t.QueryRowContext(ctx, `SELECT COUNT(*) FROM outbox WHERE user_id = ? AND created_at >= ?
		AND kind IN (`+placeholders(len(kinds))+`)`, args...).Scan(&n)
	return n, err
}
