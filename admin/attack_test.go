package admin

import (
	"context"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/internal/flood"
)

// Connections that never authenticate cannot keep a maintainer out: three
// addresses, each within the rate of new connections, once held every
// place for the 20 s handshake and maintainers got "Connection reset".
func TestFloodKeepsNoMaintainerOut(t *testing.T) {
	f := newFixture(t, func(o *Options) {
		o.MaxSessions, o.ConnectionsPerMinute, o.HandshakeTimeout = 16, 20, 0 // the defaults
	})
	if f.srv.o.HandshakeTimeout > 10*time.Second || f.srv.o.MaxPending >= f.srv.o.MaxSessions {
		t.Errorf("handshake timeout %v, %d pending places beside %d", f.srv.o.HandshakeTimeout,
			f.srv.o.MaxPending, f.srv.o.MaxSessions)
	}
	fl := flood.Start(f.addr, []string{"127.0.0.2", "127.0.0.3", "127.0.0.4"}, 20)
	defer fl.Stop()
	// Wait until the flood has spent its budget and holds what it can.
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(f.logs.String(), "too many connections from this address") && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if f.srv.limit.Pending() == 0 {
		t.Fatal("the flood holds no connection")
	}
	for i := range 5 {
		c, err := f.dial(gossh.PublicKeys(f.alice))
		if err != nil {
			t.Fatalf("maintainer's connection %d during the flood: %v", i+1, err)
		}
		if out, _, code := f.run(c, "", "version"); code != 0 || out != "kiosk test\n" {
			t.Errorf("version during the flood: exit %d, %q", code, out)
		}
		c.Close()
	}
	if p := f.srv.limit.Pending(); p > f.srv.o.MaxPending {
		t.Errorf("%d connections pending, more than %d", p, f.srv.o.MaxPending)
	}
}

// Every key a client offers counts towards its tries: the library alone
// let five unknown keys be queried before the right one.
func TestKeyTriesCounted(t *testing.T) {
	f := newFixture(t)
	unknown := func(n int) []gossh.Signer {
		var s []gossh.Signer
		for range n {
			k, _ := newSigner(t, "mallory")
			s = append(s, k)
		}
		return s
	}
	for _, tc := range []struct {
		unknown int
		in      bool
	}{{0, true}, {2, true}, {3, false}, {5, false}} {
		c, err := f.dial(gossh.PublicKeys(append(unknown(tc.unknown), f.alice)...))
		if c != nil {
			c.Close()
		}
		if (err == nil) != tc.in {
			t.Errorf("%d unknown keys before the right one: got in %v, want %v (%v)", tc.unknown, err == nil, tc.in, err)
		}
	}
	if !strings.Contains(f.logs.String(), "too many keys offered") {
		t.Errorf("logs:\n%s", f.logs.String())
	}
}

// Removing a key from the file ends its maintainer's open console,
// command and connection within seconds, and the audit says so.
func TestRemovedKeyEndsSessions(t *testing.T) {
	f := newFixture(t)
	_, bobLine := newSigner(t, "bob")
	f.writeKeys(f.aliceLine(), bobLine)
	c := f.client()
	con := f.console(c, "xterm", 80, 24)
	con.WaitFor("Latest audit events")

	s := f.waitingCommand(c, 2)
	idle := f.client() // a connection with no session at all

	start := time.Now()
	f.writeKeys(bobLine)
	con.Closed()
	if !strings.Contains(con.Raw(), "Your key was removed from the authorised keys") {
		t.Errorf("no reason given on the console:\n%q", con.Raw())
	}
	waited := make(chan error, 1)
	go func() { waited <- s.Wait() }()
	select {
	case err := <-waited:
		if err == nil {
			t.Error("the command cut off reported success")
		}
	case <-time.After(5 * time.Second):
		t.Error("the command of a removed key still runs")
	}
	idleDone := make(chan error, 1)
	go func() { idleDone <- idle.Wait() }()
	select {
	case <-idleDone:
	case <-time.After(5 * time.Second):
		t.Error("the idle connection of a removed key is still open")
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("ended after %v", d)
	}
	fp := gossh.FingerprintSHA256(f.alice.PublicKey())
	evs, err := f.kiosk.Auth.AuditEvents(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range evs {
		if e.Action == auth.ActMaintainerKeyRemoved && e.Actor == "maintainer:alice ("+fp+")" && e.Terminal == "ssh:127.0.0.1" {
			n++
		}
	}
	if n != 2 { // one a connection
		t.Errorf("%d audit events for the removed key; events: %+v", n, evs)
	}
	if !strings.Contains(f.logs.String(), "ssh key removed: connection closed") {
		t.Errorf("logs:\n%s", f.logs.String())
	}
}

// With the default grace, the server stops within 5 s of being told to
// (SIGTERM for `kiosk serve`) whatever its sessions do: here a command
// waits for stdin that never comes, beside an open console.
func TestShutdownWithinFiveSeconds(t *testing.T) {
	f := newFixture(t)
	c := f.client()
	con := f.console(c, "xterm", 80, 24)
	con.WaitFor("Latest audit events")
	f.waitingCommand(c, 2)
	start := time.Now()
	f.shutdown()
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("shutdown took %v", d)
	}
}
