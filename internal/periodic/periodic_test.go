package periodic

import (
	"context"
	"sync/atomic"
	"testing"
	"time"
)

// The work runs at once, then at each tick, and only the first call is
// marked first. stop waits for the call under way: the third call is still
// finishing when stop is called, and has finished when stop returns. After
// that the work never runs again: a call then fails the test, even one so
// late the test has ended (testing panics on that).
func TestStart(t *testing.T) {
	var calls, firsts atomic.Int32
	var stopped, finished atomic.Bool
	third := make(chan struct{})
	stop := Start(context.Background(), time.Millisecond, func(ctx context.Context, first bool) {
		if stopped.Load() {
			t.Error("work ran after stop returned")
		}
		if first {
			firsts.Add(1)
		}
		if calls.Add(1) == 3 {
			close(third)
			<-ctx.Done()
			time.Sleep(10 * time.Millisecond) // the rest of the work under way
			finished.Store(true)
		}
	})
	select {
	case <-third:
	case <-time.After(5 * time.Second):
		t.Fatal("the work did not run three times")
	}
	stop()
	stopped.Store(true)
	if !finished.Load() {
		t.Error("stop returned while a call was under way")
	}
	if n := calls.Load(); n != 3 || firsts.Load() != 1 {
		t.Fatalf("%d calls, %d marked first", n, firsts.Load())
	}
}
