package auth_test

import (
	"context"
	"crypto/rand"
	"slices"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/store/sqlite"
)

// benchService is a service with the real argon2id parameters on a real
// SQLite file, and no lockout to get in the way of repeated failures.
func benchService(b *testing.B) (*auth.Service, auth.User) {
	b.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	key := make([]byte, 32)
	rand.Read(key)
	svc, err := auth.New(auth.Options{Store: st, Lists: loadLists, CodeKey: key, LockThreshold: 1 << 30})
	if err != nil {
		b.Fatal(err)
	}
	u, err := svc.CreateUser(ctx, auth.Actor{Name: "bench"}, auth.NewUser{FirstName: "Jane", LastName: "Smith",
		Email: "jane@example.nhs.uk", DOB: time.Date(1985, 3, 14, 0, 0, 0, 0, time.UTC), Password: goodPassword})
	if err != nil {
		b.Fatal(err)
	}
	return svc, u
}

// BenchmarkLogin is password login, server side: lookup, one argon2id
// verify, the bookkeeping and the audit row. Compare with
// BenchmarkArgon2Verify (target: <= 1.2 x).
func BenchmarkLogin(b *testing.B) {
	svc, u := benchService(b)
	ctx := context.Background()
	for _, c := range []struct{ name, user, pass string }{
		{"success", u.Username, goodPassword},
		{"wrong-password", u.Username, "Wrong-Guess-Again-58"},
		{"unknown-user", "382NOBODY01", "Wrong-Guess-Again-58"},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				svc.Login(ctx, "BENCH", c.user, c.pass)
			}
		})
	}
}

// BenchmarkLoginMedians interleaves unknown-user and wrong-password logins
// and reports both medians and their difference (target: within 5 %).
func BenchmarkLoginMedians(b *testing.B) {
	svc, u := benchService(b)
	ctx := context.Background()
	const pairs = 40
	var wrong, unknown []float64
	for b.Loop() {
		wrong, unknown = wrong[:0], unknown[:0]
		// Alternate which goes first so neither pays for the other's
		// garbage more often.
		for i := range 2 * pairs {
			unknownFirst := i%4 >= 2
			if (i%2 == 0) == unknownFirst {
				t := time.Now()
				svc.Login(ctx, "BENCH", "382NOBODY01", "Wrong-Guess-Again-58")
				unknown = append(unknown, float64(time.Since(t))/1e6)
			} else {
				t := time.Now()
				svc.Login(ctx, "BENCH", u.Username, "Wrong-Guess-Again-58")
				wrong = append(wrong, float64(time.Since(t))/1e6)
			}
		}
	}
	mw, mu := median(wrong), median(unknown)
	b.ReportMetric(mw, "median-wrong-ms")
	b.ReportMetric(mu, "median-unknown-ms")
	b.ReportMetric(100*(mu-mw)/mw, "diff-%")
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}
