package server_test

import (
	"testing"
	"time"

	"connectrpc.com/connect"
	"golang.org/x/crypto/argon2"

	kioskv1 "github.com/wardkiosk/kiosk/api/gen/kiosk/v1"
	"github.com/wardkiosk/kiosk/auth"
)

// BenchmarkAPISignIn is an online password sign-in at a kiosk through the
// service: a Connect call over loopback TLS 1.3 (the kiosk's connection
// kept open, as it is between sign-ins), the terminal looked up from its
// certificate, then the core's sign-in with the real argon2id parameters
// on a real SQLite file. verifies-x is its time over one argon2id verify
// measured in the same run (DESIGN §9: <= 1.2 x), extra-ms its time beyond
// that verify (the fleet's row: <= one verify + 10 ms).
func BenchmarkAPISignIn(b *testing.B) {
	f := newFixture(b, auth.DefaultArgon2)
	c := f.client(f.register("BENCH-T1", "Ward7"))
	a := auth.DefaultArgon2
	salt := make([]byte, a.SaltLen)
	verify := func() { argon2.IDKey([]byte("Wrong-Guess-Again-58"), salt, a.Time, a.Memory, a.Threads, a.KeyLen) }
	for _, tc := range []struct{ name, user, pass string }{
		{"success", f.user.Username, goodPassword},
		{"wrong-password", f.user.Username, "Wrong-Guess-Again-58"},
	} {
		b.Run(tc.name, func(b *testing.B) {
			req := &kioskv1.LoginRequest{Username: tc.user, Password: tc.pass}
			if _, err := c.Login(f.ctx, connect.NewRequest(req)); (err == nil) != (tc.pass == goodPassword) {
				b.Fatalf("warm-up sign-in: %v", err)
			}
			var verifyTime time.Duration
			n := 0
			for b.Loop() {
				_, _ = c.Login(f.ctx, connect.NewRequest(req))
				// One verify a loop, timed apart, so that both share
				// whatever else the machine is doing.
				b.StopTimer()
				start := time.Now()
				verify()
				verifyTime += time.Since(start)
				n++
				b.StartTimer()
			}
			if n > 0 && verifyTime > 0 {
				b.ReportMetric(float64(b.Elapsed())/float64(verifyTime), "verifies-x")
				b.ReportMetric(float64(b.Elapsed()-verifyTime)/float64(n)/1e6, "extra-ms")
			}
		})
	}
}
