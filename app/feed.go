package app

import (
	"context"
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

// StartFeed follows the change feed until ctx ends or stop is called,
// sending every change made from now on to the channel it returns, in
// order. The reader must keep reading until stop.
func (k *Kiosk) StartFeed(ctx context.Context) (changes <-chan auth.Change, stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	hub := feed.New(k.Auth.Changes, FeedPoll)
	k.feed.hub.Store(hub)
	out := make(chan auth.Change)
	done := make(chan struct{}, 3)
	go func() { hub.Run(ctx); done <- struct{}{} }()
	// PostgreSQL tells of every instance's commits at once; SQLite has the poll.
	if l, ok := k.Store.(listener); ok {
		go func() { l.Listen(ctx, hub.Wake); done <- struct{}{} }()
	} else {
		done <- struct{}{}
	}
	go func() {
		hub.Follow(ctx, func(c auth.Change) error {
			select {
			case out <- c:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
		done <- struct{}{}
	}()
	return out, func() {
		cancel()
		for range cap(done) {
			<-done
		}
	}
}
