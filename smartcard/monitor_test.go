package smartcard_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/ebfe/scard"

	"github.com/wardkiosk/kiosk/smartcard"
)

// fakePCSC is a pcscd in memory: readers, cards with an event counter, and
// a switch that makes the service disappear.
type fakePCSC struct {
	mu      sync.Mutex
	changed *sync.Cond
	up      bool
	readers map[string]scard.StateFlag // PRESENT or EMPTY, plus counter << 16
	order   []string
	gen     int // bumped on every change, wakes waiters
	opens   int
	tries   int // establish calls, failed ones too
}

// waitTries waits until the monitor has tried to establish a context n
// more times, failing after within.
func (f *fakePCSC) waitTries(t testing.TB, n int, within time.Duration) {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	start := f.tries
	timedOut := false
	stop := time.AfterFunc(within, func() {
		f.mu.Lock()
		timedOut = true
		f.mu.Unlock()
		f.changed.Broadcast()
	})
	defer stop.Stop()
	for f.tries < start+n {
		if timedOut {
			t.Fatalf("%d tries to reach pcscd in %v, want %d", f.tries-start, within, n)
		}
		f.changed.Wait()
	}
}

func newFake() *fakePCSC {
	f := &fakePCSC{up: true, readers: map[string]scard.StateFlag{}}
	f.changed = sync.NewCond(&f.mu)
	return f
}

func (f *fakePCSC) set(fn func()) {
	f.mu.Lock()
	fn()
	f.gen++
	f.mu.Unlock()
	f.changed.Broadcast()
}

func (f *fakePCSC) addReader(n string) {
	f.set(func() { f.readers[n] = scard.StateEmpty; f.order = append(f.order, n) })
}

func (f *fakePCSC) removeReader(n string) {
	f.set(func() {
		delete(f.readers, n)
		for i, o := range f.order {
			if o == n {
				f.order = append(f.order[:i], f.order[i+1:]...)
				break
			}
		}
	})
}

func (f *fakePCSC) card(n string, in bool) {
	f.set(func() {
		st := f.readers[n]
		count := st>>16 + 1
		if in {
			f.readers[n] = count<<16 | scard.StatePresent
		} else {
			f.readers[n] = count<<16 | scard.StateEmpty
		}
	})
}

// swap takes the card out and puts one back between two polls.
func (f *fakePCSC) swap(n string) {
	f.set(func() { f.readers[n] = (f.readers[n]>>16+2)<<16 | scard.StatePresent })
}

func (f *fakePCSC) service(up bool) { f.set(func() { f.up = up }) }

func (f *fakePCSC) establish() (smartcard.PCSC, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.tries++
	f.changed.Broadcast()
	if !f.up {
		return nil, scard.ErrNoService
	}
	f.opens++
	return &fakeCtx{f: f}, nil
}

type fakeCtx struct {
	f         *fakePCSC
	cancelled bool
}

func (c *fakeCtx) ListReaders() ([]string, error) {
	c.f.mu.Lock()
	defer c.f.mu.Unlock()
	if !c.f.up {
		return nil, scard.ErrNoService
	}
	if len(c.f.order) == 0 {
		return nil, scard.ErrNoReadersAvailable
	}
	return append([]string(nil), c.f.order...), nil
}

func (c *fakeCtx) GetStatusChange(states []scard.ReaderState, timeout time.Duration) error {
	c.f.mu.Lock()
	defer c.f.mu.Unlock()
	deadline := time.Now().Add(timeout)
	timer := time.AfterFunc(timeout, c.f.changed.Broadcast)
	defer timer.Stop()
	for {
		if c.cancelled {
			c.cancelled = false
			return scard.ErrCancelled
		}
		if !c.f.up {
			return scard.ErrNoService
		}
		changed := false
		for i := range states {
			s := &states[i]
			var now scard.StateFlag
			if s.Reader == `\\?PnP?\Notification` {
				now = scard.StateFlag(len(c.f.order)) << 16
			} else if st, ok := c.f.readers[s.Reader]; ok {
				now = st
			} else {
				now = scard.StateUnknown
			}
			if now != s.CurrentState&^scard.StateChanged {
				s.EventState = now | scard.StateChanged
				changed = true
			} else {
				s.EventState = now
			}
		}
		if changed {
			return nil
		}
		if time.Now().After(deadline) {
			return scard.ErrTimeout
		}
		c.f.changed.Wait()
	}
}

func (c *fakeCtx) Cancel() error {
	c.f.set(func() { c.cancelled = true })
	return nil
}

func (c *fakeCtx) Release() error { return nil }

func TestMonitorFake(t *testing.T) {
	f := newFake()
	f.addReader("Reader A")
	m := smartcard.StartMonitor(context.Background(), smartcard.MonitorOptions{Establish: f.establish,
		MinBackoff: time.Millisecond, MaxBackoff: 10 * time.Millisecond, Wait: time.Second})
	defer m.Close()
	const d = 2 * time.Second
	next(t, m, smartcard.ServiceUp, d)
	if ev := next(t, m, smartcard.ReaderAdded, d); ev.Reader != "Reader A" {
		t.Fatal(ev)
	}
	if m.State().String() != "no card" {
		t.Fatalf("state %q", m.State())
	}

	// A second reader comes; cards go in and out of both.
	f.addReader("Reader B")
	if ev := next(t, m, smartcard.ReaderAdded, d); ev.Reader != "Reader B" {
		t.Fatal(ev)
	}
	f.card("Reader B", true)
	if ev := next(t, m, smartcard.CardInserted, d); ev.Reader != "Reader B" {
		t.Fatal(ev)
	}
	if s := m.State(); s.String() != "card in reader" || len(s.Readers) != 2 || !s.Readers[1].Card {
		t.Fatalf("state %+v", s)
	}
	// A swap between polls is a removal and an insertion.
	f.swap("Reader B")
	next(t, m, smartcard.CardRemoved, d)
	next(t, m, smartcard.CardInserted, d)
	// The reader is unplugged with the card in it.
	f.removeReader("Reader B")
	if ev := next(t, m, smartcard.CardRemoved, d); ev.Reader != "Reader B" || ev.ServiceLost {
		t.Fatal(ev)
	}
	next(t, m, smartcard.ReaderRemoved, d)

	// The service goes and comes back: the loss is reported, then the
	// readers again, without a new Monitor.
	f.card("Reader A", true)
	next(t, m, smartcard.CardInserted, d)
	f.service(false)
	if ev := next(t, m, smartcard.CardRemoved, d); !ev.ServiceLost {
		t.Fatal(ev)
	}
	if ev := next(t, m, smartcard.ServiceDown, d); !errors.Is(ev.Err, scard.ErrNoService) {
		t.Fatal(ev)
	}
	// A few failed attempts, reported once.
	f.waitTries(t, 3, d)
	for len(m.Events()) > 0 {
		if ev := <-m.Events(); ev.Kind == smartcard.ServiceDown {
			t.Fatalf("the loss reported again: %+v", ev)
		}
	}
	f.service(true)
	next(t, m, smartcard.ServiceUp, d)
	next(t, m, smartcard.ReaderAdded, d)
	next(t, m, smartcard.CardInserted, d)
	if f.opens < 2 {
		t.Fatalf("context established %d times", f.opens)
	}
}

func TestMonitorStartsWithoutService(t *testing.T) {
	f := newFake()
	f.service(false)
	m := smartcard.StartMonitor(context.Background(), smartcard.MonitorOptions{Establish: f.establish,
		MinBackoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond})
	next(t, m, smartcard.ServiceDown, time.Second)
	if m.State().String() != "service not running" {
		t.Fatal(m.State())
	}
	f.service(true)
	next(t, m, smartcard.ServiceUp, time.Second)
	if m.State().String() != "no reader" {
		t.Fatal(m.State())
	}
	start := time.Now()
	m.Close()
	if time.Since(start) > time.Second {
		t.Fatal("Close was slow")
	}
	// The channel must end closed, soon: drain it against a deadline.
	deadline := time.After(5 * time.Second)
	for open := true; open; {
		select {
		case _, open = <-m.Events():
		case <-deadline:
			t.Fatal("the events channel was not closed within 5s of Close")
		}
	}
}
