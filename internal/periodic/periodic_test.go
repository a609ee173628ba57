package periodic

import (
	"context"
	"sync/atomic"
	"testing"
	"time"
)

// The work runs at once, then at each tick; after stop returns it never
// runs again, and only the first call is marked first.
func TestStart(t *testing.T) {
	var calls, firsts atomic.Int32
	stop := Start(context.Background(), time.Millisecond, func(_ context.Context, first bool) {
		calls.Add(1)
		if first {
			firsts.Add(1)
		}
	})
	deadline := time.Now().Add(5 * time.Second)
	for calls.Load() < 3 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	stop()
	n := calls.Load()
	if n < 3 || firsts.Load() != 1 {
		t.Fatalf("%d calls, %d marked first", n, firsts.Load())
	}
	time.Sleep(5 * time.Millisecond)
	if calls.Load() != n {
		t.Error("work ran after stop returned")
	}
}
