package mail

import (
	"context"

	"github.com/wardkiosk/kiosk/auth"
)

// Notify wraps the store the auth core uses so that every transaction that
// queues a message calls wake once it has committed, so mail goes at once
// rather than at the next poll. The core stays unaware of delivery; wake
// must not block (Worker.Wake does not), so answers keep their timing.
func Notify(store auth.Store, wake func()) auth.Store {
	return notifyStore{Store: store, wake: wake}
}

type notifyStore struct {
	auth.Store
	wake func()
}

// Tx runs fn and wakes the worker after a commit that queued mail.
func (s notifyStore) Tx(ctx context.Context, fn func(auth.Tx) error) error {
	queued := false
	err := s.Store.Tx(ctx, func(tx auth.Tx) error {
		queued = false // a retried transaction starts afresh
		return fn(notifyTx{Tx: tx, queued: &queued})
	})
	if err == nil && queued {
		s.wake()
	}
	return err
}

// notifyTx notes an Enqueue and passes every call through.
type notifyTx struct {
	auth.Tx
	queued *bool
}

// Enqueue queues m and remembers that mail is waiting.
func (t notifyTx) Enqueue(ctx context.Context, m *auth.Message) error {
	if err := t.Tx.Enqueue(ctx, m); err != nil {
		return err
	}
	*t.queued = true
	return nil
}
