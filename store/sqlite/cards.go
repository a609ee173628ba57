package sqlite

import (
	"context"
	"database/sql"

	"github.com/wardkiosk/kiosk/auth"
)

const cardColumns = `c.id, c.user_id, u.username, c.fingerprint, c.issuer, c.serial, c.subject, c.not_after,
	c.enrolled_at, c.enrolled_by, c.revoked_at, c.revoked_by, c.last_used_at`

const cardFrom = ` FROM cards c JOIN users u ON u.id = c.user_id`

func scanCard(row scanner) (auth.Card, error) {
	var c auth.Card
	var notAfter, enrolled int64
	var revoked, used sql.NullInt64
	err := row.Scan(&c.ID, &c.UserID, &c.Username, &c.Fingerprint, &c.Issuer, &c.Serial, &c.Subject, &notAfter,
		&enrolled, &c.EnrolledBy, &revoked, &c.RevokedBy, &used)
	if err != nil {
		return auth.Card{}, notFound(err)
	}
	c.NotAfter = fromNanos(sql.NullInt64{Int64: notAfter, Valid: true})
	c.EnrolledAt = fromNanos(sql.NullInt64{Int64: enrolled, Valid: true})
	c.RevokedAt, c.LastUsedAt = fromNanos(revoked), fromNanos(used)
	return c, nil
}

func (t tx) AddCard(ctx context.Context, c *auth.Card) error {
	res, err := t.ExecContext(ctx, `INSERT INTO cards (user_id, fingerprint, issuer, serial, subject, not_after,
		enrolled_at, enrolled_by, revoked_at, revoked_by, last_used_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.UserID, c.Fingerprint, c.Issuer, c.Serial, c.Subject, c.NotAfter.UnixNano(), c.EnrolledAt.UnixNano(),
		c.EnrolledBy, nanos(c.RevokedAt), c.RevokedBy, nanos(c.LastUsedAt))
	if err != nil {
		return conflict(err)
	}
	c.ID, err = res.LastInsertId()
	return err
}

func (t tx) CardByFingerprint(ctx context.Context, fingerprint string) (auth.Card, error) {
	return scanCard(t.QueryRowContext(ctx, `SELECT `+cardColumns+cardFrom+` WHERE c.fingerprint = ?`, fingerprint))
}

func (t tx) CardByID(ctx context.Context, id int64) (auth.Card, error) {
	return scanCard(t.QueryRowContext(ctx, `SELECT `+cardColumns+cardFrom+` WHERE c.id = ?`, id))
}

func (t tx) ListCards(ctx context.Context) ([]auth.Card, error) {
	return collect(ctx, t, scanCard, `SELECT `+cardColumns+cardFrom+` ORDER BY c.id`)
}

func (t tx) SaveCard(ctx context.Context, c auth.Card) error {
	return one(t.ExecContext(ctx, `UPDATE cards SET revoked_at = ?, revoked_by = ?, last_used_at = ? WHERE id = ?`,
		nanos(c.RevokedAt), c.RevokedBy, nanos(c.LastUsedAt), c.ID))
}
