package mail_test

import (
	"context"
	"net"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/auth"
	kmail "github.com/wardkiosk/kiosk/mail"
	"github.com/wardkiosk/kiosk/mail/mailtest"
)

// hangingRelay accepts connections and never says a word, like a relay
// behind a broken firewall; it holds them until the test ends.
func hangingRelay(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var held []net.Conn
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			held = append(held, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		l.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range held {
			c.Close()
		}
	})
	return l.Addr().(*net.TCPAddr).Port
}

// Staff see the same answer in the same time whether the relay is up,
// down, or hanging: the request only queues the mail, and the worker that
// talks to the relay never holds the database.
//
// Three workers run beside the requests on a machine that may be busy, so
// a busy spell can slow any one answer: 15 rounds, and the relays are
// compared on the lower quartile of their answers, which a few slow ones
// do not move, where a relay that held the request up would.
func TestForgotPasswordTimingIndependentOfSMTP(t *testing.T) {
	const floor = 200 * time.Millisecond
	srv := mailtest.Start(t, mailtest.Options{})
	relays := map[string]kmail.Relay{
		"up":      clearRelay(srv),
		"down":    {Host: "127.0.0.1", Port: mailtest.FreePort(t), TLS: kmail.TLSNone},
		"hanging": {Host: "127.0.0.1", Port: hangingRelay(t), TLS: kmail.TLSNone, Timeout: 3 * time.Second},
	}
	type setup struct {
		k *kiosk
		u auth.User
	}
	kiosks := map[string]setup{}
	for name, relay := range relays {
		k := openKiosk(t, "", func(o *auth.Options) {
			o.AssistanceFloor = floor
			o.Sleep = nil // the real wait
		})
		k.newWorker(relay, func(o *kmail.Options) { o.Backoff = 50 * time.Millisecond })
		k.run()
		kiosks[name] = setup{k, k.jane()}
	}

	durations := map[string][]time.Duration{}
	names := []string{"up", "down", "hanging"}
	const rounds = 15
	for i := range rounds {
		for j := range names {
			name := names[(i+j)%len(names)] // rotate the order
			s := kiosks[name]
			start := time.Now()
			if err := s.k.svc.ForgotPassword(context.Background(), "WARD7-T1", s.u.Username, s.u.Email); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			durations[name] = append(durations[name], time.Since(start))
		}
	}

	quartiles := map[string]time.Duration{}
	for name, ds := range durations {
		slices.Sort(ds)
		quartiles[name] = ds[len(ds)/4]
		if ds[0] < floor {
			t.Errorf("%s: an answer took %s, under the %s floor", name, ds[0], floor)
		}
	}
	t.Logf("lower quartiles: up %s, down %s, hanging %s", quartiles["up"], quartiles["down"], quartiles["hanging"])
	for _, name := range names[1:] {
		if d := (quartiles[name] - quartiles["up"]).Abs(); d > floor/10 {
			t.Errorf("relay %s: lower quartile %s vs %s with the relay up (%s apart)", name, quartiles[name], quartiles["up"], d)
		}
	}

	// The relays were really exercised meanwhile.
	up := kiosks["up"].k
	up.waitFor(up.messages()[0].ID, 5*time.Second, func(m auth.Message) bool { return m.Status == auth.MessageSent })
	for _, name := range []string{"down", "hanging"} {
		k := kiosks[name].k
		k.waitFor(k.messages()[0].ID, 10*time.Second, func(m auth.Message) bool { return m.Attempts > 0 || m.LastError != "" })
		for _, m := range k.messages() {
			if m.Status == auth.MessageSent {
				t.Fatalf("relay %s delivered", name)
			}
		}
	}
}
