package feed

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/auth"
)

// log is an in-memory change feed.
type log struct {
	mu    sync.Mutex
	cs    []auth.Change
	reads int
}

func (l *log) add(n int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for range n {
		seq := int64(len(l.cs) + 1)
		l.cs = append(l.cs, auth.Change{Seq: seq, Kind: auth.ChangeDisabled, Subject: fmt.Sprint("U", seq)})
	}
}

func (l *log) read(_ context.Context, after int64, limit int) ([]auth.Change, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.reads++
	if after >= int64(len(l.cs)) {
		return nil, nil
	}
	return append([]auth.Change(nil), l.cs[after:min(int(after)+limit, len(l.cs))]...), nil
}

// collect watches from after until it has n changes, and checks their order.
func collect(t *testing.T, h *Hub, after int64, n int) []auth.Change {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var got []auth.Change
	done := errors.New("done")
	err := h.Watch(ctx, after, func(c auth.Change) error {
		if want := after + int64(len(got)) + 1; c.Seq != want {
			return fmt.Errorf("change %d after %d, want %d", c.Seq, after+int64(len(got)), want)
		}
		got = append(got, c)
		if len(got) == n {
			return done
		}
		return nil
	})
	if !errors.Is(err, done) {
		t.Fatalf("watch from %d: %v after %d changes", after, err, len(got))
	}
	return got
}

// Many watchers get every change, in order, once; the store is read once a
// wake, not once a watcher.
func TestWatchersShareReads(t *testing.T) {
	l := &log{}
	l.add(10)
	h := New(l.read, 0)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go h.Run(ctx)
	// Once the hub has read, the watchers take their places; then writes
	// come in bursts.
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(time.Millisecond) {
		if _, _, ok := h.since(10); ok {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the hub never read")
		}
	}
	const watchers = 200
	var wg sync.WaitGroup
	for range watchers {
		wg.Go(func() { collect(t, h, 10, 50) })
	}
	l.mu.Lock()
	before := l.reads
	l.mu.Unlock()
	for range 5 {
		l.add(10)
		h.Wake()
	}
	wg.Wait()
	l.mu.Lock()
	reads := l.reads - before
	l.mu.Unlock()
	if reads > 20 {
		t.Errorf("%d reads of the store for 5 wakes and %d watchers", reads, watchers)
	}
}

// A watcher far behind (beyond what the hub holds) catches up from the
// store, then follows; one resuming after the last change waits for the next.
func TestWatchCatchesUp(t *testing.T) {
	l := &log{}
	l.add(keep + 3*auth.MaxChanges + 7)
	h := New(l.read, 0)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go h.Run(ctx)
	total := len(l.cs)
	got := collect(t, h, 0, total)
	if got[total-1].Seq != int64(total) {
		t.Fatalf("last %d", got[total-1].Seq)
	}
	next := make(chan auth.Change, 1)
	go func() {
		for _, c := range collect(t, h, int64(total), 1) {
			next <- c
		}
	}()
	l.add(1)
	h.Wake()
	select {
	case c := <-next:
		if c.Seq != int64(total+1) {
			t.Errorf("next %d", c.Seq)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the next change never came")
	}
}

// Without a wake, the poll finds changes another process wrote.
func TestPollFindsChanges(t *testing.T) {
	l := &log{}
	h := New(l.read, 20*time.Millisecond)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go h.Run(ctx)
	// Once the hub has read, a write that nobody wakes it for.
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(time.Millisecond) {
		l.mu.Lock()
		read := l.reads > 0
		l.mu.Unlock()
		if read {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the hub never read")
		}
	}
	l.add(3)
	collect(t, h, 0, 3)
}

// A watcher's error ends its watch, and ctx ends it too.
func TestWatchEnds(t *testing.T) {
	l := &log{}
	l.add(2)
	h := New(l.read, 0)
	boom := errors.New("boom")
	if err := h.Watch(context.Background(), 0, func(auth.Change) error { return boom }); !errors.Is(err, boom) {
		t.Errorf("watch = %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if err := h.Watch(ctx, 2, func(auth.Change) error { return nil }); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("watch = %v", err)
	}
}

// Follow hands on only what changes after the hub caught up: a kiosk
// starting up does not act on last week's changes.
func TestFollow(t *testing.T) {
	l := &log{}
	l.add(auth.MaxChanges + 5)
	h := New(l.read, 0)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go h.Run(ctx)
	got := make(chan auth.Change, 1)
	go h.Follow(ctx, func(c auth.Change) error { got <- c; return nil })
	for deadline := time.Now().Add(5 * time.Second); isOpen(h.begun); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the hub never caught up")
		}
	}
	l.add(1)
	h.Wake()
	select {
	case c := <-got:
		if c.Seq != auth.MaxChanges+6 {
			t.Errorf("followed from change %d", c.Seq)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("nothing followed")
	}
}
