package admin

import (
	"errors"
	"io"
	"runtime"
	"strings"
	"testing"
	"time"

	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"
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

// endless is a stream of one byte that never ends a line.
type endless struct{ sent, limit int }

func (e *endless) Read(p []byte) (int, error) {
	if e.sent >= e.limit {
		return 0, io.EOF
	}
	n := min(len(p), e.limit-e.sent)
	for i := range p[:n] {
		p[i] = 'a'
	}
	e.sent += n
	return n, nil
}

// 20 MB on the stdin of `policy check` over SSH is refused after a few
// KiB: it once took the server from 35 MB to 683 MB.
func TestStdinOverSSHBounded(t *testing.T) {
	f := newFixture(t)
	c := f.client()
	before := heapInUse()
	s, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var out, errb strings.Builder
	s.Stdin, s.Stdout, s.Stderr = &endless{limit: 20 << 20}, &out, &errb
	err = s.Run("policy check")
	var ee *gossh.ExitError
	if !errors.As(err, &ee) || ee.ExitStatus() != 2 || !strings.Contains(errb.String(), "a password is at most 128 characters") {
		t.Errorf("policy check of 20 MB: %v, %q %q", err, out.String(), errb.String())
	}
	if grew := int64(heapInUse()) - int64(before); grew > 16<<20 {
		t.Errorf("the heap grew by %d MiB", grew>>20)
	}
}
