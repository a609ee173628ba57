package sqlite

import (
	"context"
	"time"
)

func (t tx) ForbiddenWords(ctx context.Context) ([]string, error) {
	return collect(ctx, t, scanString, `SELECT word FROM forbidden_words ORDER BY word`)
}

func (t tx) AddForbiddenWord(ctx context.Context, word, by string, at time.Time) error {
	_, err := t.ExecContext(ctx, `INSERT INTO forbidden_words (word, added_by, added_at) VALUES (?, ?, ?)`,
		word, by, at.UnixNano())
	return conflict(err)
}

func (t tx) RemoveForbiddenWord(ctx context.Context, word string) error {
	return one(t.ExecContext(ctx, `DELETE FROM forbidden_words WHERE word = ?`, word))
}

func (t tx) Setting(ctx context.Context, key string) (string, error) {
	var v string
	err := t.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&v)
	return v, notFound(err)
}

func (t tx) SetSetting(ctx context.Context, key, value string) error {
	_, err := t.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	return err
}
