package auth

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"time"
)

// ChallengeLifetime is how long a card sign-in challenge may be used: a
// card signs in well under a second, a person types the passcode first.
const ChallengeLifetime = 2 * time.Minute

// challengeLen is a challenge's length in bytes.
const challengeLen = 32

// ErrChallenge means a card sign-in came with a challenge the service did
// not issue to that terminal, or one used or expired.
var ErrChallenge = errors.New("auth: the card sign-in challenge is unknown, used or expired")

// Challenge is a card sign-in challenge the service issued to a terminal,
// kept as its SHA-256 until used or expired.
type Challenge struct {
	Hash      []byte
	Terminal  string
	IssuedAt  time.Time
	ExpiresAt time.Time
}

// IssueChallenge makes a random challenge for a card at terminal to sign,
// kept in the store so that any instance of the service takes it, once.
func (s *Service) IssueChallenge(ctx context.Context, terminal string) ([]byte, time.Time, error) {
	b := make([]byte, challengeLen)
	if _, err := io.ReadFull(s.o.Rand, b); err != nil {
		return nil, time.Time{}, fmt.Errorf("auth: challenge: %w", err)
	}
	sum := sha256.Sum256(b)
	now := s.now()
	c := Challenge{Hash: sum[:], Terminal: terminal, IssuedAt: now, ExpiresAt: now.Add(ChallengeLifetime)}
	if err := s.o.Store.Tx(ctx, func(tx Tx) error { return tx.AddChallenge(ctx, c) }); err != nil {
		return nil, time.Time{}, fmt.Errorf("auth: challenge: %w", err)
	}
	return b, c.ExpiresAt, nil
}

// TakeChallenge uses up a challenge presented by terminal: nil when the
// service issued it to that terminal and it has not expired, else
// ErrChallenge. Either way it cannot be presented again.
func (s *Service) TakeChallenge(ctx context.Context, terminal string, challenge []byte) error {
	if len(challenge) != challengeLen {
		return ErrChallenge
	}
	sum := sha256.Sum256(challenge)
	c, err := write(ctx, s, func(tx Tx) (Challenge, error) { return tx.TakeChallenge(ctx, sum[:]) })
	switch {
	case errors.Is(err, ErrNotFound):
		return ErrChallenge
	case err != nil:
		return fmt.Errorf("auth: challenge: %w", err)
	case c.Terminal != terminal || !s.now().Before(c.ExpiresAt):
		return ErrChallenge
	}
	return nil
}
