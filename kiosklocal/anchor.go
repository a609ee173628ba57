package kiosklocal

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// HashAt is the hash of the outbox's event of sequence seq; found is
// false when the outbox holds none. The upload compares it with the
// chain head the service anchors (remote.Client.Anchor).
func (d *DB) HashAt(ctx context.Context, seq int64) (hash string, found bool, err error) {
	err = d.db.QueryRowContext(ctx, `SELECT hash FROM events WHERE seq = ?`, seq).Scan(&hash)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("kiosklocal: %w", err)
	}
	return hash, true, nil
}
