package auth

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// DemoHint returns the demo hint ("<username> <password>") for the Login
// screen while it is still true: the database holds the demo data set, and
// that user is active and signs in with that password. Once someone has
// changed the demo user's password, on any kiosk or from the console, the
// hint is "" rather than a password that no longer works.
//
// It costs one argon2id verify on a demo database and none on any other,
// so callers run it off the UI loop.
func (s *Service) DemoHint(ctx context.Context) (string, error) {
	hint, err := s.Demo(ctx)
	if err != nil || hint == "" {
		return "", err
	}
	username, password, ok := strings.Cut(hint, " ")
	if !ok {
		return "", nil
	}
	var u User
	err = s.o.Store.Tx(ctx, func(tx Tx) error {
		var err error
		u, err = tx.UserByUsername(ctx, NormalizeUsername(username))
		return err
	})
	if errors.Is(err, ErrNotFound) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("auth: demo hint: %w", err)
	}
	if u.Status != StatusActive || u.PasswordHash == "" {
		return "", nil
	}
	if ok, _, err := s.matches(ctx, u.PasswordHash, password); err != nil || !ok {
		return "", nil
	}
	return hint, nil
}
