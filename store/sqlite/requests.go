package sqlite

import (
	"context"
	"time"

	"github.com/wardkiosk/kiosk/auth"
)

func (t tx) ClaimRequest(ctx context.Context, key string, at time.Time) (bool, error) {
	if _, err := t.ExecContext(ctx, `DELETE FROM api_requests WHERE at < ?`, at.Add(-auth.RequestMemory).UnixNano()); err != nil {
		return false, err
	}
	res, err := t.ExecContext(ctx, `INSERT INTO api_requests (key, at) VALUES (?, ?) ON CONFLICT (key) DO NOTHING`,
		key, at.UnixNano())
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}
