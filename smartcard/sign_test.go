package smartcard_test

import (
	"context"
	"crypto/rand"
	"errors"
	"testing"
	"time"

	"github.com/wardkiosk/kiosk/smartcard"
	"github.com/wardkiosk/kiosk/smartcard/issue"
	"github.com/wardkiosk/kiosk/smartcard/pcsctest"
	"github.com/wardkiosk/kiosk/smartcard/vcard"
)

// TestSign: the card signs the challenge it is given (the service's), and
// the signature verifies with its certificate's key against that
// challenge only; ECDSA and RSA alike.
func TestSign(t *testing.T) {
	p := newPKI(t)
	ctx := context.Background()
	challenge := make([]byte, 32)
	rand.Read(challenge)
	for _, kt := range []issue.KeyType{issue.ECDSAP256, issue.RSA2048} {
		card, want, _ := p.card(t, "Jane", kt, vcard.Options{})
		for _, s := range []*smartcard.Signer{smartcard.NewSigner(nil, nil), smartcard.NewSigner(p.trust, nil)} {
			cert, sig, err := s.Sign(ctx, &inProcess{c: card}, pin, challenge)
			if err != nil {
				t.Fatalf("key %d: %v", kt, err)
			}
			if !cert.Equal(want) {
				t.Fatal("another certificate")
			}
			if err := smartcard.VerifyChallenge(cert.PublicKey, challenge, sig); err != nil {
				t.Fatalf("key %d: the service would refuse the signature: %v", kt, err)
			}
			other := append([]byte{}, challenge...)
			other[0] ^= 1
			if err := smartcard.VerifyChallenge(cert.PublicKey, other, sig); !errors.Is(err, smartcard.ErrBadSignature) {
				t.Fatalf("key %d: the signature passes for another challenge: %v", kt, err)
			}
		}
	}
}

// TestSignRefusals: a wrong passcode says the tries left; with the
// kiosk's trust, a foreign card is refused before its passcode costs a
// try; with none, the service is left to refuse it.
func TestSignRefusals(t *testing.T) {
	p := newPKI(t)
	ctx := context.Background()
	challenge := []byte("the service's challenge, 32 byte")
	good, _, _ := p.card(t, "Jane", issue.ECDSAP256, vcard.Options{})
	_, sig, err := smartcard.NewSigner(nil, nil).Sign(ctx, &inProcess{c: good}, "999999", challenge)
	var pe *smartcard.PasscodeError
	if !errors.As(err, &pe) || pe.Left != vcard.DefaultTries-1 || sig != nil {
		t.Fatalf("wrong passcode: %v, signature %x", err, sig)
	}
	if _, _, err := smartcard.NewSigner(nil, nil).Sign(ctx, &inProcess{c: good}, pin, nil); err == nil {
		t.Fatal("signed no challenge")
	}

	foreign, _, _ := newPKI(t).card(t, "Mallory", issue.ECDSAP256, vcard.Options{})
	if _, _, err := smartcard.NewSigner(p.trust, nil).Sign(ctx, &inProcess{c: foreign}, "999999", challenge); !errors.Is(err, smartcard.ErrUntrusted) {
		t.Fatalf("foreign card with the kiosk's trust: %v", err)
	}
	if foreign.TriesLeft() != vcard.DefaultTries {
		t.Fatal("a foreign card lost a try")
	}
	if _, _, err := smartcard.NewSigner(nil, nil).Sign(ctx, &inProcess{c: foreign}, pin, challenge); err != nil {
		t.Fatalf("without the kiosk's trust the card signs, for the service to refuse: %v", err)
	}
}

// TestSignChallengeThroughPcscd signs a given challenge with the virtual
// card through the real daemon and vpcd.
func TestSignChallengeThroughPcscd(t *testing.T) {
	d := pcsctest.Start(t)
	p := newPKI(t)
	ctx := context.Background()
	m := smartcard.StartMonitor(ctx, smartcard.MonitorOptions{})
	defer m.Close()
	card, want, _ := p.card(t, "Jane Smith", issue.RSA2048, vcard.Options{})
	insert(t, d.Addr(0), card)
	ev := next(t, m, smartcard.CardInserted, 5*time.Second)
	challenge := []byte("a challenge from the service, 32")
	cert, sig, err := smartcard.NewSigner(p.trust, nil).SignChallenge(ctx, ev.Reader, pin, challenge)
	if err != nil {
		t.Fatal(err)
	}
	if !cert.Equal(want) || smartcard.VerifyChallenge(cert.PublicKey, challenge, sig) != nil {
		t.Fatal("the signature does not verify for the challenge given")
	}
	_, _, err = smartcard.NewSigner(p.trust, nil).SignChallenge(ctx, ev.Reader, "000000", challenge)
	var pe *smartcard.PasscodeError
	if !errors.As(err, &pe) {
		t.Fatalf("wrong passcode: %v", err)
	}
}
