package smartcard_test

import (
	"context"
	"errors"
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
