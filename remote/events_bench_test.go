package remote_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/wardkiosk/kiosk/kiosklocal"
)

// BenchmarkUploadEvents10k is 10,000 events queued while offline uploaded
// after reconnecting (DESIGN §9, issue 12): the outbox read, batches over
// TLS to the service over PostgreSQL, each event stored and audited once,
// and the outbox marked. Each run is a fresh terminal, so every event is new.
func BenchmarkUploadEvents10k(b *testing.B) {
	const n = 10000
	f := newFleet(b)
	ctx := context.Background()
	for i := range b.N {
		b.StopTimer()
		term := fmt.Sprintf("WARD7-B%d", i)
		cert := f.register(term)
		dir := b.TempDir()
		queue(b, dir, n, f.user.Username)
		db, err := kiosklocal.Open(ctx, dir, nil)
		if err != nil {
			b.Fatal(err)
		}
		k := uploader(b, f, cert, 0, f.a.url, f.b.url)
		b.StartTimer()
		up, err := k.UploadEvents(ctx, db)
		b.StopTimer()
		if err != nil || up.Events != n {
			b.Fatalf("%+v, %v; want %d events", up, err, n)
		}
		if held, _ := f.a.svc.KioskEventCount(ctx, term); held != n {
			b.Fatalf("%d held; want exactly %d", held, n)
		}
		db.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "events/s")
}
