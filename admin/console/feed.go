package console

import (
	"context"
	"sync"
	"time"

	"github.com/wardkiosk/kiosk/auth"
)

// Snapshot is the kiosk's state as the console shows it: the auth core's
// dashboard, read in one transaction, and when.
type Snapshot struct {
	At time.Time
	auth.Dashboard
	// Local is a client kiosk's own state, in place of the dashboard.
	Local *Local
	Err   error
}

// latestEvents is how many audit events the dashboard keeps.
const latestEvents = 30

// Feed loads snapshots for every console of a server, at most once per
// TTL however many sessions ask, so fifty open dashboards cost the
// database what one does.
type Feed struct {
	svc   Service
	local func(ctx context.Context) Local // a client kiosk's (NewLocalFeed)
	ttl   time.Duration
	now   func() time.Time

	mu   sync.Mutex
	snap Snapshot
	have bool
}

// NewFeed returns a feed over svc whose snapshots last ttl.
func NewFeed(svc Service, ttl time.Duration, now func() time.Time) *Feed {
	if now == nil {
		now = time.Now
	}
	return &Feed{svc: svc, ttl: ttl, now: now}
}

// Get returns a snapshot no older than the TTL, loading one if need be.
func (f *Feed) Get(ctx context.Context) Snapshot {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.have && f.now().Sub(f.snap.At) < f.ttl {
		return f.snap
	}
	var s Snapshot
	if f.local != nil {
		l := f.local(ctx)
		s = Snapshot{At: f.now(), Local: &l}
	} else {
		s = load(ctx, f.svc, f.now())
	}
	if s.Err == nil {
		f.snap, f.have = s, true
	}
	return s
}

// Client reports a feed of a client kiosk's own state.
func (f *Feed) Client() bool { return f.local != nil }

// Invalidate makes the next Get load afresh: a maintainer's action must
// show at once.
func (f *Feed) Invalidate() {
	f.mu.Lock()
	f.have = false
	f.mu.Unlock()
}

// load reads everything a snapshot holds, as one consistent snapshot.
func load(ctx context.Context, svc Service, now time.Time) Snapshot {
	d, err := svc.Dashboard(ctx, latestEvents)
	if err != nil {
		return Snapshot{At: now, Err: err}
	}
	return Snapshot{At: now, Dashboard: d}
}
