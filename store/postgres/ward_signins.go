package postgres

import (
	"context"
	"time"

	"github.com/wardkiosk/kiosk/auth"
)

func (t tx) SaveWardSignIn(ctx context.Context, s auth.WardSignIn) error {
	_, err := t.Exec(ctx, `INSERT INTO ward_signins (ward, user_id, at) VALUES ($1, $2, $3)
		ON CONFLICT (ward, user_id) DO UPDATE SET at = greatest(ward_signins.at, excluded.at)`,
		s.Ward, s.UserID, s.At.UnixNano())
	return err
}

func (t tx) WardSignIns(ctx context.Context, ward string, since time.Time) ([]auth.WardSignIn, error) {
	return collect(ctx, t, func(row scanner) (auth.WardSignIn, error) {
		s := auth.WardSignIn{Ward: ward}
		var at int64
		err := row.Scan(&s.UserID, &at)
		s.At = time.Unix(0, at).UTC()
		return s, err
	}, `SELECT user_id, at FROM ward_signins WHERE ward = $1 AND at >= $2 ORDER BY user_id`, ward, since.UnixNano())
}

func (t tx) UserCards(ctx context.Context, userID int64) ([]auth.Card, error) {
	return collect(ctx, t, scanCard, `SELECT `+cardColumns+cardFrom+` WHERE c.user_id = $1 ORDER BY c.id`, userID)
}
