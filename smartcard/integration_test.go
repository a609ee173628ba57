package smartcard_test

import (
	"context"
	"crypto/x509"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/smartcard"
	"github.com/wardkiosk/kiosk/smartcard/issue"
	"github.com/wardkiosk/kiosk/smartcard/pcsctest"
	"github.com/wardkiosk/kiosk/smartcard/vcard"
)

// TestThroughPcscd runs the card through the real daemon: the monitor sees
// it inserted, the passcode signs in, removal is reported.
func TestThroughPcscd(t *testing.T) {
	d := pcsctest.Start(t)
	p := newPKI(t)
	ctx := context.Background()
	m := smartcard.StartMonitor(ctx, smartcard.MonitorOptions{})
	defer m.Close()
	next(t, m, smartcard.ServiceUp, 5*time.Second)
	next(t, m, smartcard.ReaderAdded, 5*time.Second)

	for _, kt := range []issue.KeyType{issue.ECDSAP256, issue.RSA2048} {
		card, cert, _ := p.card(t, "Jane Smith", kt, vcard.Options{})
		l := insert(t, d.Addr(0), card)
		ev := next(t, m, smartcard.CardInserted, 5*time.Second)
		if ev.Reader != pcsctest.Readers[0] {
			t.Fatalf("inserted into %q", ev.Reader)
		}
		got, err := p.authenticator(t).Authenticate(ctx, ev.Reader, pin)
		if err != nil {
			t.Fatalf("key %d: %v", kt, err)
		}
		if !got.Equal(cert) {
			t.Fatal("another certificate")
		}
		_, err = p.authenticator(t).Authenticate(ctx, ev.Reader, "000000")
		var pe *smartcard.PasscodeError
		if !errors.As(err, &pe) || pe.Left != vcard.DefaultTries-1 || !errors.Is(err, smartcard.ErrWrongPasscode) {
			t.Fatalf("wrong passcode: %v", err)
		}
		l.Remove()
		next(t, m, smartcard.CardRemoved, 5*time.Second)
	}
}

// TestSignIn goes insert -> passcode -> signed in through the auth core,
// then a wrong passcode, then removal after sign-in.
func TestSignIn(t *testing.T) {
	d := pcsctest.Start(t)
	p := newPKI(t)
	k := newKiosk(t)
	ctx := context.Background()
	card, cert, _ := p.card(t, "Jane Smith", issue.ECDSAP256, vcard.Options{})
	k.enrol(t, cert)
	m := smartcard.StartMonitor(ctx, smartcard.MonitorOptions{})
	defer m.Close()
	l := insert(t, d.Addr(0), card)
	ev := next(t, m, smartcard.CardInserted, 5*time.Second)
	a := p.authenticator(t)

	_, err := k.svc.CardLogin(ctx, "T1", a.Reader(ev.Reader), "654321")
	var pe *smartcard.PasscodeError
	if !errors.As(err, &pe) || pe.Left != 2 {
		t.Fatalf("wrong passcode: %v", err)
	}
	sess, err := k.svc.CardLogin(ctx, "T1", a.Reader(ev.Reader), pin)
	if err != nil {
		t.Fatal(err)
	}
	if sess.Method != "smartcard" || sess.User.ID != k.jane.ID {
		t.Fatalf("session %+v", sess)
	}
	if card.TriesLeft() != vcard.DefaultTries {
		t.Fatalf("tries not reset: %d", card.TriesLeft())
	}
	l.Remove()
	if ev := next(t, m, smartcard.CardRemoved, 5*time.Second); ev.Reader != pcsctest.Readers[0] || ev.ServiceLost {
		t.Fatalf("removed: %+v", ev)
	}
	if err := k.svc.CardRemoved(ctx, sess, "logout"); err != nil {
		t.Fatal(err)
	}
	evs, _ := k.svc.AuditEvents(ctx, 0)
	var got []string
	for _, e := range evs {
		got = append(got, e.Action)
	}
	want := []string{"user.created", "card.enrolled", "card.login-failed", "login.ok", "card.removed"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("audit %v, want %v", got, want)
	}
}

// TestBlockedCard: the last wrong passcode blocks the card; after that the
// right one is refused too.
func TestBlockedCard(t *testing.T) {
	d := pcsctest.Start(t)
	p := newPKI(t)
	ctx := context.Background()
	card, _, _ := p.card(t, "Jane Smith", issue.RSA2048, vcard.Options{Tries: 1})
	m := smartcard.StartMonitor(ctx, smartcard.MonitorOptions{})
	defer m.Close()
	insert(t, d.Addr(0), card)
	ev := next(t, m, smartcard.CardInserted, 5*time.Second)
	a := p.authenticator(t)
	if _, err := a.Authenticate(ctx, ev.Reader, "111111"); !errors.Is(err, smartcard.ErrBlocked) {
		t.Fatalf("last try: %v", err)
	}
	if _, err := a.Authenticate(ctx, ev.Reader, pin); !errors.Is(err, smartcard.ErrBlocked) {
		t.Fatalf("right passcode on a blocked card: %v", err)
	}
}

// TestRemovedDuringPasscode: the card leaves while the holder types; the
// monitor says so and a late submit finds no card.
func TestRemovedDuringPasscode(t *testing.T) {
	d := pcsctest.Start(t)
	p := newPKI(t)
	ctx := context.Background()
	card, _, _ := p.card(t, "Jane Smith", issue.ECDSAP256, vcard.Options{})
	m := smartcard.StartMonitor(ctx, smartcard.MonitorOptions{})
	defer m.Close()
	l := insert(t, d.Addr(0), card)
	ev := next(t, m, smartcard.CardInserted, 5*time.Second)
	l.Remove()
	next(t, m, smartcard.CardRemoved, 5*time.Second)
	_, err := p.authenticator(t).Authenticate(ctx, ev.Reader, pin)
	if !errors.Is(err, smartcard.ErrNoCard) && !errors.Is(err, smartcard.ErrCardRemoved) {
		t.Fatalf("submit after removal: %v", err)
	}
	if card.TriesLeft() != vcard.DefaultTries {
		t.Fatal("a try was spent")
	}
}

// TestPcscdRestart kills pcscd under a running monitor and starts it again:
// the monitor reports the loss and recovers by itself.
func TestPcscdRestart(t *testing.T) {
	d := pcsctest.Start(t)
	p := newPKI(t)
	ctx := context.Background()
	card, _, _ := p.card(t, "Jane Smith", issue.ECDSAP256, vcard.Options{})
	m := smartcard.StartMonitor(ctx, smartcard.MonitorOptions{MinBackoff: 20 * time.Millisecond, MaxBackoff: 200 * time.Millisecond})
	defer m.Close()
	next(t, m, smartcard.ServiceUp, 5*time.Second)
	l := insert(t, d.Addr(0), card)
	next(t, m, smartcard.CardInserted, 5*time.Second)

	d.Kill()
	if ev := next(t, m, smartcard.CardRemoved, 5*time.Second); !ev.ServiceLost {
		t.Fatalf("card removed without ServiceLost: %+v", ev)
	}
	down := next(t, m, smartcard.ServiceDown, 5*time.Second)
	if down.Err == nil {
		t.Fatal("service down without a reason")
	}
	if s := m.State(); s.Service || len(s.Readers) != 0 || s.String() != "service not running" {
		t.Fatalf("state while down: %+v", s)
	}
	select { // vpcd went with pcscd
	case <-l.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("vpcd still running 10s after pcscd was killed")
	}

	d.Restart()
	next(t, m, smartcard.ServiceUp, 10*time.Second)
	next(t, m, smartcard.ReaderAdded, 5*time.Second)
	insert(t, d.Addr(0), card)
	ev := next(t, m, smartcard.CardInserted, 5*time.Second)
	if _, err := p.authenticator(t).Authenticate(ctx, ev.Reader, pin); err != nil {
		t.Fatalf("after restart: %v", err)
	}
}

// TestTwoReaders puts a card in each of two readers and pulls one.
func TestTwoReaders(t *testing.T) {
	d := pcsctest.Start(t)
	p := newPKI(t)
	ctx := context.Background()
	jane, janeCert, _ := p.card(t, "Jane Smith", issue.ECDSAP256, vcard.Options{})
	amir, amirCert, _ := p.card(t, "Amir Khan", issue.RSA2048, vcard.Options{})
	m := smartcard.StartMonitor(ctx, smartcard.MonitorOptions{})
	defer m.Close()
	next(t, m, smartcard.ServiceUp, 5*time.Second)
	insert(t, d.Addr(0), jane)
	l := insert(t, d.Addr(1), amir)
	seen := map[string]bool{}
	for range 2 {
		seen[next(t, m, smartcard.CardInserted, 5*time.Second).Reader] = true
	}
	if !seen[pcsctest.Readers[0]] || !seen[pcsctest.Readers[1]] {
		t.Fatalf("inserted into %v", seen)
	}
	a := p.authenticator(t)
	for i, want := range []*x509.Certificate{janeCert, amirCert} {
		got, err := a.Authenticate(ctx, pcsctest.Readers[i], pin)
		if err != nil || !got.Equal(want) {
			t.Fatalf("reader %d: %v", i, err)
		}
	}
	l.Remove()
	if ev := next(t, m, smartcard.CardRemoved, 5*time.Second); ev.Reader != pcsctest.Readers[1] {
		t.Fatalf("removed from %q", ev.Reader)
	}
	s := m.State()
	if len(s.Readers) != 2 || !s.Readers[0].Card || s.Readers[1].Card {
		t.Fatalf("state %+v", s)
	}
}
