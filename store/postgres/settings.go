package postgres

import (
	"context"
	"time"
)

// Forbidden words are one a spelling that differs only in ASCII case, and
// sorted that way, as under SQLite's NOCASE.
func (t tx) ForbiddenWords(ctx context.Context) ([]string, error) {
	return collect(ctx, t, scanString, `SELECT word FROM forbidden_words ORDER BY lower(word)`)
}

func (t tx) AddForbiddenWord(ctx context.Context, word, by string, at time.Time) error {
	_, err := t.Exec(ctx, `INSERT INTO forbidden_words (word, added_by, added_at) VALUES ($1, $2, $3)`,
		word, by, at.UnixNano())
	return conflict(err)
}

func (t tx) RemoveForbiddenWord(ctx context.Context, word string) error {
	return one(t.Exec(ctx, `DELETE FROM forbidden_words WHERE lower(word) = lower($1::text COLLATE "C")`, word))
}

func (t tx) Setting(ctx context.Context, key string) (string, error) {
	var v string
	err := t.QueryRow(ctx, `SELECT value FROM settings WHERE key = $1`, key).Scan(&v)
	return v, notFound(err)
}

func (t tx) SetSetting(ctx context.Context, key, value string) error {
	_, err := t.Exec(ctx, `INSERT INTO settings (key, value) VALUES ($1, $2)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	return err
}
