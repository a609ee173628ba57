package auth

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"time"
)

// RequestMemory is how long the key of an applied kiosk API request is
// remembered: far longer than a kiosk goes on sending one.
const RequestMemory = 24 * time.Hour

// A kiosk of the fleet sends a request to one instance of the service; if
// that instance dies before it answers, the kiosk sends the same request,
// with the same id, to the next. The first may have committed already.
// Each write transaction of a request is recorded, by the request's key
// and its number in the call, in the same transaction as its writes; the
// same transaction of the same request again runs as before, so the
// answer is worked out as before, and is then rolled back: nothing is
// changed, audited or counted twice.

type requestCtx struct{}

// request is one kiosk request being served.
type request struct {
	key      string
	n        atomic.Int32 // write transactions so far
	replayed atomic.Bool  // one of them had been applied before
}

// WithRequest marks ctx as serving the kiosk request of this key (unique
// to the terminal and the kiosk's request id): its write transactions
// take effect once however many times the request is sent.
func WithRequest(ctx context.Context, key string) context.Context {
	return context.WithValue(ctx, requestCtx{}, &request{key: key})
}

// replayed reports that ctx's request had been applied, in part or whole,
// before: its writes this time were rolled back.
func replayed(ctx context.Context) bool {
	r, _ := ctx.Value(requestCtx{}).(*request)
	return r != nil && r.replayed.Load()
}

// errReplay rolls back a transaction of a request applied before.
var errReplay = errors.New("auth: request applied before")

// onceStore makes each write transaction of a kiosk request take effect
// once (WithRequest); others pass through.
type onceStore struct {
	Store
	now func() time.Time
}

// Tx runs fn; for a request's transaction applied before, it runs fn and
// rolls it back, answering as if it had committed.
func (s onceStore) Tx(ctx context.Context, fn func(Tx) error) error {
	r, _ := ctx.Value(requestCtx{}).(*request)
	if r == nil {
		return s.Store.Tx(ctx, fn)
	}
	key := fmt.Sprintf("%s#%d", r.key, r.n.Add(1))
	err := s.Store.Tx(ctx, func(tx Tx) error {
		fresh, err := tx.ClaimRequest(ctx, key, s.now())
		if err != nil {
			return err
		}
		if err := fn(tx); err != nil {
			return err
		}
		if !fresh {
			return errReplay
		}
		return nil
	})
	if errors.Is(err, errReplay) {
		r.replayed.Store(true)
		return nil
	}
	return err
}
