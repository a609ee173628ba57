package app

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/feed"
)

// FeedPoll is how often the change feed is read for changes another
// process wrote (a maintainer's command beside the kiosk): well inside the
// 3 s in which a disabled account must be signed out (DESIGN §10).
const FeedPoll = time.Second

// feedHook lets the store wake the feed's hub, once one is built, right
// after a transaction commits.
type feedHook struct {
	hub atomic.Pointer[feed.Hub]
}

func (h *feedHook) wake() {
	if hub := h.hub.Load(); hub != nil {
		hub.Wake()
	}
}

// listener is a store that says when any of its users commits a change
// (postgres.Store.Listen).
type listener interface {
	Listen(ctx context.Context, wake func())
}

// RunFeed reads the change feed until ctx ends or stop is called, and
// returns the hub that hands it to watchers: Watch for the service's
// kiosks, Follow for this kiosk's screens. Commits in this process wake it
// at once; on PostgreSQL every instance's commits do; a poll finds the rest.
func (k *Kiosk) RunFeed(ctx context.Context) (hub *feed.Hub, stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	hub = feed.New(k.Auth.Changes, FeedPoll)
	k.feed.hub.Store(hub)
	var wg sync.WaitGroup
	wg.Go(func() { hub.Run(ctx) })
	if l, ok := k.Store.(listener); ok {
		wg.Go(func() { l.Listen(ctx, hub.Wake) })
	}
	return hub, func() {
		cancel()
		wg.Wait()
	}
}

// StartFeed follows the change feed until ctx ends or stop is called,
// sending every change made from now on to the channel it returns, in
// order. The reader must keep reading until stop.
func (k *Kiosk) StartFeed(ctx context.Context) (changes <-chan auth.Change, stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	hub, stopHub := k.RunFeed(ctx)
	out := make(chan auth.Change)
	done := make(chan struct{})
	go func() {
		defer close(done)
		hub.Follow(ctx, func(c auth.Change) error {
			select {
			case out <- c:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
	}()
	return out, func() {
		cancel()
		<-done
		stopHub()
	}
}
