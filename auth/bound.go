package auth

import (
	"context"
	"sync/atomic"
)

// bound limits the argon2id runs under way at once. Each run holds
// Argon2.Memory for as long as it takes and keeps a core busy, so more
// runs than cores finish no sooner: on the service, 200 sign-ins arriving
// together wait here, each holding a few hundred bytes, instead of
// holding 200 times the hash's memory. A sign-in for an unknown user and
// one with a wrong password wait alike, so the queue tells nothing.
type bound struct {
	slots chan struct{}
	// running and waiting count the runs under way and queued, for the
	// tests (and a gauge, one day).
	running, waiting atomic.Int64
	peak             atomic.Int64 // the most runs ever under way at once
	runs             atomic.Int64 // every run begun
}

// newBound returns a bound of n runs at once.
func newBound(n int) *bound {
	return &bound{slots: make(chan struct{}, n)}
}

// run runs fn once a slot is free. When ctx ends first, the caller leaves
// the queue at once and fn does not run. A nil bound runs fn at once.
func (b *bound) run(ctx context.Context, fn func()) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if b == nil {
		fn()
		return nil
	}
	b.waiting.Add(1)
	select {
	case b.slots <- struct{}{}:
		b.waiting.Add(-1)
	case <-ctx.Done():
		b.waiting.Add(-1)
		return ctx.Err()
	}
	defer func() { <-b.slots }()
	b.runs.Add(1)
	n := b.running.Add(1)
	defer b.running.Add(-1)
	for {
		if p := b.peak.Load(); n <= p || b.peak.CompareAndSwap(p, n) {
			break
		}
	}
	fn()
	return nil
}

// matches verifies a typed password against a stored hash within the
// bound (verifyPassword); err is ctx's when the caller left the queue.
func (s *Service) matches(ctx context.Context, encoded, typed string) (ok, stale bool, err error) {
	var verr error
	if err := s.argon.run(ctx, func() { ok, stale, verr = verifyPassword(encoded, typed, s.o.Argon) }); err != nil {
		return false, false, err
	}
	return ok, stale, verr
}

// hashPassword hashes a new password with the service's parameters
// within the bound.
func (s *Service) hashPassword(ctx context.Context, password string) (h string, err error) {
	if berr := s.argon.run(ctx, func() { h, err = s.o.Argon.hash(s.o.Rand, password) }); berr != nil {
		return "", berr
	}
	return h, err
}
