package postgres

import (
	"context"
	"time"

	"github.com/wardkiosk/kiosk/auth"
)

// terminalColumns are the columns scanTerminal reads, in its order.
const terminalColumns = `name, failures, last_seen, reader_state, version, queued_events,
	ward, cert_fingerprint, disabled, added_at, added_by`

func scanTerminal(row scanner) (auth.Terminal, error) {
	var t auth.Terminal
	var seen, added *int64
	if err := row.Scan(&t.Name, &t.Failures, &seen, &t.ReaderState, &t.Version, &t.QueuedEvents,
		&t.Ward, &t.Fingerprint, &t.Disabled, &added, &t.AddedBy); err != nil {
		return auth.Terminal{}, err
	}
	t.LastSeen, t.AddedAt = fromNanos(seen), fromNanos(added)
	return t, nil
}

func (t tx) Terminal(ctx context.Context, name string) (auth.Terminal, error) {
	term, err := scanTerminal(t.QueryRow(ctx, `SELECT `+terminalColumns+` FROM terminals WHERE name = $1`, name))
	if err != nil {
		return auth.Terminal{Name: name}, notFound(err)
	}
	return term, nil
}

func (t tx) TerminalByFingerprint(ctx context.Context, fingerprint string) (auth.Terminal, error) {
	if fingerprint == "" {
		return auth.Terminal{}, auth.ErrNotFound
	}
	term, err := scanTerminal(t.QueryRow(ctx, `SELECT `+terminalColumns+` FROM terminals
		WHERE cert_fingerprint = $1`, fingerprint))
	return term, notFound(err)
}

func (t tx) ListTerminals(ctx context.Context) ([]auth.Terminal, error) {
	return collect(ctx, t, scanTerminal, `SELECT `+terminalColumns+` FROM terminals ORDER BY name`)
}

func (t tx) SaveTerminal(ctx context.Context, term auth.Terminal) error {
	_, err := t.Exec(ctx, `INSERT INTO terminals (name, failures, last_seen, reader_state, version, queued_events)
		VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (name) DO UPDATE SET failures = excluded.failures, last_seen = excluded.last_seen,
		reader_state = excluded.reader_state, version = excluded.version, queued_events = excluded.queued_events`,
		term.Name, term.Failures, nanos(term.LastSeen), term.ReaderState, term.Version, term.QueuedEvents)
	return err
}

func (t tx) RegisterTerminal(ctx context.Context, term auth.Terminal) error {
	// A row a standalone sign-in wrote under the name is taken over; a
	// registered one is not.
	tag, err := t.Exec(ctx, `INSERT INTO terminals (name, ward, cert_fingerprint, disabled, added_at, added_by)
		VALUES ($1, $2, $3, false, $4, $5)
		ON CONFLICT (name) DO UPDATE SET ward = excluded.ward, cert_fingerprint = excluded.cert_fingerprint,
		disabled = false, added_at = excluded.added_at, added_by = excluded.added_by
		WHERE terminals.cert_fingerprint = ''`,
		term.Name, term.Ward, term.Fingerprint, nanos(term.AddedAt), term.AddedBy)
	if err != nil {
		return conflict(err)
	}
	if tag.RowsAffected() == 0 {
		return auth.ErrConflict
	}
	return nil
}

func (t tx) SetTerminalDisabled(ctx context.Context, name string, disabled bool) error {
	return one(t.Exec(ctx, `UPDATE terminals SET disabled = $1 WHERE name = $2 AND cert_fingerprint <> ''`,
		disabled, name))
}

func (t tx) SetTerminalCertificate(ctx context.Context, name, fingerprint string) error {
	tag, err := t.Exec(ctx, `UPDATE terminals SET cert_fingerprint = $1 WHERE name = $2 AND cert_fingerprint <> ''`,
		fingerprint, name)
	if err != nil {
		return conflict(err)
	}
	return one(tag, nil)
}

func (t tx) AddChallenge(ctx context.Context, c auth.Challenge) error {
	if _, err := t.Exec(ctx, `DELETE FROM card_challenges WHERE expires_at <= $1`, c.IssuedAt.UnixNano()); err != nil {
		return err
	}
	_, err := t.Exec(ctx, `INSERT INTO card_challenges (hash, terminal, issued_at, expires_at) VALUES ($1, $2, $3, $4)`,
		c.Hash, c.Terminal, c.IssuedAt.UnixNano(), c.ExpiresAt.UnixNano())
	return conflict(err)
}

func (t tx) TakeChallenge(ctx context.Context, hash []byte) (auth.Challenge, error) {
	c := auth.Challenge{Hash: hash}
	var issued, expires int64
	err := t.QueryRow(ctx, `DELETE FROM card_challenges WHERE hash = $1 RETURNING terminal, issued_at, expires_at`,
		hash).Scan(&c.Terminal, &issued, &expires)
	if err != nil {
		return auth.Challenge{}, notFound(err)
	}
	c.IssuedAt, c.ExpiresAt = time.Unix(0, issued).UTC(), time.Unix(0, expires).UTC()
	return c, nil
}
