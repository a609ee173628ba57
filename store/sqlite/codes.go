package sqlite

import (
	"context"
	"database/sql"
	"time"

	"github.com/wardkiosk/kiosk/auth"
)

func (t tx) AddCode(ctx context.Context, c *auth.ResetCode) error {
	res, err := t.ExecContext(ctx, `INSERT INTO reset_codes (user_id, code_hash, created_at, expires_at, attempts,
		used_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?)`, c.UserID, c.Hash, c.CreatedAt.UnixNano(),
		c.ExpiresAt.UnixNano(), c.Attempts, nanos(c.UsedAt), nanos(c.RevokedAt))
	if err != nil {
		return err
	}
	c.ID, err = res.LastInsertId()
	return err
}

func (t tx) LiveCode(ctx context.Context, userID int64, now time.Time) (auth.ResetCode, error) {
	var c auth.ResetCode
	var created, expires int64
	var used, revoked sql.NullInt64
	err := t.QueryRowContext(ctx, `SELECT id, user_id, code_hash, created_at, expires_at, attempts, used_at, revoked_at
		FROM reset_codes WHERE user_id = ? AND used_at IS NULL AND revoked_at IS NULL AND expires_at > ?
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
	_, err := t.ExecContext(ctx, `UPDATE reset_codes SET attempts = ?, used_at = ?, revoked_at = ? WHERE id = ?`,
		c.Attempts, nanos(c.UsedAt), nanos(c.RevokedAt), c.ID)
	return err
}

func (t tx) RevokeCodes(ctx context.Context, userID int64, at time.Time) error {
	_, err := t.ExecContext(ctx, `UPDATE reset_codes SET revoked_at = ?
		WHERE user_id = ? AND used_at IS NULL AND revoked_at IS NULL`, at.UnixNano(), userID)
	return err
}
