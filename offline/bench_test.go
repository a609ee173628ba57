package offline_test

import (
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/auth"
)

// BenchmarkCardOffered is the screens' check, once a second, whether
// offline card sign-in is offered: the sync state and the cached CA and
// CRL read from client.db, and checked against the limits.
func BenchmarkCardOffered(b *testing.B) {
	w := newWorld(b, defaults)
	jane := w.card("reader-1", w.ca)
	w.sync([]auth.RosterUser{user("JSMITH", jane)})
	w.clock.Add(time.Hour)
	for b.Loop() {
		if !w.gate.CardOffered(w.ctx) {
			b.Fatal("not offered")
		}
	}
}
