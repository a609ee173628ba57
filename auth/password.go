package auth

import (
	"context"
	"crypto/subtle"
	"errors"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/wardkiosk/kiosk/auth/policy"
)

// normalizePassword puts a password in NFC so the same characters typed on
// different keyboards hash alike.
func normalizePassword(p string) string { return norm.NFC.String(p) }

// checkNewPassword normalises a new password and checks it against the
// policy, every rule at once, not-previous included (one argon2id verify
// per remembered hash, so it runs on submit only).
func (s *Service) checkNewPassword(ctx context.Context, u User, password, confirm string, history []string) (string, error) {
	password, confirm = normalizePassword(password), normalizePassword(confirm)
	if subtle.ConstantTimeCompare([]byte(password), []byte(confirm)) != 1 {
		return "", ErrMismatch
	}
	if hasControl(password) {
		return "", ErrControlCharacters
	}
	pol, err := s.Policy(ctx)
	if err != nil {
		return "", err
	}
	fails := pol.Check(password, subject(u))
	if s.o.Profile.History > 0 && isPrevious(password, u.PasswordHash, history) {
		fails = append(fails, policy.PreviousFailure(s.o.Profile))
	}
	if len(fails) > 0 {
		return "", &PolicyError{Failures: fails}
	}
	return password, nil
}

// isPrevious reports whether password matches the current hash or one of
// the remembered ones.
func isPrevious(password, current string, history []string) bool {
	for _, h := range append([]string{current}, history...) {
		if h == "" {
			continue
		}
		if ok, _, err := verify(h, password, DefaultArgon2); err == nil && ok {
			return true
		}
	}
	return false
}

func hasControl(s string) bool {
	for _, r := range s {
		if unicode.IsControl(r) || r == unicode.ReplacementChar {
			return true
		}
	}
	return false
}

// setPassword stores a new hash inside tx: history kept, codes revoked,
// failures cleared, the account unlocked and the change emailed.
func (s *Service) setPassword(ctx context.Context, tx Tx, u *User, hash string, a Actor, action, detail string) error {
	now := s.now()
	if u.PasswordHash != "" {
		if err := tx.AddPasswordHistory(ctx, u.ID, u.PasswordHash, now); err != nil {
			return err
		}
	}
	u.PasswordHash, u.PasswordChangedAt = hash, now
	if err := tx.UpdateUser(ctx, *u); err != nil {
		return err
	}
	if err := tx.RevokeCodes(ctx, u.ID, now); err != nil {
		return err
	}
	l, err := tx.Lockout(ctx, u.ID)
	if err != nil {
		return err
	}
	if err := tx.SaveLockout(ctx, Lockout{UserID: u.ID, AdminLocked: l.AdminLocked}); err != nil {
		return err
	}
	if err := tx.ClearTerminalLockouts(ctx, u.ID); err != nil {
		return err
	}
	if err := s.queue(ctx, tx, KindPasswordChanged, *u, a.Terminal, ""); err != nil {
		return err
	}
	return s.audit(ctx, tx, a, action, u.Username, detail)
}

// history returns the hashes a new password must not match.
func (s *Service) history(ctx context.Context, tx ReadTx, userID int64) ([]string, error) {
	return passwordHistory(ctx, tx, userID, s.o.Profile.History)
}

// passwordHistory returns a user's last n previous hashes (none for n <= 0).
func passwordHistory(ctx context.Context, tx ReadTx, userID int64, n int) ([]string, error) {
	if n <= 0 {
		return nil, nil
	}
	h, err := tx.PasswordHistory(ctx, userID, n)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return nil, err
	}
	return h, nil
}

// withHistory is a user and the previous hashes a new password must not match.
type withHistory struct {
	User    User
	History []string
}
