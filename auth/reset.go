package auth

import (
	"context"
	"crypto/hmac"
	"errors"
	"fmt"
)

// Reset sets a new password with an emailed code. A wrong code, a code of
// another account, a used or expired one and an unknown username all give
// ErrResetFailed; five wrong tries at one terminal bar that terminal from
// the live code, twenty from all terminals kill it. A policy failure is a
// *PolicyError and does not use up the code. Success unlocks the account.
func (s *Service) Reset(ctx context.Context, terminal, code, username, password, confirm string) (User, error) {
	username = NormalizeUsername(username)
	normalized := NormalizeCode(code)
	actor := Actor{Name: "-", Terminal: terminal}

	// First check the code, counting a wrong try, and read what the policy
	// check needs.
	var u User
	var rc ResetCode
	var history []string
	valid := false
	err := s.o.Store.Tx(ctx, func(tx Tx) error {
		var err error
		valid = false
		u, rc, err = s.liveCode(ctx, tx, username)
		if errors.Is(err, ErrNotFound) {
			return s.audit(ctx, tx, actor, ActResetFailed, "", "no live code for that username")
		}
		if err != nil {
			return err
		}
		// Wrong tries count at this terminal and in all: CodeTries at one
		// terminal bar it from this code, so nobody at one terminal can
		// kill a code that its holder is about to type at another;
		// CodeTriesAll from everywhere kill it.
		tries, err := tx.CodeTries(ctx, rc.ID, terminal)
		if err != nil {
			return err
		}
		right := normalized != "" && hmac.Equal(codeHash(s.o.CodeKey, normalized), rc.Hash)
		if tries >= s.o.CodeTries {
			return s.audit(ctx, tx, actor, ActResetFailed, u.Username, "too many wrong tries at this terminal")
		}
		if !right {
			rc.Attempts++
			tries++
			detail := fmt.Sprintf("wrong code (try %d here, %d in all)", tries, rc.Attempts)
			if rc.Attempts >= s.o.CodeTriesAll {
				rc.RevokedAt = s.now()
				if err := s.audit(ctx, tx, actor, ActCodeKilled, u.Username, "too many wrong tries"); err != nil {
					return err
				}
			}
			if err := tx.SaveCode(ctx, rc); err != nil {
				return err
			}
			if err := tx.SaveCodeTries(ctx, rc.ID, terminal, tries); err != nil {
				return err
			}
			return s.audit(ctx, tx, actor, ActResetFailed, u.Username, detail)
		}
		valid = true
		history, err = s.history(ctx, tx, u.ID)
		return err
	})
	if err != nil {
		return User{}, fmt.Errorf("auth: reset: %w", err)
	}
	if !valid {
		if u, ok := s.appliedBefore(ctx, username, password); ok {
			return u, nil
		}
		return User{}, ErrResetFailed
	}

	password, err = s.checkNewPassword(ctx, u, password, confirm, history)
	if err != nil {
		return User{}, err
	}
	hash, err := s.hashPassword(ctx, password)
	if err != nil {
		return User{}, err
	}

	// Then spend the code and set the password in one transaction, checking
	// the code is still the live one (another kiosk may have used it).
	err = s.o.Store.Tx(ctx, func(tx Tx) error {
		valid = false
		cur, again, err := s.liveCode(ctx, tx, username)
		if errors.Is(err, ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		if again.ID != rc.ID {
			return nil
		}
		again.UsedAt = s.now()
		if err := tx.SaveCode(ctx, again); err != nil {
			return err
		}
		valid = true
		u = cur
		return s.setPassword(ctx, tx, &u, hash, actor, ActResetOK, "with an emailed code")
	})
	if err != nil {
		return User{}, fmt.Errorf("auth: reset: %w", err)
	}
	if !valid {
		if u, ok := s.appliedBefore(ctx, username, password); ok {
			return u, nil
		}
		return User{}, ErrResetFailed
	}
	return u, nil
}

// liveCode finds an active user and their live code, or ErrNotFound.
func (s *Service) liveCode(ctx context.Context, tx Tx, username string) (User, ResetCode, error) {
	u, err := tx.UserByUsername(ctx, username)
	if err != nil {
		return User{}, ResetCode{}, err
	}
	if u.Status != StatusActive {
		return User{}, ResetCode{}, ErrNotFound
	}
	rc, err := tx.LiveCode(ctx, u.ID, s.now())
	if err != nil {
		return User{}, ResetCode{}, err
	}
	return u, rc, nil
}

// ChangePassword changes a signed-in user's password: the current one, then
// the new one twice. A wrong current password counts towards the lockout.
func (s *Service) ChangePassword(ctx context.Context, sess Session, current, password, confirm string) error {
	actor := Actor{Name: sess.User.Username, Terminal: sess.Terminal}
	a, err := read(ctx, s, func(tx ReadTx) (withHistory, error) {
		u, err := tx.UserByID(ctx, sess.User.ID)
		if err != nil {
			return withHistory{}, err
		}
		h, err := s.history(ctx, tx, u.ID)
		return withHistory{User: u, History: h}, err
	})
	if err != nil {
		return fmt.Errorf("auth: change password: %w", err)
	}
	u, history := a.User, a.History
	ok, _, verr := s.matches(ctx, u.PasswordHash, current)
	if ctxErr := ctx.Err(); verr != nil && ctxErr != nil {
		return fmt.Errorf("auth: change password: %w", ctxErr)
	}
	ok = ok && verr == nil
	refused := false
	err = s.o.Store.Tx(ctx, func(tx Tx) error {
		refused = false
		l, err := tx.Lockout(ctx, u.ID)
		if err != nil {
			return err
		}
		here, err := tx.TerminalLockout(ctx, u.ID, sess.Terminal)
		if err != nil {
			return err
		}
		now := s.now()
		switch {
		case accountOf(u, l).State(now).Barred() || here.Locked(now):
			// As at sign-in, a locked account is refused whatever the
			// password, so the lock is no oracle's pause.
			refused = true
			return s.audit(ctx, tx, actor, ActChangeFailed, u.Username, "account locked or disabled")
		case !ok:
			refused = true
			if err := s.countFailure(ctx, tx, actor, u, &l, &here, now); err != nil {
				return err
			}
			return s.audit(ctx, tx, actor, ActChangeFailed, u.Username, "wrong current password")
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("auth: change password: %w", err)
	}
	if refused {
		if _, ok := s.appliedBefore(ctx, u.Username, password); ok {
			return nil
		}
		return ErrWrongPassword
	}
	password, err = s.checkNewPassword(ctx, u, password, confirm, history)
	if err != nil {
		return err
	}
	hash, err := s.hashPassword(ctx, password)
	if err != nil {
		return err
	}
	err = s.o.Store.Tx(ctx, func(tx Tx) error {
		cur, err := tx.UserByID(ctx, u.ID)
		if err != nil {
			return err
		}
		return s.setPassword(ctx, tx, &cur, hash, actor, ActPasswordChanged, "by the user")
	})
	if err != nil {
		return fmt.Errorf("auth: change password: %w", err)
	}
	return nil
}

// appliedBefore reports, for a kiosk request sent again (WithRequest), that
// its new password was set the first time: the code is used up, or the
// current password is no longer the one typed, because the request did
// it. It answers as the first time would have, and costs a verify only
// then.
func (s *Service) appliedBefore(ctx context.Context, username, password string) (User, bool) {
	if !replayed(ctx) {
		return User{}, false
	}
	u, err := read(ctx, s, func(tx ReadTx) (User, error) { return tx.UserByUsername(ctx, username) })
	if err != nil || u.PasswordHash == "" {
		return User{}, false
	}
	ok, _, err := s.matches(ctx, u.PasswordHash, password)
	return u, ok && err == nil
}
