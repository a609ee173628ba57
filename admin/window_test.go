package admin

import (
	"runtime"
	"strings"
	"testing"
	"time"

	"charm.land/ssh"
)

// heapInUse is the live heap after a collection.
func heapInUse() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse
}

// A console asked for a 10000x10000 terminal, then for 2000x2000, draws
// at most maxColumns x maxRows: such a terminal once took the server past
// 11 GB, and it kept growing after the client left.
func TestHugeWindowClamped(t *testing.T) {
	f := newFixture(t)
	before := heapInUse()
	sc := f.consoleAsking(f.client(), "xterm", maxColumns, maxRows, 10000, 10000)
	sc.WaitFor("Latest audit events")
	if err := sc.sess.WindowChange(2000, 2000); err != nil {
		t.Fatal(err)
	}
	sc.Keys(keyF2) // draw again, at the new size
	sc.WaitFor("Search")
	time.Sleep(200 * time.Millisecond)
	if grew := int64(heapInUse()) - int64(before); grew > 64<<20 {
		t.Errorf("the heap grew by %d MiB", grew>>20)
	}
	// The frame fills the clamped terminal, no more.
	lines := strings.Split(sc.Text(), "\n")
	if len(lines) != maxRows {
		t.Errorf("%d lines", len(lines))
	}
}

func TestClampWindow(t *testing.T) {
	for _, tc := range []struct{ w, h, ww, wh int }{
		{80, 24, 80, 24}, {2000, 2000, maxColumns, maxRows}, {10000, 10000, maxColumns, maxRows},
		{-1, -5, 0, 0}, {maxColumns, maxRows, maxColumns, maxRows},
	} {
		got := clampWindow(ssh.Window{Width: tc.w, Height: tc.h})
		if got.Width != tc.ww || got.Height != tc.wh {
			t.Errorf("%dx%d clamped to %dx%d, want %dx%d", tc.w, tc.h, got.Width, got.Height, tc.ww, tc.wh)
		}
	}
}
