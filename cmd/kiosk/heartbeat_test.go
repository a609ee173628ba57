package main

import (
	"context"
	"sync"
	"testing"
	"time"
)

type beats struct {
	mu    sync.Mutex
	calls []string
}

func (b *beats) Heartbeat(_ context.Context, terminal, reader string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.calls = append(b.calls, terminal+" "+reader)
	return nil
}

func (b *beats) n() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.calls)
}

func TestHeartbeatBeatsAtOnceThenEveryInterval(t *testing.T) {
	b := &beats{}
	stop := startHeartbeat(context.Background(), b, "WARD7-T1", func() string { return "Smartcard: no card" }, 10*time.Millisecond)
	deadline := time.Now().Add(5 * time.Second)
	for b.n() < 3 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	stop()
	n := b.n()
	if n < 3 {
		t.Fatalf("%d beats", n)
	}
	if b.calls[0] != "WARD7-T1 Smartcard: no card" {
		t.Errorf("beat %q", b.calls[0])
	}
	time.Sleep(30 * time.Millisecond)
	if b.n() != n {
		t.Error("beats after stop")
	}
}
