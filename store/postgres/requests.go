package postgres

import (
	"context"
	"time"

	"github.com/wardkiosk/kiosk/auth"
)

func (t tx) ClaimRequest(ctx context.Context, key string, at time.Time) (bool, error) {
	if _, err := t.Exec(ctx, `DELETE FROM api_requests WHERE at < $1`, at.Add(-auth.RequestMemory).UnixNano()); err != nil {
		return false, err
	}
	tag, err := t.Exec(ctx, `INSERT INTO api_requests (key, at) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`,
		key, at.UnixNano())
	if err != nil {
		return false, err
	}
	return tag.RowsAffected() == 1, nil
}
