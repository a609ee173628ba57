package main

import (
	"context"
	"sync"
	"testing"
	"time"
)

type beats struct {
	t       *testing.T
	mu      sync.Mutex
	calls   []string
	stopped bool
}

// Heartbeat records a beat. A beat after stop returned fails the test,
// also one so late that the test has ended (testing panics on that).
func (b *beats) Heartbeat(_ context.Context, terminal, reader string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.stopped {
		b.t.Error("a beat after stop returned")
	}
	b.calls = append(b.calls, terminal+" "+reader)
	return nil
}

func (b *beats) n() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.calls)
}

func TestHeartbeatBeatsAtOnceThenEveryInterval(t *testing.T) {
	b := &beats{t: t}
	stop := startHeartbeat(context.Background(), b, "WARD7-T1", func() string { return "Smartcard: no card" }, 10*time.Millisecond)
	deadline := time.Now().Add(5 * time.Second)
	for b.n() < 3 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	stop()
	b.mu.Lock()
	b.stopped = true
	b.mu.Unlock()
	n := b.n()
	if n < 3 {
		t.Fatalf("%d beats", n)
	}
	if b.calls[0] != "WARD7-T1 Smartcard: no card" {
		t.Errorf("beat %q", b.calls[0])
	}
}
