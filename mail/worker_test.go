package mail

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	gomail "github.com/wneessen/go-mail"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/internal/testclock"
	"github.com/wardkiosk/kiosk/store/sqlite"
)

func TestBackoff(t *testing.T) {
	tests := []struct {
		attempt int
		want    time.Duration
	}{
		{1, 30 * time.Second}, {2, time.Minute}, {3, 2 * time.Minute}, {5, 8 * time.Minute},
		{7, 32 * time.Minute}, {8, time.Hour}, {9, time.Hour}, {1000, time.Hour},
	}
	for _, tt := range tests {
		if got := backoff(tt.attempt, 30*time.Second, time.Hour); got != tt.want {
			t.Errorf("backoff(%d) = %s, want %s", tt.attempt, got, tt.want)
		}
	}
}

func TestJitter(t *testing.T) {
	d := time.Minute
	if got := jitter(d, func(n int64) int64 { return n - 1 }); got >= d+d/10 || got < d {
		t.Errorf("jitter up to a tenth: %s", got)
	}
	if got := jitter(d, func(int64) int64 { return 0 }); got != d {
		t.Errorf("no jitter: %s", got)
	}
}

func TestErrorText(t *testing.T) {
	long := errors.New(strings.Repeat("x", 400))
	if got := []rune(errorText(long)); len(got) != maxErrorText || got[len(got)-1] != '…' {
		t.Errorf("long error kept as %d runes", len(got))
	}
	if got := errorText(errors.New("535 5.7.8\r\nAuthentication\x1b[2J failed")); got != "535 5.7.8 Authentication [2J failed" {
		t.Errorf("got %q", got)
	}
}

// fakeDialer stands in for the relay.
type fakeDialer struct {
	mu      sync.Mutex
	dialErr error
	// result says what sending the i-th message (from 0) of a session does.
	result func(i int) (bool, error)
	sent   []string // subjects the relay took
}

func (d *fakeDialer) dial(context.Context) (session, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.dialErr != nil {
		return nil, d.dialErr
	}
	return &fakeSession{d: d}, nil
}

type fakeSession struct {
	d *fakeDialer
	n int
}

func (s *fakeSession) send(msg *gomail.Msg) (bool, error) {
	s.d.mu.Lock()
	defer s.d.mu.Unlock()
	ok, err := true, error(nil)
	if s.d.result != nil {
		ok, err = s.d.result(s.n)
	}
	s.n++
	if ok {
		s.d.sent = append(s.d.sent, msg.GetGenHeader(gomail.HeaderSubject)[0])
	}
	return ok, err
}

func (s *fakeSession) close() {}

type fixture struct {
	t     *testing.T
	ctx   context.Context
	store *sqlite.Store
	clock *testclock.Clock
	d     *fakeDialer
	w     *Worker
}

func newFixture(t *testing.T, tweak ...func(*Options)) *fixture {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	f := &fixture{t: t, ctx: ctx, store: st, clock: testclock.New(time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)),
		d: &fakeDialer{}}
	o := Options{Queue: st, Relay: Relay{Host: "relay.example.nhs.uk", Port: 587, TLS: TLSStartTLS},
		From: "ESR Kiosk <no-reply@example.nhs.uk>", Trust: "Example NHS Trust", MaxAttempts: 3,
		Now: f.clock.Now, RandN: func(int64) int64 { return 0 }, dialer: f.d}
	for _, fn := range tweak {
		fn(&o)
	}
	if f.w, err = New(o); err != nil {
		t.Fatal(err)
	}
	return f
}

// queue adds messages to the outbox and returns their ids.
func (f *fixture) queue(subjects ...string) []int64 {
	f.t.Helper()
	var ids []int64
	err := f.store.Tx(f.ctx, func(tx auth.Tx) error {
		for _, s := range subjects {
			m := auth.Message{CreatedAt: f.clock.Now(), Kind: auth.KindResetCode, To: "jane.smith@example.nhs.uk",
				Subject: s, Body: "Hello Jane,\n\nYour code is:\n\nK7Q2-M9XD-4TZP\n\nExample NHS Trust\n"}
			if err := tx.Enqueue(f.ctx, &m); err != nil {
				return err
			}
			ids = append(ids, m.ID)
		}
		return nil
	})
	if err != nil {
		f.t.Fatal(err)
	}
	return ids
}

func (f *fixture) message(id int64) auth.Message {
	f.t.Helper()
	var m auth.Message
	err := f.store.Tx(f.ctx, func(tx auth.Tx) error {
		var err error
		m, err = tx.MessageByID(f.ctx, id)
		return err
	})
	if err != nil {
		f.t.Fatal(err)
	}
	return m
}

func (f *fixture) flush(all bool) []Result {
	f.t.Helper()
	rs, err := f.w.Flush(f.ctx, all)
	if err != nil {
		f.t.Fatal(err)
	}
	return rs
}

func TestWorkerRetriesWithBackoffThenGivesUp(t *testing.T) {
	f := newFixture(t)
	id := f.queue("one")[0]
	f.d.dialErr = errors.New("dial tcp 10.0.0.1:587: connect: connection refused")
	start := f.clock.Now()

	rs := f.flush(false)
	if len(rs) != 1 || rs[0].Err == nil {
		t.Fatalf("results %+v", rs)
	}
	m := f.message(id)
	if m.Status != auth.MessageQueued || m.Attempts != 1 || !strings.Contains(m.LastError, "connection refused") ||
		!m.NextAttemptAt.Equal(start.Add(30*time.Second)) {
		t.Fatalf("after one failure: %+v", m)
	}
	if rs := f.flush(false); len(rs) != 0 {
		t.Fatalf("tried again before its time: %+v", rs)
	}
	f.clock.Advance(30 * time.Second)
	f.flush(false)
	if m = f.message(id); m.Attempts != 2 || !m.NextAttemptAt.Equal(f.clock.Now().Add(time.Minute)) {
		t.Fatalf("the second wait doubles: %+v", m)
	}
	// --all does not wait for the retry time.
	f.flush(true)
	if m = f.message(id); m.Status != auth.MessageDead || m.Attempts != 3 || !m.NextAttemptAt.IsZero() {
		t.Fatalf("after MaxAttempts the message is dead: %+v", m)
	}
	f.d.dialErr = nil
	f.clock.Advance(24 * time.Hour)
	if rs := f.flush(true); len(rs) != 0 || len(f.d.sent) != 0 {
		t.Fatalf("a dead message went: %+v", rs)
	}
}

func TestWorkerConnectionBreaksMidBatch(t *testing.T) {
	f := newFixture(t)
	ids := f.queue("one", "two", "three")
	f.d.result = func(i int) (bool, error) {
		if i == 1 {
			return false, errors.New("write: broken pipe")
		}
		return true, nil
	}
	f.flush(false)
	if m := f.message(ids[0]); m.Status != auth.MessageSent || m.Attempts != 1 {
		t.Fatalf("first: %+v", m)
	}
	if m := f.message(ids[1]); m.Status != auth.MessageQueued || m.Attempts != 1 || m.LastError == "" {
		t.Fatalf("second: %+v", m)
	}
	if m := f.message(ids[2]); m.Status != auth.MessageQueued || m.Attempts != 0 || m.LastError != "" {
		t.Fatalf("third is given back untried: %+v", m)
	}
	f.d.result = nil
	f.flush(false)
	if m := f.message(ids[2]); m.Status != auth.MessageSent {
		t.Fatalf("third goes next time: %+v", m)
	}
	if want := "one three"; strings.Join(f.d.sent, " ") != want {
		t.Fatalf("sent %v, want %s", f.d.sent, want)
	}
}

func TestWorkerDeliveredDespiteLaterError(t *testing.T) {
	f := newFixture(t)
	id := f.queue("one")[0]
	f.d.result = func(int) (bool, error) { return true, errors.New("sending SMTP RESET command: EOF") }
	f.flush(false)
	if m := f.message(id); m.Status != auth.MessageSent {
		t.Fatalf("the relay took it, so it is sent: %+v", m)
	}
}

func TestWorkerBadRecipientIsDead(t *testing.T) {
	f := newFixture(t)
	var id int64
	err := f.store.Tx(f.ctx, func(tx auth.Tx) error {
		m := auth.Message{CreatedAt: f.clock.Now(), Kind: auth.KindResetCode, To: "not an address",
			Subject: "x", Body: "x"}
		err := tx.Enqueue(f.ctx, &m)
		id = m.ID
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	f.flush(false)
	if m := f.message(id); m.Status != auth.MessageDead || m.Attempts != 1 {
		t.Fatalf("an address that cannot be written is given up at once: %+v", m)
	}
}

func TestWorkerRunWakes(t *testing.T) {
	f := newFixture(t, func(o *Options) { o.Poll = time.Hour; o.Now = time.Now })
	ctx, cancel := context.WithCancel(f.ctx)
	done := make(chan struct{})
	go func() { f.w.Run(ctx); close(done) }()
	defer func() {
		cancel()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Error("Run did not return within 10s of its context ending")
		}
	}()
	notified := Notify(f.store, f.w.Wake)
	err := notified.Tx(f.ctx, func(tx auth.Tx) error {
		m := auth.Message{CreatedAt: time.Now(), Kind: auth.KindResetCode, To: "a@example.nhs.uk", Subject: "woken", Body: "x"}
		return tx.Enqueue(f.ctx, &m)
	})
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		f.d.mu.Lock()
		n := len(f.d.sent)
		f.d.mu.Unlock()
		if n == 1 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("Run did not deliver on Wake (the poll is an hour)")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestNotifyWakesAfterCommitOnly(t *testing.T) {
	f := newFixture(t)
	woken := 0
	st := Notify(f.store, func() { woken++ })
	enqueue := func(tx auth.Tx) error {
		m := auth.Message{CreatedAt: f.clock.Now(), Kind: auth.KindResetCode, To: "a@example.nhs.uk", Subject: "s", Body: "b"}
		return tx.Enqueue(f.ctx, &m)
	}
	if err := st.Tx(f.ctx, func(tx auth.Tx) error { _, err := tx.Messages(f.ctx); return err }); err != nil || woken != 0 {
		t.Fatalf("woken %d without mail (%v)", woken, err)
	}
	boom := errors.New("boom")
	if err := st.Tx(f.ctx, func(tx auth.Tx) error { enqueue(tx); return boom }); !errors.Is(err, boom) || woken != 0 {
		t.Fatalf("woken %d by a rolled-back transaction (%v)", woken, err)
	}
	if err := st.Tx(f.ctx, enqueue); err != nil || woken != 1 {
		t.Fatalf("woken %d after queuing (%v)", woken, err)
	}
}

func TestNewRefusesBadOptions(t *testing.T) {
	st, err := sqlite.Open(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for name, o := range map[string]Options{
		"no queue":    {Relay: Relay{Host: "h", TLS: TLSStartTLS}, From: "a@b.c"},
		"bad from":    {Queue: st, Relay: Relay{Host: "h", TLS: TLSStartTLS}, From: "not an address"},
		"no relay":    {Queue: st, From: "a@b.c"},
		"bad mode":    {Queue: st, Relay: Relay{Host: "h", TLS: "ssl"}, From: "a@b.c"},
		"no mode":     {Queue: st, Relay: Relay{Host: "h"}, From: "a@b.c"},
		"starttls ok": {Queue: st, Relay: Relay{Host: "h", TLS: TLSStartTLS}, From: "ESR Kiosk <a@b.c>"},
	} {
		_, err := New(o)
		if (err == nil) != strings.HasSuffix(name, "ok") {
			t.Errorf("%s: %v", name, err)
		}
	}
}
