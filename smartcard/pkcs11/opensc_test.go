package pkcs11

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/x509"
	"errors"
	"testing"
	"time"

	"github.com/ebfe/scard"
	p11 "github.com/miekg/pkcs11"

	"github.com/wardkiosk/kiosk/smartcard/issue"
	"github.com/wardkiosk/kiosk/smartcard/pcsctest"
	"github.com/wardkiosk/kiosk/smartcard/vcard"
)

// openSC is the project's virtual PIV card in a vpcd reader of a private
// pcscd, reached through OpenSC's module: somebody else's middleware.
type openSC struct {
	t      testing.TB
	d      *pcsctest.Daemon
	m      *Module
	ca     *issue.Authority
	reader string
}

func newOpenSC(t testing.TB) *openSC {
	t.Helper()
	pcsctest.RequireOpenSC(t)
	d := pcsctest.Start(t) // sets PCSCLITE_CSOCK_NAME, which the probe child inherits
	m, err := Load(context.Background(), pcsctest.OpenSCModule)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	ca, err := issue.NewCA(rand.Reader, "Test Trust Card CA", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return &openSC{t: t, d: d, m: m, ca: ca, reader: pcsctest.Readers[0]}
}

// card makes a virtual card with a fresh key of kind kt.
func (o *openSC) card(kt issue.KeyType, opts vcard.Options) (*vcard.Card, *x509.Certificate, crypto.Signer) {
	o.t.Helper()
	cert, key, err := o.ca.Card(issue.Template{CommonName: "Jane Smith", Key: kt})
	if err != nil {
		o.t.Fatal(err)
	}
	c, err := vcard.New(cert, key, testPIN, opts)
	if err != nil {
		o.t.Fatal(err)
	}
	return c, cert, key
}

// insert puts the card in the first reader, waits until PC/SC reports it
// (as the kiosk's monitor does before a sign-in), then until the module
// shows its certificate.
func (o *openSC) insert(c *vcard.Card, want *x509.Certificate) *vcard.Link {
	o.t.Helper()
	l, err := vcard.Insert(context.Background(), o.d.Addr(0), c, vcard.Hooks{})
	if err != nil {
		o.t.Fatal(err)
	}
	o.t.Cleanup(func() { l.Remove() })
	o.waitCard(true)
	deadline := time.Now().Add(10 * time.Second)
	for {
		cert, err := o.m.Certificate(bounded(o.t), o.reader)
		if err == nil && cert.Equal(want) {
			return l
		}
		if time.Now().After(deadline) {
			o.t.Fatalf("the module does not show the card's certificate: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// remove pulls the card and waits until pcscd has seen it go, which a real
// reader reports at once but vpcd only at pcscd's next poll (400 ms). In
// between, OpenSC 0.23 still thinks the card is there, its commands fail
// in transmission, and on that path sc_unlock returns with the card's
// mutex held: the next call into the module (C_GetTokenInfo here) waits
// on it for ever. A card put back in that window does the same.
func (o *openSC) remove(l *vcard.Link) {
	o.t.Helper()
	l.Remove()
	o.waitCard(false)
}

// waitCard waits until pcscd reports a card in the reader, or none.
func (o *openSC) waitCard(present bool) {
	o.t.Helper()
	pc, err := scard.EstablishContext()
	if err != nil {
		o.t.Fatal(err)
	}
	defer pc.Release()
	st := []scard.ReaderState{{Reader: o.reader, CurrentState: scard.StateUnaware}}
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if err := pc.GetStatusChange(st, time.Second); err != nil && !errors.Is(err, scard.ErrTimeout) {
			o.t.Fatal(err)
		}
		if (st[0].EventState&scard.StatePresent != 0) == present {
			return
		}
		st[0].CurrentState = st[0].EventState
	}
	o.t.Fatalf("pcscd does not report the card present=%v", present)
}

// bounded is a context for one call into a module in a test: a hang
// fails the test instead of stalling it.
func bounded(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// TestOpenSCSign signs in with P-256 and RSA 2048 cards through OpenSC.
func TestOpenSCSign(t *testing.T) {
	o := newOpenSC(t)
	slots, err := o.m.Slots(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(slots) == 0 || slots[0].Description != o.reader {
		t.Fatalf("slots %+v", slots)
	}
	for _, kt := range []issue.KeyType{issue.ECDSAP256, issue.RSA2048} {
		card, cert, _ := o.card(kt, vcard.Options{})
		l := o.insert(card, cert)
		ch := challenge(t)
		got, sig, err := o.m.Sign(bounded(t), o.reader, testPIN, nil, ch)
		if err != nil {
			t.Fatalf("key %d: %v", kt, err)
		}
		if !got.Equal(cert) {
			t.Fatal("another certificate")
		}
		verify(t, cert.PublicKey, ch, sig, false)
		if card.TriesLeft() != vcard.DefaultTries {
			t.Fatalf("tries left %d", card.TriesLeft())
		}
		o.remove(l)
	}
}

// TestOpenSCWrongPIN: wrong PINs give the token's flags, then lock it;
// a locked token is refused before any login.
func TestOpenSCWrongPIN(t *testing.T) {
	o := newOpenSC(t)
	card, cert, _ := o.card(issue.ECDSAP256, vcard.Options{})
	o.insert(card, cert)
	sign := func(pin string) error {
		_, _, err := o.m.Sign(bounded(t), o.reader, pin, nil, challenge(t))
		return err
	}
	var pe *PINError
	if err := sign("000000"); !errors.As(err, &pe) || pe.FinalTry {
		t.Fatalf("first wrong PIN: %v", err)
	}
	t.Logf("first: %+v", *pe)
	if err := sign("000000"); !errors.As(err, &pe) || !pe.FinalTry {
		t.Fatalf("second wrong PIN: %v", err)
	}
	if s, err := o.m.PIN(bounded(t), o.reader); err != nil || !s.FinalTry {
		t.Fatalf("PIN status %+v %v", s, err)
	}
	err := sign("000000")
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("third wrong PIN: %v", err)
	}
	t.Logf("third: %v", err)
	if card.TriesLeft() != 0 {
		t.Fatalf("tries left %d", card.TriesLeft())
	}
	// The right PIN no longer helps, and is not even tried: the token's
	// flag says locked before any C_Login (whose answer would carry
	// CKR_PIN_LOCKED).
	err = sign(testPIN)
	var code p11.Error
	if !errors.Is(err, ErrLocked) || errors.As(err, &code) {
		t.Fatalf("right PIN on a locked card: %v", err)
	}
	if s, err := o.m.PIN(bounded(t), o.reader); err != nil || !s.Locked {
		t.Fatalf("PIN status %+v %v", s, err)
	}
}

// TestOpenSCRemoved pulls the card in the middle of a sign-in, after the
// session is open and before the login: ErrRemoved, and the next card in
// the reader signs in. It waits for pcscd to see the card go, as a real
// reader reports it at once: see remove for what vpcd's slower poll does.
func TestOpenSCRemoved(t *testing.T) {
	o := newOpenSC(t)
	card, cert, _ := o.card(issue.ECDSAP256, vcard.Options{})
	l := o.insert(card, cert)
	_, _, err := o.m.Sign(bounded(t), o.reader, testPIN, func(*x509.Certificate) error {
		o.remove(l)
		return nil
	}, challenge(t))
	if !errors.Is(err, ErrRemoved) {
		t.Fatalf("got %v", err)
	}
	t.Logf("removed: %v", err)
	if card.TriesLeft() != vcard.DefaultTries {
		t.Fatalf("tries left %d", card.TriesLeft())
	}
	o.insert(card, cert)
	ch := challenge(t)
	if _, sig, err := o.m.Sign(bounded(t), o.reader, testPIN, nil, ch); err != nil {
		t.Fatalf("after re-insert: %v", err)
	} else {
		verify(t, cert.PublicKey, ch, sig, false)
	}
}
