package smartcard_test

import (
	"context"
	"crypto/rand"
	"crypto/x509"
	"errors"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/smartcard"
	"github.com/wardkiosk/kiosk/smartcard/apdu"
	"github.com/wardkiosk/kiosk/smartcard/certs"
	"github.com/wardkiosk/kiosk/smartcard/issue"
	"github.com/wardkiosk/kiosk/smartcard/piv"
	"github.com/wardkiosk/kiosk/smartcard/tlv"
	"github.com/wardkiosk/kiosk/smartcard/vcard"
)

// inProcess is a virtual card answered in process, with a way to tamper.
type inProcess struct {
	c      *vcard.Card
	tamper func(cmd, resp []byte) []byte
	n      int
}

func (t *inProcess) Transmit(b []byte) ([]byte, error) {
	t.n++
	r := t.c.Process(b)
	if t.tamper != nil {
		r = t.tamper(b, r)
	}
	return r, nil
}

func TestProve(t *testing.T) {
	p := newPKI(t)
	ctx := context.Background()
	a := p.authenticator(t)
	other := newPKI(t)
	old, oldKey, _ := p.ca.Card(issue.Template{CommonName: "Old", NotBefore: time.Now().AddDate(-2, 0, 0), NotAfter: time.Now().AddDate(0, 0, -1)})
	oldCard, _ := vcard.New(old, oldKey, pin, vcard.Options{})
	lost, lostKey, _ := p.ca.Card(issue.Template{CommonName: "Lost"})
	lostCard, _ := vcard.New(lost, lostKey, pin, vcard.Options{})
	crl, _ := p.ca.CRL(time.Now(), lost)
	parsedCRL, _ := x509.ParseRevocationList(crl)
	withCRL, _ := certs.New([]*x509.Certificate{p.ca.Cert}, parsedCRL)
	crlAuth, _ := smartcard.NewAuthenticator(withCRL, nil, nil)

	good, _, _ := p.card(t, "Jane", issue.ECDSAP256, vcard.Options{})
	goodRSA, _, _ := p.card(t, "Amir", issue.RSA2048, vcard.Options{})
	foreign, _, _ := other.card(t, "Mallory", issue.ECDSAP256, vcard.Options{})
	blocked, _, _ := p.card(t, "Blocked", issue.ECDSAP256, vcard.Options{Tries: -1})

	flipSig := func(cmd, resp []byte) []byte {
		if cmd[1] == piv.InsGeneralAuth && len(resp) > 10 {
			resp[len(resp)-3] ^= 1 // inside the signature
		}
		return resp
	}
	notPIV := func(cmd, resp []byte) []byte { return []byte{0x6A, 0x82} }
	garbage := func(cmd, resp []byte) []byte {
		if cmd[1] == piv.InsGetData {
			return append(tlv.Encode(0x53, tlv.Encode(0x70, []byte{1, 2, 3})), 0x90, 0)
		}
		return resp
	}
	noCert := func(cmd, resp []byte) []byte {
		if cmd[1] == piv.InsGetData {
			return []byte{0x6A, 0x82}
		}
		return resp
	}

	for _, tc := range []struct {
		name   string
		a      *smartcard.Authenticator
		card   *vcard.Card
		tamper func(cmd, resp []byte) []byte
		pin    string
		want   error
		cert   bool // the certificate comes back for the audit
	}{
		{"ecdsa", a, good, nil, pin, nil, true},
		{"rsa", a, goodRSA, nil, pin, nil, true},
		{"wrong passcode", a, good, nil, "999999", smartcard.ErrWrongPasscode, true},
		{"passcode format", a, good, nil, "12ab", smartcard.ErrPasscodeFormat, false},
		{"blocked", a, blocked, nil, pin, smartcard.ErrBlocked, true},
		{"bad signature", a, good, flipSig, pin, smartcard.ErrBadSignature, true},
		{"expired", a, oldCard, nil, pin, smartcard.ErrExpired, true},
		{"wrong CA", a, foreign, nil, pin, smartcard.ErrUntrusted, true},
		{"revoked", crlAuth, lostCard, nil, pin, smartcard.ErrRevoked, true},
		{"unknown card", a, good, notPIV, pin, smartcard.ErrNotRecognised, false},
		{"garbled certificate", a, good, garbage, pin, smartcard.ErrNotRecognised, false},
		{"no certificate", a, good, noCert, pin, smartcard.ErrNotRecognised, false},
	} {
		tr := &inProcess{c: tc.card, tamper: tc.tamper}
		cert, err := tc.a.Prove(ctx, tr, tc.pin)
		if tc.want == nil && err != nil || tc.want != nil && !errors.Is(err, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, err, tc.want)
		}
		if (cert != nil) != tc.cert {
			t.Errorf("%s: certificate returned: %v", tc.name, cert != nil)
		}
	}
	// An expired or foreign card costs no try.
	if oldCard.TriesLeft() != vcard.DefaultTries || foreign.TriesLeft() != vcard.DefaultTries {
		t.Fatal("a card that cannot sign in lost a try")
	}
	// A wrong passcode says how many tries are left.
	a.Prove(ctx, &inProcess{c: good}, "999999")
	_, err := a.Prove(ctx, &inProcess{c: good}, "999999")
	var pe *smartcard.PasscodeError
	if !errors.As(err, &pe) || pe.Left != 1 || pe.Error() != "the passcode is not right: 1 try left before the card is blocked" {
		t.Fatalf("%v", err)
	}
}

// TestProveFresh: every sign-in signs a new challenge.
func TestProveFresh(t *testing.T) {
	p := newPKI(t)
	card, _, _ := p.card(t, "Jane", issue.ECDSAP256, vcard.Options{})
	var seen [][]byte
	rec := func(cmd, resp []byte) []byte {
		if cmd[1] == piv.InsGeneralAuth {
			c, _ := apdu.ParseCommand(cmd)
			seen = append(seen, c.Data)
		}
		return resp
	}
	a, _ := smartcard.NewAuthenticator(p.trust, nil, rand.Reader)
	for range 2 {
		if _, err := a.Prove(context.Background(), &inProcess{c: card, tamper: rec}, pin); err != nil {
			t.Fatal(err)
		}
	}
	if len(seen) != 2 || string(seen[0]) == string(seen[1]) {
		t.Fatal("the challenge repeated")
	}
}
