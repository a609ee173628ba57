package auth

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/wardkiosk/kiosk/auth/policy"
)

// Messages lists the outbox, oldest first.
func (s *Service) Messages(ctx context.Context) ([]Message, error) {
	var ms []Message
	err := s.o.Store.Tx(ctx, func(tx Tx) error {
		var err error
		ms, err = tx.Messages(ctx)
		return err
	})
	return ms, err
}

// Message returns one outbox message.
func (s *Service) Message(ctx context.Context, id int64) (Message, error) {
	var m Message
	err := s.o.Store.Tx(ctx, func(tx Tx) error {
		var err error
		m, err = tx.MessageByID(ctx, id)
		return err
	})
	return m, err
}

// CheckPassword checks a password against a policy profile for an account
// (its details and, with previous set and a profile that keeps history,
// its current and previous passwords) or, with no username, for nobody in
// particular. Only a local root may ask about previous passwords: for
// anyone else it would be a way to test guesses at a user's password with
// no lockout.
func (s *Service) CheckPassword(ctx context.Context, username string, profile policy.Profile, password string, previous bool) ([]policy.Failure, error) {
	password = normalizePassword(password)
	var u User
	var history []string
	if username != "" {
		err := s.o.Store.Tx(ctx, func(tx Tx) error {
			var err error
			if u, err = tx.UserByUsername(ctx, NormalizeUsername(username)); err != nil {
				return err
			}
			if previous && profile.History > 0 {
				history, err = tx.PasswordHistory(ctx, u.ID, profile.History)
			}
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("auth: user %s: %w", NormalizeUsername(username), err)
		}
	}
	pol, err := s.policyFor(ctx, profile)
	if err != nil {
		return nil, err
	}
	fails := pol.Check(password, subject(u))
	if hasControl(password) {
		fails = append([]policy.Failure{policy.CharactersFailure()}, fails...)
	}
	if previous && profile.History > 0 && u.ID != 0 && isPrevious(password, u.PasswordHash, history) {
		fails = append(fails, policy.PreviousFailure(profile))
	}
	return fails, nil
}

// settingDemo marks a database holding the demo data set.
const settingDemo = "demo"

// MarkDemo records that this database holds the demo data set.
func (s *Service) MarkDemo(ctx context.Context, hint string) error {
	return s.o.Store.Tx(ctx, func(tx Tx) error { return tx.SetSetting(ctx, settingDemo, hint) })
}

// Demo returns the demo hint ("<username> <password>") when the database
// holds the demo data set, else "".
func (s *Service) Demo(ctx context.Context) (string, error) {
	var v string
	err := s.o.Store.Tx(ctx, func(tx Tx) error {
		var err error
		v, err = tx.Setting(ctx, settingDemo)
		if errors.Is(err, ErrNotFound) {
			return nil
		}
		return err
	})
	return v, err
}

// AddForbiddenWord forbids a word in passwords from the next check on, at
// every kiosk sharing the store.
func (s *Service) AddForbiddenWord(ctx context.Context, by Actor, word string) error {
	word = strings.ToLower(strings.TrimSpace(word))
	if len(word) < 3 || hasControl(word) || strings.ContainsAny(word, " \t") {
		return fmt.Errorf("%w: a forbidden word is one word of 3 or more characters", ErrInvalid)
	}
	return s.o.Store.Tx(ctx, func(tx Tx) error {
		if err := tx.AddForbiddenWord(ctx, word, by.Name, s.now()); err != nil {
			return err
		}
		return s.audit(ctx, tx, by, ActForbiddenAdded, "", word)
	})
}

// RemoveForbiddenWord removes a maintainer's forbidden word.
func (s *Service) RemoveForbiddenWord(ctx context.Context, by Actor, word string) error {
	word = strings.ToLower(strings.TrimSpace(word))
	return s.o.Store.Tx(ctx, func(tx Tx) error {
		if err := tx.RemoveForbiddenWord(ctx, word); err != nil {
			return err
		}
		return s.audit(ctx, tx, by, ActForbiddenRemoved, "", word)
	})
}

// ForbiddenWords are the words in force: the configured ones and the
// maintainers' additions, sorted.
func (s *Service) ForbiddenWords(ctx context.Context) ([]string, error) {
	words := append([]string{}, s.o.Forbidden...)
	err := s.o.Store.Tx(ctx, func(tx Tx) error {
		extra, err := tx.ForbiddenWords(ctx)
		words = append(words, extra...)
		return err
	})
	slices.Sort(words)
	return slices.Compact(words), err
}
