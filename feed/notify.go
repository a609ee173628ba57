package feed

import (
	"context"

	"github.com/wardkiosk/kiosk/auth"
)

// Notify wraps the store the auth core uses so that every committed write
// wakes the hub: a change made in this process reaches its watchers at
// once, not at the next poll. A read of the feed after a write that made
// no change costs one indexed query. wake must not block (Hub.Wake does not).
func Notify(store auth.Store, wake func()) auth.Store {
	return notifyStore{Store: store, wake: wake}
}

type notifyStore struct {
	auth.Store
	wake func()
}

// Tx runs fn and wakes the hub after it commits.
func (s notifyStore) Tx(ctx context.Context, fn func(auth.Tx) error) error {
	err := s.Store.Tx(ctx, fn)
	if err == nil {
		s.wake()
	}
	return err
}
