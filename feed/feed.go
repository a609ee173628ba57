// Package feed follows the change feed and hands each change to any
// number of watchers at once (DESIGN §10): the store is read once a
// change, however many kiosks watch, and a watcher that resumes after the
// last change it applied misses nothing.
package feed

import (
	"context"
	"sync"
	"time"

	"github.com/wardkiosk/kiosk/auth"
)

// Source reads up to limit changes after sequence number after, oldest
// first; auth.Service.Changes is one.
type Source func(ctx context.Context, after int64, limit int) ([]auth.Change, error)

// keep is how many of the newest changes the hub holds for watchers: one
// that fell further behind reads the store itself until it catches up.
const keep = 4096

// Hub reads new changes when woken (a commit in this process, a NOTIFY
// from PostgreSQL) or at each poll (other processes sharing a SQLite
// file), and wakes every watcher.
type Hub struct {
	src  Source
	poll time.Duration
	wake chan struct{}

	mu     sync.Mutex
	recent []auth.Change // the newest changes read, in order, at most keep
	last   int64         // the highest sequence number read; -1 before the first read
	grew   chan struct{} // closed when recent grows, then replaced
	start  int64         // the newest change when the hub first caught up
	begun  chan struct{} // closed then
}

// New returns a hub over src that also looks every poll (0: only when woken).
func New(src Source, poll time.Duration) *Hub {
	return &Hub{src: src, poll: poll, wake: make(chan struct{}, 1), last: -1,
		grew: make(chan struct{}), begun: make(chan struct{})}
}

// Last is the newest change the hub has read; 0 before its first read or
// for an empty feed.
func (h *Hub) Last() int64 {
	h.mu.Lock()
	defer h.mu.Unlock()
	return max(h.last, 0)
}

// Wake asks the hub to read new changes now. It never blocks.
func (h *Hub) Wake() {
	select {
	case h.wake <- struct{}{}:
	default:
	}
}

// Run reads changes until ctx ends: at once, then when woken or polled.
// A failed read is tried again at the next wake or poll.
func (h *Hub) Run(ctx context.Context) {
	var tick <-chan time.Time
	if h.poll > 0 {
		t := time.NewTicker(h.poll)
		defer t.Stop()
		tick = t.C
	}
	for {
		h.read(ctx)
		select {
		case <-ctx.Done():
			return
		case <-h.wake:
		case <-tick:
		}
	}
}

// read takes every change after the last one read into recent.
func (h *Hub) read(ctx context.Context) {
	h.mu.Lock()
	after := max(h.last, 0)
	h.mu.Unlock()
	for {
		cs, err := h.src(ctx, after, auth.MaxChanges)
		if err == nil {
			h.mu.Lock()
			h.add(cs, after)
			h.mu.Unlock()
		}
		if err != nil || len(cs) < auth.MaxChanges {
			return
		}
		after = cs[len(cs)-1].Seq
	}
}

// add appends cs, read after sequence number after, and wakes the watchers.
func (h *Hub) add(cs []auth.Change, after int64) {
	if h.last < 0 {
		h.last = after // the hub's start: watchers from here on are served from memory
	}
	if len(cs) > 0 {
		h.recent = append(h.recent, cs...)
		if n := len(h.recent); n > keep {
			h.recent = append([]auth.Change(nil), h.recent[n-keep:]...)
		}
		h.last = cs[len(cs)-1].Seq
		close(h.grew)
		h.grew = make(chan struct{})
	}
	if len(cs) < auth.MaxChanges && isOpen(h.begun) { // caught up for the first time
		h.start = h.last
		close(h.begun)
	}
}

// isOpen reports that ch is not closed yet.
func isOpen(ch chan struct{}) bool {
	select {
	case <-ch:
		return false
	default:
		return true
	}
}

// Follow hands fn every change made after the hub first caught up, as
// Watch does: a kiosk acts on what happens while it runs.
func (h *Hub) Follow(ctx context.Context, fn func(auth.Change) error) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-h.begun:
	}
	h.mu.Lock()
	start := h.start
	h.mu.Unlock()
	return h.Watch(ctx, start, fn)
}

// since returns the changes after sequence number after that the hub
// holds, and a channel closed when it holds more. ok is false when the hub
// cannot say (it has not read yet, or after is older than what it holds):
// read the store then.
func (h *Hub) since(after int64) (cs []auth.Change, grew <-chan struct{}, ok bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	oldest := h.last // what the hub holds starts after this
	if len(h.recent) > 0 {
		oldest = h.recent[0].Seq - 1
	}
	if h.last < 0 || after < oldest {
		return nil, h.grew, false
	}
	i := len(h.recent)
	for i > 0 && h.recent[i-1].Seq > after {
		i--
	}
	return append([]auth.Change(nil), h.recent[i:]...), h.grew, true
}

// Watch hands fn every change after sequence number after, in order,
// waiting for new ones, until ctx ends or fn fails; it returns that error.
func (h *Hub) Watch(ctx context.Context, after int64, fn func(auth.Change) error) error {
	for {
		cs, grew, ok := h.since(after)
		if !ok {
			var err error
			if cs, err = h.src(ctx, after, auth.MaxChanges); err != nil {
				return err
			}
		}
		for _, c := range cs {
			if err := fn(c); err != nil {
				return err
			}
			after = c.Seq
		}
		if !ok && len(cs) > 0 {
			continue // catching up from the store
		}
		if ok && len(cs) > 0 {
			continue // more may have come while fn ran
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-grew:
		case <-time.After(h.fallback()):
		}
	}
}

// fallback is how long a watcher waits before looking again by itself,
// should the hub not be running: never longer than a poll.
func (h *Hub) fallback() time.Duration {
	if h.poll > 0 {
		return h.poll
	}
	return time.Minute
}
