package auth

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"strings"
	"time"
)

// ForgotPassword emails a reset code when username and work email match an
// active account. It answers the same, in the same time, whatever matched,
// so it returns an error only when the store itself fails.
func (s *Service) ForgotPassword(ctx context.Context, terminal, username, email string) error {
	return s.assist(ctx, func() error {
		username = NormalizeUsername(username)
		return s.o.Store.Tx(ctx, func(tx Tx) error {
			actor := Actor{Name: "-", Terminal: terminal}
			u, err := tx.UserByUsername(ctx, username)
			if errors.Is(err, ErrNotFound) || (err == nil && !sameEmail(u.Email, email)) {
				return s.audit(ctx, tx, actor, ActResetRequested, "", "no match")
			}
			if err != nil {
				return err
			}
			return s.sendCode(ctx, tx, actor, u, KindResetCode, ActResetRequested, true)
		})
	})
}

// ForgotUsername emails the username, with a reset code as the staff guide
// says, when work email and date of birth match an active account. Like
// ForgotPassword it answers the same whatever matched.
func (s *Service) ForgotUsername(ctx context.Context, terminal, email string, dob time.Time) error {
	return s.assist(ctx, func() error {
		return s.o.Store.Tx(ctx, func(tx Tx) error {
			actor := Actor{Name: "-", Terminal: terminal}
			u, err := tx.UserByEmail(ctx, strings.TrimSpace(email))
			if errors.Is(err, ErrNotFound) || (err == nil && !sameDate(u.DOB, dob)) {
				return s.audit(ctx, tx, actor, ActUsernameRequest, "", "no match")
			}
			if err != nil {
				return err
			}
			return s.sendCode(ctx, tx, actor, u, KindUsernameReminder, ActUsernameRequest, true)
		})
	})
}

// assist runs fn and then waits out the rest of AssistanceFloor, so the
// answer's timing says nothing about what matched.
func (s *Service) assist(ctx context.Context, fn func() error) error {
	start := s.o.Now()
	err := fn()
	s.o.Sleep(ctx, s.o.AssistanceFloor-s.o.Now().Sub(start))
	if err != nil {
		return fmt.Errorf("auth: login assistance: %w", err)
	}
	return nil
}

// sendCode revokes the user's live code, makes a new one and queues the
// email of the given kind, within the hourly limit when limited.
func (s *Service) sendCode(ctx context.Context, tx Tx, a Actor, u User, kind, action string, limited bool) error {
	now := s.now()
	if u.Status != StatusActive {
		return s.audit(ctx, tx, a, action, u.Username, "account disabled: no email")
	}
	if limited {
		// Each terminal has its own share of the hour's emails, under a
		// higher ceiling for the account, so nobody at one terminal can
		// spend the emails its holder asks for at another.
		since := now.Add(-time.Hour)
		here, err := tx.CountAssistance(ctx, u.ID, a.Terminal, since)
		if err != nil {
			return err
		}
		all, err := tx.CountAssistance(ctx, u.ID, "", since)
		if err != nil {
			return err
		}
		if here >= s.o.MaxEmailsPerHour || all >= s.o.MaxEmailsPerHourAll {
			return s.audit(ctx, tx, a, ActRateLimited, u.Username,
				fmt.Sprintf("%d emails in the last hour from this terminal, %d in all", here, all))
		}
		if err := tx.AddAssistance(ctx, u.ID, a.Terminal, now); err != nil {
			return err
		}
	}
	code, err := newCode(s.o.Rand)
	if err != nil {
		return err
	}
	if err := tx.RevokeCodes(ctx, u.ID, now); err != nil {
		return err
	}
	rc := ResetCode{UserID: u.ID, Hash: codeHash(s.o.CodeKey, NormalizeCode(code)),
		CreatedAt: now, ExpiresAt: now.Add(s.o.CodeLifetime)}
	if err := tx.AddCode(ctx, &rc); err != nil {
		return err
	}
	if err := s.queue(ctx, tx, kind, u, a.Terminal, code); err != nil {
		return err
	}
	return s.audit(ctx, tx, a, action, u.Username, "email queued")
}

// sameEmail compares addresses ignoring case and spaces, in constant time.
func sameEmail(a, b string) bool {
	a, b = strings.ToLower(strings.TrimSpace(a)), strings.ToLower(strings.TrimSpace(b))
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

func sameDate(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd
}
