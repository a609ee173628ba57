package postgres

import (
	"context"
	"time"

	"github.com/wardkiosk/kiosk/auth"
)

func (t tx) AddCode(ctx context.Context, c *auth.ResetCode) error {
	return t.QueryRow(ctx, `INSERT INTO reset_codes (user_id, code_hash, created_at, expires_at, attempts,
		used_at, revoked_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, c.UserID, c.Hash,
		c.CreatedAt.UnixNano(), c.ExpiresAt.UnixNano(), c.Attempts, nanos(c.UsedAt), nanos(c.RevokedAt)).Scan(&c.ID)
}

func (t tx) LiveCode(ctx context.Context, userID int64, now time.Time) (auth.ResetCode, error) {
	var c auth.ResetCode
	var created, expires int64
	var used, revoked *int64
	err := t.QueryRow(ctx, `SELECT id, user_id, code_hash, created_at, expires_at, attempts, used_at, revoked_at
		FROM reset_codes WHERE user_id = $1 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > $2
		ORDER BY id DESC LIMIT 1`, userID, now.UnixNano()).
		Scan(&c.ID, &c.UserID, &c.Hash, &created, &expires, &c.Attempts, &used, &revoked)
	if err != nil {
		return auth.ResetCode{}, notFound(err)
	}
	c.CreatedAt, c.ExpiresAt = time.Unix(0, created).UTC(), time.Unix(0, expires).UTC()
	c.UsedAt, c.RevokedAt = fromNanos(used), fromNanos(revoked)
	return c, nil
}

func (t tx) SaveCode(ctx context.Context, c auth.ResetCode) error {
	_, err := t.Exec(ctx, `UPDATE reset_codes SET attempts = $1, used_at = $2, revoked_at = $3 WHERE id = $4`,
		c.Attempts, nanos(c.UsedAt), nanos(c.RevokedAt), c.ID)
	return err
}

func (t tx) RevokeCodes(ctx context.Context, userID int64, at time.Time) error {
	_, err := t.Exec(ctx, `UPDATE reset_codes SET revoked_at = $1
		WHERE user_id = $2 AND used_at IS NULL AND revoked_at IS NULL`, at.UnixNano(), userID)
	return err
}
