package syncbuf

import (
	"strings"
	"sync"
	"testing"
)

// Writers and a reader at once: run with -race, a Buffer without its
// mutex fails here; and no write is lost or torn.
func TestConcurrentWritesAndReads(t *testing.T) {
	var b Buffer
	var wg sync.WaitGroup
	for _, line := range []string{"out\n", "err\n"} {
		wg.Go(func() {
			for range 200 {
				if _, err := b.Write([]byte(line)); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Go(func() {
		for range 200 {
			_ = b.String()
		}
	})
	wg.Wait()
	got := b.String()
	if n, m := strings.Count(got, "out\n"), strings.Count(got, "err\n"); n != 200 || m != 200 || len(got) != 400*4 {
		t.Errorf("%d out and %d err lines in %d bytes, want 200, 200 in 1600", n, m, len(got))
	}
}
