package mail_test

import (
	"context"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/mail/mailtest"
)

// BenchmarkDeliver is the outbox's throughput to a relay on loopback: b.N
// queued messages flushed through SMTP sessions of one batch each, every
// outcome written to the database. ns/op is per message.
func BenchmarkDeliver(b *testing.B) {
	srv := mailtest.Start(b, mailtest.Options{})
	k := openKiosk(b, "")
	k.queue(b.N)
	w := k.newWorker(clearRelay(srv))
	b.ResetTimer()
	start := time.Now()
	rs, err := w.Flush(context.Background(), false)
	elapsed := time.Since(start)
	b.StopTimer()
	if err != nil || len(rs) != b.N {
		b.Fatalf("flushed %d of %d: %v", len(rs), b.N, err)
	}
	for _, r := range rs {
		if r.Status != auth.MessageSent {
			b.Fatalf("message %d: %s %v", r.ID, r.Status, r.Err)
		}
	}
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "msgs/s")
}

// BenchmarkForgotToInbox is the time from a forgot-password submit to the
// email in the relay's inbox, with the worker running as in a kiosk and
// the real answer floor. ns/op is that time; answer-ms is how long the
// screen waited for its answer meanwhile.
func BenchmarkForgotToInbox(b *testing.B) {
	srv := mailtest.Start(b, mailtest.Options{})
	k := openKiosk(b, "", func(o *auth.Options) { o.Sleep = nil })
	u := k.jane()
	k.newWorker(clearRelay(srv))
	k.run()
	var answered time.Duration
	b.ResetTimer()
	for range b.N {
		before := srv.Count(b)
		start := time.Now()
		done := make(chan time.Duration, 1)
		go func() {
			if err := k.svc.ForgotPassword(context.Background(), "WARD7-T1", u.Username, u.Email); err != nil {
				b.Error(err)
			}
			done <- time.Since(start)
		}()
		for {
			n, err := srv.Total()
			if err != nil {
				b.Fatal(err)
			}
			if n > before {
				break
			}
			if time.Since(start) > 10*time.Second {
				b.Fatal("no email in the inbox after 10s")
			}
			time.Sleep(time.Millisecond)
		}
		b.StopTimer()
		answered += <-done
		b.StartTimer()
	}
	b.ReportMetric(float64(answered.Milliseconds())/float64(b.N), "answer-ms")
}
