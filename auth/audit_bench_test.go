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

// millionEvents is the chain length the audit benchmarks verify.
const millionEvents = 1_000_000

// auditBench is a service with the real argon2id parameters on a SQLite
// file holding a chain of n events, bulk-inserted.
func auditBench(b *testing.B, n int) (*auth.Service, auth.User) {
	b.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	key := make([]byte, 32)
	rand.Read(key)
	svc, err := auth.New(auth.Options{Store: st, Lists: loadLists, CodeKey: key, AuditKey: testAuditKey, LockThreshold: 1 << 30})
	if err != nil {
		b.Fatal(err)
	}
	u, err := svc.CreateUser(ctx, auth.Actor{Name: "bench"}, auth.NewUser{FirstName: "Jane", LastName: "Smith",
		Email: "jane@example.nhs.uk", DOB: time.Date(1985, 3, 14, 0, 0, 0, 0, time.UTC), Password: goodPassword})
	if err != nil {
		b.Fatal(err)
	}
	bulkEvents(b, st.DB(), testAuditKey, n)
	return svc, u
}

// BenchmarkVerifyAudit1M verifies a chain of a million events and
// reports the most the heap grew while it ran (target: constant, a few MiB).
func BenchmarkVerifyAudit1M(b *testing.B) {
	svc, _ := auditBench(b, millionEvents)
	ctx := context.Background()
	var peak uint64
	for b.Loop() {
		var n int
		var err error
		peak = max(peak, peakHeap(func() { n, err = svc.VerifyAudit(ctx) }))
		if err != nil || n < millionEvents {
			b.Fatalf("verify: %d events, %v", n, err)
		}
	}
	b.ReportMetric(float64(peak)/(1<<20), "MiB-peak-heap")
}

// BenchmarkLoginDuringVerify is a wrong-password sign-in, server side,
// while verifies of a million-event chain run back to back beside it
// (target: as BenchmarkLogin/wrong-password, no wait behind the verify).
// It reports the median and slowest sign-in, and the median of sign-ins
// before the verifies began: on a machine with few cores the two share the
// CPU, but no sign-in should wait for a lock.
func BenchmarkLoginDuringVerify(b *testing.B) {
	svc, u := auditBench(b, millionEvents)
	ctx, cancel := context.WithCancel(context.Background())
	login := func() time.Duration {
		start := time.Now()
		if _, err := svc.Login(ctx, "BENCH", u.Username, "Wrong-Guess-Again-58"); err == nil {
			b.Fatal("a wrong password signed in")
		}
		return time.Since(start)
	}
	var alone []time.Duration
	for range 9 {
		alone = append(alone, login())
	}
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		for ctx.Err() == nil {
			svc.VerifyAudit(ctx)
		}
	}()
	time.Sleep(100 * time.Millisecond) // the first verify is under way
	var took []time.Duration
	for b.Loop() {
		took = append(took, login())
	}
	b.StopTimer()
	cancel()
	<-stopped
	b.ReportMetric(float64(slices.Max(took).Microseconds())/1000, "max-ms")
	b.ReportMetric(medianMs(took), "median-ms")
	b.ReportMetric(medianMs(alone), "alone-median-ms")
}

// medianMs is the middle of ds in milliseconds.
func medianMs(ds []time.Duration) float64 {
	s := slices.Clone(ds)
	slices.Sort(s)
	return float64(s[len(s)/2].Microseconds()) / 1000
}
