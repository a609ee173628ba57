package postgres

import (
	"context"

	"github.com/wardkiosk/kiosk/auth"
)

const cardColumns = `c.id, c.user_id, u.username, c.fingerprint, c.issuer, c.serial, c.subject, c.not_after,
	c.enrolled_at, c.enrolled_by, c.revoked_at, c.revoked_by, c.last_used_at`

const cardFrom = ` FROM cards c JOIN users u ON u.id = c.user_id`

func scanCard(row scanner) (auth.Card, error) {
	var c auth.Card
	var notAfter, enrolled int64
	var revoked, used *int64
	err := row.Scan(&c.ID, &c.UserID, &c.Username, &c.Fingerprint, &c.Issuer, &c.Serial, &c.Subject, &notAfter,
		&enrolled, &c.EnrolledBy, &revoked, &c.RevokedBy, &used)
	if err != nil {
		return auth.Card{}, notFound(err)
	}
	c.NotAfter, c.EnrolledAt = fromNanos(&notAfter), fromNanos(&enrolled)
	c.RevokedAt, c.LastUsedAt = fromNanos(revoked), fromNanos(used)
	return c, nil
}

func (t tx) AddCard(ctx context.Context, c *auth.Card) error {
	err := t.QueryRow(ctx, `INSERT INTO cards (user_id, fingerprint, issuer, serial, subject, not_after,
		enrolled_at, enrolled_by, revoked_at, revoked_by, last_used_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
		c.UserID, c.Fingerprint, c.Issuer, c.Serial, c.Subject, c.NotAfter.UnixNano(), c.EnrolledAt.UnixNano(),
		c.EnrolledBy, nanos(c.RevokedAt), c.RevokedBy, nanos(c.LastUsedAt)).Scan(&c.ID)
	return conflict(err)
}

func (t tx) CardByFingerprint(ctx context.Context, fingerprint string) (auth.Card, error) {
	return scanCard(t.QueryRow(ctx, `SELECT `+cardColumns+cardFrom+` WHERE c.fingerprint = $1`, fingerprint))
}

func (t tx) CardByID(ctx context.Context, id int64) (auth.Card, error) {
	return scanCard(t.QueryRow(ctx, `SELECT `+cardColumns+cardFrom+` WHERE c.id = $1`, id))
}

func (t tx) ListCards(ctx context.Context) ([]auth.Card, error) {
	return collect(ctx, t, scanCard, `SELECT `+cardColumns+cardFrom+` ORDER BY c.id`)
}

func (t tx) SaveCard(ctx context.Context, c auth.Card) error {
	return one(t.Exec(ctx, `UPDATE cards SET revoked_at = $1, revoked_by = $2, last_used_at = $3 WHERE id = $4`,
		nanos(c.RevokedAt), c.RevokedBy, nanos(c.LastUsedAt), c.ID))
}
