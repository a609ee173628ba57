package server

import (
	"context"
	"crypto/x509"
	"errors"
	"time"

	"github.com/wardkiosk/kiosk/auth"
	"github.com/wardkiosk/kiosk/sanitize"
	"github.com/wardkiosk/kiosk/smartcard"
	"github.com/wardkiosk/kiosk/smartcard/certs"
)

// proof is a card sign-in proved at a client kiosk, as the auth core's
// CardProver: the card there signed the service's challenge after its
// holder's passcode unlocked it, and the service checks the rest.
type proof struct {
	svc         *auth.Service
	terminal    string
	trust       *certs.Trust
	now         func() time.Time
	challenge   []byte
	certificate []byte // DER
	signature   []byte
	failure     string // what the card said when it refused, at the kiosk
}

// maxFailure bounds what a kiosk may report of a card's refusal.
const maxFailure = 120

// refusedAtKiosk is a card's refusal at the kiosk, reported for the audit.
// Staff there were told by their kiosk; the service answers as to a
// signature it cannot accept.
type refusedAtKiosk struct{ what string }

func (e refusedAtKiosk) Error() string { return "refused at the kiosk: " + e.what }

func (e refusedAtKiosk) Is(target error) bool { return target == smartcard.ErrBadSignature }

// Prove uses up the challenge first, so that even a malformed sign-in
// cannot present it again, then checks the certificate (key, chain, dates,
// CRL) and the signature. The passcode never leaves the kiosk.
func (p proof) Prove(ctx context.Context, _ string) (*x509.Certificate, error) {
	cert, perr := x509.ParseCertificate(p.certificate)
	if perr != nil {
		cert = nil
	}
	if err := p.svc.TakeChallenge(ctx, p.terminal, p.challenge); err != nil {
		if errors.Is(err, auth.ErrChallenge) {
			return cert, smartcard.ErrBadSignature
		}
		return cert, err
	}
	if cert == nil {
		return nil, smartcard.ErrNotRecognised
	}
	if p.failure != "" {
		what := []rune(sanitize.Line(p.failure))
		return cert, refusedAtKiosk{string(what[:min(len(what), maxFailure)])}
	}
	if err := certs.CheckKey(cert); err != nil {
		return cert, err
	}
	if err := p.trust.Check(cert, p.now()); err != nil {
		return cert, err
	}
	if err := smartcard.VerifyChallenge(cert.PublicKey, p.challenge, p.signature); err != nil {
		return cert, err
	}
	return cert, ctx.Err()
}
