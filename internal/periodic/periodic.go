// Package periodic runs a piece of work now and then at an interval, in
// the background, until it is stopped: the kiosk's heartbeat and the audit
// head written to the system log both work this way.
package periodic

import (
	"context"
	"sync"
	"time"
)

// Start calls f at once and then every interval until ctx ends or the
// returned stop is called; stop waits for a call under way. first tells f
// whether this is the call at start. A failure is f's to handle: the next
// tick tries again.
func Start(ctx context.Context, every time.Duration, f func(ctx context.Context, first bool)) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(every)
		defer t.Stop()
		for first := true; ; first = false {
			f(ctx, first)
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				if ctx.Err() != nil {
					return // a tick and the stop came together: the stop wins
				}
			}
		}
	})
	return func() {
		cancel()
		wg.Wait()
	}
}
