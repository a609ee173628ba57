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
	return read(ctx, s, func(tx ReadTx) ([]Message, error) { return tx.Messages(ctx) })
}

// Message returns one outbox message.
func (s *Service) Message(ctx context.Context, id int64) (Message, error) {
	return read(ctx, s, func(tx ReadTx) (Message, error) { return tx.MessageByID(ctx, id) })
}

// CheckPassword checks a password against a policy profile for an account
// (its details and, with previous set and a profile that keeps history,
// its current and previous passwords) or, with no username, for nobody in
// particular. Only a local root may ask about previous passwords: for
// anyone else it would be a way to test guesses at a user's password with
// no lockout.
func (s *Service) CheckPassword(ctx context.Context, username string, profile policy.Profile, password string, previous bool) ([]policy.Failure, error) {
	password = normalizePassword(password)
	var a withHistory
	if username != "" {
		n := 0
		if previous {
			n = profile.History
		}
		var err error
		if a, err = read(ctx, s, func(tx ReadTx) (withHistory, error) {
			u, err := tx.UserByUsername(ctx, NormalizeUsername(username))
			if err != nil {
				return withHistory{}, err
			}
			h, err := passwordHistory(ctx, tx, u.ID, n)
			return withHistory{User: u, History: h}, err
		}); err != nil {
			return nil, fmt.Errorf("auth: user %s: %w", NormalizeUsername(username), err)
		}
	}
	u, history := a.User, a.History
	pol, err := s.policyFor(ctx, profile)
	if err != nil {
		return nil, err
	}
	fails := pol.Check(password, subject(u)) // Characters first for invisible ones
	if previous && profile.History > 0 && u.ID != 0 {
		same, err := isPrevious(ctx, s.argon, password, u.PasswordHash, history)
		if err != nil {
			return nil, fmt.Errorf("auth: not-previous: %w", err)
		}
		if same {
			fails = append(fails, policy.PreviousFailure(profile))
		}
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
	v, err := read(ctx, s, func(tx ReadTx) (string, error) { return tx.Setting(ctx, settingDemo) })
	if errors.Is(err, ErrNotFound) {
		return "", nil
	}
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
		if err := s.publish(ctx, tx, ActForbiddenAdded, word); err != nil {
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
		if err := s.publish(ctx, tx, ActForbiddenRemoved, word); err != nil {
			return err
		}
		return s.audit(ctx, tx, by, ActForbiddenRemoved, "", word)
	})
}

// ForbiddenWords are the words in force: the configured ones and the
// maintainers' additions, sorted.
func (s *Service) ForbiddenWords(ctx context.Context) ([]string, error) {
	extra, err := read(ctx, s, func(tx ReadTx) ([]string, error) { return tx.ForbiddenWords(ctx) })
	if err != nil {
		return nil, err
	}
	return s.wordsInForce(extra), nil
}

// wordsInForce are the configured forbidden words and the maintainers'
// additions, sorted, each once.
func (s *Service) wordsInForce(extra []string) []string {
	words := append(slices.Clone(s.o.Forbidden), extra...)
	slices.Sort(words)
	return slices.Compact(words)
}
